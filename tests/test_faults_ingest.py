"""Issue 14, ingestion: a bad field costs the field, not the article; odd names and repeats lose nothing."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from quotefind.ingest import STDIN, Skipped, read_path
from quotefind.model import Article

from .clirun import jsonl, run

QUOTE = '"We will build the bridge before winter," said Jane Smith, the mayor of Tromsø.'
OTHER = '"The bridge will cost more than planned," said Ola Nordmann, the finance director.'


def warnings_of(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("quotefind: warning: ")]


def only_article(path: Path | str, **kw) -> Article:
    items = list(read_path(path, **kw))
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


# --- 1. a bad date or one bad character reference costs that field, not the article -------------


def _bad_date_inputs(tmp_path: Path) -> dict[str, Path]:
    md = tmp_path / "front.md"
    md.write_text(f"---\ntitle: Bridge\ndate: 2021-02-30\n---\n{QUOTE}\n", encoding="utf-8")
    lines = tmp_path / "wire.jsonl"
    record = {"text": QUOTE, "date": "2021-02-30", "url": "https://example.org/bridge"}
    lines.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return {"markdown": md, "jsonl": lines}


@pytest.mark.parametrize("kind", ["markdown", "jsonl"])
def test_impossible_date_keeps_the_article_without_the_date_and_warns(tmp_path: Path, kind: str) -> None:
    path = _bad_date_inputs(tmp_path)[kind]
    result = run("extract", str(path), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    rows = jsonl(result.stdout)
    assert [r["text"] for r in rows] == ["We will build the bridge before winter,"]
    assert rows[0]["source"]["date"] is None
    if kind == "markdown":
        assert rows[0]["source"]["title"] == "Bridge"  # the other fields are kept
    warned = warnings_of(result.stderr)
    assert len(warned) == 1 and "2021-02-30" in warned[0] and str(path) in warned[0], result.stderr


def test_impossible_date_gives_way_to_the_date_option(tmp_path: Path) -> None:
    path = _bad_date_inputs(tmp_path)["markdown"]
    result = run("extract", str(path), "--format", "jsonl", "--date", "2021-03-01")
    assert result.exit_code == 0, result.stderr
    assert {r["source"]["date"] for r in jsonl(result.stdout)} == {"2021-03-01"}


def test_impossible_yaml_date_is_read_as_text_by_the_library(tmp_path: Path) -> None:
    path = _bad_date_inputs(tmp_path)["markdown"]
    article = only_article(path)
    assert article.source.date is None
    assert article.source.title == "Bridge"
    assert article.text.startswith('"We will build the bridge')


PAGE = (
    "<html><head><title>Bridge</title></head><body><article>"
    "<p>{quote}{ref}</p><p>The council will vote on the plan next week, and the budget is due in May.</p>"
    "</article></body></html>"
)


@pytest.mark.parametrize("ref", ["&#11;", "&#x0B;", "&#1;", "&#12;", "&#xFFFE;", "&#65535;"])
def test_control_character_reference_in_html_keeps_the_article(tmp_path: Path, ref: str) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE.format(quote=QUOTE, ref=ref), encoding="utf-8")
    result = run("extract", str(page), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert [r["text"] for r in jsonl(result.stdout)] == ["We will build the bridge before winter,"]
    warned = warnings_of(result.stderr)
    assert len(warned) == 1 and ref in warned[0] and str(page) in warned[0], result.stderr


def test_control_character_reference_in_json_lines_html_keeps_the_article(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps({"html": PAGE.format(quote=QUOTE, ref="&#11;"), "id": "b1"}) + "\n")
    items = list(read_path(path))
    assert len(items) == 1 and isinstance(items[0], Article), items
    assert items[0].text.startswith('"We will build the bridge')


def test_html_without_control_references_is_read_without_warning(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE.format(quote=QUOTE, ref="&#10;&#9;&#233;&#x2014;"), encoding="utf-8")
    result = run("extract", str(page), "--format", "jsonl")
    assert result.exit_code == 0 and not warnings_of(result.stderr), result.stderr


# --- 2. a file name that is not UTF-8 is indexed, its path shown with escapes ---------------------


@pytest.fixture
def odd_names(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a-plain.txt").write_text(OTHER + "\n", encoding="utf-8")
    odd = os.path.join(os.fsencode(folder), b"caf\xe9.txt")  # Latin-1 bytes: not UTF-8
    with open(odd, "wb") as handle:
        handle.write(QUOTE.encode("utf-8") + b"\n")
    (folder / "z-last.txt").write_text(OTHER.replace("Ola Nordmann", "Kari Nordmann") + "\n")
    return folder


def test_undecodable_file_name_is_indexed_and_shown_with_escapes(odd_names: Path) -> None:
    result = run("index", str(odd_names), "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert "3 articles indexed" in result.stderr and "internal error" not in result.stderr
    found = run("search", "bridge winter", "--format", "jsonl")
    assert found.exit_code == 0, found.stderr
    rows = jsonl(found.stdout)
    paths = {r["source"]["path"] for r in rows}
    assert str(odd_names / "caf\\xe9.txt") in paths
    for line in found.stdout.splitlines():
        line.encode("utf-8")  # every line is valid UTF-8 text
    # The file is known by its exact name: a second run reads nothing again, a prune removes nothing.
    again = run("index", str(odd_names), "--prune")
    assert again.exit_code == 0, again.stderr
    assert "no changes: 3 articles unchanged" in again.stderr


def test_undecodable_file_name_reaches_the_library_as_printable_text(odd_names: Path) -> None:
    odd = os.path.join(os.fsdecode(os.fsencode(odd_names)), os.fsdecode(b"caf\xe9.txt"))
    article = only_article(odd)
    assert article.source.path == str(odd_names / "caf\\xe9.txt")
    assert article.key.endswith("caf\\xe9.txt")
    article.key.encode("utf-8")


def test_undecodable_name_of_a_skipped_file_is_shown_with_escapes(tmp_path: Path) -> None:
    with open(os.path.join(os.fsencode(tmp_path), b"r\xe9sum\xe9.txt"), "wb") as handle:
        handle.write(b"PK\x00\x00")
    (tmp_path / "ok.txt").write_text(QUOTE + "\n", encoding="utf-8")
    result = run("extract", str(tmp_path), "--format", "jsonl")
    assert result.exit_code == 2
    line = f"quotefind: skipped {tmp_path}/r\\xe9sum\\xe9.txt: binary file (contains NUL bytes)"
    assert line in result.stderr
    assert jsonl(result.stdout)


# --- 3. what cannot be looked at is marked, so that nothing behind it is taken for gone -------------


def test_a_folder_that_cannot_be_listed_is_marked_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotefind.ingest import iter_paths

    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text(QUOTE, encoding="utf-8")
    (tmp_path / "dead.txt").symlink_to(tmp_path / "gone.txt")
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> object:
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = {i.path: i for i in iter_paths([str(tmp_path)]) if isinstance(i, Skipped)}
    assert found[str(tmp_path / "locked")].unreadable
    assert found[str(tmp_path / "locked")].reason == "permission denied"
    assert not found[str(tmp_path / "dead.txt")].unreadable  # known, and not hiding anything


# --- 4. duplicate keys in one JSON-lines file ---------------------------------------------------------


def test_same_url_and_same_text_is_read_once_and_said(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    line = json.dumps({"text": QUOTE, "url": "https://example.org/bridge"})
    path.write_text(f"{line}\n{line}\n", encoding="utf-8")
    result = run("index", str(path))
    assert result.exit_code == 2
    assert f"quotefind: skipped {path}#line2: same url and text as line 1" in result.stderr
    assert "1 article indexed" in result.stderr and "1 skipped" in result.stderr


def test_same_url_with_another_text_keeps_both(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    first = json.dumps({"text": QUOTE, "url": "https://example.org/bridge"})
    edit = json.dumps({"text": OTHER, "url": "https://example.org/bridge"})
    path.write_text(f"{first}\n{edit}\n", encoding="utf-8")
    items = list(read_path(path))
    assert [type(i) for i in items] == [Article, Article]
    assert items[0].key == "https://example.org/bridge"
    assert items[1].key == "https://example.org/bridge#line2"
    result = run("index", str(path))
    assert result.exit_code == 0, result.stderr
    assert "2 articles indexed" in result.stderr
    warned = warnings_of(result.stderr)
    assert len(warned) == 1 and f"{path}#line2" in warned[0] and "line 1" in warned[0], result.stderr
    speakers = {r["speaker"]["name"] for r in jsonl(run("search", "bridge", "-f", "jsonl").stdout)}
    assert speakers == {"Jane Smith", "Ola Nordmann"}
    # Stable keys: the same file again is unchanged.
    path.touch()
    assert "no changes: 2 articles unchanged" in run("index", str(path)).stderr


def test_same_id_on_stdin_with_another_text_keeps_both() -> None:
    lines = json.dumps({"text": QUOTE, "id": "x"}) + "\n" + json.dumps({"text": OTHER, "id": "x"}) + "\n"
    items = list(read_path(STDIN, stdin=io.BytesIO(lines.encode())))
    assert [i.key for i in items if isinstance(i, Article)] == ["x", "x#line2"]


# --- 5. JSON lines stream from stdin and from files without a known ending --------------------------


class _CountingStream(io.RawIOBase):
    """A pipe-like byte stream that records how much has been read from it."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        chunk = self._data.read(min(len(buffer), 8192))
        buffer[: len(chunk)] = chunk
        self.consumed += len(chunk)
        return len(chunk)


def test_json_lines_on_stdin_stream_article_by_article() -> None:
    line = (json.dumps({"text": QUOTE + " " + "x" * 2000}) + "\n").encode()
    data = line * 500  # about 1 MB
    stream = _CountingStream(data)
    items = read_path(STDIN, stdin=io.BufferedReader(stream, buffer_size=8192))
    first = next(items)
    assert isinstance(first, Article)
    assert stream.consumed < len(data) // 10  # the rest is still unread
    assert sum(1 for _ in items) == 499


def test_json_lines_on_stdin_apply_the_size_limit_per_line() -> None:
    small, other = json.dumps({"text": QUOTE}) + "\n", json.dumps({"text": OTHER}) + "\n"
    big = json.dumps({"text": QUOTE + " " + "y" * 3000}) + "\n"
    items = list(read_path(STDIN, stdin=io.BytesIO((small + big + other).encode()), **_limit(2000)))
    assert [type(i).__name__ for i in items] == ["Article", "Skipped", "Article"]
    assert isinstance(items[1], Skipped) and items[1].path == "-#line2"


def _limit(size: int) -> dict:
    from quotefind.ingest import ReadOptions

    return {"options": ReadOptions(max_size=size)}


@pytest.mark.slow
def test_warnings_from_worker_processes_are_whole_lines(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):  # enough files for worker processes
        (folder / f"{i:02}.md").write_text(f"---\ndate: 2021-02-30\n---\n{QUOTE} ({i})\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "quotefind", "index", str(folder), "--jobs", "2"],
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    warned = [line for line in lines if line.startswith("quotefind: warning: ")]
    assert len(warned) == 60 and len(lines) == 61, done.stderr
    assert all(
        line.endswith("ignored the date '2021-02-30' (not a valid date; write YYYY-MM-DD)") for line in warned
    )
