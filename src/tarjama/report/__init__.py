"""Reports rendered from a run directory: report.html, summary.md and junit.xml."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tarjama.errors import ConfigError, RunDirError
from tarjama.flags import CATEGORIES, SEVERITIES
from tarjama.io import atomic_write_text
from tarjama.rundir import SEGMENTS_FILE, Run

# format name -> file written into the run directory
REPORT_FILES = {"html": "report.html", "md": "summary.md", "junit": "junit.xml"}


def parse_formats(spec: str | Sequence[str]) -> list[str]:
    """'html,md' or ['html', 'md'] -> a checked list; 'none' or '' -> []."""
    names = spec.split(",") if isinstance(spec, str) else list(spec)
    names = [n.strip().lower() for n in names if n.strip()]
    if names == ["none"]:
        return []
    unknown = [n for n in names if n not in REPORT_FILES]
    if unknown:
        raise ConfigError(
            f"unknown report format '{unknown[0]}' (choose from {', '.join(REPORT_FILES)}, or none)"
        )
    return list(dict.fromkeys(names))


def render_reports(run: Run, formats: Sequence[str], top_segments: int = 10) -> dict[str, Path]:
    """Write the chosen reports atomically into the run directory; format -> path."""
    formats, written = parse_formats(formats), {}
    if formats:
        check_flags(run)
    for name in formats:
        path = Path(run.path) / REPORT_FILES[name]
        atomic_write_text(path, _render(name, run, top_segments))
        written[name] = path
    return written


def check_flags(run: Run) -> None:
    """RunDirError naming the row of segments.jsonl whose flag breaks the flag contract (an
    edited or foreign run directory): a category or severity outside the vocabulary, a bad span."""
    for row, segment in enumerate(run.segments, start=1):
        for number, flag in enumerate(segment.get("flags") or [], start=1):
            problem = _flag_problem(flag, str(segment.get("mt") or ""))
            if problem:
                raise RunDirError(
                    f"row {row} (segment {str(segment.get('id'))!r}), flag {number}: {problem}",
                    Path(run.path) / SEGMENTS_FILE,
                )


def _flag_problem(flag: Any, mt: str) -> str | None:
    if not isinstance(flag, dict):
        return f"not a JSON object: {flag!r}"
    if flag.get("category") not in CATEGORIES:
        return f"category {flag.get('category')!r} is not one of {', '.join(CATEGORIES)}"
    if flag.get("severity") not in SEVERITIES:
        return f"severity {flag.get('severity')!r} is not one of {', '.join(SEVERITIES)}"
    span = flag.get("span")
    valid = span is None or (
        isinstance(span, list)
        and len(span) == 2
        and all(type(x) is int for x in span)
        and 0 <= span[0] <= span[1] <= len(mt)
    )
    return None if valid else f"span {span!r} is not null or [start, end] within the translation"


def _render(name: str, run: Run, top_segments: int) -> str:
    if name == "html":
        from tarjama.report.html import render_html

        return render_html(run)
    if name == "md":
        from tarjama.report.markdown import render_markdown

        return render_markdown(run, top_segments)
    from tarjama.report.junit import render_junit

    return render_junit(run)
