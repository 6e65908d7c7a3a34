"""Every output format on hand-built records: exact, parseable, stable."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from quotefind.cite import Style
from quotefind.errors import OutputError
from quotefind.model import Hit, Source, SpeakerSummary, Statement
from quotefind.render import (
    COLUMNS,
    HIT,
    SPEAKER,
    STATEMENT,
    Format,
    Output,
    available_fields,
    check_output,
    default_format,
    json_text,
    render_hits,
    render_records,
    render_speakers,
    render_statement_detail,
    render_statements,
    select,
)

from .records import hits, sample, statement

SPEAKERS = [
    SpeakerSummary(name="Jane Doe", count=2, roles=("minister",), aliases=("Doe", "the minister")),
    SpeakerSummary(name="John Roe", count=1),
]


def printed(records, fmt: Format | Output, kind: str = STATEMENT) -> str:
    out = io.StringIO()
    render_records(records, fmt, kind, out=out)
    return out.getvalue()


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_default_format_is_table_on_a_terminal_and_jsonl_elsewhere() -> None:
    assert default_format(FakeTerminal()) is Format.table
    assert default_format(io.StringIO()) is Format.jsonl


def test_jsonl_round_trips_every_statement_exactly() -> None:
    text = printed(sample(), Format.jsonl)
    lines = text.splitlines()
    assert len(lines) == 3 and text.endswith("\n")
    assert [Statement.from_dict(json.loads(line)) for line in lines] == sample()


def test_json_is_utf8_without_escapes() -> None:
    st = statement("Søreide – “vi snakker” 北极", source=Source(title="Ærlig talt"))
    for fmt in (Format.jsonl, Format.json, Format.csl_json):
        text = printed([st], fmt)
        assert "Søreide – “vi snakker” 北极" in text
        assert "\\u" not in text


def test_json_is_an_array_and_empty_is_brackets() -> None:
    assert json.loads(printed(sample(), Format.json)) == [st.to_dict() for st in sample()]
    assert printed([], Format.json) == "[]\n"
    assert printed([], Format.csl_json) == "[]\n"
    assert printed([], Format.jsonl) == ""


def test_hits_carry_score_and_match() -> None:
    rows = [json.loads(line) for line in printed(hits(), Format.jsonl, HIT).splitlines()]
    assert [r["score"] for r in rows] == [90.0, 89.0, 88.0]
    assert rows[0]["match"] == [0, 2]


def test_csv_has_header_and_quotes_what_needs_it() -> None:
    text = printed(sample(), Format.csv)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(COLUMNS[STATEMENT])
    assert [r["text"] for r in rows] == [st.text for st in sample()]  # tab, newline, quotes kept
    assert rows[1]["speaker.name"] == "John Roe" and rows[2]["speaker.name"] == ""
    assert rows[0]["source.date"] == "2024-03-05"
    assert printed([], Format.csv) == ",".join(COLUMNS[STATEMENT]) + "\n"


def test_tsv_and_plain_keep_one_record_per_line() -> None:
    tsv = printed(sample(), Format.tsv).splitlines()
    assert tsv[0].split("\t") == list(COLUMNS[STATEMENT])
    assert len(tsv) == 4
    assert all(len(line.split("\t")) == len(COLUMNS[STATEMENT]) for line in tsv)
    assert tsv[3].split("\t")[2] == 'Tabs and newlines, "quotes", commas'
    plain = printed(sample(), Format.plain).splitlines()
    assert len(plain) == 3  # no header: `cut -f` sees data only
    assert plain[0].split("\t") == [
        sample()[0].id,
        "quote",
        "Jane Doe (minister)",
        "We will win this",
        "A title · The Paper · 2024-03-05",
    ]
    assert plain[2].split("\t")[2:] == ["unknown", 'Tabs and newlines, "quotes", commas', "b.txt"]


def test_plain_hits_start_with_the_score() -> None:
    first = printed(hits(), Format.plain, HIT).splitlines()[0].split("\t")
    assert first[:3] == ["90.0", sample()[0].id, "quote"]


def test_markdown_runs_short_quotes_in_and_sets_long_ones_as_blocks() -> None:
    # APA 7, 8.27: fewer than 40 words run in, in quotation marks; 40 or more: a block quotation
    # without quotation marks. Claims are paraphrase: never in quotation marks.
    text = printed(sample()[:2], Format.md)
    assert text == (
        "“We will win this” — Jane Doe (minister), quoted in “A title”, The Paper, 2024-03-05\n"
        "\n"
        "the plan is sound — John Roe, reported speech in “A title”, The Paper, 2024-03-05\n"
    )
    with_url = statement("Hi", source=Source(title="T", url="https://example.org/x"))
    assert printed([with_url], Format.md).endswith(
        "— Jane Doe (minister), quoted in “T”, <https://example.org/x>\n"
    )
    forty = " ".join(["word"] * 39 + ["end"])
    block = printed([statement(forty, source=Source(title="T"))], Format.md)
    assert block == f"> {forty}\n>\n> — Jane Doe (minister), quoted in “T”\n"
    short = printed([statement(" ".join(["word"] * 39), source=Source(title="T"))], Format.md)
    assert short.startswith("“word word") and not short.startswith(">")


@pytest.mark.parametrize("style", list(Style))
def test_cite_format_prints_one_block_per_statement(style: Style) -> None:
    text = printed(sample(), Output(format=Format.cite, style=style))
    blocks = text.split("\n\n")
    assert len(blocks) == 3
    marker = {"apa": "as cited in", "mla": "qtd. in", "chicago": "quoted in"}[style.value]
    assert marker in blocks[0]


def test_bibtex_and_csl_json_one_entry_per_article() -> None:
    sts = sample()
    two_of_one = [sts[0], sts[0]]  # the same statement twice: one article
    assert printed(two_of_one, Format.bibtex).count("@article{") == 1
    items = json.loads(printed(sts, Format.csl_json))
    assert {i["type"] for i in items} == {"article-newspaper"}
    assert printed([], Format.bibtex) == ""


def test_available_fields_cover_the_wire_format() -> None:
    fields = available_fields(STATEMENT)
    assert set(statement("x").to_dict()) <= set(fields)
    assert {"speaker.name", "source.url", "source.title"} <= set(fields)
    assert {"score", "match"} <= set(available_fields(HIT)) and "score" not in fields
    assert available_fields(SPEAKER) == ["name", "count", "roles", "orgs", "aliases"]


def test_fields_select_nested_keys_in_the_asked_order() -> None:
    data = hits()[0].to_dict()
    chosen = select(data, ("score", "speaker.name", "id", "source.title"))
    assert chosen == {
        "score": 90.0,
        "speaker": {"name": "Jane Doe"},
        "id": data["id"],
        "source": {"title": "A title"},
    }
    out = printed(hits(), Output(format=Format.jsonl, fields=("id", "speaker.name")), HIT)
    assert [json.loads(line) for line in out.splitlines()][1] == {
        "id": sample()[1].id,
        "speaker": {"name": "John Roe"},
    }


def test_fields_choose_csv_columns() -> None:
    out = printed(sample(), Output(format=Format.csv, fields=("kind", "speaker.name")))
    assert out.splitlines() == ["kind,speaker.name", "quote,Jane Doe", "claim,John Roe", "quote,"]
    plain = printed(sample(), Output(format=Format.plain, fields=("kind", "cue_span")))
    assert plain.splitlines()[0] == "quote\t[16, 20]"


@pytest.mark.parametrize(
    ("output", "kind", "message"),
    [
        (Output(format=Format.jsonl, fields=("nope",)), STATEMENT, "Unknown field nope"),
        (Output(format=Format.jsonl, fields=("score",)), STATEMENT, "Unknown field score"),
        (Output(format=Format.jsonl, fields=()), STATEMENT, "Unknown field"),
        (
            Output(format=Format.table, fields=("id",)),
            STATEMENT,
            "--fields does not work with --format table",
        ),
        (Output(format=Format.cite, fields=("id",)), HIT, "--fields does not work with --format cite"),
        (Output(format=Format.cite), SPEAKER, "Speakers cannot be printed as cite"),
        (Output(format=Format.md), SPEAKER, "Speakers cannot be printed as md"),
    ],
)
def test_output_that_does_not_fit_is_refused(output: Output, kind: str, message: str) -> None:
    with pytest.raises(OutputError, match=re.escape(message)):
        check_output(output, kind)


def test_fitting_output_is_accepted() -> None:
    check_output(Output(format=Format.csv, fields=("name", "count")), SPEAKER)
    check_output(Output(format=Format.cite), HIT)


def test_quiet_prints_nothing_and_still_counts() -> None:
    out = io.StringIO()
    assert render_statements(iter(sample()), Output(format=Format.jsonl, quiet=True), out=out) == 3
    assert render_hits(hits(), Output(format=Format.table, quiet=True), out=out) == 3
    assert out.getvalue() == ""


@pytest.mark.parametrize("term", ["dumb", "xterm-256color"])
def test_piped_table_has_no_ansi_and_no_wrapping(monkeypatch: pytest.MonkeyPatch, term: str) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", term)
    long = statement("word " * 100)
    text = printed([Hit(long, 50.0)], Format.table, HIT)
    assert "\x1b" not in text
    rows = [line for line in text.splitlines() if "word word" in line]
    assert len(rows) == 1 and rows[0].count("word") == 100


def test_table_on_a_terminal_fits_its_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = FakeTerminal()
    render_hits([Hit(statement("word " * 100), 50.0)], Format.table, out=out)
    assert max(len(line) for line in out.getvalue().splitlines()) <= 80


def test_force_color_and_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = printed(hits(), Format.table, HIT)
    assert "\x1b[" in coloured and re.search(r"\x1b\[[0-9;]*33m", coloured)  # the yellow match
    monkeypatch.setenv("NO_COLOR", "1")
    assert not re.search(r"\x1b\[[0-9;]*3[0-7]m", printed(hits(), Format.table, HIT))
    monkeypatch.setenv("TERM", "dumb")  # rich's dumb-terminal size must not squeeze a piped table
    assert "score" in printed(hits(), Format.table, HIT)


def test_speakers_in_every_format_that_fits_them() -> None:
    out = io.StringIO()
    render_speakers(SPEAKERS, Format.csv, out=out)
    assert out.getvalue().splitlines()[1] == "Jane Doe,2,minister,,Doe; the minister"
    assert (
        printed(SPEAKERS, Format.plain, SPEAKER).splitlines()[0]
        == "Jane Doe\t2\tminister\t\tDoe; the minister"
    )
    assert json.loads(printed(SPEAKERS, Format.json, SPEAKER))[1]["name"] == "John Roe"
    table = printed(SPEAKERS, Format.table, SPEAKER)
    assert "Jane Doe" in table and "Doe, the minister" in table


def test_detail_view_shows_paragraph_and_source() -> None:
    st = statement("We will win this", context="Before. We will win this. After.")
    out = io.StringIO()
    render_statement_detail(st, Format.table, out=out)
    text = out.getvalue()
    assert "“We will win this”" in text and "Before. We will win this. After." in text
    assert "publisher: The Paper" in text and "offsets: 0-16" in text
    out = io.StringIO()
    render_statement_detail(st, Format.jsonl, out=out)
    assert json.loads(out.getvalue()) == st.to_dict()


def test_json_text_escapes_only_what_could_act_on_a_terminal() -> None:
    raw = "a\x1bb\x9bc\u202ed\u2028e\x7ff – ø"
    text = json_text({"t": raw})
    assert text == '{"t": "a\\u001bb\\u009bc\\u202ed\\u2028e\\u007ff – ø"}'
    assert json.loads(text)["t"] == raw


def test_a_new_kind_of_record_gets_every_non_citation_format(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a new command (say `verify`) does to list its own records: register a sample and columns."""
    from dataclasses import asdict, dataclass

    from quotefind import render

    @dataclass(frozen=True)
    class Verdict:
        claim: str
        verdict: str

        def to_dict(self) -> dict:
            return asdict(self)

    monkeypatch.setitem(render.SAMPLES, "verdict", lambda: Verdict("", "").to_dict())
    monkeypatch.setitem(render.COLUMNS, "verdict", ("verdict", "claim"))
    rows = [Verdict("[1] x\x1b[2J", "found")]
    assert available_fields("verdict") == ["claim", "verdict"]
    assert printed(rows, Format.plain, "verdict") == "found\t[1] x[2J\n"
    assert printed(rows, Format.csv, "verdict").splitlines() == ["verdict,claim", "found,[1] x[2J"]
    assert json.loads(printed(rows, Format.jsonl, "verdict")) == {"claim": "[1] x\x1b[2J", "verdict": "found"}
    table = printed(rows, Format.table, "verdict")
    assert "found" in table and "[1] x[2J" in table and "\x1b" not in table
    with pytest.raises(OutputError, match="Verdicts cannot be printed as cite"):
        check_output(Output(format=Format.cite), "verdict")
