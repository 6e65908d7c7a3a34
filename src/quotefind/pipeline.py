"""The indexing pipeline: files -> worker processes (read + extract) -> one store writer.

The parent lists the files and skips those whose size and modification time match what the index
recorded, without reading them. Worker processes read and extract the rest and send back Whoosh
documents (or, for a store that analyses them itself, the statements), in order, through a window
bounded in files and bytes; the parent is the only writer.
A big file (a JSON-lines file of a million lines) is read here an article at a time, its articles
extracted in workers a batch at a time and written as they come, so commits happen inside it and
memory stays bounded whatever its size; an article too long to send is extracted here in parts.
"""

from __future__ import annotations

import itertools
import os
import stat
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from quotefind.errors import WorkerError
from quotefind.model import Article, IndexSummary, Statement
from quotefind.store import WriteSession, write_session
from quotefind.store.articles import ArticleRecord
from quotefind.store.whoosh.documents import Extracted, extract_article, file_of
from quotefind.store.whoosh.session import COMMIT_EVERY, GC_YOUNG_THRESHOLD
from quotefind.writes import FileWrites, Outcome, Unchanged, article_parts

if TYPE_CHECKING:
    from rich.console import Console

    from quotefind.ingest import Skipped

Extractor = Callable[[Article], Iterable[Statement]]

#: Below this many files to (re)read, worker processes cost more than they save.
PARALLEL_MIN_FILES = 48
#: Most files one worker task carries.
CHUNK_MAX = 32
#: Files in flight: enough to keep workers busy while the writer commits a batch, few enough to
#: bound memory (a file's analysed statements take some kilobytes).
WINDOW_FILES = 1024
#: A parallel run commits early, once, when the files still to come are this share of the writes
#: it holds uncommitted (and those are at least `EARLY_COMMIT_MIN`): writing that batch's segment
#: then overlaps the workers' extraction of the rest, instead of running alone at the end while
#: the workers idle. The index gets one more segment (and lexicon document) than otherwise.
EARLY_COMMIT_SHARE = 0.3
EARLY_COMMIT_MIN = 1000
#: Files larger than this are read by the parent an article at a time (`stream_batches`), never
#: held whole: a JSON-lines file, or one long article.
STREAM_MIN_BYTES = 4_000_000
#: Articles longer than this (characters) are extracted in the parent and written in parts
#: (`writes.article_parts`): sent to a worker, their documents would come back all at once.
BIG_ARTICLE_CHARS = 1_000_000
#: Characters of article text one worker batch of a streamed file carries (at most).
CHUNK_CHARS = 1_000_000
#: Bytes (or characters) of input in flight to the workers, on top of the `WINDOW_FILES` count:
#: results finished ahead of the writer wait in memory, and a statement-dense text's documents
#: take up to ~13 times its size.
WINDOW_BYTES = 16_000_000


@dataclass(frozen=True, slots=True)
class FileTask:
    """One file to read and extract, with what the index knew about it."""

    path: str
    """The path as found (what ingest reads and what `Source.path` shows)."""
    file: str
    """Its absolute path."""
    size: int
    """Size in bytes, taken before reading (a change after that is seen on the next run)."""
    mtime_ns: int
    """Modification time, taken before reading."""
    known: tuple[tuple[str, str], ...] = ()
    """(key, content hash) of the articles the index holds from this file."""


# Worker side -------------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _configure(extract: Extractor | None, read_options: Mapping[str, Any], statements: bool = False) -> None:
    _WORKER["extract"] = extract
    _WORKER["read_options"] = dict(read_options)
    # What the store wants of an extracted article: Whoosh documents, or the statements themselves.
    _WORKER["documents"] = not statements


def _init_worker(
    extract: Extractor | None, read_options: Mapping[str, Any], statements: bool = False
) -> None:
    import gc
    import multiprocessing

    _configure(extract, read_options, statements)
    # A worker allocates millions of short-lived objects: collect cycles less often, and never
    # scan again what the imports made (the extractor's tables).
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    gc.freeze()
    parent = multiprocessing.parent_process()
    if parent is not None:
        # Die with the parent (say it was killed): an orphan would wait for tasks forever.
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()


def _exit_with(sentinel: int) -> None:
    from multiprocessing.connection import wait

    wait([sentinel])
    os._exit(1)


def _extractor() -> Extractor:
    found = _WORKER.get("extract")
    if found is None:
        from quotefind.extract import extract

        found = _WORKER["extract"] = extract
    return found


def process_file(task: FileTask) -> list[Outcome]:
    """Read one file and extract its articles, unless their text is already in the index."""
    from quotefind.ingest import read_inputs

    known = dict(task.known)
    out: list[Outcome] = []
    for item in read_inputs([task.path], **_WORKER.get("read_options", {})):
        found = _classify(item, task, known)
        out.append(_extract_one(found, task) if isinstance(found, Article) else found)
    return out


def _classify(item: Article | Skipped, task: FileTask, known: Mapping[str, str]) -> Outcome | Article:
    """Return an article of the file to extract, or Unchanged when the index holds its text."""
    if not isinstance(item, Article):
        return item
    key = item.key or item.id
    if known.get(key) != item.content_hash:
        return item
    return Unchanged(
        ArticleRecord(
            key=key,
            content_hash=item.content_hash,
            article_id=item.id,
            path=item.source.path or "",
            file=task.file,
            size=task.size,
            mtime_ns=task.mtime_ns,
            source=item.source,
        )
    )


def _extract_one(article: Article, task: FileTask | None) -> Extracted:
    documents = _WORKER.get("documents", True)
    if task is None:
        return extract_article(article, _extractor(), file=file_of(article), documents=documents)
    return extract_article(
        article, _extractor(), file=task.file, size=task.size, mtime_ns=task.mtime_ns, documents=documents
    )


def _work(batch: Batch) -> list[Any]:
    """A worker's task: read and extract small files, or extract articles of a streamed file."""
    if batch.files:
        return [process_file(task) for task in batch.files]
    return [_extract_one(i, batch.task) if isinstance(i, Article) else i for i in batch.items]


# Parent side -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Batch:
    """Work of a run, in order: small files to read and extract, or articles of one streamed file."""

    files: tuple[FileTask, ...] = ()
    """Small files, read and extracted whole (in a worker, unless `local`)."""
    task: FileTask | None = None
    """The streamed file (or None: stdin) that `items` come from."""
    items: tuple[Any, ...] = ()
    """Its articles to extract, and what needs no extraction (Skipped, Unchanged), in order."""
    last: bool = False
    """True on a streamed file's last batch."""
    local: bool = False
    """Done in this process: an in-process run, or an article too long to send to a worker."""
    weight: int = 0
    """Bytes (files) or characters (articles) it carries: what the window of work in flight counts."""


def _batches(
    tasks: list[FileTask], *, chunk: int, parallel: bool, read_options: Mapping[str, Any]
) -> Iterator[Batch]:
    """The work of a run in order: batches of small files, and each big file a batch at a time."""
    small: list[FileTask] = []

    def flush() -> Batch:
        batch = Batch(files=tuple(small), weight=sum(t.size for t in small), local=not parallel)
        small.clear()
        return batch

    for task in tasks:
        if task.size > STREAM_MIN_BYTES:
            if small:
                yield flush()
            items = _read_streamed(task, read_options)
            yield from stream_batches(items, task, parallel=parallel)
            continue
        small.append(task)
        if len(small) >= chunk:
            yield flush()
    if small:
        yield flush()


def _read_streamed(task: FileTask, read_options: Mapping[str, Any]) -> Iterator[Outcome | Article]:
    from quotefind.ingest import read_inputs

    known = dict(task.known)
    for item in read_inputs([task.path], **read_options):
        yield _classify(item, task, known)


def stream_batches(items: Iterable[Any], task: FileTask | None, *, parallel: bool) -> Iterator[Batch]:
    """Batch the articles of one input (a big file, stdin) as they are read.

    Batches hold at most `ARTICLE_CHUNK` articles and `CHUNK_CHARS` characters; an article over
    `BIG_ARTICLE_CHARS` is a batch of its own, done here and written in parts.
    """
    held: list[Any] = []
    chars = 0
    for item in items:
        size = len(item.text) if isinstance(item, Article) else 0
        if size > BIG_ARTICLE_CHARS:
            if held:
                yield Batch(task=task, items=tuple(held), weight=chars, local=not parallel)
                held, chars = [], 0
            yield Batch(task=task, items=(item,), weight=size, local=True)
            continue
        held.append(item)
        chars += size
        if chars >= CHUNK_CHARS or sum(isinstance(i, Article) for i in held) >= ARTICLE_CHUNK:
            yield Batch(task=task, items=tuple(held), weight=chars, local=not parallel)
            held, chars = [], 0
    yield Batch(task=task, items=tuple(held), weight=chars, local=not parallel, last=True)


def local_outcomes(batch: Batch) -> Iterator[Outcome]:
    """Extract a batch's articles in this process, an article over `BIG_ARTICLE_CHARS` in parts."""
    task = batch.task
    for item in batch.items:
        if not isinstance(item, Article):
            yield item
        elif len(item.text) > BIG_ARTICLE_CHARS:
            where = (task.file, task.size, task.mtime_ns) if task else (file_of(item), -1, -1)
            yield from article_parts(
                item,
                _extractor(),
                file=where[0],
                size=where[1],
                mtime_ns=where[2],
                documents=_WORKER.get("documents", True),
            )
        else:
            yield _extract_one(item, task)


def _outcomes(
    tasks: list[FileTask],
    *,
    jobs: int,
    parallel: bool,
    extract: Extractor | None,
    read_options: Mapping[str, Any],
) -> Iterator[tuple[FileTask, Iterable[Outcome], bool]]:
    """Yield (file, outcomes, last) in file order; a big file's outcomes come in several batches."""
    chunk = max(1, min(CHUNK_MAX, len(tasks) // (jobs * 8))) if parallel else 1
    batches = _batches(tasks, chunk=chunk, parallel=parallel, read_options=read_options)
    done: Iterator[tuple[Batch, list[Any] | None]]
    if parallel:
        window = max(jobs * 2, WINDOW_FILES // chunk)
        done = _in_workers(_work, batches, jobs, extract, read_options, window, local=_is_local)
    else:
        done = ((batch, None) for batch in batches)
    for batch, results in done:
        if batch.files:
            if results is None:
                results = [process_file(task) for task in batch.files]
            yield from ((task, found, True) for task, found in zip(batch.files, results, strict=True))
        elif batch.task is not None:
            yield batch.task, local_outcomes(batch) if results is None else results, batch.last


def _is_local(batch: Any) -> bool:
    return isinstance(batch, Batch) and batch.local


def _in_workers(
    func: Callable[[Any], list[Any]],
    chunks: Iterator[Any],
    jobs: int,
    extract: Extractor | None,
    read_options: Mapping[str, Any],
    window: int,
    *,
    local: Callable[[Any], bool] | None = None,
) -> Iterator[tuple[Any, list[Any] | None]]:
    """Run func on each chunk in worker processes; yield (chunk, results) in order, `window` ahead.

    A chunk that `local` picks is not sent: it comes back in its place with None for results, for
    the caller to do. No more than `WINDOW_BYTES` (by a chunk's `weight`) are held ahead.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Never fork: the parent holds the index lock (a forked child would keep it alive) and may run
    # a progress thread. A fork server starts clean and imports quotefind once for all workers.
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["quotefind.pipeline", "quotefind.ingest", "quotefind.extract"])
    else:
        ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=ctx,
        initializer=_init_worker,
        initargs=(extract, read_options, not _WORKER.get("documents", True)),
    )
    pending: deque[tuple[Any, Any, int]] = deque()
    held = 0

    def fill() -> None:
        nonlocal held
        while len(pending) < window and (not pending or held < WINDOW_BYTES):
            chunk = next(chunks, None)
            if chunk is None:
                return
            weight = getattr(chunk, "weight", 0)
            future = None if local is not None and local(chunk) else pool.submit(func, chunk)
            pending.append((chunk, future, weight))
            held += weight

    try:
        fill()
        while pending:
            chunk, future, weight = pending.popleft()
            held -= weight
            try:
                results = None if future is None else future.result()
            except BrokenProcessPool as exc:
                raise WorkerError(
                    "A worker process died (out of memory, or killed) - run again; "
                    "what was committed is kept, and `--jobs 1` shows an error in-process."
                ) from exc
            fill()
            yield chunk, results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _extract_chunk(articles: list[Article]) -> list[Extracted]:

    documents = _WORKER.get("documents", True)
    return [extract_article(a, _extractor(), file=file_of(a), documents=documents) for a in articles]


#: Articles one worker task carries when articles (not files) are extracted in workers.
ARTICLE_CHUNK = 16


def extract_articles(
    articles: Iterable[Article], *, jobs: int | None = None, extract: Extractor | None = None
) -> Iterator[tuple[Article, Extracted]]:
    """Extract and analyse articles, in order: in `jobs` worker processes (0 or None: all cores)
    when there are enough of them and `extract` can reach a worker (a module-level function), else
    here.
    """

    jobs = jobs if jobs and jobs > 0 else (os.cpu_count() or 1)
    articles = iter(articles)
    # One at a time, unless workers can take it: then a first few are read ahead, to tell.
    parallel = jobs > 1 and _reaches_workers(extract)
    first = list(islice(articles, PARALLEL_MIN_FILES)) if parallel else []
    if len(first) < PARALLEL_MIN_FILES:
        documents = _WORKER.get("documents", True)
        _configure(extract, {}, not documents)
        for article in itertools.chain(first, articles):
            yield article, extract_article(article, _extractor(), file=file_of(article), documents=documents)
        return
    stream = itertools.chain(first, articles)
    chunks = iter(lambda: list(islice(stream, ARTICLE_CHUNK)), [])
    window = max(jobs * 2, WINDOW_FILES // ARTICLE_CHUNK)
    for chunk, results in _in_workers(_extract_chunk, chunks, jobs, extract, {}, window):
        yield from zip(chunk, results, strict=True)


def _reaches_workers(extract: Extractor | None) -> bool:
    """True when the extractor can be sent to a worker process (pickled by reference).

    Not a function of a script run as `__main__`, and not at all when the main script is no file
    (`python - < script`): a worker process imports the main script anew.
    """
    import pickle
    import sys

    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    if getattr(extract, "__module__", None) == "__main__" or (main_file and not os.path.isfile(main_file)):
        return False
    try:
        pickle.dumps(extract)
    except (pickle.PicklingError, AttributeError, TypeError):
        return False
    return True


def _plan(
    session: WriteSession,
    paths: Iterable[str],
    *,
    glob: str | None,
    on_skip: Callable[[Skipped], None] | None,
) -> tuple[list[FileTask], bool]:
    """Return the files to read (unchanged ones are counted and left out), and whether stdin is asked."""
    from quotefind.ingest import STDIN, Skipped, iter_files

    by_file: dict[str, list[ArticleRecord]] = {}
    for record in session.records.values():
        if record.file:
            by_file.setdefault(record.file, []).append(record)
    tasks: list[FileTask] = []
    seen: set[str] = set()
    parents: dict[Path, Path] = {}
    stdin = False
    for raw in paths:
        if raw == STDIN:
            stdin = True
            continue
        for item in iter_files([raw], glob=glob):
            if isinstance(item, Skipped):
                session.note_skipped()
                if on_skip:
                    on_skip(item)
                continue
            file, size, mtime = _identify(item, parents)
            if file in seen:
                continue
            seen.add(file)
            known = by_file.get(file, [])
            if known and all(r.same_file(size, mtime) for r in known):
                for r in known:
                    session.note_unchanged(r.key)
                continue
            tasks.append(
                FileTask(str(item), file, size, mtime, tuple((r.key, r.content_hash) for r in known))
            )
    return tasks, stdin


def _identify(path: Path, parents: dict[Path, Path]) -> tuple[str, int, int]:
    """Return the file's absolute path (as ingest keys it: resolved), size and modification time.

    One `lstat` per file: folders are resolved once, symbolic links one by one.
    """
    try:
        st = path.lstat()
        if stat.S_ISLNK(st.st_mode):
            return str(path.resolve()), *_size_time(path.stat())
        parent = parents.get(path.parent)
        if parent is None:
            parent = parents[path.parent] = path.parent.resolve()
        return str(parent / path.name), *_size_time(st)
    except OSError:
        return str(path.resolve()), -1, -1  # the worker reports why it cannot read the file


def _size_time(st: os.stat_result) -> tuple[int, int]:
    return st.st_size, st.st_mtime_ns


class ProgressBar:
    """A rich progress bar on a stderr console (articles, statements, rate, ETA), terminals only."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self._progress: Any = None
        self._task: Any = None
        self._statements = 0

    def start(self, total: int) -> None:
        """Show the bar for `total` files, if the console is a terminal and there is work."""
        if not self.console.is_terminal or total <= 0:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class RateColumn(ProgressColumn):
            def render(self, task: Any) -> Text:
                return Text(f"{task.speed or 0:,.0f} files/s")

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files, {task.fields[statements]:,} statements"),
            RateColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task("indexing", total=total, statements=0)

    def advance(self, files: int, statements: int) -> None:
        """Count files done and statements found."""
        if self._progress is not None:
            self._statements += statements
            self._progress.update(
                self._task, advance=files, statements=self._statements, description="indexing"
            )

    def committing(self) -> None:
        """Say that the index is committing (a commit can take seconds: the bar must not seem frozen)."""
        if self._progress is not None:
            self._progress.update(self._task, description="committing")
            self._progress.refresh()

    def stop(self) -> None:
        """Remove the bar."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def index_paths(
    location: Path | Any,
    paths: Iterable[str],
    *,
    glob: str | None = None,
    read_options: Mapping[str, Any] | None = None,
    jobs: int | None = None,
    rebuild: bool = False,
    prune: bool = False,
    lock_timeout: float = 0.0,
    extract: Extractor | None = None,
    commit_every: int = COMMIT_EVERY,
    stdin: TextIO | None = None,
    progress: ProgressBar | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
) -> IndexSummary:
    """Index files, folders and stdin (`-`): unchanged files are skipped unread, changed ones replaced.

    `location` is an index folder or a store with a write session of its own (`store.write_session`:
    OpenSearch). Extraction runs in `jobs` worker processes (default: all cores; 1, or a small
    input, runs in this process). `extract` must be a module-level function to reach workers.
    `rebuild` builds a new index (a folder: beside the old one, swapped in when complete); `prune`
    removes articles whose file is gone.
    """
    read_options = dict(read_options or {})
    jobs = jobs if jobs and jobs > 0 else (os.cpu_count() or 1)
    try:
        with write_session(
            location, lock_timeout=lock_timeout, rebuild=rebuild, commit_every=commit_every
        ) as s:
            # The in-process path reads through the same worker state.
            _configure(extract, read_options, s.wants_statements)
            if progress:
                s.on_commit = progress.committing
            _index_tasks(s, paths, glob, read_options, jobs, extract, stdin, progress, on_skip, prune)
    finally:
        if progress:
            progress.stop()  # (after the last commit, which the bar shows)
    return s.summary()


def _index_tasks(
    s: WriteSession,
    paths: Iterable[str],
    glob: str | None,
    read_options: Mapping[str, Any],
    jobs: int,
    extract: Extractor | None,
    stdin: TextIO | None,
    progress: ProgressBar | None,
    on_skip: Callable[[Skipped], None] | None,
    prune: bool,
) -> None:
    """The work of `index_paths` inside its write session: plan, extract, write, prune."""
    from quotefind.ingest import STDIN, read_inputs

    tasks, with_stdin = _plan(s, list(paths), glob=glob, on_skip=on_skip)
    streamed = any(t.size > STREAM_MIN_BYTES for t in tasks)
    parallel = jobs > 1 and (len(tasks) >= PARALLEL_MIN_FILES or streamed)
    results = _outcomes(tasks, jobs=jobs, parallel=parallel, extract=extract, read_options=read_options)
    early = parallel  # one early commit, in a parallel run only
    if progress:
        progress.start(len(tasks))
    done = 0
    writes: FileWrites | None = None
    for task, outcomes, last in results:
        if writes is None:
            to_come = len(tasks) - done
            if early and s.pending >= max(EARLY_COMMIT_MIN, to_come / EARLY_COMMIT_SHARE):
                early = False
                s.commit(final=False)
            writes = FileWrites(s, file=task.file, known=[k for k, _ in task.known], on_skip=on_skip)
        statements = writes.apply(outcomes, last=last)
        if last:
            writes.finish()
            writes = None
            done += 1
        if progress:
            progress.advance(1 if last else 0, statements)
    if with_stdin:
        _index_stdin(s, read_inputs([STDIN], stdin=stdin), on_skip=on_skip)
    if prune:
        s.prune_missing()


def _index_stdin(
    session: WriteSession, items: Iterable[Article | Skipped], *, on_skip: Callable[[Skipped], None] | None
) -> None:
    """Write the articles read from stdin as they come, unless the index holds their text."""

    def changed() -> Iterator[Outcome | Article]:
        for item in items:
            if isinstance(item, Article) and session.is_unchanged(item.key or item.id, item.content_hash):
                session.note_unchanged(item.key or item.id)
                continue
            yield item

    writes = FileWrites(session, file="", known=(), on_skip=on_skip)
    for batch in stream_batches(changed(), None, parallel=False):
        writes.apply(local_outcomes(batch))


def add_articles(
    location: Path | Any,
    items: Iterable[Article | Skipped],
    *,
    extract: Callable[[Article], Iterable[Statement]] | None = None,
    jobs: int = 1,
    lock_timeout: float = 0.0,
    rebuild: bool = False,
    prune: bool = False,
    commit_every: int = COMMIT_EVERY,
    on_article: Callable[[Article, int], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
) -> IndexSummary:
    """Index articles: skip unchanged ones, replace changed ones, add new ones.

    Extraction runs in this process, or with `jobs` > 1 (0: all cores) in worker processes when
    there are many articles and `extract` is a module-level function (the caller's script then
    needs the `if __name__ == "__main__":` guard of multiprocessing). Workers pay off on idle
    cores; on a busy machine the copies to and from them cost more than they save. `prune` also
    removes the articles whose file is gone. For files and folders on disk,
    `index_paths` does the same and skips unchanged files unread.
    """
    from quotefind.ingest import Skipped

    with write_session(location, lock_timeout=lock_timeout, rebuild=rebuild, commit_every=commit_every) as s:
        _configure(extract, {}, s.wants_statements)
        # Articles go to the workers ahead of the writes: one seen earlier in this run with the
        # same text is unchanged, as it would be one at a time.
        queued: dict[str, str] = {}

        def changed() -> Iterator[Article]:
            for item in items:
                if isinstance(item, Skipped):
                    s.note_skipped()
                    if on_skip:
                        on_skip(item)
                    continue
                key = item.key or item.id
                content_hash = item.content_hash
                if s.is_unchanged(key, content_hash):
                    s.note_unchanged(key)
                    continue
                if queued.get(key) == content_hash:
                    s.note_repeat()
                    continue
                queued.setdefault(key, content_hash)
                yield item

        for article, done in extract_articles(changed(), jobs=jobs, extract=extract):
            if s.write(done) and on_article:
                on_article(article, done.record.statements)
        if prune:
            s.prune_missing()
    return s.summary()
