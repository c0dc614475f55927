"""The name checks on cases shaped like unseen news: one word of a long name misspelt, names
with Arabic proclitics, and accepted spellings mixed within one document."""

from __future__ import annotations

import pytest

from tarjama.checks.names import NameInconsistencyCheck, NameOptions, NameTransliterationCheck
from tarjama.checks.runner import run_checks
from tarjama.data import Dataset, Segment
from tarjama.lexicons import load_lexicon


def transliteration(src: str, mt: str) -> list:
    check = NameTransliterationCheck(NameOptions())
    flags = run_checks(Dataset([Segment("s1", "d1", src, mt)]), [check])["s1"]
    for flag in flags:
        assert flag.text == (mt[flag.span[0] : flag.span[1]] if flag.span else "")
    return flags


# (src, mt, flagged text, suggestion): one word of a name of several words is misspelt.
ONE_WORD_MISSPELT = [
    # Xi Jinping arrived in Moscow; بينع for بينغ (a dot on the last letter), Jinping in two words.
    (
        "Chinese President Xi Jinping arrived in Moscow.",
        "وصل الرئيس الصيني شي جين بينع إلى موسكو.",
        "شي جين بينع",
        "شي جين بينغ",
    ),
    # Ursula von der Leyen spoke; لابن for لاين.
    (
        "European Commission President Ursula von der Leyen spoke.",
        "تحدثت رئيسة المفوضية الأوروبية أورسولا فون دير لابن.",
        "أورسولا فون دير لابن",
        "أورسولا فون دير لاين",
    ),
    # Abdel Fattah al-Sisi received him; السيبي for السيسي.
    (
        "President Abdel Fattah al-Sisi received him.",
        "استقبله الرئيس عبد الفتاح السيبي.",
        "عبد الفتاح السيبي",
        "عبد الفتاح السيسي",
    ),
    # Mohammed bin Salman received the envoy; سليمان (Sulaiman) for سلمان.
    (
        "Crown Prince Mohammed bin Salman received the envoy.",
        "استقبل ولي العهد محمد بن سليمان المبعوث.",
        "محمد بن سليمان",
        "محمد بن سلمان",
    ),
    # Mahmoud Abbas called for a conference; عياش: the letters of عباس with other dots.
    (
        "Palestinian President Mahmoud Abbas called for a conference.",
        "دعا الرئيس الفلسطيني محمود عياش إلى عقد مؤتمر.",
        "محمود عياش",
        "محمود عباس",
    ),
    # Kim Jong Un watched the launch; أوت for أون.
    (
        "Kim Jong Un watched the launch.",
        "شاهد كيم جونغ أوت عملية الإطلاق.",
        "كيم جونغ أوت",
        "كيم جونغ أون",
    ),
    # Names the gazetteer does not know: the rest of the name vouches for the misspelt word.
    # Former NATO chief Jens Stoltenberg spoke; ستولتنبرع for ستولتنبرغ.
    (
        "Former NATO chief Jens Stoltenberg spoke.",
        "تحدث الأمين العام السابق للناتو ينس ستولتنبرع.",
        "ينس ستولتنبرع",
        None,
    ),
    # IMF chief Kristalina Georgieva warned; غورغييبا for غورغييفا.
    (
        "IMF chief Kristalina Georgieva warned.",
        "حذرت مديرة صندوق النقد الدولي كريستالينا غورغييبا.",
        "كريستالينا غورغييبا",
        None,
    ),
    # Tulsi Gabbard testified; غاباري for غابارد.
    ("Tulsi Gabbard testified.", "أدلت تولسي غاباري بشهادتها.", "تولسي غاباري", None),
    # Volker Türk condemned the strike; توري for تورك.
    ("Volker Türk condemned the strike.", "أدان فولكر توري الضربة.", "فولكر توري", None),
    # Jerome Powell kept rates on hold; باوك for باول (a short surname, one letter off).
    (
        "Jerome Powell kept rates on hold.",
        "أبقى جيروم باوك أسعار الفائدة دون تغيير.",
        "جيروم باوك",
        None,
    ),
]


@pytest.mark.parametrize("src, mt, text, suggestion", ONE_WORD_MISSPELT)
def test_one_misspelt_word_of_a_long_name_is_flagged(src, mt, text, suggestion):
    flags = transliteration(src, mt)
    assert [(f.category, f.text, f.severity, f.suggestion) for f in flags] == [
        ("name-transliteration", text, "major", suggestion)
    ]


CORRECT = [
    # The correct renderings of the names above: no flag.
    ("Chinese President Xi Jinping arrived in Moscow.", "وصل الرئيس الصيني شي جين بينغ إلى موسكو."),
    (
        "European Commission President Ursula von der Leyen spoke.",
        "تحدثت رئيسة المفوضية الأوروبية أورسولا فون دير لاين.",
    ),
    ("President Abdel Fattah al-Sisi received him.", "استقبله الرئيس عبد الفتاح السيسي."),
    (
        "Crown Prince Mohammed bin Salman received the envoy.",
        "استقبل ولي العهد محمد بن سلمان المبعوث.",
    ),
    ("Kim Jong Un watched the launch.", "شاهد كيم جونغ أون عملية الإطلاق."),
    ("Former NATO chief Jens Stoltenberg spoke.", "تحدث الأمين العام السابق للناتو ينس ستولتنبرغ."),
    (
        "IMF chief Kristalina Georgieva warned.",
        "حذرت مديرة صندوق النقد الدولي كريستالينا غورغييفا.",
    ),
    ("Tulsi Gabbard testified.", "أدلت تولسي غابارد بشهادتها."),
    ("Volker Türk condemned the strike.", "أدان فولكر تورك الضربة."),
    ("Jerome Powell kept rates on hold.", "أبقى جيروم باول أسعار الفائدة دون تغيير."),
    # Pedro Sánchez called an early election.
    ("Pedro Sánchez called an early election.", "دعا بيدرو سانشيز إلى انتخابات مبكرة."),
    # Giorgia Meloni met Keir Starmer in Rome.
    ("Giorgia Meloni met Keir Starmer in Rome.", "التقت جورجيا ميلوني كير ستارمر في روما."),
    # Friedrich Merz and Emmanuel Macron spoke by phone.
    (
        "Friedrich Merz and Emmanuel Macron spoke by phone.",
        "تحدث فريدريش ميرتس وإيمانويل ماكرون هاتفياً.",
    ),
    # Prime Minister Shehbaz Sharif travelled to Riyadh.
    (
        "Prime Minister Shehbaz Sharif travelled to Riyadh.",
        "سافر رئيس الوزراء شهباز شريف إلى الرياض.",
    ),
    # Palestinian President Mahmoud Abbas and Sheikh Mohammed bin Abdulrahman Al Thani met.
    (
        "Palestinian President Mahmoud Abbas met Sheikh Mohammed bin Abdulrahman Al Thani.",
        "التقى الرئيس الفلسطيني محمود عباس الشيخ محمد بن عبد الرحمن آل ثاني.",
    ),
    # Defence Minister Israel Katz said the operation would continue: a given name, written
    # by its sound, not as the country (إسرائيل).
    (
        "Defence Minister Israel Katz said the operation would continue.",
        "قال وزير الدفاع يسرائيل كاتس إن العملية ستستمر.",
    ),
    # Jordan Bardella leads the National Rally: جوردان, not الأردن (a surname the gazetteer
    # does not know, so the given-name rule decides).
    ("Jordan Bardella leads the National Rally.", "يقود جوردان بارديلا حزب التجمع الوطني."),
    # Lee Jae-myung won the election: "Lee Jae" (skeletons L and J, too short to look for)
    # is no omission.
    (
        "Lee Jae-myung won the election in South Korea.",
        "فاز لي جاي ميونغ بالانتخابات في كوريا الجنوبية.",
    ),
]


@pytest.mark.parametrize("src, mt", CORRECT)
def test_correct_long_names_are_not_flagged(src, mt):
    assert transliteration(src, mt) == []


# A name with Arabic proclitics (و and, ف so, ب in, ك like, ل to, ال the, and combinations).
CLITICS = [
    # Talks on Palestine continued (بفلسطين: in Palestine).
    ("Talks on Palestine continued.", "استمرت المحادثات الخاصة بفلسطين."),
    # He spoke about Palestine and Lebanon (وبلبنان: and about Lebanon).
    ("He spoke about Palestine and Lebanon.", "تحدث عن فلسطين وبلبنان."),
    # They met in Riyadh and in Cairo (بالرياض وبالقاهرة).
    ("They met in Riyadh and in Cairo.", "اجتمعوا بالرياض وبالقاهرة."),
    # A message to Moscow and to Kyiv (لموسكو، ولكييف).
    ("He sent a message to Moscow and to Kyiv.", "بعث برسالة لموسكو ولكييف."),
    # Relations with China (وللصين: and to China).
    ("Washington has interests in India and China.", "لواشنطن مصالح في الهند وللصين."),
    # In Damascus and Beirut (بدمشق وببيروت).
    ("Protests took place in Damascus and Beirut.", "جرت احتجاجات بدمشق وببيروت."),
    # In Istanbul, then in Ankara (بإسطنبول ثم بأنقرة).
    ("The talks began in Istanbul and ended in Ankara.", "بدأت المحادثات بإسطنبول وانتهت بأنقرة."),
    # Like Turkey and Britain (كتركيا وكبريطانيا).
    ("Countries such as Turkey and Britain agreed.", "وافقت دول كتركيا وكبريطانيا."),
    # For Germany and for France (لألمانيا ولفرنسا).
    ("The decision matters for Germany and France.", "القرار مهم لألمانيا ولفرنسا."),
    # And Tehran then Baghdad (وطهران فبغداد).
    ("The minister visited Tehran and then Baghdad.", "زار الوزير طهران فبغداد."),
    # In Jerusalem and in Gaza (بالقدس وبغزة).
    ("Clashes broke out in Jerusalem and Gaza.", "اندلعت اشتباكات بالقدس وبغزة."),
    # To the Kremlin and to the White House (للكرملين وللبيت الأبيض).
    ("He wrote to the Kremlin and the White House.", "كتب للكرملين وللبيت الأبيض."),
    # In Khartoum and Darfur (بالخرطوم وبدارفور).
    ("Fighting raged in Khartoum and Darfur.", "احتدم القتال بالخرطوم وبدارفور."),
    # Names the gazetteer does not know: in Bucha and Irpin, in Kupiansk.
    ("Shelling hit Bucha and Irpin.", "أصاب القصف بوتشا وبإربين."),
    ("Fighting continued in Kupiansk.", "استمر القتال بكوبيانسك."),
    # And in Avdiivka (وبأفدييفكا).
    ("Troops withdrew from Avdiivka.", "انسحبت القوات من أفدييفكا وبأفدييفكا بقيت ألغام."),
]


@pytest.mark.parametrize("src, mt", CLITICS)
def test_names_with_proclitics_are_not_flagged(src, mt):
    assert transliteration(src, mt) == []


def doc(*pairs: tuple[str, str]) -> list[Segment]:
    return [Segment(str(i), "doc", src, mt) for i, (src, mt) in enumerate(pairs)]


def inconsistent(segments: list[Segment]) -> list[tuple[str, str, str | None, str]]:
    by_segment = run_checks(Dataset(segments), [NameInconsistencyCheck()])
    return [
        (f.id, f.text, f.suggestion, f.severity) for seg in segments for f in by_segment[seg.id]
    ]


DOCUMENTS = [
    # Merz as ميرتس twice and ميرز once: both accepted, but one spelling per document.
    (
        doc(
            ("German Chancellor Friedrich Merz spoke.", "تحدث المستشار الألماني فريدريش ميرتس."),
            ("Merz said the plan was good.", "قال ميرز إن الخطة جيدة."),
            ("Merz then left for Berlin.", "ثم غادر ميرتس إلى برلين."),
        ),
        [("1", "ميرز", "ميرتس", "minor")],
    ),
    # Zelensky as زيلينسكي twice and زيلنسكي once.
    (
        doc(
            ("Zelensky spoke first.", "تحدث زيلينسكي أولاً."),
            ("Later, Zelensky left.", "لاحقاً غادر زيلنسكي."),
            ("Zelensky returned on Monday.", "عاد زيلينسكي يوم الاثنين."),
        ),
        [("1", "زيلنسكي", "زيلينسكي", "minor")],
    ),
    # Poland as بولندا twice and بولونيا once.
    (
        doc(
            ("Poland objected.", "اعترضت بولندا."),
            ("Poland later agreed.", "ثم وافقت بولونيا."),
            ("Officials in Poland were pleased.", "وأبدى المسؤولون في بولندا ارتياحهم."),
        ),
        [("1", "بولونيا", "بولندا", "minor")],
    ),
    # The same spelling throughout, with proclitics: consistent.
    (
        doc(
            ("Merz met Macron.", "التقى ميرتس بماكرون."),
            ("Macron thanked Merz.", "شكر ماكرون ميرتس."),
            ("Merz and Macron left.", "غادر ميرتس وماكرون."),
        ),
        [],
    ),
    # Crimea and "the Crimean peninsula": two names for one place, not two spellings.
    (
        doc(
            ("Crimea was discussed.", "نوقشت قضية القرم."),
            ("Crimea remains disputed.", "لا تزال شبه جزيرة القرم محل نزاع."),
        ),
        [],
    ),
    # Names the gazetteer does not know: Stoltenberg spelt two ways.
    (
        doc(
            ("Jens Stoltenberg arrived.", "وصل ينس ستولتنبرغ."),
            ("Stoltenberg spoke briefly.", "تحدث ستولتنبرغ بإيجاز."),
            ("Stoltenberg left.", "غادر ستولتنبيرغ."),
        ),
        [("2", "ستولتنبيرغ", "ستولتنبرغ", "minor")],
    ),
]


@pytest.mark.parametrize("segments, expected", DOCUMENTS)
def test_one_spelling_per_document(segments, expected):
    assert inconsistent(segments) == expected


def test_no_english_name_belongs_to_two_gazetteer_entries():
    entries = load_lexicon("names.en-ar.yaml")["entries"]
    owner: dict[str, int] = {}
    for number, entry in enumerate(entries):
        for english in entry["en"]:
            key = " ".join(str(english).lower().split())
            assert owner.setdefault(key, number) == number, key
    assert len(entries) >= 250


def test_a_known_persons_full_name_left_out_is_an_omission_without_back_translation():
    # "Commission President Ursula von der Leyen announced a new aid package for Syria",
    # translated without her name.
    src = (
        "European Commission President Ursula von der Leyen announced a new aid package for Syria."
    )
    flags = transliteration(src, "أعلنت رئيسة المفوضية الأوروبية عن حزمة مساعدات جديدة لسوريا.")
    assert [(f.category, f.span) for f in flags] == [("omission", None)]
    # Places named another way (the capital for the country) are no omission.
    assert (
        transliteration(
            "The United States and Saudi Arabia signed the deal.", "وقعت واشنطن والرياض الاتفاق."
        )
        == []
    )


def test_a_gazetteer_kind_other_than_person_is_an_error(tmp_path):
    from tarjama.errors import ConfigError
    from tarjama.lang.propernames import load_gazetteer

    path = tmp_path / "names.yaml"
    path.write_text("entries:\n  - {en: [Kyiv], ar: [كييف], kind: city}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="'kind' can only be 'person'"):
        load_gazetteer(str(path))
