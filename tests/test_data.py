"""Data loading: every table format, document pairs, normalisation, and every input error."""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from tarjama.data import TextRules, load_document_pair, load_table, read_lines
from tarjama.errors import InputError

# "The talks ended after less than two hours." / "انتهت المحادثات بعد أقل من ساعتين."
ROWS = [
    {
        "id": "a",
        "doc_id": "d1",
        "src": "The talks ended after less than two hours.",
        "mt": "انتهت المحادثات بعد أقل من ساعتين.",
        "ref": "انتهت المحادثات في أقل من ساعتين.",
    },
    # "Kyiv and Moscow agreed to a prisoner swap." / "اتفقت كييف وموسكو على تبادل للأسرى."
    {
        "id": "b",
        "doc_id": "d1",
        "src": "Kyiv and Moscow agreed to a prisoner swap.",
        "mt": "اتفقت كييف وموسكو على تبادل للأسرى.",
        "ref": "اتفقت كييف وموسكو على تبادل الأسرى.",
    },
]


def write_table(path: Path, rows: list[dict], fmt: str) -> Path:
    frame = pd.DataFrame(rows)
    if fmt == "jsonl":
        path.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )
    elif fmt == "csv":
        frame.to_csv(path, index=False)
    elif fmt == "tsv":
        frame.to_csv(path, index=False, sep="\t")
    else:
        frame.to_parquet(path)
    return path


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tsv", "parquet"])
def test_every_table_format_loads_the_same_segments(tmp_path, fmt):
    dataset = load_table(write_table(tmp_path / f"data.{fmt}", ROWS, fmt))
    assert [s.id for s in dataset.segments] == ["a", "b"]
    assert dataset.segments[1].mt == ROWS[1]["mt"]
    assert dataset.segments[0].ref == ROWS[0]["ref"]
    assert dataset.segments[0].bt is None
    (digest,) = dataset.files.values()
    assert len(digest) == 64


def test_missing_id_becomes_row_number_and_doc_id_the_file_stem(tmp_path):
    rows = [{"src": r["src"], "mt": r["mt"]} for r in ROWS]
    dataset = load_table(write_table(tmp_path / "news.jsonl", rows, "jsonl"))
    assert [s.id for s in dataset.segments] == ["0", "1"]
    assert {s.doc_id for s in dataset.segments} == {"news"}


def test_column_mapping_renames_file_columns(tmp_path):
    rows = [{"english": r["src"], "arabic": r["mt"]} for r in ROWS]
    path = write_table(tmp_path / "x.csv", rows, "csv")
    dataset = load_table(path, columns={"src": "english", "mt": "arabic"})
    assert dataset.segments[0].src == ROWS[0]["src"]


def test_text_is_nfc_normalised_and_bom_crlf_tolerated(tmp_path):
    # "إلى" written with a decomposed hamza-below (ا + U+0655) must come back composed.
    decomposed = unicodedata.normalize("NFD", "إلى الخلف")
    assert decomposed != "إلى الخلف"
    (tmp_path / "src.txt").write_bytes("\ufeffback\r\nforward\r\n".encode())
    (tmp_path / "mt.txt").write_bytes(f"{decomposed}\r\nإلى الأمام\r\n".encode())
    dataset = load_document_pair(tmp_path / "src.txt", tmp_path / "mt.txt")
    assert [s.src for s in dataset.segments] == ["back", "forward"]
    assert dataset.segments[0].mt == "إلى الخلف"


def test_document_pair_without_final_newline(sample_dir):
    lines, _ = read_lines(sample_dir / "mt.ar.txt")
    assert len(lines) == 12
    dataset = load_document_pair(
        sample_dir / "src.en.txt", sample_dir / "mt.ar.txt", bt=sample_dir / "bt.en.txt"
    )
    assert len(dataset) == 12 and dataset.has_bt and not dataset.has_ref
    assert dataset.segments[3].mt.startswith("خلال الاجتماع القصير")


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    """name -> (path to load as a table, expected message fragment)."""
    (tmp / "dup.jsonl").write_text(
        '{"id": "1", "src": "a", "mt": "ب"}\n{"id": "1", "src": "c", "mt": "د"}\n', encoding="utf-8"
    )
    (tmp / "nocol.csv").write_text("source,mt\nhello,مرحبا\n", encoding="utf-8")
    (tmp / "empty.jsonl").write_text("", encoding="utf-8")
    (tmp / "badutf8.jsonl").write_bytes(b'{"src": "a", "mt": "\xd8"}\n')
    (tmp / "badjson.jsonl").write_text('{"src": "a", "mt": "b"}\n{"src": \n', encoding="utf-8")
    return {
        "missing file": (tmp / "nope.jsonl", "file not found"),
        "duplicate ids": (tmp / "dup.jsonl", "duplicate id '1' (rows 0 and 1)"),
        "missing column": (tmp / "nocol.csv", "missing required column 'src'"),
        "empty": (tmp / "empty.jsonl", "no segments (the file is empty)"),
        "invalid utf-8": (tmp / "badutf8.jsonl", "invalid UTF-8 at byte offset 20"),
        "invalid json": (tmp / "badjson.jsonl", "line 2: invalid JSON"),
    }


@pytest.mark.parametrize(
    "case",
    ["missing file", "duplicate ids", "missing column", "empty", "invalid utf-8", "invalid json"],
)
def test_bad_tables_raise_input_error_naming_the_file(tmp_path, case):
    path, fragment = _bad_inputs(tmp_path)[case]
    with pytest.raises(InputError) as info:
        load_table(path)
    message = str(info.value)
    assert message.startswith(str(path)) and fragment in message and "\n" not in message


def test_jsonl_is_read_line_by_line_as_its_whole_text_would_split(tmp_path):
    """Lines come from the file one at a time: a BOM, CRLF and lone CR line ends, blank lines,
    line numbers in messages and byte offsets of bad UTF-8 on a later line are as before."""
    rows = [json.dumps(r, ensure_ascii=False) for r in ROWS]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(("\ufeff" + rows[0] + "\r\n\n" + rows[1] + "\r").encode())
    assert [s.id for s in load_table(path).segments] == ["a", "b"]
    assert load_table(path).files[str(path)] == hashlib.sha256(path.read_bytes()).hexdigest()
    path.write_bytes((rows[0] + "\r" + rows[1] + "\r\n" + '{"src": ').encode())
    with pytest.raises(InputError, match="line 3: invalid JSON"):
        load_table(path)
    first = (rows[0] + "\n").encode()
    path.write_bytes(first + b'{"src": "a", "mt": "\xd8"}\n')
    with pytest.raises(InputError, match=f"invalid UTF-8 at byte offset {len(first) + 20} "):
        load_table(path)


def test_line_count_mismatch_names_both_counts(tmp_path):
    (tmp_path / "src.txt").write_text("one\ntwo\nthree\n", encoding="utf-8")
    (tmp_path / "mt.txt").write_text("واحد\nاثنان\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_document_pair(tmp_path / "src.txt", tmp_path / "mt.txt")
    assert str(info.value) == (
        f"{tmp_path / 'mt.txt'}: has 2 lines but {tmp_path / 'src.txt'} has 3; "
        "a document pair needs one paragraph per line in both"
    )


def test_unknown_suffix_is_explained(tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="cannot tell the format"):
        load_table(path)


# --- strict input: limits, control characters, shapes ---------------------------------------------


def test_control_characters_are_refused_or_stripped_and_counted(tmp_path, caplog):
    rows = [
        {"src": "The talks\x00 ended.", "mt": "انتهت\x07 المحادثات\x1b."},  # "The talks ended."
        {"src": "Kyiv agreed.", "mt": "وافقت كييف."},
    ]  # "Kyiv agreed."
    path = write_table(tmp_path / "d.jsonl", rows, "jsonl")
    with pytest.raises(
        InputError,
        match=r"line 1: 'src' has the control character U\+0000 at "
        r"character 9",
    ):
        load_table(path)
    dataset = load_table(path, rules=TextRules(strip_controls=True))
    assert [s.src for s in dataset.segments] == ["The talks ended.", "Kyiv agreed."]
    assert dataset.segments[0].mt == "انتهت المحادثات."
    assert dataset.controls_stripped == 3
    assert "removed 3 control character(s) from 2 text(s)" in caplog.text


def test_tab_and_newline_are_text(tmp_path):
    rows = [{"src": "Two\tcolumns\nand two lines.", "mt": "عمودان\tوسطران\nاثنان."}]
    dataset = load_table(write_table(tmp_path / "d.jsonl", rows, "jsonl"))
    assert dataset.segments[0].src == rows[0]["src"]


def test_the_segment_limits_can_be_raised(tmp_path):
    rows = [{"src": "word " * 2_500, "mt": "كلمة " * 10}]  # "word"
    path = write_table(tmp_path / "d.jsonl", rows, "jsonl")
    with pytest.raises(InputError, match="'src' is 2,500 words long, over the limit of 2,000"):
        load_table(path)
    assert len(load_table(path, rules=TextRules(max_words=3_000)).segments[0].src.split()) == 2_500
    with pytest.raises(InputError, match="'src' is 12,500 characters long, over the limit of 100"):
        load_table(path, rules=TextRules(max_chars=100, max_words=3_000))


def test_a_document_pair_line_over_the_limit_names_its_file_and_line(tmp_path):
    (tmp_path / "src.txt").write_text("short\n" + "x" * 20_001 + "\n", encoding="utf-8")
    (tmp_path / "mt.txt").write_text("قصير\nطويل\n", encoding="utf-8")  # "short", "long"
    with pytest.raises(InputError) as info:
        load_document_pair(tmp_path / "src.txt", tmp_path / "mt.txt")
    assert str(info.value) == (
        f"{tmp_path / 'src.txt'}: line 2: 'src' is 20,001 characters "
        "long, over the limit of 20,000 (raise data.max_segment_chars in "
        "the suite)"
    )


def test_a_quoted_csv_field_may_hold_commas_and_newlines(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(
        'id,src,mt\na,"Talks, then a swap.","محادثات،\nثم تبادل."\nb,Done.,انتهى.\n',
        encoding="utf-8",
    )  # "Talks, then a swap." / "Done."
    dataset = load_table(path)
    assert [s.src for s in dataset.segments] == ["Talks, then a swap.", "Done."]
    assert dataset.segments[0].mt == "محادثات،\nثم تبادل."


def test_a_duplicate_header_is_refused(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("src,mt,mt\na,ب,ج\n", encoding="utf-8")
    with pytest.raises(InputError, match="the column 'mt' appears twice"):
        load_table(path)


def test_a_mapped_column_wins_over_a_column_with_tarjamas_name(tmp_path):
    rows = [{"src": "old", "english": r["src"], "mt": r["mt"]} for r in ROWS]
    dataset = load_table(
        write_table(tmp_path / "d.parquet", rows, "parquet"), columns={"src": "english"}
    )
    assert [s.src for s in dataset.segments] == [r["src"] for r in ROWS]


@pytest.mark.parametrize("value", [True, 1.5e300 * 1e10, [1]])
def test_an_id_must_be_text_or_a_finite_number(tmp_path, value):
    path = write_table(tmp_path / "d.parquet", [{"id": value, "src": "a", "mt": "ب"}], "parquet")
    with pytest.raises(InputError, match="row 0: 'id' must be text"):
        load_table(path)


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "d.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="is a FIFO"):
        load_table(fifo)
