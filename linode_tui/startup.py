"""The start-up fast path: the network overlaps the imports.

Before Textual (and httpx) are imported, :func:`begin` starts the token check (``GET /profile``) on a
worker thread (one HTTP/1.1 request per connection on a plain socket, see :func:`http_get`); once
the ``-c`` command is parsed,
:meth:`Prefetch.page` starts the first page of the list it opens on another one. The main thread
meanwhile imports the UI. The command line then waits for the check (a refused token still ends with
the clear message and a non-zero exit, before any screen is drawn); the first page is handed to the
app's client as a cache load in flight (:meth:`Prefetch.adopt`), so the list's first request joins
it instead of being sent again.

Only the plain case takes this path: a token in the environment, no settings file, no profile, and
no proxy variables (this path does not speak to proxies). Everything else goes the ordinary way.
Nothing here imports Textual, httpx or pydantic.
"""

from __future__ import annotations

import json
import os
import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from msgspec.json import decode as json_decode

from linode_tui import __version__

if TYPE_CHECKING:
    import ssl

DEFAULT_URL = "https://api.linode.com/v4"
TIMEOUT = 15.0
_PROXY_VARS = ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "https_proxy", "http_proxy", "all_proxy")

#: (status, decoded JSON or None) of one GET
Answer = tuple[int, Any]


class Prefetch:
    """GETs on worker threads, each answered through a ``concurrent.futures.Future``."""

    def __init__(self, url: str, token: str, source: str) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.source = source
        parts = urlsplit(self.url)
        self._https = parts.scheme == "https"
        self._host = parts.hostname or ""
        self._port = parts.port
        self._base = parts.path.rstrip("/")
        self._ssl: ssl.SSLContext | None = None
        self._ssl_lock = threading.Lock()
        self.profile: Future[Answer] = self._start("/profile", None, None)
        self.pages: dict[
            tuple[Any, ...], tuple[str, dict[str, Any], dict[str, Any] | None, Future[Answer]]
        ] = {}

    # -- TLS: one context for the check and the app's client (the CA bundle loads once) -------------
    def ssl_context(self) -> ssl.SSLContext:
        import ssl

        with self._ssl_lock:
            if self._ssl is None:
                try:
                    import certifi  # what httpx verifies with by default

                    self._ssl = ssl.create_default_context(cafile=certifi.where())
                except ImportError:  # pragma: no cover - certifi comes with httpx
                    self._ssl = ssl.create_default_context()
            return self._ssl

    def _get(self, path: str, params: dict[str, Any] | None, filter: dict[str, Any] | None) -> Answer:
        target = self._base + path + ("?" + urlencode(params) if params else "")
        headers = {
            "Authorization": f"Bearer {self.token}",
            "Accept": "application/json",
            "User-Agent": f"linode-tui/{__version__}",
        }
        if filter:
            headers["X-Filter"] = json.dumps(filter, separators=(",", ":"))
        context = self.ssl_context() if self._https else None
        status, body = http_get(self._host, self._port, target, headers, context)
        try:
            payload = json_decode(body) if body else None
        except ValueError:
            payload = None
        return status, payload

    def _start(
        self, path: str, params: dict[str, Any] | None, filter: dict[str, Any] | None
    ) -> Future[Answer]:
        fut: Future[Answer] = Future()

        def run() -> None:
            try:
                fut.set_result(self._get(path, params, filter))
            except BaseException as exc:
                fut.set_exception(exc)

        threading.Thread(target=run, name=f"linode-tui prefetch {path}", daemon=True).start()
        return fut

    def page(self, path: str, params: dict[str, Any], filter: dict[str, Any] | None) -> None:
        """Start one list page (the exact request the list view will make first)."""
        key = (path, tuple(sorted(params.items())), json.dumps(filter, sort_keys=True) if filter else "")
        if key not in self.pages:
            self.pages[key] = (path, params, filter, self._start(path, params, filter))

    def check(self) -> str | bool | None:
        """Wait for ``GET /profile``: ``None`` when the token works, the refusal message on a 401,
        ``False`` when the answer needs the full client's judgement (network error, 5xx, …)."""
        try:
            status, _ = self.profile.result(TIMEOUT + 1)
        except Exception:
            return False
        if status == 200:
            return None
        if status == 401:
            return f"the API at {self.url} refused the token from {self.source} (401 Invalid Token)"
        return False

    def adopt(self, client: Any) -> None:
        """Hand what was fetched to the app's client: the profile into its cache, each page as a
        cache load in flight (call on the app's event loop). A page that failed is fetched again
        the ordinary way, so its error shows as any other."""
        import asyncio

        from linode_tui.api.cache import make_key

        try:
            status, payload = self.profile.result(0)
            if status == 200 and isinstance(payload, dict):
                client.cache.put(make_key("/profile"), payload)
        except Exception:
            pass
        for path, params, filter, fut in self.pages.values():
            key = make_key(path, params, filter)
            page = _page(fut.result()) if fut.done() and not fut.exception() else None
            if page is not None:
                client.cache.put(key, page)  # already here: the list can show it at once
                continue

            async def load(
                path: str = path,
                params: dict[str, Any] = params,
                filter: dict[str, Any] | None = filter,
                fut: Future[Answer] = fut,
            ) -> Any:
                try:
                    page = _page(await asyncio.wrap_future(fut))
                except Exception:
                    page = None
                if page is not None:
                    return page
                return await client.request("GET", path, params=params, filter=filter)

            task = asyncio.ensure_future(client.cache.fetch(key, load))
            task.add_done_callback(lambda t: None if t.cancelled() else t.exception())
        self.pages.clear()


def http_get(
    host: str, port: int | None, target: str, headers: dict[str, str], context: ssl.SSLContext | None
) -> tuple[int, bytes]:
    """One GET on its own connection (``Connection: close``): the status and the body.

    Not ``http.client``: it imports the ``email`` package to parse headers, ~15 ms on the main
    thread before the request could even start, which is most of what this path saves on a fast
    network. The answer here is a single JSON document, so the HTTP it needs is small: a
    ``Content-Length`` body, a chunked one, or one that ends with the connection. Anything else
    (a malformed answer, a header value with a line break) raises; the caller then takes the
    ordinary way (httpx), which judges and reports it."""
    import socket

    for value in (host, target, *headers.values()):
        if "\r" in value or "\n" in value:
            raise ValueError("line break in a request header")
    bracketed = f"[{host}]" if ":" in host else host
    authority = bracketed if port is None else f"{bracketed}:{port}"
    lines = [f"GET {target} HTTP/1.1", f"Host: {authority}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines += ["Accept-Encoding: identity", "Connection: close", "", ""]
    request = "\r\n".join(lines).encode("ascii")  # non-ASCII raises: the ordinary way sends it
    # A host name as ASCII bytes: as str, the resolver imports the IDNA codec (stringprep, ~2 ms).
    address: Any = host.encode("ascii") if host.isascii() else host  # bytes work (typeshed: str)
    sock = socket.create_connection((address, port or (443 if context else 80)), timeout=TIMEOUT)
    try:
        if context is not None:
            sock = context.wrap_socket(sock, server_hostname=host)
        sock.sendall(request)
        raw = bytearray()
        while not _complete(raw):  # a server that keeps the connection open still ends the read
            chunk = sock.recv(1 << 16)
            if not chunk:
                break
            raw += chunk
    finally:
        sock.close()
    return parse_response(bytes(raw))


def _complete(raw: bytearray) -> bool:
    """Whether ``raw`` holds a whole response (one whose end the headers tell)."""
    head, sep, rest = raw.partition(b"\r\n\r\n")
    if not sep:
        return False
    lowered = head.lower()
    if b"chunked" in lowered:
        return rest.endswith(b"0\r\n\r\n")
    at = lowered.find(b"\r\ncontent-length:")
    if at < 0:
        return False  # the body ends with the connection
    value = lowered[at + 17 :].split(b"\r\n", 1)[0]
    return value.strip().isdigit() and len(rest) >= int(value)


def parse_response(raw: bytes) -> tuple[int, bytes]:
    """Status and body of one complete HTTP/1.x response (see :func:`http_get`)."""
    head, sep, rest = raw.partition(b"\r\n\r\n")
    if not sep:
        raise ValueError("incomplete HTTP response")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    version, _, tail = status_line.partition(" ")
    if not version.startswith("HTTP/1."):
        raise ValueError(f"not an HTTP/1.x response: {status_line[:40]!r}")
    status = int(tail[:3])
    fields: dict[str, str] = {}
    for line in header_lines:
        name, colon, value = line.partition(":")
        if not colon:
            raise ValueError("malformed response header")
        fields[name.strip().lower()] = value.strip()
    if "chunked" in fields.get("transfer-encoding", "").lower():
        return status, _dechunk(rest)
    if "content-length" in fields:
        length = int(fields["content-length"])
        if len(rest) < length:
            raise ValueError("response body shorter than its Content-Length")
        return status, rest[:length]
    return status, rest


def _dechunk(data: bytes) -> bytes:
    out: list[bytes] = []
    pos = 0
    while True:
        end = data.find(b"\r\n", pos)
        if end < 0:
            raise ValueError("truncated chunked body")
        size = int(data[pos:end].split(b";", 1)[0], 16)
        start = end + 2
        if size == 0:
            return b"".join(out)
        if len(data) < start + size + 2:
            raise ValueError("truncated chunked body")
        out.append(data[start : start + size])
        pos = start + size + 2


def _page(answer: Answer) -> dict[str, Any] | None:
    """The list page in a prefetch's answer, or None (an error, or not a page)."""
    status, payload = answer
    if status == 200 and isinstance(payload, dict) and isinstance(payload.get("data"), list):
        return payload
    return None


def begin(*, demo: bool, api_url: str | None, profile: str | None) -> Prefetch | None:
    """Start the token check now, if this start-up is the plain case (see the module docs)."""
    if demo or profile:
        return None
    token = os.environ.get("LINODE_TOKEN") or os.environ.get("LINODE_CLI_TOKEN")
    if not token or any(os.environ.get(v) for v in _PROXY_VARS):
        return None
    from linode_tui.paths import user_config_present

    if user_config_present():
        return None
    source = "env:LINODE_TOKEN" if os.environ.get("LINODE_TOKEN") else "env:LINODE_CLI_TOKEN"
    url = api_url or DEFAULT_URL
    if not url.startswith(("http://", "https://")):
        return None
    return Prefetch(url, token, source)
