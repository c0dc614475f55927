"""A suite's run history: which store its runs go in, recording a run, and finding a baseline.

`tarjama run` does these around `evaluate_suite`; a script or notebook calls the same functions:

    suite = load_suite("evals/news-ar-en.yaml")
    baseline = resolve_baseline(suite, "release-1.2")
    run = evaluate_suite(suite, RunOptions(baseline=baseline))
    record_run(run, suite)
"""

from __future__ import annotations

from pathlib import Path

from tarjama.config import Suite
from tarjama.regression import require_baseline
from tarjama.rundir import Run
from tarjama.store import Store, resolve_run, store_path_for

NO_BASELINE = "none"
"""The baseline reference that skips regression gates (`tarjama run --baseline none`)."""


def suite_store(suite: Suite, run_dir: Path | None = None, store: Path | None = None) -> Path:
    """The store a suite's runs use: `store`, else the suite's store.path (relative to the
    suite file), else tarjama.db beside the run directory."""
    return store_path_for(store, suite.store.path, suite.path, run_dir)


def resolve_baseline(suite: Suite, ref: str | Path | None, *, store: Path | None = None,
                     out_dir: Path | None = None) -> Run | None:
    """The baseline run for the suite's regression gates.

    `ref` is a run directory, or a run id, label or model version in the suite's store;
    "none" means no baseline (regression gates are then recorded as skipped). Without a
    `ref`, ConfigError when a regression gate needs one.
    """
    if ref is None:
        require_baseline(suite.gates, None)
        return None
    if str(ref).lower() == NO_BASELINE:
        return None
    return resolve_run(ref, suite_store(suite, out_dir, store))


def record_run(run: Run, suite: Suite, *, store: Path | None = None) -> Path | None:
    """Index `run` in the suite's store (`store` names another); the store's path, or None
    when the suite turns its store off and no store is named. StoreError when it cannot be
    written (the run directory, the source of truth, is already complete)."""
    if store is None and not suite.store.enabled:
        return None
    path = suite_store(suite, run.path, store)
    with Store(path) as db:
        db.record(run)
    return path
