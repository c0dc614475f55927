"""Back-translation speed: token-budget batching against a one-at-a-time loop, and the cache.

One run, on CPU by default, with a tiny random Marian model built from config (or a real model
with --model), on ~500 Arabic segments of varying length cut from the sample article:
1. a naive loop that calls `generate` once per segment,
2. the `hf` engine: length-sorted batches under a token budget (same outputs, checked),
3. `evaluate_suite` on the same segments twice with a fresh cache: cold, then fully cached.

    .venv/bin/python benchmarks/bench_backtranslation.py [--segments 500] [--d-model 128]
    .venv/bin/python benchmarks/bench_backtranslation.py --model Helsinki-NLP/opus-mt-ar-en \
        --device cuda --segments 2000 --max-batch-tokens 16384

Prints a Markdown table; with --write, puts it into docs/benchmarks.md (between the bench markers).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SAMPLE = REPO / "data" / "news" / "istanbul-talks"
DOC = REPO / "docs" / "benchmarks.md"
MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"


def segments(count: int, seed: int = 12345) -> list[tuple[str, str]]:
    """`count` distinct (src, mt) pairs: 1–4 Arabic sentences or clauses of one paragraph, and
    as many English sentences of the same paragraph (segment-sized, as in a real suite)."""
    mt = (SAMPLE / "mt.ar.txt").read_text(encoding="utf-8").splitlines()
    src = (SAMPLE / "src.en.txt").read_text(encoding="utf-8").splitlines()
    rng = random.Random(seed)
    pairs: dict[str, str] = {}
    while len(pairs) < count:
        index = rng.randrange(len(mt))
        parts = [s for s in re.split(r"(?<=[.؟!،])\s+", mt[index]) if s]
        english = [s for s in re.split(r"(?<=[.?!,])\s+", src[index]) if s]
        chosen = sorted(rng.sample(range(len(parts)), min(len(parts), rng.randint(1, 4))))
        pairs.setdefault(" ".join(parts[i] for i in chosen),
                         " ".join(english[i % len(english)] for i in chosen))
    return [(english, arabic) for arabic, english in pairs.items()]


def build_model(args: argparse.Namespace, folder: Path) -> str:
    if args.model:
        return args.model
    from tests.fixtures.tiny_translation import build_tiny_marian

    return str(build_tiny_marian(folder / "tiny-marian", d_model=args.d_model, layers=2,
                                 max_length=256, vocab_size=800))


def engine_for(model: str, args: argparse.Namespace, cache_path: Path | None):
    from tarjama.cache import Cache
    from tarjama.config import BacktranslationConfig
    from tarjama.context import RunContext
    from tarjama.translate.hf import HfEngine

    context = RunContext(cache=Cache(cache_path, enabled=cache_path is not None),
                         show_progress=False)
    return HfEngine(BacktranslationConfig(**bt_settings(model, args)), context)


def bt_settings(model: str, args: argparse.Namespace) -> dict:
    return {"engine": "hf", "model": model, "num_beams": 1, "max_new_tokens": args.max_new_tokens,
            "max_batch_tokens": args.max_batch_tokens, "batch_size": args.batch_size,
            "device": args.device, "threads": args.threads}


def timed(function, *args):
    started = time.perf_counter()
    value = function(*args)
    return time.perf_counter() - started, value


def naive_loop(engine, texts: list[str]) -> list[str]:
    """What a first script does: tokenize and generate one segment at a time."""
    backend = engine.backend
    outputs = []
    for text in texts:
        ids = backend.encode([text])
        outputs += backend.generate(ids, engine.output_budget(len(ids[0])))
    return outputs


def cache_step(model: str, args: argparse.Namespace, cache: Path,
               texts: list[str]) -> tuple[float, float]:
    """The back-translation step alone: a fresh engine on an empty cache, then on a full one."""
    cold_s, _ = timed(engine_for(model, args, cache).translate, texts)
    warm_s, _ = timed(engine_for(model, args, cache).translate, texts)
    return cold_s, warm_s


def suite_file(folder: Path, model: str, pairs: list[tuple[str, str]], args) -> Path:
    import yaml

    data = folder / "segments.jsonl"
    data.write_text("".join(json.dumps({"src": s, "mt": m}, ensure_ascii=False) + "\n"
                            for s, m in pairs), encoding="utf-8")
    suite = {"name": "bench-bt", "data": {"path": str(data)},
             "backtranslation": bt_settings(model, args),
             "metrics": ["roundtrip.bleu", "roundtrip.chrf"], "checks": [],
             "bootstrap": {"resamples": 0}, "report": {"formats": []}}
    path = folder / "suite.yaml"
    path.write_text(yaml.safe_dump(suite, allow_unicode=True), encoding="utf-8")
    return path


def run_suite(suite_path: Path, out: Path, cache: Path) -> float:
    from tarjama.evaluate import RunOptions, evaluate_suite
    from tarjama.suites import load_suite

    suite = load_suite(suite_path)
    options = RunOptions(out_dir=out, cache_path=cache, show_progress=False)
    seconds, _ = timed(evaluate_suite, suite, options)
    return seconds


def measure(args: argparse.Namespace) -> dict:
    pairs = segments(args.segments)
    texts = [mt for _, mt in pairs]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        model = build_model(args, folder)
        engine = engine_for(model, args, None)
        load_s, _ = timed(lambda: engine.backend)
        naive_s, naive = timed(naive_loop, engine, texts)
        batched_s, batched = timed(engine.translate_uncached, texts)
        cold_bt_s, warm_bt_s = cache_step(model, args, folder / "step.sqlite", texts)
        suite = suite_file(folder, model, pairs, args)
        cold_s = run_suite(suite, folder / "run1", folder / "cache.sqlite")
        warm_s = run_suite(suite, folder / "run2", folder / "cache.sqlite")
        info = engine.describe()
    tokens = [len(ids) for ids in engine.backend.encode(texts)]
    return {"model": info["model"] if args.model else f"tiny Marian (d_model {args.d_model})",
            "device": info["device"], "threads": args.threads, "segments": len(texts),
            "tokens": (min(tokens), max(tokens)), "load_s": load_s, "naive_s": naive_s,
            "batched_s": batched_s, "equal": sum(a == b for a, b in zip(naive, batched)),
            "batches": engine.stats["model_calls"], "cold_s": cold_s, "warm_s": warm_s,
            "cold_bt_s": cold_bt_s, "warm_bt_s": warm_bt_s}


def table(r: dict) -> str:
    n = r["segments"]
    rows = [
        ("naive loop, one `generate` per segment", r["naive_s"], n / r["naive_s"], "1.0×"),
        (f"`hf` engine, length-sorted token-budget batches ({r['batches']} batches)",
         r["batched_s"], n / r["batched_s"], f"{r['naive_s'] / r['batched_s']:.1f}×"),
        ("back-translation step, new engine, empty cache (loads the model)", r["cold_bt_s"],
         n / r["cold_bt_s"], "1.0×"),
        ("back-translation step, new engine, every segment cached", r["warm_bt_s"],
         n / r["warm_bt_s"], f"{r['cold_bt_s'] / r['warm_bt_s']:.1f}×"),
        ("`evaluate_suite`, first run (cold cache, loads the model)", r["cold_s"],
         n / r["cold_s"], "1.0×"),
        ("`evaluate_suite`, second run (every segment cached)", r["warm_s"], n / r["warm_s"],
         f"{r['cold_s'] / r['warm_s']:.1f}×"),
    ]
    intro = (f"{r['model']} on {r['device']} ({r['threads']} thread(s)), {n} segments of "
             f"{r['tokens'][0]}–{r['tokens'][1]} tokens, greedy, max_new_tokens fixed; "
             f"identical outputs: {r['equal']}/{n}; model load {r['load_s']:.2f} s.")
    lines = [intro, "", "| what | seconds | segments/s | speed-up |",
             "| --- | ---: | ---: | ---: |"]
    lines += [f"| {what} | {s:.2f} | {rate:.1f} | {gain} |" for what, s, rate, gain in rows]
    return "\n".join(lines)


def write_doc(text: str) -> None:
    doc = DOC.read_text(encoding="utf-8")
    start, end = doc.index(MARK_START) + len(MARK_START), doc.index(MARK_END)
    DOC.write_text(doc[:start] + "\n" + text + "\n" + doc[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=500)
    parser.add_argument("--model", help="a real model (hub id or folder) instead of the tiny one")
    parser.add_argument("--d-model", type=int, default=256)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--max-new-tokens", type=int, default=32)
    parser.add_argument("--max-batch-tokens", type=int, default=4096)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--write", action="store_true", help=f"update {DOC.relative_to(REPO)}")
    args = parser.parse_args()
    text = table(measure(args))
    print(text)
    if args.write:
        write_doc(text)


if __name__ == "__main__":
    main()
