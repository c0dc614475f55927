"""What the sequence-to-sequence engines (`hf`, `ct2`) share: finding the model, planning
token ids, and batching them by a token budget under one output budget per batch.

Inputs are tokenised once each, sorted by length, batched so that the longest input times the
batch's count stays under `max_batch_tokens`, and a batch only holds inputs that share an
output budget (2n+10 new tokens rounded up to BUDGET_STEP when the suite sets none), so
batched and one-at-a-time outputs are identical. A text over the model's input limit is cut at
sentence ends into pieces that fit; nothing is truncated. The engines differ only in the
backend that turns a batch of token ids into texts.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from tarjama.config import EngineConfig
from tarjama.context import RunContext
from tarjama.errors import ConfigError
from tarjama.models import ResolvedModel, default_models_dir, model_location, resolve_model
from tarjama.translate.base import Role
from tarjama.translate.batching import token_budget_batches
from tarjama.translate.cached import CachedTranslator
from tarjama.translate.hf_model import (
    BUDGET_STEP,
    DEFAULT_MODEL,
    MAX_NEW_TOKENS_POLICY,
    LanguagePair,
    language_pair,
    model_family,
)
from tarjama.translate.split import join_translations, split_to_fit

CHUNK_SEGMENTS = 1024  # texts planned and batched at a time (bounds the memory of a long run)
# The settings every sequence-to-sequence engine reads.
SEQ2SEQ_SETTINGS = frozenset(
    {
        "revision",
        "batch_size",
        "max_batch_tokens",
        "num_beams",
        "max_new_tokens",
        "device",
        "src_lang",
        "tgt_lang",
        "trust_remote_code",
    }
)


class Backend(Protocol):
    """A loaded model behind token ids: what the engine needs of it."""

    max_input_tokens: int
    max_output_tokens: int

    def encode(self, texts: Sequence[str]) -> list[list[int]]: ...

    def count_tokens(self, text: str) -> int: ...

    def generate(self, input_ids: Sequence[Sequence[int]], max_new_tokens: int) -> list[str]: ...


class ModelInput(NamedTuple):
    """One piece of one text as the model reads it."""

    text: int  # index of the text the piece belongs to
    position: int  # the piece's place in that text
    ids: list[int]  # its token ids


class Seq2SeqEngine(CachedTranslator):
    """A model from the local store, translated in token-budget batches; `backend` injects
    a loaded model, `resolved` a found one."""

    settings = SEQ2SEQ_SETTINGS

    def __init__(
        self,
        config: EngineConfig,
        context: RunContext | None = None,
        *,
        role: Role = "backtranslation",
        backend: Backend | None = None,
        resolved: ResolvedModel | None = None,
    ) -> None:
        super().__init__(config, context, role=role)
        default = DEFAULT_MODEL if role == "backtranslation" else None
        self.model_ref = config.model or default
        self._backend = backend
        self._resolved = resolved
        self._setup: dict[str, Any] | None = None

    def work_counters(self) -> dict[str, int]:
        return {"model_calls": 0, "model_inputs": 0, "split_segments": 0}

    # --- what the model is ----------------------------------------------------------

    @property
    def resolved(self) -> ResolvedModel:
        if self._resolved is None:
            if self.model_ref is None:
                raise ConfigError(
                    f"{self.role}.model: the {self.name} engine needs a model "
                    f"(a hub id or a local folder)"
                )
            resolved = resolve_model(
                model_location(self.model_ref, self.context.suite_dir),
                revision=self.config.revision,
                models_dir=self.models_dir(),
                required=("config.json",),
                cache=self.cache if self.cache.enabled else None,
            )
            # A local folder keeps the name the suite gave it (not this machine's full path).
            self._resolved = replace(resolved, model_id=self.model_ref)
        return self._resolved

    def models_dir(self) -> Path:
        return self.context.models_dir or default_models_dir(self.context.suite_dir)

    def check_ready(self) -> None:
        """Find the model and decide device, precision and language codes, loading no
        weights."""
        self.setup  # noqa: B018 — resolving is the check

    @property
    def setup(self) -> dict[str, Any]:
        """The engine's device and precision, and the language codes, decided without
        loading the weights."""
        if self._setup is None:
            read_iso, write_iso = self.reads, self.writes
            family = model_family(self.resolved.path)
            pair = language_pair(family, read_iso, write_iso, self.config)
            self._setup = {**self.decide_setup(), "pair": pair}
        return self._setup

    @abstractmethod
    def decide_setup(self) -> dict[str, Any]:
        """The engine's device and precision settings (loading no weights)."""

    @abstractmethod
    def load_backend(self) -> Backend:
        """Load the model for the decided setup."""

    def generation(self) -> dict[str, Any]:
        """Settings that change the output text (part of every cache key)."""
        pair: LanguagePair = self.setup["pair"]
        return {
            "num_beams": self.config.num_beams,
            "max_new_tokens": self.config.max_new_tokens or MAX_NEW_TOKENS_POLICY,
            "src_lang": pair.src,
            "tgt_lang": pair.tgt,
        }

    def identity(self) -> tuple[Any, ...]:
        return self.resolved.identity, self.generation()

    def describe(self) -> dict[str, Any]:
        return {
            "engine": self.name,
            "model": self.resolved.model_id,
            **self.resolved.provenance(),
            "generation": self.generation(),
            "device": self.setup["device"],
            "batch_size": self.config.batch_size,
            "max_batch_tokens": self.config.max_batch_tokens,
        }

    @property
    def backend(self) -> Backend:
        """The loaded model, loaded on first use (a fully cached run never loads it)."""
        if self._backend is None:
            self._backend = self.load_backend()
        return self._backend

    # --- translating ----------------------------------------------------------------

    def translations(self, texts: Sequence[str]) -> Iterator[dict[int, str]]:
        """Finished translations as each batch ends: {index into `texts`: translation}.

        Texts are planned and batched CHUNK_SEGMENTS at a time, so the token ids of a long
        run are never all held at once.
        """
        for start in range(0, len(texts), CHUNK_SEGMENTS):
            for done in self._translate_chunk(texts[start : start + CHUNK_SEGMENTS]):
                yield {start + index: bt for index, bt in done.items()}

    def _translate_chunk(self, texts: Sequence[str]) -> Iterator[dict[int, str]]:
        """Length-sorted batches, one output budget per batch; a text is done with its last
        piece."""
        pieces, inputs = self.plan(texts)
        outputs = [["" for _ in parts] for parts in pieces]
        remaining = [0 for _ in texts]
        for item in inputs:
            remaining[item.text] += 1
        nothing_to_do = {i: "" for i, count in enumerate(remaining) if count == 0}
        if nothing_to_do:
            yield nothing_to_do
        budgets = [self.output_budget(len(item.ids)) for item in inputs]
        for batch in token_budget_batches(
            [len(item.ids) for item in inputs],
            self.config.max_batch_tokens,
            self.config.batch_size,
            groups=budgets,
        ):
            translated = self.backend.generate([inputs[j].ids for j in batch], budgets[batch[0]])
            self.stats["model_calls"] += 1
            self.stats["model_inputs"] += len(batch)
            done = {}
            for j, bt in zip(batch, translated, strict=True):
                text, position = inputs[j].text, inputs[j].position
                outputs[text][position] = bt
                remaining[text] -= 1
                if remaining[text] == 0:
                    done[text] = join_translations(pieces[text], outputs[text])
            yield done

    def plan(self, texts: Sequence[str]) -> tuple[list[list[str]], list[ModelInput]]:
        """Each text's pieces, and the model inputs (token ids) of the non-blank pieces.

        Every text is tokenised once; only a text over the model's input limit is split
        into pieces, and those pieces tokenised.
        """
        backend = self.backend
        stripped = [text.strip() for text in texts]
        encoded = iter(backend.encode([text for text in stripped if text]))
        pieces: list[list[str]] = []
        inputs: list[ModelInput] = []
        for index, text in enumerate(texts):
            ids = next(encoded) if stripped[index] else None
            if ids is None or len(ids) <= backend.max_input_tokens:
                pieces.append([text])
                inputs += [ModelInput(index, 0, ids)] if ids is not None else []
                continue
            parts = self.pieces(text)
            pieces.append(parts)
            live = [(position, part.strip()) for position, part in enumerate(parts) if part.strip()]
            rows = backend.encode([part for _, part in live])
            inputs += [
                ModelInput(index, position, row)
                for (position, _), row in zip(live, rows, strict=True)
            ]
        return pieces, inputs

    def pieces(self, text: str) -> list[str]:
        """`text` cut at sentence ends (then clauses, then words) to fit the input limit."""
        backend = self.backend
        pieces = split_to_fit(text, backend.count_tokens, backend.max_input_tokens)
        if len(pieces) > 1:
            self.stats["split_segments"] += 1
        return pieces

    def output_budget(self, input_tokens: int) -> int:
        """New tokens allowed for an input of `input_tokens` tokens: the suite's
        max_new_tokens, else 2n+10 rounded up to BUDGET_STEP; at most the decoder's limit."""
        step = BUDGET_STEP
        budget = self.config.max_new_tokens or -(-(2 * input_tokens + 10) // step) * step
        return min(budget, self.backend.max_output_tokens)
