"""Packaging: every file the package reads ships in the wheel, and the wheel check's comparison
(tests/wheel_check.py, which `make test` runs) catches what differs between two installs."""

from __future__ import annotations

import fnmatch
import json
import tomllib
from pathlib import Path

import pytest

from tests.wheel_check import REPO, differences, jsonl_differences, run_differences

FLAG = {
    "id": "0",
    "category": "punctuation",
    "severity": "minor",
    "span": [63, 65],
    "text": " ،",
    "message": "space before Arabic punctuation",
}


def segment(run_id: str, **changes: object) -> dict[str, object]:
    return {
        "id": "0",
        "run_id": run_id,
        "scores": {"roundtrip.semsim": 0.9605785667794169},
        "flags": [FLAG],
        **changes,
    }


def write_run(
    folder: Path, run_id: str, created: str, segments: list[dict[str, object]], **results: object
) -> Path:
    folder.mkdir()
    (folder / "results.json").write_text(
        json.dumps(
            {
                "run_id": run_id,
                "created": created,
                "metrics": {"roundtrip.bleu": {"score": 50.6}},
                **results,
            }
        ),
        encoding="utf-8",
    )
    (folder / "segments.jsonl").write_text(
        "".join(json.dumps(s) + "\n" for s in segments), encoding="utf-8"
    )
    return folder


@pytest.mark.parametrize(
    ("editable", "wheel", "expected"),
    [
        (FLAG, dict(FLAG), []),
        (FLAG, {**FLAG, "span": [64, 65]}, [".span[0]: 63 (editable) != 64 (wheel)"]),
        (FLAG, {**FLAG, "severity": "major"}, [".severity: 'minor' (editable) != 'major' (wheel)"]),
        ({"a": 1}, {"a": 1, "b": 2}, [".b: only in the wheel run"]),
        ([FLAG], [], [".: [" + repr(FLAG) + "] (editable) != [] (wheel)"]),
        (0.9605785667794169, 0.9605785667794170, []),  # the last bit: the same score
        (0.9605785667794169, 0.9605786, [".: 0.9605785667794169 (editable) != 0.9605786 (wheel)"]),
        (1.0, 1, []),
        (1.0, "1.0", [".: 1.0 (editable) != '1.0' (wheel)"]),
    ],
)
def test_differences(editable: object, wheel: object, expected: list[str]) -> None:
    assert differences(editable, wheel) == expected


def test_jsonl_differences_name_the_line_and_ignore_the_run_id() -> None:
    editable = json.dumps(segment("run-a")) + "\n" + json.dumps(segment("run-a", id="1"))
    wheel = json.dumps(segment("run-b")) + "\n" + json.dumps(segment("run-b", id="2"))
    assert jsonl_differences(editable, wheel, "segments.jsonl") == [
        "segments.jsonl:2.id: '1' (editable) != '2' (wheel)"
    ]
    assert jsonl_differences(editable, wheel.splitlines()[0], "segments.jsonl") == [
        "segments.jsonl: 2 lines (editable) != 1 lines (wheel)"
    ]


def test_run_differences(tmp_path: Path) -> None:
    a = write_run(tmp_path / "a", "run-a", "2026-12-07T14:00:00", [segment("run-a")])
    b = write_run(tmp_path / "b", "run-b", "2026-12-07T14:01:00", [segment("run-b")])
    assert run_differences(a, b) == []
    (b / "report.html").write_text("<html></html>", encoding="utf-8")
    c = write_run(
        tmp_path / "c", "run-c", "2026-12-07T14:02:00", [segment("run-c", flags=[])], passed=False
    )
    assert run_differences(a, c) == [
        "results.json.passed: only in the wheel run",
        f"segments.jsonl:1.flags: [{FLAG!r}] (editable) != [] (wheel)",
    ]
    assert run_differences(a, b)[0] == (
        "files: ['results.json', 'segments.jsonl'] (editable) "
        "!= ['report.html', 'results.json', 'segments.jsonl'] (wheel)"
    )


def test_every_file_in_the_package_is_package_data() -> None:
    """A template, stylesheet or lexicon added under src/tarjama/ must be listed in pyproject's
    package-data, or a wheel install goes without it (Python files ship by themselves)."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["tarjama"]
    package = REPO / "src" / "tarjama"
    data = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*")
        if path.is_file() and path.suffix != ".py" and "__pycache__" not in path.parts
    ]
    assert "resources/lexicons/idioms.en-ar.yaml" in data
    assert [
        name for name in data if not any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)
    ] == []
