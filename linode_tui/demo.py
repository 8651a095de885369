"""``linode-tui --demo`` without the simulator on the critical path of the first frame.

Importing and seeding the in-process simulator costs about as much as Textual's own start-up. The
demo's client therefore talks to a transport (:func:`lazy_sim_transport`): requests made before the
simulator exists wait for it, and the simulator is built on a worker thread once the first frame is
on the screen (:meth:`LazySim.start`, called from the app's ``Ready``). The sim clock's epoch is
taken at process start, exactly as ``resolve_start()`` would, so timestamps read the same as before.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

BASE_URL = "http://sim/v4"  # = linode_tui.sim.BASE_URL (importing that package is what we defer)
#: if nothing calls start() (no first frame, e.g. a test driving the app otherwise), build anyway
FALLBACK_DELAY = 0.5


class LazySim:
    """The demo's simulator, built on first need after the first frame."""

    def __init__(self, *, seed: int, linodes: int, speed: float) -> None:
        self.seed, self.linodes, self.speed = seed, linodes, speed
        self.start_time = float(int(time.time()))  # linode_tui.sim.clock.resolve_start()
        self._t0 = time.time()
        self.sim: Any = None
        self.error: BaseException | None = None
        self._task: asyncio.Task[None] | None = None
        self._done: asyncio.Event | None = None

    def now(self) -> float:
        """Sim time: the simulator's clock once it exists, the same reckoning before."""
        if self.sim is not None:
            return float(self.sim.clock.now())
        return self.start_time + (time.time() - self._t0) * self.speed

    def _build(self) -> Any:
        from linode_tui.sim import create_sim

        return create_sim(seed=self.seed, linodes=self.linodes, speed=self.speed, start=self.start_time)

    def _event(self) -> asyncio.Event:
        if self._done is None:
            self._done = asyncio.Event()
        return self._done

    def start(self) -> None:
        """Build the simulator on a worker thread (idempotent; call on the app's event loop)."""
        if self._task is not None or self.sim is not None:
            return
        done = self._event()

        async def build() -> None:
            try:
                self.sim = await asyncio.to_thread(self._build)
            except Exception as exc:  # reported by every request that waits for it
                self.error = exc
            finally:
                done.set()

        self._task = asyncio.ensure_future(build())

    async def wait(self) -> Any:
        if self.sim is None:
            if self._task is None:
                asyncio.get_running_loop().call_later(FALLBACK_DELAY, self.start)
            await self._event().wait()
        if self.sim is None:
            import httpx

            raise httpx.ConnectError(f"the demo simulator could not start: {self.error}")
        return self.sim


def lazy_sim_transport(lazy: LazySim) -> httpx.AsyncBaseTransport:
    """An ASGI transport to the simulator that waits for the simulator to exist (made with the
    client's first request: httpx is not imported before the first frame either)."""
    import httpx

    class LazySimTransport(httpx.AsyncBaseTransport):
        def __init__(self, lazy: LazySim) -> None:
            self.lazy = lazy
            self._inner: httpx.AsyncBaseTransport | None = None

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if self._inner is None:
                sim = await self.lazy.wait()
                if self._inner is None:
                    self._inner = sim.transport()
            assert self._inner is not None
            return await self._inner.handle_async_request(request)

    return LazySimTransport(lazy)


def lazy_demo_services(settings: Any) -> tuple[Any, LazySim]:
    """Services for ``--demo`` whose simulator is built later (see the module docs)."""
    from linode_tui.api.client import LinodeClient
    from linode_tui.core.services import Services

    lazy = LazySim(seed=settings.seed, linodes=settings.demo_size, speed=settings.speed)
    client = LinodeClient(
        "demo", BASE_URL, read_only=settings.read_only, wall=lazy.now,  # rate-limit resets are sim time
        transport_factory=lambda: lazy_sim_transport(lazy),
    )
    settings.now = lazy.now
    return Services(client=client, settings=settings, target="DEMO"), lazy
