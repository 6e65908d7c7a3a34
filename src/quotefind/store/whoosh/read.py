"""Reading statements back: every statement, one by id or prefix, and the speakers with counts."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from quotefind.analysis import PRONOUNS
from quotefind.errors import StatementNotFoundError
from quotefind.model import SpeakerSummary, Statement
from quotefind.store.whoosh.damage import diagnosed
from quotefind.store.whoosh.location import open_index
from quotefind.store.whoosh.schema import STATEMENT
from quotefind.store.whoosh.stored import StoredFieldsError


def statement_from_fields(fields: dict[str, Any]) -> Statement:
    """Rebuild a statement from a stored Whoosh document (StoredFieldsError when it is not one)."""
    try:
        return Statement.from_dict(json.loads(fields["data"]))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StoredFieldsError(f"a statement's stored data is not a statement ({exc!r})") from None


def iter_statements(location: Path) -> Iterator[Statement]:
    """Yield every statement in the index, by path and position, one stored document at a time.

    Only the sort keys of all statements are held (a packed int each, the paths once): an index of
    a million statements is read in bounded memory, not as a million stored documents at once.
    """
    ix = open_index(location)
    # Damage is named (`diagnosed`); paths sort as strings, so a garbled document cannot stop the sort.
    with diagnosed(location), ix.searcher() as searcher:
        by_path = _statement_order(searcher)
        for path in sorted(by_path, key=str):
            for packed in sorted(by_path.pop(path)):
                with diagnosed(location):
                    statement = statement_from_fields(searcher.stored_fields(packed & _DOCNUM_MASK))
                yield statement


#: Bits of a packed (order, docnum) sort key that hold the document number.
_DOCNUM_BITS = 40
_DOCNUM_MASK = (1 << _DOCNUM_BITS) - 1


def _statement_order(searcher: Any) -> dict[str, list[int]]:
    """Return the statements' document numbers by path, each packed with its position in the text
    (`order << 40 | docnum`, so that sorting a path's list sorts by position, then document)."""
    from bisect import bisect_right

    from whoosh.query import Term

    leaves = searcher.reader().leaf_readers()
    offsets = [offset for _, offset in leaves]
    columns: dict[int, tuple[Any, Any] | None] = {}
    by_path: dict[str, list[int]] = {}
    for docnum in searcher.docs_for_query(Term("doctype", STATEMENT)):
        leaf = bisect_right(offsets, docnum) - 1
        found = columns.get(leaf, False)
        if found is False:
            reader = leaves[leaf][0]
            has = reader.has_column("path") and reader.has_column("order")
            found = columns[leaf] = (
                (reader.column_reader("path"), reader.column_reader("order")) if has else None
            )
        if found is None:
            fields = searcher.stored_fields(docnum)
            path, order = fields.get("path", ""), fields.get("order", 0)
        else:
            local = docnum - offsets[leaf]
            path, order = found[0][local], found[1][local]
        by_path.setdefault(path or "", []).append((int(order or 0) << _DOCNUM_BITS) | docnum)
    return by_path


def get_statement(location: Path, statement_id: str) -> Statement:
    """Return the statement with the id (a unique prefix of at least 6 characters also works)."""
    from whoosh.query import Prefix

    ix = open_index(location)
    with diagnosed(location), ix.searcher() as searcher:
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


def _name_frequencies(searcher: Any) -> Iterator[tuple[Any, Iterable[tuple[bytes, int]]]]:
    """Yield each segment's reader with its (speaker name, document frequency) pairs from the term
    index, read by `_doc_frequencies` where it can (deleted documents still counted)."""
    for sub, _ in searcher.leaf_searchers():
        reader = sub.reader()
        if "speaker_name" not in reader.schema:
            continue
        fast = _doc_frequencies(reader, "speaker_name")
        yield (
            reader,
            (
                fast
                if fast is not None
                else ((t, i.doc_frequency()) for t, i in reader.iter_field("speaker_name"))
            ),
        )


def speaker_name_bounds(searcher: Any, *, fast: bool = True) -> tuple[dict[str, int], set[str]]:
    """Return each stored speaker name's count as the term index gives it, and the names whose count
    may be lower: those of segments that still hold deleted statements (see `credits.name_postings`)
    written before their `speaker_credit` column was (`credits.has_credits`).

    Nothing but the term index is read, and the speaker credits of the deleted statements: the
    term index still counts those, and their names are taken off again (~19,000 at 1M statements;
    where a segment cannot tell them, the first page of `speakers` makes exact only the counts of
    the few names that can be on it). The names stay bytes until summed over the segments
    (~270,000 term records at 1M statements, ~23,000 names). Not `fast`: every record through Whoosh.
    """
    import struct

    from quotefind.store.whoosh.credits import deleted_names

    # Summed apart: the names of segments with deleted statements they cannot name are uncertain.
    dirty: dict[bytes, int] = {}
    clean: dict[bytes, int] = {}
    taken_off: list[bytes] = []
    for sub, _ in searcher.leaf_searchers():
        reader = sub.reader()
        if "speaker_name" not in reader.schema:
            continue
        counts = clean
        if reader.has_deletions():
            deleted = deleted_names(reader)
            if deleted is None:
                counts = dirty
            else:
                taken_off.extend(deleted)
        try:
            if fast and _sum_doc_frequencies(reader, "speaker_name", counts):
                continue
        except struct.error:
            # A damaged term file: all over again through Whoosh, whose error names the damage.
            return speaker_name_bounds(searcher, fast=False)
        for term, info in reader.iter_field("speaker_name"):
            counts[term] = counts.get(term, 0) + info.doc_frequency()
    uncertain = {term.decode("utf-8") for term in dirty if term}
    for term in taken_off:
        clean[term] = clean.get(term, 0) - 1
    for term, n in clean.items():
        dirty[term] = dirty.get(term, 0) + n
    return {term.decode("utf-8"): n for term, n in dirty.items() if term and n > 0}, uncertain


def speaker_name_counts(searcher: Any) -> dict[str, int]:
    """Return the number of statements of each stored speaker name, read from the term index
    (the `speakers` page of a big archive needs only these numbers).

    A segment's term index still counts the documents deleted from it (replaced articles) until
    it is merged: their stored names are taken off again (a few hundred documents a segment, where
    walking every name's postings to skip them read ~260,000 lists at 1M statements).
    """
    from whoosh.reading import TermNotFound

    counts: Counter[str] = Counter()
    for reader, pairs in _name_frequencies(searcher):
        deleted = _deleted_docs(reader) if reader.has_deletions() else frozenset()
        if deleted is None:  # a reader that does not tell its deleted documents: walk the postings
            for term, _ in pairs:
                try:
                    if term:
                        counts[term.decode("utf-8")] += sum(
                            1 for _ in reader.postings("speaker_name", term).all_ids()
                        )
                except TermNotFound:
                    continue
            continue
        for term, df in pairs:
            if term:
                counts[term.decode("utf-8")] += df
        for docnum in deleted:
            name = reader.stored_fields(docnum).get("speaker_name")
            if name:
                counts[name] -= 1
    return {name: n for name, n in counts.items() if n}


def _deleted_docs(reader: Any) -> frozenset[int] | None:
    """The document numbers deleted from a segment, or None when the reader does not tell them."""
    try:
        return frozenset(reader.deleted_docs_set)
    except AttributeError:
        return None


def _sum_doc_frequencies(reader: Any, field: str, counts: dict[bytes, int]) -> bool:
    """Add a segment's document frequencies of a field's terms to `counts`, read as
    `_doc_frequencies` reads them; False, adding nothing, where it cannot (a damaged record
    raises, as Whoosh's reading of it would)."""
    import struct

    data = _term_run(reader, field)
    if data is None:
        return False
    lengths = struct.Struct("!ii").unpack_from
    frequency = struct.Struct("!I").unpack_from
    get = counts.get
    at, end = 0, len(data)
    while at < end:
        keylen, datalen = lengths(data, at)
        value = at + 8 + keylen
        term = data[at + 10 : value]
        counts[term] = get(term, 0) + frequency(data, value + 5)[0]
        at = value + datalen
    return True


def _term_run(reader: Any, field: str) -> bytes | None:
    """The records of a field's terms in one segment's term file (b"" for none), or None when the
    segment is not the memory-mapped Whoosh 3 file `_doc_frequencies` reads."""
    import struct

    try:
        terms = reader._terms
        if type(terms).__name__ != "W3TermsReader":
            return None
        number = terms._fieldmap.get(field)
        if number is None:
            return b""
        table = terms._tindex
        start = table.closest_key_pos(struct.pack("!H", number))
        stop = table.closest_key_pos(struct.pack("!H", number + 1))
        if start is None:
            return b""
        return bytes(table.dbfile._buf[start : table.endofdata if stop is None else stop])
    except (AttributeError, TypeError, ValueError, struct.error):
        return None


def _doc_frequencies(reader: Any, field: str) -> list[tuple[bytes, int]] | None:
    """Return (term, document frequency) of a field in one segment, read from its term file, or
    None when the segment is not the memory-mapped Whoosh 3 file this reads (the caller asks Whoosh).

    Whoosh decodes each term's whole record to give its frequency, unpickling the postings it
    keeps inline (those of a rare term, most speaker names): six times the cost of this, which
    reads each record's frequency field alone (`W3TermInfo`: `!BfI...`, the `I`). The records are
    the run of keys for the field (`!ii` key and value lengths, a 2-byte field number, the term),
    as `search.lexicons._read_lexicon` reads them.
    """
    import struct

    lengths = struct.Struct("!ii").unpack_from
    frequency = struct.Struct("!I").unpack_from
    data = _term_run(reader, field)
    if data is None:
        return None
    out: list[tuple[bytes, int]] = []
    at, end = 0, len(data)
    try:
        while at < end:
            keylen, datalen = lengths(data, at)
            value = at + 8 + keylen
            out.append((data[at + 10 : value], frequency(data, value + 5)[0]))
            at = value + datalen
    except struct.error:
        return None
    return out
