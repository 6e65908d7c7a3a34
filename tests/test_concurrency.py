"""Two index runs on one index, and searches during a write, in real processes."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotefind.cli import app
from quotefind.errors import IndexLockedError
from quotefind.ingest import read_inputs
from quotefind.model import Article
from quotefind.store.whoosh.documents import extract_article
from quotefind.store.whoosh.lock import IndexLock
from quotefind.store.whoosh.session import write_session

from .test_index import fake_extract, make_corpus

runner = CliRunner()
#: Options of a write that commits in small batches in one process.
SLOW_WRITE = ("-j", "1", "--commit-every", "25", "--lock-timeout", "10")


def quotefind(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quotefind", *args], capture_output=True, text=True, check=False
    )


def spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "quotefind", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_second_run_waits_then_exits_2_with_a_sentence(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 4)
    location = tmp_path / "index"
    assert quotefind("index", str(corpus), "--index", str(location)).returncode == 0
    (corpus / "part0" / "article_0000.txt").write_text("changed", encoding="utf-8")
    with IndexLock(location):  # another process holds the lock
        start = time.monotonic()
        second = quotefind("index", str(corpus), "--index", str(location), "--lock-timeout", "0.5")
        waited = time.monotonic() - start
    assert second.returncode == 2
    assert "Another quotefind run holds the index" in second.stderr
    assert "--lock-timeout" in second.stderr and "Traceback" not in second.stderr
    assert waited >= 0.5
    third = quotefind("index", str(corpus), "--index", str(location))
    assert third.returncode == 0 and "1 article indexed" in third.stderr


def test_searches_and_a_second_run_during_an_open_write(tmp_path: Path, index_dir: Path) -> None:
    """A write in progress (lock held, a batch committed, more added): readers see the last commit."""
    corpus = make_corpus(tmp_path / "corpus", 6)
    assert runner.invoke(app, ["index", str(corpus / "part0")]).exit_code == 0
    committed = search_ids(index_dir)
    articles = [a for a in read_inputs([str(corpus / "part1")]) if isinstance(a, Article)]
    with write_session(index_dir) as session:
        session.write(extract_article(articles[0], fake_extract))
        session.commit(final=False)
        session.write(extract_article(articles[1], fake_extract))  # not committed yet
        during = quotefind("search", "--index", str(index_dir), "-n", "1000", "-f", "jsonl")
        assert during.returncode == 0, during.stderr
        seen = sorted(json.loads(line)["id"] for line in during.stdout.splitlines())
        assert set(committed) < set(seen)
        assert not {st.id for st in fake_extract(articles[1])} & set(seen)
        second = quotefind("index", str(corpus), "--index", str(index_dir), "--lock-timeout", "0.3")
        assert second.returncode == 2 and "Another quotefind run holds the index" in second.stderr
    assert {st.id for st in fake_extract(articles[1])} <= set(search_ids(index_dir))


def search_ids(location: Path) -> list[str]:
    result = runner.invoke(app, ["search", "--index", str(location), "-n", "1000", "-f", "jsonl"])
    return sorted(json.loads(line)["id"] for line in result.stdout.splitlines() if line.strip())


@pytest.mark.slow
def test_two_runs_at_once_and_searches_during_the_write(tmp_path: Path) -> None:
    small = make_corpus(tmp_path / "small", 10)
    big = make_corpus(tmp_path / "big", 400)
    location = tmp_path / "index"
    assert runner.invoke(app, ["index", str(small), "--index", str(location)]).exit_code == 0
    # The first run ends with an article from stdin: it holds the lock until the test sends it, so
    # the checks below happen during its write however fast the files are indexed.
    first = subprocess.Popen(
        [sys.executable, "-m", "quotefind", "index", str(big), "-", "--index", str(location), *SLOW_WRITE],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    waiter = None
    try:
        # Wait until the first run holds the lock (it is the only one trying).
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with IndexLock(location):
                    pass
            except IndexLockedError:
                break
            time.sleep(0.02)
        else:
            pytest.fail("the first run never took the lock")
        second = quotefind("index", str(small), "--index", str(location), "--lock-timeout", "0.5")
        assert second.returncode == 2, second.stderr
        assert "Another quotefind run holds the index" in second.stderr
        waiter = spawn("index", str(small), "--index", str(location), "--lock-timeout", "60")
        for _ in range(3):
            result = runner.invoke(app, ["search", "bridges", "--index", str(location), "-f", "jsonl"])
            assert result.exit_code == 0, result.output
        assert first.poll() is None and waiter.poll() is None  # both still at work or waiting
        _, err = first.communicate('"We will build the bridges," the mayor said on Monday.\n', timeout=120)
        assert first.returncode == 0, err
        assert "401 articles indexed" in err
        _, waited = waiter.communicate(timeout=60)
        assert waiter.returncode == 0 and "no changes: 10 articles unchanged" in waited
    finally:
        for proc in (first, waiter):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.communicate()
    assert quotefind("index", str(big), "--index", str(location)).stderr.startswith(
        "no changes: 400 articles unchanged"
    )


@pytest.mark.slow
def test_searches_keep_working_while_a_rebuild_swaps_the_index(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 120)
    location = tmp_path / "index"
    assert runner.invoke(app, ["index", str(corpus), "--index", str(location)]).exit_code == 0
    before = runner.invoke(app, ["search", "bridges", "--index", str(location), "-n", "1000", "-f", "jsonl"])
    rebuild = spawn("index", str(corpus), "--index", str(location), "--rebuild", "-j", "1")
    try:
        searches = 0
        while rebuild.poll() is None or not searches:
            result = runner.invoke(
                app, ["search", "bridges", "--index", str(location), "-n", "1000", "-f", "jsonl"]
            )
            assert result.exit_code == 0, result.output
            assert result.stdout == before.stdout  # the old index, then the new one: the same statements
            searches += 1
        _, err = rebuild.communicate()
        assert rebuild.returncode == 0, err
    finally:
        if rebuild.poll() is None:
            rebuild.kill()
            rebuild.communicate()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "index"]
