"""Reports rendered from a run directory: report.html, summary.md and junit.xml."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tarjama.errors import ConfigError
from tarjama.io import atomic_write_text
from tarjama.rundir import Run

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
        raise ConfigError(f"unknown report format '{unknown[0]}' "
                          f"(choose from {', '.join(REPORT_FILES)}, or none)")
    return list(dict.fromkeys(names))


def render_reports(run: Run, formats: Sequence[str], top_segments: int = 10) -> dict[str, Path]:
    """Write the chosen reports atomically into the run directory; format -> path."""
    written = {}
    for name in parse_formats(formats):
        path = Path(run.path) / REPORT_FILES[name]
        atomic_write_text(path, _render(name, run, top_segments))
        written[name] = path
    return written


def _render(name: str, run: Run, top_segments: int) -> str:
    if name == "html":
        from tarjama.report.html import render_html

        return render_html(run)
    if name == "md":
        from tarjama.report.markdown import render_markdown

        return render_markdown(run, top_segments)
    from tarjama.report.junit import render_junit

    return render_junit(run)
