"""What every translating engine shares: the persistent cache, resuming, and progress.

An engine says how it translates texts that are not cached (`translations`, finished ones as
each batch or request ends) and what identifies its output (`key`); `translate` does the
rest: each distinct text once, cached texts from the cache, every finished batch committed at
once, so a run that is killed (even with SIGKILL) loses at most the batch in flight and the
next run says "resumed: N of M segments cached" and goes on from there.
"""

from __future__ import annotations

import sys
from abc import abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from tarjama.cache import Cache, cache_key
from tarjama.config import EngineConfig
from tarjama.context import RunContext
from tarjama.progress import Progress
from tarjama.translate.base import Role, Translator

STAGE_NAMES = {"backtranslation": "back-translation", "system": "system translation"}


class CachedTranslator(Translator):
    """An engine whose translations are cached by `key` under the namespace of its name."""

    def __init__(
        self,
        config: EngineConfig,
        context: RunContext | None = None,
        *,
        role: Role = "backtranslation",
    ) -> None:
        super().__init__(config, context, role=role)
        self.cache = self.context.cache or Cache(enabled=False)
        self.stats = {"cache_hits": 0, "cache_misses": 0, **self.work_counters()}

    @property
    def namespace(self) -> str:
        return f"translate.{self.name}"

    def work_counters(self) -> dict[str, int]:
        """The engine's own counters of model work, reported in `stats` (all zero here)."""
        return {}

    @abstractmethod
    def identity(self) -> tuple[Any, ...]:
        """Everything besides the engine and the text that changes a translation: the
        model's files or name, and the generation settings (part of every cache key)."""

    @abstractmethod
    def translations(self, texts: Sequence[str]) -> Iterator[dict[int, str]]:
        """Translations of `texts` as each batch finishes: {index into `texts`: text}."""

    def key(self, text: str) -> str:
        return cache_key(self.name, *self.identity(), text)

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Translations of `texts` in order: from the cache where possible, else the engine,
        each finished batch committed to the cache at once."""
        keys = [self.key(text) for text in texts]
        found = self.lookup(keys)
        todo = {key: text for key, text in zip(keys, texts, strict=True) if key not in found}
        todo_keys = list(todo)
        with self._progress(len(todo)) as bar:
            for done in self.translations(list(todo.values())):
                fresh = {todo_keys[index]: translation for index, translation in done.items()}
                self.cache.put_many(self.namespace, fresh)
                found.update(fresh)
                bar.update(len(fresh))
        return [found[key] for key in keys]

    def lookup(self, keys: Sequence[str]) -> dict[str, str]:
        """The cached translations of `keys`, counted in `stats`; a resumed run is noted."""
        found: dict[str, str] = self.cache.get_many(self.namespace, keys)
        hits = sum(key in found for key in keys)
        self.stats["cache_hits"] += hits
        self.stats["cache_misses"] += len(keys) - hits
        if hits:
            note = f"resumed: {hits} of {len(keys)} segments cached"
            Progress(self.context.show_progress).note(note)
        return found

    def cached(self, texts: Sequence[str]) -> dict[int, str]:
        """The cached translations of `texts`, by index (see `lookup`)."""
        keys = [self.key(text) for text in texts]
        found = self.lookup(keys)
        return {index: found[key] for index, key in enumerate(keys) if key in found}

    def store(self, translations: Mapping[str, str]) -> None:
        """Cache translations made elsewhere (text: its translation), as `translate` would."""
        fresh = {self.key(text): translation for text, translation in translations.items()}
        self.cache.put_many(self.namespace, fresh)

    def translate_uncached(self, texts: Sequence[str]) -> list[str]:
        """Translations of `texts` in order, all from the engine (no cache, no dedupe)."""
        outputs = ["" for _ in texts]
        for done in self.translations(texts):
            for index, translation in done.items():
                outputs[index] = translation
        return outputs

    @contextmanager
    def _progress(self, total: int) -> Iterator[Any]:
        """A tqdm bar (segments/s) on stderr when it is a terminal and progress is wanted."""
        if not self.context.show_progress or not sys.stderr.isatty() or not total:
            yield _NoBar()
            return
        from tqdm import tqdm

        with tqdm(
            total=total, desc=STAGE_NAMES[self.role], unit="seg", file=sys.stderr, leave=False
        ) as bar:
            yield bar


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass
