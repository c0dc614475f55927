"""The metric interface: per-segment sufficient statistics, then corpus aggregation.

Every metric turns segments into an (n, k) array of statistics. The corpus score is a
function of the column sums of that array, so bootstrap resampling and paired tests
recompute scores from resampled sums without touching the text again. A metric whose
corpus score is the mean of segment scores uses the statistics [score, 1].
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict

from tarjama.context import RunContext
from tarjama.data import Segment
from tarjama.suggest import parse_options

Side = Literal["src", "mt", "bt", "ref"]


class MetricOptions(BaseModel):
    """Base of each metric's options model: unknown options are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass
class MetricStats:
    """What scoring a dataset produced: statistics and sentence scores, in segment order.

    Both are compact arrays, not Python objects per segment, so that 100,000 segments'
    numbers stay a few MB and travel cheaply from worker processes.
    """

    key: str
    stats: NDArray[Any]  # (n_segments, k): counts (int32) or floats, as the metric keeps them
    sentence_scores: NDArray[np.float64]  # (n_segments,)
    extras: dict[str, Any] = field(default_factory=dict)
    # Flags a metric itself finds (XCOMET error spans), by segment id; merged with the checks'.
    flags: dict[str, list[Any]] = field(default_factory=dict)


class Metric(ABC):
    """A named score with a fixed direction and aggregation, declared once here."""

    key: ClassVar[str]
    higher_is_better: ClassVar[bool]
    aggregation: ClassVar[Literal["corpus", "mean"]]
    hyp_side: ClassVar[Side]
    ref_side: ClassVar[Side | None]
    options_model: ClassVar[type[MetricOptions]] = MetricOptions
    # True when statistics can be extracted in worker processes, chunk by chunk, via
    # `extract_texts(hyps, refs) -> stats` and `from_stats(stats)` (CPU-only, no model state).
    parallel_safe: ClassVar[bool] = False
    # Categories of the flags the metric itself finds (XCOMET's error spans); none for most.
    flag_categories: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self, options: dict[str, Any] | None = None, context: RunContext | None = None
    ) -> None:
        self.options = self.parse_options(options or {})
        self.context = context if context is not None else RunContext()

    @classmethod
    def parse_options(cls, options: dict[str, Any]) -> MetricOptions:
        return parse_options(cls.options_model, options, f"metric {cls.key}")

    def applicable(self, segments: Sequence[Segment]) -> str | None:
        """None when the metric can score these segments, else the reason it cannot."""
        for side in (self.hyp_side, self.ref_side):
            if side in ("bt", "ref") and any(getattr(s, side) is None for s in segments):
                return f"needs '{side}' for every segment"
        return None

    def check_ready(self) -> None:
        """Raise now what computing would raise later for want of a model or a setting
        (runs before any work; loads no weights)."""

    @abstractmethod
    def compute(self, segments: Sequence[Segment]) -> MetricStats:
        """Statistics and sentence scores for `segments`."""

    @abstractmethod
    def scores_from_sums(self, sums: NDArray[Any]) -> NDArray[np.float64]:
        """Corpus scores from summed statistics: shape (..., k) → (...)."""

    @abstractmethod
    def signature(self) -> str:
        """A reproducibility string naming every setting that changes the number."""

    def corpus_score(self, stats: NDArray[Any]) -> float:
        """The corpus score of all segments."""
        return float(self.scores_from_sums(stats.sum(axis=0)))

    def extract_texts(self, hyps: Sequence[str], refs: Sequence[str]) -> NDArray[Any]:
        """(n, k) statistics of texts, in a worker process (`parallel_safe` metrics only)."""
        raise NotImplementedError(f"{self.key} computes no statistics in worker processes")

    def from_stats(self, stats: NDArray[Any]) -> MetricStats:
        """MetricStats from statistics `extract_texts` returned (`parallel_safe` metrics only)."""
        raise NotImplementedError(f"{self.key} computes no statistics in worker processes")


class MeanMetric(Metric, ABC):
    """A metric whose corpus score is the mean of its segment scores (COMET, semsim)."""

    aggregation = "mean"

    def mean_stats(
        self,
        scores: Sequence[float],
        *,
        extras: dict[str, Any] | None = None,
        flags: dict[str, list[Any]] | None = None,
    ) -> MetricStats:
        """MetricStats of segment scores: the statistics [score, 1] and the scores themselves."""
        values = np.asarray(scores, dtype=np.float64)
        return MetricStats(
            self.key,
            np.stack([values, np.ones_like(values)], axis=1),
            values,
            extras or {},
            flags or {},
        )

    def scores_from_sums(self, sums: NDArray[Any]) -> NDArray[np.float64]:
        totals = np.asarray(sums, dtype=np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            means: NDArray[np.float64] = totals[..., 0] / totals[..., 1]
        return means
