"""The run context: built once from a suite, typed and frozen."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tarjama.context import RunContext
from tarjama.metrics import METRICS
from tarjama.suites import load_suite

SUITE = """name: ctx
data: {src: src.txt, mt: mt.txt}
languages: {src: en, tgt: ar}
seed: 7
workers: 3
entities: {model: my_spacy_model}
cache: {path: cache/tarjama.sqlite}
backtranslation: {engine: provided, models_dir: ../store}
"""


@pytest.fixture
def suite(tmp_path):
    folder = tmp_path / "suites"
    folder.mkdir()
    (folder / "ctx.yaml").write_text(SUITE, encoding="utf-8")
    return load_suite(folder / "ctx.yaml")


def test_from_suite_reads_every_setting_once(suite, tmp_path):
    context = RunContext.from_suite(suite, show_progress=False)
    assert (context.src_lang, context.tgt_lang, context.seed, context.workers) == ("en", "ar", 7, 3)
    assert context.entity_model == "my_spacy_model"
    assert context.suite_dir == tmp_path / "suites"
    assert context.models_dir == tmp_path / "suites" / ".." / "store"  # from the suite's folder
    assert context.cache is not None and context.cache.enabled
    assert context.cache.path == Path("cache/tarjama.sqlite")
    assert context.show_progress is False


def test_the_invocation_overrides_the_cache(suite, tmp_path):
    assert not RunContext.from_suite(suite, use_cache=False).cache.enabled
    moved = RunContext.from_suite(suite, cache_path=tmp_path / "other.sqlite")
    assert moved.cache.path == tmp_path / "other.sqlite"


def test_a_misspelt_setting_is_an_error_and_a_context_does_not_change():
    with pytest.raises(TypeError, match="src_lng"):
        RunContext(src_lng="en")  # type: ignore[call-arg]
    with pytest.raises(dataclasses.FrozenInstanceError):
        RunContext().seed = 1  # type: ignore[misc]


def test_languages_of_a_recorded_run_with_defaults_for_what_is_missing():
    assert RunContext.from_languages({"src": "ar", "tgt": "en"}).src_lang == "ar"
    defaults = RunContext.from_languages(None)
    assert (defaults.src_lang, defaults.tgt_lang) == ("en", "ar")


def test_worker_processes_get_the_context_without_its_cache(suite):
    context = RunContext.from_suite(suite)
    assert context.without_cache().cache is None
    assert context.without_cache().seed == context.seed


def test_metrics_read_their_languages_from_the_context():
    # direct.* reads the target language, roundtrip.* the source language
    direct = METRICS.get("direct.chrf")({}, RunContext(tgt_lang="ar"))
    roundtrip = METRICS.get("roundtrip.chrf")({}, RunContext(src_lang="en"))
    assert (direct.language.code, roundtrip.language.code) == ("ar", "en")
