"""Check speed: all registered checks together over ≥ 20,000 news-length segments, one process.

Segments are built by recombining 2–4 sentence pairs drawn (seeded) from the annotated set and
the sample article, so they carry the same mix of clean text and planted errors (and hardly
ever repeat, so a per-segment cache cannot flatter a check); every 12 segments form a document.

Each measurement runs in a fresh interpreter: build the checks, warm them up on 200 segments
drawn with another seed (lexicons, language models, compiled patterns), then time one pass.
A measurement is repeated (`--repeats`, each time in a new interpreter) and the fastest pass
is reported, as timeit does: on a shared machine the slower passes measure the neighbours.
Reported: wall and CPU seconds (CPU time of that process, the fairer number on a shared
machine), segments per second, and peak memory (tracemalloc peak over build + warm-up + run,
in a separate fresh process because tracing slows Python down; and ru_maxrss of the timed
process, which includes the interpreter and the dataset).

    .venv/bin/python benchmarks/bench_checks_speed.py [--segments 20000] [--seed 7] [--repeats 3]
        [--per-check]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from tarjama.checks import CHECKS
from tarjama.checks.base import Check
from tarjama.checks.evaluation import load_cases
from tarjama.checks.runner import build_checks, run_checks
from tarjama.config import CheckConfig
from tarjama.data import Dataset, Segment, load_document_pair

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "data" / "annotated" / "checks.en-ar.jsonl"
SAMPLE = REPO / "data" / "news" / "istanbul-talks"
DOC_SIZE = 12
WARM_UP = 200


def sentence_pairs() -> list[tuple[str, str, str]]:
    """(src, mt, bt) from the annotated set and the sample article; bt falls back to src."""
    pairs = [(c.src, c.mt, c.bt or c.src) for c in load_cases(CASES) if c.mt.strip()]
    sample = load_document_pair(
        SAMPLE / "src.en.txt", SAMPLE / "mt.ar.txt", bt=SAMPLE / "bt.en.txt"
    )
    pairs += [(s.src, s.mt, s.bt or s.src) for s in sample.segments]
    return pairs


def synthetic_dataset(n: int, seed: int) -> Dataset:
    """`n` segments of 2–4 recombined pairs each, in documents of DOC_SIZE segments."""
    rng = random.Random(seed)
    pool = sentence_pairs()
    segments = []
    for i in range(n):
        parts = rng.sample(pool, rng.choice((2, 2, 3, 3, 4)))
        src, mt, bt = (" ".join(p[k] for p in parts) for k in range(3))
        segments.append(
            Segment(id=f"s{i:06d}", doc_id=f"d{i // DOC_SIZE:05d}", src=src, mt=mt, bt=bt)
        )
    return Dataset(segments)


def build(names: list[str]) -> list[Check]:
    return build_checks({n: CheckConfig() for n in names})


def measure(names: list[str], n: int, seed: int) -> dict[str, float]:
    """Warm up, then time one pass of `names` over the dataset (run in a fresh process)."""
    dataset = synthetic_dataset(n, seed)
    checks = build(names)
    run_checks(synthetic_dataset(WARM_UP, seed + 1000), checks)
    wall, cpu = time.perf_counter(), time.process_time()
    flags = run_checks(dataset, checks)
    return {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "flags": sum(len(f) for f in flags.values()),
        "maxrss_mib": maxrss_mib(),
    }


def traced_peak(names: list[str], n: int, seed: int) -> dict[str, float]:
    """tracemalloc's peak over building, warming up and running the checks (fresh process)."""
    dataset = synthetic_dataset(n, seed)
    tracemalloc.start()
    checks = build(names)
    run_checks(synthetic_dataset(WARM_UP, seed + 1000), checks)
    run_checks(dataset, checks)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"traced_peak_mib": peak / 2**20}


def maxrss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10  # bytes on macOS, KiB on Linux


def fastest(names: list[str], n: int, seed: int, repeat: int) -> dict[str, float]:
    """The timed pass with the least CPU time among `repeat` fresh processes."""
    runs = [in_fresh_process("time", names, n, seed) for _ in range(repeat)]
    return min(runs, key=lambda run: run["cpu"])


def in_fresh_process(task: str, names: list[str], n: int, seed: int) -> dict[str, float]:
    command = [
        sys.executable,
        __file__,
        "--task",
        task,
        "--names",
        ",".join(names),
        "--segments",
        str(n),
        "--seed",
        str(seed),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{task} {','.join(names)} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def row(label: str, n: int, result: dict[str, float]) -> str:
    wall, cpu = result["wall"], result["cpu"]
    return (
        f"| {label} | {n} | {wall:.2f} | {cpu:.2f} | {n / wall:,.0f} | {n / cpu:,.0f} | "
        f"{result['flags']:.0f} |"
    )


def report(names: list[str], n: int, seed: int, repeat: int, per_check: bool) -> None:
    dataset = synthetic_dataset(n, seed)
    mean_chars = sum(len(s.mt) for s in dataset.segments) / n
    print(
        f"{n} segments in {len(dataset.documents())} documents, mean mt length "
        f"{mean_chars:.0f} characters; checks: {', '.join(names)}; fastest of {repeat} "
        f"passes\n"
    )
    print("| checks | segments | wall s | CPU s | segments/s (wall) | segments/s (CPU) | flags |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    together = fastest(names, n, seed, repeat)
    print(row(f"all {len(names)} together", n, together))
    for name in names if per_check else []:
        print(row(name, n, fastest([name], n, seed, repeat)))
    traced = in_fresh_process("memory", names, n, seed)["traced_peak_mib"]
    print(
        f"\npeak memory, all checks: {traced:.1f} MiB traced by tracemalloc (build + warm-up + "
        f"run); ru_maxrss {together['maxrss_mib']:.0f} MiB for the whole timed process"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="passes per measurement (fresh processes); the fastest is reported",
    )
    parser.add_argument("--per-check", action="store_true", help="also time each check alone")
    parser.add_argument("--task", choices=("time", "memory"), help=argparse.SUPPRESS)
    parser.add_argument("--names", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.task:
        task = measure if args.task == "time" else traced_peak
        print(json.dumps(task(args.names.split(","), args.segments, args.seed)))
        return
    report(CHECKS.names(), args.segments, args.seed, max(1, args.repeats), args.per_check)


if __name__ == "__main__":
    main()
