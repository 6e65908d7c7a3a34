"""Issue 15 through the CLI over real indexes in tmp_path: score bands and the default cut, who +
what, candidates that one rare word cannot hide, roles as news writes them, speakers ranked by how
much they said, verify that never denies an attested quote, and the query word cap (issue 14)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from quotefind.model import Article, Speaker, Statement
from quotefind.search import parse_query, speaker_score
from quotefind.search.query import MAX_PHRASE_WORDS, MAX_QUERY_WORDS
from quotefind.search.rank import band

from .clirun import jsonl, run
from .records import index_lines


def lines_extract(article: Article) -> Iterator[Statement]:
    """One statement per line `name|role|text` (empty name: no speaker resolved)."""
    start = 0
    for line in article.text.split("\n"):
        name, role, text = line.split("|")
        at = start + len(name) + len(role) + 2
        yield Statement(
            id=Statement.make_id(article.id, at, at + len(text)),
            kind="quote",
            text=text,
            speaker=Speaker(name=name or None, role=role or None),
            cue="said",
            source=article.source,
            start=at,
            end=at + len(text),
            article_id=article.id,
        )
        start += len(line) + 1


def build(location: Path, articles: dict[str, list[str]]) -> Path:
    """Index articles (path -> lines `name|role|text`), one commit each in the order given."""
    return index_lines(location, articles, lines_extract)


NEWS = [
    "Pete Simpson|head of threat laboratory|It's about outright criminality now,",
    "|reporter|Simpson said the criminal gangs of Eastern Europe wrote most of the programs.",
    "|reporter|Mr Simpson spoke about criminal records and about criminals in general.",
    "Jane Ploughman||We plough the fields and scatter the good seed on the land.",
    "Tom Harbour||The harbour fees went up twice last year and the fishermen are angry.",
    "Joshua Osagie||The fuel subsidy must go, and it must go this year.",
    "Mary Field|Sen.|The farm bill will pass the chamber before the recess.",
    "Ann Lee|Lt. Gov.|Our schools need more teachers and smaller classes.",
    "Lleyton Hewitt||It was a strange match with momentum swings.",
    "Patricia Hewitt||The health service budget will rise every year.",
    "|none|Our decisions mean more police, more teachers, more doctors and more nurses.",
    "Gordon Brown||We will not be diverted from these necessary changes.",
    "Ed Balls||This is a security issue for the whole country.",
]


@pytest.fixture
def news(index_dir: Path) -> Path:
    return build(index_dir, {"news/a.txt": NEWS})


# --- 1. the score's meaning and the default cut -------------------------------------------------


@pytest.mark.parametrize("query", ["xyzzy plugh frobnicate", "the only thing we have to fear is fear itself"])
def test_nonsense_and_absent_quotes_give_no_hits_and_exit_1(news: Path, query: str) -> None:
    result = run("search", query, "-f", "jsonl")
    assert result.exit_code == 1
    assert result.stdout == ""
    # Everything is still there for who asks: --min-score 0 shows the weak hits as before.
    shown = run("search", query, "--min-score", "0", "-f", "jsonl")
    assert shown.exit_code == 0
    assert all(band(h["score"]) == "weak" for h in jsonl(shown.stdout))


def test_found_quotes_keep_their_band(news: Path) -> None:
    verbatim = jsonl(run("search", "the harbour fees went up twice", "-f", "jsonl").stdout)
    assert verbatim[0]["score"] == 100 and band(verbatim[0]["score"]) == "verbatim"
    typo = jsonl(run("search", "harbour fess went up twice last yaer", "-f", "jsonl").stdout)
    assert typo[0]["text"].startswith("The harbour fees") and band(typo[0]["score"]) == "close"
    assert run("search", "harbour fees", "--quiet").exit_code == 0


def test_every_hit_carries_its_band(news: Path) -> None:
    hits = jsonl(
        run("search", "harbour fess went up twice last yaer", "--min-score", "0", "-f", "jsonl").stdout
    )
    assert hits and all(h["band"] == band(h["score"]) for h in hits)
    assert hits[0]["band"] == "close"
    weak = jsonl(run("search", "the only thing we have to fear", "--min-score", "0", "-f", "jsonl").stdout)
    assert weak and {h["band"] for h in weak} == {"weak"}
    assert jsonl(run("search", "the harbour fees went up twice", "--fields", "band").stdout) == [
        {"band": "verbatim"}
    ]
    csv_lines = run("search", "the harbour fees went up twice", "-f", "csv").stdout.splitlines()
    assert csv_lines[0].startswith("score,band,id,") and csv_lines[1].startswith("100.0,verbatim,")
    table = run("search", "harbour fess went up twice last yaer", "-f", "table").stdout
    assert "band" in table.splitlines()[1] and "close" in table
    # Hits go back into an index as statements: the band is not part of a statement.
    piped = run("search", "the harbour fees went up twice", "-f", "jsonl").stdout
    assert run("import", "-", "--index", str(news.parent / "copy"), input=piped).exit_code == 0


def test_bands() -> None:
    assert [band(s) for s in (100, 99.9, 80, 79.9, 65, 64.9, 0)] == [
        "verbatim",
        "close",
        "close",
        "related",
        "related",
        "weak",
        "weak",
    ]


# --- 2. who + what ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "speaker"),
    [
        ("Simpson criminality", "Pete Simpson"),
        ("Osagie subsidy", "Joshua Osagie"),
        ("senator farm bill", "Mary Field"),
    ],
)
def test_a_query_word_naming_the_speaker_counts_as_matching(news: Path, query: str, speaker: str) -> None:
    hits = jsonl(run("search", query, "-f", "jsonl").stdout)
    assert hits and hits[0]["speaker"]["name"] == speaker


# --- 3. candidates -----------------------------------------------------------------------------


def test_a_statement_with_most_of_the_query_is_reachable_when_every_word_is_common(index_dir: Path) -> None:
    # Each content word is in more statements than the "common" share, so before the fix only the
    # statements holding every word (none: `proper` is missing from the target) were fetched.
    words = ["immigrants", "come", "canada", "proper", "way"]
    filler = [f"|x|{words[i % 5]} and {words[(i + 1) % 5]} number {i}" for i in range(300)]
    target = "Ann Page||Immigrants have to come to Canada the right way, she said"
    build(index_dir, {"a.txt": [*filler[:150], target, *filler[150:]]})
    hits = jsonl(run("search", "immigrants have to come to canada the proper way", "-f", "jsonl").stdout)
    assert hits and hits[0]["text"].startswith("Immigrants have to come to Canada the right way")


def test_a_swapped_pair_of_letters_is_one_edit(news: Path) -> None:
    # `harbuor` is two Levenshtein edits from `harbour` (too many for a 7-letter word), one OSA edit.
    hits = jsonl(run("search", "harbuor", "-f", "jsonl").stdout)
    assert hits and hits[0]["text"].startswith("The harbour fees")


# --- 4. roles, ranking by statement count, several people ---------------------------------------


@pytest.mark.parametrize(
    ("pattern", "name"),
    [("the senator", "Mary Field"), ("Senator", "Mary Field"), ("lieutenant governor", "Ann Lee")],
)
def test_abbreviated_titles_match_their_full_words(news: Path, pattern: str, name: str) -> None:
    hits = jsonl(run("search", "--speaker", pattern, "-f", "jsonl").stdout)
    assert hits and {h["speaker"]["name"] for h in hits} == {name}


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("Sen.", "senator"),
        ("Rep.", "representative"),
        ("Gov.", "governor"),
        ("Lt. Gov.", "lieutenant governor"),
        ("Gen.", "general"),
        ("Supt.", "superintendent"),
        ("Insp.", "inspector"),
        ("Prof.", "professor"),
        ("Dr.", "doctor"),
        ("Rev.", "reverend"),
        ("Atty. Gen.", "attorney general"),
    ],
)
def test_role_abbreviations_both_ways(short: str, full: str) -> None:
    assert speaker_score(short, full) == 100
    assert speaker_score(full, short) == 100


def test_equally_matching_speakers_are_ranked_by_how_much_they_said(index_dir: Path) -> None:
    # Tony Brief's article comes first in source order; Tony Talker said five times as much.
    build(
        index_dir,
        {
            "a.txt": ["Tony Brief||One remark on the weather."],
            "b.txt": [f"Tony Talker||Remark number {i} on the budget." for i in range(5)],
        },
    )
    hits = jsonl(run("search", "--speaker", "Tony", "-n", "3", "-f", "jsonl").stdout)
    assert [h["speaker"]["name"] for h in hits] == ["Tony Talker"] * 3


def test_a_surname_of_several_people_is_noted_on_stderr(news: Path) -> None:
    result = run("search", "--speaker", "Hewitt", "-f", "jsonl")
    assert result.exit_code == 0
    assert "Lleyton Hewitt" in result.stderr and "Patricia Hewitt" in result.stderr
    assert all(json_line for json_line in jsonl(result.stdout))
    assert "several people" not in run("search", "--speaker", "Patricia Hewitt", "-f", "jsonl").stderr


# --- 5. verify never denies an attested quote ---------------------------------------------------


def test_verify_says_attested_with_speaker_unknown(news: Path) -> None:
    result = run("verify", "Our decisions mean more police", "--speaker", "Gordon Brown", "-f", "jsonl")
    assert result.exit_code == 1  # not confirmed as asked (documented), but not denied:
    verdict = jsonl(result.stdout)[0]
    assert verdict["status"] == "speaker_unknown" and verdict["wording"] == "verbatim"
    assert verdict["statement"]["text"].startswith("Our decisions mean more police")
    table = run("verify", "Our decisions mean more police", "--speaker", "Gordon Brown", "-f", "table")
    assert "ATTESTED, SPEAKER UNKNOWN" in table.stdout and "NOT FOUND" not in table.stdout


def test_verify_says_attested_by_another_speaker_and_whom(news: Path) -> None:
    result = run("verify", "This is a security issue", "--speaker", "Gordon Brown", "-f", "jsonl")
    assert result.exit_code == 1
    verdict = jsonl(result.stdout)[0]
    assert verdict["status"] == "other_speaker" and verdict["statement"]["speaker"]["name"] == "Ed Balls"
    table = run("verify", "This is a security issu", "--speaker", "Gordon Brown", "-f", "table").stdout
    assert "ATTESTED, OTHER SPEAKER" in table and "Ed Balls" in table
    assert run("verify", "This is a security issue", "--speaker", "Ed Balls", "--quiet").exit_code == 0
    assert jsonl(run("verify", "Aliens landed", "--speaker", "Ed Balls", "-f", "jsonl").stdout)[0][
        "status"
    ] == ("not_found")


# --- the word cap (issue 14) --------------------------------------------------------------------


def test_a_pasted_page_is_cut_to_the_word_cap(news: Path) -> None:
    page = " ".join(f"word{i}" for i in range(2000))
    parsed = parse_query(f'"{page}" {page}')
    assert len(parsed.phrases[0].split()) == MAX_PHRASE_WORDS
    assert len(parsed.phrases[0].split()) + len(parsed.words) <= MAX_QUERY_WORDS
    result = run("search", f'"the harbour fees went up twice" {page}', "-f", "jsonl")
    assert result.exit_code in (0, 1) and "Traceback" not in result.output
