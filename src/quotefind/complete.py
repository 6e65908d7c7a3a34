"""Tab completion from the index: `--speaker` names and statement ids, read from the term index
alone (no stored document), so a completion stays fast on a big archive."""

from __future__ import annotations

from pathlib import Path

#: At most this many suggestions: a shell shows no more usefully.
MOST = 50
#: Ids are lowercase hex; an article's bookkeeping document has `article:` ids, never offered.
_HEX = frozenset("0123456789abcdef")


def speaker_names(location: Path, incomplete: str, *, most: int = MOST) -> list[str]:
    """Completions of `--speaker` from the index's speaker names, most statements first.

    A name completes from the start of any of its words, case aside: `sko` gives `skogen` (the
    rest of *Tone Skogen* after what was typed), `tone` gives `tone Skogen`. What was typed is kept
    as typed, since shells (and Typer) offer only words that start with it; `--speaker` ignores
    case. An empty `incomplete` gives whole names.
    """
    from quotefind.store.whoosh.location import open_index
    from quotefind.store.whoosh.read import speaker_name_counts

    typed = incomplete.lstrip()
    wanted = typed.casefold()
    with open_index(location).searcher() as searcher:
        counts = speaker_name_counts(searcher)
    best: dict[str, int] = {}
    for name, count in counts.items():
        starts = [0] + ([i + 1 for i, ch in enumerate(name) if ch in " -"] if typed else [])
        for i in starts:
            if name[i : i + len(typed)].casefold() == wanted:
                offer = typed + name[i + len(typed) :]
                best[offer] = max(best.get(offer, 0), count)
    return [offer for offer, _ in sorted(best.items(), key=lambda oc: (-oc[1], oc[0]))[:most]]


def statement_ids(location: Path, incomplete: str, *, most: int = MOST) -> list[str]:
    """Statement ids of the index that start with `incomplete` (a hex prefix), in id order."""
    from quotefind.store.whoosh.location import open_index

    prefix = incomplete.strip().lower()
    if not set(prefix) <= _HEX:
        return []
    out: list[str] = []
    with open_index(location).searcher() as searcher:
        reader = searcher.reader()
        # A replaced statement's id stays in the term index until its segment is merged.
        deletions = reader.has_deletions()
        for term in reader.expand_prefix("id", prefix):
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            if set(text) <= _HEX and (not deletions or searcher.document_number(id=text) is not None):
                out.append(text)
                if len(out) >= most:
                    break
    return out
