"""Article records (what tells a changed article on the next run) and the run bookkeeping of every store."""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from quotefind.model import IndexSummary, Source


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """What the index keeps about one article, to tell on the next run whether it changed."""

    key: str
    """Where the article is, across runs (`Article.key`, else its id): one record per key; several
    keys (copies of one wire story) may hold one article id, whose statements are written once."""
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
    source: Source | None = None
    """The copy's `Source`, which its article's statements list in `sources` (written to the index;
    not read back into the records a Whoosh session keeps: `record_source` reads it where needed)."""

    def same_file(self, size: int, mtime_ns: int) -> bool:
        """True when the file still has the size and modification time it had when read."""
        return self.size >= 0 and self.size == size and self.mtime_ns == mtime_ns


def record_details(record: ArticleRecord) -> dict[str, Any]:
    """An article record's details beyond its key, hash, id and path, as each store writes them."""
    return {
        "file": record.file,
        "size": record.size,
        "mtime_ns": record.mtime_ns,
        "statements": record.statements,
        "extractor": record.extractor,
        "source": record.source.to_dict() if record.source is not None else None,
    }


def details_from(data: dict[str, Any]) -> dict[str, Any]:
    """The `ArticleRecord` arguments that `record_details` wrote (`source` aside), with their defaults."""
    return {
        "file": str(data.get("file", "")),
        "size": int(data.get("size", -1)),
        "mtime_ns": int(data.get("mtime_ns", -1)),
        "statements": int(data.get("statements", 0)),
        "extractor": str(data.get("extractor", "")),
    }


def extractor_version() -> str:
    """The running extractor's fingerprint (`quotefind.extract.version`)."""
    from quotefind.extract import version

    return version()


def current_records(records: dict[str, ArticleRecord]) -> dict[str, ArticleRecord]:
    """The records, those made by another extractor marked as changed (no text hash, no file stamp).

    Their articles are then read and extracted again even though their text did not change: an
    upgraded extractor replaces what an older one found.
    """
    now = extractor_version()
    return {
        key: r if r.extractor == now else replace(r, content_hash="", size=-1, mtime_ns=-1)
        for key, r in records.items()
    }


def is_gone(path: str) -> bool:
    """True when the file is known not to exist: `os.stat` says it, or a folder on its path, is missing.

    A file that cannot be looked at (permission denied, an I/O error, a name too long now) is not
    gone: `os.path.exists` says False for those too, and pruning then deleted what may be there.
    """
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except (OSError, ValueError):
        return False
    return False


def warn_input(message: str) -> None:
    """Say on stderr (through the logger whose warnings the CLI prints) what a run did with an input."""
    logging.getLogger("quotefind.ingest").warning("%s", message)


#: What a run keeps per key it wrote: text hash, statement kinds with their counts, where the copy
#: was read, article id.
Written = tuple[Any, tuple[tuple[str, int], ...], str, Any]

_KINDS = ("claim", "quote")
_LINE = re.compile(r"(.*#line)([1-9][0-9]{0,8})")
_U64 = 1 << 64
_U32 = 1 << 32


class WrittenKeys:
    """What a run wrote per key (`Written`), packed in one int per key where it fits.

    A million new articles are written in one run: as tuples their bookkeeping took ~440 bytes a key
    (and held the JSON-lines bench's writer over 1 GiB); packed, the int takes ~60. Where a copy was
    read is kept as a shared prefix and a line number (`file#line7`). A value that does not fit (a
    text hash or article id that is not a 64-bit int, another kind) is kept as the tuple.
    """

    __slots__ = ("_keys", "_place_ids", "_places")

    def __init__(self) -> None:
        self._keys: dict[str, int | Written] = {}
        self._places: list[str] = []
        self._place_ids: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __setitem__(self, key: str, value: Written) -> None:
        self._keys[key] = self._pack(value)

    def __getitem__(self, key: str) -> Written:
        return self._unpack(self._keys[key])

    def get(self, key: str) -> Written | None:
        """The key's `Written`, None when this run wrote no copy under it."""
        found = self._keys.get(key)
        return None if found is None else self._unpack(found)

    def _pack(self, value: Written) -> int | Written:
        text_hash, kinds, where, article = value
        counts = dict(kinds)
        if not (
            _fits(text_hash, _U64)
            and _fits(article, _U64)
            and set(counts) <= set(_KINDS)
            and all(_fits(counts.get(k, 0), _U32) for k in _KINDS)
        ):
            return value
        found = _LINE.fullmatch(where)
        prefix, line = (found[1], int(found[2])) if found else (where, 0)
        place = self._place_ids.get(prefix)
        if place is None:
            place = self._place_ids[prefix] = len(self._places)
            self._places.append(prefix)
        packed = place << 32 | line
        for kind in _KINDS:
            packed = packed << 32 | counts.get(kind, 0)
        return (packed << 64 | article) << 64 | text_hash

    def _unpack(self, value: int | Written) -> Written:
        if not isinstance(value, int):
            return value
        text_hash, value = value & (_U64 - 1), value >> 64
        article, value = value & (_U64 - 1), value >> 64
        counts = {}
        for kind in reversed(_KINDS):
            counts[kind], value = value & (_U32 - 1), value >> 32
        line, place = value & (_U32 - 1), value >> 32
        where = self._places[place] + (str(line) if line else "")
        kinds = tuple((kind, counts[kind]) for kind in _KINDS if counts[kind])
        return text_hash, kinds, where, article


def _fits(value: object, bound: int) -> bool:
    return type(value) is int and 0 <= value < bound


class RunBook:
    """What every write session keeps of a run's keys, the same for each store (a mixin).

    A session has `records` (key -> stored record), `seen` (keys met this run and not written:
    unchanged ones), `counts`, `speakers` (the names written), `_written` (`WrittenKeys`: what this
    run wrote per key) and `remove(key)`.
    """

    records: dict[str, ArticleRecord]
    seen: set[str]
    counts: Counter[str]
    speakers: set[str]
    _written: WrittenKeys

    def met(self, key: str) -> bool:
        """True when this run met the key before (wrote it, or found it unchanged)."""
        return key in self._written or key in self.seen

    def summary(self) -> IndexSummary:
        """Return what the session did (statements a new extraction overwrote count as removed)."""
        c = self.counts
        return IndexSummary(
            articles=c["articles"],
            unchanged=c["unchanged"],
            skipped=c["skipped"],
            quotes=c["quote"],
            claims=c["claim"],
            speakers=len(self.speakers),
            removed=c["removed"] + c["overwritten"],
            duplicates=c["duplicates"],
        )

    def remove(self, key: str) -> None:  # pragma: no cover - each store defines it
        raise NotImplementedError

    def is_unchanged(self, key: str, content_hash: str) -> bool:
        """True when the store holds the article with the same text."""
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

    def prune_missing(self) -> None:
        """Remove the articles whose file is gone (stdin articles stay); see `is_gone`."""
        for key, record in list(self.records.items()):
            if record.file and is_gone(record.file):
                self.remove(key)

    def written_hash(self, record: ArticleRecord) -> Any:
        """The text hash this store keeps in `_written` for a record."""
        return record.content_hash

    def _again(self, record: ArticleRecord) -> bool:
        """Say and count an article whose key this run met before; True when it is to be written
        (another text: the last copy is kept), False when it has the same text (read once)."""
        first = self._written.get(record.key)
        earlier = self.records.get(record.key)
        self.counts["duplicates"] += 1
        source = record.path or record.key
        if first is not None:
            where, same = first[2], first[0] == self.written_hash(record)
        else:
            where = (earlier.path or earlier.key) if earlier is not None else "an earlier input"
            same = earlier is not None and earlier.content_hash == record.content_hash
        if same:
            warn_input(f"{source}: the same article (key {record.key!r}) and text as {where} - read once")
            return False
        warn_input(
            f"{source}: the same article (key {record.key!r}) as {where}, another text - the last is kept"
        )
        return True
