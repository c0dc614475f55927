"""`lang.ar.original_spans` maps spans of normalised MT back as `normalise_with_offsets` does."""

import json
from pathlib import Path

import pytest

from tarjama.lang.ar import DIACRITICS, TATWEEL, normalise, normalise_with_offsets, original_spans

ANNOTATED = Path(__file__).parent.parent / "data" / "annotated" / "checks.en-ar.jsonl"

TEXTS = [
    "ضَرَبَ عُصْفُورَيْنِ بِحَجَرٍ واحد",  # he killed two birds with one stone (fully vowelled)
    "الـــــوزير قال إنّ الأمرَ محسومٌ",  # the minister said the matter is settled (tatweel)
    "وفقًا للمصادر، فإنّ الاجتماعَ تأجّل",  # according to sources, the meeting was postponed
    "كسر الجليد",  # broke the ice (nothing deleted)
    "ًٌٍ",  # marks alone
]


def _annotated_mt() -> list[str]:
    return [
        json.loads(line)["mt"]
        for line in ANNOTATED.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def _plain_spans(mt: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each span through the offsets mapping, widened over the marks after its last letter."""
    offsets = normalise_with_offsets(mt)[1]
    plain = []
    for start, end in spans:
        end = offsets[end - 1] + 1
        while end < len(mt) and (DIACRITICS.match(mt[end]) or mt[end] == TATWEEL):
            end += 1
        plain.append((offsets[start], end))
    return plain


def test_a_span_keeps_the_marks_of_its_last_letter() -> None:
    mt = "ضَرَبَ عُصْفُورَيْنِ"  # "he struck two birds", fully vowelled
    mt_norm = normalise(mt)  # ضرب عصفورين
    assert [mt[s:e] for s, e in original_spans(mt, mt_norm, [(0, 3), (4, 11)])] == [
        "ضَرَبَ",
        "عُصْفُورَيْنِ",
    ]


@pytest.mark.parametrize("mt", TEXTS + _annotated_mt())
def test_original_spans_match_the_offsets_mapping(mt: str) -> None:
    mt_norm = normalise(mt)
    n = len(mt_norm)
    spans = [(start, end) for start in range(n) for end in range(start + 1, min(n, start + 7) + 1)]
    spans += [(0, n)] if n else []
    assert original_spans(mt, mt_norm, spans) == _plain_spans(mt, spans)
