"""Run directories: results.json plus segments.jsonl, the only source of truth of a run.

A run directory is written whole or not at all: `RunWriter` fills a hidden temporary folder
beside the target (segment rows as they come, results.json last) and renames it into place,
so no reader ever sees half a run or the files of two runs mixed. A temporary folder left by a
killed run is removed by the next run that writes beside it.

Every report, comparison, store import and baseline reads runs through `read_run`, which
validates both files against the "tarjama.results/1" contract (`tarjama.runschema`) and
refuses a malformed or inconsistent directory with a RunDirError naming the file, the line
and the field.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import shutil
import tempfile
import time
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self, overload

from tarjama.errors import OutputError, RunDirError
from tarjama.io import check_parent_writable, default_folder_mode, dumps_strict
from tarjama.runschema import (
    RESULTS_FILE,
    RESULTS_SCHEMA,
    SEGMENTS_FILE,
    read_results,
    read_segments,
)

__all__ = [
    "RESULTS_FILE",
    "RESULTS_SCHEMA",
    "SEGMENTS_FILE",
    "Run",
    "RunWriter",
    "SegmentRows",
    "default_run_dir",
    "read_run",
    "write_run",
]

TEMP_PREFIX = ".tarjama-tmp-"
"""Hidden folders beside a run directory that are being written (or were, by a killed run)."""
WRITING_MARKER = ".tarjama-writing"
"""Written inside a temporary folder once its writer holds the folder's lock."""
ABANDONED_AFTER_S = 3600.0
"""A temporary folder without its marker and lock is left alone for this long (its writer may
be between creating it and locking it)."""


@dataclass
class Run:
    """A run read back from disk (or just written: then its segments are read from the file
    as they are needed, `SegmentRows`)."""

    path: Path
    results: dict[str, Any]
    segments: Sequence[dict[str, Any]]

    @property
    def run_id(self) -> str:
        run_id: str = self.results["run_id"]
        return run_id


def default_run_dir(suite_name: str, created: datetime, root: Path = Path("reports")) -> Path:
    """reports/<suite>-<UTC timestamp>/, made unique if that exists already."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", suite_name).strip("-.") or "run"
    return _free_name(root / f"{safe}-{created.strftime('%Y%m%dT%H%M%SZ')}")


def _free_name(base: Path) -> Path:
    candidate, number = base, 1
    while candidate.exists() or candidate.is_symlink():
        number += 1
        candidate = base.with_name(f"{base.name}-{number}")
    return candidate


# --- reading ---------------------------------------------------------------------------------


def read_run(path: str | Path) -> Run:
    """Read and validate a run directory; RunDirError naming the file, line and field when it
    is missing, incomplete, malformed, or its two files disagree."""
    path = Path(path)
    if not path.is_dir():
        problem = (
            "is not a folder (a run directory)" if path.exists() else "run directory not found"
        )
        raise RunDirError(problem, path)
    results = read_results(path / RESULTS_FILE)
    return Run(path, results, read_segments(path / SEGMENTS_FILE, results))


class SegmentRows(Sequence[dict[str, Any]]):
    """The rows of a segments.jsonl, read from the file each time they are iterated: a run's
    segments without holding them all in memory. Indexing reads one row (the rows' offsets are
    found on first use, 8 bytes each)."""

    def __init__(self, path: Path, count: int) -> None:
        self.path = path
        self.length = count  # not `count`: Sequence.count(value) counts equal rows
        self._offsets: array[int] | None = None

    def __len__(self) -> int:
        return self.length

    def __iter__(self) -> Iterator[dict[str, Any]]:
        with self.path.open("rb") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.length))]
        if not -self.length <= index < self.length:
            raise IndexError("segment row index out of range")
        with self.path.open("rb") as handle:
            handle.seek(self._row_offsets()[index % self.length])
            row: dict[str, Any] = json.loads(handle.readline())
            return row

    def _row_offsets(self) -> array[int]:
        if self._offsets is None:
            self._offsets = array("q")
            with self.path.open("rb") as handle:
                offset = 0
                for line in handle:
                    if line.strip():
                        self._offsets.append(offset)
                    offset += len(line)
        return self._offsets


def is_run_dir(path: Path) -> bool:
    """Whether `path` is a folder that holds a run (complete or not)."""
    return path.is_dir() and any((path / name).exists() for name in (RESULTS_FILE, SEGMENTS_FILE))


# --- writing ---------------------------------------------------------------------------------


def write_run(
    out_dir: str | Path,
    results: dict[str, Any],
    segments: Iterable[dict[str, Any]],
    *,
    overwrite: bool = False,
) -> Path:
    """Write a whole run directory at once (see `RunWriter`); the path written."""
    with RunWriter(out_dir, results["run_id"], overwrite=overwrite) as writer:
        writer.add_segments(segments)
        return writer.commit(results)


class RunWriter:
    """Writes one run directory whole: into a hidden temporary folder, renamed into place.

        with RunWriter(out_dir, run_id) as writer:   # checks out_dir now, before any work
            writer.add_segments(rows)                # as often as rows are ready
            path = writer.commit(results)            # results.json, then the rename

    The target must be absent or an empty folder; with `overwrite`, a run directory there is
    replaced (never a folder that holds no run). With `unique`, a target that another run took
    in the meantime makes this run take the next free name (`<name>-2`, …); otherwise this run
    fails with a RunDirError and leaves nothing behind. Leaving the block without `commit`
    (an exception, or none) removes the temporary folder.
    """

    def __init__(
        self, out_dir: str | Path, run_id: str, *, overwrite: bool = False, unique: bool = False
    ) -> None:
        self.target = Path(out_dir)
        self.run_id = run_id
        self.overwrite = overwrite
        self.unique = unique
        self.n_segments = 0
        check_target(self.target, overwrite)
        self._staging = _Staging.create(self.target)
        self._segments: IO[str] | None = self._staging.open(SEGMENTS_FILE)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.abort()

    def add_segments(self, rows: Iterable[dict[str, Any]]) -> None:
        """Append segment rows to segments.jsonl, each stamped with the run id."""
        if self._segments is None:
            raise RuntimeError("this run directory is already committed or aborted")
        for row in rows:
            self._segments.write(dumps_strict({**row, "run_id": self.run_id}) + "\n")
            self.n_segments += 1

    def rows(self) -> SegmentRows:
        """The rows written so far, as they will be read back (run id included)."""
        if self._segments is None:
            raise RuntimeError("this run directory is already committed or aborted")
        self._segments.flush()
        return SegmentRows(self._staging.path / SEGMENTS_FILE, self.n_segments)

    def commit(self, results: dict[str, Any]) -> Path:
        """Write results.json and move the directory into place; the path it now has."""
        if self._segments is None:
            raise RuntimeError("this run directory is already committed or aborted")
        if results.get("run_id") != self.run_id or results.get("n_segments") != self.n_segments:
            raise ValueError(
                f"results.json ({results.get('run_id')}, {results.get('n_segments')} "
                f"segments) does not match the rows written ({self.run_id}, "
                f"{self.n_segments})"
            )
        _close_synced(self._segments)
        self._segments = None
        with self._staging.open(RESULTS_FILE) as handle:
            handle.write(dumps_strict(results, indent=2) + "\n")
        self.target = self._staging.move_to(self.target, self.overwrite, self.unique)
        return self.target

    def abort(self) -> None:
        """Drop everything written so far (nothing once committed)."""
        if self._segments is not None:
            self._segments.close()
            self._segments = None
        self._staging.remove()


def check_target(target: Path, overwrite: bool = False) -> None:
    """OutputError unless a run directory can be written at `target`: its folder accepts new
    entries, and nothing is there but an empty folder (or, with `overwrite`, a run)."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputError("exists and is not a folder; choose another run directory", target)
    check_parent_writable(target, "run directory")
    if not target.exists() or not any(target.iterdir()):
        return
    if not overwrite:
        raise OutputError(
            "is not empty; choose another run directory, or use --force to replace the run there",
            target,
        )
    if not is_run_dir(target):
        raise OutputError(
            "is not empty and holds no run (no results.json or segments.jsonl); "
            "only a run directory is replaced, even with --force",
            target,
        )


def _close_synced(handle: IO[str]) -> None:
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()


@dataclass
class _Staging:
    """A hidden temporary folder beside the target, locked (flock) while its writer lives."""

    path: Path
    lock_fd: int | None

    @classmethod
    def create(cls, target: Path) -> _Staging:
        parent = target.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            remove_abandoned(parent)
            path = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{target.name}-", dir=parent))
        except OSError as exc:
            raise OutputError(f"cannot create the run directory: {exc.strerror}", target) from None
        staging = cls(path, None)
        try:
            staging.lock_fd = _lock(path, blocking=True)
            os.chmod(path, default_folder_mode())
            (path / WRITING_MARKER).write_text(f"{os.getpid()}\n", encoding="utf-8")
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            staging._release()
            raise
        return staging

    def open(self, name: str) -> IO[str]:
        return open(self.path / name, "w", encoding="utf-8", newline="\n")

    def move_to(self, target: Path, overwrite: bool, unique: bool) -> Path:
        """Rename the folder into place as `target` (or the next free name, with `unique`)."""
        (self.path / WRITING_MARKER).unlink()
        _fsync_folder(self.path)
        while True:
            try:
                os.rename(self.path, target)
                break
            except OSError as exc:
                if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR, errno.EISDIR):
                    raise OutputError(
                        f"cannot create the run directory: {exc.strerror}", target
                    ) from None
                if unique:
                    target = _free_name(target)
                elif overwrite and is_run_dir(target):
                    _replace(self.path, target)
                    break
                else:
                    raise RunDirError(
                        "another run wrote this directory while this one was "
                        "running; this run was not kept",
                        target,
                    ) from None
        _fsync_folder(target.parent)
        self._release()
        return target

    def remove(self) -> None:
        if self.path.exists() and self.lock_fd is not None:
            shutil.rmtree(self.path, ignore_errors=True)
        self._release()

    def _release(self) -> None:
        if self.lock_fd is not None:
            os.close(self.lock_fd)
            self.lock_fd = None


def _replace(staging: Path, target: Path) -> None:
    """Swap a finished run into `target`, whose old run goes to a locked trash folder first
    (and comes back if the new one cannot take its place)."""
    trash = _Staging.create(target.with_name(f"{target.name}-replaced"))
    try:
        os.rename(target, trash.path / "old")
        try:
            os.rename(staging, target)
        except OSError:
            os.rename(trash.path / "old", target)
            raise
    except OSError as exc:
        raise OutputError(f"cannot replace the run directory: {exc.strerror}", target) from None
    finally:
        trash.remove()


def _lock(path: Path, blocking: bool) -> int | None:
    """An exclusive flock on the folder; None when another live process holds it."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _fsync_folder(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_abandoned(folder: Path) -> list[Path]:
    """Remove the temporary folders that killed runs left in `folder`; the paths removed.

    A folder is abandoned when no live process holds its lock and either its writer had
    marked it (so it did hold the lock once) or it is older than an hour.
    """
    removed = []
    for path in _temporary_folders(folder):
        with contextlib.suppress(OSError):
            fd = _lock(path, blocking=False)
            if fd is None:
                continue
            try:
                age = time.time() - path.stat().st_mtime
                if (path / WRITING_MARKER).exists() or age > ABANDONED_AFTER_S:
                    shutil.rmtree(path)
                    removed.append(path)
            finally:
                os.close(fd)
    return removed


def _temporary_folders(folder: Path) -> Iterator[Path]:
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(TEMP_PREFIX) and entry.is_dir(follow_symlinks=False):
                yield Path(entry.path)
