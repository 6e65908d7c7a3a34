"""The scale corpus: the corpora again and again, each copy reworded, and recall queries drawn from it.

Copy 0 of an article is the article; copy g > 0 replaces about half of its content words (not
function words, never a capitalised word) by other corpus words of the same length, the same
replacement for a word throughout the copy. The length is kept, so the statements extracted once
from the article keep their offsets, and a copy's statements are those statements reworded: the
index grows by distinct wordings and a growing vocabulary of word pairs, as a news archive does,
not by copies of one story (which `copies.py` stores once). Nothing is extracted again per copy.
"""

from __future__ import annotations

import dataclasses
import pickle
import random
import re
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from figures.common import SEED

#: The share of a copy's content-word types that it replaces, in percent.
REWORD_PERCENT = 50
#: Recall queries per scale step.
RECALL_QUERIES = 200
#: A recall query is this many consecutive words of a statement (all of a shorter one).
RECALL_WORDS = 8
#: Statements shorter than this many words are not drawn for recall queries.
RECALL_MIN_WORDS = 6

_LOWER = re.compile(r"\b[a-z]{4,}\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")


@dataclasses.dataclass
class Base:
    """The corpora's articles, their statements (extracted once) and the words a copy draws from."""

    articles: list[Any]
    statements: list[list[Any]]
    by_length: dict[int, list[str]]


def load_base(paths: Sequence[Path], cache: Path) -> Base:
    """Read and extract the corpora once; later calls (and other workers) read the cache."""
    if cache.is_file():
        return pickle.loads(cache.read_bytes())
    from figures.corpus import read_articles
    from quotefind.extract import extract
    from quotefind.search.query import STOPWORDS

    articles = read_articles(paths)
    statements = [list(extract(a)) for a in articles]
    words = sorted(
        {w for sts in statements for st in sts for w in _LOWER.findall(st.text) if w not in STOPWORDS}
    )
    by_length: dict[int, list[str]] = {}
    for w in words:
        by_length.setdefault(len(w), []).append(w)
    base = Base(articles, statements, by_length)
    cache.write_bytes(pickle.dumps(base, protocol=pickle.HIGHEST_PROTOCOL))
    return base


def _replacer(base: Base, copy: int) -> Any:
    from quotefind.search.query import STOPWORDS

    chosen: dict[str, str] = {}

    def replace(m: re.Match[str]) -> str:
        word = m.group()
        got = chosen.get(word)
        if got is None:
            h = zlib.crc32(f"{copy}:{word}".encode())
            pool = base.by_length.get(len(word), ())
            got = word
            if word not in STOPWORDS and h % 100 < REWORD_PERCENT and pool:
                got = pool[(h // 100) % len(pool)]
            chosen[word] = got
        return got

    return replace


def reword(base: Base, copy: int, text: str) -> str:
    """The text as copy `copy` words it (copy 0: unchanged); the same length."""
    if copy == 0:
        return text
    return _LOWER.sub(_replacer(base, copy), text)


def copy_article(base: Base, g: int) -> tuple[Any, list[Any]]:
    """Article number g of the endless corpus (copy g // n of article g % n) and its statements."""
    from quotefind.model import Article, Statement

    n = len(base.articles)
    copy, a = divmod(g, n)
    src = base.articles[a]
    if copy == 0:
        article = Article(text=src.text, source=src.source, key=f"scale0:{src.key}")
        return article, base.statements[a]
    replace = _replacer(base, copy)
    article = Article(text=_LOWER.sub(replace, src.text), source=src.source, key=f"scale{copy}:{src.key}")
    out = []
    for st in base.statements[a]:
        out.append(
            dataclasses.replace(
                st,
                id=Statement.make_id(article.id, st.start, st.end),
                text=_LOWER.sub(replace, st.text),
                context=_LOWER.sub(replace, st.context),
                article_id=article.id,
            )
        )
    return article, out


def recall_queries(base: Base, written: int, count: int = RECALL_QUERIES) -> list[dict[str, Any]]:
    """Queries drawn from the statements of the first `written` articles (fixed seed): a run of
    RECALL_WORDS words of a statement, every other one with a typo in one or two of its longer words.
    Each names the statement it comes from (its id and its text)."""
    from figures.corpus import _typo

    rng = random.Random(SEED)
    out: list[dict[str, Any]] = []
    tries = 0
    while len(out) < count and tries < count * 200:
        tries += 1
        _, statements = copy_article(base, rng.randrange(written))
        if not statements:
            continue
        st = rng.choice(statements)
        words = _WORD.findall(st.text)
        if len(words) < RECALL_MIN_WORDS:
            continue
        size = min(len(words), RECALL_WORDS)
        at = rng.randrange(0, len(words) - size + 1)
        chosen = words[at : at + size]
        if len(out) % 2:
            long = [i for i, w in enumerate(chosen) if len(w) >= 5]
            for i in rng.sample(long, min(len(long), rng.randint(1, 2))):
                chosen[i] = _typo(chosen[i], rng)
        out.append({"query": " ".join(chosen), "id": st.id, "text": st.text, "typo": bool(len(out) % 2)})
    return out
