"""The Account area."""

from __future__ import annotations

from linode_tui.core.descriptors import Area, Col

ACCOUNT = Area(
    "account",
    "Account",
    "/account",
    (
        Col("company", "Company"),
        Col("email", "E-mail"),
        Col("balance", "Balance", "money"),
        Col("balance_uninvoiced", "Uninvoiced", "money"),
        Col("country", "Country"),
    ),
    group="Account",
    scope="account:read_only",
    paginated=False,
    status_key=None,
    id_key="euuid",
    detail_path="/account",
)

AREA = ACCOUNT
