"""The checks' fast paths give exactly what the slower, plainer way gives.

Each shortcut taken for speed (blocks of segments in the runner, pre-tests before a regex,
string searches instead of per-word patterns) is compared here with the computation it
replaces, on real data: the annotated cases and the sample article.
"""

from __future__ import annotations

import gc
import re
from dataclasses import replace
from pathlib import Path

import pytest

from tarjama.checks.base import Check
from tarjama.checks.evaluation import load_cases
from tarjama.checks.prepared import prepare
from tarjama.checks.runner import BLOCK, YOUNG_COLLECTION, build_checks, run_checks
from tarjama.config import CheckConfig
from tarjama.data import Dataset, Segment, load_document_pair
from tarjama.flags import Flag
from tarjama.lang.entities import EntityTagger
from tarjama.lang.propernames import _whole_word_starts, load_gazetteer, normalise_ar

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "data" / "annotated" / "checks.en-ar.jsonl"
SAMPLE = REPO / "data" / "news" / "istanbul-talks"
# Every check but wrong-language, whose language model is slow to load and has its own tests.
CHECK_NAMES = ("untranslated", "name-transliteration", "name-inconsistency", "number", "idiom",
               "addition", "punctuation", "repetition")


def real_segments() -> list[Segment]:
    """The annotated cases and the sample article, each case its own document."""
    sample = load_document_pair(SAMPLE / "src.en.txt", SAMPLE / "mt.ar.txt",
                                bt=SAMPLE / "bt.en.txt")
    return [case.segment() for case in load_cases(CASES)] + list(sample.segments)


def one_by_one(dataset: Dataset, checks: list[Check]) -> dict[str, list[dict]]:
    """The flags as running every check on one segment before the next would give them."""
    prepared = prepare(dataset.segments, EntityTagger())
    for check in checks:
        check.prepare(prepared)
    flags: dict[str, list[Flag]] = {seg.id: [] for seg in prepared}
    for seg in prepared:
        for check in checks:
            flags[seg.id].extend(_stamped(check, check.check_segment(seg)))
    documents: dict[str, list] = {}
    for seg in prepared:
        documents.setdefault(seg.doc_id, []).append(seg)
    for segments in documents.values():
        for check in checks:
            for flag in _stamped(check, check.check_document(segments)):
                flags[flag.id].append(flag)
    return {seg_id: [f.to_dict() for f in sorted(
        seg_flags, key=lambda f: (f.span[0] if f.span else -1, f.category))]
        for seg_id, seg_flags in flags.items()}


def _stamped(check: Check, flags: list[Flag]) -> list[Flag]:
    return [f if f.check else replace(f, check=check.name) for f in flags]


def test_blocks_give_the_flags_of_one_segment_at_a_time() -> None:
    """More segments than one block, in documents that straddle the blocks' edges."""
    base = real_segments()
    segments = [Segment(id=f"s{i}", doc_id=f"d{i // 7}", src=s.src, mt=s.mt, bt=s.bt)
                for i, s in enumerate(base + base[:BLOCK + 40 - len(base)])]
    assert len(segments) > BLOCK
    dataset = Dataset(segments)
    configs = {name: CheckConfig() for name in CHECK_NAMES}
    got = run_checks(dataset, build_checks(configs))
    expected = one_by_one(dataset, build_checks(configs))
    assert sum(len(f) for f in expected.values()) > 100  # the data has plenty to flag
    assert {k: [f.to_dict() for f in v] for k, v in got.items()} == expected


def test_a_severity_override_still_applies() -> None:
    dataset = Dataset(real_segments())
    checks = build_checks({"untranslated": CheckConfig(severity="critical")})
    flags = [f for seg_flags in run_checks(dataset, checks).values() for f in seg_flags]
    assert flags and {(f.severity, f.check) for f in flags} == {("critical", "untranslated")}


def test_the_garbage_collector_is_as_it_was_after_a_run_even_a_failed_one() -> None:
    class Failing(Check):
        name = "failing"

        def check_segment(self, segment: Segment) -> list[Flag]:
            assert gc.get_threshold()[0] == YOUNG_COLLECTION and gc.get_freeze_count() > 0
            raise RuntimeError("boom")

    before = gc.get_threshold()
    dataset = Dataset(real_segments())
    run_checks(dataset, build_checks(None))
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError, match="boom"):
        run_checks(dataset, [Failing()])
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_check_flag_stamps_the_check_name() -> None:
    class Probe(Check):
        name = "punctuation"
        categories = ("punctuation",)

    seg = Segment(id="s1", doc_id="d", src="Talks began.", mt="بدأت المحادثات .")
    flag = Probe().flag(seg, (14, 16), category="punctuation", severity="minor", message="m")
    assert (flag.check, flag.text, flag.id) == ("punctuation", " .", "s1")


@pytest.mark.parametrize(("text", "word"), [
    ("Fidan met Fidan's aide; Fidan.", "Fidan"),        # possessive and final full stop
    ("Fidanov and Fidan_x are not Fidan", "Fidan"),     # longer words are not the word
    ("O'Brien said O'Brien'", "O'Brien"),               # apostrophes inside the word
    ("ab'ab'ab ab'ab", "ab'ab"),                        # overlapping copies: leftmost wins
    ("Zelensky Zelensky9 2Zelensky Zelensky", "Zelensky"),  # digits are word characters
    ("Öcalan, Öcalan", "Öcalan"),                       # letters outside ASCII
    ("", "Fidan"),
])
def test_whole_word_starts_match_a_word_boundary_regex(text: str, word: str) -> None:
    expected = [m.start() for m in re.finditer(rf"\b{re.escape(word)}\b", text)]
    assert list(_whole_word_starts(text, word)) == expected


def test_gazetteer_pre_test_never_hides_a_match() -> None:
    """forms_search and stems_search find what the plain regex search finds, on real MT."""
    gazetteer = load_gazetteer("names.en-ar.yaml")
    entries = {id(e): e for e in gazetteer.by_english.values()}.values()
    texts = [seg.mt for seg in real_segments()]
    found = 0
    for entry in entries:
        for text in texts:
            norm = normalise_ar(text)
            plain = entry.forms_re.search(text)
            fast = entry.forms_search(text, norm)
            assert (plain and plain.span(1)) == (fast and fast.span(1))
            stems = entry.stems_re.search(text) if entry.stems_re else None
            assert (stems and stems.span()) == ((m := entry.stems_search(text, norm)) and m.span())
            found += plain is not None
    assert found > 20  # the test data does name places and people from the gazetteer

