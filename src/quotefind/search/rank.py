"""The rerank: how well a statement matches a query, 0-100, and where it matched."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from quotefind.analysis import fold, fold_name, stem
from quotefind.model import SCORE_BANDS, Hit, Span, Speaker, Statement, score_band
from quotefind.search.query import (
    _WORD,
    MAX_QUERY_WORDS,
    STOPWORDS,
    _spell_out,
    _word_similarity,
    _word_spans,
    role_word,
)

#: Lowest similarity (0-100) at which a query word counts as present in a statement.
WORD_CUTOFF = 75.0

#: Lowest similarity (0-100) at which a query word names the statement's speaker (who + what).
SPEAKER_WORD_CUTOFF = 85.0

#: Weight of a function word in the rerank's word coverage when no index weighs the words.
STOPWORD_WEIGHT = 0.2

#: What a score means (see `model.SCORE_BANDS`, which `Hit.band` reads). 100: the query's words
#: stand in the statement as typed (case, accents aside).
VERBATIM = SCORE_BANDS[0][1]
#: From here: the statement has (nearly) all the query's words, typos and other forms allowed.
CLOSE = SCORE_BANDS[1][1]
#: From here: most of what the query says, weighed by how rare each word is. Below it a hit is not
#: plausibly what the user meant (nonsense and absent quotes score there): `search` hides it
#: unless `min_score` says otherwise.
RELATED = SCORE_BANDS[2][1]
#: The bands, best first: (name, lowest score).
BANDS = SCORE_BANDS
#: The words of a query of content words only count anywhere in a statement (see `_Probe.window`).
KEYWORD_WINDOW = 10_000
#: The words of a remembered sentence count within this many words (or the query's length) of its
#: weightiest words.
MIN_SENTENCE_WINDOW = 6
#: A run of characters this close to the query (`partial_ratio`) is a typo'd verbatim fragment.
NEAR_VERBATIM = 90.0


def band(score: float) -> str:
    """Return the band of a score: `verbatim`, `close`, `related` or `weak` (below `RELATED`)."""
    return score_band(score)


def _snap(text: str, start: int, end: int) -> Span:
    """Widen [start, end) to whole words and trim surrounding blanks."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and end > 0 and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


@dataclass(frozen=True, slots=True)
class _Probe:
    """A query made ready for the rerank: its folded text and weighted words, built once."""

    text: str
    """The folded query, whitespace squeezed (its first `MAX_QUERY_WORDS` words)."""
    words: tuple[tuple[str, str, float], ...]
    """(word, stem, weight) for each word."""
    tokens: int = 0
    """How many words the query has, repeats counted."""

    @property
    def keywords(self) -> bool:
        """True for a query of content words only (`Simpson criminality`): they may stand anywhere
        in a statement."""
        return bool(self.words) and not any(w in STOPWORDS for w, _, _ in self.words)

    @property
    def sentence(self) -> bool:
        """True for a query that reads as a remembered sentence, with at least as many function words
        as content words (`the only thing we have to fear is fear itself`): its words must stand
        about as close as in the query, and most of them must be there, not only its rare ones."""
        function = sum(1 for w, _, _ in self.words if w in STOPWORDS)
        return function >= len(self.words) - function > 0

    def window(self) -> int:
        """How far (in words) from where its weightiest words stand the query's words count."""
        if self.keywords:
            return KEYWORD_WINDOW
        if self.sentence:
            return max(MIN_SENTENCE_WINDOW, self.tokens)
        return 2 * len(self.words) + 6

    @classmethod
    def of(cls, query: str, weigh: Callable[[str], float] | None = None) -> _Probe:
        """Build the probe; `weigh` gives a word's weight (default: function words `STOPWORD_WEIGHT`)."""
        # Each word once: `fear` twice in a query is not twice the evidence.
        tokens = _WORD.findall(_spell_out(fold(query)))[:MAX_QUERY_WORDS]
        words = list(dict.fromkeys(tokens))
        if weigh is None:
            weighted = tuple((w, stem(w), STOPWORD_WEIGHT if w in STOPWORDS else 1.0) for w in words)
        else:
            weighted = tuple((w, stem(w), weigh(w)) for w in words)
        # The character view keeps the query as typed (punctuation, contractions): only that scores 100.
        text = " ".join(fold(query).replace('"', " ").split()[:MAX_QUERY_WORDS])
        return cls(text, weighted, len(tokens))


def rerank_score(query: str, text: str, speaker: Speaker | None = None) -> tuple[float, Span | None]:
    """Return the score (0-100) of a statement text for a query, and where it matched best.

    The score is the share of the query's words found in the statement (typos and other forms of
    a word allowed, each word weighed by how much it tells; a word that names the statement's
    speaker by name, mention or role counts as found), a little less when they do not stand in the
    query's order. A run of characters within a typo or two of the query (`partial_ratio` of at
    least `NEAR_VERBATIM`) scores that instead when higher. Only the verbatim query scores 100.
    See `band` for what a score means.
    """
    return _score(_Probe.of(query), text, _speaker_words(speaker))


def _speaker_words(speaker: Speaker | None) -> frozenset[str]:
    """The folded words naming a speaker (name, mention, role), titles also spelled out in full."""
    if speaker is None:
        return frozenset()
    words = " ".join(fold_name(v or "") for v in (speaker.name, speaker.mention, speaker.role)).split()
    return frozenset(w for w in (*words, *map(role_word, words)) if w not in STOPWORDS)


def _credit(similarity: float) -> float:
    """What a word found at this similarity (0-100) adds: squared, so a near miss (`police` for
    `policy`, 83) counts for much less than the word itself."""
    return (similarity / 100.0) ** 2


def _score(
    probe: _Probe, text: str, speaker_words: frozenset[str] = frozenset()
) -> tuple[float, Span | None]:
    from rapidfuzz import fuzz, process

    q = probe.text
    t = fold(text)
    if not q:
        return 100.0, None
    if len(t) >= len(q):
        align = fuzz.partial_ratio_alignment(q, t)
        partial = align.score if align else 0.0
        partial_span = _snap(text, align.dest_start, align.dest_end) if align else None
    else:
        partial, partial_span = fuzz.ratio(q, t), Span(0, len(text))
    if partial == 100.0:
        return partial, partial_span
    # A run of characters that is not nearly the query says little: any text has a run half like
    # any query (`xyzzy plugh` scored 50 against news this way).
    near = partial if partial >= NEAR_VERBATIM else 0.0

    t_words = _word_spans(t)
    if not t_words:
        return near, partial_span
    t_plain = [w for w, _, _ in t_words]
    t_stems = [stem(w) for w in t_plain]
    # Per query word: its weight, where it stands in the text (position -> credit), and its credit
    # as a word naming the speaker (who + what: `Simpson criminality` finds Pete Simpson's words).
    entries: list[tuple[float, dict[int, float], float]] = []
    for w, w_stem, weight in probe.words:
        found = {
            i: sim
            for _, sim, i in process.extract(
                w, t_plain, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF, limit=None
            )
        }
        if not found or max(found.values()) < 100:
            for _, sim, i in process.extract(
                w_stem, t_stems, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF, limit=None
            ):
                found[i] = max(found.get(i, 0.0), sim)
        named = 0.0
        if speaker_words and w not in STOPWORDS and (not found or max(found.values()) < 100):
            sim = max(_word_similarity(role_word(w), v) for v in speaker_words)
            named = _credit(sim) if sim >= SPEAKER_WORD_CUTOFF else 0.0
        entries.append((weight, {i: _credit(sim) for i, sim in found.items()}, named))
    total = sum(weight for weight, _, _ in entries)
    if not total:
        return near, partial_span
    # The query's words must stand near one another: a long statement holds most common words
    # somewhere (`the only thing we have to fear is fear itself` in a 200-word statement). The
    # words count within a window around where the weightiest of them stand.
    half = probe.window()
    heavy = sorted((e for e in entries if e[1]), key=lambda e: -e[0])[:3]
    anchors = sorted({i for _, at, _ in heavy for i in at}) or [0]
    best = (-1.0, 0, 0)
    for anchor in anchors:
        lo, hi = anchor - half, anchor + half
        got = share = 0.0
        first, last = anchor, anchor
        for weight, at, named in entries:
            near_here = [(c, i) for i, c in at.items() if lo <= i <= hi]
            credit = max(near_here)[0] if near_here else 0.0
            if credit and weight >= max(e[0] for e in heavy) * STOPWORD_WEIGHT:
                spot = max(near_here)[1]
                first, last = min(first, spot), max(last, spot)
            got += weight * max(credit, named)
            share += max(credit, named)
        if probe.sentence:
            # A remembered sentence: half its weighted words, half the share of its words found,
            # so that its one or two rare words alone (`fear`, `thing`) do not make it match.
            got = (got + total * share / len(entries)) / 2
        if got > best[0]:
            best = (got, first, last)
    got, first, last = best
    coverage = got / total
    # Words all there but not as one run: a little below the verbatim run.
    bag = 100.0 * coverage * (0.85 + 0.15 * partial / 100)
    if bag > near and got > 0:
        # Rounded: the same statement scores the same whatever order the weights were summed in.
        return round(min(bag, 99.9), 6), Span(t_words[first][1], t_words[last][2])
    return near, partial_span


def _rerank(probe: _Probe, statements: Iterable[Statement]) -> list[Hit]:
    hits = []
    # The same words by the same speaker, reported in many articles, are scored once.
    seen: dict[tuple[str, frozenset[str]], tuple[float, Span | None]] = {}
    for order, statement in enumerate(statements):
        key = (statement.text, _speaker_words(statement.speaker))
        if key not in seen:
            seen[key] = _score(probe, *key)
        score, span = seen[key]
        hits.append((score, -order, Hit(statement, score, span)))
    hits.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [h for _, _, h in hits]


#: A function word weighs this share of what its rarity alone would give it in the rerank.
STOPWORD_SHARE = 0.2


def weigh_words(statement_count: int, frequencies: Mapping[str, int]) -> Callable[[str], float]:
    """Return the rerank's weight of a query word: how much it tells (its inverse document
    frequency among `statement_count` statements; `frequencies`: the statements holding each query
    word or a word it may be a typo of), a function word a fifth of that. A word the store does not
    know at all (no typo of a known word either) weighs most: a query of nonsense cannot match
    anything well. Every store weighs with this, from its own counts."""
    n = max(1, statement_count)

    def weigh(word: str) -> float:
        df = frequencies.get(word, 0)
        idf = max(0.1, math.log((n + 1) / (df + 1)))
        return idf * (STOPWORD_SHARE if word in STOPWORDS else 1.0)

    return weigh
