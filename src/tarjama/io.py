"""Files in and out: regular files read with a size limit, outputs checked before the work,
strict JSON, and atomic writes (a temporary file in the same folder, then a rename)."""

from __future__ import annotations

import functools
import json
import math
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from tarjama.errors import InputError, OutputError, TarjamaError

_KINDS = (
    (stat.S_ISDIR, "is a folder, expected a file"),
    (stat.S_ISFIFO, "is a FIFO (named pipe), expected a regular file"),
    (stat.S_ISCHR, "is a character device, expected a regular file"),
    (stat.S_ISBLK, "is a block device, expected a regular file"),
    (stat.S_ISSOCK, "is a socket, expected a regular file"),
)


def open_regular_file(path: str | Path, *, error: type[TarjamaError] = InputError) -> IO[bytes]:
    """Open `path` for binary reading if it is a regular file; `error` naming it otherwise.

    It is opened without blocking and checked on the open descriptor, so a FIFO or a device
    is refused at once instead of hanging or reading without end.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise error("file not found", path) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", path) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise error(
            next((why for test, why in _KINDS if test(mode)), "is not a regular file"), path
        )
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def read_regular_file(
    path: str | Path, *, limit: int | None = None, error: type[TarjamaError] = InputError
) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; `error` naming the file otherwise."""
    with open_regular_file(path, error=error) as handle:
        try:
            raw = handle.read() if limit is None else handle.read(limit + 1)
        except OSError as exc:
            raise error(f"cannot read: {exc.strerror}", path) from None
    if limit is not None and len(raw) > limit:
        raise error(f"larger than the {_size(limit)} limit for this kind of file", path)
    return raw


def _size(n_bytes: int) -> str:
    for unit, scale in (("MB", 1e6), ("kB", 1e3)):
        if n_bytes >= scale:
            return f"{n_bytes / scale:g} {unit}"
    return f"{n_bytes} bytes"


def check_output_file(path: str | Path, what: str = "output file") -> None:
    """OutputError naming `path` unless a file can be written there: it is not a folder or
    another non-file, and the nearest existing folder on its way accepts a new file.

    Checked by writing (and removing) a hidden probe file, so read-only mounts, /proc and
    permissions all answer as the real write would; nothing else is created.
    """
    path = Path(path)
    if path.exists() or path.is_symlink():
        if not path.is_file():
            raise OutputError(
                f"cannot write the {what}: it is a folder or not a regular file", path
            )
        if not os.access(path, os.W_OK):
            raise OutputError(f"cannot write the {what}: permission denied", path)
    check_parent_writable(path, what)


def check_parent_writable(path: str | Path, what: str) -> None:
    """OutputError unless `path` can be created (or replaced) in its folder: the nearest
    existing folder on its way accepts a new entry."""
    path = Path(path)
    _probe_folder(_nearest_existing(path.parent), path, what)


def _nearest_existing(folder: Path) -> Path:
    folder = folder if str(folder) else Path(".")
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _probe_folder(folder: Path, target: Path, what: str) -> None:
    if not folder.is_dir():
        raise OutputError(f"cannot write the {what}: {folder} is not a folder", target)
    try:
        fd, probe = tempfile.mkstemp(prefix=".tarjama-probe-", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write the {what}: {exc.strerror} ({folder})", target) from None
    os.close(fd)
    os.unlink(probe)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is out of range")
    return value


def loads_strict(text: str | bytes, *, float_range: bool = True) -> Any:
    """json.loads that refuses NaN, Infinity and -Infinity (not JSON, though Python writes
    them) and, with `float_range`, numbers too large for a float (which Python would read as
    infinity). The range check costs a Python call per number: a reader whose numbers are
    checked anyway (the run-directory contract) leaves it off.

    Raises ValueError (json.JSONDecodeError for a syntax error).
    """
    if not float_range:
        return json.loads(text, parse_constant=_reject_constant)
    return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)


def dumps_strict(data: Any, *, indent: int | None = None) -> str:
    """JSON text that every parser accepts: UTF-8 text as written, NaN and infinities refused."""
    return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)


@functools.cache
def _umask() -> int:
    """The process umask (read once: os.umask can only be read by setting it)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def default_file_mode() -> int:
    """The permissions a plain open() gives a new file under this process's umask."""
    return 0o666 & ~_umask()


def default_folder_mode() -> int:
    """The permissions a plain mkdir gives a new folder under this process's umask."""
    return 0o777 & ~_umask()


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write `text` to `path` so that readers see the old file or the new one, never half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file 0600; give it the permissions a plain open() would.
        os.fchmod(fd, default_file_mode())
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def atomic_write_json(path: str | Path, data: Any) -> Path:
    """Write `data` as indented UTF-8 JSON (Arabic kept readable, not \\u-escaped)."""
    return atomic_write_text(path, dumps_strict(data, indent=2) + "\n")


def atomic_write_jsonl(path: str | Path, rows: Iterable[dict[str, Any]]) -> Path:
    """Write one compact JSON object per line."""
    lines = (dumps_strict(row) for row in rows)
    return atomic_write_text(path, "".join(line + "\n" for line in lines))
