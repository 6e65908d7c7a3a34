"""Copies of one article under several keys: which keys hold an article id, and its statements' sources.

An article's id is what it is (its text, and URL where given), a key is where it is (a path): a
wire story in two files is two keys holding one article, whose statements are written once and
list both copies in `sources`. The statements go when the last key holding the article does.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from quotefind.model import Source, Statement, source_order
from quotefind.store.whoosh.documents import statement_fields, statements_key
from quotefind.store.whoosh.postings import add_prepared
from quotefind.store.whoosh.prepare import prepare_document
from quotefind.store.whoosh.records import ArticleRecord, record_source
from quotefind.store.whoosh.schema import ARTICLE, PENDING

#: What `Holders.take` says of a key's article: write its statements, or only its record (a copy).
WRITE, COPY = "write", "copy"
#: The id of the note, committed with every batch while a run has copies to list, of the articles
#: whose sources are still to be listed: a run killed before it listed them leaves the note, and
#: the next run lists them.
PENDING_ID = f"{PENDING}:sources"


@dataclass
class Holders:
    """How many keys hold each article id, and whether this extractor made its statements."""

    #: Per article id (an int: see `compact_id`): twice the number of keys holding it, plus 1 when
    #: the statements in the index are this extractor's. One small int per article (Python keeps
    #: one object for each of them): a million new articles take ~75 MB here.
    held: dict[int | str, int] = field(default_factory=dict)
    #: Articles whose statements this run wrote (the session marks them, once it deleted older ones).
    fresh: set[int | str] = field(default_factory=set)
    #: Articles whose copies changed in this run: their statements' `sources` are listed again.
    changed: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, records: Iterable[ArticleRecord]) -> Holders:
        """The holders of the articles an index's records (`current_records`) name."""
        holders = cls()
        held = holders.held
        for record in records:
            if record.article_id:
                article = compact_id(record.article_id)
                # `current_records` took the text hash from the records of another extractor: one
                # such record, and the article is extracted again.
                current = bool(record.content_hash)
                before = held.get(article)
                flag = current if before is None else bool(before & 1) and current
                held[article] = (before or 0) - ((before or 0) & 1) + 2 + flag
        return holders

    def take(self, article: int | str) -> tuple[str, bool]:
        """Count one more key holding the article: (`COPY` or `WRITE`, whether another key holds it).

        `COPY` when another key holds it with statements by this extractor: they are in the index
        (or this run's writer) already, and one id is one text. `WRITE` otherwise: a new article, or
        one whose statements an older extractor made, which the caller's replace.
        """
        found = self.held.get(article, 0)
        self.held[article] = (found | 1) + 2
        if found:
            self.changed.add(article_str(article))
        return (COPY if found & 1 else WRITE), found >= 2

    def release(self, article: int | str) -> bool:
        """One key no longer holds the article; True when it was the last (its statements go)."""
        found = self.held.get(article)
        if found is None:
            return False
        if found >= 4:
            self.held[article] = found - 2
            self.changed.add(article_str(article))
            return False
        del self.held[article]
        return True


def list_sources(ix: Any, writer: Callable[[], Any], articles: Iterable[str]) -> None:
    """Write the statements of these articles again with every copy in `sources`, oldest first.

    Reads the committed index: the records of the keys that hold an article say its copies. An
    article no key holds, or without statements, is left as it is.
    """
    from whoosh.query import Term

    with ix.searcher() as searcher:
        for article in sorted(articles):
            fields = (searcher.stored_fields(d) for d in searcher.docs_for_query(Term("article_id", article)))
            records = [f for f in fields if f.get("doctype") == ARTICLE]
            copies = sorted({record_source(f) for f in records}, key=source_order)
            if copies:
                _rewrite(searcher, writer, article, lambda st, copies=copies: copies)


def add_sources(ix: Any, writer: Callable[[], Any], more: dict[str, set[Source]]) -> None:
    """Write the committed statements of these articles again with more copies in `sources`."""
    with ix.searcher() as searcher:
        for article in sorted(more):
            extra = more[article]
            _rewrite(searcher, writer, article, lambda st, extra=extra: [*st.all_sources, *extra])


def _rewrite(
    searcher: Any, writer: Callable[[], Any], article: str, sources: Callable[[Statement], Iterable[Source]]
) -> None:
    """Write an article's committed statements again, each with the `sources` it is given (oldest first);
    an article without statements, or whose statements would not change, is left as it is."""
    from whoosh.query import Term

    docs = [
        searcher.stored_fields(d)
        for d in searcher.docs_for_query(Term("article_key", statements_key(article)))
    ]
    before = [Statement.from_dict(json.loads(d["data"])) for d in docs]
    after = [st.with_sources(sorted(set(sources(st)), key=source_order)) for st in before]
    if after == before:
        return
    w = writer()
    w.delete_by_term("article_key", statements_key(article))
    for st, fields in zip(after, docs, strict=True):
        add_prepared(w, prepare_document(statement_fields(st, content_hash=fields.get("content_hash", ""))))


def held_sources(searcher: Any, article: str) -> tuple[Source, ...]:
    """The sources an index's statements of an article list (every copy it was found in), oldest first."""
    from whoosh.query import Term

    found: dict[Source, None] = {}
    for d in searcher.docs_for_query(Term("article_key", statements_key(article))):
        st = Statement.from_dict(json.loads(searcher.stored_fields(d)["data"]))
        found.update(dict.fromkeys(st.all_sources))
    return tuple(sorted(found, key=source_order))


def pending_fields(articles: Iterable[str]) -> dict[str, Any]:
    """The Whoosh document noting the articles whose sources are still to be listed."""
    return {"id": PENDING_ID, "doctype": PENDING, "data": json.dumps(sorted(articles))}


def read_pending(ix: Any) -> set[str]:
    """The articles a killed run left to list (`pending_fields`), from an open index."""
    from whoosh.query import Term

    with ix.searcher() as searcher:
        found = [searcher.stored_fields(d) for d in searcher.docs_for_query(Term("id", PENDING_ID))]
    return {a for fields in found for a in json.loads(fields.get("data") or "[]")}


def text_hash(content_hash: str) -> int:
    """Return 64 bits of an article's text hash (hex), as an int: enough to tell two texts apart
    (0: no hash, as in a record an older extractor made)."""
    return int(content_hash[:16], 16) if content_hash else 0


def compact_id(ident: str) -> int | str:
    """An id of 16 hex digits as an int (a million take ~70 MB, not ~110 MB); any other as it is."""
    if len(ident) == 16:
        try:
            return int(ident, 16)
        except ValueError:
            pass
    return ident


def article_str(article: int | str) -> str:
    """The article id `compact_id` made an int of."""
    return f"{article:016x}" if isinstance(article, int) else article
