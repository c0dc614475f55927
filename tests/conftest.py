"""Shared pytest fixtures: paths, a CLI runner, and the sample article's run.

Fixture modules for tiny models live in tests/fixtures/ and are loaded as plugins below.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest_plugins: list[str] = [
    "tests.fixtures.tiny_comet",
    "tests.fixtures.history_runs",
    "tests.fixtures.tiny_translation",
    "tests.fixtures.chat_server",
    "tests.fixtures.tiny_sentence",
]

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
SAMPLE_DIR = REPO / "data" / "news" / "istanbul-talks"
SAMPLE_SUITE = REPO / "evals" / "news-ar-en.yaml"


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE_DIR


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path):
    """Call the `tarjama` entry point in-process; returns exit code, stdout, stderr."""
    from tarjama.cli import main

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory):
    """The sample article evaluated once per session (read-only for tests)."""
    from tarjama.evaluate import RunOptions, evaluate_suite
    from tarjama.suites import load_suite

    out = tmp_path_factory.mktemp("sample-run") / "run"
    suite = load_suite(SAMPLE_SUITE)
    return evaluate_suite(suite, RunOptions(out_dir=out, show_progress=False, use_cache=False))


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    """A writable copy of the sample article folder."""
    target = tmp_path / "istanbul-talks"
    shutil.copytree(SAMPLE_DIR, target)
    return target
