"""`quotefind extract --out` in one process: shards, manifest, resuming a killed run, Parquet, import DIR."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quotefind.batch import plan_chunks, read_shard, run_batch, statement_schema
from quotefind.batch.plan import _line_ranges
from quotefind.model import Statement
from tests.batchdata import records, shard_bytes, write_files, write_jsonl, write_parquet
from tests.clirun import jsonl, run


def shard_statements(folder: Path) -> list[Statement]:
    return [st for path in sorted(folder.glob("part-*")) for st in read_shard(path)]


@pytest.mark.parametrize("chunk", [1, 7, 50, 51, 52, 200, 10_000])
@pytest.mark.parametrize("tail", [b"\n", b""])
def test_line_ranges_cover_the_file_and_cut_after_newlines(tmp_path: Path, chunk: int, tail: bytes) -> None:
    lines = [b"x" * n + b"\n" for n in (50, 0, 3, 120, 7, 49)]
    data = b"".join(lines)[:-1] + tail
    path = tmp_path / "d.jsonl"
    path.write_bytes(data)
    ranges = _line_ranges(path, chunk)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(data)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
    assert all(data[end - 1 : end] == b"\n" for _, end, _ in ranges[:-1])
    # each range's first line number is one more than the newlines before it
    assert [line for _, _, line in ranges] == [data[:start].count(b"\n") + 1 for start, _, _ in ranges]


def test_jsonl_shards_equal_plain_extract_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "news.jsonl", 120)
    result = run("extract", "news.jsonl", "--out", "shards", "--chunk-size", "0.01")
    assert result.exit_code == 0, result.output
    shards = shard_bytes(tmp_path / "shards")
    assert len(shards) > 3  # several byte ranges
    plain = run("extract", "news.jsonl", "-f", "jsonl")
    assert b"".join(shards.values()).decode() == plain.stdout
    manifest = json.loads((tmp_path / "shards" / "manifest.json").read_text())
    assert manifest["complete"] and [e["shard"] for e in manifest["shards"]] == list(shards)
    assert sum(e["statements"] for e in manifest["shards"]) == len(jsonl(plain.stdout))


def test_file_folder_shards_equal_plain_extract_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_files(tmp_path / "news", 40)
    assert run("extract", "news", "--out", "shards", "--chunk-size", "0.002").exit_code == 0
    shards = shard_bytes(tmp_path / "shards")
    assert len(shards) > 3
    assert b"".join(shards.values()).decode() == run("extract", "news", "-f", "jsonl").stdout


def test_parquet_shards_hold_the_same_statements_and_keys(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "news.jsonl", 60)
    run_batch([str(data)], tmp_path / "j", chunk_bytes=5000)
    run_batch([str(data)], tmp_path / "p", fmt="parquet", chunk_bytes=5000)
    assert shard_statements(tmp_path / "p") == shard_statements(tmp_path / "j")
    assert statement_schema().names == list(shard_statements(tmp_path / "j")[0].to_dict())
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(next((tmp_path / "p").glob("part-*"))).metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"


def test_parquet_dataset_reads_row_groups_as_json_lines(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "news.jsonl", 45)
    write_parquet(tmp_path / "news.parquet", 45, row_group=10)
    plan = plan_chunks([str(tmp_path / "news.parquet")])
    assert [(c.kind, c.start, c.line) for c in plan.chunks] == [("parquet", g, 1 + 10 * g) for g in range(5)]
    run_batch([str(tmp_path / "news.jsonl")], tmp_path / "j")
    run_batch([str(tmp_path / "news.parquet")], tmp_path / "p")

    def comparable(st: Statement) -> dict:
        data = st.to_dict()
        for source in (data["source"], *data["sources"]):
            source["path"] = source["path"].replace(".parquet#", ".jsonl#")
        return data  # ids and all: they are the text's, not the file's (issue 15)

    got, want = shard_statements(tmp_path / "p"), shard_statements(tmp_path / "j")
    assert len(want) == 3 * 45 and [comparable(s) for s in got] == [comparable(s) for s in want]
    assert sum(1 for s in got if s.source.url) > 100


def test_a_run_again_writes_nothing_and_changed_inputs_are_refused(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "news.jsonl", 30)
    first = run_batch([str(data)], tmp_path / "s", chunk_bytes=4000)
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "s").iterdir()}
    again = run_batch([str(data)], tmp_path / "s", chunk_bytes=4000)
    assert (first.written, again.written) == (first.shards, 0) and first.statements == again.statements
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "s").iterdir() if p.suffix == ".jsonl"} == {
        k: v for k, v in before.items() if k.endswith(".jsonl")
    }
    with data.open("a") as handle:
        handle.write(json.dumps(records(31)[-1]) + "\n")
    result = run("extract", str(data), "--out", str(tmp_path / "s"), "--chunk-size", "0.004")
    assert result.exit_code == 2 and "holds shards of other inputs" in result.output


def _kill_mid_run(args: list[str], out: Path) -> None:
    """Start `quotefind ARGS` and SIGKILL it once its first shard is written."""
    proc = subprocess.Popen([sys.executable, "-m", "quotefind", *args], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (out / "done.jsonl").exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def test_a_killed_run_resumes_with_the_missing_shards_only(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "news.jsonl", 1500)
    args = ["extract", str(data), "--chunk-size", "0.02", "--out"]
    whole = run(*args, str(tmp_path / "whole"))
    assert whole.exit_code == 0
    _kill_mid_run([*args, str(tmp_path / "killed")], tmp_path / "killed")
    manifest = json.loads((tmp_path / "killed" / "manifest.json").read_text())
    assert "complete" not in manifest  # killed before its end
    done = len(shard_bytes(tmp_path / "killed"))
    resumed = run(*args, str(tmp_path / "killed"))
    assert resumed.exit_code == 0, resumed.output
    shards = len(shard_bytes(tmp_path / "whole"))
    assert 0 < done < shards and f"({shards - done} written, {done} there before)" in resumed.output
    assert shard_bytes(tmp_path / "killed") == shard_bytes(tmp_path / "whole")
    assert (tmp_path / "killed" / "manifest.json").read_bytes() == (
        tmp_path / "whole" / "manifest.json"
    ).read_bytes()
    assert sorted(p.name for p in (tmp_path / "killed").iterdir()) == sorted(
        p.name for p in (tmp_path / "whole").iterdir()
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["extract", "news.jsonl", "-f", "parquet"], "--format parquet writes shards - pass --out DIR"),
        (["extract", "news.jsonl", "--workers", "2"], "pass --out DIR with them"),
        (["extract", "-", "--out", "s"], "cannot read stdin"),
        (["extract", "news.jsonl", "--out", "busy"], "holds no manifest.json"),
        (
            ["extract", "news.jsonl", "--out", "s", "--workers", "2", "--scheduler", "tcp://h:8786"],
            "not both",
        ),
    ],
)
def test_batch_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "news.jsonl", 3)
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    result = run(*args)
    assert result.exit_code == 2 and message in " ".join(result.output.split()), result.output
    assert not (tmp_path / "s").exists()


def _files(index: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in index.rglob("*") if p.is_file()}


def test_import_dir_loads_shards_once(tmp_path: Path, index_dir: Path) -> None:
    data = write_jsonl(tmp_path / "news.jsonl", 40)
    run_batch([str(data)], tmp_path / "s", chunk_bytes=4000)
    first = run("import", str(tmp_path / "s"))
    assert first.exit_code == 0 and "40 articles indexed" in first.output, first.output
    exported = jsonl(run("export").stdout)
    assert sorted(d["id"] for d in exported) == sorted(st.id for st in shard_statements(tmp_path / "s"))
    files = _files(index_dir)
    again = run("import", str(tmp_path / "s"))
    assert again.exit_code == 0 and "40 articles unchanged" in again.output, again.output
    assert _files(index_dir) == files  # nothing written
    other = tmp_path / "other-index"
    into_other = run("import", str(tmp_path / "s"), "--index", str(other))
    assert "40 articles indexed" in into_other.output  # the log is per index
    found = run("search", "toll on the river bridge", "-f", "jsonl")
    assert found.exit_code == 0 and jsonl(found.stdout)


def test_copies_of_one_article_in_two_shards_are_one_set_of_statements_with_both_sources(
    tmp_path: Path, index_dir: Path
) -> None:
    # The same wire story saved by two outlets, cut into separate shards: one set of statements
    # listing both copies, as `index` gives for the two files.
    story = '"We will not back down," said Jane Doe, the union leader.\n\nShe said talks would resume.\n'
    news = tmp_path / "news"
    news.mkdir()
    for name in ("outlet-a.txt", "outlet-b.txt"):
        (news / name).write_text(story, encoding="utf-8")
    run_batch([str(news / "outlet-a.txt"), str(news / "outlet-b.txt")], tmp_path / "s", chunk_bytes=10)
    assert len(list((tmp_path / "s").glob("part-*"))) == 2
    result = run("import", str(tmp_path / "s"))
    assert result.exit_code == 0, result.output
    records = jsonl(run("export").stdout)
    assert len(records) == 2
    for record in records:
        assert sorted(Path(s["path"]).name for s in record["sources"]) == ["outlet-a.txt", "outlet-b.txt"]
    indexed = run("index", str(news), "--index", str(tmp_path / "ix"))
    assert indexed.exit_code == 0, indexed.output
    by_index = jsonl(run("export", "--index", str(tmp_path / "ix")).stdout)
    assert sorted(r["id"] for r in by_index) == sorted(r["id"] for r in records)


def test_import_of_an_unfinished_folder_is_refused(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "news.jsonl", 10)
    run_batch([str(data)], tmp_path / "s", chunk_bytes=1000)
    manifest = tmp_path / "s" / "manifest.json"
    manifest.write_text(
        json.dumps({k: v for k, v in json.loads(manifest.read_text()).items() if k != "complete"})
    )
    result = run("import", str(tmp_path / "s"))
    assert result.exit_code == 2 and "is not finished" in result.output
