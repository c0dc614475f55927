"""Seeded synthetic segment pairs for benchmarks: English-like references and noisy hypotheses."""

from __future__ import annotations

import random

SYLLABLES = (
    "ka",
    "ro",
    "mi",
    "stan",
    "bul",
    "te",
    "lo",
    "vra",
    "ni",
    "sha",
    "dor",
    "en",
    "ul",
    "pre",
    "com",
    "tion",
    "al",
    "ing",
    "er",
    "o",
    "ve",
    "sa",
    "ky",
    "iv",
)


def vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    words = {
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))) for _ in range(size * 2)
    }
    return sorted(words)[:size]


def sentence(rng: random.Random, words: list[str]) -> str:
    tokens = [rng.choice(words) for _ in range(rng.randint(8, 40))]
    tokens[0] = tokens[0].capitalize()
    return " ".join(tokens) + rng.choice([".", ".", ".", "?", "!"])


def perturb(rng: random.Random, text: str, words: list[str], rate: float = 0.25) -> str:
    """Substitute, drop, insert and swap tokens at about `rate`."""
    tokens = text.split()
    out = []
    for token in tokens:
        roll = rng.random()
        if roll < rate * 0.4:
            out.append(rng.choice(words))
        elif roll < rate * 0.6:
            continue
        elif roll < rate * 0.8:
            out.extend([token, rng.choice(words)])
        else:
            out.append(token)
    if len(out) > 3 and rng.random() < rate:
        i = rng.randrange(len(out) - 1)
        out[i], out[i + 1] = out[i + 1], out[i]
    return " ".join(out)


def pairs(n: int, seed: int = 1) -> tuple[list[str], list[str]]:
    """(hypotheses, references), n of each."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    refs = [sentence(rng, words) for _ in range(n)]
    hyps = [perturb(rng, ref, words, rate=rng.uniform(0.05, 0.6)) for ref in refs]
    return hyps, refs
