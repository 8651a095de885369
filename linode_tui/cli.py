"""Command line: `linode-tui [--demo | --api-url URL] [--read-only] [--profile NAME] [-c CMD]`,
`linode-tui sim ...`, `linode-tui serve ...` (the UI in a browser) and `linode-tui doctor`. Bad flags
and unreachable APIs end with a clear message and a non-zero exit; a crash of the app with a crash
report (see :mod:`linode_tui.crash`), its path and exit code 1. `LINODE_TUI_DEBUG_CRASH=1` makes the
app crash on purpose about a second after it starts."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from typing import Any

from linode_tui import __version__

FAULT_PRESETS = ("unstable", "offline", "maintenance", "slow", "ratelimited")


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return n


def _speed(value: str) -> float:
    try:
        f = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if f <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return f


def _start(value: str) -> float:
    from linode_tui.sim.clock import parse_start

    try:
        return parse_start(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="linode-tui",
        description="A terminal UI for the whole Linode API v4.",
        epilog="Also: linode-tui sim --help (the simulator for other clients), linode-tui serve --help "
        "(this UI in a browser), linode-tui doctor (check the set-up).",
    )
    p.add_argument("--version", action="version", version=f"linode-tui {__version__}")
    p.add_argument(
        "--demo", action="store_true", help="run against the built-in simulator (no token, no network)"
    )
    p.add_argument("--demo-size", type=_positive, default=30, metavar="N", help="Linodes in the demo account")
    p.add_argument(
        "--api-url", metavar="URL", help="any Linode-compatible API, including /v4 (token from LINODE_TOKEN)"
    )
    p.add_argument("--read-only", action="store_true", help="no mutating request can leave the client")
    p.add_argument("--profile", metavar="NAME", help="account profile to use")
    p.add_argument(
        "-c",
        "--command",
        metavar="COMMAND",
        help='run a ":" command at start, e.g. -c "linodes region = us-east"',
    )
    return p


def build_sim_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="linode-tui sim",
        description="Serve the stateful Linode API simulator over HTTP (paths under /v4).",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=_positive, default=8765)
    p.add_argument("--linodes", type=_positive, default=30, metavar="N")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--faults", choices=FAULT_PRESETS, default=None)
    p.add_argument("--latency-ms", type=_positive, default=0, metavar="N")
    p.add_argument("--speed", type=_speed, default=1.0, metavar="X", help="scale lifecycle durations")
    p.add_argument(
        "--start",
        type=_start,
        default=None,
        metavar="ISO",
        help="start the simulator's clock at this UTC date-time (default: now), e.g. 2025-01-15T12:00:00",
    )
    return p


def build_demo_services(settings: Any) -> Any:
    """The in-process simulator and a client bound to it."""
    from linode_tui.core.services import Services
    from linode_tui.sim import create_sim
    from linode_tui.sim.clock import resolve_start

    # the same clock logic as `linode-tui sim`: the account is seeded around the real current time
    start = resolve_start()
    sim = create_sim(seed=settings.seed, linodes=settings.demo_size, speed=settings.speed, start=start)
    client = sim.client(
        "demo", read_only=settings.read_only, wall=sim.clock.now
    )  # rate-limit resets are sim time
    settings.now = sim.clock.now
    return Services(client=client, settings=settings, sim=sim, target="DEMO")


def _fail(message: str, code: int = 1) -> int:
    print(f"linode-tui: {message}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] == "sim":
            return _sim(args_list[1:])
        if args_list and args_list[0] == "doctor":
            from linode_tui.doctor import main as doctor_main

            return doctor_main(args_list[1:])
        if args_list and args_list[0] == "serve":
            from linode_tui.serve import main as serve_main

            return serve_main(args_list[1:])
        # No garbage collection while the UI starts: its imports and first frame make hundreds of
        # thousands of long-lived objects, and the young collections over them cost ~10 ms. The app
        # freezes what exists and turns the collector back on when it mounts (LinodeTUI.on_mount);
        # an exit before that turns it back on here.
        gc.disable()
        try:
            return _tui(args_list)
        finally:
            gc.enable()
    except KeyboardInterrupt:
        return 130


def _sim(argv: list[str]) -> int:
    args = build_sim_parser().parse_args(argv)
    from linode_tui.sim.serve import serve

    try:
        serve(
            args.host,
            args.port,
            seed=args.seed,
            linodes=args.linodes,
            faults=args.faults,
            latency_ms=args.latency_ms,
            speed=args.speed,
            start=args.start,
        )
    except OSError as exc:
        return _fail(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}")
    return 0


def _tui(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.demo and args.api_url:
        parser.error("--demo and --api-url exclude each other")
    # Start-up fast path: the token check (and below, the first page of the -c list) runs on a
    # worker thread while the UI is imported (see linode_tui.startup).
    from linode_tui.startup import begin

    early = begin(demo=args.demo, api_url=args.api_url, profile=args.profile)
    if args.command:
        from linode_tui.core.commands import CommandError, parse

        try:
            command = parse(args.command)
        except CommandError as exc:
            return _fail(f"-c: {exc}", 2)
        if early is not None:
            _prefetch_list(early, command)
    from linode_tui.core.services import Settings

    settings = Settings(
        demo=args.demo,
        demo_size=args.demo_size,
        api_url=args.api_url,
        read_only=args.read_only,
        profile=args.profile,
        command=args.command,
        read_only_requested=args.read_only,
    )

    services = None
    after_first_frame: list[Any] = []
    if args.demo:
        from linode_tui.demo import lazy_demo_services

        services, lazy = lazy_demo_services(settings)
        after_first_frame.append(lazy.start)  # the simulator is built once the first frame is shown
    else:
        if early is not None:
            # The check is on the wire: import the UI while it travels (on a real network the answer
            # takes longer than the import), then wait for it, still before anything is drawn.
            import linode_tui.ui.app  # noqa: F401
        services_or_error = prepare_services(settings, early)
        if isinstance(services_or_error, str):
            return _fail(services_or_error)
        services = services_or_error

    from linode_tui.ui.app import make_app

    app = make_app(settings) if services is None else _app_with(settings, services)
    if early is not None and services is not None:
        app.prefetch = early
    app.after_first_frame.extend(after_first_frame)
    # The CSS parsed at the last start (linode_tui.ui.csscache): taken before anything is styled,
    # written again once the first rows are shown if this start parsed something new.
    from linode_tui.ui import csscache

    csscache.load(app)
    app.after_first_frame.append(lambda: app.after_first_rows(lambda: csscache.save(app)))
    return _run(app)


def _prefetch_list(early: Any, command: Any) -> None:
    """Start the first request the list opened by ``-c`` makes (the same path, page and filter as
    ResourceListView._load, so the app's cache joins it)."""
    area = getattr(command, "area", None)
    if command.name != "area" or area is None or not area.paginated or area.cursor:
        return
    xfilter = command.xfilter or dict(area.default_filter)
    early.page(area.path, {"page": 1, "page_size": 500}, xfilter or None)


def _run(app: Any) -> int:
    """Run the app; a crash (Textual ends the app on any unhandled exception) leaves a report, a
    line saying where it is (printed after Textual restored the terminal) and a non-zero exit."""
    from linode_tui import crash

    watch = crash.arm(app)
    try:
        app.run()
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # Textual itself failed (driver start-up, …): still a crash
        watch.note(exc)
    return crash.finish(app, watch)


def _app_with(settings: Any, services: Any) -> Any:
    from linode_tui.ui.app import LinodeTUI

    return LinodeTUI(settings, services)


def prepare_services(settings: Any, early: Any = None) -> Any:
    """The app's services for a real API: with the start-up check already under way (``early``,
    see linode_tui.startup) when there is one. Returns Services, None (no token: the welcome screen
    will ask) or an error message."""
    if early is not None:
        problem = early.check()
        if isinstance(problem, str):
            return problem
        if problem is None:
            settings.token_source = early.source
            verify: Any = False if early.url.startswith("http://") else early.ssl_context()
            return _services_for(settings, early.url, early.token, verify)
        # no clear answer (network error, 5xx, …): the full client judges and words it
    return _real_services(settings)


def _real_services(settings: Any) -> Any:
    """Resolve the token and check the API answers. Returns Services, None (no token: the welcome
    screen will ask) or an error message."""
    from linode_tui.paths import user_config_present

    env_token = os.environ.get("LINODE_TOKEN") or os.environ.get("LINODE_CLI_TOKEN")
    if env_token and not settings.profile and not user_config_present():
        # Nothing to configure: a token in the environment and no settings file. Skip the
        # settings machinery (pydantic-settings costs ~90 ms of start-up).
        url = settings.api_url or "https://api.linode.com/v4"
        token = env_token
        source = "env:LINODE_TOKEN" if os.environ.get("LINODE_TOKEN") else "env:LINODE_CLI_TOKEN"
        return _check_and_build(settings, url, token, source)
    from linode_tui.config import ConfigError, active_profile, load_settings, resolve_token

    try:
        cfg = load_settings()
        settings.config = cfg
        prof = active_profile(cfg, settings.profile)
    except ConfigError as exc:
        return str(exc)
    except Exception as exc:  # a broken config file must not end in a traceback
        return f"cannot read the configuration: {exc}"
    settings.profile = prof.name if settings.profile or prof.name != "default" else settings.profile
    settings.read_only = settings.read_only or bool(prof.read_only)
    url = settings.api_url or prof.api_url or "https://api.linode.com/v4"
    if settings.api_url:
        if not env_token:
            return "--api-url needs a token in LINODE_TOKEN"
        token = env_token
        source = "env"
    else:
        res = resolve_token(prof.name, hint=prof.token_source)
        for w in res.warnings:
            print(f"linode-tui: {w}", file=sys.stderr)
        if res.token is None:
            settings.api_url = url
            return None
        token = res.token.get_secret_value()
        source = res.source
    return _check_and_build(settings, url, token, source)


def _check_and_build(settings: Any, url: str, token: str, source: str) -> Any:
    """Check the API answers with this token; then the app's services (or an error message)."""
    from linode_tui.api.client import LinodeClient
    from linode_tui.api.errors import AuthError, LinodeError, NetworkError

    settings.token_source = source
    # Plain-http targets (a simulator on loopback) need no TLS context; https ones share one, so the
    # start-up check and the app's client do not each load the CA bundle (~20 ms apiece).
    import httpx

    verify: Any = False if url.startswith("http://") else httpx.create_ssl_context()
    client = LinodeClient(token, url, read_only=settings.read_only, verify=verify)

    async def check() -> str | None:
        try:
            await client.get("/profile", cache=False)
        except AuthError:
            return f"the API at {url} refused the token from {source} (401 Invalid Token)"
        except NetworkError as exc:
            return f"cannot reach the API at {url}: {exc}"
        except LinodeError as exc:
            return f"the API at {url} answered with an error: {exc}"
        return None

    import asyncio

    problem = asyncio.run(check())
    if problem:
        return problem
    # The check ran on its own event loop: give the app a fresh client on the app's loop.
    return _services_for(settings, url, token, verify)


def _services_for(settings: Any, url: str, token: str, verify: Any) -> Any:
    """The app's client and services. Every mutation it sends is written to the audit log (the
    demo's simulator writes none)."""
    from linode_tui.api.audit import AuditLog
    from linode_tui.api.client import LinodeClient
    from linode_tui.core.services import Services

    client = LinodeClient(token, url, read_only=settings.read_only, verify=verify,
                          audit=AuditLog(profile=settings.profile or "default"))
    return Services(client=client, settings=settings, target=url.split("//", 1)[-1])
