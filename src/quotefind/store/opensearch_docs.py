"""OpenSearch documents: the index mapping, a statement's document and `_bulk` NDJSON (no client needed).

A document is the exported statement (`Statement.to_dict()`, the `_source` a user reads back) plus
search-only fields named `qf_*`, kept out of `_source` by the mapping's `excludes`: they are indexed
(and have doc values for sorting, collapsing and aggregations) but never returned. The text is
analysed here, in Python, by the same code as the Whoosh store (`analysis.fold`, `analysis.stem`),
and sent pre-analysed to `whitespace` fields, so that both engines see the same terms.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

from quotefind.analysis import fold, fold_label, fold_name, speaker_keys, stem, text_key
from quotefind.model import Source, Statement, short_hash
from quotefind.store.articles import ArticleRecord, details_from, record_details

#: Whoosh's default token pattern (`whoosh.analysis.tokenizers.default_pattern`), its group
#: non-capturing: the Whoosh store's `text` field tokenises with it (a test checks they agree).
TOKEN = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*", re.UNICODE)

#: The search-only fields, kept out of `_source`.
SEARCH_ONLY = (
    "qf_text",
    "qf_words",
    "qf_text_key",
    "qf_speaker_keys",
    "qf_speaker_words",
    "qf_speaker_name",
    "qf_speaker_role",
    "qf_speaker_org",
    "qf_speaker_mention",
    "qf_source_labels",
    "qf_path",
    "qf_date",
    "qf_order",
)

_KEYWORD = {"type": "keyword"}
_WORDS = {"type": "text", "analyzer": "whitespace", "norms": True}

#: The index's settings and mappings (`PUT /NAME` body). Fields not listed are kept in `_source`
#: and not indexed (`dynamic: false`), so a new statement key cannot change the mapping.
MAPPING: dict[str, Any] = {
    "settings": {"index": {"number_of_shards": 1, "number_of_replicas": 1}},
    "mappings": {
        "dynamic": False,
        "_source": {"excludes": list(SEARCH_ONLY)},
        "_routing": {"required": True},
        "properties": {
            "id": _KEYWORD,
            "kind": _KEYWORD,
            "article_id": _KEYWORD,
            "qf_text": {**_WORDS, "index_options": "positions"},
            "qf_words": _WORDS,
            "qf_text_key": _KEYWORD,
            "qf_speaker_keys": _KEYWORD,
            "qf_speaker_words": _WORDS,
            "qf_speaker_name": _KEYWORD,
            "qf_speaker_role": _KEYWORD,
            "qf_speaker_org": _KEYWORD,
            "qf_speaker_mention": _KEYWORD,
            "qf_source_labels": _KEYWORD,
            "qf_path": _KEYWORD,
            "qf_date": _KEYWORD,
            "qf_order": {"type": "integer"},
        },
    },
}


#: The index of article records beside an index NAME: `NAME` + this (what `quotefind index` keeps
#: to tell, on the next run, which files and articles changed; `import` writes none).
RECORDS_SUFFIX = "-articles"

#: The article records' index (`PUT /NAME-articles` body): one document per key (`record_document`).
RECORDS_MAPPING: dict[str, Any] = {
    "settings": {"index": {"number_of_shards": 1, "number_of_replicas": 1}},
    "mappings": {
        "dynamic": False,
        "_routing": {"required": True},
        "properties": {
            "key": _KEYWORD,
            "article_id": _KEYWORD,
            "content_hash": _KEYWORD,
            "file": _KEYWORD,
            "extractor": _KEYWORD,
        },
    },
}


def record_id(key: str) -> str:
    """The `_id` of a key's record (a path may be longer than the 512 bytes an `_id` may hold)."""
    return f"article:{short_hash(key)}"


def record_routing(record: ArticleRecord) -> str:
    """A record's routing: its id, which never changes with the article the key holds (routed by
    article, a key's new record would land beside the old one on another shard)."""
    return record_id(record.key)


def record_document(record: ArticleRecord) -> dict[str, Any]:
    """The document of an article record (`_source` whole: it is read back on every run)."""
    return {
        "key": record.key,
        "content_hash": record.content_hash,
        "article_id": record.article_id,
        "path": record.path,
        **record_details(record),
    }


def record_from_document(doc: dict[str, Any]) -> ArticleRecord:
    """The article record a `record_document` holds."""
    source = doc.get("source")
    return ArticleRecord(
        key=str(doc.get("key", "")),
        content_hash=str(doc.get("content_hash", "")),
        article_id=str(doc.get("article_id", "")),
        path=str(doc.get("path", "")),
        **details_from(doc),
        source=Source.from_dict(source) if source else None,
    )


def tokens(text: str) -> list[str]:
    """The folded tokens of a text, in order (as the Whoosh store's `text` field reads them)."""
    return TOKEN.findall(fold(text).lower())


def document(statement: Statement) -> dict[str, Any]:
    """The OpenSearch document of a statement: its wire form plus the search-only `qf_*` fields."""
    from quotefind.search.query import role_word

    sp, src = statement.speaker, statement.source
    words = tokens(statement.text)
    keys = speaker_keys(sp)
    doc: dict[str, Any] = statement.to_dict()
    # Every copy of the article (a wire story in several files): a `--source` filter matches any.
    named = [x for copy in statement.all_sources for x in (copy.path, copy.title, copy.publisher)]
    labels = list(dict.fromkeys(fold_label(x) for x in named if x))
    doc.update(
        {
            "qf_text": " ".join(stem(w) for w in words),
            "qf_words": " ".join(words),
            "qf_text_key": text_key(statement.text),
            "qf_speaker_keys": keys,
            # Titles spelled out (`sen` -> `senator`), as speaker patterns are (`speakers.pattern_words`).
            "qf_speaker_words": " ".join(role_word(w) for key in keys for w in key.split()),
            "qf_speaker_name": sp.name or None,
            "qf_speaker_role": sp.role or None,
            "qf_speaker_org": sp.org or None,
            "qf_speaker_mention": sp.mention or None,
            "qf_source_labels": [x for x in labels if x],
            "qf_path": src.path or "",
            # Undated: no value, so a date range never matches it (as in the Whoosh store).
            "qf_date": src.date or None,
            "qf_order": statement.start,
        }
    )
    return doc


def routing(statement: Statement) -> str:
    """The routing of a statement: its article, so that an article's statements share a shard."""
    return statement.article_id or statement.id


def actions(statements: Iterable[Statement], index: str) -> Iterator[dict[str, Any]]:
    """Bulk actions for `opensearchpy.helpers` (`_id` = statement id: loading twice changes nothing)."""
    for st in statements:
        yield {
            "_op_type": "index",
            "_index": index,
            "_id": st.id,
            "routing": routing(st),
            "_source": document(st),
        }


def _dumps(data: Any) -> str:
    # The official client's serializer (`opensearchpy.serializer.JSONSerializer.dumps`).
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def bulk_lines(statements: Iterable[Statement], index: str) -> Iterator[str]:
    """The `_bulk` NDJSON lines (without newlines) of statements: an action line, then the document."""
    for action in actions(statements, index):
        # In the order `opensearchpy.helpers.expand_action` writes them, so that a file and a load
        # by the client are the same bytes.
        meta = {"_id": action["_id"], "_index": action["_index"], "routing": action["routing"]}
        yield _dumps({"index": meta})
        yield _dumps(action["_source"])


def write_bulk(statements: Iterable[Statement], out: IO[str], *, index: str = "quotes") -> int:
    """Write `_bulk` NDJSON for `curl --data-binary @file .../_bulk`; return the statements written."""
    count = 0
    for i, line in enumerate(bulk_lines(statements, index)):
        out.write(line + "\n")
        count += i % 2
    return count


def speaker_pattern_words(pattern: str) -> str:
    """The words of a speaker pattern as `qf_speaker_words` holds them (see `speakers.pattern_words`)."""
    from quotefind.search.speakers import pattern_words

    return " ".join(pattern_words(pattern)) or fold_name(pattern)
