"""MQM-style roll-up of flags: counts by category and severity, and a weighted penalty."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from tarjama.config import MqmConfig
from tarjama.data import Segment
from tarjama.flags import CATEGORIES, SEVERITIES, Flag


def flag_weight(flag: Flag, mqm: MqmConfig) -> float:
    return mqm.severity_weights.get(flag.severity, 0.0) * mqm.category_weights.get(flag.category, 1.0)


def source_words(segments: Iterable[Segment]) -> int:
    return sum(len(seg.src.split()) for seg in segments)


def penalty(flags: Iterable[Flag], n_words: int, mqm: MqmConfig) -> float | None:
    """Weighted error points per `mqm.per_words` source words; None (null in JSON) when there
    are error points but no source words to spread them over."""
    points = sum(flag_weight(f, mqm) for f in flags)
    if not n_words:
        return 0.0 if points == 0 else None
    return round(points * mqm.per_words / n_words, 4)


def rollup(segments: Sequence[Segment], flags: dict[str, list[Flag]], mqm: MqmConfig) -> dict[str, Any]:
    """The `checks` block of results.json."""
    all_flags = [f for seg in segments for f in flags.get(seg.id, [])]
    counts = {c: 0 for c in CATEGORIES}
    by_severity = {s: 0 for s in SEVERITIES}
    for flag in all_flags:
        counts[flag.category] += 1
        by_severity[flag.severity] += 1
    n_words = source_words(segments)
    return {
        "n_flags": len(all_flags),
        "counts": counts,
        "by_severity": by_severity,
        "flagged_segments": sum(1 for seg in segments if flags.get(seg.id)),
        "source_words": n_words,
        "mqm_penalty": penalty(all_flags, n_words, mqm),
        "mqm": mqm.model_dump(),
    }


def segment_penalty(segment: Segment, flags: list[Flag], mqm: MqmConfig) -> float | None:
    return penalty(flags, len(segment.src.split()), mqm)
