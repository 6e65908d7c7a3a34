"""Reading statements back: every statement, one by id or prefix, and the speakers with counts."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from quotefind.analysis import PRONOUNS
from quotefind.errors import StatementNotFoundError
from quotefind.model import SpeakerSummary, Statement
from quotefind.store.whoosh.damage import diagnosed
from quotefind.store.whoosh.location import open_index
from quotefind.store.whoosh.schema import STATEMENT
from quotefind.store.whoosh.stored import StoredFieldsError


def statement_from_fields(fields: dict[str, Any]) -> Statement:
    """Rebuild a statement from a stored Whoosh document (StoredFieldsError when it is not one)."""
    try:
        return Statement.from_dict(json.loads(fields["data"]))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StoredFieldsError(f"a statement's stored data is not a statement ({exc!r})") from None


def iter_statements(location: Path) -> Iterator[Statement]:
    """Yield every statement in the index, by path and position."""
    ix = open_index(location)
    with diagnosed(location), ix.searcher() as searcher:
        docs = [f for f in searcher.all_stored_fields() if f.get("doctype") == STATEMENT]
    # As strings (an order is a non-negative integer): a garbled document must not stop the sort.
    docs.sort(key=lambda f: (str(f.get("path", "")), str(f.get("order", 0)).zfill(20)))
    for fields in docs:
        with diagnosed(location):
            statement = statement_from_fields(fields)
        yield statement


def get_statement(location: Path, statement_id: str) -> Statement:
    """Return the statement with the id (a unique prefix of at least 6 characters also works)."""
    from whoosh.query import Prefix

    ix = open_index(location)
    with diagnosed(location), ix.searcher() as searcher:
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
        # A mention that spells out the whole name ("Vice Admiral Rune Andersen, head of ...") says
        # nothing an alias should; surnames, role nouns and acronyms do.
        if mention and sp.name not in mention and mention.lower() not in PRONOUNS:
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
