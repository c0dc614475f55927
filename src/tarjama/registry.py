"""Lazy registries that map names to implementations given as "module:attr" strings.

Importing a registry imports nothing heavy: an implementation's module (and torch, COMET…)
is imported only when that name is first used.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Generic, TypeVar

from tarjama.errors import ConfigError
from tarjama.suggest import did_you_mean

T = TypeVar("T")


class Registry(Generic[T]):
    """Names → "module:attr" targets, resolved on first use."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._targets: dict[str, str] = {}

    def register(self, name: str, target: str) -> None:
        self._targets[name] = target

    def __contains__(self, name: object) -> bool:
        return name in self._targets

    def __iter__(self) -> Iterator[str]:
        return iter(self._targets)

    def names(self) -> list[str]:
        return list(self._targets)

    def target(self, name: str) -> str:
        """Where `name` is implemented, as "module:attr" (nothing is imported)."""
        self.check(name)
        return self._targets[name]

    def check(self, name: str) -> None:
        """Raise ConfigError with a hint when `name` is not registered."""
        if name not in self._targets:
            raise ConfigError(f"unknown {self.kind} '{name}' ({did_you_mean(name, self._targets)})")

    def get(self, name: str) -> T:
        self.check(name)
        module_name, attr = self._targets[name].split(":")
        implementation: T = getattr(importlib.import_module(module_name), attr)
        return implementation
