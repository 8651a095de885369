"""The one asynchronous client of the Linode API v4.

* one ``httpx.AsyncClient`` (keep-alive, bounded connection pool, timeouts);
* pagination: page 1 first, then pages 2..N concurrently (bounded), in order for :meth:`list_all`;
* retries: ``GET`` on 408/429/502/503/504 and network errors with exponential backoff honouring
  ``Retry-After``; ``POST``/``PUT``/``DELETE`` only when the API refused them unprocessed (429 and
  ``400 Linode busy.``);
* honest outcomes: a mutation that was sent and got no clear answer (5xx, a timeout or a broken
  connection after sending, a body that is not the API's JSON) raises
  :class:`~linode_tui.api.errors.OutcomeUnknownError` ("may have been applied"), never retried;
* slow requests: a request with no answer after ``slow_after`` seconds (2 s) is announced to
  listeners (``slow``), and its end too (``answered``); :meth:`LinodeClient.waiting` lists them;
* throttling before the budget runs out (:mod:`.ratelimit`), a TTL cache with coalescing and
  invalidation after every mutation (:mod:`.cache`), the token's scopes (:mod:`.scopes`);
* read-only mode: every non-GET request is refused in :meth:`LinodeClient.request` (the single choke
  point) before anything is sent;
* the server's clock: the ``Date`` header of every response gives the offset between the API's
  clock and ours (:attr:`LinodeClient.clock_offset`); :meth:`LinodeClient.server_now` is our clock
  corrected by it (ages on screen, rate-limit resets, which are the server's time);
* rate-limit notices: a 429 gives one ``rate_limited`` :class:`ClientNotice` carrying ``retry_at``
  per limit class and episode (not one per retry), and ``unthrottled`` when the class works again.
* the audit log (:mod:`.audit`): with ``client.audit`` set, every mutation that was actually sent is
  recorded there with its outcome (requests refused before sending are not), together with what
  :meth:`LinodeClient.audit_context` says about it (the confirmation the user typed).

The token is kept as a secret (``Secret``, or a pydantic ``SecretStr`` from the config); it is
added to requests by an ``httpx.Auth`` flow and never appears in ``repr()``, logs or error messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import json as jsonlib
import logging
import ssl
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterable, Iterator, Mapping
from contextvars import ContextVar
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final

from msgspec import Struct, field

from linode_tui import __version__
from linode_tui.api.audit import AuditContext, AuditLog
from linode_tui.api.cache import CacheKey, ResponseCache, make_key, mutation_prefixes, normalise_path
from linode_tui.api.errors import (
    ApiTimeoutError,
    AuthError,
    BusyError,
    LinodeError,
    MaintenanceError,
    MalformedResponseError,
    NetworkError,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitedError,
    ReadOnlyError,
    ServerError,
    ValidationError,
    decode_json,
    error_from_response,
    outcome_unknown,
    scrub,
)
from linode_tui.api.ratelimit import ClientNotice, RateLimiter, limit_class
from linode_tui.api.scopes import Scopes
from linode_tui.api.secret import Secret, SecretLike

__all__ = [
    "DEFAULT_BASE_URL",
    "MAX_PAGE_SIZE",
    "MIN_PAGE_SIZE",
    "NOTICE_KINDS",
    "WAIT_KINDS",
    "ClientNotice",
    "LinodeClient",
    "Page",
    "ServerClock",
    "Upload",
    "Waiting",
    "clamp_page_size",
    "parse_http_date",
]

log = logging.getLogger(__name__)

DEFAULT_BASE_URL: Final = "https://api.linode.com/v4"
MIN_PAGE_SIZE: Final = 25
MAX_PAGE_SIZE: Final = 500
RETRY_GET_STATUSES: Final = frozenset({408, 429, 502, 503, 504})
# Errors after which a mutation certainly changed nothing (no cache invalidation needed).
_UNPROCESSED = (ReadOnlyError, ValidationError, RateLimitedError, AuthError, PermissionDeniedError,
                NotFoundError, MaintenanceError)

# Failures of the API/network rather than of the request: worth a notice for the status line.
_INFRASTRUCTURE = (NetworkError, ServerError, MaintenanceError, MalformedResponseError)

_NO_BODY: Any = object()

if TYPE_CHECKING:
    import httpx

# httpx is imported with the first request, not with this module: the first frame of a list shows a
# page fetched by linode_tui.startup, and httpx with httpcore, anyio and h11 costs ~50 ms (issue 14).


def _not_sent() -> tuple[type[Exception], ...]:
    """httpx errors raised before any byte of the request left: the API cannot have seen it."""
    import httpx

    return (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol,
            httpx.ProxyError)

# Every kind of ClientNotice; the waiting kinds go only to listeners that ask for them.
NOTICE_KINDS: Final = frozenset(
    {"throttled", "unthrottled", "retrying", "rate_limited", "error", "slow", "answered"}
)
WAIT_KINDS: Final = frozenset({"slow", "answered"})
_DEFAULT_KINDS: Final = NOTICE_KINDS - WAIT_KINDS

# What the UI said about the mutation(s) being sent from this task (``LinodeClient.audit_context``).
_AUDIT_CONTEXT: ContextVar[AuditContext | None] = ContextVar("linode_tui_audit_context", default=None)


def clamp_page_size(page_size: int) -> int:
    """The API accepts page sizes from 25 to 500."""
    return max(MIN_PAGE_SIZE, min(MAX_PAGE_SIZE, int(page_size)))


class Page(Struct):
    """One page of a paginated collection."""

    data: list[dict[str, Any]]
    page: int
    pages: int
    results: int

    @classmethod
    def from_json(cls, payload: Any, requested_page: int = 1) -> Page:
        """Parse the envelope, tolerating ``pages: 0`` and ``page: 0`` (empty lists)."""
        if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
            raise MalformedResponseError("the API answered with something that is not a paginated list")
        data: list[dict[str, Any]] = payload["data"]
        page = _as_int(payload.get("page"))
        if page < 1:
            page = max(1, requested_page)
        pages = max(1, _as_int(payload.get("pages")), page if data else 1)
        results = _as_int(payload.get("results"), len(data))
        return cls(data=data, page=page, pages=pages, results=max(results, 0))

    @property
    def is_last(self) -> bool:
        return self.page >= self.pages


def parse_http_date(value: str | None) -> float | None:
    """Epoch seconds of an HTTP ``Date`` header (``Wed, 15 Jan 2025 12:00:00 GMT``); None if invalid."""
    if not value:
        return None
    from email.utils import parsedate_to_datetime  # with the first answer, not at start-up

    try:
        dt = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if dt is None:
        return None
    if dt.tzinfo is None:  # RFC 7231 dates are GMT
        from datetime import UTC

        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


class ServerClock:
    """The offset between the API server's clock and a local one, from ``Date`` response headers.

    ``Date`` has whole-second resolution and was produced somewhere between sending the request
    (local ``sent``) and receiving the response (local ``received``), so each response says
    ``date - received <= offset < date + 1 - sent``.  The bounds of the last ``window`` responses
    are intersected; :attr:`offset` is the lower bound (the server is at least that far ahead), so
    a rate-limit reset is never believed to have passed before it has on the server.  Samples that
    contradict each other (a clock was set) restart from the newest one.
    """

    def __init__(self, window: int = 16) -> None:
        self._samples: deque[tuple[float, float]] = deque(maxlen=max(1, window))
        self._offset: float | None = None
        self._upper: float | None = None

    def record(self, date: float, sent: float, received: float) -> None:
        if received < sent:
            sent, received = received, sent
        self._samples.append((date - received, date + 1.0 - sent))
        lower = max(lo for lo, _ in self._samples)
        upper = min(hi for _, hi in self._samples)
        if lower > upper:  # inconsistent: keep only the newest sample
            newest = self._samples[-1]
            self._samples.clear()
            self._samples.append(newest)
            lower, upper = newest
        self._offset, self._upper = lower, upper

    @property
    def offset(self) -> float | None:
        """Seconds to add to the local clock to get the server's (None before any ``Date``)."""
        return self._offset

    @property
    def uncertainty(self) -> float | None:
        """Width of the interval the true offset lies in (seconds; None before any ``Date``)."""
        if self._offset is None or self._upper is None:
            return None
        return self._upper - self._offset


def _as_int(value: Any, default: int = 0) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _bearer_auth(token: SecretLike) -> httpx.Auth:
    """An ``httpx.Auth`` that adds ``Authorization: Bearer …`` to each request without keeping the
    token in plain sight (its class is made with the first client that sends)."""
    import httpx

    class _BearerAuth(httpx.Auth):
        def __init__(self, token: SecretLike) -> None:
            self._token = token

        def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
            request.headers["Authorization"] = f"Bearer {self._token.get_secret_value()}"
            yield request

        def __repr__(self) -> str:
            return "_BearerAuth(**********)"

    return _BearerAuth(token)


Listener = Callable[[ClientNotice], None]


class Waiting(Struct, frozen=True):
    """A request in flight that has had no answer for longer than the client's ``slow_after``."""

    request_id: int
    method: str
    path: str
    started: float  # the event loop's clock (``loop.time()``)

    def elapsed(self, now: float | None = None) -> float:
        """Seconds since it was sent (``now`` on the event loop's clock; default: the loop's now)."""
        if now is None:
            now = asyncio.get_running_loop().time()
        return max(0.0, now - self.started)


class Upload(Struct, frozen=True):
    """A file sent as one part of a ``multipart/form-data`` request (:meth:`LinodeClient.upload`).
    The audit log records its name and size, never its content."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"

    def __repr__(self) -> str:  # not the content (a file read from disk, maybe large)
        size = f"<{len(self.content)} bytes>"
        return f"Upload(filename={self.filename!r}, content={size}, content_type={self.content_type!r})"

    def describe(self) -> dict[str, Any]:
        """What the audit log writes for the part."""
        return {"filename": self.filename, "size": len(self.content), "content_type": self.content_type}


class _Stats(Struct):
    retries: int = 0
    by_status: dict[int, int] = field(default_factory=dict)


class _Trail(Struct):
    """What happened to one audited mutation: how often it left the client, the last status."""

    started: float
    sent: int = 0
    status: int | None = None


class LinodeClient:
    """Asynchronous Linode API v4 client.  Use as ``async with LinodeClient(token) as api: …``."""

    def __init__(
        self,
        token: str | SecretLike | None,
        base_url: str = DEFAULT_BASE_URL,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        transport_factory: Callable[[], httpx.AsyncBaseTransport] | None = None,
        verify: ssl.SSLContext | bool = True,
        read_only: bool = False,
        timeout: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        max_retries: int = 3,
        cache_ttl: float = 30.0,
        max_concurrency: int = 8,
        wall: Callable[[], float] = time.time,
        mutation_retries: int = 2,
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
        max_retry_after: float = 120.0,
        rate_reserve: int = 0,
        slow_after: float = 2.0,
        audit: AuditLog | None = None,
    ) -> None:
        if isinstance(token, str):
            token = Secret(token) if token else None
        self._token: SecretLike | None = token
        self.base_url = base_url.rstrip("/")
        self._base: httpx.URL | None = None  # built with the first request (httpx is imported then)
        self.read_only = read_only
        self.timeout = timeout
        self._clock = clock
        self._sleep = sleep
        self._wall = wall
        self.max_retries = max(0, max_retries)
        self.mutation_retries = max(0, mutation_retries)
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.max_retry_after = max_retry_after
        self.max_concurrency = max(1, max_concurrency)
        self.scopes: Scopes = Scopes.unknown()
        self.server_clock = ServerClock()
        self.rate = RateLimiter(sleep=sleep, wall=wall, reserve=rate_reserve, server_now=self.server_now)
        # limit class -> the retry_at announced by its one "rate_limited" notice (a 429 episode)
        self._rate_limited: dict[str, float] = {}
        self.cache = ResponseCache(cache_ttl, clock=clock)
        self.requests_sent = 0
        self.stats = _Stats()
        self.slow_after = slow_after
        self._listeners: list[tuple[Listener, frozenset[str]]] = []
        self._request_ids = 0
        self._started: dict[int, Waiting] = {}  # every request on the wire
        self._slow: dict[int, Waiting] = {}  # those announced as slow
        #: Where sent mutations are recorded (None: nowhere).  See :mod:`linode_tui.api.audit`.
        self.audit: AuditLog | None = audit
        #: The token's user, learnt from the first successful ``GET /profile`` (None until then).
        self.username: str | None = None
        self.rate.add_listener(self._limiter_notice)
        # The httpx client (its transport imports httpcore and sets up TLS) is built on the first
        # request, not here: the first frame of a list shows a page fetched by linode_tui.startup.
        self._http_client: httpx.AsyncClient | None = None
        self._transport = transport
        self._transport_factory = transport_factory  # makes the transport with the first request
        self._verify = verify

    @property
    def _http(self) -> httpx.AsyncClient:
        if self._http_client is None:
            import httpx

            token = self._token
            if self._transport is None and self._transport_factory is not None:
                self._transport = self._transport_factory()
            self._http_client = httpx.AsyncClient(
                base_url=self.base_url + "/",
                transport=self._transport,
                verify=self._verify,
                auth=_bearer_auth(token) if token is not None else None,
                headers={"User-Agent": f"linode-tui/{__version__}", "Accept": "application/json"},
                timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0)),
                limits=httpx.Limits(
                    max_connections=max(10, self.max_concurrency * 2),
                    max_keepalive_connections=self.max_concurrency,
                    keepalive_expiry=30.0,
                ),
                follow_redirects=False,
            )
        return self._http_client

    # -- housekeeping ----------------------------------------------------------------------------

    def __repr__(self) -> str:
        token = "'**********'" if self._token is not None else "None"
        return f"LinodeClient(base_url={self.base_url!r}, read_only={self.read_only}, token={token})"

    @property
    def has_token(self) -> bool:
        return self._token is not None

    @property
    def throttled(self) -> bool:
        return self.rate.throttled

    def _secrets(self) -> list[str]:
        return [self._token.get_secret_value()] if self._token is not None else []

    def redact(self, text: str) -> str:
        """``text`` without this client's token (for crash reports and logs)."""
        return scrub(text, self._secrets())

    async def aclose(self) -> None:
        if self._http_client is not None:  # never built: nothing was sent, nothing to close
            await self._http_client.aclose()

    async def __aenter__(self) -> LinodeClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    @property
    def clock_offset(self) -> float | None:
        """Seconds the API's clock is ahead of ours (from its ``Date`` headers); None until known."""
        return self.server_clock.offset

    def server_now(self) -> float:
        """The API server's current time (epoch seconds): our wall clock corrected by the offset
        measured from ``Date`` headers (just the wall clock before the first response).  Ages on
        screen ("created 3 d ago") should be computed against this, not the local clock."""
        return self._wall() + (self.server_clock.offset or 0.0)

    def rate_limited_until(self, class_: str | None = None) -> float | None:
        """While a 429 episode lasts: the ``retry_at`` (wall clock) announced for ``class_``, or the
        latest of all classes when ``class_`` is None; else None."""
        if class_ is not None:
            return self._rate_limited.get(class_)
        return max(self._rate_limited.values(), default=None)

    def add_listener(self, cb: Listener, kinds: Iterable[str] | None = None) -> None:
        """Register a callback for :class:`ClientNotice`.

        Kinds: ``throttled``/``unthrottled`` (waiting for a rate-limit window), ``retrying``,
        ``rate_limited`` (the API answered 429), ``error`` (a network/server failure, or a mutation
        whose outcome is unknown, was raised), ``slow`` (a request has had no answer for
        ``slow_after`` seconds) and ``answered`` (a request announced as slow ended, in any way).

        ``kinds`` chooses which kinds reach ``cb``; by default every kind except the waiting ones
        (``WAIT_KINDS``: ``slow``/``answered``), which a listener must ask for by name, so that
        listeners that treat any other kind as an error are not told about mere waiting.
        """
        wanted = _DEFAULT_KINDS if kinds is None else frozenset(kinds)
        unknown = wanted - NOTICE_KINDS
        if unknown:
            raise ValueError(f"unknown notice kind(s): {', '.join(sorted(unknown))}")
        self._listeners.append((cb, wanted))

    def remove_listener(self, cb: Listener) -> None:
        self._listeners = [(c, k) for c, k in self._listeners if c != cb]

    def _emit(self, notice: ClientNotice) -> None:
        for cb, kinds in list(self._listeners):
            if notice.kind not in kinds:
                continue
            try:
                cb(notice)
            except Exception:
                log.exception("client listener failed")

    def waiting(self) -> list[Waiting]:
        """The requests in flight that have been announced as slow, oldest first."""
        return sorted(self._slow.values(), key=lambda w: w.started)

    def _announce_slow(self, request_id: int) -> None:
        w = self._started.get(request_id)
        if w is None:
            return
        self._slow[request_id] = w
        elapsed = w.elapsed()
        self._emit(ClientNotice(
            "slow", f"Waiting for the Linode API: {w.method} {w.path} has had no answer for {elapsed:.0f} s",
            method=w.method, path=w.path, elapsed=elapsed, request_id=request_id,
        ))

    def _finish_wait(self, request_id: int, outcome: str) -> None:
        self._started.pop(request_id, None)
        w = self._slow.pop(request_id, None)
        if w is None:
            return
        elapsed = w.elapsed()
        self._emit(ClientNotice(
            "answered", f"{w.method} {w.path} {outcome} after {elapsed:.1f} s",
            method=w.method, path=w.path, elapsed=elapsed, request_id=request_id,
        ))

    def invalidate_for_event(
        self, action: str, entity: Mapping[str, Any] | None = None,
        secondary_entity: Mapping[str, Any] | None = None,
    ) -> list[str]:
        """Invalidate what an event made stale (``volume_*`` -> ``/volumes`` …); returns the prefixes."""
        return self.cache.invalidate_for_event(action, entity, secondary_entity)

    # -- the choke point -------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        """Relative URL for httpx; absolute when the path names another API version (``/v4beta/…``)."""
        if not path.startswith("/"):
            path = "/" + path
        base = self._base
        if base is None:
            import httpx

            base = self._base = httpx.URL(self.base_url)
        base_path = base.path.rstrip("/")
        for version in ("/v4beta", "/v4"):
            if (path == version or path.startswith(version + "/")) and base_path.endswith(("/v4", "/v4beta")):
                root = base_path.rsplit("/", 1)[0]
                return str(base.copy_with(path=root + path))
        return path.lstrip("/")

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        filter: Mapping[str, Any] | None = None,
        json: Any = _NO_BODY,
        files: Mapping[str, Upload] | None = None,
    ) -> Any:
        """Send one API request (with retries as the method allows) and decode its JSON.

        Every request of the client goes through here; in read-only mode only GET passes.  A mutation
        that left the client is written to :attr:`audit` (when set) with its outcome.  ``files``
        (instead of ``json``) sends a ``multipart/form-data`` body, one part per name.
        """
        method = method.upper()
        if method != "GET" and self.read_only:
            raise ReadOnlyError(
                f"Read-only mode: refused to send {method} {normalise_path(path)}.",
                method=method,
                path=normalise_path(path),
            )
        if files is not None:
            if method == "GET":
                raise ValueError("a GET has no body: files cannot be sent with it")
            if json is not _NO_BODY:
                raise ValueError("a request has one body: json or files, not both")
        if method == "GET":
            result = await self._request(method, path, params, filter, json, None)
            if self.username is None and isinstance(result, dict) and normalise_path(path) == "/profile":
                name = result.get("username")
                self.username = name if isinstance(name, str) and name else None
            return result
        audit = self.audit
        if audit is None:
            return await self._request(method, path, params, filter, json, None, files)
        trail = _Trail(started=self._clock())
        # An upload is written down as its parts' names and sizes, never their content.
        logged = json if files is None else {k: u.describe() for k, u in files.items()}
        try:
            result = await self._request(method, path, params, filter, json, trail, files)
        except BaseException as exc:
            if trail.sent:
                self._audit(audit, method, path, logged, trail, error=exc)
            raise
        if trail.sent:
            entry = self._audit(audit, method, path, logged, trail)
            if entry is not None and method == "POST":
                audit.note_result(entry, result)
        return result

    @contextlib.contextmanager
    def audit_context(
        self, *, confirmation: str | None = None, action: str | None = None, **extra: Any
    ) -> Iterator[AuditContext]:
        """Describe the mutations sent inside the ``with`` block (in this task) for the audit log:
        ``confirmation`` is what the user typed to confirm, ``action`` the action's name; ``extra``
        keys are added to each entry (secret-looking ones are redacted)."""
        ctx = AuditContext(confirmation=confirmation, action=action, extra=dict(extra))
        token = _AUDIT_CONTEXT.set(ctx)
        try:
            yield ctx
        finally:
            _AUDIT_CONTEXT.reset(token)

    def _audit(
        self, audit: AuditLog, method: str, path: str, body: Any, trail: _Trail,
        *, error: BaseException | None = None,
    ) -> dict[str, Any] | None:
        if error is None:
            problem = None
        elif isinstance(error, LinodeError):
            problem = str(error)
        elif isinstance(error, asyncio.CancelledError):
            problem = "cancelled before the answer arrived (the API may have acted on it)"
        else:
            problem = scrub(f"{type(error).__name__}: {error}", self._secrets())
        status = trail.status
        if status is None and isinstance(error, LinodeError):
            status = error.status
        try:
            return audit.record(
                method, normalise_path(path),
                body=None if body is _NO_BODY else body,
                status=status, error=problem, attempts=trail.sent,
                duration_ms=(self._clock() - trail.started) * 1000,
                api=self.base_url, user=self.username, context=_AUDIT_CONTEXT.get(),
                secrets=tuple(self._secrets()),
            )
        except Exception:  # the audit log must never break the request it describes
            log.exception("audit log: cannot record %s %s", method, normalise_path(path))
            return None

    async def _request(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        filter: Mapping[str, Any] | None,
        json: Any,
        trail: _Trail | None,
        files: Mapping[str, Upload] | None = None,
    ) -> Any:
        headers: dict[str, str] = {}
        if filter:
            headers["X-Filter"] = jsonlib.dumps(filter, separators=(",", ":"))  # ASCII: header-safe
        query = {k: v for k, v in (params or {}).items() if v is not None}
        attempt = 0
        try:
            while True:
                try:
                    response = await self._send_once(method, path, query, headers, json, trail, files)
                    if response.is_success:
                        if self._rate_limited:
                            self._rate_limit_over(method, path)
                        return decode_json(response, secrets=self._secrets())
                    error: LinodeError = error_from_response(
                        response, secrets=self._secrets(), now=self._wall()
                    )
                except NetworkError as exc:
                    error = exc
                except MalformedResponseError as exc:  # a 2xx whose body is not JSON
                    error = exc
                delay = self._retry_delay(method, error, attempt)
                if isinstance(error, RateLimitedError):
                    block_for = delay if delay is not None else error.retry_after
                    if block_for:
                        self.rate.block(limit_class(method, path), block_for)
                    self._rate_limit_notice(method, path, error, delay, attempt)
                if delay is None:
                    if method != "GET" and outcome_unknown(error):
                        error = OutcomeUnknownError(
                            error, method=method, path=normalise_path(path), secrets=self._secrets()
                        )
                    if isinstance(error, (*_INFRASTRUCTURE, OutcomeUnknownError)):
                        self._emit(ClientNotice("error", str(error), method=method, path=path,
                                                attempt=attempt + 1))
                    raise error
                attempt += 1
                self.stats.retries += 1
                if not isinstance(error, RateLimitedError):  # a 429's one notice already says when
                    self._emit(ClientNotice(
                        "retrying",
                        f"{error} — retrying {method} {normalise_path(path)} in {delay:g} s "
                        f"(attempt {attempt + 1})",
                        method=method, path=path, delay=delay, attempt=attempt,
                    ))
                log.debug("retrying %s %s in %.2fs after %s", method, normalise_path(path), delay,
                          type(error).__name__)
                await self._sleep(delay)
        except LinodeError as exc:
            if method != "GET" and not isinstance(exc, _UNPROCESSED):
                self._invalidate_after(path, json)  # the outcome is unknown: refetch to find out
            raise

    async def _send_once(
        self, method: str, path: str, query: Mapping[str, Any], headers: Mapping[str, str], body: Any,
        trail: _Trail | None = None, files: Mapping[str, Upload] | None = None,
    ) -> httpx.Response:
        import httpx

        await self.rate.acquire(method, path)
        started = self._clock()
        where = f"{method} {normalise_path(path)}"
        loop = asyncio.get_running_loop()
        self._request_ids += 1
        request_id = self._request_ids
        self._started[request_id] = Waiting(request_id, method, normalise_path(path), loop.time())
        timer = (loop.call_later(self.slow_after, self._announce_slow, request_id)
                 if self.slow_after > 0 else None)
        outcome = "failed"
        sent_wall = self._wall()
        try:
            self.requests_sent += 1
            kwargs: dict[str, Any] = {"params": query or None, "headers": headers or None}
            if body is not _NO_BODY:
                kwargs["json"] = body
            if files is not None:  # multipart/form-data; httpx sets the boundary
                kwargs["files"] = {k: (u.filename, u.content, u.content_type) for k, u in files.items()}
            if trail is not None:
                trail.sent += 1
            response = await self._http.request(method, self._url(path), **kwargs)
            outcome = f"answered (HTTP {response.status_code})"
            if trail is not None:
                trail.status = response.status_code
        except httpx.TimeoutException as exc:
            sent = not isinstance(exc, _not_sent())
            if trail is not None and not sent:
                trail.sent -= 1  # no connection: the request never left
            outcome = "timed out"
            msg = (f"The Linode API did not answer in time ({where})." if sent
                   else f"Could not connect to the Linode API in time ({where}).")
            raise ApiTimeoutError(
                msg, sent=sent, method=method, path=normalise_path(path), secrets=self._secrets(),
            ) from _scrubbed(exc, self._secrets())
        except httpx.RequestError as exc:
            sent = not isinstance(exc, _not_sent())
            if trail is not None and not sent:
                trail.sent -= 1  # no connection: the request never left
            outcome = "lost its connection" if sent else "could not connect"
            detail = scrub(str(exc), self._secrets()) or type(exc).__name__
            lead = "The connection to the Linode API broke" if sent else "Could not reach the Linode API"
            raise NetworkError(
                f"{lead} ({where}): {detail}",
                sent=sent, method=method, path=normalise_path(path), secrets=self._secrets(),
            ) from _scrubbed(exc, self._secrets())
        except asyncio.CancelledError:
            outcome = "was cancelled"
            raise
        finally:
            if timer is not None:
                timer.cancel()
            self._finish_wait(request_id, outcome)
            self.rate.release(method, path)
        self.stats.by_status[response.status_code] = self.stats.by_status.get(response.status_code, 0) + 1
        log.debug("%s %s -> %d (%.0f ms)", method, normalise_path(path), response.status_code,
                  (self._clock() - started) * 1000)
        date = parse_http_date(response.headers.get("date"))
        if date is not None:
            self.server_clock.record(date, sent_wall, self._wall())
        self.rate.record(method, path, response.headers)
        scopes = response.headers.get("x-oauth-scopes")
        if scopes is not None and scopes.strip() != self.scopes.raw:
            self.scopes = Scopes.parse(scopes)
        if method != "GET" and response.is_success:
            self._invalidate_after(path, body)
        return response

    def _rate_limit_notice(
        self, method: str, path: str, error: RateLimitedError, delay: float | None, attempt: int
    ) -> None:
        """One ``rate_limited`` notice per limit class and 429 episode.  A later 429 of the same
        episode announces again only when it pushes the retry time later (the UI's one message
        then shows the new time); the episode ends when a request of the class succeeds."""
        class_ = limit_class(method, path)
        wait = delay if delay is not None else error.retry_after
        retry_at = self._wall() + wait if wait is not None else None
        announced = self._rate_limited.get(class_)
        if announced is not None and (retry_at is None or retry_at <= announced + 1.0):
            return
        self._rate_limited[class_] = retry_at if retry_at is not None else self._wall()
        when = f"; retrying in {wait:.0f} s" if delay is not None else ""
        self._emit(ClientNotice(
            "rate_limited", f"{error}{when}", method=method, path=path, limit_class=class_,
            delay=delay, attempt=attempt + 1, retry_at=retry_at,
        ))

    def _limiter_notice(self, notice: ClientNotice) -> None:
        """The throttle's own wait inside a 429 episode of its class is the same countdown the
        episode's ``rate_limited`` notice already announced: it is not told twice."""
        if notice.limit_class is not None and notice.limit_class in self._rate_limited:
            return
        self._emit(notice)

    def _rate_limit_over(self, method: str, path: str) -> None:
        class_ = limit_class(method, path)
        if self._rate_limited.pop(class_, None) is not None:
            self._emit(ClientNotice("unthrottled", f"Rate limit for {class_} requests is over",
                                    method=method, path=path, limit_class=class_))

    def _retry_delay(self, method: str, error: LinodeError, attempt: int) -> float | None:
        """Seconds to wait before retrying, or None when the error must be raised."""
        if method == "GET":
            if attempt >= self.max_retries or isinstance(error, MaintenanceError):
                return None
            retryable = (isinstance(error, NetworkError) and error.status is None) or (
                error.status in RETRY_GET_STATUSES
            )
            if not retryable:
                return None
            delay = min(self.backoff_max, self.backoff_base * (2.0**attempt))
        else:
            # A mutation is retried only when the API certainly did not process it.
            if attempt >= self.mutation_retries or outcome_unknown(error):
                return None
            if isinstance(error, BusyError):
                delay = min(self.backoff_max, max(1.0, self.backoff_base * 4) * (2.0**attempt))
            elif isinstance(error, RateLimitedError):
                delay = min(self.backoff_max, self.backoff_base * (2.0**attempt))
            else:
                return None
        if isinstance(error, RateLimitedError) and error.retry_after is not None:
            if error.retry_after > self.max_retry_after:
                return None
            delay = error.retry_after
        return delay

    def _invalidate_after(self, path: str, body: Any) -> None:
        prefixes = mutation_prefixes(path, body if body is not _NO_BODY else None)
        self.cache.invalidate_many(prefixes)

    # -- verbs -----------------------------------------------------------------------------------

    async def get(
        self,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        filter: dict[str, Any] | None = None,
        cache: bool = True,
        force: bool = False,
        ttl: float | None = None,
    ) -> Any:
        """GET and decode JSON.  Cached for the cache TTL (or ``ttl``) unless ``cache=False``;
        ``force=True`` ignores the cached value and stores the fresh one."""
        if not cache:
            return await self.request("GET", path, params=params, filter=filter)
        key: CacheKey = make_key(path, params, filter)
        return await self.cache.fetch(
            key, lambda: self.request("GET", path, params=params, filter=filter), ttl=ttl, force=force
        )

    async def post(self, path: str, json: Any = None) -> Any:
        return await self.request("POST", path, json=json)

    async def put(self, path: str, json: Any = None) -> Any:
        return await self.request("PUT", path, json=json)

    async def delete(self, path: str) -> Any:
        return await self.request("DELETE", path)

    async def upload(self, path: str, files: Mapping[str, Upload], method: str = "POST") -> Any:
        """Send files as ``multipart/form-data`` (a support ticket attachment: ``{"file": Upload}``).
        The same choke point as every mutation: refused in read-only mode, retried only when the API
        certainly did not process it (429, busy), written to the audit log by name and size."""
        return await self.request(method, path, files=files)

    # -- pagination ------------------------------------------------------------------------------

    async def get_page(
        self,
        path: str,
        *,
        page: int = 1,
        page_size: int = 500,
        filter: dict[str, Any] | None = None,
        force: bool = False,
    ) -> Page:
        page, params = _page_params(page, page_size)
        payload = await self.get(path, params=params, filter=filter, force=force)
        try:
            return Page.from_json(payload, requested_page=page)
        except MalformedResponseError as exc:
            raise MalformedResponseError(
                f"GET {normalise_path(path)}: {exc}", method="GET", path=normalise_path(path)
            ) from None

    def cached_page(
        self, path: str, *, page: int = 1, page_size: int = 500, filter: dict[str, Any] | None = None
    ) -> Page | None:
        """The page :meth:`get_page` would return from the cache right now, without waiting or
        sending anything; None when it is not cached (or not fresh, or not a page)."""
        page, params = _page_params(page, page_size)
        payload = self.cache.get(make_key(path, params, filter))
        if payload is None:
            return None
        try:
            return Page.from_json(payload, requested_page=page)
        except MalformedResponseError:
            return None

    def _page_tasks(
        self, path: str, pages: Iterable[int], *, filter: dict[str, Any] | None, page_size: int, force: bool
    ) -> list[asyncio.Task[Page]]:
        sem = asyncio.Semaphore(self.max_concurrency)

        async def one(n: int) -> Page:
            async with sem:
                return await self.get_page(path, page=n, page_size=page_size, filter=filter, force=force)

        tasks = [asyncio.ensure_future(one(n)) for n in pages]
        for task in tasks:
            task.add_done_callback(_consume_exception)
        return tasks

    async def list_all(
        self,
        path: str,
        *,
        filter: dict[str, Any] | None = None,
        page_size: int = 500,
        force: bool = False,
    ) -> list[dict[str, Any]]:
        """Every item of a collection, in the API's order (page 1 first, then 2..N concurrently)."""
        first = await self.get_page(path, page=1, page_size=page_size, filter=filter, force=force)
        items = list(first.data)
        if first.pages <= 1:
            return items
        tasks = self._page_tasks(path, range(2, first.pages + 1), filter=filter, page_size=page_size,
                                 force=force)
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for task in tasks:  # in page order; raises the first failure
                if task.done() and not task.cancelled():
                    failure = task.exception()
                    if failure is not None:
                        raise failure
            for task in tasks:
                items.extend(task.result().data)
        finally:
            _cancel_pending(tasks)
        return items

    async def iter_pages(
        self,
        path: str,
        *,
        filter: dict[str, Any] | None = None,
        page_size: int = 500,
        force: bool = False,
    ) -> AsyncIterator[Page]:
        """Yield page 1 first, then pages 2..N (fetched concurrently, bounded) as they complete."""
        first = await self.get_page(path, page=1, page_size=page_size, filter=filter, force=force)
        yield first
        if first.pages <= 1:
            return
        tasks = self._page_tasks(path, range(2, first.pages + 1), filter=filter, page_size=page_size,
                                 force=force)
        try:
            for next_done in asyncio.as_completed(tasks):
                yield await next_done
        finally:
            _cancel_pending(tasks)


def _page_params(page: int, page_size: int) -> tuple[int, dict[str, int]]:
    """The page number and the query of one list page (the cache key of get_page and cached_page)."""
    page = max(1, int(page))
    return page, {"page": page, "page_size": clamp_page_size(page_size)}


def _cancel_pending(tasks: Iterable[asyncio.Task[Any]]) -> None:
    for task in tasks:
        if not task.done():
            task.cancel()


def _consume_exception(task: asyncio.Task[Any]) -> None:
    """Mark a page task's exception as retrieved (another page's failure may be the one raised)."""
    if not task.cancelled():
        task.exception()


def _scrubbed(exc: BaseException, secrets: list[str]) -> BaseException | None:
    """The httpx exception as a cause, unless its text would leak the token."""
    text = str(exc)
    return None if any(s and s in text for s in secrets) else exc
