"""Managed contacts: who Linode's responders call when a monitored service fails."""

from __future__ import annotations

from linode_tui.core.descriptors import Action, Area, Col, FormField

RW = "account:read_write"
FORM = (
    FormField("name", "Name", required=True, default_from="name", help="2–64 characters"),
    FormField("email", "E-mail", required=True, default_from="email"),
    FormField("phone.primary", "Primary phone", default_from="phone.primary"),
    FormField("phone.secondary", "Secondary phone", default_from="phone.secondary"),
    FormField("group", "Group", default_from="group", help="Services name a group to call"),
)

MANAGED_CONTACTS = Area(
    "mcontacts",
    "Managed contacts",
    "/managed/contacts",
    (
        Col("name", "Name", width=20),
        Col("email", "E-mail", width=26),
        Col("group", "Group", width=12),
        Col("phone.primary", "Phone", width=14),
        Col("phone.secondary", "Phone 2", width=14),
        Col("updated", "Updated", "date"),
    ),
    aliases=("managed-contacts", "contacts"),
    group="Monitoring",
    scope="account:read_only",
    status_key=None,
    label_key="name",
    actions=(
        Action(
            "create",
            "Add contact",
            "POST",
            "/managed/contacts",
            RW,
            binding="n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="added",
            form=FORM,
        ),
        Action(
            "edit",
            "Edit contact",
            "PUT",
            "/managed/contacts/{id}",
            RW,
            binding="E",
            bulk=False,
            verb="updated",
            form=FORM,
        ),
        Action(
            "delete",
            "Delete contact",
            "DELETE",
            "/managed/contacts/{id}",
            RW,
            danger="type",
            binding="ctrl+d",
            footer=True,
            verb="deleted",
            consequence="{who} is no longer called when a monitored service fails.",
        ),
    ),
)

AREA = MANAGED_CONTACTS
