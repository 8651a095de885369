"""The Firewalls area."""

from __future__ import annotations

from typing import Any

from linode_tui.areas._shared import (
    delete_action,
    edit_label_tags,
)
from linode_tui.core.descriptors import Area, Col, Lookup, Section, Tab


def addresses_of(rule: dict[str, Any]) -> list[str]:
    addrs = rule.get("addresses") or {}
    return [str(a) for fam in ("ipv4", "ipv6") for a in addrs.get(fam) or []]


def rule_rows(direction: str) -> Any:
    """The rules of one direction, in order (the API applies the first match)."""

    def rows(rules: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for n, r in enumerate(rules.get(direction) or [], 1):
            if isinstance(r, dict):
                ports = r.get("ports") or "all"
                out.append({**r, "_key": n, "n": n, "ports": ports, "sources": addresses_of(r)})
        return out

    return rows


def policies_text(rules: Any, item: dict[str, Any], lookup: Lookup) -> str:
    if not isinstance(rules, dict):
        return ""
    return (
        f"Default inbound policy: {rules.get('inbound_policy')}   "
        f"outbound policy: {rules.get('outbound_policy')}   (rules version {rules.get('version', '?')})"
    )


RULE_COLUMNS = (
    Col("n", "#", "int", 3),
    Col("label", "Label", width=16),
    Col("action", "Action", width=7),
    Col("protocol", "Proto", width=6),
    Col("ports", "Ports", width=12),
    Col("sources", "Addresses", "list", 36),
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
    add_grant="add_firewalls",
    tabs=(
        Tab(
            "rules",
            "Rules",
            "/networking/firewalls/{id}/rules",
            kind="object",
            text=policies_text,
            sections=(
                Section("Inbound", rule_rows("inbound"), RULE_COLUMNS),
                Section("Outbound", rule_rows("outbound"), RULE_COLUMNS),
            ),
        ),
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
        edit_label_tags("/networking/firewalls/{id}", "firewall:read_write"),
        delete_action("/networking/firewalls/{id}", "firewall:read_write", "firewall"),
    ),
)

AREA = FIREWALLS
