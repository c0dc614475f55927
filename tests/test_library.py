"""The library without the command line: what `tarjama run` does, a script can do."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import tarjama
from tarjama.errors import ConfigError
from tests.fixtures.history_runs import sample_bt, write_sample_suite

REGRESSION_GATE = "gates:\n  - {metric: roundtrip.chrf, kind: regression}\n"


def library_suite(folder: Path, name: str, extra: str = REGRESSION_GATE) -> Path:
    path = write_sample_suite(folder, name, sample_bt())
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def options(out: Path, **fields) -> tarjama.RunOptions:
    return tarjama.RunOptions(out_dir=out, show_progress=False, use_cache=False, **fields)


def test_a_script_evaluates_records_finds_a_baseline_and_compares(tmp_path):
    suite = tarjama.load_suite(library_suite(tmp_path / "suites", "lib"))
    runs = tmp_path / "runs"
    first = tarjama.evaluate_suite(
        suite, options(runs / "a", label="v1", baseline=tarjama.resolve_baseline(suite, "none"))
    )
    assert first.results["gates"][0]["state"] == "skipped"
    assert tarjama.record_run(first, suite) == runs / "tarjama.db"  # beside the run directory

    baseline = tarjama.resolve_baseline(suite, "v1", out_dir=runs / "b")
    assert baseline is not None and baseline.run_id == first.run_id
    second = tarjama.evaluate_suite(suite.path, options(runs / "b", baseline=baseline))
    (gate,) = second.results["gates"]
    assert (gate["state"], gate["baseline"]["run_id"]) == ("pass", first.run_id)
    comparison = tarjama.compare_runs([baseline, second])
    assert comparison["metrics"]["roundtrip.chrf"][0]["delta"] == 0


def test_a_regression_gate_without_a_baseline_is_a_config_error(tmp_path):
    suite = tarjama.load_suite(library_suite(tmp_path, "lib"))
    with pytest.raises(ConfigError, match="compares with a baseline run"):
        tarjama.resolve_baseline(suite, None)
    assert tarjama.resolve_baseline(suite, "None") is None  # 'none' in any case skips the gates


def test_record_run_follows_the_suite_store_settings(tmp_path):
    off = tarjama.load_suite(library_suite(tmp_path, "off", "store: {enabled: false}\n"))
    run = tarjama.evaluate_suite(off, options(tmp_path / "runs" / "off"))
    assert tarjama.record_run(run, off) is None
    assert tarjama.record_run(run, off, store=tmp_path / "named.db") == tmp_path / "named.db"
    with tarjama.Store(tmp_path / "named.db") as store:
        assert store.describe(run.run_id)["metrics"]


def test_check_and_score_one_step_alone(sample_dir):
    dataset = tarjama.load_document_pair(sample_dir / "src.en.txt", sample_dir / "mt.ar.txt")
    flags = tarjama.check_dataset(dataset, only=["punctuation"])
    assert list(flags) == [seg.id for seg in dataset.segments]
    assert {f.check for found in flags.values() for f in found} == {"punctuation"}
    scored = tarjama.score_files(
        sample_dir / "src.en.txt",
        sample_dir / "mt.ar.txt",
        bt=sample_dir / "bt.en.txt",
        metrics=["roundtrip.chrf"],
        resamples=0,
    )
    assert scored["n_segments"] == 12 and scored["metrics"]["roundtrip.chrf"]["ci95"] is None


def test_import_tarjama_imports_nothing_else():
    code = (
        "import sys, tarjama; print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'tarjama', 'numpy', 'pydantic', 'yaml', 'click', 'torch', 'pandas', 'sacrebleu'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['tarjama']"


def test_every_public_name_is_the_object_its_module_defines():
    import importlib

    for name, module in tarjama._LAZY.items():
        assert getattr(tarjama, name) is getattr(importlib.import_module(module), name)
    assert set(tarjama.__all__) == {"__version__", *tarjama._LAZY}
    assert set(tarjama._LAZY) <= set(dir(tarjama))
    with pytest.raises(AttributeError, match="no attribute 'evaluate_suit'"):
        tarjama.evaluate_suit  # noqa: B018


def test_only_the_command_line_imports_click():
    src = Path(tarjama.__file__).parent
    users = [
        str(path.relative_to(src))
        for path in sorted(src.rglob("*.py"))
        if path.relative_to(src).parts[0] != "cli" and _imports_click(path)
    ]
    assert users == []


def _imports_click(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = (
            [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
        if any(name.split(".")[0] == "click" for name in names):
            return True
    return False
