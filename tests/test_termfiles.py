"""The term files of an index read without Whoosh (`quotefind.termfiles`), as tab completion reads
them when its own files are missing: the same names, counts and ids as Whoosh's readers, on
indexes of several segments with deleted documents; anything else is `UnreadableError`, and the
completion then asks Whoosh. Speed is measured by bench/bench_completion.py, not here."""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from quotefind import complete, termfiles
from quotefind.model import Article, Speaker
from quotefind.store.whoosh.session import add_statements
from quotefind.store.whoosh.store import WhooshStore

from .records import statement

NAMES = ["Tone Skogen", "Rune Andersen", "Lars Saunes", "Ine Eriksen Søreide"]


def _build(location: Path, batches: int = 4, per: int = 6) -> None:
    """An index of `batches` segments (one a commit), the first and last with a deleted statement,
    then one of a single statement of a name already there."""
    for batch in range(batches):
        add_statements(
            location,
            [
                statement(
                    f"words {batch} {i}", speaker=Speaker(name=NAMES[(batch + i) % 4]), key=f"k{batch}-{i}"
                )
                for i in range(per)
            ],
        )
    store = WhooshStore(location)
    for batch, i in ((0, 1), (batches - 1, 3)):
        gone = statement(f"words {batch} {i}", key=f"k{batch}-{i}")
        assert store.delete_article(Article(text=gone.text, source=gone.source, key=f"k{batch}-{i}").id) == 1
    add_statements(location, [statement("new words", speaker=Speaker(name="Tone Skogen"), key="k1-0")])


def _whoosh_reads(location: Path) -> tuple[dict[str, int], list[str]]:
    from quotefind.store.whoosh.location import open_index
    from quotefind.store.whoosh.read import speaker_name_counts

    with open_index(location).searcher() as searcher:
        return speaker_name_counts(searcher), complete._index_ids(searcher)


@pytest.fixture
def built(index_dir: Path) -> Path:
    _build(index_dir)
    with termfiles.TermFiles(index_dir) as files:
        # What the comparisons rest on: several segments, deletions in some.
        assert len(files.segments) > 1
        assert any(segment.deleted for segment in files.segments)
        assert any(not segment.deleted for segment in files.segments)
    return index_dir


def test_names_and_ids_are_those_whoosh_reads(built: Path) -> None:
    names, ids = _whoosh_reads(built)
    with termfiles.TermFiles(built) as files:
        assert files.name_counts() == names
        assert complete._hex_sorted(files.all_ids()) == ids
        prefixes = ["", ids[0][:1], ids[5][:2], ids[-1][:3], ids[7], "zz", "ff"]
        for prefix in prefixes:
            for most in (1, 2, 50):
                assert files.ids(prefix, most=most, wanted=complete._HEX.issuperset) == (
                    complete._prefixed_ids_with_whoosh(built, prefix, most)
                ), (prefix, most)
    # The deleted statements are neither counted nor offered.
    assert len(ids) == 4 * 6 - 2 + 1
    assert sum(names.values()) == len(ids)


def test_a_completion_without_its_files_reads_the_term_files(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotefind.store.whoosh import location

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("Whoosh opened the index")

    names, ids = _whoosh_reads(built)
    monkeypatch.setattr(location, "open_index", refuse)
    monkeypatch.setattr(complete, "_refresh_in_background", lambda location: None)
    assert complete.name_counts(built) == names
    assert complete.statement_ids(built, ids[3][:2]) == [i for i in ids if i.startswith(ids[3][:2])]
    complete.refresh(built)
    assert complete.statement_ids(built, "") == ids


def test_unreadable_term_files_are_read_by_whoosh(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unreadable(location: Path) -> None:
        raise termfiles.UnreadableError("a format of another Whoosh")

    names, ids = _whoosh_reads(built)
    monkeypatch.setattr(termfiles, "TermFiles", unreadable)
    monkeypatch.setattr(complete, "_refresh_in_background", lambda location: None)
    assert complete.speaker_names(built, "sko") == ["skogen"]
    assert complete.name_counts(built) == names
    assert complete.statement_ids(built, ids[3][:2]) == [i for i in ids if i.startswith(ids[3][:2])]
    complete.refresh(built)
    assert complete.statement_ids(built, "") == ids


def test_loose_segment_files_are_read(index_dir: Path) -> None:
    """A segment Whoosh wrote as loose files (`compound=False`), not one `.seg` file."""
    from quotefind.store.whoosh.location import open_index

    _build(index_dir, batches=1)
    writer = open_index(index_dir).writer(compound=False)
    writer.add_document(id="0123456789abcdef", doctype="statement", speaker_name="Lars Saunes")
    writer.commit(merge=False)
    assert any(name.endswith(".trm") for name in os.listdir(index_dir))
    names, ids = _whoosh_reads(index_dir)
    with termfiles.TermFiles(index_dir) as files:
        assert files.name_counts() == names and names["Lars Saunes"] == 2
        assert complete._hex_sorted(files.all_ids()) == ids and "0123456789abcdef" in ids


@pytest.mark.parametrize(
    ("deleted", "frequency", "first", "last", "live"),
    [
        (set(), 1, 0, 0, True),
        ({0}, 1, 0, 0, False),
        ({0}, 1, 1, 1, True),
        ({0, 5}, 2, 0, 5, False),  # two documents, both deleted
        ({0}, 2, 0, 5, True),
        ({5}, 3, 0, 5, True),
    ],
)
def test_a_term_lives_while_one_of_its_documents_does(
    deleted: set[int], frequency: int, first: int, last: int, live: bool
) -> None:
    segment = object.__new__(termfiles._Segment)
    segment.deleted = frozenset(deleted)
    data = termfiles._TERMINFO.pack(0, 1.0, frequency, 1, 1, 1.0, first, last)
    assert segment.live(data, 0) is live


def test_a_term_with_deleted_ends_and_others_between_is_left_to_whoosh() -> None:
    segment = object.__new__(termfiles._Segment)
    segment.deleted = frozenset({0, 9})
    data = termfiles._TERMINFO.pack(0, 1.0, 3, 1, 1, 1.0, 0, 9)
    with pytest.raises(termfiles.UnreadableError):
        segment.live(data, 0)


def _toc(location: Path) -> Path:
    return max(location.glob("_MAIN_*.toc"), key=lambda p: int(p.stem.rsplit("_", 1)[1]))


def _cut_toc(location: Path) -> None:
    toc = _toc(location)
    toc.write_bytes(toc.read_bytes()[:40])


def _other_toc_version(location: Path) -> None:
    toc = _toc(location)
    data = toc.read_bytes()
    at = data.index(struct.pack("!i", -12345)) + 4
    toc.write_bytes(data[:at] + struct.pack("!i", -110) + data[at + 4 :])


def _garbled_segment(location: Path) -> None:
    for seg in location.glob("*.seg"):
        seg.write_bytes(b"\x00" * 8 + seg.read_bytes()[8:])


def _cut_segment(location: Path) -> None:
    for seg in location.glob("*.seg"):
        seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 2])


def _missing_segment(location: Path) -> None:
    next(location.glob("*.seg")).unlink()


def _no_toc(location: Path) -> None:
    for toc in location.glob("_MAIN_*.toc"):
        toc.unlink()


class _RunsCode:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch ran",))


def _code_in_toc(location: Path) -> None:
    """A table of contents whose segments' pickle would run a command (a crafted index folder)."""
    toc = _toc(location)
    data = toc.read_bytes()
    start = data.index(b"\x80", data.index(struct.pack("!i", -12345)) + 12)
    toc.write_bytes(data[:start] + pickle.dumps([_RunsCode()], protocol=5))


@pytest.mark.parametrize(
    "damage",
    [_cut_toc, _other_toc_version, _garbled_segment, _cut_segment, _missing_segment, _no_toc, _code_in_toc],
)
def test_what_is_not_a_readable_index_is_unreadable(
    damage: object, index_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _build(index_dir, batches=2)
    monkeypatch.chdir(tmp_path)
    damage(index_dir)  # type: ignore[operator]
    with pytest.raises(termfiles.UnreadableError), termfiles.TermFiles(index_dir) as files:
        files.name_counts()
        files.all_ids()
    assert not (tmp_path / "ran").exists()


def test_a_pickle_naming_no_whoosh_class_is_refused_without_importing() -> None:
    crafted = pickle.dumps([_RunsCode()], protocol=2)
    with pytest.raises(termfiles.UnreadableError, match=r"(posix|os|nt)\.system"):
        termfiles._unpickle(crafted)


def test_the_index_name_is_the_schemas() -> None:
    from quotefind.store.whoosh.schema import INDEXNAME

    assert termfiles.INDEXNAME == complete.INDEXNAME == INDEXNAME


@pytest.mark.parametrize("words", ["quotefind search --speaker sko", "quotefind show "])
def test_a_completion_without_its_files_imports_no_whoosh(words: str, built: Path, tmp_path: Path) -> None:
    """A whole completion process on an index without completion files (one written by an older
    quotefind, or copied without its dot-files) reads the term files without importing Whoosh."""
    for name in (complete.NAMES_FILE, complete.IDS_FILE):
        (built / name).unlink(missing_ok=True)
    script = (
        "import sys; sys.argv = ['quotefind']\n"
        "from quotefind.__main__ import main\n"
        "main()\n"
        "print('loaded:', *sorted(m for m in sys.modules if m.split('.')[0] == 'whoosh'))"
    )
    env = {
        **os.environ,
        "_QUOTEFIND_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
        "QUOTEFIND_INDEX": str(built),
        "PYTHONPATH": os.pathsep.join(
            [str(Path(__file__).resolve().parents[1] / "src"), os.environ.get("PYTHONPATH", "")]
        ),
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    ids = _whoosh_reads(built)[1]
    assert lines[:-1] == (["skogen"] if "speaker" in words else ids)
    assert lines[-1] == "loaded:"
    _wait_for(built / complete.IDS_FILE if "show" in words else built / complete.NAMES_FILE)


def _wait_for(path: Path) -> None:
    """The id completion's refresh runs on after it: let it finish before the folder goes."""
    import time

    waited = time.monotonic()
    while not path.exists() and time.monotonic() - waited < 30:
        time.sleep(0.05)
    assert path.exists()


@pytest.mark.parametrize("cutoff", [2**15, 1])
def test_stored_fields_are_read_with_and_without_written_offsets(cutoff: int) -> None:
    """A segment of more than 32,768 documents (a merged one) writes its column's offsets too."""
    import io
    import json
    import zlib

    from whoosh.columns import VarBytesColumn
    from whoosh.filedb.structfile import StructFile

    docs = [{"id": f"{i:016x}", "speaker_name": f"Name {i}"} for i in range(300)] + [{}]
    buffer = io.BytesIO()
    writer = VarBytesColumn(allow_offsets=True, write_offsets_cutoff=cutoff).writer(StructFile(buffer))
    for docnum, fields in enumerate(docs):
        writer.add(docnum, zlib.compress(json.dumps(fields).encode()) if fields else b"")
    writer.finish(len(docs))
    data = buffer.getvalue()
    assert (data[-1:] == b"X") is (cutoff == 1)
    segment = object.__new__(termfiles._Segment)
    segment.count = len(docs)
    segment._file = lambda suffix: memoryview(data)  # type: ignore[method-assign]
    assert [segment.stored_fields(docnum) for docnum in range(len(docs))] == docs
