"""The `speakers` listing at archive size: names folded, organisations kept apart, a page read first.

Counts come from the index's terms (`speaker_name_counts`), so the order of the whole list is known
before any statement is read; then only the statements of the speakers on the page are read, to
split and describe them. A name's folded form (`The report`, `the report`) is one speaker, and
organisations that share a word stay apart (`Bank of England`, `Bank of Japan`: the extractor
stores both as the name `Bank` with the organisation `England` or `Japan`).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from quotefind.analysis import PRONOUNS
from quotefind.analysis import fold_name as _fold_name
from quotefind.model import Speaker, SpeakerSummary
from quotefind.search.speakers import SPEAKER_CUTOFF, _match_names, filter_speakers
from quotefind.store.whoosh.lexicons import _searcher
from quotefind.store.whoosh.read import speaker_name_counts, statements_of_speaker
from quotefind.store.whoosh.schema import STATEMENT

#: Orders of the listing: most statements first, or by name.
SORTS: tuple[str, ...] = ("count", "name")

#: On a page, what a speaker is called and does (roles, organisations, aliases) is read from at
#: most this many of its statements (its count is the index's, exact).
DESCRIBED = 200

#: Beyond this many names, a listing reads the whole index in one pass rather than name by name.
BULK_NAMES = 2000

#: A name is somebody only with a run of two letters: `P` (of "S/P") is a fragment, not a speaker.
_NAMEISH = re.compile(r"[^\W\d_]{2}")

#: Words that end the place of an organisation named `X of PLACE`: what follows is a person, a
#: title or a source (`Bank of Japan governor Satoshi Sumita`, `Bank of Spain figures`).
_ORG_STOPS = frozenset(
    """governor governors deputy spokesman spokeswoman spokesperson official officials chairman
    president director chief economist economists sources source figures data report survey
    statement""".split()
)


#: A credit: the stored name, the speaker, and the id of the article that credits them.
_Credit = tuple[str, Speaker, str]


@lru_cache(maxsize=65536)
def fold_name(text: str) -> str:
    """`analysis.fold_name`, cached: a listing folds the same names and mentions again and again."""
    return _fold_name(text)


def is_speaker_name(name: str) -> bool:
    """True when a stored name can be somebody (a run of two letters at least: not `P`, `7`)."""
    return bool(_NAMEISH.search(name))


def org_place(org: str | None) -> str:
    """The organisation's own words of an `org` the extractor split from `NAME of ORG`: up to the
    first word in lower case or of a title or source (`Japan governor Satoshi Sumita` -> `Japan`)."""
    kept: list[str] = []
    for word in (org or "").split():
        if word.lower() in _ORG_STOPS or not word[:1].isupper():
            break
        kept.append(word)
    return " ".join(kept)


@dataclass
class _Tally:
    """What the statements of one speaker say about them, counted as they are read."""

    count: int = 0
    spellings: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)
    orgs: Counter[str] = field(default_factory=Counter)
    aliases: Counter[str] = field(default_factory=Counter)

    def add(self, sp: Speaker, spelling: str, *, own_org: bool) -> None:
        self.count += 1
        self.spellings[spelling] += 1
        if sp.role:
            self.roles[sp.role] += 1
        if sp.org and not own_org:
            self.orgs[sp.org] += 1
        mention = (sp.mention or "").strip()
        # A mention that spells out the whole name says nothing an alias should; surnames, role
        # nouns and acronyms do.
        if mention and fold_name(sp.name or "") not in fold_name(mention) and mention.lower() not in PRONOUNS:
            self.aliases[mention] += 1

    def summary(self) -> SpeakerSummary:
        name = _most_common(self.spellings)
        key = fold_name(name)
        return SpeakerSummary(
            name=name,
            count=self.count,
            roles=_folded_most_common(self.roles),
            orgs=_folded_most_common(self.orgs),
            aliases=tuple(a for a in _folded_most_common(self.aliases) if fold_name(a) != key),
        )


def _most_common(counter: Counter[str]) -> str:
    """The most frequent value; among equals, the one with fewest capitals (not `BANK of FRANCE`
    from a headline), then the first in order."""
    return min(counter, key=lambda v: (-counter[v], sum(c.isupper() for c in v), v))


def _folded_most_common(counter: Counter[str]) -> tuple[str, ...]:
    """Values most frequent first, each folded form once (`The company`, `the company`), spelled
    as it is most often."""
    groups: dict[str, Counter[str]] = {}
    for value, n in counter.items():
        groups.setdefault(fold_name(value) or value, Counter())[value] = n
    ranked = sorted(groups.values(), key=lambda g: (-sum(g.values()), fold_name(_most_common(g))))
    return tuple(_most_common(g) for g in ranked)


def _identities(statements: Iterable[_Credit]) -> list[SpeakerSummary]:
    """Split the statements of one folded name into speakers: `Bank` with the organisation
    `England` or `Japan` is the Bank of England or the Bank of Japan when an article writes it so.

    A statement joins `NAME of PLACE` when its mention says so, or its organisation is one that
    other mentions do; a statement with no organisation (`the Bank`) joins the only such speaker its
    article names, if there is exactly one.
    """
    items = list(statements)
    # Pairs (folded name, folded place) that some mention writes as `NAME of PLACE`.
    named: set[tuple[str, str]] = set()
    for spelling, sp, _ in items:
        place = org_place(sp.org)
        if place and f"{fold_name(spelling)} of {fold_name(place)}" in fold_name(sp.mention or ""):
            named.add((fold_name(spelling), fold_name(place)))
    keyed: list[tuple[str | None, str, Speaker, str]] = []
    by_article: dict[str, set[str]] = {}
    for spelling, sp, article in items:
        place = org_place(sp.org) if named else ""
        if place and (fold_name(spelling), fold_name(place)) in named:
            full = f"{spelling} of {place}"
            keyed.append((fold_name(full), full, sp, article))
            by_article.setdefault(article, set()).add(fold_name(full))
        else:
            keyed.append((None, spelling, sp, article))
    first_spelling: dict[str, str] = {}
    for key, spelling, _, _ in keyed:
        if key is not None:
            first_spelling.setdefault(key, spelling)
    tallies: dict[str, _Tally] = {}
    for key, spelling, sp, article in keyed:
        own_org = key is not None
        if key is None and not sp.org:
            found = by_article.get(article, set())
            if len(found) == 1:
                key = next(iter(found))
                own_org = True
                spelling = first_spelling[key]
        tallies.setdefault(key or fold_name(spelling), _Tally()).add(sp, spelling, own_org=own_org)
    return [t.summary() for t in tallies.values()]


def _sort_key(sort: str, count: int, key: str) -> tuple[Any, ...]:
    return (-count, key) if sort == "count" else (key, -count)


def list_speakers(
    location: Path, *, limit: int | None = None, sort: str = "count", pattern: str | None = None
) -> list[SpeakerSummary]:
    """Return the index's speakers with their counts, roles, organisations and aliases.

    `sort` is `count` (most statements first) or `name`. With a `limit`, only the statements of
    the speakers that can be on the page are read: names are taken in the order of their counts
    in the index (`speaker_name_counts`), which splitting a name can only lower, until no name left
    can reach the page. A `pattern` (fuzzy name, alias or role) keeps the matching speakers, best
    match first: only the names of statements whose speaker keys it matches are read.
    """
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    with _searcher(location) as (searcher, lex):
        names: dict[str, dict[str, int]] = {}
        for name, n in speaker_name_counts(searcher).items():
            if is_speaker_name(name):
                names.setdefault(fold_name(name), {})[name] = n
        if pattern:
            wanted = _names_matching(searcher, lex, pattern)
            names = {k: v for k, v in names.items() if k in wanted}
        if limit is None or pattern:
            found = _every_speaker(searcher, names, whole=not pattern)
        else:
            found = _first_speakers(searcher, lex, names, sort, limit)
    found.sort(key=lambda sp: _sort_key(sort, sp.count, fold_name(sp.name)))
    if pattern:
        found = filter_speakers(found, pattern)
    return found[:limit] if limit else found


def _first_speakers(
    searcher: Any, lex: Any, names: dict[str, dict[str, int]], sort: str, limit: int
) -> list[SpeakerSummary]:
    """The speakers of the first `limit` places, reading names in the order of their counts until
    no name left can reach the page (a speaker split off a name sorts no earlier than the name)."""
    keys = sorted(names, key=lambda k: _sort_key(sort, sum(names[k].values()), k))
    found: list[SpeakerSummary] = []
    for key in keys:
        if len(found) >= limit:
            found.sort(key=lambda sp: _sort_key(sort, sp.count, fold_name(sp.name)))
            last = found[limit - 1]
            if _sort_key(sort, sum(names[key].values()), key) > _sort_key(
                sort, last.count, fold_name(last.name)
            ):
                break
        if _may_split(lex, key):
            found.extend(_identities(_credits(searcher, names[key])))
            continue
        # One speaker whatever its statements say: the count is the index's; what it is called
        # and does is read from its first statements only.
        (described,) = _identities(_credits(searcher, names[key], DESCRIBED))
        found.append(dataclasses.replace(described, count=sum(names[key].values())))
    return found


def _may_split(lex: Any, key: str) -> bool:
    """False when no mention of the index writes `KEY of ...` (`bank of england`), so the statements
    of the name are one speaker, however many."""
    return lex.speaker_lines.find(f"{key} of ") >= 0


def _every_speaker(searcher: Any, names: dict[str, dict[str, int]], *, whole: bool) -> list[SpeakerSummary]:
    """Every speaker of the names: a few names (a pattern's) read name by name; the whole list, or
    many names, in one pass over every document of the index, which reads a damaged one too (and
    says so) as the whole list must."""
    if not whole and sum(len(v) for v in names.values()) <= BULK_NAMES:
        return [sp for spellings in names.values() for sp in _identities(_credits(searcher, spellings))]
    by_key: dict[str, list[_Credit]] = {}
    for fields in searcher.all_stored_fields():
        name = fields.get("speaker_name")
        if name and fields.get("doctype") == STATEMENT and fold_name(name) in names:
            data = json.loads(fields["data"])
            credit = (name, Speaker.from_dict(data.get("speaker")), data.get("article_id") or "")
            by_key.setdefault(fold_name(name), []).append(credit)
    return [sp for items in by_key.values() for sp in _identities(items)]


def _credits(searcher: Any, spellings: Iterable[str], limit: int | None = None) -> Iterator[_Credit]:
    """The credits of the statements of some spellings of a name; with a `limit`, that many at most."""
    left = limit
    for spelling in spellings:
        for st in statements_of_speaker(searcher, spelling, left):
            yield spelling, st.speaker, st.article_id
            if left is not None:
                left -= 1
        if left is not None and left <= 0:
            return


def _names_matching(searcher: Any, lex: Any, pattern: str) -> set[str]:
    """The folded speaker names of the statements whose name, mention or role the pattern matches."""
    from whoosh.query import Or, Term

    keys = [k for _, _, k in _match_names(lex, pattern, SPEAKER_CUTOFF)]
    if not keys:
        return set()
    found = searcher.search(Or([Term("speaker_names", k) for k in keys]), limit=None, scored=False)
    return {fold_name(hit.get("speaker_name") or "") for hit in found}
