"""Content-Encoding: a header value -> a decompressor for the body (gzip, deflate in both the zlib and
the raw form), ``None`` for identity, or ``UNKNOWN`` for an encoding the client cannot undo (br, zstd):
its fragments are then not checked rather than looked for in compressed bytes."""

from __future__ import annotations

import zlib

UNKNOWN = object()  # a Content-Encoding this client cannot undo


class _Deflate:
    """"deflate" is meant to be zlib-wrapped (RFC 9110), but some servers send the raw stream:
    browsers read both, so the first two bytes decide (a zlib header is a multiple of 31)."""

    def __init__(self):
        self.inner, self.start = None, b""

    def decompress(self, data: bytes, limit: int) -> bytes:
        if self.inner is None:
            self.start += data
            if len(self.start) < 2:
                return b""
            data, head = self.start, self.start[:2]
            zlib_wrapped = head[0] & 0x0F == 8 and int.from_bytes(head, "big") % 31 == 0
            self.inner = zlib.decompressobj(zlib.MAX_WBITS if zlib_wrapped else -zlib.MAX_WBITS)
        return self.inner.decompress(data, limit)


def decoder(encoding: str):
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return _Deflate()
    return UNKNOWN
