"""The Linodes area."""

from __future__ import annotations

from typing import Any

from linode_tui.areas._shared import (
    BACKUPS,
    CONFIGS,
    FIREWALL,
    IMAGE,
    LINODE_TYPE,
    PLACEMENT_GROUP,
    REGION,
    ROOT_PASS,
    SSH_KEYS,
    STRONG_PASSWORD_HELP,
    delete_action,
    edit_label_tags,
    money,
)
from linode_tui.core.descriptors import (
    Action,
    Area,
    Choices,
    Col,
    FormField,
    Lookup,
    Section,
    Shell,
    Tab,
    fill,
)


async def boot_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """Boot: the config picker only matters when the Linode has more than one config."""
    from linode_tui.api.errors import LinodeError

    try:
        page = await client.get_page(fill("/linode/instances/{id}/configs", item))
    except LinodeError:
        return ()
    return action.form if page.results > 1 else ()


def create_summary(values: dict[str, Any], lookup: Lookup) -> str:
    """Create Linode: what is ordered and what it costs a month (plan, backups), before confirming."""
    plan = lookup("types", values.get("type")) or {}
    price = (plan.get("price") or {}).get("monthly")
    lines = [
        f"Plan      {plan.get('label') or values.get('type')}"
        f"  ({plan.get('vcpus', '?')} vCPU, {(plan.get('memory') or 0) // 1024} GB RAM,"
        f" {(plan.get('disk') or 0) // 1024} GB disk, {(plan.get('transfer') or 0) // 1000} TB transfer)",
        f"Image     {values.get('image')}",
    ]
    total = float(price) if isinstance(price, int | float) else None
    if values.get("backups_enabled"):
        backups = (((plan.get("addons") or {}).get("backups") or {}).get("price") or {}).get("monthly")
        lines.append(f"Backups   ${backups}/mo" if backups is not None else "Backups   enabled")
        if total is not None and isinstance(backups, int | float):
            total += float(backups)
    lines.append(f"Monthly   ${total:,.2f}/mo" if total is not None else "Monthly   price unknown")
    return "\n".join(lines)


def summary_extras(item: dict[str, Any], lookup: Lookup) -> list[tuple[str, str]]:
    """Price and plan name from the plan, the region's name."""
    out: list[tuple[str, str]] = []
    type_info = lookup("types", item.get("type"))
    if type_info:
        price = type_info.get("price") or {}
        out.append(
            (
                "Price",
                f"{money(price.get('monthly'), 'mo')} ({money(price.get('hourly'), 'h', 3)})"
                f" · {type_info.get('label')}",
            )
        )
    region = lookup("regions", item.get("region"))
    if region:
        out.append(("Region name", str(region.get("label"))))
    return out


def ipv4_rows(ips: dict[str, Any]) -> list[dict[str, Any]]:
    """``/ips``: every IPv4 address with its kind (public, private, shared, reserved, VPC)."""
    out: list[dict[str, Any]] = []
    for kind, addrs in (ips.get("ipv4") or {}).items():
        for a in addrs or []:
            if isinstance(a, dict):
                out.append({**a, "kind": kind, "address": a.get("address") or a.get("address_range")})
    return out


def ipv6_rows(ips: dict[str, Any]) -> list[dict[str, Any]]:
    """``/ips``: SLAAC and link-local addresses, then the ranges routed to the Linode."""
    v6 = ips.get("ipv6") or {}
    out: list[dict[str, Any]] = []
    for kind in ("slaac", "link_local"):
        a = v6.get(kind)
        if isinstance(a, dict):
            out.append({**a, "kind": kind.replace("_", "-")})
    for kind in ("global", "ranges"):
        for r in v6.get(kind) or []:
            if isinstance(r, dict):
                out.append({**r, "kind": "range", "address": f"{r.get('range')}/{r.get('prefix')}"})
    return out


def backup_rows(kind: str) -> Any:
    def rows(data: dict[str, Any]) -> list[dict[str, Any]]:
        if kind == "automatic":
            found = [b for b in data.get("automatic") or [] if isinstance(b, dict)]
        else:
            snap = data.get("snapshot") or {}
            found = [
                {**b, "which": which}
                for which in ("current", "in_progress")
                if isinstance(b := snap.get(which), dict)
            ]
        for b in found:
            disks = [d for d in b.get("disks") or [] if isinstance(d, dict)]
            b["size_mb"] = sum(int(d.get("size") or 0) for d in disks)
            b["disk_labels"] = [d.get("label") for d in disks]
        return found

    return rows


def transfer_text(data: Any, item: dict[str, Any], lookup: Lookup) -> str:
    """``/transfer``: used bytes against the quota in GB, with the share of the quota used."""
    if not isinstance(data, dict):
        return ""
    used = float(data.get("used") or 0) / 1e9
    quota = float(data.get("quota") or 0)
    share = f" ({used / quota * 100:.1f} % of the quota)" if quota else ""
    lines = [
        f"Used this month    {used:,.2f} GB{share}",
        f"Monthly quota      {quota:,.0f} GB (this Linode's share of the pooled account quota)",
        f"Billable overage   {float(data.get('billable') or 0):,.0f} GB",
    ]
    return "\n".join(lines)


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


def must_be_off(item: dict[str, Any]) -> str | None:
    status = item.get("status")
    return None if status in LINODE_POWER_ON else f"the Linode must be powered off first (it is {status})"


def backups_on(item: dict[str, Any]) -> bool:
    return bool((item.get("backups") or {}).get("enabled"))


def backups_needed(item: dict[str, Any]) -> str | None:
    return None if backups_on(item) else "backups are not enabled on this Linode"


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
            FormField("metadata.user_data", "User data (cloud-init, base64)", "textarea"),
            FormField("firewall_id", "Firewall", "select", choices=FIREWALL),
            FormField(
                "placement_group.id", "Placement group (same region)", "select", choices=PLACEMENT_GROUP
            ),
            FormField("tags", "Tags (comma separated)", "tags"),
            FormField("backups_enabled", "Enable backups (billed monthly)", "bool", default=False),
            FormField("private_ip", "Add a private IPv4", "bool", default=False),
            FormField(
                "disk_encryption",
                "Disk encryption",
                "select",
                options=(("enabled", "enabled"), ("disabled", "disabled")),
            ),
            FormField(
                "maintenance_policy",
                "Maintenance policy",
                "select",
                options=(
                    ("linode/migrate", "migrate (live migration when possible)"),
                    ("linode/power_off_on", "power off / on"),
                ),
            ),
        ),
        danger="confirm",
        consequence="A new Linode {label} will be created in {region} and billed from now.",
        summary=create_summary,
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
        blocked=must_be_off,
        consequence="The root password of {who} will be replaced.",
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
        blocked=lambda i: "backups are already enabled" if backups_on(i) else None,
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
        blocked=backups_needed,
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
        blocked=backups_needed,
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
        blocked=backups_needed,
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

FILESYSTEMS = (("ext4", "ext4"), ("ext3", "ext3"), ("swap", "swap"), ("raw", "raw"), ("initrd", "initrd"))
KERNELS = Choices("/linode/kernels", "id", "label")
RW = "linodes:read_write"
OFF_FIRST = frozenset({"resize", "password"})  # disk actions that need the Linode powered off


def disk_needs_off(action: Action, linode: dict[str, Any]) -> str | None:
    return must_be_off(linode) if action.key in OFF_FIRST else None


DISK_ACTIONS: tuple[Action, ...] = (
    Action(
        "create",
        "Create a disk",
        "POST",
        "/linode/instances/{parent}/disks",
        RW,
        on_collection=True,
        bulk=False,
        verb="creating",
        form=(
            FormField("label", "Label", required=True),
            FormField(
                "size", "Size (MB)", "int", required=True, help="Must fit in the plan's unallocated space."
            ),
            FormField("filesystem", "Filesystem", "select", options=FILESYSTEMS, default="ext4"),
            FormField("image", "Image (empty: a blank disk)", "select", choices=IMAGE),
            FormField(
                "root_pass",
                "Root password (with an image)",
                "password",
                help=STRONG_PASSWORD_HELP,
                secret=True,
            ),
        ),
    ),
    Action(
        "resize",
        "Resize disk",
        "POST",
        "/linode/instances/{parent}/disks/{id}/resize",
        RW,
        "type",
        bulk=False,
        verb="resizing",
        consequence="Disk {who} will be resized to {size} MB.",
        form=(FormField("size", "New size (MB)", "int", required=True, default_from="size"),),
        note="Shrinking fails when the files on the disk do not fit the new size.",
    ),
    Action(
        "clone",
        "Clone disk",
        "POST",
        "/linode/instances/{parent}/disks/{id}/clone",
        RW,
        "confirm",
        bulk=False,
        verb="cloning",
        consequence="A copy of disk {who} will be made on this Linode (it needs as much free space).",
    ),
    Action(
        "password",
        "Reset the disk's root password",
        "POST",
        "/linode/instances/{parent}/disks/{id}/password",
        RW,
        "confirm",
        bulk=False,
        verb="password reset",
        form=(FormField("password", "New root password", "password", required=True, secret=True),),
    ),
    Action(
        "delete",
        "Delete disk",
        "DELETE",
        "/linode/instances/{parent}/disks/{id}",
        RW,
        "type",
        bulk=False,
        verb="deleted",
        consequence="Disk {who} and all its data will be deleted.",
    ),
)

CONFIG_FORM = (
    FormField("label", "Label", required=True, default_from="label"),
    FormField("kernel", "Kernel", "select", choices=KERNELS, default_from="kernel", default="linode/grub2"),
    FormField("root_device", "Root device", default_from="root_device", default="/dev/sda"),
    FormField(
        "run_level",
        "Run level",
        "select",
        options=(("default", "default"), ("single", "single user"), ("binbash", "/bin/bash")),
        default_from="run_level",
        default="default",
    ),
    FormField(
        "virt_mode",
        "Virtualisation",
        "select",
        options=(("paravirt", "paravirt"), ("fullvirt", "fullvirt")),
        default_from="virt_mode",
        default="paravirt",
    ),
    FormField("comments", "Comments", default_from="comments"),
)

CONFIG_ACTIONS: tuple[Action, ...] = (
    Action(
        "create",
        "Create a configuration",
        "POST",
        "/linode/instances/{parent}/configs",
        RW,
        on_collection=True,
        bulk=False,
        verb="created",
        form=CONFIG_FORM,
    ),
    Action(
        "edit",
        "Edit configuration",
        "PUT",
        "/linode/instances/{parent}/configs/{id}",
        RW,
        bulk=False,
        verb="updated",
        form=CONFIG_FORM,
    ),
    Action(
        "delete",
        "Delete configuration",
        "DELETE",
        "/linode/instances/{parent}/configs/{id}",
        RW,
        "type",
        bulk=False,
        verb="deleted",
        consequence="Configuration profile {who} will be deleted (the disks stay).",
    ),
)

IPV4_COLUMNS = (
    Col("address", "Address", width=18),
    Col("kind", "Type", width=8),
    Col("prefix", "Prefix", "int", 6),
    Col("gateway", "Gateway", width=15),
    Col("rdns", "Reverse DNS", width=30),
)
IPV6_COLUMNS = (
    Col("address", "Address", width=30),
    Col("kind", "Type", width=10),
    Col("prefix", "Prefix", "int", 6),
    Col("route_target", "Routed to", width=26),
    Col("rdns", "Reverse DNS", width=24),
)
BACKUP_COLUMNS = (
    Col("id", "ID", "int", 9),
    Col("label", "Label", width=14),
    Col("type", "Type", width=9),
    Col("status", "Status", "status", 12),
    Col("created", "Taken", "date", 17),
    Col("size_mb", "Size", "mb", 9),
    Col("disk_labels", "Disks", "list", 24),
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
            actions=DISK_ACTIONS,
            parent_blocked=disk_needs_off,
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
            actions=CONFIG_ACTIONS,
            columns=(
                Col("id", "ID", "int"),
                Col("label", "Label"),
                Col("kernel", "Kernel"),
                Col("root_device", "Root"),
                Col("run_level", "Run level"),
                Col("virt_mode", "Virt"),
            ),
        ),
        Tab(
            "network",
            "Network",
            "/linode/instances/{id}/ips",
            kind="object",
            sections=(
                Section("IPv4", ipv4_rows, IPV4_COLUMNS),
                Section("IPv6", ipv6_rows, IPV6_COLUMNS),
            ),
        ),
        Tab(
            "backups",
            "Backups",
            "/linode/instances/{id}/backups",
            kind="object",
            sections=(
                Section("Automatic backups", backup_rows("automatic"), BACKUP_COLUMNS),
                Section("Snapshots", backup_rows("snapshot"), BACKUP_COLUMNS),
            ),
        ),
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
        Tab("transfer", "Transfer", "/linode/instances/{id}/transfer", kind="object", text=transfer_text),
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
