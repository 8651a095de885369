"""The Linodes area."""

from __future__ import annotations

from typing import Any

from linode_tui.areas._shared import (
    BACKUPS,
    CONFIGS,
    IMAGE,
    LINODE_TYPE,
    REGION,
    ROOT_PASS,
    SSH_KEYS,
    delete_action,
    edit_label_tags,
)
from linode_tui.core.descriptors import Action, Area, Col, FormField, Lookup, Shell, Tab, fill


async def boot_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """Boot: the config picker only matters when the Linode has more than one config."""
    from linode_tui.api.errors import LinodeError

    try:
        page = await client.get_page(fill("/linode/instances/{id}/configs", item))
    except LinodeError:
        return ()
    return action.form if page.results > 1 else ()


def summary_extras(item: dict[str, Any], lookup: Lookup) -> list[tuple[str, str]]:
    """Price and plan name from the plan, the region's name."""
    out: list[tuple[str, str]] = []
    type_info = lookup("types", item.get("type"))
    if type_info:
        price = type_info.get("price") or {}
        out.append(
            ("Price", f"${price.get('monthly')}/mo (${price.get('hourly')}/h) · {type_info.get('label')}")
        )
    region = lookup("regions", item.get("region"))
    if region:
        out.append(("Region name", str(region.get("label"))))
    return out


async def shell_addresses(client: Any, item: dict[str, Any]) -> list[tuple[str, str]]:
    """Where `s` can ssh to: public IPv4 first, then IPv6 (SLAAC), private IPv4, VPC addresses (and
    their 1:1 NAT), from ``/ips``; from the row's own ``ipv4``/``ipv6`` when that cannot be read."""
    import ipaddress

    from linode_tui.api.errors import LinodeError

    out: list[tuple[str, str]] = []

    def add(kind: str, address: Any) -> None:
        text = str(address or "").split("/", 1)[0].strip()
        if text and all(a != text for _, a in out):
            out.append((kind, text))

    try:
        ips = await client.get(fill("/linode/instances/{id}/ips", item))
    except LinodeError:
        ips = None
    v4 = ips.get("ipv4") if isinstance(ips, dict) else None
    if isinstance(v4, dict):
        for ip in v4.get("public") or []:
            add("public IPv4", ip.get("address") if isinstance(ip, dict) else ip)
        v6 = (ips or {}).get("ipv6") or {}
        slaac = v6.get("slaac") if isinstance(v6, dict) else None
        if isinstance(slaac, dict):
            add("IPv6", slaac.get("address"))
        for ip in v4.get("private") or []:
            add("private IPv4", ip.get("address") if isinstance(ip, dict) else ip)
        for ip in v4.get("vpc") or []:
            if isinstance(ip, dict):
                add("VPC", ip.get("address"))
                add("VPC 1:1 NAT", ip.get("nat_1_1"))
        return out
    for raw in item.get("ipv4") or []:
        try:
            kind = "private IPv4" if ipaddress.ip_address(str(raw)).is_private else "public IPv4"
        except ValueError:
            continue
        add(kind, raw)
    out.sort(key=lambda pair: pair[0] != "public IPv4")
    if item.get("ipv6"):
        add("IPv6", item["ipv6"])
    return out


def lish_target(item: dict[str, Any]) -> tuple[str, str] | None:
    region, label = item.get("region"), item.get("label")
    return (str(region), str(label)) if region and label else None


LINODE_POWER_ON = frozenset({"offline", "stopped"})
LINODE_RUNNING = frozenset({"running"})

LINODE_ACTIONS: tuple[Action, ...] = (
    Action(
        "create",
        "Create Linode",
        "POST",
        "/linode/instances",
        "linodes:read_write",
        binding="n",
        footer=True,
        on_collection=True,
        bulk=False,
        verb="created",
        form=(
            FormField("region", "Region", "select", required=True, choices=REGION),
            FormField("type", "Plan", "select", required=True, choices=LINODE_TYPE),
            FormField("image", "Image", "select", required=True, choices=IMAGE, default="linode/ubuntu24.04"),
            FormField("label", "Label", required=True),
            ROOT_PASS,
            FormField("authorized_keys", "SSH keys from your profile", "multiselect", choices=SSH_KEYS),
            FormField("tags", "Tags (comma separated)", "tags"),
            FormField("backups_enabled", "Enable backups", "bool", default=False),
            FormField("private_ip", "Add a private IPv4", "bool", default=False),
        ),
    ),
    Action(
        "boot",
        "Boot",
        "POST",
        "/linode/instances/{id}/boot",
        "linodes:read_write",
        "confirm",
        "b",
        when=LINODE_POWER_ON,
        verb="booting",
        consequence="{who} will be powered on.",
        prepare_form=boot_form,
        form=(FormField("config_id", "Configuration profile", "select", choices=CONFIGS),),
    ),
    Action(
        "reboot",
        "Reboot",
        "POST",
        "/linode/instances/{id}/reboot",
        "linodes:read_write",
        "confirm",
        "R",
        when=LINODE_RUNNING,
        verb="rebooting",
        footer=True,
        consequence="{who} will reboot: running processes are stopped.",
    ),
    Action(
        "shutdown",
        "Shut down",
        "POST",
        "/linode/instances/{id}/shutdown",
        "linodes:read_write",
        "confirm",
        "o",
        when=LINODE_RUNNING,
        verb="shutting down",
        consequence="{who} will be powered off.",
        note="A Linode that is shut down is still billed. Delete it to stop billing.",
    ),
    Action(
        "resize",
        "Resize",
        "POST",
        "/linode/instances/{id}/resize",
        "linodes:read_write",
        "type",
        "Z",
        verb="resizing",
        consequence="{who} will be resized to the new plan.",
        bulk=False,
        form=(
            FormField("type", "New plan", "select", required=True, choices=LINODE_TYPE, default_from="type"),
            FormField("allow_auto_disk_resize", "Resize disks automatically", "bool", default=True),
            FormField(
                "migration_type",
                "Migration",
                "select",
                options=(("cold", "cold (powers off)"), ("warm", "warm")),
                default="cold",
            ),
        ),
        note="The Linode is powered off while it is resized; disks must fit the new plan.",
    ),
    Action(
        "rebuild",
        "Rebuild",
        "POST",
        "/linode/instances/{id}/rebuild",
        "linodes:read_write",
        "type",
        "B",
        verb="rebuilding",
        consequence="{who} will be rebuilt from the chosen image. All its data is lost.",
        bulk=False,
        form=(
            FormField("image", "Image", "select", required=True, choices=IMAGE, default_from="image"),
            ROOT_PASS,
            FormField("authorized_keys", "SSH keys from your profile", "multiselect", choices=SSH_KEYS),
        ),
        note="Rebuilding deletes every disk of this Linode and deploys a fresh image.",
    ),
    Action(
        "rescue",
        "Rescue mode",
        "POST",
        "/linode/instances/{id}/rescue",
        "linodes:read_write",
        "confirm",
        "U",
        verb="rebooting into rescue",
        bulk=False,
    ),
    Action(
        "migrate",
        "Migrate",
        "POST",
        "/linode/instances/{id}/migrate",
        "linodes:read_write",
        "confirm",
        "M",
        verb="migrating",
        bulk=False,
        form=(FormField("region", "Target region (empty: same region)", "select", choices=REGION),),
    ),
    Action(
        "clone",
        "Clone",
        "POST",
        "/linode/instances/{id}/clone",
        "linodes:read_write",
        "confirm",
        "C",
        verb="cloning",
        bulk=False,
        form=(
            FormField("label", "Label of the clone"),
            FormField("region", "Region", "select", choices=REGION, default_from="region"),
            FormField("type", "Plan", "select", choices=LINODE_TYPE, default_from="type"),
        ),
    ),
    edit_label_tags("/linode/instances/{id}", "linodes:read_write"),
    Action(
        "password",
        "Reset root password",
        "POST",
        "/linode/instances/{id}/password",
        "linodes:read_write",
        "confirm",
        "P",
        form=(ROOT_PASS,),
        bulk=False,
        verb="password reset",
        note="The Linode must be powered off.",
    ),
    Action(
        "backups_enable",
        "Enable backups",
        "POST",
        "/linode/instances/{id}/backups/enable",
        "linodes:read_write",
        "confirm",
        None,
        verb="backups enabled",
        note="Backups are billed monthly per Linode.",
    ),
    Action(
        "backups_cancel",
        "Cancel backups",
        "POST",
        "/linode/instances/{id}/backups/cancel",
        "linodes:read_write",
        "type",
        None,
        verb="backups cancelled",
        note="Every existing backup of this Linode is deleted.",
    ),
    Action(
        "snapshot",
        "Take a snapshot",
        "POST",
        "/linode/instances/{id}/backups",
        "linodes:read_write",
        "confirm",
        None,
        verb="snapshot started",
        bulk=False,
        form=(FormField("label", "Snapshot label", required=True),),
    ),
    Action(
        "restore",
        "Restore a backup",
        "POST",
        "/linode/instances/{id}/backups/{backup_id}/restore",
        "linodes:read_write",
        "type",
        None,
        verb="restoring",
        consequence="The backup will be restored onto {who}.",
        bulk=False,
        form=(
            FormField("backup_id", "Backup", "select", required=True, choices=BACKUPS),
            FormField("overwrite", "Overwrite this Linode's disks", "bool", default=True),
        ),
        note="Restoring overwrites the disks of the target Linode.",
    ),
    delete_action("/linode/instances/{id}", "linodes:read_write", "Linode"),
)

LINODES = Area(
    key="linodes",
    title="Linodes",
    path="/linode/instances",
    aliases=("li", "linode", "instances"),
    group="Compute",
    scope="linodes:read_only",
    entity_type="linode",
    stats="linode",
    add_grant="add_linodes",
    summary_extras=summary_extras,
    shell=Shell(shell_addresses, lish_target),
    columns=(
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=22),
        Col("status", "Status", "status", 18),
        Col("region", "Region", width=12),
        Col("type", "Plan", width=15),
        Col("ipv4", "IPv4", "ipv4", 15),
        Col("image", "Image", width=17),
        Col("tags", "Tags", "tags", 16),
    ),
    summary=(
        Col("status", "Status", "status"),
        Col("region", "Region"),
        Col("type", "Plan"),
        Col("specs.vcpus", "vCPUs", "int"),
        Col("specs.memory", "Memory", "mb"),
        Col("specs.disk", "Disk", "mb"),
        Col("specs.transfer", "Transfer (GB/mo)", "int"),
        Col("image", "Image"),
        Col("ipv4", "IPv4", "list"),
        Col("ipv6", "IPv6"),
        Col("tags", "Tags", "tags"),
        Col("backups.enabled", "Backups", "bool"),
        Col("backups.last_successful", "Last backup", "date"),
        Col("hypervisor", "Hypervisor"),
        Col("created", "Created", "date"),
    ),
    tabs=(
        Tab(
            "disks",
            "Disks",
            "/linode/instances/{id}/disks",
            columns=(
                Col("id", "ID", "int"),
                Col("label", "Label"),
                Col("status", "Status", "status"),
                Col("filesystem", "FS"),
                Col("size", "Size", "mb"),
                Col("created", "Created", "date"),
            ),
        ),
        Tab(
            "configs",
            "Configs",
            "/linode/instances/{id}/configs",
            columns=(
                Col("id", "ID", "int"),
                Col("label", "Label"),
                Col("kernel", "Kernel"),
                Col("root_device", "Root"),
                Col("run_level", "Run level"),
                Col("virt_mode", "Virt"),
            ),
        ),
        Tab("network", "Network", "/linode/instances/{id}/ips", kind="object"),
        Tab("backups", "Backups", "/linode/instances/{id}/backups", kind="object"),
        Tab(
            "volumes",
            "Volumes",
            "/linode/instances/{id}/volumes",
            link_area="volumes",
            columns=(
                Col("id", "ID", "int"),
                Col("label", "Label"),
                Col("status", "Status", "status"),
                Col("size", "Size", "gb"),
                Col("filesystem_path", "Path"),
            ),
        ),
        Tab(
            "firewalls",
            "Firewalls",
            "/linode/instances/{id}/firewalls",
            link_area="firewalls",
            columns=(Col("id", "ID", "int"), Col("label", "Label"), Col("status", "Status", "status")),
        ),
        Tab(
            "nodebalancers",
            "NodeBalancers",
            "/linode/instances/{id}/nodebalancers",
            link_area="nodebalancers",
            columns=(
                Col("id", "ID", "int"),
                Col("label", "Label"),
                Col("region", "Region"),
                Col("ipv4", "IPv4"),
            ),
        ),
        Tab("transfer", "Transfer", "/linode/instances/{id}/transfer", kind="object"),
        Tab(
            "activity",
            "Activity",
            "/account/events",
            link_area="events",
            filter=lambda item: {
                "entity.type": "linode",
                "entity.id": item.get("id"),
                "+order_by": "id",
                "+order": "desc",
            },
            columns=(
                Col("id", "ID", "int"),
                Col("created", "When", "date"),
                Col("action", "Action"),
                Col("status", "Status", "status"),
                Col("percent_complete", "%", "int"),
                Col("username", "User"),
            ),
        ),
    ),
    actions=LINODE_ACTIONS,
)

AREA = LINODES
