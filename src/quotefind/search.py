"""Queries: Whoosh candidates (stems, typo-expanded words) -> rapidfuzz rerank -> `Hit`; verify."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from quotefind.analysis import fold, fold_label, fold_name, stem, text_key
from quotefind.errors import QueryError
from quotefind.model import (
    KINDS,
    DiffOp,
    Hit,
    Span,
    SpeakerSummary,
    Statement,
    Verdict,
)
from quotefind.store.whoosh.location import has_marker, open_index
from quotefind.store.whoosh.read import statement_from_fields
from quotefind.store.whoosh.schema import STATEMENT

#: How many distinct wordings (Whoosh candidates) the fuzzy rerank sees at most.
CANDIDATES = 100
#: Lowest speaker-match score (0-100) that lets a speaker through a `--speaker` filter.
SPEAKER_CUTOFF = 80.0
#: Lowest similarity (0-100) at which a query word counts as present in a statement.
WORD_CUTOFF = 75.0
#: At most this many indexed words stand in for one mistyped query word.
MAX_EXPANSIONS = 8
#: A known word in at most this many statements may be a typo (see `_expansions`).
RARE_WORD = 3
#: A rare word stands for a neighbour only when the neighbour is this many times more frequent.
TYPO_RATIO = 5
#: The rarest this many content words of a query fetch the candidates (all of them rerank).
RECALL_WORDS = 4
#: Beyond the first two, fetching words are added while they fetch at most this many statements.
FETCH_BUDGET = 1000
#: A query word in more than this share of the statements does not fetch candidates on its own.
COMMON_SHARE = 0.02
#: Weight of a function word in the rerank's word coverage (content words weigh 1).
STOPWORD_WEIGHT = 0.2
#: Lowest word-level similarity (0-100) at which `verify` calls a wording a close variant.
VARIANT_CUTOFF = 70.0
#: Below this similarity `verify` names no closest statement at all.
NEAREST_CUTOFF = 50.0
#: How many search hits `verify` compares word by word.
VERIFY_CANDIDATES = 30
#: How many distinct wordings `verify` has reranked: a check is worth a wider net than a search.
VERIFY_POOL = 300
#: At most this many other attestations of the same words are listed by `verify`.
MAX_ALSO = 1000
#: Candidates fetched per distinct wording wanted, to make room for copies of a story.
COPY_ALLOWANCE = 3

#: Function words: they rank and rerank, but never fetch candidates while a content word can.
STOPWORDS = frozenset(
    """a about after against all also an and any are as at be because been before being but by can
    could did do does doing don down during each few for from further had has have having he her here
    hers him his how i if in into is it its itself just me more most my no nor not now of off on once
    only or other our ours out over own said same say says she should so some such than that the their
    theirs them then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours""".split()
)

#: Contractions spelled out in queries, so `don't` meets `do not`.
CONTRACTIONS: tuple[tuple[str, str], ...] = (
    (r"\bcan't\b", "cannot"),
    (r"\bwon't\b", "will not"),
    (r"\bshan't\b", "shall not"),
    (r"n't\b", " not"),
    (r"'re\b", " are"),
    (r"'ve\b", " have"),
    (r"'ll\b", " will"),
    (r"'m\b", " am"),
    (r"'d\b", " would"),
)

#: Spelling keys for transliterated names (Sergej/Sergey/Sergei, Aleksei/Alexey, Yuri/Yury),
#: applied to both sides of a speaker comparison: rules as data, in order.
TRANSLITERATION: tuple[tuple[str, str], ...] = (
    (r"ks", "x"),
    (r"kh", "h"),
    (r"ph", "f"),
    (r"w", "v"),
    (r"tsch|tch", "ch"),
    (r"sch", "sh"),
    (r"j(?=[aeiou])", "y"),
    (r"(?:iy|ij|yj|ej|ei|ey|ii|yi|i)$", "y"),
)

_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_GLOB = re.compile(r"[*?\[]")
_CONTRACTIONS = tuple((re.compile(p), r) for p, r in CONTRACTIONS)
_TRANSLIT = tuple((re.compile(p), r) for p, r in TRANSLITERATION)


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A text query split into quoted phrases and loose words."""

    phrases: tuple[str, ...]
    """Words that must stand together, in order (folded)."""
    words: tuple[str, ...]
    """Words found anywhere, typos allowed (folded, contractions spelled out)."""
    text: str
    """The folded query without quote marks, for the fuzzy rerank."""

    @property
    def empty(self) -> bool:
        """True when the query has no words at all."""
        return not self.phrases and not self.words


def _spell_out(text: str) -> str:
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return text


def parse_query(query: str) -> ParsedQuery:
    """Split a query into `"exact phrases"` (straight or curly quotes) and loose words."""
    folded = fold(query)
    phrases = tuple(" ".join(p.split()) for p in _PHRASE.findall(folded) if p.strip())
    rest = _spell_out(_PHRASE.sub(" ", folded).replace('"', " "))
    words = tuple(_WORD.findall(rest))
    text = " ".join([*phrases, *words])
    return ParsedQuery(phrases=phrases, words=words, text=text)


@lru_cache(maxsize=16384)
def _translit(word: str) -> str:
    for pattern, replacement in _TRANSLIT:
        word = pattern.sub(replacement, word)
    return word


def _word_similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    if a == b:
        return 100.0
    return max(fuzz.ratio(a, b), fuzz.ratio(_translit(a), _translit(b)))


def speaker_score(query: str, candidate: str) -> float:
    """Score 0-100: how well each word of the query is found among the candidate's words.

    Extra words in the candidate cost nothing (a surname finds the full name), but every query word
    must be matched: `Bakke Jensen` scores 100 against `Frank Bakke-Jensen` and under 75 against
    `Frank Jensen` or `Jensen`, so no single shared word gives a full score.
    """
    q_words = fold_name(query).split()
    c_words = fold_name(candidate).split()
    if not q_words or not c_words:
        return 0.0
    total = sum(len(w) for w in q_words)
    got = sum(len(w) * max(_word_similarity(w, c) for c in c_words) for w in q_words)
    return got / total


class _Lexicons:
    """What queries scan in Python, each read from the index on first use (a query that needs no
    typo expansion, speaker or source filter reads none), then kept with the searcher."""

    def __init__(self, searcher: Any) -> None:
        self._searcher = searcher
        self._columns: dict[tuple[int, str], Any] = {}

    def _terms(self, field: str) -> list[str]:
        if field not in self._searcher.schema:
            return []
        found = _read_lexicon(self._searcher, field)
        if found is None:
            found = list(self._searcher.lexicon(field))
        return [t.decode("utf-8") for t in found]

    @cached_property
    def words(self) -> list[str]:
        """The folded words of all statements."""
        return self._terms("words")

    @cached_property
    def speakers(self) -> list[str]:
        """The folded speaker keys (names, mentions, roles)."""
        return self._terms("speaker_names")

    @cached_property
    def speaker_vocab(self) -> list[str]:
        """The words of the speaker keys."""
        return sorted({w for name in self.speakers for w in name.split()})

    @cached_property
    def speaker_vocab_keys(self) -> list[str]:
        """The transliteration keys of `speaker_vocab`, in the same order."""
        return [_translit(w) for w in self.speaker_vocab]

    @cached_property
    def sources(self) -> list[str]:
        """The folded source labels (paths, titles, publishers)."""
        return self._terms("source_labels")

    @cached_property
    def doc_count(self) -> int:
        """Documents in the index."""
        return int(self._searcher.doc_count())

    @cached_property
    def only_statements(self) -> bool:
        """True when every document is a statement (no need to filter on the document type)."""
        return self._terms("doctype") in ([STATEMENT], [])

    @cached_property
    def speaker_lines(self) -> str:
        """The speaker keys, one per line, for `str.find` to scan at C speed."""
        return "\n".join(self.speakers)

    def speakers_with(self, words: Iterable[str]) -> list[str]:
        """The speaker keys that hold one of the words (whole words), in lexicon order."""
        wanted = set(words)
        lines = self.speaker_lines
        found: dict[int, str] = {}
        # `str.find` scans at C speed; the lines it lands in are then checked word by word.
        for word in wanted:
            at = lines.find(word)
            while at >= 0:
                start = lines.rfind("\n", 0, at) + 1
                end = lines.find("\n", at)
                end = len(lines) if end < 0 else end
                found[start] = lines[start:end]
                at = lines.find(word, end)
        return [found[at] for at in sorted(found) if not wanted.isdisjoint(found[at].split())]

    @cached_property
    def text_keys(self) -> Any:
        """The `text_key` column of the whole index, by document number."""
        return self._searcher.reader().column_reader("text_key")

    def column(self, segment: int, field: str) -> Any:
        """The raw (sortable) column of a field in one segment, read once per searcher.

        Whoosh reads a column's table of offsets (a number per document of the segment) each time
        it opens one: per query, that alone grows with the index.
        """
        key = (segment, field)
        if key not in self._columns:
            sub = self._searcher.leaf_searchers()[segment][0]
            self._columns[key] = sub.reader().column_reader(field, translate=False)
        return self._columns[key]


def _read_lexicon(searcher: Any, field: str) -> list[bytes] | None:
    """Return the sorted terms of a field as `searcher.lexicon` does, three times faster; None when
    the segments are not the memory-mapped Whoosh 3 files this reads (the caller asks Whoosh).

    Whoosh merges the segments' term lists through layers of generators; a query that must scan
    a vocabulary (typos, speakers) paid that first, in every process. This reads each segment's
    run of keys for the field (`!ii` key and value lengths, a 2-byte field number, the term) from
    its term file and unions them.
    """
    import struct

    lengths = struct.Struct("!ii").unpack_from
    terms: set[bytes] = set()
    try:
        for sub, _ in searcher.leaf_searchers():
            reader = sub.reader()._terms
            number = reader._fieldmap.get(field)
            if number is None:
                continue
            table = reader._tindex
            start = table.closest_key_pos(struct.pack("!H", number))
            stop = table.closest_key_pos(struct.pack("!H", number + 1))
            if start is None:
                continue
            data = table.dbfile._buf[start : table.endofdata if stop is None else stop].tobytes()
            at, end, add = 0, len(data), terms.add
            while at < end:
                keylen, datalen = lengths(data, at)
                add(data[at + 10 : at + 8 + keylen])
                at += 8 + keylen + datalen
    except (AttributeError, TypeError, ValueError, struct.error):
        return None
    return sorted(terms)


_SEARCHERS: dict[str, tuple[object, Any, Any, _Lexicons]] = {}


def _fingerprint(ix: Any, location: Path) -> object:
    """What tells one state of an index from another: its generation and its table of contents file.

    The generation alone is not enough: an index deleted and rebuilt starts again at generation 0.
    """
    generation = ix.latest_generation()
    try:
        st = (location / f"_{ix.indexname}_{generation}.toc").stat()
    except OSError:
        return object()  # equal to nothing: no reuse
    return (generation, st.st_ino, st.st_mtime_ns, st.st_size)


@contextmanager
def _searcher(location: Path) -> Iterator[tuple[Any, _Lexicons]]:
    """Yield (searcher, lexicons) for a location, reused while the index is unchanged.

    Opening the segment files and reading lexicons cost more than a typical query: a process that
    searches twice (the bench, a library user, `verify`) pays them once per state of the index.
    """
    key = str(location.resolve())
    cached = _SEARCHERS.pop(key, None)
    if cached is not None and (not has_marker(location) or _fingerprint(cached[1], location) != cached[0]):
        cached[2].close()
        cached = None
    if cached is None:
        ix = open_index(location)
        searcher = ix.searcher()
        cached = (_fingerprint(ix, location), ix, searcher, _Lexicons(searcher))
    try:
        yield cached[2], cached[3]
    except BaseException:
        cached[2].close()
        raise
    while len(_SEARCHERS) >= 4:
        _SEARCHERS.pop(next(iter(_SEARCHERS)))[2].close()
    _SEARCHERS[key] = cached


def _match_names(lex: _Lexicons, pattern: str, cutoff: float) -> list[tuple[float, int, str]]:
    """Return (score, extra words, name) for the speaker keys the pattern matches, best first.

    Among equal scores, names with fewer words beyond the pattern's come first (`Frank Jensen`
    before `Frank Bakke-Jensen` for the pattern `Frank Jensen`).
    """
    from rapidfuzz import fuzz, process

    q_words = fold_name(pattern).split()
    if not q_words or not lex.speakers:
        return []
    # Per query word, the similarity of every speaker word (C-speed scans; below 50 counts as 0).
    sims: list[dict[str, float]] = []
    for w in q_words:
        found: dict[str, float] = {}
        for choices, probe in ((lex.speaker_vocab, w), (lex.speaker_vocab_keys, _translit(w))):
            for _, score, i in process.extract(
                probe, choices, scorer=fuzz.ratio, score_cutoff=50, limit=None
            ):
                word = lex.speaker_vocab[i]
                found[word] = max(found.get(word, 0.0), score)
        sims.append(found)
    total = sum(len(w) for w in q_words)
    # A key scores at least the cutoff only if one of its words is at least that close to a query
    # word (the score is a weighted mean): score the keys holding such a word, not every key.
    if cutoff > 0:
        close = {word for found in sims for word, score in found.items() if score >= cutoff}
        keys = lex.speakers_with(close)
    else:
        keys = lex.speakers
    out = []
    for name in keys:
        words = name.split()
        got = sum(len(w) * max(s.get(c, 0.0) for c in words) for w, s in zip(q_words, sims, strict=True))
        score = got / total
        if score >= cutoff:
            out.append((score, max(0, len(words) - len(q_words)), name))
    out.sort(key=lambda item: (-item[0], item[1], item[2]))
    return out


def match_speakers(searcher: Any, pattern: str, cutoff: float = SPEAKER_CUTOFF) -> list[str]:
    """Return the indexed speaker keys (folded names, mentions, roles) that the pattern matches."""
    return [name for _, _, name in _match_names(_Lexicons(searcher), pattern, cutoff)]


def _expansions(searcher: Any, word: str, lex: _Lexicons) -> list[str]:
    """Return indexed words that a (folded) query word may be a typo of.

    An unknown word stands for its neighbours within a small edit distance. A known word is taken
    as typed, unless it is rare and a neighbour is far more frequent (`goverment`, misspelt once
    in the corpus, next to `government`): fetching `might`, `night` and `right` for `eight` would
    only slow the query and dilute the candidates, and only a rare word makes the query read the
    index's whole vocabulary.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    if len(word) < 4:
        return []
    # The words field lists a word once per commit: how much it is used, its stem's frequency tells.
    known = searcher.doc_frequency("text", stem(word)) if searcher.doc_frequency("words", word) else 0
    if known > RARE_WORD:
        return []
    maxdist = 1 if len(word) < 8 else 2
    found = [
        choice
        for choice, _, _ in process.extract(
            word, lex.words, scorer=Levenshtein.distance, score_cutoff=maxdist, limit=MAX_EXPANSIONS + 1
        )
        if choice != word
    ]
    if not known:
        return found[:MAX_EXPANSIONS]
    likelier = [(searcher.doc_frequency("text", stem(v)), v) for v in found]
    return [v for df, v in sorted(likelier, reverse=True) if df >= TYPO_RATIO * known][:2]


def _text_query(searcher: Any, lex: _Lexicons, parsed: ParsedQuery) -> Any:
    from whoosh.query import And, Or, Phrase, Term

    common_df = max(50, int(lex.doc_count * COMMON_SHARE))
    rare: list[tuple[int, Any]] = []
    common = []
    for word in dict.fromkeys(parsed.words):
        key = stem(word)
        variants = _expansions(searcher, word, lex)
        group = Or([Term("text", key, boost=2.0), *(Term("text", stem(v)) for v in variants)])
        # A typo's group is as common as the words it stands for: `thre` (for the, there, three)
        # must not fetch candidates, no more than `the` would.
        df = searcher.doc_frequency("text", key) + sum(
            searcher.doc_frequency("text", stem(v)) for v in variants
        )
        if word in STOPWORDS or df > common_df:
            common.append(group)
        else:
            rare.append((df, group))
    # The rarest words fetch the candidates (the rest still count in the rerank): at least two,
    # more while the statements they fetch stay few, since Whoosh scores each one in Python.
    rare.sort(key=lambda item: item[0])
    groups = []
    fetched = 0
    for df, group in rare[:RECALL_WORDS]:
        if len(groups) >= 2 and fetched + df > FETCH_BUDGET:
            break
        groups.append(group)
        fetched += df
    phrases = []
    for phrase in parsed.phrases:
        tokens = [stem(w) for w in _WORD.findall(phrase)]
        if len(tokens) == 1:
            phrases.append(Term("text", tokens[0]))
        elif tokens:
            phrases.append(Phrase("text", tokens))
    # Common words fetch no candidates while a rarer word (or a phrase) can; a query of common
    # words alone must match them all, or it would walk most of the index.
    if groups:
        recall = Or(groups)
    elif common and not phrases:
        recall = And(common)
    else:
        recall = None
    parts = [*phrases, *([recall] if recall is not None else [])]
    return And(parts) if len(parts) > 1 else parts[0]


def _word_spans(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _snap(text: str, start: int, end: int) -> Span:
    """Widen [start, end) to whole words and trim surrounding blanks."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and end > 0 and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


@dataclass(frozen=True, slots=True)
class _Probe:
    """A query made ready for the rerank: its folded text and weighted words, built once."""

    text: str
    """The folded query, whitespace squeezed."""
    words: tuple[tuple[str, str, float], ...]
    """(word, stem, weight) for each word."""

    @classmethod
    def of(cls, query: str) -> _Probe:
        words = _WORD.findall(_spell_out(fold(query)))
        weighted = tuple((w, stem(w), STOPWORD_WEIGHT if w in STOPWORDS else 1.0) for w in words)
        # The character view keeps the query as typed (punctuation, contractions): only that scores 100.
        text = " ".join(fold(query).replace('"', " ").split())
        return cls(text, weighted)


def rerank_score(query: str, text: str) -> tuple[float, Span | None]:
    """Return the fuzzy score (0-100) of a statement text for a query, and where it matched best.

    The better of two views of the query: as a run of characters (`partial_ratio`, typos and
    fragments), and as a bag of words each found in the text, typos and stems allowed, function
    words weighing little (reordered or paraphrased wording). Only the verbatim query scores 100.
    """
    return _score(_Probe.of(query), text)


def _score(probe: _Probe, text: str) -> tuple[float, Span | None]:
    from rapidfuzz import fuzz, process

    q = probe.text
    t = fold(text)
    if not q:
        return 100.0, None
    if len(t) >= len(q):
        align = fuzz.partial_ratio_alignment(q, t)
        partial = align.score if align else 0.0
        partial_span = _snap(text, align.dest_start, align.dest_end) if align else None
    else:
        partial, partial_span = fuzz.ratio(q, t), Span(0, len(text))
    if partial == 100.0:
        return partial, partial_span

    t_words = _word_spans(t)
    if not t_words:
        return partial, partial_span
    t_plain = [w for w, _, _ in t_words]
    t_stems = [stem(w) for w in t_plain]
    got = total = 0.0
    hit_at: list[int] = []
    for w, w_stem, weight in probe.words:
        total += weight
        best = process.extractOne(w, t_plain, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF)
        if not best or best[1] < 100:
            by_stem = process.extractOne(w_stem, t_stems, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF)
            if by_stem and (not best or by_stem[1] > best[1]):
                best = by_stem
        if best:
            got += weight * best[1]
            if weight == 1.0 or not hit_at:
                hit_at.append(best[2])
    coverage = got / total if total else 0.0
    # Words all there but not as one run: a little below the verbatim run.
    bag = coverage * (0.85 + 0.15 * partial / 100)
    if bag > partial and hit_at:
        first, last = min(hit_at), max(hit_at)
        return bag, Span(t_words[first][1], t_words[last][2])
    return partial, partial_span


def _check_filters(kind: str | None, since: str | None, until: str | None) -> None:
    if kind and kind not in KINDS:
        raise QueryError(f"Unknown kind {kind!r} - use one of: {', '.join(KINDS)}.")
    for name, value in (("since", since), ("until", until)):
        if value and not _DATE.match(value):
            raise QueryError(f"--{name} {value!r} is not a date - write it as YYYY, YYYY-MM or YYYY-MM-DD.")


def _source_labels(lex: _Lexicons, pattern: str) -> list[str]:
    """Return the indexed source labels (folded paths, titles, publishers) the pattern matches."""
    pat = fold_label(pattern)
    if _GLOB.search(pat):
        return [v for v in lex.sources if fnmatch.fnmatchcase(v, pat) or fnmatch.fnmatchcase(v, "*/" + pat)]
    return [v for v in lex.sources if pat in v]


def search(
    location: Path,
    query: str = "",
    *,
    speaker: str | None = None,
    kind: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 20,
    min_score: float = 0.0,
    candidates: int = CANDIDATES,
) -> list[Hit]:
    """Find statements by fuzzy text and filters, best first; with no query, list them in order.

    `source` matches a publisher or title (substring) or a path (glob); `since` and `until` bound
    the article date (inclusive, `YYYY[-MM[-DD]]`; statements of undated articles drop out).
    `candidates` bounds how many distinct wordings the fuzzy rerank sees.
    """
    from whoosh.query import And, Every, Or, Term, TermRange

    _check_filters(kind, since, until)
    parsed = parse_query(query or "")
    with _searcher(location) as (searcher, lex):
        # Every filter is on a field that only statements have (as are the text and the speaker):
        # the document type needs no filter of its own but in a bare listing (see below).
        filters: list[Any] = []
        if kind:
            filters.append(Term("kind", kind))
        if source:
            labels = _source_labels(lex, source)
            if not labels:
                return []
            filters.append(Or([Term("source_labels", v) for v in labels]))
        if since or until:
            filters.append(TermRange("date", since or None, (until + "~") if until else None))
        names: list[tuple[float, int, str]] = []
        if speaker:
            names = _match_names(lex, speaker, SPEAKER_CUTOFF)
            if not names:
                return []
            if not parsed.empty:
                filters.append(Or([Term("speaker_names", n) for _, _, n in names]))
        if parsed.empty:
            if not filters and not names:
                # Only when nothing else restricts: its matcher walks the whole index.
                filters = [Every() if lex.only_statements else Term("doctype", STATEMENT)]
            listed = _list(searcher, lex, filters, names, limit)
            return [h for h in listed if h.score >= min_score]
        # Filters go into the query (intersected, scoring nothing), not Whoosh's `filter=` nor a
        # ConstantScoreQuery, which would first collect every statement they match into a set.
        recall = And([_text_query(searcher, lex, parsed), *(_unscored(f) for f in filters)])
        # One candidate per wording: copies of a story (wire reprints, mirrors) would otherwise
        # crowd other statements out of the rerank; their copies come back after it. Whoosh's own
        # `collapse=` costs half the query again, so: fetch more, keep the first of each wording.
        wanted = max(candidates, limit)
        results = searcher.search(recall, limit=wanted * COPY_ALLOWANCE)
        keys = lex.text_keys
        seen: set[Any] = set()
        distinct = []
        for r in results:
            key = keys[r.docnum]
            if key not in seen and len(distinct) < wanted:
                seen.add(key)
                distinct.append(r)
        hits = [h for h in _rerank(query, (r.fields() for r in distinct)) if h.score >= min_score]
        return _with_copies(searcher, lex, hits[:limit], filters, limit)


def _with_copies(searcher: Any, lex: _Lexicons, hits: list[Hit], filters: list[Any], limit: int) -> list[Hit]:
    """Put after each hit the other statements with the same words (same score), up to the limit."""
    from whoosh.query import And, Term

    out: list[Hit] = []
    shown = {h.statement.id for h in hits}
    for i, hit in enumerate(hits):
        out.append(hit)
        room = limit - len(out) - (len(hits) - i - 1)
        if room <= 0:
            continue
        query = And([Term("text_key", text_key(hit.statement.text)), *filters])
        for docnum in _in_source_order(searcher, lex, query, room + len(shown)):
            fields = searcher.stored_fields(docnum)
            if fields["id"] not in shown and room > 0:
                shown.add(fields["id"])
                out.append(Hit(statement_from_fields(fields), hit.score, hit.match))
                room -= 1
    return out


def _in_source_order(searcher: Any, lex: _Lexicons, query: Any, limit: int) -> list[int]:
    """Return the first `limit` documents a query matches by path and position (as `sortedby`).

    The matcher is stepped, so `And` skips ahead with `skip_to`. Whoosh's sorted search asks for
    `all_ids()` instead, which for an `And` reads every posting of both sides into Python sets: a
    rare term under a filter that matches half the index cost half the index. The sort keys come
    from the columns read once per searcher (`_Lexicons.column`).
    """
    import heapq

    def keyed() -> Iterator[tuple[bytes, int, int]]:
        for segment, (sub, offset) in enumerate(searcher.leaf_searchers()):
            matcher = query.matcher(sub, sub.boolean_context())
            if not matcher.is_active():
                continue
            paths, orders = lex.column(segment, "path"), lex.column(segment, "order")
            while matcher.is_active():
                docnum = matcher.id()
                yield paths[docnum], orders[docnum], offset + docnum
                matcher.next()

    # A heap of `limit` keys, not a list of every match (a bare listing matches the whole index).
    return [docnum for _, _, docnum in heapq.nsmallest(limit, keyed())]


#: The weight of a filter inside the recall query: it must match, but adds next to nothing.
UNSCORED_BOOST = 1e-6


def _unscored(query: Any) -> Any:
    """Return a copy of a filter query that adds nothing to the score of what it matches."""
    from whoosh.query import Term

    if isinstance(query, Term):
        # Not 0: Whoosh drops a zero-boost term from the query (the filter would not filter) and
        # divides by the boost when it skips low-scoring blocks of a big index.
        return Term(query.fieldname, query.text, boost=UNSCORED_BOOST)
    if hasattr(query, "subqueries"):
        return type(query)([_unscored(q) for q in query.subqueries])
    return query


def _list(
    searcher: Any, lex: _Lexicons, filters: list[Any], names: list[tuple[float, int, str]], limit: int
) -> list[Hit]:
    """List statements in source order; with a speaker pattern, best-matching speakers first."""
    from whoosh.query import And, Or, Term

    if not names:
        found = _in_source_order(searcher, lex, And(filters), limit)
        return [Hit(statement_from_fields(searcher.stored_fields(d)), 100.0) for d in found]
    tiers: dict[tuple[float, int], list[str]] = {}
    for score, extra, name in names:
        tiers.setdefault((round(score, 1), -extra), []).append(name)
    # Fetch beyond the limit so that copies of one statement do not fill the page (see _diversify),
    # and go on to the next tier until the page can be filled with distinct statements.
    want = min(max(limit * 5, 50), 2000)
    hits: list[Hit] = []
    seen: set[int] = set()
    distinct: set[tuple[str, str]] = set()
    for (score, _), keys in sorted(tiers.items(), reverse=True):
        if len(distinct) >= limit:
            break
        query = And([*filters, Or([Term("speaker_names", k) for k in keys])])
        for docnum in _in_source_order(searcher, lex, query, want + len(seen)):
            if docnum not in seen:
                seen.add(docnum)
                hit = Hit(statement_from_fields(searcher.stored_fields(docnum)), score)
                hits.append(hit)
                distinct.add(_repeat_key(hit))
    return _diversify(hits)[:limit]


def _repeat_key(hit: Hit) -> tuple[str, str]:
    """What makes two hits the same statement for a reader: the same words by the same speaker."""
    return " ".join(fold(hit.statement.text).split()), hit.statement.speaker.name or ""


def _diversify(hits: list[Hit]) -> list[Hit]:
    """Keep the order, but move repeats of a statement (same words, same speaker: the same story
    in several articles or copies) after every distinct one, so they do not fill the first page
    of a speaker's statements (a repeat of a better-matching name may then follow a worse one)."""
    first: list[Hit] = []
    repeats: list[Hit] = []
    keys: set[tuple[str, str]] = set()
    for hit in hits:
        key = _repeat_key(hit)
        (repeats if key in keys else first).append(hit)
        keys.add(key)
    return first + repeats


def _rerank(query: str, docs: Iterable[dict[str, Any]]) -> list[Hit]:
    probe = _Probe.of(query)
    hits = []
    seen: dict[str, tuple[float, Span | None]] = {}  # the same words reported in many articles
    for order, fields in enumerate(docs):
        statement = statement_from_fields(fields)
        if statement.text not in seen:
            seen[statement.text] = _score(probe, statement.text)
        score, span = seen[statement.text]
        hits.append((score, -order, Hit(statement, score, span)))
    hits.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [h for _, _, h in hits]


def filter_speakers(speakers: Iterable[SpeakerSummary], pattern: str) -> list[SpeakerSummary]:
    """Keep the speakers whose name, an alias or a role the pattern matches, best match first."""
    scored = []
    for sp in speakers:
        best = max(speaker_score(pattern, v) for v in (sp.name, *sp.aliases, *sp.roles))
        if best >= SPEAKER_CUTOFF:
            scored.append((best, sp.count, sp))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [sp for _, _, sp in scored]


def _diff(
    checked: str, c_words: list[tuple[str, int, int]], attested: str, a_words: list[tuple[str, int, int]]
) -> tuple[DiffOp, ...]:
    """Word-level steps from the checked words to the attested ones (folded words compared)."""
    from difflib import SequenceMatcher

    def cut(text: str, words: list[tuple[str, int, int]], i: int, j: int) -> str:
        return text[words[i][1] : words[j - 1][2]] if j > i else ""

    matcher = SequenceMatcher(None, [w for w, _, _ in c_words], [w for w, _, _ in a_words], autojunk=False)
    return tuple(
        DiffOp(op, cut(checked, c_words, i1, i2), cut(attested, a_words, j1, j2))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    )


def _best_window(c_folded: list[str], a_folded: list[str]) -> tuple[float, int, int]:
    """Return (similarity 0-100, start, end) of the run of attested words closest to the checked words.

    The similarity is that of the best-matching run; the run returned is then widened by as many
    attested words as the checked text has unmatched words at either end (`we don't` before
    `talk enough` also takes in `We do not`), so the diff shows what stands there instead.
    """
    from difflib import SequenceMatcher

    blocks = [
        b for b in SequenceMatcher(None, c_folded, a_folded, autojunk=False).get_matching_blocks() if b.size
    ]
    if not blocks:
        return 0.0, 0, 0
    best = (0.0, 0, 0, 0, 0)
    for i in range(len(blocks)):
        matched = 0
        for j in range(i, len(blocks)):
            matched += blocks[j].size
            start, end = blocks[i].b, blocks[j].b + blocks[j].size
            ratio = 200.0 * matched / (len(c_folded) + end - start)
            if ratio > best[0]:
                best = (ratio, start, end, blocks[i].a, blocks[j].a + blocks[j].size)
    score, start, end, c_start, c_end = best
    return score, max(0, start - c_start), min(len(a_folded), end + len(c_folded) - c_end)


def _same_wording(location: Path, statement: Statement, speaker: str | None) -> list[str]:
    """Return the ids of the statements with the same words as this one (of the speaker, if given)."""
    from whoosh.query import And, Or, Term

    with _searcher(location) as (searcher, lex):
        parts: list[Any] = [Term("text_key", text_key(statement.text))]
        if speaker:
            parts.append(
                Or([Term("speaker_names", n) for _, _, n in _match_names(lex, speaker, SPEAKER_CUTOFF)])
            )
        found = _in_source_order(searcher, lex, And(parts), MAX_ALSO + 1)
        return [searcher.stored_fields(d)["id"] for d in found]


def verify(location: Path, text: str, *, speaker: str | None = None) -> Verdict:
    """Say whether a quote is attested in the index: verbatim, as a close variant, or not at all.

    Words are compared with case, accents and punctuation folded away; `verbatim` means every word
    of `text`, in order, with nothing between. A variant is the closest attested wording scoring at
    least `VARIANT_CUTOFF`, with a word-level diff from `text` to it.
    """
    c_words = _word_spans(fold(text))
    if not c_words:
        raise QueryError('Nothing to verify - give the words of the quote, e.g. `quotefind verify "..."`.')
    c_folded = [w for w, _, _ in c_words]
    c_spelled = _WORD.findall(_spell_out(fold(text)))
    scored: list[tuple[float, int, Hit, int, int]] = []
    # Quote marks around the quote (or inside it) are not a phrase query here: a misquote must
    # still find its candidates.
    loose = fold(text).replace('"', " ")
    found = search(location, loose, speaker=speaker, limit=VERIFY_CANDIDATES, candidates=VERIFY_POOL)
    for order, hit in enumerate(found):
        folded = fold(hit.statement.text)
        score, start, end = _best_window(c_folded, [w for w, _, _ in _word_spans(folded)])
        if score < 100.0:
            # `don't` against `do not` is a variant, not a different wording: score it spelled out.
            spelled, _, _ = _best_window(c_spelled, _WORD.findall(_spell_out(folded)))
            score = min(max(score, spelled), 99.0)
        scored.append((score, -order, hit, start, end))
    if not scored:
        return Verdict(status="not_found", text=text, score=0.0)
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    score, _, hit, start, end = scored[0]
    st = hit.statement
    a_words = _word_spans(fold(st.text))
    window = a_words[start:end]
    status = "verbatim" if score >= 100.0 else "variant" if score >= VARIANT_CUTOFF else "not_found"
    if score < NEAREST_CUTOFF:
        return Verdict(status="not_found", text=text, score=score)
    equal = [h.statement.id for s, _, h, _, _ in scored[1:] if s >= score and s >= VARIANT_CUTOFF]
    also = tuple(i for i in dict.fromkeys([*equal, *_same_wording(location, st, speaker)]) if i != st.id)
    return Verdict(
        status=status,
        text=text,
        score=score,
        statement=st,
        match=Span(window[0][1], window[-1][2]) if window else None,
        diff=_diff(text, c_words, st.text, window),
        also=also,
    )
