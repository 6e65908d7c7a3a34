"""What a run keeps per key it wrote (`WrittenKeys`): the same answers as the tuples, in little memory."""

from __future__ import annotations

import tracemalloc

from quotefind.store.articles import WrittenKeys


def test_a_written_key_reads_back_what_was_put() -> None:
    book = WrittenKeys()
    values = {
        "https://news.example/1": (2**64 - 1, (("claim", 2), ("quote", 3)), "/data/feed.jsonl#line1", 2**63),
        "https://news.example/2": (7, (), "/data/feed.jsonl#line120000", 0),
        "a.txt": (1, (("quote", 1),), "news/a.txt", 12),
        "b.txt": (1, (("claim", 4),), "news/b#line", 5),  # a name that only looks like a line
        "c.txt": (3, (), "news/c.jsonl#line0", 5),  # no line 0: kept as written
    }
    for key, value in values.items():
        book[key] = value
    for key, value in values.items():
        assert book[key] == value
        assert book.get(key) == value
        assert key in book
    assert book.get("missing") is None and "missing" not in book
    assert len(book) == len(values)


def test_what_does_not_fit_an_int_is_kept_as_given() -> None:
    book = WrittenKeys()
    opensearch = ("9f" * 32, (("quote", 1),), "x.txt", "article-id")  # the OpenSearch store's str hashes
    other_kind = (5, (("belief", 1),), "y.txt", 6)
    too_many = (5, (("quote", 2**32),), "z.txt", 6)
    book["x"], book["y"], book["z"] = opensearch, other_kind, too_many
    assert (book["x"], book["y"], book["z"]) == (opensearch, other_kind, too_many)


def test_a_written_key_takes_a_small_int_not_a_tuple() -> None:
    keys = [f"https://news.example/{i}" for i in range(20_000)]
    tracemalloc.start()
    try:
        book = WrittenKeys()
        for i, key in enumerate(keys):
            where = f"/d/feed.jsonl#line{i + 1}"
            book[key] = (i * 2654435761 % 2**64, (("claim", 2), ("quote", 5)), where, i)
        used, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # A dict of the tuples themselves takes ~230 bytes a key here (the key itself aside), ~440 in a
    # real run (its kinds are new tuples each time); packed, ~75.
    assert used / len(keys) < 160
    assert book[keys[-1]][2] == "/d/feed.jsonl#line20000"
