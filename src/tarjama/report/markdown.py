"""summary.md: a compact Markdown summary of a run for a pull-request comment or CI job page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from tarjama.flags import SEVERITIES
from tarjama.report import view
from tarjama.rundir import Run
from tarjama.textsafety import markdown_text, terminal_text

TEXT_LIMIT = 120


def md_text(text: Any, limit: int | None = TEXT_LIMIT) -> str:
    """Untrusted text as inert Markdown: one line, truncated, escaped, no mentions or links."""
    text = terminal_text(text)
    return markdown_text(view.truncate(text, limit) if limit else text)


def render_markdown(run: Run, top_n: int = 10) -> str:
    """The whole summary.md."""
    results = run.results
    parts = [
        _heading(results),
        _metrics(results.get("metrics") or {}),
        _gates(results.get("gates") or []),
        _checks(results.get("checks")),
        _top_segments(run, top_n),
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


def _heading(results: Mapping[str, Any]) -> str:
    verdict = view.verdict(results)
    outcome = view.gates_outcome(results.get("gates") or [])
    return (
        f"## tarjama: {md_text(results.get('suite'))} — {view.GATE_MARKS[verdict]} "
        f"**{view.VERDICT_LABELS[verdict]}**\n\n{outcome} · run {md_text(results.get('run_id'))} · "
        f"{results.get('n_segments', '?')} segments · {md_text(results.get('created'))}"
    )


def _metrics(metrics: Mapping[str, Mapping[str, Any]]) -> str:
    if not metrics:
        return ""
    rows = ["| metric | score | 95% CI | better |", "| --- | ---: | ---: | --- |"]
    for key, metric in metrics.items():
        direction = "↑ higher" if metric.get("higher_is_better", True) else "↓ lower"
        rows.append(
            f"| {md_text(key)} | {view.format_number(metric.get('score'))} | "
            f"{view.format_ci(metric.get('ci95'))} | {direction} |"
        )
    return "### Metrics\n\n" + "\n".join(rows)


def _gates(gates: list[Mapping[str, Any]]) -> str:
    if not gates:
        return ""
    rows = ["| result | gate | value | threshold | details |", "| --- | --- | ---: | ---: | --- |"]
    for gate in gates:
        state = view.gate_state(gate)
        threshold = f"{gate.get('op') or ''} {view.format_number(gate.get('threshold'))}".strip()
        rows.append(
            f"| {view.GATE_MARKS.get(state, '')} {state.upper()} | {md_text(gate.get('name'))} "
            f"| {view.format_number(gate.get('value'))} | {md_text(threshold, None)} "
            f"| {md_text(_gate_facts(gate), None)} |"
        )
    return "### Gates\n\n" + "\n".join(rows)


def _gate_facts(gate: Mapping[str, Any]) -> str:
    """Baseline, delta, CI, margin, p-value and reason of a gate (view.gate_facts), one line."""
    return "; ".join(f"{fact.label}: {fact.text}" for fact in view.gate_facts(gate))


def _checks(checks: Mapping[str, Any] | None) -> str:
    if not checks:
        return ""
    severity = checks.get("by_severity") or {}
    counts = sorted(((n, c) for c, n in (checks.get("counts") or {}).items() if n), reverse=True)
    by_category = ", ".join(f"{md_text(c)} {n}" for n, c in counts) or "none"
    return (
        f"### Flags\n\n{checks.get('n_flags', 0)} flags in {checks.get('flagged_segments', 0)} "
        f"segments (critical {severity.get('critical', 0)}, major {severity.get('major', 0)}, "
        f"minor {severity.get('minor', 0)}) · MQM penalty "
        f"{view.format_number(checks.get('mqm_penalty'))} per "
        f"{view.mqm_per_words({'checks': checks})} source words\n\n"
        f"By category: {by_category}"
    )


def flag_summary(flags: list[Mapping[str, Any]]) -> str:
    """'major idiom, 3× minor punctuation': most severe first."""
    rank = {severity: i for i, severity in enumerate(SEVERITIES)}
    counts = Counter((str(f.get("severity")), str(f.get("category"))) for f in flags)
    ordered = sorted(counts.items(), key=lambda kv: (-rank.get(kv[0][0], -1), -kv[1], kv[0][1]))
    return ", ".join(f"{n}× {sev} {cat}" if n > 1 else f"{sev} {cat}" for (sev, cat), n in ordered)


def _top_segments(run: Run, n: int) -> str:
    top = view.top_segments(run.segments, n)
    if not top:
        return ""
    unit = f"MQM per {view.mqm_per_words(run.results)} words"
    rows = [
        f"| segment | {unit} | flags | source | translation |",
        "| --- | ---: | --- | --- | --- |",
    ]
    for segment in top:
        flags = flag_summary(segment["flags"])
        rows.append(
            f"| {md_text(segment.get('id'), 40)} "
            f"| {view.format_number(segment.get('mqm_penalty'), 1)} "
            f"| {md_text(flags, 80)} | {md_text(segment.get('src'), 80)} "
            f"| {md_text(segment.get('mt'), 80)} |"
        )
    return f"### Top {len(top)} flagged segments (by MQM penalty)\n\n" + "\n".join(rows)
