"""Before any work: every model a suite names is found, every option usable, paths from the suite.

`tarjama run` and `tarjama validate` share tarjama.suites.check_models; these tests run both
on suites with tiny models built at test time, from a working folder that is not the suite's.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml

from tarjama.models import store_name

pytest.importorskip("torch")

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "news" / "istanbul-talks"


@pytest.fixture
def elsewhere(tmp_path, monkeypatch) -> Path:
    """The working folder: not the suite's, and with no models/ of its own."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv("TARJAMA_MODELS_DIR", raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr("tarjama.models.hf_cache_snapshot", lambda model, revision: None)
    return folder


@pytest.fixture
def no_translation(monkeypatch):
    """Loading the back-translation model fails the test: nothing may be translated."""

    def refuse(*args, **kwargs):
        raise AssertionError("back-translation started")

    monkeypatch.setattr("tarjama.translate.hf.load_backend", refuse)


def write_suite(folder: Path, metrics: list, **sections) -> Path:
    """A suite in `folder` over the sample article, back-translated by ./marian (relative)."""
    folder.mkdir(parents=True, exist_ok=True)
    suite = {
        "name": "preflight",
        "data": {"src": str(SAMPLE / "src.en.txt"), "mt": str(SAMPLE / "mt.ar.txt")},
        "backtranslation": {
            "engine": "hf",
            "model": "./marian",
            "num_beams": 1,
            "max_new_tokens": 8,
            "threads": 1,
        },
        "metrics": metrics,
        "checks": [],
        "bootstrap": {"resamples": 0},
        "cache": {"path": str(folder / "cache.sqlite")},
        **sections,
    }
    path = folder / "suite.yaml"
    path.write_text(yaml.safe_dump(suite, allow_unicode=True), encoding="utf-8")
    return path


def translations_cached(suite: Path) -> int:
    database = suite.parent / "cache.sqlite"
    if not database.exists():
        return 0
    with sqlite3.connect(database) as conn:
        (count,) = conn.execute(
            "SELECT COUNT(*) FROM entries WHERE namespace = 'translate.hf'"
        ).fetchone()
    return count


def run(cli, suite: Path, *extra: str):
    return cli(
        "run", suite, "--out", suite.parent / "run", "-q", "--no-store", "--report", "none", *extra
    )


@pytest.mark.parametrize(
    ("metric", "message"),
    [
        (
            {"name": "roundtrip.comet", "model": "./no-such-comet"},
            "model folder '{suite}/no-such-comet' does not exist",
        ),
        ({"name": "roundtrip.comet"}, "model 'Unbabel/wmt22-comet-da' is not available offline"),
        (
            {"name": "qe.cometkiwi", "model": "tiny-org/tiny-kiwi"},
            "'tarjama models pull tiny-org/tiny-kiwi'",
        ),
        (
            {"name": "roundtrip.semsim", "model": "./no-such-encoder"},
            "model folder '{suite}/no-such-encoder' does not exist",
        ),
        (
            {"name": "roundtrip.bleu", "tokenize": "13b"},
            "unknown sacrebleu tokenizer '13b' (did you mean '13a'?)",
        ),
    ],
)
def test_a_missing_model_or_bad_option_stops_the_run_before_any_translation(
    cli, tiny_marian, tmp_path, elsewhere, no_translation, metric, message
):
    suite = write_suite(tmp_path / "suite", ["roundtrip.chrf", metric])
    shutil.copytree(tiny_marian, suite.parent / "marian")
    result = run(cli, suite)
    assert result.code == 2
    [line] = result.err.strip().splitlines()
    assert line.startswith("tarjama: error: ")
    assert message.format(suite=suite.parent) in line
    assert translations_cached(suite) == 0
    validated = cli("validate", suite)
    assert validated.code == 2 and validated.err == result.err
    skipped = cli("validate", suite, "--no-models")
    assert skipped.code == (2 if "tokenizer" in message else 0), skipped.err


def test_a_missing_back_translation_model_stops_validate(cli, tmp_path, elsewhere):
    suite = write_suite(tmp_path / "suite", ["roundtrip.chrf"])
    result = cli("validate", suite)
    assert result.code == 2
    assert f"model folder '{suite.parent / 'marian'}' does not exist" in result.err
    assert cli("validate", suite, "--no-models").code == 0


def test_a_device_torch_lacks_stops_the_run_before_any_translation(
    cli, tiny_marian, tiny_comet_models, tmp_path, elsewhere, no_translation
):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a CUDA GPU")
    metric = {
        "name": "roundtrip.comet",
        "model": str(tiny_comet_models["regression"]),
        "device": "cuda",
    }
    suite = write_suite(tmp_path / "suite", [metric])
    shutil.copytree(tiny_marian, suite.parent / "marian")
    result = run(cli, suite)
    assert result.code == 2
    assert "device cuda, but torch sees no CUDA GPU here" in result.err


def test_models_are_found_relative_to_the_suite_not_the_working_folder(
    cli, tiny_marian, tiny_comet_models, tmp_path, elsewhere
):
    """A metric's relative `model:` folder, and the models/ store beside the suite."""
    folder = tmp_path / "project" / "evals"
    store = tmp_path / "project" / "models"
    shutil.copytree(tiny_marian, folder / "marian")
    shutil.copytree(tiny_comet_models["regression"], folder / "comet")
    shutil.copytree(tiny_comet_models["qe"], store / store_name("tiny-org/tiny-kiwi"))
    suite = write_suite(
        folder,
        [
            "roundtrip.chrf",
            {"name": "roundtrip.comet", "model": "./comet"},
            {"name": "qe.cometkiwi", "model": "tiny-org/tiny-kiwi"},
        ],
    )
    assert cli("validate", suite).code == 0
    result = run(cli, suite)
    assert result.code == 0, result.err
    results = json.loads((folder / "run" / "results.json").read_text(encoding="utf-8"))
    models = results["signature"]["models"]
    assert models["roundtrip.comet"]["id"] == "./comet"  # as the suite names it
    assert models["roundtrip.comet"]["source"] == "local-dir"
    assert models["qe.cometkiwi"]["source"] == "models-dir"


def test_a_revision_pin_made_of_digits_is_text(cli, tiny_marian, tmp_path, elsewhere):
    """YAML reads 0123456 as a number (octal 42798); a pin is a commit, so it stays text."""
    from tarjama.suites import load_suite

    suite = tmp_path / "suite" / "suite.yaml"
    write_suite(
        suite.parent, [{"name": "roundtrip.comet", "model": "./comet", "revision": "1234567"}]
    )
    text = suite.read_text(encoding="utf-8")
    suite.write_text(
        text.replace("engine: hf", "engine: hf\n  revision: 0123456").replace(
            "revision: '1234567'", "revision: 1234567"
        ),
        encoding="utf-8",
    )
    loaded = load_suite(suite)
    assert loaded.backtranslation.revision == "0123456"
    assert loaded.metrics[0].options["revision"] == "1234567"
    shutil.copytree(tiny_marian, suite.parent / "marian")
    result = cli("validate", suite)
    assert result.code == 2 and "is pinned to revision 0123456 but" in result.err
