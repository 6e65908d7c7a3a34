"""Whoosh queries of the fetch that step from their rarest part: `intersect`, `all_but_one`, `phrase`."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any


def intersect(parts: Sequence[Any]) -> Any:
    """Return a Whoosh `And` of the queries whose matcher steps from the rarest of them.

    Whoosh's `And` pairs its two largest posting lists first (a Huffman tree by size): the inner
    `And` of two common words then finds each of their shared documents, walking both lists in
    Python, however rare the other words are (`chares aganist two ex-senior`: 290 ms for 2
    matches at 1M statements). Here the rarest query leads and each more common one is only asked
    to skip to its candidates: the same matches, a score summed in another order.
    """
    return _classes()[0](list(parts))


def all_but_one(parts: Sequence[Any]) -> Any:
    """Return a query matching the documents that match all the queries, or all but one (3 or more).

    It matches what `Or([And(parts without p) for p in parts])` matches, with the same score (a
    document matching every part matches each of those `And`s: its score counts len(parts) - 1
    times), but each part's matcher is made once, not len(parts) - 1 times (with many segments
    and typo expansions, making matchers cost more than matching), and the candidates come from
    the two rarest parts: a document missing at most one part holds one of them.
    """
    if len(parts) < 3:
        raise ValueError("all_but_one needs three queries or more")
    return _classes()[1](list(parts))


def phrase(fieldname: str, words: Sequence[str]) -> Any:
    """Return a Whoosh `Phrase` whose matcher reads each distinct word's postings once, rarest first.

    Whoosh's phrase makes a matcher per word of the phrase (`to sell to`: the postings of `to`,
    in half the statements, read and decoded twice) and intersects them in the phrase's order.
    Here a word's matcher serves each place it has in the phrase, the rarest word leads, and the
    positions are checked as Whoosh checks them: the same matches and the same score.
    """
    return _classes()[2](fieldname, list(words))


def _tree_sum(scores: Sequence[float]) -> float:
    """Sum as Whoosh's binary tree of intersections adds its halves (`make_binary_tree`)."""
    if len(scores) == 1:
        return scores[0]
    half = len(scores) // 2
    return _tree_sum(scores[:half]) + _tree_sum(scores[half:])


def _by_size(query: Any, subs: Sequence[Any], searcher: Any) -> list[int]:
    """The positions of the subqueries, rarest first in the whole index (ties keep the query's
    order): worked out once per query, not once per segment (each size is a lookup per term)."""
    order = getattr(query, "_order", None)
    if order is None or len(order) != len(subs):
        reader = searcher.get_parent().reader()
        order = sorted(range(len(subs)), key=lambda i: (subs[i].estimate_size(reader), i))
        query._order = order
    return list(order)


@functools.cache
def _classes() -> tuple[type, type, type]:
    """The query classes, made on first use: Whoosh is imported only by a command that searches."""
    from whoosh.matching import IntersectionMatcher, Matcher, NullMatcher, WrappingMatcher
    from whoosh.query import And, CompoundQuery, Phrase, QueryError, SpanNear2, Term
    from whoosh.query.spans import SpanWrappingMatcher

    class RarestFirstAnd(And):  # type: ignore[misc]
        """`And`, its matcher a chain from the rarest subquery (see `intersect`)."""

        def _matcher(self, subs: list[Any], searcher: Any, context: Any) -> Any:
            matchers = [subs[i].matcher(searcher, context) for i in _by_size(self, subs, searcher)]
            matcher = matchers[0]
            for other in matchers[1:]:
                matcher = IntersectionMatcher(matcher, other)
            return WrappingMatcher(matcher, self.boost) if self.boost != 1.0 else matcher

    class AllButOne(CompoundQuery):  # type: ignore[misc]
        """Documents matching all subqueries or all but one (see `all_but_one`)."""

        JOINT = " ALLBUTONE "

        def estimate_size(self, ixreader: Any) -> int:
            sizes = sorted(q.estimate_size(ixreader) for q in self.subqueries)
            return int(sum(sizes[:2]))

        def _matcher(self, subs: list[Any], searcher: Any, context: Any) -> Any:
            matchers = [subs[i].matcher(searcher, context) for i in _by_size(self, subs, searcher)]
            found = AllButOneMatcher(matchers)
            if not found.is_active():
                return NullMatcher()
            return WrappingMatcher(found, self.boost) if self.boost != 1.0 else found

    class AllButOneMatcher(Matcher):  # type: ignore[misc]
        """Steps through the documents that at least all but one of its matchers (rarest first) hold."""

        def __init__(self, matchers: list[Any]) -> None:
            self._ms = matchers
            self._need = len(matchers) - 1
            self._id: int | None = None
            self._find(0)

        def _find(self, target: int) -> None:
            ms, need = self._ms, self._need
            while True:
                candidate = None
                for m in ms[:2]:
                    if m.is_active() and m.id() < target:
                        m.skip_to(target)
                    if m.is_active() and (candidate is None or m.id() < candidate):
                        candidate = m.id()
                if candidate is None:
                    self._id = None
                    return
                held = 0
                for m in ms:
                    if m.is_active() and m.id() < candidate:
                        m.skip_to(candidate)
                    if m.is_active() and m.id() == candidate:
                        held += 1
                if held >= need:
                    self._id = candidate
                    return
                target = candidate + 1

        def _here(self) -> list[Any]:
            return [m for m in self._ms if m.is_active() and m.id() == self._id]

        def is_active(self) -> bool:
            return self._id is not None

        def id(self) -> int | None:
            return self._id

        def next(self) -> bool:
            if self._id is None:
                from whoosh.matching import ReadTooFar

                raise ReadTooFar
            for m in self._here():
                m.next()
            self._find(self._id + 1)
            return False

        def skip_to(self, target: int) -> bool:
            if self._id is not None and target > self._id:
                self._find(target)
            return False

        def score(self) -> float:
            here = self._here()
            total = sum(m.score() for m in here)
            # As the `Or` of `And`s scores it: a document holding every part matches each `And`.
            return total * self._need if len(here) == len(self._ms) else total

        def weight(self) -> float:
            return float(sum(m.weight() for m in self._here()))

        def supports(self, astype: str) -> bool:
            return all(m.supports(astype) for m in self._ms)

        def supports_block_quality(self) -> bool:
            return False

        def max_quality(self) -> float:
            return float(sum(m.max_quality() for m in self._ms if m.is_active()) * self._need)

        def block_quality(self) -> float:
            return self.max_quality()

        def replace(self, minquality: float = 0) -> Any:
            return self if self.is_active() else NullMatcher()

        def is_leaf(self) -> bool:
            return False

        def children(self) -> list[Any]:
            return list(self._ms)

        def copy(self) -> Any:
            return AllButOneMatcher([m.copy() for m in self._ms])

    class RarestFirstPhrase(Phrase):  # type: ignore[misc]
        """`Phrase`, each distinct word's postings read once, the rarest first (see `phrase`)."""

        def matcher(self, searcher: Any, context: Any = None) -> Any:
            fieldname = self.fieldname
            if fieldname not in searcher.schema:
                return NullMatcher()
            field = searcher.schema[fieldname]
            if not field.format or not field.format.supports("positions"):
                raise QueryError(f"Phrase search: {fieldname!r} field has no positions")
            reader = searcher.reader()
            words: list[bytes] = []
            for word in self.words:
                try:
                    word = field.to_bytes(word)
                except ValueError:
                    return NullMatcher()
                if (fieldname, word) not in reader:
                    return NullMatcher()  # as Whoosh: a word the segment lacks matches nothing
                words.append(word)
            made = {w: Term(fieldname, w).matcher(searcher, context) for w in dict.fromkeys(words)}
            rarest = sorted(made, key=lambda w: (reader.doc_frequency(fieldname, w), words.index(w)))
            found = PhraseMatcher([made[w] for w in words], [made[w] for w in rarest], self.slop)
            return WrappingMatcher(found, boost=self.boost) if self.boost != 1.0 else found

    class PhraseMatcher(SpanNear2.SpanNear2Matcher):  # type: ignore[misc]
        """Whoosh's phrase matcher (`SpanNear2Matcher`, ordered) over an intersection of the
        distinct words' matchers, rarest first; `ms` keeps a matcher per word of the phrase."""

        def __init__(self, ms: list[Any], distinct: list[Any], slop: int = 1) -> None:
            self.ms = ms
            self.slop = slop
            self.ordered = True
            self.mindist = 1
            self._distinct = distinct
            matcher = distinct[0]
            for other in distinct[1:]:
                matcher = IntersectionMatcher(matcher, other)
            SpanWrappingMatcher.__init__(self, matcher)

        def score(self) -> float:
            # Each word of the phrase counts, a repeated word as often as it stands in it.
            return _tree_sum([m.score() for m in self.ms]) * self.boost

        def copy(self) -> Any:
            copies = {id(m): m.copy() for m in self._distinct}
            return PhraseMatcher(
                [copies[id(m)] for m in self.ms], [copies[id(m)] for m in self._distinct], self.slop
            )

    return RarestFirstAnd, AllButOne, RarestFirstPhrase
