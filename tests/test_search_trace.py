"""Issue 15, `quotefind trace`: every attestation of a quote, oldest first, over a real index of dated
copies (JSON lines with `date`, `publisher`, `url`), in every output format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from quotefind.ingest import read_inputs
from quotefind.model import Attestation
from quotefind.pipeline import add_articles
from quotefind.search.trace import trace

from .clirun import jsonl, run

QUOTE = "we will not be diverted from these necessary changes"

#: Given out of date order on purpose: the trace sorts them, undated last.
ARTICLES = [
    {
        "title": "Leaders defiant",
        "text": '"We will not be diverted from these necessary changes," Tony Blair said on Wednesday.',
        "publisher": "Weekly Three",
        "date": "2021-03-03",
        "url": "https://weekly.example/3",
    },
    {
        "title": "Budget row deepens",
        "text": '"We will not be diverted from these necessary changes," Gordon Brown said on Monday.',
        "publisher": "Wire One",
        "date": "2021-03-01",
        "url": "https://wire.example/1",
    },
    {
        "title": "Quotes of the week",
        "text": '"We will not be diverted from these necessary changes," Brown said.',
        "publisher": "Blog Four",
    },
    {
        "title": "Chancellor stands firm",
        "text": '"We will not be diverted from these changes," Gordon Brown said on Tuesday.',
        "publisher": "Daily Two",
        "date": "2021-03-02",
        "url": "https://daily.example/2",
    },
    {
        "title": "Harbour news",
        "text": '"The harbour fees went up twice last year," Tom Harbour said.',
        "publisher": "Coast | Five",
        "date": "2021-02-01",
    },
]


@pytest.fixture
def dated(index_dir: Path, tmp_path: Path) -> Path:
    path = tmp_path / "news.jsonl"
    lines = [{**a, "text": f"{a['title']}\n\n{a['text']}"} for a in ARTICLES]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    add_articles(index_dir, read_inputs([str(path)]))
    return index_dir


def test_every_attestation_oldest_first_undated_last(dated: Path) -> None:
    found = trace(dated, QUOTE)
    assert [a.statement.source.publisher for a in found] == [
        "Wire One",
        "Daily Two",
        "Weekly Three",
        "Blog Four",
    ]
    assert [a.statement.source.date for a in found] == ["2021-03-01", "2021-03-02", "2021-03-03", None]
    assert found[0].wording == "We will not be diverted from these necessary changes"
    assert "Harbour" not in " ".join(a.statement.text for a in found)


def test_flags_other_speakers_and_drifted_wording(dated: Path) -> None:
    by_outlet: dict[str | None, Attestation] = {a.statement.source.publisher: a for a in trace(dated, QUOTE)}
    assert not by_outlet["Wire One"].drift and not by_outlet["Wire One"].other_speaker
    # The wire's words with one word dropped: drift, and the diff says which.
    daily = by_outlet["Daily Two"]
    assert daily.drift and not daily.other_speaker
    assert [(d.op, d.checked, d.attested) for d in daily.diff if d.op != "equal"] == [
        ("delete", "necessary", "")
    ]
    assert daily.wdiff() == "We will not be diverted from these [-necessary-] changes"
    # The same words credited to someone else.
    assert by_outlet["Weekly Three"].other_speaker and not by_outlet["Weekly Three"].drift
    # A surname of the earliest speaker is the same person, not another speaker.
    assert not by_outlet["Blog Four"].other_speaker


def test_cli_jsonl_and_stderr_notes(dated: Path) -> None:
    result = run("trace", QUOTE, "-f", "jsonl")
    assert result.exit_code == 0
    rows = jsonl(result.stdout)
    assert [r["source"]["publisher"] for r in rows] == ["Wire One", "Daily Two", "Weekly Three", "Blog Four"]
    assert [(r["drift"], r["other_speaker"]) for r in rows] == [
        (False, False),
        (True, False),
        (False, True),
        (False, False),
    ]
    assert rows[1]["wdiff"] == "We will not be diverted from these [-necessary-] changes"
    assert rows[1]["diff"][-2] == {"op": "delete", "checked": "necessary", "attested": ""}
    assert (
        "different speakers: Gordon Brown (Wire One, 2021-03-01); Tony Blair (Weekly Three" in result.stderr
    )
    assert "1 of 4 attestations differ from the earliest" in result.stderr
    assert run("trace", QUOTE, "-q").stderr == ""


@pytest.mark.parametrize("fmt", ["table", "plain", "csv", "tsv", "md", "json", "cite", "bibtex", "csl-json"])
def test_cli_every_format(dated: Path, fmt: str) -> None:
    result = run("trace", QUOTE, "-f", fmt)
    assert result.exit_code == 0, result.output
    out = result.stdout
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [r["source.publisher"] for r in rows] == ["Wire One", "Daily Two", "Weekly Three", "Blog Four"]
        assert rows[1]["drift"] == "true" and rows[2]["other_speaker"] == "true"
    elif fmt == "plain":
        lines = out.splitlines()
        assert lines[0].split("\t")[:3] == ["2021-03-01", "Wire One", "Gordon Brown"]
        assert lines[1].split("\t")[3:5] == [
            "We will not be diverted from these [-necessary-] changes",
            "wording differs",
        ]
        assert lines[2].split("\t")[4] == "other speaker"
        assert lines[3].startswith("undated\tBlog Four")
    elif fmt == "md":
        lines = out.splitlines()
        assert lines[0] == "| # | date | outlet | speaker | wording (against the earliest) | flags |"
        assert lines[2].startswith("| 1 | 2021-03-01 | [Wire One](<https://wire.example/1>) | Gordon Brown |")
        assert "[-necessary-]" in lines[3] and "wording differs" in lines[3]
        assert len(lines) == 6
    elif fmt == "table":
        assert (
            out.index("Wire One")
            < out.index("Daily Two")
            < out.index("Weekly Three")
            < out.index("Blog Four")
        )
        assert "[-necessary-]" in out and "other speaker" in out and "wording differs" in out
    elif fmt == "json":
        assert [r["source"]["date"] for r in json.loads(out)] == [
            "2021-03-01",
            "2021-03-02",
            "2021-03-03",
            None,
        ]
    else:
        assert "Wire One" in out


def test_cli_fields(dated: Path) -> None:
    rows = jsonl(run("trace", QUOTE, "--fields", "source.date,speaker.name,drift").stdout)
    assert rows[0] == {"source": {"date": "2021-03-01"}, "speaker": {"name": "Gordon Brown"}, "drift": False}
    assert "wdiff" in run("trace", QUOTE, "--fields").stdout.split()


def test_nothing_attests_it_exit_1(dated: Path) -> None:
    for quote in ("xyzzy plugh frobnicate", "the only thing we have to fear is fear itself"):
        result = run("trace", quote, "-f", "jsonl")
        assert result.exit_code == 1
        assert result.stdout == ""


def test_errors(dated: Path, tmp_path: Path) -> None:
    result = run("trace", "!!!", "-f", "jsonl")
    assert result.exit_code == 2 and "Nothing to trace" in result.stderr
    result = run("trace", QUOTE, "--index", str(tmp_path / "none"))
    assert result.exit_code == 2 and "No index at" in result.stderr
