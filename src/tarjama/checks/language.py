"""Whole-segment failures: empty output, a copy of the source, output in the wrong language.

The script test is cheap and settles almost every segment: Arabic output is mostly Arabic
letters and carries none of the letters that only Persian, Urdu, Pashto or Kurdish use. Output
in another script (Hebrew, Cyrillic, Greek, CJK, Indic, Latin) is named by its script, or by
the offline language identifier (lingua) where one script serves many languages; Arabic-script
output in a sister language is told apart by letters only that language uses, then by lingua.
lingua is built once, lazily, over a small set of languages, and asked only when the cheap
tests are inconclusive.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from tarjama.checks.base import WRONG_LANGUAGE_SHARE, Check, CheckOptions
from tarjama.checks.prepared import PreparedSegment
from tarjama.context import RunContext
from tarjama.flags import Flag
from tarjama.lang import get_language

# Letters that Persian, Urdu and other Arabic-script languages use but Arabic does not
# (پ چ ژ گ ک ی, Urdu's ٹ ڈ ڑ ں ھ ہ ے, Pashto's ټ ځ څ ډ ړ ږ ښ ګ ڼ ۍ ې, Sorani's ە ێ ۆ ڕ ڵ).
NON_ARABIC_LETTERS = re.compile(
    r"[\u067E\u0686\u0698\u06AF\u06A9\u06CC\u0679\u0688\u0691\u06BA"
    r"\u06BE\u06C1\u06D2\u067C\u0681\u0685\u0689\u0693\u0696\u069A"
    r"\u06AB\u06BC\u06CD\u06D0\u06D5\u06CE\u06C6\u0695\u06B5]"
)
# Function words that are Persian or Urdu, never Arabic.
NON_ARABIC_WORDS = frozenset(
    ("است", "برای", "این", "آن", "می", "های", "شده", "میں", "کے", "ہے", "اور", "نہیں")
)
LETTER = re.compile(r"[^\W\d_]")
DIGIT = re.compile(r"\d")
# Letters of the scripts news MT most often leaks into Arabic output (Latin, Greek, Cyrillic,
# Hebrew, Indic, CJK): a cheap stand-in for "not the target script" when the target is Arabic.
FOREIGN_TO_ARABIC = re.compile(r"[A-Za-z\u00C0-\u05FF\u0900-\u1FFF\u3040-\u9FFF\uAC00-\uD7AF]")
COPY_STRIP = re.compile(r"[\W_]+")
LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")
# Scripts that name their language (or say which script it is) when output is in them: the one
# with most letters wins if it has most of the foreign letters. Latin and Cyrillic serve many
# languages, so lingua names those.
SCRIPTS = (
    ("Hebrew", re.compile(r"[\u0590-\u05FF]")),
    ("Greek", re.compile(r"[\u0370-\u03FF\u1F00-\u1FFF]")),
    ("Armenian", re.compile(r"[\u0530-\u058F]")),
    ("Korean", re.compile(r"[\u1100-\u11FF\uAC00-\uD7AF]")),
    ("Japanese", re.compile(r"[\u3040-\u30FF]")),
    ("Chinese", re.compile(r"[\u4E00-\u9FFF]")),
    ("Devanagari script (Hindi, Marathi or Nepali)", re.compile(r"[\u0900-\u097F]")),
    ("an Indic script", re.compile(r"[\u0980-\u0DFF]")),
    ("Thai", re.compile(r"[\u0E00-\u0E7F]")),
    ("Georgian", re.compile(r"[\u10A0-\u10FF]")),
    ("Cyrillic script", re.compile(r"[\u0400-\u052F]")),
)
# Letters that one Arabic-script language uses and Arabic never does, by language. A few of
# them in Arabic output are a name; a steady share of them is the other language.
SISTER_LETTERS = (
    ("Pashto", re.compile(r"[\u067C\u0681\u0685\u0689\u0693\u0696\u069A\u06AB\u06BC\u06CD\u06D0]")),
    ("Kurdish (Sorani)", re.compile(r"[\u06D5\u06CE\u06C6\u0695\u06B5]")),
    ("Urdu", re.compile(r"[\u0679\u0688\u0691\u06BA\u06D2]")),
)
MIN_SISTER_LETTERS = 3  # at least this many of one language's own letters ...
MIN_SISTER_SHARE = 0.03  # ... making up at least this share of the segment's letters

# The languages lingua chooses among: the Arabic-script neighbours, and the languages most
# often left in news MT output.
LINGUA_LANGUAGES = (
    "ARABIC",
    "PERSIAN",
    "URDU",
    "ENGLISH",
    "FRENCH",
    "SPANISH",
    "GERMAN",
    "ITALIAN",
    "PORTUGUESE",
    "TURKISH",
    "RUSSIAN",
    "UKRAINIAN",
)


class WrongLanguageOptions(CheckOptions):
    """Thresholds for the whole-segment checks."""

    min_script_share: float = 0.5  # below this share of target-script letters: wrong language
    min_letters: int = 12  # fewer foreign letters than this: judged by script alone
    min_script_letters: int = 3  # output with no target letters: this many in another script
    copy_similarity: float = 90.0  # rapidfuzz ratio of mt to src at which mt is a copy
    min_copy_words: int = 3  # a source this short may legitimately be copied (names, codes)


class WrongLanguageCheck(Check):
    """Flags empty output, copies of the source, and output not in the target language."""

    name = "wrong-language"
    categories = ("wrong-language", "source-copy", "empty")
    options_model = WrongLanguageOptions
    options: WrongLanguageOptions

    def __init__(
        self,
        options: CheckOptions | None = None,
        severity: str | None = None,
        context: RunContext | None = None,
    ) -> None:
        super().__init__(options, severity, context)
        self.target = get_language(self.context.tgt_lang)
        self.foreign_letters = (
            FOREIGN_TO_ARABIC
            if self.target.code == "ar"
            else re.compile(rf"(?!{self.target.letters.pattern})[^\W\d_]")
        )

    def check_segment(self, segment: PreparedSegment) -> list[Flag]:
        mt = segment.mt
        if not LETTER.search(mt) and not DIGIT.search(mt):
            if segment.src.strip():
                return [self._flag(segment, "empty", "critical", "the translation is empty")]
            return []
        if self._mostly_target(mt):
            language = self._sister_language(mt)
        elif self._is_copy(segment):
            if self._copy_matters(segment):
                return [
                    self._flag(
                        segment,
                        "source-copy",
                        "critical",
                        "the translation is a copy of the source",
                    )
                ]
            return []  # a name or code kept as it is: the untranslated check's business
        else:
            language = self._foreign_language(mt)
        if language is None or language.lower() == self.target.name.lower():
            return []
        return [
            self._flag(
                segment,
                "wrong-language",
                "critical",
                f"the translation is in {language}, not {self.target.name}",
            )
        ]

    def _mostly_target(self, mt: str) -> bool:
        """Whether the share of letters in the target script (see `_target_share`) is at least
        min_script_share, and that of foreign letters at most WRONG_LANGUAGE_SHARE: beyond it
        the untranslated check stays silent and leaves the segment to this check, which
        therefore flags it whatever min_script_share says."""
        return self._enough(self._target_share(mt, len(self.foreign_letters.findall(mt))))

    def _enough(self, share: float) -> bool:
        return share >= self.options.min_script_share and 1 - share <= WRONG_LANGUAGE_SHARE

    def _target_share(self, mt: str, foreign: int) -> float:
        """The share of letters in the target script, given the number of `foreign` ones
        (1.0 when too few are foreign to judge)."""
        if not foreign:
            return 1.0
        if foreign < self.options.min_letters:
            target = self.target.letters.search(mt)
            return 1.0 if target or not self._short_foreign(mt, foreign) else 0.0
        target_letters = len(self.target.letters.findall(mt))
        return target_letters / (target_letters + foreign)

    def _short_foreign(self, mt: str, foreign: int) -> bool:
        """Whether a short output without target letters is in another script (not Latin:
        a short Latin output is a name, code or acronym, the untranslated check's business)."""
        latin = len(LATIN_LETTER.findall(mt)) if self.target.code == "ar" else 0
        return foreign - latin >= self.options.min_script_letters

    def _foreign_language(self, mt: str) -> str:
        """The name of the language (or script) of output that is not in the target script."""
        counts = {name: len(script.findall(mt)) for name, script in SCRIPTS}
        script = max(counts, key=counts.__getitem__)
        if 2 * counts[script] <= len(self.foreign_letters.findall(mt)):
            return _language_name(detect_language(mt)) or "another language"  # Latin, mostly
        if script == "Chinese" and counts["Japanese"]:
            return "Japanese"  # kanji with some kana
        if script == "Cyrillic script":
            return _language_name(detect_language(mt)) or script
        return script

    def _flag(self, segment: PreparedSegment, category: str, severity: str, message: str) -> Flag:
        return self.flag(segment, None, category=category, severity=severity, message=message)

    def _is_copy(self, segment: PreparedSegment) -> bool:
        src = COPY_STRIP.sub(" ", segment.src.casefold()).strip()
        mt = COPY_STRIP.sub(" ", segment.mt.casefold()).strip()
        return fuzz.ratio(src, mt) >= self.options.copy_similarity

    def _copy_matters(self, segment: PreparedSegment) -> bool:
        """Whether the source has enough words that a copy cannot be legitimate."""
        words = COPY_STRIP.sub(" ", segment.src).split()
        return sum(1 for w in words if not w.isdigit()) >= self.options.min_copy_words

    def _sister_language(self, mt: str) -> str | None:
        """For Arabic-script output: Persian, Urdu, Pashto or Kurdish instead of Arabic."""
        if self.target.code != "ar" or not _maybe_sister_language(mt):
            return None
        letters = len(LETTER.findall(mt))
        if letters < self.options.min_letters:
            return None
        for name, own_letters in SISTER_LETTERS:
            count = len(own_letters.findall(mt))
            if count >= MIN_SISTER_LETTERS and count >= MIN_SISTER_SHARE * letters:
                return name
        detected = _language_name(detect_language(mt))
        return detected if detected in ("Persian", "Urdu") else None


def _maybe_sister_language(text: str) -> bool:
    """Cheap test: two letters or two function words that Arabic does not have."""
    if len(NON_ARABIC_LETTERS.findall(text)) >= 2:
        return True
    return len(NON_ARABIC_WORDS.intersection(text.split())) >= 2


def _language_name(name: str | None) -> str | None:
    return name.title() if name else None


@lru_cache(maxsize=1)
def _detector() -> Any:
    """lingua's detector over LINGUA_LANGUAGES, built on first use.

    Low-accuracy mode loads only trigram models (a tenth of a second rather than seconds);
    it is asked only about text long enough for trigrams to decide.
    """
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in LINGUA_LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detect_language(text: str) -> str | None:
    """The English name of the language lingua detects (e.g. "PERSIAN"), or None."""
    language = _detector().detect_language_of(text)
    return language.name if language is not None else None
