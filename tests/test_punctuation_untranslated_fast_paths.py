"""Fast paths of the untranslated and punctuation checks against the plain
computation they stand for, on the annotated cases, the sample article and edge cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tarjama.checks.evaluation import load_cases
from tarjama.checks.punctuation import TRIGGERS, _unbalanced, may_be_unbalanced
from tarjama.checks.untranslated import _folded, _group, fold_latin
from tarjama.data import Segment, load_document_pair

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "news" / "istanbul-talks"
EDGE = [
    Segment("q1", "edge", "He said \"no\".", 'قال "لا.'),  # an odd number of '"'
    Segment("q2", "edge", "He said “no”.", "قال ”لا“."),  # a pair the other way round: balanced
    Segment("q3", "edge", "He said “no.", "قال «لا."),  # an opener without its closer
    Segment("b1", "edge", "The talks (in Istanbul) ended.", "انتهت المحادثات (في إسطنبول."),
    Segment("b2", "edge", "The talks (in Istanbul ended.", "انتهت المحادثات (في إسطنبول."),
    Segment("b3", "edge", "Talks [and] {more}", "محادثات ]و[ {أكثر"),
]


def real_segments() -> list[Segment]:
    sample = load_document_pair(SAMPLE / "src.en.txt", SAMPLE / "mt.ar.txt")
    cases = load_cases(REPO / "data" / "annotated" / "checks.en-ar.jsonl")
    return [case.segment() for case in cases] + list(sample.segments) + EDGE


SEGMENTS = real_segments()


def test_may_be_unbalanced_holds_whenever_unbalanced_finds_something() -> None:
    for segment in SEGMENTS:
        chars = frozenset(TRIGGERS.findall(segment.mt))
        if list(_unbalanced(segment)):
            assert may_be_unbalanced(segment.mt, chars), segment.id


@pytest.mark.parametrize("segment", EDGE, ids=lambda s: s.id)
def test_may_be_unbalanced_on_edge_cases(segment: Segment) -> None:
    chars = frozenset(TRIGGERS.findall(segment.mt))
    # Only q2's MT balances; the others are unbalanced (judged, or excused by their source).
    assert may_be_unbalanced(segment.mt, chars) == (segment.id != "q2")


def test_folded_is_fold_latin() -> None:
    for text in [s.src for s in SEGMENTS] + ["Zürich ŁÓDŹ", "ÉCOLE 1,000 K"]:
        assert _folded(text) == fold_latin(text)


def test_group_joins_as_the_gap_pattern_does() -> None:
    gap = re.compile(r"[ \t\-]*")
    for mt in [s.mt for s in SEGMENTS] + ["Joe \t- Biden, Kamala\u00a0Harris-Emhoff"]:
        words = [m.span() for m in re.finditer(r"[A-Za-z]+", mt)]
        plain: list[tuple[int, int]] = []
        for start, end in words:
            if plain and gap.fullmatch(mt, plain[-1][1], start):
                plain[-1] = (plain[-1][0], end)
            else:
                plain.append((start, end))
        assert _group(words, mt) == plain
