"""Analysing documents ahead of writing: the terms, weights and positions Whoosh's analysers give."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from quotefind.analysis import stem
from quotefind.store.whoosh.compress import STORED_LEVEL, compress
from quotefind.store.whoosh.schema import cached_schema
from quotefind.store.whoosh.stored import encode_stored

#: One field of a document analysed ahead of writing: (field name, terms, their weights (None:
#: all 1.0), their values (None: all empty), length, column value). Flat tuples, not a tuple per
#: posting: worker processes pickle these and the writer unpickles them.
PreparedField = tuple[
    str, tuple[bytes, ...] | None, tuple[float, ...] | None, tuple[bytes, ...] | None, int, Any
]
#: A Whoosh document analysed ahead of writing: its fields, and its stored fields as the bytes the
#: stored column keeps (JSON, compressed: `patches.json_stored_fields`). Worker processes analyse;
#: the single writer appends.
PreparedDoc = tuple[tuple[PreparedField, ...], bytes | None]

# How `prepare_document` analyses a field (see `_field_plan`).
_NOT_INDEXED, _TEXT, _ID, _LINES, _OTHER = range(5)


@functools.lru_cache(maxsize=64)
def _field_plan(names: tuple[str, ...]) -> tuple[tuple[str, Any, int, bool, bool, Any], ...]:
    """How to analyse a document with these fields, in field order: (name, field, how, stored,
    column, token pattern).

    An `ID` field (one token, the value as it is, weight 1) gives one posting, the value itself;
    a field of one token per match of a pattern, counted (`speaker_names`), a posting per distinct
    token with its count: what Whoosh's analysis gives, without a token object.
    """
    from whoosh.analysis import IDTokenizer, RegexTokenizer
    from whoosh.fields import ID, TEXT
    from whoosh.formats import Existence, Frequency

    schema = cached_schema()
    plan = []
    for name in sorted(names):
        fieldobj = schema[name]
        pattern = None
        if not fieldobj.indexed:
            how = _NOT_INDEXED
        elif name == "text":
            how = _TEXT
        elif (
            type(fieldobj) is ID
            and type(fieldobj.analyzer) is IDTokenizer
            and type(fieldobj.format) is Existence
            and fieldobj.format.field_boost == 1.0
            and not fieldobj.scorable
        ):
            how = _ID
        elif (
            type(fieldobj) is TEXT
            and type(fieldobj.analyzer) is RegexTokenizer
            and not fieldobj.analyzer.gaps
            and not fieldobj.analyzer.expression.groups
            and type(fieldobj.format) is Frequency
            and fieldobj.format.field_boost == 1.0
        ):
            how, pattern = _LINES, fieldobj.analyzer.expression
        else:
            how = _OTHER
        has_column = fieldobj.column_type is not None
        plan.append((name, fieldobj, how, bool(fieldobj.stored), has_column, pattern))
    return tuple(plan)


@functools.cache
def _analysis() -> tuple[Any, Callable[[str], str], Callable[[list[int]], bytes]]:
    """What `text_postings` needs of Whoosh: its token pattern, its stemmer, its position coding.

    The pattern is Whoosh's with its group made non-capturing, so that `findall` gives the tokens.
    """
    import re

    from whoosh.analysis.tokenizers import default_pattern

    words = re.compile(default_pattern.pattern.replace("(\\.?", "(?:\\.?"), default_pattern.flags)
    if words.groups:
        raise ValueError(f"Unexpected token pattern of Whoosh: {default_pattern.pattern}")
    return words, stem, cached_schema()["text"].format.encode


def text_postings(value: str) -> tuple[list[tuple[bytes, int, float, bytes]], set[str]]:
    """Return the `text` postings of a value (what Whoosh's `index` gives) and its plain words."""
    terms, weights, values, _length, words = _analyse_text(value)
    postings = [
        (term, int(weight), weight, vbytes)
        for term, weight, vbytes in zip(terms, weights or (1.0,) * len(terms), values, strict=True)
    ]
    return postings, words


def _analyse_text(
    value: str,
) -> tuple[tuple[bytes, ...], tuple[float, ...] | None, tuple[bytes, ...], int, set[str]]:
    """Return the `text` terms of a value, their weights (None: all 1.0), their positions, the
    field length and the plain words.

    The same tokens, lower case, stems and positions as the schema's analyser, without building a
    Whoosh token object per word: analysing is most of what a worker does after extraction.
    """
    pattern, stem, encode = _analysis()
    low = value.lower()
    # Folded text is lower case already: then its tokens are (Whoosh lowers each token).
    words = pattern.findall(low) if low == value else [w.lower() for w in pattern.findall(value)]
    positions: dict[str, list[int]] = {}
    for pos, word in enumerate(words):
        found = positions.get(word)
        if found is None:
            positions[word] = [pos]
        else:
            found.append(pos)
    stems: dict[str, list[int]] = {}
    repeated = False
    for word, poses in positions.items():
        key = stem(word)
        if key in stems:
            stems[key] = sorted(stems[key] + poses)
            repeated = True
        else:
            stems[key] = poses
            if len(poses) > 1:
                repeated = True
    terms = tuple(key.encode() for key in stems)
    values = tuple(_one_position(p[0]) if len(p) == 1 else encode(p) for p in stems.values())
    weights = tuple(float(len(p)) for p in stems.values()) if repeated else None
    return terms, weights, values, len(words), set(positions)


@functools.lru_cache(maxsize=4096)
def _one_position(pos: int) -> bytes:
    """The `Positions` value of a word found once, at pos (most words of a statement)."""
    return _analysis()[2]([pos])


def text_words(value: str) -> set[str]:
    """Return the plain (lower case, unstemmed) words of a value, as the typo lexicon lists them."""
    return _analyse_text(value)[4]


def prepare_document(fields: dict[str, Any], words: set[str] | None = None) -> PreparedDoc:
    """Analyse a document for `add_prepared` (what `SegmentWriter.add_document` does first).

    The plain words of its `text` are added to `words` when given.
    """
    out = []
    stored: dict[str, Any] = {}
    for name, fieldobj, how, is_stored, has_column, pattern in _field_plan(tuple(fields)):
        value = fields[name]
        if value is None:
            continue
        weights = values = None
        length = 0
        if how == _ID and isinstance(value, str):
            terms: tuple[bytes, ...] | None = (value.encode(),)
        elif how == _NOT_INDEXED:
            terms = None
        elif how == _TEXT and isinstance(value, str) and fieldobj.scorable:
            terms, weights, values, length, found = _analyse_text(value)
            if words is not None:
                words |= found
        elif how == _LINES and isinstance(value, str):
            counts: dict[str, int] = {}
            for token in pattern.findall(value):
                counts[token] = counts.get(token, 0) + 1
            terms = tuple(token.encode() for token in counts)
            values = tuple(_pack_count(n) for n in counts.values())
            if any(n != 1 for n in counts.values()):
                weights = tuple(float(n) for n in counts.values())
            length = sum(counts.values()) if fieldobj.scorable else 0
        elif type(value) in (int, str):  # hashable, and no bool equal to an int
            terms, weights, values, length = _analyse_value(name, value)
        else:
            terms, weights, values, length = _analyse_value.__wrapped__(name, value)
        if is_stored:
            stored[name] = value
        column = fieldobj.to_column_value(value) if has_column else None
        out.append((name, terms, weights, values, length, column))
    return tuple(out), stored_bytes(stored)


@functools.lru_cache(maxsize=256)
def _pack_count(n: int) -> bytes:
    """The `Frequency` format's value of a token found n times."""
    from whoosh.system import pack_uint

    return pack_uint(n)


@functools.lru_cache(maxsize=4096)
def _analyse_value(
    name: str, value: Any
) -> tuple[tuple[bytes, ...], tuple[float, ...] | None, tuple[bytes, ...] | None, int]:
    """Whoosh's analysis of a field value (say, a statement's `order`, which repeats across
    articles) as terms, weights (None: all 1.0), values (None: all empty) and length."""
    fieldobj = cached_schema()[name]
    postings = list(fieldobj.index(value))
    terms = tuple(p[0] for p in postings)
    weights = tuple(p[2] for p in postings)
    values = tuple(p[3] for p in postings)
    plain_weights = all(type(w) is float and w == 1.0 for w in weights)
    length = sum(p[1] for p in postings) if postings and fieldobj.scorable else 0
    return terms, None if plain_weights else weights, values if any(values) else None, length


def stored_bytes(stored: dict[str, Any]) -> bytes | None:
    """Return what Whoosh's stored column keeps for a document's stored fields (in field order)."""
    return compress(encode_stored(stored), STORED_LEVEL) if stored else None
