"""The official OpenSearch client with a transport that records its requests and never touches the network.

`recording_store(answer)` returns an `OpenSearchStore` whose client is a real `opensearchpy.OpenSearch`
(its serializer, bulk helpers, retries) over a `Connection` that appends each request to `log` and
answers it with `answer(method, url, params, body)` (the default: what a cluster answers to a
successful load). Also: `check_bulk`, a validator of `_bulk` NDJSON by the server's rules.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: The metadata keys a `_bulk` action line may carry (OpenSearch's `BulkRequestParser`).
ACTION_KEYS = frozenset(
    {
        "_index",
        "_id",
        "routing",
        "version",
        "version_type",
        "if_seq_no",
        "if_primary_term",
        "pipeline",
        "retry_on_conflict",
        "require_alias",
        "_source",
    }
)
OPS = frozenset({"index", "create", "update", "delete"})
#: Fields the server keeps for itself: a document may not hold them at its top level.
METADATA_FIELDS = frozenset(
    {
        "_id",
        "_index",
        "_routing",
        "_source",
        "_version",
        "_seq_no",
        "_primary_term",
        "_field_names",
        "_ignored",
    }
)


class BulkError(ValueError):
    """What the server would answer with a 400 to a `_bulk` body."""


def check_bulk(body: str, *, routing_required: bool = True, default_index: str | None = None) -> int:
    """Return the number of actions of a `_bulk` body; raise BulkError where the server refuses it."""
    if not body.endswith("\n"):
        raise BulkError("The bulk request must be terminated by a newline [\\n]")
    lines = body[:-1].split("\n")
    i = actions = 0
    while i < len(lines):
        try:
            action = json.loads(lines[i])
        except ValueError as exc:
            raise BulkError(f"line {i + 1}: malformed action/metadata line ({exc})") from None
        if not isinstance(action, dict) or len(action) != 1:
            raise BulkError(f"line {i + 1}: an action line is one object with one action")
        ((op, meta),) = action.items()
        if op not in OPS:
            raise BulkError(f"line {i + 1}: unknown action [{op}]")
        if not isinstance(meta, dict):
            raise BulkError(f"line {i + 1}: the metadata of [{op}] is not an object")
        unknown = set(meta) - ACTION_KEYS
        if unknown:
            raise BulkError(
                f"line {i + 1}: Action/metadata line contains an unknown parameter {sorted(unknown)}"
            )
        if "_index" not in meta and default_index is None:
            raise BulkError(f"line {i + 1}: index is missing")
        if "_id" in meta and (not isinstance(meta["_id"], str) or len(meta["_id"].encode()) > 512):
            raise BulkError(f"line {i + 1}: id is too long or not a string")
        if routing_required and op != "delete" and not meta.get("routing"):
            raise BulkError(f"line {i + 1}: routing is required")
        actions += 1
        i += 1
        if op == "delete":
            continue
        if i >= len(lines):
            raise BulkError(f"line {i}: the action [{op}] has no source line")
        try:
            source = json.loads(lines[i])
        except ValueError as exc:
            raise BulkError(f"line {i + 1}: malformed source ({exc})") from None
        if not isinstance(source, dict):
            raise BulkError(f"line {i + 1}: a source is a JSON object")
        clash = set(source) & METADATA_FIELDS
        if clash:
            raise BulkError(f"line {i + 1}: Field {sorted(clash)} is a metadata field")
        i += 1
    return actions


Answer = Callable[[str, str, dict[str, Any], Any], tuple[int, Any]]


@dataclass
class Request:
    method: str
    url: str
    params: dict[str, Any]
    body: str | None

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class Recorder:
    """What a client sent, in order."""

    requests: list[Request] = field(default_factory=list)

    def bulk_bodies(self) -> list[str]:
        return [r.body or "" for r in self.requests if r.url.endswith("/_bulk")]

    def to(self, part: str) -> list[Request]:
        return [r for r in self.requests if part in r.url]


def loaded(method: str, url: str, params: dict[str, Any], body: Any) -> tuple[int, Any]:
    """A cluster's answers to a load that succeeds: no index yet, every document created."""
    if method == "HEAD":
        return 404, ""
    if url.endswith("/_bulk"):
        items = [
            {"index": {"_id": json.loads(line)["index"]["_id"], "status": 201}}
            for line in body.splitlines()[::2]
        ]
        return 200, {"took": 1, "errors": False, "items": items}
    if "_delete_by_query" in url:
        return 200, {"deleted": 0}
    if url.endswith("/_search"):
        return 200, {"hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}}
    return 200, {"acknowledged": True}


def recording_store(answer: Answer = loaded, index: str = "quotes") -> tuple[Any, Recorder]:
    """An `OpenSearchStore` over the official client whose transport records and answers locally."""
    from opensearchpy import Connection, OpenSearch

    from quotefind.store.opensearch import OpenSearchStore

    recorder = Recorder()

    class RecordingConnection(Connection):
        def perform_request(  # type: ignore[override]
            self, method, url, params=None, body=None, timeout=None, ignore=(), headers=None
        ):
            text = body.decode("utf-8") if isinstance(body, bytes) else body
            recorder.requests.append(Request(method, url, dict(params or {}), text))
            status, data = answer(method, url, dict(params or {}), text)
            raw = data if isinstance(data, str) else json.dumps(data)
            if not (200 <= status < 300) and status not in ignore:
                self._raise_error(status, raw)
            return status, {"content-type": "application/json"}, raw

    client = OpenSearch(hosts=["http://recorded.invalid:9200"], connection_class=RecordingConnection)
    return OpenSearchStore(client, index, url=f"http://recorded.invalid:9200/{index}"), recorder
