"""Reading inputs: files, folders and stdin -> `Article` records (only this module knows formats)."""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import errno
import functools
import io
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from itertools import pairwise
from pathlib import Path
from typing import IO, Any

from quotefind.errors import InputError
from quotefind.model import Article, Source

#: File endings read as articles, by format; everything else in a folder is skipped with a warning.
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
TEXT_SUFFIXES = frozenset(s for s, f in FORMATS.items() if f == "text")
SUPPORTED_SUFFIXES = frozenset(FORMATS)

#: The argument that means standard input.
STDIN = "-"

#: Default for `ReadOptions.max_size`: bigger inputs are skipped (a 50 MB article is still read).
DEFAULT_MAX_SIZE = 100_000_000

#: Keys of a JSON-lines record that quotefind reads (documented in the README); others are ignored.
JSONL_KEYS = ("text", "html", "title", "author", "date", "url", "publisher", "id")


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that was not read, and why."""

    path: str
    """The file or folder passed over, as printable text (`printable_path`)."""
    reason: str
    """One short sentence for the user."""
    unreadable: bool = field(default=False, compare=False)
    """True when the path could not be looked at (permission denied, an I/O error): files may
    still be there, behind it. What is gone is only known where nothing was unreadable."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", printable_path(self.path))


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read inputs: metadata for articles that lack it, and a size guard (picklable)."""

    publisher: str | None = None
    """Publisher for articles whose file names none."""
    date: str | None = None
    """ISO date (`YYYY-MM-DD`) for articles whose file gives none (or none that parses)."""
    max_size: int | None = DEFAULT_MAX_SIZE
    """Largest input in bytes (for JSON lines: largest line); None reads everything."""


def printable_path(path: str) -> str:
    """Return a path as text that UTF-8 can store and print: a name's bytes that are not UTF-8 as `\\xNN`.

    Python gives such bytes of a file name as lone surrogates (`caf\\udce9.txt`), which no index,
    JSON line or terminal takes. A path that is UTF-8 comes back unchanged; in one that is not,
    backslashes are doubled too, so the escaped form reads back to the very bytes of the name.
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = os.fsencode(path)
        except UnicodeEncodeError:  # a surrogate that no file name decoding made
            raw = path.encode("utf-8", "surrogatepass")
        return raw.replace(b"\\", b"\\\\").decode("utf-8", "backslashreplace")
    return path


class _Skip(Exception):
    """Raised inside a reader to turn an input into a `Skipped` with this reason."""


#: The logger that reports what cost part of an input (a field, a character), not the input.
LOGGER = "quotefind.ingest"


def _warn(message: str) -> None:
    """Report that part of an input was dropped while the rest was read.

    Goes to the `quotefind.ingest` logger when anything handles it (the CLI does; so does a
    program that configured logging); else, as in a worker process, one line straight to stderr.
    """
    import logging

    logger = logging.getLogger(LOGGER)
    if logger.hasHandlers():
        logger.warning("%s", message)
        return
    line = "".join(ch for ch in f"quotefind: warning: {message}" if ch.isprintable())
    with contextlib.suppress(OSError, ValueError, AttributeError):
        # One write per line: worker processes share stderr, and their lines must not interleave.
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


# --- titles -----------------------------------------------------------------------------------

_TITLE_END = re.compile(r"[.!?:;,]$")


def split_title(text: str) -> str | None:
    """Return the first line when it looks like a headline, else None.

    A headline is a short first line, followed by a blank line, that does not end like a sentence.
    """
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if not sep or not first or len(first) > 200 or not rest.startswith(("\n", "\r\n")):
        return None
    if _TITLE_END.search(first) and not first.endswith(("?", "!")):
        return None
    return first


def derive_title(text: str, limit: int = 80) -> str | None:
    """Return a title made from the first sentence of the text."""
    stripped = " ".join(text[:10_000].split())
    if not stripped:
        return None
    m = re.search(r"[.!?](?:\s|$)", stripped)
    sentence = stripped[: m.start() + 1] if m else stripped
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0]
    return cut + "…"


# --- dates ------------------------------------------------------------------------------------

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATE_FORMS = [
    # 2021-03-04, 2021/03/04, 2021.03.04, with or without a time after it
    re.compile(r"^(?P<year>\d{4})[-/.](?P<mon>\d{1,2})[-/.](?P<day>\d{1,2})(?:$|[T ])"),
    # 20210304
    re.compile(r"^(?P<year>\d{4})(?P<mon>\d{2})(?P<day>\d{2})$"),
    # 04.03.2021 (dots: day first, as in Europe)
    re.compile(r"^(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>\d{4})(?:$|\s)"),
    # 4 March 2021, Thu, 04 Mar 2021 10:00:00 +0000 (RFC 2822), 4. März is not English: unparsed
    re.compile(
        rf"^(?:[A-Za-z]{{3,9}},?\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})\b"
    ),
    # March 4, 2021; Thursday, March 4th 2021
    re.compile(
        rf"^(?:[A-Za-z]{{3,9}},?\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"
    ),
]
_SLASHED = re.compile(r"^(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})(?:$|\s)")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def normalize_date(value: object) -> str | None:
    """Return a date as ISO `YYYY-MM-DD`, or None when it is missing, ambiguous or unparseable.

    Reads ISO dates and timestamps (the date part as written, no time-zone shift), `2021/03/04`,
    `04.03.2021` (day first), `4 March 2021`, `March 4, 2021`, RFC 2822 (`Thu, 04 Mar 2021 ...`)
    and `3/4/2021` only where the day is above 12 (`13/3/2021`, `3/13/2021`); `3/4/2021` is
    ambiguous and gives None.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    raw = str(value).strip()
    for form in _DATE_FORMS:
        m = form.match(raw)
        if not m:
            continue
        parts = m.groupdict()
        month = int(parts["mon"]) if "mon" in parts else _MONTHS.get(parts["month"].lower())
        if month is None:
            continue
        return _valid_date(int(parts["year"]), month, int(parts["day"]))
    m = _SLASHED.match(raw)
    if m:
        a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
        if a > 12 >= b:
            return _valid_date(year, b, a)
        if b > 12 >= a:
            return _valid_date(year, a, b)
    return None


def _valid_date(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_iso_date(value: str) -> str:
    """Return value when it is an ISO date `YYYY-MM-DD`; raise InputError otherwise."""
    text = value.strip()
    if _ISO_DATE.match(text) and _valid_date(int(text[:4]), int(text[5:7]), int(text[8:10])):
        return text
    raise InputError(f"{value!r} is not a date - give an ISO date like 2021-03-04.")


# --- decoding ---------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
#: When charset detection ties between code pages, the Western one is the likelier for news.
_PREFERRED_CODEPAGE = "cp1252"


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Return the text of a file's bytes: a BOM, else UTF-8, else the declared, else the detected encoding.

    Newlines are normalised to `\\n` (as Python's text mode does). Raises `_Skip` for binary data
    (NUL bytes, or no encoding fits) and for empty text.
    """
    if not data.strip():
        raise _Skip("empty file")
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise _Skip(f"invalid {encoding.upper()} text ({exc.reason} at byte {exc.start})") from None
            break
    if text is None:
        if b"\0" in data:
            raise _Skip("binary file (contains NUL bytes)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data, declared)
    if "\0" in text:
        raise _Skip("binary file (contains NUL characters)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise _Skip("empty file (only white space)")
    return text


def _decode_legacy(data: bytes, declared: str | None) -> str:
    """Decode bytes that are not UTF-8: the declared encoding if it fits, else charset detection."""
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise _Skip("binary file or unknown text encoding (not UTF-8, and no other encoding fits)")
    # Short texts often tie between code pages (cp1250, cp1252, cp775, cp850 ...), and the
    # detector's order then turns Tromsø into Troms° or ř. Prefer the reading with the fewest
    # symbols glued to letters, then the detector's chaos, then cp1252 (the commonest for news).
    sample = data[:65536]
    candidates = [(m.encoding, m.chaos) for m in matches]
    if all(name != _PREFERRED_CODEPAGE for name, _ in candidates):
        # Not among the detector's picks, but a fair fallback: ranked after them on chaos.
        candidates.append((_PREFERRED_CODEPAGE, max(chaos for _, chaos in candidates)))

    def rank(item: tuple[int, tuple[str, float]]) -> tuple[int, float, bool, int]:
        i, (name, chaos) = item
        text = sample.decode(name, errors="ignore")
        return (_oddities(text), chaos, name != _PREFERRED_CODEPAGE, i)

    for _, (name, _chaos) in sorted(enumerate(candidates), key=rank):
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    raise _Skip("binary file or unknown text encoding (not UTF-8, and no other encoding fits)")


#: Unicode categories that rarely stand inside a word (box drawing, degree, superscripts, ¿).
_ODD_CATEGORIES = frozenset({"So", "Sm", "Sk", "Sc", "No", "Po", "Cc", "Co", "Cn"})


def _oddities(text: str) -> int:
    """Count what a wrong code page leaves: symbols glued to letters, other scripts inside words."""
    import unicodedata

    count = 0
    for i, ch in enumerate(text):
        if ord(ch) < 128:
            continue
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if unicodedata.category(ch) in _ODD_CATEGORIES:
            count += before.isalpha() or after.isalpha()
        elif ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            count += (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())
    return count


# --- articles from text -----------------------------------------------------------------------


def article_from_text(
    text: str, *, path: str | None = None, key: str | None = None, source: Source | None = None
) -> Article:
    """Build an article from plain text, taking the title from its first line when it has one."""
    from quotefind.extract.language import is_english

    source = source or Source(path=path)
    if not source.title:
        source = replace(source, title=split_title(text) or derive_title(text))
    if not is_english(text):
        # The extractor gives such a text nothing: say why, rather than leave the user with silence.
        _warn(f"{printable_path(path or key or STDIN)}: not English - quotefind reads English news")
    return Article(text=text, source=source, key=key if key is not None else (path or ""))


def _finish(article: Article, options: ReadOptions) -> Article:
    """Fill in the publisher and date the input lacks from the options."""
    src = article.source
    if (options.publisher and not src.publisher) or (options.date and not src.date):
        src = replace(src, publisher=src.publisher or options.publisher, date=src.date or options.date)
        article = replace(article, source=src)
    return article


def _meta_text(value: Any) -> str | None:
    """Return a metadata value as one line of text (lists joined by commas), or None."""
    if value is None or isinstance(value, dict):
        return None
    if isinstance(value, list | tuple):
        # One level only: YAML aliases can nest lists into billions of items ("billion laughs").
        flat = (_meta_text(v) for v in value[:100] if not isinstance(v, list | tuple | dict))
        return ", ".join(t for t in flat if t) or None
    if isinstance(value, dt.date):
        return value.isoformat()
    text = " ".join(_fix_surrogates(str(value)).split())
    return text or None


def _fix_surrogates(text: str) -> str:
    """Pair surrogates (from JSON escapes) and replace lone ones, which UTF-8 cannot store."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def _source_from_meta(meta: dict[str, Any], *, path: str) -> Source:
    raw_date = meta.get("date")
    date = normalize_date(raw_date)
    if date is None and raw_date is not None and str(raw_date).strip():
        # A bad date costs the date, not the article (`--date` may still fill it in).
        _warn(f"{path}: ignored the date {_meta_text(raw_date)!r} (not a valid date; write YYYY-MM-DD)")
    return Source(
        path=path,
        title=_meta_text(meta.get("title")),
        publisher=_meta_text(meta.get("publisher")),
        date=date,
        url=_meta_text(meta.get("url")),
        author=_meta_text(meta.get("author")),
    )


# --- formats ----------------------------------------------------------------------------------


def _read_text(data: bytes, *, path: str, key: str) -> Article:
    return article_from_text(decode_bytes(data), path=path, key=key)


def _html_text(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    m = _META_CHARSET.search(data[:4096])
    return decode_bytes(data, declared=m.group(1).decode("ascii") if m else None)


def _read_html(
    data: bytes | str,
    *,
    path: str,
    key: str,
    meta: dict[str, Any] | None = None,
    publisher: str | None = None,
) -> Article:
    """Extract the main text and metadata of an HTML page with trafilatura.

    `publisher` (from `--publisher`) wins over a bare host name, which trafilatura gives as the
    site name when the page names none.
    """
    import logging

    import trafilatura

    # trafilatura logs warnings about pages it cannot use; quotefind reports a Skipped instead.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    html = _drop_control_references(_html_text(data), path=path)
    if not html.strip():
        raise _Skip("empty file")
    attempts = [(html, False), (html, True)]
    if "<body" not in html[:65536].lower():
        # A fragment (`<p>...</p>`, common in JSON lines) is read only once it has a body around it.
        attempts.append((f"<html><body>{html}</body></html>", True))
    found = None
    for page, favor_recall in attempts:
        out = trafilatura.extract(
            page,
            output_format="json",
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_recall=favor_recall,
            # The date from the page's markup or URL only: a wider search takes "Copyright 2021"
            # in a footer for a publication date (2021-01-01), and `--date` could not fix it.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        found = json.loads(out) if out else None
        if found and (found.get("text") or "").strip():
            break
    if not found or not (found.get("text") or "").strip():
        raise _Skip("no article text found in the HTML")
    text = found["text"].replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        raise _Skip("binary file (contains NUL characters)")
    sitename = found.get("source-hostname")
    extracted = {
        "title": found.get("title"),
        "author": found.get("author"),
        "date": found.get("date"),
        "url": found.get("source"),
        "publisher": sitename if sitename != found.get("hostname") else (publisher or sitename),
    }
    merged = {k: v for k, v in extracted.items() if v}
    merged.update({k: v for k, v in (meta or {}).items() if v is not None})
    source = _source_from_meta(merged, path=path)
    return article_from_text(text, path=path, key=key, source=source)


#: A numeric character reference (`&#11;`, `&#x0B`): the `;` is optional in HTML.
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _xml_forbids(code: int) -> bool:
    """True for the code points lxml refuses in text (C0 controls but tab and newlines, U+FFFE/F)."""
    return (0 < code < 0x20 and code not in (0x09, 0x0A, 0x0D)) or code in (0xFFFE, 0xFFFF)


def _drop_control_references(html: str, *, path: str) -> str:
    """Remove references to characters that HTML does not allow (`&#11;`), with a warning.

    lxml refuses to build a tree holding one, and trafilatura then finds no text at all: one
    `&#11;` cost the whole page. A vertical tab or form feed becomes a space, others nothing.
    """
    if "&#" not in html:
        return html
    dropped: list[str] = []

    def fix(m: re.Match[str]) -> str:
        code = int(m[1], 16) if m[1] else int(m[2])
        if not _xml_forbids(code):
            return m[0]
        dropped.append(m[0])
        return " " if code in (0x0B, 0x0C) else ""

    cleaned = _CHAR_REF.sub(fix, html)
    if dropped:
        shown = ", ".join(dict.fromkeys(dropped[:5]))
        _warn(f"{path}: dropped {len(dropped)} reference(s) to control characters ({shown})")
    return cleaned


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)??(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<title>.+?)[ \t#]*$", re.M)
#: A line that starts a Markdown block of its own (and so must stay on its own line).
_MD_BLOCK_START = re.compile(r"^(?: {4}|\t| {0,3}(?:#|>|[-*+][ \t]|\d+[.)][ \t]|\||```|~~~|={3,}|-{3,}))")
#: A line after which a Markdown text goes on in a new block (heading, table row, rule, code).
_MD_KEEP_LINE = re.compile(r"^(?: {4}|\t| {0,3}(?:#|\||={3,}[ \t]*$|-{3,}[ \t]*$))")
_MD_FENCE = re.compile(r"^ {0,3}(?:```|~~~)")


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return the YAML front matter (a mapping) and the body of a Markdown text."""
    import yaml

    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    try:
        meta = yaml.load(m.group("yaml") or "", Loader=_front_matter_loader())  # a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise _Skip(f"invalid YAML front matter{where}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise _Skip("front matter is not a YAML mapping of keys to values")
    return meta, text[m.end() :]


@functools.cache
def _front_matter_loader() -> type:
    """YAML's safe loader, but a value its tag cannot build (`date: 2021-02-30`) stays text.

    The safe loader raises ValueError for an impossible date, which cost the whole article; the
    text then reaches `normalize_date`, which drops that one field with a warning.
    """
    import yaml

    class Loader(yaml.SafeLoader):
        def construct_object(self, node: Any, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep=deep)
            except (ValueError, TypeError, OverflowError):
                self.recursive_objects.pop(node, None)
                value = node.value if isinstance(node, yaml.ScalarNode) else None
                self.constructed_objects[node] = value
                return value

    return Loader


def unwrap_markdown(body: str) -> str:
    """Join hard-wrapped lines of each Markdown paragraph (one paragraph per line, as news text is).

    Each joining newline becomes a space, so the text keeps its length and offsets still point
    into the file's body. Headings, list items, tables, code and hard breaks keep their lines.
    """
    lines = body.split("\n")
    out = list(body)
    pos = 0
    fenced = False
    for line, nxt in pairwise(lines):
        end = pos + len(line)
        if _MD_FENCE.match(line):
            fenced = not fenced
        elif (
            not fenced
            and line.strip()
            and nxt.strip()
            and not _MD_KEEP_LINE.match(line)
            and not _MD_BLOCK_START.match(nxt)
            and not line.endswith(("  ", "\\"))
        ):
            out[end] = " "
        pos = end + 1
    return "".join(out)


def _read_markdown(data: bytes, *, path: str, key: str) -> Article:
    meta, body = split_front_matter(decode_bytes(data))
    body = unwrap_markdown(body.lstrip("\n"))
    if not body.strip():
        raise _Skip("no text after the front matter")
    source = _source_from_meta(meta, path=path)
    if not source.title:
        m = _HEADING.search(body)
        if m and not body[: m.start()].strip():
            source = replace(source, title=m.group("title").strip())
    return article_from_text(body, path=path, key=key, source=source)


def _article_from_record(record: Any, *, path: str, key: str, publisher: str | None = None) -> Article:
    """Build an article from one JSON object (`text` or `html`, plus optional metadata)."""
    if not isinstance(record, dict):
        raise _Skip("not a JSON object")
    text, html = record.get("text"), record.get("html")
    if text is None and html is None:
        raise _Skip('no "text" or "html" key')
    meta = {k: record.get(k) for k in ("title", "author", "date", "url", "publisher")}
    url_or_id = _meta_text(record.get("url")) or _meta_text(record.get("id"))
    key = url_or_id or key
    if text is not None:
        if not isinstance(text, str):
            raise _Skip('"text" is not a string')
        text = _fix_surrogates(text).replace("\r\n", "\n").replace("\r", "\n")
        if "\0" in text:
            raise _Skip("text contains NUL characters")
        if not text.strip():
            raise _Skip("empty text")
        return article_from_text(text, path=path, key=key, source=_source_from_meta(meta, path=path))
    if not isinstance(html, str):
        raise _Skip('"html" is not a string')
    return _read_html(_fix_surrogates(html), path=path, key=key, meta=meta, publisher=publisher)


def _read_json_lines(
    lines: Iterable[tuple[int, bytes | None]], *, path: str, key: str, options: ReadOptions
) -> Iterator[Article | Skipped]:
    """Yield an article (or a Skipped) per non-blank line; a None line is one over the size limit.

    Lines that share a key (the same `url` or `id`) are never lost in silence: with the same text
    the later line is a Skipped ("same url and text as line 3"), read once; with another text
    both are kept, the later one keyed by its line (`URL#line7`), with a warning.
    """
    found = False
    # What each key was first given as, by a hash of the key: its line number and a hash of its text,
    # packed in one int (`_pack_line`): a million lines of a file hold a million of these while it is
    # read. Two keys whose hashes meet (~3 in 10^8 for a million lines) only make the later line keyed
    # by its line, with a warning; to be read once it would take their 64-bit text hashes to meet too.
    seen: dict[int, int] = {}
    for number, line in lines:
        where = f"{path}#line{number}"
        if line is None:
            found = True
            yield Skipped(where, f"line larger than the size limit ({_mb(options.max_size)})")
            continue
        if not line.strip():
            continue
        found = True
        try:
            try:
                record = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
            except UnicodeDecodeError:
                raise _Skip("not UTF-8 text") from None
            except ValueError as exc:
                raise _Skip(f"invalid JSON ({exc})") from None
            line_key = f"{key}#line{number}" if key else ""
            article = _article_from_record(record, path=where, key=line_key, publisher=options.publisher)
            article = _distinct(article, record, seen, number=number, where=where)
            yield _finish(article, options)
        except _Skip as skip:
            yield Skipped(where, str(skip))
        except Exception as exc:  # a reader never stops the run for one bad record
            yield Skipped(where, f"could not be read ({type(exc).__name__}: {exc})")
    if not found:
        yield Skipped(path, "empty file")


def _distinct(
    article: Article, record: dict[str, Any], seen: dict[int, int], *, number: int, where: str
) -> Article:
    """Return the article of a JSON line under a key no earlier line of its input took.

    Raises `_Skip` when an earlier line gave the same key and the same text (a repeat).
    """
    taken = hash(article.key or article.id)  # what the index knows an article by
    text_hash = hash(article.text) & _HASH_MASK
    first = seen.get(taken)
    if first is None:
        seen[taken] = _pack_line(number, text_hash)
        return article
    named = "url" if _meta_text(record.get("url")) else "id" if article.key else "text"
    first_line = first >> _HASH_BITS
    if first & _HASH_MASK == text_hash:
        same = "text" if named == "text" else f"{named} and text"
        raise _Skip(f"same {same} as line {first_line} - read once")
    key = f"{article.key}#line{number}"
    seen.setdefault(hash(key), _pack_line(number, text_hash))
    _warn(f"{where}: same {named} as line {first_line} but another text - both kept, this one as {key!r}")
    return replace(article, key=key)


_HASH_BITS = 64
_HASH_MASK = (1 << _HASH_BITS) - 1


def _pack_line(number: int, text_hash: int) -> int:
    """A line number and a 64-bit text hash as one int (36 bytes, where a tuple of two took 112)."""
    return (number << _HASH_BITS) | text_hash


def _mb(size: int | None) -> str:
    return f"{(size or 0) / 1_000_000:g} MB"


def _limited_lines(stream: IO[bytes], max_size: int | None) -> Iterator[tuple[int, bytes | None]]:
    """Yield (number, line) of a binary stream; a line over max_size is read past and given as None."""
    number = 0
    limit = (max_size + 2) if max_size else -1
    while True:
        line = stream.readline(limit)
        if not line:
            return
        number += 1
        if max_size and len(line.rstrip(b"\r\n")) > max_size:
            while line and not line.endswith(b"\n"):
                line = stream.readline(limit)
            yield number, None
            continue
        yield number, line


# --- files, folders and stdin -----------------------------------------------------------------


def format_of(path: Path) -> str | None:
    """Return the format a file's ending names (`text`, `html`, `markdown`, `jsonl`), or None."""
    return FORMATS.get(path.suffix.lower())


def sniff_format(data: bytes) -> str:
    """Guess the format of unnamed input (stdin, a file without a known ending) from its start."""
    head = data[:4096].lstrip()
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :].lstrip()
    if head.startswith(b"{"):
        return "jsonl"
    lowered = head[:1024].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or (
        lowered.startswith(b"<?xml") and b"<html" in lowered
    ):
        return "html"
    if head.startswith(b"---") and _FRONT_MATTER.match(data[:65536].decode("utf-8", "replace")):
        return "markdown"
    return "text"


def _read_limited(stream: IO[bytes], max_size: int | None) -> bytes:
    data = stream.read(max_size + 1) if max_size else stream.read()
    if max_size and len(data) > max_size:
        raise _Skip(f"larger than the size limit ({_mb(max_size)}) - raise --max-size to read it")
    return data


#: Bytes read from an input without a known ending to tell its format (`sniff_format`).
SNIFF_SIZE = 65536


class _Prefixed:
    """A byte stream that gives `head` (read already, to sniff the format), then the rest of `stream`."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = io.BytesIO(head)
        self._stream = stream

    def readline(self, limit: int | None = -1) -> bytes:
        limit = -1 if limit is None else limit
        line = self._head.readline(limit)
        if line.endswith(b"\n") or (limit >= 0 and len(line) >= limit):
            return line
        return line + self._stream.readline(limit - len(line) if limit >= 0 else -1)

    def read(self, size: int | None = -1) -> bytes:
        size = -1 if size is None else size
        data = self._head.read(size)
        if size < 0:
            return data + self._stream.read()
        if len(data) < size:
            data += self._stream.read(size - len(data))
        return data


def _read_stream(
    stream: IO[bytes], fmt: str | None, *, path: str, key: str, options: ReadOptions
) -> Iterator[Article | Skipped]:
    """Read an open byte stream in the format given, or the one its start shows.

    JSON lines stream: one line is read at a time and its article yielded before the next is read,
    so a file (or stdin) of a million lines is never held whole. Other formats are one article.
    """
    if fmt is None:
        head = stream.read(SNIFF_SIZE)
        fmt = sniff_format(head)
        stream = _Prefixed(head, stream)  # type: ignore[assignment]
    if fmt == "jsonl":
        lines = _limited_lines(stream, options.max_size)
        yield from _read_json_lines(lines, path=path, key=key, options=options)
        return
    data = _read_limited(stream, options.max_size)
    yield from _parse(data, fmt, path=path, key=key, options=options)


def _parse(
    data: bytes, fmt: str, *, path: str, key: str, options: ReadOptions
) -> Iterator[Article | Skipped]:
    if fmt == "html":
        article = _read_html(data, path=path, key=key, publisher=options.publisher)
    elif fmt == "markdown":
        article = _read_markdown(data, path=path, key=key)
    else:
        article = _read_text(data, path=path, key=key)
    if not key and article.source.url:
        article = replace(article, key=article.source.url)
    yield _finish(article, options)


def read_path(
    path: Path | str, *, options: ReadOptions | None = None, stdin: IO[Any] | None = None
) -> Iterator[Article | Skipped]:
    """Yield the article(s) of one input (a JSON-lines file gives one per line), or why not.

    `path` is a file (a `Path`, or a `str` other than `-`) or the string `-` for stdin. Never
    raises for a bad input: a file that cannot be read gives one `Skipped`. Articles and Skipped
    records are picklable, so a worker process can run `list(read_path(path, options=...))`.
    """
    options = options or ReadOptions()
    if isinstance(path, str) and path == STDIN:
        yield from _guarded(STDIN, lambda: _read_stdin(stdin or sys.stdin, options))
        return
    path = Path(path)
    yield from _guarded(str(path), lambda: _read_file(path, options))


def _guarded(name: str, read: Any) -> Iterator[Article | Skipped]:
    try:
        yield from read()
    except _Skip as skip:
        yield Skipped(name, str(skip))
    except OSError as exc:
        yield Skipped(name, _os_reason(exc))
    except Exception as exc:  # a reader never stops the run for one bad file
        yield Skipped(name, f"could not be read ({type(exc).__name__}: {exc})")


def _read_file(path: Path, options: ReadOptions) -> Iterator[Article | Skipped]:
    # The name as found, and its absolute path as the key, both as text UTF-8 can store.
    name, key = printable_path(str(path)), printable_path(str(path.resolve()))
    with path.open("rb") as stream:
        yield from _read_stream(stream, format_of(path), path=name, key=key, options=options)


def _read_stdin(stream: IO[Any], options: ReadOptions) -> Iterator[Article | Skipped]:
    source = getattr(stream, "buffer", stream)  # the bytes under a text stream, for detection
    head = source.read(SNIFF_SIZE)
    if isinstance(head, str):  # a text stream with no bytes under it (a StringIO): read it whole
        source = io.BytesIO((head + source.read()).encode("utf-8", "surrogateescape"))
        head = source.read(SNIFF_SIZE)
    yield from _read_stream(_Prefixed(head, source), sniff_format(head), path=STDIN, key="", options=options)


def read_file(path: Path, *, options: ReadOptions | None = None) -> Article:
    """Read one file as one article; raise InputError when it cannot be read."""
    for item in read_path(path, options=options):
        if isinstance(item, Skipped):
            raise InputError(f"Cannot read {item.path}: {item.reason}.")
        return item
    raise InputError(f"Cannot read {path}: no article in it.")


def read_stream(stream: IO[Any], *, name: str = STDIN) -> Article:
    """Read a whole stream as one plain-text article."""
    data = stream.read()
    text = data if isinstance(data, str) else decode_bytes(data)
    return article_from_text(text, path=name, key="")


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop (too many levels of symbolic links)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EISDIR:
        return "is a folder"
    return (exc.strerror or str(exc)).lower()


def _as_patterns(glob: str | Sequence[str] | None) -> tuple[str, ...]:
    if glob is None:
        return ()
    return (glob,) if isinstance(glob, str) else tuple(glob)


def _matches(rel: str, name: str, patterns: tuple[str, ...]) -> bool:
    if not patterns:
        return True
    # `**/` may match no folder at all, as in the shell's globstar: `**/*.html` takes `a.html` too.
    return any(
        fnmatchcase(rel, p) or (p.startswith("**/") and fnmatchcase(rel, p[3:]))
        if "/" in p
        else fnmatchcase(name, p)
        for p in patterns
    )


#: Files in a folder that describe the folder, not news: passed over by a walk (named ones are read).
NOT_ARTICLES = ("readme", "license", "licence", "changelog")
#: A file of gitignore patterns in a folder: what they match below it is not walked (as ripgrep's
#: `.ignore`). Nested ones add to their parents' and may re-include (`!keep.txt`).
IGNORE_FILE = ".quotefindignore"


@dataclass(slots=True)
class PassedOver:
    """What folder walks passed over as no articles (counted, not errors)."""

    other_types: int = 0
    """Files of a type quotefind does not read (`PROVENANCE.json`, `photo.png`)."""
    not_articles: int = 0
    """`README*`, `LICENSE*`, `CHANGELOG*` files."""

    @property
    def total(self) -> int:
        """Every file passed over."""
        return self.other_types + self.not_articles


_TALLY: ContextVar[PassedOver | None] = ContextVar("quotefind_passed_over", default=None)


@contextlib.contextmanager
def passed_over() -> Iterator[PassedOver]:
    """Count, in the returned record, the files that folder walks in this block pass over.

    A context variable rather than an argument: the walk runs deep inside the indexing pipeline,
    which needs no part in it.
    """
    tally = PassedOver()
    token = _TALLY.set(tally)
    try:
        yield tally
    finally:
        _TALLY.reset(token)


def _pass_over(*, other_type: bool) -> None:
    tally = _TALLY.get()
    if tally is not None:
        if other_type:
            tally.other_types += 1
        else:
            tally.not_articles += 1


def _load_ignore(folder: Path) -> Any:
    """The folder's `.quotefindignore` as a gitignore spec, or None (none, or it cannot be read)."""
    path = folder / IGNORE_FILE
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(lines)


#: The ignore specs in force in a folder: (the folder's path below the walked root, ending in `/`
#: or empty for the root; its spec), outermost first.
_Ignores = tuple[tuple[str, Any], ...]


def _ignored(rel: str, is_dir: bool, ignores: _Ignores) -> bool:
    """True when the ignore files above a path exclude it (the innermost that decides wins)."""
    ignored = False
    for base, spec in ignores:
        below = rel[len(base) :] + ("/" if is_dir else "")
        decided = spec.check_file(below).include
        if decided is not None:
            ignored = decided
    return ignored


def iter_paths(
    paths: Iterable[str], *, glob: str | Sequence[str] | None = None
) -> Iterator[Path | str | Skipped]:
    """Yield the files named or found under the paths, in a stable order, and what was skipped.

    Folders are walked recursively in name order, following symlinks; a symlink back to a folder
    being walked is reported as a loop, and a folder or file reached twice is read once. Hidden
    entries (a name starting with `.`) are passed over in folders, and so are what a
    `.quotefindignore` there excludes, `README*`/`LICENSE*`/`CHANGELOG*` files and files of other
    types (the last two counted by `passed_over`). `glob` (one pattern or several)
    keeps only files whose name matches, or whose path below the folder matches when the pattern
    holds a `/`; files named on the command line are always read. `-` is passed through as the
    string `-` (stdin); `read_path` reads it.
    """
    patterns = _as_patterns(glob)
    seen: set[tuple[int, int]] = set()
    for raw in paths:
        if raw == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        try:
            st = path.stat()
        except OSError as exc:
            if exc.errno == errno.ENOENT:
                yield Skipped(raw, "broken symlink" if path.is_symlink() else "no such file or folder")
            else:
                yield Skipped(raw, _os_reason(exc), unreadable=True)
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(path, patterns, seen)
        elif stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode):
            if (st.st_dev, st.st_ino) not in seen or stat.S_ISFIFO(st.st_mode):
                seen.add((st.st_dev, st.st_ino))
                yield path
        else:
            yield Skipped(raw, "not a regular file")


def iter_files(paths: Iterable[str], *, glob: str | Sequence[str] | None = None) -> Iterator[Path | Skipped]:
    """Yield the files named or found under the paths (`-` left out), and what was skipped.

    `iter_paths` without stdin, for a caller that plans file reads (say, in worker processes).
    """
    for item in iter_paths(paths, glob=glob):
        if not isinstance(item, str):
            yield item


def _walk(root: Path, patterns: tuple[str, ...], seen: set[tuple[int, int]]) -> Iterator[Path | Skipped]:
    """Walk a folder depth-first in name order, with an explicit stack (deep trees cannot overflow)."""
    root_st = root.stat()
    root_id = (root_st.st_dev, root_st.st_ino)
    if root_id in seen:
        return
    seen.add(root_id)
    # Each frame: (folder, its entries still to visit, ids of the folders on the way down to it,
    # the ignore files in force).
    stack: list[tuple[Path, Iterator[os.DirEntry[str]], tuple[tuple[int, int], ...], _Ignores]] = []
    entries = _entries(root)
    if isinstance(entries, Skipped):
        yield entries
        return
    spec = _load_ignore(root) if any(e.name == IGNORE_FILE for e in entries) else None
    stack.append((root, iter(entries), (root_id,), (("", spec),) if spec else ()))
    while stack:
        _folder, todo, chain, ignores = stack[-1]
        entry = next(todo, None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            st = os.stat(entry.path)
        except OSError as exc:
            if exc.errno == errno.ENOENT and entry.is_symlink():
                yield Skipped(str(path), "broken symlink")
            else:
                yield Skipped(str(path), _os_reason(exc), unreadable=True)
            continue
        ident = (st.st_dev, st.st_ino)
        rel = path.relative_to(root).as_posix()
        if ignores and _ignored(rel, stat.S_ISDIR(st.st_mode), ignores):
            continue
        if stat.S_ISDIR(st.st_mode):
            if ident in chain:
                yield Skipped(str(path), "symlink loop (leads back to a folder above it)")
                continue
            if ident in seen:
                continue
            seen.add(ident)
            children = _entries(path)
            if isinstance(children, Skipped):
                yield children
                continue
            spec = _load_ignore(path) if any(e.name == IGNORE_FILE for e in children) else None
            inner = (*ignores, (rel + "/", spec)) if spec else ignores
            stack.append((path, iter(children), (*chain, ident), inner))
            continue
        if not _matches(rel, entry.name, patterns):
            continue
        if not stat.S_ISREG(st.st_mode):
            yield Skipped(str(path), "not a regular file")
            continue
        if ident in seen:
            continue
        seen.add(ident)
        if entry.name.casefold().startswith(NOT_ARTICLES):
            _pass_over(other_type=False)
            continue
        if format_of(path) is None:
            _pass_over(other_type=True)
            continue
        yield path


def _entries(folder: Path) -> list[os.DirEntry[str]] | Skipped:
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError as exc:
        return Skipped(str(folder), _os_reason(exc), unreadable=True)


def read_inputs(
    paths: Iterable[str],
    *,
    glob: str | Sequence[str] | None = None,
    stdin: IO[Any] | None = None,
    options: ReadOptions | None = None,
) -> Iterator[Article | Skipped]:
    """Yield an article for each readable input (`-` is stdin), and a `Skipped` for each other.

    Lazy and in a stable order (arguments in order, folders walked in name order); never raises
    for a bad input.
    """
    options = options or ReadOptions()
    for item in iter_paths(paths, glob=glob):
        if isinstance(item, Skipped):
            yield item
        else:
            yield from read_path(item, options=options, stdin=stdin)
