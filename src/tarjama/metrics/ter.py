"""sacrebleu's TER statistics, compiled: the same shift search and beam edit distance, in numba.

sacrebleu 2.x computes TER in pure Python (`sacrebleu.metrics.lib_ter`), and its shift search
dominates a run on news-length segments. This module is a line-for-line port of that search to
numba over integer word ids: the same Tercom tokeniser (sacrebleu's own), the same candidate
order and ranking, the same beam around the pseudo-diagonal, the same limits (shift size 10,
distance 50, 1,000 candidates per segment) and the same edit costs, so the edit counts are
identical. Two things change, neither of which changes a number:
- sacrebleu memoises edit-distance rows in a prefix trie; here a candidate reuses the rows of
  the hypothesis it was shifted from, up to the first position where the two differ (every
  hypothesis of one segment has the same length, so a row depends only on the words before it);
- a candidate's score needs only the distance, so only the current hypothesis keeps the
  operation matrix that its alignment is traced from.
Importing this module imports numba; tarjama imports it only when TER is computed, and the
compiled code is cached on disk (numba's `cache=True`), so only the first run compiles.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

import numpy as np
from numba import njit
from numpy.typing import NDArray

# numba compiles from the values passed and ignores these annotations; they are for readers and
# mypy. Word ids are int32, positions, costs and counts int64, edit operations int8.
WordIds = NDArray[np.int32]
IntArray = NDArray[np.int64]
OpArray = NDArray[np.int8]
Index = int | np.int64  # numba's integers arrive as NumPy scalars

# sacrebleu.metrics.lib_ter's constants (a test checks that they still agree). numba freezes
# globals into the compiled code, so they are plain literals here, not imports.
COST_INS = 1
COST_DEL = 1
COST_SUB = 1
MAX_SHIFT_SIZE = 10
MAX_SHIFT_DIST = 50
BEAM_WIDTH = 25
MAX_SHIFT_CANDIDATES = 1000
INT_INFINITY = 10**16

OP_NOP, OP_SUB, OP_INS, OP_DEL, OP_UNDEF = 0, 1, 2, 3, 4

CHUNK_SEGMENTS = 1024  # segments encoded and scored per compiled call: bounds the id buffers


def ter_statistics(
    hyps: Sequence[str], refs: Sequence[str], tokenizer: object
) -> NDArray[np.float64]:
    """sacrebleu's TER statistics [edits, reference length] per segment, shape (n, 2).

    `tokenizer` is the `TercomTokenizer` of the sacrebleu `TER` object configured as wanted
    (case, normalisation, punctuation, Asian support).
    """
    tokenize = _uncached(tokenizer)
    out = np.empty((len(hyps), 2), dtype=np.float64)
    for start in range(0, len(hyps), CHUNK_SEGMENTS):
        stop = min(start + CHUNK_SEGMENTS, len(hyps))
        vocab: dict[str, int] = {}
        hyp_ids, hyp_ends = _encode((tokenize(h.rstrip()) for h in hyps[start:stop]), vocab)
        ref_ids, ref_ends = _encode((tokenize(r.rstrip()) for r in refs[start:stop]), vocab)
        out[start:stop, 0] = edit_counts(hyp_ids, hyp_ends, ref_ids, ref_ends)
        out[start:stop, 1] = np.diff(ref_ends, prepend=0)
    return out


def _uncached(tokenizer: object) -> Callable[[str], str]:
    """The tokeniser's call without sacrebleu's process-wide lru_cache of 65,536 sentences:
    every text is tokenised once here, and that cache would hold tens of MB for nothing."""
    call = type(tokenizer).__call__
    plain = getattr(call, "__wrapped__", call)
    return lambda text: plain(tokenizer, text)


def _encode(texts: Iterable[str], vocab: dict[str, int]) -> tuple[WordIds, IntArray]:
    """Whitespace-split words as integer ids (shared `vocab`), flat, with each text's end."""
    ids: list[int] = []
    ends: list[int] = []
    for text in texts:
        ids.extend(vocab.setdefault(word, len(vocab)) for word in text.split())
        ends.append(len(ids))
    return np.asarray(ids, dtype=np.int32), np.asarray(ends, dtype=np.int64)


@njit(cache=True)
def edit_counts(
    hyp_ids: WordIds, hyp_ends: IntArray, ref_ids: WordIds, ref_ends: IntArray
) -> NDArray[np.float64]:
    """TER edits (shifts + edit distance) of each hypothesis against its reference."""
    n = len(hyp_ends)
    edits = np.empty(n, dtype=np.float64)
    hyp_start = 0
    ref_start = 0
    for k in range(n):
        edits[k] = _segment_edits(
            hyp_ids[hyp_start : hyp_ends[k]], ref_ids[ref_start : ref_ends[k]]
        )
        hyp_start = hyp_ends[k]
        ref_start = ref_ends[k]
    return edits


@njit(cache=True)
def _segment_edits(hyp: WordIds, ref: WordIds) -> int:
    """sacrebleu's `translation_edit_rate`: greedy shifts while they lower the distance."""
    n_h, n_r = len(hyp), len(ref)
    if n_r == 0:
        return n_h
    # The edit-distance matrix of the current hypothesis (costs and operations), and the
    # one a candidate shift is scored in; row 0 is all insertions.
    cost = np.full((n_h + 1, n_r + 1), INT_INFINITY, dtype=np.int64)
    ops = np.full((n_h + 1, n_r + 1), OP_UNDEF, dtype=np.int8)
    cost[0] = np.arange(n_r + 1) * COST_INS
    ops[0] = OP_INS
    scratch = np.full((n_h + 1, n_r + 1), INT_INFINITY, dtype=np.int64)
    scratch_ops = np.full((n_h + 1, n_r + 1), OP_UNDEF, dtype=np.int8)
    beam = _beam_width(n_h, n_r)
    words = hyp.copy()
    shifted = np.empty_like(words)
    shifts = 0
    checked: Index = np.int64(0)  # not a literal 0: numba would compile _best_shift twice
    while True:
        _fill_rows(words, ref, cost, ops, np.int64(1), beam)  # from row 1 (see `checked`)
        delta, start, length, target, checked = _best_shift(
            words, ref, cost, ops, scratch, scratch_ops, shifted, beam, checked
        )
        if checked >= MAX_SHIFT_CANDIDATES or delta <= 0:
            break
        shifts += 1
        _perform_shift(words, start, length, target, shifted)
        words[:] = shifted
    return int(shifts + cost[n_h, n_r])


@njit(cache=True)
def _beam_width(n_h: int, n_r: int) -> int:
    ratio = n_r / n_h if n_h else 1.0
    if BEAM_WIDTH < ratio / 2:
        return math.ceil(ratio / 2 + BEAM_WIDTH)
    return BEAM_WIDTH


@njit(cache=True)
def _fill_rows(
    words: WordIds, ref: WordIds, cost: IntArray, ops: OpArray, first_row: Index, beam: int
) -> None:
    """Rows `first_row`..n_h of the beam edit distance (row first_row - 1 is already right).

    Row i only ever writes the cells of its own beam, which depend on (i, n_h, n_r) alone, so
    the cells outside it keep the infinity they were created with, as in sacrebleu's fresh rows.
    """
    n_h, n_r = len(words), len(ref)
    ratio = n_r / n_h if n_h else 1.0
    for i in range(first_row, n_h + 1):
        diag = math.floor(i * ratio)
        lo = max(0, diag - beam)
        hi = n_r + 1 if i == n_h else min(n_r + 1, diag + beam)
        word = words[i - 1]
        for j in range(lo, hi):
            if j == 0:
                cost[i, 0] = cost[i - 1, 0] + COST_DEL
                ops[i, 0] = OP_DEL
                continue
            # Tercom's preference: match or substitution, then deletion, then insertion;
            # a later option wins only when strictly cheaper.
            same = word == ref[j - 1]
            best = cost[i - 1, j - 1] + (0 if same else COST_SUB)
            best_op = OP_NOP if same else OP_SUB
            if best >= INT_INFINITY:
                best, best_op = INT_INFINITY, OP_UNDEF
            if cost[i - 1, j] + COST_DEL < best:
                best, best_op = cost[i - 1, j] + COST_DEL, OP_DEL
            if cost[i, j - 1] + COST_INS < best:
                best, best_op = cost[i, j - 1] + COST_INS, OP_INS
            cost[i, j] = best
            ops[i, j] = best_op


@njit(cache=True)
def _alignment(ops: OpArray, n_h: int, n_r: int) -> tuple[IntArray, IntArray, IntArray]:
    """The alignment that sacrebleu reads from the flipped trace of the optimal edits:
    for each reference word the hypothesis position it aligns after, and cumulative error
    counts over hypothesis and reference positions (for O(1) range sums)."""
    trace = np.empty(n_h + n_r, dtype=np.int8)
    length = 0
    i, j = n_h, n_r
    while i > 0 or j > 0:
        op = ops[i, j]
        trace[length] = op
        length += 1
        if op == OP_NOP or op == OP_SUB:
            i -= 1
            j -= 1
        elif op == OP_INS:
            j -= 1
        elif op == OP_DEL:
            i -= 1
        else:
            raise ValueError("TER: unknown edit operation in the trace")
    align = np.empty(n_r, dtype=np.int64)
    hyp_err = np.zeros(n_h + 1, dtype=np.int64)
    ref_err = np.zeros(n_r + 1, dtype=np.int64)
    pos_h, pos_r = -1, -1
    for k in range(length - 1, -1, -1):
        op = trace[k]
        if op == OP_DEL:  # flipped to an insertion: a hypothesis word with no partner
            pos_h += 1
            hyp_err[pos_h + 1] = 1
        elif op == OP_INS:  # flipped to a deletion: a reference word with no partner
            pos_r += 1
            align[pos_r] = pos_h
            ref_err[pos_r + 1] = 1
        else:
            pos_h += 1
            pos_r += 1
            align[pos_r] = pos_h
            error = 1 if op == OP_SUB else 0
            hyp_err[pos_h + 1] = error
            ref_err[pos_r + 1] = error
    return align, np.cumsum(hyp_err), np.cumsum(ref_err)


@njit(cache=True)
def _best_shift(
    words: WordIds,
    ref: WordIds,
    cost: IntArray,
    ops: OpArray,
    scratch: IntArray,
    scratch_ops: OpArray,
    shifted: WordIds,
    beam: int,
    checked: Index,
) -> tuple[int, int, int, int, Index]:
    """sacrebleu's `_shift`: the best-ranked shift of a matching word run, with the updated
    count of checked candidates. Ranking: largest distance drop, then longest run, then
    earliest start, then earliest target."""
    n_h, n_r = len(words), len(ref)
    pre_score = cost[n_h, n_r]
    align, hyp_err, ref_err = _alignment(ops, n_h, n_r)
    found = False
    best_delta, best_length, best_start, best_target = 0, 0, 0, 0
    for start_h in range(n_h):
        for start_r in range(
            max(0, start_h - MAX_SHIFT_DIST), min(n_r, start_h + MAX_SHIFT_DIST + 1)
        ):
            length = 0
            while length < MAX_SHIFT_SIZE and words[start_h + length] == ref[start_r + length]:
                length += 1
                # Shift only a run that is wrong in the hypothesis, whose reference words are
                # not all matched, and not into itself.
                if (
                    hyp_err[start_h + length] != hyp_err[start_h]
                    and ref_err[start_r + length] != ref_err[start_r]
                    and not (start_h <= align[start_r] < start_h + length)
                ):
                    previous = -1
                    for offset in range(-1, length):
                        if start_r + offset == -1:
                            target = 0
                        elif start_r + offset < n_r:
                            target = align[start_r + offset] + 1
                        else:
                            break
                        if target == previous:
                            continue
                        previous = target
                        prefix = _perform_shift(words, start_h, length, target, shifted)
                        scratch[prefix] = cost[prefix]
                        _fill_rows(shifted, ref, scratch, scratch_ops, prefix + 1, beam)
                        delta = pre_score - scratch[n_h, n_r]
                        checked += 1
                        # sacrebleu's ranking: (delta, length, -start, -target) compared as tuples
                        if not found or (
                            delta > best_delta
                            or delta == best_delta
                            and (
                                length > best_length
                                or length == best_length
                                and (
                                    start_h < best_start
                                    or start_h == best_start
                                    and target < best_target
                                )
                            )
                        ):
                            found = True
                            best_delta, best_length = delta, length
                            best_start, best_target = start_h, target
                    if checked >= MAX_SHIFT_CANDIDATES:
                        return best_delta, best_start, best_length, best_target, checked
                if start_h + length == n_h or start_r + length == n_r:
                    break
    return best_delta, best_start, best_length, best_target, checked


@njit(cache=True)
def _perform_shift(words: WordIds, start: int, length: int, target: int, out: WordIds) -> int:
    """sacrebleu's `_perform_shift` into `out` (with Python's slice bounds); returns how many
    leading words are unchanged."""
    n = len(words)
    end = start + length
    if target < start:
        parts = ((0, target), (start, end), (target, start), (end, n))
    elif target > end:
        parts = ((0, start), (end, target), (start, end), (target, n))
    else:
        parts = ((0, start), (end, length + target), (start, end), (length + target, n))
    pos = 0
    for lo, hi in parts:
        for k in range(lo, min(hi, n)):
            out[pos] = words[k]
            pos += 1
    return min(target, start)
