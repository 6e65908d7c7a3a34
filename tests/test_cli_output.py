"""The CLI's output contract: formats, --fields, --quiet, cite, export/import, exit codes, streams.

Most tests use CliRunner on an index written from hand-built statements (no extractor). Those
about a real process (a pipe closed early, `python -m quotefind`, the locale) run a subprocess.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotefind import cli
from quotefind.cli import app
from quotefind.model import Source, Speaker, Statement
from quotefind.render import COLUMNS, HIT, SPEAKER, STATEMENT, Format, available_fields
from quotefind.store.whoosh.session import add_statements

from .records import sample, statement

runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def filled(index_dir: Path) -> Path:
    add_statements(index_dir, sample())
    return index_dir


LISTINGS = [["search", "win"], ["search"], ["export"], ["extract", "-"]]
ARTICLE = '"We will win this," Jane Doe said. "And we will keep it," she added.\n'


@pytest.mark.parametrize("args", LISTINGS, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("fmt", [f.value for f in Format])
def test_every_listing_command_takes_every_format(filled: Path, args: list[str], fmt: str) -> None:
    result = run(*args, "--format", fmt, input=ARTICLE)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.endswith("\n")
    if fmt == "jsonl":
        assert all(row["id"] and row["text"] for row in jsonl(out))
    elif fmt in ("json", "csl-json"):
        assert isinstance(json.loads(out), list) and json.loads(out)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows and all(r["id"] for r in rows)
    elif fmt in ("plain", "tsv"):
        assert all("\t" in line for line in out.splitlines())
    else:
        assert "\x1b" not in out


def test_default_format_when_piped_is_jsonl(filled: Path) -> None:
    for args in (["search", "win"], ["export"], ["speakers"]):
        result = run(*args)
        assert result.exit_code == 0
        assert jsonl(result.stdout)  # every line parses


def test_cite_command_defaults_to_apa_and_takes_a_style(filled: Path) -> None:
    st = sample()[0]
    apa = run("cite", st.id)
    assert apa.exit_code == 0
    assert apa.stdout == (
        # APA 7, 8.15: a title in the text in title case; 9.19: in the reference list in sentence case.
        "“We will win this” (Jane Doe, as cited in “A Title,” 2024).\n"
        "Reference: A title. (2024, March 5). The Paper. [URL unknown]\n"
    )
    mla = run("cite", st.id[:8], "--style", "mla")
    assert mla.stdout.startswith("According to Jane Doe, “We will win this” (qtd. in “A Title”).\n")
    chicago = run("cite", st.id, "--style", "chicago")
    assert "Note: Jane Doe, quoted in “A Title,” The Paper, March 5, 2024, [URL unknown]." in chicago.stdout
    csl = json.loads(run("cite", st.id, "-f", "csl-json").stdout)
    assert csl[0]["type"] == "article-newspaper" and csl[0]["issued"] == {"date-parts": [[2024, 3, 5]]}
    assert run("search", "win", "-f", "cite", "--style", "chicago").stdout.startswith(
        "“We will win this”\nNote:"
    )


def test_cite_unknown_id_exits_1(filled: Path) -> None:
    result = run("cite", "ffffffffffffffff")
    assert result.exit_code == 1 and "No statement with id" in result.stderr
    assert run("cite", "abc", "--style", "harvard").exit_code == 2


def test_fields_select_json_keys(filled: Path) -> None:
    result = run("search", "win", "--fields", "id,score,speaker.name")
    assert result.exit_code == 0
    assert jsonl(result.stdout) == [{"id": sample()[0].id, "score": 100.0, "speaker": {"name": "Jane Doe"}}]
    as_csv = run("export", "--fields", "kind,speaker.name", "-f", "csv").stdout.splitlines()
    assert as_csv == ["kind,speaker.name", "quote,Jane Doe", "claim,John Roe", "quote,"]


@pytest.mark.parametrize(
    ("args", "kind"),
    [
        (["search", "x", "--fields"], HIT),
        (["search", "--fields", "--limit", "3"], HIT),
        (["search", "--fields="], HIT),
        (["export", "--fields"], STATEMENT),
        (["extract", "-", "--fields"], STATEMENT),
        (["speakers", "--fields"], SPEAKER),
        (["show", "abc", "--fields"], STATEMENT),
    ],
)
def test_bare_fields_lists_the_fields_without_an_index(args: list[str], kind: str) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == available_fields(kind)


def test_a_query_after_double_dash_can_be_called_fields(filled: Path) -> None:
    result = run("search", "-f", "jsonl", "--", "--fields")
    assert result.exit_code == 1 and result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "x", "--fields", "bogus"], "Unknown field bogus"),
        (["search", "x", "--fields", "id", "-f", "table"], "--fields does not work with --format table"),
        (["speakers", "-f", "cite"], "Speakers cannot be printed as cite"),
        (["speakers", "--fields", "score"], "Unknown field score"),
        (["export", "-f", "yaml"], "yaml"),
        (["search", "x", "-f", "cite", "--style", "ieee"], "ieee"),
    ],
)
def test_output_option_errors_exit_2_before_any_work(args: list[str], message: str) -> None:
    result = run(*args)  # no index exists: the option error must come first
    assert result.exit_code == 2
    assert message in result.stderr + result.stdout
    assert "No index" not in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["search", "win", "-q"], 0),
        (["search", "zzzqqq", "--quiet"], 1),
        (["export", "-q"], 0),
        (["show", sample()[0].id, "-q"], 0),
        (["show", "ffffffffffffffff", "-q"], 1),
        (["cite", "ffffffffffffffff", "-q"], 1),
        (["speakers", "nobody at all", "-q"], 1),
        (["extract", "-", "-q"], 0),
    ],
)
def test_quiet_prints_nothing_and_sets_the_exit_code(filled: Path, args: list[str], code: int) -> None:
    result = run(*args, input=ARTICLE)
    assert result.exit_code == code
    assert result.stdout == "" and result.stderr == ""


def test_quiet_still_reports_errors(tmp_path: Path) -> None:
    result = run("search", "x", "-q", "--index", str(tmp_path / "none"))
    assert result.exit_code == 2 and "No index at" in result.stderr and result.stdout == ""


def test_nothing_found_is_1_with_empty_stdout_in_line_formats(filled: Path) -> None:
    for fmt, expected in (
        ("jsonl", ""),
        ("json", "[]\n"),
        ("plain", ""),
        ("csv", ",".join(COLUMNS[HIT]) + "\n"),
    ):
        result = run("search", "zzzqqq xxyyzz", "-f", fmt)
        assert result.exit_code == 1 and result.stdout == expected
    assert run("extract", "-", input="No quotes here.\n").exit_code == 1


def test_export_import_round_trip(filled: Path, tmp_path: Path) -> None:
    exported = run("export")
    assert exported.exit_code == 0
    lines = exported.stdout.splitlines()
    assert len(lines) == 3
    dump = tmp_path / "dump.jsonl"
    dump.write_text(exported.stdout, encoding="utf-8")
    fresh = tmp_path / "fresh"
    imported = run("import", str(dump), "--index", str(fresh))
    assert imported.exit_code == 0 and imported.stdout == ""
    assert "2 quotes, 1 claim," in imported.stderr
    assert run("export", "--index", str(fresh)).stdout.splitlines() == lines
    run("import", "-", "--index", str(fresh), input=exported.stdout)  # again, from stdin: no duplicates
    assert run("export", "--index", str(fresh)).stdout.splitlines() == lines
    found = jsonl(run("search", "plan", "--index", str(fresh)).stdout)
    assert [h["text"] for h in found] == ["the plan is sound"]


def test_import_takes_search_hits_too(filled: Path, tmp_path: Path) -> None:
    hits = run("search", "win").stdout
    assert run("import", "-", "--index", str(tmp_path / "ix"), input=hits).exit_code == 0
    assert [r["id"] for r in jsonl(run("export", "--index", str(tmp_path / "ix")).stdout)] == [sample()[0].id]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "x"}\n', "line 1 is not a statement"),
        ("\nnot json\n", "line 2 is not a statement"),
    ],
)
def test_import_refuses_what_is_not_an_export(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, encoding="utf-8")
    result = run("import", str(bad))
    assert result.exit_code == 2 and message in result.stderr
    assert run("import", str(tmp_path / "missing.jsonl")).exit_code == 2


def test_unexpected_exception_exits_2_never_1(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    # Under `search` and `search_page` alike (the CLI counts hits with the latter).
    monkeypatch.setattr("quotefind.search.engine._search", boom)
    result = run("search", "win")
    assert result.exit_code == 2
    assert "internal error: RuntimeError: disk on fire" in result.stderr
    assert "Traceback" not in result.output


def test_main_maps_every_ending_to_a_documented_code(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    def ending(exc: BaseException):
        def app(*args, **kwargs):
            raise exc

        return app

    for exc, code in (
        (RuntimeError("outside any command"), 2),
        (KeyboardInterrupt(), 130),
        (SystemExit(1), 1),
        (SystemExit(None), 0),
        (SystemExit("a message"), 2),
        (BrokenPipeError(), 0),
    ):
        monkeypatch.setattr(cli, "app", ending(exc))
        monkeypatch.setattr(cli, "_silence_stdout", lambda: None)
        with pytest.raises(SystemExit) as ended:
            cli.main()
        assert ended.value.code == code, exc
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: outside any command" in err and "Traceback" not in err


# --- real processes ---------------------------------------------------------------------------


def quotefind(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.Popen:
    full_env = {**os.environ, **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "quotefind", *args], env=full_env, **kwargs)


@pytest.fixture
def big(index_dir: Path) -> Path:
    """An index whose listings are far bigger than a pipe's buffer (64 KiB)."""
    words = "enough talk about the security dilemma in the high north " * 20
    add_statements(
        index_dir,
        [statement(f"{i} {words}", key=f"k{i}", speaker=Speaker(name=f"Speaker {i}")) for i in range(300)],
    )
    return index_dir


@pytest.mark.slow
@pytest.mark.parametrize(
    "args", [["export"], ["search", "--limit", "200"], ["search", "--limit", "200", "-f", "table"]]
)
def test_pipe_closed_early_ends_quietly(big: Path, args: list[str]) -> None:
    proc = quotefind(*args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()  # what `| head -1` does: one line, then close the pipe
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 0
    assert first.strip()
    assert err == b"", err.decode()


@pytest.mark.slow
def test_shell_pipeline_into_head(big: Path) -> None:
    done = subprocess.run(
        ["bash", "-c", f'set -o pipefail; "{sys.executable}" -m quotefind export | head -1'],
        capture_output=True,
        env=os.environ,
        timeout=60,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["text"].startswith("0 enough talk")
    assert done.stderr == b""


@pytest.mark.slow
def test_python_m_quotefind_exit_codes_and_streams(filled: Path) -> None:
    version = quotefind("--version", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = version.communicate(timeout=60)
    assert version.returncode == 0 and out.decode().startswith("quotefind ") and err == b""
    missing = quotefind(
        "search",
        "x",
        env={"QUOTEFIND_INDEX": str(filled.parent / "none")},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, err = missing.communicate(timeout=60)
    assert missing.returncode == 2 and out == b""
    assert err.decode().startswith("quotefind: No index at") and err.count(b"\n") == 1
    none = quotefind("search", "zzzqqq", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = none.communicate(timeout=60)
    assert none.returncode == 1 and out == b"" and err == b""


@pytest.mark.slow
def test_output_is_utf8_whatever_the_locale(index_dir: Path) -> None:
    st = statement("Søreide: “vi snakker” – 北极", source=Source(title="Ærlig"))
    add_statements(index_dir, [st])
    env = {"PYTHONIOENCODING": "ascii", "LC_ALL": "C", "LANG": "C"}
    proc = quotefind("export", env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    assert "Søreide: “vi snakker” – 北极".encode() in out
    assert Statement.from_dict(json.loads(out.decode("utf-8"))) == st
