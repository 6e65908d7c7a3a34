"""Article records: what the index keeps about each article to tell whether it changed."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from quotefind.model import Source, short_hash
from quotefind.store.whoosh.schema import ARTICLE

if TYPE_CHECKING:
    from whoosh.index import Index


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
    not read back into the records a session keeps: `record_source` reads it where needed)."""

    def same_file(self, size: int, mtime_ns: int) -> bool:
        """True when the file still has the size and modification time it had when read."""
        return self.size >= 0 and self.size == size and self.mtime_ns == mtime_ns


def article_doc_id(key: str) -> str:
    """Return the Whoosh id of an article's bookkeeping document (never a hex statement id)."""
    return f"article:{short_hash(key)}"


def article_record_fields(record: ArticleRecord) -> dict[str, Any]:
    """Return the Whoosh document that records an indexed article."""
    data = {
        "file": record.file,
        "size": record.size,
        "mtime_ns": record.mtime_ns,
        "statements": record.statements,
        "extractor": record.extractor,
        "source": record.source.to_dict() if record.source is not None else None,
    }
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
        file=data.get("file", ""),
        size=int(data.get("size", -1)),
        mtime_ns=int(data.get("mtime_ns", -1)),
        statements=int(data.get("statements", 0)),
        extractor=str(data.get("extractor", "")),
    )


def record_source(fields: dict[str, Any]) -> Source:
    """The `Source` of the copy a stored article record stands for (its path, if none was stored)."""
    data = json.loads(fields.get("data") or "{}")
    found = data.get("source")
    return Source.from_dict(found) if found else Source(path=fields.get("path") or None)


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


def read_records(ix: Index) -> dict[str, ArticleRecord]:
    """Return the article records of an open index, by key."""
    from whoosh.query import Term

    with ix.searcher() as searcher:
        docnums = list(searcher.docs_for_query(Term("doctype", ARTICLE)))
        return {r.key: r for r in (record_from_fields(searcher.stored_fields(d)) for d in docnums)}
