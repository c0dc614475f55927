"""Sentence scores in buckets, as compare-mt shows them: by source length and by score band.

A corpus score hides where a system is weak. Bucketing the segments by source length (in
words) shows whether long sentences suffer; bucketing by sentence score shows how many
segments are poor, not just the mean. For two runs on the same data the buckets pair the
segments by id, so each row compares like with like.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from statistics import fmean
from typing import Any, NamedTuple

from tarjama.report.charts import histogram_edges

LENGTH_EDGES = (10, 20, 30, 40, 50)  # source words: 1-10, 11-20, …, 41-50, 51+
SCORE_BANDS = 10


class ScoredSegment(NamedTuple):
    """What the buckets read of one segment: its source words, sentence score, and flags."""

    words: int
    score: float | None
    flagged: bool


def scored_segment(segment: Mapping[str, Any], key: str | None) -> ScoredSegment:
    """`segment` as the buckets of metric `key` read it (no score without a key)."""
    score = _score(segment, key) if key else None
    return ScoredSegment(_words(segment), score, bool(segment.get("flags")))


class LengthBucket(NamedTuple):
    """Segments whose source has `label` words: how many, their mean score, how many flagged."""

    label: str
    segments: int
    mean_score: float | None
    flagged: int


class ScoreBand(NamedTuple):
    """Segments whose sentence score falls in [low, high) (the last band includes `high`)."""

    low: float
    high: float
    segments: int
    flagged: int


class PairedLengthBucket(NamedTuple):
    """One length bucket of two runs: mean score of each and the candidate's change."""

    label: str
    segments: int
    baseline: float | None
    candidate: float | None
    delta: float | None


class PairedScoreBand(NamedTuple):
    """One score band: how many segments of each run fall in it."""

    low: float
    high: float
    baseline: int
    candidate: int


def length_label(words: int) -> str:
    """'1–10', '11–20', … '51+' for a source of `words` words."""
    low = 1
    for edge in LENGTH_EDGES:
        if words <= edge:
            return f"{low}–{edge}"
        low = edge + 1
    return f"{low}+"


def _label_order() -> list[str]:
    return [length_label(edge) for edge in LENGTH_EDGES] + [length_label(LENGTH_EDGES[-1] + 1)]


def _score(segment: Mapping[str, Any], key: str) -> float | None:
    value = (segment.get("scores") or {}).get(key)
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _words(segment: Mapping[str, Any]) -> int:
    return len(str(segment.get("src") or "").split())


def _mean(values: Sequence[float]) -> float | None:
    return fmean(values) if values else None


def length_buckets(segments: Iterable[ScoredSegment]) -> list[LengthBucket]:
    """Non-empty source-length buckets of one run, shortest first."""
    sizes = dict.fromkeys(_label_order(), 0)
    scores: dict[str, list[float]] = {label: [] for label in sizes}
    flagged = dict.fromkeys(sizes, 0)
    for segment in segments:
        label = length_label(segment.words)
        sizes[label] += 1
        flagged[label] += segment.flagged
        if segment.score is not None:
            scores[label].append(segment.score)
    return [
        LengthBucket(label, size, _mean(scores[label]), flagged[label])
        for label, size in sizes.items()
        if size
    ]


def band_edges(scores: Sequence[float]) -> list[float]:
    """SCORE_BANDS bands: tenths of 0–100 when the scores fit, else of their range."""
    return histogram_edges(scores, bins=SCORE_BANDS)


def band_index(score: float, edges: Sequence[float]) -> int:
    """Which band `score` falls in; the top edge belongs to the last band."""
    for index in range(len(edges) - 1):
        if score < edges[index + 1]:
            return index
    return len(edges) - 2


def score_bands(segments: Iterable[ScoredSegment]) -> list[ScoreBand]:
    """Every band of one run's sentence scores, lowest first (empty when none)."""
    scored = [s for s in segments if s.score is not None]
    if not scored:
        return []
    edges = band_edges([s.score for s in scored if s.score is not None])
    counts, flagged = [0] * SCORE_BANDS, [0] * SCORE_BANDS
    for segment in scored:
        assert segment.score is not None
        index = band_index(segment.score, edges)
        counts[index] += 1
        flagged[index] += segment.flagged
    return [ScoreBand(edges[i], edges[i + 1], counts[i], flagged[i]) for i in range(SCORE_BANDS)]


def paired_scores(
    baseline: Sequence[Mapping[str, Any]], candidate: Sequence[Mapping[str, Any]], key: str
) -> list[tuple[Mapping[str, Any], float, float]]:
    """(baseline segment, baseline score, candidate score) for segments both runs scored."""
    by_id = {str(s.get("id")): s for s in candidate}
    pairs = []
    for segment in baseline:
        other = by_id.get(str(segment.get("id")))
        a, b = _score(segment, key), (_score(other, key) if other is not None else None)
        if a is not None and b is not None:
            pairs.append((segment, a, b))
    return pairs


def paired_length_buckets(
    pairs: Sequence[tuple[Mapping[str, Any], float, float]],
) -> list[PairedLengthBucket]:
    """Per source-length bucket: both runs' mean sentence score and the change."""
    groups: dict[str, list[tuple[float, float]]] = {label: [] for label in _label_order()}
    for segment, a, b in pairs:
        groups[length_label(_words(segment))].append((a, b))
    rows = []
    for label, group in groups.items():
        if group:
            mean_a, mean_b = fmean(a for a, _ in group), fmean(b for _, b in group)
            rows.append(PairedLengthBucket(label, len(group), mean_a, mean_b, mean_b - mean_a))
    return rows


def paired_score_bands(
    pairs: Sequence[tuple[Mapping[str, Any], float, float]],
) -> list[PairedScoreBand]:
    """Every band (shared by both runs), with how many segments of each fall in it."""
    if not pairs:
        return []
    edges = band_edges([a for _, a, _ in pairs] + [b for _, _, b in pairs])
    counts = [[0, 0] for _ in range(SCORE_BANDS)]
    for _, a, b in pairs:
        counts[band_index(a, edges)][0] += 1
        counts[band_index(b, edges)][1] += 1
    return [PairedScoreBand(edges[i], edges[i + 1], *counts[i]) for i in range(SCORE_BANDS)]
