"""Scoring a dataset with the configured metrics: statistics, corpus scores, bootstrap CIs."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tarjama.config import BootstrapConfig, MetricConfig
from tarjama.context import RunContext
from tarjama.data import Segment
from tarjama.errors import ConfigError
from tarjama.metrics import build_metric
from tarjama.metrics.base import Metric, MetricStats
from tarjama.metrics.parallel import auto_workers, extract_parallel
from tarjama.metrics.resample import bootstrap_sums, percentile_interval

log = logging.getLogger(__name__)


@dataclass
class MetricOutcome:
    """One metric's corpus result plus its per-segment numbers."""

    metric: Metric
    score: float
    ci95: tuple[float, float] | None
    computed: MetricStats

    def to_result(self) -> dict[str, Any]:
        """The metric entry of results.json (DESIGN.md contract, plus options)."""
        return {
            "score": self.score,
            "ci95": list(self.ci95) if self.ci95 else None,
            "signature": self.metric.signature(),
            "higher_is_better": self.metric.higher_is_better,
            "aggregation": self.metric.aggregation,
            "options": self.metric.options.model_dump(),
            **self.computed.extras,
        }


@dataclass
class ScoreReport:
    outcomes: dict[str, MetricOutcome] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)


ConfiguredMetric = tuple[MetricConfig, Metric]
StatisticsStage = Callable[
    [Sequence[ConfiguredMetric], Sequence[Segment], RunContext], list[MetricStats]
]
"""How an executor computes each metric's statistics over the dataset (`compute_statistics`
here; tarjama.executors.raydata on a Ray cluster)."""


def score_dataset(
    segments: Sequence[Segment],
    configs: Sequence[MetricConfig],
    bootstrap: BootstrapConfig,
    context: RunContext | None = None,
    statistics: StatisticsStage | None = None,
) -> ScoreReport:
    """Score every configured metric; metrics that need a missing `ref` are skipped.

    Bootstrap CIs draw from the context's seed; `statistics` computes the per-segment
    statistics (default: here, lexical ones in the context's worker processes).
    """
    context = context if context is not None else RunContext()
    statistics = statistics or compute_statistics
    report = ScoreReport()
    usable = []
    for config in configs:
        metric = build_metric(config, context)
        reason = metric.applicable(segments)
        if reason:
            _skip_or_fail(report, metric, reason)
        else:
            usable.append((config, metric))
    computed = statistics(usable, segments, context)
    intervals = _intervals([m for _, m in usable], computed, bootstrap, context.seed, len(segments))
    for (_, metric), result, ci95 in zip(usable, computed, intervals):
        score = metric.corpus_score(result.stats)
        report.outcomes[metric.key] = MetricOutcome(metric, score, ci95, result)
    return report


def _intervals(
    metrics: Sequence[Metric],
    computed: Sequence[MetricStats],
    bootstrap: BootstrapConfig,
    seed: int,
    n_segments: int,
) -> list[tuple[float, float] | None]:
    """Each metric's bootstrap CI, all metrics on the same resamples (None without resampling)."""
    if bootstrap.resamples <= 1 or n_segments <= 1 or not metrics:
        return [None] * len(metrics)
    sums = bootstrap_sums([c.stats for c in computed], bootstrap.resamples, seed)
    return [
        percentile_interval(m.scores_from_sums(s), bootstrap.confidence)
        for m, s in zip(metrics, sums)
    ]


def compute_statistics(
    usable: Sequence[ConfiguredMetric], segments: Sequence[Segment], context: RunContext
) -> list[MetricStats]:
    """Each metric's statistics in this process; on big inputs, the CPU-only metrics' in
    worker processes that share them (built there from their configs)."""
    workers = auto_workers(len(segments), context.workers)
    parallel = [(c, m) for c, m in usable if m.parallel_safe] if workers > 1 else []
    results: dict[int, MetricStats] = {}
    if parallel:
        stats = extract_parallel(
            [c for c, _ in parallel], context.without_cache(), segments, workers
        )
        results = {id(m): m.from_stats(s) for (_, m), s in zip(parallel, stats or [])}
    rest = [m for _, m in usable if id(m) not in results]
    results.update(zip(map(id, rest), segment_statistics(rest, segments)))
    return [results[id(m)] for _, m in usable]


def segment_statistics(metrics: Sequence[Metric], segments: Sequence[Segment]) -> list[MetricStats]:
    """The per-batch step of every executor: each metric's statistics for `segments`."""
    return [metric.compute(segments) for metric in metrics]


def _skip_or_fail(report: ScoreReport, metric: Metric, reason: str) -> None:
    """A missing human reference skips direct.* metrics; a missing bt is an error."""
    if metric.ref_side == "ref":
        log.info("skipping %s: %s", metric.key, reason)
        report.skipped[metric.key] = reason
        return
    raise ConfigError(
        f"metric {metric.key} {reason}; add a 'bt' column or data.bt file, "
        "or set a back-translation engine"
    )


def stats_as_lists(report: ScoreReport, index: int) -> dict[str, list[float]]:
    """The statistics row of one segment for each metric (stored in segments.jsonl)."""
    return {key: np.asarray(o.computed.stats[index]).tolist() for key, o in report.outcomes.items()}
