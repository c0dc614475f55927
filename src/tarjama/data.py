"""Segments and the loaders that read them from tables or document pairs.

Every loader returns a `Dataset`: aligned segments (id, doc_id, src, mt, ref?, bt?) with text
NFC-normalised, plus the sha256 of every file read, for the run signature. Malformed input
raises `InputError` naming the file and the problem.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from tarjama.errors import InputError

TABLE_FORMATS = ("jsonl", "csv", "tsv", "parquet")
SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv",
                  ".parquet": "parquet", ".pq": "parquet"}
REQUIRED_COLUMNS = ("src", "mt")
OPTIONAL_COLUMNS = ("id", "doc_id", "ref", "bt")


@dataclass(frozen=True)
class Segment:
    """One aligned unit: a sentence or paragraph of a document."""

    id: str
    doc_id: str
    src: str
    mt: str
    ref: str | None = None
    bt: str | None = None

    def with_bt(self, bt: str) -> Segment:
        return replace(self, bt=bt)


@dataclass
class Dataset:
    """Segments in input order, and where they came from."""

    segments: list[Segment]
    files: dict[str, str] = field(default_factory=dict)  # path -> sha256

    def __len__(self) -> int:
        return len(self.segments)

    @property
    def has_ref(self) -> bool:
        return any(seg.ref is not None for seg in self.segments)

    @property
    def has_bt(self) -> bool:
        return all(seg.bt is not None for seg in self.segments)

    def documents(self) -> dict[str, list[Segment]]:
        """Segments grouped by doc_id, each document in input order."""
        docs: dict[str, list[Segment]] = {}
        for seg in self.segments:
            docs.setdefault(seg.doc_id, []).append(seg)
        return docs


def normalise_text(text: str) -> str:
    """NFC, no BOM, LF line ends: the form every text takes on load."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return unicodedata.normalize("NFC", text)


def read_text(path: str | Path) -> tuple[str, str]:
    """Read a UTF-8 file; return its normalised text and the sha256 of its bytes."""
    raw = _read_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"invalid UTF-8 at byte offset {exc.start} (byte 0x{raw[exc.start]:02x})", path
        ) from None
    return normalise_text(text), hashlib.sha256(raw).hexdigest()


def _read_bytes(path: str | Path) -> bytes:
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", path)
    if path.is_dir():
        raise InputError("is a folder, expected a file", path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path) from None


def read_lines(path: str | Path) -> tuple[list[str], str]:
    """Read a plain-text file as one paragraph per line (a final newline is not a line)."""
    text, digest = read_text(path)
    text = text.removesuffix("\n")
    lines = text.split("\n") if text else []
    return lines, digest


def detect_format(path: str | Path, declared: str | None = None) -> str:
    """The table format from the suite's declaration or the file suffix."""
    if declared:
        if declared not in TABLE_FORMATS:
            raise InputError(f"unknown format '{declared}' (expected one of {', '.join(TABLE_FORMATS)})", path)
        return declared
    fmt = SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(
            f"cannot tell the format from the suffix '{Path(path).suffix}'; "
            f"use one of {', '.join(SUFFIX_FORMATS)} or declare data.format", path)
    return fmt


def load_table(path: str | Path, fmt: str | None = None,
               columns: dict[str, str] | None = None, doc_id: str | None = None) -> Dataset:
    """Load segments from a JSONL, CSV, TSV or Parquet file.

    `columns` maps tarjama's names (src, mt, ...) to the file's column names.
    """
    fmt = detect_format(path, fmt)
    rows, digest = _READERS[fmt](path)
    rename = {theirs: ours for ours, theirs in (columns or {}).items()}
    rows = [{rename.get(key, key): value for key, value in row.items()} for row in rows]
    segments = _segments_from_rows(rows, path, doc_id or Path(path).stem)
    return Dataset(segments, {str(path): digest})


def _read_jsonl(path: str | Path) -> tuple[list[dict], str]:
    text, digest = read_text(path)
    rows = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {number}: invalid JSON ({exc.msg})", path) from None
        if not isinstance(row, dict):
            raise InputError(f"line {number}: expected a JSON object, got {type(row).__name__}", path)
        rows.append(row)
    return rows, digest


def _read_delimited(path: str | Path, sep: str) -> tuple[list[dict], str]:
    import pandas as pd

    text, digest = read_text(path)
    if not text.strip():
        return [], digest
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                            quoting=3 if sep == "\t" else 0)
    except (pd.errors.ParserError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0]
        raise InputError(f"cannot parse as {'TSV' if sep == chr(9) else 'CSV'}: {first}", path) from None
    return frame.to_dict(orient="records"), digest


def _read_parquet(path: str | Path) -> tuple[list[dict], str]:
    import pandas as pd

    raw = _read_bytes(path)
    try:
        frame = pd.read_parquet(io.BytesIO(raw))
    except Exception as exc:  # noqa: BLE001 — pyarrow raises several unrelated types for a bad file
        raise InputError(f"cannot read as Parquet: {str(exc).splitlines()[0]}", path) from None
    frame = frame.astype(object).where(frame.notna(), None)
    return frame.to_dict(orient="records"), hashlib.sha256(raw).hexdigest()


_READERS = {
    "jsonl": _read_jsonl,
    "csv": lambda path: _read_delimited(path, ","),
    "tsv": lambda path: _read_delimited(path, "\t"),
    "parquet": _read_parquet,
}


def _segments_from_rows(rows: Sequence[dict], path: str | Path, default_doc: str) -> list[Segment]:
    if not rows:
        raise InputError("no segments (the file is empty)", path)
    missing = [col for col in REQUIRED_COLUMNS if col not in rows[0]]
    if missing:
        found = ", ".join(map(str, rows[0])) or "none"
        raise InputError(f"missing required column {' and '.join(repr(c) for c in missing)} "
                         f"(found: {found})", path)
    segments = [_segment_from_row(row, number, path, default_doc) for number, row in enumerate(rows)]
    check_unique_ids(segments, path)
    return segments


def _segment_from_row(row: dict, number: int, path: str | Path, default_doc: str) -> Segment:
    def text(column: str, required: bool) -> str | None:
        value = row.get(column)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            if required:
                raise InputError(f"row {number}: '{column}' is missing", path)
            return None
        if not isinstance(value, str):
            if column in ("id", "doc_id") and isinstance(value, int | float):
                value = str(int(value)) if float(value).is_integer() else str(value)
            else:
                raise InputError(f"row {number}: '{column}' must be text, got {type(value).__name__}", path)
        return normalise_text(value)

    return Segment(
        id=text("id", False) or str(number),
        doc_id=text("doc_id", False) or default_doc,
        src=text("src", True) or "",
        mt=text("mt", True) or "",
        ref=text("ref", False),
        bt=text("bt", False),
    )


def check_unique_ids(segments: Sequence[Segment], path: str | Path) -> None:
    """Refuse duplicate segment ids: every flag and score is keyed by id."""
    seen: dict[str, int] = {}
    for number, seg in enumerate(segments):
        if seg.id in seen:
            raise InputError(f"duplicate id '{seg.id}' (rows {seen[seg.id]} and {number})", path)
        seen[seg.id] = number


def load_document_pair(src: str | Path, mt: str | Path, *, bt: str | Path | None = None,
                       ref: str | Path | None = None, doc_id: str | None = None) -> Dataset:
    """Load a document from aligned plain-text files, one paragraph per line."""
    columns = {"src": src, "mt": mt, "bt": bt, "ref": ref}
    texts: dict[str, list[str]] = {}
    files: dict[str, str] = {}
    for name, path in columns.items():
        if path is None:
            continue
        texts[name], files[str(path)] = read_lines(path)
    if not texts["src"] and not texts["mt"]:
        raise InputError("no segments (the file is empty)", src)
    for name in ("mt", "bt", "ref"):
        if name in texts and len(texts[name]) != len(texts["src"]):
            raise InputError(
                f"has {len(texts[name])} lines but {src} has {len(texts['src'])}; "
                "a document pair needs one paragraph per line in both", columns[name])
    doc = doc_id or Path(src).parent.name or Path(src).stem
    segments = [
        Segment(id=str(i), doc_id=doc, src=texts["src"][i], mt=texts["mt"][i],
                ref=texts["ref"][i] if "ref" in texts else None,
                bt=texts["bt"][i] if "bt" in texts else None)
        for i in range(len(texts["src"]))
    ]
    return Dataset(segments, files)
