"""The Kubernetes (LKE) area: create a cluster (region, version, tier, HA, node pools, tags); node
pools add/resize/autoscale/labels and taints/recycle/delete (actions of the Node pools tab);
recycle, upgrade, HA; the control plane ACL editor; a VPC subnet at create; the kubeconfig (view,
save 0600, merge into ~/.kube/config, open k9s on it)."""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from msgspec.structs import replace

from linode_tui.areas._shared import LINODE_TYPE, REGION, delete_action, edit_label_tags
from linode_tui.core.descriptors import Action, Area, Choices, Col, FormField, Reveal, Tab

VERSIONS = Choices("/lke/versions", "id", "id")
TIERS = (("standard", "Standard"), ("enterprise", "Enterprise (dedicated control plane)"))
VPC = Choices("/vpcs", "id", "label", describe=lambda v: f"{v.get('label')}  ({v.get('region')})")
TAINT_EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")
_K8S_KEY = re.compile(r"^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")
_K8S_VALUE = re.compile(r"^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$")


def _error(field: str, message: str) -> Exception:
    from linode_tui.api.errors import ValidationError

    return ValidationError(message, field_errors={field: message})


def parse_pools(text: str) -> list[dict[str, Any]]:
    """Extra node pools typed as ``plan×count`` (or ``plan:count``), comma separated."""
    pools = []
    for part in (p.strip() for p in text.replace("×", ":").replace("x", ":").split(",")):
        if not part:
            continue
        plan, _, count = part.rpartition(":")
        if not plan or not count.strip().isdigit():
            raise _error("more_pools", f"{part!r}: write plan:count, e.g. g6-standard-2:3")
        pools.append({"type": plan.strip(), "count": int(count)})
    return pools


def _autoscaler(values: dict[str, Any], count: int) -> dict[str, Any] | None:
    if not values.get("autoscale"):
        return None
    lo = values.get("min") or count
    hi = values.get("max") or count
    if not (isinstance(lo, int) and isinstance(hi, int)) or not 1 <= lo <= hi <= 100:
        raise _error("max", "The autoscaler needs 1 ≤ min ≤ max ≤ 100.")
    return {"enabled": True, "min": lo, "max": hi}


def cluster_body(values: dict[str, Any]) -> dict[str, Any]:
    count = values.get("count")
    if not isinstance(count, int) or not 1 <= count <= 100:
        raise _error("count", "Between 1 and 100 nodes.")
    pool: dict[str, Any] = {"type": values.get("pool_type"), "count": count}
    auto = _autoscaler(values, count)
    if auto:
        pool["autoscaler"] = auto
    body: dict[str, Any] = {
        "label": values.get("label"),
        "region": values.get("region"),
        "k8s_version": values.get("k8s_version"),
        "node_pools": [pool, *parse_pools(values.get("more_pools") or "")],
    }
    if values.get("tier") and values["tier"] != "standard":
        body["tier"] = values["tier"]
    if values.get("ha"):
        body["control_plane"] = {"high_availability": True}
    if values.get("tags"):
        body["tags"] = values["tags"]
    if values.get("vpc_id") or values.get("subnet_id"):
        if not values.get("vpc_id"):
            raise _error("vpc_id", "Pick the VPC of the subnet.")
        if not isinstance(values.get("subnet_id"), int):
            raise _error("subnet_id", "The subnet's ID (VPCs › the VPC › Subnets).")
        body["vpc_id"] = int(values["vpc_id"])
        body["subnet_id"] = values["subnet_id"]
    return body


def addresses(values: Any, version: int, field: str) -> list[str]:
    """IPv4 (or IPv6) addresses and ranges, each checked; a bare address gets its /32 (/128)."""
    out = []
    for raw in values or []:
        try:
            net = ipaddress.ip_network(str(raw).strip(), strict=False)
        except ValueError:
            net = None
        if net is None or net.version != version:
            raise _error(field, f"{raw!r} is not an IPv{version} address or range")
        out.append(str(net))
    return out


def acl_body(values: dict[str, Any]) -> dict[str, Any]:
    ipv4 = addresses(values.get("ipv4"), 4, "ipv4")
    ipv6 = addresses(values.get("ipv6"), 6, "ipv6")
    enabled = bool(values.get("enabled"))
    if enabled and not ipv4 and not ipv6:
        raise _error("ipv4", "An enabled ACL with no addresses locks everyone out: add at least one.")
    return {"acl": {"enabled": enabled, "addresses": {"ipv4": ipv4, "ipv6": ipv6}}}


async def _acl_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """Today's ACL (``GET …/control_plane_acl``) fills the form."""
    answer = await client.get(f"/lke/clusters/{item.get('id')}/control_plane_acl", force=True)
    acl = (answer or {}).get("acl") if isinstance(answer, dict) else None
    acl = acl if isinstance(acl, dict) else {}
    addrs = acl.get("addresses") or {}
    now = {
        "enabled": bool(acl.get("enabled")),
        "ipv4": addrs.get("ipv4") or [],
        "ipv6": addrs.get("ipv6") or [],
    }
    return tuple(replace(f, default=now.get(f.name, f.default)) for f in action.form)


def labels_text(labels: Any) -> str:
    return "\n".join(f"{k}={v}" for k, v in (labels or {}).items()) if isinstance(labels, dict) else ""


def taints_text(taints: Any) -> str:
    rows = [t for t in taints or [] if isinstance(t, dict)]
    return "\n".join(f"{t.get('key')}={t.get('value') or ''}:{t.get('effect')}" for t in rows)


def parse_labels(text: str) -> dict[str, str]:
    """``key=value``, one a line (or comma separated)."""
    out: dict[str, str] = {}
    for part in (p.strip() for p in re.split(r"[\n,]", text or "")):
        if not part:
            continue
        key, eq, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if not eq or not _K8S_KEY.match(key) or not _K8S_VALUE.match(value):
            raise _error("labels", f"{part!r}: write key=value (e.g. workload=batch)")
        out[key] = value
    return out


def parse_taints(text: str) -> list[dict[str, str]]:
    """``key=value:Effect`` (or ``key:Effect``), one a line (or comma separated)."""
    out = []
    for part in (p.strip() for p in re.split(r"[\n,]", text or "")):
        if not part:
            continue
        kv, _, effect = part.rpartition(":")
        key, _, value = kv.partition("=")
        key, value, effect = key.strip(), value.strip(), effect.strip()
        if effect not in TAINT_EFFECTS:
            raise _error(
                "taints", f"{part!r}: the effect is one of {', '.join(TAINT_EFFECTS)} (key=value:NoSchedule)"
            )
        if not _K8S_KEY.match(key) or not _K8S_VALUE.match(value):
            raise _error("taints", f"{part!r}: write key=value:Effect (e.g. dedicated=gpu:NoSchedule)")
        out.append({"key": key, "value": value, "effect": effect})
    return out


async def _labels_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    now = {"labels": labels_text(item.get("labels")), "taints": taints_text(item.get("taints"))}
    return tuple(replace(f, default=now.get(f.name, f.default)) for f in action.form)


def pool_body(values: dict[str, Any]) -> dict[str, Any]:
    count = values.get("count")
    if not isinstance(count, int) or not 1 <= count <= 100:
        raise _error("count", "Between 1 and 100 nodes.")
    body: dict[str, Any] = {"type": values.get("type"), "count": count}
    auto = _autoscaler(values, count)
    if auto:
        body["autoscaler"] = auto
    return body


def autoscale_body(values: dict[str, Any]) -> dict[str, Any]:
    if not values.get("autoscale"):
        return {"autoscaler": {"enabled": False}}
    auto = _autoscaler(values, 1)
    return {"autoscaler": auto}


async def _upgrade_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """Only versions newer than the cluster's (clusters can only be upgraded)."""
    rows = await client.list_all("/lke/versions")
    current = str(item.get("k8s_version") or "")

    def key(v: str) -> tuple[int, ...]:
        return tuple(int(p) for p in v.split(".") if p.isdigit())

    newer = sorted(
        (str(r["id"]) for r in rows if key(str(r.get("id"))) > key(current)), key=key, reverse=True
    )
    return (
        replace(action.form[0], options=tuple((v, v) for v in newer), choices=None),
        *action.form[1:],
    )


def _dashboard(result: Any) -> Reveal | None:
    url = result.get("url") if isinstance(result, dict) else None
    if not url:
        return None
    return Reveal(
        "Kubernetes dashboard",
        str(url),
        "Sign in with the token of your kubeconfig (its user's token).",
        masked=False,
    )


def acl_text(answer: Any) -> str:
    acl = (answer or {}).get("acl") if isinstance(answer, dict) else None
    if not isinstance(acl, dict):
        return "No ACL returned."
    if not acl.get("enabled"):
        return "Control plane ACL: off — the API server accepts connections from anywhere."
    addrs = acl.get("addresses") or {}
    lines = ["Control plane ACL: on — only these addresses reach the API server:"]
    lines += [f"  {a}" for a in (addrs.get("ipv4") or []) + (addrs.get("ipv6") or [])] or ["  (none)"]
    return "\n".join(lines)


def _settled(c: dict[str, Any]) -> bool:
    return c.get("status") != "provisioning"


POOL_ACTIONS = (
    Action(
        "add",
        "Add node pool",
        "POST",
        "/lke/clusters/{parent}/pools",
        "lke:read_write",
        binding="n",
        on_collection=True,
        bulk=False,
        verb="adding",
        form=(
            FormField("type", "Plan", "select", required=True, choices=LINODE_TYPE),
            FormField("count", "Nodes", "int", required=True, default=3),
            FormField("autoscale", "Autoscale", "bool"),
            FormField("min", "Autoscaler min", "int"),
            FormField("max", "Autoscaler max", "int"),
        ),
        to_body=pool_body,
    ),
    Action(
        "resize",
        "Resize pool",
        "PUT",
        "/lke/clusters/{parent}/pools/{id}",
        "lke:read_write",
        danger="confirm",
        bulk=False,
        verb="resizing",
        consequence="Pool {who} gets the new number of nodes; shrinking deletes nodes (their pods move).",
        form=(FormField("count", "Nodes", "int", required=True, default_from="count"),),
    ),
    Action(
        "autoscale",
        "Autoscaler",
        "PUT",
        "/lke/clusters/{parent}/pools/{id}",
        "lke:read_write",
        bulk=False,
        verb="updated",
        form=(
            FormField("autoscale", "Autoscale", "bool", default_from="autoscaler.enabled"),
            FormField("min", "Min nodes", "int", default_from="autoscaler.min"),
            FormField("max", "Max nodes", "int", default_from="autoscaler.max"),
        ),
        to_body=autoscale_body,
    ),
    Action(
        "labels",
        "Labels and taints",
        "PUT",
        "/lke/clusters/{parent}/pools/{id}",
        "lke:read_write",
        danger="confirm",
        bulk=False,
        verb="saved",
        consequence="The nodes of pool {who} get exactly these labels and taints; pods that do not "
        "tolerate a NoExecute taint are evicted.",
        form=(
            FormField("labels", "Kubernetes labels", "textarea", help="key=value, one a line"),
            FormField(
                "taints",
                "Taints",
                "textarea",
                help="key=value:Effect, one a line; Effect: NoSchedule, PreferNoSchedule or NoExecute",
            ),
        ),
        prepare_form=_labels_form,
        to_body=lambda v: {
            "labels": parse_labels(v.get("labels") or ""),
            "taints": parse_taints(v.get("taints") or ""),
        },
    ),
    Action(
        "recycle",
        "Recycle pool nodes",
        "POST",
        "/lke/clusters/{parent}/pools/{id}/recycle",
        "lke:read_write",
        danger="type",
        bulk=False,
        verb="recycling",
        consequence="Every node of pool {who} is deleted and replaced, one after the other.",
    ),
    Action(
        "delete",
        "Delete node pool",
        "DELETE",
        "/lke/clusters/{parent}/pools/{id}",
        "lke:read_write",
        danger="type",
        bulk=False,
        verb="deleted",
        consequence="Node pool {who} and its nodes are deleted; their pods move to other pools.",
    ),
)

NODE_ACTIONS = (
    Action(
        "recycle",
        "Recycle node",
        "POST",
        "/lke/clusters/{parent}/nodes/{id}/recycle",
        "lke:read_write",
        danger="type",
        bulk=False,
        verb="recycling",
        consequence="Node {who} is drained, deleted and replaced by a fresh one.",
    ),
    Action(
        "delete",
        "Delete node",
        "DELETE",
        "/lke/clusters/{parent}/nodes/{id}",
        "lke:read_write",
        danger="type",
        bulk=False,
        verb="deleted",
        consequence="Node {who} is deleted and its pool shrinks by one (an autoscaler may add it back).",
    ),
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
    add_grant="add_lkes",
    summary=(
        Col("id", "ID", "int"),
        Col("label", "Label"),
        Col("status", "Status", "status"),
        Col("region", "Region"),
        Col("k8s_version", "Kubernetes"),
        Col("tier", "Tier"),
        Col("control_plane.high_availability", "HA control plane", "bool"),
        Col("control_plane.acl.enabled", "Control plane ACL", "bool"),
        Col("vpc_id", "VPC", "int"),
        Col("subnet_id", "VPC subnet", "int"),
        Col("tags", "Tags", "tags"),
        Col("created", "Created", "date"),
        Col("updated", "Updated", "date"),
    ),
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
                Col("autoscaler.min", "Min", "int"),
                Col("autoscaler.max", "Max", "int"),
                Col("labels", "Labels", "count"),
                Col("taints", "Taints", "count"),
            ),
            actions=POOL_ACTIONS,
        ),
        Tab(
            "nodes",
            "Nodes",
            "/lke/clusters/{id}/pools",
            columns=(
                Col("id", "Node", width=20),
                Col("instance_id", "Linode", "int", 10),
                Col("status", "Status", "status", 10),
                Col("pool_id", "Pool", "int", 9),
                Col("type", "Plan", width=16),
            ),
            rows=lambda pools: [
                {**n, "pool_id": p.get("id"), "type": p.get("type")}
                for p in pools
                if isinstance(p, dict)
                for n in p.get("nodes") or []
                if isinstance(n, dict)
            ],
            actions=NODE_ACTIONS,
            label_key="id",
        ),
        Tab(
            "acl",
            "Control plane ACL",
            "/lke/clusters/{id}/control_plane_acl",
            kind="object",
            text=lambda obj, _item, _lookup: acl_text(obj),
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
            "create",
            "Create cluster",
            "POST",
            "/lke/clusters",
            "lke:read_write",
            binding="n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="creating",
            form=(
                FormField("label", "Label", required=True),
                FormField("region", "Region", "select", required=True, choices=REGION),
                FormField("k8s_version", "Kubernetes version", "select", required=True, choices=VERSIONS),
                FormField("tier", "Tier", "select", options=TIERS, default="standard"),
                FormField("ha", "High-availability control plane", "bool"),
                FormField("pool_type", "Node pool plan", "select", required=True, choices=LINODE_TYPE),
                FormField("count", "Nodes", "int", required=True, default=3),
                FormField("autoscale", "Autoscale this pool", "bool"),
                FormField("min", "Autoscaler min", "int"),
                FormField("max", "Autoscaler max", "int"),
                FormField("more_pools", "More pools", help="plan:count, comma separated (g6-standard-4:2)"),
                FormField("tags", "Tags", "tags"),
                FormField("vpc_id", "VPC", "select", choices=VPC, help="Empty: LKE makes a VPC for it"),
                FormField("subnet_id", "VPC subnet ID", "int"),
            ),
            to_body=cluster_body,
        ),
        Action(
            "kubeconfig",
            "Kubeconfig (view, save, merge)",
            "GET",
            "/lke/clusters/{id}/kubeconfig",
            "lke:read_only",
            binding="K",
            footer=True,
            bulk=False,
            when=frozenset({"ready"}),
            opens="linode_tui.ui.views.kubeconfig.KubeconfigDialog",
        ),
        Action(
            "dashboard",
            "Dashboard URL",
            "GET",
            "/lke/clusters/{id}/dashboard",
            "lke:read_only",
            bulk=False,
            verb="shown",
            when=frozenset({"ready"}),
            reveal=_dashboard,
        ),
        Action(
            "acl",
            "Control plane ACL",
            "PUT",
            "/lke/clusters/{id}/control_plane_acl",
            "lke:read_write",
            danger="confirm",
            bulk=False,
            verb="ACL saved",
            consequence="Only the addresses listed reach {who}'s API server when the ACL is on "
            "(kubectl from anywhere else stops working).",
            form=(
                FormField("enabled", "ACL on (only these addresses reach the API server)", "bool"),
                FormField("ipv4", "IPv4 addresses / ranges", "tags", help="Comma separated"),
                FormField("ipv6", "IPv6 addresses / ranges", "tags", help="Comma separated"),
            ),
            prepare_form=_acl_form,
            to_body=acl_body,
            only_if=_settled,
        ),
        Action(
            "regenerate",
            "Regenerate kubeconfig",
            "DELETE",
            "/lke/clusters/{id}/kubeconfig",
            "lke:read_write",
            "type",
            bulk=False,
            verb="regenerating",
            consequence="{who} gets a new kubeconfig and service token; every old copy stops working.",
        ),
        Action(
            "upgrade",
            "Upgrade Kubernetes",
            "PUT",
            "/lke/clusters/{id}",
            "lke:read_write",
            "type",
            "U",
            bulk=False,
            verb="upgraded",
            consequence="{who}'s control plane moves to the new version. Recycle the nodes afterwards.",
            note="Clusters can only be upgraded, never downgraded.",
            form=(FormField("k8s_version", "New version", "select", required=True),),
            prepare_form=_upgrade_form,
            only_if=_settled,
        ),
        Action(
            "ha",
            "Enable HA control plane",
            "PUT",
            "/lke/clusters/{id}",
            "lke:read_write",
            "confirm",
            bulk=False,
            verb="updated",
            consequence="{who} gets a high-availability control plane (billed extra); it cannot be undone.",
            only_if=lambda c: not (c.get("control_plane") or {}).get("high_availability"),
            form=(FormField("control_plane.high_availability", "High availability", "bool", default=True),),
            to_body=lambda v: {
                "control_plane": {"high_availability": bool(v.get("control_plane.high_availability"))}
            },
        ),
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
            consequence="Every node of {who} is deleted and replaced, pool by pool.",
        ),
        edit_label_tags("/lke/clusters/{id}", "lke:read_write"),
        delete_action("/lke/clusters/{id}", "lke:read_write", "cluster"),
    ),
)

AREA = LKE
