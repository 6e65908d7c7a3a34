"""A batch run's plan: inputs cut into chunks (file groups, JSON-lines byte ranges, Parquet row groups)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from quotefind.errors import InputError
from quotefind.ingest import STDIN, Skipped, format_of, iter_paths, printable_path

#: Default chunk: about this many bytes of input (a run of small files, or a byte range of a dataset).
CHUNK_BYTES = 16_000_000
#: Suffix of an Arrow/Parquet article dataset (`ingest` does not read it: its rows are read here).
PARQUET_SUFFIXES = (".parquet", ".pq")
_BLOCK = 1 << 20


@dataclass(frozen=True, slots=True)
class Chunk:
    """One task's share of the inputs; its statements become one shard."""

    number: int
    """Position in the plan: names the shard (`part-00007.jsonl`)."""
    kind: str
    """`files` (whole files, each read as `quotefind extract` reads it), `jsonl` (a byte range of
    lines) or `parquet` (one row group)."""
    paths: tuple[str, ...]
    """The files read (one for `jsonl` and `parquet`) as given: relative paths are read from the
    folder the run started in (a local cluster's workers start there; pass absolute paths to a
    remote one), and name the articles as `quotefind extract` names them."""
    start: int = 0
    """First byte (`jsonl`) or the row group (`parquet`)."""
    end: int = 0
    """One past the last byte (`jsonl`); unused otherwise."""
    line: int = 1
    """Number of the first line (`jsonl`) or row (`parquet`) in its file, for the keys of records
    without url or id (`FILE#line12`, as a whole-file read gives them)."""

    def shard(self, fmt: str) -> str:
        """The shard's file name for a format (`jsonl` or `parquet`)."""
        return f"part-{self.number:05d}.{fmt}"

    def to_dict(self) -> dict[str, Any]:
        """The manifest's form of the chunk."""
        return asdict(self) | {"paths": list(self.paths)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chunk:
        """Read a chunk back from the manifest."""
        return cls(**(data | {"paths": tuple(data["paths"])}))


@dataclass(frozen=True, slots=True)
class Plan:
    """The chunks of a set of inputs, and the inputs that could not be planned."""

    chunks: tuple[Chunk, ...]
    skipped: tuple[Skipped, ...]
    inputs: tuple[tuple[str, int, int], ...]
    """(path, size, mtime in ns) of every file read: a resumed run checks they did not change."""


def _line_ranges(path: Path, chunk_bytes: int) -> list[tuple[int, int, int]]:
    """(start, end, first line number) of byte ranges of about chunk_bytes, each ending after a newline.

    One pass over the file in 1 MiB blocks (never held whole): the line numbers at the cuts are
    what keeps each record's key the one a whole-file read gives it.
    """
    ranges: list[tuple[int, int, int]] = []
    start, start_line, offset, newlines = 0, 1, 0, 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK), b""):
            while start + chunk_bytes < offset + len(block):
                cut = block.find(b"\n", max(start + chunk_bytes - offset, 0))
                if cut < 0:
                    break  # the line goes on into the next block
                end = offset + cut + 1
                ranges.append((start, end, start_line))
                start, start_line = end, 1 + newlines + block.count(b"\n", 0, cut + 1)
            newlines += block.count(b"\n")
            offset += len(block)
    if start < offset or not ranges:
        ranges.append((start, offset, start_line))
    return ranges


def _row_groups(path: Path) -> list[tuple[int, int]]:
    """(row group, first row number) of a Parquet file, from its footer alone."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    out, row = [], 1
    for group in range(meta.num_row_groups):
        out.append((group, row))
        row += meta.row_group(group).num_rows
    return out


def _files(paths: Sequence[str], glob: str | Sequence[str] | None) -> Iterable[Path | Skipped]:
    """Every input file: what `quotefind extract` reads, plus Parquet files (given or under a folder)."""
    plain: list[str] = []
    for raw in paths:
        if raw == STDIN:
            raise InputError(
                "A batch run cannot read stdin - pass files or folders (a resumed run reads them again)."
            )
        path = Path(raw)
        if path.is_file() and path.suffix.lower() in PARQUET_SUFFIXES:
            yield path
            continue
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.suffix.lower() in PARQUET_SUFFIXES)
            yield from sorted(p for p in found if p.is_file())
        plain.append(raw)
    if plain:
        yield from iter_paths(plain, glob=glob)


def plan_chunks(
    paths: Sequence[str], *, glob: str | Sequence[str] | None = None, chunk_bytes: int = CHUNK_BYTES
) -> Plan:
    """Cut the inputs into chunks, the same way every time for the same files and chunk size."""
    chunks: list[Chunk] = []
    skipped: list[Skipped] = []
    inputs: list[tuple[str, int, int]] = []
    group: list[str] = []
    group_size = 0

    def add(kind: str, files: Sequence[str], start: int = 0, end: int = 0, line: int = 1) -> None:
        chunks.append(Chunk(len(chunks), kind, tuple(files), start, end, line))

    for item in _files(paths, glob):
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        name = printable_path(str(item))
        try:
            stat = item.stat()
            if item.suffix.lower() in PARQUET_SUFFIXES:
                for group_number, row in _row_groups(item):
                    add("parquet", [name], group_number, 0, row)
            elif format_of(item) == "jsonl":
                for start, end, line in _line_ranges(item, chunk_bytes):
                    add("jsonl", [name], start, end, line)
            else:
                if group and group_size + stat.st_size > chunk_bytes:
                    add("files", group)
                    group, group_size = [], 0
                group.append(name)
                group_size += stat.st_size
            inputs.append((name, stat.st_size, stat.st_mtime_ns))
        except Exception as exc:  # an unreadable input is reported, as `quotefind extract` does
            skipped.append(Skipped(str(item), f"could not be read ({type(exc).__name__}: {exc})"))
    if group:
        add("files", group)
    return Plan(tuple(chunks), tuple(skipped), tuple(inputs))
