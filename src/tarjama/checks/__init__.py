"""Checks: detectors that emit flags, registered by name (the flag contract is tarjama.flags)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tarjama.registry import Registry

if TYPE_CHECKING:
    from tarjama.checks.base import Check

CHECKS: Registry[type[Check]] = Registry("check")
CHECKS.register("untranslated", "tarjama.checks.untranslated:UntranslatedCheck")
CHECKS.register("name-transliteration", "tarjama.checks.names:NameTransliterationCheck")
CHECKS.register("name-inconsistency", "tarjama.checks.names:NameInconsistencyCheck")
CHECKS.register("number", "tarjama.checks.numbers:NumberCheck")
CHECKS.register("idiom", "tarjama.checks.idioms:IdiomCheck")
CHECKS.register("addition", "tarjama.checks.additions:AdditionCheck")  # addition and omission
CHECKS.register("punctuation", "tarjama.checks.punctuation:PunctuationCheck")
CHECKS.register("repetition", "tarjama.checks.repetition:RepetitionCheck")
CHECKS.register(
    "wrong-language", "tarjama.checks.language:WrongLanguageCheck"
)  # + source-copy, empty
CHECKS.register("mistranslation", "tarjama.checks.mistranslation:MistranslationCheck")
