"""Input options and bad input through the CLI: a mixed folder, skips on stderr, exit code 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotefind.cli import app

from .conftest import SEEDS

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"
runner = CliRunner()


def run(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input)


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def skip_lines(stderr: str) -> dict[str, str]:
    """Map each `quotefind: skipped PATH: REASON` line of stderr to {PATH: REASON}."""
    out = {}
    for line in stderr.splitlines():
        if line.startswith("quotefind: skipped "):
            path, _, reason = line.removeprefix("quotefind: skipped ").partition(": ")
            out[path] = reason
    return out


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A folder of every fixture, plus a symlink loop and a broken link."""
    folder = tmp_path / "mixed"
    shutil.copytree(FIXTURES, folder)
    (folder / "nested").mkdir()
    shutil.copy(SEEDS / "000_748e3315a7818316.txt", folder / "nested" / "seed.txt")
    (folder / "nested" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "dead.txt").symlink_to(folder / "nowhere.txt")
    return folder


GOOD = [
    "arctic.html",
    "harbour.md",
    "legacy-cp1252.txt",
    "nested/seed.txt",
    "one-line.txt",
    "rtl-combining.txt",
    "unbalanced.txt",
    "utf16-bom.txt",
    "windows-lines.txt",
    "wire.jsonl#line1",
    "wire.jsonl#line3",
    "wire.jsonl#line4",
]
BAD = {
    "blank.txt": "empty file",
    "broken-front-matter.md": "invalid YAML front matter at line 3",
    "dead.txt": "broken symlink",
    "empty.txt": "empty file",
    "fake-text.txt": "binary file (contains NUL bytes)",
    "garbage.txt": "binary file or unknown text encoding (not UTF-8, and no other encoding fits)",
    "nested/loop": "symlink loop (leads back to a folder above it)",
    "nul-bytes.txt": "binary file (contains NUL bytes)",
    "script-only.html": "no article text found in the HTML",
    "wire.jsonl#line5": '"text" is not a string',
    "wire.jsonl#line6": "not a JSON object",
    "wire.jsonl#line7": 'no "text" or "html" key',
}


def test_index_mixed_folder_indexes_the_good_and_reports_the_bad(mixed: Path) -> None:
    result = run("index", str(mixed))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    skips = skip_lines(result.stderr)
    rel = {str(Path(p).relative_to(mixed)) if p.startswith(str(mixed)) else p: r for p, r in skips.items()}
    assert rel.pop("wire.jsonl#line8").startswith("invalid JSON")
    assert rel == BAD
    assert f"{len(GOOD)} articles indexed" in result.stderr
    assert f"{len(BAD) + 1} skipped" in result.stderr
    hits = jsonl(run("search", "--limit", "1000", "-f", "jsonl").stdout)
    indexed = {str(Path(h["source"]["path"]).relative_to(mixed)) for h in hits}
    # Inputs with a plainly attributed quote are searchable; odd ones may give no statement at all.
    odd = {"rtl-combining.txt", "unbalanced.txt", "one-line.txt"}
    assert set(GOOD) - odd <= indexed <= set(GOOD)


@pytest.mark.parametrize(
    ("query", "path", "source"),
    [
        (
            "talk enough with each other",
            "arctic.html",
            {
                "title": "Minister warns of Arctic tension",
                "publisher": "The Barents Post",
                "date": "2021-03-04",
            },
        ),
        (
            "boats can go out again",
            "harbour.md",
            {"author": "Ola Hansen, Kari Nordmann", "date": "2022-11-05"},
        ),
        ("will not close before the season", "legacy-cp1252.txt", {"date": None}),
        ("Prices will keep rising", "wire.jsonl#line1", {"url": "https://example.org/prices"}),
        ("Fishing quotas are a matter of trust", "wire.jsonl#line3", {"author": "Ola Hansen"}),
        ("back on schedule", "utf16-bom.txt", {"title": "Ferry traffic resumed."}),
    ],
)
def test_good_inputs_are_searchable_with_their_metadata(
    mixed: Path, query: str, path: str, source: dict[str, str | None]
) -> None:
    assert run("index", str(mixed)).exit_code == 2
    result = run("search", f'"{query}"', "-f", "jsonl")
    assert result.exit_code == 0, result.output
    hit = jsonl(result.stdout)[0]
    assert hit["source"]["path"] == str(mixed / path)
    assert query in hit["text"]
    for key, value in source.items():
        assert hit["source"][key] == value


def test_glob_publisher_and_date_options(tmp_path: Path, index_dir: Path) -> None:
    result = run(
        "index",
        str(SEEDS),
        str(FIXTURES),
        "--glob",
        "*.html",
        "--glob",
        "0*.txt",
        "--publisher",
        "High North News",
        "--date",
        "2021-05-06",
    )
    assert result.exit_code == 2  # script-only.html is matched and has no text
    assert set(skip_lines(result.stderr)) == {str(FIXTURES / "script-only.html")}
    assert "3 articles indexed" in result.stderr
    hits = jsonl(run("search", "--limit", "1000", "-f", "jsonl").stdout)
    sources = {h["source"]["path"]: h["source"] for h in hits}
    assert {str(SEEDS / "000_748e3315a7818316.txt"), str(FIXTURES / "arctic.html")} <= set(sources)
    assert set(sources) <= {
        str(SEEDS / "000_748e3315a7818316.txt"),
        str(SEEDS / "003_a8c462b49ee9a8c1.txt"),
        str(FIXTURES / "arctic.html"),
    }
    seed = sources[str(SEEDS / "000_748e3315a7818316.txt")]
    assert (seed["publisher"], seed["date"]) == ("High North News", "2021-05-06")
    html = sources[str(FIXTURES / "arctic.html")]
    assert (html["publisher"], html["date"]) == ("The Barents Post", "2021-03-04")  # its own win


@pytest.mark.parametrize("bad", ["2021-13-01", "04.03.2021", "yesterday"])
@pytest.mark.parametrize("command", ["index", "extract"])
def test_date_must_be_iso(command: str, bad: str) -> None:
    result = run(command, str(SEEDS), "--date", bad)
    assert result.exit_code == 2
    assert "give an ISO date like 2021-03-04" in result.stderr
    assert "Traceback" not in result.output


def test_max_size_option(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text('Big\n\n"Words words words," she said.\n' + "x" * 2_000_000, encoding="utf-8")
    result = run("extract", str(big), "--max-size", "1")
    assert result.exit_code == 2
    assert skip_lines(result.stderr) == {
        str(big): "larger than the size limit (1 MB) - raise --max-size to read it"
    }
    assert result.stdout == ""
    ok = run("extract", str(big), "--max-size", "0")
    assert ok.exit_code == 0
    assert [r["text"] for r in jsonl(ok.stdout)] == ["Words words words,"]


def test_extract_reads_json_lines_from_stdin() -> None:
    lines = (
        '{"text": "\\"Stay calm and stay at home tonight,\\" the mayor said.", '
        '"url": "https://example.org/calm"}\n{"text": 1}\n'
    )
    result = run("extract", "-", "--publisher", "Stdin Times", input=lines)
    assert result.exit_code == 2
    rows = jsonl(result.stdout)
    assert [r["text"] for r in rows] == ["Stay calm and stay at home tonight,"]
    assert rows[0]["source"]["url"] == "https://example.org/calm"
    assert rows[0]["source"]["publisher"] == "Stdin Times"
    assert skip_lines(result.stderr) == {"-#line2": '"text" is not a string'}
    assert "1 input skipped" in result.stderr


def test_extract_reads_cp1252_from_stdin() -> None:
    data = "“We will not give up on the old café,” said the mayor of Tromsø.\n".encode("cp1252")
    result = run("extract", "-", input=data)
    assert result.exit_code == 0, result.output
    assert [r["text"] for r in jsonl(result.stdout)] == ["We will not give up on the old café,"]


def test_offsets_point_into_the_extracted_html_text(tmp_path: Path) -> None:
    from quotefind.ingest import read_file

    article = read_file(FIXTURES / "arctic.html")
    rows = jsonl(run("extract", str(FIXTURES / "arctic.html")).stdout)
    assert rows
    for row in rows:
        assert article.text[row["start"] : row["end"]] == row["text"]


def test_process_exit_code_and_streams_for_a_bad_folder(mixed: Path, tmp_path: Path) -> None:
    """A real process: nothing but JSON on stdout, skips on stderr, exit code 2."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "QUOTEFIND_INDEX": str(tmp_path / "ix"), "COLUMNS": "80"}
    proc = subprocess.run(
        [sys.executable, "-m", "quotefind", "extract", str(mixed)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 2
    rows = jsonl(proc.stdout)
    assert rows and all(r["source"]["path"] for r in rows)
    # One line per skip, even on a narrow terminal (a path is never wrapped away from its reason).
    assert set(skip_lines(proc.stderr)) >= {str(mixed / name) for name in BAD if "#" not in name}
    assert "Traceback" not in proc.stderr
