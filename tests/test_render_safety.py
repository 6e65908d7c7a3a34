"""Terminal safety: article text is data, never markup or control, in every format.

A quote carrying rich markup (`[bold red]`, `[link=...]`), brackets (`[1]`, `[sic]`), ANSI
escapes, a bell, a bidi override, a C1 CSI or DEL must print its brackets literally and none of
its control characters, whatever the format and whether or not stdout is a terminal.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from typer.testing import CliRunner

from quotefind.cite import Style
from quotefind.cli import app
from quotefind.model import Hit, Speaker, SpeakerSummary, Statement
from quotefind.render import HIT, SPEAKER, STATEMENT, Format, Output, render_records, render_statement_detail
from quotefind.store.whoosh.session import add_statements

from .records import CONTROLS, HOSTILE, LITERALS, hostile, statement


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def assert_safe(text: str, *, terminal: bool = False) -> None:
    if terminal:  # rich styles the table itself; the article's own sequences must not be there
        for seq in ("\x1b[31m", "\x1b[2J", "\x1b]8"):
            assert seq not in text
        assert "[31mred" in text  # the article's ESC was dropped, its printable rest kept
        text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    for ch in CONTROLS:
        assert ch not in text, f"{ch!r} reached the output"
    for literal in LITERALS:
        assert literal in text, f"{literal!r} was not printed literally"


TEXT_FORMATS = [f for f in Format if f not in (Format.jsonl, Format.json, Format.csl_json)]


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
@pytest.mark.parametrize("kind", ["quote", "claim"])
def test_text_formats_print_markup_literally_and_no_controls(fmt: Format, kind: str) -> None:
    out = io.StringIO()
    render_records([hostile(kind)], fmt, STATEMENT, out=out)
    assert_safe(out.getvalue())


@pytest.mark.parametrize("style", list(Style))
def test_every_citation_style_is_safe(style: Style) -> None:
    out = io.StringIO()
    render_records([hostile()], Output(format=Format.cite, style=style), STATEMENT, out=out)
    assert_safe(out.getvalue())


@pytest.mark.parametrize("fmt", [Format.jsonl, Format.json, Format.csl_json])
def test_json_formats_escape_controls_and_keep_the_data(fmt: Format) -> None:
    out = io.StringIO()
    render_records([hostile()], fmt, STATEMENT, out=out)
    text = out.getvalue()
    assert_safe(text)
    if fmt is Format.csl_json:  # citation text: controls dropped
        return
    assert "\\u001b" in text and "\\u202e" in text  # the data itself is exact: escaped, not stripped
    data = json.loads(text)
    assert Statement.from_dict(data if fmt is Format.jsonl else data[0]) == hostile()


def test_table_on_a_terminal_is_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")  # rich gives a dumb terminal 80 columns
    monkeypatch.setenv("COLUMNS", "1000")  # wide enough that no literal is wrapped apart
    for records, kind in (([Hit(hostile(), 80.0)], HIT), ([hostile()], STATEMENT)):
        out = FakeTerminal()
        render_records(records, Format.table, kind, out=out)
        assert_safe(out.getvalue(), terminal=True)


def test_detail_view_is_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "1000")
    out = FakeTerminal()
    render_statement_detail(hostile(), Format.table, out=out)
    assert_safe(out.getvalue(), terminal=True)
    assert "[i]Pub[/i]" in out.getvalue() and "[b]role[/b]" in out.getvalue()


@pytest.mark.parametrize("fmt", [Format.table, Format.plain, Format.csv, Format.tsv])
def test_speakers_are_safe(fmt: Format) -> None:
    sp = SpeakerSummary(name=f"Evil {HOSTILE}", count=1, roles=(HOSTILE,), aliases=("\x1b[2J",))
    out = io.StringIO()
    render_records([sp], fmt, SPEAKER, out=out)
    assert_safe(out.getvalue())


@pytest.mark.parametrize("fmt", [f.value for f in Format])
def test_cli_output_is_safe_in_every_format(index_dir, fmt: str) -> None:
    add_statements(index_dir, [hostile()])
    for args in (["search", "bold red", "-f", fmt], ["export", "-f", fmt], ["show", hostile().id, "-f", fmt]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        assert_safe(result.stdout)


@pytest.mark.parametrize("fmt", [Format.csv, Format.tsv])
@pytest.mark.parametrize("formula", ['=HYPERLINK("http://e.vil","x")', "+1+2", "-2+3", "@SUM(A1)"])
def test_spreadsheet_formats_never_start_a_cell_with_a_formula(fmt: Format, formula: str) -> None:
    st = statement(formula, speaker=Speaker(name="=cmd|' /C calc'!A0"))
    out = io.StringIO()
    render_records([st], Output(format=fmt, fields=("text", "speaker.name", "start")), STATEMENT, out=out)
    rows = list(csv.reader(io.StringIO(out.getvalue()), delimiter="," if fmt is Format.csv else "\t"))
    assert rows[1][0] == "'" + formula
    assert rows[1][1] == "'=cmd|' /C calc'!A0"
    assert rows[1][2] == "0"


@pytest.mark.parametrize("fmt", [Format.csv, Format.tsv])
def test_spreadsheet_guard_leaves_numbers_and_other_formats_alone(fmt: Format) -> None:
    out = io.StringIO()
    records = [statement("-3.5"), statement("a=b", key="article-2")]
    render_records(records, Output(format=fmt, fields=("text",)), STATEMENT, out=out)
    assert out.getvalue().splitlines()[1:] == ["-3.5", "a=b"]
    plain = io.StringIO()
    render_records([statement("=1+1")], Output(format=Format.jsonl, fields=("text",)), STATEMENT, out=plain)
    assert json.loads(plain.getvalue()) == {"text": "=1+1"}
