"""`tarjama runs list|show|rm|import`: the run history store, from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from tarjama.cli.exitcodes import EXIT_OK
from tarjama.cli.format import examples, format_number
from tarjama.store import DEFAULT_STORE, Store, import_runs
from tarjama.textsafety import terminal_text

StoreOption = click.option(
    "--store",
    "store_path",
    type=click.Path(path_type=Path),
    default=DEFAULT_STORE,
    show_default=True,
    help="The run store database.",
)


@click.group(
    "runs",
    epilog=examples(
        "tarjama runs list --suite news-ar-en --limit 5", "tarjama runs show release-1.2"
    ),
)
def command() -> None:
    """Run history: list, show, forget and (re)import recorded runs."""


@command.command("list", epilog=examples("tarjama runs list --suite news-ar-en --limit 5"))
@StoreOption
@click.option("--suite", help="Only runs of this suite.")
@click.option("--limit", type=click.IntRange(1), help="At most this many (newest first).")
@click.option("--json", "as_json", is_flag=True, help="Print the runs as JSON.")
def list_runs(store_path: Path, suite: str | None, limit: int | None, as_json: bool) -> int:
    """List recorded runs, newest first."""
    with Store(store_path, create=False) as store:
        rows = store.runs(suite=suite, limit=limit)
        scores = {row["run_id"]: store.metrics(row["run_id"]) for row in rows}
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in rows:
        click.echo(terminal_text(_run_line(row, scores[row["run_id"]])))
    if not rows:
        click.echo("no runs recorded", err=True)
    return EXIT_OK


def _run_line(row: dict[str, Any], metrics: list[dict[str, Any]]) -> str:
    parts = [row["run_id"], row["created"], "passed" if row["passed"] else "FAILED"]
    parts += [f"{k}={row[k]}" for k in ("label", "model_version") if row.get(k)]
    parts += [f"{m['metric']}={format_number(m['score'])}" for m in metrics[:3]]
    return "  ".join(parts)


@command.command("show", epilog=examples("tarjama runs show release-1.2 --json"))
@click.argument("run_ref", metavar="RUN")
@StoreOption
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
def show_run(run_ref: str, store_path: Path, as_json: bool) -> int:
    """Show one run (by id, label or model version): metrics, flag counts, gates."""
    with Store(store_path, create=False) as store:
        record = store.describe(run_ref)
    click.echo(
        json.dumps(record, ensure_ascii=False, indent=2)
        if as_json
        else terminal_text(_show_text(record))
    )
    return EXIT_OK


def _show_text(record: dict[str, Any]) -> str:
    lines = [
        f"run {record['run_id']} ({record['suite']}, {record['created']})",
        f"  directory: {record['path']}",
        f"  label: {record['label'] or '—'}; model version: {record['model_version'] or '—'}",
        f"  gates: {'passed' if record['passed'] else 'FAILED'}",
        "  metrics:",
    ]
    for m in record["metrics"]:
        ci = (
            ""
            if m["ci_low"] is None
            else f" [{format_number(m['ci_low'])}, {format_number(m['ci_high'])}]"
        )
        lines.append(f"    {m['metric']:<18} {format_number(m['score']):>8}{ci}")
    flagged = [
        f"{f['name']} {f['count']}"
        for f in record["flag_counts"]
        if f["kind"] == "category" and f["count"]
    ]
    lines.append(f"  flags: {record['n_flags']}" + (f" ({', '.join(flagged)})" if flagged else ""))
    for gate in record["gates"]:
        lines.append(f"  gate {gate['state'].upper()}: {gate['name']}: {gate['message'] or ''}")
    return "\n".join(lines)


@command.command("rm", epilog=examples("tarjama runs rm news-ar-en-20260105T090000Z-1a2b3c"))
@click.argument("run_refs", metavar="RUN...", nargs=-1, required=True)
@StoreOption
def remove_runs(run_refs: tuple[str, ...], store_path: Path) -> int:
    """Forget runs in the store (their run directories are left alone).

    Every RUN is looked up first: when one is not in the store, nothing is removed.
    """
    with Store(store_path, create=False) as store:
        removed = store.remove_runs(run_refs)
    for run_id in removed:
        click.echo(terminal_text(f"removed {run_id}"))
    return EXIT_OK


@command.command("import", epilog=examples("tarjama runs import reports/"))
@click.argument("paths", metavar="DIR...", nargs=-1, required=True, type=click.Path(path_type=Path))
@StoreOption
def import_dirs(paths: tuple[Path, ...], store_path: Path) -> int:
    """Record run directories (or folders of them) in the store, rebuilding the index."""
    runs = import_runs(store_path, paths)
    for run in runs:
        click.echo(terminal_text(f"imported {run.run_id}  {run.path}"))
    click.echo(f"{len(runs)} run(s) in {store_path}", err=True)
    return EXIT_OK
