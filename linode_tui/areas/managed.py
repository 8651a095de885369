"""The Managed services area: monitored services create, edit, disable/enable, delete."""

from __future__ import annotations

from linode_tui.core.descriptors import Action, Area, Col, FormField

RW = "account:read_write"
TYPES = (("url", "URL (HTTP check)"), ("tcp", "TCP port"))
FORM = (
    FormField("label", "Label", required=True, default_from="label"),
    FormField("service_type", "Type", "select", options=TYPES, required=True, default_from="service_type"),
    FormField("address", "Address", required=True, default_from="address", help="https://… or host:port"),
    FormField("timeout", "Timeout (s)", "int", required=True, default=10, default_from="timeout"),
    FormField("body", "Response must contain", default_from="body"),
    FormField("consultation_group", "Contact group", default_from="consultation_group"),
    FormField("notes", "Notes for the responders", "textarea", default_from="notes"),
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
    actions=(
        Action(
            "create",
            "Add service",
            "POST",
            "/managed/services",
            RW,
            binding="n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="added",
            form=FORM,
        ),
        Action(
            "edit",
            "Edit service",
            "PUT",
            "/managed/services/{id}",
            RW,
            binding="E",
            bulk=False,
            verb="updated",
            form=FORM,
        ),
        Action(
            "disable",
            "Disable monitoring",
            "POST",
            "/managed/services/{id}/disable",
            RW,
            danger="confirm",
            verb="disabled",
            when=frozenset({"ok", "pending", "problem"}),
            consequence="{who} is no longer monitored: nobody is alerted when it fails.",
        ),
        Action(
            "enable",
            "Enable monitoring",
            "POST",
            "/managed/services/{id}/enable",
            RW,
            verb="enabled",
            when=frozenset({"disabled"}),
        ),
        Action(
            "delete",
            "Delete service",
            "DELETE",
            "/managed/services/{id}",
            RW,
            danger="type",
            binding="ctrl+d",
            footer=True,
            verb="deleted",
            consequence="{who} is no longer monitored and its settings are deleted.",
        ),
    ),
)

AREA = MANAGED
