"""A last line of defence for background work: an unexpected exception in a worker is reported in
the status panel instead of ending the app with a traceback."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

log = logging.getLogger("linode_tui")

F = TypeVar("F", bound=Callable[..., Awaitable[Any]])


def guarded(fn: F) -> F:
    """Wrap an async worker method (put it under ``@work``)."""

    @functools.wraps(fn)
    async def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return await fn(self, *args, **kwargs)
        except Exception as exc:
            log.exception("unexpected error in %s", fn.__qualname__)
            report = getattr(getattr(self, "app", None), "report_problem", None)
            if callable(report):
                report(f"Unexpected error ({fn.__name__}): {type(exc).__name__}: {exc}")
            return None

    return wrapper  # type: ignore[return-value]
