"""The OpenSearch backend without a server: bulk files, what the official client sends, query bodies,
credentials, and the rerank's parity with the Whoosh store on the same candidates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quotefind.model import Statement
from quotefind.search import parse_query, search
from quotefind.store import Filters, open_store
from quotefind.store import opensearch_query as q
from quotefind.store.opensearch_docs import MAPPING, SEARCH_ONLY, TOKEN, bulk_lines, document, write_bulk
from quotefind.store.whoosh.store import WhooshStore

from .clirun import jsonl, run
from .opensearch_record import BulkError, check_bulk, loaded, recording_store
from .test_store_contract import corpus

pytest.importorskip("opensearchpy", reason='needs opensearch-py: pip install "quotefind[opensearch]"')


def _bulk_file(tmp_path: Path) -> str:
    """`quotefind export --format opensearch-bulk` of an index of the contract corpus."""
    WhooshStore(tmp_path / "ix").add_statements(corpus())
    result = run("export", "--index", str(tmp_path / "ix"), "--format", "opensearch-bulk")
    assert result.exit_code == 0, result.output
    return result.stdout


# -- documents and bulk files ------------------------------------------------------------------


def test_the_tokens_are_whooshs() -> None:
    from quotefind.store.whoosh.prepare import _analysis

    assert (TOKEN.pattern, TOKEN.flags) == (_analysis()[0].pattern, _analysis()[0].flags)


def test_a_document_is_the_exported_statement_plus_search_fields() -> None:
    for st in corpus():
        doc = document(st)
        assert {k: v for k, v in doc.items() if not k.startswith("qf_")} == st.to_dict()
        assert set(doc) - set(st.to_dict()) == set(SEARCH_ONLY)
    assert MAPPING["mappings"]["_source"]["excludes"] == list(SEARCH_ONLY)


def test_the_bulk_file_passes_the_servers_rules(tmp_path: Path) -> None:
    body = _bulk_file(tmp_path)
    assert check_bulk(body) == len(corpus())
    lines = body.splitlines()
    action, source = json.loads(lines[0]), json.loads(lines[1])
    assert action == {"index": {"_id": source["id"], "_index": "quotes", "routing": source["article_id"]}}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"index":{"_index":"q","_id":"a","routing":"r"}}\n{"x":1}', "terminated by a newline"),
        ('{"index":{"_index":"q","_id":"a","routing":"r"}}\n', "no source line"),
        ('{"index":{"_index":"q","_id":"a","routing":"r","colour":1}}\n{}\n', "unknown parameter"),
        ('{"upsert":{"_index":"q"}}\n{}\n', "unknown action"),
        ('{"index":{"_id":"a","routing":"r"}}\n{}\n', "index is missing"),
        ('{"index":{"_index":"q","_id":"a"}}\n{}\n', "routing is required"),
        ('{"index":{"_index":"q","_id":"a","routing":"r"}}\n{"_id":"b"}\n', "metadata field"),
        ('{"index":{"_index":"q","_id":"a","routing":"r"}}\n[1]\n', "JSON object"),
        ('{"index":{"_index":"q","_id":"a","routing":"r"}}\n{"text":"a\nb"}\n', "malformed"),
        ('{"index":{},"delete":{}}\n', "one action"),
    ],
)
def test_the_validator_rejects_what_the_server_rejects(body: str, message: str) -> None:
    with pytest.raises(BulkError, match=message):
        check_bulk(body)


def test_a_delete_needs_no_source() -> None:
    assert check_bulk('{"delete":{"_index":"q","_id":"a"}}\n') == 1


def test_the_bulk_file_is_what_the_official_client_sends(tmp_path: Path) -> None:
    body = _bulk_file(tmp_path)
    store, recorder = recording_store()
    summary = store.add_statements(WhooshStore(tmp_path / "ix").statements())  # the export's order
    sent = "".join(recorder.bulk_bodies())
    assert sent.splitlines() == body.splitlines()  # line for line, byte for byte
    assert all(check_bulk(b) for b in recorder.bulk_bodies())
    assert summary.quotes + summary.claims == len(corpus())
    # The index is created from the mapping first (it did not exist), and refreshed at the end.
    assert [(r.method, r.url) for r in recorder.requests[:2]] == [("HEAD", "/quotes"), ("PUT", "/quotes")]
    assert recorder.requests[1].json() == MAPPING
    assert recorder.requests[-1].url == "/quotes/_refresh"


def test_write_bulk_counts_statements() -> None:
    import io

    out = io.StringIO()
    assert write_bulk(corpus(), out, index="news") == len(corpus())
    assert out.getvalue().splitlines() == list(bulk_lines(corpus(), "news"))


def test_an_articles_old_statements_go_only_after_its_new_ones_are_in() -> None:
    store, recorder = recording_store()
    statements = corpus()
    store.add_statements(statements)
    (delete,) = recorder.to("_delete_by_query")
    assert recorder.requests.index(delete) > recorder.requests.index(recorder.to("_bulk")[-1])
    kept = {
        c["bool"]["filter"][0]["term"]["article_id"]: c["bool"]["must_not"][0]["ids"]["values"]
        for c in delete.json()["query"]["bool"]["should"]
    }
    expected: dict[str, list[str]] = {}
    for st in statements:
        expected.setdefault(st.article_id or st.id, []).append(st.id)
    assert kept == expected


def test_a_refused_document_is_reported_and_its_article_kept(capsys: pytest.CaptureFixture[str]) -> None:
    from quotefind.store.opensearch import OpenSearchError

    statements = corpus()
    bad = statements[1]

    def refuse(method: str, url: str, params: dict[str, Any], body: Any) -> tuple[int, Any]:
        if url.endswith("/_bulk"):
            items = []
            for line in body.splitlines()[::2]:
                doc_id = json.loads(line)["index"]["_id"]
                status = 400 if doc_id == bad.id else 201
                error = {"type": "mapper_parsing_exception", "reason": "failed to parse"}
                items.append(
                    {
                        "index": {
                            "_id": doc_id,
                            "status": status,
                            **({"error": error} if status == 400 else {}),
                        }
                    }
                )
            return 200, {"took": 1, "errors": True, "items": items}
        return loaded(method, url, params, body)

    store, recorder = recording_store(refuse)
    with pytest.raises(OpenSearchError, match="1 statements were not loaded"):
        store.add_statements(statements)
    assert f"statement {bad.id} was not loaded" in capsys.readouterr().err
    pruned = {
        c["bool"]["filter"][0]["term"]["article_id"]
        for r in recorder.to("_delete_by_query")
        for c in r.json()["query"]["bool"]["should"]
    }
    assert bad.article_id not in pruned  # its old statements stay
    assert pruned  # the others' are replaced


def test_a_busy_cluster_is_asked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    import quotefind.store.opensearch as backend

    monkeypatch.setattr(backend, "BULK_BACKOFF", (0, 0))
    busy = {"left": 1}

    def once_busy(method: str, url: str, params: dict[str, Any], body: Any) -> tuple[int, Any]:
        if url.endswith("/_bulk") and busy["left"]:
            busy["left"] -= 1
            ids = [json.loads(line)["index"]["_id"] for line in body.splitlines()[::2]]
            items = [
                {"index": {"_id": i, "status": 429, "error": {"type": "es_rejected_execution_exception"}}}
                for i in ids
            ]
            return 200, {"took": 1, "errors": True, "items": items}
        return loaded(method, url, params, body)

    store, recorder = recording_store(once_busy)
    store.add_statements(corpus())
    bodies = recorder.bulk_bodies()
    assert len(bodies) == 2 and bodies[0] == bodies[1]


# -- query bodies ------------------------------------------------------------------------------


def _bool(body: dict[str, Any]) -> dict[str, Any]:
    return body["query"]["bool"]


def test_plain_and_typo_words() -> None:
    body = q.candidates_body(parse_query("the econnomy grows"), Filters(), 100)
    assert body["size"] == 100 and body["collapse"] == {"field": "qf_text_key"}
    should = _bool(body)["should"]
    assert len(should) == 2  # `the` is a function word: it does not fetch
    stem_term, fuzzy, speaker = should[0]["bool"]["should"]
    assert stem_term == {"term": {"qf_text": {"value": "econnomi", "boost": 2.0}}}
    assert fuzzy["match"]["qf_words"] == {
        "query": "econnomy",
        "fuzziness": "AUTO:4,8",
        "fuzzy_transpositions": False,
        "max_expansions": 8,
    }
    assert speaker == {"term": {"qf_speaker_words": {"value": "econnomy"}}}
    assert _bool(body)["minimum_should_match"] == 1 and _bool(body)["filter"] == []


def test_function_words_alone_must_all_match() -> None:
    body = q.candidates_body(parse_query("to be or not to be"), Filters(), 10)
    assert "should" not in _bool(body)
    assert len(_bool(body)["must"]) == len(dict.fromkeys(parse_query("to be or not to be").words))


def test_phrases_are_match_phrase_on_stems() -> None:
    body = q.candidates_body(parse_query('"interest rates" raise'), Filters(), 10)
    assert _bool(body)["must"] == [{"match_phrase": {"qf_text": "interest rate"}}]
    assert "minimum_should_match" not in _bool(body)  # the phrase fetches; words only rank
    one = q.candidates_body(parse_query('"rates"'), Filters(), 10)
    assert _bool(one)["must"] == [{"term": {"qf_text": {"value": "rate"}}}]


def test_every_filter() -> None:
    filters = Filters(
        kind="quote", source="Daily Planet", since="2004", until="2005-01", speaker="Sen. Blair"
    )
    clauses = q.filter_clauses(filters)
    assert clauses[0] == {"term": {"kind": "quote"}}
    assert clauses[1] == {"wildcard": {"qf_source_labels": {"value": "*daily planet*"}}}
    assert clauses[2] == {"range": {"qf_date": {"gte": "2004", "lte": "2005-01~"}}}
    assert clauses[3]["match"]["qf_speaker_words"]["query"] == "senator blair"
    assert clauses[3]["match"]["qf_speaker_words"]["operator"] == "and"
    glob = q.filter_clauses(Filters(source="news/*"))[0]["bool"]["should"]
    assert [c["wildcard"]["qf_source_labels"]["value"] for c in glob] == ["news/*", "*/news/*"]
    assert q.filter_clauses(Filters(source="a*b?"))[0]["bool"]  # a glob, not a substring
    assert q.filter_clauses(Filters(until="2004")) == [{"range": {"qf_date": {"lte": "2004~"}}}]


def test_listings_same_wording_get_pages_and_speakers() -> None:
    assert q.listing_body(Filters(), 5) == {"size": 5, "query": {"match_all": {}}, "sort": q.SOURCE_ORDER}
    same = q.same_wording_body("We will not, raise!", Filters(kind="quote"), 7)
    from quotefind.analysis import text_key

    assert same["query"]["bool"]["filter"][0] == {"term": {"qf_text_key": text_key("We will not, raise!")}}
    assert same["query"]["bool"]["filter"][1] == {"term": {"kind": "quote"}} and same["size"] == 7
    assert q.get_body("abc")["query"] == {"term": {"id": "abc"}}
    assert "prefix" in json.dumps(q.get_body("abcdef12"))
    assert q.page_body(["p", 3, "x"], 10)["search_after"] == ["p", 3, "x"]
    names = q.speaker_names_body(50)
    assert names["aggs"]["names"]["terms"]["field"] == "qf_speaker_name" and "query" not in names
    # The credits each name's statements give (split and described as the Whoosh store does them):
    # tests/test_opensearch_speakers.py.


# -- rerank parity -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "we will not raise interest rates",
        "econnomy growing fastr",
        '"interest rates"',
        "Russia dialogue",
        "the",
    ],
)
def test_the_rerank_is_the_same_on_the_same_candidates(tmp_path: Path, query: str) -> None:
    """OpenSearch answers with what the Whoosh store fetched (candidates, word counts, copies):
    the hits above the seam are then the same, score for score."""
    whoosh = WhooshStore(tmp_path / "ix")
    whoosh.add_statements(corpus())
    parsed = parse_query(query)
    wanted = whoosh.candidates(parsed, Filters(), 100)
    assert wanted is not None
    total = sum(1 for _ in whoosh.statements())
    weights = [wanted.weigh(w) for w in parsed.words]

    def hits(statements: list[Statement]) -> dict[str, Any]:
        return {"hits": {"hits": [{"_source": document(st), "sort": []} for st in statements]}}

    def answer(method: str, url: str, params: dict[str, Any], body: Any) -> tuple[int, Any]:
        data = json.loads(body)
        if "collapse" in data:
            return 200, hits(wanted.statements)
        if "aggs" in data:
            # The document frequencies that give the Whoosh store's weights back.
            import math

            from quotefind.search.query import STOPWORDS

            aggs = {}
            for i, w in enumerate(dict.fromkeys(parsed.words)):
                weight = wanted.weigh(w) / (0.2 if w in STOPWORDS else 1.0)
                aggs[f"w{i}"] = {
                    "doc_count": round((total + 1) / math.exp(weight) - 1) if weight > 0.1 else total
                }
            return 200, {"hits": {"total": {"value": total}, "hits": []}, "aggregations": aggs}
        text_key = data["query"]["bool"]["filter"][0]["term"]["qf_text_key"]
        return 200, hits([st for st in whoosh.statements() if document(st)["qf_text_key"] == text_key])

    store, _ = recording_store(answer)
    got = store.candidates(parsed, Filters(), 100)
    assert got is not None and got.statements == wanted.statements
    assert [round(got.weigh(w), 6) for w in parsed.words] == [round(w, 6) for w in weights]
    assert search(store, query, min_score=0) == search(whoosh, query, min_score=0)


# -- the URL and credentials -------------------------------------------------------------------


def test_the_url_names_the_cluster_and_the_index() -> None:
    from quotefind.store.opensearch import parse_url

    assert parse_url("opensearch+https://host:9200/quotes") == ("https://host:9200", "quotes")
    assert parse_url("opensearch+http://h/proxy/quotes") == ("http://h/proxy", "quotes")


def test_credentials_come_from_the_environment_or_netrc(tmp_path: Path) -> None:
    from quotefind.store.opensearch import credentials

    env = {"QUOTEFIND_OPENSEARCH_USER": "ann", "QUOTEFIND_OPENSEARCH_PASSWORD": "pw"}
    assert credentials("h", env) == ("ann", "pw")
    rc = tmp_path / "netrc"
    rc.write_text("machine h login bob password secret\n")
    rc.chmod(0o600)
    assert credentials("h", {"NETRC": str(rc)}) == ("bob", "secret")
    assert credentials("other", {"NETRC": str(rc)}) is None


def test_the_store_reaches_the_cluster_with_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTEFIND_OPENSEARCH_USER", "ann")
    monkeypatch.setenv("QUOTEFIND_OPENSEARCH_PASSWORD", "pw")
    store = open_store("opensearch+https://search.example:9200/quotes")
    assert store.describe() == "https://search.example:9200/quotes"
    conn = store.client.transport.get_connection()  # type: ignore[union-attr]
    assert conn.host == "https://search.example:9200"
    import base64

    assert conn.headers["authorization"] == "Basic " + base64.b64encode(b"ann:pw").decode()


def test_credentials_on_the_command_line_are_refused() -> None:
    result = run("search", "rates", "--index", "opensearch+https://ann:pw@host:9200/quotes")
    assert result.exit_code == 2
    assert "holds credentials" in result.stderr and "pw" not in result.stderr


def test_an_unreachable_cluster_is_one_sentence() -> None:
    result = run("search", "rates", "--index", "opensearch+http://127.0.0.1:9/quotes")
    assert result.exit_code == 2
    assert "cannot be reached" in result.stderr and "Traceback" not in result.stderr


def test_export_formats_still_check_their_fields(tmp_path: Path) -> None:
    WhooshStore(tmp_path / "ix").add_statements(corpus())
    result = run("export", "--index", str(tmp_path / "ix"), "--format", "jsonl", "--fields", "id")
    assert result.exit_code == 0 and {tuple(r) for r in jsonl(result.stdout)} == {("id",)}


@pytest.mark.parametrize("command", [["check"]])
def test_folder_commands_refuse_a_cluster(command: list[str], tmp_path: Path) -> None:
    result = run(*command, "--index", "opensearch+https://host:9200/quotes")
    assert result.exit_code == 2
    assert "segment files of an index folder" in result.stderr
    assert not Path("opensearch+https:").exists()
