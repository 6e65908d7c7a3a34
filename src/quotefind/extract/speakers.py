"""Speaker mentions: parsing the words at an attribution site and resolving them within an article."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from operator import itemgetter

from quotefind.extract.entities import (
    BODY_NOUNS,
    DEMONYM_BEFORE_NOUN,
    ORG_NOUNS,
    REACH,
    Entities,
    Named,
    demonym,
    party_fits,
)
from quotefind.extract.lexicon import (
    ACRONYMS,
    DATE_WORDS,
    DOCUMENT_HEADS,
    DOCUMENT_PARTICIPLES,
    FROM_HEADS,
    HONORIFICS,
    KNOWING,
    KNOWING_PREPOSITIONS,
    NAME_PARTICLES,
    NOT_NAME_WORDS,
    OBTAINED,
    ORG_HEADS,
    PLACES,
    PRONOUNS,
    ROLE_NOUNS,
    TITLE_WORDS,
    role_noun,
)
from quotefind.extract.names import FIRST_NAME_GENDER, two_people
from quotefind.extract.segment import (
    POSSESSIVE_ENDS,
    Token,
    contracted_base,
    make_token,
    strip_possessive,
    tokenize,
)

#: Texts longer than this (no news article is: a book, a dump) resolve pronouns to the last speaker
#: only, without tracking everyone they name; it keeps extraction of any text near its old cost.
MAX_TRACKED = 200_000
_DETERMINERS = frozenset(
    {
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "another",
        "one",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "some",
        "many",
        "several",
        "two",
        "three",
        "other",
        "both",
        "all",
        "most",
    }
)
#: Words that, alone, name no one (`Having said that`, `Despite calls to ...`, `Perhaps ... said`).
_NEVER_SPEAKERS = frozenset(
    {"having", "despite", "just", "there", "here", "perhaps", "maybe", "indeed", "even", "only", "instead",
     "still", "yet", "thus", "hence", "besides", "moreover", "furthermore", "nevertheless", "nonetheless",
     "otherwise", "rather", "everything", "nothing", "something", "anything", "what", "why", "how"}
)  # fmt: skip

#: Quantifiers that stand alone for some of a group of people (`Some said`, `Many argue`).
_SOME = frozenset({"some", "many", "most", "several"})
#: Parties' members and peoples, capitalised plurals that name many people (`Republicans said C`).
_PEOPLES = frozenset(
    {"republicans", "democrats", "tories", "conservatives", "liberals", "socialists", "progressives",
     "independents", "unionists", "nationalists", "americans", "britons", "canadians", "europeans",
     "israelis", "palestinians", "muslims", "christians", "catholics", "evangelicals", "jews", "latinos",
     "hispanics", "asians", "africans", "australians", "germans", "russians", "ukrainians", "iranians",
     "iraqis", "syrians", "afghans", "mexicans", "chinese", "japanese", "indians", "pakistanis"}
)  # fmt: skip
#: Words that count the people after `of` (`a number of shareholders`, `a majority of voters`).
_QUANTITIES = frozenset(
    {"number", "majority", "minority", "handful", "group", "host", "dozen", "dozens", "hundreds", "thousands",
     "couple", "lot", "lots", "third", "quarter", "half", "plurality", "fraction"}
)  # fmt: skip
#: Numbers that name a group of people after `the` (`the two said`).
_GROUPS = frozenset({"two", "three"})
_GROUP_ROLES = frozenset({f"the {n}" for n in _GROUPS})
# Words that open a sentence before its speaker (`But Alphabet's founders`, `As Tom Ridge put it`).
_LEADING_NOISE = frozenset(
    {
        "by",
        "as",
        "but",
        "and",
        "so",
        "yet",
        "also",
        "then",
        "now",
        "still",
        "meanwhile",
        "however",
        "like",
        "unlike",
        "if",
        "why",
        "while",
        "when",
        "though",
        "although",
    }
)
_APPOSITION_STOP = frozenset(
    {
        "who",
        "which",
        "whose",
        "where",
        "when",
        "with",
        "in",
        "on",
        "after",
        "before",
        "during",
        "while",
        "speaking",
        "adding",
        "asked",
        "according",
    }
)
# A run of capitalised words (a full name where it has two or more); used to learn surnames.
# `[A-Z]` first and the word boundary checked behind it: the search then skips to capitals in C
# (a leading `\b` made it try every position). What follows each run of word characters or spaces cannot
# be one of them, so giving any back never finds a match: greedy runs match what possessive ones would
# (which CPython 3.11.0-3.11.4 match wrongly, so none are used).
_NAME_RUN = re.compile(
    r"[A-Z](?<!\w[A-Z])[\w’'\-]*"
    r"(?:[ \t]+(?:[A-Z]\.|[A-Z][\w’'\-]+|(?:de|van|von|bin|al|der|la|le)\b)){1,4}"
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A parsed speaker mention, before resolution."""

    kind: str
    """`person`, `pronoun`, `role` (a role noun alone), `org` or `doc`."""
    name: str | None
    """The name as written (a surname, a full name, an organisation or document name)."""
    role: str | None
    """Title or role found in the mention."""
    org: str | None
    """Organisation found in the mention (`of`/`at` phrases, appositions)."""
    text: str
    """The surface words."""
    start: int
    """Offset of the first word."""
    end: int
    """Offset one past the last word."""
    gender: str = ""
    """`m`/`f`/`n`/`p` where the words tell, else empty."""


@dataclass(slots=True)
class Resolved:
    """A speaker resolved to a canonical form."""

    name: str | None
    role: str | None
    org: str | None
    kind: str
    gender: str = ""


@dataclass(slots=True)
class Registry:
    """What an article has said about its people and organisations so far, for resolution."""

    text: str
    persons: list[Resolved] = field(default_factory=list)
    surnames: dict[str, str] = field(default_factory=dict)
    last: Resolved | None = None
    last_person: Resolved | None = None
    # Lookups into `persons`, so that resolving a mention costs the same in a long article as in a
    # short one (a scan of `persons` per mention made a text dense in names quadratic):
    by_name: dict[str, int] = field(default_factory=dict)
    """Full name -> index in `persons`."""
    by_surname: dict[str, int] = field(default_factory=dict)
    """Last word of a name -> index of the latest person in `persons` with it."""
    by_role_end: dict[tuple[str, ...], int] = field(default_factory=dict)
    """Each ending of a role's lower-case words (`minister`, `defense minister`) -> latest index."""
    orgs: dict[str, str | None] = field(default_factory=dict)
    """Acronym -> its spelled-out name as the article writes it (None: not written out)."""
    entities: Entities | None = None
    """Everyone the text names, in text order (made by `learn_names`)."""
    last_at: int = -1
    """Where the last speaker resolved (`last`) was mentioned."""
    within: tuple[int, int] = (0, 0)
    """The span of the statement being resolved: a name inside it is no candidate for its pronoun."""
    said: list[tuple[int, int]] = field(default_factory=list)
    """The spans of the statements resolved so far, in text order: names in what people said."""
    aged: frozenset[str] | None = None
    """The words the text follows with an age in commas (`Mubanga` of `Mr Mubanga, 32,`), read once."""

    def given_age(self, name: str | None) -> bool:
        """Tell whether the text gives a person's age in commas after their name (`Mr Mubanga, 32,`): a
        private person, described as such, is no office-holder the text names before."""
        if not name:
            return False
        if self.aged is None:  # (one pass over the text, not one per mention: linear in a long article)
            self.aged = frozenset(m.group(1) for m in _AGED.finditer(self.text))
        return name.split()[-1] in self.aged

    def named(self) -> Entities:
        """The people and organisations of the text (see `Entities`); none past `MAX_TRACKED` characters."""
        if self.entities is None:
            text = self.text if len(self.text) <= MAX_TRACKED else ""
            self.entities = Entities(text, self.surnames)
        return self.entities

    def remember(self, res: Resolved) -> None:
        """Add a person with a full name, or fill in the role and organisation of one already known."""
        assert res.name is not None
        i = self.by_name.get(res.name)
        if i is None:
            i = self.by_name[res.name] = len(self.persons)
            self.persons.append(res)
            self.by_surname[res.name.split()[-1]] = i
        else:
            p = self.persons[i]
            res = Resolved(res.name, p.role or res.role, p.org or res.org, "person", p.gender or res.gender)
            self.persons[i] = res
            if p.role:
                return  # the role, and so its endings, stay as they were
        words = tuple((res.role or "").lower().split())
        ends = self.by_role_end
        for k in range(len(words)):
            if ends.get(words[k:], -1) < i:  # the newest person with a role ending wins
                ends[words[k:]] = i

    def learn_names(self) -> None:
        """Index every capitalised multi-word run by its last word (first full spelling wins)."""
        # Each distinct run once, in order of first appearance: repeats cannot change a first spelling.
        first: dict[str, int] = {}
        for found in _NAME_RUN.finditer(self.text):
            first.setdefault(found.group(), found.end())
        for run, end in first.items():
            words = run.split()
            if demonym(words[-1]) and DEMONYM_BEFORE_NOUN.match(self.text, end):
                continue  # `Prominent Canadian examples`: an adjective, no one's surname
            while words and (
                words[0].lower().rstrip(".") in TITLE_WORDS
                or words[0].lower() in HONORIFICS
                or words[0].lower() in _DETERMINERS
                or words[0].lower() in NOT_NAME_WORDS  # `When Patriot agreed`: no `When Patriot`
                or words[0].lower() in _LEADING_DATES  # `Wednesday Suncor reported`: no `Wednesday Suncor`
            ):
                words.pop(0)
            if len(words) < 2 or any(w.lower().strip(".") in ORG_HEADS for w in words):
                continue
            last = strip_possessive(words[-1])
            if last.lower() in PLACES:
                continue  # `Statistics Canada`, `Health Canada`: `Canada` alone is the country, no surname
            self.surnames.setdefault(last, " ".join([*words[:-1], last]))


#: Date words that open a capitalised run but never a name (`May`, `June`, `April`, `August` can).
_LEADING_DATES = DATE_WORDS - {"may", "june", "april", "august", "day", "eve", "christmas", "easter"}


def _join(toks: list[Token]) -> str:
    """Return the words of tokens as written: a space only where the text has one (`D-Ga.`, not `D-Ga .`)."""
    out: list[str] = []
    prev_end = -1
    for t in toks:
        if out and t.start != prev_end:
            out.append(" ")
        out.append(t.text)
        prev_end = t.end
    return "".join(out)


def _is_cap(word: str) -> bool:
    """Tell whether a word starts with a capital letter (names, organisations)."""
    return word[:1].isupper()


def parse_mention(tokens: list[Token]) -> Mention | None:
    """Parse the words at an attribution site into a mention (None when they are no speaker).

    A relative clause right after the head (`sources who have seen the plans`, `a poll that shows`)
    describes an unnamed speaker: the head is parsed without it, the description keeps it.
    """
    cut = next(
        (
            k
            for k in range(1, len(tokens))
            if tokens[k - 1].low in DOCUMENT_HEADS
            and tokens[k].low in DOCUMENT_PARTICIPLES
            and (
                tokens[k].low in OBTAINED or not any(t.low == "by" for t in tokens[k + 1 :])
            )  # (`published by the agency`: whose it is; `obtained by CBC News`: who has it, not its author)
        ),
        None,
    )
    if cut is not None:
        # `a New York Times poll released last week`: the document, then when or by whom it came out
        head = _parse_mention(tokens[:cut])
        if head is not None and head.kind == "doc":
            return head
    if _RELATIVE.isdisjoint(map(_TEXT, tokens)):
        return _parse_mention(tokens)  # most mentions (the check runs in C)
    rel = next(
        (k for k, t in enumerate(tokens) if k > 0 and t.text in _RELATIVE and tokens[k - 1].text != ","),
        None,
    )
    if rel is None:
        return _parse_mention(tokens)
    head = _parse_mention(tokens[:rel])
    if head is None or head.kind not in ("role", "doc"):
        return head
    kept = [t for t in tokens if t.text not in ("“", "”", '"')]
    while kept and kept[-1].text in (",", ".", ":", ";", "—", "–", "-"):
        kept.pop()
    if head.kind == "role" and kept:
        desc = _join(kept[kept.index(next(t for t in kept if t.start == head.start)) :])
        return replace(head, role=desc, text=desc, end=kept[-1].end)
    return head


#: Words that give a document's title after its noun (`a report titled ...`).
_TITLED = frozenset({"titled", "entitled", "called"})
#: Relative pronouns that end a speaker's head (lower case: `Who` opens a question).
_RELATIVE = frozenset({"who", "that", "which", "whose"})
_TEXT = itemgetter(0)  # a token as written


def _parse_mention(tokens: list[Token]) -> Mention | None:
    """Parse a mention (see `parse_mention`)."""
    toks = [t for t in tokens if t.text not in ("“", "”", '"')]
    while toks and toks[-1].text in (",", ".", ":", ";", "—", "–", "-"):
        toks.pop()
    while toks and (toks[0].text in (",", ":", "—", "–", "-", "(") or toks[0].low in _LEADING_NOISE):
        toks.pop(0)
    if not toks or len(toks) > 45:  # (a name and a relative clause about it may run long)
        return None
    start, end = toks[0].start, toks[-1].end
    low0 = toks[0].low
    if len(toks) == 1 and low0 in _NEVER_SPEAKERS:
        return None  # `Having said that, ...`, `Despite pressure to ...`: a sentence's first word, no one
    if len(toks) == 1 and low0 in PRONOUNS:
        return Mention("pronoun", None, None, None, toks[0].text, start, end, PRONOUNS[low0])
    base = contracted_base(low0)
    if len(toks) == 1 and base != low0 and base in PRONOUNS:  # `I’m talking about ...`, `I’d say`: `I`
        return Mention("pronoun", None, None, None, toks[0].text, start, end, PRONOUNS[base])
    surface = _join(toks)  # rebuilt from tokens; offsets keep the real text
    # Appositions: "Name, the role of Org," and parentheses: "(Conservatives)".
    head, appos, paren = _split_apposition(toks)
    if not head:
        return None
    role, org = _parse_apposition(appos)
    # Possessives: "Vice Admiral Andersen’s statement" speaks for Andersen; "the government’s white
    # paper" is a document of the government.
    for i, t in enumerate(head[:-1]):
        if t.text.endswith(POSSESSIVE_ENDS) and i + 1 < len(head):
            sent = next(
                (
                    k + 1
                    for k in range(i - 1, 0, -1)
                    if head[k].low == "from" and head[k - 1].low in FROM_HEADS
                ),
                0,
            )
            if sent:  # (`A statement from the band's record company Universal`: the sender's words only)
                return _parse_mention(head[sent:]) if sent < len(head) else None
            rest = head[i + 1 :]
            if rest[-1].low in DOCUMENT_HEADS and rest[-1].low not in ("statement", "remarks", "interview"):
                name_toks = [
                    x for x in rest if _is_cap(x.text) or x.low in DOCUMENT_HEADS or x.low == "white"
                ]
                owner = _join([x for x in head[: i + 1] if x.low not in _DETERMINERS])
                return Mention(
                    "doc",
                    _join(name_toks),
                    None,
                    strip_possessive(owner),
                    surface,
                    start,
                    end,
                    "n",
                )
            given = next(
                (k for k, x in enumerate(rest) if x.low in FIRST_NAME_GENDER and k + 1 < len(rest)), -1
            )
            if given > 0 and all(_is_cap(x.text) for x in rest[given:]) and rest[-1].low not in ORG_HEADS:
                # `Vauxhall’s U.K. managing director Stephen Norman`: a person, their role, their organisation
                owner = _join([x for x in head[: i + 1] if x.low not in _DETERMINERS])
                role_words = _join(rest[:given]) or None
                return Mention(
                    "person",
                    _join(rest[given:]),
                    role_words,
                    strip_possessive(owner),
                    surface,
                    start,
                    end,
                    "",
                )
            titled = all(x.low.rstrip(".") in TITLE_WORDS for x in rest)  # (`The company's CEO, Ann Lee`)
            if all(_is_cap(x.text) for x in rest) and rest[-1].low not in ORG_HEADS and not titled:
                # `NBC’s Ali Vitali`: a person of the owner's organisation (`Labour's Mr Livingstone`:
                # the honorific is no part of the name)
                owner = _join([x for x in head[: i + 1] if x.low not in _DETERMINERS])
                name = _join([x for x in rest if x.low.rstrip(".") not in HONORIFICS] or rest)
                return Mention("person", name, None, strip_possessive(owner), surface, start, end, "")
            named_after = bool(appos) and _is_cap(appos[0].text)  # `Campbell's partner, Jason Louth`
            lower = (
                all(x.text.isalpha() and x.text.islower() for x in rest)
                and rest[-1].low not in DOCUMENT_HEADS
            )
            # the apposition's name, up to its first comma (`..., Tom Berg, outside the courthouse`)
            appos_name = list(itertools.takewhile(lambda x: x.text != ",", appos))
            while appos_name and appos_name[-1].text == ".":
                appos_name.pop()
            while len(appos_name) > 2 and appos_name[0].low.rstrip(".") in HONORIFICS:
                appos_name.pop(0)  # (`Canada's top doctor, Dr. Theresa Tam`: the name after the honorific)
            if (
                named_after
                and (rest[-1].low in ROLE_NOUNS or lower or titled)
                and (2 <= len(appos_name) <= 3 or (appos_name and appos_name[0].low in FIRST_NAME_GENDER))
                and all(_is_cap(x.text) and x.text.isalpha() for x in appos_name)
                and not any(x.low in ORG_HEADS for x in appos_name)
            ):
                # `Ann Lee’s lawyer, Tom Berg,` and `Lee’s mother, Mary Lee`: the named person speaks
                described = _join([x for x in head if x.low not in _DETERMINERS])
                name = _join(appos_name)
                return Mention("person", name, described, None, surface, start, end, "")
            if rest[-1].low in ROLE_NOUNS or (lower and not named_after):
                # `Mr. Rubio's advisers`, `the school's defenders`, `Trudeau's office`: for the owner
                owner = _join([x for x in head[: i + 1] if x.low not in _DETERMINERS])
                described = _join([x for x in head if x.low not in _DETERMINERS])
                return Mention("role", None, described, strip_possessive(owner), surface, start, end, "p")
            first_cap = next((k for k, x in enumerate(rest) if _is_cap(x.text)), -1)
            if first_cap >= 0 and any(x.low in ORG_NOUNS or x.low.strip(".") in ORG_HEADS for x in rest):
                # `North Korea's state-run KCNA news agency`: the agency speaks, for its owner
                owner = _join([x for x in head[: i + 1] if x.low not in _DETERMINERS])
                owners = [x for x in head[: i + 1] if x.low not in _DETERMINERS]
                titles = [strip_possessive(x.text).lower() for x in owners]
                if all(_is_cap(x.text) for x in [*owners, *rest]) and all(w in TITLE_WORDS for w in titles):
                    # `The Prime Minister's Office`: an office's own name (an owner that is only a title)
                    name = _join([x for x in head if x.low not in _DETERMINERS])
                    return Mention("org", name, None, None, surface, start, end, "n")
                name = _join(rest[first_cap:])
                return Mention("org", name, None, strip_possessive(owner), surface, start, end, "n")
            head = [*head[:i], make_token(strip_possessive(t.text), t.start, t.end)]
            break
    q = 1 if head[0].low in ("a", "an", "the") else 0
    last = head[-1].text
    if (
        q + 2 < len(head) <= 7
        and head[q].low in _QUANTITIES
        and head[q].text.islower()
        and head[q + 1].low == "of"
        and (not _is_cap(last) or last.rstrip("s").isupper() or last.endswith("s"))
    ):
        # `A number of large shareholders`, `A majority of voters`, `a group of five MPs`: the people
        # counted, as written (not `The number of people The Washington Post [reported]`: a name last)
        return Mention("role", None, _join(head), org, surface, start, end, "p")
    head = _cut_of_at(head)
    org_part: list[Token] = []
    if head[1]:
        org_part = head[1]
    head = head[0]
    if org_part and org is None:
        org = _join([x for x in org_part if x.low not in _DETERMINERS]) or None
    if org is None and paren and len(paren) <= 8:
        org = _join([x for x in paren if x.low not in _DETERMINERS]) or None  # (R-Texas), (Conservatives)
    determiners: list[str] = []
    while head and head[0].low in _DETERMINERS:
        determiners.append(head[0].text)
        head = head[1:]
    if not head:
        if len(determiners) == 2 and determiners[0].lower() == "the" and determiners[1].lower() in _GROUPS:
            # `“We’re done,” the two said`: a group named before
            return Mention("role", None, " ".join(determiners), org, surface, start, end, "p")
        if len(determiners) == 1 and determiners[0].lower() in _SOME:
            # `Some suggested that C`, `Many say C`: some of a group, maybe named before
            return Mention("role", None, determiners[0].lower(), org, surface, start, end, "p")
        return None
    words = [t.text for t in head]
    lows = [t.low for t in head]
    if (
        len(head) == 1
        and words[0][1:].islower()
        and ((lows[0].endswith("s") and role_noun(lows[0])) or lows[0] in _PEOPLES)
    ):
        # `Critics say C`, `Officials said C`: people by their role, capitalised at a sentence's start
        return Mention("role", None, " ".join([*determiners, *words]), org, surface, start, end, "p")
    of = next((k for k, lw in enumerate(lows) if lw in ("of", "for")), 0)
    if (
        of
        and len(head) > of + 1
        and any(lw in ORG_HEADS for lw in lows[:of])
        and all(_is_cap(w) or lw in ("of", "for", "and", "the") for w, lw in zip(words, lows, strict=True))
    ):
        # `the Office of the Deputy Prime Minister`, `International Federation of ...`: a body's own name
        return Mention("org", " ".join(words), role, org, surface, start, end, "n")
    if "and" in lows:
        a = lows.index("and")
        left = words[1:a] if lows[0] == "both" else words[:a]
        lead = 0
        while lead < len(left) - 1 and left[lead].islower():
            lead += 1  # (`lawyers Ann Lee and Tom Berg`: the role the two share, kept as written)
        if two_people(left[lead:], words[a + 1 :]):
            # `Ann Lee and Tom Berg`, `Lee and her husband`: two people who speak together, as written
            return Mention("role", None, " ".join([*left, *words[a:]]), org, surface, start, end, "p")
        if (
            0 < a < len(words) - 1
            and "the" in (d.lower() for d in determiners)
            and all(_is_cap(w) for w in words[:a] + words[a + 1 :])
        ):
            # `The Globe and Mail`: one organisation's name with `and` in it (after `the`)
            return Mention("org", " ".join(words), role, org, surface, start, end, "n")
    if any(
        lw in ("speaking", "talking") and (prev in ROLE_NOUNS or prev.rstrip("s") in ROLE_NOUNS)
        for prev, lw in itertools.pairwise(lows)
    ):
        # `Another intelligence source speaking to Fox News`: the source as described, not the outlet
        return Mention("role", None, " ".join([*determiners, *words]), org, surface, start, end, "")
    if any(lw in KNOWING and nxt in KNOWING_PREPOSITIONS for lw, nxt in itertools.pairwise(lows)):
        # `Two people familiar with the matter`, `A source close to Ann Lee`: an unnamed source as
        # described (not the name after `close to`, not a document: `people briefed on the plan`)
        return Mention("role", None, " ".join([*determiners, *words]), org, surface, start, end, "")
    by = next((k for k in range(1, len(lows) - 1) if lows[k] == "by" and lows[k - 1] in DOCUMENT_HEADS), 0)
    if by:  # `A report by the Fraser Institute`: a document, its author read in `resolve`
        return Mention("doc", " ".join(words[:by]), role, org, surface, start, end, "n")
    called = next(
        (k for k in range(1, len(lows) - 1) if lows[k] in _TITLED and lows[k - 1] in DOCUMENT_HEADS), 0
    )
    if called:  # `a document titled White Paper`: a document by its title, no person
        return Mention("doc", " ".join(words[called + 1 :]), role, org, surface, start, end, "n")
    if lows[-1] in DOCUMENT_HEADS and not _is_cap(words[-1]):
        # a named document drops its article (`US Naval War College report`); an unnamed one is
        # its description as written (`The poll`)
        named = any(_is_cap(w) for w in words)
        return Mention(
            "doc", " ".join(words if named else [*determiners, *words]), role, org, surface, start, end, "n"
        )
    if (
        any(lw.strip(".") in ORG_HEADS for lw in lows if lw)
        and _is_cap(words[-1])
        and not _ends_in_person(words, lows)
    ) or (words[-1] in ACRONYMS or (len(words) == 1 and words[0].isupper() and len(words[0]) > 1)):
        first = next((k for k, w in enumerate(words) if _is_cap(w)), 0)  # (`the independent Institute
        # for Fiscal Studies`: the name, not the words describing it)
        name = " ".join(
            w for w, lw in zip(words[first:], lows[first:], strict=True) if lw not in _DETERMINERS
        )
        return Mention("org", name, role, org, surface, start, end, "n")
    if (
        1 < len(words) <= 3
        and lows[-1] in PLACES
        and all(_is_cap(w) for w in words)
        and not any(lw in HONORIFICS or lw in FIRST_NAME_GENDER for lw in lows)
        and any(lw in TITLE_WORDS for lw in lows[:-1])
    ):  # (`Rep. Jim Jordan`, `Steve Israel`: a given name makes a person)
        # `Health Canada`, `Public Health England`: a government body named for its country, no person
        return Mention("org", " ".join(words), role, org, surface, start, end, "n")
    # A person: titles, then the name as the trailing run of capitalised words (particles inside).
    j = len(head)
    while j > 0:
        w, lw = words[j - 1], lows[j - 1]
        if (
            (
                _is_cap(w)
                and lw not in TITLE_WORDS
                and lw.rstrip(".") not in TITLE_WORDS
                and lw not in HONORIFICS
            )
            or (
                lw in NAME_PARTICLES
                and j < len(head)
                and j > 1
                and (_is_cap(words[j - 2]) or lows[j - 2] in NAME_PARTICLES)
            )
            or (len(w) == 2 and w[0].isupper() and w[1] == "." and j < len(head))
            or (  # `Mervyn King`, `Mr King`: a surname that is also a title, last, after a name or `Mr`
                j == len(head)
                and lw in _SURNAME_TITLES
                and _is_cap(w)
                and j > 1
                and (
                    lows[j - 2].rstrip(".") in HONORIFICS
                    or (_is_cap(words[j - 2]) and lows[j - 2] not in TITLE_WORDS)
                )
            )
        ):
            j -= 1
        else:
            break
    name_words = words[j:]
    title = [
        w
        for w, lw in zip(words[:j], lows[:j], strict=True)
        if lw not in _DETERMINERS and lw not in HONORIFICS
    ]
    gender = next((HONORIFICS[lw] for lw in lows[:j] if HONORIFICS.get(lw)), "")
    if title:
        role = " ".join(title)  # a title before the name beats the apposition
    name_toks = head[j:]
    if name_words and name_words[0] in ("The", "A", "An"):
        name_words = name_words[1:]
        name_toks = name_toks[1:]
    if name_words:
        if all(w.isupper() for w in name_words) and len(name_words) == 1:
            return Mention("org", name_words[0], role, org, surface, start, end, "n")
        return Mention("person", _join(name_toks), role, org, surface, start, end, gender)
    if not title and all(lw in _DETERMINERS or not lw.isalpha() for lw in lows):
        return None
    if lows[-1] in ROLE_NOUNS or lows[-1].rstrip("s") in ROLE_NOUNS or (title and lows[-1] in TITLE_WORDS):
        role_words = [*determiners, *words]  # an unnamed speaker is its description: `The witness`
        return Mention(
            "role",
            None,
            " ".join(role_words) or None,
            org,
            surface,
            start,
            end,
            "p" if lows[-1].endswith("s") else "",
        )
    if len(head) <= 6:
        name = " ".join(w for w, lw in zip(words, lows, strict=True) if lw not in _DETERMINERS)
        if _is_cap(name) and not (
            determiners and lows[-1] in ORG_NOUNS and all(w.islower() or w.endswith("-based") for w in words)
        ):  # (`The Calgary-based railway` describes an organisation named before: no name)
            return Mention("org", name, role, org, surface, start, end, "n")
        return Mention("role", None, name, org, surface, start, end, "")
    if len(head) <= 10 and (lows[0] in ROLE_NOUNS or lows[0].rstrip("s") in ROLE_NOUNS) and "of" in lows[1:2]:
        # `The organisers of the first grand slam of 2005`: people described at length
        return Mention("role", None, " ".join([*determiners, *words]), org, surface, start, end, "p")
    return None


def _named_apart(text: str, start: int, end: int, head: str) -> bool:
    """Tell whether the office is named as someone else between the subject and the mention (`Ann Lee met
    the minister. The minister said`: the minister is not Ann Lee)."""
    window = text[
        max(start, end - 2000) : end
    ]  # (two sentences back at most; a bound on a text without ends)
    office = r"(?i:\b(?:the|a|an)[ \t]+(?:[\w’'\-]+[ \t]+){0,2}" + re.escape(head) + r"\b)"
    return re.search(office, window) is not None


#: A word followed by an age in commas (`Mubanga, 32,`).
_AGED = re.compile(r"([\w’'\-.]+),[ \t]*\d{1,3}[ \t]*,")


#: Title words that are also common surnames: last in a run, after a given name, they are the surname.
_SURNAME_TITLES = frozenset({"king", "prince", "bishop", "major", "judge", "sheriff", "marshal", "pope"})


def _ends_in_person(words: list[str], lows: list[str]) -> bool:
    """Tell whether words end in a person's name: a given name and more (`police Chief Joseph Boinnet`)."""
    if len(words) < 3 or lows[-1].strip(".") in ORG_HEADS:
        return False
    for k in range(len(words) - 2, -1, -1):
        if not _is_cap(words[k]):
            # `ministry spokeswoman Hua Chunying`: a role noun right before a name of two words or more
            return k < len(words) - 2 and (lows[k] in ROLE_NOUNS or lows[k] in TITLE_WORDS)
        if lows[k] in FIRST_NAME_GENDER:
            return k > 0 and all(_is_cap(w) for w in words[k:]) and lows[k - 1].strip(".") not in ORG_HEADS
    return False


def _split_apposition(toks: list[Token]) -> tuple[list[Token], list[Token], list[Token]]:
    """Split `Name (Party), role of Org,` into the head, the apposition and the parenthesised words."""
    head: list[Token] = []
    appos: list[Token] = []
    paren: list[Token] = []
    depth = 0
    in_appos = False
    for t in toks:
        if t.text == "(":
            depth += 1
            continue
        if t.text == ")":
            depth = max(0, depth - 1)
            continue
        if depth:
            paren.append(t)  # party or expansion: not part of the name
            continue
        if t.text == ",":
            if head:
                in_appos = True
            continue
        (appos if in_appos else head).append(t)
    # `the company's chief executive, John J. Ferriola`: the name stands in the apposition
    if (
        appos
        and appos[0].text[:1].isupper()
        and (
            not any(t.text[:1].isupper() for t in head if t.low not in _DETERMINERS)
            or (  # `the F.B.I. director, James B. Comey`: a role of a named body, then the person
                head[0].low in _DETERMINERS
                and head[-1].low in ROLE_NOUNS
                and head[-1].text.islower()
                and appos[0].low in FIRST_NAME_GENDER
                and len(appos) > 1
            )
        )
    ):
        head, appos = appos, head
    return head, appos, paren


def _parse_apposition(appos: list[Token]) -> tuple[str | None, str | None]:
    """Read role and organisation from an apposition (`the Republican mayor of Miami`)."""
    while appos and appos[0].text.isdigit() and len(appos[0].text) <= 3:
        appos = appos[2:] if len(appos) > 1 and appos[1].text == "," else appos[1:]  # an age: `Lee, 45,`
    if not appos or (appos[0].low in _APPOSITION_STOP and appos[0].text.islower()):
        return None, None
    if appos[0].text.islower() and appos[0].low.endswith("ed") and appos[0].low not in ROLE_NOUNS:
        return None, None  # `The study, published in the journal Nature,`: what was done, no role
    named = _named_org(appos)
    if named is not None:  # `an expert on trade at the Peterson Institute for International Economics`
        k, org_name = named
        role, _ = _parse_apposition(appos[:k])
        return role, org_name
    cut = len(appos)
    for i, t in enumerate(appos):
        if t.low in _APPOSITION_STOP and t.text.islower():  # `Cleveland Jobs With Justice` goes on
            cut = i
            break
    appos = appos[:cut]
    if not appos:
        return None, None
    role_part, org_part = _cut_of_at(appos, apposition=True)
    role = _join([t for t in role_part if t.low not in _DETERMINERS]) or None
    org = _join([t for t in org_part if t.low not in _DETERMINERS]) or None
    return role, org


def _named_org(appos: list[Token]) -> tuple[int, str] | None:
    """Find the organisation an apposition names after `at`/`of`/`for`/`with` (`at the Peterson Institute`).

    Returns the index of the preposition and the organisation's name (a capitalised run, `of`, `for`,
    `and` and `the` inside it), or None when the apposition names none before a relative clause.
    """
    for k, t in enumerate(appos):
        if t.low in _RELATIVE_STOPS or (t.low.endswith("ing") and k > 0):
            return None
        if k == 0 or t.low not in ("at", "of", "for", "with") or not t.text.islower():
            continue
        if not (appos[k - 1].text.isalpha() and appos[k - 1].text.islower()):
            continue  # `59, of Ashton, Md.`: where a person is from, not whom they work for
        m = k + 1
        if m < len(appos) and appos[m].low == "the":
            m += 1
        run: list[Token] = []
        while m < len(appos):
            w = appos[m]
            if _is_cap(w.text) or (
                run
                and w.low in ("of", "for", "and", "the", "&", "at")
                and m + 1 < len(appos)
                and _is_cap(appos[m + 1].text)
            ):
                run.append(w)
                m += 1
            else:
                break
        if run and any(_is_cap(w.text) for w in run):
            return k, _join(run)
    return None


_RELATIVE_STOPS = frozenset({"who", "which", "whose", "where", "when", "that"})


def _named_body(toks: list[Token], i: int) -> bool:
    """Tell whether `of`/`for` at i is inside an organisation's name: a capitalised organisation's word
    before it, a capitalised word after it, none else before (`the Department of Justice`, `Bank of
    England`, `University of Chicago`; not `Governor of the Bank`, `spokesman for the Department`)."""
    return (
        toks[i].low in ("of", "for")
        and i > 0
        and toks[i - 1].low in ORG_HEADS
        and _is_cap(toks[i - 1].text)
        and i + 1 < len(toks)
        and (
            _is_cap(toks[i + 1].text)
            or (toks[i + 1].low == "the" and i + 2 < len(toks) and _is_cap(toks[i + 2].text))
        )  # (`the Office of the Deputy Prime Minister`)
        and all(
            t.low in _DETERMINERS or _is_cap(t.text) or (t.text.isalpha() and t.low not in _LISTING)
            for t in toks[: i - 1]
        )  # (`the independent Institute for Fiscal Studies`; not `including the American Federation of`)
        and not any(t.low in ROLE_NOUNS for t in toks[: i - 1])
    )


#: Words that open a list of examples in an apposition (`unions, including the AFL-CIO`).
_LISTING = frozenset({"including", "like", "such", "among", "especially", "notably"})


def _cut_of_at(toks: list[Token], *, apposition: bool = False) -> tuple[list[Token], list[Token]]:
    """Split `Title Name of/at Org` at the first `of`/`at`/`for`/`in`... that follows a name word.

    In an apposition any word may come first (`Republican of South Carolina`); in a head a title
    alone does not (`Secretary of State John Kerry`).
    """
    seen_name = apposition
    for i, t in enumerate(toks):
        if (
            t.low in ("of", "at", "for", "from", "in", "on", "with")
            and seen_name
            and i + 1 < len(toks)
            and not (i and toks[i - 1].low in KNOWING)
            and not _named_body(toks, i)
        ):
            return toks[:i], _before_obtained(toks[i + 1 :])
        if t.low == "from" and i and toks[i - 1].low in FROM_HEADS and i + 1 < len(toks):
            # `a statement from the hospital`: a message and who sent it
            return toks[:i], _before_obtained(toks[i + 1 :])
        if _is_cap(t.text) and t.low not in TITLE_WORDS:
            seen_name = True
        if t.low in ROLE_NOUNS and t.low not in ("state",):
            seen_name = True
        elif (
            "-" in t.low
            and t.text.islower()
            and any(w in ROLE_NOUNS or w in TITLE_WORDS for w in t.low.split("-"))
        ):
            seen_name = True  # `the former sergeant-at-arms of the House of Commons`, `editor-in-chief of`
    return toks, []


def _before_obtained(org: list[Token]) -> list[Token]:
    """Cut an organisation at a participle of who has the message (`the American Legion obtained by The
    Associated Press`: the Legion sent it, the agency has it)."""
    cut = next((k for k, x in enumerate(org) if k and x.low in OBTAINED), len(org))
    return org[:cut]


def resolve(mention: Mention, reg: Registry) -> Resolved:
    """Resolve a mention against what the article said before, and remember it."""
    res = _resolve(mention, reg)
    if res.kind == "person":
        reg.last_person = res
        if res.name and " " in res.name:
            reg.remember(res)
        if mention.kind == "pronoun" and res.name:
            reg.named().learn_gender(res.name, mention.gender)
    if res.kind != "pronoun":
        reg.last = res
        reg.last_at = mention.start
    return res


#: Nouns of a definite description that stands for a person named before (`the Kentucky Republican`),
#: with the gender they tell. Titles of office (`the mayor`) go to whoever holds the title instead.
_DESCRIPTIONS: dict[str, str] = {
    "republican": "", "democrat": "", "liberal": "", "conservative": "", "maverick": "", "veteran": "",
    "native": "", "resident": "", "artist": "", "singer": "", "player": "", "star": "", "author": "",
    "writer": "", "entrepreneur": "", "teen": "", "teenager": "", "rookie": "", "newcomer": "",
    "incumbent": "", "challenger": "", "lawmaker": "", "politician": "", "activist": "", "businessman": "m",
    "businesswoman": "f", "actor": "m", "actress": "f", "nominee": "", "billionaire": "", "mogul": "",
}  # fmt: skip


#: Offices a person named just before may hold (`The prime minister said`, after `Trudeau ...`).
_OFFICES = frozenset({
    "president", "minister", "premier", "chancellor", "senator", "governor", "mayor", "secretary", "leader",
    "chairman", "chairwoman", "chair", "ambassador", "commissioner", "congressman", "congresswoman", "judge",
    "coach", "founder", "candidate", "nominee", "lawmaker", "prosecutor", "chief", "captain", "director",
})  # fmt: skip


def _new_person(role: str) -> bool:
    """Tell whether a role brings in one person not named before (`a police spokesman`, `A reporter`).

    Only an indefinite role does: a definite one (`the England coach`, `the Tory leader`) most often
    describes someone the article named, whom the name then stands for (see `_resolve`).
    """
    words = role.lower().split()
    head = words[-1]
    if head in _NAMELESS and words[0] == "the":
        return True  # `The spokesman said C. He added D.`: a spokesman is seldom one the article named
    return (
        words[0] in ("a", "an") and head in ROLE_NOUNS and not head.endswith("s") and head not in _GROUP_NOUNS
    )


#: A sentence's end, a closing mark allowed after it.
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s")
#: Roles whose holder an article seldom names: after `the` too, they bring in someone new.
_NAMELESS = frozenset({"spokesman", "spokeswoman", "spokesperson", "official", "source", "aide"})


#: Role nouns that name a group or a body, not one person.
_GROUP_NOUNS = frozenset({"police", "team", "campaign", "staff"})


def _name_gender(name: str) -> str:
    """Return the gender a person's given name tells (`m`, `f`), or empty."""
    return FIRST_NAME_GENDER.get(name.split()[0].lower(), "") if name else ""


def _person(reg: Registry, name: str, gender: str, role: str | None = None) -> Resolved:
    """Resolve to a person the text named (a known person keeps what the article said of them)."""
    i = reg.by_name.get(name)
    if i is not None:
        p = reg.persons[i]
        return Resolved(p.name, p.role or role, p.org, "person", p.gender or gender)
    return Resolved(name, role, None, "person", gender)


def _plain_title(title: tuple[str, ...]) -> str | None:
    """The role the text gave a person where it named them, for a pronoun that stands for them (`Mayor Ann
    Lee ... She said`: mayor), when it ends in a role noun (not `sen`, `former`, a possessive)."""
    words = " ".join(title).split()
    if not words or words[-1] not in ROLE_NOUNS or any(w.endswith(("'s", "’s")) for w in words):
        return None
    return " ".join(words)


def _pronoun(m: Mention, reg: Registry) -> Resolved | None:
    """Resolve `he` / `she` to the nearest agreeing person named before it, or the last speaker."""
    named = reg.named().person_before(m.start, m.gender, reg.by_name, reg.within, reg.said)
    spoke = reg.last
    if (
        spoke is not None
        and spoke.kind == "role"
        and spoke.role
        and _new_person(spoke.role)
        and spoke.gender in ("", m.gender)
        and 0 <= m.start - reg.last_at <= REACH
        and (named is None or reg.last_at > named.start)
        and (  # (a definite one only in the next sentence: `The spokesman said C. He added D.`)
            spoke.role.lower().startswith(("a ", "an "))
            or len(_SENTENCE_END.findall(reg.text, reg.last_at, m.start)) <= 1
        )
    ):
        # `A spokesman said C. “Q,” he said.`: the one who spoke last, unnamed, not a person named before
        return Resolved(None, spoke.role, spoke.org, "role", m.gender)
    last = reg.last_person
    last_ok = last is not None and last.name and (not last.gender or last.gender == m.gender)
    if named is not None and not (last_ok and reg.last is last and reg.last_at > named.start):
        if last_ok and last is not None and last.name and last.name.endswith(named.name.split()[-1]):
            return Resolved(last.name, last.role, last.org, "person", last.gender or m.gender)
        return _person(reg, named.name, named.gender or m.gender, _plain_title(named.title))
    return None


def _name_before(m: Mention, reg: Registry) -> tuple[Named, str] | None:
    """Return the last name the text gives before a relative pronoun, and the text from that name to the
    pronoun (`Ryan Leenders,`), for `who` and `which`; None when the text names no one before it."""
    named = reg.named()
    before = named.upto(m.start)
    if not before:
        return None
    last = before[-1]
    return last, named.text[last.start : m.start].rstrip()


def _relative_antecedent(m: Mention, reg: Registry) -> Resolved | None:
    """Resolve `who` right after a person's name and a comma to that person (`Ryan Leenders, who ...`)."""
    found = _name_before(m, reg)
    if found is None:
        return None
    last, gap = found
    if last.kind != "person" and last.name not in reg.by_name:
        return None  # (`Red Sharks Veracruz, who`, `Englewood, New Jersey, who`: no one we know is a person)
    if len(gap) > len(last.name) + 30:
        return None
    if not gap.removesuffix(",").rstrip().endswith(last.name.split()[-1]):
        return None  # (`Ann Lee, 59, of Ashton, who ...`: the name is not right before)
    if not gap.endswith(",") and last.kind != "person":
        return None  # (no comma: only a known person's name right before `who`, `Michael Howard who said`)
    return _person(reg, last.name, last.gender)


def _which_antecedent(m: Mention, reg: Registry) -> Resolved | None:
    """Resolve `which` right after an organisation's name and a comma to it (`Labour, which denies C`,
    `Sport England, which wanted C`); a person's name is no antecedent of `which`."""
    found = _name_before(m, reg)
    if found is None:
        return None
    last, gap = found
    if last.kind == "person" or last.name in reg.by_name or not gap.endswith(","):
        return None
    name = gap[:-1].rstrip()
    if not _ORG_NAME_GOES_ON.fullmatch(name, len(last.name)) or not name.startswith(last.name):
        return None  # (the name right before the comma, maybe with `of`: `the Illinois Board of Elections`)
    return Resolved(name, None, None, "org", "n")


def _who_role(m: Mention, text: str) -> Resolved | None:
    """`a sheriff who says C`, `a longtime donor who backs C`: one person by a role right before `who`,
    with its article (a role the text gives no name; a group keeps to `claims._role_before_who`)."""
    found = _ROLE_BEFORE_WHO.search(text, max(0, m.start - 60), m.start)
    if found is None or _NAME_COMMA.search(text, max(0, found.start() - 40), found.start()):
        return None  # (`Edward G. Rendell, a former Pennsylvania governor who`: the person named)
    head = found.group(2).lower()
    if head in ROLE_NOUNS or head in _LEAD_PEOPLE or head.endswith(("er", "or", "ist", "ian", "ant", "ent")):
        return Resolved(None, found.group(1), None, "role", "")
    return None


#: An article, up to three words and a singular noun right before `who` (`a sheriff`, `a Club for Growth
#: donor`).
_ROLE_BEFORE_WHO = re.compile(
    r"(?<![\w’'\-])((?:a|an|the)[ \t]+(?:[\w’'\-]+[ \t]+){0,3}?([a-z][a-z\-]*[a-rt-z]))[ \t]*,?[ \t]*$"
)
#: A capitalised word and a comma: a name an apposition follows.
_NAME_COMMA = re.compile(r"[A-Z][\w’'\-.]*,[ \t]*$")
#: Singular people nouns before `who` that the role table does not hold.
_LEAD_PEOPLE = frozenset(
    {"sheriff", "donor", "nurse", "chef", "artist", "student", "veteran", "man", "woman"}
)


def _which_body(m: Mention, text: str) -> Resolved | None:
    """`IBM, which argues C`, `the government which claims C`, `a UN-OPCW panel, which said C`: a body
    right before `which`, named by capitals (no person's given name first) or by a body's noun."""
    before = text[max(0, m.start - 80) : m.start]
    named = _CAPITALS_BEFORE.search(before)
    if named is not None:
        name = named.group(1)
        first = name.split()[0].lower()
        word_before = before[: named.start()].split()[-1:]
        if (
            first not in FIRST_NAME_GENDER
            and first not in _DETERMINERS
            and first not in HONORIFICS
            and name.lower() not in DATE_WORDS  # (`in November, which`)
            and not (word_before and word_before[0] in NAME_PARTICLES)  # (`Walter van de Vijver, which`)
        ):
            return Resolved(name, None, None, "org", "n")
        return None
    body = _BODY_BEFORE.search(before)
    if body is not None:
        return Resolved(None, body.group(1), None, "role", "n")
    return None


#: A capitalised name (up to four words, `of` inside) right before `, which` or `- which`.
_CAPITALS_BEFORE = re.compile(
    r"(?<![\w’'\-])((?:[A-Z][\w&’'\-]*|[A-Z]{2,})(?:[ \t]+(?:(?:of|for|and|&)[ \t]+)?[A-Z][\w&’'\-]*){0,5})"
    r"[ \t]*(?:,|[-–—]+)?[ \t]*$"
)
#: A body's noun with its determiner right before `which` (`the government`, `a UN-OPCW panel,`).
_BODY_BEFORE = re.compile(
    r"(?<![\w’'\-])((?:the|a|an|its|their)[ \t]+(?:[\w’'\-]+[ \t]+){0,2}?"
    r"(?:" + "|".join(sorted(BODY_NOUNS | {"organisations", "organizations"}, key=len, reverse=True)) + r"))"
    r"[ \t]*,?[ \t]*$"
)
#: The rest of an organisation's name after its first capitalised run (` of Elections`, ` for Europe`).
_ORG_NAME_GOES_ON = re.compile(r"(?:\s+(?:of|for|and|&|the)\s+[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)*")


def _resolve(m: Mention, reg: Registry) -> Resolved:
    """Resolve without remembering (see `resolve`)."""
    if m.kind == "pronoun":
        if m.text == "who":
            found = _relative_antecedent(m, reg) or _who_role(m, reg.text)
            if found is not None:
                return found
            if not _WHO_AFTER_COMMA.search(reg.text, max(0, m.start - 3), m.start):
                # `some economists who argue`: the people before `who` (not named), never the last person
                return Resolved(None, None, None, "pronoun", m.gender)
        if m.text == "which":
            found = _which_antecedent(m, reg) or _which_body(m, reg.text)
            if found is not None:
                return found
        if m.gender in ("m", "f"):
            found = _pronoun(m, reg)
            if found is not None:
                return found
        if m.gender in ("m", "f", "x"):
            for cand in (reg.last, reg.last_person):
                if (
                    cand
                    and cand.kind == "person"
                    and (not cand.gender or m.gender == "x" or cand.gender == m.gender)
                ):
                    return Resolved(cand.name, cand.role, cand.org, "person", cand.gender or m.gender)
            return Resolved(None, None, None, "pronoun", m.gender)
        if m.gender == "p" and m.text.lower() == "they":
            group = reg.named().group_before(m.start)
            if group is not None:
                return Resolved(None, group, None, "role", "p")
        if reg.last and reg.last.kind != "person" and (m.gender == "p" or reg.last.kind in ("org", "doc")):
            return Resolved(reg.last.name, reg.last.role, reg.last.org, reg.last.kind, reg.last.gender)
        last = reg.last
        if (
            m.gender == "n"
            and m.text.lower() == "it"
            and last is not None
            and last.kind == "role"
            and last.role
            and last.role.split()[-1].lower() in BODY_NOUNS  # (`the federal government`)
            and 0 <= m.start - reg.last_at <= REACH
        ):
            # `The federal government announced ... It says`: the body that spoke last, unless an
            # organisation was named since (`British Airways` after `the government said`)
            named_org = reg.named().org_before(m.start)
            if named_org is None or named_org.start < reg.last_at:
                return Resolved(last.name, last.role, last.org, "role", "n")
        if m.gender == "n" and m.text.lower() == "it":
            org = reg.named().org_before(m.start)  # `The Security Council ... what it called “...”`
            if org is not None and org.start >= m.start - REACH:
                return Resolved(org.name, None, None, "org", "n")
        return Resolved(None, None, None, "pronoun", m.gender)
    if m.kind == "person" and m.name:
        name = m.name
        if " " not in name:
            i = reg.by_surname.get(name)
            if i is not None:
                p = reg.persons[i]
                gender = m.gender or p.gender or _name_gender(p.name)
                return Resolved(p.name, m.role or p.role, m.org or p.org, "person", gender)
            name = reg.surnames.get(name, name)
        return Resolved(name, m.role, _expand_org(m.org, reg), "person", m.gender or _name_gender(name))
    if m.kind == "role" and m.role and m.role.lower() in _GROUP_ROLES:
        last = reg.last
        if last is not None and last.gender == "p" and last.kind in ("role", "org"):
            return last  # `The two lawmakers argue ... “Q,” the two write`: the group named before
    if m.kind == "role" and m.role:
        want = [w for w in m.role.lower().split() if w not in _DETERMINERS]
        i = reg.by_role_end.get(tuple(want)) if want and m.gender != "p" else None
        if i is not None and m.org and reg.persons[i].org != m.org:
            i = None  # `Minister of Innovation` is not the prime minister named before
        if i is not None:
            p = reg.persons[i]
            return Resolved(p.name, p.role, p.org, "person", p.gender)
        definite = m.text.lower().startswith("the ") and m.gender != "p" and want
        if definite and want[-1] in ORG_NOUNS:
            org = reg.named().org_before(m.start, places=want[-1] in ("province", "city"), head=want[-1])
            if org is not None:
                return Resolved(org.name, None, None, "org", "n")
        elif definite:
            titled = reg.named().titled_before(m.start, want[-1], want)
            if titled is None and (any(w.endswith("-year-old") for w in want) or want[-1] in _DESCRIPTIONS):
                # `the 26-year-old`, `the Kentucky Republican`, `the bow-tied maverick`: someone named before
                titled = reg.named().person_before(
                    m.start, _DESCRIPTIONS.get(want[-1], ""), reg.by_name, reg.within
                )
                if titled is not None and not party_fits(want, reg.text, titled):
                    titled = None  # (`the Democratic presidential nominee` is no Republican)
                if titled is not None:  # the description is the role the text gives them here
                    found = _person(reg, titled.name, titled.gender)
                    return Resolved(found.name, m.role, found.org, "person", found.gender)
            if titled is not None:
                return _person(reg, titled.name, titled.gender, " ".join(titled.title) or None)
            # Any post once held is one (`The former cabinet secretary said`); not `the F.B.I. director,
            # James B. Comey`, whose name follows
            former = want[0] == "former"
            if (want[-1] in _OFFICES or former) and "," not in m.text:
                subject = reg.named().subject_before(m.start)
                found = _person(reg, subject.name, subject.gender) if subject is not None else None
                if (
                    subject is not None
                    and found is not None
                    and set(subject.title) <= set(want)
                    and party_fits(want, reg.text, subject)
                    and (former or not found.role or want[-1] in found.role.lower().split())
                    and (former or not reg.given_age(found.name))  # (`Mr Mubanga, 32,`: no office now)
                    and not _named_apart(reg.text, subject.start, m.start, want[-1])
                ):
                    # `Trudeau spoke in Milton. The prime minister said ...`: the person just named, who
                    # holds no other title; the description is the role the text gives them here
                    return Resolved(found.name, m.role, found.org, "person", found.gender)
        return Resolved(None, m.role, _expand_org(m.org, reg), "role", m.gender)
    if m.kind == "doc" and m.name:
        behind = _behind_document(m, reg) or _author_before(m, reg)
        if behind is not None:
            return behind
        head = m.name.split()[-1].lower()
        last = reg.last
        if (
            head in _MESSAGES
            and not m.org
            and m.text.split()[0].lower() in ("a", "an", "the")
            and last is not None
            and last.kind == "org"
            and last.name
            and 0 <= m.start - reg.last_at <= REACH
        ):
            # `Gatsby said ... A statement said the group was “shocked”`: the speaker's own message
            return Resolved(last.name, m.name, last.org, "org", "n")
        # `the white paper` after `the government's High North white paper`: the same document
        last = reg.last
        base = " ".join(w for w in m.name.split() if w.lower() not in _DETERMINERS)
        same = (
            last is not None
            and last.kind == "doc"
            and bool(last.name)
            and bool(base)
            and base.islower()
            and (last.name.lower().endswith(base.split()[-1]) or base in last.name.lower())
        )
        if same and last is not None:
            return Resolved(last.name, None, last.org, "doc")
        return Resolved(m.name, m.role, m.org, "doc")
    if m.kind == "org" and m.name:
        return Resolved(_expand_org(m.name, reg), m.role, m.org, "org", "n")
    return Resolved(m.name, m.role, m.org, m.kind, m.gender)


#: `The report, written by Philip Cross`: the author named in a document's description.
_AUTHOR = re.compile(r"\bby (?:the )?((?:[A-Z][\w’'\-.]*(?: (?:of |for |de )?|$))+)")
_OWNER_GENDER = {"his": "m", "her": "f"}
#: An author named by office at a document's end (`by the auditor general`).
_ROLE_AUTHOR = re.compile(r"\bby the ((?:[a-z\-]+ ){0,2}[a-z\-]+)$")


def _behind_document(m: Mention, reg: Registry) -> Resolved | None:
    """Resolve a document to who is behind it: its author (`written by X`) or its owner (`her statement`)."""
    if m.org and m.name and m.name.split()[-1].lower() in FROM_HEADS and _FROM.search(m.text):
        # `a statement from the hospital`, `a news release from the RCMP`: who sent the message speaks (not
        # who published it: `an email from the president of X obtained by The Huffington Post`)
        sender = _PUBLISHED.split(m.org, 1)[0].strip()
        if _is_cap(sender):
            return Resolved(_expand_org(sender, reg), None, None, "org", "n")
        who = parse_mention(tokenize(sender, 0, len(sender)))
        if who is not None and who.kind == "person" and who.name:
            # `an open letter from company president Lee Scott`: the person, the role before the name
            return _person(reg, who.name, who.gender, who.role)
        return Resolved(None, sender, None, "role", "n")
    found = _AUTHOR.search(m.text)
    if found is not None:
        name = found.group(1).strip()
        kind = "org" if any(w.lower().strip(".") in ORG_HEADS for w in name.split()) else "person"
        return Resolved(name, _document_words(m), None, kind, "n" if kind == "org" else "")
    found = _ROLE_AUTHOR.search(m.text)
    if found is not None and found.group(1).split()[-1] in ROLE_NOUNS | TITLE_WORDS:
        # `a 2019 report by the auditor general`: an author named by office
        return Resolved(None, found.group(0)[3:], None, "role", "")
    owner = m.text.split(None, 1)[0].lower()
    if owner in _OWNER_GENDER:
        return _pronoun(replace(m, kind="pronoun", gender=_OWNER_GENDER[owner]), reg)
    return None


_FROM = re.compile(r"\bfrom\b")
_WHO_AFTER_COMMA = re.compile(r",\s*$")
#: Where a message's sender ends and how it was published begins (`..., obtained by`, `sent to`).
_PUBLISHED = re.compile(r"\s(?:obtained|seen|sent|released|posted|published|shared|reviewed|quoted)\b")

#: Documents that carry an organisation's own words when unsigned (`A statement said ...`).
_MESSAGES = frozenset({"statement", "release", "tweet", "post", "notice", "letter", "email"})


def _document_words(m: Mention) -> str:
    """Return a document as the role of who is behind it (`report`, `white paper`): it stays visible."""
    words = [w for w in (m.name or "").split() if w.lower() not in _DETERMINERS]
    return " ".join(words[-2:]) if len(words) > 1 and words[-2].islower() else (words[-1] if words else "")


def _author_before(m: Mention, reg: Registry) -> Resolved | None:
    """Resolve `the report` to who wrote it, as the text introduced it (`X wrote in a recent report`).

    A document of research may come back under another of its nouns (`A study by X ... the report
    said`); one the mention itself introduces may name its owner after it (`a document titled ... on
    Canadian Pacific Railway's website`).
    """
    words = (m.name or "").split()
    if not words or m.org:
        return None
    head = words[-1].lower()
    if m.text.split()[0].lower() != "the":
        own = _DOC_ON.match(reg.text, m.start)
        if own is None or not _same_document(own.group(1).lower(), head):
            return None
        return _author(m, reg, own.start(), own.group(2))
    lo = max(0, m.start - 4 * REACH)
    best: tuple[int, str] | None = None
    for pattern, group in ((_WROTE_IN, 1), (_DOC_BY, 2), (_DOC_ON, 2)):
        found = None
        for found in pattern.finditer(reg.text, lo, m.start):  # noqa: B007 (the last one counts)
            pass
        if (
            found is not None
            and _same_document(found.group(3 - group).lower(), head)
            and (best is None or found.start() > best[0])
        ):
            best = (found.start(), found.group(group))
    return None if best is None else _author(m, reg, *best)


def _author(m: Mention, reg: Registry, at: int, author: str) -> Resolved | None:
    """Resolve a document's author as written at `at` (`Economist Philip Cross`, `the railway company`)."""
    names = author.split()
    if names[-1].endswith(POSSESSIVE_ENDS):
        return None  # `a report from the State Department's inspector general`: not the department
    if names[-1].islower():  # `a report by the railway company`: the organisation named before
        org = reg.named().org_before(at, head=names[-1])
        return None if org is None else Resolved(org.name, _document_words(m), None, "org", "n")
    while len(names) > 1 and (names[0].lower() in ROLE_NOUNS or names[0].lower() in TITLE_WORDS):
        names.pop(0)  # `Economist Philip Cross`
    name = " ".join(names)
    if " " not in name:
        name = reg.surnames.get(name, name)
    kind = "org" if any(w.lower().strip(".") in ORG_HEADS for w in names) else "person"
    return Resolved(name, _document_words(m), None, kind, "n" if kind == "org" else "")


#: Documents of research, which a text may call by one noun and later by another (`study`, `report`).
_STUDIES = frozenset({"report", "study", "paper", "analysis", "review", "audit", "document"})


def _same_document(first: str, later: str) -> bool:
    """Tell whether a document introduced with one noun may be the one a later mention names."""
    return first == later or (first in _STUDIES and later in _STUDIES)


#: `economist Philip Cross wrote in a recent report`: who wrote a document the text names later.
_WROTE_IN = re.compile(
    r"([A-Z][\w’'\-]+(?:[ \t]+[A-Z][\w’'\-]+){0,3})[ \t]+(?:wrote|writes|argued|argues|found|finds|said|says)"
    r"[ \t]+in[ \t]+(?:a|an|the|his|her|their|its)[ \t]+(?:[\w’'\-]+[ \t]+){0,3}?"
    r"(report|study|paper|column|op-ed|analysis|book|letter|memo|article|essay|review)\b"
)
#: `A report by the Fraser Institute found ...`, `a report by the railway company`: who is behind a
#: document the text names later (a description of an organisation stands for the one named before).
_DOC_BY = re.compile(
    r"\b[Aa]n?[ \t]+(?:[\w’'\-]+[ \t]+){0,3}?(report|study|paper|survey|analysis|review|audit|poll)"
    r"[ \t]+(?:by|from)[ \t]+(?:the[ \t]+)?"
    r"([A-Z][\w’'\-]+(?:[ \t]+(?:of[ \t]+|for[ \t]+)?[A-Z][\w’'\-]+){0,5}"
    r"|(?<=the )(?:[a-z][\w\-]*[ \t]+)?(?:" + "|".join(sorted(ORG_NOUNS)) + r")\b)"
)
#: `a document titled White Paper: ... on Canadian Pacific Railway's website`: the site's owner.
_DOC_ON = re.compile(
    r"\b(?:[Aa]n?|[Tt]he)[ \t]+(?:[\w’'\-]+[ \t]+){0,3}?(report|study|paper|document|statement|analysis)"
    r"\b[^.\n]{0,120}?[ \t]on[ \t]+(?:the[ \t]+)?([A-Z][\w’'\-]+(?:[ \t]+[A-Z][\w’'\-]+){0,4})['’]s"
    r"[ \t]+(?:website|web[ \t]?site|site|web[ \t]page)\b"
)


def _expand_org(name: str | None, reg: Registry) -> str | None:
    """Spell out an organisation's acronym as the article does (`MoD` -> `Norwegian Ministry of Defense`)."""
    if not name:
        return name
    words = name.split()
    acro = words[-1]
    full = ACRONYMS.get(acro)
    if full is None:
        return name
    prefix = " ".join(words[:-1])
    if prefix:
        return f"{prefix} {full}"
    if acro not in reg.orgs:
        reg.orgs[acro] = _spelled_out(reg.text, acro, full)  # one search of the text per acronym
    return reg.orgs[acro] or name


def _spelled_out(text: str, acro: str, full: str) -> str | None:
    """Return an acronym's expansion as the text first writes it, with a word before it (or None)."""
    at = text.find(full)
    if at < 0 and acro == "MoD":
        full = "Ministry of Defence"
        at = text.find(full)
    if at < 0:
        return None
    # Take the capitalised word right before the expansion (`Norwegian`) as part of the name.
    before = text[max(0, at - 40) : at].split()
    if before and _is_cap(before[-1]) and before[-1] not in ("The", "A"):
        return f"{before[-1]} {full}"
    return full
