"""Reported speech: `X says that ...`, `..., X said.`, `According to X, ...` within one sentence."""

from __future__ import annotations

from dataclasses import dataclass

from quotefind.extract.cues import (
    content_start,
    cue_end,
    is_cue,
    is_document,
    is_document_cue,
    speaker_after,
    subject_before,
)
from quotefind.extract.lexicon import CUE_TAIL_WORDS, QUOTE_FAMILY, THAT_ONLY
from quotefind.extract.segment import Token

_MIN_WORDS = 3
_TRAILING = ".,;:!?—–- \t"


@dataclass(frozen=True, slots=True)
class Claim:
    """A reported clause with the words that attribute it (not yet resolved)."""

    start: int
    """Offset of the clause's first character."""
    end: int
    """Offset one past its last character."""
    cue: Token
    """The cue's first token."""
    cue_end: int
    """Offset one past the cue's last character."""
    speaker: list[Token]
    """The speaker's words at the attribution site."""


def find_claims(tokens: list[Token], text: str) -> list[Claim]:
    """Return the claims of one sentence (tokens outside quotations are what cues are looked for in)."""
    out: list[Claim] = []
    n = len(tokens)
    i = 0
    while i < n:
        t = tokens[i]
        low = t.low
        if low == "according" and i + 1 < n and tokens[i + 1].low == "to":
            claim = _according_to(tokens, i, text)
            if claim:
                out.append(claim)
            i += 2
            continue
        if low == "as" and i + 2 < n and tokens[i + 2].low == "by" and tokens[i + 1].low in (
            "reported", "detailed", "noted", "stated", "described", "explained"
        ):
            i += 3
            continue
        if not (is_cue(tokens, i) or is_document_cue(tokens, i)):
            i += 1
            continue
        claim = _around_cue(tokens, i, text)
        if claim:
            out.append(claim)
        i += 1
    return out


def _clause(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim a clause of spaces and edge punctuation; None when fewer than a few words remain."""
    while start < end and (text[start].isspace() or text[start] in ",;:—–"):
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    if len(text[start:end].split()) < _MIN_WORDS:
        return None
    return start, end


def _around_cue(tokens: list[Token], i: int, text: str) -> Claim | None:
    """Build the claim of the cue at i: forward (`X said that C`), backward (`C, X said`) or inverted."""
    n = len(tokens)
    j = cue_end(tokens, i)
    cue_stop = tokens[j - 1].end
    subject = subject_before(tokens, i)
    doc_cue = not is_cue(tokens, i)
    if doc_cue and not (subject and is_document(subject)):
        return None
    if tokens[i].low in THAT_ONLY and not (j < n and tokens[j].low == "that"):
        return None
    if subject:
        k = content_start(tokens, j)
        if k is not None and k < n and not _only_tail(tokens, k):
            span = _clause(text, tokens[k].start, tokens[-1].end)
            if span:
                return Claim(*span, tokens[i], cue_stop, subject)
        # Backward: `C, X said (to Y).`
        first = tokens.index(subject[0]) if subject[0] in tokens else -1
        if first > 0 and tokens[first - 1].text == "," and _only_tail(tokens, j):
            span = _clause(text, tokens[0].start, tokens[first - 1].start)
            if span:
                return Claim(*span, tokens[i], cue_stop, subject)
        return None
    # Inverted: `C, said X.`
    if i > 0 and tokens[i - 1].text == "," and not doc_cue:
        after = speaker_after(tokens, j)
        if after and after[0].text[:1].isupper() or (after and after[0].low in ("the", "a")):
            span = _clause(text, tokens[0].start, tokens[i - 1].start)
            if span:
                return Claim(*span, tokens[i], cue_stop, after)
    return None


def _only_tail(tokens: list[Token], k: int) -> bool:
    """Tell whether what follows index k is attribution detail only (`to reporters on Sunday.`)."""
    for t in tokens[k:]:
        if t.text in (".", "!", "?", ","):
            continue
        if t.low in CUE_TAIL_WORDS or t.text[:1].isupper() or t.text[:1].isdigit():
            continue
        return False
    return True


def _according_to(tokens: list[Token], i: int, text: str) -> Claim | None:
    """`According to X, C.` or `C, according to X.` (X ends at the next comma or the sentence end)."""
    n = len(tokens)
    k = i + 2
    speaker: list[Token] = []
    while k < n and tokens[k].text not in (",", ".", ";", ":") and tokens[k].text not in QUOTE_FAMILY:
        speaker.append(tokens[k])
        k += 1
    if not speaker:
        return None
    cue_stop = tokens[i + 1].end
    if i <= 1 and k < n and tokens[k].text == ",":
        # `According to X, (as reported by Y,) C.`
        m = k + 1
        if m + 2 < n and tokens[m].low == "as" and tokens[m + 2].low == "by":
            while m < n and tokens[m].text != ",":
                m += 1
        if m + 1 < n:
            span = _clause(text, tokens[m].start, tokens[-1].end)
            if span:
                return Claim(*span, tokens[i], cue_stop, speaker)
    if i > 0 and tokens[i - 1].text == ",":
        span = _clause(text, tokens[0].start, tokens[i - 1].start)
        if span:
            return Claim(*span, tokens[i], cue_stop, speaker)
    return None
