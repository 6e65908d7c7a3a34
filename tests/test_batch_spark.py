"""The Spark recipe: its public function over Arrow batches; examples/spark_extract.py where Spark runs."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quotefind.batch import extract_record_batches, read_shard, run_batch
from quotefind.model import Statement
from tests.batchdata import write_parquet

ROOT = Path(__file__).resolve().parents[1]


def _comparable(statements: list[Statement]) -> list[dict]:
    """Statements, less the path (a row's place in its file): their ids are their text's (issue 15)."""
    out = []
    for st in statements:
        data = st.to_dict()
        for source in (data["source"], *data["sources"]):
            source.pop("path")
        out.append(data)
    return out


def _shards(folder: Path) -> list[Statement]:
    return [st for path in sorted(folder.glob("*.parquet")) for st in read_shard(path)]


def test_record_batches_give_the_batch_shards_statements(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    data = write_parquet(tmp_path / "news.parquet", 50, row_group=12)
    run_batch([str(data)], tmp_path / "shards", fmt="parquet")
    batches = pq.ParquetFile(data).iter_batches(batch_size=7)
    tables = list(extract_record_batches(batches))
    got = [Statement.from_dict(row) for t in tables for row in t.to_pylist()]
    want = _shards(tmp_path / "shards")
    assert len(_comparable(want)) > 100 and _comparable(got) == _comparable(want)


def _spark_missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "needs pyspark (pip install pyspark)"
    if shutil.which("java") is None:
        return "needs Java for Spark (no java on PATH)"
    return None


@pytest.mark.skipif(_spark_missing() is not None, reason=_spark_missing() or "")
def test_spark_example_equals_the_batch_shards(tmp_path: Path) -> None:
    data = write_parquet(tmp_path / "news.parquet", 50, row_group=12)
    run_batch([str(data)], tmp_path / "shards", fmt="parquet")
    script = ROOT / "examples" / "spark_extract.py"
    done = subprocess.run(
        [sys.executable, str(script), str(data), str(tmp_path / "spark")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    got = sorted(_comparable(_shards(tmp_path / "spark")), key=lambda d: d["id"])
    want = sorted(_comparable(_shards(tmp_path / "shards")), key=lambda d: d["id"])
    assert want and got == want
