"""`speakers` on the OpenSearch store gives the Whoosh store's rows on the same statements: case
folded (`The report`, `the report`: one row), organisations that share a word kept apart (`Bank of
England`, `Bank of Japan`), fragments that name nobody left out; with `--limit`, `--sort` and a pattern.

Offline: the official client talks to a fake cluster that answers the two aggregations the store
sends (a `terms` aggregation of the stored names, a paged `composite` one of the credits) from the
documents the store would load, as OpenSearch computes them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quotefind.store import opensearch_query as q
from quotefind.store.opensearch_docs import document, speaker_pattern_words
from quotefind.store.whoosh.store import WhooshStore

from .opensearch_record import recording_store
from .test_search_speakers import BANKS, build

pytest.importorskip("opensearchpy", reason='needs opensearch-py: pip install "quotefind[opensearch]"')


def _matches(doc: dict[str, Any], clause: dict[str, Any]) -> bool:
    if "terms" in clause:
        ((field, values),) = clause["terms"].items()
        return doc.get(field) in values
    if "exists" in clause:
        return doc.get(clause["exists"]["field"]) is not None
    if "match" in clause:  # a speaker pattern: every word among the speaker's words (no typo here)
        ((field, spec),) = clause["match"].items()
        return set(spec["query"].split()) <= set((doc.get(field) or "").split())
    raise AssertionError(f"the fake cluster does not know {clause}")


def fake_cluster(docs: list[dict[str, Any]]) -> Any:
    def answer(method: str, url: str, params: dict[str, Any], body: Any) -> tuple[int, Any]:
        data = json.loads(body)
        clauses = data.get("query", {}).get("bool", {}).get("filter", [])
        found = [d for d in docs if all(_matches(d, c) for c in clauses)]
        aggs = data["aggs"]
        if "names" in aggs:
            counts: dict[str, int] = {}
            for d in found:
                if d["qf_speaker_name"] is not None:
                    counts[d["qf_speaker_name"]] = counts.get(d["qf_speaker_name"], 0) + 1
            ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: aggs["names"]["terms"]["size"]]
            buckets = [{"key": k, "doc_count": n} for k, n in ranked]
            return 200, {"hits": {"hits": []}, "aggregations": {"names": {"buckets": buckets}}}
        composite = aggs["credits"]["composite"]
        fields = [(k, spec["terms"]["field"]) for src in composite["sources"] for k, spec in src.items()]
        combos: dict[tuple[Any, ...], int] = {}
        for d in found:
            key = tuple(d.get(f) for _, f in fields)
            if key[0] is not None:
                combos[key] = combos.get(key, 0) + 1

        def order(key: tuple[Any, ...]) -> tuple[Any, ...]:
            return tuple((v is not None, v or "") for v in key)  # missing first, as OpenSearch

        keys = sorted(combos, key=order)
        if "after" in composite:
            after = order(tuple(composite["after"][k] for k, _ in fields))
            keys = [k for k in keys if order(k) > after]
        page = keys[: composite["size"]]
        buckets = [
            {"key": dict(zip([k for k, _ in fields], key, strict=True)), "doc_count": combos[key]}
            for key in page
        ]
        credits: dict[str, Any] = {"buckets": buckets}
        if page:
            credits["after_key"] = buckets[-1]["key"]
        return 200, {"hits": {"hits": []}, "aggregations": {"credits": credits}}

    return answer


@pytest.fixture
def both(index_dir: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, WhooshStore]:
    import quotefind.store.opensearch as backend

    monkeypatch.setattr(backend, "CREDIT_PAGE", 3, raising=False)  # several pages of credits
    whoosh = WhooshStore(build(index_dir, BANKS))
    docs = [document(st) for st in whoosh.statements()]
    store, _ = recording_store(fake_cluster(docs))
    return store, whoosh


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"sort": "name"},
        {"limit": 1},
        {"limit": 2},
        {"limit": 3, "sort": "name"},
        {"pattern": "Bank of Japan"},
        {"pattern": "report"},
    ],
)
def test_the_same_rows_as_the_whoosh_store(both: tuple[Any, WhooshStore], options: dict[str, Any]) -> None:
    opensearch, whoosh = both
    assert opensearch.speakers(**options) == whoosh.speakers(**options)


def test_case_folded_and_organisations_apart(both: tuple[Any, WhooshStore]) -> None:
    rows = {sp.name: sp.count for sp in both[0].speakers()}
    assert rows["the report"] == 3 and "The report" not in rows
    assert rows["Bank of England"] == 4 and rows["Bank of Japan"] == 2 and rows["Bank of France"] == 2
    assert "P" not in rows  # a fragment, nobody


def test_the_bodies() -> None:
    names = q.speaker_names_body(50, "the Sen.")
    assert names["aggs"]["names"]["terms"]["field"] == "qf_speaker_name"
    match = names["query"]["bool"]["filter"][0]["match"]["qf_speaker_words"]
    assert match["query"] == speaker_pattern_words("the Sen.") and match["operator"] == "and"
    page = q.credits_body(["Bank"], 100, {"name": "Bank", "role": None})
    composite = page["aggs"]["credits"]["composite"]
    assert composite["after"] == {"name": "Bank", "role": None} and composite["size"] == 100
    assert [next(iter(s)) for s in composite["sources"]] == ["name", "role", "org", "mention", "article"]
    assert page["query"]["bool"]["filter"] == [{"terms": {"qf_speaker_name": ["Bank"]}}]
    assert q.credits_body(None, 10)["query"]["bool"]["filter"] == [{"exists": {"field": "qf_speaker_name"}}]
