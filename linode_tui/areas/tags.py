"""The Tags area: create (optionally applied to Linodes, Volumes, Domains, NodeBalancers), delete,
and the tag's detail: the tagged objects by type."""

from __future__ import annotations

from linode_tui.core.descriptors import Action, Area, Choices, Col, FormField, Tab

RW = "account:read_write"

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
    detail_path="/tags/{label}",  # answers with the tagged objects (the tab), not the tag
    summary=(Col("label", "Tag"),),
    tabs=(
        Tab(
            "objects",
            "Tagged objects",
            "/tags/{label}",
            columns=(
                Col("type", "Type", width=14),
                Col("data.label", "Label", width=26),
                Col("data.id", "ID", "int", 10),
                Col("data.status", "Status", "status", 10),
                Col("data.region", "Region", width=12),
                Col("data.tags", "Tags", "tags"),
            ),
        ),
    ),
    actions=(
        Action(
            "create",
            "Create tag",
            "POST",
            "/tags",
            RW,
            binding="n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="created",
            form=(
                FormField("label", "Tag", required=True, help="3–50 characters"),
                FormField("linodes", "Apply to Linodes", "multiselect", choices=Choices("/linode/instances")),
                FormField("volumes", "Apply to Volumes", "multiselect", choices=Choices("/volumes")),
                FormField(
                    "domains", "Apply to Domains", "multiselect", choices=Choices("/domains", label="domain")
                ),
                FormField(
                    "nodebalancers",
                    "Apply to NodeBalancers",
                    "multiselect",
                    choices=Choices("/nodebalancers"),
                ),
            ),
        ),
        Action(
            "delete",
            "Delete tag",
            "DELETE",
            "/tags/{label}",
            RW,
            danger="type",
            binding="ctrl+d",
            footer=True,
            verb="deleted",
            consequence="Tag {who} is removed from everything that carries it. The objects stay.",
        ),
    ),
)

AREA = TAGS
