"""Pieces several areas share: look-up lists for select fields and the common actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from linode_tui.core.descriptors import Action, Choices, Col, FormField

STRONG_PASSWORD_HELP = "11–128 characters; mix upper and lower case, digits and symbols"

REGION = Choices("/regions", "id", "label", describe=lambda r: f"{r.get('id')}  {r.get('label', '')}")
IMAGE = Choices("/images", "id", "label", describe=lambda i: f"{i.get('id')}  {i.get('label', '')}")


def money(value: Any, per: str | None = None, places: int = 2) -> str:
    """``$24.00``, or ``$24.00/mo`` with ``per="mo"``; "?" when the API sent no amount."""
    try:
        text = f"${float(value):,.{places}f}"
    except (TypeError, ValueError):
        return "?"
    return f"{text}/{per}" if per else text


def _type_desc(t: dict[str, Any]) -> str:
    """A priced plan line: $/mo first (what people compare), then CPU, RAM, disk, transfer, class."""
    price = (t.get("price") or {}).get("monthly")
    mem = t.get("memory") or 0
    disk = t.get("disk") or 0
    ram = f"{mem // 1024} GB" if mem >= 1024 else f"{mem} MB"
    gpus = f" {t.get('gpus')} GPU" if t.get("gpus") else ""
    monthly = (money(price, "mo") if isinstance(price, int | float) else "$?/mo").rjust(12)
    return (
        f"{monthly}  {t.get('vcpus', '?'):>2} vCPU{gpus}  {ram:>6} RAM  {disk // 1024:>5} GB disk  "
        f"{(t.get('transfer') or 0) // 1000:>2} TB  {t.get('class', '')}  {t.get('id')}"
    )


LINODE_TYPE = Choices("/linode/types", "id", "label", describe=_type_desc)
FIREWALL = Choices("/networking/firewalls", "id", "label")
PLACEMENT_GROUP = Choices(
    "/placement/groups",
    "id",
    "label",
    describe=lambda g: f"{g.get('label')}  {g.get('region')}  {g.get('placement_group_type')}",
)
SSH_KEYS = Choices("/profile/sshkeys", "ssh_key", "label")
CONFIGS = Choices("/linode/instances/{id}/configs", "id", "label")
BACKUPS = Choices(
    "/linode/instances/{id}/backups",
    "id",
    "label",
    describe=lambda b: f"{b.get('label') or b.get('type')}  {b.get('created')}  ({b.get('status')})",
)

ROOT_PASS = FormField(
    "root_pass", "Root password", "password", required=True, help=STRONG_PASSWORD_HELP, secret=True
)

TIMESTAMPS = (Col("created", "Created", "date"), Col("updated", "Updated", "date"))


def delete_action(
    path: str, scope: str, what: str, blocked: Callable[[dict[str, Any]], str | None] | None = None
) -> Action:
    """Delete with the label typed in full; ``blocked`` says why this item cannot be deleted."""
    return Action(
        "delete",
        f"Delete {what}",
        "DELETE",
        path,
        scope,
        danger="type",
        binding="ctrl+d",
        verb="deleted",
        footer=True,
        consequence="This permanently deletes {who} and everything on it. It cannot be undone.",
        blocked=blocked,
    )


def edit_label_tags(path: str, scope: str, with_tags: bool = True) -> Action:
    form: tuple[FormField, ...] = (FormField("label", "Label", required=True, default_from="label"),)
    if with_tags:
        form = (*form, FormField("tags", "Tags (comma separated)", "tags", default_from="tags"))
    return Action("edit", "Rename / edit tags", "PUT", path, scope, binding="E", form=form, verb="updated")


# The API has many thousands of public StackScripts: the picker offers the account's own and the
# widely deployed public ones (any other deploys from its row in :stackscripts).
POPULAR_DEPLOYMENTS = 1000
STACKSCRIPT = Choices(
    "/linode/stackscripts",
    "id",
    "label",
    filter={
        "+or": [{"mine": True}, {"deployments_total": {"+gte": POPULAR_DEPLOYMENTS}}],
        "+order_by": "deployments_total",
        "+order": "desc",
    },
    describe=lambda s: (
        f"{s.get('label')}  by {'you' if s.get('mine') else s.get('username')}  "
        f"({', '.join(s.get('images') or [])})"
    ),
)


def udf_fields(ss: dict[str, Any]) -> tuple[FormField, ...]:
    """A StackScript's user-defined fields as form fields (``stackscript_data.<name>``): a select
    for ``oneOf``, a multiselect for ``manyOf``, text otherwise (masked when it is a password);
    required when the UDF has no default."""
    out = []
    for u in ss.get("user_defined_fields") or []:
        if not isinstance(u, dict) or not u.get("name"):
            continue
        name = f"stackscript_data.{u['name']}"
        label = str(u.get("label") or u["name"])
        one = [o.strip() for o in str(u.get("oneOf") or "").split(",") if o.strip()]
        many = [o.strip() for o in str(u.get("manyOf") or "").split(",") if o.strip()]
        secret = "password" in str(u["name"]).lower()
        required = "default" not in u
        example = f"e.g. {u['example']}" if u.get("example") else ""
        if one:
            out.append(
                FormField(
                    name,
                    label,
                    "select",
                    required=required,
                    options=tuple((o, o) for o in one),
                    default=u.get("default"),
                    help=example,
                )
            )
        elif many:
            default = [d.strip() for d in str(u.get("default") or "").split(",") if d.strip()]
            out.append(
                FormField(
                    name,
                    label,
                    "multiselect",
                    required=required,
                    options=tuple((o, o) for o in many),
                    default=default,
                    help=example,
                )
            )
        else:
            out.append(
                FormField(
                    name,
                    label,
                    "password" if secret else "text",
                    required=required,
                    default=u.get("default"),
                    help=example,
                    secret=secret,
                )
            )
    return tuple(out)


def stackscript_data(values: dict[str, Any]) -> dict[str, Any]:
    """``stackscript_data.<name>`` form values as the API's ``stackscript_data`` (strings; a
    ``manyOf`` pick comma separated)."""
    data: dict[str, Any] = {}
    for key, value in values.items():
        if key.startswith("stackscript_data.") and value not in (None, "", []):
            data[key.split(".", 1)[1]] = ",".join(map(str, value)) if isinstance(value, list) else str(value)
    return data


def user_data_b64(text: str) -> str:
    """What ``metadata.user_data`` sends: the text as base64, read from a file when the text is a
    path to one; text that already is base64 of UTF-8 text is sent as it is."""
    import base64
    import binascii
    from pathlib import Path

    raw = text.strip()
    if raw and "\n" not in raw and len(raw) < 4096:
        path = Path(raw).expanduser()
        if path.is_file():
            return base64.b64encode(path.read_bytes()).decode("ascii")
    try:
        base64.b64decode("".join(raw.split()), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return base64.b64encode(text.encode("utf-8")).decode("ascii")
    return "".join(raw.split())
