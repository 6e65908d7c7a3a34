"""Output: records in every `--format` (table, plain, JSON, CSV, Markdown, citations); the consoles.

Article text is data: it never reaches a terminal as markup or control. Rich tables get `Text`
objects (never markup strings) with control characters stripped; line formats put each record on
one line; JSON escapes the control and bidi characters that JSON itself leaves raw.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import IO, TYPE_CHECKING, Any

from quotefind.cite import Style
from quotefind.errors import OutputError
from quotefind.layout import MAX_LINES, copy_label, print_hits, source_label
from quotefind.model import (
    Attestation,
    Hit,
    IndexSummary,
    Source,
    Speaker,
    SpeakerSummary,
    Statement,
    Verdict,
)
from quotefind.terminal import clean, counted, is_tty, one_line, stdout_console
from quotefind.terminal import highlighted as _highlighted
from quotefind.terminal import rich_text as _text

# Re-exported: the CLI takes its consoles from here.
from quotefind.terminal import screenful as screenful
from quotefind.terminal import stderr_console as stderr_console

if TYPE_CHECKING:
    from rich.text import Text

    from quotefind.detail import Detail


class Format(str, Enum):
    """Output formats of every command that lists records."""

    table = "table"
    plain = "plain"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    md = "md"
    cite = "cite"
    csl_json = "csl-json"
    bibtex = "bibtex"


#: Formats whose records are field -> value maps, so `--fields` can choose what they show.
FIELD_FORMATS = frozenset({Format.jsonl, Format.json, Format.csv, Format.tsv, Format.plain})
#: Formats that cite articles: they take statements (or hits), never speakers.
CITATION_FORMATS = frozenset({Format.md, Format.cite, Format.csl_json, Format.bibtex})

#: What a command lists: its records' kind decides the fields and the table layout.
STATEMENT, HIT, SPEAKER = "statement", "hit", "speaker"
#: What `verify` prints (see `render_verdict`).
VERDICT = "verdict"
#: What `trace` lists: attestations of a quote, oldest first (see `render_trace`).
TRACE = "trace"

#: Columns of `csv` and `tsv` when no `--fields` are given (nested keys flattened with dots).
STATEMENT_COLUMNS = (
    "id",
    "kind",
    "text",
    "speaker.name",
    "speaker.role",
    "speaker.org",
    "speaker.mention",
    "cue",
    "source.title",
    "source.publisher",
    "source.date",
    "source.url",
    "source.author",
    "source.path",
    "start",
    "end",
    "article_id",
    "context",
)
COLUMNS = {
    STATEMENT: STATEMENT_COLUMNS,
    HIT: ("score", "band", *STATEMENT_COLUMNS, "match"),
    SPEAKER: ("name", "count", "roles", "orgs", "aliases"),
    VERDICT: ("status", "score", "text", "statement.id", "statement.text", "match"),
    TRACE: (
        "source.date",
        "source.publisher",
        "speaker.name",
        "wording",
        "wdiff",
        "drift",
        "other_speaker",
        "score",
        "id",
        "source.title",
        "source.url",
        "source.path",
    ),
}

#: What JSON leaves raw but a terminal may act on: DEL, C1 controls, bidi controls, line separators.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class Output:
    """How a command prints its records: what the `--format`, `--fields`, `--quiet`, `--style` asked."""

    format: Format = Format.jsonl
    """The output format."""
    fields: tuple[str, ...] | None = None
    """Fields to show (dotted for nested keys: `speaker.name`); None: the format's default."""
    quiet: bool = False
    """Print nothing: the exit code alone tells whether anything was found."""
    style: Style = Style.apa
    """Citation style of `Format.cite`."""
    scored: bool = True
    """Whether scores mean something (a text query): the table shows them only then."""
    max_lines: int | None = MAX_LINES
    """Lines of a statement a terminal table shows before `…` (None: all, `--full`)."""


def default_format(stream: IO[str] | None = None) -> Format:
    """Return the default format: a table on a terminal, JSON lines otherwise."""
    return Format.table if is_tty(stream or sys.stdout) else Format.jsonl


# --- fields -----------------------------------------------------------------------------------


def _empty_statement() -> Statement:
    return Statement(
        id="", kind="quote", text="", speaker=Speaker(), cue=None, source=Source(), start=0, end=0
    )


#: An empty record of each kind, whose wire form names the fields `--fields` takes. A command
#: that lists a new kind of record (anything with `to_dict()`) adds its kind here and its
#: default columns to `COLUMNS`; every format but the citations then works for it.
SAMPLES: dict[str, Callable[[], dict[str, Any]]] = {
    STATEMENT: lambda: _empty_statement().to_dict(),
    HIT: lambda: Hit(_empty_statement(), 0.0).to_dict(),
    SPEAKER: lambda: SpeakerSummary(name="", count=0).to_dict(),
    VERDICT: lambda: Verdict(status="not_found", text="", score=0.0, statement=_empty_statement()).to_dict(),
    TRACE: lambda: Attestation(_empty_statement(), 0.0).to_dict(),
}


def available_fields(kind: str) -> list[str]:
    """Return the fields `--fields` takes for a kind of record: keys, and `key.sub` for nested ones."""
    out = []
    for key, value in SAMPLES[kind]().items():
        out.append(key)
        if isinstance(value, dict):
            out.extend(f"{key}.{sub}" for sub in value)
    return out


def check_output(output: Output, kind: str) -> None:
    """Raise OutputError when the format or fields do not fit the records a command lists."""
    if kind not in (STATEMENT, HIT, TRACE) and output.format in CITATION_FORMATS:
        raise OutputError(
            f"{kind.capitalize()}s cannot be printed as {output.format.value} - "
            "use table, plain, jsonl, json, csv or tsv."
        )
    if output.fields is None:
        return
    if output.format not in FIELD_FORMATS:
        raise OutputError(
            f"--fields does not work with --format {output.format.value} - "
            "use jsonl, json, csv, tsv or plain."
        )
    known = available_fields(kind)
    unknown = [f for f in output.fields if f not in known]
    if unknown or not output.fields:
        raise OutputError(
            f"Unknown field {', '.join(unknown) or '(none)'} - choose from: {', '.join(known)}."
        )


def _get(data: dict[str, Any], field: str) -> Any:
    key, _, sub = field.partition(".")
    value = data.get(key)
    if sub:
        return value.get(sub) if isinstance(value, dict) else None
    return value


def select(data: dict[str, Any], fields: Sequence[str] | None) -> dict[str, Any]:
    """Return the chosen fields of a record's wire form, nested keys kept nested, in the asked order."""
    if fields is None:
        return data
    out: dict[str, Any] = {}
    for field in fields:
        key, _, sub = field.partition(".")
        if sub:
            if not isinstance(out.get(key), dict):
                out[key] = {}
            out[key][sub] = _get(data, field)
        else:
            out[key] = data.get(key)
    return out


def _cell(value: Any) -> str:
    """A value as one table cell: empty for null, lists of words joined by `; `, else JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    return json_text(value)


# --- line formats -----------------------------------------------------------------------------


def json_text(data: Any, *, indent: int | None = None) -> str:
    """Return JSON as UTF-8 text (no `\\u` escapes) where only characters that could act on a
    terminal are escaped: C0 controls (by JSON itself), DEL, C1 controls, bidi controls, U+2028/9."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _write_json(rows: Iterable[dict[str, Any]], fmt: Format, out: IO[str]) -> int:
    if fmt is Format.json:
        items = list(rows)
        out.write(json_text(items, indent=2) + "\n")
        return len(items)
    count = 0
    for row in rows:  # streamed: a long listing shows results as it goes
        out.write(json_text(row) + "\n")
        count += 1
    return count


def _write_table_text(
    rows: Iterable[dict[str, Any]], columns: Sequence[str], fmt: Format, out: IO[str]
) -> int:
    """csv (RFC 4180 quoting, newlines kept), tsv (with header) or plain (no header, cut-able)."""
    count = 0
    if fmt is Format.csv:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_inert(clean(_cell(_get(row, c)))) for c in columns])
            count += 1
        return count
    if fmt is Format.tsv:
        out.write("\t".join(columns) + "\n")
        for row in rows:
            out.write("\t".join(_inert(one_line(_cell(_get(row, c)))) for c in columns) + "\n")
            count += 1
        return count
    for row in rows:
        out.write("\t".join(one_line(_cell(_get(row, c))) for c in columns) + "\n")
        count += 1
    return count


#: What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(cell: str) -> str:
    """A csv/tsv cell a spreadsheet shows as text: article text must not run as a formula there.

    A cell that starts like a formula gets a leading `'` (which spreadsheets hide); numbers such as
    `-3` stay as they are.
    """
    if cell.startswith(_FORMULA_START) and not _is_number(cell):
        return "'" + cell
    return cell


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _plain_row(record: Any) -> dict[str, str]:
    """The readable default of `--format plain`: a few fields, labels instead of objects."""
    if isinstance(record, SpeakerSummary):
        return record.to_dict()
    if isinstance(record, Attestation):
        st = record.statement
        return {
            "date": st.source.date or "undated",
            "outlet": _outlet(st),
            "speaker": st.speaker.label(),
            "wording": record.wdiff() if record.drift else record.wording,
            "flags": ", ".join(_trace_flags(record)),
            "id": st.id,
        }
    st = record.statement if isinstance(record, Hit) else record
    row = {"id": st.id, "kind": st.kind, "speaker": st.speaker.label(), "text": st.text}
    row["source"] = source_label(st)
    if isinstance(record, Hit):
        return {"score": f"{record.score:.1f}", **row}
    return row


# --- citations --------------------------------------------------------------------------------


#: APA 7 (8.27): a quotation of this many words or more is set as a block quotation, without
#: quotation marks; a shorter one runs in the text, in quotation marks.
BLOCK_QUOTE_WORDS = 40


def _markdown(st: Statement) -> str:
    src = st.source
    who = one_line(st.speaker.label())
    title = f"“{one_line(src.title)}”" if src.title else ""
    where = ", ".join(x for x in (title, one_line(src.publisher), one_line(src.date)) if x)
    url = one_line(src.url)
    line = f"— {who}" + (", reported speech" if st.kind == "claim" else "")
    if where:
        line += (", quoted in " if st.kind == "quote" else " in ") + where
    if url:
        line += f", <{url}>"
    words = one_line(st.text)
    if st.kind == "quote" and len(words.split()) >= BLOCK_QUOTE_WORDS:
        return f"> {words}\n>\n> {line}\n"
    shown = f"“{words}”" if st.kind == "quote" else words
    return f"{_md_escape(shown)} {line}\n"


def _md_escape(text: str) -> str:
    """Text that Markdown shows as written when it opens a paragraph (`#`, `>`, `-`, `1.` ...)."""
    return ("\\" + text) if re.match(r"[#>*+\-=|]|\d+[.)]\s", text) else text


def _write_citations(statements: Iterable[Statement], output: Output, out: IO[str]) -> int:
    from quotefind import cite

    fmt = output.format
    if fmt in (Format.csl_json, Format.bibtex):
        items = list(statements)
        if fmt is Format.csl_json:
            out.write(json_text(cite.csl_items(items), indent=2) + "\n")
        elif items:
            out.write(clean(cite.bibtex(items)) + "\n")
        return len(items)
    count = 0
    for st in statements:
        if count:
            out.write("\n")
        out.write(_markdown(st) if fmt is Format.md else clean(cite.citation(st, output.style)) + "\n")
        count += 1
    return count


# --- tables -----------------------------------------------------------------------------------


def _speakers_table(speakers: Sequence[SpeakerSummary], out: IO[str]) -> None:
    from rich.table import Table

    table = Table()
    for name in ("statements", "speaker", "role", "organisation", "also called"):
        table.add_column(name, justify="right" if name == "statements" else "left")
    for sp in speakers:
        table.add_row(
            _text(f"{sp.count:,}"),
            _text(sp.name),
            _text(", ".join(sp.roles)),
            _text(", ".join(sp.orgs)),
            _text(", ".join(sp.aliases)),
        )
    stdout_console(out).print(table)


def _generic_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], out: IO[str]) -> None:
    from rich.table import Table

    table = Table()
    for column in columns:
        table.add_column(column, no_wrap=not is_tty(out))
    for row in rows:
        table.add_row(*(_text(_cell(_get(row, c))) for c in columns))
    stdout_console(out).print(table)


# --- trace ------------------------------------------------------------------------------------


def _outlet(st: Statement) -> str:
    """Who published an attestation: the publisher, else the title, else the path."""
    return clean(st.source.publisher or st.source.title or st.source.path or "unknown")


def _trace_flags(record: Attestation) -> list[str]:
    return [
        flag
        for flag, on in (("other speaker", record.other_speaker), ("wording differs", record.drift))
        if on
    ]


def _wdiff_text(record: Attestation) -> Text:
    """The attested wording; where it differs from the earliest, in wdiff notation, coloured."""

    if not record.drift:
        return _text(record.wording)
    return _wdiff(record.diff)


def _wdiff(diff: Any) -> Text:
    """A word diff in wdiff's notation, readable without colour: [-checked words-]{+attested words+}."""
    from rich.text import Text

    shown = Text()
    for step in diff:
        if step.op == "equal":
            shown.append_text(_text(one_line(step.checked) + " "))
            continue
        if step.checked:
            shown.append_text(_text("[-" + one_line(step.checked) + "-]", "red"))
        if step.attested:
            shown.append_text(_text("{+" + one_line(step.attested) + "+}", "green"))
        shown.append(" ")
    shown.rstrip()
    return shown


def _trace_table(records: Sequence[Attestation], out: IO[str]) -> None:
    from rich.table import Table

    tty = is_tty(out)
    table = Table(show_lines=tty, expand=False)
    for name in ("#", "date", "outlet", "speaker", "wording (against the earliest)", "flags", "id"):
        wide = name.startswith("wording")
        table.add_column(name, no_wrap=not tty or name in ("#", "date", "id"), ratio=3 if wide else None)
    for i, record in enumerate(records, 1):
        st = record.statement
        table.add_row(
            _text(str(i)),
            _text(st.source.date or "undated"),
            _text(_outlet(st)),
            _text(st.speaker.label()),
            _wdiff_text(record),
            _text(", ".join(_trace_flags(record)), "bold"),
            _text(st.id, "dim"),
        )
    stdout_console(out).print(table)


def _md_cell(value: str) -> str:
    return one_line(value).replace("\\", "\\\\").replace("|", "\\|")


def _trace_markdown(records: Sequence[Attestation], out: IO[str]) -> int:
    """A Markdown table of the attestations, linked to their articles where a URL is known."""
    if not records:
        return 0
    out.write("| # | date | outlet | speaker | wording (against the earliest) | flags |\n")
    out.write("|---|---|---|---|---|---|\n")
    for i, record in enumerate(records, 1):
        st = record.statement
        outlet = _md_cell(_outlet(st))
        if st.source.url:
            outlet = f"[{outlet}](<{one_line(st.source.url).replace('>', '%3E')}>)"
        wording = record.wdiff() if record.drift else record.wording
        cells = (
            str(i),
            st.source.date or "undated",
            outlet,
            st.speaker.label(),
            wording,
            ", ".join(_trace_flags(record)),
        )
        out.write("| " + " | ".join(c if c is outlet else _md_cell(c) for c in cells) + " |\n")
    return len(records)


# --- entry points -----------------------------------------------------------------------------


def _as_output(fmt: Format | Output) -> Output:
    return fmt if isinstance(fmt, Output) else Output(format=fmt)


def render_records(
    records: Iterable[Any], output: Output | Format, kind: str, *, out: IO[str] | None = None
) -> int:
    """Print statements, hits or speakers (`kind`) as the output asks; return how many there were.

    Line formats stream; `table`, `json` and the citation lists read all records first. With
    `quiet`, nothing is printed but the records are still counted.
    """
    output = _as_output(output)
    out = out or sys.stdout
    fmt = output.format
    if output.quiet:
        return sum(1 for _ in records)
    if fmt is Format.table:
        items = list(records)
        if kind == SPEAKER:
            _speakers_table(items, out)
        elif kind == TRACE:
            _trace_table(items, out)
        elif kind not in (STATEMENT, HIT):
            _generic_table([r.to_dict() for r in items], output.fields or COLUMNS[kind], out)
        else:
            print_hits(
                [r if isinstance(r, Hit) else Hit(r, 100.0) for r in items],
                out,
                scored=output.scored and kind == HIT,
                max_lines=output.max_lines,
            )
        return len(items)
    if fmt is Format.md and kind == TRACE:
        return _trace_markdown(list(records), out)
    if fmt in CITATION_FORMATS:
        statements = (r.statement if isinstance(r, Hit | Attestation) else r for r in records)
        return _write_citations(statements, output, out)
    if fmt in (Format.jsonl, Format.json):
        return _write_json((select(r.to_dict(), output.fields) for r in records), fmt, out)
    if fmt is Format.plain and output.fields is None and kind in (STATEMENT, HIT, SPEAKER, TRACE):
        return _write_plain((_plain_row(r) for r in records), out)
    columns = output.fields or COLUMNS[kind]
    return _write_table_text((r.to_dict() for r in records), columns, fmt, out)


def _write_plain(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for row in rows:
        out.write("\t".join(one_line(_cell(v)) for v in row.values()) + "\n")
        count += 1
    return count


def render_hits(hits: Sequence[Hit], fmt: Format | Output, *, out: IO[str] | None = None) -> int:
    """Print search hits; return how many."""
    return render_records(hits, fmt, HIT, out=out)


def render_statements(
    statements: Iterable[Statement], fmt: Format | Output, *, out: IO[str] | None = None
) -> int:
    """Print statements (no score); return how many were printed."""
    return render_records(statements, fmt, STATEMENT, out=out)


def render_speakers(
    speakers: Sequence[SpeakerSummary], fmt: Format | Output, *, out: IO[str] | None = None
) -> int:
    """Print the speaker list; return how many."""
    return render_records(speakers, fmt, SPEAKER, out=out)


def render_trace(records: Sequence[Attestation], fmt: Format | Output, *, out: IO[str] | None = None) -> int:
    """Print the attestations of a traced quote, oldest first; return how many."""
    return render_records(records, fmt, TRACE, out=out)


def render_statement_detail(
    st: Statement, fmt: Format | Output, *, out: IO[str] | None = None, detail: Detail | None = None
) -> None:
    """Print one statement: on `table`, highlighted in its paragraph (or the passage of `detail`)
    with its source; else as `render_statements`."""
    output = _as_output(fmt)
    out = out or sys.stdout
    if output.format is not Format.table or output.quiet:
        render_statements([st], output, out=out)
        return
    from rich.text import Text

    from quotefind.detail import Detail, locate_pieces

    if detail is None:
        passage = st.context or st.text
        detail = Detail(st, passage, locate_pieces(st, passage), st.source.path or st.source.url or "")
    body = Text()
    body.append(f"{st.kind} ", style="bold")
    body.append(st.id + "\n", style="dim")
    body.append_text(_text("“" + st.text + "”\n", "bold"))
    body.append_text(_text("— " + st.speaker.label()))
    if st.speaker.mention and st.speaker.mention != st.speaker.name:
        body.append_text(_text(f" (as “{st.speaker.mention}”)", "dim"))
    if st.cue:
        body.append_text(_text(f", {st.cue}", "dim"))
    body.append("\n\n")
    # The statement stands out in its paragraph; the rest of the paragraph is plain.
    pos = 0
    for a, b in detail.spans:
        body.append_text(_text(detail.passage[pos:a]))
        body.append_text(_text(detail.passage[a:b], "bold underline"))
        pos = b
    body.append_text(_text(detail.passage[pos:] + "\n\n"))
    src = st.source
    where = detail.where if detail.where != src.url else ""
    for label, value in (
        ("title", src.title),
        ("publisher", src.publisher),
        ("date", src.date),
        ("url", src.url),
        ("path", where),
    ):
        if value:
            body.append(f"{label}: ", style="dim")
            body.append_text(_text(value + "\n"))
    for copy in st.all_sources[1:]:  # the same text indexed from other files (a wire story)
        body.append("also in: ", style="dim")
        label = copy_label(copy)
        shown = [label, *(x for x in (copy.url, copy.path) if x and x not in label)]
        body.append_text(_text(" · ".join(x for x in shown if x) + "\n"))
    body.append("offsets: ", style="dim")
    body.append(", ".join(f"{p.start}-{p.end}" for p in st.pieces) + "\n")
    stdout_console(out).print(body, end="")


_VERDICT_LABELS = {
    "verbatim": "VERBATIM: attested word for word",
    "variant": "CLOSE VARIANT: attested with other words",
    "other_speaker": "ATTESTED, OTHER SPEAKER: the words are attested, credited to someone else",
    "speaker_unknown": "ATTESTED, SPEAKER UNKNOWN: the words are attested, the article's speaker unresolved",
    "not_found": "NOT FOUND: no attested wording comes close",
}


def render_verdict(verdict: Verdict, fmt: Format | Output, *, out: IO[str] | None = None) -> None:
    """Print the answer of `verify`: on `table`, the verdict, the attested wording and its source,
    and a word diff in wdiff notation; in the other formats, the verdict record."""
    output = _as_output(fmt)
    out = out or sys.stdout
    if output.format is not Format.table or output.quiet:
        render_records([verdict], output, VERDICT, out=out)
        return
    from rich.text import Text

    body = Text()
    body.append(_VERDICT_LABELS.get(verdict.status, verdict.status), style="bold")
    body.append(f" (score {verdict.score:.0f})\n", style="dim")
    st = verdict.statement
    if st is not None:
        if verdict.status == "not_found":
            body.append("closest statement:\n", style="dim")
        span = (verdict.match.start, verdict.match.end) if verdict.match else None
        body.append("“")
        body.append_text(_highlighted(st.text, span))
        body.append("”\n")
        body.append_text(_text("— " + st.speaker.label() + "\n"))
        body.append_text(_text(source_label(st) + "\n", "dim"))
        body.append_text(_text(f"id {st.id}\n", "dim"))
    if verdict.status == "variant" or verdict.wording == "variant":
        body.append("diff: ", style="bold")
        body.append_text(_wdiff(verdict.diff))
        body.rstrip()
        body.append("\n")
    if verdict.also:
        more = " ..." if len(verdict.also) > 5 else ""
        body.append(f"also attested by {counted(len(verdict.also), 'other statement')}: ", style="dim")
        body.append(", ".join(verdict.also[:5]) + more + "\n", style="dim")
    stdout_console(out).print(body, end="")


def passed_over_note(other_types: int, not_articles: int) -> str:
    """`, 2 files of other types passed over` (what a folder walk left out), or "" for none."""
    if not other_types and not not_articles:
        return ""
    if not not_articles:
        return f", {counted(other_types, 'file')} of other types passed over"
    if not other_types:
        return f", {counted(not_articles, 'README/LICENSE/CHANGELOG file')} passed over"
    both = counted(other_types + not_articles, "file")
    return f", {both} passed over ({other_types:,} of other types, {not_articles:,} README/LICENSE/CHANGELOG)"


def summary_line(summary: IndexSummary) -> str:
    """Return the one-line summary of an indexing run (nouns agreed, thousands separated)."""
    if not summary.articles and not summary.removed:
        quiet = [f"no changes: {counted(summary.unchanged, 'article')} unchanged"]
        if summary.duplicates:
            quiet.append(counted(summary.duplicates, "duplicate"))
        if summary.skipped:
            quiet.append(f"{summary.skipped:,} skipped")
        return ", ".join(quiet)
    parts = [
        f"{counted(summary.articles, 'article')} indexed",
        counted(summary.quotes, "quote"),
        counted(summary.claims, "claim"),
        counted(summary.speakers, "speaker"),
    ]
    if summary.unchanged:
        parts.append(f"{summary.unchanged:,} unchanged")
    if summary.removed:
        parts.append(f"{counted(summary.removed, 'statement')} removed")
    if summary.duplicates:
        parts.append(f"{counted(summary.duplicates, 'duplicate')} (last copy kept)")
    if summary.skipped:
        parts.append(f"{summary.skipped:,} skipped")
    return ", ".join(parts)
