"""`tarjama validate SUITE…`: load and check suites (and their data) without running them."""

from __future__ import annotations

from pathlib import Path

import click

from tarjama.cli.exitcodes import EXIT_OK, EXIT_USAGE
from tarjama.cli.format import examples
from tarjama.errors import TarjamaError
from tarjama.evaluate import load_dataset
from tarjama.suites import check_models, load_suite
from tarjama.textsafety import terminal_text


@click.command("validate", epilog=examples("tarjama validate evals/news-ar-en.yaml --no-data"))
@click.argument(
    "suite_paths", metavar="SUITE.yaml...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@click.option("--no-data", is_flag=True, help="Check the suite files only, not their data.")
@click.option(
    "--no-models",
    is_flag=True,
    help="Do not look for the suite's models (back-translation, COMET, semsim).",
)
def command(suite_paths: tuple[Path, ...], no_data: bool, no_models: bool = False) -> int:
    """Check that suites load: keys, names, options, gates, data files, and models.

    The models are looked for as `tarjama run` looks for them before any work (found,
    complete, matching their pins; no weights loaded).
    """
    failures = 0
    for path in suite_paths:
        try:
            suite = load_suite(path)
            detail = "" if no_data else f", {len(load_dataset(suite.data))} segments"
            if not no_models:
                check_models(suite)
                detail += ", models found"
            click.echo(
                terminal_text(
                    f"ok: {path} (suite {suite.name}, {len(suite.metrics)} metrics{detail})"
                )
            )
        except TarjamaError as exc:
            click.echo(f"tarjama: error: {' '.join(terminal_text(exc).split())}", err=True)
            failures += 1
    return EXIT_USAGE if failures else EXIT_OK
