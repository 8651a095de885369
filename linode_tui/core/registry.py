"""The area registry: every area module's descriptor, by key, alias and event entity type."""

from __future__ import annotations

from importlib import import_module

from linode_tui.areas import MODULES
from linode_tui.core.descriptors import Area


def _load() -> tuple[Area, ...]:
    out: list[Area] = []
    for name in MODULES:
        area = import_module(f"linode_tui.areas.{name}").AREA
        if not isinstance(area, Area):
            raise TypeError(f"linode_tui.areas.{name}.AREA is not an Area")
        out.append(area)
    return tuple(out)


AREAS: tuple[Area, ...] = _load()
BY_KEY: dict[str, Area] = {a.key: a for a in AREAS}
ALIASES: dict[str, str] = {}
for _a in AREAS:
    ALIASES[_a.key] = _a.key
    for _alias in _a.aliases:
        ALIASES[_alias] = _a.key
BY_ENTITY_TYPE: dict[str, Area] = {a.entity_type: a for a in AREAS if a.entity_type}


def area_for(name: str) -> Area | None:
    """The area a `:` word names (its key or an alias), or None."""
    key = ALIASES.get(name.strip().lower())
    return BY_KEY.get(key) if key else None


def area_names() -> list[str]:
    """Every word the `:` line understands as an area."""
    return sorted(ALIASES)


__all__ = ["ALIASES", "AREAS", "BY_ENTITY_TYPE", "BY_KEY", "area_for", "area_names"]
