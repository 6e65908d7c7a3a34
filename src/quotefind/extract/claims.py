"""Reported speech: `X says that ...`, `..., X said.`, `According to X, ...` within one sentence."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import compress, count, islice
from operator import itemgetter

from quotefind.extract.cues import (
    SUBJECT_PRONOUNS,
    TOPIC_VERBS,
    content_start,
    cue_end,
    ends_no_subject,
    goes_on_to,
    is_cue,
    is_document,
    is_document_cue,
    named_in,
    people_before,
    plural_hearer,
    speaker_after,
    subject_before,
)
from quotefind.extract.entities import BODY_NOUNS
from quotefind.extract.lexicon import (
    ADD_VERBS,
    AUXILIARIES,
    BELIEF_VERBS,
    BETWEEN_SUBJECT_AND_CUE,
    CLAUSE_BREAKERS,
    CUE_TAIL_WORDS,
    DOCUMENT_HEADS,
    DOCUMENT_VERBS,
    HEADLINE_LABELS,
    MAKE_CLEAR,
    NOT_CLAIM_CUES,
    NOUN_CUES,
    OBJECT_SPEECH_VERBS,
    OBJECT_VERBS,
    POSSESSIVE_PRONOUNS,
    POSTED,
    QUOTE_FAMILY,
    ROLE_NOUNS,
    RULED,
    SPEECH_VERBS,
    STANCE_VERBS,
    THAT_ONLY,
    TITLE_WORDS,
    TO_VERBS,
    WEEKDAYS,
    role_noun,
)
from quotefind.extract.segment import POSSESSIVE_ENDS, Token, make_token

_MIN_WORDS = 3
_MIN_THAT_WORDS = 2  # after `that`: `said that sales fell`
_MIN_OBJECT_WORDS = 1  # a stance verb's object may be a name alone: `X endorsed Clinton`
#: Words that open a stance verb's short object (`opposed the bill`, `backed her`).
_OBJECT_STARTS = frozenset(
    {
        "the",
        "a",
        "an",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
        "this",
        "these",
        "those",
        "him",
        "them",
        "it",
        "us",
        "me",
    }
)
_CLAUSE_SUBJECTS = frozenset(
    {
        "he",
        "she",
        "they",
        "it",
        "we",
        "i",
        "you",
        "the",
        "this",
        "there",
        "his",
        "her",
        "their",
        "its",
        "our",
        "a",
        "an",
        "more",
        "most",
        "many",
        "some",
        "no",
        "both",
        "all",
        "these",
        "those",
        "that",
        "people",
    }
)
_CANDIDATES = (
    SPEECH_VERBS | DOCUMENT_VERBS | STANCE_VERBS | MAKE_CLEAR | POSTED | RULED | {"put"}
) - NOT_CLAIM_CUES
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
    stance: bool = False
    """The cue is a stance or action verb (`endorsed`), not a verb of saying."""
    parts: tuple[tuple[int, int], ...] = ()
    """The two pieces of a clause interrupted by its attribution (`A, X said, B`); empty for one piece."""


def find_claims(tokens: list[Token], text: str) -> list[Claim]:
    """Return the claims of one sentence (tokens outside quotations are what cues are looked for in)."""
    out: list[Claim] = []
    n = len(tokens)
    i = 0
    last_subject: list[Token] | None = None
    # A headline label needs a colon among words 2 to 5, an opening phrase `In`: most sentences have neither.
    if n > 4 and (text.find(":", tokens[1].start, tokens[4].end) >= 0 or tokens[0].low == "in"):
        lead = _headline(tokens, text) or _in_document(tokens, text)
        if lead is not None:
            out.append(lead)
    # Only the words that can start a cue are looked at: find them in C, then walk them in order.
    for at in compress(count(), map(_TRIGGERS.__contains__, map(_LOW, tokens))):
        if at < i:
            continue  # inside a cue already handled (`according to`, `as reported by`)
        i = at
        low = tokens[i].low
        if low == "according" and i + 1 < n and tokens[i + 1].low == "to":
            claim = _according_to(tokens, i, text)
            if claim:
                out.append(claim)
            i += 2
            continue
        if (
            low == "as"
            and i + 2 < n
            and tokens[i + 2].low == "by"
            and tokens[i + 1].low in ("reported", "detailed", "noted", "stated", "described", "explained")
        ):
            i += 3
            continue
        if low in NOUN_CUES and i > 0:
            claim = _noun_cue(tokens, i, text)
            if claim:
                out.append(claim)
                i += 1
                continue
        if low not in _CANDIDATES:
            i += 1
            continue
        # `“ said`, `. says` (most cues of a text dense in marks): no subject before the cue, and each
        # reading of a speech or stance verb without one needs a comma or a conjunction there (see
        # `_around_cue`); only a document verb can still make a claim.
        no_subject = i == 0 or (
            ends_no_subject(tokens[i - 1].text)
            and not (i > 1 and _ends_with_comma_quote(tokens[i - 1], text))
        )  # (`C ''Q,'' said X`: the quotation ends the clause X said)
        if no_subject and not is_document_cue(tokens, i):
            i += 1
            continue
        # Which kind of cue it is, worked out once here (the helpers below need it again and again).
        speech = is_cue(tokens, i)
        stance = not speech and is_cue(tokens, i, STANCE_VERBS)
        if not (speech or stance or is_document_cue(tokens, i)) or (no_subject and (speech or stance)):
            i += 1
            continue
        claim = _around_cue(tokens, i, text, speech=speech, stance=stance)
        if (
            claim is None
            and i > 2
            and low == "saying"
            and tokens[i - 1].low == "as"
            and tokens[i - 2].low == "quoted"
        ):
            # `Berg is quoted as saying C`, `was quoted by the paper as saying`: Berg's words
            subject = subject_before(tokens, i - 2)
            if subject:
                claim = _claim_of(tokens, i, text, subject, stance=False)
        if claim is None and i > 0:
            subject = None
            # (`C, yet refuses D`)
            after_yet = i > 1 and tokens[i - 1].low == "yet" and tokens[i - 2].text == ","
            shared = (tokens[i - 1].low in _SHARED_SUBJECT or after_yet) or (
                i > 1
                and tokens[i - 1].low in _AUXILIARY_BEFORE_CUE
                and tokens[i - 2].low in _SHARED_SUBJECT
                and (
                    any(
                        tokens[x].low == tokens[i - 1].low and tokens[x + 1].low in _CANDIDATES
                        for x in range(i - 3)
                    )
                    or (i > 2 and tokens[i - 3].text == ",")  # `X is preparing A, and has warned that C`
                )
            )  # (`X has urged A but has said C`; not `X said they had seen it and had agreed`)
            if shared and tokens[i].text[0].islower():
                # `..., saying that C` and `X did A and said C`: the cue shares the sentence's subject.
                subject = last_subject or initial_subject(tokens)
            elif (tokens[i - 1].text == "," or _ends_with_comma_quote(tokens[i - 1], text)) and tokens[
                i
            ].low in _ANY_PARTICIPLE:
                # `..., noting that C`, `X said he is a “long ways from a decision,” noting that C`
                subject = last_subject or previous_speaker(tokens, i) or initial_subject(tokens)
            elif goes_on_to(tokens, i) and i > 3 and tokens[i - 4].text == ",":
                # `..., Sanders said, going on to say that C`: who spoke goes on
                subject = last_subject or previous_speaker(tokens, i - 3) or initial_subject(tokens)
            elif (
                tokens[i].low in _SAY_TO
                and tokens[i - 1].low == "to"
                and (verb := _purpose_verb(tokens, i - 1)) is not None
            ):
                # `He went on to say C`, `Lee took to Twitter to say C`, `used her speech to warn C`: the
                # subject of the verb the infinitive is the purpose of
                subject = subject_before(tokens, verb)
            if subject:
                claim = _claim_of(tokens, i, text, subject, stance=not speech)

        if claim:
            out.append(claim)
            last_subject = claim.speaker
        i += 1
    if len(out) > 1:
        # `Voters who backed Trump said C`: a cue in the relative clause of another claim's speaker,
        # whose content runs over that claim's cue, reports nothing of its own.
        # (Only a speaker with `who` can swallow, and only a speech verb's speaker can stand inside
        # another's content: a sentence dense in cues tests the few such claims, not every pair.)
        relative = [o for o in out if any(t.text == "who" for t in o.speaker)]
        if relative:
            out = [c for c in out if not any(_swallows(c, o) for o in relative if o is not c)]
        speech = [o for o in out if o.speaker and not o.stance and o.cue.low in SPEECH_VERBS]
        if speech:
            out = [kept for c in out if (kept := _without_next_attribution(c, speech, text)) is not None]
    # `He said on Monday, “We are done.”`: the quotation is what he said (a quote, see `attribution`); the
    # claim goes only now, as it marks where an earlier claim's content ends (see above)
    return [
        c
        for c in out
        if not (
            c.start >= c.cue_end
            and c.speaker
            and c.speaker[-1].end <= c.cue.start  # (not `But, said Solovey, “Q”`: no quote's cue reads that)
            and c.cue.text.isalpha()  # (not `Kelli Ward: Impeach AG Lynch, ‘Stop DC’`: a headline's label)
            and _introduces_quotation(tokens, c.cue_end)
        )
    ]


def _without_next_attribution(claim: Claim, speech: list[Claim], text: str) -> Claim | None:
    """Keep a claim's content clear of the next clause's own attribution (`speech`: the claims with a
    speaker and a verb of saying, the only ones whose speaker can stand in another's content).

    `She said A, and when pressed, the mother replied, “Q”`: the content ends at `, and` before the
    other speaker; a clause read backward that holds a whole attribution and such a break, before a cue
    that opens a quotation (`She said A, and when ..., the mother replied, “Q”`), is no one's words and
    goes. Nested speech (`He said Lee told him C`, `Trump said he would win, supporters said`) stays.
    """
    if claim.parts:
        return claim
    inside = [
        o.speaker[0].start
        for o in speech  # (not `Kadzik's refusal to answer`: a noun)
        if o is not claim and claim.start <= o.speaker[0].start and o.cue.start < claim.end
    ]
    if not inside:
        return claim
    if claim.end <= claim.cue.start:  # read backward: `She said A, and when pressed, ...`
        opens_quote = _OPENS_QUOTE.match(text, claim.cue_end) is not None
        return None if opens_quote and _NEXT_CLAUSE.search(text, min(inside), claim.end) else claim
    found = _NEXT_CLAUSE.search(text, claim.start, min(inside))
    if found is None:
        return claim
    span = _clause(text, claim.start, found.start())
    return Claim(*span, claim.cue, claim.cue_end, claim.speaker, claim.stance) if span else claim


#: Where a coordinated clause begins (`, and when pressed`, `; but`).
_NEXT_CLAUSE = re.compile(r",\s+(?:and|but)\s|;\s")
_OPENS_QUOTE = re.compile(r"\s*[,:]\s*[“\"]")


def _swallows(inner: Claim, outer: Claim) -> bool:
    """Tell whether a claim's cue is in the relative clause of another's speaker (`Voters who backed`)
    and its content runs over that one's cue."""
    return inner.start <= outer.cue.start < inner.end and any(
        t.text == "who" and t.start < inner.cue.start < outer.speaker[-1].end for t in outer.speaker
    )


def _purpose_verb(tokens: list[Token], to: int) -> int | None:
    """Return the verb whose purpose the infinitive at `to` gives (`took` of `took to Twitter to say`,
    `went` of `went on to say`), looking back over its complement (no punctuation, no other verb)."""
    if to > 1 and tokens[to - 1].low in _SEEMED and tokens[to - 2].low not in _NO_SPEAKER_SUBJECTS:
        return to - 1  # `Trump appeared to suggest that C`: a hedged report, still of what he said
    for m in range(to - 1, max(-1, to - 8), -1):
        t = tokens[m]
        if t.low in _PURPOSE_VERBS:
            # (a complement between: not `was going to say`, a future; not `it takes long to confirm`)
            return m if 0 < m < to - 1 and tokens[m - 1].low not in _NO_SPEAKER_SUBJECTS else None
        if not t.text[:1].isalnum() or _verb_like(t) or t.low in _CANDIDATES:
            return None  # (`wanted to say`, `was asked to say`, `, to say`)
    return None


#: Verbs of saying in the infinitive that report what was said after a verb of purpose (not `went on to
#: claim a victory`, `used it to express regret`, `took to the stage to praise X`: deeds more than words).
_SAY_TO = frozenset(
    {"say", "tell", "warn", "argue", "announce", "explain", "insist", "declare", "stress", "reiterate",
     "assert", "confirm", "complain", "acknowledge", "admit", "deny", "suggest"}
)  # fmt: skip
#: Verbs an infinitive of saying gives the purpose of (`took to Twitter to say`, `went on to say`,
#: `used the speech to warn`, `held a news conference to announce`).
_PURPOSE_VERBS = frozenset(
    {"went", "goes", "go", "going", "took", "takes", "take", "taking", "used", "uses", "use", "using",
     "held", "holds", "hold", "holding", "convened", "returned", "rose", "stood"}
)  # fmt: skip
_NO_SPEAKER_SUBJECTS = frozenset({"it", "this", "that", "there", "what"})
_SEEMED = frozenset({"appeared", "appears", "seemed", "seems"})


def _claim_of(tokens: list[Token], i: int, text: str, subject: list[Token], *, stance: bool) -> Claim | None:
    """The clause after the cue at i, said by `subject` (a cue with no subject of its own).

    `stance`: the cue is not a verb of saying.
    """
    end = cue_end(tokens, i)
    k = content_start(tokens, end)
    if k is None or k >= len(tokens):
        return None
    span = _forward_span(tokens, k, text)
    if not span:
        return None
    return Claim(*span, tokens[i], tokens[end - 1].end, subject, stance=stance)


_SHARED_SUBJECT = frozenset({"and", "but"})
_TRIGGERS = _CANDIDATES | {"according", "as"} | NOUN_CUES.keys()
_LOW = itemgetter(3)  # a token's lower-case form
PARTICIPLES = frozenset(
    {
        "saying",
        "adding",
        "noting",
        "arguing",
        "telling",
        "explaining",
        "insisting",
        "warning",
        "suggesting",
        "claiming",
        "declaring",
        "stressing",
        "acknowledging",
        "asserting",
        "writing",
        "predicting",
        "contending",
        "stating",
        "calling",
        "announcing",
        "promising",
        "vowing",
        "asking",
        "urging",
        "describing",
        "criticizing",
        "accusing",
        "citing",
    }
)
#: `..., fearing that C`: any -ing form of a cue verb after a comma shares the sentence's subject.
_ANY_PARTICIPLE = PARTICIPLES | {w for w in _CANDIDATES if w.endswith("ing")}
_PREPOSITIONS = frozenset(
    {
        "in",
        "on",
        "at",
        "after",
        "before",
        "during",
        "since",
        "for",
        "with",
        "by",
        "from",
        "under",
        "as",
        "when",
        "while",
        "still",
        "but",
        "and",
        "yet",
        "also",
        "however",
        "meanwhile",
        "earlier",
        "later",
        "then",
        "now",
        "today",
    }
)
# Where a reported clause ends inside its sentence: another clause joined by a comma or a dash.
_CUT_AFTER_COMMA = frozenset(
    {
        "but",
        "while",
        "although",
        "though",
        "whereas",
        "adding",
        "noting",
        "saying",
        "calling",
        "arguing",
        "citing",
        "according",
        "as",
        "even",
        "explaining",
        "insisting",
        "suggesting",
        "warning",
        "referring",
        "yet",
    }
)
#: After a comma these open an aside about the last noun (`..., who worked for her`): it ends the
#: reported clause unless a second comma closes it (`the meeting, which was in May, was useful`).
_RELATIVES = frozenset({"who", "whose", "which"})


def _headline(tokens: list[Token], text: str) -> Claim | None:
    """`Ann Lee: The Bridge Will Open`, `Poll: Lee leads`: a short name before a colon speaks what follows."""
    if len(tokens) < 3 or text.find(":", tokens[1].start, tokens[min(4, len(tokens) - 1)].end) < 0:
        return None  # no colon among words 2 to 5: one search in C (most sentences)
    m = next((k for k in range(1, min(5, len(tokens))) if tokens[k].text == ":"), 0)
    if (
        not m
        or m + 1 >= len(tokens)
        or tokens[0].low in HEADLINE_LABELS
        or tokens[m - 1].end != tokens[m].start
    ):
        return None
    if not all(t.text[:1].isupper() for t in tokens[:m]) or any(t.low in ("i", "we") for t in tokens[:m]):
        return None
    if all(t.text.isupper() and len(t.text) > 1 for t in tokens[:m]) and not all(
        named_in(text, t.text) for t in tokens[:m]
    ):
        return None  # `ENERGY: ...`, `ECB WATCH: ...`: a section label (`PENCE: ...` names a speaker)
    span = _clause(text, tokens[m + 1].start, tokens[-1].end)
    if span is None:
        return None
    return Claim(*span, tokens[m], tokens[m].end, tokens[:m])


def _in_document(tokens: list[Token], text: str) -> Claim | None:
    """`In the latest poll, C`: a document named in an opening phrase speaks the sentence."""
    if tokens[0].low != "in":
        return None
    for k in range(1, min(7, len(tokens) - 2)):
        if tokens[k].text in (",", ";", ":") or tokens[k].text in QUOTE_FAMILY:
            return None
        if tokens[k].low in _POLL_HEADS and tokens[k + 1].text == ",":
            if any(tokens[m].low in _OWN_CUES for m in range(k + 3, min(k + 10, len(tokens)))):
                return None  # `In a statement, Oracle said C`: the clause has its own speaker and cue
            span = _clause(text, tokens[k + 2].start, tokens[-1].end)
            if span is None:
                return None
            return Claim(*span, tokens[0], tokens[0].end, tokens[1 : k + 1])
    return None


#: Verbs that give the clause after `In a statement,` a speaker of its own (`Oracle said ...`).
_OWN_CUES = frozenset(
    {"said", "says", "say", "told", "tells", "added", "adds", "wrote", "writes", "stated", "noted"}
)
#: Documents that speak from an opening `In ...,` phrase (not `In the report's words`).
_POLL_HEADS = frozenset({"poll", "polls", "survey", "surveys", "report", "study", "analysis", "statement"})


def _noun_cue(tokens: list[Token], i: int, text: str) -> Claim | None:
    """`Lee's claim that C`, `his support for X`: a cue noun after a possessive, its content after."""
    n = len(tokens)
    k = i + 1
    if k >= n or tokens[k].low not in NOUN_CUES[tokens[i].low]:
        return None
    p = i - 1 if tokens[i - 1].low not in _ORDER_ADJECTIVES or i < 2 else i - 2  # (`Lee's earlier claim`)
    prev = tokens[p]
    if prev.low in POSSESSIVE_PRONOUNS:
        speaker = [make_token(POSSESSIVE_PRONOUNS[prev.low], prev.start, prev.end)]
    else:
        suffix = next((e for e in POSSESSIVE_ENDS if prev.text.endswith(e)), None)
        if (
            suffix is None
            or not (
                prev.text[:1].isupper()
                or (p > 0 and tokens[p - 1].text[:1].isupper() and tokens[p - 1].low not in _NOT_NAME)
            )
            or len(prev.text) <= len(suffix) + 1
        ):
            return None  # (`Lee's claim`, `Tulsa police's claim`; not `the company's support`)
        m = p
        while m > 0 and m > p - 5 and tokens[m - 1].text[:1].isupper() and tokens[m - 1].low not in _NOT_NAME:
            m -= 1
        owner = tokens[m:p]
        speaker = [*owner, make_token(prev.text[: -len(suffix)], prev.start, prev.end - len(suffix))]
    if k + 1 >= n:
        return None
    if tokens[k].low == "that":
        span = _forward_span(tokens, k + 1, text)
    else:
        span = _forward_span(tokens, k + 1, text, _MIN_OBJECT_WORDS)
        if span:
            span = _object_only(tokens, k + 1, *span, text)
    if span is None:
        return None
    # `Her support for the deal was clear`: the noun phrase is a subject, its verb is not content
    verb = next(
        (
            t
            for t in tokens[k + 1 :]
            if span[0] <= t.start < span[1] and t.low in _VERBS_AFTER_NOUN_CUE and tokens[k].low != "that"
        ),
        None,
    )
    if verb is not None:
        span = _clause(text, span[0], verb.start, _MIN_OBJECT_WORDS)
        if span is None:
            return None
    return Claim(*span, tokens[i], tokens[k].end, speaker, stance=tokens[k].low != "that")


_IRREGULAR_PAST = frozenset(
    {"shot", "went", "came", "left", "met", "spoke", "gave", "took", "made", "held", "sent", "wrote", "told",
     "said", "ran", "won", "lost", "stood", "sat", "put", "set", "cut", "hit", "let", "got", "saw", "knew"}
)  # fmt: skip
#: Verbs that show a noun cue's phrase is a subject (`Her support for the deal was clear`).
_VERBS_AFTER_NOUN_CUE = frozenset(
    {
        "is",
        "was",
        "are",
        "were",
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "can",
        "seems",
        "seemed",
        "remains",
        "remained",
        "drew",
        "came",
        "led",
        "made",
    }
)
#: Capitalised words that open a sentence, not a name (`Despite Lee's claim`).
_NOT_NAME = frozenset(
    {"despite", "but", "and", "after", "before", "with", "in", "on", "for", "the", "a", "an"}
)


def previous_speaker(tokens: list[Token], i: int) -> list[Token] | None:
    """Return who speaks at the nearest cue before i (`“...,” he added, noting that ...` -> he)."""
    for k in range(i - 2, max(-1, i - 12), -1):
        if is_cue(tokens, k):
            return subject_before(tokens, k) or speaker_after(tokens, cue_end(tokens, k)) or None
    return None


def initial_subject(tokens: list[Token]) -> list[Token] | None:
    """Return the noun phrase a sentence opens with (after an opening phrase and its comma)."""
    k = 0
    for _ in range(3):
        # `Speaking in his voice again, he ...`, `Once in my early 20s, when ..., I laughed`, `Eight years
        # ago, he ...`: phrases of time, place or manner, each with its comma, open the sentence
        first = tokens[k].low if k < len(tokens) else ""
        counted = k + 1 < len(tokens) and tokens[k + 1].low in _TIME_UNITS  # (`Eight years ago,`)
        if not (first in _PREPOSITIONS or first in _OPENERS or counted or _opening_participle(first)):
            break
        comma = next((m for m in range(k, min(len(tokens), k + 20)) if tokens[m].text == ","), None)
        if comma is not None:
            k = comma + 1
        elif first in _PREPOSITIONS:
            k = min(len(tokens), k + 13)
        else:
            break
    while k + 1 < len(tokens) and tokens[k].low in _ASIDE_ADVERBS and tokens[k + 1].text == ",":
        k += 2  # `On Thursday, however, Trump ...`
    if k < len(tokens) and tokens[k].low in SUBJECT_PRONOUNS:
        return [tokens[k]]
    # `two Democratic speechwriters implored her ...`, `Chinese foreign ministry spokeswoman Hua Chunying
    # shot back ...`: the noun phrase before the sentence's first verb
    for m in range(k + 1, min(k + 10, len(tokens))):
        low = tokens[m].low
        if tokens[m].text.islower() and (low.endswith("ed") or low in _FINITE or low in _IRREGULAR_PAST):
            found = subject_before(tokens, m, k)
            if found and found[0].low in _RELATIVES | {"that"}:  # `Central European leaders who have ...`
                found = subject_before(
                    tokens, m - 1 - next((x for x in range(m) if tokens[m - 1 - x] is found[0]), 0), k
                )
            if found:
                return found
            break
        if not tokens[m].text[:1].isalnum():
            break
    out: list[Token] = []
    for t in tokens[k : k + 10]:
        if t.text[:1].isupper() or t.low in ("the", "a", "an", "of") or (out and t.low in ("’s", "'s")):
            out.append(t)
        else:
            break
    while out and out[-1].low in ("the", "a", "an", "of"):
        out.pop()
    return out or None


def _opening_participle(low: str) -> bool:
    return low.endswith("ing") and len(low) > 5


_ASIDE_ADVERBS = frozenset({"however", "meanwhile", "though", "also", "too", "instead", "still"})
#: Words besides prepositions that open a phrase of time or condition before a sentence's subject.
_OPENERS = frozenset(
    {"once", "last", "next", "over", "yesterday", "recently", "back", "although", "though", "if", "because"}
)
_TIME_UNITS = frozenset({"years", "months", "weeks", "days", "decades", "hours", "minutes", "year", "month"})
_FINITE = frozenset(
    {"is", "are", "was", "were", "has", "have", "had", "will", "would", "said", "says", "told"}
)


def _forward_span(
    tokens: list[Token], k: int, text: str, min_words: int = _MIN_WORDS
) -> tuple[int, int] | None:
    """Return the reported clause from token k to where its sentence moves on to another clause."""
    n = len(tokens)
    end = n
    aside = ""  # the dash that opened an aside still open
    # Only dashes, semicolons, commas and `and`/`but` can end the clause: skip to them in C.
    for m in compress(count(k + 1), map(_SPAN_BREAKS.__contains__, map(_LOW, islice(tokens, k + 1, n)))):
        t = tokens[m]
        low = t.low
        if low in _PARTICIPLE_CUTS:
            prev = tokens[m - 1]
            if _ends_with_comma_quote(prev, text) or (
                prev.text in QUOTE_FAMILY and text[prev.start - 1 : prev.start] == ","
            ):
                end = m  # `he's a “long ways from a decision,” noting that ...`: a new report starts
                break
            continue
        if low in _WHEN_WORDS:
            if m + 1 < n and tokens[m + 1].low.endswith("ing") and tokens[m - 1].text != ",":
                end = m  # `she was “gobsmacked” while receiving the award`: when, not what
                break
            continue
        minus = t.text == "-" and text[t.end : t.end + 1].isdigit()  # `below -25 C`
        if t.text in (";", "—", "–", "--") or (
            t.text == "-" and t.start > 0 and text[t.start - 1] == " " and not minus
        ):
            if t.text == aside:
                aside = ""  # the aside closes: the clause goes on
                continue
            if t.text != ";" and any(x.text == t.text for x in tokens[m + 1 : m + 30]):
                aside = t.text  # a pair of dashes around an aside: `those old - and unreported - postings`
                continue
            if t.text != ";" and m + 1 < n and tokens[m + 1].low in _ELABORATION:
                continue  # `speeds must be reduced — by at least 16 km/h ...`: the clause goes on
            end = m
            break
        if t.text == "," and m + 1 < n:
            nxt = tokens[m + 1]
            if nxt.low in _RELATIVES and not any(x.text == "," for x in tokens[m + 2 :]):
                end = m
                break
            if (
                nxt.low in _CUT_AFTER_COMMA
                or is_cue(tokens, m + 1)
                or (  # `the plan is flawed, a view shared by many economists`: a remark on the claim
                    nxt.low in ("a", "an")
                    and m + 2 < n
                    and tokens[m + 2].low in _VIEW_NOUNS
                    and not (m + 3 < n and tokens[m + 3].low in AUXILIARIES)  # (`, an assessment should be`)
                )
                or (  # `refuses to discuss it, aside from saying he wants ...`: another report
                    nxt.low == "aside"
                    and m + 3 < n
                    and tokens[m + 2].low == "from"
                    and tokens[m + 3].low.endswith("ing")
                )
                or (m + 2 < n and nxt.low in ("he", "she", "they", "i", "we") and is_cue(tokens, m + 2))
                or (nxt.low == "and" and m + 2 < n and tokens[m + 2].low in SUBJECT_PRONOUNS)
            ):
                end = m
                break
        if low in ("and", "but") and m + 1 < n and is_cue(tokens, m + 1):
            end = m
            break
        if (
            low in ("and", "but")
            and m + 2 < n
            and (
                tokens[m + 1].low in _ADVERB_BEFORE_CUE
                # (`has encouraged X but has said`: the report's own auxiliary again; not `said they had
                # seen it and had agreed`, the reported clause's)
                or (
                    tokens[m + 1].low in _AUXILIARY_BEFORE_CUE
                    and any(x.low == tokens[m + 1].low for x in tokens[max(0, k - 4) : k])
                )
            )
            and tokens[m + 2].text.islower()
            and is_cue(tokens, m + 2)
        ):
            end = m  # `has encouraged X to Y but has said she will ...`: the speaker's next report
            break
        if (
            low == "but"
            and m + 1 < n
            and (tokens[m + 1].low in SUBJECT_PRONOUNS or tokens[m + 1].text[:1].isupper())
            and _ends_with_comma_quote(tokens[m - 1], text)
        ):
            end = m  # `promising “jobs, jobs,” but he has also ...`: the quotation's comma, a new clause
            break  # (not `are “right to be angry,” but also hungry for ...`)
        if (
            low in ("and", "but")
            and m + 1 < n
            and tokens[m - 1].text != ","
            and is_cue(tokens, m + 1, STANCE_VERBS)
            and tokens[m + 1].low.endswith("ed")
            and (
                not any(_verb_like(x) for x in tokens[k:m])
                or (  # `that M was “a con” and encouraged Americans to ...`: a new request to someone
                    tokens[m + 1].low in _ASKED_TO
                    and any(x.low == "to" for x in tokens[m + 3 : m + 7])
                    and not any(x.text in (",", ";") for x in tokens[m + 2 : m + 7])
                )
            )
        ):
            end = m  # `criticized free-trade deals and called for tariffs`: the object ends, a new stance
            break
        if (
            low == "and"
            and m + 1 < n
            and tokens[m - 1].text == ","
            and tokens[m + 1].low.endswith("ed")
            and is_cue(tokens, m + 1, STANCE_VERBS)
            and any(_verb_like(x) for x in tokens[k : m - 1])
        ):
            end = m  # `said he was “deeply concerned”, and ordered an investigation`: the speaker acts again
            break
        if (
            low == "and"
            and m + 2 < n
            and tokens[m + 1].low in ("he", "she", "they", "we")
            and is_cue(tokens, m + 2)
        ):
            end = m  # `C and they criticize the SMMT`: the speaker's next report
            break
        if (
            low in ("and", "but")
            and tokens[m - 1].text != ","
            and m + 3 < n
            and (
                tokens[m + 1].text[:1].isupper()
                or tokens[m + 1].low in _OBJECT_STARTS | {"other", "many", "some"}
            )
            and any(is_cue(tokens, x) for x in range(m + 2, min(n, m + 6)))
            and subject_before(
                tokens, next(x for x in range(m + 2, min(n, m + 6)) if is_cue(tokens, x)), m + 1
            )
        ):
            end = m  # `C and other leaders said D`: a new speaker's clause starts
            break
    return _clause(text, tokens[k].start, tokens[end - 1].end, min_words)


def _verb_like(t: Token) -> bool:
    """Tell whether a word may be a clause's finite verb (so what follows `and` may be that clause's)."""
    return t.low in _FINITE or t.low in AUXILIARIES or (t.text.islower() and t.low.endswith("ed"))


#: The lower-case forms of the tokens where `_forward_span` may end a clause.
_SPAN_BREAKS = frozenset(
    {";", "—", "–", "--", "-", ",", "and", "but", "while", "when", "after", "before", "adding", "noting",
     "saying", "arguing", "explaining", "insisting", "warning"}
)  # fmt: skip
#: Participles of a new report (`..., noting that`); they end a clause after a quotation's comma.
_PARTICIPLE_CUTS = frozenset({"adding", "noting", "saying", "arguing", "explaining", "insisting", "warning"})
#: Conjunctions of time that, before an -ing form, end a clause (`while receiving the award`).
_WHEN_WORDS = frozenset({"while", "when", "after", "before"})
#: Prepositions that go on with a clause after a single dash (`— by at least 16 km/h`).
_ELABORATION = frozenset({"by", "from", "to", "in", "at", "for", "with", "up", "down", "about", "around"})


def _clause(text: str, start: int, end: int, min_words: int = _MIN_WORDS) -> tuple[int, int] | None:
    """Trim a clause of spaces and edge punctuation; None when fewer than a few words remain."""
    while start < end and (text[start].isspace() or text[start] in ",;:—–"):
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    if len(text[start:end].split(None, min_words)) < min_words:  # (no need to split a long clause whole)
        return None
    return start, end


def _around_cue(tokens: list[Token], i: int, text: str, *, speech: bool, stance: bool) -> Claim | None:
    """Build the claim of the cue at i: forward (`X said that C`), backward (`C, X said`) or inverted.

    `speech`: the cue is a verb of saying (`is_cue`); `stance`: else a stance or action verb; neither:
    a verb documents speak with.
    """
    if i > 0 and tokens[i - 1].text == "," and tokens[i].low in _ANY_PARTICIPLE:
        return None  # `..., adding that C`: the participle shares the sentence's subject (see `find_claims`)
    j = cue_end(tokens, i)
    n = len(tokens)
    if tokens[i].low in _PUT_OUT_VERBS and _put_out_document(tokens, j) is not None:
        return None  # `The company issued a statement saying C`: the statement's participle reports C
    if tokens[i].low in ("saying", "stating") and i > 2:
        verb = _document_put_out(tokens, i)
        if verb is not None:
            # `Police released a statement on Friday saying C`: who put the document out says C
            subject = subject_before(tokens, verb)
            claim = _claim_around_cue(tokens, i, j, text, subject, False) if subject else None
            if claim is not None and claim.start >= tokens[i].end:
                return claim  # (what follows; not `Minutes later, she sent an email saying, “done.”`)
    comma_quote = i > 1 and _ends_with_comma_quote(tokens[i - 1], text)  # `C ''Q,'' said X.`
    if (
        i > 1
        and speech
        and not tokens[i].low.endswith("ing")  # `C, saying Trudeau should ...`: a participle never inverts
        and tokens[i].low not in _NO_INVERSION  # (`X, its chairman, told Reuters, “...”`: a hearer)
        and (tokens[i - 1].text == "," or comma_quote)
        and j < n
        and (
            tokens[j].text[:1].isupper()
            or (
                tokens[i].low in _INVERTING
                and (tokens[j].low in _LOWER_SPEAKER_STARTS or _role_ahead(tokens, j))
            )
        )
    ):
        # `C, said Larry Sabato, director of ...` (and `A, said X, B`): the speaker follows the cue
        after = speaker_after(tokens, j)
        stop = tokens.index(after[-1]) + 1 if after else n
        if not tokens[j].text[:1].isupper():
            head = after[: next((k for k, t in enumerate(after) if t.text == ","), len(after))]
            # (`said a handful of Democrats who point to ...`: the people, before their relative clause)
            head = head[: next((k for k, t in enumerate(head) if k and t.low in ("who", "whose")), len(head))]
            stop = j + len(head)
            after = head if _looks_like_role(_without_brackets(head), tokens, stop) else []
            # (`..., said the company would ...`: a clause, not `said the company.`)
        # the name must end the clause: `said China and Russia have ...` reports what China did
        ends = stop >= n or tokens[stop].low not in (
            "and",
            "that",
            "but",
            "if",
            "because",
            "though",
            "although",
        )
        if (
            after
            and ends
            and (not tokens[j].text[:1].isupper() or _looks_like_name(_without_brackets(after)))
        ):
            right = (
                _forward_span(tokens, stop + 1, text)
                if stop + 1 < n and tokens[stop].text == "," and _continues(tokens, stop + 1)
                else None
            )  # (not `..., said X, adding that D`: D is what the participle reports)
            if (
                right is None
                and stop + 1 < n
                and tokens[stop].text == ","
                and tokens[stop + 1].low in AUXILIARIES
            ):
                right = _forward_span(tokens, stop + 1, text, 2)  # `The answer, says Prof Brewer, is wi-fi.`
            # `This, said Sloncek, should make ...`: a predicate after the name takes a subject of one word
            short = right is not None and tokens[stop + 1].low in AUXILIARIES
            left_end = tokens[i - 1].end if comma_quote else tokens[i - 1].start
            left = _clause(text, tokens[0].start, left_end, 1 if short else _MIN_WORDS)
            if left and right:
                return Claim(left[0], right[1], tokens[i], tokens[j - 1].end, after, parts=(left, right))
            best = max((x for x in (left, right) if x), key=lambda x: x[1] - x[0], default=None)
            if best:
                return Claim(*best, tokens[i], tokens[j - 1].end, after)
    before = tokens[i - 1].low if i else ""
    if (before in _NOT_OR_BETWEEN or before.endswith(("n't", "n’t"))) and _negated(tokens, i):
        return None  # `Singh won't say what he'll do`, `the documents do not say`: nothing was said
    subject = subject_before(tokens, i)
    if subject and len(subject) == 1 and subject[0].low == "who":
        w = _position(tokens, subject[0])
        if w > 0 and tokens[w - 1].low in _ANYONE:
            return None  # `those who preferred legal status`, `anybody who complains`: no one in particular
        subject = _role_before_who(tokens, subject) or subject
    if (
        subject
        and len(subject) > 1
        and subject[0].low in ("a", "an")
        and subject[1].low in _VIEW_NOUNS
        and not any(t.text[:1].isupper() for t in subject[2:])
    ):  # `C, a claim denied by ...`: an apposition summing C up (not `a point Feinstein acknowledged`)
        return None
    if subject and _CONTRACTED.match(subject[-1].low):
        return None  # `It's reading ...`, `Here's hoping`: a pronoun and a verb, not a speaker
    if subject and subject[-1].text[:1].islower() and (verb := _verb_in_subject(subject)) is not None:
        if not (tokens[i].low in _SAYING and verb > 0 and _object_before(tokens[i - 1])):
            return None  # `Wenger has no immediate plans to`, `X has lodged papers seeking`: a noun
        subject = subject[:verb]  # `Airlines have attacked the legislation saying C`: the clause's subject
    if (
        subject
        and tokens[i].low in _NAMING
        and subject[0].low in ("a", "an")
        and j < n
        and (tokens[j].text[:1].isupper() or tokens[j].text in QUOTE_FAMILY)
        and not any(
            role_noun(t.low) for t in subject[1:]
        )  # (people call: `A spokesman for the party called`)
    ):
        return None  # `a firm called Cambridge Analytica`, `a song called “Hey”`: a name given, no words said
    if subject and subject[-1].low in ("of", "for", "to", "with", "about", "from", "by"):
        return None  # `have no intention of backing C`: the cue word is a gerund after a noun, no subject
    if subject and len(subject) == 1 and subject[0].low == "more" and subject[0].text.islower():
        return None  # `If more embraced a carbon tax`, `more accurately predicted`: no one in particular
    if subject and subject[-1].low in _ORDER_ADJECTIVES:
        return None  # `An earlier report said`, `Initial reports suggested`: the cue word is a noun
    if subject and _after_what(tokens, subject, i):
        return None  # `between what Trump says his plan would do and ...`: an object, not a clause
    doc_cue = not speech and not stance
    if doc_cue and not (subject and is_document(subject)):
        subject = _document_before(tokens, i)
        if subject is None:
            return None
    if stance and not subject:
        return None
    claim = _claim_around_cue(tokens, i, j, text, subject, doc_cue, stance=stance)
    if claim is not None and stance:
        start, end = _object_only(tokens, j, claim.start, claim.end, text)
        return Claim(start, end, claim.cue, claim.cue_end, claim.speaker, stance=True)
    return claim


#: Verbs that give a name after a thing (`a group called X`) as well as report words (`she called it
#: a disgrace`).
_NAMING = frozenset({"called", "named", "dubbed", "titled", "entitled"})


def _verb_in_subject(subject: list[Token]) -> int | None:
    """Return where the words read as a cue's subject hold a verb of their own (`Tony Blair has backed
    the report amid opposition [claims]`), outside a relative clause, an aside or brackets."""
    for at, t in enumerate(subject[:-1]):
        if t.text in (",", "(", "—", "--") or t.low in _RELATIVE_WORDS:
            return None
        if t.low in AUXILIARIES and t.text.islower():
            return at
    return None


def _object_before(t: Token) -> bool:
    """Tell whether the word before a participle can end its verb's object (`the legislation saying`;
    not `has avoided directly criticizing`, `has begun saying`, `a word of warning`)."""
    return (
        t.text[:1].isalpha()
        and not t.low.endswith(("ed", "ly", "un", "en"))
        and t.low not in _CATENATIVES
        and not people_before(t)  # (`the killings have left 62 percent of voters saying C`: theirs)
    )


#: Participles of saying that share the subject of the clause before them, without a comma (not those
#: whose object may be the sayer or the thing: `artists writing songs`, `the world asking for money`).
_SAYING = PARTICIPLES - {
    "accusing", "acknowledging", "announcing", "asking", "citing", "criticizing", "describing", "explaining",
    "suggesting", "telling", "writing",
}  # fmt: skip
#: Verbs of telling whose name after them is the hearer, never an inverted speaker.
_NO_INVERSION = frozenset({"told", "tells", "urged", "urges", "reminded", "reminds", "informed", "informs"})
#: Words that end no object before a participle: verbs that take one (`kept saying`) and function words
#: (`a word of warning`).
_CATENATIVES = frozenset(
    {"keep", "keeps", "kept", "stop", "stops", "start", "starts", "began", "begin", "begins", "of", "a", "an",
     "the"}
)  # fmt: skip


#: Words that open a relative clause inside a subject (a verb after them is the clause's own).
_RELATIVE_WORDS = frozenset({"who", "whose", "whom", "which", "that", "where", "when"})
#: Adjectives of order and time that stand before a noun, never as one (`an earlier report`, `his recent
#: saying`): a subject that ends in one has the cue word as its noun.
_ORDER_ADJECTIVES = frozenset(
    {"earlier", "previous", "initial", "further", "latest", "recent", "original", "subsequent", "similar",
     "detailed"}
)  # fmt: skip


def _put_out_document(tokens: list[Token], j: int) -> int | None:
    """Return where `saying` stands after a document put out at j (`a statement [on Friday] saying`)."""
    n = len(tokens)
    k = j
    while k < n and k - j < 4 and tokens[k].low in _DOCUMENT_DETERMINERS:
        k += 1
    if k == j or k >= n or tokens[k].low not in _PUT_OUT_HEADS:
        return None
    k += 1
    while k < n and k - j < 9 and tokens[k].low in _WHEN_PUT_OUT:
        k += 1
    return k if k < n and tokens[k].low in ("saying", "stating") else None


def _document_put_out(tokens: list[Token], i: int) -> int | None:
    """Return the verb that put out the document whose participle is at i (`issued` of `issued a
    statement Tuesday saying`), or None."""
    for m in range(i - 2, max(-1, i - 10), -1):
        if tokens[m].low in _PUT_OUT_VERBS:
            return m if _put_out_document(tokens, cue_end(tokens, m)) == i else None
    return None


#: Verbs that put out a document whose participle then reports (`issued a statement saying`).
_PUT_OUT_VERBS = frozenset(
    {"issued", "released", "published", "posted", "sent", "circulated", "issues", "releases"}
)
_DOCUMENT_DETERMINERS = frozenset(
    {"a", "an", "the", "its", "his", "her", "their", "joint", "brief", "short", "written", "new", "second",
     "lengthy", "press", "news"}
)  # fmt: skip
_PUT_OUT_HEADS = DOCUMENT_HEADS | {"notice", "release", "note", "message", "tweet", "video", "bulletin"}
#: When a document came out, between it and its participle (`a statement late on Friday saying`).
_WHEN_PUT_OUT = WEEKDAYS | {
    "on", "late", "early", "last", "this", "that", "night", "morning", "afternoon", "evening", "week",
    "today", "yesterday",
}  # fmt: skip


def _object_only(tokens: list[Token], j: int, start: int, end: int, text: str) -> tuple[int, int]:
    """Cut a stance verb's object before the adjunct that follows it (`blasts Trump | over the plan`).

    Only an object right after the cue is cut, and only when it is not a clause (`that ...`, `to ...`).
    """
    if j >= len(tokens) or tokens[j].start != start or tokens[j].low in _CLAUSE_OPENERS:
        return start, end
    for m in range(j + 1, len(tokens)):
        t = tokens[m]
        if t.start >= end:
            break
        if t.text == "," or (
            t.low in ("and", "but")
            and m + 1 < len(tokens)
            and tokens[m + 1].text.islower()
            and (tokens[m + 1].low.endswith("ed") or tokens[m + 1].low in _CANDIDATES)
        ):
            # `rejected both objections, ruled ...`, `mentioned CNN and seemed to ...`: the object ends
            stop = tokens[m - 1].end
            while stop > start and text[stop - 1] in _TRAILING:
                stop -= 1
            return (start, stop) if stop > start else (start, end)
        if t.low in _ADJUNCTS and tokens[m - 1].text not in QUOTE_FAMILY:
            stop = tokens[m - 1].end
            while stop > start and text[stop - 1] in _TRAILING:
                stop -= 1
            return (start, stop) if stop > start else (start, end)
    return start, end


#: Words that open the adjunct after a stance verb's object (time, place, reason), not part of it.
_ADJUNCTS = frozenset(
    {"after", "during", "over", "amid", "following", "last", "yesterday", "because", "when", "while"}
)
_CLAUSE_OPENERS = frozenset({"that", "to", "whether", "if", "how", "why", "what", "when"})


def _claim_around_cue(
    tokens: list[Token],
    i: int,
    j: int,
    text: str,
    subject: list[Token] | None,
    doc_cue: bool,
    *,
    stance: bool = False,
) -> Claim | None:
    """Build the claim once the cue and its subject are known (see `_around_cue`)."""
    n = len(tokens)
    cue_stop = tokens[j - 1].end
    if tokens[i].low in THAT_ONLY and not (j < n and tokens[j].low == "that"):
        # `many Republicans fear Mrs. Clinton would choose`: a belief verb before a clause's subject
        belief = tokens[i].low in BELIEF_VERBS
        clause = j < n and (tokens[j].text[:1].isupper() or tokens[j].low in _CLAUSE_SUBJECTS)
        if clause and tokens[i].low.startswith("agree"):
            # `analysts agreed it was ...`, not `Delta agreed the terms of a loan` (an object)
            clause = any(t.low in AUXILIARIES for t in tokens[j : j + 7])
        infinitive = j < n and tokens[j].low == "to" and tokens[i].low in TO_VERBS
        if not (belief and clause) and not infinitive:
            return None
    if subject:
        # `As X noted, C.`
        comma = j
        at = _position(tokens, subject[0]) - 1  # (`As X noted ..., C` opens the sentence, or after `But`)
        if not stance and not doc_cue and (at == 0 or (at == 1 and tokens[0].low in ("but", "and", "yet"))):
            while comma < min(n, j + 8) and (
                tokens[comma].low in CUE_TAIL_WORDS or tokens[comma].text[:1].isupper()
            ):
                comma += 1  # (`As the paper noted in an op-ed Thursday, C`: detail before the comma)
        if (
            i > 0
            and comma + 1 < n
            and tokens[comma].text == ","
            and subject[0] is not tokens[0]
            and tokens[comma + 1].low not in _NOT_CONTENT_AFTER_AS  # (`as the Times reported, and he ...`)
            and not (comma + 2 < n and tokens[comma + 1].text[:1].isupper() and tokens[comma + 2].text == ",")
        ):  # (not `as she put it in Raleigh, N.C., where ...`: a place's commas)
            first = tokens.index(subject[0])
            if first > 0 and tokens[first - 1].low == "as":
                span = _forward_span(tokens, comma + 1, text)
                if span:
                    return Claim(*span, tokens[i], cue_stop, subject)
        k = content_start(tokens, j)
        takes_object = stance or tokens[i].low in OBJECT_SPEECH_VERBS
        headline = tokens[i].text[:1].isupper() and i > 0  # `Lee Says Bridge Will Open`
        if k is not None and k < n and _adverbial(tokens, j, k):
            k = None  # `said after Pagliano failed to show up`: when or why, not what (read backward)
        if (
            k is not None
            and k < n
            and not _only_tail(tokens, k, stance=stance or headline)
            and not (
                tokens[i].low in _OWN_CUES
                and _after_comma(tokens, subject)
                and _where_only(
                    tokens, k + (k + 1 < n and tokens[i].low in OBJECT_VERBS and plural_hearer(tokens[k]))
                )
            )
        ):  # (`C, the company said in a report in December.`: where it was said; C is read backward below)
            short_ok = takes_object and (tokens[k].text[:1].isupper() or tokens[k].low in _OBJECT_STARTS)
            after_that = k > 0 and tokens[k - 1].low == "that"  # `said that sales fell`: still a clause
            least = _MIN_OBJECT_WORDS if short_ok else _MIN_THAT_WORDS if after_that else _MIN_WORDS
            span = _forward_span(tokens, k, text, least)
            if span and (_subordinate(tokens, subject) or _relative_aside(tokens, subject)):
                # `When X said C, Y happened` (a stance's object may be one word: `Mary Fallin, who opposes
                # abortion, vetoed it`)
                one = stance and tokens[k].text[:1].isalpha()  # (not `a neighbour, who called 911, ...`)
                span = _up_to_comma(tokens, k, span, text, _MIN_OBJECT_WORDS if one else least)
            if span:
                return Claim(*span, tokens[i], cue_stop, subject)
        if tokens[i].low in TOPIC_VERBS:
            return None  # `On Thursday, Trump spoke to a gathering`: what came before is no content
        # Parenthetical: `A, X said, B.` - the longer side is the reported clause.
        first = _position(tokens, subject[0])
        lead_at = _lead_after_comma(tokens, first) if j < n and tokens[j].text == "," else None
        if (
            lead_at is not None
            and subject[-1].text.islower()
            and people_before(subject[-1])
            and all(t.low not in _NOT_LEAD for t in tokens[lead_at:first])
        ):
            # `A, federal officials said, B`: words that describe the people open the subject
            subject = [*tokens[lead_at:first], *subject]
            first = lead_at
        if first > 0 and tokens[first - 1].text == "," and j < n and tokens[j].text == ",":
            left = _clause(text, tokens[0].start, tokens[first - 1].start, 2)
            right = _forward_span(tokens, j + 1, text) if j + 1 < n and _continues(tokens, j + 1) else None
            if left and right is None and j + 1 < n and tokens[j + 1].low in AUXILIARIES:
                # `The deal, X said, is done.`: a short predicate
                right = _forward_span(tokens, j + 1, text, 2)
            if left and right is None and _goes_on_with_conjunction(tokens, j + 1):
                right = _forward_span(tokens, j + 1, text)  # `A, he said, but B.`: more of what he said
            if left and right:
                # `It's common, he explains, for a man to ...`: one clause in two pieces
                return Claim(left[0], right[1], tokens[i], cue_stop, subject, parts=(left, right))
            best = max((x for x in (left, right) if x), key=lambda x: x[1] - x[0], default=None)
            if best:
                return Claim(*best, tokens[i], cue_stop, subject)
        # Backward: `C, X said (to Y).` (`C, legal experts say`: lower-case words may precede X)
        lead = _lead_after_comma(tokens, first)
        if lead is not None:  # (`C, retired general Lloyd Newton said`: up to three words)
            subject = [*tokens[lead:first], *subject]
            first = lead
        tail = (
            _only_tail(tokens, j)
            # (`add to` makes more of something: `shortfalls add to the misery`)
            or (_tail_phrase(tokens, j) and not (tokens[i].low in ADD_VERBS and tokens[j].low == "to"))
            or (  # `C, X told followers in a tearful Instagram post`: a hearer, then detail
                tokens[i].low in OBJECT_VERBS
                and j < n
                and plural_hearer(tokens[j])
                and (_only_tail(tokens, j + 1) or (j + 1 < n and _where_only(tokens, j + 1)))
            )
        )
        adding = (  # `C “like snipers,” he said, adding that ...`: the next claim is the aside's own
            j + 1 < n
            and tokens[j].text == ","
            and tokens[j + 1].low in ("adding", "noting")
            and not any(is_cue(tokens, k) for k in range(first - 1))
        )
        if (tail or adding) and first > 1 and _ends_with_comma_quote(tokens[first - 1], text):
            # `Teachers ... are “very, very pro-Bernie,” Kilfoyle said.`: the quotation ends the clause
            span = _clause(text, tokens[0].start, tokens[first - 1].end)
            if span:
                return Claim(*span, tokens[i], cue_stop, subject)
        if first > 0 and tokens[first - 1].text == "," and tail:
            span = _clause(text, tokens[0].start, tokens[first - 1].start)
            if span:
                return Claim(*span, tokens[i], cue_stop, subject)
        return None
    # Inverted: `C, said X.` (not `..., told X`: a hearer follows a tell-verb)
    if (
        i > 0
        and tokens[i - 1].text == ","
        and not doc_cue
        and tokens[i].low not in OBJECT_VERBS
        and not tokens[i].low.endswith(
            "ing"
        )  # `C, saying Trudeau should ...`: the participle's subject is C's
    ):
        after = speaker_after(tokens, j)
        if after and after[0].low in ("the", "a"):
            head = after[: next((k for k, t in enumerate(after) if t.text == ","), len(after))]
            if not _looks_like_role(head, tokens, j + len(head)):
                after = []  # `..., said the event brought back memories`: a clause, not a speaker
        if after and (after[0].text[:1].isupper() or after[0].low in ("the", "a")):
            span = _clause(text, tokens[0].start, tokens[i - 1].start)
            if span:
                return Claim(*span, tokens[i], cue_stop, after)
    return None


#: `It's`, `Here's`, `That's`: a pronoun with `is` contracted onto it.
_CONTRACTED = re.compile(r"(?:it|here|there|that|what|who)['’]s$")
_NEGATIONS = frozenset({"not", "never", "no", "nobody", "cannot"})
_NOT_OR_BETWEEN = _NEGATIONS | BETWEEN_SUBJECT_AND_CUE  # (what may stand right before a denied cue)


def _negated(tokens: list[Token], i: int) -> bool:
    """Tell whether the cue at i is denied (`did not say`, `won't say`, `never told`): no statement."""
    for k in range(i - 1, max(-1, i - 4), -1):
        low = tokens[k].low
        if low in _NEGATIONS or low.endswith(("n't", "n’t")):
            return True
        if low not in BETWEEN_SUBJECT_AND_CUE:
            return False
    return False


def _position(tokens: list[Token], token: Token) -> int:
    """Return the index of a token in tokens, or -1: `tokens.index` in a bisection on the offsets.

    The tokens of a sentence are sorted by start, one per offset, so the token at `token.start` is the
    only one that can equal it (a scan compared every token before it, for each cue of a long sentence).
    """
    k = bisect_left(tokens, token.start, key=_START)
    return k if k < len(tokens) and tokens[k] == token else -1


_START = itemgetter(1)  # a token's start offset


def _subordinate(tokens: list[Token], subject: list[Token]) -> bool:
    """Tell whether the subject's clause opens with a conjunction (`When Patriot agreed that ...`)."""
    k = _position(tokens, subject[0])  # (as `_claim_around_cue` finds it)
    if subject[0].low in _OPENING_CONJUNCTIONS and len(subject) > 1:
        k += 1  # `When veterans ask for help, ...`: the capitalised conjunction was read as the name's
    if k < 1 or tokens[k - 1].low not in _OPENING_CONJUNCTIONS:
        return False
    if k > 1 and tokens[k - 2].low in _BEFORE_CONJUNCTION:
        k -= 1  # `Back when he wrote his book, X said ...`, `Even if she says no, ...`
    return k == 1 or tokens[k - 2].text in ".!?"


def _after_comma(tokens: list[Token], subject: list[Token]) -> bool:
    """Tell whether a comma stands right before the subject (`C, the company said ...`), or before the
    lower-case role words that lead it (`C, lead singer X told ...`)."""
    first = _position(tokens, subject[0])
    if first <= 1:
        return False
    if tokens[first - 1].text == ",":
        return True
    role = tokens[first - 1].low in ROLE_NOUNS or tokens[first - 1].low in TITLE_WORDS
    return role and _lead_after_comma(tokens, first) is not None  # (`lead singer`, `union leader`)


#: Lower-case words that never describe a subject's people (pronouns, verbs, conjunctions).
_NOT_LEAD = SUBJECT_PRONOUNS | {
    "you", "is", "was", "are", "were", "and", "but", "or", "that", "which", "who", "has", "have", "had",
    "will", "would", "can", "could", "not", "so", "then", "as",
}  # fmt: skip


def _lead_after_comma(tokens: list[Token], first: int) -> int | None:
    """Return where the lower-case words (up to three) between a comma and the subject at first begin
    (`C, retired general Lloyd Newton said`), or None when no comma stands before them."""
    lead = first
    while (
        lead > 1
        and first - lead < 3
        and tokens[lead - 1].text.islower()
        and (
            tokens[lead - 1].text.isalpha()
            or (  # `film-maker George Lucas has said`, `pro-hunt MPs say` (not `un-redacted copy`)
                tokens[lead - 1].text.replace("-", "").isalpha() and not tokens[lead - 1].low.endswith("ed")
            )
        )
    ):
        lead -= 1
    return lead if lead < first and tokens[lead - 1].text == "," else None


def _where_only(tokens: list[Token], k: int) -> bool:
    """Tell whether the sentence ends in a short phrase of where or how it was said after index k (`in a
    report in December`, `in a tearful Instagram post`): a preposition, then no verb."""
    n = len(tokens)
    if tokens[k].low not in _WHERE_OPENERS or n - k > 10:
        return False
    return not any(
        _verb_like(t) or t.text in QUOTE_FAMILY or t.low in _CLAUSE_OPENERS for t in tokens[k + 1 :]
    )


#: Prepositions that open where or how words were put out (`in a report`, `on Twitter`, `via email`).
_WHERE_OPENERS = frozenset({"in", "on", "at", "via", "through", "during"})


#: Pronouns for anyone at all: what their relative clause says is said by no one in particular.
_ANYONE = frozenset(
    {"those", "someone", "somebody", "anyone", "anybody", "everyone", "everybody", "nobody", "whoever"}
)


def _role_before_who(tokens: list[Token], subject: list[Token]) -> list[Token] | None:
    """`The mayor, who argued C, lost`: the role before `, who` speaks (and is resolved as a mention);
    `some economists who argue C`: the people right before `who`."""
    k = _position(tokens, subject[0])
    if k > 0 and tokens[k - 1].text != ",":
        head = tokens[k - 1]
        plural_acronym = head.text[-1:] == "s" and head.text[:-1].isupper()  # (`veteran MPs who say`)
        if not (head.text.isalpha() and (head.text.islower() or plural_acronym) and people_before(head)):
            return None
        # (`told a young woman who`: the hearer, not the verb)
        return tokens[_people_words_start(tokens, k - 1, frozenset()) : k]
    if k < 3 or tokens[k - 1].text != ",":
        return None
    head = tokens[k - 2]
    if head.text.isalpha() and head.text.islower() and head.low.endswith("s") and people_before(head):
        # `criticized by environmental groups, who said C`: the people before the comma, unnamed (`alarm
        # among legal experts, who`: the experts)
        return tokens[_people_words_start(tokens, k - 2, _MORE_PREPOSITIONS) : k - 1]
    if head.low not in ROLE_NOUNS or not head.text.islower():
        return None
    for m in range(k - 3, max(-1, k - 7), -1):
        t = tokens[m]
        if t.low in ("the", "a", "an"):
            return tokens[m : k - 1]  # `the mayor`, `a spokeswoman`, `the city's chief`
        if not (t.text.isalpha() and t.text.islower()):
            return None
    return None


def _people_words_start(tokens: list[Token], head: int, stops: frozenset[str]) -> int:
    """Return where the lower-case words before a noun of people at `head` begin (up to three: `some
    senior Conservative members`), stopping at a clause's break, a preposition (and `stops`), a verb."""
    m = head
    while m > 0 and head - m < 3 and tokens[m - 1].text.isalpha() and tokens[m - 1].text.islower():
        t = tokens[m - 1]
        if (
            t.low in CLAUSE_BREAKERS
            or t.low in _PREPOSITIONS
            or t.low in stops
            or _verb_like(t)
            or t.low.endswith("ing")
        ):
            break
        m -= 1
    return m


#: Prepositions a noun phrase of people may follow (`alarm among legal experts`), besides `_PREPOSITIONS`.
_MORE_PREPOSITIONS = frozenset({"among", "of", "to", "about", "against", "between", "over", "than", "like"})


def _relative_aside(tokens: list[Token], subject: list[Token]) -> bool:
    """Tell whether the subject is `who`/`which` after a comma (`Ann Lee, who said C, left`)."""
    k = _position(tokens, subject[0])
    if len(subject) == 1 and subject[0].low in ("who", "which"):
        return k > 0 and tokens[k - 1].text == ","
    end = k + len(subject)  # (`The mayor, who said C,`: the role `_role_before_who` read for `who`)
    return end + 1 < len(tokens) and tokens[end].text == "," and tokens[end + 1].low == "who"


#: Words that may stand before an opening conjunction at the sentence start (`Back when`, `Even if`).
_BEFORE_CONJUNCTION = frozenset(
    {"back", "even", "just", "only", "shortly", "soon", "long", "ever", "and", "but"}
)


_OPENING_CONJUNCTIONS = frozenset(
    {
        "when",
        "if",
        "after",
        "before",
        "because",
        "although",
        "though",
        "as",
        "since",
        "while",
        "once",
        "until",
    }
)


def _up_to_comma(
    tokens: list[Token], k: int, span: tuple[int, int], text: str, least: int
) -> tuple[int, int] | None:
    """Cut a reported clause at its first comma: the main clause of the sentence follows it."""
    for m in range(k, len(tokens)):
        t = tokens[m]
        if t.start >= span[1]:
            break
        if t.text == "," and not (
            text[t.start - 1 : t.start].isdigit() and text[t.end : t.end + 1].isdigit()
        ):
            if m + 1 < len(tokens) and tokens[m + 1].text in QUOTE_FAMILY:
                break  # `, who declared in the spin room, “Q”`: the quotation is what was said
            return _clause(text, span[0], t.start, least)  # (not `1,500`: a number's comma)
    return span


#: Words between `and`/`but` and a cue that keep the cue's subject (`but has said`, `and also told`).
_ADVERB_BEFORE_CUE = frozenset({"also", "repeatedly"})
_AUXILIARY_BEFORE_CUE = frozenset({"has", "have", "had"})

#: Verbs of asking someone to do something (`urged voters to`), in the past.
_ASKED_TO = frozenset(
    {"urged", "encouraged", "asked", "called", "warned", "pressed", "invited", "challenged", "begged"}
)

#: Nouns that sum up a claim in an apposition after it (`, a view shared by many`, `, a claim he denies`).
_VIEW_NOUNS = frozenset(
    {"view", "position", "sentiment", "claim", "assessment", "opinion", "argument", "charge", "stance",
     "belief", "conclusion", "notion", "assertion", "allegation", "point", "prediction", "message"}
)  # fmt: skip

#: Words after `As X said,` that do not open what X said (`, and he will ...`, `, however, she ...`).
_NOT_CONTENT_AFTER_AS = frozenset({"and", "but", "or", "however", "though", "meanwhile"})

#: Conjunctions that open a clause of time, reason or concession.
_SUBORDINATORS = frozenset({"after", "before", "while", "because", "since", "until", "although", "though"})

#: Words that end a clause at a quotation's close (`said on Monday, “Q,” and left`, `“Q,” when ...`).
_AFTER_QUOTATION = frozenset({"and", "but", "when", "as", "while", "before", "after", "then"})


def _introduces_quotation(tokens: list[Token], cue_end: int) -> bool:
    """Tell whether detail, a comma or colon and a whole quotation follow a cue (`said on Monday, “Q.”`).

    The detail is what `_only_tail` allows (`in an interview`, `told CNN`); the quotation ends the sentence
    or its clause (`, “Q,” and left`), so it is not a piece of a longer one (`said, “the plan” is dead`).
    """
    n = len(tokens)
    j = bisect_left(tokens, cue_end, key=_START)
    for m in range(j, min(n - 1, j + 12)):
        t = tokens[m]
        if t.text in (",", ":"):
            quote = tokens[m + 1]
            after = tokens[m + 2] if m + 2 < n else None
            return (
                m > j
                and quote.text in QUOTE_FAMILY
                and quote.end - quote.start > 2
                and (
                    after is None
                    or after.text in (".", ",", "!", "?", ";")
                    or (
                        after.low in _AFTER_QUOTATION
                        # (not `telling the crowd, “A,” and, “B”`: more of the quotation)
                        and not (
                            m + 3 < n and (tokens[m + 3].text == "," or tokens[m + 3].text in QUOTE_FAMILY)
                        )
                    )
                )
            )
        if not _detail_word(t):
            return False
    return False


def _adverbial(tokens: list[Token], j: int, k: int) -> bool:
    """Tell whether what follows a cue is a clause of time or reason and nothing else (`said after Ann left`).

    After `that`, or with a main clause after it (`said (that) while sales fell, jobs grew`, `said after
    the convention he would ...`), it opens the content.
    """
    return (
        tokens[k].low in _SUBORDINATORS
        and not any(t.low == "that" for t in tokens[j:k])
        and not any(t.text == "," for t in tokens[k:])
        and not any(t.low in SUBJECT_PRONOUNS for t in tokens[k + 2 : k + 8])  # `said after the vote he ...`
    )


#: Conjunctions that open an aside after a sentence-final cue and its detail (`said Friday, as ...`).
_ASIDE_OPENERS = frozenset({"as", "while", "after", "before", "because", "when", "although", "though"})


def _only_tail(tokens: list[Token], k: int, *, stance: bool = False) -> bool:
    """Tell whether what follows index k is attribution detail only (`to reporters on Sunday.`).

    A stance verb's capitalised object is its content, not detail (`X endorsed Clinton on Monday`).
    """
    if stance and k < len(tokens) and tokens[k].text[:1].isupper():
        return False
    for m in range(k, len(tokens)):
        t = tokens[m]
        if t.text == "," and m + 1 < len(tokens) and tokens[m + 1].low in _ASIDE_OPENERS:
            return True  # `..., lawmakers said Friday, as they bristled at ...`: an aside of time or reason
        if t.text in (".", "!", "?", ",") or _detail_word(t):
            continue
        return False
    return True


def _detail_word(t: Token) -> bool:
    """Tell whether a word after a cue may be attribution detail (`on`, `Monday`, `CNN`, `7`), not content."""
    return t.low in CUE_TAIL_WORDS or t.text[:1].isupper() or t.text[:1].isdigit()


#: Lower-case words that open the speaker of an inverted cue (`C, said the minister.`, `said police
#: Chief Joseph Boinnet`).
_LOWER_SPEAKER_STARTS = (
    frozenset({"the", "a", "an", "one", "two", "three", "several", "some", "another", "many"})
    | ROLE_NOUNS
    | TITLE_WORDS
)


def _role_ahead(tokens: list[Token], j: int) -> bool:
    """Tell whether lower-case words at j describe a role noun right after them (`political scientist`,
    `longtime party strategist`)."""
    for k in range(j, min(j + 3, len(tokens))):
        t = tokens[k]
        if not (t.text.isalpha() and t.text.islower()):
            return False
        if t.low in ROLE_NOUNS:
            return k > j
    return False


def _looks_like_role(words: list[Token], tokens: list[Token], stop: int) -> bool:
    """Tell whether lower-case words after an inverted cue are its speaker, ending the sentence.

    `said the winter railroading report.`, `said police Chief Joseph Boinnet.`, `said a company
    spokesman in a statement`: a few words ending in a name, a role or a document, then the end of
    the sentence, a comma or an adjunct.
    """
    head: list[Token] = []
    for t in words:
        if t.text == ",":
            break
        head.append(t)
    if not 0 < len(head) <= 6 or not all(
        t.text.isalpha() or "-" in t.text or (t.text.endswith(POSSESSIVE_ENDS) and t is not head[-1])
        for t in head
    ):  # (`said the company's chief executive.`, `says the BBC's Louisa Lim`: a possessive inside)
        return False
    last = head[-1]
    if not (
        last.text[:1].isupper()
        or last.low in ROLE_NOUNS
        or last.low in DOCUMENT_HEADS
        or last.low in BODY_NOUNS  # (`C, said the company.`, `C, says the assembly government.`)
    ):
        return False
    after = tokens[stop] if stop < len(tokens) else None
    return (
        after is None
        or after.text in (",", ".", ";", ")", "!", "?")
        or after.low in _AFTER_SPEAKER
        or after.low in ("who", "whose")
    )


#: Verbs of saying that take no object, so the words after them are their speaker (`C, said the
#: minister.`); `told the court`, `denied the report`, `wrote an op-ed` name what was told or written.
_INVERTING = frozenset(
    {"said", "says", "added", "adds", "noted", "notes", "explained", "explains", "continued",
     "continues", "concluded", "recalled", "recalls", "insisted", "insists", "argued", "argues",
     "stated", "states", "cautioned", "countered", "replied", "observed", "remarked"}
)  # fmt: skip
#: Words that may follow an inverted cue's speaker: an adjunct of how or where it was said.
_AFTER_SPEAKER = frozenset({"in", "on", "at", "during", "after", "before", "to", "from", "via", "by"})


def _after_what(tokens: list[Token], subject: list[Token], i: int) -> bool:
    """Tell whether `what X says` stands as a noun phrase (`the gap between what Trump says ... and`).

    Not `What the minister said was that C`: a `that` after the cue opens what was said.
    """
    at = next((x for x in range(i - 1, -1, -1) if tokens[x] is subject[0]), 0)
    if at == 0 or tokens[at - 1].low not in ("what", "whatever") or tokens[i].low in _NAMING_CUES:
        return False  # (`what the minister called “a deal”` names it)
    if i + 1 < len(tokens) and tokens[i + 1].low in _BE_FORMS:
        return False  # `what officials say is Kim's birthday`: they say it is
    return not any(t.low == "that" for t in tokens[i + 1 : i + 4])


_NAMING_CUES = frozenset(
    {"call", "calls", "called", "describe", "describes", "described", "term", "termed", "dub", "dubbed"}
)
_BE_FORMS = frozenset({"is", "was", "are", "were", "will", "would", "could", "has", "had", "might"})


def _continues(tokens: list[Token], k: int) -> bool:
    """Tell whether the words at k go on with the clause the attribution interrupted (`A, X said, B`).

    Not when they open a clause of their own (`and ...`, `adding that ...`, `which ...`) or an adjunct of
    the attribution (`in a statement`, `on Monday`).
    """
    if k >= len(tokens):
        return False
    low = tokens[k].low
    return not (
        low in _CUT_AFTER_COMMA
        or low in _RELATIVES
        or low in _NOT_CONTINUING
        or low in _ANY_PARTICIPLE
        or (
            low.endswith("ing")
            and len(low) > 5
            and tokens[k].text.islower()
            and low not in _ING_WORDS
            and not any(
                t.low in AUXILIARIES
                for t in itertools.takewhile(lambda t: t.text not in _PUNCTUATION, tokens[k + 1 : k + 13])
            )
        )
    )  # (`C, the Red Cross said, raising the possibility of ...`: what the speaker did, not more of C;
    # `A, he said, replacing Clinton would be ...`, `filtering out messages that hold a link can stop ...`
    # go on: a gerund is the clause's subject)


_PUNCTUATION = frozenset({",", ".", ";", ":", "!", "?"})


def _goes_on_with_conjunction(tokens: list[Token], k: int) -> bool:
    """Tell whether `A, X said, but B` goes on at k with a clause of the speaker's own (`but one person
    ran to the roof`, `because he realised ...`), not with what the speaker did (`and added that`)."""
    return (
        k + 2 < len(tokens)
        and tokens[k].low in _CLAUSE_CONJUNCTIONS
        # (`..., he says, and he was upset by ...`, `and as employees worry`: the reporter goes on)
        and not (tokens[k].low == "and" and tokens[k + 1].low in _NARRATION_AFTER_AND)
        and not any(
            is_cue(tokens, m) or tokens[m].low in _ANY_PARTICIPLE
            for m in range(k + 1, min(k + 4, len(tokens)))
        )
    )


#: Conjunctions after `A, X said,` that open more of the speaker's words.
_CLAUSE_CONJUNCTIONS = frozenset({"but", "and", "because", "although", "though"})
_NARRATION_AFTER_AND = frozenset({"he", "she", "they", "as", "when", "while"})


#: Words in -ing that are no participle (`A, he said, nothing could be done`).
_ING_WORDS = frozenset(
    {"nothing", "something", "anything", "everything", "morning", "evening", "during", "building",
     "spring", "string", "thing", "things", "king", "ceiling", "meeting", "funding", "housing", "training"}
)  # fmt: skip


#: Words after the second comma of `A, X said, B` that open something other than the rest of A.
_NOT_CONTINUING = frozenset(
    {"and", "or", "so", "because", "since", "if", "during", "after", "before", "who", "that", "when",
     "where", "then", "told", "speaking", "according"}
)  # fmt: skip


def _without_brackets(words: list[Token]) -> list[Token]:
    """Leave out a short bracket that ends a speaker (`the Office for National Statistics (ONS)`)."""
    if len(words) > 3 and words[-1].text == ")" and words[-3].text == "(":
        return words[:-3]
    return words


def _looks_like_name(words: list[Token]) -> bool:
    """Tell whether the words before the first comma are a name or title, not a clause."""
    head: list[Token] = []
    for t in words:
        if t.text == ",":
            break
        head.append(t)
    # the last lower-case role word: lower-case words before it describe the role
    role = max((k for k, t in enumerate(head) if t.text.islower() and t.low in ROLE_NOUNS), default=-1)
    return (
        0 < len(head) <= 8  # (`Heart and Stroke senior manager Erin Kim`)
        and not head[0].low.endswith(("’s", "'s"))
        and all(
            t.text[:1].isupper()
            or t.low in ("of", "at", "the", "for", "and", "de", "van", "von")
            or (t.low in ROLE_NOUNS or t.low in TITLE_WORDS)  # (`Democratic strategist David Axelrod`)
            or (t.text.isalpha() and k < role)  # (`political scientist Dossym Satpayev`)
            for k, t in enumerate(head)
        )
        and head[-1].text[:1].isupper()
    )


def _document_before(tokens: list[Token], i: int) -> list[Token] | None:
    """Find `Exit polls (taken in South Carolina) found`: a document head a few words before the cue."""
    for k in range(i - 1, max(-1, i - 8), -1):
        t = tokens[k]
        if t.text in (",", ";", ":", ".") or t.low in ("that", "which", "who"):
            return None
        if t.low in DOCUMENT_HEADS:
            m = k
            while (
                m > 0
                and m > k - 6
                and (
                    tokens[m - 1].text[:1].isupper()
                    or tokens[m - 1].low in ("the", "a", "an", "new", "latest", "recent")
                )
            ):
                m -= 1
            return tokens[m:i]
    return None


def _ends_with_comma_quote(token: Token, text: str) -> bool:
    """Tell whether a token is a quotation placeholder whose words end with a comma (`“..., ”`)."""
    if token.text not in QUOTE_FAMILY or token.end - token.start <= 2:
        return False
    inner = text[max(token.start, token.end - 6) : token.end].rstrip("”’\"'»›“‘")  # (`,''` closes too)
    return inner.endswith(",")


def _tail_phrase(tokens: list[Token], k: int) -> bool:
    """Tell whether what follows a sentence-final cue is a short phrase (`during his speech in Ames.`)."""
    return (
        k < len(tokens)
        and tokens[k].low in ("during", "in", "at", "on", "after", "before", "while", "to")
        and (len(tokens) - k <= 14)
    )


def _role_apposition_end(tokens: list[Token], m: int) -> int | None:
    """Return the comma closing a role in apposition at m (`a professor at Harvard,`, `head of Krome
    Studios,`): a role noun in its first words and no verb before the comma (not `the plan, which ...`)."""
    for k in range(m, min(len(tokens) - 1, m + 14)):
        t = tokens[k]
        if t.text == ",":
            head = tokens[m : min(k, m + 4)]
            role = tokens[m].low not in ("the", "these", "those") and any(
                x.low in ROLE_NOUNS or x.low in TITLE_WORDS for x in head
            )  # (not `the man, 45,`: the clause's own subject)
            return k if k > m and role else None
        if _verb_like(t) or t.text in QUOTE_FAMILY or t.text in (".", ";", ":"):
            return None
    return None


#: Words that open what is said about a source after `according to X` (`who spoke on condition of
#: anonymity`, `(but) unauthorized to speak publicly`): X ends before them (not at `that night`).
_SOURCE_DETAIL = frozenset(
    {"who", "whose", "which", "but", "speaking", "granted", "unauthorized", "authorized", "not", "because"}
)

#: What ends the sourced clause right before `according to` (`C, according to X`).
_BEFORE_ACCORDING = frozenset({",", "—", "–", "--"})


#: Sources that end `C according to X.` with no comma (not `according to plan`, `according to a code`).
_PLAIN_SOURCES = (
    DOCUMENT_HEADS - {"plan", "law", "constitution", "regulations", "guidelines", "form", "index"}
) | {
    "sources",
    "officials",
    "police",
    "analysts",
    "experts",
    "reports",
    "figures",
}
#: Words that may open a sentence before `, according to X, C`.
_LEADS = frozenset({"and", "but", "yet", "so", "however", "meanwhile", "also", "now", "still", "indeed"})


def _according_to(tokens: list[Token], i: int, text: str) -> Claim | None:
    """`According to X, C.` or `C, according to X.` (X ends at the next comma or the sentence end)."""
    before = tokens[i - 1]
    if (
        i > 1
        and before.text not in _BEFORE_ACCORDING
        and not _ends_with_comma_quote(before, text)
        and not (i > 3 and before.text[:1].isalnum())  # (`C according to new data.`: see below)
    ):
        return None  # neither at the start nor after the clause it sources (see the cases below)
    n = len(tokens)
    k = i + 2
    speaker: list[Token] = []
    while k < n and tokens[k].text not in (",", ".", ";", ":") and tokens[k].text not in QUOTE_FAMILY:
        speaker.append(tokens[k])
        k += 1
    cut = next((m for m, t in enumerate(speaker) if m and t.low in _SOURCE_DETAIL), len(speaker))
    speaker = speaker[:cut]  # `according to two officials who spoke on condition of anonymity`: the officials
    if not speaker:
        return None
    cue_stop = tokens[i + 1].end
    opens = i <= 1 or (i == 2 and tokens[1].text == "," and tokens[0].low in _LEADS)  # (`And, according to`)
    if opens and k < n and tokens[k].text == ",":
        # `According to X, (as reported by Y,) C.`
        m = k + 1
        if m + 2 < n and tokens[m].low == "as" and tokens[m + 2].low == "by":
            while m < n and tokens[m].text != ",":
                m += 1
        named = all(
            t.text[:1].isupper() for t in speaker
        )  # (a person's name; not `police`, `figures from X`)
        role_end = _role_apposition_end(tokens, m) if named else None
        if role_end is None and m < n and tokens[m].low == "who":
            # `According to Lee, who spoke on condition of anonymity, C`: the relative clause is about Lee
            role_end = next((x for x in range(m + 1, min(n, m + 16)) if tokens[x].text == ","), None)
        if role_end is not None:
            speaker = [*speaker, *tokens[k:role_end]]  # `According to Ann Lee, a professor at Harvard, C`
            m = role_end + 1
        if m + 1 < n:
            span = _clause(text, tokens[m].start, tokens[-1].end)
            if span:
                return Claim(*span, tokens[i], cue_stop, speaker)
    if (
        i > 1
        and tokens[i - 1].text == ","
        and k + 1 < n
        and tokens[k].text == ","
        and tokens[k + 1].text[:1].islower()  # the predicate goes on (`are fearful`), not more of the name
        and _continues(tokens, k + 1)
    ):
        # `Shelter residents, according to the findings, are fearful ...`: one clause in two pieces
        left = _clause(text, tokens[0].start, tokens[i - 1].start, 1)
        right = _forward_span(tokens, k + 1, text, 2)
        if left and right:
            return Claim(left[0], right[1], tokens[i], cue_stop, speaker, parts=(left, right))
    if i > 0 and tokens[i - 1].text in _BEFORE_ACCORDING:
        span = _clause(text, tokens[0].start, tokens[i - 1].start)
        if span:
            return Claim(*span, tokens[i], cue_stop, speaker)
    # (`C according to the SMMT and D`: the source ends at `and`)
    source = speaker[: next((m for m, t in enumerate(speaker) if m and t.low == "and"), len(speaker))]
    if (
        i > 3
        and tokens[i - 1].text[:1].isalnum()
        and (k >= n or tokens[k].text in (".", "!", "?"))
        and (
            source[-1].low in _PLAIN_SOURCES
            or all(t.text[:1].isupper() for t in source[source[0].low == "the" and len(source) > 1 :])
        )  # (a source's name: `according to Reuters`; not `according to rules set by FIFA`)
    ):
        # `Confidence rose in December according to new data.`: no comma, a source, then the sentence's end
        span = _clause(text, tokens[0].start, tokens[i - 1].end)
        if span:
            return Claim(*span, tokens[i], cue_stop, source)
    if i > 0 and _ends_with_comma_quote(tokens[i - 1], text):
        # `X met Y “to discuss the test,” according to Z`: the quotation ends the clause
        span = _clause(text, tokens[0].start, tokens[i - 1].end)
        if span:
            return Claim(*span, tokens[i], cue_stop, speaker)
    return None
