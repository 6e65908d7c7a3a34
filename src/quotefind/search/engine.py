"""`search`: candidates from the store, the rerank above it, copies of a story, listings by source."""

from __future__ import annotations

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
    from quotefind.store import as_store

    _check_filters(kind, since, until)
    store = as_store(location)
    parsed = parse_query(query or "")
    filters = Filters(kind=kind, source=source, since=since, until=until, speaker=speaker)
    if parsed.empty:
        listed = store.listing(filters, limit)
        return [h for h in listed if h.score >= (min_score or 0.0)]
    found = store.candidates(parsed, filters, max(candidates, limit))
    if found is None:
        return []
    probe = _Probe.of(query, found.weigh)
    floor = RELATED if min_score is None else min_score
    hits = [h for h in _rerank(probe, found.statements) if h.score >= floor]
    return _with_copies(store, hits[:limit], filters, limit)


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
