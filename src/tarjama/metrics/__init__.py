"""Metrics: named scores computed from per-segment sufficient statistics.

Keys follow DESIGN.md: `roundtrip.*` (bt vs src), `direct.*` (mt vs ref), `qe.*` (src vs mt).
Implementations are registered lazily so that importing tarjama never imports torch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tarjama.registry import Registry

if TYPE_CHECKING:
    from tarjama.config import MetricConfig
    from tarjama.context import RunContext
    from tarjama.metrics.base import Metric

METRICS: Registry[type[Metric]] = Registry("metric")
METRICS.register("roundtrip.bleu", "tarjama.metrics.lexical:RoundtripBLEU")
METRICS.register("roundtrip.chrf", "tarjama.metrics.lexical:RoundtripCHRF")
METRICS.register("roundtrip.ter", "tarjama.metrics.lexical:RoundtripTER")
METRICS.register("direct.bleu", "tarjama.metrics.lexical:DirectBLEU")
METRICS.register("direct.chrf", "tarjama.metrics.lexical:DirectCHRF")
METRICS.register("roundtrip.comet", "tarjama.metrics.comet:RoundtripCOMET")
METRICS.register("direct.comet", "tarjama.metrics.comet:DirectCOMET")
METRICS.register("qe.cometkiwi", "tarjama.metrics.comet:QeCometKiwi")
METRICS.register("qe.xcomet", "tarjama.metrics.comet:QeXCOMET")
METRICS.register("direct.xcomet", "tarjama.metrics.comet:DirectXCOMET")
METRICS.register("roundtrip.semsim", "tarjama.metrics.semsim:RoundtripSemsim")


def build_metric(config: MetricConfig, context: RunContext | None = None) -> Metric:
    """The metric a suite's `metrics` entry names, with its options parsed."""
    return METRICS.get(config.name)(config.options, context)
