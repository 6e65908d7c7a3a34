"""Whoosh queries of the store protocol: filters, candidate fetching, copies of a story, listings."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from quotefind.analysis import fold, fold_label, text_key
from quotefind.model import Hit, Statement
from quotefind.search.query import _GLOB, ROLE_ABBREVIATIONS, ParsedQuery
from quotefind.search.speakers import NOTE_KEYS, SPEAKER_CUTOFF, _match_names
from quotefind.store.protocol import Candidates, Filters
from quotefind.store.whoosh.fetch import NAMED_KEYS, WordGroup, fetch_stages, weigher, word_groups
from quotefind.store.whoosh.lexicons import _Lexicons, _searcher
from quotefind.store.whoosh.matchers import intersect
from quotefind.store.whoosh.read import statement_from_fields
from quotefind.store.whoosh.schema import STATEMENT

#: A fetch stage ranks at most this many of its matches, the first in index order (see `_ranked`).
RANK_AT_MOST = 3000

#: Of a tier of equally matching speaker keys, this many are listed one by one, most statements first.
TIER_KEYS = 20

#: The weight of a filter inside the recall query: it must match, but adds next to nothing.
UNSCORED_BOOST = 1e-6


def _source_labels(lex: _Lexicons, pattern: str) -> list[str]:
    """Return the indexed source labels (folded paths, titles, publishers) the pattern matches."""
    pat = fold_label(pattern)
    if _GLOB.search(pat):
        return [v for v in lex.sources if fnmatch.fnmatchcase(v, pat) or fnmatch.fnmatchcase(v, "*/" + pat)]
    return [v for v in lex.sources if pat in v]


def _named_speakers(lex: _Lexicons, groups: dict[str, WordGroup]) -> dict[str, list[str]]:
    """Return, for each content word of a query that is a word of speaker keys (a surname, a role:
    `Simpson`, `senator` for `sen`), those keys; none for a word in too many (`minister`)."""
    out: dict[str, list[str]] = {}
    for word, group in groups.items():
        if group.stop or len(word) < 3:
            continue
        forms = {word, *(abbr for abbr, full in ROLE_ABBREVIATIONS if full == word)}
        keys = lex.speakers_with(forms)
        if 0 < len(keys) <= NAMED_KEYS:
            out[word] = keys
    return out


def _fetch_distinct(searcher: Any, lex: _Lexicons, stages: list[Any], wanted: int) -> list[int]:
    """Run the fetch stages in order until `wanted` distinct wordings are fetched; return their
    first documents, in the order fetched.

    One candidate per wording: copies of a story (wire reprints, mirrors) would otherwise crowd
    other statements out of the rerank; their copies come back after it. A stage's matches are
    ranked once (`_ranked`) and taken best first until the pool is full, its copies skipped.
    """
    keys = lex.text_keys
    seen: set[Any] = set()
    seen_docs: set[int] = set()
    distinct: list[int] = []
    for stage in stages:
        for docnum in _ranked(searcher, stage):
            if docnum in seen_docs:
                continue
            seen_docs.add(docnum)
            key = keys[docnum]
            if key not in seen:
                seen.add(key)
                distinct.append(docnum)
                if len(distinct) >= wanted:
                    return distinct
    return distinct


def _ranked(searcher: Any, query: Any) -> list[int]:
    """Return the documents the query matches, best score first (ties in index order, as Whoosh's
    top-N search orders them): all of them, or the first `RANK_AT_MOST` in index order.

    Whoosh's search scores every match to keep the best N: `mln dlrs` matches 34,000 statements
    at 1M, and scoring them in Python took 450 ms for a pool of 100. Past a few thousand matches
    the words fetch statements that all hold them, which the rerank tells apart, not the score.
    """
    context = searcher.context()
    found: list[tuple[float, int]] = []
    for sub, offset in searcher.leaf_searchers():
        matcher = query.matcher(sub, context)
        while matcher.is_active():
            found.append((-matcher.score(), offset + matcher.id()))
            if len(found) >= RANK_AT_MOST:
                break
            matcher.next()
        if len(found) >= RANK_AT_MOST:
            break
    found.sort()
    return [docnum for _, docnum in found]


def _in_source_order(searcher: Any, lex: _Lexicons, query: Any, limit: int) -> list[int]:
    """Return the first `limit` documents a query matches by path and position (as `sortedby`).

    The matcher is stepped, so `And` skips ahead with `skip_to`. Whoosh's sorted search asks for
    `all_ids()` instead, which for an `And` reads every posting of both sides into Python sets: a
    rare term under a filter that matches half the index cost half the index. The sort keys come
    from the columns read once per searcher (`_Lexicons.column`).
    """
    import heapq

    def keyed() -> Iterator[tuple[bytes, int, int]]:
        for segment, (sub, offset) in enumerate(searcher.leaf_searchers()):
            matcher = query.matcher(sub, sub.boolean_context())
            if not matcher.is_active():
                continue
            paths, orders = lex.column(segment, "path"), lex.column(segment, "order")
            while matcher.is_active():
                docnum = matcher.id()
                yield paths[docnum], orders[docnum], offset + docnum
                matcher.next()

    # A heap of `limit` keys, not a list of every match (a bare listing matches the whole index).
    return [docnum for _, _, docnum in heapq.nsmallest(limit, keyed())]


def _unscored(query: Any) -> Any:
    """Return a copy of a filter query that adds nothing to the score of what it matches."""
    from whoosh.query import Term

    if isinstance(query, Term):
        # Not 0: Whoosh drops a zero-boost term from the query (the filter would not filter) and
        # divides by the boost when it skips low-scoring blocks of a big index.
        return Term(query.fieldname, query.text, boost=UNSCORED_BOOST)
    if hasattr(query, "subqueries"):
        return type(query)([_unscored(q) for q in query.subqueries])
    return query


def _list(
    searcher: Any, lex: _Lexicons, filters: list[Any], names: list[tuple[float, int, str]], limit: int
) -> list[Hit]:
    """List statements in source order; with a speaker pattern, best-matching speakers first."""
    from whoosh.query import And, Or, Term

    if not names:
        found = _in_source_order(searcher, lex, And(filters), limit)
        return [Hit(statement_from_fields(searcher.stored_fields(d)), 100.0) for d in found]
    tiers: dict[tuple[float, int], list[str]] = {}
    for score, extra, name in names:
        tiers.setdefault((round(score, 1), -extra), []).append(name)
    # Fetch beyond the limit so that copies of one statement do not fill the page (see _diversify),
    # and go on to the next tier until the page can be filled with distinct statements.
    want = min(max(limit * 5, 50), 2000)
    hits: list[Hit] = []
    seen: set[int] = set()
    distinct: set[tuple[str, str]] = set()
    # Within a tier (equally good matches), the speakers who said most come first (`prime
    # minister`: the one with 331 statements before the one with 3); past the first few, the rest
    # of a tier is listed together.
    groups: list[tuple[float, list[str]]] = []
    for (score, _), keys in sorted(tiers.items(), reverse=True):
        ranked = sorted(keys, key=lambda k: (-searcher.doc_frequency("speaker_names", k), k))
        groups.extend((score, [k]) for k in ranked[:TIER_KEYS])
        if ranked[TIER_KEYS:]:
            groups.append((score, ranked[TIER_KEYS:]))
    for score, keys in groups:
        if len(distinct) >= limit:
            break
        query = And([*filters, Or([Term("speaker_names", k) for k in keys])])
        for docnum in _in_source_order(searcher, lex, query, want + len(seen)):
            if docnum not in seen:
                seen.add(docnum)
                hit = Hit(statement_from_fields(searcher.stored_fields(docnum)), score)
                hits.append(hit)
                distinct.add(_repeat_key(hit))
    return _diversify(hits)[:limit]


def _repeat_key(hit: Hit) -> tuple[str, str]:
    """What makes two hits the same statement for a reader: the same words by the same speaker."""
    return " ".join(fold(hit.statement.text).split()), hit.statement.speaker.name or ""


def _diversify(hits: list[Hit]) -> list[Hit]:
    """Keep the order, but move repeats of a statement (same words, same speaker: the same story
    in several articles or copies) after every distinct one, so they do not fill the first page
    of a speaker's statements (a repeat of a better-matching name may then follow a worse one)."""
    first: list[Hit] = []
    repeats: list[Hit] = []
    keys: set[tuple[str, str]] = set()
    for hit in hits:
        key = _repeat_key(hit)
        (repeats if key in keys else first).append(hit)
        keys.add(key)
    return first + repeats


def _filter_queries(
    lex: _Lexicons, filters: Filters, *, with_speaker: bool
) -> tuple[list[Any], list[tuple[float, int, str]]] | None:
    """Return the Whoosh queries of the filters and the speaker keys a speaker pattern matches
    (as a query too when `with_speaker`); None when a source or speaker filter matches nothing.

    Every filter is on a field that only statements have (as are the text and the speaker): the
    document type needs no filter of its own but in a bare listing.
    """
    from whoosh.query import Or, Term, TermRange

    # Kept with the searcher: the copies of each hit are fetched under the same filters.
    key = (filters, with_speaker)
    if key in lex.filter_cache:
        return lex.filter_cache[key]
    lex.filter_cache[key] = resolved = _resolve(lex, filters, with_speaker, Or, Term, TermRange)
    return resolved


def _resolve(
    lex: _Lexicons, filters: Filters, with_speaker: bool, Or: Any, Term: Any, TermRange: Any
) -> tuple[list[Any], list[tuple[float, int, str]]] | None:
    queries: list[Any] = []
    if filters.kind:
        queries.append(Term("kind", filters.kind))
    if filters.source:
        labels = _source_labels(lex, filters.source)
        if not labels:
            return None
        queries.append(Or([Term("source_labels", v) for v in labels]))
    if filters.since or filters.until:
        until = (filters.until + "~") if filters.until else None
        queries.append(TermRange("date", filters.since or None, until))
    names: list[tuple[float, int, str]] = []
    if filters.speaker:
        names = _match_names(lex, filters.speaker, SPEAKER_CUTOFF)
        if not names:
            return None
        if with_speaker:
            queries.append(Or([Term("speaker_names", n) for _, _, n in names]))
    return queries, names


def candidates(location: Path, parsed: ParsedQuery, filters: Filters, wanted: int) -> Candidates | None:
    """The distinct wordings a text query fetches under the filters (see `fetch_stages`)."""
    with _searcher(location) as (searcher, lex):
        resolved = _filter_queries(lex, filters, with_speaker=True)
        if resolved is None:
            return None
        groups = word_groups(searcher, lex, parsed.words)
        named = {} if filters.speaker else _named_speakers(lex, groups)
        # Filters go into the query (intersected, scoring nothing), not Whoosh's `filter=` nor a
        # ConstantScoreQuery, which would first collect every statement they match into a set.
        unscored = [_unscored(f) for f in resolved[0]]
        stages = [
            intersect([stage, *unscored]) if unscored else stage
            for stage in fetch_stages(lex, parsed, groups, named)
        ]
        distinct = _fetch_distinct(searcher, lex, stages, wanted)
        found = [statement_from_fields(searcher.stored_fields(d)) for d in distinct]
        return Candidates(found, weigher(lex, groups))


def same_wording(location: Path, text: str, filters: Filters, limit: int) -> list[Statement]:
    """The statements with the same words as `text` under the filters, in source order."""
    from whoosh.query import And, Term

    with _searcher(location) as (searcher, lex):
        resolved = _filter_queries(lex, filters, with_speaker=True)
        if resolved is None:
            return []
        query = And([Term("text_key", text_key(text)), *resolved[0]])
        found = _in_source_order(searcher, lex, query, limit)
        return [statement_from_fields(searcher.stored_fields(d)) for d in found]


def listing(location: Path, filters: Filters, limit: int) -> list[Hit]:
    """Statements in source order; with a speaker pattern, best-matching speakers first."""
    from whoosh.query import Every, Term

    with _searcher(location) as (searcher, lex):
        resolved = _filter_queries(lex, filters, with_speaker=False)
        if resolved is None:
            return []
        queries, names = resolved
        if not queries and not names:
            # Only when nothing else restricts: its matcher walks the whole index.
            queries = [Every() if lex.only_statements else Term("doctype", STATEMENT)]
        return _list(searcher, lex, queries, names, limit)


def speaker_note(location: Path, pattern: str) -> str | None:
    """Return a sentence when the best matches of a speaker pattern are several people (`Hewitt`:
    Lleyton Hewitt, Patricia Hewitt), else None: a listing then mixes them."""
    from whoosh.query import Term

    with _searcher(location) as (searcher, lex):
        names = _match_names(lex, pattern, SPEAKER_CUTOFF)
        if not names:
            return None
        top = names[0][0]
        people: dict[str, None] = {}
        for score, _, key in names[:NOTE_KEYS]:
            if score < top:
                break
            for hit in searcher.search(Term("speaker_names", key), limit=1):
                name = hit.get("speaker_name")
                if name:
                    people[name] = None
    if len(people) < 2:
        return None
    shown = ", ".join(list(people)[:5]) + (" ..." if len(people) > 5 else "")
    return f"{pattern!r} matches several people ({shown}) - give more of the name to pick one."
