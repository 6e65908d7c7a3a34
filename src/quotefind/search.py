"""Queries: Whoosh candidates (typo-tolerant terms) -> rapidfuzz rerank -> `Hit` records."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quotefind.index import STATEMENT, open_index, statement_from_fields
from quotefind.model import Hit, Span, SpeakerSummary

#: How many Whoosh candidates the fuzzy rerank sees at most.
CANDIDATES = 200
#: Lowest speaker-match score (0-100) that lets a speaker through a `--speaker` filter.
SPEAKER_CUTOFF = 80.0

_FOLD_EXTRA = {"ø": "o", "Ø": "o", "æ": "a", "Æ": "a", "ß": "s", "đ": "d", "ł": "l", "Ł": "l", "ı": "i"}
_PUNCT_SPACE = {ord(c): " " for c in "-‐‑‒–—_/"}
_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Fold case and accents without changing the length, so offsets carry over to the original."""
    out = []
    for ch in text:
        if ch in _FOLD_EXTRA:
            out.append(_FOLD_EXTRA[ch])
            continue
        base = unicodedata.normalize("NFKD", ch)[:1] or ch
        low = base.lower()
        out.append(low if len(low) == 1 else base)
    return "".join(out)


def fold_name(text: str) -> str:
    """Fold a name for comparison: accents, case, hyphens and dashes as spaces, squeezed."""
    return " ".join(fold(text).translate(_PUNCT_SPACE).split())


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A text query split into quoted phrases and loose words."""

    phrases: tuple[str, ...]
    """Words that must stand together, in order."""
    words: tuple[str, ...]
    """Words found anywhere, typos allowed."""
    text: str
    """The query without quote marks, for the fuzzy rerank."""

    @property
    def empty(self) -> bool:
        """True when the query has no words at all."""
        return not self.phrases and not self.words


def parse_query(query: str) -> ParsedQuery:
    """Split a query into `"exact phrases"` and loose words."""
    phrases = tuple(p.strip() for p in _PHRASE.findall(query) if p.strip())
    rest = _PHRASE.sub(" ", query)
    words = tuple(_WORD.findall(rest))
    text = " ".join([*phrases, *words])
    return ParsedQuery(phrases=phrases, words=words, text=text)


def speaker_score(query: str, candidate: str) -> float:
    """Score 0-100: how well each word of the query is found among the candidate's words.

    Extra words in the candidate cost nothing (a surname finds the full name), but every query word
    must be matched: `Bakke Jensen` scores 100 against `Frank Bakke-Jensen` and about 50 against
    `Frank Jensen` or `Jensen`, so no single shared word gives a full score.
    """
    from rapidfuzz import fuzz

    q_words = fold_name(query).split()
    c_words = fold_name(candidate).split()
    if not q_words or not c_words:
        return 0.0
    total = sum(len(w) for w in q_words)
    got = 0.0
    for w in q_words:
        got += len(w) * max(fuzz.ratio(w, c) for c in c_words)
    return got / total


def match_speakers(searcher: Any, pattern: str, cutoff: float = SPEAKER_CUTOFF) -> list[str]:
    """Return the indexed speaker names and aliases that the pattern matches."""
    from rapidfuzz import fuzz, process

    values = [t.decode("utf-8") for t in searcher.lexicon("speaker_names")]
    if not values:
        return []
    folded = [fold_name(v) for v in values]
    query = fold_name(pattern)
    # token_set_ratio in C narrows the list cheaply; speaker_score decides.
    rough = process.extract(query, folded, scorer=fuzz.token_set_ratio, score_cutoff=50, limit=None)
    return [values[i] for _, _, i in rough if speaker_score(query, folded[i]) >= cutoff]


def _text_query(schema: Any, parsed: ParsedQuery) -> Any:
    from whoosh.query import And, FuzzyTerm, Or, Phrase, Term

    field = schema["text"]
    parts: list[Any] = []
    for word in parsed.words:
        for token in field.process_text(word, mode="query"):
            if len(token) >= 4:
                dist = 2 if len(token) >= 8 else 1
                parts.append(
                    Or(
                        [
                            Term("text", token, boost=2.0),
                            FuzzyTerm("text", token, maxdist=dist, prefixlength=1),
                        ]
                    )
                )
            else:
                parts.append(Term("text", token))
    phrases = []
    for phrase in parsed.phrases:
        tokens = list(field.process_text(phrase, mode="query"))
        if len(tokens) == 1:
            phrases.append(Term("text", tokens[0]))
        elif tokens:
            phrases.append(Phrase("text", tokens))
    if phrases:
        return And([*phrases, Or(parts)]) if parts else And(phrases)
    return Or(parts)


def rerank_score(query: str, text: str) -> tuple[float, Span | None]:
    """Return the fuzzy score (0-100) of a statement text for a query, and where it matched best."""
    from rapidfuzz import fuzz

    q, t = fold(query), fold(text)
    if not q.strip():
        return 100.0, None
    align = fuzz.partial_ratio_alignment(q, t)
    best = max(align.score if align else 0.0, fuzz.token_set_ratio(q, t))
    span = Span(align.dest_start, align.dest_end) if align else None
    return best, span


def search(
    location: Path,
    query: str = "",
    *,
    speaker: str | None = None,
    kind: str | None = None,
    limit: int = 20,
    min_score: float = 0.0,
) -> list[Hit]:
    """Find statements by fuzzy text and filters, best first; with no query, list them in order."""
    from whoosh.query import And, Every, Or, Term

    ix = open_index(location)
    parsed = parse_query(query or "")
    with ix.searcher() as searcher:
        filters: list[Any] = [Term("doctype", STATEMENT)]
        if kind:
            filters.append(Term("kind", kind))
        if speaker:
            names = match_speakers(searcher, speaker)
            if not names:
                return []
            filters.append(Or([Term("speaker_names", n) for n in names]))
        if parsed.empty:
            results = searcher.search(And(filters), limit=limit, sortedby=["path", "order"])
            return [Hit(statement_from_fields(r.fields()), 100.0) for r in results]
        results = searcher.search(
            _text_query(ix.schema, parsed) if parsed.words or parsed.phrases else Every(),
            filter=And(filters),
            limit=max(CANDIDATES, limit),
        )
        hits = _rerank(parsed.text, (r.fields() for r in results))
    return [h for h in hits if h.score >= min_score][:limit]


def _rerank(query: str, docs: Iterable[dict[str, Any]]) -> list[Hit]:
    hits = []
    for order, fields in enumerate(docs):
        statement = statement_from_fields(fields)
        score, span = rerank_score(query, statement.text)
        hits.append((score, -order, Hit(statement, score, span)))
    hits.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [h for _, _, h in hits]


def filter_speakers(speakers: Iterable[SpeakerSummary], pattern: str) -> list[SpeakerSummary]:
    """Keep the speakers whose name, an alias or a role the pattern matches, best match first."""
    scored = []
    for sp in speakers:
        best = max(speaker_score(pattern, v) for v in (sp.name, *sp.aliases, *sp.roles))
        if best >= SPEAKER_CUTOFF:
            scored.append((best, sp.count, sp))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [sp for _, _, sp in scored]
