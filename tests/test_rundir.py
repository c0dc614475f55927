"""Run directories: written whole or not at all, never mixed, read back through the contract."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tarjama.errors import OutputError, RunDirError
from tarjama.rundir import (
    TEMP_PREFIX,
    RunWriter,
    SegmentRows,
    read_run,
    remove_abandoned,
    write_run,
)
from tests.test_hostile_inputs import jsonl, run_dir

# "The talks ended after less than two hours." / "انتهت المحادثات بعد أقل من ساعتين."
ROWS = [
    {
        "src": "The talks ended after less than two hours.",
        "mt": "انتهت المحادثات بعد أقل من ساعتين.",
        "bt": "The talks ended in under two hours.",
    },
    # "Kyiv and Moscow agreed to a prisoner swap." / "اتفقت كييف وموسكو على تبادل للأسرى."
    {
        "src": "Kyiv and Moscow agreed to a prisoner swap.",
        "mt": "اتفقت كييف وموسكو على تبادل للأسرى.",
        "bt": "Kyiv and Moscow agreed to swap prisoners.",
    },
]


def results_of(path: Path) -> dict:
    return json.loads((path / "results.json").read_text(encoding="utf-8"))


def temporary_folders(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))


# --- the writer -----------------------------------------------------------------------------------


def test_rows_are_written_as_they_come_and_the_folder_appears_only_on_commit(tmp_path):
    source = read_run(run_dir(tmp_path / "source"))
    target = tmp_path / "runs" / "new"
    with RunWriter(target, "hostile-1") as writer:
        writer.add_segments(source.segments[:1])
        writer.add_segments(source.segments[1:])
        assert not target.exists()
        (staging,) = temporary_folders(tmp_path / "runs")
        assert writer.n_segments == 2 and (tmp_path / "runs" / staging / "segments.jsonl").exists()
        assert writer.commit(source.results) == target
    assert temporary_folders(tmp_path / "runs") == []
    assert read_run(target).segments == source.segments
    assert oct(target.stat().st_mode & 0o777) == oct(0o777 & ~_umask())


def test_rows_written_so_far_read_back_from_the_file_as_a_sequence(tmp_path):
    """The rows a writer holds on disk read back one by one, by index and by slice, equal to
    what read_run gives once committed; nothing of them stays in memory."""
    source = read_run(run_dir(tmp_path / "source"))
    with RunWriter(tmp_path / "new", "hostile-1") as writer:
        writer.add_segments(source.segments[:1])
        assert [row["id"] for row in writer.rows()] == [source.segments[0]["id"]]
        writer.add_segments(source.segments[1:])
        rows = writer.rows()
        assert len(rows) == 2 and list(rows) == list(rows)  # iterable again and again
        path = writer.commit(source.results)
    rows = SegmentRows(path / "segments.jsonl", 2)
    assert list(rows) == read_run(path).segments
    assert rows[1] == rows[-1] == read_run(path).segments[1] and rows[0:1] == [rows[0]]
    with pytest.raises(IndexError):
        rows[2]
    # The Sequence methods work as on a list (`count` counts equal rows; found by mypy).
    assert rows.count(rows[1]) == 1 and rows.index(rows[1]) == 1 and rows[0] in rows


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_every_row_carries_the_run_id_of_results_json(tmp_path):
    source = read_run(run_dir(tmp_path / "source"))
    path = write_run(tmp_path / "copy", dict(source.results, run_id="copy-1"), source.segments)
    assert {row["run_id"] for row in read_run(path).segments} == {"copy-1"}


def test_an_exception_leaves_nothing_behind(tmp_path):
    source = read_run(run_dir(tmp_path / "source"))
    with pytest.raises(KeyError), RunWriter(tmp_path / "new", "hostile-1") as writer:
        writer.add_segments(source.segments)
        raise KeyError("a failing metric")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["source"]


def test_commit_refuses_results_that_do_not_match_the_rows(tmp_path):
    source = read_run(run_dir(tmp_path / "source"))
    with RunWriter(tmp_path / "new", "hostile-1") as writer:
        writer.add_segments(source.segments[:1])
        with pytest.raises(ValueError, match="does not match the rows written"):
            writer.commit(source.results)  # says 2 segments


def test_results_json_is_strict_json(tmp_path):
    """Python writes NaN and Infinity unless told not to; no parser outside Python reads them."""
    source = read_run(run_dir(tmp_path / "source"))
    results = dict(source.results, checks=dict(source.results["checks"], mqm_penalty=float("inf")))
    with pytest.raises(ValueError, match="Out of range float"):
        write_run(tmp_path / "new", results, source.segments)
    assert not (tmp_path / "new").exists()


def test_overwrite_replaces_a_run_but_never_another_folder(tmp_path):
    source = read_run(run_dir(tmp_path / "source"))
    target = run_dir(tmp_path / "target")
    (target / "report.html").write_text("old report", encoding="utf-8")
    with pytest.raises(OutputError, match="is not empty"):
        write_run(target, dict(source.results, run_id="new-1"), source.segments)
    write_run(target, dict(source.results, run_id="new-1"), source.segments, overwrite=True)
    assert read_run(target).run_id == "new-1" and not (target / "report.html").exists()
    assert temporary_folders(tmp_path) == []
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError, match="holds no run"):
        write_run(tmp_path / "notes", source.results, source.segments, overwrite=True)
    assert (tmp_path / "notes" / "mine.txt").read_text(encoding="utf-8") == "keep me"


def test_a_run_that_lost_the_race_is_refused_and_leaves_the_winner_whole(tmp_path):
    source = read_run(run_dir(tmp_path / "source"))
    target = tmp_path / "run"
    first = RunWriter(target, "first")
    second = RunWriter(target, "second")
    for writer in (first, second):
        writer.add_segments(source.segments)
    first.commit(dict(source.results, run_id="first"))
    with pytest.raises(RunDirError, match="another run wrote this directory"), second:
        second.commit(dict(source.results, run_id="second"))
    assert read_run(target).run_id == "first"
    assert temporary_folders(tmp_path) == []


def test_an_automatic_name_taken_meanwhile_moves_to_the_next_free_one(tmp_path):
    source = read_run(run_dir(tmp_path / "source"))
    writer = RunWriter(tmp_path / "run", "late", unique=True)
    write_run(tmp_path / "run", source.results, source.segments)
    writer.add_segments(source.segments)
    assert writer.commit(dict(source.results, run_id="late")) == tmp_path / "run-2"


# --- leftovers of killed runs ---------------------------------------------------------------------

HOLD = textwrap.dedent("""
    import sys, time
    from tarjama.rundir import RunWriter
    writer = RunWriter(sys.argv[1], "held")
    writer.add_segments([{"id": "0", "doc_id": "d", "src": "a", "mt": "ب"}])
    print("ready", flush=True)
    time.sleep(600)
""")


def hold_a_writer(target: Path) -> subprocess.Popen:
    """A process in the middle of writing a run at `target` (it waits to be killed)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(target)], env=env, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    return process


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_the_next_run_removes_what_a_killed_run_left(tmp_path, sig):
    process = hold_a_writer(tmp_path / "killed")
    (leftover,) = temporary_folders(tmp_path)
    assert remove_abandoned(tmp_path) == []  # its writer is alive: not touched
    process.send_signal(sig)
    process.wait(timeout=60)
    assert temporary_folders(tmp_path) == [leftover]
    source = read_run(run_dir(tmp_path / "source"))
    write_run(tmp_path / "next", source.results, source.segments)  # another run, same folder
    assert temporary_folders(tmp_path) == []
    assert not (tmp_path / "killed").exists()


def test_a_folder_never_locked_is_left_alone_until_it_is_old(tmp_path):
    """Between making its folder and locking it, a writer is not yet marked: wait an hour."""
    young = tmp_path / f"{TEMP_PREFIX}run-young"
    young.mkdir()
    assert remove_abandoned(tmp_path) == []
    hour_ago = time.time() - 3700
    os.utime(young, (hour_ago, hour_ago))
    assert remove_abandoned(tmp_path) == [young]


# --- two processes, one --out ---------------------------------------------------------------------


@pytest.mark.slow
def test_two_runs_with_one_out_one_wins_and_the_other_exits_2(tmp_path):
    (tmp_path / "d.jsonl").write_text(jsonl(ROWS * 200), encoding="utf-8")
    (tmp_path / "suite.yaml").write_text(
        "name: race\nchecks: []\nmetrics: [roundtrip.chrf]\nbootstrap: {resamples: 200}\n"
        "data: {path: d.jsonl}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [
        sys.executable,
        "-m",
        "tarjama",
        "run",
        "suite.yaml",
        "--out",
        "out",
        "-q",
        "--report",
        "none",
        "--store",
        "runs.db",
    ]
    processes = [
        subprocess.Popen(
            command,
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outcomes = sorted((p.wait(timeout=300), p.stderr.read()) for p in processes)  # type: ignore[union-attr]
    (won, _), (lost, message) = outcomes
    assert (won, lost) == (0, 2)
    assert len(message.strip().splitlines()) == 1 and "Traceback" not in message
    assert "out: " in message  # names the run directory
    run = read_run(tmp_path / "out")
    assert {row["run_id"] for row in run.segments} == {run.run_id}
    assert temporary_folders(tmp_path) == []
    from tarjama.store import Store

    with Store(tmp_path / "runs.db", create=False) as store:
        assert [row["run_id"] for row in store.runs()] == [run.run_id]


def test_a_failed_replacement_keeps_the_old_run(tmp_path, monkeypatch):
    source = read_run(run_dir(tmp_path / "source"))
    target = run_dir(tmp_path / "target")
    real_rename = os.rename

    def rename(src, dst):  # the old run moves aside; the new one cannot take its place
        if Path(src).name.startswith(TEMP_PREFIX) and Path(dst) == target and not target.exists():
            raise OSError(28, "No space left on device")
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OutputError, match="cannot replace the run directory: No space left"):
        write_run(target, dict(source.results, run_id="new-1"), source.segments, overwrite=True)
    monkeypatch.undo()
    assert read_run(target).run_id == "hostile-1"
    assert temporary_folders(tmp_path) == []
