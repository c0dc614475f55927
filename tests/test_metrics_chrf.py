"""The compiled chrF counting (tarjama.metrics.chrf): per-segment statistics identical to
sacrebleu's chrF and chrF++ on a table of edge cases, on every option, on seeded random text
in many scripts, and through the metric on enough segments to take the compiled path."""

from __future__ import annotations

import random

import numpy as np
import pytest
from sacrebleu.metrics import CHRF

from tarjama.config import BootstrapConfig, MetricConfig
from tarjama.context import RunContext
from tarjama.data import Segment
from tarjama.metrics import chrf as compiled
from tarjama.metrics.lexical import COMPILED_FROM
from tarjama.metrics.runner import score_dataset


def sacrebleu_statistics(hyps, refs, **options) -> np.ndarray:
    return np.asarray(CHRF(**options)._extract_corpus_statistics(hyps, [refs]), dtype=np.int64)


def compiled_statistics(hyps, refs, **options) -> np.ndarray:
    return compiled.chrf_statistics(hyps, refs, CHRF(**options)).astype(np.int64)


# (hyp, ref, chrF statistics with char_order 2 and word_order 1: [hyp, ref, match] per order)
CASES = [
    ("ab ab", "abab", [4, 4, 4, 3, 3, 3, 2, 1, 0]),  # whitespace removed for characters only
    ("aaa", "aa", [3, 2, 2, 2, 1, 1, 1, 1, 0]),  # matches clipped at the reference count
    ("", "talks", [0, 5, 0, 0, 4, 0, 0, 1, 0]),
    ("talks", "", [0, 0, 0, 0, 0, 0, 0, 0, 0]),  # no reference n-grams: hyp counts 0
    ("a", "ab", [1, 2, 1, 0, 1, 0, 1, 1, 0]),
    ("", "", [0] * 9),
    ("Hi, there.", "hi there", [9, 7, 6, 8, 6, 4, 4, 2, 1]),  # case and punctuation matter
]


@pytest.mark.parametrize("hyp, ref, expected", CASES)
def test_table_of_cases_equals_sacrebleu(hyp, ref, expected):
    options = {"char_order": 2, "word_order": 1}
    np.testing.assert_array_equal(sacrebleu_statistics([hyp], [ref], **options), [expected])
    np.testing.assert_array_equal(compiled_statistics([hyp], [ref], **options), [expected])


# Punctuation chrF++ splits off words, case, tabs and non-breaking spaces, CJK, combining
# marks, characters outside the BMP, and Arabic: "وصل الوفد إلى إسطنبول يوم الجمعة" ("the
# delegation arrived in Istanbul on Friday").
OPTION_TEXTS = [
    (
        'Putin\'s envoy said: "No ceasefire" (for now), 1,000.5 km away!',
        'putin\'s envoy said "no ceasefire" for now - 1,000.5 km away.',
    ),
    (
        "The U.N. met\tin Geneva;\u00a0talks resumed at 10:30.",
        "talks resumed at 10:30 , the UN met in Geneva",
    ),
    ("会谈在伊斯坦布尔举行。双方交换了战俘！", "双方交换了战俘，会谈在伊斯坦布尔举行。"),
    ("Cafe\u0301 ÉCOLE 𝒳 😀😀 (hi)", "café école 𝒳 😀 hi)"),
    ("وصل الوفد إلى إسطنبول يوم الجمعة.", "وصل الوفد يوم الجمعة إلى إسطنبول"),
    (". . .", "..."),
]
OPTIONS = [
    {},
    {"word_order": 2},
    {"word_order": 2, "lowercase": True},
    {"whitespace": True},
    {"char_order": 1, "word_order": 4, "whitespace": True, "lowercase": True},
    {"char_order": 9, "beta": 1, "eps_smoothing": True},
]


def option_id(options: dict) -> str:
    return ",".join(f"{key}={value}" for key, value in options.items()) or "default"


@pytest.mark.parametrize("options", OPTIONS, ids=option_id)
def test_every_option_equals_sacrebleu(options):
    hyps, refs = [h for h, _ in OPTION_TEXTS], [r for _, r in OPTION_TEXTS]
    np.testing.assert_array_equal(
        compiled_statistics(hyps, refs, **options), sacrebleu_statistics(hyps, refs, **options)
    )


ALPHABETS = [
    "ab",
    "abcdefgh",
    "the talks ended on Friday",
    "وصل الوفد إلى إسطنبول",
    "会谈在伊斯坦布尔举行",
    ".,;!? ()\"'",
]


def random_text(rng: random.Random, alphabet: str) -> str:
    length = rng.choice([0, 1, 2, 5, 40, 300, rng.randint(0, 80)])
    return "".join(rng.choice(alphabet + "  ") for _ in range(length))


def random_pairs(n: int, seed: int) -> tuple[list[str], list[str]]:
    """Pairs over small alphabets (so n-grams repeat and clipping matters), the hypothesis
    often an edited copy of the reference."""
    rng = random.Random(seed)
    hyps, refs = [], []
    for _ in range(n):
        alphabet = rng.choice(ALPHABETS)
        ref = random_text(rng, alphabet)
        hyp = list(ref)
        for _ in range(rng.randint(0, 8)):
            at = rng.randint(0, len(hyp))
            hyp[at : at + rng.randint(0, 3)] = rng.choice(alphabet) * rng.randint(0, 2)
        refs.append(ref)
        hyps.append("".join(hyp) if rng.random() < 0.9 else random_text(rng, alphabet))
    return hyps, refs


@pytest.mark.parametrize("options", [{}, {"word_order": 2}, {"word_order": 2, "whitespace": True}])
def test_random_text_equals_sacrebleu(options):
    hyps, refs = random_pairs(600, seed=3)
    np.testing.assert_array_equal(
        compiled_statistics(hyps, refs, **options), sacrebleu_statistics(hyps, refs, **options)
    )


def test_chunks_concatenate_to_the_whole(monkeypatch):
    hyps, refs = random_pairs(100, seed=5)
    whole = compiled_statistics(hyps, refs, word_order=2)
    monkeypatch.setattr(compiled, "CHUNK_SEGMENTS", 7)
    np.testing.assert_array_equal(compiled_statistics(hyps, refs, word_order=2), whole)


def test_roundtrip_chrf_uses_the_compiled_counting_and_keeps_sacrebleus_numbers():
    """Enough segments for the compiled path: the corpus score, sentence scores and
    signature are sacrebleu's own."""
    hyps, refs = random_pairs(COMPILED_FROM * 2, 4)
    segments = [
        Segment(str(i), "d", ref, "-", bt=hyp)
        for i, (hyp, ref) in enumerate(zip(hyps, refs, strict=True))
    ]
    options = {"word_order": 2, "lowercase": True}
    report = score_dataset(
        segments,
        [MetricConfig(name="roundtrip.chrf", options=options)],
        BootstrapConfig(resamples=0),
        RunContext(seed=1),
    )
    outcome = report.outcomes["roundtrip.chrf"]
    theirs = CHRF(**options)
    stats = theirs._extract_corpus_statistics(hyps, [refs])
    assert outcome.score == theirs._aggregate_and_compute(stats).score
    assert outcome.metric.signature() == theirs.get_signature().format()
    expected = [theirs._compute_score_from_stats(row).score for row in stats]
    np.testing.assert_allclose(outcome.computed.sentence_scores, expected, rtol=1e-12, atol=1e-12)
