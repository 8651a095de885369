"""The Domains area."""

from __future__ import annotations

from typing import Any

from linode_tui.areas._shared import (
    delete_action,
)
from linode_tui.core.descriptors import Action, Area, Col, FormField, Lookup, Tab


def zone_text(data: Any, item: dict[str, Any], lookup: Lookup) -> str:
    """``/zone-file`` answers ``{"zone_file": [lines]}``: shown as the file it is."""
    lines = data.get("zone_file") if isinstance(data, dict) else None
    if not lines:
        return "The zone file is empty (it is rendered a few minutes after a change)."
    return "\n".join(str(line) for line in lines)


RW = "domains:read_write"
TTL = FormField(
    "ttl_sec",
    "TTL (seconds, 0: the domain's default)",
    "int",
    default_from="ttl_sec",
    default=0,
)


def _f(name: str, label: str, kind: Any = "text", **kw: Any) -> FormField:
    return FormField(name, label, kind, default_from=name, **kw)


NAME = _f("name", "Name (empty: the domain itself)")
RECORD_FIELDS: dict[str, tuple[FormField, ...]] = {
    "A": (NAME, _f("target", "IPv4 address", required=True), TTL),
    "AAAA": (NAME, _f("target", "IPv6 address", required=True), TTL),
    "CNAME": (_f("name", "Hostname", required=True), _f("target", "Alias to (hostname)", required=True), TTL),
    "MX": (
        NAME,
        _f("target", "Mail server", required=True),
        _f("priority", "Preference (0–255)", "int", default=10),
        TTL,
    ),
    "TXT": (NAME, _f("target", "Value", required=True), TTL),
    "SRV": (
        _f("service", "Service (e.g. _sip)", required=True),
        _f(
            "protocol",
            "Protocol",
            "select",
            options=(("_tcp", "_tcp"), ("_udp", "_udp"), ("_tls", "_tls")),
            default="_tcp",
        ),
        _f("target", "Target host", required=True),
        _f("priority", "Priority", "int", default=10),
        _f("weight", "Weight", "int", default=5),
        _f("port", "Port", "int", required=True),
        TTL,
    ),
    "CAA": (
        NAME,
        _f(
            "tag",
            "Tag",
            "select",
            options=(("issue", "issue"), ("issuewild", "issuewild"), ("iodef", "iodef")),
            default="issue",
        ),
        _f("target", "Value (e.g. letsencrypt.org)", required=True),
        TTL,
    ),
    "NS": (NAME, _f("target", "Name server", required=True), TTL),
}


def _create_record(rtype: str) -> Action:
    return Action(
        f"create_{rtype.lower()}",
        f"Add {rtype} record",
        "POST",
        "/domains/{parent}/records",
        RW,
        on_collection=True,
        bulk=False,
        verb="created",
        form=(FormField("type", "Type", "select", required=True, options=((rtype, rtype),), default=rtype),)
        + RECORD_FIELDS[rtype],
    )


async def record_form(client: Any, action: Action, record: dict[str, Any]) -> tuple[FormField, ...]:
    """Editing a record shows the fields of its type."""
    return RECORD_FIELDS.get(str(record.get("type")), action.form)


def record_label(r: dict[str, Any]) -> str:
    return f"{r.get('type')} {r.get('name') or '@'} → {r.get('target')}"


RECORD_ACTIONS: tuple[Action, ...] = (
    *(_create_record(t) for t in RECORD_FIELDS),
    Action(
        "edit",
        "Edit record",
        "PUT",
        "/domains/{parent}/records/{id}",
        RW,
        bulk=False,
        verb="updated",
        form=(NAME, _f("target", "Target"), TTL),
        prepare_form=record_form,
    ),
    Action(
        "delete",
        "Delete record",
        "DELETE",
        "/domains/{parent}/records/{id}",
        RW,
        "confirm",
        verb="deleted",
        consequence="The {type} record {name} → {target} will be deleted.",
    ),
)

SOA_FORM = (
    _f("soa_email", "SOA e-mail", required=True),
    _f("ttl_sec", "Default TTL (s)", "int"),
    _f("refresh_sec", "Refresh (s)", "int"),
    _f("retry_sec", "Retry (s)", "int"),
    _f("expire_sec", "Expire (s)", "int"),
    _f("axfr_ips", "AXFR IPs (comma separated)", "tags"),
    _f("description", "Description"),
    _f("tags", "Tags (comma separated)", "tags"),
)

DOMAIN_ACTIONS: tuple[Action, ...] = (
    Action(
        "create",
        "Create domain",
        "POST",
        "/domains",
        RW,
        binding="n",
        footer=True,
        on_collection=True,
        bulk=False,
        verb="created",
        form=(
            FormField("domain", "Domain", required=True),
            FormField(
                "type",
                "Type",
                "select",
                required=True,
                options=(("master", "master (Linode serves it)"), ("slave", "slave (from your master)")),
                default="master",
            ),
            FormField("soa_email", "SOA e-mail (master)"),
            FormField("master_ips", "Master IPs (slave, comma separated)", "tags"),
            FormField("tags", "Tags (comma separated)", "tags"),
        ),
    ),
    Action(
        "import",
        "Import a zone (AXFR)",
        "POST",
        "/domains/import",
        RW,
        on_collection=True,
        bulk=False,
        verb="imported",
        form=(
            FormField("domain", "Domain", required=True),
            FormField("remote_nameserver", "Remote name server (allows AXFR to Linode)", required=True),
        ),
    ),
    Action(
        "edit",
        "Edit domain (SOA, TTLs, AXFR)",
        "PUT",
        "/domains/{id}",
        RW,
        binding="E",
        bulk=False,
        verb="updated",
        form=SOA_FORM,
    ),
    Action(
        "clone",
        "Clone domain",
        "POST",
        "/domains/{id}/clone",
        RW,
        "confirm",
        "C",
        bulk=False,
        verb="cloned",
        consequence="{who} and all its records will be copied to {domain}.",
        form=(FormField("domain", "New domain", required=True),),
    ),
    delete_action("/domains/{id}", RW, "domain"),
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
    add_grant="add_domains",
    label_key="domain",
    tabs=(
        Tab(
            "records",
            "Records",
            "/domains/{id}/records",
            actions=RECORD_ACTIONS,
            label_key="name",
            columns=(
                Col("id", "ID", "int"),
                Col("type", "Type"),
                Col("name", "Name"),
                Col("target", "Target"),
                Col("ttl_sec", "TTL", "int"),
                Col("priority", "Prio", "int"),
            ),
        ),
        Tab("zone", "Zone file", "/domains/{id}/zone-file", kind="object", text=zone_text),
    ),
    actions=DOMAIN_ACTIONS,
)

AREA = DOMAINS
