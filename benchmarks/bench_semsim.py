"""roundtrip.semsim through tarjama against sentence-transformers called directly on the same
sentences: wall and CPU time, their ratio, and where the difference goes.

The direct path is what a user would write: `model.encode(bt)`, `model.encode(src)` and
`model.similarity_pairwise` on the two, with the same batch size. The harness path is the
metric's `compute` on the same segments, with the same loaded model, a fresh empty cache each
time (a first run's work: keys, dedupe, cache reads and writes) and without a cache. Every src
and bt text is distinct (no text in both), so deduplication saves the harness nothing. Models:
the tiny random sentence encoder the tests build (its compute is small, so it shows tarjama's
own work most), the bundled MiniLM when installed, and `--model` (a hub id or folder).
Repeats are interleaved, so every path sees the same machine load; the best of each is
reported. CPU time is the process's, which other work on a shared machine inflates less than
wall time.

    .venv/bin/python benchmarks/bench_semsim.py [--segments 500] [--repeats 3] [--threads 1]
    .venv/bin/python benchmarks/bench_semsim.py --skip-bundled --segments 3000  # 3 chunks

Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench_comet import sentences

from tarjama.data import Segment


def distinct_texts(
    pool: list[str], count: int, rng: random.Random, avoid: set[str] | frozenset[str] = frozenset()
) -> list[str]:
    """`count` distinct texts of 1–3 sentences from `pool`, none of them in `avoid`."""
    texts: set[str] = set()
    while len(texts) < count:
        text = " ".join(rng.sample(pool, rng.randint(1, 3)))
        if text not in avoid:
            texts.add(text)
    ordered = sorted(texts)
    rng.shuffle(ordered)
    return ordered


def segments(count: int, seed: int = 7) -> list[Segment]:
    """`count` segments whose src and bt texts are all distinct, from the sample article."""
    rng = random.Random(seed)
    src = distinct_texts(sentences("src.en.txt"), count, rng)
    bt = distinct_texts(sentences("bt.en.txt"), count, rng, avoid=set(src))
    return [
        Segment(id=str(i), doc_id="bench", src=s, bt=b, mt="")
        for i, (s, b) in enumerate(zip(src, bt, strict=True))
    ]


class Timing(NamedTuple):
    wall: float
    cpu: float


def timed(run: Callable[[], object]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


class TimedEncoder:
    """A SentenceTransformer behind the same `encode`, adding up the time spent inside it and
    remembering the texts of each call."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.wall = self.cpu = 0.0
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str], **kwargs: Any) -> Any:
        self.calls.append(list(texts))
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return self.model.encode(texts, **kwargs)
        finally:
            self.wall += time.perf_counter() - wall
            self.cpu += time.process_time() - cpu

    def similarity_pairwise(self, a: Any, b: Any) -> Any:
        return self.model.similarity_pairwise(a, b)


def direct(model: Any, data: list[Segment], batch_size: int) -> list[float]:
    """Cosine similarity of bt and src with sentence-transformers alone."""
    bt = model.encode([s.bt for s in data], batch_size=batch_size, convert_to_tensor=True)
    src = model.encode([s.src for s in data], batch_size=batch_size, convert_to_tensor=True)
    return model.similarity_pairwise(bt, src).tolist()


def harness(
    model: Any, data: list[Segment], options: dict[str, Any], cache_path: Path | None
) -> list[float]:
    """roundtrip.semsim's sentence scores, on an empty cache at `cache_path` or none."""
    from tarjama.cache import Cache
    from tarjama.context import RunContext
    from tarjama.metrics import METRICS

    cache = Cache(cache_path) if cache_path is not None else None
    metric = METRICS.get("roundtrip.semsim")(options, RunContext(cache=cache), encoder=model)
    try:
        return metric.compute(data).sentence_scores.tolist()
    finally:
        if cache is not None:
            cache.close()


def padded_tokens(model: Any, calls: list[list[str]], batch_size: int) -> int:
    """Token positions the encoder runs over (padding included) for these `encode` calls,
    batched as sentence-transformers batches them (each call sorted by length)."""
    total = 0
    limit = model.max_seq_length or 10**9
    for texts in calls:
        encoded = model.tokenizer(texts, truncation=True, max_length=limit)["input_ids"]
        lengths = [len(ids) for ids in encoded]
        ranked = [lengths[i] for i in sorted(range(len(texts)), key=lambda i: -len(texts[i]))]
        total += sum(
            max(ranked[k : k + batch_size]) * len(ranked[k : k + batch_size])
            for k in range(0, len(ranked), batch_size)
        )
    return total


class Row(NamedTuple):
    model: str
    path: str
    wall: float  # best of the repeats
    cpu: float  # best of the repeats
    encode_cpu: float  # CPU time inside `encode`, in the repeat with the best CPU time
    tokens: int  # token positions the encoder ran over, padding included


def measure(
    label: str,
    model: Any,
    options: dict[str, Any],
    data: list[Segment],
    args: argparse.Namespace,
    tmp: Path,
) -> list[Row]:
    """Interleaved repeats of the three paths; one row per path with its best times."""
    batch = options["batch_size"]
    expected = direct(model, data, batch)  # a warm-up, and the reference scores
    found = harness(model, data, options, None)
    worst = max(abs(a - b) for a, b in zip(expected, found, strict=True))
    assert worst < 1e-6, f"tarjama's and sentence-transformers' scores differ by {worst}"
    paths: dict[str, Callable[[Any, int], object]] = {
        "sentence-transformers directly": lambda enc, k: direct(enc, data, batch),
        "tarjama, empty cache": lambda enc, k: harness(
            enc, data, options, tmp / f"{label}-{k}.sqlite"
        ),
        "tarjama, no cache": lambda enc, k: harness(enc, data, options, None),
    }
    runs: dict[str, list[tuple[Timing, TimedEncoder]]] = {name: [] for name in paths}
    for k in range(args.repeats):
        for name, run in paths.items():
            encoder = TimedEncoder(model)
            runs[name].append(
                (timed(lambda run=run, encoder=encoder, k=k: run(encoder, k)), encoder)
            )
    rows = []
    for name, results in runs.items():
        timing, encoder = min(results, key=lambda result: result[0].cpu)
        rows.append(
            Row(
                label,
                name,
                min(t.wall for t, _ in results),
                timing.cpu,
                encoder.cpu,
                padded_tokens(model, encoder.calls, batch),
            )
        )
    return rows


def load_and_score_direct(path: str, data: list[Segment], options: dict[str, Any]) -> None:
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(path, device=options["device"], local_files_only=True)
    direct(model, data, options["batch_size"])


def load_and_score_harness(data: list[Segment], options: dict[str, Any]) -> None:
    """What `tarjama run` does with the metric, without a cache: resolve the model (check_ready),
    load it and score, then the signature and the model record for results.json."""
    from tarjama.metrics import METRICS

    metric = METRICS.get("roundtrip.semsim")(options)
    metric.check_ready()
    metric.compute(data)
    metric.signature(), metric.model_info()


def measure_small(
    label: str, options: dict[str, Any], data: list[Segment], args: argparse.Namespace
) -> list[Row]:
    """A few segments with the model loaded each time: the fixed costs of each path."""
    from tarjama.metrics import METRICS

    path = str(METRICS.get("roundtrip.semsim")(options).model_path())
    paths: dict[str, Callable[[], object]] = {
        "sentence-transformers: load, encode": lambda: load_and_score_direct(path, data, options),
        "tarjama: resolve, load, score, sign": lambda: load_and_score_harness(data, options),
    }
    for run in paths.values():
        run()  # warm-up: files read once into the page cache, lazy imports done
    runs: dict[str, list[Timing]] = {name: [] for name in paths}
    for _ in range(args.repeats):
        for name, run in paths.items():
            runs[name].append(timed(run))
    return [
        Row(label, name, min(t.wall for t in results), min(t.cpu for t in results), 0.0, 0)
        for name, results in runs.items()
    ]


def print_table(rows: list[Row]) -> None:
    """One line per row; the first row of each model is the base of its ratios."""
    print("| model | path | wall s | × direct | CPU s | × direct | own work, CPU ms | tokens run |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        base = next(r for r in rows if r.model == row.model)
        own = f"{1000 * (row.cpu - row.encode_cpu):.0f}" if row.encode_cpu else "–"
        print(
            f"| {row.model} | {row.path} | {row.wall:.3f} | {row.wall / base.wall:.3f} "
            f"| {row.cpu:.3f} | {row.cpu / base.cpu:.3f} | {own} "
            f"| {f'{row.tokens:,}' if row.tokens else '–'} |",
            flush=True,
        )


def models(args: argparse.Namespace, tmp: Path) -> dict[str, str | None]:
    """label → the metric's `model` option (None: the bundled default)."""
    from tarjama.embeddings import bundled_available
    from tests.fixtures.tiny_sentence import build_tiny_sentence_encoder

    chosen: dict[str, str | None] = {
        "tiny (2-layer XLM-R, hidden 32)": str(build_tiny_sentence_encoder(tmp / "tiny"))
    }
    if bundled_available() and not args.skip_bundled:
        chosen["all-MiniLM-L6-v2 (bundled)"] = None
    if args.model:
        chosen[args.model] = args.model
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--small",
        type=int,
        default=12,
        help="segments of the load-and-score comparison (12: the sample's size)",
    )
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--model", help="another sentence-transformers hub id or folder")
    parser.add_argument("--skip-bundled", action="store_true", help="leave out the bundled MiniLM")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="torch CPU threads (default 1: steady figures on a shared machine)",
    )
    args = parser.parse_args()
    import torch

    from tarjama.metrics import METRICS

    torch.set_num_threads(args.threads)
    data = segments(args.segments)
    print(
        f"{len(data)} segments ({2 * len(data)} distinct texts), batch size {args.batch_size},"
        f" {args.repeats} repeats, device {args.device}, torch threads {args.threads}; "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on "
        f"{os.cpu_count()} CPUs\n"
    )
    rows: list[Row] = []
    small: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for label, model in models(args, tmp).items():
            options = {
                "batch_size": args.batch_size,
                "device": args.device,
                **({"model": model} if model else {}),
            }
            encoder = METRICS.get("roundtrip.semsim")(options).encoder()
            rows += measure(label, encoder, options, data, args, tmp)
            small += measure_small(label, options, data[: args.small], args)
    print_table(rows)
    print(f"\n{args.small} segments, the model loaded in each repeat:\n")
    print_table(small)


if __name__ == "__main__":
    main()
