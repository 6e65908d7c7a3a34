"""The store protocol: what the commands need from an engine that keeps statements (Whoosh, OpenSearch)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from quotefind.model import Hit, IndexSummary, SpeakerSummary, Statement
    from quotefind.search.query import ParsedQuery
    from quotefind.store.articles import ArticleRecord
    from quotefind.store.whoosh.documents import Extracted


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


class WriteSession(Protocol):
    """One `index` run's writes to a store (`store.write_session` opens one): what `pipeline` and
    `writes` need to skip what is unchanged, replace what changed, prune what is gone, and count.

    Written articles come as `Extracted`: Whoosh documents when `wants_statements` is False, the
    statements themselves when it is True (a store that analyses them itself)."""

    wants_statements: bool
    """True when written articles are to carry their statements rather than Whoosh documents."""
    records: dict[str, ArticleRecord]
    """The store's article records by key, as the run began (changed as the run writes)."""
    before_commit: Callable[[], None] | None
    """Called before each commit between batches (the pipeline marks a file half written)."""
    on_commit: Callable[[], None] | None
    """Called as every commit starts (a progress bar says it is committing)."""

    @property
    def pending(self) -> int:
        """Writes (articles written, touched or removed) not committed yet."""
        ...

    def is_unchanged(self, key: str, content_hash: str) -> bool:
        """True when the store holds the article with the same text (by this extractor)."""
        ...

    def note_unchanged(self, key: str) -> None:
        """Count an article as unchanged (and as seen in this run)."""
        ...

    def note_repeat(self) -> None:
        """Count an article given again in this run with the text it had."""
        ...

    def note_skipped(self) -> None:
        """Count an input that could not be read."""
        ...

    def write(self, item: Extracted) -> bool:
        """Replace what the store holds for the article's key (its record, its statements unless
        another key holds them: a copy); False when nothing was written (read once already)."""
        ...

    def append(self, item: Extracted) -> None:
        """Add more statements of an article that `write` began (a long article comes in parts)."""
        ...

    def touch(self, record: ArticleRecord, *, step: bool = True) -> None:
        """Store a record as it is (a new file size and time; a marker of a half-written file)."""
        ...

    def remove(self, key: str) -> None:
        """Remove a key's record, and its statements unless another key holds the article."""
        ...

    def prune_missing(self) -> None:
        """Remove the articles whose file is gone (stdin articles stay)."""
        ...

    def commit(self, *, final: bool = True) -> None:
        """Make what is pending durable (`final`: the run's last commit)."""
        ...

    def summary(self) -> IndexSummary:
        """What the run did."""
        ...
