"""`compare_runs` and `tarjama compare`: deltas, paired p-values (as sacrebleu), flag deltas."""

from __future__ import annotations

import copy
import importlib.util
import json

import pytest
from sacrebleu.metrics import BLEU, CHRF
from sacrebleu.significance import PairedTest

from tarjama.compare import compare_runs
from tarjama.errors import RunDirError
from tarjama.rundir import read_run, write_run

AR_TRIALS = 1000


@pytest.fixture
def runs(history_runs):
    """Copies of the session's runs (some tests change them)."""
    return copy.deepcopy(history_runs)


def sacrebleu_p(test_type: str, metric, runs, n: int, monkeypatch) -> list[float]:
    """sacrebleu's p-values for each candidate against the first run, from the runs' texts."""
    monkeypatch.setenv("SACREBLEU_SEED", "12345")
    systems = [(r.run_id, [s["bt"] for s in r.segments]) for r in runs]
    refs = [[s["src"] for s in runs[0].segments]]
    _, scores = PairedTest(systems, {"m": metric}, refs, test_type=test_type, n_samples=n)()
    key = next(k for k in scores if k != "System")
    return [result.p_value for result in scores[key][1:]]


def test_p_values_match_sacrebleu(runs, monkeypatch):
    comparison = compare_runs(runs, n_samples=1000, ar_trials=AR_TRIALS)
    assert comparison["metrics"]["roundtrip.bleu"][1]["p_value_ar"] > 0.1  # v3: a close call
    for key, metric in (("roundtrip.bleu", BLEU()), ("roundtrip.chrf", CHRF(word_order=2))):
        entries = comparison["metrics"][key]
        assert [e["p_value_bootstrap"] for e in entries] == pytest.approx(
            sacrebleu_p("bs", metric, runs, 1000, monkeypatch), abs=1e-12
        )
        assert [e["p_value_ar"] for e in entries] == pytest.approx(
            sacrebleu_p("ar", metric, runs, AR_TRIALS, monkeypatch), abs=1e-12
        )


def test_deltas_and_directions(runs):
    comparison = compare_runs(runs, ar_trials=AR_TRIALS)
    assert comparison["baseline"]["run_id"] == "news-sample-v1"
    assert [c["model_version"] for c in comparison["candidates"]] == ["v2", "v3"]
    for key, entries in comparison["metrics"].items():
        for entry, candidate in zip(entries, runs[1:], strict=True):
            base = runs[0].results["metrics"][key]["score"]
            cand = candidate.results["metrics"][key]["score"]
            assert entry["delta"] == pytest.approx(cand - base)
            assert entry["delta_ci95"][0] <= entry["delta"] <= entry["delta_ci95"][1]
            improved = (entry["delta"] > 0) == entry["higher_is_better"]
            assert entry["better"] is improved
    v2_chrf, v3_chrf = comparison["metrics"]["roundtrip.chrf"]
    assert v2_chrf["delta"] < v3_chrf["delta"] < 0
    assert v2_chrf["p_value_bootstrap"] < 0.01  # clearly worse
    assert v3_chrf["p_value_bootstrap"] > 0.05  # a close call
    assert comparison["metrics"]["roundtrip.ter"][0]["higher_is_better"] is False


def test_flag_count_deltas(runs):
    comparison = compare_runs(runs, ar_trials=AR_TRIALS)
    assert [e["delta"] for e in comparison["flags"]["untranslated"]] == [0, -1]
    assert [e["delta"] for e in comparison["flags"]["number"]] == [1, 0]
    assert [e["delta"] for e in comparison["by_severity"]["critical"]] == [1, 0]
    assert comparison["flags"]["idiom"][1] == {
        "run_id": "news-sample-v3",
        "baseline": 1,
        "candidate": 1,
        "delta": 0,
    }


def test_different_data_is_refused(runs):
    other = runs[1]
    other.segments[3]["src"] = other.segments[3]["src"] + " (edited)"
    with pytest.raises(RunDirError, match=r"the source text \(src\) differs for segment '3'"):
        compare_runs([runs[0], other])


def test_other_references_are_refused(runs):
    """Same MT, other human references: compare says which column differs (issue 14, item 4)."""
    base, other = runs[0], copy.deepcopy(runs[0])
    for run, ref in ((base, "المرجع الأول"), (other, "المرجع الأول")):  # "the first reference"
        for row in run.segments:
            row["ref"] = ref
    other.segments[4]["ref"] = "مرجع آخر"  # "another reference"
    with pytest.raises(RunDirError, match=r"the reference \(ref\) differs for segment '4'"):
        compare_runs([base, other])


def test_metric_with_other_settings_is_not_compared(runs, tmp_path):
    other = runs[1]
    other.results["metrics"]["roundtrip.bleu"]["signature"] += "|tok:other"
    comparison = compare_runs([runs[0], other], ar_trials=AR_TRIALS)
    assert "roundtrip.bleu" not in comparison["metrics"]
    assert comparison["skipped_metrics"]["roundtrip.bleu"].startswith("different settings")


def test_cli_json(cli, runs):
    result = cli("compare", runs[0].path, runs[1].path, "--json", "--ar-trials", AR_TRIALS)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert set(data["metrics"]) == {"roundtrip.bleu", "roundtrip.chrf", "roundtrip.ter"}
    assert data["settings"] == {
        "n_samples": 1000,
        "ar_trials": AR_TRIALS,
        "seed": 12345,
        "confidence": 0.95,
        "alpha": 0.05,
    }


def test_cli_table(cli, runs):
    result = cli("compare", *(r.path for r in runs), "--ar-trials", AR_TRIALS)
    assert result.code == 0, result.err
    assert result.out.count("candidate: news-sample-") == 2
    v2_chrf, v3_chrf = [
        line for line in result.out.splitlines() if line.startswith("roundtrip.chrf")
    ]
    assert v2_chrf.endswith(" worse")
    assert v3_chrf.endswith(" no significant change")  # 3.1 points lower, p = 0.12: not "worse"
    assert "flag counts: untranslated -1" in result.out


def test_verdicts_say_better_or_worse_only_when_significant(runs):
    """Issue 14, item 5: the sign alone is no verdict (the HTML page says the same)."""
    comparison = compare_runs(runs, ar_trials=AR_TRIALS)
    for entries in comparison["metrics"].values():
        for entry in entries:
            real = max(entry["p_value_bootstrap"], entry["p_value_ar"]) < 0.05
            assert entry["significant"] is real
            expected = (
                {True: "better", False: "worse"}[entry["better"]]
                if real
                else "no significant change"
            )
            assert entry["verdict"] == expected
    verdicts = {e["verdict"] for entries in comparison["metrics"].values() for e in entries}
    assert verdicts == {"worse", "no significant change"}


def test_compare_tests_with_the_seed_the_run_recorded(runs, monkeypatch):
    """Issue 14, item 5: a suite with `seed: 7` is compared with seed 7, as its gates were:
    sacrebleu's p-value for SACREBLEU_SEED=7, and the gate's delta CI from the same resamples."""
    from tarjama.config import GateConfig
    from tarjama.gates import evaluate_gates

    base, cand = runs[0], runs[2]
    cand.results["signature"]["seed"] = 7
    comparison = compare_runs([base, cand], ar_trials=AR_TRIALS)
    entry = comparison["metrics"]["roundtrip.chrf"][0]
    assert comparison["candidates"][0]["seed"] == 7 and comparison["settings"]["seed"] == 7
    monkeypatch.setenv("SACREBLEU_SEED", "7")
    systems = [(r.run_id, [s["bt"] for s in r.segments]) for r in (base, cand)]
    refs = [[s["src"] for s in base.segments]]
    _, scores = PairedTest(
        systems, {"m": CHRF(word_order=2)}, refs, test_type="bs", n_samples=1000
    )()
    expected = scores[next(k for k in scores if k != "System")][1].p_value
    assert entry["p_value_bootstrap"] == pytest.approx(expected, abs=1e-12)
    default = compare_runs([base, cand], ar_trials=AR_TRIALS, seed=12345)
    assert (
        default["metrics"]["roundtrip.chrf"][0]["p_value_bootstrap"] != entry["p_value_bootstrap"]
    )
    (gate,) = evaluate_gates(
        [GateConfig(metric="roundtrip.chrf", kind="regression")],
        cand.results,
        baseline=base,
        segments=cand.segments,
    )
    assert gate["delta_ci95"] == entry["delta_ci95"]


def test_cli_runs_by_label_from_the_store(cli, runs, tmp_path):
    store = tmp_path / "h.db"
    assert cli("runs", "import", *(r.path for r in runs), "--store", store).code == 0
    result = cli("compare", "v1", "v3", "--store", store, "--json", "--ar-trials", AR_TRIALS)
    assert result.code == 0, result.err
    assert json.loads(result.out)["candidates"][0]["run_id"] == "news-sample-v3"


@pytest.mark.parametrize(
    "args, message",
    [
        (["only-one"], "needs a baseline run and at least one candidate"),
        (["missing-a", "missing-b"], "is not a run directory"),
    ],
)
def test_cli_usage_errors(cli, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = cli("compare", *args)
    assert result.code == 2
    assert message in result.err


def test_cli_html(cli, runs, tmp_path):
    out = tmp_path / "compare.html"
    result = cli("compare", runs[0].path, runs[1].path, "--html", out, "--ar-trials", AR_TRIALS)
    if importlib.util.find_spec("tarjama.report.compare_html") is None:
        assert result.code == 2
        assert "compare HTML needs the report module" in result.err
    else:
        assert result.code == 0, result.err
        assert "news-sample-v2" in out.read_text(encoding="utf-8")


def test_runs_without_statistics_are_refused(runs, tmp_path):
    stripped = [{**row, "stats": {}} for row in runs[1].segments]
    write_run(tmp_path / "old", runs[1].results, stripped)
    with pytest.raises(RunDirError, match="no statistics"):
        compare_runs([runs[0], read_run(tmp_path / "old")])
