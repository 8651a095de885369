"""The StackScripts area: create and edit (the script in an editor), make public, delete (own
ones), and deploy: the create-Linode form prefilled with the script's images and its UDFs."""

from __future__ import annotations

from typing import Any

from msgspec.structs import replace

from linode_tui.areas._shared import udf_fields
from linode_tui.core.descriptors import Action, Area, Col, FormField

RW = "stackscripts:read_write"
SCRIPT_HELP = "Starts with a shebang (#!/bin/bash); <UDF name=… label=…> tags become deploy fields"


def mine(ss: dict[str, Any]) -> bool:
    return bool(ss.get("mine"))


async def _deploy_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """The Linodes area's own create form, prefilled: the images the script supports and its UDFs."""
    from linode_tui.areas.linodes import AREA as LINODES

    create = LINODES.action("create")
    assert create is not None
    images = [i for i in item.get("images") or [] if i != "any/all"]
    form = []
    for f in create.form:
        if f.name == "image" and images:
            f = replace(f, choices=None, options=tuple((i, i) for i in images), default=images[0])
        elif f.name == "stackscript_id":  # this script, fixed
            sid, label = str(item.get("id")), str(item.get("label") or item.get("id"))
            f = replace(f, choices=None, options=((sid, label),), default=sid, required=True)
        form.append(f)
    return (*form, *udf_fields(item))


def deploy_body(values: dict[str, Any]) -> dict[str, Any]:
    """The create form's body (user data base64, ``stackscript_data``)."""
    from linode_tui.areas.linodes import create_body

    return create_body(values)


async def deploy_checks(client: Any, values: dict[str, Any]) -> tuple[FormField, ...]:
    """Create's checks (user data where supported, a supported image); the UDFs are in the form
    already, so no second form."""
    from linode_tui.areas.linodes import create_follow_up

    await create_follow_up(client, values)
    return ()


FORM = (
    FormField("label", "Label", required=True, default_from="label"),
    FormField("description", "Description", default_from="description"),
    FormField(
        "images", "Images", "tags", required=True, default_from="images", help="e.g. linode/debian12, any/all"
    ),
    FormField("script", "Script", "textarea", required=True, default_from="script", help=SCRIPT_HELP),
    FormField("rev_note", "Revision note"),
)

STACKSCRIPTS = Area(
    "stackscripts",
    "StackScripts",
    "/linode/stackscripts",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=26),
        Col("username", "Author", width=14),
        Col("deployments_total", "Deploys", "int", 8),
        Col("is_public", "Public", "bool", 6),
        Col("updated", "Updated", "date"),
    ),
    aliases=("ss", "stackscript"),
    group="Compute",
    scope="stackscripts:read_only",
    entity_type="stackscript",
    add_grant="add_stackscripts",
    status_key=None,
    actions=(
        Action(
            "create",
            "Create StackScript",
            "POST",
            "/linode/stackscripts",
            RW,
            binding="n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="created",
            form=tuple(
                replace(f, default="#!/bin/bash\n", default_from=None)
                if f.name == "script"
                else replace(f, default_from=None)
                for f in FORM
            ),
        ),
        Action(
            "deploy",
            "Deploy a Linode",
            "POST",
            "/linode/instances",
            "linodes:read_write",
            binding="D",
            footer=True,
            bulk=False,
            verb="deploying",
            form=(),
            prepare_form=_deploy_form,
            to_body=deploy_body,
            follow_up=deploy_checks,
            item_grant=None,
            add_grant="add_linodes",
        ),
        Action(
            "edit",
            "Edit StackScript",
            "PUT",
            "/linode/stackscripts/{id}",
            RW,
            binding="E",
            bulk=False,
            verb="updated",
            blocked=lambda s: (
                None if mine(s) else f"{s.get('label')} belongs to someone else: deploy it, or copy it"
            ),
            form=FORM,
        ),
        Action(
            "publish",
            "Make public",
            "PUT",
            "/linode/stackscripts/{id}",
            RW,
            danger="confirm",
            bulk=False,
            verb="made public",
            blocked=lambda s: (
                None if mine(s) and not s.get("is_public") else "it is public already or not yours"
            ),
            consequence="Everyone can see and deploy {who}. It cannot be made private again.",
            to_body=lambda _v: {"is_public": True},
        ),
        Action(
            "delete",
            "Delete StackScript",
            "DELETE",
            "/linode/stackscripts/{id}",
            RW,
            danger="type",
            binding="ctrl+d",
            footer=True,
            verb="deleted",
            blocked=lambda s: (
                None if mine(s) and not s.get("is_public") else "only your own private ones can be deleted"
            ),
            consequence="StackScript {who} is deleted. Linodes deployed from it keep running.",
        ),
    ),
)

AREA = STACKSCRIPTS
