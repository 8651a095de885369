"""The Placement groups area: create (region, affinity type, policy), assign and unassign Linodes
(only Linodes in the group's region, not in another group), compliance in the list and detail."""

from __future__ import annotations

from typing import Any

from msgspec.structs import replace

from linode_tui.areas._shared import (
    REGION,
    delete_action,
    edit_label_tags,
)
from linode_tui.core.descriptors import Action, Area, Choices, Col, FormField, Lookup, Section, Tab

RW = "linodes:read_write"
TYPES = (
    ("anti_affinity:local", "anti-affinity — members on different hosts (high availability)"),
    ("affinity:local", "affinity — members close together (low latency)"),
)
POLICIES = (
    ("strict", "strict — refuse a Linode that would break the rule"),
    ("flexible", "flexible — accept it, the group becomes non-compliant"),
)


def _members(pg: dict[str, Any]) -> list[int]:
    return [m["linode_id"] for m in pg.get("members") or [] if isinstance(m, dict) and "linode_id" in m]


def compliance(pg: dict[str, Any], lookup: Lookup) -> list[tuple[str, str]]:
    members = [m for m in pg.get("members") or [] if isinstance(m, dict)]
    bad = [str(m.get("linode_id")) for m in members if m.get("is_compliant") is False]
    if pg.get("is_compliant") is False:
        which = f" (Linodes {', '.join(bad)})" if bad else ""
        state = f"NOT compliant{which}: the platform is moving members to fix it"
    else:
        state = "compliant"
    limits = (lookup("regions", pg.get("region")) or {}).get("placement_group_limits") or {}
    most = limits.get("maximum_linodes_per_pg")
    return [("Compliance", state), ("Members", f"{len(members)}" + (f" of at most {most}" if most else ""))]


def linodes_body(values: dict[str, Any]) -> dict[str, Any]:
    from linode_tui.api.errors import ValidationError

    ids = [int(v) for v in values.get("linodes") or []]
    if not ids:
        message = "Pick at least one Linode."
        raise ValidationError(message, field_errors={"linodes": message})
    return {"linodes": ids}


def _assignable(row: dict[str, Any], pg: dict[str, Any]) -> bool:
    """Same region (the X-Filter) and in no placement group yet."""
    return not row.get("placement_group")


ASSIGNABLE = Choices(
    "/linode/instances",
    "id",
    "label",
    describe=lambda x: f"{x.get('label')}  {x.get('region')}  ({x.get('status')})",
    filter_from=lambda pg: {"region": pg.get("region")},
    keep=_assignable,
)


async def unassign_form(client: Any, action: Action, pg: dict[str, Any]) -> tuple[FormField, ...]:
    """The members, by label."""
    rows = await client.list_all("/linode/instances", filter={"region": pg.get("region")})
    labels = {x.get("id"): x.get("label") for x in rows if isinstance(x, dict)}
    opts = tuple((str(lid), f"{labels.get(lid, lid)}  ({lid})") for lid in _members(pg))
    return tuple(replace(f, options=opts) if f.name == "linodes" else f for f in action.form)


PG_ACTIONS: tuple[Action, ...] = (
    Action(
        "create",
        "Create placement group",
        "POST",
        "/placement/groups",
        RW,
        binding="n",
        footer=True,
        on_collection=True,
        bulk=False,
        verb="created",
        form=(
            FormField("label", "Label", required=True),
            FormField("region", "Region", "select", required=True, choices=REGION),
            FormField("placement_group_type", "Type", "select", required=True, options=TYPES,
                      default="anti_affinity:local"),
            FormField("placement_group_policy", "Policy", "select", required=True, options=POLICIES,
                      default="strict"),
        ),
    ),
    Action(
        "assign",
        "Assign Linodes",
        "POST",
        "/placement/groups/{id}/assign",
        RW,
        binding="A",
        bulk=False,
        verb="assigned",
        form=(
            FormField(
                "linodes",
                "Linodes in the group's region, in no other group",
                "multiselect",
                required=True,
                choices=ASSIGNABLE,
            ),
        ),
        to_body=linodes_body,
    ),
    Action(
        "unassign",
        "Unassign Linodes",
        "POST",
        "/placement/groups/{id}/unassign",
        RW,
        "confirm",
        "U",
        bulk=False,
        verb="unassigned",
        blocked=lambda pg: None if _members(pg) else "the group has no members",
        consequence="The chosen Linodes ({linodes}) leave {who}: the group's rule no longer applies to them.",
        form=(FormField("linodes", "Members to remove", "multiselect", required=True),),
        prepare_form=unassign_form,
        to_body=linodes_body,
    ),
    edit_label_tags("/placement/groups/{id}", RW, with_tags=False),
    delete_action(
        "/placement/groups/{id}",
        RW,
        "placement group",
        blocked=lambda pg: (
            f"{len(_members(pg))} Linode{'s' if len(_members(pg)) != 1 else ''} assigned: unassign them first"
            if _members(pg)
            else None
        ),
    ),
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
    add_grant="add_placement_groups",
    status_key=None,
    summary=(
        Col("id", "ID", "int"),
        Col("label", "Label"),
        Col("region", "Region"),
        Col("placement_group_type", "Type"),
        Col("placement_group_policy", "Policy"),
        Col("is_compliant", "Compliant", "bool"),
    ),
    summary_extras=compliance,
    tabs=(
        Tab(
            "members",
            "Members",
            "/placement/groups/{id}",
            kind="object",
            sections=(
                Section(
                    "Members",
                    lambda pg: [
                        {**m, "_key": m.get("linode_id")}
                        for m in pg.get("members") or []
                        if isinstance(m, dict)
                    ],
                    (Col("linode_id", "Linode", "int"), Col("is_compliant", "Compliant", "bool")),
                ),
            ),
        ),
    ),
    actions=PG_ACTIONS,
)

AREA = PLACEMENT
