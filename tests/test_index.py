"""Incremental, safe indexing through the library: a real Whoosh index in tmp_path, fixture corpora."""

from __future__ import annotations

import io
import json
import os
import time
import weakref
from pathlib import Path

import pytest

from quotefind import pipeline
from quotefind.errors import IndexLockedError, IndexVersionError, NotAnIndexError
from quotefind.ingest import read_inputs
from quotefind.model import SCHEMA_VERSION, Article, Source, Speaker, Statement
from quotefind.pipeline import add_articles, index_paths
from quotefind.store.whoosh import compress as compress_module
from quotefind.store.whoosh import merge as merge_module
from quotefind.store.whoosh import postings as postings_module
from quotefind.store.whoosh import session as session_module
from quotefind.store.whoosh.compress import deflate, zlib_compress
from quotefind.store.whoosh.documents import (
    extract_article,
    file_of,
    lexicon_doc_id,
    lexicon_document,
    statement_fields,
)
from quotefind.store.whoosh.location import MARKER, create_or_open, open_index, write_marker
from quotefind.store.whoosh.lock import IndexLock
from quotefind.store.whoosh.patches import writer_class
from quotefind.store.whoosh.postings import add_prepared
from quotefind.store.whoosh.prepare import text_postings
from quotefind.store.whoosh.read import iter_statements
from quotefind.store.whoosh.records import article_record_fields, read_records
from quotefind.store.whoosh.schema import LEXICON, build_schema
from quotefind.store.whoosh.session import add_statements, write_session

from .conftest import SEEDS


def article_text(i: int, version: int = 0) -> str:
    """A small synthetic article: two double-quoted quotes, except every seventh has none."""
    if i % 7 == 3:
        return f"Notice {i}\n\nThe meeting on item {i} was moved to Tuesday (edition {version}).\n"
    return (
        f"Bridges for district {i}\n\n"
        f'"We will build {i + version} new bridges in district {i}," said Mayor Alma Berg{i} on Monday.\n\n'
        f"The council said that the plan would cost {i * 3} million.\n\n"
        f'"Nobody asked us about option {i}, not once," a resident said (edition {version}).\n'
    )


def make_corpus(folder: Path, count: int, *, version: int = 0) -> Path:
    """Write `count` synthetic articles into folder (in two subfolders) and return it."""
    for i in range(count):
        path = folder / f"part{i % 2}" / f"article_{i:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_text(i, version), encoding="utf-8")
    return folder


def statement_ids(location: Path) -> list[str]:
    return sorted(st.id for st in iter_statements(location))


def toc_state(location: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in location.iterdir()}


def fake_extract(article: Article) -> list[Statement]:
    """One statement per line that contains 'said' (a deterministic stand-in extractor)."""
    out = []
    pos = 0
    for line in article.text.splitlines(keepends=True):
        if "said" in line:
            start, end = pos, pos + len(line.rstrip())
            out.append(
                Statement(
                    id=Statement.make_id(article.id, start, end),
                    kind="claim",
                    text=article.text[start:end],
                    speaker=Speaker(name="Alma Berg"),
                    cue="said",
                    source=article.source,
                    start=start,
                    end=end,
                    article_id=article.id,
                )
            )
        pos += len(line)
    return out


def test_unchanged_rerun_is_a_no_op_without_a_commit(tmp_path: Path, index_dir: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 20)
    first = index_paths(index_dir, [str(corpus)], jobs=1, extract=fake_extract)
    assert first.articles == 20 and first.unchanged == 0
    assert first.claims == 3 * sum(1 for i in range(20) if i % 7 != 3)
    before = toc_state(index_dir)
    again = index_paths(index_dir, [str(corpus)], jobs=1, extract=fake_extract)
    assert (again.articles, again.unchanged, again.statements, again.removed) == (0, 20, 0, 0)
    # Nothing was written: no new table of contents, no new segment.
    assert toc_state(index_dir) == before


def test_unchanged_files_are_not_read_again(
    tmp_path: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = make_corpus(tmp_path / "corpus", 10)
    index_paths(index_dir, [str(corpus)], jobs=1)
    read: list[str] = []
    real = pipeline.process_file
    monkeypatch.setattr(pipeline, "process_file", lambda task: read.append(task.path) or real(task))
    index_paths(index_dir, [str(corpus)], jobs=1)
    assert read == []
    # A touched file (same text, new time) is read once, found unchanged, and remembered.
    touched = corpus / "part1" / "article_0003.txt"
    os.utime(touched, ns=(time.time_ns(), time.time_ns() + 5_000_000_000))
    summary = index_paths(index_dir, [str(corpus)], jobs=1)
    assert read == [str(touched)]
    assert (summary.articles, summary.unchanged) == (0, 10)
    index_paths(index_dir, [str(corpus)], jobs=1)
    assert read == [str(touched)]


def test_changed_file_replaces_its_statements(tmp_path: Path, index_dir: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 10)
    index_paths(index_dir, [str(corpus)], jobs=1, extract=fake_extract)
    before = {st.id: st for st in iter_statements(index_dir)}
    changed = corpus / "part0" / "article_0004.txt"
    changed.write_text(article_text(4, version=1), encoding="utf-8")
    summary = index_paths(index_dir, [str(corpus)], jobs=1, extract=fake_extract)
    assert (summary.articles, summary.unchanged, summary.claims, summary.removed) == (1, 9, 3, 3)
    after = {st.id: st for st in iter_statements(index_dir)}
    gone = set(before) - set(after)
    new = set(after) - set(before)
    assert len(gone) == len(new) == 3
    assert all(before[i].source.path == str(changed) for i in gone)
    assert all(after[i].source.path == str(changed) for i in new)
    assert "5 new bridges" in " ".join(after[i].text for i in new)
    assert len(after) == len(before)


def test_prune_removes_statements_of_files_that_are_gone(tmp_path: Path, index_dir: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 10)
    index_paths(index_dir, [str(corpus)], jobs=1, extract=fake_extract)
    gone = corpus / "part0" / "article_0000.txt"
    gone.unlink()
    kept = index_paths(index_dir, [str(corpus)], jobs=1, extract=fake_extract)
    assert kept.removed == 0
    assert any(st.source.path == str(gone) for st in iter_statements(index_dir))
    pruned = index_paths(index_dir, [str(corpus)], jobs=1, prune=True, extract=fake_extract)
    assert (pruned.articles, pruned.unchanged, pruned.removed) == (0, 9, 3)
    assert not any(st.source.path == str(gone) for st in iter_statements(index_dir))
    keys = set(read_records(open_index(index_dir)))
    assert str(gone.resolve()) not in keys and len(keys) == 9


@pytest.mark.slow
def test_parallel_and_in_process_runs_give_the_same_index(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 2 * pipeline.PARALLEL_MIN_FILES)
    serial = index_paths(tmp_path / "serial", [str(corpus)], jobs=1)
    parallel = index_paths(tmp_path / "parallel", [str(corpus)], jobs=2)
    assert serial == parallel
    assert statement_ids(tmp_path / "serial") == statement_ids(tmp_path / "parallel")
    assert len(statement_ids(tmp_path / "serial")) == serial.statements > 0
    # A custom (module-level) extractor reaches the workers too.
    custom = index_paths(tmp_path / "custom", [str(corpus)], jobs=2, extract=fake_extract)
    assert custom.claims == 3 * sum(1 for i in range(len(list(corpus.rglob("*.txt")))) if i % 7 != 3)
    assert custom.quotes == 0


def test_a_parallel_run_commits_once_early_and_keeps_every_statement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer commits what it holds when the files still to come are a small share of it."""
    from quotefind.search import search

    monkeypatch.setattr(pipeline, "EARLY_COMMIT_MIN", 20)
    files = 2 * pipeline.PARALLEL_MIN_FILES
    corpus = make_corpus(tmp_path / "corpus", files)
    serial = index_paths(tmp_path / "serial", [str(corpus)], jobs=1)
    parallel = index_paths(tmp_path / "parallel", [str(corpus)], jobs=2)
    assert serial == parallel
    assert statement_ids(tmp_path / "serial") == statement_ids(tmp_path / "parallel")
    assert len(segment_sizes(tmp_path / "serial")) == 1
    # Two segments: the early commit's, then the rest (about 30 % of what the first one holds).
    sizes = [seg.doc_count_all() for seg in open_index(tmp_path / "parallel")._segments()]  # in commit order
    assert len(sizes) == 2 and sizes[1] < sizes[0]
    for q in ("bridges", "brdges"):  # a word, and a typo found through the lexicon documents
        found = {(h.statement.id, h.score) for h in search(tmp_path / "parallel", q, limit=500)}
        assert found == {(h.statement.id, h.score) for h in search(tmp_path / "serial", q, limit=500)}
        assert found
    assert index_paths(tmp_path / "parallel", [str(corpus)], jobs=2).unchanged == files


def test_prepared_documents_index_exactly_like_add_document(tmp_path: Path) -> None:
    """`add_prepared` skips Whoosh's own analysis step: the index must not tell the difference."""
    from whoosh import index as windex
    from whoosh.analysis import StandardAnalyzer
    from whoosh.qparser import QueryParser

    items = list(read_inputs([str(SEEDS), str(make_corpus(tmp_path / "corpus", 12))]))
    add_articles(tmp_path / "ours", items, extract=fake_extract)
    plain = tmp_path / "plain"
    plain.mkdir()
    ix = windex.create_in(str(plain), build_schema())
    writer = ix.writer()
    plain_words = StandardAnalyzer(stoplist=None, minsize=1)
    words: set[str] = set()
    for article in items:
        done = extract_article(article, fake_extract, file=file_of(article))
        for st in fake_extract(article):
            fields = statement_fields(st, content_hash=article.content_hash)
            writer.add_document(**fields)
            words.update(t.text for t in plain_words(fields["text"]))
        writer.add_document(**article_record_fields(done.record))
    # The commit's lexicon document: every plain word once, as Whoosh's standard analyser finds them.
    lexicon = sorted(words)
    writer.add_document(id=lexicon_doc_id(lexicon), doctype=LEXICON, words=" ".join(lexicon))
    writer.commit()
    ours = open_index(tmp_path / "ours")
    queries = ["bridges", "said", "words:bridges", "doctype:statement", 'text:"new bridges"', "kind:claim"]
    queries += ["words:said", "doctype:words"]
    with ours.searcher() as a, ix.searcher() as b:
        assert a.doc_count() == b.doc_count() > 0
        assert sorted(map(repr, a.all_stored_fields())) == sorted(map(repr, b.all_stored_fields()))
        for text in queries:
            q = QueryParser("text", ours.schema).parse(text)
            hits_a = [(h["id"], round(h.score, 6)) for h in a.search(q, limit=None)]
            hits_b = [(h["id"], round(h.score, 6)) for h in b.search(q, limit=None)]
            assert sorted(hits_a) == sorted(hits_b) and hits_a, text
        sort_a = [
            h["id"]
            for h in a.search(QueryParser("text", ours.schema).parse("said"), sortedby=["path", "order"])
        ]
        sort_b = [
            h["id"]
            for h in b.search(QueryParser("text", ix.schema).parse("said"), sortedby=["path", "order"])
        ]
        assert sort_a == sort_b


def test_articles_without_statements_are_remembered(tmp_path: Path, index_dir: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 8)
    index_paths(index_dir, [str(corpus)], jobs=1)
    records = read_records(open_index(index_dir))
    empty = [r for r in records.values() if r.statements == 0]
    assert len(empty) == 1 and empty[0].path.endswith("article_0003.txt")


def test_stdin_article_is_indexed_once(index_dir: Path) -> None:
    text = '"We will win this," Jane Doe said.\n'
    first = index_paths(index_dir, ["-"], stdin=io.StringIO(text), extract=fake_extract)
    again = index_paths(index_dir, ["-"], stdin=io.StringIO(text), extract=fake_extract)
    assert (first.articles, first.claims) == (1, 1)
    assert (again.articles, again.unchanged) == (0, 1)


def test_batches_commit_and_converge(tmp_path: Path, index_dir: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 30)
    summary = index_paths(index_dir, [str(corpus)], jobs=1, commit_every=4)
    reference = tmp_path / "reference"
    index_paths(reference, [str(corpus)], jobs=1)
    assert summary.articles == 30
    assert statement_ids(index_dir) == statement_ids(reference)


def test_failure_keeps_the_last_commit(tmp_path: Path, index_dir: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 12)
    index_paths(index_dir, [str(corpus)], jobs=1)
    before = statement_ids(index_dir)
    for i in range(12):
        (corpus / f"part{i % 2}" / f"article_{i:04d}.txt").write_text(article_text(i, 2), encoding="utf-8")

    calls = 0

    def failing(article: Article) -> list[Statement]:
        nonlocal calls
        calls += 1
        if calls == 9:
            raise RuntimeError("extractor bug")
        return list(qindex_extract(article))

    from quotefind.extract import extract as qindex_extract

    with pytest.raises(RuntimeError):
        index_paths(index_dir, [str(corpus)], jobs=1, extract=failing, commit_every=4)
    # Two batches of four were committed; the rest is as it was.
    records = read_records(open_index(index_dir))
    new_hashes = {a.key: a.content_hash for a in read_inputs([str(corpus)])}
    assert sum(1 for key, r in records.items() if new_hashes[key] == r.content_hash) == 8
    after = statement_ids(index_dir)
    assert after != before
    final = index_paths(index_dir, [str(corpus)], jobs=1)
    assert (final.articles, final.unchanged) == (4, 8)
    reference = tmp_path / "reference"
    index_paths(reference, [str(corpus)], jobs=1)
    assert statement_ids(index_dir) == statement_ids(reference)


def test_rebuild_swaps_in_a_new_index(tmp_path: Path, index_dir: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 10)
    index_paths(index_dir, [str(corpus)], jobs=1)
    ids = statement_ids(index_dir)
    inode = index_dir.stat().st_ino
    summary = index_paths(index_dir, [str(corpus)], jobs=1, rebuild=True)
    assert (summary.articles, summary.unchanged) == (10, 0)
    assert statement_ids(index_dir) == ids
    assert index_dir.stat().st_ino != inode
    assert sorted(p.name for p in index_dir.parent.iterdir() if p.name.startswith("index")) == ["index"]


def test_failed_rebuild_leaves_the_old_index(tmp_path: Path, index_dir: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 10)
    index_paths(index_dir, [str(corpus)], jobs=1)
    ids = statement_ids(index_dir)

    def broken(article: Article) -> list[Statement]:
        raise RuntimeError("extractor bug")

    with pytest.raises(RuntimeError):
        index_paths(index_dir, [str(corpus)], jobs=1, rebuild=True, extract=broken)
    assert statement_ids(index_dir) == ids
    assert sorted(p.name for p in index_dir.parent.iterdir() if p.name.startswith("index")) == ["index"]


def test_rebuild_refuses_a_folder_that_is_not_an_index(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(NotAnIndexError):
        index_paths(folder, [str(SEEDS)], rebuild=True)
    assert [p.name for p in folder.iterdir()] == ["todo.txt"]


def test_leftovers_of_killed_runs_are_harmless_and_cleaned(tmp_path: Path, index_dir: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 6)
    index_paths(index_dir, [str(corpus)], jobs=1)
    ids = statement_ids(index_dir)
    # What a kill leaves: a temporary postings folder, a half-written TOC, an orphan segment file,
    # and the folders of an unfinished rebuild.
    (index_dir / "MAIN.tmp").mkdir()
    (index_dir / "MAIN.tmp" / "abc.run").write_bytes(b"\0" * 10)
    (index_dir / "_MAIN_99.toc.1700000000.5").write_bytes(b"\0garbage")
    (index_dir / "MAIN_zzzzzzzzzzzzzzzz.seg").write_bytes(b"partial")
    (index_dir.parent / "index.new-0123abcd").mkdir()
    (index_dir.parent / "index.old-89abcdef").mkdir()
    (index_dir.parent / "index.new-mine").mkdir()  # not a name quotefind gives: kept
    assert statement_ids(index_dir) == ids
    assert index_paths(index_dir, [str(corpus)], jobs=1).unchanged == 6  # cleans, commits nothing
    names = {p.name for p in index_dir.iterdir()}
    assert not {"MAIN.tmp", "_MAIN_99.toc.1700000000.5", "MAIN_zzzzzzzzzzzzzzzz.seg"} & names
    siblings = sorted(p.name for p in index_dir.parent.glob("index.*-*"))
    assert siblings == ["index.new-mine"]


def test_a_marked_folder_without_data_is_completed(index_dir: Path) -> None:
    # What a kill between the marker and the first table of contents leaves in a placeholder folder.
    index_dir.mkdir()
    (index_dir / ".keep").write_text("", encoding="utf-8")
    write_marker(index_dir)
    summary = index_paths(index_dir, [str(SEEDS)], jobs=1)
    assert summary.articles == 2
    assert (index_dir / ".keep").exists() and statement_ids(index_dir)


def test_other_schema_version_is_detected_at_open(index_dir: Path) -> None:
    index_paths(index_dir, [str(SEEDS)], jobs=1)
    marker = index_dir / MARKER
    marker.write_text(json.dumps({"format": "quotefind-index", "schema": 0}), encoding="utf-8")
    with pytest.raises(IndexVersionError, match=r"schema version 0.*quotefind index --rebuild"):
        open_index(index_dir)
    with pytest.raises(IndexVersionError):
        index_paths(index_dir, [str(SEEDS)], jobs=1)
    summary = index_paths(index_dir, [str(SEEDS)], jobs=1, rebuild=True)
    assert summary.articles == 2
    assert json.loads(marker.read_text(encoding="utf-8"))["schema"] == SCHEMA_VERSION


def test_a_whoosh_index_without_marker_is_never_opened(tmp_path: Path) -> None:
    from whoosh import index as windex

    folder = tmp_path / "foreign"
    folder.mkdir()
    windex.create_in(str(folder), build_schema(), indexname="MAIN")
    before = sorted(p.name for p in folder.iterdir())
    with pytest.raises(NotAnIndexError):
        open_index(folder)
    with pytest.raises(NotAnIndexError):
        index_paths(folder, [str(SEEDS)], jobs=1)
    assert sorted(p.name for p in folder.iterdir()) == before


def test_lock_timeout_waits_then_fails_with_a_sentence(tmp_path: Path, index_dir: Path) -> None:
    index_paths(index_dir, [str(SEEDS)], jobs=1)
    with IndexLock(index_dir):
        start = time.monotonic()
        with pytest.raises(IndexLockedError, match="Another quotefind run holds the index"):
            index_paths(index_dir, [str(SEEDS)], jobs=1, lock_timeout=0.3)
        assert time.monotonic() - start >= 0.3
    assert index_paths(index_dir, [str(SEEDS)], jobs=1).unchanged == 2


def test_write_session_writes_nothing_when_nothing_changed(index_dir: Path) -> None:
    index_paths(index_dir, [str(SEEDS)], jobs=1)
    before = toc_state(index_dir)
    with write_session(index_dir) as session:
        assert len(session.records) == 2
        assert not session.changed
    assert toc_state(index_dir) == before


@pytest.mark.parametrize("isal", [True, False], ids=["isal", "zlib-fallback"])
def test_compression_writes_zlib_streams_with_or_without_isal(
    isal: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys
    import zlib

    deflate.cache_clear()
    if not isal:
        monkeypatch.setitem(sys.modules, "isal", None)  # as where no wheel could be installed
    try:
        compress = deflate()
        assert (compress is zlib_compress) is not isal
        data = json.dumps([{"text": f"We do not talk enough {k}", "n": k} for k in range(40)]).encode()
        for level in (0, 1, 3):
            packed = compress(data, level)
            assert zlib.decompress(packed) == data
            assert len(packed) < len(data) / 3 or level == 0
    finally:
        deflate.cache_clear()


def test_a_commit_frees_its_writer_at_once(index_dir: Path) -> None:
    # The spent writer sits in reference cycles with all it held; with the cycle collector slowed
    # down during a session, a 1M-statement build kept about 1 GiB of spent writers alive.
    index_paths(index_dir, [str(SEEDS)], jobs=1)
    with write_session(index_dir) as session:
        spent = weakref.ref(session.writer())
        session.commit(final=False)
        assert spent() is None


def test_add_articles_skips_unchanged_by_content(index_dir: Path) -> None:
    article = Article(text='"Hello there," she said.', source=Source(path="mem"), key="mem:1")
    assert add_articles(index_dir, [article]).articles == 1
    assert add_articles(index_dir, [article]).unchanged == 1
    edited = Article(text='"Hello again," she said.', source=Source(path="mem"), key="mem:1")
    summary = add_articles(index_dir, [edited])
    assert (summary.articles, summary.removed) == (1, 1)
    assert [st.text for st in iter_statements(index_dir)] == ["Hello again,"]


def dying_extract(article: Article) -> list[Statement]:
    """An extractor that kills its worker process on one article."""
    if article.source.path and article.source.path.endswith("article_0050.txt"):
        os._exit(3)
    return fake_extract(article)


@pytest.mark.slow
def test_a_dying_worker_is_an_error_sentence_and_keeps_the_index(tmp_path: Path, index_dir: Path) -> None:
    from quotefind.errors import WorkerError

    corpus = make_corpus(tmp_path / "corpus", 2 * pipeline.PARALLEL_MIN_FILES)
    with pytest.raises(WorkerError, match="A worker process died"):
        index_paths(index_dir, [str(corpus)], jobs=2, extract=dying_extract)
    assert statement_ids(index_dir) == []
    assert index_paths(index_dir, [str(corpus)], jobs=2, extract=fake_extract).articles == 96


def test_keys_match_ingest_through_symlinks(tmp_path: Path, index_dir: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 4)
    linked = tmp_path / "linked"
    linked.symlink_to(corpus, target_is_directory=True)
    (corpus / "alias.txt").symlink_to(corpus / "part0" / "article_0000.txt")
    first = index_paths(index_dir, [str(linked)], jobs=1)
    assert first.articles == 4  # the alias is the same file as article_0000
    keys = set(read_records(open_index(index_dir)))
    assert keys == {a.key for a in read_inputs([str(corpus / "part0"), str(corpus / "part1")])}
    again = index_paths(index_dir, [str(corpus)], jobs=1)
    assert (again.articles, again.unchanged) == (0, 4)


def test_a_placeholder_folder_becomes_the_index(index_dir: Path) -> None:
    index_dir.mkdir()
    (index_dir / ".gitkeep").write_text("", encoding="utf-8")
    assert index_paths(index_dir, [str(SEEDS)], jobs=1).articles == 2
    assert (index_dir / ".gitkeep").exists() and (index_dir / MARKER).exists()
    assert index_paths(index_dir, [str(SEEDS)], jobs=1).unchanged == 2


def test_a_full_posting_pool_commits_instead_of_spilling(
    tmp_path: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = make_corpus(tmp_path / "corpus", 60)
    reference = tmp_path / "reference"
    index_paths(reference, [str(corpus)], jobs=1, extract=fake_extract)
    from whoosh.writing import PostingPool

    def no_spill(self: PostingPool) -> None:
        raise AssertionError("the posting pool spilled to disk")

    monkeypatch.setattr(session_module, "WRITER_LIMIT_MB", 0.1)  # some 800 postings: a few articles
    monkeypatch.setattr(PostingPool, "save", no_spill)
    summary = index_paths(index_dir, [str(corpus)], jobs=1, extract=fake_extract)
    assert summary.articles == 60
    generation = max(int(p.name.split("_")[2].split(".")[0]) for p in index_dir.glob("_MAIN_*.toc"))
    assert generation >= 4  # several commits, each before the pool filled up
    assert not (index_dir / "MAIN.tmp").exists()
    assert statement_ids(index_dir) == statement_ids(reference)


def test_statements_without_a_record_are_replaced_not_doubled(tmp_path: Path, index_dir: Path) -> None:
    """An index written without article records (older quotefind, `import`) converges too."""
    corpus = make_corpus(tmp_path / "corpus", 5)
    items = list(read_inputs([str(corpus)]))
    ix = create_or_open(index_dir)
    writer = ix.writer()
    for article in items:
        for st in fake_extract(article):
            writer.add_document(**statement_fields(st, content_hash=""))
    writer.commit()
    before = statement_ids(index_dir)
    summary = index_paths(index_dir, [str(corpus)], jobs=1, extract=fake_extract)
    assert (summary.articles, summary.removed) == (5, len(before))
    assert statement_ids(index_dir) == before


@pytest.mark.parametrize(
    "text",
    [
        "",
        "said",
        "the runner runs, running ran: run!",
        "U.S. officials said 3.5% of a*b were e-mails... mails",
        "Über café naïve straße résumé — ελληνικά 東京 said said said",
        "  spaces\tand\nnew lines  and_underscores 1,000,000 x.y.z.",
    ],
)
def test_text_postings_are_whoosh_s_own(text: str) -> None:
    """The fast analysis gives exactly the postings and plain words of the schema's analysers."""
    from whoosh.analysis import StandardAnalyzer

    postings, words = text_postings(text)
    assert postings == list(build_schema()["text"].index(text))
    assert words == {t.text for t in StandardAnalyzer(stoplist=None, minsize=1)(text)}


def test_text_postings_of_seed_statements_are_whoosh_s_own() -> None:
    field = build_schema()["text"]
    from quotefind.extract import extract
    from quotefind.search import fold

    texts = [fold(st.text) for a in read_inputs([str(SEEDS)]) for st in extract(a)]
    assert texts
    for text in texts:
        assert text_postings(text)[0] == list(field.index(text))


def segment_files(location: Path) -> dict[str, bytes]:
    """The files of an index's only segment, by what follows the segment's (random) name."""
    found = {p.name.split(".", 1)[1]: p.read_bytes() for p in location.glob("MAIN_*.*")}
    assert found
    return found


def test_the_bulk_segment_writer_writes_whoosh_s_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoosh's pool and flush, and `Postings` + `write_postings`, write the same segment files.

    With Whoosh's compression (every block, zlib's default window) and pickle protocol: the
    writer's own choices are only which blocks to compress and how, and the blocks' protocol.
    """
    import zlib

    from whoosh.writing import SegmentWriter

    monkeypatch.setattr(postings_module, "COMPRESS_MIN", 0)
    monkeypatch.setattr(postings_module, "BLOCK_PROTOCOL", 2)
    monkeypatch.setattr(compress_module, "deflate", lambda: zlib.compress)
    items = [
        extract_article(a, fake_extract)
        for a in read_inputs([str(SEEDS), str(make_corpus(tmp_path / "corpus", 300))])
    ]
    # Over 128 postings for common terms: several blocks per posting list.
    assert sum(len(it.docs) for it in items) > 600
    words: set[str] = set()
    for it in items:
        words |= it.words
    for name, cls in (("whoosh", SegmentWriter), ("bulk", writer_class())):
        ix = create_or_open(tmp_path / name)
        writer = cls(ix, compound=False, _lk=False)
        for it in items:
            for doc in it.docs:
                add_prepared(writer, doc)
        add_prepared(writer, lexicon_document(words))
        writer.commit(merge=False)
    ours, theirs = segment_files(tmp_path / "bulk"), segment_files(tmp_path / "whoosh")
    assert ours.keys() == theirs.keys()
    assert [ext for ext in ours if ours[ext] != theirs[ext]] == []


def test_merging_small_segments_through_the_bulk_writer_keeps_every_statement(index_dir: Path) -> None:
    """Whoosh merges small segments by feeding their postings to the writer's pool one by one."""
    from quotefind.search import search

    for part in range(8):
        article = Article(
            text=f'"The harbour crane number {part} works again," said Mayor Alma Berg.\n',
            source=Source(path=f"note{part}.txt"),
            key=f"note{part}",
        )
        add_articles(index_dir, [article])
    ix = open_index(index_dir)
    assert len(ix._segments()) < 8  # merged at some final commit
    assert len(statement_ids(index_dir)) == 8
    assert len(search(index_dir, "harbour crane", limit=10)) == 8
    assert len(search(index_dir, "harbor crane", limit=10)) == 8  # typo: the lexicon survived merges


def test_each_commit_lists_its_words_in_one_lexicon_document(tmp_path: Path, index_dir: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 10)
    index_paths(index_dir, [str(corpus)], jobs=1, extract=fake_extract)
    with open_index(index_dir).searcher() as s:
        lexicons = [f for f in s.all_stored_fields() if f.get("doctype") == LEXICON]
        assert len(lexicons) == 1
        words = {t.decode() for t in s.lexicon("words")}
        assert {"bridges", "district", "nobody"} <= words
        # A plain word is listed once, not once per statement that has it.
        assert s.doc_frequency("words", "bridges") == 1
        assert s.doc_frequency("text", "bridg") > 1
    # Lexicon documents are no statements: not exported, not found, not counted as articles.
    assert all(st.kind in ("quote", "claim") for st in iter_statements(index_dir))
    assert index_paths(index_dir, [str(corpus)], jobs=1).unchanged == 10


def test_many_articles_are_extracted_in_workers_with_the_same_result(tmp_path: Path) -> None:
    items = list(read_inputs([str(make_corpus(tmp_path / "corpus", 70))]))
    items += items[:5]  # the same articles again: unchanged, as one at a time
    seq = add_articles(tmp_path / "seq", items, extract=fake_extract, jobs=1)
    par = add_articles(tmp_path / "par", items, extract=fake_extract, jobs=2)
    assert par == seq and (seq.articles, seq.unchanged) == (70, 5)
    assert statement_ids(tmp_path / "par") == statement_ids(tmp_path / "seq")
    # An extractor that cannot reach a worker process (a closure) runs here.
    local = add_articles(tmp_path / "local", items, extract=lambda a: fake_extract(a), jobs=2)
    assert local == seq
    edited = [Article(text=a.text + "\n\nMore text.\n", source=a.source, key=a.key) for a in items[:60]]
    again = add_articles(tmp_path / "par", edited, extract=fake_extract, jobs=2)
    assert (again.articles, again.removed) == (60, sum(len(fake_extract(a)) for a in items[:60]))


def test_imported_statements_have_their_words_in_the_typo_lexicon(tmp_path: Path, index_dir: Path) -> None:
    from quotefind.search import search

    corpus = make_corpus(tmp_path / "corpus", 6)
    index_paths(tmp_path / "source", [str(corpus)], jobs=1, extract=fake_extract)
    exported = list(iter_statements(tmp_path / "source"))
    summary = add_statements(index_dir, exported)
    assert summary.statements == len(exported) > 0
    with open_index(index_dir).searcher() as s:
        assert s.doc_frequency("words", "bridges") == 1
    assert search(index_dir, "brdges", limit=50)  # a typo, found through the lexicon alone


def segment_sizes(location: Path) -> list[int]:
    return sorted(seg.doc_count_all() for seg in open_index(location)._segments())


@pytest.mark.parametrize("bound", [30, 10_000])
def test_merges_rewrite_at_most_the_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bound: int
) -> None:
    monkeypatch.setattr(merge_module, "MERGE_MAX_DOCS", bound)
    location = tmp_path / "index"
    for i in range(40):  # one run per article: each commits a segment of 5 documents, then merges
        article = Article(text=article_text(i), source=Source(path=f"a{i}.txt"), key=f"a{i}")
        add_articles(location, [article], extract=fake_extract)
    sizes = segment_sizes(location)
    assert len(sizes) < 40  # small segments were merged
    if bound == 30:
        assert max(sizes) <= bound + 5  # what one merge rewrote, and the run's own documents
    else:
        assert max(sizes) > 30 + 5  # without the bound Whoosh's policy merges more at once
    statements = sum(len(fake_extract(Article(text=article_text(i), key=f"a{i}"))) for i in range(40))
    assert sum(1 for _ in iter_statements(location)) == statements
