"""`tarjama run SUITE`: full evaluation into a run directory."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tarjama.cli.format import run_summary
from tarjama.config import load_suite
from tarjama.evaluate import RunOptions, evaluate_suite


@click.command("run")
@click.argument("suite_path", metavar="SUITE.yaml", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path),
              help="Run directory to write (default: reports/<suite>-<timestamp>/).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the model cache.")
@click.option("--label", help="A label for this run (e.g. the candidate model's name).")
@click.option("--model-version", help="Version or git commit of the evaluated model.")
@click.option("--json", "as_json", is_flag=True, help="Print results.json on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
def command(suite_path: Path, out_dir: Path | None, no_cache: bool, label: str | None,
            model_version: str | None, as_json: bool, quiet: bool) -> int:
    """Evaluate a suite: back-translate, score, check, gate; write results.json and segments.jsonl.

    Exit code 1 when a gate fails.
    """
    suite = load_suite(suite_path)
    options = RunOptions(out_dir=out_dir, use_cache=not no_cache, label=label,
                         model_version=model_version, show_progress=not quiet)
    run = evaluate_suite(suite, options)
    if as_json:
        click.echo(json.dumps(run.results, ensure_ascii=False, indent=2))
    else:
        click.echo(run_summary(run.results, str(run.path)))
    return 0 if run.results["passed"] else 1
