"""The VPCs area."""

from __future__ import annotations

from typing import Any

from linode_tui.areas._shared import (
    REGION,
    delete_action,
)
from linode_tui.core.descriptors import Action, Area, Col, FormField, Section, Tab

USERS = (("linodes", "Linode"), ("nodebalancers", "NodeBalancer"), ("databases", "database"))


def _users(subnet: dict[str, Any]) -> list[str]:
    """What is attached to a subnet, e.g. ``["2 Linodes", "1 NodeBalancer"]``."""
    out = []
    for key, what in USERS:
        n = len(subnet.get(key) or [])
        if n:
            out.append(f"{n} {what}{'s' if n != 1 else ''}")
    return out


def vpc_delete_blocked(vpc: dict[str, Any]) -> str | None:
    """The API refuses to delete a VPC while anything is attached to its subnets (its empty
    subnets are deleted with it)."""
    busy = [s for s in vpc.get("subnets") or [] if isinstance(s, dict) and _users(s)]
    if not busy:
        return None
    names = "; ".join(f"{s.get('label')}: {', '.join(_users(s))}" for s in busy)
    return (
        f"in use ({names}): detach them (Linode VPC interfaces, NodeBalancers, databases) first — "
        "the Attached tab lists them"
    )


RW = "vpc:read_write"


def subnet_in_use(s: dict[str, Any]) -> str | None:
    users = _users(s)
    if not users:
        return None
    return f"{', '.join(users)} attached: remove their VPC interfaces or detach them first (Attached tab)"


def check_cidr(value: Any, field: str) -> str:
    """A subnet range: an RFC 1918 IPv4 network in canonical form, no smaller than /29."""
    import ipaddress

    try:
        net = ipaddress.ip_network(str(value).strip(), strict=True)
    except ValueError as exc:
        hint = "host bits set: use the network address" if "host bits" in str(exc) else "e.g. 10.0.1.0/24"
        raise _error(field, f"Not an IPv4 network in CIDR form ({hint}).") from None
    if net.version != 4 or not net.is_private:
        raise _error(field, "Must be a private IPv4 range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16).")
    if net.prefixlen > 29:
        raise _error(field, "Too small: a subnet is at least a /29.")
    return str(net)


def _error(field: str, message: str) -> Exception:
    from linode_tui.api.errors import ValidationError

    return ValidationError(message, field_errors={field: message})


MAX_FORM_SUBNETS = 3


def vpc_body(values: dict[str, Any]) -> dict[str, Any]:
    """Each subnet the form names: label and range both given, valid, not overlapping."""
    import ipaddress

    body = {k: v for k, v in values.items() if not k.startswith("subnets.")}
    subnets: list[dict[str, Any]] = []
    for i in range(MAX_FORM_SUBNETS):
        label, cidr = values.get(f"subnets.{i}.label"), values.get(f"subnets.{i}.ipv4")
        if not label and not cidr:
            continue
        if not label:
            raise _error(f"subnets.{i}.label", "A subnet needs a label.")
        if not cidr:
            raise _error(f"subnets.{i}.ipv4", "A subnet needs an IPv4 range.")
        if not 3 <= len(str(label)) <= 64:
            raise _error(f"subnets.{i}.label", "A label of 3–64 characters.")
        net = check_cidr(cidr, f"subnets.{i}.ipv4")
        for j, other in enumerate(subnets):
            if ipaddress.ip_network(net).overlaps(ipaddress.ip_network(other["ipv4"])):
                raise _error(f"subnets.{i}.ipv4", f"Overlaps subnet {j + 1} ({other['ipv4']}).")
            if other["label"] == label:
                raise _error(f"subnets.{i}.label", "Subnet labels must be unique.")
        subnets.append({"label": label, "ipv4": net})
    if subnets:
        body["subnets"] = subnets
    return body


def subnet_body(values: dict[str, Any]) -> dict[str, Any]:
    return {**values, "ipv4": check_cidr(values.get("ipv4"), "ipv4")}


SUBNET_ACTIONS: tuple[Action, ...] = (
    Action(
        "create",
        "Add a subnet",
        "POST",
        "/vpcs/{parent}/subnets",
        RW,
        on_collection=True,
        bulk=False,
        verb="created",
        form=(
            FormField("label", "Label", required=True),
            FormField("ipv4", "IPv4 range (CIDR, e.g. 10.0.2.0/24)", required=True),
        ),
        to_body=subnet_body,
    ),
    Action(
        "edit",
        "Rename subnet",
        "PUT",
        "/vpcs/{parent}/subnets/{id}",
        RW,
        bulk=False,
        verb="updated",
        form=(FormField("label", "Label", required=True, default_from="label"),),
    ),
    Action(
        "delete",
        "Delete subnet",
        "DELETE",
        "/vpcs/{parent}/subnets/{id}",
        RW,
        "type",
        bulk=False,
        verb="deleted",
        blocked=subnet_in_use,
        consequence="Subnet {who} ({ipv4}) will be deleted.",
    ),
)

VPC_ACTIONS: tuple[Action, ...] = (
    Action(
        "create",
        "Create VPC",
        "POST",
        "/vpcs",
        RW,
        binding="n",
        footer=True,
        on_collection=True,
        bulk=False,
        verb="created",
        form=(
            FormField("label", "Label", required=True),
            FormField("region", "Region", "select", required=True, choices=REGION),
            FormField("description", "Description"),
            *(
                f
                for i in range(MAX_FORM_SUBNETS)
                for f in (
                    FormField(f"subnets.{i}.label", f"Subnet {i + 1}: label"),
                    FormField(
                        f"subnets.{i}.ipv4",
                        f"Subnet {i + 1}: IPv4 range (CIDR, e.g. 10.0.{i + 1}.0/24)",
                    ),
                )
            ),
        ),
        to_body=vpc_body,
    ),
    Action(
        "edit",
        "Edit VPC",
        "PUT",
        "/vpcs/{id}",
        RW,
        binding="E",
        bulk=False,
        verb="updated",
        form=(
            FormField("label", "Label", required=True, default_from="label"),
            FormField("description", "Description", default_from="description"),
        ),
    ),
    delete_action("/vpcs/{id}", RW, "VPC", blocked=vpc_delete_blocked),
)


def _attached(section: str) -> Any:
    def rows(vpc: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for s in vpc.get("subnets") or []:
            if not isinstance(s, dict):
                continue
            for n, u in enumerate(s.get(section) or []):
                if not isinstance(u, dict):
                    continue
                base = {"_key": f"{s.get('id')}-{u.get('id')}-{n}", "subnet": s.get("label"), **u}
                if section == "linodes":
                    itfs = [i for i in u.get("interfaces") or [] if isinstance(i, dict)]
                    base["interfaces"] = [
                        f"#{i.get('id')}" + (f" (config {i['config_id']})" if i.get("config_id") else "")
                        for i in itfs
                    ]
                    base["active"] = any(i.get("active") for i in itfs)
                out.append(base)
        return out

    return rows


def attached_text(vpc: Any, item: dict[str, Any], lookup: Any) -> str:
    if not isinstance(vpc, dict):
        return ""
    counts = [(len(_attached(key)(vpc)), what) for key, what in USERS]
    if not any(n for n, _ in counts):
        return "Nothing is attached: the VPC can be deleted (its subnets go with it)."
    parts = [f"{n} {what}{'s' if n != 1 else ''}" for n, what in counts if n]
    return "Attached: " + ", ".join(parts) + ". The VPC cannot be deleted while anything is attached."


VPCS = Area(
    "vpcs",
    "VPCs",
    "/vpcs",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=24),
        Col("region", "Region", width=12),
        Col("subnets", "Subnets", "count", 8),
        Col("description", "Description", width=30),
    ),
    aliases=("vpc",),
    group="Network",
    scope="",
    entity_type="vpc",
    add_grant="add_vpcs",
    status_key=None,
    tabs=(
        Tab(
            "subnets",
            "Subnets",
            "/vpcs/{id}/subnets",
            actions=SUBNET_ACTIONS,
            columns=(
                Col("id", "ID", "int"),
                Col("label", "Label"),
                Col("ipv4", "IPv4 range"),
                Col("linodes", "Linodes", "count"),
            ),
        ),
        Tab(
            "attached",
            "Attached",
            "/vpcs/{id}",
            kind="object",
            text=attached_text,
            sections=(
                Section(
                    "Linodes",
                    _attached("linodes"),
                    (
                        Col("subnet", "Subnet"),
                        Col("id", "Linode", "int"),
                        Col("interfaces", "Interfaces", "list"),
                        Col("active", "Active", "bool"),
                    ),
                ),
                Section(
                    "NodeBalancers",
                    _attached("nodebalancers"),
                    (Col("subnet", "Subnet"), Col("id", "NodeBalancer", "int"), Col("ipv4_range", "Range")),
                ),
                Section(
                    "Databases",
                    _attached("databases"),
                    (Col("subnet", "Subnet"), Col("id", "Database", "int"), Col("ipv4_range", "Range")),
                ),
            ),
        ),
        Tab(
            "ips",
            "IPs",
            "/vpcs/{id}/ips",
            columns=(
                Col("address", "Address"),
                Col("linode_id", "Linode", "int"),
                Col("subnet_id", "Subnet", "int"),
                Col("active", "Active", "bool"),
            ),
        ),
    ),
    actions=VPC_ACTIONS,
)

AREA = VPCS
