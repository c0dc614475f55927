"""N-gram differences between two systems on the same data: the reference's words and phrases
that one system's output matches and the other's misses (compare-mt's n-gram analysis).

A segment's reference is its human Arabic reference when both runs have one (the outputs are
the two MT texts), else its English source (the outputs are the two back-translations): the
phrases a system keeps through the round trip are the ones it translated. Words are compared
after folding (Arabic through `lang.ar.normalise`, then lower case), so spelling variants of
one word count as one. Per reference n-gram, each system's matches are clipped by its count in
the reference, summed over segments; the phrases listed are those whose share of matches,
(a + s) / (a + b + 2s) with add-s smoothing, is furthest towards one system.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tarjama.lang.ar import normalise
from tarjama.lang.tokens import WORD

MAX_N = 3
TOP = 20
SMOOTHING = 1.0
MIN_MATCHES = 2  # a phrase matched fewer times in all is noise, not a difference


@dataclass(frozen=True)
class NgramRow:
    """One reference phrase: how often each system matched it, and the baseline's share."""

    ngram: str
    baseline: int
    candidate: int
    share: float  # smoothed share of the baseline in the matches, 0.5 = no difference


@dataclass(frozen=True)
class NgramDifferences:
    """The phrases each system matches more often, most lopsided first."""

    against: str  # "ref" (MT against the Arabic reference) or "src" (bt against the source)
    segments: int
    baseline_better: list[NgramRow]
    candidate_better: list[NgramRow]


def words(text: str | None) -> list[str]:
    """The folded words of `text` (Arabic normalised, lower case; punctuation dropped), as
    the checks' tokens cut them."""
    return WORD.findall(normalise(text or "").lower())


def ngrams(tokens: list[str], max_n: int = MAX_N) -> Counter[str]:
    """Every n-gram of 1 to `max_n` words, with its count."""
    return Counter(
        " ".join(tokens[i : i + n]) for n in range(1, max_n + 1) for i in range(len(tokens) - n + 1)
    )


def matches(reference: Counter[str], output: Counter[str]) -> Counter[str]:
    """Per reference n-gram, the output's count clipped by the reference's."""
    return Counter(
        {gram: min(count, output[gram]) for gram, count in reference.items() if gram in output}
    )


def differences(
    triples: Iterable[tuple[str | None, str | None, str | None]],
    against: str,
    max_n: int = MAX_N,
    top: int = TOP,
) -> NgramDifferences:
    """N-gram differences over (reference, baseline output, candidate output) per segment."""
    matched_a: Counter[str] = Counter()
    matched_b: Counter[str] = Counter()
    segments = 0
    for reference, out_a, out_b in triples:
        ref = ngrams(words(reference), max_n)
        matched_a.update(matches(ref, ngrams(words(out_a), max_n)))
        matched_b.update(matches(ref, ngrams(words(out_b), max_n)))
        segments += 1
    rows = [
        _row(gram, matched_a[gram], matched_b[gram])
        for gram in matched_a.keys() | matched_b
        if matched_a[gram] + matched_b[gram] >= MIN_MATCHES and matched_a[gram] != matched_b[gram]
    ]
    return NgramDifferences(
        against,
        segments,
        baseline_better=_most_lopsided([r for r in rows if r.share > 0.5], top),
        candidate_better=_most_lopsided([r for r in rows if r.share < 0.5], top),
    )


def _most_lopsided(rows: list[NgramRow], top: int) -> list[NgramRow]:
    """The `top` rows furthest from an even share, the more often matched first on a tie."""
    ranked = sorted(rows, key=lambda r: (-abs(r.share - 0.5), -(r.baseline + r.candidate), r.ngram))
    return ranked[:top]


def _row(gram: str, a: int, b: int) -> NgramRow:
    return NgramRow(gram, a, b, (a + SMOOTHING) / (a + b + 2 * SMOOTHING))


def paired_differences(
    baseline: Iterable[Mapping[str, Any]], candidate: Iterable[Mapping[str, Any]]
) -> NgramDifferences | None:
    """N-gram differences between two runs' segments (matched by id): against the Arabic
    reference when every segment has one, else round trip (back-translations against the
    source); None when the runs have neither references nor back-translations."""
    by_id = {str(s.get("id")): s for s in candidate}
    pairs = [(a, by_id[str(a.get("id"))]) for a in baseline if str(a.get("id")) in by_id]
    if pairs and all(a.get("ref") and b.get("ref") for a, b in pairs):
        return differences(((a["ref"], a.get("mt"), b.get("mt")) for a, b in pairs), "ref")
    if pairs and any(a.get("bt") or b.get("bt") for a, b in pairs):
        return differences(((a.get("src"), a.get("bt"), b.get("bt")) for a, b in pairs), "src")
    return None
