"""`tarjama score`: quick metrics on plain-text files, without a suite."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tarjama.cli.exitcodes import EXIT_OK
from tarjama.cli.format import examples, metrics_table
from tarjama.config import (
    DEFAULT_METRICS,
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    DEFAULT_SRC_LANG,
    DEFAULT_TGT_LANG,
)
from tarjama.context import RunContext
from tarjama.evaluate import score_files

FilePath = click.Path(path_type=Path)


@click.command(
    "score",
    epilog=examples(
        "tarjama score --src data/news/istanbul-talks/src.en.txt "
        "--mt data/news/istanbul-talks/mt.ar.txt "
        "--bt data/news/istanbul-talks/bt.en.txt --metrics roundtrip.chrf,roundtrip.ter"
    ),
)
@click.option("--src", required=True, type=FilePath, help="Source text, one segment per line.")
@click.option("--mt", required=True, type=FilePath, help="Machine translation, one per line.")
@click.option("--bt", type=FilePath, help="Back-translation of the MT, one per line.")
@click.option("--ref", type=FilePath, help="Human reference translation, one per line.")
@click.option(
    "--metrics",
    "metric_names",
    default=",".join(DEFAULT_METRICS),
    show_default=True,
    help="Comma-separated metric names.",
)
@click.option("--src-lang", default=DEFAULT_SRC_LANG, show_default=True)
@click.option("--tgt-lang", default=DEFAULT_TGT_LANG, show_default=True)
@click.option(
    "--resamples",
    default=DEFAULT_RESAMPLES,
    show_default=True,
    type=click.IntRange(min=0),
    help="Bootstrap resamples for 95% CIs (0 for none).",
)
@click.option(
    "--seed",
    default=DEFAULT_SEED,
    show_default=True,
    type=click.IntRange(min=0),
    help="Random seed of the bootstrap (as SACREBLEU_SEED).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
def command(
    src: Path,
    mt: Path,
    bt: Path | None,
    ref: Path | None,
    metric_names: str,
    src_lang: str,
    tgt_lang: str,
    resamples: int,
    seed: int,
    as_json: bool,
) -> int:
    """Score files with BLEU, chrF++, TER (and any registered metric), with 95% CIs."""
    names = [n.strip() for n in metric_names.split(",") if n.strip()]
    context = RunContext(src_lang=src_lang, tgt_lang=tgt_lang, seed=seed)
    scored = score_files(
        src, mt, bt=bt, ref=ref, metrics=names, resamples=resamples, context=context
    )
    if as_json:
        click.echo(json.dumps(scored, ensure_ascii=False, indent=2))
    else:
        click.echo(metrics_table(scored["metrics"]))
        for key, reason in scored["skipped_metrics"].items():
            click.echo(f"skipped {key}: {reason}")
    return EXIT_OK
