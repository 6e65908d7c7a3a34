"""Reading inputs: formats, encodings, metadata, dates, bad files and the folder walk."""

from __future__ import annotations

import io
import json
import os
import pickle
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from quotefind.errors import InputError
from quotefind.ingest import (
    STDIN,
    ReadOptions,
    Skipped,
    iter_paths,
    normalize_date,
    parse_iso_date,
    read_inputs,
    read_path,
    unwrap_markdown,
)
from quotefind.model import Article

from .conftest import SEEDS

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"


def one(path: Path | str, **kw) -> Article:
    items = list(read_path(path, **kw))
    assert len(items) == 1, items
    assert isinstance(items[0], Article), items[0]
    return items[0]


def skipped(path: Path | str, **kw) -> Skipped:
    items = list(read_path(path, **kw))
    assert len(items) == 1, items
    assert isinstance(items[0], Skipped), items[0]
    return items[0]


# --- plain text -------------------------------------------------------------------------------


def test_seed_with_title_line_keeps_it_and_its_text() -> None:
    path = SEEDS / "000_748e3315a7818316.txt"
    article = one(path)
    assert article.source.title == "Little Contact between Norwegian and Russian Defense Authorities"
    assert article.text == path.read_text(encoding="utf-8")
    assert article.key == str(path.resolve())
    assert article.source.path == str(path)


def test_seed_without_title_line_gets_its_first_sentence() -> None:
    article = one(SEEDS / "003_a8c462b49ee9a8c1.txt")
    title = article.source.title
    assert title is not None and title.startswith("In an unusual and noteworthy diplomatic move")
    assert len(title) <= 81 and title.endswith("…")


def test_cp1252_file_is_decoded_as_western_text() -> None:
    article = one(FIXTURES / "legacy-cp1252.txt")
    assert article.text.startswith("Café owners in Tromsø said: “We will not close")
    assert "naïve plan costs 5 € per visitor" in article.text
    assert "mayor’s office agreed – for now" in article.text


def test_latin1_file_is_decoded() -> None:
    data = "Å være eller ikke være, sa Øystein på møtet i Tromsø.\n".encode("latin-1")
    article = one("-", stdin=io.BytesIO(data))
    assert article.text == "Å være eller ikke være, sa Øystein på møtet i Tromsø.\n"


def test_utf16_with_bom_and_windows_newlines(tmp_path: Path) -> None:
    article = one(FIXTURES / "utf16-bom.txt")
    assert article.text == "Ferry traffic resumed.\n\n“We are back on schedule,” the operator said.\n"
    assert article.source.title == "Ferry traffic resumed."
    crlf = one(FIXTURES / "windows-lines.txt")
    assert crlf.text == 'Road closed\n\n"The road stays closed until Friday," the police said.\n'
    assert crlf.source.title == "Road closed"


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHeadline\n\nBody text.\n")
    assert one(path).text == "Headline\n\nBody text.\n"


def test_odd_but_valid_text_is_read_unchanged() -> None:
    rtl = one(FIXTURES / "rtl-combining.txt")
    assert rtl.text == (FIXTURES / "rtl-combining.txt").read_text(encoding="utf-8")
    assert "Zoe\u0308" in rtl.text and "Cafe\u0301" in rtl.text  # combining marks kept, not composed
    line = one(FIXTURES / "one-line.txt")
    assert "\n" not in line.text
    assert line.source.title and line.source.title.startswith('"There is no newline anywhere')
    unbalanced = one(FIXTURES / "unbalanced.txt")
    assert unbalanced.source.title == "Quote marks gone wrong"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty file"),
        ("blank.txt", "empty file"),
        ("nul-bytes.txt", "binary file (contains NUL bytes)"),
        ("fake-text.txt", "binary file (contains NUL bytes)"),
        ("garbage.txt", "binary file or unknown text encoding"),
        ("broken-front-matter.md", "invalid YAML front matter at line"),
        ("script-only.html", "no article text found in the HTML"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(name: str, reason: str) -> None:
    item = skipped(FIXTURES / name)
    assert item.path == str(FIXTURES / name)
    assert item.reason.startswith(reason)


def test_missing_file_is_skipped_not_raised(tmp_path: Path) -> None:
    item = skipped(tmp_path / "gone.txt")
    assert item.reason == "no such file or directory"


def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Headline\n\nBody.\n", encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root (or similar): chmod 000 does not stop reads here")
        assert skipped(path).reason == "permission denied"
        walked = list(read_inputs([str(tmp_path)]))
        assert walked == [Skipped(str(path), "permission denied")]
    finally:
        path.chmod(0o644)


def test_unexpected_reader_failure_is_a_skip_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quotefind.ingest as ingest

    def boom(data: bytes, *, declared: str | None = None) -> str:
        raise RuntimeError("decoder exploded")

    monkeypatch.setattr(ingest, "decode_bytes", boom)
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")
    assert skipped(path).reason == "could not be read (RuntimeError: decoder exploded)"


# --- size -------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_50_mb_article_is_read_by_default(tmp_path: Path) -> None:
    para = 'Officials met again on Monday. "We keep talking," the envoy said after the meeting.\n'
    path = tmp_path / "huge.txt"
    path.write_text("Huge\n\n" + para * (50_000_000 // len(para) + 1), encoding="utf-8")
    assert path.stat().st_size > 50_000_000
    article = one(path)
    assert len(article.text) > 50_000_000
    assert article.source.title == "Huge"


def test_max_size_skips_bigger_files_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 2000, encoding="utf-8")
    item = skipped(path, options=ReadOptions(max_size=1000))
    assert item.reason == "larger than the size limit (0.001 MB) - raise --max-size to read it"
    assert one(path, options=ReadOptions(max_size=None)).text == "x" * 2000
    lines = tmp_path / "lines.jsonl"
    big = json.dumps({"text": "y" * 2000})
    small = json.dumps({"text": "small one"})
    lines.write_text(f"{small}\n{big}\n{small}\n", encoding="utf-8")
    items = list(read_path(lines, options=ReadOptions(max_size=1000)))
    assert [type(i).__name__ for i in items] == ["Article", "Skipped", "Article"]
    assert items[1] == Skipped(f"{lines}#line2", "line larger than the size limit (0.001 MB)")


def test_many_quote_marks_or_none_are_read(tmp_path: Path) -> None:
    path = tmp_path / "quotes.txt"
    path.write_text('"' * 100_000, encoding="utf-8")
    assert one(path).text == '"' * 100_000
    path.write_text("No quote marks at all here. Just words.", encoding="utf-8")
    assert one(path).source.title == "No quote marks at all here."


# --- HTML -------------------------------------------------------------------------------------


def test_html_main_text_and_metadata() -> None:
    article = one(FIXTURES / "arctic.html")
    src = article.source
    assert (src.title, src.publisher, src.date, src.url, src.author) == (
        "Minister warns of Arctic tension",
        "The Barents Post",
        "2021-03-04",
        "https://example.org/news/arctic-tension",
        "Kari Nordmann",
    )
    assert '"We do not talk enough with each other," the defense minister said' in article.text
    assert "Copyright" not in article.text and "Subscribe" not in article.text  # boilerplate gone
    assert "<p>" not in article.text
    assert article.key == str((FIXTURES / "arctic.html").resolve())


def test_html_in_cp1252_with_a_meta_charset(tmp_path: Path) -> None:
    html = (FIXTURES / "arctic.html").read_text(encoding="utf-8")
    html = html.replace('charset="utf-8"', 'charset="windows-1252"').replace(
        "the defense minister said", "the défense minister said"
    )
    path = tmp_path / "legacy.htm"
    path.write_bytes(html.encode("cp1252"))
    assert "the défense minister said" in one(path).text


def test_trafilatura_is_imported_only_for_html() -> None:
    import subprocess

    code = (
        "import sys; from quotefind.ingest import read_inputs; "
        f"list(read_inputs([{str(SEEDS)!r}])); print('trafilatura' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- Markdown ---------------------------------------------------------------------------------


def test_markdown_front_matter_and_unwrapped_body() -> None:
    article = one(FIXTURES / "harbour.md")
    src = article.source
    assert src.title == "Harbour reopens after the storm"
    assert src.author == "Ola Hansen, Kari Nordmann"
    assert src.date == "2022-11-05"
    assert src.url == "https://example.org/harbour"
    assert src.publisher == "Coastal Times"
    assert not article.text.startswith("---")
    assert (
        '"The boats can go out again, and that is all that matters," the harbour master told '
        "reporters, who had waited at the pier since dawn." in article.text
    )
    assert "\n- Damage was limited to two piers.\n- Repairs will take a month.\n" in article.text


def test_markdown_title_from_heading_without_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("# Talks resume\n\nBoth sides met.\n", encoding="utf-8")
    article = one(path)
    assert article.source.title == "Talks resume"
    assert article.text == "# Talks resume\n\nBoth sides met.\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("one\ntwo\n\nthree\n", "one two\n\nthree\n"),
        ("# Head\ntext\nmore\n", "# Head\ntext more\n"),
        ("para\n- item\n- item two\n", "para\n- item\n- item two\n"),
        ("hard break  \nnext\n", "hard break  \nnext\n"),
        ("```\ncode\nline\n```\nafter\nwrap\n", "```\ncode\nline\n```\nafter wrap\n"),
        ("| a |\n| b |\n", "| a |\n| b |\n"),
        ("> quoted\n> more\n", "> quoted\n> more\n"),
    ],
)
def test_unwrap_markdown_keeps_length_and_blocks(body: str, expected: str) -> None:
    out = unwrap_markdown(body)
    assert out == expected
    assert len(out) == len(body)


# --- JSON lines and stdin ---------------------------------------------------------------------


def test_json_lines_articles_keys_and_bad_lines() -> None:
    path = FIXTURES / "wire.jsonl"
    items = list(read_path(path))
    by_path = {i.source.path if isinstance(i, Article) else i.path: i for i in items}
    assert list(by_path) == [f"{path}#line{n}" for n in (1, 3, 4, 5, 6, 7, 8)]  # line 2 is blank
    first = by_path[f"{path}#line1"]
    assert isinstance(first, Article)
    assert first.key == "https://example.org/prices"
    assert (first.source.title, first.source.date, first.source.publisher) == ("Prices", "2022-11-05", "Wire")
    html = by_path[f"{path}#line3"]
    assert isinstance(html, Article)
    assert html.key == "wire-42"
    assert html.source.author == "Ola Hansen"
    assert html.text.startswith('"Fishing quotas are a matter of trust," the fisheries minister said')
    bare = by_path[f"{path}#line4"]
    assert isinstance(bare, Article)
    assert bare.key == f"{path.resolve()}#line4"
    assert bare.source.date is None  # "sometime last week" does not parse
    reasons = {p.rsplit("#", 1)[1]: i.reason for p, i in by_path.items() if isinstance(i, Skipped)}
    assert reasons["line5"] == '"text" is not a string'
    assert reasons["line6"] == "not a JSON object"
    assert reasons["line7"] == 'no "text" or "html" key'
    assert reasons["line8"].startswith("invalid JSON")


def test_json_lines_lone_surrogates_and_nul(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_text(
        '{"text": "broken \\ud800 pair, whole \\ud83d\\ude00 pair"}\n{"text": "nul \\u0000 inside"}\n',
        encoding="utf-8",
    )
    first, second = read_path(path)
    assert isinstance(first, Article)
    assert first.text == "broken \ufffd pair, whole 😀 pair"
    first.text.encode("utf-8")  # storable
    assert second == Skipped(f"{path}#line2", "text contains NUL characters")


def test_stdin_plain_text_has_an_empty_key() -> None:
    article = one(STDIN, stdin=io.StringIO('"We will win this," Jane Doe said.\n'))
    assert article.key == ""
    assert article.source.path == "-"
    assert article.text == '"We will win this," Jane Doe said.\n'


def test_stdin_json_lines_and_html_are_recognised() -> None:
    lines = '{"text": "One.", "id": "a"}\n{"text": "Two."}\n'
    items = list(read_path(STDIN, stdin=io.BytesIO(lines.encode())))
    assert [(i.key, i.text) for i in items if isinstance(i, Article)] == [("a", "One."), ("", "Two.")]
    html = (FIXTURES / "arctic.html").read_bytes()
    article = one(STDIN, stdin=io.BytesIO(html))
    assert article.source.title == "Minister warns of Arctic tension"
    assert article.key == "https://example.org/news/arctic-tension"  # its URL names it


def test_stdin_binary_is_skipped() -> None:
    item = skipped(STDIN, stdin=io.BytesIO(b"\x00\x01\x02abc"))
    assert item == Skipped("-", "binary file (contains NUL bytes)")


# --- metadata options and dates ---------------------------------------------------------------


def test_publisher_and_date_fill_only_what_is_missing() -> None:
    options = ReadOptions(publisher="Fixture Press", date="2020-01-01")
    html = one(FIXTURES / "arctic.html", options=options)
    assert (html.source.publisher, html.source.date) == ("The Barents Post", "2021-03-04")
    seed = one(SEEDS / "000_748e3315a7818316.txt", options=options)
    assert (seed.source.publisher, seed.source.date) == ("Fixture Press", "2020-01-01")


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2021-03-04", "2021-03-04"),
        ("2021-03-04T23:30:00-05:00", "2021-03-04"),
        ("2021/3/4", "2021-03-04"),
        ("20210304", "2021-03-04"),
        ("04.03.2021", "2021-03-04"),
        ("4 March 2021", "2021-03-04"),
        ("4th March, 2021", "2021-03-04"),
        ("March 4, 2021", "2021-03-04"),
        ("Sept. 4, 2021", "2021-09-04"),
        ("Thu, 04 Mar 2021 10:00:00 +0000", "2021-03-04"),
        ("13/3/2021", "2021-03-13"),
        ("3/13/2021", "2021-03-13"),
        ("3/4/2021", None),  # day or month first? ambiguous
        ("2021-02-30", None),
        ("March 2021", None),
        ("sometime last week", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_normalize_date(raw: object, iso: str | None) -> None:
    assert normalize_date(raw) == iso


def test_normalize_date_takes_yaml_dates() -> None:
    import datetime as dt

    assert normalize_date(dt.date(2022, 11, 5)) == "2022-11-05"
    assert normalize_date(dt.datetime(2022, 11, 5, 23, 59)) == "2022-11-05"


@pytest.mark.parametrize("bad", ["2021-3-4", "04.03.2021", "2021-02-30", "yesterday", "20210304"])
def test_parse_iso_date_refuses_anything_but_iso(bad: str) -> None:
    with pytest.raises(InputError, match="give an ISO date like 2021-03-04"):
        parse_iso_date(bad)
    assert parse_iso_date("2021-03-04") == "2021-03-04"


# --- the folder walk --------------------------------------------------------------------------


def test_folder_walk_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("z", encoding="utf-8")
    (tmp_path / "a.md").write_text("a", encoding="utf-8")
    (tmp_path / "c.TXT").write_text("c", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "d.pdf").write_bytes(b"%PDF")
    found = list(iter_paths([str(tmp_path)]))
    assert found == [
        tmp_path / "a.md",
        tmp_path / "b" / "z.txt",
        tmp_path / "c.TXT",
    ]  # d.pdf: another type, passed over (counted by `passed_over`, see test_cli_folders.py)


def test_glob_filters_folders_but_not_named_files(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "news" / "b.html").write_text("b", encoding="utf-8")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "c.txt").write_text("c", encoding="utf-8")
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    named = tmp_path / "other" / "c.txt"
    assert list(iter_paths([str(tmp_path)], glob="*.txt")) == [tmp_path / "news" / "a.txt", named]
    assert list(iter_paths([str(tmp_path)], glob=["news/*", "*.pdf"])) == [
        tmp_path / "news" / "a.txt",
        tmp_path / "news" / "b.html",
    ]  # x.pdf matches, but is of another type: passed over
    assert list(iter_paths([str(named)], glob="*.html")) == [named]
    (tmp_path / "top.html").write_text("t", encoding="utf-8")
    assert list(iter_paths([str(tmp_path)], glob="**/*.html")) == [
        tmp_path / "news" / "b.html",
        tmp_path / "top.html",
    ]


def test_symlink_loops_end_and_are_reported(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text("Headline\n\nText.\n", encoding="utf-8")
    (root / "sub" / "back").symlink_to(root, target_is_directory=True)
    (root / "self").symlink_to(".", target_is_directory=True)
    (root / "ping").symlink_to(root / "pong")
    (root / "pong").symlink_to(root / "ping")
    (root / "dangling.txt").symlink_to(root / "missing.txt")
    found = list(read_inputs([str(root)]))
    articles = [i for i in found if isinstance(i, Article)]
    assert [a.source.path for a in articles] == [str(root / "sub" / "a.txt")]
    reasons = {i.path: i.reason for i in found if isinstance(i, Skipped)}
    assert reasons == {
        str(root / "dangling.txt"): "broken symlink",
        str(root / "ping"): "symlink loop (too many levels of symbolic links)",
        str(root / "pong"): "symlink loop (too many levels of symbolic links)",
        str(root / "self"): "symlink loop (leads back to a folder above it)",
        str(root / "sub" / "back"): "symlink loop (leads back to a folder above it)",
    }


def test_a_file_reached_twice_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    assert list(iter_paths([str(tmp_path), str(tmp_path / "a.txt")])) == [tmp_path / "a.txt"]


def test_deep_folders_do_not_overflow(tmp_path: Path) -> None:
    import inspect

    deep = tmp_path
    for _ in range(300):
        deep = deep / "d"
        deep.mkdir()
    (deep / "a.txt").write_text("Deep down.", encoding="utf-8")
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 100)  # a walk that recursed per folder would fail
    try:
        found = list(read_inputs([str(tmp_path)]))
    finally:
        sys.setrecursionlimit(old_limit)
    assert len(found) == 1 and isinstance(found[0], Article) and found[0].text == "Deep down."


def test_unreadable_folder_is_reported(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("a", encoding="utf-8")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root (or similar): chmod 000 does not stop reads here")
        assert list(iter_paths([str(tmp_path)])) == [Skipped(str(locked), "permission denied")]
    finally:
        locked.chmod(0o755)


def test_read_inputs_is_lazy_and_keeps_argument_order(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    stream = read_inputs([str(tmp_path / "a.txt"), "/no/such/file.txt", str(SEEDS)])
    assert isinstance(next(stream), Article)  # nothing later was read yet
    rest = list(stream)
    assert rest[0] == Skipped("/no/such/file.txt", "no such file or folder")
    assert [Path(a.source.path or "").name for a in rest[1:] if isinstance(a, Article)] == sorted(
        p.name for p in SEEDS.iterdir()
    )


def test_articles_and_skips_pickle_for_worker_processes() -> None:
    items = list(read_path(FIXTURES / "wire.jsonl"))
    assert pickle.loads(pickle.dumps(items)) == items
    assert pickle.loads(pickle.dumps(ReadOptions(publisher="P"))) == ReadOptions(publisher="P")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Café owners in Tromsø said: “We will not close,” the mayor’s office agreed – for 5 €.\n", "cp1252"),
        ("Les ministres ont déclaré que la réunion était « très importante » pour l’avenir.\n", "cp1252"),
        ("Der Minister sagte: „Wir müssen mehr miteinander reden.“ Die Gespräche seien fällig.\n", "cp1252"),
        ("El ministro dijo: «No hay acuerdo todavía», según fuentes del Gobierno español.\n", "latin-1"),
        ("Å være eller ikke være, sa Øystein på møtet i Tromsø.\n", "latin-1"),
        ("Minister powiedział, że rozmowy będą kontynuowane w przyszłym miesiącu w Łodzi.\n", "cp1250"),
        ("Министр заявил, что переговоры продолжатся в следующем месяце.\n", "cp1251"),
        ("Ο υπουργός δήλωσε ότι οι συνομιλίες θα συνεχιστούν τον επόμενο μήνα στην Αθήνα.\n", "cp1253"),
        ("部长表示，谈判将于下个月在北京继续进行，双方都表示满意。\n", "gb18030"),
    ],
)
def test_short_legacy_texts_are_decoded_right(text: str, encoding: str) -> None:
    from quotefind.ingest import decode_bytes

    assert decode_bytes(text.encode(encoding)) == text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"text": "One line of JSON."}\n', ("One line of JSON.", None)),
        (
            "<!DOCTYPE html>\n<head><title>Page</title></head><body><p>Body one.</p><p>Body two.</p></body>",
            None,
        ),
        ("---\ntitle: Front\n---\nBody after front matter.\n", ("Body after front matter.\n", "Front")),
        ("{not json at all, just braces} and text\n", None),
        ("Plain words.\n", ("Plain words.\n", "Plain words.")),
    ],
)
def test_named_files_without_a_known_ending_are_sniffed(
    tmp_path: Path, content: str, expected: tuple[str, str | None] | None
) -> None:
    path = tmp_path / "article"
    path.write_text(content, encoding="utf-8")
    items = list(read_path(path))
    if content.startswith("<!DOCTYPE"):
        assert isinstance(items[0], Article) and items[0].text == "Body one.\nBody two."
        assert items[0].source.title == "Page"
    elif content.startswith("{not"):
        assert items == [Skipped(f"{path}#line1", items[0].reason)]
        assert items[0].reason.startswith("invalid JSON")
    else:
        assert expected is not None
        (article,) = items
        assert isinstance(article, Article)
        assert article.text == expected[0]
        if expected[1]:
            assert article.source.title == expected[1]


def test_publisher_option_wins_over_a_bare_host_name() -> None:
    html = (FIXTURES / "arctic.html").read_text(encoding="utf-8")
    html = html.replace('<meta property="og:site_name" content="The Barents Post">', "")
    html = html.replace(" | The Barents Post", "")
    assert one(STDIN, stdin=io.StringIO(html)).source.publisher == "example.org"
    named = one(STDIN, stdin=io.StringIO(html), options=ReadOptions(publisher="Barents Observer"))
    assert named.source.publisher == "Barents Observer"


def test_iter_files_leaves_stdin_to_the_caller(tmp_path: Path) -> None:
    from quotefind.ingest import iter_files

    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    assert list(iter_paths([STDIN, str(tmp_path)])) == [STDIN, tmp_path / "a.txt"]
    assert list(iter_files([STDIN, str(tmp_path)])) == [tmp_path / "a.txt"]


def test_html_date_is_not_guessed_from_a_copyright_line() -> None:
    html = (FIXTURES / "arctic.html").read_text(encoding="utf-8")
    html = html.replace('<meta property="article:published_time" content="2021-03-04T10:00:00Z">', "")
    assert "Copyright 2021" in html
    assert one(STDIN, stdin=io.StringIO(html)).source.date is None
    dated = one(STDIN, stdin=io.StringIO(html), options=ReadOptions(date="2021-03-05"))
    assert dated.source.date == "2021-03-05"
    in_url = html.replace("/news/arctic-tension", "/2020/05/06/arctic-tension")
    assert one(STDIN, stdin=io.StringIO(in_url)).source.date == "2020-05-06"


def test_fifos_and_devices_are_not_opened_in_folders(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would block the walk forever
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    found = list(read_inputs([str(tmp_path), "/dev/zero"]))
    assert found[0] == Article(text="A.", source=found[0].source, key=str((tmp_path / "a.txt").resolve()))
    assert found[1:] == [
        Skipped(str(tmp_path / "pipe.txt"), "not a regular file"),
        Skipped("/dev/zero", "not a regular file"),
    ]


@pytest.mark.parametrize("suffix", [".txt", ".html", ".md", ".jsonl", ""])
def test_any_bytes_give_articles_or_skips_never_an_exception(tmp_path: Path, suffix: str) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    path = tmp_path / f"fuzz{suffix}"
    pieces = st.sampled_from(
        [b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"---\n", b"{", b'"text": ', b"<html>", b"<p>", b"\n", b"\r",
         b'"', "“".encode(), "é".encode("cp1252"), b"\xd8\x00", b"said ", b"}\n"]
    )  # fmt: skip
    data = st.one_of(
        st.binary(max_size=300), st.lists(pieces | st.binary(max_size=8), max_size=40).map(b"".join)
    )

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data)
    def check(raw: bytes) -> None:
        path.write_bytes(raw)
        items = list(read_path(path))
        assert items
        for item in items:
            assert isinstance(item, Article | Skipped)
            if isinstance(item, Article):
                assert item.text.strip() and "\0" not in item.text
                item.text.encode("utf-8")  # storable as UTF-8
            else:
                assert item.reason and not item.reason.startswith("could not be read")

    check()


def test_front_matter_with_nested_aliases_stays_cheap(tmp_path: Path) -> None:
    nine = ", ".join(["*{0}"] * 9)
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"{c}: &{c} [{nine.format(p)}]" for p, c in pairwise("abcdefghi")]  # 9**9 leaves
    front = "\n".join([*lines, "author: *i", "title: [Real, Title]"])
    path = tmp_path / "laughs.md"
    path.write_text(f"---\n{front}\n---\nBody.\n", encoding="utf-8")
    article = one(path)
    assert article.source.author is None
    assert article.source.title == "Real, Title"
