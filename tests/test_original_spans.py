"""`original_spans` maps spans of normalised MT back as `normalise_with_offsets` does."""

import json
from pathlib import Path

import pytest

from tarjama.checks.idioms import _with_marks, original_spans
from tarjama.lang.ar import normalise, normalise_with_offsets

ANNOTATED = Path(__file__).parent.parent / "data" / "annotated" / "checks.en-ar.jsonl"

TEXTS = [
    "ضَرَبَ عُصْفُورَيْنِ بِحَجَرٍ واحد",  # he killed two birds with one stone (fully vowelled)
    "الـــــوزير قال إنّ الأمرَ محسومٌ",  # the minister said the matter is settled (tatweel)
    "وفقًا للمصادر، فإنّ الاجتماعَ تأجّل",  # according to sources, the meeting was postponed
    "كسر الجليد",  # broke the ice (nothing deleted)
    "ًٌٍ",  # marks alone
]


def _annotated_mt() -> list[str]:
    return [json.loads(line)["mt"] for line in ANNOTATED.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _plain_spans(mt: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    offsets = normalise_with_offsets(mt)[1]
    return [_with_marks(mt, offsets[start], offsets[end - 1] + 1) for start, end in spans]


@pytest.mark.parametrize("mt", TEXTS + _annotated_mt())
def test_original_spans_match_the_offsets_mapping(mt: str) -> None:
    mt_norm = normalise(mt)
    n = len(mt_norm)
    spans = [(start, end) for start in range(n) for end in range(start + 1, min(n, start + 7) + 1)]
    spans += [(0, n)] if n else []
    assert original_spans(mt, mt_norm, spans) == _plain_spans(mt, spans)
