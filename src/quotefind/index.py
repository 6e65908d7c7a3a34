"""The Whoosh index: schema, where it lives, opening it safely, and writing statements into it.

Writes are incremental and crash-safe. Every article has an article document (doctype `article`,
keyed by `article_key`) beside its statements, written in the same commit, so a run that is killed
leaves each article either fully old or fully new and the next run converges. One writer at a time
holds the index's write lock (an `flock` on Whoosh's own lock file, released by the kernel when the
process dies); readers never lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import json
import os
import re
import secrets
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quotefind.errors import (
    IndexLockedError,
    IndexMissingError,
    IndexVersionError,
    NotAnIndexError,
    StatementNotFoundError,
)
from quotefind.model import (
    SCHEMA_VERSION,
    Article,
    IndexSummary,
    SpeakerSummary,
    Statement,
    short_hash,
)

if TYPE_CHECKING:
    from whoosh.index import Index

    from quotefind.ingest import Skipped

ENV_VAR = "QUOTEFIND_INDEX"
DEFAULT_LOCATION = "index"
#: The file that marks a directory as a quotefind index. Whoosh unpickles parts of its table of
#: contents when it opens an index, so quotefind opens no directory without this marker.
MARKER = "quotefind.json"
#: Files a fresh index directory may already hold (the repository's placeholder).
PLACEHOLDERS = frozenset({".keep", ".gitkeep"})
#: Whoosh's name for the index inside the folder, and the lock file it (and quotefind) lock.
INDEXNAME = "MAIN"
LOCKFILE = f"{INDEXNAME}_WRITELOCK"

STATEMENT = "statement"
ARTICLE = "article"

#: Articles written per commit: a killed run keeps what it committed, and memory stays bounded.
COMMIT_EVERY = 4000
#: Memory (MB, by Whoosh's estimate) the writer may use to sort postings before it spills to
#: temporary files; a batch is committed before it comes to that (see `WriteSession._pool_full`).
WRITER_LIMIT_MB = 128
POOL_COMMIT_SHARE = 0.9

#: Words that make a poor speaker alias (they name nobody on their own).
PRONOUNS = frozenset(
    """he she they it we i you him her them us his hers their its our who which this that""".split()
)


def resolve_location(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return where the index lives: `--index`, else `$QUOTEFIND_INDEX`, else `./index`."""
    return Path(explicit or os.environ.get(ENV_VAR) or DEFAULT_LOCATION)


def build_schema() -> Any:
    """Return the Whoosh schema of a quotefind index.

    Text goes in folded (case, accents: `search.fold`) twice: stemmed with positions for ranked
    terms and phrases (`text`), and as plain words (`words`) whose lexicon the typo expansion scans.
    """
    from whoosh.analysis import RegexTokenizer, StandardAnalyzer, StemmingAnalyzer
    from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

    stemmed = StemmingAnalyzer(stoplist=None, minsize=1)
    plain = StandardAnalyzer(stoplist=None, minsize=1)
    # One token per line: whole folded names and source labels, matched in Python over the lexicon.
    lines = RegexTokenizer(r"[^\n]+")
    return Schema(
        id=ID(stored=True, unique=True),
        doctype=ID(stored=True),
        article_id=ID(stored=True),
        article_key=ID(stored=True),
        content_hash=ID(stored=True),
        kind=ID(stored=True),
        text=TEXT(analyzer=stemmed, phrase=True),
        words=TEXT(analyzer=plain, phrase=False),
        text_key=ID(sortable=True),
        speaker_names=TEXT(analyzer=lines, phrase=False),
        speaker_name=ID(stored=True),
        source_labels=TEXT(analyzer=lines, phrase=False),
        path=ID(stored=True, sortable=True),
        date=ID(stored=True, sortable=True),
        order=NUMERIC(stored=True, sortable=True, bits=64),
        data=STORED(),
    )


def has_marker(location: Path) -> bool:
    """Return True when the directory carries quotefind's marker file."""
    return (location / MARKER).is_file()


def _check_marker(location: Path) -> None:
    try:
        info = json.loads((location / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NotAnIndexError(
            f"{location} has an unreadable {MARKER} - rebuild it with `quotefind index --rebuild PATH...`."
        ) from exc
    found = info.get("schema") if isinstance(info, dict) else None
    if found != SCHEMA_VERSION:
        raise IndexVersionError(
            f"The index at {location} has schema version {found}, this quotefind reads version "
            f"{SCHEMA_VERSION} - rebuild it with `quotefind index --rebuild PATH...`."
        )


def _write_marker(location: Path) -> None:
    # Write then rename, so a kill never leaves a half-written marker.
    marker = {"format": "quotefind-index", "schema": SCHEMA_VERSION}
    tmp = location / f".{MARKER}.tmp"
    tmp.write_text(json.dumps(marker) + "\n", encoding="utf-8")
    os.replace(tmp, location / MARKER)


def _has_toc(location: Path) -> bool:
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    return TOC._latest_generation(FileStorage(str(location)), INDEXNAME) >= 0


def _require_index_folder(location: Path) -> None:
    if not has_marker(location):
        if location.is_dir() and any(p.name not in PLACEHOLDERS for p in location.iterdir()):
            raise NotAnIndexError(
                f"{location} is not a quotefind index (no {MARKER}); quotefind opens only its own "
                "indexes - point --index at another folder."
            )
        raise IndexMissingError(f"No index at {location} - run `quotefind index seeds/` first.")


class _ViewFile:
    """A read-only file over a buffer (a part of a memory-mapped segment), reading it in place."""

    def __init__(self, buf: Any) -> None:
        self._view = memoryview(buf)
        self._pos = 0
        self.closed = False

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = len(self._view) if size is None or size < 0 else min(len(self._view), start + size)
        self._pos = max(start, end)
        return self._view[start : self._pos].tobytes()

    def peek(self, size: int = 1) -> bytes:
        # With `peek`, unpickling reads ahead in one call instead of a `read` per opcode.
        return self._view[self._pos : self._pos + max(size, 1)].tobytes()

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        end = len(self._view) if size is None or size < 0 else min(len(self._view), self._pos + size)
        at = self._pos
        while at < end:
            chunk = self._view[at : min(end, at + 256)].tobytes()
            found = chunk.find(b"\n")
            if found >= 0:
                return self.read(at + found + 1 - self._pos)
            at += len(chunk)
        return self.read(end - self._pos)

    def seek(self, pos: int, whence: int = 0) -> int:
        base = (0, self._pos, len(self._view))[whence]
        self._pos = max(0, base + pos)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True


@functools.cache
def _read_segments_in_place() -> None:
    """Make Whoosh read the files inside a compound segment from its memory map, not from a copy.

    Whoosh 2.7 maps a compound segment, then wraps each file in it in a `BytesIO`, which copies it:
    a reader held the whole index in memory twice (the copy and the mapped pages it read to make
    it) and paid for the copy each time it opened the index.
    """
    from whoosh.filedb.structfile import BufferFile

    def init(self: Any, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        self._buf = buf
        self._name = name
        self.file = _ViewFile(buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False

    BufferFile.__init__ = init


@functools.cache
def _skip_by_bisection() -> None:
    """Make Whoosh's posting matcher find a document inside a block by bisection.

    `skip_to` stepped through a block one posting at a time (three Python calls each): an `And`
    of a rare word and common ones (a phrase of function words) skips that way through the common
    words' blocks, most of the time such a query takes on a big index.
    """
    from bisect import bisect_left

    from whoosh.codec.whoosh3 import W3LeafMatcher
    from whoosh.matching import ReadTooFar

    def skip_to(self: Any, targetid: Any) -> None:
        if not self.is_active():
            raise ReadTooFar
        if targetid <= self.id():
            return
        if targetid > self._maxid:
            self._skip_to_block(lambda: targetid > self._maxid)
            if not self.is_active():
                return
        if self._ids is None:
            self._read_ids()
        self._i = bisect_left(self._ids, targetid, self._i)
        if self._i == self._blocklength:  # not in this block (cannot happen after the skip)
            self._next_block()

    W3LeafMatcher.skip_to = skip_to


def open_index(location: Path) -> Index:
    """Open an existing quotefind index for reading (only a folder that carries the marker)."""
    from whoosh import index as windex

    _read_segments_in_place()
    _skip_by_bisection()
    _require_index_folder(location)
    _check_marker(location)
    # A writer may delete the table of contents we just listed (it commits a newer one): retry.
    for attempt in range(10):
        try:
            return windex.open_dir(str(location), indexname=INDEXNAME)
        except windex.EmptyIndexError as exc:
            raise IndexMissingError(
                f"The index at {location} is empty or damaged - run `quotefind index --rebuild PATH...`."
            ) from exc
        except FileNotFoundError:
            if attempt == 9:
                raise
            time.sleep(0.05)
    raise AssertionError("unreachable")


#: What follows the index's name in the folders of a rebuild (`index.new-1a2b3c4d`).
_SIBLING = re.compile(r"\.(new|old)-[0-9a-f]{8}")


def _fresh_sibling(location: Path, tag: str) -> Path:
    # Not tempfile.mkdtemp: its folders are private (0700), an index folder follows the umask.
    while True:
        path = location.parent / f"{location.name}.{tag}-{secrets.token_hex(4)}"
        with contextlib.suppress(FileExistsError):
            path.mkdir()
            return path


def _init_folder(folder: Path) -> None:
    from whoosh import index as windex

    windex.create_in(str(folder), build_schema(), indexname=INDEXNAME)


def create_or_open(location: Path) -> Index:
    """Open the index at location, creating it (and the directory) when there is none.

    A new index is built in a folder beside it and renamed into place, so a run killed while
    creating never leaves a half-made folder at the location.
    """
    if not has_marker(location):
        if location.exists() and not location.is_dir():
            raise NotAnIndexError(f"{location} is a file, not an index folder - point --index at a folder.")
        contents = [p.name for p in location.iterdir()] if location.is_dir() else []
        if any(name not in PLACEHOLDERS for name in contents):
            raise NotAnIndexError(
                f"{location} is not empty and not a quotefind index - point --index at a new or empty folder."
            )
        if contents:
            # A placeholder must stay in the folder: mark it first, then create the index; a
            # kill in between leaves a marked folder without data, which the next run completes.
            _write_marker(location)
        else:
            location.parent.mkdir(parents=True, exist_ok=True)
            tmp = _fresh_sibling(location, "new")
            try:
                _init_folder(tmp)
                _write_marker(tmp)
                # Renaming onto a missing or empty folder is atomic; a concurrent creator may win.
                os.rename(tmp, location)
            except OSError:
                shutil.rmtree(tmp, ignore_errors=True)
                if not has_marker(location):
                    raise
    _check_marker(location)
    if not _has_toc(location):
        _init_folder(location)
    return open_index(location)


class IndexLock:
    """The index's write lock: an `flock` on Whoosh's lock file, so the kernel frees it on death.

    After the lock is taken, the lock file must still be the one at the location: a `--rebuild`
    swaps folders while a waiting run holds the old folder's lock file, and such a run retries.
    """

    def __init__(self, location: Path, *, timeout: float = 0.0) -> None:
        self.location = location
        self.timeout = timeout
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, waiting up to the timeout; raise IndexLockedError when another run holds it."""
        import fcntl

        deadline = time.monotonic() + max(self.timeout, 0.0)
        path = self.location / LOCKFILE
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                if time.monotonic() >= deadline:
                    raise IndexLockedError(
                        f"Another quotefind run holds the index at {self.location} - wait for it to "
                        "finish, or raise --lock-timeout."
                    ) from None
                time.sleep(min(0.05, max(deadline - time.monotonic(), 0.0)))
                continue
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(path))
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
                return
            os.close(fd)

    def release(self) -> None:
        """Let go of the lock (closing the file descriptor drops the flock)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> IndexLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def clean_leftovers(location: Path) -> None:
    """Remove what killed runs left behind: temp postings, half-written TOCs, stale rebuild folders.

    Call it only while holding the write lock (no other writer can be using these files).
    """
    shutil.rmtree(location / f"{INDEXNAME}.tmp", ignore_errors=True)
    for path in location.glob(f"_{INDEXNAME}_*.toc.*"):
        with contextlib.suppress(OSError):
            path.unlink()
    for path in location.parent.glob(f"{location.name}.*-*"):
        if _SIBLING.fullmatch(path.name[len(location.name) :]) and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux `renameat2(RENAME_EXCHANGE)`); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_in(new: Path, location: Path) -> None:
    """Put the complete index at `new` in place of the one at `location`, then delete the old one.

    On Linux the two folders are exchanged atomically, so `location` is always a complete index.
    Elsewhere it takes two renames, and for the instant between them there is no index at
    `location` (a search then says so); a run killed in that instant leaves `location.new-*` and
    `location.old-*`, which the next write cleans up.
    """
    old = location.parent / f"{location.name}.old-{new.name.rsplit('-', 1)[-1]}"
    if _exchange(new, location):
        shutil.rmtree(new, ignore_errors=True)
        return
    os.rename(location, old)
    os.rename(new, location)
    shutil.rmtree(old, ignore_errors=True)


def speaker_aliases(statement: Statement) -> list[str]:
    """Return the names a speaker filter should find the statement by (lowercased, no commas)."""
    sp = statement.speaker
    out = []
    for value in (sp.name, sp.mention, sp.role):
        if value:
            folded = " ".join(value.replace(",", " ").lower().split())
            if folded and folded not in PRONOUNS and folded not in out:
                out.append(folded)
    return out


def statement_fields(statement: Statement, *, article_key: str, content_hash: str) -> dict[str, Any]:
    """Return the Whoosh document of one statement."""
    from quotefind.search import fold, fold_label, speaker_keys, text_key

    sp = statement.speaker
    src = statement.source
    text = fold(statement.text)
    labels = dict.fromkeys(fold_label(x) for x in (src.path, src.title, src.publisher) if x)
    return {
        "id": statement.id,
        "doctype": STATEMENT,
        "article_id": statement.article_id,
        "article_key": article_key,
        "content_hash": content_hash,
        "kind": statement.kind,
        "text": text,
        "words": text,
        "text_key": text_key(statement.text),
        "speaker_names": "\n".join(speaker_keys(sp)),
        "speaker_name": sp.name or "",
        "source_labels": "\n".join(x for x in labels if x),
        "path": src.path or "",
        "date": src.date or "",
        "order": statement.start,
        "data": json.dumps(statement.to_dict(), ensure_ascii=False),
    }


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """What the index keeps about one article, to tell on the next run whether it changed."""

    key: str
    """What identifies the article across runs (`Article.key`, else its id)."""
    content_hash: str
    """`Article.content_hash` of the text that was indexed."""
    article_id: str = ""
    """`Article.id`."""
    path: str = ""
    """The source path as given (`Source.path`)."""
    file: str = ""
    """Absolute path of the file it was read from; empty for stdin."""
    size: int = -1
    """Size in bytes of the file when it was read (-1: unknown)."""
    mtime_ns: int = -1
    """Modification time of the file when it was read (-1: unknown)."""
    statements: int = 0
    """Number of statements written for it."""

    def same_file(self, size: int, mtime_ns: int) -> bool:
        """True when the file still has the size and modification time it had when read."""
        return self.size >= 0 and self.size == size and self.mtime_ns == mtime_ns


#: A Whoosh document analysed ahead of writing: (field name, postings, length, stored value,
#: column value) per field. Worker processes analyse; the single writer only appends.
PreparedDoc = tuple[tuple[str, list[tuple[bytes, int, float, bytes]] | None, int, Any, Any], ...]


@functools.cache
def _schema() -> Any:
    return build_schema()


#: Fields whose values repeat across the statements of an article (or of all articles): their
#: analysis is cached.
_REPEATING = frozenset({"doctype", "kind", "article_id", "article_key", "content_hash", "path"})
_REPEATING |= {"date", "speaker_names", "speaker_name", "source_labels"}


@functools.lru_cache(maxsize=4096)
def _postings(name: str, value: str) -> list[tuple[bytes, int, float, bytes]]:
    return list(_schema()[name].index(value))


def prepare_document(fields: dict[str, Any]) -> PreparedDoc:
    """Analyse a document for `add_prepared` (what `SegmentWriter.add_document` does first)."""
    schema = _schema()
    out = []
    for name in sorted(fields):
        value = fields[name]
        if value is None:
            continue
        fieldobj = schema[name]
        if not fieldobj.indexed:
            postings = None
        elif name in _REPEATING and isinstance(value, str):
            postings = _postings(name, value)
        else:
            postings = list(fieldobj.index(value))
        length = sum(freq for _, freq, _, _ in postings) if postings and fieldobj.scorable else 0
        stored = value if fieldobj.stored else None
        column = fieldobj.to_column_value(value) if fieldobj.column_type else None
        out.append((name, postings, length, stored, column))
    return tuple(out)


def add_prepared(writer: Any, doc: PreparedDoc) -> None:
    """Append an analysed document: `SegmentWriter.add_document` without the analysis."""
    writer._check_state()
    schema = writer.schema
    perdoc = writer.perdocwriter
    docnum = writer.docnum
    add_post = writer.pool.add
    perdoc.start_doc(docnum)
    try:
        for name, postings, length, stored, column in doc:
            fieldobj = schema[name]
            if postings:
                for tbytes, _freq, weight, vbytes in postings:
                    add_post((name, tbytes, docnum, weight, vbytes))
            perdoc.add_field(name, fieldobj, stored, length)
            if fieldobj.column_type and column is not None:
                perdoc.add_column_value(name, fieldobj.column_type, column)
    except Exception:
        perdoc.cancel_doc()
        raise
    perdoc.finish_doc()
    writer._added = True
    writer.docnum += 1


@dataclass(frozen=True, slots=True)
class Extracted:
    """An article ready to write: its record and its statements as analysed Whoosh documents."""

    record: ArticleRecord
    """The article's bookkeeping."""
    docs: tuple[PreparedDoc, ...] = ()
    """The analysed `statement_fields` of each statement, then the article's own document."""
    kinds: tuple[str, ...] = ()
    """Kind of each statement."""
    speakers: tuple[str, ...] = ()
    """Speaker names among the statements."""


def article_doc_id(key: str) -> str:
    """Return the Whoosh id of an article's bookkeeping document (never a hex statement id)."""
    return f"article:{short_hash(key)}"


def article_record_fields(record: ArticleRecord) -> dict[str, Any]:
    """Return the Whoosh document that records an indexed article."""
    data = {
        "file": record.file,
        "size": record.size,
        "mtime_ns": record.mtime_ns,
        "statements": record.statements,
    }
    return {
        "id": article_doc_id(record.key),
        "doctype": ARTICLE,
        "article_id": record.article_id,
        "article_key": record.key,
        "content_hash": record.content_hash,
        "path": record.path,
        "data": json.dumps(data),
    }


def record_from_fields(fields: dict[str, Any]) -> ArticleRecord:
    """Rebuild an article record from its stored Whoosh document."""
    data = json.loads(fields.get("data") or "{}")
    return ArticleRecord(
        key=fields.get("article_key", ""),
        content_hash=fields.get("content_hash", ""),
        article_id=fields.get("article_id", ""),
        path=fields.get("path", ""),
        file=data.get("file", ""),
        size=int(data.get("size", -1)),
        mtime_ns=int(data.get("mtime_ns", -1)),
        statements=int(data.get("statements", 0)),
    )


def read_records(ix: Index) -> dict[str, ArticleRecord]:
    """Return the article records of an open index, by key."""
    from whoosh.query import Term

    with ix.searcher() as searcher:
        docnums = list(searcher.docs_for_query(Term("doctype", ARTICLE)))
        return {r.key: r for r in (record_from_fields(searcher.stored_fields(d)) for d in docnums)}


def extract_article(
    article: Article,
    extract: Callable[[Article], Iterable[Statement]],
    *,
    file: str = "",
    size: int = -1,
    mtime_ns: int = -1,
) -> Extracted:
    """Run the extractor on an article and turn the statements into Whoosh documents."""
    key = article.key or article.id
    statements = list(extract(article))
    record = ArticleRecord(
        key=key,
        content_hash=article.content_hash,
        article_id=article.id,
        path=article.source.path or "",
        file=file,
        size=size,
        mtime_ns=mtime_ns,
        statements=len(statements),
    )
    return Extracted(
        record=record,
        docs=(
            *(
                prepare_document(statement_fields(st, article_key=key, content_hash=article.content_hash))
                for st in statements
            ),
            prepare_document(article_record_fields(record)),
        ),
        kinds=tuple(st.kind for st in statements),
        speakers=tuple(st.speaker.name for st in statements if st.speaker.name),
    )


@functools.cache
def _speed_up_whoosh() -> None:
    """Make Whoosh remember that a segment has no length column for a field.

    Whoosh 2.7 asks the file system (a `stat`) for every posting of an unscored field when it
    writes a segment; the answer cannot change for a written segment, so it is cached.
    """
    from whoosh.codec.whoosh3 import W3PerDocReader

    def cached_reader(self: Any, fieldname: str, column: Any) -> Any:
        if fieldname not in self._readers:
            found = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
            self._readers[fieldname] = found
        return self._readers[fieldname]

    W3PerDocReader._cached_reader = cached_reader


@dataclass
class WriteSession:
    """One run's writes to an index: skips what is unchanged, commits in batches, counts.

    The caller holds the write lock. No Whoosh writer is opened (and nothing committed) until
    something changed, so an unchanged re-run leaves the index untouched.
    """

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

    @classmethod
    def open(cls, location: Path, **kwargs: Any) -> WriteSession:
        """Start a session on the (locked) index at location, reading its article records."""
        _speed_up_whoosh()
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
        session.records = read_records(ix)
        return session

    def is_unchanged(self, key: str, content_hash: str) -> bool:
        """True when the index holds the article with the same text."""
        found = self.records.get(key)
        return found is not None and found.content_hash == content_hash

    def note_unchanged(self, key: str) -> None:
        """Count an article as unchanged (and as seen in this run)."""
        self.seen.add(key)
        self.counts["unchanged"] += 1

    def note_skipped(self) -> None:
        """Count an input that could not be read."""
        self.counts["skipped"] += 1

    def writer(self) -> Any:
        """Return the session's Whoosh writer (committed with the session), opening it if needed."""
        return self._w()

    def _w(self) -> Any:
        if self._writer is None:
            # The caller holds the lock file Whoosh would lock (flock), so Whoosh must not lock it
            # again from another descriptor of this process.
            self._writer = self._ix.writer(limitmb=WRITER_LIMIT_MB, _lk=False)
        return self._writer

    def write(self, item: Extracted) -> bool:
        """Replace what the index holds for the article; False when it was already written this run."""
        record = item.record
        if record.key in self.seen:
            return False
        self.seen.add(record.key)
        writer = self._w()
        old = self.records.get(record.key)
        if old is not None:
            writer.delete_by_term("article_key", record.key)
            self.counts["removed"] += old.statements
        elif not self._was_empty:
            # Statements without a record (an index written by an older quotefind, or `import`).
            self.counts["removed"] += writer.delete_by_term("article_key", record.key)
        for doc in item.docs:
            add_prepared(writer, doc)
        self.records[record.key] = record
        self.counts["articles"] += 1
        self.counts.update(item.kinds)
        self.speakers.update(item.speakers)
        self._step()
        return True

    def touch(self, record: ArticleRecord) -> None:
        """Store a new file size and time for an article whose text did not change."""
        writer = self._w()
        writer.delete_by_term("id", article_doc_id(record.key))
        writer.add_document(**article_record_fields(record))
        self.records[record.key] = record
        self._step()

    def remove(self, key: str) -> None:
        """Remove an article and its statements."""
        old = self.records.pop(key, None)
        if old is None:
            return
        self._w().delete_by_term("article_key", key)
        self.counts["removed"] += old.statements
        self.counts["pruned"] += 1
        self._step()

    def prune_missing(self) -> None:
        """Remove the articles whose file no longer exists (stdin articles stay)."""
        for key, record in list(self.records.items()):
            if record.file and not os.path.exists(record.file):
                self.remove(key)

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
        writer, self._writer, self._pending = self._writer, None, 0
        # Merging small segments rewrites them: worth it for the segments of small updates, not
        # for the big ones of a bulk load (Whoosh's policy leaves those alone).
        writer.commit(merge=final)

    def cancel(self) -> None:
        """Drop what is not committed."""
        if self._writer is not None:
            writer, self._writer = self._writer, None
            with contextlib.suppress(Exception):
                writer.cancel()

    @property
    def changed(self) -> bool:
        """True when the run wrote or removed anything."""
        return bool(self.counts["articles"] or self.counts["pruned"])

    def summary(self) -> IndexSummary:
        """Return what the session did."""
        c = self.counts
        return IndexSummary(
            articles=c["articles"],
            unchanged=c["unchanged"],
            skipped=c["skipped"],
            quotes=c["quote"],
            claims=c["claim"],
            speakers=len(self.speakers),
            removed=c["removed"],
        )


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
    if rebuild and (has_marker(location) or _has_data(location)):
        _require_index_folder(location)
        with IndexLock(location, timeout=lock_timeout):
            clean_leftovers(location)
            tmp = _fresh_sibling(location, "new")
            try:
                _init_folder(tmp)
                _write_marker(tmp)
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
    with IndexLock(location, timeout=lock_timeout), _committed(location, commit_every) as session:
        yield session


@contextlib.contextmanager
def _committed(location: Path, commit_every: int) -> Iterator[WriteSession]:
    """A write session on the index at location, committed at the end or cancelled on any error."""
    session = WriteSession.open(location, commit_every=commit_every)
    try:
        yield session
        session.commit()
    except BaseException:
        session.cancel()
        raise


def _has_data(location: Path) -> bool:
    return location.is_dir() and any(p.name not in PLACEHOLDERS for p in location.iterdir())


def add_articles(
    location: Path,
    items: Iterable[Article | Skipped],
    *,
    extract: Callable[[Article], Iterable[Statement]] | None = None,
    lock_timeout: float = 0.0,
    rebuild: bool = False,
    prune: bool = False,
    commit_every: int = COMMIT_EVERY,
    on_article: Callable[[Article, int], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
) -> IndexSummary:
    """Index articles in this process: skip unchanged ones, replace changed ones, add new ones.

    `prune` also removes the articles whose file is gone. For files and folders on disk,
    `quotefind.pipeline.index_paths` does the same on all cores and skips unchanged files unread.
    """
    from quotefind.extract import extract as default_extract
    from quotefind.ingest import Skipped

    extract = extract or default_extract
    with write_session(location, lock_timeout=lock_timeout, rebuild=rebuild, commit_every=commit_every) as s:
        for item in items:
            if isinstance(item, Skipped):
                s.note_skipped()
                if on_skip:
                    on_skip(item)
                continue
            key = item.key or item.id
            if s.is_unchanged(key, item.content_hash):
                s.note_unchanged(key)
                continue
            done = extract_article(item, extract, file=_file_of(item))
            if s.write(done) and on_article:
                on_article(item, done.record.statements)
        if prune:
            s.prune_missing()
    return s.summary()


def _file_of(article: Article) -> str:
    # ingest keys a file's article by its resolved path; anything else (stdin, URLs) has no file.
    key = article.key
    return key if key and os.path.isabs(key) and os.path.isfile(key) else ""


def add_statements(
    location: Path, statements: Iterable[Statement], *, lock_timeout: float = 0.0
) -> IndexSummary:
    """Write statements as they are (say, from `quotefind export`), without extracting anything.

    Each article's statements replace what the index held for that article id, so importing the
    same export twice gives the same index.
    """
    counts: Counter[str] = Counter()
    speakers: set[str] = set()
    seen: set[str] = set()
    # One commit, under the index's write lock, like any other write.
    with write_session(location, lock_timeout=lock_timeout) as session:
        writer = session.writer()
        for st in statements:
            article = st.article_id or st.id
            if article not in seen:
                seen.add(article)
                counts["removed"] += writer.delete_by_term("article_id", article)
                counts["removed"] += writer.delete_by_term("article_key", article)
            writer.update_document(**statement_fields(st, article_key=article, content_hash=""))
            counts[st.kind] += 1
            if st.speaker.name:
                speakers.add(st.speaker.name)
    return IndexSummary(
        articles=len(seen),
        quotes=counts["quote"],
        claims=counts["claim"],
        speakers=len(speakers),
        removed=counts["removed"],
    )


def statement_from_fields(fields: dict[str, Any]) -> Statement:
    """Rebuild a statement from a stored Whoosh document."""
    return Statement.from_dict(json.loads(fields["data"]))


def iter_statements(location: Path) -> Iterator[Statement]:
    """Yield every statement in the index, by path and position."""
    ix = open_index(location)
    with ix.searcher() as searcher:
        docs = [f for f in searcher.all_stored_fields() if f.get("doctype") == STATEMENT]
    docs.sort(key=lambda f: (f.get("path", ""), f.get("order", 0)))
    for fields in docs:
        yield statement_from_fields(fields)


def get_statement(location: Path, statement_id: str) -> Statement:
    """Return the statement with the id (a unique prefix of at least 6 characters also works)."""
    from whoosh.query import Prefix

    ix = open_index(location)
    with ix.searcher() as searcher:
        fields = searcher.document(id=statement_id)
        if fields is None and len(statement_id) >= 6:
            found = list(searcher.search(Prefix("id", statement_id), limit=2))
            if len(found) == 1:
                fields = found[0].fields()
        if fields is None or fields.get("doctype") != STATEMENT:
            raise StatementNotFoundError(
                f"No statement with id {statement_id} - find ids with `quotefind search --format jsonl`."
            )
        return statement_from_fields(fields)


def list_speakers(location: Path) -> list[SpeakerSummary]:
    """Return the speakers of the index with their counts, most statements first."""
    counts: Counter[str] = Counter()
    roles: dict[str, Counter[str]] = {}
    orgs: dict[str, Counter[str]] = {}
    aliases: dict[str, Counter[str]] = {}
    for st in iter_statements(location):
        sp = st.speaker
        if not sp.name:
            continue
        counts[sp.name] += 1
        if sp.role:
            roles.setdefault(sp.name, Counter())[sp.role] += 1
        if sp.org:
            orgs.setdefault(sp.name, Counter())[sp.org] += 1
        mention = (sp.mention or "").strip()
        # A mention that spells out the whole name ("Vice Admiral Rune Andersen, head of ...") says
        # nothing an alias should; surnames, role nouns and acronyms do.
        if mention and sp.name not in mention and mention.lower() not in PRONOUNS:
            aliases.setdefault(sp.name, Counter())[mention] += 1
    return [
        SpeakerSummary(
            name=name,
            count=count,
            roles=tuple(r for r, _ in roles.get(name, Counter()).most_common()),
            orgs=tuple(o for o, _ in orgs.get(name, Counter()).most_common()),
            aliases=tuple(a for a, _ in aliases.get(name, Counter()).most_common()),
        )
        for name, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))
    ]
