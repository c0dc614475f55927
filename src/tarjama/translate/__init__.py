"""Translation engines by name: `provided` reads bt from the data; `hf` and `ct2` run a
sequence-to-sequence model; `openai` asks an OpenAI-compatible chat-completions server."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tarjama.registry import Registry

if TYPE_CHECKING:
    from tarjama.translate.base import Translator

ENGINES: Registry[type[Translator]] = Registry("translation engine")
ENGINES.register("provided", "tarjama.translate.provided:ProvidedEngine")
ENGINES.register("hf", "tarjama.translate.hf:HfEngine")
ENGINES.register("ct2", "tarjama.translate.ct2:Ct2Engine")
ENGINES.register("openai", "tarjama.translate.openai_chat:OpenAIEngine")
