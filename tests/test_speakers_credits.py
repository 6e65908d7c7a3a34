"""A `speakers` page from the fields written for it (`speaker_credit`, `speaker_of`) lists what one
from the stored documents and the `speaker_names` terms lists, on real indexes in tmp_path: an
index written before those fields, one written since, one mixing both and one merged from both."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import quotefind.store.whoosh.credits as credits
import quotefind.store.whoosh.splits as splits
from quotefind.model import Speaker
from quotefind.store.whoosh.lexicons import _searcher
from quotefind.store.whoosh.roster import list_speakers
from quotefind.store.whoosh.splits import SplitNames, _text_before_of, of_terms

from .test_search_speakers import BANKS, build
from .test_speakers_light import TRICKY, written_before_the_fields

#: Names that split and names that may split but do not, in several spellings; articles replaced
#: afterwards (segments with deleted statements, one name's count inflated in the term index).
CASES = {
    **BANKS,
    **TRICKY,
    "analysts.txt": [
        "Analysts|||the rally will fade",
        "analysts|||the market is cheap",
        "Analysts|Reuters poll|analysts of a Reuters poll|growth will slow",
    ],
    "cruz.txt": [
        "Ted Cruz|Texas|Ted Cruz of Texas|I will win",
        "Ted Cruz||Sen. Ted Cruz|we will win",
        "TED CRUZ||Cruz|they will lose",
    ],
}
REPLACED = {
    "analysts.txt": ["Analysts|||the rally will fade", "Analysts|Reuters poll|analysts of a Reuters poll|x"],
    "cruz.txt": ["Ted Cruz|Texas|Ted Cruz of Texas|I will win", "TED CRUZ||Cruz|one left"],
    "boj.txt": ["Bank|Japan|the Bank of Japan|the yen is weak now"],
}


def listings(location: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for sort in ("count", "name"):
        out[sort] = list_speakers(location, sort=sort)
        for limit in (1, 2, 3, 5, 8):
            out[f"{sort} {limit}"] = list_speakers(location, limit=limit, sort=sort)
    out["pattern"] = list_speakers(location, pattern="bank")
    return out


def build_all(location: Path) -> Path:
    build(location, CASES)
    return build(location, REPLACED)


@pytest.fixture
def old(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    with written_before_the_fields(monkeypatch):
        return build_all(tmp_path / "old")


@pytest.fixture
def new(tmp_path: Path) -> Path:
    return build_all(tmp_path / "new")


def segments_with_credits(location: Path) -> list[bool]:
    with _searcher(location) as (searcher, _):
        return [credits.has_credits(sub.reader()) for sub, _ in searcher.leaf_searchers()]


def test_old_and_new_indexes_list_the_same_speakers(old: Path, new: Path) -> None:
    assert segments_with_credits(old) and not any(segments_with_credits(old))
    assert all(segments_with_credits(new))
    with _searcher(new) as (searcher, _):
        assert any(sub.reader().has_deletions() for sub, _ in searcher.leaf_searchers())
    got = listings(new)
    assert got == listings(old)
    names = {sp.name: sp.count for sp in got["count"]}
    assert names["Bank of Japan"] == 1 and names["Bank of England"] == 4 and names["Bank of France"] == 2
    assert names["Ted Cruz of Texas"] == 2 and names["Analysts"] == 2


def test_a_new_index_page_reads_no_stored_document_nor_speaker_names_terms(
    new: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = list_speakers(new)
    monkeypatch.setattr(credits, "_stored_documents", lambda *_: pytest.fail("a stored document was read"))
    monkeypatch.setattr(
        splits, "_text_before_of", lambda *_: pytest.fail("the speaker_names terms were read")
    )
    for limit in (1, 3, 8):
        assert list_speakers(new, limit=limit) == whole[:limit]


def test_an_old_index_page_reads_the_stored_documents_and_speaker_names_terms(
    old: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []
    documents_of, before_of = credits._stored_documents, splits._text_before_of
    monkeypatch.setattr(credits, "_stored_documents", lambda r: read.append("doc") or documents_of(r))
    monkeypatch.setattr(splits, "_text_before_of", lambda *a: read.append("of") or before_of(*a))
    assert list_speakers(old, limit=3)
    assert "doc" in read and "of" in read


def test_an_index_of_old_and_new_segments_and_its_merge_list_as_a_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new: Path
) -> None:
    mixed = tmp_path / "mixed"
    firsts = dict(list(CASES.items())[:3])
    with written_before_the_fields(monkeypatch):
        build(mixed, firsts)
    build(mixed, {k: v for k, v in CASES.items() if k not in firsts})
    build(mixed, REPLACED)
    seen = segments_with_credits(mixed)
    assert True in seen and False in seen
    expected = listings(new)
    assert listings(mixed) == expected
    # Merged into one segment: statements without credits among it, it is read as an old one.
    from whoosh import index as windex

    from quotefind.store.whoosh.location import open_index

    ix = open_index(mixed)
    assert isinstance(ix, windex.FileIndex)
    ix.optimize()
    assert segments_with_credits(mixed) == [False]
    assert listings(mixed) == expected


def test_an_index_merged_from_new_segments_keeps_its_credits(new: Path) -> None:
    from quotefind.store.whoosh.location import open_index

    expected = listings(new)
    open_index(new).optimize()
    assert segments_with_credits(new) == [True]
    assert listings(new) == expected


@pytest.mark.parametrize(
    ("keys", "terms"),
    [
        (["bank of england"], ["knab"]),
        (["governor of the bank of japan"], ["ronrevog", "knab eht fo ronrevog"]),
        (["x of of y"], ["x", "fo x"]),
        (["of course", "bank"], []),
        (["bank of japan", "bank of japan sources"], ["knab"]),
    ],
)
def test_of_terms(keys: list[str], terms: list[str]) -> None:
    assert of_terms(keys) == terms


@pytest.mark.parametrize("fixture", ["old", "new"])
def test_names_that_may_split_are_the_lexicon_own_on_old_and_new_indexes(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    location = request.getfixturevalue(fixture)
    with _searcher(location) as (searcher, lex):
        assert _text_before_of(searcher, "speaker_names") is not None
        says_split = SplitNames(searcher, lex)
        keys = set(lex.speakers) | {w for k in lex.speakers for w in k.split()}
        keys |= {"bank", "ank", "riverbank", "of", "x of", "the bank", "bank of japan", "nobody", "ted cruz"}
        says = {k: says_split.may_split(k) for k in sorted(keys)}
        assert says == {k: lex.speaker_lines.find(f"{k} of ") >= 0 for k in sorted(keys)}
        assert says["bank"] and says["ank"] and says["ted cruz"] and not says["nobody"]


def test_a_garbled_credit_on_a_first_page_is_named_damage(new: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from .clirun import run

    monkeypatch.setenv("QUOTEFIND_INDEX", str(new))
    values = credits._credit_values

    def garbled(reader: Any) -> Any:
        found = values(reader)
        return None if found is None else (lambda docnum: b"[1, 2" if found(docnum) else b"")

    monkeypatch.setattr(credits, "_credit_values", garbled)
    result = run("speakers", "--limit", "3", "-f", "jsonl")
    assert result.exit_code == 2, result.output
    assert "is damaged" in result.stderr and "internal error" not in result.stderr, result.stderr


@given(
    st.one_of(st.none(), st.text(max_size=12)),
    st.one_of(st.none(), st.text(max_size=12)),
    st.one_of(st.none(), st.text(max_size=6)),
)
def test_a_credit_gives_back_its_speaker_article_and_name_term(
    name: str | None, article: str | None, role: str | None
) -> None:
    speaker = Speaker(name=name, role=role, org="Org", mention=name)
    value = credits.credit_value(speaker, article)
    assert value
    assert credits.credit_from_value(value) == (speaker, article or "")
    known: dict[bytes, Speaker] = {}
    assert credits.credit_from_value(value, known) == credits.credit_from_value(value, known)
    assert credits.credit_from_value(value, known) == (speaker, article or "")
    assert credits.credit_name(value) == (name or "").encode("utf-8")


@pytest.mark.parametrize(
    "name", ['A "quoted" name', "back\\slash", "Zoë", "", None, '",', "null", "李明 🙂", "tab\there"]
)
@pytest.mark.parametrize("article", ["a1", "", 'x",y', "back\\", None])
def test_a_credit_name_is_cut_as_decoded(name: str | None, article: str | None) -> None:
    value = credits.credit_value(Speaker(name=name), article)
    assert credits.credit_name(value) == (name or "").encode("utf-8")
    assert credits.credit_from_value(value, {}) == (Speaker(name=name), article or "")
    # As the deleted statements' names are matched in the mapped column: where it matches at all.
    found = credits._CREDIT_NAME.match(memoryview(b"x" + value), 1)
    if found:
        assert (found.group(1) or b"") == (name or "").encode("utf-8")
    else:
        assert "\\" in json.dumps([article or "", name], ensure_ascii=False)


def test_a_credit_name_is_cut_without_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    values = [credits.credit_value(Speaker(name=n), "a1") for n in ("Zoë", "", None, "Bank")]
    monkeypatch.setattr(credits, "credit_from_value", lambda *_: pytest.fail("decoded"))
    assert [credits.credit_name(v) for v in values] == ["Zoë".encode(), b"", b"", b"Bank"]


def test_a_library_lists_pages_again_without_looking_names_up_again(
    new: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh.reading import SegmentReader

    first = list_speakers(new, limit=3)
    monkeypatch.setattr(SegmentReader, "expand_prefix", lambda *_: pytest.fail("a name looked up again"))
    assert list_speakers(new, limit=3) == first
