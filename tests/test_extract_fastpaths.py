"""The extractor's shortcuts give what the plain way gives: captions skipped, period and stop runs."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from quotefind.extract import (
    _CAPTION,
    _MENTIONS,
    _caption_zones,
    _cuts_at_token_starts,
    _gaps,
    _is_prose,
    _is_prose_exactly,
    _outside,
    _parse_mention,
    _tokens_with_placeholders,
)
from quotefind.extract.claims import _position
from quotefind.extract.quotes import find_marks, find_quotes, opens_with_mark, pair_quotes
from quotefind.extract.segment import make_token, split_paragraphs, split_sentences, tokenize
from quotefind.extract.speakers import parse_mention

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


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*PIECES, "é", "Ünïcode", "42", "_", "\x1c", "\u2028", "!!!!", "—", "日本", "\ud800", "½"]
        )
        | st.text(max_size=8),
        max_size=80,
    )
)
def test_the_prose_check_counting_ascii_first_agrees_with_its_definition(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _is_prose(text, 0, len(text)) == _is_prose_exactly(text)
    cut = len(text) // 3
    assert _is_prose(text, cut, len(text)) == _is_prose_exactly(text[cut:])


def test_a_paragraph_of_marks_and_symbols_is_no_prose() -> None:
    assert not _is_prose("“«»” -- !!!! ab ½½½", 0, 18)
    assert _is_prose("“«»” ab cd", 0, 10) and _is_prose("日本語の文", 0, 5)  # letters beyond ASCII count too


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.integers(0, 60))
def test_a_token_is_found_by_its_offset_where_a_scan_finds_it(pieces: list[str], shift: int) -> None:
    text = "".join(pieces)
    tokens = tokenize(text, 0, len(text))
    sentence = tokens[shift // 3 : shift]
    for t in [*tokens, make_token("said", 0, 4), make_token("x", len(text), len(text) + 1)]:
        assert _position(sentence, t) == (sentence.index(t) if t in sentence else -1)


SPEAKER_PIECES = [
    "Mr. Smith", "Mr Smith", " ", ", ", "the minister", "State Secretary Tone Skogen", "he", "who", "said",
    "NBC’s Ali Vitali", "the company's", "report", "(R-Texas)", "of", "Reuters", "the UN", "“", "”", "Dr",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SPEAKER_PIECES), min_size=1, max_size=12), st.integers(1, 40))
def test_a_remembered_mention_is_the_mention_parsed_again_at_its_offsets(
    pieces: list[str], shift: int
) -> None:
    text = " ".join(pieces)
    _MENTIONS.clear()
    for pad in (0, shift, 0):  # parsed, remembered at another offset, then at the first one again
        tokens = tokenize(" " * pad + text, 0, pad + len(text))
        for k in range(len(tokens)):
            assert _parse_mention(tokens[k:]) == parse_mention(tokens[k:])
            assert _parse_mention(tokens[:k]) == parse_mention(tokens[:k])


def test_extraction_leaves_the_cycle_collector_as_it_found_it() -> None:
    import gc

    from quotefind.extract import extract
    from quotefind.model import Article

    text = "“We will build it,” Mr Smith said on Monday. He said that the plan was fine."
    assert gc.isenabled()
    assert len(list(extract(Article(text=text, key="a")))) == 2 and gc.isenabled()
    gc.disable()
    try:
        assert len(list(extract(Article(text=text, key="a")))) == 2 and not gc.isenabled()
    finally:
        gc.enable()


def test_each_token_keeps_its_own_lower_case_form_past_the_bound_of_remembered_words() -> None:
    text = " ".join(f"Wörd{k} İstanbul ǅemal ΣΊΣΥΦΟΣ" for k in range(60_000))
    tokens = tokenize(text, 0, len(text))
    assert len(tokens) == 240_000  # 60,000 distinct words: past the bound of 50,000
    assert all(t.low == t.text.lower() for t in tokens)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*PIECES, "Photograph:", "(Foto:", "(Picture:", "\n\n", "Photo: "]), max_size=60)
)
def test_a_paragraph_where_no_caption_marker_of_the_whole_text_starts_has_no_caption(
    pieces: list[str],
) -> None:
    text = "".join(pieces)
    markers = [m.start() for m in _CAPTION.finditer(text)]  # as `_find_candidates` finds them
    for ps, pe in split_paragraphs(text):
        if not any(ps <= m < pe for m in markers):
            assert _caption_zones(text, ps, pe) == []


# The cue gate: a paragraph with no quote mark that can open or close, no word of `_CUE_WORDS` and no
# headline label is never tokenized (`_find_candidates`, "Most paragraphs"). Any pre-pass that skips
# paragraphs rests on it: it must give what working such paragraphs through gives.
GATE_PIECES = [
    *PIECES, " according to ", " Ann Lee: ", "In a statement, ", " the poll shows ", " plan ", " think ",
    " believes that ", " put it ", "Ann Lee:", " is not ", " was ", " of the ", "\n\n", " x\n:", "— Ann Lee",
    "According to Ann Lee, the bridge was open.", "The poll shows that the bridge is not open.",
    "Ann Lee believes that the bridge is open.", "As Ann Lee put it, the bridge was open.",
    "Ann Lee: Bridge Opens", "“The bridge is open",
]  # fmt: skip


def _statements(text: str, *, gate_open: bool = False) -> list[dict[str, object]]:
    """Extract a text as it is, or with every paragraph let through the cue gate."""
    from unittest import mock

    import quotefind.extract as extraction
    from quotefind.extract import extract
    from quotefind.model import Article

    article = Article(text=text, key="gate")
    if not gate_open:
        return [s.to_dict() for s in extract(article)]
    with mock.patch.object(extraction, "_may_hold_cue", lambda text, start, end: True):
        return [s.to_dict() for s in extract(article)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(GATE_PIECES), max_size=60))
def test_paragraphs_the_cue_gate_skips_hold_no_statement(pieces: list[str]) -> None:
    text = "Ann Lee said the plan was fine.\n\n" + "".join(pieces)
    assert _statements(text) == _statements(text, gate_open=True)


def test_paragraphs_the_cue_gate_skips_hold_no_statement_in_the_corpora(shared: Path) -> None:
    corpora = shared / "corpora"
    files = sorted((corpora / "ggt-dev").glob("*.txt")) + sorted((corpora / "polnear").rglob("*.txt"))[::10]
    files += sorted((corpora / "bbc").rglob("*.txt"))[::25]
    assert len(files) > 100
    found = 0
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        statements = _statements(text)
        assert statements == _statements(text, gate_open=True), f.name
        found += len(statements)
    assert found > 500  # (the comparison saw statements, not only articles with none)
