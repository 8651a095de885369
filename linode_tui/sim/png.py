"""Tiny PNG images for the simulator (the OAuth client thumbnails), with the standard library only.

:func:`identicon_png` draws a symmetric 5×5 "identicon" (like the avatars of code hosts) whose
colour and pattern come from a key, scaled up to ``size``×``size`` pixels, and encodes it as a
valid 8-bit RGB PNG: signature, ``IHDR``, one zlib-compressed ``IDAT`` and ``IEND``, each chunk
with its CRC-32.  :func:`is_png` checks that a byte string is one (used to validate uploads).
"""

from __future__ import annotations

import hashlib
import struct
import zlib

__all__ = ["PNG_SIGNATURE", "identicon_png", "is_png"]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def identicon_png(key: str, size: int = 64) -> bytes:
    """A ``size``×``size`` RGB PNG identicon for ``key`` (deterministic; ``size`` from 5 to 1024)."""
    if not 5 <= size <= 1024:
        raise ValueError("size must be between 5 and 1024 pixels")
    digest = hashlib.sha256(key.encode()).digest()
    fg = (digest[0] // 2 + 64, digest[1] // 2 + 64, digest[2] // 2 + 64)
    bg = (240, 240, 240)
    cells = [[False] * 5 for _ in range(5)]
    for row in range(5):
        for col in range(3):  # mirrored left/right
            on = bool(digest[3 + row * 3 + col] & 1)
            cells[row][col] = cells[row][4 - col] = on
    rows = bytearray()
    for y in range(size):
        rows.append(0)  # filter type 0 (None) for every scanline
        cell_row = cells[min(4, y * 5 // size)]
        for x in range(size):
            rows.extend(fg if cell_row[min(4, x * 5 // size)] else bg)
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit truecolour, no interlace
    return (PNG_SIGNATURE + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
            + _chunk(b"IEND", b""))


def is_png(data: bytes) -> bool:
    """True when ``data`` is a structurally valid PNG (signature, IHDR first, CRCs, IEND last)."""
    if not data.startswith(PNG_SIGNATURE):
        return False
    pos = len(PNG_SIGNATURE)
    first = True
    while pos + 12 <= len(data):
        length: int = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        end = pos + 12 + length
        if end > len(data) or len(body) != length:
            return False
        crc: int = struct.unpack(">I", data[pos + 8 + length:end])[0]
        if crc != zlib.crc32(kind + body) & 0xFFFFFFFF:
            return False
        if first and (kind != b"IHDR" or length != 13):
            return False
        first = False
        if kind == b"IEND":
            return end == len(data)
        pos = end
    return False
