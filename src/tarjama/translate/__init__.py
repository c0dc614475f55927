"""Back-translation engines, registered by name: `provided` reads bt from the data."""

from __future__ import annotations

from tarjama.registry import Registry

ENGINES: Registry = Registry("back-translation engine")
ENGINES.register("provided", "tarjama.translate.provided:ProvidedEngine")
