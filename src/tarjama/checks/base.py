"""The check interface: a detector that reads prepared segments and emits flags.

A check looks at one segment at a time, or at a whole document (segments sharing a doc_id)
when it needs context. It declares the categories it emits and builds every flag through
`Check.flag`, which holds it to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from tarjama.checks.prepared import PreparedSegment
from tarjama.context import RunContext
from tarjama.flags import Flag
from tarjama.suggest import parse_options

WRONG_LANGUAGE_SHARE = 0.8
"""Above this share of a segment's letters in a foreign script, the segment as a whole is in the
wrong language: that is the wrong-language check's flag, and the untranslated check, which
flags foreign words inside a translation, stays silent."""


class CheckOptions(BaseModel):
    """Base of each check's options model: unknown options are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Check:
    """A detector. Override `check_segment`, `check_document`, or both.

    The runner (checks.runner.check_segments) calls `prepare` once with every segment (views
    made as they are read: for calibration on the raw fields), then `check_segment` on the
    segments block by block, and `check_document` on each document once its last segment is
    checked. Each receives `PreparedSegment`s, whose shared analyses (normalised `mt`, source
    entities) are computed once, on first use, and dropped with the document. Build every flag with `self.flag(...)`: it stamps the check's
    name on it and refuses a category the check did not declare in `categories`.
    """

    name: ClassVar[str]
    categories: ClassVar[tuple[str, ...]]
    options_model: ClassVar[type[CheckOptions]] = CheckOptions
    needs_entities: ClassVar[bool] = False
    """Whether the check reads `src_entities`/`bt_entities` (the runner then makes sure the
    entity model loads before any work)."""

    def __init__(
        self,
        options: CheckOptions | None = None,
        severity: str | None = None,
        context: RunContext | None = None,
    ) -> None:
        self.options = options if options is not None else self.options_model()
        self.severity_override = severity
        self.context = context if context is not None else RunContext()

    @classmethod
    def parse_options(cls, options: dict[str, Any]) -> CheckOptions:
        """The check's validated options; ConfigError with a did-you-mean hint for unknown ones."""
        return parse_options(cls.options_model, options, f"check {cls.name}")

    def flag(
        self,
        segment: PreparedSegment,
        span: tuple[int, int] | None,
        *,
        category: str,
        **fields: Any,
    ) -> Flag:
        """A flag on `segment.mt[span]` of one of this check's categories, stamped with its name."""
        if category not in self.categories:
            raise ValueError(f"check '{self.name}' does not emit category '{category}'")
        return Flag.at(segment, span, category=category, check=self.name, **fields)

    def prepare(self, segments: Sequence[PreparedSegment]) -> None:
        """Called once with the whole dataset before any segment is checked (for calibration)."""

    def check_segment(self, segment: PreparedSegment) -> list[Flag]:
        return []

    def check_document(self, segments: Sequence[PreparedSegment]) -> list[Flag]:
        return []
