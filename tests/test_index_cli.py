"""`quotefind index` as a user runs it: options, summaries on stderr, errors as one sentence."""

from __future__ import annotations

import io
import json
import re
import time
from collections import Counter
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from quotefind.cli import app
from quotefind.pipeline import ProgressBar
from quotefind.store.whoosh.read import iter_statements

from .conftest import SEEDS
from .test_index import article_text, make_corpus

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def search_ids(*args: str) -> list[str]:
    result = run("search", "--limit", "10000", "-f", "jsonl", *args)
    return sorted(json.loads(line)["id"] for line in result.stdout.splitlines() if line.strip())


def test_rerun_says_nothing_changed(index_dir: Path) -> None:
    first = run("index", str(SEEDS))
    assert first.exit_code == 0 and first.stdout == ""
    assert first.stderr.startswith("2 articles indexed, ")
    again = run("index", str(SEEDS))
    assert again.exit_code == 0
    assert again.stderr.startswith(f"no changes: 2 articles unchanged -> {index_dir}")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_new_extractor_re_extracts_unchanged_articles(
    monkeypatch: pytest.MonkeyPatch, index_dir: Path, jobs: str
) -> None:
    assert run("index", str(SEEDS), "-j", jobs).exit_code == 0
    before = search_ids()
    monkeypatch.setattr("quotefind.extract.version", lambda: "an-upgraded-extractor")
    upgraded = run("index", str(SEEDS), "-j", jobs)
    assert upgraded.exit_code == 0
    assert re.match(rf"2 articles indexed, .*, {len(before)} statements removed", upgraded.stderr), (
        upgraded.stderr
    )
    assert search_ids() == before  # the same extractor rules here: the same statements, once each
    assert run("index", str(SEEDS), "-j", jobs).stderr.startswith("no changes: 2 articles unchanged")


def test_extractor_version_is_a_stable_fingerprint() -> None:
    from quotefind.extract import version

    assert re.fullmatch(r"[0-9a-f]{16}", version()) and version() == version()


def test_changed_and_pruned_files_are_reported(tmp_path: Path, index_dir: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 6)
    assert run("index", str(corpus)).exit_code == 0
    first, second = (corpus / "part0" / "article_0000.txt"), (corpus / "part1" / "article_0001.txt")
    per_file = Counter(st.source.path for st in iter_statements(index_dir))
    assert per_file[str(first)] and per_file[str(second)]  # the extractor finds the synthetic quotes
    first.write_text(article_text(0, 1), encoding="utf-8")
    changed = run("index", str(corpus))
    pattern = (
        r"1 article indexed, \d+ quotes?, \d+ claims?, \d+ speakers?, 5 unchanged, (\d+) statements? removed"
    )
    found = re.match(pattern, changed.stderr)
    assert found and int(found[1]) == per_file[str(first)], changed.stderr
    now = sum(Counter(st.source.path for st in iter_statements(index_dir)).values())
    second.unlink()
    pruned = run("index", str(corpus), "--prune")
    assert pruned.exit_code == 0
    assert pruned.stderr.startswith("0 articles indexed, 0 quotes, 0 claims, 0 speakers, 5 unchanged, ")
    assert f"{per_file[str(second)]} statements removed" in pruned.stderr
    assert len(search_ids()) == now - per_file[str(second)]


def test_rebuild_and_jobs_through_the_cli(tmp_path: Path, index_dir: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 60)
    assert run("index", str(corpus), "--jobs", "1").exit_code == 0
    ids = search_ids()
    rebuilt = run("index", str(corpus), "--rebuild", "--jobs", "2")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert rebuilt.stderr.startswith("60 articles indexed")
    assert search_ids() == ids


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--jobs", "0"], "--jobs"),
        (["--lock-timeout", "-1"], "--lock-timeout"),
        (["--commit-every", "0"], "--commit-every"),
    ],
)
def test_bad_option_values(args: list[str], message: str) -> None:
    result = run("index", str(SEEDS), *args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_other_schema_version_is_one_sentence_with_the_remedy(index_dir: Path) -> None:
    assert run("index", str(SEEDS)).exit_code == 0
    (index_dir / "quotefind.json").write_text('{"format": "quotefind-index", "schema": 99}', encoding="utf-8")
    for args in (["search", "talk"], ["index", str(SEEDS)]):
        result = run(*args)
        assert result.exit_code == 2
        assert "schema version 99" in result.stderr
        assert "quotefind index --rebuild" in result.stderr and "Traceback" not in result.output
    assert run("index", str(SEEDS), "--rebuild").exit_code == 0
    assert run("search", "talk").exit_code in (0, 1)


def test_progress_bar_says_when_the_index_commits(monkeypatch: pytest.MonkeyPatch, index_dir: Path) -> None:
    from quotefind.pipeline import index_paths

    monkeypatch.setenv("TERM", "xterm")
    shown = io.StringIO()
    bar = ProgressBar(Console(file=shown, force_terminal=True, width=120))
    summary = index_paths(index_dir, [str(SEEDS)], jobs=1, progress=bar)
    assert summary.articles == 2
    assert "committing" in shown.getvalue()  # the bar stays up through the commit, and says so


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm")  # rich draws no live display on a dumb terminal
    shown = io.StringIO()
    bar = ProgressBar(Console(file=shown, force_terminal=True, width=120))
    bar.start(10)
    bar.advance(4, 7)
    time.sleep(0.3)  # rich redraws ten times a second
    bar.stop()
    assert "indexing" in shown.getvalue() and "7 statements" in shown.getvalue()
    hidden = io.StringIO()
    quiet = ProgressBar(Console(file=hidden, force_terminal=False))
    quiet.start(10)
    quiet.advance(4, 7)
    quiet.stop()
    assert hidden.getvalue() == ""
