"""Helpers shared by the area handlers: typed access to the world, grants and small validators.

Grants (restricted users): a restricted user sees only the entities its grants list with a permission
(``read_only`` or ``read_write``); others answer 404 and are left out of lists. Writes need
``read_write`` on the entity (else 403 ``Unauthorized``); creating needs the matching ``global.add_*``
grant; account-level areas need ``global.account_access``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from linode_tui.sim.framework import ApiError, Ctx, Listing, field_error, not_found
from linode_tui.sim.world import World

__all__ = [
    "body",
    "can_see",
    "check_unique_label",
    "find_by",
    "forbidden",
    "get_or_404",
    "listing",
    "opt_int",
    "require_account",
    "require_entity",
    "require_global",
    "require_unrestricted",
    "str_param",
    "user",
    "visible",
    "w",
]


def w(ctx: Ctx) -> World:
    world: World = ctx.world
    return world


def body(ctx: Ctx) -> dict[str, Any]:
    return ctx.body if isinstance(ctx.body, dict) else {}


def user(ctx: Ctx) -> str | None:
    return ctx.token.username or None


def forbidden() -> ApiError:
    return ApiError(403, "Unauthorized")


def listing(items: Iterable[dict[str, Any]]) -> Listing:
    return Listing(list(items))


def get_or_404(store: dict[Any, Any], key: Any) -> Any:
    try:
        return store[key]
    except (KeyError, TypeError):
        raise not_found() from None


def find_by(items: Iterable[dict[str, Any]], value: Any, key: str = "id") -> dict[str, Any]:
    """The first item whose ``key`` equals ``value``; 404 when there is none."""
    for item in items:
        if item[key] == value:
            return item
    raise not_found()


def check_unique_label(label: Any, items: Iterable[dict[str, Any]], noun: str, exclude: Any = None) -> None:
    """400 on ``label`` when another item (any but the one with id ``exclude``) already has that label."""
    if any(x["label"] == label and (exclude is None or x["id"] != exclude) for x in items):
        raise field_error("label", f"Label must be unique among your {noun}")


def str_param(ctx: Ctx, name: str) -> str:
    return str(ctx.params.get(name, ""))


def opt_int(value: Any, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApiError(400, f"{field} must be an integer", field)
    return value


# ---------------------------------------------------------------------------------------------- grants
def _grant_level(ctx: Ctx, kind: str, key: Any) -> str | None:
    if not ctx.token.restricted:
        return "read_write"
    grants = ctx.token.grants or {}
    for g in grants.get(kind) or ():
        if g.get("id") == key:
            level: str | None = g.get("permissions")
            return level
    return None


def can_see(ctx: Ctx, kind: str, key: Any) -> bool:
    return _grant_level(ctx, kind, key) is not None


def visible(ctx: Ctx, kind: str, items: Iterable[dict[str, Any]], key: str = "id") -> list[dict[str, Any]]:
    if not ctx.token.restricted:
        return list(items)
    return [x for x in items if can_see(ctx, kind, x.get(key))]


def require_entity(ctx: Ctx, kind: str, key: Any, *, write: bool = False) -> None:
    level = _grant_level(ctx, kind, key)
    if level is None:
        raise not_found()
    if write and level != "read_write":
        raise forbidden()


def require_global(ctx: Ctx, flag: str) -> None:
    if ctx.token.restricted and not (ctx.token.grants or {}).get("global", {}).get(flag):
        raise forbidden()


def require_account(ctx: Ctx, *, write: bool = False) -> None:
    if not ctx.token.restricted:
        return
    access = (ctx.token.grants or {}).get("global", {}).get("account_access")
    if access is None or (write and access != "read_write"):
        raise forbidden()


def require_unrestricted(ctx: Ctx) -> None:
    if ctx.token.restricted:
        raise forbidden()
