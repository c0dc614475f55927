"""A transformers sequence-to-sequence model behind a small interface: token ids in, text out.

Model-specific details live here and only here: the language-code table (which code a model
family uses for a language, and how it forces the first generated token), device and dtype
choice, and the input/output length limits. torch and transformers are imported inside
functions, so the core install stays light.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tarjama.config import EngineConfig
from tarjama.errors import ConfigError, MissingExtraError, ModelLoadError
from tarjama.models import (
    ResolvedModel,
    pickled_weights,
    refused_as_unsafe,
    unsafe_checkpoint,
)

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-ar-en"
# The output budget when the suite sets none: 2n+10 new tokens for n input tokens, rounded up
# to a multiple of BUDGET_STEP, so that inputs of similar length share one budget and can share
# a batch (a batch is generated under one budget, exactly as each of its inputs alone).
BUDGET_STEP = 32
MAX_NEW_TOKENS_POLICY = f"auto:2n+10, rounded up to {BUDGET_STEP}"


@dataclass(frozen=True)
class CodeScheme:
    """How a multilingual model family names languages: ISO 639-1 → model code → BOS token."""

    codes: Mapping[str, str] | None  # None: the ISO code is the model's code
    token: str = "{}"  # the vocabulary token that forces the target language

    def code(self, iso: str) -> str:
        return iso if self.codes is None else self.codes.get(iso, iso)


# Keyed by model family: config.model_type, refined by the tokenizer (NLLB is an m2m_100).
LANGUAGE_CODES: dict[str, CodeScheme | None] = {
    "marian": None,  # one model per direction: no language codes
    "m2m_100": CodeScheme(None, "__{}__"),
    "nllb": CodeScheme(
        {
            "ar": "arb_Arab",
            "en": "eng_Latn",
            "fr": "fra_Latn",
            "de": "deu_Latn",
            "es": "spa_Latn",
            "ru": "rus_Cyrl",
            "uk": "ukr_Cyrl",
            "tr": "tur_Latn",
            "fa": "pes_Arab",
            "ur": "urd_Arab",
            "he": "heb_Hebr",
            "zh": "zho_Hans",
        }
    ),
    "mbart": CodeScheme(
        {
            "ar": "ar_AR",
            "en": "en_XX",
            "fr": "fr_XX",
            "de": "de_DE",
            "es": "es_XX",
            "ru": "ru_RU",
            "uk": "uk_UA",
            "tr": "tr_TR",
            "fa": "fa_IR",
            "he": "he_IL",
            "zh": "zh_CN",
        }
    ),
}


@dataclass(frozen=True)
class LanguagePair:
    """The model's codes for the language it reads (mt) and writes (bt), if it uses codes."""

    src: str | None
    tgt: str | None
    token: str = "{}"  # how a code is written as a vocabulary token

    def token_for(self, code: str | None) -> str | None:
        return self.token.format(code) if code else None


def model_family(path: Path) -> str:
    """config.model_type, or "nllb" when an m2m_100 model comes with an NLLB tokenizer."""
    config = read_json(path / "config.json")
    tokenizer_config = read_json(path / "tokenizer_config.json")
    if "nllb" in str(tokenizer_config.get("tokenizer_class", "")).lower():
        return "nllb"
    return str(config.get("model_type", "unknown"))


def language_pair(family: str, read_iso: str, write_iso: str, config: EngineConfig) -> LanguagePair:
    """Codes for `read_iso` → `write_iso`; the suite's src_lang/tgt_lang override the table."""
    scheme = LANGUAGE_CODES.get(family)
    if scheme is None:
        return LanguagePair(config.src_lang, config.tgt_lang)
    src = config.src_lang or scheme.code(read_iso)
    tgt = config.tgt_lang or scheme.code(write_iso)
    return LanguagePair(src, tgt, scheme.token)


def import_torch(feature: str = "the hf engine", extra: str = "neural") -> Any:
    try:
        import torch
    except ImportError:
        raise MissingExtraError(feature, extra, "torch") from None
    return torch


def import_transformers(feature: str = "the hf engine", extra: str = "neural") -> Any:
    try:
        import transformers
    except ImportError:
        raise MissingExtraError(feature, extra, "transformers") from None
    return transformers


def resolve_device(setting: str, section: str = "backtranslation") -> str:
    """ "auto" → cuda, then mps, then cpu; anything else as given, if torch has that device
    (errors name the suite's `section`)."""
    torch = import_torch()
    if setting != "auto":
        try:
            device = torch.device(setting)
        except RuntimeError as exc:
            raise ConfigError(f"{section}.device: {exc}") from None
        if device.type == "cuda" and not torch.cuda.is_available():
            raise ConfigError(
                f"{section}.device: {setting}, but torch sees no CUDA GPU here (use auto or cpu)"
            )
        return str(device)
    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    return "mps" if mps is not None and mps.is_available() else "cpu"


def resolve_dtype(setting: str, device: str) -> str:
    """ "auto" → bfloat16 on a GPU that supports it, float16 on other CUDA GPUs, else float32."""
    if setting != "auto":
        return setting
    if not device.startswith("cuda"):
        return "float32"
    torch = import_torch()
    return "bfloat16" if torch.cuda.is_bf16_supported() else "float16"


class TokenizedBackend:
    """A model's tokenizer and length limits: `encode` texts, `decode` token ids; the
    language codes set (the source on the tokenizer, the target as the forced first token)."""

    def __init__(
        self,
        tokenizer: Any,
        pair: LanguagePair,
        limits: tuple[int, int],
        section: str = "backtranslation",
    ) -> None:
        self.tokenizer = tokenizer
        self.forced_bos_token_id = _set_languages(tokenizer, pair, section)
        self.max_input_tokens, self.max_output_tokens = limits

    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids with the model's special tokens, never truncated."""
        encoded = self.tokenizer(list(texts), truncation=False, verbose=False)
        return [list(ids) for ids in encoded["input_ids"]]

    def count_tokens(self, text: str) -> int:
        return len(self.encode([text])[0])

    def decode(self, output_ids: Sequence[Sequence[int]]) -> list[str]:
        texts: list[str] = self.tokenizer.batch_decode(output_ids, skip_special_tokens=True)
        return texts


class Seq2SeqBackend(TokenizedBackend):
    """A loaded tokenizer and transformers model: `generate` from token ids."""

    def __init__(
        self,
        tokenizer: Any,
        model: Any,
        pair: LanguagePair,
        device: str,
        dtype: str,
        num_beams: int,
        section: str = "backtranslation",
    ) -> None:
        super().__init__(tokenizer, pair, model_limits(tokenizer, model.config), section)
        self.model = model
        self.device = device
        self.dtype = dtype
        self.num_beams = num_beams

    def generate(self, input_ids: Sequence[Sequence[int]], max_new_tokens: int) -> list[str]:
        """Translate one batch under one output budget.

        Callers batch only inputs that share a budget, so each row is generated exactly as it
        would be alone: the same length limit, and the same forced end token (OPUS-MT forces
        `</s>` at the limit) for greedy and beam search alike.
        """
        torch = import_torch()
        batch = self.tokenizer.pad(
            {"input_ids": [list(ids) for ids in input_ids]}, return_tensors="pt"
        ).to(self.device)
        forced = self.forced_bos_token_id
        kwargs = {"forced_bos_token_id": forced} if forced is not None else {}
        with torch.inference_mode():
            output = self.model.generate(
                **batch, num_beams=self.num_beams, max_new_tokens=max_new_tokens, **kwargs
            )
        return self.decode(output)


def load_tokenizer(
    resolved: ResolvedModel, config: EngineConfig, section: str = "backtranslation"
) -> Any:
    """The model folder's tokenizer, never from the network."""
    transformers = import_transformers()
    try:
        return transformers.AutoTokenizer.from_pretrained(
            resolved.path, local_files_only=True, trust_remote_code=config.trust_remote_code
        )
    except Exception as exc:
        raise load_error(resolved, exc, section) from exc


def load_backend(
    resolved: ResolvedModel,
    config: EngineConfig,
    pair: LanguagePair,
    device: str,
    dtype: str,
    section: str = "backtranslation",
) -> Seq2SeqBackend:
    """Load tokenizer and model from the resolved folder, never from the network."""
    torch = import_torch()
    transformers = import_transformers()

    if device == "cpu" and config.threads:
        torch.set_num_threads(config.threads)
    tokenizer = load_tokenizer(resolved, config, section)
    options = {"local_files_only": True, "trust_remote_code": config.trust_remote_code}
    try:
        model = transformers.AutoModelForSeq2SeqLM.from_pretrained(
            resolved.path, dtype=getattr(torch, dtype), **options
        )
    except Exception as exc:
        raise load_error(resolved, exc, section) from exc
    model.to(device).eval()
    return Seq2SeqBackend(tokenizer, model, pair, device, dtype, config.num_beams, section)


def load_error(
    resolved: ResolvedModel, exc: Exception, section: str = "backtranslation"
) -> ModelLoadError:
    """One line for a failed load: an unsafe pickle, code the suite did not allow, or the
    library's own first line."""
    if refused_as_unsafe(exc):
        return unsafe_checkpoint(pickled_weights(resolved.path))
    if "trust_remote_code" in str(exc):
        return ModelLoadError(
            f"model '{resolved.model_id}' needs to run its own Python code; "
            f"tarjama runs a model's code only when the suite sets "
            f"{section}.trust_remote_code: true",
            resolved.path,
        )
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return ModelLoadError(f"cannot load model '{resolved.model_id}': {detail}", resolved.path)


def _set_languages(tokenizer: Any, pair: LanguagePair, section: str) -> int | None:
    """Tell the tokenizer the source language; return the forced-BOS id for the target."""
    if pair.src and hasattr(tokenizer, "src_lang"):
        _check_token(tokenizer, pair.src, pair.token_for(pair.src), section)
        tokenizer.src_lang = pair.src
    if not pair.tgt:
        return None
    return _check_token(tokenizer, pair.tgt, pair.token_for(pair.tgt), section)


def _check_token(tokenizer: Any, code: str, token: str | None, section: str) -> int:
    token_id = tokenizer.convert_tokens_to_ids(token)
    if token_id is None or token_id == tokenizer.unk_token_id:
        raise ConfigError(
            f"the model's tokenizer has no language code '{code}' (token "
            f"'{token}'); set {section}.src_lang / tgt_lang"
        )
    return int(token_id)


def model_limits(tokenizer: Any, config: Any) -> tuple[int, int]:
    """(input, output) token limits of a model from its tokenizer and config."""
    return _input_limit(tokenizer, config), _output_limit(config)


def _input_limit(tokenizer: Any, config: Any) -> int:
    limits = [getattr(config, "max_position_embeddings", None), tokenizer.model_max_length]
    return min(int(v) for v in limits if v and v < 1_000_000)


def _output_limit(config: Any) -> int:
    """The decoder's position limit (generation_config.max_length is ignored: it is often
    transformers' default of 20, and max_new_tokens overrides it anyway)."""
    positions = getattr(config, "max_position_embeddings", None) or 1024
    return int(positions) - 1


def read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelLoadError(f"unreadable {path.name} ({exc})", path.parent) from exc
