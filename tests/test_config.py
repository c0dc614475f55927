"""Suites: loading, includes, and one-line errors with did-you-mean hints."""

from __future__ import annotations

from pathlib import Path

import pytest

from tarjama.data import TextRules
from tarjama.errors import ConfigError
from tarjama.suites import load_suite

DATA = "data:\n  src: src.txt\n  mt: mt.txt\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_suite_loads_with_include(repo):
    suite = load_suite(repo / "evals" / "news-ar-en.yaml")
    assert suite.name == "news-ar-en"
    assert suite.languages.src == "en" and suite.languages.tgt == "ar"
    assert suite.bootstrap.resamples == 1000
    assert suite.data.mt == repo / "evals" / ".." / "data" / "news" / "istanbul-talks" / "mt.ar.txt"
    assert "roundtrip.bleu" in [m.name for m in suite.metrics]


def test_include_gives_defaults_and_the_including_file_wins(tmp_path):
    write(tmp_path / "base.yaml", "seed: 7\nbootstrap: {resamples: 50, confidence: 0.9}\n")
    suite = load_suite(
        write(
            tmp_path / "s.yaml",
            f"include: base.yaml\nname: s\n{DATA}bootstrap: {{resamples: 10}}\n",
        )
    )
    assert suite.seed == 7
    assert suite.bootstrap.resamples == 10 and suite.bootstrap.confidence == 0.9


def test_data_paths_in_an_included_file_are_relative_to_that_file(tmp_path):
    (tmp_path / "shared").mkdir()
    (tmp_path / "suites").mkdir()
    write(tmp_path / "shared" / "base.yaml", DATA)
    suite = load_suite(
        write(tmp_path / "suites" / "s.yaml", "include: ../shared/base.yaml\nname: s\n")
    )
    assert suite.data.src.resolve() == (tmp_path / "shared" / "src.txt").resolve()


def test_metric_and_check_shorthands(tmp_path):
    suite = load_suite(
        write(
            tmp_path / "s.yaml",
            f"name: s\n{DATA}"
            "metrics:\n  - roundtrip.bleu\n  - {name: roundtrip.chrf, word_order: 0}\n",
        )
    )
    assert suite.metrics[1].options == {"word_order": 0}


@pytest.mark.parametrize(
    "body, message",
    [
        (
            f"name: s\n{DATA}metircs: [roundtrip.bleu]\n",
            "unknown key 'metircs' (did you mean 'metrics'?)",
        ),
        (
            f"name: s\n{DATA}bootstrap: {{resamles: 5}}\n",
            "unknown key 'bootstrap.resamles' (did you mean 'resamples'?)",
        ),
        (
            f"name: s\n{DATA}metrics: [roundtrip.bleuu]\n",
            "unknown metric 'roundtrip.bleuu' (did you mean 'roundtrip.bleu'?)",
        ),
        (
            f"name: s\n{DATA}backtranslation: {{engine: provded}}\n",
            "unknown translation engine 'provded' (did you mean 'provided'?)",
        ),
        (f"{DATA}", "missing required key 'name'"),
        ("name: s\n", "missing required key 'data'"),
        ("name: s\ndata: {src: a.txt}\n", "data needs either 'path'"),
        (f"name: s\n{DATA}seed: [1\n", "invalid YAML"),
        ("- just\n- a list\n", "a suite is a YAML mapping, got list"),
        ("", "suite file is empty"),
        (f"name: s\n{DATA}gates: [{{metric: roundtrip.bleu}}]\n", "needs a threshold"),
        (
            f"name: s\n{DATA}metrics: [roundtrip.bleu]\ngates: [{{metric: roundtrip.ter, op: '<=', threshold: 50}}]\n",
            "the suite does not compute that metric",
        ),
    ],
)
def test_broken_suites_fail_with_one_line(tmp_path, body, message):
    path = write(tmp_path / "broken.yaml", body)
    with pytest.raises(ConfigError) as info:
        load_suite(path)
    text = str(info.value)
    assert text.startswith(str(path)) and message in text and "\n" not in text


def test_include_cycle_is_reported(tmp_path):
    write(tmp_path / "a.yaml", "include: b.yaml\nname: a\n")
    write(tmp_path / "b.yaml", "include: a.yaml\n")
    with pytest.raises(ConfigError, match="include cycle"):
        load_suite(tmp_path / "a.yaml")


def test_missing_suite_file(tmp_path):
    with pytest.raises(ConfigError, match="suite file not found"):
        load_suite(tmp_path / "nope.yaml")


def test_unknown_metric_option_is_caught_when_the_suite_loads(tmp_path):
    path = write(
        tmp_path / "s.yaml",
        f"name: s\n{DATA}metrics:\n  - {{name: roundtrip.chrf, word_ordr: 0}}\n",
    )
    with pytest.raises(
        ConfigError,
        match="unknown option 'word_ordr' for metric roundtrip.chrf "
        r"\(did you mean 'word_order'\?\)",
    ):
        load_suite(path)


def test_data_limits_and_control_characters_are_suite_keys(tmp_path):
    suite = load_suite(
        write(
            tmp_path / "s.yaml",
            "name: s\ndata:\n  path: d.jsonl\n"
            "  max_segment_chars: 50000\n  max_segment_words: 5000\n"
            "  control_characters: strip\n",
        )
    )
    rules = suite.data.text_rules()
    assert (rules.max_chars, rules.max_words, rules.strip_controls) == (50_000, 5_000, True)
    assert load_suite(
        write(tmp_path / "d.yaml", f"name: d\n{DATA}")
    ).data.text_rules() == TextRules(max_chars=20_000, max_words=2_000, strip_controls=False)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "max_segment_chars: 0",
            "data.max_segment_chars: Input should be greater than or equal to 1",
        ),
        (
            "control_characters: keep",
            "data.control_characters: Input should be 'reject' or 'strip'",
        ),
    ],
)
def test_bad_data_limits_are_one_line_errors(tmp_path, data, message):
    path = write(tmp_path / "s.yaml", f"name: s\ndata:\n  path: d.jsonl\n  {data}\n")
    with pytest.raises(ConfigError) as info:
        load_suite(path)
    assert str(info.value) == f"{path}: {message}"
