"""`quotefind index` into OpenSearch: an `index` run's write session (`store.protocol.WriteSession`).

Statements go to the index NAME (`_id` = statement id, routing = article id), article records to
`NAME-articles` (`opensearch_docs.RECORDS_MAPPING`, one per key: the content hash and file stamp
that tell the next run what changed). A commit sends, in this order: the new statements (bulk,
retries and back-off); the deletion of an article's statements the new ones no longer hold, and of
articles no key holds any more; then the records. A refused statement is reported and counted, its
article keeps its old statements and gets no new record, so the next run reads it again; the run
then fails (exit 2). Copies of one article (a wire story in two files) keep one set of statements
that lists every copy in `sources`, as in a Whoosh index. There is no lock: two runs into one index
at once are not coordinated. `--rebuild` deletes both indexes and loads anew (a failed rebuild
leaves a partial index, unlike a folder's, which is swapped in whole).
"""

from __future__ import annotations

import contextlib
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from quotefind.model import Source, Statement, source_order
from quotefind.store.articles import ArticleRecord, RunBook, WrittenKeys, current_records
from quotefind.store.opensearch_docs import (
    RECORDS_MAPPING,
    RECORDS_SUFFIX,
    actions,
    record_document,
    record_from_document,
    record_id,
    record_routing,
    routing,
)

if TYPE_CHECKING:
    from quotefind.store.opensearch import OpenSearchStore
    from quotefind.store.whoosh.documents import Extracted

#: Articles written between commits (`--commit-every`).
COMMIT_EVERY = 4000
#: Statements held for the next bulk load at most: a commit comes sooner (long articles in parts).
HELD_STATEMENTS = 20_000
#: Hits per page when ids, statements or records are read back.
PAGE = 5000
#: Article ids per `terms` query (OpenSearch refuses more than 65,536).
TERMS = 10_000


class OpenSearchWriteSession(RunBook):
    """One `index` run's writes to an OpenSearch index and its article records."""

    #: Written articles carry their statements: this store analyses them (`opensearch_docs.document`).
    wants_statements = True

    def __init__(self, store: OpenSearchStore, *, commit_every: int = COMMIT_EVERY) -> None:
        self.store = store
        self.records_index = store.index + RECORDS_SUFFIX
        self.commit_every = commit_every
        self.records: dict[str, ArticleRecord] = {}
        self.counts: Counter[str] = Counter()
        self.speakers: set[str] = set()
        self.seen: set[str] = set()
        self.before_commit: Callable[[], None] | None = None
        self.on_commit: Callable[[], None] | None = None
        self.failed = 0
        #: Keys holding each article id, and the articles whose statements are this extractor's.
        self.holders: Counter[str] = Counter()
        self.current: set[str] = set()
        #: Articles whose copies changed in this run: their statements' `sources` are listed again.
        self.changed: set[str] = set()
        self._was_empty = False
        #: Articles whose statements this run wrote (in an index that was empty, only these can
        #: hold statements to replace).
        self._ever: set[str] = set()
        #: What this run wrote per key: text hash, kinds, where it was read, article id.
        self._written = WrittenKeys()
        self._copying: set[str] = set()
        self._failed_articles: set[str] = set()
        # Pending until the next commit:
        self._statements: list[Statement] = []
        self._ids: dict[str, list[str]] = {}  # an article's statement ids so far (until its last part)
        self._finished: list[str] = []  # articles whose last part is pending
        self._stale: set[str] = set()  # articles that may hold statements the new ones do not
        self._drop: set[str] = set()  # articles no key holds any more
        self._record_ops: dict[str, tuple[str, ArticleRecord]] = {}
        self._pending = 0

    # -- opening -----------------------------------------------------------------------------------

    def open(self, *, rebuild: bool) -> None:
        """Create the indexes if needed (anew with `rebuild`) and read the article records."""
        client = self.store.client
        if rebuild:
            self.store.drop()
            self.store._call(client.indices.delete, index=self.records_index, ignore_unavailable=True)
        self.store.create()
        if not self.store._call(client.indices.exists, index=self.records_index):
            self.store._call(client.indices.create, index=self.records_index, body=RECORDS_MAPPING)
        total = self.store._search({"size": 0, "track_total_hits": True, "query": {"match_all": {}}})
        self._was_empty = int(total["hits"]["total"]["value"]) == 0
        read = {r.key: r for r in self._read_records()}
        self.records = current_records(read)
        stale: set[str] = set()
        for record in self.records.values():
            if record.article_id:
                self.holders[record.article_id] += 1
                self.current.add(record.article_id)
                if not record.content_hash:  # made by another extractor: extracted again
                    stale.add(record.article_id)
        self.current -= stale

    def _read_records(self) -> Iterator[ArticleRecord]:
        after: list[Any] | None = None
        while True:
            body: dict[str, Any] = {"size": PAGE, "query": {"match_all": {}}, "sort": [{"key": "asc"}]}
            if after is not None:
                body["search_after"] = after
            found = self.store._call(self.store.client.search, index=self.records_index, body=body)
            hits = found["hits"]["hits"]
            for hit in hits:
                yield record_from_document(hit["_source"])
            if len(hits) < PAGE:
                return
            after = hits[-1]["sort"]

    # -- what the pipeline asks --------------------------------------------------------------------

    @property
    def pending(self) -> int:
        return self._pending

    def write(self, item: Extracted) -> bool:
        """Replace what the index holds for the key (as the Whoosh session does, `WriteSession.write`)."""
        record = item.record
        key = record.key
        if self.met(key) and not self._again(record):
            return False
        old = self.records.get(key)
        if key in self._written:
            _, kinds, _, earlier = self._written[key]
            self.counts["articles"] -= 1
            self.counts.subtract(dict(kinds))
            self._release(earlier)
        elif old is not None and old.article_id:
            self._release(old.article_id)
        article = record.article_id
        copy = self._take(article)
        kinds = Counter() if copy else Counter(item.kinds)
        if copy:
            self._copying.add(key)
        else:
            self._ids[article] = []
            self._add(article, item.statements)
            self.speakers.update(item.speakers)
        if item.last:
            self._finish(record, copy=copy)
        self._written[key] = (record.content_hash, tuple(sorted(kinds.items())), record.path or key, article)
        self.counts["articles"] += 1
        self.counts.update(kinds)
        self._step()
        return True

    def append(self, item: Extracted) -> None:
        record = item.record
        key = record.key
        if key in self._copying:
            if item.last:
                self._finish(record, copy=True)
            self._step()
            return
        self._add(record.article_id, item.statements)
        written = self._written.get(key)
        if written is not None:
            kinds = Counter(dict(written[1]))
            kinds.update(item.kinds)
            self._written[key] = (written[0], tuple(sorted(kinds.items())), written[2], written[3])
        self.counts.update(item.kinds)
        self.speakers.update(item.speakers)
        if item.last:
            self._finish(record, copy=False)
        self._step()

    def touch(self, record: ArticleRecord, *, step: bool = True) -> None:
        self._record_ops[record.key] = ("index", record)
        self.records[record.key] = record
        if step:
            self._step()

    def remove(self, key: str) -> None:
        old = self.records.pop(key, None)
        if old is None:
            return
        self._record_ops[key] = ("delete", old)
        if old.article_id:
            self._release(old.article_id)
        self.counts["pruned"] += 1
        self._step()

    # -- keys and articles -------------------------------------------------------------------------

    def _take(self, article: str) -> bool:
        """Count one more key holding the article; True when it is a copy (its statements, by this
        extractor, are in the index or on their way: only its record is written)."""
        found = self.holders[article]
        self.holders[article] = found + 1
        if found:
            self.changed.add(article)
        if found and article in self.current:
            return True
        self.current.add(article)
        self._drop.discard(article)  # released and taken again in one batch: replaced, not dropped
        if not self._was_empty or article in self._ever:
            self._stale.add(article)
        self._ever.add(article)
        return False

    def _release(self, article: str) -> None:
        """One key no longer holds the article: its statements go with the last key that did."""
        found = self.holders.get(article, 0)
        if found > 1:
            self.holders[article] = found - 1
            self.changed.add(article)
            return
        self.holders.pop(article, None)
        self.current.discard(article)
        if self._was_empty and article not in self._ever:
            return
        self._drop.add(article)

    def _add(self, article: str, statements: Iterable[Statement]) -> None:
        for st in statements:
            self._statements.append(st)
            self._ids.setdefault(article, []).append(st.id)

    def _finish(self, record: ArticleRecord, *, copy: bool) -> None:
        self._record_ops[record.key] = ("index", record)
        self.records[record.key] = record
        self._copying.discard(record.key)
        if not copy:
            self._finished.append(record.article_id)

    def _step(self) -> None:
        self._pending += 1
        if self._pending >= self.commit_every or len(self._statements) >= HELD_STATEMENTS:
            self.commit(final=False)

    # -- committing --------------------------------------------------------------------------------

    def commit(self, *, final: bool = True) -> None:
        """Send what is pending: statements, then deletions, then records; refresh both indexes."""
        if not (self._statements or self._record_ops or self._drop or self._finished):
            return
        if self.on_commit is not None:
            self.on_commit()
        if not final and self.before_commit is not None:
            self.before_commit()
        statements, self._statements = self._statements, []
        finished, self._finished = self._finished, []
        drop, self._drop = self._drop, set()
        ops, self._record_ops = self._record_ops, {}
        self._pending = 0
        self._load(statements)
        done = [a for a in dict.fromkeys(finished) if a not in self._failed_articles and a not in drop]
        stale = [a for a in done if a in self._stale]
        if stale:
            self._delete_stale({a: set(self._ids.get(a, ())) for a in stale})
        for a in finished:
            self._ids.pop(a, None)
            self._stale.discard(a)
        if drop:
            if statements:
                # `_delete_by_query` sees only what a refresh made searchable: an article written and
                # dropped in one batch (a key given twice) would keep its statements.
                self.store.refresh()
            self._drop_articles(sorted(drop))
        self._write_records(ops)
        self.store.refresh()
        self.store._call(self.store.client.indices.refresh, index=self.records_index)

    def _bulk(
        self, requests: Iterable[dict[str, Any]], what: Callable[[dict[str, Any]], str], *, count: bool = True
    ) -> list[str]:
        """Send bulk actions with retries and back-off; report each refused one, return their ids.

        `count`: count the statements overwritten (replaced by a new extraction) as removed."""
        from opensearchpy.helpers import streaming_bulk

        from quotefind.store import opensearch as backend

        refused: list[str] = []
        for ok, item in streaming_bulk(
            self.store.client,
            requests,
            chunk_size=backend.BULK_CHUNK,
            max_retries=backend.BULK_RETRIES,
            initial_backoff=backend.BULK_BACKOFF[0],
            max_backoff=backend.BULK_BACKOFF[1],
            raise_on_error=False,
            raise_on_exception=False,
        ):
            (op, info), *_ = item.items()
            if ok:
                if count and op == "index" and info.get("result") == "updated":
                    self.counts["overwritten"] += 1
                continue
            if op == "delete" and info.get("status") == 404:
                continue  # gone already
            self.failed += 1
            reason = info.get("error") or info.get("exception") or info.get("status")
            print(f"quotefind: {what(info)} was not {op}ed: {reason}", file=sys.stderr)
            refused.append(str(info.get("_id")))
        return refused

    def _load(self, statements: list[Statement], *, count: bool = True) -> None:
        if not statements:
            return
        article_of = {st.id: routing(st) for st in statements}
        refused = self._bulk(
            actions(statements, self.store.index), lambda i: f"statement {i.get('_id')}", count=count
        )
        self._failed_articles.update(article_of.get(i, "") for i in refused)

    def _existing_ids(self, articles: list[str]) -> Iterator[tuple[str, str, str]]:
        """(statement id, routing, article id) of the statements the index holds for these articles."""
        for i in range(0, len(articles), TERMS):
            part = articles[i : i + TERMS]
            after: list[Any] | None = None
            while True:
                body: dict[str, Any] = {
                    "size": PAGE,
                    "_source": ["article_id"],
                    "query": {"terms": {"article_id": part}},
                    "sort": [{"id": "asc"}],
                }
                if after is not None:
                    body["search_after"] = after
                hits = self.store._search(body)["hits"]["hits"]
                for hit in hits:
                    yield hit["_id"], hit.get("_routing") or "", hit["_source"].get("article_id") or ""
                if len(hits) < PAGE:
                    break
                after = hits[-1]["sort"]

    def _delete_stale(self, kept: dict[str, set[str]]) -> None:
        """Delete the statements of these articles that their new ones are not (once those are in)."""
        gone = [
            {"_op_type": "delete", "_index": self.store.index, "_id": ident, "routing": route or article}
            for ident, route, article in self._existing_ids(list(kept))
            if ident not in kept.get(article, set())
        ]
        refused = self._bulk(gone, lambda i: f"old statement {i.get('_id')}")
        self.counts["removed"] += len(gone) - len(refused)

    def _drop_articles(self, articles: list[str]) -> None:
        for i in range(0, len(articles), TERMS):
            body = {"query": {"terms": {"article_id": articles[i : i + TERMS]}}}
            found = self.store._call(
                self.store.client.delete_by_query,
                index=self.store.index,
                body=body,
                conflicts="proceed",
                refresh=True,
            )
            self.counts["removed"] += int(found.get("deleted", 0))

    def _write_records(self, ops: dict[str, tuple[str, ArticleRecord]]) -> None:
        requests: list[dict[str, Any]] = []
        for key, (op, record) in ops.items():
            if op == "index" and record.article_id in self._failed_articles:
                continue  # not recorded: the next run reads the article again
            request = {"_op_type": op, "_index": self.records_index, "_id": record_id(key)}
            request["routing"] = record_routing(record)
            if op == "index":
                request["_source"] = record_document(record)
            requests.append(request)
        self._bulk(requests, lambda i: f"the record {i.get('_id')}", count=False)

    def refresh_sources(self) -> None:
        """List every copy in the `sources` of the articles whose copies changed in this run."""
        wanted = {a for a in self.changed if a in self.holders}
        self.changed = set()
        if not wanted:
            return
        self.commit(final=False)
        copies: dict[str, set[Source]] = {}
        for record in self.records.values():
            if record.article_id in wanted:
                found = record.source or Source(path=record.path or None)
                copies.setdefault(record.article_id, set()).add(found)
        rewritten: list[Statement] = []
        for article in sorted(copies):
            listed = sorted(copies[article], key=source_order)
            after: list[Any] | None = None
            while True:
                body: dict[str, Any] = {
                    "size": PAGE,
                    "query": {"term": {"article_id": article}},
                    "sort": [{"id": "asc"}],
                }
                if after is not None:
                    body["search_after"] = after
                hits = self.store._search(body)["hits"]["hits"]
                before = [Statement.from_dict(h["_source"]) for h in hits]
                rewritten.extend(a for b in before if (a := b.with_sources(listed)) != b)
                if len(hits) < PAGE:
                    break
                after = hits[-1]["sort"]
        self._load(rewritten, count=False)  # (a listing replaces nothing)
        self.store.refresh()


@contextlib.contextmanager
def write_session(
    store: OpenSearchStore,
    *,
    lock_timeout: float = 0.0,
    rebuild: bool = False,
    commit_every: int = COMMIT_EVERY,
) -> Iterator[OpenSearchWriteSession]:
    """An `index` run's session on the store: committed when the block ends, what is pending dropped
    on an error (what earlier commits sent stays). `lock_timeout` is unused: there is no lock."""
    from quotefind.store.opensearch import OpenSearchError

    session = OpenSearchWriteSession(store, commit_every=commit_every)
    session.open(rebuild=rebuild)
    yield session
    session.refresh_sources()
    session.commit()
    if session.failed:
        raise OpenSearchError(
            f"{session.failed} documents were not written to {store.describe()} (see above) - their "
            "articles keep what they had; fix the cause and run the same command again."
        )
