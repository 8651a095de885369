"""The Child accounts area (parent accounts of resellers): the child accounts, and a proxy token
to act on one (full access for 15 minutes, shown once)."""

from __future__ import annotations

from typing import Any

from linode_tui.core.descriptors import Action, Area, Col, Reveal


def _reveal(result: Any) -> Reveal | None:
    if not isinstance(result, dict) or not result.get("token"):
        return None
    return Reveal(
        f"Proxy token — {result.get('label')}",
        str(result["token"]),
        "A token on the child account with full access until "
        f"{str(result.get('expiry') or '')[:16].replace('T', ' ')} UTC (15 minutes). It is shown only now.",
    )


CHILD_ACCOUNTS = Area(
    "children",
    "Child accounts",
    "/account/child-accounts",
    (
        Col("company", "Company", width=26),
        Col("email", "E-mail", width=28),
        Col("country", "Country", width=7),
        Col("balance", "Balance", "money", 10),
        Col("active_since", "Since", "date"),
    ),
    aliases=("child-accounts", "child"),
    group="Account",
    scope="child_account:read_only",
    status_key=None,
    id_key="euuid",
    label_key="company",
    description="Child accounts of this (parent) account; the list is empty for other accounts.",
    actions=(
        Action(
            "token",
            "Create proxy token",
            "POST",
            "/account/child-accounts/{euuid}/token",
            "child_account:read_write",
            danger="confirm",
            binding="T",
            footer=True,
            bulk=False,
            verb="token created",
            reveal=_reveal,
            consequence="A token with full access to {who} is made, valid for 15 minutes.",
        ),
    ),
)

AREA = CHILD_ACCOUNTS
