"""Progress on stderr: stage messages and tqdm bars, silent when disabled or not a TTY."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tarjama.textsafety import terminal_text


class _NullBar:
    def update(self, n: int = 1) -> None:
        pass


class Progress:
    """Reports long work on stderr; results never go through here."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled

    def note(self, message: str) -> None:
        if self.enabled:
            print(f"tarjama: {terminal_text(message)}", file=sys.stderr, flush=True)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        self.note(f"{name}…")
        yield
        self.note(f"{name} done in {time.perf_counter() - started:.2f} s")

    @contextmanager
    def bar(self, name: str, total: int, unit: str = "seg") -> Iterator[Any]:
        if not self.enabled or not sys.stderr.isatty():
            with self.stage(name):
                yield _NullBar()
            return
        from tqdm import tqdm

        with tqdm(
            total=total,
            desc=name,
            unit=unit,
            file=sys.stderr,
            leave=False,
            colour=None if os.environ.get("NO_COLOR") else "green",
        ) as bar:
            yield bar
