"""Segments and the loaders that read them from tables or document pairs.

Every loader returns a `Dataset`: aligned segments (id, doc_id, src, mt, ref?, bt?) with text
NFC-normalised, plus the sha256 of every file read, for the run signature. Loading is strict:
only regular files are read; JSON without NaN or Infinity; CSV/TSV rows with exactly the
header's fields; a column mapping that names columns the file has; and text that is valid
Unicode, free of control characters (tab and newline aside) and within the segment length
limits (`TextRules`). Malformed input raises `InputError` naming the file, the line or row,
and the problem.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tarjama.errors import InputError
from tarjama.io import loads_strict, open_regular_file, read_regular_file
from tarjama.suggest import did_you_mean

log = logging.getLogger(__name__)

TABLE_FORMATS = ("jsonl", "csv", "tsv", "parquet")
SUFFIX_FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
REQUIRED_COLUMNS = ("src", "mt")
OPTIONAL_COLUMNS = ("id", "doc_id", "ref", "bt")
TEXT_COLUMNS = ("src", "mt", "ref", "bt")
DEFAULT_MAX_SEGMENT_CHARS = 20_000
DEFAULT_MAX_SEGMENT_WORDS = 2_000

# Lone surrogates: a JSON "\ud800" escape decodes to one, and no UTF-8 writer can encode it.
_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls except tab and newline (CR is already a newline by then), DEL and C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Segment:
    """One aligned unit: a sentence or paragraph of a document (slots: a dataset holds one per
    segment, 100,000 of them in a large run)."""

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
    controls_stripped: int = 0
    """Control characters removed on load (only when the suite allows stripping them)."""
    mt_given: bool = True
    """Whether the data gave `mt` (False: every mt is "" until a suite's system fills it)."""

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


@dataclass(frozen=True)
class TextRules:
    """What a segment's text may be: its length, and whether control characters are an
    error (the default) or removed with a warning (a suite's `data.control_characters`)."""

    max_chars: int = DEFAULT_MAX_SEGMENT_CHARS
    max_words: int = DEFAULT_MAX_SEGMENT_WORDS
    strip_controls: bool = False


class _TextChecker:
    """Applies `TextRules` to every text of one file, counting what it strips."""

    def __init__(self, rules: TextRules, path: str | Path) -> None:
        self.rules = rules
        self.path = path
        self.stripped = 0
        self.stripped_segments = 0

    def __call__(self, text: str, column: str, where: str) -> str:
        text = normalise_text(text)
        self._refuse(_SURROGATE.search(text), column, where, "a lone surrogate")
        if _CONTROL.search(text):
            if not self.rules.strip_controls:
                self._refuse(
                    _CONTROL.search(text),
                    column,
                    where,
                    "the control character",
                    " (or set data.control_characters: strip in the suite)",
                )
            text, count = _CONTROL.subn("", text)
            self.stripped += count
            self.stripped_segments += 1
        self._check_length(text, column, where)
        return text

    def _refuse(
        self, found: re.Match[str] | None, column: str, where: str, what: str, hint: str = ""
    ) -> None:
        if found:
            raise InputError(
                f"{where}: '{column}' has {what} U+{ord(found.group()):04X} at "
                f"character {found.start()}; the text must be valid, printable "
                f"Unicode{hint}",
                self.path,
            )

    def _check_length(self, text: str, column: str, where: str) -> None:
        rules = self.rules
        if len(text) > rules.max_chars:
            raise InputError(
                f"{where}: '{column}' is {len(text):,} characters long, over the "
                f"limit of {rules.max_chars:,} (raise data.max_segment_chars in "
                "the suite)",
                self.path,
            )
        # A word has at least one character, so a text this short cannot have too many.
        if len(text) > rules.max_words and len(text.split()) > rules.max_words:
            raise InputError(
                f"{where}: '{column}' is {len(text.split()):,} words long, over the "
                f"limit of {rules.max_words:,} (raise data.max_segment_words in "
                "the suite)",
                self.path,
            )

    def warn(self) -> None:
        if self.stripped:
            log.warning(
                "%s: removed %d control character(s) from %d text(s) "
                "(data.control_characters: strip)",
                self.path,
                self.stripped,
                self.stripped_segments,
            )


def normalise_text(text: str) -> str:
    """NFC, no BOM, LF line ends: the form every text takes on load."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return unicodedata.normalize("NFC", text)


def read_text(path: str | Path) -> tuple[str, str]:
    """Read a UTF-8 regular file; return its text (BOM and CRs gone) and the sha256 of its bytes.

    Text checks (`TextRules`) are the loaders' job: they know the row and column.
    """
    raw = read_regular_file(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _invalid_utf8(exc, 0, path) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return text, hashlib.sha256(raw).hexdigest()


def _invalid_utf8(exc: UnicodeDecodeError, offset: int, path: str | Path) -> InputError:
    return InputError(
        f"invalid UTF-8 at byte offset {offset + exc.start} (byte 0x{exc.object[exc.start]:02x})",
        path,
    )


def iter_text_lines(path: str | Path, digest: Any) -> Iterator[str]:
    """The lines of a UTF-8 regular file, as `read_text(path)[0].split("\n")` gives them, read
    one at a time (a file's text is never in memory whole); `digest` (a hashlib object) is
    fed every byte."""
    with open_regular_file(path) as handle:
        offset = 0
        for raw in handle:
            digest.update(raw)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise _invalid_utf8(exc, offset, path) from None
            if offset == 0:
                text = text.lstrip("\ufeff")
            offset += len(raw)
            yield from text.replace("\r\n", "\n").replace("\r", "\n").removesuffix("\n").split("\n")


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
            raise InputError(
                f"unknown format '{declared}' (expected one of {', '.join(TABLE_FORMATS)})", path
            )
        return declared
    fmt = SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(
            f"cannot tell the format from the suffix '{Path(path).suffix}'; "
            f"use one of {', '.join(SUFFIX_FORMATS)} or declare data.format",
            path,
        )
    return fmt


@dataclass
class _Table:
    """A table file's rows, each with where it stands ("line 3", "row 2"), and its columns."""

    rows: list[tuple[str, dict[str, Any]]]
    columns: list[str]
    digest: str


def load_table(
    path: str | Path,
    fmt: str | None = None,
    columns: dict[str, str] | None = None,
    doc_id: str | None = None,
    rules: TextRules | None = None,
    *,
    mt_required: bool = True,
) -> Dataset:
    """Load segments from a JSONL, CSV, TSV or Parquet file.

    `columns` maps tarjama's names (src, mt, ...) to the file's column names. Without
    `mt_required` (a suite whose system writes mt), a file may have no mt column.
    """
    fmt = detect_format(path, fmt)
    checker = _TextChecker(rules or TextRules(), path)
    table = _READERS[fmt](path, checker.rules)
    table = _rename_columns(table, columns or {}, path)
    mt_given = mt_required or "mt" in table.columns
    segments = _segments_from_rows(table, path, doc_id or Path(path).stem, checker, mt_given)
    checker.warn()
    return Dataset(segments, {str(path): table.digest}, checker.stripped, mt_given)


def _rename_columns(table: _Table, columns: dict[str, str], path: str | Path) -> _Table:
    """The table under tarjama's column names; a mapping to a column the file lacks is an
    error, and a mapped column wins over a column of the file that has tarjama's name."""
    for ours, theirs in columns.items():
        if ours not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            raise InputError(
                f"data.columns: unknown field {ours!r} "
                f"({did_you_mean(ours, REQUIRED_COLUMNS + OPTIONAL_COLUMNS)})",
                path,
            )
        if theirs not in table.columns:
            raise InputError(
                f"data.columns maps {ours!r} to the column {theirs!r}, which the "
                f"file does not have (found: {_names(table.columns)})",
                path,
            )
    if not columns:
        return table
    rename = {theirs: ours for ours, theirs in columns.items()}
    rows = [
        (
            where,
            {
                rename.get(key, key): value
                for key, value in row.items()
                if key in rename or key not in columns
            },
        )
        for where, row in table.rows
    ]
    names = [rename.get(key, key) for key in table.columns if key in rename or key not in columns]
    return _Table(rows, names, table.digest)


def _names(columns: Sequence[str]) -> str:
    """Column names for a message; one that holds a comma or a control character is quoted."""
    names = (str(c) for c in columns)
    return ", ".join(n if n.isprintable() and "," not in n else repr(n) for n in names) or "none"


def _read_jsonl(path: str | Path, rules: TextRules) -> _Table:
    digest = hashlib.sha256()
    rows: list[tuple[str, dict[str, Any]]] = []
    columns: dict[str, None] = {}
    for number, line in enumerate(iter_text_lines(path, digest), start=1):
        if not line.strip():
            continue
        try:
            row = loads_strict(line)
        except ValueError as exc:
            raise InputError(
                f"line {number}: invalid JSON ({getattr(exc, 'msg', exc)})", path
            ) from None
        if not isinstance(row, dict):
            raise InputError(
                f"line {number}: expected a JSON object, got {type(row).__name__}", path
            )
        rows.append((f"line {number}", row))
        columns.update(dict.fromkeys(row))
    return _Table(rows, list(columns), digest.hexdigest())


def _read_delimited(path: str | Path, rules: TextRules, sep: str) -> _Table:
    text, digest = read_text(path)
    name = "TSV" if sep == "\t" else "CSV"
    # A field may be as long as the longest text allowed, and csv refuses longer ones.
    csv.field_size_limit(max(csv.field_size_limit(), 4 * rules.max_chars + 1024))
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=sep,
        strict=True,
        quoting=csv.QUOTE_NONE if sep == "\t" else csv.QUOTE_MINIMAL,
    )
    rows: list[tuple[str, dict[str, Any]]] = []
    try:
        header = next((fields for fields in reader if fields), [])
        _check_header(header, path)
        for fields in reader:
            if not fields:
                continue
            if len(fields) != len(header):
                raise InputError(
                    f"line {reader.line_num}: {len(fields)} field(s), but the "
                    f"header has {len(header)} ({_names(header)})",
                    path,
                )
            rows.append((f"line {reader.line_num}", dict(zip(header, fields, strict=True))))
    except csv.Error as exc:
        raise InputError(f"line {reader.line_num}: cannot parse as {name} ({exc})", path) from None
    return _Table(rows, header, digest)


def _check_header(header: list[str], path: str | Path) -> None:
    seen = set()
    for column in header:
        if column in seen:
            raise InputError(f"line 1: the column {column!r} appears twice in the header", path)
        seen.add(column)


def _read_parquet(path: str | Path, rules: TextRules) -> _Table:
    import pandas as pd

    raw = read_regular_file(path)
    try:
        frame = pd.read_parquet(io.BytesIO(raw))
    except Exception as exc:  # noqa: BLE001 — pyarrow raises several unrelated types for a bad file
        raise InputError(f"cannot read as Parquet: {str(exc).splitlines()[0]}", path) from None
    frame = frame.astype(object).where(frame.notna(), None)
    rows = [(f"row {number}", row) for number, row in enumerate(frame.to_dict(orient="records"))]
    return _Table(rows, [str(c) for c in frame.columns], hashlib.sha256(raw).hexdigest())


_READERS = {
    "jsonl": _read_jsonl,
    "csv": lambda path, rules: _read_delimited(path, rules, ","),
    "tsv": lambda path, rules: _read_delimited(path, rules, "\t"),
    "parquet": _read_parquet,
}


def _segments_from_rows(
    table: _Table, path: str | Path, default_doc: str, checker: _TextChecker, mt_given: bool = True
) -> list[Segment]:
    if not table.rows:
        raise InputError("no segments (the file is empty)", path)
    required = REQUIRED_COLUMNS if mt_given else ("src",)
    missing = [col for col in required if col not in table.columns]
    if missing:
        raise InputError(
            f"missing required column {' and '.join(repr(c) for c in missing)} "
            f"(found: {_names(table.columns)})",
            path,
        )
    segments = [
        _segment_from_row(row, number, where, path, default_doc, checker, mt_given)
        for number, (where, row) in enumerate(table.rows)
    ]
    check_unique_ids(segments, path)
    return segments


def _segment_from_row(
    row: dict[str, Any],
    number: int,
    where: str,
    path: str | Path,
    default_doc: str,
    checker: _TextChecker,
    mt_given: bool = True,
) -> Segment:
    def text(column: str, required: bool) -> str | None:
        value = row.get(column)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            if required:
                raise InputError(f"{where}: '{column}' is missing", path)
            return None
        if column in ("id", "doc_id") and _is_number(value):
            value = str(int(value)) if float(value).is_integer() else str(value)
        if not isinstance(value, str):
            raise InputError(f"{where}: '{column}' must be text, got {type(value).__name__}", path)
        return checker(value, column, where)

    return Segment(
        id=text("id", False) or str(number),
        doc_id=text("doc_id", False) or default_doc,
        src=text("src", True) or "",
        mt=(text("mt", True) or "") if mt_given else "",
        ref=text("ref", False),
        bt=text("bt", False),
    )


def _is_number(value: Any) -> bool:
    """A finite int or float (not a bool): what an id column may hold besides text."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def check_unique_ids(segments: Sequence[Segment], path: str | Path) -> None:
    """Refuse duplicate segment ids: every flag and score is keyed by id."""
    seen: dict[str, int] = {}
    for number, seg in enumerate(segments):
        if seg.id in seen:
            raise InputError(f"duplicate id {seg.id!r} (rows {seen[seg.id]} and {number})", path)
        seen[seg.id] = number


def load_document_pair(
    src: str | Path,
    mt: str | Path | None,
    *,
    bt: str | Path | None = None,
    ref: str | Path | None = None,
    doc_id: str | None = None,
    rules: TextRules | None = None,
) -> Dataset:
    """Load a document from aligned plain-text files, one paragraph per line (no `mt` file:
    a suite's system writes mt)."""
    columns = {"src": src, "mt": mt, "bt": bt, "ref": ref}
    texts: dict[str, list[str]] = {}
    files: dict[str, str] = {}
    stripped = 0
    for name, path in columns.items():
        if path is None:
            continue
        lines, files[str(path)] = read_lines(path)
        checker = _TextChecker(rules or TextRules(), path)
        texts[name] = [
            checker(line, name, f"line {number}") for number, line in enumerate(lines, start=1)
        ]
        checker.warn()
        stripped += checker.stripped
    if not texts["src"] and not texts.get("mt"):
        raise InputError("no segments (the file is empty)", src)
    for name in ("mt", "bt", "ref"):
        if name in texts and len(texts[name]) != len(texts["src"]):
            raise InputError(
                f"has {len(texts[name])} lines but {src} has {len(texts['src'])}; "
                "a document pair needs one paragraph per line in both",
                columns[name],
            )
    doc = doc_id or Path(src).parent.name or Path(src).stem
    segments = [
        Segment(
            id=str(i),
            doc_id=doc,
            src=texts["src"][i],
            mt=texts["mt"][i] if "mt" in texts else "",
            ref=texts["ref"][i] if "ref" in texts else None,
            bt=texts["bt"][i] if "bt" in texts else None,
        )
        for i in range(len(texts["src"]))
    ]
    return Dataset(segments, files, stripped, mt_given=mt is not None)
