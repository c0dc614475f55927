"""Model resolution: find a model on local disk, offline-safe, and say exactly how to provide it.

A model is named by a hub id (`Helsinki-NLP/opus-mt-ar-en`) or a local folder. `resolve_model`
looks, in order, at: the folder itself when the name is an existing directory; the project's
model store `models/<org>--<name>` (filled by `tarjama models pull`, recorded in
`models/models.lock`); the local Hugging Face cache. When none holds it, it downloads into the
Hugging Face cache only if the hub answers within a few seconds and HF_HUB_OFFLINE is not set;
otherwise it raises ModelNotFoundError at once, naming the model and the ways to provide it.

Every resolved model carries a revision (a hub commit) or a weights sha256 for signatures, and
a sha256 of every file that can change its outputs (weights, configs, generation config,
tokenizer) for cache keys: editing any of them, even keeping size and time, misses the cache,
while a moved or copied folder still hits it. Each file is hashed once per state (its path,
size, modification and change times, inode), remembered in the process and in the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, Literal

from tarjama.errors import ModelLoadError, ModelNotFoundError

log = logging.getLogger(__name__)

# Libraries that announce hardware, tips and model loading at INFO on every call.
CHATTY_LOGGERS = (
    "pytorch_lightning",
    "lightning.pytorch",
    "lightning_fabric",
    "comet",
    "sentence_transformers",
)

LOCK_NAME = "models.lock"
LOCK_SCHEMA = "tarjama.models-lock/1"
HUB_PROBE_TIMEOUT_S = 3.0
WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".ckpt")
HASH_NAMESPACE = "file-sha256"
# Files `models pull` leaves out: other frameworks' copies of the same weights.
PULL_IGNORE = (
    "*.h5",
    "*.msgpack",
    "*.ot",
    "tf_model*",
    "flax_model*",
    "rust_model*",
    "*.onnx",
    "onnx/*",
    "*.tflite",
)
# Files of a model folder that cannot change what a run computes: documentation, pictures and
# the weights for other frameworks (all else — weights, configs, tokenizer files — counts).
NOT_OUTPUT_FILES = (
    *PULL_IGNORE,
    "*.md",
    "LICENSE*",
    "*.png",
    "*.jpg",
    "*.jpeg",
    "*.gif",
    "*.svg",
    ".gitattributes",
)

# sha256 of a file by its state (see file_state): each file is read once per process.
_HASHED: dict[str, str] = {}

Source = Literal["local-dir", "models-dir", "hf-cache"]


@dataclass(frozen=True)
class ResolvedModel:
    """Where a model's files are, and what identifies its weights."""

    model_id: str
    path: Path
    revision: str | None
    weights_sha256: str | None
    source: Source
    files_sha256: str | None = None  # every file that can change outputs (see output_files)

    @property
    def version(self) -> str:
        """The revision when the hub gave one, else `sha256:<weights hash>` (for signatures)."""
        if self.revision:
            return self.revision
        return f"sha256:{self.weights_sha256}" if self.weights_sha256 else "unknown"

    @property
    def identity(self) -> str:
        """What cache keys use: the hash of the files that change outputs (so an edited
        generation config misses, and a moved or copied folder hits), else id and revision."""
        if self.files_sha256:
            return f"sha256:{self.files_sha256}"
        return f"{self.model_id}@{self.version}"

    def provenance(self) -> dict[str, Any]:
        """Where the model came from and what its files hash to, as signatures record it (no
        local path: a run elsewhere with the same files signs the same)."""
        return {
            "revision": self.revision,
            "weights_sha256": self.weights_sha256,
            "files_sha256": self.files_sha256,
            "source": self.source,
        }


def store_name(model_id: str) -> str:
    """The folder name of a hub id in the model store: `org/name` → `org--name`."""
    return model_id.strip("/").replace("/", "--")


def default_models_dir(start: Path | None = None) -> Path:
    """The model store when a suite sets no `models_dir` (this default is decided here only):
    $TARJAMA_MODELS_DIR, else the nearest `models/` folder at or above `start` (the suite's
    folder; the working folder without a suite), else `models/` in `start`."""
    if os.environ.get("TARJAMA_MODELS_DIR"):
        return Path(os.environ["TARJAMA_MODELS_DIR"]).expanduser()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "models").is_dir():
            return folder / "models"
    return here / "models"


def model_location(model: str, suite_dir: Path | None) -> str:
    """A model as a suite names it, taken relative to the suite's folder: a folder that exists
    there, or a name that can only be a path, is that folder; anything else is a hub id."""
    path = Path(model).expanduser()
    if suite_dir is None or path.is_absolute():
        return model
    candidate = suite_dir / path
    return str(candidate) if candidate.is_dir() or looks_like_path(model) else model


def resolve_model(
    model: str,
    *,
    revision: str | None = None,
    models_dir: Path | None = None,
    required: Sequence[str] = (),
    cache: Any = None,
    allow_download: bool = True,
) -> ResolvedModel:
    """Find `model` locally (or download it into the HF cache when the hub is reachable).

    `required` lists files the folder must hold (e.g. "config.json"); a folder without them
    raises ModelLoadError. `cache` (a tarjama Cache) remembers weight hashes between runs.
    """
    models_dir = models_dir or default_models_dir()
    local = Path(model).expanduser()
    if local.is_dir():
        return _finish(model, local.resolve(), None, "local-dir", revision, required, cache)
    stored = models_dir / store_name(model)
    if stored.is_dir():
        locked = read_lock(models_dir).get(model, {})
        return _finish(model, stored, locked, "models-dir", revision, required, cache)
    # The HF cache finds the pinned revision itself (a branch, tag or commit), so no pin check.
    cached = hf_cache_snapshot(model, revision)
    if cached is not None:
        return _finish(model, cached[0], {"revision": cached[1]}, "hf-cache", None, required, cache)
    if looks_like_path(model):
        raise ModelNotFoundError(f"model folder '{model}' does not exist")
    if not allow_download or hub_offline() or not hub_reachable():
        raise ModelNotFoundError(not_found_message(model, models_dir, revision))
    path, commit = download_to_hf_cache(
        model, revision, not_found_message(model, models_dir, revision)
    )
    return _finish(model, path, {"revision": commit}, "hf-cache", None, required, cache)


def looks_like_path(model: str) -> bool:
    """A name that can only be a path (./x, ../x, /x, ~/x, or more than one slash)."""
    return model.startswith((".", "/", "~")) or model.count("/") > 1 or "\\" in model


def not_found_message(model: str, models_dir: Path, revision: str | None = None) -> str:
    pin = f" --revision {revision}" if revision else ""
    return (
        f"model '{model}' is not available offline: it is not a local folder, not in the "
        f"model store ({models_dir / store_name(model)}), and not in the Hugging Face cache, "
        f"and the hub cannot be reached. Provide it by running "
        f"'tarjama models pull {model}{pin}' on a machine with network access (then copy "
        f"the models/ folder here), by putting the model's folder at "
        f"{models_dir / store_name(model)}, or by setting the model to a local folder path"
    )


def _finish(
    model: str,
    path: Path,
    locked: dict[str, Any] | None,
    source: Source,
    pin: str | None,
    required: Sequence[str],
    cache: Any,
) -> ResolvedModel:
    check_folder(path, required)
    hashes = folder_hashes(path, cache)
    weights = weights_hash(hashes)
    locked = locked or {}
    expected = locked.get("weights_sha256")
    if expected and weights and expected != weights:
        raise ModelLoadError(
            f"the weights do not match {LOCK_NAME} (expected sha256 "
            f"{expected[:12]}…, found {weights[:12]}…); pull the model again",
            path,
        )
    resolved = ResolvedModel(
        model, path, locked.get("revision"), weights, source, listing_hash(hashes)
    )
    check_pin(resolved, pin)
    return resolved


def check_folder(path: Path, required: Sequence[str] = ()) -> None:
    """Raise ModelLoadError naming the folder when it is empty or lacks a required file."""
    if not any(path.iterdir()):
        raise ModelLoadError("the model folder is empty", path)
    missing = [name for name in required if not (path / name).exists()]
    if missing:
        raise ModelLoadError(
            f"the model folder is incomplete: missing {', '.join(missing)} "
            f"(a partial download or copy?)",
            path,
        )


def check_pin(resolved: ResolvedModel, pin: str | None) -> None:
    """A suite's `revision` must match the hub commit, or the weights sha256 of a local folder."""
    if not pin:
        return
    known = [v for v in (resolved.revision, resolved.weights_sha256, resolved.files_sha256) if v]
    if any(v == pin or (len(pin) >= 7 and v.startswith(pin)) for v in known):
        return
    found = resolved.revision or (
        f"weights sha256 {resolved.weights_sha256}"
        if resolved.weights_sha256
        else "no recorded revision"
    )
    raise ModelNotFoundError(
        f"model '{resolved.model_id}' is pinned to revision {pin} but {resolved.path} holds "
        f"{found}; run 'tarjama models pull {resolved.model_id} --revision {pin}' or change "
        f"the pin"
    )


# --- hashing the files that change outputs ---------------------------------------------


def output_files(path: Path) -> list[Path]:
    """The files under `path` that can change a model's outputs, sorted: everything but
    documentation, pictures, other frameworks' weights and hidden folders (.cache, .git)."""
    files = []
    for file in path.rglob("*"):
        relative = file.relative_to(path)
        hidden = any(part.startswith(".") for part in relative.parts[:-1])
        ignored = any(
            fnmatch(relative.as_posix(), pattern) or fnmatch(file.name, pattern)
            for pattern in NOT_OUTPUT_FILES
        )
        if file.is_file() and not hidden and not ignored:
            files.append(file)
    return sorted(files)


def weight_files(path: Path) -> list[Path]:
    """Weight files under `path` (any depth, e.g. checkpoints/model.ckpt), sorted by name."""
    return [f for f in output_files(path) if f.suffix in WEIGHT_SUFFIXES]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_state(path: Path) -> str:
    """What identifies a file's current contents without reading them: its full path, size,
    modification and change times and inode (a file replaced by one of the same size and
    modification time still gets a new change time)."""
    stat = path.stat()
    state = [str(path.resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
    return hashlib.sha256(json.dumps(state).encode()).hexdigest()


def file_hashes(files: Sequence[Path], root: Path, cache: Any = None) -> dict[str, str]:
    """sha256 of each file, by its path under `root`; a file is read only when its state is
    new to this process and to `cache` (a tarjama Cache, which remembers it for later runs)."""
    try:
        states = {file: file_state(file) for file in files}
        unknown = [state for state in states.values() if state not in _HASHED]
        if cache is not None and unknown:
            _HASHED.update(cache.get_many(HASH_NAMESPACE, unknown))
        fresh = {state: file_sha256(file) for file, state in states.items() if state not in _HASHED}
    except OSError as exc:
        raise ModelLoadError(f"cannot read the model files ({exc})", root) from exc
    if cache is not None and fresh:
        cache.put_many(HASH_NAMESPACE, fresh)
    _HASHED.update(fresh)
    return {file.relative_to(root).as_posix(): _HASHED[state] for file, state in states.items()}


def folder_hashes(path: Path, cache: Any = None) -> dict[str, str]:
    """sha256 of each output file of a model folder (see output_files)."""
    return file_hashes(output_files(path), path, cache)


def combine_hashes(hashes: dict[str, str]) -> str:
    """One weights hash: the file's own sha256 when there is one file, else a hash of the list."""
    if len(hashes) == 1:
        return next(iter(hashes.values()))
    return listing_hash(hashes)


def listing_hash(hashes: dict[str, str]) -> str:
    """sha256 of the sorted `name:sha256` lines of a folder's files."""
    lines = "".join(f"{name}:{sha}\n" for name, sha in sorted(hashes.items()))
    return hashlib.sha256(lines.encode()).hexdigest()


def weights_hash(hashes: dict[str, str]) -> str | None:
    """The weights hash of a folder from its file hashes (None without weight files)."""
    weights = {name: sha for name, sha in hashes.items() if Path(name).suffix in WEIGHT_SUFFIXES}
    return combine_hashes(weights) if weights else None


def weights_sha256(path: Path, cache: Any = None) -> str | None:
    """sha256 of the weight files, each read once per state (remembered in `cache`)."""
    return weights_hash(folder_hashes(path, cache))


# --- loading safely ------------------------------------------------------------------------


def refused_as_unsafe(exc: BaseException) -> bool:
    """True when loading failed because torch's weights-only unpickler refused an object."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, pickle.UnpicklingError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def unsafe_checkpoint(file: Path) -> ModelLoadError:
    """The error for a checkpoint that carries pickled objects besides tensors."""
    return ModelLoadError(
        "refused as unsafe: the checkpoint carries pickled objects besides tensors and plain "
        "values (code that runs when it is loaded), and tarjama loads weights only; use a "
        "safetensors copy or a plain state dict from a source you trust",
        file,
    )


def pickled_weights(path: Path) -> Path:
    """The pickle-format weight file of a model folder to name in an error (else the folder)."""
    return next((f for f in weight_files(path) if f.suffix != ".safetensors"), path)


# --- the Hugging Face hub and its cache --------------------------------------------------


def hub_offline() -> bool:
    """True when HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE) asks for no network at all."""
    truthy = {"1", "on", "yes", "true"}
    flags = (os.environ.get("HF_HUB_OFFLINE", ""), os.environ.get("TRANSFORMERS_OFFLINE", ""))
    return any(flag.strip().lower() in truthy for flag in flags)


def hub_endpoint() -> str:
    return os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")


def hub_reachable(timeout: float = HUB_PROBE_TIMEOUT_S) -> bool:
    """One short request to the hub; any HTTP answer counts as reachable."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(f"{hub_endpoint()}/api/models?limit=1", method="HEAD")
    try:
        urllib.request.urlopen(request, timeout=timeout).close()
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False
    return True


def hf_cache_snapshot(model: str, revision: str | None) -> tuple[Path, str] | None:
    """(snapshot folder, commit) when the local HF cache holds `model`, else None."""
    try:
        from huggingface_hub import snapshot_download
    except ImportError:
        return None
    try:
        folder = Path(snapshot_download(model, revision=revision, local_files_only=True))
    except Exception:  # noqa: BLE001 — any failure here means "not in the cache"
        return None
    return folder, folder.name


def download_to_hf_cache(
    model: str, revision: str | None, unreachable: str | None = None
) -> tuple[Path, str]:
    """Download `model` into the HF cache (network present); errors name the model, and a
    hub that answers only errors (a proxy, an outage) gets the `unreachable` message."""
    from huggingface_hub import snapshot_download

    log.info("downloading %s into the Hugging Face cache", model)
    with hub_errors(model, unreachable):
        folder = Path(
            snapshot_download(
                model,
                revision=revision,
                ignore_patterns=list(PULL_IGNORE),
                etag_timeout=HUB_PROBE_TIMEOUT_S,
            )
        )
    return folder, folder.name


# Hub answers that say something about the model itself; any other failure means the hub
# could not really be reached (a proxy answering HTTP errors, an outage, a timeout).
_MODEL_ANSWERS = {
    "GatedRepoError": (
        "the model is licence-gated: accept its licence on the hub and run "
        "'huggingface-cli login' first"
    ),
    "RepositoryNotFoundError": "no such model or revision on the hub",
    "RevisionNotFoundError": "no such model or revision on the hub",
}


@contextmanager
def hub_errors(model: str, unreachable: str | None = None) -> Iterator[None]:
    """Turn hub failures into ModelNotFoundError naming the model (chained, not swallowed);
    with `unreachable` (how to provide the model offline), a failure that says nothing about
    the model keeps that message, and adds what the hub answered."""
    try:
        yield
    except ModelNotFoundError:
        raise
    except Exception as exc:
        name = type(exc).__name__
        if unreachable and name not in _MODEL_ANSWERS:
            first_line = (str(exc).strip().splitlines() or [""])[0]
            raise ModelNotFoundError(
                f"{unreachable} (the hub answered {name}: {first_line})"
            ) from exc
        raise ModelNotFoundError(f"cannot download model '{model}' ({_hub_hint(exc)})") from exc


def _hub_hint(exc: Exception) -> str:
    name = type(exc).__name__
    return _MODEL_ANSWERS.get(name, f"{name}: {exc}")


# --- the project's model store: models/ and models.lock ----------------------------------


def read_lock(models_dir: Path) -> dict[str, dict[str, Any]]:
    """models.lock as {model id: {revision, path, weights_sha256, files, pulled}}."""
    path = models_dir / LOCK_NAME
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelLoadError(f"unreadable lock file ({exc})", path) from exc
    return dict(data.get("models", {}))


def write_lock_entry(models_dir: Path, model: str, entry: dict[str, Any]) -> Path:
    from tarjama.io import atomic_write_json

    models = {**read_lock(models_dir), model: entry}
    return atomic_write_json(
        models_dir / LOCK_NAME, {"schema": LOCK_SCHEMA, "models": dict(sorted(models.items()))}
    )


def pull_model(model: str, models_dir: Path, revision: str | None = None) -> ResolvedModel:
    """Download `model` into `models_dir/<org>--<name>` and record it in models.lock."""
    if hub_offline():
        raise ModelNotFoundError(
            f"cannot pull '{model}': HF_HUB_OFFLINE is set (pull on a "
            f"machine with network access and copy the models/ folder)"
        )
    try:
        from huggingface_hub import HfApi, snapshot_download
    except ImportError:
        from tarjama.errors import MissingExtraError

        raise MissingExtraError("tarjama models pull", "neural", "huggingface_hub") from None
    target = models_dir / store_name(model)
    with hub_errors(model):
        info = HfApi().model_info(model, revision=revision)
        ignore = list(PULL_IGNORE) + (["pytorch_model*.bin"] if _has_safetensors(info) else [])
        snapshot_download(model, revision=info.sha, local_dir=target, ignore_patterns=ignore)
    return record_pull(model, models_dir, target, info.sha)


def _has_safetensors(info: Any) -> bool:
    return any(s.rfilename.endswith(".safetensors") for s in (info.siblings or []))


def record_pull(model: str, models_dir: Path, target: Path, commit: str | None) -> ResolvedModel:
    """Hash the pulled weights and write the lock entry."""
    everything = folder_hashes(target)
    hashes = {name: sha for name, sha in everything.items() if Path(name).suffix in WEIGHT_SUFFIXES}
    weights = weights_hash(hashes)
    entry = {
        "revision": commit,
        "path": target.name,
        "weights_sha256": weights,
        "files": hashes,
        "pulled": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    write_lock_entry(models_dir, model, entry)
    return ResolvedModel(model, target, commit, weights, "models-dir", listing_hash(everything))


def list_local_models(models_dir: Path, include_hf_cache: bool = True) -> list[dict[str, Any]]:
    """What is on disk: the model store (with lock data) and, optionally, the HF cache."""
    lock = read_lock(models_dir)
    by_folder = {entry.get("path", store_name(mid)): mid for mid, entry in lock.items()}
    rows = []
    if models_dir.is_dir():
        for folder in sorted(p for p in models_dir.iterdir() if p.is_dir()):
            model = by_folder.get(folder.name, folder.name.replace("--", "/"))
            entry = lock.get(model, {})
            rows.append(
                {
                    "model": model,
                    "source": "models-dir",
                    "path": str(folder),
                    "revision": entry.get("revision"),
                    "locked": model in lock,
                    "size_bytes": _folder_size(folder),
                }
            )
    if include_hf_cache:
        rows.extend(_hf_cache_models())
    return rows


def _hf_cache_models() -> list[dict[str, Any]]:
    try:
        from huggingface_hub import scan_cache_dir

        report = scan_cache_dir()
    except Exception:  # noqa: BLE001 — no HF cache (or no huggingface_hub) means nothing to list
        return []
    return [
        {
            "model": repo.repo_id,
            "source": "hf-cache",
            "path": str(repo.repo_path),
            "revision": ",".join(sorted(r.commit_hash[:12] for r in repo.revisions)),
            "locked": False,
            "size_bytes": repo.size_on_disk,
        }
        for repo in sorted(report.repos, key=lambda r: r.repo_id)
        if repo.repo_type == "model"
    ]


def _folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


@contextmanager
def quiet_loggers(names: Sequence[str] = CHATTY_LOGGERS) -> Iterator[None]:
    """Raise chatty library loggers to WARNING for one call, then restore them."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(max(logger.getEffectiveLevel(), logging.WARNING))
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
