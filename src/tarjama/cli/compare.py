"""`tarjama compare RUN_A RUN_B [RUN_C …]`: metric deltas with paired significance."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from tarjama.cli.exitcodes import EXIT_OK
from tarjama.cli.format import examples, format_number
from tarjama.compare import compare_runs
from tarjama.io import check_output_file
from tarjama.significance import DEFAULT_AR_TRIALS, DEFAULT_BOOTSTRAP_SAMPLES
from tarjama.store import resolve_run
from tarjama.textsafety import terminal_text


@click.command(
    "compare",
    epilog=examples(
        "tarjama compare reports/release-1.2 reports/candidate --html reports/compare.html"
    ),
)
@click.argument("run_refs", metavar="BASELINE CANDIDATE [CANDIDATE…]", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@click.option(
    "--html",
    "html_out",
    type=click.Path(path_type=Path),
    help="Also write a self-contained HTML comparison to this file.",
)
@click.option(
    "--samples",
    default=DEFAULT_BOOTSTRAP_SAMPLES,
    show_default=True,
    type=click.IntRange(1),
    help="Paired bootstrap resamples.",
)
@click.option(
    "--ar-trials",
    default=DEFAULT_AR_TRIALS,
    show_default=True,
    type=click.IntRange(1),
    help="Approximate randomisation trials.",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    help="Random seed (as SACREBLEU_SEED; "
    "default: the seed each candidate's run recorded, as its gates used).",
)
@click.option(
    "--store",
    "store_path",
    type=click.Path(path_type=Path),
    help="Run store for runs given by id or label (default: reports/tarjama.db).",
)
def command(
    run_refs: tuple[str, ...],
    as_json: bool,
    html_out: Path | None,
    samples: int,
    ar_trials: int,
    seed: int | None,
    store_path: Path | None,
) -> int:
    """Compare runs on the same data: the first is the baseline, the others candidates.

    Each run is a run directory, or a run id, label or model version in the store. For every
    shared metric: both scores, the delta, its 95% CI and paired p-values (bootstrap and
    approximate randomisation, as sacrebleu computes them) and a verdict, better or worse
    only when both p-values are below 0.05; then flag-count deltas.
    """
    if len(run_refs) < 2:
        raise click.UsageError("compare needs a baseline run and at least one candidate run")
    if html_out is not None:
        check_output_file(html_out, "HTML comparison")
    runs = [resolve_run(ref, store_path) for ref in run_refs]
    comparison = compare_runs(runs, n_samples=samples, ar_trials=ar_trials, seed=seed)
    if html_out is not None:
        from tarjama.report.compare_html import render_compare_html  # jinja2: only when asked

        render_compare_html(runs, comparison, html_out)
    if as_json:
        click.echo(json.dumps(comparison, ensure_ascii=False, indent=2))
    else:
        click.echo(terminal_text(comparison_text(comparison)))
    return EXIT_OK


def comparison_text(comparison: dict[str, Any]) -> str:
    """Terminal tables: one block per candidate."""
    base = comparison["baseline"]
    lines = [f"baseline: {_run_name(base)}"]
    for index, candidate in enumerate(comparison["candidates"]):
        lines += ["", f"candidate: {_run_name(candidate)}", _metric_header()]
        for key, entries in comparison["metrics"].items():
            lines.append(_metric_line(key, entries[index]))
        lines.append(_flags_line(comparison, index))
    for key, reason in comparison["skipped_metrics"].items():
        lines.append(f"not compared {key}: {reason}")
    settings = comparison["settings"]
    seeds = (
        settings["seed"]
        if settings["seed"] is not None
        else ", ".join(f"{c['run_id']} {c['seed']}" for c in comparison["candidates"])
    )
    lines += [
        "",
        (
            f"paired bootstrap: {settings['n_samples']} resamples; approximate "
            f"randomisation: {settings['ar_trials']} trials; seed {seeds}; better or "
            f"worse when both p < {settings['alpha']:g}"
        ),
    ]
    return "\n".join(lines)


def _run_name(run: dict[str, Any]) -> str:
    extra = ", ".join(str(run[k]) for k in ("label", "model_version") if run.get(k))
    return f"{run['run_id']}" + (f" ({extra})" if extra else "") + f"  {run['path']}"


def _metric_header() -> str:
    return (
        f"{'metric':<18} {'baseline':>9} {'candidate':>9} {'delta':>8}  "
        f"{'95% CI of delta':<17} {'p (boot)':>8} {'p (AR)':>8}  verdict"
    )


def _metric_line(key: str, entry: dict[str, Any]) -> str:
    ci = entry.get("delta_ci95")
    ci_text = f"[{format_number(ci[0])}, {format_number(ci[1])}]" if ci else "—"
    verdict = entry["verdict"]
    return (
        f"{key:<18} {format_number(entry['baseline']):>9} {format_number(entry['candidate']):>9} "
        f"{entry['delta']:>+8.2f}  {ci_text:<17} {entry['p_value_bootstrap']:>8.4f} "
        f"{entry['p_value_ar']:>8.4f}  {verdict}"
    )


def _flags_line(comparison: dict[str, Any], index: int) -> str:
    changed = [
        (cat, entries[index]["delta"])
        for cat, entries in comparison["flags"].items()
        if entries[index]["delta"]
    ]
    text = ", ".join(f"{cat} {delta:+d}" for cat, delta in changed) or "no change"
    mqm = comparison["mqm_penalty"][index]
    mqm_text = "" if mqm["delta"] is None else f"; MQM penalty {mqm['delta']:+.1f}"
    return f"flag counts: {text}{mqm_text}"
