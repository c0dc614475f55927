"""CTranslate2 behind the same small interface as torch: token ids in, text out.

A transformers checkpoint (Marian, NLLB, M2M100) is converted once per quantization with
CTranslate2's own converter and kept in the model store under `.ctranslate2/`, beside a
manifest naming the source model's files hash and revision, the CTranslate2 version and the
quantization; a conversion is reused only while all of them match. The tokenizer stays the
checkpoint's own (transformers), so token ids, language codes and length limits are those of
the `hf` engine, and float32 outputs are the same (greedy, and beam search where the checkpoint
stops early; docs/engines.md names the two cases that differ).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from tarjama.cache import cache_key
from tarjama.errors import ConfigError, MissingExtraError, ModelLoadError, OutputError
from tarjama.models import ResolvedModel
from tarjama.translate.hf_model import (
    LanguagePair,
    TokenizedBackend,
    load_error,
    model_limits,
    read_json,
)

log = logging.getLogger(__name__)

CONVERTED_DIR = ".ctranslate2"  # inside the model store
MANIFEST = "tarjama-ct2.json"
MANIFEST_SCHEMA = "tarjama.ct2-model/1"
# The precision when the suite says `auto`: the hf engine's own default on each device, so
# that ct2 gives the same translations as hf unless the suite asks for less.
AUTO_QUANTIZATION = {"cpu": "float32", "cuda": "float16"}
# Generation settings of a checkpoint's generation_config.json that CTranslate2 also takes.
DECODING_SETTINGS = ("no_repeat_ngram_size", "repetition_penalty", "length_penalty")


def import_ctranslate2() -> Any:
    try:
        import ctranslate2
    except ImportError:
        raise MissingExtraError("the ct2 engine", "ct2", "ctranslate2") from None
    return ctranslate2


@dataclass(frozen=True)
class Ct2Device:
    """Where CTranslate2 runs: `cpu` or `cuda` and the GPU's index."""

    kind: str
    index: int = 0

    def __str__(self) -> str:
        return self.kind if self.kind == "cpu" else f"{self.kind}:{self.index}"


def resolve_device(setting: str, section: str) -> Ct2Device:
    """ "auto" → the first CUDA GPU CTranslate2 sees, else cpu; "cpu", "cuda", "cuda:N" as
    given when that device is here (errors name the suite's `section`)."""
    gpus = import_ctranslate2().get_cuda_device_count()
    if setting == "auto":
        return Ct2Device("cuda") if gpus else Ct2Device("cpu")
    kind, _, index = setting.partition(":")
    if kind not in ("cpu", "cuda") or (index and not index.isdigit()):
        raise ConfigError(
            f"{section}.device: the ct2 engine runs on auto, cpu, cuda or cuda:N, not '{setting}'"
        )
    device = Ct2Device(kind, int(index or 0))
    if kind == "cuda" and device.index >= gpus:
        seen = f"sees {gpus} CUDA GPU(s)" if gpus else "sees no CUDA GPU"
        raise ConfigError(
            f"{section}.device: {setting}, but CTranslate2 {seen} here (use auto or cpu)"
        )
    return device


def resolve_quantization(setting: str, device: Ct2Device, section: str) -> str:
    """The quantization for `device` ("auto": AUTO_QUANTIZATION), if the device supports it."""
    quantization = AUTO_QUANTIZATION[device.kind] if setting == "auto" else setting
    supported = import_ctranslate2().get_supported_compute_types(device.kind, device.index)
    if quantization not in supported:
        raise ConfigError(
            f"{section}.quantization: {quantization} is not supported on "
            f"{device} here (supported: {', '.join(sorted(supported))})"
        )
    return quantization


# --- the converted model store ---------------------------------------------------------


def manifest_for(resolved: ResolvedModel, quantization: str) -> dict[str, Any]:
    """What a converted model must have been made from to be reused."""
    return {
        "schema": MANIFEST_SCHEMA,
        "model": resolved.model_id,
        "revision": resolved.revision,
        "files_sha256": resolved.files_sha256,
        "weights_sha256": resolved.weights_sha256,
        "ctranslate2": import_ctranslate2().__version__,
        "quantization": quantization,
    }


def converted_folder(resolved: ResolvedModel, quantization: str, models_dir: Path) -> Path:
    """The converted model's folder in the store: one per source files, version and
    quantization, so that none replaces another."""
    wanted = manifest_for(resolved, quantization)
    digest = cache_key(resolved.identity, wanted["ctranslate2"], quantization)[:16]
    return models_dir / CONVERTED_DIR / f"{resolved.path.name}--{quantization}--{digest}"


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of a converted folder, or None when there is none (or it is unreadable)."""
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return manifest
    except (OSError, ValueError):
        return None


def is_current(folder: Path, resolved: ResolvedModel, quantization: str) -> bool:
    """Whether `folder` holds this model converted with this version and quantization."""
    found = read_manifest(folder)
    if found is None or not (folder / "model.bin").exists():
        return False
    wanted = manifest_for(resolved, quantization)
    return all(found.get(key) == value for key, value in wanted.items())


def ensure_converted(
    resolved: ResolvedModel,
    quantization: str,
    models_dir: Path,
    *,
    trust_remote_code: bool = False,
    section: str = "backtranslation",
) -> Path:
    """The converted model's folder, converting the checkpoint first when the store holds no
    current conversion. Written to a temporary folder and renamed into place, so a killed
    conversion or two runs converting at once never leave a half-written model."""
    target = converted_folder(resolved, quantization, models_dir)
    if is_current(target, resolved, quantization):
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".converting-", dir=target.parent))
    except OSError as exc:
        raise OutputError(
            f"cannot write the converted model ({exc}); set "
            f"backtranslation.models_dir to a writable folder",
            target.parent,
        ) from exc
    try:
        found = convert(resolved, quantization, staging / "model", trust_remote_code, section)
        manifest = {
            **manifest_for(resolved, quantization),
            **found,
            "converted": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        (staging / "model" / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        _replace(staging / "model", target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def convert(
    resolved: ResolvedModel, quantization: str, output: Path, trust_remote_code: bool, section: str
) -> dict[str, Any]:
    """CTranslate2's converter on the local checkpoint (weights loaded as transformers
    loads them: safetensors, or a weights-only unpickler); returns what it learnt of the
    checkpoint on the way, for the manifest: {"start_embedding": see `start_embedding`}."""
    found: dict[str, Any] = {}

    class Converter(import_ctranslate2().converters.TransformersConverter):  # type: ignore[misc]
        def load_model(self, model_class: Any, name_or_path: str, **kwargs: Any) -> Any:
            model = super().load_model(model_class, name_or_path, **kwargs)
            found["start_embedding"] = start_embedding(model)
            return model

    converter = Converter(str(resolved.path), trust_remote_code=trust_remote_code)
    try:
        converter.convert(str(output), quantization=quantization, force=True)
    except Exception as exc:
        raise load_error(resolved, exc, section) from exc
    return found


def start_embedding(model: Any) -> str | None:
    """For a Marian model, whether its decoder starts from a zero embedding ("zero") or not
    ("non-zero"); None for other models.

    transformers starts a Marian decoder from the `<pad>` row of its embeddings, which Marian's
    own training leaves at zero; CTranslate2 starts it from zeros. The row is tied to the
    output layer, so fine-tuning with transformers moves it, and CTranslate2's translations of
    such a checkpoint then differ from the hf engine's.
    """
    config = model.config
    if config.model_type != "marian":
        return None
    row = model.get_decoder().embed_tokens.weight[config.decoder_start_token_id]
    return "non-zero" if bool(row.any()) else "zero"


def warn_if_start_differs(folder: Path, model_id: str, section: str) -> None:
    """Log, at load, a conversion whose checkpoint starts its decoder from a non-zero
    embedding (its translations differ from the hf engine's)."""
    if (read_manifest(folder) or {}).get("start_embedding") == "non-zero":
        log.warning(
            "%s.engine: ct2 translates %s differently from the hf engine: its decoder's "
            "start embedding (<pad>) is not zero, as after fine-tuning with transformers, and "
            "CTranslate2 starts Marian decoders from zeros; use engine: hf to match it",
            section,
            model_id,
        )


def _replace(staging: Path, target: Path) -> None:
    """Move a finished conversion into place (an older or partial one is replaced; one that
    another run finished meanwhile is kept)."""
    if target.exists():
        shutil.rmtree(target, ignore_errors=True)
    try:
        os.replace(staging, target)
    except OSError:
        if not (target / MANIFEST).exists():
            raise


# --- the loaded model ---------------------------------------------------------------------


def decoding_settings(path: Path) -> dict[str, Any]:
    """The checkpoint's generation settings that change outputs, as the hf engine would use
    them: the ones CTranslate2 also takes, and `forced_eos_token_id` (transformers then spends
    the last token of the budget on the end token)."""
    generation = read_json(path / "generation_config.json") or read_json(path / "config.json")
    found = {key: generation[key] for key in DECODING_SETTINGS if generation.get(key) is not None}
    return {**found, "forced_eos": generation.get("forced_eos_token_id") is not None}


class Ct2Backend(TokenizedBackend):
    """The checkpoint's tokenizer and a `ctranslate2.Translator` on its conversion."""

    def __init__(
        self,
        tokenizer: Any,
        translator: Any,
        pair: LanguagePair,
        limits: tuple[int, int],
        num_beams: int,
        decoding: Mapping[str, Any],
        section: str = "backtranslation",
    ) -> None:
        super().__init__(tokenizer, pair, limits, section)
        self.translator = translator
        self.num_beams = num_beams
        self.forced_eos = bool(decoding.get("forced_eos"))
        self.options = {key: value for key, value in decoding.items() if key != "forced_eos"}
        # CTranslate2 reads and writes token strings: the tokenizer's id ↔ token tables are
        # read once here (its conversions, token by token, cost a fifth of a small model's run).
        self.pieces: list[str] = tokenizer.convert_ids_to_tokens(list(range(len(tokenizer))))
        self.piece_ids = dict(zip(self.pieces, tokenizer.convert_tokens_to_ids(self.pieces)))
        forced = self.forced_bos_token_id
        self.target_prefix = self.pieces[forced] if forced is not None else None

    def to_tokens(self, ids: Sequence[int]) -> list[str]:
        """Token ids as CTranslate2 reads them (the tokenizer's own token strings)."""
        pieces = self.pieces
        if all(0 <= i < len(pieces) for i in ids):
            return [pieces[i] for i in ids]
        converted: list[str] = self.tokenizer.convert_ids_to_tokens(list(ids))
        return converted

    def to_ids(self, tokens: Sequence[str]) -> list[int]:
        """CTranslate2's output tokens as the tokenizer's ids (unknown ones as it maps them)."""
        known = self.piece_ids
        if all(token in known for token in tokens):
            return [known[token] for token in tokens]
        converted: list[int] = self.tokenizer.convert_tokens_to_ids(list(tokens))
        return converted

    def generate(self, input_ids: Sequence[Sequence[int]], max_new_tokens: int) -> list[str]:
        """Translate one batch under one output budget, counted as transformers counts it:
        the forced language token is part of the budget, and a forced end token takes its
        last place."""
        tokens = [self.to_tokens(ids) for ids in input_ids]
        prefix = [[self.target_prefix]] * len(tokens) if self.target_prefix else None
        length = max_new_tokens - 1 if self.forced_eos else max_new_tokens
        results = self.translator.translate_batch(
            tokens,
            target_prefix=prefix,
            beam_size=self.num_beams,
            max_decoding_length=length,
            max_input_length=0,
            min_decoding_length=0,  # transformers may end a translation at once; so may ct2
            **self.options,
        )
        return self.decode([self.to_ids(result.hypotheses[0]) for result in results])


def load_translator(
    folder: Path, device: Ct2Device, quantization: str, inter_threads: int, intra_threads: int
) -> Any:
    """A `ctranslate2.Translator` on a converted folder."""
    ctranslate2 = import_ctranslate2()
    try:
        return ctranslate2.Translator(
            str(folder),
            device=device.kind,
            device_index=device.index,
            compute_type=quantization,
            inter_threads=inter_threads,
            intra_threads=intra_threads,
        )
    except (RuntimeError, ValueError) as exc:
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ModelLoadError(f"cannot load the converted model: {detail}", folder) from exc


def checkpoint_limits(tokenizer: Any, path: Path) -> tuple[int, int]:
    """The checkpoint's (input, output) token limits, read from its config.json."""
    return model_limits(tokenizer, SimpleNamespace(**read_json(path / "config.json")))
