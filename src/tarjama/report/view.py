"""What every report format shows, computed once from a run: verdict, gates, metrics, flags."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tarjama.flags import CATEGORIES, SEVERITIES

# Metrics tried in order for the segment-score histogram and the table's default column.
PRIMARY_METRICS = ("roundtrip.chrf", "direct.chrf", "roundtrip.comet", "direct.comet",
                   "qe.cometkiwi", "roundtrip.semsim", "roundtrip.bleu", "direct.bleu")
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"})
SEVERITY_LETTERS = {"minor": "m", "major": "M", "critical": "C"}
GATE_MARKS = {"pass": "✓", "fail": "✗", "inconclusive": "?", "skipped": "–"}


def gate_state(gate: Mapping[str, Any]) -> str:
    """pass, fail or inconclusive (older results carry only `passed`)."""
    return gate.get("state") or ("pass" if gate.get("passed") else "fail")


def verdict(results: Mapping[str, Any]) -> str:
    """The run's overall outcome: fail when any gate failed, pass otherwise."""
    return "pass" if results.get("passed", True) else "fail"


def is_rtl(language: str | None) -> bool:
    return (language or "").split("-")[0].lower() in RTL_LANGUAGES


def metric_keys(segments: Sequence[Mapping[str, Any]]) -> list[str]:
    """Metric keys with sentence scores, in first-seen order."""
    keys: dict[str, None] = {}
    for segment in segments:
        keys.update(dict.fromkeys(segment.get("scores") or {}))
    return list(keys)


def primary_metric(keys: Sequence[str]) -> str | None:
    """The metric the histogram and the segment table show first."""
    for key in PRIMARY_METRICS:
        if key in keys:
            return key
    return keys[0] if keys else None


def sentence_scores(segments: Sequence[Mapping[str, Any]], key: str) -> list[float]:
    scores = (segment.get("scores", {}).get(key) for segment in segments)
    return [float(s) for s in scores if isinstance(s, (int, float))]


def flag_matrix(segments: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, int]]:
    """category -> severity -> count, for categories that have flags, in vocabulary order."""
    matrix: dict[str, dict[str, int]] = {}
    for segment in segments:
        for flag in segment.get("flags") or []:
            row = matrix.setdefault(str(flag.get("category")), dict.fromkeys(SEVERITIES, 0))
            severity = str(flag.get("severity"))
            row[severity] = row.get(severity, 0) + 1
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return dict(sorted(matrix.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


def top_segments(segments: Sequence[Mapping[str, Any]], n: int) -> list[Mapping[str, Any]]:
    """The `n` flagged segments with the highest MQM penalty (then most flags)."""
    flagged = [s for s in segments if s.get("flags")]
    flagged.sort(key=lambda s: (-(s.get("mqm_penalty") or 0.0), -len(s["flags"])))
    return flagged[:n]


def format_number(value: Any, digits: int = 2) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "—" if value is None else str(value)
    return f"{value:.{digits}f}"


def format_ci(ci: Sequence[float] | None) -> str:
    return f"[{format_number(ci[0])}, {format_number(ci[1])}]" if ci else "—"


def gate_detail(gate: Mapping[str, Any]) -> str:
    """'value 41.20, threshold >= 45' (plus p when a regression gate has one)."""
    text = f"value {format_number(gate.get('value'))}"
    if gate.get("threshold") is not None:
        op = f"{gate['op']} " if gate.get("op") else ""
        text += f", threshold {op}{format_number(gate['threshold'])}"
    if gate.get("delta") is not None:
        text += f", delta {gate['delta']:+.2f}"
    if gate.get("p_value") is not None:
        text += f", p = {format_number(gate['p_value'], 4)}"
    if gate.get("message"):
        text += f" — {gate['message']}"
    return text


def truncate(text: str, limit: int) -> str:
    """Collapse whitespace and cut to `limit` characters with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
