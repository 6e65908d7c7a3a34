"""Statement shards: a chunk read and extracted into JSON lines or Parquet (zstd), and read back."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotefind.batch.plan import Chunk
from quotefind.extract import extract
from quotefind.ingest import JSONL_KEYS, ReadOptions, Skipped, printable_path, read_path
from quotefind.model import Article, Statement

#: Shard formats: the README's JSON-lines statement format, or Parquet with the same keys.
SHARD_FORMATS = ("jsonl", "parquet")
SOURCE_KEYS = ("path", "title", "publisher", "date", "url", "author")


@dataclass(frozen=True, slots=True)
class ShardResult:
    """What one chunk gave: its shard's bytes and counts (sent from a worker back to the writer)."""

    chunk: int
    data: bytes
    articles: int
    statements: int
    skipped: tuple[tuple[str, str], ...] = field(default=())
    """(path, reason) of each input or record not read."""


def _statement_schema() -> Any:
    """The Arrow schema of a Parquet shard: `Statement.to_dict()`'s keys, nested as they are."""
    import pyarrow as pa

    text = pa.string()
    span = pa.list_(pa.int64())
    source = pa.struct([(k, text) for k in SOURCE_KEYS])
    return pa.schema(
        [
            ("id", text),
            ("kind", text),
            ("text", text),
            ("speaker", pa.struct([(k, text) for k in ("name", "role", "org", "mention")])),
            ("cue", text),
            ("source", source),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("context", text),
            ("article_id", text),
            ("cue_span", span),
            ("speaker_span", span),
            ("parts", pa.list_(span)),
            ("sources", pa.list_(source)),
        ]
    )


def statements_table(statements: Iterable[Statement]) -> Any:
    """An Arrow table of statements, one row each, columns as in the JSON-lines format."""
    import pyarrow as pa

    return pa.Table.from_pylist([st.to_dict() for st in statements], schema=_statement_schema())


def encode_shard(statements: Iterable[Statement], fmt: str) -> bytes:
    """A shard's bytes: the same statements always give the same bytes."""
    if fmt == "jsonl":
        return "".join(json.dumps(st.to_dict(), ensure_ascii=False) + "\n" for st in statements).encode()
    import pyarrow.parquet as pq

    sink = io.BytesIO()
    pq.write_table(statements_table(statements), sink, compression="zstd")
    return sink.getvalue()


def read_shard(path: Path) -> Iterator[Statement]:
    """The statements of a shard file, in order (Parquet a row group at a time)."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        shard = pq.ParquetFile(path)
        for group in range(shard.num_row_groups):
            for row in shard.read_row_group(group).to_pylist():
                yield Statement.from_dict(row)
        return
    from quotefind.exchange import parse_statements

    with path.open(encoding="utf-8") as handle:
        yield from parse_statements(handle, name=printable_path(str(path)))


class _Window:
    """A binary file seen only from `start` to `end` (a chunk's byte range), read line by line."""

    def __init__(self, handle: Any, start: int, end: int) -> None:
        handle.seek(start)
        self._handle, self._left = handle, end - start

    def readline(self, limit: int | None = -1) -> bytes:
        size = self._left if limit is None or limit < 0 else min(limit, self._left)
        line = self._handle.readline(size) if size > 0 else b""
        self._left -= len(line)
        return line

    def read(self, size: int | None = -1) -> bytes:
        return self.readline(size)


def _record_lines(records: Iterable[dict[str, Any]], first: int) -> Iterator[tuple[int, bytes]]:
    """(row number, JSON line) of dataset rows: a row is read exactly as the same JSON line would be."""
    for number, record in enumerate(records, first):
        kept = {k: v for k, v in record.items() if k in JSONL_KEYS and v is not None}
        yield number, json.dumps(kept, ensure_ascii=False, default=str).encode()


def _json_records(lines: Iterable[tuple[int, bytes | None]], *, name: str, options: ReadOptions) -> Iterator:
    # ingest's JSON-lines reader, given lines numbered as in the whole file, so keys (FILE#line12),
    # size limits and messages are those `quotefind extract FILE` gives. It is private to ingest;
    # its signature is the same on the `bounded` branch that makes ingest stream.
    from quotefind.ingest import _read_json_lines

    key = printable_path(str(Path(name).resolve())) if name else ""
    return _read_json_lines(lines, path=name, key=key, options=options)


def read_chunk(chunk: Chunk, options: ReadOptions) -> Iterator[Article | Skipped]:
    """The articles of a chunk (or why one was not read), never more than one record in memory."""
    if chunk.kind == "files":
        for path in chunk.paths:
            yield from read_path(Path(path), options=options)
        return
    name = chunk.paths[0]
    if chunk.kind == "parquet":
        import pyarrow.parquet as pq

        dataset = pq.ParquetFile(name)
        columns = [c for c in JSONL_KEYS if c in dataset.schema_arrow.names]
        rows = dataset.read_row_group(chunk.start, columns=columns).to_pylist()
        yield from _json_records(_record_lines(rows, chunk.line), name=name, options=options)
        return
    from quotefind.ingest import _limited_lines

    with Path(name).open("rb") as handle:
        window = _Window(handle, chunk.start, chunk.end)
        lines = ((n + chunk.line - 1, line) for n, line in _limited_lines(window, options.max_size))  # type: ignore[arg-type]
        yield from _json_records(lines, name=name, options=options)


def extract_articles(articles: Iterable[Article | Skipped]) -> Iterator[Statement | Skipped]:
    """The statements of articles, in order; a Skipped passes through."""
    for item in articles:
        if isinstance(item, Skipped):
            yield item
        else:
            yield from extract(item)


def extract_chunk(chunk: Chunk, *, fmt: str, options: ReadOptions) -> ShardResult:
    """Read and extract one chunk into its shard's bytes (what a Dask task runs; no file is written)."""
    statements: list[Statement] = []
    skipped: list[tuple[str, str]] = []
    articles = 0
    for item in read_chunk(chunk, options):
        if isinstance(item, Skipped):
            skipped.append((item.path, item.reason))
            continue
        articles += 1
        statements.extend(extract(item))
    return ShardResult(chunk.number, encode_shard(statements, fmt), articles, len(statements), tuple(skipped))


def extract_record_batches(batches: Iterable[Any]) -> Iterator[Any]:
    """Arrow record batches of articles (the JSON-lines input keys as columns) -> batches of statements.

    The function a Spark `mapInArrow` job calls (examples/spark_extract.py): each row is read as
    the same JSON line would be; rows without `url` or `id` are keyed by their text alone.
    """
    for batch in batches:
        rows = batch.to_pylist()
        found = _json_records(_record_lines(rows, 1), name="", options=ReadOptions())
        statements = [st for st in extract_articles(found) if isinstance(st, Statement)]
        yield from statements_table(statements).to_batches()


def statement_schema() -> Any:
    """The Arrow schema of statement shards (for Spark's `mapInArrow` and other Arrow consumers)."""
    return _statement_schema()
