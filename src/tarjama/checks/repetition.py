"""The repetition check: words, phrases and sentences the MT says twice.

Within a segment: a word or an n-gram immediately repeated ("الجانبان الجانبان", "the two sides
the two sides"), the classic failure of a decoder that loops. Not every doubled word is one:
- an acronym spelt letter by letter doubles a letter's name: CNN → سي إن إن, BBC → بي بي سي,
  PBS → بي بي إس (P and B are both بي);
- the source doubles a name itself: Walla Walla → والا والا, Sirhan Sirhan → سرحان سرحان,
  Baden-Baden → بادن بادن (told by the name's consonants);
- Arabic reduplicates on purpose: رويداً رويداً (little by little), خطوةً خطوةً (step by
  step), لا لا (no, no), and any doubled indefinite accusative, the distributive "X by X".
A doubled word that none of these explains is still flagged, even where the source doubles
another word.

Within a document: a sentence that appears twice (news standfirsts legitimately restate a
paragraph, so only repeats exact up to spacing count, only when the source does not repeat
itself there, and only as minor).

Severity (MQM): a doubled word or phrase is a minor fluency slip, since the reader still
understands; a loop (three copies or more) is major, as the text has stopped making sense.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from rapidfuzz import fuzz

from tarjama.checks.base import Check, CheckOptions
from tarjama.checks.prepared import PreparedSegment
from tarjama.flags import Flag
from tarjama.lang import ar, en
from tarjama.lang.romanise import arabic_skeleton, latin_skeletons
from tarjama.lang.tokens import WORD, Token, word_tokens

# Words Arabic doubles on purpose, written without the tanween that marks most of them:
# "little by little", "bit by bit", "step by step", "day by day", "letter by letter", "one by
# one", "line by line", "house by house", "inch by inch", "word by word", "point by point";
# "no, no", "yes, yes", "not at all"; "very, very"; "again and again"; "so-so" (بين بين).
ALLOWED_DOUBLES = frozenset(
    ar.normalise(word)
    for word in (
        "رويدا",
        "شيئا",
        "قليلا",
        "خطوة",
        "يوما",
        "حرفا",
        "واحدا",
        "سطرا",
        "بيتا",
        "شبرا",
        "كلمة",
        "نقطة",
        "لا",
        "نعم",
        "كلا",
        "جدا",
        "مرارا",
        "دواليك",
        "بين",
    )
)
TANWEEN_FATH = "\u064b"  # ً: the indefinite accusative, which the distributive doubling uses
SAME_SENTENCE = 80  # rapidfuzz ratio above which two source sentences say the same thing


class RepetitionOptions(CheckOptions):
    max_ngram: int = 6
    min_sentence_words: int = 6


class RepetitionCheck(Check):
    """Flags immediately repeated words and phrases, and sentences repeated in a document."""

    name = "repetition"
    categories = ("repetition",)
    options_model = RepetitionOptions
    options: RepetitionOptions

    def check_segment(self, segment: PreparedSegment) -> list[Flag]:
        if not _repeat_starts(WORD.findall(segment.mt_norm), self.options.max_ngram):
            return []  # no n-gram of the normalised words is followed by itself (the usual case)
        # Something repeats: the same words again, located in `mt` this time.
        tokens = word_tokens(segment.mt)
        keys = ar.normalise("\x00".join(token.text for token in tokens)).split("\x00")
        excused = _Excuses(segment.src)
        flags, reach = [], 0  # reach: the end of the repeats flagged so far, in tokens
        for start in sorted(_repeat_starts(keys, self.options.max_ngram)):
            found = self._repeat_at(segment.mt, tokens, keys, start) if start >= reach else None
            if found is None:
                continue
            n, copies = found
            reach = start + n * copies
            if not excused.doubling(tokens[start:reach], keys[start:reach]):
                flags.append(self._segment_flag(segment, tokens, start, n, copies))
        return flags

    def _repeat_at(
        self, mt: str, tokens: list[Token], keys: list[str], i: int
    ) -> tuple[int, int] | None:
        """(n, copies) for the shortest n-gram starting at token i that is immediately
        repeated, with only spaces between the copies; None when there is none."""
        for n in range(1, min(self.options.max_ngram, (len(keys) - i) // 2) + 1):
            between = mt[tokens[i + n - 1].end : tokens[i + n].start]
            if keys[i : i + n] != keys[i + n : i + 2 * n] or not between.isspace():
                continue
            if not any(map(_is_word, keys[i : i + n])):
                return None  # numbers or single letters side by side
            copies = 2
            while keys[i : i + n] == keys[i + copies * n : i + (copies + 1) * n]:
                copies += 1
            return n, copies
        return None

    def _segment_flag(
        self, segment: PreparedSegment, tokens: list[Token], i: int, n: int, copies: int
    ) -> Flag:
        # the span is the repeated copies (with the space before them): what an editor deletes
        first_end = tokens[i + n - 1].end
        span = (first_end, tokens[i + copies * n - 1].end)
        unit = "word" if n == 1 else f"{n}-word phrase"
        severity = "major" if copies > 2 else "minor"
        message = (
            f"{unit} '{segment.mt[tokens[i].start : first_end]}' repeated {copies} times in a row"
        )
        return self.flag(segment, span, category="repetition", severity=severity, message=message)

    def check_document(self, segments: Sequence[PreparedSegment]) -> list[Flag]:
        min_words = self.options.min_sentence_words
        sentences = [_sentences(segment.mt, min_words) for segment in segments]
        counts = Counter(key for found in sentences for *_, key in found)
        seen: dict[str, PreparedSegment] = {}
        flags = []
        for segment, found in zip(segments, sentences, strict=True):
            for start, end, key in found:
                if counts[key] < 2:
                    continue  # the usual case: the sentence comes once
                if key not in seen:
                    seen[key] = segment  # the first time it is said
                    continue
                first = seen[key]
                if not _source_repeats_sentence(first.src, segment.src, same=first is segment):
                    flags.append(
                        self.flag(
                            segment,
                            (start, end),
                            category="repetition",
                            severity="minor",
                            message=f"sentence repeats one in segment {first.id}; the source does not",
                        )
                    )
        return flags


def _repeat_starts(keys: list[str], max_ngram: int) -> set[int]:
    """Where an n-gram (n <= max_ngram) starts that is immediately followed by itself."""
    starts: set[int] = set()
    for n in range(1, max_ngram + 1):
        if not any(map(operator.eq, keys, keys[n:])):
            continue  # no word comes again n words on, so no n-gram does (the usual case)
        starts.update(
            i for i in range(len(keys) - 2 * n + 1) if keys[i : i + n] == keys[i + n : i + 2 * n]
        )
    return starts


def _is_word(key: str) -> bool:
    return len(key) > 1 and not key.isdigit()


class _Excuses:
    """What explains a doubled word in the MT of one source: the source's acronyms spelt out,
    and the names the source doubles itself, transliterated or kept in Latin script (each
    excuses one doubled word)."""

    def __init__(self, src: str) -> None:
        self.letter_pairs = _doubled_letter_names(src)
        self.source_doubles = [
            {word.lower()} | {s.consonants for s in latin_skeletons(word)}
            for word in en.repeated_words(src)
        ]

    def doubling(self, tokens: list[Token], keys: list[str]) -> bool:
        """Whether a repeat (its tokens and their keys) is not a decoder's loop."""
        if len(keys) != 2:
            return False  # phrases and loops are never on purpose
        if keys[0] in ALLOWED_DOUBLES or all(map(_distributive, tokens)):
            return True  # Arabic reduplication
        if keys[0] in self.letter_pairs:
            return True  # an acronym spelt letter by letter
        word = tokens[0].text
        forms = {word.lower(), arabic_skeleton(word).consonants} - {""}
        for index, source_double in enumerate(self.source_doubles):
            if not forms.isdisjoint(source_double):
                del self.source_doubles[index]
                return True  # a name the source doubles
        return False


def _distributive(token: Token) -> bool:
    """Whether a word carries the tanween of the indefinite accusative (خطوةً، رويداً، رويدًا)."""
    return token.text.endswith((TANWEEN_FATH, TANWEEN_FATH + "ا"))


def _doubled_letter_names(src: str) -> frozenset[str]:
    """The letter names that the source's acronyms say twice in a row when spelt out in
    Arabic: إن for CNN, بي for BBC and for PBS (P and B are both بي)."""
    names: set[str] = set()
    for letters in en.acronyms(src):
        for a, b in pairwise(letters):
            names |= ar.letter_names(a) & ar.letter_names(b)
    return frozenset(names)


def _sentences(text: str, min_words: int) -> list[tuple[int, int, str]]:
    """(start, end, key) of each sentence of at least `min_words` words.

    The key ignores spacing and the closing mark; it is deliberately exact otherwise (a
    looping decoder repeats itself verbatim, and near-repeats are often legitimate).
    """
    found = []
    for start, end in ar.sentence_spans(text):
        words = text[start:end].split()
        if len(words) >= min_words:
            found.append((start, end, " ".join(words).rstrip(".!?؟")))
    return found


def _source_repeats_sentence(first_src: str, src: str, same: bool) -> bool:
    """Whether the source also says a sentence twice there (then the MT repeat is faithful)."""
    first = _source_sentences(first_src)
    if same:
        return any(
            fuzz.ratio(a, b) >= SAME_SENTENCE for i, a in enumerate(first) for b in first[i + 1 :]
        )
    return any(fuzz.ratio(a, b) >= SAME_SENTENCE for a in first for b in _source_sentences(src))


def _source_sentences(src: str) -> list[str]:
    return [" ".join(src[start:end].lower().split()) for start, end in en.sentence_spans(src)]
