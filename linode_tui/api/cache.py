"""Response cache of the data layer: TTL per entry, in-flight coalescing, invalidation by prefix.

Keys are ``(path, sorted params, filter JSON)``.  Invalidation works on *path prefixes* at segment
boundaries: ``"/linode/instances"`` removes the list and everything below it
(``/linode/instances/123/disks``) but not ``/linode/instances-foo``; a ``*`` segment matches any one
segment (``"/linode/instances/*/volumes"``).

Cached values are shared between callers: treat them as read-only.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

from msgspec import Struct

__all__ = [
    "CacheKey",
    "ResponseCache",
    "event_prefixes",
    "make_key",
    "mutation_prefixes",
    "normalise_path",
]

log = logging.getLogger(__name__)

CacheKey = tuple[str, tuple[tuple[str, str], ...], str]

_VERSION_RE = re.compile(r"^/v4(?:beta)?(?=/|$)")


def normalise_path(path: str) -> str:
    """``"/v4/linode/instances/1/?x=1"`` -> ``"/linode/instances/1"`` (no version, query or trailing /)."""
    path = path.split("?", 1)[0].split("#", 1)[0].strip()
    if not path.startswith("/"):
        path = "/" + path
    path = _VERSION_RE.sub("", path)
    path = re.sub(r"/{2,}", "/", path)
    if len(path) > 1:
        path = path.rstrip("/")
    return path or "/"


def make_key(
    path: str, params: Mapping[str, Any] | None = None, filter: Mapping[str, Any] | None = None
) -> CacheKey:
    items = tuple(sorted((str(k), str(v)) for k, v in (params or {}).items() if v is not None))
    fjson = json.dumps(filter, sort_keys=True, separators=(",", ":")) if filter else ""
    return (normalise_path(path), items, fjson)


def _segments(path: str) -> list[str]:
    return [s for s in normalise_path(path).split("/") if s]


def _matches(prefix_segments: list[str], path_segments: list[str]) -> bool:
    if len(path_segments) < len(prefix_segments):
        return False
    return all(p == "*" or p == s for p, s in zip(prefix_segments, path_segments, strict=False))


# --------------------------------------------------------------------------------------------------
# What a mutation or an event makes stale

# Top-level areas whose collections live one level deeper (``/linode/instances``, ``/account/users``).
_TWO_LEVEL_AREAS = frozenset(
    {"linode", "networking", "account", "profile", "lke", "object-storage", "support", "managed",
     "longview", "placement"}
)


def _collection_and_entity(path: str) -> tuple[str | None, str | None]:
    segs = _segments(path)
    if not segs:
        return None, None
    depth = 2 if segs[0] in _TWO_LEVEL_AREAS and len(segs) >= 2 else 1
    collection = "/" + "/".join(segs[:depth])
    entity = "/" + "/".join(segs[: depth + 1]) if len(segs) > depth else None
    return collection, entity


def mutation_prefixes(path: str, body: Any = None) -> list[str]:
    """Cache prefixes a successful mutation of ``path`` makes stale.

    * the resource collection (``/linode/instances``, ``/volumes``, ``/account/users``, …) — lists
      show the changed entity's status/label;
    * the entity itself and all its sub-resources (``/linode/instances/123``);
    * when the body names a Linode (``linode_id``, e.g. attaching a volume), that Linode's subtree.

    ``POST /linode/instances/123/reboot`` -> ``["/linode/instances", "/linode/instances/123"]``;
    ``DELETE /volumes/5`` -> ``["/volumes", "/volumes/5"]``;
    ``PUT /profile`` -> ``["/profile"]``;
    ``POST /databases/mysql/instances/4/suspend`` -> ``["/databases", "/databases/mysql"]`` (grouped
    areas such as databases and images are invalidated as a whole).
    """
    collection, entity = _collection_and_entity(path)
    out: list[str] = []
    if collection is None:
        return out
    out.append(collection)
    if entity is not None:
        out.append(entity)
    if isinstance(body, dict):
        linode_id = body.get("linode_id")
        if isinstance(linode_id, int | str) and not isinstance(linode_id, bool) and str(linode_id):
            out.append(f"/linode/instances/{linode_id}")
    return list(dict.fromkeys(out))


_LINODE_ACTIONS = ("linode_", "disk_", "backups_", "password_reset", "lish_boot", "host_reboot",
                   "lassie_reboot", "interface_")

# (action prefix, prefixes to invalidate) — first match wins, so more specific entries come first.
_EVENT_MAP: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("volume_",), ("/volumes", "/linode/instances/*/volumes")),
    (("nodebalancer_",), ("/nodebalancers", "/linode/instances/*/nodebalancers")),
    (("firewall_",), ("/networking/firewalls", "/linode/instances/*/firewalls")),
    (("domain_", "dns_record_", "dns_zone_"), ("/domains",)),
    (("lke_",), ("/lke",)),
    (("database_",), ("/databases",)),
    (("image_",), ("/images",)),
    (("stackscript_",), ("/linode/stackscripts",)),
    (("vpc_", "subnet_"), ("/vpcs",)),
    (("placement_group_",), ("/placement", "/linode/instances")),
    (("obj_access_key_",), ("/object-storage",)),
    (("user_ssh_key_",), ("/profile/sshkeys",)),
    (("user_",), ("/account/users",)),
    (("ticket_",), ("/support",)),
    (("tag_",), ("/tags",)),
    (("token_",), ("/profile/tokens",)),
    (("oauth_client_",), ("/account/oauth-clients",)),
    (("longviewclient_",), ("/longview",)),
    (("managed_",), ("/managed",)),
    (("ipaddress_", "ipv6pool_", "reserved_ip_"), ("/networking/ips", "/linode/instances/*/ips")),
    (("entity_transfer_", "service_transfer_"), ("/account/service-transfers",
                                                 "/account/entity-transfers")),
    (("payment_", "credit_card_", "account_"), ("/account",)),
    (("profile_", "tfa_"), ("/profile",)),
    (_LINODE_ACTIONS, ("/linode/instances",)),
)


def _linode_id_of(entity: Mapping[str, Any] | None) -> str | None:
    if not isinstance(entity, Mapping):
        return None
    etype = entity.get("type")
    ident = entity.get("id")
    if etype not in (None, "linode") or ident is None or isinstance(ident, bool):
        return None
    return str(ident)


def event_prefixes(
    action: str,
    entity: Mapping[str, Any] | None = None,
    secondary_entity: Mapping[str, Any] | None = None,
) -> list[str]:
    """Cache prefixes an event makes stale, from its action (``volume_attach`` -> ``/volumes`` …).

    Unknown actions invalidate nothing.
    """
    action = (action or "").strip().lower()
    out: list[str] = []
    for prefixes, targets in _EVENT_MAP:
        if action.startswith(prefixes):
            out.extend(targets)
            break
    if not out:
        return out
    linode_action = action.startswith(_LINODE_ACTIONS)
    if not linode_action and isinstance(entity, Mapping) and isinstance(entity.get("url"), str):
        # the entity's own URL (e.g. "/v4/volumes/5") is the most precise thing to refresh
        url = entity["url"]
        if url.startswith("/"):
            out.append(normalise_path(url))
    # every Linode involved (the subject of linode_*, a volume's Linode, a clone's source, …)
    for ent in (entity, secondary_entity):
        if isinstance(ent, Mapping) and (ent.get("type") == "linode" or (linode_action and ent is entity)):
            lid = _linode_id_of(ent)
            if lid is not None:
                out.append(f"/linode/instances/{lid}")
    return list(dict.fromkeys(out))


# --------------------------------------------------------------------------------------------------
# The cache


class _Entry(Struct):
    value: Any
    expires: float


class ResponseCache:
    """TTL cache with in-flight coalescing and prefix invalidation."""

    def __init__(
        self,
        ttl: float = 30.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_entries: int = 2048,
    ) -> None:
        self.ttl = ttl
        self._clock = clock
        self.max_entries = max_entries
        self._entries: dict[CacheKey, _Entry] = {}
        self._inflight: dict[CacheKey, asyncio.Task[Any]] = {}
        self.hits = 0
        self.misses = 0
        self.coalesced = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return self.peek(key) is not None if isinstance(key, tuple) else False

    def peek(self, key: Any) -> _Entry | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.expires <= self._clock():
            del self._entries[key]
            return None
        return entry

    def get(self, key: CacheKey, default: Any = None) -> Any:
        entry = self.peek(key)
        return default if entry is None else entry.value

    def put(self, key: CacheKey, value: Any, ttl: float | None = None) -> None:
        ttl = self.ttl if ttl is None else ttl
        if ttl <= 0:
            return
        self._entries.pop(key, None)
        self._entries[key] = _Entry(value, self._clock() + ttl)
        if len(self._entries) > self.max_entries:
            self._evict()

    def _evict(self) -> None:
        now = self._clock()
        for k in [k for k, e in self._entries.items() if e.expires <= now]:
            del self._entries[k]
        while len(self._entries) > self.max_entries:  # oldest insertion first
            del self._entries[next(iter(self._entries))]

    async def fetch(
        self,
        key: CacheKey,
        loader: Callable[[], Awaitable[Any]],
        *,
        ttl: float | None = None,
        force: bool = False,
    ) -> Any:
        """Cached value for ``key``, else the loader's result (stored for ``ttl``).

        Concurrent callers of the same key share one loader call, and all get its result or the same
        exception (errors are not cached).  ``force=True`` ignores a cached value and reloads (it
        still joins a load already in flight, which is at least as fresh).
        """
        if not force:
            entry = self.peek(key)
            if entry is not None:
                self.hits += 1
                return entry.value
        task = self._inflight.get(key)
        if task is not None:
            self.coalesced += 1
            return await asyncio.shield(task)
        self.misses += 1

        async def run() -> Any:
            try:
                value = await loader()
            finally:
                current = self._inflight.get(key)
                stale = current is not task_ref[0]
                if not stale:
                    del self._inflight[key]
            if not stale:  # an invalidation during the load makes the result unfit for caching
                self.put(key, value, ttl)
            return value

        task_ref: list[asyncio.Task[Any] | None] = [None]
        new_task = asyncio.ensure_future(run())
        # retrieve the exception even when every caller was cancelled (no "never retrieved" warning)
        new_task.add_done_callback(lambda t: None if t.cancelled() else t.exception())
        task_ref[0] = new_task
        self._inflight[key] = new_task
        return await asyncio.shield(new_task)

    def _keys_matching(self, prefix: str) -> list[CacheKey]:
        psegs = _segments(prefix)
        keys = set(self._entries) | set(self._inflight)
        return [k for k in keys if _matches(psegs, _segments(k[0]))]

    def invalidate(self, prefix: str | None = None) -> int:
        """Drop every entry whose path is ``prefix`` or lies below it (all entries when None).

        Loads in flight for those keys are detached: their callers still get the result, but it is
        not stored, and new callers start a fresh request.  Returns how many keys were affected.
        """
        if prefix is None:
            count = len(self._entries) + len(self._inflight)
            self._entries.clear()
            self._inflight.clear()
            return count
        keys = self._keys_matching(prefix)
        for k in keys:
            self._entries.pop(k, None)
            self._inflight.pop(k, None)
        if keys:
            log.debug("cache: invalidated %d key(s) under %s", len(keys), prefix)
        return len(keys)

    def invalidate_many(self, prefixes: Iterable[str]) -> int:
        return sum(self.invalidate(p) for p in prefixes)

    def invalidate_for_event(
        self,
        action: str,
        entity: Mapping[str, Any] | None = None,
        secondary_entity: Mapping[str, Any] | None = None,
    ) -> list[str]:
        """Invalidate what an event makes stale (see :func:`event_prefixes`); returns the prefixes."""
        prefixes = event_prefixes(action, entity, secondary_entity)
        self.invalidate_many(prefixes)
        return prefixes
