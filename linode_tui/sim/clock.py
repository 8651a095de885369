"""The simulator's clock: sim time in epoch seconds, frozen (tests) or live (scaled real time)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

__all__ = ["DEFAULT_START", "SimClock"]

# 2025-01-15T12:00:00 UTC: a fixed, deterministic start for every simulator
DEFAULT_START = 1736942400.0


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
