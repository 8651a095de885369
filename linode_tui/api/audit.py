"""The audit log: one JSON line per mutating request the client actually sent.

Each line of ``audit.jsonl`` (in :func:`linode_tui.paths.data_dir`, i.e. ``$LINODE_TUI_DATA_DIR`` or
platformdirs' user data dir) is either an *entry*::

    {"id": "…", "time": "2026-11-27T10:00:00.123Z", "profile": "work", "user": "alice",
     "api": "https://api.linode.com/v4", "method": "POST", "path": "/linode/instances/123/reboot",
     "body": {...scrubbed...}, "status": 200, "error": null, "attempts": 1, "duration_ms": 84,
     "event_id": null, "confirmation": "web-1", "action": "Reboot"}

or a *follow-up* that names the event an earlier entry caused (the log is append-only)::

    {"time": "…", "follow_up": "<entry id>", "event_id": 901234}

:meth:`AuditLog.read` merges follow-ups into their entries.  Secret-bearing fields of a body
(passwords, tokens, private keys, API keys, ``root_pass``, cloud-init ``user_data``, 2FA and install
codes, …: the one list of :mod:`linode_tui.core.secrets`) are replaced by ``"[redacted]"`` before
anything is written; public SSH keys are written as
their ``SHA256:`` fingerprint.  The file is rotated by size (``audit.jsonl.1`` … ``.N``) with the
standard library's :class:`logging.handlers.RotatingFileHandler`; the directory is created 0700 and
the files 0600.

The client (:class:`linode_tui.api.client.LinodeClient`) records through :meth:`AuditLog.record`
when ``client.audit`` is set; requests refused before sending (read-only mode) are never recorded.
What the user typed to confirm comes from ``client.audit_context(confirmation=…)``; the event poller
calls :meth:`AuditLog.match_event` for every new event so an entry learns the event it caused.
"""

from __future__ import annotations

import io
import json
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from msgspec import Struct, field

from linode_tui.core.secrets import is_secret_name
from linode_tui.paths import data_dir

if TYPE_CHECKING:
    import logging.handlers

# hashlib, base64, datetime and logging.handlers are imported when an entry is first written, not at
# start-up (the client that owns this log is built before the first frame: issue 14).

__all__ = [
    "AUDIT_FILE_NAME",
    "REDACTED",
    "AuditContext",
    "AuditLog",
    "default_audit_path",
    "is_secret_field",
    "scrub_body",
]

log = logging.getLogger(__name__)

AUDIT_FILE_NAME: Final = "audit.jsonl"
REDACTED: Final = "[redacted]"
DEFAULT_MAX_BYTES: Final = 1_000_000
DEFAULT_BACKUPS: Final = 3
#: How long (monotonic seconds) a sent mutation waits for the event it caused.
EVENT_MATCH_WINDOW: Final = 600.0

# Public SSH keys: not secret, but long; the fingerprint is what an operator compares.
_PUBLIC_KEY_NAMES: Final = frozenset({"ssh_key", "authorized_keys"})


def default_audit_path(env: Mapping[str, str] = os.environ) -> Path:
    """``<data dir>/audit.jsonl`` (``$LINODE_TUI_DATA_DIR`` overrides the data dir)."""
    return data_dir(env) / AUDIT_FILE_NAME


def is_secret_field(name: str, path: str | None = None) -> bool:
    """Is a body field of this name (in a request to ``path``) secret-bearing (its value never
    written to the audit log)?"""
    return is_secret_name(name, path)


def ssh_fingerprint(public_key: str) -> str:
    """OpenSSH's ``SHA256:…`` fingerprint of a public key line (``ssh-ed25519 AAAA… comment``)."""
    import base64
    import binascii
    import hashlib

    parts = public_key.strip().split()
    for part in parts[1:2] + parts[:1]:
        try:
            blob = base64.b64decode(part, validate=True)
        except (binascii.Error, ValueError):
            continue
        if len(blob) >= 16:
            digest = base64.b64encode(hashlib.sha256(blob).digest()).decode("ascii").rstrip("=")
            kind = parts[0] if parts and parts[0] != part else "key"
            return f"{kind} SHA256:{digest}"
    return REDACTED  # not a recognisable public key: it might be anything, so do not write it


def scrub_body(body: Any, secrets: tuple[str, ...] = (), path: str | None = None) -> Any:
    """A copy of a request body (sent to ``path``) safe to write down.

    Values of secret-bearing fields (also those secret only in ``path``'s bodies, e.g. the answers
    to the security questions) become ``"[redacted]"`` (at any depth, also inside lists);
    public SSH keys become fingerprints; any string containing one of ``secrets`` (the client's own
    token) has it replaced.
    """

    def clean(value: Any, key: str | None) -> Any:
        if key is not None:
            lowered = key.lower()
            if lowered in _PUBLIC_KEY_NAMES:
                if isinstance(value, str):
                    return ssh_fingerprint(value)
                if isinstance(value, list):
                    return [ssh_fingerprint(v) if isinstance(v, str) else REDACTED for v in value]
            if is_secret_field(key, path):
                return REDACTED if value not in (None, "") else value
        if isinstance(value, Mapping):
            return {str(k): clean(v, str(k)) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [clean(v, None) for v in value]
        if isinstance(value, str):
            for secret in secrets:
                if secret and len(secret) >= 4 and secret in value:
                    value = value.replace(secret, REDACTED)
            return value
        if value is None or isinstance(value, bool | int | float):
            return value
        return str(value)

    return clean(body, None)


def _iso(ts: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class AuditContext(Struct):
    """What the UI knows about the request(s) it is about to send (see ``client.audit_context``)."""

    confirmation: str | None = None
    action: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class _Pending(Struct):
    entry_id: str
    at: float
    paths: list[str]  # the request's path, then the created resource's once the answer names it
    hints: list[str]
    user: str | None


def _private_rotating_handler(*args: Any, **kwargs: Any) -> logging.handlers.RotatingFileHandler:
    """A size-rotating file whose files are created 0600; write failures are kept (in
    ``last_error``), not printed."""
    import logging.handlers

    class _PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
        last_error: str | None = None

        def _open(self) -> io.TextIOWrapper:
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
            fd = os.open(self.baseFilename, flags, 0o600)
            return io.TextIOWrapper(io.FileIO(fd, "a"), encoding=self.encoding or "utf-8", newline="\n",
                                    write_through=True)

        def handleError(self, record: logging.LogRecord) -> None:
            import sys

            exc = sys.exc_info()[1]
            self.last_error = f"{type(exc).__name__}: {exc}" if exc is not None else "unknown error"
            log.warning("audit log: cannot write %s: %s", self.baseFilename, self.last_error)

    return _PrivateRotatingHandler(*args, **kwargs)


class AuditLog:
    """Append-only JSON-lines audit log of sent mutations, rotated by size.

    ``AuditLog()`` writes to :func:`default_audit_path`; ``profile`` and ``user`` are written into
    every entry (the client fills ``user`` from ``GET /profile`` when it is not given).  Writing never
    raises: a failure is logged and kept in :attr:`last_error` so the UI can show it.
    """

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        profile: str | None = None,
        user: str | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        backups: int = DEFAULT_BACKUPS,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.path = Path(path) if path is not None else default_audit_path()
        self.profile = profile
        self.user = user
        self.max_bytes = max(1024, int(max_bytes))
        self.backups = max(1, int(backups))
        self._clock = clock
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._handler: Any = None  # the rotating file handler, made with the first entry
        self._pending: deque[_Pending] = deque(maxlen=200)
        self._open_error: str | None = None
        self.written = 0

    def __repr__(self) -> str:
        return f"AuditLog({str(self.path)!r}, profile={self.profile!r})"

    # -- writing ---------------------------------------------------------------------------------

    @property
    def last_error(self) -> str | None:
        """Why the last write failed (None when it worked)."""
        if self._open_error:
            return self._open_error
        return self._handler.last_error if self._handler is not None else None

    def _ensure_handler(self) -> Any:
        if self._handler is not None:
            return self._handler
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            handler = _private_rotating_handler(
                self.path, maxBytes=self.max_bytes, backupCount=self.backups, encoding="utf-8", delay=True
            )
        except OSError as exc:
            self._open_error = f"cannot create {self.path.parent}: {exc.strerror or exc}"
            log.warning("audit log: %s", self._open_error)
            return None
        handler.setFormatter(logging.Formatter("%(message)s"))
        self._open_error = None
        self._handler = handler
        return handler

    def _write(self, line: dict[str, Any]) -> bool:
        text = json.dumps(line, ensure_ascii=False, separators=(",", ":"), default=str)
        with self._lock:
            handler = self._ensure_handler()
            if handler is None:
                return False
            handler.last_error = None
            record = logging.makeLogRecord({"msg": text, "levelno": logging.INFO, "levelname": "INFO"})
            handler.handle(record)
            ok = handler.last_error is None
        if ok:
            self.written += 1
        return ok

    def record(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        status: int | None = None,
        error: str | None = None,
        attempts: int = 1,
        duration_ms: float | None = None,
        event_id: int | None = None,
        api: str | None = None,
        user: str | None = None,
        context: AuditContext | None = None,
        secrets: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """Write one entry for a request that was sent; returns the entry as written."""
        ctx = context or AuditContext()
        entry: dict[str, Any] = {
            "id": os.urandom(8).hex(),
            "time": _iso(self._clock()),
            "profile": self.profile,
            "user": user or self.user,
            "api": api,
            "method": method.upper(),
            "path": path,
        }
        if body is not None:
            entry["body"] = scrub_body(body, secrets, path)
        entry.update({
            "status": status,
            "error": error,
            "attempts": attempts,
            "duration_ms": round(duration_ms) if duration_ms is not None else None,
            "event_id": event_id,
            "confirmation": ctx.confirmation,
            "action": ctx.action,
        })
        for key, value in ctx.extra.items():
            entry.setdefault(key, scrub_body(value, secrets) if not is_secret_field(key) else REDACTED)
        self._write(entry)
        if event_id is None and status is not None and 200 <= status < 300:
            self._pending.append(_Pending(entry["id"], self._monotonic(), [_strip_version(path)],
                                          [_action_hint(entry["method"], path)], entry["user"]))
        return entry

    def attach_event(self, entry_id: str, event_id: int) -> None:
        """Record that the entry ``entry_id`` caused event ``event_id`` (a follow-up line)."""
        self._write({"time": _iso(self._clock()), "follow_up": entry_id, "event_id": event_id})
        for p in list(self._pending):
            if p.entry_id == entry_id:
                self._pending.remove(p)

    def note_result(self, entry: Mapping[str, Any], result: Any) -> None:
        """The answer to a sent ``POST``: an event in it names the entry's event; a new resource in it
        (``POST /volumes`` → ``{"id": 7, …}``, a clone) makes the event about that resource match."""
        if not isinstance(result, Mapping):
            return
        pending = next((p for p in self._pending if p.entry_id == entry.get("id")), None)
        if pending is None:
            return
        if _looks_like_event(result):
            self.attach_event(pending.entry_id, int(result["id"]))
            return
        new_id = result.get("id")
        if isinstance(new_id, bool) or not isinstance(new_id, int | str) or new_id == "":
            return
        path = pending.paths[0]
        segments = path.strip("/").split("/")
        if str(new_id) in segments:
            return  # the answer is the resource the path already names (an update)
        pending.paths.append(f"{path}/{new_id}")  # POST /volumes → /volumes/7
        for i, seg in enumerate(segments):  # POST /linode/instances/1/clone → /linode/instances/9
            if seg.isdigit() and i > 0:
                pending.paths.append("/" + "/".join([*segments[:i], str(new_id)]))
                break
        pending.hints.append("create")  # POST /domains/1/records → domain_record_create

    def match_event(self, event: Mapping[str, Any]) -> str | None:
        """Attach a new event to the pending entry that caused it; returns that entry's id.

        An event matches an entry sent in the last :data:`EVENT_MATCH_WINDOW` seconds whose path lies
        under the event's ``entity.url`` (``/linode/instances/123/reboot`` under
        ``/v4/linode/instances/123``), by the same user when both are known; among several, one whose
        verb the event's ``action`` names (``reboot`` → ``linode_reboot``) wins, then the oldest.
        """
        event_id = event.get("id")
        entity = event.get("entity")
        if not isinstance(event_id, int) or isinstance(event_id, bool) or not isinstance(entity, Mapping):
            return None
        url = entity.get("url")
        if not isinstance(url, str) or not url:
            return None
        target = _strip_version(url).rstrip("/")
        now = self._monotonic()
        while self._pending and now - self._pending[0].at > EVENT_MATCH_WINDOW:
            self._pending.popleft()
        who = event.get("username")
        action = str(event.get("action") or "").lower()
        candidates = [
            p for p in self._pending
            if any(path == target or path.startswith(target + "/") for path in p.paths)
            and not (who and p.user and who != p.user)
        ]
        if not candidates:
            return None
        best = next((p for p in candidates if any(h and h in action for h in p.hints)), candidates[0])
        self.attach_event(best.entry_id, event_id)
        return best.entry_id

    def close(self) -> None:
        with self._lock:
            if self._handler is not None:
                self._handler.close()
                self._handler = None

    # -- reading ---------------------------------------------------------------------------------

    def files(self) -> list[Path]:
        """The log and its rotated files, newest first (only those that exist)."""
        rotated = [self.path.with_name(f"{self.path.name}.{n}") for n in range(1, self.backups + 1)]
        paths = [self.path, *rotated]
        return [p for p in paths if p.exists()]

    def read(self, limit: int | None = 100) -> list[dict[str, Any]]:
        """The newest ``limit`` entries (all when None), newest first, follow-ups merged in.

        Lines that are not valid JSON objects (a torn write, a hand edit) are skipped.
        """
        follow: dict[str, int] = {}
        out: list[dict[str, Any]] = []
        for line in self._lines_newest_first():
            try:
                item = json.loads(line)
            except ValueError:
                continue
            if not isinstance(item, dict):
                continue
            if "follow_up" in item:
                if isinstance(item.get("event_id"), int):
                    follow.setdefault(str(item["follow_up"]), item["event_id"])
                continue
            if "method" not in item or "path" not in item:
                continue
            if item.get("event_id") is None and str(item.get("id")) in follow:
                item["event_id"] = follow[str(item["id"])]
            out.append(item)
            if limit is not None and len(out) >= limit:
                break
        return out

    def _lines_newest_first(self) -> Iterator[str]:
        with self._lock:
            files = self.files()
        for path in files:
            try:
                data = path.read_text(encoding="utf-8", errors="replace")
            except OSError as exc:
                log.warning("audit log: cannot read %s: %s", path, exc.strerror or exc)
                continue
            for line in reversed(data.splitlines()):
                if line.strip():
                    yield line


def _strip_version(path: str) -> str:
    """``/v4/linode/instances/1`` and ``https://…/v4beta/x`` → ``/linode/instances/1``; adds ``/``."""
    if "://" in path:
        path = "/" + path.split("://", 1)[1].partition("/")[2]
    path = path.split("?", 1)[0]
    if not path.startswith("/"):
        path = "/" + path
    for version in ("/v4beta", "/v4"):
        if path == version or path.startswith(version + "/"):
            path = path[len(version):] or "/"
            break
    return path.rstrip("/") or "/"


def _action_hint(method: str, path: str) -> str:
    """The word an event's action likely contains for this request (``reboot``, ``delete``…); only
    used to choose between several entries about the same resource."""
    method = method.upper()
    if method == "DELETE":
        return "delete"
    if method == "PUT":
        return "update"
    segments = [s for s in _strip_version(path).split("/") if s]
    if not segments or segments[-1].isdigit():
        return "create"
    if not any(s.isdigit() for s in segments):  # POST /volumes, /linode/instances
        return "create"
    return segments[-1].replace("-", "_")


def _looks_like_event(value: Mapping[str, Any]) -> bool:
    event_id = value.get("id")
    return (
        isinstance(event_id, int) and not isinstance(event_id, bool)
        and isinstance(value.get("action"), str) and "entity" in value and "status" in value
    )


