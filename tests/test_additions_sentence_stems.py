"""Sentence stems sliced from the whole text's word stems are those of each sentence alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tarjama.checks.evaluation import load_cases
from tarjama.lang.align import (
    english_sentences,
    sentence_stems,
    stem_set,
    stems,
    word_stems,
    word_text,
)

CASES = Path(__file__).resolve().parents[1] / "data" / "annotated" / "checks.en-ar.jsonl"

TEXTS = [
    "The talks resumed on Monday. Both sides said they were hopeful.",
    "Mr. Smith met Dr. Jones in Washington, D.C. on Jan. 5. They spoke for an hour!",
    "\"It is over,\" he said. (The meeting ended early.) Why? Nobody knows.",
    "U.S. officials — 12 of them — arrived.  Then   they left...\nA new day began.",
    "Ankara's role: mediator. 2024 was a hard year. İstanbul hosted the talks.",
    "One sentence only, with no full stop",
    "",
]


def sliced(text: str) -> list[set[str]]:
    folded = word_text(text)
    in_order = word_stems(folded)
    return sentence_stems(text, folded, english_sentences(text), in_order, stem_set(in_order))


def one_by_one(text: str) -> list[set[str]]:
    return [set(stems(text[start:end])) for start, end in english_sentences(text)]


@pytest.mark.parametrize("text", TEXTS)
def test_sliced_sentence_stems_are_each_sentences_stems(text: str) -> None:
    assert sliced(text) == one_by_one(text)


def test_sliced_sentence_stems_on_the_annotated_set() -> None:
    cases = load_cases(CASES)
    texts = [c.src for c in cases] + [c.bt for c in cases if c.bt]
    texts += [" ".join(texts[i:i + 3]) for i in range(0, len(texts), 2)]  # several sentences
    for text in texts:
        assert sliced(text) == one_by_one(text)
