"""The Whoosh documents of a statement, of an article (`extract_article`) and of a commit's lexicon."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from quotefind.analysis import fold, fold_label, speaker_keys, text_key
from quotefind.model import Article, Statement, short_hash
from quotefind.store.articles import ArticleRecord, extractor_version
from quotefind.store.whoosh.credits import credit_value
from quotefind.store.whoosh.prepare import PreparedDoc, prepare_document
from quotefind.store.whoosh.records import article_record_fields
from quotefind.store.whoosh.schema import LEXICON, STATEMENT
from quotefind.store.whoosh.splits import of_terms


def statement_fields(statement: Statement, *, content_hash: str) -> dict[str, Any]:
    """Return the Whoosh document of one statement.

    Its `article_key` names its article (`statements_key`), not a copy's key: copies of one article
    (keys) share its statements, which go when the last copy does (`WriteSession`).
    """
    sp = statement.speaker
    src = statement.source
    text = fold(statement.text)
    labels = [x for s in statement.all_sources for x in (s.path, s.title, s.publisher)]
    names = "\n".join(speaker_keys(sp))
    return {
        "id": statement.id,
        "doctype": STATEMENT,
        "article_id": statement.article_id,
        "article_key": statements_key(statement.article_id or statement.id),
        "content_hash": content_hash,
        "kind": statement.kind,
        "text": text,
        "text_key": text_key(statement.text),
        "speaker_names": names,
        "speaker_name": sp.name or "",
        "speaker_credit": credit_value(sp, statement.article_id),
        "speaker_of": "\n".join(of_terms(names.split("\n"))),
        "source_labels": _source_labels(*labels),
        "path": src.path or "",
        "date": src.date or "",
        "order": statement.start,
        "data": _json_encoder().encode(_stored(statement)),
    }


def _stored(statement: Statement) -> dict[str, Any]:
    """The wire form as stored: `sources` only for several copies (`from_dict` restores it), not the
    `source` again for every statement (~6% of an index)."""
    data = statement.to_dict()
    if not statement.sources:
        del data["sources"]
    return data


def statements_key(article_id: str) -> str:
    """The `article_key` of an article's statements: one term deletes or finds them all, and never
    an article record (whose `article_key` is a path, URL or id, `ArticleRecord.key`)."""
    return f"statements:{article_id}"


@functools.lru_cache(maxsize=256)
def _source_labels(*labels: str | None) -> str:
    """The `source_labels` field of a source (the same for every statement of an article)."""
    folded = dict.fromkeys(fold_label(x) for x in labels if x)
    return "\n".join(x for x in folded if x)


@functools.cache
def _json_encoder() -> json.JSONEncoder:
    """What `json.dumps(..., ensure_ascii=False)` encodes with, made once."""
    return json.JSONEncoder(ensure_ascii=False)


def lexicon_doc_id(words: list[str]) -> str:
    """Return the id of the lexicon document of (sorted) words: the same words, the same id."""
    return f"{LEXICON}:{short_hash(chr(10).join(words))}"


def lexicon_document(words: Iterable[str]) -> PreparedDoc:
    """Return the lexicon document listing words (what `prepare_document` gives for its fields)."""
    from whoosh.system import pack_uint

    one = pack_uint(1)  # the Frequency format's value of a word that occurs once
    listed = sorted(set(words))
    terms = tuple(w.encode() for w in listed)
    doc_id = lexicon_doc_id(listed)
    fields, stored = prepare_document({"id": doc_id, "doctype": LEXICON})
    return (*fields, ("words", terms, None, (one,) * len(terms), 0, None)), stored


@dataclass(frozen=True, slots=True)
class Extracted:
    """An article ready to write: its record and its statements as analysed Whoosh documents."""

    record: ArticleRecord
    """The article's bookkeeping."""
    docs: tuple[PreparedDoc, ...] = ()
    """The analysed `statement_fields` of each statement."""
    record_doc: PreparedDoc | None = None
    """The article's own document (its record), in the last part of an article."""
    kinds: tuple[str, ...] = ()
    """Kind of each statement."""
    speakers: tuple[str, ...] = ()
    """Speaker names among the statements."""
    words: frozenset[str] = frozenset()
    """The plain words of the statements' texts (for the typo lexicon)."""
    statements: tuple[Statement, ...] = ()
    """The statements themselves, for a store that analyses them itself (OpenSearch: then `docs`,
    `record_doc` and `words` are empty); empty for Whoosh."""
    last: bool = True
    """True for an article's last (or only) part, which carries its record."""


def extract_article(
    article: Article,
    extract: Callable[[Article], Iterable[Statement]],
    *,
    file: str = "",
    size: int = -1,
    mtime_ns: int = -1,
    documents: bool = True,
) -> Extracted:
    """Run the extractor on an article and turn the statements into Whoosh documents (`documents`),
    or keep them as they are (for OpenSearch)."""
    statements = list(extract(article))
    return extracted(
        article,
        statements,
        content_hash=article.content_hash,
        count=len(statements),
        last=True,
        file=file,
        size=size,
        mtime_ns=mtime_ns,
        documents=documents,
    )


def extracted(
    article: Article,
    statements: list[Statement],
    *,
    content_hash: str,
    count: int,
    last: bool,
    file: str = "",
    size: int = -1,
    mtime_ns: int = -1,
    documents: bool = True,
) -> Extracted:
    """Turn statements of an article (all, or one part of them) into Whoosh documents.

    `content_hash` is the article's (hashed once by the caller, not per part); `count` the statements
    so far; the `last` part also holds the article's record document. Without `documents`, the
    statements are kept as they are (a store that analyses them itself: OpenSearch).
    """
    key = article.key or article.id
    record = ArticleRecord(
        key=key,
        content_hash=content_hash,
        article_id=article.id,
        path=article.source.path or "",
        file=file,
        size=size,
        mtime_ns=mtime_ns,
        statements=count,
        extractor=extractor_version(),
        source=article.source,
    )
    kinds = tuple(st.kind for st in statements)
    speakers = tuple(st.speaker.name for st in statements if st.speaker.name)
    if not documents:
        return Extracted(record, kinds=kinds, speakers=speakers, statements=tuple(statements), last=last)
    words: set[str] = set()
    docs = [prepare_document(statement_fields(st, content_hash=content_hash), words) for st in statements]
    return Extracted(
        record=record,
        docs=tuple(docs),
        record_doc=prepare_document(article_record_fields(record)) if last else None,
        kinds=kinds,
        speakers=speakers,
        words=frozenset(words),
        last=last,
    )


def file_of(article: Article) -> str:
    # ingest keys a file's article by its resolved path; anything else (stdin, URLs) has no file.
    key = article.key
    return key if key and os.path.isabs(key) and os.path.isfile(key) else ""
