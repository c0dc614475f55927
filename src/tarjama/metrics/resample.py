"""Bootstrap resampling over cached segment statistics, vectorised with numpy.

The resample index matrix is drawn as sacrebleu draws it (numpy's default_rng(seed).choice),
turned into per-resample segment counts, and multiplied with the (n, k) statistics: one
matrix product gives the summed statistics of every resample at once.
"""

from __future__ import annotations

import numpy as np


def resample_counts(n_segments: int, n_resamples: int, seed: int) -> np.ndarray:
    """(n_resamples, n_segments) counts: how often each segment appears in each resample."""
    rng = np.random.default_rng(seed)
    idx = rng.choice(n_segments, size=(n_resamples, n_segments), replace=True)
    flat = idx + (np.arange(n_resamples)[:, None] * n_segments)
    counts = np.bincount(flat.ravel(), minlength=n_resamples * n_segments)
    return counts.reshape(n_resamples, n_segments).astype(np.float64)


def resampled_sums(stats: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """(n_resamples, k) summed statistics of each resample."""
    return counts @ np.asarray(stats, dtype=np.float64)


def percentile_interval(samples: np.ndarray, confidence: float = 0.95) -> tuple[float, float]:
    """The central `confidence` interval of bootstrap samples (percentile method)."""
    finite = samples[np.isfinite(samples)]
    if finite.size == 0:
        return (float("nan"), float("nan"))
    tail = (1 - confidence) / 2 * 100
    lo, hi = np.percentile(finite, [tail, 100 - tail])
    return float(lo), float(hi)
