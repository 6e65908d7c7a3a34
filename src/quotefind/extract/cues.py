"""Cue words and the noun phrases around them: who speaks, and where the reported words begin."""

from __future__ import annotations

import re

from quotefind.extract.lexicon import (
    AUXILIARIES,
    BELIEF_VERBS,
    BETWEEN_SUBJECT_AND_CUE,
    CLAUSE_BREAKERS,
    CUE_TAIL_WORDS,
    DASHES,
    DATE_WORDS,
    DOCUMENT_HEADS,
    DOCUMENT_VERBS,
    FROM_HEADS,
    KNOWING,
    KNOWING_PREPOSITIONS,
    MAKE_CLEAR,
    MEDIA_NOUNS,
    NOUN_LIKE_FORMS,
    OBJECT_VERBS,
    OBTAINED,
    ORG_HEADS,
    PLATFORMS,
    POSTED,
    PRONOUNS,
    QUOTE_FAMILY,
    ROLE_NOUNS,
    RULED,
    SPEECH_VERBS,
    THAT_ONLY,
    TITLE_WORDS,
    TO_VERBS,
    WEEKDAYS,
    role_noun,
)
from quotefind.extract.names import two_people
from quotefind.extract.segment import Token, contracted_base

_MAX_SUBJECT = 12
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "these", "those", "such", "of"})
#: Capitalised cues that open a sentence (`Said Comey, "..."`, `Asked whether ..., she said`).
_INITIAL_CUES = frozenset({"Said", "Added", "Asked", "Wrote", "Says", "Adds", "Writes"})
_NP_STOP_AFTER_CUE = frozenset(
    {
        ".",
        ";",
        ":",
        "!",
        "?",
        "to",
        "in",
        "on",
        "during",
        "when",
        "after",
        "before",
        "while",
        "adding",
        "yesterday",
        "today",
        "last",
        "this",
        "and",
        "but",
        "that",
        "as",
        "because",
        "though",
        "although",
        "if",
        "according",
        "noting",
        "saying",
        "explaining",
        "arguing",
        "told",
        "via",
        "earlier",
        "later",
        "recently",
        "then",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    }
)


def named_in(text: str, word: str) -> bool:
    """Tell whether an upper-case word is written as a name elsewhere in the text (`PENCE` and `Pence`)."""
    return re.search(r"\b" + re.escape(word[:1] + word[1:].lower()) + r"\b", text) is not None


def is_cue(tokens: list[Token], i: int, verbs: frozenset[str] = SPEECH_VERBS) -> bool:
    """Tell whether the token at i is a speech cue (`said`, `put it`), not a noun (`his claims`)."""
    low = tokens[i].low
    if (
        not tokens[i].text[0].islower()
        and not (i == 0 and tokens[i].text in _INITIAL_CUES)
        and not (low[-1:] == "s" and _headline_verb(tokens, i, verbs))  # (most names end otherwise)
    ):
        return False  # `State Secretary`, `Say Yes`: capitalised words are names here
    if low == "put":
        return i + 1 < len(tokens) and tokens[i + 1].low == "it"
    if low in MAKE_CLEAR:
        return _clear_at(tokens, i) > 0
    if low in POSTED:
        return _posted_online(tokens, i)
    if low in RULED:
        return _ruled_that(tokens, i)
    if low not in verbs:
        return False
    # `his claims`, `the reports`, `Clinton’s attacks`: after a determiner these forms are nouns, and so is
    # a base form after `a`/`an` and a capitalised word (`An August report from X`: no `reports`)
    return not (
        low in NOUN_LIKE_FORMS
        and i > 0
        and (
            tokens[i - 1].low in _DETERMINERS
            or tokens[i - 1].low.endswith(("’s", "'s", "’"))
            or tokens[i - 1].text[:1].isdigit()
            or (
                i > 1
                and tokens[i - 2].low in ("a", "an")
                and tokens[i - 1].text[:1].isupper()
                and low[-1:] != "s"
            )
        )
    )


def _posted_online(tokens: list[Token], i: int) -> bool:
    """Tell whether `posted` at i puts words online (`posted on Facebook`, `posted to her Instagram page`)."""
    if i + 1 < len(tokens) and tokens[i + 1].low == "online":
        return True
    return (
        i + 2 < len(tokens)
        and tokens[i + 1].low in ("on", "to")
        and any(t.low in PLATFORMS for t in tokens[i + 2 : i + 5])
    )


def _ruled_that(tokens: list[Token], i: int) -> bool:
    """Tell whether `ruled` at i reports a finding: `that` or a subject pronoun follows, after when at
    most (`ruled Friday that`, `ruled on Tuesday that`, `The judge ruled he was likely to ...`; not
    `ruled the country`); `ruling` only after a comma (`, ruling that`; not `a ruling that`)."""
    if tokens[i].low == "ruling" and (i == 0 or tokens[i - 1].text != ","):
        return False
    k = i + 1
    if k < len(tokens) and tokens[k].low == "on":
        k += 1
    if k < len(tokens) and tokens[k].low in _WHEN_WORDS:
        k += 1
    return k < len(tokens) and tokens[k].low in ("that", "he", "she", "they", "it", "there")


def _headline_verb(tokens: list[Token], i: int, verbs: frozenset[str]) -> bool:
    """Tell whether a capitalised word is a verb of a Title Case headline (`Lee Says Bridge Will Open`).

    Only present-tense forms in `-s` count, between two capitalised words or last (`C, Lee Says.`).
    """
    t = tokens[i]
    return (
        0 < i < len(tokens) - 1
        and t.low in verbs
        and t.low.endswith("s")
        and not t.low.endswith("ss")
        and tokens[i - 1].text[:1].isupper()
        and tokens[i - 1].text[:1].isalpha()
        and (
            tokens[i + 1].text[:1].isupper()
            or tokens[i + 1].low == "that"
            or (i + 2 == len(tokens) and tokens[i + 1].text in (".", "!", "?"))  # `C, Lee Says.`
        )
    )


def is_document_cue(tokens: list[Token], i: int) -> bool:
    """Tell whether the token at i is a verb documents speak with (`the poll shows`)."""
    return tokens[i].low in DOCUMENT_VERBS


def cue_end(tokens: list[Token], i: int) -> int:
    """Return the index one past the cue starting at i (`put it`, `pointed out` are two words)."""
    if tokens[i].low in MAKE_CLEAR and _clear_at(tokens, i):
        return _clear_at(tokens, i) + 1  # `made clear`, `made it clear`
    if tokens[i].low == "put" or (
        tokens[i].low.startswith("point") and i + 1 < len(tokens) and tokens[i + 1].low == "out"
    ):
        return i + 2
    return i + 1


def _clear_at(tokens: list[Token], i: int) -> int:
    """Return the index of `clear` in `made (it) clear` from the verb at i (0 when there is none)."""
    for k in (i + 1, i + 2):
        if k < len(tokens) and tokens[k].low == "clear" and (k == i + 1 or tokens[i + 1].low == "it"):
            return k
    return 0


def goes_on_to(tokens: list[Token], i: int) -> bool:
    """Tell whether the cue at i follows `went on to` (`He went on to say`): the subject is before `went`."""
    return (
        i >= 3
        and tokens[i - 1].low == "to"
        and tokens[i - 2].low == "on"
        and tokens[i - 3].low in ("went", "goes", "go", "going", "gone")
    )


def subject_before(tokens: list[Token], i: int, lo: int = 0) -> list[Token] | None:
    """Return the noun phrase that is the subject of the cue at i (None when there is none).

    Walks back over auxiliaries and adverbs (`has also said`), then over the noun phrase, taking one
    comma-bounded apposition when the cue follows a comma (`Mr. Regalado, the mayor of Miami, said`).
    """
    j = i - 1
    while j >= lo:
        if tokens[j].low in BETWEEN_SUBJECT_AND_CUE and not tokens[j].text[:1].isupper():
            j -= 1
        elif (
            tokens[j].low in _EARLIER
            and j > lo
            and tokens[j - 1].low not in _TAIL_DETERMINERS
            and not tokens[j - 1].low.endswith(("'s", "’s"))
        ):
            j -= 1  # `Economists have long argued`, `Mr Brown earlier denied` (not `an earlier report said`)
        elif _adverb(tokens[j]) and j > lo:
            j -= 1  # `Hillary Clinton apparently said`, `the minister repeatedly told`
            if tokens[j].low in _DEGREE and j > lo:
                j -= 1  # `World leaders almost universally expressed`
        elif tokens[j].low == "ago" and (m := _ago_start(tokens, j, lo)) is not None:
            j = m - 1  # `The State Department less than two weeks ago said`
        elif (
            j - 2 > lo
            and tokens[j - 2].low == "in"
            and (
                (tokens[j].low == "past" and tokens[j - 1].low == "the")
                or (tokens[j - 1].low == "recent" and tokens[j].low in _PERIODS)
            )
        ):
            j -= 3  # `Beck, who has in the past described`, `Sanders in recent weeks has said`
        elif (
            j > lo
            and (tokens[j].low in _TIMES or _YEAR.fullmatch(tokens[j].text))
            and (
                tokens[j - 1].low in ("on", "last", "this", "next", "later", "earlier")
                or (  # `in July` after a person's name (not `the Senate in November`, `the hearing in June`)
                    tokens[j - 1].low == "in"
                    and j - 2 > lo
                    and tokens[j - 2].text[:1].isupper()
                    and tokens[j - 3].low != "the"
                )
            )
        ):
            j -= 2  # `Trump, who ..., on Friday described`, `Bob Geldof in July said`, `... in 2004 said`
        else:
            break
    if j < lo:
        return None
    if tokens[j].low in PRONOUNS and (j == lo or tokens[j - 1].low not in ("the", "a")):
        return [tokens[j]]
    end = j + 1
    if tokens[j].text == ",":
        long = _long_apposition(tokens, j, lo)
        if long is not None:
            return tokens[long:end]
        # `Name, apposition, said`: jump over the apposition to the comma before it (a relative clause,
        # `Dr. Connie Mariano, who as a Navy captain was ..., said`, may run longer).
        k = j - 1
        while (
            k >= lo
            and tokens[k].text != ","
            and (j - k <= 25 or (j - k <= 45 and _relative_after(tokens, k)))
        ):
            abbreviation = tokens[k].text == "." and k > lo and tokens[k - 1].end == tokens[k].start
            if (tokens[k].text in (".", ";", ":") and not abbreviation) or (
                tokens[k].text in QUOTE_FAMILY and not _relative_after(tokens, k)
            ):
                return None  # (`Ann Lee, R-Ky., said`: the period of an abbreviation ends nothing; `Doug
                # Purdy, who lost 16 lbs. “and two belt loops”, says`: a relative clause may quote)
            k -= 1
        if k < lo or tokens[k].text != ",":
            return None
        j = k - 1
    if tokens[j].text in _APPOSITION_DASHES and j > lo:
        # `Kall -- co-editor of Debating The Donald, a book ... -- said`: jump over the dashed apposition
        k = j - 1
        while k >= lo and tokens[k].text not in _APPOSITION_DASHES and j - k <= 40:
            if tokens[k].text in (";", ":", "!", "?") or tokens[k].text in QUOTE_FAMILY:
                return None
            k -= 1
        if k <= lo or tokens[k].text not in _APPOSITION_DASHES:
            return None
        j = k - 1
        end = k
    head_end = j + 1
    depth = 0
    while j >= lo:
        t = tokens[j]
        if t.text == ")":
            depth += 1
        elif t.text == "(":
            depth -= 1
            if depth < 0:
                break
        elif depth:
            pass
        elif t.low in KNOWING_PREPOSITIONS and j > lo and tokens[j - 1].low in KNOWING:
            pass  # `a source familiar with the talks`, `an aide close to him`, `officials briefed on it`
        elif t.low in _HEAD_PREPOSITIONS and j > lo and j + 1 < head_end and _people_noun(tokens[j - 1]):
            pass  # `Officials in Ottawa said`, `Lawyers for the family said`: the people are the subject
        elif (
            t.low in ("with", "at", "from")
            and j > lo
            and j + 1 < head_end
            and tokens[j - 1].text[:1].isupper()
            and tokens[j - 1].text.isalpha()
            and (j - 1 == lo or not tokens[j - 2].text[:1].isalpha() or tokens[j - 2].text[:1].isupper())
        ):
            pass  # `Tim Guest with the Nova Scotia Health Authority says`: a person of the organisation
        elif (
            t.text == "“"
            and lo < j == head_end - 2
            and t.end - t.start <= 12
            and tokens[j - 1].text[:1].isupper()
            and tokens[j + 1].text[:1].isupper()
        ):
            pass  # `lead singer Riefian “Ifan” Fajarsyah told`: a nickname in marks inside a name
        elif t.low == "who" and j > lo and end == head_end and _relative_subject(tokens, j, head_end, i):
            pass  # `Voters who backed Trump said`, `executives who run news organizations say`
        elif (
            end == head_end
            and t.low in CLAUSE_BREAKERS
            and (w := _who_before(tokens, j, head_end, lo)) is not None
            and _relative_subject(tokens, w, head_end, i)
        ):
            j = w  # `An official who was present in court told`: the relative clause runs over a preposition
        elif t.low in ("and", "or") and j + 1 < head_end and _joins_people(tokens, j, lo):
            pass  # `Doctors and nurses said`, `Officials in Ottawa and Washington said`: one subject
        elif (
            t.low in ("to", "with")
            and j - 1 > lo
            and tokens[j - 1].low in ("speaking", "talking")
            and _people_noun(tokens[j - 2])
        ):
            j -= 1  # `Another intelligence source speaking to Fox News said`: the source, not the outlet
        elif t.low == "by" and j - 1 > lo and tokens[j - 1].low in OBTAINED:
            j -= 1  # `A memo seen by Reuters said`: the memo, not who saw it
        elif t.low == "from" and j > lo and tokens[j - 1].low in FROM_HEADS:
            pass  # `A letter from the American Legion obtained by The Associated Press warns`: the letter
        elif (
            t.low in ("these", "those")
            and j + 2 == head_end
            and _people_noun(tokens[j + 1])
            and tokens[i].low in SPEECH_VERBS
        ):
            pass  # `A, these people said, B`: the demonstrative is the subject's
        elif (
            t.low in ("of", "for")
            and lo < j
            and j + 1 < head_end
            and tokens[j - 1].low in ORG_HEADS
            and tokens[j - 1].text[:1].isupper()
            and tokens[j + 1].text[:1].isupper()
        ):
            pass  # `the Office for National Statistics said`, `the Bank of England said`: one name
        elif t.low in ("and", "&") and lo < j and j + 1 < head_end and _org_with_and(tokens, j, lo, head_end):
            pass  # `The Globe and Mail reported`, `the Department of Trade and Industry said`: one name
        elif (
            t.low in CLAUSE_BREAKERS
            and j - 1 > lo
            and tokens[j - 1].low in ("and", "or")
            and j + 1 < head_end
            and _joins_people(tokens, j - 1, lo)
        ):
            pass  # `Political observers in Virginia and around the country say`
        elif (not t.text[0].isalnum() and t.text not in _NP_SYMBOLS) or (
            not t.text[0].isupper() and (t.low in CLAUSE_BREAKERS or _ends_clause(t.low))
        ):
            break
        if end - j > _MAX_SUBJECT + 25:
            return None
        j -= 1
    if j + 1 >= head_end:
        return None  # an apposition needs the name before it
    toks = tokens[j + 1 : end]
    while toks and toks[0].text in (",", "(", ")"):
        toks = toks[1:]
    bare = toks
    if len(toks) > 2 and toks[0].low == "those" and toks[1].low in ("close", "familiar", "who"):
        return toks  # `Those close to him say`
    while toks and (not _starts_np(toks[0]) or toks[0].low in _NOT_NP_START):
        if len(toks) > 2 and toks[1].low == "who" and people_before(toks[0]):
            break  # `executives who run news organizations say`: the people are the subject
        if (
            len(toks) == 2
            and toks is bare
            and toks[0].low in ("that", "this", "these", "those")
            and _people_noun(toks[1])
            and tokens[i].low in SPEECH_VERBS
        ):
            break  # `That person said`, `A, these people said, B`: a demonstrative opens the subject
        toks = toks[1:]
    if (
        not toks
        and 1 <= len(bare) <= (5 if any(t.low in ("and", "or") for t in bare) else 3)
        and all(t.text.isalpha() for t in bare)
        and (bare[-1].low.endswith("s") or bare[-1].low in _COLLECTIVE or bare[-1].low in _BARE_DOCUMENTS)
        and (
            tokens[i].low in SPEECH_VERBS - THAT_ONLY
            or (tokens[i].low in BELIEF_VERBS and _people_noun(bare[-1]))
        )
    ):
        toks = bare  # a bare plural: `smaller nonprofits also expressed concerns`, `police said`, `protesters
        # and civic leaders have been demanding`
    if (
        len(toks) > 2
        and toks[0].low in ("he", "she", "they", "we", "i")
        and toks[1].text.isalpha()
        and toks[1].text.islower()
        and toks[1].low not in ("both", "all", "each", "too", "also", "themselves", "himself", "herself")
    ):
        toks = toks[2:]  # `he heard students shout, “...”`: a pronoun and its verb, then the subject
    if not toks or len(toks) > _MAX_SUBJECT + 6 + (end - head_end):
        return None
    if end > head_end and toks[0].low in TITLE_WORDS and j > lo and tokens[j].text == ",":
        # `Navdeep Bains, Minister of Innovation, Science and Economic Development, said`: an apposition
        # that opens with a title and has a comma inside belongs to the name before it.
        name = _name_before(tokens, j, lo)
        if name is not None:
            return tokens[name:end]
    return toks


#: Prepositions that join a subject's head noun to what qualifies it (`Experts on China`).
_HEAD_PREPOSITIONS = frozenset({"in", "on", "with", "for", "from", "at"})
#: Collective nouns that stand without a determiner as a subject (`C, police said`).
_COLLECTIVE = frozenset({"police", "people", "staff", "personnel", "management", "security"})
#: Words for groups of people that may head a subject (beyond `ROLE_NOUNS` and their plurals).
_PEOPLE = frozenset(
    {"people", "members", "staff", "workers", "employees", "doctors", "nurses", "parents", "families",
     "residents", "investigators", "inspectors", "organizers", "organisers", "protesters", "leaders",
     "authorities", "representatives", "delegates", "executives", "managers", "directors", "owners",
     "lawyers", "attorneys", "advocates", "groups", "sources", "officials", "experts", "analysts",
     "man", "woman", "men", "women", "person", "resident", "boy", "girl", "mother", "father"}
)  # fmt: skip


def _people_noun(t: Token) -> bool:
    """Tell whether a word before a preposition may be a subject's head (`officials`, `Lawyers`)."""
    return t.text.isalpha() and (role_noun(t.low) or t.low in _PEOPLE)


def people_before(t: Token) -> bool:
    """Tell whether the word before a relative `who` may end the subject's head (`Voters`, `Lee`)."""
    return _people_noun(t) or t.low.endswith(_PEOPLE_ENDINGS) or (t.text[:1].isupper() and t.text.isalpha())


def _relative_subject(tokens: list[Token], who: int, head_end: int, cue: int) -> bool:
    """Tell whether `who` at `who` opens a relative clause inside the subject of the cue at `cue`.

    The clause has its own verb and object before the cue (`Voters who backed Trump said`); it is not
    the cue's own clause (`a candidate who decided against challenging`, `who has long dismissed`) nor
    one whose subject follows `who` (`hackers who U.S. officials say`), and the people before it are
    no object of an earlier verb (`Judges can jail parents who breach orders`).
    """
    verb = tokens[who + 1]
    last = tokens[head_end - 1]
    return (
        who + 2 < head_end <= who + 9
        and people_before(tokens[who - 1])
        and verb.text.isalpha()
        and verb.text.islower()
        and verb.low not in _NOT_RELATIVE_VERB
        and (last.text[:1].isupper() or (last.text.isalpha() and last.low not in _NOT_RELATIVE_END))
        and not last.low.endswith("ly")
        and not tokens[cue].low.endswith("ing")
        and not any(t.low in AUXILIARIES for t in tokens[max(0, who - 7) : who - 1])
    )


def _who_before(tokens: list[Token], j: int, head_end: int, lo: int) -> int | None:
    """Return where a relative `who` stands before j among the words of a subject's last nine (no
    punctuation between), or None."""
    for k in range(j - 1, max(lo, head_end - 9) - 1, -1):
        if tokens[k].low == "who":
            return k if k > lo else None
        if not tokens[k].text[:1].isalnum():
            return None
    return None


_NOT_RELATIVE_VERB = frozenset(
    {"the", "a", "an", "his", "her", "their", "its", "our", "my", "this", "that", "these", "those", "he",
     "she", "they", "we", "i", "you", "it", "also", "now", "once"}
)  # fmt: skip
_NOT_RELATIVE_END = CLAUSE_BREAKERS | _NOT_RELATIVE_VERB | {"most", "long", "already", "of", "at", "against"}


def _joins_people(tokens: list[Token], k: int, lo: int) -> bool:
    """Tell whether `and` at k joins a subject of people to more of it, not one clause to the next.

    What comes before it, back to the sentence's start or a comma, must be a noun phrase of people,
    with at most a few words of a prepositional phrase after its head (`Doctors`, `Political observers
    in Virginia`, `Lawyers for the family`); `Police arrested two men and officials said` is two clauses.
    """
    start = k - 1
    while start >= lo and tokens[start].text.isalpha() and k - start <= 7:
        start -= 1
    if start >= lo and tokens[start].text != ",":
        return False
    run = tokens[start + 1 : k]
    if run and run[0].low == "both":
        run = run[1:]
    names = run
    while len(names) > 1 and names[0].text.islower():
        names = names[1:]  # (`nuclear experts David Albright and Serena Kelleher-Vergantini wrote`)
    if _joins_names(tokens, k, names):
        return True  # `Ann Lee and Tom Berg said`, `Lee and her husband said`
    head = next((h for h, t in enumerate(run[:3]) if _people_noun(t)), None)
    if head is None or any(t.low in CLAUSE_BREAKERS for t in run[:head]):
        return False
    rest = run[head + 1 :]
    if not rest:  # what follows `and` must be people too (`Doctors and nurses`, not `His campaign and much`)
        return any(_people_noun(t) or t.low.endswith(_PEOPLE_ENDINGS) for t in tokens[k + 1 : k + 5])
    return (
        rest[0].low in _HEAD_PREPOSITIONS
        and 1 < len(rest) <= 5
        and not any(t.low in CLAUSE_BREAKERS for t in rest[1:])
    )


def _org_with_and(tokens: list[Token], k: int, lo: int, end: int) -> bool:
    """Tell whether `and` at k is inside one organisation's name: capitalised words on both sides, after
    `the` (`The Globe and Mail`) or with an organisation's word in the name (`Heart and Stroke
    Foundation`, `Department of Trade and Industry`); not two people (`Ann Lee and Tom Berg`)."""
    cap = _NAME_WORD.fullmatch
    if not (cap(tokens[k - 1].text) and cap(tokens[k + 1].text)):
        return False
    s = k - 1
    while (
        s > lo
        and tokens[s - 1].low != "the"
        and (cap(tokens[s - 1].text) or (tokens[s - 1].low in ("of", "for") and s - 1 > lo))
    ):
        s -= 1
    e = k + 1
    while e + 1 < end and cap(tokens[e + 1].text):
        e += 1
    if two_people([t.text for t in tokens[s:k]], [t.text for t in tokens[k + 1 : e + 1]]):
        return False
    return (s > lo and tokens[s - 1].low == "the") or any(t.low in ORG_HEADS for t in tokens[s : e + 1])


_NAME_WORD = re.compile(r"[A-Z][\w’'\-]*")


def _joins_names(tokens: list[Token], k: int, left: list[Token]) -> bool:
    """Tell whether `and` at k joins two people by name (see `names.two_people`)."""
    right = [t.text for t in tokens[k + 1 : k + 4]]
    # (the right side ends where the subject does, at the cue: each length is tried)
    return any(two_people([t.text for t in left], right[:size]) for size in (3, 2, 1))


#: Endings of lower-case plurals that name people (`campaigners`, `activists`, `operatives`).
_PEOPLE_ENDINGS = ("ers", "ists", "ians", "ants", "ents", "ives")


def _long_apposition(tokens: list[Token], comma: int, lo: int) -> int | None:
    """Return where a name starts that an apposition of several commas follows, the cue after `comma`.

    `Tareq Hadad of the union, based in Antigonish, N.S., says`, `Will Young, a mechanic based in Kansas
    City, Mo., and an organiser at the union, said`: each part after the name opens with a lower-case
    word or is a short place or abbreviation; the name opens its clause with a capitalised word.
    """
    commas = [comma]
    k = comma - 1
    while k >= lo and comma - k <= 40:
        t = tokens[k]
        if t.text in (";", ":", "!", "?") or t.text in QUOTE_FAMILY:
            return None
        if t.text == "." and not (k > lo and tokens[k - 1].end == t.start):
            break  # a sentence end (the period of an abbreviation, `N.S.`, ends nothing)
        if t.text == ",":
            commas.append(k)
        k -= 1
    start = k + 1  # the clause's first token
    if len(commas) < 3 or start >= commas[-1]:
        return None
    head = tokens[start : commas[-1]]
    if not head or not head[0].text[:1].isupper() or head[0].low in _NOT_NP_START or len(head) > 8:
        return None
    if not all(t.text[:1].isupper() or t.low in _NAME_LINKS for t in head):
        return None
    for a, b in zip(commas[1:], commas[:-1], strict=True):  # each part between two commas
        part = tokens[a + 1 : b]
        if not part:
            return None
        first = part[0]
        place = len(part) <= 3 and all(t.text[:1].isupper() or t.text == "." for t in part)
        if not (place or first.text[:1].isdigit() or _opens_apposition(first)):
            return None
    return start


_APPOSITION_DASHES = frozenset({"--", "—", "–"})


def _relative_after(tokens: list[Token], k: int) -> bool:
    """Tell whether a comma-bounded part that would start after index k is a relative clause."""
    while k >= 0 and tokens[k].text != ",":
        k -= 1
    return k >= 0 and k + 1 < len(tokens) and tokens[k + 1].low in ("who", "whose", "which")


def _opens_apposition(t: Token) -> bool:
    """Tell whether a lower-case word may open a part of an apposition (`a mechanic`, `based in`)."""
    low = t.low
    return t.text[:1].islower() and (
        low in _APPOSITION_OPENERS or low.endswith("ed") or low in ROLE_NOUNS or low in TITLE_WORDS
    )


_APPOSITION_OPENERS = frozenset(
    {"a", "an", "the", "and", "who", "whose", "which", "where", "now", "formerly", "also", "of", "from"}
)  # (`of Ashton, Md.`: where the person is from)


#: Lower-case words a name with its organisation may hold (`Tareq Hadad of the union`).
_NAME_LINKS = frozenset({"of", "the", "at", "for", "and", "de", "van", "von", "union", "party", "city"})


def _name_before(tokens: list[Token], comma: int, lo: int) -> int | None:
    """Return where a name of two to four capitalised words ending right before `comma` starts."""
    k = comma - 1
    while k >= lo and comma - k <= 4 and tokens[k].text[:1].isupper() and tokens[k].text.isalpha():
        k -= 1
    words = comma - 1 - k
    if words < 2 or (k >= lo and tokens[k].text[:1].isalnum()):
        return None  # a capitalised word inside a clause (`... in Ottawa, Minister of ...`) is no name
    return k + 1


#: Tokens that are no word but may stand inside a subject (`Lee’s`, `AT&T`, `the 1%`).
_NP_SYMBOLS = frozenset({"’s", "'s", "&", "%"})
#: Tokens right before a cue that `subject_before` reads as something else than the end of a subject.
_NOT_SUBJECT_END = _NP_SYMBOLS | {",", "(", ")", "--", "—", "–"}  # (a dash may close an apposition)


def ends_no_subject(word: str) -> bool:
    """Tell whether a cue right after this token has no subject (`“ said`, `. says`): see `subject_before`.

    A mark or a stop stands where a subject would end, and `subject_before` walks no further.
    """
    return not word[0].isalnum() and word not in _NOT_SUBJECT_END


#: Capitalised at a sentence start but never the start of a speaker (`If`, `On Thursday`, `And`).
# fmt: off
_NOT_NP_START = CLAUSE_BREAKERS - {"i", "we", "you", "who", "which"} | {
    "at", "of", "after", "during", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "however", "meanwhile", "still", "yet", "also", "now", "today", "yesterday",
    "last", "earlier", "later", "instead", "indeed", "moreover", "separately", "previously",
}
# fmt: on


#: Conjunctions of a clause that may open what was said, after `that` and a comma.
_CONCESSIVE = frozenset({"though", "although", "while", "if", "when", "because", "since", "unless", "once"})
_TIMES = DATE_WORDS
_PERIODS = frozenset({"days", "weeks", "months", "years"})
_YEAR = re.compile(r"(?:19|20)\d\d")


def _ends_clause(low: str) -> bool:
    """Tell whether a verb of saying met while walking back ends the subject (`thinking` is a noun)."""
    return low in SPEECH_VERBS and low not in _NOUN_LIKE_OR_DOCUMENT and not low.endswith("ing")


_NOUN_LIKE_OR_DOCUMENT = NOUN_LIKE_FORMS | DOCUMENT_HEADS


def _starts_np(t: Token) -> bool:
    """Tell whether a word can begin a noun phrase that speaks."""
    c = t.text[0]
    return (
        c.isupper()
        or c.isdigit()
        or t.low
        in (
            "the",
            "a",
            "an",
            "his",
            "her",
            "their",
            "its",
            "our",
            "some",
            "many",
            "most",
            "several",
            "one",
            "two",
            "three",
            "four",
            "five",
            "other",
            "another",
            "both",
            "all",
            "few",
            "more",
            "each",
            "these",
            "those",
            "this",
            "officials",
            "sources",
            "experts",
            "analysts",
            "critics",
            "voters",
            "aides",
            "supporters",
            "opponents",
            "economists",
            "researchers",
            "residents",
            "observers",
            "people",
            "polls",
            "democrats",
            "republicans",
            "she",
            "he",
            "they",
            "we",
            "i",
            "it",
        )
        or t.low in PRONOUNS
    )


def speaker_after(tokens: list[Token], i: int) -> list[Token]:
    """Return the noun phrase after an inverted cue (`said Senior Researcher X at NUPI to HNN`)."""
    out: list[Token] = []
    comma = False
    for k in range(i, len(tokens)):
        t = tokens[k]
        if t.text == "," and out and _clause_follows(tokens, k + 1):
            break  # `At that point, said Ann Lee, the games could become movies`: C goes on after the name
        if (
            t.text == ","
            and out
            and k + 1 < len(tokens)
            and tokens[k + 1].low.endswith("ing")
            and tokens[k + 1].text.islower()
            and len(tokens[k + 1].low) > 5
            and not (
                k + 2 < len(tokens) and (tokens[k + 2].low in ROLE_NOUNS or tokens[k + 2].low in TITLE_WORDS)
            )  # (`, managing director of`, `, leading expert on`: an apposition)
        ):
            break  # `said Mr Hogan, filtering out ... can stop`, `said Ann Lee, speaking at a rally`: no one
        if t.low == "and" and comma:
            out.append(t)  # `X, a pediatrician and director of ...`
            continue
        if (
            t.low == "and"
            and out
            and out[-1].text[:1].isupper()
            and k + 1 < len(tokens)
            and tokens[k + 1].text[:1].isupper()
            and any(x.low in ROLE_NOUNS or x.low in TITLE_WORDS for x in tokens[k + 2 : k + 6])
        ):
            out.append(t)  # `says Heart and Stroke senior manager Erin Kim`: an organisation's name, a role
            continue
        if t.low in _IN_APPOSITION and comma and out and out[-1].text != ",":
            out.append(t)  # `X, an expert on trade at ...`: the apposition's own words, not when or where
            continue
        if t.low in _NP_STOP_AFTER_CUE or t.text in QUOTE_FAMILY or t.text == "''":
            break
        if out and out[-1].text == "," and t.low in _AFTER_SPEAKER:
            break  # `said the family’s lawyer, Tom Berg, outside the courthouse`: where, not who
        comma = comma or t.text == ","
        out.append(t)
        if len(out) > 25:
            break
    while out and (out[-1].text in (",", "(", "—", "–") or out[-1].low in ("and", "but")):
        out.pop()  # (`said Blumenthal, and “...”`: the conjunction goes on with the quotation)
    return out


def _clause_follows(tokens: list[Token], k: int) -> bool:
    """Tell whether the words from k to the next comma are a clause of their own (an auxiliary or modal with
    no relative pronoun before it: `the games could become movies`), not an apposition (`who is a lawyer`)."""
    for t in tokens[k : k + 12]:
        if t.text in (",", ".", ";", ":", "!", "?") or t.text in QUOTE_FAMILY or t.low in _RELATIVE_WORDS:
            return False
        if t.low in AUXILIARIES and t.text.islower():
            return True
    return False


_RELATIVE_WORDS = frozenset({"who", "which", "that", "whose"})

#: Words that open what follows a speaker after a comma: when or where it was said, or what they did.
_AFTER_SPEAKER = frozenset(
    {"outside", "after", "before", "during", "while", "when", "as", "speaking", "adding"}
)
#: Prepositions that go on inside an apposition (`an expert on trade`, `a lawyer in Toronto`).
_IN_APPOSITION = frozenset({"to", "in", "on"})


def dash_speaker(tokens: list[Token]) -> list[Token] | None:
    """Return the speaker of `” — Name, role` (tokens start right after the closing mark)."""
    if not tokens or tokens[0].text not in DASHES:
        return None
    rest = speaker_after(tokens, 1)
    if rest and rest[0].text[:1].isupper():
        return rest
    return None


def _clause_after_detail(tokens: list[Token], i: int) -> int | None:
    """Return where the clause starts after detail opened at i and a `that` (`at a rally ahead of the primary
    that he ...`, `in a document on 7 March that the use of force ...`), or None."""
    n = len(tokens)
    for m in range(i + 1, min(n - 1, i + 16)):
        t = tokens[m]
        if t.text in (".", ";", ":", "!", "?") or t.text in QUOTE_FAMILY or t.low in _DETAIL_ENDS:
            return None
        if t.text == "," and tokens[m + 1].text.islower() and tokens[m + 1].low.endswith("ing"):
            return None  # (`on his plane, referring to bruises that ...`: what the speaker did)
        if is_cue(tokens, m) and t.low not in ("remarks", "comments"):  # (`in prepared remarks`: nouns)
            return None  # (`who argued with Ms. Brainard, said in an interview that`: another's report)
        if t.low == "that":
            nxt = tokens[m + 1]
            if contracted_base(nxt.low) in _CLAUSE_SUBJECT_WORDS or nxt.text[:1].isupper():
                return m + 1
            if (
                m + 2 < n
                and nxt.text.isalpha()
                and nxt.text.islower()
                and nxt.low not in AUXILIARIES
                and tokens[m + 2].low in AUXILIARIES
            ):
                return m + 1  # `said in prepared remarks that inflation had eased`: a noun, its verb
            return None  # (`at the meeting that was held`: a relative clause)
    return None


def content_start(tokens: list[Token], i: int) -> int | None:
    """Return the index where the reported clause after the cue ending at i begins (None: no clause).

    Skips `that`, a hearer after tell-verbs (`told reporters`), and attribution detail before a
    `that` (`writes in an email to High North News that`).
    """
    n = len(tokens)
    if i >= n:
        return None
    # A `that` within the attribution tail marks the clause start (not after a verb of speaking with a
    # topic: `talking about the plan that was dropped` has no clause of its own).
    k = i if tokens[i - 1].low not in TOPIC_VERBS or tokens[i].low == "that" else n
    if tokens[i].low == "for" and (m := _duration_end(tokens, i + 1)) is not None and m < n:
        # `said for the first time that C`, `has said for weeks he is ...`: how long or how often, then C
        if tokens[m].low == "that":
            return m + 1 if m + 1 < n else None
        if contracted_base(tokens[m].low) in SUBJECT_PRONOUNS:
            return m
    if tokens[i].low in _DETAIL_OPENERS and (k == i or tokens[i - 1].low in POSTED):  # (`posted on X that`)
        found = _clause_after_detail(tokens, i)
        if found is not None:
            return found
    if tokens[i - 1].low in OBJECT_VERBS:
        # `told police officials that C`: a hearer of lower-case words, then the clause
        for m in range(i + 1, min(i + 4, n - 1)):
            if tokens[m].low == "that":
                hearer = tokens[m - 1].low
                if all(t.text.isalpha() and t.text.islower() for t in tokens[i:m]) and (
                    hearer in ROLE_NOUNS or hearer[:-1] in ROLE_NOUNS
                ):
                    return m + 1  # (not `tells so many lies that C`: lies are no hearers)
                break
    while k < n and k - i <= 10:
        low = tokens[k].low
        if low == "that":
            if k + 2 < n and tokens[k + 1].text == "," and tokens[k + 2].low in _CONCESSIVE:
                return k + 2  # `said that, though this had made it hard, it had helped`: the clause whole
            if k == i and k + 1 < n and tokens[k + 1].low in _FINITE_BE:
                return k  # `He now realizes that is not how the public saw it`: `that` is the subject
            return k + 1 if k + 1 < n else None
        if low in (":",):
            return k + 1 if k + 1 < n else None
        if (
            tokens[k].text == ","
            and k > i
            and k + 1 < n
            and (tokens[k + 1].text[:1].isupper() or tokens[k + 1].low == "that")
            and tokens[k - 1].text[:1].isupper()
        ):
            k += 1  # `says at a campaign stop in Toledo, Ohio, that`: a place's commas
            continue
        if (
            tokens[k].text == "“"
            and k + 1 < n
            and tokens[k + 1].low == "that"
            and tokens[i].low in ("on", "in", "to")
        ):
            k += 1  # `said on CBS’s “Face the Nation” that`: a programme's or paper's title, then the clause
            continue
        if tokens[k].text in (",", ".", ";") or tokens[k].text in QUOTE_FAMILY:
            break
        if (
            low not in CUE_TAIL_WORDS
            and not tokens[k].text[:1].isupper()
            and k > i
            and tokens[k - 1].low not in _TAIL_DETERMINERS
            and not (
                tokens[i].low in ("in", "during")  # `wrote in a recent report that`: where it was said
                and tokens[i - 1].low not in TOPIC_VERBS
                and any(tokens[x].low in _TAIL_DETERMINERS for x in range(max(i, k - 3), k))
            )
        ):
            break  # (`acknowledged before the judge that`, `wrote in a recent report that`: still detail)
        k += 1
    first = tokens[i]
    if (
        first.text == ","
        and i + 3 < n
        and tokens[i + 1].low in _ASIDE_WORDS
        and tokens[i + 2].text == ","
        and (tokens[i - 1].low.endswith("ed") or tokens[i - 1].low in _FINITE_CUES)
        and tokens[i + 3].text not in QUOTE_FAMILY
    ):  # (not `Perhaps most telling, though, were`, `the U.S. pledge, however,`: no verb)
        k = i + 4 if tokens[i + 3].low == "that" else i + 3
        return k if k < n else None  # `said, however, that C`
    if (
        first.text == ","
        and (tokens[i - 1].low.endswith("ed") or tokens[i - 1].low in _FINITE_CUES)
        and (m := _aside_end(tokens, i + 1)) is not None
    ):
        # `said, in a statement, that C`: where it was said, then C; `Rubio says, win or lose in Tuesday's
        # primary, he's staying`: the aside opens C
        return m + 2 if tokens[m + 1].low == "that" else i + 1
    if first.text in (",", ".", ";", "!", "?", ")"):
        return None
    on_day = first.low == "on" and i + 1 < n and tokens[i + 1].low in WEEKDAYS  # (`said on Monday he`)
    if (
        (first.low in _WHEN_WORDS or on_day)
        and tokens[i - 1].low not in OBJECT_VERBS
        and tokens[i - 1].low not in TOPIC_VERBS
    ):
        k = i + 1 + on_day
        k += 1 if k < n and tokens[k].low in _PARTS_OF_DAY else 0
        k += 1 if k < n and tokens[k].low == "that" else 0
        # (`he's`: the subject with its verb contracted onto it)
        subject = k < n and contracted_base(tokens[k].low) in _CLAUSE_SUBJECT_WORDS
        if subject or (k < n and tokens[k].text[:1].isupper()):
            return k  # `Lee said Friday she was leaving`: when it was said, then what
    if (
        first.low in ("after", "before", "since")
        and tokens[i - 1].low in SPEECH_VERBS
        and tokens[i - 1].low not in OBJECT_VERBS
        and (m := _subject_after_adjunct(tokens, i + 1)) is not None
    ):
        return m  # `He said after meeting Tony Blair he had been left ...`: when it was said, then what
    if first.low in ("little", "much") and (i + 1 == n or tokens[i + 1].low in ("about", "on", ".")):
        return None  # `Officials have said little about the cause`: no clause
    if first.low == "on" and tokens[i - 1].low == "commented":
        return None  # `Neither Rover nor SAIC commented on the reports`: a topic, no clause
    if tokens[i - 1].low in OBJECT_VERBS:
        # told Y ...: skip the hearer
        k = i
        if tokens[k].text == "“" and k + 2 < n and tokens[k + 1].low == "that":
            return k + 2  # `told “The Globe and Mail” that C`: a paper's title is the hearer
        if tokens[k].low in ("him", "her", "them", "us", "me", "you", "reporters", "journalists", "everyone"):
            k += 1
        else:
            while k < n and k - i < 7:
                t = tokens[k]
                if (
                    t.text[:1].isupper()
                    or (k == i and t.low in ("the", "a"))
                    or (k > i and t.text[:1].isdigit() and tokens[k - 1].text[:1].isupper())  # `Radio 4's`
                    or (k > i and t.low in MEDIA_NOUNS and tokens[k - 1].text[:1].isupper())
                ):
                    k += 1  # `told BBC Radio 4's Today programme:`
                elif (
                    k > i
                    and k + 1 < n
                    and tokens[k - 1].low in ("the", "a")
                    and tokens[k + 1].low in _AFTER_HEARER
                ):
                    k += (
                        1  # `told the council about`, `told the court the plan ...`: the noun ends the hearer
                    )
                    break
                elif k == i and k + 1 < n and plural_hearer(t) and tokens[k + 1].low in _AFTER_HEARER:
                    k += 1  # `told employees it was ...`, `told investors on Monday that ...`
                    break
                else:
                    break
        if k > i and k + 2 < n and tokens[k].low == "on" and tokens[k + 1].low in WEEKDAYS:
            k += 2  # `told employees on Wednesday it was ...`: when they were told
            if tokens[k].low == "that":
                k += 1
        elif k > i and k + 1 < n and tokens[k].low in _WHEN_WORDS:
            k += 2 if tokens[k + 1].low in _PARTS_OF_DAY else 1  # `told reporters Friday she was ...`
            if k < n and tokens[k].low == "that":
                k += 1
        if k > i and k < n and tokens[k].low in _DETAIL_OPENERS:
            found = _clause_after_detail(tokens, k)  # `told analysts on a conference call that C`
            if found is not None:
                return found
        if k < n and tokens[k].low in ("about", "of"):
            return k + 1 if k + 1 < n else None  # "asked about X", "warned of X": the topic is the content
        if k < n and tokens[k].low == "to" and k > i:
            return i  # "urged Democrats to vote": the hearer and the infinitive are what was asked
        return k if k < n else None
    cue = tokens[i - 1].low
    if first.low == "to" and cue in TO_VERBS:
        return i  # `declined to comment`, `vowed to fight`: the infinitive is the content
    if first.low in _PREPOSITION_AFTER.get(cue[:5], ()):
        return i + 1 if i + 1 < n else None  # `called for X`, `referring to X`, `spoke about X`
    if cue in TOPIC_VERBS:
        return None  # `spoke at a rally`, `talked Thursday`, `responded a minute later`: no content
    if first.low in ("her", "no") and _determiner_at(tokens, i):
        return i  # `said her colleague had ...`, `said no decision had ...`: they open the clause's subject
    if first.low in _NO_CLAUSE_AFTER_CUE and first.low != "by" and not _approximation(tokens, i):
        return None
    if first.low in _MEANS_OPENERS:
        k = i + 2 if i + 1 < n and tokens[i + 1].low in ("a", "an", "the") else i + 1
        means = k
        while k < n and k - means < 3 and tokens[k].low in _MEANS:
            k += 1
        if k > means and k < n and tokens[k].text[:1].isalpha():
            return k  # `said by text message the weather was fine`: how it was said, then what
        if first.low == "by":
            return None
    return i


#: Words set off by commas right after a cue (`said, however, that`).
_ASIDE_WORDS = frozenset({"however", "though", "too", "also", "meanwhile", "instead", "nevertheless"})
_FINITE_CUES = frozenset({"said", "says", "say", "told", "tells", "wrote", "writes", "thinks", "thought"})
#: Parts of a day after a weekday (`said Tuesday night the ...`).
_PARTS_OF_DAY = frozenset({"morning", "afternoon", "evening", "night"})


#: Prepositions that open where, when or how something was said, right after the cue (not `to`: `refuses
#: to make public his returns may be that ...` is an infinitive).
_DETAIL_OPENERS = frozenset(
    {"in", "at", "on", "during", "after", "before", "with", "from", "outside", "near", "ahead", "over", "via",
     "through", "following", "late", "earlier"}
)  # fmt: skip
#: Words that end such detail without a `that` (a clause of its own, a new report).
_DETAIL_ENDS = frozenset({"who", "which", "where", "when", "while", "and", "but", "because", "if", "as"})


#: Words that may open a clause's subject after a time word (`said Friday she`, `said Monday the plan`).
def _subject_after_adjunct(tokens: list[Token], k: int) -> int | None:
    """Return where a clause starts after a short adjunct of time (`after seven years Labour had ...`,
    `after meeting Tony Blair he had been ...`): a pronoun or a capitalised word right before a finite
    verb, within six words and before any mark; None otherwise."""
    for m in range(k + 1, min(k + 7, len(tokens) - 1)):
        t = tokens[m]
        if not t.text[:1].isalnum():
            return None
        nxt = tokens[m + 1].low
        before = tokens[m - 1]
        if (
            (t.low in SUBJECT_PRONOUNS or t.text[:1].isupper())
            and nxt in AUXILIARIES
            and (before.low in _ADJUNCT_ENDS or before.text[:1].isupper())
        ):
            return m  # (not `after being dissatisfied with the answers he was getting`: a relative clause)
    return None


#: Plural nouns of a duration (`for weeks`, `two years ago`), and the singular ones of a time.
_DURATIONS = frozenset({"days", "weeks", "months", "years", "decades", "ages"})
_TIME_UNITS = frozenset({"week", "month", "year", "day", "decade", "time"})
#: Nouns that end an adjunct of time (`after seven years`, `after the vote`, `since the meeting`).
_ADJUNCT_ENDS = _DURATIONS | _TIME_UNITS | frozenset(
    {"meeting", "talks", "vote", "election", "hearing", "session", "speech", "debate", "ruling", "verdict",
     "decision", "announcement", "attack", "crash", "shooting", "game", "match"}
)  # fmt: skip


def _ago_start(tokens: list[Token], j: int, lo: int) -> int | None:
    """Return where a phrase of time ending in `ago` at j begins (`less than two weeks ago`, `a year
    ago`, `days ago`), or None."""
    m = j - 1
    if m < lo or tokens[m].low not in _DURATIONS | _TIME_UNITS:
        return None
    while m > lo and tokens[m - 1].low in _AGO_WORDS:
        m -= 1
    return m if m > lo else None


#: Finite verbs right after `that`: `that` is then a demonstrative subject, not the clause's opener (not
#: `should`, which may invert a condition: `said that should the country not be rewarded, ...`).
_FINITE_BE = frozenset({"is", "was", "isn't", "wasn't", "has", "hasn't", "will", "would", "could"})
#: Documents named with no article (`C, new research says`, `recent data show`).
_BARE_DOCUMENTS = frozenset({"research", "data", "analysis", "evidence", "polling"})
_NOT_ASIDE = frozenset({"and", "but", "or", "so", "yet", "nor", "adding", "noting", "saying"})
#: Words of a phrase of time before `weeks ago` (`less than two`, `a few`, `several`).
_AGO_WORDS = frozenset(
    {"a", "an", "few", "several", "two", "three", "four", "five", "six", "ten", "some", "less", "more",
     "than", "about", "nearly", "almost", "just", "only", "many", "couple", "of"}
)  # fmt: skip


def _aside_end(tokens: list[Token], k: int) -> int | None:
    """Return where a short aside after a cue's comma ends, when `that` or a clause with a pronoun subject
    follows its comma (`, in a statement, that`, `, win or lose in Tuesday's primary, he's staying`).

    Not a clause going on after the attribution (`One in three women, the survey said, thought ...`,
    `A, Hennessey said, and with ...`): a verb or a conjunction opens those."""
    first = tokens[k] if k < len(tokens) else None
    if first is None or first.low in _NOT_ASIDE or first.low in AUXILIARIES or first.low in SPEECH_VERBS:
        return None
    if first.text.islower() and first.low.endswith("ed"):
        return None
    for m in range(k + 1, min(k + 9, len(tokens) - 2)):
        t = tokens[m]
        if t.text == ",":
            after = tokens[m + 1]
            nxt = tokens[m + 2]
            if after.low == "that" or (
                contracted_base(after.low) in SUBJECT_PRONOUNS
                and (after.low != contracted_base(after.low) or nxt.text.islower())
            ):
                return m
            return None
        if not t.text[:1].isalnum() or t.low in ("that", "who", "which"):
            return None
    return None


def _duration_end(tokens: list[Token], k: int) -> int | None:
    """Return the index after a duration or an occasion at k (`the first time`, `weeks`, `several
    years`, `a long time`), or None."""
    n = len(tokens)
    if k + 2 < n and tokens[k].low in ("the", "a") and tokens[k + 2].low == "time":
        return k + 3  # `the first time`, `the last time`, `a long time`
    if k < n and tokens[k].low in _DURATIONS:
        return k + 1
    if (
        k + 1 < n
        and tokens[k].low in ("several", "many", "some", "two", "three", "four", "five")
        and tokens[k + 1].low in _DURATIONS
    ):
        return k + 2
    return None


#: Personal pronouns that open a clause as its subject (`he's`, `they'd` by their base).
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it"})

_CLAUSE_SUBJECT_WORDS = frozenset(
    {"he", "she", "they", "we", "i", "it", "you", "there", "the", "a", "an", "his", "her", "their", "its",
     "our", "this", "that", "these", "those", "no", "some", "many", "most", "all"}
)  # fmt: skip


def _approximation(tokens: list[Token], i: int) -> bool:
    """Tell whether `about` or `up to` at i opens a clause whose subject is an amount (`said about 20
    people were hurt`, `up to half of the staff would go`), not a topic (`said about the plan`)."""
    k = i + 1 if tokens[i].low == "about" else i + 2 if tokens[i].low == "up" else 0
    if not k or k >= len(tokens) or (tokens[i].low == "up" and tokens[i + 1].low != "to"):
        return False
    word = tokens[k].low
    if word in ("a", "an") and k + 1 < len(tokens):
        k += 1
        word = tokens[k].low
    if not (word[:1].isdigit() or word in _NUMBER_WORDS or word in _FRACTIONS):
        return False
    # A clause follows (`about 20 people have ...`), not a thing offered (`offers about 30 styles of beer`).
    return any(t.low in AUXILIARIES for t in tokens[k + 1 : k + 9])


_FRACTIONS = frozenset(
    {"half", "third", "thirds", "quarter", "quarters", "fifth", "fifths", "tenth", "tenths"}
)  # fmt: skip
_NUMBER_WORDS = frozenset(
    {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
     "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
     "hundreds", "dozen", "dozens", "thousand", "thousands", "million", "millions"}
)  # fmt: skip


def _adverb(t: Token) -> bool:
    """Tell whether a lower-case word is an adverb in -ly (`apparently`), not a noun (`family`, `ally`)."""
    return t.text.islower() and len(t.low) > 4 and t.low.endswith("ly") and t.low not in _LY_NOUNS


_LY_NOUNS = frozenset(
    {"family", "supply", "rally", "assembly", "monopoly", "anomaly", "bully", "daily", "weekly", "monthly",
     "quarterly", "belly", "jelly", "homily", "panoply", "italy", "melancholy", "folly", "holly"}
)  # fmt: skip
_DEGREE = frozenset({"almost", "nearly", "very", "quite", "too"})
#: Adverbs of time between a subject and its cue that are adjectives after a determiner (`an earlier report`).
_EARLIER = frozenset({"earlier", "long"})
_TAIL_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their"})
#: When something was said, right after the cue (`said Friday she ...`).
_WHEN_WORDS = WEEKDAYS | {"today", "yesterday"}


def plural_hearer(t: Token) -> bool:
    """Tell whether a word may be a hearer on its own: a lower-case plural noun (`employees`, `workers`)
    or a collective one (`told police she was`, `told staff the plant would close`)."""
    return (
        t.text.isalpha()
        and t.text.islower()
        and ((t.low.endswith("s") and not t.low.endswith("ss")) or t.low in _COLLECTIVE_HEARERS)
    )


#: Collective nouns that are a hearer with no determiner (`told police`, `told parliament`).
_COLLECTIVE_HEARERS = frozenset({"police", "staff", "parliament", "congress", "media", "people", "personnel"})


#: Prepositions of the means by which something was said, and the words of those means.
_MEANS_OPENERS = frozenset({"by", "in", "on", "over", "via"})
_MEANS = frozenset(
    {"text", "texts", "message", "messages", "email", "e-mail", "emails", "phone", "telephone", "statement",
     "interview", "letter", "tweet", "video", "videoconference", "radio", "television", "tv", "post",
     "posting", "social", "media", "written", "brief", "short", "emailed", "e-mailed", "call"}
)  # fmt: skip


def _determiner_at(tokens: list[Token], i: int) -> bool:
    """Tell whether `her` or `no` at i opens a noun phrase (`her aide`), not an object (`thanked her`)."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is not None and (nxt.text[:1].isdigit() or nxt.text in ("$", "£", "€")):
        return True  # `said her $4.5 billion net worth was`: a number in the phrase
    return (
        nxt is not None
        and nxt.text.isalpha()
        and nxt.text.islower()
        and nxt.low not in _NO_CLAUSE_AFTER_CUE
        and nxt.low not in CUE_TAIL_WORDS
    )


#: Words that end a hearer of a determiner and a noun (`told the court (that|on Monday|the plan ...)`).
_AFTER_HEARER = frozenset(
    {"about", "of", "that", ",", "on", "in", "at", "during", "after", "before", "the", "a", "an", "he",
     "she", "they", "it", "we", "i", "his", "her", "their", "its", "this"}
)  # fmt: skip

# Cues (by their first five letters) whose content follows a preposition.
_PREPOSITION_AFTER: dict[str, tuple[str, ...]] = {
    "call": ("for", "on"),
    "calle": ("for", "on"),
    "calli": ("for", "on"),
    "calls": ("for", "on"),
    "refer": ("to",),
    "point": ("to",),
    "spoke": ("about", "of"),
    "speak": ("about", "of"),
    "talke": ("about",),
    "talki": ("about",),
    "talks": ("about",),
    "compl": ("about", "of"),
    "warne": ("about", "of", "against"),
    "warns": ("about", "of", "against"),
    "warni": ("about", "of", "against"),
    "asked": ("about", "for"),
    "voted": ("for", "against"),
    "votes": ("for", "against"),
    "focus": ("on",),
    "pushe": ("for",),
    "argue": ("for", "against"),
    "worri": ("about",),
    "joked": ("about",),
}
#: Verbs of speaking whose content is only a topic after a preposition (`spoke about X`) or a clause
#: after `that` (handled above): anything else after them is when, where or how they spoke.
TOPIC_VERBS = frozenset(
    {"spoke", "speak", "speaks", "speaking", "spoken", "talk", "talks", "talked", "talking",
     "responded", "respond", "responds", "responding", "posted", "post", "posts", "posting"}
)  # fmt: skip
# Words right after a cue that show it reports no clause (`said so`, `told to`, `spoke about`).
# fmt: off
_NO_CLAUSE_AFTER_CUE = frozenset(
    {"to", "about", "of", "for", "with", "by", "up", "out", "so", "no", "yes", "him", "her", "them",
     "nothing", "something", "otherwise", "goodbye", "hello", "thanks"}
)
# fmt: on


def is_document(tokens: list[Token]) -> bool:
    """Tell whether a subject is a document or poll (`a new CNN poll`, `The study, published Tuesday,`)."""
    head = next((tokens[:k] for k, t in enumerate(tokens) if t.text == "," and k), tokens)
    return bool(head) and head[-1].low in DOCUMENT_HEADS
