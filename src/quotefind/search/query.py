"""Query text: phrases and loose words, contractions, function words, word similarity (transliteration)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from quotefind.analysis import fold
from quotefind.errors import QueryError
from quotefind.model import KINDS

#: Function words: they rank and rerank, but never fetch candidates while a content word can.
STOPWORDS = frozenset(
    """a about after against all also an and any are as at be because been before being but by can
    could did do does doing don down during each few for from further had has have having he her here
    hers him his how i if in into is it its itself just me more most my no nor not now of off on once
    only or other our ours out over own said same say says she should so some such than that the their
    theirs them then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours""".split()
)

#: Contractions spelled out in queries, so `don't` meets `do not`.
CONTRACTIONS: tuple[tuple[str, str], ...] = (
    (r"\bcan't\b", "cannot"),
    (r"\bwon't\b", "will not"),
    (r"\bshan't\b", "shall not"),
    (r"n't\b", " not"),
    (r"'re\b", " are"),
    (r"'ve\b", " have"),
    (r"'ll\b", " will"),
    (r"'m\b", " am"),
    (r"'d\b", " would"),
)

#: Spelling keys for transliterated names (Sergej/Sergey/Sergei, Aleksei/Alexey, Yuri/Yury),
#: applied to both sides of a speaker comparison: rules as data, in order.
TRANSLITERATION: tuple[tuple[str, str], ...] = (
    (r"ks", "x"),
    (r"kh", "h"),
    (r"ph", "f"),
    (r"w", "v"),
    (r"tsch|tch", "ch"),
    (r"sch", "sh"),
    (r"j(?=[aeiou])", "y"),
    (r"(?:iy|ij|yj|ej|ei|ey|ii|yi|i)$", "y"),
)

#: Abbreviated titles as news writes them (`Sen.`, `Lt. Gov.`, `Atty. Gen.`, folded to words) and
#: the words they stand for: a speaker stored as `Sen.` is found as `senator` and the other way round.
ROLE_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("sen", "senator"),
    ("sens", "senators"),
    ("rep", "representative"),
    ("reps", "representatives"),
    ("gov", "governor"),
    ("lt", "lieutenant"),
    ("gen", "general"),
    ("supt", "superintendent"),
    ("insp", "inspector"),
    ("prof", "professor"),
    ("dr", "doctor"),
    ("rev", "reverend"),
    ("atty", "attorney"),
)

#: At most this many words of a query count (fetching and ranking); the rest are ignored, so a
#: pasted page costs what a long sentence does (issue 14: a 2,000-word query took 25 s of CPU).
MAX_QUERY_WORDS = 40
#: A quoted phrase longer than this many words must match only its first this-many words in order.
MAX_PHRASE_WORDS = 12

_PHRASE = re.compile(r'"([^"]*)"')

_WORD = re.compile(r"\w+")

_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")

_GLOB = re.compile(r"[*?\[]")

_CONTRACTIONS = tuple((re.compile(p), r) for p, r in CONTRACTIONS)

_TRANSLIT = tuple((re.compile(p), r) for p, r in TRANSLITERATION)


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A text query split into quoted phrases and loose words."""

    phrases: tuple[str, ...]
    """Words that must stand together, in order (folded)."""
    words: tuple[str, ...]
    """Words found anywhere, typos allowed (folded, contractions spelled out)."""
    text: str
    """The folded query without quote marks, for the fuzzy rerank."""

    @property
    def empty(self) -> bool:
        """True when the query has no words at all."""
        return not self.phrases and not self.words


def _spell_out(text: str) -> str:
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return text


def parse_query(query: str) -> ParsedQuery:
    """Split a query into `"exact phrases"` (straight or curly quotes) and loose words."""
    folded = fold(query)
    # The caps bound the work of a pasted page (see MAX_QUERY_WORDS): its first words decide.
    phrases = tuple(
        " ".join(p.split()[:MAX_PHRASE_WORDS]) for p in _PHRASE.findall(folded)[:MAX_QUERY_WORDS] if p.strip()
    )
    rest = _spell_out(_PHRASE.sub(" ", folded).replace('"', " "))
    words = tuple(_WORD.findall(rest)[: max(0, MAX_QUERY_WORDS - sum(len(p.split()) for p in phrases))])
    text = " ".join([*phrases, *words])
    return ParsedQuery(phrases=phrases, words=words, text=text)


@lru_cache(maxsize=16384)
def _translit(word: str) -> str:
    for pattern, replacement in _TRANSLIT:
        word = pattern.sub(replacement, word)
    return word


def _word_similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    if a == b:
        return 100.0
    return max(fuzz.ratio(a, b), fuzz.ratio(_translit(a), _translit(b)))


def _word_spans(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _check_filters(kind: str | None, since: str | None, until: str | None) -> None:
    if kind and kind not in KINDS:
        raise QueryError(f"Unknown kind {kind!r} - use one of: {', '.join(KINDS)}.")
    for name, value in (("since", since), ("until", until)):
        if value and not _DATE.match(value):
            raise QueryError(f"--{name} {value!r} is not a date - write it as YYYY, YYYY-MM or YYYY-MM-DD.")


_ROLE_WORD = dict(ROLE_ABBREVIATIONS)


def role_word(word: str) -> str:
    """Return the full word of an abbreviated title (`sen` -> `senator`), other words unchanged."""
    return _ROLE_WORD.get(word, word)
