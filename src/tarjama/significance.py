"""Paired significance between two runs on the same segments, from cached statistics.

Both tests follow sacrebleu 2.6.0's `PairedTest` draw for draw, so that with the same seed
and sample count they give sacrebleu's p-values for BLEU and chrF:

- paired bootstrap (`paired_bs`): `default_rng(seed).choice(n, (R, n))` picks R resamples
  of segment indices; both systems are scored on each; the p-value counts resamples whose
  centred absolute difference exceeds the observed one.
- paired approximate randomisation (`paired_ar`): `default_rng(seed).integers(2, (T, n),
  dtype=bool)` decides, per trial and segment, whether the two systems swap that segment;
  the p-value counts trials whose absolute difference exceeds the observed one.

p = (count + 1) / (samples + 1) in both. Everything is vectorised: a resample or trial is a
row of a counts (or selection) matrix, and one matrix product with the (n, k) statistics
gives every resample's summed statistics; the metric's `scores_from_sums` scores them all.

One deliberate departure: when the two systems have identical statistics on every segment,
the p-value is 1.0 (sacrebleu reports 1/(samples+1) there, which reads as "significant").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tarjama.config import DEFAULT_SEED
from tarjama.context import RunContext
from tarjama.errors import RunDirError
from tarjama.metrics.resample import bootstrap_sums, percentile_interval

ScoreFn = Callable[[np.ndarray], np.ndarray]

DEFAULT_BOOTSTRAP_SAMPLES = 1000
DEFAULT_AR_TRIALS = 10000
TIE_TOLERANCE = 1e-9  # a trial that only ties the observed difference does not count
_TRIAL_CHUNK = 2000


@dataclass(frozen=True)
class PairedResult:
    """One metric, baseline against candidate."""

    baseline: float
    candidate: float
    delta: float  # candidate − baseline
    delta_ci95: tuple[float, float] | None
    p_value: float
    test: str
    n_samples: int


def p_value(sample_stats: np.ndarray, observed: float) -> float:
    """sacrebleu's (count(stat > observed) + 1) / (samples + 1), ties not counted."""
    bound = observed + TIE_TOLERANCE * max(1.0, abs(observed))
    count = int(np.sum(sample_stats > bound))
    return (count + 1) / (len(sample_stats) + 1)


def paired_bootstrap(baseline: np.ndarray, candidate: np.ndarray, score: ScoreFn, *,
                     n_samples: int = DEFAULT_BOOTSTRAP_SAMPLES, seed: int = DEFAULT_SEED,
                     confidence: float = 0.95) -> PairedResult:
    """Paired bootstrap resampling test, plus the percentile CI of the delta."""
    base_stats, cand_stats = _as_pair(baseline, candidate)
    base_score, cand_score = _observed(base_stats, cand_stats, score)
    base_sums, cand_sums = bootstrap_sums([base_stats, cand_stats], n_samples, seed)
    base_samples, cand_samples = score(base_sums), score(cand_sums)
    diffs = np.abs(cand_samples - base_samples)
    p = _p_or_one(base_stats, cand_stats, diffs - diffs.mean(), abs(cand_score - base_score))
    ci = percentile_interval(cand_samples - base_samples, confidence)
    return PairedResult(base_score, cand_score, cand_score - base_score, ci, p,
                        "bootstrap", n_samples)


def paired_randomization(baseline: np.ndarray, candidate: np.ndarray, score: ScoreFn, *,
                         n_trials: int = DEFAULT_AR_TRIALS,
                         seed: int = DEFAULT_SEED) -> PairedResult:
    """Paired approximate randomisation test (two-sided)."""
    base_stats, cand_stats = _as_pair(baseline, candidate)
    base_score, cand_score = _observed(base_stats, cand_stats, score)
    rng = np.random.default_rng(seed)
    swap = rng.integers(2, size=(n_trials, len(base_stats)), dtype=bool)
    trial_diffs = np.concatenate([_trial_diffs(block, base_stats, cand_stats, score)
                                  for block in np.array_split(swap, _n_chunks(n_trials))])
    p = _p_or_one(base_stats, cand_stats, trial_diffs, abs(cand_score - base_score))
    return PairedResult(base_score, cand_score, cand_score - base_score, None, p,
                        "randomization", n_trials)


def _trial_diffs(keep: np.ndarray, base: np.ndarray, cand: np.ndarray, score: ScoreFn) -> np.ndarray:
    """|score(A) − score(B)| for pseudo-systems A (baseline where `keep`) and B (the rest)."""
    keep_f = keep.astype(np.float64)
    swap_f = 1.0 - keep_f
    sums_a = keep_f @ base + swap_f @ cand
    sums_b = swap_f @ base + keep_f @ cand
    return np.abs(score(sums_a) - score(sums_b))


def _n_chunks(n_trials: int) -> int:
    return max(1, -(-n_trials // _TRIAL_CHUNK))


def _as_pair(baseline: np.ndarray, candidate: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    base = np.asarray(baseline, dtype=np.float64)
    cand = np.asarray(candidate, dtype=np.float64)
    if base.shape != cand.shape or base.ndim != 2 or len(base) == 0:
        raise RunDirError(f"paired test needs two (n, k) statistics arrays of one shape, "
                          f"got {base.shape} and {cand.shape}")
    return base, cand


def _observed(base: np.ndarray, cand: np.ndarray, score: ScoreFn) -> tuple[float, float]:
    return float(score(base.sum(axis=0))), float(score(cand.sum(axis=0)))


def _p_or_one(base: np.ndarray, cand: np.ndarray, sample_stats: np.ndarray, observed: float) -> float:
    if np.array_equal(base, cand):
        return 1.0
    return p_value(sample_stats, observed)


def mean_from_sums(sums: np.ndarray) -> np.ndarray:
    """Mean-aggregated metrics keep statistics [score, 1]: the score is sum / count."""
    sums = np.asarray(sums, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return sums[..., 0] / sums[..., 1]


# --- statistics and scorers from run directories -------------------------------------------


def stats_matrix(segments: Sequence[dict[str, Any]], key: str, where: Any = None) -> np.ndarray:
    """The (n, k) statistics of metric `key` from segments.jsonl rows."""
    rows = []
    for row in segments:
        stats = (row.get("stats") or {}).get(key)
        if stats is None:
            raise RunDirError(f"segment {row.get('id')!r} has no statistics for {key} "
                              "(run written by an older tarjama? re-run it)", where)
        rows.append(stats)
    return np.asarray(rows, dtype=np.float64)


def metric_scorer(key: str, entry: dict[str, Any], languages: dict[str, str] | None = None) -> ScoreFn:
    """`scores_from_sums` for a metric as recorded in results.json (options included)."""
    if entry.get("aggregation") == "mean":
        return mean_from_sums
    from tarjama.metrics import METRICS

    metric = METRICS.get(key)(entry.get("options") or {}, RunContext.from_languages(languages))
    return metric.scores_from_sums
