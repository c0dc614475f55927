"""Suites checked against the registries: the entry point for loading a suite file.

`tarjama.config` reads a suite and validates its schema without knowing any implementation;
this module sits above the metric, check and engine registries and checks that every name a
suite uses is registered, that its options are valid, and that every gate reads a metric the
suite computes.
"""

from __future__ import annotations

from pathlib import Path

from tarjama.checks import CHECKS
from tarjama.config import Suite, read_suite
from tarjama.errors import ConfigError
from tarjama.metrics import METRICS
from tarjama.translate import ENGINES


def load_suite(path: str | Path) -> Suite:
    """A suite file loaded and fully checked; ConfigError naming the file and the problem."""
    suite = read_suite(path)
    try:
        check_names(suite)
    except ConfigError as exc:
        raise ConfigError(str(exc), path) from None
    return suite


def check_names(suite: Suite) -> None:
    """Metric, check and engine names must be registered, and their options valid."""
    for metric in suite.metrics:
        METRICS.get(metric.name).parse_options(metric.options)
    for name, check in (suite.checks or {}).items():
        CHECKS.get(name).parse_options(check.options)
    ENGINES.check(suite.backtranslation.engine)
    for gate in suite.gates:
        _check_gate_metric(gate.metric, suite)


def _check_gate_metric(metric: str, suite: Suite) -> None:
    if metric.startswith("checks."):
        return
    METRICS.check(metric)
    if metric not in {m.name for m in suite.metrics}:
        raise ConfigError(f"gate on '{metric}' but the suite does not compute that metric "
                          f"(add it to 'metrics')")
