"""Statements built by hand for output tests (no extractor involved), and a hostile one."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from quotefind.model import Article, Hit, Source, Span, Speaker, Statement

#: What an article could smuggle into a terminal: rich markup, footnote and [sic] brackets, an
#: ANSI colour escape, a bell, a right-to-left override, a C1 CSI and a DEL.
HOSTILE = (
    "[bold red]x[/] [link=http://e.vil]click[/link] [1] [sic] "
    "\x1b[31mred\x1b[0m \x07bell \u202eevil \x9b2J\x7f"
)
#: The printable, literal parts that every format must keep.
LITERALS = ("[bold red]x[/]", "[link=http://e.vil]click[/link]", "[1]", "[sic]")
#: Characters that must never reach a terminal raw.
CONTROLS = ("\x1b", "\x07", "\u202e", "\x9b", "\x7f")


def statement(
    text: str,
    *,
    kind: str = "quote",
    speaker: Speaker | None = None,
    source: Source | None = None,
    key: str = "article-1",
    context: str = "",
) -> Statement:
    """A statement of a one-statement article whose text is just the statement's words."""
    source = source or Source(path="a.txt", title="A title", publisher="The Paper", date="2024-03-05")
    article = Article(text=text, source=source, key=key)
    return Statement(
        id=Statement.make_id(article.id, 0, len(text)),
        kind=kind,
        text=text,
        speaker=speaker if speaker is not None else Speaker(name="Jane Doe", role="minister", mention="she"),
        cue="said",
        source=source,
        start=0,
        end=len(text),
        context=context or text,
        article_id=article.id,
        cue_span=Span(len(text), len(text) + 4),
    )


def hostile(kind: str = "quote") -> Statement:
    """A statement whose words, speaker and source all carry markup and control characters."""
    return statement(
        HOSTILE,
        kind=kind,
        speaker=Speaker(name=f"Evil {HOSTILE}", role="[b]role[/b]", mention="\x1b[2Jhe"),
        source=Source(
            path="e.txt", title=f"Title {HOSTILE}", publisher="[i]Pub[/i]", url="http://e.vil/\x1b]8;;"
        ),
        key="hostile",
    )


def sample() -> list[Statement]:
    """Three ordinary statements of two articles."""
    return [
        statement("We will win this", key="a"),
        statement("the plan is sound", kind="claim", speaker=Speaker(name="John Roe"), key="a"),
        statement(
            'Tabs\tand\nnewlines, "quotes", commas',
            speaker=Speaker(),
            source=Source(path="b.txt"),
            key="b",
        ),
    ]


def hits() -> list[Hit]:
    """The sample as search hits."""
    return [Hit(st, 90.0 - i, Span(0, 2)) for i, st in enumerate(sample())]


def index_lines(
    location: Path, articles: dict[str, list[str]], extract: Callable[[Article], Iterable[Statement]]
) -> Path:
    """Index articles (path -> lines) with a hand-made extractor, one commit each in the order given."""
    from quotefind.pipeline import add_articles

    for path, lines in articles.items():
        article = Article(text="\n".join(lines), source=Source(path=path, title=path), key=path)
        add_articles(location, [article], extract=extract)
    return location
