"""`OpenSearchStore`: the store protocol over an OpenSearch (or Elasticsearch) index, through `opensearch-py`.

`--index opensearch+https://host:9200/NAME`. Credentials come from `QUOTEFIND_OPENSEARCH_USER` and
`QUOTEFIND_OPENSEARCH_PASSWORD`, else from `~/.netrc` (or `$NETRC`) for the host; never from the
command line (a URL with a user or password is refused, since it would show in `ps` and histories).
Loading goes through the client's `streaming_bulk` with retries and back-off; every document the
cluster refuses is reported on stderr and counted, and the load then fails: none is lost silently.
"""

from __future__ import annotations

import contextlib
import netrc
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from quotefind.errors import IndexMissingError, InputError, QuotefindError, StatementNotFoundError
from quotefind.model import Hit, IndexSummary, Speaker, SpeakerSummary, Statement
from quotefind.store import opensearch_query as q
from quotefind.store.opensearch_docs import MAPPING, actions, routing
from quotefind.store.protocol import Candidates, Filters

if TYPE_CHECKING:
    from quotefind.search.query import ParsedQuery

USER_VAR = "QUOTEFIND_OPENSEARCH_USER"
PASSWORD_VAR = "QUOTEFIND_OPENSEARCH_PASSWORD"

#: Statements per `_bulk` request.
BULK_CHUNK = 500
#: Retries of a chunk the cluster rejects as too busy (429), waiting 1 s, 2 s, 4 s ... up to 60 s.
BULK_RETRIES = 5
BULK_BACKOFF = (1, 60)
#: Statements per page when every statement is read (`export`).
PAGE = 1000
#: Most speaker names one aggregation returns.
MAX_SPEAKERS = 65_000
#: Credits (distinct name, role, organisation, mention, article) per page of a composite aggregation.
CREDIT_PAGE = 10_000
#: Names per `terms` query (OpenSearch refuses more than 65,536).
TERMS_PER_QUERY = 10_000


class OpenSearchError(QuotefindError):
    """The cluster could not be reached, refused a request, or refused documents."""


def parse_url(url: str) -> tuple[str, str]:
    """Split `opensearch+https://host:9200/NAME` into the cluster's URL and the index name."""
    raw = url.split("+", 1)[1] if url.lower().startswith("opensearch+") else url
    parts = urlsplit(raw)
    if parts.username or parts.password:
        raise InputError(
            f"The index URL {parts.scheme}://...@{parts.hostname}/... holds credentials - set "
            f"{USER_VAR} and {PASSWORD_VAR}, or use ~/.netrc, instead."
        )
    path = parts.path.strip("/")
    prefix, _, name = path.rpartition("/")
    if not name or not parts.hostname:
        raise InputError(f"{url} names no index - write opensearch+https://host:9200/NAME.")
    base = f"{parts.scheme}://{parts.netloc}" + (f"/{prefix}" if prefix else "")
    return base, name


def credentials(host: str, env: dict[str, str] | None = None) -> tuple[str, str] | None:
    """The user and password for a host: from the environment, else from the netrc file, else none."""
    env = dict(os.environ) if env is None else env
    user, password = env.get(USER_VAR), env.get(PASSWORD_VAR)
    if user and password is not None:
        return user, password
    try:
        found = netrc.netrc(env.get("NETRC")).authenticators(host)
    except (FileNotFoundError, netrc.NetrcParseError, OSError):
        return None
    if found and found[0] and found[2] is not None:
        return found[0], found[2]
    return None


class OpenSearchStore:
    """One index on a cluster. `client` is an `opensearchpy.OpenSearch` (tests pass one that records)."""

    def __init__(self, client: Any, index: str, *, url: str = "") -> None:
        self.client = client
        self.index = index
        self.url = url

    @classmethod
    def from_url(cls, url: str, **client_options: Any) -> OpenSearchStore:
        """A store for `opensearch+https://host:9200/NAME`, with credentials from the environment or netrc."""
        try:
            from opensearchpy import OpenSearch
        except ImportError:
            raise InputError(
                'The OpenSearch backend needs opensearch-py - pip install "quotefind[opensearch]".'
            ) from None
        base, index = parse_url(url)
        host = urlsplit(base).hostname or ""
        auth = credentials(host)
        client = OpenSearch(
            hosts=[base],
            http_auth=auth,
            verify_certs=base.startswith("https"),
            max_retries=3,
            retry_on_timeout=True,
            timeout=60,
            **client_options,
        )
        return cls(client, index, url=f"{base}/{index}")

    def describe(self) -> str:
        return self.url or self.index

    # -- requests ------------------------------------------------------------------------------

    def _call(self, request: Callable[..., Any], **kwargs: Any) -> Any:
        from opensearchpy.exceptions import ConnectionError as ConnError
        from opensearchpy.exceptions import NotFoundError, TransportError

        try:
            return request(**kwargs)
        except NotFoundError:
            raise IndexMissingError(
                f"No index {self.index} at {self.describe()} - load one with `quotefind import --index ...`."
            ) from None
        except ConnError as exc:
            raise OpenSearchError(
                f"{self.describe()} cannot be reached ({exc.error}) - is the cluster up?"
            ) from None
        except TransportError as exc:
            raise OpenSearchError(
                f"{self.describe()} refused a request ({exc.status_code} {exc.error}) - check the "
                f"credentials ({USER_VAR}, {PASSWORD_VAR} or ~/.netrc) and the index name."
            ) from None

    def _search(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._call(self.client.search, index=self.index, body=body)

    def _statements(self, body: dict[str, Any]) -> list[Statement]:
        return [Statement.from_dict(h["_source"]) for h in self._search(body)["hits"]["hits"]]

    def create(self) -> bool:
        """Create the index from `MAPPING` unless it exists; True when it was created."""
        if self._call(self.client.indices.exists, index=self.index):
            return False
        self._call(self.client.indices.create, index=self.index, body=MAPPING)
        return True

    def drop(self) -> None:
        """Delete the whole index (the contract tests' clean-up)."""
        self._call(self.client.indices.delete, index=self.index, ignore_unavailable=True)

    def refresh(self) -> None:
        self._call(self.client.indices.refresh, index=self.index)

    # -- writing -------------------------------------------------------------------------------

    def add_statements(
        self, statements: Iterable[Statement], *, lock_timeout: float = 0.0, commit_every: int | None = None
    ) -> IndexSummary:
        """Load statements; each article's statements replace what the index held for it.

        The new statements are written first (`_id` = statement id, so a repeated load overwrites),
        then an article's other statements are deleted, once all of its new ones are in: a
        refused document keeps the article's old statements. `lock_timeout` and `commit_every` are
        unused: the cluster orders concurrent writers and the bulk helper sends in chunks.
        """
        from opensearchpy.helpers import streaming_bulk

        self.create()
        counts = {"quote": 0, "claim": 0, "removed": 0, "failed": 0}
        speakers: set[str] = set()
        done: set[str] = set()
        current: dict[str, list[str]] = {}
        failed_articles: set[str] = set()
        chunk: list[Statement] = []

        def flush(final: bool) -> None:
            results = streaming_bulk(
                self.client,
                actions(chunk, self.index),
                chunk_size=BULK_CHUNK,
                max_retries=BULK_RETRIES,
                initial_backoff=BULK_BACKOFF[0],
                max_backoff=BULK_BACKOFF[1],
                raise_on_error=False,
                raise_on_exception=False,
            )
            by_id = {st.id: st for st in chunk}
            for ok, item in results:
                info = next(iter(item.values()))
                if not ok:
                    counts["failed"] += 1
                    st = by_id.get(str(info.get("_id")))
                    failed_articles.add(routing(st) if st else "")
                    reason = info.get("error") or info.get("exception") or info.get("status")
                    print(f"quotefind: statement {info.get('_id')} was not loaded: {reason}", file=sys.stderr)
            chunk.clear()
            finished = list(current) if final else list(current)[:-1]
            stale = [a for a in finished if a not in failed_articles]
            if stale:
                counts["removed"] += self._delete_others({a: current[a] for a in stale})
            for a in finished:
                done.add(a)
                del current[a]

        for st in statements:
            article = routing(st)
            if article not in done:
                current.setdefault(article, []).append(st.id)
            chunk.append(st)
            counts[st.kind] = counts.get(st.kind, 0) + 1
            if st.speaker.name:
                speakers.add(st.speaker.name)
            if len(chunk) >= BULK_CHUNK:
                flush(final=False)
        flush(final=True)
        self.refresh()
        if counts["failed"]:
            raise OpenSearchError(
                f"{counts['failed']} statements were not loaded (see above) - fix them and load again "
                "(statements already in are overwritten, not doubled)."
            )
        return IndexSummary(
            articles=len(done),
            quotes=counts["quote"],
            claims=counts["claim"],
            speakers=len(speakers),
            removed=counts["removed"],
        )

    def _delete_others(self, kept: dict[str, list[str]]) -> int:
        """Delete the statements of these articles that are not among the ids kept; return how many."""
        should = [
            {"bool": {"filter": [{"term": {"article_id": a}}], "must_not": [{"ids": {"values": ids}}]}}
            for a, ids in kept.items()
        ]
        body = {"query": {"bool": {"should": should, "minimum_should_match": 1}}}
        found = self._call(
            self.client.delete_by_query, index=self.index, body=body, conflicts="proceed", refresh=True
        )
        return int(found.get("deleted", 0))

    def delete_article(self, article_id: str) -> int:
        from quotefind.store.opensearch_docs import RECORDS_SUFFIX

        found = self._call(
            self.client.delete_by_query,
            index=self.index,
            body=q.delete_article_body(article_id),
            routing=article_id,
            conflicts="proceed",
            refresh=True,
        )
        # And the records of every copy of it `quotefind index` wrote (there are none after `import`).
        with contextlib.suppress(IndexMissingError):
            self._call(
                self.client.delete_by_query,
                index=self.index + RECORDS_SUFFIX,
                body={"query": {"term": {"article_id": article_id}}},
                conflicts="proceed",
                refresh=True,
                ignore_unavailable=True,
            )
        return int(found.get("deleted", 0))

    # -- reading -------------------------------------------------------------------------------

    def candidates(self, parsed: ParsedQuery, filters: Filters, wanted: int) -> Candidates | None:
        from quotefind.search.rank import weigh_words

        found = self._statements(q.candidates_body(parsed, filters, wanted))
        words = list(dict.fromkeys(parsed.words))
        counts = self._search(q.frequency_body(words))
        total = int(counts["hits"]["total"]["value"])
        aggs = counts.get("aggregations", {})
        frequencies = {w: int(aggs[f"w{i}"]["doc_count"]) for i, w in enumerate(words)}
        return Candidates(found, weigh_words(total, frequencies))

    def same_wording(self, text: str, filters: Filters, limit: int) -> list[Statement]:
        return self._statements(q.same_wording_body(text, filters, limit))

    def listing(self, filters: Filters, limit: int) -> list[Hit]:
        return [Hit(st, 100.0) for st in self._statements(q.listing_body(filters, limit))]

    def count(
        self, filters: Filters, *, wordings: Sequence[str] | None = None, min_score: float = 0.0
    ) -> int:
        # A listing here scores every statement 100 (a speaker pattern filters, it does not rank).
        if min_score > 100.0 or (wordings is not None and not wordings):
            return 0
        body = q.count_body(filters, None if wordings is None else list(wordings))
        return int(self._search(body)["hits"]["total"]["value"])

    def get(self, statement_id: str) -> Statement:
        found = self._statements(q.get_body(statement_id))
        exact = [st for st in found if st.id == statement_id]
        if exact or len(found) == 1:
            return (exact or found)[0]
        raise StatementNotFoundError(
            f"No statement with id {statement_id} - find ids with `quotefind search --format jsonl`."
        )

    def statements(self) -> Iterator[Statement]:
        after: list[Any] | None = None
        while True:
            hits = self._search(q.page_body(after, PAGE))["hits"]["hits"]
            for h in hits:
                yield Statement.from_dict(h["_source"])
            if len(hits) < PAGE:
                return
            after = hits[-1]["sort"]

    def speakers(
        self, *, pattern: str | None = None, limit: int | None = None, sort: str = "count"
    ) -> list[SpeakerSummary]:
        """The speakers as the Whoosh store lists them (`search.identities`): names folded, names
        that are no one dropped, organisations that share a word kept apart. Counts of the stored
        names come first from one aggregation; then the credits of the names that can reach the
        page (all of them without a limit or with a pattern) are read and split."""
        from quotefind.search.identities import SORTS, fold_name, identities, is_speaker_name, sort_key
        from quotefind.search.speakers import filter_speakers

        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}")
        body = q.speaker_names_body(MAX_SPEAKERS, pattern)
        buckets = self._search(body).get("aggregations", {}).get("names", {}).get("buckets", [])
        names: dict[str, dict[str, int]] = {}
        for bucket in buckets:
            if is_speaker_name(bucket["key"]):
                names.setdefault(fold_name(bucket["key"]), {})[bucket["key"]] = int(bucket["doc_count"])
        keys = sorted(names, key=lambda k: sort_key(sort, sum(names[k].values()), k))
        found: list[SpeakerSummary] = []
        if limit and not pattern:
            # As the Whoosh store's page: keys in the order of their counts, a batch at a time,
            # until no key left can reach the page (splitting a name only lowers its count).
            done = 0
            while done < len(keys):
                if len(found) >= limit:
                    found.sort(key=lambda sp: sort_key(sort, sp.count, fold_name(sp.name)))
                    last = found[limit - 1]
                    nxt = keys[done]
                    if sort_key(sort, sum(names[nxt].values()), nxt) > sort_key(
                        sort, last.count, fold_name(last.name)
                    ):
                        break
                batch = keys[done : done + max(limit, 1)]
                done += len(batch)
                spellings = [n for k in batch for n in names[k]]
                found.extend(sp for items in self._credits(spellings).values() for sp in identities(items))
        else:
            wanted = set(keys)
            credits = self._credits(None if not pattern else [n for k in keys for n in names[k]])
            found = [sp for key, items in credits.items() if key in wanted for sp in identities(items)]
        found.sort(key=lambda sp: sort_key(sort, sp.count, fold_name(sp.name)))
        if pattern:
            found = filter_speakers(found, pattern)
        return found[:limit] if limit else found

    def _credits(self, names: list[str] | None) -> dict[str, list[Any]]:
        """The credits of the statements of some stored names (every name: None), by folded name:
        (name, speaker, article id), one per statement."""
        from quotefind.search.identities import fold_name

        out: dict[str, list[Any]] = {}
        parts = (
            [None]
            if names is None
            else [names[i : i + TERMS_PER_QUERY] for i in range(0, len(names), TERMS_PER_QUERY)]
        )
        for part in parts:
            after: dict[str, Any] | None = None
            while True:
                agg = self._search(q.credits_body(part, CREDIT_PAGE, after)).get("aggregations", {})
                buckets = agg.get("credits", {}).get("buckets", [])
                for bucket in buckets:
                    key = bucket["key"]
                    speaker = Speaker(
                        name=key["name"], role=key["role"], org=key["org"], mention=key["mention"]
                    )
                    credit = (key["name"], speaker, key["article"] or "")
                    out.setdefault(fold_name(key["name"]), []).extend([credit] * int(bucket["doc_count"]))
                after = agg.get("credits", {}).get("after_key")
                if len(buckets) < CREDIT_PAGE or after is None:
                    break
        return out

    def speaker_note(self, pattern: str) -> str | None:
        """A listing under a pattern here is a filter on the speaker's words (no note is needed to
        tell people apart: each statement shows its speaker)."""
        return None
