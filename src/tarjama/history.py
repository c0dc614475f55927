"""A suite's run history: which store its runs go in, recording a run, and finding a baseline.

`tarjama run` does these around `evaluate_suite`; a script or notebook calls the same functions:

    suite = load_suite("evals/news-ar-en.yaml")
    baseline = resolve_baseline(suite, "release-1.2")
    run = evaluate_suite(suite, RunOptions(baseline=baseline))
    record_run(run, suite)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

from tarjama.config import BaselinePolicy, Suite
from tarjama.errors import StoreError
from tarjama.regression import BaselineRun, require_baseline, same_data_sha256
from tarjama.rundir import Run, read_run
from tarjama.store import Store, store_path_for, store_to_look_in

NO_BASELINE = "none"
"""The baseline reference that skips regression gates (`tarjama run --baseline none`)."""
BASELINE_POLICIES: tuple[str, ...] = get_args(BaselinePolicy)


def suite_store(suite: Suite, run_dir: Path | None = None, store: Path | None = None) -> Path:
    """The store a suite's runs use: `store`, else the suite's store.path (relative to the
    suite file), else tarjama.db beside the run directory."""
    return store_path_for(store, suite.store.path, suite.path, run_dir)


def resolve_baseline(
    suite: Suite,
    ref: str | Path | None,
    *,
    store: Path | None = None,
    out_dir: Path | None = None,
    policy: BaselinePolicy | None = None,
) -> BaselineRun | None:
    """The baseline run for the suite's regression gates, and why it is the one.

    `ref` is a run directory or a run id (that run, as named), or a label or model version
    in the suite's store: then the newest run of this suite on the same data (segment ids,
    src and ref; `regression.same_data_sha256`) with that label, or else model version, that
    `policy` accepts: "passing" (the default, or the suite's baseline.policy) takes the newest
    run that passed its gates, "newest" the newest whatever its verdict. "none" means no
    baseline (regression gates are then recorded as skipped). Without a `ref`, ConfigError
    when a regression gate needs one.
    """
    if ref is None:
        require_baseline(suite.gates, None)
        return None
    if str(ref).lower() == NO_BASELINE:
        return None
    policy = policy or suite.baseline.policy
    if Path(ref).is_dir():
        return _as_named(read_run(ref), str(ref), policy, "the run directory given")
    store_path = store_to_look_in(ref, suite_store(suite, out_dir, store))
    with Store(store_path, create=False) as db:
        rows = db.named(str(ref))
    if not rows:
        raise StoreError(
            f"no run '{ref}' in the store (give a run directory, run id, label or "
            "model version; `tarjama runs list` shows them)",
            store_path,
        )
    if rows[0]["run_id"] == str(ref):
        return _as_named(read_run(rows[0]["path"]), str(ref), policy, "named by its run id")
    return _pick(suite, str(ref), rows, policy, store_path)


def _as_named(run: Run, ref: str, policy: str, how: str) -> BaselineRun:
    """A run named directly: taken as named, whatever the policy; the reason says whether it
    passed its own gates."""
    if not run.results.get("passed", True):
        how += "; it did not pass its own gates"
    return BaselineRun(run.path, run.results, run.segments, ref=ref, policy=policy, reason=how)


def _pick(
    suite: Suite, ref: str, rows: list[dict[str, Any]], policy: str, store_path: Path
) -> BaselineRun:
    """The newest of `rows` (runs with that label or model version) of this suite, on its
    data, that the policy accepts; StoreError saying why there is none."""
    column = "label" if rows[0]["label"] == ref else "model version"
    named = f"with {column} '{ref}'"
    ours = [row for row in rows if row["suite"] == suite.name]
    ours_sha256 = suite_data_sha256(suite) if ours else None
    same = [row for row in ours if _row_sha256(row) == ours_sha256]
    accepted = same if policy == "newest" else [row for row in same if row["passed"]]
    if not accepted:
        raise StoreError(_no_baseline(suite, named, rows, ours, same), store_path)
    chosen = accepted[0]
    reason = (
        f"the newest {'passing ' if policy == 'passing' else ''}run {named} of suite "
        f"'{suite.name}' on the same data"
    )
    newer_failed = same.index(chosen)
    if newer_failed:
        reason += f" ({newer_failed} newer run(s) {named} failed their gates)"
    run = read_run(chosen["path"])
    return BaselineRun(run.path, run.results, run.segments, ref=ref, policy=policy, reason=reason)


def _no_baseline(
    suite: Suite,
    named: str,
    rows: list[dict[str, Any]],
    ours: list[dict[str, Any]],
    same: list[dict[str, Any]],
) -> str:
    """Why no run qualifies as the baseline, and what to do about it."""
    if not ours:
        suites = ", ".join(sorted({f"'{row['suite']}'" for row in rows}))
        return (
            f"no run {named} of suite '{suite.name}' in the store (the runs {named} are "
            f"of suite {suites})"
        )
    if not same:
        return (
            f"no run {named} of suite '{suite.name}' on this suite's data: segment ids, "
            f"source texts or references differ from the newest one ({ours[0]['run_id']}); "
            "give a run directory, or record a baseline on this data"
        )
    return (
        f"no passing run {named} of suite '{suite.name}' on this suite's data: all "
        f"{len(same)} failed their gates (newest: {same[0]['run_id']}); "
        "'--baseline-policy newest' takes the newest anyway"
    )


def suite_data_sha256(suite: Suite) -> str:
    """`same_data_sha256` of the suite's data, loaded as a run would load it."""
    from tarjama.evaluate import dataset_sha256, load_dataset

    return dataset_sha256(load_dataset(suite.data))


def _row_sha256(row: dict[str, Any]) -> str:
    """A store row's data hash; for runs recorded before the store kept it, from the run
    directory."""
    return row.get("same_data_sha256") or same_data_sha256(read_run(row["path"]).segments)


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
