"""Issue 14: the same article key from two inputs of one run is never dropped in silence."""

from __future__ import annotations

import json
from pathlib import Path

from .clirun import jsonl, run

MONDAY = '"We will win," said Jane Doe on Monday.'
TUESDAY = '"We will surely win," said Jane Doe on Tuesday.'


def write_lines(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def warnings_of(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("quotefind: warning: ")]


def texts() -> list[str]:
    return [r["text"] for r in jsonl(run("export").stdout)]


def test_the_same_url_in_two_files_keeps_the_last_copy_and_says_so(tmp_path: Path) -> None:
    one = write_lines(tmp_path / "one.jsonl", {"url": "https://ex.org/a", "text": MONDAY})
    two = write_lines(tmp_path / "two.jsonl", {"url": "https://ex.org/a", "text": TUESDAY})
    result = run("index", str(one), str(two), "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    warned = warnings_of(result.stderr)
    assert len(warned) == 1, result.stderr
    assert f"{two}#line1" in warned[0] and f"{one}#line1" in warned[0] and "the last is kept" in warned[0]
    assert "1 article indexed, 1 quote" in result.stderr
    assert "1 duplicate (last copy kept)" in result.stderr
    assert texts() == ["We will surely win,"]


def test_the_same_url_and_text_in_two_files_is_read_once_and_said(tmp_path: Path) -> None:
    one = write_lines(tmp_path / "one.jsonl", {"url": "https://ex.org/a", "text": MONDAY})
    two = write_lines(tmp_path / "two.jsonl", {"url": "https://ex.org/a", "text": MONDAY})
    result = run("index", str(one), str(two), "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    warned = warnings_of(result.stderr)
    assert len(warned) == 1 and "read once" in warned[0] and f"{one}#line1" in warned[0], result.stderr
    assert "1 duplicate" in result.stderr
    assert texts() == ["We will win,"]


def test_the_last_copy_replaces_one_written_in_the_same_batch_or_an_earlier_one(tmp_path: Path) -> None:
    """Whoosh cannot delete what its open writer added: the batch is committed first."""
    files = [
        write_lines(tmp_path / f"{n}.jsonl", {"id": "story-1", "text": text})
        for n, text in enumerate([MONDAY, TUESDAY, MONDAY.replace("Monday", "Friday")])
    ]
    for commit_every in ("1", "100"):
        result = run("index", "--rebuild", *map(str, files), "--jobs", "1", "--commit-every", commit_every)
        assert result.exit_code == 0, result.stderr
        assert "2 duplicates" in result.stderr and len(warnings_of(result.stderr)) == 2
        assert texts() == ["We will win,"]
        [record] = jsonl(run("export").stdout)
        assert record["source"]["path"].startswith(str(files[2]))
