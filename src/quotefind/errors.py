"""The QuotefindError tree and the documented exit codes."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes (grep's convention)."""

    FOUND = 0
    """Something was found, or the command did its job."""
    NOT_FOUND = 1
    """The command ran and found nothing."""
    ERROR = 2
    """Usage error or failure."""
    INTERRUPTED = 130
    """Stopped by Ctrl-C (the shell's 128 + SIGINT)."""


class QuotefindError(Exception):
    """An error with a one-sentence message (and remedy) for the user."""

    exit_code: ExitCode = ExitCode.ERROR


class IndexMissingError(QuotefindError):
    """There is no index at the location asked for."""


class IndexLockedError(QuotefindError):
    """Another run holds the index's write lock."""


class IndexVersionError(QuotefindError):
    """The index was built by another schema version."""


class NotAnIndexError(QuotefindError):
    """The directory is not a quotefind index (no marker file)."""


class WorkerError(QuotefindError):
    """A worker process of the indexing pipeline died."""


class InputError(QuotefindError):
    """An input file or stream cannot be read."""


class OutputError(QuotefindError):
    """The output options do not fit together or do not fit what the command lists."""


class StatementNotFoundError(QuotefindError):
    """No statement has the id asked for."""

    exit_code = ExitCode.NOT_FOUND


class AmbiguousIdError(QuotefindError):
    """An id prefix matches several statements: the user must give more of it."""


class QueryError(QuotefindError):
    """A search option has a value quotefind cannot use (a malformed date, an unknown kind)."""


class IndexDamagedError(QuotefindError):
    """The index folder is damaged (a segment missing or cut short, a garbled file): rebuild it."""


class UntrustedIndexError(QuotefindError):
    """The index holds a pickle naming code no quotefind index holds, so it is not opened."""
