"""The corpora: which files, read as articles, and the query sets drawn from their statements."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from figures.common import ARTICLE_GLOB, CORPUS_DIRS, FALLBACK_SPEAKERS, SEED, SEEDS, BenchError

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")


def corpus_paths(corpus: str, corpora: Path) -> list[Path]:
    """The folders that make up a corpus name (`seeds`, `bbc`, `reuters`, `polnear`, `all`)."""
    if corpus == "seeds":
        return [SEEDS]
    names = list(CORPUS_DIRS) if corpus == "all" else [corpus]
    paths = [corpora / CORPUS_DIRS[n] for n in names]
    missing = [p for p in paths if not p.is_dir()]
    if missing:
        raise BenchError(
            f"The research corpora are not at {corpora} (missing {missing[0].name}) - run from a checkout "
            "beside ../shared, pass --corpora PATH, or use --corpus seeds."
        )
    return paths


def read_articles(paths: Sequence[Path], limit: int | None = None) -> list[Any]:
    """Read the articles of the folders (every k-th one when a limit asks for a spread subset)."""
    from quotefind.ingest import Skipped, read_inputs

    articles = [
        a for a in read_inputs([str(p) for p in paths], glob=ARTICLE_GLOB) if not isinstance(a, Skipped)
    ]
    if limit and len(articles) > limit:
        step = len(articles) / limit
        articles = [articles[int(i * step)] for i in range(limit)]
    return articles


def _typo(word: str, rng: random.Random) -> str:
    """One edit a hurried typist makes: swap, drop, double or replace a letter (not the first)."""
    i = rng.randrange(1, len(word) - 1)
    how = rng.choice(("swap", "drop", "double", "replace"))
    if how == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if how == "drop":
        return word[:i] + word[i + 1 :]
    if how == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiourstnl") + word[i + 1 :]


def _verbatim_phrase(rng: random.Random, runs: Sequence[tuple[list[str], str]]) -> str:
    """Three words that stand together, verbatim, in a statement (so grep finds them too)."""
    phrase = ""
    for _ in range(50):
        words, text = rng.choice(runs)
        at = rng.randrange(0, len(words) - 2)
        phrase = " ".join(words[at : at + 3])
        if phrase in text:
            break
    return phrase


def build_queries(statements: Sequence[Any], count: int) -> dict[str, list[str]]:
    """Draw text, fuzzy-typo, phrase and speaker queries from extracted statements (fixed seed)."""
    rng = random.Random(SEED)
    runs = []
    for st in statements:
        words = _WORD.findall(st.text)
        if len(words) >= 3:
            runs.append((words, st.text))
    if not runs:
        raise BenchError("The corpus gave no statement of three words or more to draw queries from.")
    text, typo, phrase = [], [], []
    for _ in range(count):
        words = rng.choice(runs)[0]
        size = min(len(words), rng.randint(3, 5))
        at = rng.randrange(0, len(words) - size + 1)
        chosen = words[at : at + size]
        text.append(" ".join(chosen))
        long = [i for i, w in enumerate(chosen) if len(w) >= 5]
        bent = list(chosen)
        for i in rng.sample(long, min(len(long), 2)) or [0]:
            bent[i] = _typo(bent[i], rng) if len(bent[i]) >= 3 else bent[i]
        typo.append(" ".join(bent))
        phrase.append(_verbatim_phrase(rng, runs))
    names: dict[str, int] = {}
    for st in statements:
        if st.speaker.name:
            names[st.speaker.name] = names.get(st.speaker.name, 0) + 1
    speakers = [n for n, _ in sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))][: count // 2]
    speakers += [n.split()[-1] for n in speakers[: count - len(speakers)] if " " in n]
    speakers += [n for n in FALLBACK_SPEAKERS if n not in speakers]
    return {"text": text, "fuzzy-typo": typo, "phrase": phrase, "speaker": speakers[:count]}
