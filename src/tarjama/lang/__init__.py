"""Per-language behaviour behind one small interface.

A target language provides its script test, orthographic normalisation and the sacrebleu
tokeniser that suits it. Arabic lives in `ar.py`; a second target language is a new module
registered here, not a rewrite.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tarjama.errors import ConfigError
from tarjama.suggest import did_you_mean


@dataclass(frozen=True)
class Language:
    """What tarjama needs to know about a language to score and check text in it."""

    code: str
    name: str
    script: str  # ISO 15924, e.g. "Arab", "Latn"
    letters: re.Pattern[str]  # one letter of the language's script
    sacrebleu_tokenize: str = "13a"
    normalisation_steps: tuple[str, ...] = ()
    normaliser: Callable[[str, tuple[str, ...]], str] | None = field(default=None, compare=False)

    def normalise(self, text: str, steps: tuple[str, ...] | None = None) -> str:
        """Orthographic normalisation for scoring (all steps by default)."""
        if self.normaliser is None:
            return text
        return self.normaliser(text, self.normalisation_steps if steps is None else steps)

    def script_share(self, text: str) -> float:
        """The share of letters in `text` that belong to this language's script."""
        letters = [ch for ch in text if ch.isalpha()]
        if not letters:
            return 0.0
        return sum(1 for ch in letters if self.letters.match(ch)) / len(letters)


LANGUAGES = {"ar": "tarjama.lang.ar:ARABIC", "en": "tarjama.lang.en:ENGLISH"}
"""ISO 639-1 code → the module and name of its Language. Named, not imported: each language
module imports `Language` from here, and is imported only when its language is first used."""


def get_language(code: str) -> Language:
    """The Language for an ISO 639-1 code; ConfigError for one tarjama does not know."""
    if code not in LANGUAGES:
        raise ConfigError(f"unsupported language '{code}' ({did_you_mean(code, LANGUAGES)})")
    module, name = LANGUAGES[code].split(":")
    language: Language = getattr(importlib.import_module(module), name)
    return language
