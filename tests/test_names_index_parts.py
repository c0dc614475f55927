"""The translation index's skeleton lookups (tarjama.checks.names.MtIndex), which find a hit's
token and offset from its space-separated part of `mt`, against a plain scan of the class
tokens of the whole text, on the annotated set and on its translations with other spacing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tarjama.checks.evaluation import load_cases
from tarjama.checks.names import CLASS_SPLIT, MtIndex, _body_offset, _token_keys

CASES = Path(__file__).resolve().parents[1] / "data" / "annotated" / "checks.en-ar.jsonl"


def _plain_hits(mt: str, key: str, keep_waw: bool) -> list[tuple[int, int]]:
    """The spans of the class tokens of `mt` with the skeleton `key`, one token at a time."""
    return [(m.start() + _body_offset(m.group(1), key, keep_waw), m.end())
            for m in CLASS_SPLIT.finditer(mt) if key in _token_keys(m.group(1))]


def _respaced(mt: str) -> list[str]:
    """`mt`, and `mt` with runs of spaces, a tab, a line break, spaces at its ends."""
    return [mt, mt.replace(" ", "  "), mt.replace(" ", "\t", 3), mt.replace(" ", " \n ", 2),
            f"  {mt} ", mt.replace(" ", "", 4)]


MTS = [mt for case in load_cases(CASES) for mt in _respaced(case.mt)] + [
    # "The American envoy Steve Witkoff (ستيف ويتكوف) met Putin in Moscow."
    "التقى المبعوث الأمريكي Steve Witkoff (ستيف ويتكوف) ببوتين في موسكو.",
    "وقال  زيلينسكي\tلـ«رويترز»:\nإن كييف لن تتنازل.",  # "Zelensky told Reuters: Kyiv won't yield."
    "", " ", "Reuters",
]


@pytest.mark.parametrize("keep_waw", [False, True])
def test_skeleton_hits_agree_with_a_plain_token_scan(keep_waw):
    compared = 0
    for mt in MTS:
        index = MtIndex(mt)
        keys = {key for m in CLASS_SPLIT.finditer(mt) for key in _token_keys(m.group(1))}
        for key in sorted(keys) + ["ZZZ"]:
            assert index.skeleton_hits(key, keep_waw) == _plain_hits(mt, key, keep_waw), (mt, key)
            compared += 1
    assert compared > 1000


def test_token_spans_agree_with_the_hits():
    for mt in MTS:
        index = MtIndex(mt)
        index.key_text  # noqa: B018 (the lookups' text first, then the tokens)
        assert list(zip(index.starts, index.ends, strict=True)) == [
            m.span() for m in CLASS_SPLIT.finditer(mt)]
