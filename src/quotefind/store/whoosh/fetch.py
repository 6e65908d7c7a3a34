"""Candidate fetching: the Whoosh query of a text query (stems, typo expansions, phrases)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from quotefind.analysis import stem
from quotefind.search.query import _WORD, STOPWORDS, ParsedQuery
from quotefind.search.rank import weigh_words
from quotefind.store.whoosh.lexicons import _Lexicons
from quotefind.store.whoosh.matchers import all_but_one, intersect, phrase

#: At most this many indexed words stand in for one mistyped query word.
MAX_EXPANSIONS = 8

#: A known word in at most this many statements may be a typo (see `_expansions`).
RARE_WORD = 3

#: A rare word stands for a neighbour only when the neighbour is this many times more frequent.
TYPO_RATIO = 5

#: The rarest this many content words of a query fetch the candidates (all of them rerank).
RECALL_WORDS = 4

#: Beyond the first two, fetching words are added while they fetch at most this many statements.
FETCH_BUDGET = 1000

#: At most this many content words (the rarest) are tried together before the rarest fetch alone.
TOGETHER_WORDS = 8
#: A query word that names more than this many speaker keys does not fetch their statements.
NAMED_KEYS = 30
#: A query word in more than this share of the statements does not fetch candidates on its own.
COMMON_SHARE = 0.02


def _expansions(searcher: Any, word: str, lex: _Lexicons) -> list[str]:
    """Return indexed words that a (folded) query word may be a typo of.

    An unknown word stands for its neighbours within a small edit distance. A known word is taken
    as typed, unless it is rare and a neighbour is far more frequent (`goverment`, misspelt once
    in the corpus, next to `government`): fetching `might`, `night` and `right` for `eight` would
    only slow the query and dilute the candidates, and only a rare word makes the query read the
    index's whole vocabulary.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    if len(word) < 4:
        return []
    # The words field lists a word once per commit: how much it is used, its stem's frequency tells.
    known = searcher.doc_frequency("text", stem(word)) if searcher.doc_frequency("words", word) else 0
    if known > RARE_WORD:
        return []
    maxdist = 1 if len(word) < 8 else 2
    found = [
        choice
        for choice, _, _ in process.extract(
            word, lex.words, scorer=OSA.distance, score_cutoff=maxdist, limit=MAX_EXPANSIONS + 1
        )
        if choice != word
    ]
    if not known:
        return found[:MAX_EXPANSIONS]
    likelier = [(searcher.doc_frequency("text", stem(v)), v) for v in found]
    return [v for df, v in sorted(likelier, reverse=True) if df >= TYPO_RATIO * known][:2]


@dataclass(frozen=True, slots=True)
class WordGroup:
    """A loose query word as the index sees it: its stem and the words it may be a typo of."""

    word: str
    """The folded query word."""
    query: Any
    """The Whoosh query that finds it (its stem, boosted, or any of its typo expansions)."""
    df: int
    """Statements holding the stem or an expansion (an upper bound: one may hold both)."""
    stop: bool
    """True for a function word."""


def word_groups(searcher: Any, lex: _Lexicons, words: Iterable[str]) -> dict[str, WordGroup]:
    """Return the group of each distinct query word (see `WordGroup`)."""
    from whoosh.query import Or, Term

    out: dict[str, WordGroup] = {}
    for word in dict.fromkeys(words):
        key = stem(word)
        variants = _expansions(searcher, word, lex)
        # Expansions often share a stem (`reserve`, `reserves`, `reserved`): one term each, weighed
        # as often as it stands for one (the score Whoosh gave the repeated terms), so that its
        # postings are read once, not once per expansion.
        boosts = {key: 2.0}
        for v in variants:
            boosts[stem(v)] = boosts.get(stem(v), 0.0) + 1.0
        group = Or([Term("text", s, boost=b) for s, b in boosts.items()])
        # A typo's group is as common as the words it stands for: `thre` (for the, there, three)
        # must not fetch candidates, no more than `the` would.
        df = searcher.doc_frequency("text", key) + sum(
            searcher.doc_frequency("text", stem(v)) for v in variants
        )
        out[word] = WordGroup(word, group, df, word in STOPWORDS)
    return out


def weigher(lex: _Lexicons, groups: dict[str, WordGroup]) -> Callable[[str], float]:
    """Return the rerank's weight of a query word (see `rank.weigh_words`) from this index's counts."""
    return weigh_words(lex.statement_count, {word: g.df for word, g in groups.items()})


def _phrase_queries(parsed: ParsedQuery) -> list[Any]:
    from whoosh.query import Term

    phrases = []
    for words in parsed.phrases:
        tokens = [stem(w) for w in _WORD.findall(words)]
        if len(tokens) == 1:
            phrases.append(Term("text", tokens[0]))
        elif tokens:
            phrases.append(phrase("text", tokens))
    return phrases


def fetch_stages(
    lex: _Lexicons, parsed: ParsedQuery, groups: dict[str, WordGroup], named: dict[str, list[str]]
) -> list[Any]:
    """Return the Whoosh queries that fetch candidates, to be tried in order until the pool is full.

    1. every content word together (typos allowed), then every content word but one: a statement
       that holds most of the query is fetched before any that holds only its rarest words;
    2. statements of a speaker a query word names (`named`: word -> speaker keys) holding another
       query word (who + what);
    3. the rarest content words (at least two, more while they fetch few statements), or, when
       the query has only common words, all of them.
    Quoted phrases must match in every stage.
    """
    from whoosh.query import Or, Term

    phrases = _phrase_queries(parsed)
    common_df = max(50, int(lex.doc_count * COMMON_SHARE))
    content = sorted((g for g in groups.values() if not g.stop), key=lambda g: g.df)[:TOGETHER_WORDS]
    stages: list[Any] = []

    def add(query: Any | None) -> None:
        parts = [*phrases, *([query] if query is not None else [])]
        if parts:
            stages.append(intersect(parts) if len(parts) > 1 else parts[0])

    if len(content) >= 2:
        add(intersect([g.query for g in content]))
    if len(content) >= 3:
        add(all_but_one([g.query for g in content]))
    for word, keys in named.items():
        others = [g.query for g in content if g.word != word]
        if keys and others:
            add(
                intersect(
                    [
                        Or([Term("speaker_names", k) for k in keys]),
                        Or(others) if len(others) > 1 else others[0],
                    ]
                )
            )
    rare = [g for g in content if g.df <= common_df]
    chosen: list[Any] = []
    fetched = 0
    # The rarest words fetch the rest of the pool (all words still count in the rerank): at least
    # two, more while the statements they fetch stay few, since Whoosh scores each one in Python.
    for g in rare[:RECALL_WORDS]:
        if len(chosen) >= 2 and fetched + g.df > FETCH_BUDGET:
            break
        chosen.append(g.query)
        fetched += g.df
    if chosen:
        add(Or(chosen) if len(chosen) > 1 else chosen[0])
    elif not phrases:
        # Common words fetch no candidates while a rarer word (or a phrase) can; a query of
        # common words alone must match them all, or it would walk most of the index.
        every = [g.query for g in groups.values()]
        if every:
            add(intersect(every) if len(every) > 1 else every[0])
    else:
        add(None)
    return stages
