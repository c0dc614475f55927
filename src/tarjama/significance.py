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

The regression gates test another hypothesis on the same draws (`margin_bootstrap`,
`margin_randomization`): one-sided, H0 "the candidate loses at most `margin`" against H1 "it
loses more". With the loss written as the gain g = ±delta (+ when higher is better):

- bootstrap: p = (#{resamples with g* >= -margin} + 1) / (R + 1), the share of resamples
  that do not lose more than the margin. It rejects at level alpha exactly when fewer than
  about alpha·R resamples lie on H0's side, i.e. when the one-sided (1 - alpha) percentile
  bound of the gain lies beyond -margin: the test and the delta's percentile CI agree.
- approximate randomisation: the trials' signed gains are H0's distribution at delta = 0;
  shifted to the margin, p = (#{trials with g <= observed g + margin} + 1) / (T + 1).

Ties count for H0 in both (a tie is not evidence of a loss), so identical systems get p = 1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from tarjama.config import DEFAULT_SEED
from tarjama.context import RunContext
from tarjama.errors import RunDirError
from tarjama.metrics.resample import bootstrap_sums, percentile_interval

FloatArray = NDArray[np.float64]
ScoreFn = Callable[[FloatArray], FloatArray]

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


def p_value(sample_stats: FloatArray, observed: float) -> float:
    """sacrebleu's (count(stat > observed) + 1) / (samples + 1), ties not counted."""
    bound = observed + TIE_TOLERANCE * max(1.0, abs(observed))
    count = int(np.sum(sample_stats > bound))
    return (count + 1) / (len(sample_stats) + 1)


@dataclass(frozen=True)
class _Draws:
    """Observed scores of both systems and the signed deltas (candidate − baseline) of every
    resample or trial: what each test's p-value is counted from."""

    baseline: float
    candidate: float
    deltas: FloatArray
    identical: bool

    @property
    def delta(self) -> float:
        return self.candidate - self.baseline


def paired_bootstrap(
    baseline: FloatArray,
    candidate: FloatArray,
    score: ScoreFn,
    *,
    n_samples: int = DEFAULT_BOOTSTRAP_SAMPLES,
    seed: int = DEFAULT_SEED,
    confidence: float = 0.95,
) -> PairedResult:
    """Paired bootstrap resampling test (two-sided, as sacrebleu), plus the percentile CI of
    the delta."""
    draws = _bootstrap_draws(baseline, candidate, score, n_samples, seed)
    diffs = np.abs(draws.deltas)
    p = 1.0 if draws.identical else p_value(diffs - diffs.mean(), abs(draws.delta))
    return _result(draws, p, "bootstrap", n_samples, percentile_interval(draws.deltas, confidence))


def paired_randomization(
    baseline: FloatArray,
    candidate: FloatArray,
    score: ScoreFn,
    *,
    n_trials: int = DEFAULT_AR_TRIALS,
    seed: int = DEFAULT_SEED,
) -> PairedResult:
    """Paired approximate randomisation test (two-sided, as sacrebleu)."""
    draws = _randomization_draws(baseline, candidate, score, n_trials, seed)
    p = 1.0 if draws.identical else p_value(np.abs(draws.deltas), abs(draws.delta))
    return _result(draws, p, "randomization", n_trials, None)


def margin_bootstrap(
    baseline: FloatArray,
    candidate: FloatArray,
    score: ScoreFn,
    *,
    margin: float,
    higher_is_better: bool,
    n_samples: int = DEFAULT_BOOTSTRAP_SAMPLES,
    seed: int = DEFAULT_SEED,
    confidence: float = 0.95,
) -> PairedResult:
    """One-sided bootstrap test of H0 "the candidate loses at most `margin`" (module
    docstring); the same resamples, hence the same delta CI, as `paired_bootstrap`."""
    draws = _bootstrap_draws(baseline, candidate, score, n_samples, seed)
    gains = _finite(draws.deltas if higher_is_better else -draws.deltas)
    bound = -margin - TIE_TOLERANCE * max(1.0, margin)
    p = (int(np.sum(gains >= bound)) + 1) / (len(gains) + 1)
    return _result(draws, p, "bootstrap", n_samples, percentile_interval(draws.deltas, confidence))


def margin_randomization(
    baseline: FloatArray,
    candidate: FloatArray,
    score: ScoreFn,
    *,
    margin: float,
    higher_is_better: bool,
    n_trials: int = DEFAULT_AR_TRIALS,
    seed: int = DEFAULT_SEED,
) -> PairedResult:
    """One-sided approximate randomisation test of H0 "the candidate loses at most
    `margin`" (module docstring); the same trials as `paired_randomization`."""
    draws = _randomization_draws(baseline, candidate, score, n_trials, seed)
    sign = 1.0 if higher_is_better else -1.0
    gains = _finite(sign * draws.deltas)
    bound = sign * draws.delta + margin
    bound += TIE_TOLERANCE * max(1.0, abs(bound))
    p = (int(np.sum(gains <= bound)) + 1) / (len(gains) + 1)
    return _result(draws, p, "randomization", n_trials, None)


def _bootstrap_draws(
    baseline: FloatArray, candidate: FloatArray, score: ScoreFn, n_samples: int, seed: int
) -> _Draws:
    base_stats, cand_stats = _as_pair(baseline, candidate)
    base_score, cand_score = _observed(base_stats, cand_stats, score)
    base_sums, cand_sums = bootstrap_sums([base_stats, cand_stats], n_samples, seed)
    return _Draws(
        base_score,
        cand_score,
        score(cand_sums) - score(base_sums),
        bool(np.array_equal(base_stats, cand_stats)),
    )


def _randomization_draws(
    baseline: FloatArray, candidate: FloatArray, score: ScoreFn, n_trials: int, seed: int
) -> _Draws:
    base_stats, cand_stats = _as_pair(baseline, candidate)
    base_score, cand_score = _observed(base_stats, cand_stats, score)
    rng = np.random.default_rng(seed)
    swap = rng.integers(2, size=(n_trials, len(base_stats)), dtype=bool)
    deltas = np.concatenate(
        [
            _trial_deltas(block, base_stats, cand_stats, score)
            for block in np.array_split(swap, _n_chunks(n_trials))
        ]
    )
    return _Draws(base_score, cand_score, deltas, bool(np.array_equal(base_stats, cand_stats)))


def _result(
    draws: _Draws, p: float, test: str, n: int, ci: tuple[float, float] | None
) -> PairedResult:
    return PairedResult(draws.baseline, draws.candidate, draws.delta, ci, p, test, n)


def _finite(values: FloatArray) -> FloatArray:
    finite: FloatArray = values[np.isfinite(values)]
    return finite


def _trial_deltas(
    keep: FloatArray, base: FloatArray, cand: FloatArray, score: ScoreFn
) -> FloatArray:
    """score(B) − score(A) for pseudo-systems A (baseline where `keep`, candidate elsewhere)
    and B (the rest): in the trial where nothing swaps, candidate − baseline."""
    keep_f = keep.astype(np.float64)
    swap_f = 1.0 - keep_f
    sums_a = keep_f @ base + swap_f @ cand
    sums_b = swap_f @ base + keep_f @ cand
    return score(sums_b) - score(sums_a)


def _n_chunks(n_trials: int) -> int:
    return max(1, -(-n_trials // _TRIAL_CHUNK))


def _as_pair(baseline: FloatArray, candidate: FloatArray) -> tuple[FloatArray, FloatArray]:
    base = np.asarray(baseline, dtype=np.float64)
    cand = np.asarray(candidate, dtype=np.float64)
    if base.shape != cand.shape or base.ndim != 2 or len(base) == 0:
        raise RunDirError(
            f"paired test needs two (n, k) statistics arrays of one shape, "
            f"got {base.shape} and {cand.shape}"
        )
    return base, cand


def _observed(base: FloatArray, cand: FloatArray, score: ScoreFn) -> tuple[float, float]:
    return float(score(base.sum(axis=0))), float(score(cand.sum(axis=0)))


def mean_from_sums(sums: FloatArray) -> FloatArray:
    """Mean-aggregated metrics keep statistics [score, 1]: the score is sum / count."""
    sums = np.asarray(sums, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return sums[..., 0] / sums[..., 1]


# --- statistics and scorers from run directories -------------------------------------------


def stats_matrix(segments: Sequence[dict[str, Any]], key: str, where: Any = None) -> FloatArray:
    """The (n, k) statistics of metric `key` from segments.jsonl rows."""
    rows = []
    for row in segments:
        stats = (row.get("stats") or {}).get(key)
        if stats is None:
            raise RunDirError(
                f"segment {row.get('id')!r} has no statistics for {key} "
                "(run written by an older tarjama? re-run it)",
                where,
            )
        rows.append(stats)
    return np.asarray(rows, dtype=np.float64)


def metric_scorer(
    key: str, entry: dict[str, Any], languages: dict[str, str] | None = None
) -> ScoreFn:
    """`scores_from_sums` for a metric as recorded in results.json (options included)."""
    if entry.get("aggregation") == "mean":
        return mean_from_sums
    from tarjama.metrics import METRICS

    metric = METRICS.get(key)(entry.get("options") or {}, RunContext.from_languages(languages))
    return metric.scores_from_sums
