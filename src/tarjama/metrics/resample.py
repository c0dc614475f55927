"""Bootstrap resampling over cached segment statistics, vectorised with numpy.

The resample index matrix is drawn as sacrebleu draws it (numpy's default_rng(seed).choice),
turned into per-resample segment counts, and multiplied with the (n, k) statistics: one
matrix product gives the summed statistics of every resample at once, with no re-tokenising.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

BLOCK_ROWS = 64  # resamples drawn at a time: the counts block stays small and warm in memory
BLOCK_CELLS = 2**21  # ... and at most this many (segment, resample) cells: 16 MB of float64


def block_rows(n_segments: int) -> int:
    """Resamples per block: BLOCK_ROWS, fewer for big datasets (at least one)."""
    return max(1, min(BLOCK_ROWS, BLOCK_CELLS // max(n_segments, 1)))


def resample_blocks(
    n_segments: int, n_resamples: int, seed: int
) -> Iterator[tuple[slice, NDArray[np.float64]]]:
    """(rows, counts) blocks: how often each segment appears in each resample of `rows`.

    Drawing block by block from one generator yields exactly the index matrix of a single
    `default_rng(seed).choice(n, size=(n_resamples, n))` call, as sacrebleu draws it.
    """
    rng = np.random.default_rng(seed)
    step = block_rows(n_segments)
    buffer = np.empty((min(step, n_resamples), n_segments), dtype=np.float64)
    for start in range(0, n_resamples, step):
        rows = min(step, n_resamples - start)
        idx = rng.choice(n_segments, size=(rows, n_segments), replace=True)
        block = buffer[:rows]
        for row, drawn in enumerate(idx):
            block[row] = np.bincount(drawn, minlength=n_segments)
        yield slice(start, start + rows), block


def bootstrap_sums(
    stats: Sequence[NDArray[Any]], n_resamples: int, seed: int
) -> list[NDArray[np.float64]]:
    """Summed statistics of every resample, for several (n, k) arrays on the same resamples."""
    arrays = [np.asarray(s, dtype=np.float64) for s in stats]
    sums = [np.empty((n_resamples, a.shape[1])) for a in arrays]
    n_segments = arrays[0].shape[0] if arrays else 0
    for rows, block in resample_blocks(n_segments, n_resamples, seed):
        for out, array in zip(sums, arrays):
            out[rows] = block @ array
    return sums


def percentile_interval(
    samples: NDArray[np.float64], confidence: float = 0.95
) -> tuple[float, float]:
    """The central `confidence` interval of bootstrap samples (percentile method)."""
    finite = samples[np.isfinite(samples)]
    if finite.size == 0:
        return (float("nan"), float("nan"))
    tail = (1 - confidence) / 2 * 100
    lo, hi = np.percentile(finite, [tail, 100 - tail])
    return float(lo), float(hi)
