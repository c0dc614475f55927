"""Hostile inputs, as a careless user or a broken upstream job makes them.

Every case, on every command, must end in exit code 2 with at most three lines on stderr
naming the problem, no traceback, and nothing written: no run directory (whole or half) and no
temporary folder. A case that hangs fails on the timeout instead of blocking the suite.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tarjama.flags import CATEGORIES, SEVERITIES
from tarjama.rundir import RESULTS_SCHEMA

# (src, mt): "The talks ended after less than two hours." / "Kyiv and Moscow agreed to a
# prisoner swap.", each with its Arabic translation.
PAIRS = [
    ("The talks ended after less than two hours.", "انتهت المحادثات بعد أقل من ساعتين."),
    ("Kyiv and Moscow agreed to a prisoner swap.", "اتفقت كييف وموسكو على تبادل للأسرى."),
]

Setup = Callable[[Path], tuple[list[Any], str]]
CASES: dict[str, Setup] = {}


def case(name: str) -> Callable[[Setup], Setup]:
    def register(setup: Setup) -> Setup:
        CASES[name] = setup
        return setup

    return register


# --- builders ----------------------------------------------------------------------------------


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def good_rows() -> list[dict[str, Any]]:
    return [{"id": str(i), "src": src, "mt": mt} for i, (src, mt) in enumerate(PAIRS)]


def suite(tmp: Path, data: str, extra: str = "") -> Path:
    """A fast suite (BLEU, no checks) over `data` (the YAML of its data section)."""
    return write(
        tmp / "suite.yaml",
        f"name: hostile\nchecks: []\nmetrics: [roundtrip.bleu]\ndata: {data}\n{extra}",
    )


def run_table(tmp: Path, name: str, text: str | bytes, data_extra: str = "") -> list[Any]:
    """`tarjama run` on a suite whose data is the table `name` holding `text`."""
    write(tmp / name, text)
    return ["run", suite(tmp, f"{{path: {name}{data_extra}}}"), "--out", tmp / "run", "-q"]


def fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def run_dir(
    path: Path, *, results: dict[str, Any] | None = None, rows: list[dict[str, Any]] | None = None
) -> Path:
    """A consistent two-segment run directory, written by hand (then spoilt by a case)."""
    rows = (
        rows
        if rows is not None
        else [
            {
                "id": str(i),
                "doc_id": "talks",
                "src": src,
                "mt": mt,
                "bt": src,
                "ref": None,
                "scores": {"roundtrip.bleu": 50.0},
                "flags": [],
                "run_id": "hostile-1",
            }
            for i, (src, mt) in enumerate(PAIRS)
        ]
    )
    results = (
        results
        if results is not None
        else {
            "schema": RESULTS_SCHEMA,
            "suite": "hostile",
            "run_id": "hostile-1",
            "created": "2026-01-05T09:00:00+00:00",
            "n_segments": 2,
            "metrics": {
                "roundtrip.bleu": {
                    "score": 50.0,
                    "ci95": None,
                    "higher_is_better": True,
                    "signature": "nrefs:1|case:mixed|tok:13a",
                }
            },
            "checks": {
                "n_flags": 0,
                "counts": dict.fromkeys(CATEGORIES, 0),
                "by_severity": dict.fromkeys(SEVERITIES, 0),
                "mqm_penalty": 0.0,
            },
            "gates": [],
            "passed": True,
            "signature": {},
        }
    )
    write(path / "results.json", json.dumps(results, ensure_ascii=False))
    write(path / "segments.jsonl", jsonl(rows))
    return path


def spoilt_results(tmp: Path, **changes: Any) -> Path:
    path = run_dir(tmp / "run-a")
    results = json.loads((path / "results.json").read_text(encoding="utf-8"))
    results.update(changes)
    write(path / "results.json", json.dumps(results))
    return path


def spoilt_row(tmp: Path, index: int = 1, **changes: Any) -> Path:
    path = run_dir(tmp / "run-a")
    rows = [json.loads(line) for line in (path / "segments.jsonl").read_text().splitlines()]
    rows[index].update(changes)
    write(path / "segments.jsonl", jsonl(rows))
    return path


# --- suites and their files -------------------------------------------------------------------


@case("suite is a folder")
def _(tmp):
    (tmp / "suites").mkdir()
    return ["run", tmp / "suites", "--out", tmp / "run"], "is a folder, expected a file"


@case("include is a folder")
def _(tmp):
    (tmp / "shared").mkdir()
    return ["validate", suite(tmp, "{path: d.jsonl}", "include: shared\n")], "is a folder"


@case("include is a FIFO")
def _(tmp):
    fifo(tmp / "base.yaml")
    return ["run", suite(tmp, "{path: d.jsonl}", "include: base.yaml\n")], "is a FIFO"


@case("include is /dev/zero")
def _(tmp):
    return (
        ["validate", suite(tmp, "{path: d.jsonl}", "include: /dev/zero\n")],
        "/dev/zero: is a character device",
    )


@case("suite over the size limit")
def _(tmp):
    return (
        ["validate", suite(tmp, "{path: d.jsonl}", "# " + "x" * 256_001 + "\n")],
        "larger than the 256 kB limit",
    )


@case("include list of numbers")
def _(tmp):
    return ["validate", suite(tmp, "{path: d.jsonl}", "include: [1, 2]\n")], "include: expected"


@case("suite nested too deeply")
def _(tmp):
    return [
        "validate",
        write(tmp / "deep.yaml", "[" * 50_000),
    ], "deep.yaml: line 1: invalid YAML (exceeded maximum nesting depth)"


# --- datasets -----------------------------------------------------------------------------------


@case("dataset is a FIFO")
def _(tmp):
    fifo(tmp / "data.jsonl")
    return ["run", suite(tmp, "{path: data.jsonl}"), "--out", tmp / "run"], "data.jsonl: is a FIFO"


@case("dataset is /dev/zero")
def _(tmp):
    return (
        ["run", suite(tmp, "{path: /dev/zero, format: jsonl}"), "--out", tmp / "run"],
        "/dev/zero: is a character device",
    )


@case("dataset is a folder")
def _(tmp):
    (tmp / "data.jsonl").mkdir()
    return ["check", tmp / "data.jsonl"], "data.jsonl: is a folder"


@case("document pair file is a FIFO")
def _(tmp):
    write(tmp / "mt.txt", "سطر\n")  # "a line"
    return ["check", "--src", fifo(tmp / "src.txt"), "--mt", tmp / "mt.txt"], "src.txt: is a FIFO"


@case("lone surrogate in a JSONL field")
def _(tmp):
    text = jsonl(good_rows()).replace("ساعتين", "ساعتين\\ud800")
    return run_table(tmp, "d.jsonl", text), "line 1: 'mt' has a lone surrogate U+D800"


@case("NUL in a JSONL field")
def _(tmp):
    text = jsonl(good_rows()).replace("swap.", "swap.\\u0000")
    return run_table(tmp, "d.jsonl", text), "line 2: 'src' has the control character U+0000"


@case("NUL byte in a text file")
def _(tmp):
    write(tmp / "src.txt", b"one\x00\ntwo\n")
    write(tmp / "mt.txt", "واحد\nاثنان\n")  # "one", "two"
    return (
        ["score", "--src", tmp / "src.txt", "--mt", tmp / "mt.txt"],
        "src.txt: line 1: 'src' has the control character U+0000",
    )


@case("escape character in a CSV field")
def _(tmp):
    return (
        run_table(tmp, "d.csv", f"src,mt\n{PAIRS[0][0]}\x1b[2J,{PAIRS[0][1]}\n"),
        "line 2: 'src' has the control character U+001B",
    )


@case("NaN in JSONL")
def _(tmp):
    return run_table(
        tmp, "d.jsonl", '{"id": NaN, "src": "a", "mt": "ب"}\n'
    ), "NaN is not valid JSON"


@case("Infinity in JSONL")
def _(tmp):
    return (
        run_table(tmp, "d.jsonl", '{"id": Infinity, "src": "a", "mt": "ب"}\n'),
        "line 1: invalid JSON (Infinity is not valid JSON)",
    )


@case("number too large for a float in JSONL")
def _(tmp):
    return run_table(tmp, "d.jsonl", '{"id": 1e999, "src": "a", "mt": "ب"}\n'), "out of range"


@case("CSV row with too few fields")
def _(tmp):
    text = f"src,mt\n{PAIRS[0][0]},{PAIRS[0][1]}\n{PAIRS[1][0]}\n"
    return run_table(tmp, "d.csv", text), "line 3: 1 field(s), but the header has 2"


@case("CSV row with too many fields")
def _(tmp):
    text = f"src,mt\n{PAIRS[0][0]},{PAIRS[0][1]},extra\n"
    return run_table(tmp, "d.csv", text), "line 2: 3 field(s), but the header has 2"


@case("TSV row with too few fields")
def _(tmp):
    text = f"id\tsrc\tmt\n1\t{PAIRS[0][0]}\n"
    return run_table(tmp, "d.tsv", text), "line 2: 2 field(s), but the header has 3"


@case("column mapping names a missing column")
def _(tmp):
    text = jsonl([{"english": src, "arabic": mt} for src, mt in PAIRS])
    return (
        run_table(tmp, "d.jsonl", text, ", columns: {src: english, mt: arbic}"),
        "maps 'mt' to the column 'arbic', which the file does not have",
    )


@case("column mapping names an unknown field")
def _(tmp):
    return (
        run_table(tmp, "d.jsonl", jsonl(good_rows()), ", columns: {source: src}"),
        "data.columns: unknown field 'source'",
    )


@case("a 10 MB line")
def _(tmp):
    text = jsonl([{"src": "word " * 2_000_000, "mt": PAIRS[0][1]}])
    return run_table(tmp, "d.jsonl", text), "line 1: 'src' is 10,000,000 characters long"


@case("a segment over the word limit")
def _(tmp):
    text = jsonl([{"src": PAIRS[0][0], "mt": "كلمة " * 2_001}])  # "word"
    return run_table(tmp, "d.jsonl", text), "'mt' is 2,001 words long, over the limit of 2,000"


@case("score --resamples -1")
def _(tmp):
    write(tmp / "src.txt", "one\n")
    write(tmp / "mt.txt", "واحد\n")  # "one"
    return (
        ["score", "--src", tmp / "src.txt", "--mt", tmp / "mt.txt", "--resamples", "-1"],
        "Invalid value for '--resamples'",
    )


@case("compare --seed -5")
def _(tmp):
    a, b = run_dir(tmp / "run-a"), run_dir(tmp / "run-b")
    return ["compare", a, b, "--seed", "-5"], "Invalid value for '--seed'"


# --- output targets (checked before any work) --------------------------------------------------


def good_suite(tmp: Path) -> Path:
    write(tmp / "d.jsonl", jsonl(good_rows()))
    return suite(tmp, "{path: d.jsonl}")


@case("--out is an existing file")
def _(tmp):
    write(tmp / "taken", "notes\n")
    return ["run", good_suite(tmp), "--out", tmp / "taken"], "taken: exists and is not a folder"


@case("--out under /proc")
def _(tmp):
    return (
        ["run", good_suite(tmp), "--out", "/proc/tarjama-hostile/run"],
        "/proc/tarjama-hostile/run: cannot write the run directory",
    )


@case("--out under a file")
def _(tmp):
    write(tmp / "taken", "notes\n")
    return ["run", good_suite(tmp), "--out", tmp / "taken" / "run"], "is not a folder"


@case("--out a non-empty folder")
def _(tmp):
    write(tmp / "run" / "notes.txt", "mine\n")
    return ["run", good_suite(tmp), "--out", tmp / "run"], "run: is not empty"


@case("--out --force on a folder that holds no run")
def _(tmp):
    write(tmp / "run" / "notes.txt", "mine\n")
    return ["run", good_suite(tmp), "--out", tmp / "run", "--force"], "holds no run"


@case("--store is a folder")
def _(tmp):
    (tmp / "store.db").mkdir()
    return (
        ["run", good_suite(tmp), "--out", tmp / "run", "--store", tmp / "store.db"],
        "cannot write the run store",
    )


@case("--cache is a folder")
def _(tmp):
    (tmp / "cache").mkdir()
    return (
        ["run", good_suite(tmp), "--out", tmp / "run", "--cache", tmp / "cache"],
        "cannot write the cache",
    )


@case("compare --html is a folder")
def _(tmp):
    (tmp / "page").mkdir()
    a, b = run_dir(tmp / "run-a"), run_dir(tmp / "run-b")
    return ["compare", a, b, "--html", tmp / "page"], "cannot write the HTML comparison"


@case("compare --html under /proc")
def _(tmp):
    a, b = run_dir(tmp / "run-a"), run_dir(tmp / "run-b")
    return ["compare", a, b, "--html", "/proc/tarjama-hostile/c.html"], "/proc/tarjama-hostile"


# --- run directories --------------------------------------------------------------------------


@case("results.json is a folder")
def _(tmp):
    path = run_dir(tmp / "run-a")
    (path / "results.json").unlink()
    (path / "results.json").mkdir()
    return ["report", path], "results.json: is a folder"


@case("results.json is a list")
def _(tmp):
    path = run_dir(tmp / "run-a")
    write(path / "results.json", "[1, 2]")
    return ["report", path], "results.json: expected a JSON object, got an array"


@case("results.json is a string")
def _(tmp):
    path = run_dir(tmp / "run-a")
    write(path / "results.json", '"results"')
    return ["report", path], "expected a JSON object, got a string"


@case("results.json metric is a string")
def _(tmp):
    return (
        ["report", spoilt_results(tmp, metrics={"roundtrip.bleu": "high"})],
        "field 'metrics.roundtrip.bleu'",
    )


@case("results.json without its keys")
def _(tmp):
    path = run_dir(tmp / "run-a")
    write(path / "results.json", json.dumps({"schema": RESULTS_SCHEMA}))
    return ["report", path], "missing field"


@case("results.json of an unknown schema")
def _(tmp):
    return (
        ["report", spoilt_results(tmp, schema="tarjama.results/2")],
        "schema 'tarjama.results/2'; this tarjama reads tarjama.results/1",
    )


@case("results.json with NaN")
def _(tmp):
    path = run_dir(tmp / "run-a")
    text = (path / "results.json").read_text().replace('"score": 50.0', '"score": NaN')
    write(path / "results.json", text)
    return ["report", path], "NaN is not valid JSON"


@case("segments.jsonl with invalid UTF-8")
def _(tmp):
    path = run_dir(tmp / "run-a")
    write(path / "segments.jsonl", (path / "segments.jsonl").read_bytes() + b'{"id": "\xff"}\n')
    return ["report", path], "segments.jsonl: line 3: invalid UTF-8"


@case("segments.jsonl with a line that is not an object")
def _(tmp):
    path = run_dir(tmp / "run-a")
    write(path / "segments.jsonl", (path / "segments.jsonl").read_text() + "[1]\n")
    return ["report", path], "line 3: expected a JSON object, got an array"


@case("segments.jsonl with fewer rows")
def _(tmp):
    path = run_dir(tmp / "run-a")
    write(path / "segments.jsonl", (path / "segments.jsonl").read_text().splitlines()[0] + "\n")
    return ["report", path], "has 1 segments but results.json says 2"


@case("segments.jsonl missing")
def _(tmp):
    path = run_dir(tmp / "run-a")
    (path / "segments.jsonl").unlink()
    return ["report", path], "segments.jsonl: missing"


@case("segments.jsonl of another run")
def _(tmp):
    return (
        ["report", spoilt_row(tmp, run_id="hostile-2")],
        "line 2: run_id 'hostile-2' but results.json is run 'hostile-1'",
    )


@case("segments.jsonl with a duplicate id")
def _(tmp):
    return ["report", spoilt_row(tmp, id="0")], "line 2: duplicate segment id '0' (also on line 1)"


@case("a flag category outside the vocabulary")
def _(tmp):
    flag = {
        "id": "1",
        "category": "typo",
        "severity": "minor",
        "span": None,
        "text": "",
        "message": "x",
    }
    return [
        "report",
        spoilt_row(tmp, flags=[flag]),
    ], "line 2 (segment '1'): field 'flags.0.category': 'typo' is not one of"


@case("a flag span outside mt")
def _(tmp):
    flag = {
        "id": "1",
        "category": "number",
        "severity": "minor",
        "span": [3, 900],
        "text": "",
        "message": "x",
    }
    return [
        "report",
        spoilt_row(tmp, flags=[flag]),
    ], "line 2 (segment '1'): field 'flags.0.span': [3, 900] is not inside mt"


@case("compare a run missing run_id")
def _(tmp):
    results = json.loads((run_dir(tmp / "run-b") / "results.json").read_text())
    del results["run_id"]
    return (
        ["compare", run_dir(tmp / "run-a"), run_dir(tmp / "run-b", results=results)],
        "run-b/results.json: missing field 'run_id'",
    )


@case("compare a run with a null score")
def _(tmp):
    metrics = {"roundtrip.bleu": {"score": None, "higher_is_better": True, "signature": "x"}}
    return (
        ["compare", run_dir(tmp / "run-b"), spoilt_results(tmp, metrics=metrics)],
        "field 'metrics.roundtrip.bleu.score'",
    )


@case("runs import of a malformed run")
def _(tmp):
    path = spoilt_results(tmp, n_segments="2")
    return ["runs", "import", path, "--store", tmp / "store.db"], "field 'n_segments'"


@case("a malformed baseline")
def _(tmp):
    baseline = spoilt_row(tmp, index=0, scores={"roundtrip.bleu": "50"})
    return (
        ["run", good_suite(tmp), "--out", tmp / "run", "--baseline", baseline],
        "line 1 (segment '0'): field 'scores.roundtrip.bleu'",
    )


# --- the test -------------------------------------------------------------------------------------


def snapshot(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input_is_exit_2_with_one_line_and_nothing_written(
    cli, tmp_path, monkeypatch, name
):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # a default run directory or store would land here
    args, fragment = CASES[name](tmp_path)
    before = snapshot(tmp_path)
    result = cli(*args)
    lines = result.err.strip().splitlines()
    assert result.code == 2, result.err
    assert 1 <= len(lines) <= 3 and "Traceback" not in result.err, result.err
    assert fragment in result.err
    assert snapshot(tmp_path) == before, "something was written"
