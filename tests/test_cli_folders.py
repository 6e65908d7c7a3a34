"""Folders as users have them: files of other types and README/LICENSE/CHANGELOG files passed over
and counted (not errors), `.quotefindignore` files in gitignore syntax, named files still read."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotefind.ingest import iter_paths, passed_over

from .clirun import jsonl, run

QUOTE = '"We will win this," Jane Doe said.\n'


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    (root / "2021").mkdir(parents=True)
    (root / "a.txt").write_text(QUOTE, encoding="utf-8")
    (root / "2021" / "b.txt").write_text(QUOTE.replace("win", "keep"), encoding="utf-8")
    (root / "PROVENANCE.json").write_text('{"source": "scrape"}', encoding="utf-8")
    (root / "2021" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (root / "README.md").write_text("# My news dump\n\n" + QUOTE, encoding="utf-8")
    (root / "LICENSE").write_text("CC-BY " + QUOTE, encoding="utf-8")
    (root / "CHANGELOG.txt").write_text(QUOTE, encoding="utf-8")
    return root


def test_other_types_are_passed_over_and_counted_not_errors(folder: Path) -> None:
    first = run("index", str(folder))
    assert first.exit_code == 0, first.stderr
    assert "skipped" not in first.stderr
    assert first.stderr.startswith("2 articles indexed, 2 quotes, 0 claims, 1 speaker, ")
    assert "5 files passed over (2 of other types, 3 README/LICENSE/CHANGELOG) -> " in first.stderr
    again = run("index", str(folder))
    assert again.exit_code == 0  # a re-run with no changes
    assert again.stderr.startswith("no changes: 2 articles unchanged, 5 files passed over")


def test_readme_license_changelog_are_not_articles(folder: Path) -> None:
    run("index", str(folder))
    paths = {Path(r["source"]["path"]).name for r in jsonl(run("export").stdout)}
    assert paths == {"a.txt", "b.txt"}


def test_only_other_types_are_named_so(tmp_path: Path) -> None:
    root = tmp_path / "dump"
    root.mkdir()
    (root / "a.txt").write_text(QUOTE, encoding="utf-8")
    (root / "PROVENANCE.json").write_text("{}", encoding="utf-8")
    (root / "x.pdf").write_bytes(b"%PDF")
    result = run("index", str(root))
    assert result.exit_code == 0
    assert "1 speaker, 2 files of other types passed over -> " in result.stderr


def test_a_named_file_that_cannot_be_read_is_still_an_error(folder: Path) -> None:
    result = run("index", str(folder / "2021" / "photo.png"))
    assert result.exit_code == 2
    assert "skipped" in result.stderr and "photo.png: binary file" in result.stderr


def test_a_named_readme_is_read(folder: Path) -> None:
    result = run("extract", str(folder / "README.md"), "--format", "jsonl")
    assert result.exit_code == 0 and jsonl(result.stdout)


def test_passed_over_counts_in_the_library(folder: Path) -> None:
    with passed_over() as tally:
        found = list(iter_paths([str(folder)]))
    assert found == [folder / "2021" / "b.txt", folder / "a.txt"]
    assert (tally.other_types, tally.not_articles) == (2, 3)


def test_quotefindignore_excludes_in_gitignore_syntax(folder: Path) -> None:
    (folder / "drafts").mkdir()
    (folder / "drafts" / "c.txt").write_text(QUOTE, encoding="utf-8")
    (folder / "2021" / "old.txt").write_text(QUOTE, encoding="utf-8")
    (folder / "2021" / "keep-old.txt").write_text(QUOTE, encoding="utf-8")
    # A folder-only rule, a pattern with `**`, a negation; comments and blank lines.
    (folder / ".quotefindignore").write_text(
        "# not news\ndrafts/\n\n**/*old.txt\n!keep-old.txt\n", encoding="utf-8"
    )
    # A nested ignore file adds to its parent's, for the folder below it.
    (folder / "2021" / ".quotefindignore").write_text("b.txt\n", encoding="utf-8")
    names = [p.relative_to(folder).as_posix() for p in iter_paths([str(folder)])]
    assert names == ["2021/keep-old.txt", "a.txt"]
    # A rule anchored at its folder: /a.txt below 2021/ is not the top a.txt.
    (folder / "2021" / ".quotefindignore").write_text("/a.txt\n", encoding="utf-8")
    names = [p.relative_to(folder).as_posix() for p in iter_paths([str(folder)])]
    assert names == ["2021/b.txt", "2021/keep-old.txt", "a.txt"]


def test_quotefindignore_does_not_hide_named_files(folder: Path) -> None:
    (folder / ".quotefindignore").write_text("a.txt\n", encoding="utf-8")
    assert [p.name for p in iter_paths([str(folder)])] == ["b.txt"]
    assert list(iter_paths([str(folder / "a.txt")])) == [folder / "a.txt"]
