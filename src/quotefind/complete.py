"""Tab completion from the index: `--speaker` names and statement ids, read from the term index
alone (no stored document), so a completion stays fast on a big archive.

The speaker names and their counts are kept in a small file in the index folder (`NAMES_FILE`),
the ids in another (`IDS_FILE`): a completion reads them without opening the index nor importing
Whoosh. They are made in the background after a write session on an index that has them or is
big (`refresh_after_commit`), else by the first completion after the index changed. A completion
without them (an index written by an older quotefind, copied without its dot-files, or completed
just after a run) reads Whoosh's term files directly (`termfiles`: for 100,000 statements ~50
ms for an id prefix, ~80 ms for the names, as whole processes, where importing Whoosh and opening
the index cost ~130 ms more), and through Whoosh only an index that module cannot read.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

#: `typing.TYPE_CHECKING` without importing `typing` (~2 ms of a ~45 ms completion process).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Whoosh's name for the index in the folder (`store.whoosh.schema.INDEXNAME`, whose import costs a
#: completion ~10 ms of model imports; tests/test_termfiles.py checks that they agree).
INDEXNAME = "MAIN"

#: At most this many suggestions: a shell shows no more usefully.
MOST = 50
#: Ids are lowercase hex; an article's bookkeeping document has `article:` ids, never offered.
_HEX = frozenset("0123456789abcdef")
_HEX_LINE = re.compile(r"^[0-9a-f]+$", re.MULTILINE)
#: The speaker names and counts of the index state named in its first line (see `_state`).
NAMES_FILE = ".complete-speakers.json"
#: The statement ids, sorted, one a line, after the index state in the first line (see `_state`).
IDS_FILE = ".complete-ids.txt"
#: A table of contents of the index (`_MAIN_12.toc`): a commit writes the next generation.
_TOC = re.compile(rf"_{INDEXNAME}_(\d+)\.toc")
#: The marker of a quotefind index (`location.MARKER`; that module costs a completion its imports).
_MARKER = "quotefind.json"


def speaker_names(location: Path, incomplete: str, *, most: int = MOST) -> list[str]:
    """Completions of `--speaker` from the index's speaker names, most statements first.

    A name completes from the start of any of its words, case aside: `sko` gives `skogen` (the
    rest of *Tone Skogen* after what was typed), `tone` gives `tone Skogen`. What was typed is kept
    as typed, since shells (and Typer) offer only words that start with it; `--speaker` ignores
    case. An empty `incomplete` gives whole names.
    """
    typed = incomplete.lstrip()
    wanted = typed.casefold()
    best: dict[str, int] = {}
    for name, count in name_counts(location).items():
        if wanted not in name.casefold():
            continue
        starts = [0] + ([i + 1 for i, ch in enumerate(name) if ch in " -"] if typed else [])
        for i in starts:
            if name[i : i + len(typed)].casefold() == wanted:
                offer = typed + name[i + len(typed) :]
                best[offer] = max(best.get(offer, 0), count)
    return [offer for offer, _ in sorted(best.items(), key=lambda oc: (-oc[1], oc[0]))[:most]]


def name_counts(location: Path) -> dict[str, int]:
    """The number of statements of each speaker name of the index: from `NAMES_FILE` when it is of
    the index's current state, else from the index (and the file is written again for the next)."""
    state = _state(location)
    if state is not None:
        try:
            with open(location / NAMES_FILE, encoding="utf-8") as f:
                if json.loads(f.readline()) == state:
                    found: dict[str, int] = json.loads(f.read())
                    return found
        except (OSError, ValueError):
            pass  # none yet, or one half-written by hand: read the index
    counts: dict[str, int] = _read_index(location, state, ids=False)[0]
    return counts


def _read_index(location: Path, state: list[int] | None, *, names: bool = True, ids: bool = True) -> Any:
    """Read the speaker names' counts and/or the sorted statement ids from the index's term index,
    and write their files when `state` (read before opening the index) is still current.

    The term files are read directly (`termfiles`: no Whoosh import, no opening the index: ~130
    ms less for 100,000 statements); Whoosh reads an index they cannot (and says what is wrong).
    """
    from quotefind import termfiles

    try:
        with termfiles.TermFiles(location) as files:
            counts = files.name_counts() if names else {}
            listed = _hex_sorted(files.all_ids()) if ids else []
    except termfiles.UnreadableError:
        counts, listed = _read_with_whoosh(location, names=names, ids=ids)
    # The state read before opening: a commit in between makes the files stale, never wrongly fresh.
    if state is not None and state == _state(location):
        if names:
            _write(location / NAMES_FILE, json.dumps(state) + "\n" + json.dumps(counts))
        if ids:
            _write(location / IDS_FILE, "\n".join([json.dumps(state), *listed, ""]))
    return counts, listed


def _read_with_whoosh(location: Path, *, names: bool, ids: bool) -> tuple[dict[str, int], list[str]]:
    """`_read_index` through Whoosh: its reader of the term index."""
    from quotefind.store.whoosh.location import open_index
    from quotefind.store.whoosh.read import speaker_name_counts

    with open_index(location).searcher() as searcher:
        return (speaker_name_counts(searcher) if names else {}), (_index_ids(searcher) if ids else [])


def refresh(location: Path) -> None:
    """Write the completion files for the index as it is now (after a commit: the first completion
    then reads them instead of the index). Never fails: a completion reads the index instead."""
    try:
        _read_index(location, _state(location))
    except Exception:  # a completion file is a cache: the next completion makes it
        return


def refresh_after_commit(location: Path) -> None:
    """After a write session's last commit: `refresh` the completion files of an index that has
    them (tab completion is used on it), or of one too big to complete from without them (`BIG`),
    so that the first completion after the commit reads them.

    In a process of its own, not waited for (as `git gc --auto` does): for 100,000 statements the
    files cost ~175 ms to make, more than a one-file `quotefind index` run; starting the process
    costs the run a few ms. A completion before it is done reads the term files, as it would
    without it. A small index never completed pays nothing: a completion reads it in time.
    """
    if not (os.path.lexists(location / NAMES_FILE) or os.path.lexists(location / IDS_FILE) or _big(location)):
        return
    _refresh_in_background(location)


#: Segments of more bytes than this make an index worth completion files after each write session.
#: On 100,000 statements (~170 MB) a completion without them takes ~50-85 ms, with them ~45 (when
#: it read the index through Whoosh, ~220-250 ms). This is ~2,500 such statements; smaller ones
#: (and every test's index) start no process.
BIG = 4 * 2**20


def _big(location: Path) -> bool:
    """Whether the index's segment files hold more than `BIG` bytes (its folder listed, not opened)."""
    total = 0
    try:
        with os.scandir(location) as entries:
            for entry in entries:
                if entry.name.endswith(".seg"):
                    total += entry.stat().st_size
                    if total > BIG:
                        return True
    except OSError:  # a cache: without the files, the first completion reads the index
        return False
    return False


def _refresh_in_background(location: Path) -> None:
    """Start `refresh` of the completion files in a process of its own, not waited for."""
    import subprocess
    import sys

    _REFRESHING[:] = [done for done in _REFRESHING if done.poll() is None]
    # At a lower priority: on a busy machine, the completions the user waits for come first.
    script = (
        "import os, sys, pathlib, quotefind.complete as c\n"
        "if hasattr(os, 'nice'):\n    os.nice(10)\n"
        "c.refresh(pathlib.Path(sys.argv[1]))"
    )
    with contextlib.suppress(OSError):  # a cache: without it, the next completion reads the index
        _REFRESHING.append(
            subprocess.Popen(
                [sys.executable, "-c", script, str(location)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # a Ctrl-C at the shell after the run does not stop it
            )
        )


#: The refreshes started by this process: kept so that none is reported as left running.
_REFRESHING: list[Any] = []


def _write(kept: Path, text: str) -> None:
    """Replace `kept` whole (a reader sees the old file or the new, never half of one)."""
    tmp = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, kept)
    except OSError:  # a read-only archive: completions read the index each time
        tmp.unlink(missing_ok=True)


def _index_ids(searcher: Any) -> list[str]:
    """The statement ids of the index in order (hex ones only: not an article's bookkeeping)."""
    from quotefind.store.whoosh.read import _doc_frequencies

    terms: list[bytes] = []
    for sub, _ in searcher.leaf_searchers():
        reader = sub.reader()
        if not reader.has_deletions():
            # The term file read directly: Whoosh's own lexicon costs several times as much.
            fast = _doc_frequencies(reader, "id")
            terms.extend(reader.lexicon("id") if fast is None else (term for term, _ in fast))
            continue
        # A replaced statement's id stays in the term index until its segment is merged: its
        # postings skip the deleted document.
        for term in reader.lexicon("id"):
            if any(True for _ in reader.postings("id", term).all_ids()):
                terms.append(term)
    return _hex_sorted(terms)


def _hex_sorted(terms: Iterable[bytes]) -> list[str]:
    """The hex terms (statement ids), sorted, each once."""
    # One regex over all the terms keeps the hex ones, much faster than a test per term.
    return sorted(set(_HEX_LINE.findall(b"\n".join(terms).decode("utf-8"))))


def _state(location: Path) -> list[int] | None:
    """What tells one state of the index from another, read without opening it: the generation of
    its newest table of contents, and that file's inode, time and size (an index deleted and built
    again starts again at generation 0). None when there is none (no index: open it to say so)."""
    try:
        generations = [int(m.group(1)) for name in os.listdir(location) if (m := _TOC.fullmatch(name))]
        if not generations or not os.path.lexists(location / _MARKER):
            return None
        newest = max(generations)
        st = os.stat(location / f"_{INDEXNAME}_{newest}.toc")
    except OSError:
        return None
    return [newest, st.st_ino, st.st_mtime_ns, st.st_size]


def statement_ids(location: Path, incomplete: str, *, most: int = MOST) -> list[str]:
    """Statement ids of the index that start with `incomplete` (a hex prefix), in id order: from
    `IDS_FILE` when it is of the index's current state, else from the index (the file is then made
    in the background for the next completion)."""
    prefix = incomplete.strip().lower()
    if not set(prefix) <= _HEX:
        return []
    state = _state(location)
    ids: list[str] | None = None
    if state is not None:
        try:
            with open(location / IDS_FILE, encoding="utf-8") as f:
                if json.loads(f.readline()) == state:
                    ids = f.read().split("\n")
        except (OSError, ValueError):
            pass  # none yet, or one garbled: read the index
    if ids is None or ids.pop() != "":  # a file cut short lacks its last newline
        if state is not None and os.access(location, os.W_OK):
            # The first completion of an index: the file is made in the background (listing 100,000
            # ids costs more than a completion may take); this one reads the ids with the prefix.
            _refresh_in_background(location)
        # (a read-only archive keeps no file: the index's terms with the prefix alone, every time)
        return _prefixed_ids(location, prefix, most)
    # The ids are sorted: those with the prefix follow the first at or after it.
    out: list[str] = []
    for text in itertools.islice(ids, bisect.bisect_left(ids, prefix), None):
        if not text.startswith(prefix) or len(out) >= most:
            break
        if set(text) <= _HEX:
            out.append(text)
    return out


def _prefixed_ids(location: Path, prefix: str, most: int) -> list[str]:
    """The statement ids with the prefix, read from the index's term files (`termfiles`), or
    through Whoosh where those cannot be read directly."""
    from quotefind import termfiles

    try:
        with termfiles.TermFiles(location) as files:
            return files.ids(prefix, most=most, wanted=_HEX.issuperset)
    except termfiles.UnreadableError:
        return _prefixed_ids_with_whoosh(location, prefix, most)


def _prefixed_ids_with_whoosh(location: Path, prefix: str, most: int) -> list[str]:
    """`_prefixed_ids` through Whoosh's reader of the term index."""
    from quotefind.store.whoosh.location import open_index

    out: list[str] = []
    with open_index(location).searcher() as searcher:
        reader = searcher.reader()
        # A replaced statement's id stays in the term index until its segment is merged.
        deletions = reader.has_deletions()
        for term in reader.expand_prefix("id", prefix):
            text = _text(term)
            if set(text) <= _HEX and (not deletions or searcher.document_number(id=text) is not None):
                out.append(text)
                if len(out) >= most:
                    break
    return out


def _text(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term
