"""Time-series statistics: Linode stats and NodeBalancer stats.

Each series is a list of ``(timestamp_ms, value)`` pairs; the timestamp is Unix epoch milliseconds.
Malformed points (``null``, short lists, non-numeric timestamps) are dropped; a non-numeric value
becomes ``None``.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field, model_validator

from ._base import ApiModel

Point = tuple[int, float | None]


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _clean_series(value: Any) -> list[Point]:
    if not isinstance(value, (list, tuple)):
        return []
    points: list[Point] = []
    for item in value:
        if not isinstance(item, (list, tuple)) or len(item) < 2:
            continue
        ts = _number(item[0])
        if ts is None:
            continue
        points.append((int(ts), _number(item[1])))
    return points


Series = Annotated[list[Point], BeforeValidator(_clean_series)]


def ms_to_datetime(ms: int | float) -> datetime:
    """Epoch milliseconds -> aware UTC datetime."""
    return datetime.fromtimestamp(ms / 1000.0, tz=UTC)


def series_datetimes(series: list[Point]) -> list[tuple[datetime, float | None]]:
    """The series with its timestamps converted to aware UTC datetimes."""
    return [(ms_to_datetime(ts), value) for ts, value in series]


def series_latest(series: list[Point]) -> float | None:
    """The most recent non-null value of a series, or ``None``."""
    for _ts, value in sorted(series, key=lambda point: point[0], reverse=True):
        if value is not None:
            return value
    return None


class _StatsData(ApiModel):
    """The ``data`` part of a stats answer: a ``null`` series or group counts as absent."""

    @model_validator(mode="before")
    @classmethod
    def _nulls_to_empty(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: v for k, v in value.items() if v is not None}
        return value


class _StatsEnvelope(ApiModel):
    """A stats answer; ``_DATA_KEYS`` sent at the top level are moved into ``data`` (``data`` wins)."""

    _DATA_KEYS: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="before")
    @classmethod
    def _wrap_top_level(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        out = dict(value)
        data = dict(out["data"]) if isinstance(out.get("data"), dict) else {}
        for key in cls._DATA_KEYS:
            if key in out:
                data.setdefault(key, out.pop(key))
        out["data"] = data
        return out


class LinodeIOStats(ApiModel):
    io: Series = Field(default_factory=list)
    swap: Series = Field(default_factory=list)


class LinodeNetStats(ApiModel):
    in_: Series = Field(default_factory=list, alias="in")
    out: Series = Field(default_factory=list)
    private_in: Series = Field(default_factory=list)
    private_out: Series = Field(default_factory=list)


class LinodeStatsData(_StatsData):
    cpu: Series = Field(default_factory=list)
    io: LinodeIOStats = Field(default_factory=LinodeIOStats)
    netv4: LinodeNetStats = Field(default_factory=LinodeNetStats)
    netv6: LinodeNetStats = Field(default_factory=LinodeNetStats)


class LinodeStats(_StatsEnvelope):
    """``GET /linode/instances/{id}/stats``.

    Accepts both the wrapped form clients see (``{"title", "data": {"cpu", "io", "netv4", "netv6"}}``)
    and the spec's top-level form (``{"title", "cpu", "io", ...}``); both normalise to ``.data``.
    """

    _DATA_KEYS = ("cpu", "io", "netv4", "netv6")

    title: str | None = None
    data: LinodeStatsData = Field(default_factory=LinodeStatsData)

    @property
    def cpu(self) -> list[Point]:
        return self.data.cpu

    @property
    def io(self) -> LinodeIOStats:
        return self.data.io

    @property
    def netv4(self) -> LinodeNetStats:
        return self.data.netv4

    @property
    def netv6(self) -> LinodeNetStats:
        return self.data.netv6

    @property
    def is_empty(self) -> bool:
        """True when no series has any point (brand-new Linodes)."""
        d = self.data
        series = [d.cpu, d.io.io, d.io.swap]
        for net in (d.netv4, d.netv6):
            series += [net.in_, net.out, net.private_in, net.private_out]
        return not any(series)


class NodeBalancerTraffic(ApiModel):
    in_: Series = Field(default_factory=list, alias="in")
    out: Series = Field(default_factory=list)


class NodeBalancerStatsData(_StatsData):
    connections: Series = Field(default_factory=list)
    traffic: NodeBalancerTraffic = Field(default_factory=NodeBalancerTraffic)


class NodeBalancerStats(_StatsEnvelope):
    """``GET /nodebalancers/{id}/stats``: ``{"data": {"connections", "traffic": {"in", "out"}}, "title"}``.

    A top-level form without ``data`` is accepted as well.
    """

    _DATA_KEYS = ("connections", "traffic")

    title: str | None = None
    data: NodeBalancerStatsData = Field(default_factory=NodeBalancerStatsData)
