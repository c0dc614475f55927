"""Extracting lexical statistics in worker processes, chunk by chunk, for large datasets.

Statistics are per-segment counts, so chunks concatenated in order are exactly what one
process would compute; only CPU-bound, model-free metrics (`parallel_safe`) go this way.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import numpy as np

from tarjama.config import MetricConfig
from tarjama.context import RunContext
from tarjama.data import Segment
from tarjama.metrics import build_metric

log = logging.getLogger(__name__)

MIN_SEGMENTS_PER_WORKER = 2500
MAX_AUTO_WORKERS = 8


def auto_workers(n_segments: int, requested: int | None = None) -> int:
    """Processes to use: the request, or one per core up to one per 2,500 segments."""
    if requested is not None:
        return max(1, requested)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MAX_AUTO_WORKERS, n_segments // MIN_SEGMENTS_PER_WORKER))


def _extract_chunk(configs: list[MetricConfig], context: RunContext,
                   segments: list[Segment]) -> list[np.ndarray]:
    return [build_metric(config, context).extract(segments) for config in configs]


def extract_parallel(configs: Sequence[MetricConfig], context: RunContext,
                     segments: Sequence[Segment], workers: int) -> list[np.ndarray] | None:
    """(n, k) statistics for each config, computed over `workers` processes.

    None when worker processes cannot start here (e.g. a __main__ read from stdin, which
    spawned workers cannot import): the caller then computes in this process.
    """
    if not _main_is_importable():
        return None
    try:
        return _extract_in_pool(configs, context, segments, workers)
    except (BrokenProcessPool, OSError) as exc:
        log.warning("worker processes unavailable (%s); scoring in one process", exc)
        return None


def _main_is_importable() -> bool:
    """Spawned workers re-import __main__ from its file; a script read from stdin has none."""
    path = getattr(sys.modules.get("__main__"), "__file__", None)
    return path is None or Path(path).exists()


def _extract_in_pool(configs: Sequence[MetricConfig], context: RunContext,
                     segments: Sequence[Segment], workers: int) -> list[np.ndarray]:
    size = -(-len(segments) // workers)
    chunks = [list(segments[i:i + size]) for i in range(0, len(segments), size)]
    spawn = multiprocessing.get_context("spawn")  # no fork: the parent may hold torch threads
    with ProcessPoolExecutor(max_workers=len(chunks), mp_context=spawn) as pool:
        parts = list(pool.map(_extract_chunk, [list(configs)] * len(chunks),
                              [context] * len(chunks), chunks))
    return [np.concatenate([part[i] for part in parts]) for i in range(len(configs))]
