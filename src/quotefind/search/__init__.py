"""Queries: store candidates (see `quotefind.store`) -> rapidfuzz rerank -> `Hit`; verify; trace.

The package's modules, each one step: `query` (parsing), `speakers` (speaker patterns), `rank`
(the rerank and its score bands), `engine` (`search`), `verify`, `trace`. Fetching candidates is
the store's (`Store.candidates`); nothing here knows which engine keeps the statements.
"""

from __future__ import annotations

from quotefind.analysis import fold
from quotefind.search.engine import CANDIDATES, search, speaker_note
from quotefind.search.query import STOPWORDS, ParsedQuery, parse_query
from quotefind.search.rank import rerank_score
from quotefind.search.speakers import (
    SPEAKER_CUTOFF,
    _match_names,
    filter_speakers,
    speaker_score,
)
from quotefind.search.verify import verify

__all__ = [
    "CANDIDATES",
    "SPEAKER_CUTOFF",
    "STOPWORDS",
    "ParsedQuery",
    "_match_names",
    "filter_speakers",
    "fold",
    "parse_query",
    "rerank_score",
    "search",
    "speaker_note",
    "speaker_score",
    "verify",
]
