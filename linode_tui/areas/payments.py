"""The Payments area: the account's payments (newest first) and making one."""

from __future__ import annotations

from typing import Any

from linode_tui.core.descriptors import Action, Area, Col, FormField


def payment_body(values: dict[str, Any]) -> dict[str, Any]:
    """``usd`` as the API wants it (a string with two decimals); a clear error next to the field."""
    from linode_tui.api.errors import ValidationError

    raw = str(values.get("usd") or "").strip().lstrip("$")
    try:
        amount = float(raw)
    except ValueError:
        raise ValidationError(
            "Not an amount", field_errors={"usd": "An amount in US dollars, e.g. 25.00"}
        ) from None
    if amount <= 0:
        raise ValidationError("Not an amount", field_errors={"usd": "The amount must be more than $0.00"})
    return {"usd": f"{amount:.2f}"}


PAYMENTS = Area(
    "payments",
    "Payments",
    "/account/payments",
    (
        Col("id", "ID", "int", 10),
        Col("date", "Date", "date", 19),
        Col("usd", "Amount", "money", 12),
    ),
    aliases=("payment",),
    group="Account",
    scope="account:read_only",
    status_key=None,
    label_key="date",
    actions=(
        Action(
            "pay",
            "Make a payment",
            "POST",
            "/account/payments",
            "account:read_write",
            danger="confirm",
            binding="n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="paid",
            form=(FormField("usd", "Amount (US$)", required=True, help="At least $5.00"),),
            to_body=payment_body,
            consequence="${usd} is charged to the default payment method now.",
        ),
    ),
)

AREA = PAYMENTS
