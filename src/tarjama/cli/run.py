"""`tarjama run SUITE`: full evaluation into a run directory."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tarjama.cli.exitcodes import EXIT_FAILED, EXIT_OK
from tarjama.cli.format import examples, run_summary
from tarjama.cli.report import report_formats_option, write_run_reports
from tarjama.config import BaselinePolicy, Suite
from tarjama.errors import StoreError
from tarjama.evaluate import RunOptions, evaluate_suite
from tarjama.history import BASELINE_POLICIES, record_run, resolve_baseline, suite_store
from tarjama.io import check_output_file
from tarjama.rundir import Run, check_target
from tarjama.suites import load_suite
from tarjama.textsafety import terminal_text


@click.command(
    "run",
    epilog=examples("tarjama run evals/news-ar-en.yaml --out reports/today --baseline release-1.2"),
)
@click.argument("suite_path", metavar="SUITE.yaml", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    help="Run directory to write (default: reports/<suite>-<timestamp>/); it must "
    "not exist yet, or be empty.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace the run directory at --out if there is one (never another folder).",
)
@click.option("--no-cache", is_flag=True, help="Do not read or write the model cache.")
@click.option(
    "--cache",
    "cache_path",
    type=click.Path(path_type=Path),
    help="Cache database to use (default: the suite's cache.path, else "
    "$XDG_CACHE_HOME/tarjama/cache.sqlite).",
)
@click.option("--label", help="A label for this run (e.g. the candidate model's name).")
@click.option("--model-version", help="Version or git commit of the evaluated model.")
@click.option("--json", "as_json", is_flag=True, help="Print results.json on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
@click.option(
    "--baseline",
    "baseline_ref",
    metavar="RUN",
    help="Baseline for regression gates: a run directory, a run id or label in the "
    "store, or 'none' to skip regression gates.",
)
@click.option(
    "--baseline-policy",
    type=click.Choice(BASELINE_POLICIES),
    help="Which run a baseline label or model version means: the newest run of this "
    "suite on the same data that passed its gates (passing), or the newest "
    "whatever its verdict (newest). Default: the suite's baseline.policy, "
    "else passing.",
)
@click.option(
    "--store",
    "store_path",
    type=click.Path(path_type=Path),
    help="Run store to record into (default: the suite's store.path, else tarjama.db "
    "beside the run directory).",
)
@click.option("--no-store", is_flag=True, help="Do not record this run in the run store.")
@click.option(
    "--report",
    "report_spec",
    metavar="FORMATS",
    callback=report_formats_option,
    help="Reports to write into the run directory: html,md,junit (default: the "
    "suite's report.formats), or none.",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Where the per-segment stages run: in this process, or as Ray Data on a Ray "
    "cluster (needs tarjama[ray]; actors sized by the suite's ray section).",
)
@click.option(
    "--address",
    metavar="ADDRESS",
    help="With --executor ray: the cluster to use, auto (the one 'ray start' made "
    "here), host:port or ray://host:port (default: $RAY_ADDRESS, else a new "
    "Ray instance on this machine).",
)
def command(
    suite_path: Path,
    out_dir: Path | None,
    no_cache: bool,
    label: str | None,
    model_version: str | None,
    as_json: bool,
    quiet: bool,
    baseline_ref: str | None = None,
    store_path: Path | None = None,
    no_store: bool = False,
    report_spec: list[str] | None = None,
    cache_path: Path | None = None,
    baseline_policy: BaselinePolicy | None = None,
    force: bool = False,
    executor: str = "local",
    address: str | None = None,
) -> int:
    """Evaluate a suite: back-translate, score, check, gate; write results.json and segments.jsonl.

    Exit code 1 when a gate fails.
    """
    suite = load_suite(suite_path)
    _check_outputs(
        suite,
        out_dir,
        force,
        None if no_store else store_path,
        no_store,
        None if no_cache else cache_path,
        no_cache,
    )
    baseline = resolve_baseline(
        suite, baseline_ref, store=store_path, out_dir=out_dir, policy=baseline_policy
    )
    if baseline is not None and not baseline.results.get("passed", True):
        click.echo(
            terminal_text(
                f"tarjama: warning: the baseline {baseline.run_id} did not pass its own gates"
            ),
            err=True,
        )
    options = RunOptions(
        out_dir=out_dir,
        use_cache=not no_cache,
        label=label,
        model_version=model_version,
        show_progress=not quiet,
        baseline=baseline,
        cache_path=cache_path,
        force=force,
        executor=executor,
        address=address,
    )
    run = evaluate_suite(suite, options)
    if not no_store:
        _record(run, suite, store_path)
    if as_json:
        click.echo(json.dumps(run.results, ensure_ascii=False, indent=2))
    else:
        click.echo(run_summary(run.results, str(run.path)))
    write_run_reports(run, suite, report_spec, to_stderr=as_json)
    return EXIT_OK if run.results["passed"] else EXIT_FAILED


def _check_outputs(
    suite: Suite,
    out_dir: Path | None,
    force: bool,
    store_path: Path | None,
    no_store: bool,
    cache_path: Path | None,
    no_cache: bool,
) -> None:
    """Before any work (the baseline included): the run directory, the run store and a named
    cache can be written. `evaluate_suite` checks the run directory again as it starts."""
    if out_dir is not None:
        check_target(out_dir, force)
    if not no_store and (store_path is not None or suite.store.enabled):
        check_output_file(suite_store(suite, out_dir, store_path), "run store")
    cache = cache_path or (suite.cache.path if suite.cache.enabled else None)
    if cache is not None and not no_cache:
        check_output_file(cache, "cache")


def _record(run: Run, suite: Suite, store_path: Path | None) -> None:
    """Index the run; a store problem is a warning (the run directory is already written)."""
    try:
        record_run(run, suite, store=store_path)
    except StoreError as exc:
        click.echo(
            terminal_text(f"tarjama: warning: run not recorded in the store: {exc}"), err=True
        )
