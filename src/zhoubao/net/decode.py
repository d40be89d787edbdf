"""Capped body decoders: gzip, deflate and brotli, inflated in bounded steps, never past the size cap."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["BadEncoding", "Decoder", "Pipeline", "TooLarge", "decoders", "raw_cap"]

_DECODE_STEP = 64 * 1024


def raw_cap(cap: int) -> int:
    """How many bytes may arrive for a body of at most `cap` decoded bytes (compressed data can be a little larger)."""
    return cap + max(64 * 1024, cap // 8)


class TooLarge(Exception):
    """The body (raw or decoded) would pass the cap."""


class BadEncoding(Exception):
    """A content-encoding that is unsupported or a body that does not decode."""


class Decoder:
    """One content-coding undone chunk by chunk; raises TooLarge past `budget` bytes of output."""

    def feed(self, data: bytes, budget: int) -> Iterator[bytes]:  # pragma: no cover - interface
        raise NotImplementedError

    def flush(self, budget: int) -> Iterator[bytes]:
        return iter(())


class _ZlibDecoder(Decoder):
    """gzip (multi-member) and deflate (zlib-wrapped or raw), inflated in bounded steps."""

    def __init__(self, kind: str) -> None:
        self._kind = kind
        self._probe = kind == "deflate"
        self._obj: Any = self._new()
        self._carry = b""

    def _new(self, raw: bool = False) -> Any:
        if raw:
            return zlib.decompressobj(-zlib.MAX_WBITS)
        return zlib.decompressobj(16 + zlib.MAX_WBITS if self._kind == "gzip" else zlib.MAX_WBITS)

    def feed(self, data: bytes, budget: int) -> Iterator[bytes]:
        data = self._carry + data
        self._carry = b""
        if self._probe:
            if len(data) < 2:
                self._carry = data
                return
            self._probe = False
            try:
                zlib.decompressobj(zlib.MAX_WBITS).decompress(data[:2])
            except zlib.error:
                self._obj = self._new(raw=True)  # raw deflate, as some servers send
        produced = 0
        while data:
            if self._obj.eof:
                # After the end of a stream: another gzip member, or trailing junk we ignore.
                if self._kind != "gzip":
                    return
                if len(data) < 2:
                    self._carry = data
                    return
                if data[:2] != b"\x1f\x8b":
                    return
                self._obj = self._new()
            try:
                out = self._obj.decompress(data, min(_DECODE_STEP, budget - produced + 1))
            except zlib.error as exc:
                raise BadEncoding(f"bad {self._kind} body: {exc}") from exc
            produced += len(out)
            if out:
                yield out
            if produced > budget:
                raise TooLarge
            data = self._obj.unused_data if self._obj.eof else self._obj.unconsumed_tail

    def flush(self, budget: int) -> Iterator[bytes]:
        if self._obj.eof:
            return
        # A stream cut short: keep what was inflated, as browsers do, but no more than the budget.
        try:
            out = self._obj.decompress(b"", budget + 1)
        except zlib.error as exc:  # pragma: no cover
            raise BadEncoding(str(exc)) from exc
        if len(out) > budget:
            raise TooLarge
        if out:
            yield out


class _BrotliDecoder(Decoder):
    def __init__(self) -> None:
        try:
            import brotli
        except ImportError as exc:  # pragma: no cover - brotli is a dependency
            raise BadEncoding("brotli is not installed") from exc
        self._error: type[Exception] = brotli.error
        self._obj = brotli.Decompressor()

    def feed(self, data: bytes, budget: int) -> Iterator[bytes]:
        # process() hands back at most about output_buffer_limit per call and keeps the rest inside;
        # keep calling with empty input until it has nothing more, then wait for more input.
        produced = 0
        pending = data
        while True:
            try:
                if pending and self._obj.can_accept_more_data():
                    out = self._obj.process(pending, output_buffer_limit=_DECODE_STEP)
                    pending = b""
                else:
                    out = self._obj.process(b"", output_buffer_limit=_DECODE_STEP)
            except self._error as exc:
                raise BadEncoding(f"bad br body: {exc}") from exc
            produced += len(out)
            if out:
                yield out
            if produced > budget:
                raise TooLarge
            if not out:
                if not pending:
                    return
                if not self._obj.can_accept_more_data():  # pragma: no cover - defensive
                    raise BadEncoding("br decoder stalled")


def decoders(content_encoding: str) -> list[Decoder]:
    """Decoders to apply in order, for a Content-Encoding header (codings listed in applied order)."""
    chain: list[Decoder] = []
    for coding in reversed([c.strip().lower() for c in content_encoding.split(",") if c.strip()]):
        if coding in ("identity", ""):
            continue
        if coding in ("gzip", "x-gzip"):
            chain.append(_ZlibDecoder("gzip"))
        elif coding == "deflate":
            chain.append(_ZlibDecoder("deflate"))
        elif coding == "br":
            chain.append(_BrotliDecoder())
        else:
            raise BadEncoding(f"unsupported content-encoding {coding!r}")
    return chain


class Pipeline:
    """Push raw chunks through a decoder chain, never holding more than the cap of output."""

    def __init__(self, chain: list[Decoder], cap: int) -> None:
        self._chain = chain
        self._cap = cap
        self._out = bytearray()

    def _push(self, level: int, chunks: Iterable[bytes]) -> None:
        for chunk in chunks:
            if level == len(self._chain):
                if len(self._out) + len(chunk) > self._cap:
                    raise TooLarge
                self._out += chunk
            else:
                self._push(level + 1, self._chain[level].feed(chunk, self._budget(level)))

    def _budget(self, level: int) -> int:
        # The last decoder yields the body itself; earlier ones yield compressed data, which may be
        # a little larger than what it decodes to, so they get the raw allowance instead.
        if level == len(self._chain) - 1:
            return self._cap - len(self._out)
        return raw_cap(self._cap)

    def feed(self, raw: bytes) -> None:
        self._push(0, (raw,))

    def finish(self) -> bytes:
        for level, decoder in enumerate(self._chain):
            self._push(level + 1, decoder.flush(self._budget(level)))
        return bytes(self._out)
