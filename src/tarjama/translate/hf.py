"""The `hf` engine: back-translation with any transformers sequence-to-sequence model.

Marian (`Helsinki-NLP/opus-mt-ar-en`, the default), NLLB-200 and M2M100 work by name or as a
local folder (see tarjama.models for how a name is found offline). Inputs are translated once
per distinct text: cached ones come from the persistent cache, the rest are sorted by length,
batched by a token budget, generated, and returned in the caller's order.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple

from tarjama.cache import Cache, cache_key
from tarjama.config import BacktranslationConfig
from tarjama.context import RunContext
from tarjama.models import ResolvedModel, default_models_dir, model_location, resolve_model
from tarjama.progress import Progress
from tarjama.translate.base import Translator
from tarjama.translate.batching import token_budget_batches
from tarjama.translate.hf_model import (
    BUDGET_STEP,
    DEFAULT_MODEL,
    MAX_NEW_TOKENS_POLICY,
    LanguagePair,
    Seq2SeqBackend,
    language_pair,
    load_backend,
    model_family,
    resolve_device,
    resolve_dtype,
)
from tarjama.translate.split import join_translations, split_to_fit

log = logging.getLogger(__name__)

NAMESPACE = "translate.hf"
CHUNK_SEGMENTS = 1024  # texts planned and batched at a time (bounds the memory of a long run)


class ModelInput(NamedTuple):
    """One piece of one text as the model reads it."""

    text: int  # index of the text the piece belongs to
    position: int  # the piece's place in that text
    ids: list[int]  # its token ids


class HfEngine(Translator):
    """Back-translates with a transformers seq2seq model; `backend` injects a loaded model."""

    name = "hf"

    def __init__(self, config: BacktranslationConfig, context: RunContext | None = None, *,
                 backend: Seq2SeqBackend | None = None,
                 resolved: ResolvedModel | None = None) -> None:
        super().__init__(config, context)
        self.model_ref = config.model or DEFAULT_MODEL
        self.cache = self.context.cache or Cache(enabled=False)
        self._backend = backend
        self._resolved = resolved
        self._setup: dict[str, Any] | None = None
        self.stats = {"cache_hits": 0, "cache_misses": 0, "model_calls": 0,
                      "model_inputs": 0, "split_segments": 0}

    # --- what the model is ----------------------------------------------------------

    @property
    def resolved(self) -> ResolvedModel:
        if self._resolved is None:
            resolved = resolve_model(
                self._model_location(), revision=self.config.revision,
                models_dir=self._models_dir(), required=("config.json",),
                cache=self.cache if self.cache.enabled else None)
            # A local folder keeps the name the suite gave it (not this machine's full path).
            self._resolved = replace(resolved, model_id=self.model_ref)
        return self._resolved

    def _model_location(self) -> str:
        return model_location(self.model_ref, self.context.suite_dir)

    def _models_dir(self) -> Path:
        return self.context.models_dir or default_models_dir(self.context.suite_dir)

    def check_ready(self) -> None:
        """Find the model and decide device, dtype and language codes, loading no weights."""
        self.setup  # noqa: B018 — resolving is the check

    @property
    def setup(self) -> dict[str, Any]:
        """Device, dtype and language codes, decided without loading the weights."""
        if self._setup is None:
            backend = self._backend
            device = backend.device if backend else resolve_device(self.config.device)
            dtype = backend.dtype if backend else resolve_dtype(self.config.dtype, device)
            read_iso, write_iso = self.context.tgt_lang, self.context.src_lang
            pair = language_pair(model_family(self.resolved.path), read_iso, write_iso, self.config)
            self._setup = {"device": device, "dtype": dtype, "pair": pair}
        return self._setup

    def generation(self) -> dict[str, Any]:
        """Settings that change the output text (part of every cache key)."""
        pair: LanguagePair = self.setup["pair"]
        return {"num_beams": self.config.num_beams,
                "max_new_tokens": self.config.max_new_tokens or MAX_NEW_TOKENS_POLICY,
                "src_lang": pair.src, "tgt_lang": pair.tgt, "dtype": self.setup["dtype"]}

    def describe(self) -> dict[str, Any]:
        resolved = self.resolved
        return {"engine": self.name, "model": resolved.model_id, "revision": resolved.revision,
                "weights_sha256": resolved.weights_sha256,
                "files_sha256": resolved.files_sha256, "source": resolved.source,
                "generation": self.generation(), "device": self.setup["device"],
                "dtype": self.setup["dtype"], "batch_size": self.config.batch_size,
                "max_batch_tokens": self.config.max_batch_tokens}

    @property
    def backend(self) -> Seq2SeqBackend:
        """The loaded model, loaded on first use (a fully cached run never loads it)."""
        if self._backend is None:
            self._backend = load_backend(self.resolved, self.config, self.setup["pair"],
                                         self.setup["device"], self.setup["dtype"])
        return self._backend

    # --- translating ----------------------------------------------------------------

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Translations of `texts` in order: from the cache where possible, else the model.

        Each finished batch is committed to the cache at once, so a run that is killed (even
        with SIGKILL) loses at most the batch in flight, and the next run resumes from there.
        """
        keys = [self.key(text) for text in texts]
        found = self.cache.get_many(NAMESPACE, keys)
        hits = sum(key in found for key in keys)
        self.stats["cache_hits"] += hits
        self.stats["cache_misses"] += len(keys) - hits
        if hits:
            note = f"resumed: {hits} of {len(keys)} segments cached"
            Progress(self.context.show_progress).note(note)
        todo = {key: text for key, text in zip(keys, texts, strict=True) if key not in found}
        todo_keys = list(todo)
        with self._progress(len(todo)) as bar:
            for done in self.translations(list(todo.values())):
                fresh = {todo_keys[index]: bt for index, bt in done.items()}
                self.cache.put_many(NAMESPACE, fresh)
                found.update(fresh)
                bar.update(len(fresh))
        return [found[key] for key in keys]

    def key(self, text: str) -> str:
        return cache_key(self.name, self.resolved.identity, self.generation(), text)

    def translate_uncached(self, texts: Sequence[str]) -> list[str]:
        """Translations of `texts` in order, all from the model (no cache, no dedupe)."""
        outputs = ["" for _ in texts]
        for done in self.translations(texts):
            for index, bt in done.items():
                outputs[index] = bt
        return outputs

    def translations(self, texts: Sequence[str]) -> Iterator[dict[int, str]]:
        """Finished translations as each batch ends: {index into `texts`: translation}.

        Texts are planned and batched CHUNK_SEGMENTS at a time, so the token ids of a long
        run are never all held at once.
        """
        for start in range(0, len(texts), CHUNK_SEGMENTS):
            for done in self._translate_chunk(texts[start:start + CHUNK_SEGMENTS]):
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
        for batch in token_budget_batches([len(item.ids) for item in inputs],
                                          self.config.max_batch_tokens, self.config.batch_size,
                                          groups=budgets):
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
            live = [(position, part.strip()) for position, part in enumerate(parts)
                    if part.strip()]
            rows = backend.encode([part for _, part in live])
            inputs += [ModelInput(index, position, row)
                       for (position, _), row in zip(live, rows, strict=True)]
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

    @contextmanager
    def _progress(self, total: int) -> Iterator[Any]:
        """A tqdm bar (segments/s) on stderr when it is a terminal and progress is wanted."""
        if not self.context.show_progress or not sys.stderr.isatty() or not total:
            yield _NoBar()
            return
        from tqdm import tqdm

        with tqdm(total=total, desc="back-translation", unit="seg", file=sys.stderr,
                  leave=False) as bar:
            yield bar


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass
