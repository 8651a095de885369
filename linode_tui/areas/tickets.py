"""The Support tickets area: open (regarding an entity), reply (multi-line), close; attachments."""

from __future__ import annotations

import dataclasses
from typing import Any

from linode_tui.core.descriptors import Action, Area, Col, FormField, Tab

RW = "account:read_write"
#: What a ticket can be about: the body field and where its candidates are listed.
REGARDING = (
    ("linode_id", "Linode", "/linode/instances", "label"),
    ("volume_id", "Volume", "/volumes", "label"),
    ("nodebalancer_id", "NodeBalancer", "/nodebalancers", "label"),
    ("domain_id", "Domain", "/domains", "domain"),
    ("database_id", "Database", "/databases/instances", "label"),
    ("lkecluster_id", "LKE cluster", "/lke/clusters", "label"),
    ("firewall_id", "Firewall", "/networking/firewalls", "label"),
)


async def _open_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """The entity picker lists the account's resources of each kind (a failed list is skipped)."""
    from linode_tui.api.errors import LinodeError

    options: list[tuple[str, str]] = [("", "Nothing in particular")]
    for field, kind, path, label in REGARDING:
        try:
            rows = await client.list_all(path)
        except LinodeError:
            continue
        options += [
            (f"{field}:{r.get('id')}", f"{kind}: {r.get(label)}") for r in rows if isinstance(r, dict)
        ]
    return tuple(
        dataclasses.replace(f, options=tuple(options)) if f.name == "regarding" else f for f in action.form
    )


def open_body(values: dict[str, Any]) -> dict[str, Any]:
    body = {k: v for k, v in values.items() if k != "regarding"}
    field, _, eid = str(values.get("regarding") or "").partition(":")
    if field and eid.isdigit():
        body[field] = int(eid)
    return body


TICKETS = Area(
    "tickets",
    "Support tickets",
    "/support/tickets",
    (
        Col("id", "ID", "int", 10),
        Col("summary", "Summary", width=36),
        Col("status", "Status", "status", 8),
        Col("entity.label", "Entity", width=16),
        Col("opened_by", "Opened by", width=12),
        Col("updated", "Updated", "date"),
    ),
    aliases=("ticket", "support"),
    group="Account",
    scope="account:read_only",
    entity_type="ticket",
    label_key="summary",
    summary=(
        Col("id", "ID", "int"),
        Col("summary", "Summary"),
        Col("status", "Status", "status"),
        Col("entity.type", "Regarding"),
        Col("entity.label", "Entity"),
        Col("opened", "Opened", "date"),
        Col("opened_by", "Opened by"),
        Col("updated", "Updated", "date"),
        Col("attachments", "Attachments", "list"),
        Col("description", "Description"),
    ),
    tabs=(
        Tab(
            "replies",
            "Replies",
            "/support/tickets/{id}/replies",
            columns=(
                Col("created", "When", "date"),
                Col("from_linode", "Linode staff", "bool"),
                Col("created_by", "From"),
                Col("description", "Reply"),
            ),
        ),
    ),
    actions=(
        Action(
            "open",
            "Open a ticket",
            "POST",
            "/support/tickets",
            RW,
            binding="n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="opened",
            form=(
                FormField("summary", "Summary", required=True, help="1–64 characters"),
                FormField("regarding", "Regarding", "select"),
                FormField("description", "Description", "textarea", required=True),
            ),
            prepare_form=_open_form,
            to_body=open_body,
        ),
        Action(
            "reply",
            "Reply",
            "POST",
            "/support/tickets/{id}/replies",
            RW,
            binding="R",
            footer=True,
            bulk=False,
            verb="replied",
            blocked=lambda t: (
                f"{t.get('summary')} is closed: open a new ticket" if t.get("status") == "closed" else None
            ),
            form=(FormField("description", "Reply", "textarea", required=True),),
        ),
        Action(
            "close",
            "Close ticket",
            "POST",
            "/support/tickets/{id}/close",
            RW,
            danger="confirm",
            bulk=False,
            verb="closed",
            blocked=lambda t: (
                None if t.get("closable") else "Linode closes this ticket: it cannot be closed by you"
            ),
            consequence="Ticket {who} is closed; replying needs a new ticket.",
        ),
    ),
)

AREA = TICKETS
