"""The name checks' fast paths (tarjama.checks.names._find) against the full `_NameFinder`:
where a fast path settles a name, the finder finds the same renderings and no problem."""

from __future__ import annotations

from pathlib import Path

from tarjama.checks.evaluation import load_cases
from tarjama.checks.names import MtIndex, NameOptions, _NameFinder, _plain_exact
from tarjama.lang.propernames import load_gazetteer, source_names

CASES = Path(__file__).resolve().parents[1] / "data" / "annotated" / "checks.en-ar.jsonl"


def test_plain_exact_agrees_with_the_finder():
    options = NameOptions()
    gazetteer = load_gazetteer(options.gazetteer)
    settled = 0
    for case in load_cases(CASES):
        index = MtIndex(case.mt)
        for name in source_names(case.src, gazetteer):
            if name.entry is not None:
                continue
            fast: list[tuple] = []
            if not _plain_exact(name, index, options, fast):
                assert fast == []
                continue
            finder = _NameFinder(name, index, options)
            assert finder.find()
            assert (fast, finder.problems) == (finder.renderings, [])
            settled += 1
    assert settled > 10
