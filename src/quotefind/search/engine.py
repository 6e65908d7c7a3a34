"""`search`: candidates from the store, the rerank above it, copies of a story, listings by source."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from quotefind.model import Hit
from quotefind.search.query import _check_filters, parse_query
from quotefind.search.rank import RELATED, _Probe, _rerank
from quotefind.store.protocol import Filters

if TYPE_CHECKING:
    from quotefind.store.protocol import Store

#: How many distinct wordings (store candidates) the fuzzy rerank sees at most.
CANDIDATES = 100


@dataclass(frozen=True, slots=True)
class Page:
    """The hits a search shows, and how many passed its filters and score threshold in all."""

    hits: list[Hit]
    """The hits shown, best first (at most the limit)."""
    total: int
    """How many statements passed the filters and the score threshold, copies of a story included."""
    at_least: bool
    """True when `total` is a lower bound: the rerank saw a full pool of candidates, and wordings
    beyond it, which the store ranked lower, may pass the threshold too."""


def search(
    location: Path | Store,
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

    `location` is an index folder or any `Store`. `source` matches a publisher or title (substring)
    or a path (glob); `since` and `until` bound the article date (inclusive, `YYYY[-MM[-DD]]`;
    statements of undated articles drop out). `candidates` bounds how many distinct wordings the
    fuzzy rerank sees. A text query keeps the hits scoring at least `min_score`, by default
    `RELATED` (see `rank.band`); 0 keeps them all.
    """
    return search_page(
        location,
        query,
        speaker=speaker,
        kind=kind,
        source=source,
        since=since,
        until=until,
        limit=limit,
        min_score=min_score,
        candidates=candidates,
        counted=False,
    ).hits


def search_page(
    location: Path | Store,
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
    counted: bool = True,
) -> Page:
    """`search`, and how many hits there are in all: one counting query to the store more (with
    `counted` False, none: the total is then only the hits shown)."""
    return _search(
        location,
        query,
        Filters(kind=kind, source=source, since=since, until=until, speaker=speaker),
        limit=limit,
        min_score=min_score,
        candidates=candidates,
        counted=counted,
    )


def _search(
    location: Path | Store,
    query: str,
    filters: Filters,
    *,
    limit: int,
    min_score: float | None,
    candidates: int,
    counted: bool,
) -> Page:
    from quotefind.store import as_store

    _check_filters(filters.kind, filters.since, filters.until)
    store = as_store(location)
    parsed = parse_query(query or "")
    if parsed.empty:
        floor = min_score or 0.0
        listed = [h for h in store.listing(filters, limit) if h.score >= floor]
        total = store.count(filters, min_score=floor) if counted else len(listed)
        return Page(listed, max(total, len(listed)), at_least=False)
    wanted = max(candidates, limit)
    found = store.candidates(parsed, filters, wanted)
    if found is None:
        return Page([], 0, at_least=False)
    probe = _Probe.of(query, found.weigh)
    floor = RELATED if min_score is None else min_score
    hits = [h for h in _rerank(probe, found.statements) if h.score >= floor]
    shown = _with_copies(store, hits[:limit], filters, limit)
    # Every statement with the words of a hit is a hit (a copy of the story, at the same score).
    total = store.count(filters, wordings=[h.statement.text for h in hits]) if counted else len(shown)
    return Page(shown, max(total, len(shown)), at_least=len(found.statements) >= wanted)


def _with_copies(store: Store, hits: list[Hit], filters: Filters, limit: int) -> list[Hit]:
    """Put after each hit the other statements with the same words (same score), up to the limit."""
    out: list[Hit] = []
    shown = {h.statement.id for h in hits}
    for i, hit in enumerate(hits):
        out.append(hit)
        room = limit - len(out) - (len(hits) - i - 1)
        if room <= 0:
            continue
        for st in store.same_wording(hit.statement.text, filters, room + len(shown)):
            if st.id not in shown and room > 0:
                shown.add(st.id)
                out.append(Hit(st, hit.score, hit.match))
                room -= 1
    return out


def speaker_note(location: Path | Store, pattern: str) -> str | None:
    """Return a sentence when the best matches of a speaker pattern are several people (`Hewitt`:
    Lleyton Hewitt, Patricia Hewitt), else None: a listing then mixes them."""
    from quotefind.store import as_store

    return as_store(location).speaker_note(pattern)
