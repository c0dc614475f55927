"""The run context: the settings that every stage of one run reads, built once from the suite.

Engines, metrics and checks take it explicitly instead of loose keyword arguments, so that a
misspelt setting is an error and each default is written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tarjama.lang.entities import DEFAULT_ENTITY_MODEL

if TYPE_CHECKING:
    from tarjama.config import Suite


@dataclass(frozen=True)
class RunContext:
    """Languages and shared models of one run (defaults: English source, Arabic target)."""

    src_lang: str = "en"
    tgt_lang: str = "ar"
    entity_model: str = DEFAULT_ENTITY_MODEL

    @classmethod
    def from_suite(cls, suite: Suite) -> RunContext:
        """The context of a run of `suite`."""
        return cls(src_lang=suite.languages.src, tgt_lang=suite.languages.tgt,
                   entity_model=suite.entities.model)
