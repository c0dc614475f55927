"""The translator interface every back-translation engine implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from tarjama.config import BacktranslationConfig
from tarjama.context import RunContext


class Translator(ABC):
    """Translates `mt` texts into the source language; describes itself for signatures."""

    name: str

    def __init__(self, config: BacktranslationConfig, context: RunContext | None = None) -> None:
        self.config = config
        self.context = context if context is not None else RunContext()

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
