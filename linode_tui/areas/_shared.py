"""Pieces several areas share: look-up lists for select fields and the common actions."""

from __future__ import annotations

from typing import Any

from linode_tui.core.descriptors import Action, Choices, Col, FormField

STRONG_PASSWORD_HELP = "11–128 characters; mix upper and lower case, digits and symbols"

REGION = Choices("/regions", "id", "label", describe=lambda r: f"{r.get('id')}  {r.get('label', '')}")
IMAGE = Choices("/images", "id", "label", describe=lambda i: f"{i.get('id')}  {i.get('label', '')}")


def money(value: Any, per: str | None = None, places: int = 2) -> str:
    """``$24.00``, or ``$24.00/mo`` with ``per="mo"``; "?" when the API sent no amount."""
    try:
        text = f"${float(value):,.{places}f}"
    except (TypeError, ValueError):
        return "?"
    return f"{text}/{per}" if per else text


def _type_desc(t: dict[str, Any]) -> str:
    price = (t.get("price") or {}).get("monthly")
    mem = t.get("memory") or 0
    disk = t.get("disk") or 0
    return (
        f"{t.get('id')}  {t.get('vcpus', '?')} vCPU  {mem // 1024 if mem >= 1024 else mem}"
        f"{'GB' if mem >= 1024 else 'MB'} RAM  {disk // 1024} GB disk  {money(price, 'mo')}"
    )


LINODE_TYPE = Choices("/linode/types", "id", "label", describe=_type_desc)
SSH_KEYS = Choices("/profile/sshkeys", "ssh_key", "label")
CONFIGS = Choices("/linode/instances/{id}/configs", "id", "label")
BACKUPS = Choices(
    "/linode/instances/{id}/backups",
    "id",
    "label",
    describe=lambda b: f"{b.get('label') or b.get('type')}  {b.get('created')}  ({b.get('status')})",
)

ROOT_PASS = FormField(
    "root_pass", "Root password", "password", required=True, help=STRONG_PASSWORD_HELP, secret=True
)

TIMESTAMPS = (Col("created", "Created", "date"), Col("updated", "Updated", "date"))


def delete_action(path: str, scope: str, what: str) -> Action:
    return Action(
        "delete",
        f"Delete {what}",
        "DELETE",
        path,
        scope,
        danger="type",
        binding="ctrl+d",
        verb="deleted",
        footer=True,
        consequence="This permanently deletes {who} and everything on it. It cannot be undone.",
    )


def edit_label_tags(path: str, scope: str, with_tags: bool = True) -> Action:
    form: tuple[FormField, ...] = (FormField("label", "Label", required=True, default_from="label"),)
    if with_tags:
        form = (*form, FormField("tags", "Tags (comma separated)", "tags", default_from="tags"))
    return Action("edit", "Rename / edit tags", "PUT", path, scope, binding="E", form=form, verb="updated")
