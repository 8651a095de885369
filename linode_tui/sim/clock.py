"""The simulator's clock: sim time in epoch seconds, frozen (tests) or live (scaled real time).

Where a simulator's clock starts:

* ``linode-tui sim`` and ``linode-tui --demo`` start at the real current time (:func:`resolve_start`
  with no value), so ages ("created 3 d ago"), maintenance windows and the ``Date`` header look
  like a real account's today; ``linode-tui sim --start 2025-01-15T12:00:00`` fixes the start;
* :func:`linode_tui.sim.create_sim` without ``start`` uses :data:`DEFAULT_START`, a fixed date, so
  tests and snapshots are deterministic.

Every seeded timestamp (created/updated, events, maintenance windows, invoices, backups, logins…)
is computed relative to the clock's start, so both kinds of start give a plausible account.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

__all__ = ["DEFAULT_START", "SimClock", "parse_start", "resolve_start"]

# 2025-01-15T12:00:00 UTC: a fixed, deterministic start for every simulator
DEFAULT_START = 1736942400.0


def parse_start(value: str) -> float:
    """Epoch seconds of an ISO 8601 date or date-time (``2025-01-15``, ``2025-01-15T12:00:00``,
    ``2025-01-15T12:00:00Z``, ``…+02:00``); a value without a timezone is UTC, as in the API.

    Raises ``ValueError`` with a message naming the accepted forms.
    """
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{value!r} is not an ISO date or date-time (e.g. 2025-01-15 or 2025-01-15T12:00:00)"
        ) from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    ts = dt.timestamp()
    if not 0 <= ts < 253402300800:  # 1970 .. 9999
        raise ValueError(f"{value!r} is outside the years 1970 to 9999")
    return ts


def resolve_start(start: str | float | None = None, *, now: Callable[[], float] = time.time) -> float:
    """The start of a served or demo simulator: ``start`` (ISO text or epoch seconds) when given,
    else the real current time (whole seconds, like the API's timestamps)."""
    if start is None:
        return float(int(now()))
    if isinstance(start, str):
        return parse_start(start)
    return float(start)


class SimClock:
    """Sim time.

    * frozen mode: time moves only through :meth:`advance` (tests, deterministic).
    * live mode: sim time = start + real elapsed seconds * ``speed`` + everything advanced.
    """

    def __init__(
        self,
        start: float = DEFAULT_START,
        *,
        frozen: bool = False,
        speed: float = 1.0,
        real_clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.start = float(start)
        self.frozen = frozen
        self.speed = float(speed)
        self._real = real_clock
        self._real0 = real_clock()
        self._offset = 0.0

    def now(self) -> float:
        if self.frozen:
            return self.start + self._offset
        return self.start + self._offset + (self._real() - self._real0) * self.speed

    __call__ = now

    def advance(self, seconds: float) -> float:
        """Move sim time forward (never backwards); returns the new now()."""
        if seconds < 0:
            raise ValueError("the sim clock does not go backwards")
        self._offset += seconds
        return self.now()

    def freeze(self) -> None:
        """Switch to frozen mode at the current sim time."""
        if not self.frozen:
            now = self.now()
            self.frozen = True
            self._offset = now - self.start

    def unfreeze(self) -> None:
        """Switch to live mode continuing from the current sim time."""
        if self.frozen:
            now = self.now()
            self.frozen = False
            self._real0 = self._real()
            self._offset = now - self.start

    def iso(self, ts: float | None = None) -> str:
        """API timestamp: ``YYYY-MM-DDTHH:MM:SS`` (UTC, no timezone)."""
        t = self.now() if ts is None else ts
        return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%S")

    def __repr__(self) -> str:
        mode = "frozen" if self.frozen else f"live x{self.speed:g}"
        return f"SimClock({self.iso()}, {mode})"
