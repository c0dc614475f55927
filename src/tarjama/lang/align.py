"""English and Arabic sentences, and the alignment of two English texts sentence by sentence.

The round trip is read sentence by sentence: the source and the back-translation (both
English) are split into sentences and aligned monotonically on their content-word stems, and
the back-translation's sentences stand for the translation's when both have as many. The
addition/omission check reads unmatched sentences off the alignment; the mistranslation check
compares the sentences it pairs.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from typing import NamedTuple

from tarjama.memo import Memo

SENTENCE_END_AR = re.compile(r"[.!?؟](?=\s|$)|\n")
EN_SENTENCE_END = re.compile(r"([.!?][\"”’')\]]*)\s+(?=[\"“‘'(\[]?[A-Z0-9])")
ABBREVIATIONS = ("Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Gen", "Col", "Lt", "Sgt", "Capt", "Gov",
                 "Sen", "Rep", "Jr", "Sr", "No", "vs", "etc", "Jan", "Feb", "Mar", "Apr", "Jun",
                 "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
ABBREVIATION = re.compile(r"(?:\b(?:" + "|".join(ABBREVIATIONS) + r")|"
                          r"\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z])$")
# EN_SENTENCE_END less the ends that an ABBREVIATION ends at, with ABBREVIATION written as
# lookbehinds of fixed width after the mark (so the engine still skips ahead to the marks):
# a word boundary and a capital; initials ("U.S", of which only the last three characters
# matter: a "." before them is a word boundary too); a word boundary and an abbreviation.
SENTENCE_END_UNABBREVIATED = re.compile(EN_SENTENCE_END.pattern.replace("[.!?]", (
    r"[.!?](?<!\b[A-Z].)(?<!\b[A-Za-z]\.[A-Za-z].)"
    + "".join(f"(?<!\\b(?:{'|'.join(a for a in ABBREVIATIONS if len(a) == n)}).)"
              for n in sorted({len(a) for a in ABBREVIATIONS}))), 1))
STEM_LENGTH = 5
# Words are the runs of [a-z0-9] in lower-cased text: this table (for the text encoded as
# ASCII, "?" for any other character) makes every other character a space.
WORD_BYTES = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256))
STOPWORDS = frozenset((
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from",
    "as", "is", "was", "were", "be", "been", "are", "that", "this", "it", "its", "he", "she",
    "they", "we", "you", "i", "his", "her", "their", "our", "not", "but", "had", "has", "have",
    "will", "would", "said", "says", "also", "which", "who", "than", "then", "there", "into",
    "about", "after", "before", "over",
))


STOP_STEMS = frozenset(w[:STEM_LENGTH] for w in STOPWORDS)


def english_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of English text; abbreviations and initials do not end a sentence."""
    spans, start = [], 0
    for match in SENTENCE_END_UNABBREVIATED.finditer(text):
        spans.append((start, match.end(1)))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def arabic_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of the MT: split after . ! ? ؟ and at line breaks."""
    spans, start = [], 0
    for match in SENTENCE_END_AR.finditer(text):
        if text[start:match.end()].strip():
            spans.append(strip_span(text, start, match.end()))
        start = match.end()
    if text[start:].strip():
        spans.append(strip_span(text, start, len(text)))
    return spans


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    return start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())


def stems(text: str) -> frozenset[str]:
    """Content-word stems (5-letter prefixes), the unit of sentence similarity."""
    return frozenset(words_stems(word_text(text).split()))


def word_text(text: str) -> str:
    """`text` lower-cased with every character but [a-z0-9] made a space: its words are then
    split out by str and bytes methods in C, several times faster than by a regex."""
    return text.lower().encode("ascii", "replace").translate(WORD_BYTES).decode()


def words_stems(words: Iterable[str]) -> set[str]:
    """The stems of `words` but those of stop words."""
    return stem_set(map(_STEM_OF.__getitem__, words))


def word_stems(folded: str) -> list[str | None]:
    """The stem of each word of `folded` (a word_text) in order; None for a stop word's."""
    return list(map(_STEM_OF.__getitem__, folded.split()))


def stem_set(in_order: Iterable[str | None]) -> set[str]:
    """The distinct stems of `in_order` (a word_stems list), the stop words' None left out."""
    found = set(in_order)
    found.discard(None)
    return found  # type: ignore[return-value]  # (None discarded)


def _stem_of(word: str) -> str | None:
    """The stem of a word, or None for a stop word's."""
    stem = word[:STEM_LENGTH]
    return None if stem in STOP_STEMS else stem


# Word → `_stem_of`, remembered: spares slicing every word and hashing every new stem.
_STEM_OF: Memo[str, str | None] = Memo(_stem_of, limit=100_000)


def dice(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


# Beads: (source sentences, back-translated sentences) consumed.
BEADS = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))


def align(src_stems: Sequence[AbstractSet[str]], bt_stems: Sequence[AbstractSet[str]],
          threshold: float) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Monotone alignment maximising the sum over beads of (dice - threshold).

    Skipping a sentence (1-0, 0-1) scores 0, so a pair is aligned only when it is more
    similar than `threshold`. Returns beads as (source indices, back-translation indices).
    """
    n, m = len(src_stems), len(bt_stems)
    src_pairs = [a | b for a, b in itertools.pairwise(src_stems)]
    bt_pairs = [a | b for a, b in itertools.pairwise(bt_stems)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    # Each cell takes the best bead that ends there, the beads tried in the order of the
    # cells they start from (row by row), the first of equal scores kept: the alignment that
    # extending each cell's best score along BEADS, row by row, would give.
    for i in range(n + 1):
        for j in range(m + 1):
            score, step = -math.inf, None
            if i >= 2 and j >= 1:
                score, step = best[i - 2][j - 1] + (
                    dice(src_pairs[i - 2], bt_stems[j - 1]) - threshold), (2, 1)
            if i >= 1 and j >= 2:
                gain = dice(src_stems[i - 1], bt_pairs[j - 2]) - threshold
                if best[i - 1][j - 2] + gain > score:
                    score, step = best[i - 1][j - 2] + gain, (1, 2)
            if i >= 1 and j >= 1:
                gain = dice(src_stems[i - 1], bt_stems[j - 1]) - threshold
                if best[i - 1][j - 1] + gain > score:
                    score, step = best[i - 1][j - 1] + gain, (1, 1)
            if i >= 1 and best[i - 1][j] + 0.0 > score:
                score, step = best[i - 1][j] + 0.0, (1, 0)
            if j >= 1 and best[i][j - 1] + 0.0 > score:
                score, step = best[i][j - 1] + 0.0, (0, 1)
            if step is not None:
                best[i][j], back[i][j] = score, step
    return _trace(back, n, m)


def _trace(back: list[list[tuple[int, int] | None]], n: int,
           m: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    beads = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        assert step is not None
        di, dj = step
        beads.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return beads[::-1]


def sentence_stems(text: str, folded: str, spans: list[tuple[int, int]],
                   in_order: list[str | None], whole: set[str]) -> list[set[str]]:
    """Stems of each sentence (whose union is `whole`: sentences end at spaces, not in words);
    `folded` is word_text(text), of the same offsets unless lower-casing changed them, and
    `in_order` is word_stems(folded)."""
    if len(spans) == 1:
        return [whole]
    if len(folded) != len(text):
        return [words_stems(word_text(text[s:e]).split()) for s, e in spans]
    # No word lies between two sentences: each sentence's words are the next ones in
    # `in_order`, whose stems a slice gives without looking each word up again.
    sentences, first = [], 0
    for start, end in spans:
        last = first + len(folded[start:end].split())
        sentences.append(stem_set(in_order[first:last]))
        first = last
    return sentences


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
    src_spans, bt_spans = english_sentences(src), english_sentences(bt)
    if not src_spans or not bt_spans:
        return []
    mt_spans = arabic_sentences(mt)
    if len(mt_spans) != len(bt_spans):
        mt_spans = []
    if len(src_spans) == len(bt_spans) == 1:
        beads = [((0,), (0,))]
    else:
        beads = align([stems(src[s:e]) for s, e in src_spans],
                      [stems(bt[s:e]) for s, e in bt_spans], threshold)
    return [SentencePair(_joined(src_spans, s), _joined(bt_spans, b),
                         _joined(mt_spans, b) if mt_spans else None)
            for s, b in beads if s and b]


def _joined(spans: list[tuple[int, int]], indices: tuple[int, ...]) -> tuple[int, int]:
    """The span from the first to the last of consecutive sentences."""
    return spans[indices[0]][0], spans[indices[-1]][1]
