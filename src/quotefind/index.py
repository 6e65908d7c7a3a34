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
import gc
import json
import os
import re
import secrets
import shutil
import sys
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
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
#: The document type of a commit's lexicon document (the plain words of what it wrote).
LEXICON = "words"

#: Articles written per commit: a killed run keeps what it committed, and memory stays bounded.
COMMIT_EVERY = 4000
#: Memory (MB, by Whoosh's estimate) the writer may use to sort postings before it spills to
#: temporary files; a batch is committed before it comes to that (see `WriteSession._pool_full`).
WRITER_LIMIT_MB = 128
#: A merge rewrites at most this many documents (statements, article records) at once: it holds their
#: postings in memory, about 4 KB each.
MERGE_MAX_DOCS = 100_000
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

    Text goes in folded (case, accents: `search.fold`), stemmed with positions for ranked terms and
    phrases (`text`). The plain words, whose lexicon the typo expansion scans, are not indexed per
    statement: each commit adds one lexicon document listing the words of what it wrote (`words`).
    """
    from whoosh.analysis import RegexTokenizer, StemmingAnalyzer
    from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

    stemmed = StemmingAnalyzer(stoplist=None, minsize=1)
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
        words=KEYWORD(lowercase=False, commas=False, scorable=False),
        text_key=ID(sortable=True),
        speaker_names=TEXT(analyzer=lines, phrase=False),
        speaker_name=ID(stored=True),
        source_labels=TEXT(analyzer=lines, phrase=False),
        path=ID(stored=True, sortable=True),
        date=ID(stored=True, sortable=True),
        # Sorted on (a column), never searched: one term per value, not one per 4 bits.
        order=NUMERIC(stored=True, sortable=True, bits=64, shift_step=0),
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
    fold, speaker_keys, text_key = _search_helpers()
    sp = statement.speaker
    src = statement.source
    text = fold(statement.text)
    return {
        "id": statement.id,
        "doctype": STATEMENT,
        "article_id": statement.article_id,
        "article_key": article_key,
        "content_hash": content_hash,
        "kind": statement.kind,
        "text": text,
        "text_key": text_key(statement.text),
        "speaker_names": "\n".join(speaker_keys(sp)),
        "speaker_name": sp.name or "",
        "source_labels": _source_labels(src.path, src.title, src.publisher),
        "path": src.path or "",
        "date": src.date or "",
        "order": statement.start,
        "data": _json_encoder().encode(statement.to_dict()),
    }


@functools.cache
def _search_helpers() -> tuple[Callable[[str], str], Callable[[Any], list[str]], Callable[[str], str]]:
    """`search.fold`, `search.speaker_keys` and `search.text_key`, imported once (not per statement)."""
    from quotefind.search import fold, speaker_keys, text_key

    return fold, speaker_keys, text_key


@functools.lru_cache(maxsize=256)
def _source_labels(*labels: str | None) -> str:
    """The `source_labels` field of a source (the same for every statement of an article)."""
    from quotefind.search import fold_label

    folded = dict.fromkeys(fold_label(x) for x in labels if x)
    return "\n".join(x for x in folded if x)


@functools.cache
def _json_encoder() -> json.JSONEncoder:
    """What `json.dumps(..., ensure_ascii=False)` encodes with, made once."""
    return json.JSONEncoder(ensure_ascii=False)


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
    extractor: str = ""
    """`quotefind.extract.version()` of the extractor that made its statements (empty: unknown)."""

    def same_file(self, size: int, mtime_ns: int) -> bool:
        """True when the file still has the size and modification time it had when read."""
        return self.size >= 0 and self.size == size and self.mtime_ns == mtime_ns


#: One field of a document analysed ahead of writing: (field name, terms, their weights (None:
#: all 1.0), their values (None: all empty), length, column value). Flat tuples, not a tuple per
#: posting: worker processes pickle these and the writer unpickles them.
PreparedField = tuple[
    str, tuple[bytes, ...] | None, tuple[float, ...] | None, tuple[bytes, ...] | None, int, Any
]
#: A Whoosh document analysed ahead of writing: its fields, and its stored fields as the bytes the
#: stored column keeps (pickled, compressed). Worker processes analyse; the single writer appends.
PreparedDoc = tuple[tuple[PreparedField, ...], bytes | None]


@functools.cache
def _schema() -> Any:
    return build_schema()


# How `prepare_document` analyses a field (see `_field_plan`).
_NOT_INDEXED, _TEXT, _ID, _LINES, _OTHER = range(5)


@functools.lru_cache(maxsize=64)
def _field_plan(names: tuple[str, ...]) -> tuple[tuple[str, Any, int, bool, bool, Any], ...]:
    """How to analyse a document with these fields, in field order: (name, field, how, stored,
    column, token pattern).

    An `ID` field (one token, the value as it is, weight 1) gives one posting, the value itself;
    a field of one token per match of a pattern, counted (`speaker_names`), a posting per distinct
    token with its count: what Whoosh's analysis gives, without a token object.
    """
    from whoosh.analysis import IDTokenizer, RegexTokenizer
    from whoosh.fields import ID, TEXT
    from whoosh.formats import Existence, Frequency

    schema = _schema()
    plan = []
    for name in sorted(names):
        fieldobj = schema[name]
        pattern = None
        if not fieldobj.indexed:
            how = _NOT_INDEXED
        elif name == "text":
            how = _TEXT
        elif (
            type(fieldobj) is ID
            and type(fieldobj.analyzer) is IDTokenizer
            and type(fieldobj.format) is Existence
            and fieldobj.format.field_boost == 1.0
            and not fieldobj.scorable
        ):
            how = _ID
        elif (
            type(fieldobj) is TEXT
            and type(fieldobj.analyzer) is RegexTokenizer
            and not fieldobj.analyzer.gaps
            and not fieldobj.analyzer.expression.groups
            and type(fieldobj.format) is Frequency
            and fieldobj.format.field_boost == 1.0
        ):
            how, pattern = _LINES, fieldobj.analyzer.expression
        else:
            how = _OTHER
        has_column = fieldobj.column_type is not None
        plan.append((name, fieldobj, how, bool(fieldobj.stored), has_column, pattern))
    return tuple(plan)


@functools.cache
def _analysis() -> tuple[Any, Callable[[str], str], Callable[[list[int]], bytes]]:
    """What `text_postings` needs of Whoosh: its token pattern, its stemmer, its position coding.

    The pattern is Whoosh's with its group made non-capturing, so that `findall` gives the tokens.
    """
    import re

    from whoosh.analysis.tokenizers import default_pattern
    from whoosh.lang.porter import stem

    words = re.compile(default_pattern.pattern.replace("(\\.?", "(?:\\.?"), default_pattern.flags)
    if words.groups:
        raise ValueError(f"Unexpected token pattern of Whoosh: {default_pattern.pattern}")
    return words, functools.lru_cache(maxsize=200_000)(stem), _schema()["text"].format.encode


def text_postings(value: str) -> tuple[list[tuple[bytes, int, float, bytes]], set[str]]:
    """Return the `text` postings of a value (what Whoosh's `index` gives) and its plain words."""
    terms, weights, values, _length, words = _analyse_text(value)
    postings = [
        (term, int(weight), weight, vbytes)
        for term, weight, vbytes in zip(terms, weights or (1.0,) * len(terms), values, strict=True)
    ]
    return postings, words


def _analyse_text(
    value: str,
) -> tuple[tuple[bytes, ...], tuple[float, ...] | None, tuple[bytes, ...], int, set[str]]:
    """Return the `text` terms of a value, their weights (None: all 1.0), their positions, the
    field length and the plain words.

    The same tokens, lower case, stems and positions as the schema's analyser, without building a
    Whoosh token object per word: analysing is most of what a worker does after extraction.
    """
    pattern, stem, encode = _analysis()
    low = value.lower()
    # Folded text is lower case already: then its tokens are (Whoosh lowers each token).
    words = pattern.findall(low) if low == value else [w.lower() for w in pattern.findall(value)]
    positions: dict[str, list[int]] = {}
    for pos, word in enumerate(words):
        found = positions.get(word)
        if found is None:
            positions[word] = [pos]
        else:
            found.append(pos)
    stems: dict[str, list[int]] = {}
    repeated = False
    for word, poses in positions.items():
        key = stem(word)
        if key in stems:
            stems[key] = sorted(stems[key] + poses)
            repeated = True
        else:
            stems[key] = poses
            if len(poses) > 1:
                repeated = True
    terms = tuple(key.encode() for key in stems)
    values = tuple(_one_position(p[0]) if len(p) == 1 else encode(p) for p in stems.values())
    weights = tuple(float(len(p)) for p in stems.values()) if repeated else None
    return terms, weights, values, len(words), set(positions)


@functools.lru_cache(maxsize=4096)
def _one_position(pos: int) -> bytes:
    """The `Positions` value of a word found once, at pos (most words of a statement)."""
    return _analysis()[2]([pos])


def text_words(value: str) -> set[str]:
    """Return the plain (lower case, unstemmed) words of a value, as the typo lexicon lists them."""
    return _analyse_text(value)[4]


def prepare_document(fields: dict[str, Any], words: set[str] | None = None) -> PreparedDoc:
    """Analyse a document for `add_prepared` (what `SegmentWriter.add_document` does first).

    The plain words of its `text` are added to `words` when given.
    """
    out = []
    stored: dict[str, Any] = {}
    for name, fieldobj, how, is_stored, has_column, pattern in _field_plan(tuple(fields)):
        value = fields[name]
        if value is None:
            continue
        weights = values = None
        length = 0
        if how == _ID and isinstance(value, str):
            terms: tuple[bytes, ...] | None = (value.encode(),)
        elif how == _NOT_INDEXED:
            terms = None
        elif how == _TEXT and isinstance(value, str) and fieldobj.scorable:
            terms, weights, values, length, found = _analyse_text(value)
            if words is not None:
                words |= found
        elif how == _LINES and isinstance(value, str):
            counts: dict[str, int] = {}
            for token in pattern.findall(value):
                counts[token] = counts.get(token, 0) + 1
            terms = tuple(token.encode() for token in counts)
            values = tuple(_pack_count(n) for n in counts.values())
            if any(n != 1 for n in counts.values()):
                weights = tuple(float(n) for n in counts.values())
            length = sum(counts.values()) if fieldobj.scorable else 0
        elif type(value) in (int, str):  # hashable, and no bool equal to an int
            terms, weights, values, length = _analyse_value(name, value)
        else:
            terms, weights, values, length = _analyse_value.__wrapped__(name, value)
        if is_stored:
            stored[name] = value
        column = fieldobj.to_column_value(value) if has_column else None
        out.append((name, terms, weights, values, length, column))
    return tuple(out), stored_bytes(stored)


@functools.lru_cache(maxsize=256)
def _pack_count(n: int) -> bytes:
    """The `Frequency` format's value of a token found n times."""
    from whoosh.system import pack_uint

    return pack_uint(n)


@functools.lru_cache(maxsize=4096)
def _analyse_value(
    name: str, value: Any
) -> tuple[tuple[bytes, ...], tuple[float, ...] | None, tuple[bytes, ...] | None, int]:
    """Whoosh's analysis of a field value (say, a statement's `order`, which repeats across
    articles) as terms, weights (None: all 1.0), values (None: all empty) and length."""
    fieldobj = _schema()[name]
    postings = list(fieldobj.index(value))
    terms = tuple(p[0] for p in postings)
    weights = tuple(p[2] for p in postings)
    values = tuple(p[3] for p in postings)
    plain_weights = all(type(w) is float and w == 1.0 for w in weights)
    length = sum(p[1] for p in postings) if postings and fieldobj.scorable else 0
    return terms, None if plain_weights else weights, values if any(values) else None, length


def stored_bytes(stored: dict[str, Any]) -> bytes | None:
    """Return what Whoosh's stored column keeps for a document's stored fields (in field order)."""
    import pickle

    return _compress(pickle.dumps(stored, 2), STORED_LEVEL) if stored else None


def lexicon_doc_id(words: list[str]) -> str:
    """Return the id of the lexicon document of (sorted) words: the same words, the same id."""
    return f"{LEXICON}:{short_hash(chr(10).join(words))}"


def lexicon_document(words: Iterable[str]) -> PreparedDoc:
    """Return the lexicon document listing words (what `prepare_document` gives for its fields)."""
    from whoosh.system import pack_uint

    one = pack_uint(1)  # the Frequency format's value of a word that occurs once
    listed = sorted(set(words))
    terms = tuple(w.encode() for w in listed)
    doc_id = lexicon_doc_id(listed)
    fields, stored = prepare_document({"id": doc_id, "doctype": LEXICON})
    return (*fields, ("words", terms, None, (one,) * len(terms), 0, None)), stored


def add_prepared(writer: Any, doc: PreparedDoc) -> None:
    """Append an analysed document: `SegmentWriter.add_document` without the analysis."""
    writer._check_state()
    schema = writer.schema
    perdoc = writer.perdocwriter
    docnum = writer.docnum
    pool = writer.pool
    fast = isinstance(pool, Postings)
    fields, stored = doc
    perdoc.start_doc(docnum)
    try:
        for name, terms, weights, values, length, column in fields:
            if terms:
                if fast:
                    pool.add_field(name, docnum, terms, weights, values, length)
                else:
                    ws = weights or (1.0,) * len(terms)
                    vs = values or (b"",) * len(terms)
                    for tbytes, weight, vbytes in zip(terms, ws, vs, strict=True):
                        pool.add((name, tbytes, docnum, weight, vbytes))
            if length:
                perdoc.add_field(name, schema[name], None, length)
            if column is not None:
                column_type = schema[name].column_type
                if column_type:
                    perdoc.add_column_value(name, column_type, column)
        if stored is not None:
            # What `finish_doc` would pickle and compress, done by the worker: only written here.
            _add_raw_bytes(perdoc._colwriters["_stored"]._child, docnum, stored)
    except Exception:
        perdoc.cancel_doc()
        raise
    perdoc.finish_doc()
    writer._added = True
    writer.docnum += 1


#: zlib level of the stored fields (Whoosh's `CompressedBytesColumn` default).
STORED_LEVEL = 3
#: Blocks of postings smaller than this (bytes, pickled) are written uncompressed.
COMPRESS_MIN = 160
#: What one posting held in `Postings` costs in memory with its share of the terms and of the
#: documents' stored fields (about 105 bytes measured with tracemalloc on BBC articles).
POSTING_BYTES = 120


class Postings:
    """A new segment's postings in memory, by field and term: what Whoosh's `PostingPool` holds.

    Whoosh's pool keeps a tuple per posting, sorts them all at the flush and writes them through
    a writer object one posting at a time. Documents arrive in order, so each term's postings are
    already sorted here; only the terms are sorted, and `write_postings` writes a term at a time.
    """

    def __init__(self, whoosh_pool: Any) -> None:
        #: Field -> term -> its postings as one flat list: docnum, weight, value, docnum, ...
        self.fields: dict[str, dict[bytes, list[Any]]] = {}
        #: Field length per document (as the length column gives it back) for scored fields.
        self.lengths: dict[str, dict[int, int]] = {}
        self.currentsize = 0
        self.limit = whoosh_pool.limit
        self.fieldnames: set[str] = set()
        #: Postings came through `add` (Whoosh merging segments): lengths are read back, terms sorted.
        self.foreign = False
        self._whoosh_pool = whoosh_pool
        from whoosh.util.numeric import byte_to_length, length_to_byte

        self._length_to_byte, self._byte_to_length = length_to_byte, byte_to_length

    def add_field(
        self,
        name: str,
        docnum: int,
        terms: tuple[bytes, ...],
        weights: tuple[float, ...] | None,
        values: tuple[bytes, ...] | None,
        length: int,
    ) -> None:
        """Add one document's postings of one field (as `prepare_document` gives them)."""
        by_term = self.fields.get(name)
        if by_term is None:
            by_term = self.fields[name] = {}
            self.fieldnames.add(name)
        # Flat lists (docnum, weight, value, docnum, ...): a tuple per posting would be an object
        # for the cyclic garbage collector to scan again and again.
        if weights is None and values is None:
            for tbytes in terms:
                found = by_term.get(tbytes)
                if found is None:
                    by_term[tbytes] = [docnum, 1.0, b""]
                else:
                    found += (docnum, 1.0, b"")
        else:
            ws = weights or (1.0,) * len(terms)
            for tbytes, weight, vbytes in zip(terms, ws, values or (b"",) * len(terms), strict=True):
                found = by_term.get(tbytes)
                if found is None:
                    by_term[tbytes] = [docnum, weight, vbytes]
                else:
                    found += (docnum, weight, vbytes)
        if length:
            # The flush asks the length column, which holds a byte (0 reads back as no length).
            code = self._length_to_byte(length)
            if code:
                self.lengths.setdefault(name, {})[docnum] = self._byte_to_length(code)
        self.currentsize += POSTING_BYTES * len(terms)

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """Add one posting `(field, term, docnum, weight, value)`: what Whoosh's writer adds."""
        name, tbytes, docnum, weight, vbytes = item
        self.fields.setdefault(name, {}).setdefault(tbytes, []).extend((docnum, weight, vbytes or b""))
        self.fieldnames.add(name)
        self.currentsize += POSTING_BYTES
        self.foreign = True

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        """Yield every posting in the order Whoosh writes them."""
        for name in sorted(self.fields):
            terms = self.fields[name]
            for tbytes in sorted(terms):
                for docnum, weight, vbytes in _triples(terms[tbytes]):
                    yield name, tbytes, docnum, weight, vbytes

    def cleanup(self) -> None:
        """Remove the temporary files of Whoosh's own pool (it never wrote any)."""
        self._whoosh_pool.cleanup()


def _triples(flat: list[Any]) -> list[tuple[int, float, bytes]]:
    """The postings of a term's flat list as (docnum, weight, value), by document number."""
    return sorted(zip(flat[::3], flat[1::3], flat[2::3], strict=True), key=lambda p: p[0])


def write_postings(writer: Any, pdr: Any) -> None:
    """Write the segment's postings: the bytes Whoosh's `W3FieldWriter.add_postings` writes.

    `pdr` reads the field lengths back (Whoosh's way) when postings came from merged segments.
    What Whoosh does per posting in Python (deltas, weights, lengths of a block) is done here by
    C loops (`map`, `filter`, `list.count`), and a term's row is packed at once.
    """
    from array import array
    from hashlib import md5
    from operator import sub
    from pickle import dumps
    from struct import Struct

    from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
    from whoosh.filedb import filetables
    from whoosh.system import pack_int, pack_ushort
    from whoosh.util.numeric import length_to_byte

    compress = _compress
    pool: Postings = writer.pool
    fw = writer.fieldwriter
    blocklimit, comp = writer.codec._blocklimit, writer.codec._compression
    tindex, fieldmap = fw._tindex, fw._fieldmap
    # Positions are counted here, not asked of the files (a `tell` on a buffered file is a syscall).
    post_write, pos = fw._postfile.file.write, fw._postfile.tell()
    term_write, term_pos = tindex.dbfile.file.write, tindex.dbfile.tell()
    buckets, index_append = tindex.buckets, tindex.index.append
    # The hash of `filetables.md5_hash`, without formatting the digest as hex.
    if tindex.hashfn is not filetables.md5_hash:
        raise ValueError("write_postings writes only md5-hashed term tables")
    from_bytes = int.from_bytes
    # A term's row: `pack_sizes(len(key), len(value))`, key, value (`W3TermInfo.to_bytes` of a
    # term whose postings are in the postings file: its statistics, offset and length).
    row_sizes = filetables._lengths.pack
    row_value = Struct("!BfIBBfIIqi")
    value_size = row_value.size
    lastkey = tindex.lastkey
    magic = len(WHOOSH3_HEADER_MAGIC)
    single_lows = (0, 0)  # no lengths: `length_to_byte(None), length_to_byte(0)`
    for name in sorted(pool.fields):
        terms = pool.fields[name]
        fieldobj = writer.schema[name]
        fieldid = fieldmap.setdefault(name, len(fieldmap))
        prefix = pack_ushort(fieldid)
        fixed = fieldobj.format.fixed_value_size()
        if pdr is not None:
            lengths = {
                d: pdr.doc_field_length(d, name) for d in {d for flat in terms.values() for d in flat[::3]}
            }
        else:
            lengths = pool.lengths.get(name, {})
        get_length = lengths.get
        for tbytes in sorted(terms):
            flat = terms[tbytes]
            if pool.foreign:
                flat = [x for p in _triples(flat) for x in p]
            start = pos
            post_write(WHOOSH3_HEADER_MAGIC)
            pos += magic
            count = len(flat) // 3
            # The term's statistics (`W3TermInfo.add_block` of each block).
            t_weight, t_minlength, t_maxlength, t_maxweight = 0.0, None, 0, 0
            for at in range(0, count, blocklimit):
                ids = flat[3 * at : 3 * (at + blocklimit) : 3]
                raw_weights = flat[3 * at + 1 : 3 * (at + blocklimit) : 3]
                n = len(ids)
                if raw_weights.count(1.0) == n:
                    mini_weights: Any = None
                    maxweight: Any = raw_weights[0]  # what `max` returns of equal weights
                    t_weight += n
                else:
                    weights = array("f", raw_weights)
                    t_weight += sum(weights)
                    maxweight = max(raw_weights)
                    if not maxweight > 0:
                        maxweight = 0
                    if weights.count(1.0) == n:
                        mini_weights = None
                    elif weights.count(weights[0]) == n:
                        mini_weights = weights[0]
                    else:
                        mini_weights = tuple(weights)
                if lengths:
                    found = list(filter(None, map(get_length, ids)))
                    minlength = min(found) if found else None
                    maxlength = max(found) if found else 0
                    if t_minlength is None:
                        t_minlength = minlength
                    elif minlength is not None:
                        t_minlength = min(t_minlength, minlength)
                    t_maxlength = max(t_maxlength, maxlength)
                    lows = (length_to_byte(minlength), length_to_byte(maxlength))
                else:
                    lows = single_lows
                if maxweight > t_maxweight:
                    t_maxweight = maxweight
                # The block (`W3PostingsWriter._write_block`).
                if fixed == 0:
                    mini_values: Any = None
                elif fixed is None or fixed < 0:
                    mini_values = tuple(filter(None, flat[3 * at + 2 : 3 * (at + blocklimit) : 3]))
                else:  # values are bytes, empty ones add nothing
                    mini_values = b"".join(flat[3 * at + 2 : 3 * (at + blocklimit) : 3])
                deltas = tuple(map(sub, ids, [0, *ids])) if n > 1 else (ids[0],)
                databytes = dumps((deltas, mini_weights, mini_values), 2)
                # Each block says whether it is compressed: small ones would not shrink.
                level = comp if len(databytes) >= COMPRESS_MIN else 0
                if level:
                    databytes = compress(databytes, level)
                infobytes = dumps((n, ids[-1], maxweight, level, *lows), 2)
                size = len(infobytes) + len(databytes)
                post_write(pack_int(-size if at + blocklimit >= count else size) + infobytes + databytes)
                pos += 4 + size
            # The term's row (`OrderedHashWriter.add`).
            key = prefix + tbytes
            if key <= lastkey:
                raise ValueError(f"Keys must increase: {lastkey!r}..{key!r}")
            value = row_value.pack(
                0,
                t_weight,
                count,
                0 if t_minlength is None else length_to_byte(t_minlength),
                length_to_byte(t_maxlength),
                t_maxweight,
                flat[0],
                flat[-3],
                start,
                pos - start,
            )
            index_append(term_pos)
            term_write(row_sizes(len(key), value_size) + key + value)
            h = from_bytes(md5(key, usedforsecurity=False).digest()[12:], "big")
            buckets[h & 255].append((h, term_pos))
            term_pos += 8 + len(key) + value_size
            lastkey = key
    tindex.lastkey = lastkey


def _write_hashes(table: Any) -> None:
    """Write the 256 hash tables of a term table: Whoosh's `HashWriter._write_hashes`, one write per
    table instead of one per slot."""
    from itertools import starmap

    from whoosh.filedb.filetables import _pointer

    dbfile, pack, null = table.dbfile, _pointer.pack, (0, 0)
    for entries in table.buckets:
        numslots = 2 * len(entries)
        table.directory.append((dbfile.tell(), numslots))
        hashtable = [null] * numslots
        for hashval, position in entries:
            slot = (hashval >> 8) % numslots
            while hashtable[slot] != null:
                slot = (slot + 1) % numslots
            hashtable[slot] = (hashval, position)
        dbfile.write(b"".join(starmap(pack, hashtable)))


def _add_raw_bytes(column_writer: Any, docnum: int, data: bytes) -> None:
    """Append bytes to a compressed bytes column as they are (they were compressed already)."""
    from whoosh.columns import VarBytesColumn

    VarBytesColumn.Writer.add(column_writer, docnum, data)


def _compress(data: bytes, level: int) -> bytes:
    """Return data as a zlib stream (any zlib reads it): with ISA-L when installed, else with zlib.

    Whoosh compresses each stored document and each block of postings on its own, mostly a few
    hundred bytes. ISA-L's level 1 makes them as small as zlib's level 3, three times as fast.
    """
    return _deflate()(data, level)


@functools.cache
def _deflate() -> Callable[[bytes, int], bytes]:
    """The compressor `_compress` uses (ISA-L is a dependency, but a wheel may be missing)."""
    try:
        from isal import isal_zlib
    except ImportError:
        return _zlib_compress
    compress = isal_zlib.compress
    return lambda data, level: compress(data, ISAL_LEVEL) if level else _zlib_compress(data, 0)


#: ISA-L's compression level (0 to 3) for every zlib level asked for above 0.
ISAL_LEVEL = 1


def _zlib_compress(data: bytes, level: int) -> bytes:
    """`zlib.compress` with a 4 kB window: the same format, without setting up 256 kB per call
    (for a few hundred bytes, the set-up of the default window costs ten times the compression)."""
    obj = zlib.compressobj(level, zlib.DEFLATED, 12, 4)
    return obj.compress(data) + obj.flush()


def merge_small_bounded(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh's `MERGE_SMALL` policy, merging at most `MERGE_MAX_DOCS` documents at once.

    A merge holds all the postings of the segments it merges in memory (`Postings` never spills to
    disk), and on an index of many segments `MERGE_SMALL` alone merges half a million documents
    at a time. Returns the segments left as they are, as Whoosh's policies do.
    """
    from whoosh.reading import SegmentReader
    from whoosh.writing import fib

    ordered = sorted(segments, key=lambda seg: seg.doc_count_all())
    chosen: list[Any] = []
    total = 0
    for i, seg in enumerate(ordered):
        total += max(seg.doc_count_all(), 0)
        if total > MERGE_MAX_DOCS:
            return segments
        chosen.append(seg)
        if i > 3 and total < fib(i + 5):
            break  # MERGE_SMALL's merge point
    else:
        return segments
    for seg in chosen:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return ordered[len(chosen) :]


@functools.cache
def _writer_class() -> type:
    """Whoosh's segment writer, with `Postings` for its pool and `write_postings` for its flush."""
    from whoosh.writing import SegmentWriter

    class Writer(SegmentWriter):  # type: ignore[misc]
        def __init__(self, ix: Any, **kwargs: Any) -> None:
            super().__init__(ix, **kwargs)
            self.pool = Postings(self.pool)
            # Readers decompress any zlib stream: only this writer's compression changes (used
            # when Whoosh merges segments; new documents come compressed by `prepare_document`).
            stored = self.perdocwriter._colwriters["_stored"]
            stored._child._compress = lambda data, level: _compress(data, level)

        def _flush_segment(self) -> None:
            self.perdocwriter.close()
            pdr = self.per_document_reader() if self.pool.foreign else None
            write_postings(self, pdr)
            tindex = self.fieldwriter._tindex
            tindex._write_hashes = functools.partial(_write_hashes, tindex)
            self.fieldwriter.close()
            if pdr is not None:
                pdr.close()

    return Writer


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
    words: frozenset[str] = frozenset()
    """The plain words of the statements' texts (for the typo lexicon)."""


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
        "extractor": record.extractor,
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
        extractor=str(data.get("extractor", "")),
    )


def extractor_version() -> str:
    """The running extractor's fingerprint (`quotefind.extract.version`)."""
    from quotefind.extract import version

    return version()


def _current(records: dict[str, ArticleRecord]) -> dict[str, ArticleRecord]:
    """The records, those made by another extractor marked as changed (no text hash, no file stamp).

    Their articles are then read and extracted again even though their text did not change: an
    upgraded extractor replaces what an older one found.
    """
    now = extractor_version()
    return {
        key: r if r.extractor == now else replace(r, content_hash="", size=-1, mtime_ns=-1)
        for key, r in records.items()
    }


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
    content_hash = article.content_hash  # a hash of the whole text: once, not per statement
    statements = list(extract(article))
    record = ArticleRecord(
        key=key,
        content_hash=content_hash,
        article_id=article.id,
        path=article.source.path or "",
        file=file,
        size=size,
        mtime_ns=mtime_ns,
        statements=len(statements),
        extractor=extractor_version(),
    )
    words: set[str] = set()
    docs = [
        prepare_document(statement_fields(st, article_key=key, content_hash=content_hash), words)
        for st in statements
    ]
    docs.append(prepare_document(article_record_fields(record)))
    return Extracted(
        record=record,
        docs=tuple(docs),
        kinds=tuple(st.kind for st in statements),
        speakers=tuple(st.speaker.name for st in statements if st.speaker.name),
        words=frozenset(words),
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
    _words: set[str] = field(default_factory=set)

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
        session.records = _current(read_records(ix))
        return session

    def is_unchanged(self, key: str, content_hash: str) -> bool:
        """True when the index holds the article with the same text."""
        found = self.records.get(key)
        return found is not None and found.content_hash == content_hash

    def note_unchanged(self, key: str) -> None:
        """Count an article as unchanged (and as seen in this run)."""
        self.seen.add(key)
        self.counts["unchanged"] += 1

    def note_repeat(self) -> None:
        """Count an article given again in this run with the text it had (unchanged, once written)."""
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
            self._writer = _writer_class()(self._ix, limitmb=WRITER_LIMIT_MB, _lk=False)
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
        self._words |= item.words
        self.records[record.key] = record
        self.counts["articles"] += 1
        self.counts.update(item.kinds)
        self.speakers.update(item.speakers)
        self._step()
        return True

    def note_words(self, words: Iterable[str]) -> None:
        """Add words written outside `write` (say, by `add_statements`) to this commit's lexicon."""
        self._words.update(words)

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
        writer, self._writer, self._pending = self._writer, None, 0
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
    with fewer_collections():
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
    jobs: int = 1,
    lock_timeout: float = 0.0,
    rebuild: bool = False,
    prune: bool = False,
    commit_every: int = COMMIT_EVERY,
    on_article: Callable[[Article, int], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
) -> IndexSummary:
    """Index articles: skip unchanged ones, replace changed ones, add new ones.

    Extraction runs in this process, or with `jobs` > 1 (0: all cores) in worker processes when
    there are many articles and `extract` is a module-level function (the caller's script then
    needs the `if __name__ == "__main__":` guard of multiprocessing). Workers pay off on idle
    cores; on a busy machine the copies to and from them cost more than they save. `prune` also
    removes the articles whose file is gone. For files and folders on disk,
    `quotefind.pipeline.index_paths` does the same and skips unchanged files unread.
    """
    from quotefind.ingest import Skipped
    from quotefind.pipeline import extract_articles

    with write_session(location, lock_timeout=lock_timeout, rebuild=rebuild, commit_every=commit_every) as s:
        # Articles go to the workers ahead of the writes: one seen earlier in this run with the
        # same text is unchanged, as it would be one at a time.
        queued: dict[str, str] = {}

        def changed() -> Iterator[Article]:
            for item in items:
                if isinstance(item, Skipped):
                    s.note_skipped()
                    if on_skip:
                        on_skip(item)
                    continue
                key = item.key or item.id
                content_hash = item.content_hash
                if s.is_unchanged(key, content_hash):
                    s.note_unchanged(key)
                    continue
                if queued.get(key) == content_hash:
                    s.note_repeat()
                    continue
                queued.setdefault(key, content_hash)
                yield item

        for article, done in extract_articles(changed(), jobs=jobs, extract=extract):
            if s.write(done) and on_article:
                on_article(article, done.record.statements)
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
            fields = statement_fields(st, article_key=article, content_hash="")
            writer.update_document(**fields)
            session.note_words(text_words(fields["text"]))
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
