"""The posting writer: a segment's postings held by term, written a term at a time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from quotefind.store.whoosh.compress import compress
from quotefind.store.whoosh.prepare import PreparedDoc

#: Blocks of postings smaller than this (bytes, pickled) are written uncompressed.
COMPRESS_MIN = 160
#: What one posting held in `Postings` costs in memory with its share of the terms and of the
#: documents' stored fields (about 105 bytes measured with tracemalloc on BBC articles).
POSTING_BYTES = 120
#: The pickle protocol of a block's postings. Whoosh writes protocol 2, which spells each posting's
#: positions (bytes) as a call of `_codecs.encode` on a string: reading a block of a common word
#: back cost ~95 us, most of the time a phrase or a query with function words takes on a big index.
#: Protocol 5 stores bytes as bytes: ~13 us a block, and blocks a third smaller. Whoosh reads any
#: protocol (`pickle.loads`), so indexes written either way read alike.
BLOCK_PROTOCOL = 5


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
            # What `finish_doc` would encode (JSON) and compress, done by the worker: only written here.
            add_raw_bytes(perdoc._colwriters["_stored"]._child, docnum, stored)
    except Exception:
        perdoc.cancel_doc()
        raise
    perdoc.finish_doc()
    writer._added = True
    writer.docnum += 1


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

    compress_block = compress
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
                databytes = dumps((deltas, mini_weights, mini_values), BLOCK_PROTOCOL)
                # Each block says whether it is compressed: small ones would not shrink.
                level = comp if len(databytes) >= COMPRESS_MIN else 0
                if level:
                    databytes = compress_block(databytes, level)
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


def write_hashes(table: Any) -> None:
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


def add_raw_bytes(column_writer: Any, docnum: int, data: bytes) -> None:
    """Append bytes to a compressed bytes column as they are (they were compressed already)."""
    from whoosh.columns import VarBytesColumn

    VarBytesColumn.Writer.add(column_writer, docnum, data)
