"""The Beta programs area: the programs the account is enrolled in, and joining an available one
(the picker lists ``/betas`` without the invitation-only programs)."""

from __future__ import annotations

from linode_tui.core.descriptors import Action, Area, Choices, Col, FormField

AVAILABLE = Choices(
    "/betas",
    describe=lambda b: f"{b.get('label')} — {b.get('description') or ''}".rstrip(" —"),
    keep=lambda b, _item: not b.get("greenlight_only") and not b.get("ended"),
)

BETAS = Area(
    "betas",
    "Beta programs",
    "/account/betas",
    (
        Col("label", "Program", width=28),
        Col("id", "ID", width=18),
        Col("enrolled", "Enrolled", "date"),
        Col("started", "Started", "date"),
        Col("ended", "Ends", "date"),
    ),
    aliases=("beta",),
    group="Account",
    scope="account:read_only",
    status_key=None,
    summary=(
        Col("label", "Program"),
        Col("id", "ID"),
        Col("description", "Description"),
        Col("enrolled", "Enrolled", "date"),
        Col("started", "Started", "date"),
        Col("ended", "Ends", "date"),
        Col("more_info", "More"),
    ),
    actions=(
        Action(
            "join",
            "Join a beta program",
            "POST",
            "/account/betas",
            "account:read_write",
            danger="confirm",
            binding="n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="joined",
            form=(FormField("id", "Program", "select", required=True, choices=AVAILABLE),),
            consequence="The account joins the beta program {id}: its beta features become available.",
            note="Invitation-only programs are not listed: Linode enrols accounts in those.",
        ),
    ),
)

AREA = BETAS
