"""report.html: one self-contained page (inline CSS, JS, SVG) rendered from a run directory.

Run data never becomes markup on the server side except through Jinja autoescaping; the
segments travel once, compressed column by column in a non-executable block
(`tarjama.report.packing`), beside the run's other facts as JSON in a
<script type="application/json"> block, and the page's own script builds the table and
document view from them with textContent. A Content-Security-Policy allows only that script,
by hash.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from tarjama import __version__
from tarjama.flags import CATEGORIES, SEVERITIES
from tarjama.report import buckets, charts, view
from tarjama.report.bidi import LATIN_RUN_PATTERN, isolated
from tarjama.report.packing import ColumnPacker, PackedColumns, TextTable
from tarjama.rundir import Run
from tarjama.textsafety import visible_controls

# Flagged segments drawn as static HTML (without JavaScript and in print); the script's table
# and document view show every segment.
STATIC_FLAGGED = 1000

# The segment fields the page's script reads, short keys, each packed as one column: texts
# (id, document, src, mt, bt, ref) and JSON (scores, MQM penalty, flags). A flag is
# [category, severity, span, message number, source span, suggestion], trailing nulls left
# out; the messages travel once each, as the table MESSAGES.
TEXT_COLUMNS = ("i", "d", "s", "m", "b", "r")
JSON_COLUMNS = ("sc", "q", "f")
MESSAGES = "messages"

# Characters that could end the JSON block or confuse an HTML/JS parser, as JSON escapes.
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def render_html(run: Run) -> str:
    """The analyst's report for one run, as a string."""
    return environment().get_template("report.html.j2").render(**report_context(run))


@cache
def environment() -> Environment:
    """Jinja environment: autoescape for every template, plus the report's filters."""
    env = Environment(
        loader=PackageLoader("tarjama.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        num=view.format_number,
        ci=view.format_ci,
        shown=visible_controls,
        gate_detail=view.gate_detail,
        sha_short=lambda s: str(s)[:12],
        as_json=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True),
        isolated=isolated,
    )
    env.globals.update(
        gate_state=view.gate_state,
        gate_marks=view.GATE_MARKS,
        gate_facts=view.gate_facts,
        gates_outcome=view.gates_outcome,
        verdict_labels=view.VERDICT_LABELS,
        severities=SEVERITIES,
        severity_letters=view.SEVERITY_LETTERS,
        version=__version__,
    )
    return env


def static_text(name: str) -> str:
    return resources.files("tarjama.report").joinpath("static", name).read_text(encoding="utf-8")


def script_hash(script: str) -> str:
    """The CSP source expression ('sha256-…') for an inline script's exact text."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def content_security_policy(script: str) -> str:
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src '{script_hash(script)}'; base-uri 'none'; form-action 'none'"
    )


def json_for_script(data: Any) -> Markup:
    """JSON that is safe inside <script type="application/json">: no '<', '>', '&' unescaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in _JSON_ESCAPES.items():
        text = text.replace(char, escaped)
    return Markup(text)


def page_assets(data: Any, packed_segments: str) -> dict[str, Any]:
    """CSS, the script, its CSP and the embedded data: what every tarjama page carries."""
    script = static_text("report.js")
    if "</script" in script.lower():
        raise ValueError("report.js must not contain '</script'")
    return {
        "css": Markup(static_text("report.css")),
        "script": Markup(script),
        "csp": content_security_policy(script),
        "data_json": json_for_script(data),
        "packed_segments": packed_segments,
    }


def report_context(run: Run) -> dict[str, Any]:
    """Everything report.html.j2 needs: the segments are read twice, for the metric keys and
    then for everything else (`SegmentPass`)."""
    results = run.results
    keys = view.metric_keys(run.segments)
    primary = view.primary_metric(keys)
    seen = SegmentPass(keys, primary)
    for index, segment in enumerate(run.segments):
        seen.add(index, segment)
    languages = results.get("languages") or {}
    matrix = view.matrix_from_counts(seen.flag_counts)
    context = {
        "results": results,
        "verdict": view.verdict(results),
        "gates": results.get("gates") or [],
        "metrics": results.get("metrics") or {},
        "checks": results.get("checks"),
        "matrix": matrix,
        "src_lang": languages.get("src", "en"),
        "tgt_lang": languages.get("tgt", "ar"),
        "tgt_rtl": view.is_rtl(languages.get("tgt", "ar")),
        "charts": _charts(seen.scored, matrix, primary),
        "n_segments": len(seen.scored),
        "buckets": _buckets(seen.scored, primary),
        "flagged": {"rows": seen.flagged, "total": seen.flagged_total},
        "mqm_per_words": view.mqm_per_words(results),
        "data_files": view.data_files(results),
    }
    packed = seen.packed()
    context.update(page_assets(segment_data(run, keys, packed), packed.base64))
    return context


class SegmentPass:
    """What the page shows of the segments, gathered in one pass over them: flag counts, each
    segment's length, score and whether it is flagged, the first STATIC_FLAGGED flagged
    segments, and every segment packed for the page's script."""

    def __init__(self, keys: Sequence[str], primary: str | None) -> None:
        self.keys, self.primary = keys, primary
        self.flag_counts: Counter[tuple[str, str]] = Counter()
        self.scored: list[buckets.ScoredSegment] = []
        self.flagged: list[dict[str, Any]] = []
        self.flagged_total = 0
        self.packer, self.messages = ColumnPacker(JSON_COLUMNS, TEXT_COLUMNS), TextTable()

    def add(self, index: int, segment: Mapping[str, Any]) -> None:
        flags = segment.get("flags") or []
        self.flag_counts.update(view.flag_counts([flags]))
        self.scored.append(buckets.scored_segment(segment, self.primary))
        if flags:
            self.flagged_total += 1
            if len(self.flagged) < STATIC_FLAGGED:
                self.flagged.append(_flagged_row(index, segment))
        self.packer.add(_segment_row(segment, self.keys, self.messages))

    def packed(self) -> PackedColumns:
        return self.packer.finish({MESSAGES: self.messages.texts()})


def _flagged_row(index: int, s: Mapping[str, Any]) -> dict[str, Any]:
    """A flagged segment as the static list shows it, flags in text order."""
    return {
        "index": index,
        "id": s.get("id"),
        "doc_id": s.get("doc_id") or "",
        "src": s.get("src") or "",
        "mt": s.get("mt") or "",
        "mqm": s.get("mqm_penalty"),
        "flags": sorted(s["flags"], key=_flag_position),
    }


def _charts(
    scored: Sequence[buckets.ScoredSegment], matrix: dict[str, dict[str, int]], primary: str | None
) -> dict[str, Any]:
    """The category chart (when there are flags) and the histogram of the primary metric."""
    out: dict[str, Any] = {}
    if matrix:
        out["categories"] = charts.flags_by_category_svg(
            matrix, "Bar chart: flags by category, stacked by severity (table below)"
        )
    scores = [s.score for s in scored if s.score is not None]
    if primary and scores:
        edges = charts.histogram_edges(scores)
        out["histogram"] = {
            "metric": primary,
            "bins": _bin_rows(scores, edges),
            "svg": charts.score_histogram_svg(
                scores, primary, f"Histogram of sentence scores for {primary} (table below)"
            ),
        }
    return out


def _buckets(scored: Sequence[buckets.ScoredSegment], metric: str | None) -> dict[str, Any]:
    """The primary metric's sentence scores by source length and by score band."""
    bands = buckets.score_bands(scored) if metric else []
    if not bands:
        return {}
    return {"metric": metric, "lengths": buckets.length_buckets(scored), "bands": bands}


def _flag_position(flag: Mapping[str, Any]) -> float:
    span = _span(flag.get("span"))
    return span[0] if span else math.inf


def _bin_rows(scores: Sequence[float], edges: Sequence[float]) -> list[tuple[float, float, int]]:
    """(low, high, count) per bin; the last bin includes its upper edge, like numpy."""
    import numpy as np

    counts, _ = np.histogram(scores, bins=edges)
    return [(edges[i], edges[i + 1], int(c)) for i, c in enumerate(counts)]


def segment_data(run: Run, keys: Sequence[str], packed: PackedColumns) -> dict[str, Any]:
    """What the page's script renders from besides the packed segments: the run's facts, and
    where each packed part lies."""
    languages = run.results.get("languages") or {}
    return {
        "metrics": list(keys),
        "primary": view.primary_metric(keys),
        "higher": {
            k: bool(m.get("higher_is_better", True))
            for k, m in (run.results.get("metrics") or {}).items()
        },
        "categories": list(CATEGORIES),
        "severities": list(SEVERITIES),
        "src": languages.get("src", "en"),
        "tgt": languages.get("tgt", "ar"),
        "rtl": view.is_rtl(languages.get("tgt", "ar")),
        "latin": LATIN_RUN_PATTERN,
        "mqmPer": view.mqm_per_words(run.results),
        "fold": view.search_folding(languages.get("tgt", "ar")),
        "nSegments": packed.n_rows,
        "parts": packed.parts,
        "texts": list(TEXT_COLUMNS),
    }


def _segment_row(
    segment: Mapping[str, Any], keys: Sequence[str], messages: TextTable
) -> dict[str, Any]:
    scores = segment.get("scores") or {}
    row = {
        "i": str(segment.get("id", "")),
        "d": str(segment.get("doc_id") or ""),
        "s": str(segment.get("src") or ""),
        "m": str(segment.get("mt") or ""),
        "b": segment.get("bt"),
        "r": segment.get("ref"),
        "sc": [_round(scores.get(k)) for k in keys],
        "q": _round(segment.get("mqm_penalty")),
        "f": [_flag_row(f, messages) for f in segment.get("flags") or []],
    }
    return {k: v for k, v in row.items() if v not in (None, [])}


def _flag_row(flag: Mapping[str, Any], messages: TextTable) -> list[Any]:
    suggestion = flag.get("suggestion")
    row = [
        str(flag.get("category")),
        str(flag.get("severity")),
        _span(flag.get("span")),
        messages.number(str(flag.get("message") or "")),
        _span(flag.get("source_span")),
        None if suggestion is None else str(suggestion),
    ]
    while row[-1] is None:
        row.pop()
    return row


def _span(span: Any) -> list[int] | None:
    if isinstance(span, (list, tuple)) and len(span) == 2 and all(isinstance(x, int) for x in span):
        return [int(span[0]), int(span[1])]
    return None


def _round(value: Any) -> float | None:
    """A finite number rounded for the page, else None (JSON has no NaN or infinity)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return round(float(value), 3)
