"""The compare view: one HTML page for a baseline run and its candidates on the same data.

Metric deltas and their significance come from `tarjama.compare.compare_runs` (passed in as
`comparison`); the per-segment view (score change, flags that appeared or disappeared, matched
by category and flagged text), the sentence-score scatter, the buckets by source length and
score band, and the n-gram differences (`report.ngrams`) are computed here from the runs'
segments.jsonl. The page needs no script:
everything is rendered on the server side through Jinja autoescaping, and the changed segments
are paged with links and CSS (:target), so every row is there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

from tarjama.io import atomic_write_text
from tarjama.report import buckets, charts, ngrams, view
from tarjama.report.html import environment, static_text
from tarjama.rundir import Run

SIGNIFICANCE = 0.05
PAGE_ROWS = 100  # changed segments per page
COMPARE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)


def render_compare_html(runs: list[Run], comparison: dict[str, Any], out: Path) -> Path:
    """Write the compare page for `runs` (baseline first) to `out`, atomically."""
    page = environment().get_template("compare.html.j2").render(**compare_context(runs, comparison))
    return atomic_write_text(out, page)


def compare_context(runs: Sequence[Run], comparison: Mapping[str, Any]) -> dict[str, Any]:
    baseline, candidates = runs[0], list(runs[1:])
    metric = _shared_primary(runs)
    higher = bool(
        (baseline.results.get("metrics") or {}).get(metric, {}).get("higher_is_better", True)
    )
    return {
        "csp": COMPARE_CSP,
        "css": Markup(static_text("report.css")),
        "baseline": baseline.results,
        "candidates": [c.results for c in candidates],
        "metrics": _metric_rows(comparison, len(candidates)),
        "metric": metric,
        "flag_rows": _flag_rows(comparison, len(candidates)),
        "settings": comparison.get("settings") or {},
        "skipped": comparison.get("skipped_metrics") or {},
        "changes": [segment_changes(baseline, c, metric, higher) for c in candidates],
        "page_rows": PAGE_ROWS,
        "higher_is_better": higher,
        "analysis": [paired_analysis(baseline, c, metric, i) for i, c in enumerate(candidates)],
        "tgt_rtl": view.is_rtl((baseline.results.get("languages") or {}).get("tgt", "ar")),
        "severity_letters": view.SEVERITY_LETTERS,
    }


def paired_analysis(
    baseline: Run, candidate: Run, metric: str | None, index: int
) -> dict[str, Any]:
    """Segment scores of both runs: the scatter, and buckets by source length and score band;
    and the reference's phrases that one run matches more often than the other."""
    phrases = ngrams.paired_differences(baseline.segments, candidate.segments)
    pairs = buckets.paired_scores(baseline.segments, candidate.segments, metric) if metric else []
    if not pairs:
        return {"pairs": 0, "ngrams": phrases}
    title = (
        f"Scatter plot of candidate {index + 1}'s sentence scores against the baseline's, "
        f"one point per segment ({len(pairs)} segments)"
    )
    return {
        "pairs": len(pairs),
        "scatter": charts.paired_scatter_svg([(a, b) for _, a, b in pairs], title),
        "lengths": buckets.paired_length_buckets(pairs),
        "bands": buckets.paired_score_bands(pairs),
        "ngrams": phrases,
    }


def _shared_primary(runs: Sequence[Run]) -> str | None:
    shared = [
        k
        for k in view.metric_keys(runs[0].segments)
        if all(k in view.metric_keys(r.segments) for r in runs[1:])
    ]
    return view.primary_metric(shared)


def _metric_rows(comparison: Mapping[str, Any], n: int) -> list[list[dict[str, Any]]]:
    """Per candidate: one row per metric with delta, CI, p-values and a significance verdict."""
    per_candidate: list[list[dict[str, Any]]] = [[] for _ in range(n)]
    for key, entries in (comparison.get("metrics") or {}).items():
        for index, entry in enumerate(entries[:n]):
            per_candidate[index].append({"key": key, **entry, "verdict": significance(entry)})
    return per_candidate


def significance(entry: Mapping[str, Any]) -> str:
    """'better' / 'worse' when both paired tests agree at p < 0.05, else 'no significant change'."""
    p_values = [entry.get(k) for k in ("p_value_bootstrap", "p_value_ar")]
    known = [p for p in p_values if isinstance(p, (int, float))]
    if not known or max(known) >= SIGNIFICANCE or entry.get("better") is None:
        return "no significant change"
    return "better" if entry["better"] else "worse"


def _flag_rows(comparison: Mapping[str, Any], n: int) -> list[list[tuple[str, Any]]]:
    """Per candidate: (what, entry) for MQM penalty, severities and categories that changed."""
    rows: list[list[tuple[str, Any]]] = [[] for _ in range(n)]
    groups = [("MQM penalty", comparison.get("mqm_penalty") or [])]
    groups += [(f"severity {k}", v) for k, v in (comparison.get("by_severity") or {}).items()]
    groups += [(k, v) for k, v in (comparison.get("flags") or {}).items()]
    for name, entries in groups:
        for index, entry in enumerate(entries[:n]):
            if name == "MQM penalty" or entry.get("delta"):
                rows[index].append((name, entry))
    return rows


def flag_key(flag: Mapping[str, Any]) -> tuple[str, str]:
    return (str(flag.get("category")), str(flag.get("text") or ""))


def flag_changes(
    before: Sequence[Mapping[str, Any]], after: Sequence[Mapping[str, Any]]
) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """(appeared, disappeared): flags matched by (category, text), counting duplicates."""
    old, new = Counter(map(flag_key, before)), Counter(map(flag_key, after))
    appeared, disappeared = new - old, old - new
    return _take(after, appeared), _take(before, disappeared)


def _take(
    flags: Sequence[Mapping[str, Any]], wanted: Counter[tuple[str, str]]
) -> list[Mapping[str, Any]]:
    left, out = Counter(wanted), []
    for flag in flags:
        if left[flag_key(flag)] > 0:
            left[flag_key(flag)] -= 1
            out.append(flag)
    return out


def segment_changes(
    baseline: Run, candidate: Run, metric: str | None, higher_is_better: bool = True
) -> list[dict[str, Any]]:
    """Segments whose score or flags changed, worst change for the candidate first."""
    by_id = {str(s.get("id")): s for s in candidate.segments}
    rows = []
    for before in baseline.segments:
        after = by_id.get(str(before.get("id")))
        if after is not None:
            row = _change(before, after, metric)
            if row["appeared"] or row["disappeared"] or row["delta"]:
                rows.append(row)
    sign = 1 if higher_is_better else -1
    rows.sort(key=lambda r: (r["delta"] is None, sign * (r["delta"] or 0.0), -len(r["appeared"])))
    return rows


def _change(
    before: Mapping[str, Any], after: Mapping[str, Any], metric: str | None
) -> dict[str, Any]:
    score_a = (before.get("scores") or {}).get(metric) if metric else None
    score_b = (after.get("scores") or {}).get(metric) if metric else None
    delta = (
        score_b - score_a
        if isinstance(score_a, int | float) and isinstance(score_b, int | float)
        else None
    )
    appeared, disappeared = flag_changes(before.get("flags") or [], after.get("flags") or [])
    return {
        "id": before.get("id"),
        "doc_id": before.get("doc_id"),
        "src": before.get("src"),
        "mt_a": before.get("mt"),
        "mt_b": after.get("mt"),
        "score_a": score_a,
        "score_b": score_b,
        "delta": delta,
        "appeared": appeared,
        "disappeared": disappeared,
    }
