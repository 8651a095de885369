"""Public catalogues: regions (+ availability) and the price lists of other areas' ``*/types``."""

from __future__ import annotations

from typing import Any

from linode_tui.sim.framework import Ctx, Listing, routes
from linode_tui.sim.handlers._common import get_or_404, listing, str_param, w


def _availability(world: Any, region: str) -> list[dict[str, Any]]:
    # premium and GPU plans are sold out in a few places, like the real catalogue
    out = []
    for t in world.types.values():
        sold_out = (t["class"] == "gpu" and region not in ("us-east", "fr-par", "us-ord")) or (
            t["class"] == "premium" and region in ("ap-west", "ca-central")
        )
        out.append({"region": region, "plan": t["id"], "available": not sold_out})
    return out


@routes.get("/regions")
def list_regions(ctx: Ctx) -> Listing:
    return listing(w(ctx).regions.values())


@routes.get("/regions/availability")
def regions_availability(ctx: Ctx) -> Listing:
    world = w(ctx)
    return listing(a for r in world.regions for a in _availability(world, r))


@routes.get("/regions/{regionId}")
def get_region(ctx: Ctx) -> dict[str, Any]:
    region: dict[str, Any] = get_or_404(w(ctx).regions, str_param(ctx, "regionId"))
    return region


@routes.get("/regions/{regionId}/availability")
def region_availability(ctx: Ctx) -> list[dict[str, Any]]:
    world = w(ctx)
    region = get_or_404(world.regions, str_param(ctx, "regionId"))
    return _availability(world, region["id"])


@routes.get("/network-transfer/prices")
def transfer_prices(ctx: Ctx) -> Listing:
    return listing(w(ctx).price_lists["network-transfer"])
