"""The flag contract (DESIGN.md): one detected error, and the category and severity vocabularies.

It sits below checks, metrics and reports, which all build or read flags. A flag's `span` is a
[start, end) pair of code-point offsets into `mt`, and `text == mt[start:end]`; the span is
None only for a flag about the whole segment.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Protocol

CATEGORIES = (
    "untranslated",
    "name-transliteration",
    "name-inconsistency",
    "number",
    "idiom",
    "addition",
    "omission",
    "mistranslation",
    "punctuation",
    "repetition",
    "wrong-language",
    "source-copy",
    "empty",
)
SEVERITIES = ("minor", "major", "critical")

_REQUIRED = ("id", "category", "severity", "span", "text", "message")


class HasMt(Protocol):
    """What a flag needs of its segment: the segment id and the translation it points into."""

    @property
    def id(self) -> str: ...

    @property
    def mt(self) -> str: ...


@dataclass(frozen=True, slots=True)
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

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown flag category '{self.category}'")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity '{self.severity}'")

    @classmethod
    def at(
        cls,
        segment: HasMt,
        span: tuple[int, int] | None,
        *,
        category: str,
        severity: str,
        message: str,
        check: str | None = None,
        source_span: tuple[int, int] | None = None,
        suggestion: str | None = None,
    ) -> Flag:
        """A flag on `segment.mt[span]`, with `text` taken from the span."""
        text = segment.mt[span[0] : span[1]] if span else ""
        return cls(
            segment.id, category, severity, span, text, message, check, source_span, suggestion
        )

    def to_dict(self) -> dict[str, Any]:
        """The segments.jsonl form: spans as lists, optional fields only when set."""
        data = asdict(self)
        for key in ("span", "source_span"):
            if data[key] is not None:
                data[key] = list(data[key])
        return {k: v for k, v in data.items() if v is not None or k in _REQUIRED}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Flag:
        """A flag read back from segments.jsonl (unknown keys are ignored)."""
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for key in ("span", "source_span"):
            if fields.get(key) is not None:
                fields[key] = tuple(fields[key])
        return cls(**fields)
