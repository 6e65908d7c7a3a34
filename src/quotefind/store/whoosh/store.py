"""`WhooshStore`: the store protocol over an index folder (the embedded default)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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
