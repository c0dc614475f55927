"""Check quality: per-category precision, recall and F1 of every registered check on the
annotated set (data/annotated/checks.en-ar.jsonl), printed as a Markdown table.

    .venv/bin/python benchmarks/bench_checks_quality.py [--cases FILE] [--checks a,b] [--details]

--details also lists each miss and false alarm (for debugging a check).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tarjama.checks import CHECKS
from tarjama.checks.evaluation import Evaluation, evaluate_checks, load_cases, markdown_table
from tarjama.checks.runner import build_checks
from tarjama.config import CheckConfig
from tarjama.flags import CATEGORIES

DEFAULT_CASES = Path(__file__).resolve().parents[1] / "data" / "annotated" / "checks.en-ar.jsonl"
RULE_BASED = CATEGORIES  # mistranslation too, since a rule compares src with bt


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--checks", help="comma-separated check names (default: all registered)")
    parser.add_argument("--details", action="store_true", help="list misses and false alarms")
    return parser.parse_args()


def details(evaluation: Evaluation) -> list[str]:
    lines = [
        "",
        f"clean cases with a flag: {', '.join(evaluation.flagged_clean) or 'none'}",
        "",
        "misses:",
    ]
    lines += [
        f"  {m.case_id}\t{m.expected.category}\t«{m.expected.text}»" for m in evaluation.misses
    ]
    lines += ["", "false alarms:"]
    lines += [f"  {f.id}\t{f.category}\t«{f.text}»\t{f.message}" for f in evaluation.false_alarms]
    return lines


def main() -> None:
    args = parse_args()
    names = args.checks.split(",") if args.checks else CHECKS.names()
    checks = build_checks({n: CheckConfig() for n in names})
    cases = load_cases(args.cases)
    evaluation = evaluate_checks(cases, checks, RULE_BASED)
    n_clean = sum(case.clean for case in cases)
    print(f"{len(cases)} annotated cases ({n_clean} clean), checks: {', '.join(names) or 'none'}\n")
    print(markdown_table(evaluation))
    print(f"\nclean cases flag-free: {n_clean - len(evaluation.flagged_clean)}/{n_clean}")
    if args.details:
        print("\n".join(details(evaluation)))


if __name__ == "__main__":
    main()
