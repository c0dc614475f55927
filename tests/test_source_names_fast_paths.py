"""The fast paths of tarjama.lang.propernames.source_names against the plain computation:
names built only from their own words (a run's cached cuts hold each name's words), and the
recurrence scan of `_named_by_context` skipped for a word that occurs nowhere else."""

from __future__ import annotations

from pathlib import Path

import pytest

from tarjama.checks.evaluation import load_cases
from tarjama.lang.propernames import (
    NAME_CUE_AFTER,
    NAME_RUN,
    NEVER_A_NAME,
    STOPWORDS,
    SourceName,
    Word,
    _classify_run,
    _cut,
    _named_by_context,
    _RunPlan,
    _sentence_start,
    _whole_word_starts,
    load_gazetteer,
    sentence_openers,
    source_names,
)

DATA = Path(__file__).resolve().parents[1] / "data"
EXTRA = [
    "U.S. Smith met them. The U.S. Ali bin Hussein-Russia. Jean-Luc de la Fontaine.",
    "Sybiha Kallas said so. Later, Sybiha left. Medinsky, an aide, spoke.",
    "Prices rose. Prices fell. Asked why, Prices said nothing.",  # a recurring sentence opener
    "Oddly, Critics were few. Critics spoke.",  # mid-sentence only before it
    "Anna met her. Annanna spoke. Ab'Ab'Ab left. Ab'Ab stayed.",  # overlapping occurrences
]


def _texts() -> list[str]:
    cases = load_cases(DATA / "annotated" / "checks.en-ar.jsonl")
    article = (DATA / "news" / "istanbul-talks" / "src.en.txt").read_text(encoding="utf-8")
    return [c.src for c in cases] + [article] + EXTRA


def _plain_named_by_context(src: str, run: list[Word], i: int, known: frozenset[str],
                            doubtful: set[str] | None = None) -> bool:
    """`_named_by_context` as first written: every whole-word occurrence scanned."""
    word = run[i]
    if word.text in known or not _sentence_start(src, word.start):
        return True
    following = run[i + 1:i + 2]
    if following and following[0].text.lower() not in STOPWORDS:
        return True
    if NAME_CUE_AFTER.match(src, word.end):
        return True
    if any(start != word.start and not _sentence_start(src, start)
           for start in _whole_word_starts(src, word.text)):
        return True
    if doubtful is not None:
        doubtful.add(word.text)
    return False


def _plain_source_names(src: str, known: frozenset[str], doubtful: set[str]) -> list[SourceName]:
    """The names as first computed: every word of a run built, each run cut word by word."""
    gazetteer = load_gazetteer("names.en-ar.yaml")
    names = []
    for match in NAME_RUN.finditer(src):
        kind = _classify_run(match.group(), gazetteer)
        if kind is NEVER_A_NAME:
            continue
        if type(kind) is _RunPlan:
            start = match.start()
            run = [Word(w.text, start + w.start, start + w.end) for w in kind.words]
            cut = _cut(kind, lambda i, run=run: _plain_named_by_context(src, run, i, known, doubtful))
            names += [SourceName(tuple(run[first:last]), entries, entry)
                      for first, last, entries, entry in cut]
            continue
        word = Word(match.group(), *match.span())
        if kind is not None or _plain_named_by_context(src, [word], 0, known):
            names.append(SourceName((word,), (kind,), kind))
        else:
            doubtful.add(word.text)
    return names


@pytest.mark.parametrize("with_known", [False, True])
def test_source_names_match_the_plain_computation(with_known):
    gazetteer = load_gazetteer("names.en-ar.yaml")
    names = 0
    for src in _texts():
        known = frozenset(sentence_openers(src)) if with_known else frozenset()
        fast, slow = set(), set()
        found = source_names(src, gazetteer, known, fast)
        assert found == _plain_source_names(src, known, slow)
        assert all(type(w) is Word for name in found for w in name.words)
        assert fast == slow
        names += len(found)
    assert names > 150


def test_recurrence_pre_test_agrees_with_the_scan():
    """Every capitalised word of the texts, as if it opened a run, decided both ways."""
    for src in _texts():
        for match in NAME_RUN.finditer(src):
            for word in (Word(match.group(), *match.span()),
                         Word(match.group().split()[0], match.start(),
                              match.start() + len(match.group().split()[0]))):
                fast, slow = set(), set()
                assert (_named_by_context(src, (word,), 0, frozenset(), fast)
                        == _plain_named_by_context(src, [word], 0, frozenset(), slow))
                assert fast == slow
