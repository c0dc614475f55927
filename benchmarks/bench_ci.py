"""Confidence intervals: tarjama's vectorised bootstrap against sacrebleu's own.

One run, the same 10,000 synthetic segment pairs, 1,000 resamples, BLEU + chrF++ + TER:
1. sacrebleu corpus scores without CIs,
2. sacrebleu with n_bootstrap=1000 (what its --confidence does),
3. tarjama with CIs: statistics extraction (in worker processes on a multi-core machine), then
   the bootstrap over the cached statistics, each timed on its own.
Reports wall times, each tool's CI overhead (sacrebleu's: time with CIs minus time without;
tarjama's: the bootstrap step itself), and the gap between interval ends.

    .venv/bin/python benchmarks/bench_ci.py [--segments 10000] [--resamples 1000]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import pairs

from tarjama.metrics.parallel import auto_workers

KEYS = ("roundtrip.bleu", "roundtrip.chrf", "roundtrip.ter")


def sacrebleu_metrics():
    from sacrebleu.metrics import BLEU, CHRF, TER

    return {"roundtrip.bleu": BLEU(), "roundtrip.chrf": CHRF(word_order=2), "roundtrip.ter": TER()}


def run_sacrebleu(hyps, refs, n_bootstrap):
    started = time.perf_counter()
    scores = {
        k: m.corpus_score(hyps, [refs], n_bootstrap=n_bootstrap)
        for k, m in sacrebleu_metrics().items()
    }
    return time.perf_counter() - started, scores


def run_tarjama(hyps, refs, resamples, seed, workers):
    """(extraction seconds, bootstrap seconds, report): the two steps timed apart."""
    from tarjama.config import BootstrapConfig, MetricConfig
    from tarjama.context import RunContext
    from tarjama.data import Segment
    from tarjama.metrics.resample import bootstrap_sums, percentile_interval
    from tarjama.metrics.runner import score_dataset

    segments = [
        Segment(str(i), "bench", ref, "", bt=hyp) for i, (hyp, ref) in enumerate(zip(hyps, refs))
    ]
    started = time.perf_counter()
    report = score_dataset(
        segments,
        [MetricConfig(name=k) for k in KEYS],
        BootstrapConfig(resamples=0),
        RunContext(seed=seed, workers=workers),
    )
    extracted = time.perf_counter()
    outcomes = list(report.outcomes.values())  # the same steps as metrics.runner._intervals
    sums = bootstrap_sums([o.computed.stats for o in outcomes], resamples, seed)
    for outcome, resampled in zip(outcomes, sums):
        outcome.ci95 = percentile_interval(outcome.metric.scores_from_sums(resampled), 0.95)
    return extracted - started, time.perf_counter() - extracted, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes for tarjama's statistics (default: automatic)",
    )
    args = parser.parse_args()
    seed = int(os.environ.get("SACREBLEU_SEED", "12345"))
    hyps, refs = pairs(args.segments)

    sb_plain, _ = run_sacrebleu(hyps, refs, 1)
    sb_boot, sb_scores = run_sacrebleu(hyps, refs, args.resamples)
    workers = auto_workers(args.segments, args.workers)
    tj_extract, tj_boot, tj = run_tarjama(hyps, refs, args.resamples, seed, workers)
    tj_total = tj_extract + tj_boot
    sb_over = sb_boot - sb_plain

    print(
        f"{args.segments} segment pairs, {args.resamples} resamples, BLEU + chrF++ + TER; "
        f"tarjama extracts statistics in {workers} process(es)\n"
    )
    print("| | sacrebleu | tarjama |\n|---|---:|---:|")
    print(f"| scores without CIs (s) | {sb_plain:.2f} | {tj_extract:.2f} |")
    print(f"| scores with 95% CIs (s) | {sb_boot:.2f} | {tj_total:.2f} |")
    print(f"| CI overhead (s) | {sb_over:.2f} | {tj_boot:.3f} |")
    print(f"\nCI overhead ratio (sacrebleu / tarjama): {sb_over / tj_boot:.0f}x (target >= 20x)")
    print(f"tarjama with CIs / sacrebleu without: {tj_total / sb_plain:.2f} (target <= 1.00)\n")
    print(
        "| metric | score | sacrebleu 95% CI | tarjama 95% CI | max end gap |\n|---|---:|---|---|---:|"
    )
    for key in KEYS:
        theirs = sb_scores[key]
        lo, hi = theirs._mean - theirs._ci, theirs._mean + theirs._ci
        ours = tj.outcomes[key]
        gap = max(abs(lo - ours.ci95[0]), abs(hi - ours.ci95[1]))
        assert abs(ours.score - theirs.score) < 1e-9, key
        print(
            f"| {key} | {ours.score:.2f} | [{lo:.2f}, {hi:.2f}] | "
            f"[{ours.ci95[0]:.2f}, {ours.ci95[1]:.2f}] | {gap:.3f} |"
        )


if __name__ == "__main__":
    main()
