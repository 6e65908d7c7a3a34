"""Issue 15, `speakers` at archive size, through the CLI over real indexes in tmp_path: case folded,
organisations that share a word kept apart, fragments that name nobody left out, `--limit` and
`--sort`, and a first page that reads only the speakers it can show."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import quotefind.store.whoosh.roster as roster
from quotefind.model import Article, Speaker, Statement
from quotefind.search.identities import org_place
from quotefind.store.whoosh.roster import list_speakers

from .clirun import jsonl, run
from .records import index_lines


def credits_extract(article: Article) -> Iterator[Statement]:
    """One statement per line `name|org|mention|text` (empty fields: none)."""
    start = 0
    for line in article.text.split("\n"):
        name, org, mention, text = line.split("|")
        at = start + len(line) - len(text)
        yield Statement(
            id=Statement.make_id(article.id, at, at + len(text)),
            kind="claim",
            text=text,
            speaker=Speaker(name=name or None, org=org or None, mention=mention or None),
            cue="said",
            source=article.source,
            start=at,
            end=at + len(text),
            article_id=article.id,
        )
        start += len(line) + 1


def build(location: Path, articles: dict[str, list[str]]) -> Path:
    return index_lines(location, articles, credits_extract)


#: As the extractor stores them: `Bank of England` is the name `Bank` of the organisation `England`.
BANKS = {
    "boe.txt": [
        "Bank|England|The Bank of England|rates will stay where they are for now",
        "Bank|England|it|the pound is not its concern",
        "Bank||the Bank|inflation will fall back next year",
        "Bank|England governor Mervyn King|Bank of England governor Mervyn King|growth is slowing",
    ],
    "boj.txt": [
        "Bank|Japan|the Bank of Japan|the yen is too strong",
        "Bank|Japan sources|Bank of Japan sources|intervention is possible",
    ],
    "bof.txt": [
        "BANK|FRANCE|BANK OF FRANCE|THE FRANC WILL HOLD",
        "Bank|France|The Bank of France|reserves rose",
    ],
    "plain.txt": ["Bank||The Bank|the branch will close on Friday"],
    "reports.txt": [
        "The report|||exports fell in March",
        "the report|||imports rose in March",
        "the report|||the deficit narrowed",
        "P|||prices were firm",
        "P|||prices eased",
        "James Baker|Treasury|Treasury Secretary James Baker|the dollar is fairly valued",
    ],
}


@pytest.fixture
def banks(index_dir: Path) -> Path:
    return build(index_dir, BANKS)


def speakers(*args: str) -> list[dict]:
    result = run("speakers", *args, "-f", "jsonl")
    assert result.exit_code == 0, result.output
    return jsonl(result.stdout)


def test_case_is_folded_into_one_speaker_spelled_as_most_often(banks: Path) -> None:
    rows = {r["name"].lower(): r for r in speakers()}
    assert rows["the report"]["name"] == "the report"
    assert rows["the report"]["count"] == 3
    assert sum(1 for r in speakers() if r["name"].lower() == "the report") == 1


def test_organisations_that_share_a_word_stay_apart(banks: Path) -> None:
    rows = {r["name"]: r for r in speakers()}
    # "the Bank" with no organisation, in an article about the Bank of England, is that bank;
    # "it" with the organisation England is too; the place ends before a title or a source.
    assert rows["Bank of England"]["count"] == 4
    assert rows["Bank of Japan"]["count"] == 2
    assert rows["Bank of France"]["count"] == 2  # BANK OF FRANCE folded in
    # A bank the articles never name stays `Bank`.
    assert rows["Bank"]["count"] == 1
    assert rows["Bank of England"]["orgs"] == []
    assert "James Baker" in rows and rows["James Baker"]["orgs"] == ["Treasury"]
    assert not any(name.startswith("Bank of Treasury") or name == "James Baker of Treasury" for name in rows)


def test_a_fragment_that_names_nobody_is_not_a_speaker(banks: Path) -> None:
    assert "P" not in {r["name"] for r in speakers()}


@pytest.mark.parametrize(
    ("org", "place"),
    [
        ("England", "England"),
        ("Japan governor Satoshi Sumita", "Japan"),
        ("Japan Governor Satoshi Sumita", "Japan"),
        ("Spain figures", "Spain"),
        ("New England Corp", "New England Corp"),
        ("", ""),
    ],
)
def test_org_place(org: str, place: str) -> None:
    assert org_place(org) == place


def test_limit_and_sort(banks: Path) -> None:
    by_count = speakers("--limit", "2")
    assert [r["name"] for r in by_count] == ["Bank of England", "the report"]
    by_name = [r["name"] for r in speakers("--sort", "name")]
    assert by_name == sorted(by_name, key=str.lower)
    assert by_name[:2] == ["Bank", "Bank of England"]
    assert len(speakers("--limit", "0")) == len(speakers()) == 6


def test_piped_lists_all_a_terminal_a_screenful(banks: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(speakers()) == 6
    monkeypatch.setattr("quotefind.render.screenful", lambda stream=None: 3)
    result = run("speakers", "-f", "jsonl")
    assert len(jsonl(result.stdout)) == 3
    assert "the first 3 speakers only" in result.stderr and "--limit 0" in result.stderr
    # An explicit limit is what was asked: no note.
    result = run("speakers", "-f", "jsonl", "--limit", "3")
    assert len(jsonl(result.stdout)) == 3 and result.stderr == ""


def test_a_pattern_still_filters_and_folds(banks: Path) -> None:
    names = [r["name"] for r in speakers("bank of japan")]
    assert names[0] == "Bank of Japan"
    assert "the report" in [r["name"] for r in speakers("report")]


def many_speakers(n: int) -> dict[str, list[str]]:
    """n speakers, the i-th with i statements, plus banks that split a large name into small ones."""
    lines = [f"Person{i:03d} Smith|||statement {j} of {i}" for i in range(1, n + 1) for j in range(i)]
    lines += [f"Bank|Place{i}|the Bank of Place{i}|word of bank {i}" for i in range(n)]
    return {"many.txt": lines}


@pytest.mark.parametrize("sort", ["count", "name"])
def test_a_page_equals_the_start_of_the_whole_list(index_dir: Path, sort: str) -> None:
    build(index_dir, many_speakers(30))
    whole = list_speakers(index_dir, sort=sort)
    for limit in (1, 5, 29, 31, 100):
        assert list_speakers(index_dir, sort=sort, limit=limit) == whole[:limit]


def test_a_page_reads_only_the_speakers_it_can_show(index_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(index_dir, many_speakers(30))
    read: list[str] = []
    original = roster.speaker_credits

    def counted(searcher: object, name: str, *args: object) -> Iterator[tuple[Speaker, str]]:
        read.append(name)
        return original(searcher, name, *args)

    monkeypatch.setattr(roster, "speaker_credits", counted)
    page = list_speakers(index_dir, limit=3)
    assert [sp.count for sp in page] == [30, 29, 28]
    # `Bank` (30 statements, split into 30 banks of 1) and the three people: nobody else.
    assert sorted(read) == ["Bank", "Person028 Smith", "Person029 Smith", "Person030 Smith"]


def test_replaced_statements_are_not_counted(index_dir: Path) -> None:
    build(index_dir, {"a.txt": ["Ann Lee|||one", "Ann Lee|||two"]})
    build(index_dir, {"a.txt": ["Ann Lee|||one only"]})  # the same article, changed: replaced
    rows = {r["name"]: r["count"] for r in speakers()}
    assert rows == {"Ann Lee": 1}
    assert [sp.count for sp in list_speakers(index_dir, limit=1)] == [1]


def test_a_segment_with_deleted_statements_is_counted_without_walking_postings(
    index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At 1M statements walking every name's postings in segments with deletions took ~7 s of a
    # first page; the deleted documents' names are taken off the term file's counts instead.
    from whoosh.reading import SegmentReader

    from quotefind.store.whoosh.lexicons import _searcher
    from quotefind.store.whoosh.read import speaker_name_counts

    build(
        index_dir,
        {"a.txt": ["Ann Lee|||one", "Ann Lee|||two", "Tom Berg|||three"], "b.txt": ["Tom Berg|||b"]},
    )
    build(index_dir, {"a.txt": ["Ann Lee|||one only"], "b.txt": ["Tom Berg|||b"]})  # a.txt replaced

    def refused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("postings walked")

    with _searcher(index_dir) as (searcher, _):
        assert any(sub.reader().has_deletions() for sub, _ in searcher.leaf_searchers())
        monkeypatch.setattr(SegmentReader, "postings", refused)
        assert speaker_name_counts(searcher) == {"Ann Lee": 1, "Tom Berg": 1}


def test_a_first_page_counts_exactly_a_name_whose_statements_were_replaced(index_dir: Path) -> None:
    # The term index still counts Zed Zulu's three replaced statements: a first page must not.
    build(
        index_dir,
        {"a.txt": ["Zed Zulu|||one", "Zed Zulu|||two", "Zed Zulu|||three"], "b.txt": ["Ann Lee|||x"]},
    )
    build(index_dir, {"a.txt": ["Tom Berg|||one", "Tom Berg|||two"], "b.txt": ["Ann Lee|||x"]})
    page = list_speakers(index_dir, limit=2)
    assert [(sp.name, sp.count) for sp in page] == [("Tom Berg", 2), ("Ann Lee", 1)]
    assert [(sp.name, sp.count) for sp in list_speakers(index_dir, limit=5, sort="name")] == [
        ("Ann Lee", 1),
        ("Tom Berg", 2),
    ]


def test_counts_read_from_the_term_file_equal_whoosh_own(banks: Path) -> None:
    from collections import Counter

    from quotefind.store.whoosh.lexicons import _searcher
    from quotefind.store.whoosh.read import _doc_frequencies, speaker_name_counts

    with _searcher(banks) as (searcher, _):
        own: Counter[str] = Counter()
        for sub, _ in searcher.leaf_searchers():
            reader = sub.reader()
            # The fast reader is what each segment of a fresh index is read with.
            assert _doc_frequencies(reader, "speaker_name") is not None
            for term, info in reader.iter_field("speaker_name"):
                if term:
                    own[term.decode("utf-8")] += info.doc_frequency()
        assert speaker_name_counts(searcher) == dict(own)
        assert own["Bank"] == 8 and own["BANK"] == 1


def test_a_first_page_reads_the_names_after_one_whose_replaced_statements_inflated_its_count(
    index_dir: Path,
) -> None:
    # The term index counts Aaa Lee's replaced statement: 3, level with Rex Roe, ahead by name. Made
    # exact (1) once the page held the two banks, it ended the page before Rex Roe (3) was read.
    banks = ["Bank|England|the Bank of England|a", "Bank|England|the Bank of England|b"]
    banks += ["Bank|Japan|the Bank of Japan|c", "Bank|Japan|the Bank of Japan|d"]
    rex = ["Rex Roe|||x", "Rex Roe|||y", "Rex Roe|||z"]
    build(index_dir, {"banks.txt": banks, "a.txt": ["Aaa Lee|||one", "Aaa Lee|||two"], "r.txt": rex})
    build(index_dir, {"a.txt": ["Aaa Lee|||one only"]})  # replaced
    whole = list_speakers(index_dir)
    assert [(sp.name, sp.count) for sp in whole[:3]] == [
        ("Rex Roe", 3),
        ("Bank of England", 2),
        ("Bank of Japan", 2),
    ]
    for limit in (1, 2, 3):
        assert list_speakers(index_dir, limit=limit) == whole[:limit]
    assert [(r["name"], r["count"]) for r in speakers("--limit", "2")] == [
        ("Rex Roe", 3),
        ("Bank of England", 2),
    ]
