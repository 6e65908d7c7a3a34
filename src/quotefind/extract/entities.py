"""Who the text has named so far: people and organisations in text order, for pronouns and role nouns.

A pronoun or a role noun at an attribution site stands for someone the reader has met: the nearest
person named before it who agrees in gender (`she` is not Tom Berg), preferring the subject of a
sentence (`Ann Lee met Tom Berg`: Ann Lee) and never a place (`in Kansas City`). The text is scanned
once, forward, as far as the statements being resolved have reached: linear in its length.
"""

from __future__ import annotations

import functools
import re
import sys
from bisect import bisect_right
from collections.abc import Container, Sequence
from dataclasses import dataclass, field

from quotefind.extract.lexicon import (
    ABBREVIATIONS,
    DATE_WORDS,
    HONORIFICS,
    NOT_NAME_WORDS,
    ORG_HEADS,
    PLACES,
    PRONOUNS,
    ROLE_NOUNS,
    TITLE_WORDS,
    WEEKDAYS,
)
from quotefind.extract.names import FIRST_NAME_GENDER
from quotefind.extract.segment import POSSESSIVE_ENDS, strip_possessive

#: A run of capitalised words, honorific first where there is one. Greedy quantifiers only (see
#: `segment._TOKEN`); what follows a word run cannot continue it, so nothing is ever given back.
_RUN = re.compile(
    r"(?<![\w’'\-.])"
    r"(?:(?:Mr|Mrs|Ms|Dr|Prof|Rev|Sgt|Gen|Gov|Sen|Rep|Del|Lt|Col|Capt|Insp|Supt|Det|Const)\.[ \t]+)?"
    r"[A-Z][\w’'\-]*(?:[ \t]+(?:[A-Z]\.(?=[ \t]+[A-Z])|[A-Z][\w’'\-]*"  # (an initial: `George W. Bush`)
    r"|(?:de|van|von|bin|al|der|la|le|du|da|di)(?=[ \t]+[A-Z])))*"
)
#: Verbs of speech after which a name is the subject of an inverted attribution (`..., said Ann Lee`).
_INVERTED = frozenset({
    "said", "says", "added", "adds", "noted", "notes", "explained", "explains", "wrote", "writes", "asked",
    "asks", "recalled", "recalls", "continued", "continues",
})  # fmt: skip
#: The initial inside a name (`George W.` of `George W. Bush`), whose period ends no sentence.
_INITIAL = re.compile(r"\b[A-Z][a-z]+[ \t]+[A-Z]\.$")
_INVERTED_BEFORE = re.compile(r"[,”\"'][ \t]*(\w+)[ \t]+$")
#: Words before a name that make it a place or a thing, not a speaker in view (`in Kansas City`).
_PLACE_BEFORE = frozenset(
    {"in", "at", "from", "to", "near", "into", "across", "of", "on", "outside", "inside", "via", "toward",
     "towards", "through", "throughout", "around", "the", "for", "by", "against", "with", "and"}
)  # fmt: skip
#: Words that make a capitalised run a company or another organisation (beyond `ORG_HEADS`).
_COMPANY_WORDS = frozenset(
    {"energy", "inc", "inc.", "corp", "corp.", "co", "ltd", "ltd.", "llc", "plc", "group", "bank",
     "airlines", "airways", "motors", "industries", "technologies", "pharmaceuticals", "foods",
     "communications", "telecom", "oil", "gas", "resources", "mining", "railway", "railways", "rail",
     "insurance", "financial", "entertainment", "brands", "holdings", "capital", "partners",
     "hospital", "school", "university", "police", "services", "health", "diocese", "church"}
)  # fmt: skip
#: Role nouns that stand only for an organisation whose name holds them (`the diocese` for the Roman
#: Catholic Diocese of Covington, never for the nearest company).
HEAD_ONLY_ORG_NOUNS = frozenset(
    {"diocese", "church", "party", "commission", "council", "committee", "association", "foundation",
     "institute", "authority", "federation", "coalition"}
)  # fmt: skip
#: Role nouns that stand for an organisation named before (`The company said`).
ORG_NOUNS = HEAD_ONLY_ORG_NOUNS | frozenset(
    {"company", "firm", "corporation", "retailer", "bank", "carrier", "automaker", "airline", "insurer",
     "railway", "railroad", "utility", "lender", "miner", "producer", "manufacturer", "chain", "group",
     "organization", "organisation", "agency", "union", "ministry", "department", "hospital",
     "school", "university", "club", "team", "network", "broadcaster", "newspaper", "website", "charity",
     "startup", "giant", "operator", "developer", "supplier", "maker", "province", "city", "board"}
)  # fmt: skip
#: Nouns of a body that speaks as itself (`the company`, `the government`, `the radio station`): the
#: organisations above and public bodies and outlets.
BODY_NOUNS = ORG_NOUNS | frozenset(
    {"government", "administration", "court", "ministry", "office", "regulator", "watchdog", "embassy",
     "army", "station", "channel", "magazine", "paper", "panel"}
)  # fmt: skip
#: Nouns for a group of people that `they` may stand for, with the words that describe them.
_GROUPS = sorted(
    {w for w in ROLE_NOUNS if w.endswith("s") and not w.endswith("ss")}
    | {"police", "officers", "inspectors", "investigators", "protesters", "workers", "officials",
       "authorities", "organizers", "organisers", "parents", "families", "members", "firefighters",
       "paramedics", "doctors", "nurses", "lawyers", "employees", "players", "fans", "teachers"},
    key=len, reverse=True,
)  # fmt: skip
_GROUP = re.compile(r"(?<![\w’'\-])(?i:" + "|".join(_GROUPS) + r")(?![\w’'\-])")
#: A single capitalised word (or an acronym) followed by a verb of the past or present tense: a
#: sentence's subject (`Suncor received`, `EDC declined`, `Google says`).
_SUBJECT_WORD = re.compile(
    r"(?<![\w’'\-.])([A-Z][a-z]+[A-Z]?[a-z]*|[A-Z]{2,6})"
    r"[ \t]+(?:also[ \t]+|later[ \t]+|then[ \t]+)?"
    r"(?:[a-z]{3,}ed|said|told|says|tells|has|had|is|was|will|would|does|did|plans|wants|expects|reports|notes|warns|argues|claims|insists|confirms|denies|adds|owns"
    r"|operates|employs|runs|makes|sells)\b"
)
#: Words that open a sentence as its subject but name nothing (`Another was coming`, `Nobody said`).
_NOT_SUBJECT_ORG = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "but", "and", "so", "another", "each", "every",
     "some", "many", "most", "all", "both", "none", "one", "there", "here", "what", "which", "who",
     "everyone", "everybody", "nobody", "someone", "something", "nothing", "everything", "story"}
)  # fmt: skip
_CAPITAL_BEFORE = re.compile(r"[A-Z][\w’'\-]*[ \t]+$")  # `Nova Scotia`: the end of a longer name
_HONORIFIC_WORDS = frozenset(
    {h.rstrip(".") for h in HONORIFICS} | {"mr", "mrs", "ms", "dr", "lord", "lady", "sir"}
)
#: An apposition that describes one person with an article (`, a resident of Lampung`).
_ONE_DESCRIBED = re.compile(r",[ \t]+(?:a|an|the)[ \t]")
#: `, a lawyer for`, `, the company's chief executive,`: an apposition's role noun after a name (its
#: last word before `for`/`of`/`at`/`with`/a comma or the sentence's end).
_APPOSITION = re.compile(
    r",[ \t]+(?:(?:a|an|the|its|their|his|her)[ \t]+)?(?:[\w’'\-]+[ \t]+){0,3}?([a-z]+)"
    r"(?=[ \t]*(?:[,.;]|for\b|of\b|at\b|with\b|in\b))"
)
#: A capitalised plural inside a sentence, after a lower-case word or a comma.
_MID_PLURAL = re.compile(r"[a-z,;][ \t]+([A-Z][a-z]+s)(?![\w’'\-])")
#: A description of a person with `is` right after the name (`Tom Berg is the city's police chief.`).
_DESCRIBED = re.compile(
    r"[ \t]+(?:is|was|has[ \t]+been|became)[ \t]+(?:a|an|the)[ \t]+(?:[\w’'\-]+[ \t]+){0,3}?([a-z]+)"
    r"(?=[ \t]*(?:[,.;]|for\b|of\b|at\b|with\b|in\b))"
)
#: A lower-case plural noun right after a run (`Canadian examples`), not a verb in -s (`says`, `has`).
DEMONYM_BEFORE_NOUN = re.compile(
    r"[ \t]+(?!(?:says|tells|adds|has|is|was|does|argues|notes|claims|insists|believes|thinks|wants)\b)"
    r"[a-z]+[^s\W]?s\b"
)


def demonym(word: str) -> bool:
    """Tell whether a capitalised word is a nationality or a people (`Canadian`, `Chinese`, `British`)."""
    return (word.endswith(("ian", "ean", "can", "ese", "ish")) and len(word) > 4) or word.lower() in _PEOPLES


_PEOPLES = frozenset(
    {"french", "dutch", "greek", "thai", "swiss", "iraqi", "israeli", "saudi", "pakistani", "arab"}
)


_AGE = re.compile(r",[ \t]\d{1,3}[,.]")
_GENDER_PRONOUNS = {"m": ("he",), "f": ("she",)}


def party_fits(words: Sequence[str], text: str, named: Named) -> bool:
    """Tell whether a description's party words fit the words the text writes before a person's name
    (`the Democratic presidential nominee` never stands for Republican presidential nominee Donald
    Trump); True when either names no party."""
    against = {_OTHER_PARTY[w] for w in words if w in _OTHER_PARTY}
    return not against or against.isdisjoint(text[max(0, named.start - 60) : named.start].lower().split())


def _inside(spans: Sequence[tuple[int, int]], pos: int) -> bool:
    """Tell whether `pos` falls in one of the spans (sorted by start)."""
    k = bisect_right(spans, (pos, sys.maxsize)) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


#: How far back (in characters) a pronoun or a role noun looks for whom it stands for.
REACH = 600
#: Words that make a title another office than its head alone (`shadow chancellor`, `former mayor`).
_QUALIFIERS = frozenset({"shadow", "former", "deputy", "vice", "acting", "assistant", "ex"})
_OTHER_PARTY = {"democratic": "republican", "republican": "democratic", "democrat": "republican"}
_POSSESSIVE_INSIDE = re.compile(r"['’]s\s")
_SENTENCE_END = (".", "!", "?", "”", '"', "\n", ":", ",")
_LAST_WORD = re.compile(r"([\w’'\-]+)[ \t]*$")


@dataclass(frozen=True, slots=True)
class Named:
    """A person or organisation named in the text."""

    start: int
    """Offset of the name (after any honorific or title)."""
    name: str
    """The name as written (a surname alone resolved to the full name where the text gave it)."""
    kind: str
    """`person`, `org` or `name` (a capitalised run that may be either)."""
    gender: str
    """`m`, `f` or empty where the text does not tell."""
    title: tuple[str, ...]
    """Lower-case title or role words written before the name (`mayor`, `union leader`)."""
    subject: bool
    """The name opens its sentence (a few words of time or place aside)."""


@dataclass(slots=True)
class Entities:
    """The people and organisations a text names, scanned forward on demand."""

    text: str
    surnames: dict[str, str]
    """Last word -> the full name the text first gave it (see `Registry.learn_names`)."""
    found: list[Named] = field(default_factory=list)
    scanned: int = 0
    genders: dict[str, str] = field(default_factory=dict)
    person_words: frozenset[str] | None = None
    mid_plurals: frozenset[str] | None = None
    """Capitalised plurals the text writes inside a sentence (`Barclays` of `shares in Barclays`)."""
    person_named: set[str] = field(default_factory=set)
    """The words of the names of the people found so far."""
    """Full name -> gender learned from honorifics, given names and the pronouns resolved to it."""

    def upto(self, pos: int) -> list[Named]:
        """Scan the text up to `pos` (never backwards) and return everything named so far."""
        if pos > self.scanned:
            surnames = self.surnames
            for m in _RUN.finditer(self.text, self.scanned, pos):
                run = m.group()
                if (
                    " " not in run
                    and strip_possessive(run) not in surnames
                    and not (self.text.startswith(", ", m.end()) and self._role_after(m.end()))
                ):
                    continue  # a capitalised word alone and no known surname (most runs): nobody
                named = self._classify(run, m.start())
                if named is not None:
                    self.found.append(named)
                    if named.kind == "person":
                        self.person_named.update(named.name.split())  # `spokeswoman Hua Chunying`
            self.scanned = pos
        return self.found

    def _classify(self, run: str, start: int) -> Named | None:
        """Read one capitalised run at `start`: honorific, title words, then the name."""
        read = _read_run(run)
        if read is None:
            return None
        lead, delta, words, gender, titles, honorific, org = read
        given = words[0].lower() in FIRST_NAME_GENDER  # (only a person's name takes a role from `is a`)
        title = (*self._roles_before(start + lead), *titles, *self._role_after(start + len(run), given))
        if org:
            return Named(start + delta, " ".join(words), "org", "n", title, False)
        before = self._word_before(start + lead)
        if len(words) == 1:
            full = self.surnames.get(words[0])
            if not honorific and full is None and not self._mononym(words[0], start, len(run)):
                return None  # a capitalised word alone: a sentence opening, a place, a thing
            name = full or words[0]
        else:
            name = " ".join(words)
            if (
                not honorific
                and not title
                and before in _PLACE_BEFORE
                and words[0].lower() not in FIRST_NAME_GENDER
            ):
                return None  # (`in Kansas City`; `and Noor Haddad` is a person by her given name)
        if words[0].lower() in ("the", "a", "an") or before in ("the", "a", "an"):
            return None
        first = name.split()[0].lower()
        gender = gender or FIRST_NAME_GENDER.get(first, "") or self.genders.get(name, "")
        known = (
            honorific
            or title
            or first in FIRST_NAME_GENDER
            or len(words) == 1
            or self._aged(start + len(run))
        )
        if self._credit(start + len(run)):
            return None  # a photo credit (`Muriel Draaisma/CBC`): nobody in the story
        if not known and DEMONYM_BEFORE_NOUN.match(self.text, start + len(run)) and demonym(words[-1]):
            return None  # `Prominent Canadian examples`, `Senior British officials`: an adjective, no one
        subject = (self._opens(start) or self._inverted(start)) and not run.endswith(
            POSSESSIVE_ENDS
        )  # `Hemming's request` is no subject; `..., said Gov. Terry E. Branstad` is
        return Named(start + delta, name, "person" if known else "name", gender, title, subject)

    def _mononym(self, word: str, start: int, length: int) -> bool:
        """Tell whether a capitalised word alone names a person by an apposition after it that opens a
        sentence (`Yuni, a resident of Lampung, was watching ...`: many people go by one name)."""
        role = self._role_after(start + length)
        return (
            bool(role)
            and not role[0].endswith("s")  # one person (`In Nevada, he reminded voters of`: no one)
            and _ONE_DESCRIBED.match(self.text, start + length) is not None
            and word.lower() not in PLACES
            and word.lower() not in NOT_NAME_WORDS
            and self._opens(start)
            and not self._common_noun(word.lower(), start)  # (`Fundraising, the campaign said, ...`)
        )

    def _sentence_start(self, pos: int) -> int:
        """Return where the sentence holding `pos` starts (after `.`, `!`, `?` or a line break)."""
        text = self.text
        pos = min(pos, len(text))  # (a text too long to track names in is scanned as empty)
        if pos <= 0:
            return 0  # (the sentence before the first one: `pos - 1` of an opening is -1, no offset)
        lo = max(0, pos - 400)
        line = text.rfind("\n", lo, pos) + 1
        hi = pos
        while True:
            cut = max(text.rfind(". ", lo, hi), text.rfind("? ", lo, hi), text.rfind("! ", lo, hi))
            if cut < line:
                return max(line, lo)
            word = _LAST_WORD.search(text, max(lo, cut - 12), cut)
            if (
                text[cut] != "."
                or word is None
                or not (
                    word.group(1).lower() in ABBREVIATIONS
                    or _INITIAL.search(text, max(lo, cut - 30), cut + 1)
                )
            ):
                return cut + 2
            hi = cut  # `Mr. Ross`: the period of an abbreviation ends no sentence

    def _sentence_before(self, pos: int) -> int:
        """Return where the sentence before the one holding `pos` starts (blank lines between skipped)."""
        back = self._sentence_start(pos) - 1
        while back > 0 and self.text[back].isspace():
            back -= 1
        return self._sentence_start(back)

    def _pronoun_before(self, pos: int, gender: str) -> bool:
        """Tell whether the sentence of `pos` has an agreeing `he`/`she` before it (`Still, he denied X`)."""
        words = self.text[self._sentence_start(pos) : pos].lower().split()
        return any(w.strip(",") in (_GENDER_PRONOUNS.get(gender) or ("he", "she")) for w in words)

    def _aged(self, end: int) -> bool:
        """Tell whether a name is followed by an age (`Babatunji Farinloye, 50,`): a person."""
        return _AGE.match(self.text, end) is not None

    def _credit(self, end: int) -> bool:
        """Tell whether a name ending at `end` is a credit line's (`Name/Outlet`, `Name / The Press`)."""
        after = self.text[end : end + 2]
        return after[:1] == "/" or after == " /"

    def _role_after(self, end: int, described: bool = False) -> tuple[str, ...]:
        """Return the role noun of an apposition right after a name (`Megan Bortis, a lawyer for X`) or,
        where `described`, of a description with `is` (`Tom Berg is the city's new police chief.`; not
        `Sky Plus is the market leader`, a product)."""
        found = _APPOSITION.match(self.text, end)
        if found is None and described:
            found = _DESCRIBED.match(self.text, end)
        if found is None or found.group(1).lower() not in ROLE_NOUNS:
            return ()
        return (found.group(1).lower(),)

    def _inverted(self, pos: int) -> bool:
        """Tell whether a name at `pos` follows a verb of speech right after a comma or a quotation mark
        (`“...,” said Ann Lee`): the subject of an inverted attribution (`He said Ann Lee ...` is not)."""
        found = _INVERTED_BEFORE.search(self.text, max(0, pos - 30), pos)
        return found is not None and found.group(1).lower() in _INVERTED

    def _word_before(self, pos: int) -> str:
        """Return the lower-case word right before an offset (empty at a sentence or text start)."""
        found = _LAST_WORD.search(self.text, max(0, pos - 30), pos)
        return found.group(1).lower() if found is not None else ""

    def _roles_before(self, pos: int) -> list[str]:
        """Return the lower-case role words written right before a name (`union leader Siri Lunde`)."""
        if pos < 2 or not self.text[pos - 2].islower():
            return []  # most names: after a mark, a capital or the text start
        out: list[str] = []
        for w in reversed(self.text[max(0, pos - 40) : pos].split()[-3:]):
            low = w.lower()
            if not w.islower() or not (low in ROLE_NOUNS or low in TITLE_WORDS) or low == "the":
                break
            out.insert(0, low)
        return [] if set(out) <= _QUALIFIERS | {"retired"} else out  # (`a retired Alberta Fish and ...`)

    def _opens(self, pos: int) -> bool:
        """Tell whether a name opens its sentence (at most three words, or an opening phrase, before it).

        A pronoun before it makes it an object (`Still, he denied Mr. Hemming`).
        """
        seg = self.text[max(0, pos - 80) : pos]
        cut = max(seg.rfind(c) for c in _SENTENCE_END)
        if cut < 0 and pos > 80:
            return False
        if cut >= 2 and seg[cut] == "." and seg[cut - 1].isupper() and not seg[cut - 2].isalnum():
            return False  # `George W. Bush`: the period of an initial, inside a name
        words = seg[cut + 1 :].lower().split()
        return len(words) <= 3 and not any(w in PRONOUNS for w in words)

    def _common_noun(self, low: str, pos: int) -> bool:
        """Tell whether a word is written in lower case near `pos`: a common noun, not a name."""
        lo, hi = max(0, pos - 4 * REACH), pos + 4 * REACH
        return re.search(r"(?<![\w’'\-])" + re.escape(low) + r"(?![\w’'\-])", self.text[lo:hi]) is not None

    def _plural_opener(self, word: str) -> bool:
        """Tell whether a capitalised plural only ever opens a sentence (`Prices will rise`, `Critics
        say`): a common noun, not a company (`Barclays` stands mid-sentence somewhere too)."""
        if word[-1] != "s" or word[-2:] == "ss" or not word[1:].islower():
            return False
        if self.mid_plurals is None:  # (one pass over the text, not one per candidate)
            self.mid_plurals = frozenset(m.group(1) for m in _MID_PLURAL.finditer(self.text))
        return word not in self.mid_plurals

    def _person_words(self) -> frozenset[str]:
        """The words of the full names the text gives people (`Ann`, `Lee` of `Ann Lee`)."""
        if self.person_words is None:
            words: set[str] = set()
            for full in self.surnames.values():
                parts = full.split()
                for k, part in enumerate(parts):  # `Ann Lee`, `CEO John Stumpf`; not `Wednesday Suncor`
                    if part.lower() in FIRST_NAME_GENDER:
                        words.update(parts[k:])
                        break
            self.person_words = frozenset(words)
        return self.person_words

    def person_before(
        self,
        pos: int,
        gender: str,
        known: Container[str] = (),
        within: tuple[int, int] = (0, 0),
        said: Sequence[tuple[int, int]] = (),
    ) -> Named | None:
        """Return whom a `he` or `she` at `pos` stands for: the nearest agreeing person, subjects first.

        A capitalised run that may be a place or an organisation (`New York`, `Dixon Hall`) counts only
        when no person is in reach, unless it is `known` as a person (it spoke before) or it opens a
        sentence of the pronoun's paragraph while the person is in an earlier one. Names `within` the
        statement's own words, or inside what was `said` before (`He said the union, run by Martin Legere,
        ...`), are passed over; a person of the sentence before outranks a subject further back.
        """
        best: Named | None = None
        fallback: Named | None = None
        lo, hi = within
        near = self._sentence_before(pos)
        for named in reversed(self.upto(pos)):
            if named.start < pos - REACH:
                break
            if lo <= named.start < hi or _inside(said, named.start):
                continue
            if best is not None and named.start < near and not self._pronoun_before(best.start, gender):
                return best  # `... for accountant Babatunji Farinloye, 50. “...,” he says.`
            if named.kind == "org" or (named.gender and gender and named.gender != gender):
                continue
            inside = _POSSESSIVE_INSIDE.search(named.name)
            if inside and named.name[inside.end() :].split(" ", 1)[0].lower() not in FIRST_NAME_GENDER:
                continue  # `Toronto's Out of the Cold` names no person (`SNP's Nicola Sturgeon` does)
            if named.kind == "name" and named.name not in known:
                if fallback is None:
                    fallback = named
                continue
            if fallback is not None and fallback.subject and "\n" in self.text[named.start : fallback.start]:
                return (
                    fallback  # `Mamadou Dia was on a business trip ... he said`, a paragraph after Macharia
                )
            if named.subject:
                return named
            if best is None:
                best = named
        return best or fallback

    def subject_before(self, pos: int) -> Named | None:
        """Return the person who opens the sentence before `pos`, when no other person is named since.

        A definite description right after (`Trudeau spoke on Thursday. The prime minister said ...`) is
        the same person: news varies how it names the person a paragraph is about.
        """
        here = self._sentence_start(pos)
        if not self._first_words(here, pos):
            return None  # (`..., adding that while the minister has promised`: not the subject)
        before = self._sentence_start(self._sentence_start(here - 1) - 1)  # two sentences back
        found: Named | None = None
        for named in reversed(self.upto(pos)):
            if named.start < before:
                break
            if named.kind == "org":
                continue
            if found is not None and named.name != found.name:
                return None  # two people in reach: the description may be either
            found = named
        if found is None or found.kind != "person" or found.start >= here:
            return None
        return found if self._first_words(self._sentence_start(found.start), found.start) else None

    def _first_words(self, start: int, pos: int) -> bool:
        """Tell whether `pos` opens the sentence that starts at `start` (at most three words before it)."""
        return len(self.text[start:pos].split()) <= 3

    def titled_before(self, pos: int, head: str, words: Sequence[str] = ()) -> Named | None:
        """Return the nearest person whose title ends with a role noun (`The mayor` -> Mayor Doug Hart);
        not one whose title names the other party (`the Democratic presidential nominee` is not
        Republican presidential nominee Donald Trump)."""
        for named in reversed(self.upto(pos)):
            if named.start < pos - 4 * REACH:
                break
            if (
                named.kind != "org"
                and named.title
                and named.title[-1] == head
                and party_fits(words, self.text, named)
                and _QUALIFIERS.intersection(
                    self.text[max(0, named.start - 40) : named.start].lower().split()[-4:]
                )
                <= set(words)
            ):
                return named  # (`the chancellor` is not shadow chancellor Oliver Letwin)
        return None

    def org_before(self, pos: int, *, places: bool = True, head: str = "") -> Named | None:
        """Return the nearest organisation named before `pos` (`The company said`).

        Besides the runs that name an organisation (`Canadian Pacific Railway`), a single capitalised
        word that opens a sentence as the subject of a verb (`Suncor received ...`, `EDC declined ...`)
        counts: companies and agencies are mostly named by one word once introduced. A country or a
        city counts only where `places` allows (`it` may stand for China; `the bank` may not). With a
        `head` noun (`the union`), an organisation whose name holds it (`Nova Scotia Nurses' Union`)
        outranks a nearer one, even out of reach.
        """
        found: Named | None = None
        for named in reversed(self.upto(pos)):
            far = named.start < pos - 4 * REACH
            if far and not head:
                break
            if named.kind != "org":
                continue
            if head and head in named.name.lower().split():
                return named  # `the union` -> the nearest `... Union`, however far back the text named it
            if far:
                continue
            if found is None:
                found = named
                if not head:
                    break
        if head in HEAD_ONLY_ORG_NOUNS:
            return None  # `the party` is no party unless one is named: not the nearest organisation
        if head and re.search(r"\b" + head.capitalize() + r"\b", self.text[max(0, pos - 4 * REACH) : pos]):
            return None  # `The nonpartisan Commission on Presidential Debates ... The commission says`
        for m in reversed(list(_SUBJECT_WORD.finditer(self.text, max(0, pos - 4 * REACH), pos))):
            if found is not None and m.start() < found.start:
                break
            word = m.group(1)
            low = word.lower()
            if (
                low in NOT_NAME_WORDS
                or low in PRONOUNS
                or low in TITLE_WORDS
                or low in ROLE_NOUNS
                or low in DATE_WORDS
                or low in HONORIFICS
                or low in FIRST_NAME_GENDER
                or low in _GROUPS
                or (not places and low in PLACES)
                or word in self._person_words()
                or word in self.person_named
                or low in _NOT_SUBJECT_ORG
                or not self._opens(m.start())
                or self._word_before(m.start()).rstrip(".") in _HONORIFIC_WORDS  # `Mr. Gadhafi was`
                or _CAPITAL_BEFORE.search(self.text, max(0, m.start() - 30), m.start()) is not None
            ):
                continue
            if self._common_noun(low, m.start()) or self._plural_opener(word):
                continue  # `Investors said`, `Infrastructure is`: a common noun opening a sentence
            return Named(m.start(), word, "org", "n", (), True)
        return found

    def group_before(self, pos: int) -> str | None:
        """Return the nearest group named before a `they` at `pos` (`the inspectors`, `Police`)."""
        last = None
        for last in _GROUP.finditer(self.text, max(0, pos - REACH // 2), pos):  # noqa: B007 (the last one)
            pass
        return last.group().lower() if last is not None else None

    def learn_gender(self, name: str, gender: str) -> None:
        """Remember a person's gender (a pronoun resolved to them)."""
        if gender in ("m", "f"):
            self.genders.setdefault(name, gender)


@functools.lru_cache(maxsize=4096)
def _read_run(run: str) -> tuple[int, int, tuple[str, ...], str, tuple[str, ...], bool, bool] | None:
    """Read what a capitalised run says wherever it stands (cached: texts repeat their names).

    Returns the offset in the run after its opening words (`On`, `When`: never part of a name), the
    name's offset, its words, the honorific's gender, the title words, whether an honorific opens it and
    whether it names an organisation; None when no name remains (only titles, opening or date words).
    """
    words = run.split()
    offset = 0
    while words and words[0].lower() in NOT_NAME_WORDS:
        offset = run.find(words[1], offset + len(words[0])) if len(words) > 1 else offset
        words.pop(0)
    while words and words[-1].lower() in WEEKDAYS:
        words.pop()  # `the Globe and Mail Thursday`
    if not words or all(w.lower().rstrip(".") in _ONLY_DATES for w in words):
        return None
    lead = offset
    gender = ""
    title: list[str] = []
    honorific = words[0].lower() in HONORIFICS
    while words:
        low = words[0].lower()
        if low in HONORIFICS:
            gender = gender or HONORIFICS[low]
        elif low.rstrip(".") in TITLE_WORDS or low in TITLE_WORDS:
            if low not in ("the", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr."):
                title.append(low.rstrip("."))
        else:
            break
        offset = run.find(words[1], offset + len(words[0])) if len(words) > 1 else offset
        words.pop(0)
    if not words:
        return None
    words[-1] = strip_possessive(words[-1])
    org = len(words) > 1 and any(w.lower() in ORG_HEADS or w.lower() in _COMPANY_WORDS for w in words)
    if org:
        # `Senate Majority Leader Mitch McConnell`, `Police Chief Joseph Boinnet`: an office, then a
        # person's given name and surname (not `Bank of Montreal`, `Nova Scotia Health Authority`)
        given = next((k for k in range(1, len(words) - 1) if words[k].lower() in FIRST_NAME_GENDER), 0)
        rest = words[given:]
        if given and not any(w.lower() in ORG_HEADS or w.lower() in _COMPANY_WORDS for w in rest):
            for w in words[:given]:
                offset = run.find(w, offset) + len(w)
            offset = run.find(rest[0], offset)
            title.extend(w.lower().rstrip(".") for w in words[:given])
            words, org = rest, False
    return lead, offset, tuple(words), gender, tuple(title), bool(gender) or honorific, org


#: Date words that are never a name (`May`, `June`, `April`, `August` and `Day` can be).
_ONLY_DATES = DATE_WORDS - {"may", "june", "april", "august", "day"}
