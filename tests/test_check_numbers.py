"""The `number` check: numbers, months and units compared as values, src vs mt.

Tables of English sources and Arabic translations (an English gloss beside each), by class:
correct Arabic that writes the value another way gets no flag; a changed value, a missing or
added one, or a number copied while its unit changed gets one major flag.
"""

from __future__ import annotations

import pytest

from tarjama.checks import CHECKS
from tarjama.checks.numbers import NumberCheck, NumberOptions
from tarjama.data import Segment


def run(src: str, mt: str, **options) -> list:
    flags = NumberCheck(NumberOptions(**options)).check_segment(Segment("s1", "d1", src, mt))
    for flag in flags:
        assert (flag.category, flag.check, flag.severity) == ("number", "number", "major")
        if flag.span is not None:
            assert flag.text == mt[flag.span[0] : flag.span[1]]
    return flags


# Correct translations that write the source's values another way: no flag.
CLEAN_DIGITS = [
    (
        "Kyiv and Moscow agreed to exchange 1,000 prisoners each.",
        "اتفقت كييف وموسكو على تبادل 1000 أسير من كل جانب.",
    ),  # no separator
    (
        "Kyiv and Moscow agreed to exchange 1,000 prisoners each.",
        "اتفقت كييف وموسكو على تبادل ١٠٠٠ أسير من كل جانب.",
    ),  # Arabic-Indic digits
    (
        "Kyiv and Moscow agreed to exchange 1,000 prisoners each.",
        "اتفقت كييف وموسكو على تبادل ١٬٠٠٠ أسير من كل جانب.",
    ),  # Arabic thousands separator
    (
        "Kyiv and Moscow agreed to exchange 1,000 prisoners each.",
        "اتفقت كييف وموسكو على تبادل ۱۰۰۰ أسير من كل جانب.",
    ),  # Persian digits
    (
        "Kyiv and Moscow agreed to exchange 1,000 prisoners each.",
        "اتفقت كييف وموسكو على تبادل ألف أسير من كل جانب.",
    ),  # the word for a thousand
    (
        "Prices rose by 5.5% last year.",
        "ارتفعت الأسعار بنسبة ٥٫٥٪ العام الماضي.",
    ),  # Arabic decimal separator and percent sign
    (
        "Prices rose by 5% in two years.",
        "ارتفعت الأسعار بنسبة 5 في المئة خلال عامين.",
    ),  # "المئة" in a percentage is not 100
    ("Turnout was 56%.", "بلغت نسبة المشاركة %56."),  # the sign typed before, right to left
    (
        "With upwards of 30,000 pupils across Scotland.",
        "تضم أكثر من 30 ألف تلميذ في أنحاء أسكتلندا.",
    ),  # 30 thousand pupils
    (
        "The first direct talks since Moscow's 2022 invasion ended.",
        "انتهت أول محادثات مباشرة منذ غزو موسكو عام ٢٠٢٢.",
    ),  # "first" is not a number
    ("The G7 met in June.", "اجتمعت مجموعة السبع في يونيو."),  # G7: a code, not a value
    ("COVID-19 killed seven people there.", "قتل كوفيد-19 سبعة أشخاص هناك."),
    ("The hotline is open 24/7.", "الخط الساخن مفتوح على مدار الساعة."),  # 24/7 is an idiom
    ("Liverpool won 3-0 at home.", "فاز ليفربول بثلاثة أهداف دون رد على أرضه."),  # nil: no reply
]
CLEAN_COMPOUNDS = [
    ("The deal is worth $2.5 billion.", "تبلغ قيمة الصفقة ملياران و500 مليون دولار."),
    ("The deal is worth $2.5bn.", "تبلغ قيمة الصفقة 2.5 مليار دولار."),
    ("Some 3.4 million people voted.", "صوّت نحو 3 ملايين و400 ألف شخص."),
    ("It will affect 2.25 billion people.", "سيؤثر في حياة 2,25 مليار شخص."),  # decimal comma
    ("About 1,500 troops remain.", "لا يزال نحو ألف وخمسمئة جندي هناك."),
    ("The army has 350,000 soldiers.", "يضم الجيش ثلاثمائة وخمسين ألف جندي."),
    ("Two million people have fled the region.", "فرّ مليونا شخص من المنطقة."),
    ("About 3,000 people attended.", "حضر نحو ثلاثة آلاف شخص."),
    ("Nearly 1.5 million Syrians returned.", "عاد ما يقرب من مليون ونصف مليون سوري."),
    ("Nearly 1.5 million Syrians returned.", "عاد نحو مليون ونصف سوري."),
    ("Half a million people fled.", "فر نصف مليون شخص."),
    (
        "At least 27 people were killed and 120 wounded.",
        "قُتل سبعة وعشرون شخصاً على الأقل وأصيب مئة وعشرون آخرون.",
    ),
    ("Around 2.5m people watched the final.", "شاهد النهائي نحو 2.5 مليون شخص."),
    ("The fund lost £11million.", "خسر الصندوق 11 مليون جنيه إسترليني."),  # no space
]
CLEAN_WORDS = [
    ("Fifty-eight percent of voters backed the plan.", "أيّد 58٪ من الناخبين الخطة."),
    ("Eleven players were sent off.", "طُرد أحد عشر لاعباً."),
    (
        "They are four points ahead with twelve more in play.",
        "يتقدمون بأربع نقاط ولديهم اثنتا عشرة نقطة أخرى.",
    ),
    (
        "Fourteen people were treated for minor injuries.",
        "تلقى أربعة عشر شخصاً العلاج من إصابات طفيفة.",
    ),
    (
        "The city marked the 70th anniversary of the uprising.",
        "أحيت المدينة الذكرى السبعين للانتفاضة.",
    ),
    (
        "They are the only unbeaten side of the ten.",
        "إنه الفريق الوحيد الذي لم يُهزم بين الفرق العشرة.",
    ),
    (
        "Turnout needs to be 50 percent plus one vote.",
        "يجب أن تتجاوز نسبة المشاركة النصف بصوت واحد.",
    ),  # 50 percent: half
    ("Two-thirds of members voted in favour.", "صوّت ثلثا الأعضاء لصالح القرار."),
    ("The two leaders spoke for two hours.", "تحدث الزعيمان لمدة ساعتين."),  # duals say "two"
    ("The talks are due on 21 March.", "تجري المحادثات في الحادي والعشرين من مارس/آذار."),
    ("Thousands of people protested.", "احتج آلاف الأشخاص."),  # vague plurals are not values
]
CLEAN_CODES_YEARS_TIMES = [
    ("Call 0800 555 111 with information.", "اتصلوا على الرقم 111 555 0800 للإدلاء بمعلومات."),
    ("Call 0800 555 111 with information.", "اتصلوا على الرقم 0800555111 للإدلاء بمعلومات."),
    ("Call 0800 555 111 with information.", "اتصلوا على الرقم 0800-555-111 للإدلاء بمعلومات."),
    ("For information, call 0800 555 111.", "للإدلاء بمعلومات، اتصلوا على الرقم 0800555111."),
    (
        "The 1950-53 war never formally ended.",
        "لم تنتهِ الحرب التي دارت بين 1950 و1953 رسمياً.",
    ),  # 53 is 1953
    ("He joined in the 2018-19 season.", "انضم في موسم 2018-2019."),
    ("The congregation moved out in the 1990s.", "غادر المصلون في التسعينيات."),
    ("The boy was found at about 04:00 on Saturday.", "عُثر على الفتى نحو الساعة 4 صباح السبت."),
    ("The vote closes at 10:30.", "يُغلق باب التصويت في العاشرة والنصف."),  # half past ten
]
CLEAN_MONTHS = [
    ("In June, the commission published its findings.", "نشرت اللجنة في يونيو نتائجها."),
    (
        "October can bring sharp swings in temperature.",
        "قد يشهد شهر أكتوبر تقلبات حادة في درجات الحرارة.",
    ),
    ("The airport will remain closed until Oct.", "سيظل المطار مغلقاً حتى شهر أكتوبر."),
    (
        "Troops fired on the protesters on Oct. 2, 1968.",
        "أطلقت القوات النار على المحتجين في 2 أكتوبر 1968.",
    ),
    ("Quote the log of Sept. 30 when you call.", "اذكروا سجل 30 سبتمبر عند الاتصال."),
    ("Quote the log of 30th September.", "اذكروا سجل 30 من سبتمبر."),
    ("More than three months after the June summit.", "بعد أكثر من ثلاثة أشهر من قمة يونيو."),
    ("The talks are due on May 16, 2025.", "من المقرر أن تجري المحادثات في 16 أيار 2025."),
    ("The summit will be held on 15 June.", "ستُعقد القمة في 15 يونيو/حزيران."),  # ستُ: not six
    ("The vote was postponed until March.", "أُرجئ التصويت حتى آذار."),  # Levantine
    ("Elections are due in October.", "من المقرر إجراء الانتخابات في تشرين الأول."),
    ("The strike began in January.", "بدأ الإضراب في جانفي."),  # Algerian and Tunisian
    ("Prices rose in February.", "ارتفعت الأسعار في فيفري."),
    ("The season ends in April.", "ينتهي الموسم في أفريل."),
    ("The law takes effect in July.", "يدخل القانون حيز التنفيذ في جويلية."),
    ("Tourism peaks in August.", "تبلغ السياحة ذروتها في أوت."),
    ("The festival opens in December.", "يُفتتح المهرجان في دجنبر."),  # Moroccan
    ("Theresa May said it may rain.", "قالت تيريزا ماي إنها قد تمطر."),  # May is a name here
    ("June Carter sang that night.", "غنّت جون كارتر تلك الليلة."),  # June is a name here
    ("One of them said he practised law.", "قال أحدهم إنه مارس المحاماة."),  # مارس: a verb
    ("They want to join through the front door.", "يريدون الانضمام من خلال باب أمامي."),  # باب
]
CLEAN_MISSING_SPACES = [
    (
        "He left Kabul in July saying progress had been made.",
        "غادركابلفييوليو/ تموزمشيراً إلى إحراز تقدم.",
    ),  # the month glued to its neighbours
    (
        "Pompeo has visited Pyongyang three times this year.",
        "زاربومبيوبيونغيانغثلاثمرات هذا العام.",
    ),
]
CLEAN_UNITS = [
    (
        "The town lies 12 miles north of the border.",
        "تقع البلدة على بعد 12 ميلاً شمال الحدود.",
    ),  # the unit kept
    (
        "The town lies 12 miles north of the border.",
        "تقع البلدة على بعد 19 كيلومتراً شمال الحدود.",
    ),  # converted
    ("Temperatures reached 95 °F on Sunday.", "بلغت درجات الحرارة 35 درجة مئوية يوم الأحد."),
    ("The bear weighed 200 pounds.", "كان وزن الدب 91 كيلوغراماً."),
    ("Up to 6 inches of rain fell.", "هطلت أمطار يصل ارتفاعها إلى 15 سنتيمتراً."),
    ("Waves as high as 20 feet hit the coast.", "ضربت الساحل أمواج يصل ارتفاعها إلى 6 أمتار."),
    ("The fire destroyed 100 acres.", "دمر الحريق 100 فدان."),  # feddan, a rendering in use
    (
        "The volcano sits 45 miles (72 kilometres) from the capital.",
        "يقع البركان على بعد 72 كيلومتراً من العاصمة.",
    ),  # the imperial figure left out
    ("Winds reached 85 mph.", "بلغت سرعة الرياح 137 كيلومتراً في الساعة."),
    (
        "The wave travelled at 800 kph (497 mph).",
        "انتقلت الموجة بسرعة 800 كيلومتر في الساعة (497 ميلاً في الساعة).",
    ),  # both units kept
]
CLEAN_NAMES_AND_DUALS = [
    (
        "Germany was urged to quit the Nord Stream 2 project.",
        "حُثت ألمانيا على الانسحاب من مشروع نورد ستريم الثاني.",
    ),  # a number in a name: ordinal
    ("The storm weakened to a Category 1 hurricane.", "ضعفت العاصفة إلى إعصار من الفئة الأولى."),
    ("The talks lasted 2 hours.", "استمرت المحادثات ساعتين."),  # the digit 2 as a counted dual
]
CLEAN = (
    CLEAN_DIGITS
    + CLEAN_COMPOUNDS
    + CLEAN_WORDS
    + CLEAN_CODES_YEARS_TIMES
    + CLEAN_MONTHS
    + CLEAN_MISSING_SPACES
    + CLEAN_UNITS
    + CLEAN_NAMES_AND_DUALS
)


@pytest.mark.parametrize("src, mt", CLEAN)
def test_values_written_another_way_are_not_flagged(src, mt):
    assert run(src, mt) == []


# (src, mt, the flagged MT text or None for a missing value, the source text involved)
ERRORS = [
    (
        "Kyiv and Moscow agreed to exchange 1,000 prisoners each.",
        "اتفقت كييف وموسكو على تبادل 100 أسير من كل جانب.",
        "100",
        "1,000",
    ),
    ("He was born in 1990.", "ولد عام ١٩٩٩.", "١٩٩٩", "1990"),
    (
        "Kyiv and Moscow agreed to exchange 1,000 prisoners each.",
        "اتفقت كييف وموسكو على تبادل الأسرى.",
        None,
        "1,000",
    ),  # the number is missing
    (
        "The delegations met in Istanbul.",
        "التقى الوفدان في إسطنبول 3 مرات.",
        "3",
        None,
    ),  # a number not in the source
    (
        "The two leaders spoke for three hours.",
        "تحدث الزعيمان لمدة خمس ساعات.",
        "خمس",
        "three",
    ),  # number words: three became five
    ("Turnout reached 56%.", "بلغت نسبة المشاركة 65%.", "65%", "56%"),  # the % is in the span
    ("Prices rose by 5% last year.", "ارتفعت الأسعار بنسبة 15% العام الماضي.", "15%", "5%"),
    ("About 3,000 people attended.", "حضر نحو ثلاثين ألف شخص.", "ثلاثين ألف", "3,000"),
    ("At least 27 people were killed.", "قُتل سبعة وثلاثون شخصاً على الأقل.", "سبعة وثلاثون", "27"),
    ("The deal is worth $2.5bn.", "تبلغ قيمة الصفقة 2.5 مليون دولار.", "2.5 مليون", "2.5bn"),
    (
        "Her new deals are worth up to £1.5 million.",
        "صفقاتها الجديدة تساوي 1.5 جنيه إسترليني.",
        "1.5",
        "1.5 million",
    ),  # the million dropped
    (
        "With upwards of 30,000 pupils across Scotland.",
        "تضم أكثر من 300 ألف تلميذ في أنحاء أسكتلندا.",
        "300 ألف",
        "30,000",
    ),
    (
        "The deal is worth $2.5 billion.",
        "تبلغ قيمة الصفقة ملياران و50 مليون دولار.",
        "ملياران و50 مليون",
        "2.5 billion",
    ),  # 2.05 billion
    (
        "Some 3.4 million people voted.",
        "صوّت نحو 3 ملايين و40 ألف شخص.",
        "3 ملايين و40 ألف",
        "3.4 million",
    ),
    ("Eleven people were rescued.", "أُنقذ السبعين شخصاً.", "السبعين", "Eleven"),  # 70
    ("They have twelve more points in play.", "لديهم عشرون نقطة أخرى.", "عشرون", "twelve"),
    (
        "Call 0800 555 111 with information.",
        "اتصلوا على الرقم 0800 555 112 للإدلاء بمعلومات.",
        "0800 555 112",
        "0800 555 111",
    ),
    ("The airline ordered Boeing 737 jets.", "طلبت شركة الطيران طائرات بوينغ 747.", "747", "737"),
    ("Justin beat them 2 to 1.", "تغلّب جوستين عليهم 3 مقابل 1.", "3", "2"),  # جوستين: no dual
    (
        "The delegates arrived this morning.",
        "وصل المندوبون الأربعة صباح اليوم ومعهم 4 خبراء.",
        "4",
        None,
    ),  # the four delegates … with 4 experts: the digits are flagged, not the word
]
ERRORS_MONTHS = [
    (
        "The vote was postponed until March.",
        "أرجئ التصويت حتى أبريل/نيسان.",
        "أبريل/نيسان",
        "March",
    ),  # a month in both naming systems is one span
    ("The talks are due on May 16.", "من المقرر أن تجري المحادثات في 16 يونيو.", "يونيو", "May"),
    (
        "In June, the commission published its findings.",
        "نشرت اللجنة في يوليو نتائجها.",
        "يوليو",
        "June",
    ),
    (
        "The airport will remain closed until Oct.",
        "سيظل المطار مغلقاً حتى نوفمبر.",
        "نوفمبر",
        "Oct.",
    ),
    ("Tourism peaks in August.", "تبلغ السياحة ذروتها في جويلية.", "جويلية", "August"),  # July
    (
        "Elections are due in October.",
        "من المقرر إجراء الانتخابات في تشرين الثاني.",
        "تشرين الثاني",
        "October",
    ),  # November
]
ERRORS_UNITS = [
    (
        "The town lies 12 miles north of the border.",
        "تقع البلدة على بعد 12 كيلومتراً شمال الحدود.",
        "12 كيلومتراً",
        "12 miles",
    ),
    (
        "Temperatures reached 95 °F on Sunday.",
        "بلغت درجات الحرارة 95 درجة مئوية يوم الأحد.",
        "95 درجة مئوية",
        "95 °F",
    ),
    ("The bear weighed 200 pounds.", "كان وزن الدب 200 كيلوغرام.", "200 كيلوغرام", "200 pounds"),
    (
        "Up to 10 inches of rain fell.",
        "هطلت أمطار يصل ارتفاعها إلى 10 سنتيمترات.",
        "10 سنتيمترات",
        "10 inches",
    ),
    (
        "Waves as high as 30 feet hit the coast.",
        "ضربت الساحل أمواج يصل ارتفاعها إلى 30 متراً.",
        "30 متراً",
        "30 feet",
    ),
    (
        "Each family received 5 gallons of water.",
        "حصلت كل أسرة على 5 لترات من الماء.",
        "5 لترات",
        "5 gallons",
    ),
    ("The fire destroyed 100 acres.", "دمر الحريق 100 هكتار.", "100 هكتار", "100 acres"),
    ("The hog weighed 550 pounds.", "كان وزن الخنزير 557 رطلاً.", "557", "550"),  # same unit
    (
        "The wave travelled at 800 kph (497 mph).",
        "انتقلت الموجة بسرعة 805 كيلومترات في الساعة (497 ميلاً في الساعة).",
        "805",
        "800",
    ),
]


@pytest.mark.parametrize("src, mt, flagged, source", ERRORS + ERRORS_MONTHS + ERRORS_UNITS)
def test_changed_missing_and_added_values_are_flagged(src, mt, flagged, source):
    flags = run(src, mt)
    assert len(flags) == 1
    flag = flags[0]
    assert (flag.text or None) == flagged
    assert (src[flag.source_span[0] : flag.source_span[1]] if flag.source_span else None) == source


def test_a_unit_change_names_both_units_and_suggests_the_converted_number():
    [flag] = run(
        "The town lies 12 miles north of the border.", "تقع البلدة على بعد 12 كيلومتراً شمال الحدود."
    )
    assert "mile" in flag.message and "kilometre" in flag.message
    assert flag.suggestion == "19.3"  # 12 miles is 19.3 km


def test_a_changed_number_carries_the_source_value_as_suggestion():
    flags = run("They freed 1,000 prisoners.", "أفرجوا عن 10000 سجين.")  # they freed 10000
    assert [(f.text, f.suggestion) for f in flags] == [("10000", "1000")]


def test_months_can_be_switched_off():
    src, mt = "The talks are due on May 16.", "من المقرر أن تجري المحادثات في 16 يونيو."
    assert run(src, mt, months=False) == []


@pytest.mark.parametrize(
    "mt, flagged",
    [
        ("وصل الوفد صباح اليوم ومعه 40 خبيراً.", "40"),  # with 40 experts
        ("وصل الوفد ومعه آلاف المساعدات بمليون دولار.", "مليون"),  # aid worth a million dollars
        ("وصل الوفد في أيار إلى العاصمة.", "أيار"),  # in May
        ("وصل الوفد ومعه خمسة خبراء.", None),  # with five experts: a number word alone
    ],
)
def test_an_mt_value_with_none_in_the_source(mt, flagged):
    flags = run("The delegation arrived this morning.", mt)
    assert [f.text for f in flags] == ([flagged] if flagged else [])


def test_a_number_word_after_two_proclitics_is_read():
    # "With a million dollars more, they rebuilt the port": وبمليون is و + ب + مليون.
    mt = "وبمليون دولار إضافي أعادوا بناء الميناء."
    assert run("With a million dollars more, they rebuilt the port.", mt) == []
    flags = run("They rebuilt the port with 2 million dollars.", mt)
    assert [f.text for f in flags] == ["مليون"]


def test_malformed_digit_groups_are_not_values():
    # "12,34,567" is neither English nor European grouping: no value, no flag, no error.
    assert run("Reference 12,34,567 was cited.", "ذُكر المرجع 12,34,567.") == []


def test_registered_under_its_category():
    assert CHECKS.get("number") is NumberCheck
