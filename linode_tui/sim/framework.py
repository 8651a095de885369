"""Simulator framework primitives: errors, replies, listings, request context and the router.

Handlers registered on :data:`routes` are plain synchronous functions ``h(ctx) -> result`` where the
result is a ``dict``/``list`` (200 JSON), a :class:`Listing` (filtered, sorted and paginated by the
framework), a :class:`Reply` (explicit status/headers) or ``None`` (200 ``{}``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

if TYPE_CHECKING:  # pragma: no cover - typing only
    from linode_tui.sim.clock import SimClock

__all__ = [
    "ApiError",
    "Ctx",
    "Handler",
    "Listing",
    "Reply",
    "Router",
    "TokenInfo",
    "busy",
    "field_error",
    "not_found",
    "routes",
]


class ApiError(Exception):
    """An error answered with the API's envelope ``{"errors": [{"reason", "field"}]}``."""

    def __init__(
        self,
        status: int,
        reason: str,
        field: str | None = None,
        headers: dict[str, str] | None = None,
        errors: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.field = field
        self.headers: dict[str, str] = dict(headers or {})
        if errors is None:
            entry: dict[str, Any] = {"reason": reason}
            if field is not None:
                entry["field"] = field
            errors = [entry]
        self.errors: list[dict[str, Any]] = errors

    def body(self) -> dict[str, Any]:
        return {"errors": self.errors}

    def __repr__(self) -> str:
        return f"ApiError({self.status}, {self.reason!r}, field={self.field!r})"


def busy() -> ApiError:
    """400 ``Linode busy.`` (an action while another job runs)."""
    return ApiError(400, "Linode busy.")


def not_found() -> ApiError:
    return ApiError(404, "Not found")


def field_error(field: str, reason: str) -> ApiError:
    return ApiError(400, reason, field)


@dataclass
class Reply:
    """An explicit response: status, JSON body (None → ``{}``) and extra headers.

    A ``bytes`` body is sent as it is; give it its ``Content-Type`` in ``headers`` (e.g. ``image/png``).
    """

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Listing:
    """A collection; the framework applies X-Filter, ordering and pagination to ``items``.

    ``filterable`` None → the matched spec operation's filterable fields are used.
    """

    items: Sequence[dict[str, Any]]
    filterable: frozenset[str] | None = None


@dataclass
class TokenInfo:
    name: str
    scopes: str  # "*" or a space/comma separated list such as "linodes:read_only events:read_only"
    username: str = "demo-user"
    restricted: bool = False
    grants: dict[str, Any] | None = None


_TYPE_NAMES: dict[type, str] = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    dict: "object",
    list: "array",
}


def type_matches(value: Any, type_: type | tuple[type, ...]) -> bool:
    """isinstance with JSON semantics: bool is not an int; an int is a valid float/number."""
    types = type_ if isinstance(type_, tuple) else (type_,)
    for t in types:
        if t is bool:
            if isinstance(value, bool):
                return True
        elif t is int:
            if isinstance(value, int) and not isinstance(value, bool):
                return True
        elif t is float:
            if isinstance(value, int | float) and not isinstance(value, bool):
                return True
        elif isinstance(value, t):
            return True
    return False


def type_name(type_: type | tuple[type, ...]) -> str:
    """JSON type name with its article: "a string", "an integer", "an object"..."""
    t = type_[0] if isinstance(type_, tuple) else type_
    name = _TYPE_NAMES.get(t, getattr(t, "__name__", str(t)))
    return ("an " if name[:1] in "aeiou" else "a ") + name


@dataclass
class Ctx:
    method: str
    path: str
    params: dict[str, Any]
    query: dict[str, str]
    body: Any
    headers: dict[str, str]
    token: TokenInfo
    world: Any
    clock: SimClock
    operation: Any = None

    def json_field(
        self, name: str, *, required: bool = False, type_: type | tuple[type, ...] | None = None
    ) -> Any:
        """A top-level field of the JSON body; 400 ``<name> is required`` / ``<name> must be a <type>``."""
        body = self.body if isinstance(self.body, dict) else {}
        if name not in body or body[name] is None:
            if required:
                raise field_error(name, f"{name} is required")
            return body.get(name)
        value = body[name]
        if type_ is not None and not type_matches(value, type_):
            raise field_error(name, f"{name} must be {type_name(type_)}")
        return value


Handler = Callable[[Ctx], Any]

_PARAM = re.compile(r"^\{([^}/]+)\}$")


@dataclass
class _Route:
    method: str
    template: str
    segments: tuple[str, ...]
    handler: Handler
    # per segment: None for a literal, else the parameter name
    param_names: tuple[str | None, ...] = ()
    # OAuth scopes the handler declares (used when the spec data has none for the operation)
    scopes: tuple[str, ...] = ()


def _split(path: str) -> tuple[str, ...]:
    return tuple(s for s in path.strip("/").split("/") if s)


def _coerce(value: str) -> Any:
    """A path parameter: URL-decoded, int when it is all digits."""
    if "%" in value:
        value = unquote(value)
    if value.isdigit():
        return int(value)
    return value


class Router:
    """Routes by method and spec-style template; literal segments beat parameters at each position."""

    def __init__(self) -> None:
        self._routes: list[_Route] = []
        # segment count -> routes with that many segments
        self._by_len: dict[int, list[_Route]] = {}

    def route(self, method: str, template: str, scopes: Sequence[str] = ()) -> Callable[[Handler], Handler]:
        """Register a handler; ``scopes`` are the OAuth scopes the real API needs for the operation,
        declared by handlers of operations newer than the bundled spec data (the spec's scopes win
        when it has any)."""
        method = method.upper()
        segments = _split(template)

        def deco(fn: Handler) -> Handler:
            names = tuple((m.group(1) if (m := _PARAM.match(s)) else None) for s in segments)
            r = _Route(method, "/" + "/".join(segments), segments, fn, names, tuple(scopes))
            # replace an existing registration of the same method+template (re-import friendly)
            self._routes = [x for x in self._routes if not (x.method == method and x.segments == segments)]
            self._routes.append(r)
            self._rebuild()
            return fn

        return deco

    def get(self, template: str, scopes: Sequence[str] = ()) -> Callable[[Handler], Handler]:
        return self.route("GET", template, scopes)

    def post(self, template: str, scopes: Sequence[str] = ()) -> Callable[[Handler], Handler]:
        return self.route("POST", template, scopes)

    def put(self, template: str, scopes: Sequence[str] = ()) -> Callable[[Handler], Handler]:
        return self.route("PUT", template, scopes)

    def delete(self, template: str, scopes: Sequence[str] = ()) -> Callable[[Handler], Handler]:
        return self.route("DELETE", template, scopes)

    def _rebuild(self) -> None:
        by_len: dict[int, list[_Route]] = {}
        for r in self._routes:
            by_len.setdefault(len(r.segments), []).append(r)
        # literal-beats-param: sort by the tuple of "is param" flags (literal=0 first, left to right)
        for lst in by_len.values():
            lst.sort(key=lambda r: tuple(0 if n is None else 1 for n in r.param_names))
        self._by_len = by_len

    def _candidates(self, path: str) -> list[tuple[_Route, dict[str, Any]]]:
        segs = _split(path)
        out: list[tuple[_Route, dict[str, Any]]] = []
        for r in self._by_len.get(len(segs), ()):
            params: dict[str, Any] = {}
            for seg, tmpl, name in zip(segs, r.segments, r.param_names, strict=True):
                if name is None:
                    if seg != tmpl:
                        break
                else:
                    params[name] = _coerce(seg)
            else:
                out.append((r, params))
        return out

    def match(self, method: str, path: str) -> tuple[Handler, dict[str, Any], str] | None:
        """(handler, path params, template) for the best route of this method, else None."""
        method = method.upper()
        for r, params in self._candidates(path):
            if r.method == method:
                return r.handler, params, r.template
        return None

    def scopes_for(self, method: str, template: str) -> tuple[str, ...]:
        """The scopes declared by the handler registered for ``method`` + ``template`` (or ``()``)."""
        segments = _split(template)
        for r in self._by_len.get(len(segments), ()):
            if r.method == method.upper() and r.segments == segments:
                return r.scopes
        return ()

    def path_known(self, path: str) -> bool:
        """True when some route (any method) matches the path."""
        return bool(self._candidates(path))

    def templates(self) -> list[tuple[str, str]]:
        return [(r.method, r.template) for r in self._routes]

    def __len__(self) -> int:
        return len(self._routes)


routes = Router()


def parse_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    """A ``multipart/form-data`` body as ``{name: part}``: a file part is a :class:`FormFile`, any
    other part its text.  400 ``Invalid multipart body`` when it cannot be parsed."""
    from email import policy
    from email.parser import BytesParser

    msg = BytesParser(policy=policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    if not msg.is_multipart():
        raise ApiError(400, "Invalid multipart body")
    parts: dict[str, Any] = {}
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            parts[name] = FormFile(filename, content, part.get_content_type())
        else:
            parts[name] = content.decode("utf-8", "replace")
    return parts


@dataclass(frozen=True)
class FormFile:
    """A file part of a ``multipart/form-data`` request."""

    filename: str
    content: bytes
    content_type: str
