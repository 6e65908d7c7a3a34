"""The rerank: how well a statement matches a query, 0-100, and where it matched."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from quotefind.analysis import fold, stem
from quotefind.model import Hit, Span
from quotefind.search.query import _WORD, STOPWORDS, _spell_out, _word_spans
from quotefind.store.whoosh.read import statement_from_fields

#: Lowest similarity (0-100) at which a query word counts as present in a statement.
WORD_CUTOFF = 75.0

#: Weight of a function word in the rerank's word coverage (content words weigh 1).
STOPWORD_WEIGHT = 0.2


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
    """The folded query, whitespace squeezed."""
    words: tuple[tuple[str, str, float], ...]
    """(word, stem, weight) for each word."""

    @classmethod
    def of(cls, query: str) -> _Probe:
        words = _WORD.findall(_spell_out(fold(query)))
        weighted = tuple((w, stem(w), STOPWORD_WEIGHT if w in STOPWORDS else 1.0) for w in words)
        # The character view keeps the query as typed (punctuation, contractions): only that scores 100.
        text = " ".join(fold(query).replace('"', " ").split())
        return cls(text, weighted)


def rerank_score(query: str, text: str) -> tuple[float, Span | None]:
    """Return the fuzzy score (0-100) of a statement text for a query, and where it matched best.

    The better of two views of the query: as a run of characters (`partial_ratio`, typos and
    fragments), and as a bag of words each found in the text, typos and stems allowed, function
    words weighing little (reordered or paraphrased wording). Only the verbatim query scores 100.
    """
    return _score(_Probe.of(query), text)


def _score(probe: _Probe, text: str) -> tuple[float, Span | None]:
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

    t_words = _word_spans(t)
    if not t_words:
        return partial, partial_span
    t_plain = [w for w, _, _ in t_words]
    t_stems = [stem(w) for w in t_plain]
    got = total = 0.0
    hit_at: list[int] = []
    for w, w_stem, weight in probe.words:
        total += weight
        best = process.extractOne(w, t_plain, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF)
        if not best or best[1] < 100:
            by_stem = process.extractOne(w_stem, t_stems, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF)
            if by_stem and (not best or by_stem[1] > best[1]):
                best = by_stem
        if best:
            got += weight * best[1]
            if weight == 1.0 or not hit_at:
                hit_at.append(best[2])
    coverage = got / total if total else 0.0
    # Words all there but not as one run: a little below the verbatim run.
    bag = coverage * (0.85 + 0.15 * partial / 100)
    if bag > partial and hit_at:
        first, last = min(hit_at), max(hit_at)
        return bag, Span(t_words[first][1], t_words[last][2])
    return partial, partial_span


def _rerank(query: str, docs: Iterable[dict[str, Any]]) -> list[Hit]:
    probe = _Probe.of(query)
    hits = []
    seen: dict[str, tuple[float, Span | None]] = {}  # the same words reported in many articles
    for order, fields in enumerate(docs):
        statement = statement_from_fields(fields)
        if statement.text not in seen:
            seen[statement.text] = _score(probe, statement.text)
        score, span = seen[statement.text]
        hits.append((score, -order, Hit(statement, score, span)))
    hits.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [h for _, _, h in hits]
