"""Bylines and titles as citation styles write them: authors split into people and organisations,
their APA / MLA / Chicago / BibTeX forms, and sentence or title case for article titles."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Words that make a byline part an organisation, not a person (`Associated Press`, `BBC News`).
ORG_WORDS = frozenset(
    "news press agency staff reporters reporter service times post network media team desk editorial "
    "board institute ministry council committee office department bureau wire group online daily "
    "guardian telegraph herald journal tribune reuters afp bbc cnn npr".split()
)
#: Lowercase parts of a family name (`van der Berg`, `de la Cruz`).
PARTICLES = frozenset("van von der den de del della di da du la le bin al el ter ten".split())
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
#: Words a title in title case leaves in lowercase unless first or last (articles, prepositions and
#: coordinating conjunctions, as MLA 9 and Chicago 17 both ask; `to` and `as` too).
MINOR_WORDS = frozenset(
    "a an the and but for nor or so yet as at by in of off on per to up via from into onto over "
    "with upon than till until out about above after against along among around before behind "
    "below beneath beside between beyond despite down during except inside like near past since "
    "through throughout toward towards under underneath unlike within without amid".split()
)
#: Nationality and language adjectives keep their capital in sentence case (`Norwegian`, `Chinese`).
_DEMONYM = re.compile(r"\w+(?:ian|ean|ese|ish|i)$")
_SPLIT = re.compile(r"\s*(?:;|\||&|\band\b)\s*", re.I)


@dataclass(frozen=True, slots=True)
class Name:
    """One author of a byline: a person (given and family names) or an organisation (`org`)."""

    family: str
    """Family name, with its particles (`van der Berg`); an organisation's whole name."""
    given: str = ""
    """Given names (`Rob`, `Jean-Paul`); empty for an organisation."""
    org: bool = False
    """An organisation (`CNN`, `Associated Press`): written whole in every style."""

    @property
    def full(self) -> str:
        """`Rob Picheta`, or the organisation."""
        return f"{self.given} {self.family}".strip()

    @property
    def inverted(self) -> str:
        """`Picheta, Rob` (MLA, Chicago bibliography, BibTeX), or the organisation."""
        return f"{self.family}, {self.given}" if self.given else self.family

    @property
    def initials(self) -> str:
        """`Picheta, R.` (APA 7: family name, initials of the given names; `J.-P.` for Jean-Paul)."""
        if not self.given:
            return self.family
        parts = [
            "-".join(f"{piece[0]}." for piece in word.split("-") if piece) for word in self.given.split()
        ]
        return f"{self.family}, {' '.join(parts)}"


def _person(words: list[str]) -> Name | None:
    """A person's name from 2-5 words (`Rob Picheta`, `Anne van der Berg`, `Martin Luther King Jr.`)."""
    if not 2 <= len(words) <= 5 or not words[0][:1].isupper():
        return None
    if any(w.lower().strip(".") in ORG_WORDS for w in words):
        return None
    suffix = words.pop() if words[-1].lower() in SUFFIXES and len(words) > 2 else ""
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    family = " ".join(words[start:]) + (f" {suffix}" if suffix else "")
    return Name(family=family, given=" ".join(words[:start]))


def parse_byline(author: str | None) -> list[Name]:
    """Split a byline into its authors: `Rob Picheta and CNN`, `Picheta, Rob`, `A; B; C`.

    Parts joined by `;`, `|`, `&`, `and` or commas; `Family, Given` (two one-word parts) is one
    person. A part that is not 2-5 capitalised words, or that names a news organisation, is an
    organisation, kept whole.
    """
    text = " ".join((author or "").split())
    text = re.sub(r"^by\s+", "", text, flags=re.I)
    if not text:
        return []
    out: list[Name] = []
    for part in (p for p in _SPLIT.split(text) if p.strip()):
        pieces = [p.strip() for p in part.split(",") if p.strip()]
        if len(pieces) == 2 and all(len(p.split()) == 1 for p in pieces) and pieces[1][:1].isupper():
            out.append(Name(family=pieces[0], given=pieces[1]))
            continue
        for piece in pieces:
            out.append(_person(piece.split()) or Name(family=piece, org=True))
    return out


def _joined(items: Sequence[str], conjunction: str, *, serial: bool = True) -> str:
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]}{',' if serial and conjunction == '&' else ''} {conjunction} {items[1]}"
    return ", ".join(items[:-1]) + f", {conjunction} {items[-1]}"


def apa_authors(names: Sequence[Name]) -> str:
    """APA 7 reference list: `Picheta, R.`, `Picheta, R., & Doe, J.`, up to 20, then `. . .` and the last."""
    forms = [n.initials for n in names]
    if len(forms) > 20:
        return ", ".join(forms[:19]) + ", . . . " + forms[-1]
    return _joined(forms, "&")


def apa_in_text(names: Sequence[Name]) -> str:
    """APA 7 in-text: `Picheta`, `Picheta & Doe`, three or more `Picheta et al.`."""
    family = [n.family for n in names]
    if len(family) >= 3:
        return f"{family[0]} et al."
    return " & ".join(family)


def mla_authors(names: Sequence[Name]) -> str:
    """MLA 9 works cited: `Picheta, Rob`, `Picheta, Rob, and Jane Doe`, three or more `Picheta, Rob,
    et al.`."""
    if len(names) >= 3:
        return f"{names[0].inverted}, et al."
    if len(names) == 2:
        return f"{names[0].inverted}, and {names[1].full}"
    return names[0].inverted if names else ""


def mla_in_text(names: Sequence[Name]) -> str:
    """MLA 9 in-text: `Picheta`, `Picheta and Doe`, three or more `Picheta et al.`."""
    if len(names) >= 3:
        return f"{names[0].family} et al."
    return " and ".join(n.family for n in names)


def chicago_authors(names: Sequence[Name]) -> str:
    """Chicago 17 bibliography: the first inverted, the others as written, `and` before the last
    (up to ten; more: the first seven and `et al.`)."""
    if not names:
        return ""
    if len(names) > 10:
        return ", ".join([names[0].inverted, *(n.full for n in names[1:7])]) + ", et al."
    rest = [n.full for n in names[1:]]
    if not rest:
        return names[0].inverted
    return ", ".join([names[0].inverted, *rest[:-1]]) + f", and {rest[-1]}"


def chicago_note_authors(names: Sequence[Name]) -> str:
    """Chicago 17 note: `Rob Picheta`, `Rob Picheta and Jane Doe`, four or more `Rob Picheta et al.`."""
    full = [n.full for n in names]
    if len(full) >= 4:
        return f"{full[0]} et al."
    return _joined(full, "and") if len(full) > 2 else " and ".join(full)


def bibtex_authors(names: Iterable[Name]) -> list[str]:
    """BibTeX names, to join with ` and `: `Picheta, Rob`; an organisation of several words braced
    (`{Associated Press}`), so BibTeX does not take its last word for a family name."""
    return [n.inverted if not n.org else (f"{{{n.family}}}" if " " in n.family else n.family) for n in names]


# --- titles -------------------------------------------------------------------------------------


def _core(word: str) -> str:
    return word.strip("“”‘’\"'()[]{}.,;:!?…")


def _is_kept(word: str) -> bool:
    """Acronyms and words with inner capitals (`NATO`, `iPhone`, `McDonald`) keep their case."""
    core = _core(word)
    return any(c.isupper() for c in core[1:]) or (bool(core) and not core[:1].isalpha())


def is_title_case(title: str) -> bool:
    """True when every principal word (not a minor word) of a title starts with a capital."""
    words = [_core(w) for w in title.split()]
    principal = [w for w in words if w and w[:1].isalpha() and w.lower() not in MINOR_WORDS]
    return bool(principal) and all(w[:1].isupper() for w in principal)


def sentence_case(title: str, proper: Iterable[str] = ()) -> str:
    """A title in title case written in sentence case (APA 7 reference list).

    Capitals stay on the first word, the first word after a colon, acronyms, words with inner
    capitals, nationality adjectives, and `proper` words (names met capitalised mid-sentence in the
    statement's paragraph, the speaker's and publisher's names). A title already in sentence case
    is left as it is: which of its capitals are names cannot be told.
    """
    if not is_title_case(title):
        return title
    keep = {_core(p) for p in proper}
    out: list[str] = []
    first = True
    for word in title.split():
        core = _core(word)
        if not (first or _is_kept(word) or core in keep or _DEMONYM.fullmatch(core)):
            word = word.lower()
        out.append(word)
        first = word.endswith(":")
    return " ".join(out)


def title_case(title: str) -> str:
    """A title in title case (MLA 9, Chicago 17): principal words capitalised, minor words
    (articles, prepositions, coordinating conjunctions, `to`, `as`) lowercase unless first, last or
    after a colon; each part of a hyphenated principal word capitalised; acronyms kept."""
    words = title.split()
    out: list[str] = []
    for i, word in enumerate(words):
        core = _core(word)
        starts = i == 0 or words[i - 1].endswith(":")
        last = i == len(words) - 1
        if _is_kept(word) or not core:
            out.append(word)
        elif core.lower() in MINOR_WORDS and not (starts or last):
            out.append(word.lower())
        else:
            out.append("-".join(_capital(p) for p in word.split("-")))
    return " ".join(out)


def _capital(word: str) -> str:
    """Capitalise the first letter of a word (after any opening punctuation), leaving the rest."""
    for i, ch in enumerate(word):
        if ch.isalpha():
            return word[:i] + ch.upper() + word[i + 1 :]
    return word


def proper_words(*texts: str | None) -> set[str]:
    """Words capitalised other than at a sentence's start: names, as far as the text shows."""
    found: set[str] = set()
    for text in texts:
        words = (text or "").split()
        for prev, word in zip([".", *words], words, strict=False):
            core = _core(word)
            if core[:1].isupper() and not prev.endswith((".", "?", "!", ":", "“", '"')):
                found.add(core)
    return found
