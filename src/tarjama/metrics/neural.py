"""Shared machinery of model-based metrics: options, device choice, dedupe and the score cache.

A model-based metric scores each distinct input once: identical inputs are scored together,
and scores already in the persistent cache (keyed by metric, model, revision, library version
and the input itself) are not computed again, so a re-run does not load the model at all.
"""

from __future__ import annotations

import functools
import importlib.metadata
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import Field, field_validator

from tarjama.errors import ConfigError
from tarjama.metrics.base import MetricOptions

# Inputs a model scores in one call: its outputs are cached and released chunk by chunk.
CHUNK_ITEMS = 1024


class ModelMetricOptions(MetricOptions):
    """Options every model-based metric takes."""

    model: str | None = Field(None, description="hub id or local folder (default: the metric's)")
    revision: str | None = Field(None, description="hub commit or weights sha256 to pin")
    batch_size: int = Field(16, ge=1)
    device: str = Field("auto", description="auto (GPU when present), cpu, cuda or cuda:N")

    @field_validator("device")
    @classmethod
    def _known_device(cls, value: str) -> str:
        head, _, index = value.partition(":")
        bad_index = bool(index) and (head != "cuda" or not index.isdigit())
        if head not in ("auto", "cpu", "cuda") or bad_index:
            raise ValueError(f"unknown device '{value}' (use auto, cpu, cuda or cuda:N)")
        return value


def pick_device(device: str) -> str:
    """'auto' → 'cuda' when torch sees a GPU, else 'cpu'; 'cuda[:N]' only when it sees one."""
    if device == "cpu":
        return device
    try:
        import torch
    except ImportError as exc:
        from tarjama.errors import MissingExtraError

        raise MissingExtraError("model-based metrics", "neural", "torch") from exc
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if not torch.cuda.is_available():
        raise ConfigError(f"device {device}, but torch sees no CUDA GPU here (use auto or cpu)")
    return device


def require_module(module: str, feature: str, extra: str) -> None:
    """MissingExtraError when `module` is not installed (checked without importing it)."""
    import importlib.util

    from tarjama.errors import MissingExtraError

    try:
        found = importlib.util.find_spec(module) is not None
    except ValueError:  # a module already imported without a spec
        found = True
    if not found:
        raise MissingExtraError(feature, extra, module)


@functools.cache
def package_version(distribution: str) -> str | None:
    """An installed distribution's version without importing it (None when absent).

    Remembered for the process: each lookup scans the installed distributions (about 1 ms),
    and a model metric asks for the same few versions for its cache keys, signature and
    model record."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def cached_values(
    items: Sequence[Mapping[str, Any]],
    cache: Any,
    namespace: str,
    identity: Sequence[Any],
    compute: Callable[[list[Mapping[str, Any]]], list[Any]],
    chunk: int | None = None,
) -> list[Any]:
    """One value per item: cached ones read back, the distinct rest computed `chunk` (default
    CHUNK_ITEMS) at a time.

    Each chunk's values are written to the cache as soon as they are computed, and the model's
    outputs for the chunk released, so memory does not grow with the run and a killed run
    keeps what it scored. `identity` holds everything besides the item that changes a value
    (metric, model files, library version, precision); `cache` is a tarjama Cache or None.
    """
    from tarjama.cache import cache_key

    keys = [cache_key(*identity, dict(item)) for item in items]
    found = cache.get_many(namespace, keys) if cache is not None else {}
    missing = list(
        {key: item for key, item in zip(keys, items, strict=True) if key not in found}.items()
    )
    chunk = chunk or CHUNK_ITEMS
    for start in range(0, len(missing), chunk):
        part = missing[start : start + chunk]
        computed = dict(
            zip((key for key, _ in part), compute([item for _, item in part]), strict=True)
        )
        if cache is not None:
            cache.put_many(namespace, computed)
        found.update(computed)
    return [found[key] for key in keys]
