"""Article records in a Whoosh index: their documents and reading them back (the record: `store.articles`)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from quotefind.model import Source, short_hash
from quotefind.store.articles import (
    ArticleRecord,
    current_records,
    details_from,
    extractor_version,
    record_details,
)
from quotefind.store.whoosh.schema import ARTICLE

if TYPE_CHECKING:
    from whoosh.index import Index

__all__ = [
    "ArticleRecord",
    "article_doc_id",
    "article_record_fields",
    "current_records",
    "extractor_version",
    "read_records",
    "record_from_fields",
    "record_source",
]


def article_doc_id(key: str) -> str:
    """Return the Whoosh id of an article's bookkeeping document (never a hex statement id)."""
    return f"article:{short_hash(key)}"


def article_record_fields(record: ArticleRecord) -> dict[str, Any]:
    """Return the Whoosh document that records an indexed article."""
    data = record_details(record)
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
        **details_from(data),
    )


def record_source(fields: dict[str, Any]) -> Source:
    """The `Source` of the copy a stored article record stands for (its path, if none was stored)."""
    data = json.loads(fields.get("data") or "{}")
    found = data.get("source")
    return Source.from_dict(found) if found else Source(path=fields.get("path") or None)


def read_records(ix: Index) -> dict[str, ArticleRecord]:
    """Return the article records of an open index, by key."""
    from whoosh.query import Term

    with ix.searcher() as searcher:
        docnums = list(searcher.docs_for_query(Term("doctype", ARTICLE)))
        return {r.key: r for r in (record_from_fields(searcher.stored_fields(d)) for d in docnums)}
