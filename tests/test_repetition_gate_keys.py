"""The repetition pre-test's keys, looked up per token, are those of the whole text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tarjama.checks.evaluation import load_cases
from tarjama.checks.repetition import _GATE_KEY, GATE_STEPS, GATE_STRIP
from tarjama.lang.ar import normalise

CASES = Path(__file__).resolve().parents[1] / "data" / "annotated" / "checks.en-ar.jsonl"

# Real Arabic with the punctuation, diacritics, tatweel and letter forms the pre-test ignores.
TEXTS = [
    "الجانبان الجانبان اتفقا",  # "the two sides the two sides agreed"
    "قالَ الوزيرُ: «إنّ المحادثاتِ، المحادثات مستمرة» - وأضاف...",  # the minister said: talks go on
    "أخـــبار ، اخبار ؛ إخبار؟ آخر",  # news, news; news? last (tatweel, alef forms)
    "مسؤول مسئول — رئيس رئيسى",  # official (two hamza seats), president (alef maqsura)
    "- ... «» (ok) word, word! 2024 2024",
    "",
    " \n\t ",
]


def whole_text_keys(text: str) -> list[str]:
    """The keys as the pre-test computed them before: over the whole text at once."""
    return normalise(GATE_STRIP.sub("", text), GATE_STEPS).split()


def per_token_keys(text: str) -> list[str]:
    return list(filter(None, map(_GATE_KEY.__getitem__, text.split())))


@pytest.mark.parametrize("text", TEXTS)
def test_per_token_keys_are_the_whole_text_keys(text: str) -> None:
    assert per_token_keys(text) == whole_text_keys(text)


def test_per_token_keys_on_the_annotated_set() -> None:
    cases = load_cases(CASES)
    for text in [c.mt for c in cases] + [c.src for c in cases]:
        assert per_token_keys(text) == whole_text_keys(text)
