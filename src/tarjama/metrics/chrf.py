"""sacrebleu's chrF statistics, with the n-gram counting compiled in numba.

sacrebleu counts chrF's n-grams with Python `Counter`s of strings: about 1 ms per
news-length segment for chrF++ (six character orders and two word orders), the slowest of the
lexical metrics. Here the text is prepared exactly as sacrebleu prepares it, with sacrebleu's
own code (lowercasing, whitespace removal, the punctuation split of chrF++'s words), and only
the counting moves into compiled code over integer ids: characters as code points, words as
ids of a vocabulary. For each order it yields what sacrebleu's counters yield — the
hypothesis and reference n-gram totals and the clipped matches, the sum over n-grams of
min(hypothesis count, reference count) — so the statistics are identical. (BLEU's counting
would gain little this way: its time goes to sacrebleu's tokeniser.)

An n-gram's identity is exact, never a hash: the n-grams of order n are numbered densely
(equal n-grams, equal numbers) and an n-gram of order n + 1 is the pair (number of its first
n tokens, its last token), numbered in turn; a hash table only finds the numbers.
Importing this module imports numba (see `tarjama.metrics.ter`); compiled code is cached.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from numba import njit
from numpy.typing import NDArray

IntArray = NDArray[np.int64]

CHUNK_SEGMENTS = 1024  # segments encoded and counted per compiled call: bounds the buffers
FIBONACCI = np.uint64(0x9E3779B97F4A7C15)  # multiplicative hashing: spreads nearby keys


def chrf_statistics(hyps: Sequence[str], refs: Sequence[str], scorer: Any) -> NDArray[np.int32]:
    """sacrebleu's chrF statistics of each pair, shape (n, 3 * (char_order + word_order)):
    [hyp, ref, match] per character order, then per word order (chrF++).

    `scorer` is the sacrebleu `CHRF` object as configured (orders, case, whitespace).
    """
    out = np.empty((len(hyps), 3 * (scorer.char_order + scorer.word_order)), dtype=np.int32)
    for start in range(0, len(hyps), CHUNK_SEGMENTS):
        stop = min(start + CHUNK_SEGMENTS, len(hyps))
        out[start:stop] = _chunk_statistics(hyps[start:stop], refs[start:stop], scorer)
    return out


def _chunk_statistics(hyps: Sequence[str], refs: Sequence[str], scorer: Any) -> IntArray:
    hyps = [scorer._preprocess_segment(h) for h in hyps]  # lowercased if configured
    refs = [scorer._preprocess_segment(r) for r in refs]
    counts = ngram_counts(
        *_code_points(hyps, scorer.whitespace),
        *_code_points(refs, scorer.whitespace),
        scorer.char_order,
    )
    if not scorer.word_order:
        return _chrf_triples(counts)
    vocab: dict[str, int] = {}
    words = scorer._remove_punctuation
    word_counts = ngram_counts(
        *_word_ids(map(words, hyps), vocab), *_word_ids(map(words, refs), vocab), scorer.word_order
    )
    return np.concatenate([_chrf_triples(counts), _chrf_triples(word_counts)], axis=1)


def _chrf_triples(counts: IntArray) -> IntArray:
    """(n, orders, 3) counts as chrF's flat [hyp, ref, match] per order; like sacrebleu, the
    hypothesis count is 0 where the reference has no n-gram of that order."""
    triples = counts.copy()
    triples[:, :, 0] = np.where(counts[:, :, 1] > 0, counts[:, :, 0], 0)
    return triples.reshape(len(counts), -1)


def _code_points(texts: list[str], keep_spaces: bool) -> tuple[IntArray, IntArray]:
    """The characters chrF reads (whitespace removed as sacrebleu removes it, unless kept) as
    code points, flat, with each text's end."""
    if not keep_spaces:
        texts = ["".join(text.split()) for text in texts]
    joined = "".join(texts).encode("utf-32-le", "surrogatepass")
    ends = np.cumsum([len(text) for text in texts], dtype=np.int64)
    return np.frombuffer(joined, dtype=np.uint32).astype(np.int64), ends


def _word_ids(texts: Iterable[list[str]], vocab: dict[str, int]) -> tuple[IntArray, IntArray]:
    """Words as integer ids (shared `vocab`), flat, with each text's end."""
    ids: list[int] = []
    ends: list[int] = []
    for words in texts:
        ids.extend(vocab.setdefault(word, len(vocab)) for word in words)
        ends.append(len(ids))
    return np.asarray(ids, dtype=np.int64), np.asarray(ends, dtype=np.int64)


@njit(cache=True)
def ngram_counts(
    hyp_ids: IntArray, hyp_ends: IntArray, ref_ids: IntArray, ref_ends: IntArray, max_order: int
) -> IntArray:
    """For each (hypothesis, reference) pair and each order 1..max_order: the hypothesis's
    n-grams, the reference's, and the clipped matches; shape (n_pairs, max_order, 3)."""
    n_pairs = len(hyp_ends)
    out = np.zeros((n_pairs, max_order, 3), dtype=np.int64)
    longest = 1
    hyp_start = 0
    ref_start = 0
    for k in range(n_pairs):
        longest = max(longest, hyp_ends[k] - hyp_start + ref_ends[k] - ref_start)
        hyp_start, ref_start = hyp_ends[k], ref_ends[k]
    bits = 1
    while (1 << bits) < 2 * longest:
        bits += 1
    # The hash table (a slot is in use when its stamp is the current generation), and per
    # position and per distinct n-gram what the numbering needs.
    keys = np.empty(1 << bits, dtype=np.int64)
    stamp = np.zeros(1 << bits, dtype=np.int64)
    ids = np.empty(1 << bits, dtype=np.int64)
    seq = np.empty(longest, dtype=np.int64)
    numbers = np.empty(longest, dtype=np.int64)
    first = np.empty(longest, dtype=np.int64)
    counts = np.empty((longest, 2), dtype=np.int64)
    generation = 0
    hyp_start = 0
    ref_start = 0
    for k in range(n_pairs):
        n_h = hyp_ends[k] - hyp_start
        n_r = ref_ends[k] - ref_start
        seq[:n_h] = hyp_ids[hyp_start : hyp_ends[k]]
        seq[n_h : n_h + n_r] = ref_ids[ref_start : ref_ends[k]]
        hyp_start, ref_start = hyp_ends[k], ref_ends[k]
        n_tokens = 0
        for order in range(1, max_order + 1):
            if n_h < order and n_r < order:
                break  # no n-grams of this order or longer: out stays zero
            if order > 1:
                for pos in range(n_h + n_r):
                    last = pos + order - 1
                    if last < n_h or (pos >= n_h and last < n_h + n_r):
                        seq[pos] = numbers[pos] * n_tokens + first[last]
            generation += 1
            n_distinct = _number(
                seq,
                n_h,
                n_r,
                order,
                keys,
                stamp,
                ids,
                generation,
                bits,
                numbers,
                counts,
                out[k, order - 1],
            )
            if order == 1:
                n_tokens = n_distinct
                first[: n_h + n_r] = numbers[: n_h + n_r]
    return out


@njit(cache=True)
def _number(
    seq: IntArray,
    n_h: int,
    n_r: int,
    order: int,
    keys: IntArray,
    stamp: IntArray,
    ids: IntArray,
    generation: int,
    bits: int,
    numbers: IntArray,
    counts: IntArray,
    out: IntArray,
) -> int:
    """Number the n-grams of one order (`seq` holds each one's key at its start position)
    densely, count them per side, and write [hypothesis total, reference total, clipped
    matches] to `out`; the number of distinct n-grams."""
    mask = (1 << bits) - 1
    shift = np.uint64(64 - bits)
    n_distinct = 0
    for pos in range(n_h + n_r):
        side = 0 if pos < n_h else 1
        if pos + order > (n_h if side == 0 else n_h + n_r):
            continue
        key = seq[pos]
        slot = np.int64((np.uint64(key) * FIBONACCI) >> shift) & mask
        while stamp[slot] == generation and keys[slot] != key:
            slot = (slot + 1) & mask
        if stamp[slot] != generation:
            stamp[slot] = generation
            keys[slot] = key
            ids[slot] = n_distinct
            counts[n_distinct, 0] = 0
            counts[n_distinct, 1] = 0
            n_distinct += 1
        numbers[pos] = ids[slot]
        counts[ids[slot], side] += 1
    matches = 0
    for number in range(n_distinct):
        matches += min(counts[number, 0], counts[number, 1])
    out[0] = max(n_h - order + 1, 0)
    out[1] = max(n_r - order + 1, 0)
    out[2] = matches
    return n_distinct
