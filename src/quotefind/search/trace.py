"""`trace`: every attestation of a quote across the index, oldest first, each against the earliest wording."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quotefind.analysis import fold, fold_name, text_key
from quotefind.errors import QueryError
from quotefind.model import Attestation, Source, Span, Statement
from quotefind.search.engine import search
from quotefind.search.query import _WORD, _spell_out, _word_spans
from quotefind.search.verify import VARIANT_CUTOFF, VERIFY_POOL, _best_window, _diff
from quotefind.store.protocol import Filters

if TYPE_CHECKING:
    from quotefind.store.protocol import Store

#: How many distinct wordings `trace` compares word by word with the quote.
TRACE_WORDINGS = 50

#: At most this many statements of one wording (copies of a story) are listed.
MAX_COPIES = 1000


def _window(quote_words: list[str], spelled: list[str], text: str) -> tuple[float, Span | None]:
    """The similarity (0-100) of the closest run of a text's words to the quote's, and where it is."""
    words = _word_spans(fold(text))
    score, start, end = _best_window(quote_words, [w for w, _, _ in words])
    if score < 100.0:
        # `don't` against `do not` is the same wording: score it spelled out too (as `verify`).
        other, _, _ = _best_window(spelled, _WORD.findall(_spell_out(fold(text))))
        score = min(max(score, other), 99.0)
    run = words[start:end]
    return score, Span(run[0][1], run[-1][2]) if run else None


def _copies(store: Store, statement: Statement) -> list[Statement]:
    """The statements with the same words as this one (the story in other articles and copies)."""
    return store.same_wording(statement.text, Filters(), MAX_COPIES)


def _oldest_first(st: Statement) -> tuple[Any, ...]:
    """Dated statements by date, then undated ones; within a date, by source and position."""
    return (st.source.date is None, st.source.date or "", st.source.path or "", st.start)


def _same_person(a: str | None, b: str | None) -> bool:
    """True unless both are named and neither name's words hold the other's (`Blair`, `Tony Blair`)."""
    if not a or not b:
        return True
    wa, wb = set(fold_name(a).split()), set(fold_name(b).split())
    return wa <= wb or wb <= wa


def trace(location: Path | Store, text: str) -> list[Attestation]:
    """Return every statement that attests the quote (verbatim or a close variant, as `verify`
    judges), oldest first (undated last), each with a word diff from the earliest wording.

    `drift` marks an attestation whose words differ from the earliest's; `other_speaker` one that
    credits a named speaker other than the earliest named one. An empty list: nothing attests it.
    """
    from quotefind.store import as_store

    location = as_store(location)
    quote = _word_spans(fold(text))
    if not quote:
        raise QueryError('Nothing to trace - give the words of the quote, e.g. `quotefind trace "..."`.')
    quote_words = [w for w, _, _ in quote]
    spelled = _WORD.findall(_spell_out(fold(text)))
    loose = fold(text).replace('"', " ")
    hits = search(location, loose, limit=TRACE_WORDINGS, candidates=VERIFY_POOL, min_score=0.0)
    found: dict[tuple[str, Source], tuple[Statement, float, Span | None]] = {}
    wordings: set[str] = set()
    for hit in hits:
        key = text_key(hit.statement.text)
        if key in wordings:
            continue
        wordings.add(key)
        score, _ = _window(quote_words, spelled, hit.statement.text)
        if score < VARIANT_CUTOFF:
            continue
        for st in _copies(location, hit.statement):
            # A statement of a wire story indexed in several files attests it once per copy (outlet, date).
            for copy in st.all_sources:
                if (st.id, copy) not in found:
                    found[(st.id, copy)] = (replace(st, source=copy), *_window(quote_words, spelled, st.text))
    ordered = sorted(found.values(), key=lambda item: _oldest_first(item[0]))
    if not ordered:
        return []
    first, _, first_match = ordered[0]
    first_words = _words_of(first, first_match)
    credited = next((st.speaker.name for st, _, _ in ordered if st.speaker.name), None)
    out = []
    for st, score, match in ordered:
        words = _words_of(st, match)
        diff = _diff(first.text, first_words, st.text, words)
        out.append(
            Attestation(
                statement=st,
                score=score,
                match=match,
                diff=diff,
                drift=any(step.op != "equal" for step in diff),
                other_speaker=not _same_person(credited, st.speaker.name),
            )
        )
    return out


def _words_of(st: Statement, match: Span | None) -> list[tuple[str, int, int]]:
    """The folded words of a statement's attested wording, with their offsets into its text."""
    span = match or Span(0, len(st.text))
    # fold() keeps offsets (one character for one), so the words' offsets are the text's.
    return [(w, a, b) for w, a, b in _word_spans(fold(st.text)) if span.start <= a and b <= span.end]


def trace_notes(attestations: list[Attestation]) -> list[str]:
    """Sentences for a reader on what a trace found: different speakers credited, wording drift."""
    notes = []
    if any(a.other_speaker for a in attestations):
        people: dict[str, str] = {}
        for a in attestations:
            name = a.statement.speaker.name
            if name and not any(_same_person(name, known) for known in people):
                src = a.statement.source
                people[name] = ", ".join(x for x in (src.publisher or src.title or src.path, src.date) if x)
        shown = "; ".join(f"{name} ({where})" if where else name for name, where in people.items())
        notes.append(f"outlets credit these words to different speakers: {shown}.")
    drifted = sum(1 for a in attestations if a.drift)
    if drifted:
        notes.append(
            f"the wording differs between copies: {drifted} of {len(attestations)} attestations differ "
            "from the earliest (see the diff)."
        )
    return notes
