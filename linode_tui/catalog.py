"""The catalog: a declarative description of every resource area the UI shows.

A resource area is a descriptor, not a copied screen: the generic list and detail screens read
an :class:`Area` and know how to list, filter, inspect and act on it. Hand-written screens exist
only where a descriptor cannot express the UX (stats, dashboard).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

Danger = Literal["none", "confirm", "type"]
FieldKind = Literal["text", "password", "int", "bool", "select", "multiselect", "tags", "textarea"]
Fmt = Literal[
    "text", "status", "mb", "gb", "tags", "list", "date", "money", "bool", "int", "ipv4", "json", "count"
]


@dataclass(frozen=True)
class Col:
    """A column of a resource list: ``key`` is a dotted path into the API object."""

    key: str
    label: str
    fmt: Fmt = "text"
    width: int | None = None


@dataclass(frozen=True)
class Choices:
    """Where a select field takes its choices from (a cached lookup list)."""

    path: str  # may contain {id}
    value: str = "id"
    label: str = "label"
    describe: Callable[[dict[str, Any]], str] | None = None
    filter: dict[str, Any] | None = None


@dataclass(frozen=True)
class FormField:
    name: str  # dotted name in the request body
    label: str
    kind: FieldKind = "text"
    required: bool = False
    choices: Choices | None = None
    options: tuple[tuple[str, str], ...] = ()  # static (value, label) choices
    default: Any = None
    default_from: str | None = None  # dotted key of the selected item used as the default
    help: str = ""
    secret: bool = False


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    method: Literal["POST", "PUT", "DELETE"]
    path: str  # template: {id} is the selected item's id, {parent} the parent id for sub-resources
    scope: str
    danger: Danger = "none"
    binding: str | None = None
    form: tuple[FormField, ...] = ()
    note: str = ""
    when: frozenset[str] | None = None  # statuses the action applies to (None: always)
    only_if: Callable[[dict[str, Any]], bool] | None = None  # any other precondition on the item
    on_collection: bool = False  # create-style actions need no selected item
    bulk: bool = True
    verb: str = ""  # past tense for messages, e.g. "rebooted"


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    path: str  # template with {id}
    kind: Literal["list", "object"] = "list"
    columns: tuple[Col, ...] = ()
    link_area: str | None = None  # Enter on a row opens this area's detail
    filter: Callable[[dict[str, Any]], dict[str, Any]] | None = None  # X-Filter from the parent item


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    path: str
    columns: tuple[Col, ...]
    aliases: tuple[str, ...] = ()
    group: str = "Compute"
    id_key: str = "id"
    label_key: str = "label"
    detail_path: str | None = None  # template; default path + "/{id}"
    tabs: tuple[Tab, ...] = ()
    actions: tuple[Action, ...] = ()
    scope: str = ""  # read scope
    entity_type: str | None = None  # the event entity.type of this area's items
    summary: tuple[Col, ...] = ()  # fields shown on the detail summary
    paginated: bool = True
    status_key: str | None = "status"
    description: str = ""
    default_filter: dict[str, Any] = field(default_factory=dict)  # e.g. newest events first
    cursor: bool = False  # page by an id cursor (newest first, older as the user scrolls), not by number

    def detail_template(self) -> str:
        return self.detail_path if self.detail_path is not None else self.path + "/{id}"

    def detail_url(self, item: dict[str, Any]) -> str:
        return fill(self.detail_template(), item, self)

    def action(self, key: str) -> Action | None:
        return next((a for a in self.actions if a.key == key), None)


def fill(template: str, item: dict[str, Any], area: Area | None = None, parent: Any = None) -> str:
    id_key = area.id_key if area else "id"
    out = template.replace("{id}", str(item.get(id_key, "")))
    if parent is not None:
        out = out.replace("{parent}", str(parent))
    for k, v in item.items():
        token = "{" + k + "}"
        if token in out and isinstance(v, str | int):
            out = out.replace(token, str(v))
    return out


# ---------------------------------------------------------------------------------------------
# Shared pieces

STRONG_PASSWORD_HELP = "11–128 characters; mix upper and lower case, digits and symbols"

REGION = Choices("/regions", "id", "label", describe=lambda r: f"{r.get('id')}  {r.get('label', '')}")
IMAGE = Choices("/images", "id", "label", describe=lambda i: f"{i.get('id')}  {i.get('label', '')}")


def _type_desc(t: dict[str, Any]) -> str:
    price = (t.get("price") or {}).get("monthly")
    mem = t.get("memory") or 0
    disk = t.get("disk") or 0
    return (
        f"{t.get('id')}  {t.get('vcpus', '?')} vCPU  {mem // 1024 if mem >= 1024 else mem}"
        f"{'GB' if mem >= 1024 else 'MB'} RAM  {disk // 1024} GB disk  ${price}/mo"
    )


LINODE_TYPE = Choices("/linode/types", "id", "label", describe=_type_desc)
SSH_KEYS = Choices("/profile/sshkeys", "ssh_key", "label")
CONFIGS = Choices("/linode/instances/{id}/configs", "id", "label")
BACKUPS = Choices(
    "/linode/instances/{id}/backups",
    "id",
    "label",
)

ROOT_PASS = FormField(
    "root_pass", "Root password", "password", required=True, help=STRONG_PASSWORD_HELP, secret=True
)

TIMESTAMPS = (Col("created", "Created", "date"), Col("updated", "Updated", "date"))


def _delete(path: str, scope: str, what: str) -> Action:
    return Action(
        "delete", f"Delete {what}", "DELETE", path, scope, danger="type", binding="ctrl+d", verb="deleted"
    )


def _edit_label_tags(path: str, scope: str, with_tags: bool = True) -> Action:
    form: tuple[FormField, ...] = (FormField("label", "Label", required=True, default_from="label"),)
    if with_tags:
        form = (*form, FormField("tags", "Tags (comma separated)", "tags", default_from="tags"))
    return Action("edit", "Rename / edit tags", "PUT", path, scope, binding="E", form=form, verb="updated")


# ---------------------------------------------------------------------------------------------
# Linodes: the core area

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
    _edit_label_tags("/linode/instances/{id}", "linodes:read_write"),
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
        bulk=False,
        form=(
            FormField("backup_id", "Backup", "select", required=True, choices=BACKUPS),
            FormField("overwrite", "Overwrite this Linode's disks", "bool", default=True),
        ),
        note="Restoring overwrites the disks of the target Linode.",
    ),
    _delete("/linode/instances/{id}", "linodes:read_write", "Linode"),
)

LINODES = Area(
    key="linodes",
    title="Linodes",
    path="/linode/instances",
    aliases=("li", "linode", "instances"),
    group="Compute",
    scope="linodes:read_only",
    entity_type="linode",
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


# ---------------------------------------------------------------------------------------------
# The other areas: list + detail + the common actions. Areas with richer UX come in later work.


VOLUMES = Area(
    "volumes",
    "Volumes",
    "/volumes",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=22),
        Col("status", "Status", "status", 10),
        Col("size", "Size", "gb", 8),
        Col("region", "Region", width=12),
        Col("linode_label", "Attached to", width=18),
        Col("hardware_type", "HW", width=5),
        Col("tags", "Tags", "tags"),
    ),
    aliases=("vol", "volume"),
    group="Storage",
    scope="volumes:read_only",
    entity_type="volume",
    actions=(
        Action(
            "create",
            "Create volume",
            "POST",
            "/volumes",
            "volumes:read_write",
            binding="n",
            on_collection=True,
            bulk=False,
            verb="created",
            form=(
                FormField("label", "Label", required=True),
                FormField("size", "Size (GB)", "int", required=True, default=20),
                FormField("region", "Region", "select", choices=REGION),
                FormField("linode_id", "Attach to Linode (id)", "int"),
                FormField("tags", "Tags", "tags"),
            ),
        ),
        Action(
            "attach",
            "Attach to a Linode",
            "POST",
            "/volumes/{id}/attach",
            "volumes:read_write",
            "confirm",
            "A",
            bulk=False,
            only_if=lambda v: not v.get("linode_id"),
            verb="attaching",
            form=(
                FormField(
                    "linode_id",
                    "Linode",
                    "select",
                    required=True,
                    choices=Choices("/linode/instances", "id", "label"),
                ),
            ),
        ),
        Action(
            "detach",
            "Detach",
            "POST",
            "/volumes/{id}/detach",
            "volumes:read_write",
            "type",
            "D",
            verb="detaching",
            only_if=lambda v: bool(v.get("linode_id")),
            note="Unmount it first: detaching a mounted volume can lose data.",
        ),
        Action(
            "resize",
            "Resize",
            "POST",
            "/volumes/{id}/resize",
            "volumes:read_write",
            "type",
            "Z",
            bulk=False,
            verb="resizing",
            note="Volumes can only grow.",
            form=(FormField("size", "New size (GB)", "int", required=True, default_from="size"),),
        ),
        Action(
            "clone",
            "Clone",
            "POST",
            "/volumes/{id}/clone",
            "volumes:read_write",
            "confirm",
            "C",
            bulk=False,
            verb="cloning",
            form=(FormField("label", "Label of the clone", required=True),),
        ),
        _edit_label_tags("/volumes/{id}", "volumes:read_write"),
        _delete("/volumes/{id}", "volumes:read_write", "volume"),
    ),
)

NODEBALANCERS = Area(
    "nodebalancers",
    "NodeBalancers",
    "/nodebalancers",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=22),
        Col("region", "Region", width=12),
        Col("hostname", "Hostname", width=30),
        Col("ipv4", "IPv4", width=16),
        Col("tags", "Tags", "tags"),
    ),
    aliases=("nb", "nodebalancer"),
    group="Network",
    scope="nodebalancers:read_only",
    entity_type="nodebalancer",
    status_key=None,
    tabs=(
        Tab(
            "configs",
            "Configs",
            "/nodebalancers/{id}/configs",
            columns=(
                Col("id", "ID", "int"),
                Col("port", "Port", "int"),
                Col("protocol", "Protocol"),
                Col("algorithm", "Algorithm"),
                Col("check", "Check"),
                Col("nodes_status.up", "Up", "int"),
                Col("nodes_status.down", "Down", "int"),
            ),
        ),
        Tab(
            "firewalls",
            "Firewalls",
            "/nodebalancers/{id}/firewalls",
            link_area="firewalls",
            columns=(Col("id", "ID", "int"), Col("label", "Label"), Col("status", "Status", "status")),
        ),
    ),
    actions=(
        _edit_label_tags("/nodebalancers/{id}", "nodebalancers:read_write"),
        _delete("/nodebalancers/{id}", "nodebalancers:read_write", "NodeBalancer"),
    ),
)

FIREWALLS = Area(
    "firewalls",
    "Firewalls",
    "/networking/firewalls",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=24),
        Col("status", "Status", "status", 10),
        Col("rules.inbound_policy", "Inbound", width=8),
        Col("rules.outbound_policy", "Outbound", width=8),
        Col("entities", "Devices", "count", 8),
        Col("tags", "Tags", "tags"),
    ),
    aliases=("fw", "firewall"),
    group="Network",
    scope="firewall:read_only",
    entity_type="firewall",
    tabs=(
        Tab("rules", "Rules", "/networking/firewalls/{id}/rules", kind="object"),
        Tab(
            "devices",
            "Devices",
            "/networking/firewalls/{id}/devices",
            columns=(
                Col("id", "ID", "int"),
                Col("entity.type", "Type"),
                Col("entity.label", "Entity"),
                Col("created", "Added", "date"),
            ),
        ),
    ),
    actions=(
        _edit_label_tags("/networking/firewalls/{id}", "firewall:read_write"),
        _delete("/networking/firewalls/{id}", "firewall:read_write", "firewall"),
    ),
)

DOMAINS = Area(
    "domains",
    "Domains",
    "/domains",
    (
        Col("id", "ID", "int", 9),
        Col("domain", "Domain", width=30),
        Col("type", "Type", width=7),
        Col("status", "Status", "status", 9),
        Col("soa_email", "SOA e-mail", width=24),
        Col("tags", "Tags", "tags"),
    ),
    aliases=("dom", "domain", "dns"),
    group="Network",
    scope="domains:read_only",
    entity_type="domain",
    label_key="domain",
    tabs=(
        Tab(
            "records",
            "Records",
            "/domains/{id}/records",
            columns=(
                Col("id", "ID", "int"),
                Col("type", "Type"),
                Col("name", "Name"),
                Col("target", "Target"),
                Col("ttl_sec", "TTL", "int"),
                Col("priority", "Prio", "int"),
            ),
        ),
        Tab("zone", "Zone file", "/domains/{id}/zone-file", kind="object"),
    ),
    actions=(_delete("/domains/{id}", "domains:read_write", "domain"),),
)

LKE = Area(
    "lke",
    "Kubernetes (LKE)",
    "/lke/clusters",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=22),
        Col("region", "Region", width=12),
        Col("k8s_version", "Version", width=8),
        Col("control_plane.high_availability", "HA", "bool", 5),
        Col("status", "Status", "status", 10),
        Col("tags", "Tags", "tags"),
    ),
    aliases=("k8s", "kubernetes", "clusters"),
    group="Compute",
    scope="lke:read_only",
    entity_type="lkecluster",
    tabs=(
        Tab(
            "pools",
            "Node pools",
            "/lke/clusters/{id}/pools",
            columns=(
                Col("id", "ID", "int"),
                Col("type", "Plan"),
                Col("count", "Nodes", "int"),
                Col("nodes", "Node list", "count"),
                Col("autoscaler.enabled", "Autoscale", "bool"),
            ),
        ),
        Tab(
            "endpoints",
            "API endpoints",
            "/lke/clusters/{id}/api-endpoints",
            columns=(Col("endpoint", "Endpoint"),),
        ),
    ),
    actions=(
        Action(
            "recycle",
            "Recycle all nodes",
            "POST",
            "/lke/clusters/{id}/recycle",
            "lke:read_write",
            "type",
            None,
            bulk=False,
            verb="recycling",
        ),
        _delete("/lke/clusters/{id}", "lke:read_write", "cluster"),
    ),
)

DATABASES = Area(
    "databases",
    "Databases",
    "/databases/instances",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=22),
        Col("engine", "Engine", width=10),
        Col("version", "Version", width=8),
        Col("region", "Region", width=12),
        Col("type", "Plan", width=18),
        Col("cluster_size", "Nodes", "int", 5),
        Col("status", "Status", "status", 12),
    ),
    aliases=("db", "database", "dbs"),
    group="Storage",
    scope="databases:read_only",
    entity_type="database",
    detail_path="/databases/{engine}/instances/{id}",
)

BUCKETS = Area(
    "buckets",
    "Object Storage",
    "/object-storage/buckets",
    (
        Col("label", "Bucket", width=28),
        Col("region", "Region", width=12),
        Col("hostname", "Hostname", width=40),
        Col("objects", "Objects", "int", 8),
        Col("size", "Size (bytes)", "int", 12),
        Col("created", "Created", "date"),
    ),
    aliases=("obj", "bucket", "objectstorage"),
    group="Storage",
    scope="object_storage:read_only",
    id_key="label",
    detail_path="/object-storage/buckets/{region}/{label}",
    status_key=None,
    tabs=(
        Tab(
            "objects",
            "Objects",
            "/object-storage/buckets/{region}/{label}/object-list",
            columns=(
                Col("name", "Name"),
                Col("size", "Size", "int"),
                Col("last_modified", "Modified", "date"),
            ),
        ),
    ),
)

IMAGES = Area(
    "images",
    "Images",
    "/images",
    (
        Col("id", "ID", width=24),
        Col("label", "Label", width=24),
        Col("vendor", "Vendor", width=10),
        Col("size", "Size", "mb", 9),
        Col("status", "Status", "status", 10),
        Col("is_public", "Public", "bool", 6),
        Col("deprecated", "Deprecated", "bool", 5),
        Col("created", "Created", "date"),
    ),
    aliases=("img", "image"),
    group="Compute",
    scope="images:read_only",
    entity_type="image",
    actions=(_delete("/images/{id}", "images:read_write", "image"),),
)

STACKSCRIPTS = Area(
    "stackscripts",
    "StackScripts",
    "/linode/stackscripts",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=26),
        Col("username", "Author", width=14),
        Col("deployments_total", "Deploys", "int", 8),
        Col("is_public", "Public", "bool", 6),
        Col("updated", "Updated", "date"),
    ),
    aliases=("ss", "stackscript"),
    group="Compute",
    scope="stackscripts:read_only",
    entity_type="stackscript",
    status_key=None,
)

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
    status_key=None,
    tabs=(
        Tab(
            "subnets",
            "Subnets",
            "/vpcs/{id}/subnets",
            columns=(
                Col("id", "ID", "int"),
                Col("label", "Label"),
                Col("ipv4", "IPv4 range"),
                Col("linodes", "Linodes", "count"),
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
    actions=(_delete("/vpcs/{id}", "vpc:read_write", "VPC"),),
)

PLACEMENT = Area(
    "placement",
    "Placement groups",
    "/placement/groups",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=24),
        Col("region", "Region", width=12),
        Col("placement_group_type", "Type", width=20),
        Col("placement_group_policy", "Policy", width=9),
        Col("is_compliant", "Compliant", "bool", 9),
        Col("members", "Members", "count", 8),
    ),
    aliases=("pg", "placementgroups"),
    group="Compute",
    scope="placement:read_only",
    entity_type="placement_group",
    status_key=None,
    actions=(_delete("/placement/groups/{id}", "linodes:read_write", "placement group"),),
)

EVENTS = Area(
    "events",
    "Events",
    "/account/events",
    (
        Col("id", "ID", "int", 10),
        Col("created", "When", "date", 19),
        Col("action", "Action", width=22),
        Col("status", "Status", "status", 11),
        Col("percent_complete", "%", "int", 4),
        Col("entity.label", "Entity", width=20),
        Col("username", "User", width=12),
        Col("message", "Message"),
    ),
    aliases=("ev", "event", "activity"),
    group="Account",
    scope="events:read_only",
    default_filter={"+order_by": "id", "+order": "desc"},
    cursor=True,
    actions=(
        Action(
            "seen",
            "Mark seen up to this event",
            "POST",
            "/account/events/{id}/seen",
            "events:read_only",
            binding="m",
            bulk=False,
            verb="marked seen",
        ),
    ),
)

ACCOUNT = Area(
    "account",
    "Account",
    "/account",
    (
        Col("company", "Company"),
        Col("email", "E-mail"),
        Col("balance", "Balance", "money"),
        Col("balance_uninvoiced", "Uninvoiced", "money"),
        Col("country", "Country"),
    ),
    group="Account",
    scope="account:read_only",
    paginated=False,
    status_key=None,
    id_key="euuid",
    detail_path="/account",
)

USERS = Area(
    "users",
    "Users",
    "/account/users",
    (
        Col("username", "Username", width=20),
        Col("email", "E-mail", width=30),
        Col("restricted", "Restricted", "bool", 10),
        Col("user_type", "Type", width=10),
        Col("tfa_enabled", "2FA", "bool", 5),
        Col("last_login.login_datetime", "Last login", "date"),
    ),
    aliases=("user",),
    group="Account",
    scope="account:read_only",
    id_key="username",
    label_key="username",
    status_key=None,
    tabs=(Tab("grants", "Grants", "/account/users/{username}/grants", kind="object"),),
)

INVOICES = Area(
    "invoices",
    "Invoices",
    "/account/invoices",
    (
        Col("id", "ID", "int", 10),
        Col("date", "Date", "date", 19),
        Col("label", "Label", width=24),
        Col("subtotal", "Subtotal", "money", 10),
        Col("tax", "Tax", "money", 8),
        Col("total", "Total", "money", 10),
    ),
    aliases=("invoice", "billing"),
    group="Account",
    scope="account:read_only",
    status_key=None,
    tabs=(
        Tab(
            "items",
            "Items",
            "/account/invoices/{id}/items",
            columns=(
                Col("label", "Item"),
                Col("type", "Type"),
                Col("quantity", "Qty", "int"),
                Col("unit_price", "Unit"),
                Col("amount", "Amount", "money"),
                Col("from", "From", "date"),
                Col("to", "To", "date"),
            ),
        ),
    ),
)

TICKETS = Area(
    "tickets",
    "Support tickets",
    "/support/tickets",
    (
        Col("id", "ID", "int", 10),
        Col("summary", "Summary", width=36),
        Col("status", "Status", "status", 8),
        Col("entity.label", "Entity", width=16),
        Col("opened_by", "Opened by", width=12),
        Col("updated", "Updated", "date"),
    ),
    aliases=("ticket", "support"),
    group="Account",
    scope="account:read_only",
    entity_type="ticket",
    label_key="summary",
    tabs=(
        Tab(
            "replies",
            "Replies",
            "/support/tickets/{id}/replies",
            columns=(
                Col("created", "When", "date"),
                Col("from_linode", "Linode staff", "bool"),
                Col("created_by", "From"),
                Col("description", "Reply"),
            ),
        ),
    ),
)

LONGVIEW = Area(
    "longview",
    "Longview",
    "/longview/clients",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=24),
        Col("created", "Created", "date"),
        Col("updated", "Updated", "date"),
    ),
    aliases=("lv",),
    group="Monitoring",
    scope="longview:read_only",
    entity_type="longview",
    status_key=None,
)

MANAGED = Area(
    "managed",
    "Managed services",
    "/managed/services",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=24),
        Col("service_type", "Type", width=6),
        Col("address", "Address", width=30),
        Col("status", "Status", "status", 9),
    ),
    aliases=("mgd",),
    group="Monitoring",
    scope="account:read_only",
    entity_type="managed_service",
)

PROFILE = Area(
    "profile",
    "Profile",
    "/profile",
    (
        Col("username", "Username"),
        Col("email", "E-mail"),
        Col("timezone", "Timezone"),
        Col("restricted", "Restricted", "bool"),
        Col("two_factor_auth", "2FA", "bool"),
    ),
    group="Profile",
    paginated=False,
    status_key=None,
    id_key="uid",
    label_key="username",
    detail_path="/profile",
)

TOKENS = Area(
    "tokens",
    "API tokens",
    "/profile/tokens",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=24),
        Col("scopes", "Scopes", width=30),
        Col("created", "Created", "date"),
        Col("expiry", "Expires", "date"),
    ),
    aliases=("token", "pat"),
    group="Profile",
    scope="account:read_only",
    entity_type="token",
    status_key=None,
    actions=(_delete("/profile/tokens/{id}", "account:read_write", "token"),),
)

SSHKEYS = Area(
    "sshkeys",
    "SSH keys",
    "/profile/sshkeys",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=24),
        Col("ssh_key", "Key", width=40),
        Col("created", "Created", "date"),
    ),
    aliases=("ssh", "keys"),
    group="Profile",
    scope="account:read_only",
    entity_type="user_ssh_key",
    status_key=None,
    actions=(_delete("/profile/sshkeys/{id}", "account:read_write", "SSH key"),),
)

TAGS = Area(
    "tags",
    "Tags",
    "/tags",
    (Col("label", "Tag", width=30),),
    aliases=("tag",),
    group="Account",
    scope="account:read_only",
    id_key="label",
    status_key=None,
    detail_path="/tags/{label}",
)

REGIONS = Area(
    "regions",
    "Regions",
    "/regions",
    (
        Col("id", "ID", width=14),
        Col("label", "Label", width=20),
        Col("country", "Country", width=7),
        Col("status", "Status", "status", 7),
        Col("site_type", "Site", width=11),
        Col("capabilities", "Capabilities", "count", 5),
    ),
    aliases=("region", "dc"),
    group="Catalogue",
)

TYPES = Area(
    "types",
    "Plans",
    "/linode/types",
    (
        Col("id", "ID", width=20),
        Col("label", "Label", width=22),
        Col("class", "Class", width=10),
        Col("vcpus", "vCPU", "int", 5),
        Col("memory", "Memory", "mb", 8),
        Col("disk", "Disk", "mb", 8),
        Col("transfer", "Transfer", "int", 8),
        Col("price.monthly", "$/mo", "money", 8),
        Col("price.hourly", "$/h", "money", 7),
    ),
    aliases=("type", "plans"),
    group="Catalogue",
    status_key=None,
)

AREAS: tuple[Area, ...] = (
    LINODES,
    VOLUMES,
    NODEBALANCERS,
    FIREWALLS,
    DOMAINS,
    LKE,
    DATABASES,
    BUCKETS,
    IMAGES,
    STACKSCRIPTS,
    VPCS,
    PLACEMENT,
    EVENTS,
    ACCOUNT,
    USERS,
    INVOICES,
    TICKETS,
    LONGVIEW,
    MANAGED,
    PROFILE,
    TOKENS,
    SSHKEYS,
    TAGS,
    REGIONS,
    TYPES,
)

BY_KEY: dict[str, Area] = {a.key: a for a in AREAS}
ALIASES: dict[str, str] = {}
for _a in AREAS:
    ALIASES[_a.key] = _a.key
    for _alias in _a.aliases:
        ALIASES[_alias] = _a.key

BY_ENTITY_TYPE: dict[str, Area] = {a.entity_type: a for a in AREAS if a.entity_type}


def area_for(name: str) -> Area | None:
    key = ALIASES.get(name.strip().lower())
    return BY_KEY.get(key) if key else None


def get_path(obj: Any, dotted: str) -> Any:
    cur = obj
    for part in dotted.split("."):
        if isinstance(cur, dict):
            cur = cur.get(part)
        else:
            return None
    return cur


__all__ = [
    "ALIASES",
    "AREAS",
    "BY_ENTITY_TYPE",
    "BY_KEY",
    "Action",
    "Area",
    "Choices",
    "Col",
    "FormField",
    "Tab",
    "area_for",
    "fill",
    "get_path",
]


def command_names() -> list[str]:
    """Every word the `:` line understands as an area (for suggestions)."""
    names = set(ALIASES)
    return sorted(names)
