"""The check runner: segments leave in order with their flags as soon as their document is
checked, whatever the order of the documents, and the flags equal a whole-dataset run's."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tarjama.checks.base import Check
from tarjama.checks.prepared import prepare
from tarjama.checks.repetition import RepetitionCheck
from tarjama.checks.runner import BLOCK, build_checks, check_segments, run_checks
from tarjama.config import CheckConfig
from tarjama.data import Dataset, Segment
from tarjama.flags import Flag
from tarjama.lang.entities import EntityTagger
from tests.golden_flags import annotated, sample

# "The talks in Istanbul ended less than two hours after they began." twice in a document
# whose sources differ is a repeated sentence (a document flag); once it is not.
SENTENCE = "انتهت المحادثات في إسطنبول بعد أقل من ساعتين من بدايتها."
# "The Ukrainian delegation said the next round would take place in Geneva next month."
OTHER = "وقال الوفد الأوكراني إن الجولة المقبلة ستعقد في جنيف الشهر المقبل."


SOURCES = (
    "The talks in Istanbul ended less than two hours after they began.",
    "Kyiv's delegation said the next round could be held in Geneva.",
    "Both sides agreed to exchange a thousand prisoners of war each.",
    "Turkey's foreign minister hosted the meeting at Dolmabahce Palace.",
)


def segment(seg_id: str, doc_id: str, mt: str) -> Segment:
    return Segment(seg_id, doc_id, SOURCES[int(seg_id) % len(SOURCES)], mt)


class Recorder(Check):
    """Records which segments and documents it was given, in order; flags nothing."""

    name = "recorder"
    categories = ()

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def check_segment(self, segment):
        self.calls.append(f"segment {segment.id}")
        return []

    def check_document(self, segments):
        self.calls.append(f"document {segments[0].doc_id}")
        return []


def test_interleaved_documents_keep_segment_order_and_document_flags():
    """Document a's repeated sentence spans segments 0 and 2, with b's segment between."""
    segments = [
        segment("0", "a", SENTENCE),
        segment("1", "b", OTHER),
        segment("2", "a", SENTENCE),
        segment("3", "b", SENTENCE),
    ]
    found = list(check_segments(segments, [RepetitionCheck()]))
    assert [seg.id for seg, _ in found] == ["0", "1", "2", "3"]
    assert [[f.category for f in flags] for _, flags in found] == [[], [], ["repetition"], []]
    alone = run_checks(Dataset([segments[0], segments[2]]), [RepetitionCheck()])
    assert found[2][1] == alone["2"]


def test_a_segment_leaves_once_its_document_is_checked():
    """Two documents of a block each: the first block's segments leave before the second
    block is checked."""
    segments = [segment(f"{i}", f"d{i // BLOCK}", OTHER) for i in range(2 * BLOCK)]
    recorder = Recorder()
    stream = check_segments(segments, [recorder])
    first, _ = next(stream)
    assert first.id == "0"
    assert recorder.calls[-2:] == [f"segment {BLOCK - 1}", "document d0"]
    rest = [seg.id for seg, _ in stream]
    assert rest == [str(i) for i in range(1, 2 * BLOCK)]
    assert recorder.calls[-1] == "document d1"


@pytest.mark.parametrize("order", ["grouped", "interleaved"])
def test_every_document_is_checked_once_with_all_its_segments(order):
    n = BLOCK + 10
    doc_of = (lambda i: f"d{i // 3}") if order == "grouped" else (lambda i: f"d{i % 3}")
    segments = [segment(str(i), doc_of(i), OTHER) for i in range(n)]
    recorder = Recorder()
    assert [seg.id for seg, _ in check_segments(segments, [recorder])] == [str(i) for i in range(n)]
    documents = [call for call in recorder.calls if call.startswith("document")]
    assert sorted(documents) == sorted({f"document {doc_of(i)}" for i in range(n)})


# --- blocks, severities and the check's name on its flags, on the project's own data ---

# Every check but wrong-language, whose language model is slow to load and has its own tests.
CHECK_NAMES = (
    "untranslated",
    "name-transliteration",
    "name-inconsistency",
    "number",
    "idiom",
    "addition",
    "punctuation",
    "repetition",
    "mistranslation",
)


def project_segments() -> list[Segment]:
    """The annotated cases (each its own document) and the sample article."""
    return list(annotated().segments) + list(sample().segments)


def each_segment_in_turn(segments: list[Segment], checks: list[Check]) -> dict[str, list[str]]:
    """The flags of every check on one segment before the next (after each check has seen
    the whole dataset, as checks that calibrate on it need), then of each document."""
    prepared = prepare(segments, EntityTagger())
    for check in checks:
        check.prepare(prepared)
    flags: dict[str, list[Flag]] = {seg.id: [] for seg in prepared}
    for seg in prepared:
        for check in checks:
            flags[seg.id] += [replace(f, check=check.name) for f in check.check_segment(seg)]
    documents: dict[str, list] = {}
    for seg in prepared:
        documents.setdefault(seg.doc_id, []).append(seg)
    for document in documents.values():
        for check in checks:
            for flag in check.check_document(document):
                flags[flag.id].append(replace(flag, check=check.name))
    return {seg_id: sorted(repr(f.to_dict()) for f in found) for seg_id, found in flags.items()}


def test_blocks_give_the_flags_of_one_segment_at_a_time() -> None:
    """More segments than one block, in documents of 7 that straddle the blocks' edges: the
    runner's block-by-block order gives every segment the flags of the plain order."""
    base = project_segments()
    segments = [
        Segment(id=f"s{i}", doc_id=f"d{i // 7}", src=s.src, mt=s.mt, bt=s.bt)
        for i, s in enumerate(base + base[: BLOCK + 40 - len(base)])
    ]
    assert len(segments) > BLOCK
    configs = {name: CheckConfig() for name in CHECK_NAMES}
    got = run_checks(Dataset(segments), build_checks(configs))
    expected = each_segment_in_turn(segments, build_checks(configs))
    assert sum(len(f) for f in expected.values()) > 100  # the data has plenty to flag
    assert {k: sorted(repr(f.to_dict()) for f in v) for k, v in got.items()} == expected


def test_a_severity_override_applies_to_every_flag_of_its_check() -> None:
    checks = build_checks({"untranslated": CheckConfig(severity="critical")})
    flags = [
        f
        for seg_flags in run_checks(Dataset(project_segments()), checks).values()
        for f in seg_flags
    ]
    assert flags and {(f.severity, f.check) for f in flags} == {("critical", "untranslated")}


def test_check_flag_stamps_the_check_name_and_the_text_it_covers() -> None:
    class Probe(Check):
        name = "punctuation"
        categories = ("punctuation",)

    # "Talks began ." with a space before the full stop.
    seg = Segment(id="s1", doc_id="d", src="Talks began.", mt="بدأت المحادثات .")
    flag = Probe().flag(seg, (14, 16), category="punctuation", severity="minor", message="m")
    assert (flag.check, flag.text, flag.id) == ("punctuation", " .", "s1")
