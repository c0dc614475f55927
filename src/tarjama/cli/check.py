"""`tarjama check`: run the rule-based checks on a dataset or a document pair, without metrics."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from tarjama.cli.exitcodes import EXIT_FAILED, EXIT_OK
from tarjama.cli.format import examples
from tarjama.config import Suite
from tarjama.data import Dataset, load_document_pair, load_table
from tarjama.evaluate import check_dataset, load_dataset
from tarjama.flags import CATEGORIES, SEVERITIES, Flag
from tarjama.suites import load_suite
from tarjama.textsafety import terminal_text

FilePath = click.Path(path_type=Path)


@click.command(
    "check",
    epilog=examples(
        "tarjama check --src data/news/istanbul-talks/src.en.txt "
        "--mt data/news/istanbul-talks/mt.ar.txt --fail-on major"
    ),
)
@click.argument("data", metavar="DATA", required=False, type=FilePath)
@click.option("--src", type=FilePath, help="Source text, one paragraph per line (with --mt).")
@click.option("--mt", type=FilePath, help="Machine translation, one paragraph per line.")
@click.option("--bt", type=FilePath, help="Back-translation of the MT, one paragraph per line.")
@click.option("--ref", type=FilePath, help="Human reference translation, one paragraph per line.")
@click.option(
    "--suite",
    "suite_path",
    type=FilePath,
    help="Take check settings and languages (and data, if none is given) from a suite.",
)
@click.option("--checks", "check_names", help="Comma-separated check names (default: all).")
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    help="Exit 1 when a flag of this severity or worse is found.",
)
@click.option("--json", "as_json", is_flag=True, help="One flag per line as JSON on stdout.")
def command(
    data: Path | None,
    src: Path | None,
    mt: Path | None,
    bt: Path | None,
    ref: Path | None,
    suite_path: Path | None,
    check_names: str | None,
    fail_on: str | None,
    as_json: bool,
) -> int:
    """Flag untranslated words, name, number and idiom errors, additions, punctuation….

    DATA is a JSONL, CSV, TSV or Parquet file with src and mt columns; or give a document
    pair with --src and --mt. Exit code 1 with --fail-on when a flag at that severity or
    worse is found.
    """
    suite = load_suite(suite_path) if suite_path else None
    dataset = _load(data, src, mt, bt, ref, suite)
    found = check_dataset(dataset, suite, only=_names(check_names))
    flags = [flag for seg_flags in found.values() for flag in seg_flags]
    if as_json:
        for flag in flags:
            click.echo(json.dumps(flag.to_dict(), ensure_ascii=False))
    else:
        click.echo(listing(flags, len(dataset)))
    return EXIT_FAILED if fail_on and worst_at_least(flags, fail_on) else EXIT_OK


def _load(
    data: Path | None,
    src: Path | None,
    mt: Path | None,
    bt: Path | None,
    ref: Path | None,
    suite: Suite | None,
) -> Dataset:
    """The dataset from DATA, from --src/--mt, or from the suite's data section (whose
    segment limits and control-character rule apply to DATA and --src/--mt as well)."""
    pair = any(p is not None for p in (src, mt, bt, ref))
    rules = suite.data.text_rules() if suite is not None else None
    if data is not None and pair:
        raise click.UsageError("give either DATA or --src/--mt files, not both")
    if data is not None:
        return load_table(data, rules=rules)
    if pair:
        if src is None or mt is None:
            raise click.UsageError("a document pair needs both --src and --mt")
        return load_document_pair(src, mt, bt=bt, ref=ref, rules=rules)
    if suite is not None:
        return load_dataset(suite.data)
    raise click.UsageError("give DATA, or --src and --mt, or --suite")


def _names(check_names: str | None) -> list[str] | None:
    """--checks as a list of names (None when not given)."""
    if not check_names:
        return None
    names = [n.strip() for n in check_names.split(",") if n.strip()]
    if not names:
        raise click.UsageError("--checks needs at least one check name")
    return names


def worst_at_least(flags: list[Flag], severity: str) -> bool:
    """Whether any flag is at `severity` or worse (minor < major < critical)."""
    floor = SEVERITIES.index(severity)
    return any(SEVERITIES.index(f.severity) >= floor for f in flags)


def listing(flags: list[Flag], n_segments: int) -> str:
    """One line per flag (segment, category, severity, text, message), then a count summary."""
    lines = [_flag_line(flag) for flag in flags]
    if lines:
        lines.append("")
    lines.append(summary(flags, n_segments))
    return "\n".join(lines)


def _flag_line(flag: Flag) -> str:
    text = f"«{flag.text}»" if flag.text else "(whole segment)"
    line = f"{flag.id}\t{flag.category}\t{flag.severity}\t{text}\t{flag.message}"
    return terminal_text(line.replace("\n", " "))


def summary(flags: list[Flag], n_segments: int) -> str:
    """ "12 segments, 3 flagged; 5 flags (critical 0, major 2, minor 3): untranslated 3, …"."""
    severities = Counter(f.severity for f in flags)
    categories = Counter(f.category for f in flags)
    flagged = len({f.id for f in flags})
    by_severity = ", ".join(f"{s} {severities[s]}" for s in reversed(SEVERITIES))
    by_category = ", ".join(f"{c} {categories[c]}" for c in CATEGORIES if categories[c])
    noun = "flag" if len(flags) == 1 else "flags"
    head = f"{n_segments} segments, {flagged} flagged; {len(flags)} {noun} ({by_severity})"
    return head + (f": {by_category}" if by_category else "")
