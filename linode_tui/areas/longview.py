"""The Longview area: clients create (the API key and the install command shown masked until
revealed), rename, delete."""

from __future__ import annotations

from typing import Any

from linode_tui.core.descriptors import Action, Area, Col, FormField, Reveal

RW = "longview:read_write"


def _reveal(client: Any) -> Reveal | None:
    if not isinstance(client, dict) or not client.get("api_key"):
        return None
    return Reveal(
        f"Longview client — {client.get('label')}",
        f"API key: {client.get('api_key')}\n\nInstall on the Linode (as root):\n"
        f"curl -s https://lv.linode.com/{client.get('install_code')} | sudo bash",
        "The key lets a machine report as this client: it is masked until revealed and never exported.",
    )


LONGVIEW = Area(
    "longview",
    "Longview",
    "/longview/clients",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=24),
        Col("created", "Created", "date"),
        Col("updated", "Updated", "date"),
    ),
    aliases=("lv",),
    group="Monitoring",
    scope="longview:read_only",
    entity_type="longview",
    add_grant="add_longview",
    status_key=None,
    actions=(
        Action(
            "create",
            "Add client",
            "POST",
            "/longview/clients",
            RW,
            binding="n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="added",
            form=(FormField("label", "Label", help="Empty: client<id>"),),
            reveal=_reveal,
        ),
        Action(
            "key",
            "Show API key and install command",
            "GET",
            "/longview/clients/{id}",
            "longview:read_only",
            binding="K",
            footer=True,
            bulk=False,
            verb="shown",
            reveal=_reveal,
        ),
        Action(
            "rename",
            "Rename",
            "PUT",
            "/longview/clients/{id}",
            RW,
            binding="E",
            bulk=False,
            verb="renamed",
            form=(FormField("label", "Label", required=True, default_from="label"),),
        ),
        Action(
            "delete",
            "Delete client",
            "DELETE",
            "/longview/clients/{id}",
            RW,
            danger="type",
            binding="ctrl+d",
            footer=True,
            verb="deleted",
            consequence="Client {who} stops collecting; its history is deleted. It cannot be undone.",
        ),
    ),
)

AREA = LONGVIEW
