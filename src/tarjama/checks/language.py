"""Whole-segment failures: empty output, a copy of the source, output in the wrong language.

The script test is cheap and settles almost every segment: Arabic output is mostly Arabic
letters and carries none of the letters that only Persian or Urdu use. Only when that test is
inconclusive is the offline language identifier (lingua) asked, and it is built once, lazily,
over a small set of languages.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from tarjama.checks.base import Check, CheckOptions, Flag
from tarjama.data import Segment
from tarjama.lang import get_language

# Letters that Persian, Urdu and other Arabic-script languages use but Arabic does not
# (پ چ ژ گ ک ی and Urdu's ٹ ڈ ڑ ں ھ ہ ے).
NON_ARABIC_LETTERS = re.compile(r"[\u067E\u0686\u0698\u06AF\u06A9\u06CC\u0679\u0688\u0691\u06BA\u06BE\u06C1\u06D2]")
# Function words that are Persian or Urdu, never Arabic.
NON_ARABIC_WORDS = frozenset(("است", "برای", "این", "آن", "می", "های", "شده", "میں", "کے", "ہے",
                              "اور", "نہیں"))
LETTER = re.compile(r"[^\W\d_]")
DIGIT = re.compile(r"\d")
# Letters of the scripts news MT most often leaks into Arabic output (Latin, Greek, Cyrillic,
# Hebrew, Indic, CJK): a cheap stand-in for "not the target script" when the target is Arabic.
FOREIGN_TO_ARABIC = re.compile(r"[A-Za-z\u00C0-\u05FF\u0900-\u1FFF\u3040-\u9FFF\uAC00-\uD7AF]")
COPY_STRIP = re.compile(r"[\W_]+")

# The languages lingua chooses among: the Arabic-script neighbours, and the languages most
# often left in news MT output.
LINGUA_LANGUAGES = ("ARABIC", "PERSIAN", "URDU", "ENGLISH", "FRENCH", "SPANISH", "GERMAN",
                    "ITALIAN", "PORTUGUESE", "TURKISH", "RUSSIAN", "UKRAINIAN")


class WrongLanguageOptions(CheckOptions):
    """Thresholds for the whole-segment checks."""

    min_script_share: float = 0.5  # below this share of target-script letters: wrong language
    min_letters: int = 12  # fewer foreign letters than this: not judged by language
    copy_similarity: float = 90.0  # rapidfuzz ratio of mt to src at which mt is a copy
    min_copy_words: int = 3  # a source this short may legitimately be copied (names, codes)


class WrongLanguageCheck(Check):
    """Flags empty output, copies of the source, and output not in the target language."""

    name = "wrong-language"
    options_model = WrongLanguageOptions

    def __init__(self, options: CheckOptions | None = None, severity: str | None = None,
                 **context: Any) -> None:
        super().__init__(options, severity, **context)
        self.target = get_language(context.get("tgt_lang", "ar"))
        self.foreign_letters = (FOREIGN_TO_ARABIC if self.target.code == "ar" else
                                re.compile(rf"(?!{self.target.letters.pattern})[^\W\d_]"))

    def check_segment(self, segment: Segment) -> list[Flag]:
        mt = segment.mt
        if not LETTER.search(mt) and not DIGIT.search(mt):
            if segment.src.strip():
                return [self._flag(segment, "empty", "critical", "the translation is empty")]
            return []
        share = self._target_share(mt)
        if share >= self.options.min_script_share:
            language = self._sister_language(mt)
        elif self._is_copy(segment):
            if self._copy_matters(segment):
                return [self._flag(segment, "source-copy", "critical",
                                   "the translation is a copy of the source")]
            return []  # a name or code kept as it is: the untranslated check's business
        else:
            language = _language_name(detect_language(mt)) or "another language"
        if language is None or language.lower() == self.target.name.lower():
            return []
        return [self._flag(segment, "wrong-language", "critical",
                           f"the translation is in {language}, not {self.target.name}")]

    def _target_share(self, mt: str) -> float:
        """The share of letters in the target script, computed exactly only when it matters."""
        foreign = len(self.foreign_letters.findall(mt))
        if foreign < self.options.min_letters:
            return 1.0
        # Non-space characters bound the letter count from above, so this overestimates
        # the share; below the threshold it is already decisive.
        upper = 1 - foreign / (len(mt) - mt.count(" "))
        if upper < self.options.min_script_share or upper > 0.8:
            return upper
        return self.target.script_share(mt)

    def _flag(self, segment: Segment, category: str, severity: str, message: str) -> Flag:
        return Flag.at(segment, None, category=category, severity=severity, message=message,
                       check=self.name)

    def _is_copy(self, segment: Segment) -> bool:
        src = COPY_STRIP.sub(" ", segment.src.casefold()).strip()
        mt = COPY_STRIP.sub(" ", segment.mt.casefold()).strip()
        return fuzz.ratio(src, mt) >= self.options.copy_similarity

    def _copy_matters(self, segment: Segment) -> bool:
        """Whether the source has enough words that a copy cannot be legitimate."""
        words = COPY_STRIP.sub(" ", segment.src).split()
        return sum(1 for w in words if not w.isdigit()) >= self.options.min_copy_words

    def _sister_language(self, mt: str) -> str | None:
        """For Arabic-script output: Persian or Urdu instead of Arabic, else None."""
        if self.target.code != "ar" or not _maybe_persian_or_urdu(mt):
            return None
        if len(LETTER.findall(mt)) < self.options.min_letters:
            return None
        name = _language_name(detect_language(mt))
        return name if name in ("Persian", "Urdu") else None


def _maybe_persian_or_urdu(text: str) -> bool:
    """Cheap test: letters or function words Arabic does not have."""
    return (len(NON_ARABIC_LETTERS.findall(text)) >= 2
            or len(NON_ARABIC_WORDS.intersection(text.split())) >= 2)


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
