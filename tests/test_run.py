"""`tarjama run` end to end on the sample article: the results.json/segments.jsonl contract."""

from __future__ import annotations

import json
import os

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from tarjama.flags import CATEGORIES, SEVERITIES
from tarjama.rundir import read_run

ROUNDTRIP = {"roundtrip.bleu": BLEU(), "roundtrip.chrf": CHRF(word_order=2), "roundtrip.ter": TER()}


def test_roundtrip_scores_equal_sacrebleu_on_the_sample_files(sample_run, sample_dir):
    src = (sample_dir / "src.en.txt").read_text(encoding="utf-8").splitlines()
    bt = (sample_dir / "bt.en.txt").read_text(encoding="utf-8").splitlines()
    for key, scorer in ROUNDTRIP.items():
        expected = scorer.corpus_score(bt, [src])
        entry = sample_run.results["metrics"][key]
        assert entry["score"] == expected.score
        assert entry["signature"] == scorer.get_signature().format()
        assert entry["higher_is_better"] is (key != "roundtrip.ter")
        lo, hi = entry["ci95"]
        assert lo < entry["score"] < hi


def test_results_json_has_the_design_contract(sample_run):
    results = json.loads((sample_run.path / "results.json").read_text(encoding="utf-8"))
    for key in (
        "schema",
        "suite",
        "run_id",
        "created",
        "n_segments",
        "metrics",
        "checks",
        "gates",
        "passed",
        "signature",
    ):
        assert key in results
    assert results["schema"] == "tarjama.results/1" and results["n_segments"] == 12
    assert set(results["checks"]["counts"]) == set(CATEGORIES)
    assert set(results["checks"]["by_severity"]) == set(SEVERITIES)
    assert "mqm_penalty" in results["checks"]
    signature = results["signature"]
    assert signature["seed"] == 12345 and signature["sacrebleu"] == "2.6.0"
    assert all(len(digest) == 64 for digest in signature["data_sha256"].values())
    assert results["skipped_metrics"].keys() == {"direct.bleu", "direct.chrf"}


def test_segments_jsonl_rows(sample_run):
    rows = [
        json.loads(line)
        for line in (sample_run.path / "segments.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert [r["id"] for r in rows] == [str(i) for i in range(12)]
    for row in rows:
        assert {"id", "doc_id", "src", "mt", "bt", "ref", "scores", "flags"} <= set(row)
        assert set(ROUNDTRIP) <= set(row["scores"])
        for flag in row["flags"]:
            if flag["span"] is not None:
                start, end = flag["span"]
                assert row["mt"][start:end] == flag["text"]


def test_the_returned_run_reads_its_segments_from_the_written_file(sample_run):
    """evaluate_suite keeps no segment rows: the run it returns reads them from segments.jsonl,
    the same rows read_run validates."""
    from tarjama.rundir import SegmentRows, read_run

    assert isinstance(sample_run.segments, SegmentRows)
    assert list(sample_run.segments) == read_run(sample_run.path).segments
    assert sample_run.segments[-1]["id"] == "11"


def test_run_directory_is_written_atomically(tmp_path, repo, monkeypatch):
    """A failure while writing leaves the previous run whole, and no temporary folder."""
    from tarjama.config import BootstrapConfig
    from tarjama.errors import OutputError
    from tarjama.evaluate import RunOptions, evaluate_suite
    from tarjama.suites import load_suite

    out = tmp_path / "run"
    suite = load_suite(repo / "evals" / "news-ar-en.yaml").model_copy(
        update={"checks": {}, "bootstrap": BootstrapConfig(resamples=10)}
    )
    evaluate_suite(suite, RunOptions(out_dir=out, show_progress=False))
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken_rename(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "rename", broken_rename)
    with pytest.raises(OutputError, match="No space left on device"):
        evaluate_suite(suite, RunOptions(out_dir=out, show_progress=False, force=True))
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]
    assert read_run(out).results["n_segments"] == 12


def test_default_run_directory_is_under_reports(tmp_path, repo, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    result = cli("run", repo / "evals" / "news-ar-en.yaml", "--quiet")
    assert result.code == 0, result.err
    runs = [p for p in (tmp_path / "reports").iterdir() if p.is_dir()]
    assert len(runs) == 1 and runs[0].name.startswith("news-ar-en-")
    assert f"run directory: {runs[0]}".replace(str(tmp_path) + "/", "") in result.out


def test_read_run_refuses_an_incomplete_directory(tmp_path):
    from tarjama.errors import RunDirError

    (tmp_path / "segments.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(RunDirError, match="results.json: missing"):
        read_run(tmp_path)


def _reject_constant(name):
    raise ValueError(f"{name} in results.json")


def test_results_json_is_strict_json_when_there_are_no_source_words(tmp_path, cli):
    """Flags over zero source words gave an MQM penalty of Infinity, which is not JSON."""
    # The first translation is English ("The talks ended after less than two hours."), not
    # Arabic, under an empty source.
    (tmp_path / "d.jsonl").write_text(
        '{"src": "", "mt": "The talks ended after less than two hours.", "bt": ""}\n'
        '{"src": " ", "mt": "", "bt": ""}\n',
        encoding="utf-8",
    )
    (tmp_path / "s.yaml").write_text(
        "name: empty\nchecks: [wrong-language]\nmetrics: [roundtrip.chrf]\ndata: {path: d.jsonl}\n"
        "gates: [{metric: checks.mqm_penalty, op: '<=', threshold: 5}]\n",
        encoding="utf-8",
    )
    result = cli("run", tmp_path / "s.yaml", "--out", tmp_path / "run", "-q", "--no-store")
    assert result.code == 1, result.err  # the penalty gate fails: there is no penalty to pass
    text = (tmp_path / "run" / "results.json").read_text(encoding="utf-8")
    results = json.loads(text, parse_constant=_reject_constant)
    assert results["checks"]["n_flags"] == 1 and results["checks"]["mqm_penalty"] is None
    assert results["gates"][0]["value"] is None and results["gates"][0]["passed"] is False
    rows = [
        json.loads(line, parse_constant=_reject_constant)
        for line in (tmp_path / "run" / "segments.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert [row["mqm_penalty"] for row in rows] == [None, 0.0]
    assert "MQM penalty — (no source words)" in result.out


def test_the_sample_run_is_strict_json(sample_run):
    json.loads(
        (sample_run.path / "results.json").read_text(encoding="utf-8"),
        parse_constant=_reject_constant,
    )


def test_stripped_control_characters_are_counted_in_results_json(tmp_path, cli):
    # "The talks ended." / "انتهت المحادثات."
    (tmp_path / "d.jsonl").write_text(
        '{"src": "The talks\\u0000 ended.", "mt": "انتهت\\u0007 المحادثات.", '
        '"bt": "The talks ended."}\n',
        encoding="utf-8",
    )
    (tmp_path / "s.yaml").write_text(
        "name: controls\nchecks: []\nmetrics: [roundtrip.chrf]\n"
        "data: {path: d.jsonl, control_characters: strip}\n",
        encoding="utf-8",
    )
    result = cli("run", tmp_path / "s.yaml", "--out", tmp_path / "run", "-q", "--no-store")
    assert result.code == 0, result.err
    run = read_run(tmp_path / "run")
    assert run.results["data"]["control_characters_stripped"] == 2
    assert run.segments[0]["src"] == "The talks ended."


def test_force_replaces_a_run_and_a_refused_out_costs_no_work(tmp_path, cli, monkeypatch):
    import tarjama.evaluate

    (tmp_path / "d.jsonl").write_text(
        '{"src": "The talks ended.", "mt": "انتهت المحادثات.", "bt": "The talks ended."}\n',
        encoding="utf-8",
    )  # "The talks ended."
    suite = tmp_path / "s.yaml"
    suite.write_text(
        "name: again\nchecks: []\nmetrics: [roundtrip.chrf]\ndata: {path: d.jsonl}\n",
        encoding="utf-8",
    )
    out = tmp_path / "run"
    assert cli("run", suite, "--out", out, "-q", "--no-store").code == 0
    first = read_run(out).run_id
    calls = []
    monkeypatch.setattr(tarjama.evaluate, "load_dataset", lambda data: calls.append(data))
    result = cli("run", suite, "--out", out, "-q", "--no-store")
    assert result.code == 2 and "is not empty" in result.err and calls == []
    monkeypatch.undo()
    assert cli("run", suite, "--out", out, "-q", "--no-store", "--force").code == 0
    assert read_run(out).run_id != first
    assert (out / "report.html").exists()
