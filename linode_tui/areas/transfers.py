"""The Service transfers area: move Linodes to another account. Create (pick the Linodes; the
token is shown once, to send to the receiving account), receive one by its token, accept, cancel."""

from __future__ import annotations

from typing import Any

from linode_tui.core.descriptors import Action, Area, Choices, Col, FormField, Reveal

RW = "account:read_write"
LINODES = Choices(
    "/linode/instances", describe=lambda x: f"{x.get('label')} ({x.get('region')}, {x.get('type')})"
)


def _day(value: Any) -> str:
    return str(value or "")[:10] or "?"


def _count(t: dict[str, Any]) -> int:
    return len((t.get("entities") or {}).get("linodes") or [])


def transfer_label(t: dict[str, Any]) -> str:
    """How a confirmation names a transfer (its token is a secret: never in a label)."""
    n = _count(t)
    direction = "sent" if t.get("is_sender") else "received"
    return f"{direction} transfer of {n} Linode{'s' if n != 1 else ''} ({_day(t.get('created'))})"


def _reveal(result: Any) -> Reveal | None:
    if not isinstance(result, dict) or not result.get("token"):
        return None
    return Reveal(
        f"Service transfer token — {_count(result)} Linode(s)",
        str(result["token"]),
        "Send this token to the receiving account: whoever holds it can accept the transfer until it "
        f"expires ({_day(result.get('expiry'))}). It is not shown again here.",
    )


def _pending(what: str, *, sender: bool) -> Any:
    def blocked(t: dict[str, Any]) -> str | None:
        if t.get("status") != "pending":
            return f"This transfer is {t.get('status')}: only pending transfers can be {what}"
        if bool(t.get("is_sender")) != sender:
            return (
                "Only the receiving account can accept it"
                if not sender
                else "Only the sending account can cancel it"
            )
        return None

    return blocked


def transfer_body(values: dict[str, Any]) -> dict[str, Any]:
    from linode_tui.api.errors import ValidationError

    picked = values.get("entities.linodes") or []
    if not picked:
        raise ValidationError(
            "Pick Linodes", field_errors={"entities.linodes": "Pick at least one Linode to transfer."}
        )
    return {"entities": {"linodes": [int(v) for v in picked]}}


TRANSFERS = Area(
    "transfers",
    "Service transfers",
    "/account/service-transfers",
    (
        Col("status", "Status", "status", 12),
        Col(
            "is_sender", "Direction", width=9, compute=lambda t: "sent" if t.get("is_sender") else "received"
        ),
        Col("entities.linodes", "Linodes", "list", 24),
        Col("created", "Created", "date"),
        Col("expiry", "Expires", "date"),
    ),
    aliases=("transfer", "service-transfers"),
    group="Account",
    scope="account:read_only",
    id_key="token",
    label_from=transfer_label,
    summary=(
        Col("status", "Status", "status"),
        Col("is_sender", "Sent by this account", "bool"),
        Col("entities.linodes", "Linodes", "list"),
        Col("created", "Created", "date"),
        Col("updated", "Updated", "date"),
        Col("expiry", "Expires", "date"),
        Col("token", "Token"),
    ),
    actions=(
        Action(
            "create",
            "Transfer Linodes",
            "POST",
            "/account/service-transfers",
            RW,
            danger="confirm",
            binding="n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="transfer created",
            form=(
                FormField(
                    "entities.linodes", "Linodes to transfer", "multiselect", required=True, choices=LINODES
                ),
            ),
            to_body=transfer_body,
            reveal=_reveal,
            consequence="A transfer token is made for {entities.linodes}. They leave this account when "
            "the receiving account accepts the transfer.",
            note="The receiving account is billed for them from then on.",
        ),
        Action(
            "receive",
            "Receive a transfer (token)",
            "POST",
            "/account/service-transfers/{token}/accept",
            RW,
            danger="confirm",
            binding="R",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="accepted",
            form=(
                FormField(
                    "token",
                    "Transfer token",
                    required=True,
                    secret=True,
                    help="The token the sender gave you",
                ),
            ),
            consequence="The Linodes of this transfer move to this account and are billed to it.",
        ),
        Action(
            "accept",
            "Accept transfer",
            "POST",
            "/account/service-transfers/{token}/accept",
            RW,
            danger="confirm",
            bulk=False,
            verb="accepted",
            blocked=_pending("accepted", sender=False),
            consequence="The Linodes of the {who} move to this account and are billed to it.",
        ),
        Action(
            "cancel",
            "Cancel transfer",
            "DELETE",
            "/account/service-transfers/{token}",
            RW,
            danger="confirm",
            binding="ctrl+d",
            footer=True,
            bulk=False,
            verb="canceled",
            blocked=_pending("canceled", sender=True),
            consequence="The {who} is canceled: its token no longer works and the Linodes stay here.",
        ),
    ),
)

AREA = TRANSFERS
