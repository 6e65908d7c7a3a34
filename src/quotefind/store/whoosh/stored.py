"""A document's stored fields as the index keeps them: JSON text, never a pickle."""

from __future__ import annotations

import functools
import json
from typing import Any


class StoredFieldsError(ValueError):
    """The stored fields of a document are not the JSON object quotefind writes (a damaged index)."""


@functools.cache
def _encoder() -> json.JSONEncoder:
    return json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def encode_stored(fields: dict[str, Any]) -> bytes:
    """Return the stored fields of a document (strings and integers, by name) as UTF-8 JSON."""
    return _encoder().encode(fields).encode("utf-8", "surrogatepass")


def decode_stored(data: bytes) -> dict[str, Any]:
    """Return the stored fields `encode_stored` made; StoredFieldsError for anything else."""
    try:
        fields = json.loads(data.decode("utf-8", "surrogatepass"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise StoredFieldsError(f"stored fields are not JSON ({exc})") from None
    if not isinstance(fields, dict):
        raise StoredFieldsError(f"stored fields are a JSON {type(fields).__name__}, not an object")
    return fields
