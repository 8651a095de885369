"""Reserved IPv4 addresses (``/networking/reserved/ips``, API 4.229): kept on the account when no
Linode holds them; reserve (priced), tag, assign to a Linode in their region, unreserve."""

from __future__ import annotations

from typing import Any

from msgspec.structs import replace

from linode_tui.areas._shared import money
from linode_tui.areas.ips import OTHER_LINODE, assign_body, fixed_form
from linode_tui.core.descriptors import Action, Area, Col, FormField

RW = "ips:read_write"


def _price(types: list[Any], region: str) -> Any:
    t = next((x for x in types if isinstance(x, dict)), {})
    for rp in t.get("region_prices") or []:
        if isinstance(rp, dict) and rp.get("id") == region:
            return rp.get("monthly")
    return (t.get("price") or {}).get("monthly")


async def reserve_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """Regions with the monthly price of a reserved address there."""
    regions = await client.list_all("/regions")
    types = await client.list_all("/networking/reserved/ips/types")
    opts = tuple(
        (str(r["id"]), f"{r['id']}  {r.get('label', '')}  {money(_price(types, str(r['id'])), 'mo')}")
        for r in regions
        if isinstance(r, dict) and r.get("id")
    )
    return tuple(replace(f, options=opts) if f.name == "region" else f for f in action.form)


RESERVED = Area(
    "reserved",
    "Reserved IPs",
    "/networking/reserved/ips",
    (
        Col("address", "Address", width=16),
        Col("region", "Region", width=12),
        Col("assigned_entity.label", "Assigned to", width=22),
        Col("rdns", "Reverse DNS", width=34),
        Col("tags", "Tags", "tags"),
    ),
    aliases=("reservedips", "rip"),
    group="Network",
    scope="ips:read_only",
    id_key="address",
    label_key="address",
    status_key=None,
    detail_path="/networking/reserved/ips/{address}",
    actions=(
        Action(
            "create",
            "Reserve an IPv4 address",
            "POST",
            "/networking/reserved/ips",
            RW,
            "confirm",
            "n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="reserved",
            consequence="A public IPv4 address will be reserved in {region} (billed monthly while reserved).",
            form=(
                FormField("region", "Region (monthly price)", "select", required=True),
                FormField("tags", "Tags (comma separated)", "tags"),
            ),
            prepare_form=reserve_form,
        ),
        Action(
            "tags",
            "Edit tags",
            "PUT",
            "/networking/reserved/ips/{address}",
            RW,
            binding="E",
            bulk=False,
            verb="updated",
            form=(FormField("tags", "Tags (comma separated)", "tags", default_from="tags"),),
        ),
        Action(
            "assign",
            "Assign to a Linode",
            "POST",
            "/networking/ips/assign",
            RW,
            "confirm",
            "A",
            bulk=False,
            verb="assigned",
            consequence="{who} will be assigned to {linode_id} (it stays reserved).",
            form=(
                FormField("address", "Address", "select", required=True, default_from="address"),
                FormField("region", "Region", "select", required=True, default_from="region"),
                FormField("linode_id", "Linode (same region)", "select", required=True, choices=OTHER_LINODE),
            ),
            prepare_form=fixed_form,
            to_body=assign_body,
        ),
        Action(
            "delete",
            "Unreserve",
            "DELETE",
            "/networking/reserved/ips/{address}",
            RW,
            "type",
            "ctrl+d",
            footer=True,
            verb="unreserved",
            consequence="{who} will no longer be reserved: a Linode holding it keeps it as an ordinary "
            "address; otherwise it goes back to the pool and may never be had again.",
        ),
    ),
)

AREA = RESERVED
