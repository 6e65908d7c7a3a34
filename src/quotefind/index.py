"""The Whoosh index: schema, where it lives, opening it safely, and writing statements into it."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quotefind.errors import (
    IndexLockedError,
    IndexMissingError,
    IndexVersionError,
    NotAnIndexError,
    StatementNotFoundError,
)
from quotefind.model import (
    SCHEMA_VERSION,
    Article,
    IndexSummary,
    SpeakerSummary,
    Statement,
)

if TYPE_CHECKING:
    from whoosh.index import Index

    from quotefind.ingest import Skipped

ENV_VAR = "QUOTEFIND_INDEX"
DEFAULT_LOCATION = "index"
#: The file that marks a directory as a quotefind index. Whoosh unpickles parts of its table of
#: contents when it opens an index, so quotefind opens no directory without this marker.
MARKER = "quotefind.json"
#: Files a fresh index directory may already hold (the repository's placeholder).
PLACEHOLDERS = frozenset({".keep", ".gitkeep"})

STATEMENT = "statement"
ARTICLE = "article"

#: Words that make a poor speaker alias (they name nobody on their own).
PRONOUNS = frozenset(
    """he she they it we i you him her them us his hers their its our who which this that""".split()
)


def resolve_location(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return where the index lives: `--index`, else `$QUOTEFIND_INDEX`, else `./index`."""
    return Path(explicit or os.environ.get(ENV_VAR) or DEFAULT_LOCATION)


def build_schema() -> Any:
    """Return the Whoosh schema of a quotefind index."""
    from whoosh.analysis import CharsetFilter, StandardAnalyzer, StemmingAnalyzer
    from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
    from whoosh.support.charset import accent_map

    stemmed = StemmingAnalyzer(stoplist=None) | CharsetFilter(accent_map)
    plain = StandardAnalyzer(stoplist=None) | CharsetFilter(accent_map)
    return Schema(
        id=ID(stored=True, unique=True),
        doctype=ID(stored=True),
        article_id=ID(stored=True),
        article_key=ID(stored=True),
        content_hash=ID(stored=True),
        kind=ID(stored=True),
        text=TEXT(analyzer=stemmed, phrase=True),
        speaker=TEXT(analyzer=plain),
        speaker_names=KEYWORD(commas=True, lowercase=True, scorable=False),
        speaker_name=ID(stored=True),
        path=ID(stored=True),
        publisher=TEXT(analyzer=plain, stored=True),
        title=TEXT(analyzer=plain, stored=True),
        date=ID(stored=True, sortable=True),
        order=NUMERIC(stored=True, sortable=True, bits=64),
        data=STORED(),
    )


def has_marker(location: Path) -> bool:
    """Return True when the directory carries quotefind's marker file."""
    return (location / MARKER).is_file()


def _check_marker(location: Path) -> None:
    try:
        info = json.loads((location / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NotAnIndexError(
            f"{location} has an unreadable {MARKER} - rebuild it with `quotefind index --rebuild PATH...`."
        ) from exc
    found = info.get("schema") if isinstance(info, dict) else None
    if found != SCHEMA_VERSION:
        raise IndexVersionError(
            f"The index at {location} has schema version {found}, this quotefind reads version "
            f"{SCHEMA_VERSION} - rebuild it with `quotefind index --rebuild PATH...`."
        )


def open_index(location: Path) -> Index:
    """Open an existing quotefind index for reading."""
    from whoosh import index as windex

    if not has_marker(location):
        if location.is_dir() and any(p.name not in PLACEHOLDERS for p in location.iterdir()):
            raise NotAnIndexError(
                f"{location} is not a quotefind index (no {MARKER}); quotefind opens only its own "
                "indexes - point --index at another folder."
            )
        raise IndexMissingError(f"No index at {location} - run `quotefind index seeds/` first.")
    _check_marker(location)
    try:
        return windex.open_dir(str(location))
    except windex.EmptyIndexError as exc:
        raise IndexMissingError(
            f"The index at {location} is empty or damaged - run `quotefind index --rebuild PATH...`."
        ) from exc


def create_or_open(location: Path) -> Index:
    """Open the index at location, creating it (and the directory) when there is none."""
    from whoosh import index as windex

    if has_marker(location):
        return open_index(location)
    if location.exists() and not location.is_dir():
        raise NotAnIndexError(f"{location} is a file, not an index folder - point --index at a folder.")
    if location.is_dir() and any(p.name not in PLACEHOLDERS for p in location.iterdir()):
        raise NotAnIndexError(
            f"{location} is not empty and not a quotefind index - point --index at a new or empty folder."
        )
    location.mkdir(parents=True, exist_ok=True)
    ix = windex.create_in(str(location), build_schema())
    marker = {"format": "quotefind-index", "schema": SCHEMA_VERSION}
    (location / MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
    return ix


def speaker_aliases(statement: Statement) -> list[str]:
    """Return the names a speaker filter should find the statement by (lowercased, no commas)."""
    sp = statement.speaker
    out = []
    for value in (sp.name, sp.mention, sp.role):
        if value:
            folded = " ".join(value.replace(",", " ").lower().split())
            if folded and folded not in PRONOUNS and folded not in out:
                out.append(folded)
    return out


def statement_fields(statement: Statement, *, article_key: str, content_hash: str) -> dict[str, Any]:
    """Return the Whoosh document of one statement."""
    sp = statement.speaker
    src = statement.source
    return {
        "id": statement.id,
        "doctype": STATEMENT,
        "article_id": statement.article_id,
        "article_key": article_key,
        "content_hash": content_hash,
        "kind": statement.kind,
        "text": statement.text,
        "speaker": " ".join(x for x in (sp.name, sp.mention, sp.role, sp.org) if x),
        "speaker_names": ",".join(speaker_aliases(statement)),
        "speaker_name": sp.name or "",
        "path": src.path or "",
        "publisher": src.publisher or "",
        "title": src.title or "",
        "date": src.date or "",
        "order": statement.start,
        "data": json.dumps(statement.to_dict(), ensure_ascii=False),
    }


def _writer(ix: Index, location: Path, lock_timeout: float) -> Any:
    from whoosh.index import LockError

    try:
        return ix.writer(timeout=lock_timeout, delay=0.1, limitmb=256)
    except LockError as exc:
        raise IndexLockedError(
            f"Another quotefind run holds the index at {location} - wait for it to finish, "
            "or raise --lock-timeout."
        ) from exc


def add_articles(
    location: Path,
    items: Iterable[Article | Skipped],
    *,
    extract: Callable[[Article], Iterable[Statement]] | None = None,
    lock_timeout: float = 0.0,
    on_article: Callable[[Article, int], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
) -> IndexSummary:
    """Extract the articles and write their statements, replacing what the index held for them."""
    from quotefind.extract import extract as default_extract
    from quotefind.ingest import Skipped

    extract = extract or default_extract
    ix = create_or_open(location)
    writer = _writer(ix, location, lock_timeout)
    counts: Counter[str] = Counter()
    speakers: set[str] = set()
    try:
        for item in items:
            if isinstance(item, Skipped):
                counts["skipped"] += 1
                if on_skip:
                    on_skip(item)
                continue
            statements = list(extract(item))
            key = item.key or item.id
            counts["removed"] += writer.delete_by_term("article_key", key)
            for st in statements:
                writer.add_document(**statement_fields(st, article_key=key, content_hash=item.content_hash))
                counts[st.kind] += 1
                if st.speaker.name:
                    speakers.add(st.speaker.name)
            counts["articles"] += 1
            if on_article:
                on_article(item, len(statements))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return IndexSummary(
        articles=counts["articles"],
        skipped=counts["skipped"],
        quotes=counts["quote"],
        claims=counts["claim"],
        speakers=len(speakers),
        removed=counts["removed"],
    )


def add_statements(
    location: Path, statements: Iterable[Statement], *, lock_timeout: float = 0.0
) -> IndexSummary:
    """Write statements as they are (say, from `quotefind export`), without extracting anything.

    Each article's statements replace what the index held for that article id, so importing the
    same export twice gives the same index.
    """
    ix = create_or_open(location)
    writer = _writer(ix, location, lock_timeout)
    counts: Counter[str] = Counter()
    speakers: set[str] = set()
    seen: set[str] = set()
    try:
        for st in statements:
            article = st.article_id or st.id
            if article not in seen:
                seen.add(article)
                counts["removed"] += writer.delete_by_term("article_id", article)
                counts["removed"] += writer.delete_by_term("article_key", article)
            writer.update_document(**statement_fields(st, article_key=article, content_hash=""))
            counts[st.kind] += 1
            if st.speaker.name:
                speakers.add(st.speaker.name)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return IndexSummary(
        articles=len(seen),
        quotes=counts["quote"],
        claims=counts["claim"],
        speakers=len(speakers),
        removed=counts["removed"],
    )


def statement_from_fields(fields: dict[str, Any]) -> Statement:
    """Rebuild a statement from a stored Whoosh document."""
    return Statement.from_dict(json.loads(fields["data"]))


def iter_statements(location: Path) -> Iterator[Statement]:
    """Yield every statement in the index, by path and position."""
    ix = open_index(location)
    with ix.searcher() as searcher:
        docs = [f for f in searcher.all_stored_fields() if f.get("doctype") == STATEMENT]
    docs.sort(key=lambda f: (f.get("path", ""), f.get("order", 0)))
    for fields in docs:
        yield statement_from_fields(fields)


def get_statement(location: Path, statement_id: str) -> Statement:
    """Return the statement with the id (a unique prefix of at least 6 characters also works)."""
    from whoosh.query import Prefix

    ix = open_index(location)
    with ix.searcher() as searcher:
        fields = searcher.document(id=statement_id)
        if fields is None and len(statement_id) >= 6:
            found = list(searcher.search(Prefix("id", statement_id), limit=2))
            if len(found) == 1:
                fields = found[0].fields()
        if fields is None or fields.get("doctype") != STATEMENT:
            raise StatementNotFoundError(
                f"No statement with id {statement_id} - find ids with `quotefind search --format jsonl`."
            )
        return statement_from_fields(fields)


def list_speakers(location: Path) -> list[SpeakerSummary]:
    """Return the speakers of the index with their counts, most statements first."""
    counts: Counter[str] = Counter()
    roles: dict[str, Counter[str]] = {}
    orgs: dict[str, Counter[str]] = {}
    aliases: dict[str, Counter[str]] = {}
    for st in iter_statements(location):
        sp = st.speaker
        if not sp.name:
            continue
        counts[sp.name] += 1
        if sp.role:
            roles.setdefault(sp.name, Counter())[sp.role] += 1
        if sp.org:
            orgs.setdefault(sp.name, Counter())[sp.org] += 1
        mention = (sp.mention or "").strip()
        if mention and mention != sp.name and mention.lower() not in PRONOUNS:
            aliases.setdefault(sp.name, Counter())[mention] += 1
    return [
        SpeakerSummary(
            name=name,
            count=count,
            roles=tuple(r for r, _ in roles.get(name, Counter()).most_common()),
            orgs=tuple(o for o, _ in orgs.get(name, Counter()).most_common()),
            aliases=tuple(a for a, _ in aliases.get(name, Counter()).most_common()),
        )
        for name, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))
    ]
