"""``linode-tui doctor``: what is set up, what is wrong, and how to fix it.

:func:`run_checks` (or :func:`run_checks_async` from inside an event loop, e.g. a ``:doctor`` view)
returns a list of :class:`Check` — name, ``ok``/``warn``/``fail``, a one-line detail and the fix —
in this order: version, config, profile, token, keyring, (https,) api, scopes, clock, terminal,
colours, audit.  Nothing here prints, and no check ever shows the token.  :func:`main` is the command line
(exit code 1 when a check failed).

The API checks send ``GET /profile`` three times over one connection (the first includes connecting
and TLS): latency, the user, ``X-OAuth-Scopes`` and the ``Date`` header for clock skew.  Without a
token only reachability is checked, with the public ``GET /regions``.
"""

from __future__ import annotations

import argparse
import asyncio
import email.utils
import json
import os
import shutil
import stat
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

import httpx

from linode_tui import __version__

__all__ = ["Check", "Status", "format_checks", "main", "run_checks", "run_checks_async"]

Status = Literal["ok", "warn", "fail"]

#: Latency of a warm ``GET /profile`` above which the API is called slow.
SLOW_MS = 1500.0
#: Clock skew (seconds) that is worth a warning / that is a failure.
SKEW_WARN = 30.0
SKEW_FAIL = 300.0
MIN_SIZE = (80, 24)


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    name: str
    status: Status
    detail: str
    fix: str = ""

    @property
    def ok(self) -> bool:
        return self.status != "fail"

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class _Probe:
    """What the API answered (filled by :func:`_probe_api`)."""

    url: str
    status: int | None = None
    error: str | None = None
    latencies_ms: list[float] | None = None
    headers: httpx.Headers | None = None
    body: Any = None
    skew: float | None = None  # local clock minus the API's, in seconds
    skew_resolution: float = 1.0


def _mode(path: Path) -> str:
    try:
        return f"{stat.S_IMODE(path.stat().st_mode):04o}"
    except OSError:
        return "?"


# ------------------------------------------------------------------------------ local checks


def _check_version() -> Check:
    try:
        from importlib.metadata import version

        textual = version("textual")
    except Exception:
        textual = "unknown"
    py = ".".join(str(n) for n in sys.version_info[:3])
    return Check("version", "ok", f"linode-tui {__version__}, Python {py}, Textual {textual}")


def _check_config(env: Mapping[str, str]) -> tuple[Check, Any]:
    from linode_tui.config import ConfigError, load_settings
    from linode_tui.paths import config_file

    path = config_file(env)
    try:
        settings = load_settings(path)
    except ConfigError as exc:
        return Check("config", "fail", str(exc), f"fix or remove {path} (tokens never go in it)"), None
    except Exception as exc:  # a config we cannot read must become a line, not a traceback
        return Check("config", "fail", f"cannot read {path}: {exc}", f"fix or remove {path}"), None
    if not path.exists():
        return Check("config", "ok", f"no config file at {path}: defaults are used"), settings
    names = ", ".join(sorted(settings.profiles)) or "none"
    detail = f"{path}: profiles {names}; default profile {settings.profile!r}"
    if settings.warnings:
        return Check("config", "warn", f"{detail}; " + "; ".join(settings.warnings),
                     f"remove the token keys from {path}: store the token with the app or in a "
                     "0600 token file"), settings
    return Check("config", "ok", detail), settings


def _check_profile(settings: Any, name: str | None, api_url: str | None, env: Mapping[str, str]
                   ) -> tuple[Check, Any]:
    from linode_tui.config import ConfigError, active_profile

    if settings is None:
        return Check("profile", "fail", "not checked: the configuration could not be read",
                     "fix the configuration first"), None
    try:
        prof = active_profile(settings, name, env=env)
    except ConfigError as exc:
        from linode_tui.paths import config_file

        return Check("profile", "fail", str(exc),
                     f"pick a known profile with --profile, or add [profiles.{name}] to "
                     f"{config_file(env)}"), None
    url = api_url or prof.api_url
    mode = ", read-only" if prof.read_only else ""
    return Check("profile", "ok", f"{prof.name!r} → {url}{mode}"), prof


def _check_token(prof: Any, api_url: str | None, env: Mapping[str, str]) -> tuple[Check, str | None]:
    """The token's source; returns the token (never shown) or None."""
    from linode_tui.config import TOKEN_ENV_VARS, resolve_token, token_file_path

    if api_url:  # like the app: --api-url takes the token from the environment only
        for var in TOKEN_ENV_VARS:
            value = (env.get(var) or "").strip()
            if value:
                return Check("token", "ok", f"from ${var} (--api-url uses the environment)"), value
        return Check("token", "fail", "--api-url needs a token in $LINODE_TOKEN",
                     "export LINODE_TOKEN=… (a personal access token)"), None
    if prof is None:
        return Check("token", "fail", "not checked: no usable profile", "fix the profile first"), None
    result = resolve_token(prof.name, env=env, hint=prof.token_source)
    token = result.token.get_secret_value() if result.token is not None else None
    kind, _, where = result.source.partition(":")
    if token is None:
        from linode_tui.config import ConfigError, InsecureTokenFileError, read_token_file

        path = token_file_path(prof.name, env=env)
        try:
            read_token_file(path)
        except InsecureTokenFileError as exc:
            return Check("token", "fail", str(exc), f"chmod 600 {path}"), None
        except ConfigError as exc:
            fix = f"replace {path} with a file holding just the token"
            return Check("token", "fail", str(exc), fix), None
        return Check("token", "fail", f"no API token for profile {prof.name!r}",
                     "set LINODE_TOKEN, paste one in the app's welcome screen (stored in the OS "
                     f"keyring or a 0600 file), or write it to {token_file_path(prof.name, env=env)} "
                     "and chmod 600 it"), None
    if kind == "env":
        return Check("token", "ok", f"from ${where}"), token
    if kind == "keyring":
        from linode_tui.config import keyring_status

        return Check("token", "ok", f"from the OS keyring ({keyring_status().backend})"), token
    if kind == "file":
        return Check("token", "ok", f"from {where} (mode {_mode(Path(where))})"), token
    if kind == "linode-cli":
        from linode_tui.config import linode_cli_config_path

        cli_path = linode_cli_config_path(env)
        if cli_path is not None and os.name == "posix" and cli_path.stat().st_mode & 0o077:
            return Check("token", "warn",
                         f"from linode-cli's config {cli_path} (user {where}), which others can read "
                         f"(mode {_mode(cli_path)})", f"chmod 600 {cli_path}"), token
        return Check("token", "ok", f"from linode-cli's config (user {where})"), token
    return Check("token", "ok", f"from {result.source}"), token


def _check_keyring() -> Check:
    from linode_tui.config import keyring_status

    status = keyring_status()
    if status.available:
        return Check("keyring", "ok", f"OS keyring available ({status.backend})")
    reason = status.reason or "no OS keyring backend"
    if reason.startswith("keyring unavailable"):
        return Check("keyring", "warn", reason,
                     "fix the keyring set-up, or rely on 0600 token files (stored automatically)")
    return Check("keyring", "ok", f"{reason}: tokens are stored in 0600 files instead")


def _check_terminal(size: tuple[int, int] | None, is_tty: bool) -> Check:
    if size is None or not is_tty:
        return Check("terminal", "warn", "not run in a terminal: its size was not checked",
                     "run linode-tui doctor in the terminal you will use the UI in")
    cols, rows = size
    if cols < MIN_SIZE[0] or rows < MIN_SIZE[1]:
        return Check("terminal", "warn", f"{cols}×{rows}: the UI is laid out for at least 80×24",
                     "enlarge the window (or the font smaller) to at least 80 columns and 24 rows")
    return Check("terminal", "ok", f"{cols}×{rows}")


def _check_colours(env: Mapping[str, str]) -> Check:
    term = env.get("TERM", "")
    if env.get("NO_COLOR"):
        return Check("colours", "ok", "NO_COLOR is set: no colours (graphs and states stay readable)")
    if term == "dumb":
        return Check("colours", "warn", "TERM=dumb: the terminal claims no cursor movement or colours",
                     "set TERM to your terminal's type, e.g. export TERM=xterm-256color")
    forced = env.get("TEXTUAL_COLOR_SYSTEM")
    colorterm = env.get("COLORTERM", "").lower()
    if forced:
        depth = f"{forced} (TEXTUAL_COLOR_SYSTEM)"
    elif colorterm in ("truecolor", "24bit"):
        depth = "truecolor (COLORTERM)"
    elif "256" in term:
        depth = f"256 colours (TERM={term})"
    elif term:
        depth = f"16 colours (TERM={term}; the UI is made to read well in 16)"
    else:
        return Check("colours", "warn", "TERM is not set", "export TERM=xterm-256color")
    return Check("colours", "ok", depth)


def _check_audit(env: Mapping[str, str]) -> Check:
    from linode_tui.api.audit import default_audit_path

    path = default_audit_path(env)
    probe = path if path.exists() else path.parent
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not os.access(probe, os.W_OK):
        return Check("audit", "fail", f"cannot write the audit log {path}: {probe} is not writable",
                     f"make {probe} writable, or set LINODE_TUI_DATA_DIR to a writable directory")
    if path.exists():
        size = path.stat().st_size
        return Check("audit", "ok", f"{path} ({size / 1024:.0f} KiB, mode {_mode(path)})")
    return Check("audit", "ok", f"{path} (created at the first change you make)")


# ------------------------------------------------------------------------------ API checks


async def _probe_api(
    url: str,
    token: str | None,
    *,
    timeout: float,
    transport: httpx.AsyncBaseTransport | None,
    wall: Callable[[], float],
) -> _Probe:
    from linode_tui.api.errors import error_from_response, scrub

    probe = _Probe(url=url)
    headers = {"User-Agent": f"linode-tui/{__version__} (doctor)", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    path = "profile" if token else "regions"
    latencies: list[float] = []
    secrets = [token] if token else []
    async with httpx.AsyncClient(base_url=url.rstrip("/") + "/", headers=headers, transport=transport,
                                 timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
                                 follow_redirects=False) as http:
        for _ in range(3 if token else 1):
            before = wall()
            started = time.perf_counter()
            try:
                response = await http.get(path, params=None if token else {"page_size": 25})
            except httpx.HTTPError as exc:
                probe.error = scrub(str(exc) or type(exc).__name__, secrets)
                return probe
            latencies.append((time.perf_counter() - started) * 1000)
            after = wall()
            probe.status = response.status_code
            probe.headers = response.headers
            date = response.headers.get("date")
            if date:
                try:
                    server = email.utils.parsedate_to_datetime(date).timestamp()
                except (TypeError, ValueError):
                    server = None
                if server is not None:
                    # The Date header has 1 s resolution: compare with the middle of the request.
                    skew = (before + after) / 2 - (server + 0.5)
                    if probe.skew is None or abs(skew) < abs(probe.skew):
                        probe.skew = skew
                        probe.skew_resolution = 0.5 + (after - before) / 2
            if not response.is_success:
                probe.error = str(error_from_response(response, secrets=secrets, now=wall()))
                break
            try:
                probe.body = response.json()
            except ValueError:
                probe.error = "the answer is not JSON (is the URL the API's, including /v4?)"
                break
    probe.latencies_ms = latencies
    return probe


def _check_api(probe: _Probe | None, has_token: bool) -> Check:
    if probe is None:
        return Check("api", "fail", "not checked", "fix the checks above first")
    if probe.status is None:
        return Check("api", "fail", f"cannot reach {probe.url}: {probe.error}",
                     "check the network, a proxy (HTTPS_PROXY) or the API URL (--api-url / the "
                     "profile's api_url)")
    lat = probe.latencies_ms or []
    if probe.status == 401 and lat:
        return Check("api", "ok", f"{probe.url} reachable in {lat[0]:.0f} ms (it refused the token)")
    if probe.error or not lat:
        return Check("api", "fail", f"{probe.url} answered {probe.status}: {probe.error}",
                     "if the API is in maintenance or failing, try again later (status.linode.com)")
    first, warm = lat[0], min(lat[1:] or lat)
    timing = f"{first:.0f} ms" + (f", then {warm:.0f} ms" if len(lat) > 1 else "")
    who = ""
    if isinstance(probe.body, dict) and probe.body.get("username"):
        who = f"; user {probe.body['username']}"
        if probe.body.get("restricted"):
            who += " (restricted: grants limit what you can change)"
    what = "answered" if has_token else "answered (no token: only reachability checked)"
    detail = f"{probe.url} {what} in {timing}{who}"
    if warm > SLOW_MS:
        return Check("api", "warn", f"{detail}: slow",
                     "the UI stays usable but lists load slowly; check the network path to the API")
    return Check("api", "ok", detail)


def _check_scopes(probe: _Probe | None) -> Check:
    from linode_tui.api.scopes import Scopes

    if probe is not None and probe.status == 401:
        return Check("scopes", "warn", "not checked: the API refused the token", "fix the token first")
    if probe is None or probe.status is None or probe.error or probe.headers is None:
        return Check("scopes", "warn", "not checked: the API did not answer GET /profile",
                     "fix the token / API checks first")
    header = probe.headers.get("x-oauth-scopes")
    if header is None:
        return Check("scopes", "warn", "the API sent no X-OAuth-Scopes header: actions are offered "
                     "and the API decides", "")
    scopes = Scopes.parse(header)
    if scopes.everything >= 2:
        return Check("scopes", "ok", f"full access ({header.strip() or '*'})")
    if scopes.read_only_everywhere:
        what = header.strip() or "no scopes"
        if len(what) > 60:
            what = f"read_only on {len(scopes.areas)} areas"
        return Check("scopes", "warn", f"the token can only read ({what}): every action is disabled",
                     "to make changes, create a token with Read/Write on the areas you manage "
                     "(or keep it, for a deliberately read-only session)")
    writable = sorted(a for a, r in scopes.areas.items() if r >= 2)
    readable = sorted(a for a, r in scopes.areas.items() if r == 1)
    parts = []
    if writable:
        parts.append("read/write: " + ", ".join(writable))
    if readable:
        parts.append("read only: " + ", ".join(readable))
    return Check("scopes", "ok", "; ".join(parts) + " (other areas: no access; their actions are disabled)")


def _check_clock(probe: _Probe | None) -> Check:
    if probe is None or probe.status is None:
        return Check("clock", "warn", "not checked: the API did not answer", "")
    if probe.skew is None:
        return Check("clock", "warn", "not checked: the API sent no Date header", "")
    skew = probe.skew
    tolerance = max(2.0, probe.skew_resolution + 1.0)
    if abs(skew) <= tolerance:
        return Check("clock", "ok", f"in step with the API (within {tolerance:.0f} s)")
    way = "ahead of" if skew > 0 else "behind"
    detail = f"this machine's clock is {_duration(abs(skew))} {way} the API's"
    fix = ("synchronise the clock: timedatectl set-ntp true (or start chronyd/ntpd); event times and "
           "'x ago' are wrong until then")
    if abs(skew) >= SKEW_FAIL:
        return Check("clock", "fail", detail + " (TLS and token checks may fail)", fix)
    if abs(skew) >= SKEW_WARN:
        return Check("clock", "warn", detail, fix)
    return Check("clock", "ok", detail)


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.0f} days"


# ------------------------------------------------------------------------------ entry points


def _terminal() -> tuple[tuple[int, int] | None, bool]:
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        try:
            if stream is not None and stream.isatty():
                size = os.get_terminal_size(stream.fileno())
                return (size.columns, size.lines), True
        except (OSError, ValueError, AttributeError):
            continue
    cols, rows = shutil.get_terminal_size((0, 0))
    return ((cols, rows) if cols and rows else None), False


async def run_checks_async(
    *,
    profile: str | None = None,
    api_url: str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 10.0,
    transport: httpx.AsyncBaseTransport | None = None,
    wall: Callable[[], float] = time.time,
    terminal: tuple[tuple[int, int] | None, bool] | None = None,
) -> list[Check]:
    """Every check, in report order.  ``terminal`` is ``((columns, rows) | None, is_a_tty)`` — the UI
    passes its own size; by default the process's terminal is asked.  ``transport``/``wall`` are for
    tests (an in-process API, a skewed clock)."""
    env = os.environ if env is None else env
    checks = [_check_version()]
    config_check, settings = _check_config(env)
    checks.append(config_check)
    profile_check, prof = _check_profile(settings, profile, api_url, env)
    checks.append(profile_check)
    token_check, token = _check_token(prof, api_url, env)
    checks.append(token_check)
    checks.append(_check_keyring())
    url = api_url or (prof.api_url if prof is not None else None)
    probe: _Probe | None = None
    if url:
        if transport is None and url.startswith("http://") and not _is_loopback_url(url):
            checks.append(Check("https", "warn", f"{url} is plain http: the token would travel unencrypted",
                                "use https:// (plain http is for a simulator on this machine)"))
        probe = await _probe_api(url, token, timeout=timeout, transport=transport, wall=wall)
    if probe is not None and probe.status == 401:
        checks[checks.index(token_check)] = Check(
            "token", "fail", f"{token_check.detail}, but {url} refused it (401 Invalid Token)",
            "the token is wrong, expired or revoked: create a personal access token in Cloud Manager "
            "(Profile → API Tokens) and store it again")
    checks.append(_check_api(probe, bool(token)))
    checks.append(_check_scopes(probe) if token else
                  Check("scopes", "warn", "not checked: no token", "fix the token first"))
    checks.append(_check_clock(probe))
    size, tty = terminal if terminal is not None else _terminal()
    checks.append(_check_terminal(size, tty))
    checks.append(_check_colours(env))
    checks.append(_check_audit(env))
    return checks


def run_checks(**kwargs: Any) -> list[Check]:
    """:func:`run_checks_async` for callers without an event loop (the command line)."""
    return asyncio.run(run_checks_async(**kwargs))


def _is_loopback_url(url: str) -> bool:
    import ipaddress

    host = httpx.URL(url).host
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_MARK = {"ok": "ok  ", "warn": "WARN", "fail": "FAIL"}


def format_checks(checks: Sequence[Check]) -> str:
    """The report as plain text (no colour, no markup): one line per check, the fix under it."""
    width = max(len(c.name) for c in checks) if checks else 0
    lines = []
    for c in checks:
        lines.append(f"{_MARK[c.status]}  {c.name:<{width}}  {c.detail}")
        if c.fix and c.status != "ok":
            lines.append(f"{'':4}  {'':<{width}}  fix: {c.fix}")
    fails = sum(c.status == "fail" for c in checks)
    warns = sum(c.status == "warn" for c in checks)
    lines.append("")
    lines.append("all good" if not fails and not warns else
                 f"{fails} problem{'s' * (fails != 1)}, {warns} warning{'s' * (warns != 1)}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="linode-tui doctor",
        description="Check the configuration, the token, the API, the clock and the terminal; "
                    "each problem comes with its fix. Exit code 1 when a check failed.",
    )
    p.add_argument("--profile", metavar="NAME", help="the profile to check (default: the configured one)")
    p.add_argument("--api-url", metavar="URL", help="check this API instead (token from LINODE_TOKEN)")
    p.add_argument("--timeout", type=float, default=10.0, metavar="S", help="seconds per API request")
    p.add_argument("--json", action="store_true", help="print the checks as JSON")
    return p


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    if args.api_url and not args.api_url.startswith(("http://", "https://")):
        print("linode-tui doctor: --api-url must start with http:// or https://", file=sys.stderr)
        return 2
    checks = run_checks(profile=args.profile, api_url=args.api_url, timeout=max(0.5, args.timeout))
    if args.json:
        print(json.dumps([c.to_dict() for c in checks], indent=2, ensure_ascii=False))
    else:
        print(format_checks(checks))
    return 1 if any(c.status == "fail" for c in checks) else 0
