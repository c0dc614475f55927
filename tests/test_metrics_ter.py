"""The compiled TER (tarjama.metrics.ter): per-segment edits and reference lengths identical to
sacrebleu's TER, on the same kinds of cases as sacrebleu's own TER tests, on every option, on
seeded random text, and on long, lopsided and empty segments."""

from __future__ import annotations

import random
import subprocess
import sys

import numpy as np
import pytest
from sacrebleu.metrics import TER, lib_ter

from tarjama.config import BootstrapConfig, MetricConfig
from tarjama.context import RunContext
from tarjama.data import Segment
from tarjama.metrics import ter as compiled
from tarjama.metrics.lexical import COMPILED_FROM
from tarjama.metrics.runner import score_dataset


def sacrebleu_statistics(hyps, refs, **options) -> np.ndarray:
    return np.asarray(TER(**options)._extract_corpus_statistics(hyps, [refs]), dtype=np.float64)


def compiled_statistics(hyps, refs, **options) -> np.ndarray:
    return compiled.ter_statistics(hyps, refs, TER(**options).tokenizer)


def test_search_limits_and_costs_are_sacrebleus():
    assert (compiled.COST_INS, compiled.COST_DEL, compiled.COST_SUB) == (
        lib_ter._COST_INS,
        lib_ter._COST_DEL,
        lib_ter._COST_SUB,
    )
    assert (compiled.MAX_SHIFT_SIZE, compiled.MAX_SHIFT_DIST, compiled.BEAM_WIDTH) == (
        lib_ter._MAX_SHIFT_SIZE,
        lib_ter._MAX_SHIFT_DIST,
        lib_ter._BEAM_WIDTH,
    )
    assert compiled.MAX_SHIFT_CANDIDATES == lib_ter._MAX_SHIFT_CANDIDATES
    assert compiled.INT_INFINITY == lib_ter._INT_INFINITY


# (hyp, ref, edits, reference words): the kinds of case sacrebleu's own TER tests use
# (identical, no overlap, empty hypothesis, one shift that fixes all, a realistic pair).
CASES = [
    ("The talks ended on Friday", "The talks ended on Friday", 0, 5),
    ("prisoners were exchanged", "talks ended early", 3, 3),
    ("", "Kyiv", 1, 1),
    ("on Friday the talks ended", "the talks ended on Friday", 1, 5),
    (
        (
            "Kyiv and Moscow agreed to swap 1000 prisoners of war each , according to the heads of "
            "both delegations , in what will be the largest such exchange"
        ),
        (
            "Kyiv and Moscow agreed to exchange 1,000 prisoners of war each, the heads of both "
            "delegations said, in what would be the biggest swap of its kind"
        ),
        13,
        27,
    ),
    ("Talks", "", 1, 0),  # empty reference: every hypothesis word is an edit
    ("", "", 0, 0),  # both empty
    ("   ", "the talks  ", 2, 2),  # whitespace only; trailing spaces are stripped
]


@pytest.mark.parametrize("hyp, ref, edits, ref_words", CASES)
def test_table_of_cases_equals_sacrebleu(hyp, ref, edits, ref_words):
    expected = np.array([[edits, ref_words]], dtype=np.float64)
    np.testing.assert_array_equal(sacrebleu_statistics([hyp], [ref]), expected)
    np.testing.assert_array_equal(compiled_statistics([hyp], [ref]), expected)


# Text that every tokeniser option changes: case, punctuation, XML escapes, a possessive,
# digits with separators, CJK, full-width punctuation, and Arabic: "وصل الوفد إلى إسطنبول يوم
# الجمعة" ("the delegation arrived in Istanbul on Friday").
OPTION_TEXTS = [
    (
        "Putin's envoy said: &quot;No ceasefire&quot; (for now), 1,000.5 km away!",
        'putin\'s envoy said "no ceasefire" for now - 1,000.5 km away.',
    ),
    (
        "The U.N. met in Geneva; talks resumed at 10:30.",
        "talks resumed at 10:30 , the UN met in Geneva",
    ),
    ("会谈在伊斯坦布尔举行。双方交换了战俘！", "双方交换了战俘，会谈在伊斯坦布尔举行。"),
    ("東京で会談が行われた、ＵＮ代表も出席（金曜日）", "ＵＮ代表も出席した。東京で会談（金曜日）"),
    ("وصل الوفد إلى إسطنبول يوم الجمعة.", "وصل الوفد يوم الجمعة إلى إسطنبول"),
    ("Line one\n-continued &amp; done &lt;ok&gt;", "line one continued & done <ok>"),
]
OPTIONS = [
    {},
    {"case_sensitive": True},
    {"normalized": True},
    {"no_punct": True},
    {"normalized": True, "asian_support": True},
    {"no_punct": True, "asian_support": True},
    {"normalized": True, "no_punct": True, "asian_support": True, "case_sensitive": True},
]


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(o) or "default")
def test_every_tokeniser_option_equals_sacrebleu(options):
    hyps, refs = [h for h, _ in OPTION_TEXTS], [r for _, r in OPTION_TEXTS]
    np.testing.assert_array_equal(
        compiled_statistics(hyps, refs, **options), sacrebleu_statistics(hyps, refs, **options)
    )


def random_pairs(n: int, seed: int) -> tuple[list[str], list[str]]:
    """References over small vocabularies (so words repeat and shifts compete), hypotheses
    made from them by moving blocks and substituting, inserting and deleting words."""
    rng = random.Random(seed)
    hyps, refs = [], []
    for _ in range(n):
        vocab = [f"w{i}" for i in range(rng.choice([3, 8, 30, 300]))]
        ref = [rng.choice(vocab) for _ in range(rng.choice([0, 1, 3, 12, 24, rng.randint(0, 40)]))]
        hyp = list(ref)
        for _ in range(rng.randint(0, 3) if hyp else 0):
            start, length = rng.randrange(len(hyp)), rng.randint(1, 6)
            block = hyp[start : start + length]
            del hyp[start : start + length]
            at = rng.randint(0, len(hyp))
            hyp[at:at] = block
        for _ in range(rng.randint(0, 6)):
            at = rng.randint(0, len(hyp))
            roll = rng.random()
            if roll < 0.4:
                hyp.insert(at, rng.choice(vocab))
            elif at < len(hyp):
                if roll < 0.7:
                    hyp[at] = rng.choice(vocab)
                else:
                    del hyp[at]
        if rng.random() < 0.1:
            hyp = [rng.choice(vocab) for _ in range(rng.randint(0, 40))]  # unrelated
        hyps.append(" ".join(hyp))
        refs.append(" ".join(ref))
    return hyps, refs


@pytest.mark.parametrize("seed", [1, 2])
def test_random_text_equals_sacrebleu_segment_by_segment(seed):
    hyps, refs = random_pairs(150, seed)
    np.testing.assert_array_equal(compiled_statistics(hyps, refs), sacrebleu_statistics(hyps, refs))


def long_cases() -> list[tuple[str, str]]:
    """A 300-word segment with 7-word blocks moved within and beyond the shift distance, and
    lopsided lengths (6 words against 240, both ways) that widen the beam."""
    rng = random.Random(7)
    words = [f"w{rng.randrange(400)}" for _ in range(300)]
    moved = list(words)
    for start, to in ((40, 75), (200, 120), (150, 290)):
        block = moved[start : start + 7]
        del moved[start : start + 7]
        moved[to:to] = block
    short = [f"w{i}" for i in range(6)]
    return [
        (" ".join(moved), " ".join(words)),
        (" ".join(short), " ".join(words[:240])),
        (" ".join(words[:240]), " ".join(short)),
    ]


def test_long_and_lopsided_segments_equal_sacrebleu():
    hyps, refs = map(list, zip(*long_cases()))
    np.testing.assert_array_equal(compiled_statistics(hyps, refs), sacrebleu_statistics(hyps, refs))


def limit_cases() -> list[tuple[str, str, str, str, int]]:
    """(name, hyp, ref, sacrebleu constant, another value of it): segments whose edits each
    limit decides, so that a search with another limit would count differently."""
    words = [f"u{i}" for i in range(70)]
    junk = [f"x{i}" for i in range(25)]
    rng = random.Random(4)
    coin_hyp, coin_ref = rng.choices("ab", k=36), rng.choices("ab", k=36)
    cases = [
        (
            "10-word shift",
            words[:5] + words[15:35] + words[5:15] + words[35:40],
            words[:40],
            "_MAX_SHIFT_SIZE",
            9,
        ),
        ("shift over 50 words", words[3:53] + words[:3] + words[53:], words, "_MAX_SHIFT_DIST", 49),
        ("path 25 below the diagonal", junk + words[:35], words[:60], "_BEAM_WIDTH", 24),
        ("path 25 above the diagonal", words[25:60] + junk, words[:60], "_BEAM_WIDTH", 26),
        ("1,000 candidates", coin_hyp, coin_ref, "_MAX_SHIFT_CANDIDATES", 900),
    ]
    return [
        (name, " ".join(hyp), " ".join(ref), constant, other)
        for name, hyp, ref, constant, other in cases
    ]


@pytest.mark.parametrize(
    "name, hyp, ref, constant, other", limit_cases(), ids=[case[0] for case in limit_cases()]
)
def test_each_search_limit_decides_a_case_as_in_sacrebleu(
    name, hyp, ref, constant, other, monkeypatch
):
    expected = sacrebleu_statistics([hyp], [ref])
    np.testing.assert_array_equal(compiled_statistics([hyp], [ref]), expected)
    monkeypatch.setattr(lib_ter, constant, other)  # the case has power: the limit matters
    assert not np.array_equal(sacrebleu_statistics([hyp], [ref]), expected)


def test_chunks_of_many_segments_equal_one_call():
    hyps, refs = random_pairs(compiled.CHUNK_SEGMENTS + 37, 3)
    whole = compiled_statistics(hyps, refs)
    parts = np.concatenate(
        [compiled_statistics(hyps[:500], refs[:500]), compiled_statistics(hyps[500:], refs[500:])]
    )
    np.testing.assert_array_equal(whole, parts)


def test_roundtrip_ter_uses_the_compiled_search_and_keeps_sacrebleus_numbers():
    """Enough segments for the compiled path: the corpus score, sentence scores and
    signature are sacrebleu's own."""
    hyps, refs = random_pairs(COMPILED_FROM * 2, 4)
    segments = [
        Segment(str(i), "d", ref, "-", bt=hyp) for i, (hyp, ref) in enumerate(zip(hyps, refs))
    ]
    options = {"normalized": True, "case_sensitive": True}
    report = score_dataset(
        segments,
        [MetricConfig(name="roundtrip.ter", options=options)],
        BootstrapConfig(resamples=0),
        RunContext(seed=1),
    )
    outcome = report.outcomes["roundtrip.ter"]
    theirs = TER(**options)
    stats = theirs._extract_corpus_statistics(hyps, [refs])
    assert outcome.score == theirs._aggregate_and_compute(stats).score
    assert outcome.metric.signature() == theirs.get_signature().format()
    expected = [theirs._compute_score_from_stats(row).score for row in stats]
    np.testing.assert_array_equal(outcome.computed.sentence_scores, expected)


def test_numba_is_imported_only_when_the_compiled_search_runs():
    """Importing tarjama, and TER on a few segments (sacrebleu's own search), load no numba."""
    code = (
        "import sys; from tarjama.config import MetricConfig; "
        "from tarjama.data import Segment; from tarjama.metrics import build_metric; "
        "import tarjama.cli; "
        "segments = [Segment(str(i), 'd', 'the talks ended', '-', bt='talks ended') "
        "for i in range(3)]; "
        "build_metric(MetricConfig(name='roundtrip.ter')).compute(segments); "
        "print('numba' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
