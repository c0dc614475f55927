"""Model resolution: local folders, the models/ store and its lock, the HF cache, offline."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
from pathlib import Path

import pytest

from tarjama.cache import Cache
from tarjama.errors import ModelLoadError, ModelNotFoundError
from tarjama.models import (
    file_sha256,
    output_files,
    read_lock,
    record_pull,
    resolve_model,
    store_name,
    weights_sha256,
)

MODEL_ID = "tiny-org/tiny-marian-ar-en"


@pytest.fixture
def models_dir(tmp_path, tiny_marian) -> Path:
    """A model store holding the tiny Marian model under models/tiny-org--tiny-marian-ar-en."""
    store = tmp_path / "models"
    shutil.copytree(tiny_marian, store / store_name(MODEL_ID))
    return store


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a socket fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize(
    ("model_id", "folder"),
    [
        ("Helsinki-NLP/opus-mt-ar-en", "Helsinki-NLP--opus-mt-ar-en"),
        ("facebook/nllb-200-distilled-600M", "facebook--nllb-200-distilled-600M"),
        ("t5-small", "t5-small"),
    ],
)
def test_store_layout(model_id, folder):
    assert store_name(model_id) == folder


def test_local_folder_is_identified_by_its_weights(tiny_marian, tmp_path):
    resolved = resolve_model(str(tiny_marian), models_dir=tmp_path)
    weights = (tiny_marian / "model.safetensors").read_bytes()
    assert resolved.source == "local-dir" and resolved.path == tiny_marian
    assert resolved.revision is None
    assert resolved.weights_sha256 == hashlib.sha256(weights).hexdigest()
    assert resolved.version == f"sha256:{resolved.weights_sha256}"


def test_weights_hash_is_computed_once_per_folder_state(tiny_marian, tmp_path, monkeypatch):
    monkeypatch.setattr("tarjama.models._HASHED", {})
    cache = Cache(tmp_path / "c.sqlite")
    first = weights_sha256(tiny_marian, cache)

    def fail(path):
        raise AssertionError("weights hashed again")

    monkeypatch.setattr("tarjama.models.file_sha256", fail)
    assert weights_sha256(tiny_marian, cache) == first  # remembered in the process
    monkeypatch.setattr("tarjama.models._HASHED", {})  # as a new process: only the cache knows
    assert weights_sha256(tiny_marian, cache) == first


def test_output_files_are_weights_configs_and_tokenizer_not_docs(tmp_path):
    for name in (
        "model.safetensors",
        "config.json",
        "generation_config.json",
        "vocab.json",
        "source.spm",
        "merges.txt",
        "1_Pooling/config.json",
        "checkpoints/model.ckpt",
        "hparams.yaml",
        "README.md",
        "LICENSE",
        "tf_model.h5",
        "flax_model.msgpack",
        "onnx/model.onnx",
        ".gitattributes",
        ".cache/huggingface/download.lock",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    assert [f.relative_to(tmp_path).as_posix() for f in output_files(tmp_path)] == [
        "1_Pooling/config.json",
        "checkpoints/model.ckpt",
        "config.json",
        "generation_config.json",
        "hparams.yaml",
        "merges.txt",
        "model.safetensors",
        "source.spm",
        "vocab.json",
    ]


def test_an_edited_file_is_hashed_again_even_with_its_old_size_and_time(
    tiny_marian, tmp_path, monkeypatch
):
    folder = tmp_path / "model"
    shutil.copytree(tiny_marian, folder)
    read: list[str] = []
    real = file_sha256
    monkeypatch.setattr(
        "tarjama.models.file_sha256", lambda path: read.append(path.name) or real(path)
    )
    cache = Cache(tmp_path / "c.sqlite")
    first = resolve_model(str(folder), cache=cache)
    read.clear()
    config = folder / "generation_config.json"
    before = config.stat()
    text = config.read_text()
    config.write_text(text.replace('"max_length": 128', '"max_length": 127'))
    os.utime(config, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert config.stat().st_size == before.st_size and text != config.read_text()
    edited = resolve_model(str(folder), cache=cache)
    assert read == ["generation_config.json"]  # only the edited file is read again
    assert edited.weights_sha256 == first.weights_sha256
    assert edited.identity != first.identity  # so cache keys change


def test_a_moved_folder_keeps_its_identity(tiny_marian, tmp_path):
    shutil.copytree(tiny_marian, tmp_path / "a")
    first = resolve_model(str(tmp_path / "a"))
    shutil.move(tmp_path / "a", tmp_path / "b")
    moved = resolve_model(str(tmp_path / "b"))
    assert moved.identity == first.identity == f"sha256:{first.files_sha256}"


def test_models_dir_with_lock(models_dir):
    record_pull(MODEL_ID, models_dir, models_dir / store_name(MODEL_ID), "a1b2c3d4e5f6")
    lock = read_lock(models_dir)[MODEL_ID]
    assert lock["revision"] == "a1b2c3d4e5f6" and "model.safetensors" in lock["files"]
    resolved = resolve_model(MODEL_ID, models_dir=models_dir, required=("config.json",))
    assert resolved.source == "models-dir"
    assert resolved.revision == "a1b2c3d4e5f6"
    assert resolved.weights_sha256 == lock["weights_sha256"]


@pytest.mark.parametrize(
    ("pin", "ok"),
    [
        ("a1b2c3d4e5f6", True),
        ("a1b2c3d", True),  # an abbreviated commit
        ("ffff000011112222", False),
    ],
)
def test_revision_pin(models_dir, pin, ok):
    record_pull(MODEL_ID, models_dir, models_dir / store_name(MODEL_ID), "a1b2c3d4e5f6")
    if ok:
        assert resolve_model(MODEL_ID, revision=pin, models_dir=models_dir).revision
    else:
        with pytest.raises(ModelNotFoundError, match=f"pinned to revision {pin}") as err:
            resolve_model(MODEL_ID, revision=pin, models_dir=models_dir)
        assert f"tarjama models pull {MODEL_ID} --revision {pin}" in str(err.value)


def test_local_folder_can_be_pinned_by_weights_hash(tiny_marian, tmp_path):
    weights = resolve_model(str(tiny_marian), models_dir=tmp_path).weights_sha256
    assert resolve_model(str(tiny_marian), revision=weights[:12], models_dir=tmp_path)
    with pytest.raises(ModelNotFoundError, match="pinned"):
        resolve_model(str(tiny_marian), revision="0" * 12, models_dir=tmp_path)


def test_weights_that_differ_from_the_lock_are_refused(models_dir):
    folder = models_dir / store_name(MODEL_ID)
    record_pull(MODEL_ID, models_dir, folder, "a1b2c3d4e5f6")
    weights = folder / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte in the middle of the tensors
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match="do not match models.lock"):
        resolve_model(MODEL_ID, models_dir=models_dir)


def _fake_hf_cache(root: Path, model_id: str, commit: str, source: Path) -> Path:
    repo = root / f"models--{model_id.replace('/', '--')}"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(commit)
    shutil.copytree(source, repo / "snapshots" / commit)
    return repo / "snapshots" / commit


def test_hf_cache(tmp_path, tiny_marian, monkeypatch, no_network):
    commit = "0123456789abcdef0123456789abcdef01234567"
    snapshot = _fake_hf_cache(tmp_path / "hub", "Helsinki-NLP/opus-mt-ar-en", commit, tiny_marian)
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_CACHE", str(tmp_path / "hub"))
    resolved = resolve_model("Helsinki-NLP/opus-mt-ar-en", models_dir=tmp_path / "models")
    assert resolved.source == "hf-cache"
    assert resolved.path == snapshot and resolved.revision == commit


def test_offline_failure_names_the_model_without_network(tmp_path, monkeypatch, no_network):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setattr(
        "tarjama.models.hub_reachable",
        lambda *a: pytest.fail("probed the hub although HF_HUB_OFFLINE=1"),
    )
    with pytest.raises(ModelNotFoundError) as err:
        resolve_model("Helsinki-NLP/opus-mt-ar-en", models_dir=tmp_path / "models")
    message = str(err.value)
    assert "'Helsinki-NLP/opus-mt-ar-en'" in message
    assert "tarjama models pull Helsinki-NLP/opus-mt-ar-en" in message
    assert str(tmp_path / "models" / "Helsinki-NLP--opus-mt-ar-en") in message


def test_unreachable_hub_fails_without_downloading(tmp_path, monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_CACHE", str(tmp_path / "hub"))
    probes = []
    monkeypatch.setattr("tarjama.models.hub_reachable", lambda *a: probes.append(1) or False)
    monkeypatch.setattr(
        "tarjama.models.download_to_hf_cache",
        lambda *a: pytest.fail("tried to download from an unreachable hub"),
    )
    with pytest.raises(ModelNotFoundError, match="facebook/nllb-200-distilled-600M"):
        resolve_model("facebook/nllb-200-distilled-600M", models_dir=tmp_path / "models")
    assert probes == [1]  # one probe, no retries


@pytest.fixture
def proxy_answering_errors(monkeypatch, tmp_path):
    """A local HTTP server standing in for a proxy that answers every request with 502,
    set as the hub endpoint with the network allowed and an empty HF cache."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class BadGateway(BaseHTTPRequestHandler):
        def answer(self):
            self.send_response(502)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD = answer

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), BadGateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", endpoint)
    monkeypatch.setattr("huggingface_hub.constants.ENDPOINT", endpoint)
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_OFFLINE", False)
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_CACHE", str(tmp_path / "hub"))
    yield endpoint
    server.shutdown()
    server.server_close()


def test_a_proxy_answering_errors_keeps_the_pull_hint(tmp_path, proxy_answering_errors):
    with pytest.raises(ModelNotFoundError) as err:
        resolve_model("tiny-org/tiny-model", models_dir=tmp_path / "models")
    message = str(err.value)
    assert message.startswith("model 'tiny-org/tiny-model' is not available offline")
    assert "'tarjama models pull tiny-org/tiny-model'" in message
    assert "(the hub answered " in message


def test_hub_probe_reports_a_closed_port_as_unreachable(monkeypatch):
    from tarjama.models import hub_reachable

    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    assert hub_reachable(timeout=1.0) is False


@pytest.mark.parametrize(
    ("model", "message"),
    [
        ("./no/such/folder", "model folder './no/such/folder' does not exist"),
        ("/no/such/folder", "does not exist"),
    ],
)
def test_missing_path(model, message, tmp_path):
    with pytest.raises(ModelNotFoundError, match=message):
        resolve_model(model, models_dir=tmp_path)


def test_partial_folder_is_a_load_error(tmp_path, tiny_marian):
    partial = tmp_path / "partial"
    shutil.copytree(tiny_marian, partial)
    (partial / "config.json").unlink()
    with pytest.raises(ModelLoadError, match="missing config.json") as err:
        resolve_model(str(partial), models_dir=tmp_path, required=("config.json",))
    assert str(partial) in str(err.value)


def test_empty_folder_is_a_load_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelLoadError, match="empty"):
        resolve_model(str(tmp_path / "empty"), models_dir=tmp_path)


def test_pull_refuses_offline(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    result = cli("models", "pull", "Helsinki-NLP/opus-mt-ar-en", "--models-dir", tmp_path)
    assert result.code == 2
    assert "cannot pull 'Helsinki-NLP/opus-mt-ar-en': HF_HUB_OFFLINE is set" in result.err


def test_models_list(cli, models_dir):
    record_pull(MODEL_ID, models_dir, models_dir / store_name(MODEL_ID), "a1b2c3d4e5f6")
    result = cli("models", "list", "--models-dir", models_dir, "--no-hf-cache", "--json")
    rows = [json.loads(line) for line in result.out.splitlines()]
    assert result.code == 0
    assert [(r["model"], r["revision"], r["locked"]) for r in rows] == [
        (MODEL_ID, "a1b2c3d4e5f6", True)
    ]


class GatedRepoError(Exception):
    """Stands in for huggingface_hub's error of the same name (matched by name)."""


class RepositoryNotFoundError(Exception):
    pass


@pytest.mark.parametrize(
    ("error", "hint"),
    [
        (
            GatedRepoError("401"),
            (
                "the model is licence-gated: accept its licence on the hub and "
                "run 'huggingface-cli login' first"
            ),
        ),
        (RepositoryNotFoundError("404"), "no such model or revision on the hub"),
        (TimeoutError("read timed out"), "TimeoutError: read timed out"),
    ],
)
def test_hub_errors_name_the_model_and_the_cause(error, hint):
    from tarjama.models import hub_errors

    with pytest.raises(ModelNotFoundError) as err, hub_errors("Unbabel/wmt22-cometkiwi-da"):
        raise error
    assert str(err.value) == f"cannot download model 'Unbabel/wmt22-cometkiwi-da' ({hint})"
    assert err.value.__cause__ is error
