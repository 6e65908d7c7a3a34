"""`quotefind search` and `quotefind speakers` as a user runs them: every stdout line parsed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotefind.cli import app

from .test_search import build_index

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


@pytest.fixture
def ix(index_dir: Path) -> Path:
    return build_index(index_dir)


def test_search_hits_carry_score_and_match_offsets(ix: Path) -> None:
    result = run("search", "comunication chanel", "-f", "jsonl")
    assert result.exit_code == 0
    hits = jsonl(result.stdout)
    assert hits[0]["text"].startswith("There was also agreement")
    for hit in hits:
        assert 0 <= hit["score"] <= 100
        start, end = hit["match"]
        assert 0 <= start <= end <= len(hit["text"])
    start, end = hits[0]["match"]
    assert "communication channel" in hits[0]["text"][start:end]


def test_search_speaker_option(ix: Path) -> None:
    hits = jsonl(run("search", "--speaker", "Soreide", "-f", "jsonl").stdout)
    assert hits and {h["speaker"]["name"] for h in hits} == {"Ine Eriksen Søreide"}


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (["--source", "nordic wire"], lambda h: h["source"]["publisher"] == "Nordic Wire"),
        (["--source", "city/*.txt"], lambda h: h["source"]["path"] == "city/harbour.txt"),
        (["--since", "2020-01"], lambda h: h["source"]["date"] >= "2020-01"),
        (["--until", "2020"], lambda h: h["source"]["date"] <= "2020-12-31"),
        (["--kind", "claim"], lambda h: h["kind"] == "claim"),
    ],
)
def test_search_filters(ix: Path, args: list[str], check) -> None:
    result = run("search", *args, "--limit", "100", "-f", "jsonl")
    assert result.exit_code == 0
    hits = jsonl(result.stdout)
    assert hits and all(check(h) for h in hits)


def test_min_score_can_leave_nothing_and_exit_1(ix: Path) -> None:
    assert run("search", "security polcy", "-f", "jsonl").exit_code == 0
    result = run("search", "security polcy", "--min-score", "99.5", "-f", "jsonl")
    assert result.exit_code == 1
    assert result.stdout == ""


def test_table_shows_statement_speaker_and_score(ix: Path) -> None:
    result = run("search", "we don't talk enough", "-f", "table")
    assert result.exit_code == 0
    assert "We do not talk enough" in result.stdout
    assert "Frank Bakke-Jensen" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "x", "--since", "last week"], "YYYY"),
        (["search", "x", "--until", "2021/03/04"], "YYYY"),
    ],
)
def test_search_errors(ix: Path, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_speakers_lists_counts_roles_and_aliases(ix: Path) -> None:
    result = run("speakers", "-f", "jsonl")
    assert result.exit_code == 0
    rows = {r["name"]: r for r in jsonl(result.stdout)}
    assert rows["Frank Bakke-Jensen"]["count"] == 2
    assert rows["Frank Bakke-Jensen"]["roles"] == ["defense minister"]
    assert rows["Frank Bakke-Jensen"]["orgs"] == ["Norwegian Ministry of Defense"]
    assert "the defense minister" in rows["Frank Bakke-Jensen"]["aliases"]
    assert "he" not in rows["Rune Andersen"]["aliases"]


@pytest.mark.parametrize(
    ("pattern", "names"),
    [
        ("Sergei", ["Sergey Lavrov"]),
        ("soreide", ["Ine Eriksen Søreide"]),
        ("bakke jensen", ["Frank Bakke-Jensen"]),
        ("state secretary", ["Audun Halvorsen", "Tone Skogen"]),
    ],
)
def test_speakers_pattern(ix: Path, pattern: str, names: list[str]) -> None:
    result = run("speakers", pattern, "-f", "jsonl")
    assert result.exit_code == 0
    assert sorted(r["name"] for r in jsonl(result.stdout)) == names


def test_speakers_pattern_without_match_exits_1(ix: Path) -> None:
    result = run("speakers", "Stoltenberg", "-f", "jsonl")
    assert result.exit_code == 1
    assert result.stdout == ""


def test_help_lists_verify_and_the_filters() -> None:
    top = run("--help")
    assert "verify" in top.stdout
    search_help = run("search", "--help").stdout
    for option in ("--speaker", "--kind", "--source", "--since", "--until", "--limit", "--min-score"):
        assert option in search_help
