"""The few parts of the protobuf wire format Google's migration payload uses.

Varints (at most 10 bytes), length-delimited fields, and skipping the fixed 32/64-bit
kinds a newer app version might add. Every read is bounds-checked; a malformed buffer
raises ValueError, which the caller turns into one line for the user.
"""

from __future__ import annotations

from collections.abc import Iterator

VARINT, FIXED64, BYTES, FIXED32 = 0, 1, 2, 5
_MASK64 = (1 << 64) - 1


def varint(buf: bytes, pos: int) -> tuple[int, int]:
    """(value, next position) of the unsigned varint at pos."""
    value = shift = 0
    for index in range(pos, min(pos + 10, len(buf))):
        value |= (buf[index] & 0x7F) << shift
        if not buf[index] & 0x80:
            return value & _MASK64, index + 1
        shift += 7
    raise ValueError("truncated or overlong varint")


def fields(buf: bytes) -> Iterator[tuple[int, int, int | bytes]]:
    """(field number, wire type, value) for each field; bytes for length-delimited ones."""
    pos = 0
    while pos < len(buf):
        key, pos = varint(buf, pos)
        number, kind = key >> 3, key & 7
        value: int | bytes
        if number == 0:
            raise ValueError("field number 0")
        if kind == VARINT:
            value, pos = varint(buf, pos)
        elif kind == BYTES:
            size, pos = varint(buf, pos)
            if size > len(buf) - pos:
                raise ValueError("length runs past the end")
            value, pos = buf[pos : pos + size], pos + size
        elif kind in (FIXED64, FIXED32):
            width = 8 if kind == FIXED64 else 4
            if width > len(buf) - pos:
                raise ValueError("fixed field runs past the end")
            value, pos = int.from_bytes(buf[pos : pos + width], "little"), pos + width
        else:
            raise ValueError(f"unsupported wire type {kind}")
        yield number, kind, value


def signed32(value: int) -> int:
    """A varint read back as protobuf int32 (negatives are sign-extended to 64 bits)."""
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value >= 1 << 31 else value


def put_varint(value: int) -> bytes:
    """A varint; negative int32/int64 values take ten bytes, as protobuf writes them."""
    value &= _MASK64
    out = bytearray()
    while True:
        low = value & 0x7F
        value >>= 7
        if not value:
            out.append(low)
            return bytes(out)
        out.append(low | 0x80)


def put(number: int, value: int | bytes) -> bytes:
    """One field: an int as a varint, bytes as length-delimited."""
    if isinstance(value, bytes):
        return put_varint(number << 3 | BYTES) + put_varint(len(value)) + value
    return put_varint(number << 3 | VARINT) + put_varint(value)
