"""Neural metrics: roundtrip.comet through tarjama vs COMET's own `predict`, the cached re-run,
and roundtrip.semsim throughput with the bundled MiniLM.

By default the COMET model is the tiny random checkpoint the tests build (2-layer XLM-R,
hidden 32), which measures tarjama's overhead rather than the model; pass --model for a real
one (e.g. Unbabel/wmt22-comet-da, once pulled) and --device cuda on a GPU machine.

    .venv/bin/python benchmarks/bench_comet.py [--segments 256] [--repeats 5] [--threads 1]
    .venv/bin/python benchmarks/bench_comet.py --model Unbabel/wmt22-comet-da --device cuda
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

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "news" / "istanbul-talks"
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from tarjama.data import Segment


def sentences(name: str) -> list[str]:
    text = (SAMPLE / name).read_text(encoding="utf-8").replace("\n", " ")
    return [part.strip() + "." for part in text.split(". ") if part.strip()]


def segments(n: int, seed: int = 7) -> list[Segment]:
    """n distinct segments of 1–2 sentences each, drawn from the sample article's src, bt, mt."""
    rng = random.Random(seed)
    src, bt, mt = sentences("src.en.txt"), sentences("bt.en.txt"), sentences("mt.ar.txt")
    seen: set[tuple[str, str, str]] = set()
    while len(seen) < n:
        k = rng.randint(1, 2)
        seen.add(
            (" ".join(rng.sample(src, k)), " ".join(rng.sample(bt, k)), " ".join(rng.sample(mt, k)))
        )
    return [
        Segment(id=str(i), doc_id="bench", src=s, bt=b, mt=m)
        for i, (s, b, m) in enumerate(sorted(seen))
    ]


def best_of(repeats: int, run: Callable[[], object]) -> float:
    """The fastest of `repeats` wall times (the least disturbed by other processes)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


class TimedModel:
    """A loaded COMET model behind the same `predict`, adding up the time spent inside it."""

    def __init__(self, model: object) -> None:
        self.model = model
        self.seconds = 0.0

    def predict(self, *args: object, **kwargs: object) -> object:
        start = time.perf_counter()
        try:
            return self.model.predict(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start


def tiny_model(folder: Path) -> Path:
    from tests.fixtures.tiny_comet import build_encoder, build_tiny_comet

    return build_tiny_comet(folder / "comet", build_encoder(folder / "encoder"))


def bench_comet(model: str, data: list[Segment], args: argparse.Namespace, tmp: Path) -> None:
    from tarjama.cache import Cache
    from tarjama.context import RunContext
    from tarjama.metrics import METRICS

    options = {"model": model, "batch_size": args.batch_size, "device": args.device}
    metric_cls = METRICS.get("roundtrip.comet")
    start = time.perf_counter()
    loaded = metric_cls(options)
    comet_model = loaded.comet_model()
    load_s = time.perf_counter() - start
    samples = [{"src": s.mt, "mt": s.bt, "ref": s.src} for s in data]
    device = loaded.device
    from tarjama.metrics.comet import predict_device

    direct_s, harness_s, own_s = float("inf"), float("inf"), float("inf")
    for _ in range(args.repeats):  # interleaved, so both see the same machine load
        direct_s = min(
            direct_s,
            best_of(
                1,
                lambda: comet_model.predict(
                    samples,
                    batch_size=args.batch_size,
                    progress_bar=False,
                    **predict_device(device),
                ),
            ),
        )
        timed = TimedModel(comet_model)
        total = best_of(1, lambda timed=timed: metric_cls(options, comet_model=timed).compute(data))
        harness_s, own_s = min(harness_s, total), min(own_s, total - timed.seconds)
    start = time.perf_counter()
    cached = RunContext(cache=Cache(tmp / "cache.sqlite"))
    metric_cls(options, cached).compute(data)  # loads and scores
    cold_s = time.perf_counter() - start
    warm_s = best_of(
        args.repeats,
        lambda: metric_cls(options, RunContext(cache=Cache(tmp / "cache.sqlite"))).compute(data),
    )
    n = len(data)
    print(
        f"roundtrip.comet  model={model if args.model else 'tiny (2-layer XLM-R, hidden 32)'}"
        f"  device={device}  segments={n}  batch_size={args.batch_size}"
    )
    print(f"  model load                 {load_s:8.2f} s")
    print(f"  COMET predict directly     {n / direct_s:8.1f} segments/s  ({direct_s:.2f} s)")
    print(
        f"  tarjama roundtrip.comet    {n / harness_s:8.1f} segments/s  ({harness_s:.2f} s)"
        f"  difference {100 * (harness_s / direct_s - 1):+.1f}%"
    )
    print(
        f"  tarjama's own work         {1000 * own_s:8.1f} ms outside predict"
        f"  ({100 * own_s / direct_s:.1f}% of the model call)"
    )
    print(f"  first run, cache empty     {cold_s:8.2f} s  (load + score + store)")
    print(f"  re-run, all cached         {warm_s:8.3f} s  speed-up x{cold_s / warm_s:.0f}")


def bench_semsim(data: list[Segment], args: argparse.Namespace) -> None:
    from tarjama.metrics import METRICS

    options = {"device": args.device, "batch_size": 64}
    metric_cls = METRICS.get("roundtrip.semsim")
    start = time.perf_counter()
    encoder = metric_cls(options).encoder()
    load_s = time.perf_counter() - start
    score_s = best_of(args.repeats, lambda: metric_cls(options, encoder=encoder).compute(data))
    print(
        f"roundtrip.semsim  model=sentence-transformers/all-MiniLM-L6-v2 (bundled)"
        f"  segments={len(data)}"
    )
    print(f"  model load                 {load_s:8.2f} s")
    print(
        f"  tarjama roundtrip.semsim   {len(data) / score_s:8.1f} segments/s  ({score_s:.2f} s;"
        f" {2 * len(data)} texts embedded)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=256)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--model", help="COMET model id or folder (default: a tiny one built now)")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="torch CPU threads (default 1: steady figures on a shared machine)",
    )
    parser.add_argument("--skip-semsim", action="store_true")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    data = segments(args.segments)
    print(
        f"torch threads {args.threads}; load average before: "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs"
    )
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        model = args.model or str(tiny_model(tmp))
        bench_comet(model, data, args, tmp)
    if not args.skip_semsim:
        bench_semsim(data, args)


if __name__ == "__main__":
    main()
