"""The NodeBalancers area: create (priced per region, with a firewall and a VPC subnet), configs
(ports) with TLS certificates kept secret, and each config's nodes (the back ends: a Linode's
private IPv4 and port) with their UP/DOWN status."""

from __future__ import annotations

import re
from typing import Any

from msgspec.structs import replace

from linode_tui.areas._shared import (
    FIREWALL,
    delete_action,
    edit_label_tags,
    money,
)
from linode_tui.core.descriptors import ROW_DETAIL, Action, Area, Col, FormField, Tab

RW = "nodebalancers:read_write"
RO = "nodebalancers:read_only"
PRIVATE_V4 = "192.168."  # the only addresses a NodeBalancer can reach a back end on (besides a VPC)


def _error(field: str, message: str) -> Exception:
    from linode_tui.api.errors import ValidationError

    return ValidationError(message, field_errors={field: message})


def region_price(types: list[dict[str, Any]], region: str) -> Any:
    """The monthly price of a NodeBalancer in ``region`` (its region price when it has one)."""
    nb = next((t for t in types if isinstance(t, dict)), None)
    if nb is None:
        return None
    for rp in nb.get("region_prices") or []:
        if isinstance(rp, dict) and rp.get("id") == region:
            return rp.get("monthly")
    return (nb.get("price") or {}).get("monthly")


async def create_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """The regions that offer NodeBalancers, each with its monthly price, and the VPC subnets."""
    regions = await client.list_all("/regions")
    types = await client.list_all("/nodebalancers/types")
    vpcs = await client.list_all("/vpcs")
    region_opts = tuple(
        (
            str(r["id"]),
            f"{r['id']}  {r.get('label', '')}  {money(region_price(types, str(r['id'])), 'mo')}",
        )
        for r in regions
        if isinstance(r, dict) and "NodeBalancers" in (r.get("capabilities") or [])
    )
    subnet_opts = tuple(
        (
            f"{s['id']}@{v.get('region')}",
            f"{v.get('label')} › {s.get('label')}  {s.get('ipv4')}  ({v.get('region')})",
        )
        for v in vpcs
        if isinstance(v, dict)
        for s in v.get("subnets") or []
        if isinstance(s, dict)
    )
    out = []
    for f in action.form:
        if f.name == "region":
            f = replace(f, options=region_opts)
        elif f.name == "vpc_subnet":
            f = replace(
                f,
                options=subnet_opts,
                help=f.help if subnet_opts else "No VPC has a subnet yet (VPCs › create one).",
            )
        out.append(f)
    return tuple(out)


def create_body(values: dict[str, Any]) -> dict[str, Any]:
    """A subnet must be in the NodeBalancer's region: said next to the field before anything is sent."""
    body = {k: v for k, v in values.items() if k != "vpc_subnet"}
    picked = values.get("vpc_subnet")
    if picked:
        sid, _, region = str(picked).partition("@")
        if region and region != values.get("region"):
            raise _error("vpc_subnet", f"This subnet is in {region}: pick one in {values.get('region')}.")
        body["vpcs"] = [{"subnet_id": int(sid)}]
    return body


NB_CREATE = Action(
    "create",
    "Create NodeBalancer",
    "POST",
    "/nodebalancers",
    RW,
    "confirm",
    binding="n",
    footer=True,
    on_collection=True,
    bulk=False,
    verb="created",
    consequence="A NodeBalancer {label} will be created in {region} (billed monthly, per region).",
    form=(
        FormField("label", "Label", required=True),
        FormField("region", "Region (monthly price)", "select", required=True),
        FormField(
            "client_conn_throttle",
            "Connection throttle (new connections/s per client, 0: off, ≤ 20)",
            "int",
            default=0,
        ),
        FormField("firewall_id", "Firewall", "select", choices=FIREWALL),
        FormField("vpc_subnet", "VPC subnet (back ends reached in the VPC)", "select"),
        FormField("tags", "Tags (comma separated)", "tags"),
    ),
    prepare_form=create_form,
    to_body=create_body,
)


def _opts(*values: str) -> tuple[tuple[str, str], ...]:
    return tuple((v, v) for v in values)


CONFIG_FORM = (
    FormField("port", "Port", "int", required=True, default_from="port", default=80),
    FormField(
        "protocol",
        "Protocol",
        "select",
        options=_opts("http", "https", "tcp", "udp"),
        default_from="protocol",
        default="http",
    ),
    FormField(
        "algorithm",
        "Algorithm",
        "select",
        options=_opts("roundrobin", "leastconn", "source"),
        default_from="algorithm",
        default="roundrobin",
    ),
    FormField(
        "stickiness",
        "Session stickiness",
        "select",
        options=_opts("none", "table", "http_cookie"),
        default_from="stickiness",
        default="none",
    ),
    FormField(
        "check",
        "Health check",
        "select",
        options=_opts("none", "connection", "http", "http_body"),
        default_from="check",
        default="connection",
    ),
    FormField("check_path", "Check path (http checks)", default_from="check_path"),
    FormField("check_body", "Expected body (http_body checks)", default_from="check_body"),
    FormField("check_interval", "Check interval (s)", "int", default_from="check_interval"),
    FormField("check_timeout", "Check timeout (s)", "int", default_from="check_timeout"),
    FormField("check_attempts", "Check attempts", "int", default_from="check_attempts"),
    FormField("check_passive", "Passive checks (mark a back end down on errors)", "bool",
              default_from="check_passive", default=True),
    FormField(
        "proxy_protocol",
        "Proxy protocol (tcp)",
        "select",
        options=_opts("none", "v1", "v2"),
        default_from="proxy_protocol",
        default="none",
    ),
    FormField("ssl_cert", "TLS certificate (https, PEM)", "textarea", secret=True),
    FormField("ssl_key", "TLS private key (https, PEM)", "password", secret=True),
)


def config_body(values: dict[str, Any], *, new: bool = True) -> dict[str, Any]:
    """Checked here before anything is sent: https needs a certificate and its key (a new port;
    an edit keeps the stored ones unless new ones are pasted), a timeout shorter than the
    interval, a path for http checks."""
    protocol = values.get("protocol")
    if protocol == "https" and (new or values.get("ssl_cert") or values.get("ssl_key")):
        for name in ("ssl_cert", "ssl_key"):
            if not values.get(name):
                raise _error(name, "An https port needs a TLS certificate and its private key.")
        if "BEGIN" not in str(values.get("ssl_cert")):
            raise _error("ssl_cert", "Paste the certificate in PEM form (-----BEGIN CERTIFICATE-----).")
    elif values.get("ssl_cert") or values.get("ssl_key"):
        raise _error("ssl_cert", "A TLS certificate only applies to an https port.")
    interval, timeout = values.get("check_interval"), values.get("check_timeout")
    if isinstance(interval, int) and isinstance(timeout, int) and timeout >= interval:
        raise _error("check_timeout", "The check timeout must be shorter than the interval.")
    if values.get("check") in ("http", "http_body") and not values.get("check_path"):
        raise _error("check_path", "An http check needs a path, e.g. /health.")
    if values.get("check") == "http_body" and not values.get("check_body"):
        raise _error("check_body", "An http_body check needs the text the body must contain.")
    if values.get("proxy_protocol") not in (None, "none") and protocol != "tcp":
        raise _error("proxy_protocol", "The proxy protocol applies to tcp ports only.")
    return values

CONFIG_ACTIONS: tuple[Action, ...] = (
    Action(
        "create",
        "Add a configuration (port)",
        "POST",
        "/nodebalancers/{parent}/configs",
        RW,
        on_collection=True,
        bulk=False,
        verb="created",
        form=CONFIG_FORM,
        to_body=config_body,
    ),
    Action(
        "edit",
        "Edit configuration",
        "PUT",
        "/nodebalancers/{parent}/configs/{id}",
        RW,
        bulk=False,
        verb="updated",
        form=CONFIG_FORM,
        to_body=lambda values: config_body(values, new=False),
    ),
    Action(
        "nodes",
        "Nodes (back ends) of this port…",
        "GET",
        "/nodebalancers/{parent}/configs/{id}/nodes",
        RO,
        bulk=False,
        item_grant="read_only",
        opens=ROW_DETAIL,
    ),
    Action(
        "delete",
        "Delete configuration",
        "DELETE",
        "/nodebalancers/{parent}/configs/{id}",
        RW,
        "type",
        bulk=False,
        verb="deleted",
        consequence="The configuration for port {port} and its nodes will be deleted: traffic to it stops.",
    ),
)

NODE_PATH = re.compile(r"/nodebalancers/(\d+)/configs/(\d+)/")


async def node_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """Back ends a NodeBalancer can reach: the Linodes in its region with a private IPv4, each
    offered as ``private-ip`` (the port defaults to the config's)."""
    m = NODE_PATH.search(action.path + "/")
    if m is None:
        return action.form
    nb = await client.get(f"/nodebalancers/{m.group(1)}")
    cfg = await client.get(f"/nodebalancers/{m.group(1)}/configs/{m.group(2)}")
    region = nb.get("region") if isinstance(nb, dict) else None
    linodes = await client.list_all("/linode/instances", filter={"region": region}) if region else []
    opts = tuple(
        (ip, f"{x.get('label')}  {ip}  ({x.get('status')})")
        for x in linodes
        if isinstance(x, dict)
        for ip in x.get("ipv4") or []
        if str(ip).startswith(PRIVATE_V4)
    )
    port = cfg.get("port") if isinstance(cfg, dict) else None
    out = []
    for f in action.form:
        if f.name == "ip":
            help_ = (
                f"Linodes in {region} with a private IPv4."
                if opts
                else f"No Linode in {region} has a private IPv4: add one (Linode › IPs › add private)."
            )
            f = replace(f, options=opts, help=help_)
        elif f.name == "port" and port:
            f = replace(f, default=port)
        out.append(f)
    return tuple(out)


def node_body(values: dict[str, Any]) -> dict[str, Any]:
    """The API takes ``address`` as ``ip:port``."""
    port = values.get("port")
    if not isinstance(port, int) or not 1 <= port <= 65535:
        raise _error("port", "A port between 1 and 65535.")
    weight = values.get("weight", 100)
    if not isinstance(weight, int) or not 1 <= weight <= 255:
        raise _error("weight", "A weight between 1 and 255.")
    body = {k: v for k, v in values.items() if k not in ("ip", "port")}
    body["address"] = f"{values.get('ip')}:{port}"
    return body


MODE = FormField(
    "mode",
    "Mode",
    "select",
    required=True,
    options=(
        ("accept", "accept — takes traffic"),
        ("reject", "reject — takes none"),
        ("drain", "drain — only existing sessions"),
        ("backup", "backup — only when the others are down"),
    ),
    default_from="mode",
    default="accept",
)
WEIGHT = FormField("weight", "Weight (1–255)", "int", default_from="weight", default=100)
NODES = "/nodebalancers/{parent.nodebalancer_id}/configs/{parent}/nodes"

NODE_ACTIONS: tuple[Action, ...] = (
    Action(
        "create",
        "Add a node (back end)",
        "POST",
        NODES,
        RW,
        on_collection=True,
        bulk=False,
        verb="added",
        form=(
            FormField("ip", "Linode (private IPv4)", "select", required=True),
            FormField("port", "Port on the Linode", "int", required=True, default=80),
            FormField("label", "Label (3–32 characters)", required=True),
            WEIGHT,
            MODE,
        ),
        prepare_form=node_form,
        to_body=node_body,
    ),
    Action(
        "edit",
        "Edit node (weight, mode)",
        "PUT",
        NODES + "/{id}",
        RW,
        bulk=False,
        verb="updated",
        form=(FormField("label", "Label", required=True, default_from="label"), WEIGHT, MODE),
    ),
    Action(
        "delete",
        "Remove node",
        "DELETE",
        NODES + "/{id}",
        RW,
        "confirm",
        verb="removed",
        consequence="Node {who} ({address}) will stop receiving traffic from this port and be removed.",
    ),
)


CONFIG_ROW = Area(
    "nodebalancers.config",
    "Port",
    "/nodebalancers/{nodebalancer_id}/configs",
    (Col("id", "ID", "int"), Col("port", "Port", "int"), Col("protocol", "Protocol")),
    group="Network",
    scope=RO,
    label_key="port",
    status_key=None,
    summary=(
        Col("port", "Port", "int"),
        Col("protocol", "Protocol"),
        Col("algorithm", "Algorithm"),
        Col("stickiness", "Stickiness"),
        Col("check", "Health check"),
        Col("check_path", "Check path"),
        Col("check_interval", "Check interval (s)", "int"),
        Col("check_timeout", "Check timeout (s)", "int"),
        Col("check_attempts", "Check attempts", "int"),
        Col("proxy_protocol", "Proxy protocol"),
        Col("ssl_commonname", "TLS common name"),
        Col("ssl_key", "TLS private key"),
        Col("nodes_status.up", "Nodes up", "int"),
        Col("nodes_status.down", "Nodes down", "int"),
    ),
    tabs=(
        Tab(
            "nodes",
            "Nodes",
            "/nodebalancers/{nodebalancer_id}/configs/{id}/nodes",
            actions=NODE_ACTIONS,
            columns=(
                Col("id", "ID", "int", 10),
                Col("label", "Label", width=16),
                Col("address", "Address", width=21),
                Col("status", "Status", "status", 9),
                Col("weight", "Weight", "int", 7),
                Col("mode", "Mode", width=8),
            ),
        ),
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
    stats="nodebalancer",
    add_grant="add_nodebalancers",
    status_key=None,
    tabs=(
        Tab(
            "configs",
            "Configs",
            "/nodebalancers/{id}/configs",
            actions=CONFIG_ACTIONS,
            label_key="port",
            row_area=CONFIG_ROW,
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
            "vpcs",
            "VPC",
            "/nodebalancers/{id}/vpcs",
            columns=(
                Col("vpc_id", "VPC", "int"),
                Col("subnet_id", "Subnet", "int"),
                Col("ipv4_range", "IPv4 range"),
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
    summary_extras=lambda nb, lookup: [
        ("Connection throttle", f"{nb.get('client_conn_throttle', 0)}/s per client (0: off)"),
    ],
    actions=(
        NB_CREATE,
        edit_label_tags("/nodebalancers/{id}", "nodebalancers:read_write"),
        delete_action("/nodebalancers/{id}", "nodebalancers:read_write", "NodeBalancer"),
    ),
)

AREA = NODEBALANCERS
