"""Candidate fetching: the Whoosh query of a text query (stems, typo expansions, phrases)."""

from __future__ import annotations

from typing import Any

from quotefind.analysis import stem
from quotefind.search.lexicons import _Lexicons
from quotefind.search.query import _WORD, STOPWORDS, ParsedQuery

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
    from rapidfuzz.distance import Levenshtein

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
            word, lex.words, scorer=Levenshtein.distance, score_cutoff=maxdist, limit=MAX_EXPANSIONS + 1
        )
        if choice != word
    ]
    if not known:
        return found[:MAX_EXPANSIONS]
    likelier = [(searcher.doc_frequency("text", stem(v)), v) for v in found]
    return [v for df, v in sorted(likelier, reverse=True) if df >= TYPO_RATIO * known][:2]


def _text_query(searcher: Any, lex: _Lexicons, parsed: ParsedQuery) -> Any:
    from whoosh.query import And, Or, Phrase, Term

    common_df = max(50, int(lex.doc_count * COMMON_SHARE))
    rare: list[tuple[int, Any]] = []
    common = []
    for word in dict.fromkeys(parsed.words):
        key = stem(word)
        variants = _expansions(searcher, word, lex)
        group = Or([Term("text", key, boost=2.0), *(Term("text", stem(v)) for v in variants)])
        # A typo's group is as common as the words it stands for: `thre` (for the, there, three)
        # must not fetch candidates, no more than `the` would.
        df = searcher.doc_frequency("text", key) + sum(
            searcher.doc_frequency("text", stem(v)) for v in variants
        )
        if word in STOPWORDS or df > common_df:
            common.append(group)
        else:
            rare.append((df, group))
    # The rarest words fetch the candidates (the rest still count in the rerank): at least two,
    # more while the statements they fetch stay few, since Whoosh scores each one in Python.
    rare.sort(key=lambda item: item[0])
    groups = []
    fetched = 0
    for df, group in rare[:RECALL_WORDS]:
        if len(groups) >= 2 and fetched + df > FETCH_BUDGET:
            break
        groups.append(group)
        fetched += df
    phrases = []
    for phrase in parsed.phrases:
        tokens = [stem(w) for w in _WORD.findall(phrase)]
        if len(tokens) == 1:
            phrases.append(Term("text", tokens[0]))
        elif tokens:
            phrases.append(Phrase("text", tokens))
    # Common words fetch no candidates while a rarer word (or a phrase) can; a query of common
    # words alone must match them all, or it would walk most of the index.
    if groups:
        recall = Or(groups)
    elif common and not phrases:
        recall = And(common)
    else:
        recall = None
    parts = [*phrases, *([recall] if recall is not None else [])]
    return And(parts) if len(parts) > 1 else parts[0]
