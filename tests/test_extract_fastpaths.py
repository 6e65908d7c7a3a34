"""The extractor's shortcuts give what the plain way gives: captions skipped, period and stop runs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from quotefind.extract import (
    _caption_zones,
    _cuts_at_token_starts,
    _gaps,
    _outside,
    _tokens_with_placeholders,
)
from quotefind.extract.quotes import find_marks, find_quotes, opens_with_mark, pair_quotes
from quotefind.extract.segment import split_paragraphs, split_sentences, tokenize

PIECES = [
    '"', "“", "”", "‘", "’", "'", "''", "«", "»", "„", " said ", ", he said", " Mr. Smith", "U.S.", "...",
    ". ", ", ", ":", " — ", "\n", " word", "x", "-", "(Photo: Ann Lee)", "(Photo by Ann)", "(Picture: x)",
    "Photo:", "xPhoto:", "x-Foto:", "’Foto:", " Photograph: y", "(Photo", ")", "(", "\t", "\u00a0",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60))
def test_skipping_captions_finds_the_marks_and_tokens_that_filtering_keeps(pieces: list[str]) -> None:
    text = "".join(pieces)
    paragraphs = list(split_paragraphs(text))
    for k, (ps, pe) in enumerate(paragraphs):
        zones = _caption_zones(text, ps, pe)
        if not zones:
            continue
        gaps = _gaps(text, ps, pe, zones)
        marks = find_marks(text, ps, pe, gaps)
        assert marks == _outside(find_marks(text, ps, pe), zones)
        if not _cuts_at_token_starts(text, pe, gaps):
            continue
        next_opens = k + 1 < len(paragraphs) and opens_with_mark(text, *paragraphs[k + 1])
        quotes = pair_quotes(text, marks, pe, next_opens)
        plain = _tokens_with_placeholders(text, ps, pe, quotes, zones)  # tokenized whole, then filtered
        assert _tokens_with_placeholders(text, ps, pe, quotes, zones, gaps) == plain


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*PIECES, "«", "»", "‹", "›", "„", "‚", "Word.", "x’s", " ‘"]), max_size=60))
def test_pairing_marks_as_they_are_found_gives_the_quotes_of_pairing_all_marks(pieces: list[str]) -> None:
    text = "".join(pieces)
    paragraphs = list(split_paragraphs(text))
    for k, (ps, pe) in enumerate(paragraphs):
        zones = _caption_zones(text, ps, pe)
        for gaps in (None, _gaps(text, ps, pe, zones) if zones else None):
            nxt = paragraphs[k + 1] if k + 1 < len(paragraphs) else None
            marks = find_marks(text, ps, pe, gaps)
            next_opens = nxt is not None and opens_with_mark(text, *nxt)
            expected = pair_quotes(text, marks, pe, next_opens) if marks else None
            assert find_quotes(text, ps, pe, gaps, nxt) == expected


def test_a_word_running_into_a_caption_marker_is_tokenized_whole() -> None:
    text = "He said xPhoto: Ann"
    zones = _caption_zones(text, 0, len(text))
    gaps = _gaps(text, 0, len(text), zones)
    assert gaps == [(0, 9)] and not _cuts_at_token_starts(text, len(text), gaps)
    tokens = _tokens_with_placeholders(text, 0, len(text), [], zones)
    assert [t.text for t in tokens] == ["He", "said", "xPhoto"]


def test_runs_of_periods_join_the_word_before_them_up_to_its_limit() -> None:
    text = "Word.... Mr.... x........ U.S.. A. B.C. e.g. (Dr.) ok"
    assert [t.text for t in tokenize(text, 0, len(text))] == [
        "Word", "....", "Mr....", "x", ".......", ".", "U.S..", "A.", "B.C.", "e.g.", "(", "Dr.", ")", "ok",
    ]  # fmt: skip


def test_sentences_split_the_same_from_inside_a_run_of_stops() -> None:
    text = "Stop... Next one. And so?! Yes"
    assert split_sentences(text, 0, len(text)) == [(0, 7), (8, 17), (18, 26), (27, 30)]
    assert split_sentences(text, 5, len(text)) == [(5, 7), (8, 17), (18, 26), (27, 30)]
    # no sentence starts in lower case
    assert split_sentences("Fine. next. Done", 0, 16) == [(0, 11), (12, 16)]


def test_paragraphs_are_lines_without_their_spaces() -> None:
    text = " a\r\n\u2003b c \u2029\n\n\t\nlast"
    assert list(split_paragraphs(text)) == [(1, 2), (5, 8), (14, 18)]
