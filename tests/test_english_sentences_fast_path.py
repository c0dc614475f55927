"""english_sentences (one regex, the abbreviations in lookbehinds) against the plain computation
it replaced (each candidate end tested against ABBREVIATION), on real text and edge cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tarjama.lang.align import (
    ABBREVIATION,
    ABBREVIATIONS,
    EN_SENTENCE_END,
    english_sentences,
)

REPO = Path(__file__).resolve().parents[1]


def plain_sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in EN_SENTENCE_END.finditer(text):
        end = match.start()
        if (("A" <= text[end - 1:end] <= "Z" or text[end - 2:end - 1] == "."
             or text.endswith(ABBREVIATIONS, 0, end))
                and ABBREVIATION.search(text, max(0, end - 12), end)):
            continue
        spans.append((start, match.end(1)))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def english_texts() -> list[str]:
    texts = []
    with open(REPO / "data" / "annotated" / "checks.en-ar.jsonl", encoding="utf-8") as lines:
        for line in lines:
            case = json.loads(line)
            texts += [case[k] for k in ("src", "bt") if case.get(k)]
    sample = REPO / "data" / "news" / "istanbul-talks"
    texts += [(sample / name).read_text(encoding="utf-8") for name in ("src.en.txt", "bt.en.txt")]
    return texts


EDGE_CASES = [
    "Mr. Smith met Dr. Jones. They talked.",
    "The U.S. Army left. The U.K. stayed! Did the E.U. agree? Yes.",
    "He met J. R. Tolkien. Then he left.",
    "It rose in Jan. 2024. Prices fell in Sept. Then in Oct. They rose.",
    "Talks (in Geneva.) Ended. \"Yes.\" She said. 'No!' He replied.",
    "He saw ABC. Then XYZ. A. Then B.",
    "A.B. C.D.E. F. Go. etc. And vs. Them. No. 5 won.",
    "xMr. Smith. MrMr. Again. Sen. Warren spoke. Rep. Doe too.",
    "Sentence one.  Two spaces. Tab\tthen.\tNext.",
    "Mr\n. Smith arrived. He left.\nNew line. Dr.\nJones.",
    "", "   ", "No end mark", ". Starts with a mark. 2020 was hard. 3 people came.",
    *(f"The {a}. Next one. {a}. Again." for a in ABBREVIATIONS),
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_split_as_plainly_computed(text: str) -> None:
    assert english_sentences(text) == plain_sentences(text)


def test_real_text_splits_as_plainly_computed() -> None:
    texts = english_texts()
    assert len(texts) > 50
    for text in texts:
        assert english_sentences(text) == plain_sentences(text), text
        for line in text.splitlines():
            assert english_sentences(line) == plain_sentences(line), line
