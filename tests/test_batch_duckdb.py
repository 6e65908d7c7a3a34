"""The README's DuckDB queries, as written there, over Parquet shards of a small corpus."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from quotefind.batch import read_shard, run_batch
from tests.batchdata import OUTLETS, SHARED_QUOTE, write_jsonl

duckdb = pytest.importorskip("duckdb", reason="needs duckdb (pip install -e '.[test]')")

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def readme_queries() -> list[str]:
    section = README[README.index("### Queries over shards with DuckDB") :]
    section = section[: section.index("\n## ")]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


@pytest.fixture
def shards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # the queries read shards/part-*.parquet
    run_batch(
        [str(write_jsonl(tmp_path / "news.jsonl", 150))],
        tmp_path / "shards",
        fmt="parquet",
        chunk_bytes=20_000,
    )
    return tmp_path / "shards"


def test_the_readme_has_both_queries() -> None:
    assert len(readme_queries()) == 2


def test_who_is_quoted_most_per_outlet_and_month(shards: Path) -> None:
    rows = duckdb.sql(readme_queries()[0]).fetchall()
    counts: Counter = Counter()
    for path in sorted(shards.glob("part-*")):
        for st in read_shard(path):
            if st.kind == "quote" and st.speaker.name:
                counts[(st.source.publisher, st.source.date[:7], st.speaker.name)] += 1
    best: dict = {}
    for (outlet, month, name), n in sorted(counts.items()):
        if (outlet, month) not in best or n > best[(outlet, month)][1]:
            best[(outlet, month)] = (name, n)
    assert len(rows) == 9  # 3 outlets x 3 months
    assert rows == [(o, m, name, n) for (o, m), (name, n) in sorted(best.items())]


def test_the_same_quote_across_outlets(shards: Path) -> None:
    rows = duckdb.sql(readme_queries()[1]).fetchall()
    words = " ".join(re.findall(r"[a-z0-9]+", SHARED_QUOTE.lower()))
    assert rows[0][:3] == (words, 3, sorted(OUTLETS))
    assert rows[0][3] == "2024-01-01"
    assert all(r[1] > 1 for r in rows)
