"""The `provided` engine: the back-translation is already in the data (a bt column or file)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tarjama.translate.base import Translator


class ProvidedEngine(Translator):
    name = "provided"
    roles = frozenset({"backtranslation"})

    @property
    def provides_text(self) -> bool:
        return False

    def translate(self, texts: Sequence[str]) -> list[str]:
        raise NotImplementedError("the provided engine does not translate; bt comes from the data")

    def describe(self) -> dict[str, Any]:
        return {"engine": self.name}
