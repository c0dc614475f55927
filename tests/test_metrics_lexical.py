"""Lexical metrics: anchored to sacrebleu's own corpus scores, signatures and formulas."""

from __future__ import annotations

import os
from itertools import pairwise

import numpy as np
import pytest
import sacrebleu
from sacrebleu.metrics import BLEU, CHRF, TER

from tarjama.config import BootstrapConfig, MetricConfig
from tarjama.context import RunContext
from tarjama.data import Segment, load_document_pair
from tarjama.metrics import build_metric
from tarjama.metrics.parallel import (
    CHUNKS_PER_WORKER,
    MAX_CHUNK,
    MIN_CHUNK,
    auto_workers,
    chunk_bounds,
    idle_cores,
)
from tarjama.metrics.resample import bootstrap_sums, percentile_interval, resample_blocks
from tarjama.metrics.runner import score_dataset


@pytest.fixture(scope="module")
def sample(request):
    from conftest import SAMPLE_DIR

    return load_document_pair(
        SAMPLE_DIR / "src.en.txt", SAMPLE_DIR / "mt.ar.txt", bt=SAMPLE_DIR / "bt.en.txt"
    ).segments


def sacrebleu_for(key: str, options: dict):
    """sacrebleu's own metric object for a tarjama metric configuration."""
    opts = {k: v for k, v in options.items() if k != "normalize"}
    if key.endswith("bleu"):
        opts.setdefault("tokenize", "13a" if key.startswith("roundtrip") else "intl")
        return BLEU(**opts)
    if key.endswith("chrf"):
        return CHRF(**{"word_order": 2, **opts})
    return TER(**opts)


CASES = [
    ("roundtrip.bleu", {}),
    ("roundtrip.bleu", {"lowercase": True}),
    ("roundtrip.bleu", {"tokenize": "intl", "smooth_method": "floor"}),
    ("roundtrip.bleu", {"smooth_method": "add-k", "smooth_value": 1}),
    ("roundtrip.bleu", {"smooth_method": "none", "max_ngram_order": 3}),
    ("roundtrip.chrf", {}),
    ("roundtrip.chrf", {"word_order": 0}),
    ("roundtrip.chrf", {"beta": 3, "lowercase": True, "whitespace": True}),
    ("roundtrip.chrf", {"eps_smoothing": True}),
    ("roundtrip.ter", {}),
    ("roundtrip.ter", {"normalized": True, "case_sensitive": True}),
    ("roundtrip.ter", {"no_punct": True}),
]


@pytest.mark.parametrize("key, options", CASES)
def test_corpus_score_and_signature_equal_sacrebleu(sample, key, options):
    metric = build_metric(MetricConfig(name=key, options=options))
    computed = metric.compute(sample)
    theirs = sacrebleu_for(key, options)
    expected = theirs.corpus_score([s.bt for s in sample], [[s.src for s in sample]])
    assert metric.corpus_score(computed.stats) == expected.score
    assert metric.signature() == theirs.get_signature().format()


@pytest.mark.parametrize("key, options", CASES)
def test_vectorised_formula_matches_sacrebleu_on_resampled_sums(sample, key, options):
    metric = build_metric(MetricConfig(name=key, options=options))
    stats = metric.compute(sample).stats
    (sums,) = bootstrap_sums([stats], 200, seed=3)
    ours = metric.scores_from_sums(sums)
    theirs = [metric.scorer._compute_score_from_stats(list(row)).score for row in sums]
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-9)


def test_vectorised_bleu_edge_cases():
    """Zero matches, empty higher orders and an empty hypothesis follow sacrebleu."""
    metric = build_metric(MetricConfig(name="roundtrip.bleu"))
    rows = np.array(
        [
            [5, 7, 0, 0, 0, 0, 5, 4, 3, 2],  # no matches at all → 0
            [2, 2, 2, 1, 0, 0, 2, 1, 0, 0],  # no 3- and 4-grams
            [0, 4, 0, 0, 0, 0, 0, 0, 0, 0],  # empty hypothesis
            [9, 6, 8, 5, 0, 1, 9, 8, 7, 6],  # a zero in the middle, exp smoothing
        ],
        dtype=float,
    )
    theirs = [metric.scorer._compute_score_from_stats(list(r)).score for r in rows]
    np.testing.assert_allclose(metric.scores_from_sums(rows), theirs, atol=1e-9)


def test_sentence_scores_equal_sacrebleu_sentence_score(sample):
    for key, theirs in [
        ("roundtrip.bleu", BLEU(effective_order=True)),
        ("roundtrip.chrf", CHRF(word_order=2)),
        ("roundtrip.ter", TER()),
    ]:
        computed = build_metric(MetricConfig(name=key)).compute(sample)
        expected = [theirs.sentence_score(s.bt, [s.src]).score for s in sample]
        np.testing.assert_allclose(computed.sentence_scores, expected, atol=1e-9)


# A human Arabic reference beside the MT: "ستعقد المحادثات في إسطنبول يوم الجمعة"
# ("The talks will be held in Istanbul on Friday").
ARABIC = [
    Segment(
        "0",
        "d",
        "The talks will be held in Istanbul on Friday.",
        "ستُعقد المحادثات في اسطنبول يوم الجمعة ، وفقاً للوفد.",
        ref="ستعقد المحادثات في إسطنبول يوم الجمعة، وفقا للوفد.",
    ),
    Segment(
        "1",
        "d",
        "Both sides exchanged 1,000 prisoners.",
        "تبادل الجانبان ١٠٠٠ أسير.",
        ref="تبادل الجانبان 1000 أسير.",
    ),
]


def test_direct_bleu_uses_intl_tokenisation_that_splits_the_arabic_comma():
    metric = build_metric(MetricConfig(name="direct.bleu"), RunContext(tgt_lang="ar"))
    got = metric.corpus_score(metric.compute(ARABIC).stats)
    assert "tok:intl" in metric.signature()
    expected = BLEU(tokenize="intl").corpus_score([s.mt for s in ARABIC], [[s.ref for s in ARABIC]])
    assert got == expected.score


def test_arabic_normalisation_raises_direct_scores_and_is_in_the_signature():
    plain = build_metric(MetricConfig(name="direct.chrf"), RunContext(tgt_lang="ar"))
    normalised = build_metric(
        MetricConfig(name="direct.chrf", options={"normalize": True}), RunContext(tgt_lang="ar")
    )
    assert normalised.corpus_score(normalised.compute(ARABIC).stats) > plain.corpus_score(
        plain.compute(ARABIC).stats
    )
    assert "|norm:ar:diacritics+tatweel+alef+hamza+yaa+taa+digits" in normalised.signature()


def test_bootstrap_is_seeded_and_close_to_sacrebleus_own_interval(sample):
    config = [MetricConfig(name="roundtrip.chrf")]
    first = score_dataset(sample, config, BootstrapConfig(resamples=1000), RunContext(seed=12345))
    again = score_dataset(sample, config, BootstrapConfig(resamples=1000), RunContext(seed=12345))
    other = score_dataset(sample, config, BootstrapConfig(resamples=1000), RunContext(seed=7))
    ci = first.outcomes["roundtrip.chrf"].ci95
    assert ci == again.outcomes["roundtrip.chrf"].ci95 != other.outcomes["roundtrip.chrf"].ci95
    theirs = CHRF(word_order=2).corpus_score(
        [s.bt for s in sample], [[s.src for s in sample]], n_bootstrap=1000
    )
    assert abs(ci[0] - (theirs._mean - theirs._ci)) < 0.5
    assert abs(ci[1] - (theirs._mean + theirs._ci)) < 0.5
    assert ci[0] < first.outcomes["roundtrip.chrf"].score < ci[1]


@pytest.mark.parametrize("n_segments, n_resamples", [(50, 20), (7, 150), (3, 64), (150_001, 33)])
def test_resample_blocks_reproduce_sacrebleus_index_draw(n_segments, n_resamples):
    blocks = [block.copy() for _, block in resample_blocks(n_segments, n_resamples, seed=12345)]
    idx = np.random.default_rng(12345).choice(
        n_segments, size=(n_resamples, n_segments), replace=True
    )
    expected = np.stack([np.bincount(row, minlength=n_segments) for row in idx])
    np.testing.assert_array_equal(np.concatenate(blocks), expected)


def test_bootstrap_sums_are_count_weighted_sums():
    stats = np.arange(12.0).reshape(6, 2)
    (sums,) = bootstrap_sums([stats], 70, seed=4)
    counts = np.concatenate([b.copy() for _, b in resample_blocks(6, 70, seed=4)])
    np.testing.assert_array_equal(sums, counts @ stats)
    assert percentile_interval(np.arange(101.0)) == pytest.approx((2.5, 97.5))


def test_direct_metrics_are_skipped_without_a_reference(sample):
    report = score_dataset(
        sample, [MetricConfig(name="direct.bleu")], BootstrapConfig(), RunContext(seed=1)
    )
    assert report.skipped == {"direct.bleu": "needs 'ref' for every segment"}
    assert sacrebleu.__version__ == "2.6.0"


@pytest.mark.parametrize(
    "hyp, ref",
    [
        ("Kyiv", "Kyiv"),  # one word: only unigrams exist
        ("Talks ended", "The talks ended on Friday"),  # short hypothesis, brevity penalty
        ("", "The talks ended"),  # empty hypothesis
        ("Moscow agreed to talks", "Kyiv refused the offer"),  # no matches
        ("the the the the the", "the cat sat on the mat"),  # clipped counts
    ],
)
def test_sentence_bleu_edge_cases_match_sacrebleu(hyp, ref):
    metric = build_metric(MetricConfig(name="roundtrip.bleu"))
    computed = metric.compute([Segment("0", "d", ref, "-", bt=hyp)])
    expected = BLEU(effective_order=True).sentence_score(hyp, [ref]).score
    assert computed.sentence_scores[0] == pytest.approx(expected, abs=1e-9)


def worker_test_segments(n: int) -> list[Segment]:
    """Synthetic English round trips, with the Arabic MT and references above (numbered so
    that they differ) for the direct metrics."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    from synthetic import pairs

    hyps, refs = pairs(n, seed=5)
    return [
        Segment(str(i), "d", ref, f"{ARABIC[i % 2].mt} {i}", ref=f"{ARABIC[i % 2].ref} {i}", bt=hyp)
        for i, (hyp, ref) in enumerate(zip(hyps, refs))
    ]


def test_worker_processes_give_exactly_the_single_process_results():
    """Forced onto two workers, small data scores exactly as in one process, down to the
    results.json entry with sacrebleu's signature (which once failed for want of scoring)."""
    segments = worker_test_segments(600)
    configs = [MetricConfig(name=k) for k in ("roundtrip.bleu", "roundtrip.chrf", "roundtrip.ter")]
    configs += [
        MetricConfig(name="direct.chrf", options={"normalize": True}),
        MetricConfig(name="direct.bleu"),
    ]
    resampled = BootstrapConfig(resamples=100)
    one = score_dataset(segments, configs, resampled, RunContext(seed=1, workers=1, tgt_lang="ar"))
    two = score_dataset(segments, configs, resampled, RunContext(seed=1, workers=2, tgt_lang="ar"))
    assert list(one.outcomes) == list(two.outcomes) == [c.name for c in configs]
    for key, outcome in one.outcomes.items():
        np.testing.assert_array_equal(outcome.computed.stats, two.outcomes[key].computed.stats)
        np.testing.assert_array_equal(
            outcome.computed.sentence_scores, two.outcomes[key].computed.sentence_scores
        )
        assert outcome.to_result() == two.outcomes[key].to_result()
        assert outcome.to_result()["signature"] == sacrebleu_signature(key, configs)


def sacrebleu_signature(key: str, configs: list[MetricConfig]) -> str:
    options = next(c.options for c in configs if c.name == key)
    theirs = sacrebleu_for(key, options)
    theirs.corpus_score(
        ["Talks resumed."], [["The talks resumed."]]
    )  # sacrebleu signs after scoring
    text = theirs.get_signature().format()
    return (
        text + "|norm:ar:diacritics+tatweel+alef+hamza+yaa+taa+digits"
        if options.get("normalize")
        else text
    )


def test_the_signature_needs_no_scoring_first():
    """sacrebleu's signature is known before any segment is scored (workers score elsewhere)."""
    for key, options in CASES:
        theirs = sacrebleu_for(key, options)
        theirs.corpus_score(["Talks resumed."], [["The talks resumed."]])
        assert (
            build_metric(MetricConfig(name=key, options=options)).signature()
            == theirs.get_signature().format()
        )


@pytest.mark.parametrize("n_segments, workers", [(5000, 2), (100_000, 2), (600, 8), (7, 2)])
def test_chunks_cover_every_segment_once_in_order(n_segments, workers):
    bounds = chunk_bounds(n_segments, workers)
    assert bounds[0][0] == 0 and bounds[-1][1] == n_segments
    assert all(stop == start for (_, stop), (start, _) in pairwise(bounds))
    sizes = [stop - start for start, stop in bounds]
    assert max(sizes) - min(sizes) <= 1 and max(sizes) <= MAX_CHUNK
    assert (
        len(bounds) >= min(workers * CHUNKS_PER_WORKER, n_segments // MIN_CHUNK) or len(bounds) == 1
    )


def test_automatic_workers_count_idle_cores_and_a_request_is_taken_as_given():
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert 1 <= idle_cores() <= cores
    assert 1 <= auto_workers(1_000_000) <= min(cores, 8)
    assert auto_workers(2_000) == 1  # too few segments to pay for a second process
    assert auto_workers(10, requested=3) == 3


def test_statistics_are_compact_arrays():
    """int32 counts for BLEU and chrF, float64 [edits, length] for TER, float64 sentence scores:
    a few hundred bytes per segment for all three, however many segments there are."""
    segments = worker_test_segments(50)
    widths = {
        "roundtrip.bleu": (10, np.int32),
        "roundtrip.chrf": (24, np.int32),
        "roundtrip.ter": (2, np.float64),
    }
    for key, (width, dtype) in widths.items():
        computed = build_metric(MetricConfig(name=key)).compute(segments)
        assert computed.stats.shape == (50, width) and computed.stats.dtype == dtype
        assert isinstance(computed.sentence_scores, np.ndarray)
        assert computed.sentence_scores.shape == (50,)


def test_tokeniser_caches_are_emptied_after_scoring(sample):
    """sacrebleu's tokenisers keep up to 65,536 sentences each in process-wide caches; a
    metric that has scored leaves them empty (it tokenises every text once anyway)."""
    from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a
    from sacrebleu.tokenizers.tokenizer_re import TokenizerRegexp

    build_metric(MetricConfig(name="roundtrip.bleu")).compute(sample)
    assert Tokenizer13a.__call__.cache_info().currsize == 0
    assert TokenizerRegexp.__call__.cache_info().currsize == 0
