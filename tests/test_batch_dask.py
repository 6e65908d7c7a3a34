"""Batch extraction on a real Dask LocalCluster (2 worker processes): same shards, a killed worker retried,
a killed whole job resumed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from quotefind.batch import extract_chunk, run_batch
from tests.batchdata import shard_bytes, write_files, write_jsonl, write_parquet
from tests.clirun import run

distributed = pytest.importorskip("distributed", reason="needs Dask: pip install -e '.[test]'")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a local cluster of two single-threaded worker processes, shared by this module."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", memory_limit="1GiB"
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A JSON-lines dataset, a Parquet one and a folder of text files (absolute paths: workers read them)."""
    root = tmp_path_factory.mktemp("inputs")
    return [
        str(write_jsonl(root / "news.jsonl", 200)),
        str(write_parquet(root / "news.parquet", 90, row_group=20)),
        str(write_files(root / "files", 30)),
    ]


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_dask_shards_equal_the_single_process_shards(
    tmp_path: Path, scheduler: str, inputs: list[str], fmt: str
) -> None:
    one = run_batch(inputs, tmp_path / "one", fmt=fmt, chunk_bytes=8000)
    dask = run_batch(inputs, tmp_path / "dask", fmt=fmt, chunk_bytes=8000, scheduler=scheduler)
    assert one == dask and one.shards > 10 and one.statements > 900
    assert shard_bytes(tmp_path / "dask") == shard_bytes(tmp_path / "one")
    assert (tmp_path / "dask" / "manifest.json").read_bytes() == (
        tmp_path / "one" / "manifest.json"
    ).read_bytes()


def test_a_worker_killed_mid_task_is_retried_and_the_shards_are_the_same(
    tmp_path: Path, scheduler: str, inputs: list[str]
) -> None:
    marker = tmp_path / "killed-once"

    def kill_once(chunk, **kwargs):  # runs on a worker: the first task of chunk 3 kills its process
        if chunk.number == 3 and not marker.exists():
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return extract_chunk(chunk, **kwargs)

    run_batch(inputs, tmp_path / "one", chunk_bytes=8000)
    run_batch(inputs, tmp_path / "dask", chunk_bytes=8000, scheduler=scheduler, task=kill_once)
    assert marker.exists()  # a worker did die
    assert shard_bytes(tmp_path / "dask") == shard_bytes(tmp_path / "one")


def test_cli_workers_start_a_local_cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "news.jsonl", 60)
    args = ["extract", "news.jsonl", "--chunk-size", "0.005", "--out"]
    assert run(*args, "one").exit_code == 0
    result = run(*args, "two", "--workers", "2")
    assert result.exit_code == 0, result.output
    assert (
        shard_bytes(tmp_path / "two") == shard_bytes(tmp_path / "one")
        and len(shard_bytes(tmp_path / "one")) > 3
    )


def _running(group: int) -> list[int]:
    """The processes of a process group still running (Linux /proc; a zombie not yet reaped has ended)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, _parent, pgrp = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, ValueError):
            continue
        if int(pgrp) == group and state != "Z":
            found.append(int(stat.parent.name))
    return found


def _logged(out: Path) -> dict[str, int]:
    """The shards a run's done log lists (what a resumed run trusts), with their files' inode numbers."""
    names = []
    for line in (out / "done.jsonl").read_text(encoding="utf-8").splitlines():
        try:
            names.append(json.loads(line)["shard"])
        except ValueError:  # the line the kill tore
            continue
    return {name: (out / name).stat().st_ino for name in names}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc to see the process group")
def test_the_whole_job_killed_resumes_with_the_missing_shards_only(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "news.jsonl", 1500)
    args = ["extract", str(data), "--chunk-size", "0.02", "--out"]
    assert run(*args, str(tmp_path / "whole")).exit_code == 0  # one uninterrupted process
    killed = tmp_path / "killed"
    command = [sys.executable, "-m", "quotefind", *args, str(killed), "--workers", "2"]
    # Its own process group (session): the client, the scheduler thread's process, the nannies and
    # the workers they start, all killed at once as a cluster's job is when its allocation ends.
    job = subprocess.Popen(command, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120  # (time for a first shard on a loaded machine: the kill waits for it)
    while not (killed / "done.jsonl").exists() and job.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.killpg(job.pid, signal.SIGKILL)
    job.wait()
    while _running(job.pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not _running(job.pid)  # no worker outlives the job
    assert "complete" not in json.loads((killed / "manifest.json").read_text())
    before = _logged(killed)
    shards = len(shard_bytes(tmp_path / "whole"))
    assert 0 < len(before) < shards
    resumed = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert resumed.returncode == 0, resumed.stderr
    written = shards - len(before)
    assert f"({written} written, {len(before)} there before)" in " ".join(resumed.stderr.split())
    assert {name: (killed / name).stat().st_ino for name in before} == before  # not written again
    assert shard_bytes(killed) == shard_bytes(tmp_path / "whole")
    assert (killed / "manifest.json").read_bytes() == (tmp_path / "whole" / "manifest.json").read_bytes()
    assert sorted(p.name for p in killed.iterdir()) == sorted(p.name for p in (tmp_path / "whole").iterdir())
