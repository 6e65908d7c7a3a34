"""Queries: Whoosh candidates (stems, typo-expanded words) -> rapidfuzz rerank -> `Hit`; verify; trace.

The package's modules, each one step: `query` (parsing), `lexicons` (the kept searcher and its
vocabularies), `speakers` (speaker patterns), `fetch` (candidates), `rank` (the rerank and its
score bands), `engine` (`search`), `verify`.
"""

from __future__ import annotations

from quotefind.analysis import fold
from quotefind.search.engine import CANDIDATES, search
from quotefind.search.lexicons import _Lexicons, _read_lexicon, _searcher
from quotefind.search.query import STOPWORDS, ParsedQuery, parse_query
from quotefind.search.rank import rerank_score
from quotefind.search.speakers import (
    SPEAKER_CUTOFF,
    _match_names,
    filter_speakers,
    match_speakers,
    speaker_note,
    speaker_score,
)
from quotefind.search.verify import verify
from quotefind.store.whoosh.location import open_index

__all__ = [
    "CANDIDATES",
    "SPEAKER_CUTOFF",
    "STOPWORDS",
    "ParsedQuery",
    "_Lexicons",
    "_match_names",
    "_read_lexicon",
    "_searcher",
    "filter_speakers",
    "fold",
    "match_speakers",
    "open_index",
    "parse_query",
    "rerank_score",
    "search",
    "speaker_note",
    "speaker_score",
    "verify",
]
