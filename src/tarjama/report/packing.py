"""The segment data that report.html carries: column by column, gzip-compressed, base64.

A run of 100,000 news segments is about 150 MB of JSON, which no browser opens quickly and no
one mails. The page's script needs it all (the table filters and searches every segment), so
it travels compressed, one column at a time (ids, sources, translations, flags, …), because
like texts side by side compress better than rows that alternate English and Arabic:

- a JSON column is one JSON array in segment order, gzip-compressed;
- a text column is the texts one after another, gzip-compressed, and a JSON array of their
  lengths in UTF-16 code units (the page's string lengths; -1 for no text): the page cuts the
  texts apart instead of parsing 100 MB of JSON strings.

Every part's bytes follow each other in one base64 block; `PackedColumns.parts` says where
each lies. The page decompresses them with the browser's own DecompressionStream, which the
Content-Security-Policy leaves alone (no fetch, no network). Rows are packed one at a time, so
the segments never need to be in memory together; texts that repeat across rows (flag
messages) can travel once, in a table the rows point into.
"""

from __future__ import annotations

import base64
import json
import zlib
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

GZIP_LEVEL = 6  # zlib's default: level 9 saves about 1% for twice the time
GZIP_WRAPPER = 16 + zlib.MAX_WBITS  # zlib writes a gzip header and trailer
BUFFER_CHARS = 1 << 16  # text handed to a part's compressor this many characters at a time
NO_TEXT = -1  # a text column's length for a row without that text


@dataclass
class PackedColumns:
    """The base64 text of every part's gzip bytes, one after another, and where each lies."""

    base64: str
    parts: dict[str, list[int]]  # part -> [start, end) in the decoded bytes
    n_rows: int


class _Part:
    """One gzip stream, fed text in pieces."""

    def __init__(self) -> None:
        self.compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, GZIP_WRAPPER)
        self.compressed: list[bytes] = []
        self.pending: list[str] = []
        self.pending_chars = 0

    def write(self, text: str) -> None:
        self.pending.append(text)
        self.pending_chars += len(text)
        if self.pending_chars >= BUFFER_CHARS:
            self._compress()

    def _compress(self) -> None:
        self.compressed.append(self.compressor.compress("".join(self.pending).encode("utf-8")))
        self.pending.clear()
        self.pending_chars = 0

    def finish(self) -> bytes:
        self._compress()
        return b"".join([*self.compressed, self.compressor.flush()])


class ColumnPacker:
    """Packs rows (mappings from column name to a value) column by column: `json_columns` as
    JSON arrays, `text_columns` (str or None) as texts and their lengths."""

    def __init__(self, json_columns: Sequence[str], text_columns: Sequence[str] = ()) -> None:
        self.json_columns = list(json_columns)
        self.text_columns = list(text_columns)
        self._json = {column: _Part() for column in self.json_columns}
        self._texts = {column: _Part() for column in self.text_columns}
        self._lengths = {column: array("q") for column in self.text_columns}
        self.n_rows = 0

    def add(self, row: Mapping[str, Any]) -> None:
        """One row; a column the row lacks is null (no text)."""
        separator = "," if self.n_rows else "["
        for column, part in self._json.items():
            part.write(separator + _json(row.get(column)))
        for column, part in self._texts.items():
            text = row.get(column)
            if text is None:
                self._lengths[column].append(NO_TEXT)
            else:
                self._lengths[column].append(len(text.encode("utf-16-le")) // 2)
                part.write(text)
        self.n_rows += 1

    def finish(self, tables: Mapping[str, list[Any]] | None = None) -> PackedColumns:
        """Close every part and lay them out one after another, followed by `tables`: JSON
        arrays that are not one value per row (e.g. texts the rows refer to by number)."""
        parts: dict[str, bytes] = {}
        for column, part in self._json.items():
            part.write("]" if self.n_rows else "[]")
            parts[column] = part.finish()
        for column, part in self._texts.items():
            parts[f"{column}.lengths"] = gzip_json(self._lengths[column].tolist())
            parts[f"{column}.text"] = part.finish()
        for name, values in (tables or {}).items():
            parts[name] = gzip_json(values)
        ranges, offset = {}, 0
        for name, data in parts.items():
            ranges[name] = [offset, offset + len(data)]
            offset += len(data)
        packed = base64.b64encode(b"".join(parts.values())).decode("ascii")
        return PackedColumns(packed, ranges, self.n_rows)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def gzip_json(value: Any) -> bytes:
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, GZIP_WRAPPER)
    return compressor.compress(_json(value).encode("utf-8")) + compressor.flush()


class TextTable:
    """Distinct texts numbered in first-seen order: a row holds a number, not a repeated text."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def number(self, text: str) -> int:
        return self.numbers.setdefault(text, len(self.numbers))

    def texts(self) -> list[str]:
        return list(self.numbers)
