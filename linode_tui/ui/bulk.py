"""Bulk loads without long garbage-collection pauses.

A listing of 50,000 Linodes creates millions of container objects. A full (generation 2)
collection while they arrive scans all of them and blocks the event loop for 100–300 ms. While any
bulk load runs, :func:`bulk_load` keeps the collector to its young generations (which stay cheap);
when the last one ends, the full collections come back, and after a large load everything alive is
moved out of the collector's sight with ``gc.freeze()`` (as the app does once after start-up), so
that the next full collection does not scan the rows either. Rows are plain JSON values, freed by
reference counting when dropped, so freezing them does not keep them alive.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

FREEZE_AFTER = 5000  # rows: after a load at least this large, gc.freeze()
_NO_FULL = 1 << 30  # a generation-2 threshold that is never reached

_active = 0
_saved: tuple[int, int, int] | None = None
_rows = 0


def active() -> bool:
    """Is a bulk load running (work that can wait, such as the filter index, waits)?"""
    return _active > 0


@contextmanager
def bulk_load() -> Iterator[list[int]]:
    """Within: no full collections. Append the number of rows loaded to the yielded list."""
    global _active, _saved, _rows
    if _active == 0:
        _saved = gc.get_threshold()
        gc.set_threshold(_saved[0], _saved[1], _NO_FULL)
        _rows = 0
    _active += 1
    counter: list[int] = []
    try:
        yield counter
    finally:
        _rows += sum(counter)
        _active -= 1
        if _active == 0 and _saved is not None:
            gc.set_threshold(*_saved)
            _saved = None
            if _rows >= FREEZE_AFTER:
                gc.freeze()
