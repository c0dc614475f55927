"""Release gates: decide pass, fail, inconclusive or skipped from a run's metrics, flag counts
and, for regression gates, a baseline run.

Absolute gates compare a value (a metric score, its CI bound, or a `checks.*` count) with a
threshold. Regression gates test, against a baseline run, whether the candidate is worse than
the gate's margin allows; the statistics live in `tarjama.regression`. Every gate's result is
one `GateOutcome`, which results.json stores as `GateOutcome.to_dict()`; every report reads
those fields, documented in docs/gates.md.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from tarjama.config import GateConfig
from tarjama.errors import ConfigError
from tarjama.regression import RegressionVerdict, describe_baseline, judge_regression
from tarjama.rundir import Run

OPERATORS = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}
STATES = ("pass", "fail", "inconclusive", "skipped")
REGRESSION_ONLY = ("margin", "alpha", "test", "on_inconclusive", "samples")
CHECKS_SUBJECTS = (
    "checks.mqm_penalty",
    "checks.n_flags",
    "checks.severity.<minor|major|critical>",
    "checks.<category>.count",
    "checks.<category>.rate",
)


@dataclass(frozen=True)
class GateOutcome:
    """One gate's result: the verdict, its reason, and the evidence behind it.

    Every gate has the first nine fields (results.json always carries them, null where they
    do not apply); a regression gate that was evaluated adds the rest. `passed` is what the
    exit code follows: an inconclusive gate passes unless its suite says
    `on_inconclusive: fail`, and a skipped one passes.
    """

    name: str
    kind: str  # "absolute" | "regression"
    metric: str  # a metric key, or a checks.* subject
    state: str  # one of STATES
    passed: bool
    message: str  # the verdict's reason, one sentence
    op: str | None = None
    threshold: float | None = None  # regression: the baseline's score moved by the margin
    value: float | None = None  # the run's score (or its CI bound, or the flag count)
    # regression gates only
    baseline: dict[str, Any] | None = None  # {run_id, path, label, value, reason}
    delta: float | None = None  # candidate − baseline
    delta_ci95: list[float] | None = None  # percentile CI of delta (bootstrap test only)
    margin: float | None = None
    alpha: float | None = None
    hypothesis: str | None = None  # "H0: delta >= -1 vs H1: delta < -1"
    p_value: float | None = None  # of the one-sided test of that hypothesis
    test: str | None = None  # "bootstrap" | "randomization"
    n_samples: int | None = None
    higher_is_better: bool | None = None

    ALWAYS = ("name", "kind", "metric", "op", "threshold", "value", "passed", "state", "message")

    def to_dict(self) -> dict[str, Any]:
        """The results.json form: the nine common fields, then the evidence that applies."""
        fields = asdict(self)
        return {
            key: value for key, value in fields.items() if key in self.ALWAYS or value is not None
        }


def evaluate_gates(
    gates: Sequence[GateConfig],
    results: dict[str, Any],
    baseline: Run | None = None,
    segments: Sequence[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Every gate's outcome (as results.json stores it), in suite order. A regression gate
    is skipped without a `baseline`; with one it needs this run's `segments`."""
    return [evaluate_gate(gate, results, baseline, segments).to_dict() for gate in gates]


def evaluate_gate(
    gate: GateConfig,
    results: dict[str, Any],
    baseline: Run | None = None,
    segments: Sequence[dict[str, Any]] | None = None,
) -> GateOutcome:
    problem = gate_problem(gate)
    if problem is not None:
        raise ConfigError(f"gate '{gate.label}': {problem[1]}")
    if gate.kind == "absolute":
        return evaluate_absolute(gate, results)
    if baseline is None:
        return skipped(gate)
    assert segments is not None, "a regression gate needs this run's segments"
    verdict = judge_regression(gate, results, segments, baseline)
    return regression_outcome(gate, verdict, baseline)


# --- what a gate may say, whatever the suite --------------------------------------------------


def gate_problem(gate: GateConfig) -> tuple[str, str] | None:
    """(key, problem) for a gate that cannot mean anything, whatever its suite; None if it can.
    `tarjama.suites` adds the problems that depend on the suite (disabled checks, …)."""
    for field in ("threshold", "margin"):
        value = getattr(gate, field)
        if value is not None and not math.isfinite(value):
            return field, f"must be a finite number, got {value}"
    if gate.kind == "regression":
        return _regression_problem(gate)
    for field in REGRESSION_ONLY:
        if field in gate.model_fields_set:
            return field, "applies to regression gates only (add 'kind: regression' or remove it)"
    if gate.metric.startswith("checks."):
        if gate.use != "score":
            return "use", (
                f"'use: {gate.use}' needs a confidence interval, and flag counts have "
                "none: gate on the count itself"
            )
        if checks_subject(gate.metric) is None:
            return "metric", (
                f"unknown gate subject '{gate.metric}' (use {', '.join(CHECKS_SUBJECTS)})"
            )
    return None


def _regression_problem(gate: GateConfig) -> tuple[str, str] | None:
    if gate.metric.startswith("checks."):
        return "metric", (
            "regression gates compare metric scores with a paired test; use an "
            f"absolute gate for {gate.metric}"
        )
    if gate.use != "score":
        return "use", (
            f"'use: {gate.use}' applies to absolute gates; a regression gate "
            "compares scores with a paired test"
        )
    if "op" in gate.model_fields_set:
        return "op", (
            "a regression gate takes no op: which way is worse comes from the "
            "metric, and 'margin' is the loss it tolerates"
        )
    if gate.threshold is not None:
        return "threshold", (
            "a regression gate takes no threshold: it compares with the "
            "baseline run, and 'margin' is the loss it tolerates"
        )
    return None


def checks_subject(key: str) -> tuple[str, str] | None:
    """('total', 'n_flags' | 'mqm_penalty'), ('severity', s) or ('category', c) for a checks.*
    gate subject; None when `key` is not one. Categories and severities are checked against
    the flag vocabulary."""
    from tarjama.flags import CATEGORIES, SEVERITIES

    parts = key.split(".")[1:]
    if parts in (["mqm_penalty"], ["n_flags"]):
        return "total", parts[0]
    if len(parts) == 2 and parts[0] == "severity" and parts[1] in SEVERITIES:
        return "severity", parts[1]
    if len(parts) == 2 and parts[0] in CATEGORIES and parts[1] in ("count", "rate"):
        return "category", parts[0]
    return None


# --- absolute gates -----------------------------------------------------------------------------


def gate_value(gate: GateConfig, results: dict[str, Any]) -> float | None:
    """The number an absolute gate looks at, from a results.json dict (None: the run has no
    value for it, e.g. an MQM penalty without source words)."""
    if gate.metric.startswith("checks."):
        return _checks_value(gate.metric, results["checks"])
    metric = results["metrics"].get(gate.metric)
    if metric is None:
        raise ConfigError(f"gate on '{gate.metric}': the run has no such metric")
    if gate.use == "score":
        return float(metric["score"])
    if not metric.get("ci95"):
        raise ConfigError(f"gate on the CI of '{gate.metric}': the run has no confidence interval")
    return float(metric["ci95"][0 if gate.use == "ci_low" else 1])


def _checks_value(key: str, checks: dict[str, Any]) -> float | None:
    """checks.mqm_penalty (None without source words), checks.n_flags, checks.severity.<s>,
    checks.<category>.count|rate."""
    kind, name = checks_subject(key) or ("", "")
    if kind == "total":
        return None if checks[name] is None else float(checks[name])
    if kind == "severity":
        return float(checks["by_severity"].get(name, 0))
    count = float(checks["counts"].get(name, 0))
    if key.endswith(".count"):
        return count
    words = checks.get("source_words") or 0
    return count * 1000 / words if words else 0.0


def evaluate_absolute(gate: GateConfig, results: dict[str, Any]) -> GateOutcome:
    value = gate_value(gate, results)
    assert gate.threshold is not None
    passed = value is not None and bool(OPERATORS[gate.op](value, gate.threshold))
    subject = gate.metric if gate.use == "score" else f"{gate.metric} ({gate.use})"
    verdict = "meets" if passed else "fails"
    message = (
        f"{subject} is {value:.2f}, which {verdict} {gate.op} {gate.threshold:g}"
        if value is not None
        else f"{subject} has no value (no source words), which fails"
    )
    return GateOutcome(
        name=gate.label,
        kind="absolute",
        metric=gate.metric,
        state="pass" if passed else "fail",
        passed=passed,
        message=message,
        op=gate.op,
        threshold=gate.threshold,
        value=value,
    )


# --- regression gates ---------------------------------------------------------------------------


def skipped(gate: GateConfig) -> GateOutcome:
    """A regression gate with no baseline run (`--baseline none`): recorded, not decided."""
    return GateOutcome(
        name=gate.label,
        kind="regression",
        metric=gate.metric,
        state="skipped",
        passed=True,
        message=f"{gate.metric}: skipped, no baseline run (--baseline none); nothing was compared",
    )


def regression_outcome(gate: GateConfig, verdict: RegressionVerdict, baseline: Run) -> GateOutcome:
    """The outcome of a regression gate that was evaluated: its verdict and all its evidence."""
    about = describe_baseline(baseline)
    tested = verdict.tested
    return GateOutcome(
        name=gate.label,
        kind="regression",
        metric=gate.metric,
        state=verdict.state,
        passed=verdict.passed,
        message=verdict.message(),
        op=">=" if verdict.higher_is_better else "<=",
        threshold=verdict.baseline_value + verdict.bound,
        value=verdict.value,
        baseline={
            "run_id": about["run_id"],
            "path": about["path"],
            "label": about["label"],
            "value": verdict.baseline_value,
            "reason": about["reason"],
        },
        delta=verdict.delta,
        delta_ci95=list(tested.delta_ci95) if tested.delta_ci95 else None,
        margin=gate.margin,
        alpha=gate.alpha,
        hypothesis=verdict.hypothesis,
        p_value=tested.p_value,
        test=tested.test,
        n_samples=tested.n_samples,
        higher_is_better=verdict.higher_is_better,
    )
