"""The Whoosh schema of a quotefind index, its name in the folder and its document types."""

from __future__ import annotations

import functools
from typing import Any

#: Whoosh's name for the index inside the folder.
INDEXNAME = "MAIN"

STATEMENT = "statement"
ARTICLE = "article"
#: The document type of a commit's lexicon document (the plain words of what it wrote).
LEXICON = "words"
#: The document type of the note of articles whose copies' sources are still to be listed (`copies`).
PENDING = "pending"


def build_schema() -> Any:
    """Return the Whoosh schema of a quotefind index.

    Text goes in folded (case, accents: `search.fold`), stemmed with positions for ranked terms and
    phrases (`text`). The plain words, whose lexicon the typo expansion scans, are not indexed per
    statement: each commit adds one lexicon document listing the words of what it wrote (`words`).

    Two fields serve the `speakers` listing alone (`roster`): `speaker_credit`, each statement's
    speaker and article id in a plain column (`credits.credit_value`), read without inflating the
    stored document; `speaker_of`, the text before each ` of ` of its speaker keys, reversed
    (`splits.of_terms`), so that which names may split (`Bank` of England) is a prefix lookup.
    Segments written before them lack both: the readers tell (`credits.has_credits`) and read
    the stored documents and the `speaker_names` terms instead.
    """
    from whoosh.analysis import RegexTokenizer, StemmingAnalyzer
    from whoosh.columns import VarBytesColumn
    from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

    stemmed = StemmingAnalyzer(stoplist=None, minsize=1)
    # One token per line: whole folded names and source labels, matched in Python over the lexicon.
    lines = RegexTokenizer(r"[^\n]+")
    return Schema(
        id=ID(stored=True, unique=True),
        doctype=ID(stored=True),
        article_id=ID(stored=True),
        article_key=ID(stored=True),
        content_hash=ID(stored=True),
        kind=ID(stored=True),
        text=TEXT(analyzer=stemmed, phrase=True),
        words=KEYWORD(lowercase=False, commas=False, scorable=False),
        text_key=ID(sortable=True),
        speaker_names=TEXT(analyzer=lines, phrase=False),
        speaker_name=ID(stored=True),
        speaker_credit=COLUMN(VarBytesColumn()),
        speaker_of=TEXT(analyzer=lines, phrase=False),
        source_labels=TEXT(analyzer=lines, phrase=False),
        path=ID(stored=True, sortable=True),
        date=ID(stored=True, sortable=True),
        # Sorted on (a column), never searched: one term per value, not one per 4 bits.
        order=NUMERIC(stored=True, sortable=True, bits=64, shift_step=0),
        data=STORED(),
    )


@functools.cache
def cached_schema() -> Any:
    """The schema, built once per process."""
    return build_schema()
