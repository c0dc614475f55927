"""Release gates: decide pass or fail from a run's metrics and flag counts.

Absolute gates compare a value (a metric score, its CI bound, or a `checks.*` count) with a
threshold. Regression gates against a baseline run live in `tarjama.regression`.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any

from tarjama.config import GateConfig
from tarjama.errors import ConfigError

OPERATORS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt,
             "==": operator.eq}


def gate_value(gate: GateConfig, results: dict[str, Any]) -> float | None:
    """The number a gate looks at, from a results.json dict."""
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
    parts = key.split(".")[1:]
    if parts == ["mqm_penalty"] or parts == ["n_flags"]:
        return None if checks[parts[0]] is None else float(checks[parts[0]])
    if len(parts) == 2 and parts[0] == "severity" and parts[1] in checks["by_severity"]:
        return float(checks["by_severity"][parts[1]])
    if len(parts) == 2 and parts[0] in checks["counts"] and parts[1] in ("count", "rate"):
        count = float(checks["counts"][parts[0]])
        if parts[1] == "count":
            return count
        words = checks.get("source_words") or 0
        return count * 1000 / words if words else 0.0
    raise ConfigError(f"unknown gate subject '{key}' (use checks.mqm_penalty, checks.n_flags, "
                      "checks.severity.<minor|major|critical> or checks.<category>.count|rate)")


def evaluate_absolute(gate: GateConfig, results: dict[str, Any]) -> dict[str, Any]:
    value = gate_value(gate, results)
    passed = value is not None and bool(OPERATORS[gate.op](value, gate.threshold))
    subject = gate.metric if gate.use == "score" else f"{gate.metric} ({gate.use})"
    verdict = "meets" if passed else "fails"
    message = (f"{subject} is {value:.2f}, which {verdict} {gate.op} {gate.threshold:g}"
               if value is not None else f"{subject} has no value (no source words), which fails")
    return {"name": gate.label, "kind": "absolute", "metric": gate.metric, "op": gate.op,
            "threshold": gate.threshold, "value": value, "passed": passed,
            "state": "pass" if passed else "fail", "message": message}


def evaluate_gates(gates: Sequence[GateConfig], results: dict[str, Any],
                   baseline: Any = None, segments: Any = None) -> list[dict[str, Any]]:
    """Every gate's outcome, in suite order."""
    outcomes = []
    for gate in gates:
        if gate.kind == "absolute":
            outcomes.append(evaluate_absolute(gate, results))
        else:
            from tarjama.regression import evaluate_regression

            outcomes.append(evaluate_regression(gate, results, segments, baseline))
    return outcomes
