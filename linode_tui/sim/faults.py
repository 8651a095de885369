"""Fault presets for the simulator.

=============  ==========================================================================
preset         effect
=============  ==========================================================================
unstable       a deterministic (seeded) 20 % of requests fail before reaching the API: half
               of them 500 ``Internal server error`` (JSON envelope), half 502 with an
               HTML page, as a real reverse proxy answers.
offline        every request fails with 503 and an HTML page from a "proxy".  (An in-process
               ASGI app cannot drop a connection, and over HTTP a proxy page is what users
               of a flaky network see; clients must treat it as "API unreachable".)
maintenance    every request: 503 ``{"errors":[{"reason":"Currently in maintenance mode."}]}``
               with ``X-Maintenance-Mode: all``.
slow           800 ms ± 200 ms of added latency per request (REAL time, ``asyncio.sleep``).
ratelimited    tight per-minute budgets (see :data:`linode_tui.sim.ratelimit.TIGHT_LIMITS`).
=============  ==========================================================================

Presets combine with commas (``"slow,unstable"``).  ``latency_ms`` adds a fixed latency on top.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from linode_tui.sim.ratelimit import TIGHT_LIMITS

__all__ = ["PRESETS", "FaultResponse", "Faults", "parse_presets"]

PRESETS: tuple[str, ...] = ("unstable", "offline", "maintenance", "slow", "ratelimited")

UNSTABLE_RATE = 0.2
SLOW_MS = 800.0
SLOW_JITTER_MS = 200.0

_HTML = (
    "<html>\r\n<head><title>{code} {title}</title></head>\r\n<body>\r\n"
    "<center><h1>{code} {title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


def html_page(code: int, title: str) -> bytes:
    return _HTML.format(code=code, title=title).encode()


@dataclass
class FaultResponse:
    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)
    json_body: bool = False  # an API-generated JSON error (gets the API's usual headers)


def parse_presets(faults: str | None) -> frozenset[str]:
    if not faults:
        return frozenset()
    names = frozenset(p.strip().lower() for p in faults.split(",") if p.strip())
    unknown = names - set(PRESETS) - {"none"}
    if unknown:
        raise ValueError(f"unknown fault preset(s): {', '.join(sorted(unknown))}; "
                         f"choose from {', '.join(PRESETS)}")
    return names - {"none"}


class Faults:
    """The active fault presets; deterministic per seed."""

    def __init__(self, faults: str | None = None, *, seed: int = 1, latency_ms: float = 0.0) -> None:
        self.seed = seed
        self.latency_ms = float(latency_ms)
        self.presets: frozenset[str] = frozenset()
        self.set(faults)

    def set(self, faults: str | None) -> None:
        self.presets = parse_presets(faults)
        self._rng = random.Random(f"faults:{self.seed}")
        self._jitter = random.Random(f"latency:{self.seed}")

    @property
    def name(self) -> str | None:
        return ",".join(sorted(self.presets)) or None

    @property
    def rate_limits(self) -> dict[str, int] | None:
        return dict(TIGHT_LIMITS) if "ratelimited" in self.presets else None

    def delay(self) -> float:
        """Seconds of real-time latency to add to this request."""
        ms = self.latency_ms
        if "slow" in self.presets:
            ms += SLOW_MS + self._jitter.uniform(-SLOW_JITTER_MS, SLOW_JITTER_MS)
        return max(0.0, ms) / 1000.0

    def failure(self) -> FaultResponse | None:
        """A failure answering this request instead of the API, or None."""
        p = self.presets
        if not p:
            return None
        if "offline" in p:
            return FaultResponse(503, html_page(503, "Service Temporarily Unavailable"), "text/html")
        if "maintenance" in p:
            body = b'{"errors":[{"reason":"Currently in maintenance mode."}]}'
            return FaultResponse(503, body, "application/json", {"X-Maintenance-Mode": "all"}, json_body=True)
        if "unstable" in p:
            r = self._rng.random()
            if r < UNSTABLE_RATE / 2:
                return FaultResponse(500, b'{"errors":[{"reason":"Internal server error"}]}',
                                     "application/json", json_body=True)
            if r < UNSTABLE_RATE:
                return FaultResponse(502, html_page(502, "Bad Gateway"), "text/html")
        return None
