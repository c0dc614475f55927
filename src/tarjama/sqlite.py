"""Opening tarjama's SQLite databases (cache, run store) so that many processes can share one.

Both run in WAL mode with a busy timeout and explicit transactions. Turning a new file into
WAL, and the first schema creation, take locks that SQLite does not always wait for through
its busy handler: two CI jobs opening a fresh database at the same moment can get "database is
locked" at once. Opening therefore retries with backoff until the busy timeout runs out.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

BUSY_TIMEOUT_MS = 60_000


def connect_wal(
    path: Path,
    setup: Callable[[sqlite3.Connection], None] | None = None,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
) -> sqlite3.Connection:
    """An autocommit connection in WAL mode, after `setup` (schema creation) has succeeded."""
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + busy_timeout_ms / 1000
    delay = 0.01
    while True:
        conn = sqlite3.connect(path, timeout=busy_timeout_ms / 1000, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
            conn.execute("PRAGMA journal_mode = WAL")
            if setup is not None:
                setup(conn)
            return conn
        except sqlite3.OperationalError as exc:
            conn.close()
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.5)
