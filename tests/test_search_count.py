"""How many hits there are in all: `showing 10 of 312 (use --limit)` on a terminal when the limit cut
the list, for text queries, filters and `--speaker` listings; `of at least` when the count is a
lower bound; the library's `search_page` and each store's `count` behind it.

A real index in `tmp_path`: 1,050 distinct quotes of one speaker (so counts need thousands
separators and a text query can fill the rerank's pool), a second article with three of its
quotes again (copies of a story count as hits) and one quote of another speaker.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from quotefind import layout, render, terminal
from quotefind.search.engine import search_page
from quotefind.store import open_store
from quotefind.store.protocol import Filters

from .clirun import jsonl, run

WORDS = "apple river stone cloud bridge garden market tower winter summer forest island valley".split()
MANY = 1050


def quote(i: int) -> str:
    picked = " ".join(random.Random(i).sample(WORDS, 5))
    return f"“The budget for {picked} item {i} is late,” Jane Doe said."


COPIED = [
    "“The lighthouse keeper retires in the spring,” Jane Doe said.",
    "“The lighthouse keeper will be replaced by a lamp,” Jane Doe said.",
    "“A lighthouse keeper is a lonely trade,” Jane Doe said.",
]


@pytest.fixture
def index(tmp_path: Path, index_dir: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    big = ["Harbour council meets", *COPIED, *(quote(i) for i in range(MANY))]
    (folder / "a.txt").write_text("\n\n".join(big) + "\n", encoding="utf-8")
    reprint = ["Harbour council reprint", *COPIED, "“Nothing was decided,” John Roe said."]
    (folder / "b.txt").write_text("\n\n".join(reprint) + "\n", encoding="utf-8")
    result = run("index", str(folder))
    assert result.exit_code == 0, result.output
    return index_dir


@pytest.fixture
def tty(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdout is a terminal (as rich sees it and as our default format does)."""
    for module in (terminal, render, layout):
        monkeypatch.setattr(module, "is_tty", lambda stream: True)


def note(*args: str) -> str:
    result = run("search", *args)
    assert result.exit_code == 0, result.output
    return result.stderr


def every(*args: str) -> int:
    """How many hits the same search gives with no limit to speak of, as JSON lines."""
    return len(jsonl(run("search", *args, "--limit", "100000", "--format", "jsonl").stdout))


def test_a_bare_listing_says_how_many_in_all_with_thousands_separators(index: Path, tty: None) -> None:
    total = MANY + 2 * len(COPIED) + 1
    assert every() == total
    assert note() == f"quotefind: showing 10 of {total:,} (use --limit).\n"
    assert "," in f"{total:,}"


def test_a_speaker_listing_counts_that_speakers_statements(index: Path, tty: None) -> None:
    assert note("--speaker", "John Roe") == ""  # one statement: nothing was cut
    total = MANY + 2 * len(COPIED)
    assert every("--speaker", "Jane Doe") == total
    assert note("--speaker", "Jane Doe", "-n", "5") == f"quotefind: showing 5 of {total:,} (use --limit).\n"


def test_filters_and_copies_of_a_story_count(index: Path, tty: None) -> None:
    # Three wordings, each in both articles: six hits.
    assert every("lighthouse keeper") == 6
    assert note("lighthouse keeper", "-n", "2") == "quotefind: showing 2 of 6 (use --limit).\n"
    assert note("lighthouse keeper", "-n", "2", "--source", "reprint") == (
        "quotefind: showing 2 of 3 (use --limit).\n"
    )
    assert note("lighthouse keeper", "-n", "6") == ""


def test_the_score_threshold_counts(index: Path, tty: None) -> None:
    strict = every("lighthouse keeper retires", "--min-score", "95")
    assert 0 < strict < 6
    told = note("lighthouse keeper retires", "--min-score", "95", "-n", "1")
    assert told == ("" if strict == 1 else f"quotefind: showing 1 of {strict} (use --limit).\n")
    related = every("lighthouse keeper retires")  # the default threshold: the related band
    assert strict <= related
    assert (
        note("lighthouse keeper retires", "-n", "1") == f"quotefind: showing 1 of {related} (use --limit).\n"
    )


def test_a_full_pool_of_candidates_is_a_lower_bound(index: Path, tty: None) -> None:
    # 1,050 wordings hold `budget`: the rerank sees the first 100 the store fetched.
    told = note("budget", "--min-score", "0")
    found = re.fullmatch(r"quotefind: showing 10 of at least ([\d,]+) \(use --limit\)\.\n", told)
    assert found, told
    assert int(found.group(1).replace(",", "")) >= 100


def test_piped_output_gets_no_note_and_the_same_lines(index: Path) -> None:
    result = run("search", "lighthouse keeper", "-n", "2", "--format", "table")
    assert result.stderr == ""
    rows = jsonl(run("search", "lighthouse keeper", "-n", "2", "--format", "jsonl").stdout)
    assert len(rows) == 2


def test_search_page_and_store_count(index: Path) -> None:
    page = search_page(index, "lighthouse keeper", limit=2)
    assert (len(page.hits), page.total, page.at_least) == (2, 6, False)
    store = open_store(str(index))
    assert store.count(Filters()) == MANY + 2 * len(COPIED) + 1
    assert store.count(Filters(speaker="John Roe")) == 1
    assert store.count(Filters(speaker="John Roe"), min_score=101) == 0
    wording = page.hits[0].statement.text
    assert store.count(Filters(), wordings=[wording]) == 2  # the quote and its reprint
    assert store.count(Filters(source="reprint"), wordings=[wording]) == 1
    assert store.count(Filters(), wordings=[]) == 0


def test_the_opensearch_store_counts_with_hits_total() -> None:
    """Offline: a listing's count is one `_search` of no document that asks for the exact total."""
    pytest.importorskip("opensearchpy", reason='needs opensearch-py: pip install "quotefind[opensearch]"')
    from quotefind.analysis import text_key

    from .opensearch_record import recording_store

    def answer(method: str, url: str, params: dict, body: str) -> tuple[int, dict]:
        return 200, {"hits": {"total": {"value": 1312, "relation": "eq"}, "hits": []}}

    store, recorder = recording_store(answer)
    assert store.count(Filters(kind="quote", speaker="Jane Doe")) == 1312
    body = recorder.to("_search")[-1].json()
    assert body["size"] == 0 and body["track_total_hits"] is True
    assert {"term": {"kind": "quote"}} in body["query"]["bool"]["filter"]
    assert store.count(Filters(), wordings=["We will not, raise!"]) == 1312
    clauses = recorder.to("_search")[-1].json()["query"]["bool"]["filter"]
    assert clauses == [{"terms": {"qf_text_key": [text_key("We will not, raise!")]}}]
    before = len(recorder.requests)
    assert store.count(Filters(), wordings=[]) == 0 and store.count(Filters(), min_score=101) == 0
    assert len(recorder.requests) == before  # nothing to ask
    page = search_page(store, "", speaker="Jane Doe", limit=10)
    assert (page.hits, page.total, page.at_least) == ([], 1312, False)
