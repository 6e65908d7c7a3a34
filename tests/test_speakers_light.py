"""The light reads of a `speakers` page give what the full ones give, on real indexes in tmp_path:
a name's speakers and article ids (`credits`) as its whole statements say them, a segment's stored
documents as Whoosh reads them, and which names may split (`splits`) as the whole lexicon says."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh.reading import TermNotFound

from quotefind.errors import QuotefindError
from quotefind.model import Statement
from quotefind.store.whoosh.credits import (
    _read_stored_documents,
    credit_of,
    live_ids,
    speaker_credits,
)
from quotefind.store.whoosh.lexicons import _searcher
from quotefind.store.whoosh.read import statement_from_fields
from quotefind.store.whoosh.roster import list_speakers
from quotefind.store.whoosh.splits import SplitNames, _text_before_of
from quotefind.store.whoosh.stored import decode_stored

from .test_search_speakers import BANKS, build

#: Statements whose JSON is hard to cut: quotes, backslashes and `"speaker": ` in the text, the
#: name or the mention; braces in the speaker; a mention longer than the first window read; accents
#: and wide characters.
TRICKY = {
    "tricky.txt": [
        'Ann "Speaker" Lee||Ann|he said "speaker": {"name": "Evil"} and left',
        'Ann "Speaker" Lee|||a backslash \\ and \\" and "\\"speaker\\": "',
        'Evil "speaker": {"name": "X"}|||the name holds the key',
        "Zoë Ångström|Café Société|" + "é" * 300 + "|accents past the window",
        "Long Mention||" + "Long Mention, " * 60 + "who spoke at length|a long mention",
        "李明|新华社|李明 of 新华社 🙂|wide characters",
        "Bank|Riverbank|riverbank of the Thames|a bank of another kind",
        "Of||x of of y|overlapping ofs",
        "Curly|Org}|the {curly} one|braces in the speaker",
        "Curly|Org}|the {curly} one|the same speaker again",
        "Curly||the curly one}|a brace last",
    ],
}


@contextlib.contextmanager
def written_before_the_fields(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Statements written as before the `speaker_credit` and `speaker_of` fields were: a page then
    reads the stored documents and the `speaker_names` terms."""
    import quotefind.store.whoosh.documents as documents

    original = documents.statement_fields
    dropped = ("speaker_credit", "speaker_of")

    def fields(*args: Any, **kwargs: Any) -> dict[str, Any]:
        return {k: v for k, v in original(*args, **kwargs).items() if k not in dropped}

    with monkeypatch.context() as patched:
        patched.setattr(documents, "statement_fields", fields)
        yield


def build_replaced(index_dir: Path) -> Path:
    """BANKS and TRICKY, one segment an article, then two articles replaced: segments with deletions."""
    build(index_dir, {**BANKS, **TRICKY})
    build(index_dir, {"boj.txt": ["Bank|Japan|the Bank of Japan|the yen is weak now"]})
    build(index_dir, {"tricky.txt": [*TRICKY["tricky.txt"][1:], "Ann Lee|||one more"]})
    return index_dir


@pytest.fixture
def replaced(index_dir: Path) -> Path:
    return build_replaced(index_dir)


def stored_names(searcher: object) -> list[str]:
    names: set[str] = set()
    for sub, _ in searcher.leaf_searchers():  # type: ignore[attr-defined]
        names.update(t.decode("utf-8") for t in sub.reader().lexicon("speaker_name") if t)
    return sorted(names)


def statements_of_speaker(searcher: Any, name: str) -> list[Statement]:
    """The whole statements of a stored speaker name (deleted ones skipped), in index order, read
    through Whoosh's own postings and stored fields: what the light credits must agree with."""
    out: list[Statement] = []
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        try:
            docnums = list(reader.postings("speaker_name", name).all_ids())
        except TermNotFound:
            continue
        out.extend(statement_from_fields(searcher.stored_fields(offset + d)) for d in docnums)
    return out


@pytest.fixture
def replaced_before(index_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`replaced`, written before the `speaker_credit` and `speaker_of` fields were."""
    with written_before_the_fields(monkeypatch):
        return build_replaced(index_dir)


@pytest.mark.parametrize("fixture", ["replaced", "replaced_before"])
def test_light_credits_are_the_full_statements_speakers_and_articles(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    with _searcher(request.getfixturevalue(fixture)) as (searcher, _):
        assert any(sub.reader().has_deletions() for sub, _ in searcher.leaf_searchers())
        names = stored_names(searcher)
        assert {"Bank", "BANK", 'Ann "Speaker" Lee', "李明", "Long Mention", "Curly"} <= set(names)
        for name in names:
            full = [(st.speaker, st.article_id) for st in statements_of_speaker(searcher, name)]
            assert full, name
            assert list(speaker_credits(searcher, name)) == full, name
            for limit in (1, 2, 3):
                assert list(speaker_credits(searcher, name, limit)) == full[:limit], name


def test_a_light_credit_falls_back_to_the_whole_document() -> None:
    statement = {"id": "1", "kind": "claim", "text": "t", "speaker": {"name": "A", "mention": "m" * 2000}}
    document = json.dumps({"article_id": "a1", "data": json.dumps(statement)}, separators=(",", ":"))
    speaker, article = credit_of(document.encode())
    assert (speaker.name, speaker.mention, article) == ("A", "m" * 2000, "a1")
    # Written compactly, not as `Statement.to_dict` is stored: the whole document is read.
    compact = json.dumps({"article_id": "a\\2", "data": json.dumps(statement, separators=(",", ":"))})
    assert credit_of(compact.encode())[0].name == "A"
    assert credit_of(compact.encode())[1] == "a\\2"


def test_stored_documents_are_whoosh_own(replaced: Path) -> None:
    with _searcher(replaced) as (searcher, _):
        for sub, _ in searcher.leaf_searchers():
            reader = sub.reader()
            document = _read_stored_documents(reader)
            assert document is not None
            for docnum in range(reader.doc_count_all()):
                assert decode_stored(document(docnum)) == reader.stored_fields(docnum)


def test_stored_documents_with_written_offsets_are_whoosh_own(
    index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whoosh writes each document's offset too in a column of over 32,768 documents: here of over 2.
    from whoosh.columns import VarBytesColumn

    monkeypatch.setattr(VarBytesColumn.Writer.__init__, "__defaults__", (True, 2))
    build(index_dir, BANKS)
    with _searcher(index_dir) as (searcher, _):
        seen = 0
        for sub, _ in searcher.leaf_searchers():
            reader = sub.reader()
            if reader.doc_count_all() <= 2:
                continue
            from whoosh.codec.whoosh3 import STORED_COLUMN

            assert reader._perdoc._cached_reader("_stored", STORED_COLUMN)._child.had_stored_offsets
            document = _read_stored_documents(reader)
            assert document is not None
            for docnum in range(reader.doc_count_all()):
                assert decode_stored(document(docnum)) == reader.stored_fields(docnum)
                seen += 1
        assert seen


def test_live_ids_are_whoosh_own_postings(replaced: Path) -> None:
    with _searcher(replaced) as (searcher, _):
        for name in stored_names(searcher):
            for sub, _ in searcher.leaf_searchers():
                reader = sub.reader()
                if name.encode("utf-8") not in set(reader.lexicon("speaker_name")):
                    continue
                own = list(reader.postings("speaker_name", name).all_ids())
                assert live_ids(reader, "speaker_name", name) == own
                assert live_ids(reader, "speaker_name", name, 1) == own[:1]


def test_names_that_may_split_are_the_lexicon_own(replaced: Path) -> None:
    with _searcher(replaced) as (searcher, lex):
        # The term files were read (not the fallback to the lexicon).
        assert _text_before_of(searcher, "speaker_names") is not None
        splits = SplitNames(searcher, lex)
        keys = set(lex.speakers) | {w for k in lex.speakers for w in k.split()}
        keys |= {"bank", "ank", "riverbank", "of", "x of", "the bank", "bank of japan", "nobody"}
        says = {k: splits.may_split(k) for k in sorted(keys)}
        assert says == {k: lex.speaker_lines.find(f"{k} of ") >= 0 for k in sorted(keys)}
        assert says["bank"] and says["ank"] and says["of"] and says["x of"] and not says["nobody"]


def test_a_first_page_reads_no_lexicon(replaced: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from quotefind.store.whoosh.lexicons import _Lexicons

    whole = list_speakers(replaced)
    monkeypatch.setattr(_Lexicons, "_terms", lambda *_: pytest.fail("a lexicon was read"))
    for limit in (1, 3, 10):
        assert list_speakers(replaced, limit=limit) == whole[:limit]


def test_bounds_read_from_the_term_files_are_whoosh_own(
    replaced_before: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import struct

    import quotefind.store.whoosh.read as read

    # Written before the `speaker_credit` column: the deleted statements' names are not known.
    with _searcher(replaced_before) as (searcher, _):
        fast = read.speaker_name_bounds(searcher)
        assert fast == read.speaker_name_bounds(searcher, fast=False)
        assert fast[0]["Bank"] > 1 and fast[1]

        def damaged(*_args: object) -> bool:
            raise struct.error("unpack_from requires a buffer of at least 8 bytes")

        # Where every segment holds deleted statements, every name may count fewer.
        from whoosh.reading import SegmentReader

        with monkeypatch.context() as patched:
            patched.setattr(SegmentReader, "has_deletions", lambda _self: True)
            assert read.speaker_name_bounds(searcher) == (fast[0], set(fast[0]))

        # A term file cut short: read again through Whoosh (whose error would name the damage).
        monkeypatch.setattr(read, "_sum_doc_frequencies", damaged)
        assert read.speaker_name_bounds(searcher) == fast


def test_counts_of_segments_with_credits_take_their_deleted_statements_off(
    replaced: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quotefind.store.whoosh.read as read

    with _searcher(replaced) as (searcher, _):
        assert any(sub.reader().has_deletions() for sub, _ in searcher.leaf_searchers())
        exact = read.speaker_name_counts(searcher)
        assert read.speaker_name_bounds(searcher) == (exact, set())
        assert read.speaker_name_bounds(searcher, fast=False) == (exact, set())
        # Three statements of `Ann "Speaker" Lee` were written, two of them replaced.
        assert exact['Ann "Speaker" Lee'] == 1 and exact["Bank"] > 1


def test_a_garbled_stored_document_on_a_first_page_is_named_damage(
    index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zlib

    from .clirun import run

    # Written before the `speaker_credit` column: the page reads the stored documents.
    with written_before_the_fields(monkeypatch):
        build(index_dir, {**BANKS, **TRICKY})

    def garbled(_data: object) -> bytes:
        raise zlib.error("Error -3 while decompressing data: incorrect header check")

    from quotefind.store.whoosh import compress

    monkeypatch.setattr(compress, "inflate", lambda: garbled)
    result = run("speakers", "--limit", "3", "-f", "jsonl")
    assert result.exit_code == 2, result.output
    assert "is damaged" in result.stderr and "internal error" not in result.stderr, result.stderr


def test_inflate_gives_zlib_bytes_and_errors() -> None:
    import zlib

    from quotefind.store.whoosh.compress import compress, inflate

    data = json.dumps({"data": "x" * 500, "article_id": "é"}).encode()
    assert inflate()(compress(data, 3)) == inflate()(zlib.compress(data)) == data
    with pytest.raises(zlib.error):
        inflate()(b"not a zlib stream")


@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=12), max_size=8))
def test_names_folded_together_are_folded_one_by_one(names: list[str]) -> None:
    from quotefind.analysis import fold_name
    from quotefind.search.identities import fold_names

    assert fold_names(names) == [fold_name(name) for name in names]
    spaced = [f" {name}. " for name in names] + ["...", "-", "a\0b", " Zoë  Ångström "]
    assert fold_names(spaced) == [fold_name(name) for name in spaced]


def test_a_library_lists_pages_again_without_reading_the_term_files_again(
    replaced: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quotefind.store.whoosh.roster as roster
    import quotefind.store.whoosh.splits as splits

    first = list_speakers(replaced, limit=3)
    monkeypatch.setattr(roster, "speaker_name_bounds", lambda *_: pytest.fail("term files read again"))
    monkeypatch.setattr(splits, "_text_before_of", lambda *_: pytest.fail("term files read again"))
    assert list_speakers(replaced, limit=3) == first
    assert list_speakers(replaced, limit=5, sort="name") == list_speakers(replaced, sort="name")[:5]
    # Another state of the index is read anew.
    build(replaced, {"new.txt": [f"Zed Zulu|||{i}" for i in range(9)]})
    monkeypatch.undo()
    assert list_speakers(replaced, limit=1)[0].name == "Zed Zulu"


@pytest.mark.parametrize("enabled", [True, False])
def test_a_listing_leaves_the_garbage_collector_as_it_found_it(replaced: Path, enabled: bool) -> None:
    import gc

    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        assert list_speakers(replaced, limit=2)
        assert gc.isenabled() is enabled
        with pytest.raises(QuotefindError):  # raised while paused: no index there
            list_speakers(replaced / "missing", limit=2)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
