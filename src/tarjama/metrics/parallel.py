"""Extracting lexical statistics in worker processes, chunk by chunk, for large datasets.

Statistics are per-segment counts, so chunks concatenated in order are exactly what one
process would compute; only CPU-bound, model-free metrics (`parallel_safe`) go this way.

Why two workers were once slower than one, and what is done about it:
- Linux shares a busy CPU fairly between sessions (autogroup scheduling), not processes: when
  other sessions keep every core busy, a second worker gets no more CPU than the first had
  alone, and only adds its start-up (about a CPU-second: interpreter, imports, the compiled
  TER) and the pickling of its texts. So the automatic choice counts only the cores that the
  load average leaves idle; an explicit `workers:` is taken as given.
- With one chunk per worker, the unluckiest worker set the wall time. Now each worker builds
  its metrics once (the pool initializer) and then takes chunks of a few hundred to a few
  thousand segments as it frees up, each carrying only the texts its metrics read.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from tarjama.config import MetricConfig
from tarjama.context import RunContext
from tarjama.data import Segment
from tarjama.metrics import METRICS, build_metric

log = logging.getLogger(__name__)

MIN_SEGMENTS_PER_WORKER = 2500
MAX_AUTO_WORKERS = 8
CHUNKS_PER_WORKER = 8  # enough for a slowed worker to take fewer, few enough to stay cheap
MIN_CHUNK, MAX_CHUNK = 250, 2000

# The metrics of this worker process, built once by the pool initializer.
_worker_metrics: list[Any] = []


def auto_workers(n_segments: int, requested: int | None = None) -> int:
    """Processes to use: the request, or one per idle core up to one per 2,500 segments."""
    if requested is not None:
        return max(1, requested)
    return max(1, min(idle_cores(), MAX_AUTO_WORKERS, n_segments // MIN_SEGMENTS_PER_WORKER))


def idle_cores() -> int:
    """Cores this process may use that other work leaves free: the 1-minute load average,
    less this process's own share of it, taken off the usable cores (at least one)."""
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )
    try:
        busy = os.getloadavg()[0] - 1
    except OSError:  # no load average on this platform (Windows)
        return cores
    return max(1, min(cores, math.floor(cores - busy + 0.5)))


def chunk_bounds(n_segments: int, workers: int) -> list[tuple[int, int]]:
    """(start, stop) of nearly equal chunks, about CHUNKS_PER_WORKER per worker."""
    target = min(MAX_CHUNK, max(MIN_CHUNK, -(-n_segments // (workers * CHUNKS_PER_WORKER))))
    n_chunks = max(1, -(-n_segments // target))
    return [(k * n_segments // n_chunks, (k + 1) * n_segments // n_chunks) for k in range(n_chunks)]


def extract_parallel(
    configs: Sequence[MetricConfig], context: RunContext, segments: Sequence[Segment], workers: int
) -> list[NDArray[Any]] | None:
    """(n, k) statistics for each config, computed over `workers` processes.

    None when worker processes cannot start here (e.g. a __main__ read from stdin, which
    spawned workers cannot import): the caller then computes in this process.
    """
    if not _main_is_importable():
        return None
    log.info("lexical statistics in %d worker processes", workers)
    try:
        return _extract_in_pool(configs, context, segments, workers)
    except (BrokenProcessPool, OSError) as exc:
        log.warning("worker processes unavailable (%s); scoring in one process", exc)
        return None


def _main_is_importable() -> bool:
    """Spawned workers re-import __main__ from its file; a script read from stdin has none."""
    path = getattr(sys.modules.get("__main__"), "__file__", None)
    return path is None or Path(path).exists()


def _extract_in_pool(
    configs: Sequence[MetricConfig], context: RunContext, segments: Sequence[Segment], workers: int
) -> list[NDArray[Any]]:
    sides = sorted({side for config in configs for side in _sides(METRICS.get(config.name))})
    chunks = [
        {side: [getattr(seg, side) or "" for seg in segments[start:stop]] for side in sides}
        for start, stop in chunk_bounds(len(segments), workers)
    ]
    spawn = multiprocessing.get_context("spawn")  # no fork: the parent may hold torch threads
    with ProcessPoolExecutor(
        max_workers=min(workers, len(chunks)),
        mp_context=spawn,
        initializer=_start_worker,
        initargs=(list(configs), context),
    ) as pool:
        parts = list(pool.map(_extract_chunk, chunks))
    return [np.concatenate([part[i] for part in parts]) for i in range(len(configs))]


def _sides(metric_cls: Any) -> tuple[str, str]:
    return metric_cls.hyp_side, metric_cls.ref_side


def _start_worker(configs: list[MetricConfig], context: RunContext) -> None:
    _worker_metrics[:] = [build_metric(config, context) for config in configs]


def _extract_chunk(texts: dict[str, list[str]]) -> list[NDArray[Any]]:
    return [m.extract_texts(texts[m.hyp_side], texts[m.ref_side]) for m in _worker_metrics]
