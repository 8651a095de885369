"""Object transfers through the API's signed URLs (Textual-free): download to a file, upload a
file, delete. The URLs carry a signature: they are never logged or shown in errors."""

from __future__ import annotations

import mimetypes
import os
import tempfile
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx

#: Tests (and a demo serving objects) set a transport; None means the network.
TRANSPORT: httpx.AsyncBaseTransport | None = None
TIMEOUT = httpx.Timeout(30.0, read=300.0)


class TransferError(Exception):
    pass


def _client() -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=TRANSPORT, timeout=TIMEOUT, follow_redirects=False)


def _problem(exc: Exception, what: str) -> TransferError:
    if isinstance(exc, httpx.HTTPStatusError):
        return TransferError(f"{what} failed: the storage answered {exc.response.status_code}")
    return TransferError(f"{what} failed: {type(exc).__name__}")  # no URL: it is signed


async def download(url: str, dest: str | Path) -> Path:
    """Stream the object to ``dest`` (never overwriting a file; written to a temp file first)."""
    target = Path(dest).expanduser()
    if target.exists():
        raise TransferError(f"{target} already exists")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        async with _client() as client, client.stream("GET", url) as resp:
            resp.raise_for_status()
            with os.fdopen(fd, "wb") as fh:
                async for chunk in resp.aiter_bytes():
                    fh.write(chunk)
        os.replace(tmp, target)
    except (httpx.HTTPError, OSError) as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise _problem(exc, "Download") from None
    return target


def content_type(path: str | Path) -> str:
    return mimetypes.guess_type(str(path))[0] or "application/octet-stream"


async def upload(url: str, src: str | Path, ctype: str) -> int:
    """PUT the file's bytes to the signed URL; returns the size sent."""
    source = Path(src).expanduser()
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise TransferError(f"Cannot read {source}: {exc.strerror or exc}") from None
    try:
        async with _client() as client:
            resp = await client.put(url, content=data, headers={"Content-Type": ctype})
            resp.raise_for_status()
    except httpx.HTTPError as exc:
        raise _problem(exc, "Upload") from None
    return len(data)


CHUNK = 1024 * 1024


async def upload_file(
    url: str,
    src: str | Path,
    ctype: str = "application/octet-stream",
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """PUT a (large) file to the signed URL in chunks, with its Content-Length (signed URLs take no
    chunked encoding), calling ``progress(sent, total)`` as it goes; returns the size sent."""
    source = Path(src).expanduser()
    try:
        total = source.stat().st_size
        fh = source.open("rb")
    except OSError as exc:
        raise TransferError(f"Cannot read {source}: {exc.strerror or exc}") from None

    async def chunks() -> AsyncIterator[bytes]:
        sent = 0
        with fh:
            while block := fh.read(CHUNK):
                sent += len(block)
                yield block
                if progress is not None:
                    progress(sent, total)

    try:
        async with _client() as client:
            headers = {"Content-Type": ctype, "Content-Length": str(total)}
            resp = await client.put(url, content=chunks(), headers=headers)
            resp.raise_for_status()
    except httpx.HTTPError as exc:
        raise _problem(exc, "Upload") from None
    except OSError as exc:
        raise TransferError(f"Cannot read {source}: {exc.strerror or exc}") from None
    return total


async def delete(url: str) -> None:
    try:
        async with _client() as client:
            resp = await client.delete(url)
            resp.raise_for_status()
    except httpx.HTTPError as exc:
        raise _problem(exc, "Delete") from None


__all__ = ["TRANSPORT", "TransferError", "content_type", "delete", "download", "upload", "upload_file"]
