"""Issue 14, the CLI surface: closed stdout, bytes that are not UTF-8, failing disks, unreadable folders."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .clirun import jsonl, run
from .conftest import SEEDS


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


# --- 7. a disk that is full or read-only, a lock that may not be opened ------------------------------


def _failing_create_file(code: int, message: str):
    from whoosh.filedb.filestore import FileStorage

    def create_file(self: FileStorage, name: str, *args: object, **kwargs: object) -> None:
        raise OSError(code, message, os.path.join(self.folder, name))

    return create_file


@pytest.mark.parametrize(
    ("code", "message", "says"),
    [
        (errno.ENOSPC, "No space left on device", "disk is full"),
        (errno.EDQUOT, "Disk quota exceeded", "disk quota"),
        (errno.EROFS, "Read-only file system", "read-only"),
        (errno.EACCES, "Permission denied", "permission denied"),
        (errno.EIO, "Input/output error", "input/output error"),
    ],
)
def test_a_failing_write_is_one_sentence_with_its_cause(
    index_dir: Path, monkeypatch: pytest.MonkeyPatch, code: int, message: str, says: str
) -> None:
    from whoosh.filedb.filestore import FileStorage

    first = run("index", str(SEEDS / "000_748e3315a7818316.txt"))
    assert first.exit_code == 0, first.stderr
    with monkeypatch.context() as patched:
        patched.setattr(FileStorage, "create_file", _failing_create_file(code, message))
        result = run("index", str(SEEDS))
    assert result.exit_code == 2, result.stderr
    err = result.stderr
    assert "internal error" not in err and "Errno" not in err and "Traceback" not in err, err
    assert says in err.lower() and str(index_dir) in err
    assert err.count("\n") == 1 and err.startswith("quotefind: ")
    # What was committed before is intact.
    assert run("search", "--format", "jsonl").exit_code == 0


def test_lock_that_may_not_be_opened_is_one_sentence(
    index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("index", str(SEEDS)).exit_code == 0
    real_open = os.open

    def guarded_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(path).endswith("WRITELOCK"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)
    result = run("index", str(SEEDS))
    assert result.exit_code == 2
    err = result.stderr
    assert "internal error" not in err and "Errno" not in err, err
    assert "permission denied" in err.lower() and "WRITELOCK" in err and err.count("\n") == 1


# --- 3. --prune with a folder that cannot be read -------------------------------------------------------


@pytest.fixture
def news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    (folder / "b").mkdir(parents=True)
    shutil.copy(SEEDS / "000_748e3315a7818316.txt", folder / "a.txt")
    for name in sorted(os.listdir(SEEDS))[1:3]:
        shutil.copy(SEEDS / name, folder / "b" / name)
    return folder


def _make_unreadable(patched: pytest.MonkeyPatch, folder: Path) -> None:
    """What `chmod 000 folder` does for a user who is not root: no listing, no stat inside."""
    inside = os.fsencode(folder) + b"/"
    real_scandir, real_stat = os.scandir, os.stat

    def scandir(path=".", *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fsencode(path).rstrip(b"/") == os.fsencode(folder):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path, *args, **kwargs)

    def stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not isinstance(path, int) and os.fsencode(path).startswith(inside):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_stat(path, *args, **kwargs)

    patched.setattr(os, "scandir", scandir)
    patched.setattr(os, "stat", stat)


def test_prune_with_an_unreadable_folder_keeps_its_statements(
    news: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("index", str(news)).exit_code == 0
    before = jsonl(run("search", "--limit", "1000", "--format", "jsonl").stdout)
    in_b = [h for h in before if "/b/" in h["source"]["path"]]
    assert in_b
    with monkeypatch.context() as patched:
        _make_unreadable(patched, news / "b")
        result = run("index", str(news), "--prune")
    assert result.exit_code == 2
    assert f"quotefind: skipped {news / 'b'}: permission denied" in result.stderr
    assert "not pruning" in result.stderr and "removed" not in result.stderr, result.stderr
    after = jsonl(run("search", "--limit", "1000", "--format", "jsonl").stdout)
    assert sorted(h["id"] for h in after) == sorted(h["id"] for h in before)


def test_prune_still_removes_what_is_gone(news: Path, index_dir: Path) -> None:
    assert run("index", str(news)).exit_code == 0
    shutil.rmtree(news / "b")
    result = run("index", str(news), "--prune")
    assert result.exit_code == 0, result.stderr
    assert "statements removed" in result.stderr
    paths = {h["source"]["path"] for h in jsonl(run("search", "--limit", "1000", "-f", "jsonl").stdout)}
    assert paths == {str(news / "a.txt")}
