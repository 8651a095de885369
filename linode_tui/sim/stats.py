"""Stats and transfer series: deterministic per (seed, entity, timestamp), plausible daily patterns.

A point's value depends only on the seed, the entity id and the point's timestamp (a diurnal sine in
the region's local time + hashed noise), so re-reading never changes old points and the series
advances as sim time passes. Points fall on 5-minute boundaries of the sim clock; a Linode's values are
zero while it was powered off (from ``World.power``) or before it existed.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from linode_tui.sim.framework import ApiError
from linode_tui.sim.seed import REGION_TZ

if TYPE_CHECKING:  # pragma: no cover
    from linode_tui.sim.world import World

__all__ = [
    "STATS_WARMUP",
    "linode_stats",
    "linode_stats_month",
    "linode_transfer",
    "linode_transfer_month",
    "nodebalancer_stats",
]

STEP = 300  # 5 minutes
POINTS = 288  # 24 h of 5-minute averages
STATS_WARMUP = 15 * 60  # a Linode younger than this (sim seconds) has no stats yet
UNAVAILABLE = "Stats are unavailable at this time."
_M64 = 0xFFFFFFFFFFFFFFFF


def _noise(a: int, b: int, c: int) -> float:
    """Deterministic noise in [0, 1) from three integers (splitmix64-style)."""
    x = (a * 0x9E3779B97F4A7C15 + b * 0xBF58476D1CE4E5B9 + c * 0x94D049BB133111EB) & _M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _M64
    x ^= x >> 31
    return (x >> 11) / 9007199254740992.0


def _parse(ts: str) -> float:
    return datetime.strptime(ts, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC).timestamp()


def _diurnal(ts: float, tz: int) -> float:
    """0..1, peaking in the local afternoon, lowest before dawn."""
    hours = ((ts / 3600.0) + tz) % 24
    return 0.5 + 0.5 * math.sin((hours - 9.0) / 24.0 * 2 * math.pi)


def _series_times(now: float, count: int = POINTS, step: int = STEP) -> list[int]:
    last = int(now // step) * step
    return [last - (count - 1 - i) * step for i in range(count)]


def _check_available(world: World, linode: dict[str, Any]) -> float:
    created = _parse(linode["created"])
    if world.now() - created < STATS_WARMUP:
        raise ApiError(400, UNAVAILABLE)
    return created


def _linode_points(world: World, linode: dict[str, Any], times: list[int], created: float) -> dict[str, Any]:
    lid = linode["id"]
    seed = world.seed
    vcpus = linode["specs"]["vcpus"]
    tz = REGION_TZ.get(linode["region"], 0)
    has_private = any(a.startswith("192.168.") for a in linode["ipv4"])
    # per-Linode character: a base load and a daily swing (both seeded from the id)
    base = 2 + 35 * _noise(seed, lid, 1)
    swing = 10 + 50 * _noise(seed, lid, 2)
    net_scale = 20_000 + 2_000_000 * _noise(seed, lid, 3) ** 2
    io_scale = 5 + 400 * _noise(seed, lid, 4)
    cpu: list[list[float]] = []
    io: list[list[float]] = []
    swap: list[list[float]] = []
    v4 = {k: [] for k in ("in", "out", "private_in", "private_out")}  # type: dict[str, list[list[float]]]
    v6 = {k: [] for k in ("in", "out", "private_in", "private_out")}  # type: dict[str, list[list[float]]]
    is_on = world.is_on_at
    for t in times:
        ms = t * 1000
        if t < created or not is_on(lid, t):
            zero = [ms, 0.0]
            cpu.append(zero)
            io.append(list(zero))
            swap.append(list(zero))
            for series in (v4, v6):
                for k in series:
                    series[k].append(list(zero))
            continue
        d = _diurnal(t, tz)
        n1, n2, n3, n4 = (_noise(lid, t, k) for k in (11, 12, 13, 14))
        spike = 2.5 if n4 > 0.985 else 1.0
        c = (base + swing * d) * (0.75 + 0.5 * n1) * spike
        cpu.append([ms, round(min(c * max(1.0, vcpus * 0.6), 100.0 * vcpus), 2)])
        io.append([ms, round(io_scale * (0.3 + d) * (0.5 + n2), 2)])
        swap.append([ms, round(io_scale * 0.01 * n3 if n3 > 0.8 else 0.0, 2)])
        load = net_scale * (0.2 + d) * (0.6 + 0.8 * n2)
        v4["in"].append([ms, round(load * 0.4, 2)])
        v4["out"].append([ms, round(load * (0.8 + 0.4 * n3), 2)])
        v4["private_in"].append([ms, round(load * 0.15 * n1, 2) if has_private else 0.0])
        v4["private_out"].append([ms, round(load * 0.12 * n3, 2) if has_private else 0.0])
        v6["in"].append([ms, round(load * 0.05 * n3, 2)])
        v6["out"].append([ms, round(load * 0.08 * n1, 2)])
        v6["private_in"].append([ms, 0.0])
        v6["private_out"].append([ms, 0.0])
    return {"cpu": cpu, "io": {"io": io, "swap": swap}, "netv4": v4, "netv6": v6}


def linode_stats(world: World, linode: dict[str, Any]) -> dict[str, Any]:
    """``GET /linode/instances/{id}/stats``: the data-wrapped form (what real clients read)."""
    world.tick()
    created = _check_available(world, linode)
    times = _series_times(world.now())
    return {
        "title": f"linode.com - {linode['label']} (linode{linode['id']}) - day (5 min avg)",
        "data": _linode_points(world, linode, times, created),
    }


def _month_bounds(year: int, month: int) -> tuple[float, float]:
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise ApiError(400, "Invalid date", "month" if not 1 <= month <= 12 else "year")
    start = datetime(year, month, 1, tzinfo=UTC).timestamp()
    ny, nm = (year + 1, 1) if month == 12 else (year, month + 1)
    return start, datetime(ny, nm, 1, tzinfo=UTC).timestamp()


def linode_stats_month(world: World, linode: dict[str, Any], year: int, month: int) -> dict[str, Any]:
    """``/stats/{year}/{month}``: hourly averages over that month (up to now)."""
    world.tick()
    created = _check_available(world, linode)
    start, end = _month_bounds(year, month)
    now = world.now()
    if start > now:
        raise ApiError(400, UNAVAILABLE)
    step = 3600
    last = min(end - step, int(now // step) * step)
    times = [int(start) + k * step for k in range(int((last - start) // step) + 1)]
    return {
        "title": f"linode.com - {linode['label']} (linode{linode['id']}) - month (1 hour avg)",
        "data": _linode_points(world, linode, times, created),
    }


def _transfer_rate(world: World, lid: int) -> float:
    """Bytes per second this Linode moves on average."""
    return 2_000 + 400_000 * _noise(world.seed, lid, 21) ** 3


def linode_transfer(world: World, linode: dict[str, Any]) -> dict[str, Any]:
    now = world.now()
    d = datetime.fromtimestamp(now, UTC)
    month_start = datetime(d.year, d.month, 1, tzinfo=UTC).timestamp()
    since = max(month_start, _parse(linode["created"]))
    used = int(_transfer_rate(world, linode["id"]) * max(0.0, now - since))
    quota = int(linode["specs"]["transfer"])
    billable = max(0, used // 1_000_000_000 - quota)
    return {"used": used, "quota": quota, "billable": billable}


def linode_transfer_month(world: World, linode: dict[str, Any], year: int, month: int) -> dict[str, Any]:
    start, end = _month_bounds(year, month)
    now = world.now()
    lo = max(start, _parse(linode["created"]))
    hi = min(end, now)
    total = int(_transfer_rate(world, linode["id"]) * max(0.0, hi - lo))
    share = 0.35 + 0.3 * _noise(world.seed, linode["id"], 22)
    bytes_in = int(total * share)
    return {"bytes_in": bytes_in, "bytes_out": total - bytes_in, "bytes_total": total}


def nodebalancer_stats(world: World, nb: dict[str, Any]) -> dict[str, Any]:
    created = _parse(nb["created"])
    if world.now() - created < STATS_WARMUP:
        raise ApiError(400, UNAVAILABLE)
    nid = nb["id"]
    tz = REGION_TZ.get(nb["region"], 0)
    scale = 50 + 2000 * _noise(world.seed, nid, 31)
    conns: list[list[float]] = []
    tin: list[list[float]] = []
    tout: list[list[float]] = []
    for t in _series_times(world.now()):
        ms = t * 1000
        if t < created:
            conns.append([ms, 0.0])
            tin.append([ms, 0.0])
            tout.append([ms, 0.0])
            continue
        d = _diurnal(t, tz)
        n1, n2 = _noise(nid, t, 32), _noise(nid, t, 33)
        c = scale * (0.2 + d) * (0.7 + 0.6 * n1)
        conns.append([ms, round(c, 2)])
        tin.append([ms, round(c * 9000 * (0.8 + 0.4 * n2), 2)])
        tout.append([ms, round(c * 60000 * (0.8 + 0.4 * n1), 2)])
    return {
        "title": f"linode.com - {nb['label']} ({nid}) - day (5 min avg)",
        "data": {"connections": conns, "traffic": {"in": tin, "out": tout}},
    }
