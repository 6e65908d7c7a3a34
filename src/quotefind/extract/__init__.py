"""Extraction: article text -> attributed statements (pure functions, no I/O)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from quotefind.model import Article, Speaker, Statement

# Placeholder: the real extractor replaces this module's internals; `extract` is the contract.
_QUOTE = re.compile(r"[\"“]([^\"“”\n]{3,})[\"”]")


def extract(article: Article) -> Iterator[Statement]:
    """Yield the attributed statements of an article, in text order."""
    text = article.text
    for m in _QUOTE.finditer(text):
        start, end = m.span(1)
        yield Statement(
            id=Statement.make_id(article.id, start, end),
            kind="quote",
            text=text[start:end],
            speaker=Speaker(),
            cue=None,
            source=article.source,
            start=start,
            end=end,
            context="",
            article_id=article.id,
        )
