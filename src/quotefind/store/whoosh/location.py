"""Where an index lives, the marker that makes a folder one, and opening or creating it."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

from quotefind.errors import IndexMissingError, IndexVersionError, NotAnIndexError
from quotefind.model import SCHEMA_VERSION
from quotefind.store.whoosh.damage import damaged, diagnose, note_opened, release
from quotefind.store.whoosh.patches import (
    empty_reader_columns,
    json_stored_fields,
    read_segments_in_place,
    restrict_unpickling,
    skip_by_bisection,
)
from quotefind.store.whoosh.schema import INDEXNAME, build_schema, cached_schema
from quotefind.store.whoosh.swap import fresh_sibling

if TYPE_CHECKING:
    from whoosh.index import Index


ENV_VAR = "QUOTEFIND_INDEX"
DEFAULT_LOCATION = "index"
#: The file that marks a directory as a quotefind index: quotefind opens no directory without it.
MARKER = "quotefind.json"
#: Files a fresh index directory may already hold (the repository's placeholder).
PLACEHOLDERS = frozenset({".keep", ".gitkeep"})


def resolve_location(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return where the index lives: `--index`, else `$QUOTEFIND_INDEX`, else `./index`."""
    return Path(explicit or os.environ.get(ENV_VAR) or DEFAULT_LOCATION)


def has_marker(location: Path) -> bool:
    """Return True when the directory carries quotefind's marker (a damaged one too: see `check_marker`)."""
    return os.path.lexists(location / MARKER)


def check_marker(location: Path) -> None:
    """Raise IndexDamagedError for a marker that is not quotefind's, IndexVersionError for another version."""
    try:
        info = json.loads((location / MARKER).read_bytes().decode("utf-8"))
    except (IsADirectoryError, FileNotFoundError, NotADirectoryError, ValueError) as exc:
        raise damaged(location, f"its marker {MARKER} is garbled or not a file") from exc
    if not isinstance(info, dict) or info.get("format") != "quotefind-index":
        raise damaged(location, f"its marker {MARKER} is not quotefind's")
    found = info.get("schema")
    if found != SCHEMA_VERSION:
        raise IndexVersionError(
            f"The index at {location} has schema version {found}, this quotefind reads version "
            f"{SCHEMA_VERSION} - rebuild it with `quotefind index --rebuild PATH...`."
        )


def write_marker(location: Path) -> None:
    # Write then rename, so a kill never leaves a half-written marker.
    marker = {"format": "quotefind-index", "schema": SCHEMA_VERSION}
    tmp = location / f".{MARKER}.tmp"
    tmp.write_text(json.dumps(marker) + "\n", encoding="utf-8")
    os.replace(tmp, location / MARKER)


def has_toc(location: Path) -> bool:
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    return TOC._latest_generation(FileStorage(str(location)), INDEXNAME) >= 0


def require_index_folder(location: Path) -> None:
    if not has_marker(location):
        if location.is_dir() and any(p.name not in PLACEHOLDERS for p in location.iterdir()):
            raise NotAnIndexError(
                f"{location} is not a quotefind index (no {MARKER}); quotefind opens only its own "
                "indexes - point --index at another folder."
            )
        raise IndexMissingError(f"No index at {location} - run `quotefind index seeds/` first.")


def open_index(location: Path) -> Index:
    """Open an existing quotefind index for reading (only a folder that carries the marker).

    Whoosh's pickles are read through the restricted unpickler (`patches.restrict_unpickling`)
    and the schema is quotefind's own (the marker's version says it is the one the index was
    written with), so the one in the table of contents is never unpickled.
    """
    from whoosh import index as windex

    trust_whoosh_data()
    read_segments_in_place()
    skip_by_bisection()
    empty_reader_columns()
    require_index_folder(location)
    check_marker(location)
    note_opened(location)
    # A writer may delete the table of contents we just listed (it commits a newer one): retry.
    for attempt in range(10):
        try:
            ix = windex.open_dir(str(location), indexname=INDEXNAME, schema=cached_schema())
        except windex.EmptyIndexError as exc:
            if any(location.glob("*.seg")):
                raise damaged(location, f"its table of contents (_{INDEXNAME}_N.toc) is missing") from exc
            raise IndexMissingError(
                f"The index at {location} is empty or damaged - run `quotefind index --rebuild PATH...`."
            ) from exc
        except FileNotFoundError as exc:
            if attempt < 9:
                time.sleep(0.05)
                continue
            raise diagnose(exc, location) or exc from exc
        except Exception as exc:
            found = diagnose(exc, location)
            if found is None:
                raise
            release(exc)
            raise found from exc
        check_segments(location, ix)
        return ix
    raise AssertionError("unreachable")


def trust_whoosh_data() -> None:
    """Read Whoosh's pickles only through the restricted unpickler, and stored fields as JSON."""
    restrict_unpickling()
    json_stored_fields()


#: What Whoosh names a segment's files after: its id (`W3Segment._random_id`) and the index name.
_SEGMENT_ID = re.compile(r"[a-z0-9_]{1,64}")


def check_segments(location: Path, ix: Index) -> None:
    """Refuse a table of contents whose segments are not Whoosh 3 segments named as Whoosh names them.

    A segment's id and index name become file names: from a crafted table of contents they
    could point outside the folder.
    """
    from whoosh.codec.whoosh3 import W3Codec, W3Segment

    segments = ix._read_toc().segments
    if not isinstance(segments, list):
        raise damaged(location, "its table of contents lists no segments")
    for seg in segments:
        if (
            type(seg) is not W3Segment
            or type(getattr(seg, "_codec", None)) is not W3Codec
            or not isinstance(getattr(seg, "segid", None), str)
            or not _SEGMENT_ID.fullmatch(seg.segid)
            or getattr(seg, "indexname", None) != INDEXNAME
        ):
            raise damaged(location, "its table of contents lists a segment quotefind does not write")


def init_folder(folder: Path) -> None:
    from whoosh import index as windex

    trust_whoosh_data()
    windex.create_in(str(folder), build_schema(), indexname=INDEXNAME)


def create_or_open(location: Path) -> Index:
    """Open the index at location, creating it (and the directory) when there is none.

    A new index is built in a folder beside it and renamed into place, so a run killed while
    creating never leaves a half-made folder at the location.
    """
    if not has_marker(location):
        if location.exists() and not location.is_dir():
            raise NotAnIndexError(f"{location} is a file, not an index folder - point --index at a folder.")
        contents = [p.name for p in location.iterdir()] if location.is_dir() else []
        if any(name not in PLACEHOLDERS for name in contents):
            raise NotAnIndexError(
                f"{location} is not empty and not a quotefind index - point --index at a new or empty folder."
            )
        if contents:
            # A placeholder must stay in the folder: mark it first, then create the index; a
            # kill in between leaves a marked folder without data, which the next run completes.
            write_marker(location)
        else:
            # A link to a folder not made yet: the folder is made where it points, the link kept.
            real = Path(os.path.realpath(location)) if location.is_symlink() else location
            real.parent.mkdir(parents=True, exist_ok=True)
            tmp = fresh_sibling(real, "new")
            try:
                init_folder(tmp)
                write_marker(tmp)
                # Renaming onto a missing or empty folder is atomic; a concurrent creator may win.
                os.rename(tmp, real)
            except OSError:
                shutil.rmtree(tmp, ignore_errors=True)
                if not has_marker(location):
                    raise
    check_marker(location)
    if not has_toc(location):
        if any(location.glob("*.seg")):
            # A marked index always has a table of contents (the first is written with it): its
            # segments without one are statements lost, not a new index to start over in.
            raise damaged(location, f"its table of contents (_{INDEXNAME}_N.toc) is missing")
        init_folder(location)
    return open_index(location)


def has_data(location: Path) -> bool:
    return location.is_dir() and any(p.name not in PLACEHOLDERS for p in location.iterdir())
