"""Citations: a statement as a secondary-source citation (APA, MLA, Chicago), CSL-JSON and BibTeX.

The speaker of a quote is not the author of the article that reports it, so every style cites the
article and names the speaker as quoted in it ("as cited in", "qtd. in", "quoted in"). What the
source does not say is shown by a placeholder, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum
from typing import Any

from quotefind.bylines import (
    apa_authors,
    apa_in_text,
    bibtex_authors,
    chicago_authors,
    chicago_note_authors,
    mla_authors,
    mla_in_text,
    parse_byline,
    proper_words,
    sentence_case,
    title_case,
)
from quotefind.model import Source, Statement


class Style(str, Enum):
    """Citation styles of `--format cite` and `quotefind cite`."""

    apa = "apa"
    mla = "mla"
    chicago = "chicago"


#: What a citation shows where the source does not say.
PLACEHOLDER = {
    "speaker": "[speaker unknown]",
    "title": "[title unknown]",
    "publisher": "[publisher unknown]",
    "url": "[URL unknown]",
    "date": "n.d.",
}

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: MLA abbreviates months of more than four letters (MLA Handbook, 9th ed., appendix 1).
MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")

#: What each style puts before the article when the speaker is quoted in it.
SECONDARY = {Style.apa: "as cited in", Style.mla: "qtd. in", Style.chicago: "quoted in"}
#: The label of the bibliography line of each style.
ENTRY_LABEL = {Style.apa: "Reference", Style.mla: "Works Cited", Style.chicago: "Bibliography"}

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_TRAILING = re.compile(r"[\s.,;:]+$")
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def one_line(text: str | None) -> str:
    """Return text on one line: control characters dropped, whitespace runs squeezed to a space."""
    return " ".join(_CONTROL.sub(" ", text or "").split())


def parse_date(value: str | None) -> tuple[int, int | None, int | None] | None:
    """Return (year, month, day) of an ISO 8601 date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), else None."""
    m = _ISO_DATE.match((value or "").strip())
    if not m:
        return None
    year, month, day = int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    return year, month, day


def _date(src: Source, style: Style) -> str:
    """The date as the style writes it; `n.d.` when unknown; as given when not ISO 8601."""
    if not src.date:
        return PLACEHOLDER["date"]
    parts = parse_date(src.date)
    if parts is None:
        return one_line(src.date)
    year, month, day = parts
    if style is Style.apa:  # 2020, January 15
        return f"{year}, {' '.join(str(x) for x in (MONTHS[month - 1], day) if x)}" if month else str(year)
    if style is Style.mla:  # 15 Jan. 2020
        return " ".join(str(x) for x in (day, MLA_MONTHS[month - 1] if month else None, year) if x)
    if month and day:  # Chicago: January 15, 2020
        return f"{MONTHS[month - 1]} {day}, {year}"
    return " ".join(str(x) for x in (MONTHS[month - 1] if month else None, year) if x)


def _year(src: Source) -> str:
    parts = parse_date(src.date)
    return str(parts[0]) if parts else (one_line(src.date) or PLACEHOLDER["date"])


def _title(src: Source) -> str:
    return one_line(src.title) or PLACEHOLDER["title"]


def _proper(st: Statement) -> set[str]:
    """Words of the statement's paragraph, speaker and publisher that are names (kept capitalised)."""
    sp = st.speaker
    return proper_words(st.context, st.text, sp.name, sp.org, st.source.publisher, st.source.author)


def _quoted_title(src: Source, after: str = "") -> str:
    """The title in quotation marks and title case (as MLA, Chicago and APA's in-text citations
    write it), American style: a comma or period goes inside the marks."""
    title = _title(src)
    if src.title:
        title = title_case(title)
    if title.endswith(("?", "!", "…")):
        after = after.replace(".", "")
    return f"“{title}{after}”"


def _sentence(text: str) -> str:
    """Text that ends a sentence: add a period unless it already ends with . ? ! or …"""
    return text if text.endswith((".", "?", "!", "…")) else text + "."


def _speaker(st: Statement) -> str:
    return one_line(st.speaker.name) or PLACEHOLDER["speaker"]


def _words(st: Statement) -> str:
    """The statement's words for a citation: one line, inner double quotes made single, and the
    final comma or period dropped (the citation supplies its own punctuation)."""
    text = one_line(st.text).replace("“", "‘").replace("”", "’").replace('"', "'")
    return _TRAILING.sub("", text)


def _in_text(st: Statement, style: Style) -> str:
    """The cited statement with its in-text attribution."""
    src, who, words = st.source, _speaker(st), _words(st)
    names = parse_byline(one_line(src.author))
    author = (apa_in_text if style is Style.apa else mla_in_text)(names)
    quote = st.kind == "quote"
    if style is Style.apa:
        ref = f"{author}," if author else _quoted_title(src, ",")
        where = f"{SECONDARY[style]} {ref} {_year(src)}"
        return f"“{words}” ({who}, {where})." if quote else f"According to {who} ({where}), {words}."
    if style is Style.mla:
        ref = author or _quoted_title(src)
        said = f"“{words}”" if quote else words
        return f"According to {who}, {said} ({SECONDARY[style]} {ref})."
    return f"“{words}”" if quote else f"According to {who}, {_sentence(words)}"


def _url(src: Source) -> str:
    return one_line(src.url) or PLACEHOLDER["url"]


def _publisher(src: Source) -> str:
    return one_line(src.publisher) or PLACEHOLDER["publisher"]


def reference(src: Source, style: Style, proper: Iterable[str] = ()) -> str:
    """Return the bibliography entry of an article in a style (with placeholders where unknown).

    Authors as the style writes them (APA `Picheta, R., & Doe, J.`; MLA and Chicago `Picheta, Rob`
    first); APA's title in sentence case (`proper`: words to keep capitalised), the others' in title
    case.
    """
    names = parse_byline(one_line(src.author))
    date, publisher, url = _date(src, style), _publisher(src), _url(src)
    if style is Style.apa:
        author = apa_authors(names)
        title = _sentence(sentence_case(_title(src), proper) if src.title else _title(src))
        head = [_sentence(author), f"({date}).", title] if author else [title, f"({date})."]
        return " ".join([*head, _sentence(publisher), url])
    author = (mla_authors if style is Style.mla else chicago_authors)(names)
    if style is Style.mla:
        head = [_sentence(author)] if author else []
        return " ".join([*head, _quoted_title(src, "."), f"{publisher}, {date}, {_sentence(url)}"])
    head = [_sentence(author)] if author else []
    return " ".join([*head, _quoted_title(src, "."), _sentence(f"{publisher}, {date}"), _sentence(url)])


def note(st: Statement) -> str:
    """Return the Chicago note of a statement: the speaker, quoted (or cited) in the article."""
    src = st.source
    author = chicago_note_authors(parse_byline(one_line(src.author)))
    verb = "quoted in" if st.kind == "quote" else "cited in"
    parts = [f"{author}, " if author else "", _quoted_title(src, ","), f" {_publisher(src)}, "]
    parts.append(f"{_date(src, Style.chicago)}, {_sentence(_url(src))}")
    return f"{_speaker(st)}, {verb} {''.join(parts)}"


def citation(st: Statement, style: Style = Style.apa) -> str:
    """Return a statement cited in a style: the attributed words, then the article's entry.

    Chicago adds the footnote between the two. Lines are separated by newlines; no trailing one.
    """
    lines = [_in_text(st, style)]
    if style is Style.chicago:
        lines.append(f"Note: {note(st)}")
    lines.append(f"{ENTRY_LABEL[style]}: {reference(st.source, style, _proper(st))}")
    # The same text indexed from other files (a wire story run by several outlets): each is citable.
    lines.extend(f"Also in: {reference(copy, style, _proper(st))}" for copy in st.all_sources[1:])
    return "\n".join(lines)


def _grouped(statements: Iterable[Statement]) -> list[list[Statement]]:
    """Statements grouped by article (id and source), articles in order of first appearance; a
    statement found in several copies of its article (a wire story) in the group of each copy."""
    groups: dict[tuple[str, Source], list[Statement]] = {}
    for st in statements:
        for copy in st.all_sources:
            groups.setdefault((st.article_id or st.id, copy), []).append(st.with_source(copy))
    return list(groups.values())


def _attributed(st: Statement) -> str:
    words = one_line(st.text)
    return f"{_speaker(st)}: “{words}”" if st.kind == "quote" else f"{_speaker(st)} (reported): {words}"


def csl_items(statements: Iterable[Statement]) -> list[dict[str, Any]]:
    """Return CSL-JSON `article-newspaper` items, one per article; the statements go in `note`."""
    items = []
    ids: set[str] = set()
    for group in _grouped(statements):
        src = group[0].source
        ident = base = group[0].article_id or group[0].id
        for n in range(2, len(ids) + 2):  # the copies of one article (a wire story): one item each
            if ident not in ids:
                break
            ident = f"{base}-{n}"
        ids.add(ident)
        item: dict[str, Any] = {
            "id": ident,
            "type": "article-newspaper",
            "title": one_line(src.title) or None,
            "container-title": one_line(src.publisher) or None,
            "URL": one_line(src.url) or None,
        }
        names = parse_byline(one_line(src.author))
        if names:
            item["author"] = [
                {"literal": n.family} if n.org else {"family": n.family, "given": n.given} for n in names
            ]
        parts = parse_date(src.date)
        if parts:
            item["issued"] = {"date-parts": [[x for x in parts if x is not None]]}
        elif src.date:
            item["issued"] = {"raw": one_line(src.date)}
        item["note"] = "\n".join(_attributed(st) for st in group)
        items.append({k: v for k, v in item.items() if v is not None})
    return items


def _bibtex_value(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in one_line(text))


def _bibtex_field(name: str, value: str, proper: Iterable[str] = ()) -> str:
    if name == "url":  # verbatim in biblatex: escaping would break it; braces cannot occur in it
        return one_line(value).replace("{", "%7B").replace("}", "%7D")
    if name == "author":  # `Picheta, Rob and CNN`: `and` between names, never `;`
        return " and ".join(
            "{" + _bibtex_value(n[1:-1]) + "}" if n.startswith("{") else _bibtex_value(n)
            for n in bibtex_authors(parse_byline(value))
        )
    if name == "title":
        return _bibtex_title(value, proper)
    return _bibtex_value(value)


#: A word BibTeX styles must not lowercase: an acronym, a word with inner capitals, a demonym.
_PROTECT = re.compile(r"^\w*[A-Z]\w*[A-Z]\w*$|^[A-Z]\w*(?:ian|ean|ese|ish|i)$")


def _bibtex_title(value: str, proper: Iterable[str]) -> str:
    """The title, its acronyms and names in braces (`{NATO}`, `{Norwegian}`): a style that sets
    titles in sentence case lowercases the other words, as it should."""
    keep = set(proper)
    words = []
    for i, word in enumerate(one_line(value).split()):
        core = word.strip("“”‘’\"'()[].,;:!?…")
        escaped = _bibtex_value(word)
        if core and (_PROTECT.match(core) or (i and core in keep and core[:1].isupper())):
            escaped = escaped.replace(_bibtex_value(core), "{" + _bibtex_value(core) + "}", 1)
        words.append(escaped)
    return " ".join(words)


def _iso(value: str | None) -> tuple[str, str] | None:
    """(ISO date, year) of a date quotefind can read, else None."""
    parts = parse_date(value)
    if parts is None:
        return None
    return "-".join(f"{x:02d}" for x in parts if x is not None), str(parts[0])


def _bibtex_key(st: Statement) -> str:
    src = st.source
    word = next((w for w in re.findall(r"[A-Za-z]+", src.title or "") if len(w) > 3), "article")
    iso = _iso(src.date)
    year = iso[1] if iso else "nd"
    return f"{word.lower()}{year}-{(st.article_id or st.id)[:6]}"


def bibtex(statements: Iterable[Statement]) -> str:
    """Return BibTeX `@article` entries (biblatex `entrysubtype = {newspaper}`), one per article."""
    entries = []
    keys: set[str] = set()
    for group in _grouped(statements):
        src = group[0].source
        iso = _iso(src.date)
        fields = [
            ("author", src.author),
            ("title", src.title),
            ("journal", src.publisher),
            ("date", iso[0] if iso else None),
            ("year", iso[1] if iso else None),
            ("url", src.url),
            ("note", "; ".join(_attributed(st) for st in group)),
        ]
        body = [("entrysubtype", "newspaper")] + [(k, v) for k, v in fields if v]
        proper = set().union(*(_proper(st) for st in group))
        lines = [f"  {k} = {{{_bibtex_field(k, v, proper)}}}," for k, v in body]
        key = base = _bibtex_key(group[0])
        for suffix in "abcdefghijklmnopqrstuvwxyz":  # one article cited with different metadata
            if key not in keys:
                break
            key = f"{base}{suffix}"
        keys.add(key)
        entries.append("@article{" + key + ",\n" + "\n".join(lines) + "\n}")
    return "\n\n".join(entries)
