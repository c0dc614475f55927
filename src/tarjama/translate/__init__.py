"""Back-translation engines by name: `provided` reads bt from the data, `hf` translates mt."""

from __future__ import annotations

from tarjama.registry import Registry

ENGINES: Registry = Registry("back-translation engine")
ENGINES.register("provided", "tarjama.translate.provided:ProvidedEngine")
ENGINES.register("hf", "tarjama.translate.hf:HfEngine")
