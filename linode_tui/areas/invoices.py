"""The Invoices area."""

from __future__ import annotations

from linode_tui.core.descriptors import Area, Col, Tab

INVOICES = Area(
    "invoices",
    "Invoices",
    "/account/invoices",
    (
        Col("id", "ID", "int", 10),
        Col("date", "Date", "date", 19),
        Col("label", "Label", width=24),
        Col("subtotal", "Subtotal", "money", 10),
        Col("tax", "Tax", "money", 8),
        Col("total", "Total", "money", 10),
    ),
    aliases=("invoice", "billing"),
    group="Account",
    scope="account:read_only",
    status_key=None,
    tabs=(
        Tab(
            "items",
            "Items",
            "/account/invoices/{id}/items",
            columns=(
                Col("label", "Item"),
                Col("type", "Type"),
                Col("quantity", "Qty", "int"),
                Col("unit_price", "Unit"),
                Col("amount", "Amount", "money"),
                Col("from", "From", "date"),
                Col("to", "To", "date"),
            ),
        ),
    ),
)

AREA = INVOICES
