"""The index's write lock: one writer at a time, freed by the kernel when the process dies."""

from __future__ import annotations

import os
import time
from pathlib import Path

from quotefind.errors import IndexDamagedError, IndexLockedError
from quotefind.store.whoosh.schema import INDEXNAME

#: The lock file Whoosh (and quotefind) lock.
LOCKFILE = f"{INDEXNAME}_WRITELOCK"


def lock_is_a_folder(location: Path) -> IndexDamagedError:
    """The error for a lock file that is a folder (no run can lock the index, and `--rebuild` neither)."""
    return IndexDamagedError(
        f"The index at {location} is damaged: its lock file {LOCKFILE} is a folder - remove that folder, "
        "then run again."
    )


class IndexLock:
    """The index's write lock: an `flock` on Whoosh's lock file, so the kernel frees it on death.

    After the lock is taken, the lock file must still be the one at the location: a `--rebuild`
    swaps folders while a waiting run holds the old folder's lock file, and such a run retries.
    """

    def __init__(self, location: Path, *, timeout: float = 0.0) -> None:
        self.location = location
        self.timeout = timeout
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, waiting up to the timeout; raise IndexLockedError when another run holds it."""
        import fcntl

        deadline = time.monotonic() + max(self.timeout, 0.0)
        path = self.location / LOCKFILE
        while True:
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
            except IsADirectoryError:
                raise lock_is_a_folder(self.location) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                if time.monotonic() >= deadline:
                    raise IndexLockedError(
                        f"Another quotefind run holds the index at {self.location} - wait for it to "
                        "finish, or raise --lock-timeout."
                    ) from None
                time.sleep(min(0.05, max(deadline - time.monotonic(), 0.0)))
                continue
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(path))
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
                return
            os.close(fd)

    def release(self) -> None:
        """Let go of the lock (closing the file descriptor drops the flock)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> IndexLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
