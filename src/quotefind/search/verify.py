"""`verify`: is a quote attested verbatim, as a close variant, or not at all; the word diff."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from quotefind.analysis import fold
from quotefind.errors import QueryError
from quotefind.model import DiffOp, Hit, Span, Statement, Verdict
from quotefind.search.engine import search
from quotefind.search.query import _WORD, _spell_out, _word_spans
from quotefind.store.protocol import Filters

if TYPE_CHECKING:
    from quotefind.store.protocol import Store

#: Lowest word-level similarity (0-100) at which `verify` calls a wording a close variant.
VARIANT_CUTOFF = 70.0

#: Below this similarity `verify` names no closest statement at all.
NEAREST_CUTOFF = 50.0

#: How many search hits `verify` compares word by word.
VERIFY_CANDIDATES = 30

#: How many distinct wordings `verify` has reranked: a check is worth a wider net than a search.
VERIFY_POOL = 300

#: At most this many other attestations of the same words are listed by `verify`.
MAX_ALSO = 1000


def _diff(
    checked: str, c_words: list[tuple[str, int, int]], attested: str, a_words: list[tuple[str, int, int]]
) -> tuple[DiffOp, ...]:
    """Word-level steps from the checked words to the attested ones (folded words compared)."""
    from difflib import SequenceMatcher

    def cut(text: str, words: list[tuple[str, int, int]], i: int, j: int) -> str:
        return text[words[i][1] : words[j - 1][2]] if j > i else ""

    matcher = SequenceMatcher(None, [w for w, _, _ in c_words], [w for w, _, _ in a_words], autojunk=False)
    return tuple(
        DiffOp(op, cut(checked, c_words, i1, i2), cut(attested, a_words, j1, j2))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    )


def _best_window(c_folded: list[str], a_folded: list[str]) -> tuple[float, int, int]:
    """Return (similarity 0-100, start, end) of the run of attested words closest to the checked words.

    The similarity is that of the best-matching run; the run returned is then widened by as many
    attested words as the checked text has unmatched words at either end (`we don't` before
    `talk enough` also takes in `We do not`), so the diff shows what stands there instead.
    """
    from difflib import SequenceMatcher

    blocks = [
        b for b in SequenceMatcher(None, c_folded, a_folded, autojunk=False).get_matching_blocks() if b.size
    ]
    if not blocks:
        return 0.0, 0, 0
    best = (0.0, 0, 0, 0, 0)
    for i in range(len(blocks)):
        matched = 0
        for j in range(i, len(blocks)):
            matched += blocks[j].size
            start, end = blocks[i].b, blocks[j].b + blocks[j].size
            ratio = 200.0 * matched / (len(c_folded) + end - start)
            if ratio > best[0]:
                best = (ratio, start, end, blocks[i].a, blocks[j].a + blocks[j].size)
    score, start, end, c_start, c_end = best
    return score, max(0, start - c_start), min(len(a_folded), end + len(c_folded) - c_end)


def _same_wording(store: Store, statement: Statement, speaker: str | None) -> list[str]:
    """Return the ids of the statements with the same words as this one (of the speaker, if given)."""
    found = store.same_wording(statement.text, Filters(speaker=speaker), MAX_ALSO + 1)
    return [st.id for st in found]


def verify(location: Path | Store, text: str, *, speaker: str | None = None) -> Verdict:
    """Say whether a quote is attested in the index: verbatim, as a close variant, or not at all.

    Words are compared with case, accents and punctuation folded away; `verbatim` means every word
    of `text`, in order, with nothing between. A variant is the closest attested wording scoring at
    least `VARIANT_CUTOFF`, with a word-level diff from `text` to it.

    With a `speaker`, words attested only under someone else are never denied: the status is then
    `other_speaker` (the article credits another speaker) or `speaker_unknown` (the extractor found
    no speaker for them), with the statement and `wording` telling verbatim from variant.
    """
    from quotefind.store import as_store

    location = as_store(location)
    verdict = _verify(location, text, speaker)
    if speaker is None or verdict.found:
        return verdict
    anywhere = _verify(location, text, None)
    if not anywhere.found or anywhere.statement is None:
        return verdict
    status = "other_speaker" if anywhere.statement.speaker.name else "speaker_unknown"
    return replace(anywhere, status=status, wording=anywhere.status)


def _verify(location: Store, text: str, speaker: str | None) -> Verdict:
    c_words = _word_spans(fold(text))
    if not c_words:
        raise QueryError('Nothing to verify - give the words of the quote, e.g. `quotefind verify "..."`.')
    c_folded = [w for w, _, _ in c_words]
    c_spelled = _WORD.findall(_spell_out(fold(text)))
    scored: list[tuple[float, int, Hit, int, int]] = []
    # Quote marks around the quote (or inside it) are not a phrase query here: a misquote must
    # still find its candidates.
    loose = fold(text).replace('"', " ")
    found = search(
        location, loose, speaker=speaker, limit=VERIFY_CANDIDATES, candidates=VERIFY_POOL, min_score=0.0
    )
    for order, hit in enumerate(found):
        folded = fold(hit.statement.text)
        score, start, end = _best_window(c_folded, [w for w, _, _ in _word_spans(folded)])
        if score < 100.0:
            # `don't` against `do not` is a variant, not a different wording: score it spelled out.
            spelled, _, _ = _best_window(c_spelled, _WORD.findall(_spell_out(folded)))
            score = min(max(score, spelled), 99.0)
        scored.append((score, -order, hit, start, end))
    if not scored:
        return Verdict(status="not_found", text=text, score=0.0)
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    score, _, hit, start, end = scored[0]
    st = hit.statement
    a_words = _word_spans(fold(st.text))
    window = a_words[start:end]
    status = "verbatim" if score >= 100.0 else "variant" if score >= VARIANT_CUTOFF else "not_found"
    if score < NEAREST_CUTOFF:
        return Verdict(status="not_found", text=text, score=score)
    equal = [h.statement.id for s, _, h, _, _ in scored[1:] if s >= score and s >= VARIANT_CUTOFF]
    also = tuple(i for i in dict.fromkeys([*equal, *_same_wording(location, st, speaker)]) if i != st.id)
    return Verdict(
        status=status,
        text=text,
        score=score,
        statement=st,
        match=Span(window[0][1], window[-1][2]) if window else None,
        diff=_diff(text, c_words, st.text, window),
        also=also,
    )
