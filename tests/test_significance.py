"""Paired significance tests agree with sacrebleu's own paired_bs and paired_ar."""

from __future__ import annotations

import random

import numpy as np
import pytest
from sacrebleu.metrics import BLEU, CHRF
from sacrebleu.significance import PairedTest

from tarjama.context import RunContext
from tarjama.errors import RunDirError
from tarjama.metrics.lexical import RoundtripBLEU, RoundtripCHRF
from tarjama.significance import (
    margin_bootstrap,
    margin_randomization,
    mean_from_sums,
    metric_scorer,
    p_value,
    paired_bootstrap,
    paired_randomization,
    stats_matrix,
)

AR_TRIALS = 2000
BS_SAMPLES = 1000


def drop_every(text: str, k: int) -> str:
    """Drop every k-th word (a deterministic degradation of a back-translation)."""
    words = text.split()
    return " ".join(w for i, w in enumerate(words, start=1) if i % k) or words[0]


@pytest.fixture(scope="module")
def article():
    from tests.conftest import SAMPLE_DIR

    src = (SAMPLE_DIR / "src.en.txt").read_text(encoding="utf-8").splitlines()
    bt = (SAMPLE_DIR / "bt.en.txt").read_text(encoding="utf-8").splitlines()
    return src, bt


def synthetic(n: int = 500, seed: int = 11):
    """A 500-segment set: references and two noisy systems of nearly equal quality."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(300)]
    refs = [" ".join(rng.choice(vocab) for _ in range(rng.randint(5, 25))) for _ in range(n)]

    def noisy(text: str, p: float) -> str:
        return " ".join(w if rng.random() > p else rng.choice(vocab) for w in text.split())

    return refs, [noisy(r, 0.3) for r in refs], [noisy(r, 0.31) for r in refs]


def sacrebleu_p(test_type: str, metric, refs, base, cand, n: int, monkeypatch) -> float:
    monkeypatch.setenv("SACREBLEU_SEED", "12345")
    _, scores = PairedTest(
        [("base", base), ("cand", cand)], {"m": metric}, [refs], test_type=test_type, n_samples=n
    )()
    key = next(k for k in scores if k != "System")
    return scores[key][1].p_value


def our_p(test_type: str, cls, refs, base, cand, n: int) -> float:
    metric = cls({}, RunContext(src_lang="en", tgt_lang="ar"))
    stats = [
        np.asarray(metric.scorer._extract_corpus_statistics(h, [refs]), dtype=float)
        for h in (base, cand)
    ]
    if test_type == "bs":
        return paired_bootstrap(*stats, metric.scores_from_sums, n_samples=n, seed=12345).p_value
    return paired_randomization(*stats, metric.scores_from_sums, n_trials=n, seed=12345).p_value


METRICS = [(RoundtripBLEU, BLEU), (RoundtripCHRF, lambda: CHRF(word_order=2))]


@pytest.mark.parametrize("ours, theirs", METRICS, ids=["bleu", "chrf"])
@pytest.mark.parametrize("test_type, n", [("bs", BS_SAMPLES), ("ar", AR_TRIALS)])
@pytest.mark.parametrize("k", [3, 12, 30], ids=["drop-1/3", "drop-1/12", "drop-1/30"])
def test_article_p_values_match_sacrebleu(article, ours, theirs, test_type, n, k, monkeypatch):
    src, bt = article
    cand = [drop_every(line, k) for line in bt]
    expected = sacrebleu_p(test_type, theirs(), src, bt, cand, n, monkeypatch)
    assert our_p(test_type, ours, src, bt, cand, n) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("ours, theirs", METRICS, ids=["bleu", "chrf"])
@pytest.mark.parametrize("test_type, n", [("bs", BS_SAMPLES), ("ar", AR_TRIALS)])
def test_synthetic_p_values_match_sacrebleu(ours, theirs, test_type, n, monkeypatch):
    refs, base, cand = synthetic()
    expected = sacrebleu_p(test_type, theirs(), refs, base, cand, n, monkeypatch)
    got = our_p(test_type, ours, refs, base, cand, n)
    assert got == pytest.approx(expected, abs=1e-12)
    assert 0.01 < got < 1  # a close call, not a trivially tiny p-value


def test_bootstrap_delta_and_interval(article):
    src, bt = article
    metric = RoundtripCHRF({})
    base = np.asarray(metric.scorer._extract_corpus_statistics(bt, [src]), dtype=float)
    cand = np.asarray(
        metric.scorer._extract_corpus_statistics([drop_every(line, 4) for line in bt], [src]),
        dtype=float,
    )
    result = paired_bootstrap(base, cand, metric.scores_from_sums)
    assert result.baseline == pytest.approx(metric.corpus_score(base), abs=1e-9)
    assert result.delta == pytest.approx(
        metric.corpus_score(cand) - metric.corpus_score(base), abs=1e-9
    )
    lo, hi = result.delta_ci95
    assert lo < result.delta < hi < 0


def test_identical_systems_are_not_significant():
    stats = np.array([[0.5, 1], [0.7, 1], [0.2, 1]])
    assert paired_bootstrap(stats, stats.copy(), mean_from_sums).p_value == 1.0
    assert paired_randomization(stats, stats.copy(), mean_from_sums, n_trials=50).p_value == 1.0


def test_mean_metric_difference_is_detected():
    rng = np.random.default_rng(0)
    base_scores = rng.uniform(0.4, 0.8, size=200)
    base = np.stack([base_scores, np.ones(200)], axis=1)
    cand = np.stack([base_scores - 0.05, np.ones(200)], axis=1)
    result = paired_randomization(base, cand, mean_from_sums, n_trials=500)
    assert result.delta == pytest.approx(-0.05)
    assert result.p_value == pytest.approx(1 / 501)


@pytest.mark.parametrize(
    "samples, observed, expected",
    [
        ([0.1, 0.2, 0.3], 0.15, (2 + 1) / 4),
        ([0.1, 0.2, 0.3], 0.3, 1 / 4),  # a tie is not "more extreme"
        ([0.0, 0.0], 0.0, 1 / 3),
    ],
)
def test_p_value_counts_strictly_greater(samples, observed, expected):
    assert p_value(np.array(samples), observed) == pytest.approx(expected)


def test_shapes_must_match():
    with pytest.raises(RunDirError, match="one shape"):
        paired_bootstrap(np.ones((3, 2)), np.ones((4, 2)), mean_from_sums)


def test_scorer_and_stats_from_a_run(plain_sample_run):
    results, key = plain_sample_run.results, "roundtrip.chrf"
    stats = stats_matrix(plain_sample_run.segments, key)
    score = metric_scorer(key, results["metrics"][key], results["languages"])
    assert float(score(stats.sum(axis=0))) == pytest.approx(
        results["metrics"][key]["score"], abs=1e-9
    )


def test_missing_statistics_is_a_clear_error():
    with pytest.raises(RunDirError, match="no statistics for roundtrip.bleu"):
        stats_matrix([{"id": "0", "stats": {}}], "roundtrip.bleu")


# --- the regression gates' one-sided test against a margin ------------------------------------


def shifted(shift: float, n: int = 200):
    """A mean-aggregated metric: the candidate scores `shift` off the baseline on every segment."""
    base_scores = np.random.default_rng(0).uniform(0.4, 0.8, size=n)
    base = np.stack([base_scores, np.ones(n)], axis=1)
    return base, np.stack([base_scores + shift, np.ones(n)], axis=1)


@pytest.mark.parametrize(
    "higher_is_better, margin, expected",
    [
        (True, 0.03, 1 / 201),  # every resample loses 0.05, beyond the margin: p is the floor
        (True, 0.06, 1.0),  # every resample loses less than the margin: no evidence
        (False, 0.0, 1.0),  # lower is better: the same change is a gain
    ],
)
def test_margin_bootstrap_counts_resamples_on_the_null_side(higher_is_better, margin, expected):
    base, cand = shifted(-0.05)
    result = margin_bootstrap(
        base, cand, mean_from_sums, margin=margin, higher_is_better=higher_is_better, n_samples=200
    )
    assert result.p_value == pytest.approx(expected)
    assert result.delta == pytest.approx(-0.05)


def test_margin_randomization_shifts_the_null_to_the_margin():
    base, cand = shifted(-0.05)
    beyond = margin_randomization(
        base, cand, mean_from_sums, margin=0.0, higher_is_better=True, n_trials=500
    )
    within = margin_randomization(
        base, cand, mean_from_sums, margin=0.06, higher_is_better=True, n_trials=500
    )
    gain = margin_randomization(
        cand, base, mean_from_sums, margin=0.0, higher_is_better=True, n_trials=500
    )
    assert beyond.p_value == pytest.approx(1 / 501)
    assert within.p_value > 0.5 and gain.p_value > 0.5


def test_identical_systems_never_fail_a_margin_test():
    """p = 1 for any margin: a tie is not evidence of a loss (sacrebleu would say 1/(n+1))."""
    stats = np.array([[0.5, 1], [0.7, 1], [0.2, 1]])
    for margin in (0.0, 0.5):
        for test in (margin_bootstrap, margin_randomization):
            assert (
                test(
                    stats, stats.copy(), mean_from_sums, margin=margin, higher_is_better=True
                ).p_value
                == 1.0
            )


def test_margin_and_difference_bootstraps_share_their_resamples(article):
    """Same seed, same resamples: the gate's delta CI is the one compare reports."""
    src, bt = article
    metric = RoundtripCHRF({})
    base = np.asarray(metric.scorer._extract_corpus_statistics(bt, [src]), dtype=float)
    cand = np.asarray(
        metric.scorer._extract_corpus_statistics([drop_every(line, 4) for line in bt], [src]),
        dtype=float,
    )
    plain = paired_bootstrap(base, cand, metric.scores_from_sums, seed=7)
    gate = margin_bootstrap(
        base, cand, metric.scores_from_sums, margin=1.0, higher_is_better=True, seed=7
    )
    assert gate.delta_ci95 == plain.delta_ci95 and gate.delta == plain.delta
