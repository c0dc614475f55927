"""Negation in English and Arabic: the words that negate a clause, and the words that carry
a negative meaning without negating (so that "did not agree" and "refused" read alike).

A round trip that loses or adds a negation reverses a sentence's meaning, the costliest
mistranslation there is; but a back-translation often trades a negation for a negative word
("have no access" -> "lack access", "not clear" -> "unclear"), which is not a change.
"""

from __future__ import annotations

from collections.abc import Sequence

from tarjama.lang.ar import DIACRITICS

EN_NEGATIONS = frozenset(
    {
        "not",
        "no",
        "never",
        "neither",
        "nor",
        "none",
        "nobody",
        "nothing",
        "nowhere",
        "without",
        "cannot",
    }
)
"""English words that negate a clause (and any word ending in n't)."""

EN_NOT_NEGATING = frozenset(
    {
        ("not", "only"),
        ("not", "least"),
        ("no", "doubt"),
        ("no", "less"),
        ("no", "sooner"),
        ("no", "matter"),
        ("nothing", "but"),
        ("nothing", "less"),
        ("none", "other"),
        ("never", "more"),
    }
)
"""Pairs that contain a negation word but say something positive ("not only … but also",
"never more so than" = "especially", "no matter what" = "whatever")."""

EN_NEGATIVE_STEMS = (
    "fail",
    "refus",
    "declin",
    "denie",
    "deny",
    "reject",
    "lack",
    "absen",
    "unabl",
    "imposs",
    "avoid",
    "prevent",
    "stop",
    "halt",
    "forbid",
    "prohib",
    "block",
    "neglect",
    "ignor",
    "exclud",
    "abstain",
    "omit",
    "dismiss",
)
EN_NEGATIVE_WORDS = frozenset(
    {
        "ban",
        "bans",
        "banned",
        "miss",
        "missed",
        "misses",
        "missing",
        "too",
        "hardly",
        "free",
        "few",
        "fewer",
        "little",
        "yet",
        "rarely",
        "seldom",
        "barely",
        "scarcely",
        "instead",
        "unless",
        "except",
        "only",
        "denied",
        "cease",
        "ceased",
        "ceases",
        "ceasing",
    }
)
"""English words with a negative meaning (and the words that begin with EN_NEGATIVE_STEMS): a
negation on one side and one of these on the other is a paraphrase ("did not attend" / "was
absent", "not yet" / "has yet to", "no more than" / "only")."""

EN_NEGATIVE_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non", "non-", "mis")

AR_NEGATIONS = frozenset(
    {
        "لا",
        "لم",
        "لن",
        "ليس",
        "ليست",
        "ليسوا",
        "ليسا",
        "لست",
        "لسنا",
        "غير",
        "عدم",
        "دون",
        "بدون",
        "بلا",
        "ألا",
        "لئلا",
        "كيلا",
    }
)
"""Arabic particles and words that negate (ألا is أن لا, "that … not"; ما is left out: it is
as often "what")."""

AR_PROCLITICS = ("و", "ف")
AR_NOT_NEGATING_NEXT = {
    "لا": ("يزال", "تزال", "يزالون", "تزالان", "يزالان", "زال", "سيما", "بد", "سيّما"),
    "لم": ("يزل", "تزل"),
    "غير": ("أن", "ان"),
}
"""A negation word followed by one of these says something positive: لا يزال "still", لا
سيما "especially", لا بد "must", غير أن "however"."""


def english_negations(words: Sequence[str]) -> list[int]:
    """Indices of the negating words among lower-cased English `words`."""
    found = []
    for i, word in enumerate(words):
        if word in EN_NEGATIONS or word.endswith(("n't", "n’t")):
            following = words[i + 1] if i + 1 < len(words) else ""
            if (word, following) not in EN_NOT_NEGATING:
                found.append(i)
    return found


def negative_in_meaning(words: Sequence[str], other: Sequence[str]) -> bool:
    """Whether `words` say something negative without a negation word: a word of negative
    meaning, or a word that is a word of `other` with a negative prefix ("unclear" where
    the other side has "clear"). Words that `other` has too are not in another's place."""
    other_words = set(other)
    other_stems = {w[:5] for w in other}
    for word in words:
        if word in other_words:
            continue
        if word in EN_NEGATIVE_WORDS or word.startswith(EN_NEGATIVE_STEMS):
            return True
        for prefix in EN_NEGATIVE_PREFIXES:
            if word.startswith(prefix) and word[len(prefix) : len(prefix) + 5] in other_stems:
                return True
        if word.endswith("less") and word[:-4][:5] in other_stems:
            return True
    return False


def arabic_negations(words: Sequence[str]) -> list[int]:
    """Indices of the negating words among Arabic `words` (a proclitic و or ف allowed)."""
    bare = [DIACRITICS.sub("", w) for w in words]
    found = []
    for i, word in enumerate(bare):
        if word not in AR_NEGATIONS and word[:1] in AR_PROCLITICS:
            word = word[1:]
        if word in AR_NEGATIONS:
            following = bare[i + 1] if i + 1 < len(bare) else ""
            if following not in AR_NOT_NEGATING_NEXT.get(word, ()):
                found.append(i)
    return found
