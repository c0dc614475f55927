"""`tarjama models pull|list`: fill and inspect the local model store (models/)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tarjama.cli.exitcodes import EXIT_OK
from tarjama.cli.format import examples
from tarjama.models import LOCK_NAME, default_models_dir, list_local_models, pull_model

_DIR_OPTION = click.option(
    "--models-dir",
    type=click.Path(path_type=Path),
    help="Model store (default: $TARJAMA_MODELS_DIR or the nearest models/ folder).",
)


@click.group(
    "models", epilog=examples("tarjama models pull Unbabel/wmt22-comet-da", "tarjama models list")
)
def command() -> None:
    """Download models into models/ (where a network exists) and list what is local."""


@command.command("pull", epilog=examples("tarjama models pull Unbabel/wmt22-comet-da"))
@click.argument("model_ids", metavar="MODEL...", nargs=-1, required=True)
@click.option("--revision", help="Branch, tag or commit to pull (default: main).")
@_DIR_OPTION
def pull(model_ids: tuple[str, ...], revision: str | None, models_dir: Path | None) -> int:
    """Download hub models into the store and record them in models/models.lock."""
    store = models_dir or default_models_dir()
    for model in model_ids:
        resolved = pull_model(model, store, revision)
        click.echo(f"pulled {model} @ {resolved.revision} into {resolved.path}")
    click.echo(f"lock file: {store / LOCK_NAME}")
    return EXIT_OK


@command.command("list", epilog=examples("tarjama models list --no-hf-cache"))
@_DIR_OPTION
@click.option("--no-hf-cache", is_flag=True, help="Leave out the Hugging Face cache.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per model.")
def list_(models_dir: Path | None, no_hf_cache: bool, as_json: bool) -> int:
    """Models in the store and in the local Hugging Face cache."""
    rows = list_local_models(models_dir or default_models_dir(), not no_hf_cache)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row))
        return EXIT_OK
    if not rows:
        click.echo("no local models (see models/README.md)")
    for row in rows:
        revision = (row["revision"] or "—")[:12]
        click.echo(
            f"{row['model']:<44} {row['source']:<10} {revision:<12} "
            f"{row['size_bytes'] / 1e6:>9.1f} MB  {row['path']}"
        )
    return EXIT_OK
