"""The NodeBalancers area."""

from __future__ import annotations

from linode_tui.areas._shared import (
    delete_action,
    edit_label_tags,
)
from linode_tui.core.descriptors import Action, Area, Col, FormField, Tab

RW = "nodebalancers:read_write"


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
    FormField("check_interval", "Check interval (s)", "int", default_from="check_interval"),
    FormField("check_timeout", "Check timeout (s)", "int", default_from="check_timeout"),
    FormField("check_attempts", "Check attempts", "int", default_from="check_attempts"),
    FormField("ssl_cert", "TLS certificate (https, PEM)", "textarea", secret=True),
    FormField("ssl_key", "TLS private key (https, PEM)", "password", secret=True),
)

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
        edit_label_tags("/nodebalancers/{id}", "nodebalancers:read_write"),
        delete_action("/nodebalancers/{id}", "nodebalancers:read_write", "NodeBalancer"),
    ),
)

AREA = NODEBALANCERS
