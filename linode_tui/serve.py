"""``linode-tui serve``: the same UI in a web browser, through the ``textual-serve`` package (the
optional ``serve`` extra: ``pip install 'linode-tui[serve]'``).

Every browser connection starts its own ``linode-tui`` process with the flags given here
(``--demo``, ``--read-only``, ``--profile``, ``--api-url``, ``-c``), so each tab is a whole session.
The server binds to loopback by default and prints the URL; binding anything else prints a warning,
because whoever reaches the port gets the UI with this account's token and no password.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import shlex
import signal
import socket
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

__all__ = ["app_command", "build_parser", "is_loopback", "main", "serve"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
MISSING_EXTRA = (
    "linode-tui serve needs the optional 'serve' extra (textual-serve). Install it with:\n"
    "  pip install 'linode-tui[serve]'      (from a checkout: pip install -e '.[serve]')"
)


def _port(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 0 <= n <= 65535:
        raise argparse.ArgumentTypeError("a port is 0-65535 (0: any free port)")
    return n


def build_parser() -> argparse.ArgumentParser:
    from linode_tui.cli import _positive

    p = argparse.ArgumentParser(
        prog="linode-tui serve",
        description="Serve the linode-tui UI to a web browser (each connection is its own session).",
    )
    p.add_argument("--host", default=DEFAULT_HOST,
                   help="address to listen on (default 127.0.0.1: only this machine)")
    p.add_argument("--port", type=_port, default=DEFAULT_PORT, help="port (default 8000; 0: any free port)")
    p.add_argument("--public-url", metavar="URL",
                   help="the URL browsers use to reach this server (behind a proxy or a tunnel)")
    p.add_argument("--demo", action="store_true", help="the built-in simulator (no token, no network)")
    p.add_argument("--demo-size", type=_positive, default=None, metavar="N", help="Linodes in the demo")
    p.add_argument("--api-url", metavar="URL", help="any Linode-compatible API (token from LINODE_TOKEN)")
    p.add_argument("--read-only", action="store_true", help="no mutating request can leave the client")
    p.add_argument("--profile", metavar="NAME", help="account profile to use")
    p.add_argument("-c", "--command", metavar="COMMAND", help='a ":" command to run at start')
    return p


def app_command(args: argparse.Namespace, python: str = sys.executable) -> str:
    """The shell command textual-serve runs for each browser connection."""
    argv = [python, "-m", "linode_tui"]
    if args.demo:
        argv.append("--demo")
    if args.demo_size is not None:
        argv += ["--demo-size", str(args.demo_size)]
    if args.api_url:
        argv += ["--api-url", args.api_url]
    if args.read_only:
        argv.append("--read-only")
    if args.profile:
        argv += ["--profile", args.profile]
    if args.command:
        argv += ["--command", args.command]
    return shlex.join(argv)


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0", "::"):
        return socket.gethostname()
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


async def serve(
    command: str,
    host: str,
    port: int,
    *,
    public_url: str | None = None,
    out: TextIO = sys.stdout,
    ready: Callable[[str], None] | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Serve ``command`` with textual-serve on ``host:port`` until ``stop`` is set (or SIGINT/SIGTERM).

    Raises ImportError without the extra and OSError when the address cannot be bound."""
    from aiohttp import web
    from textual_serve.server import Server

    class _Server(Server):
        async def on_startup(self, app: Any) -> None:  # textual-serve's banner: we print our own
            return None

    server = _Server(command, host=host, port=port or DEFAULT_PORT, title="linode-tui",
                     public_url=public_url)
    runner = web.AppRunner(await server._make_app(), handle_signals=False, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound = runner.addresses[0][1] if runner.addresses else port
        if public_url is None:
            server.public_url = f"http://{_url_host(host)}:{bound}"
        url = server.public_url
        print(f"linode-tui in your browser: {url}", file=out)
        print("  each connection runs: " + command, file=out)
        print("  Ctrl+C stops the server", file=out)
        out.flush()
        if ready is not None:
            ready(url)
        stop = stop or asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, stop.set)
            except (NotImplementedError, RuntimeError):  # not the main thread, or Windows
                pass
        await stop.wait()
    finally:
        await runner.cleanup()


def _fail(message: str, code: int = 1) -> int:
    print(f"linode-tui serve: {message}", file=sys.stderr)
    return code


def main(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv))
    if args.demo and args.api_url:
        parser.error("--demo and --api-url exclude each other")
    try:
        import aiohttp  # noqa: F401
        import textual_serve.server  # noqa: F401
    except ImportError:
        return _fail(MISSING_EXTRA, 2)
    if not args.demo:
        # Find problems now, on the command line, rather than in every browser tab.
        from linode_tui.cli import _real_services
        from linode_tui.core.services import Settings

        settings = Settings(api_url=args.api_url, read_only=args.read_only, profile=args.profile)
        found = _real_services(settings)
        if isinstance(found, str):
            return _fail(found)
        if found is None:
            print("linode-tui serve: no API token yet: the browser shows the welcome screen, which can "
                  "store one", file=sys.stderr)
    if not is_loopback(args.host):
        print(f"linode-tui serve: WARNING: listening on {args.host}: anyone who can reach this machine "
              f"on port {args.port or 'the chosen port'} gets the UI, with this account's token and no "
              "password. Prefer the default 127.0.0.1 with an SSH tunnel "
              f"(ssh -L {args.port or DEFAULT_PORT}:127.0.0.1:{args.port or DEFAULT_PORT} this-host).",
              file=sys.stderr)
    try:
        asyncio.run(serve(app_command(args), args.host, args.port, public_url=args.public_url))
    except OSError as exc:
        return _fail(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    except KeyboardInterrupt:
        return 130
    return 0
