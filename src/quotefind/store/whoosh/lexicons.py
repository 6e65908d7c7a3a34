"""The searcher of an index, kept while the index is unchanged, and the vocabularies queries scan."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

from quotefind.search.query import _translit, role_word
from quotefind.store.whoosh.location import has_marker, open_index
from quotefind.store.whoosh.schema import STATEMENT


class _Lexicons:
    """What queries scan in Python, each read from the index on first use (a query that needs no
    typo expansion, speaker or source filter reads none), then kept with the searcher."""

    def __init__(self, searcher: Any) -> None:
        self._searcher = searcher
        self._columns: dict[tuple[int, str], Any] = {}
        #: The Whoosh queries of the filters of a query (`store.whoosh.query`), kept with the searcher.
        self.filter_cache: dict[Any, Any] = {}

    def _terms(self, field: str) -> list[str]:
        if field not in self._searcher.schema:
            return []
        found = _read_lexicon(self._searcher, field)
        if found is None:
            found = list(self._searcher.lexicon(field))
        return [t.decode("utf-8") for t in found]

    @cached_property
    def words(self) -> list[str]:
        """The folded words of all statements."""
        return self._terms("words")

    @cached_property
    def speakers(self) -> list[str]:
        """The folded speaker keys (names, mentions, roles)."""
        return self._terms("speaker_names")

    @cached_property
    def speaker_vocab(self) -> list[str]:
        """The words of the speaker keys."""
        return sorted({w for name in self.speakers for w in name.split()})

    @cached_property
    def speaker_vocab_roles(self) -> list[str]:
        """`speaker_vocab` with abbreviated titles spelled out (`sen` -> `senator`), same order."""
        return [role_word(w) for w in self.speaker_vocab]

    @cached_property
    def speaker_vocab_keys(self) -> list[str]:
        """The transliteration keys of `speaker_vocab`, in the same order."""
        return [_translit(w) for w in self.speaker_vocab]

    @cached_property
    def sources(self) -> list[str]:
        """The folded source labels (paths, titles, publishers)."""
        return self._terms("source_labels")

    @cached_property
    def doc_count(self) -> int:
        """Documents in the index."""
        return int(self._searcher.doc_count())

    @cached_property
    def statement_count(self) -> int:
        """Statements in the index (not the article and lexicon documents, whose number depends on
        how the index was written: commits, workers)."""
        if self.only_statements:
            return self.doc_count
        return int(self._searcher.doc_frequency("doctype", STATEMENT))

    @cached_property
    def only_statements(self) -> bool:
        """True when every document is a statement (no need to filter on the document type)."""
        return self._terms("doctype") in ([STATEMENT], [])

    @cached_property
    def speaker_lines(self) -> str:
        """The speaker keys, one per line, for `str.find` to scan at C speed."""
        return "\n".join(self.speakers)

    def speakers_with(self, words: Iterable[str]) -> list[str]:
        """The speaker keys that hold one of the words (whole words), in lexicon order."""
        wanted = set(words)
        lines = self.speaker_lines
        found: dict[int, str] = {}
        # `str.find` scans at C speed; the lines it lands in are then checked word by word.
        for word in wanted:
            at = lines.find(word)
            while at >= 0:
                start = lines.rfind("\n", 0, at) + 1
                end = lines.find("\n", at)
                end = len(lines) if end < 0 else end
                found[start] = lines[start:end]
                at = lines.find(word, end)
        return [found[at] for at in sorted(found) if not wanted.isdisjoint(found[at].split())]

    @cached_property
    def text_keys(self) -> Any:
        """The `text_key` column of the whole index, by document number."""
        return self._searcher.reader().column_reader("text_key")

    def column(self, segment: int, field: str) -> Any:
        """The raw (sortable) column of a field in one segment, read once per searcher.

        Whoosh reads a column's table of offsets (a number per document of the segment) each time
        it opens one: per query, that alone grows with the index.
        """
        key = (segment, field)
        if key not in self._columns:
            sub = self._searcher.leaf_searchers()[segment][0]
            self._columns[key] = sub.reader().column_reader(field, translate=False)
        return self._columns[key]


def field_runs(searcher: Any, field: str) -> Iterator[tuple[Any, int, int]]:
    """Yield, for each segment holding a field, its term table (a memory-mapped Whoosh 3 term file) and
    the byte range of the field's records in it: `!ii` key and value lengths, then the key (a 2-byte
    field number and the term), then the value. Segments of another kind raise AttributeError,
    TypeError, ValueError or KeyError, which the readers below take as "ask Whoosh"."""
    import struct

    for sub, _ in searcher.leaf_searchers():
        terms = sub.reader()._terms
        number = terms._fieldmap.get(field)
        if number is None:
            continue
        table = terms._tindex
        start = table.closest_key_pos(struct.pack("!H", number))
        if start is None:
            continue
        stop = table.closest_key_pos(struct.pack("!H", number + 1))
        yield table, start, table.endofdata if stop is None else stop


def _read_lexicon(searcher: Any, field: str) -> list[bytes] | None:
    """Return the sorted terms of a field as `searcher.lexicon` does, three times faster; None when
    the segments are not the memory-mapped Whoosh 3 files this reads (the caller asks Whoosh).

    Whoosh merges the segments' term lists through layers of generators; a query that must scan
    a vocabulary (typos, speakers) paid that first, in every process. This reads each segment's
    run of keys for the field (`!ii` key and value lengths, a 2-byte field number, the term) from
    its term file and unions them.
    """
    import struct

    lengths = struct.Struct("!ii").unpack_from
    terms: set[bytes] = set()
    try:
        for table, start, stop in field_runs(searcher, field):
            data = table.dbfile._buf[start:stop].tobytes()
            at, end, add = 0, len(data), terms.add
            while at < end:
                keylen, datalen = lengths(data, at)
                add(data[at + 10 : at + 8 + keylen])
                at += 8 + keylen + datalen
    except (AttributeError, TypeError, ValueError, struct.error):
        return None
    return sorted(terms)


_SEARCHERS: dict[str, tuple[object, Any, Any, _Lexicons]] = {}


def _fingerprint(ix: Any, location: Path) -> object:
    """What tells one state of an index from another: its generation and its table of contents file.

    The generation alone is not enough: an index deleted and rebuilt starts again at generation 0.
    """
    generation = ix.latest_generation()
    try:
        st = (location / f"_{ix.indexname}_{generation}.toc").stat()
    except OSError:
        return object()  # equal to nothing: no reuse
    return (generation, st.st_ino, st.st_mtime_ns, st.st_size)


def _keep_field_lengths(searcher: Any) -> None:
    """Make this searcher work out a field's total length once, not for each term in each segment.

    Whoosh's BM25F scorer asks the top searcher for it each time it scores a term in a segment,
    and the searcher sums it over the segments each time: terms x segments x segments calls, a
    third of the fetch of a query of a few typo'd words at 1M statements (52 segments). The
    total cannot change while this searcher lives (it reads one state of the index).
    """
    totals: dict[str, Any] = {}
    field_length = searcher.field_length

    def kept(fieldname: str) -> Any:
        if fieldname not in totals:
            totals[fieldname] = field_length(fieldname)
        return totals[fieldname]

    searcher.field_length = kept


@contextmanager
def _searcher(location: Path) -> Iterator[tuple[Any, _Lexicons]]:
    """Yield (searcher, lexicons) for a location, reused while the index is unchanged.

    Opening the segment files and reading lexicons cost more than a typical query: a process that
    searches twice (the bench, a library user, `verify`) pays them once per state of the index.
    """
    key = str(location.resolve())
    cached = _SEARCHERS.pop(key, None)
    if cached is not None and (not has_marker(location) or _fingerprint(cached[1], location) != cached[0]):
        cached[2].close()
        cached = None
    if cached is None:
        ix = open_index(location)
        searcher = ix.searcher()
        _keep_field_lengths(searcher)
        cached = (_fingerprint(ix, location), ix, searcher, _Lexicons(searcher))
    try:
        yield cached[2], cached[3]
    except BaseException:
        cached[2].close()
        raise
    while len(_SEARCHERS) >= 4:
        _SEARCHERS.pop(next(iter(_SEARCHERS)))[2].close()
    _SEARCHERS[key] = cached
