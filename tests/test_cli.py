"""The CLI as a user runs it: CliRunner on a real index in tmp_path, every stdout line parsed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .clirun import jsonl, run
from .conftest import SEEDS


@pytest.fixture
def indexed(index_dir: Path) -> Path:
    result = run("index", str(SEEDS))
    assert result.exit_code == 0, result.output
    return index_dir


def test_index_reports_summary_and_is_idempotent(index_dir: Path) -> None:
    first = run("index", str(SEEDS))
    assert first.exit_code == 0
    assert "2 articles indexed" in first.stderr
    before = jsonl(run("search", "--limit", "1000", "--format", "jsonl").stdout)
    again = run("index", str(SEEDS))
    assert again.exit_code == 0
    after = jsonl(run("search", "--limit", "1000", "--format", "jsonl").stdout)
    assert sorted(h["id"] for h in after) == sorted(h["id"] for h in before)
    assert len({h["id"] for h in after}) == len(after) > 0


def test_search_finds_bakke_jensen_quote_first(indexed: Path) -> None:
    result = run("search", "we don't talk enough", "--format", "jsonl")
    assert result.exit_code == 0
    hits = jsonl(result.stdout)
    assert hits[0]["text"].startswith("We do not talk enough")
    assert 0 <= hits[-1]["score"] <= hits[0]["score"] <= 100


def test_speaker_filter_lists_only_that_speaker(indexed: Path) -> None:
    result = run("search", "--speaker", "bakke jensen", "--format", "jsonl")
    assert result.exit_code == 0
    hits = jsonl(result.stdout)
    assert hits
    assert all(h["speaker"]["name"] == "Frank Bakke-Jensen" for h in hits)


def test_kind_filter(indexed: Path) -> None:
    hits = jsonl(run("search", "--kind", "claim", "--limit", "100", "-f", "jsonl").stdout)
    assert hits and {h["kind"] for h in hits} == {"claim"}


def test_empty_query_lists_up_to_limit(indexed: Path) -> None:
    hits = jsonl(run("search", "--limit", "3", "-f", "jsonl").stdout)
    assert len(hits) == 3


def test_json_format_is_an_array(indexed: Path) -> None:
    result = run("search", "talk enough", "-f", "json")
    data = json.loads(result.stdout)
    assert isinstance(data, list) and data[0]["kind"] in {"quote", "claim"}


def test_table_format_shows_text(indexed: Path) -> None:
    result = run("search", "talk enough", "-f", "table")
    assert result.exit_code == 0
    assert "We do not talk enough" in result.stdout


def test_nothing_found_exits_1_with_empty_stdout(indexed: Path) -> None:
    result = run("search", "zzzqqq xxyyzz", "-f", "jsonl")
    assert result.exit_code == 1
    assert result.stdout == ""


def test_show_prints_statement_with_context_and_source(indexed: Path) -> None:
    hit = jsonl(run("search", "talk enough", "-f", "jsonl").stdout)[0]
    result = run("show", hit["id"])
    assert result.exit_code == 0
    assert hit["text"] in result.stdout
    assert "Little Contact between Norwegian and Russian Defense Authorities" in result.stdout
    as_json = jsonl(run("show", hit["id"][:8], "-f", "jsonl").stdout)
    assert as_json[0]["id"] == hit["id"]


def test_speakers_lists_counts(indexed: Path) -> None:
    result = run("speakers", "-f", "jsonl")
    assert result.exit_code == 0
    rows = {r["name"]: r for r in jsonl(result.stdout)}
    assert rows["Audun Halvorsen"]["count"] >= 5
    only = jsonl(run("speakers", "halvorsen", "-f", "jsonl").stdout)
    assert [r["name"] for r in only] == ["Audun Halvorsen"]


def test_extract_prints_json_lines_with_offsets() -> None:
    path = SEEDS / "003_a8c462b49ee9a8c1.txt"
    text = path.read_text(encoding="utf-8")
    result = run("extract", str(path))
    assert result.exit_code == 0
    rows = jsonl(result.stdout)
    assert rows
    for row in rows:
        assert " ".join(text[a:b] for a, b in row["parts"]) == row["text"]
        assert [row["parts"][0][0], row["parts"][-1][1]] == [row["start"], row["end"]]


def test_extract_reads_stdin() -> None:
    result = run("extract", "-", input='"We will win this," Jane Doe said.\n')
    rows = jsonl(result.stdout)
    assert [r["text"] for r in rows] == ["We will win this,"]


def test_index_env_var_and_option(tmp_path: Path) -> None:
    other = tmp_path / "other"
    assert run("index", str(SEEDS), "--index", str(other)).exit_code == 0
    assert (other / "quotefind.json").is_file()
    assert run("search", "talk", "--index", str(other), "-f", "jsonl").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["search", "anything"], "No index at", 2),
        (["speakers"], "No index at", 2),
        (["show", "abcdef123456"], "No index at", 2),
        (["search", "x", "--kind", "rumour"], "rumour", 2),
        (["search", "x", "--limit", "0"], "limit", 2),
        (["search", "x", "--format", "yaml"], "yaml", 2),
        (["index"], "Missing argument", 2),
        (["extract", "/no/such/file.txt"], "no such file", 2),
    ],
)
def test_error_cases(args: list[str], message: str, code: int) -> None:
    result = run(*args)
    assert result.exit_code == code
    assert message.lower() in (result.stderr + result.stdout).lower()
    assert "Traceback" not in result.output


def test_show_unknown_id_exits_1(indexed: Path) -> None:
    result = run("show", "ffffffffffffffff")
    assert result.exit_code == 1
    assert "No statement with id" in result.stderr


def test_not_an_index_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("x", encoding="utf-8")
    result = run("index", str(SEEDS), "--index", str(folder))
    assert result.exit_code == 2
    assert "not a quotefind index" in result.stderr or "not empty" in result.stderr
    assert run("search", "x", "--index", str(folder)).exit_code == 2


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("quotefind ")


def test_speakers_aliases_are_other_names_not_the_full_mention(indexed: Path) -> None:
    rows = {r["name"]: r for r in jsonl(run("speakers", "-f", "jsonl").stdout)}
    halvorsen = rows["Audun Halvorsen"]["aliases"]
    assert "Halvorsen" in halvorsen and "the State Secretary" in halvorsen
    assert all("Audun Halvorsen" not in alias for alias in halvorsen)
    assert rows["Norwegian Ministry of Defense"]["aliases"] == ["The MoD"]
