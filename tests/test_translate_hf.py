"""The `hf` back-translation engine on tiny Marian and M2M100 models built at test time."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from tarjama.cache import Cache
from tarjama.config import BacktranslationConfig
from tarjama.context import RunContext
from tarjama.errors import ConfigError, ModelLoadError
from tarjama.translate.batching import token_budget_batches
from tarjama.translate.hf import HfEngine
from tarjama.translate.hf_model import LanguagePair, language_pair, model_family
from tarjama.translate.split import join_translations, split_sentences, split_to_fit
from tests.fixtures.tiny_translation import update_generation_config

pytest.importorskip("torch")

SAMPLE_MT = Path(__file__).resolve().parents[1] / "data" / "news" / "istanbul-talks" / "mt.ar.txt"


def sample_texts() -> list[str]:
    """The article's 12 Arabic paragraphs plus their first clauses: lengths from 5 to 260 tokens."""
    paragraphs = SAMPLE_MT.read_text(encoding="utf-8").splitlines()
    return paragraphs + [p.split("،")[0] for p in paragraphs]


class CountingBackend:
    """Wraps a loaded backend and counts `generate` calls (the model's real work)."""

    def __init__(self, backend):
        self.backend = backend
        self.calls = 0
        self.batch_sizes: list[int] = []

    def generate(self, input_ids, max_new_tokens):
        self.calls += 1
        self.batch_sizes.append(len(input_ids))
        return self.backend.generate(input_ids, max_new_tokens)

    def __getattr__(self, name):
        return getattr(self.backend, name)


def make_engine(
    model: Path, cache: Cache | None = None, backend=None, show_progress=False, **settings
) -> HfEngine:
    # One thread: on a busy 2-core CI runner, torch's default of 2 threads is many times slower.
    options = {"num_beams": 1, "max_new_tokens": 12, "threads": 1, **settings}
    config = BacktranslationConfig(engine="hf", model=str(model), **options)
    return HfEngine(config, RunContext(cache=cache, show_progress=show_progress), backend=backend)


@pytest.fixture(scope="module")
def marian_engine(tiny_marian) -> HfEngine:
    return make_engine(tiny_marian)


# --- batching and splitting (pure functions) ---------------------------------------------


@pytest.mark.parametrize(
    ("lengths", "budget", "size", "expected"),
    [
        ([3, 10, 5, 5, 1], 20, 8, [[1, 2], [3, 0, 4]]),
        ([4, 4, 4, 4], 100, 2, [[0, 1], [2, 3]]),  # batch_size caps the count
        ([50, 2], 20, 8, [[0], [1]]),  # an item over budget still gets its own batch
        ([], 20, 8, []),
    ],
)
def test_token_budget_batches(lengths, budget, size, expected):
    assert token_budget_batches(lengths, budget, size) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "The talks ended. Will they resume? Yes!"
        ("انتهت المحادثات. هل ستستأنف؟ نعم!", ["انتهت المحادثات. ", "هل ستستأنف؟ ", "نعم!"]),
        # "First line\nSecond line": a line break ends a sentence
        ("السطر الأول\nالسطر الثاني", ["السطر الأول\n", "السطر الثاني"]),
        # "The deal is worth 3.5 billion." — a decimal point is not a sentence end
        ("قيمة الصفقة 3.5 مليار.", ["قيمة الصفقة 3.5 مليار."]),
        ("He said: “Stop.” Then he left.", ["He said: “Stop.” ", "Then he left."]),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected
    assert "".join(split_sentences(text)) == text


def words(text: str) -> int:
    return len(text.split())


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        # "Talks began. They ended quickly. The delegations left." — packed two by two words
        (
            "بدأت المحادثات. انتهت سريعا. غادرت الوفود.",
            4,
            ["بدأت المحادثات. انتهت سريعا. ", "غادرت الوفود."],
        ),
        # a single long sentence falls back to clause marks: "Russia, Ukraine, and Turkey met"
        (
            "اجتمعت روسيا، وأوكرانيا، وتركيا في إسطنبول",
            3,
            ["اجتمعت روسيا، وأوكرانيا، ", "وتركيا في إسطنبول"],
        ),
        # and then to runs of words
        ("واحد اثنان ثلاثة أربعة خمسة", 2, ["واحد اثنان ", "ثلاثة أربعة ", "خمسة"]),
        ("قصير", 5, ["قصير"]),  # "short": fits, untouched
    ],
)
def test_split_to_fit(text, limit, expected):
    assert split_to_fit(text, words, limit) == expected


def test_join_translations_keeps_line_breaks():
    pieces = ["جملة أولى. ", "سطر\n", "آخر"]
    assert join_translations(pieces, [" One. ", "Line", "Last"]) == "One. Line\nLast"


# --- language codes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("family", "overrides", "expected"),
    [
        ("marian", {}, LanguagePair(None, None)),
        ("m2m_100", {}, LanguagePair("ar", "en", "__{}__")),
        ("nllb", {}, LanguagePair("arb_Arab", "eng_Latn")),
        ("mbart", {}, LanguagePair("ar_AR", "en_XX")),
        ("nllb", {"src_lang": "ary_Arab"}, LanguagePair("ary_Arab", "eng_Latn")),  # Moroccan Arabic
    ],
)
def test_language_pair(family, overrides, expected):
    config = BacktranslationConfig(engine="hf", **overrides)
    assert language_pair(family, "ar", "en", config) == expected


def test_model_family_detects_nllb(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "m2m_100"}))
    assert model_family(tmp_path) == "m2m_100"
    nllb = {"tokenizer_class": "NllbTokenizer"}
    (tmp_path / "tokenizer_config.json").write_text(json.dumps(nllb))
    assert model_family(tmp_path) == "nllb"


# --- the engine on a tiny Marian model ----------------------------------------------------


def test_describe_names_model_weights_and_settings(marian_engine, tiny_marian):
    info = marian_engine.describe()
    assert info["engine"] == "hf" and info["model"] == str(tiny_marian)
    assert info["source"] == "local-dir" and len(info["weights_sha256"]) == 64
    assert info["generation"] == {
        "num_beams": 1,
        "max_new_tokens": 12,
        "src_lang": None,
        "tgt_lang": None,
        "dtype": "float32",
    }
    assert (info["device"], info["dtype"]) == ("cpu", "float32")


def test_batched_equals_one_at_a_time_and_keeps_order(marian_engine, tiny_marian):
    texts = sample_texts()
    counting = CountingBackend(marian_engine.backend)
    engine = make_engine(tiny_marian, backend=counting, max_batch_tokens=600)
    batched = engine.translate(texts)
    assert 1 < counting.calls < len(texts)  # real batches, more than one
    single = [marian_engine.translate_uncached([text])[0] for text in texts]
    assert batched == single
    assert len(set(batched)) > len(texts) // 2  # outputs differ, so order is really tested
    reordered = make_engine(tiny_marian, backend=counting, max_batch_tokens=600)
    assert reordered.translate(texts[::-1]) == batched[::-1]


def first_clauses() -> list[str]:
    """The first clause of each paragraph: 12 short Arabic texts of different lengths."""
    return [p.split("،")[0] for p in SAMPLE_MT.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(("model", "num_beams"), [("marian", 1), ("marian", 4), ("m2m100", 4)])
def test_default_budget_outputs_do_not_depend_on_the_batch(model, num_beams, request):
    """With no max_new_tokens (the 2n+10 default) the tiny random models run to their budget,
    where OPUS-MT forces its end token: a batch must decode each text exactly as alone."""
    folder = request.getfixturevalue(f"tiny_{model}")
    alone = make_engine(folder, num_beams=num_beams, max_new_tokens=None)
    counting = CountingBackend(alone.backend)
    batched_engine = make_engine(
        folder, backend=counting, num_beams=num_beams, max_new_tokens=None, batch_size=4
    )
    texts = first_clauses()
    batched = batched_engine.translate_uncached(texts)
    assert 1 < counting.calls < len(texts)  # real batches of more than one text
    assert batched == [alone.translate_uncached([text])[0] for text in texts]


class CountingTokenizer:
    """Wraps a tokenizer and counts how often each text is tokenised."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.seen: dict[str, int] = {}

    def __call__(self, texts, **kwargs):
        for text in texts:
            self.seen[text] = self.seen.get(text, 0) + 1
        return self.tokenizer(texts, **kwargs)

    def __getattr__(self, name):
        return getattr(self.tokenizer, name)


def test_each_text_is_tokenised_once(marian_engine, tiny_marian, monkeypatch):
    backend = marian_engine.backend
    counting = CountingTokenizer(backend.tokenizer)
    monkeypatch.setattr(backend, "tokenizer", counting)
    texts = first_clauses()
    make_engine(tiny_marian, backend=backend).translate_uncached(texts)
    assert counting.seen == {text.strip(): 1 for text in texts}


class FailingBackend(CountingBackend):
    """A loaded backend that fails on its third batch, as a run killed mid-way would stop."""

    def generate(self, input_ids, max_new_tokens):
        if self.calls == 2:
            raise RuntimeError("stopped")
        return super().generate(input_ids, max_new_tokens)


def test_each_finished_batch_is_cached_and_a_rerun_resumes(
    marian_engine, tiny_marian, tmp_path, capsys
):
    texts = first_clauses()
    failing = FailingBackend(marian_engine.backend)
    first = make_engine(tiny_marian, Cache(tmp_path / "c.sqlite"), backend=failing, batch_size=2)
    with pytest.raises(RuntimeError, match="stopped"):
        first.translate(texts)
    assert first.stats["model_inputs"] == 4  # two batches of two finished before the failure
    capsys.readouterr()
    counting = CountingBackend(marian_engine.backend)
    second = make_engine(
        tiny_marian,
        Cache(tmp_path / "c.sqlite"),
        backend=counting,
        batch_size=2,
        show_progress=True,
    )
    out = second.translate(texts)
    assert "tarjama: resumed: 4 of 12 segments cached" in capsys.readouterr().err
    assert second.stats["model_inputs"] == 8
    assert out == marian_engine.translate_uncached(texts)


def test_duplicates_and_empty_texts(marian_engine, tiny_marian):
    counting = CountingBackend(marian_engine.backend)
    engine = make_engine(tiny_marian, backend=counting)
    # "peace" twice, an empty segment, and "war"
    out = engine.translate(["سلام", "", "سلام", "حرب"])
    assert out[0] == out[2] and out[1] == ""
    assert engine.stats["model_inputs"] == 2


def test_second_run_calls_the_model_zero_times(marian_engine, tiny_marian, tmp_path):
    texts = sample_texts()
    first_backend = CountingBackend(marian_engine.backend)
    first = make_engine(tiny_marian, Cache(tmp_path / "c.sqlite"), backend=first_backend)
    expected = first.translate(texts)
    assert first.stats["cache_misses"] == len(texts) and first_backend.calls > 0
    second_backend = CountingBackend(marian_engine.backend)
    second = make_engine(tiny_marian, Cache(tmp_path / "c.sqlite"), backend=second_backend)
    assert second.translate(texts) == expected
    assert second_backend.calls == 0
    assert second.stats == {
        "cache_hits": len(texts),
        "cache_misses": 0,
        "model_calls": 0,
        "model_inputs": 0,
        "split_segments": 0,
    }


def test_other_generation_settings_miss_the_cache(marian_engine, tiny_marian, tmp_path):
    first = make_engine(tiny_marian, Cache(tmp_path / "c.sqlite"), marian_engine.backend)
    first.translate(["سلام"])  # "peace"
    other = make_engine(
        tiny_marian, Cache(tmp_path / "c.sqlite"), marian_engine.backend, max_new_tokens=5
    )
    other.translate(["سلام"])
    assert other.stats["cache_misses"] == 1


def test_an_edited_generation_config_misses_the_cache(tiny_marian, tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(tiny_marian, folder)
    texts = first_clauses()
    before = make_engine(folder, Cache(tmp_path / "c.sqlite")).translate(texts)
    update_generation_config(folder, no_repeat_ngram_size=1)
    after = make_engine(folder, Cache(tmp_path / "c.sqlite"))
    translated = after.translate(texts)
    assert after.stats["cache_hits"] == 0
    assert translated == make_engine(folder).translate_uncached(texts) != before


def test_long_paragraph_is_split_not_truncated(marian_engine, caplog):
    backend = marian_engine.backend
    paragraph = " ".join(SAMPLE_MT.read_text(encoding="utf-8").splitlines()[:4])
    assert backend.count_tokens(paragraph) > backend.max_input_tokens
    pieces = marian_engine.pieces(paragraph)
    assert "".join(pieces) == paragraph
    assert len(pieces) > 1
    assert all(backend.count_tokens(p.strip()) <= backend.max_input_tokens for p in pieces)
    with caplog.at_level(logging.WARNING):
        engine = make_engine(Path(marian_engine.model_ref), backend=backend)
        (out,) = engine.translate([paragraph])
    assert engine.stats["split_segments"] == 1 and engine.stats["model_inputs"] == len(pieces)
    assert out and out.count(" ") >= len(pieces) - 1


def test_over_long_sentence_is_split_with_a_warning(marian_engine, caplog):
    # "Russia and Ukraine" repeated with commas, no sentence end: too long for one input
    sentence = "، ".join(["روسيا وأوكرانيا وتركيا والولايات المتحدة"] * 40)
    with caplog.at_level(logging.WARNING, logger="tarjama.translate.split"):
        pieces = marian_engine.pieces(sentence)
    assert len(pieces) > 1 and "".join(pieces) == sentence
    assert "exceeds the model's limit" in caplog.text


def test_corrupt_weights_are_a_load_error(tiny_marian, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(tiny_marian, broken)
    (broken / "model.safetensors").write_bytes(b"not a tensor file")
    engine = make_engine(broken)
    with pytest.raises(ModelLoadError) as err:
        engine.translate(["سلام"])
    assert str(broken) in str(err.value)


class Payload:
    """Pickled as a call to open(marker, "w"): a file appears if the pickle is ever run."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_pickled_weights_with_code_are_refused_as_unsafe(tiny_marian, tmp_path):
    import torch
    from safetensors.torch import load_file

    folder = tmp_path / "unsafe"
    shutil.copytree(tiny_marian, folder)
    weights = load_file(folder / "model.safetensors")
    (folder / "model.safetensors").unlink()
    marker = tmp_path / "the-pickle-ran"
    torch.save({**weights, "extra": Payload(marker)}, folder / "pytorch_model.bin")
    with pytest.raises(ModelLoadError) as err:
        make_engine(folder).translate(["سلام"])  # "peace"
    assert str(err.value).startswith(f"{folder / 'pytorch_model.bin'}: refused as unsafe")
    assert not marker.exists()


def test_a_model_with_its_own_code_is_not_run_unless_the_suite_says_so(tiny_marian, tmp_path):
    folder = tmp_path / "custom"
    shutil.copytree(tiny_marian, folder)
    config = json.loads((folder / "config.json").read_text())
    config.update(
        model_type="tarjama-custom",
        auto_map={"AutoConfig": "custom_code.Config", "AutoModelForSeq2SeqLM": "custom_code.Model"},
    )
    (folder / "config.json").write_text(json.dumps(config))
    marker = tmp_path / "the-code-ran"
    (folder / "custom_code.py").write_text(f"open({str(marker)!r}, 'w')\n")
    with pytest.raises(ModelLoadError, match="backtranslation.trust_remote_code: true"):
        make_engine(folder).translate(["سلام"])  # "peace"
    assert not marker.exists()


# --- the engine on a tiny M2M100 model (language codes) -----------------------------------


def test_m2m100_language_codes(tiny_m2m100):
    counting = CountingBackend(make_engine(tiny_m2m100).backend)
    engine = make_engine(tiny_m2m100, backend=counting, max_batch_tokens=400)
    assert engine.describe()["generation"]["src_lang"] == "ar"
    tokenizer = counting.tokenizer
    assert counting.forced_bos_token_id == tokenizer.get_lang_id("en")
    assert counting.encode(["سلام"])[0][0] == tokenizer.get_lang_id("ar")
    texts = sample_texts()
    batched = engine.translate(texts)
    assert counting.calls > 1
    assert batched == [engine.translate_uncached([text])[0] for text in texts]


def test_unknown_language_code_is_a_config_error(tiny_m2m100):
    engine = make_engine(tiny_m2m100, tgt_lang="xx")
    with pytest.raises(ConfigError, match="no language code 'xx'"):
        engine.translate(["سلام"])


# --- end to end through `tarjama run` -----------------------------------------------------


def write_suite(folder: Path, model: str, sample_dir: Path) -> Path:
    suite = folder / "suite.yaml"
    suite.write_text(
        "name: tiny-bt\n"
        "data:\n"
        f"  src: {sample_dir / 'src.en.txt'}\n"
        f"  mt: {sample_dir / 'mt.ar.txt'}\n"
        "backtranslation:\n"
        "  engine: hf\n"
        f"  model: {model}\n"
        "  num_beams: 1\n"
        "  max_new_tokens: 12\n"
        "  threads: 1\n"
        "metrics: [roundtrip.bleu, roundtrip.chrf]\n"
        "checks: []\n"
        "bootstrap: {resamples: 0}\n",
        encoding="utf-8",
    )
    return suite


def run_suite(cli, suite: Path, out: Path, *extra: str) -> dict:
    result = cli("run", suite, "--out", out, "--quiet", "--no-store", "--report", "none", *extra)
    assert result.code == 0, result.err
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def test_tarjama_run_end_to_end(cli, tiny_marian, sample_dir, tmp_path):
    shutil.copytree(tiny_marian, tmp_path / "tiny-model")
    suite = write_suite(tmp_path, "./tiny-model", sample_dir)  # relative to the suite's folder
    cache = tmp_path / "cache.sqlite"
    first = run_suite(cli, suite, tmp_path / "run1", "--cache", cache)
    signature = first["signature"]["backtranslation"]
    assert signature["engine"] == "hf" and signature["model"] == "./tiny-model"
    assert len(signature["weights_sha256"]) == 64 and signature["source"] == "local-dir"
    assert first["backtranslation"]["stats"]["cache_misses"] == 12
    rows = [json.loads(line) for line in (tmp_path / "run1" / "segments.jsonl").open()]
    assert all(row["bt"] for row in rows)
    assert "roundtrip.bleu" in first["metrics"]
    second = run_suite(cli, suite, tmp_path / "run2", "--cache", cache)
    assert second["backtranslation"]["stats"]["cache_hits"] == 12
    assert second["backtranslation"]["stats"]["model_calls"] == 0
    assert second["signature"]["backtranslation"] == signature  # a cached run signs the same
    chrf = [run["metrics"]["roundtrip.chrf"]["score"] for run in (first, second)]
    assert chrf[0] == chrf[1]
    uncached = run_suite(cli, suite, tmp_path / "run3", "--cache", cache, "--no-cache")
    assert uncached["backtranslation"]["stats"]["cache_hits"] == 0


def clauses(count: int) -> list[str]:
    """`count` distinct Arabic clauses of the sample article (cut at commas and full stops)."""
    text = SAMPLE_MT.read_text(encoding="utf-8").replace("،", ".").replace("\n", ".")
    found = list(dict.fromkeys(part.strip() for part in text.split(".") if part.strip()))
    assert len(found) >= count
    return found[:count]


def cached_translations(database: Path) -> int:
    """Rows in the cache's translate.hf namespace (0 while the database is not yet there)."""
    import sqlite3

    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as conn:
            (count,) = conn.execute(
                "SELECT COUNT(*) FROM entries WHERE namespace = 'translate.hf'"
            ).fetchone()
    except sqlite3.OperationalError:  # not created yet
        return 0
    return count


def test_a_run_killed_with_sigkill_resumes_from_the_cache(cli, tiny_marian, tmp_path):
    """A real `tarjama run` process, killed with SIGKILL once some batches are cached: the
    rerun reuses them, says how many, and ends with the translations of an unbroken run."""
    import os
    import signal
    import subprocess
    import sys
    import time

    import tarjama

    texts = clauses(24)
    shutil.copytree(tiny_marian, tmp_path / "marian")
    data = tmp_path / "segments.jsonl"
    data.write_text(
        "".join(json.dumps({"src": "x", "mt": mt}, ensure_ascii=False) + "\n" for mt in texts),
        encoding="utf-8",
    )
    suite = tmp_path / "suite.yaml"
    suite.write_text(
        f"name: killed\ndata: {{path: {data}}}\n"
        "backtranslation: {engine: hf, model: ./marian, batch_size: 2, num_beams: 1,"
        " threads: 1}\n"
        "metrics: [roundtrip.chrf]\nchecks: []\nbootstrap: {resamples: 0}\n",
        encoding="utf-8",
    )
    cache = tmp_path / "cache.sqlite"
    args = [
        "run",
        str(suite),
        "--out",
        str(tmp_path / "run"),
        "--no-store",
        "--report",
        "none",
        "--cache",
        str(cache),
    ]
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(tarjama.__file__).parents[1]),
        "HF_HUB_OFFLINE": "1",
        "OMP_NUM_THREADS": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tarjama", *args, "-q"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 600
    while cached_translations(cache) < 2 and process.poll() is None:
        assert time.monotonic() < deadline, "no batch was cached in time"
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, process.stderr.read().decode()
    kept = cached_translations(cache)
    assert 2 <= kept < len(texts) and not (tmp_path / "run" / "results.json").exists()

    rerun = cli(*args)
    assert rerun.code == 0, rerun.err
    assert f"tarjama: resumed: {kept} of {len(texts)} segments cached" in rerun.err
    results = json.loads((tmp_path / "run" / "results.json").read_text(encoding="utf-8"))
    assert results["backtranslation"]["stats"]["cache_hits"] == kept
    rows = [json.loads(line) for line in (tmp_path / "run" / "segments.jsonl").open()]
    unbroken = make_engine(tmp_path / "marian", max_new_tokens=None).translate_uncached(texts)
    assert [row["bt"] for row in rows] == unbroken


def test_tarjama_run_offline_missing_model(cli, sample_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TARJAMA_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_CACHE", str(tmp_path / "hub"))
    suite = write_suite(tmp_path, "Helsinki-NLP/opus-mt-ar-en", sample_dir)
    result = cli(
        "run",
        suite,
        "--out",
        tmp_path / "run",
        "--quiet",
        "--no-store",
        "--cache",
        tmp_path / "c.sqlite",
    )
    assert result.code == 2
    assert result.err.startswith(
        "tarjama: error: model 'Helsinki-NLP/opus-mt-ar-en' is not available offline"
    )
    assert len(result.err.strip().splitlines()) == 1


# --- a real model, when one is present locally ---------------------------------------------


def _local_real_model(model_id: str):
    from tarjama.errors import TarjamaError
    from tarjama.models import resolve_model

    try:
        return resolve_model(model_id, allow_download=False)
    except TarjamaError:
        return None


@pytest.mark.real_model
@pytest.mark.parametrize(
    "model_id", ["Helsinki-NLP/opus-mt-ar-en", "facebook/nllb-200-distilled-600M"]
)
def test_real_model_translates(model_id, tmp_path):
    if _local_real_model(model_id) is None:
        pytest.skip(f"{model_id} is not available locally (tarjama models pull {model_id})")
    config = BacktranslationConfig(engine="hf", model=model_id, num_beams=2)
    engine = HfEngine(config)
    # "The minister said the talks were productive." / "Prisoners were exchanged on Friday."
    out = engine.translate(["قال الوزير إن المحادثات كانت مثمرة.", "تم تبادل الأسرى يوم الجمعة."])
    assert "minister" in out[0].lower() and "talks" in out[0].lower()
    assert "prisoner" in out[1].lower() and "friday" in out[1].lower()


@pytest.mark.parametrize("module", ["torch", "transformers"])
def test_missing_torch_names_the_extra(module, monkeypatch):
    import sys

    from tarjama.errors import MissingExtraError
    from tarjama.translate.hf_model import import_torch, import_transformers

    monkeypatch.setitem(sys.modules, module, None)  # `import torch` now raises ImportError
    with pytest.raises(MissingExtraError, match=rf"'{module}'.*pip install 'tarjama\[neural\]'"):
        import_torch() if module == "torch" else import_transformers()
