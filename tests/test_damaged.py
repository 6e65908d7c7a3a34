"""Issue 14, damaged indexes: one sentence naming the damage and the remedy, exit 2; `quotefind check`."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .clirun import jsonl, run
from .conftest import SEEDS

REBUILD = "quotefind index --rebuild PATHS"


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the seeds, built once and copied for each damage."""
    location = tmp_path_factory.mktemp("whole") / "index"
    result = run("index", str(SEEDS), "--index", str(location))
    assert result.exit_code == 0, result.stderr
    return location


def cut(path: Path, by: int = 0) -> None:
    """Cut a file in half, or by `by` bytes."""
    os.truncate(path, path.stat().st_size // 2 if not by else path.stat().st_size - by)


def segment(ix: Path) -> Path:
    found = sorted(ix.glob("*.seg"))
    assert found
    return found[0]


def toc(ix: Path) -> Path:
    return sorted(ix.glob("_MAIN_*.toc"))[-1]


def overwrite_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    at = len(data) // 3
    data[at : at + 200] = b"\x23" * 200
    path.write_bytes(bytes(data))


def folder_instead(path: Path) -> None:
    path.unlink()
    path.mkdir()


#: name -> (how to damage the index folder, what the sentence names)
DAMAGES: dict[str, tuple[Callable[[Path], object], str]] = {
    "segment cut in half": (lambda ix: cut(segment(ix)), "cut short"),
    "segment cut to 10 bytes": (lambda ix: os.truncate(segment(ix), 10), "cut short"),
    "segment emptied": (lambda ix: os.truncate(segment(ix), 0), "cut short"),
    "segment missing": (lambda ix: segment(ix).unlink(), ".seg is missing"),
    "segment is a folder": (lambda ix: folder_instead(segment(ix)), "is a folder"),
    "garbage table of contents": (lambda ix: toc(ix).write_bytes(b"\x07garbage" * 40), "garbled"),
    "empty table of contents": (lambda ix: toc(ix).write_bytes(b""), "garbled"),
    "table of contents cut short": (lambda ix: cut(toc(ix), by=20), "cut short"),
    "table of contents missing": (lambda ix: toc(ix).unlink(), "table of contents"),
    "newer garbage table of contents": (lambda ix: (ix / "_MAIN_9.toc").write_bytes(b"garbage"), "garbled"),
    "garbage marker": (lambda ix: (ix / "quotefind.json").write_bytes(b"\xff\x00{garbage"), "marker"),
    "empty marker": (lambda ix: (ix / "quotefind.json").write_bytes(b""), "marker"),
    "marker of another program": (lambda ix: (ix / "quotefind.json").write_text("[5]"), "marker"),
    "marker is a folder": (lambda ix: folder_instead(ix / "quotefind.json"), "marker"),
}


@pytest.fixture(params=sorted(DAMAGES))
def damage(request: pytest.FixtureRequest, whole: Path, tmp_path: Path) -> tuple[Path, str]:
    ix = tmp_path / "damaged"
    shutil.copytree(whole, ix)
    how, named = DAMAGES[request.param]
    how(ix)
    return ix, named


def assert_diagnosed(result: object, named: str) -> None:
    err = result.stderr  # type: ignore[attr-defined]
    assert result.exit_code == 2, (result.exit_code, err)  # type: ignore[attr-defined]
    assert "internal error" not in err and "Traceback" not in err, err
    assert err.startswith("quotefind: ") and err.count("\n") == 1, err
    assert "is damaged" in err and named in err, err
    assert REBUILD in err, err


@pytest.mark.parametrize(
    "command", [("speakers",), ("search", "talks"), ("search",), ("show", "abcdef12"), ("check",)]
)
def test_a_damaged_index_is_one_sentence_with_the_remedy(
    damage: tuple[Path, str], command: tuple[str, ...]
) -> None:
    ix, named = damage
    assert_diagnosed(run(*command, "--index", str(ix)), named)


def test_index_into_a_damaged_index_says_so_never_no_changes(damage: tuple[Path, str]) -> None:
    ix, named = damage
    result = run("index", str(SEEDS), "--index", str(ix))
    assert "no changes" not in result.stderr
    assert_diagnosed(result, named)


def test_rebuild_mends_a_damaged_index(damage: tuple[Path, str]) -> None:
    ix, _ = damage
    result = run("index", "--rebuild", str(SEEDS), "--index", str(ix))
    assert result.exit_code == 0, result.stderr
    assert run("check", "--index", str(ix)).exit_code == 0
    assert run("speakers", "--index", str(ix)).exit_code == 0


def test_a_lock_file_that_is_a_folder_is_named_with_its_remedy(whole: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    shutil.copytree(whole, ix)
    lock = ix / "MAIN_WRITELOCK"
    if lock.exists():
        lock.unlink()
    lock.mkdir()
    for command in (("index", str(SEEDS)), ("check",)):
        result = run(*command, "--index", str(ix))
        assert result.exit_code == 2 and "internal error" not in result.stderr, result.stderr
        assert "lock file MAIN_WRITELOCK is a folder - remove that folder" in result.stderr
    # Reading needs no lock.
    assert run("speakers", "--index", str(ix)).exit_code == 0


def test_check_says_a_whole_index_is_whole(whole: Path) -> None:
    result = run("check", "--index", str(whole))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"The index at {whole} is whole: 1 segment, ")
    assert "27 statements" in result.stdout and "postings read" in result.stdout


def test_check_reads_what_a_search_does_not(whole: Path, tmp_path: Path) -> None:
    """Garbage inside a segment's data: searches that do not read it still work; check finds it."""
    ix = tmp_path / "ix"
    shutil.copytree(whole, ix)
    overwrite_middle(segment(ix))
    result = run("check", "--index", str(ix))
    assert result.exit_code == 2, result.output
    assert f"is damaged: segment {segment(ix).stem}" in result.stderr and REBUILD in result.stderr
    assert "internal error" not in result.stderr


def test_check_reads_every_segment(whole: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    shutil.copytree(whole, ix)
    more = tmp_path / "more.txt"
    more.write_text('"We will build it," said Kari Nordmann.\n', encoding="utf-8")
    assert run("index", str(more), "--index", str(ix)).exit_code == 0
    result = run("check", "--index", str(ix))
    assert result.exit_code == 0 and "2 segments" in result.stdout, result.output
    overwrite_middle(sorted(ix.glob("*.seg"), key=lambda p: p.stat().st_mtime_ns)[-1])
    assert run("check", "--index", str(ix)).exit_code == 2


def test_check_without_an_index_is_an_error(tmp_path: Path) -> None:
    result = run("check", "--index", str(tmp_path / "none"))
    assert result.exit_code == 2 and "No index at" in result.stderr


# --- an index without a commit yet ---------------------------------------------------------------


@pytest.fixture
def empty_index(tmp_path: Path, index_dir: Path) -> Path:
    (tmp_path / "nothing").mkdir()
    result = run("index", str(tmp_path / "nothing"))
    assert result.exit_code == 0, result.stderr
    assert not list(index_dir.glob("*.seg"))
    return index_dir


@pytest.mark.parametrize(
    "command",
    [
        ("search", "talks"),
        ("search", '"peace talks"'),
        ("search", "talks", "--speaker", "Halvorsen"),
        ("search", "talks", "--source", "bbc"),
        ("search", "talks", "--since", "2020"),
        ("search",),
        ("verify", "the talks went well"),
        ("speakers",),
    ],
)
def test_an_index_without_a_commit_finds_nothing(empty_index: Path, command: tuple[str, ...]) -> None:
    result = run(*command, "--format", "jsonl")
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.stderr and result.stderr == "", result.stderr
    assert all(row.get("status", "not_found") == "not_found" for row in jsonl(result.stdout))


def test_check_says_an_index_without_a_commit_is_whole(empty_index: Path) -> None:
    result = run("check")
    assert result.exit_code == 0 and "0 segments" in result.stdout, result.output


# --- --prune decides "gone" by os.stat ---------------------------------------------------------------


def test_prune_removes_only_files_known_to_be_gone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that cannot be looked at (permission denied, an I/O error) keeps its statements."""
    import errno

    from quotefind.store.whoosh import session as session_module
    from quotefind.store.whoosh.session import write_session

    news = tmp_path / "news"
    news.mkdir()
    for name in ("kept", "locked", "failing", "gone", "under-a-file"):
        (news / f"{name}.txt").write_text(f'"We will build {name}," said Kari Nordmann.\n', encoding="utf-8")
    assert run("index", str(news)).exit_code == 0
    (news / "gone.txt").unlink()
    (news / "under-a-file.txt").unlink()
    real_stat = os.stat

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        name = os.fspath(path)  # type: ignore[arg-type]
        if name.endswith("locked.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", name)
        if name.endswith("failing.txt"):
            raise OSError(errno.EIO, "Input/output error", name)
        if name.endswith("under-a-file.txt"):
            raise NotADirectoryError(errno.ENOTDIR, "Not a directory", name)
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    with monkeypatch.context() as patched, write_session(Path(os.environ["QUOTEFIND_INDEX"])) as s:
        patched.setattr(session_module.os, "stat", stat)
        s.prune_missing()
        summary = s.summary()
    assert summary.removed == 2
    exported = run("export")
    assert exported.exit_code == 0, exported.output
    paths = {Path(r["source"]["path"]).name for r in jsonl(exported.stdout)}
    assert paths == {"kept.txt", "locked.txt", "failing.txt"}


# --- --rebuild through a symbolic link --------------------------------------------------------------


def test_rebuild_through_a_link_rebuilds_the_folder_it_points_to(tmp_path: Path) -> None:
    target = tmp_path / "data" / "index"
    target.parent.mkdir()
    link = tmp_path / "index-link"
    link.symlink_to(target, target_is_directory=True)
    assert run("index", str(SEEDS), "--index", str(link)).exit_code == 0
    assert (target / "quotefind.json").is_file()
    before = set(target.glob("*.seg"))
    # An earlier rebuild through the link left a sibling link behind (quotefind before this fix).
    (tmp_path / "index-link.new-0123abcd").symlink_to(target, target_is_directory=True)
    result = run("index", "--rebuild", str(SEEDS), "--index", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert target.is_dir() and not target.is_symlink()
    assert set(target.glob("*.seg")) and set(target.glob("*.seg")) != before
    left = sorted(
        p.name
        for p in (*tmp_path.iterdir(), *target.parent.iterdir())
        if ".new-" in p.name or ".old-" in p.name
    )
    assert left == []
    assert run("search", "talks", "--index", str(link)).exit_code == 0
    assert run("check", "--index", str(target)).exit_code == 0


def test_a_link_to_a_folder_not_made_yet_becomes_an_index_there(tmp_path: Path) -> None:
    target = tmp_path / "data" / "index"
    link = tmp_path / "index-link"
    link.symlink_to(target, target_is_directory=True)
    assert run("index", str(SEEDS), "--index", str(link)).exit_code == 0
    assert link.is_symlink() and (target / "quotefind.json").is_file()
