"""TER: tarjama's compiled search against sacrebleu's own, and lexical statistics in 1 vs 2 workers.

One run, the same segments for both sides:
1. Speed and parity on news-length segments (about 48 words: sentence pairs of the sample
   article recombined, the English source as reference and its back-translation as
   hypothesis): sacrebleu's TER statistics and tarjama's, CPU and wall time per segment, the
   ratio, per-segment parity of edits and reference lengths, and the corpus score. tarjama's
   time excludes the one-off loading of the compiled code, which is measured on its own (3).
2. Parity on real news when ../shared/real is present (read there, never copied): NTREX
   English sentences against perturbed copies of themselves (and one in four against a
   shuffled copy), long concatenations (200-700 words) and empty segments.
3. Compile cost, in fresh processes with an empty numba cache: the first use (compiles and
   caches), then a second process that loads the cache; and whether `import tarjama` loads numba.
4. BLEU + chrF++ + TER statistics of --worker-segments news segments in 1 and 2 worker
   processes, alternated --repeats times, with wall time, CPU time (this process plus its
   workers) and the load average. On a machine that others share, compare within one run.
5. Memory per segment of each metric's statistics and sentence scores.

    .venv/bin/python benchmarks/bench_ter.py [--segments 1000] [--worker-segments 10000]
        [--repeats 2] [--seed 1] [--real ../shared/real]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sacrebleu.metrics import TER

from tarjama.config import BootstrapConfig, MetricConfig
from tarjama.context import RunContext
from tarjama.data import Segment
from tarjama.metrics.runner import score_dataset
from tarjama.metrics.ter import ter_statistics

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "news" / "istanbul-talks"
DEFAULT_REAL = REPO.parent / "shared" / "real"  # as bench_checks_real.py; --real elsewhere
REAL_DATA = "ntrex-en-ar.dev.jsonl"
LEXICAL = ("roundtrip.bleu", "roundtrip.chrf", "roundtrip.ter")
SENTENCE_END = re.compile(r'(?<=[.!?"])\s+(?=[A-Z"])')


def sentence_pairs() -> list[tuple[str, str]]:
    """(src, bt) sentence pairs of the sample article, from paragraphs that split alike."""
    src = (SAMPLE / "src.en.txt").read_text(encoding="utf-8").splitlines()
    bt = (SAMPLE / "bt.en.txt").read_text(encoding="utf-8").splitlines()
    pairs = []
    for src_par, bt_par in zip(src, bt, strict=True):
        src_sents, bt_sents = SENTENCE_END.split(src_par), SENTENCE_END.split(bt_par)
        if len(src_sents) == len(bt_sents):
            pairs += zip(src_sents, bt_sents, strict=True)
    return pairs


def news_segments(n: int, seed: int) -> tuple[list[str], list[str]]:
    """(hyps, refs): sentence pairs drawn at random and joined until about 48 words."""
    rng = random.Random(seed)
    pool = sentence_pairs()
    hyps, refs = [], []
    for _ in range(n):
        parts: list[tuple[str, str]] = []
        while sum(len(src.split()) for src, _ in parts) < 38:
            parts.append(rng.choice(pool))
        refs.append(" ".join(src for src, _ in parts))
        hyps.append(" ".join(bt for _, bt in parts))
    return hyps, refs


def timed(function, *args):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def sacrebleu_statistics(hyps: list[str], refs: list[str]) -> np.ndarray:
    return np.asarray(TER()._extract_corpus_statistics(hyps, [refs]), dtype=np.float64)


def tarjama_statistics(hyps: list[str], refs: list[str]) -> np.ndarray:
    return ter_statistics(hyps, refs, TER().tokenizer)


def speed_and_parity(n: int, seed: int) -> None:
    hyps, refs = news_segments(n, seed)
    words = np.mean([len(r.split()) for r in refs])
    tarjama_statistics(hyps[:1], refs[:1])  # load the compiled code first (timed in part 3)
    ours, ours_wall, ours_cpu = timed(tarjama_statistics, hyps, refs)
    theirs, their_wall, their_cpu = timed(sacrebleu_statistics, hyps, refs)
    same = int((ours == theirs).all(axis=1).sum())
    scorer = TER()
    print(f"1. {n} news segments, {words:.1f} reference words on average (seed {seed})")
    print(
        f"   sacrebleu TER: {their_cpu:7.2f} s CPU ({1000 * their_cpu / n:6.2f} ms/segment), "
        f"{their_wall:7.2f} s wall"
    )
    print(
        f"   tarjama TER:   {ours_cpu:7.2f} s CPU ({1000 * ours_cpu / n:6.2f} ms/segment), "
        f"{ours_wall:7.2f} s wall"
    )
    print(
        f"   ratio: {their_cpu / ours_cpu:.0f}x per core (CPU), {their_wall / ours_wall:.0f}x wall"
    )
    print(
        f"   parity: {same}/{n} segments with identical [edits, reference length]; corpus TER "
        f"{scorer._aggregate_and_compute(ours.tolist()).score!r} (tarjama) vs "
        f"{scorer._aggregate_and_compute(theirs.tolist()).score!r} (sacrebleu)"
    )


def perturbed(rng: random.Random, words: list[str], pool: list[str]) -> list[str]:
    """Drop, substitute, insert and move blocks of words, as an imperfect translation would."""
    out = list(words)
    for _ in range(rng.randint(0, 3)):
        if len(out) > 2:
            start, length = rng.randrange(len(out)), rng.randint(1, 5)
            block = out[start : start + length]
            del out[start : start + length]
            at = rng.randint(0, len(out))
            out[at:at] = block
    for _ in range(rng.randint(0, max(1, len(out) // 6))):
        at, roll = rng.randint(0, len(out)), rng.random()
        if roll < 0.35:
            out.insert(at, rng.choice(pool))
        elif at < len(out):
            out[at : at + 1] = [] if roll < 0.6 else [rng.choice(pool)]
    return out


def real_cases(path: Path, seed: int) -> tuple[list[str], list[str]]:
    """NTREX sentences against shuffled and perturbed copies of themselves, long and empty ones."""
    sources = [json.loads(line)["src"] for line in path.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(seed)
    pool = [w for s in sources for w in s.split()]
    hyps, refs = [], []
    for number, src in enumerate(sources):
        words = src.split()
        hyps.append(" ".join(perturbed(rng, words, pool)))
        refs.append(src)
        if number % 4 == 0:  # a shuffled copy costs sacrebleu ~0.1 s: one sentence in four
            hyps.append(" ".join(rng.sample(words, len(words))))
            refs.append(src)
    for length in (200, 400, 700):
        start = rng.randrange(len(sources) - 40)
        ref = " ".join(" ".join(sources[start : start + 40]).split()[:length])
        hyps.append(" ".join(perturbed(rng, ref.split(), pool)))
        refs.append(ref)
    hyps += ["", sources[0], ""]
    refs += [sources[1], "", ""]
    return hyps, refs


def real_parity(folder: Path, seed: int) -> None:
    path = folder / REAL_DATA
    if not path.exists():
        print(f"2. real news: {path} not found, skipped (--real FOLDER)")
        return
    hyps, refs = real_cases(path, seed)
    ours = tarjama_statistics(hyps, refs)
    theirs, wall, _ = timed(sacrebleu_statistics, hyps, refs)
    same = int((ours == theirs).all(axis=1).sum())
    print(
        f"2. real news (NTREX, read from ../shared/real): {same}/{len(hyps)} segments identical "
        f"(sentences vs perturbed or shuffled copies, 200/400/700-word segments, empty ones); "
        f"sacrebleu took {wall:.1f} s"
    )


COMPILE_PROBE = """
import sys, time
wall, cpu = time.perf_counter(), time.process_time()
from sacrebleu.metrics import TER
from tarjama.metrics.ter import ter_statistics
imported = time.process_time() - cpu
ter_statistics(["the talks ended"], ["talks ended on Friday"], TER().tokenizer)
print(imported, time.process_time() - cpu - imported, time.perf_counter() - wall)
"""
IMPORT_PROBE = "import sys, tarjama, tarjama.cli; print('numba' in sys.modules)"


def compile_cost() -> None:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        runs = [
            subprocess.run(
                [sys.executable, "-c", COMPILE_PROBE],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()
            for _ in range(2)
        ]
    (_, compile_cpu, compile_wall), (import_cpu, load_cpu, load_wall) = (
        map(float, r) for r in runs
    )
    numba_on_import = subprocess.run(
        [sys.executable, "-c", IMPORT_PROBE], check=True, capture_output=True, text=True
    ).stdout.strip()
    print(
        f"3. compiled code: first use compiles in {compile_cpu:.1f} s CPU ({compile_wall:.1f} s "
        f"wall) once; a later process imports numba + sacrebleu + tarjama.metrics.ter in "
        f"{import_cpu:.2f} s CPU and loads the cache in {load_cpu:.2f} s CPU "
        f"({load_wall:.2f} s wall for both); 'import tarjama' loads numba: {numba_on_import}"
    )


def workers_run(segments: list[Segment], workers: int) -> tuple[float, float]:
    before, wall = os.times(), time.perf_counter()
    score_dataset(
        segments,
        [MetricConfig(name=k) for k in LEXICAL],
        BootstrapConfig(resamples=0),
        RunContext(workers=workers),
    )
    after = os.times()
    cpu = sum(
        getattr(after, f) - getattr(before, f)
        for f in ("user", "system", "children_user", "children_system")
    )
    return time.perf_counter() - wall, cpu


def worker_scaling(n: int, repeats: int, seed: int) -> None:
    hyps, refs = news_segments(n, seed + 1)
    segments = [
        Segment(str(i), "bench", ref, "", bt=hyp) for i, (hyp, ref) in enumerate(zip(hyps, refs))
    ]
    print(
        f"4. BLEU + chrF++ + TER statistics of {n} news segments, 1 vs 2 worker processes "
        f"({os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the start):"
    )
    results: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
    for _ in range(repeats):
        for workers in (1, 2):
            results[workers].append(workers_run(segments, workers))
            wall, cpu = results[workers][-1]
            print(
                f"   {workers} worker(s): {wall:6.2f} s wall, {cpu:6.2f} s CPU "
                f"(load average {os.getloadavg()[0]:.1f})",
                flush=True,
            )
    best = {w: min(wall for wall, _ in runs) for w, runs in results.items()}
    print(
        f"   fastest of {repeats}: 1 worker {best[1]:.2f} s, 2 workers {best[2]:.2f} s: "
        f"speed-up {best[1] / best[2]:.2f}x"
    )


def memory_per_segment(seed: int) -> None:
    hyps, refs = news_segments(2000, seed + 2)
    segments = [
        Segment(str(i), "bench", ref, "", bt=hyp) for i, (hyp, ref) in enumerate(zip(hyps, refs))
    ]
    report = score_dataset(
        segments,
        [MetricConfig(name=k) for k in LEXICAL],
        BootstrapConfig(resamples=0),
        RunContext(workers=1),
    )
    parts = []
    for key, outcome in report.outcomes.items():
        stats, scores = outcome.computed.stats, outcome.computed.sentence_scores
        parts.append(
            f"{key} {stats.nbytes // len(segments)} B ({stats.shape[1]} x {stats.dtype}) "
            f"+ {scores.nbytes // len(segments)} B sentence score"
        )
    print("5. memory per segment: " + "; ".join(parts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--worker-segments", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--real", type=Path, default=DEFAULT_REAL, help="folder of the real set")
    args = parser.parse_args()
    speed_and_parity(args.segments, args.seed)
    real_parity(args.real, args.seed)
    compile_cost()
    worker_scaling(args.worker_segments, args.repeats, args.seed)
    memory_per_segment(args.seed)


if __name__ == "__main__":
    main()
