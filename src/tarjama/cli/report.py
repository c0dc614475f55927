"""`tarjama report RUN_DIR`: re-render report.html, summary.md and junit.xml from a run."""

from __future__ import annotations

from pathlib import Path

import click

from tarjama.cli.exitcodes import EXIT_OK
from tarjama.cli.format import examples
from tarjama.config import Suite
from tarjama.errors import TarjamaError
from tarjama.io import check_output_file
from tarjama.report import REPORT_FILES, parse_formats, render_reports
from tarjama.rundir import Run, read_run


@click.command(
    "report", epilog=examples("tarjama report reports/news-ar-en-20260105T090000Z --format html,md")
)
@click.argument("run_dir", metavar="RUN_DIR", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "formats",
    default=",".join(REPORT_FILES),
    show_default=True,
    help="Comma-separated report formats: html, md, junit.",
)
@click.option(
    "--top",
    "top_segments",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="Flagged segments listed in summary.md.",
)
def command(run_dir: Path, formats: str, top_segments: int) -> int:
    """Re-render the reports of a run directory (results.json + segments.jsonl)."""
    chosen = parse_formats(formats)
    run = read_run(run_dir)
    for name in chosen:
        check_output_file(run.path / REPORT_FILES[name], "report")
    for path in render_reports(run, chosen, top_segments=top_segments).values():
        click.echo(str(path))
    return EXIT_OK


def report_formats_option(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> list[str] | None:
    """Click callback for `tarjama run --report`: check the formats before the run starts."""
    if value is None:
        return None
    try:
        return parse_formats(value)
    except TarjamaError as exc:
        raise click.BadParameter(str(exc)) from None


def write_run_reports(
    run: Run, suite: Suite, formats: list[str] | None, to_stderr: bool = False
) -> None:
    """After `tarjama run`: write the reports (`formats`, else the suite's) and print their paths.

    `to_stderr` keeps stdout parseable when it carries results.json (`--json`).
    """
    chosen = list(suite.report.formats) if formats is None else formats
    written = render_reports(run, chosen, top_segments=suite.report.top_segments)
    labels = {"md": "summary", "junit": "junit", "html": "report"}
    for name in sorted(written, key=lambda n: n == "html"):  # report.html's path last
        click.echo(f"{labels[name]}: {written[name]}", err=to_stderr)
