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
