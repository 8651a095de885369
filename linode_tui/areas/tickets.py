"""The Support tickets area: open (regarding an entity), reply (multi-line), close; attachments."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from msgspec.structs import replace

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
        replace(f, options=tuple(options)) if f.name == "regarding" else f for f in action.form
    )


def open_body(values: dict[str, Any]) -> dict[str, Any]:
    body = {k: v for k, v in values.items() if k != "regarding"}
    field, _, eid = str(values.get("regarding") or "").partition(":")
    if field and eid.isdigit():
        body[field] = int(eid)
    return body


#: The file extensions the API accepts for an attachment (the spec's description of the operation).
ATTACHMENT_EXTENSIONS = (".gif", ".jpg", ".jpeg", ".pjpg", ".pjpeg", ".tif", ".tiff", ".png", ".pdf", ".txt")
#: The largest attachment sent.  The spec (4.189.0) states no limit; 5 MB is the limit Linode's
#: Cloud Manager applies to ticket attachments, refused here before anything is read or sent.
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024


def attach_body(values: dict[str, Any]) -> dict[str, Any]:
    """The typed path as the ``file`` part of the upload: refused here (next to the field, the path
    kept) when it is not a readable file of an accepted type and size."""
    from linode_tui.api.client import Upload
    from linode_tui.api.errors import ValidationError

    def refuse(message: str) -> ValidationError:
        return ValidationError(message, field_errors={"file": message})

    typed = str(values.get("file") or "").strip()
    if not typed:
        raise refuse("Type the path of the file to attach")
    path = Path(typed).expanduser()
    if not path.is_file():
        raise refuse(f"{path} is not a file" if path.exists() else f"No such file: {path}")
    if not path.name.lower().endswith(ATTACHMENT_EXTENSIONS):
        raise refuse("The API accepts only " + ", ".join(ATTACHMENT_EXTENSIONS) + " files")
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise refuse(f"{path.name} is {size / 1048576:.1f} MB: attachments must be at most 5 MB")
        content = path.read_bytes()
    except OSError as exc:
        raise refuse(f"Cannot read {path}: {exc.strerror or exc}") from None
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return {"file": Upload(path.name, content, kind)}


def _describe_upload(body: dict[str, Any]) -> str:
    part = body.get("file")
    size = len(getattr(part, "content", b""))
    shown = f"{size / 1024:.1f} KB" if size >= 1024 else f"{size} bytes"
    return f"File: {getattr(part, 'filename', '?')} ({shown}), readable by Linode Support."


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
        Action(
            "attach",
            "Attach a file",
            "POST",
            "/support/tickets/{id}/attachments",
            RW,
            danger="confirm",
            binding="A",
            bulk=False,
            verb="file attached",
            blocked=lambda t: (
                f"{t.get('summary')} is closed: open a new ticket" if t.get("status") == "closed" else None
            ),
            form=(
                FormField(
                    "file",
                    "File path",
                    required=True,
                    help="A local .png, .jpg, .gif, .tif, .pdf or .txt file of at most 5 MB (~ allowed)",
                ),
            ),
            to_body=attach_body,
            describe_body=_describe_upload,
            consequence="Upload a file to ticket {who}; it is listed under the ticket's attachments.",
        ),
    ),
)

AREA = TICKETS
