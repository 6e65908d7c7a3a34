"""Rebuilding beside the index: sibling folders, the atomic swap, and what killed runs left."""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import secrets
import shutil
import sys
from pathlib import Path

from quotefind.store.whoosh.schema import INDEXNAME

#: What follows the index's name in the folders of a rebuild (`index.new-1a2b3c4d`).
_SIBLING = re.compile(r"\.(new|old)-[0-9a-f]{8}")


def fresh_sibling(location: Path, tag: str) -> Path:
    # Not tempfile.mkdtemp: its folders are private (0700), an index folder follows the umask.
    while True:
        path = location.parent / f"{location.name}.{tag}-{secrets.token_hex(4)}"
        with contextlib.suppress(FileExistsError):
            path.mkdir()
            return path


def clean_leftovers(location: Path) -> None:
    """Remove what killed runs left behind: temp postings, half-written TOCs, stale rebuild folders.

    Call it only while holding the write lock (no other writer can be using these files).
    """
    shutil.rmtree(location / f"{INDEXNAME}.tmp", ignore_errors=True)
    for path in location.glob(f"_{INDEXNAME}_*.toc.*"):
        with contextlib.suppress(OSError):
            path.unlink()
    for path in location.parent.glob(f"{location.name}.*-*"):
        if not _SIBLING.fullmatch(path.name[len(location.name) :]):
            continue
        if path.is_symlink():  # what a rebuild through a link left before it rebuilt the link's folder
            with contextlib.suppress(OSError):
                path.unlink()
        elif path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux `renameat2(RENAME_EXCHANGE)`); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_in(new: Path, location: Path) -> None:
    """Put the complete index at `new` in place of the one at `location`, then delete the old one.

    On Linux the two folders are exchanged atomically, so `location` is always a complete index.
    Elsewhere it takes two renames, and for the instant between them there is no index at
    `location` (a search then says so); a run killed in that instant leaves `location.new-*` and
    `location.old-*`, which the next write cleans up.
    """
    old = location.parent / f"{location.name}.old-{new.name.rsplit('-', 1)[-1]}"
    if _exchange(new, location):
        shutil.rmtree(new, ignore_errors=True)
        return
    os.rename(location, old)
    os.rename(new, location)
    shutil.rmtree(old, ignore_errors=True)
