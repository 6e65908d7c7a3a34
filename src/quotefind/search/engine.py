"""`search`: filters and candidates through Whoosh, the rerank, copies of a story, listings by source."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from quotefind.analysis import fold, fold_label, text_key
from quotefind.model import Hit
from quotefind.search.fetch import NAMED_KEYS, WordGroup, fetch_stages, weigher, word_groups
from quotefind.search.lexicons import _Lexicons, _searcher
from quotefind.search.query import _GLOB, ROLE_ABBREVIATIONS, _check_filters, parse_query
from quotefind.search.rank import RELATED, _Probe, _rerank
from quotefind.search.speakers import SPEAKER_CUTOFF, _match_names
from quotefind.store.whoosh.read import statement_from_fields
from quotefind.store.whoosh.schema import STATEMENT

#: How many distinct wordings (Whoosh candidates) the fuzzy rerank sees at most.
CANDIDATES = 100

#: Candidates fetched per distinct wording wanted, to make room for copies of a story.
COPY_ALLOWANCE = 3

#: Fetching again for copies of a story stops at this many candidates per distinct wording wanted.
MAX_COPY_ALLOWANCE = 12

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


def search(
    location: Path,
    query: str = "",
    *,
    speaker: str | None = None,
    kind: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 20,
    min_score: float | None = None,
    candidates: int = CANDIDATES,
) -> list[Hit]:
    """Find statements by fuzzy text and filters, best first; with no query, list them in order.

    `source` matches a publisher or title (substring) or a path (glob); `since` and `until` bound
    the article date (inclusive, `YYYY[-MM[-DD]]`; statements of undated articles drop out).
    `candidates` bounds how many distinct wordings the fuzzy rerank sees. A text query keeps the
    hits scoring at least `min_score`, by default `RELATED` (see `rank.band`); 0 keeps them all.
    """
    from whoosh.query import And, Every, Or, Term, TermRange

    _check_filters(kind, since, until)
    parsed = parse_query(query or "")
    with _searcher(location) as (searcher, lex):
        # Every filter is on a field that only statements have (as are the text and the speaker):
        # the document type needs no filter of its own but in a bare listing (see below).
        filters: list[Any] = []
        if kind:
            filters.append(Term("kind", kind))
        if source:
            labels = _source_labels(lex, source)
            if not labels:
                return []
            filters.append(Or([Term("source_labels", v) for v in labels]))
        if since or until:
            filters.append(TermRange("date", since or None, (until + "~") if until else None))
        names: list[tuple[float, int, str]] = []
        if speaker:
            names = _match_names(lex, speaker, SPEAKER_CUTOFF)
            if not names:
                return []
            if not parsed.empty:
                filters.append(Or([Term("speaker_names", n) for _, _, n in names]))
        if parsed.empty:
            if not filters and not names:
                # Only when nothing else restricts: its matcher walks the whole index.
                filters = [Every() if lex.only_statements else Term("doctype", STATEMENT)]
            listed = _list(searcher, lex, filters, names, limit)
            return [h for h in listed if h.score >= (min_score or 0.0)]
        groups = word_groups(searcher, lex, parsed.words)
        named = {} if speaker else _named_speakers(lex, groups)
        # Filters go into the query (intersected, scoring nothing), not Whoosh's `filter=` nor a
        # ConstantScoreQuery, which would first collect every statement they match into a set.
        unscored = [_unscored(f) for f in filters]
        stages = [
            And([stage, *unscored]) if unscored else stage
            for stage in fetch_stages(lex, parsed, groups, named)
        ]
        distinct = _fetch_distinct(searcher, lex, stages, max(candidates, limit))
        probe = _Probe.of(query, weigher(lex, groups))
        floor = RELATED if min_score is None else min_score
        hits = [h for h in _rerank(probe, (searcher.stored_fields(d) for d in distinct)) if h.score >= floor]
        return _with_copies(searcher, lex, hits[:limit], filters, limit)


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
    other statements out of the rerank; their copies come back after it. Whoosh's own `collapse=`
    costs half the query again, so: fetch more, keep the first of each wording, and fetch again
    with a bigger limit while copies left the pool short.
    """
    keys = lex.text_keys
    seen: set[Any] = set()
    seen_docs: set[int] = set()
    distinct: list[int] = []
    for stage in stages:
        allowance = COPY_ALLOWANCE
        while len(distinct) < wanted:
            limit = (wanted - len(distinct)) * allowance + len(seen_docs)
            results = searcher.search(stage, limit=limit)
            for r in results:
                if r.docnum in seen_docs:
                    continue
                seen_docs.add(r.docnum)
                key = keys[r.docnum]
                if key not in seen and len(distinct) < wanted:
                    seen.add(key)
                    distinct.append(r.docnum)
            # `scored_length`, not `len`: Whoosh counts every match for `len`, running the query again.
            if results.scored_length() < limit or allowance >= MAX_COPY_ALLOWANCE:
                break
            allowance *= 2
        if len(distinct) >= wanted:
            break
    return distinct


def _with_copies(searcher: Any, lex: _Lexicons, hits: list[Hit], filters: list[Any], limit: int) -> list[Hit]:
    """Put after each hit the other statements with the same words (same score), up to the limit."""
    from whoosh.query import And, Term

    out: list[Hit] = []
    shown = {h.statement.id for h in hits}
    for i, hit in enumerate(hits):
        out.append(hit)
        room = limit - len(out) - (len(hits) - i - 1)
        if room <= 0:
            continue
        query = And([Term("text_key", text_key(hit.statement.text)), *filters])
        for docnum in _in_source_order(searcher, lex, query, room + len(shown)):
            fields = searcher.stored_fields(docnum)
            if fields["id"] not in shown and room > 0:
                shown.add(fields["id"])
                out.append(Hit(statement_from_fields(fields), hit.score, hit.match))
                room -= 1
    return out


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
