"""Citations: secondary-source citations in APA, MLA and Chicago, CSL-JSON and BibTeX.

The statements are built here from the seed articles (real wording and offsets, speakers as the
gold file gives them), not taken from the extractor, so the golden files change only when the
citation code does. Regenerate them with `QUOTEFIND_UPDATE_GOLDEN=1 pytest tests/test_cite.py`.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest

from quotefind.cite import Style, bibtex, citation, csl_items, parse_date, reference
from quotefind.model import Article, Source, Speaker, Statement

from .conftest import SEEDS

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("QUOTEFIND_UPDATE_GOLDEN") == "1"

SEED_000 = SEEDS / "000_748e3315a7818316.txt"
SEED_003 = SEEDS / "003_a8c462b49ee9a8c1.txt"
TITLE_000 = "Little Contact between Norwegian and Russian Defense Authorities"  # the seed's first line
TITLE_003 = "In an unusual and noteworthy diplomatic move within one of Europe’s most…"  # its 1st sentence

# Metadata the seeds do not carry, made up for these tests (example.org URLs, invented byline).
FULL = {"publisher": "High North News", "date": "2021-01-04", "url": "https://example.org/hnn/little-contact"}


def seed_statement(path: Path, text: str, kind: str, speaker: Speaker, **source: str) -> Statement:
    """A statement of a seed article at the real offsets of its words."""
    article_text = path.read_text(encoding="utf-8")
    start = article_text.index(text)
    src = Source(path=f"seeds/{path.name}", **source)
    article = Article(text=article_text, source=src, key=f"seeds/{path.name}")
    return Statement(
        id=Statement.make_id(article.id, start, start + len(text)),
        kind=kind,
        text=text,
        speaker=speaker,
        cue=None,
        source=src,
        start=start,
        end=start + len(text),
        article_id=article.id,
    )


BAKKE_JENSEN = Speaker(name="Frank Bakke-Jensen", role="defense minister", mention="Bakke-Jensen")
ANDERSEN = Speaker(name="Rune Andersen", role="Vice Admiral", mention="Andersen")

#: name -> statement; every metadata case: full, partial, title only, none but a derived title.
STATEMENTS = {
    "quote-full": seed_statement(
        SEED_000,
        "We do not talk enough, but as much as possible. And we try to do more",
        "quote",
        BAKKE_JENSEN,
        title=TITLE_000,
        **FULL,
    ),
    "claim-publisher-year": seed_statement(
        SEED_000,
        "he does not speak with people on his own level in Russia due to political reasons and "
        "measures taken after the Crimea crisis",
        "claim",
        BAKKE_JENSEN,
        title=TITLE_000,
        publisher="High North News",
        date="2021",
    ),
    "claim-org-title-only": seed_statement(
        SEED_000,
        "the two countries had some 20 different joint efforts annually, with activities in all "
        "defense areas",
        "claim",
        Speaker(name="Norwegian Ministry of Foreign Affairs", mention="MFA"),
        title=TITLE_000,
    ),
    "quote-comma-derived-title": seed_statement(
        SEED_003,
        "We consider it important to have a means of communication,",
        "quote",
        ANDERSEN,
        title=TITLE_003,
    ),
    "claim-author-month-url": seed_statement(
        SEED_003,
        "Russia values this channel of communication equally",
        "claim",
        ANDERSEN,
        title=TITLE_003,
        author="Jane Doe",
        date="2023-05",
        url="https://example.org/ft/arctic-channel",
    ),
    "quote-no-speaker-no-source": seed_statement(
        SEED_003, "This is a security issue.", "quote", Speaker(mention="he")
    ),
}


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"missing {path}: run with QUOTEFIND_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8")


def all_citations(style: Style) -> str:
    return "".join(f"## {name}\n{citation(st, style)}\n\n" for name, st in STATEMENTS.items())


@pytest.mark.parametrize("style", list(Style))
def test_golden_citations(style: Style) -> None:
    check_golden(f"cite-{style.value}.txt", all_citations(style))


def test_golden_csl_json() -> None:
    check_golden(
        "cite-csl.json", json.dumps(csl_items(STATEMENTS.values()), ensure_ascii=False, indent=2) + "\n"
    )


def test_golden_bibtex() -> None:
    check_golden("cite-bibtex.bib", bibtex(STATEMENTS.values()) + "\n")


# Hand-written expectations: the golden files must agree with what the style manuals ask for.
@pytest.mark.parametrize(
    ("name", "style", "expected"),
    [
        (
            "quote-full",
            Style.apa,
            "“We do not talk enough, but as much as possible. And we try to do more” (Frank Bakke-Jensen, "
            "as cited in “Little Contact between Norwegian and Russian Defense Authorities,” 2021).\n"
            # APA 7 (9.19, 9.20): the reference list's title in sentence case, names kept capitalised.
            "Reference: Little contact between Norwegian and Russian defense authorities. (2021, January 4). "
            "High North News. https://example.org/hnn/little-contact",
        ),
        (
            "quote-full",
            Style.mla,
            "According to Frank Bakke-Jensen, “We do not talk enough, but as much as possible. And we try "
            "to do more” (qtd. in “Little Contact between Norwegian and Russian Defense Authorities”).\n"
            "Works Cited: “Little Contact between Norwegian and Russian Defense Authorities.” "
            "High North News, 4 Jan. 2021, https://example.org/hnn/little-contact.",
        ),
        (
            "quote-full",
            Style.chicago,
            "“We do not talk enough, but as much as possible. And we try to do more”\n"
            "Note: Frank Bakke-Jensen, quoted in “Little Contact between Norwegian and Russian Defense "
            "Authorities,” High North News, January 4, 2021, https://example.org/hnn/little-contact.\n"
            "Bibliography: “Little Contact between Norwegian and Russian Defense Authorities.” "
            "High North News, January 4, 2021. https://example.org/hnn/little-contact.",
        ),
        (
            "claim-author-month-url",
            Style.apa,
            # APA 7 (8.17, 9.8): in the text the author's surname; in the reference list the surname
            # and initials.
            "According to Rune Andersen (as cited in Doe, 2023), Russia values this channel of "
            "communication equally.\n"
            "Reference: Doe, J. (2023, May). In an unusual and noteworthy diplomatic move within one of "
            "Europe’s most… [publisher unknown]. https://example.org/ft/arctic-channel",
        ),
        (
            "quote-no-speaker-no-source",
            Style.apa,
            "“This is a security issue” ([speaker unknown], as cited in “[title unknown],” n.d.).\n"
            "Reference: [title unknown]. (n.d.). [publisher unknown]. [URL unknown]",
        ),
    ],
)
def test_citation_matches_the_style(name: str, style: Style, expected: str) -> None:
    assert citation(STATEMENTS[name], style) == expected


@pytest.mark.parametrize("style", list(Style))
def test_speaker_is_never_cited_as_the_author(style: Style) -> None:
    st = STATEMENTS["claim-author-month-url"]
    entry = reference(st.source, style)
    assert "Rune Andersen" not in entry and ("Doe, Jane" in entry or "Doe, J." in entry)
    marker = {"apa": "as cited in", "mla": "qtd. in", "chicago": "cited in"}[style.value]
    assert marker in citation(st, style)


@pytest.mark.parametrize("style", list(Style))
def test_unknowns_get_placeholders_not_guesses(style: Style) -> None:
    text = citation(STATEMENTS["quote-no-speaker-no-source"], style)
    for placeholder in (
        "[speaker unknown]",
        "[title unknown]",
        "[publisher unknown]",
        "[URL unknown]",
        "n.d.",
    ):
        assert placeholder in text
    assert "None" not in text and "seeds/" not in text  # no nulls, no local paths as URLs


def test_final_comma_of_a_quote_is_dropped_and_inner_quotes_become_single() -> None:
    st = STATEMENTS["quote-comma-derived-title"]
    assert citation(st, Style.apa).startswith("“We consider it important to have a means of communication” (")
    inner = Statement.from_dict({**st.to_dict(), "text": 'He called it "sad".'})
    assert citation(inner, Style.mla).startswith("According to Rune Andersen, “He called it 'sad'” (qtd.")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-01-04", (2021, 1, 4)),
        ("2021-01", (2021, 1, None)),
        ("2021", (2021, None, None)),
        ("2021-01-04T10:00:00Z", (2021, 1, 4)),
        ("2021-13-01", None),
        ("January 2021", None),
        (None, None),
    ],
)
def test_parse_date(value: str | None, expected: tuple | None) -> None:
    assert parse_date(value) == expected


def test_date_not_in_iso_form_is_kept_as_given() -> None:
    st = STATEMENTS["quote-full"]
    odd = st.with_source(Source(title="T", date="Spring 2021"))
    assert "(Spring 2021)" in citation(odd, Style.apa)
    assert "Spring 2021" in citation(odd, Style.chicago)


def test_csl_items_are_zotero_article_newspaper_items() -> None:
    items = csl_items(STATEMENTS.values())
    assert [i["type"] for i in items] == ["article-newspaper"] * len(STATEMENTS)
    full = items[0]
    assert full["title"] == TITLE_000 and full["container-title"] == "High North News"
    assert full["issued"] == {"date-parts": [[2021, 1, 4]]}
    assert full["URL"] == FULL["url"]
    assert (
        full["note"]
        == "Frank Bakke-Jensen: “We do not talk enough, but as much as possible. And we try to do more”"
    )
    assert items[2]["note"].startswith("Norwegian Ministry of Foreign Affairs (reported): the two countries")
    assert items[4]["author"] == [{"family": "Doe", "given": "Jane"}]  # CSL name variables
    assert items[4]["issued"] == {"date-parts": [[2023, 5]]}
    for item in items:  # CSL-JSON has no nulls: unknown variables are left out
        assert None not in item.values()
        assert item["id"]


def test_csl_one_item_per_article_with_all_its_statements() -> None:
    first = STATEMENTS["quote-full"]
    second = seed_statement(
        SEED_000,
        "In many areas, Norway has a well-functioning dialogue with Russia",
        "quote",
        Speaker(name="Audun Halvorsen"),
        title=TITLE_000,
        **FULL,
    )
    items = csl_items([first, second])
    assert len(items) == 1 and items[0]["id"] == first.article_id
    assert items[0]["note"].splitlines()[1] == (
        "Audun Halvorsen: “In many areas, Norway has a well-functioning dialogue with Russia”"
    )
    assert len(bibtex([first, second]).split("@article")) == 2


def test_bibtex_escapes_special_characters_and_keeps_title_capitals() -> None:
    st = STATEMENTS["quote-full"]
    odd = st.with_source(
        Source(title="Cost & 50% of {budget}_x #1", publisher="A$B", url="https://e.org/a_b?c=1&d")
    )
    entry = bibtex([odd])
    assert r"title = {Cost \& 50\% of \{budget\}\_x \#1}," in entry
    assert r"journal = {A\$B}," in entry
    assert "url = {https://e.org/a_b?c=1&d}," in entry  # verbatim field: not escaped
    assert re.match(r"@article\{cost\w*-[0-9a-f]{6},\n", entry)
    assert entry.count("{") - entry.count(r"\{") == entry.count("}") - entry.count(r"\}")  # balanced


def test_bibtex_dates_are_iso_and_unreadable_dates_are_left_out() -> None:
    st = STATEMENTS["quote-full"]
    timed = bibtex([st.with_source(Source(title="T", date="2021-01-04T10:00:00Z"))])
    assert "date = {2021-01-04}," in timed and "year = {2021}," in timed
    odd = bibtex([st.with_source(Source(title="T", date="Spring 2021"))])
    assert "date =" not in odd and "year =" not in odd


# --- authors and title case, each test with the rule it follows ---------------------------------

BYLINE = Source(
    title="Brexit: what happens next for the UK and NATO in the Arctic",
    publisher="CNN",
    date="2021-01-04",
    url="https://example.org/cnn/brexit",
    author="Rob Picheta and CNN",
)


def cited(source: Source, style: Style) -> str:
    return citation(STATEMENTS["quote-full"].with_source(source), style)


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        # APA 7, 9.8: family name, initials; two authors joined by `, &`; an organisation whole.
        ("Rob Picheta", "Picheta, R."),
        ("Rob Picheta and CNN", "Picheta, R., & CNN"),
        # APA 7, 9.8: three to twenty authors: commas, `&` before the last.
        ("By Rob Picheta, Jane Doe and Ann van der Berg", "Picheta, R., Doe, J., & van der Berg, A."),
        # APA 7, 9.8: hyphenated given names keep the hyphen in the initials.
        ("Jean-Paul Sartre", "Sartre, J.-P."),
        # APA 7, 9.11: a group author is spelled out in full.
        ("Associated Press", "Associated Press"),
    ],
)
def test_apa_reference_authors(author: str, expected: str) -> None:
    entry = reference(replace(BYLINE, author=author), Style.apa)
    assert entry.startswith(expected + (" " if expected.endswith(".") else ". ") + "(2021, January 4).")


def test_apa_in_text_gives_surnames_and_et_al() -> None:
    # APA 7, 8.17: one or two surnames (`&` between), three or more: the first and `et al.`
    two = cited(BYLINE, Style.apa)
    assert "(Frank Bakke-Jensen, as cited in Picheta & CNN, 2021)." in two
    three = cited(replace(BYLINE, author="Rob Picheta; Jane Doe; Al Roe"), Style.apa)
    assert "as cited in Picheta et al., 2021)." in three


def test_apa_title_in_sentence_case_keeps_names_and_acronyms() -> None:
    # APA 7, 6.17: sentence case: the first word, the first after a colon, proper nouns, acronyms.
    entry = reference(
        Source(title="Little Contact between Norwegian and Russian Defense Authorities: A Look at NATO"),
        Style.apa,
    )
    assert entry.startswith(
        "Little contact between Norwegian and Russian defense authorities: A look at NATO."
    )
    # A title already in sentence case is left as written.
    assert (
        reference(BYLINE, Style.apa)
        .split("). ")[1]
        .startswith("Brexit: what happens next for the UK and NATO in the Arctic.")
    )


@pytest.mark.parametrize("style", [Style.mla, Style.chicago])
def test_mla_and_chicago_titles_in_title_case(style: Style) -> None:
    # MLA 9, 1.2; Chicago 17, 8.159: principal words capitalised; articles, prepositions,
    # coordinating conjunctions and `to`/`as` lowercase unless first or last; acronyms kept.
    text = cited(BYLINE, style)
    assert "“Brexit: What Happens Next for the UK and NATO in the Arctic" in text


def test_mla_and_chicago_authors() -> None:
    # MLA 9, 2.1: `Family, Given, and Given Family.`; three or more: the first and `et al.`
    mla = reference(BYLINE, Style.mla)
    assert mla.startswith("Picheta, Rob, and CNN. “Brexit:")
    many = reference(replace(BYLINE, author="Rob Picheta; Jane Doe; Al Roe"), Style.mla)
    assert many.startswith("Picheta, Rob, et al. “")
    # Chicago 17, 14.76: the first author inverted, the others as written, `and` before the last.
    chicago = reference(replace(BYLINE, author="Rob Picheta; Jane Doe; Al Roe"), Style.chicago)
    assert chicago.startswith("Picheta, Rob, Jane Doe, and Al Roe. “")


def test_bibtex_authors_joined_by_and_and_acronyms_braced() -> None:
    # BibTeX (Patashnik, "BibTeXing" 4): names separated by `and`, `Family, Given`; a name BibTeX
    # must not split braced; words of a title a style must not lowercase in braces.
    entry = bibtex([STATEMENTS["quote-full"].with_source(BYLINE)])
    assert (
        "author = {Picheta, Rob and CNN}," in entry and ";" not in entry.split("author = ")[1].split("\n")[0]
    )
    assert "title = {Brexit: what happens next for the {UK} and {NATO} in the Arctic}," in entry
    org = bibtex([STATEMENTS["quote-full"].with_source(replace(BYLINE, author="Associated Press"))])
    assert "author = {{Associated Press}}," in org
