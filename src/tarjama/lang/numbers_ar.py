"""Arabic numerals, number words and month names: the facts the number reader uses.

Words are written as Arabic news writes them; the reader normalises them (tarjama.lang.ar) the
way it normalises the text, so أ/ا, ة/ه and ى/ي variants need no entry of their own.
"""

from __future__ import annotations

DECIMAL_SEPARATOR = "\u066b"  # ٫
THOUSANDS_SEPARATOR = "\u066c"  # ٬
PERCENT = ("%", "٪", "في المئة", "في المائة", "بالمئة", "بالمائة")

SMALL = {
    0: "صفر",
    2: "اثنان اثنين اثنتان اثنتين",
    3: "ثلاث ثلاثة",
    4: "أربع أربعة",
    5: "خمس خمسة",
    6: "ست ستة",
    7: "سبع سبعة",
    8: "ثمان ثماني ثمانية",
    9: "تسع تسعة",
}
"""0 and 2–9 (واحد, one, is left out as English "one" is: a pronoun as often as a number)."""
TEN = "عشر عشرة"
TEEN_HEADS = {1: "أحد إحدى", 2: "اثنا اثنتا اثني اثنتي"}
"""The first word of 11 and 12 (أحد عشر، اثنتا عشرة): a number only before عشر."""
TENS = {
    20: "عشرون عشرين",
    30: "ثلاثون ثلاثين",
    40: "أربعون أربعين",
    50: "خمسون خمسين",
    60: "ستون ستين",
    70: "سبعون سبعين",
    80: "ثمانون ثمانين",
    90: "تسعون تسعين",
}
HUNDRED = "مئة مائة"
HUNDREDS = {
    200: "مئتان مئتين مئتي مئتا مائتان مائتين مائتي مائتا",
    **{
        100 * n: f"{unit}مئة {unit}مائة"
        for n, unit in (
            (3, "ثلاث"),
            (4, "أربع"),
            (5, "خمس"),
            (6, "ست"),
            (7, "سبع"),
            (8, "ثمان"),
            (9, "تسع"),
        )
    },
}
SCALES = {10**3: "ألف", 10**6: "مليون", 10**9: "مليار بليون", 10**12: "تريليون ترليون"}
SCALE_DUALS = {
    10**3: "ألفان ألفين ألفي ألفا",
    10**6: "مليونان مليونين مليوني مليونا",
    10**9: "ملياران مليارين ملياري مليارا بليونان بليونين",
    10**12: "تريليونان تريليونين",
}
"""Two thousand, two million …; after a number, the same letters are the accusative
singular (عشرون ألفاً، twenty thousand), so there they multiply."""
SCALE_PLURALS = {
    100: "مئات",
    10**3: "آلاف ألوف",
    10**6: "ملايين",
    10**9: "مليارات بلايين",
    10**12: "تريليونات",
}
"""Vague alone (آلاف الأشخاص, thousands of people); a multiplier after a number."""
FRACTIONS = {0.5: "نصف النصف", 0.25: "ربع الربع", 1 / 3: "ثلث الثلث", 2 / 3: "ثلثا ثلثي"}
ORDINALS = {
    1: "الأول الأولى الحادي الحادية",
    2: "الثاني الثانية",
    3: "الثالث الثالثة",
    4: "الرابع الرابعة",
    5: "الخامس الخامسة",
    6: "السادس السادسة",
    7: "السابع السابعة",
    8: "الثامن الثامنة",
    9: "التاسع التاسعة",
    10: "العاشر العاشرة",
}
"""As in dates (الثالث من يناير, the third of January); with عشر or والعشرين they reach 11–29."""
DEFINITE_SMALL = {
    value: " ".join("ال" + form for form in forms.split())
    for value, forms in {**SMALL, 10: TEN}.items()
    if value > 2
}
"""الدول الخمس (the five countries), الأيام الأربعة (the four days); not الاثنين, which is
Monday (the dual says "two" anyway)."""
DEFINITE_TENS = {
    value: " ".join("ال" + form for form in forms.split()) for value, forms in TENS.items()
}
"""العشرين … التسعين: "the seventy" or "the seventieth" (الذكرى السبعين); a number either way."""
DECADES = {
    value: " ".join(
        f"{article}{forms.split()[1]}{ending}" for article in ("", "ال") for ending in ("يات", "ات")
    )
    for value, forms in TENS.items()
}
"""التسعينيات، التسعينات: the nineties (90 or 1990, 2090 …)."""
COUNTED_DUALS = (
    "ساعتين ساعتان يومين يومان شهرين شهران عامين عامان سنتين سنتان أسبوعين أسبوعان دقيقتين "
    "دقيقتان مرتين مرتان ضعفين ضعفان دولارين دولاران جنديين شخصين شخصان طفلين طفلان دورتين "
    "جولتين جولتان"
)
"""Duals of nouns that count things in news: each says "two" in one word (ساعتين, two hours)."""
COUNTED_DUALS = (
    "يومين يومان عامين عامان سنتين سنتان شهرين شهران أسبوعين أسبوعان ساعتين ساعتان دقيقتين "
    "دقيقتان مرتين مرتان ضعفين ضعفان دولارين دولاران شخصين شخصان طفلين طفلان جنديين جنديان "
    "هدفين هدفان نقطتين نقطتان دورتين دورتان جولتين جولتان"
)
"""Duals of the nouns that count things in news: each says "two" in one word (ساعتين, two
hours), so "2 hours" may be written with no digit at all."""
DUAL_ENDINGS = ("ان", "ين")
"""Any other word with a dual ending ("الزعيمان", the two leaders) may say "two" too, but so
does many a plural or name with the same ending: it stands only for the word "two"."""
CURRENCIES = (
    "دولار دولاراً دولارات يورو جنيه جنيهاً جنيهات ريال ريالاً ريالات درهم درهماً "
    "دراهم دينار ديناراً دنانير ليرة ليرات"
)
"""Currency nouns that may stand inside a compound: ملياري دولار و500 مليون (2.5 billion
dollars, "two billion dollars and 500 million")."""
NUMBER_PROCLITICS = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل")
"""What may be written onto a number word or a month name: وبمليون, and with a million."""

MONTH_SYSTEMS = {
    "Egypt, Sudan and the Gulf": (
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ),
    "the Levant and Iraq": (
        "كانون الثاني",
        "شباط",
        "آذار",
        "نيسان",
        "أيار",
        "حزيران",
        "تموز",
        "آب",
        "أيلول",
        "تشرين الأول",
        "تشرين الثاني",
        "كانون الأول",
    ),
    "Algeria and Tunisia": (
        "جانفي",
        "فيفري",
        "مارس",
        "أفريل",
        "ماي",
        "جوان",
        "جويلية",
        "أوت",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ),
    "Morocco": (
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "ماي",
        "يونيو",
        "يوليوز",
        "غشت",
        "شتنبر",
        "أكتوبر",
        "نونبر",
        "دجنبر",
    ),
}
MONTH_VARIANTS = {
    1: ("كانون ثاني",),
    2: ("فبرير",),
    4: ("إبريل",),
    5: ("آيار",),
    6: ("يونيه",),
    7: ("يوليه",),
    10: ("تشرين أول", "أوكتوبر"),
    11: ("تشرين ثاني",),
    12: ("كانون أول",),
}
"""Other spellings in use."""
AMBIGUOUS_MONTHS = frozenset({"مارس", "نيسان", "آب", "ماي", "جوان", "أوت"})
"""Also a verb (مارس, practised), a car maker (نيسان), "father" once normalised (آب/أب), a
name (ماي for May, جوان) or a loanword: a month only beside a number, a cue or another month."""
MONTH_CUES = (
    "في",
    "منذ",
    "حتى",
    "شهر",
    "خلال",
    "أوائل",
    "أواخر",
    "منتصف",
    "مطلع",
    "نهاية",
    "بداية",
    "من",
    "إلى",
    "بحلول",
    "قبل",
    "بعد",
)
"""The word before a month name that says a date is meant (في مارس, in March)."""
