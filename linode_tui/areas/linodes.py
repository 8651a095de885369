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
    STACKSCRIPT,
    STRONG_PASSWORD_HELP,
    delete_action,
    edit_label_tags,
    money,
    stackscript_data,
    udf_fields,
    user_data_b64,
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
    nest,
)


async def boot_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """Boot: the config picker only matters when the Linode has more than one config."""
    from linode_tui.api.errors import LinodeError

    try:
        page = await client.get_page(fill("/linode/instances/{id}/configs", item))
    except LinodeError:
        return ()
    return CONFIG_PICK if page.results > 1 else ()


# Boot/reboot into a chosen profile: asked only for one Linode with several profiles (several
# marked Linodes boot their default profile).
CONFIG_PICK = (FormField("config_id", "Configuration profile", "select", choices=CONFIGS),)


def linode_id_of(action: Action, item: dict[str, Any]) -> str:
    """The Linode a (sub-resource) action works on: from its filled path, else the item's id."""
    parts = action.path.split("/")
    if len(parts) > 3 and parts[1:3] == ["linode", "instances"] and parts[3].isdigit():
        return parts[3]
    return str(item.get("id", ""))


def only(value: Any, label: str) -> tuple[tuple[str, str], ...]:
    """The one option of a fixed select (the Linode or address a request is about)."""
    return ((str(value), label),)


def fixed(name: str, label: str, value: Any, shown: str | None = None) -> FormField:
    """A field the request needs that the user does not choose (shown, with its one value)."""
    return FormField(
        name, label, "select", required=True, options=only(value, shown or str(value)), default=str(value)
    )


SLOTS = ("sda", "sdb", "sdc", "sdd", "sde", "sdf", "sdg", "sdh")


async def device_options(client: Any, lid: str) -> tuple[tuple[str, str], ...]:
    """What a device slot can hold: this Linode's disks and the volumes attached to it."""
    from linode_tui.api.errors import LinodeError

    out: list[tuple[str, str]] = []
    for kind, path in (("disk", "disks"), ("volume", "volumes")):
        try:
            rows = await client.list_all(f"/linode/instances/{lid}/{path}")
        except LinodeError:
            continue
        for r in rows:
            size = f"{r.get('size')} MB" if kind == "disk" else f"{r.get('size')} GB"
            out.append((f"{kind}:{r.get('id')}", f"{kind} {r.get('label')} ({size})"))
    return tuple(out)


def device_fields(
    options: tuple[tuple[str, str], ...], slots: tuple[str, ...], current: dict[str, Any] | None = None
) -> tuple[FormField, ...]:
    """A picker per device slot; ``current`` is a config's ``devices`` (else disks in order)."""
    fields = []
    for n, slot in enumerate(slots):
        if current is not None:
            dev = current.get(slot) or {}
            default = (
                f"disk:{dev['disk_id']}"
                if dev.get("disk_id")
                else f"volume:{dev['volume_id']}"
                if dev.get("volume_id")
                else None
            )
        else:
            default = options[n][0] if n < len(options) and options[n][0].startswith("disk:") else None
        fields.append(
            FormField(f"devices.{slot}", f"/dev/{slot}", "select", options=options, default=default)
        )
    return tuple(fields)


def devices_body(values: dict[str, Any], slots: tuple[str, ...]) -> dict[str, Any]:
    """``devices.sda: "disk:12"`` → ``{"devices": {"sda": {"disk_id": 12}, "sdb": None, …}}``."""
    body = {k: v for k, v in values.items() if not k.startswith("devices.")}
    devices: dict[str, Any] = {}
    for slot in slots:
        picked = values.get(f"devices.{slot}")
        if isinstance(picked, str) and ":" in picked:
            kind, _, num = picked.partition(":")
            devices[slot] = {f"{kind}_id": int(num)}
        else:
            devices[slot] = None
    body["devices"] = devices
    return body


RESCUE_SLOTS = SLOTS[:7]  # sdh is reserved in rescue mode


async def rescue_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """Rescue: a device picker per slot sda..sdg from this Linode's disks and volumes."""
    return device_fields(await device_options(client, linode_id_of(action, item)), RESCUE_SLOTS)


async def reboot_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    return await boot_form(client, action, item)


def has_successor(item: dict[str, Any], lookup: Lookup) -> str | None:
    """A plan upgrade (mutate) is offered only when the Linode's plan has a successor."""
    plan = lookup("types", item.get("type"))
    if plan is None:
        return None  # plans not loaded (or a retired plan not listed): the API decides
    if not plan.get("successor"):
        return f"its plan {plan.get('label') or item.get('type')} has no newer generation to upgrade to"
    return None


async def upgrade_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """Plan upgrade: says what the successor is and what it costs."""
    from linode_tui.api.errors import LinodeError

    try:
        plan = await client.get(f"/linode/types/{item.get('type')}")
        succ = await client.get(f"/linode/types/{plan.get('successor')}") if plan.get("successor") else {}
    except LinodeError:
        plan, succ = {}, {}
    price = (succ.get("price") or {}).get("monthly")
    what = (
        f"{item.get('type')} → {succ.get('id')}: {succ.get('label')}, {succ.get('vcpus')} vCPU, "
        f"{(succ.get('memory') or 0) // 1024} GB RAM, {money(price, 'mo')}"
        if succ
        else f"{item.get('type')} → its successor"
    )
    return (
        FormField(
            "allow_auto_disk_resize",
            "Resize the disks to the new plan's size",
            "bool",
            default=True,
            help=what,
        ),
    )


async def firewall_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    return (fixed("id", "Linode", item.get("id"), str(item.get("label"))), *action.form)


def firewall_body(values: dict[str, Any]) -> dict[str, Any]:
    return {"firewall_id": values.get("firewall_id"), "type": "linode", "id": int(values["id"])}


def locked(item: dict[str, Any]) -> str | None:
    locks = [str(x) for x in item.get("locks") or []]
    return f"it is locked ({', '.join(locks)}): remove the lock first" if locks else None


async def lock_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    return (fixed("entity_id", "Linode", item.get("id"), str(item.get("label"))), *action.form)


def lock_body(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "entity_type": "linode",
        "entity_id": int(values["entity_id"]),
        "lock_type": values.get("lock_type"),
    }


async def unlock_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """Remove a lock: the lock on this Linode (read from ``/locks``)."""
    from linode_tui.api.errors import LinodeError

    try:
        rows = await client.list_all("/locks")
    except LinodeError:
        rows = []
    mine = [
        r
        for r in rows
        if (r.get("entity") or {}).get("type") == "linode"
        and (r.get("entity") or {}).get("id") == item.get("id")
    ]
    opts = tuple((str(r.get("id")), f"{r.get('lock_type')}  (lock {r.get('id')})") for r in mine)
    return (
        FormField(
            "lock_id", "Lock", "select", required=True, options=opts, default=opts[0][0] if opts else None
        ),
    )


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
    if values.get("stackscript_id"):
        lines.append(f"Script    StackScript {values.get('stackscript_id')}")
    total = float(price) if isinstance(price, int | float) else None
    if values.get("backups_enabled"):
        backups = (((plan.get("addons") or {}).get("backups") or {}).get("price") or {}).get("monthly")
        lines.append(f"Backups   ${backups}/mo" if backups is not None else "Backups   enabled")
        if total is not None and isinstance(backups, int | float):
            total += float(backups)
    lines.append(f"Monthly   ${total:,.2f}/mo" if total is not None else "Monthly   price unknown")
    return "\n".join(lines)


def create_body(values: dict[str, Any]) -> dict[str, Any]:
    """Create Linode's body: the user data typed as plain cloud-init text (or a file's path) sent as
    base64; a StackScript's fields as ``stackscript_data``."""
    body = {k: v for k, v in values.items() if not k.startswith("stackscript_data.")}
    if body.get("stackscript_id") in (None, ""):
        body.pop("stackscript_id", None)
    else:
        body["stackscript_id"] = int(body["stackscript_id"])
        body["stackscript_data"] = stackscript_data(values)
    text = body.pop("metadata.user_data", None)
    if isinstance(text, str) and text.strip():
        try:
            body["metadata.user_data"] = user_data_b64(text)
        except OSError as exc:
            from linode_tui.api.errors import ValidationError

            message = f"cannot read the file: {exc.strerror or exc}"
            raise ValidationError(message, field_errors={"metadata.user_data": message}) from exc
    return body


async def create_follow_up(client: Any, values: dict[str, Any]) -> tuple[FormField, ...]:
    """Before confirming a create: user data only where the region and image support it, the image
    one the StackScript supports; then the StackScript's fields, asked in a second form."""
    from linode_tui.api.errors import LinodeError, NotFoundError, ValidationError

    def refuse(field: str, message: str) -> ValidationError:
        return ValidationError(message, field_errors={field: message})

    image = values.get("image")
    if str(values.get("metadata.user_data") or "").strip():
        try:
            region = await client.get(f"/regions/{values.get('region')}")
            img = await client.get(f"/images/{image}") if image else {}
        except LinodeError:
            region, img = {}, {}  # unknown here: the API decides
        if region and "Metadata" not in (region.get("capabilities") or []):
            raise refuse("metadata.user_data", f"region {region.get('id')} does not support user data")
        if img and "cloud-init" not in (img.get("capabilities") or []):
            raise refuse("metadata.user_data", f"image {image} does not support cloud-init user data")
    sid = values.get("stackscript_id")
    if sid in (None, ""):
        return ()
    try:
        ss = await client.get(f"/linode/stackscripts/{sid}")
    except NotFoundError as exc:
        raise refuse("stackscript_id", "StackScript not found") from exc
    images = list(ss.get("images") or [])
    if "any/all" not in images and image not in images:
        raise refuse("image", f"{ss.get('label')} deploys only on {', '.join(images) or 'no image'}")
    return udf_fields(ss)


def monthly_price(item: dict[str, Any], lookup: Lookup) -> float | None:
    """The Linode's monthly price, from its plan (the cost column)."""
    monthly = ((lookup("types", item.get("type")) or {}).get("price") or {}).get("monthly")
    return float(monthly) if isinstance(monthly, int | float) else None


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
    locks = [str(x) for x in item.get("locks") or []]
    if locks:
        out.append(("Locked", f"{', '.join(locks)} (delete refused until the lock is removed)"))
    return out


def ipv4_rows(ips: dict[str, Any]) -> list[dict[str, Any]]:
    """``/ips``: every IPv4 address with its kind (public, private, shared, reserved, VPC)."""
    out: list[dict[str, Any]] = []
    v4 = ips.get("ipv4") or {}
    publics = len(v4.get("public") or [])
    for kind, addrs in v4.items():
        for a in addrs or []:
            if isinstance(a, dict):
                row = {**a, "kind": kind, "address": a.get("address") or a.get("address_range")}
                row["last_public"] = kind == "public" and publics <= 1
                out.append(row)
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


def iface_kind(itf: dict[str, Any]) -> str:
    return next((k for k in ("public", "vpc", "vlan") if itf.get(k) is not None), "?")


async def upgrade_ifaces_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """The dry run first: what each config profile's interfaces become (nothing changes yet); the
    form then picks the profile and sends the real upgrade."""
    from linode_tui.api.errors import LinodeError

    lid = item.get("id")
    try:
        configs = await client.list_all(f"/linode/instances/{lid}/configs")
    except LinodeError:
        configs = []
    opts: list[tuple[str, str]] = []
    lines: list[str] = []
    for cfg in configs:
        try:
            dry = await client.post(
                f"/linode/instances/{lid}/upgrade-interfaces",
                json={"config_id": cfg.get("id"), "dry_run": True},
            )
        except LinodeError as exc:
            lines.append(f"{cfg.get('label')}: cannot be upgraded: {exc}")
            continue
        made = [
            f"{r['kind']} {r['where']}".strip() + (" (default route)" if r["routes"] != "—" else "")
            for r in iface_rows(dry)
        ]
        lines.append(f"Dry run, {cfg.get('label')}: becomes {', '.join(made) or 'no interfaces'}")
        opts.append((str(cfg.get("id")), str(cfg.get("label"))))
    return (
        FormField(
            "config_id",
            "Configuration profile to convert",
            "select",
            required=True,
            options=tuple(opts),
            default=opts[0][0] if opts else None,
            help="\n".join(lines) or "No configuration profile.",
        ),
    )


SAME_REGION_LINODES = Choices(
    "/linode/instances",
    "id",
    "label",
    describe=lambda r: f"{r.get('label')}  ({r.get('status')})",
    filter_from=lambda item: {"region": item.get("region")},
)

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
            FormField(
                "stackscript_id",
                "StackScript (optional)",
                "select",
                choices=STACKSCRIPT,
                help="Yours and widely deployed public ones (others: deploy from :stackscripts); "
                "its fields are asked next",
            ),
            FormField("label", "Label", required=True),
            ROOT_PASS,
            FormField("authorized_keys", "SSH keys from your profile", "multiselect", choices=SSH_KEYS),
            FormField(
                "metadata.user_data",
                "User data (cloud-init)",
                "textarea",
                help="Plain cloud-config text or a local file's path; sent base64 encoded",
            ),
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
        to_body=create_body,
        follow_up=create_follow_up,
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
        prepare_form=reboot_form,
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
        consequence="{who} reboots into rescue mode (Finnix) with the devices picked.",
        prepare_form=rescue_form,
        to_body=lambda v: devices_body(v, RESCUE_SLOTS),
        note="sdh is reserved in rescue mode.",
    ),
    Action(
        "upgrade_interfaces",
        "Upgrade interfaces",
        "POST",
        "/linode/instances/{id}/upgrade-interfaces",
        "linodes:read_write",
        "confirm",
        None,
        verb="interfaces upgraded",
        bulk=False,
        blocked=lambda i: (
            "it already uses Linode interfaces" if i.get("interface_generation") == "linode" else None
        ),
        prepare_form=upgrade_ifaces_form,
        form=(FormField("config_id", "Configuration profile", "select", required=True),),
        to_body=lambda v: {"config_id": int(v["config_id"]), "dry_run": False},
        consequence="The interfaces of profile {config_id} become Linode interfaces; the profile loses "
        "its interfaces. This cannot be switched back.",
        note="The form shows the dry run's result: nothing has changed until you confirm.",
    ),
    Action(
        "upgrade",
        "Upgrade plan (free)",
        "POST",
        "/linode/instances/{id}/mutate",
        "linodes:read_write",
        "confirm",
        None,
        verb="upgrading",
        bulk=False,
        blocked_by=has_successor,
        prepare_form=upgrade_form,
        form=(
            FormField(
                "allow_auto_disk_resize", "Resize the disks to the new plan's size", "bool", default=True
            ),
        ),
        consequence="{who} moves to the newer generation of its plan at no extra cost; a running Linode "
        "restarts.",
    ),
    Action(
        "firewall",
        "Apply a firewall",
        "POST",
        "/networking/firewalls/{firewall_id}/devices",
        "firewall:read_write",
        "confirm",
        None,
        verb="firewall applied",
        bulk=False,
        prepare_form=firewall_form,
        to_body=firewall_body,
        form=(FormField("firewall_id", "Firewall", "select", required=True, choices=FIREWALL),),
        consequence="Firewall {firewall_id} will filter the traffic of {who}.",
    ),
    Action(
        "lock",
        "Lock against deletion",
        "POST",
        "/locks",
        "account:read_write",
        "confirm",
        None,
        verb="locked",
        bulk=False,
        blocked=lambda i: "it is already locked" if i.get("locks") else None,
        prepare_form=lock_form,
        to_body=lock_body,
        form=(
            FormField(
                "lock_type",
                "Lock",
                "select",
                required=True,
                options=(
                    ("cannot_delete", "cannot delete the Linode"),
                    ("cannot_delete_with_subresources", "cannot delete it nor its disks, configs, IPs"),
                ),
                default="cannot_delete",
            ),
        ),
        consequence="{who} will be locked: {lock_type}.",
    ),
    Action(
        "unlock",
        "Remove the lock",
        "DELETE",
        "/locks/{lock_id}",
        "account:read_write",
        "confirm",
        None,
        verb="unlocked",
        bulk=False,
        blocked=lambda i: None if i.get("locks") else "it has no lock",
        prepare_form=unlock_form,
        form=(FormField("lock_id", "Lock", "select", required=True),),
        consequence="The lock on {who} will be removed: it can be deleted again.",
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
        consequence="The backup of {who} will be restored onto {linode_id}.",
        bulk=False,
        form=(
            FormField("backup_id", "Backup", "select", required=True, choices=BACKUPS),
            FormField(
                "linode_id",
                "Restore onto (this or another Linode in the same region)",
                "select",
                required=True,
                choices=SAME_REGION_LINODES,
                default_from="id",
            ),
            FormField("overwrite", "Overwrite the target's disks and configs", "bool", default=True),
        ),
        note="With overwrite, every disk and config of the target Linode is deleted first.",
    ),
    delete_action("/linode/instances/{id}", "linodes:read_write", "Linode", blocked=locked),
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
    *(
        FormField(f"helpers.{name}", label, "bool", default_from=f"helpers.{name}", default=on)
        for name, label, on in (
            ("distro", "Helper: distro configuration", True),
            ("modules_dep", "Helper: modules.dep", True),
            ("network", "Helper: auto-configure networking", True),
            ("devtmpfs_automount", "Helper: mount devtmpfs", True),
            ("updatedb_disabled", "Helper: disable updatedb", True),
        )
    ),
)


PURPOSES = (("public", "public internet"), ("vlan", "VLAN"))
CONFIG_IFACES = (
    FormField("ifaces.eth0", "eth0 (empty: public, the API's default)", "select", options=PURPOSES),
    FormField("ifaces.eth1", "eth1", "select", options=PURPOSES),
    FormField("ifaces.vlan_label", "VLAN label (for a VLAN interface)"),
    FormField("ifaces.ipam_address", "VLAN IPAM address (CIDR, e.g. 10.0.0.1/24)"),
)


async def config_form(client: Any, action: Action, config: dict[str, Any]) -> tuple[FormField, ...]:
    """A config's form with a picker per device slot sda..sdh (this Linode's disks and volumes);
    a new profile of a Linode on config-profile interfaces also picks its eth0/eth1 (editing keeps
    the interfaces it has: the Network and Interfaces tabs manage them)."""
    devices = device_fields(
        await device_options(client, linode_id_of(action, config)),
        SLOTS,
        config.get("devices") if action.method == "PUT" else None,
    )
    ifaces = (
        CONFIG_IFACES if action.method == "POST" and config.get("interface_generation") != "linode" else ()
    )
    return (*action.form[:3], *devices, *action.form[3:], *ifaces)


def config_body(values: dict[str, Any]) -> dict[str, Any]:
    from linode_tui.api.errors import ValidationError

    body = devices_body(values, SLOTS)
    picked = [body.pop(f"ifaces.{eth}", None) for eth in ("eth0", "eth1")]
    label, ipam = body.pop("ifaces.vlan_label", None), body.pop("ifaces.ipam_address", None)
    interfaces: list[dict[str, Any]] = []
    for purpose in picked:
        if purpose == "vlan":
            if not label:
                message = "A VLAN interface needs the VLAN's label."
                raise ValidationError(message, field_errors={"ifaces.vlan_label": message})
            interfaces.append({"purpose": "vlan", "label": label, "ipam_address": ipam})
        elif purpose:
            interfaces.append({"purpose": purpose})
    if interfaces:
        body["interfaces"] = interfaces
    return body


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
        prepare_form=config_form,
        to_body=config_body,
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
        prepare_form=config_form,
        to_body=config_body,
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


def rdns_blocked(ip: dict[str, Any]) -> str | None:
    if ip.get("kind") == "range":
        return "set reverse DNS on an address inside the range (explorer: PUT /networking/ips/{address})"
    if not ip.get("public") or ip.get("kind") in ("vpc", "link-local"):
        return "reverse DNS is set only on public addresses"
    return None


def delete_ip_blocked(ip: dict[str, Any]) -> str | None:
    kind = ip.get("kind")
    if kind not in ("public", "private"):
        return {
            "shared": "a shared address belongs to another Linode: change the sharing instead",
            "vpc": "a VPC address goes with its VPC interface",
            "reserved": "a reserved address is unreserved under Networking › Reserved IPs",
        }.get(str(kind), "only IPv4 addresses can be deleted")
    if ip.get("last_public"):
        return "it is the Linode's only public IPv4 address"
    return None


def assign_blocked(ip: dict[str, Any]) -> str | None:
    if ip.get("kind") != "public":
        return "only this Linode's public IPv4 addresses can be moved to another Linode"
    return None


async def assign_form(client: Any, action: Action, ip: dict[str, Any]) -> tuple[FormField, ...]:
    """Move an address: a Linode of the same region only (the API refuses any other)."""
    from linode_tui.api.errors import LinodeError

    region = ip.get("region")
    try:
        rows = await client.list_all("/linode/instances", filter={"region": region})
    except LinodeError:
        rows = []
    opts = tuple(
        (str(r.get("id")), f"{r.get('label')}  ({r.get('status')})")
        for r in rows
        if r.get("id") != ip.get("linode_id") and r.get("region") == region
    )
    return (
        fixed("address", "Address", ip.get("address")),
        fixed("region", "Region", region),
        FormField(
            "linode_id",
            f"Move to (a Linode in {region})",
            "select",
            required=True,
            options=opts,
            help="" if opts else f"No other Linode in {region}.",
        ),
    )


def assign_body(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "region": values.get("region"),
        "assignments": [{"address": values.get("address"), "linode_id": int(values["linode_id"])}],
    }


async def share_form(client: Any, action: Action, linode: dict[str, Any]) -> tuple[FormField, ...]:
    """Share: other Linodes' IPv4 addresses in this Linode's region; what is shared now is ticked."""
    from linode_tui.api.errors import LinodeError

    lid, region = linode.get("id"), linode.get("region")
    try:
        rows = await client.list_all("/networking/ips", filter={"region": region})
        mine = await client.get(f"/linode/instances/{lid}/ips", cache=False)
    except LinodeError:
        rows, mine = [], {}
    shared = [a.get("address") for a in ((mine or {}).get("ipv4") or {}).get("shared") or []]
    opts = tuple(
        (
            str(r.get("address")),
            f"{r.get('address')}  ({'public' if r.get('public') else 'private'}, "
            f"Linode {r.get('linode_id')})",
        )
        for r in rows
        if r.get("type") == "ipv4" and r.get("linode_id") not in (None, lid) and r.get("region") == region
    )
    return (
        fixed("linode_id", "Share with", lid, str(linode.get("label"))),
        FormField(
            "ips",
            f"Addresses of other Linodes in {region} (none: stop sharing)",
            "multiselect",
            options=opts,
            default=shared,
        ),
    )


def share_body(values: dict[str, Any]) -> dict[str, Any]:
    return {"linode_id": int(values["linode_id"]), "ips": list(values.get("ips") or [])}


NETWORK_ACTIONS: tuple[Action, ...] = (
    Action(
        "add_ip",
        "Add an IPv4 address",
        "POST",
        "/linode/instances/{parent}/ips",
        RW,
        "confirm",
        on_collection=True,
        bulk=False,
        verb="address added",
        form=(
            FormField(
                "public",
                "Kind",
                "select",
                required=True,
                options=(("private", "private"), ("public", "public")),
                default="private",
                help="private: 192.168.x.x, free, same data centre; public: billed, a second one needs "
                "a support ticket",
            ),
        ),
        to_body=lambda v: {"type": "ipv4", "public": v.get("public") == "public"},
        consequence="A {public} IPv4 address will be added to the Linode (it is live after a reboot).",
    ),
    Action(
        "rdns",
        "Edit reverse DNS",
        "PUT",
        "/linode/instances/{parent}/ips/{id}",
        RW,
        bulk=False,
        verb="rDNS updated",
        blocked=rdns_blocked,
        form=(
            FormField(
                "rdns",
                "Reverse DNS (empty: the default name)",
                default_from="rdns",
                help="The name must resolve forward to this address first.",
            ),
        ),
        to_body=lambda v: {"rdns": v.get("rdns")},
    ),
    Action(
        "assign",
        "Move to another Linode",
        "POST",
        "/networking/ips/assign",
        "ips:read_write",
        "confirm",
        bulk=False,
        verb="address moved",
        blocked=assign_blocked,
        prepare_form=assign_form,
        to_body=assign_body,
        form=(FormField("linode_id", "Move to", "select", required=True),),
        consequence="{address} moves from this Linode to {linode_id}.",
    ),
    Action(
        "share",
        "Share other Linodes' IPs with this one",
        "POST",
        "/networking/ips/share",
        "ips:read_write",
        "confirm",
        on_collection=True,
        bulk=False,
        verb="sharing updated",
        prepare_form=share_form,
        to_body=share_body,
        form=(FormField("ips", "Addresses", "multiselect"),),
        consequence="The addresses picked are shared with {linode_id} (this replaces what it shares now).",
        note="Failover also needs a service such as keepalived on the Linodes.",
    ),
    Action(
        "delete",
        "Delete IP address",
        "DELETE",
        "/linode/instances/{parent}/ips/{id}",
        RW,
        "type",
        bulk=False,
        verb="deleted",
        blocked=delete_ip_blocked,
        consequence="Address {who} is removed from the Linode; anything using it stops reaching it.",
    ),
)


def iface_rows(data: Any) -> list[dict[str, Any]]:
    """``/interfaces``: one row per Linode interface, with its kind and what it connects to."""
    out = []
    for itf in (data or {}).get("interfaces") or [] if isinstance(data, dict) else []:
        if not isinstance(itf, dict):
            continue
        kind = iface_kind(itf)
        block = itf.get(kind) or {}
        if kind == "public":
            addrs = [a.get("address") for a in (block.get("ipv4") or {}).get("addresses") or []]
            where = ", ".join(str(a) for a in addrs)
        elif kind == "vpc":
            addrs = [a.get("address") for a in (block.get("ipv4") or {}).get("addresses") or []]
            where = f"VPC {block.get('vpc_id')} subnet {block.get('subnet_id')}  {', '.join(map(str, addrs))}"
        else:
            where = f"{block.get('vlan_label')}  {block.get('ipam_address') or ''}".strip()
        dr = itf.get("default_route") or {}
        routes = "/".join(f for f in ("ipv4", "ipv6") if dr.get(f)) or "—"
        out.append(
            {**itf, "kind": kind, "label": f"{kind} {itf.get('id')}", "where": where, "routes": routes}
        )
    return out


def settings_text(data: Any, item: dict[str, Any], lookup: Lookup) -> str:
    gen = item.get("interface_generation")
    if gen != "linode":
        return (
            "This Linode uses configuration-profile interfaces (legacy). "
            "Upgrade interfaces (a: actions on the Linode) converts them; a dry run shows the result first."
        )
    return "Linode interfaces: one per kind at most for public; the default route decides the way out."


def iface_parent_blocked(action: Action, linode: dict[str, Any]) -> str | None:
    if linode.get("interface_generation") != "linode":
        return "this Linode uses configuration-profile interfaces: upgrade its interfaces first"
    return None


DEFAULT_ROUTE = (
    FormField("default_route.ipv4", "Default route for IPv4", "bool", default_from="default_route.ipv4"),
    FormField(
        "default_route.ipv6",
        "Default route for IPv6 (public only)",
        "bool",
        default_from="default_route.ipv6",
    ),
)
IFACE_FIREWALL = FormField("firewall_id", "Firewall (empty: none)", "select", choices=FIREWALL)


def iface_body(kind: str) -> Any:
    def body(values: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {k: v for k, v in values.items() if not k.startswith(kind + ".")}
        block: dict[str, Any] = {}
        for k, v in values.items():
            if k.startswith(kind + "."):
                block[k.split(".", 1)[1]] = int(v) if k == "vpc.subnet_id" else v
        out[kind] = nest(block)
        return out

    return body


async def vpc_iface_form(client: Any, action: Action, linode: dict[str, Any]) -> tuple[FormField, ...]:
    """A VPC interface: a subnet of a VPC in the Linode's region."""
    from linode_tui.api.errors import LinodeError

    try:
        vpcs = await client.list_all("/vpcs", filter={"region": linode.get("region")})
    except LinodeError:
        vpcs = []
    opts = tuple(
        (str(sn.get("id")), f"{v.get('label')} / {sn.get('label')}  {sn.get('ipv4')}")
        for v in vpcs
        if v.get("region") == linode.get("region")
        for sn in v.get("subnets") or []
    )
    return (
        FormField(
            "vpc.subnet_id",
            f"Subnet (VPCs in {linode.get('region')})",
            "select",
            required=True,
            options=opts,
            help="" if opts else f"No VPC in {linode.get('region')}: create one under VPCs first.",
        ),
        *action.form,
    )


def _add_iface(kind: str, label: str, form: tuple[FormField, ...], **kw: Any) -> Action:
    return Action(
        f"add_{kind}",
        label,
        "POST",
        "/linode/instances/{parent}/interfaces",
        RW,
        "confirm",
        on_collection=True,
        bulk=False,
        verb="interface added",
        form=form,
        to_body=iface_body(kind),
        consequence=f"A {kind} interface will be added to the Linode (live after a reboot).",
        **kw,
    )


IFACE_ACTIONS: tuple[Action, ...] = (
    _add_iface("public", "Add a public interface", (*DEFAULT_ROUTE, IFACE_FIREWALL)),
    _add_iface(
        "vpc",
        "Add a VPC interface",
        (DEFAULT_ROUTE[0], IFACE_FIREWALL),
        prepare_form=vpc_iface_form,
    ),
    _add_iface(
        "vlan",
        "Add a VLAN interface",
        (
            FormField("vlan.vlan_label", "VLAN label", required=True, help="Created when it does not exist."),
            FormField("vlan.ipam_address", "IPAM address (CIDR, e.g. 10.0.0.1/24)"),
        ),
    ),
    Action(
        "edit",
        "Edit default route",
        "PUT",
        "/linode/instances/{parent}/interfaces/{id}",
        RW,
        bulk=False,
        verb="updated",
        form=DEFAULT_ROUTE,
        blocked=lambda i: "a VLAN interface is never the default route" if i.get("kind") == "vlan" else None,
    ),
    Action(
        "settings",
        "Interface settings",
        "PUT",
        "/linode/instances/{parent}/interfaces/settings",
        RW,
        on_collection=True,
        bulk=False,
        verb="settings updated",
        form=(
            FormField(
                "network_helper", "Network helper (configures the interfaces at boot)", "bool", default=True
            ),
        ),
    ),
    Action(
        "delete",
        "Delete interface",
        "DELETE",
        "/linode/instances/{parent}/interfaces/{id}",
        RW,
        "type",
        bulk=False,
        verb="deleted",
        consequence="Interface {who} is removed; the Linode loses that network after a reboot.",
    ),
)
IFACE_COLUMNS = (
    Col("id", "ID", "int", 7),
    Col("kind", "Kind", width=7),
    Col("where", "Connects", width=40),
    Col("routes", "Default route", width=13),
    Col("mac_address", "MAC", width=17),
    Col("version", "Ver", "int", 4),
)


IPV4_COLUMNS = (
    Col("address", "Address", width=16),
    Col("kind", "Type", width=8),
    Col("prefix", "Prefix", "int", 6),
    Col("gateway", "Gateway", width=15),
    Col("rdns", "Reverse DNS", width=24),
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
        Col("monthly", "$/mo", "money", 8, derive=monthly_price),
        Col("created", "Age", "age", 5),
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
        Col("interface_generation", "Interfaces"),
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
            actions=NETWORK_ACTIONS,
            id_key="address",
            label_key="address",
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
        Tab(
            "interfaces",
            "Interfaces",
            "/linode/instances/{id}/interfaces",
            kind="object",
            text=settings_text,
            sections=(Section("Linode interfaces", iface_rows, IFACE_COLUMNS),),
            actions=IFACE_ACTIONS,
            parent_blocked=iface_parent_blocked,
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
