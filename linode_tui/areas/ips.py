"""The IP addresses area: every address of the account (``/networking/ips``) with its Linode and
reverse DNS; rDNS edit, moving a public IPv4 to another Linode (assign) and IP sharing (failover)."""

from __future__ import annotations

from typing import Any

from msgspec.structs import replace

from linode_tui.core.descriptors import Action, Area, Choices, Col, FormField

RW = "ips:read_write"


def _public_v4(ip: dict[str, Any]) -> str | None:
    if ip.get("type") != "ipv4" or not ip.get("public"):
        return "only a public IPv4 address can be moved or shared"
    return None


def _shareable(ip: dict[str, Any]) -> str | None:
    nat = ip.get("vpc_nat_1_1")
    if isinstance(nat, dict) and nat.get("address"):
        return f"it is the 1:1 NAT of VPC address {nat['address']}: the API does not share such an address"
    return _public_v4(ip)


def _error(field: str, message: str) -> Exception:
    from linode_tui.api.errors import ValidationError

    return ValidationError(message, field_errors={field: message})


def assign_body(values: dict[str, Any]) -> dict[str, Any]:
    """``/networking/ips/assign`` moves addresses within one region: one assignment here."""
    lid = values.get("linode_id")
    if not isinstance(lid, int):
        raise _error("linode_id", "Pick the Linode that gets the address.")
    return {
        "region": values.get("region"),
        "assignments": [{"address": values.get("address"), "linode_id": lid}],
    }


def share_body(values: dict[str, Any]) -> dict[str, Any]:
    """``/networking/ips/share``: the address becomes a shared (failover) address of the Linode."""
    lid = values.get("linode_id")
    if not isinstance(lid, int):
        raise _error("linode_id", "Pick the Linode that shares the address.")
    return {"linode_id": lid, "ips": [values.get("address")]}


async def fixed_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """The selected address (and its region) are shown, not typed: one choice each."""
    out = []
    for f in action.form:
        value = item.get(f.name) if f.name in ("address", "region") else None
        if value is not None:
            f = replace(f, options=((str(value), str(value)),), default=str(value))
        out.append(f)
    return tuple(out)


def _same_region_other(row: dict[str, Any], ip: dict[str, Any]) -> bool:
    return row.get("id") != ip.get("linode_id")


OTHER_LINODE = Choices(
    "/linode/instances",
    "id",
    "label",
    describe=lambda x: f"{x.get('label')}  {x.get('region')}  ({x.get('status')})",
    filter_from=lambda ip: {"region": ip.get("region")},
    keep=_same_region_other,
)

IPS = Area(
    "ips",
    "IP addresses",
    "/networking/ips",
    (
        Col("address", "Address", width=26),
        Col("type", "Type", width=6),
        Col("public", "Public", "bool", 6),
        Col("region", "Region", width=12),
        Col("linode_id", "Linode", "int", 10),
        Col("reserved", "Reserved", "bool", 8),
        Col("rdns", "Reverse DNS"),
    ),
    aliases=("ip", "addresses"),
    group="Network",
    scope="ips:read_only",
    id_key="address",
    label_key="address",
    status_key=None,
    detail_path="/networking/ips/{address}",
    actions=(
        Action(
            "rdns",
            "Set reverse DNS",
            "PUT",
            "/networking/ips/{address}",
            RW,
            binding="E",
            bulk=False,
            verb="updated",
            blocked=lambda ip: None if ip.get("public") else "a private address has no reverse DNS",
            form=(
                FormField(
                    "rdns",
                    "Reverse DNS (empty: the default)",
                    default_from="rdns",
                    help="The name must resolve forward to this address first.",
                ),
            ),
        ),
        Action(
            "assign",
            "Move to another Linode (same region)",
            "POST",
            "/networking/ips/assign",
            RW,
            "confirm",
            "M",
            bulk=False,
            verb="moved",
            blocked=_public_v4,
            consequence="{who} moves to {linode_id}: its traffic reaches that Linode from now on "
            "(configure the address there; the Linode it leaves loses it).",
            form=(
                FormField("address", "Address", "select", required=True, default_from="address"),
                FormField("region", "Region", "select", required=True, default_from="region"),
                FormField("linode_id", "To Linode", "select", required=True, choices=OTHER_LINODE),
            ),
            prepare_form=fixed_form,
            to_body=assign_body,
        ),
        Action(
            "share",
            "Share with another Linode (failover)",
            "POST",
            "/networking/ips/share",
            RW,
            "confirm",
            bulk=False,
            verb="shared",
            blocked=_shareable,
            note="Sharing replaces the addresses the other Linode shared before.",
            consequence="{linode_id} will share {who}: it can take the address over if its owner fails.",
            form=(
                FormField("address", "Address", "select", required=True, default_from="address"),
                FormField("linode_id", "Share with Linode", "select", required=True, choices=OTHER_LINODE),
            ),
            prepare_form=fixed_form,
            to_body=share_body,
        ),
    ),
)

AREA = IPS
