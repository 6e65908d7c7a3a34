"""Who speaks a quotation: the cue and speaker words next to its marks, in a bounded window."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from quotefind.extract.claims import PARTICIPLES, initial_subject, previous_speaker
from quotefind.extract.cues import (
    cue_end,
    dash_speaker,
    goes_on_to,
    is_cue,
    is_document,
    is_document_cue,
    speaker_after,
    subject_before,
)
from quotefind.extract.lexicon import (
    AUXILIARIES,
    CUE_TAIL_WORDS,
    HEADLINE_LABELS,
    MEDIA_NOUNS,
    OBJECT_VERBS,
    PLACES,
    QUOTE_FAMILY,
    ROLE_NOUNS,
    TITLE_WORDS,
)
from quotefind.extract.names import FIRST_NAME_GENDER
from quotefind.extract.segment import Token, make_token, tokenize

#: How far (in characters) from a quotation its attribution is looked for.
WINDOW = 260
#: How many words after a quotation its cue may stand: a name and its apposition (`Harry J. Kazianis,
#: director of defence studies at the U.S.-based Centre for the National Interest, said`). After a
#: quotation that ends its sentence, a new sentence more likely begins: there the reach is shorter.
_MAX_LEAD = 24
_MAX_LEAD_AFTER_STOP = 12


@dataclass(frozen=True, slots=True)
class Attribution:
    """The words attributing a quotation."""

    speaker: list[Token]
    """The speaker's words."""
    cue: str | None
    """The cue as written (`said`, `—`)."""
    cue_start: int | None
    """Offset of the cue."""
    cue_end: int | None
    """Offset one past the cue."""


def attribution_after(tokens: list[Token], *, full_stop: bool = False) -> Attribution | None:
    """Read `, X said.` / `, said X.` / `— X, role` from the tokens right after a closing mark.

    After a quotation that ends with a full stop, `He warns that ...` is the next sentence: a cue
    followed by words of its own reports those, not the quotation.
    """
    while tokens and tokens[0].text in (",", ";"):
        tokens = tokens[1:]
    if not tokens:
        return None
    dash = dash_speaker(tokens)
    if dash:
        return Attribution(dash, tokens[0].text, tokens[0].start, tokens[0].end)
    if len(tokens) > 2 and tokens[0].low == "according" and tokens[1].low == "to":
        # `“We stay,” according to Dr. Keith Ahn.`: the source runs to the end of the sentence or a comma
        ends = (".", ",", ";", "!", "?")
        stop = next((k for k in range(2, len(tokens)) if tokens[k].text in ends), len(tokens))
        speaker = tokens[2:stop]
        if 0 < len(speaker) <= 12:
            return Attribution(speaker, "according to", tokens[0].start, tokens[1].end)
    for i, t in enumerate(tokens[: (_MAX_LEAD_AFTER_STOP if full_stop else _MAX_LEAD) + 1]):
        if t.text in (".", "!", "?", ";", ":") or t.text in QUOTE_FAMILY:
            return None
        if not is_cue(tokens, i):
            if i and is_document_cue(tokens, i):
                subject = subject_before(tokens, i)
                if subject and subject[0] is tokens[0] and is_document(subject):
                    return Attribution(subject, t.text, t.start, t.end)
            continue
        j = cue_end(tokens, i)
        stop = tokens[j - 1].end
        if i == 0 or all(
            x.low in ("also", "then", "later", "further", "again", "has", "had") for x in tokens[:i]
        ):
            after = speaker_after(tokens, j)
            if after:
                return Attribution(after, _cue_text(tokens, i, j), t.start, stop)
            return None
        if (
            tokens[i - 1].low in _BE
            and (t.low.endswith("ed") or t.low in ("told", "said"))
            and not (j + 1 < len(tokens) and (tokens[j].low, tokens[j + 1].low) in _REPORTED_SAYING)
        ):  # `Ms. May’s government is expected to survive` (not `Mr Kapor is reported as saying`)
            return None
        subject = subject_before(tokens, i)
        if full_stop and j < len(tokens) and (_opens_content(tokens[j]) or _named_clause(tokens, j)):
            return None
        if subject and subject[0] is not tokens[0]:
            subject = _with_lead_role(tokens, subject)
        if subject and subject[0] is tokens[0]:
            return Attribution(subject, _cue_text(tokens, i, j), t.start, stop)
        return None
    return None


_BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})
#: What makes a passive cue report someone's words after all (`is quoted as saying`, `is said to have`).
_REPORTED_SAYING = frozenset({("as", "saying"), ("as", "telling"), ("as", "having"), ("to", "have")})


def _with_lead_role(tokens: list[Token], subject: list[Token]) -> list[Token] | None:
    """`, engineer Liv Aas said`, `, union leader Siri Lunde told`: lower-case role words before the name."""
    first = tokens.index(subject[0])
    lead = tokens[:first]
    if not 0 < len(lead) <= 3 or not all(t.text.islower() and t.text.isalpha() for t in lead):
        return None
    inner = next((k for k, t in enumerate(subject) if not t.text.islower()), 0)  # (`experts` of the subject)
    role = (subject[inner - 1] if inner else lead[-1]).low
    if role.endswith("s") and role[:-1] in _KNOWN_ROLES:
        role = role[:-1]  # `nuclear experts David Albright and ...`, `lawyers Ann Lee and Tom Berg`
    titled = subject[0].low.rstrip(".") in TITLE_WORDS  # `panel Chairman Jason Chaffetz`
    known = role in _KNOWN_ROLES or role in TITLE_WORDS
    return [*lead, *subject] if known or titled else None


#: Role nouns written before a name in news that the title and role tables do not hold.
_LEAD_ROLES = frozenset(
    {"engineer", "prosecutor", "nurse", "farmer", "driver", "pilot", "resident", "worker", "organizer",
     "organiser", "chef", "artist", "writer", "historian", "lecturer", "physician", "surgeon",
     "firefighter", "paramedic", "constable", "detective", "inspector", "superintendent", "councillor",
     "councilor", "alderman", "trustee", "principal", "mechanic", "miner", "fisherman", "teammate",
     "forward", "defenceman", "defenseman", "goalie", "netminder", "quarterback", "pitcher", "winger",
     "centre", "center", "guard", "manager", "owner", "founder", "spokesman", "spokeswoman", "official"}
)  # fmt: skip
_KNOWN_ROLES = ROLE_NOUNS | _LEAD_ROLES


def _opens_content(t: Token) -> bool:
    """Tell whether a word right after a cue begins what is reported (`that`, `the plan`), not detail."""
    return t.low == "that" or (t.text[:1].islower() and t.low not in CUE_TAIL_WORDS)


def _named_clause(tokens: list[Token], j: int) -> bool:
    """Tell whether a name or a noun phrase after a cue opens a clause: a finite verb follows within six
    words, before any mark (`said North Korea had displayed ...`, `said the move could mean ...`, `said
    Mr Howard's proposals would mean ...`; not `said in a statement.`, `said the embattled minister`)."""
    if not (tokens[j].text[:1].isupper() or tokens[j].low in _CLAUSE_DETERMINERS):
        return False
    for k in range(j + 1, min(j + 7, len(tokens))):
        t = tokens[k]
        if not t.text[:1].isalnum():
            return False
        if t.text.islower() and (
            t.low in _FINITE_AFTER_NAME
            or (t.low.endswith("ed") and tokens[k - 1].low not in _CLAUSE_DETERMINERS)
        ):
            return True
    return False


#: Words that open the noun phrase of a clause's subject after a cue (`said the move could ...`).
_CLAUSE_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "this", "these", "those"})


_FINITE_AFTER_NAME = frozenset(
    {"is", "was", "are", "were", "has", "had", "will", "would", "could", "should", "can", "may", "might"}
)


def attribution_before(tokens: list[Token]) -> Attribution | None:
    """Read `X said:` / `X told reporters,` / `As X put it:` from the tokens right before an opening mark."""
    if not tokens:
        return None
    end = len(tokens)
    while end and tokens[end - 1].text in (":", ",", "—", "–", "-"):
        end -= 1
    for i in range(max(0, end - 25), end - 2):
        if (
            tokens[i].low == "according"
            and tokens[i + 1].low == "to"
            and (i == 0 or tokens[i - 1].text in ".!?")
        ):
            speaker = tokens[i + 2 : end]  # `According to the newspaper, “...”`
            if speaker and len(speaker) <= 12:
                return Attribution(speaker, "according to", tokens[i].start, tokens[i + 1].end)
    for i in range(max(0, end - 25), end):
        if tokens[i].low in ("said", "added", "wrote") and _opens_sentence(tokens, i):
            speaker = tokens[i + 1 : end]  # inverted at the sentence start: `Said Comey, "..."`
            if speaker and speaker[0].text[:1].isupper():
                return Attribution(speaker, tokens[i].text, tokens[i].start, tokens[i].end)
    label = _name_label(tokens, end)
    if label is not None:
        return label
    called = _called_before(tokens, end)
    if called is not None:
        return called
    manner = _manner_before(tokens, end)
    if manner is not None:
        return manner
    # The cue is the last one before the mark, followed only by attribution detail (after a colon, any
    # words without a verb: `Khan told an Indian news channel on her mobile phone: “...”`).
    colon = end < len(tokens) and tokens[end].text == ":"
    for i in range(end - 1, max(-1, end - (14 if colon else 10)), -1):
        t = tokens[i]
        if t.text in (".", "!", "?", ";") or t.text in QUOTE_FAMILY:
            return None
        if not is_cue(tokens, i):
            continue
        j = cue_end(tokens, i)
        tail = tokens[j:end]
        if tokens[i].low in OBJECT_VERBS:
            tail = tail[_hearer_size(tail) :]
        if tail and tail[0].low in ("of", "about") and tokens[i].low in _SAID_OF and len(tail) <= 8:
            tail = []  # `Ann Lee said of the senator, “...”`, `said about the movement,`: what it was said of
        if any(
            x.low not in CUE_TAIL_WORDS and not x.text[:1].isupper() and not (colon and _plain_word(x))
            for x in tail
        ):
            return None
        at = i - 3 if goes_on_to(tokens, i) else i  # `He went on to say, “...”`
        subject = subject_before(tokens, at)
        k = i - 2 if i > 1 and tokens[i - 1].low.endswith("ly") else i - 1  # (`and repeatedly says,`)
        if (
            not subject
            and k > 0
            and ((tokens[k].text == "," and tokens[i].low in PARTICIPLES) or tokens[k].low in ("and", "but"))
        ):
            # `He defended the remark, saying, “...”`, `She urges her husband to come out and repeatedly
            # says, “...”`: the sentence's subject speaks, or who speaks at the cue before `and`
            s = next((m + 1 for m in range(k - 1, -1, -1) if tokens[m].text in (".", "!", "?")), 0)
            if s or tokens[0].text[:1].isupper():  # (the sentence's start, not a window's cut)
                # (`Customs claimed C but his lawyer, X, told the BBC it was laughable and added:` -> X)
                s = max([s] + [m + 1 for m in range(s, k) if tokens[m].low in ("but", ";")])
                subject = initial_subject(tokens[s:k]) or previous_speaker(tokens[s:], i - s)
        if subject:
            return Attribution(subject, _cue_text(tokens, at, j), tokens[at].start, tokens[j - 1].end)
        return None
    return None


def _plain_word(t: Token) -> bool:
    """Tell whether a word of attribution detail before a colon is no verb (`mobile`, `private`)."""
    return t.text.isalpha() and t.low not in _VERB_WORDS and not t.low.endswith(("ed", "ing"))


#: Words that make a clause of what follows a cue before a colon (`told me that ... :`).
_VERB_WORDS = AUXILIARIES | {"that"}


def _name_label(tokens: list[Token], end: int) -> Attribution | None:
    """Read a sentence that is only a person's name and a colon before the mark (`Tom Berg: “We will
    win.”`): the name, by a given name or a title before it, labels the quotation as its speaker's."""
    if end >= len(tokens) or tokens[end].text != ":":
        return None
    start = end
    while (
        start > 0
        and end - start < 4
        and tokens[start - 1].text[:1].isupper()
        and tokens[start - 1].text[:1].isalpha()
    ):
        start -= 1
    if end - start < 2 or (start > 0 and tokens[start - 1].text not in (".", "!", "?")):
        return None  # (a name alone opens its sentence; not `Asked about Berg:`, not one word: `Update:`)
    first = tokens[start].low.rstrip(".")
    if first not in FIRST_NAME_GENDER and first not in TITLE_WORDS:
        return None  # (`Breaking News:`, `Kelli Ward:` needs no guess: a given name or a title)
    return Attribution(tokens[start:end], None, None, None)  # (a label has no cue: the same words said
    # in the body with a cue are the ones kept, see `_prune`)


#: Cues that take what was said `of` someone or something before the quotation (`said of the senator,`).
_SAID_OF = frozenset({"said", "says", "wrote", "writes", "added", "adds", "remarked", "joked", "quipped"})


def _opens_sentence(tokens: list[Token], i: int) -> bool:
    """Tell whether the word at i opens its sentence, or follows only `But,` there (`But, said X, “...”`)."""
    if i > 1 and tokens[i - 1].text == "," and tokens[i - 2].low in ("but", "and", "still", "yet"):
        i -= 2
    elif tokens[i].text[:1].islower():
        return False
    return i == 0 or tokens[i - 1].text in (".", "!", "?")


def _called_before(tokens: list[Token], end: int) -> Attribution | None:
    """Read `What the minister called “...”`, `Trump called it “...”`: the words someone called a thing.

    Without an object (`it`, `the deal`) only after `what`: `a ship called “Hope”` names the ship.
    """
    for i in range(end - 1, max(-1, end - 4), -1):
        if tokens[i].low in _CALLED:
            break
    else:
        return None
    obj = tokens[i + 1 : end]
    pronoun = len(obj) == 1 and obj[0].low in ("it", "them", "this", "that", "him", "her")
    noun = len(obj) == 2 and obj[0].low in ("the", "his", "her", "their", "its") and obj[1].text.isalpha()
    if obj and not (pronoun or noun):
        return None
    subject = subject_before(tokens, i)
    if not subject or subject[0].low in ("a", "an"):
        return None
    first = tokens.index(subject[0])
    if not obj and not (first > 0 and tokens[first - 1].low == "what"):
        return None
    return Attribution(subject, tokens[i].text, tokens[i].start, tokens[i].end)


def _manner_before(tokens: list[Token], end: int) -> Attribution | None:
    """`Ann Lee was blunt: “...”`: how someone spoke, then a colon (the subject speaks the quotation)."""
    if end < 3 or end >= len(tokens) or tokens[end].text != ":" or tokens[end - 1].low not in _MANNERS:
        return None
    if tokens[end - 2].low not in ("was", "is", "were", "are"):
        return None
    subject = subject_before(tokens, end - 2)
    if not subject:
        return None
    return Attribution(subject, _cue_text(tokens, end - 2, end), tokens[end - 2].start, tokens[end - 1].end)


#: How someone spoke, after `was` and before a colon that opens their quotation (`He was blunt:`).
_MANNERS = frozenset(
    {"blunt", "adamant", "emphatic", "unequivocal", "defiant", "direct", "frank", "candid", "succinct",
     "unapologetic", "philosophical", "upbeat", "unrepentant", "terse", "matter-of-fact", "forthright"}
)  # fmt: skip


_CALLED = frozenset({"called", "calls", "dubbed", "dubs", "branded", "brands", "labelled", "labeled"})


def _hearer_size(tail: list[Token]) -> int:
    """Count the words of the hearer after a tell-verb (`the Guardian`, `reporters`)."""
    k = 0
    while (
        k < len(tail)
        and k < 7
        and (
            tail[k].text[:1].isupper()
            or tail[k].low in _HEARERS
            or (k > 0 and tail[k - 1].low in ("the", "a") and tail[k].text.isalpha())  # `the crowd`
            or (k > 0 and tail[k].text[:1].isdigit() and tail[k - 1].text[:1].isupper())  # `Radio 4's`
            or (k > 0 and tail[k].low in MEDIA_NOUNS and tail[k - 1].text[:1].isupper())  # `Today programme`
        )
    ):
        k += 1
    return k


#: Words that are the hearer after a tell-verb (`told reporters`, `told everyone`).
_HEARERS = frozenset(
    {"the", "a", "reporters", "journalists", "him", "her", "them", "us", "me", "supporters", "cnn",
     "everyone", "everybody", "listeners", "viewers", "readers", "students", "members"}
)  # fmt: skip


def _cue_text(tokens: list[Token], i: int, j: int) -> str:
    """Return the cue words as written."""
    return " ".join(t.text for t in tokens[i:j])


#: A transcript's turn: a speaker's label in capitals and a colon opening a paragraph, maybe after the
#: opening mark that runs a quotation over paragraphs (`"PENCE: Gennifer Flowers will not ...`).
_TURN = re.compile(r"[\"“]?[ \t]*((?:[A-Z][A-Z’'.\-]*[ \t]+){0,3}[A-Z][A-Z’'\-]+):[ \t]+(?=\S)")


def transcript_turn(text: str, start: int, end: int, known: dict[str, frozenset[str]]) -> Turn | None:
    """Read a paragraph that is a transcript's turn (`WALLACE: Will she be there?`): the speaker's words
    run from the label to the paragraph's end. The label's last word must be a surname the text writes
    after a name (`PENCE` and `Mike Pence`); a section label (`ENERGY: ...`) or a headline's is none.
    `known` keeps the text's surnames once read (one pass over the text, however many turns it holds).
    """
    m = _TURN.match(text, start, end)
    if m is None:
        return None
    words = m.group(1).split()
    if "surnames" not in known:
        known["surnames"] = surnames = _turn_surnames(text)
        known["hosts"] = _unnamed_hosts(text, surnames)
    if (
        words[0].lower() in HEADLINE_LABELS
        or words[-1].lower() in PLACES
        or (words[-1].capitalize() not in known["surnames"] and m.group(1) not in known["hosts"])
    ):
        return None  # (`CHINA TALK: ...`, `JAPAN PMI: ...`: no one the text names as `Chris Wallace`)
    stop = end
    while stop > m.end() and text[stop - 1] in " \t":
        stop -= 1
    if text[start] in '"“' and text[stop - 1] in '"”':
        stop -= 1  # (the turn's own closing mark)
    if stop - m.end() < 2:
        return None
    # The name as a name is written (`PENCE` is `Pence`, whom the article may name in full before)
    label = [make_token(t.text.capitalize(), t.start, t.end) for t in tokenize(text, m.start(1), m.end(1))]
    return m.end(), stop, Attribution(label, ":", m.end(1), m.end(1) + 1)


#: A turn's speech (start, end) and its label as an attribution.
Turn = tuple[int, int, Attribution]
_AFTER_A_NAME = re.compile(r"\b[A-Z][a-z]+\.?[ \t]+(?=([A-Z][\w\-]*(?:['’][A-Z][\w\-]*)?)\b)")
_FULL_LABEL = re.compile(r"\b([A-Z]+)[ \t]+([A-Z][A-Z’'\-]+):")


def _unnamed_hosts(text: str, surnames: frozenset[str]) -> frozenset[str]:
    """Return the one-word labels that take turns with a named speaker's in a transcript the text holds
    (`WALLACE:` four times between `PENCE:` turns, the host the article never names in full): each
    opens two paragraphs or more, and another label opening paragraphs is a surname the text writes."""
    labels = Counter(m.group(1) for m in _LABEL_LINE.finditer(text))
    if not any(label.capitalize() in surnames for label in labels):
        return frozenset()
    return frozenset(
        label
        for label, n in labels.items()
        if n >= 2 and label.lower() not in HEADLINE_LABELS and label.lower() not in PLACES
    )


#: A paragraph that opens with a one-word label in capitals and a colon (`WALLACE: ...`).
_LABEL_LINE = re.compile(r"^[\"“]?[ \t]*([A-Z][A-Z’'\-]+):[ \t]+\S", re.MULTILINE)


def _turn_surnames(text: str) -> frozenset[str]:
    """Return the words a text writes as surnames: after a capitalised word (`Mike Pence`), or after a
    given name in a transcript's label (`JAKE TAPPER:`, which names `Tapper`)."""
    after = {m.group(1) for m in _AFTER_A_NAME.finditer(text)}
    labels = {
        m.group(2).capitalize() for m in _FULL_LABEL.finditer(text) if m.group(1).lower() in FIRST_NAME_GENDER
    }
    return frozenset(after | labels)
