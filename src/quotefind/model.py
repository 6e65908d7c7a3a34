"""Records (frozen dataclasses) and the JSON-lines wire format of quotefind."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

Kind = Literal["quote", "claim"]
KINDS: tuple[str, ...] = ("quote", "claim")

#: Version of the wire format (`Statement.to_dict`) and of the index schema built from it (5: stored
#: fields are JSON, not pickles; 6: ids from an article's text and URL, not its path, and `sources`).
SCHEMA_VERSION = 6


def short_hash(*parts: str, size: int = 16) -> str:
    """Return a stable hex digest of the parts (joined by NUL)."""
    return hashlib.sha1("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:size]


def normalise_url(url: str) -> str:
    """Return a URL as an article id takes it: scheme and host in lower case, no fragment.

    Only what never changes the page: a path or a query may be case-sensitive, so it is kept.
    """
    from urllib.parse import urlsplit, urlunsplit

    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed URL (an unclosed `[`) is taken as written
        return url
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, ""))


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range into an article's original text."""

    start: int
    """Offset of the first character."""
    end: int
    """Offset one past the last character."""

    def slice(self, text: str) -> str:
        """Return the text this span covers."""
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Source:
    """Where an article came from: what a citation needs."""

    path: str | None = None
    """File path (or `-` for stdin) the article was read from."""
    title: str | None = None
    """Headline of the article."""
    publisher: str | None = None
    """Publication or site name."""
    date: str | None = None
    """Publication date, ISO 8601 (`YYYY-MM-DD`) where known."""
    url: str | None = None
    """Canonical URL of the article."""
    author: str | None = None
    """Byline of the article (not the speaker of its quotes)."""

    def to_dict(self) -> dict[str, str | None]:
        """Return the wire form (all keys present, null where unknown)."""
        return {
            "path": self.path,
            "title": self.title,
            "publisher": self.publisher,
            "date": self.date,
            "url": self.url,
            "author": self.author,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Source:
        """Build a source from its wire form (unknown keys are ignored)."""
        data = data or {}
        return cls(**{k: data.get(k) for k in ("path", "title", "publisher", "date", "url", "author")})


@dataclass(frozen=True, slots=True)
class Article:
    """One news article: its original text and where it came from."""

    text: str
    """The full text that offsets refer to (for HTML: the extracted main text)."""
    source: Source = field(default_factory=Source)
    """Metadata for citing the article."""
    key: str = ""
    """Where the article is, to tell on the next run whether it changed (its path, or its URL or id in
    a JSON-lines file); empty for stdin. Not its id: the same article has one id wherever it is."""

    @property
    def id(self) -> str:
        """What the article is: the same article gives the same id in any folder, on any machine.

        A hash of its text exactly, and of its URL (normalised lightly) where it has one. Exact
        text: statement offsets point into it, so two texts, even differing in whitespace, cannot
        share statement ids (an id names one statement everywhere). The URL, where given: one
        text at two addresses is two publications, each its own article. No title: extraction
        reads only the text, and copies of one wire story run under other headlines.
        """
        if self.source.url and self.source.url.strip():
            return short_hash("url", normalise_url(self.source.url), self.content_hash)
        return self.content_hash[:16]

    @property
    def content_hash(self) -> str:
        """Hash of the text alone, to tell a changed file from an unchanged one."""
        return short_hash(self.text, size=40)


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who made a statement, resolved to a canonical name where the article allows."""

    name: str | None = None
    """Canonical name: a person's full name, an organisation or a document."""
    role: str | None = None
    """Title or role (`State Secretary`, `defense minister`)."""
    org: str | None = None
    """Organisation the speaker speaks for (`Norwegian Ministry of Defense`)."""
    mention: str | None = None
    """The words at the attribution site (`he`, `Skogen`, `the defense minister`)."""

    def to_dict(self) -> dict[str, str | None]:
        """Return the wire form (all keys present, null where unknown)."""
        return {"name": self.name, "role": self.role, "org": self.org, "mention": self.mention}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | str | None) -> Speaker:
        """Build a speaker from its wire form (a bare string is taken as the name)."""
        if isinstance(data, str):
            return cls(name=data)
        data = data or {}
        return cls(**{k: data.get(k) for k in ("name", "role", "org", "mention")})

    def label(self) -> str:
        """Return a one-line human label: `Name (Role, Org)`."""
        name = self.name or self.mention or "unknown"

        # An unnamed speaker is often known by the role alone (`the Tory leader`): not `X (X)`.
        def bare(text: str) -> str:
            return text.casefold().removeprefix("the ").strip()

        extra = ", ".join(x for x in (self.role, self.org) if x and bare(x) != bare(name))
        return f"{name} ({extra})" if extra else name


@dataclass(frozen=True, slots=True)
class Statement:
    """An attributed statement: a quote (verbatim words) or a claim (reported speech)."""

    id: str
    """Stable id: a hash of (article id, start, end)."""
    kind: str
    """`quote` or `claim`."""
    text: str
    """The speaker's words: `article[start:end]`, or for several `parts` their texts joined by one space."""
    speaker: Speaker
    """Who said it."""
    cue: str | None
    """The speech verb or phrase (`said`, `according to`), if any."""
    source: Source
    """The article it was found in (of several copies of it, the first in `sources`)."""
    start: int
    """Offset of the statement's first character in the article text."""
    end: int
    """Offset one past its last character."""
    context: str = ""
    """The paragraph around the statement."""
    article_id: str = ""
    """Id of the article (see `Article.id`)."""
    cue_span: Span | None = None
    """Where the cue stands in the article, if found."""
    speaker_span: Span | None = None
    """Where the speaker is mentioned at the attribution site, if found."""
    parts: tuple[Span, ...] = ()
    """The pieces of a quotation interrupted by its attribution, in order (empty: one piece, start-end)."""
    sources: tuple[Source, ...] = ()
    """Every copy of the article indexed (a wire story in two files), oldest first; empty: only `source`."""

    @property
    def all_sources(self) -> tuple[Source, ...]:
        """Every copy of the article the statement was found in: `sources`, or `source` alone."""
        return self.sources or (self.source,)

    @property
    def pieces(self) -> tuple[Span, ...]:
        """The statement's pieces in the article: its `parts`, or the one span start-end."""
        return self.parts or (Span(self.start, self.end),)

    @staticmethod
    def join_parts(text: str, parts: tuple[Span, ...]) -> str:
        """Return the speaker's words of an interrupted quotation: its pieces joined by one space."""
        return " ".join(part.slice(text) for part in parts)

    @staticmethod
    def make_id(article_id: str, start: int, end: int) -> str:
        """Return the stable id for a statement of an article at [start, end)."""
        return short_hash(article_id, str(start), str(end))

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-lines object (the documented wire format)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "speaker": self.speaker.to_dict(),
            "cue": self.cue,
            "source": self.source.to_dict(),
            "start": self.start,
            "end": self.end,
            "context": self.context,
            "article_id": self.article_id,
            "cue_span": [self.cue_span.start, self.cue_span.end] if self.cue_span else None,
            "speaker_span": [self.speaker_span.start, self.speaker_span.end] if self.speaker_span else None,
            "parts": [[part.start, part.end] for part in self.pieces],
            "sources": [src.to_dict() for src in self.all_sources],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Statement:
        """Build a statement from its wire form."""

        def span(value: Any) -> Span | None:
            return Span(int(value[0]), int(value[1])) if value else None

        parts = tuple(Span(int(a), int(b)) for a, b in data.get("parts") or ())
        source = Source.from_dict(data.get("source"))
        # An export made before `sources` (schema 5) has `source` alone.
        sources = tuple(Source.from_dict(s) for s in data.get("sources") or ())

        return cls(
            id=data["id"],
            kind=data["kind"],
            text=data["text"],
            speaker=Speaker.from_dict(data.get("speaker")),
            cue=data.get("cue"),
            source=source,
            start=int(data["start"]),
            end=int(data["end"]),
            context=data.get("context") or "",
            article_id=data.get("article_id") or "",
            cue_span=span(data.get("cue_span")),
            speaker_span=span(data.get("speaker_span")),
            parts=parts if len(parts) > 1 else (),
            sources=sources if sources != (source,) else (),
        )

    def with_source(self, source: Source) -> Statement:
        """Return a copy with another source (and no other copies)."""
        return replace(self, source=source, sources=())

    def with_sources(self, sources: Iterable[Source]) -> Statement:
        """Return a copy found in these copies of its article (the first becomes `source`)."""
        found = tuple(dict.fromkeys(sources))
        if not found:
            return self
        return replace(self, source=found[0], sources=found if len(found) > 1 else ())


def source_order(source: Source) -> tuple[bool, tuple[str, ...]]:
    """Sort key of an article's copies: oldest first (undated last), then by path, URL and the rest."""
    rest = (source.path, source.url, source.title, source.publisher, source.author)
    return (source.date is None, (source.date or "", *(x or "" for x in rest)))


#: What a search score means, in bands: (name, lowest score), best first. Below the last: `weak`.
#: 100: the query's words stand in the statement as typed (case, accents aside); from 80, (nearly)
#: all of them, typos and other forms allowed; from 65, most of what the query says, weighed by how
#: rare each word is. Below that a hit is not plausibly what the user meant.
SCORE_BANDS: tuple[tuple[str, float], ...] = (("verbatim", 100.0), ("close", 80.0), ("related", 65.0))


def score_band(score: float) -> str:
    """Return the band of a score: `verbatim`, `close`, `related` or `weak` (see `SCORE_BANDS`)."""
    return next((name for name, low in SCORE_BANDS if score >= low), "weak")


@dataclass(frozen=True, slots=True)
class Hit:
    """A statement found by a search, with how well and where it matched."""

    statement: Statement
    """The statement found."""
    score: float
    """Match quality, 0-100 (100: the query occurs verbatim)."""
    match: Span | None = None
    """Where in `statement.text` the query matched best (offsets into the text)."""

    @property
    def band(self) -> str:
        """What the score means: `verbatim`, `close`, `related` or `weak` (see `SCORE_BANDS`)."""
        return score_band(self.score)

    def to_dict(self) -> dict[str, Any]:
        """Return the statement's wire form plus `score`, `band` and `match`."""
        data = self.statement.to_dict()
        data["score"] = round(self.score, 1)
        data["band"] = self.band
        data["match"] = [self.match.start, self.match.end] if self.match else None
        return data


@dataclass(frozen=True, slots=True)
class SpeakerSummary:
    """One speaker of the index, with what was merged under the name."""

    name: str
    """Canonical name."""
    count: int
    """Number of statements attributed to the speaker."""
    roles: tuple[str, ...] = ()
    """Roles seen for the speaker, most frequent first."""
    orgs: tuple[str, ...] = ()
    """Organisations seen for the speaker, most frequent first."""
    aliases: tuple[str, ...] = ()
    """Other words the articles used for the speaker (surnames, role nouns, pronouns excluded)."""

    def to_dict(self) -> dict[str, Any]:
        """Return the wire form."""
        return {
            "name": self.name,
            "count": self.count,
            "roles": list(self.roles),
            "orgs": list(self.orgs),
            "aliases": list(self.aliases),
        }


@dataclass(frozen=True, slots=True)
class IndexSummary:
    """What one indexing run did."""

    articles: int = 0
    """Articles read and (re)indexed."""
    unchanged: int = 0
    """Articles skipped because the index already holds the same text."""
    skipped: int = 0
    """Inputs that could not be read."""
    quotes: int = 0
    """Quotes written."""
    claims: int = 0
    """Claims written."""
    speakers: int = 0
    """Distinct speaker names among the statements written."""
    removed: int = 0
    """Statements removed (replaced or pruned)."""
    duplicates: int = 0
    """Articles given again under a key another input of the run gave (the last copy is kept)."""

    @property
    def statements(self) -> int:
        """Quotes plus claims written."""
        return self.quotes + self.claims


@dataclass(frozen=True, slots=True)
class DiffOp:
    """One step of a word-level diff from a checked wording to the attested one."""

    op: str
    """`equal`, `replace`, `delete` (words only in the checked text) or `insert` (only attested)."""
    checked: str
    """The words of the checked text in this step (empty for `insert`)."""
    attested: str
    """The attested words in this step, as the article spells them (empty for `delete`)."""

    def to_dict(self) -> dict[str, str]:
        """Return the wire form."""
        return {"op": self.op, "checked": self.checked, "attested": self.attested}


#: Outcomes of `verify`: the words occur as said, a close variant occurs, or nothing close does.
VERDICTS: tuple[str, ...] = ("verbatim", "variant", "other_speaker", "speaker_unknown", "not_found")
#: The outcomes of `verify` that confirm the quote as asked (exit code 0).
CONFIRMED: tuple[str, ...] = ("verbatim", "variant")


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a quote is attested in the index, and against which wording."""

    status: str
    """`verbatim` (same words, same order; case, accents and punctuation aside), `variant`,
    `other_speaker` or `speaker_unknown` (attested, but not under the speaker asked for), or
    `not_found`."""
    text: str
    """The wording that was checked."""
    score: float
    """Word-level similarity, 0-100, of the checked wording to the attested one (100: verbatim)."""
    statement: Statement | None = None
    """The closest attested statement (also given when `not_found`, if anything came close at all)."""
    match: Span | None = None
    """The attested wording: offsets into `statement.text`."""
    diff: tuple[DiffOp, ...] = ()
    """Word-level steps from the checked wording to the attested one."""
    also: tuple[str, ...] = ()
    """Ids of other statements that attest the same wording equally well (other articles, copies)."""
    wording: str | None = None
    """For `other_speaker` and `speaker_unknown`: how the words are attested, `verbatim` or `variant`."""

    @property
    def found(self) -> bool:
        """True when the wording is attested as asked (under the speaker asked for, if any)."""
        return self.status in CONFIRMED

    @property
    def attested(self) -> bool:
        """True when the wording is attested at all, whoever the article credits."""
        return self.status != "not_found"

    def to_dict(self) -> dict[str, Any]:
        """Return the wire form: the verdict, the attested statement's wire form, and the diff."""
        return {
            "status": self.status,
            "text": self.text,
            "score": round(self.score, 1),
            "statement": self.statement.to_dict() if self.statement else None,
            "match": [self.match.start, self.match.end] if self.match else None,
            "diff": [d.to_dict() for d in self.diff],
            "also": list(self.also),
            "wording": self.wording,
        }


@dataclass(frozen=True, slots=True)
class Attestation:
    """One statement that attests a traced quote: its wording, and how it differs from the earliest."""

    statement: Statement
    """The attesting statement (its source gives the outlet and the date)."""
    score: float
    """Word-level similarity, 0-100, of the attested wording to the quote traced (100: verbatim)."""
    match: Span | None = None
    """The attested wording: offsets into `statement.text`."""
    diff: tuple[DiffOp, ...] = ()
    """Word-level steps from the earliest attestation's wording to this one's (`checked`: earliest)."""
    drift: bool = False
    """True when the words differ from the earliest attestation's (case and punctuation aside)."""
    other_speaker: bool = False
    """True when the speaker credited is named and is not the earliest attestation's named speaker."""

    @property
    def wording(self) -> str:
        """The attested words, as the article spells them."""
        return self.match.slice(self.statement.text) if self.match else self.statement.text

    def wdiff(self) -> str:
        """The diff from the earliest wording in wdiff notation: `[-earliest-]{+this one+}`."""
        out: list[str] = []
        for step in self.diff:
            if step.op == "equal":
                out.append(step.checked)
                continue
            removed = f"[-{step.checked}-]" if step.checked else ""
            added = f"{{+{step.attested}+}}" if step.attested else ""
            out.append(removed + added)
        return " ".join(out)

    def to_dict(self) -> dict[str, Any]:
        """Return the statement's wire form plus `score`, `match`, `wording`, `diff`, `wdiff`,
        `drift` and `other_speaker`."""
        data = self.statement.to_dict()
        data["score"] = round(self.score, 1)
        data["match"] = [self.match.start, self.match.end] if self.match else None
        data["wording"] = self.wording
        data["diff"] = [d.to_dict() for d in self.diff]
        data["wdiff"] = self.wdiff()
        data["drift"] = self.drift
        data["other_speaker"] = self.other_speaker
        return data
