"""MQM-style roll-up of flags: counts by category and severity, and a weighted penalty."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from tarjama.config import MqmConfig
from tarjama.data import Segment
from tarjama.flags import CATEGORIES, SEVERITIES, Flag


def flag_weight(flag: Flag, mqm: MqmConfig) -> float:
    return mqm.severity_weights.get(flag.severity, 0.0) * mqm.category_weights.get(
        flag.category, 1.0
    )


def penalty(flags: Iterable[Flag], n_words: int, mqm: MqmConfig) -> float | None:
    """Weighted error points per `mqm.per_words` source words; None (null in JSON) when there
    are error points but no source words to spread them over."""
    return points_per_words(sum(flag_weight(f, mqm) for f in flags), n_words, mqm)


def points_per_words(points: float, n_words: int, mqm: MqmConfig) -> float | None:
    if not n_words:
        return 0.0 if points == 0 else None
    return round(points * mqm.per_words / n_words, 4)


def rollup(
    segments: Sequence[Segment], flags: dict[str, list[Flag]], mqm: MqmConfig
) -> dict[str, Any]:
    """The `checks` block of results.json."""
    tally = FlagTally(mqm)
    for seg in segments:
        tally.add(seg, flags.get(seg.id, []))
    return tally.rollup()


class FlagTally:
    """The `checks` block of results.json, counted segment by segment (in segment order)."""

    def __init__(self, mqm: MqmConfig) -> None:
        self.mqm = mqm
        self.counts = {c: 0 for c in CATEGORIES}
        self.by_severity = {s: 0 for s in SEVERITIES}
        self.n_flags = 0
        self.flagged_segments = 0
        self.source_words = 0
        self.points = 0.0

    def add(self, segment: Segment, flags: Sequence[Flag]) -> None:
        for flag in flags:
            self.counts[flag.category] += 1
            self.by_severity[flag.severity] += 1
            self.points += flag_weight(flag, self.mqm)
        self.n_flags += len(flags)
        self.flagged_segments += bool(flags)
        self.source_words += len(segment.src.split())

    def rollup(self) -> dict[str, Any]:
        return {
            "n_flags": self.n_flags,
            "counts": self.counts,
            "by_severity": self.by_severity,
            "flagged_segments": self.flagged_segments,
            "source_words": self.source_words,
            "mqm_penalty": points_per_words(self.points, self.source_words, self.mqm),
            "mqm": self.mqm.model_dump(),
        }


def segment_penalty(segment: Segment, flags: list[Flag], mqm: MqmConfig) -> float | None:
    return penalty(flags, len(segment.src.split()), mqm)
