"""The simulator's world: a seeded, stateful Linode account held as plain API-shaped dicts.

* Deterministic per seed (see :mod:`linode_tui.sim.seed`).
* Lifecycles are lazy: :meth:`World.tick` moves every running job (see :mod:`linode_tui.sim.lifecycle`)
  to ``clock.now()``; every handler calls it (through :meth:`World.linode` and friends) before reading.
* Linode sub-resources (disks, configs, IPs, backups) are built on first access, deterministically from
  the seed and the Linode id, so seeding 10,000+ Linodes stays fast.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from linode_tui.sim import lifecycle
from linode_tui.sim.framework import ApiError, TokenInfo, busy, not_found
from linode_tui.sim.seed import (
    DB_ENGINES,
    LKE_VERSIONS,
    REGION_NET,
    WEEKDAYS,
    build_database_types,
    build_kernels,
    build_price_lists,
    build_public_images,
    build_regions,
    build_types,
    seed_world,
)

if TYPE_CHECKING:  # pragma: no cover
    from linode_tui.sim.clock import SimClock

__all__ = ["POWERED_STATUSES", "World", "iso"]

# statuses during which a Linode is "on" (its stats are non-zero)
POWERED_STATUSES = frozenset({"running", "booting", "rebooting", "shutting_down", "cloning"})

_URLS = {
    "linode": "/v4/linode/instances/{id}",
    "volume": "/v4/volumes/{id}",
    "nodebalancer": "/v4/nodebalancers/{id}",
    "firewall": "/v4/networking/firewalls/{id}",
    "domain": "/v4/domains/{id}",
    "lkecluster": "/v4/lke/clusters/{id}",
    "database": "/v4/databases/{engine}/instances/{id}",
    "image": "/v4/images/{id}",
    "stackscript": "/v4/linode/stackscripts/{id}",
    "vpc": "/v4/vpcs/{id}",
    "placement_group": "/v4/placement/groups/{id}",
    "ticket": "/v4/support/tickets/{id}",
    "user": "/v4/account/users/{id}",
    "token": "/v4/profile/tokens/{id}",
    "longview": "/v4/longview/clients/{id}",
    "user_ssh_key": "/v4/profile/sshkeys/{id}",
    "tag": "/v4/tags/{id}",
    "account": "/v4/account",
    "profile": "/v4/profile",
    "managed_service": "/v4/managed/services/{id}",
}

_RW_AREAS = (
    "account",
    "databases",
    "domains",
    "events",
    "firewall",
    "images",
    "ips",
    "linodes",
    "lke",
    "longview",
    "monitor",
    "nodebalancers",
    "object_storage",
    "stackscripts",
    "volumes",
    "vpc",
    "placement",
    "child_account",
)
READ_ONLY_SCOPES = " ".join(f"{a}:read_only" for a in _RW_AREAS)


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _mix(*parts: int) -> int:
    """A cheap deterministic 64-bit integer hash."""
    x = 0x9E3779B97F4A7C15
    for p in parts:
        x = (x ^ (p & 0xFFFFFFFFFFFFFFFF)) * 0xBF58476D1CE4E5B9 & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 31
    return x


class World:
    """All account state; see the module docstring."""

    def __init__(self, *, seed: int = 1, linodes: int = 30, clock: SimClock, speed: float = 1.0) -> None:
        self.seed = int(seed)
        self.clock = clock
        self.speed = float(speed) if speed and speed > 0 else 1.0
        # catalogue
        self.regions: dict[str, dict[str, Any]] = {r["id"]: r for r in build_regions()}
        self.types: dict[str, dict[str, Any]] = {t["id"]: t for t in build_types()}
        self.kernels: dict[str, dict[str, Any]] = {k["id"]: k for k in build_kernels()}
        self.images: dict[str, dict[str, Any]] = {i["id"]: i for i in build_public_images()}
        self.price_lists = build_price_lists()
        self.database_types: dict[str, dict[str, Any]] = {t["id"]: t for t in build_database_types()}
        self.database_engines = [dict(e) for e in DB_ENGINES]
        self.lke_versions = [{"id": v} for v in LKE_VERSIONS]
        self._counters: dict[str, int] = {}
        # linodes and their lazily built sub-resources
        self.linodes: dict[int, dict[str, Any]] = {}
        self._lseq: dict[int, int] = {}  # linode id -> address sequence number
        self._next_seq = 0
        self._disks: dict[int, dict[int, dict[str, Any]]] = {}
        self._configs: dict[int, dict[int, dict[str, Any]]] = {}
        self._ips: dict[int, dict[str, Any]] = {}
        self._backups: dict[int, dict[str, Any]] = {}
        self.power: dict[int, list[tuple[float, bool]]] = {}  # linode id -> on/off changes (time, on)
        self.vpc_links: dict[int, dict[str, Any]] = {}  # linode id -> {vpc_id, subnet_id, address}
        self.linode_firewall: dict[int, int] = {}  # linode id -> firewall id
        # other areas (filled by the seeder)
        self.volumes: dict[int, dict[str, Any]] = {}
        self.nodebalancers: dict[int, dict[str, Any]] = {}
        self.nb_configs: dict[int, dict[int, dict[str, Any]]] = {}
        self.nb_nodes: dict[int, dict[int, dict[str, Any]]] = {}  # config id -> nodes
        self.firewalls: dict[int, dict[str, Any]] = {}
        self.firewall_devices: dict[int, dict[int, dict[str, Any]]] = {}
        self.domains: dict[int, dict[str, Any]] = {}
        self.domain_records: dict[int, dict[int, dict[str, Any]]] = {}
        self.lke_clusters: dict[int, dict[str, Any]] = {}
        self.lke_pools: dict[int, dict[int, dict[str, Any]]] = {}
        self.databases: dict[int, dict[str, Any]] = {}
        self.database_backups: dict[int, dict[int, dict[str, Any]]] = {}
        self.db_credentials: dict[int, dict[str, Any]] = {}
        self.obj_clusters: list[dict[str, Any]] = []
        self.buckets: dict[tuple[str, str], dict[str, Any]] = {}
        self.bucket_objects: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.bucket_access: dict[tuple[str, str], dict[str, Any]] = {}
        self.obj_keys: dict[int, dict[str, Any]] = {}
        self.stackscripts: dict[int, dict[str, Any]] = {}
        self.vpcs: dict[int, dict[str, Any]] = {}
        self.subnets: dict[int, dict[int, dict[str, Any]]] = {}
        self.placement_groups: dict[int, dict[str, Any]] = {}
        self.account: dict[str, Any] = {}
        self.account_settings: dict[str, Any] = {}
        self.invoices: dict[int, dict[str, Any]] = {}
        self.invoice_items: dict[int, list[dict[str, Any]]] = {}
        self.payments: dict[int, dict[str, Any]] = {}
        self.users: dict[str, dict[str, Any]] = {}
        self.grants: dict[str, dict[str, Any]] = {}
        self.logins: dict[int, dict[str, Any]] = {}
        self.notifications: list[dict[str, Any]] = []
        self.maintenance: list[dict[str, Any]] = []
        self.tickets: dict[int, dict[str, Any]] = {}
        self.ticket_replies: dict[int, list[dict[str, Any]]] = {}
        self.ticket_attachments: dict[int, list[dict[str, Any]]] = {}  # ticket id -> name, size
        self.longview_clients: dict[int, dict[str, Any]] = {}
        self.longview_subscriptions: list[dict[str, Any]] = []
        self.longview_plan: dict[str, Any] = {}
        self.managed_services: dict[int, dict[str, Any]] = {}
        self.managed_contacts: dict[int, dict[str, Any]] = {}
        self.managed_issues: dict[int, dict[str, Any]] = {}
        self.managed_credentials: dict[int, dict[str, Any]] = {}
        self.profiles: dict[str, dict[str, Any]] = {}
        self.preferences: dict[str, dict[str, Any]] = {}
        self.pat_tokens: dict[int, dict[str, Any]] = {}  # /profile/tokens
        self.sshkeys: dict[int, dict[str, Any]] = {}
        self.apps: dict[int, dict[str, Any]] = {}
        self.oauth_thumbnails: dict[str, bytes] = {}  # OAuth client id -> uploaded PNG
        self.generic: Any = None  # the simulator's GenericStore (set by the app)
        self.profile_logins: dict[int, dict[str, Any]] = {}
        self.tags: dict[str, dict[str, Any]] = {}
        self.ipv6_ranges: list[dict[str, Any]] = []
        self.tfa_pending: dict[str, dict[str, Any]] = {}  # username -> TFA secret awaiting its confirm
        self.tfa_optional_users: list[str] = []  # users for whom the account's 2FA rule is optional
        self.paypal_pending: dict[str, dict[str, Any]] = {}  # staged PayPal payment id -> amount
        # firewall id -> earlier rule versions {"updated", "status", "rules"} (current: on the firewall)
        self.firewall_rule_history: dict[int, list[dict[str, Any]]] = {}
        # areas of the newer API (4.229.1): Linode interfaces, locks, monitor, share groups...
        # (handlers in sim/handlers/{interfaces,locks,netextra,monitor,sharegroups,extras}.py)
        self.linode_interfaces: dict[int, dict[int, dict[str, Any]]] = {}  # linode id -> interfaces
        self.interface_settings: dict[int, dict[str, Any]] = {}
        self.interface_history: dict[int, list[dict[str, Any]]] = {}
        self.locks: dict[int, dict[str, Any]] = {}
        self.rulesets: dict[int, dict[str, Any]] = {}
        self.prefix_lists: dict[int, dict[str, Any]] = {}
        self.firewall_templates: dict[str, dict[str, Any]] = {}
        self.firewall_defaults: dict[str, Any] = {}
        self.reserved_ips: dict[str, dict[str, Any]] = {}
        self.nb_vpcs: dict[int, dict[int, dict[str, Any]]] = {}  # nodebalancer id -> VPC configs
        self.nb_firewall: dict[int, list[int]] = {}
        self.maintenance_policies: list[dict[str, Any]] = []
        self.obj_quotas: dict[str, dict[str, Any]] = {}
        self.obj_global_quotas: dict[str, dict[str, Any]] = {}
        self.pg_pools: dict[int, dict[str, dict[str, Any]]] = {}  # database id -> pool name -> pool
        self.monitor: dict[str, Any] = {}
        self.share_groups: dict[int, dict[str, Any]] = {}
        self.share_tokens: dict[str, dict[str, Any]] = {}
        self.account_extra: dict[str, Any] = {}  # betas, child accounts, transfers, oauth clients...
        # events and jobs
        self.events: dict[int, dict[str, Any]] = {}
        self.jobs: list[lifecycle.Job] = []
        self.busy_keys: dict[tuple[str, Any], lifecycle.Job] = {}
        self.tokens: dict[str, TokenInfo] = {}
        self._ticking = False
        seed_world(self, linodes)
        from linode_tui.sim.seed_newer import seed_newer

        seed_newer(self)

    # ------------------------------------------------------------------------------------------ basics
    def now(self) -> float:
        return self.clock.now()

    def iso(self, ts: float | None = None) -> str:
        return iso(self.now() if ts is None else ts)

    def next_id(self, kind: str, start: int) -> int:
        n = self._counters.get(kind, start) + 1
        self._counters[kind] = n
        return n

    def bump_id(self, kind: str, at_least: int) -> None:
        if self._counters.get(kind, 0) < at_least:
            self._counters[kind] = at_least

    def rng_for(self, *parts: int) -> random.Random:
        return random.Random(_mix(self.seed, *parts))

    def token_info(self, bearer: str) -> TokenInfo | None:
        return self.tokens.get(bearer)

    def tick(self) -> None:
        """Advance every running job to the clock's now (lazy lifecycles)."""
        if self._ticking:
            return
        self._ticking = True
        try:
            lifecycle.advance(self, self.now())
        finally:
            self._ticking = False

    def duration(self, seconds: float) -> float:
        """A job duration in sim seconds: the real API's typical duration scaled by 1/speed.

        A live ``SimClock`` built with the same ``speed`` already runs sim time ``speed`` times faster
        than real time (that is how ``create_sim`` builds it), so only the part of ``speed`` the clock
        does not apply itself shortens durations; jobs never get scaled twice.
        """
        clock_speed = getattr(self.clock, "speed", 1.0) or 1.0
        factor = self.speed / clock_speed if not getattr(self.clock, "frozen", False) else self.speed
        if factor <= 0:
            factor = 1.0
        return seconds / factor

    # -------------------------------------------------------------------------------------- entity refs
    def entity_ref(self, kind: str, obj: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
        o = obj or {}
        eid = kw.get("id", o.get("id"))
        label = kw.get("label", o.get("label") or o.get("domain") or o.get("username") or o.get("summary"))
        url = _URLS.get(kind, "/v4/{id}").format(id=eid, engine=o.get("engine", "mysql"))
        return {"id": eid, "label": label, "type": kind, "url": url}

    def add_event(
        self,
        action: str,
        entity: dict[str, Any] | None,
        *,
        username: str | None,
        status: str = "notification",
        secondary: dict[str, Any] | None = None,
        message: str | None = "",
        created: float | None = None,
        seen: bool = False,
    ) -> dict[str, Any]:
        eid = self.next_id("event", 900_000_000)
        ev = {
            "id": eid,
            "action": action,
            "created": self.iso(created),
            "entity": entity,
            "secondary_entity": secondary,
            "status": status,
            "percent_complete": 100 if status in ("finished", "failed") else None,
            "time_remaining": None,
            "rate": None,
            "duration": None,
            "seen": seen,
            "read": seen,
            "username": username,
            "message": message,
            "details": None,
        }
        if status == "notification":
            ev["percent_complete"] = None
        self.events[eid] = ev
        return ev

    # ----------------------------------------------------------------------------------------- linodes
    def add_seeded_linode(
        self,
        lid: int,
        label: str,
        region: str,
        tid: str,
        ty: dict[str, Any],
        image: str | None,
        tags: list[str],
        status: str,
        backups: bool,
        created: float,
        r: float,
    ) -> dict[str, Any]:
        seq = self._next_seq
        self._next_seq += 1
        self._lseq[lid] = seq
        pub, v6 = REGION_NET.get(region, ("172.105", "2600:3c03"))
        ipv4 = [f"{pub}.{(seq // 250) % 256}.{seq % 250 + 2}"]
        if r < 0.45:  # private IPv4 on about half of them
            ipv4.append(f"192.168.{128 + (seq // 254) % 128}.{seq % 254 + 1}")
        h = _mix(self.seed, lid)
        c = iso(created)
        day = WEEKDAYS[h % 7] if backups else None
        linode: dict[str, Any] = {
            "id": lid,
            "label": label,
            "group": "",
            "status": status,
            "created": c,
            "updated": c,
            "type": tid,
            "region": region,
            "image": image,
            "ipv4": ipv4,
            "ipv6": f"{v6}::f03c:95ff:fe{(h >> 8) & 0xFF:02x}:{(h >> 16) & 0xFFFF:x}/128",
            "specs": {
                "disk": ty["disk"],
                "memory": ty["memory"],
                "vcpus": ty["vcpus"],
                "gpus": ty["gpus"],
                "transfer": ty["transfer"],
            },
            "alerts": {
                "cpu": 90 * ty["vcpus"],
                "io": 10000,
                "network_in": 10,
                "network_out": 10,
                "transfer_quota": 80,
            },
            "backups": {
                "enabled": backups,
                "available": backups,
                "schedule": {"day": day, "window": f"W{(h >> 4) % 12 * 2}" if backups else None},
                "last_successful": iso(self.clock.now() - 3600 * (2 + h % 20)) if backups else None,
            },
            "hypervisor": "kvm",
            "watchdog_enabled": True,
            "tags": tags,
            "host_uuid": f"{h:016x}{_mix(h, 7):016x}{h & 0xFFFFFFFF:08x}",
            "has_user_data": False,
            "lke_cluster_id": None,
            "placement_group": None,
            "capabilities": ["Block Storage Encryption"],
            "disk_encryption": "enabled",
            "interface_generation": "legacy_config",
            "maintenance_policy": "linode/migrate",
            "site_type": "core",
            "locks": [],
        }
        self.linodes[lid] = linode
        if status == "offline":
            # went offline at some point: within the last 3 days (shows on the stats graphs) or long ago
            off_at = max(created, self.clock.now() - (h % (3 * 86400)) - 600)
            self.power[lid] = [(off_at, False)]
        return linode

    def new_linode(
        self,
        *,
        label: str,
        region: str,
        tid: str,
        image: str | None,
        tags: list[str],
        status: str,
        backups: bool = False,
        private_ip: bool = False,
    ) -> dict[str, Any]:
        lid = self.next_id("linode", max(self.linodes, default=60_000_000))
        ty = self.types[tid]
        now = self.now()
        linode = self.add_seeded_linode(lid, label, region, tid, ty, image, tags, status, backups, now, 0.9)
        linode["backups"]["last_successful"] = None
        linode["backups"]["available"] = False
        if private_ip:
            seq = self._lseq[lid]
            linode["ipv4"].append(f"192.168.{128 + (seq // 254) % 128}.{seq % 254 + 1}")
        self.power[lid] = [(now, status in POWERED_STATUSES)]
        return linode

    def linode(self, lid: Any) -> dict[str, Any]:
        self.tick()
        linode = self.linodes.get(lid) if isinstance(lid, int) else None
        if linode is None:
            raise not_found()
        return linode

    def set_status(
        self, obj: dict[str, Any], status: str, at: float | None = None, kind: str = "linode"
    ) -> None:
        if obj.get("status") == status:
            return
        obj["status"] = status
        if kind == "linode":
            lid = obj["id"]
            on = status in POWERED_STATUSES
            hist = self.power.setdefault(lid, [])
            was_on = hist[-1][1] if hist else True
            if on != was_on:
                hist.append((self.now() if at is None else at, on))

    def is_on_at(self, lid: int, ts: float) -> bool:
        hist = self.power.get(lid)
        if not hist:
            return True
        state = not hist[0][1]  # before the first recorded change, the opposite state
        for t, on in hist:
            if t > ts:
                break
            state = on
        return state

    def ensure_idle(self, kind: str, key: Any) -> None:
        self.tick()
        if (kind, key) in self.busy_keys:
            raise busy()

    def linode_seq(self, lid: int) -> int:
        return self._lseq.get(lid, lid % 60000)

    # ---- lazily built sub-resources
    def disks(self, lid: int) -> dict[int, dict[str, Any]]:
        d = self._disks.get(lid)
        if d is None:
            linode = self.linodes[lid]
            d = {}
            created = linode["created"]
            total = linode["specs"]["disk"]
            img = self.images.get(linode["image"] or "")
            if linode["image"]:
                main_label = f"{img['label'] if img else linode['image']} Disk"
                d[lid * 4] = {
                    "id": lid * 4,
                    "label": main_label,
                    "status": "ready",
                    "size": total - 512,
                    "filesystem": "ext4",
                    "created": created,
                    "updated": created,
                    "disk_encryption": "enabled",
                }
                d[lid * 4 + 1] = {
                    "id": lid * 4 + 1,
                    "label": "512 MB Swap Image",
                    "status": "ready",
                    "size": 512,
                    "filesystem": "swap",
                    "created": created,
                    "updated": created,
                    "disk_encryption": "enabled",
                }
            self._disks[lid] = d
        return d

    def configs(self, lid: int) -> dict[int, dict[str, Any]]:
        c = self._configs.get(lid)
        if c is None:
            linode = self.linodes[lid]
            c = {}
            disks = list(self.disks(lid))
            img = self.images.get(linode["image"] or "")
            devices: dict[str, Any] = {f"sd{ch}": None for ch in "abcdefgh"}
            if disks:
                devices["sda"] = {"disk_id": disks[0], "volume_id": None}
            if len(disks) > 1:
                devices["sdb"] = {"disk_id": disks[1], "volume_id": None}
            slot = iter("cdefgh")
            for v in self.volumes.values():
                if v["linode_id"] == lid:
                    devices[f"sd{next(slot, 'h')}"] = {"disk_id": None, "volume_id": v["id"]}
            interfaces: list[dict[str, Any]] = []
            link = self.vpc_links.get(lid)
            if link:
                interfaces = [
                    self.make_interface(lid * 8, "public", primary=True),
                    self.make_interface(
                        lid * 8 + 1,
                        "vpc",
                        vpc_id=link["vpc_id"],
                        subnet_id=link["subnet_id"],
                        vpc_ip=link["address"],
                    ),
                ]
            cid = lid * 2
            c[cid] = self.make_config(
                cid,
                f"My {img['label'] if img else 'Linode'} Disk Profile",
                devices=devices,
                interfaces=interfaces,
                created=linode["created"],
            )
            self._configs[lid] = c
        return c

    def make_config(
        self,
        cid: int,
        label: str,
        *,
        devices: dict[str, Any],
        interfaces: list[dict[str, Any]],
        created: str,
    ) -> dict[str, Any]:
        """A configuration profile with the API's defaults for everything but these fields."""
        return {
            "id": cid,
            "label": label,
            "comments": "",
            "kernel": "linode/grub2",
            "memory_limit": 0,
            "run_level": "default",
            "virt_mode": "paravirt",
            "root_device": "/dev/sda",
            "initrd": None,
            "helpers": {
                "updatedb_disabled": True,
                "distro": True,
                "modules_dep": True,
                "network": True,
                "devtmpfs_automount": True,
            },
            "devices": devices,
            "interfaces": interfaces,
            "created": created,
            "updated": created,
        }

    def make_interface(
        self,
        iid: int,
        purpose: str,
        *,
        primary: bool = False,
        vpc_id: int | None = None,
        subnet_id: int | None = None,
        vpc_ip: str | None = None,
        label: str | None = None,
        ipam_address: str | None = None,
    ) -> dict[str, Any]:
        return {
            "id": iid,
            "purpose": purpose,
            "label": label,
            "ipam_address": ipam_address,
            "primary": primary,
            "active": True,
            "vpc_id": vpc_id,
            "subnet_id": subnet_id,
            "ipv4": {"vpc": vpc_ip, "nat_1_1": None} if purpose == "vpc" else None,
            "ip_ranges": [] if purpose == "vpc" else None,
        }

    def ip_obj(self, lid: int, address: str, *, public: bool, region: str) -> dict[str, Any]:
        if public:
            gw = address.rsplit(".", 1)[0] + ".1"
            rdns = address.replace(".", "-") + ".ip.linodeusercontent.com"
            return {
                "address": address,
                "gateway": gw,
                "subnet_mask": "255.255.255.0",
                "prefix": 24,
                "type": "ipv4",
                "public": True,
                "rdns": rdns,
                "linode_id": lid,
                "region": region,
                "reserved": False,
                "vpc_nat_1_1": None,
            }
        return {
            "address": address,
            "gateway": None,
            "subnet_mask": "255.255.128.0",
            "prefix": 17,
            "type": "ipv4",
            "public": False,
            "rdns": None,
            "linode_id": lid,
            "region": region,
            "reserved": False,
            "vpc_nat_1_1": None,
        }

    def ips(self, lid: int) -> dict[str, Any]:
        info = self._ips.get(lid)
        if info is None:
            linode = self.linodes[lid]
            region = linode["region"]
            public = [
                self.ip_obj(lid, a, public=True, region=region)
                for a in linode["ipv4"]
                if not a.startswith("192.168.")
            ]
            private = [
                self.ip_obj(lid, a, public=False, region=region)
                for a in linode["ipv4"]
                if a.startswith("192.168.")
            ]
            slaac = (linode["ipv6"] or "").split("/")[0]
            h = _mix(self.seed, lid, 3)
            vpc: list[dict[str, Any]] = []
            link = self.vpc_links.get(lid)
            if link:
                vpc.append(
                    {
                        "address": link["address"],
                        "address_range": None,
                        "gateway": link["gateway"],
                        "subnet_mask": "255.255.255.0",
                        "prefix": 24,
                        "linode_id": lid,
                        "region": region,
                        "vpc_id": link["vpc_id"],
                        "subnet_id": link["subnet_id"],
                        "config_id": lid * 2,
                        "interface_id": lid * 8 + 1,
                        "active": True,
                        "nat_1_1": public[0]["address"] if public else None,
                    }
                )
                if public:  # the public address says which VPC address it is the 1:1 NAT of
                    public[0]["vpc_nat_1_1"] = {
                        "address": link["address"],
                        "subnet_id": link["subnet_id"],
                        "vpc_id": link["vpc_id"],
                    }
            info = {
                "ipv4": {"public": public, "private": private, "shared": [], "reserved": [], "vpc": vpc},
                "ipv6": {
                    "slaac": {
                        "address": slaac,
                        "gateway": "fe80::1",
                        "subnet_mask": "ffff:ffff:ffff:ffff::",
                        "prefix": 64,
                        "type": "ipv6",
                        "public": True,
                        "rdns": None,
                        "linode_id": lid,
                        "region": region,
                        "reserved": False,
                    },
                    "link_local": {
                        "address": f"fe80::f03c:95ff:fe{h & 0xFF:02x}:{(h >> 8) & 0xFFFF:x}",
                        "gateway": "fe80::1",
                        "subnet_mask": "ffff:ffff:ffff:ffff::",
                        "prefix": 64,
                        "type": "ipv6",
                        "public": False,
                        "rdns": None,
                        "linode_id": lid,
                        "region": region,
                        "reserved": False,
                    },
                    "global": [],
                },
            }
            self._ips[lid] = info
        return info

    def backups(self, lid: int) -> dict[str, Any]:
        b = self._backups.get(lid)
        if b is None:
            linode = self.linodes[lid]
            b = {"automatic": [], "snapshot": {"current": None, "in_progress": None}}
            if linode["backups"]["enabled"] and linode["backups"]["available"]:
                rng = self.rng_for(lid, 11)
                disks = [
                    {"label": d["label"], "size": d["size"], "filesystem": d["filesystem"]}
                    for d in self.disks(lid).values()
                ]
                configs = [c["label"] for c in self.configs(lid).values()]
                now = self.now()
                for k in range(3):
                    t = now - 86400 * (k + 1) + rng.randrange(0, 3600)
                    b["automatic"].append(self._backup_obj(lid * 8 + k, "automatic", None, t, disks, configs))
                if rng.random() < 0.5:
                    t = now - 86400 * rng.randrange(4, 30)
                    b["snapshot"]["current"] = self._backup_obj(
                        lid * 8 + 5, "snapshot", "pre-upgrade", t, disks, configs
                    )
            self._backups[lid] = b
        return b

    def _backup_obj(
        self,
        bid: int,
        btype: str,
        label: str | None,
        t: float,
        disks: list[dict[str, Any]],
        configs: list[str],
        status: str = "successful",
    ) -> dict[str, Any]:
        return {
            "id": bid,
            "label": label,
            "type": btype,
            "status": status,
            "available": status == "successful",
            "created": iso(t),
            "updated": iso(t + 300),
            "finished": iso(t + 300) if status == "successful" else None,
            "disks": disks,
            "configs": configs,
            "region": None,
        }

    def linode_volumes(self, lid: int) -> list[dict[str, Any]]:
        return [v for v in self.volumes.values() if v["linode_id"] == lid]

    def remove_linode(self, lid: int) -> None:
        linode = self.linodes.pop(lid, None)
        if linode is None:
            return
        for store in (self._disks, self._configs, self._ips, self._backups, self.vpc_links):
            store.pop(lid, None)
        for v in self.volumes.values():
            if v["linode_id"] == lid:
                v["linode_id"] = None
                v["linode_label"] = None
        for iid in list(self.linode_interfaces.pop(lid, {})):
            for devs in self.firewall_devices.values():
                for did in [d for d, dev in devs.items()
                            if dev["entity"]["type"] == "linode_interface" and dev["entity"]["id"] == iid]:
                    del devs[did]
        self.interface_settings.pop(lid, None)
        for lock_id in [k for k, x in self.locks.items() if x["entity"]["type"] == "linode"
                        and x["entity"]["id"] == lid]:
            del self.locks[lock_id]
        fw = self.linode_firewall.pop(lid, None)
        if fw is not None:
            devs = self.firewall_devices.get(fw, {})
            for did in [
                d
                for d, dev in devs.items()
                if dev["entity"]["type"] == "linode" and dev["entity"]["id"] == lid
            ]:
                del devs[did]
        pg = linode.get("placement_group")
        if pg and pg["id"] in self.placement_groups:
            g = self.placement_groups[pg["id"]]
            g["members"] = [m for m in g["members"] if m["linode_id"] != lid]
        private = {a for a in linode["ipv4"] if a.startswith("192.168.")}
        for nodes in self.nb_nodes.values():
            for node in nodes.values():
                if node["address"].rsplit(":", 1)[0] in private:
                    node["status"] = "DOWN"

    # ----------------------------------------------------------------------------------------- helpers
    def check_label(self, label: Any, field: str = "label") -> str:
        if not isinstance(label, str):
            raise ApiError(400, "Label must be a string", field)
        if not 3 <= len(label) <= 64:
            raise ApiError(400, "Label must be between 3 and 64 characters", field)
        ok = all(ch.isascii() and (ch.isalnum() or ch in "-_.") for ch in label)
        if not ok or not label[0].isalnum() or not label[-1].isalnum():
            raise ApiError(
                400,
                "Label must begin and end with a letter or number, and may only contain letters, numbers, "
                "dashes, underscores, and periods",
                field,
            )
        if "--" in label or "__" in label or ".." in label:
            raise ApiError(400, "Label must not contain two dashes, underscores, or periods in a row", field)
        return label

    def check_region(self, region: Any, field: str = "region") -> str:
        if not isinstance(region, str) or region not in self.regions:
            raise ApiError(400, "region is not valid", field)
        return region

    def check_tags(self, tags: Any) -> list[str]:
        if tags is None:
            return []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise ApiError(400, "tags must be a list of strings", "tags")
        for t in tags:
            if not 3 <= len(t) <= 50:
                raise ApiError(400, "Length must be 3-50 characters", "tags")
            self.ensure_tag(t)
        return list(dict.fromkeys(tags))

    def ensure_tag(self, label: str) -> None:
        if label not in self.tags:
            self.tags[label] = {"label": label}

    def all_tagged(self) -> Iterable[tuple[str, dict[str, Any]]]:
        yield from (("linode", x) for x in self.linodes.values())
        yield from (("volume", x) for x in self.volumes.values())
        yield from (("nodebalancer", x) for x in self.nodebalancers.values())
        yield from (("domain", x) for x in self.domains.values())
        yield from (("firewall", x) for x in self.firewalls.values())
        yield from (("lke_cluster", x) for x in self.lke_clusters.values())
        yield from (("image", x) for x in self.images.values() if not x["is_public"])
        yield from (("database", x) for x in self.databases.values())
