"""The wrong-language check's fast path for output with Arabic letters only (no foreign letter,
no letter Arabic lacks) against the plain computation, on the annotated cases, the sample
article, benchmark-like output and edge cases."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from tarjama.checks.evaluation import load_cases
from tarjama.checks.language import (
    SUSPECT_IN_ARABIC,
    WrongLanguageCheck,
    WrongLanguageOptions,
    _sister_words,
)
from tarjama.data import Segment, load_document_pair

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "news" / "istanbul-talks"
EDGE = [
    # Persian in Arabic letters only ("that work has been done and it is finished"): آن, شده,
    # است are Persian function words; "This is for that" with Persian letters (ی).
    Segment("w0", "edge", "That has been done.", "آن عمل انجام شده است و تمام شده است."),
    Segment("w1", "edge", "This is for that.", "این است برای آن و آن است."),
    Segment("w2", "edge", "It has been done.", "کار انجام شده است و آن تمام شد در این روز."),
    Segment("w3", "edge", "That is it.", "هذا هو آن الأوان."),  # one such word: Arabic
    Segment("w4", "edge", "The talks ended.", "انتهت المحادثات."),  # Arabic
    Segment("w5", "edge", "The talks ended.", "The talks ended in Geneva on Friday evening."),
    Segment("w6", "edge", "Now.", "الآن است"),
    Segment("w7", "edge", "Numbers.", "١٢٣ 456"),
]


def real_segments() -> list[Segment]:
    sample = load_document_pair(SAMPLE / "src.en.txt", SAMPLE / "mt.ar.txt")
    cases = load_cases(REPO / "data" / "annotated" / "checks.en-ar.jsonl")
    return [case.segment() for case in cases] + list(sample.segments) + EDGE


SEGMENTS = real_segments()


def plain_check() -> WrongLanguageCheck:
    check = WrongLanguageCheck()
    check.suspect = None  # every segment takes the plain path
    return check


def test_the_fast_path_is_taken() -> None:
    assert WrongLanguageCheck().suspect is SUSPECT_IN_ARABIC
    fast = [segment for segment in SEGMENTS if not SUSPECT_IN_ARABIC.search(segment.mt)]
    assert len(fast) > len(SEGMENTS) / 2
    assert [segment.id for segment in fast if _sister_words(segment.mt)] == ["w0"]


@pytest.mark.parametrize("min_script_share", [0.5, 1.0, 1.5])
def test_fast_path_flags_as_the_plain_path(min_script_share: float) -> None:
    fast = WrongLanguageCheck(WrongLanguageOptions(min_script_share=min_script_share))
    plain = plain_check()
    plain.options = fast.options
    segments = SEGMENTS + [Segment(f"{s.id}+", s.doc_id, s.src, f"{s.mt} {t.mt}")
                           for s, t in pairwise(SEGMENTS)]
    for segment in segments:
        assert fast.check_segment(segment) == plain.check_segment(segment), segment.id
