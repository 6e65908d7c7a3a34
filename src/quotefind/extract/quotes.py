"""Quotation spans: pairing quote marks paragraph by paragraph, in one linear pass."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from quotefind.extract.lexicon import QUOTE_FAMILY, QUOTE_OPENERS

# One mark character, and a second `'`, `‘` or `’` after a first (`''`, `‘‘`, `‘’`, `’’`: one double mark):
# starting with a character class, the search skips to the next mark in C instead of trying a match at
# every character.
_ONE_CHAR_MARKS = "".join(c for c in QUOTE_FAMILY if len(c) == 1)
_MARK = re.compile("[" + re.escape(_ONE_CHAR_MARKS) + "](?:(?<=')'|(?<=‘)[‘’]|(?<=’)’)?")
_OPEN_BEFORE = frozenset("([{—–-/:;,")
_CLOSE_AFTER = frozenset(".,;:!?)]}—–-/…")


class Mark(NamedTuple):
    """One quote mark in the text and what it can do there (a tuple: texts can hold millions)."""

    char: str
    """The mark (`“`, `''`, ...)."""
    start: int
    """Offset of the mark."""
    end: int
    """Offset one past the mark."""
    can_open: bool
    """It stands where a quotation may begin."""
    can_close: bool
    """It stands where a quotation may end."""


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: the words inside a pair of marks (or up to a paragraph break that continues it)."""

    start: int
    """First character inside the opening mark (spaces trimmed)."""
    end: int
    """One past the last character before the closing mark (spaces trimmed)."""
    open_at: int
    """Offset of the opening mark."""
    close_end: int
    """Offset one past the closing mark (or the end of the piece when it continues)."""
    closed: bool
    """False for a piece that runs on into the next opening mark (multi-paragraph quotes)."""


def find_marks(
    text: str, start: int, end: int, within: Sequence[tuple[int, int]] | None = None
) -> list[Mark]:
    """Return the quote marks of text[start:end] with their opening and closing power.

    A mark that can neither open nor close (an apostrophe inside a word, a mark between two spaces)
    plays no part in pairing and is left out. `within` are sorted spans of text[start:end] to look in
    (marks elsewhere are left out, as in photo captions); the characters next to a mark are read up
    to start and end all the same.
    """
    marks: list[Mark] = []
    append = marks.append
    new = _new_tuple
    cache = _FLAGS
    for lo, hi in ((start, end),) if within is None else within:
        for found in _MARK.finditer(text, lo, hi):
            i, j = found.span()
            # The context of a mark: the character before, the mark, the character after (a space outside).
            key = text[i - 1 : j + 1] if start < i and j < end else _context(text, start, end, i, j)
            flags = cache.get(key)
            if flags is None:
                flags = _context_flags(key)
            if flags:
                mark, left, right, _, _ = flags
                append(new(Mark, (mark, i, j, left, right)))
    return marks


def find_quotes(
    text: str,
    start: int,
    end: int,
    within: Sequence[tuple[int, int]] | None = None,
    next_para: tuple[int, int] | None = None,
) -> list[Quote] | None:
    """Return the quotations of a paragraph, pairing its marks as they are found (no `Mark` is made).

    The same as `pair_quotes(find_marks(...))` in one pass, the hot path of a text dense in marks;
    None when no mark can open or close. `next_para` is the span of the next paragraph: a quotation
    still open at the end runs on when that paragraph opens with a mark.
    """
    out: list[Quote] = []
    cache = _FLAGS
    live = False
    # The open quotation: its mark, offset, end, family and the marks that close it (char is "" when none).
    open_char = open_family = closers = ""
    open_at = open_end = 0
    for lo, hi in ((start, end),) if within is None else within:
        for found in _MARK.finditer(text, lo, hi):
            i, j = found.span()
            key = text[i - 1 : j + 1] if start < i and j < end else _context(text, start, end, i, j)
            flags = cache.get(key)
            if flags is None:
                flags = _context_flags(key)
            if not flags:
                continue
            live = True
            char, can_open, can_close, family, its_closers = flags
            if not open_char:
                if can_open:
                    open_char, open_at, open_end, open_family, closers = char, i, j, family, its_closers
                continue
            if family != open_family:
                if (
                    _mismatched(open_char, char, can_open, can_close, text, i)
                    and char not in text[open_end:i]
                ):
                    _add_span(out, text, open_at, open_end, i, j, closed=True)
                    open_char = ""
                continue  # a nested quote of another family stays inside
            if char in closers and can_close and not (can_open and i == open_end):
                _add_span(out, text, open_at, open_end, i, j, closed=True)
                open_char = ""
            elif can_open and not can_close:
                before = text[open_end:i].rstrip()
                if before.endswith((".", "!", "?", "…")):
                    _add_span(out, text, open_at, open_end, len(before) + open_end, i, closed=False)
                open_char, open_at, open_end, open_family, closers = char, i, j, family, its_closers
    if not live:
        return None
    if open_char and next_para is not None and opens_with_mark(text, *next_para):
        _add_span(out, text, open_at, open_end, end, end, closed=False)
    return out


def _mismatched(open_char: str, char: str, can_open: bool, can_close: bool, text: str, i: int) -> bool:
    """Tell whether a straight mark closes a quotation opened by the other straight mark (a typo).

    `'We are done," a tired Ann Lee said`: only after the punctuation that ends a quotation, where the
    mark cannot open one, and (checked by the callers) with no mark of its kind since the opener: then it
    closes a quotation nested inside (`"he would say, 'uh huh,' and`).
    """
    return (
        {open_char, char} == _STRAIGHT
        and can_close
        and not can_open
        and text[i - 1 : i] in (",", ".", "!", "?")
    )


_STRAIGHT = frozenset({"'", '"'})


def _context_flags(key: str) -> tuple[str, bool, bool, str, str] | tuple[()]:
    """Work out and remember what a mark can do in its context (see `_FLAGS`)."""
    if len(_FLAGS) >= _MAX_FLAGS:
        _FLAGS.clear()
    mark = key[1:-1]
    left, right = _mark_flags(key[0], mark, key[-1])
    if not (left or right):
        _FLAGS[key] = ()
        return ()
    flags = _FLAGS[key] = (mark, left, right, QUOTE_FAMILY[mark], QUOTE_OPENERS[mark])
    return flags


def _context(text: str, start: int, end: int, i: int, j: int) -> str:
    """Return the character before, the mark text[i:j] and the character after, spaces outside start:end.

    A double mark that opens a paragraph before a spaced ellipsis opens a quotation taken up in its
    middle (`” … what I learned is that`): it is read as if the ellipsis touched it.
    """
    after = text[j] if j < end else " "
    if (
        i == start
        and after == " "
        and QUOTE_FAMILY.get(text[i:j]) == "double"
        and text.startswith(_ELLIPSES, j + 1)
    ):
        after = "…"
    return (text[i - 1] if i > start else " ") + text[i:j] + after


_ELLIPSES = ("…", "...", ". . .")


_new_tuple = tuple.__new__  # skips the NamedTuple's Python-level __new__: adversarial texts have millions


#: Context (char before, mark, char after, one string) -> (mark, can open, can close, its family, the
#: marks that close it), or () for a mark that can do neither: marks meet few contexts, so each is
#: worked out once (bounded, so that no text can grow it without limit).
_FLAGS: dict[str, tuple[str, bool, bool, str, str] | tuple[()]] = {}
_MAX_FLAGS = 50_000


def _mark_flags(prev: str, mark: str, nxt: str) -> tuple[bool, bool]:
    """Return whether a mark between these two characters can open and whether it can close."""
    left = not nxt.isspace() and (prev.isspace() or prev in _OPEN_BEFORE or prev in QUOTE_FAMILY)
    right = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_AFTER or nxt in QUOTE_FAMILY)
    if mark in ("’", "'") and prev.isalnum() and nxt.isalnum():
        left = right = False  # an apostrophe inside a word: Europe’s, don't
    if mark in ("’", "'") and left and not right and not prev.isspace() and prev not in "([{—–":
        left = False
    if mark == "“" and not left and nxt.isalnum() and not prev.isalnum():
        left = True  # “ has no other use, so a missing space before it does not matter
    if mark in ('"', "''") and prev.isspace() and nxt.isspace():
        right = True  # NYT copy: `coalitions, '' said Mr. Gunnels`
    if mark == "”" and not right and prev in ".,!?":
        right = True
    if mark == "’" and not right and prev in ".,!?" and not nxt.isalpha():
        right = True
    return left, right


def pair_quotes(text: str, marks: list[Mark], para_end: int, next_para_opens: bool) -> list[Quote]:
    """Pair the marks of one paragraph into quotations.

    Marks of another family than the open quotation are nested quotes and stay inside it. An opener
    that meets another opener of its family after a full stop is a quotation that runs on (BBC
    style paragraphs merged into one line); anywhere else the earlier opener was stray and only
    that one quotation is lost. An opener still open at the paragraph end continues when the next
    paragraph opens with a mark too.
    """
    out: list[Quote] = []
    open_mark: Mark | None = None
    for mark in marks:
        if open_mark is None:
            if mark.can_open:
                open_mark = mark
            continue
        fam = QUOTE_FAMILY[mark.char]
        if fam != QUOTE_FAMILY[open_mark.char]:
            if (
                _mismatched(open_mark.char, mark.char, mark.can_open, mark.can_close, text, mark.start)
                and mark.char not in text[open_mark.end : mark.start]
            ):
                _add(out, text, open_mark, mark.start, mark.end, closed=True)
                open_mark = None
            continue
        closes = mark.char in QUOTE_OPENERS[open_mark.char] and mark.can_close
        if closes and not (mark.can_open and mark.start == open_mark.end):
            _add(out, text, open_mark, mark.start, mark.end, closed=True)
            open_mark = None
        elif mark.can_open and not mark.can_close:
            before = text[open_mark.end : mark.start].rstrip()
            if before.endswith((".", "!", "?", "…")):
                _add(out, text, open_mark, len(before) + open_mark.end, mark.start, closed=False)
            open_mark = mark
    if open_mark is not None and next_para_opens:
        _add(out, text, open_mark, para_end, para_end, closed=False)
    return out


def _add(out: list[Quote], text: str, mark: Mark, end: int, close_end: int, *, closed: bool) -> None:
    """Append the quotation between a mark and `end`, spaces trimmed, if it holds any words."""
    _add_span(out, text, mark.start, mark.end, end, close_end, closed=closed)


def _add_span(
    out: list[Quote], text: str, open_at: int, start: int, end: int, close_end: int, *, closed: bool
) -> None:
    """Append the quotation between an opening mark (at `open_at`, ending at `start`) and `end`."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and _ALNUM.search(text, start, min(end, start + 200)):
        out.append(Quote(start, end, open_at, close_end, closed))


_ALNUM = re.compile(r"[^\W_]")  # a letter or digit (the class of str.isalnum), found in C


def opens_with_mark(text: str, start: int, end: int) -> bool:
    """Tell whether a paragraph begins with an opening quote mark."""
    return (
        start < end
        and text[start] in QUOTE_FAMILY
        and text[start] not in ("’", "»")
        and (start + 1 < end and not text[start + 1].isspace())
    )
