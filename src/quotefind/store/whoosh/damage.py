"""Telling a damaged or crafted index from a bug: one sentence naming the damage, with the remedy."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from quotefind.errors import IndexDamagedError, QuotefindError, UntrustedIndexError

#: What to do about a damaged index.
REMEDY = "rebuild it with `quotefind index --rebuild PATHS` (the files and folders you indexed)"

#: Where exceptions raised while reading an index come from when the index, not quotefind, is at
#: fault: Whoosh itself, and quotefind's readers of Whoosh data (unpickling, stored fields, the
#: in-place file view).
_WHOOSH_DIR = ""
_READERS = ("unpickle.py", "stored.py", "patches.py")

#: The last index this process opened (`location.open_index`): what a failure met later, while
#: searching it, is about.
_opened: list[Path] = []


def note_opened(location: Path) -> None:
    """Remember the index this process opened last (for `diagnose` without a location)."""
    _opened[:] = [location]


def damaged(location: Path | None, what: str) -> IndexDamagedError:
    """The error for a damaged index: what is wrong, then the remedy."""
    at = f"The index at {location}" if location is not None else "The index"
    return IndexDamagedError(f"{at} is damaged: {what} - {REMEDY}.")


def _from_whoosh(exc: BaseException) -> bool:
    """True when the exception was raised inside Whoosh or quotefind's readers of Whoosh data."""
    global _WHOOSH_DIR
    if not _WHOOSH_DIR:
        import whoosh

        _WHOOSH_DIR = os.path.dirname(whoosh.__file__) + os.sep
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    if last is None:
        return False
    here = os.path.dirname(__file__) + os.sep
    return last.startswith(_WHOOSH_DIR) or any(last == here + name for name in _READERS)


def _inside(filename: object, location: Path | None) -> bool:
    if not isinstance(filename, str | bytes | os.PathLike) or location is None:
        return False
    try:
        return Path(os.fsdecode(filename)).resolve().is_relative_to(location.resolve())
    except (OSError, ValueError):
        return False


def diagnose(exc: BaseException, location: Path | None = None) -> QuotefindError | None:
    """Return the error to report for an exception met while reading an index, or None when the
    exception does not say the index is damaged (a bug, a full disk, a permission: reported as such).

    Without a location, the index this process opened last is meant.
    """
    from quotefind.store.whoosh.stored import StoredFieldsError
    from quotefind.store.whoosh.unpickle import ForbiddenPickleError

    if location is None and _opened:
        location = _opened[-1]
    if isinstance(exc, QuotefindError):
        return exc
    forbidden = exc if isinstance(exc, ForbiddenPickleError) else exc.__context__
    if isinstance(forbidden, ForbiddenPickleError):
        at = f"The index at {location}" if location is not None else "The index"
        return UntrustedIndexError(
            f"{at} holds a pickle that calls {forbidden.module}.{forbidden.name}, which no quotefind "
            "index does, so it was not read: it was not made by quotefind, or was altered - delete it, "
            f"or {REMEDY}."
        )
    if isinstance(exc, FileNotFoundError | NotADirectoryError | IsADirectoryError):
        if _inside(exc.filename, location) and not isinstance(exc, IsADirectoryError):
            name = Path(os.fsdecode(exc.filename)).name
            return damaged(location, f"its file {name} is missing")
        if _inside(exc.filename, location):
            name = Path(os.fsdecode(exc.filename)).name
            return damaged(location, f"{name} is a folder where a file should be")
        return None
    if isinstance(exc, OSError):
        return None  # a full disk, a permission, an I/O error: the CLI says which
    if isinstance(exc, StoredFieldsError) or _from_whoosh(exc):
        detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else ""
        what = type(exc).__name__ + (f": {detail}" if detail else "")
        return damaged(location, f"a file of it is cut short or garbled ({what})")
    return None


@contextlib.contextmanager
def diagnosed(location: Path) -> Iterator[None]:
    """Turn an exception that says the index at location is damaged or crafted into its error."""
    try:
        yield
    except Exception as exc:
        found = diagnose(exc, location)
        if found is None or found is exc:
            raise
        release(exc)
        raise found from exc


def release(exc: BaseException) -> None:
    """Close the files Whoosh opened and left open when it failed (it closes them only on success):
    the ones its frames in the traceback hold."""
    import io
    import traceback

    from whoosh.filedb.structfile import StructFile

    _from_whoosh(exc)  # sets _WHOOSH_DIR
    tb = exc.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_filename.startswith(_WHOOSH_DIR):
            for value in list(frame.f_locals.values()):
                if isinstance(value, StructFile | io.IOBase):
                    with contextlib.suppress(Exception):
                        value.close()
        tb = tb.tb_next
    traceback.clear_frames(exc.__traceback__)
