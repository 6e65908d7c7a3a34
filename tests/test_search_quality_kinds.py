"""The query kinds of bench/queries_news.jsonl over a real index in tmp_path: a remembered sentence
must not match on its one or two rare words, keywords may stand anywhere in a statement; and the
news query set stays valid (well-formed, every expectation in its article)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotefind.search import fold

from .clirun import jsonl, run
from .conftest import ROOT
from .test_search_calibrated import build

FEAR = "the only thing we have to fear is fear itself"

#: Everyday statements, so that function words are common in the index and content words rare.
FILLER = [
    f"Speaker {i}||The {word} of the council is on the agenda and we have to talk about it this week."
    for i, word in enumerate(
        "budget roads parks schools water housing buses libraries taxes police parking bridges".split()
    )
]

LONG = (
    "I understand why the Tories will be gunning for him because they like his campaigning skills. "
    "What I understand less is why the BBC should be joining in. In my experience of these things, "
    "parties which shout about dirty tricks and the like tend to do so because they fear the result "
    "and it is not a good sign for them at all, whatever they say on the doorstep this spring."
)

CRUZ = (
    "I am greatly honored by the endorsement of Senator Cruz. We have fought the battle and he was "
    "a tough and brilliant opponent. I look forward to working with him for many years."
)


@pytest.fixture
def index(index_dir: Path) -> Path:
    lines = [
        *FILLER,
        f"Alastair Brown||{LONG}",
        "Ben Cohen||his fellow front-row colleagues have nothing to fear",
        f"Donald Trump||{CRUZ}",
        "Mary Field||We do not talk enough, but as much as possible with our neighbours.",
    ]
    return build(index_dir, {"news/a.txt": lines})


def test_a_remembered_sentence_does_not_match_on_its_rare_words(index: Path) -> None:
    # `thing` (as `things`) and `fear` stand 14 words apart in LONG; `nothing` is a near miss of
    # `thing` in the short one: neither is what the sentence says.
    result = run("search", FEAR, "-f", "jsonl")
    assert result.exit_code == 1, [(h["score"], h["text"][:40]) for h in jsonl(result.stdout)]
    assert result.stdout == ""


def test_keywords_may_stand_anywhere_in_a_statement(index: Path) -> None:
    # Who + what with two words 19 words apart: keywords, not a sentence.
    hits = jsonl(run("search", "Trump brilliant greatly", "-f", "jsonl").stdout)
    assert hits and hits[0]["text"] == CRUZ
    # Every word is there (the name as the speaker's): the close band, not a related hit.
    assert hits[0]["score"] >= 80


def test_a_remembered_sentence_still_finds_its_paraphrase(index: Path) -> None:
    hits = jsonl(run("search", "we don't talk enough but as much as we can", "-f", "jsonl").stdout)
    assert hits and hits[0]["speaker"]["name"] == "Mary Field"
    assert hits[0]["score"] >= 80


NEWS_QUERIES = ROOT / "bench" / "queries_news.jsonl"
NEWS_STYLES = {"who_what", "role", "interrupted", "half", "negative"}


def load_news() -> list[dict]:
    return [
        json.loads(line) for line in NEWS_QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def test_news_query_set_is_well_formed() -> None:
    queries = load_news()
    assert len({q["id"] for q in queries}) == len(queries)
    for style in NEWS_STYLES:
        assert sum(1 for q in queries if q["style"] == style) >= 10, style
    for q in queries:
        assert q["style"] in NEWS_STYLES and q["query"], q["id"]
        if q["style"] == "negative":
            assert "expect" not in q, q["id"]
            continue
        assert set(q["expect"]) == {"path", "text"}, q["id"]
        # Written on articles the ranking was not tuned on.
        assert q["expect"]["path"].startswith(("ggt-dev/", "polnear/dev/")), q["id"]


def test_news_expectations_are_in_their_articles(shared: Path) -> None:
    def squeeze(text: str) -> str:
        return " ".join(fold(text).split())

    for q in load_news():
        if "expect" in q:
            text = (shared / "corpora" / q["expect"]["path"]).read_text(encoding="utf-8")
            assert squeeze(q["expect"]["text"]) in squeeze(text), q["id"]
