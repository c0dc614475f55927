"""The `untranslated` check: Latin-script words left in Arabic output ("روستم Umerov").

Consecutive Latin words form one flag; Latin glued to an Arabic proclitic ("وUmerov") is
caught with the span on the Latin part; each flag points at the source words it copies
(`source_span`) when they are found in `src`. Not flagged: URLs, e-mail addresses, hashtags,
@handles, units next to a number, single letters, alphanumeric codes, and the tokens of the
allowlist (tarjama/resources/lexicons/latin-allowlist.yaml explains the default).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from tarjama.checks.base import WRONG_LANGUAGE_SHARE, Check, CheckOptions
from tarjama.checks.prepared import PreparedSegment
from tarjama.context import RunContext
from tarjama.errors import ConfigError
from tarjama.flags import Flag
from tarjama.lang.namekinds import TRANSLITERATED, name_kind
from tarjama.lang.propernames import SURNAME_PREFIX, fold, load_gazetteer
from tarjama.lexicons import load_lexicon

_LATIN = "A-Za-z\u00c0-\u024f"
LATIN_LETTER = re.compile(f"[{_LATIN}]")
LATIN_WORD = re.compile(f"[{_LATIN}](?:[{_LATIN}0-9]|['’.\\-](?=[{_LATIN}0-9]))*")
NOT_PROSE = re.compile(
    r"(?:https?://|www\.)\S+"  # URLs
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"  # e-mail addresses
    r"|[@#][^\s@#،,.;:!?()\[\]]+"  # handles and hashtags
    r"|\b[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.(?:com|org|net|gov|edu|int|io|info|news|tv"
    r"|uk|ru|ua|tr|fr|de|sa|ae|qa|eg)\b(?:/\S*)?"  # bare domain names
)
GAP_CHARS = " \t-"  # what may separate words of one span
LATIN_OR_SPACE_END = re.compile(f"[{_LATIN}\\s]+$")
LATIN_OR_SPACE_START = re.compile(f"^[{_LATIN}\\s]+")
QUOTES = "\"“”«»'‘’"
# The source talks about the word itself: "twp means daft", "the so-called clicktivism".
CITED_IN_SOURCE = re.compile(r"\b(?:means|meaning|word|term|called|so-called|dubbed)\b")
# The commonest Arabic letters (about half of them in running text): how often they occur,
# counted by str.count, is a cheap lower bound on a text's Arabic letters (the wrong-language
# check's pre-test).
COMMON_ARABIC_LETTERS = "اليمونتر"
# What a Latin word is, as far as exemptions go (see UntranslatedCheck._word_kind).
FLAGGED, EXEMPT, UNIT = 0, 1, 2
UNITS = frozenset(
    [
        "km",
        "kg",
        "mm",
        "cm",
        "m",
        "g",
        "mg",
        "µg",
        "ml",
        "l",
        "t",
        "kt",
        "mt",
        "km2",
        "m2",
        "m3",
        "km/h",
        "kmh",
        "mph",
        "kw",
        "kwh",
        "mw",
        "mwh",
        "gw",
        "gwh",
        "tw",
        "twh",
        "hz",
        "khz",
        "mhz",
        "ghz",
        "kb",
        "mb",
        "gb",
        "tb",
        "kbps",
        "mbps",
        "gbps",
        "ft",
        "in",
        "lb",
        "lbs",
        "oz",
        "mi",
        "nm",
        "bpd",
        "bn",
        "mn",
        "k",
        "ha",
        "°c",
        "°f",
        "c",
        "f",
    ]
)
_FOLD = {
    ord(ch): unicodedata.normalize("NFD", ch)[0].lower()
    for ch in map(chr, range(0x41, 0x250))
    if ch.isalpha()
}


class UntranslatedOptions(CheckOptions):
    """Options of the `untranslated` check."""

    allowlist: tuple[str, ...] = ()
    """Extra tokens to leave alone, added to the allowlist file's."""
    allowlist_file: str = "latin-allowlist.yaml"
    """Bare name (in tarjama/resources/lexicons/) or path of the default allowlist; "" for none."""
    min_length: int = 2
    """Latin words with fewer letters are ignored (letter shapes, "plan B", "منصة X")."""
    allow_codes: bool = True
    """Leave alphanumeric codes alone (5G, H5N1, COVID-19, F-16)."""
    critical_share: float = 0.5
    """From this share of the segment's letters left in Latin, flags are critical."""
    max_acronym: int = 5
    """An all-capital word of at most this many letters is rated minor, not major."""
    gazetteer: str = "names.en-ar.yaml"
    """Names lexicon whose Arabic form is suggested for a name left in Latin; "" for none."""


class UntranslatedCheck(Check):
    """Latin-script words inside Arabic output.

    Severity follows MQM. A person or a place left in Latin ("روستم Umerov", "في
    Ballyhackamore") is major: the reader cannot say it, and Arabic writes every such name by
    its sound. A brand, product, organisation, title or acronym kept in Latin ("قناة Telma",
    "أغنية "Ghost Town"", "KSWB-TV") is minor, as is a word the translator cites in brackets
    after its Arabic rendering: Arabic news often keeps those, unless the name has an Arabic
    form in wide use (the gazetteer's), which makes it major again. What a capitalised run is
    comes from cheap cues first (capitals, quotes, the words around it), and from the English
    named-entity model only when they say nothing.
    """

    name = "untranslated"
    categories = ("untranslated",)
    options_model = UntranslatedOptions
    options: UntranslatedOptions
    needs_entities = True

    def __init__(
        self,
        options: UntranslatedOptions | None = None,
        severity: str | None = None,
        context: RunContext | None = None,
    ) -> None:
        super().__init__(options, severity, context)
        self.allowed = _allowlist(self.options.allowlist_file) | {
            token.casefold() for token in self.options.allowlist
        }

    def check_segment(self, segment: PreparedSegment) -> list[Flag]:
        mt = segment.mt
        if not LATIN_LETTER.search(mt):
            return []
        spans = _group(self._latin_words(mt), mt)
        if not spans:
            return []
        latin = sum(sum(map(str.isalpha, mt[start:end])) for start, end in spans)
        share = latin / sum(map(str.isalpha, mt))
        if share > WRONG_LANGUAGE_SHARE:
            return []
        return [self._flag(segment, span, share) for span in spans]

    def _latin_words(self, mt: str) -> list[tuple[int, int]]:
        """Spans of the Latin words in `mt` that are not exempt."""
        masked = NOT_PROSE.sub(lambda m: " " * len(m.group()), mt)
        spans = []
        for m in LATIN_WORD.finditer(masked):
            kind = self._word_kind(m.group())
            start = m.start()
            if kind == EXEMPT:
                continue
            if (
                self.options.allow_codes
                and masked[start - 1 : start].isdigit()
                or kind == UNIT
                and masked[:start].rstrip(" ")[-1:].isdigit()
            ):
                continue  # a code (5G) or a unit after a number
            spans.append(m.span())
        return spans

    def _word_kind(self, word: str) -> int:
        """EXEMPT wherever it stands (a code, too short or allowed), a UNIT (exempt after a
        number) or FLAGGED."""
        options = self.options
        if options.allow_codes and any(ch.isdigit() for ch in word):
            return EXEMPT
        folded = word.casefold()
        if sum(ch.isalpha() for ch in word) < options.min_length or folded in self.allowed:
            return EXEMPT
        return UNIT if folded in UNITS else FLAGGED

    def _flag(self, segment: PreparedSegment, span: tuple[int, int], share: float) -> Flag:
        text = segment.mt[span[0] : span[1]]
        source_span = find_in_source(segment.src, text)
        form = self._arabic_form(text)
        if share >= self.options.critical_share:
            severity = "critical"
        else:
            severity = self._severity(segment, span, source_span, form)
        copied = " (copied from the source)" if source_span else ""
        return self.flag(
            segment,
            span,
            category="untranslated",
            severity=severity,
            message=f"'{text}' is left in Latin script{copied}",
            source_span=source_span,
            suggestion=form,
        )

    def _severity(
        self,
        segment: PreparedSegment,
        span: tuple[int, int],
        source_span: tuple[int, int] | None,
        form: str | None,
    ) -> str:
        """Major for a name Arabic writes by its sound, or has its own form for; minor for a
        brand, title, acronym or cited word (see the class docstring)."""
        text = segment.mt[span[0] : span[1]]
        if form is not None:
            return "major"
        if not any(ch.isupper() for ch in text):  # a common word or phrase left in English
            return "minor" if _cited(segment, span, source_span) else "major"
        if _kept_as_brand(text, self.options.max_acronym) or _quoted(segment.mt, span):
            return "minor"
        if source_span is None:
            return "major"
        kind = name_kind(segment, source_span)
        return "major" if kind is None or kind in TRANSLITERATED else "minor"

    def _arabic_form(self, text: str) -> str | None:
        """The established Arabic form of a name left in Latin, when the gazetteer has it."""
        if not self.options.gazetteer:
            return None
        entry = load_gazetteer(self.options.gazetteer).by_english.get(
            " ".join(fold(word) for word in re.split(r"[\s\-]+", text))
        )
        return entry.forms[0] if entry is not None else None


def _kept_as_brand(text: str, max_acronym: int) -> bool:
    """Whether Latin `text` is written as brands and acronyms are: a word in capitals (KSWB,
    MWPs, "AI Next") or with a capital inside (RedState)."""
    for word in re.split(r"[\s\-]+", text):
        letters = word.rstrip("s") if len(word) > 2 else word
        if (
            len(letters) > 1
            and letters.isupper()
            and (len(letters) <= max_acronym or " " not in text)
        ):
            return True
        if any(ch.isupper() for ch in word[1:]) and not SURNAME_PREFIX.match(word):
            return True
    return False


def _quoted(mt: str, span: tuple[int, int]) -> bool:
    """Whether `mt[span]` stands in quotation marks (a title: نجم "Still Game")."""
    before = LATIN_OR_SPACE_END.sub("", mt[: span[0]])[-1:]  # past a letter left alone ("I")
    after = LATIN_OR_SPACE_START.sub("", mt[span[1] :])[:1]
    return bool(before) and before in QUOTES and bool(after) and after in QUOTES


def _cited(
    segment: PreparedSegment, span: tuple[int, int], source_span: tuple[int, int] | None
) -> bool:
    """Whether a lower-case Latin word is cited, not left untranslated: given in brackets
    after its Arabic rendering ("الحراك بالنقر (clicktivism)"), or a word the source itself
    talks about ("In Welsh twp means daft")."""
    mt = segment.mt
    if mt[: span[0]].rstrip(" ")[-1:] == "(" and mt[span[1] :].lstrip(" ")[:1] == ")":
        return True
    return (
        source_span is not None
        and CITED_IN_SOURCE.search(segment.src[max(0, source_span[0] - 12) : source_span[1] + 12])
        is not None
    )


def _group(words: list[tuple[int, int]], mt: str) -> list[tuple[int, int]]:
    """Merge words separated only by spaces or hyphens into one span."""
    spans: list[tuple[int, int]] = []
    for start, end in words:
        if spans and not mt[spans[-1][1] : start].strip(GAP_CHARS):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def fold_latin(text: str) -> str:
    """Lower case without accents, one character for one (offsets survive)."""
    return text.translate(_FOLD)


def find_in_source(src: str, text: str) -> tuple[int, int] | None:
    """Where `text` (Latin words copied into the mt) occurs in `src`, ignoring case and accents."""
    match = _source_pattern(text).search(fold_latin(src))
    return (match.start(), match.end()) if match else None


@lru_cache(maxsize=4096)
def _source_pattern(text: str) -> re.Pattern[str]:
    """The pattern `find_in_source` looks for, built once per text left in Latin."""
    first, *rest = fold_latin(text).split()
    # The lookbehind after the first word, not before it: a pattern that opens with literal
    # text is found by a fast substring search rather than a try at every position.
    pattern = r"[\s\-]+".join(
        [rf"{re.escape(first)}(?<![a-z0-9][\s\S]{{{len(first)}}})", *map(re.escape, rest)]
    )
    return re.compile(f"{pattern}(?![a-z0-9])")


@lru_cache(maxsize=16)
def _allowlist(name: str) -> frozenset[str]:
    if not name:
        return frozenset()
    data = load_lexicon(name)
    tokens = data.get("tokens") if isinstance(data, dict) else None
    if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
        raise ConfigError("a Latin allowlist needs a 'tokens:' list of strings", name)
    return frozenset(token.casefold() for token in tokens)
