"""pandas views of the run history, for analysts' notebooks (`tarjama.load_runs` and friends).

pandas is imported inside the functions, so `import tarjama` stays light.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tarjama.rundir import Run, read_run
from tarjama.store import DEFAULT_STORE, Store

if TYPE_CHECKING:
    import pandas as pd

RUN_COLUMNS = [
    "run_id",
    "suite",
    "suite_version",
    "created",
    "label",
    "model_version",
    "passed",
    "n_segments",
    "n_documents",
    "n_flags",
    "mqm_penalty",
    "path",
]
METRIC_COLUMNS = [
    "suite",
    "created",
    "label",
    "model_version",
    "run_id",
    "metric",
    "score",
    "ci_low",
    "ci_high",
    "higher_is_better",
    "signature",
]


def load_runs(store: str | Path | None = None, suite: str | None = None) -> pd.DataFrame:
    """One row per recorded run, oldest first: run facts, one column per metric score
    (e.g. `roundtrip.chrf`), and one `flags.<category>` column per flag category."""
    import pandas as pd

    with Store(store or DEFAULT_STORE, create=False) as db:
        runs = pd.DataFrame(db.runs(suite=suite), columns=RUN_COLUMNS)
        metrics = pd.DataFrame(
            db.query("SELECT run_id, metric, score FROM metrics"),
            columns=["run_id", "metric", "score"],
        )
        flags = pd.DataFrame(
            db.query("SELECT run_id, name, count FROM flag_counts WHERE kind = 'category'"),
            columns=["run_id", "name", "count"],
        )
    wide_metrics = metrics.pivot(index="run_id", columns="metric", values="score")
    wide_flags = flags.pivot(index="run_id", columns="name", values="count").add_prefix("flags.")
    frame = runs.join(wide_metrics, on="run_id").join(wide_flags, on="run_id")
    frame["created"] = pd.to_datetime(frame["created"], utc=True)
    frame["passed"] = frame["passed"].astype(bool)
    frame.columns.name = None
    return frame.sort_values("created", kind="stable").reset_index(drop=True)


def load_metrics(store: str | Path | None = None) -> pd.DataFrame:
    """One row per run and metric: score, CI bounds, direction, signature (long format)."""
    import pandas as pd

    with Store(store or DEFAULT_STORE, create=False) as db:
        rows = db.query(
            "SELECT r.suite, r.created, r.label, r.model_version, m.* FROM metrics m "
            "JOIN runs r USING (run_id) ORDER BY r.created, m.metric"
        )
    frame = pd.DataFrame(rows, columns=METRIC_COLUMNS)
    frame["created"] = pd.to_datetime(frame["created"], utc=True)
    frame["higher_is_better"] = frame["higher_is_better"].astype(bool)
    return frame


def load_segments(run: Run | str | Path, store: str | Path | None = None) -> pd.DataFrame:
    """One row per segment of a run: texts, one column per sentence score, flags.

    `run` is a Run, a run directory, or a run id / label / model version in the store.
    """
    import pandas as pd

    run_id, rows = _segment_source(run, store)
    records = [_segment_record(run_id, position, row) for position, row in enumerate(rows)]
    return pd.DataFrame(records)


def _segment_source(
    run: Run | str | Path, store: str | Path | None
) -> tuple[str, Sequence[dict[str, Any]]]:
    if isinstance(run, Run):
        return run.run_id, run.segments
    if Path(run).is_dir():
        found = read_run(run)
        return found.run_id, found.segments
    with Store(store or DEFAULT_STORE, create=False) as db:
        run_id = db.get(str(run))["run_id"]
        rows = db.segments(run_id)
    return run_id, [{**row, "id": row["segment_id"]} for row in rows]


def _segment_record(run_id: str, position: int, row: dict[str, Any]) -> dict[str, Any]:
    flags = row.get("flags") or []
    return {
        "run_id": run_id,
        "position": position,
        "id": str(row["id"]),
        "doc_id": row.get("doc_id"),
        "src": row.get("src"),
        "mt": row.get("mt"),
        "bt": row.get("bt"),
        "ref": row.get("ref"),
        **(row.get("scores") or {}),
        "n_flags": len(flags),
        "categories": sorted({f["category"] for f in flags}),
        "flags": flags,
        "mqm_penalty": row.get("mqm_penalty"),
    }
