"""A Whoosh 2.7 index folder's term index read straight from its files, without importing Whoosh.

Tab completion needs the speaker names with their counts and the statement ids. Importing Whoosh
and opening an index of 100,000 statements costs a completion ~130 ms before it reads a term; the
files hold them in a plain layout (Whoosh 2.7.4-2.7.5's `W3Codec`, as `quotefind.store.whoosh`
writes it): the newest `_MAIN_N.toc` lists the segments, each segment (a compound `.seg` file, or
loose files) holds a term file (`.trm`, an `OrderedHashWriter` file of `field number + term` keys
in order, each with a `W3TermInfo`: flags, weight, document frequency, lengths, first and last
document) and the stored fields (`_stored.col`, a zlib-compressed JSON object a document).

Anything this does not recognise raises `UnreadableError`, and the caller reads the index through
Whoosh instead: never a wrong answer, at worst a slower one. `tests/test_termfiles.py` compares
each reading with Whoosh's own on indexes with several segments and deleted documents.
"""

from __future__ import annotations

import contextlib
import io
import json
import mmap
import os
import pickle
import re
import struct
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

#: `typing.TYPE_CHECKING` without importing `typing` (~2 ms of a ~45 ms completion process).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar

#: Whoosh's name for the index inside the folder (`store.whoosh.schema.INDEXNAME`; importing that
#: module imports the model, which a completion does not need).
INDEXNAME = "MAIN"
_TOC = re.compile(rf"_{INDEXNAME}_(\d+)\.toc")
#: The table of contents format this reads (`whoosh.index._CURRENT_TOC_VERSION`).
_TOC_VERSION = -111
_SEGID = re.compile(r"[0-9a-z]{1,64}")
_HASH_MAGIC = b"HSH3"
_LENGTHS = struct.Struct("!ii")
#: A term's record in the term file: flags, weight, document frequency, lengths, weight, first and
#: last document (`W3TermInfo._struct`).
_TERMINFO = struct.Struct("!BfIBBfII")
_DOC_FREQUENCY = struct.Struct("!I")
_MIN_MAX_ID = struct.Struct("!II")
_DIRECTORY = struct.Struct("!qi")
_DIRECTORY_SIZE = 256 * _DIRECTORY.size
#: The integer types of Whoosh's arrays (`GrowableArray`: the term file's key positions, a column's
#: lengths and offsets), each of one size everywhere.
_INTEGER_TYPES = frozenset("BHiIq")


#: A term of a field (`_Segment.scan`) and the position of its term info in the bytes scanned.
Record = tuple[bytes, int]


class UnreadableError(Exception):
    """The index's files are not in the format this reads: ask Whoosh."""


class _Stub:
    """A Whoosh object of a pickle (a segment, its codec), kept as its attributes alone."""


class _Unpickler(pickle.Unpickler):
    """Unpickles the table of contents' segments and the term files' extras: the two Whoosh classes
    become `_Stub`s; a few harmless builtins load; anything else is unreadable (never imported)."""

    _STUBS = frozenset({("whoosh.codec.whoosh3", "W3Segment"), ("whoosh.codec.whoosh3", "W3Codec")})
    _BUILTINS: ClassVar[dict[tuple[str, str], Any]] = {
        ("builtins", "set"): set,
        ("builtins", "frozenset"): frozenset,
        ("builtins", "int"): int,
        # A segment's field lengths: `defaultdict(int)` (read as a plain dict).
        ("collections", "defaultdict"): lambda *_: {},
    }

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self._STUBS:
            return _Stub
        found = self._BUILTINS.get((module, name))
        if found is None:
            raise UnreadableError(f"a pickle names {module}.{name}")
        return found

    def persistent_load(self, pid: Any) -> Any:
        raise UnreadableError("a pickle holds a persistent id")


@contextlib.contextmanager
def _reading() -> Iterator[None]:
    """Any error of reading bytes that are not what this expects becomes `UnreadableError`."""
    try:
        yield
    except UnreadableError:
        raise
    except (struct.error, IndexError, KeyError, TypeError, ValueError, OverflowError, AttributeError) as exc:
        raise UnreadableError(f"the term files do not read ({exc!r})") from None


def _unpickle(data: bytes | memoryview) -> Any:
    try:
        return _Unpickler(io.BytesIO(data)).load()
    except UnreadableError:
        raise
    except Exception as exc:  # any garbled pickle: Whoosh says what is wrong
        raise UnreadableError(f"a pickle does not load ({exc!r})") from None


class _Segment:
    """One segment: its term file (the keys in order) and, where documents were deleted, the
    numbers of those documents and a way to read their stored fields."""

    def __init__(self, location: Path, segment: Any) -> None:
        try:
            segid, count, deleted = segment.segid, segment._doccount, segment._deleted
            compound = getattr(segment, "compound", False)
        except AttributeError:
            raise UnreadableError("a segment lacks its id, size or deletions") from None
        # Whoosh's ids are lowercase letters and digits: no other name leaves the folder.
        if not (isinstance(segid, str) and _SEGID.fullmatch(segid) and isinstance(count, int)):
            raise UnreadableError("a segment's id or size is not Whoosh's")
        self.name = f"{INDEXNAME}_{segid}"
        self.count: int = count
        self.deleted: frozenset[int] = frozenset(deleted or ())
        self._location = location
        self._compound = compound
        self._files: dict[str, Any] | None = None
        self._maps: list[mmap.mmap] = []
        self.terms = self._file(".trm")
        self._read_term_file_tail()

    def close(self) -> None:
        # The views first: a map with views of it cannot close (then it closes when collected).
        for view in (self.terms, *(self._stored_column or ())[:1], *(self._files or {}).values()):
            if isinstance(view, memoryview):
                view.release()
        for kept in self._maps:
            with contextlib.suppress(BufferError):
                kept.close()

    def _map(self, path: Path) -> memoryview:
        try:
            with open(path, "rb") as f:
                kept = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as exc:  # ValueError: an empty file cannot be mapped
            raise UnreadableError(f"{path.name} cannot be read ({exc})") from None
        self._maps.append(kept)
        return memoryview(kept)

    def _file(self, suffix: str) -> memoryview:
        """The bytes of one of the segment's files (inside its compound file, or on its own)."""
        name = self.name + suffix
        if not self._compound:
            return self._map(self._location / name)
        if self._files is None:
            whole = self._map(self._location / f"{self.name}.seg")
            # `CompoundStorage`: the directory's position and length, then at that position a
            # pickled {name: {"offset", "length", ...}}.
            try:
                at = struct.unpack_from("!q", whole, 0)[0]
            except struct.error:
                raise UnreadableError("a compound segment is cut short") from None
            directory = _unpickle(whole[at:])
            if not isinstance(directory, dict):
                raise UnreadableError("a compound segment's directory is not a mapping")
            self._files = {"": whole, **directory}
        info = self._files.get(name)
        if not isinstance(info, dict):
            raise UnreadableError(f"a compound segment has no {suffix} file")
        offset, length = info.get("offset"), info.get("length")
        if not isinstance(offset, int) or not isinstance(length, int):
            raise UnreadableError(f"a compound segment's {suffix} file has no extent")
        whole = self._files[""]
        if offset < 0 or offset + length > len(whole):
            raise UnreadableError(f"a compound segment's {suffix} file lies outside it")
        return whole[offset : offset + length]

    def _read_term_file_tail(self) -> None:
        """The term file's extras (field numbers, the array of key positions) from its end."""
        data = self.terms
        try:
            if bytes(data[:4]) != _HASH_MAGIC:
                raise UnreadableError("a term file is not a Whoosh hash file")
            end = len(data) - 4
            extras_at = end - struct.unpack_from("!i", data, end)[0]
            extras = _unpickle(data[extras_at:end])
            fields, kind, self.keys = extras["fieldmap"], extras["indextype"], extras["indexlen"]
            # The end of the key/value pairs: the position of the first hash table.
            self.end = _DIRECTORY.unpack_from(data, extras_at - _DIRECTORY_SIZE)[0]
        except (struct.error, KeyError, TypeError) as exc:
            raise UnreadableError(f"a term file's extras do not read ({exc!r})") from None
        if kind not in _INTEGER_TYPES or not isinstance(fields, dict):
            raise UnreadableError("a term file's key positions are of an unknown type")
        self.fields: dict[str, int] = fields
        self._position = struct.Struct("!" + kind)
        self._positions_at = end - self.keys * self._position.size

    def _key_position(self, i: int) -> int:
        return int(self._position.unpack_from(self.terms, self._positions_at + i * self._position.size)[0])

    def _key_at(self, position: int) -> bytes:
        length = _LENGTHS.unpack_from(self.terms, position)[0]
        return bytes(self.terms[position + 8 : position + 8 + length])

    def first_at_or_after(self, key: bytes) -> int:
        """The position of the first key at or after `key` (`OrderedHashReader.closest_key_pos`),
        or the end of the keys."""
        lo, hi = 0, self.keys
        while lo < hi:
            mid = (lo + hi) // 2
            if self._key_at(self._key_position(mid)) < key:
                lo = mid + 1
            else:
                hi = mid
        return self.end if lo == self.keys else self._key_position(lo)

    def scan(self, field: str, prefix: bytes = b"", most: int | None = None) -> tuple[bytes, list[Record]]:
        """A field's terms that start with `prefix`, in order (at most `most`): the bytes of their
        records, and each term with the position of its term info in those bytes."""
        number = self.fields.get(field)
        if number is None:
            return b"", []
        key = struct.pack("!H", number) + prefix
        after = _successor(key)
        start = self.first_at_or_after(key)
        stop = self.end if after is None else self.first_at_or_after(after)
        data = self.terms[start:stop].tobytes()
        lengths = _LENGTHS.unpack_from
        out: list[Record] = []
        at, end = 0, len(data)
        try:
            while at < end and (most is None or len(out) < most):
                keylen, datalen = lengths(data, at)
                value = at + 8 + keylen
                out.append((data[at + 10 : value], value))
                at = value + datalen
        except struct.error:
            raise UnreadableError("a term file is cut short") from None
        if at > end or any(len(data) < value + _TERMINFO.size for _, value in out[-1:]):
            raise UnreadableError("a term file's records overrun their field")
        return data, out

    def live(self, data: bytes, value: int) -> bool:
        """Whether the term whose term info is at `value` of `data` (`scan`) has a document that
        is not deleted. Its first and last documents say so unless both are deleted and there are
        others between them (then UnreadableError: Whoosh reads its postings)."""
        if not self.deleted:
            return True
        first, last = _MIN_MAX_ID.unpack_from(data, value + _TERMINFO.size - 8)
        if first not in self.deleted or last not in self.deleted:
            return True
        if _DOC_FREQUENCY.unpack_from(data, value + 5)[0] <= 2:
            return False
        raise UnreadableError("a term's first and last documents are deleted, others unknown")

    def stored_fields(self, docnum: int) -> dict[str, Any]:
        """A document's stored fields (`JsonColumn` around `CompressedBytesColumn`)."""
        column = self._stored()
        length = column[1][docnum]
        if not length:
            return {}
        start = column[2][docnum]
        try:
            fields = json.loads(
                zlib.decompress(column[0][start : start + length]).decode("utf-8", "surrogatepass")
            )
        except (zlib.error, ValueError) as exc:
            raise UnreadableError(f"a document's stored fields do not read ({exc!r})") from None
        if not isinstance(fields, dict):
            raise UnreadableError("a document's stored fields are not an object")
        return fields

    _stored_column: tuple[memoryview, list[int], list[int]] | None = None

    def _stored(self) -> tuple[memoryview, list[int], list[int]]:
        """The stored fields' column: its bytes, each document's length and offset
        (`VarBytesColumn`: values, lengths array, [offsets array], type codes, [`X`])."""
        if self._stored_column is not None:
            return self._stored_column
        data = self._file("._stored.col")
        count = self.count
        try:
            last = len(data) - 1
            code = chr(data[last])
            offsets: list[int] | None = None
            offsets_code = code
            if code == "X":
                code, offsets_code = chr(data[last - 2]), chr(data[last - 1])
                size = struct.calcsize("!" + offsets_code)
                start = last - 2 - count * size
                offsets = list(struct.unpack_from(f"!{count}{offsets_code}", data, start))
                last = start
            if not {code, offsets_code} <= _INTEGER_TYPES:
                raise UnreadableError("a stored fields column's arrays are of an unknown type")
            size = struct.calcsize("!" + code)
            lengths = list(struct.unpack_from(f"!{count}{code}", data, last - size * count))
        except (struct.error, IndexError) as exc:
            raise UnreadableError(f"a stored fields column does not read ({exc!r})") from None
        if offsets is None:
            offsets, base = [], 0
            for length in lengths:
                offsets.append(base)
                base += length
        self._stored_column = (data, lengths, offsets)
        return self._stored_column


class TermFiles:
    """The segments of an index folder's newest table of contents, read without Whoosh.

    Use as a context manager: the segment files are memory-mapped until it closes.
    """

    def __init__(self, location: Path) -> None:
        self.segments: list[_Segment] = []
        try:
            generations = [int(m.group(1)) for name in os.listdir(location) if (m := _TOC.fullmatch(name))]
        except OSError as exc:
            raise UnreadableError(f"the index folder cannot be listed ({exc})") from None
        if not generations:
            raise UnreadableError("no table of contents")
        try:
            with open(location / f"_{INDEXNAME}_{max(generations)}.toc", "rb") as f:
                toc = f.read()
        except OSError as exc:
            raise UnreadableError(f"the table of contents cannot be read ({exc})") from None
        try:
            with _reading():
                for segment in _toc_segments(toc):
                    self.segments.append(_Segment(location, segment))
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> TermFiles:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        for segment in self.segments:
            segment.close()

    def name_counts(self) -> dict[str, int]:
        """The number of statements of each stored speaker name (`read.speaker_name_counts`): the
        term index's document frequencies, less the names stored by deleted documents."""
        counts: dict[bytes, int] = {}
        frequency = _DOC_FREQUENCY.unpack_from
        with _reading():
            for segment in self.segments:
                data, records = segment.scan("speaker_name")
                for term, value in records:
                    counts[term] = counts.get(term, 0) + frequency(data, value + 5)[0]
                for docnum in segment.deleted:
                    name = segment.stored_fields(docnum).get("speaker_name")
                    if name:
                        term = name.encode("utf-8")
                        counts[term] = counts.get(term, 0) - 1
            return {term.decode("utf-8"): n for term, n in counts.items() if term and n}

    def ids(
        self, prefix: str = "", *, most: int | None = None, wanted: Callable[[str], bool] | None = None
    ) -> list[str]:
        """The `id` terms that start with `prefix` and that `wanted` takes, of documents not
        deleted, in order, each once; with `most`, the first that many (as Whoosh's `expand_prefix`
        over the index's reader, and `document_number` where a segment has deletions)."""
        found: set[str] = set()
        with _reading():
            for segment in self.segments:
                limit = most
                while True:
                    data, records = segment.scan("id", prefix.encode("utf-8"), limit)
                    texts = ((term.decode("utf-8"), value) for term, value in records)
                    kept = [
                        text
                        for text, value in texts
                        if (wanted is None or wanted(text)) and segment.live(data, value)
                    ]
                    # Enough of this segment's, or all of them: the first `most` overall are among these.
                    if limit is None or len(kept) >= limit or len(records) < limit:
                        break
                    limit = None
                found.update(kept[:most])
        return sorted(found)[:most]

    def all_ids(self) -> list[bytes]:
        """Every `id` term of a document not deleted, segment after segment (not sorted: a term
        of several segments comes once from each)."""
        out: list[bytes] = []
        with _reading():
            for segment in self.segments:
                data, records = segment.scan("id")
                if segment.deleted:
                    out.extend(term for term, value in records if segment.live(data, value))
                else:
                    out.extend(term for term, _ in records)
        return out


def _successor(key: bytes) -> bytes | None:
    """The first key after every key that starts with `key` (None: there is none)."""
    kept = key.rstrip(b"\xff")
    return kept[:-1] + bytes([kept[-1] + 1]) if kept else None


def _toc_segments(toc: bytes) -> list[Any]:
    """The segments a table of contents lists (`whoosh.index.TOC.read`), its schema skipped."""
    at = 0

    def varint() -> int:
        nonlocal at
        value, shift = 0, 0
        while True:
            byte = toc[at]
            at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return value

    try:
        sizes = (varint(), varint(), varint())
        check, version = struct.unpack_from("!ii", toc, at)
        at += 8
        if sizes != (4, 8, 4) or check != -12345 or version != _TOC_VERSION:
            raise UnreadableError("a table of contents of another format")
        for _ in range(3):  # Whoosh's release
            varint()
        schema = varint()  # the pickled schema's length: not needed
        at += schema + 8  # and the generation, and an unused int
    except (IndexError, struct.error):
        raise UnreadableError("the table of contents is cut short") from None
    segments = _unpickle(toc[at:])
    if not isinstance(segments, list):
        raise UnreadableError("the table of contents lists no segments")
    return segments
