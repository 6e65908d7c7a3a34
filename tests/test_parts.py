"""A quotation interrupted by its attribution: one statement of the speaker's words only, everywhere."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from quotefind.cli import app
from quotefind.extract import extract
from quotefind.model import Article, Span, Statement

TEXT = (
    "The fire in the old mill burned for two days before crews could reach it.\n\n"
    "“We may never know what started it,” the fire chief said at a news conference on Friday. "
    "“This one in particular is hard to read.”\n"
)
WORDS = "We may never know what started it, This one in particular is hard to read."
runner = CliRunner()


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "mill.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_the_statement_holds_only_the_speakers_words() -> None:
    (st,) = [s for s in extract(Article(text=TEXT, key="mill")) if s.kind == "quote"]
    assert st.text == WORDS
    assert [TEXT[p.start : p.end] for p in st.parts] == [
        "We may never know what started it,",
        "This one in particular is hard to read.",
    ]
    assert (st.start, st.end) == (st.parts[0].start, st.parts[-1].end)
    assert st.speaker.role == "the fire chief"


def test_parts_round_trip_through_the_wire_format() -> None:
    (st,) = [s for s in extract(Article(text=TEXT, key="mill")) if s.kind == "quote"]
    data = st.to_dict()
    assert len(data["parts"]) == 2
    assert Statement.from_dict(json.loads(json.dumps(data))) == st
    one = Statement("x", "quote", "ab", st.speaker, None, st.source, 3, 5)
    assert one.to_dict()["parts"] == [[3, 5]] and one.pieces == (Span(3, 5),)
    assert Statement.from_dict(one.to_dict()) == one


def test_cli_outputs_never_put_the_reporters_words_in_the_speakers_mouth(tmp_path: Path) -> None:
    path = _write(tmp_path)
    index = tmp_path / "ix"
    assert runner.invoke(app, ["index", "--index", str(index), str(path)]).exit_code == 0
    found = runner.invoke(
        app, ["search", "--index", str(index), "never know what started", "--format", "jsonl"]
    )
    rows = [json.loads(line) for line in found.stdout.splitlines()]
    assert rows and rows[0]["text"] == WORDS
    sid = rows[0]["id"]
    for fmt in ("cite", "md", "plain"):
        out = runner.invoke(app, ["cite", "--index", str(index), sid, "--format", fmt])
        assert out.exit_code == 0, out.output
        assert "We may never know" in out.stdout and "news conference" not in out.stdout
    verified = runner.invoke(app, ["verify", "--index", str(index), WORDS, "--format", "jsonl"])
    assert verified.exit_code == 0
    assert json.loads(verified.stdout.splitlines()[0])["status"] == "verbatim"
