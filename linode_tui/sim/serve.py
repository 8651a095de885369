"""Serve the simulator over HTTP with uvicorn (``linode-tui sim``)."""

from __future__ import annotations

import sys
import threading
import time
from typing import Any, TextIO

from linode_tui.sim import Simulator, create_sim
from linode_tui.sim.clock import resolve_start

__all__ = ["ServerThread", "cli_recipe", "serve"]


def _uvicorn_config(app: Any, host: str, port: int) -> Any:
    import uvicorn  # lazy: only the HTTP server needs it

    # date_header=False: the simulator sends its own ``Date`` (its clock's time, like the real API's
    # servers), which clients use to correct their idea of "now" (LinodeClient.server_now)
    return uvicorn.Config(app, host=host, port=port, access_log=False, log_level="warning",
                          lifespan="off", server_header=False, date_header=False)


def cli_recipe(host: str, port: int, token: str = "demo") -> str:
    """A shell line pointing linode-cli at the simulator."""
    return (f"LINODE_CLI_TOKEN={token} LINODE_CLI_API_HOST={host}:{port} LINODE_CLI_API_SCHEME=http "
            "linode-cli linodes list")


def serve(
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    seed: int = 1,
    linodes: int = 30,
    faults: str | None = None,
    latency_ms: float = 0,
    speed: float = 1.0,
    start: str | float | None = None,
    out: TextIO | None = None,
) -> None:
    """Run the simulator on ``host:port`` until interrupted (blocking).

    ``start``: where the sim clock starts (ISO text or epoch seconds); None → the real current time
    (see :func:`linode_tui.sim.clock.resolve_start`).
    """
    import uvicorn

    out = out or sys.stdout
    sim = create_sim(seed=seed, linodes=linodes, faults=faults, latency_ms=latency_ms, speed=speed,
                     start=resolve_start(start))
    url = f"http://{host}:{port}/v4"
    print(f"linode-tui simulator on {url}  (tokens: demo, readonly, restricted; "
          f"seed {seed}, {linodes} Linodes, faults {faults or 'none'}; clock from {sim.clock.iso()} UTC)",
          file=out)
    print(f"  curl -H 'Authorization: Bearer demo' {url}/linode/instances", file=out)
    print(f"  {cli_recipe(host, port)}", file=out)
    out.flush()
    uvicorn.Server(_uvicorn_config(sim.app, host, port)).run()


class ServerThread:
    """uvicorn serving a simulator in a background thread (tests, benchmarks).

    ``port=0`` binds an ephemeral port; :attr:`port`/:attr:`url` are known after :meth:`start`.
    Use as a context manager; :meth:`stop` shuts the server down and joins the thread.
    """

    def __init__(self, sim: Simulator, host: str = "127.0.0.1", port: int = 0) -> None:
        import uvicorn

        self.sim = sim
        self.host = host
        self.server = uvicorn.Server(_uvicorn_config(sim.app, host, port))
        self.thread = threading.Thread(target=self.server.run, name="sim-uvicorn", daemon=True)
        self.port = port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/v4"

    def start(self, timeout: float = 10.0) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the simulator's HTTP server did not start")
            time.sleep(0.01)
        for server in getattr(self.server, "servers", []):
            for sock in server.sockets:
                self.port = int(sock.getsockname()[1])
                break
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    """``python -m linode_tui.sim.serve [--host H] [--port P] [--linodes N] [--seed S] [--faults F]
    [--latency-ms N] [--speed X]`` (the same options as ``linode-tui sim``)."""
    import argparse

    from linode_tui.sim.faults import PRESETS, parse_presets

    p = argparse.ArgumentParser(prog="linode-tui sim", description="Serve the Linode API simulator.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--linodes", type=int, default=30)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--faults", default=None, help=f"comma-separated presets: {', '.join(PRESETS)}")
    p.add_argument("--latency-ms", type=float, default=0)
    p.add_argument("--speed", type=float, default=1.0)
    p.add_argument("--start", default=None, metavar="ISO", help="sim clock start (UTC; default: now)")
    args = p.parse_args(argv)
    try:
        parse_presets(args.faults)
        start = resolve_start(args.start)
    except ValueError as e:
        p.error(str(e))
    try:
        serve(args.host, args.port, seed=args.seed, linodes=args.linodes, faults=args.faults,
              latency_ms=args.latency_ms, speed=args.speed, start=start)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
