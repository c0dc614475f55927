"""The Ray executor's overhead: the same `tarjama run` with --executor local and --executor ray.

On N news segments from benchmarks/scale_data.py (lexical metrics, provided back-translation,
every check, 1,000 bootstrap resamples; no store, no reports, no cache), each executor runs
`tarjama run` in a fresh process, one after the other, --repeats times. Printed: the best wall
time of each, the ratio ray/local, the Ray run's stages as tarjama reports them (its start-up
is the part of the wall time before the first stage), and whether the two runs agree
(results.json without run id, time and executor; every segments.jsonl row without run id).

The Ray run starts its own Ray instance on this machine with the suite's ray section:
--actors actors of one CPU per stage, batches of --batch-size segments.

    .venv/bin/python benchmarks/bench_executor.py [--segments 1000] [--repeats 2]
        [--actors 2] [--batch-size 256]

Needs tarjama[ray]. On a machine that others share, compare figures within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from scale_data import write_dataset

STAGE = re.compile(r"tarjama: (.+) done in ([\d.]+) s")
NOT_COMPARED = {"run_id", "created", "executor"}


def run(suite: Path, out: Path, executor: str) -> dict[str, Any]:
    """One `tarjama run` in a fresh process: wall seconds and the stages it reported."""
    command = [
        sys.executable,
        "-m",
        "tarjama",
        "run",
        str(suite),
        "--out",
        str(out),
        "--no-store",
        "--no-cache",
        "--report",
        "none",
        "--executor",
        executor,
    ]
    started = time.perf_counter()
    done = subprocess.run(
        command, capture_output=True, text=True, env=os.environ.copy(), check=False
    )
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{executor} run failed:\n{done.stderr[-2000:]}")
    stages = {name: float(seconds) for name, seconds in STAGE.findall(done.stderr)}
    return {"wall": wall, "stages": stages, "out": out}


def same_run(left: Path, right: Path) -> bool:
    """results.json and segments.jsonl agree but for what names the run."""

    def results(path: Path) -> dict[str, Any]:
        data = json.loads((path / "results.json").read_text(encoding="utf-8"))
        return {k: v for k, v in data.items() if k not in NOT_COMPARED}

    def rows(path: Path) -> list[dict[str, Any]]:
        lines = (path / "segments.jsonl").read_text(encoding="utf-8").splitlines()
        return [{k: v for k, v in json.loads(line).items() if k != "run_id"} for line in lines]

    return results(left) == results(right) and rows(left) == rows(right)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--actors", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=256)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        suite = write_dataset(root / "data", args.segments, seed=1)
        with suite.open("a", encoding="utf-8") as handle:
            handle.write(
                f"ray:\n  cpu_actors: {args.actors}\n  model_actors: {args.actors}\n"
                f"  batch_size: {args.batch_size}\n"
            )
        best: dict[str, dict[str, Any]] = {}
        for repeat in range(args.repeats):
            for executor in ("local", "ray"):
                result = run(suite, root / f"{executor}-{repeat}", executor)
                if executor not in best or result["wall"] < best[executor]["wall"]:
                    best[executor] = result
        report(args, best, os.getloadavg()[0])


def report(args: argparse.Namespace, best: dict[str, dict[str, Any]], load: float) -> None:
    local, ray = best["local"], best["ray"]
    print(
        f"{args.segments} segments, {args.actors} actors per Ray stage, batches of "
        f"{args.batch_size}, best of {args.repeats}; load average {load:.1f} on "
        f"{os.cpu_count()} cores"
    )
    print(
        f"local: {local['wall']:.1f} s   ray: {ray['wall']:.1f} s   "
        f"ratio ray/local: {ray['wall'] / local['wall']:.2f}"
    )
    for name, executor in (("local", local), ("ray", ray)):
        stages = ", ".join(
            f"{stage} {seconds:.1f} s" for stage, seconds in executor["stages"].items()
        )
        print(f"  {name} stages: {stages}")
    print(f"same results.json and segments.jsonl: {same_run(local['out'], ray['out'])}")


if __name__ == "__main__":
    main()
