"""The `ct2` engine (CTranslate2) on the tiny Marian and M2M100 models built at test time:
conversion into the model store, outputs identical to the `hf` engine, cache keys, offline."""

from __future__ import annotations

import json
import shutil
import socket
import sys
from pathlib import Path

import pytest

from tarjama.cache import Cache
from tarjama.config import BacktranslationConfig
from tarjama.context import RunContext
from tarjama.errors import ConfigError, MissingExtraError, ModelNotFoundError
from tarjama.translate.ct2 import Ct2Engine
from tarjama.translate.ct2_model import CONVERTED_DIR, MANIFEST
from tarjama.translate.hf import HfEngine
from tests.fixtures.tiny_translation import edited_marian, update_generation_config

pytest.importorskip("torch")
ctranslate2 = pytest.importorskip("ctranslate2")

SAMPLE_MT = Path(__file__).resolve().parents[1] / "data" / "news" / "istanbul-talks" / "mt.ar.txt"


def sample_texts() -> list[str]:
    """The article's 12 Arabic paragraphs (two longer than the tiny models' 128-token limit)
    and their first clauses."""
    paragraphs = SAMPLE_MT.read_text(encoding="utf-8").splitlines()
    return paragraphs + [p.split("،")[0] for p in paragraphs]


def make_ct2(model: Path, store: Path, cache: Cache | None = None, **settings) -> Ct2Engine:
    options = {"num_beams": 1, "quantization": "float32", "intra_threads": 1, **settings}
    config = BacktranslationConfig(engine="ct2", model=str(model), **options)
    return Ct2Engine(config, RunContext(cache=cache, models_dir=store, show_progress=False))


def make_hf(model: Path, cache: Cache | None = None, **settings) -> HfEngine:
    options = {"num_beams": 1, "threads": 1, **settings}
    config = BacktranslationConfig(engine="hf", model=str(model), **options)
    return HfEngine(config, RunContext(cache=cache, show_progress=False))


def converted(store: Path) -> list[Path]:
    return sorted((store / CONVERTED_DIR).glob(f"*/{MANIFEST}"))


# --- outputs -------------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["marian", "m2m100"])
@pytest.mark.parametrize("max_new_tokens", [None, 12])
def test_float32_greedy_outputs_equal_hf(model, max_new_tokens, request, tmp_path):
    """Same token ids in, same length limits (the 2n+10 default budget, OPUS-MT's forced end
    token, M2M100's forced language token): the same texts out, long paragraphs included."""
    folder = request.getfixturevalue(f"tiny_{model}")
    texts = sample_texts()
    ct2 = make_ct2(folder, tmp_path / "store", max_new_tokens=max_new_tokens)
    outputs = ct2.translate(texts)
    assert outputs == make_hf(folder, max_new_tokens=max_new_tokens).translate(texts)
    assert len(set(outputs)) > len(texts) // 2  # outputs differ, so order is really tested
    assert ct2.stats["split_segments"] >= 1  # the long paragraphs went through the splitter


def ending_copy(model: Path, folder: Path, early_stopping: bool) -> Path:
    """A copy of the tiny Marian whose end token competes with the others (a bias on its
    logit), so that translations end at different steps, some at once, as a trained model's
    do; `early_stopping` goes into its generation config."""

    def favour_the_end(marian) -> None:
        marian.final_logits_bias[0, marian.config.eos_token_id] = 15.0

    edited_marian(model, folder, favour_the_end)
    update_generation_config(folder, early_stopping=early_stopping)
    return folder


@pytest.mark.parametrize("num_beams", [1, 4])
def test_outputs_that_end_early_equal_hf(num_beams, tiny_marian, tmp_path):
    """Translations that end before their budget, empty ones included, are those of `hf`,
    with beam search too when the checkpoint stops early (CTranslate2's only stopping rule)."""
    folder = ending_copy(tiny_marian, tmp_path / "model", early_stopping=True)
    texts = sample_texts()
    outputs = make_ct2(folder, tmp_path / "store", num_beams=num_beams).translate(texts)
    assert outputs == make_hf(folder, num_beams=num_beams).translate(texts)
    assert "" in outputs and len(set(map(len, outputs))) > len(texts) // 2


def test_beam_search_differs_without_early_stopping(tiny_marian, tmp_path):
    """The documented difference (docs/engines.md): transformers' default beam search goes on
    after num_beams hypotheses have finished, CTranslate2's does not."""
    folder = ending_copy(tiny_marian, tmp_path / "model", early_stopping=False)
    texts = sample_texts()
    outputs = make_ct2(folder, tmp_path / "store", num_beams=4).translate(texts)
    assert outputs != make_hf(folder, num_beams=4).translate(texts)


@pytest.mark.parametrize("model", ["marian", "m2m100"])
def test_token_tables_convert_as_the_tokenizer_does(model, request, tmp_path):
    """The backend's id ↔ token tables, read once, give the tokenizer's own conversions for
    every id (M2M100's language codes included), and fall back to it for what they lack."""
    backend = make_ct2(request.getfixturevalue(f"tiny_{model}"), tmp_path / "store").backend
    tokenizer = backend.tokenizer
    every_id = list(range(len(tokenizer)))
    assert backend.to_tokens(every_id) == tokenizer.convert_ids_to_tokens(every_id)
    pieces = tokenizer.convert_ids_to_tokens(every_id)
    assert backend.to_ids(pieces) == tokenizer.convert_tokens_to_ids(pieces)
    unknown = [pieces[5], "▁نصٌّ-لا-يعرفه-المعجم"]  # "a text the vocabulary does not know"
    assert backend.to_ids(unknown) == tokenizer.convert_tokens_to_ids(unknown)
    assert backend.to_ids(unknown)[1] == tokenizer.unk_token_id


def test_batched_equals_one_at_a_time(tiny_marian, tmp_path):
    engine = make_ct2(tiny_marian, tmp_path / "store", num_beams=4, batch_size=3)
    texts = sample_texts()
    batched = engine.translate_uncached(texts)
    assert 1 < engine.stats["model_calls"] < len(texts)
    assert batched == [engine.translate_uncached([text])[0] for text in texts]


def test_describe_signs_engine_quantization_and_version(tiny_marian, tmp_path):
    info = make_ct2(tiny_marian, tmp_path / "store", quantization="int8").describe()
    assert info["engine"] == "ct2" and info["model"] == str(tiny_marian)
    assert info["generation"]["quantization"] == "int8" and info["quantization"] == "int8"
    assert info["ctranslate2"] == ctranslate2.__version__
    assert info["device"] == "cpu" and len(info["files_sha256"]) == 64


# --- the converted model in the store ------------------------------------------------------


def test_converted_once_with_a_manifest(tiny_marian, tmp_path):
    store = tmp_path / "store"
    first = make_ct2(tiny_marian, store)
    first.translate(["سلام"])  # "peace"
    (manifest_path,) = converted(store)
    manifest = json.loads(manifest_path.read_text())
    assert manifest["files_sha256"] == first.resolved.files_sha256
    assert manifest["ctranslate2"] == ctranslate2.__version__
    assert manifest["quantization"] == "float32" and manifest["model"] == str(tiny_marian)
    weights = manifest_path.parent / "model.bin"
    inode = weights.stat().st_ino
    make_ct2(tiny_marian, store).translate(["حرب"])  # "war": a new engine, the same conversion
    assert weights.stat().st_ino == inode and converted(store) == [manifest_path]


def fine_tuned_copy(model: Path, folder: Path) -> Path:
    """A copy of the tiny Marian whose decoder start row (<pad>) is no longer zero, as after
    fine-tuning with transformers (the row is tied to the output layer)."""

    def move_the_start_row(marian) -> None:
        marian.get_decoder().embed_tokens.weight[marian.config.decoder_start_token_id] = 0.5

    return edited_marian(model, folder, move_the_start_row)


def test_a_start_embedding_off_zero_is_recorded_and_warned_about(tiny_marian, tmp_path, caplog):
    """CTranslate2 starts Marian decoders from zeros, transformers from the <pad> row: a
    checkpoint whose row moved translates differently, and the engine says so."""
    tuned = fine_tuned_copy(tiny_marian, tmp_path / "tuned")
    store, texts = tmp_path / "store", sample_texts()
    with caplog.at_level("WARNING", logger="tarjama.translate.ct2_model"):
        outputs = make_ct2(tuned, store).translate(texts)
    assert outputs != make_hf(tuned).translate(texts)
    (manifest_path,) = converted(store)
    assert json.loads(manifest_path.read_text())["start_embedding"] == "non-zero"
    (record,) = [r for r in caplog.records if r.name == "tarjama.translate.ct2_model"]
    assert "start embedding (<pad>) is not zero" in record.getMessage()
    assert str(tuned) in record.getMessage()
    caplog.clear()
    make_ct2(tiny_marian, tmp_path / "store2").translate(texts)
    (manifest_path,) = converted(tmp_path / "store2")
    assert json.loads(manifest_path.read_text())["start_embedding"] == "zero"
    assert not [r for r in caplog.records if r.name == "tarjama.translate.ct2_model"]


def test_a_stale_manifest_is_converted_again(tiny_marian, tmp_path):
    store = tmp_path / "store"
    make_ct2(tiny_marian, store).translate(["سلام"])  # "peace"
    (manifest_path,) = converted(store)
    manifest = json.loads(manifest_path.read_text())
    manifest_path.write_text(json.dumps({**manifest, "ctranslate2": "0.0.1"}))
    inode = (manifest_path.parent / "model.bin").stat().st_ino
    make_ct2(tiny_marian, store).translate(["حرب"])  # "war"
    assert json.loads(manifest_path.read_text())["ctranslate2"] == ctranslate2.__version__
    assert (manifest_path.parent / "model.bin").stat().st_ino != inode


def test_each_quantization_has_its_conversion_and_its_cache_entries(tiny_marian, tmp_path):
    store, cache = tmp_path / "store", Cache(tmp_path / "cache.sqlite")
    texts = sample_texts()
    float32 = make_ct2(tiny_marian, store, cache)
    expected = float32.translate(texts)
    int8 = make_ct2(tiny_marian, store, cache, quantization="int8")
    int8.translate(texts)
    assert int8.stats["cache_hits"] == 0 and int8.stats["model_calls"] > 0
    again = make_ct2(tiny_marian, store, cache)
    assert again.translate(texts) == expected and again.stats["model_calls"] == 0
    hf = make_hf(tiny_marian, cache)  # the same outputs, but another engine's cache entries
    hf.translate(texts)
    assert hf.stats["cache_hits"] == 0
    quantizations = [json.loads(path.read_text())["quantization"] for path in converted(store)]
    assert sorted(quantizations) == ["float32", "int8"]


# --- settings and failures -----------------------------------------------------------------


def test_cuda_asked_and_absent_is_a_config_error(tiny_marian, tmp_path):
    if ctranslate2.get_cuda_device_count():
        pytest.skip("this machine has a CUDA GPU")
    engine = make_ct2(tiny_marian, tmp_path / "store", device="cuda")
    with pytest.raises(
        ConfigError,
        match=r"^backtranslation.device: cuda, but CTranslate2 "
        r"sees no CUDA GPU here \(use auto or cpu\)$",
    ):
        engine.check_ready()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"device": "tpu"},
            ("backtranslation.device: the ct2 engine runs on auto, cpu, cuda or cuda:N, not 'tpu'"),
        ),
        (
            {"device": "cpu", "quantization": "float16"},
            "backtranslation.quantization: float16 is not supported on cpu here (supported: ",
        ),
    ],
)
def test_device_and_quantization_errors(settings, message, tiny_marian, tmp_path):
    with pytest.raises(ConfigError) as err:
        make_ct2(tiny_marian, tmp_path / "store", **settings).check_ready()
    assert str(err.value).startswith(message)


def test_auto_quantization_is_float32_on_cpu(tiny_marian, tmp_path):
    engine = make_ct2(tiny_marian, tmp_path / "store", device="cpu", quantization="auto")
    assert engine.describe()["quantization"] == "float32"


def test_missing_ctranslate2_names_the_extra(tiny_marian, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # `import ctranslate2` now fails
    with pytest.raises(MissingExtraError, match=r"pip install 'tarjama\[ct2\]'"):
        make_ct2(tiny_marian, tmp_path / "store").check_ready()


def test_converts_and_translates_with_the_network_blocked(tiny_m2m100, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a network connection was attempted")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    texts = sample_texts()[12:]
    assert make_ct2(tiny_m2m100, tmp_path / "store").translate(texts) == make_hf(
        tiny_m2m100
    ).translate(texts)


def test_a_hub_model_missing_offline_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr("tarjama.models.hf_cache_snapshot", lambda model, revision: None)
    engine = make_ct2(Path("Helsinki-NLP/opus-mt-ar-en"), tmp_path / "store")
    with pytest.raises(
        ModelNotFoundError, match="'Helsinki-NLP/opus-mt-ar-en' is not available offline"
    ):
        engine.check_ready()


# --- through `tarjama run` -----------------------------------------------------------------


def write_suite(folder: Path, sample_dir: Path, **settings) -> Path:
    options = {
        "engine": "ct2",
        "model": "./tiny-model",
        "num_beams": 1,
        "max_new_tokens": 12,
        "intra_threads": 1,
        "models_dir": "./store",
        **settings,
    }
    section = ", ".join(f"{key}: {value}" for key, value in options.items())
    suite = folder / "suite.yaml"
    suite.write_text(
        f"name: tiny-ct2\ndata:\n  src: {sample_dir / 'src.en.txt'}\n"
        f"  mt: {sample_dir / 'mt.ar.txt'}\nbacktranslation: {{{section}}}\n"
        "metrics: [roundtrip.chrf]\nchecks: []\nbootstrap: {resamples: 0}\n",
        encoding="utf-8",
    )
    return suite


def test_tarjama_run_with_ct2(cli, tiny_marian, sample_dir, tmp_path):
    shutil.copytree(tiny_marian, tmp_path / "tiny-model")
    suite = write_suite(tmp_path, sample_dir)
    result = cli(
        "run",
        suite,
        "--out",
        tmp_path / "run",
        "-q",
        "--no-store",
        "--report",
        "none",
        "--cache",
        tmp_path / "cache.sqlite",
    )
    assert result.code == 0, result.err
    results = json.loads((tmp_path / "run" / "results.json").read_text(encoding="utf-8"))
    signature = results["signature"]["backtranslation"]
    assert signature["engine"] == "ct2" and signature["quantization"] == "float32"
    rows = [json.loads(line) for line in (tmp_path / "run" / "segments.jsonl").open()]
    hf = make_hf(tmp_path / "tiny-model", max_new_tokens=12)
    assert [row["bt"] for row in rows] == hf.translate([row["mt"] for row in rows])
    assert converted(tmp_path / "store")  # the suite's models_dir, relative to the suite


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"device": "cuda"},
            ("suite.yaml: backtranslation.device: cuda, but CTranslate2 sees no CUDA GPU here"),
        ),
        ({"dtype": "float16"}, "backtranslation.dtype: the ct2 engine does not read this setting"),
    ],
)
def test_tarjama_run_fails_fast_in_one_line(
    settings, message, cli, tiny_marian, sample_dir, tmp_path
):
    if "device" in settings and ctranslate2.get_cuda_device_count():
        pytest.skip("this machine has a CUDA GPU")
    shutil.copytree(tiny_marian, tmp_path / "tiny-model")
    suite = write_suite(tmp_path, sample_dir, **settings)
    result = cli("run", suite, "--out", tmp_path / "run", "-q", "--no-store")
    assert result.code == 2
    assert message in result.err and len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "store" / CONVERTED_DIR).exists()  # nothing converted
