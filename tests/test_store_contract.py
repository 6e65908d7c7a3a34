"""The store contract: what every backend must do, run on each (Whoosh always; OpenSearch on a live cluster).

OpenSearch runs only when `QUOTEFIND_TEST_OPENSEARCH_URL` names a cluster, e.g.
`QUOTEFIND_TEST_OPENSEARCH_URL=opensearch+https://localhost:9200 pytest tests/test_store_contract.py`
(credentials from QUOTEFIND_OPENSEARCH_USER / _PASSWORD or ~/.netrc). Each test creates its own
index, `quotefind-contract-<random>`, from the mapping and deletes it at the end.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from quotefind.errors import StatementNotFoundError
from quotefind.extract import extract
from quotefind.ingest import read_inputs
from quotefind.model import Article, Source, Statement
from quotefind.search import search, verify
from quotefind.search.trace import trace
from quotefind.store import Store
from quotefind.store.whoosh.store import WhooshStore

from .conftest import SEEDS

URL_VAR = "QUOTEFIND_TEST_OPENSEARCH_URL"

#: A small corpus: dates, publishers, paths, a copy of a story (wire/c) and a speaker in two roles.
ARTICLES = [
    Article(
        text='"We will not raise interest rates this year," said Gordon Brown, the chancellor, on Monday.\n\n'
        "He added that the budget would be balanced.",
        source=Source(path="news/a.txt", publisher="Daily Planet", title="Rates hold", date="2004-03-01"),
        key="news/a.txt",
    ),
    Article(
        text='"The economy is growing faster than anyone expected," said Tony Blair, the prime minister.\n\n'
        "Mr Blair said the recovery was strong.",
        source=Source(
            path="news/b.txt", publisher="Evening Star", title="Growth surprise", date="2005-06-10"
        ),
        key="news/b.txt",
    ),
    Article(
        text='"We will not raise interest rates this year," Gordon Brown told reporters in London.',
        source=Source(path="wire/c.txt", publisher="Wire Service"),
        key="wire/c.txt",
    ),
]


def corpus() -> list[Statement]:
    """The statements of the corpus and of the seed articles, in source order."""
    seeds = [a for a in read_inputs([str(SEEDS)]) if isinstance(a, Article)]
    return [st for a in [*ARTICLES, *seeds] for st in extract(a)]


def _opensearch() -> Iterator[Store]:
    url = os.environ.get(URL_VAR)
    if not url:
        pytest.skip(f"{URL_VAR} is not set: no OpenSearch cluster to run the contract against")
    pytest.importorskip("opensearchpy", reason='needs opensearch-py: pip install "quotefind[opensearch]"')
    from quotefind.store.opensearch import OpenSearchStore

    store = OpenSearchStore.from_url(f"{url.rstrip('/')}/quotefind-contract-{uuid.uuid4().hex[:10]}")
    assert store.create()  # from the mapping
    try:
        yield store
    finally:
        store.drop()
        # (and the article records `quotefind index` keeps beside it)
        store.client.indices.delete(index=f"{store.index}-articles", ignore_unavailable=True)


@pytest.fixture(params=["whoosh", "opensearch"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each backend."""
    if request.param == "whoosh":
        yield WhooshStore(tmp_path / "contract")
    else:
        yield from _opensearch()


@pytest.fixture
def loaded(store: Store) -> Store:
    """The store with the corpus in it."""
    summary = store.add_statements(corpus())
    assert summary.articles == 2 + len(ARTICLES)
    return store


def _ids(hits) -> list[str]:
    return [h.statement.id for h in hits]


def test_everything_loaded_comes_back(loaded: Store) -> None:
    expected = corpus()
    got = list(loaded.statements())
    assert sorted(st.id for st in got) == sorted(st.id for st in expected)
    assert {st.id: st for st in got} == {st.id: st for st in expected}  # the exported statement, whole
    assert [st.source.path for st in got] == sorted(st.source.path for st in got)  # source order


def test_get_by_id_and_prefix(loaded: Store) -> None:
    st = corpus()[0]
    assert loaded.get(st.id) == st
    assert loaded.get(st.id[:8]) == st
    with pytest.raises(StatementNotFoundError):
        loaded.get("0000000000000000")


def test_plain_query(loaded: Store) -> None:
    hits = search(loaded, "economy growing faster")
    assert hits and "economy is growing faster" in hits[0].statement.text


def test_typo_query(loaded: Store) -> None:
    hits = search(loaded, "econnomy growing fastr")
    assert hits and "economy is growing faster" in hits[0].statement.text


def test_phrase_query(loaded: Store) -> None:
    hits = search(loaded, '"interest rates" raise')
    assert hits and all("interest rates" in h.statement.text for h in hits)
    assert not search(loaded, '"rates interest" raise')


def test_copies_follow_their_story(loaded: Store) -> None:
    hits = search(loaded, "not raise interest rates")
    paths = [h.statement.source.path for h in hits[:2]]
    assert sorted(paths) == ["news/a.txt", "wire/c.txt"]
    assert hits[0].score == hits[1].score


def test_counts_are_every_hit_a_limit_cut(loaded: Store) -> None:
    from quotefind.search.engine import search_page
    from quotefind.store.protocol import Filters

    assert loaded.count(Filters()) == len(corpus())
    assert loaded.count(Filters(speaker="Gordon Brown")) == len(search(loaded, "", speaker="Gordon Brown"))
    assert loaded.count(Filters(source="no such outlet")) == 0
    page = search_page(loaded, "not raise interest rates", limit=1)
    assert len(page.hits) == 1 and page.total == len(search(loaded, "not raise interest rates", limit=100))
    assert page.total >= 2 and not page.at_least  # the story and its wire copy
    assert search_page(loaded, "", kind="quote", limit=1).total == sum(st.kind == "quote" for st in corpus())


def test_speaker_filter(loaded: Store) -> None:
    hits = search(loaded, "", speaker="Tony Blair")
    assert hits and {h.statement.speaker.name for h in hits} == {"Tony Blair"}
    assert {h.statement.speaker.name for h in search(loaded, "rates", speaker="Gordon Brown")} == {
        "Gordon Brown"
    }
    assert not search(loaded, "rates", speaker="Tony Blair")


def test_source_filter(loaded: Store) -> None:
    assert {h.statement.source.path for h in search(loaded, "", source="evening star")} == {"news/b.txt"}
    assert {h.statement.source.path for h in search(loaded, "", source="news/*")} == {
        "news/a.txt",
        "news/b.txt",
    }
    assert not search(loaded, "", source="no such outlet")


def test_date_filter(loaded: Store) -> None:
    hits = search(loaded, "", since="2005")
    assert hits and {h.statement.source.date for h in hits} == {"2005-06-10"}
    hits = search(loaded, "interest rates", until="2004-03")
    assert [h.statement.source.path for h in hits] == ["news/a.txt"]  # the undated copy drops out


def test_kind_filter(loaded: Store) -> None:
    assert {h.statement.kind for h in search(loaded, "", kind="claim", limit=100)} == {"claim"}


def test_verify_and_trace(loaded: Store) -> None:
    verdict = verify(loaded, "we will not raise interest rates this year")
    assert verdict.status == "verbatim"
    assert len(trace(loaded, "we will not raise interest rates this year")) == 2


def test_speakers_with_counts(loaded: Store) -> None:
    speakers = {sp.name: sp.count for sp in loaded.speakers()}
    assert speakers["Gordon Brown"] == 3 and speakers["Tony Blair"] == 2


def test_speakers_fold_case_and_keep_organisations_apart(store: Store) -> None:
    from .test_search_speakers import BANKS, credits_extract

    for path, lines in BANKS.items():
        article = Article(text="\n".join(lines), source=Source(path=path, title=path), key=path)
        store.add_statements(list(credits_extract(article)))
    rows = {sp.name: sp.count for sp in store.speakers()}
    assert rows["the report"] == 3 and "The report" not in rows
    assert rows["Bank of England"] == 4 and rows["Bank of Japan"] == 2 and rows["Bank of France"] == 2
    assert "P" not in rows
    assert [sp.name for sp in store.speakers(limit=2)] == ["Bank of England", "the report"]


def test_reindex_is_idempotent_and_replaces_an_article(loaded: Store) -> None:
    before = sorted(st.id for st in loaded.statements())
    loaded.add_statements(corpus())
    assert sorted(st.id for st in loaded.statements()) == before
    changed = Article(
        text='"We will cut interest rates next year," said Gordon Brown, the chancellor.',
        source=ARTICLES[0].source,
        key=ARTICLES[0].key,
    )
    # The same article id, new statements: what the index held for the article is replaced.
    new = [
        Statement.from_dict({**st.to_dict(), "article_id": corpus()[0].article_id}) for st in extract(changed)
    ]
    loaded.add_statements(new)
    texts = [st.text for st in loaded.statements() if st.article_id == corpus()[0].article_id]
    assert texts == [st.text for st in new]


def test_prune_an_article(loaded: Store) -> None:
    gone = corpus()[0].article_id
    assert loaded.delete_article(gone) == sum(1 for st in corpus() if st.article_id == gone)
    assert all(st.article_id != gone for st in loaded.statements())
    assert search(loaded, "interest rates")[0].statement.source.path == "wire/c.txt"


# -- what `quotefind index` needs (`store.protocol.WriteSession`) ------------------------------------


@pytest.fixture(params=["whoosh", "opensearch", "fake-opensearch"])
def writable(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each backend that `index` writes to; also OpenSearch's official client
    over the offline fake cluster (`opensearch_fake`), which answers what `index` asks."""
    if request.param == "whoosh":
        yield WhooshStore(tmp_path / "contract")
    elif request.param == "opensearch":
        yield from _opensearch()
    else:
        pytest.importorskip("opensearchpy", reason='needs opensearch-py: pip install "quotefind[opensearch]"')
        from .opensearch_fake import FakeCluster
        from .opensearch_record import recording_store

        yield recording_store(FakeCluster().answer, index="contract")[0]


def _files(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for article in ARTICLES:
        (folder / Path(article.key or "").name).write_text(article.text, encoding="utf-8")
    return folder


def _extracted(folder: Path) -> dict[str, Statement]:
    """What the extractor finds in the folder's files, by id."""
    found = [a for a in read_inputs([str(folder)]) if isinstance(a, Article)]
    return {st.id: st for a in found for st in extract(a)}


def test_index_reindex_change_prune_and_rebuild(writable: Store, tmp_path: Path) -> None:
    from quotefind.pipeline import index_paths

    news = _files(tmp_path / "news")
    first = index_paths(writable, [str(news)], jobs=1)
    assert (first.articles, first.unchanged) == (3, 0)
    expected = _extracted(news)
    assert {st.id for st in writable.statements()} == set(expected)
    # Nothing changed: nothing written.
    again = index_paths(writable, [str(news)], jobs=1)
    assert (again.articles, again.unchanged, again.removed) == (0, 3, 0)
    # One file changed: its statements replaced, the others kept.
    (news / "b.txt").write_text('"Unemployment is falling," said Tony Blair, the prime minister.\n', "utf-8")
    changed = index_paths(writable, [str(news)], jobs=1)
    assert (changed.articles, changed.unchanged) == (1, 2) and changed.removed > 0
    expected = _extracted(news)
    assert {st.id for st in writable.statements()} == set(expected)
    assert any("Unemployment" in st.text for st in writable.statements())
    # A file gone: pruned only when asked.
    (news / "a.txt").unlink()
    assert index_paths(writable, [str(news)], jobs=1).removed == 0
    pruned = index_paths(writable, [str(news)], jobs=1, prune=True)
    assert pruned.removed > 0
    assert {st.id for st in writable.statements()} == set(_extracted(news))
    # Rebuilt: the same statements.
    rebuilt = index_paths(writable, [str(news)], jobs=1, rebuild=True)
    assert rebuilt.articles == 2
    assert {st.id: st for st in writable.statements()} == _extracted(news)
