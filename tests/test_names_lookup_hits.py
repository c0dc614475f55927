"""The translation index's name lookups (tarjama.checks.names.MtIndex.hits with `names_only`),
which leave out frequent Arabic words as they find each hit, against the plain computation: all
hits, then those whose text `_may_be_name`; for every skeleton of the annotated set's
translations and for the skeletons of its source names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tarjama.checks.evaluation import load_cases
from tarjama.checks.names import (
    CLASS_SPLIT,
    MtIndex,
    NameOptions,
    _may_be_name,
    _token_keys,
    _variant_keys,
)
from tarjama.lang.propernames import load_gazetteer, source_names

CASES = Path(__file__).resolve().parents[1] / "data" / "annotated" / "checks.en-ar.jsonl"


def _plain(index: MtIndex, keys: frozenset[str], keep_waw: bool) -> list[tuple[int, int]]:
    return [(s, e) for s, e in index.hits(keys, keep_waw) if _may_be_name(index.mt[s:e])]


@pytest.mark.parametrize("keep_waw", [False, True])
def test_name_hits_agree_with_filtered_hits(keep_waw):
    gazetteer = load_gazetteer(NameOptions().gazetteer)
    compared = left_out = 0
    for case in load_cases(CASES):
        index = MtIndex(case.mt)
        tokens = {key for m in CLASS_SPLIT.finditer(case.mt) for key in _token_keys(m.group(1))}
        key_sets = [frozenset({key}) for key in sorted(tokens)] + [
            _variant_keys(word.text, entry) for name in source_names(case.src, gazetteer)
            for word, entry in zip(name.words, name.entries, strict=True)]
        for keys in key_sets:
            expected = _plain(index, keys, keep_waw)
            assert index.hits(keys, keep_waw, names_only=True) == expected, (case.mt, keys)
            compared += 1
            left_out += len(index.hits(keys, keep_waw)) - len(expected)
    assert compared > 1000 and left_out > 10  # frequent words (قال, كان) were left out
