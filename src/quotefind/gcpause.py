"""The cyclic garbage collector paused while a burst of short-lived, acyclic objects is made."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for the block, and leave it as it was after (also on an error).

    Finding an article's statements makes millions of tokens (tuples), and a `speakers` first page at
    1M statements ~100,000 credits and names: none forms a cycle, and reference counting frees them
    all the same, yet each allocation past a threshold starts a collection that walks the young
    objects (a twentieth of a dense text's extraction, ~0.1 s of a first page).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
