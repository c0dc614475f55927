"""The run-directory contract "tarjama.results/1" as typed models, and the readers that hold
results.json and segments.jsonl to it.

DESIGN.md fixes the fields that tools outside the code rely on; the models check those (type,
range, vocabulary) and let everything else through, so a newer writer's extra fields still
read. Beyond each file's shape, the readers check that the two files belong together: the
same run id on every row, as many rows as results.json counts, unique segment ids, spans
inside their translation, and statistics of one size per metric. Every problem is one
RunDirError naming the file, the line and the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal, NotRequired

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from typing_extensions import TypedDict

from tarjama.errors import RunDirError
from tarjama.flags import CATEGORIES, SEVERITIES
from tarjama.io import loads_strict, open_regular_file, read_regular_file

RESULTS_SCHEMA = "tarjama.results/1"
RESULTS_FILE = "results.json"
SEGMENTS_FILE = "segments.jsonl"
RESULTS_LIMIT = 64_000_000
"""results.json holds aggregates only; anything larger is not one."""

Number = Annotated[float, Field(allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0)]
Offset = Annotated[int, Field(ge=0)]
Interval = Annotated[list[Number], Field(min_length=2, max_length=2)]
Span = Annotated[list[Offset], Field(min_length=2, max_length=2)]


class _Contract(BaseModel):
    """Fields the contract names are checked strictly (no "12" for 12); others pass through."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)


class MetricResult(_Contract):
    score: Number
    ci95: Interval | None = None
    signature: str
    higher_is_better: bool


class ChecksResult(_Contract):
    n_flags: Count
    counts: dict[Literal[CATEGORIES], Count]  # type: ignore[valid-type]
    by_severity: dict[Literal[SEVERITIES], Count]  # type: ignore[valid-type]
    mqm_penalty: Number | None = None


class GateResult(_Contract):
    name: str
    passed: bool


class Results(_Contract):
    """results.json."""

    schema_: Literal[RESULTS_SCHEMA] = Field(alias="schema")  # type: ignore[valid-type]
    suite: str
    run_id: Annotated[str, Field(min_length=1)]
    created: str
    n_segments: Count
    metrics: dict[str, MetricResult]
    checks: ChecksResult | None
    gates: list[GateResult]
    passed: bool
    signature: dict[str, Any] = Field(default_factory=dict)


class FlagRow(TypedDict):
    """A flag in a segment row (a TypedDict: rows are many, and stay plain dicts)."""

    __pydantic_config__ = _Contract.model_config  # type: ignore[misc]
    id: str
    category: Literal[CATEGORIES]  # type: ignore[valid-type]
    severity: Literal[SEVERITIES]  # type: ignore[valid-type]
    span: Span | None
    text: str
    message: str


class SegmentRow(TypedDict):
    """One line of segments.jsonl."""

    __pydantic_config__ = _Contract.model_config  # type: ignore[misc]
    id: str
    doc_id: str
    src: str
    mt: str
    bt: NotRequired[str | None]
    ref: NotRequired[str | None]
    scores: NotRequired[dict[str, Number | None]]
    flags: NotRequired[list[FlagRow]]
    mqm_penalty: NotRequired[Number | None]
    stats: NotRequired[dict[str, list[Number]]]
    run_id: NotRequired[str]


SEGMENT_ROW = TypeAdapter(SegmentRow)


# --- results.json ----------------------------------------------------------------------------


def read_results(path: Path) -> dict[str, Any]:
    """results.json as a dict, checked against the contract."""
    if not path.exists():
        raise RunDirError("missing (not a complete run directory)", path)
    data = _parse(read_regular_file(path, limit=RESULTS_LIMIT, error=RunDirError), path)
    if not isinstance(data, dict):
        raise RunDirError(f"expected a JSON object, got {_json_type(data)}", path)
    schema = data.get("schema")
    if schema != RESULTS_SCHEMA:
        found = "no 'schema' key" if schema is None else f"schema {schema!r}"
        raise RunDirError(f"{found}; this tarjama reads {RESULTS_SCHEMA} run directories", path)
    _validate(Results, data, path)
    return data


def _parse(raw: bytes, path: Path, where: str = "") -> Any:
    try:
        # Numbers out of a float's range read as infinity, which every contract number refuses.
        return loads_strict(raw.decode("utf-8"), float_range=False)
    except UnicodeDecodeError as exc:
        raise RunDirError(f"{where}invalid UTF-8 at byte offset {exc.start}", path) from None
    except ValueError as exc:  # json.JSONDecodeError, or NaN/Infinity
        raise RunDirError(f"{where}invalid JSON ({getattr(exc, 'msg', exc)})", path) from None


def _json_type(value: Any) -> str:
    names = {
        list: "an array",
        str: "a string",
        bool: "a boolean",
        type(None): "null",
        int: "a number",
        float: "a number",
        dict: "an object",
    }
    return names.get(type(value), type(value).__name__)


def _validate(
    model: type[BaseModel] | TypeAdapter[Any], data: dict[str, Any], path: Path, where: str = ""
) -> None:
    try:
        if isinstance(model, TypeAdapter):
            model.validate_python(data)
        else:
            model.model_validate(data)
    except ValidationError as exc:
        raise RunDirError(where + _first_problem(exc), path) from None


def _first_problem(exc: ValidationError) -> str:
    """'field metrics.roundtrip.bleu.score: Input should be a valid number (got "high")'."""
    error = exc.errors()[0]
    location = ".".join(_printable(part) for part in error["loc"])
    if error["type"] == "missing":
        return f"missing field '{location}'"
    if error["type"] == "literal_error":  # a word outside its vocabulary
        return (
            f"field '{location}': {_short(error.get('input'))} is not one of "
            f"{error['ctx']['expected'].replace(' or ', ', ')}"
        )
    message = re.sub(r" or instance of \w+", "", error["msg"].removeprefix("Value error, "))
    got = "" if error["type"] == "value_error" else f" (got {_short(error.get('input'))})"
    return f"field '{location}': {message}{got}" if location else message + got


def _printable(part: Any) -> str:
    """A key of the path to a field, quoted when it would break the line."""
    text = str(part)
    return text if text.isprintable() else repr(text)


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- segments.jsonl --------------------------------------------------------------------------


def read_segments(path: Path, results: dict[str, Any]) -> list[dict[str, Any]]:
    """segments.jsonl as a list of dicts, each row checked, and checked against results.json."""
    if not path.exists():
        raise RunDirError("missing (not a complete run directory)", path)
    tally = _Tally(results, path)
    rows = []
    for number, row in _rows(path):
        _validate(SEGMENT_ROW, row, path, _where(number, row))
        tally.add(number, row)
        rows.append(row)
    tally.finish()
    return rows


def _where(number: int, row: dict[str, Any]) -> str:
    """'line 3 (segment '2')': where a row stands, and which segment it is when that is known."""
    seg_id = row.get("id")
    return (
        f"line {number}"
        + (f" (segment {_short(seg_id)})" if isinstance(seg_id, str) else "")
        + ": "
    )


def _rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with open_regular_file(path, error=RunDirError) as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            row = _parse(raw, path, f"line {number}: ")
            if not isinstance(row, dict):
                raise RunDirError(
                    f"line {number}: expected a JSON object, got {_json_type(row)}", path
                )
            yield number, row


class _Tally:
    """What the rows must agree on with results.json, and with each other."""

    def __init__(self, results: dict[str, Any], path: Path) -> None:
        self.results = results
        self.path = path
        self.lines: dict[str, int] = {}  # segment id -> line
        self.stat_sizes: dict[str, tuple[int, int]] = {}  # metric -> (size, line)
        self.stamped: bool | None = None
        self.first_line = 0

    def fail(self, message: str) -> None:
        raise RunDirError(message, self.path)

    def add(self, number: int, row: dict[str, Any]) -> None:
        self._run_id(number, row.get("run_id"))
        if row["id"] in self.lines:
            self.fail(
                f"line {number}: duplicate segment id {row['id']!r} "
                f"(also on line {self.lines[row['id']]})"
            )
        self.lines[row["id"]] = number
        for index, flag in enumerate(row.get("flags", [])):
            if flag["span"] is not None and not flag["span"][0] <= flag["span"][1] <= len(
                row["mt"]
            ):
                self.fail(
                    f"{_where(number, row)}field 'flags.{index}.span': {flag['span']} is "
                    f"not inside mt ({len(row['mt'])} characters)"
                )
        for key, values in row.get("stats", {}).items():
            size, first = self.stat_sizes.setdefault(key, (len(values), number))
            if len(values) != size:
                self.fail(
                    f"line {number}: field 'stats.{key}' has {len(values)} numbers, "
                    f"line {first} has {size}"
                )

    def _run_id(self, number: int, run_id: str | None) -> None:
        """Rows carry the run id of results.json (rows of a writer older than that carry none;
        then none may)."""
        if self.stamped is None:
            self.stamped, self.first_line = run_id is not None, number
        if (run_id is not None) != self.stamped:
            self.fail(
                f"line {number}: {'a' if run_id else 'no'} run_id where line "
                f"{self.first_line} has "
                f"{'none' if run_id else 'one'} (rows of two runs mixed?)"
            )
        if run_id is not None and run_id != self.results["run_id"]:
            self.fail(
                f"line {number}: run_id {run_id!r} but {RESULTS_FILE} is run "
                f"{self.results['run_id']!r} (files of two runs mixed)"
            )

    def finish(self) -> None:
        expected = self.results["n_segments"]
        if len(self.lines) != expected:
            self.fail(
                f"has {len(self.lines)} segments but {RESULTS_FILE} says {expected} "
                "(truncated, or files of two runs mixed)"
            )
