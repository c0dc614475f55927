"""The Ray executor: a run's per-segment stages as Ray Data on actor pools (`--executor ray`).

Each stage sends the segments out in batches to a pool of actors, each of which builds its
engine, metrics or checks once (a model is loaded once per actor), and brings one row per
segment back, keyed by its index in the dataset; the driver puts the rows back in dataset
order and aggregates, bootstraps and gates exactly as the local executor's run does. The
per-batch work is the local executor's own: `Translator.translate`, `segment_statistics`,
`check_calibrated`.

- Checks calibrate on the whole dataset first (here, on the driver), then run on groups of
  whole documents, one group per block (each stage's actor checks that no group arrives
  split), so that document checks see every segment of a document. (Ray Data's
  `groupby().map_groups()` would shuffle instead, and its shuffle tasks wait for CPUs that
  the actor pools hold on a small machine.)
- The driver owns the translation cache: it translates on the actors only what its cache
  lacks and stores each batch as it comes back, so a rerun finds what either executor
  computed on any cluster, and actors never open the cache file (no SQLite over a network
  disk).
- Ray restarts an actor that dies and retries its batch (Ray Data's defaults for actor pools),
  and the stages give the same output for a batch whenever it runs, so the run's results are
  those of an unbroken run.
"""

from __future__ import annotations

import copy
import logging
import os
import pickle
import socket
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from tarjama.cache import Cache
from tarjama.checks.base import Check
from tarjama.checks.runner import calibrate, check_calibrated
from tarjama.config import RayConfig
from tarjama.context import RunContext
from tarjama.data import Segment
from tarjama.errors import ConfigError, MissingExtraError
from tarjama.executors.base import Executor
from tarjama.flags import Flag
from tarjama.metrics.base import Metric, MetricStats
from tarjama.metrics.runner import ConfiguredMetric, segment_statistics
from tarjama.progress import Progress
from tarjama.translate.cached import CachedTranslator

CONNECT_TIMEOUT = 5.0
"""Seconds to wait for a cluster's port before saying it cannot be reached (Ray itself would
retry for minutes)."""

SEGMENT_FIELDS = ("id", "doc_id", "src", "mt", "ref", "bt")
DATA_LOGGER = logging.getLogger("ray.data")
Array = np.ndarray[Any, Any]  # Ray Data's notes on each execution (INFO)


class RayExecutor(Executor):
    """Stages on a Ray cluster: the one at `address` (auto: the local cluster `ray start`
    made; ray://host:port: through Ray Client), a Ray instance this process already started,
    or else a new one on this machine for the run."""

    name = "ray"

    def __init__(
        self,
        config: RayConfig | None = None,
        address: str | None = None,
        progress: Progress | None = None,
    ) -> None:
        super().__init__(config, address, progress)
        self.placement: dict[str, Counter[str]] = {}
        self._started = connect(address)
        self._saved_context = _quiet_data_context()

    def close(self) -> None:
        import ray

        _restore_data_context(self._saved_context)
        if self._started and ray.is_initialized():
            ray.shutdown()
        self._started = False

    def describe(self) -> dict[str, Any]:
        """The cluster's address, and per stage which nodes and GPUs its actors had and how
        many segments each such place handled."""
        return {
            "name": self.name,
            "address": self.address,
            "placement": {
                stage: [_place(where, n) for where, n in sorted(counts.items())]
                for stage, counts in self.placement.items()
            },
        }

    # --- the stages ------------------------------------------------------------------------

    def translate(self, translator: Any, texts: Sequence[str], label: str) -> list[str]:
        """Translations of `texts` in order. The driver owns the cache: it looks every text up
        first, sends only the rest to the actors (whose copies of the engine use no cache),
        and stores each batch that comes back at once, so a rerun on any executor, on any
        node, finds them, and a killed run resumes from its last finished batch."""
        import pyarrow as pa

        cached = isinstance(translator, CachedTranslator)
        found = translator.cached(texts) if cached else {}
        todo = [index for index in range(len(texts)) if index not in found]
        table = pa.table({"index": np.array(todo, dtype=np.int64), "mt": [texts[i] for i in todo]})
        step = self.config.batch_size
        blocks = [table.slice(start, step) for start in range(0, len(todo), step)]
        counts: Counter[str] = Counter()
        for batch in self._stage(
            label.partition(" (")[0],
            label,
            blocks,
            TranslateStage,
            {"translator": for_actors(translator)},
            model=True,
        ):
            fresh = dict(zip(batch["index"].tolist(), batch["bt"].tolist(), strict=True))
            if cached:
                translator.store({texts[index]: text for index, text in fresh.items()})
            found.update(fresh)
            counts.update(_first_value(batch["counts"]) or {})
        _add_counts(translator, counts)
        return [found[index] for index in range(len(texts))]

    def statistics(
        self, usable: Sequence[ConfiguredMetric], segments: Sequence[Segment], context: RunContext
    ) -> list[MetricStats]:
        """Lexical statistics on the CPU pool, model scores on the model pool."""
        metrics = [metric for _, metric in usable]
        results: dict[int, MetricStats] = {}
        for label, model in (("lexical statistics", False), ("model scores", True)):
            group = [m for m in metrics if m.parallel_safe != model]
            if group:
                results.update(zip(map(id, group), self._statistics(group, segments, label, model)))
        return [results[id(metric)] for metric in metrics]

    def check(
        self, segments: Sequence[Segment], checks: Sequence[Check], progress: Any = None
    ) -> Iterator[tuple[Segment, list[Flag]]]:
        """Checks calibrated here on the whole dataset, then run on groups of whole documents;
        each segment leaves as soon as every segment before it has come back."""
        checks = list(checks)
        calibrate(segments, checks)
        groups = document_groups(segments, self.config.batch_size)
        rows = self._stage(
            "checks",
            None,
            grouped_blocks(segments, groups),
            CheckStage,
            {"checks": checks},
            model=False,
        )
        for index, blob in in_order(_flag_rows(rows, progress)):
            yield segments[index], pickle.loads(blob)

    # --- helpers ---------------------------------------------------------------------------

    def _statistics(
        self, metrics: list[Metric], segments: Sequence[Segment], label: str, model: bool
    ) -> list[MetricStats]:
        step = self.config.batch_size
        table = segment_table(segments)
        blocks = [table.slice(start, step) for start in range(0, len(segments), step)]
        batches = list(
            self._stage(label, label, blocks, StatisticsStage, {"metrics": metrics}, model=model)
        )
        order = np.argsort(np.concatenate([batch["index"] for batch in batches]), kind="stable")
        return [
            _joined(metric, position, batches, order, segments)
            for position, metric in enumerate(metrics)
        ]

    def _stage(
        self,
        name: str,
        label: str | None,
        blocks: list[Any],
        stage: type,
        kwargs: dict[str, Any],
        *,
        model: bool,
    ) -> Iterator[dict[str, Array]]:
        """Run `stage` on each of `blocks` (Arrow tables, one batch each) on the model pool or
        the CPU pool; yield its output batches as they come back. `label`: the progress bar's
        name (None: the caller reports progress)."""
        import ray
        from ray.data import ActorPoolStrategy

        if not blocks:
            return
        size = self.config.model_actors if model else self.config.cpu_actors
        # Blocks are batches; Ray wants GPU stages' batches sized explicitly (the same size).
        dataset = ray.data.from_arrow(blocks).map_batches(
            stage,
            batch_size=self.config.batch_size if model else None,
            batch_format="numpy",
            fn_constructor_kwargs=kwargs,
            compute=ActorPoolStrategy(size=min(size, len(blocks))),
            num_cpus=self.config.num_cpus,
            num_gpus=self.config.num_gpus if model else 0,
        )
        counts = self.placement.setdefault(name, Counter())
        with self._bar(label, sum(block.num_rows for block in blocks)) as bar:
            for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
                counts.update(batch.pop("placed").tolist())
                bar.update(len(batch["index"]))
                yield batch

    def _bar(self, label: str | None, total: int) -> Any:
        """The stage's progress bar; a silent one when the caller counts (label None)."""
        return (self.progress if label else Progress(enabled=False)).bar(label or "", total)


# --- the actors' work: each stage is a class, built once per actor ---------------------------


class _Stage:
    """Where this actor runs: its node and the GPUs Ray gave it, reported with every row."""

    def __init__(self) -> None:
        import ray

        node = ray.get_runtime_context().get_node_id()
        gpus = ",".join(str(gpu) for gpu in ray.get_gpu_ids())
        self.placed = f"{node}/{gpus}"

    def rows(self, index: Array, **columns: Any) -> dict[str, Any]:
        return {"index": index, **columns, "placed": np.full(len(index), self.placed, dtype=object)}


class TranslateStage(_Stage):
    """Back-translates `mt` with the driver's translator (its model loads on first use)."""

    def __init__(self, translator: Any) -> None:
        super().__init__()
        self.translator = translator

    def __call__(self, batch: dict[str, Array]) -> dict[str, Any]:
        before = Counter(_counts(self.translator))
        translations = self.translator.translate([str(text) for text in batch["mt"]])
        spent = Counter(_counts(self.translator))
        spent.subtract(before)
        for counter in ("cache_hits", "cache_misses"):  # the driver counts its cache's
            spent.pop(counter, None)
        return self.rows(
            batch["index"],
            bt=np.array(translations, dtype=object),
            counts=_once(dict(spent), len(translations)),
        )


class StatisticsStage(_Stage):
    """Each metric's statistics and sentence scores for a batch of segments."""

    def __init__(self, metrics: list[Metric]) -> None:
        super().__init__()
        self.metrics = metrics

    def __call__(self, batch: dict[str, Array]) -> dict[str, Any]:
        segments = segments_from(batch)
        columns: dict[str, Any] = {}
        for position, stats in enumerate(segment_statistics(self.metrics, segments)):
            columns[f"stats{position}"] = stats.stats
            columns[f"scores{position}"] = stats.sentence_scores
            columns[f"flags{position}"] = np.array(
                [pickle.dumps(stats.flags.get(seg.id, [])) for seg in segments], dtype=object
            )
            columns[f"extras{position}"] = _once(stats.extras, len(segments))
        return self.rows(batch["index"], **columns)


class CheckStage(_Stage):
    """The flags of a group of whole documents, with checks calibrated on the whole dataset."""

    def __init__(self, checks: list[Check]) -> None:
        super().__init__()
        self.checks = checks

    def __call__(self, batch: dict[str, Array]) -> dict[str, Any]:
        groups, counts = np.unique(batch["group"], return_counts=True)
        sizes = dict(zip(batch["group"].tolist(), batch["group_size"].tolist(), strict=True))
        if any(count != sizes[group] for group, count in zip(groups.tolist(), counts.tolist())):
            raise RuntimeError("a group of documents reached the checks split (a bug)")
        order = np.argsort(batch["index"], kind="stable")
        segments = segments_from({name: column[order] for name, column in batch.items()})
        flags = [pickle.dumps(found) for _, found in check_calibrated(segments, self.checks)]
        return self.rows(batch["index"][order], flags=np.array(flags, dtype=object))


# --- data in and out ---------------------------------------------------------------------------


def segment_table(segments: Sequence[Segment], indices: Sequence[int] | None = None) -> Any:
    """The segments as an Arrow table: their index in the dataset (default: their position)
    and their fields."""
    import pyarrow as pa

    columns: dict[str, Any] = {
        "index": np.asarray(
            indices if indices is not None else range(len(segments)), dtype=np.int64
        )
    }
    for name in SEGMENT_FIELDS:
        columns[name] = pa.array([getattr(seg, name) for seg in segments], type=pa.string())
    return pa.table(columns)


def grouped_blocks(segments: Sequence[Segment], groups: Sequence[int]) -> list[Any]:
    """One table per group of documents, with each row's group and the group's size."""
    members: dict[int, list[int]] = {}
    for index, group in enumerate(groups):
        members.setdefault(group, []).append(index)
    blocks = []
    for group, indices in members.items():
        table = segment_table([segments[i] for i in indices], indices)
        blocks.append(
            table.append_column("group", _repeat(group, len(indices))).append_column(
                "group_size", _repeat(len(indices), len(indices))
            )
        )
    return blocks


def _repeat(value: int, rows: int) -> Any:
    import pyarrow as pa

    return pa.array(np.full(rows, value, dtype=np.int64))


def segments_from(batch: dict[str, Array]) -> list[Segment]:
    """Segments from a batch of `segment_table` rows, in the batch's order."""
    fields = [batch[name] for name in SEGMENT_FIELDS]
    return [
        Segment(*(None if value is None else str(value) for value in values))  # type: ignore[arg-type]
        for values in zip(*fields, strict=True)
    ]


def document_groups(segments: Sequence[Segment], size: int) -> list[int]:
    """Each segment's group: whole documents (all segments of a doc_id, wherever they are),
    taken in order of first appearance until a group holds at least `size` segments."""
    per_document = Counter(seg.doc_id for seg in segments)
    group_of: dict[str, int] = {}
    group, filled = 0, 0
    for doc_id, count in per_document.items():
        if filled >= size:
            group, filled = group + 1, 0
        group_of[doc_id] = group
        filled += count
    return [group_of[seg.doc_id] for seg in segments]


def in_order(indexed: Iterable[tuple[int, Any]]) -> Iterator[tuple[int, Any]]:
    """(index, value) pairs that arrive in any order, given back in index order from 0 as
    soon as each one's predecessors have arrived."""
    held: dict[int, Any] = {}
    following = 0
    for index, value in indexed:
        held[int(index)] = value
        while following in held:
            yield following, held.pop(following)
            following += 1
    if held:
        raise RuntimeError(f"rows missing before index {min(held)} (a bug)")


def _flag_rows(batches: Iterable[dict[str, Array]], progress: Any) -> Iterator[tuple[int, bytes]]:
    """(index, pickled flags) of each checked segment, counted on the progress bar."""
    for batch in batches:
        yield from zip(batch["index"], batch["flags"], strict=True)
        if progress is not None:
            progress.update(len(batch["index"]))


def _joined(
    metric: Metric,
    position: int,
    batches: list[dict[str, Array]],
    order: Array,
    segments: Sequence[Segment],
) -> MetricStats:
    """One metric's statistics from every batch, in dataset order."""

    def column(name: str) -> Array:
        return np.concatenate([batch[f"{name}{position}"] for batch in batches])[order]

    flags = {
        seg.id: found
        for seg, blob in zip(segments, column("flags"), strict=True)
        if (found := pickle.loads(blob))
    }
    extras = next(pickle.loads(blob) for blob in column("extras") if blob)
    return MetricStats(metric.key, column("stats"), column("scores"), extras=extras, flags=flags)


def _place(where: str, segments: int) -> dict[str, Any]:
    """A placement record from an actor's "node/gpus" tag."""
    node, _, gpus = where.partition("/")
    return {"node": node, "gpus": gpus.split(",") if gpus else [], "segments": segments}


def _once(value: Any, rows: int) -> Array:
    """`value` pickled on a batch's first row only (empty bytes on the others)."""
    return np.array([pickle.dumps(value)] + [b""] * (rows - 1), dtype=object)


def _first_value(column: Array) -> Any:
    return next((pickle.loads(blob) for blob in column if blob), None)


def for_actors(translator: Any) -> Any:
    """The engine the actors run: the driver's, without a cache (the driver keeps it), and
    with counters of its own, of model work only."""
    if not isinstance(translator, CachedTranslator):
        return translator
    actor_copy = copy.copy(translator)
    actor_copy.cache = Cache(enabled=False)
    actor_copy.stats = {"cache_hits": 0, "cache_misses": 0, **translator.work_counters()}
    return actor_copy


def _counts(translator: Any) -> dict[str, int]:
    return dict(getattr(translator, "stats", None) or {})


def _add_counts(translator: Any, counts: Counter[str]) -> None:
    """The actors' cache and model counters, reported as the driver's translator's."""
    stats = getattr(translator, "stats", None)
    if isinstance(stats, dict):
        for key, value in counts.items():
            stats[key] = stats.get(key, 0) + value


# --- the cluster -------------------------------------------------------------------------------


def connect(address: str | None) -> bool:
    """Connect to the cluster at `address` (None: a Ray instance this process already has,
    else $RAY_ADDRESS, else a new one on this machine); True when this call started it."""
    try:
        import ray
    except ImportError as exc:
        raise MissingExtraError("the Ray executor", "ray", "ray") from exc
    if address not in (None, "auto", "local"):
        _reachable(address)
    if ray.is_initialized():  # a program (or test) that started Ray itself runs there
        return False
    try:
        # No address: $RAY_ADDRESS, else a new instance ("local"), never a cluster that a
        # `ray start` left on this machine, which Ray's own default would join.
        ray.init(
            address=address or os.environ.get("RAY_ADDRESS") or "local",
            include_dashboard=False,
            logging_level=logging.WARNING,
            log_to_driver=False,
        )
    except (ConnectionError, ValueError) as exc:
        raise ConfigError(
            f"cannot use the Ray cluster at '{address}': {str(exc).splitlines()[0]}"
        ) from exc
    return True


def _reachable(address: str) -> None:
    """ConfigError unless something listens at the address's host and port (a wrong address
    fails in seconds instead of Ray's minutes of retries)."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        raise ConfigError(f"Ray address '{address}' is not auto, host:port or ray://host:port")
    try:
        socket.create_connection((host, int(port)), timeout=CONNECT_TIMEOUT).close()
    except OSError as exc:
        raise ConfigError(
            f"cannot reach the Ray cluster at '{address}': {exc.strerror or exc}"
        ) from exc


def _quiet_data_context() -> dict[str, Any]:
    """Ray Data's own progress bars and execution notes off (tarjama reports progress);
    the settings they replace, to restore."""
    from ray.data import DataContext
    from ray.util.debug import log_once

    context = DataContext.get_current()
    saved = {
        "enable_progress_bars": context.enable_progress_bars,
        "print_on_execution_start": context.print_on_execution_start,
        "log_level": DATA_LOGGER.level,
    }
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    # Ray Data says once per process that its bars are off; tarjama turned them off.
    log_once("ray_data_progress_manager_disabled")
    DATA_LOGGER.setLevel(max(DATA_LOGGER.level, logging.WARNING))  # its warnings still show
    return saved


def _restore_data_context(saved: dict[str, Any]) -> None:
    from ray.data import DataContext

    context = DataContext.get_current()
    DATA_LOGGER.setLevel(saved.pop("log_level"))
    for name, value in saved.items():
        setattr(context, name, value)
