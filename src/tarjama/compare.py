"""Compare runs on the same data: metric deltas with paired significance, flag-count deltas.

`compare_runs([baseline, candidate, ...])` returns a plain dict (what `tarjama compare --json`
prints and the compare HTML renders)::

    {
      "baseline":   {"run_id", "path", "label", "model_version", "created"},
      "candidates": [{"run_id", "path", "label", "model_version", "created"}, ...],
      "n_segments": int,
      "settings":   {"n_samples": int, "ar_trials": int, "seed": int | None,
                     "confidence": 0.95, "alpha": 0.05},
      "metrics": {            # every metric that all runs share, in the baseline's order
        "roundtrip.chrf": [   # one entry per candidate, in candidate order
          {"run_id", "baseline", "candidate", "delta",        # delta = candidate − baseline
           "delta_ci95": [lo, hi],                            # paired bootstrap percentiles
           "p_value_bootstrap", "p_value_ar",                 # sacrebleu's paired_bs / paired_ar
           "higher_is_better", "better": bool | None,         # by sign; None when delta == 0
           "significant": bool,                               # both p-values < alpha
           "verdict": "better" | "worse" | "no significant change"},
        ],
      },
      "skipped_metrics": {"roundtrip.comet": "why it is not compared"},
      "flags":       {category: [{"run_id", "baseline", "candidate", "delta"}, ...]},
      "by_severity": {severity: [{"run_id", "baseline", "candidate", "delta"}, ...]},
      "mqm_penalty": [{"run_id", "baseline", "candidate", "delta"}, ...],
    }

Runs must share segment ids, source texts and references (RunDirError otherwise). The tests
are the plain two-sided difference tests, as sacrebleu runs them; a regression gate tests its
margin instead (`tarjama.regression`), on the same resamples. Without a `seed`, each candidate
is tested with the seed its run recorded, as its gates were (its seed is in `candidates`, and
`settings.seed` is the one seed when they share it, else null).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tarjama.errors import RunDirError
from tarjama.regression import check_same_data, recorded_seed
from tarjama.rundir import Run
from tarjama.significance import (
    DEFAULT_AR_TRIALS,
    DEFAULT_BOOTSTRAP_SAMPLES,
    FloatArray,
    ScoreFn,
    metric_scorer,
    paired_bootstrap,
    paired_randomization,
    stats_matrix,
)

SIGNIFICANCE = 0.05
NO_SIGNIFICANT_CHANGE = "no significant change"


@dataclass(frozen=True)
class Settings:
    """How every candidate is tested: resamples, trials, seeds, confidence and alpha."""

    n_samples: int
    ar_trials: int
    seeds: dict[str, int]  # candidate run id -> seed
    alpha: float = SIGNIFICANCE

    def as_dict(self) -> dict[str, Any]:
        shared = set(self.seeds.values())
        return {
            "n_samples": self.n_samples,
            "ar_trials": self.ar_trials,
            "seed": shared.pop() if len(shared) == 1 else None,
            "confidence": 0.95,
            "alpha": self.alpha,
        }


def compare_runs(
    runs: Sequence[Run],
    *,
    n_samples: int = DEFAULT_BOOTSTRAP_SAMPLES,
    ar_trials: int = DEFAULT_AR_TRIALS,
    seed: int | None = None,
    alpha: float = SIGNIFICANCE,
) -> dict[str, Any]:
    """The first run is the baseline; every other run is a candidate compared with it, with
    `seed`, else the seed the candidate's run recorded."""
    if len(runs) < 2:
        raise RunDirError("compare needs at least two runs (a baseline and a candidate)")
    baseline, candidates = runs[0], list(runs[1:])
    for candidate in candidates:
        check_same_data(candidate.segments, baseline)
    seeds = {c.run_id: seed if seed is not None else recorded_seed(c.results) for c in candidates}
    settings = Settings(n_samples, ar_trials, seeds, alpha)
    metrics, skipped = _compare_metrics(baseline, candidates, settings)
    return {
        "baseline": _describe(baseline),
        "candidates": [{**_describe(c), "seed": seeds[c.run_id]} for c in candidates],
        "n_segments": len(baseline.segments),
        "settings": settings.as_dict(),
        "metrics": metrics,
        "skipped_metrics": skipped,
        **_compare_checks(baseline, candidates),
    }


def _describe(run: Run) -> dict[str, Any]:
    r = run.results
    return {
        "run_id": r.get("run_id"),
        "path": str(run.path),
        "label": r.get("label"),
        "model_version": r.get("model_version"),
        "created": r.get("created"),
    }


def _compare_metrics(
    baseline: Run,
    candidates: list[Run],
    settings: Settings,
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, str]]:
    metrics: dict[str, list[dict[str, Any]]] = {}
    skipped: dict[str, str] = {}
    for key, entry in baseline.results.get("metrics", {}).items():
        reason = _not_comparable(key, entry, candidates)
        if reason:
            skipped[key] = reason
            continue
        score = metric_scorer(key, entry, baseline.results.get("languages"))
        base_stats = stats_matrix(baseline.segments, key, baseline.path)
        metrics[key] = [
            _compare_metric(key, entry, score, base_stats, candidate, settings)
            for candidate in candidates
        ]
    return metrics, skipped


def _not_comparable(key: str, entry: dict[str, Any], candidates: list[Run]) -> str | None:
    for candidate in candidates:
        other = candidate.results.get("metrics", {}).get(key)
        if other is None:
            return f"not in run {candidate.run_id}"
        if other.get("signature") != entry.get("signature"):
            return f"different settings in run {candidate.run_id} ({other.get('signature')})"
    return None


def _compare_metric(
    key: str,
    entry: dict[str, Any],
    score: ScoreFn,
    base_stats: FloatArray,
    candidate: Run,
    settings: Settings,
) -> dict[str, Any]:
    cand_stats = stats_matrix(candidate.segments, key, candidate.path)
    seed = settings.seeds[candidate.run_id]
    boot = paired_bootstrap(base_stats, cand_stats, score, n_samples=settings.n_samples, seed=seed)
    rand = paired_randomization(
        base_stats, cand_stats, score, n_trials=settings.ar_trials, seed=seed
    )
    base_value = float(entry["score"])
    cand_value = float(candidate.results["metrics"][key]["score"])
    delta = cand_value - base_value
    higher_is_better = bool(entry["higher_is_better"])
    better = None if delta == 0 else (delta > 0) == higher_is_better
    significant = max(boot.p_value, rand.p_value) < settings.alpha
    return {
        "run_id": candidate.run_id,
        "baseline": base_value,
        "candidate": cand_value,
        "delta": delta,
        "delta_ci95": list(boot.delta_ci95) if boot.delta_ci95 else None,
        "p_value_bootstrap": boot.p_value,
        "p_value_ar": rand.p_value,
        "higher_is_better": higher_is_better,
        "better": better,
        "significant": significant,
        "verdict": verdict(better, significant),
    }


def verdict(better: bool | None, significant: bool) -> str:
    """'better' or 'worse' only when both tests say the difference is real."""
    if better is None or not significant:
        return NO_SIGNIFICANT_CHANGE
    return "better" if better else "worse"


def _compare_checks(baseline: Run, candidates: list[Run]) -> dict[str, Any]:
    base = baseline.results.get("checks") or {}
    return {
        "flags": {
            cat: _count_deltas(base, candidates, "counts", cat) for cat in base.get("counts", {})
        },
        "by_severity": {
            sev: _count_deltas(base, candidates, "by_severity", sev)
            for sev in base.get("by_severity", {})
        },
        "mqm_penalty": _count_deltas(base, candidates, "mqm_penalty"),
    }


def _count_deltas(
    base: dict[str, Any], candidates: list[Run], section: str, name: str | None = None
) -> list[dict[str, Any]]:
    """Baseline value, candidate value and delta of one number in the checks block."""

    def pick(checks: dict[str, Any]) -> Any:
        value = checks.get(section)
        return (value or {}).get(name) if name is not None else value

    out = []
    for candidate in candidates:
        b, c = pick(base), pick(candidate.results.get("checks") or {})
        out.append(
            {
                "run_id": candidate.run_id,
                "baseline": b,
                "candidate": c,
                "delta": None if b is None or c is None else c - b,
            }
        )
    return out
