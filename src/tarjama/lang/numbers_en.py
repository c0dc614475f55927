"""English number words, scale words, ordinals and month names: the facts the number reader uses.

Words are given in lower case (the reader matches them in any case); month names as written,
capitalised, since "may" and "march" in lower case are a verb and a noun.
"""

from __future__ import annotations

SMALL = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
"""0–19. "zero" and "one" alone are not read as values ("no one", "one of them")."""

TENS = {
    word: 10 * i
    for i, word in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], start=2
    )
}

ORDINALS = {
    word: value
    for value, word in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
        ],
        start=1,
    )
}
ORDINALS.update(
    {
        word: 10 * i
        for i, word in enumerate(
            [
                "twentieth",
                "thirtieth",
                "fortieth",
                "fiftieth",
                "sixtieth",
                "seventieth",
                "eightieth",
                "ninetieth",
            ],
            start=2,
        )
    }
)
ORDINALS["hundredth"] = 100

DECADES = {
    word: 10 * i
    for i, word in enumerate(
        [
            "twenties",
            "thirties",
            "forties",
            "fifties",
            "sixties",
            "seventies",
            "eighties",
            "nineties",
        ],
        start=2,
    )
}
""""the nineties": a decade, read as 90 and 1990."""

HUNDRED = 100
SCALES = {
    "hundred": 100,
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "dozen": 12,
}
SCALE_PLURALS = {
    "hundreds": 100,
    "thousands": 10**3,
    "millions": 10**6,
    "billions": 10**9,
    "trillions": 10**12,
    "dozens": 12,
}
"""Vague alone ("thousands of people"); a multiplier after a number."""

SCALE_SUFFIXES = {"bn": 10**9, "tn": 10**12, "m": 10**6, "k": 10**3}
"""Written onto digits: "2bn" always; "$5m" and "£3k" after a currency sign ("2.5m" alone may
be millions or metres)."""
ALWAYS_SCALE_SUFFIXES = frozenset({"bn", "tn"})
CURRENCY_SIGNS = "$£€¥"

FRACTIONS = {
    "half": 0.5,
    "quarter": 0.25,
    "one-half": 0.5,
    "one-third": 1 / 3,
    "two-thirds": 2 / 3,
    "one-quarter": 0.25,
    "three-quarters": 0.75,
}
ARTICLES = ("a", "an", "one")
"""What makes a scale word a value on its own: "a million", "one hundred"."""

PERCENT = ("%", "percent", "per cent")
ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")
DECADE_SUFFIX = "s"
"""Written onto digits: "21st" is an ordinal, "1990s" a decade."""

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""Capitalised words before a number that make a date, not a name ("Tuesday 2 October")."""

MONTHS = {
    name: value
    for value, name in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}
MONTH_ABBREVIATIONS = {
    "Jan": 1,
    "Feb": 2,
    "Mar": 3,
    "Apr": 4,
    "Jun": 6,
    "Jul": 7,
    "Aug": 8,
    "Sep": 9,
    "Sept": 9,
    "Oct": 10,
    "Nov": 11,
    "Dec": 12,
}
AMBIGUOUS_MONTHS = frozenset({"May", "March"})
"""Also a verb, a name or a noun: a month only beside a date cue or a number."""
MONTH_CUES = (
    "in",
    "on",
    "since",
    "until",
    "till",
    "from",
    "by",
    "last",
    "next",
    "early",
    "late",
    "mid",
    "of",
    "this",
    "through",
    "between",
    "before",
    "after",
    "during",
    "and",
    "or",
    "to",
)
"""Words just before a month name that say a date is meant ("until May", "mid-March")."""
