"""Pieces several areas share: look-up lists for select fields and the common actions."""

from __future__ import annotations

from collections.abc import Callable
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
    """A priced plan line: $/mo first (what people compare), then CPU, RAM, disk, transfer, class."""
    price = (t.get("price") or {}).get("monthly")
    mem = t.get("memory") or 0
    disk = t.get("disk") or 0
    ram = f"{mem // 1024} GB" if mem >= 1024 else f"{mem} MB"
    gpus = f" {t.get('gpus')} GPU" if t.get("gpus") else ""
    monthly = (money(price, "mo") if isinstance(price, int | float) else "$?/mo").rjust(12)
    return (
        f"{monthly}  {t.get('vcpus', '?'):>2} vCPU{gpus}  {ram:>6} RAM  {disk // 1024:>5} GB disk  "
        f"{(t.get('transfer') or 0) // 1000:>2} TB  {t.get('class', '')}  {t.get('id')}"
    )


LINODE_TYPE = Choices("/linode/types", "id", "label", describe=_type_desc)
FIREWALL = Choices("/networking/firewalls", "id", "label")
PLACEMENT_GROUP = Choices(
    "/placement/groups",
    "id",
    "label",
    describe=lambda g: f"{g.get('label')}  {g.get('region')}  {g.get('placement_group_type')}",
)
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


def delete_action(
    path: str, scope: str, what: str, blocked: Callable[[dict[str, Any]], str | None] | None = None
) -> Action:
    """Delete with the label typed in full; ``blocked`` says why this item cannot be deleted."""
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
        blocked=blocked,
    )


def edit_label_tags(path: str, scope: str, with_tags: bool = True) -> Action:
    form: tuple[FormField, ...] = (FormField("label", "Label", required=True, default_from="label"),)
    if with_tags:
        form = (*form, FormField("tags", "Tags (comma separated)", "tags", default_from="tags"))
    return Action("edit", "Rename / edit tags", "PUT", path, scope, binding="E", form=form, verb="updated")
