"""Text analysis shared by writing and querying: folding, stems, wording keys and speaker keys.

The writer (`quotefind.store`) and the query side (`quotefind.search`) both import this module, so
what a statement is indexed under and what a query looks for can never disagree.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from quotefind.model import Speaker, short_hash

#: Words that make a poor speaker alias (they name nobody on their own).
PRONOUNS = frozenset(
    """he she they it we i you him her them us his hers their its our who which this that""".split()
)


_FOLD_EXTRA = {
    "ø": "o",
    "Ø": "o",
    "æ": "a",
    "Æ": "a",
    "ß": "s",
    "đ": "d",
    "Đ": "d",
    "ł": "l",
    "Ł": "l",
    "ı": "i",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
}
_PUNCT_SPACE = {ord(c): " " for c in "-‐‑‒–—_/.,;:'\"()"}


class _FoldTable(dict[int, str]):
    """`str.translate` table that folds each character once, on first sight, to exactly one character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = _FOLD_EXTRA.get(ch)
        if out is None:
            base = unicodedata.normalize("NFKD", ch)[:1] or ch
            low = base.lower()
            out = low if len(low) == 1 else base
        self[code] = out
        return out


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Fold case, accents and curly quotes without changing the length, so offsets carry over."""
    return text.translate(_FOLD)


def fold_name(text: str) -> str:
    """Fold a name for comparison: accents, case, hyphens and punctuation as spaces, squeezed."""
    return " ".join(fold(text).translate(_PUNCT_SPACE).split())


def text_key(text: str) -> str:
    """Return what two statements with the same words (case, accents, spacing aside) share."""
    return short_hash(" ".join(fold(text).split()))


def fold_label(text: str) -> str:
    """Fold a source label (path, title, publisher): accents and case, whitespace squeezed."""
    return " ".join(fold(text).split())


def speaker_keys(speaker: Speaker) -> list[str]:
    """Return the folded names a `--speaker` filter finds a statement by: name, mention, role."""
    out: list[str] = []
    for value in (speaker.name, speaker.mention, speaker.role):
        key = fold_name(value or "")
        if key and key not in PRONOUNS and key not in out:
            out.append(key)
    return out


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return the Porter stem of a folded word (what the index's `text` field holds)."""
    from whoosh.lang.porter import stem as porter

    return porter(word)
