"""Storage: the store protocol (`protocol`), its engines (`whoosh/`, `opensearch`), and choosing one.

`--index` (else `QUOTEFIND_INDEX`, else `./index`) names the store: a folder is a Whoosh index,
`opensearch+https://host:9200/NAME` (or `opensearch+http://`) an OpenSearch index on a cluster.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quotefind.store.protocol import Candidates, Filters, Store, WriteSession

if TYPE_CHECKING:
    from quotefind.store.opensearch import OpenSearchStore
    from quotefind.store.whoosh.store import WhooshStore

__all__ = [
    "OPENSEARCH_SCHEMES",
    "Candidates",
    "Filters",
    "Store",
    "WriteSession",
    "as_store",
    "is_remote",
    "open_store",
    "write_session",
]

#: The schemes of `--index` that name an OpenSearch index rather than a folder.
OPENSEARCH_SCHEMES = ("opensearch+https://", "opensearch+http://")


def is_remote(spec: str | os.PathLike[str] | None) -> bool:
    """True when an `--index` value names an OpenSearch index, not a folder."""
    return isinstance(spec, str) and spec.lower().startswith(OPENSEARCH_SCHEMES)


def open_store(spec: str | os.PathLike[str] | None = None) -> WhooshStore | OpenSearchStore:
    """Return the store an `--index` value names: `--index`, else `$QUOTEFIND_INDEX`, else `./index`."""
    from quotefind.store.whoosh.location import resolve_location

    raw = spec if spec is not None else os.environ.get("QUOTEFIND_INDEX")
    if is_remote(raw):
        from quotefind.store.opensearch import OpenSearchStore

        return OpenSearchStore.from_url(str(raw))
    from quotefind.store.whoosh.store import WhooshStore

    return WhooshStore(resolve_location(spec))


def as_store(location: Path | str | Store) -> Store:
    """A store as it is; a folder (a `Path`) as its Whoosh store; a string as `open_store` reads it."""
    if isinstance(location, Path):
        from quotefind.store.whoosh.store import WhooshStore

        return WhooshStore(location)
    if isinstance(location, str):
        return open_store(location)
    return location


@contextlib.contextmanager
def write_session(target: Path | Any, **options: Any) -> Iterator[WriteSession]:
    """An `index` run's write session on a store: a folder (a `Path`, a `WhooshStore`) under its
    lock, or an `OpenSearchStore` (`opensearch_write`). Committed when the block ends without an
    error. `options`: `lock_timeout`, `rebuild`, `commit_every`."""
    location = getattr(target, "location", target)
    if isinstance(location, (str, Path)):
        from quotefind.store.whoosh.session import write_session as whoosh_session

        with whoosh_session(Path(location), **options) as session:
            yield session
        return
    from quotefind.store.opensearch_write import write_session as opensearch_session

    with opensearch_session(target, **options) as session:
        yield session
