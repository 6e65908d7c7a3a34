"""Applying one file's outcomes to a write session as they arrive: long articles in parts, a marker
while a file is half written."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any

from quotefind.model import Article, Statement
from quotefind.store.articles import ArticleRecord
from quotefind.store.protocol import WriteSession
from quotefind.store.whoosh.documents import Extracted, extracted

if TYPE_CHECKING:
    from quotefind.ingest import Skipped

#: Statements analysed and written at a time for an article written in parts: the Whoosh documents
#: of a 50 MB article's 140,000 statements take ~650 MB when held together.
PART_STATEMENTS = 2000
#: What the key of a file's marker starts with: no article key does (a path, a URL, an id).
MARKER_PREFIX = "\x00partial:"


@dataclass(frozen=True, slots=True)
class Unchanged:
    """An article whose text the index already holds (its file was touched, not changed)."""

    record: ArticleRecord
    """The record with the file's current size and time."""


@dataclass(frozen=True, slots=True)
class Part:
    """Some statements of an article written in parts (`article_parts`)."""

    extracted: Extracted
    """The statements' documents; the last part also holds the article's record document."""
    first: bool
    """True for the first part, which replaces what the index held for the article."""


Outcome = Any  # Extracted | Unchanged | Skipped | Part
_END = object()


def article_parts(
    article: Article,
    extract: Callable[[Article], Iterable[Statement]],
    *,
    file: str = "",
    size: int = -1,
    mtime_ns: int = -1,
    documents: bool = True,
) -> Iterator[Part]:
    """Extract an article and yield its documents `PART_STATEMENTS` statements at a time.

    The same documents as `extract_article` (with `documents`; else the statements), in the same
    order, never all held at once. The record document comes last: a run killed between parts
    leaves statements without a record, which the next run replaces as it would an article it
    never saw.
    """
    content_hash = article.content_hash  # (a hash of the whole text: once, not per part)
    statements = iter(extract(article))
    count = 0
    first = True
    while True:
        batch = list(islice(statements, PART_STATEMENTS))
        count += len(batch)
        last = len(batch) < PART_STATEMENTS
        part = extracted(
            article,
            batch,
            content_hash=content_hash,
            count=count,
            last=last,
            file=file,
            size=size,
            mtime_ns=mtime_ns,
            documents=documents,
        )
        yield Part(part, first)
        first = False
        if last:
            return


def marker_key(file: str) -> str:
    """The key of the record that says a file is half written (`FileWrites`)."""
    return MARKER_PREFIX + file


class FileWrites:
    """What one file's outcomes do to the index, applied as they arrive.

    When a batch is committed while a file is half written (more of it to come), a marker record
    (no size, no time) is committed with it: the file's articles committed so far carry its size
    and time, and without the marker the next run (after a kill) would take the file as unchanged
    and never read the rest.
    Done, the file loses its marker, and the articles it held before and no longer yields (unless
    part of it could not be read).
    """

    def __init__(
        self,
        session: WriteSession,
        *,
        file: str,
        known: Iterable[str],
        on_skip: Callable[[Skipped], None] | None,
    ) -> None:
        self.session = session
        self.file = file
        self.missing = set(known)
        self.whole = True
        self.on_skip = on_skip
        self._marked = False
        self._more = False
        self._refused: str | None = None
        if file:
            session.before_commit = self._mark

    def apply(self, outcomes: Iterable[Outcome], *, last: bool = True) -> int:
        """Write outcomes of the file (`last`: its final ones); return the statements written."""
        from quotefind.ingest import Skipped

        s = self.session
        statements = 0
        found = iter(outcomes)
        outcome = next(found, _END)
        while outcome is not _END:
            # A commit after this write leaves the file half written when more is to come.
            following = next(found, _END)
            self._more = following is not _END or not last
            if isinstance(outcome, Skipped):
                s.note_skipped()
                if self.on_skip:
                    self.on_skip(outcome)
                self.whole = False
            elif isinstance(outcome, Unchanged):
                self._unchanged(outcome.record)
            elif isinstance(outcome, Part):
                statements += self._part(outcome)
            else:
                s.write(outcome)
                self.missing.discard(outcome.record.key)
                statements += outcome.record.statements
            outcome = following
        return statements

    def finish(self) -> None:
        """The file is done: remove what it no longer yields, and its marker."""
        s = self.session
        if s.before_commit == self._mark:
            s.before_commit = None
        if self.whole:
            for key in sorted(self.missing):
                s.remove(key)
        # This run's marker, or one a killed run left (when part of the file cannot be read now).
        s.remove(marker_key(self.file))

    def _mark(self) -> None:
        if self._more and not self._marked:
            self._marked = True
            record = ArticleRecord(key=marker_key(self.file), content_hash="", file=self.file)
            self.session.touch(record, step=False)

    def _part(self, part: Part) -> int:
        s = self.session
        ex = part.extracted
        key = ex.record.key
        if part.first:
            self.missing.discard(key)
            self._refused = None if s.write(ex) else key
        elif self._refused != key:
            s.append(ex)
        return 0 if self._refused == key else len(ex.kinds)

    def _unchanged(self, record: ArticleRecord) -> None:
        s = self.session
        old = s.records.get(record.key)
        s.note_unchanged(record.key)
        self.missing.discard(record.key)
        if old is not None and not old.same_file(record.size, record.mtime_ns):
            s.touch(
                ArticleRecord(
                    key=old.key,
                    content_hash=old.content_hash,
                    article_id=old.article_id,
                    path=old.path,
                    file=record.file,
                    size=record.size,
                    mtime_ns=record.mtime_ns,
                    statements=old.statements,
                    extractor=old.extractor,
                    source=record.source,
                )
            )
