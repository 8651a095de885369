"""The Domains area."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from typing import Any

from linode_tui.areas._shared import (
    delete_action,
)
from linode_tui.core.descriptors import Action, Area, Col, FormField, Lookup, Tab


def zone_text(data: Any, item: dict[str, Any], lookup: Lookup) -> str:
    """``/zone-file`` answers ``{"zone_file": [lines]}``: shown as the file it is, with line numbers."""
    lines = data.get("zone_file") if isinstance(data, dict) else None
    if not lines:
        return "The zone file is empty (it is rendered a few minutes after a change)."
    width = len(str(len(lines)))
    return "\n".join(f"{n:>{width}}  {line}" for n, line in enumerate(lines, 1))


RW = "domains:read_write"
#: The TTLs a record keeps (0: the domain's default); the API rounds any other value to the nearest.
RECORD_TTLS = (300, 3600, 7200, 14400, 28800, 57600, 86400, 172800, 345600, 604800, 1209600, 2419200)
#: The domain's TTL, refresh, retry and expire values; the API rounds others up (0: the default).
DOMAIN_TTLS = (30, 120, *RECORD_TTLS)
#: What 0 means for each of the domain's timers (the API's defaults).
DOMAIN_DEFAULTS = {"ttl_sec": 86400, "refresh_sec": 14400, "retry_sec": 14400, "expire_sec": 1209600}
_UNITS = ((604800, "week"), (86400, "day"), (3600, "h"), (60, "min"), (1, "s"))


def ttl_text(seconds: Any) -> str:
    """A TTL in human units: 300 → "5 min", 86400 → "1 day", 1209600 → "2 weeks"."""
    if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds <= 0:
        return str(seconds)
    for size, unit in _UNITS:
        if seconds % size == 0:
            n = seconds // size
            plural = "s" if n != 1 and unit in ("week", "day") else ""
            return f"{n} {unit}{plural}"
    return f"{seconds} s"


def ttl_options(allowed: tuple[int, ...], default: int) -> tuple[tuple[str, str], ...]:
    return (("0", f"default ({ttl_text(default)})"), *((str(v), ttl_text(v)) for v in allowed))


def _ttl_field(name: str, label: str, allowed: tuple[int, ...], default: int, current: Any = 0) -> FormField:
    """A TTL picker of the API's allowed values; a current value the API kept outside them is kept."""
    options = ttl_options(allowed, default)
    value = str(current if isinstance(current, int) else 0)
    if value not in {v for v, _ in options}:
        options = (*options, (value, ttl_text(int(value))))
    return FormField(name, label, "select", required=True, options=options, default=value)


def _invalid(field: str, message: str) -> Exception:
    from linode_tui.api.errors import ValidationError

    return ValidationError(message, field_errors={field: message})


_LABEL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$")


def is_hostname(value: str, *, wildcard: bool = True) -> bool:
    """A domain name (a trailing period is fine; the left-most label may be ``*``)."""
    name = value[:-1] if value.endswith(".") else value
    parts = name.split(".")
    if wildcard and parts and parts[0] == "*":
        parts = parts[1:]
    return 0 < len(value) <= 253 and bool(parts) and all(_LABEL.match(p) for p in parts)


def _ip_ok(value: str, version: int) -> bool:
    try:
        return ipaddress.ip_address(value).version == version
    except ValueError:
        return False


def check_record(rtype: str, values: dict[str, Any]) -> None:
    """The checks made before a record is sent (the API makes them again and answers 400)."""
    name = str(values.get("name") or "")
    target = str(values.get("target") or "")
    if name and rtype != "SRV" and not is_hostname(name):
        raise _invalid("name", "Letters, digits and hyphens, labels separated by dots (or * first).")
    if rtype == "A" and not _ip_ok(target, 4):
        raise _invalid("target", f"{target!r} is not an IPv4 address (e.g. 192.0.2.1).")
    if rtype == "AAAA" and not _ip_ok(target, 6):
        raise _invalid("target", f"{target!r} is not an IPv6 address (e.g. 2001:db8::1).")
    if rtype in ("CNAME", "MX", "NS", "SRV") and not is_hostname(target):
        raise _invalid("target", f"{target!r} is not a host name (e.g. mail.example.com).")
    if rtype == "SRV" and not _LABEL.match(str(values.get("service") or "").lstrip("_")):
        raise _invalid("service", "A service name such as _sip or _xmpp.")
    if rtype == "CAA" and values.get("tag") in ("issue", "issuewild"):
        host = target.split(";")[0].strip()
        if not is_hostname(host, wildcard=False) or host.startswith("*"):
            raise _invalid("target", "The certificate issuer's domain (e.g. letsencrypt.org).")
    if rtype == "CAA" and values.get("tag") == "iodef":
        ok = target.startswith(("mailto:", "http://", "https://")) or is_hostname(target, wildcard=False)
        if not ok:
            raise _invalid("target", "A mailto:, http:// or https:// address to report to.")
    for key, top in (("priority", 255), ("weight", 65535), ("port", 65535)):
        v = values.get(key)
        if isinstance(v, int) and not 0 <= v <= top:
            raise _invalid(key, f"From 0 to {top}.")


def record_body(rtype: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The request body of a record of this type: checked, TTL as a number, TXT unquoted."""

    def body(values: dict[str, Any]) -> dict[str, Any]:
        out = dict(values)
        if rtype == "TXT":  # the API quotes the value in the zone file itself
            text = str(out.get("target") or "").strip()
            out["target"] = text
            if len(text) >= 2 and text[0] == text[-1] == '"':
                out["target"] = text[1:-1]
        check_record(rtype, out)
        if "ttl_sec" in out:
            out["ttl_sec"] = int(out["ttl_sec"])
        if rtype != "SRV":  # the API makes an SRV record's name from its service and protocol
            out.setdefault("name", "")
        return out

    return body


def _f(name: str, label: str, kind: Any = "text", **kw: Any) -> FormField:
    return FormField(name, label, kind, default_from=name, **kw)


NAME = _f("name", "Name (empty: the domain itself)")
PRIORITY = _f("priority", "Priority (0–255, lower first)", "int", default=10, required=True)


def record_fields(rtype: str, record: dict[str, Any] | None = None) -> tuple[FormField, ...]:
    """The fields of a record of this type (the record's values filled in when editing)."""
    ttl = _ttl_field(
        "ttl_sec", "TTL", RECORD_TTLS, DOMAIN_DEFAULTS["ttl_sec"], (record or {}).get("ttl_sec", 0)
    )
    fields: dict[str, tuple[FormField, ...]] = {
        "A": (NAME, _f("target", "IPv4 address", required=True)),
        "AAAA": (NAME, _f("target", "IPv6 address", required=True)),
        "CNAME": (_f("name", "Hostname", required=True), _f("target", "Alias to (hostname)", required=True)),
        "MX": (NAME, _f("target", "Mail server", required=True), PRIORITY),
        "TXT": (NAME, _f("target", "Text (quotes are added by the API)", "textarea", required=True)),
        "SRV": (
            _f("service", "Service (e.g. _sip)", required=True),
            _f(
                "protocol",
                "Protocol",
                "select",
                required=True,
                options=(("_tcp", "_tcp"), ("_udp", "_udp"), ("_tls", "_tls")),
                default="_tcp",
            ),
            PRIORITY,
            _f("weight", "Weight (0–65535)", "int", default=5, required=True),
            _f("port", "Port", "int", required=True),
            _f("target", "Target host", required=True),
        ),
        "CAA": (
            NAME,
            _f(
                "tag",
                "Tag",
                "select",
                required=True,
                options=(("issue", "issue"), ("issuewild", "issuewild"), ("iodef", "iodef")),
                default="issue",
            ),
            _f("target", "Value (issuer domain, or mailto:/https:// for iodef)", required=True),
        ),
        "NS": (NAME, _f("target", "Name server", required=True)),
    }
    return (*fields[rtype], ttl)


RECORD_TYPES = ("A", "AAAA", "CNAME", "MX", "TXT", "SRV", "CAA", "NS")
RECORD_FIELDS: dict[str, tuple[FormField, ...]] = {t: record_fields(t) for t in RECORD_TYPES}


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
        to_body=record_body(rtype),
    )


async def record_form(client: Any, action: Action, record: dict[str, Any]) -> tuple[FormField, ...]:
    """Editing a record shows the fields of its type."""
    rtype = str(record.get("type"))
    return record_fields(rtype, record) if rtype in RECORD_TYPES else action.form


def record_label(r: dict[str, Any]) -> str:
    """How a record is named: "A www → 192.0.2.1" ("@" for the domain itself)."""
    return f"{r.get('type')} {r.get('name') or '@'} → {r.get('target')}"


def _edit_body(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if "ttl_sec" in out:
        out["ttl_sec"] = int(out["ttl_sec"])
    return out


RECORD_ACTIONS: tuple[Action, ...] = (
    *(_create_record(t) for t in RECORD_TYPES),
    Action(
        "edit",
        "Edit record",
        "PUT",
        "/domains/{parent}/records/{id}",
        RW,
        bulk=False,
        verb="updated",
        form=(NAME, _f("target", "Target")),
        prepare_form=record_form,
        to_body=_edit_body,
    ),
    Action(
        "delete",
        "Delete record",
        "DELETE",
        "/domains/{parent}/records/{id}",
        RW,
        "confirm",
        verb="deleted",
        consequence="The record {_label} will be deleted.",
    ),
)


def record_rows(data: list[Any]) -> list[Any]:
    """A record's rows carry how confirmations name it (``_label``: "A www → 192.0.2.1")."""
    return [{**r, "_label": record_label(r)} if isinstance(r, dict) else r for r in data]


_TIMERS = (
    ("ttl_sec", "Default TTL of the records"),
    ("refresh_sec", "Refresh (how often secondaries check)"),
    ("retry_sec", "Retry (after a failed refresh)"),
    ("expire_sec", "Expire (secondaries stop answering after)"),
)


def soa_form(domain: dict[str, Any]) -> tuple[FormField, ...]:
    """The domain's SOA fields: TTL pickers of the values the API keeps, the current ones chosen."""
    timers = tuple(
        _ttl_field(key, label, DOMAIN_TTLS, DOMAIN_DEFAULTS[key], domain.get(key, 0))
        for key, label in _TIMERS
    )
    master = domain.get("type") != "slave"
    return (
        *((_f("soa_email", "SOA e-mail", required=True),) if master else ()),
        *timers,
        *((_f("master_ips", "Master IPs (comma separated)", "tags", required=True),) if not master else ()),
        _f("axfr_ips", "AXFR IPs: who may transfer the zone (comma separated; empty: nobody)", "tags"),
        _f("description", "Description"),
        _f("tags", "Tags (comma separated)", "tags"),
    )


SOA_FORM = soa_form({})


async def _soa_form(client: Any, action: Action, domain: dict[str, Any]) -> tuple[FormField, ...]:
    return soa_form(domain)


def _check_ips(values: dict[str, Any], key: str) -> None:
    for ip in values.get(key) or []:
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            raise _invalid(key, f"{ip!r} is not an IP address.") from None


def _check_email(values: dict[str, Any]) -> None:
    email = str(values.get("soa_email") or "")
    user, _, host = email.partition("@")
    if email and (not user or not is_hostname(host, wildcard=False) or "." not in host):
        raise _invalid("soa_email", f"{email!r} is not an e-mail address.")


def soa_body(values: dict[str, Any]) -> dict[str, Any]:
    """The edit's body: timers as numbers, IP lists checked (an empty AXFR list is sent: nobody)."""
    out = dict(values)
    for key, _ in _TIMERS:
        if key in out:
            out[key] = int(out[key])
    out.setdefault("axfr_ips", [])
    _check_email(out)
    _check_ips(out, "axfr_ips")
    _check_ips(out, "master_ips")
    return out


def create_body(values: dict[str, Any]) -> dict[str, Any]:
    """A master needs its SOA e-mail, a slave the IPs of its master; the other field is not sent."""
    out = dict(values)
    if out.get("type") == "slave":
        out.pop("soa_email", None)
        if not out.get("master_ips"):
            raise _invalid("master_ips", "A slave domain needs the IP of at least one master.")
        _check_ips(out, "master_ips")
    else:
        out.pop("master_ips", None)
        if not out.get("soa_email"):
            raise _invalid("soa_email", "A master domain needs an SOA e-mail.")
        _check_email(out)
    domain = str(out.get("domain") or "")
    if not is_hostname(domain, wildcard=False) or "." not in domain.strip("."):
        raise _invalid("domain", f"{domain!r} is not a domain name (e.g. example.com).")
    return out


def import_body(values: dict[str, Any]) -> dict[str, Any]:
    domain, remote = str(values.get("domain") or ""), str(values.get("remote_nameserver") or "")
    if not is_hostname(domain, wildcard=False) or "." not in domain:
        raise _invalid("domain", f"{domain!r} is not a domain name (e.g. example.com).")
    if not is_hostname(remote, wildcard=False) and not (_ip_ok(remote, 4) or _ip_ok(remote, 6)):
        raise _invalid("remote_nameserver", f"{remote!r} is not a host name or an IP address.")
    return dict(values)


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
        to_body=create_body,
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
        note="The remote name server must allow zone transfers (AXFR) from 96.126.114.97, 96.126.114.98, "
        "2600:3c00::5e and 2600:3c00::5f.",
        to_body=import_body,
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
        prepare_form=_soa_form,
        to_body=soa_body,
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
            label_key="_label",
            rows=record_rows,
            view="linode_tui.ui.views.domain_records:RecordsEditor",
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
