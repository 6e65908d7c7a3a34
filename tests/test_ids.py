"""Issue 15, ids that travel: ids come from an article's URL or text, and copies share statements."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from quotefind.model import Article, Source, Statement

from .clirun import jsonl, run

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_748e3315a7818316.txt"
WIRE = '"We will not back down," said Jane Doe, the union leader.\n\nShe said talks would resume on Monday.\n'


def exported(index: Path) -> list[dict]:
    result = run("export", "--index", str(index))
    assert result.exit_code == 0, result.stderr
    return jsonl(result.stdout)


def wire_copies(tmp_path: Path) -> Path:
    """A folder `news` holding one wire story twice, as `outlet-a.txt` and `outlet-b.txt`."""
    news = tmp_path / "news"
    news.mkdir()
    for name in ("outlet-a.txt", "outlet-b.txt"):
        (news / name).write_text(WIRE, encoding="utf-8")
    return news


def ids_of(records: list[dict]) -> list[tuple[str, str]]:
    return sorted((r["id"], r["article_id"]) for r in records)


def test_one_article_has_the_same_ids_in_any_folder_and_from_stdin(tmp_path: Path) -> None:
    one, two = tmp_path / "here" / "a.txt", tmp_path / "there" / "deep" / "other-name.txt"
    for path in (one, two):
        path.parent.mkdir(parents=True)
        shutil.copy(SEED, path)
    found = []
    for n, path in enumerate((one, two)):
        assert run("index", str(path), "--index", str(tmp_path / f"ix{n}")).exit_code == 0
        found.append(exported(tmp_path / f"ix{n}"))
    piped = run("index", "-", "--index", str(tmp_path / "ix-stdin"), input=SEED.read_bytes())
    assert piped.exit_code == 0, piped.stderr
    found.append(exported(tmp_path / "ix-stdin"))
    assert len(found[0]) > 3
    assert ids_of(found[0]) == ids_of(found[1]) == ids_of(found[2])
    assert [r["source"]["path"] for r in found[2]][:1] == ["-"]


def test_the_readme_id_is_the_seed_statement_id_anywhere(tmp_path: Path) -> None:
    """The README's example id is what the seed gives, wherever the checkout is."""
    copy = tmp_path / "elsewhere" / "seeds"
    shutil.copytree(REPO / "seeds", copy)
    assert run("index", str(copy)).exit_code == 0
    shown = run("show", "8f2db3b7bd001c78", "--format", "jsonl")
    assert shown.exit_code == 0, shown.stderr
    assert jsonl(shown.stdout)[0]["text"].startswith("We do not talk enough")


def test_an_article_id_is_its_text_and_url() -> None:
    text = Article(text="Some words.", key="/a/b.txt")
    assert text.id == Article(text="Some words.", key="/c/d.txt", source=Source(title="Other")).id
    assert text.id != Article(text="Some  words.").id  # offsets point into the exact text
    url = Article(text="Some words.", source=Source(url="HTTPS://Example.ORG/News/1#top"))
    assert url.id == Article(text="Some words.", source=Source(url=" https://example.org/News/1")).id
    assert url.id != Article(text="Other words.", source=Source(url="https://example.org/News/1")).id
    assert url.id != Article(text="Some words.", source=Source(url="https://example.org/news/1")).id
    assert url.id != text.id


def test_a_wire_copy_in_two_files_is_one_set_of_statements_with_both_sources(tmp_path: Path) -> None:
    news = wire_copies(tmp_path)
    result = run("index", str(news))
    assert result.exit_code == 0, result.stderr
    records = jsonl(run("export").stdout)
    assert len(records) == 2 and len({r["id"] for r in records}) == 2
    both = [str(news / "outlet-a.txt"), str(news / "outlet-b.txt")]
    for record in records:
        assert [s["path"] for s in record["sources"]] == both
        assert record["source"] == record["sources"][0]
    hits = jsonl(run("search", "we will not back down", "--format", "jsonl").stdout)
    assert len(hits) == 1 and len(hits[0]["sources"]) == 2
    # Indexing again changes nothing.
    again = run("index", str(news))
    assert again.exit_code == 0 and "2 articles unchanged" in again.stderr, again.stderr
    assert jsonl(run("export").stdout) == records


def test_removing_one_copy_keeps_the_statements_with_the_other_source(tmp_path: Path) -> None:
    news = wire_copies(tmp_path)
    assert run("index", str(news)).exit_code == 0
    before = jsonl(run("export").stdout)
    (news / "outlet-a.txt").unlink()
    pruned = run("index", str(news), "--prune")
    assert pruned.exit_code == 0, pruned.stderr
    after = jsonl(run("export").stdout)
    assert [r["id"] for r in after] == [r["id"] for r in before]
    for record in after:
        assert [s["path"] for s in record["sources"]] == [str(news / "outlet-b.txt")]
        assert record["source"]["path"] == str(news / "outlet-b.txt")
    # The last copy gone, the statements go.
    (news / "outlet-b.txt").unlink()
    (news / "other.txt").write_text("Nothing said here.\n", encoding="utf-8")
    assert run("index", str(news), "--prune").exit_code == 0
    assert jsonl(run("export").stdout) == []


def test_a_copy_whose_text_changes_leaves_the_other_copy_whole(tmp_path: Path) -> None:
    news = wire_copies(tmp_path)
    assert run("index", str(news)).exit_code == 0
    before = jsonl(run("export").stdout)
    (news / "outlet-a.txt").write_text(WIRE.replace("Monday", "Friday"), encoding="utf-8")
    assert run("index", str(news)).exit_code == 0
    after = jsonl(run("export").stdout)
    kept = [r for r in after if r["article_id"] == before[0]["article_id"]]
    assert [r["id"] for r in kept] == [r["id"] for r in before]
    assert {len(r["sources"]) for r in after} == {1}
    assert {r["source"]["path"] for r in kept} == {str(news / "outlet-b.txt")}
    assert any("Friday" in r["text"] for r in after)


def test_copies_in_a_json_lines_file_and_a_text_file_are_listed_with_their_metadata(tmp_path: Path) -> None:
    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        json.dumps({"id": "story-7", "text": WIRE, "publisher": "The Daily", "date": "2024-05-01"}) + "\n",
        encoding="utf-8",
    )
    assert run("index", str(tmp_path / "wire.txt"), str(dump)).exit_code == 0
    [first, *_] = jsonl(run("export").stdout)
    assert [s["publisher"] for s in first["sources"]] == ["The Daily", None]  # oldest (dated) first
    assert first["source"]["date"] == "2024-05-01"
    plain = run("show", first["id"], "--format", "plain")
    assert plain.exit_code == 0 and "· The Daily · 2024-05-01; " in plain.stdout, plain.stdout
    shown = run("show", first["id"], "--format", "table")
    assert shown.exit_code == 0, shown.stderr
    also = [line for line in shown.stdout.splitlines() if line.startswith("also in: ")]
    assert len(also) == 1 and also[0].endswith(str(tmp_path / "wire.txt")), shown.stdout
    cited = run("cite", first["id"], "--style", "apa")
    assert cited.exit_code == 0 and cited.stdout.count("Also in: ") == 1, cited.stdout


def test_an_export_made_before_sources_imports(tmp_path: Path) -> None:
    old = {
        "id": "0123456789abcdef",
        "kind": "quote",
        "text": "We will not back down,",
        "speaker": {"name": "Jane Doe", "role": "union leader", "org": None, "mention": "Jane Doe"},
        "cue": "said",
        "source": {"path": "/old/machine/a.txt", "title": None, "publisher": None, "date": None, "url": None},
        "start": 1,
        "end": 23,
        "context": WIRE.split("\n")[0],
        "article_id": "fedcba9876543210",
        "cue_span": [25, 29],
        "speaker_span": [30, 38],
        "parts": [[1, 23]],
    }
    dump = tmp_path / "old.jsonl"
    dump.write_text(json.dumps(old) + "\n", encoding="utf-8")
    result = run("import", str(dump))
    assert result.exit_code == 0, result.stderr
    [record] = jsonl(run("export").stdout)
    assert record["id"] == old["id"] and record["source"]["path"] == "/old/machine/a.txt"
    assert record["sources"] == [record["source"]]
    assert Statement.from_dict(old).to_dict() == record


def test_importing_a_colleagues_copy_adds_its_source_to_ours(tmp_path: Path) -> None:
    # Our copy of a wire story in one folder, a colleague's copy of the same story in another: the
    # colleague's export, imported, lists both copies (and importing it twice changes nothing).
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    ours.mkdir()
    theirs.mkdir()
    (ours / "outlet-a.txt").write_text(WIRE, encoding="utf-8")
    (theirs / "outlet-b.txt").write_text(WIRE, encoding="utf-8")
    for folder in (ours, theirs):
        result = run("index", str(folder), "--index", str(folder / "ix"))
        assert result.exit_code == 0, result.stderr
    dump = tmp_path / "theirs.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in exported(theirs / "ix")), encoding="utf-8")
    for _ in range(2):
        result = run("import", str(dump), "--index", str(ours / "ix"))
        assert result.exit_code == 0, result.stderr
        records = exported(ours / "ix")
        assert len(records) == 2
        for record in records:
            paths = [s["path"] for s in record["sources"]]
            assert paths == [str(ours / "outlet-a.txt"), str(theirs / "outlet-b.txt")]


def test_the_index_location_does_not_change_ids(tmp_path: Path) -> None:
    """Absolute and relative paths, another working folder: one set of ids."""
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(WIRE, encoding="utf-8")
    first = run("index", str(news), "--index", str(tmp_path / "one"))
    assert first.exit_code == 0
    here = os.getcwd()
    try:
        os.chdir(tmp_path)
        assert run("index", "news", "--index", "two").exit_code == 0
    finally:
        os.chdir(here)
    assert ids_of(exported(tmp_path / "one")) == ids_of(exported(tmp_path / "two"))


def strike_page(day: str) -> str:
    return (
        '<html><head><title>Strike</title><link rel="canonical" href="https://News.Example.org/strike#top">'
        '</head><body><article><p>"We will not back down," said Jane Doe, the union leader.</p>'
        f"<p>She said talks would resume on {day}.</p></article></body></html>"
    )


def test_one_page_saved_twice_is_one_article_and_an_edited_copy_another(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_text(strike_page("Monday"), encoding="utf-8")
    (pages / "b.html").write_text(strike_page("Monday"), encoding="utf-8")
    assert run("index", str(pages)).exit_code == 0
    same = jsonl(run("export").stdout)
    assert len({r["article_id"] for r in same}) == 1
    both = [str(pages / "a.html"), str(pages / "b.html")]
    assert all([s["path"] for s in r["sources"]] == both for r in same)
    # The page changed under its URL: another text, another article; the first copy keeps its own.
    (pages / "b.html").write_text(strike_page("Friday"), encoding="utf-8")
    assert run("index", str(pages)).exit_code == 0
    after = jsonl(run("export").stdout)
    kept = [r for r in after if r["article_id"] == same[0]["article_id"]]
    assert [r["id"] for r in kept] == [r["id"] for r in same]
    assert all([s["path"] for s in r["sources"]] == [str(pages / "a.html")] for r in kept)
    edited = [r for r in after if r["article_id"] != same[0]["article_id"]]
    assert any("Friday" in r["text"] for r in edited)
    assert all([s["path"] for s in r["sources"]] == [str(pages / "b.html")] for r in edited)


def test_an_opensearch_document_names_every_copy() -> None:
    from quotefind.store.opensearch_docs import actions

    st = Statement.from_dict(
        {
            "id": "0123456789abcdef",
            "kind": "quote",
            "text": "We will not back down,",
            "speaker": {"name": "Jane Doe"},
            "source": {"path": "a.txt", "publisher": "The Daily"},
            "sources": [{"path": "a.txt", "publisher": "The Daily"}, {"path": "b.txt", "publisher": "Wire"}],
            "start": 1,
            "end": 23,
            "article_id": "fedcba9876543210",
        }
    )
    [action] = actions([st], "quotes")
    assert action["_id"] == st.id and action["routing"] == "fedcba9876543210"
    assert [s["publisher"] for s in action["_source"]["sources"]] == ["The Daily", "Wire"]
    assert {"the daily", "wire", "b.txt"} <= set(action["_source"]["qf_source_labels"])


def test_trace_lists_each_copy_of_a_wire_story_with_its_outlet_and_date(tmp_path: Path) -> None:
    dump = tmp_path / "wire.jsonl"
    lines = [
        {"id": "daily-1", "text": WIRE, "publisher": "The Daily", "date": "2024-05-02"},
        {"id": "herald-9", "text": WIRE, "publisher": "The Herald", "date": "2024-05-01"},
    ]
    dump.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    assert run("index", str(dump)).exit_code == 0
    assert len(jsonl(run("export").stdout)) == 2  # one set of statements
    traced = run("trace", "We will not back down", "--format", "jsonl")
    assert traced.exit_code == 0, traced.stderr
    rows = jsonl(traced.stdout)
    assert [(r["source"]["publisher"], r["source"]["date"]) for r in rows] == [
        ("The Herald", "2024-05-01"),
        ("The Daily", "2024-05-02"),
    ]
    assert len({r["id"] for r in rows}) == 1 and not any(r["drift"] for r in rows)


def test_a_new_extractor_extracts_copies_once_and_keeps_both_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    news = tmp_path / "news"
    news.mkdir()
    for name in ("outlet-a.txt", "outlet-b.txt", "outlet-c.txt"):
        (news / name).write_text(WIRE, encoding="utf-8")
    assert run("index", str(news)).exit_code == 0
    before = jsonl(run("export").stdout)
    monkeypatch.setattr("quotefind.extract.version", lambda: "an-upgraded-extractor")
    upgraded = run("index", str(news))
    assert upgraded.exit_code == 0
    assert "3 articles indexed, 1 quote, 1 claim" in upgraded.stderr, upgraded.stderr
    assert f"{len(before)} statements removed" in upgraded.stderr, upgraded.stderr
    assert jsonl(run("export").stdout) == before
    assert run("index", str(news)).stderr.startswith("no changes: 3 articles unchanged")


def test_a_run_killed_before_it_listed_the_copies_leaves_them_to_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotefind.store.whoosh import session

    news = wire_copies(tmp_path)

    def killed(*args: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(session, "list_sources", killed)
        assert run("index", str(news), "--commit-every", "1").exit_code != 0
    half = jsonl(run("export").stdout)
    assert half and {len(r["sources"]) for r in half} == {1}  # committed, not listed yet
    again = run("index", str(news))
    assert again.exit_code == 0 and "2 articles unchanged" in again.stderr, again.stderr
    both = [str(news / "outlet-a.txt"), str(news / "outlet-b.txt")]
    assert all([s["path"] for s in r["sources"]] == both for r in jsonl(run("export").stdout))
    assert run("index", str(news)).stderr.startswith("no changes: 2 articles unchanged")
