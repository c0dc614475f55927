"""Locating and reading the curated lexicons the package ships (tarjama/resources/lexicons/).

A check takes a lexicon by bare name ("idioms.en-ar.yaml", found in the bundled folder) or by
path (a suite may point at its own file). Files are read once per process. The lexicons are
package data, so a wheel install reads them from site-packages as an editable one reads them
from the source tree.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from tarjama.errors import ConfigError

LEXICON_DIR = Path(__file__).resolve().parent / "resources" / "lexicons"


def lexicon_path(name: str | Path) -> Path:
    """A bare file name is looked up in the bundled lexicons; anything else is a path."""
    path = Path(name)
    if path.parent == Path(".") and not path.exists():
        path = LEXICON_DIR / path
    if not path.exists():
        raise ConfigError("lexicon file not found", path)
    return path


@lru_cache(maxsize=64)
def _load(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise ConfigError(
            f"{where}invalid YAML in lexicon ({getattr(exc, 'problem', exc)})", path
        ) from None


def load_lexicon(name: str | Path) -> Any:
    """The parsed YAML content of a lexicon (shared, do not mutate)."""
    return _load(lexicon_path(name).resolve())
