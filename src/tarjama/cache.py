"""A persistent key-value cache in SQLite, shared by back-translation engines and model metrics.

Values are JSON. Keys are sha256 hex strings built by `cache_key` from everything that changes
a value (engine, model id, revision or weights hash, settings, text). The database runs in WAL
mode with a busy timeout and short transactions, so several processes (two CI jobs on one
runner) can read and write it at once, and a killed run leaves it consistent.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from tarjama.errors import InputError
from tarjama.sqlite import connect_wal

_CHUNK = 500  # keys per SELECT / rows per INSERT transaction (well under SQLite's variable limit)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (namespace, key)
) WITHOUT ROWID
"""


def _setup(conn: sqlite3.Connection) -> None:
    # NORMAL is durable across a killed process in WAL mode (only power loss can drop the
    # last commits), and much faster than FULL.
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(_SCHEMA)


def default_cache_path() -> Path:
    """`$XDG_CACHE_HOME/tarjama/cache.sqlite`, or `~/.cache/tarjama/cache.sqlite`."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tarjama" / "cache.sqlite"


def cache_key(*parts: Any) -> str:
    """sha256 of a canonical JSON of `parts` (sorted keys; non-JSON values via str)."""
    canonical = json.dumps(
        parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Cache:
    """Namespaced JSON values in one SQLite file; a disabled cache misses and stores nothing."""

    def __init__(self, path: Path | str | None = None, enabled: bool = True) -> None:
        self.path = Path(path).expanduser() if path is not None else default_cache_path()
        self.enabled = enabled
        self.hits = 0
        self.misses = 0
        self._conn: sqlite3.Connection | None = None
        self._pid: int | None = None

    def get_many(self, namespace: str, keys: Sequence[str]) -> dict[str, Any]:
        """The cached values among `keys` (JSON-decoded); counts hits and misses."""
        wanted = list(dict.fromkeys(keys))
        if not self.enabled or not wanted:
            self.misses += len(wanted)
            return {}
        found: dict[str, Any] = {}
        with self._errors():
            conn = self._connection()
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    f"SELECT key, value FROM entries WHERE namespace = ? AND key IN ({marks})",
                    (namespace, *chunk),
                )
                found.update((key, json.loads(value)) for key, value in rows)
        self.hits += len(found)
        self.misses += len(wanted) - len(found)
        return found

    def get(self, namespace: str, key: str) -> Any:
        """One value, or None on a miss."""
        return self.get_many(namespace, [key]).get(key)

    def put_many(self, namespace: str, items: Mapping[str, Any]) -> None:
        """Store `items` (key → JSON-serialisable value), replacing older values."""
        if not self.enabled or not items:
            return
        rows = [
            (namespace, key, json.dumps(value, ensure_ascii=False)) for key, value in items.items()
        ]
        with self._errors():
            for start in range(0, len(rows), _CHUNK):
                with self._write() as conn:
                    conn.executemany(
                        "INSERT OR REPLACE INTO entries VALUES (?, ?, ?)",
                        rows[start : start + _CHUNK],
                    )

    def put(self, namespace: str, key: str, value: Any) -> None:
        self.put_many(namespace, {key: value})

    def info(self) -> dict[str, Any]:
        """Path, size on disk (database plus WAL), and the number of entries per namespace."""
        files = [self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")]
        size = sum(f.stat().st_size for f in files if f.exists())
        namespaces: dict[str, int] = {}
        if self.path.exists():
            with self._errors():
                rows = self._connection().execute(
                    "SELECT namespace, COUNT(*) FROM entries GROUP BY namespace ORDER BY namespace"
                )
                namespaces = dict(rows)
        return {
            "path": str(self.path),
            "exists": self.path.exists(),
            "size_bytes": size,
            "entries": sum(namespaces.values()),
            "namespaces": namespaces,
            "enabled": self.enabled,
        }

    def clear(self, namespace: str | None = None) -> int:
        """Delete one namespace's entries, or all of them; return how many were deleted."""
        if not self.path.exists():
            return 0
        with self._errors():
            with self._write() as conn:
                if namespace is None:
                    deleted = conn.execute("DELETE FROM entries").rowcount
                else:
                    deleted = conn.execute(
                        "DELETE FROM entries WHERE namespace = ?", (namespace,)
                    ).rowcount
            if namespace is None:
                self._connection().execute("VACUUM")
        return deleted

    def close(self) -> None:
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getstate__(self) -> dict[str, Any]:
        # A connection never crosses a process boundary; the copy reopens its own.
        return {**self.__dict__, "_conn": None, "_pid": None}

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None or self._pid != os.getpid():
            self._conn = self._open()
            self._pid = os.getpid()
        return self._conn

    def _open(self) -> sqlite3.Connection:
        return connect_wal(self.path, _setup)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short IMMEDIATE transaction: takes the write lock up front, so no deadlock."""
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as exc:
            raise InputError(
                f"cache database unusable ({exc}); delete the file or pass "
                f"another path with --cache",
                self.path,
            ) from exc
