"""`quotefind check`: read every part of an index (each segment, document and posting): is it whole?"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quotefind.store.whoosh.damage import damaged, diagnose, release
from quotefind.store.whoosh.location import open_index
from quotefind.store.whoosh.lock import LOCKFILE, lock_is_a_folder
from quotefind.store.whoosh.read import statement_from_fields
from quotefind.store.whoosh.records import record_from_fields
from quotefind.store.whoosh.schema import ARTICLE, STATEMENT


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What `check_index` read of a whole index."""

    location: Path
    """The index checked."""
    segments: int
    """Segments read."""
    documents: int
    """Documents read (statements, article records, lexicon documents; deleted ones left out)."""
    statements: int
    """Statements among them."""
    postings: int
    """Postings read, every field's."""

    def sentence(self) -> str:
        """One sentence saying the index is whole and what was read."""

        def n(count: int, noun: str) -> str:
            return f"{count:,} {noun}" + ("" if count == 1 else "s")

        return (
            f"The index at {self.location} is whole: {n(self.segments, 'segment')}, "
            f"{n(self.documents, 'document')} ({n(self.statements, 'statement')}) and "
            f"{n(self.postings, 'posting')} read."
        )


def check_index(location: Path) -> CheckReport:
    """Read every segment of the index at location: each stored document, each posting list and
    column. Return what was read, or raise IndexDamagedError naming the damage (and the segment)."""
    if (location / LOCKFILE).is_dir():
        raise lock_is_a_folder(location)
    ix = open_index(location)
    from whoosh.reading import SegmentReader

    segments = ix._segments()
    documents = statements = postings = 0
    for seg in segments:
        try:
            reader = SegmentReader(ix.storage, ix.schema, seg)
            try:
                counts = _read_segment(reader)
            finally:
                reader.close()
        except Exception as exc:
            found = diagnose(exc, location)
            if found is None:
                raise
            release(exc)
            cause = str(found).split(" is damaged: ", 1)[-1].rsplit(" - ", 1)[0]
            raise damaged(location, f"segment {seg.segment_id()}: {cause}") from exc
        documents += counts[0]
        statements += counts[1]
        postings += counts[2]
    return CheckReport(location, len(segments), documents, statements, postings)


def _read_segment(reader: Any) -> tuple[int, int, int]:
    """Read all of one segment; return (documents, statements, postings) read."""
    schema = reader.schema
    doccount = reader.doc_count_all()
    documents = statements = 0
    for docnum in range(doccount):
        if reader.is_deleted(docnum):
            continue
        fields = reader.stored_fields(docnum)
        if not isinstance(fields, dict):
            raise damaged(None, f"document {docnum} has no stored fields")
        documents += 1
        if fields.get("doctype") == STATEMENT:
            statement_from_fields(fields)
            statements += 1
        elif fields.get("doctype") == ARTICLE:
            try:
                record_from_fields(fields)
            except (TypeError, ValueError, AttributeError) as exc:
                raise damaged(None, f"an article record is garbled ({exc})") from None
    for name in schema.names():
        field = schema[name]
        if field.column_type is not None and reader.has_column(name):
            column = reader.column_reader(name, translate=False)
            for docnum in range(doccount):
                column[docnum]
        if field.scorable:
            for docnum in range(doccount):
                reader.doc_field_length(docnum, name)
    postings = 0
    for name, term in reader.all_terms():
        field = schema[name]
        positions = field.format.supports("positions")
        matcher = reader.postings(name, term)
        last = -1
        for docnum, value in matcher.all_items():
            if not last < docnum < doccount:
                raise damaged(None, f"the postings of a term of {name} are out of order")
            last = docnum
            if positions:
                field.format.decode_positions(value)
            postings += 1
    return documents, statements, postings
