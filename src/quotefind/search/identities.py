"""Who a `speakers` listing's speakers are, the same for every store: names folded (`The report`,
`the report`), organisations that share a word kept apart (`Bank of England`, `Bank of Japan`:
the extractor stores both as the name `Bank` with the organisation `England` or `Japan`), and
what their statements say they are called and do, tallied.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from quotefind.analysis import PRONOUNS
from quotefind.analysis import fold_name as _fold_name
from quotefind.model import Speaker, SpeakerSummary

#: Orders of the listing: most statements first, or by name.
SORTS: tuple[str, ...] = ("count", "name")

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
Credit = tuple[str, Speaker, str]


@lru_cache(maxsize=65536)
def fold_name(text: str) -> str:
    """`analysis.fold_name`, cached: a listing folds the same names and mentions again and again."""
    return _fold_name(text)


def fold_names(names: list[str]) -> list[str]:
    """`fold_name` of each name, folded in one pass over them all (a listing folds ~23,000 names at
    1M statements): the folds are character by character, so NUL, which folds to itself and is no
    space, keeps the names apart."""
    folded = _fold_name("\0".join(names)).split("\0") if names else []
    if len(folded) != len(names):  # a name holding NUL: one by one
        return [fold_name(name) for name in names]
    # Squeezing spaces left one beside a NUL where a name began or ended with them.
    return [f.strip(" ") for f in folded]


def is_speaker_name(name: str) -> bool:
    """True when a stored name can be somebody (a run of two letters at least: not `P`, `7`)."""
    return bool(_NAMEISH.search(name))


@lru_cache(maxsize=65536)
def org_place(org: str | None) -> str:
    """The organisation's own words of an `org` the extractor split from `NAME of ORG`: up to the
    first word in lower case or of a title or source (`Japan governor Satoshi Sumita` -> `Japan`).
    Cached: a page asks it twice of each of ~21,600 statements, of a few organisations."""
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


def identities(statements: Iterable[Credit]) -> list[SpeakerSummary]:
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
        name = key or fold_name(spelling)
        tally = tallies.get(name)
        if tally is None:  # not `setdefault(name, _Tally())`: four counters made per statement
            tally = tallies[name] = _Tally()
        tally.add(sp, spelling, own_org=own_org)
    return [t.summary() for t in tallies.values()]


def sort_key(sort: str, count: int, key: str) -> tuple[Any, ...]:
    return (-count, key) if sort == "count" else (key, -count)
