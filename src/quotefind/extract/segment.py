"""Paragraphs, sentences and word tokens of an article, each with offsets into the original text."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import accumulate, compress, count, repeat
from typing import NamedTuple

from quotefind.extract.lexicon import ABBREVIATIONS

# A word keeps inner apostrophes, hyphens, periods and ampersands (`Europe’s`, `Bakke-Jensen`, `U.S`);
# anything else that is not a space is a token of its own. A plural's possessive keeps its apostrophe
# (`veterans' families`, `Jones’ campaign`: an s, the mark, a space); a mark that closes a quotation is
# inside its placeholder by then (see `_tokens_with_placeholders`). No nested quantifiers: linear time.
# No possessive quantifiers (CPython 3.11.0-3.11.4 match them wrongly; a joiner is no word character, so
# giving back never finds another match and greedy ones match the same). Split on it (one group), a
# text gives its tokens with the spaces between them (\s and str.isspace are the same class): the
# lengths give the offsets, and a space is a cached one-character string, so nothing is made for it.
_TOKEN = re.compile(r"(\w+(?:[-’'.&/]\w+|(?<=\d),\d{3}(?!\d))*(?:(?<=s)['’](?=\s))?|''|--|\S)")
_new_tuple = tuple.__new__  # skips the NamedTuple's Python-level __new__: tokens are the hot path
# A run of full stops, closing marks, then all the spaces (the look-ahead refuses a space, as a possessive
# `\s++` would: no possessive quantifiers, see `_TOKEN`), so nothing is given back. The look-behind
# tries a run from its first stop only (`_SENTENCE_END_ANY` for a text cut right inside a run); the
# look-ahead drops, in C, the ends that a lower-case letter follows (no sentence starts so).
_SENTENCE_END = re.compile(r"[.!?](?<![.!?]{2})([.!?]*[\"”’'»)\]]*)\s+(?![a-z\s])")
_SENTENCE_END_ANY = re.compile(r"[.!?]([.!?]*[\"”’'»)\]]*)\s+(?![a-z\s])")
_SENTENCE_OPENERS = frozenset("\"“‘'«„([")


#: The endings of a possessive (`Lee’s`, `Jones'`).
POSSESSIVE_ENDS = ("’s", "'s", "’", "'")


def strip_possessive(word: str) -> str:
    """Return a word without its possessive ending (a word of two letters or fewer keeps it)."""
    for end in POSSESSIVE_ENDS:
        if word.endswith(end) and len(word) > len(end) + 1:
            return word[: -len(end)]
    return word


def contracted_base(word: str) -> str:
    """A word without what is contracted onto it (`he's` -> `he`, `I’d` -> `I`)."""
    return word.replace("’", "'").split("'")[0]


class Token(NamedTuple):
    """A word or punctuation mark with its offsets (a tuple: millions are made, cheaply)."""

    text: str
    """The token as it stands in the article."""
    start: int
    """Offset of its first character."""
    end: int
    """Offset one past its last character."""
    low: str
    """The token in lower case."""


def make_token(text: str, start: int, end: int) -> Token:
    """Return a token with its lower-case form."""
    return Token(text, start, end, text.lower())


def split_paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each non-blank line: news texts keep one paragraph per line."""
    return map(_SPAN, _PARAGRAPH.finditer(text))


# A line without the spaces around it (`\s` is the class of str.strip and str.isspace): from its first
# visible character to its last, found in C. `[^\n]*` gives back only the spaces that end the line.
_PARAGRAPH = re.compile(r"\S(?:[^\n]*\S)?")
_SPAN = re.Match.span


def tokenize(text: str, start: int, end: int) -> list[Token]:
    """Return the tokens of text[start:end]; abbreviations and initials keep their period.

    The hot path of the extractor: every step but the period merge runs in C (one `split`, the
    offsets as running sums of the pieces' lengths, the tuples made by `map`).
    """
    parts = _TOKEN.split(text[start:end])  # spaces, token, spaces, token, ..., spaces
    if len(parts) == 1:
        return []
    bounds = list(accumulate(map(len, parts), initial=start))
    words = parts[1::2]
    out = list(
        map(
            _new_tuple,
            repeat(Token),
            zip(words, bounds[1:-1:2], bounds[2::2], map(_LOWER.__getitem__, words), strict=True),
        )
    )
    if "." in words:
        _merge_periods(text, out, words, parts)
        out = list(filter(None, out))
        if "s" in words:
            out = _join_possessive_s(text, out)
    return out


def _join_possessive_s(text: str, tokens: list[Token]) -> list[Token]:
    """Join `'s` to an abbreviation that kept its period (`B.C.'s`, `U.S.'s`), which the token pattern,
    needing a word character after the period, leaves as three tokens (one pass, a new list)."""
    out: list[Token] = []
    k, n = 0, len(tokens)
    while k < n:
        a = tokens[k]
        if k + 2 < n and a.text.endswith("."):
            b, c = tokens[k + 1], tokens[k + 2]
            if c.text == "s" and b.text in ("'", "’") and a.end == b.start and b.end == c.start:
                word = text[a.start : c.end]
                out.append(_new_tuple(Token, (word, a.start, c.end, word.lower())))
                k += 3
                continue
        out.append(a)
        k += 1
    return out


class _LowerCase(dict[str, str]):
    """word -> its lower-case form, made once per distinct word (`str.lower` makes a new string each time).

    Looked up in C by `tokenize`; bounded, so that no text can grow it without limit.
    """

    def __missing__(self, word: str) -> str:
        if len(self) >= _MAX_KEEPS:
            self.clear()
        low = self[word] = word.lower()
        return low


_LOWER = _LowerCase()


def _merge_periods(text: str, out: list, words: list[str], parts: list[str]) -> None:
    """Join each period to the abbreviation or initial right before it (`Mr.`, `J.`, `U.S.`).

    Only a period with no space before it (`parts[2 * i]`, the spaces before token i, is empty) can
    join the token before it (or the one that token was merged into). Merged periods become None; a
    token that takes a run of periods (`...`) is rebuilt once, when the run ends.
    """
    keeps = _KEEPS
    grown = -1  # index of the token that periods were joined to, not rebuilt yet
    start = end = 0  # its span so far
    for i in compress(count(), map(_IS_PERIOD, words)):  # the periods, found in C
        if i and not parts[2 * i]:
            if out[i - 1] is None:  # the period before was joined: this one may join the same token
                word = text[start:end]
            else:
                if grown >= 0:
                    word = text[start:end]
                    out[grown] = _new_tuple(Token, (word, start, end, word.lower()))
                    grown = -1
                word = out[i - 1].text
                start = out[i - 1].start
            keep = keeps.get(word)
            if keep is None:
                if len(keeps) >= _MAX_KEEPS:
                    keeps.clear()
                keep = keeps[word] = _keeps_period(word)
            if keep:
                if grown < 0:
                    grown = i - 1
                end = out[i].end
                out[i] = None
    if grown >= 0:
        word = text[start:end]
        out[grown] = _new_tuple(Token, (word, start, end, word.lower()))


_IS_PERIOD = ".".__eq__

#: word -> whether a period right after it belongs to it (bounded, so that no text can grow it without limit).
_KEEPS: dict[str, bool] = {}
_MAX_KEEPS = 50_000


def _keeps_period(word: str) -> bool:
    """Tell whether a period after this word belongs to it (Mr., J., U.S.)."""
    low = word.lower()
    return (
        low in ABBREVIATIONS
        or (len(word) == 1 and word.isalpha() and word.isupper())
        or ("." in word and len(word) <= 6)
    )


def split_sentences(
    text: str, start: int, end: int, protected: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int]]:
    """Return (start, end) of the sentences of text[start:end], never splitting inside a protected span.

    `protected` are quote spans sorted by start: a full stop inside a quotation does not end the
    sentence that carries it.
    """
    out: list[tuple[int, int]] = []
    cur = start
    qi = 0
    nprot = len(protected)
    ends = _SENTENCE_END_ANY if start and text[start - 1] in ".!?" else _SENTENCE_END
    for m in ends.finditer(text, start, end):
        cut = m.end()
        if cut >= end:
            break
        nxt = text[cut]
        if not (nxt.isupper() or nxt.isdigit() or nxt in _SENTENCE_OPENERS):
            continue
        dot = m.start()
        if text[dot] == "." and _is_abbreviation_before(text, dot):
            continue
        while qi < nprot and protected[qi][1] < dot:
            qi += 1
        if qi < nprot and protected[qi][0] <= dot < protected[qi][1] and protected[qi][1] > cut - 1:
            continue  # a full stop inside a quotation that goes on
        out.append((cur, m.end(1)))
        cur = cut
    if cur < end:
        out.append((cur, end))
    return out


def _is_abbreviation_before(text: str, dot: int) -> bool:
    """Tell whether the period at `dot` closes an abbreviation or an initial."""
    i = dot
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
        if dot - i > 8:
            return False
    word = text[i:dot]
    return bool(word) and (
        word.lower() in ABBREVIATIONS
        or (len(word) == 1 and word.isupper())
        or (_INITIALS.fullmatch(word) is not None and word not in _PLACE_INITIALS)
    )


#: Initials run together (`C.D` of `C.D. Howe`, `J.K` of `J.K. Rowling`): a name goes on after them.
_INITIALS = re.compile(r"(?:[A-Z]\.)+[A-Z]")
#: Initials of places, which often end a sentence (`at his club in Bedminster, N.J. Roger Ailes ...`).
_PLACE_INITIALS = frozenset(
    {"N.J", "N.Y", "N.H", "N.C", "S.C", "N.D", "S.D", "N.M", "R.I", "B.C", "N.S", "N.B", "N.L", "P.E.I",
     "N.W.T", "E.U", "U.A.E", "S.F", "L.A"}
)  # fmt: skip
