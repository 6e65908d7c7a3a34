"""Issue 14, the CLI surface: closed stdout, bytes that are not UTF-8, failing disks, unreadable folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotefind.cli import app

from .conftest import SEEDS

runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.fixture
def indexed(index_dir: Path) -> Path:
    result = run("index", str(SEEDS))
    assert result.exit_code == 0, result.stderr
    return index_dir


def quotefind(*args: str | bytes, close_stdout: bool = False) -> subprocess.CompletedProcess:
    """Run `python -m quotefind` as a shell would, optionally with stdout closed (`>&-`)."""
    return subprocess.run(
        [sys.executable, "-m", "quotefind", *args],
        stdout=None if close_stdout else subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=(lambda: os.close(1)) if close_stdout else None,
        env=os.environ,
        timeout=120,
    )


# --- 6. closed stdout, and arguments that are not UTF-8 ---------------------------------------------


@pytest.mark.slow
def test_closed_stdout_is_one_sentence_and_exit_2(indexed: Path) -> None:
    done = quotefind("search", "talk", close_stdout=True)
    err = done.stderr.decode()
    assert "Traceback" not in err and "internal error" not in err, err
    assert done.returncode == 2
    assert err.startswith("quotefind: ") and "standard output is closed" in err and err.count("\n") == 1


@pytest.mark.slow
def test_closed_stdout_still_indexes_and_finds_nothing_quietly(index_dir: Path) -> None:
    done = quotefind("index", str(SEEDS), close_stdout=True)
    assert done.returncode == 0 and b"articles indexed" in done.stderr, done.stderr
    none = quotefind("search", "zzzqqqxx", close_stdout=True)
    assert none.returncode == 1 and none.stderr == b""
    assert index_dir.is_dir() and (index_dir / "quotefind.json").is_file()


@pytest.mark.slow
def test_show_with_a_byte_that_is_not_utf8_is_a_usage_error(indexed: Path) -> None:
    done = quotefind(b"show", b"\xff")
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "Traceback" not in err and "internal error" not in err and "UnicodeEncodeError" not in err
    assert "\\xff" in err and "not UTF-8" in err


@pytest.mark.parametrize(
    "args",
    [
        ["show", "\udcff"],
        ["cite", "ab\udcff"],
        ["search", "caf\udce9"],
        ["search", "--speaker", "\udcff"],
        ["speakers", "\udcff"],
        ["verify", "\udcff\udcfe"],
        ["index", str(SEEDS), "--publisher", "\udcff"],
    ],
)
def test_arguments_that_are_not_utf8_are_usage_errors(indexed: Path, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "internal error" not in result.stderr and "not UTF-8" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_source_in_bytes_that_are_not_utf8_finds_the_file_of_that_name(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as handle:
        handle.write((SEEDS / "000_748e3315a7818316.txt").read_bytes())
    assert run("index", str(folder)).exit_code == 0
    pattern = os.fsdecode(os.path.join(os.fsencode(folder), b"caf\xe9*"))  # as a shell passes it
    result = run("search", "--source", pattern, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert {r["source"]["path"] for r in jsonl(result.stdout)} == {f"{folder}/caf\\xe9.txt"}
