"""The Firewalls area: the list, a detail with a rules editor (inbound/outbound tables, default
policies, rule sets, a diff of pending changes before the one ``PUT …/rules``), devices (Linodes,
NodeBalancers, Linode interfaces) and the history of rule versions.

The rules logic here is Textual-free (local validation, the rule form, the diff); the editor view is
``linode_tui.ui.views.firewall_rules``."""

from __future__ import annotations

import json
import re
from typing import Any

from linode_tui.areas._shared import (
    delete_action,
    edit_label_tags,
)
from linode_tui.core.descriptors import Action, Area, Choices, Col, FormField, Lookup, Tab

RW = "firewall:read_write"
PROTOCOLS = ("TCP", "UDP", "ICMP", "IPENCAP")
POLICIES = ("ACCEPT", "DROP")
RULESETS_PATH = "/networking/firewalls/rulesets"
EDITOR = "linode_tui.ui.views.firewall_rules"
MAX_PORTS = 15  # the API's limit; a range counts as two
PORTS_HELP = "e.g. 22, 80-90 (at most 15; a range counts 2). Empty: all ports; none for ICMP."


def addresses_of(rule: dict[str, Any]) -> list[str]:
    addrs = rule.get("addresses") or {}
    return [str(a) for fam in ("ipv4", "ipv6") for a in addrs.get(fam) or []]


# -- local validation (what the API would refuse, said before sending) ----------------------------
def check_ports(ports: str | None, protocol: str | None) -> str | None:
    """Why ``ports`` is not valid for ``protocol`` (None: it is)."""
    text = (ports or "").strip()
    if not text:
        return None
    if protocol in ("ICMP", "IPENCAP"):
        return f"Ports are not allowed for {protocol}: leave them empty."
    count = 0
    for part in (p.strip() for p in text.split(",")):
        m = re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?", part)
        if m is None:
            return f"“{part}” is not a port or a range like 80-90."
        nums = [g for g in m.groups() if g is not None]
        if any(len(n) > 1 and n.startswith("0") for n in nums):
            return f"“{part}”: no leading zeros."
        values = [int(n) for n in nums]
        if any(not 1 <= v <= 65535 for v in values):
            return f"“{part}”: ports are 1–65535."
        if len(values) == 2 and values[0] >= values[1]:
            return f"“{part}”: a range goes from a lower to a higher port."
        count += len(values)
    if count > MAX_PORTS:
        return f"At most {MAX_PORTS} ports (a range counts as 2); this is {count}."
    return None


def check_addresses(values: list[str], version: int) -> str | None:
    """Why one of the IPv4 (``version`` 4) or IPv6 addresses is not valid (None: all are).
    Addresses or networks (``10.0.0.0/8``); ``pl:…`` names a Prefix List."""
    import ipaddress

    for v in values:
        if v.startswith("pl:"):
            continue
        try:
            net = ipaddress.ip_network(v, strict=False)
        except ValueError:
            return f"“{v}” is not an IPv{version} address or network."
        if net.version != version:
            return f"“{v}” is an IPv{net.version} address: put it in the IPv{net.version} list."
    return None


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    if isinstance(value, str):
        return [p.strip() for p in value.split(",") if p.strip()]
    return []


def rule_errors(values: dict[str, Any]) -> dict[str, str]:
    """The rule form's problems by field name (empty: the rule can be sent)."""
    if values.get("ruleset") not in (None, ""):
        return {}
    errors: dict[str, str] = {}
    if values.get("action") not in POLICIES:
        errors["action"] = "Choose ACCEPT or DROP."
    if values.get("protocol") not in PROTOCOLS:
        errors["protocol"] = "Choose a protocol."
    problem = check_ports(values.get("ports"), values.get("protocol"))
    if problem:
        errors["ports"] = problem
    v4, v6 = _as_list(values.get("addresses.ipv4")), _as_list(values.get("addresses.ipv6"))
    for name, vals, version in (("addresses.ipv4", v4, 4), ("addresses.ipv6", v6, 6)):
        problem = check_addresses(vals, version)
        if problem:
            errors[name] = problem
    if not v4 and not v6 and "addresses.ipv4" not in errors:
        errors["addresses.ipv4"] = "Give at least one address (0.0.0.0/0 is any IPv4, ::/0 any IPv6)."
    label = values.get("label")
    if label and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{1,30}[A-Za-z0-9]", str(label)):
        errors["label"] = "3–32 characters: letters, digits, - _ and . (starting and ending alphanumeric)."
    return errors


def rule_from_values(values: dict[str, Any]) -> dict[str, Any]:
    """The rule as the API takes it, from the form's values (a Rule Set reference, or a rule)."""
    rs = values.get("ruleset")
    if rs not in (None, ""):
        return {"ruleset": int(rs)}
    rule: dict[str, Any] = {
        "action": values.get("action"),
        "protocol": values.get("protocol"),
        "addresses": {
            "ipv4": _as_list(values.get("addresses.ipv4")),
            "ipv6": _as_list(values.get("addresses.ipv6")),
        },
    }
    ports = (values.get("ports") or "").strip()
    if ports and values.get("protocol") not in ("ICMP", "IPENCAP"):
        rule["ports"] = ", ".join(p.strip() for p in ports.split(","))
    for key in ("label", "description"):
        if values.get(key):
            rule[key] = values[key]
    return rule


def rule_form(direction: str, prefix_lists: tuple[str, ...] = ()) -> tuple[FormField, ...]:
    """The form of one rule of ``direction``: a Rule Set reference, or the rule's own fields."""
    pl = f" Prefix lists: {', '.join(prefix_lists)}." if prefix_lists else ""
    return (
        FormField(
            "ruleset",
            "Rule Set (instead of the fields below)",
            "select",
            choices=Choices(
                RULESETS_PATH,
                "id",
                "label",
                describe=lambda r: (
                    f"{r.get('label')}  ({len(r.get('rules') or [])} rules)"
                    + ("  service-defined" if r.get("is_service_defined") else "")
                ),
                keep=lambda r, _item: r.get("type") == direction,
            ),
            default_from="ruleset",
        ),
        FormField("label", "Label", default_from="label", help="Optional, 3–32 characters"),
        FormField(
            "action",
            "Action",
            "select",
            required=True,
            options=(("ACCEPT", "ACCEPT"), ("DROP", "DROP")),
            default="ACCEPT",
            default_from="action",
        ),
        FormField(
            "protocol",
            "Protocol",
            "select",
            required=True,
            options=tuple((p, p) for p in PROTOCOLS),
            default="TCP",
            default_from="protocol",
        ),
        FormField("ports", "Ports", default_from="ports", help=PORTS_HELP),
        FormField(
            "addresses.ipv4",
            "IPv4 addresses (comma separated)",
            "tags",
            default_from="addresses.ipv4",
            help="Addresses or networks, e.g. 0.0.0.0/0 (any), 203.0.113.7, 198.51.100.0/24." + pl,
        ),
        FormField(
            "addresses.ipv6",
            "IPv6 addresses (comma separated)",
            "tags",
            default_from="addresses.ipv6",
            help="e.g. ::/0 (any), 2001:db8::/32.",
        ),
        FormField("description", "Description", default_from="description"),
    )


# -- how a rule reads (tables, the diff, history) -------------------------------------------------
def addresses_summary(rule: dict[str, Any], width: int = 0) -> str:
    """IPv4 and IPv6 together; ``0.0.0.0/0`` and ``::/0`` read as "any"."""
    addrs = rule.get("addresses") or {}
    v4 = [str(a) for a in addrs.get("ipv4") or []]
    v6 = [str(a) for a in addrs.get("ipv6") or []]
    if v4 == ["0.0.0.0/0"] and v6 == ["::/0"]:
        return "any (IPv4 and IPv6)"
    shown = ["any IPv4" if a == "0.0.0.0/0" else a for a in v4] + [
        "any IPv6" if a == "::/0" else a for a in v6
    ]
    return ", ".join(shown) if shown else "none"


def ruleset_label(rule: dict[str, Any], rulesets: dict[int, dict[str, Any]]) -> str:
    rs = rulesets.get(rule.get("ruleset"))  # type: ignore[arg-type]
    return str(rs.get("label")) if rs else f"Rule Set {rule.get('ruleset')}"


def describe_rule(rule: dict[str, Any], rulesets: dict[int, dict[str, Any]] | None = None) -> str:
    """One line: ``ssh: ACCEPT TCP 22 from 198.51.100.0/24`` or ``Rule Set office-ssh``."""
    if "ruleset" in rule:
        return f"Rule Set {ruleset_label(rule, rulesets or {})}"
    ports = rule.get("ports") or ("" if rule.get("protocol") in ("ICMP", "IPENCAP") else "all ports")
    head = f"{rule.get('label')}: " if rule.get("label") else ""
    return f"{head}{rule.get('action')} {rule.get('protocol')} {ports} — {addresses_summary(rule)}".replace(
        "  ", " "
    )


def clean_rule(rule: dict[str, Any]) -> dict[str, Any]:
    """The rule without the editor's own keys (``_uid``…)."""
    return {k: v for k, v in rule.items() if not k.startswith("_")}


def norm_rule(rule: dict[str, Any]) -> dict[str, Any]:
    """What a rule means, for comparing: no editor keys, no empty fields (the API answers
    ``"label": null`` for a rule sent without one), both address lists."""
    out = {k: v for k, v in clean_rule(rule).items() if v not in (None, "", [])}
    if "ruleset" not in out:
        addrs = rule.get("addresses") or {}
        out["addresses"] = {f: list(addrs.get(f) or []) for f in ("ipv4", "ipv6")}
    return out


def _fields_changed(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    out = []
    for key in ("ruleset", "label", "action", "protocol", "ports", "addresses", "description"):
        va, vb = a.get(key), b.get(key)
        if key == "addresses":
            va, vb = addresses_summary(a), addresses_summary(b)
        if (va or None) != (vb or None):
            out.append(f"{key} {va or '—'} → {vb or '—'}")
    return out


def rules_diff(
    before: dict[str, Any], after: dict[str, Any], rulesets: dict[int, dict[str, Any]] | None = None
) -> list[str]:
    """What saving changes, one line each: ``+`` added, ``-`` removed, ``~`` changed, ``↕`` order,
    and the default policies. Rules are matched by their ``_uid`` (the editor's identity)."""
    lines: list[str] = []
    for direction in ("inbound", "outbound"):
        old = [r for r in before.get(direction) or [] if isinstance(r, dict)]
        new = [r for r in after.get(direction) or [] if isinstance(r, dict)]
        old_by = {r.get("_uid"): r for r in old}
        new_uids = {r.get("_uid") for r in new}
        title = direction.capitalize()
        for r in old:
            if r.get("_uid") not in new_uids:
                lines.append(f"- {title}: {describe_rule(r, rulesets)}")
        for n, r in enumerate(new, 1):
            was = old_by.get(r.get("_uid"))
            if was is None:
                lines.append(f"+ {title} #{n}: {describe_rule(r, rulesets)}")
            elif norm_rule(was) != norm_rule(r):
                what = describe_rule(r, rulesets) if "ruleset" in r else str(r.get("label") or f"rule #{n}")
                lines.append(f"~ {title} #{n} {what}: " + "; ".join(_fields_changed(was, r)))
        kept_old = [r.get("_uid") for r in old if r.get("_uid") in new_uids]
        kept_new = [r.get("_uid") for r in new if r.get("_uid") in old_by]
        if kept_old != kept_new:
            names = {r.get("_uid"): str(r.get("label") or describe_rule(r, rulesets)) for r in new}
            lines.append(f"↕ {title} order: " + ", ".join(names[u] for u in kept_new))
        policy = f"{direction}_policy"
        if before.get(policy) != after.get(policy):
            lines.append(f"~ Default {direction} policy: {before.get(policy)} → {after.get(policy)}")
    return lines


def rules_body(rules: dict[str, Any]) -> dict[str, Any]:
    """The body of ``PUT /networking/firewalls/{id}/rules``: both lists and both policies."""
    return {
        "inbound": [clean_rule(r) for r in rules.get("inbound") or []],
        "inbound_policy": rules.get("inbound_policy"),
        "outbound": [clean_rule(r) for r in rules.get("outbound") or []],
        "outbound_policy": rules.get("outbound_policy"),
    }


def rules_text(rules: dict[str, Any], rulesets: dict[int, dict[str, Any]] | None = None) -> str:
    """A version of the rules as text (the history shows one)."""
    lines = []
    for direction in ("inbound", "outbound"):
        lines.append(f"{direction.capitalize()} (default policy {rules.get(direction + '_policy')})")
        rows = rules.get(direction) or []
        lines += [f"  {n:>2}. {describe_rule(r, rulesets)}" for n, r in enumerate(rows, 1)] or ["   none"]
        lines.append("")
    return "\n".join(lines).rstrip()


# -- create: rules from a template or empty, plus devices -----------------------------------------
EMPTY = "empty"
RULE_KEYS = ("inbound", "inbound_policy", "outbound", "outbound_policy")


def _template_label(t: dict[str, Any]) -> str:
    r = t.get("rules") or {}
    return (
        f"Template “{t.get('slug')}”: {len(r.get('inbound') or [])} inbound, "
        f"{len(r.get('outbound') or [])} outbound rules; inbound {r.get('inbound_policy')}, "
        f"outbound {r.get('outbound_policy')}"
    )


def _policy_field(name: str, label: str, default: str) -> FormField:
    return FormField(
        name,
        label,
        "select",
        options=tuple((p, p) for p in POLICIES),
        default=default,
        help="For empty rules; a template brings its own policies.",
    )


CREATE_FORM = (
    FormField("label", "Label", required=True, help="3–32 characters, unique among your firewalls"),
    FormField(
        "template", "Rules", "select", required=True, options=((EMPTY, "Empty: no rules"),), default=EMPTY
    ),
    _policy_field("inbound_policy", "Default inbound policy", "DROP"),
    _policy_field("outbound_policy", "Default outbound policy", "ACCEPT"),
    FormField(
        "linodes",
        "Linodes",
        "multiselect",
        choices=Choices("/linode/instances", keep=lambda r, _i: r.get("interface_generation") != "linode"),
        help="Linodes with Linode interfaces take a firewall on an interface (Devices tab, after creating).",
    ),
    FormField("nodebalancers", "NodeBalancers", "multiselect", choices=Choices("/nodebalancers")),
    FormField("tags", "Tags (comma separated)", "tags"),
)


async def create_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """The templates the API offers become choices of the Rules field (their rules as the value)."""
    from linode_tui.api.errors import LinodeError

    try:
        templates = await client.list_all("/networking/firewalls/templates")
    except LinodeError:
        templates = []
    options = [(EMPTY, "Empty: no rules (the default policies below)")]
    for t in templates:
        if isinstance(t, dict) and isinstance(t.get("rules"), dict):
            rules = {k: t["rules"][k] for k in RULE_KEYS if k in t["rules"]}
            options.append((json.dumps(rules, sort_keys=True), _template_label(t)))
    fields = list(action.form)
    fields[1] = FormField("template", "Rules", "select", required=True, options=tuple(options), default=EMPTY)
    return tuple(fields)


def create_body(values: dict[str, Any]) -> dict[str, Any]:
    raw = values.get("template")
    if raw and raw != EMPTY:
        rules = json.loads(raw)
    else:
        rules = {
            "inbound": [],
            "inbound_policy": values.get("inbound_policy") or "DROP",
            "outbound": [],
            "outbound_policy": values.get("outbound_policy") or "ACCEPT",
        }
    body: dict[str, Any] = {"label": values.get("label"), "rules": rules}
    devices = {k: list(values[k]) for k in ("linodes", "nodebalancers") if values.get(k)}
    if devices:
        body["devices"] = devices
    if values.get("tags"):
        body["tags"] = values["tags"]
    return body


def create_summary(values: dict[str, Any], lookup: Lookup) -> str:
    raw = values.get("template")
    if raw and raw != EMPTY:
        rules = json.loads(raw)
        what = (
            f"Rules     {len(rules.get('inbound') or [])} inbound, "
            f"{len(rules.get('outbound') or [])} outbound from the template; "
            f"inbound {rules.get('inbound_policy')}, outbound {rules.get('outbound_policy')}"
        )
    else:
        what = (
            f"Rules     none; inbound {values.get('inbound_policy') or 'DROP'}, "
            f"outbound {values.get('outbound_policy') or 'ACCEPT'}"
        )
    n = len(values.get("linodes") or []) + len(values.get("nodebalancers") or [])
    return what + f"\nDevices   {n or 'none'}"


# -- devices: add (only what can take this firewall) and remove -------------------------------------
async def _attached(client: Any, devices_path: str) -> set[tuple[str, int]]:
    rows = await client.list_all(devices_path)
    return {
        (str(d["entity"].get("type")), int(d["entity"].get("id")))
        for d in rows
        if isinstance(d, dict) and isinstance(d.get("entity"), dict)
    }


def _device_form(
    kind: str, what: str, options: list[tuple[Any, str]], why_none: str
) -> tuple[FormField, ...]:
    return (
        FormField("type", "Type", "select", required=True, options=((kind, kind),), default=kind),
        FormField(
            "id",
            what,
            "select",
            required=True,
            options=tuple(options),
            help="" if options else why_none,
        ),
    )


async def linode_device_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """Linodes not on this firewall yet; those with Linode interfaces take it on an interface."""
    attached = await _attached(client, action.path)
    linodes = await client.list_all("/linode/instances")
    options = [
        (x["id"], f"{x.get('label')}  {x.get('region')}  ({x.get('status')})")
        for x in linodes
        if isinstance(x, dict)
        and ("linode", x.get("id")) not in attached
        and x.get("interface_generation") != "linode"
    ]
    return _device_form(
        "linode", "Linode", options, "Every Linode that can take it is on this firewall already."
    )


async def nodebalancer_device_form(
    client: Any, action: Action, item: dict[str, Any]
) -> tuple[FormField, ...]:
    attached = await _attached(client, action.path)
    nbs = await client.list_all("/nodebalancers")
    options = [
        (x["id"], f"{x.get('label')}  {x.get('region')}")
        for x in nbs
        if isinstance(x, dict) and ("nodebalancer", x.get("id")) not in attached
    ]
    return _device_form(
        "nodebalancer", "NodeBalancer", options, "Every NodeBalancer is on this firewall already."
    )


async def interface_device_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """Public and VPC interfaces of Linodes with Linode interfaces that have no firewall yet (an
    interface takes one firewall; VLAN interfaces none)."""
    from linode_tui.api.errors import LinodeError

    linodes = await client.list_all("/linode/instances")
    options: list[tuple[Any, str]] = []
    for x in linodes:
        if not isinstance(x, dict) or x.get("interface_generation") != "linode":
            continue
        base = f"/linode/instances/{x['id']}/interfaces"
        try:
            data = await client.get(base)
        except LinodeError:
            continue
        for itf in (data.get("interfaces") or data.get("data") or []) if isinstance(data, dict) else []:
            kind = (
                "public" if itf.get("public") is not None else "vpc" if itf.get("vpc") is not None else None
            )
            if kind is None:
                continue
            try:
                fws = await client.list_all(f"{base}/{itf['id']}/firewalls")
            except LinodeError:
                continue
            if not fws:
                options.append((itf["id"], f"{x.get('label')}: {kind} interface {itf['id']}"))
    return _device_form(
        "linode_interface",
        "Linode interface",
        options,
        "No public or VPC Linode interface without a firewall (VLAN interfaces take none).",
    )


def _add_device(key: str, what: str, prepare: Any) -> Action:
    return Action(
        key,
        f"Add {what}",
        "POST",
        "/networking/firewalls/{parent}/devices",
        RW,
        on_collection=True,
        bulk=False,
        verb="added",
        prepare_form=prepare,
        form=(FormField("id", what, "select", required=True),),
    )


def device_rows(data: list[Any]) -> list[Any]:
    """Devices with a label to name them (an interface has none of its own)."""
    out = []
    for d in data:
        if not isinstance(d, dict):
            continue
        e = d.get("entity") or {}
        parent = (e.get("parent_entity") or {}).get("label")
        label = e.get("label") or (
            f"{parent}: interface {e.get('id')}" if parent else f"{e.get('type')} {e.get('id')}"
        )
        out.append({**d, "label": label, "parent": parent or ""})
    return out


DEVICE_ACTIONS = (
    _add_device("add_linode", "Linode", linode_device_form),
    _add_device("add_nodebalancer", "NodeBalancer", nodebalancer_device_form),
    _add_device("add_interface", "Linode interface", interface_device_form),
    Action(
        "remove",
        "Remove device",
        "DELETE",
        "/networking/firewalls/{parent}/devices/{id}",
        RW,
        danger="confirm",
        bulk=False,
        verb="removed",
        binding="ctrl+d",
        consequence="{who} is no longer protected by this firewall: these rules stop filtering its traffic.",
    ),
)


RULES_ACTION = Action(
    "rules",
    "Edit rules",
    "PUT",
    "/networking/firewalls/{id}/rules",
    RW,
    danger="confirm",
    binding="R",
    footer=True,
    bulk=False,
    verb="rules saved",
    consequence="Replace the rules of {who} (one request) with these changes:",
    opens=f"{EDITOR}.FirewallRulesView",
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
            "rules", "Rules", "/networking/firewalls/{id}/rules", kind="object", view=f"{EDITOR}:RulesEditor"
        ),
        Tab(
            "devices",
            "Devices",
            "/networking/firewalls/{id}/devices",
            columns=(
                Col("id", "ID", "int"),
                Col("entity.type", "Type"),
                Col("label", "Entity"),
                Col("created", "Added", "date"),
            ),
            actions=DEVICE_ACTIONS,
            rows=device_rows,
        ),
        Tab("history", "History", "/networking/firewalls/{id}/history", view=f"{EDITOR}:RuleHistory"),
    ),
    actions=(
        Action(
            "create",
            "Create firewall",
            "POST",
            "/networking/firewalls",
            RW,
            binding="n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="created",
            form=CREATE_FORM,
            prepare_form=create_form,
            to_body=create_body,
            summary=create_summary,
        ),
        RULES_ACTION,
        edit_label_tags("/networking/firewalls/{id}", RW),
        delete_action("/networking/firewalls/{id}", RW, "firewall"),
    ),
)

AREA = FIREWALLS
