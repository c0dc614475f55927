"""The alignment of two English texts sentence by sentence.

The round trip is read sentence by sentence: the source and the back-translation (both
English) are split into sentences (lang.en; the translation's by lang.ar) and aligned
monotonically on their content-word stems, and
the back-translation's sentences stand for the translation's when both have as many. The
addition/omission check reads unmatched sentences off the alignment; the mistranslation check
compares the sentences it pairs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import NamedTuple

from tarjama.lang import ar, en

STEM_LENGTH = 5
STEM_WORD = re.compile(r"[a-z0-9]+")  # in lower-cased English; other letters split words
STOPWORDS = frozenset(
    (
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "was",
        "were",
        "be",
        "been",
        "are",
        "that",
        "this",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "his",
        "her",
        "their",
        "our",
        "not",
        "but",
        "had",
        "has",
        "have",
        "will",
        "would",
        "said",
        "says",
        "also",
        "which",
        "who",
        "than",
        "then",
        "there",
        "into",
        "about",
        "after",
        "before",
        "over",
    )
)
STOP_STEMS = frozenset(word[:STEM_LENGTH] for word in STOPWORDS)


def stems(text: str) -> frozenset[str]:
    """Content-word stems (5-letter prefixes) of English text, the unit of sentence similarity;
    a stem that a stop word has too is left out."""
    return frozenset({word[:STEM_LENGTH] for word in STEM_WORD.findall(text.lower())} - STOP_STEMS)


def dice(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


Bead = tuple[tuple[int, ...], tuple[int, ...]]
"""Source sentence indices and back-translation sentence indices aligned together."""
BEADS = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))  # (source, back-translation) sentences taken


def align(
    src_stems: Sequence[AbstractSet[str]], bt_stems: Sequence[AbstractSet[str]], threshold: float
) -> list[Bead]:
    """Monotone alignment maximising the sum over beads of (dice - threshold).

    Skipping a sentence (1-0, 0-1) scores 0, so a pair is aligned only when it is more
    similar than `threshold`. Of equal scores, the first bead in BEADS' order wins.
    """
    n, m = len(src_stems), len(bt_stems)
    best = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    back = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for di, dj in BEADS:
                if i < di or j < dj:
                    continue
                gain = 0.0
                if di and dj:
                    src = set().union(*src_stems[i - di : i])
                    bt = set().union(*bt_stems[j - dj : j])
                    gain = dice(src, bt) - threshold
                if best[i - di][j - dj] + gain > best[i][j]:
                    best[i][j], back[i][j] = best[i - di][j - dj] + gain, (di, dj)
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        beads.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return beads[::-1]


class SentencePair(NamedTuple):
    """Source sentences and the back-translated sentences aligned to them, as spans of `src`
    and `bt`; `mt` is the span of the translated sentences they stand for, or None when the
    translation's sentences cannot be told apart (its sentence count differs from bt's)."""

    src: tuple[int, int]
    bt: tuple[int, int]
    mt: tuple[int, int] | None


def sentence_pairs(src: str, bt: str, mt: str, threshold: float = 0.2) -> list[SentencePair]:
    """The round trip sentence by sentence: each bead of `align` with sentences on both sides.

    The back-translation was made from `mt` sentence by sentence, so when both have as many
    sentences, bt's sentence i is the back-translation of mt's sentence i. A source and a
    back-translation of one sentence each are paired however little they share."""
    src_spans, bt_spans = en.sentence_spans(src), en.sentence_spans(bt)
    if not src_spans or not bt_spans:
        return []
    mt_spans = ar.sentence_spans(mt)
    if len(mt_spans) != len(bt_spans):
        mt_spans = []
    if len(src_spans) == len(bt_spans) == 1:
        beads: list[Bead] = [((0,), (0,))]
    else:
        beads = align(
            [stems(src[s:e]) for s, e in src_spans],
            [stems(bt[s:e]) for s, e in bt_spans],
            threshold,
        )
    return [
        SentencePair(
            _joined(src_spans, s), _joined(bt_spans, b), _joined(mt_spans, b) if mt_spans else None
        )
        for s, b in beads
        if s and b
    ]


def _joined(spans: list[tuple[int, int]], indices: tuple[int, ...]) -> tuple[int, int]:
    """The span from the first to the last of consecutive sentences."""
    return spans[indices[0]][0], spans[indices[-1]][1]
