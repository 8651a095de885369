"""A stateful, deterministic simulator of the Linode API v4.

In process::

    sim = create_sim(linodes=100)
    async with sim.client() as client:          # a LinodeClient bound via httpx.ASGITransport
        page = await client.get_page("/linode/instances")

Over HTTP: ``linode-tui sim --port 8765`` (see :mod:`linode_tui.sim.serve`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

from linode_tui.sim.app import LoggedRequest, SimApp
from linode_tui.sim.clock import DEFAULT_START, SimClock
from linode_tui.sim.faults import PRESETS, Faults
from linode_tui.sim.framework import ApiError, Listing, Reply, TokenInfo, routes
from linode_tui.sim.generic import GenericStore
from linode_tui.sim.ratelimit import RateLimiter

if TYPE_CHECKING:  # pragma: no cover
    import httpx

    from linode_tui.api.client import LinodeClient

__all__ = [
    "BASE_URL",
    "PRESETS",
    "ApiError",
    "Listing",
    "LoggedRequest",
    "Reply",
    "SimApp",
    "SimClock",
    "Simulator",
    "TokenInfo",
    "create_sim",
]

BASE_URL = "http://sim/v4"


class Simulator:
    """A simulator instance: the ASGI ``app`` plus its ``world``, ``clock`` and logs."""

    def __init__(self, *, world: Any, clock: SimClock, app: SimApp, seed: int = 1) -> None:
        self.world = world
        self.clock = clock
        self.app = app
        self.seed = seed

    @property
    def request_log(self) -> list[LoggedRequest]:
        return self.app.request_log

    @property
    def error_log(self) -> list[str]:
        """Tracebacks of unexpected exceptions answered with 500."""
        return self.app.error_log

    @property
    def faults(self) -> str | None:
        return self.app.faults.name

    @property
    def limiter(self) -> RateLimiter:
        return self.app.limiter

    def set_faults(self, preset: str | None) -> None:
        """Switch fault presets at run time (``None`` → none); ``ratelimited`` tightens the budgets."""
        self.app.faults.set(preset)
        self.app.limiter.set_limits(self.app.faults.rate_limits)

    def set_latency(self, latency_ms: float) -> None:
        self.app.faults.latency_ms = float(latency_ms)

    def transport(self) -> httpx.ASGITransport:
        import httpx

        return httpx.ASGITransport(app=self.app)

    def client(self, token: str | None = "demo", **kw: Any) -> LinodeClient:
        """The project's LinodeClient talking to this simulator in process."""
        from linode_tui.api.client import LinodeClient

        kw.setdefault("transport", self.transport())
        return LinodeClient(token, kw.pop("base_url", BASE_URL), **kw)

    def http_client(self, token: str | None = "demo", **kw: Any) -> httpx.AsyncClient:
        """A plain httpx.AsyncClient bound in process (base_url ``http://sim/v4``)."""
        import httpx

        headers = dict(kw.pop("headers", {}) or {})
        if token is not None:
            headers.setdefault("Authorization", f"Bearer {token}")
        return httpx.AsyncClient(transport=self.transport(), base_url=BASE_URL, headers=headers, **kw)

    def __repr__(self) -> str:
        return f"<Simulator seed={self.seed} clock={self.clock!r} faults={self.faults}>"


def create_sim(
    *,
    seed: int = 1,
    linodes: int = 30,
    faults: str | None = None,
    latency_ms: float = 0,
    speed: float = 1.0,
    frozen: bool = False,
    rate_limits: Mapping[str, int] | None = None,
    start: float | None = None,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
) -> Simulator:
    """Build a seeded simulator.

    ``frozen`` → sim time moves only by ``sim.clock.advance()`` (tests); otherwise it follows real
    time scaled by ``speed``.  ``start`` is the sim epoch at creation (:data:`DEFAULT_START`, a fixed
    date, by default, so tests are deterministic; ``linode-tui sim`` and ``--demo`` pass
    :func:`linode_tui.sim.clock.resolve_start`, the real current time unless ``--start`` says
    otherwise).  Seeded timestamps are relative to it.  ``rate_limits`` overrides per-class budgets (see
    :mod:`linode_tui.sim.ratelimit`).  ``sleep`` is used for added latency (tests inject a fake).
    """
    from linode_tui.sim import handlers  # noqa: F401  (registers every area's routes)
    from linode_tui.sim.world import World
    from linode_tui.specdata import load_spec

    clock = SimClock(DEFAULT_START if start is None else start, frozen=frozen, speed=speed)
    world = World(seed=seed, linodes=linodes, clock=clock, speed=speed)
    spec = load_spec()
    fault_state = Faults(faults, seed=seed, latency_ms=latency_ms)
    limiter = RateLimiter(clock.now, rate_limits, speed=lambda: 1.0 if clock.frozen else clock.speed)
    limiter.set_limits(fault_state.rate_limits)
    app = SimApp(world=world, clock=clock, spec=spec, router=routes, faults=fault_state, limiter=limiter,
                 generic=GenericStore(spec), sleep=sleep)
    return Simulator(world=world, clock=clock, app=app, seed=seed)
