"""The `speakers` listing at archive size: names folded, organisations kept apart, a page read first.

Counts come from the index's terms (`speaker_name_counts`), so the order of the whole list is known
before any statement is read; then only the statements of the speakers on the page are read, to
split and describe them. A name's folded form (`The report`, `the report`) is one speaker, and
organisations that share a word stay apart (`Bank of England`, `Bank of Japan`: the extractor
stores both as the name `Bank` with the organisation `England` or `Japan`).
"""

from __future__ import annotations

import dataclasses
import json
import weakref
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from quotefind.gcpause import collector_paused
from quotefind.model import Speaker, SpeakerSummary
from quotefind.search.identities import (
    SORTS,
    Credit,
    fold_name,
    fold_names,
    identities,
    is_speaker_name,
    sort_key,
)
from quotefind.search.speakers import SPEAKER_CUTOFF, _match_names, filter_speakers
from quotefind.store.whoosh.credits import Postings, name_postings, speaker_credits
from quotefind.store.whoosh.lexicons import _searcher
from quotefind.store.whoosh.read import speaker_name_bounds, speaker_name_counts
from quotefind.store.whoosh.schema import STATEMENT
from quotefind.store.whoosh.splits import SplitNames

#: On a page, what a speaker is called and does (roles, organisations, aliases) is read from at
#: most this many of its statements (its count is the index's, exact).
DESCRIBED = 200

#: Beyond this many names, a listing reads the whole index in one pass rather than name by name.
BULK_NAMES = 2000


def list_speakers(
    location: Path, *, limit: int | None = None, sort: str = "count", pattern: str | None = None
) -> list[SpeakerSummary]:
    """Return the index's speakers with their counts, roles, organisations and aliases.

    `sort` is `count` (most statements first) or `name`. With a `limit`, only the statements of
    the speakers that can be on the page are read: names are taken in the order of their counts
    in the index (`speaker_name_counts`), which splitting a name can only lower, until no name left
    can reach the page. A `pattern` (fuzzy name, alias or role) keeps the matching speakers, best
    match first: only the names of statements whose speaker keys it matches are read.
    """
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    with collector_paused(), _searcher(location) as (searcher, lex):
        # A first page needs exact counts only for the names that can be on it: the rest keep the
        # term index's, which deleted statements can only make higher.
        if limit and not pattern:
            bounds, uncertain = _page_names(searcher)
            names = dict(bounds)  # `_first_speakers` replaces the counts it makes exact
        else:
            names, uncertain = _grouped(speaker_name_counts(searcher)), set()
        if pattern:
            wanted = _names_matching(searcher, lex, pattern)
            names = {k: v for k, v in names.items() if k in wanted}
        if limit is None or pattern:
            found = _every_speaker(searcher, names, whole=not pattern)
        else:
            found = _first_speakers(searcher, SplitNames(searcher, lex), names, sort, limit, uncertain)
    found.sort(key=lambda sp: sort_key(sort, sp.count, fold_name(sp.name)))
    if pattern:
        found = filter_speakers(found, pattern)
    return found[:limit] if limit else found


#: `_page_names` of each searcher (one state of an index), kept with it: a library that lists pages
#: again (the bench, a server) reads the term files once.
_PAGE_NAMES: weakref.WeakKeyDictionary[Any, tuple[dict[str, dict[str, int]], set[str]]] = (
    weakref.WeakKeyDictionary()
)


def _page_names(searcher: Any) -> tuple[dict[str, dict[str, int]], set[str]]:
    """The names a first page is drawn from, grouped by folded name with their counts in the term
    index (`speaker_name_bounds`), and the stored names whose count may be lower."""
    found = _PAGE_NAMES.get(searcher)
    if found is None:
        counts, uncertain = speaker_name_bounds(searcher)
        found = _PAGE_NAMES[searcher] = (_grouped(counts), uncertain)
    return found


def _grouped(counts: dict[str, int]) -> dict[str, dict[str, int]]:
    """The stored names that can be somebody, by folded name, with their counts."""
    names: dict[str, dict[str, int]] = {}
    listed = [name for name in counts if is_speaker_name(name)]
    for name, key in zip(listed, fold_names(listed), strict=True):
        names.setdefault(key, {})[name] = counts[name]
    return names


def _first_speakers(
    searcher: Any,
    splits: SplitNames,
    names: dict[str, dict[str, int]],
    sort: str,
    limit: int,
    uncertain: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[SpeakerSummary]:
    """The speakers of the first `limit` places, reading names in the order of their counts until
    no name left can reach the page (a speaker split off a name sorts no earlier than the name).

    The counts of `uncertain` names are upper bounds (deleted statements in segments written before
    the speaker credits, `read.speaker_name_bounds`): each is made exact when its name comes up,
    then waits for its place again (it can only move later), so that a name whose true count is
    higher is read before the page can end. A name is read whole only when
    `splits` says some mention writes `NAME of ...`; else from its first statements.
    """
    import heapq

    pending = [(sort_key(sort, sum(spellings.values()), key), key) for key, spellings in names.items()]
    heapq.heapify(pending)
    exact: set[str] = set()
    # Where the statements of the names made exact are: counted once, read from there.
    postings: dict[str, Postings] = {}
    found: list[SpeakerSummary] = []
    while pending:
        place, key = heapq.heappop(pending)
        if len(found) >= limit:
            found.sort(key=lambda sp: sort_key(sort, sp.count, fold_name(sp.name)))
            last = found[limit - 1]
            if place > sort_key(sort, last.count, fold_name(last.name)):
                break
        if uncertain and key not in exact and not uncertain.isdisjoint(names[key]):
            exact.add(key)
            postings.update((n, name_postings(searcher, n)) for n in names[key])
            counts = {n: sum(len(docnums) for _, docnums in postings[n]) for n in names[key]}
            names[key] = {n: c for n, c in counts.items() if c}
            if names[key]:
                heapq.heappush(pending, (sort_key(sort, sum(names[key].values()), key), key))
            continue
        if splits.may_split(key):
            found.extend(identities(_credits(searcher, names[key], postings=postings)))
            continue
        # One speaker whatever its statements say: the count is the index's; what it is called
        # and does is read from its first statements only.
        (described,) = identities(_credits(searcher, names[key], DESCRIBED, postings))
        found.append(dataclasses.replace(described, count=sum(names[key].values())))
    return found


def _every_speaker(searcher: Any, names: dict[str, dict[str, int]], *, whole: bool) -> list[SpeakerSummary]:
    """Every speaker of the names: a few names (a pattern's) read name by name; the whole list, or
    many names, in one pass over every document of the index, which reads a damaged one too (and
    says so) as the whole list must."""
    if not whole and sum(len(v) for v in names.values()) <= BULK_NAMES:
        return [sp for spellings in names.values() for sp in identities(_credits(searcher, spellings))]
    by_key: dict[str, list[Credit]] = {}
    for fields in searcher.all_stored_fields():
        name = fields.get("speaker_name")
        if name and fields.get("doctype") == STATEMENT and fold_name(name) in names:
            data = json.loads(fields["data"])
            credit = (name, Speaker.from_dict(data.get("speaker")), data.get("article_id") or "")
            by_key.setdefault(fold_name(name), []).append(credit)
    return [sp for items in by_key.values() for sp in identities(items)]


def _credits(
    searcher: Any,
    spellings: Iterable[str],
    limit: int | None = None,
    postings: dict[str, Postings] | None = None,
) -> Iterator[Credit]:
    """The credits of the statements of some spellings of a name; with a `limit`, that many at most.
    `postings` holds where some spellings' statements are, when known."""
    left = limit
    for spelling in spellings:
        known = postings.get(spelling) if postings else None
        for speaker, article in speaker_credits(searcher, spelling, left, known):
            yield spelling, speaker, article
            if left is not None:
                left -= 1
        if left is not None and left <= 0:
            return


def _names_matching(searcher: Any, lex: Any, pattern: str) -> set[str]:
    """The folded speaker names of the statements whose name, mention or role the pattern matches."""
    from whoosh.query import Or, Term

    keys = [k for _, _, k in _match_names(lex, pattern, SPEAKER_CUTOFF)]
    if not keys:
        return set()
    found = searcher.search(Or([Term("speaker_names", k) for k in keys]), limit=None, scored=False)
    return {fold_name(hit.get("speaker_name") or "") for hit in found}
