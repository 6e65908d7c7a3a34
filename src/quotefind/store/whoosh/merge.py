"""Bounded merges: Whoosh's `MERGE_SMALL` policy, never merging more documents than memory allows."""

from __future__ import annotations

from typing import Any

#: A merge rewrites at most this many documents (statements, article records) at once: it holds their
#: postings in memory, about 4 KB each.
MERGE_MAX_DOCS = 100_000


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
