"""A fake OpenSearch cluster for offline tests: keeps documents and answers the requests `index` makes.

`FakeCluster().answer` plugs into `opensearch_record.recording_store`: the official client sends
real requests, the fake keeps the documents of each index (with their routing) and answers index
create/exists/delete, `_bulk` (index and delete, `result` created or updated, routing required
where the mapping says so; a created document is unseen by searches until a refresh), `_search`
(match_all, term, terms, ids, prefix, bool; sort, search_after, size, `_source`),
`_delete_by_query` and `_refresh`. Anything else is refused with a 400, so a test notices a
request the fake does not understand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .opensearch_record import check_bulk


class Unsupported(ValueError):
    """A request or query the fake does not answer."""


@dataclass
class FakeIndex:
    mapping: dict[str, Any]
    docs: dict[str, tuple[str | None, dict[str, Any]]] = field(default_factory=dict)
    #: Documents created since the last refresh: as on a cluster, searches and `_delete_by_query`
    #: do not see them yet.
    unrefreshed: set[str] = field(default_factory=set)

    def visible(self) -> list[tuple[str, str | None, dict[str, Any]]]:
        return [(i, r, d) for i, (r, d) in self.docs.items() if i not in self.unrefreshed]

    @property
    def excludes(self) -> list[str]:
        return list(self.mapping.get("mappings", {}).get("_source", {}).get("excludes", []))

    @property
    def routing_required(self) -> bool:
        return bool(self.mapping.get("mappings", {}).get("_routing", {}).get("required"))


@dataclass
class FakeCluster:
    indexes: dict[str, FakeIndex] = field(default_factory=dict)
    #: Documents a `_bulk` index action refuses (by `_id`): answered 400, as a mapping error.
    refuse: set[str] = field(default_factory=set)

    def answer(self, method: str, url: str, params: dict[str, Any], body: Any) -> tuple[int, Any]:
        try:
            return self._answer(method, url.split("?")[0], params, body)
        except Unsupported as exc:
            return 400, {"error": {"type": "fake_unsupported", "reason": str(exc)}, "status": 400}

    def _answer(self, method: str, url: str, params: dict[str, Any], body: Any) -> tuple[int, Any]:
        parts = [p for p in url.split("/") if p]
        if parts == ["_bulk"]:
            return 200, self._bulk(body)
        if len(parts) == 1:
            name = parts[0]
            if method == "HEAD":
                return (200, "") if name in self.indexes else (404, "")
            if method == "PUT":
                if name in self.indexes:
                    return 400, {"error": {"type": "resource_already_exists_exception"}, "status": 400}
                self.indexes[name] = FakeIndex(json.loads(body) if body else {})
                return 200, {"acknowledged": True, "index": name}
            if method == "DELETE":
                self.indexes.pop(name, None)
                return 200, {"acknowledged": True}
        if len(parts) == 2:
            name, op = parts
            index = self.indexes.get(name)
            if index is None:
                if params.get("ignore_unavailable") in (True, "true"):
                    return 200, {"deleted": 0} if op == "_delete_by_query" else {"acknowledged": True}
                return 404, {"error": {"type": "index_not_found_exception", "index": name}, "status": 404}
            if op == "_refresh":
                index.unrefreshed.clear()
                return 200, {"_shards": {"failed": 0}}
            if op == "_search":
                return 200, self._search(name, index, json.loads(body) if body else {})
            if op == "_delete_by_query":
                query = json.loads(body)["query"]
                gone = [i for i, _, doc in index.visible() if matches(doc, query)]
                for i in gone:
                    del index.docs[i]
                if params.get("refresh") in (True, "true"):
                    index.unrefreshed.clear()
                return 200, {"deleted": len(gone), "failures": []}
        raise Unsupported(f"{method} {url}")

    def _bulk(self, body: str) -> dict[str, Any]:
        check_bulk(body, routing_required=False)
        lines = body.splitlines()
        items: list[dict[str, Any]] = []
        i = 0
        while i < len(lines):
            ((op, meta),) = json.loads(lines[i]).items()
            i += 1
            index = self.indexes.get(meta["_index"])
            ident = meta["_id"]
            if index is None:
                items.append({op: {"_id": ident, "status": 404, "error": {"type": "index_not_found"}}})
                i += op != "delete"
                continue
            if index.routing_required and not meta.get("routing"):
                raise Unsupported(f"routing is required for [{meta['_index']}]/[{ident}]")
            if op == "delete":
                found = index.docs.pop(ident, None)
                index.unrefreshed.discard(ident)
                status, result = (200, "deleted") if found else (404, "not_found")
                items.append({op: {"_id": ident, "status": status, "result": result}})
                continue
            source = json.loads(lines[i])
            i += 1
            if op != "index":
                raise Unsupported(op)
            if ident in self.refuse:
                error = {"type": "mapper_parsing_exception", "reason": "failed to parse"}
                items.append({op: {"_id": ident, "status": 400, "error": error}})
                continue
            known = index.docs.get(ident)
            if known is not None and known[0] != meta.get("routing"):
                # A cluster would put it on another shard: a second document with the same `_id`.
                raise Unsupported(f"[{ident}] indexed again with another routing")
            result = "updated" if known is not None else "created"
            index.docs[ident] = (meta.get("routing"), source)
            if known is None:
                index.unrefreshed.add(ident)
            status = 201 if result == "created" else 200
            items.append({op: {"_id": ident, "status": status, "result": result}})
        return {"took": 1, "errors": any(it[next(iter(it))]["status"] >= 300 for it in items), "items": items}

    def _search(self, name: str, index: FakeIndex, body: dict[str, Any]) -> dict[str, Any]:
        unknown = set(body) - {"size", "query", "sort", "search_after", "_source", "track_total_hits"}
        if unknown:
            raise Unsupported(f"search with {sorted(unknown)}")
        query = body.get("query", {"match_all": {}})
        found = [(i, r, d) for i, r, d in index.visible() if matches(d, query)]
        sort = [_sort_field(s) for s in body.get("sort", [])]

        def key(hit: tuple[str, str | None, dict[str, Any]]) -> list[Any]:
            return [_value(hit[2], f) for f in sort]

        def order(values: list[Any]) -> list[tuple[bool, Any]]:
            return [(True, "") if v is None else (False, v) for v in values]

        found.sort(key=lambda h: order(key(h)))
        after = body.get("search_after")
        if after is not None:
            found = [h for h in found if order(key(h)) > order(after)]
        hits = []
        for ident, route, doc in found[: body.get("size", 10)]:
            shown = body.get("_source", True)
            source = {k: v for k, v in doc.items() if k not in index.excludes}
            if isinstance(shown, list):
                source = {k: v for k, v in source.items() if k in shown}
            hit: dict[str, Any] = {"_index": name, "_id": ident, "_routing": route}
            if shown is not False:
                hit["_source"] = source
            if sort:
                hit["sort"] = key((ident, route, doc))
            hits.append(hit)
        return {"hits": {"total": {"value": len(found), "relation": "eq"}, "hits": hits}}

    def docs(self, name: str) -> dict[str, dict[str, Any]]:
        """The documents of an index by `_id`."""
        return {i: d for i, (_, d) in self.indexes[name].docs.items()}


def _sort_field(spec: Any) -> str:
    if isinstance(spec, str):
        return spec
    ((name, order),) = spec.items()
    if (order if isinstance(order, str) else order.get("order", "asc")) != "asc":
        raise Unsupported("descending sort")
    return name


def _value(doc: dict[str, Any], name: str) -> Any:
    return doc.get(name)


def _values(doc: dict[str, Any], name: str) -> list[Any]:
    found = doc.get(name)
    return found if isinstance(found, list) else [found]


def matches(doc: dict[str, Any], query: dict[str, Any]) -> bool:
    """Whether a document matches the subset of the query DSL the fake knows."""
    ((kind, spec),) = query.items()
    if kind == "match_all":
        return True
    if kind == "term":
        ((name, value),) = spec.items()
        value = value["value"] if isinstance(value, dict) else value
        return value in _values(doc, name)
    if kind == "terms":
        ((name, values),) = spec.items()
        return any(v in values for v in _values(doc, name))
    if kind == "ids":
        return doc.get("id") in spec["values"]
    if kind == "prefix":
        ((name, value),) = spec.items()
        return any(isinstance(v, str) and v.startswith(value) for v in _values(doc, name))
    if kind == "bool":
        musts = [*spec.get("filter", []), *spec.get("must", [])]
        if not all(matches(doc, q) for q in musts):
            return False
        if any(matches(doc, q) for q in spec.get("must_not", [])):
            return False
        should = spec.get("should", [])
        least = spec.get("minimum_should_match", 0 if musts else 1)
        return not should or sum(matches(doc, q) for q in should) >= least
    raise Unsupported(f"query {kind}")
