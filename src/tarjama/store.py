"""Run history: an embedded SQLite index of run directories.

The run directory stays the source of truth; the store is an index of what runs said (suite,
time, label, model version, metrics with CIs, flag counts, gates, per-segment scores and
flags) that `tarjama runs import` can rebuild at any time. Several CI jobs may record into
one store at once: the database runs in WAL mode, each run is written in one
`BEGIN IMMEDIATE` transaction (replacing any earlier record of the same run id), and
writers wait for each other (busy timeout) instead of failing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from tarjama.errors import RunDirError, StoreError
from tarjama.rundir import RESULTS_FILE, Run, read_run
from tarjama.sqlite import connect_wal

STORE_FILE = "tarjama.db"
DEFAULT_STORE = Path("reports") / STORE_FILE
SCHEMA_VERSION = 2
RUN_TABLES = ("segments", "gates", "flag_counts", "metrics", "runs")

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY, suite TEXT NOT NULL, suite_version TEXT, created TEXT NOT NULL,
    label TEXT, model_version TEXT, passed INTEGER NOT NULL, n_segments INTEGER,
    n_documents INTEGER, n_flags INTEGER, mqm_penalty REAL, path TEXT NOT NULL,
    recorded TEXT NOT NULL, same_data_sha256 TEXT);
CREATE INDEX IF NOT EXISTS runs_by_suite ON runs (suite, created);
CREATE TABLE IF NOT EXISTS metrics (
    run_id TEXT NOT NULL, metric TEXT NOT NULL, score REAL, ci_low REAL, ci_high REAL,
    higher_is_better INTEGER, signature TEXT, PRIMARY KEY (run_id, metric));
CREATE TABLE IF NOT EXISTS flag_counts (
    run_id TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (run_id, kind, name));
CREATE TABLE IF NOT EXISTS gates (
    run_id TEXT NOT NULL, position INTEGER NOT NULL, name TEXT, kind TEXT, metric TEXT,
    state TEXT, passed INTEGER, value REAL, threshold REAL, p_value REAL, delta REAL,
    baseline_run_id TEXT, message TEXT, PRIMARY KEY (run_id, position));
CREATE TABLE IF NOT EXISTS segments (
    run_id TEXT NOT NULL, position INTEGER NOT NULL, segment_id TEXT NOT NULL, doc_id TEXT,
    src TEXT, mt TEXT, bt TEXT, ref TEXT, scores TEXT, flags TEXT, n_flags INTEGER,
    mqm_penalty REAL, PRIMARY KEY (run_id, position));
"""
MIGRATIONS = {
    # 1 → 2: the hash of what a baseline must share with a run (ids, src, ref), so that a
    # baseline is looked for among runs on the same data. Runs recorded before have none.
    1: "ALTER TABLE runs ADD COLUMN same_data_sha256 TEXT",
}


def store_path_for(
    override: Path | None, configured: Path | None, suite_path: Path | None, run_dir: Path | None
) -> Path:
    """Which store a run uses: --store, else the suite's store.path, else beside the run dir.

    A suite's store.path is relative to the suite file; with the default run directories
    (reports/<suite>-<time>/) "beside the run" is reports/tarjama.db.
    """
    if override is not None:
        return override
    if configured is not None:
        base = suite_path.parent if suite_path is not None else Path()
        return configured if configured.is_absolute() else base / configured
    return (run_dir.parent / STORE_FILE) if run_dir is not None else DEFAULT_STORE


class Store:
    """One SQLite database of runs; use as a context manager or call close()."""

    def __init__(self, path: str | Path = DEFAULT_STORE, *, create: bool = True) -> None:
        """Open the store at `path`; with `create=False` it must already be a tarjama store.

        A new (or empty) file becomes a store only with `create`: SQLite itself makes a
        0-byte file when it opens one, so a store being created by another process can be
        empty for a moment."""
        self.path = Path(path)
        self.create = create
        if not create:
            _require_existing(self.path)
        try:
            self.db = connect_wal(self.path, self._create_schema)
            self.db.row_factory = sqlite3.Row
        except sqlite3.Error as exc:
            raise StoreError(_open_problem(exc), self.path) from None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def _write(self, what: str) -> Iterator[sqlite3.Connection]:
        """One write transaction that takes the write lock up front (no upgrade deadlocks);
        a database error is a StoreError saying `what` could not be done."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot {what} ({_write_problem(exc)})", self.path) from None

    def _create_schema(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"run store schema {version} is newer than this tarjama ({SCHEMA_VERSION})",
                self.path,
            )
        if version == 0 and (not self.create or _has_tables(db)):
            raise StoreError(
                "not a tarjama run store (an SQLite database without tarjama's tables)", self.path
            )
        db.execute("BEGIN IMMEDIATE")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]  # another may have done it
            statements = (
                SCHEMA.split(";")
                if version == 0
                else [MIGRATIONS[v] for v in range(version, SCHEMA_VERSION)]
            )
            for statement in statements:
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # --- writing ---------------------------------------------------------------------------

    def record(self, run: Run) -> None:
        """Index one run (replacing an earlier record of the same run id)."""
        with self._write(f"record run {run.run_id}") as db:
            _delete_run(db, run.run_id)
            db.execute("INSERT INTO runs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", _run_row(run))
            db.executemany("INSERT INTO metrics VALUES (?,?,?,?,?,?,?)", _metric_rows(run))
            db.executemany("INSERT INTO flag_counts VALUES (?,?,?,?)", _flag_rows(run))
            db.executemany("INSERT INTO gates VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", _gate_rows(run))
            db.executemany(
                "INSERT INTO segments VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", _segment_rows(run)
            )

    def remove(self, run_id: str) -> bool:
        """Forget a run (its directory is left alone); False when it was not recorded."""
        with self._write(f"remove run {run_id}") as db:
            return _delete_run(db, run_id)

    def remove_runs(self, refs: Sequence[str]) -> list[str]:
        """Forget the runs `refs` name (ids, labels or model versions), all or none: every
        reference is looked up before anything is removed. Their run ids, in order."""
        rows = [self.find(ref) for ref in refs]
        missing = [ref for ref, row in zip(refs, rows, strict=True) if row is None]
        if missing:
            raise StoreError(
                f"no run {_quoted(missing)} in the store, nothing removed (give run "
                "ids, labels or model versions; `tarjama runs list` shows them)",
                self.path,
            )
        run_ids = list(dict.fromkeys(row["run_id"] for row in rows if row is not None))
        with self._write("remove runs") as db:
            for run_id in run_ids:
                _delete_run(db, run_id)
        return run_ids

    # --- reading ---------------------------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        try:
            return [dict(row) for row in self.db.execute(sql, params)]
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read run store ({exc})", self.path) from None

    def runs(self, suite: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Recorded runs, newest first."""
        where, params = ("WHERE suite = ?", [suite]) if suite else ("", [])
        sql = f"SELECT * FROM runs {where} ORDER BY created DESC, recorded DESC, rowid DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self.query(sql, params)

    def find(self, ref: str) -> dict[str, Any] | None:
        """A run by id, else the newest run with that label or model version."""
        rows = self.named(ref)
        return rows[0] if rows else None

    def named(self, ref: str) -> list[dict[str, Any]]:
        """The run with id `ref`; else the runs labelled `ref`, else those with model version
        `ref`, newest first ([] when none)."""
        for column in ("run_id", "label", "model_version"):
            rows = self.query(
                f"SELECT * FROM runs WHERE {column} = ? "
                "ORDER BY created DESC, recorded DESC, rowid DESC",
                [ref],
            )
            if rows:
                return rows
        return []

    def get(self, ref: str) -> dict[str, Any]:
        row = self.find(ref)
        if row is None:
            raise StoreError(
                f"no run '{ref}' in the store (give a run id, label or model "
                "version; `tarjama runs list` shows them)",
                self.path,
            )
        return row

    def describe(self, ref: str) -> dict[str, Any]:
        """One run's record with its metrics, flag counts and gates (`tarjama runs show`)."""
        row = self.get(ref)
        run_id = row["run_id"]
        return {
            **row,
            "metrics": self.metrics(run_id),
            "flag_counts": self.flag_counts(run_id),
            "gates": self.gates(run_id),
        }

    def metrics(self, run_id: str) -> list[dict[str, Any]]:
        return self.query("SELECT * FROM metrics WHERE run_id = ? ORDER BY metric", [run_id])

    def flag_counts(self, run_id: str) -> list[dict[str, Any]]:
        return self.query(
            "SELECT * FROM flag_counts WHERE run_id = ? ORDER BY kind, name", [run_id]
        )

    def gates(self, run_id: str) -> list[dict[str, Any]]:
        return self.query("SELECT * FROM gates WHERE run_id = ? ORDER BY position", [run_id])

    def segments(self, run_id: str) -> list[dict[str, Any]]:
        rows = self.query("SELECT * FROM segments WHERE run_id = ? ORDER BY position", [run_id])
        for row in rows:
            row["scores"] = json.loads(row["scores"])
            row["flags"] = json.loads(row["flags"])
        return rows


def _require_existing(path: Path) -> None:
    """StoreError unless `path` is a file that could be a store (not missing, not empty)."""
    if not path.exists():
        raise StoreError("run store not found (record a run or `tarjama runs import` first)", path)
    if path.is_file() and path.stat().st_size == 0:
        raise StoreError("not a tarjama run store (an empty file)", path)


def _has_tables(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None


def _open_problem(exc: sqlite3.Error) -> str:
    if "not a database" in str(exc):
        return "not a tarjama run store (not an SQLite database)"
    return f"cannot open run store ({_write_problem(exc)})"


def _write_problem(exc: sqlite3.Error) -> str:
    if "readonly" in str(exc):
        return "the run store is read-only"
    return str(exc)


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def _delete_run(db: sqlite3.Connection, run_id: str) -> bool:
    """Delete every row of a run; True when the run was recorded."""
    recorded = db.execute("SELECT 1 FROM runs WHERE run_id = ?", [run_id]).fetchone() is not None
    for table in RUN_TABLES:
        db.execute(f"DELETE FROM {table} WHERE run_id = ?", [run_id])
    return recorded


def _run_row(run: Run) -> tuple[Any, ...]:
    r = run.results
    checks = r.get("checks") or {}
    return (
        run.run_id,
        r["suite"],
        r.get("suite_version"),
        r["created"],
        r.get("label"),
        r.get("model_version"),
        int(bool(r.get("passed"))),
        r.get("n_segments"),
        r.get("n_documents"),
        checks.get("n_flags"),
        checks.get("mqm_penalty"),
        str(Path(run.path).resolve()),
        datetime.now(UTC).isoformat(timespec="seconds"),
        (r.get("data") or {}).get("same_data_sha256"),
    )


def _metric_rows(run: Run) -> list[tuple[Any, ...]]:
    rows = []
    for key, entry in run.results.get("metrics", {}).items():
        ci = entry.get("ci95") or [None, None]
        rows.append(
            (
                run.run_id,
                key,
                entry.get("score"),
                ci[0],
                ci[1],
                int(bool(entry.get("higher_is_better"))),
                entry.get("signature"),
            )
        )
    return rows


def _flag_rows(run: Run) -> list[tuple[Any, ...]]:
    checks = run.results.get("checks") or {}
    return [
        (run.run_id, "category", name, int(n)) for name, n in checks.get("counts", {}).items()
    ] + [
        (run.run_id, "severity", name, int(n)) for name, n in checks.get("by_severity", {}).items()
    ]


def _gate_rows(run: Run) -> list[tuple[Any, ...]]:
    return [
        (
            run.run_id,
            position,
            g.get("name"),
            g.get("kind"),
            g.get("metric"),
            g.get("state"),
            int(bool(g.get("passed"))),
            g.get("value"),
            g.get("threshold"),
            g.get("p_value"),
            g.get("delta"),
            (g.get("baseline") or {}).get("run_id"),
            g.get("message"),
        )
        for position, g in enumerate(run.results.get("gates", []))
    ]


def _segment_rows(run: Run) -> Iterator[tuple[Any, ...]]:
    """One row per segment, made as SQLite takes them (a run's segments are never all in
    memory at once)."""
    return (
        (
            run.run_id,
            position,
            str(s["id"]),
            s.get("doc_id"),
            s.get("src"),
            s.get("mt"),
            s.get("bt"),
            s.get("ref"),
            json.dumps(s.get("scores", {})),
            json.dumps(s.get("flags", []), ensure_ascii=False),
            len(s.get("flags", [])),
            s.get("mqm_penalty"),
        )
        for position, s in enumerate(run.segments)
    )


# --- run directories ---------------------------------------------------------------------


def find_run_dirs(paths: Sequence[str | Path]) -> list[Path]:
    """Run directories named directly, or found one level below a named folder."""
    found: list[Path] = []
    for path in map(Path, paths):
        if (path / RESULTS_FILE).exists():
            found.append(path)
        elif path.is_dir():
            found.extend(sorted(p.parent for p in path.glob(f"*/{RESULTS_FILE}")))
        else:
            raise RunDirError("not a run directory or a folder of run directories", path)
    return found


def import_runs(store: Store | Path, paths: Sequence[str | Path]) -> list[Run]:
    """Record every run directory under `paths` (rebuilding the index from the files) in a
    store or the store at a path. Every run is read and checked first: one malformed run
    leaves the store as it was (and creates none)."""
    runs = [read_run(path) for path in find_run_dirs(paths)]
    if not isinstance(store, Store):
        with Store(store) as db:
            return _record_all(db, runs)
    return _record_all(store, runs)


def _record_all(store: Store, runs: list[Run]) -> list[Run]:
    for run in runs:
        store.record(run)
    return runs


def resolve_run(ref: str | Path, store_path: Path | None = None) -> Run:
    """A run directory, or the run a store knows by id, label or model version."""
    path = Path(ref)
    if path.is_dir():
        return read_run(path)
    with Store(store_to_look_in(ref, store_path or DEFAULT_STORE), create=False) as store:
        row = store.get(str(ref))
    return read_run(row["path"])


def store_to_look_in(ref: str | Path, store_path: Path) -> Path:
    """`store_path`, where `ref` (not a run directory) is looked up; RunDirError when there
    is no store there."""
    if not store_path.exists():
        raise RunDirError(
            f"'{ref}' is not a run directory, and there is no run store at "
            f"{store_path} to look it up in"
        )
    return store_path
