"""N-gram differences on the compare page: which reference phrases each system matches."""

from __future__ import annotations

import re

from tarjama.report.compare_html import render_compare_html
from tarjama.report.ngrams import differences, matches, ngrams, paired_differences, words
from tarjama.rundir import read_run, write_run
from tests.fixtures.report_runs import large_run

# "The Turkish foreign minister met the delegation in Istanbul."
REF = "التقى وزير الخارجية التركي بالوفد في إسطنبول."
# The same, with the minister's title lost: "The Turkish minister met the delegation in Istanbul."
LOST_TITLE = "التقى الوزير التركي بالوفد في اسطنبول"
# The same, with the city written without its hamza (اسطنبول) and full diacritics on one word.
VARIANT = "التقى وَزِيرُ الخارجية التركي بالوفد في اسطنبول."


def test_words_fold_spelling_variants_and_drop_punctuation() -> None:
    assert words(REF)[-1] == words(VARIANT)[-1] == "اسطنبول"
    assert words(VARIANT)[1] == "وزير"  # diacritics removed
    assert words("Talks began, again.") == ["talks", "began", "again"]


def test_matches_are_clipped_by_the_reference_count() -> None:
    # "the talks the talks the talks" against a reference with "the talks" once.
    ref, out = ngrams(["the", "talks"]), ngrams(["the", "talks"] * 3)
    assert matches(ref, out) == {"the": 1, "talks": 1, "the talks": 1}


def test_the_system_that_keeps_a_phrase_is_credited_with_it() -> None:
    triples = [(REF, VARIANT, LOST_TITLE)] * 3
    found = differences(triples, "ref")
    baseline_phrases = [row.ngram for row in found.baseline_better]
    assert "وزير الخارجيه" in baseline_phrases  # "foreign minister", kept only by the baseline
    assert found.candidate_better == []  # the candidate matches nothing the baseline misses
    top = found.baseline_better[0]
    assert (top.baseline, top.candidate) == (3, 0) and top.share == 0.8


def test_phrases_matched_by_both_equally_or_too_rarely_are_left_out() -> None:
    found = differences([(REF, VARIANT, LOST_TITLE)], "ref")
    assert found.baseline_better == [] and found.candidate_better == []  # one match is noise
    same = differences([(REF, VARIANT, VARIANT)] * 4, "ref")
    assert same.baseline_better == [] and same.candidate_better == []


def test_runs_compare_against_the_reference_or_else_the_round_trip() -> None:
    with_ref = [{"id": "1", "src": "s", "mt": VARIANT, "ref": REF, "bt": "x"}]
    other = [{"id": "1", "src": "s", "mt": LOST_TITLE, "ref": REF, "bt": "y"}]
    assert paired_differences(with_ref, other).against == "ref"
    no_ref = [{**row, "ref": None} for row in with_ref]
    assert paired_differences(no_ref, other).against == "src"
    bare = [{"id": "1", "src": "s", "mt": "m"}]
    assert paired_differences(bare, bare) is None


def test_the_compare_page_lists_the_phrases(tmp_path) -> None:
    """40 segments, a quarter naming the Turkish foreign minister; the candidate's
    back-translations drop his title."""
    baseline = large_run(tmp_path / "a", n=40)
    rows = [{**seg, "bt": seg["bt"].replace("Foreign Minister ", "")} for seg in baseline.segments]
    write_run(tmp_path / "b", {**baseline.results, "run_id": "candidate"}, rows)
    out = render_compare_html(
        [baseline, read_run(tmp_path / "b")], {"metrics": {}}, tmp_path / "compare.html"
    )
    html = out.read_text(encoding="utf-8")
    table = html.split("The baseline matches more often")[1].split("</table>")[0]
    phrases = re.findall(
        r'<th scope="row" lang="en" dir="ltr">([^<]+)</th>'
        r'<td class="num">(\d+)</td><td class="num">(\d+)</td>',
        table,
    )
    assert ("foreign minister", "10", "0") in phrases
    assert "Candidate 1 matches more often" in html and "back-translation" in html


def test_swapping_the_runs_swaps_the_lists() -> None:
    triples = [(REF, VARIANT, LOST_TITLE)] * 3 + [(REF, LOST_TITLE, LOST_TITLE)]
    forward = differences(triples, "ref")
    backward = differences([(ref, b, a) for ref, a, b in triples], "ref")
    assert [r.ngram for r in forward.baseline_better] == [
        r.ngram for r in backward.candidate_better
    ]
    assert forward.baseline_better and forward.candidate_better == backward.baseline_better == []
