"""Compression of stored fields and posting blocks: zlib streams, made with ISA-L where installed."""

from __future__ import annotations

import functools
import zlib
from collections.abc import Callable

#: zlib level of the stored fields (Whoosh's `CompressedBytesColumn` default).
STORED_LEVEL = 3


def compress(data: bytes, level: int) -> bytes:
    """Return data as a zlib stream (any zlib reads it): with ISA-L when installed, else with zlib.

    Whoosh compresses each stored document and each block of postings on its own, mostly a few
    hundred bytes. ISA-L's level 1 makes them as small as zlib's level 3, three times as fast.
    """
    return deflate()(data, level)


@functools.cache
def deflate() -> Callable[[bytes, int], bytes]:
    """The compressor `compress` uses (ISA-L is a dependency, but a wheel may be missing)."""
    try:
        from isal import isal_zlib
    except ImportError:
        return zlib_compress
    compress = isal_zlib.compress
    return lambda data, level: compress(data, ISAL_LEVEL) if level else zlib_compress(data, 0)


#: ISA-L's compression level (0 to 3) for every zlib level asked for above 0.
ISAL_LEVEL = 1


@functools.cache
def inflate() -> Callable[[bytes], bytes]:
    """The decompressor of zlib streams: ISA-L's when installed (a third faster on a stored document
    of a few hundred bytes, the same bytes out), else zlib's; either raises `zlib.error` on a
    damaged stream."""
    try:
        from isal import isal_zlib
    except ImportError:
        return zlib.decompress
    decompress, error = isal_zlib.decompress, isal_zlib.error

    def isal_decompress(data: bytes) -> bytes:
        try:
            return decompress(data)
        except error as exc:
            raise zlib.error(str(exc)) from None

    return isal_decompress


def zlib_compress(data: bytes, level: int) -> bytes:
    """`zlib.compress` with a 4 kB window: the same format, without setting up 256 kB per call
    (for a few hundred bytes, the set-up of the default window costs ten times the compression)."""
    obj = zlib.compressobj(level, zlib.DEFLATED, 12, 4)
    return obj.compress(data) + obj.flush()
