"""`verify`: is a quote attested verbatim, as a close variant (with a word diff), or not at all?"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotefind.cli import app
from quotefind.errors import QueryError
from quotefind.model import Article, DiffOp, Verdict
from quotefind.pipeline import add_articles
from quotefind.search import verify

from .test_search import build_index, extra_articles, fake_extract

runner = CliRunner()
TALK = "We do not talk enough, but as much as possible. And we try to do more"


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_index(tmp_path_factory.mktemp("verify") / "index")


def changed(verdict: Verdict) -> list[tuple[str, str, str]]:
    return [(d.op, d.checked, d.attested) for d in verdict.diff if d.op != "equal"]


@pytest.mark.parametrize(
    "quote",
    [
        TALK,
        "we do not talk enough but as much as possible",  # case and punctuation aside
        "as much as possible",  # a fragment of the statement
        "This is a security issue",
        "dialogue with russia remains important for tromso",  # accents folded
    ],
)
def test_verbatim(ix: Path, quote: str) -> None:
    verdict = verify(ix, quote)
    assert verdict.status == "verbatim"
    assert verdict.found and verdict.score == 100
    assert verdict.statement is not None and verdict.match is not None
    attested = verdict.statement.text[verdict.match.start : verdict.match.end]
    assert attested.lower().replace(",", "").replace(".", "").startswith(quote.lower().replace(",", "")[:10])
    assert changed(verdict) == []


def test_variant_gives_a_word_diff_against_the_attested_wording(ix: Path) -> None:
    verdict = verify(ix, "We do not speak enough, but as much as possible")
    assert verdict.status == "variant"
    assert 70 <= verdict.score < 100
    assert verdict.statement is not None and verdict.statement.text == TALK
    assert changed(verdict) == [("replace", "speak", "talk")]
    assert verdict.statement.speaker.name == "Frank Bakke-Jensen"


def test_variant_with_missing_and_extra_words(ix: Path) -> None:
    verdict = verify(ix, "Norway has a really well-functioning dialogue with Russia in many areas")
    assert verdict.status == "variant"
    # The moved words show as gone from where the checker put them.
    assert changed(verdict) == [("delete", "really", ""), ("delete", "in many areas", "")]


def test_quote_marks_around_a_misquote_do_not_make_it_a_phrase(ix: Path) -> None:
    verdict = verify(ix, "“We do not speak enough”")
    assert verdict.status == "variant"
    assert changed(verdict) == [("replace", "speak", "talk")]
    assert verify(ix, '"This is a security issue."').status == "verbatim"


def test_contraction_is_a_close_variant(ix: Path) -> None:
    verdict = verify(ix, "we don't talk enough")
    assert verdict.status == "variant"
    assert verdict.score >= 90
    assert changed(verdict) == [("replace", "don't", "do not")]


@pytest.mark.parametrize(
    "quote",
    [
        "Aliens have landed in Oslo and demand herring",
        "We talk all the time and everything is fine",
    ],
)
def test_not_found(ix: Path, quote: str) -> None:
    verdict = verify(ix, quote)
    assert verdict.status == "not_found"
    assert not verdict.found
    assert verdict.score < 70


def test_speaker_restricts_what_counts_as_attested(ix: Path) -> None:
    assert verify(ix, "This is a security issue", speaker="Rune Andersen").status == "verbatim"
    # Issue 15: attested words are never denied; they are attested under another speaker.
    other = verify(ix, "This is a security issue", speaker="Tone Skogen")
    assert other.status == "other_speaker" and not other.found and other.attested
    assert other.statement is not None and other.statement.speaker.name == "Rune Andersen"
    assert verify(ix, "Aliens have landed in Oslo", speaker="Tone Skogen").status == "not_found"


def test_other_attestations_are_listed(index_dir: Path) -> None:
    build_index(index_dir)
    first = extra_articles()[0]
    # Another article (another text: a reprint with a line of its own) with the same words.
    reprint = Article(text="Reprinted.\n\n" + first.text, source=first.source, key="mirror/ministers.txt")
    add_articles(index_dir, [reprint], extract=fake_extract)
    verdict = verify(index_dir, "Our relations with Norway are pragmatic")
    assert verdict.status == "verbatim"
    assert len(verdict.also) == 1 and verdict.statement is not None
    assert verdict.also[0] != verdict.statement.id


def test_copies_of_one_text_are_one_statement_with_every_source(index_dir: Path) -> None:
    """Issue 15: a wire story in several files is one statement listing its copies, not 41 ids."""
    build_index(index_dir)
    first = extra_articles()[0]
    copies = [
        Article(text=first.text, source=replace(first.source, path=f"copy{i}.txt"), key=f"copy{i}")
        for i in range(40)
    ]
    add_articles(index_dir, copies, extract=fake_extract)
    verdict = verify(index_dir, "Our relations with Norway are pragmatic")
    assert verdict.status == "verbatim" and verdict.statement is not None and verdict.also == ()
    assert len(verdict.statement.all_sources) == 41
    assert verdict.to_dict()["statement"]["sources"][0] == verdict.to_dict()["statement"]["source"]


def test_empty_quote_is_an_error(ix: Path) -> None:
    with pytest.raises(QueryError):
        verify(ix, " ... ")


def test_verdict_wire_form_round_trips_through_json(ix: Path) -> None:
    verdict = verify(ix, "We do not speak enough")
    data = json.loads(json.dumps(verdict.to_dict()))
    assert data["status"] == "variant"
    assert data["statement"]["text"] == TALK
    start, end = data["match"]
    assert TALK[start:end] == "We do not talk enough"
    assert {"op": "replace", "checked": "speak", "attested": "talk"} in data["diff"]
    assert DiffOp("equal", "a", "a").to_dict() == {"op": "equal", "checked": "a", "attested": "a"}


# --- the command ------------------------------------------------------------------------------


@pytest.fixture
def cli_ix(index_dir: Path) -> Path:
    return build_index(index_dir)


def test_cli_verbatim_exits_0_with_one_json_line(cli_ix: Path) -> None:
    result = runner.invoke(app, ["verify", "This is a security issue.", "-f", "jsonl"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert data["status"] == "verbatim" and data["statement"]["speaker"]["name"] == "Rune Andersen"


def test_cli_variant_table_shows_the_diff_and_the_source(cli_ix: Path) -> None:
    result = runner.invoke(app, ["verify", "We do not speak enough, but as much as possible", "-f", "table"])
    assert result.exit_code == 0
    out = result.stdout
    assert "CLOSE VARIANT" in out
    assert "[-speak-]{+talk+}" in out
    assert "Frank Bakke-Jensen" in out
    assert "Little Contact between Norwegian and Russian Defense Authorities" in out


def test_cli_not_found_exits_1(cli_ix: Path) -> None:
    result = runner.invoke(app, ["verify", "Aliens have landed in Oslo", "-f", "jsonl"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["status"] == "not_found"
    table = runner.invoke(app, ["verify", "Aliens have landed in Oslo", "-f", "table"])
    assert table.exit_code == 1 and "NOT FOUND" in table.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["verify", "..."], "Nothing to verify"),
        (["verify"], "Missing argument"),
    ],
)
def test_cli_verify_errors(cli_ix: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr + result.stdout
    assert "Traceback" not in result.output


def test_cli_verify_without_index(index_dir: Path) -> None:
    result = runner.invoke(app, ["verify", "anything"])
    assert result.exit_code == 2
    assert "No index at" in result.stderr


def test_cli_verify_fields_quiet_and_csv(cli_ix: Path) -> None:
    picked = runner.invoke(app, ["verify", "We do not speak enough", "--fields", "status,statement.id"])
    assert picked.exit_code == 0
    row = json.loads(picked.stdout)
    assert row["status"] == "variant" and set(row) == {"status", "statement"}
    assert set(row["statement"]) == {"id"}
    quiet = runner.invoke(app, ["verify", "This is a security issue", "--quiet"])
    assert quiet.exit_code == 0 and quiet.stdout == ""
    assert runner.invoke(app, ["verify", "Aliens have landed", "--quiet"]).exit_code == 1
    table = runner.invoke(app, ["verify", "This is a security issue", "-f", "csv"])
    lines = table.stdout.splitlines()
    assert lines[0] == "status,score,text,statement.id,statement.text,match"
    assert lines[1].startswith("verbatim,100.0,This is a security issue,")
    cited = runner.invoke(app, ["verify", "This is a security issue", "-f", "cite"])
    assert cited.exit_code == 2 and "cannot be printed as cite" in cited.stderr


def test_reprints_are_listed_as_other_attestations(index_dir: Path) -> None:
    # Many copies of a story: they all attest the quote, however many wordings the search shows.
    build_index(index_dir)
    first = extra_articles()[0]
    reprints = [
        Article(text=f"Reprint {i}.\n\n{first.text}", source=first.source, key=f"copy{i}:{first.key}")
        for i in range(40)
    ]
    add_articles(index_dir, reprints, extract=fake_extract)
    verdict = verify(index_dir, "Our relations with Norway are pragmatic")
    assert verdict.status == "verbatim" and verdict.statement is not None
    assert len(verdict.also) == 40 and verdict.statement.id not in verdict.also
    assert (
        verify(index_dir, "Our relations with Norway are pragmatic", speaker="Søreide").status
        == "other_speaker"
    )
