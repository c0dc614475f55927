"""Flags and the check interface.

A flag is one detected error: category, severity, a [start, end) code-point span into `mt`
(`text == mt[start:end]`), and a message. A check looks at one segment at a time, or at a
whole document (segments sharing a doc_id) when it needs context.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from tarjama.checks import CATEGORIES, SEVERITIES
from tarjama.data import Segment

_CATEGORIES = frozenset(CATEGORIES)
_SEVERITIES = frozenset(SEVERITIES)


@dataclass(frozen=True, slots=True, init=False)
class Flag:
    """One detected error, in the shape DESIGN.md fixes for segments.jsonl."""

    id: str
    category: str
    severity: str
    span: tuple[int, int] | None
    text: str
    message: str
    check: str | None = None
    source_span: tuple[int, int] | None = None
    suggestion: str | None = None

    def __init__(self, id: str, category: str, severity: str, span: tuple[int, int] | None,
                 text: str, message: str, check: str | None = None,
                 source_span: tuple[int, int] | None = None,
                 suggestion: str | None = None) -> None:
        if category not in _CATEGORIES:
            raise ValueError(f"unknown flag category '{category}'")
        if severity not in _SEVERITIES:
            raise ValueError(f"unknown severity '{severity}'")
        # Each slot set by its own setter (see _SLOT_SETTERS): what the __init__ that
        # dataclass writes for a frozen class does through object.__setattr__ and a lookup
        # by name, at half the cost (datasets get tens of thousands of flags).
        (set_id, set_category, set_severity, set_span, set_text, set_message, set_check,
         set_source_span, set_suggestion) = _SLOT_SETTERS
        set_id(self, id)
        set_category(self, category)
        set_severity(self, severity)
        set_span(self, span)
        set_text(self, text)
        set_message(self, message)
        set_check(self, check)
        set_source_span(self, source_span)
        set_suggestion(self, suggestion)

    @classmethod
    def at(cls, segment: Segment, span: tuple[int, int] | None, *, category: str,
           severity: str, message: str, check: str | None = None,
           source_span: tuple[int, int] | None = None, suggestion: str | None = None) -> Flag:
        """A flag on `segment.mt[span]`, with `text` taken from the span."""
        text = segment.mt[span[0]:span[1]] if span else ""
        return cls(segment.id, category, severity, span, text, message, check, source_span,
                   suggestion)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("span", "source_span"):
            if data[key] is not None:
                data[key] = list(data[key])
        return {k: v for k, v in data.items()
                if v is not None or k in ("span", "id", "category", "severity", "text", "message")}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Flag:
        fields = dict(data)
        for key in ("span", "source_span"):
            if fields.get(key) is not None:
                fields[key] = tuple(fields[key])
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in fields.items() if k in known})


# The slots' own setters, in field order (they bypass the frozen class's __setattr__).
_SLOT_SETTERS = tuple(getattr(Flag, field.name).__set__ for field in fields(Flag))


class CheckOptions(BaseModel):
    """Base of each check's options model: unknown options are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Check:
    """A detector. Override `check_segment`, `check_document`, or both.

    The runner (checks.runner.run_checks) calls `prepare` once, then `check_segment` on the
    segments block by block (each check over a whole block of BLOCK segments before the next
    check), then `check_document` per document. Checks that need the same per-segment
    analysis share it through a per-process cache that holds more than a block (as the two
    name checks do). Build flags with `self.flag(...)`: it stamps the check's name on them,
    so that the runner need not copy them.
    """

    name: ClassVar[str]
    options_model: ClassVar[type[CheckOptions]] = CheckOptions

    def __init__(self, options: CheckOptions | None = None, severity: str | None = None,
                 **context: Any) -> None:
        self.options = options if options is not None else self.options_model()
        self.severity_override = severity
        self.context = context

    def flag(self, segment: Segment, span: tuple[int, int] | None, **fields: Any) -> Flag:
        """`Flag.at` with this check's name stamped on the flag (the runner need not copy it)."""
        return Flag.at(segment, span, check=self.name, **fields)

    def prepare(self, segments: Sequence[Segment]) -> None:
        """Called once with the whole dataset before any segment is checked (for calibration)."""

    def check_segment(self, segment: Segment) -> list[Flag]:
        return []

    def check_document(self, segments: Sequence[Segment]) -> list[Flag]:
        return []
