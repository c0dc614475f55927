"""Back-translation speed: batching against a one-at-a-time loop, the cache, and the engines.

One run, on CPU by default, with a random Marian model built from config (or a real model with
--model), on ~500 Arabic segments of varying length cut from the sample article.

Part `batching`:
1. a naive loop that calls `generate` once per segment,
2. the `hf` engine: length-sorted batches under a token budget (same outputs, checked),
3. `evaluate_suite` on the same segments twice with a fresh cache: cold, then fully cached.

Part `engines`: the `hf` engine against `ct2` float32 and `ct2` int8 on the same segments, with
the same batches, beam and budget (time per engine, ratio to hf, outputs identical to hf).

`--size tiny` (default) is a 2-layer model (`--d-model`, 256); `--size base` has the
dimensions of OPUS-MT's transformer-base models (6+6 layers, d_model 512, FFN 2048, 8 heads,
a 60,000-token vocabulary), random weights: what a real model costs per token, not its outputs.
Random models almost never produce the end token, so every output runs to its budget;
`--size trained` is the tiny model trained on the segments' own pairs
(benchmarks/trained_marian.py, trained once and cached), which ends its outputs as a real model
does — use it with `--max-new-tokens 0`, the engines' own budget.

    .venv/bin/python benchmarks/bench_backtranslation.py [--part engines] [--size base]
    .venv/bin/python benchmarks/bench_backtranslation.py --part engines --size trained \
        --max-new-tokens 0
    .venv/bin/python benchmarks/bench_backtranslation.py --model Helsinki-NLP/opus-mt-ar-en \
        --device cuda --segments 2000 --max-batch-tokens 16384

Prints Markdown tables; with --write, puts each into docs/benchmarks.md (between its bench
markers).
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
ENGINES_MARKS = ("<!-- bench-engines:start -->", "<!-- bench-engines:end -->")
# The dimensions of OPUS-MT's transformer-base Marian models (Helsinki-NLP/opus-mt-*).
BASE_SIZE = {"d_model": 512, "layers": 6, "heads": 8, "ffn_dim": 2048, "filler_tokens": 60_000}


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
        pairs.setdefault(
            " ".join(parts[i] for i in chosen), " ".join(english[i % len(english)] for i in chosen)
        )
    return [(english, arabic) for arabic, english in pairs.items()]


def build_model(args: argparse.Namespace, folder: Path) -> str:
    model = chosen_model(args, folder)
    return stopping_early(model, folder) if args.early_stopping else model


def chosen_model(args: argparse.Namespace, folder: Path) -> str:
    if args.model:
        return args.model
    if args.size == "trained":
        from benchmarks.trained_marian import trained_marian

        return str(trained_marian(segments(args.segments)))
    from tests.fixtures.tiny_translation import build_tiny_marian

    size = BASE_SIZE if args.size == "base" else {"d_model": args.d_model, "layers": 2}
    return str(
        build_tiny_marian(folder / f"{args.size}-marian", max_length=256, vocab_size=800, **size)
    )


def stopping_early(model: str, folder: Path) -> str:
    """A copy of a local `model` whose generation config sets `early_stopping: true`: beam
    search ends once `num_beams` hypotheses are finished, as CTranslate2's always does."""
    import shutil

    if not Path(model).is_dir():
        raise SystemExit(f"--early-stopping copies a model folder; {model} is not one here")
    from tests.fixtures.tiny_translation import update_generation_config

    copy = folder / "early-stopping"
    shutil.copytree(model, copy)
    update_generation_config(copy, early_stopping=True)
    return str(copy)


def model_label(args: argparse.Namespace) -> str:
    return base_label(args) + (", early_stopping: true" if args.early_stopping else "")


def base_label(args: argparse.Namespace) -> str:
    if args.model:
        return args.model
    if args.size == "trained":
        from benchmarks.trained_marian import TRAINING

        return (
            f"tiny Marian (d_model {TRAINING['d_model']}) trained {TRAINING['steps']} steps "
            f"on the segments' own pairs"
        )
    if args.size == "base":
        return (
            "random Marian with OPUS-MT's base dimensions (6+6 layers, d_model 512, "
            "60,800-token vocabulary)"
        )
    return f"tiny Marian (d_model {args.d_model})"


def engine_for(model: str, args: argparse.Namespace, cache_path: Path | None):
    from tarjama.cache import Cache
    from tarjama.config import BacktranslationConfig
    from tarjama.context import RunContext
    from tarjama.translate.hf import HfEngine

    context = RunContext(
        cache=Cache(cache_path, enabled=cache_path is not None), show_progress=False
    )
    return HfEngine(BacktranslationConfig(**bt_settings(model, args)), context)


def bt_settings(model: str, args: argparse.Namespace) -> dict:
    return {
        "engine": "hf",
        "model": model,
        "num_beams": 1,
        "max_new_tokens": args.max_new_tokens or None,
        "max_batch_tokens": args.max_batch_tokens,
        "batch_size": args.batch_size,
        "device": args.device,
        "threads": args.threads,
    }


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


def cache_step(
    model: str, args: argparse.Namespace, cache: Path, texts: list[str]
) -> tuple[float, float]:
    """The back-translation step alone: a fresh engine on an empty cache, then on a full one."""
    cold_s, _ = timed(engine_for(model, args, cache).translate, texts)
    warm_s, _ = timed(engine_for(model, args, cache).translate, texts)
    return cold_s, warm_s


def suite_file(folder: Path, model: str, pairs: list[tuple[str, str]], args) -> Path:
    import yaml

    data = folder / "segments.jsonl"
    data.write_text(
        "".join(json.dumps({"src": s, "mt": m}, ensure_ascii=False) + "\n" for s, m in pairs),
        encoding="utf-8",
    )
    suite = {
        "name": "bench-bt",
        "data": {"path": str(data)},
        "backtranslation": bt_settings(model, args),
        "metrics": ["roundtrip.bleu", "roundtrip.chrf"],
        "checks": [],
        "bootstrap": {"resamples": 0},
        "report": {"formats": []},
    }
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
    return {
        "model": model_label(args),
        "device": info["device"],
        "threads": args.threads,
        "segments": len(texts),
        "tokens": (min(tokens), max(tokens)),
        "budget": args.max_new_tokens,
        "load_s": load_s,
        "naive_s": naive_s,
        "batched_s": batched_s,
        "equal": sum(a == b for a, b in zip(naive, batched)),
        "batches": engine.stats["model_calls"],
        "cold_s": cold_s,
        "warm_s": warm_s,
        "cold_bt_s": cold_bt_s,
        "warm_bt_s": warm_bt_s,
    }


def budget_text(max_new_tokens: int) -> str:
    if max_new_tokens:
        return f"output budget fixed at {max_new_tokens} new tokens"
    return "the engines' own output budget (2n+10 new tokens)"


def table(r: dict) -> str:
    n = r["segments"]
    rows = [
        ("naive loop, one `generate` per segment", r["naive_s"], n / r["naive_s"], "1.0×"),
        (
            f"`hf` engine, length-sorted token-budget batches ({r['batches']} batches)",
            r["batched_s"],
            n / r["batched_s"],
            f"{r['naive_s'] / r['batched_s']:.1f}×",
        ),
        (
            "back-translation step, new engine, empty cache (loads the model)",
            r["cold_bt_s"],
            n / r["cold_bt_s"],
            "1.0×",
        ),
        (
            "back-translation step, new engine, every segment cached",
            r["warm_bt_s"],
            n / r["warm_bt_s"],
            f"{r['cold_bt_s'] / r['warm_bt_s']:.1f}×",
        ),
        (
            "`evaluate_suite`, first run (cold cache, loads the model)",
            r["cold_s"],
            n / r["cold_s"],
            "1.0×",
        ),
        (
            "`evaluate_suite`, second run (every segment cached)",
            r["warm_s"],
            n / r["warm_s"],
            f"{r['cold_s'] / r['warm_s']:.1f}×",
        ),
    ]
    intro = (
        f"{r['model']} on {r['device']} ({r['threads']} thread(s)), {n} segments of "
        f"{r['tokens'][0]}–{r['tokens'][1]} tokens, greedy, {budget_text(r['budget'])}; "
        f"identical outputs: {r['equal']}/{n}; model load {r['load_s']:.2f} s."
    )
    lines = [
        intro,
        "",
        "| what | seconds | segments/s | speed-up |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [f"| {what} | {s:.2f} | {rate:.1f} | {gain} |" for what, s, rate, gain in rows]
    return "\n".join(lines)


def write_doc(text: str, doc: Path = DOC, marks: tuple[str, str] = (MARK_START, MARK_END)) -> None:
    content = doc.read_text(encoding="utf-8")
    if marks[0] not in content or marks[1] not in content:
        print(
            f"{doc.relative_to(REPO)} has no {marks[0]} … {marks[1]}; not written", file=sys.stderr
        )
        return
    start, end = content.index(marks[0]) + len(marks[0]), content.index(marks[1])
    doc.write_text(content[:start] + "\n" + text + "\n" + content[end:], encoding="utf-8")


# --- part `engines`: hf against ct2 float32 and int8 ----------------------------------------

ENGINES = (
    ("`hf` (torch)", "hf", None),
    ("`ct2` float32", "ct2", "float32"),
    ("`ct2` int8", "ct2", "int8"),
)


def engine_of(
    kind: str, quantization: str | None, model: str, args: argparse.Namespace, store: Path
):
    """An engine with the same batching, beam and budget; one thread each."""
    from tarjama.config import BacktranslationConfig
    from tarjama.context import RunContext
    from tarjama.translate.ct2 import Ct2Engine
    from tarjama.translate.hf import HfEngine

    settings = {**bt_settings(model, args), "engine": kind, "num_beams": args.num_beams}
    if kind == "ct2":
        del settings["threads"]
        settings.update(quantization=quantization, intra_threads=args.threads)
    context = RunContext(models_dir=store, show_progress=False)
    engine_class = Ct2Engine if kind == "ct2" else HfEngine
    return engine_class(BacktranslationConfig(**settings), context)


def measure_engines(args: argparse.Namespace, num_beams: int) -> dict:
    """Each engine loaded once (ct2 converting first), then every engine translating the same
    texts in turn, `--repeats` rounds; the fastest round of each counts. Times are wall clock
    and the process's CPU time: each engine runs one thread, so on a quiet machine the two
    agree, and on a busy one the CPU time still measures the engine's own work."""
    texts = [mt for _, mt in segments(args.segments)]
    args = argparse.Namespace(**{**vars(args), "num_beams": num_beams})
    rows: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        model = build_model(args, Path(tmp))
        engines = {}
        for label, kind, quantization in ENGINES:
            first = engine_of(kind, quantization, model, args, Path(tmp) / "store")
            first_s, _ = timed(lambda engine=first: engine.backend)
            engine = engine_of(kind, quantization, model, args, Path(tmp) / "store")
            load_s, _ = timed(lambda engine=engine: engine.backend)
            engines[label] = engine
            rows[label] = {"first_load_s": first_s, "load_s": load_s, "wall": [], "cpu": []}
        for _ in range(args.repeats):
            for label, engine in engines.items():
                cpu = time.process_time()
                wall, rows[label]["outputs"] = timed(engine.translate_uncached, texts)
                rows[label]["cpu"].append(time.process_time() - cpu)
                rows[label]["wall"].append(wall)
        tokens = [len(ids) for ids in engines[ENGINES[0][0]].backend.encode(texts)]
        batches = engines[ENGINES[0][0]].stats["model_calls"] // args.repeats
    return {
        "model": model_label(args),
        "device": args.device,
        "threads": args.threads,
        "segments": len(texts),
        "tokens": (min(tokens), max(tokens)),
        "num_beams": num_beams,
        "budget": args.max_new_tokens,
        "repeats": args.repeats,
        "batches": batches,
        "rows": rows,
    }


def engines_table(results: list[dict]) -> str:
    r = results[0]
    intro = (
        f"{r['model']} on {r['device']} (1 process, {r['threads']} thread(s)), "
        f"{r['segments']} segments of {r['tokens'][0]}–{r['tokens'][1]} tokens, "
        f"{budget_text(r['budget'])}; every engine gets the same token-budget batches; fastest "
        f"of {r['repeats']} interleaved rounds; speed-up by CPU time."
    )
    header = (
        "| decoding | engine | CPU s | wall s | segments/s (CPU) | speed-up vs hf "
        "| outputs identical to hf | load (s) | first load, converting (s) |"
    )
    lines = [intro, "", header, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        lines += engine_rows(r)
    return "\n".join(lines)


def engine_rows(r: dict) -> list[str]:
    n, rows = r["segments"], r["rows"]
    hf = rows[ENGINES[0][0]]
    beam = "greedy" if r["num_beams"] == 1 else f"beam {r['num_beams']}"
    lines = []
    for label, row in rows.items():
        cpu, wall = min(row["cpu"]), min(row["wall"])
        same = sum(a == b for a, b in zip(row["outputs"], hf["outputs"], strict=True))
        lines.append(
            f"| {beam} | {label} | {cpu:.2f} | {wall:.2f} | {n / cpu:.1f} | "
            f"{min(hf['cpu']) / cpu:.1f}× | {same}/{n} | {row['load_s']:.2f} | "
            f"{row['first_load_s']:.2f} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["batching", "engines", "all"], default="all")
    parser.add_argument("--segments", type=int, default=500)
    parser.add_argument("--model", help="a real model (hub id or folder) instead of a random one")
    parser.add_argument("--size", choices=["tiny", "base", "trained"], default="tiny")
    parser.add_argument("--d-model", type=int, default=256)
    parser.add_argument(
        "--early-stopping",
        action="store_true",
        help="beam search stops at num_beams finished hypotheses in both engines (a copy of "
        "the model with early_stopping: true in its generation config)",
    )
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--num-beams", default="1,4", help="engines part only: beam sizes")
    parser.add_argument("--repeats", type=int, default=2, help="engines part only")
    parser.add_argument(
        "--max-new-tokens", type=int, default=32, help="0: the engines' own 2n+10 budget"
    )
    parser.add_argument("--max-batch-tokens", type=int, default=4096)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--write", action="store_true", help=f"update {DOC.relative_to(REPO)}")
    args = parser.parse_args()
    if args.part in ("batching", "all"):
        text = table(measure(args))
        print(text)
        if args.write:
            write_doc(text)
    if args.part in ("engines", "all"):
        beams = [int(beam) for beam in args.num_beams.split(",")]
        text = engines_table([measure_engines(args, beam) for beam in beams])
        print(text)
        if args.write:
            write_doc(text, DOC, ENGINES_MARKS)


if __name__ == "__main__":
    main()
