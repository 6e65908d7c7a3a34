"""Help and errors as a person meets them: -h, help with no arguments, metavars that read as words,
each command's formats and defaults, examples, our own sentences for bad numbers, dates and ids,
the "No index" remedy, plurals and thousands separators."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from quotefind.cli import app
from quotefind.cliparams import EXAMPLES
from quotefind.model import IndexSummary
from quotefind.render import summary_line

from .clirun import run
from .conftest import SEEDS

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", COMMANDS)
def test_dash_h_is_help_everywhere(name: str) -> None:
    short, long = run(name, "-h"), run(name, "--help")
    assert short.exit_code == 0 and short.stdout == long.stdout
    assert f"Usage: quotefind {name}" in short.stdout


def test_no_arguments_prints_help_and_exits_0() -> None:
    result = run()
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: quotefind") and "Commands:" in result.stdout


def test_the_top_level_list_shows_whole_descriptions() -> None:
    text = flat(run("-h").stdout.split("Commands:")[1])
    assert "..." not in text  # click cut each at ~45 characters
    assert "index Extract statements from articles into the index: new and changed files only" in text
    assert "(re-indexing replaces)." in text


@pytest.mark.parametrize("name", COMMANDS)
def test_metavars_read_as_words(name: str) -> None:
    text = run(name, "-h").stdout
    for machine in ("<int range>", "<float range>", "<str>", "<path>", "{paths}", "{", "x>=", "<=x", "<apa|"):
        assert machine not in text, (name, machine)
    assert "Examples:" in text
    for example in EXAMPLES[name]:
        assert example in text


@pytest.mark.parametrize(
    ("name", "formats", "default"),
    [
        (
            "speakers",
            "table, plain, jsonl, json, csv or tsv.",
            "Default: table on a terminal, jsonl when piped.",
        ),
        ("verify", "table, plain, jsonl, json, csv or tsv.", "Default: table on a terminal"),
        ("cite", "csl-json or bibtex.", "Default: cite."),
        ("export", "bibtex or opensearch-bulk", "Default: jsonl."),
        ("search", "csl-json or bibtex.", "Default: table on a terminal, jsonl when piped."),
    ],
)
def test_each_command_lists_its_formats_and_real_default(name: str, formats: str, default: str) -> None:
    text = flat(run(name, "-h").stdout)
    assert formats in text and default in text
    if name in ("speakers", "verify"):
        assert "bibtex" not in text and "--style" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "-n", "abc"], "'abc' is not a whole number - give one like 10."),
        (["search", "-n", "0"], "0 is too small - give 1 or more."),
        (["search", "--min-score", "101"], "101 is out of range - give between 0 and 100."),
        (["index", "x", "--jobs", "two"], "'two' is not a whole number"),
        (["speakers", "--limit", "-1"], "-1 is too small - give 0 or more."),
        (["search", "--since", "2020-13"], "'2020-13' is not a date - give a year, a month or a day"),
        (["search", "--since", "2020-02-30"], "'2020-02-30' is not a date"),
        (["search", "--until", "20201"], "'20201' is not a date"),
        (["search", "--since", "2005", "--until", "2004"], "--since 2005 is after --until 2004 - swap them"),
        (
            ["search", "--since", "2004-05", "--until", "2004-04-30"],
            "--since 2004-05 is after --until 2004-04-30",
        ),
        (["show", "cc67e"], "'cc67e' is too short - give at least 6 characters of the id"),
        (["cite", "abc"], "'abc' is too short"),
    ],
)
def test_usage_errors_are_sentences_of_ours(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in flat(result.stderr)
    assert "valid int" not in result.stderr and "int range" not in result.stderr


def test_a_date_range_within_one_year_is_fine(tmp_path: Path) -> None:
    assert run("index", str(SEEDS)).exit_code == 0
    # Same year as a bound on both sides, a month inside a year: no error (undated seeds: nothing found).
    assert run("search", "--since", "2004", "--until", "2004").exit_code == 1
    assert run("search", "--since", "2004-03", "--until", "2004").exit_code == 1


def test_no_index_names_the_folder_in_full_and_a_command_that_works_anywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUOTEFIND_INDEX")
    result = run("search", "anything")
    assert result.exit_code == 2
    folder = tmp_path.resolve() / "index"
    assert re.search(
        rf"No index at {re.escape(str(folder))} - make one with `quotefind index --index", result.stderr
    )
    assert "seeds/" not in result.stderr


@pytest.mark.parametrize(
    ("summary", "line"),
    [
        (
            IndexSummary(articles=1, quotes=1, claims=0, speakers=1),
            "1 article indexed, 1 quote, 0 claims, 1 speaker",
        ),
        (
            IndexSummary(
                articles=12_345, quotes=40_001, claims=2, speakers=1_000, unchanged=3_000, removed=1
            ),
            "12,345 articles indexed, 40,001 quotes, 2 claims, 1,000 speakers, 3,000 unchanged, "
            "1 statement removed",
        ),
        (IndexSummary(unchanged=1), "no changes: 1 article unchanged"),
        (IndexSummary(unchanged=4_000, duplicates=1), "no changes: 4,000 articles unchanged, 1 duplicate"),
    ],
)
def test_summaries_agree_and_separate_thousands(summary: IndexSummary, line: str) -> None:
    assert summary_line(summary) == line


def test_index_of_one_article_says_article(tmp_path: Path) -> None:
    one = tmp_path / "one.txt"
    one.write_text('"We will win this," Jane Doe said.\n', encoding="utf-8")
    result = run("index", str(one))
    assert result.stderr.startswith("1 article indexed, 1 quote, 0 claims, 1 speaker -> ")


def test_ctrl_c_during_index_says_what_was_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import quotefind.pipeline

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(quotefind.pipeline, "index_paths", interrupted)
    result = run("index", str(SEEDS), "--commit-every", "1000")
    assert result.exit_code == 130
    assert result.stderr == (
        "quotefind: interrupted - the index keeps what it had committed (a commit every 1,000 articles); "
        "run the same command again to index the rest (unchanged files are skipped).\n"
    )


def test_an_ambiguous_id_prefix_lists_the_candidates(index_dir: Path) -> None:
    from quotefind.store.whoosh.session import add_statements

    from .records import statement

    seen: dict[str, object] = {}
    for i in range(200_000):  # two ids that share their first 6 characters (a birthday search)
        st = statement(f"words {i}", key=f"k{i}")
        if st.id[:6] in seen:
            pair = [seen[st.id[:6]], st]
            break
        seen[st.id[:6]] = st
    add_statements(index_dir, pair)
    prefix = pair[0].id[:6]
    result = run("show", prefix)
    assert result.exit_code == 2
    ids = sorted(p.id for p in pair)
    assert result.stderr == (
        f"quotefind: Id {prefix} is ambiguous: it starts {ids[0]}, {ids[1]} - give more of its characters.\n"
    )
    assert run("cite", ids[0][:10]).exit_code == 0  # more characters: found
