"""What keeps search cheap on a big index, checked for results on small real indexes in tmp_path.

Listings in source order and copies of a story are collected by stepping Whoosh's matchers over
several segments (not by its sorted search); speaker keys are scored only when one of their words
is close to the pattern; compound segments are read in place from their memory map.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from quotefind.model import Article, Source, Speaker, Statement
from quotefind.pipeline import add_articles
from quotefind.search import SPEAKER_CUTOFF, _match_names, search, verify
from quotefind.store.whoosh.lexicons import _Lexicons, _read_lexicon
from quotefind.store.whoosh.location import open_index
from quotefind.store.whoosh.patches import ViewFile

#: (speaker, kind, text) of the lines of every article below, in order.
LINES = [
    ("Anna Berg", "quote", "The ferry timetable will change in spring"),
    ("Tom Lind", "claim", "the harbour fees went up twice last year"),
    ("Anna Berg", "claim", "the bridge repairs are behind schedule"),
    ("Kari Holm", "quote", "Nobody asked the fishermen about the new quay"),
    ("Anna Berg", "quote", "We will publish the accounts in full"),
]
#: Article paths, indexed in this (not alphabetical) order, one commit (segment) each.
PATHS = ["news/c.txt", "news/a.txt", "news/d.txt", "news/b.txt"]


def lines_extract(article: Article) -> Iterator[Statement]:
    """One statement per line of the article, the speaker and kind from LINES."""
    return per_line(article, [(name, kind) for name, kind, _ in LINES])


def every_line(article: Article) -> Iterator[Statement]:
    """One quote by Anna Berg per line of the article."""
    return per_line(article, [("Anna Berg", "quote")] * (article.text.count("\n") + 1))


def per_line(article: Article, who: list[tuple[str, str]]) -> Iterator[Statement]:
    """One statement per line of the article, each with the next (speaker, kind) of `who`."""
    start = 0
    for (name, kind), line in zip(who, article.text.split("\n"), strict=True):
        yield Statement(
            id=Statement.make_id(article.id, start, start + len(line)),
            kind=kind,
            text=line,
            speaker=Speaker(name=name),
            cue="said",
            source=article.source,
            start=start,
            end=start + len(line),
            article_id=article.id,
        )
        start += len(line) + 1


def article(path: str, suffix: str = "") -> Article:
    """An article whose lines are LINES, each line ending with `suffix` (to vary the wording)."""
    text = "\n".join(line + suffix for _, _, line in LINES)
    # Reprints on other sites: one text, but each copy its own article (its own URL, issue 15).
    return Article(text=text, source=Source(path=path, url=f"https://example.org/{path}"), key=path)


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four copies of one story in four segments, written out of path order, plus one variant."""
    location = tmp_path_factory.mktemp("scale") / "index"
    for path in PATHS:
        add_articles(location, [article(path)], extract=lines_extract)
    add_articles(location, [article("news/e.txt", " indeed")], extract=lines_extract)
    with open_index(location).searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1  # what the tests below are about
    return location


def where(hits) -> list[tuple[str, int]]:
    return [(h.statement.source.path, h.statement.start) for h in hits]


def test_a_speakers_statements_are_listed_in_source_order_across_segments(ix: Path) -> None:
    hits = search(ix, "", speaker="Anna Berg", limit=100)
    assert {h.statement.speaker.name for h in hits} == {"Anna Berg"}
    assert len(hits) == 3 * 5
    # Distinct wordings first (see search._diversify), each group in path and position order.
    first, repeats = hits[:6], hits[6:]
    assert where(first) == sorted(where(first))
    assert where(repeats) == sorted(where(repeats))
    assert {h.statement.source.path for h in first} == {"news/a.txt", "news/e.txt"}


def test_a_short_speaker_page_takes_the_first_statements_in_source_order(ix: Path) -> None:
    hits = search(ix, "", speaker="Kari Holm", limit=3)
    assert where(hits) == [("news/a.txt", 122), ("news/e.txt", 143), ("news/b.txt", 122)]


def test_a_speaker_listing_under_a_kind_filter(ix: Path) -> None:
    hits = search(ix, "", speaker="Anna Berg", kind="claim", limit=100)
    assert len(hits) == 5
    assert {h.statement.text.split(" indeed")[0] for h in hits} == {"the bridge repairs are behind schedule"}
    assert {h.statement.kind for h in hits} == {"claim"}


def test_a_bare_listing_is_in_source_order(ix: Path) -> None:
    hits = search(ix, "", limit=7)
    assert where(hits) == sorted(where(search(ix, "", limit=100)))[:7]
    assert [h.statement.source.path for h in hits] == ["news/a.txt"] * 5 + ["news/b.txt"] * 2


def test_copies_of_a_hit_follow_it_in_source_order(ix: Path) -> None:
    hits = search(ix, "harbour fees went up", limit=6)
    assert [h.statement.text for h in hits[:4]] == ["the harbour fees went up twice last year"] * 4
    first, *copies = [h.statement.source.path for h in hits[:4]]
    assert copies == sorted(set(PATHS) - {first})
    assert hits[4].statement.source.path == "news/e.txt"  # the other wording comes after


def test_copies_of_a_hit_respect_the_filters(ix: Path) -> None:
    assert search(ix, "harbour fees went up", kind="quote") == []
    hits = search(ix, "harbour fees went up", kind="claim", speaker="Tom Lind", limit=4)
    first, *copies = where(hits[:3])
    assert copies == [(p, 42) for p in sorted(set(PATHS) - {first[0]})][:2]
    # A short page keeps a slot for the other wording.
    assert where(hits[3:]) == [("news/e.txt", 49)]


def test_verify_lists_every_other_attestation(ix: Path) -> None:
    verdict = verify(ix, "The ferry timetable will change in spring", speaker="Anna Berg")
    assert verdict.status == "verbatim"
    assert verdict.statement is not None
    assert len(verdict.also) == 4  # the other copies, and e.txt's longer wording holds it too
    assert verdict.statement.id not in verdict.also
    found = {h.statement.id: h.statement.source.path for h in search(ix, "", speaker="Anna Berg", limit=100)}
    assert {found[i] for i in [verdict.statement.id, *verdict.also]} == {*PATHS, "news/e.txt"}


@pytest.mark.parametrize("pattern", ["Anna Berg", "berg", "Ana Berq", "Tom", "lind holm", "Kari", "zzz"])
def test_speaker_keys_scored_only_near_the_pattern_give_what_scoring_all_gives(
    ix: Path, pattern: str
) -> None:
    with open_index(ix).searcher() as searcher:
        lex = _Lexicons(searcher)
        every = [m for m in _match_names(lex, pattern, 0.0) if m[0] >= SPEAKER_CUTOFF]
        assert _match_names(lex, pattern, SPEAKER_CUTOFF) == every


def test_segments_are_read_in_place_not_copied(ix: Path) -> None:
    index = open_index(ix)
    segment = index._segments()[0]
    assert segment.is_compound()
    storage = segment.open_compound_file(index.storage)
    try:
        name = next(n for n in storage.list() if n.endswith(".pst"))
        start, length = storage.range(name)
        raw = (ix / f"{segment.segment_id()}.seg").read_bytes()[start : start + length]
        f = storage.open_file(name)
        assert not isinstance(f.file, io.BytesIO)
        assert f.read(length) == raw
        f.seek(1)
        assert f.read(3) == raw[1:4]
        assert f.get(2, 5) == raw[2:7]
        f.close()
    finally:
        storage.close()


def test_the_view_file_reads_like_a_file() -> None:
    data = pickle.dumps({"a": [1, 2, 3]}) + b"first line\nsecond\n" + b"tail"
    f = ViewFile(memoryview(data))
    assert pickle.load(f) == {"a": [1, 2, 3]}  # the unpickler peeks ahead and reads what it used
    at = f.tell()
    assert f.peek(5) == b"first" and f.tell() == at
    assert f.readline() == b"first line\n"
    assert f.readline() == b"second\n"
    assert f.read() == b"tail" and f.read(3) == b""
    assert f.seek(-4, 2) == len(data) - 4 and f.read(2) == b"ta"
    assert f.seek(1, 1) == len(data) - 1 and f.readline() == b"l"
    buffer = bytearray(4)
    f.seek(0)
    assert f.readinto(buffer) == 4 and bytes(buffer) == data[:4]


def test_a_typo_of_a_common_word_does_not_fetch_what_the_common_word_would(tmp_path: Path) -> None:
    # `thre` stands for the, there, three: as common as they are, it must not pull in the statements
    # holding them (on a big index, most of it); the rare word fetches, the typo still reranks.
    filler = [f"there were {n} boats in the harbour and three more at sea" for n in range(200)]
    serious = ["there are some serious questions", "a serious delay", "the serious part of the plan"]
    text = "\n".join(filler[:100] + serious + filler[100:])
    add_articles(
        tmp_path / "ix", [Article(text=text, source=Source(path="t.txt"), key="t.txt")], extract=every_line
    )
    hits = search(tmp_path / "ix", "thre are some seerious", limit=20, min_score=0)
    assert [h.statement.text for h in hits][:1] == ["there are some serious questions"]
    assert sorted(h.statement.text for h in hits) == sorted(serious)


def test_the_vocabularies_read_from_the_segments_are_whooshs_lexicons(tmp_path: Path) -> None:
    location = tmp_path / "index"
    shapes = set()
    # Several segments, then a re-indexed article (deleted documents).
    for path, suffix in [*((p, "") for p in PATHS), ("news/b.txt", " again")]:
        add_articles(location, [article(path, suffix)], extract=lines_extract)
        with open_index(location).searcher() as searcher:
            shapes.add((len(searcher.leaf_searchers()) > 1, searcher.reader().has_deletions()))
            assert _read_lexicon(searcher, "words") is not None  # read from the segments, not asked
            lex = _Lexicons(searcher)
            for field, got in (
                ("words", lex.words),
                ("speaker_names", lex.speakers),
                ("source_labels", lex.sources),
            ):
                assert got == [t.decode("utf-8") for t in searcher.lexicon(field)]
    assert "again" in lex.words and "anna berg" in lex.speakers
    assert (True, False) in shapes and any(deleted for _, deleted in shapes)


def test_skipping_inside_posting_blocks_lands_on_the_next_matching_document(tmp_path: Path) -> None:
    # Whoosh's posting matcher skips by bisection inside a block (index._skip_by_bisection): it must
    # land where stepping would, over several blocks of a word in many (not all) statements.
    lines = [("budget talks went on" if i % 3 else "the ferry was late") for i in range(900)]
    text = "\n".join(f"{line} {i}" for i, line in enumerate(lines))
    add_articles(
        tmp_path / "ix", [Article(text=text, source=Source(path="m.txt"), key="m.txt")], extract=every_line
    )
    with open_index(tmp_path / "ix").searcher() as searcher:
        sub = searcher.leaf_searchers()[0][0]
        every = list(sub.postings("text", "budget").all_ids())
        assert len(every) == 600
        for step in (1, 2, 5, 37, 130, 300):
            matcher = sub.postings("text", "budget")
            target = every[0]
            while matcher.is_active():
                matcher.skip_to(target)
                if not matcher.is_active():
                    break
                assert matcher.id() == min(d for d in every if d >= target)
                target = matcher.id() + step
            assert target > every[-1]
        hits = search(tmp_path / "ix", '"ferry was late"', limit=400)
        assert len(hits) == 300 and all("the ferry was late" in h.statement.text for h in hits)
