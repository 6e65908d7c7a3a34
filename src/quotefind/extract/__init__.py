"""Extraction: article text -> attributed statements (pure functions, no I/O)."""

from __future__ import annotations

import functools
import hashlib
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, fields
from itertools import pairwise
from operator import attrgetter, itemgetter
from typing import TypeVar

from quotefind.extract.attribution import (
    WINDOW,
    Attribution,
    attribution_after,
    attribution_before,
    transcript_turn,
)
from quotefind.extract.claims import find_claims
from quotefind.extract.cues import dash_speaker
from quotefind.extract.language import is_english
from quotefind.extract.lexicon import (
    ADD_VERBS,
    BELIEF_VERBS,
    CAPTION_MARKERS,
    DOCUMENT_HEADS,
    DOCUMENT_PARTICIPLES,
    DOCUMENT_VERBS,
    LINK_LABELS,
    NOUN_CUES,
    OBJECT_VERBS,
    POSSESSIVE_PRONOUNS,
    POSTED,
    PRONOUNS,
    QUOTE_FAMILY,
    RULED,
    SPEECH_VERBS,
    STANCE_VERBS,
)
from quotefind.extract.quotes import Mark, Quote, find_quotes
from quotefind.extract.segment import POSSESSIVE_ENDS, Token, split_paragraphs, split_sentences, tokenize
from quotefind.extract.speakers import Mention, Registry, Resolved, parse_mention, resolve
from quotefind.gcpause import collector_paused
from quotefind.model import Article, Source, Span, Speaker, Statement

__all__ = ["extract", "is_english", "version"]

#: Sentences longer than this are not searched for claims (no news sentence is; it bounds the work).
MAX_SENTENCE = 3000
#: Paragraphs longer than this are checked to be prose before any work is spent on them.
MIN_CHECKED_PARAGRAPH = 500
#: Paragraphs longer than this give a window around the statement as its context.
MAX_CONTEXT = 2000
#: A colon this close to a paragraph's start may end a link label (`READ MORE: ...`).
LINK_LABEL_CHARS = 20
#: A paragraph this short that opens with a dash may name the speaker of the quotation before it.
MAX_DASH_LINE = 100
#: A colon this close to a paragraph's start may end a headline's speaker label (`Ann Lee: ...`).
HEADLINE_LABEL_CHARS = 60
#: Quotations of fewer words are scare quotes or names unless a cue stands right next to them.
MIN_QUOTE_WORDS = 3
MIN_TIGHT_QUOTE_WORDS = 2  # a sentence of its own with its cue: `''Follow us,'' Ms. Gil said`
MIN_UNCUED_QUOTE_WORDS = 5
#: Words before a quotation that make it a name or a term, not speech.
# fmt: off
_NAMING = frozenset({"so-called", "called", "dubbed", "named", "nicknamed", "by", "as", "titled", "entitled",
                     "term", "word", "words"})
# fmt: on
_QUOTE_PLACEHOLDER = "“"
#: A cue followed by a comma or colon and an opening mark introduces the quotation after it.
_INTRODUCES = re.compile(r"[ \t]*[,:][ \t]*[“\"‘'«„]")
_CAPTION = re.compile("|".join(map(re.escape, CAPTION_MARKERS)))
_START = itemgetter(1)  # the start offset of a token or a mark
_T = TypeVar("_T", Token, Mark)
_CANDIDATE_START = attrgetter("start")
_LOW = itemgetter(3)  # the lower-case form of a token


@dataclass(slots=True)
class _Candidate:
    """A statement found but not yet resolved."""

    start: int
    end: int
    kind: str
    para: int
    mention: Mention | None = None
    cue: tuple[int, int] | None = None
    chain: int = -1  # quotation pieces of one multi-paragraph quote share their speaker
    tight: bool = False
    stance: bool = False  # a claim cued by a stance or action verb
    parts: list[tuple[int, int]] | None = None  # the pieces of a quotation interrupted by its attribution
    aside: bool = False  # a claim of a noun after its owner (`Lee's plan to`): no speaker for what follows


def extract(article: Article) -> Iterator[Statement]:
    """Yield the attributed statements of an article, in text order."""
    text = article.text
    if not text or not text.strip() or not is_english(text):
        return  # (the rules read English news: another language gives nothing, see `is_english`)
    paragraphs = list(split_paragraphs(text))
    with collector_paused():
        cands = _find_candidates(text, paragraphs)
    reg = Registry(text)
    reg.learn_names()
    yield from _resolve_all(article, text, paragraphs, cands, reg)


_WORD = re.compile(r"[a-z]+")
_THAT = re.compile(r"\bthat\b")
_THAT_ENDS = re.compile(r"\bthat\s*$")  # `that` right before the clause
_NON_MARK = re.compile(r"[^\s\"“”‘’'«»‹›„‚.,;:!?]")
_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[\W_]+")
_CUE_WORDS = (
    SPEECH_VERBS
    | DOCUMENT_VERBS
    | STANCE_VERBS
    | NOUN_CUES.keys()
    | POSTED
    | RULED
    | {"according", "put", "clear", "poll", "polls", "survey"}
)


def _is_prose(text: str, start: int, end: int) -> bool:
    """Tell whether at least half the visible characters of a paragraph are letters or digits."""
    part = text[start:end]
    # The ASCII letters and digits, counted in C (a byte translate), are at most all of them: when they
    # are half the paragraph, or half its visible characters (`str.split` and `\s` agree on spaces),
    # it is prose without the two regex passes of `_is_prose_exactly` (news paragraphs always are).
    ascii_alnum = len(part.encode("ascii", "ignore").translate(None, _ASCII_NON_ALNUM))
    if 2 * ascii_alnum >= len(part) or 2 * ascii_alnum >= sum(map(len, part.split())):
        return True
    return _is_prose_exactly(part)


def _is_prose_exactly(part: str) -> bool:
    """`_is_prose` by its definition: letters and digits against the characters that are not spaces."""
    return 2 * len(_NON_WORD.sub("", part)) >= len(_SPACE.sub("", part))


#: The ASCII characters that are not letters or digits (`str.isalnum`, `[^\W_]`), to delete in C.
_ASCII_NON_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())


def _may_hold_cue(text: str, start: int, end: int) -> bool:
    """Tell cheaply whether a paragraph has any word that can be a cue."""
    return (
        end - start >= 5000
        or not _CUE_WORDS.isdisjoint(_WORD.findall(text[start:end].lower()))
        or _headline_label(text, start, end)
    )


def _headline_label(text: str, start: int, end: int) -> bool:
    """Tell whether a paragraph may open with a speaker's label (`Ann Lee: The Bridge Will Open`)."""
    return ":" in text[start : min(end, start + HEADLINE_LABEL_CHARS)]


def _headline_line(text: str, start: int, end: int) -> bool:
    """Tell whether the first paragraph is a headline: one short line with no sentence end."""
    line = text[start:end].strip()
    return (
        "\n" not in line
        and len(line.split()) <= 20
        and not line.endswith((".", "!", "?", "”", '"', "’", "'"))
    )


def _dash_line(text: str, start: int, end: int) -> Attribution | None:
    """Read a paragraph that only names a speaker after a dash (`— Linda Lam`, `-Commissioner X`)."""
    if end - start > MAX_DASH_LINE or text[start] not in "-—–―":
        return None
    tokens = tokenize(text, start, end)
    speaker = dash_speaker(tokens)
    if speaker is None or len(tokens) - len(speaker) > 3:
        return None
    return Attribution(speaker, tokens[0].text, tokens[0].start, tokens[0].end)


def _link_line(text: str, start: int, end: int) -> bool:
    """Tell whether a paragraph points to another story (`READ MORE: ...`, `Relevant Reading: ...`)."""
    colon = text.find(":", start, min(end, start + LINK_LABEL_CHARS))
    return colon > start and text[start:colon].strip().lower() in LINK_LABELS


def _caption_zones(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the photo caption and credit spans of a paragraph (`(Photo: ...)`)."""
    zones: list[tuple[int, int]] = []
    first = _CAPTION.search(text, start, end)
    if first is None:
        return zones  # one search for all the markers: most paragraphs have none
    start = first.start()  # no marker is found before the first
    for marker, closes in _CAPTION_KINDS:
        at = text.find(marker, start, end)
        if at < 0:
            continue
        if closes:
            close = text.find(")", at, end)
            zones.append((at, end if close < 0 else close + 1))
        else:
            zones.append((at, end))
    return zones


#: Each caption marker, and whether its zone ends at the closing parenthesis (else at the paragraph end).
_CAPTION_KINDS = tuple((marker, marker.startswith("(")) for marker in CAPTION_MARKERS)


def _outside(items: list[_T], zones: list[tuple[int, int]]) -> list[_T]:
    """Return the items (tokens or marks, sorted by start) that start in none of the zones."""
    starts = list(map(_START, items))
    kept: list[_T] = []
    pos = 0
    for a, b in sorted(zones):
        lo = max(pos, bisect_left(starts, a))
        kept.extend(items[pos:lo])
        pos = max(pos, bisect_left(starts, b))
    kept.extend(items[pos:])
    return kept


#: What a transcript's turn opens with: a capital, or the mark that runs a quotation on (`"PENCE: ...`).
_TURN_OPENERS = frozenset('"“ABCDEFGHIJKLMNOPQRSTUVWXYZ')


def _in_zones(pos: int, zones: list[tuple[int, int]]) -> bool:
    """Tell whether an offset lies in one of the zones."""
    return any(a <= pos < b for a, b in zones)


def _find_candidates(text: str, paragraphs: list[tuple[int, int]]) -> list[_Candidate]:
    """Find quotations and claims paragraph by paragraph, with their raw attributions."""
    cands: list[_Candidate] = []
    chain_open = -1  # chain id of a quotation running on from the previous paragraph
    chains = 0
    # Where a caption marker starts, found in one pass over the text: a paragraph with none starts
    # no search of its own. (No marker holds a space, so none runs from one paragraph into the next.)
    markers = [m.start() for m in _CAPTION.finditer(text)]
    mi = 0
    prev_tail: list[Token] = []
    turn_names: dict[str, frozenset[str]] = {}  # (read once, at the first transcript's turn)
    for pi, (ps, pe) in enumerate(paragraphs):
        if (pe - ps > MIN_CHECKED_PARAGRAPH and not _is_prose(text, ps, pe)) or (
            text.find(":", ps, ps + LINK_LABEL_CHARS) > ps and _link_line(text, ps, pe)  # (one search in C)
        ):
            prev_tail = []
            chain_open = -1
            continue  # runs of marks and symbols, `READ MORE: <another story>`: nobody said that here
        turn = transcript_turn(text, ps, pe, turn_names) if text[ps] in _TURN_OPENERS else None
        if turn is not None:  # `PENCE: ...`: the whole paragraph is the speaker's words
            cand = _Candidate(turn[0], turn[1], "quote", pi)
            _attach(text, cand, turn[2])
            if cand.mention is not None:
                cands.append(cand)
                prev_tail = []
                chain_open = -1
                continue
        while mi < len(markers) and markers[mi] < ps:
            mi += 1
        zones = _caption_zones(text, ps, pe) if mi < len(markers) and markers[mi] < pe else []
        gaps = _gaps(text, ps, pe, zones) if zones else None
        found = find_quotes(text, ps, pe, gaps, paragraphs[pi + 1] if pi + 1 < len(paragraphs) else None)
        if gaps is not None and not _cuts_at_token_starts(text, pe, gaps):
            gaps = None  # tokenized whole, then the tokens in the zones left out
        if found is not None:  # marks that open or close
            quotes = found
        elif _may_hold_cue(text, ps, pe):
            quotes = []
        else:
            # Most paragraphs: nothing to tokenize. (Without a cue word the tokens could give no
            # attribution to the next paragraph either: `prev_tail` needs one.)
            prev_tail = []
            chain_open = -1
            continue
        tokens = _tokens_with_placeholders(text, ps, pe, quotes, zones, gaps)
        starts: list[int] = list(map(_START, tokens)) if quotes else []  # made when needed
        para_cands: list[_Candidate] = []
        # Quotations.
        for qi, q in enumerate(quotes):
            at = bisect_left(starts, q.open_at)
            after = tokens[at + 1 : _window_end(tokens, at + 1, q.close_end + WINDOW)]
            before = tokens[_window_start(tokens, at, q.open_at - WINDOW) : at]
            # `Mr Smith said: “...” Critics said ...`: a colon hands the quotation to the words before it.
            colon = bool(before) and before[-1].text == ":"
            full_stop = text[q.end - 1] in ".?!"
            attr = (colon and attribution_before(before)) or attribution_after(
                after, full_stop=text[q.end - 1] == "."
            )
            if attr and full_stop and attr.cue_end is not None and _INTRODUCES.match(text, attr.cue_end):
                attr = None  # `“A.” She adds, “B.”`: the cue introduces the quotation after it
            attr = attr or attribution_before(before)
            if attr is None and q.open_at == ps and prev_tail:
                attr = attribution_before(prev_tail)
            if attr is None and q.closed and not text[q.close_end : pe].strip() and pi + 1 < len(paragraphs):
                attr = _dash_line(text, *paragraphs[pi + 1])  # `“...”` then a line `-Commissioner X`
            cand = _Candidate(q.start, q.end, "quote", pi)
            continued = chain_open >= 0 and qi == 0 and q.open_at == ps
            if continued:
                cand.chain = chain_open
                chain_open = -1
            if not q.closed:
                if cand.chain < 0:
                    cand.chain = chains
                    chains += 1
                chain_open = cand.chain
            if attr:
                _attach(text, cand, attr)
            elif not _sentence_initial(text, ps, q.open_at) and not (
                para_cands and _conjoined(text, para_cands[-1], q, pe)
            ):
                continue  # mid-sentence words in marks with no cue: a term or a partial quote of a claim
            # `“I was not surprised,” Berg said. “She was.”`: a short piece after the attribution of the
            # piece before it goes on with that quotation, however short.
            goes_on = (
                attr is None
                and bool(para_cands)
                and _continues(text, para_cands[-1], cand)
                and not _title(text, q)  # (`“...,” Shelby said on CBS’ “Face the Nation.”`)
            )
            if not goes_on and not continued and not _keep_quote(text, q, cand, ps):
                continue  # (a quotation run on from the paragraph before stays, however short)
            para_cands.append(cand)
        if chain_open >= 0 and not (quotes and not quotes[-1].closed):
            chain_open = -1
        # Claims, sentence by sentence, cues outside quotations only (a claim needs a cue word or a
        # headline label, as in `_may_hold_cue`: without one no sentence is looked at).
        if _CUE_WORDS.isdisjoint(map(_LOW, tokens)) and not _headline_label(text, ps, pe):
            sentences: list[tuple[int, int]] = []
        else:
            protected = [(q.open_at, q.close_end) for q in quotes] if quotes else ()
            sentences = split_sentences(text, ps, pe, protected)
            if not quotes:
                starts = list(map(_START, tokens))
        for ss, se in sentences:
            if se - ss > MAX_SENTENCE:
                continue
            lo = bisect_left(starts, ss)
            hi = bisect_left(starts, se, lo)
            if lo == hi:
                continue  # no words outside quotations and captions
            for claim in find_claims(tokens[lo:hi], text):
                if zones and _in_zones(claim.start, zones):
                    continue
                if claim.stance and pi == 0 and _headline_line(text, ps, pe):
                    continue  # `Blair rejects Tory terror offer`: a headline's verb reports no stance
                if (
                    (not claim.stance or not text[claim.cue_end : claim.start].strip())
                    and claim.start >= claim.cue_end
                    and not _THAT_ENDS.search(
                        text, claim.cue_end, claim.start
                    )  # (`told police that her dog`)
                    and _adjunct_only(text, claim.start, claim.end, hearer=claim.cue.low in OBJECT_VERBS)
                ):
                    continue  # `explained from a podium`, `told his brother outside`, `spoke at noon`
                if (
                    claim.cue.low in _ADD
                    and claim.start >= claim.cue_end  # (`Sales climbed 8%, the department added.`: words)
                    and _tally(text, claim.cue_end, claim.start, claim.end)
                ):
                    continue  # `Hamilton added a goal`, `the index added 0.4 per cent`: a score, not words
                if _passive(text, claim.cue.start, claim.cue.low):
                    continue  # `Trudeau was asked what ...`, `she is expected to call`: no one's words
                if (
                    _noun_cue(text, claim.cue.start, claim.cue.low)
                    or (claim.stance and _VERB_AFTER.match(text, claim.cue_end))
                    or (claim.cue.low in DOCUMENT_HEADS and _RELEASED_AFTER.match(text, claim.cue_end))
                ):
                    continue  # `hoisted signs and banners`, `held four focus groups`: a noun, not a verb;
                    # `Republican support was more solid`, `the tax cut plans are`: the subject's noun
                    # (not `what officials say is Kim's birthday`: a verb of saying); `a GAO report
                    # released last year found`: the document's noun
                if claim.cue.low == "supporting" and _SUPPORTING_ROLE.match(text, claim.cue_end):
                    continue  # `won best supporting actress`: an adjective of the role, not a stance
                if _ANONYMITY.match(text, claim.start, claim.end):
                    continue  # `who asked not to be named`, `declined to be identified`: no one's words
                mention = _parse_mention(claim.speaker)
                if mention is None:
                    continue
                cue = (claim.cue.start, claim.cue_end)
                parts = list(claim.parts) if claim.parts else None
                owner = claim.speaker[-1]
                aside = claim.cue.low in NOUN_CUES and (
                    text.startswith(POSSESSIVE_ENDS, owner.end)
                    or text[owner.start : owner.end].lower() in POSSESSIVE_PRONOUNS
                )
                para_cands.append(
                    _Candidate(
                        claim.start,
                        claim.end,
                        "claim",
                        pi,
                        mention,
                        cue,
                        stance=claim.stance,
                        parts=parts,
                        aside=aside,
                    )
                )
        if para_cands:
            para_cands.sort(key=_CANDIDATE_START)
            cands.extend(para_cands)
        prev_tail = tokens[-12:] if text[pe - 1 : pe] == ":" else []
    return _prune(text, cands)


#: Words that open an adjunct of time, place or manner: after a cue, what they open is no clause.
# fmt: off
_ADJUNCT_OPENERS = frozenset({
    "from", "after", "before", "outside", "inside", "at", "during", "on", "in", "with", "without", "over",
    "under", "through", "near", "into", "onto", "since", "until", "behind", "beside", "across", "around",
    "via", "amid", "upon", "toward", "towards", "later", "earlier", "afterwards", "again", "repeatedly",
    "loudly", "quietly", "briefly", "twice", "often",
})
_OBJECT_PRONOUNS = frozenset({"his", "her", "their", "my", "our", "him", "them", "me", "us", "everyone",
                              "everybody", "anyone", "reporters", "journalists", "followers", "fans",
                              "viewers", "listeners", "readers", "supporters"})
# fmt: on
#: A word that makes a clause of what follows a cue (a finite verb, a modal, `that`).
_CLAUSE_WORD = re.compile(
    r"(?<![\w\-])(?:that|is|are|was|were|has|have|had|will|would|could|can|should|may|might|must|did|does|do|"
    r"isn't|wasn't|won't|can't|didn't|doesn't|don't|\w+ed|\w{3,}[^s\W]s)\b"
)


#: What ends a hearer's name: a relative clause about them (`..., who owns a barbershop`).
_RELATIVE_AFTER_COMMA = re.compile(r",[ \t]*(?:who|which|whose|where)\b")
_CAPITALISED = re.compile(r"(?<![\w’'\-])[A-Z][a-z]")
#: Words that open what a hearer was asked or told to do (`asked Ann Lee to stay`, `whether`).
_QUESTION_WORD = re.compile(r"(?<![\w\-])(?:to|whether|if|why|how|what|when|where|who|which)\b")


#: A form of `be` (or `get`) right before a verb, an adverb allowed between (`was quickly told`).
_BE_BEFORE = re.compile(
    r"(?<![\w’'\-])(?:am|is|are|was|were|be|been|being|get|gets|got)[ \t]+"
    r"(?:(?:[a-z]+ly|sometimes|always|nevertheless|seldom|often|still|also|now|first)[ \t]+)?$"
)
_IRREGULAR_PARTICIPLES = frozenset(
    {"told", "said", "thought", "known", "seen", "heard", "written", "shown", "found"}
)


#: Participles that are adjectives of feeling after `be`: `was worried that X` holds a view.
_FEELINGS = frozenset(
    {"worried", "concerned", "convinced", "pleased", "disappointed", "surprised", "delighted",
     "satisfied", "determined", "committed", "interested", "excited", "alarmed", "frustrated",
     "troubled", "encouraged", "upset", "relieved", "shocked", "thrilled", "saddened", "dismayed",
     "heartened", "angered", "outraged", "amazed", "astonished", "puzzled", "baffled", "scared"}
)  # fmt: skip


#: A role that `supporting` describes (`best supporting actress`, `a supporting role`).
_SUPPORTING_ROLE = re.compile(
    r"\s+(?:film\s+|television\s+|tv\s+)?(?:actor|actress|actors|role|roles|cast|character|player)s?\b"
)

#: What a source asks of the reporter about their own name (`asked not to be named`).
_ANONYMITY = re.compile(
    r"(?:not[ \t]+)?to[ \t]+be[ \t]+(?:named|identified|quoted)\b|(?:that[ \t]+)?(?:his|her|their)[ \t]+"
    r"(?:last[ \t]+|full[ \t]+)?names?[ \t]+(?:not[ \t]+)?(?:be|was|were)[ \t]+(?:used|published)\b"
)


def _passive(text: str, cue_start: int, cue: str) -> bool:
    """Tell whether a cue is a passive participle (`was asked`, `is expected`, `were reported`).

    The subject of a passive cue was asked, told or expected; it is not who said anything.
    """
    if not (cue.endswith("ed") or cue in _IRREGULAR_PARTICIPLES) or cue in _FEELINGS:
        return False
    return _BE_BEFORE.search(text, max(0, cue_start - 24), cue_start) is not None


#: Words after which a cue's word is a noun (`their plans`, `new hope`, `four focus groups`).
_NOUN_BEFORE = frozenset(
    {"the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "that", "these",
     "those", "new", "more", "less", "few", "many", "some", "any", "no", "every", "each", "own", "low",
     "high", "record", "first", "last", "next", "public", "popular", "strong", "broad", "widespread",
     "early", "late", "much", "such", "recent", "latest", "annual", "final", "full", "quarterly", "two",
     "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
)  # fmt: skip
_POSSESSIVES = frozenset({"his", "her", "their", "its", "our", "my", "your"})
_ARTICLES = frozenset({"the", "a", "an"})
_NEVER_NOUNS = frozenset({"say", "says", "said", "tell", "tells", "told"})  # `the experts I interviewed said`
_WORD_BEFORE = re.compile(r"([\w’'\-]+)[ \t]+$")


def _noun_cue(text: str, cue_start: int, cue: str) -> bool:
    """Tell whether a cue's word stands as a noun: after a determiner, a number, a compound or a verb.

    `they hoisted signs`, `held four focus groups`, `has given new hope`, `late-night tweets`: the word
    that looks like a cue (`signs`, `focus`, `hope`, `tweets`) is what was held or given.
    """
    if cue in _NEVER_NOUNS:
        return False
    found = _WORD_BEFORE.search(text, max(0, cue_start - 30), cue_start)
    if found is None:
        return False
    word = found.group(1)
    if cue.endswith("ed"):  # `his stated aim`, `Lametti's stated views`: a participle as an adjective
        if word.endswith("ly"):  # `his previously stated views`
            found = _WORD_BEFORE.search(text, max(0, found.start() - 30), found.start())
            word = found.group(1) if found is not None else ""
        # (`the alleged re-categorization`, `a reported 40 per cent`: after an article, an adjective too)
        return word.lower() in _POSSESSIVES or word.lower() in _ARTICLES or word.endswith(("'s", "’s"))
    if cue.endswith("ing"):
        return False
    if not word.islower() or (cue in NOUN_CUES and word in _POSSESSIVES):
        return False  # (`his refusal to`, `their support for`: nouns that report, after a possessive)
    return word in _NOUN_BEFORE or word[0].isdigit() or "-" in word or word.endswith("ed")


#: A finite verb right after a cue's word: the word is the head of a subject (`support was`).
_VERB_AFTER = re.compile(
    r"[ \t]+(?:is|are|was|were|has|have|had|will|would|could|can|should|may|might|must|remain|remains|"
    r"remained|tend|tends)\b"
)


#: A participle of publishing right after a document's noun (`report released last year`).
_RELEASED_AFTER = re.compile(r"[ \t]+(?:" + "|".join(sorted(DOCUMENT_PARTICIPLES)) + r")\b")


_ADD = ADD_VERBS | {"adding"}
#: Words that open a noun phrase added to something (no clause follows them without a verb).
_ADDED_THING = frozenset(
    {"a", "an", "another", "more", "new", "some", "its", "their", "his", "her", "further"}
)
#: What is added in a score or a market report (`added two goals`, `added 0.4 per cent`).
_TALLY = re.compile(
    r"(?:^[\d.,]+\b|\b(?:goals?|assists?|points?|runs?|touchdowns?|baskets?|tries|wickets?|rebounds?|"
    r"saves?|yards|per ?cent|percent|%)(?![\w’'\-]))"
)


def _tally(text: str, cue_end: int, start: int, end: int) -> bool:
    """Tell whether what follows `added` is a number or a score (in its first five words), not a clause."""
    if _THAT.search(text, cue_end, start) is not None:
        return False  # `added that 40 per cent had quit`
    body = text[start : min(end, start + 400)].lower().split(",")[0]  # (`a note of caution, should C`)
    words = body.split()
    head = " ".join(words[:5])
    if _AUXILIARY.search(body) is not None:
        return False
    # `added a goal`, `added 0.4 per cent`, `has added another layer of complexity`, `adds value to your
    # life`, `added fuel to the fire`: what was added (to what)
    return (
        _TALLY.search(head) is not None
        or (bool(words) and words[0] in _ADDED_THING)
        or (len(words) > 2 and words[1] == "to" and words[0].isalpha())
    )


_AUXILIARY = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|could|can|should|may|might|must|did|does|do)\b"
)


def _adjunct_after(text: str, start: int, end: int) -> bool:
    """Tell whether a claim goes on after a quotation with an adjunct or nothing (`” outside the hall`)."""
    words = text[start : min(end, start + 80)].strip(" \t”’\"'»«‹›“.,;!?").split(None, 1)
    return not words or words[0].lower() in _ADJUNCT_OPENERS


def _adjunct_only(text: str, start: int, end: int, *, hearer: bool) -> bool:
    """Tell whether what follows a cue is an adjunct or a hearer with no clause after it.

    `Ann Lee explained from a podium.`, `Tom Berg told his brother outside the court on Monday.`:
    no clause, no claim. `said in a statement that sales fell` has one (its `that`).
    """
    words = text[start : min(end, start + 300)].split(None, 1)
    if not words:
        return True
    first = words[0].lower().strip(",")
    if hearer and first not in _ADJUNCT_OPENERS and first not in _OBJECT_PRONOUNS:
        # `I asked barber Robert McMillen, who owns a barbershop.`: a named hearer and what is said of
        # them, no clause of what they were told or asked (`asked Ann Lee to stay`, `whether` ...)
        hearer_words = _RELATIVE_AFTER_COMMA.split(text[start : min(end, start + 300)], 1)[0]
        named = _CAPITALISED.search(hearer_words)
        return (
            named is not None
            and len(lead := hearer_words[: named.start()].lower().split()) <= 2  # they open with the hearer
            and _ADJUNCT_OPENERS.isdisjoint(lead)  # (`urges retaliation on Russia`: what is urged)
            and re.split(r"['’]", first)[0] not in PRONOUNS  # (`told Breitbart News he'd support`)
            and _CLAUSE_WORD.search(hearer_words.lower()) is None
            and _QUESTION_WORD.search(hearer_words.lower()) is None
        )
    if first not in _ADJUNCT_OPENERS and not (hearer and first in _OBJECT_PRONOUNS):
        return False
    rest = words[1] if len(words) > 1 else ""
    return _CLAUSE_WORD.search(rest.lower()) is None


def _attach(text: str, cand: _Candidate, attr: Attribution) -> None:
    """Give a candidate the parsed speaker and cue of an attribution."""
    cand.mention = _parse_mention(attr.speaker)
    if attr.cue_start is not None and attr.cue_end is not None:
        cand.cue = (attr.cue_start, attr.cue_end)
    cand.tight = cand.mention is not None


def _parse_mention(tokens: list[Token]) -> Mention | None:
    """`parse_mention`, remembered by the words and their offsets from the first (see `_MENTIONS`)."""
    if not tokens:
        return parse_mention(tokens)
    base = tokens[0].start
    key = tuple([(t.text, t.start - base, t.end - base) for t in tokens])
    found = _MENTIONS.get(key)
    if found is None:
        if len(_MENTIONS) >= _MAX_MENTIONS:
            _MENTIONS.clear()
        mention = parse_mention(tokens)
        _MENTIONS[key] = (mention, base)
        return mention
    mention, at = found
    if mention is None or at == base:
        return mention
    values = list(_MENTION_VALUES(mention))  # (a `dataclasses.replace` cost as much as the parse saved)
    values[_MENTION_START] += base - at
    values[_MENTION_END] += base - at
    return Mention(*values)


#: Speaker words (each token's text and offsets from the first) -> their mention and the offset it was
#: parsed at. A mention is the same words wherever they stand, but for its offsets: attributions repeat
#: (`Mr Smith said`, `he said`), and parsing is most of their cost. Bounded, as `segment._KEEPS`.
_MENTIONS: dict[tuple[tuple[str, int, int], ...], tuple[Mention | None, int]] = {}
_MAX_MENTIONS = 50_000
#: A mention's fields in order, and where its two offsets stand among them.
_MENTION_FIELDS = [f.name for f in fields(Mention)]
_MENTION_VALUES = attrgetter(*_MENTION_FIELDS)
_MENTION_START = _MENTION_FIELDS.index("start")
_MENTION_END = _MENTION_FIELDS.index("end")


def _tokens_with_placeholders(
    text: str,
    start: int,
    end: int,
    quotes: list[Quote],
    zones: list[tuple[int, int]],
    gaps: list[tuple[int, int]] | None = None,
) -> list[Token]:
    """Tokenize a paragraph with each quotation replaced by one placeholder token.

    Tokens that start in a zone (a photo caption) are left out: when `gaps` (the parts outside the
    zones, see `_gaps`) are given, only they are tokenized (`_cuts_at_token_starts` must hold).
    """
    if not quotes:
        if not zones:
            return tokenize(text, start, end)  # most paragraphs
        if gaps is not None and len(gaps) == 1:
            return tokenize(text, *gaps[0])  # a caption at the end, most often
    out: list[Token] = []
    pos = start
    if zones and gaps is not None:
        for q in quotes:
            for lo, hi in gaps:  # the opening mark is outside the zones: its placeholder stays
                if lo < q.open_at and pos < hi:
                    out.extend(tokenize(text, max(pos, lo), min(q.open_at, hi)))
            out.append(
                Token(_QUOTE_PLACEHOLDER, q.open_at, max(q.close_end, q.open_at + 1), _QUOTE_PLACEHOLDER)
            )
            pos = q.close_end
        for lo, hi in gaps:
            if pos < hi:
                out.extend(tokenize(text, max(pos, lo), hi))
        return out
    for q in quotes:
        out.extend(tokenize(text, pos, q.open_at))
        out.append(Token(_QUOTE_PLACEHOLDER, q.open_at, max(q.close_end, q.open_at + 1), _QUOTE_PLACEHOLDER))
        pos = q.close_end
    out.extend(tokenize(text, pos, end))
    return _outside(out, zones) if zones else out


def _gaps(text: str, start: int, end: int, zones: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the parts of text[start:end] outside the zones, sorted."""
    gaps: list[tuple[int, int]] = []
    pos = start
    for a, b in sorted(zones):
        if a > pos:
            gaps.append((pos, a))
        pos = max(pos, b)
    if pos < end:
        gaps.append((pos, end))
    return gaps


#: Characters that a word token can run on through (a word character or a joiner before one).
_RUNS_ON = re.compile(r"[\w\-’'.&/]")


def _cuts_at_token_starts(text: str, end: int, gaps: list[tuple[int, int]]) -> bool:
    """Tell whether tokenizing the gaps apart gives the tokens that tokenizing all would keep.

    A gap begins after a caption's `)` or at the paragraph start, so a token begins there; it ends
    where a caption begins, at `(` (a token of its own) or at a marker like `Photo:`, where a
    word before it (`xPhoto:`, `x-Photo:`) would run on into the caption.
    """
    return all(text[hi] == "(" or _RUNS_ON.match(text, hi - 1) is None for _lo, hi in gaps if hi < end)


def _window_end(tokens: list[Token], i: int, limit: int) -> int:
    """Index one past the last token from i that starts before `limit` and before the next quotation."""
    k = i
    while k < len(tokens) and tokens[k].start < limit and tokens[k].text != _QUOTE_PLACEHOLDER:
        k += 1
    return k


def _window_start(tokens: list[Token], i: int, limit: int) -> int:
    """Index of the first token before i that starts after `limit` and after the previous quotation."""
    k = i
    while k > 0 and tokens[k - 1].start >= limit and tokens[k - 1].text != _QUOTE_PLACEHOLDER:
        k -= 1
    return k


#: `“A,” he said, but “B.”`: a conjunction right after a quotation's attribution, then another piece.
_CONJUNCTION = re.compile(r"\s*,?\s*(?:but|and|yet)\s*,?\s*")


def _conjoined(text: str, prev: _Candidate, q: Quote, para_end: int) -> bool:
    """Tell whether a quotation mid-sentence goes on with the one before it, past its attribution.

    After a conjunction, when it ends its sentence (`“You know, I love Larry,” he said, but “...”`;
    not a term in marks: `and “fair” elections are coming`); or, when the first piece ends with a
    comma and this one opens in lower case after a comma, whatever else the attribution says (`“I
    think he will be fair,” Trump said during a rally in Kenansville, N.C., “but a lot of ...”`).
    """
    if prev.kind != "quote" or prev.mention is None or prev.cue is None or prev.end > prev.cue[0]:
        return False
    tail = max(prev.cue[1], prev.mention.end)
    if tail > q.open_at:
        return False
    if _CONJUNCTION.fullmatch(text, tail, q.open_at) is not None:
        after = text[q.close_end : para_end].lstrip()
        return text[q.end - 1] in ".!?" or not after or after[0] in ".!?"
    between = text[prev.end : q.open_at]
    return (
        text[prev.end - 1] == ","
        and text[q.start].islower()
        and between.rstrip().endswith(",")
        and len(between) <= MAX_INTERRUPTION
        and not any(c in QUOTE_FAMILY for c in between.lstrip(_CLOSING_MARKS))
        and _SENTENCE_BREAK.search(between) is None  # (`McCain said. The senator said he ..., “except ...”`)
    )


_CLOSING_MARKS = "\"'”’»›"
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")


def _sentence_initial(text: str, para_start: int, at: int) -> bool:
    """Tell whether a quotation mark begins a sentence (or the paragraph)."""
    before = text[max(para_start, at - 3) : at].rstrip()
    return not before or before[-1] in ".!?:”\"’'»—–"


def _keep_quote(text: str, q: Quote, cand: _Candidate, para_start: int) -> bool:
    """Drop scare quotes, names and titles: short quotations without a cue right next to them."""
    words = text[q.start : min(q.end, q.start + 400)].split()
    if len(words) >= 12 or not q.closed:
        return True
    tight_start = cand.tight and _sentence_initial(text, para_start, q.open_at)
    if len(words) == 1 and tight_start and text[q.end - 1 : q.end] in (",", "!", "?"):
        return True  # `“Never,” she said.`, `“One!” says the proprietor.`: a word said as a sentence
    if (
        len(words) <= 2
        and tight_start
        and text[q.end - 1 : q.end] in (".", "!", "?")
        and text[para_start : q.open_at].rstrip().endswith(":")
    ):
        return True  # `Tom Berg said: “No.”`: a short answer its cue and colon hand over
    if len(words) < (MIN_TIGHT_QUOTE_WORDS if tight_start else MIN_QUOTE_WORDS):
        return False
    prev = text[max(para_start, q.open_at - 20) : q.open_at].split()
    if prev and prev[-1].lower() in _NAMING and len(words) < 6 and not cand.tight:
        return False  # (`What the minister called “a historic deal”` has a speaker: it stays)
    if len(words) < MIN_UNCUED_QUOTE_WORDS and not cand.tight:
        return False
    return not _title(text, q)


def _title(text: str, q: Quote) -> bool:
    """Tell whether a short quotation in title case is a title (`“Face the Nation.”`, `“Game of Thrones”`),
    not words someone said (an exclamation or question was: `“What a Super Tuesday!”`)."""
    words = text[q.start : min(q.end, q.start + 200)].split()
    caps = [w for w in words if w[:1].isalpha()]
    return (
        len(words) <= 5
        and bool(caps)
        and caps[0][:1].isupper()
        and text[q.end - 1] not in "!?"
        and all(w[:1].isupper() or w in _TITLE_SMALL_WORDS for w in caps)
    )


#: Words a title in title case keeps in lower case.
_TITLE_SMALL_WORDS = frozenset({"the", "of", "and", "a", "an", "in", "on", "for", "to", "at", "with", "or"})


def _prune(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    """Drop duplicates: pull quotes repeating a body quote, quotes inside a claim that carries them."""
    claims = [c for c in cands if c.kind == "claim"]
    quotes = [c for c in cands if c.kind == "quote"]
    quote_starts = [q.start for q in quotes]
    dropped: set[int] = set()

    def inside(c: _Candidate) -> list[_Candidate]:
        k = bisect_left(quote_starts, c.start)
        found = []
        while k < len(quotes) and quotes[k].start < c.end:
            if quotes[k].end <= c.end + 2:
                found.append(quotes[k])
            k += 1
        return found

    def gives_way(c: _Candidate, q: _Candidate) -> bool:
        """The claim is only the frame of a quotation: it swallowed one attributed on its own,
        or one that makes up most of it."""
        if (
            q.tight
            and q.cue is not None
            and c.start <= q.cue[0] < c.end
            and text[q.cue[0] : q.cue[1]].lower()
            not in BELIEF_VERBS  # `said he feels “Q”`: the claim's words
        ):
            return True
        # `chanted “Trudeau must go!” outside`, `What the minister called “a deal” was ...`: what
        # follows the cue is the quotation
        if (
            q.cue is not None
            and q.cue == c.cue
            and c.start >= q.start - 1
            and (text[q.cue[0] : q.cue[1]].lower() in _NAMING or _adjunct_after(text, q.end, c.end))
        ):
            return True
        return (q.end - q.start) >= 0.6 * (c.end - c.start)

    # Claims that give way go first, and take no quotation with them: a quotation only gives way
    # to a claim that stays.
    for c in claims:
        held = inside(c)
        if any(gives_way(c, q) for q in held):
            dropped.add(id(c))
        else:
            dropped.update(id(q) for q in held)
    # A stance reported inside someone's reported speech is part of what they said, not a claim of its own.
    outer_end = -1
    for outer, inner in pairwise(claims):
        outer_end = max(outer_end, outer.end) if id(outer) not in dropped else outer_end
        if inner.stance and inner.end <= outer_end:
            dropped.add(id(inner))
    # A claim read off a quotation's own attribution (`“...,” X said in an interview with Y`) repeats it.
    quote_cues = {q.cue for q in quotes if q.cue is not None and id(q) not in dropped}
    for c in claims:
        if c.cue in quote_cues and not _THAT.search(text, c.cue[1], c.start):
            dropped.add(id(c))  # (`X said that C, “Q”` keeps its clause)
    seen: dict[str, _Candidate] = {}
    for q in quotes:
        if id(q) in dropped:
            continue
        key = "".join(filter(str.isalnum, text[q.start : q.end].lower()))
        other = seen.get(key)
        if other is None:
            seen[key] = q
        elif other.cue is None and q.cue is not None:
            dropped.add(id(other))
            seen[key] = q
        else:
            dropped.add(id(q))
    spans: set[tuple[int, int]] = set()
    out: list[_Candidate] = []
    for c in cands:
        if id(c) in dropped or (c.start, c.end) in spans:
            continue
        if out and _continues(text, out[-1], c):
            first = out[-1]  # `“A,” X said. “B.”`: one quotation interrupted by its attribution
            if first.parts is None:
                first.parts = [(first.start, first.end)]
            first.parts.append((c.start, c.end))
            first.end = c.end
            continue
        spans.add((c.start, c.end))
        out.append(c)
    return out


#: The longest attribution that may interrupt one quotation (`,” the mayor of Miami told CNN. “`).
MAX_INTERRUPTION = 160


def _continues(text: str, first: _Candidate, nxt: _Candidate) -> bool:
    """Tell whether a quotation goes on the other side of the attribution that follows it.

    `“A,” X said. “B.”`: the second piece has no attribution of its own, and nothing but the first
    piece's cue and speaker stands between the two.
    """
    if first.kind != "quote" or nxt.kind != "quote" or first.para != nxt.para:
        return False
    if nxt.chain >= 0:
        return False  # a piece that runs on into the next paragraph is a chain of its own
    if nxt.mention is None and first.end < nxt.start and not _NON_MARK.search(text, first.end, nxt.start):
        return True  # `“A.” “B.”`: nothing but marks between two pieces of one speaker
    if first.mention is None or first.cue is None:
        return False
    if nxt.mention is not None and nxt.cue != first.cue:
        return False  # `“A,” he said, “B.”` gives both pieces the one cue
    gap = nxt.start - first.end
    if gap > MAX_INTERRUPTION or not first.end <= first.cue[0] < nxt.start:
        return False
    return first.end <= first.mention.start and first.mention.end <= nxt.start


def _resolve_all(
    article: Article, text: str, paragraphs: list[tuple[int, int]], cands: list[_Candidate], reg: Registry
) -> Iterator[Statement]:
    """Resolve the candidates' speakers in text order and build the statements."""
    last: tuple[Resolved, int] | None = None
    chain_speaker: dict[int, tuple[Resolved | None, Mention | None, tuple[int, int] | None]] = {}
    # Chains take the attribution of whichever piece has one.
    for c in cands:
        if c.chain >= 0 and c.mention is not None:
            chain_speaker.setdefault(c.chain, (None, c.mention, c.cue))
    article_id = article.id
    for c in cands:
        res: Resolved | None = None
        mention = c.mention
        cue = c.cue
        if mention is None and c.chain >= 0 and c.chain in chain_speaker:
            _, mention, cue = chain_speaker[c.chain]
        if mention is not None:
            reg.within = (c.start, c.end)  # names in the statement's own words stand for nobody here
            res = resolve(mention, reg)
        elif last is not None and c.para - last[1] <= 3:
            res = last[0]
        else:
            continue
        reg.said.append((c.start, c.end))
        if not c.aside:  # (`“A,” he said of the leader's plan to B. “C.”`: C is still his)
            last = (res, c.para)
        yield _statement(article, article_id, text, paragraphs[c.para], c, res, mention, cue)


def _statement(
    article: Article,
    article_id: str,
    text: str,
    para: tuple[int, int],
    c: _Candidate,
    res: Resolved,
    mention: Mention | None,
    cue: tuple[int, int] | None,
) -> Statement:
    """Build the record of one candidate."""
    ps, pe = para
    if pe - ps > MAX_CONTEXT:
        ps, pe = max(ps, c.start - MAX_CONTEXT // 4), min(pe, c.end + MAX_CONTEXT // 4)
    own_mention = mention is c.mention and mention is not None
    source: Source = article.source
    parts = tuple(Span(a, b) for a, b in c.parts) if c.parts else ()
    return Statement(
        id=Statement.make_id(article_id, c.start, c.end),
        kind="quote" if c.kind == "quote" else "claim",
        text=Statement.join_parts(text, parts) if parts else text[c.start : c.end],
        speaker=Speaker(
            name=res.name,
            role=res.role,
            org=res.org,
            mention=text[mention.start : mention.end] if mention is not None and own_mention else None,
        ),
        cue=text[cue[0] : cue[1]] if cue and mention is not None else None,
        source=source,
        start=c.start,
        end=c.end,
        context=text[ps:pe],
        article_id=article_id,
        cue_span=Span(*cue) if cue and mention is not None else None,
        speaker_span=Span(mention.start, mention.end) if mention is not None and own_mention else None,
        parts=parts,
    )


@functools.cache
def version() -> str:
    """A fingerprint of this extractor: a hash of its source files (rules and code).

    The index records it per article, so an upgraded quotefind re-extracts articles whose text did
    not change but whose statements an older extractor made. Computed, not a number to bump: no
    release can forget it.
    """
    from importlib.resources import files

    try:
        found = files(__name__).iterdir()
        sources = sorted((f.name, f.read_bytes()) for f in found if f.name.endswith(".py"))
    except OSError:
        sources = []
    if not sources:  # no readable sources (a frozen build): the package version stands in
        from quotefind import __version__

        return f"v{__version__}"
    digest = hashlib.sha1()
    for name, data in sources:
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()[:16]
