"""Checks: detectors that emit flags, registered by name.

The category and severity vocabularies are a contract (DESIGN.md); they are defined once here.
"""

from __future__ import annotations

from tarjama.registry import Registry

CATEGORIES = (
    "untranslated", "name-transliteration", "name-inconsistency", "number", "idiom",
    "addition", "omission", "mistranslation", "punctuation", "repetition",
    "wrong-language", "source-copy", "empty",
)
SEVERITIES = ("minor", "major", "critical")

CHECKS: Registry = Registry("check")
CHECKS.register("untranslated", "tarjama.checks.untranslated:UntranslatedCheck")
CHECKS.register("name-transliteration", "tarjama.checks.names:NameTransliterationCheck")
CHECKS.register("name-inconsistency", "tarjama.checks.names:NameInconsistencyCheck")
CHECKS.register("number", "tarjama.checks.numbers:NumberCheck")
CHECKS.register("idiom", "tarjama.checks.idioms:IdiomCheck")
CHECKS.register("addition", "tarjama.checks.additions:AdditionCheck")  # addition and omission
CHECKS.register("punctuation", "tarjama.checks.punctuation:PunctuationCheck")
CHECKS.register("repetition", "tarjama.checks.repetition:RepetitionCheck")
CHECKS.register("wrong-language", "tarjama.checks.language:WrongLanguageCheck")  # + source-copy, empty
