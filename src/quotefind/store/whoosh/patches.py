"""Every change quotefind makes to Whoosh's behaviour, and the Whoosh code the writer reproduces.

Each patch below says what Whoosh does, why quotefind changes it, and on which Whoosh versions the
patched code was checked. `PATCHES` lists the Whoosh code each one replaces or reproduces byte for
byte, with a hash of its source per checked version: `tests/test_whoosh_patches.py` fails when a
Whoosh upgrade moves any of it, and the patch must then be checked again against the new code.

- `read_segments_in_place`: `BufferFile.__init__` reads a compound segment's files in place.
- `skip_by_bisection`: `W3LeafMatcher.skip_to` bisects inside a block.
- `cache_missing_columns`: `W3PerDocReader._cached_reader` remembers a missing column.
- `restrict_unpickling`: every unpickling Whoosh does goes through `unpickle.RestrictedUnpickler`.
- `json_stored_fields`: stored fields are JSON (`stored.encode_stored`), not pickles.
- `empty_reader_columns`: `EmptyReader.column_reader` gives an empty column.
- `writer_class`: `SegmentWriter` with quotefind's posting pool (`postings.Postings`), posting
  writer (`postings.write_postings`), hash tables (`postings.write_hashes`) and compression
  (`compress.compress`); `postings.add_prepared` appends documents analysed by `prepare`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any


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


#: The Whoosh modules that unpickle what they read from an index, and the names they unpickle
#: with (imported from `pickle` or `whoosh.compat`): `restrict_unpickling` replaces each. Whoosh
#: modules that unpickle but that opening, reading or writing a quotefind index never reaches are
#: listed in `tests/test_trust.py` with the reason.
UNPICKLING_MODULES: dict[str, tuple[str, ...]] = {
    "whoosh.compat": ("load", "loads", "pickle"),
    "whoosh.index": ("pickle",),
    "whoosh.filedb.structfile": ("load_pickle",),
    "whoosh.codec.whoosh3": ("loads",),
    "whoosh.columns": ("loads",),
    "whoosh.formats": ("loads",),
    "whoosh.externalsort": ("load",),
}


@functools.cache
def restrict_unpickling() -> None:
    """Make every unpickling Whoosh does while quotefind opens, reads or writes an index restricted.

    Whoosh unpickles the table of contents (its schema and its list of segments), the directory
    of each compound segment file, the header of hash files and column blocks, and each posting
    block; a pickle can name any callable, so a crafted index folder ran code as soon as a
    command opened it. Each module's unpickling name now points at `unpickle.safe_load(s)`, which
    loads only the globals a quotefind index holds. The table of contents of an older Whoosh
    (`toc_loaders`, through an unrestricted `RenamingUnpickler`) is refused: no quotefind index
    has one.
    """
    import importlib
    import pickle
    import types

    from quotefind.store.whoosh.unpickle import RestrictedUnpickler, safe_load, safe_loads

    safe = {"load": safe_load, "loads": safe_loads, "load_pickle": safe_load}
    shim = types.ModuleType("pickle", "`pickle` with loading restricted (quotefind.store.whoosh.unpickle).")
    shim.__dict__.update({k: v for k, v in vars(pickle).items() if not k.startswith("__")})
    shim.__dict__.update(load=safe_load, loads=safe_loads, Unpickler=RestrictedUnpickler)
    for module_name, names in UNPICKLING_MODULES.items():
        module = importlib.import_module(module_name)
        for name in names:
            setattr(module, name, shim if name == "pickle" else safe[name])
    importlib.import_module("whoosh.index").toc_loaders = {}


@functools.cache
def json_stored_fields() -> None:
    """Make Whoosh keep a document's stored fields as JSON, not as a pickle.

    Whoosh 2.7 pickles each document's stored fields (`PickleColumn` around the compressed
    `_stored` column) and unpickles them to read them back. A quotefind index stores only strings
    and integers, so JSON holds them, and reading them can never run code (nor needs the
    restricted unpickler, which would cost more). `prepare.stored_bytes` writes the same bytes.
    """
    from whoosh import columns
    from whoosh.codec import whoosh3

    from quotefind.store.whoosh.stored import decode_stored, encode_stored

    class JsonColumn(columns.WrappedColumn):  # type: ignore[misc]
        """A column of JSON objects (stored fields) in a wrapped bytes column."""

        class Writer(columns.WrappedColumnWriter):  # type: ignore[misc]
            def add(self, docnum: int, value: Any) -> None:
                self._child.add(docnum, b"" if value is None else encode_stored(value))

        class Reader(columns.WrappedColumnReader):  # type: ignore[misc]
            def __getitem__(self, docnum: int) -> Any:
                data = self._child[docnum]
                return decode_stored(data) if data else None

            def __iter__(self) -> Any:
                for data in self._child:
                    yield decode_stored(data) if data else None

    whoosh3.STORED_COLUMN = JsonColumn(columns.CompressedBytesColumn())


@functools.cache
def empty_reader_columns() -> None:
    """Give Whoosh's reader of an index without segments the columns of its schema (all empty).

    An index with no commit yet (a new one, or one whose first run has not committed) opens with
    an `EmptyReader`, whose `column_reader` raises `NotImplementedError`: a text search or `verify`
    on it failed with `internal error: NotImplementedError` instead of finding nothing.
    """
    from whoosh.columns import EmptyColumnReader
    from whoosh.reading import EmptyReader

    def column_reader(
        self: Any, fieldname: str, column: Any = None, reverse: bool = False, translate: bool = False
    ) -> Any:
        column = column or self.schema[fieldname].column_type
        if column is None:
            raise ValueError(f"{fieldname!r} has no column")  # as `SegmentReader.column_reader`
        return EmptyColumnReader(column.default_value(reverse), 0)

    EmptyReader.column_reader = column_reader


@functools.cache
def writer_class() -> type:
    """Whoosh's segment writer, with `Postings` for its pool and `write_postings` for its flush."""
    from whoosh.writing import SegmentWriter

    from quotefind.store.whoosh.compress import compress
    from quotefind.store.whoosh.postings import Postings, write_hashes, write_postings

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


@dataclass(frozen=True, slots=True)
class Patch:
    """A change to Whoosh's behaviour: the Whoosh code it replaces or reproduces byte for byte."""

    name: str
    """The patch's name (the function of this module that applies it, where there is one)."""
    patched_by: str
    """What in quotefind replaces or reproduces the Whoosh code."""
    what_whoosh_does: str
    """What the Whoosh code does."""
    why: str
    """Why quotefind changes it."""
    checked: dict[str, dict[str, str]]
    """Whoosh version -> (`module:Qualified.name` -> `source_hash`) on which the patch was checked."""


def whoosh_source(target: str) -> str:
    """Return the source of Whoosh code as Whoosh ships it (`module:Class.method`), dedented.

    Read from the module's file, so a patch already applied in this process does not hide it.
    """
    import ast
    import importlib
    import inspect
    import textwrap

    module_name, _, qualname = target.partition(":")
    module = importlib.import_module(module_name)
    source = inspect.getsource(module)
    node: Any = ast.parse(source)
    for part in qualname.split("."):
        node = next(
            n
            for n in node.body
            if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.Assign)
            and part
            in (
                [t.id for t in n.targets if isinstance(t, ast.Name)]
                if isinstance(n, ast.Assign)
                else [n.name]
            )
        )
    return textwrap.dedent(ast.get_source_segment(source, node) or "")


def source_hash(target: str) -> str:
    """The first 16 hex digits of the sha256 of `whoosh_source(target)`."""
    import hashlib

    return hashlib.sha256(whoosh_source(target).encode()).hexdigest()[:16]


PATCHES: tuple[Patch, ...] = (
    Patch(
        name="read_segments_in_place",
        patched_by="read_segments_in_place",
        what_whoosh_does=(
            "Whoosh 2.7 maps a compound segment, then wraps each file inside it in a `BytesIO` "
            "(`BufferFile.__init__`), which copies it."
        ),
        why=(
            "A reader held the index in memory twice and paid for the copy each time it opened the index; "
            "`ViewFile` reads the map in place."
        ),
        checked={
            "2.7.5": {
                "whoosh.filedb.structfile:BufferFile.__init__": "821c38d911c30521",
            },
        },
    ),
    Patch(
        name="skip_by_bisection",
        patched_by="skip_by_bisection",
        what_whoosh_does=(
            "`W3LeafMatcher.skip_to` steps through a block of postings one at a time (three Python calls "
            "each)."
        ),
        why=(
            "An `And` of a rare word and common ones spends most of a big index's query time so; bisection "
            "finds the document at once."
        ),
        checked={
            "2.7.5": {
                "whoosh.codec.whoosh3:W3LeafMatcher.skip_to": "baa2abf33665b3a3",
                "whoosh.codec.whoosh3:W3LeafMatcher._read_ids": "06a43e474a8391e0",
            },
        },
    ),
    Patch(
        name="cache_missing_columns",
        patched_by="cache_missing_columns",
        what_whoosh_does=(
            "`W3PerDocReader._cached_reader` asks the file system (a `stat`) again for every posting of a "
            "field without a length column."
        ),
        why=(
            "Writing a segment did a `stat` per posting of unscored fields; a written segment's columns "
            "cannot change, so the answer is cached."
        ),
        checked={
            "2.7.5": {
                "whoosh.codec.whoosh3:W3PerDocReader._cached_reader": "a7e1ce845aff422c",
            },
        },
    ),
    Patch(
        name="restrict_unpickling",
        patched_by="restrict_unpickling, unpickle.RestrictedUnpickler (and location.check_segments)",
        what_whoosh_does=(
            "Whoosh unpickles the table of contents (schema and segments; older formats through "
            "`toc_loaders`), each compound segment's directory, hash-file extras, column block headers, "
            "posting block headers and data, inlined postings and position lists, with `pickle` as it is."
        ),
        why=(
            "A pickle can call any function: a crafted index folder ran code as soon as a command opened "
            "it. Every one of these now loads only the globals a quotefind index holds (`unpickle.ALLOWED`)."
        ),
        checked={
            "2.7.5": {
                "whoosh.index:TOC.read": "7421a01ef6b540d1",
                "whoosh.legacy:toc_loaders": "ca84dfadb2ee53b0",
                "whoosh.filedb.structfile:StructFile.read_pickle": "c76de5cf3d8ca672",
                "whoosh.filedb.compound:CompoundStorage.__init__": "5dc8dada6bb7a53f",
                "whoosh.filedb.filetables:HashReader._read_extras": "98d27ce968e7e105",
                "whoosh.columns:CompressedBlockColumn.Reader.__init__": "5b5387f6acf14cfc",
                "whoosh.columns:PickleColumn": "4394b47430aefd1a",
                "whoosh.codec.whoosh3:W3LeafMatcher._goto": "a11f1e9864d98bad",
                "whoosh.codec.whoosh3:W3LeafMatcher._read_data": "f58e7b0cdc30000e",
                "whoosh.codec.whoosh3:W3TermInfo.from_bytes": "5e4b7eb77604f5ea",
                "whoosh.codec.whoosh3:W3Segment": "8b7aea3916e46fb9",
                "whoosh.formats:Positions.decode_positions": "3a633094216dcdae",
                "whoosh.formats:Characters.decode_characters": "4f6a10d6084353bc",
                "whoosh.formats:Characters.decode_positions": "63d4bb3cb8410af0",
                "whoosh.externalsort:SortingPool._read_run": "379049823c65f2bc",
            },
        },
    ),
    Patch(
        name="json_stored_fields",
        patched_by="json_stored_fields, stored.encode_stored, prepare.stored_bytes",
        what_whoosh_does=(
            "`STORED_COLUMN` is a `PickleColumn`: `W3PerDocWriter.finish_doc` pickles each document's "
            "stored fields and `W3PerDocReader.stored_fields` unpickles them."
        ),
        why=(
            "Reading stored fields must never run code; quotefind stores only strings and integers, which "
            "JSON holds (and reads faster than the restricted unpickler)."
        ),
        checked={
            "2.7.5": {
                "whoosh.codec.whoosh3:STORED_COLUMN": "09b2e5534f0236f6",
                "whoosh.codec.whoosh3:W3PerDocWriter.finish_doc": "20270e7b10d5f024",
                "whoosh.codec.whoosh3:W3PerDocReader.stored_fields": "3ae84ed6bd12958d",
                "whoosh.columns:WrappedColumn": "96d1e546de271fc6",
            },
        },
    ),
    Patch(
        name="empty_reader_columns",
        patched_by="empty_reader_columns",
        what_whoosh_does=(
            "The reader of an index without segments (`EmptyReader`) inherits `IndexReader.column_reader`, "
            "which raises `NotImplementedError`."
        ),
        why=(
            "A search or `verify` on an index with no commit yet failed with `internal error: "
            "NotImplementedError`; an empty column finds nothing, as an empty index should."
        ),
        checked={
            "2.7.5": {
                "whoosh.reading:EmptyReader": "c9ac59b04eacdcb3",
                "whoosh.reading:IndexReader.column_reader": "01254ccbb7661e21",
                "whoosh.reading:SegmentReader.column_reader": "bab44f5563b2d78f",
            },
        },
    ),
    Patch(
        name="writer_class",
        patched_by="writer_class, postings.Postings, postings.write_postings, postings.write_hashes",
        what_whoosh_does=(
            "`SegmentWriter` keeps a tuple per posting in a `PostingPool`, sorts them all at the flush and "
            "writes them one posting at a time through `FieldWriter.add_postings` and `W3PostingsWriter`; "
            "`HashWriter._write_hashes` writes one slot at a time."
        ),
        why=(
            "Most of a commit's time went there. Documents arrive in order, so `Postings` keeps each term's"
            " postings sorted and `write_postings` writes a term at a time with C loops: the same bytes, "
            "checked against Whoosh's own writer by test_index."
        ),
        checked={
            "2.7.5": {
                "whoosh.writing:SegmentWriter.__init__": "ecdf43a8adab6223",
                "whoosh.writing:SegmentWriter._flush_segment": "d9aabc9baa259561",
                "whoosh.writing:SegmentWriter.per_document_reader": "f2734d1e4392fd46",
                "whoosh.writing:PostingPool": "8641759ec4ee8c74",
                "whoosh.codec.base:FieldWriter.add_postings": "67baa5f40f34ec0d",
                "whoosh.codec.whoosh3:W3FieldWriter": "4ff9c515b47875ad",
                "whoosh.codec.whoosh3:W3PostingsWriter": "f4761bcfd51622b9",
                "whoosh.codec.whoosh3:W3TermInfo.add_block": "8d46a637ff7c8bda",
                "whoosh.codec.whoosh3:W3TermInfo.to_bytes": "528a571a24b36235",
                "whoosh.filedb.filetables:HashWriter._write_hashes": "e7dc5b440eeb4f3e",
                "whoosh.filedb.filetables:OrderedHashWriter.add": "135874b60317206b",
            },
        },
    ),
    Patch(
        name="add_prepared",
        patched_by="postings.add_prepared, prepare.prepare_document",
        what_whoosh_does=(
            "`SegmentWriter.add_document` analyses every field (a token object per word) in the writing "
            "process, then pickles and compresses the stored fields."
        ),
        why=(
            "Worker processes analyse documents ahead (`prepare_document`, the same terms, weights and "
            "positions as the schema's analysers) and the single writer only appends them."
        ),
        checked={
            "2.7.5": {
                "whoosh.writing:SegmentWriter.add_document": "235a15aceadb3ca3",
                "whoosh.columns:VarBytesColumn.Writer.add": "c68aa3546621f39b",
                "whoosh.analysis.tokenizers:default_pattern": "ce3a0a6b065e8286",
                "whoosh.analysis.analyzers:StemmingAnalyzer": "dccd608c7f1ca722",
            },
        },
    ),
    Patch(
        name="compression",
        patched_by="compress.compress (in writer_class and prepare.stored_bytes)",
        what_whoosh_does=(
            "`CompressedBytesColumn` compresses each stored document with `zlib.compress` at level 3."
        ),
        why=(
            "ISA-L's level 1 makes streams as small, three times as fast; any zlib reads them, so only the "
            "writer changes."
        ),
        checked={
            "2.7.5": {
                "whoosh.columns:CompressedBytesColumn": "058523b6a5121557",
            },
        },
    ),
    Patch(
        name="merge_small_bounded",
        patched_by="merge.merge_small_bounded",
        what_whoosh_does=(
            "`MERGE_SMALL` merges every small segment at once: on an index of many segments, half a million"
            " documents."
        ),
        why=(
            "A merge holds its postings in memory (`Postings` never spills); the same policy, capped at "
            "`MERGE_MAX_DOCS` documents."
        ),
        checked={
            "2.7.5": {
                "whoosh.writing:MERGE_SMALL": "ab779ed18d381bb2",
            },
        },
    ),
)
