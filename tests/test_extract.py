"""Extraction tables: (text, expected) per form the extractor must handle, and what it must not take."""

from __future__ import annotations

import pytest

from quotefind.extract import extract
from quotefind.model import Article, Source, Statement


def run(text: str) -> list[Statement]:
    """Extract the statements of a bare text."""
    return list(extract(Article(text=text, source=Source(path="t.txt"), key="t.txt")))


def find(statements: list[Statement], text: str) -> Statement:
    """Return the one statement with exactly this text."""
    hits = [s for s in statements if s.text == text]
    assert len(hits) == 1, f"{text!r} not among {[s.text for s in statements]!r}"
    return hits[0]


# (article text, statement text, kind, speaker name, cue)
QUOTE_MARKS = [
    ("“We will win this election,” she said. Ms Ann Lee leads.", "We will win this election,", "she"),
    ('"We will win this election," Ann Lee said.', "We will win this election,", "Ann Lee"),
    (
        "‘We consider it important to have contact,’ he emphasized.",
        "We consider it important to have contact,",
        "he",
    ),
    ("'We will win this election,' Ann Lee said.", "We will win this election,", "Ann Lee"),
    ("«Nous allons gagner cette élection», Ann Lee said.", "Nous allons gagner cette élection", "Ann Lee"),
    ("»Wir werden diese Wahl gewinnen«, Ann Lee said.", "Wir werden diese Wahl gewinnen", "Ann Lee"),
    ("„Wir werden diese Wahl gewinnen“, Ann Lee said.", "Wir werden diese Wahl gewinnen", "Ann Lee"),
    ("‹Nous allons gagner cette élection›, Ann Lee said.", "Nous allons gagner cette élection", "Ann Lee"),
    ("''We will win this election,'' Ann Lee said.", "We will win this election,", "Ann Lee"),
]


@pytest.mark.parametrize(("text", "quote", "mention"), QUOTE_MARKS)
def test_quote_marks_are_paired(text: str, quote: str, mention: str) -> None:
    s = find(run(text), quote)
    assert s.kind == "quote"
    assert s.speaker.mention == mention
    assert s.cue == "said" or s.cue == "emphasized"
    assert text[s.start : s.end] == quote


ATTRIBUTION_FORMS = [
    # “...,” X said.
    (
        "“The talks went well and we will meet again,” Ann Lee said.",
        "The talks went well and we will meet again,",
        "quote",
        "Ann Lee",
        "said",
    ),
    # X said: “...”
    (
        "Ann Lee said: “The talks went well and we will meet again.”",
        "The talks went well and we will meet again.",
        "quote",
        "Ann Lee",
        "said",
    ),
    # “...,” said X.
    (
        "“The talks went well and we will meet again,” said Ann Lee.",
        "The talks went well and we will meet again,",
        "quote",
        "Ann Lee",
        "said",
    ),
    # “...” — X, role
    (
        "“The talks went well and we will meet again.” — Ann Lee, foreign minister",
        "The talks went well and we will meet again.",
        "quote",
        "Ann Lee",
        "—",
    ),
    # X told Y that ...
    ("Ann Lee told reporters that the talks went well.", "the talks went well", "claim", "Ann Lee", "told"),
    # According to X, ...
    (
        "According to Ann Lee, the talks went well yesterday.",
        "the talks went well yesterday",
        "claim",
        "Ann Lee",
        "According to",
    ),
    # ..., X explains.
    (
        "The talks went well in the end, Ann Lee explains.",
        "The talks went well in the end",
        "claim",
        "Ann Lee",
        "explains",
    ),
    # as reported by X
    (
        "According to Ann Lee, as reported by the Financial Times, the talks went well.",
        "the talks went well",
        "claim",
        "Ann Lee",
        "According to",
    ),
    # X says (no that)
    ("Ann Lee says the talks went well.", "the talks went well", "claim", "Ann Lee", "says"),
    # organisation as speaker, object as content
    (
        "Russia expressed concern over the militarization of the archipelago.",
        "concern over the militarization of the archipelago",
        "claim",
        "Russia",
        "expressed",
    ),
    # document as speaker
    (
        "A US Naval War College report, with contributions from many researchers, argues that "
        "forums could help.",
        "forums could help",
        "claim",
        "US Naval War College report",
        "argues",
    ),
    # inverted cue before a name with an apposition
    (
        "The party will recover from this defeat, said Larry Sabato, director of the center.",
        "The party will recover from this defeat",
        "claim",
        "Larry Sabato",
        "said",
    ),
    # a participle shares the speaker of the cue before it
    (
        "“We will win,” Ann Lee added, noting that the polls have tightened again.",
        "the polls have tightened again",
        "claim",
        "Ann Lee",
        "noting",
    ),
    # stance verbs with an infinitive or a prepositional content (PolNeAR counts these)
    (
        "Ann Lee refused to comment on the report.",
        "to comment on the report",
        "claim",
        "Ann Lee",
        "refused",
    ),
    (
        "Ann Lee called for a full inquiry into the deal.",
        "a full inquiry into the deal",
        "claim",
        "Ann Lee",
        "called",
    ),
    # a stance verb's object ends where a time or reason adjunct begins ...
    (
        "Ann Lee praised the new budget plan after a long meeting with the mayor.",
        "the new budget plan",
        "claim",
        "Ann Lee",
        "praised",
    ),
    # ... but an infinitive content keeps its adjunct (it is part of what was refused)
    (
        "Ann Lee refused to comment after the vote on the budget.",
        "to comment after the vote on the budget",
        "claim",
        "Ann Lee",
        "refused",
    ),
    # a quotation that ends a clause before its cue makes the whole clause the claim
    (
        "Teachers who connect online are “very, very pro-Bernie,” Kilfoyle said.",
        "Teachers who connect online are “very, very pro-Bernie,”",
        "claim",
        "Kilfoyle",
        "said",
    ),
]


@pytest.mark.parametrize(("text", "content", "kind", "name", "cue"), ATTRIBUTION_FORMS)
def test_attribution_forms(text: str, content: str, kind: str, name: str, cue: str) -> None:
    s = find(run(text), content)
    assert s.kind == kind
    assert s.speaker.name == name
    assert s.cue == cue
    assert s.cue_span is not None and text[s.cue_span.start : s.cue_span.end] == cue


def test_colon_introduced_block_quote_and_continuation() -> None:
    text = (
        "Ann Lee said:\n\n"
        "“The talks went well and we will meet again next month.”\n\n"
        "“Nothing has been decided on the border question yet.”\n"
    )
    statements = run(text)
    first = find(statements, "The talks went well and we will meet again next month.")
    second = find(statements, "Nothing has been decided on the border question yet.")
    assert first.speaker.name == second.speaker.name == "Ann Lee"
    assert first.cue == "said"
    assert second.cue is None


def test_multi_paragraph_quote_shares_its_speaker() -> None:
    text = (
        "“The first part of what I have to say runs on for a while.\n\n"
        "“And the second part closes it at last,” Ann Lee said.\n"
    )
    statements = run(text)
    first = find(statements, "The first part of what I have to say runs on for a while.")
    last = find(statements, "And the second part closes it at last,")
    assert first.speaker.name == last.speaker.name == "Ann Lee"


def test_multi_sentence_quote_is_one_statement() -> None:
    text = "“We talk. We do not agree. We will talk again,” Ann Lee said."
    s = find(run(text), "We talk. We do not agree. We will talk again,")
    assert s.speaker.name == "Ann Lee"


def test_nested_single_quote_stays_inside_double_quote() -> None:
    text = "“They called it ‘a sad event’ and moved on without us,” Ann Lee said."
    s = find(run(text), "They called it ‘a sad event’ and moved on without us,")
    assert s.speaker.name == "Ann Lee"


def test_several_speakers_in_one_paragraph() -> None:
    text = "“We want peace and quiet now,” Ann Lee said. “We want a fair deal first,” Bob Stone said."
    statements = run(text)
    assert find(statements, "We want peace and quiet now,").speaker.name == "Ann Lee"
    assert find(statements, "We want a fair deal first,").speaker.name == "Bob Stone"


SPEAKERS = [
    # (text, content, name, role, org)
    (
        "State Secretary Tone Skogen (Conservatives) of the Norwegian Ministry of Defense writes that "
        "talks have resumed.",
        "talks have resumed",
        "Tone Skogen",
        "State Secretary",
        "Norwegian Ministry of Defense",
    ),
    (
        "Vice Admiral Rune Andersen, head of the Joint Headquarters, revealed that contact is weekly.",
        "contact is weekly",
        "Rune Andersen",
        "Vice Admiral",
        "Joint Headquarters",
    ),
    (
        "Norwegian Defense Minister Frank Bakke-Jensen explained that he does not speak with them.",
        "he does not speak with them",
        "Frank Bakke-Jensen",
        "Norwegian Defense Minister",
        None,
    ),
    (
        "Foreign Minister Ine Eriksen Søreide said that the meeting was useful.",
        "the meeting was useful",
        "Ine Eriksen Søreide",
        "Foreign Minister",
        None,
    ),
    (
        "Professor Lars Saunes at the US Naval War College said that dialogue really matters.",
        "dialogue really matters",
        "Lars Saunes",
        "Professor",
        "US Naval War College",
    ),
    (
        "Dr. Ursula von der Leyen said that the plan is ready.",
        "the plan is ready",
        "Ursula von der Leyen",
        None,
        None,
    ),
    ("Mr. Osama bin Laden said that the war goes on.", "the war goes on", "Osama bin Laden", None, None),
    (
        "Mr. Regalado, the Republican mayor of Miami, said that the vote was fair.",
        "the vote was fair",
        "Regalado",
        "Republican mayor",
        "Miami",
    ),
]


SPEAKERS += [
    # words keep their spelling: no space is put before a period the text runs on to
    (
        "Sen. Ann Lee (D-Ga.) said the bill is dead in the water.",
        "the bill is dead in the water",
        "Ann Lee",
        "Sen.",
        "D-Ga.",
    ),
    (
        "Ann Lee, a fellow at the U.S. Naval War College, said the bill is dead.",
        "the bill is dead",
        "Ann Lee",
        "fellow",
        "U.S. Naval War College",
    ),
    # an apposition's organisation after its topic, and on after an inverted cue
    (
        "Chad Bown, an expert on trade at the Peterson Institute for International Economics, said the "
        "tariffs would hurt.",
        "the tariffs would hurt",
        "Chad Bown",
        "expert",
        "Peterson Institute for International Economics",
    ),
    (
        "“The tariffs will hurt everyone,” said Chad Bown, an expert on trade at the Peterson Institute.",
        "The tariffs will hurt everyone,",
        "Chad Bown",
        "expert",
        "Peterson Institute",
    ),
    # the author of a document is its speaker; the document stays visible as the role
    (
        "A report by the Fraser Institute found that taxes rose. The report said families paid more.",
        "families paid more",
        "Fraser Institute",
        "report",
        None,
    ),
    # an organisation's person, or its people and offices, speak for the owner named before them
    (
        "Vauxhall’s U.K. managing director Stephen Norman said the company was disappointed.",
        "the company was disappointed",
        "Stephen Norman",
        "U.K. managing director",
        "Vauxhall",
    ),
    (
        "The school’s defenders said there was nothing racial going on.",
        "there was nothing racial going on",
        None,
        "school’s defenders",
        "school",
    ),
    (
        "Trudeau's office said 1,300 people attended the talk.",
        "1,300 people attended the talk",
        None,
        "Trudeau's office",
        "Trudeau",
    ),
    (
        "Chinese foreign ministry spokeswoman Hua Chunying shot back on Tuesday, saying Trudeau should "
        "respect the law.",
        "Trudeau should respect the law",
        "Hua Chunying",
        "Chinese foreign ministry spokeswoman",
        None,
    ),
    # a pronoun with a verb contracted onto it is the pronoun, never a name
    ("I’d say the plan was dead from the start.", "the plan was dead from the start", None, None, None),
    # a person `with`/`from` an organisation or a place: the person speaks
    (
        "Tim Guest with the Nova Scotia Health Authority says there are many reasons for delays.",
        "there are many reasons for delays",
        "Tim Guest",
        None,
        "Nova Scotia Health Authority",
    ),
    ("A man from Toronto said the road was closed.", "the road was closed", None, "man", "Toronto"),
    # a possessive's organisation speaks for its owner
    (
        "North Korea's state-run KCNA news agency said Kim left for China on Monday.",
        "Kim left for China on Monday",
        "KCNA news agency",
        None,
        "North Korea",
    ),
    (
        "Canada's Department of Finance said the deficit grew again.",
        "the deficit grew again",
        "Department of Finance",
        None,
        "Canada",
    ),
    # an adverb between the speaker and the cue is no part of the name
    ("Ann Lee apparently said the plan was dead.", "the plan was dead", "Ann Lee", None, None),
    # an office before a given name is a role (`police` is no organisation here)
    (
        "Police spokesman Mark Ellis said the road was closed.",
        "the road was closed",
        "Mark Ellis",
        "Police spokesman",
        None,
    ),
    # a possessive's role followed by the person's name: the named person speaks, the role kept
    (
        "Ann Lee’s lawyer, Tom Berg, said the charges were baseless.",
        "the charges were baseless",
        "Tom Berg",
        "Ann Lee’s lawyer",
        None,
    ),
    ("“We need answers,” said Lee’s mother, Mary Lee.", "We need answers,", "Mary Lee", "Lee’s mother", None),
    (
        "Spindler's father, Joseph, says the boy was happy.",
        "the boy was happy",
        "Joseph",
        "Spindler's father",
        None,
    ),
    # a pronoun and its verb before the subject of a cue (`he heard students shout`)
    (
        "Nathan Phillips said he heard students shout, “Build that wall!”",
        "Build that wall!",
        None,
        "students",
        None,
    ),
    # where it was said, after the speaker's apposition, is no part of the speaker
    (
        "“We will appeal,” said the family’s lawyer, Tom Berg, outside the courthouse.",
        "We will appeal,",
        "Tom Berg",
        "family’s lawyer",
        None,
    ),
    # a government body named for its country; an office named for a title
    ("Health Canada says the product is safe.", "the product is safe", "Health Canada", None, None),
    ("Rep. Jim Jordan said the FBI had lied.", "the FBI had lied", "Jim Jordan", "Rep.", None),
    (
        "The Prime Minister's Office said in a statement that Trudeau would attend.",
        "Trudeau would attend",
        "Prime Minister's Office",
        None,
        None,
    ),
    # people joined by `and`, an adverb of degree before the adverb (not part of the subject)
    (
        "World leaders and diplomats almost universally said the test was a provocation.",
        "the test was a provocation",
        None,
        "World leaders and diplomats",
        None,
    ),
]


@pytest.mark.parametrize(("text", "content", "name", "role", "org"), SPEAKERS)
def test_speaker_names_roles_and_orgs(
    text: str, content: str, name: str, role: str | None, org: str | None
) -> None:
    s = find(run(text), content)
    assert (s.speaker.name, s.speaker.role, s.speaker.org) == (name, role, org)
    assert s.speaker_span is not None
    assert text[s.speaker_span.start : s.speaker_span.end] == s.speaker.mention


RESOLUTION = [
    # surname -> full name
    (
        "Tone Skogen leads the talks. Skogen says that the meeting was important.",
        "the meeting was important",
        "Tone Skogen",
        "Skogen",
    ),
    # pronoun -> most recent speaker
    (
        "Ann Lee says that the talks went well. She adds that more talks will follow.",
        "more talks will follow",
        "Ann Lee",
        "She",
    ),
    # role noun -> the person introduced with that role
    (
        "Norwegian Defense Minister Frank Bakke-Jensen explained that contact is rare. "
        "“We do not talk enough,” the defense minister said.",
        "We do not talk enough,",
        "Frank Bakke-Jensen",
        "the defense minister",
    ),
    # the MoD -> the ministry spelled out earlier
    (
        "The Norwegian Ministry of Defense runs the talks. The MoD further states that the parties met.",
        "the parties met",
        "Norwegian Ministry of Defense",
        "The MoD",
    ),
    # Norwegian MFA -> Norwegian Ministry of Foreign Affairs
    (
        "In 2013, the Norwegian MFA announced that the two countries had joint efforts.",
        "the two countries had joint efforts",
        "Norwegian Ministry of Foreign Affairs",
        "the Norwegian MFA",
    ),
    # the document named before
    (
        "According to the government’s recent High North white paper, the channel will help. "
        "“Such contact is particularly important now”, the white paper reads.",
        "Such contact is particularly important now",
        "High North white paper",
        "the white paper",
    ),
]


@pytest.mark.parametrize(("text", "content", "name", "mention"), RESOLUTION)
def test_resolution_within_an_article(text: str, content: str, name: str, mention: str) -> None:
    s = find(run(text), content)
    assert s.speaker.name == name
    assert s.speaker.mention == mention


def test_a_surname_names_the_latest_person_who_bears_it() -> None:
    text = (
        "Ann Lee says that the talks went well. Bo Lee says that the talks went badly. "
        "Lee adds that more talks will follow."
    )
    assert find(run(text), "more talks will follow").speaker.name == "Bo Lee"


def test_an_acronym_is_looked_up_in_the_text_once_per_article() -> None:
    # One search of the whole text per mention made an article dense in acronyms quadratic.
    from quotefind.extract.speakers import Mention, Registry, resolve

    class CountingText(str):
        finds = 0

        def find(self, *args: object) -> int:  # type: ignore[override]
            CountingText.finds += 1
            return super().find(*args)  # type: ignore[arg-type]

    reg = Registry(CountingText("The Norwegian Ministry of Defense runs the talks. " * 3))
    names = [resolve(Mention("org", "MoD", None, None, "The MoD", 0, 7), reg).name for _ in range(5)]
    assert names == ["Norwegian Ministry of Defense"] * 5
    assert CountingText.finds == 1


def test_most_recent_role_holder_wins() -> None:
    text = (
        "State Secretary Tone Skogen says that talks have resumed. "
        "State Secretary Audun Halvorsen says that contact has increased. "
        "The State Secretary admits that dialogue got harder."
    )
    assert find(run(text), "dialogue got harder").speaker.name == "Audun Halvorsen"


NOT_STATEMENTS = [
    # apostrophes inside and at the end of words are not quote marks
    "Europe’s leaders met the Joneses’ lawyers at Norway’s border on Monday.",
    "Europe's leaders met the Joneses' lawyers at Norway's border on Monday.",
    # scare quotes and short quoted names or titles
    "A man who goes by “Shorty” was seen near the so-called “deal” zone.",
    "The film “Gone With The Wind” was shown on Sunday.",
    "Norway’s characterization of this as a ‘sad event’ reflects broader concerns.",
    # photo captions and credits
    "Ann Lee in Kirkenes. (Photo: “Jonas Karlsbakk said we met”, the Barents Secretariat)",
    # votes that say where or when, not what for
    "Democrats vote in Arizona, Idaho and Utah on Tuesday.",
    "The other states voting next week are widely seen as strongholds.",
    # no speech verb
    "The talks went well and the delegates left early.",
    # nouns and adjectives that look like verbs
    "His claims were rejected by the court in March.",
    "Clinton now has 1,600 pledged delegates and the vote is close.",
    "The State Secretary met the Prime Minister in Oslo.",
]


@pytest.mark.parametrize("text", NOT_STATEMENTS)
def test_not_statements(text: str) -> None:
    assert run(text) == []


def test_nested_stance_stays_inside_the_claim_that_reports_it() -> None:
    text = "The MoD further states that the parties discussed questions related to military activity."
    statements = run(text)
    assert [s.text for s in statements] == ["the parties discussed questions related to military activity"]


def test_runs_of_marks_and_symbols_are_not_prose() -> None:
    assert run("“" * 5000 + " said " + "”" * 5000) == []


def test_pull_quote_repeating_a_body_quote_is_kept_once() -> None:
    text = (
        "“We do not talk enough, but as much as possible,” the minister Ann Lee said.\n\n"
        "“We do not talk enough, but as much as possible”\n"
    )
    statements = [s for s in run(text) if "talk enough" in s.text]
    assert len(statements) == 1
    assert statements[0].cue == "said"


def test_unbalanced_mark_costs_only_its_own_quote() -> None:
    text = (
        "Ann Lee said “this one never closes and goes on.\n\n"
        "“The second quotation is perfectly fine,” Bob Stone said.\n\n"
        "“The third one is fine as well,” Carl Berg said."
    )
    statements = run(text)
    assert find(statements, "The second quotation is perfectly fine,").speaker.name == "Bob Stone"
    assert find(statements, "The third one is fine as well,").speaker.name == "Carl Berg"


def test_stray_mark_inside_a_paragraph_loses_only_one_quote() -> None:
    text = "He said “ and then “We will be back next year with more,” Ann Lee said."
    assert find(run(text), "We will be back next year with more,").speaker.name == "Ann Lee"


def test_quote_left_open_before_the_next_one_is_kept_with_its_speaker() -> None:
    # BBC copy: the writer forgot the closing mark before the next quotation opens, and `he said`
    # frames both as one would-be claim. The claim gives way to the long quotation; it must not take
    # the short one with it.
    later = (
        "If the court lets the firm get away with this, and exposes the confidences gained by these "
        "reporters, potential sources will be deterred from providing information to the media and the "
        "public will lose a vital outlet for independent news, analysis and commentary,"
    )
    text = (
        '"Rather than facing the question head-on, the firm goes to the providers," said lawyer Kurt '
        f'Opsahl. "This undermines a fundamental right that protects all reporters. "{later}" he said.'
    )
    statements = run(text)
    opened = find(statements, "This undermines a fundamental right that protects all reporters.")
    assert opened.kind == "quote" and opened.speaker.name == "Kurt Opsahl"
    assert find(statements, later).speaker.name == "Kurt Opsahl"
    assert not [s for s in statements if s.kind == "claim"]


def test_claim_is_the_reported_clause_only() -> None:
    text = "In a radio show, Ann Lee explained that she does not speak with them due to politics."
    s = find(run(text), "she does not speak with them due to politics")
    assert s.kind == "claim"
    assert s.context == text


def test_records_carry_ids_offsets_context_and_source() -> None:
    article = Article(
        text="Intro line.\n\n“We will win this race,” Ann Lee said.\n",
        source=Source(path="a.txt"),
        key="a.txt",
    )
    (s,) = extract(article)
    assert s.id == Statement.make_id(article.id, s.start, s.end)
    assert s.article_id == article.id
    assert s.source == article.source
    assert s.context == "“We will win this race,” Ann Lee said."
    assert Statement.from_dict(s.to_dict()) == s


def test_tokens_keep_their_offsets_across_unicode_spaces_and_periods() -> None:
    from quotefind.extract.segment import tokenize

    text = "Mr.\u00a0Lee\u2009said\u3000U.S. officials\x1cleft... J. Doe’s  “deal” -- ok."
    tokens = tokenize(text, 0, len(text))
    assert [t.text for t in tokens] == [
        "Mr.", "Lee", "said", "U.S.", "officials", "left", "...", "J.", "Doe’s", "“", "deal", "”", "--",
        "ok", ".",
    ]  # fmt: skip
    assert all(text[t.start : t.end] == t.text and t.low == t.text.lower() for t in tokens)
    # a window inside the text: no token reaches outside it, and `ok` loses its sentence period
    inner = tokenize(text, 4, len(text) - 1)
    assert [t.text for t in inner][:2] == ["Lee", "said"] and inner[-1].text == "ok"
    assert tokenize(text, 3, 4) == []  # a window of spaces has no tokens


def test_a_possessive_after_an_abbreviations_period_is_one_token() -> None:
    from quotefind.extract.segment import tokenize

    text = "B.C.'s top doctor and the U.S.’s envoy met Lee's aide; 'U.S.' s"
    tokens = tokenize(text, 0, len(text))
    assert [t.text for t in tokens] == [
        "B.C.'s",
        "top",
        "doctor",
        "and",
        "the",
        "U.S.’s",
        "envoy",
        "met",
        "Lee's",
        "aide",
        ";",
        "'",
        "U.S.",
        "'",
        "s",
    ]  # fmt: skip  (a closing mark then a word apart is no possessive)
    assert all(text[t.start : t.end] == t.text and t.low == t.text.lower() for t in tokens)


# One quotation interrupted by its own attribution is one statement (PolNeAR's unit) whose text is the
# speaker's words only: its `parts` are the pieces, joined by one space; start-end runs from the first
# piece to the last. (text, statements' texts in order, speaker of the first)
INTERRUPTED_QUOTES = [
    (
        "“We will build the bridge,” Ann Lee said. “It will open next year.”",
        ["We will build the bridge, It will open next year."],
    ),
    (
        '"The budget is tight this year," Ann Lee, the mayor of Oslo, told reporters on Monday. '
        '"We cut where we can."',
        ["The budget is tight this year, We cut where we can."],
    ),
    # the second piece has a speaker of its own: two statements
    (
        "“We will build the bridge,” Ann Lee said. “It will never open,” Bob Stone said.",
        ["We will build the bridge,", "It will never open,"],
    ),
    # the attribution comes first: nothing interrupts the quotations, which stay apart
    (
        "Ann Lee said: “We will build the bridge soon.” Later she added more. “It opens in May, on time.”",
        ["We will build the bridge soon.", "It opens in May, on time."],
    ),
    # nothing but marks between two pieces: one quotation
    (
        "Ann Lee said: “We will build the bridge soon.” “It opens in May, on time.”",
        ["We will build the bridge soon. It opens in May, on time."],
    ),
    # a new paragraph is a new statement
    (
        "“We will build the bridge,” Ann Lee said.\n\n“It will open next year, in May.”",
        ["We will build the bridge,", "It will open next year, in May."],
    ),
]


@pytest.mark.parametrize(("text", "texts"), INTERRUPTED_QUOTES)
def test_quotation_interrupted_by_its_attribution_is_one_statement(text: str, texts: list[str]) -> None:
    statements = [s for s in run(text) if s.kind == "quote"]
    assert [s.text for s in statements] == texts
    assert statements[0].speaker.name == "Ann Lee"
    for s in statements:
        assert s.text == " ".join(text[p.start : p.end] for p in s.pieces)
        assert (s.pieces[0].start, s.pieces[-1].end) == (s.start, s.end)
        assert all(a.end < b.start for a, b in zip(s.pieces, s.pieces[1:], strict=False))
    joined = [s for s in statements if len(s.parts) > 1]
    assert all(text[p.start : p.end] in s.text and "said" not in s.text for s in joined for p in s.parts)


def test_one_cue_shared_by_both_pieces_of_a_quotation() -> None:
    text = "“The faster we move on this,” he said, “the better off the town will be.” Ann Lee leads it."
    statements = [s for s in run(text) if s.kind == "quote"]
    assert [s.text for s in statements] == ["The faster we move on this, the better off the town will be."]
    pieces = [text[p.start : p.end] for p in statements[0].parts]
    assert pieces == ["The faster we move on this,", "the better off the town will be."]


# (text, statements' texts): the words after a quotation's cue are detail, not a claim of their own
QUOTE_ATTRIBUTION_TAILS = [
    (
        "“We will not raise taxes this year,” Ann Lee said in an interview with the local radio station.",
        ["We will not raise taxes this year,"],
    ),
    (
        "“We will not raise taxes this year,” Ann Lee told supporters at a rally in the old harbour town.",
        ["We will not raise taxes this year,"],
    ),
    (
        "“We will not raise taxes this year,” Ann Lee said when asked about the budget of the town.",
        ["We will not raise taxes this year,"],
    ),
    # a clause of its own after `that` stays
    (
        "Ann Lee said that the budget is balanced, “and we will not raise taxes this year.”",
        ["the budget is balanced, “and we will not raise taxes this year.”"],
    ),
]


@pytest.mark.parametrize(("text", "texts"), QUOTE_ATTRIBUTION_TAILS)
def test_attribution_detail_after_a_quotation_is_no_claim(text: str, texts: list[str]) -> None:
    assert [s.text for s in run(text)] == texts


def test_cue_after_a_finished_quoted_sentence_starts_a_sentence_of_its_own() -> None:
    text = (
        "Ann Lee says Bob Stone “has a long record of building bridges.” "
        "She warns that the new mayor would “drive the town into debt.”"
    )
    statements = run(text)
    first = find(statements, "has a long record of building bridges.")
    assert first.cue == "says"
    second = find(statements, "the new mayor would “drive the town into debt.”")
    assert second.cue == "warns" and second.kind == "claim"
    # a quotation ending with a full stop still takes a plain attribution after it
    text = "“We are done with this town.” Ann Lee said on Monday."
    assert find(run(text), "We are done with this town.").speaker.name == "Ann Lee"


# A stance verb's or a transitive verb of saying's object may be short; a bare word is not an object.
# (text, statements' texts)
SHORT_OBJECTS = [
    ("Ann Lee endorsed Bob Stone.", ["Bob Stone"]),
    ("Ann Lee opposed the bill.", ["the bill"]),
    ("The council criticized the plan, saying it costs too much.", ["the plan", "it costs too much"]),
    ("Ann Lee hopes his new plan will pass the council.", ["his new plan will pass the council"]),
    ("Ann Lee thinks both sides will agree soon.", ["both sides will agree soon"]),
    ("The old mayor talked enough.", []),
    ("It is an otherwise challenging landscape.", []),
]


@pytest.mark.parametrize(("text", "texts"), SHORT_OBJECTS)
def test_short_objects_of_stance_verbs(text: str, texts: list[str]) -> None:
    assert [s.text for s in run(text)] == texts


# Where a reported clause or a stance verb's object ends. (text, statements' texts)
CLAUSE_ENDS = [
    # an aside about the last noun ends the clause ...
    (
        "Ann Lee said the police had questioned Bob Stone, who ran the shop for ten years.",
        ["the police had questioned Bob Stone"],
    ),
    # ... unless a second comma closes it inside the clause
    (
        "Ann Lee said the meeting, which was held in May, was useful for both towns.",
        ["the meeting, which was held in May, was useful for both towns"],
    ),
    # `and` before a new speaker and their cue ends the clause; `and` inside a subject does not
    (
        "Ann Lee said the vote was fair and other leaders said it was rigged.",
        ["the vote was fair", "it was rigged"],
    ),
    (
        "Ann Lee said the bridge and the road would open in May.",
        ["the bridge and the road would open in May"],
    ),
    # a long aside between two dashes stays inside the clause
    (
        "Ann Lee said the new bridge - which will cost the town a great deal of money over many long "
        "years - will open in May.",
        [
            "the new bridge - which will cost the town a great deal of money over many long years - will "
            "open in May"
        ],
    ),
    # a stance verb's object ends at a comma or where the subject goes on with another verb
    ("The court rejected both objections, ruled on the case and left.", ["both objections"]),
    (
        "Ann Lee endorsed the new mayor and called for calm in the town.",
        ["the new mayor", "calm in the town"],
    ),
]


@pytest.mark.parametrize(("text", "texts"), CLAUSE_ENDS)
def test_where_a_reported_clause_ends(text: str, texts: list[str]) -> None:
    assert [s.text for s in run(text)] == texts


# `According to X` after a dash or a quotation, and speakers described by a relative clause.
# (text, statement text, speaker name, speaker role)
ACCORDING_TO = [
    (
        "Two candidates would beat the front-runner, according to a new poll that shows voters dislike her.",
        "Two candidates would beat the front-runner",
        "a new poll",
        None,
    ),
    (
        "The bridge was closed for repairs, according to several engineers who have seen the plans.",
        "The bridge was closed for repairs",
        None,
        "engineers",  # (what follows `who` describes the source: see `_SOURCE_DETAIL`)
    ),
    (
        "The town had 115 thefts — including two at the bank — according to figures from the police.",
        "The town had 115 thefts — including two at the bank",
        None,
        "figures from the police",
    ),
    (
        "Ann Lee met her counterpart “to discuss the response to the flood,” according to a readout.",
        "Ann Lee met her counterpart “to discuss the response to the flood,”",
        None,
        "readout",
    ),
]


@pytest.mark.parametrize(("text", "content", "name", "role"), ACCORDING_TO)
def test_according_to_after_dashes_and_quotations(
    text: str, content: str, name: str | None, role: str | None
) -> None:
    s = find(run(text), content)
    assert (s.speaker.name, s.speaker.role) == (name, role)


def test_a_relative_clause_does_not_hide_a_named_speaker() -> None:
    s = find(run("Ann Lee, who leads the party, said the vote was fair."), "the vote was fair")
    assert s.speaker.name == "Ann Lee"


# Cue nouns after a possessive: the owner speaks, the noun's complement is the content.
# (text, statement text, speaker name, cue)
NOUN_CUE_CLAIMS = [
    (
        "The clerk laughed at Bob Stone's claims that his farm is worth a fortune.",
        "his farm is worth a fortune",
        "Bob Stone",
        "claims that",
    ),
    ("Ann Lee met the press. Lee’s criticism of the plan was sharp.", "the plan", "Ann Lee", "criticism of"),
    (
        "Ann Lee said the town is broke. Her support for the new deal was clear.",
        "the new deal",
        "Ann Lee",
        "support for",
    ),
]


@pytest.mark.parametrize(("text", "content", "name", "cue"), NOUN_CUE_CLAIMS)
def test_cue_nouns_after_a_possessive(text: str, content: str, name: str, cue: str) -> None:
    s = find(run(text), content)
    assert (s.speaker.name, s.cue, s.kind) == (name, cue, "claim")


@pytest.mark.parametrize(
    "text",
    [
        "The company’s plans to build a road were approved in May.",  # no name owns the plans
        "The claims that the farm is worth a fortune were wrong.",  # no owner at all
        "Ann Lee’s support was welcome in the town.",  # no content after the noun
    ],
)
def test_cue_nouns_without_an_owner_or_content(text: str) -> None:
    assert run(text) == []


# Verbs of stance and cognition that report a position; forms that are mostly nouns cue no claim.
STANCE_AND_COGNITION = [
    ("Ann Lee thanked the volunteers for their work.", "the volunteers for their work", "thanked"),
    ("Ann Lee realized the bridge would never open.", "the bridge would never open", "realized"),
    ("Ann Lee downplayed the risk of a flood.", "the risk of a flood", "downplayed"),
]


@pytest.mark.parametrize(("text", "content", "cue"), STANCE_AND_COGNITION)
def test_stance_and_cognition_verbs(text: str, content: str, cue: str) -> None:
    s = find(run(text), content)
    assert (s.speaker.name, s.cue, s.kind) == ("Ann Lee", cue, "claim")


@pytest.mark.parametrize(
    "text",
    [
        "Terror attacks in the capital shook the whole country last year.",
        "Key issues facing the town include roads and schools.",
        "Ann Lee felt tired after the long and difficult meeting.",
        "The mayor took a speaking slot at the annual dinner of the guild.",
    ],
)
def test_forms_that_are_mostly_nouns_cue_no_claim(text: str) -> None:
    assert run(text) == []


# `made (it) clear` and `reminded X that` report what their subject says.
MADE_CLEAR = [
    ("Ann Lee made clear that she will run again.", "she will run again", "made clear"),
    ("Ann Lee made it clear she will run again next year.", "she will run again next year", "made it clear"),
    ("Ann Lee reminded voters that the vote is on Monday.", "the vote is on Monday", "reminded"),
]


@pytest.mark.parametrize(("text", "content", "cue"), MADE_CLEAR)
def test_made_clear_and_reminded(text: str, content: str, cue: str) -> None:
    s = find(run(text), content)
    assert (s.speaker.name, s.cue) == ("Ann Lee", cue)


def test_made_without_clear_is_no_cue() -> None:
    assert run("Ann Lee made a cake for the party and it was clear to all.") == []


def test_apposition_with_an_abbreviation_before_a_tell_verb() -> None:
    text = "Sen. Ann Lee, R-Ky., told the radio that the polls could be wrong this time."
    statements = run(text)
    assert [(s.text, s.speaker.name) for s in statements] == [
        ("the polls could be wrong this time", "Ann Lee")
    ]


def test_any_participle_of_a_cue_after_a_comma_shares_the_subject() -> None:
    text = "Ann Lee is rushing to build a dike, fearing that the river could flood the town."
    s = find(run(text), "the river could flood the town")
    assert (s.speaker.name, s.cue) == ("Ann Lee", "fearing")


def test_stance_inside_any_earlier_claim_stays_part_of_it() -> None:
    text = (
        "Ann Lee said she would like a new bridge to be built but supports the old plan because "
        "it costs less."
    )
    texts = [s.text for s in run(text)]
    assert texts[0].startswith("she would like a new bridge")
    assert not [t for t in texts if t.startswith("the old plan")]


def test_stance_object_ends_before_a_when_clause() -> None:
    s = find(run("Ann Lee called Bob Stone a fraud when the vote was over."), "Bob Stone a fraud")
    assert (s.speaker.name, s.cue) == ("Ann Lee", "called")


# After a tell-verb and its hearer, `about`/`of` opens the topic, which is the content.
TOPICS = [
    ("Ann Lee warned of a flood in the old town.", "a flood in the old town", "warned"),
    ("Ann Lee told the council about the plan for the bridge.", "the plan for the bridge", "told"),
]


@pytest.mark.parametrize(("text", "content", "cue"), TOPICS)
def test_topic_after_a_tell_verb(text: str, content: str, cue: str) -> None:
    s = find(run(text), content)
    assert (s.speaker.name, s.cue) == ("Ann Lee", cue)


# Headlines `Name: words` and `In the poll, C`: the name or the document speaks.
# (text, statement text, speaker name, speaker role)
HEADLINES = [
    ("Ann Lee: The New Bridge Will Open Next Year", "The New Bridge Will Open Next Year", "Ann Lee", None),
    (
        "Poll: Lee and Stone hold narrow leads in the town.",
        "Lee and Stone hold narrow leads in the town",
        "Poll",
        None,
    ),
    (
        "In the latest poll, Ann Lee leads Bob Stone by ten points.",
        "Ann Lee leads Bob Stone by ten points",
        "the latest poll",
        None,
    ),
]


@pytest.mark.parametrize(("text", "content", "name", "role"), HEADLINES)
def test_headline_speakers(text: str, content: str, name: str, role: str | None) -> None:
    s = find(run(text), content)
    assert (s.speaker.name, s.speaker.role, s.kind) == (name, role, "claim")


@pytest.mark.parametrize(
    "text",
    [
        "Note: the bridge will be closed on Monday and Tuesday.",  # a label, not a speaker
        "The list was long: roads, schools and bridges.",  # a colon inside a sentence
        "In Oslo, Ann Lee leads Bob Stone by ten points.",  # a place, not a document
        "Photo: Ann Lee at the bridge on its opening day.",
    ],
)
def test_not_headline_speakers(text: str) -> None:
    assert run(text) == []


# Title Case headlines: a capitalised verb of saying in -s between capitalised words is a cue (a
# headline's stance verb reports no stance: see the pattern table's `Blair rejects Tory terror offer`).
TITLE_CASE = [
    ("Ann Lee Says New Bridge Will Open In May", "New Bridge Will Open In May", "Says"),
    ("Ann Lee Predicts Bob Stone Will Lose The Vote", "Bob Stone Will Lose The Vote", "Predicts"),
]


@pytest.mark.parametrize(("text", "content", "cue"), TITLE_CASE)
def test_title_case_headline_verbs(text: str, content: str, cue: str) -> None:
    s = find(run(text), content)
    assert (s.speaker.name, s.cue) == ("Ann Lee", cue)


@pytest.mark.parametrize(
    "text",
    [
        "The State Secretary met the Prime Minister in Oslo.",  # no verb form in -s
        "Ann Lee Said Nothing",  # only present-tense headline verbs
        "Ann Lee. Says Bob.",  # not between two capitalised words of one headline
    ],
)
def test_capitalised_words_that_are_no_headline_verbs(text: str) -> None:
    assert run(text) == []


@pytest.mark.parametrize(
    "text", ["A A A A:", "In the poll,", "Lee Says", "Ann Lee’s claims that", "He made it clear"]
)
def test_new_rules_at_the_end_of_a_text(text: str) -> None:
    assert run(text) == []


def test_a_text_too_long_to_track_names_in_resolves_pronouns_without_failing() -> None:
    # Past MAX_TRACKED characters names are not tracked (an empty scan): a pronoun's search for the
    # sentence before must not index past that empty text.
    from quotefind.extract.speakers import MAX_TRACKED

    paras: list[str] = []
    while sum(map(len, paras)) <= MAX_TRACKED:
        paras.append(
            f"Ann Lee met the board on Monday.\n\n\u201cWe agreed on item {len(paras)},\u201d she said.\n\n"
        )
    statements = run("".join(paras))
    assert [st.text for st in statements] == [f"We agreed on item {k}," for k in range(len(paras))]
