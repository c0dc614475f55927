"""Golden flags: every check's flags on four corpora are exactly the reviewed ones.

A change to a rule shows here as the segments whose flags changed; when the change is meant,
rewrite the golden files with `python -m tests.golden_flags` and review their diff. The real
set is compared by digest and only where ../shared/real is present.
"""

from __future__ import annotations

import json

import pytest

from tests.golden_flags import CORPORA, REAL, flags_by_segment, golden_form, golden_path


def _differences(expected: dict, got: dict) -> list[str]:
    ids = sorted(set(expected) | set(got))
    return [
        f"{seg_id}: expected {expected.get(seg_id)}, got {got.get(seg_id)}"
        for seg_id in ids
        if expected.get(seg_id) != got.get(seg_id)
    ]


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_flags_are_the_golden_ones(name: str) -> None:
    if name == "real" and not REAL.exists():
        pytest.skip(f"the real set is not here ({REAL})")
    expected = json.loads(golden_path(name).read_text(encoding="utf-8"))
    got = golden_form(name, flags_by_segment(CORPORA[name]()))
    differences = _differences(expected, got)
    assert not differences, (
        f"{len(differences)} segment(s) of '{name}' flag differently "
        f"(rewrite with python -m tests.golden_flags if meant):\n" + "\n".join(differences[:10])
    )
