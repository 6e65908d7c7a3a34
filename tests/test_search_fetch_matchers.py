"""The candidate fetch's own Whoosh queries match what Whoosh's would, on a real multi-segment index.

`intersect` (an `And` stepped from its rarest part) and `all_but_one` (the `Or` of every `And`
that leaves one part out, its matchers made once) are there for speed at 1M statements; here they
must give exactly the documents, and the scores, of the queries they stand for. Posting blocks
are pickled with protocol 5, and a searcher works out a field's total length once.
"""

from __future__ import annotations

import itertools
import json
import zlib
from pathlib import Path

import pytest

from quotefind.ingest import read_inputs
from quotefind.pipeline import add_articles
from quotefind.search import search
from quotefind.store.whoosh.lexicons import _searcher
from quotefind.store.whoosh.location import open_index
from quotefind.store.whoosh.matchers import all_but_one, intersect

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, an article per commit: several segments."""
    location = tmp_path_factory.mktemp("fetch") / "index"
    for article in read_inputs([str(SEEDS)]):
        add_articles(location, [article])
    with open_index(location).searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1
    return location


def _matches(searcher, query) -> dict[int, float]:
    """Every document the query matches, with its score, over all segments."""
    found: dict[int, float] = {}
    context = searcher.context()
    for sub, offset in searcher.leaf_searchers():
        matcher = query.matcher(sub, context)
        while matcher.is_active():
            found[offset + matcher.id()] = matcher.score()
            matcher.next()
    return found


def _word_sets(searcher) -> list[list[str]]:
    """Sets of stems from common to rare (so the rarest-first order differs from the query's)."""
    reader = searcher.reader()
    stems = sorted(
        (t.decode() for t in reader.lexicon("text")), key=lambda t: -reader.doc_frequency("text", t)
    )
    common, middle, rare = stems[:6], stems[20:26], stems[200:206]
    return [
        [common[0], common[1]],
        [rare[0], common[0], common[2]],
        [common[3], middle[0], common[1], middle[1]],
        [middle[2], rare[1], common[4], common[5]],
        [common[0], common[1], common[2], common[3], common[4]],
    ]


def test_intersect_matches_what_and_matches_with_the_same_scores(ix: Path) -> None:
    from whoosh.query import And, Or, Term

    with _searcher(ix) as (searcher, _):
        checked = 0
        for words in _word_sets(searcher):
            terms = [Term("text", w) for w in words]
            # Also with a typo-like group (an `Or`) among the parts, as the fetch builds them.
            for parts in (terms, [Or(terms[:2]), *terms[2:]] if len(terms) > 2 else terms):
                theirs, ours = _matches(searcher, And(parts)), _matches(searcher, intersect(parts))
                assert ours.keys() == theirs.keys()
                assert ours == pytest.approx(theirs)
                checked += bool(theirs)
        assert checked >= 3  # most of the sets match something


def test_all_but_one_matches_the_or_of_the_ands_with_the_same_scores(ix: Path) -> None:
    from whoosh.query import And, Or, Term

    with _searcher(ix) as (searcher, _):
        partial = 0
        for words in _word_sets(searcher):
            if len(words) < 3:
                continue
            parts = [Term("text", w) for w in words]
            theirs = _matches(searcher, Or([And([p for p in parts if p is not left]) for left in parts]))
            ours = _matches(searcher, all_but_one(parts))
            assert ours.keys() == theirs.keys()
            assert ours == pytest.approx(theirs)
            every = _matches(searcher, And(parts)).keys()
            partial += len(theirs.keys() - every)
        assert partial > 0  # some documents hold all but one of the words, not all


def test_all_but_one_steps_and_skips_as_whoosh_does(ix: Path) -> None:
    from whoosh.query import And, Or, Term

    with _searcher(ix) as (searcher, _):
        words = _word_sets(searcher)[4]
        parts = [Term("text", w) for w in words]
        theirs = Or([And([p for p in parts if p is not left]) for left in parts])
        context = searcher.context()
        for sub, _offset in searcher.leaf_searchers():
            expected = list(theirs.matcher(sub, context).all_ids())
            for step in (2, 5):
                ours = all_but_one(parts).matcher(sub, context)
                seen = []
                for target in itertools.count(0, step):
                    if not ours.is_active():
                        break
                    ours.skip_to(target)
                    if ours.is_active():
                        seen.append(ours.id())
                        ours.next()
                assert set(seen) <= set(expected)
                assert seen == sorted(seen)
                if step == 2 and expected:
                    assert seen  # skipping finds some of them


def test_all_but_one_needs_three_parts() -> None:
    from whoosh.query import Term

    with pytest.raises(ValueError):
        all_but_one([Term("text", "a"), Term("text", "b")])


def test_posting_blocks_are_pickled_with_protocol_5(ix: Path) -> None:
    with open_index(ix).searcher() as searcher:
        sub = searcher.leaf_searchers()[0][0]
        reader = sub.reader()
        term = next(t for t in reader.lexicon("text") if reader.doc_frequency("text", t) > 1)
        matcher = reader.postings("text", term)
        while hasattr(matcher, "child"):  # deleted documents wrap the matcher
            matcher = matcher.child
        data = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
        raw = zlib.decompress(data) if matcher._compression else data
        assert raw[:2] == b"\x80\x05"


def test_a_searcher_works_out_a_field_length_once(ix: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from whoosh.reading import MultiReader

    before = search(ix, "police children school", limit=5, min_score=0)
    calls = []
    sums = MultiReader.field_length

    def counted(self, fieldname):
        calls.append(fieldname)
        return sums(self, fieldname)

    monkeypatch.setattr(MultiReader, "field_length", counted)
    for query in ("police children school", "the minister said it", "government plans for schools"):
        search(ix, query, limit=5, min_score=0)
    assert len(calls) <= 1  # each term in each segment asked for it before
    assert [
        (h.statement.id, h.score) for h in search(ix, "police children school", limit=5, min_score=0)
    ] == [(h.statement.id, h.score) for h in before]


def test_a_stage_ranks_its_matches_as_whoosh_s_search_does(ix: Path) -> None:
    from whoosh.query import Or, Term

    from quotefind.store.whoosh.query import _ranked

    with _searcher(ix) as (searcher, _):
        for words in _word_sets(searcher):
            query = Or([Term("text", w) for w in words])
            theirs = [r.docnum for r in searcher.search(query, limit=None)]
            assert _ranked(searcher, query) == theirs
            assert len(theirs) > 0


def test_a_stage_with_many_matches_ranks_the_first_ones(ix: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from whoosh.query import Term

    from quotefind.store.whoosh import query as store_query

    with _searcher(ix) as (searcher, _):
        common = _word_sets(searcher)[0][0]
        query = Term("text", common)
        every = sorted(_matches(searcher, query).items(), key=lambda kv: kv[0])
        assert len(every) > 10
        monkeypatch.setattr(store_query, "RANK_AT_MOST", 10)
        first = dict(every[:10])
        assert store_query._ranked(searcher, query) == sorted(first, key=lambda d: (-first[d], d))
    # A search still fills its pool from them: the rerank then tells them apart.
    assert search(ix, common, limit=5, min_score=0)


def _phrases(searcher) -> list[list[str]]:
    """Runs of 2-4 stems of the seeds' statements, some with a word twice (`to ... to`)."""
    from quotefind.analysis import stem
    from quotefind.search.query import _WORD

    runs: list[list[str]] = []
    twice: list[list[str]] = []
    for fields in searcher.all_stored_fields():
        if fields.get("doctype") != "statement":
            continue
        text = json.loads(fields["data"])["text"]
        words = [stem(w) for w in _WORD.findall(text.lower())]
        for at in range(0, max(0, len(words) - 4), 7):
            size = 2 + at % 3
            runs.append(words[at : at + size])
        twice += [words[at : at + 3] for at in range(len(words) - 2) if words[at] == words[at + 2]]
    return runs[:300] + twice[:100]


def test_phrase_matches_what_whoosh_s_phrase_matches_with_the_same_scores(ix: Path) -> None:
    from whoosh.query import Phrase

    from quotefind.store.whoosh.matchers import phrase

    with _searcher(ix) as (searcher, _):
        runs = _phrases(searcher)
        assert any(len(set(r)) < len(r) for r in runs)  # a word twice in a phrase
        matched = 0
        for run in runs:
            theirs = _matches(searcher, Phrase("text", run))
            ours = _matches(searcher, phrase("text", run))
            assert ours == theirs, run
            matched += bool(theirs)
        assert matched >= len(runs) // 2
        # A word no segment holds, and a phrase that is not in any statement.
        assert _matches(searcher, phrase("text", ["zzqx", runs[0][0]])) == {}
        assert _matches(searcher, phrase("text", [runs[0][-1], runs[1][0], runs[0][0]])) == _matches(
            searcher, Phrase("text", [runs[0][-1], runs[1][0], runs[0][0]])
        )


def _statement_tokens(searcher) -> dict[str, list[str]]:
    """Each statement's words as the index splits them (folded), by statement id."""
    from quotefind.analysis import fold
    from quotefind.search.query import _WORD

    return {
        fields["id"]: _WORD.findall(fold(json.loads(fields["data"])["text"]))
        for fields in searcher.all_stored_fields()
        if fields.get("doctype") == "statement"
    }


def test_a_common_word_phrase_finds_every_statement_with_those_words_together(ix: Path) -> None:
    """Phrases of function words (the most frequent side by side in the seeds, and one of three
    words): each statement holding the words side by side, no other."""
    from collections import Counter

    from quotefind.search.query import STOPWORDS

    with _searcher(ix) as (searcher, _):
        tokens = _statement_tokens(searcher)
    pairs = Counter(
        (a, b) for words in tokens.values() for a, b in itertools.pairwise(words) if {a, b} <= STOPWORDS
    )
    phrases = [list(pair) for pair, _ in pairs.most_common(4)]
    triples = Counter(
        tuple(words[i : i + 3])
        for words in tokens.values()
        for i in range(len(words) - 2)
        if words[i] in STOPWORDS and words[i + 2] in STOPWORDS
    )
    phrases.append(list(triples.most_common(1)[0][0]))
    for wanted in phrases:
        holding = {
            sid
            for sid, words in tokens.items()
            if any(list(run) == wanted for run in zip(*(words[i:] for i in range(len(wanted))), strict=False))
        }
        assert holding, wanted
        hits = search(ix, '"' + " ".join(wanted) + '"', limit=10_000, min_score=0, candidates=10_000)
        assert {h.statement.id for h in hits} == holding, wanted


def test_a_common_word_phrase_through_the_cli(ix: Path) -> None:
    from tests.clirun import jsonl, run

    done = run("search", '"of the"', "--index", str(ix), "--format", "jsonl")
    assert done.exit_code == 0, done.output
    rows = jsonl(done.stdout)
    assert rows
    assert all("of the" in " ".join(row["text"].lower().split()) for row in rows)
    absent = run("search", '"the of the of"', "--index", str(ix), "--format", "jsonl")
    assert absent.exit_code == 1
    assert jsonl(absent.stdout) == []
