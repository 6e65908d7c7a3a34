"""`WhooshStore`: the store protocol over an index folder (the embedded default)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from quotefind.store.protocol import Candidates, Filters

if TYPE_CHECKING:
    from quotefind.model import Hit, IndexSummary, SpeakerSummary, Statement
    from quotefind.search.query import ParsedQuery


@dataclass(frozen=True, slots=True)
class WhooshStore:
    """An index folder. Each call opens (or reuses) the searcher of the index's current state."""

    location: Path
    """The index folder."""

    def describe(self) -> str:
        return str(self.location)

    def add_statements(
        self, statements: Iterable[Statement], *, lock_timeout: float = 0.0, commit_every: int | None = None
    ) -> IndexSummary:
        from quotefind.store.whoosh.session import COMMIT_EVERY, add_statements

        every = COMMIT_EVERY if commit_every is None else commit_every
        return add_statements(self.location, statements, lock_timeout=lock_timeout, commit_every=every)

    def delete_article(self, article_id: str) -> int:
        from whoosh.query import And, Term

        from quotefind.store.whoosh.documents import statements_key
        from quotefind.store.whoosh.schema import ARTICLE
        from quotefind.store.whoosh.session import write_session

        with write_session(self.location) as session:
            writer = session.writer()
            # The article's statements, and the records of every copy of it (files, stdin) indexed.
            gone = writer.delete_by_term("article_key", statements_key(article_id))
            writer.delete_by_query(And([Term("doctype", ARTICLE), Term("article_id", article_id)]))
            return int(gone)

    def candidates(self, parsed: ParsedQuery, filters: Filters, wanted: int) -> Candidates | None:
        from quotefind.store.whoosh.query import candidates

        return candidates(self.location, parsed, filters, wanted)

    def same_wording(self, text: str, filters: Filters, limit: int) -> list[Statement]:
        from quotefind.store.whoosh.query import same_wording

        return same_wording(self.location, text, filters, limit)

    def listing(self, filters: Filters, limit: int) -> list[Hit]:
        from quotefind.store.whoosh.query import listing

        return listing(self.location, filters, limit)

    def count(
        self, filters: Filters, *, wordings: Sequence[str] | None = None, min_score: float = 0.0
    ) -> int:
        return count(self.location, filters, wordings=wordings, min_score=min_score)

    def get(self, statement_id: str) -> Statement:
        from quotefind.store.whoosh.read import get_statement

        return get_statement(self.location, statement_id)

    def statements(self) -> Iterator[Statement]:
        from quotefind.store.whoosh.read import iter_statements

        return iter_statements(self.location)

    def speakers(
        self, *, pattern: str | None = None, limit: int | None = None, sort: str = "count"
    ) -> list[SpeakerSummary]:
        from quotefind.store.whoosh.roster import list_speakers

        return list_speakers(self.location, limit=limit, sort=sort, pattern=pattern)

    def speaker_note(self, pattern: str) -> str | None:
        from quotefind.store.whoosh.query import speaker_note

        return speaker_note(self.location, pattern)


def count(location: Path, filters: Filters, *, wordings: Sequence[str] | None, min_score: float) -> int:
    """How many statements match the filters (see `Store.count`), by stepping the query's matchers:
    no stored document is read."""
    from whoosh.query import And, Or, Term

    from quotefind.analysis import text_key
    from quotefind.store.whoosh.lexicons import _searcher
    from quotefind.store.whoosh.query import _filter_queries
    from quotefind.store.whoosh.schema import STATEMENT

    with _searcher(location) as (searcher, lex):
        resolved = _filter_queries(lex, filters, with_speaker=False)
        if resolved is None:
            return 0
        queries, names = list(resolved[0]), resolved[1]
        if names:
            # Rounded as a listing rounds its tiers' scores, which `--min-score` is compared with.
            keys = [name for score, _, name in names if round(score, 1) >= min_score]
            if not keys:
                return 0
            queries.append(Or([Term("speaker_names", k) for k in keys]))
        if wordings is not None:
            if not wordings:
                return 0
            queries.append(Or([Term("text_key", k) for k in sorted({text_key(t) for t in wordings})]))
        if not queries:
            if lex.only_statements:
                return int(searcher.doc_count())
            queries = [Term("doctype", STATEMENT)]
        query = And(queries) if len(queries) > 1 else queries[0]
        total = 0
        for sub, _ in searcher.leaf_searchers():
            matcher = query.matcher(sub, sub.boolean_context())
            while matcher.is_active():
                total += 1
                matcher.next()
        return total
