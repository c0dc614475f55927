"""The `untranslated` check: Latin-script words left in Arabic output ("روستم Umerov").

Consecutive Latin words form one flag; Latin glued to an Arabic proclitic ("وUmerov") is
caught with the span on the Latin part; each flag points at the source words it copies
(`source_span`) when they are found in `src`. Not flagged: URLs, e-mail addresses, hashtags,
@handles, units next to a number, single letters, alphanumeric codes, and the tokens of the
allowlist (data/lexicons/latin-allowlist.yaml explains the default).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from tarjama.checks.base import Check, CheckOptions
from tarjama.checks.patterns import contains_any
from tarjama.context import RunContext
from tarjama.data import Segment
from tarjama.errors import ConfigError
from tarjama.flags import Flag
from tarjama.lang.propernames import fold, load_gazetteer
from tarjama.lexicons import load_lexicon
from tarjama.memo import Memo

WRONG_LANGUAGE_SHARE = 0.8
"""Above this share of a segment's letters in Latin script, the segment as a whole is in the
wrong language: that is the wrong-language check's flag, and this check stays silent."""

_LATIN = "A-Za-z\u00C0-\u024F"
LATIN_LETTER = re.compile(f"[{_LATIN}]")
LATIN_WORD = re.compile(f"[{_LATIN}](?:[{_LATIN}0-9]|['’.\\-](?=[{_LATIN}0-9]))*")
NOT_PROSE = re.compile(
    r"(?:https?://|www\.)\S+"  # URLs
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"  # e-mail addresses
    r"|[@#][^\s@#،,.;:!?()\[\]]+"  # handles and hashtags
    r"|\b[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.(?:com|org|net|gov|edu|int|io|info|news|tv"
    r"|uk|ru|ua|tr|fr|de|sa|ae|qa|eg)\b(?:/\S*)?"  # bare domain names
)
# What every NOT_PROSE match contains (a URL's "http" or "www.", "@", "#", or a domain's
# ending): text without any needs no masking, and the masking scan is the slow part.
PROSE_NEEDLES = ("@", "#", "http", "www.")
DOMAIN_END = re.compile(r"\.(?:com|org|net|gov|edu|int|io|info|news|tv|uk|ru|ua|tr|fr|de|sa|ae"
                        r"|qa|eg)\b")
GAP_CHARS = " \t-"  # what may separate words of one span
# The commonest Arabic letters (about half of them in running text): how often they occur,
# counted by str.count, is a cheap lower bound on a text's Arabic letters.
COMMON_ARABIC_LETTERS = "اليمونتر"
# What a Latin word is, as far as exemptions go (see UntranslatedCheck._word_kind).
FLAGGED, EXEMPT, UNIT = 0, 1, 2
UNITS = frozenset(
    [
        "km", "kg", "mm", "cm", "m", "g", "mg", "µg", "ml", "l", "t", "kt", "mt", "km2", "m2", "m3",
        "km/h", "kmh", "mph", "kw", "kwh", "mw", "mwh", "gw", "gwh", "tw", "twh", "hz", "khz",
        "mhz", "ghz", "kb", "mb", "gb", "tb", "kbps", "mbps", "gbps", "ft", "in", "lb", "lbs", "oz",
        "mi", "nm", "bpd", "bn", "mn", "k", "ha", "°c", "°f", "c", "f"
    ])
_FOLD = {ord(ch): unicodedata.normalize("NFD", ch)[0].lower()
         for ch in map(chr, range(0x41, 0x250)) if ch.isalpha()}


class UntranslatedOptions(CheckOptions):
    """Options of the `untranslated` check."""

    allowlist: tuple[str, ...] = ()
    """Extra tokens to leave alone, added to the allowlist file's."""
    allowlist_file: str = "latin-allowlist.yaml"
    """Bare name (in data/lexicons/) or path of the default allowlist; "" for none."""
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
    """Latin-script words inside Arabic output."""

    name = "untranslated"
    categories = ("untranslated",)
    options_model = UntranslatedOptions

    def __init__(self, options: UntranslatedOptions | None = None, severity: str | None = None,
                 context: RunContext | None = None) -> None:
        super().__init__(options, severity, context)
        self.allowed = _allowlist(self.options.allowlist_file) | {
            token.casefold() for token in self.options.allowlist}
        # Bounded: a long run meets many words, and leaves many texts in Latin.
        self._forms = Memo(self._lookup_form, limit=4096)  # text left in Latin → its form
        self._kinds = Memo(self._word_kind, limit=4096)  # Latin word → its kind

    def check_segment(self, segment: Segment) -> list[Flag]:
        mt = segment.mt
        if not LATIN_LETTER.search(mt):
            return []
        spans = _group(self._latin_words(mt), mt)
        if not spans:
            return []
        latin = sum(sum(map(str.isalpha, mt[start:end])) for start, end in spans)
        share = latin / (latin + sum(map(mt.count, COMMON_ARABIC_LETTERS)))  # or more than
        if share > WRONG_LANGUAGE_SHARE or share >= self.options.critical_share:
            share = latin / sum(map(str.isalpha, mt))  # near a threshold: the exact share
            if share > WRONG_LANGUAGE_SHARE:
                return []
        return [self._flag(segment, span, share) for span in spans]

    def _latin_words(self, mt: str) -> list[tuple[int, int]]:
        """Spans of the Latin words in `mt` that are not exempt."""
        masked = mt
        if contains_any(mt, PROSE_NEEDLES) or DOMAIN_END.search(mt):
            masked = NOT_PROSE.sub(lambda m: " " * len(m.group()), mt)
        kinds, allow_codes = self._kinds, self.options.allow_codes
        spans = []
        for m in LATIN_WORD.finditer(masked):
            kind = kinds[m.group()]
            if kind == EXEMPT:
                continue
            start = m.start()
            if (allow_codes and masked[start - 1:start].isdigit()
                    or kind == UNIT and masked[:start].rstrip(" ")[-1:].isdigit()):
                continue  # a code (5G) or a unit after a number
            spans.append(m.span())
        return spans

    def _word_kind(self, word: str) -> int:
        """EXEMPT wherever it stands (a code, too short or allowed), a UNIT (exempt after a
        number) or FLAGGED."""
        options = self.options
        plain = word.isalpha()  # the usual word: no digits, no apostrophes, dots or hyphens
        if options.allow_codes and not plain and any(ch.isdigit() for ch in word):
            return EXEMPT
        folded = word.casefold()
        if (len(word) if plain else sum(1 for ch in word if ch.isalpha())) < options.min_length:
            return EXEMPT
        if folded in self.allowed:
            return EXEMPT
        return UNIT if folded in UNITS else FLAGGED

    def _flag(self, segment: Segment, span: tuple[int, int], share: float) -> Flag:
        text = segment.mt[span[0]:span[1]]
        source_span = find_in_source(segment.src, text)
        severity = "major"
        if share >= self.options.critical_share:
            severity = "critical"
        elif text.isupper() and " " not in text and len(text) <= self.options.max_acronym:
            severity = "minor"
        copied = " (copied from the source)" if source_span else ""
        return self.flag(segment, span, category="untranslated", severity=severity,
                       message=f"'{text}' is left in Latin script{copied}",
                       source_span=source_span, suggestion=self._arabic_form(text))

    def _arabic_form(self, text: str) -> str | None:
        """The established Arabic form of a name left in Latin, when the gazetteer has it."""
        if not self.options.gazetteer:
            return None
        return self._forms[text]

    def _lookup_form(self, text: str) -> str | None:
        entry = load_gazetteer(self.options.gazetteer).by_english.get(" ".join(
            fold(word) for word in re.split(r"[\s\-]+", text)))
        return entry.forms[0] if entry is not None else None


def _group(words: list[tuple[int, int]], mt: str) -> list[tuple[int, int]]:
    """Merge words separated only by spaces or hyphens into one span."""
    spans: list[tuple[int, int]] = []
    for start, end in words:
        if spans and not mt[spans[-1][1]:start].strip(GAP_CHARS):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def fold_latin(text: str) -> str:
    """Lower case without accents, one character for one (offsets survive)."""
    return text.translate(_FOLD)


def find_in_source(src: str, text: str) -> tuple[int, int] | None:
    """Where `text` (Latin words copied into the mt) occurs in `src`, ignoring case and accents."""
    match = _source_pattern(text).search(_folded(src))
    return (match.start(), match.end()) if match else None


@lru_cache(maxsize=4096)
def _source_pattern(text: str) -> re.Pattern[str]:
    """The pattern `find_in_source` looks for, built once per text left in Latin."""
    first, *rest = fold_latin(text).split()
    # The lookbehind after the first word, not before it: a pattern that opens with literal
    # text is found by a fast substring search rather than a try at every position.
    pattern = r"[\s\-]+".join([rf"{re.escape(first)}(?<![a-z0-9][\s\S]{{{len(first)}}})",
                                *map(re.escape, rest)])
    return re.compile(f"{pattern}(?![a-z0-9])")


@lru_cache(maxsize=64)
def _folded(src: str) -> str:
    """`fold_latin(src)`, cached: a segment with several flags asks for it once per flag.
    ASCII text (most sources) it only lower-cases, which str.lower does faster."""
    return src.lower() if src.isascii() else fold_latin(src)


@lru_cache(maxsize=16)
def _allowlist(name: str) -> frozenset[str]:
    if not name:
        return frozenset()
    data = load_lexicon(name)
    tokens = data.get("tokens") if isinstance(data, dict) else None
    if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
        raise ConfigError("a Latin allowlist needs a 'tokens:' list of strings", name)
    return frozenset(token.casefold() for token in tokens)
