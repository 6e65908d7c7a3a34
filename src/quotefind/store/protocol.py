"""The store protocol: what the commands need from an engine that keeps statements (Whoosh, OpenSearch)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from quotefind.model import Hit, IndexSummary, SpeakerSummary, Statement
    from quotefind.search.query import ParsedQuery


@dataclass(frozen=True, slots=True)
class Filters:
    """What restricts a search or a listing besides its words (every part optional)."""

    kind: str | None = None
    """`quote` or `claim`."""
    source: str | None = None
    """A publisher or title (substring) or a path (glob)."""
    since: str | None = None
    """The earliest article date, `YYYY[-MM[-DD]]`, inclusive."""
    until: str | None = None
    """The latest article date, `YYYY[-MM[-DD]]`, inclusive."""
    speaker: str | None = None
    """A speaker pattern (a name, a surname, a role)."""


@dataclass(frozen=True, slots=True)
class Candidates:
    """What a store fetched for a text query: one statement per wording, and how much words tell."""

    statements: list[Statement]
    """The candidates, one per wording (copies of a story come back after the rerank), in fetch order."""
    weigh: Callable[[str], float]
    """The rerank's weight of a folded query word (its rarity in this store)."""


@runtime_checkable
class Store(Protocol):
    """An engine that keeps statements. Ranking stays above it: a store fetches, the rerank orders."""

    def describe(self) -> str:
        """Where the statements are, for messages (a path, a cluster URL without credentials)."""
        ...

    def add_statements(
        self, statements: Iterable[Statement], *, lock_timeout: float = 0.0, commit_every: int | None = None
    ) -> IndexSummary:
        """Write statements as they are; each article's statements replace what the store held for it.

        `commit_every`: how many articles a store that commits in batches writes between commits
        (None: its default)."""
        ...

    def delete_article(self, article_id: str) -> int:
        """Remove an article's statements; return how many there were."""
        ...

    def candidates(self, parsed: ParsedQuery, filters: Filters, wanted: int) -> Candidates | None:
        """Fetch up to `wanted` distinct wordings for a text query under the filters (None: a
        filter matches nothing in this store, so nothing can be found)."""
        ...

    def same_wording(self, text: str, filters: Filters, limit: int) -> list[Statement]:
        """The statements with the same words as `text` (its `text_key`), in source order."""
        ...

    def listing(self, filters: Filters, limit: int) -> list[Hit]:
        """Statements in source order; with a speaker pattern, the best-matching speakers first."""
        ...

    def count(
        self, filters: Filters, *, wordings: Sequence[str] | None = None, min_score: float = 0.0
    ) -> int:
        """How many statements match the filters: all that `listing` would list without a limit
        (with a speaker pattern, of the speakers it scores at least `min_score`); with `wordings`,
        only those with the same words as one of them (their `text_key`)."""
        ...

    def get(self, statement_id: str) -> Statement:
        """The statement with the id or a unique prefix of at least 6 characters
        (StatementNotFoundError otherwise)."""
        ...

    def statements(self) -> Iterator[Statement]:
        """Every statement, by path and position."""
        ...

    def speakers(
        self, *, pattern: str | None = None, limit: int | None = None, sort: str = "count"
    ) -> list[SpeakerSummary]:
        """The speakers with their counts (of a pattern, when given), in the order asked."""
        ...

    def speaker_note(self, pattern: str) -> str | None:
        """A sentence when a speaker pattern's best matches are several people, else None."""
        ...
