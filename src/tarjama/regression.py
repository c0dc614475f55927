"""Regression gates: is the candidate run worse than a baseline run by more than a margin?

A regression gate states a hypothesis and tests it, one-sided, on the paired segments' cached
statistics (bootstrap or approximate randomisation, `tarjama.significance`): H0 "the candidate
loses at most `margin`" against H1 "it loses more" (delta = candidate − baseline; which way is
a loss comes from the metric's own `higher_is_better`, as recorded in results.json).

- fail: the test rejects H0 (p < alpha): the loss beyond the margin is significant.
- inconclusive: the observed loss exceeds the margin, but the test does not reject H0: the
  data cannot tell whether the true loss does. It passes with a warning unless the gate says
  `on_inconclusive: fail`.
- pass: the observed delta is within the margin (and so the test does not reject H0).
- skipped: no baseline run (`tarjama run --baseline none`); `tarjama run` refuses a regression
  gate with no --baseline at all.

docs/gates.md says what each verdict does and does not mean. The baseline itself is chosen by
`tarjama.history.resolve_baseline`, which returns it as a `BaselineRun`: the run, and why.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tarjama.config import DEFAULT_SEED, GateConfig
from tarjama.errors import ConfigError, RunDirError
from tarjama.rundir import Run
from tarjama.significance import (
    DEFAULT_AR_TRIALS,
    DEFAULT_BOOTSTRAP_SAMPLES,
    PairedResult,
    margin_bootstrap,
    margin_randomization,
    metric_scorer,
    stats_matrix,
)

TEST_NAMES = {"bootstrap": "paired bootstrap", "randomization": "paired approximate randomisation"}


@dataclass
class BaselineRun(Run):
    """A run chosen as the baseline, with the reference it was chosen by and why."""

    ref: str = ""
    policy: str = ""
    reason: str = ""

    def record(self) -> dict[str, Any]:
        """What results.json keeps under `baseline`: which run, and why it was chosen."""
        return {**describe_baseline(self), "ref": self.ref, "policy": self.policy}


def describe_baseline(run: Run) -> dict[str, Any]:
    """Which run the baseline is, whether it passed its own gates, and why it was chosen."""
    results = run.results
    reason = run.reason if isinstance(run, BaselineRun) else "given by the caller"
    return {
        "run_id": results.get("run_id"),
        "path": str(run.path),
        "label": results.get("label"),
        "model_version": results.get("model_version"),
        "created": results.get("created"),
        "passed": results.get("passed"),
        "reason": reason,
    }


def baseline_record(run: Run | None) -> dict[str, Any] | None:
    """results.json's `baseline`: null without one (regression gates are then skipped)."""
    if run is None:
        return None
    return run.record() if isinstance(run, BaselineRun) else describe_baseline(run)


def require_baseline(gates: Sequence[GateConfig], baseline: Run | None) -> None:
    """ConfigError naming the first regression gate when there is no baseline run."""
    for gate in gates:
        if gate.kind == "regression" and baseline is None:
            raise ConfigError(
                f"gate '{gate.label}' compares with a baseline run: pass "
                "--baseline RUN_DIR (or the id or label of a run in the store; "
                "'--baseline none' skips regression gates)"
            )


SAME_DATA_COLUMNS = {"src": "source text", "ref": "reference"}
"""What two runs must share, segment by segment, to be compared: the texts every system is
scored against. (`bt` is each run's own back-translation of its `mt`: it differs by design.)"""


def check_same_data(segments: Sequence[dict[str, Any]], baseline: Run) -> None:
    """RunDirError unless the baseline has the same segment ids, source texts and references,
    in order; the message names the column that differs."""
    where = baseline.path
    if len(segments) != len(baseline.segments):
        raise RunDirError(
            f"baseline is on different data: {len(baseline.segments)} segments, "
            f"this run has {len(segments)}",
            where,
        )
    for ours, theirs in zip(segments, baseline.segments, strict=True):
        if ours["id"] != theirs["id"]:
            raise RunDirError(
                f"baseline is on different data: segment id {theirs['id']!r} "
                f"where this run has {ours['id']!r}",
                where,
            )
        for column, what in SAME_DATA_COLUMNS.items():
            problem = _column_problem(ours.get(column), theirs.get(column), column, what)
            if problem:
                raise RunDirError(
                    f"baseline is on different data: {problem} for segment {ours['id']!r}", where
                )


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


@dataclass(frozen=True)
class RegressionVerdict:
    """A regression gate's evidence and the verdict it supports (see the module docstring)."""

    metric: str
    value: float
    baseline_value: float
    tested: PairedResult
    higher_is_better: bool
    margin: float
    alpha: float
    on_inconclusive: str

    @property
    def delta(self) -> float:
        return self.value - self.baseline_value

    @property
    def bound(self) -> float:
        """The delta at the margin: -margin when higher is better, +margin when lower is."""
        return (-self.margin if self.higher_is_better else self.margin) or 0.0

    @property
    def state(self) -> str:
        if self.tested.p_value < self.alpha:
            return "fail"
        beyond = self.delta < self.bound if self.higher_is_better else self.delta > self.bound
        return "inconclusive" if beyond else "pass"

    @property
    def passed(self) -> bool:
        return self.state == "pass" or (
            self.state == "inconclusive" and self.on_inconclusive == "pass"
        )

    @property
    def hypothesis(self) -> str:
        """'H0: delta >= -1 vs H1: delta < -1' in the metric's own direction."""
        keep, worse = (">=", "<") if self.higher_is_better else ("<=", ">")
        return f"H0: delta {keep} {self.bound:g} vs H1: delta {worse} {self.bound:g}"

    def message(self) -> str:
        """The verdict's reason, one sentence (the baseline, delta and CI are fields of their
        own in the gate's result)."""
        worse = "<" if self.higher_is_better else ">"
        test = (
            f"one-sided {TEST_NAMES[self.tested.test]} p={self.tested.p_value:.3g} for "
            f"H1: delta {worse} {self.bound:g}, alpha {self.alpha:g}"
        )
        head = f"delta {self.delta:+.2f}"
        if self.state == "pass":
            return f"{head}: within the margin {self.margin:g}, no evidence of a loss beyond it ({test})"
        if self.state == "fail":
            return f"{head}: worse than the margin {self.margin:g} allows, significantly ({test})"
        then = "passing with a warning" if self.passed else "failing (on_inconclusive: fail)"
        return (
            f"{head}: worse than the margin {self.margin:g} allows, but not significantly "
            f"({test}): inconclusive, {then}"
        )


def judge_regression(
    gate: GateConfig, results: dict[str, Any], segments: Sequence[dict[str, Any]], baseline: Run
) -> RegressionVerdict:
    """Test the gate's hypothesis on this run (`results`, `segments`) against `baseline`;
    RunDirError when the two runs cannot be compared."""
    check_same_data(segments, baseline)
    entry = _metric_entry(gate.metric, results, None)
    higher_is_better = bool(entry["higher_is_better"])
    tested = margin_test(gate, results, segments, baseline, higher_is_better)
    return RegressionVerdict(
        gate.metric,
        float(entry["score"]),
        float(baseline.results["metrics"][gate.metric]["score"]),
        tested,
        higher_is_better,
        gate.margin,
        gate.alpha,
        gate.on_inconclusive,
    )


def margin_test(
    gate: GateConfig,
    results: dict[str, Any],
    segments: Sequence[dict[str, Any]],
    baseline: Run,
    higher_is_better: bool,
) -> PairedResult:
    """The gate's one-sided paired test of its metric, baseline run against this run, with
    this run's recorded seed."""
    key = gate.metric
    entry = _metric_entry(key, results, None)
    base_entry = _metric_entry(key, baseline.results, baseline.path)
    if entry.get("signature") != base_entry.get("signature"):
        raise RunDirError(
            f"{key} was computed with different settings in the baseline "
            f"({base_entry.get('signature')} vs {entry.get('signature')})",
            baseline.path,
        )
    score = metric_scorer(key, entry, results.get("languages"))
    base_stats = stats_matrix(baseline.segments, key, baseline.path)
    cand_stats = stats_matrix(segments, key)
    seed = recorded_seed(results)
    if gate.test == "randomization":
        return margin_randomization(
            base_stats,
            cand_stats,
            score,
            margin=gate.margin,
            higher_is_better=higher_is_better,
            seed=seed,
            n_trials=gate.samples or DEFAULT_AR_TRIALS,
        )
    return margin_bootstrap(
        base_stats,
        cand_stats,
        score,
        margin=gate.margin,
        higher_is_better=higher_is_better,
        seed=seed,
        n_samples=gate.samples or DEFAULT_BOOTSTRAP_SAMPLES,
    )


def recorded_seed(results: Mapping[str, Any]) -> int:
    """The seed a run's results.json signature records (sacrebleu's default when none)."""
    return int((results.get("signature") or {}).get("seed", DEFAULT_SEED))


def _metric_entry(key: str, results: dict[str, Any], where: Any) -> dict[str, Any]:
    entry: dict[str, Any] | None = results.get("metrics", {}).get(key)
    if entry is None:
        whose = "the baseline run" if where else "this run"
        raise RunDirError(f"{whose} has no metric {key}", where)
    return entry
