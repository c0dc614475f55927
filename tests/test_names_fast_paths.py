"""The name checks' fast paths (tarjama.checks.names._find) against the full `_NameFinder`:
where a fast path settles a name, the finder finds the same renderings and no problem; and
the translation index's skeleton lookups against a plain scan of its tokens."""

from __future__ import annotations

from pathlib import Path

from tarjama.checks.evaluation import load_cases
from tarjama.checks.names import (
    CLASS_SPLIT,
    MtIndex,
    NameOptions,
    _body_offset,
    _NameFinder,
    _plain_exact,
    _token_keys,
    _variant_keys,
)
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


def _plain_hits(mt: str, keys, keep_waw: bool) -> list[tuple[int, int]]:
    """The spans of the class tokens of `mt` that have one of `keys` (`_token_keys`), found
    one token at a time with match objects, as `MtIndex.hits` did before it searched one
    joined string."""
    hits = set()
    for match in CLASS_SPLIT.finditer(mt):
        token = match.group(1)
        for key in set(keys) & set(_token_keys(token)):
            hits.add((match.start() + _body_offset(token, key, keep_waw), match.end()))
    return sorted(hits)


def test_index_hits_agree_with_a_plain_token_scan():
    options = NameOptions()
    gazetteer = load_gazetteer(options.gazetteer)
    looked_up = 0
    for case in load_cases(CASES):
        index = MtIndex(case.mt)
        for name in source_names(case.src, gazetteer):
            for word, entry in zip(name.words, name.entries, strict=True):
                keys = _variant_keys(word.text, entry)
                for keep_waw in (False, True):
                    assert index.hits(keys, keep_waw) == _plain_hits(case.mt, keys, keep_waw)
                looked_up += 1
        starts = [m.start() for m in CLASS_SPLIT.finditer(case.mt)]
        assert index.starts == starts
    assert looked_up > 100
