"""Regression gates: is the candidate run worse than a baseline run, and is that real?

A regression gate fails when the candidate is worse than the baseline by more than the gate's
margin AND a paired significance test (bootstrap or approximate randomisation, over the
segments' cached statistics) gives p < alpha. Worse by more than the margin but not
significant is `inconclusive`: it passes with a warning unless the gate says
`on_inconclusive: fail`. Without a baseline run (`tarjama run --baseline none`) a regression
gate is recorded as `skipped`; `tarjama run` refuses to run one with no --baseline at all.
Which direction is worse comes from the metric's own
`higher_is_better`, as recorded in results.json.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tarjama.config import GateConfig
from tarjama.errors import ConfigError, RunDirError
from tarjama.rundir import Run
from tarjama.significance import (
    DEFAULT_AR_TRIALS,
    DEFAULT_BOOTSTRAP_SAMPLES,
    DEFAULT_SEED,
    PairedResult,
    metric_scorer,
    paired_bootstrap,
    paired_randomization,
    stats_matrix,
)

TEST_NAMES = {"bootstrap": "paired bootstrap", "randomization": "paired approximate randomisation"}


def require_baseline(gates: Sequence[GateConfig], baseline: Run | None) -> None:
    """ConfigError naming the first regression gate when there is no baseline run."""
    for gate in gates:
        if gate.kind == "regression" and baseline is None:
            raise ConfigError(f"gate '{gate.label}' compares with a baseline run: pass "
                              "--baseline RUN_DIR (or the id or label of a run in the store; "
                              "'--baseline none' skips regression gates)")


SAME_DATA_COLUMNS = {"src": "source text", "ref": "reference"}
"""What two runs must share, segment by segment, to be compared: the texts every system is
scored against. (`bt` is each run's own back-translation of its `mt`: it differs by design.)"""


def check_same_data(segments: Sequence[dict[str, Any]], baseline: Run) -> None:
    """RunDirError unless the baseline has the same segment ids, source texts and references,
    in order; the message names the column that differs."""
    where = baseline.path
    if len(segments) != len(baseline.segments):
        raise RunDirError(f"baseline is on different data: {len(baseline.segments)} segments, "
                          f"this run has {len(segments)}", where)
    for ours, theirs in zip(segments, baseline.segments, strict=True):
        if ours["id"] != theirs["id"]:
            raise RunDirError(f"baseline is on different data: segment id {theirs['id']!r} "
                              f"where this run has {ours['id']!r}", where)
        for column, what in SAME_DATA_COLUMNS.items():
            problem = _column_problem(ours.get(column), theirs.get(column), column, what)
            if problem:
                raise RunDirError(f"baseline is on different data: {problem} for segment "
                                  f"{ours['id']!r}", where)


def _column_problem(ours: str | None, theirs: str | None, column: str, what: str) -> str | None:
    if ours == theirs:
        return None
    if theirs is None or ours is None:
        side = "the baseline" if theirs is None else "this run"
        return f"{side} has no {what} ({column})"
    return f"the {what} ({column}) differs"


def same_data_sha256(segments: Iterable[Mapping[str, Any]]) -> str:
    """The sha256 of what `check_same_data` compares (each segment's id, src and ref, in
    order): runs with the same value can be compared; a baseline is looked for among them."""
    digest = hashlib.sha256()
    for segment in segments:
        key = [segment["id"], *(segment.get(column) for column in SAME_DATA_COLUMNS)]
        digest.update(json.dumps(key, ensure_ascii=False).encode("utf-8") + b"\n")
    return digest.hexdigest()


def paired_metric_test(key: str, results: dict[str, Any], segments: Sequence[dict[str, Any]],
                       baseline: Run, test: str, n_samples: int | None = None) -> PairedResult:
    """One paired test of metric `key`, baseline run against this run."""
    entry = _metric_entry(key, results, None)
    base_entry = _metric_entry(key, baseline.results, baseline.path)
    if entry.get("signature") != base_entry.get("signature"):
        raise RunDirError(f"{key} was computed with different settings in the baseline "
                          f"({base_entry.get('signature')} vs {entry.get('signature')})",
                          baseline.path)
    score = metric_scorer(key, entry, results.get("languages"))
    base_stats = stats_matrix(baseline.segments, key, baseline.path)
    cand_stats = stats_matrix(segments, key)
    seed = int((results.get("signature") or {}).get("seed", DEFAULT_SEED))
    if test == "randomization":
        return paired_randomization(base_stats, cand_stats, score, seed=seed,
                                    n_trials=n_samples or DEFAULT_AR_TRIALS)
    return paired_bootstrap(base_stats, cand_stats, score, seed=seed,
                            n_samples=n_samples or DEFAULT_BOOTSTRAP_SAMPLES)


def _metric_entry(key: str, results: dict[str, Any], where: Any) -> dict[str, Any]:
    entry = results.get("metrics", {}).get(key)
    if entry is None:
        whose = "the baseline run" if where else "this run"
        raise RunDirError(f"{whose} has no metric {key}", where)
    return entry


def evaluate_regression(gate: GateConfig, results: dict[str, Any],
                        segments: Sequence[dict[str, Any]] | None,
                        baseline: Run | None) -> dict[str, Any]:
    """The gate's outcome: pass, fail or inconclusive, with its evidence and explanation."""
    if baseline is None:
        return _skipped(gate)
    assert segments is not None
    if gate.metric.startswith("checks."):
        raise ConfigError(f"gate '{gate.label}': regression gates compare metrics; "
                          f"use an absolute gate for {gate.metric}")
    if gate.use != "score":
        raise ConfigError(f"gate '{gate.label}': 'use: {gate.use}' applies to absolute gates; "
                          "a regression gate compares scores with a paired test")
    check_same_data(segments, baseline)
    tested = paired_metric_test(gate.metric, results, segments, baseline, gate.test, gate.samples)
    higher_is_better = bool(results["metrics"][gate.metric]["higher_is_better"])
    value = float(results["metrics"][gate.metric]["score"])
    base_value = float(baseline.results["metrics"][gate.metric]["score"])
    delta = value - base_value
    worse_by = -delta if higher_is_better else delta
    state = _state(worse_by > gate.margin, tested.p_value < gate.alpha)
    outcome = {
        "name": gate.label, "kind": "regression", "metric": gate.metric,
        "op": ">=" if higher_is_better else "<=",
        "threshold": base_value - gate.margin if higher_is_better else base_value + gate.margin,
        "value": value, "passed": state == "pass" or (state == "inconclusive"
                                                      and gate.on_inconclusive == "pass"),
        "state": state, "p_value": tested.p_value, "delta": delta,
        "delta_ci95": list(tested.delta_ci95) if tested.delta_ci95 else None,
        "test": gate.test, "n_samples": tested.n_samples, "alpha": gate.alpha,
        "margin": gate.margin, "higher_is_better": higher_is_better,
        "baseline": {"run_id": baseline.results.get("run_id"), "path": str(baseline.path),
                     "value": base_value},
    }
    outcome["message"] = regression_message(outcome, gate)
    return outcome


def _skipped(gate: GateConfig) -> dict[str, Any]:
    """A regression gate with no baseline run (`--baseline none`): recorded, not decided."""
    return {"name": gate.label, "kind": "regression", "metric": gate.metric, "op": gate.op,
            "threshold": None, "value": None, "passed": True, "state": "skipped",
            "p_value": None, "delta": None, "baseline": None,
            "message": f"{gate.metric}: no baseline run given, regression gate not evaluated"}


def _state(beyond_margin: bool, significant: bool) -> str:
    if not beyond_margin:
        return "pass"
    return "fail" if significant else "inconclusive"


def regression_message(outcome: dict[str, Any], gate: GateConfig) -> str:
    """One sentence saying what was compared and why the gate decided as it did."""
    base = outcome["baseline"]
    head = (f"{outcome['metric']} {outcome['value']:.2f} vs baseline {base['value']:.2f} "
            f"({base['run_id']}): delta {outcome['delta']:+.2f}")
    test = (f"{TEST_NAMES[outcome['test']]} p={outcome['p_value']:.4f}, "
            f"alpha {outcome['alpha']:g}")
    direction = "higher" if outcome["higher_is_better"] else "lower"
    if outcome["state"] == "pass":
        return f"{head}, within the margin {gate.margin:g} ({direction} is better; {test})"
    if outcome["state"] == "fail":
        return (f"{head}, worse than the margin {gate.margin:g} allows and significant "
                f"({test}; {direction} is better)")
    then = "passing with a warning" if outcome["passed"] else "failing (on_inconclusive: fail)"
    return (f"{head}, worse than the margin {gate.margin:g} allows but not significant "
            f"({test}): inconclusive, {then}")
