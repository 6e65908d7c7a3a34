"""Write sessions: one run's writes under the lock, committed in batches or swapped in whole."""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from quotefind.complete import refresh_after_commit as refresh_completion
from quotefind.model import IndexSummary, Source, Statement, source_order
from quotefind.store.articles import RunBook, WrittenKeys
from quotefind.store.whoosh.copies import (
    COPY,
    PENDING_ID,
    Holders,
    add_sources,
    article_str,
    compact_id,
    held_sources,
    list_sources,
    pending_fields,
    read_pending,
    text_hash,
)
from quotefind.store.whoosh.damage import diagnosed
from quotefind.store.whoosh.documents import Extracted, lexicon_document, statement_fields, statements_key
from quotefind.store.whoosh.location import (
    PLACEHOLDERS,
    create_or_open,
    has_data,
    has_marker,
    init_folder,
    require_index_folder,
    write_marker,
)
from quotefind.store.whoosh.lock import IndexLock
from quotefind.store.whoosh.merge import merge_small_bounded
from quotefind.store.whoosh.patches import cache_missing_columns, writer_class
from quotefind.store.whoosh.postings import add_prepared
from quotefind.store.whoosh.prepare import prepare_document
from quotefind.store.whoosh.records import (
    ArticleRecord,
    article_doc_id,
    article_record_fields,
    current_records,
    read_records,
)
from quotefind.store.whoosh.schema import INDEXNAME
from quotefind.store.whoosh.swap import clean_leftovers, fresh_sibling, swap_in

#: Articles written per commit: a killed run keeps what it committed, and memory stays bounded.
COMMIT_EVERY = 4000
#: Memory (MB, by Whoosh's estimate) the writer may use to sort postings before it spills to
#: temporary files; a batch is committed before it comes to that (see `WriteSession._pool_full`).
WRITER_LIMIT_MB = 128
POOL_COMMIT_SHARE = 0.9


@dataclass
class WriteSession(RunBook):
    """One run's writes to an index: skips what is unchanged, commits in batches, counts.

    The caller holds the write lock. No Whoosh writer is opened (and nothing committed) until
    something changed, so an unchanged re-run leaves the index untouched.
    """

    #: Written articles carry Whoosh documents, analysed in the workers (`store.protocol.WriteSession`).
    wants_statements: ClassVar[bool] = False
    location: Path
    commit_every: int = COMMIT_EVERY
    records: dict[str, ArticleRecord] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    speakers: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)
    _ix: Any = None
    _writer: Any = None
    _pending: int = 0
    _was_empty: bool = False
    _words: set[str] = field(default_factory=set)
    #: What this run wrote per key: a 64-bit hash of the text, the kinds of its statements, where it
    #: was read and the article (packed: a million new articles are written in one run; their records
    #: are not kept).
    _written: WrittenKeys = field(default_factory=WrittenKeys)
    #: Keys written since the last commit (Whoosh cannot delete what its open writer added).
    _uncommitted: set[str] = field(default_factory=set)
    #: Which keys hold which article (copies of one text share its statements).
    holders: Holders = field(default_factory=Holders)
    #: Keys being written as a copy of an article another key holds (the parts still to come).
    _copying: set[str] = field(default_factory=set)
    #: Whether the index holds a note of articles whose sources are to be listed (`PENDING_ID`).
    _pending_note: bool = False
    before_commit: Callable[[], None] | None = None
    """Called before each commit between batches (the pipeline marks a file half written)."""
    on_commit: Callable[[], None] | None = None
    """Called as every commit starts (a progress bar says it is committing)."""

    @classmethod
    def open(cls, location: Path, **kwargs: Any) -> WriteSession:
        """Start a session on the (locked) index at location, reading its article records."""
        cache_missing_columns()
        clean_leftovers(location)
        ix = create_or_open(location)
        # Segment files of a killed writer are in no table of contents: remove them now, not only
        # at the next commit (which an unchanged re-run never makes).
        from whoosh.index import clean_files

        toc = ix._read_toc()
        clean_files(ix.storage, INDEXNAME, toc.generation, toc.segments)
        session = cls(location, **kwargs)
        session._ix = ix
        session._was_empty = ix.doc_count_all() == 0
        session.records = current_records(read_records(ix))
        session.holders = Holders.of(session.records.values())
        pending = read_pending(ix)  # (a run killed before it listed its copies' sources)
        session._pending_note = bool(pending)
        session.holders.changed |= pending
        return session

    def writer(self) -> Any:
        """Return the session's Whoosh writer (committed with the session), opening it if needed."""
        return self._w()

    def _w(self) -> Any:
        if self._writer is None:
            # The caller holds the lock file Whoosh would lock (flock), so Whoosh must not lock it
            # again from another descriptor of this process.
            self._writer = writer_class()(self._ix, limitmb=WRITER_LIMIT_MB, _lk=False)
        return self._writer

    def write(self, item: Extracted) -> bool:
        """Replace what the index holds for the article; False when nothing was written.

        An article given again in this run under a key another input gave (the same `url` or
        `id` in two JSON-lines files) is the same article: the last copy is kept, with a warning
        naming both, and counted as a duplicate; with the same text it is read once.
        An article another key holds already (a wire copy in another file) adds its record only:
        its statements, written once, list every copy in `sources` (see `refresh_sources`).
        """
        record = item.record
        if self.met(record.key) and not self._again(record):
            return False
        writer = self._w()
        old = self.records.get(record.key)
        released: int | str | None = None
        if record.key in self._written:
            # The copy this run wrote is replaced: it is no longer written, nor removed from the index.
            _, kinds, _, released = self._written[record.key]
            self.counts["articles"] -= 1
            self.counts.subtract(dict(kinds))
            writer.delete_by_term("id", article_doc_id(record.key))
            self._release(released)
        elif old is not None:
            writer.delete_by_term("id", article_doc_id(record.key))
            released = compact_id(old.article_id)
            self._release(released)
        article = compact_id(record.article_id)
        statements = self._hold(article, dropped=article == released)
        kinds = Counter(item.kinds) if statements else Counter()
        writer = self._w()  # (a commit to delete what this run wrote opens another writer)
        if statements:
            for doc in item.docs:
                add_prepared(writer, doc)
            self._words |= item.words
        else:
            self._copying.add(record.key)
        if item.record_doc is not None:
            add_prepared(writer, item.record_doc)
            self._copying.discard(record.key)
        if old is not None:
            self.records[record.key] = record
        # A new article's record is not kept (a million new articles took ~500 MB of records): what a
        # second copy of it in this run needs is in `_written`.
        self._written[record.key] = (
            text_hash(record.content_hash),
            tuple(sorted(kinds.items())),
            record.path or record.key,
            article,
        )
        self._uncommitted.add(record.key)
        self.counts["articles"] += 1
        self.counts.update(kinds)
        self.speakers.update(item.speakers)
        self._step()
        return True

    def _hold(self, article: int | str, *, dropped: bool) -> bool:
        """Count the key as holding the article; True when its statements are to be written (see
        `Holders.take`), replacing any the index holds (`dropped`: the key's release deleted them)."""
        taken, others = self.holders.take(article)
        if taken == COPY:
            return False
        if others or not dropped:
            self._drop_statements(article)
        self.holders.fresh.add(article)
        return True

    def _release(self, article: int | str) -> None:
        """A key no longer holds the article: its statements go with the last key that did."""
        if self.holders.release(article):
            self._drop_statements(article)

    def _drop_statements(self, article: int | str) -> None:
        """Delete the statements of an article (none in an index that was empty, unless this run's)."""
        fresh = article in self.holders.fresh
        if self._was_empty and not fresh:
            return
        if fresh and self._uncommitted:
            self.commit(final=False)  # Whoosh cannot delete what its open writer added
        gone = self._w().delete_by_term("article_key", statements_key(article_str(article)))
        self.counts["removed"] += gone
        self.holders.fresh.discard(article)

    def written_hash(self, record: ArticleRecord) -> int:
        """The 64-bit text hash kept per written key (see `_written`)."""
        return text_hash(record.content_hash)

    def _again(self, record: ArticleRecord) -> bool:
        """See `RunBook._again`; the copy to replace must be committed to be deleted."""
        again = super()._again(record)
        if again and record.key in self._uncommitted:
            self.commit(final=False)
        return again

    def append(self, item: Extracted) -> None:
        """Add more statements of an article that `write` began (a long article comes in parts)."""
        key = item.record.key
        if key not in self._copying:
            for doc in item.docs:
                add_prepared(self._w(), doc)
            self._words |= item.words
        if item.record_doc is not None:
            add_prepared(self._w(), item.record_doc)
        if key in self.records:
            self.records[key] = item.record
        if key in self._copying:
            if item.record_doc is not None:
                self._copying.discard(key)
            self._step()
            return
        written = self._written.get(key)
        if written is not None:
            kinds = Counter(dict(written[1]))
            kinds.update(item.kinds)
            self._written[key] = (written[0], tuple(sorted(kinds.items())), written[2], written[3])
        self.counts.update(item.kinds)
        self.speakers.update(item.speakers)
        self._step()

    def note_words(self, words: Iterable[str]) -> None:
        """Add words written outside `write` (say, by `add_statements`) to this commit's lexicon."""
        self._words.update(words)

    def touch(self, record: ArticleRecord, *, step: bool = True) -> None:
        """Store a new file size and time for an article whose text did not change."""
        writer = self._w()
        writer.delete_by_term("id", article_doc_id(record.key))
        writer.add_document(**article_record_fields(record))
        self.records[record.key] = record
        if step:
            self._step()

    def remove(self, key: str) -> None:
        """Remove an article's record, and its statements unless another key holds the article."""
        old = self.records.pop(key, None)
        if old is None:
            return
        self._w().delete_by_term("id", article_doc_id(key))
        self._release(compact_id(old.article_id))
        self.counts["pruned"] += 1
        self._step()

    def refresh_sources(self) -> None:
        """List every copy in the `sources` of the articles whose copies changed in this run.

        Done once, at the end of the run, over the committed index (copies are few: a bulk load of
        distinct articles never comes here).
        """
        if not self.holders.changed:
            return
        self.commit(final=False)
        changed, self.holders.changed = self.holders.changed, set()
        list_sources(self._ix, self._w, changed)
        self._w().delete_by_term("id", PENDING_ID)  # (committed with the listing)
        self._pending_note = False

    @property
    def pending(self) -> int:
        """Writes (articles written, touched or removed) not committed yet."""
        return self._pending

    def _step(self) -> None:
        self._pending += 1
        if self._pending >= self.commit_every or self._pool_full():
            self.commit(final=False)

    def _pool_full(self) -> bool:
        # Whoosh sorts a segment's postings in memory up to `limitmb`, then spills sorted runs to
        # disk (a pickle per posting) and merges them back at commit: that costs more than the rest
        # of the commit. Committing just before the spill keeps every segment's sort in memory.
        pool = getattr(self._writer, "pool", None)
        return pool is not None and pool.currentsize > POOL_COMMIT_SHARE * pool.limit

    def commit(self, *, final: bool = True) -> None:
        """Commit what is pending; between batches merge nothing, at the end merge small segments."""
        if self._writer is None:
            return
        if self.on_commit is not None:
            self.on_commit()
        if not final and self.before_commit is not None:
            self.before_commit()
        writer, self._writer, self._pending = self._writer, None, 0
        self._uncommitted = set()
        if self.holders.changed:
            # A kill before `refresh_sources` leaves the note: the next run lists these sources.
            if self._pending_note:
                writer.delete_by_term("id", PENDING_ID)
            writer.add_document(**pending_fields(self.holders.changed))
            self._pending_note = True
        if self._words:
            add_prepared(writer, lexicon_document(self._words))
            self._words = set()
        # Merging small segments rewrites them: worth it for the segments of small updates, not
        # for the big ones of a bulk load.
        if final:
            writer.commit(mergetype=merge_small_bounded)
        else:
            writer.commit(merge=False)
        # Whoosh's writer, its codec and per-field writers refer to each other: the spent writer
        # and all it held (the postings of a merge) are freed only by the cycle collector, which
        # `fewer_collections` makes rare. Collect now, while little else is alive.
        del writer
        gc.collect()
        if final:
            refresh_completion(self.location)

    def cancel(self) -> None:
        """Drop what is not committed."""
        self._words = set()
        if self._writer is not None:
            writer, self._writer = self._writer, None
            with contextlib.suppress(Exception):
                writer.cancel()

    @property
    def changed(self) -> bool:
        """True when the run wrote or removed anything."""
        return bool(self.counts["articles"] or self.counts["pruned"])


#: Allocations between two collections of the youngest generation while a write session runs
#: (Python's default: 700).
GC_YOUNG_THRESHOLD = 50_000


@contextlib.contextmanager
def fewer_collections(young: int = GC_YOUNG_THRESHOLD) -> Iterator[None]:
    """Run the cyclic garbage collector less often: indexing allocates millions of small objects
    (analysed documents, postings) that live until the commit, and each collection scans them again.

    The pending data holds no reference cycles (reference counting frees it); the spent Whoosh
    writer does, and `WriteSession.commit` collects it. Other cycles are still collected, after
    `young` allocations instead of 700.
    """
    before = gc.get_threshold()
    gc.set_threshold(max(young, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextlib.contextmanager
def write_session(
    location: Path,
    *,
    lock_timeout: float = 0.0,
    rebuild: bool = False,
    commit_every: int = COMMIT_EVERY,
) -> Iterator[WriteSession]:
    """Lock the index and yield a write session; commit on success, keep the old state on failure.

    With `rebuild`, the session writes a new index beside the old one and swaps it in at the end;
    a failure (or a kill) leaves the old index as it was.
    """
    location = Path(location)
    if rebuild and (has_marker(location) or has_data(location)):
        require_index_folder(location)
        # Through a symbolic link, the folder it points to is rebuilt (beside itself) and the link
        # kept; swapping at the link would put the new folder in its place.
        clean_leftovers(location)
        location = Path(os.path.realpath(location))
        with IndexLock(location, timeout=lock_timeout):
            clean_leftovers(location)
            tmp = fresh_sibling(location, "new")
            try:
                init_folder(tmp)
                write_marker(tmp)
                with _committed(tmp, commit_every) as session:
                    yield session
                for keep in location.iterdir():
                    if keep.name in PLACEHOLDERS:
                        shutil.copy2(keep, tmp / keep.name)
                swap_in(tmp, location)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        return
    if not has_marker(location):
        create_or_open(location)
    with (
        diagnosed(location),
        IndexLock(location, timeout=lock_timeout),
        _committed(location, commit_every) as session,
    ):
        yield session


@contextlib.contextmanager
def _committed(location: Path, commit_every: int) -> Iterator[WriteSession]:
    """A write session on the index at location, committed at the end or cancelled on any error."""
    with fewer_collections():
        session = WriteSession.open(location, commit_every=commit_every)
        try:
            yield session
            session.refresh_sources()
            session.commit()
        except BaseException:
            session.cancel()
            raise


def add_statements(
    location: Path,
    statements: Iterable[Statement],
    *,
    lock_timeout: float = 0.0,
    commit_every: int = COMMIT_EVERY,
) -> IndexSummary:
    """Write statements as they are (say, from `quotefind export`), without extracting anything.

    Each article's statements replace what the index held for that article id, so importing the
    same export twice gives the same index; a statement given twice is written once. The copies the
    index listed for the article stay listed beside the imported ones (`sources`: a colleague's copy of
    a story we hold is one more source of it, not a replacement). Statements
    stream through the writer `index` uses (documents analysed ahead, postings by term) and are
    committed every `commit_every` articles, or sooner when the writer's buffer is full.
    """
    counts: Counter[str] = Counter()
    speakers: set[str] = set()
    seen: set[str] = set()
    # Statement ids are 16 hex digits: kept as ints, a million take ~70 MB, not ~110 MB.
    written: set[int | str] = set()
    held: dict[str, tuple[Source, ...]] = {}  # the sources the index listed, per article imported
    first: dict[str, int] = {}  # a hash of the sources of each article's first statement this run
    more: dict[str, set[Source]] = {}  # sources a later copy of an article added (batch shards)
    with (
        write_session(location, lock_timeout=lock_timeout, commit_every=commit_every) as session,
        contextlib.ExitStack() as stack,
    ):
        # What the index held before this run (one searcher: the run's own commits are not looked up).
        searcher = None if session._was_empty else stack.enter_context(session._ix.searcher())
        for st in statements:
            ident = compact_id(st.id)
            article = st.article_id or st.id
            if ident in written:
                if first.get(article) != hash(frozenset(st.all_sources)):
                    more.setdefault(article, set()).update(st.all_sources)  # a copy from elsewhere
                continue
            written.add(ident)
            first.setdefault(article, hash(frozenset(st.all_sources)))
            writer = session.writer()
            if article not in seen:
                seen.add(article)
                # In an index that was empty, only this run wrote: nothing to replace (and a lookup
                # in each segment of this run per article costs more than the writing).
                if searcher is not None:
                    held[article] = held_sources(searcher, article)
                    counts["removed"] += writer.delete_by_term("article_key", statements_key(article))
                session._pending += 1
            if held.get(article):
                st = st.with_sources(sorted({*held[article], *st.all_sources}, key=source_order))
            words: set[str] = set()
            add_prepared(writer, prepare_document(statement_fields(st, content_hash=""), words))
            session.note_words(words)
            counts[st.kind] += 1
            if st.speaker.name:
                speakers.add(st.speaker.name)
            if session.pending >= session.commit_every or session._pool_full():
                session.commit(final=False)
        if more:
            # Copies of one article in several inputs (batch shards of two folders): its statements,
            # written once, list every copy.
            session.commit(final=False)
            add_sources(session._ix, session.writer, more)
    return IndexSummary(
        articles=len(seen),
        quotes=counts["quote"],
        claims=counts["claim"],
        speakers=len(speakers),
        removed=counts["removed"],
    )
