"""Files in and out: regular files only, outputs checked by a real write, strict JSON."""

from __future__ import annotations

import errno
import json
import os
import tempfile

import pytest

from tarjama.errors import ConfigError, InputError, OutputError
from tarjama.io import check_output_file, dumps_strict, loads_strict, read_regular_file


def test_a_regular_file_is_read_within_its_limit(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_bytes(b"x" * 10)
    assert read_regular_file(path, limit=10) == b"x" * 10
    with pytest.raises(ConfigError, match="s.yaml: larger than the 9 bytes limit"):
        read_regular_file(path, limit=9, error=ConfigError)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "is a folder, expected a file"),
        (os.mkfifo, "is a FIFO (named pipe), expected a regular file"),
    ],
)
def test_anything_but_a_regular_file_is_refused_at_once(tmp_path, make, message):
    path = tmp_path / "thing"
    make(path)
    with pytest.raises(InputError) as info:
        read_regular_file(path)
    assert str(info.value) == f"{path}: {message}"


def test_a_device_is_refused():
    with pytest.raises(InputError, match="/dev/zero: is a character device"):
        read_regular_file("/dev/zero")


def test_an_output_file_is_checked_without_leaving_anything(tmp_path):
    check_output_file(tmp_path / "new" / "deeper" / "report.html")
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "folder").mkdir()
    with pytest.raises(OutputError, match="cannot write the report: it is a folder"):
        check_output_file(tmp_path / "folder", "report")


def test_a_read_only_place_is_an_output_error(tmp_path, monkeypatch):
    """A read-only mount refuses the probe file as it would refuse the real write."""

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    with pytest.raises(OutputError) as info:
        check_output_file(tmp_path / "runs.db", "run store")
    assert str(info.value) == (
        f"{tmp_path / 'runs.db'}: cannot write the run store: Read-only file system ({tmp_path})"
    )


@pytest.mark.parametrize("text", ['{"x": NaN}', '{"x": -Infinity}', "[1e400]"])
def test_strict_json_refuses_what_is_not_json(text):
    with pytest.raises(ValueError):
        loads_strict(text)
    assert json.loads(text)  # what Python alone would accept


def test_strict_json_writes_no_infinity():
    assert dumps_strict({"mt": "انتهت"}) == '{"mt": "انتهت"}'  # "ended", kept readable
    with pytest.raises(ValueError):
        dumps_strict({"x": float("inf")})
