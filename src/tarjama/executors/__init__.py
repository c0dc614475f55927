"""Executors by name: where a run's per-segment stages run (`tarjama run --executor`).

`local` runs them in this process (and its worker processes); `ray` runs them as Ray Data
on a Ray cluster (`pip install 'tarjama[ray]'`). Both call the same per-batch functions, and
the driver aggregates, bootstraps and gates the same way, so their results are the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tarjama.registry import Registry

if TYPE_CHECKING:
    from tarjama.executors.base import Executor

EXECUTORS: Registry[type[Executor]] = Registry("executor")
EXECUTORS.register("local", "tarjama.executors.local:LocalExecutor")
EXECUTORS.register("ray", "tarjama.executors.raydata:RayExecutor")
