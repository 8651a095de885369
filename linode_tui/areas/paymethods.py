"""The Payment methods area: cards (masked: "Visa •••• 1234, exp 12/28"), Google Pay and PayPal;
make one the default, delete one that is not the default (typed)."""

from __future__ import annotations

from typing import Any

from linode_tui.core.descriptors import Action, Area, Col

RW = "account:read_write"
KINDS = {"credit_card": "Card", "google_pay": "Google Pay", "paypal": "PayPal"}


def _expiry(value: Any) -> str:
    """ "12/2028" → "12/28" (the API spells the year in full)."""
    month, _, year = str(value or "").partition("/")
    return f"{month}/{year[-2:]}" if month and year else str(value or "")


def _data(pm: dict[str, Any]) -> dict[str, Any]:
    data = pm.get("data")
    return data if isinstance(data, dict) else {}


def method_text(pm: dict[str, Any]) -> str:
    """What the method is, never more of a card than its last four digits."""
    data = _data(pm)
    if pm.get("type") in ("credit_card", "google_pay") and data.get("last_four"):
        brand = data.get("card_type") or KINDS.get(str(pm.get("type")), "Card")
        return f"{brand} •••• {data['last_four']}, exp {_expiry(data.get('expiry'))}"
    if pm.get("type") == "paypal":
        return f"PayPal {data.get('email') or ''}".strip()
    return KINDS.get(str(pm.get("type")), str(pm.get("type") or ""))


def method_label(pm: dict[str, Any]) -> str:
    """How a confirmation names it (typed to delete): plain characters only."""
    data = _data(pm)
    if data.get("last_four"):
        return f"{data.get('card_type') or 'Card'} {data['last_four']}"
    return f"{KINDS.get(str(pm.get('type')), 'method')} {pm.get('id')}"


def _not_default(what: str) -> Any:
    def blocked(pm: dict[str, Any]) -> str | None:
        return what if pm.get("is_default") else None

    return blocked


PAYMENT_METHODS = Area(
    "paymethods",
    "Payment methods",
    "/account/payment-methods",
    (
        Col("id", "ID", "int", 5),
        Col("type", "Type", width=7, compute=lambda pm: KINDS.get(str(pm.get("type")), str(pm.get("type")))),
        Col("data", "Method", width=33, compute=method_text),
        Col("is_default", "Default", "bool", 7),
        Col("created", "Added", "date"),
    ),
    aliases=("payment-methods", "cards", "paymethod"),
    group="Account",
    scope="account:read_only",
    status_key=None,
    label_from=method_label,
    summary_extras=lambda pm, _lookup: [("Method", method_text(pm))],
    summary=(
        Col("id", "ID", "int"),
        Col("type", "Type"),
        Col("is_default", "Default", "bool"),
        Col("created", "Added", "date"),
    ),
    actions=(
        Action(
            "default",
            "Make default",
            "POST",
            "/account/payment-methods/{id}/make-default",
            RW,
            danger="confirm",
            binding="D",
            footer=True,
            bulk=False,
            verb="made the default",
            refresh_all=True,
            blocked=_not_default("This is already the default payment method"),
            consequence="{who} is charged for every invoice and payment from now on.",
        ),
        Action(
            "delete",
            "Delete payment method",
            "DELETE",
            "/account/payment-methods/{id}",
            RW,
            danger="type",
            binding="ctrl+d",
            footer=True,
            bulk=False,
            verb="deleted",
            blocked=_not_default(
                "The default payment method cannot be deleted: make another one the default first"
            ),
            consequence="{who} is removed from the account. It cannot be undone.",
        ),
    ),
)

AREA = PAYMENT_METHODS
