"""The local executor: every stage in this process (lexical statistics in worker processes)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from tarjama.checks.base import Check
from tarjama.checks.runner import check_segments
from tarjama.context import RunContext
from tarjama.data import Segment
from tarjama.executors.base import Executor
from tarjama.flags import Flag
from tarjama.metrics.base import MetricStats
from tarjama.metrics.runner import ConfiguredMetric, compute_statistics


class LocalExecutor(Executor):
    """The default: needs nothing beyond tarjama's own dependencies."""

    name = "local"

    def translate(self, translator: Any, texts: Sequence[str], label: str) -> list[str]:
        with self.progress.stage(label):
            return list(translator.translate(texts))

    def statistics(
        self, usable: Sequence[ConfiguredMetric], segments: Sequence[Segment], context: RunContext
    ) -> list[MetricStats]:
        return compute_statistics(usable, segments, context)

    def check(
        self, segments: Sequence[Segment], checks: Sequence[Check], progress: Any = None
    ) -> Iterator[tuple[Segment, list[Flag]]]:
        return check_segments(segments, checks, progress)
