"""The executor interface: the three per-segment stages of a run, wherever they run."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from typing import Any, Self

from tarjama.checks.base import Check
from tarjama.config import RayConfig
from tarjama.context import RunContext
from tarjama.data import Segment
from tarjama.flags import Flag
from tarjama.metrics.base import MetricStats
from tarjama.metrics.runner import ConfiguredMetric
from tarjama.progress import Progress


class Executor(ABC):
    """Back-translates, computes metric statistics and checks documents for one run; the
    driver (tarjama.evaluate) does everything else. Used as a context manager: it holds what
    it started (a Ray instance) until the run ends."""

    name: str

    def __init__(
        self,
        config: RayConfig | None = None,
        address: str | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.config = config or RayConfig()
        self.address = address
        self.progress = progress or Progress(enabled=False)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release what the executor started."""

    def describe(self) -> dict[str, Any]:
        """The executor in results.json (not in the signature: it changes no number)."""
        return {"name": self.name}

    @abstractmethod
    def translate(self, translator: Any, texts: Sequence[str], label: str) -> list[str]:
        """`translator`'s translations of `texts`, in order (stage `label` on stderr)."""

    @abstractmethod
    def statistics(
        self, usable: Sequence[ConfiguredMetric], segments: Sequence[Segment], context: RunContext
    ) -> list[MetricStats]:
        """Each metric's statistics over `segments`, in segment order."""

    @abstractmethod
    def check(
        self, segments: Sequence[Segment], checks: Sequence[Check], progress: Any = None
    ) -> Iterator[tuple[Segment, list[Flag]]]:
        """Each segment with its flags, in segment order (as `check_segments` gives them)."""
