"""Batch extraction on a real Dask LocalCluster (2 worker processes): same shards, a killed worker retried."""

from __future__ import annotations

import os
import signal
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
