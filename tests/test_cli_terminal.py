"""Reading results on a terminal: the hits table's widths, the stacked layout, cut statements,
the stderr notes (nothing found, the limit), the score column only where it means something.

The CLI runs in-process on a real index of the seeds and one article with a very long quote; rich
is put in terminal mode as `FakeTerminal` does in test_render.py (stdout reports a tty).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quotefind import layout, render, terminal
from quotefind.model import Speaker

from .clirun import jsonl, run
from .conftest import SEEDS

LONG = " ".join(["The harbour plan will cost more than anyone has admitted, and the council knows it"] * 8)
ARTICLE = f"""Harbour plan under fire

The mayor, Jane Doe, spoke on Monday.

“{LONG},” Jane Doe said at the meeting.

Critics said the plan was rushed.
"""


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "harbour.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("index", str(SEEDS), str(folder))
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def tty(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdout is a terminal (as rich sees it and as our default format does)."""
    for module in (terminal, render, layout):
        monkeypatch.setattr(module, "is_tty", lambda stream: True)


def table_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_the_statement_gets_most_of_a_wide_terminal(articles: Path, tty: None, monkeypatch) -> None:
    # Without expand=True rich ignored the ratios: a quote wrapped to 25 characters at 120 columns.
    monkeypatch.setenv("COLUMNS", "120")
    result = run("search", "harbour plan", "-n", "1")
    assert result.exit_code == 0, result.output
    lines = table_lines(result.stdout)
    assert max(len(line) for line in lines) == 120
    header = next(line for line in lines if "statement" in line)
    cells = [c for c in header.split("┃") if c]
    widths = {c.strip(): len(c) for c in cells}
    assert widths["statement"] > 120 // 3
    assert widths["statement"] > 2 * widths["speaker"]


def test_a_narrow_terminal_stacks_one_block_per_hit(articles: Path, tty: None, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    result = run("search", "harbour plan", "-n", "2")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "┃" not in result.stdout and "│" not in result.stdout  # no table
    assert all(len(line) <= 60 for line in lines)
    assert lines[0].startswith("100 verbatim · quote · Jane Doe")
    assert lines[1].startswith("The harbour plan will cost more than anyone has admitted,")
    ids = [line.rsplit(" · ", 1)[1] for line in lines if line.startswith("Harbour plan under fire · ")]
    assert ids and all(len(i) == 16 for i in ids)  # the id stays, for `show`


def test_a_medium_terminal_drops_the_id_column_first(articles: Path, tty: None, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "90")
    result = run("search", "harbour plan", "-n", "1")
    assert "statement" in result.stdout and " id " not in result.stdout


def test_long_statements_are_cut_on_a_terminal_and_whole_with_full(
    articles: Path, tty: None, monkeypatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    cut = run("search", "harbour plan", "-n", "1").stdout
    text_lines = [line for line in cut.splitlines()[1:] if not line.startswith("Harbour plan under")]
    assert len(text_lines) == 4 and text_lines[-1].endswith("…")
    two = run("search", "harbour plan", "-n", "1", "--max-lines", "2").stdout
    assert len(two.splitlines()) == 4 and two.splitlines()[2].endswith("…")
    full = run("search", "harbour plan", "-n", "1", "--full").stdout
    assert "…" not in full
    assert " ".join(full.split()).count("the council knows it") == 8


def test_piped_output_is_never_cut(articles: Path) -> None:
    result = run("search", "harbour plan", "-n", "1", "--format", "table")
    assert "…" not in result.stdout and result.stdout.count("the council knows it") == 8


def test_no_hits_on_a_terminal_is_one_line_on_stderr(articles: Path, tty: None) -> None:
    result = run("search", "zebra crossing quagmire")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "quotefind: no statements match.\n"


def test_the_limit_cut_is_told_on_stderr(articles: Path, tty: None) -> None:
    result = run("search", "--limit", "3")
    assert result.exit_code == 0
    listed = jsonl(run("search", "--limit", "1000", "--format", "jsonl").stdout)
    assert result.stderr == f"quotefind: showing 3 of {len(listed):,} (use --limit).\n"
    everything = run("search", "--limit", "1000")
    assert "showing" not in everything.stderr


def test_scores_show_only_for_a_text_query(articles: Path, tty: None, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    listing = run("search", "--speaker", "Jane Doe")
    assert listing.exit_code == 0, listing.output
    assert "score" not in listing.stdout and "100" not in listing.stdout
    ranked = run("search", "harbour plan")
    assert "score" in ranked.stdout and "band" in ranked.stdout


# --- show ---------------------------------------------------------------------------------------


def harbour_id() -> str:
    rows = jsonl(run("search", "harbour plan", "-n", "1", "--format", "jsonl").stdout)
    return rows[0]["id"]


def test_show_highlights_the_statement_not_the_whole_paragraph(articles: Path, tty, monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    out = run("show", harbour_id()).stdout
    paragraph = out.split("\n\n")[1]
    # The attribution after the quote is plain; the quote's words are set off (bold, underlined).
    assert "\x1b[3m" not in out  # no longer the whole paragraph in italics
    assert re.search(r"\x1b\[1;4mThe harbour plan", paragraph)
    assert re.search(r"knows it,\x1b\[0m” Jane Doe said at the meeting\.", paragraph)


def test_show_context_adds_the_paragraphs_around(articles: Path, tty) -> None:
    plain = run("show", harbour_id()).stdout
    assert "spoke on Monday" not in plain and "rushed" not in plain
    result = run("show", harbour_id(), "--context", "1")
    assert result.exit_code == 0, result.output
    assert "The mayor, Jane Doe, spoke on Monday.\n\n“The harbour plan" in result.stdout
    assert "Jane Doe said at the meeting.\n\nCritics said the plan was rushed.\n" in result.stdout


def test_show_context_of_a_changed_article_says_so(articles: Path, tty) -> None:
    sid = harbour_id()
    (articles / "harbour.txt").write_text(ARTICLE.replace("Monday", "Tuesday"), encoding="utf-8")
    result = run("show", sid, "-C", "1")
    assert result.exit_code == 0
    assert "the article has changed since it was indexed" in result.stderr
    assert "Tuesday" not in result.stdout and "Jane Doe said at the meeting" in result.stdout


def test_show_gives_a_path_that_resolves_after_a_cd(articles: Path, tty, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(articles.parent)
    relative = tmp_path / "rel"
    relative.mkdir()
    (relative / "a.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.setenv("QUOTEFIND_INDEX", str(tmp_path / "index2"))
    assert run("index", "rel").exit_code == 0
    sid = harbour_id()
    monkeypatch.chdir("/")
    out = run("show", sid).stdout
    path = re.search(r"^path: (.*)$", out, re.M)
    assert path and Path(path.group(1)).is_absolute() and Path(path.group(1)).is_file()
    assert path.group(1) == str((relative / "a.txt").resolve())


@pytest.mark.parametrize(
    ("speaker", "label"),
    [
        (Speaker(mention="The Tory leader", role="The Tory leader"), "The Tory leader"),
        (Speaker(mention="sources", role="sources"), "sources"),
        (Speaker(name="Rishi Sunak", role="Prime Minister"), "Rishi Sunak (Prime Minister)"),
        (Speaker(mention="the minister", role="Minister", org="Treasury"), "the minister (Treasury)"),
    ],
)
def test_labels_do_not_repeat_the_role_as_the_name(speaker: Speaker, label: str) -> None:
    assert speaker.label() == label
