"""A tiny Marian model trained on the sample article, for benchmarks that need a model that
ends its translations the way a real one does.

A random model almost never produces the end token, so every translation runs to its output
budget: the worst case for CTranslate2, which drops finished sentences from a batch while
transformers keeps computing them until the batch's longest is done. Trained for a few hundred
steps on the benchmark's own Arabic→English segment pairs, this one ends its outputs at varied
lengths, near those of the English. Its decoder start row (`<pad>`) is put back to zero after
every step, as Marian's own training keeps it (docs/engines.md says why CTranslate2 needs it).

Trained once (about 5 minutes on 2 cores) and kept in benchmarks/.cache/, keyed by every
setting that changes the weights.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "benchmarks" / ".cache"
TRAINING = {
    "d_model": 256,
    "layers": 2,
    "vocab_size": 800,
    "max_length": 256,
    "init_std": 0.02,
    "steps": 300,
    "batch": 32,
    "learning_rate": 1e-3,
    "seed": 2026,
}


def trained_marian(pairs: list[tuple[str, str]]) -> Path:
    """The folder of a tiny Marian trained on `pairs` of (English, Arabic), training it first
    when benchmarks/.cache/ has no copy made with these settings and pairs."""
    key = hashlib.sha256(json.dumps([TRAINING, pairs], ensure_ascii=False).encode()).hexdigest()
    folder = CACHE / f"trained-marian-{key[:12]}"
    if (folder / "config.json").exists():
        return folder
    staging = CACHE / f".training-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    train(pairs, staging)
    os.replace(staging, folder)
    return folder


def train(pairs: list[tuple[str, str]], folder: Path) -> None:
    """Build the tiny Marian of tests/fixtures in `folder`, train it on `pairs`, save it."""
    import torch
    from transformers import MarianMTModel, MarianTokenizer

    from tests.fixtures.tiny_translation import build_tiny_marian

    sizes = ("d_model", "layers", "vocab_size", "max_length", "init_std")
    build_tiny_marian(folder, **{name: TRAINING[name] for name in sizes})
    tokenizer = MarianTokenizer.from_pretrained(folder)
    model = MarianMTModel.from_pretrained(folder)
    torch.manual_seed(TRAINING["seed"])
    torch.set_num_threads(os.cpu_count() or 1)
    optimizer = torch.optim.AdamW(model.parameters(), lr=TRAINING["learning_rate"])
    start_row = model.get_decoder().embed_tokens.weight[model.config.decoder_start_token_id]
    rng, started = random.Random(TRAINING["seed"]), time.perf_counter()
    model.train()
    for step in range(TRAINING["steps"]):
        loss = step_loss(model, tokenizer, rng.sample(pairs, TRAINING["batch"]))
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        with torch.no_grad():
            start_row.zero_()
        if step % 50 == 0:
            elapsed = time.perf_counter() - started
            print(
                f"training step {step}: loss {loss.item():.2f} ({elapsed:.0f} s)", file=sys.stderr
            )
    model.eval()
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)


def step_loss(model, tokenizer, batch: list[tuple[str, str]]):
    """The cross-entropy of one batch of (English, Arabic) pairs, Arabic in, English out."""
    encoded = tokenizer(
        [arabic for _, arabic in batch],
        text_target=[english for english, _ in batch],
        return_tensors="pt",
        padding=True,
        truncation=True,
        max_length=TRAINING["max_length"] - 16,
    )
    labels = encoded["labels"]
    labels[labels == tokenizer.pad_token_id] = -100  # padding is not a target
    return model(**encoded).loss
