"""A small news dataset for the batch tests (JSON lines, Parquet, text files) with outlets and months."""

from __future__ import annotations

import json
from pathlib import Path

NAMES = ("Ann Lee", "Bob Stone", "Carla Diaz", "Dev Patel", "Eve Moss")
OUTLETS = ("Daily Post", "Evening Star", "The Ledger")
#: The quote every outlet carries (the DuckDB "same quote across outlets" query finds it).
SHARED_QUOTE = "We will not raise the toll on the river bridge"


def records(count: int) -> list[dict]:
    """`count` article records (the JSON-lines input keys); the same count always gives the same records."""
    out = []
    for i in range(count):
        name, other = NAMES[i % 5], NAMES[(i * 3 + 1) % 5]
        outlet = OUTLETS[(i // 5) % 3]
        quote = SHARED_QUOTE if i % 10 == 0 else f"The plan for district {i} is on schedule"
        text = (
            f'"{quote}," said {name}, the mayor of Springfield.\n\n'
            f"The council met on Tuesday to discuss item {i}. {other} said the budget for item {i} "
            "was under control.\n\n"
            f'"Nobody expected this outcome in week {i}," said {other}, a spokesperson for the council.'
        )
        record = {"text": text, "title": f"Council story {i}", "publisher": outlet}
        record["date"] = f"2024-{1 + i % 3:02d}-{1 + i % 28:02d}"
        if i % 7:  # some records have no url: they are keyed by their file and line
            record["url"] = f"https://news.example/{i}"
        out.append(record)
    return out


def write_jsonl(path: Path, count: int) -> Path:
    """A JSON-lines article dataset of `count` records."""
    path.write_text("".join(json.dumps(r) + "\n" for r in records(count)), encoding="utf-8")
    return path


def write_parquet(path: Path, count: int, *, row_group: int) -> Path:
    """A Parquet article dataset of the same records, in row groups of `row_group` rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = records(count)
    for row in rows:
        row.setdefault("url", None)
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=row_group)
    return path


def write_files(folder: Path, count: int) -> Path:
    """A folder of `count` plain-text articles."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, record in enumerate(records(count)):
        (folder / f"story-{i:04d}.txt").write_text(
            f"{record['title']}\n\n{record['text']}\n", encoding="utf-8"
        )
    return folder


def shard_bytes(folder: Path) -> dict[str, bytes]:
    """Every shard of a folder, by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.glob("part-*"))}
