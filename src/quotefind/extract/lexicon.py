"""Rules as data: cue verbs, titles, role nouns, pronouns, quote marks and organisation words."""

from __future__ import annotations

# The tables are data, laid out for reading: one entry per line would hide them.
# fmt: off


def _forms(*lemmas: str) -> frozenset[str]:
    """Expand `say:said,says,saying`-style entries (or regular verbs) into their word forms."""
    out: set[str] = set()
    for entry in lemmas:
        lemma, _, irregular = entry.partition(":")
        out.add(lemma)
        if irregular:
            out.update(irregular.split(","))
            continue
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        out.update({lemma + "s", stem + "ed", stem + "ing"})
        if lemma.endswith("y") and lemma[-2] not in "aeiou":
            out.update({lemma[:-1] + "ies", lemma[:-1] + "ied"})
    return frozenset(out)


#: Verbs that introduce reported speech or a stated position, with all their forms.
#: Irregular ones list their forms after a colon.
SPEECH_VERBS: frozenset[str] = _forms(
    "say:said,says,saying",
    "tell:told,tells,telling",
    "write:wrote,writes,writing,written",
    "explain", "argue", "add", "admit:admits,admitted,admitting", "warn", "announce", "state", "claim",
    "believe", "insist", "note", "suggest", "predict", "acknowledge", "report", "reveal", "confirm",
    "deny:denies,denied,denying", "contend", "maintain", "assert", "declare", "stress", "emphasize",
    "emphasise", "complain", "recall", "testify:testifies,testified,testifying", "tweet", "allege",
    "concede", "promise", "vow", "pledge", "observe", "remark", "reply:replies,replied,replying",
    "respond", "counter", "conclude", "caution", "agree", "estimate", "charge", "boast", "assure",
    "inform", "indicate", "hint", "signal", "point", "reiterate", "repeat", "demand", "propose",
    "recommend", "question", "lament", "concur", "worry:worries,worried,worrying", "fear", "hope",
    "think:thought,thinks,thinking", "feel:felt,feels,feeling", "expect", "express", "ask", "urge",
    "accuse", "criticize", "criticise", "describe", "mention", "acknowledge", "disclose", "posit",
    "speculate", "theorize", "brag", "joke", "quip:quips,quipped,quipping", "muse", "recount",
    "retort", "snap:snaps,snapped,snapping", "shout", "cry:cries,cried,crying", "whisper", "remind",
    "chant", "yell", "scream",
) | {"commented"}  # (`comment`, `comments` are mostly nouns: `Ryan's comments came ...`)

#: Verbs of stance and action that PolNeAR-style attribution counts as claims (`X endorsed Y`,
#: `X called for Y`); cues for claims only, never for quotations. Base forms that are mostly nouns or
#: adverbs (`back`, `view`, `call`) are left out, and so are verbs of deciding, seeing and seeming
#: (`declined to comment`, `decided to leave`, `saw the car`, `appeared to work`, `voted for`): they
#: report what someone did or what something looked like, not what anyone said or holds.
STANCE_VERBS: frozenset[str] = _forms(
    "call", "endorse", "support", "seek:sought,seeks,seeking", "refuse",
    "refer:refers,referred,referring", "want", "offer", "praise", "defend", "cite", "reject", "attack",
    "plan:plans,planned,planning", "oppose", "back", "consider", "dismiss", "blast", "blame", "denounce",
    "mock", "discuss", "echo:echoes,echoed,echoing", "view", "slam:slams,slammed,slamming", "hail",
    "applaud", "condemn", "welcome", "challenge", "dispute", "threaten", "criticize", "accuse", "tout",
    "champion", "embrace", "decry:decries,decried,decrying", "lambast", "ridicule", "question", "doubt",
    "vow", "pledge", "promise", "favor", "favour", "prefer:prefers,preferred,preferring",
    "sign", "post", "issue", "push", "focus", "order", "speak:spoke,speaks,speaking,spoken",
    "talk", "recognize", "acknowledge", "celebrate", "lament", "mention",
    "thank", "request", "encourage", "accept", "portray", "retweet", "bemoan", "assail", "laud",
    "commend", "deride", "disparage", "downplay", "advocate", "ignore", "deem", "wonder", "realize",
    "realise", "learn", "remember", "understand", "imagine", "suspect", "assume", "anticipate", "intend",
    "trumpet", "applaud", "rebuke", "reaffirm", "recommend", "favor", "favour",
) - {"back", "view", "call", "plan", "welcome", "challenge", "question", "doubt", "favor", "favour",
     "champion", "champions"}  # (`UFC champion BJ Penn`: a title far more often than a verb)

#: Verbs of saying whose content may be a bare noun phrase (`criticized the plan`, `denied it`);
#: with the stance verbs, their object may be a word or two long.
OBJECT_SPEECH_VERBS: frozenset[str] = _forms(
    "criticize", "criticise", "accuse", "praise", "describe", "deny:denies,denied,denying", "confirm",
    "announce", "demand", "propose", "recommend", "question", "mention", "express", "acknowledge",
    "reveal", "disclose", "predict", "estimate", "urge", "promise", "pledge", "vow", "allege",
    "concede", "recall", "ask",
)

#: Nouns that report what their owner said, believes or backs (`Lee's claim that C`, `his support for
#: X`), with the words that may open their content. They are cues only after a possessive.
NOUN_CUES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("claim", "claims", "assertion", "assertions", "argument", "belief", "insistence", "contention",
         "allegation", "allegations", "accusation", "accusations", "warning", "warnings", "suggestion",
         "denial", "admission", "fear", "fears", "hope", "hopes", "view", "statement", "prediction"),
        ("that",),
    ),
    **dict.fromkeys(("criticism", "endorsement"), ("of",)),
    **dict.fromkeys(("support", "praise"), ("for", "of")),
    **dict.fromkeys(("attacks", "attack"), ("on",)),
    **dict.fromkeys(("opposition",), ("to",)),
    **dict.fromkeys(("call", "calls", "demand", "demands"), ("for", "that")),
    **dict.fromkeys(("pledge", "pledges", "promise", "promises", "vow", "vows"), ("to", "that")),
    **dict.fromkeys(("questions", "concerns", "complaints", "doubts"), ("about", "that")),
    **dict.fromkeys(("plan", "plans", "decision", "refusal", "intention"), ("to",)),
    **dict.fromkeys(("position", "positions", "views", "stance"), ("on",)),
}

#: Possessive pronouns with the subject pronoun of their owner (`his claim` is what he claims).
POSSESSIVE_PRONOUNS: dict[str, str] = {"his": "he", "her": "she", "their": "they", "its": "it"}

#: Cue forms that are more often nouns or idle verbs than reports in running text (`terror attacks`,
#: `the issues`, `speaking slot`, `I felt tired`): they never cue a claim (a quotation may still take them).
NOT_CLAIM_CUES: frozenset[str] = frozenset(
    {"attack", "attacks", "issue", "issues", "speak", "speaking", "remarks", "push", "vote",
     "felt", "thought"}
)

#: Capitalised words before a colon that are labels, not speakers (`Note: ...`, `Photo: ...`).
HEADLINE_LABELS: frozenset[str] = frozenset(
    {"note", "update", "updated", "photo", "photos", "related", "source", "sources", "watch", "read", "see",
     "correction", "here", "there", "this", "that", "the", "it", "also", "video", "listen", "follow",
     "subscribe", "image", "images", "credit", "caption", "warning", "breaking", "posted", "published",
     "email", "tel", "phone", "fax", "website", "date", "time", "location", "where", "when", "what", "why",
     "how", "who", "more", "editor's", "editor’s", "click", "share", "tags", "topics", "filed", "contact",
     "advertisement", "sponsored", "example", "answer", "question", "result", "results", "total",
     "bottom", "line", "rule", "step", "tip", "fact", "facts", "reason", "lesson", "problem"}
)

#: Labels that open a paragraph pointing to another story (`READ MORE: Lee says the bridge will open`):
#: its words are that story's headline, not a statement of this one.
LINK_LABELS: frozenset[str] = frozenset(
    {"read more", "more", "watch", "look", "listen", "earlier", "related", "relevant reading", "also read",
     "read also", "see also", "see", "video", "photos", "recommended", "trending", "popular", "latest",
     "must read", "don't miss", "don’t miss", "previously", "more coverage", "related story",
     "related stories"}
)  # fmt: skip

#: Forms of `make` that cue a statement in `made (it) clear that ...`.
MAKE_CLEAR: frozenset[str] = frozenset({"make", "made", "makes", "making"})

#: Forms of `post` that cue a statement only when a place online follows (`posted on Facebook`; not
#: `posted a loss`).
POSTED: frozenset[str] = frozenset({"posted", "posts"})
#: Words of an unnamed source's knowledge, and the prepositions after them that open no organisation
#: and no other subject (`people familiar with the matter`, `officials briefed on the talks`, `a source
#: close to Ann Lee`).
KNOWING: frozenset[str] = frozenset({"familiar", "briefed", "involved", "knowledgeable", "close"})
KNOWING_PREPOSITIONS: frozenset[str] = frozenset({"with", "on", "in", "to", "about", "of"})
#: Forms of `rule` that report a court's or a referee's finding only before `that` (`the judge ruled
#: on Friday that C`; not `ruled the country`, `ruled out a bid`; `rules` and `rule` are mostly nouns:
#: `new emissions rules that could ...`).
RULED: frozenset[str] = frozenset({"ruled", "ruling"})
#: Where words are posted online (`posted on Twitter`, `posted to her Instagram account`).
PLATFORMS: frozenset[str] = frozenset(
    {"twitter", "facebook", "instagram", "tiktok", "linkedin", "reddit", "youtube", "threads", "bluesky",
     "mastodon", "x", "snapchat", "telegram", "weibo", "social", "online", "website", "blog", "account",
     "feed", "page", "substack"}
)  # fmt: skip

#: Verbs that count as cues only when `that` follows (`maintains that`, not `maintain contact`).
THAT_ONLY: frozenset[str] = _forms(
    "maintain", "hold:held,holds,holding", "question", "point", "signal", "indicate", "hint", "hope",
    "fear", "expect", "worry:worries,worried,worrying", "agree", "charge", "counter", "repeat",
    "feel:felt,feels,feeling",
    "think:thought,thinks,thinking", "know:knew,knows,knowing,known", "mean:meant,means,meaning",
    "state",
) - {"stated", "stating"}  # (`the state`, `16 states` are nouns; `Phillips stated the ...` is not)

#: Auxiliaries and modals: one among the next words tells a clause (`about 20 people have ...`).
AUXILIARIES: frozenset[str] = frozenset(
    {"is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "can", "should", "may",
     "might", "must", "did", "do", "does"}
)  # fmt: skip

#: `add` as a cue (`he added that C`), which also makes more of things (`added a goal`, `add to the misery`).
ADD_VERBS: frozenset[str] = frozenset({"add", "adds", "added"})
#: Messages named with who sent them after `from` (`a statement from the hospital`).
FROM_HEADS: frozenset[str] = frozenset(
    {"statement", "release", "letter", "email", "memo", "notice", "message", "tweet"}
)
#: Participles of who has a document, not who wrote it (`documents obtained by CBC News`, `a memo seen
#: by Reuters`).
OBTAINED: frozenset[str] = frozenset({"obtained", "seen", "reviewed", "viewed", "acquired"})

#: Common nouns that end a programme's or outlet's name (`told BBC Radio 4's Today programme:`).
MEDIA_NOUNS: frozenset[str] = frozenset(
    {"programme", "program", "show", "newspaper", "paper", "radio", "channel", "station", "podcast",
     "magazine", "website", "network", "broadcaster"}
)  # fmt: skip

#: Of those, verbs of belief that take a bare clause (`many think Clinton will win`, `analysts agreed it
#: was a top-heavy plan`).
BELIEF_VERBS: frozenset[str] = _forms(
    "think:thought,thinks,thinking", "believe", "fear", "hope", "expect", "feel:felt,feels,feeling",
    "know:knew,knows,knowing,known", "worry:worries,worried,worrying", "agree",
)

#: Verbs whose content may be an infinitive (`declined to comment`, `urged voters to turn out`).
TO_VERBS: frozenset[str] = _forms(
    "decline", "refuse", "seek:sought,seeks,seeking", "want", "plan:plans,planned,planning", "vow",
    "pledge", "promise", "agree", "threaten", "ask", "urge", "decide", "try:tries,tried,trying", "hope",
    "expect", "offer", "intend", "vote", "push", "seem", "appear",
)

#: Verbs whose subject is usually a document or poll ("a new poll shows ...").
DOCUMENT_VERBS: frozenset[str] = _forms("show", "find:found,finds,finding", "read", "conclude", "suggest")

#: Of the speech verbs, those that take the hearer as an object before the content ("told Y that").
OBJECT_VERBS: frozenset[str] = _forms(
    "tell:told,tells,telling", "assure", "inform", "warn", "remind", "ask", "urge", "promise"
)

#: Forms that are nouns after a determiner, a possessive or a number (`his claims`, `16 states`).
NOUN_LIKE_FORMS: frozenset[str] = frozenset(
    {"claims", "reports", "notes", "remarks", "fears", "hopes", "demands", "estimates", "promises",
     "pledges", "questions", "charges", "signals", "hints", "points", "state", "report", "claim", "note",
     "remark", "fear", "hope", "demand", "estimate", "promise", "pledge", "question", "charge",
     "signal", "hint", "point", "counter", "tweet", "tweets", "cry", "joke", "jokes", "repeat", "boast",
     "attacks", "attack", "calls", "plans", "offers", "offer", "views", "doubts", "challenges", "threats",
     "support", "supports", "backs", "praise", "criticism", "defends", "refusal", "endorsement", "vows",
     "mocks", "slams", "blasts", "echoes", "states", "wants", "vote", "votes", "issue", "issues", "post",
     "posts", "order", "orders", "sign", "signs", "pledged", "focus", "push", "talk", "talks", "speech"}
)

#: Auxiliaries and adverbs that may stand between a subject and its cue ("The MoD further states").
BETWEEN_SUBJECT_AND_CUE: frozenset[str] = frozenset(
    {"has", "have", "had", "will", "would", "also", "further", "later", "then", "again", "previously",
     "recently", "once", "already", "still", "often", "repeatedly", "publicly", "privately", "even",
     "just", "did", "does", "do", "might", "may", "could", "should", "can", "not", "never",
     "reportedly", "allegedly", "flatly", "firmly", "quickly", "simply", "openly", "explicitly",
     "specifically", "frequently", "loudly", "bluntly", "subsequently", "initially",
     "originally", "separately", "elsewhere", "first", "now", "always", "only", "usually", "sometimes",
     "nevertheless", "seldom", "meanwhile", "however", "likewise", "been", "is", "was",
     "are", "were", "am"}
)

#: Words after a cue that belong to the attribution, not the content ("said on Sunday that").
CUE_TAIL_WORDS: frozenset[str] = frozenset(
    {"on", "in", "at", "to", "during", "after", "before", "last", "this", "yesterday", "today",
     "tonight", "earlier", "later", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
     "sunday", "week", "month", "year", "morning", "afternoon", "evening", "night", "recently", "also",
     "further", "again", "then", "repeatedly", "publicly", "privately", "told", "interview", "statement",
     "an", "a", "the", "email", "e-mail", "speech", "closing", "reporters", "journalists", "press",
     "conference", "briefing", "twitter", "facebook", "radio", "television", "tv", "show", "letter",
     "with", "via", "over", "phone", "telephone", "previous", "recent", "written", "by", "of", "his",
     "her", "their", "its", "new", "news", "times", "post", "cnn", "fox", "nbc", "abc", "cbs", "msnbc",
     "bbc", "high", "north", "associated", "ap", "reuters", "journal", "magazine", "network",
     "program", "programme", "op-ed", "blog", "posted", "message", "video", "remarks", "rally",
     "hearing", "debate", "event", "campaign", "appearance", "audience", "crowd", "supporters",
     "sunday's", "monday's", "tuesday's", "wednesday's", "thursday's", "friday's", "saturday's",
     "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december", "simply", "flatly", "bluntly", "quietly", "emphatically", "candidly", "stop",
     "town", "hall", "meeting", "forum", "summit", "ceremony", "dinner", "breakfast", "lunch", "fundraiser",
     "website", "podcast", "agency", "newspaper", "paper", "channel", "station", "broadcaster", "outlet",
     "daily", "court", "jury", "inquiry", "panel", "tribunal"}
)

#: Words that end a clause when walking back from a cue to find its subject.
CLAUSE_BREAKERS: frozenset[str] = frozenset(
    {"that", "and", "but", "or", "while", "because", "as", "when", "if", "although", "though", "since",
     "so", "which", "who", "whom", "where", "after", "before", "until", "unless", "whether", "than",
     "what", "how", "why", "once", "even", "also", "is", "was", "are", "were", "be", "been", "being",
     "to", "for", "with", "without", "about", "into", "from", "by", "over", "under", "on", "in", "not",
     "yet", "then", "there", "here", "this", "these", "those", "it's", "i", "we", "you"}
)

#: Participles after a document's noun that say when, how or by whom it came out (`a poll released
#: last week`): the noun heads a document, no verb of saying.
DOCUMENT_PARTICIPLES: frozenset[str] = frozenset(
    {"released", "published", "issued", "conducted", "obtained", "seen", "commissioned", "filed", "posted",
     "sent", "circulated", "presented", "unveiled", "prepared", "compiled", "carried"}
)  # fmt: skip

#: The days of the week, lower case.
WEEKDAYS: frozenset[str] = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)

#: Days, months and other time words: a capitalised run made of them (or ending in them) names a date,
#: not a person (`On Oct. 22`, `the Globe and Mail Thursday`).
DATE_WORDS: frozenset[str] = WEEKDAYS | frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
     "dec", "christmas", "easter", "day", "eve", "today", "yesterday", "tomorrow", "tonight", "morning",
     "afternoon", "evening", "night", "week", "weekend", "month", "year"}
)  # fmt: skip

#: Capitalised words that open a sentence or clause and never begin a person's name (`On Thursday`,
#: `When Denise`, `Unlike Al Mnajer`, `What I`): they are dropped from the front of a capitalised run.
NOT_NAME_WORDS: frozenset[str] = frozenset(
    {"on", "in", "at", "when", "what", "where", "whether", "unlike", "like", "after", "before", "but",
     "and", "or", "nor", "if", "as", "for", "while", "since", "despite", "during", "with", "without",
     "from", "by", "to", "of", "under", "over", "although", "though", "because", "so", "then", "now",
     "yet", "once", "until", "through", "about", "among", "between", "against", "i", "i'm", "i’m",
     "it", "it's", "it’s", "this", "that", "these", "those", "there", "here", "we", "they", "he", "she",
     "you", "his", "her", "their", "our", "its", "my", "your", "why", "how", "who", "which", "some",
     "many", "most", "all", "every", "each", "no", "not", "even", "also", "meanwhile", "however",
     "still", "earlier", "later", "last", "next", "according", "including", "asked", "thanks",
     "following", "both", "neither", "either", "only", "just", "more", "less", "instead",
     "article", "continued", "below", "above", "advertisement", "related", "read", "watch", "photo",
     "share", "click", "sign", "subscribe", "updated", "posted", "published", "copyright", "assuming",
     "considering", "regarding", "concerning", "having", "perhaps", "maybe", "indeed", "unless", "whereas",
     "whenever", "wherever", "whatever", "whoever"}
    | {f"{p}{a}{c}" for p in ("i", "we", "you", "they", "he", "she", "it", "there", "that")
       for a in ("'", "’") for c in ("d", "m", "ll", "ve", "re", "s")}  # `I’d`, `We’re`: a pronoun, no name
)  # fmt: skip

#: Subject pronouns with their gender (`m`, `f`, `n` for things and organisations, `p` for plural).
PRONOUNS: dict[str, str] = {
    "he": "m", "she": "f", "it": "n", "they": "p", "we": "p", "i": "x", "you": "x", "who": "x",
    "which": "n", "one": "x",
}

#: Honorifics: not part of a name, and they tell the gender where they can.
HONORIFICS: dict[str, str] = {
    "mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f", "sir": "m",
    "dame": "f", "lady": "f", "lord": "m", "dr": "", "dr.": "", "prof": "", "prof.": "", "madam": "f",
}

#: Words of titles and roles (lower case); a run of them before a name is the person's role.
TITLE_WORDS: frozenset[str] = frozenset(
    {"president", "vice", "prime", "minister", "secretary", "state", "deputy", "senator", "sen.", "sen",
     "gov.", "gov", "governor", "rep.", "rep", "del.", "representative", "congressman", "congresswoman",
     "admiral", "general", "gen.", "colonel", "col.", "lt.", "lieutenant", "major", "maj.", "captain",
     "capt.", "sergeant", "sgt.", "commander", "chief", "professor", "prof.", "dr.", "dr", "senior",
     "junior", "researcher", "director", "spokesman", "spokeswoman", "spokesperson", "judge", "justice",
     "mayor", "ambassador", "chairman", "chairwoman", "chair", "ceo", "executive", "defense", "defence",
     "foreign", "interior", "finance", "home", "chancellor", "commissioner", "border", "attorney",
     "district", "u.s.", "us", "former", "retired", "acting", "leader", "speaker", "sheriff", "officer",
     "analyst", "economist", "pastor", "reverend", "rev.", "bishop", "pope", "king", "queen", "prince",
     "princess", "emir", "sheikh", "ayatollah", "candidate", "nominee", "hopeful", "strategist",
     "pollster", "adviser", "advisor", "aide", "manager", "chairperson", "head", "founder", "editor",
     "correspondent", "reporter", "author", "lawyer", "rabbi", "imam", "father", "lawmaker",
     "delegate", "democrat", "republican", "democratic", "presidential", "shadow", "trade",
     "industry", "health", "education", "culture", "sports", "labour", "labor", "treasury", "energy",
     "environment", "transport", "agriculture", "development", "economy",
     "fellow", "scientist", "expert", "coach", "striker", "midfielder", "defender",
     "goalkeeper", "boss", "owner", "president-elect", "secretary-general", "opposition", "party", "mp",
     "mep", "msp", "am", "peer", "baroness", "baron", "lord", "lady",
     "sir", "dame", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "madam", "the",
     "premier", "councillor", "councilor", "coun.", "mpp", "mla", "detective", "det.", "inspector",
     "councilmember", "councilman", "councilwoman", "alderman", "assemblyman", "assemblywoman",
     "assemblymember", "legislator", "supervisor",
     "insp.", "superintendent", "supt.", "constable", "const.", "cst.", "corporal", "cpl.", "archbishop",
     "cardinal"}
)

#: Nouns that can head a role description ("the defense minister", "the senior researcher").
ROLE_NOUNS: frozenset[str] = frozenset(
    {"minister", "secretary", "president", "senator", "governor", "admiral", "general", "colonel",
     "professor", "researcher", "director", "spokesman", "spokeswoman", "spokesperson", "judge",
     "mayor", "ambassador", "chairman", "chairwoman", "chancellor", "commissioner", "leader", "speaker",
     "candidate", "nominee", "official", "officials", "source", "sources", "analyst", "economist",
     "expert", "experts", "adviser", "advisor", "aide", "aides", "manager", "chief", "head", "founder",
     "author", "lawyer", "attorney", "congressman", "congresswoman", "lawmaker", "lawmakers",
     "representative", "strategist", "pollster", "executive", "coach", "officer", "police",
     "prosecutor", "prosecutors", "scientist", "scientists", "researchers", "critics", "critic",
     "supporters", "opponents", "voters", "resident", "residents", "witnesses", "witness", "owner", "boss",
     "captain", "striker", "player", "star", "singer", "actor", "actress", "producer",
     "businessman", "billionaire", "mogul", "activist", "activists", "veteran", "diplomat",
     "diplomats", "observers", "insiders", "campaign", "reporter", "correspondent", "doctor",
     "doctors", "teacher", "student", "students", "survivor", "victim", "mother", "father",
     "daughter", "son", "wife", "husband", "spokesmen", "economists", "analysts", "team", "premier",
     "councillor", "councilor", "councilmember", "councilman", "councilwoman", "alderman",
     "assemblyman", "assemblywoman", "assemblymember", "legislator", "supervisor", "detective",
     "inspector", "constable", "superintendent", "bishop",
     "archbishop", "organiser", "organizer"}
)


def role_noun(low: str) -> bool:
    """Tell whether a lower-case word is a role noun or its plural (`spokesman`, `lawmakers`)."""
    return low in ROLE_NOUNS or (low[-1:] == "s" and low[:-1] in ROLE_NOUNS)

#: Words that make a capitalised run an organisation rather than a person.
ORG_HEADS: frozenset[str] = frozenset(
    {"ministry", "department", "council", "college", "institute", "university", "party", "commission",
     "agency", "committee", "forces", "headquarters", "times", "news", "post", "journal", "office",
     "government", "administration", "congress", "senate", "house", "parliament", "court", "bank",
     "fund", "group", "association", "union", "foundation", "corporation", "company", "inc", "inc.",
     "corp", "corp.", "ltd", "plc", "co.", "network", "press", "guard", "army", "navy", "force",
     "police", "service", "authority", "board", "bureau", "centre", "center", "campaign", "club",
     "league", "federation", "organisation", "organization", "secretariat", "nations", "reuters", "bbc",
     "cnn", "nato", "kremlin", "pentagon", "whitehouse", "fleet", "tribune",
     "herald", "telegraph", "guardian", "gazette", "magazine", "review", "daily", "weekly",
     "broadcasting", "television", "radio", "studio", "studios", "records", "airlines", "motors",
     "systems", "technologies", "labs", "media", "partners", "capital", "securities", "holdings",
     "international", "trust", "society", "alliance", "coalition", "movement", "front", "watch",
     "caucus", "delegation", "cabinet", "embassy", "consulate", "mission", "fbi", "cia", "nsa", "epa",
     "un", "eu", "imf", "who", "opec", "ap", "afp", "gop", "dnc", "rnc", "diocese", "archdiocese", "church"}
)

#: Nouns that make a phrase a document or a poll as speaker ("the white paper", "a new poll").
DOCUMENT_HEADS: frozenset[str] = frozenset(
    {"report", "paper", "study", "survey", "poll", "polls", "form", "document", "documents", "letter", "memo",
     "statement", "analysis", "research", "data", "figures", "records", "filing", "filings", "lawsuit",
     "complaint", "ruling", "indictment", "article", "editorial", "column", "book", "email", "emails",
     "tweet", "post", "video", "ad", "advertisement", "release", "website", "blog", "review", "audit",
     "assessment", "estimate", "estimates", "forecast", "projections", "plan", "proposal", "bill",
     "budget", "platform", "manifesto", "guidance", "guidelines", "regulations", "law", "constitution",
     "treaty", "agreement", "resolution", "transcript", "notes", "minutes", "interview", "speech",
     "statistics", "numbers", "count", "tally", "census", "index", "results", "findings"}
)

#: Acronyms that name organisations, with the expansion an article may spell out.
ACRONYMS: dict[str, str] = {
    "MoD": "Ministry of Defense",
    "MOD": "Ministry of Defence",
    "MFA": "Ministry of Foreign Affairs",
    "FT": "Financial Times",
    "NYT": "New York Times",
    "WSJ": "Wall Street Journal",
    "AP": "Associated Press",
    "FBI": "Federal Bureau of Investigation",
    "CIA": "Central Intelligence Agency",
    "DNC": "Democratic National Committee",
    "RNC": "Republican National Committee",
    "GOP": "Republican Party",
    "NUPI": "Norwegian Institute of International Affairs",
}

#: Lower-case words allowed inside a name between capitalised parts.
NAME_PARTICLES: frozenset[str] = frozenset(
    {"de", "van", "von", "bin", "bint", "al", "el", "der", "den", "da", "di", "du", "le", "la", "del",
     "della", "ter", "ten", "dos", "das", "y", "ibn", "abu", "st.", "mac", "o'"}
)

#: Words that end in a period without ending a sentence.
ABBREVIATIONS: frozenset[str] = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "sen", "gov", "rep", "st", "jr", "sr", "gen", "lt", "col", "capt",
     "sgt", "maj", "rev", "hon", "del", "no", "vs", "inc", "co", "corp", "ltd", "jan", "feb", "mar", "apr",
     "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "approx", "est", "dept",
     "univ", "assn", "bros", "adm", "cmdr", "pres", "supt", "det", "insp", "coun", "const", "cst", "cpl",
     "u.s", "u.k", "d.c", "u.n", "e.g", "i.e", "a.m", "p.m", "etc", "al", "fig", "op", "vol", "pp", "ca",
     "cf", "lbs", "oz"}
)

#: Quote-mark families: each mark with the closers it accepts. A mark may open, close, or both.
#: The straight marks and the NYT-style doubled apostrophe are symmetric; `‚`/`„` open low.
QUOTE_OPENERS: dict[str, str] = {
    # English opens with “ and closes with ” (or a straight mark or ’’: scraped copy); German „ with “
    "“": "”“\"’’",
    "„": "“”",
    "”": "”",  # Swedish style, and a common typo for the opener
    '"': '"”',
    "''": "''",
    "‘‘": "’’”",  # two single marks for one double (typeset copy): `‘‘We dedicate ...,’’ says`
    "‘’": "’’”",  # (and `‘’It’s not a good idea,’’` in wire copy)
    "’’": "’’”",
    "«": "»",
    "»": "«",
    "‹": "›",
    "›": "‹",
    "‘": "’",
    "’": "’",  # a typo for ‘, common enough in wire copy
    "‚": "‘’",
    "'": "'’",
}
#: The family of each mark: marks of one family are matched with each other; others nest inside.
QUOTE_FAMILY: dict[str, str] = {
    "“": "double", "”": "double", "„": "double", '"': "double", "''": "double", "‘‘": "double",
    "’’": "double", "‘’": "double",
    "«": "angle", "»": "angle", "‹": "single-angle", "›": "single-angle",
    "‘": "single", "’": "single", "‚": "single", "'": "single",
}

#: Dashes that introduce a speaker after a quote ("... ” — Name, role").
DASHES: frozenset[str] = frozenset({"—", "–", "-", "--", "―"})

#: Markers of a photo caption or credit; statements are never taken from inside them.
CAPTION_MARKERS: tuple[str, ...] = ("(Photo:", "(Foto:", "(Photo", "Photo:", "Foto:", "(Picture:",
"Photograph:")
# fmt: on

#: Countries and continents (one word, as news writes them): a place, never a company or an agency
#: (`China lent Russia $6bn ... the bank said` is no bank called China).
PLACES: frozenset[str] = frozenset(
    """afghanistan albania algeria angola argentina armenia australia austria azerbaijan bahrain
    bangladesh belarus belgium bolivia bosnia brazil britain bulgaria cambodia cameroon canada chad chile
    china colombia congo croatia cuba cyprus czechia denmark ecuador egypt england eritrea estonia
    ethiopia europe finland france georgia germany ghana greece guatemala guinea haiti honduras hungary
    iceland india indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya korea
    kosovo kuwait laos latvia lebanon liberia libya lithuania luxembourg madagascar malawi malaysia mali
    malta mexico moldova mongolia montenegro morocco mozambique myanmar namibia nepal netherlands
    nicaragua niger nigeria norway oman pakistan palestine panama paraguay peru philippines poland
    portugal qatar romania russia rwanda scotland senegal serbia singapore slovakia slovenia somalia
    spain sudan sweden switzerland syria taiwan tajikistan tanzania thailand tunisia turkey uganda
    ukraine uruguay uzbekistan venezuela vietnam wales yemen zambia zimbabwe africa asia america
    antarctica australasia ontario quebec alberta manitoba saskatchewan ottawa toronto montreal
    vancouver calgary edmonton winnipeg halifax london paris berlin moscow beijing tokyo washington
    brussels""".split()
)
