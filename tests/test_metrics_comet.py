"""COMET metrics on tiny checkpoints built at test time: COMET's numbers, cache, spans, CLI."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from tarjama.cache import Cache
from tarjama.context import RunContext
from tarjama.data import Segment
from tarjama.errors import ConfigError, ModelNotFoundError
from tarjama.flags import Flag
from tarjama.metrics import METRICS
from tarjama.metrics.comet import DEFAULT_COMET, spans_to_flags, trim_span

pytest.importorskip("comet")

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "news" / "istanbul-talks"


def sample_segments(with_ref: bool = False) -> list[Segment]:
    """The sample article's 12 paragraphs (the Arabic mt doubles as a stand-in ref)."""
    src, mt, bt = (
        (SAMPLE / name).read_text(encoding="utf-8").splitlines()
        for name in ("src.en.txt", "mt.ar.txt", "bt.en.txt")
    )
    return [
        Segment(id=str(i), doc_id="istanbul-talks", src=s, mt=m, bt=b, ref=m if with_ref else None)
        for i, (s, m, b) in enumerate(zip(src, mt, bt, strict=True))
    ]


class CountingModel:
    """A loaded COMET model behind the same `predict` interface, counting calls and samples."""

    def __init__(self, model):
        self.model = model
        self.calls: list[int] = []

    def predict(self, samples, **kwargs):
        self.calls.append(len(samples))
        return self.model.predict(samples, **kwargs)


@pytest.fixture(scope="module")
def loaded(tiny_comet_models):
    """COMET's own loader on each tiny checkpoint (the reference implementation)."""
    import comet

    return {
        kind: comet.load_from_checkpoint(
            str(folder / "checkpoints" / "model.ckpt"), local_files_only=True
        )
        for kind, folder in tiny_comet_models.items()
    }


# (metric key, tiny model kind, COMET sample built from a segment — written out independently)
MAPPINGS = [
    ("roundtrip.comet", "regression", lambda s: {"src": s.mt, "mt": s.bt, "ref": s.src}),
    ("direct.comet", "regression", lambda s: {"src": s.src, "mt": s.mt, "ref": s.ref}),
    ("qe.cometkiwi", "qe", lambda s: {"src": s.src, "mt": s.mt}),
    ("qe.xcomet", "xcomet", lambda s: {"src": s.src, "mt": s.mt}),
    ("direct.xcomet", "xcomet", lambda s: {"src": s.src, "mt": s.mt, "ref": s.ref}),
]


@pytest.mark.parametrize(("key", "kind", "to_sample"), MAPPINGS)
def test_scores_equal_comets_own_predict(key, kind, to_sample, tiny_comet_models, loaded):
    segments = sample_segments(with_ref=True)
    metric = METRICS.get(key)({"model": str(tiny_comet_models[kind]), "batch_size": 4})
    computed = metric.compute(segments)
    expected = loaded[kind].predict(
        [to_sample(s) for s in segments], batch_size=4, gpus=0, progress_bar=False
    )
    assert computed.sentence_scores == pytest.approx(expected.scores, abs=1e-6)
    assert metric.corpus_score(computed.stats) == pytest.approx(expected.system_score, abs=1e-6)
    assert computed.extras["model"]["comet_version"] == "2.2.7"


def test_order_is_kept_with_and_without_length_batching(tiny_comet_models, loaded):
    segments = sample_segments()
    shuffled = segments[7:] + segments[:7][::-1]
    folder = str(tiny_comet_models["regression"])
    by_id = {}
    for length_batching in (True, False):
        for order in (segments, shuffled):
            metric = METRICS.get("roundtrip.comet")(
                {"model": folder, "length_batching": length_batching, "batch_size": 3},
                comet_model=loaded["regression"],
            )
            scores = metric.compute(order).sentence_scores
            for seg, score in zip(order, scores, strict=True):
                by_id.setdefault(seg.id, []).append(score)
    for seg_id, scores in by_id.items():
        assert max(scores) - min(scores) < 1e-6, seg_id


def test_cache_and_dedupe_spare_the_model(tiny_comet_models, loaded, tmp_path):
    segments = sample_segments()
    segments = segments + [
        Segment(id="copy", doc_id="x", src=segments[0].src, mt=segments[0].mt, bt=segments[0].bt)
    ]
    options = {"model": str(tiny_comet_models["regression"])}
    first = CountingModel(loaded["regression"])
    with Cache(tmp_path / "cache.sqlite") as cache:
        scores = (
            METRICS.get("roundtrip.comet")(options, RunContext(cache=cache), comet_model=first)
            .compute(segments)
            .sentence_scores
        )
    assert first.calls == [12]  # 13 segments, 12 distinct triples, one predict call
    assert scores[-1] == scores[0]
    second = CountingModel(loaded["regression"])
    with Cache(tmp_path / "cache.sqlite") as cache:
        again = (
            METRICS.get("roundtrip.comet")(options, RunContext(cache=cache), comet_model=second)
            .compute(segments)
            .sentence_scores
        )
        assert (cache.hits, cache.misses) == (12, 0)  # the 12 distinct triples
    assert second.calls == []
    np.testing.assert_array_equal(again, scores)


class FailingModel(CountingModel):
    """Fails on its third `predict` call, as a run killed while scoring would stop."""

    def predict(self, samples, **kwargs):
        if len(self.calls) == 2:
            raise RuntimeError("stopped")
        return super().predict(samples, **kwargs)


def test_scoring_goes_in_chunks_each_cached_at_once(
    tiny_comet_models, loaded, tmp_path, monkeypatch
):
    monkeypatch.setattr("tarjama.metrics.neural.CHUNK_ITEMS", 5)
    segments = sample_segments()
    options = {"model": str(tiny_comet_models["regression"]), "batch_size": 4}
    with Cache(tmp_path / "cache.sqlite") as cache:
        failing = FailingModel(loaded["regression"])
        metric = METRICS.get("roundtrip.comet")(
            options, RunContext(cache=cache), comet_model=failing
        )
        with pytest.raises(RuntimeError, match="stopped"):
            metric.compute(segments)
        counting = CountingModel(loaded["regression"])
        metric = METRICS.get("roundtrip.comet")(
            options, RunContext(cache=cache), comet_model=counting
        )
        scores = metric.compute(segments).sentence_scores
    assert failing.calls == [5, 5] and counting.calls == [2]  # the first two chunks were kept
    expected = loaded["regression"].predict(
        [{"src": s.mt, "mt": s.bt, "ref": s.src} for s in segments],
        batch_size=4,
        gpus=0,
        progress_bar=False,
    )
    assert scores == pytest.approx(expected.scores, abs=1e-6)


def test_a_disabled_cache_scores_again(tiny_comet_models, loaded, tmp_path):
    options = {"model": str(tiny_comet_models["regression"])}
    counting = CountingModel(loaded["regression"])
    for _ in range(2):
        cache = Cache(tmp_path / "cache.sqlite", enabled=False)
        METRICS.get("roundtrip.comet")(
            options, RunContext(cache=cache), comet_model=counting
        ).compute(sample_segments()[:3])
    assert counting.calls == [3, 3]


def test_a_replaced_checkpoint_of_the_same_size_and_time_is_scored_again(
    tiny_comet_models, tiny_encoder, loaded, tmp_path
):
    from tests.fixtures.tiny_comet import build_tiny_comet

    folder = tmp_path / "comet"
    shutil.copytree(tiny_comet_models["regression"], folder)
    other = build_tiny_comet(tmp_path / "other", tiny_encoder, "regression", seed=1)
    checkpoint, replacement = (f / "checkpoints" / "model.ckpt" for f in (folder, other))
    assert checkpoint.stat().st_size == replacement.stat().st_size
    segments = sample_segments()[:3]
    with Cache(tmp_path / "cache.sqlite") as cache:
        first = (
            METRICS.get("roundtrip.comet")({"model": str(folder)}, RunContext(cache=cache))
            .compute(segments)
            .sentence_scores
        )
        before = checkpoint.stat()
        checkpoint.write_bytes(replacement.read_bytes())
        os.utime(checkpoint, ns=(before.st_atime_ns, before.st_mtime_ns))
        again = (
            METRICS.get("roundtrip.comet")({"model": str(folder)}, RunContext(cache=cache))
            .compute(segments)
            .sentence_scores
        )
    expected = METRICS.get("roundtrip.comet")({"model": str(other)}).compute(segments)
    assert again == pytest.approx(expected.sentence_scores, abs=1e-6)
    assert again != pytest.approx(first, abs=1e-6)


def test_a_moved_model_folder_keeps_its_cached_scores(tiny_comet_models, tmp_path, monkeypatch):
    folder = tmp_path / "comet"
    shutil.copytree(tiny_comet_models["regression"], folder)
    segments = sample_segments()[:3]
    with Cache(tmp_path / "cache.sqlite") as cache:
        first = (
            METRICS.get("roundtrip.comet")({"model": str(folder)}, RunContext(cache=cache))
            .compute(segments)
            .sentence_scores
        )
        shutil.move(folder, tmp_path / "moved")

        def no_loading(*args, **kwargs):
            raise AssertionError("a moved COMET model was scored again")

        monkeypatch.setattr("tarjama.metrics.comet.load_comet_model", no_loading)
        moved = METRICS.get("roundtrip.comet")(
            {"model": str(tmp_path / "moved")}, RunContext(cache=cache)
        )
        assert moved.compute(segments).sentence_scores.tolist() == first.tolist()


@pytest.fixture
def no_hf_cache(monkeypatch):
    """Nothing is in the local Hugging Face cache, and the hub is unreachable."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr("tarjama.models.hf_cache_snapshot", lambda model, revision: None)


@pytest.mark.parametrize(
    ("key", "model", "expected"),
    [
        ("roundtrip.comet", None, f"model '{DEFAULT_COMET}' is not available offline"),
        ("qe.cometkiwi", None, "'Unbabel/wmt22-cometkiwi-da' is licence-gated"),
        ("qe.xcomet", None, "'Unbabel/XCOMET-XL' is licence-gated"),
        ("roundtrip.comet", "Unbabel/wmt22-comet-da", "tarjama models pull Unbabel/wmt22-comet-da"),
    ],
)
def test_missing_model_fails_before_loading_with_a_clear_message(
    key, model, expected, tmp_path, no_hf_cache
):
    options = {"model": model} if model else {}
    metric = METRICS.get(key)(options, RunContext(models_dir=tmp_path / "models"))
    with pytest.raises(ModelNotFoundError, match="not available offline") as error:
        metric.compute(sample_segments()[:2])
    assert expected in str(error.value)
    assert metric._comet_model is None


@pytest.fixture
def hub_encoder_model(tiny_comet_models, tmp_path) -> Path:
    """The tiny regression model as the hub ships it: hparams name the encoder by hub id."""
    folder = tmp_path / "comet-hub-encoder"
    shutil.copytree(tiny_comet_models["regression"], folder)
    hparams = yaml.safe_load((folder / "hparams.yaml").read_text())
    (folder / "hparams.yaml").write_text(
        yaml.safe_dump({**hparams, "pretrained_model": "xlm-roberta-large"})
    )
    return folder


def test_encoder_by_hub_name_fails_fast_offline(hub_encoder_model, tmp_path, no_hf_cache):
    metric = METRICS.get("roundtrip.comet")(
        {"model": str(hub_encoder_model)}, RunContext(models_dir=tmp_path / "models")
    )
    with pytest.raises(ModelNotFoundError) as error:
        metric.compute(sample_segments()[:2])
    assert "encoder 'xlm-roberta-large'" in str(error.value)
    assert "option 'encoder'" in str(error.value)


def test_encoder_option_points_at_local_files(
    hub_encoder_model, tiny_encoder, tiny_comet_models, loaded, tmp_path, no_hf_cache
):
    segments = sample_segments()[:4]
    metric = METRICS.get("roundtrip.comet")(
        {"model": str(hub_encoder_model), "encoder": str(tiny_encoder)},
        RunContext(models_dir=tmp_path / "models"),
    )
    expected = loaded["regression"].predict(
        [{"src": s.mt, "mt": s.bt, "ref": s.src} for s in segments], gpus=0, progress_bar=False
    )
    assert metric.compute(segments).sentence_scores == pytest.approx(expected.scores, abs=1e-6)


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"device": "cuda:1"}, None),
        ({"device": "gpu"}, "unknown device 'gpu'"),
        ({"device": "cpu:0"}, "unknown device 'cpu:0'"),
        ({"precision": "int8"}, "option 'precision'"),
        ({"batch_size": 0}, "option 'batch_size'"),
        ({"batchsize": 8}, "unknown option 'batchsize' for metric roundtrip.comet"),
    ],
)
def test_options_are_validated(options, error):
    cls = METRICS.get("roundtrip.comet")
    if error is None:
        assert cls(options).options.device == options["device"]
        return
    with pytest.raises(ConfigError, match=error):
        cls(options)


def test_half_precision_on_cpu_is_a_config_error(tiny_comet_models):
    metric = METRICS.get("roundtrip.comet")(
        {"model": str(tiny_comet_models["regression"]), "precision": "float16", "device": "cpu"}
    )
    with pytest.raises(ConfigError, match="precision float16 needs a GPU"):
        metric.compute(sample_segments()[:2])


def test_a_model_without_spans_is_refused_for_xcomet(tiny_comet_models):
    metric = METRICS.get("qe.xcomet")({"model": str(tiny_comet_models["qe"])})
    with pytest.raises(ConfigError, match="reports no error spans"):
        metric.compute(sample_segments()[:2])


class Payload:
    """Pickled as a call to open(marker, "w"): a file appears if the pickle is ever run."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_a_checkpoint_carrying_a_pickle_is_refused_as_unsafe(cli, tiny_comet_models, tmp_path):
    import torch

    folder = tmp_path / "comet-unsafe"
    shutil.copytree(tiny_comet_models["regression"], folder)
    checkpoint = folder / "checkpoints" / "model.ckpt"
    content = torch.load(checkpoint, weights_only=True)
    marker = tmp_path / "the-pickle-ran"
    torch.save({**content, "extra": Payload(marker)}, checkpoint)
    suite = tmp_path / "suite.yaml"
    suite.write_text(
        yaml.safe_dump(
            {
                "name": "unsafe",
                "data": {
                    "src": str(SAMPLE / "src.en.txt"),
                    "mt": str(SAMPLE / "mt.ar.txt"),
                    "bt": str(SAMPLE / "bt.en.txt"),
                },
                "metrics": [{"name": "roundtrip.comet", "model": str(folder)}],
                "checks": [],
                "cache": {"enabled": False},
            }
        ),
        encoding="utf-8",
    )
    result = cli("run", suite, "--out", tmp_path / "run", "-q", "--no-store", "--report", "none")
    assert result.code == 2
    assert result.err.startswith(f"tarjama: error: {checkpoint}: refused as unsafe")
    assert len(result.err.strip().splitlines()) == 1
    assert not marker.exists()


# --- XCOMET spans → flags -------------------------------------------------------------------

MT = "تمكنت كييف وموسكو من الاتفاق"  # "Kyiv and Moscow managed to agree"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (6, 10, (6, 10)),  # "كييف" (Kyiv) as given
        (5, 10, (6, 10)),  # XLM-R offsets that include the space before the word
        (5, 11, (6, 10)),  # …and after it
        (0, 0, None),  # the <s> token
        (10, 11, None),  # only a space
        (21, 99, (21, 28)),  # past the end: clamped to "الاتفاق" (agreement)
        (-3, 5, (0, 5)),  # before the start: clamped to "تمكنت" (managed)
    ],
)
def test_trim_span(start, end, expected):
    assert trim_span(MT, start, end) == expected


def test_spans_become_mistranslation_flags_on_mt():
    segment = Segment(id="7", doc_id="d", src="Kyiv and Moscow managed to agree", mt=MT)
    spans = [
        {"start": 5, "end": 10, "severity": "major", "confidence": 0.81},
        {"start": 0, "end": 0, "severity": "minor", "confidence": 0.4},
        {"start": 18, "end": 28, "severity": "critical", "confidence": 0.5},
        {"start": 0, "end": 5, "severity": "weird", "confidence": 0.3},
    ]
    flags = spans_to_flags(segment, spans)
    assert [(f.span, f.text, f.severity) for f in flags] == [
        ((6, 10), "كييف", "major"),
        ((18, 28), "من الاتفاق", "critical"),
        ((0, 5), "تمكنت", "major"),
    ]
    assert {(f.id, f.category, f.check) for f in flags} == {("7", "mistranslation", "xcomet")}
    assert flags[0].message == "XCOMET marks a major error here (confidence 0.81)"


def test_tiny_xcomet_spans_match_comets_own_output(tiny_comet_models, loaded):
    segments = sample_segments()
    metric = METRICS.get("qe.xcomet")({"model": str(tiny_comet_models["xcomet"])})
    computed = metric.compute(segments)
    expected = loaded["xcomet"].predict(
        [{"src": s.src, "mt": s.mt} for s in segments], gpus=0, progress_bar=False
    )
    want = {
        seg.id: [(f.span, f.severity) for f in spans_to_flags(seg, spans)]
        for seg, spans in zip(segments, expected.metadata.error_spans, strict=True)
    }
    got = {
        seg.id: [(f.span, f.severity) for f in computed.flags.get(seg.id, [])] for seg in segments
    }
    assert got == want
    assert sum(len(v) for v in got.values()) > 0
    # COMET's offsets are code points into mt (not bytes): each span's own decoded tokens are
    # the text at those offsets, up to spacing.
    for seg, spans in zip(segments, expected.metadata.error_spans, strict=True):
        for span in spans:
            decoded = span["text"].replace("<s>", "").replace("</s>", "")
            assert "".join(decoded.split()) == "".join(seg.mt[span["start"] : span["end"]].split())
    by_id = {seg.id: seg for seg in segments}
    for seg_id, flags in computed.flags.items():
        for flag in flags:
            start, end = flag.span
            assert flag.text == by_id[seg_id].mt[start:end] and flag.text.strip() == flag.text


# --- end to end through the CLI -------------------------------------------------------------


def write_suite(tmp_path: Path, models: dict[str, Path], lexical: str) -> Path:
    suite = {
        "name": "tiny-comet",
        "include": str(REPO / "evals" / "_defaults.yaml"),
        "data": {
            "src": str(SAMPLE / "src.en.txt"),
            "mt": str(SAMPLE / "mt.ar.txt"),
            "bt": str(SAMPLE / "bt.en.txt"),
            "doc_id": "istanbul-talks",
        },
        "metrics": [
            lexical,
            {"name": "roundtrip.comet", "model": str(models["regression"])},
            {"name": "direct.comet", "model": str(models["regression"])},
            {"name": "qe.cometkiwi", "model": str(models["qe"])},
            {"name": "qe.xcomet", "model": str(models["xcomet"])},
        ],
        "bootstrap": {"resamples": 100},
        "cache": {"path": str(tmp_path / "cache.sqlite")},
    }
    path = tmp_path / f"suite-{lexical}.yaml"
    path.write_text(yaml.safe_dump(suite), encoding="utf-8")
    return path


def test_run_end_to_end_and_a_rerun_does_not_call_comet(
    cli, tiny_comet_models, tmp_path, monkeypatch
):
    first = cli(
        "run",
        write_suite(tmp_path, tiny_comet_models, "roundtrip.bleu"),
        "--out",
        tmp_path / "run1",
        "-q",
        "--no-store",
        "--report",
        "none",
    )
    assert first.code == 0, first.err
    results = json.loads((tmp_path / "run1" / "results.json").read_text())
    for key in ("roundtrip.comet", "qe.cometkiwi", "qe.xcomet"):
        entry = results["metrics"][key]
        assert entry["ci95"][0] <= entry["score"] <= entry["ci95"][1]
        assert entry["signature"].startswith(f"model:{tiny_comet_models[key_kind(key)]}@sha256:")
        assert results["signature"]["models"][key]["precision"] == "float32"
    assert "direct.comet" in results["skipped_metrics"]
    rows = [json.loads(line) for line in (tmp_path / "run1" / "segments.jsonl").open()]
    xcomet_flags = [
        Flag.from_dict(f) for row in rows for f in row["flags"] if f.get("check") == "xcomet"
    ]
    assert xcomet_flags
    assert results["checks"]["counts"]["mistranslation"] >= len(xcomet_flags)

    def no_loading(*args, **kwargs):
        raise AssertionError("COMET was loaded on a cached re-run")

    monkeypatch.setattr("tarjama.metrics.comet.load_comet_model", no_loading)
    second = cli(
        "run",
        write_suite(tmp_path, tiny_comet_models, "roundtrip.chrf"),
        "--out",
        tmp_path / "run2",
        "-q",
        "--no-store",
        "--report",
        "none",
    )
    assert second.code == 0, second.err
    again = json.loads((tmp_path / "run2" / "results.json").read_text())
    for key in ("roundtrip.comet", "qe.cometkiwi", "qe.xcomet"):
        assert again["metrics"][key]["score"] == results["metrics"][key]["score"]
    # The device a score was computed on is the resolved one, on the cached re-run too.
    assert again["signature"]["models"] == results["signature"]["models"]
    assert results["signature"]["models"]["roundtrip.comet"]["device"] in ("cpu", "cuda")


def key_kind(key: str) -> str:
    return {"roundtrip.comet": "regression", "qe.cometkiwi": "qe", "qe.xcomet": "xcomet"}[key]


# --- real checkpoints (skipped unless present locally) --------------------------------------


def local_or_skip(model: str) -> None:
    """Skip unless `model` and its encoder's tokenizer and config are on this machine."""
    from tarjama.metrics.comet import read_hparams, resolve_encoder
    from tarjama.models import resolve_model

    try:
        folder = resolve_model(model, allow_download=False).path
        resolve_encoder(read_hparams(folder)["pretrained_model"], folder, None)
    except Exception as exc:  # noqa: BLE001 — any failure means "not here"
        pytest.skip(f"{model} not available locally ({type(exc).__name__})")


SRC_EN = "Russia and Ukraine agreed to exchange 1,000 prisoners of war each."
MT_AR = "اتفقت روسيا وأوكرانيا على تبادل ألف أسير حرب لكل منهما."  # the same sentence in Arabic
WRONG_AR = "الطقس بارد جدا في أوسلو هذا الأسبوع."  # "The weather is very cold in Oslo this week."


@pytest.mark.real_model
def test_real_wmt22_comet_prefers_a_faithful_round_trip():
    local_or_skip(DEFAULT_COMET)
    faithful = Segment(id="a", doc_id="d", src=SRC_EN, mt=MT_AR, bt=SRC_EN)
    unrelated = Segment(
        id="b", doc_id="d", src=SRC_EN, mt=MT_AR, bt="The weather was cold in Oslo."
    )
    scores = METRICS.get("roundtrip.comet")({}).compute([faithful, unrelated]).sentence_scores
    assert scores[0] > scores[1]


@pytest.mark.real_model
@pytest.mark.parametrize(
    ("key", "model"),
    [("qe.cometkiwi", "Unbabel/wmt22-cometkiwi-da"), ("qe.xcomet", "Unbabel/XCOMET-XL")],
)
def test_real_qe_prefers_the_right_translation(key, model):
    local_or_skip(model)
    right = Segment(id="a", doc_id="d", src=SRC_EN, mt=MT_AR)
    wrong = Segment(id="b", doc_id="d", src=SRC_EN, mt=WRONG_AR)
    scores = METRICS.get(key)({"model": model}).compute([right, wrong]).sentence_scores
    assert scores[0] > scores[1]
