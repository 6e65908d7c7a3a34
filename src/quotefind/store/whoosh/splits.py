"""Which speaker names may split (`Bank` of England, of Japan): the speaker keys that write `NAME of ...`.

A `speakers` page reads every statement of a name only when some speaker key of the index (a
folded name, mention or role) holds `NAME of `. Asking the whole lexicon (`_Lexicons.speaker_lines`)
meant reading its ~619,000 term records at 1M statements (~0.25 s of a ~1.5 s process); only
~50,000 of them hold ` of `, which the term files are searched for at C speed (~0.13 s). An index
written since the `speaker_of` field holds that text, reversed, as terms (`of_terms`): whether a
name may split is then a prefix lookup in each segment.
"""

from __future__ import annotations

import re
import struct
import weakref
from bisect import bisect_right
from collections.abc import Iterable
from typing import Any

_OF = re.compile(rb" (?=of )")
#: The field of `of_terms` (`schema.build_schema`).
OF_FIELD = "speaker_of"


def of_terms(keys: Iterable[str]) -> list[str]:
    """The `speaker_of` terms of a statement's speaker keys: the text before each ` of ` of a key
    (a key holding it twice gives two), as `_text_before_of` finds it in the terms, reversed, so
    that the keys ending with a name (`governor of the bank`, `bank`) start with it reversed."""
    found: dict[str, None] = {}
    for key in keys:
        at = key.find(" of ")
        while at >= 0:
            if at:  # an empty text before is no term (`[^\n]+` tokens)
                found[key[:at][::-1]] = None
            at = key.find(" of ", at + 1)
    return list(found)


class SplitNames:
    """`may_split(key)`: whether a speaker key of the index holds `KEY of `, as
    `lex.speaker_lines.find(f"{key} of ") >= 0` says, read on first use."""

    def __init__(self, searcher: Any, lex: Any, field: str = "speaker_names") -> None:
        self._searcher = searcher
        self._lex = lex
        self._field = field
        self._before: str | None = None
        self._terms: list[Any] | None = None

    def may_split(self, key: str) -> bool:
        if self._terms is None:
            self._terms = _of_readers(self._searcher)
        if self._terms:
            # Kept with the searcher: a library that lists pages again looks each name up once.
            said = _SAID.setdefault(self._searcher, {})
            if key not in said:
                prefix = key[::-1]
                said[key] = any(
                    next(iter(reader.expand_prefix(OF_FIELD, prefix)), None) is not None
                    for reader in self._terms
                )
            return said[key]
        if self._before is None:
            found = _before_of(self._searcher, self._field)
            # Not the Whoosh 3 term files read here: ask the lexicon.
            self._before = "" if found is None else found
            self._whole = found is None
        if self._whole:
            return self._lex.speaker_lines.find(f"{key} of ") >= 0
        # `KEY of ` stands in a key exactly when the key's text before one of its ` of ` ends with KEY.
        return self._before.find(f"{key}\n") >= 0


#: `SplitNames.may_split` of each searcher (one state of an index) by name, where it looks the
#: names up in the `speaker_of` terms.
_SAID: weakref.WeakKeyDictionary[Any, dict[str, bool]] = weakref.WeakKeyDictionary()


def _of_readers(searcher: Any) -> list[Any]:
    """The segments' readers when every segment holds the `speaker_of` terms of all its statements
    (`credits.has_credits`), else [] (some segment was written before the field: `_text_before_of`)."""
    from quotefind.store.whoosh.credits import has_credits

    readers = [sub.reader() for sub, _ in searcher.leaf_searchers()]
    try:
        return readers if readers and all(has_credits(r) for r in readers) else []
    except (AttributeError, TypeError, ValueError):
        return []


#: `_text_before_of` of each searcher (one state of an index) by field, kept with it: a library
#: that lists pages again (the bench, a server) searches the term files once.
_BEFORE: weakref.WeakKeyDictionary[Any, dict[str, str | None]] = weakref.WeakKeyDictionary()


def _before_of(searcher: Any, field: str) -> str | None:
    """`_text_before_of`, read once per searcher."""
    kept = _BEFORE.setdefault(searcher, {})
    if field not in kept:
        kept[field] = _text_before_of(searcher, field)
    return kept[field]


def _text_before_of(searcher: Any, field: str) -> str | None:
    """Return, one a line, the text before each ` of ` of each term of a field in every segment (a
    term holding ` of ` twice gives two lines), or None when a segment is not the memory-mapped
    Whoosh 3 term file this reads.

    A segment's terms of the field are a run of records (`!ii` key and value lengths, a 2-byte field
    number, the term, the value: `search.lexicons._read_lexicon`), each record's position listed in
    the file's index array. ` of ` is searched for in the whole run (values too, at C speed); a
    match counts only inside a term.
    """
    from quotefind.store.whoosh.lexicons import field_runs

    lengths = struct.Struct("!i").unpack_from
    lines: set[bytes] = set()
    try:
        for table, start, stop in field_runs(searcher, field):
            dbfile = table.dbfile
            positions = dbfile.get_array(table.indexbase, table.extras["indextype"], table.indexlen)
            first, last = bisect_right(positions, start - 1), bisect_right(positions, stop - 1)
            # The mapped file itself, searched in place (`patches.read_segments_in_place`).
            view = dbfile._buf
            for match in _OF.finditer(view, start, stop):
                at = match.start()
                record = positions[bisect_right(positions, at, first, last) - 1]
                # The term is the key after its 2-byte field number; ` of ` must end inside it.
                if record + 10 <= at and at + 4 <= record + 8 + lengths(view, record)[0]:
                    lines.add(bytes(view[record + 10 : at]))
    except (AttributeError, TypeError, ValueError, KeyError, struct.error):
        return None
    try:
        return "".join(line.decode("utf-8") + "\n" for line in lines)
    except UnicodeDecodeError:
        return None
