"""The area registry: every area module's descriptor, by key, alias and event entity type.

The words (keys, aliases) and entity types come from :data:`linode_tui.areas.INDEX`, so parsing a
`:` command or routing an event imports nothing; an area's module is imported the first time its
descriptor is asked for (``BY_KEY["volumes"]``, ``area_for("vol")``), and every module the first
time all of them are (iterating ``AREAS``). A start-up that opens one list imports one area module
(issue 14: the 43 modules were ~15 ms before the first frame).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from importlib import import_module
from typing import overload

from linode_tui.areas import INDEX, MODULES
from linode_tui.core.descriptors import Area

_LOADED: dict[str, Area] = {}


def _area(key: str) -> Area:
    """The descriptor of the area whose module (and key) is ``key``, importing it once."""
    area = _LOADED.get(key)
    if area is None:
        area = import_module(f"linode_tui.areas.{key}").AREA
        if not isinstance(area, Area):
            raise TypeError(f"linode_tui.areas.{key}.AREA is not an Area")
        _LOADED[key] = area
    return area


class _AllAreas(Sequence[Area]):
    """Every area in navigation order (a read-only sequence; the modules load on first use)."""

    def __len__(self) -> int:
        return len(MODULES)

    @overload
    def __getitem__(self, index: int) -> Area: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Area, ...]: ...
    def __getitem__(self, index: int | slice) -> Area | tuple[Area, ...]:
        if isinstance(index, slice):
            return tuple(_area(k) for k in MODULES[index])
        return _area(MODULES[index])

    def __iter__(self) -> Iterator[Area]:
        return (_area(k) for k in MODULES)

    def __repr__(self) -> str:
        return f"<{len(MODULES)} areas>"


class _Lazy(Mapping[str, Area]):
    """word -> the area's descriptor, its module imported on first look-up."""

    def __init__(self, keys: Mapping[str, str]) -> None:
        self._keys = keys  # word -> area key

    def __getitem__(self, word: str) -> Area:
        return _area(self._keys[word])

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, word: object) -> bool:
        return word in self._keys


AREAS: Sequence[Area] = _AllAreas()
BY_KEY: Mapping[str, Area] = _Lazy({k: k for k in MODULES})
ALIASES: dict[str, str] = {}
for _key, (_aliases, _entity) in INDEX.items():
    ALIASES[_key] = _key
    for _alias in _aliases:
        ALIASES[_alias] = _key
BY_ENTITY_TYPE: Mapping[str, Area] = _Lazy({e: k for k, (_, e) in INDEX.items() if e})


def area_for(name: str) -> Area | None:
    """The area a `:` word names (its key or an alias), or None."""
    key = ALIASES.get(name.strip().lower())
    return _area(key) if key else None


def area_names() -> list[str]:
    """Every word the `:` line understands as an area."""
    return sorted(ALIASES)


__all__ = ["ALIASES", "AREAS", "BY_ENTITY_TYPE", "BY_KEY", "area_for", "area_names"]
