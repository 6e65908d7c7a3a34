"""Running a batch plan here or on Dask into a shard folder with a manifest, resuming; importing shards."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from quotefind.batch.plan import CHUNK_BYTES, Chunk, Plan, plan_chunks
from quotefind.batch.shards import SHARD_FORMATS, ShardResult, extract_chunk, read_shard
from quotefind.errors import InputError, OutputError
from quotefind.ingest import ReadOptions
from quotefind.model import IndexSummary, Statement

#: The manifest of a shard folder: the plan, then (once every shard is written) their counts and digests.
MANIFEST = "manifest.json"
#: One line per shard written, appended as each lands: what a resumed run trusts (a torn last line is not).
DONE_LOG = "done.jsonl"
#: Which shards went into which index (`quotefind import DIR` writes nothing twice).
IMPORT_LOG = "imported.jsonl"
FORMAT_VERSION = 1

Task = Callable[..., ShardResult]


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """What one batch run did."""

    shards: int
    """Shards of the plan."""
    written: int
    """Shards this run wrote (the others were there from an earlier run)."""
    articles: int
    """Articles read, over every shard."""
    statements: int
    """Statements written, over every shard."""
    skipped: tuple[tuple[str, str], ...]
    """(path, reason) of every input or record not read."""


def _plan_record(plan: Plan, fmt: str, options: ReadOptions, chunk_bytes: int) -> dict[str, Any]:
    return {
        "quotefind_shards": FORMAT_VERSION,
        "format": fmt,
        "options": asdict(options),
        "chunk_bytes": chunk_bytes,
        "inputs": [list(i) for i in plan.inputs],
        "chunks": [c.to_dict() for c in plan.chunks],
    }


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a file whole or not at all (a temporary file renamed over it, after fsync)."""
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _read_log(path: Path) -> Iterator[dict[str, Any]]:
    """The complete lines of an append-only log (a line a killed run tore is ignored)."""
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            yield json.loads(line)
        except ValueError:
            continue


def _append_log(path: Path, record: dict[str, Any]) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _start(out: Path, record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Open the shard folder for this plan: the shards already done, by name (raises if another plan's)."""
    manifest = out / MANIFEST
    if manifest.exists():
        try:
            old = json.loads(manifest.read_text(encoding="utf-8"))
        except ValueError:
            old = {}
        if {k: old.get(k) for k in record} != record:
            raise InputError(
                f"{out} holds shards of other inputs or options (or the inputs changed since) - "
                "pass another --out, or delete that folder to start again."
            )
    elif out.exists() and any(p.name != DONE_LOG for p in out.iterdir()):
        raise InputError(f"{out} is not empty and holds no {MANIFEST} - pass a new or empty folder as --out.")
    else:
        out.mkdir(parents=True, exist_ok=True)
        _write_atomic(manifest, json.dumps(record, ensure_ascii=False, indent=1).encode())
        old = {}
    # A finished folder lists its shards in the manifest; an unfinished one in the done log.
    logged = old.get("shards") or _read_log(out / DONE_LOG)
    return {d["shard"]: d for d in logged if (out / d["shard"]).exists()}


def _run_local(chunks: Sequence[Chunk], task: Task, **kwargs: Any) -> Iterator[ShardResult]:
    for chunk in chunks:
        yield task(chunk, **kwargs)


def _run_dask(
    chunks: Sequence[Chunk], task: Task, *, scheduler: str | None, workers: int | None, **kwargs: Any
) -> Iterator[ShardResult]:
    """One Dask task per chunk, results written here as they come (a lost worker's tasks are retried)."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise InputError(
            '--scheduler and --workers need Dask - install it with `pip install "quotefind[dask]"`.'
        ) from None
    import dask

    cluster = None
    if scheduler is None:
        # One thread per worker process: extraction is pure Python and holds the GIL. Dask's
        # statistical profiler (a sample of every worker thread each 10 ms) and its 0.5 s resource
        # monitor cost CPU beside every task; nobody looks at them here (the nannies hand this
        # configuration to the workers they start).
        quiet = {
            "distributed.worker.profile.enabled": False,
            "distributed.admin.system-monitor.interval": "5s",
        }
        with dask.config.set(quiet):
            cluster = LocalCluster(
                n_workers=workers or 1, threads_per_worker=1, processes=True, dashboard_address=":0"
            )
    try:
        with Client(cluster if cluster is not None else scheduler) as client:
            futures = [client.submit(task, chunk, pure=False, **kwargs) for chunk in chunks]
            for future in as_completed(futures):
                yield future.result()
                future.release()
    finally:
        if cluster is not None:
            cluster.close()


def run_batch(
    paths: Sequence[str],
    out: Path,
    *,
    fmt: str = "jsonl",
    options: ReadOptions | None = None,
    glob: str | Sequence[str] | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    scheduler: str | None = None,
    workers: int | None = None,
    task: Task = extract_chunk,
    progress: Callable[[ShardResult], None] | None = None,
) -> BatchSummary:
    """Extract the inputs into shards under `out`; a run killed before its end resumes where it stopped.

    The plan (and so every shard's bytes) depends only on the inputs, the read options and
    `chunk_bytes`: whether it runs here, on `workers` local Dask processes or on the cluster at
    `scheduler`, and however often it is interrupted, the shards come out the same. `task` turns a
    chunk into its shard (tests wrap it to kill a worker).
    """
    if fmt not in SHARD_FORMATS:
        raise InputError(f"No shard format {fmt!r} - pass one of {', '.join(SHARD_FORMATS)}.")
    options = options or ReadOptions()
    plan = plan_chunks(paths, glob=glob, chunk_bytes=chunk_bytes)
    record = _plan_record(plan, fmt, options, chunk_bytes)
    try:
        done = _start(out, record)
        pending = [c for c in plan.chunks if c.shard(fmt) not in done]
        kwargs: dict[str, Any] = {"fmt": fmt, "options": options}
        if scheduler is None and not workers:
            results = _run_local(pending, task, **kwargs)
        else:
            results = _run_dask(pending, task, scheduler=scheduler, workers=workers, **kwargs)
        for result in results:
            name = plan.chunks[result.chunk].shard(fmt)
            _write_atomic(out / name, result.data)
            entry = {
                "shard": name,
                "articles": result.articles,
                "statements": result.statements,
                "sha256": hashlib.sha256(result.data).hexdigest(),
                "skipped": [list(s) for s in result.skipped],
            }
            _append_log(out / DONE_LOG, entry)
            done[name] = entry
            if progress is not None:
                progress(result)
        shards = [done[c.shard(fmt)] for c in plan.chunks]
        lost = [[s.path, s.reason] for s in plan.skipped]
        final = record | {"complete": True, "shards": shards, "skipped_inputs": lost}
        _write_atomic(out / MANIFEST, json.dumps(final, ensure_ascii=False, indent=1).encode())
        (out / DONE_LOG).unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(f"Cannot write shards to {out} ({exc}) - pass a folder you can write.") from None
    skipped = tuple((s.path, s.reason) for s in plan.skipped) + tuple(
        (p, r) for entry in shards for p, r in entry["skipped"]
    )
    return BatchSummary(
        shards=len(plan.chunks),
        written=len(pending),
        articles=sum(e["articles"] for e in shards),
        statements=sum(e["statements"] for e in shards),
        skipped=skipped,
    )


def is_shard_folder(path: str) -> bool:
    """True when `path` is a folder a batch run wrote (it holds a manifest)."""
    return Path(path).is_dir() and (Path(path) / MANIFEST).is_file()


def shard_files(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """(file, manifest entry) of each shard of a complete shard folder, in plan order."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{folder / MANIFEST} cannot be read ({exc}) - run the extraction again.") from None
    if not manifest.get("complete"):
        raise InputError(
            f"{folder} is not finished - run the same `quotefind extract ... --out {folder}` again."
        )
    return [(folder / e["shard"], e) for e in manifest["shards"]]


def import_shards(store: Any, folder: Path, *, lock_timeout: float = 0.0) -> IndexSummary:
    """Load a shard folder into a store, only the shards not already loaded into that store.

    `imported.jsonl` in the folder records each shard (by digest) loaded into each index; a shard
    counts as loaded while the index still holds its first statement.
    """
    log = folder / IMPORT_LOG
    where = store.describe()
    loaded = {(e.get("index"), e.get("shard"), e.get("sha256")) for e in _read_log(log)}
    pending = []
    unchanged = 0
    for path, entry in shard_files(folder):
        if entry["statements"] and (where, entry["shard"], entry["sha256"]) in loaded:
            first = next(read_shard(path), None)
            if first is not None and _holds(store, first):
                unchanged += entry["articles"]
                continue
        if entry["statements"]:
            pending.append((path, entry))
    if not pending:
        return IndexSummary(unchanged=unchanged)

    def statements() -> Iterator[Statement]:
        for path, _entry in pending:
            yield from read_shard(path)

    summary = replace(store.add_statements(statements(), lock_timeout=lock_timeout), unchanged=unchanged)
    try:
        for _path, entry in pending:
            _append_log(log, {"index": where, "shard": entry["shard"], "sha256": entry["sha256"]})
    except OSError:
        pass  # a read-only shard folder: the next import loads the same statements again, harmlessly
    return summary


def _holds(store: Any, statement: Statement) -> bool:
    from quotefind.errors import StatementNotFoundError

    try:
        store.get(statement.id)
    except StatementNotFoundError:
        return False
    return True


def batch_inputs(paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """Split `quotefind import` arguments into shard folders and JSON-lines files (or stdin)."""
    folders = [p for p in paths if is_shard_folder(p)]
    return folders, [p for p in paths if p not in folders]


def import_folders(
    store: Any, folders: Sequence[str], files: Sequence[str], *, lock_timeout: float = 0.0
) -> IndexSummary:
    """`quotefind import` of shard folders (only their shards not loaded yet), then of JSON-lines files."""
    from quotefind.exchange import read_statements

    summaries = [import_shards(store, Path(f), lock_timeout=lock_timeout) for f in folders]
    if files:
        summaries.append(store.add_statements(read_statements(files), lock_timeout=lock_timeout))
    return IndexSummary(**{f.name: sum(getattr(s, f.name) for s in summaries) for f in fields(IndexSummary)})
