"""OpenSearch query bodies of the store protocol: filters, candidates, same wording, listings, speakers.

Plain functions from a parsed query and filters to the JSON a `_search` takes, so that every body
is tested without a server. The same DSL serves Elasticsearch.
"""

from __future__ import annotations

from typing import Any

from quotefind.analysis import fold_label, stem, text_key
from quotefind.search.query import _GLOB, _WORD, STOPWORDS, ParsedQuery
from quotefind.store.opensearch_docs import speaker_pattern_words
from quotefind.store.protocol import Filters

#: quotefind's typo budget: no edit below 4 letters, one below 8, two from 8 (the Whoosh store's
#: `maxdist`); transpositions are two edits, as the brief of the backend asks.
FUZZINESS = "AUTO:4,8"

#: At most this many indexed words stand in for one mistyped query word (the Whoosh store's too).
MAX_EXPANSIONS = 8

#: Source order: path, then position in the article, then id (a total order for `search_after`).
SOURCE_ORDER: list[dict[str, Any]] = [{"qf_path": "asc"}, {"qf_order": "asc"}, {"id": "asc"}]


def _fuzzy(field: str, words: str, **extra: Any) -> dict[str, Any]:
    return {
        "match": {
            field: {
                "query": words,
                "fuzziness": FUZZINESS,
                "fuzzy_transpositions": False,
                "max_expansions": MAX_EXPANSIONS,
                **extra,
            }
        }
    }


def _source_clause(pattern: str) -> dict[str, Any]:
    """A publisher or title (a substring of the folded label) or a path (a glob, also after a `/`)."""
    pat = fold_label(pattern)
    if _GLOB.search(pat):
        return {
            "bool": {
                "should": [
                    {"wildcard": {"qf_source_labels": {"value": pat}}},
                    {"wildcard": {"qf_source_labels": {"value": "*/" + pat}}},
                ],
                "minimum_should_match": 1,
            }
        }
    escaped = pat.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")
    return {"wildcard": {"qf_source_labels": {"value": f"*{escaped}*"}}}


def speaker_clause(pattern: str) -> dict[str, Any]:
    """Statements whose name, mention or role holds every word of the pattern, typos allowed."""
    return _fuzzy("qf_speaker_words", speaker_pattern_words(pattern), operator="and")


def filter_clauses(filters: Filters) -> list[dict[str, Any]]:
    """The `filter` clauses of the filters (they restrict, and score nothing)."""
    out: list[dict[str, Any]] = []
    if filters.kind:
        out.append({"term": {"kind": filters.kind}})
    if filters.source:
        out.append(_source_clause(filters.source))
    if filters.since or filters.until:
        bounds: dict[str, str] = {}
        if filters.since:
            bounds["gte"] = filters.since
        if filters.until:
            # `2005-01` takes in every day of January, as the Whoosh store's `until + "~"`.
            bounds["lte"] = filters.until + "~"
        out.append({"range": {"qf_date": bounds}})
    if filters.speaker:
        out.append(speaker_clause(filters.speaker))
    return out


def word_clause(word: str) -> dict[str, Any]:
    """A folded query word: its stem (boosted), a word it may be a typo of, or a speaker's word."""
    return {
        "bool": {
            "should": [
                {"term": {"qf_text": {"value": stem(word), "boost": 2.0}}},
                _fuzzy("qf_words", word),
                {"term": {"qf_speaker_words": {"value": word}}},
            ],
            "minimum_should_match": 1,
        }
    }


def phrase_clauses(parsed: ParsedQuery) -> list[dict[str, Any]]:
    """Quoted phrases: their stems in order (`match_phrase` on the stemmed text)."""
    out = []
    for phrase in parsed.phrases:
        stems = [stem(w) for w in _WORD.findall(phrase)]
        if len(stems) == 1:
            out.append({"term": {"qf_text": {"value": stems[0]}}})
        elif stems:
            out.append({"match_phrase": {"qf_text": " ".join(stems)}})
    return out


def candidates_body(parsed: ParsedQuery, filters: Filters, wanted: int) -> dict[str, Any]:
    """One statement per wording (collapsed on the wording key), most query words first.

    Content words fetch (any of them, more is better); function words only when the query has
    nothing else, and then all must match. Phrases must match.
    """
    words = list(dict.fromkeys(parsed.words))
    content = [w for w in words if w not in STOPWORDS]
    query: dict[str, Any] = {"filter": filter_clauses(filters), "must": phrase_clauses(parsed)}
    if content:
        query["should"] = [word_clause(w) for w in content]
        if not query["must"]:
            query["minimum_should_match"] = 1
    elif words and not query["must"]:
        query["must"] = [word_clause(w) for w in words]
    return {
        "size": wanted,
        "query": {"bool": query},
        "collapse": {"field": "qf_text_key"},
        "track_total_hits": False,
    }


def frequency_body(words: list[str]) -> dict[str, Any]:
    """How many statements hold each word (or a word it may be a typo of), and how many there are:
    the rerank weighs a word by its rarity (`rank.weigh_words`)."""
    return {
        "size": 0,
        "track_total_hits": True,
        "aggs": {f"w{i}": {"filter": word_clause(w)} for i, w in enumerate(words)},
    }


def same_wording_body(text: str, filters: Filters, limit: int) -> dict[str, Any]:
    """The statements with the same words as `text`, in source order."""
    clauses = [{"term": {"qf_text_key": text_key(text)}}, *filter_clauses(filters)]
    return {"size": limit, "query": {"bool": {"filter": clauses}}, "sort": SOURCE_ORDER}


def listing_body(filters: Filters, limit: int) -> dict[str, Any]:
    """Statements in source order under the filters (a speaker pattern filters, it does not rank)."""
    clauses = filter_clauses(filters)
    query = {"bool": {"filter": clauses}} if clauses else {"match_all": {}}
    return {"size": limit, "query": query, "sort": SOURCE_ORDER}


def count_body(filters: Filters, wordings: list[str] | None) -> dict[str, Any]:
    """How many statements a listing under the filters holds (with `wordings`, only those with the
    same words as one of them): `hits.total`, counted exactly (`track_total_hits`), no document."""
    clauses = filter_clauses(filters)
    if wordings is not None:
        clauses.append({"terms": {"qf_text_key": sorted({text_key(t) for t in wordings})}})
    query = {"bool": {"filter": clauses}} if clauses else {"match_all": {}}
    return {"size": 0, "query": query, "track_total_hits": True}


def get_body(statement_id: str) -> dict[str, Any]:
    """The statement with the id, or the (at most two) whose id starts with it."""
    if len(statement_id) >= 6:
        query: dict[str, Any] = {
            "bool": {
                "should": [{"term": {"id": statement_id}}, {"prefix": {"id": statement_id}}],
                "minimum_should_match": 1,
            }
        }
    else:
        query = {"term": {"id": statement_id}}
    return {"size": 2, "query": query, "sort": [{"id": "asc"}]}


def page_body(after: list[Any] | None, size: int) -> dict[str, Any]:
    """One page of every statement in source order (`search_after` the last page's sort values)."""
    body: dict[str, Any] = {"size": size, "query": {"match_all": {}}, "sort": SOURCE_ORDER}
    if after is not None:
        body["search_after"] = after
    return body


def speaker_names_body(size: int, pattern: str | None = None) -> dict[str, Any]:
    """How many statements each stored speaker name has (of the speakers a pattern matches, when
    given): names are folded and merged in Python, with the key the Whoosh store uses."""
    body: dict[str, Any] = {
        "size": 0,
        "aggs": {
            "names": {
                "terms": {
                    "field": "qf_speaker_name",
                    "size": size,
                    "order": [{"_count": "desc"}, {"_key": "asc"}],
                }
            }
        },
    }
    if pattern:
        body["query"] = {"bool": {"filter": [speaker_clause(pattern)]}}
    return body


#: What tells two statements' credits apart for `identities`: the speaker's stored parts and the article.
CREDIT_SOURCES = (
    ("name", "qf_speaker_name"),
    ("role", "qf_speaker_role"),
    ("org", "qf_speaker_org"),
    ("mention", "qf_speaker_mention"),
    ("article", "article_id"),
)


def credits_body(names: list[str] | None, size: int, after: dict[str, Any] | None = None) -> dict[str, Any]:
    """One page of the distinct credits (name, role, organisation, mention, article) of the statements
    of some stored names (of every name: None), with how many statements each: a composite
    aggregation, paged with its `after_key`."""
    composite: dict[str, Any] = {
        "size": size,
        "sources": [
            {key: {"terms": {"field": field, **({} if key == "name" else {"missing_bucket": True})}}}
            for key, field in CREDIT_SOURCES
        ],
    }
    if after is not None:
        composite["after"] = after
    clause = (
        {"terms": {"qf_speaker_name": names}}
        if names is not None
        else {"exists": {"field": "qf_speaker_name"}}
    )
    return {"size": 0, "query": {"bool": {"filter": [clause]}}, "aggs": {"credits": {"composite": composite}}}


def delete_article_body(article_id: str) -> dict[str, Any]:
    """Every statement of an article (`_delete_by_query` with the article as routing)."""
    return {"query": {"term": {"article_id": article_id}}}
