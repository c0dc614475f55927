"""Run directories: results.json plus segments.jsonl, the only source of truth of a run.

Writers are atomic (segments.jsonl first, results.json last, each via rename), so a
directory with a results.json is complete. Every report, comparison and notebook reads
runs through `read_run`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tarjama.errors import RunDirError
from tarjama.io import atomic_write_json, atomic_write_jsonl

RESULTS_SCHEMA = "tarjama.results/1"
RESULTS_FILE = "results.json"
SEGMENTS_FILE = "segments.jsonl"


@dataclass
class Run:
    """A run read back from disk."""

    path: Path
    results: dict[str, Any]
    segments: list[dict[str, Any]]

    @property
    def run_id(self) -> str:
        return self.results["run_id"]


def default_run_dir(suite_name: str, created: datetime, root: Path = Path("reports")) -> Path:
    """reports/<suite>-<UTC timestamp>/, made unique if that exists already."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", suite_name).strip("-") or "run"
    base = root / f"{safe}-{created.strftime('%Y%m%dT%H%M%SZ')}"
    candidate, number = base, 1
    while candidate.exists():
        number += 1
        candidate = base.with_name(f"{base.name}-{number}")
    return candidate


def write_run(out_dir: Path, results: dict[str, Any], segments: Iterable[dict[str, Any]]) -> Path:
    """Write segments.jsonl then results.json atomically into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_jsonl(out_dir / SEGMENTS_FILE, segments)
    atomic_write_json(out_dir / RESULTS_FILE, results)
    return out_dir


def read_run(path: str | Path) -> Run:
    """Read a run directory; RunDirError when it is missing or incomplete."""
    path = Path(path)
    if not path.is_dir():
        raise RunDirError("run directory not found", path)
    results = _read_json(path / RESULTS_FILE)
    if results.get("schema") != RESULTS_SCHEMA:
        raise RunDirError(f"unsupported results schema {results.get('schema')!r} "
                          f"(expected {RESULTS_SCHEMA})", path / RESULTS_FILE)
    return Run(path, results, _read_jsonl(path / SEGMENTS_FILE))


def _read_json(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise RunDirError("missing (not a complete run directory)", path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RunDirError(f"not valid JSON ({exc})", path) from None


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        raise RunDirError("missing (not a complete run directory)", path)
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise RunDirError(f"line {number}: invalid JSON ({exc.msg})", path) from None
    return rows
