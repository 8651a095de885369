"""The Tags area."""

from __future__ import annotations

from linode_tui.core.descriptors import Area, Col

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

AREA = TAGS
