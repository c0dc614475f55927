"""`tarjama cache info|clear`: inspect or empty the persistent model cache."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tarjama.cache import Cache
from tarjama.cli.exitcodes import EXIT_OK
from tarjama.cli.format import examples

_PATH_OPTION = click.option(
    "--cache",
    "cache_path",
    type=click.Path(path_type=Path),
    help="Cache database (default: $XDG_CACHE_HOME/tarjama/cache.sqlite).",
)


@click.group(
    "cache", epilog=examples("tarjama cache info", "tarjama cache clear --namespace translate.hf")
)
def command() -> None:
    """Inspect or clear the cache of back-translations and model scores."""


@command.command("info", epilog=examples("tarjama cache info --json"))
@_PATH_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def info(cache_path: Path | None, as_json: bool) -> int:
    """Where the cache is, its size, and its entries per namespace."""
    figures = Cache(cache_path).info()
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return EXIT_OK
    click.echo(f"path: {figures['path']}")
    click.echo(f"size: {figures['size_bytes'] / 1e6:.2f} MB")
    click.echo(f"entries: {figures['entries']}")
    for namespace, count in figures["namespaces"].items():
        click.echo(f"  {namespace}: {count}")
    return EXIT_OK


@command.command("clear", epilog=examples("tarjama cache clear --namespace translate.hf"))
@_PATH_OPTION
@click.option("--namespace", help="Clear only this namespace (e.g. translate.hf).")
def clear(cache_path: Path | None, namespace: str | None) -> int:
    """Delete cached entries (all, or one namespace)."""
    cache = Cache(cache_path)
    deleted = cache.clear(namespace)
    scope = f"namespace {namespace}" if namespace else "all namespaces"
    click.echo(f"deleted {deleted} entries ({scope}) from {cache.path}")
    return EXIT_OK
