"""Every change quotefind makes to Whoosh's behaviour."""

from __future__ import annotations

import functools
from typing import Any

from quotefind.store.whoosh.compress import compress
from quotefind.store.whoosh.postings import Postings, write_hashes, write_postings


class ViewFile:
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
def read_segments_in_place() -> None:
    """Make Whoosh read the files inside a compound segment from its memory map, not from a copy.

    Whoosh 2.7 maps a compound segment, then wraps each file in it in a `BytesIO`, which copies it:
    a reader held the whole index in memory twice (the copy and the mapped pages it read to make
    it) and paid for the copy each time it opened the index.
    """
    from whoosh.filedb.structfile import BufferFile

    def init(self: Any, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        self._buf = buf
        self._name = name
        self.file = ViewFile(buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False

    BufferFile.__init__ = init


@functools.cache
def skip_by_bisection() -> None:
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


@functools.cache
def cache_missing_columns() -> None:
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


@functools.cache
def writer_class() -> type:
    """Whoosh's segment writer, with `Postings` for its pool and `write_postings` for its flush."""
    from whoosh.writing import SegmentWriter

    class Writer(SegmentWriter):  # type: ignore[misc]
        def __init__(self, ix: Any, **kwargs: Any) -> None:
            super().__init__(ix, **kwargs)
            self.pool = Postings(self.pool)
            # Readers decompress any zlib stream: only this writer's compression changes (used
            # when Whoosh merges segments; new documents come compressed by `prepare_document`).
            stored = self.perdocwriter._colwriters["_stored"]
            stored._child._compress = lambda data, level: compress(data, level)

        def _flush_segment(self) -> None:
            self.perdocwriter.close()
            pdr = self.per_document_reader() if self.pool.foreign else None
            write_postings(self, pdr)
            tindex = self.fieldwriter._tindex
            tindex._write_hashes = functools.partial(write_hashes, tindex)
            self.fieldwriter.close()
            if pdr is not None:
                pdr.close()

    return Writer
