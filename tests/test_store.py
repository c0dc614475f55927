"""The run history store: recording, reading back, the pandas API, CLI, concurrent writers."""

from __future__ import annotations

import copy
import json
import multiprocessing
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import tarjama
from tarjama.errors import StoreError
from tarjama.rundir import Run, read_run
from tarjama.store import Store, import_runs, store_path_for
from tests.fixtures.history_runs import sample_bt, write_sample_suite


@pytest.fixture
def runs(history_runs):
    """Copies of the session's runs (some tests change them)."""
    return copy.deepcopy(history_runs)


@pytest.fixture
def store(tmp_path, runs):
    path = tmp_path / "history.db"
    with Store(path) as db:
        for run in runs:
            db.record(run)
    return path


def test_records_what_the_run_said(store, runs):
    with Store(store) as db:
        rows = db.runs()
        assert [r["run_id"] for r in rows] == ["news-sample-v3", "news-sample-v2", "news-sample-v1"]
        v2 = db.get("v2")
        metrics = {m["metric"]: m for m in db.metrics(v2["run_id"])}
        flags = {(f["kind"], f["name"]): f["count"] for f in db.flag_counts(v2["run_id"])}
        segments = db.segments(v2["run_id"])
    expected = runs[1].results["metrics"]["roundtrip.chrf"]
    assert metrics["roundtrip.chrf"]["score"] == pytest.approx(expected["score"])
    assert [
        metrics["roundtrip.chrf"]["ci_low"],
        metrics["roundtrip.chrf"]["ci_high"],
    ] == pytest.approx(expected["ci95"])
    assert metrics["roundtrip.ter"]["higher_is_better"] == 0
    assert flags[("category", "number")] == 1 and flags[("severity", "critical")] == 2
    assert v2["label"] == "candidate" and v2["model_version"] == "v2" and v2["n_segments"] == 12
    assert Path(v2["path"]) == Path(runs[1].path).resolve()
    assert [s["segment_id"] for s in segments] == [s["id"] for s in runs[1].segments]
    assert segments[0]["mt"] == runs[1].segments[0]["mt"]  # Arabic text round-trips
    assert [f["category"] for f in segments[1]["flags"]] == ["untranslated", "number"]


def test_find_by_label_takes_the_newest(store):
    with Store(store) as db:
        assert db.find("candidate")["run_id"] == "news-sample-v3"
        assert db.find("news-sample-v2")["model_version"] == "v2"
        assert db.find("nothing") is None
        with pytest.raises(StoreError, match="no run 'nothing' in the store"):
            db.get("nothing")


def test_recording_again_replaces(store, runs):
    with Store(store) as db:
        db.record(runs[0])
        db.record(runs[0])
        assert len(db.runs()) == 3
        assert len(db.segments("news-sample-v1")) == 12


def test_remove_keeps_the_directory(store, runs):
    with Store(store) as db:
        assert db.remove("news-sample-v2") is True
        assert db.remove("news-sample-v2") is False
        assert [r["run_id"] for r in db.runs()] == ["news-sample-v3", "news-sample-v1"]
        assert db.segments("news-sample-v2") == []
    assert (Path(runs[1].path) / "results.json").exists()


def test_import_rebuilds_from_run_directories(tmp_path, runs):
    with Store(tmp_path / "rebuilt.db") as db:
        imported = import_runs(db, [Path(runs[0].path).parent])  # a folder of run directories
        assert sorted(r.run_id for r in imported) == [r.run_id for r in runs]
        assert len(db.runs(suite="news-sample")) == 3


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="run store not found"):
        Store(tmp_path / "absent.db", create=False)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    sqlite3.connect(path).execute("PRAGMA user_version = 99").connection.close()
    with pytest.raises(StoreError, match="schema 99 is newer"):
        Store(path)


@pytest.mark.parametrize(
    "override, configured, run_dir, expected",
    [
        ("x.db", "cfg.db", "out/run", "x.db"),
        (None, "cfg.db", "out/run", "suites/cfg.db"),
        (None, None, "out/run", "out/tarjama.db"),
        (None, None, None, "reports/tarjama.db"),
    ],
)
def test_which_store_a_run_uses(override, configured, run_dir, expected):
    path = store_path_for(
        override and Path(override),
        configured and Path(configured),
        Path("suites/s.yaml"),
        run_dir and Path(run_dir),
    )
    assert path == Path(expected)


# --- concurrent writers -------------------------------------------------------------------


def _writer(store: str, template: str, worker: int, per_worker: int, barrier) -> None:
    run = read_run(template)
    barrier.wait()
    with Store(store) as db:
        for number in range(per_worker):
            results = {**run.results, "run_id": f"w{worker}-{number}", "label": f"worker-{worker}"}
            db.record(Run(run.path, results, run.segments))
            db.record(Run(run.path, {**run.results, "run_id": "shared"}, run.segments))


def test_concurrent_writers_do_not_corrupt(tmp_path, runs):
    workers, per_worker = 4, 6
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(workers)
    store = tmp_path / "shared.db"
    procs = [
        context.Process(
            target=_writer, args=(str(store), str(runs[0].path), w, per_worker, barrier)
        )
        for w in range(workers)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=120)
    assert [proc.exitcode for proc in procs] == [0] * workers
    with Store(store) as db:
        assert db.query("PRAGMA integrity_check")[0]["integrity_check"] == "ok"
        assert db.query("PRAGMA journal_mode")[0]["journal_mode"] == "wal"
        assert len(db.runs()) == workers * per_worker + 1
        counts = db.query("SELECT run_id, COUNT(*) AS n FROM segments GROUP BY run_id")
    assert {row["n"] for row in counts} == {12}  # "shared" replaced, never doubled


# --- the pandas API -----------------------------------------------------------------------


def test_load_runs(store):
    frame = tarjama.load_runs(store)
    assert list(frame["model_version"]) == ["v1", "v2", "v3"]  # oldest first
    assert {"roundtrip.bleu", "roundtrip.chrf", "roundtrip.ter", "flags.idiom"} <= set(
        frame.columns
    )
    assert str(frame["created"].dt.tz) == "UTC"
    assert list(frame["flags.number"]) == [0, 1, 0]
    assert frame["roundtrip.chrf"].idxmin() == 1


def test_load_segments_from_store_and_directory_agree(store, runs):
    from_store = tarjama.load_segments("v2", store=store)
    from_dir = tarjama.load_segments(runs[1].path)
    assert list(from_store.columns) == list(from_dir.columns)
    assert from_store.drop(columns=["flags"]).equals(from_dir.drop(columns=["flags"]))
    assert from_store.loc[1, "categories"] == ["number", "untranslated"]
    assert from_store["roundtrip.chrf"].tolist() == pytest.approx(
        [s["scores"]["roundtrip.chrf"] for s in runs[1].segments]
    )


def test_load_metrics_long_format(store):
    frame = tarjama.load_metrics(store)
    assert len(frame) == 9
    assert frame.loc[frame["metric"] == "roundtrip.ter", "higher_is_better"].eq(False).all()


def test_import_tarjama_does_not_import_pandas():
    code = "import sys, tarjama; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- command line -------------------------------------------------------------------------


def test_run_records_beside_the_run_directory(cli, tmp_path):
    suite = write_sample_suite(tmp_path / "s", "cli", sample_bt())
    assert cli("run", suite, "--out", tmp_path / "out" / "r1", "-q", "--label", "first").code == 0
    assert cli("run", suite, "--out", tmp_path / "out" / "r2", "-q", "--no-store").code == 0
    with Store(tmp_path / "out" / "tarjama.db") as db:
        assert [r["label"] for r in db.runs()] == ["first"]


def test_suite_store_path_is_relative_to_the_suite(cli, tmp_path):
    suite = write_sample_suite(tmp_path / "s", "cfg", sample_bt())
    suite.write_text(
        suite.read_text(encoding="utf-8") + "store:\n  path: history/runs.db\n", encoding="utf-8"
    )
    assert cli("run", suite, "--out", tmp_path / "out", "-q").code == 0
    with Store(tmp_path / "s" / "history" / "runs.db") as db:
        assert len(db.runs()) == 1


def test_cli_list_show_rm_import(cli, tmp_path, runs):
    store = tmp_path / "cli.db"
    result = cli("runs", "import", Path(runs[0].path).parent, "--store", store)
    assert result.code == 0 and result.out.count("imported ") == 3
    listed = cli("runs", "list", "--store", store)
    assert [line.split()[0] for line in listed.out.splitlines()] == [
        "news-sample-v3",
        "news-sample-v2",
        "news-sample-v1",
    ]
    shown = json.loads(cli("runs", "show", "v1", "--store", store, "--json").out)
    assert shown["run_id"] == "news-sample-v1" and len(shown["metrics"]) == 3
    assert "untranslated 1" in cli("runs", "show", "v1", "--store", store).out
    assert cli("runs", "rm", "v1", "--store", store).out.strip() == "removed news-sample-v1"
    assert len(json.loads(cli("runs", "list", "--store", store, "--json").out)) == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (["runs", "show", "nope"], "no run 'nope' in the store"),
        (["runs", "list"], "run store not found"),
        (["runs", "import", "not-a-dir"], "not a run directory"),
    ],
)
def test_cli_errors(cli, tmp_path, store, args, message):
    target = store if "nope" in args else tmp_path / "none.db"
    result = cli(*args, "--store", target)
    assert result.code == 2
    assert message in result.err


# --- stores that are not what they seem (issue 14, item 6) -----------------------------------


def test_an_empty_file_is_not_a_store(cli, tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    for args in (["runs", "list"], ["runs", "show", "v1"], ["runs", "rm", "v1"]):
        result = cli(*args, "--store", empty)
        assert result.code == 2
        assert (
            result.err.strip()
            == f"tarjama: error: {empty}: not a tarjama run store (an empty file)"
        )
    assert empty.stat().st_size == 0  # looked at, not turned into a database


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"run_id,label\nv1,main\n", "not an SQLite database"),
        (None, "an SQLite database without tarjama's tables"),
    ],
)
def test_other_files_are_not_stores(cli, tmp_path, content, problem):
    path = tmp_path / "other.db"
    if content is None:
        sqlite3.connect(path).execute("CREATE TABLE notes (text TEXT)").connection.close()
    else:
        path.write_bytes(content)
    for args in (["runs", "list"], ["runs", "import", tmp_path]):
        result = cli(*args, "--store", path)
        assert result.code == 2
        assert f"not a tarjama run store ({problem})" in result.err


def test_rm_looks_up_every_run_before_removing_any(cli, store):
    result = cli("runs", "rm", "v1", "nosuch", "v3", "also-missing", "--store", store)
    assert result.code == 2
    assert "no run 'nosuch', 'also-missing' in the store, nothing removed" in result.err
    with Store(store) as db:
        assert len(db.runs()) == 3
    assert cli("runs", "rm", "v1", "v3", "--store", store).out.split() == [
        "removed",
        "news-sample-v1",
        "removed",
        "news-sample-v3",
    ]


def make_read_only(path: Path) -> None:
    """SQLite opens a file whose header's write version (byte 18) is above 2 read-only: a
    read-only store that stays read-only for root too (chmod does not stop root)."""
    with path.open("r+b") as handle:
        handle.seek(18)
        handle.write(bytes([3]))


def test_rm_on_a_read_only_store_is_one_line(cli, store):
    make_read_only(store)
    assert "news-sample-v1" in cli("runs", "list", "--store", store).out  # reading still works
    result = cli("runs", "rm", "v1", "--store", store)
    assert result.code == 2
    assert result.err.strip() == (
        f"tarjama: error: {store}: cannot remove runs (the run store is read-only)"
    )


def test_a_store_of_schema_1_is_upgraded_and_its_runs_found_as_baselines(tmp_path, store):
    """Stores written before the data hash was kept: the column is added, and a baseline
    lookup reads the hash of older runs from their run directories."""
    with sqlite3.connect(store) as db:
        db.execute("ALTER TABLE runs DROP COLUMN same_data_sha256")
        db.execute("PRAGMA user_version = 1")
    with Store(store) as db:
        assert db.query("PRAGMA user_version")[0]["user_version"] == 2
        assert {row["same_data_sha256"] for row in db.runs()} == {None}
    suite = tarjama.load_suite(write_sample_suite(tmp_path / "s", "lookup", sample_bt()))
    baseline = tarjama.resolve_baseline(suite, "candidate", store=store)
    assert baseline.run_id == "news-sample-v3"
    assert baseline.reason == (
        "the newest passing run with label 'candidate' of suite 'news-sample' on the same data"
    )
