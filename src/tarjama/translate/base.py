"""The translator interface every engine implements, for back-translation and for the system.

One engine class serves two roles: `backtranslation` reads `mt` (the target language) and
writes `bt` (the source language); `system` is the system under test, reading `src` and
writing `mt`. The role decides the languages and the suite section that errors name.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar, Literal

from tarjama.config import EngineConfig
from tarjama.context import RunContext

Role = Literal["backtranslation", "system"]


class Translator(ABC):
    """Translates texts from `reads` into `writes`; describes itself for signatures."""

    name: str
    roles: ClassVar[frozenset[str]] = frozenset({"backtranslation", "system"})
    """The roles the engine can take (`provided` only passes a bt through)."""
    settings: ClassVar[frozenset[str]] = frozenset()
    """The suite settings this engine reads besides `engine` and `model` (a setting it does
    not read is a configuration error, not silently ignored)."""

    def __init__(
        self,
        config: EngineConfig,
        context: RunContext | None = None,
        *,
        role: Role = "backtranslation",
    ) -> None:
        self.config = config
        self.context = context if context is not None else RunContext()
        self.role = role

    @property
    def reads(self) -> str:
        """The language of the texts this engine translates (ISO 639-1)."""
        context = self.context
        return context.tgt_lang if self.role == "backtranslation" else context.src_lang

    @property
    def writes(self) -> str:
        """The language of its translations (ISO 639-1)."""
        context = self.context
        return context.src_lang if self.role == "backtranslation" else context.tgt_lang

    @property
    def provides_text(self) -> bool:
        """False for engines that only pass through a bt that is already in the data."""
        return True

    def check_ready(self) -> None:
        """Raise now what translating would raise later for want of a model or a setting
        (runs before any work; loads no weights)."""

    @abstractmethod
    def translate(self, texts: Sequence[str]) -> list[str]:
        """Translations of `texts`, in the same order."""

    @abstractmethod
    def describe(self) -> dict[str, Any]:
        """Engine, model id, revision or weights hash, and generation settings."""
