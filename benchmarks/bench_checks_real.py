"""Check quality on real translations: every check on professional Arabic news (NTREX-128).

    .venv/bin/python benchmarks/bench_checks_real.py [--real DIR] [--checks a,b] [--details]

Reads ../shared/real/ntrex-en-ar.dev.jsonl (real English news and its professional Arabic
translation) and its judged flags, which are never copied into the repository. Prints, per
category, flags per 1,000 segments by severity; the share of segments with a major (or
critical) flag; and, on the judged flags, how many judged false alarms are still raised and how
many judged real errors are still caught. A judged flag counts as raised when a flag of the same
category on the same segment covers or overlaps its text (any flag of that category when the
judged flag has no text). Targets (issue 12): at most 5% of segments with a major flag, at most
15% of judged-false still raised, at least 85% of judged-true still caught.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from tarjama.checks import CHECKS
from tarjama.checks.runner import build_checks, run_checks
from tarjama.config import CheckConfig
from tarjama.data import load_table
from tarjama.flags import CATEGORIES, SEVERITIES, Flag

DEFAULT_REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
DATA, JUDGED = "ntrex-en-ar.dev.jsonl", "ntrex-en-ar.dev.judged-flags.jsonl"
TARGETS = {"major share": 0.05, "false still raised": 0.15, "true still caught": 0.85}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, default=DEFAULT_REAL, help="folder of the real set")
    parser.add_argument("--checks", help="comma-separated check names (default: all registered)")
    parser.add_argument(
        "--details",
        action="store_true",
        help="list judged flags still raised/missed and every major flag",
    )
    return parser.parse_args()


def raised(judged: dict, flags: list[Flag]) -> bool:
    """Whether a flag of the judged flag's category on its segment points at its text."""
    text = judged.get("text") or ""
    for flag in flags:
        if flag.category != judged["category"]:
            continue
        if not text or not flag.text or text in flag.text or flag.text in text:
            return True
    return False


def rates_table(flags: dict[str, list[Flag]], n: int) -> list[str]:
    counts = Counter((f.category, f.severity) for found in flags.values() for f in found)
    lines = ["| category | " + " | ".join(SEVERITIES) + " |", "|---|" + "---:|" * len(SEVERITIES)]
    for category in CATEGORIES:
        row = [counts[(category, s)] * 1000 / n for s in SEVERITIES]
        if any(row):
            lines.append(f"| {category} | " + " | ".join(f"{v:.1f}" for v in row) + " |")
    return lines


def judged_lines(judged: list[dict], flags: dict[str, list[Flag]], details: bool) -> list[str]:
    lines = []
    for verdict, label in (
        ("false", "judged-false still raised"),
        ("true", "judged-true still caught"),
        ("debatable", "debatable raised"),
    ):
        rows = [j for j in judged if j["verdict"] == verdict]
        hits = [j for j in rows if raised(j, flags.get(j["id"], []))]
        share = len(hits) / len(rows) if rows else 0.0
        lines.append(f"{label}: {len(hits)}/{len(rows)} ({share:.0%})")
        if details:
            shown = hits if verdict != "true" else [j for j in rows if j not in hits]
            tag = "raised" if verdict != "true" else "missed"
            lines += [
                f"    {tag}: {j['id']} {j['category']} «{j['text']}» {j.get('class', '')}"
                for j in shown
            ]
    return lines


def major_lines(dataset_segments: list, flags: dict[str, list[Flag]]) -> list[str]:
    lines = []
    for seg in dataset_segments:
        for f in flags.get(seg.id, []):
            if f.severity != "minor":
                lines.append(f"  {seg.id}\t{f.category}\t{f.severity}\t«{f.text}»\t{f.message}")
    return lines


def main() -> int:
    args = parse_args()
    if not (args.real / DATA).exists():
        print(
            f"skipped: the real set is not here ({args.real / DATA}); pass --real DIR",
            file=sys.stderr,
        )
        return 0
    dataset = load_table(args.real / DATA, None, {}, None)
    judged = [json.loads(line) for line in (args.real / JUDGED).read_text().splitlines() if line]
    names = args.checks.split(",") if args.checks else CHECKS.names()
    flags = run_checks(dataset, build_checks({name: CheckConfig() for name in names}))
    n = len(dataset)
    major = sum(any(f.severity != "minor" for f in found) for found in flags.values())
    print(f"{n} segments of real news, checks: {', '.join(names)}\n")
    print("flags per 1,000 segments\n")
    print("\n".join(rates_table(flags, n)))
    print(f"\nsegments with a major or critical flag: {major}/{n} ({major / n:.1%})")
    print("\n".join(judged_lines(judged, flags, args.details)))
    if args.details:
        print("\nmajor and critical flags:\n" + "\n".join(major_lines(dataset.segments, flags)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
