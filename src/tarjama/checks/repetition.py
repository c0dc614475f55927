"""The repetition check: words, phrases and sentences the MT says twice.

Within a segment: a word or an n-gram immediately repeated ("الجانبان الجانبان"), the
classic failure of a decoder that loops. Within a document: a sentence that appears twice
(news standfirsts legitimately restate a paragraph, so only repeats exact up to spacing
count, only when the source does not repeat itself there, and only as minor).
"""

from __future__ import annotations

import itertools
import operator
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from tarjama.checks.base import Check, CheckOptions
from tarjama.data import Segment
from tarjama.flags import Flag
from tarjama.lang.ar import normalise
from tarjama.lang.tokens import WORD
from tarjama.memo import Memo

# Reduplications Arabic uses on purpose ("step by step", "little by little", "no, no").
ALLOWED_DOUBLES = frozenset(normalise(w) for w in (
    "رويدا", "شيئا", "قليلا", "خطوة", "يوما", "حرفا", "واحدا", "سطرا", "بيتا", "شبرا",
    "لا", "نعم", "كلا", "جدا", "مرارا", "تكرارا", "دواليك", "بين",
))
# Whitespace after a closing mark, or a run of line breaks: `(?<=[.!?؟])\s+|\n+` written to
# start with \s, which lets the regex engine skip ahead to the next space (twice as fast).
SENTENCE_END = re.compile(r"\s(?:(?<=[.!?؟]\s)\s*|(?<=\n)\n*)")
MARK_SPACES = tuple((mark + " ", mark + "\n") for mark in ".!?؟")  # see _sentence_keys
WORD_PIECES = re.compile(f"({WORD.pattern})")  # splits text into words and what lies between
SAME_SENTENCE = 80  # rapidfuzz ratio above which two source sentences say the same thing
# Punctuation and diacritics (neither is \w): what the cheap pre-test ignores. One character
# per match: faster than a run (`+`), with the same result.
GATE_STRIP = re.compile(r"[^\w\s]")
# The normalisation steps that the pre-test still needs after GATE_STRIP (which took the
# diacritics; digits are never words here).
GATE_STEPS = ("tatweel", "alef", "hamza", "yaa", "taa")


def _gate_key(token: str) -> str:
    """A whitespace-separated token's pre-test key: GATE_STRIP, then GATE_STEPS. Both steps
    map each character alone and never make or take whitespace, so the keys of a text are
    those of its tokens, less the empty ones."""
    return normalise(GATE_STRIP.sub("", token), GATE_STEPS)


_GATE_KEY: Memo[str, str] = Memo(_gate_key, limit=100_000)  # per word, remembered


class RepetitionOptions(CheckOptions):
    max_ngram: int = 6
    min_sentence_words: int = 6


class RepetitionCheck(Check):
    """Flags immediately repeated words and phrases, and sentences repeated in a document."""

    name = "repetition"
    categories = ("repetition",)
    options_model = RepetitionOptions

    def check_segment(self, segment: Segment) -> list[Flag]:
        # The cheap pre-test on the words as the keys below compare them (normalised: a word
        # written once with hamza and once without is still doubled), looked up per token.
        gate_keys = list(filter(None, map(_GATE_KEY.__getitem__, segment.mt.split())))
        if not _repeat_starts(gate_keys, self.options.max_ngram):
            return []
        # word tokens (see lang.tokens) at the odd places, the text between them at the even
        pieces = WORD_PIECES.split(segment.mt)
        keys = normalise("\x00".join(pieces[1::2])).split("\x00")
        flags, i = [], 0
        # Only where an n-gram is followed by itself can a repeat start; elsewhere _repeat_at
        # finds nothing, and the scan moves on by one token.
        for start in sorted(_repeat_starts(keys, self.options.max_ngram)):
            if start < i:
                continue  # inside a repeat already flagged
            found = self._repeat_at(pieces, keys, start)
            if found is None:
                continue
            n, copies = found
            if n > 1 or not _source_repeats(segment.src):
                flags.append(self._segment_flag(segment, pieces, start, n, copies))
            i = start + n * copies
        return flags

    def _repeat_at(self, pieces: list[str], keys: list[str], i: int) -> tuple[int, int] | None:
        """(n, copies) for the shortest n-gram starting at i that is immediately repeated."""
        for n in range(1, min(self.options.max_ngram, (len(keys) - i) // 2) + 1):
            # (the text between token i + n - 1 and the next is pieces[2 * (i + n)])
            if keys[i:i + n] != keys[i + n:i + 2 * n] or not pieces[2 * (i + n)].isspace():
                continue
            if n == 1 and keys[i] in ALLOWED_DOUBLES or not any(map(_is_word, keys[i:i + n])):
                return None
            copies = 2
            while keys[i:i + n] == keys[i + copies * n:i + (copies + 1) * n]:
                copies += 1
            return n, copies
        return None

    def _segment_flag(self, segment: Segment, pieces: list[str], i: int, n: int,
                      copies: int) -> Flag:
        ends = list(itertools.accumulate(map(len, pieces)))  # token k ends at ends[2 * k + 1]
        first_copy_end = ends[2 * (i + n) - 1]
        span = (first_copy_end, ends[2 * (i + copies * n) - 1])
        # the span is the repeated copy (with the space before it): what an editor deletes
        unit = "word" if n == 1 else f"{n}-word phrase"
        severity = "major" if copies > 2 or n >= 4 else "minor"
        message = f"{unit} '{segment.mt[ends[2 * i]:first_copy_end]}' repeated {copies} times in a row"
        return self.flag(segment, span, category="repetition", severity=severity,
                       message=message)

    def check_document(self, segments: Sequence[Segment]) -> list[Flag]:
        min_words = self.options.min_sentence_words
        keys = [_sentence_keys(segment.mt, min_words) for segment in segments]
        counts = Counter(itertools.chain.from_iterable(keys))
        repeated = {key for key, count in counts.items() if count > 1}
        seen: dict[str, Segment] = {}
        flags = []
        for segment, segment_keys in zip(segments, keys, strict=True):
            if repeated.isdisjoint(segment_keys):
                continue  # every sentence here comes once (the usual case)
            repeats = []  # (index of the sentence, the segment it repeats)
            for index, key in enumerate(segment_keys):
                if key not in repeated:
                    continue
                if key not in seen:
                    seen[key] = segment
                elif not _source_repeats_sentence(seen[key].src, segment.src,
                                                  same=seen[key] is segment):
                    repeats.append((index, seen[key]))
            if repeats:  # spans only now: _sentences is slower than _sentence_keys
                sentences = _sentences(segment.mt, min_words)
                flags += [self._document_flag(segment, sentences[index], first)
                          for index, first in repeats]
        return flags

    def _document_flag(self, segment: Segment, sentence: tuple[int, int, str],
                       first: Segment) -> Flag:
        return self.flag(segment, sentence[:2], category="repetition", severity="minor",
                       message=f"sentence repeats one in segment {first.id}; the source does not")


def _repeat_starts(keys: list[str], max_ngram: int) -> set[int]:
    """Where an n-gram (n <= max_ngram) starts that is immediately followed by itself."""
    starts: set[int] = set()
    if len(set(keys)) == len(keys):
        return starts  # no word comes twice (often so): nothing can repeat
    positions: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        earlier = positions.get(key)
        if earlier is None:
            positions[key] = [i]
            continue
        for j in earlier[-max_ngram:]:
            if i - j <= max_ngram and keys[j:i] == keys[i:2 * i - j]:
                starts.add(j)
        earlier.append(i)
    return starts


def _is_word(key: str) -> bool:
    return len(key) > 1 and not key.isdigit()


def _source_repeats(src: str) -> bool:
    """Whether the source itself doubles a word ("very, very", "no no")."""
    words = list(map(str.strip, src.lower().split(), itertools.repeat(",.!?;:")))
    return any(map(operator.eq, words, words[1:]))


def _sentences(text: str, min_words: int) -> list[tuple[int, int, str]]:
    """(start, end, key) of each sentence of at least `min_words` words.

    The key ignores spacing and the closing mark; it is deliberately exact otherwise (a
    looping decoder repeats itself verbatim, and near-repeats are often legitimate).
    """
    out, start = [], 0
    for match in [*SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        words = text[start:end].split()
        if len(words) >= min_words:
            out.append((start, end, " ".join(words).rstrip(".!?؟")))
        start = match.end() if match else end
    return out


def _sentence_keys(text: str, min_words: int) -> list[str]:
    """The keys of `_sentences(text, min_words)`, found faster (without their spans)."""
    stripped = text.strip()
    if not stripped.isprintable() or "  " in stripped or min_words < 1:
        return [" ".join(words).rstrip(".!?؟") for words in map(str.split, SENTENCE_END.split(text))
                if len(words) >= min_words]
    text = stripped
    # The usual text: no whitespace but single spaces (other whitespace is unprintable). Its
    # sentences end at a mark followed by a space, found by str methods rather than a regex,
    # and each is its own key (but for the closing mark), of one more word than spaces.
    for end, line_break in MARK_SPACES:
        if end in text:
            text = text.replace(end, line_break)
    spaces = min_words - 1
    return [piece.rstrip(".!?؟") for piece in text.split("\n") if piece.count(" ") >= spaces and piece]


@lru_cache(maxsize=256)
def _source_keys(src: str) -> tuple[str, ...]:
    """The sentence keys of a source (lower case), cached: a document asks for the same ones."""
    return tuple(_sentence_keys(src.lower(), 1))


def _source_repeats_sentence(first_src: str, src: str, same: bool) -> bool:
    """Whether the source also says a sentence twice there (then the MT repeat is faithful)."""
    # An exact repeat (ratio 100, the usual case) is found by a set, without rapidfuzz.
    first = _source_keys(first_src)
    if same:
        return len(set(first)) < len(first) or any(
            fuzz.ratio(a, b) >= SAME_SENTENCE for i, a in enumerate(first) for b in first[i + 1:])
    later = _source_keys(src)
    return not set(first).isdisjoint(later) or any(
        fuzz.ratio(a, b) >= SAME_SENTENCE for a in first for b in later)
