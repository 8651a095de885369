"""OAuth scopes (from the ``X-OAuth-Scopes`` response header) and user grants (``GET /profile/grants``).

Scopes limit what a *token* may do; grants limit what a restricted *user* may do.  Both are used by
the UI to hide or disable actions; the API enforces them anyway, so when we do not know (no header
seen yet, an entity type absent from the grants) we answer permissively.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from msgspec import Struct, field

__all__ = ["LEVELS", "Grants", "Scopes", "load_grants"]

#: Access levels, weakest first.  ``read_write`` implies ``read_only``.
LEVELS: tuple[str, ...] = ("read_only", "read_write")
_LEVEL_ALIASES = {"read_only": "read_only", "read": "read_only", "ro": "read_only",
                  "read_write": "read_write", "write": "read_write", "rw": "read_write"}


def _rank(level: str | None) -> int:
    """0 = none, 1 = read_only, 2 = read_write."""
    if level is None:
        return 0
    norm = _LEVEL_ALIASES.get(level.strip().lower())
    return 0 if norm is None else LEVELS.index(norm) + 1


def _split(value: str) -> list[str]:
    return [s for s in re.split(r"[\s,]+", value.strip()) if s]


def _parse_need(needed: str) -> tuple[str, int]:
    area, _, level = needed.strip().partition(":")
    rank = _rank(level) if level else 1
    return area.strip().lower(), rank or 1


class Scopes(Struct, frozen=True):
    """The scopes of the token.  ``known`` is False until a response carried ``X-OAuth-Scopes``."""

    known: bool = False
    everything: int = 0  # rank granted on every area ("*" = 2, "*:read_only" = 1)
    areas: Mapping[str, int] = field(default_factory=dict)
    raw: str | None = None

    @classmethod
    def unknown(cls) -> Scopes:
        return cls()

    @classmethod
    def parse(cls, header: str | None) -> Scopes:
        """Parse ``X-OAuth-Scopes``: ``*``, ``*:read_only``, ``linodes:read_write account:read_only``…"""
        if header is None:
            return cls()
        everything = 0
        areas: dict[str, int] = {}
        for item in _split(header):
            area, _, level = item.partition(":")
            area = area.strip().lower()
            rank = 2 if not level else _rank(level)
            if rank == 0:
                continue
            if area in ("*", "all"):
                everything = max(everything, rank)
            elif area:
                areas[area] = max(areas.get(area, 0), rank)
        return cls(known=True, everything=everything, areas=areas, raw=header.strip())

    def level(self, area: str) -> str | None:
        """``"read_write"``, ``"read_only"`` or None for an area, as far as we know."""
        if not self.known:
            return "read_write"
        rank = max(self.everything, self.areas.get(area.strip().lower(), 0))
        return LEVELS[rank - 1] if rank else None

    def can(self, *needed: str) -> bool:
        """True when the token has every ``area:level`` given (read_write implies read_only).

        An empty scope (operations that declare none) is always allowed; unknown scopes allow all.
        """
        if not self.known:
            return True
        for need in needed:
            if not need or not need.strip():
                continue
            area, rank = _parse_need(need)
            if max(self.everything, self.areas.get(area, 0)) < rank:
                return False
        return True

    def can_any(self, needed: Iterable[str]) -> bool:
        """True when at least one of the alternatives is granted (or none is needed)."""
        needed = [n for n in needed if n and n.strip()]
        return not needed or any(self.can(n) for n in needed)

    @property
    def read_only_everywhere(self) -> bool:
        """True when the token is known to be unable to write anything."""
        return self.known and self.everything < 2 and all(r < 2 for r in self.areas.values())

    def __str__(self) -> str:
        return self.raw if self.known and self.raw is not None else "unknown"


# --------------------------------------------------------------------------------------------------
# Grants


class _GetsJson(Protocol):
    async def get(
        self,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        filter: dict[str, Any] | None = None,
        cache: bool = True,
        force: bool = False,
    ) -> Any: ...


class Grants(Struct, frozen=True):
    """A user's grants.  ``unrestricted`` users (``/profile/grants`` answered 204) may do anything."""

    unrestricted: bool = True
    global_grants: Mapping[str, Any] = field(default_factory=dict)
    # entity type ("linode", "volume", …) -> entity id -> "read_only" | "read_write" | None
    entities: Mapping[str, Mapping[int | str, str | None]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, payload: Any) -> Grants:
        if payload is None or payload == {}:
            return cls(unrestricted=True)  # 204 No Content (or an empty body): unrestricted
        if not isinstance(payload, dict):
            raise ValueError("grants must be a JSON object")
        global_grants = payload.get("global") or {}
        entities: dict[str, dict[int | str, str | None]] = {}
        for key, value in payload.items():
            if key == "global" or not isinstance(value, list):
                continue
            per: dict[int | str, str | None] = {}
            for item in value:
                if isinstance(item, dict) and "id" in item:
                    perm = item.get("permissions")
                    per[_norm_id(item["id"])] = perm if isinstance(perm, str) else None
            entities[key] = per
        return cls(unrestricted=False, global_grants=dict(global_grants), entities=entities)

    def _entity_key(self, entity_type: str) -> str | None:
        key = entity_type.strip().lower()
        if key in self.entities:
            return key
        if key.endswith("s") and key[:-1] in self.entities:
            return key[:-1]
        return None

    def can(self, entity_type: str, id: int | str | None = None, level: str = "read_only") -> bool:
        """May the user act on this entity at ``level``?

        With ``id=None``: on at least one entity of the type.  Entity types the grants do not mention
        are allowed (the API decides).
        """
        if self.unrestricted:
            return True
        key = self._entity_key(entity_type)
        if key is None:
            return True
        need = max(1, _rank(level))
        per = self.entities[key]
        if id is None:
            return any(_rank(p) >= need for p in per.values())
        return _rank(per.get(_norm_id(id))) >= need

    def can_global(self, name: str, level: str | None = None) -> bool:
        """Global grants: ``add_linodes``, ``add_volumes``, ``cancel_account``, … (booleans) or
        ``account_access`` with a ``level`` (``read_only``/``read_write``)."""
        if self.unrestricted:
            return True
        value = self.global_grants.get(name)
        if isinstance(value, str) or (value is None and level is not None):
            return _rank(value) >= max(1, _rank(level))
        return bool(value)

    @property
    def account_access(self) -> str | None:
        if self.unrestricted:
            return "read_write"
        value = self.global_grants.get("account_access")
        return value if isinstance(value, str) else None


def _norm_id(value: Any) -> int | str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    text = str(value)
    return int(text) if text.isdigit() else text


async def load_grants(client: _GetsJson) -> Grants:
    """Fetch ``GET /profile/grants``: 204 (no body) means an unrestricted user."""
    payload = await client.get("/profile/grants", cache=False)
    return Grants.from_json(payload)
