"""The simulator's ASGI application (plain ASGI, no web framework).

Per request:

1. the path must start with ``/v4`` or ``/v4beta`` (stripped), else 404 ``Not found``;
2. real-time latency (``latency_ms``, the ``slow`` preset) is slept; proxy-level faults
   (``offline``, ``maintenance``, ``unstable``) may answer instead of the API;
3. routing: a handler registered on the :class:`~linode_tui.sim.framework.Router` (literal
   segments beat parameters), else the spec operation answered by the generic handlers
   (:mod:`linode_tui.sim.generic`); neither → 404, or 405 for a known path with another method;
4. auth: ``Authorization: Bearer <token>`` resolved by ``world.token_info``; missing/unknown →
   401 ``Invalid Token``; public catalog GETs (regions, types, kernels…) work without a token;
5. scopes: the operation's scopes against the token's (``*`` = all, ``x:read_write`` implies
   ``x:read_only``, ``*:read_only`` = read-only everywhere) → 403 ``Unauthorized``;
6. per-token rate limit (:mod:`linode_tui.sim.ratelimit`) → 429 with ``Retry-After``;
7. JSON body (400 ``Invalid JSON``; an ``image/*`` or ``multipart/form-data`` upload is passed
   as bytes); for an area handler's POST/PUT the spec data's body rules first (a missing required
   field, a wrong JSON type, a value outside an enum → 400 naming the field, like the API's own
   validation); ``world.tick()``, the handler; a :class:`Listing` result is filtered
   (``X-Filter``), ordered and paginated here;
8. ``ApiError`` → the error envelope; anything else → 500 ``Internal server error`` (the
   traceback is kept in :attr:`SimApp.error_log`).

Every response carries a ``Date`` header with the SIM clock's time (RFC 7231, like a real server's;
``linode-tui sim`` turns off uvicorn's own), so a client can tell the server's "now" from its own.
Every API response carries ``Content-Type: application/json``, ``X-OAuth-Scopes``,
``X-Accepted-OAuth-Scopes`` (when the operation declares scopes) and the ``X-RateLimit-*``
headers.  HTML pages from the simulated proxy (``offline``, ``unstable`` 502) carry only
``Content-Type: text/html``, like a real proxy's.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import math
import traceback
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from email.utils import formatdate
from functools import lru_cache
from typing import Any, NamedTuple
from urllib.parse import parse_qsl

from linode_tui.api.query import FilterSyntaxError, compile_predicate, sort_key, sort_spec, validate_fields
from linode_tui.sim.clock import SimClock
from linode_tui.sim.faults import Faults
from linode_tui.sim.framework import ApiError, Ctx, Listing, Reply, Router, TokenInfo, parse_multipart, routes
from linode_tui.sim.generic import GenericStore, validate_body
from linode_tui.sim.ratelimit import RateLimiter, classify

__all__ = ["ANONYMOUS", "LoggedRequest", "SimApp", "http_date", "is_public", "scopes_allow"]

PAGE_SIZE_DEFAULT = 100
PAGE_SIZE_MIN = 25
PAGE_SIZE_MAX = 500

ANONYMOUS = TokenInfo(name="anonymous", scopes="", username="", restricted=False, grants=None)

_JSON_CT = (b"content-type", b"application/json")
_EXPOSE = (b"access-control-expose-headers", b"X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Status")

_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode

# Operations without scopes that the real API answers without any token (public catalogs).
_PUBLIC_PREFIXES = ("/regions", "/linode/types", "/linode/kernels", "/network-transfer/prices",
                    "/databases/engines", "/databases/types")


def http_date(ts: float) -> str:
    """An HTTP ``Date`` value (``Wed, 15 Jan 2025 12:00:00 GMT``) for epoch seconds ``ts``."""
    return formatdate(ts, usegmt=True)


class LoggedRequest(NamedTuple):
    method: str
    path: str
    status: int
    query: str
    token_name: str | None
    body: bytes = b""  # the request body as sent (tests read what a workflow sent)


def is_public(op: Any) -> bool:
    """Does the real API answer this operation without a token?"""
    if op is None or op.scopes or op.method != "GET":
        return False
    p: str = op.path
    return p.startswith(_PUBLIC_PREFIXES) or p.endswith("/types") or "/types/{" in p


_LEVEL = {"read_only": 1, "read": 1, "read_write": 2}


@lru_cache(maxsize=256)
def _parse_scopes(scopes: str) -> tuple[bool, dict[str, int]]:
    """(all, {area: level}) from a token's scopes string ("*", "linodes:read_only events:read_write")."""
    levels: dict[str, int] = {}
    everything = False
    for part in scopes.replace(",", " ").split():
        if part == "*":
            everything = True
            continue
        area, _, level = part.partition(":")
        rank = _LEVEL.get(level, 2 if not level else 0)
        if rank > levels.get(area, 0):
            levels[area] = rank
    return everything, levels


def scopes_allow(token_scopes: str, needed: Sequence[str]) -> bool:
    """Do ``token_scopes`` grant every scope in ``needed``?"""
    if not needed:
        return True
    everything, levels = _parse_scopes(token_scopes)
    if everything:
        return True
    star = levels.get("*", 0)
    for scope in needed:
        area, _, level = scope.partition(":")
        want = _LEVEL.get(level, 2)
        if max(levels.get(area, 0), star) < want:
            return False
    return True


def _int_param(value: str | None, name: str, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        if name == "page_size":
            raise ApiError(400, f"Must be between {PAGE_SIZE_MIN} and {PAGE_SIZE_MAX}", "page_size") from None
        raise ApiError(400, "Must be an integer", name) from None


def _slashed_op(spec: Any, method: str, path: str, template: str) -> Any:
    """The spec operation of a route whose id has a slash (``/images/{vendor}/{name}`` for
    ``/images/{imageId}`` with ``private/123``): two adjacent parameters taken as one."""
    segs, tmpl = path.strip("/").split("/"), template.strip("/").split("/")
    if len(segs) != len(tmpl):
        return None
    for i in range(len(tmpl) - 1):
        if tmpl[i].startswith("{") and tmpl[i + 1].startswith("{"):
            joined = [*segs[:i], f"{segs[i]}%2F{segs[i + 1]}", *segs[i + 2:]]
            m = spec.match(method, "/" + "/".join(joined))
            if m is not None:
                return m[0]
    return None


def _coerce_params(params: dict[str, str]) -> dict[str, Any]:
    return {k: (int(v) if v.isdigit() else v) for k, v in params.items()}


class SimApp:
    """The ASGI callable.  State lives in ``world`` (area handlers) and ``generic`` (generic writes)."""

    def __init__(
        self,
        *,
        world: Any,
        clock: SimClock,
        spec: Any = None,
        router: Router | None = None,
        faults: Faults | None = None,
        limiter: RateLimiter | None = None,
        generic: GenericStore | None = None,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        if spec is None:
            from linode_tui.specdata import load_spec

            spec = load_spec()
        self.world = world
        self.clock = clock
        self.spec = spec
        self.router = router if router is not None else routes
        self.faults = faults if faults is not None else Faults()
        self.limiter = limiter if limiter is not None else RateLimiter(clock.now)
        self.generic = generic if generic is not None else GenericStore(spec)
        # Handlers of sub-resources of generically stored objects (an OAuth client's thumbnail) ask
        # it whether their parent exists.
        world.generic = self.generic
        self.generic.probe = self._probe
        self.sleep = sleep
        self.request_log: list[LoggedRequest] = []
        self.error_log: list[str] = []  # tracebacks of unexpected exceptions (500s)
        self.max_log = 100_000
        self._tick = getattr(world, "tick", None)

    # ------------------------------------------------------------------ ASGI entry

    async def __call__(self, scope: MutableMapping[str, Any],
                       receive: Callable[[], Awaitable[MutableMapping[str, Any]]],
                       send: Callable[[MutableMapping[str, Any]], Awaitable[None]]) -> None:
        kind = scope["type"]
        if kind == "lifespan":
            await self._lifespan(receive, send)
            return
        if kind != "http":  # websockets are not part of the API
            return
        body = b""
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
        status, headers, payload, path, token_name = await self.handle(
            scope["method"], scope.get("path", "/"), scope.get("query_string", b""), scope["headers"], body)
        headers.append((b"content-length", str(len(payload)).encode()))
        headers.append((b"date", http_date(self.clock.now()).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})
        log = self.request_log
        if len(log) >= self.max_log:
            del log[: self.max_log // 10]
        log.append(LoggedRequest(scope["method"], path, status,
                                 scope.get("query_string", b"").decode("latin-1"), token_name, body))

    async def _lifespan(self, receive: Callable[[], Awaitable[MutableMapping[str, Any]]],
                        send: Callable[[MutableMapping[str, Any]], Awaitable[None]]) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    # ------------------------------------------------------------------ request handling

    async def handle(
        self, method: str, raw_path: str, query_string: bytes, raw_headers: Sequence[tuple[bytes, bytes]],
        body: bytes,
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes, str, str | None]:
        """(status, headers, body, path without prefix, token name) for one request."""
        method = method.upper()
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in raw_headers}

        # 1. prefix
        path = self._strip_prefix(raw_path)
        if path is None:
            return (404, [_JSON_CT], b'{"errors":[{"reason":"Not found"}]}', raw_path, None)

        # 2. latency and proxy faults
        delay = self.faults.delay()
        if delay > 0:
            await self.sleep(delay)
        token = self._resolve_token(headers)
        fault = self.faults.failure()
        if fault is not None:
            out = [(b"content-type", fault.content_type.encode())]
            out += [(k.lower().encode(), v.encode()) for k, v in fault.headers.items()]
            if fault.json_body:
                out += self._token_headers(token)
            return fault.status, out, fault.body, path, token.name if token else None

        token_name = token.name if token else None
        op: Any = None
        accepted: list[tuple[bytes, bytes]] = []
        rate: list[tuple[bytes, bytes]] = []
        try:
            # 3. routing
            handler: Callable[[Ctx], Any] | None
            params: dict[str, Any]
            found: tuple[Callable[[Ctx], Any], dict[str, Any], str] | None = self.router.match(method, path)
            if found is not None:
                handler, params, template = found
                op = self.spec.find(method, template)
                if op is None:
                    m = self.spec.match(method, path)
                    op = m[0] if m is not None else _slashed_op(self.spec, method, path, template)
            else:
                m = self.spec.match(method, path)
                if m is not None:
                    op, sparams = m
                    params = _coerce_params(sparams)
                    handler = self.generic.handle
                else:
                    handler, params = None, {}
            needed: Sequence[str] = op.scopes if op is not None and op.scopes else ()
            if not needed and found is not None:
                needed = self.router.scopes_for(method, found[2])
            if needed:
                accepted = [(b"x-accepted-oauth-scopes", " ".join(needed).encode())]

            # 4. auth
            if token is None:
                if "authorization" in headers or needed or not is_public(op):
                    rate = self._rate_headers("anonymous", method, path)
                    raise ApiError(401, "Invalid Token")
                token = ANONYMOUS

            # 6. rate limit (counted for every authenticated request)
            decision = self.limiter.hit(token.name, classify(method, path))
            rate = [(k.lower().encode(), v.encode()) for k, v in decision.headers().items()]
            if not decision.allowed:
                raise ApiError(429, "Too many requests")

            if handler is None:
                if self.router.path_known(path) or self.spec.methods_for(path):
                    raise ApiError(405, "Method Not Allowed")
                raise ApiError(404, "Not found")

            # 5. scopes
            if needed and not scopes_allow(token.scopes, needed):
                raise ApiError(403, "Unauthorized")

            # 7. body, tick, handler
            data: Any = None
            if body and method in ("POST", "PUT", "DELETE", "PATCH") and headers.get(
                "content-type", ""
            ).startswith("image/"):
                data = body  # an upload (e.g. an OAuth client thumbnail): the handler gets the bytes
            elif body and method in ("POST", "PUT") and headers.get("content-type", "").startswith(
                "multipart/form-data"
            ):
                data = parse_multipart(headers["content-type"], body)
            elif body and method in ("POST", "PUT", "DELETE", "PATCH"):
                try:
                    data = json.loads(body)
                except (ValueError, UnicodeDecodeError):
                    if method != "DELETE":
                        raise ApiError(400, "Invalid JSON") from None
            query = dict(parse_qsl(query_string.decode("latin-1"), keep_blank_values=True))
            if self._tick is not None:
                self._tick()
            uploaded = isinstance(data, bytes) or headers.get("content-type", "").startswith("multipart/")
            if found is not None and op is not None and method in ("POST", "PUT") and not uploaded:
                # the spec's body rules hold for every handler, like the API's own validation: a
                # missing required field, a wrong JSON type or a value outside an enum is a 400
                # naming the field before any state is looked at
                validate_body(op, data, partial=method == "PUT")
            ctx = Ctx(method=method, path=path, params=params, query=query, body=data, headers=headers,
                      token=token, world=self.world, clock=self.clock, operation=op)
            result = handler(ctx)
            if inspect.isawaitable(result):
                result = await result
            status, payload, extra = self._render(result, ctx)
        except ApiError as e:
            status = e.status
            payload = _dumps(e.body()).encode()
            extra = [(k.lower().encode(), v.encode()) for k, v in e.headers.items()]
        except Exception:
            self.error_log.append(traceback.format_exc())
            status = 500
            payload = b'{"errors":[{"reason":"Internal server error"}]}'
            extra = []
        # a handler's own Content-Type (e.g. image/png) replaces the JSON one
        out = [_EXPOSE] if any(k == b"content-type" for k, _ in extra) else [_JSON_CT, _EXPOSE]
        out.append((b"x-oauth-scopes", (token.scopes if token else "").encode()))
        out += accepted
        out += rate
        out += extra
        return status, out, payload, path, token_name

    # ------------------------------------------------------------------ helpers

    def _probe(self, path: str, ctx: Ctx | None) -> bool | None:
        """Does the area handler's GET of ``path`` find it (None: no handler has that GET)? The
        generic handler asks this for the items above a path it answers."""
        found = self.router.match("GET", path)
        if found is None:
            return None
        handler, params, template = found
        probe = Ctx(method="GET", path=path, params=params, query={}, body=None,
                    headers=ctx.headers if ctx is not None else {},
                    token=ctx.token if ctx is not None else ANONYMOUS, world=self.world,
                    clock=self.clock, operation=self.spec.find("GET", template))
        try:
            result = handler(probe)
        except ApiError as e:
            return e.status != 404
        if inspect.isawaitable(result):
            close = getattr(result, "close", None)
            if close is not None:
                close()
            return None
        return True

    @staticmethod
    def _strip_prefix(raw_path: str) -> str | None:
        if raw_path.startswith("/v4/") or raw_path == "/v4":
            rest = raw_path[3:]
        elif raw_path.startswith("/v4beta/") or raw_path == "/v4beta":
            rest = raw_path[7:]
        else:
            return None
        rest = rest.rstrip("/")
        return rest or "/"

    def _resolve_token(self, headers: dict[str, str]) -> TokenInfo | None:
        auth = headers.get("authorization")
        if not auth:
            return None
        scheme, _, value = auth.strip().partition(" ")
        if scheme.lower() not in ("bearer", "token") or not value.strip():
            return None
        info: TokenInfo | None = self.world.token_info(value.strip())
        return info

    def _token_headers(self, token: TokenInfo | None) -> list[tuple[bytes, bytes]]:
        return [_EXPOSE, (b"x-oauth-scopes", (token.scopes if token else "").encode())]

    def _rate_headers(self, key: str, method: str, path: str) -> list[tuple[bytes, bytes]]:
        d = self.limiter.peek(key, classify(method, path))
        return [(k.lower().encode(), v.encode()) for k, v in d.headers().items()]

    def _render(self, result: Any, ctx: Ctx) -> tuple[int, bytes, list[tuple[bytes, bytes]]]:
        status = 200
        extra: list[tuple[bytes, bytes]] = []
        if isinstance(result, Reply):
            status = result.status
            extra = [(k.lower().encode(), v.encode()) for k, v in result.headers.items()]
            result = result.body
        if status == 204:
            return status, b"", extra  # No Content: no body at all, like the real API
        if result is None:
            return status, b"{}", extra
        if isinstance(result, bytes):  # a binary body (Reply with its own Content-Type)
            return status, result, extra
        if isinstance(result, Listing):
            return status, self._paginate(result, ctx), extra
        return status, _dumps(result).encode(), extra

    def _paginate(self, listing: Listing, ctx: Ctx) -> bytes:
        page = _int_param(ctx.query.get("page"), "page", 1)
        if page < 1:
            raise ApiError(400, "Must be greater than or equal to 1", "page")
        page_size = _int_param(ctx.query.get("page_size"), "page_size", PAGE_SIZE_DEFAULT)
        if not PAGE_SIZE_MIN <= page_size <= PAGE_SIZE_MAX:
            raise ApiError(400, f"Must be between {PAGE_SIZE_MIN} and {PAGE_SIZE_MAX}", "page_size")
        items: Sequence[dict[str, Any]] = listing.items
        if not isinstance(items, list | tuple):
            items = list(items)
        raw_filter = ctx.headers.get("x-filter")
        if raw_filter is not None and raw_filter.strip():
            items = self._apply_filter(listing, ctx, raw_filter)
        results = len(items)
        pages = max(1, math.ceil(results / page_size))
        start = (page - 1) * page_size
        data = items[start:start + page_size] if start < results else []
        return _dumps({"data": list(data), "page": page, "pages": pages, "results": results}).encode()

    def _apply_filter(self, listing: Listing, ctx: Ctx, raw: str) -> Sequence[dict[str, Any]]:
        try:
            xfilter = json.loads(raw)
        except ValueError:
            raise ApiError(400, "Invalid JSON", "X-Filter") from None
        if not isinstance(xfilter, dict):
            raise ApiError(400, "Filter must be a JSON object", "X-Filter")
        if not xfilter:
            return listing.items if isinstance(listing.items, list | tuple) else list(listing.items)
        filterable = listing.filterable
        if filterable is None:
            op = ctx.operation
            filterable = op.filterable_set if op is not None else frozenset()
        try:
            bad = validate_fields(xfilter, filterable)
            if bad:
                raise ApiError(400, f"Cannot filter on {bad[0]}", "X-Filter")
            pred = compile_predicate(xfilter)
            order = sort_spec(xfilter)
        except FilterSyntaxError as e:
            raise ApiError(400, str(e) or "Invalid filter", "X-Filter") from None
        items = [it for it in listing.items if pred(it)]
        if order is not None:
            items = _sorted(items, order[0], order[1])
        return items


def _sorted(items: list[dict[str, Any]], field: str, desc: bool) -> list[dict[str, Any]]:
    """Stable sort by a (dotted) field like :func:`linode_tui.api.query.sort_key`, with a fast path
    for a plain field whose values all have one primitive type (the common case at 10k items)."""
    if "." not in field and items:
        vals = [it.get(field) for it in items]
        t = type(vals[0])
        if t in (str, int, float) and all(type(v) is t for v in vals):
            order = sorted(range(len(items)), key=lambda i: vals[i], reverse=desc)  # type: ignore[arg-type,return-value]
            return [items[i] for i in order]
    return sorted(items, key=sort_key(field), reverse=desc)

