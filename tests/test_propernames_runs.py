"""Capitalised runs in English source text (tarjama.lang.propernames.NAME_RUN), and the names
cut from them: the capital-first pattern against the plain one it stands for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tarjama.checks.evaluation import load_cases
from tarjama.lang.propernames import (
    _CAP,
    _CONNECTOR,
    _LETTER,
    NAME_RUN,
    _classify_run,
    _RunPlan,
    _split_run,
    load_gazetteer,
    sentence_openers,
    source_names,
)

CASES = Path(__file__).resolve().parents[1] / "data" / "annotated" / "checks.en-ar.jsonl"

# The pattern as first written: any capitalised word not preceded by a letter, then the rest.
PLAIN_NAME_RUN = re.compile(
    rf"(?<![{_LETTER}]){_CAP}"
    rf"(?:(?:[ \-]|[ \-]{_CONNECTOR}(?:[ \-]{_CONNECTOR})?[ \-]){_CAP})*")


@pytest.mark.parametrize("text", [
    "U.S. President Donald Trump met E.U. officials.",  # initials
    "x.Y.Z. and A.B are not both initials",  # a letter before; one initial only
    "ÉMILE Zola wrote in İstanbul and in Århus.",  # capitals outside A-Z
    "O'Neill's aide and D'Souza spoke; McDonald's did not.",
    "Jean-Luc Picard met Ali bin Hussein and Ursula von der Leyen.",
    "aB, 1A, _A, éA: a capital after a letter starts no run, after a digit it does.",
    "A",
    "",
])
def test_name_run_matches_the_plain_pattern(text):
    assert ([m.span() for m in NAME_RUN.finditer(text)]
            == [m.span() for m in PLAIN_NAME_RUN.finditer(text)])


@pytest.mark.parametrize("src, names", [
    # One run, cut the same way at the start of a sentence and mid-sentence (its plan is
    # cached by its text; whether a word is a name there is decided in its context).
    ("Kaja Kallas met them. They met Kaja Kallas.", ["Kaja Kallas", "Kaja Kallas"]),
    ("Sybiha met Lavrov. Later, Sybiha left.", ["Sybiha", "Lavrov", "Sybiha"]),
    ("The Kremlin and the White House", ["Kremlin", "White House"]),
    ("Russia-Ukraine talks and Abdel Fattah al-Sisi", ["Russia", "Ukraine", "Abdel Fattah al Sisi"]),
])
def test_runs_cut_into_names(src, names):
    gazetteer = load_gazetteer("names.en-ar.yaml")
    found = source_names(src, gazetteer)
    assert [n.text for n in found] == names
    for name in found:
        assert " ".join(src[w.start:w.end] for w in name.words) == name.text


def test_cached_cuts_agree_with_a_cut_word_by_word():
    """A run's cut is cached for its first word being a name or not (`_RunPlan.cuts`); the
    same run cut asking `_named_by_context` about every word gives the same names and the
    same doubtful words."""
    gazetteer = load_gazetteer("names.en-ar.yaml")
    texts = [case.src for case in load_cases(CASES)] + [
        "U.S. Smith met them. The U.S. Ali bin Hussein-Russia. Jean-Luc de la Fontaine.",
        "Sybiha Kallas said so. Later, Sybiha left. Medinsky, an aide, spoke."]
    plans = 0
    for src in texts:
        for known in (frozenset(), frozenset(sentence_openers(src))):
            for match in NAME_RUN.finditer(src):
                plan = _classify_run(match.group(), gazetteer)
                if type(plan) is not _RunPlan or plan.cuts is None:
                    continue
                start = match.start()
                fast, slow = set(), set()
                assert (_split_run(src, start, plan, known, fast)
                        == _split_run(src, start, plan._replace(cuts=None), known, slow))
                assert fast == slow
                plans += 1
    assert plans > 50
