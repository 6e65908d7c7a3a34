"""bench/queries.jsonl stays valid: well-formed, expectations in their articles, seed queries found."""

from __future__ import annotations

import json
from pathlib import Path

from quotefind.search import fold, search

from .conftest import ROOT, SEEDS
from .test_search import STATEMENTS, build_index

QUERIES = ROOT / "bench" / "queries.jsonl"
STYLES = {"typo", "paraphrase", "fragment", "phrase", "stemming", "speaker", "speaker+text"}


def squeeze(text: str) -> str:
    return " ".join(fold(text).split())


def load() -> list[dict]:
    return [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_query_set_is_well_formed() -> None:
    queries = load()
    assert len(queries) >= 40
    assert len({q["id"] for q in queries}) == len(queries)
    for q in queries:
        assert q["style"] in STYLES, q["id"]
        assert q.get("query") or q.get("speaker"), q["id"]
        assert set(q["expect"]) == {"path", "text"}, q["id"]
        assert (q.get("speaker") is not None) == q["style"].startswith("speaker"), q["id"]
    bbc = [q for q in queries if "/" in q["expect"]["path"]]
    assert len(bbc) >= 20 and len(queries) - len(bbc) >= 10


def test_seed_expectations_are_in_their_articles() -> None:
    for q in load():
        if "/" not in q["expect"]["path"]:
            text = (SEEDS / q["expect"]["path"]).read_text(encoding="utf-8")
            assert squeeze(q["expect"]["text"]) in squeeze(text), q["id"]


def test_bbc_expectations_are_in_their_articles(shared: Path) -> None:
    for q in load():
        if "/" in q["expect"]["path"]:
            text = (shared / "corpora" / "bbc" / q["expect"]["path"]).read_text(encoding="utf-8")
            assert squeeze(q["expect"]["text"]) in squeeze(text), q["id"]


def test_seed_queries_find_their_statement_in_the_top_5(index_dir: Path) -> None:
    # Over the seeds with the fake extractor: the queries whose statement that extractor gives.
    build_index(index_dir)
    known = [squeeze(text) for _, _, text, _ in STATEMENTS]
    checked = 0
    for q in load():
        want = squeeze(q["expect"]["text"])
        if "/" in q["expect"]["path"] or not any(want in k for k in known):
            continue
        hits = search(index_dir, q.get("query", ""), speaker=q.get("speaker"), limit=5)
        assert any(want in squeeze(h.statement.text) for h in hits), q["id"]
        checked += 1
    assert checked >= 10
