"""The run context: the settings that every stage of one run reads, built once from the suite.

Engines, metrics and checks take it explicitly instead of loose keyword arguments, so that a
misspelt setting is an error and each default is written once (in `tarjama.config`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tarjama.cache import Cache
from tarjama.config import DEFAULT_SEED, DEFAULT_SRC_LANG, DEFAULT_TGT_LANG
from tarjama.lang.entities import DEFAULT_ENTITY_MODEL

if TYPE_CHECKING:
    from tarjama.config import Suite


@dataclass(frozen=True)
class RunContext:
    """Languages, randomness, shared resources and places of one run.

    The defaults are a run with no suite: English source, Arabic target, the suite default
    seed, no persistent cache, the default model store, worker processes by input size.
    """

    src_lang: str = DEFAULT_SRC_LANG
    tgt_lang: str = DEFAULT_TGT_LANG
    seed: int = DEFAULT_SEED
    workers: int | None = None
    """Processes for lexical statistics (None: one per idle core, one per 2,500 segments)."""
    entity_model: str = DEFAULT_ENTITY_MODEL
    cache: Cache | None = None
    """The persistent cache of back-translations and model scores (None: nothing is cached)."""
    models_dir: Path | None = None
    """The local model store a suite names (None: $TARJAMA_MODELS_DIR or the nearest models/)."""
    suite_dir: Path | None = None
    """The suite's folder: relative model folders and the default model store start there."""
    show_progress: bool = True

    @classmethod
    def from_suite(
        cls,
        suite: Suite,
        *,
        use_cache: bool = True,
        cache_path: Path | None = None,
        show_progress: bool = True,
    ) -> RunContext:
        """The context of a run of `suite`; `use_cache` and `cache_path` (else the suite's
        cache.path) are the invocation's choices, as `tarjama run --no-cache / --cache`."""
        suite_dir = suite.path.parent if suite.path else None
        return cls(
            src_lang=suite.languages.src,
            tgt_lang=suite.languages.tgt,
            seed=suite.seed,
            workers=suite.workers,
            entity_model=suite.entities.model,
            cache=Cache(cache_path or suite.cache.path, enabled=suite.cache.enabled and use_cache),
            models_dir=_models_dir(suite.backtranslation.models_dir, suite_dir),
            suite_dir=suite_dir,
            show_progress=show_progress,
        )

    @classmethod
    def from_languages(cls, languages: Mapping[str, str] | None) -> RunContext:
        """The context for a `languages` block of results.json ({"src": …, "tgt": …})."""
        languages = languages or {}
        return cls(
            src_lang=languages.get("src", DEFAULT_SRC_LANG),
            tgt_lang=languages.get("tgt", DEFAULT_TGT_LANG),
        )

    def without_cache(self) -> RunContext:
        """This context for worker processes: a cache connection cannot cross processes."""
        return replace(self, cache=None)


def _models_dir(configured: Path | None, suite_dir: Path | None) -> Path | None:
    """A suite's model store, taken from the suite's folder when it is relative."""
    if configured is None or configured.is_absolute() or suite_dir is None:
        return configured
    return suite_dir / configured
