"""Property-based fuzzing of everything that reads a file from outside: the dataset loaders,
the suite parser and the run-directory reader.

The property: any input ends, within a time bound, in a result or in a TarjamaError whose
message names the file on one line, never in another exception (which the command line would
report as a bug, exit 3) or a hang. The examples are bounded and derandomised so that `make
test` stays fast and repeatable; `TARJAMA_FUZZ=explore` runs many more, with fresh seeds.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tarjama.config import read_suite
from tarjama.data import load_document_pair, load_table
from tarjama.errors import TarjamaError
from tarjama.rundir import read_run
from tests.test_hostile_inputs import run_dir

settings.register_profile(
    "bounded",
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=timedelta(seconds=5),  # per example; each takes milliseconds, a hang far more
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "explore", parent=settings.get_profile("bounded"), max_examples=2000, derandomize=False
)
settings.load_profile(os.environ.get("TARJAMA_FUZZ", "bounded"))

pytestmark = pytest.mark.timeout(300)


def ends_well(call: Any, *paths: Path | str) -> Any:
    """Run `call`: a result, or a TarjamaError naming one of `paths` on one line; anything else
    fails."""
    try:
        return call()
    except TarjamaError as exc:
        message = str(exc)
        assert message.startswith(tuple(map(str, paths))), message
        assert "\n" not in message and "\r" not in message, message
        return exc


# --- strategies ----------------------------------------------------------------------------------

# Text with the characters that break loaders: quotes, separators, controls, surrogates, bidi
# marks, Arabic and Latin letters.
TRICKY = st.sampled_from(
    list(",\t\n\r\"'\\{}[]:#&*!|>-\x00\x1b\x85\u2028\ufeff\u202e")
    + ["\ud800", "ب", "a", " ", "NaN", "1e999", "null"]
)
TEXT = st.lists(st.one_of(TRICKY, st.characters()), max_size=30).map("".join)
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), TEXT)
JSONISH = st.recursive(
    SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=12,
)
COLUMNS = st.sampled_from(["id", "doc_id", "src", "mt", "ref", "bt", "extra", ""])
ROW = st.dictionaries(COLUMNS, st.one_of(TEXT, SCALAR), max_size=6)


def jsonl_text(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def delimited_text(rows: list[list[str]], sep: str) -> str:
    return "".join(sep.join(fields) + "\n" for fields in rows)


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


# --- the loaders -------------------------------------------------------------------------------


@given(raw=st.binary(max_size=400), suffix=st.sampled_from([".jsonl", ".csv", ".tsv", ".parquet"]))
def test_any_bytes_as_a_table(tmp_path, raw, suffix):
    path = tmp_path / f"data{suffix}"
    path.write_bytes(raw)
    ends_well(lambda: load_table(path), path)


@given(rows=st.lists(ROW, max_size=5), mapping=st.dictionaries(COLUMNS, COLUMNS, max_size=2))
def test_jsonl_rows_of_any_shape(tmp_path, rows, mapping):
    path = tmp_path / "data.jsonl"
    path.write_bytes(encode(jsonl_text(rows)))
    ends_well(lambda: load_table(path, columns=mapping), path)


@given(
    rows=st.lists(st.lists(TEXT, min_size=1, max_size=4), max_size=5),
    sep=st.sampled_from([",", "\t"]),
)
def test_delimited_rows_of_any_shape(tmp_path, rows, sep):
    path = tmp_path / ("data.csv" if sep == "," else "data.tsv")
    path.write_bytes(encode(delimited_text([["src", "mt"], *rows], sep)))
    ends_well(lambda: load_table(path), path)


@given(src=st.binary(max_size=200), mt=st.binary(max_size=200))
def test_any_document_pair(tmp_path, src, mt):
    (tmp_path / "src.txt").write_bytes(src)
    (tmp_path / "mt.txt").write_bytes(mt)
    try:
        load_document_pair(tmp_path / "src.txt", tmp_path / "mt.txt")
    except TarjamaError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(str(tmp_path))


# --- the suite parser --------------------------------------------------------------------------

SECTIONS = st.sampled_from(
    [
        "name",
        "data",
        "metrics",
        "checks",
        "gates",
        "bootstrap",
        "mqm",
        "report",
        "include",
        "languages",
        "seed",
        "workers",
        "path",
        "src",
        "mt",
        "columns",
        "threshold",
        "metric",
        "max_segment_chars",
    ]
)
SUITE_TREE = st.recursive(
    st.one_of(SCALAR, st.sampled_from(["roundtrip.bleu", "d.jsonl", "all", "strip", ">="])),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(SECTIONS, inner, max_size=4)
    ),
    max_leaves=15,
)


@given(raw=st.binary(max_size=400))
def test_any_bytes_as_a_suite(tmp_path, raw):
    path = tmp_path / "suite.yaml"
    path.write_bytes(raw)
    ends_well(lambda: read_suite(path), path)


@given(tree=st.dictionaries(SECTIONS, SUITE_TREE, max_size=6))
def test_suites_of_any_shape(tmp_path, tree):
    path = tmp_path / "suite.yaml"
    path.write_text(
        yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8", errors="surrogatepass"
    )
    ends_well(lambda: read_suite(path), tmp_path, "/")  # the suite, or a file it includes


# --- the run-directory reader --------------------------------------------------------------------


def spoil(data: Any, path: list[int], value: Any) -> Any:
    """`data` with one value replaced: `path` picks a key or an index at each level (modulo
    its size) as far as it goes."""
    if not path or not isinstance(data, dict | list) or not data:
        return value
    if isinstance(data, dict):
        key = list(data)[path[0] % len(data)]
        return {**data, key: spoil(data[key], path[1:], value)}
    index = path[0] % len(data)
    return [*data[:index], spoil(data[index], path[1:], value), *data[index + 1 :]]


@given(which=st.sampled_from(["results.json", "segments.jsonl"]), raw=st.binary(max_size=300))
def test_any_bytes_in_a_run_directory(tmp_path, which, raw):
    path = run_dir(tmp_path / "run")
    (path / which).write_bytes(raw)
    ends_well(lambda: read_run(path), path)


@given(
    where=st.lists(st.integers(0, 50), max_size=5),
    value=JSONISH,
    line=st.integers(0, 1),
    in_results=st.booleans(),
)
def test_a_run_directory_with_one_field_changed(tmp_path, where, value, line, in_results):
    """A valid run with one value anywhere replaced by anything: read, or refused by name."""
    path = run_dir(tmp_path / "run")
    if in_results:
        results = json.loads((path / "results.json").read_text(encoding="utf-8"))
        text = json.dumps(spoil(results, where, value), ensure_ascii=False)
        (path / "results.json").write_bytes(encode(text))
    else:
        rows = [json.loads(row) for row in (path / "segments.jsonl").read_text().splitlines()]
        rows[line] = spoil(rows[line], where, value)
        (path / "segments.jsonl").write_bytes(encode(jsonl_text(rows)))
    run = ends_well(lambda: read_run(path), path)
    if not isinstance(run, TarjamaError):
        assert len(run.segments) == run.results["n_segments"]
