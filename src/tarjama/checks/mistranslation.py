"""The `mistranslation` check: meaning that the round trip shows changed (needs a back-translation).

An editor who reads "ضفة إنجلترا" for "the Bank of England" marks a mistranslation: the words
are Arabic and well formed, but they say something else. The back-translation shows it ("the
shore of England"). This check compares the source with the back-translation (`bt`), sentence
pair by sentence pair (tarjama.lang.align), and flags, as major, only what changes meaning:

- negation lost or added: the source negates and the round trip does not (and the Arabic has
  no negation either), or the round trip negates (and so does the Arabic) where the source
  does not; a negative word in its place ("was absent" for "did not attend", "unclear" for
  "not clear") is a paraphrase;
- a named entity of the source (spaCy) missing from bt with another entity in its place ("Manchester" -> "Liverpool"), or with common words in its place ("Bank of
  England" -> "shore of England") when the sentence-embedding similarity of the two (MiniLM,
  tarjama.embeddings) is low; spelling variants of a name, acronyms, and other names of the
  same referent ("Washington" for "the US": tarjama/resources/lexicons/referents.en.yaml) are not changes;
- a word replaced by its opposite ("rose" -> "fell": tarjama/resources/lexicons/opposites.en.yaml).

Back-translations paraphrase, so precision comes first: synonyms, voice, word order and
spelled-out abbreviations are never flagged, and a word swapped for a merely different word
is not flagged either (MiniLM's similarity does not tell "pause"/"truce" from "Bank"/"shore").
Numbers are the number check's: it reads them in `mt` itself, which a round trip cannot beat.

Without torch (tarjama[neural] not installed) the similarity gate is off: the check still
flags negation, opposites and entity-for-entity swaps, and leaves out the divergences that
need the gate (an entity read as common words). The flag's span is the Arabic that the wrong
English comes from when it can be found (a negation particle, a name), else the translated
sentence, or null when the translation's sentences cannot be matched to bt's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal, NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from tarjama.checks.base import Check, CheckOptions
from tarjama.checks.prepared import PreparedSegment
from tarjama.context import RunContext
from tarjama.embeddings import TextSimilarity
from tarjama.errors import ConfigError
from tarjama.flags import Flag
from tarjama.lang.align import STOPWORDS, SentencePair
from tarjama.lang.entities import PERSON, Entity
from tarjama.lang.negation import arabic_negations, english_negations, negative_in_meaning
from tarjama.lang.propernames import STOPWORDS as NOT_NAMES
from tarjama.lang.propernames import fold, load_gazetteer
from tarjama.lang.romanise import arabic_skeleton, latin_skeletons
from tarjama.lang.tokens import Token, word_tokens
from tarjama.lexicons import load_lexicon

DEFAULT_REFERENTS = "referents.en.yaml"
DEFAULT_OPPOSITES = "opposites.en.yaml"
DEFAULT_GAZETTEER = "names.en-ar.yaml"
TITLES_AND_MONTHS = frozenset(
    {
        "sen",
        "rep",
        "gov",
        "pm",
        "mp",
        "mps",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    }
)
"""Abbreviations that are capitalised without being names (NOT_NAMES has the full words)."""
SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|[\"“‘'(]\s*)\Z")
EN_WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['’][A-Za-z]+)?")
CAPITALISED = re.compile(r"\b[A-Z][A-Za-z\u00C0-\u024F'’-]*")
POSSESSIVE = re.compile(r"['’]s$")
FOLDED_WORD = re.compile(r"[a-z0-9\u00C0-\u024F]+(?:['’](?!s\b)[a-z]+)?")
"""EN_WORD in folded text, less a possessive 's."""
REFERENT_FOLD = re.compile(r"^the |[.]|['’]s\b")
AR_ARTICLE = ("وال", "بال", "لل", "فال", "ال", "و", "ب", "ل")
Opcodes = Sequence[tuple[str, int, int, int, int]]
"""difflib's alignment of src and bt words: (tag, src start, src end, bt start, bt end)."""
TIGHT, LOOSE = 2, 4
"""Words that bt may add around what stands in a name's place: common words (the shore of),
or another name ("through the streets of Liverpool" for "through Manchester")."""


class MistranslationOptions(CheckOptions):
    """The similarity gate and the lexicons."""

    similarity: Literal["auto", "on", "off"] = "auto"
    """MiniLM gate: auto (used when tarjama[neural] is installed), on (required), off."""
    max_common_similarity: float = 0.6
    """An entity read as common words is a change only below this similarity."""
    max_entity_similarity: float = 0.8
    """Another entity in an entity's place is a change only below this similarity."""
    person_ratio: float = 75.0
    """rapidfuzz ratio (0-100) from which two spellings are one person's name (names come
    back from Arabic spelt anew: Abdelatty / Abdel Aty)."""
    name_ratio: float = 85.0
    """The same for other names, which come back in their usual English spelling (so that
    Iran and Iraq, 75, stay two names)."""
    referents: str = DEFAULT_REFERENTS
    opposites: str = DEFAULT_OPPOSITES


class Words(NamedTuple):
    """The English words of one sentence: tokens (offsets into the segment's text), their
    folded forms (lower case, accents and a possessive 's off) as a list and as a set, and
    the set of their stems (5-letter prefixes)."""

    tokens: list[Token]
    lows: list[str]
    low_set: frozenset[str]
    stems: frozenset[str]


class Divergence(NamedTuple):
    """One meaning change: what kind, what the source and the round trip say, where in mt."""

    what: str
    source: str
    round_trip: str
    mt_span: tuple[int, int] | None
    source_span: tuple[int, int]


class MistranslationCheck(Check):
    """Flags negation, entities and opposites that the round trip shows changed."""

    name = "mistranslation"
    categories = ("mistranslation",)
    options_model = MistranslationOptions
    options: MistranslationOptions
    needs_entities = True

    def __init__(
        self,
        options: CheckOptions | None = None,
        severity: str | None = None,
        context: RunContext | None = None,
    ) -> None:
        super().__init__(options, severity, context)
        self.referents = referent_groups(self.options.referents)
        self.opposites = opposite_words(self.options.opposites)
        self.gazetteer = load_gazetteer(DEFAULT_GAZETTEER)
        self.similarity = TextSimilarity(self.options.similarity, "the mistranslation check")

    def check_segment(self, segment: PreparedSegment) -> list[Flag]:
        if not segment.bt or segment.bt == segment.src or not self._worth_a_look(segment):
            return []
        return [
            self.flag(
                segment,
                d.mt_span,
                category="mistranslation",
                severity="major",
                message=f'{d.what}: the source says "{d.source}", the round trip '
                f'says "{d.round_trip}"',
                source_span=d.source_span,
            )
            for pair in segment.sentence_pairs
            for d in self._divergences(segment, pair)
        ]

    def _worth_a_look(self, segment: PreparedSegment) -> bool:
        """The cheap test on the whole segment: a negation count that differs, a capitalised
        source word that bt lacks, or a word of an opposite pair on each side."""
        assert segment.bt is not None
        src, bt = folded_words(segment.src), folded_words(segment.bt)
        if len(english_negations(src)) != len(english_negations(bt)):
            return True
        bt_set = frozenset(bt)
        if missing_capitalised(segment.src, bt_set, frozenset(w[:5] for w in bt)):
            return True
        return any(
            a not in bt_set
            and _opposed(a, bt_set, self.opposites.in_place, self.opposites.anywhere)
            for a in set(src)
        )

    def _divergences(self, segment: PreparedSegment, pair: SentencePair) -> list[Divergence]:
        assert segment.bt is not None
        src = english_words(segment.src, pair.src)
        bt = english_words(segment.bt, pair.bt)
        opcodes = SequenceMatcher(None, src.lows, bt.lows, autojunk=False).get_opcodes()
        found = self._negation(segment, pair, src, bt, opcodes)
        found += self._entities(segment, pair, src, bt, opcodes)
        found += self._opposites(segment, pair, src, bt, opcodes)
        return found

    # --- negation ------------------------------------------------------------------------

    def _negation(
        self, segment: PreparedSegment, pair: SentencePair, src: Words, bt: Words, opcodes: Opcodes
    ) -> list[Divergence]:
        src_neg, bt_neg = english_negations(src.lows), english_negations(bt.lows)
        if bool(src_neg) == bool(bt_neg) or not _negations_differ(segment, bool(src_neg)):
            return []
        mt_words = arabic_words(segment.mt, pair.mt)
        mt_neg = arabic_negations([t.text for t in mt_words])
        if src_neg and not negative_in_meaning(bt.lows, src.lows) and not mt_neg:
            first = src_neg[0]
            return [_divergence("negation lost", src, bt, opcodes, first, first + 1, pair.mt)]
        if bt_neg and not negative_in_meaning(src.lows, bt.lows) and mt_neg:
            word = mt_words[mt_neg[0]]
            start = _source_index(opcodes, bt_neg[0])
            return [
                _divergence(
                    "negation added", src, bt, opcodes, start, start + 1, (word.start, word.end)
                )
            ]
        return []

    # --- named entities ------------------------------------------------------------------

    def _entities(
        self, segment: PreparedSegment, pair: SentencePair, src: Words, bt: Words, opcodes: Opcodes
    ) -> list[Divergence]:
        """Entities replaced in the round trip. The tagger (milliseconds a sentence) runs
        only when a capitalised source word is replaced by new words in bt, and is neither
        spelt anew there nor an acronym or another name of something bt names."""
        assert segment.bt is not None
        candidates = self._replaced_capitals(segment, src, bt, opcodes)
        if not candidates:
            return []
        inside = [
            e
            for e in segment.src_entities_in(pair.src)
            if any(e.start <= c < e.end for c in candidates)
        ]
        found = [self._entity(segment, pair, entity, src, bt, opcodes) for entity in inside]
        return [divergence for divergence in found if divergence is not None]

    def _replaced_capitals(
        self, segment: PreparedSegment, src: Words, bt: Words, opcodes: Opcodes
    ) -> list[int]:
        """Offsets of the capitalised source words that bt replaced with words of its own."""
        assert segment.bt is not None
        found = []
        for tag, i1, i2, j1, j2 in opcodes:
            new = [w for w in bt.lows[j1:j2] if _content(w) and w[:5] not in src.stems]
            if tag == "equal" or not new:
                continue
            for i in range(i1, i2):
                token, low = src.tokens[i], src.lows[i]
                if (
                    self._may_be_name(segment.src, src, i)
                    and low[:5] not in bt.stems
                    and not self._in_bt(low, bt, self.options.name_ratio)
                    and not any(_spelt_alike(low, other) for other in bt.low_set)
                    and not self._named_otherwise(token.text, segment.bt)
                ):
                    found.append(token.start)
        return found

    def _may_be_name(self, text: str, words: Words, i: int) -> bool:
        """Whether word `i` can be (part of) a name: capitalised, not a function word, title,
        month or demonym, and, at the start of a sentence, followed by another capitalised
        word or known as a name ("Iran said", not "Troops fired")."""
        token, low = words.tokens[i], words.lows[i]
        if not token.text[:1].isupper() or not _content(low):
            return False
        if re.split("['’]", low)[0] in NOT_NAMES or low in TITLES_AND_MONTHS:
            return False
        if not SENTENCE_START.search(text, 0, token.start):
            return True
        following = words.tokens[i + 1].text if i + 1 < len(words.tokens) else ""
        return (
            following[:1].isupper()
            or referent_key(low) in self.referents
            or low in self.gazetteer.by_english
        )

    def _named_otherwise(self, word: str, bt_text: str) -> bool:
        """Whether bt spells out `word` as an acronym, or names its referent otherwise."""
        group = self.referents.get(referent_key(word))
        return _acronym_match(word, bt_text) or (
            group is not None and any(_mentions(bt_text, name) for name in group)
        )

    def _entity(
        self,
        segment: PreparedSegment,
        pair: SentencePair,
        entity: Entity,
        src: Words,
        bt: Words,
        opcodes: Opcodes,
    ) -> Divergence | None:
        assert segment.bt is not None
        if self._covered(entity, bt, segment.bt[slice(*pair.bt)]):
            return None
        first, last = _token_range(src.tokens, entity.start, entity.end)
        if not _tight(opcodes, first, last, LOOSE):
            return None  # reworded around the name: what stands in its place is unclear
        window = _window(opcodes, first, last)
        new = [
            i
            for i in range(*window)
            if _content(bt.lows[i])
            and bt.lows[i] not in src.low_set
            and bt.lows[i][:5] not in src.stems
        ]
        if not new:
            return None  # dropped, not replaced: an omission, not a mistranslation
        said = _text(segment.bt, bt.tokens, *window)
        rival = self._rival(segment, src, bt, window)
        if rival is not None:
            if _spelt_alike(entity.text, rival):
                return None  # one name spelt anew from the Arabic: the names checks' business
            score = self.similarity(entity.text, rival)
            if score is not None and score >= self.options.max_entity_similarity:
                return None
            return Divergence(
                "a different name",
                entity.text,
                said,
                self._arabic_name(segment, pair, rival) or pair.mt,
                (entity.start, entity.end),
            )
        if not _tight(opcodes, first, last, TIGHT):
            return None  # more words than a name's worth: what reads as the name is unclear
        if any(bt.tokens[i].text[:1].isupper() for i in new):
            return None  # a name in the name's place, not an entity: the names checks' business
        score = self.similarity(entity.text, said)
        if score is None or score >= self.options.max_common_similarity:
            return None  # without the gate, common words in a name's place are not judged
        return Divergence("meaning changed", entity.text, said, pair.mt, (entity.start, entity.end))

    def _covered(self, entity: Entity, bt: Words, bt_text: str) -> bool:
        """Whether bt names `entity`: its words (or, for a person, one of them), a spelling
        variant, its acronym or expansion, or another name of the same referent."""
        words = [w for w in english_words(entity.text).lows if _content(w)]
        if not words:
            return True
        ratio = self.options.person_ratio if entity.kind == PERSON else self.options.name_ratio
        present = [self._in_bt(w, bt, ratio) for w in words]
        if all(present) or (entity.kind == PERSON and any(present)):
            return True
        if _acronym_match(entity.text, bt_text):
            return True
        group = self.referents.get(referent_key(entity.text))
        return group is not None and any(_mentions(bt_text, name) for name in group)

    @staticmethod
    def _in_bt(word: str, bt: Words, ratio: float) -> bool:
        """Whether bt has `word`, its stem, or a spelling of it (one word, or two joined)."""
        if word in bt.low_set or word[:5] in bt.stems:
            return True
        joined = [a + b for a, b in zip(bt.lows, bt.lows[1:], strict=False)]
        return any(
            fuzz.ratio(word, other) >= ratio for other in (*bt.low_set, *joined) if len(other) >= 3
        )

    def _rival(
        self, segment: PreparedSegment, src: Words, bt: Words, window: tuple[int, int]
    ) -> str | None:
        """The first run of capitalised words in bt's `window` that the source does not name:
        another name in the name's place (no tagger: which kind of name it is does not matter,
        and the small tagger calls Manchester a person as readily as a place)."""
        run: list[Token] = []
        for i in range(*window):
            token, low = bt.tokens[i], bt.lows[i]
            if token.text[:1].isupper() and low not in NOT_NAMES and _content(low):
                run.append(token)
            elif run:
                break
        if not run:
            return None
        name = segment.bt[run[0].start : run[-1].end]  # type: ignore[index]
        names = english_words(name).lows
        if any(
            self._in_bt(w, src, self.options.name_ratio) for w in names
        ) or self._named_otherwise(name, segment.src):
            return None
        return name

    def _arabic_name(
        self, segment: PreparedSegment, pair: SentencePair, name: str
    ) -> tuple[int, int] | None:
        """The Arabic word in the pair's translated sentence that spells `name` (its last
        word's consonant skeleton), if one does."""
        words = english_words(name).lows
        if not words or pair.mt is None:
            return None
        wanted = {s.consonants for s in latin_skeletons(words[-1])}
        for token in arabic_words(segment.mt, pair.mt):
            if not wanted.isdisjoint(_arabic_consonants(token.text)):
                return token.start, token.end
        return None

    # --- opposites -----------------------------------------------------------------------

    def _opposites(
        self, segment: PreparedSegment, pair: SentencePair, src: Words, bt: Words, opcodes: Opcodes
    ) -> list[Divergence]:
        """Words swapped for their opposites: in place (the same changed block), or, for
        exclusive words, anywhere in the pair; neither word on the other side at all."""
        found = []
        for tag, i1, i2, j1, j2 in opcodes:
            for i in range(i1, i2) if tag != "equal" else ():
                word = src.lows[i]
                if word in bt.low_set:
                    continue
                in_place = bt.lows[j1:j2] if tag == "replace" else ()
                what, rivals = "meaning reversed", _opposed(word, in_place, self.opposites.in_place)
                if not rivals:
                    what, rivals = (
                        "meaning changed",
                        _opposed(word, bt.low_set, self.opposites.anywhere),
                    )
                if rivals and rivals.isdisjoint(src.low_set):
                    k = next(j for j, low in enumerate(bt.lows) if low in rivals)
                    found.append(
                        Divergence(
                            what,
                            _quote(src, i),
                            _quote(bt, k),
                            pair.mt,
                            (src.tokens[i].start, src.tokens[i].end),
                        )
                    )
        return found


# --- words -------------------------------------------------------------------------------


def english_words(text: str, span: tuple[int, int] | None = None) -> Words:
    """The words of `text[span]` (all of it by default), offsets into `text`."""
    start, end = span if span is not None else (0, len(text))
    tokens = [Token(m.group(), m.start(), m.end()) for m in EN_WORD.finditer(text, start, end)]
    lows = [POSSESSIVE.sub("", fold(t.text)) for t in tokens]
    return Words(tokens, lows, frozenset(lows), frozenset(w[:5] for w in lows))


def arabic_words(mt: str, span: tuple[int, int] | None) -> list[Token]:
    """The words of the translated sentence (of all of `mt` when its span is unknown)."""
    start, end = span if span is not None else (0, len(mt))
    return [Token(t.text, t.start + start, t.end + start) for t in word_tokens(mt[start:end])]


def folded_words(text: str) -> list[str]:
    """The words of `text` as `english_words` folds them, without their offsets (fast)."""
    return FOLDED_WORD.findall(fold(text))


def missing_capitalised(src: str, bt_words: frozenset[str], bt_stems: frozenset[str]) -> bool:
    """Whether a capitalised word of `src` that can be a name is missing from bt (its folded
    words and their stems), stem and all."""
    for match in CAPITALISED.finditer(src):
        word = POSSESSIVE.sub("", fold(match.group()))
        if (
            word not in NOT_NAMES
            and _content(word)
            and word not in bt_words
            and word[:5] not in bt_stems
        ):
            return True
    return False


def _opposed(
    word: str, others: Iterable[str], *indexes: dict[str, frozenset[str]]
) -> frozenset[str]:
    """The words of `others` opposed to `word` in one of `indexes` (empty when none is)."""
    found: frozenset[str] = frozenset()
    for index in indexes:
        if word in index:
            found |= index[word].intersection(others)
    return found


def _content(word: str) -> bool:
    return len(word) > 1 and word not in STOPWORDS and not word.isdigit()


def _token_range(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int]:
    """The indices [first, last) of the tokens inside [start, end)."""
    inside = [i for i, t in enumerate(tokens) if start <= t.start and t.end <= end]
    return (inside[0], inside[-1] + 1) if inside else (0, 0)


def _window(
    opcodes: Sequence[tuple[str, int, int, int, int]], first: int, last: int
) -> tuple[int, int]:
    """The bt token range [start, end) that the source tokens [first, last) became."""
    starts, ends = [], []
    for tag, i1, i2, j1, j2 in opcodes:
        if i2 <= first or last <= i1 or (i1 == i2 and not first <= i1 <= last):
            continue
        if tag == "equal":
            starts.append(j1 + max(first, i1) - i1)
            ends.append(j1 + min(last, i2) - i1)
        else:
            starts.append(j1)
            ends.append(j2)
    return (min(starts), max(ends)) if starts else (0, 0)


def _spelt_alike(name: str, other: str) -> bool:
    """Whether `other` is `name` as Arabic spelling brings a name back: a word of each whose
    consonant skeletons (of at least three consonants) are one edit apart (Dushko / Doko)."""
    mine = {
        s.consonants
        for w in english_words(name).lows
        for s in latin_skeletons(w)
        if len(s.consonants) >= 3
    }
    theirs = {s.consonants for w in english_words(other).lows for s in latin_skeletons(w)}
    return any(Levenshtein.distance(a, b) <= 1 for a in mine for b in theirs)


def _negations_differ(segment: PreparedSegment, src_more: bool) -> bool:
    """Whether the whole source has more negations than the whole bt (`src_more`), or fewer:
    a negation that only moved to a neighbouring sentence is not lost."""
    assert segment.bt is not None
    src = len(english_negations(folded_words(segment.src)))
    bt = len(english_negations(folded_words(segment.bt)))
    return src > bt if src_more else src < bt


def _tight(
    opcodes: Sequence[tuple[str, int, int, int, int]], first: int, last: int, more: int
) -> bool:
    """Whether the changes that touch source tokens [first, last) stay about that size: at
    most one changed source word outside it, and at most `more` more words on the bt side."""
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal" or i2 <= first or last <= i1:
            continue
        outside = (i2 - i1) - (min(last, i2) - max(first, i1))
        if outside > 1 or (j2 - j1) > (i2 - i1) + more:
            return False
    return True


def _source_index(opcodes: Sequence[tuple[str, int, int, int, int]], j: int) -> int:
    """The source token that bt token `j` stands for (the first of its opcode's block)."""
    for tag, i1, i2, j1, j2 in opcodes:
        if j1 <= j < j2:
            return i1 + (j - j1 if tag == "equal" else 0)
    return 0


def _divergence(
    what: str,
    src: Words,
    bt: Words,
    opcodes: Sequence[tuple[str, int, int, int, int]],
    first: int,
    last: int,
    mt_span: tuple[int, int] | None,
) -> Divergence:
    """A divergence at source tokens [first, last), quoted with a word of context each side."""
    first, last = max(0, first - 1), min(len(src.tokens), last + 2)
    window = _window(opcodes, first, last)
    source_span = (src.tokens[first].start, src.tokens[last - 1].end)
    return Divergence(what, _text_of(src, first, last), _text_of(bt, *window), mt_span, source_span)


def _quote(words: Words, i: int) -> str:
    """Word `i` with a word of context each side."""
    return _text_of(words, max(0, i - 1), min(len(words.tokens), i + 2))


def _text_of(words: Words, first: int, last: int) -> str:
    if first >= last:
        return ""
    return " ".join(t.text for t in words.tokens[first:last])


def _text(text: str, tokens: Sequence[Token], first: int, last: int) -> str:
    return text[tokens[first].start : tokens[last - 1].end] if first < last else ""


def _acronym_match(name: str, text: str) -> bool:
    """Whether `name` is an acronym spelled out in `text` ("UN" / "United Nations"), or the
    reverse."""
    initials = "".join(w[0] for w in folded_words(text) if w not in STOPWORDS)
    letters = name.replace(".", "")
    if letters.endswith("s") and letters[:-1].isupper():
        letters = letters[:-1]  # a plural acronym: MPs
    if letters.isupper() and len(letters) >= 2 and letters.lower() in initials:
        return True
    name_initials = "".join(w[0] for w in CAPITALISED.findall(name) if fold(w) not in STOPWORDS)
    return (
        len(name_initials) >= 2
        and re.search(rf"\b{name_initials}\b", text.replace(".", "")) is not None
    )


def _mentions(text: str, name: str) -> bool:
    return re.search(rf"\b{re.escape(name)}\b", REFERENT_FOLD.sub("", fold(text))) is not None


def _arabic_consonants(word: str) -> set[str]:
    """The consonant skeletons of an Arabic word as it is and without each proclitic or
    article it may begin with (ليفربول is a name, not ل + يفربول)."""
    forms = [word] + [
        word[len(a) :] for a in AR_ARTICLE if word.startswith(a) and len(word) - len(a) >= 3
    ]
    return {arabic_skeleton(form).consonants for form in forms}


# --- lexicons ----------------------------------------------------------------------------


def referent_key(name: str) -> str:
    """A name as the referents lexicon keys it: lower case, accents, full stops, a leading
    "the" and a possessive 's off."""
    return REFERENT_FOLD.sub("", fold(name.strip())).strip()


@lru_cache(maxsize=8)
def referent_groups(name: str) -> dict[str, frozenset[str]]:
    """Name → every name of its referent (keyed and listed by `referent_key`)."""
    data = load_lexicon(name)
    groups = data.get("referents") if isinstance(data, dict) else None
    if not isinstance(groups, list) or not all(isinstance(g, list) for g in groups):
        raise ConfigError("a referents lexicon needs a 'referents:' list of lists", name)
    index: dict[str, frozenset[str]] = {}
    for group in groups:
        names = frozenset(referent_key(str(n)) for n in group)
        for key in names:
            index[key] = index.get(key, frozenset()) | names
    return index


class Opposites(NamedTuple):
    """Word → the words of opposite meaning: `in_place` (a swap counts where one word stands
    in the other's place) and `anywhere` (exclusive words: a swap counts anywhere)."""

    in_place: dict[str, frozenset[str]]
    anywhere: dict[str, frozenset[str]]


@lru_cache(maxsize=8)
def opposite_words(name: str) -> Opposites:
    """The opposites lexicon (see tarjama/resources/lexicons/opposites.en.yaml), indexed by word."""
    data = load_lexicon(name)
    if not isinstance(data, dict):
        raise ConfigError("an opposites lexicon needs 'opposites:' and 'exclusive:' lists", name)
    return Opposites(
        _opposed_index(data.get("opposites") or [], name),
        _opposed_index(data.get("exclusive") or [], name),
    )


def _opposed_index(entries: object, name: str) -> dict[str, frozenset[str]]:
    """Word → the words of every other side of its entries."""
    if not isinstance(entries, list) or not all(
        isinstance(e, list) and len(e) >= 2 and all(isinstance(s, list) for s in e) for e in entries
    ):
        raise ConfigError("each entry of an opposites lexicon is a list of sides", name)
    index: dict[str, frozenset[str]] = {}
    for sides in entries:
        for n, side in enumerate(sides):
            others = {str(w) for m, other in enumerate(sides) if m != n for w in other}
            for word in side:
                index[str(word)] = index.get(str(word), frozenset()) | others
    return index
