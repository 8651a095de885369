"""A crash is never silent: crash reports for unhandled exceptions (no Textual import here).

When the app ends because of an unhandled exception, :func:`finish` writes a report and tells the
user where it is::

    watch = crash.arm(app)          # before app.run()
    app.run()
    return crash.finish(app, watch) # 0, or non-zero with "linode-tui crashed; report: PATH"

A report holds the traceback, the product, Python and Textual versions, the platform, the view on
screen when it crashed and the command line. The token and every other secret we know of (the
client's token, ``*TOKEN*``/``*SECRET*``/``*PASSWORD*``… environment values, anything shaped like a
bearer token, a Linode personal access token or ``password=…``) are replaced by ``***``.

Reports go to ``$LINODE_TUI_STATE_DIR/crashes`` (default: platformdirs' user state dir for
``linode-tui``), one file each, mode 0600; only the newest :data:`KEEP` are kept.

``LINODE_TUI_DEBUG_CRASH=1`` makes an armed app raise :class:`DeliberateCrash` from a timer about a
second after it starts (to check this path end to end; ``LINODE_TUI_DEBUG_CRASH=0.2`` picks the
delay in seconds).

How Textual 8.2 reports a crash: every unhandled exception (handlers, timers, workers with
``exit_on_error``) goes to ``App._handle_exception``, which sets ``return_code`` to 1, keeps the
first exception as ``App._exception``, prints a traceback after restoring the terminal and ends
the app; ``App.run()`` then returns normally. :func:`arm` wraps that method on the instance to note
the view while the screen still exists; :func:`finish` falls back to ``_exception`` and
``return_code`` if the wrapper could not be installed.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import platform
import re
import shlex
import sys
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from linode_tui import __version__
from linode_tui.api.errors import scrub

__all__ = [
    "DEBUG_CRASH_ENV",
    "KEEP",
    "STATE_DIR_ENV",
    "CrashWatch",
    "DeliberateCrash",
    "arm",
    "crash_dir",
    "describe_view",
    "finish",
    "format_report",
    "scrub_argv",
    "scrub_text",
    "state_dir",
    "write_report",
]

STATE_DIR_ENV = "LINODE_TUI_STATE_DIR"
DEBUG_CRASH_ENV = "LINODE_TUI_DEBUG_CRASH"
KEEP = 20
APP_NAME = "linode-tui"
_REDACTED = "***"


class _Patterns:
    """The redaction patterns, compiled with the first report (~1.3 ms at every start otherwise)."""

    @functools.cached_property
    def secret_env(self) -> re.Pattern[str]:
        # Environment variables whose values are secrets.
        return re.compile(r"(?i)(token|secret|passw|api_?key|access_?key|credential|auth)")

    @functools.cached_property
    def secret_pair(self) -> re.Pattern[str]:
        # ``password=hunter2``, ``"root_pass": "x"``, ``token: abc`` …
        return re.compile(
            r"(?i)((?:[\w-]*(?:token|secret|passw(?:or)?d?|root_pass|api_?key|access_?key))[\"']?\s*[:=]\s*[\"']?)"
            r"([^\s\"',;&}]+)"
        )

    @functools.cached_property
    def pat(self) -> re.Pattern[str]:
        # Linode personal access tokens: 64 hex digits.
        return re.compile(r"(?<![0-9a-fA-F])[0-9a-fA-F]{64}(?![0-9a-fA-F])")

    @functools.cached_property
    def secret_flag(self) -> re.Pattern[str]:
        # Flags whose value is a secret (``--token X``, ``--token=X``); linode-tui has none today,
        # but a wrapper script or a future flag must not leak into a report.
        return re.compile(r"(?i)^--?[\w-]*(token|secret|passw|api-?key|access-?key)[\w-]*$")


_RE = _Patterns()


class DeliberateCrash(RuntimeError):
    """Raised on purpose by ``LINODE_TUI_DEBUG_CRASH`` to exercise the crash path."""


# -- where -------------------------------------------------------------------------------------


def state_dir(env: Mapping[str, str] = os.environ) -> Path:
    """``$LINODE_TUI_STATE_DIR``, or platformdirs' user state dir for linode-tui."""
    override = env.get(STATE_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def crash_dir(env: Mapping[str, str] = os.environ) -> Path:
    return state_dir(env) / "crashes"


# -- scrubbing -----------------------------------------------------------------------------------


def env_secrets(env: Mapping[str, str] = os.environ) -> list[str]:
    """Values of environment variables named like secrets (``LINODE_TOKEN``, ``*_PASSWORD`` …)."""
    return [v for k, v in env.items() if _RE.secret_env.search(k) and len(v.strip()) >= 4]


def scrub_text(text: str, secrets: Iterable[str | None] = ()) -> str:
    """``text`` with every given secret, bearer token, PAT-shaped string and ``key=secret`` redacted."""
    # Longest first, so a secret that contains another is removed whole.
    ordered = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)
    text = scrub(text, ordered)
    text = _RE.pat.sub(_REDACTED, text)
    return _RE.secret_pair.sub(lambda m: m.group(1) + _REDACTED, text)


def scrub_argv(argv: Sequence[str], secrets: Iterable[str | None] = ()) -> list[str]:
    """The command line with secret flag values and every secret redacted."""
    secret_list = list(secrets)
    out: list[str] = []
    hide_next = False
    for arg in argv:
        if hide_next:
            out.append(_REDACTED)
            hide_next = False
            continue
        flag, eq, _value = arg.partition("=")
        if _RE.secret_flag.match(flag):
            if eq:
                out.append(f"{flag}={_REDACTED}")
            else:
                out.append(arg)
                hide_next = True
            continue
        out.append(scrub_text(arg, secret_list))
    return out


# -- the report ----------------------------------------------------------------------------------


def _unwrap(exc: BaseException) -> BaseException:
    """The exception that actually failed (Textual wraps a worker's error in ``WorkerFailed``)."""
    seen = 0
    while seen < 5:
        inner = getattr(exc, "error", None)
        if type(exc).__name__ != "WorkerFailed" or not isinstance(inner, BaseException):
            break
        exc = inner
        seen += 1
    return exc


def _textual_version() -> str:
    try:
        from importlib.metadata import version

        return version("textual")
    except Exception:  # not installed as a distribution
        return "unknown"


def format_report(
    exc: BaseException,
    *,
    view: str | None = None,
    argv: Sequence[str] | None = None,
    secrets: Iterable[str | None] = (),
    when: _dt.datetime | None = None,
    redactors: Iterable[Callable[[str], str]] = (),
) -> str:
    """The text of a crash report for ``exc`` (scrubbed; each redactor is applied too, e.g. the
    client's :meth:`~linode_tui.api.client.LinodeClient.redact`, which knows its token)."""
    secret_list = [*secrets, *env_secrets()]
    exc = _unwrap(exc)
    when = when or _dt.datetime.now(_dt.UTC)
    args = list(sys.argv if argv is None else argv)
    command = shlex.join([APP_NAME, *scrub_argv(args[1:], secret_list)]) if args else APP_NAME
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    lines = [
        "linode-tui crash report",
        f"time: {when.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        f"version: linode-tui {__version__}",
        f"python: {platform.python_version()} ({platform.python_implementation()})",
        f"textual: {_textual_version()}",
        f"platform: {platform.platform()}",
        f"view: {view or 'unknown'}",
        f"command: {command}",
        f"exception: {type(exc).__module__}.{type(exc).__qualname__}: {exc}",
        "",
        trace.rstrip("\n"),
        "",
    ]
    text = scrub_text("\n".join(lines), secret_list)
    for redact in redactors:
        text = redact(text)
    return text


def _prune(directory: Path, keep: int) -> None:
    reports = sorted(directory.glob("crash-*.txt"), key=lambda p: p.name)
    for old in reports[: max(0, len(reports) - keep)]:
        try:
            old.unlink()
        except OSError:
            pass


def write_report(
    exc: BaseException,
    *,
    view: str | None = None,
    argv: Sequence[str] | None = None,
    secrets: Iterable[str | None] = (),
    env: Mapping[str, str] = os.environ,
    keep: int = KEEP,
    when: _dt.datetime | None = None,
    redactors: Iterable[Callable[[str], str]] = (),
) -> Path:
    """Write a report for ``exc`` into :func:`crash_dir`, keep the newest ``keep``; its path.

    Raises OSError when the directory cannot be created or written.
    """
    when = when or _dt.datetime.now(_dt.UTC)
    text = format_report(exc, view=view, argv=argv, secrets=secrets, when=when, redactors=redactors)
    directory = crash_dir(env)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = when.strftime("%Y%m%dT%H%M%S") + f"{when.microsecond // 1000:03d}Z"
    for n in range(1000):
        path = directory / f"crash-{stamp}-{os.getpid()}{'' if n == 0 else f'-{n}'}.txt"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        break
    else:  # pragma: no cover - a thousand reports in one millisecond
        raise FileExistsError(f"no free report name in {directory}")
    _prune(directory, keep)
    return path


# -- wiring into an app --------------------------------------------------------------------------


def describe_view(app: Any) -> str | None:
    """What was on screen: the screen's class and, for linode-tui, the view in the main area."""
    parts: list[str] = []
    try:
        parts.append(type(app.screen).__name__)
    except Exception:
        pass
    current = getattr(app, "current_view", None)
    if callable(current):
        try:
            view = current()
        except Exception:
            view = None
        if view is not None:
            title: str | None = None
            try:
                title = str(view.view_title())
            except Exception:
                pass
            parts.append(f"{type(view).__name__} ({title})" if title else type(view).__name__)
    return " > ".join(parts) or None


class CrashWatch:
    """What :func:`arm` learnt about a crash: the first unhandled exception and the view then."""

    def __init__(self, describe: Callable[[Any], str | None] = describe_view) -> None:
        self.exception: BaseException | None = None
        self.view: str | None = None
        self.hooked = False
        self._describe = describe

    def note(self, exc: BaseException, app: Any = None) -> None:
        if self.exception is not None:
            return
        self.exception = exc
        if app is not None:
            try:
                self.view = self._describe(app)
            except Exception:
                self.view = None


def _debug_delay(env: Mapping[str, str]) -> float | None:
    raw = env.get(DEBUG_CRASH_ENV, "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return None
    if raw in ("1", "true", "yes", "on"):
        return 1.0
    try:
        return max(0.0, float(raw))
    except ValueError:
        return 1.0


def arm(app: Any, *, env: Mapping[str, str] = os.environ,
        describe: Callable[[Any], str | None] = describe_view) -> CrashWatch:
    """Watch ``app`` (a Textual App, not yet running) for a crash; see the module docstring.

    Installs a wrapper of ``app._handle_exception`` on the instance that notes the exception and
    the view (then lets Textual do what it always does), and, with ``LINODE_TUI_DEBUG_CRASH`` set,
    queues a callback (``app.call_later``) that starts a timer (``app.set_timer``) which raises
    :class:`DeliberateCrash`.
    """
    watch = CrashWatch(describe)
    original = getattr(app, "_handle_exception", None)
    if callable(original):

        def handle_exception(error: Exception) -> None:
            watch.note(error, app)
            original(error)

        app._handle_exception = handle_exception
        watch.hooked = True
    delay = _debug_delay(env)
    if delay is not None:

        def crash_now() -> None:
            raise DeliberateCrash(f"deliberate crash ({DEBUG_CRASH_ENV} is set)")

        def start_timer() -> None:
            app.set_timer(delay, crash_now, name="debug-crash")

        app.call_later(start_timer)
    return watch


def _client_redactor(app: Any) -> Callable[[str], str] | None:
    """The app's client's :meth:`~linode_tui.api.client.LinodeClient.redact`, when it has one.

    Not in demo mode: the simulator's token is the public word ``demo``, and redacting it would
    turn ``--demo`` into ``--***``."""
    if getattr(getattr(app, "settings", None), "demo", False):
        return None
    client = getattr(getattr(app, "services", None), "client", None)
    redact = getattr(client, "redact", None)
    return redact if callable(redact) else None


def finish(
    app: Any,
    watch: CrashWatch,
    *,
    argv: Sequence[str] | None = None,
    secrets: Iterable[str | None] = (),
    env: Mapping[str, str] = os.environ,
    stream: IO[str] | None = None,
) -> int:
    """After ``app.run()``: the process exit code; on a crash, write the report and say where.

    0 when the app ended normally; otherwise its non-zero ``return_code`` (1 for a crash), after
    printing ``linode-tui crashed; report: PATH`` (or why no report could be written) to ``stream``
    (stderr by default).
    """
    out = stream if stream is not None else sys.stderr
    exc = watch.exception or getattr(app, "_exception", None)
    code = getattr(app, "return_code", None)
    code = code if isinstance(code, int) else 0
    if exc is None:
        return code
    code = code or 1
    try:
        redactor = _client_redactor(app)
        path = write_report(exc, view=watch.view, argv=argv, secrets=secrets, env=env,
                            redactors=[redactor] if redactor else ())
    except OSError as err:
        print(f"linode-tui crashed; could not write a report to {crash_dir(env)}: "
              f"{err.strerror or err}", file=out)
        return code
    print(f"linode-tui crashed; report: {path}", file=out)
    return code
