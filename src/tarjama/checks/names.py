"""The name checks: `name-transliteration` (a source name misspelt, or missing, in the Arabic)
and `name-inconsistency` (one source name spelt two ways in a document).

Each name in `src` (tarjama.lang.propernames) is looked for in `mt`, in this order: an
established Arabic form from the gazetteer (or a derived word: "الأمريكي" for US); a copy
left in Latin script (the `untranslated` check's flag, but still a rendering); an Arabic word
whose consonant skeleton (tarjama.lang.romanise) equals the name's; an Arabic word whose
skeleton is close to it — a misspelling ("هاكان فيان" for Hakan Fidan). Close words count
only next to another word of the same name that does match ("هاكان"), or, for a one-word name,
when they are very close; this keeps ordinary Arabic words from passing for misspelt names.
A gazetteer name of several words is also compared word by word: its form with one word
misspelt ("شي جين بينع", "محمود عياش") is flagged with the accepted form as the suggestion.
Arabic proclitics (و ف ب ك ل ال and their combinations, romanise.AR_PROCLITICS) are taken off
before any comparison, so "وبفلسطين" is Palestine, not a misspelling of it.

Consistency: one spelling per document. Two accepted spellings of a name (ميرتس / ميرز) in
one document are an inconsistency (minor, on the minority spelling); only accepted forms
that are different words (بريطانيا / المملكة المتحدة) are not.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain, count, islice, repeat
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from tarjama.checks.base import Check, CheckOptions
from tarjama.checks.prepared import PreparedSegment
from tarjama.context import RunContext
from tarjama.data import Segment
from tarjama.flags import Flag
from tarjama.lang.ar import normalise
from tarjama.lang.namekinds import TRANSLITERATED, name_kind
from tarjama.lang.propernames import (
    CONNECTORS,
    GazetteerEntry,
    SourceName,
    Word,
    fold,
    load_gazetteer,
    normalise_ar,
    sentence_openers,
    source_names,
)
from tarjama.lang.romanise import (
    AR_CLASSES,
    AR_PROCLITICS,
    VOWEL,
    Skeleton,
    arabic_clitic_forms,
    arabic_skeleton,
    inserts_vowel,
    latin_skeletons,
    romanise,
)
from tarjama.memo import Memo

LATIN_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’]*")
PERSIAN_CHARS = "\u06CC\u06A9\u06AF\u0686\u067E\u0698"  # ی ک گ چ پ ژ
PERSIAN_LETTERS = re.compile(f"[{PERSIAN_CHARS}]")
ATTACHED_ARTICLES = frozenset({"al", "el"})  # written onto the next word in Arabic (الحية)
ARABIC_LETTER_RUN = re.compile(r"[\u0621-\u064A]+")
LATIN_LETTER_RUN = re.compile(r"[A-Za-z\u00C0-\u024F]+")
# Arabic letters by their shape without dots (rasm), for dot errors: بتثنيى, جحخ, دذ, رز, سش,
# صض, طظ, عغ, فق each write one shape.
RASM = str.maketrans({**dict.fromkeys("تثنيى", "ب"), **dict.fromkeys("جخ", "ح"), "ذ": "د",
                      "ز": "ر", "ش": "س", "ض": "ص", "ظ": "ط", "غ": "ع", "ق": "ف"})
# Skeleton similarity (0–100) from which two established forms are spellings of one word.
SPELLING_SIMILARITY = 60.0
# The similarity of two-consonant skeletons one consonant apart (see `_similarity`).
SHORT_SIMILARITY = 60.0
# Frequent Arabic words that a misspelt name must not be mistaken for.
COMMON_ARABIC = frozenset(normalise_ar(w) for w in [
    "قال", "قالت", "يقول", "كان", "كانت", "يكون", "بين", "بعد", "قبل", "عند", "حيث", "الذي", "التي",
    "الذين", "هذا", "هذه", "ذلك", "تلك", "لكن", "ولكن", "كما", "ايضا", "حتى", "منذ", "خلال", "حول",
    "ضد", "نحو", "مثل", "غير", "كل", "بعض", "عن", "على", "الى", "من", "في", "مع", "ان", "لم", "لن",
    "قد", "ثم", "او", "ام", "هو", "هي", "هم", "نحن", "انه", "انها", "رئيس", "وزير", "الرئيس",
    "الوزير", "وزاره", "الخارجيه", "الدفاع", "المتحدث", "يوم", "عام", "وقت", "شهر", "اليوم", "امس",
    "اجل", "لدى", "دون", "سوف", "كيف", "ماذا", "لماذا", "متى", "اين", "هنا", "هناك", "جميع", "عدد",
    "اكثر", "اقل", "اول", "اخر", "الان", "فقط", "وقال", "وكان", "الحرب", "السلام", "المحادثات",
    "محادثات", "الجانبين", "الجانبان", "الوفد", "الاتفاق", "اتفاق", "مفاوضات", "المفاوضات"
])


class Rendering(NamedTuple):
    """How one source name word (or gazetteer name) is written at one place in `mt`."""

    key: str  # the source word, folded, or the gazetteer entry's key
    source_span: tuple[int, int]
    span: tuple[int, int]
    text: str
    form: str  # for comparison: normalised, without a leading ال; Latin folded
    latin: bool
    established: bool  # a gazetteer form
    skeleton: str


KNOWN, VOUCHED, ALONE = "known", "vouched", "alone"
"""What a name problem rests on: the gazetteer knows the name (KNOWN); another word of the
name is transliterated correctly beside the misspelt one (VOUCHED); or nothing but the
closeness of one Arabic word, or the absence of any (ALONE): then only a person or a place,
which Arabic writes by its sound, is flagged."""


class NameProblem(NamedTuple):
    """A name flag, before it is attached to a segment."""

    category: str
    severity: str
    span: tuple[int, int] | None
    source_span: tuple[int, int]
    message: str
    suggestion: str | None = None
    basis: str = KNOWN
    judged_span: tuple[int, int] | None = None  # the source words at issue (default: all)


class NameAnalysis(NamedTuple):
    """Every rendering of the source's names in `mt`, and the problems found.

    The renderings are plain tuples with the fields of `Rendering` (see
    NameInconsistencyCheck: the garbage collector stops tracking plain tuples of strings and
    numbers, not NamedTuples).
    """

    renderings: tuple[tuple, ...]
    problems: tuple[NameProblem, ...]
    name_words: tuple[str, ...]  # the words that `src` uses as (non-gazetteer) names
    # Words that open a sentence in `src` and were not taken for names there (nothing else
    # said so): only these can become names when the document knows them.
    doubtful: tuple[str, ...] = ()


class NameOptions(CheckOptions):
    """Options shared by the two name checks (both read the same analysis)."""

    gazetteer: str = "names.en-ar.yaml"
    """Bare name (in data/lexicons/) or path of the gazetteer of established Arabic forms."""
    min_similarity: float = 60.0
    """Skeleton similarity (0–100) from which a word beside a matched word is a misspelling."""
    min_similarity_alone: float = 80.0
    """The same for a one-word name, with no matched neighbour to vouch for it."""
    omissions: bool = True
    """Flag source names that have no rendering at all (conservatively; see `_omission`)."""
    inserted_vowels: bool = True
    """Flag (minor) a long vowel letter where the source name has no vowel ("كيسليتيسيا")."""


class _NameCheck(Check):
    """What the two name checks share: their options, and the analysis of a segment (found
    by the number of the options, worked out once here, in `_analyse`'s cache)."""

    options_model = NameOptions

    def __init__(self, options: NameOptions | None = None, severity: str | None = None,
                 context: RunContext | None = None) -> None:
        super().__init__(options, severity, context)
        self._options_number = _options_number(self.options)

    def analysis(self, segment: Segment, known: frozenset[str] = frozenset()) -> NameAnalysis:
        """Every source name's rendering in the segment's `mt`, and what is wrong with it.

        `known`: words the rest of the document uses as names (see propernames.source_names).
        """
        return _analyse(segment.src, segment.mt, segment.bt, self._options_number, known)


class NameTransliterationCheck(_NameCheck):
    """Source names misspelt in the translation, not in their established form, or missing."""

    name = "name-transliteration"
    categories = ("name-transliteration", "omission")
    needs_entities = True

    def check_segment(self, segment: PreparedSegment) -> list[Flag]:
        flags = []
        for problem in self.analysis(segment).problems:
            severity = self._severity(segment, problem)
            if severity is not None:
                flags.append(self.flag(
                    segment, problem.span, category=problem.category, severity=severity,
                    message=problem.message, source_span=problem.source_span,
                    suggestion=problem.suggestion))
        return flags

    def _severity(self, segment: PreparedSegment, problem: NameProblem) -> str | None:
        """The problem's severity once the source says what the name is; None when it is not
        a name that Arabic transliterates. A misspelt word beside a correct one is a brand's
        or a title's misspelling (minor) when the name is not a person or a place; a name
        found or missed on nothing but its sound is no error of an organisation, a title or a
        nationality, which Arabic translates (Indonesian → إندونيسي, Fox News Channel → قناة
        فوكس نيوز). The named-entity model is asked only here, for the few problems left."""
        if problem.basis == KNOWN:
            return problem.severity
        start, end = problem.judged_span or problem.source_span
        kind = name_kind(segment, (start, end))
        if kind in TRANSLITERATED:
            return problem.severity
        if problem.basis != VOUCHED:
            return None
        # Words the English model does not know (Gabbard) are a transliterated name's, whatever
        # the model guessed; English words (Fragrance Shop, Dragons Den) a brand's or a title's.
        foreign = not all(map(segment.familiar, segment.src[start:end].split()))
        return problem.severity if foreign else "minor"


class NameInconsistencyCheck(_NameCheck):
    """The same source name rendered in different ways within one document.

    `check_segment` keeps what each segment's analysis (shared with name-transliteration) says
    about consistency, so that `check_document` need not analyse the segments again; it falls
    back to analysing them. The records are plain tuples of strings and numbers, which the
    garbage collector stops tracking: they are kept for every segment of a dataset until its
    documents are checked, and tracked ones would make each full collection slower.
    """

    name = "name-inconsistency"
    categories = ("name-inconsistency",)

    def __init__(self, options: NameOptions | None = None, severity: str | None = None,
                 context: RunContext | None = None) -> None:
        super().__init__(options, severity, context)
        self._seen: dict[tuple[str, str], _Record] = {}

    def check_segment(self, segment: Segment) -> list[Flag]:
        self._seen[(segment.doc_id, segment.id)] = self._record(segment)
        return []

    def check_document(self, segments: Sequence[Segment]) -> list[Flag]:
        records = [self._seen.pop((seg.doc_id, seg.id), None) or self._record(seg)
                   for seg in segments]
        known = frozenset().union(*(own for _, own, _ in records))
        mentions: dict[str, list[tuple[Segment, tuple]]] = {}
        for segment, (renderings, own, doubtful) in zip(segments, records, strict=True):
            # A name opening a sentence counts when the document names it elsewhere; a known
            # word changes the analysis only where it was doubtful (`NameAnalysis.doubtful`),
            # and most segments have no doubtful word that the document knows.
            if (not known.isdisjoint(doubtful)
                    and (seen := known.difference(own) & sentence_openers(segment.src))):
                renderings = self.analysis(segment, seen).renderings
            for rendering in renderings:
                mentions.setdefault(rendering[0], []).append((segment, rendering))
        flags: list[Flag] = []
        for key_mentions in mentions.values():
            if len(key_mentions) > 1:  # one mention cannot disagree with itself
                flags.extend(_inconsistencies(key_mentions, self.name))
        return flags

    def _record(self, segment: Segment) -> _Record:
        """The segment's renderings (plain tuples), the words its source uses as
        (non-gazetteer) names, and its doubtful sentence openers."""
        analysis = self.analysis(segment)
        return analysis.renderings, analysis.name_words, analysis.doubtful


_Record = tuple[tuple[tuple, ...], tuple[str, ...], tuple[str, ...]]


def _inconsistencies(plain: list[tuple[Segment, tuple]], check: str) -> list[Flag]:
    """Flag the renderings that differ from the document's preferred one.

    Preferred: the most frequent form; on a tie an Arabic-script one, then an established one,
    then the first. Two accepted spellings of one name (ميرتس / ميرز, زيلينسكي / زيلنسكي) are
    an inconsistency too: an editor wants one spelling per document. Only two established
    forms that are different words are synonyms (المملكة المتحدة / بريطانيا), not flagged.
    """
    if len({r[4] for _, r in plain}) < 2:  # one form (most names): nothing to flag
        return []
    counts = Counter(r[4] for _, r in plain)
    mentions = [(segment, Rendering._make(r)) for segment, r in plain]
    first_seen = {}
    for order, (_, r) in enumerate(mentions):
        first_seen.setdefault(r.form, (order, r))
    best = max(first_seen.values(), key=lambda item: (
        counts[item[1].form], not item[1].latin, item[1].established, -item[0]))[1]
    flags = []
    for segment, r in mentions:
        if r.form == best.form or _synonyms(r, best):
            continue
        flags.append(Flag.at(
            segment, r.span, category="name-inconsistency", severity="minor",
            message=(f"'{r.text}' here, but the rest of the document writes '{best.text}' "
                     f"({counts[best.form]} of {len(mentions)} mentions)"),
            source_span=r.source_span, suggestion=best.text, check=check))
    return flags


def _synonyms(one: Rendering, other: Rendering) -> bool:
    """Two established forms that are different names for one thing, not two spellings of
    one: different word counts (القرم / شبه جزيرة القرم) or dissimilar skeletons."""
    if not (one.established and other.established) or one.skeleton == other.skeleton:
        return False
    return (one.text.count(" ") != other.text.count(" ")
            or fuzz.ratio(one.skeleton, other.skeleton) < SPELLING_SIMILARITY)


_OPTIONS: dict[tuple, int] = {}  # option values → their number in _OPTIONS_SEEN
_OPTIONS_SEEN: list[NameOptions] = []


def _options_number(options: NameOptions) -> int:
    """One number per distinct set of option values, so that the two checks' (equal but
    separate) options find the shared analysis in the cache by a plain int, not by hashing
    and comparing pydantic models."""
    key = tuple(options.__dict__.items())
    number = _OPTIONS.get(key)
    if number is None:
        number = _OPTIONS[key] = len(_OPTIONS_SEEN)
        _OPTIONS_SEEN.append(options)
    return number


@lru_cache(maxsize=1024)
def _analyse(src: str, mt: str, bt: str | None, options_number: int,
             known: frozenset[str]) -> NameAnalysis:
    """`_NameCheck.analysis` (cached: the two name checks ask for each segment's)."""
    options = _OPTIONS_SEEN[options_number]
    gazetteer = load_gazetteer(options.gazetteer)
    doubtful: set[str] = set()
    names = source_names(src, gazetteer, known, doubtful)
    words = tuple({word.text: None for name in names if None in name.entries  # most have none
                   for word, entry in zip(name.words, name.entries, strict=True)
                   if entry is None})
    if not names or not mt or mt.isspace() or _persian(mt) or _run_together(mt):
        return NameAnalysis((), (), words, tuple(doubtful))  # (wrong-language's business)
    index = MtIndex(mt)
    renderings: list[tuple] = []
    problems: list[NameProblem] = []
    for name in names:
        if not _find(name, index, options, renderings, problems) and options.omissions:
            problems.extend(_omission(name, index, bt))
    return NameAnalysis(tuple(renderings), tuple(problems), words, tuple(doubtful))


def _find(name: SourceName, index: MtIndex, options: NameOptions, renderings: list[tuple],
          problems: list[NameProblem]) -> bool:
    """Look for one source name in `mt`; add its renderings and problems. True when it is
    rendered somewhere (however well).

    A gazetteer name found whole in an established form needs no `_NameFinder`.
    """
    entry = name.entry
    if entry is not None and _established_whole(entry, name.span, index, renderings):
        return True
    finder = _NameFinder(name, index, options)
    found = finder.find()
    renderings.extend(finder.renderings)
    problems.extend(finder.problems)
    return found


def _established_whole(entry: GazetteerEntry, span: tuple[int, int], index: MtIndex,
                       renderings: list[tuple]) -> bool:
    """The gazetteer name in one of its established forms (a rendering), or as a derived word
    ("الأمريكي" for US: no rendering)."""
    match = entry.forms_search(index.mt, index.norm)
    if match is not None:
        start, end = match.span(1)
        text = index.mt[start:end]
        form, skeleton = _form_and_skeleton(text)
        renderings.append((  # the fields of a Rendering
            entry.key, span, (start, end), text, form, False, True, skeleton))
        return True
    return entry.stems_search(index.mt, index.norm) is not None


def _exact_hits(word: str, index: MtIndex) -> list[tuple[int, int]]:
    """The spans of the Arabic words with the skeleton of non-gazetteer source `word`, sorted,
    less those that are frequent Arabic words."""
    return index.hits(_variant_keys(word, None), _keeps_waw(word), names_only=True)


def _keeps_waw(word: str) -> bool:
    """Whether a word-initial و of its Arabic rendering is the source word's own (it starts
    with a w, v or vowel sound: وليد Walid, وارسو Warsaw), not the conjunction."""
    return word[:1].lower() in "wvouy"


def _run_together(mt: str) -> bool:
    """Whether `mt` lost most of its spaces (one long word after another: the punctuation
    check's flag): its words cannot be told apart, so neither can its names."""
    parts = mt.split()
    return len(mt) > 40 and len(mt) / max(len(parts), 1) > 14


def _persian(mt: str) -> bool:
    """Three or more letters that Persian has and Arabic lacks (a plain `in` test first: most
    translations have none)."""
    return any(ch in mt for ch in PERSIAN_CHARS) and len(PERSIAN_LETTERS.findall(mt)) >= 3


class MtIndex:
    """The translation prepared for name lookups, each part built on first use.

    `mt` is split into class tokens (runs of letters that have a consonant class, see
    `CLASS_TABLE`): its Arabic words. Skeleton lookups reduce each token to skeletons and
    search them as one string (`key_text`), so that a lookup is a substring search in C. That
    string is joined from the space-separated parts of `mt` (`_part_key_text`, cached per part:
    news repeats its words), so that the lookups need neither the class tokens nor their
    offsets: a hit finds its own token and offset from its part (`skeleton_hits`). Nothing
    here is a record per word: it is built for most segments, and allocating objects is what
    costs.
    """

    def __init__(self, mt: str) -> None:
        self.mt = mt
        self._pieces: list[str] | None = None  # CLASS_SPLIT.split(mt): gaps and tokens in turn
        self._tokens: list[str] | None = None
        self._starts: list[int] | None = None
        self._ends: list[int] | None = None
        self._norm: str | None = None
        self._latin: dict[str, tuple[int, int]] | None = None
        self._parts: list[str] | None = None  # mt.split(" ")
        self._key_text: str | None = None
        self._forms: tuple[list[int], list[str]] | None = None

    @property
    def tokens(self) -> list[str]:
        """The Arabic words of `mt` (its class tokens), as text."""
        if self._tokens is None:
            self._pieces = CLASS_SPLIT.split(self.mt)  # the capturing group keeps the tokens
            self._tokens = self._pieces[1::2]
        return self._tokens

    @property
    def starts(self) -> list[int]:
        """Where each token starts in `mt`."""
        if self._starts is None:
            self._offset_all()
        return self._starts  # type: ignore[return-value]

    @property
    def ends(self) -> list[int]:
        """Where each token ends in `mt`."""
        if self._ends is None:
            self._offset_all()
        return self._ends  # type: ignore[return-value]

    def _offset_all(self) -> None:
        # The running lengths of the pieces (gaps and tokens in turn), computed in C.
        self.tokens  # noqa: B018 (splits)
        offsets = list(accumulate(map(len, self._pieces), initial=0))  # type: ignore[arg-type]
        # pieces: gap, token, gap, … gap; offsets: where each begins, then the text's end
        self._starts, self._ends = offsets[1:-1:2], offsets[2::2]

    @property
    def words(self) -> _Words:
        """The Arabic words of `mt` as Words, each built when it is asked for."""
        return _Words(self.tokens, self.starts, self.ends)

    @property
    def norm(self) -> str:
        """`mt` through normalise_ar (one character for one), for the gazetteer's pre-tests."""
        if self._norm is None:
            self._norm = normalise_ar(self.mt)
        return self._norm

    @property
    def latin(self) -> dict[str, tuple[int, int]]:
        """Folded Latin word → its first span in `mt`."""
        if self._latin is None:
            self._latin = {}
            if LATIN_WORD.search(self.mt):
                for m in LATIN_WORD.finditer(self.mt):
                    self._latin.setdefault(fold(m.group()), m.span())
        return self._latin

    @property
    def key_text(self) -> str:
        """The `_part_key_text` of every space-separated part of `mt`, joined: token n is
        the nth line, each part opens with a tab."""
        if self._key_text is None:
            self._parts = self.mt.split(" ")  # class tokens never cross a space
            self._key_text = "".join(map(_PART_KEY_TEXTS.__getitem__, self._parts))
        return self._key_text

    def present(self, keys: Iterable[str]) -> list[str]:
        """Those of the skeletons `keys` that some word of `mt` has, with or without a
        proclitic (ب ف ك ل ال بال …)."""
        text = self.key_text
        return [key for key in keys if f"#{key}#" in text]

    def skeleton_hits(self, consonants: str, keep_waw: bool = False,
                      names_only: bool = False) -> list[tuple[int, int]]:
        """Spans of the Arabic words whose skeleton is `consonants`, proclitics left out.

        A word-initial و is the conjunction unless `keep_waw` (the name itself starts with a
        w, v or vowel sound: وليد Walid, وارسو Warsaw). `names_only`: less the words that
        may not be names (`_may_be_name`).
        """
        text, pattern, parts = self.key_text, f"#{consonants}#", self._parts
        body_offset = _name_offset if names_only else _body_offset
        hits = []
        found = text.find(pattern)
        while found >= 0:
            # The hit's part (the tabs before it), and its token there (the lines since).
            tab = text.rfind("\t", 0, found)
            n = text.count("\t", 0, tab)
            token, offset = _part_tokens(parts[n])[text.count("\n", tab, found) - 1]  # type: ignore[index]
            body = body_offset(token, consonants, keep_waw)
            if body >= 0:
                start = sum(map(len, parts[:n])) + n + offset  # type: ignore[index]
                hits.append((start + body, start + len(token)))
            found = text.find(pattern, found + 1)
        return hits

    def hits(self, keys: Iterable[str], keep_waw: bool = False,
             names_only: bool = False) -> list[tuple[int, int]]:
        """The `skeleton_hits` of those of `keys` that are `present`, sorted, each once."""
        found = self.present(keys)
        if len(found) < 2:  # most often: one key's hits are in order, each once
            return self.skeleton_hits(found[0], keep_waw, names_only) if found else []
        return sorted({hit for key in found
                       for hit in self.skeleton_hits(key, keep_waw, names_only)})

    def forms(self) -> tuple[list[int], list[str]]:
        """The consonant skeleton of each token and of each of its forms without a proclitic,
        with the token number of each (for fuzzy search over all of them)."""
        if self._forms is None:  # (chained maps: no Python step per token)
            forms = list(map(_form_consonants, self.tokens))
            self._forms = (list(chain.from_iterable(map(repeat, count(), map(len, forms)))),
                           list(chain.from_iterable(forms)))
        return self._forms

    def word_at(self, position: int) -> int:
        """The index of the Arabic word that contains or follows character `position`."""
        return bisect_right(self.ends, position)

    def word_beside(self, position: int, steps: int) -> Word | None:
        """`words[word_at(position) + steps]`, None where there is no such word.

        Found by reading the words around `position` (backwards: in the reversed text before
        it), not by splitting all of `mt`: a name's neighbours are all that most segments
        that look for them need.
        """
        mt = self.mt
        if steps > 0:  # the first match is the word at `position` (from there on)
            for m in islice(CLASS_TOKEN.finditer(mt, position), steps, None):
                return Word(m[0], m.start(), m.end())
            return None
        first = CLASS_TOKEN.search(mt, position)
        end = first.end() if first is not None else len(mt)
        back = -steps if first is not None else -steps - 1
        if back < 0:
            return None
        for m in islice(CLASS_TOKEN.finditer(mt[:end][::-1]), back, None):
            return Word(m[0][::-1], end - m.end(), end - m.start())
        return None


class _Words:
    """The words of an MtIndex as a read-only sequence of Words."""

    __slots__ = ("_ends", "_starts", "_tokens")

    def __init__(self, tokens: list[str], starts: list[int], ends: list[int]) -> None:
        self._tokens, self._starts, self._ends = tokens, starts, ends

    def __len__(self) -> int:
        return len(self._tokens)

    def __getitem__(self, index: int) -> Word:
        return Word(self._tokens[index], self._starts[index], self._ends[index])


def _class_table() -> dict[int, str]:
    """Arabic letter → consonant class; vowel letters, hamza and marks → "v"; ه → "h" (a vowel
    at the end of a word, see romanise.arabic_skeleton); Latin letters → "#"."""
    table = {ord(ch): (cls if cls not in (VOWEL, "") else "v") for ch, cls in AR_CLASSES.items()}
    table.update({code: "v" for code in (*range(0x064B, 0x0660), 0x0640, 0x0670)})
    table[ord("ه")] = "h"
    table.update({ord(ch): "#" for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"})
    return table


CLASS_TABLE = _class_table()


def _char_ranges(codes: list[int]) -> str:
    """A regex character class body for `codes`, as ranges (matched faster than a long list)."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "")
                   for a, b in ranges)


# A class token: a run of the characters that CLASS_TABLE gives a class (or "v", "h") to.
CLASS_CHARS = f"[{_char_ranges([code for code, cls in CLASS_TABLE.items() if cls != '#'])}]+"
CLASS_SPLIT = re.compile(f"({CLASS_CHARS})")  # the capturing group keeps the tokens
CLASS_TOKEN = re.compile(CLASS_CHARS)
FINAL_HEH = re.compile(r"(?<=[A-Zvh])h(?![A-Zvh])")
DOUBLED = re.compile(r"([A-Z])\1+")  # adjacent same consonants (تط, لل): one
# The skeletons of the proclitics (romanise.AR_PROCLITICS: و and ا have none, لل is L).
CLITIC_KEYS = ("FBL", "FKL", "BL", "FL", "KL", "FB", "FK", "B", "F", "K", "L")


@lru_cache(maxsize=65536)
def _token_keys(token: str) -> tuple[str, ...]:
    """The skeleton of a class token, and those left without a proclitic (ب ف ك ل, بال فبال …)."""
    key = FINAL_HEH.sub("v", token.translate(CLASS_TABLE)).replace("h", "H")
    key = DOUBLED.sub(r"\1", key.replace("v", ""))
    keys = [key]
    for clitic in CLITIC_KEYS:
        if key.startswith(clitic) and len(key) - len(clitic) >= 2:
            keys.append(key[len(clitic):])
    return tuple(dict.fromkeys(keys))


def _part_key_text(part: str) -> str:
    """The `_token_keys` of the class tokens of a part of `mt` between spaces, for
    `MtIndex.key_text`: a tab, then a line "\\n#KEY#KEY#" for each token."""
    return "\t" + "".join("\n#" + "#".join(_token_keys(token)) + "#"
                          for token, _ in _part_tokens(part))


@lru_cache(maxsize=65536)
def _part_tokens(part: str) -> tuple[tuple[str, int], ...]:
    """The class tokens of a part of `mt` between spaces, each with its offset in the part."""
    return tuple((m.group(), m.start()) for m in CLASS_TOKEN.finditer(part))


# Part → its `_part_key_text`, remembered: looked up for every part of a segment by `map`.
_PART_KEY_TEXTS: Memo[str, str] = Memo(_part_key_text)


@lru_cache(maxsize=65536)
def _body_offset(token: str, consonants: str, keep_waw: bool) -> int:
    """Where the word proper starts in `token`: after the proclitic that the skeleton
    `consonants` left out (the first one that fits when `keep_waw`, else the longest)."""
    offsets = [offset for offset, skel in _word_forms(token) if skel.consonants == consonants]
    if not offsets:
        return 0
    return min(offsets) if keep_waw else max(offsets)


@lru_cache(maxsize=65536)
def _name_offset(token: str, consonants: str, keep_waw: bool) -> int:
    """`_body_offset`, or -1 when the word there may not be a name (`_may_be_name`)."""
    offset = _body_offset(token, consonants, keep_waw)
    return offset if _may_be_name(token[offset:]) else -1


@lru_cache(maxsize=65536)
def _may_be_name(word: str) -> bool:
    """Not a frequent Arabic word of fewer than three consonants (a name's skeleton may
    happen to equal theirs: كان, قال)."""
    return len(arabic_skeleton(word).consonants) >= 3 or normalise_ar(word) not in COMMON_ARABIC


@lru_cache(maxsize=65536)
def _form_consonants(word: str) -> tuple[str, ...]:
    """The consonant skeletons of `_word_forms`."""
    return tuple(skel.consonants for _, skel in _word_forms(word))


@lru_cache(maxsize=65536)
def _word_forms(word: str) -> tuple[tuple[int, Skeleton], ...]:
    return tuple((offset, arabic_skeleton(form)) for offset, form in arabic_clitic_forms(word))


def _similarity(source: str, arabic: str, letters: int) -> float:
    """Skeleton similarity (fuzz.ratio, 0–100), except that two skeletons of two consonants
    that share the first one score SHORT_SIMILARITY (Powell as باوك: BL, BK), where the ratio
    would be 50: a short name misspelt by one letter. Only for an Arabic word of four letters
    or more (`letters`), not the particles of Arabic names (بن، أبو)."""
    if (letters >= 4 and len(source) == len(arabic) == 2 and source[0] == arabic[0]
            and source[1] != arabic[1]):
        return SHORT_SIMILARITY
    return fuzz.ratio(source, arabic)


def _near_windows(tokens: list[str], parts: tuple[str, ...],
                  threshold: float) -> Iterator[tuple[int, int]]:
    """(i, k) for each run of len(parts) Arabic words from tokens[i] that equals `parts` (each
    through normalise_ar; the first may carry a proclitic) except word k, which is close to its
    part (see `_close_word`)."""
    n = len(parts)
    for i in range(len(tokens) - n + 1):
        diff = [k for k in range(n) if _clitic_length(tokens[i + k], parts[k], k == 0) < 0]
        if len(diff) == 1 and _close_word(tokens[i + diff[0]], parts[diff[0]], threshold):
            yield i, diff[0]


@lru_cache(maxsize=65536)
def _clitic_length(word: str, part: str, clitics: bool = True) -> int:
    """How many letters of proclitic `word` has before `part` (0 when it is `part`), or -1
    when it is not `part` (with a proclitic only if `clitics`)."""
    norm = normalise_ar(normalise(word, ("diacritics", "tatweel")))
    if norm == part:
        return 0
    if clitics and norm.endswith(part) and norm[:len(norm) - len(part)] in AR_PROCLITICS:
        return len(word) - len(part) if len(word) == len(norm) else -1
    return -1


@lru_cache(maxsize=65536)
def _close_word(word: str, part: str, threshold: float) -> bool:
    """Whether `word` looks like a misspelling of the established word `part`: one letter off
    (بينع for بينغ, السيبي for السيسي), the same letter shapes with other dots (عياش for
    عباس), or two letters off in a long word whose skeleton stays close (`threshold`) and
    starts the same."""
    norm = normalise_ar(normalise(word, ("diacritics", "tatweel")))
    if norm in COMMON_ARABIC or len(part) < 3:
        return False
    distance = Levenshtein.distance(norm, part, score_cutoff=2)
    if distance == 1 or norm.translate(RASM) == part.translate(RASM):
        return True
    mine, theirs = arabic_skeleton(norm).consonants, arabic_skeleton(part).consonants
    return (distance == 2 and len(part) >= 6 and mine[:1] == theirs[:1]
            and fuzz.ratio(mine, theirs) >= threshold)


def _reading(word: str, consonants: str, cutoff: float) -> str:
    """The skeleton that Arabic `word` is read as, compared with a name's `consonants`: without
    its proclitic when the rest alone is that close to the name ("بفلسطين" is ب + فلسطين, not
    a misspelt Palestine that starts with b), else its closest form."""
    scored = [(fuzz.ratio(consonants, skel.consonants), offset, skel.consonants)
              for offset, skel in _word_forms(word)]
    stripped = [item for item in scored if item[1] and item[0] >= cutoff]
    return max(stripped or scored)[2]


@dataclass(slots=True)
class _WordMatch:
    """Where one source word was found in `mt`: an Arabic span, or a Latin copy."""

    word: Word
    entry: GazetteerEntry | None
    variants: tuple[Skeleton, ...] = ()
    span: tuple[int, int] | None = None
    latin_span: tuple[int, int] | None = None
    similarity: float = 100.0
    established: bool = False


class _NameFinder:
    """Looks for one source name in the translation; collects renderings and problems."""

    __slots__ = ("entry", "index", "name", "options", "problems", "renderings")

    def __init__(self, name: SourceName, index: MtIndex, options: NameOptions) -> None:
        self.name = name
        self.entry = name.entry  # the whole name's gazetteer entry, if any
        self.index = index
        self.options = options
        self.renderings: list[tuple] = []  # the fields of Renderings, as plain tuples
        self.problems: list[NameProblem] = []

    def find(self) -> bool:
        """True when the name is rendered somewhere (however well). The gazetteer's forms of
        the whole name have been looked for already (`_find`)."""
        entry = self.entry
        if entry is not None and self._established_near(entry):
            return True
        matches = [_WordMatch(word, entry, _variants(word.text, entry))
                   for word, entry in zip(self.name.words, self.name.entries, strict=True)
                   if word.text.lower() not in ATTACHED_ARTICLES]
        if len(matches) > 1:
            self._established_words(matches)
        if self._latin_copy(matches):
            self._record_latin(matches)
            return True
        self._exact(matches)
        self._near_neighbours(matches)
        if len(matches) == 1 and matches[0].span is None and matches[0].latin_span is None:
            self._alone(matches[0])
        self._record_latin([m for m in matches if m.latin_span is not None])
        found = [m for m in matches if m.span is not None]
        if found:
            self._record(found)
        return bool(found) or any(m.latin_span is not None for m in matches)

    # -- gazetteer forms -------------------------------------------------------------------
    def _established_near(self, entry: GazetteerEntry) -> bool:
        """An established form of several words written with one word misspelt ("شي جين بينع"
        for شي جين بينغ): the other words equal, that one close in skeleton, same first sound."""
        for form, parts in entry.form_parts:
            if sum(part in self.index.norm for part in parts) < len(parts) - 1:
                continue  # a cheap pre-test: all words but one must be there
            for i, k in _near_windows(self.index.tokens, parts, self.options.min_similarity):
                words = self.index.words
                first = words[i]
                start = first.start + (_clitic_length(first.text, parts[0]) if k else 0)
                span = (start, words[i + len(parts) - 1].end)
                text = self.index.mt[span[0]:span[1]]
                self.renderings.append((entry.key, self.name.span, span, text,
                                        _form(text), False, False, _words_skeleton(text)))
                wrong = words[i + k].text
                self.problems.append(self._near_form_problem(span, wrong, parts[k], form))
                return True
        return False

    def _near_form_problem(self, span: tuple[int, int], wrong: str, part: str,
                           form: str) -> NameProblem:
        """The problem of an established form with word `wrong` in place of `part`: a
        house-style note (minor) when the two differ only as transliteration conventions do
        (جونج / جونغ: g as ج or غ), a misspelling (major) otherwise."""
        if _convention_form(wrong) == _convention_form(part):
            return NameProblem(
                "name-transliteration", "minor", span, self.name.span,
                f"'{wrong}' follows another convention than the usual form of "
                f"{self.name.text}, '{form}'", form)
        return NameProblem(
            "name-transliteration", "major", span, self.name.span,
            f"'{wrong}' (≈{romanise(wrong)}) misspells {self.name.text}, which Arabic news "
            f"writes '{form}'", form)

    def _established_words(self, matches: list[_WordMatch]) -> None:
        """Words of a longer name that the gazetteer knows ("Putin" in "Vladimir Putin")."""
        for m in matches:
            found = (m.entry.forms_search(self.index.mt, self.index.norm)
                     if m.entry is not None else None)
            if found is not None:
                m.span, m.established = found.span(1), True

    # -- Latin copies, exact and near skeletons ----------------------------------------------
    def _latin_copy(self, matches: list[_WordMatch]) -> bool:
        """Mark words left in Latin script; True when the whole name is ("Heorhii Tykhii")."""
        latin = self.index.latin
        if not latin:
            return False
        for m in matches:
            if m.span is None:
                m.latin_span = latin.get(fold(m.word.text))
        return all(m.latin_span is not None for m in matches)

    def _exact(self, matches: list[_WordMatch]) -> None:
        """Arabic words with the same skeleton as a source word.

        Where a word has several, the one nearest the other words of the name wins, so that
        "Marco" in "Marco Rubio" is ماركو beside روبيو, not the أمريكي of "US" before it.
        """
        candidates = [self._hits(m) for m in matches]
        for i, (m, hits) in enumerate(zip(matches, candidates, strict=True)):
            if len(hits) < 2:  # none, or one: nothing to choose
                m.span = hits[0] if hits else m.span
                continue
            others = [h[0] for j, hs in enumerate(candidates) if j != i for h in hs]
            others += [o.span[0] for o in matches if o is not m and o.span is not None]
            if others:
                m.span = min(hits, key=lambda h: min(abs(h[0] - o) for o in others))
            elif len(hits) > 1 and len(matches) > 1:
                m.span = max(hits, key=lambda h: self._neighbour_likeness(matches, i, h))
            else:
                m.span = min(hits, key=lambda h: self._variant_rank(m, h))

    def _variant_rank(self, m: _WordMatch, hit: tuple[int, int]) -> int:
        """Which of the word's variants (best first) the Arabic word at `hit` spells: John is
        جون (its English reading) before هجان (Spanish j with Ukrainian h)."""
        consonants = arabic_skeleton(self.index.mt[hit[0]:hit[1]]).consonants
        return next((rank for rank, v in enumerate(m.variants) if v.consonants == consonants),
                    len(m.variants))

    def _neighbour_likeness(self, matches: list[_WordMatch], i: int, hit: tuple[int, int]) -> float:
        """How much the Arabic words around `hit` look like the name's other words."""
        position = self.index.word_at(hit[0])
        total = 0.0
        for j, other in enumerate(matches):
            near = position + (j - i)
            if j != i and 0 <= near < len(self.index.words):
                total += max(fuzz.ratio(v.consonants, skel.consonants) for v in other.variants
                             for _, skel in _word_forms(self.index.words[near].text))
        return total

    def _hits(self, m: _WordMatch) -> list[tuple[int, int]]:
        if m.span is not None or m.latin_span is not None:
            return []
        if m.entry is None:
            return _exact_hits(m.word.text, self.index)
        return self.index.hits(_variant_keys(m.word.text, m.entry), _keeps_waw(m.word.text),
                               names_only=True)

    def _near_neighbours(self, matches: list[_WordMatch]) -> None:
        """A word next to a matched word of the same name, close in skeleton: a misspelling."""
        for i, m in enumerate(matches):
            if m.span is not None or m.latin_span is not None:
                continue
            for j, other in enumerate(matches):
                if other.span is None or other.similarity < 100:
                    continue
                word = self.index.word_beside(other.span[0], i - j)
                if word is not None:
                    self._try_word(m, word, self.options.min_similarity)
                if m.span is not None:
                    break

    def _alone(self, m: _WordMatch) -> None:
        """A one-word name with no exact match: the closest Arabic word, if very close."""
        if not m.variants or len(m.variants[0].consonants) < 3:
            return
        positions, choices = self.index.forms()
        cutoff = self.options.min_similarity_alone
        # Variants with the same consonants find the same word: each is looked for once.
        # Short ones (two consonants: الصين is SN) come close to too many words.
        distinct = [c for c in _distinct_consonants(m.word.text, m.entry) if len(c) >= 3]
        if self._glued_anywhere(m, distinct):
            return
        for consonants in distinct:
            best = process.extractOne(consonants, choices, scorer=fuzz.ratio,
                                      score_cutoff=cutoff)
            if best is None:
                continue
            position = positions[best[2]]
            reading = _reading(self.index.tokens[position], consonants, cutoff)
            if reading[:1] == consonants[:1]:
                self._try_word(m, self.index.words[position], cutoff)
                if m.span is not None:
                    return

    def _split(self, word: Word, m: _WordMatch) -> tuple[int, int] | None:
        """The span of `word` and a neighbour when together they spell source word `m`
        exactly: a compound written as two words (Whitehall: وايت هول, Bestwood: بيست وود)."""
        keys = _variant_keys(m.word.text, m.entry)
        for first, second in ((self.index.word_beside(word.start, -1), word),
                               (word, self.index.word_beside(word.start, 1))):
            if first is None or second is None or first.end > second.start:
                continue
            if any(skel.consonants in keys for _, skel in _word_forms(first.text + second.text)):
                return first.start, second.end
        return None

    def _glued_anywhere(self, m: _WordMatch, distinct: list[str]) -> bool:
        """Find a one-word name written exactly but glued to a neighbour (`_glued`) in any
        Arabic word whose skeleton contains its own."""
        positions, choices = self.index.forms()
        for position, choice in zip(positions, choices, strict=True):
            if any(consonants in choice and consonants != choice for consonants in distinct):
                glued = _glued(self.index.words[position], m.word.text, m.entry)
                if glued is not None:
                    m.span, m.similarity = glued, 100.0
                    return True
        return False

    def _try_word(self, m: _WordMatch, word: Word, threshold: float) -> None:
        glued = _glued(word, m.word.text, m.entry) or self._split(word, m)
        if glued is not None:  # the name, exactly, with a neighbour glued on or split in two
            m.span, m.similarity = glued, 100.0
            return
        closeness = _closeness(word.text, m.word.text, m.entry)
        if closeness is not None and closeness[0] >= threshold:
            m.span, m.similarity = (word.start + closeness[1], word.end), closeness[0]

    # -- results -----------------------------------------------------------------------------
    def _record_latin(self, matches: list[_WordMatch]) -> None:
        for m in matches:
            start, end = m.latin_span  # type: ignore[misc]
            text = self.index.mt[start:end]
            self.renderings.append((self._key(m), (m.word.start, m.word.end),
                                    (start, end), text, fold(text), True, False, ""))

    def _record(self, found: list[_WordMatch]) -> None:
        for m in found:
            text = self._arabic_text(m)
            self.renderings.append((
                self._key(m), (m.word.start, m.word.end), m.span,
                text, _form(text), False, m.established, arabic_skeleton(text).consonants))
        issues = [(m, kind) for m in found if (kind := self._issue(m)) is not None]
        if issues:
            self.problems.append(self._problem(found, issues))

    def _issue(self, m: _WordMatch) -> str | None:
        """What is wrong with one rendered word, if anything.

        divergent: a close but different skeleton (major); unestablished: a transliteration
        where Arabic has its own form, كايرو for القاهرة (major); variant: an unlisted
        spelling of an established form, ستارمير for ستارمر (minor); vowel: an inserted vowel
        letter (minor).
        """
        if m.similarity < 100:
            return "divergent"
        if m.entry is not None and not self._whole_entry(m):
            if m.established or self._given_name(m):
                return None
            skeleton = arabic_skeleton(self._arabic_text(m)).consonants
            same = any(arabic_skeleton(form).consonants == skeleton for form in m.entry.forms)
            return "variant" if same else "unestablished"
        if self.options.inserted_vowels and self._vowel_fix(m) is not None:
            return "vowel"
        return None

    def _problem(self, found: list[_WordMatch],
                 issues: list[tuple[_WordMatch, str]]) -> NameProblem:
        """One flag over the whole rendered name, saying what is wrong with which word."""
        start = min(m.span[0] for m in found)  # type: ignore[index]
        end = max(m.span[1] for m in found)  # type: ignore[index]
        reasons, fixes = [], []
        for m, kind in issues:
            text = self._arabic_text(m)
            fix = self._established_fix(m) if m.entry is not None else self._vowel_fix(m)
            fixes.append((m, fix if kind != "divergent" or m.entry is not None else None))
            reasons.append(_reason(kind, text, m.word.text, fix))
        if self.entry is not None and len(self.name.words) > 1:
            fixes = [(m, None) for m, _ in fixes]  # which word of the form is which: unknown
        severity = "minor" if all(kind in ("vowel", "variant") for _, kind in issues) else "major"
        return NameProblem("name-transliteration", severity, (start, end), self.name.span,
                           "; ".join(reasons), _apply_fixes(self.index.mt, start, end, fixes),
                           self._basis(found, [m for m, _ in issues]),
                           (issues[0][0].word.start, issues[-1][0].word.end))

    def _basis(self, found: list[_WordMatch], wrong: list[_WordMatch]) -> str:
        """KNOWN when the gazetteer knows the name or a misspelt word of it; VOUCHED when a
        word of the name beside them is written exactly; else ALONE."""
        if self.entry is not None or any(m.entry is not None for m in wrong):
            return KNOWN
        if any(m.similarity == 100 and m not in wrong for m in found):
            return VOUCHED
        return ALONE

    def _established_fix(self, m: _WordMatch) -> str:
        """The gazetteer's first form, to replace `m`'s span: without its article when the
        span leaves the article of the translation out (ال + سيبي → سيسي)."""
        form = m.entry.forms[0]  # type: ignore[union-attr]
        start = m.span[0]  # type: ignore[index]
        if self.index.mt[max(0, start - 2):start] == "ال":
            return _without_article(form)
        return form

    def _vowel_fix(self, m: _WordMatch) -> str | None:
        """The word without a vowel letter it inserts, or None when it inserts none."""
        return _vowel_fix(self._arabic_text(m), m.word.text, m.entry)

    def _arabic_text(self, m: _WordMatch) -> str:
        return self.index.mt[m.span[0]:m.span[1]]  # type: ignore[index]

    def _key(self, m: _WordMatch) -> str:
        if m.entry is None or self._whole_entry(m) or self._given_name(m):
            return fold(m.word.text)
        return m.entry.key

    def _given_name(self, m: _WordMatch) -> bool:
        """Whether `m` is a gazetteer word that opens a person's name of other words: a
        given name that is also a place (Israel Katz, Jordan Bardella), which Arabic writes
        by its sound (يسرائيل كاتس، جوردان بارديلا), not as the place (إسرائيل، الأردن)."""
        words, entries = self.name.words, self.name.entries
        return (len(words) > 1 and m.word is words[0] and m.entry is entries[0]
                and all(entry is None for entry in entries[1:]))

    def _whole_entry(self, m: _WordMatch) -> bool:
        """Whether `m` is one word of a name of several words that the gazetteer knows whole
        (Mahmoud of Mahmoud Abbas): that name's forms were looked for whole and near
        (`_established_near`), so the word is compared by sound alone."""
        return len(self.name.words) > 1 and m.entry is self.entry


@lru_cache(maxsize=65536)
def _closeness(arabic: str, word: str, entry: GazetteerEntry | None) -> tuple[float, int] | None:
    """How close Arabic `arabic` is to source `word` (its `_variants`): the best similarity
    over its forms without a proclitic, and where that form starts; None for a frequent
    Arabic word."""
    if normalise_ar(arabic) in COMMON_ARABIC:
        return None
    keep_waw = _keeps_waw(word)
    variants = _variants(word, entry)
    score, offset = max(
        (max(_similarity(v.consonants, skel.consonants, len(arabic) - offset) for v in variants),
         -offset if keep_waw else offset)
        for offset, skel in _word_forms(arabic))
    return score, abs(offset)


CONVENTION_LETTERS = str.maketrans({**dict.fromkeys("جغقگ", "ج"), "ڤ": "ف", "پ": "ب",
                                    **dict.fromkeys("ةهى", "ا"), "ک": "ك"})
"""Letters that transliteration conventions exchange for one sound: g as ج, غ or ق; v as ف
or ڤ; p as ب; a final -a as ة, ه or ا."""


def _convention_form(word: str) -> str:
    """`word` with each group of CONVENTION_LETTERS written as one letter."""
    return normalise_ar(word).translate(CONVENTION_LETTERS)


def _glued(word: Word, source_word: str, entry: GazetteerEntry | None) -> tuple[int, int] | None:
    """The span of source word `source_word` inside Arabic `word` when the translation wrote
    it, exactly, glued to a neighbouring word of two letters or more ("غايغرفي": غايغر +
    في, "همجانيت": هم + جانيت); None otherwise. A missing space is not a misspelt name."""
    keys = set(_variant_keys(source_word, entry))
    text = word.text
    for cut in range(2, len(text) - 1):
        for offset, part, rest in ((0, text[:cut], text[cut:]), (cut, text[cut:], text[:cut])):
            if not _a_word(rest):
                continue
            for form_offset, skeleton in _word_forms(part):
                if skeleton.consonants in keys:
                    return word.start + offset + form_offset, word.start + offset + len(part)
    return None


GLUED_WORDS = frozenset(normalise_ar(w) for w in [
    "في", "من", "على", "الى", "عن", "مع", "ان", "هو", "هي", "هم", "قد", "لم", "لن", "ثم", "او",
    "ما", "لا", "كل", "بن", "ابو", "الذي", "التي", "الذين", "ايضا", "كان", "كانت", "قال", "وهو",
    "وهي", "منذ", "بعد", "قبل", "عند", "حيث", "لدى"])
"""Short words that a missing space glues onto a name ("غايغرفي": غايغر في)."""


def _a_word(text: str) -> bool:
    """Whether `text`, left beside a name in one Arabic word, reads as a word of its own: a
    frequent short word (`GLUED_WORDS`), or one of two consonants or more. Not a suffix
    (ون، ي) nor the rest of a misspelt name (ييبا)."""
    return (_form(text) in GLUED_WORDS
            or len(text) >= 3 and len(arabic_skeleton(text).consonants) >= 2)


def _reason(kind: str, text: str, word: str, fix: str | None) -> str:
    """What `NameProblem.message` says about one word's issue (`_NameFinder._issue`)."""
    if kind == "divergent":
        return f"'{text}' (≈{romanise(text)}) does not spell {word}"
    if kind == "unestablished":
        return f"'{text}' transliterates {word}, which Arabic news writes '{fix}'"
    if kind == "variant":
        return f"'{text}' is an unusual spelling of {word}; Arabic news writes '{fix}'"
    return f"'{text}' adds a vowel letter that {word} does not have"


def _apply_fixes(mt: str, start: int, end: int,
                 fixes: list[tuple[_WordMatch, str | None]]) -> str | None:
    """`mt[start:end]` with each fixed word replaced; None if any word has no fix."""
    if any(fix is None for _, fix in fixes):
        return None
    text = mt[start:end]
    for m, fix in sorted(fixes, key=lambda item: -item[0].span[0]):  # type: ignore[index]
        s, e = m.span[0] - start, m.span[1] - start  # type: ignore[index]
        text = text[:s] + fix + text[e:]  # type: ignore[operator]
    return text


@lru_cache(maxsize=65536)
def _vowel_fix(text: str, word: str, entry: GazetteerEntry | None) -> str | None:
    """`text` (the rendering of source `word`) without a vowel letter that it inserts, or None
    when it inserts none."""
    skel = arabic_skeleton(text)
    shapes = [v.shape for v in _variants(word, entry) if v.consonants == skel.consonants]
    if not shapes or not all(inserts_vowel(shape, skel.shape) for shape in shapes):
        return None
    return _drop_inserted_vowels(text, shapes[0])


@lru_cache(maxsize=65536)
def _variant_keys(word: str, entry: GazetteerEntry | None) -> frozenset[str]:
    """The consonant skeletons of `_variants` worth looking up (two consonants or more)."""
    return frozenset(v.consonants for v in _variants(word, entry) if len(v.consonants) >= 2)


@lru_cache(maxsize=65536)
def _variants(word: str, entry: GazetteerEntry | None) -> tuple[Skeleton, ...]:
    """Skeletons a source word may have: from its spelling, and from its accepted Arabic forms."""
    variants = latin_skeletons(word)
    if fold(word).startswith("abd"):
        variants += (arabic_skeleton("عبد"),)  # Abdel, Abdullah: عبد, then ال… as a word
    if entry is not None:  # (without the article: الصين is صين, SN, not LSN)
        variants += tuple(arabic_skeleton(_without_article(form)) for form in entry.forms
                          if " " not in form)
    return variants


def _without_article(form: str) -> str:
    return form[2:] if form.startswith("ال") and len(form) > 4 else form


@lru_cache(maxsize=65536)
def _distinct_consonants(word: str, entry: GazetteerEntry | None) -> tuple[str, ...]:
    """The distinct consonant skeletons of `_variants`, in their order."""
    return tuple(dict.fromkeys(v.consonants for v in _variants(word, entry)))


@lru_cache(maxsize=65536)
def _words_skeleton(text: str) -> str:
    """The consonant skeletons of the words of `text`, joined."""
    return "".join(arabic_skeleton(w).consonants for w in text.split())


@lru_cache(maxsize=65536)
def _form_and_skeleton(text: str) -> tuple[str, str]:
    """`_form(text)` and `_words_skeleton(text)`, for an established form (one cache call)."""
    return _form(text), _words_skeleton(text)


@lru_cache(maxsize=65536)
def _form(text: str) -> str:
    """A rendering as compared for consistency: normalised, a leading ال dropped."""
    norm = normalise_ar(normalise(text, ("diacritics", "tatweel")))
    return norm[2:] if norm.startswith("ال") and len(norm) > 4 else norm


def _drop_inserted_vowels(word: str, source_shape: str) -> str:
    """`word` without the vowel letters that have no vowel slot in `source_shape`.

    The Arabic letters are matched in order against the source shape; a vowel letter whose
    next source slot is a consonant is the inserted one ("كيسليتيسيا" → "كيسليتسيا").
    """
    out: list[str] = []
    position, last = 0, None
    for ch in word:
        cls = AR_CLASSES.get(ch)
        if not cls or cls == last or (last is None and cls == VOWEL):
            out.append(ch)
            continue
        found = source_shape.find(cls, position)
        if cls == VOWEL and (found < 0 or VOWEL not in source_shape[position:position + 1]):
            continue
        position = found + 1 if found >= 0 else position
        last = cls
        out.append(ch)
    return "".join(out)


def _searchable(name: SourceName) -> bool:
    """Whether every word of `name` (connectors aside) can be looked for in Arabic: a
    gazetteer word, or one with a skeleton of two consonants or more. Not finding a word of
    short syllables ("Ayr", "Lee Jae" of Lee Jae-myung: R; L, J) is no evidence that the name
    is missing."""
    return all(entry is not None or _variant_keys(word.text, entry)
               for word, entry in zip(name.words, name.entries, strict=True)
               if word.text.lower() not in CONNECTORS)


def _omission(name: SourceName, index: MtIndex, bt: str | None) -> list[NameProblem]:
    """A name with no rendering at all, flagged only when the evidence is strong.

    Without a back-translation, only names of two or more words that the gazetteer does not
    know or knows as a person's (people, mostly: a surname alone may have become a pronoun, a
    capital the country's name), and only when some word of them could be looked for
    (`_searchable`). With one, any name that the back-translation lacks too. Never when the
    output is mostly not Arabic (the wrong-language check's business).
    """
    if sum(ch.isalpha() for ch in name.text) < 3:
        return []
    if bt is not None:
        folded_bt = fold(bt)
        if any(fold(w.text) in folded_bt for w in name.words):
            return []
    elif (len(name.words) < 2 or not _searchable(name)
          or name.entry is not None and not name.entry.person):
        return []
    # Fewer Arabic letters than Latin ones (or no letters): mostly not Arabic.
    mt = index.mt
    arabic = len("".join(ARABIC_LETTER_RUN.findall(mt)))
    if arabic < len("".join(LATIN_LETTER_RUN.findall(mt))) or not arabic:
        return []
    if _loosely_present(name, index):
        return []
    basis = KNOWN if name.entry is not None else ALONE
    return [NameProblem("omission", "major", None, name.span,
                        f"{name.text!r} in the source has no rendering in the translation",
                        basis=basis)]


LOOSE_SIMILARITY = 75.0
"""Skeleton similarity from which an Arabic word may render a source name word, for the
omission test only: a name written loosely (تومسون for Thompson) is not a missing name."""


def _loosely_present(name: SourceName, index: MtIndex) -> bool:
    """Whether some word of `name` may be in `mt` after all: its skeleton inside an Arabic
    word (glued to a neighbour by a missing space: "الأمريكيمايك"), or a word close to it."""
    _, choices = index.forms()
    longer = [choice for choice in choices if len(choice) >= 3]
    for word, entry in zip(name.words, name.entries, strict=True):
        if word.text.lower() in CONNECTORS:
            continue
        for consonants in _variant_keys(word.text, entry):
            if len(consonants) < 3:  # two consonants are inside too many words
                if consonants in choices:
                    return True
            elif any(consonants in choice for choice in longer) or process.extractOne(
                    consonants, longer, scorer=fuzz.ratio, score_cutoff=LOOSE_SIMILARITY):
                return True
    return False
