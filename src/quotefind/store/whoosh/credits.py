"""Who said what, read light: the speakers and articles of a stored name's statements, not whole statements.

A `speakers` page reads every statement of the names that may split (`Bank` of England, of Japan):
~21,600 at 1M statements. It needs only each statement's speaker and article id: an index
written since the `speaker_credit` column holds them apart (`credit_value`), read in place; for a
statement written before it, they are cut from the stored document's JSON text. Each segment's
columns are opened without Whoosh's walk over every document's length (see `_column_values`).
Full statements (`Statement.from_dict` over Whoosh's stored fields) took ~0.7 s of that first
page's ~1.2 s; inflating the stored documents ~0.25 s of what was left.
"""

from __future__ import annotations

import json
import re
import weakref
from collections.abc import Callable, Iterator
from typing import Any

from quotefind.model import Speaker
from quotefind.store.whoosh.schema import STATEMENT
from quotefind.store.whoosh.stored import StoredFieldsError, decode_stored

#: The column of each statement's speaker and article id (`credit_value`).
CREDIT_COLUMN = "speaker_credit"

#: The stored document's key of the statement's JSON text, and of its article id. In JSON text a
#: `"` inside a string is always escaped: these, unescaped, can only be keys of the document.
_DATA = b'"data":"'
_ARTICLE = b'"article_id":"'
#: The statement's `"speaker": ` key as it stands, escaped, inside the document's `data` string.
#: A string of the statement holding those characters is escaped once more (`\\\"speaker\\\"`), and
#: no object of the statement holds a `speaker` key: the first in the data string is the speaker's.
_SPEAKER = b'\\"speaker\\": '
#: How much of the data string after the speaker key is unescaped first (a speaker object is short).
_WINDOW = 512

_DECODER = json.JSONDecoder()
#: The speaker name of a `credit_value` (group 1; None for null) where no escape is in the way.
_CREDIT_NAME = re.compile(rb'\["[^"\\]*", ?(?:"([^"\\]*)"|null)[,\]]')
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def credit_value(speaker: Speaker, article_id: str | None) -> bytes:
    """The `speaker_credit` column value of a statement: a JSON list of its article id and its
    speaker's name, role, organisation and mention. Never empty: in the column, an empty value
    is a document that is no statement, or a statement written before the column was."""
    value = [article_id or "", speaker.name, speaker.role, speaker.org, speaker.mention]
    return _ENCODER.encode(value).encode("utf-8", "surrogatepass")


def credit_from_value(
    value: bytes | memoryview, known: dict[bytes, Speaker] | None = None
) -> tuple[Speaker, str]:
    """Return (speaker, article id) of a `credit_value` (StoredFieldsError when it is not one).

    `known` keeps the speakers decoded, by the text after the article id: a name's statements
    credit the same few speakers again and again."""
    if known is not None:
        data = bytes(value)
        end = _article_end(data)
        if end > 0:
            rest = data[end + 2 :]
            speaker = known.get(rest)
            if speaker is None:
                speaker = known[rest] = credit_from_value(value)[0]
            return speaker, data[2:end].decode("utf-8", "surrogatepass")
    try:
        article, name, role, org, mention = json.loads(str(value, "utf-8", "surrogatepass"))
    except (TypeError, ValueError) as exc:
        raise StoredFieldsError(f"a statement's speaker credit is garbled ({exc!r})") from None
    return Speaker(name=name, role=role, org=org, mention=mention), article


def credit_of(document: bytes, known: dict[bytes, Speaker] | None = None) -> tuple[Speaker, str]:
    """Return (speaker, article id) of a statement's stored document (its JSON bytes), parsing only
    those two; StoredFieldsError when it is not a statement.

    `known` keeps the speakers parsed, by their text in the document: a name's statements credit
    the same few speakers again and again.
    """
    try:
        data = document.index(_DATA) + len(_DATA)
        # The data string ends at the first `}"` after it: its object's `}`, and the one quote in
        # it that is not escaped.
        at = document.index(_SPEAKER, data, document.index(b'}"', data)) + len(_SPEAKER)
        article = document.index(_ARTICLE) + len(_ARTICLE)
        article_end = document.index(b'"', article)
        # An escape in the id: read it all, below.
        if b"\\" in document[article:article_end]:
            raise ValueError("an escape in the article id")
        # The speaker's text up to its first `}`: all of it, unless a value holds a `}`.
        text = document[at : document.index(b"}", at) + 1]
        speaker = known.get(text) if known is not None else None
        if speaker is None:
            speaker, whole = _speaker_at(document, at, text)
            if whole and known is not None:
                known[text] = speaker
        return speaker, document[article:article_end].decode("utf-8", "surrogatepass")
    except ValueError:  # UnicodeDecodeError and JSONDecodeError too
        return credit_from_fields(decode_stored(document))


def _speaker_at(document: bytes, at: int, text: bytes) -> tuple[Speaker, bool]:
    """The speaker whose escaped JSON starts at `at`, and whether `text` holds all of it (ValueError
    when neither it nor the window after `at` does)."""
    from json.decoder import scanstring

    # Unescaped, `text` is the speaker's JSON exactly when it parses whole: a `}` inside a value
    # leaves a string open (a JSON error); a bare-string speaker leaves text over.
    try:
        inner = scanstring(text.decode("utf-8", "surrogatepass") + '"', 0)[0]
        value, end = _DECODER.raw_decode(inner)
        if end == len(inner):
            return Speaker.from_dict(value), True
    except ValueError:
        pass
    # A cut escape or character in the window is a ValueError too: the caller reads it all.
    window = document[at : at + _WINDOW].decode("utf-8", "surrogatepass")
    return Speaker.from_dict(_DECODER.raw_decode(scanstring(window + '"', 0)[0])[0]), False


def credit_from_fields(fields: dict[str, Any]) -> tuple[Speaker, str]:
    """Return (speaker, article id) of a statement's stored fields, its whole JSON text parsed."""
    try:
        statement = json.loads(fields["data"])
        return Speaker.from_dict(statement.get("speaker")), fields.get("article_id") or ""
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StoredFieldsError(f"a statement's stored data is not a statement ({exc!r})") from None


#: Where a stored name's statements are: (segment reader, its live document numbers) by segment.
Postings = list[tuple[Any, list[int]]]


def name_postings(searcher: Any, name: str, limit: int | None = None) -> Postings:
    """Return the segments holding statements whose stored speaker name is exactly `name`, each with
    their live document numbers, in index order; with a `limit`, the first that many statements.
    Their number is the name's exact count (deleted statements left out)."""
    from whoosh.reading import TermNotFound

    out: Postings = []
    left = limit
    for sub, _ in searcher.leaf_searchers():
        if left is not None and left <= 0:
            break
        reader = sub.reader()
        try:
            docnums = live_ids(reader, "speaker_name", name, left)
        except TermNotFound:
            continue
        if docnums:
            out.append((reader, docnums))
        if left is not None:
            left -= len(docnums)
    return out


def speaker_credits(
    searcher: Any, name: str, limit: int | None = None, postings: Postings | None = None
) -> Iterator[tuple[Speaker, str]]:
    """Yield (speaker, article id) of the statements whose stored speaker name is exactly `name`
    (deleted ones skipped), in index order, as their statements are stored;
    with a `limit`, of the first that many. `postings` are the name's (`name_postings`), if known."""
    known: dict[bytes, Speaker] = {}
    decoded: dict[bytes, Speaker] = {}
    left = limit
    for reader, docnums in name_postings(searcher, name, limit) if postings is None else postings:
        if left is not None:
            if left <= 0:
                return
            docnums = docnums[:left]
            left -= len(docnums)
        credit = _credit_values(reader)
        document: Callable[[int], bytes] | None = None
        for docnum in docnums:
            value = credit(docnum) if credit is not None else b""
            if value:
                yield credit_from_value(value, decoded)
                continue
            # Written before the column: from the stored document.
            document = document or _stored_documents(reader)
            if document is None:
                yield credit_from_fields(reader.stored_fields(docnum))
            else:
                yield credit_of(document(docnum), known)


def live_ids(reader: Any, field: str, term: str, limit: int | None = None) -> list[int]:
    """Return the segment's document numbers of a term, deleted documents left out, in order; with
    a `limit`, the first that many (TermNotFound when the segment lacks the term).

    Whoosh's `all_ids` makes three Python calls a posting (and one more to skip a deleted one):
    this takes each block's ids at once, as `patches.skip_by_bisection` does, where the matcher is
    the Whoosh 3 leaf matcher it knows, and asks Whoosh otherwise.
    """
    from itertools import islice

    matcher = reader.postings(field, term)
    deleted = reader.deleted_docs_set if reader.has_deletions() else ()
    leaf = getattr(matcher, "child", matcher) if deleted else matcher
    if type(leaf).__name__ != "W3LeafMatcher" or not hasattr(leaf, "_read_ids"):
        return list(islice(matcher.all_ids(), limit))
    out: list[int] = []
    while leaf.is_active():
        if leaf._ids is None:
            leaf._read_ids()
        block = leaf._ids[leaf._i :]
        if deleted:
            out.extend(d for d in block if d not in deleted)
        else:
            out.extend(block)
        if limit is not None and len(out) >= limit:
            return out[:limit]
        leaf._next_block()
    return out


#: Each segment's columns read by `_column_values`, by its per-document reader and the column's
#: name, made once while it is open.
_COLUMNS: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()


def _cached(reader: Any, name: str, make: Callable[[Any], Any]) -> Any:
    """`make(reader)`, made once per segment while its reader lives (None where it cannot be)."""
    try:
        kept = _COLUMNS.setdefault(reader._perdoc, {})
    except (AttributeError, TypeError):
        return None
    if name not in kept:
        kept[name] = make(reader)
    return kept[name]


def _stored_documents(reader: Any) -> Callable[[int], bytes] | None:
    """`_read_stored_documents` of a segment, made once while its reader lives."""
    return _cached(reader, "_stored", _read_stored_documents)  # type: ignore[no-any-return]


def _credit_column(reader: Any) -> tuple[Any, Callable[[int], bytes | memoryview], Any, Any] | None:
    return _column_values(reader, CREDIT_COLUMN)


def _credit_values(reader: Any) -> Callable[[int], bytes | memoryview] | None:
    """A function from a segment's document number to its `speaker_credit` value (b"" for a
    document that has none), or None when the segment has no such column."""
    found = _cached(reader, CREDIT_COLUMN, _credit_column)
    return None if found is None else found[1]  # type: ignore[no-any-return]


def has_credits(reader: Any) -> bool:
    """True when every statement of the segment, deleted ones too, has its `speaker_credit`
    (and so its `speaker_of` terms): the segment was written, or merged only from segments
    written, since those fields were. Else the readers read what was there before them."""
    statements = reader.doc_frequency("doctype", STATEMENT)
    found = _cached(reader, CREDIT_COLUMN, _credit_column)
    if found is None:
        return statements == 0 and not reader.has_column(CREDIT_COLUMN)
    lengths = found[0]
    return bool(len(lengths) - lengths.count(0) == statements)


def deleted_names(reader: Any) -> list[bytes] | None:
    """The stored speaker names (as `speaker_name` terms) of the statements deleted from a segment,
    one per statement, read from their `speaker_credit`; None when some deleted document may be
    a statement without one."""
    if not has_credits(reader):
        return None
    credit = _credit_values(reader)
    if credit is None:  # no statement in the segment
        return []
    lengths, _, offsets, view = _cached(reader, CREDIT_COLUMN, _credit_column)
    match = _CREDIT_NAME.match
    names = []
    for docnum in reader.deleted_docs_set if reader.has_deletions() else ():
        size = lengths[docnum]
        if not size:
            continue
        # Matched in the mapped file itself where it is one: no copy, no call a document.
        found = match(view, offsets[docnum], offsets[docnum] + size) if view is not None else None
        name = found.group(1) if found else credit_name(bytes(credit(docnum)))
        if name:
            names.append(name)
    return names


def _article_end(value: bytes) -> int:
    """Where the article id of a `credit_value` ends (its closing quote), or -1 where it cannot be
    cut from the JSON text (an escape in it): the cut fast paths of `credit_from_value` and
    `credit_name`."""
    end = value.find(b'",', 2)
    return end if value.startswith(b'["') and end > 0 and b"\\" not in value[2:end] else -1


def credit_name(value: bytes) -> bytes:
    """The speaker name of a `credit_value` as its `speaker_name` term (b"" for none), cut from the
    JSON text where no escape is in the way (the article id and the name are its first two items;
    ~19,000 deleted statements at 1M), else decoded."""
    end = _article_end(value)
    if end > 0:
        at = end + 3 if value.startswith(b" ", end + 2) else end + 2
        if value.startswith(b"null", at):
            return b""
        stop = value.find(b'"', at + 1)
        name = value[at + 1 : stop]
        if value.startswith(b'"', at) and stop > 0 and b"\\" not in name:
            return name
    found = credit_from_value(value)[0].name
    return found.encode("utf-8") if found else b""


def _read_stored_documents(reader: Any) -> Callable[[int], bytes] | None:
    """A function from a segment's document number to its stored document (JSON bytes, as
    `stored.encode_stored` wrote them), or None when the segment is not the format this reads.

    The stored column is Whoosh's `CompressedBytesColumn` (`patches.json_stored_fields`): each
    document zlib-compressed, laid out as `_column_values` reads it.
    """
    import zlib

    from quotefind.store.whoosh.compress import inflate

    try:
        from whoosh.codec.whoosh3 import STORED_COLUMN

        child = getattr(STORED_COLUMN, "_child", None)
        if type(child).__name__ != "CompressedBytesColumn" or getattr(child, "_module", None) != "zlib":
            return None
    except ImportError:
        return None
    found = _column_values(reader, "_stored")
    if found is None:
        return None
    raw = found[1]
    decompress = inflate()

    def document(docnum: int) -> bytes:
        data = raw(docnum)
        if not data:
            return b""
        try:
            return decompress(data)
        except zlib.error as exc:  # a damaged index, said so (`damage.diagnose`)
            raise StoredFieldsError(f"a stored document is not a zlib stream ({exc})") from None

    return document


def _column_values(
    reader: Any, name: str
) -> tuple[Any, Callable[[int], bytes | memoryview], list[int], memoryview | None] | None:
    """The lengths of a segment's column of variable-length values (Whoosh's `VarBytesColumn`,
    or a `CompressedBytesColumn`, laid out alike), a function from a document number to its
    value as written, their offsets and the mapped file (None where it is not one); None when the
    segment has no such column or is not the format this reads.

    The values, then a big-endian array of their lengths, then (in a segment of over 32,768
    documents) one of their offsets, then type codes. Whoosh's reader works out each document's
    offset in a Python loop when it opens the column (~1M at 1M statements, ~0.1 s); here
    `accumulate` does it.
    """
    import struct
    from itertools import accumulate

    try:
        perdoc = reader._perdoc
        if name not in perdoc._colfiles:
            if not perdoc.has_column(name):
                return None
            # Where Whoosh's own column reader keeps it, to close it with the segment.
            perdoc._colfiles[name] = perdoc._get_column_file(name)
        colfile, base, length = perdoc._colfiles[name]
        count = perdoc._doccount
        end = base + length - 1
        code = chr(colfile.get_byte(end))
        if code == "X":  # the offsets are written too, after the lengths
            code = chr(colfile.get_byte(end - 2))
            end = end - 2 - count * struct.calcsize(chr(colfile.get_byte(end - 1)))
        lengths = colfile.get_array(end - count * struct.calcsize(code), code, count)
    except (AttributeError, KeyError, TypeError, ValueError, OSError, struct.error):
        return None
    offsets = list(accumulate(lengths, initial=base))
    # The mapped file itself where it is one (`patches.read_segments_in_place`): sliced in place.
    view = colfile._buf if isinstance(getattr(colfile, "_buf", None), memoryview) else None
    get = colfile.get

    def value(docnum: int) -> bytes | memoryview:
        size = lengths[docnum]
        if not size:
            return b""
        at = offsets[docnum]
        return view[at : at + size] if view is not None else get(at, size)  # type: ignore[no-any-return]

    return lengths, value, offsets, view
