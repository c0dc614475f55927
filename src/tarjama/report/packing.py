"""The segment data that report.html carries: column by column, gzip-compressed, base64.

A run of 100,000 news segments is about 150 MB of JSON, which no browser opens quickly and no
one mails. The page's script needs it all (the table filters and searches every segment), so
it travels compressed: each column (ids, sources, translations, flags, …) is one JSON array in
segment order, gzip-compressed on its own, because like texts side by side compress better
than rows that alternate English and Arabic; the columns' bytes follow each other in one
base64 block. The page decompresses them with the browser's own DecompressionStream, which
the Content-Security-Policy leaves alone (no fetch, no network).

Rows are packed one at a time, so the segments never need to be in memory together. Texts
that repeat across rows (flag messages) can travel once, in a table the rows point into.
"""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

GZIP_LEVEL = 6  # zlib's default: level 9 saves about 1% for twice the time
GZIP_WRAPPER = 16 + zlib.MAX_WBITS  # zlib writes a gzip header and trailer
BUFFER_BYTES = 1 << 16  # a column's JSON handed to its compressor this many bytes at a time


@dataclass
class PackedColumns:
    """The base64 text of every column's gzip bytes, one after another, and where each is."""

    base64: str
    ranges: dict[str, list[int]]  # column -> [start, end) in the decoded bytes
    n_rows: int


class ColumnPacker:
    """Packs rows (mappings from column name to a JSON value) column by column."""

    def __init__(self, columns: Sequence[str]) -> None:
        self.columns = list(columns)
        self._compressors = {c: zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, GZIP_WRAPPER)
                             for c in self.columns}
        self._compressed: dict[str, list[bytes]] = {c: [] for c in self.columns}
        self._pending: dict[str, list[str]] = {c: [] for c in self.columns}
        self._pending_size = 0
        self._packed_rows = 0  # rows handed to the compressors
        self.n_rows = 0

    def add(self, row: Mapping[str, Any]) -> None:
        """One row; a column the row lacks is null."""
        for column in self.columns:
            text = json.dumps(row.get(column), ensure_ascii=False, separators=(",", ":"),
                              allow_nan=False)
            self._pending[column].append(text)
            self._pending_size += len(text)
        self.n_rows += 1
        if self._pending_size >= BUFFER_BYTES:
            self._compress_pending()

    def _compress_pending(self) -> None:
        if self._packed_rows == self.n_rows:
            return
        start = "," if self._packed_rows else "["
        for column, texts in self._pending.items():
            data = (start + ",".join(texts)).encode("utf-8")
            self._compressed[column].append(self._compressors[column].compress(data))
            texts.clear()
        self._pending_size = 0
        self._packed_rows = self.n_rows

    def finish(self, tables: Mapping[str, list[Any]] | None = None) -> PackedColumns:
        """Close every column and lay them out one after another, followed by `tables`:
        JSON arrays that are not one value per row (e.g. texts the rows refer to by index)."""
        self._compress_pending()
        chunks, ranges, offset = [], {}, 0
        for column in self.columns:
            compressor = self._compressors[column]
            closing = compressor.compress(b"]" if self.n_rows else b"[]")
            chunks.append(b"".join([*self._compressed[column], closing, compressor.flush()]))
        for values in (tables or {}).values():
            chunks.append(gzip_json(values))
        for name, data in zip([*self.columns, *(tables or {})], chunks, strict=True):
            ranges[name] = [offset, offset + len(data)]
            offset += len(data)
        return PackedColumns(base64.b64encode(b"".join(chunks)).decode("ascii"), ranges, self.n_rows)


def gzip_json(value: Any) -> bytes:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, GZIP_WRAPPER)
    return compressor.compress(text.encode("utf-8")) + compressor.flush()


class TextTable:
    """Distinct texts numbered in first-seen order: a row holds a number, not a repeated text."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def number(self, text: str) -> int:
        return self.numbers.setdefault(text, len(self.numbers))

    def texts(self) -> list[str]:
        return list(self.numbers)
