"""`quotefind import` streams through the indexing writer and commits in batches; `quotefind export`
reads one stored document at a time, in the order it always gave (issue 14)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from quotefind.model import Statement
from quotefind.pipeline import index_paths
from quotefind.store.whoosh import read as read_module
from quotefind.store.whoosh import session as session_module
from quotefind.store.whoosh.location import open_index

from .clirun import jsonl, run
from .test_index import article_text, fake_extract, make_corpus


@pytest.fixture
def exported(tmp_path: Path) -> list[str]:
    """The export of an index of 24 articles (two statements each, but every seventh)."""
    corpus = make_corpus(tmp_path / "corpus", 24)
    source = tmp_path / "source"
    index_paths(source, [str(corpus)], jobs=1, extract=fake_extract, commit_every=5)
    result = run("export", "--index", str(source))
    assert result.exit_code == 0
    return result.stdout.splitlines()


def test_import_commits_in_batches_of_articles(tmp_path: Path, exported: list[str]) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(exported) + "\n", encoding="utf-8")
    location = tmp_path / "copy"
    result = run("import", str(dump), "--index", str(location), "--commit-every", "5")
    assert result.exit_code == 0, result.stderr
    # 21 articles with statements, 5 per commit: several segments (merged small at the end).
    assert open_index(location).latest_generation() >= 4
    assert run("export", "--index", str(location)).stdout.splitlines() == exported


def test_a_failed_import_keeps_its_commits_and_a_rerun_converges(tmp_path: Path, exported: list[str]) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join([*exported, "not json"]) + "\n", encoding="utf-8")
    location = tmp_path / "copy"
    result = run("import", str(broken), "--index", str(location), "--commit-every", "4")
    assert result.exit_code == 2 and f"line {len(exported) + 1} is not a statement" in result.stderr
    kept = jsonl(run("export", "--index", str(location)).stdout)
    assert 0 < len(kept) < len(exported)
    fixed = tmp_path / "fixed.jsonl"
    fixed.write_text("\n".join(exported) + "\n", encoding="utf-8")
    assert run("import", str(fixed), "--index", str(location), "--commit-every", "4").exit_code == 0
    assert run("export", "--index", str(location)).stdout.splitlines() == exported


def test_a_statement_given_twice_in_one_import_is_written_once(tmp_path: Path, exported: list[str]) -> None:
    twice = "\n".join(exported + exported) + "\n"
    location = tmp_path / "copy"
    result = run("import", "-", "--index", str(location), input=twice)
    assert result.exit_code == 0, result.stderr
    assert run("export", "--index", str(location)).stdout.splitlines() == exported


def test_import_uses_the_writer_of_index_not_update_document(
    tmp_path: Path, exported: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotefind.store.whoosh.patches import writer_class

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("update_document analyses each document again and deletes by id")

    monkeypatch.setattr(writer_class(), "update_document", refuse)
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(exported) + "\n", encoding="utf-8")
    assert session_module.add_statements(tmp_path / "copy", read_lines(dump)).articles == 21


def read_lines(path: Path) -> Iterator[Statement]:
    from quotefind.exchange import read_statements

    return read_statements([str(path)])


def test_export_never_loads_every_stored_document(
    tmp_path: Path, exported: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import whoosh.reading

    def refuse(self: object) -> None:
        raise AssertionError("all_stored_fields holds the whole index")

    for cls in vars(whoosh.reading).values():
        if isinstance(cls, type) and "all_stored_fields" in vars(cls):
            monkeypatch.setattr(cls, "all_stored_fields", refuse)
    index = tmp_path / "again"
    index_paths(index, [str(tmp_path / "corpus")], jobs=1, extract=fake_extract, commit_every=5)
    again = [json.dumps(st.to_dict(), ensure_ascii=False) for st in read_module.iter_statements(index)]
    assert [json.loads(x)["id"] for x in again] == [json.loads(x)["id"] for x in exported]


def test_export_orders_by_path_then_position_across_segments(tmp_path: Path) -> None:
    # Articles written in reverse path order, one per commit: document order is not path order.
    location = tmp_path / "ix"
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in reversed(range(6)):
        (folder / f"a{i}.txt").write_text(article_text(i), encoding="utf-8")
        index_paths(location, [str(folder / f"a{i}.txt")], jobs=1, extract=fake_extract)
    rows = jsonl(run("export", "--index", str(location)).stdout)
    keys = [(r["source"]["path"], r["start"]) for r in rows]
    assert keys == sorted(keys) and len(keys) == 15  # three statements in each article but a3
