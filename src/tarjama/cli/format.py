"""Plain-text tables for the terminal (results go to stdout; no colour when NO_COLOR is set)."""

from __future__ import annotations

import os
import sys
from typing import Any

from tarjama.report import view
from tarjama.textsafety import terminal_text


def examples(*lines: str) -> str:
    """The epilog that ends a command's --help: example command lines, kept as written."""
    head = "Example:" if len(lines) == 1 else "Examples:"
    return head + "\n\n\b\n" + "\n".join(f"  {line}" for line in lines)


def use_colour() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _style(text: str, colour: str) -> str:
    import click

    return click.style(text, fg=colour) if use_colour() else text


def format_number(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def metrics_table(metrics: dict[str, dict[str, Any]]) -> str:
    """metric · score · 95% CI · direction, one line each."""
    lines = [f"{'metric':<18} {'score':>8}  {'95% CI':<17} better"]
    for key, entry in metrics.items():
        ci = entry.get("ci95")
        ci_text = f"[{format_number(ci[0])}, {format_number(ci[1])}]" if ci else "—"
        direction = "higher" if entry["higher_is_better"] else "lower"
        lines.append(
            f"{terminal_text(key):<18} {format_number(entry['score']):>8}  {ci_text:<17} "
            f"{direction}"
        )
    return "\n".join(lines)


def checks_line(checks: dict[str, Any]) -> str:
    """Flag totals and the MQM penalty, then the count of each category found."""
    sev = checks["by_severity"]
    found = sorted(((n, c) for c, n in checks["counts"].items() if n), reverse=True)
    penalty = checks["mqm_penalty"]
    mqm = (
        "MQM penalty — (no source words)"
        if penalty is None
        else f"MQM penalty {penalty:.1f} per {checks['mqm']['per_words']} source words"
    )
    totals = (
        f"flags: {checks['n_flags']} (critical {sev['critical']}, major {sev['major']}, "
        f"minor {sev['minor']}); {mqm}"
    )
    return totals + ("\n  " + ", ".join(f"{c} {n}" for n, c in found) if found else "")


def gates_lines(gates: list[dict[str, Any]]) -> list[str]:
    """Per gate: its state, name, value and threshold; then its evidence (report.view's facts),
    one per line; an absolute gate that passed needs no reason."""
    lines = []
    for gate in gates:
        state = view.gate_state(gate)
        mark = {
            "pass": _style("PASS", "green"),
            "fail": _style("FAIL", "red"),
            "inconclusive": _style("INCONCLUSIVE", "yellow"),
        }.get(state, state.upper())
        threshold = gate.get("threshold")
        detail = f"value {view.format_number(gate.get('value'))}" + (
            f", threshold {view.format_number(threshold)}" if threshold is not None else ""
        )
        lines.append(f"  {mark:<5} {terminal_text(gate['name'])} ({detail})")
        facts = view.gate_facts(gate)
        if state == "pass" and gate.get("kind") != "regression":
            facts = [f for f in facts if f.label != "reason"]
        lines += [f"        {terminal_text(f'{fact.label}: {fact.text}')}" for fact in facts]
    return lines


def skipped_note(gates: list[dict[str, Any]]) -> str:
    """' (2 regression gates skipped: no baseline run)' when gates were not evaluated."""
    skipped = sum(1 for gate in gates if gate.get("state") == "skipped")
    if not skipped:
        return ""
    return f" ({skipped} regression gate{'s' if skipped > 1 else ''} skipped: no baseline run)"


def run_summary(results: dict[str, Any], run_dir: str) -> str:
    """The short summary `tarjama run` prints."""
    header = (
        f"suite {terminal_text(results['suite'])}: {results['n_segments']} segments, "
        f"{results['n_documents']} document(s)"
    )
    lines = [header, "", metrics_table(results["metrics"]), ""]
    for key, reason in results.get("skipped_metrics", {}).items():
        lines.append(terminal_text(f"skipped {key}: {reason}"))
    lines.append(checks_line(results["checks"]))
    if results["gates"]:
        verdict = _style("PASSED", "green") if results["passed"] else _style("FAILED", "red")
        lines += [
            "",
            f"gates: {verdict}{skipped_note(results['gates'])}",
            *gates_lines(results["gates"]),
        ]
    lines += ["", f"run directory: {terminal_text(run_dir)}"]
    return "\n".join(lines)
