"""Matching speaker patterns to speakers: names, aliases, roles; transliteration and typos."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from quotefind.analysis import fold_name
from quotefind.model import SpeakerSummary
from quotefind.search.query import _translit, _word_similarity, role_word


class SpeakerVocabulary(Protocol):
    """The speaker keys of a store and their words, as `_match_names` scans them."""

    speakers: list[str]
    speaker_vocab: list[str]
    speaker_vocab_roles: list[str]
    speaker_vocab_keys: list[str]

    def speakers_with(self, words: Iterable[str]) -> list[str]: ...


#: Lowest speaker-match score (0-100) that lets a speaker through a `--speaker` filter.
SPEAKER_CUTOFF = 80.0
#: How many of the best-matching speaker keys `speaker_note` looks at.
NOTE_KEYS = 20


#: Words a speaker pattern may open with that name nobody (`the senator`).
ARTICLES = frozenset({"the", "a", "an"})


def pattern_words(pattern: str) -> list[str]:
    """Return the folded words of a speaker pattern, articles dropped, titles spelled out in full
    (`the Sen.` -> `senator`), so that a pattern and a stored role written either way meet."""
    words = fold_name(pattern).split()
    kept = [w for w in words if w not in ARTICLES] or words
    return [role_word(w) for w in kept]


def speaker_score(query: str, candidate: str) -> float:
    """Score 0-100: how well each word of the query is found among the candidate's words.

    Extra words in the candidate cost nothing (a surname finds the full name), but every query word
    must be matched: `Bakke Jensen` scores 100 against `Frank Bakke-Jensen` and under 75 against
    `Frank Jensen` or `Jensen`, so no single shared word gives a full score.
    """
    q_words = pattern_words(query)
    c_words = [role_word(w) for w in fold_name(candidate).split()]
    if not q_words or not c_words:
        return 0.0
    total = sum(len(w) for w in q_words)
    got = sum(len(w) * max(_word_similarity(w, c) for c in c_words) for w in q_words)
    return got / total


def _match_names(lex: SpeakerVocabulary, pattern: str, cutoff: float) -> list[tuple[float, int, str]]:
    """Return (score, extra words, name) for the speaker keys the pattern matches, best first.

    Among equal scores, names with fewer words beyond the pattern's come first (`Frank Jensen`
    before `Frank Bakke-Jensen` for the pattern `Frank Jensen`).
    """
    from rapidfuzz import fuzz, process

    q_words = pattern_words(pattern)
    if not q_words or not lex.speakers:
        return []
    # Per query word, the similarity of every speaker word (C-speed scans; below 50 counts as 0).
    sims: list[dict[str, float]] = []
    for w in q_words:
        found: dict[str, float] = {}
        for choices, probe in ((lex.speaker_vocab_roles, w), (lex.speaker_vocab_keys, _translit(w))):
            for _, score, i in process.extract(
                probe, choices, scorer=fuzz.ratio, score_cutoff=50, limit=None
            ):
                word = lex.speaker_vocab[i]
                found[word] = max(found.get(word, 0.0), score)
        sims.append(found)
    total = sum(len(w) for w in q_words)
    # A key scores at least the cutoff only if one of its words is at least that close to a query
    # word (the score is a weighted mean): score the keys holding such a word, not every key.
    if cutoff > 0:
        close = {word for found in sims for word, score in found.items() if score >= cutoff}
        keys = lex.speakers_with(close)
    else:
        keys = lex.speakers
    out = []
    for name in keys:
        words = name.split()
        got = sum(len(w) * max(s.get(c, 0.0) for c in words) for w, s in zip(q_words, sims, strict=True))
        score = got / total
        if score >= cutoff:
            out.append((score, max(0, len(words) - len(q_words)), name))
    out.sort(key=lambda item: (-item[0], item[1], item[2]))
    return out


def filter_speakers(speakers: Iterable[SpeakerSummary], pattern: str) -> list[SpeakerSummary]:
    """Keep the speakers whose name, an alias or a role the pattern matches, best match first."""
    scored = []
    for sp in speakers:
        best = max(speaker_score(pattern, v) for v in (sp.name, *sp.aliases, *sp.roles))
        if best >= SPEAKER_CUTOFF:
            scored.append((best, sp.count, sp))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [sp for _, _, sp in scored]
