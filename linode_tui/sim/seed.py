"""Static catalogue data (regions, types, images, kernels, price lists) and the seeding of a World.

Everything here is deterministic for a given seed: all randomness comes from ``random.Random(seed)``
(or from a ``random.Random`` derived from the seed and an entity id, for lazily built sub-resources).
Seeding is cheap: 10,000 Linodes take a fraction of a second because each Linode is one dict built from
a handful of random draws; disks, configs, IPs and backups are created on first access.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from linode_tui.sim.world import World

DAY = 86400.0

# --------------------------------------------------------------------------------------------- regions
# id, label, country, first two octets of its public IPv4 space, IPv6 /32-ish prefix, extra capabilities
_REGION_ROWS: list[tuple[str, str, str, str, str]] = [
    ("ap-west", "Mumbai, IN", "in", "172.105", "2400:8904"),
    ("ca-central", "Toronto, CA", "ca", "172.105", "2600:3c04"),
    ("ap-southeast", "Sydney, AU", "au", "172.105", "2400:8907"),
    ("us-central", "Dallas, TX", "us", "172.104", "2600:3c00"),
    ("us-west", "Fremont, CA", "us", "173.230", "2600:3c01"),
    ("us-southeast", "Atlanta, GA", "us", "45.79", "2600:3c02"),
    ("us-east", "Newark, NJ", "us", "45.56", "2600:3c03"),
    ("eu-west", "London, UK", "gb", "178.79", "2a01:7e00"),
    ("ap-south", "Singapore, SG", "sg", "139.162", "2400:8901"),
    ("eu-central", "Frankfurt, DE", "de", "172.105", "2a01:7e01"),
    ("ap-northeast", "Tokyo, JP", "jp", "139.162", "2400:8902"),
    ("us-iad", "Washington, DC", "us", "172.232", "2600:3c05"),
    ("us-ord", "Chicago, IL", "us", "172.232", "2600:3c06"),
    ("fr-par", "Paris, FR", "fr", "172.232", "2600:3c07"),
    ("us-sea", "Seattle, WA", "us", "172.232", "2600:3c0a"),
    ("br-gru", "Sao Paulo, BR", "br", "172.233", "2600:3c0d"),
    ("nl-ams", "Amsterdam, NL", "nl", "172.233", "2600:3c0e"),
    ("se-sto", "Stockholm, SE", "se", "172.232", "2600:3c09"),
    ("es-mad", "Madrid, ES", "es", "172.233", "2a01:7e02"),
    ("in-maa", "Chennai, IN", "in", "172.232", "2600:3c08"),
    ("jp-osa", "Osaka, JP", "jp", "172.233", "2400:8905"),
    ("it-mil", "Milan, IT", "it", "172.232", "2600:3c0b"),
    ("us-mia", "Miami, FL", "us", "172.233", "2600:3c0c"),
    ("id-cgk", "Jakarta, ID", "id", "172.232", "2600:3c0f"),
    ("us-lax", "Los Angeles, CA", "us", "172.235", "2600:3c10"),
    ("gb-lon", "London 2, UK", "gb", "172.236", "2600:3c11"),
    ("au-mel", "Melbourne, AU", "au", "172.236", "2600:3c12"),
]
REGION_NET: dict[str, tuple[str, str]] = {r[0]: (r[3], r[4]) for r in _REGION_ROWS}
# UTC offset in hours, for plausible diurnal stats patterns
REGION_TZ: dict[str, int] = {
    "ap-west": 5, "ca-central": -5, "ap-southeast": 10, "us-central": -6, "us-west": -8, "us-southeast": -5,
    "us-east": -5, "eu-west": 0, "ap-south": 8, "eu-central": 1, "ap-northeast": 9, "us-iad": -5,
    "us-ord": -6, "fr-par": 1, "us-sea": -8, "br-gru": -3, "nl-ams": 1, "se-sto": 1, "es-mad": 1,
    "in-maa": 5, "jp-osa": 9, "it-mil": 1, "us-mia": -5, "id-cgk": 7, "us-lax": -8, "gb-lon": 0, "au-mel": 10,
}  # fmt: skip
# regions most Linodes live in (weights), for a realistic spread
POPULAR_REGIONS = [
    "us-east", "us-east", "us-east", "us-central", "us-west", "us-southeast", "eu-west", "eu-west",
    "eu-central", "eu-central", "ap-south", "ap-northeast", "ap-southeast", "ap-west", "ca-central",
    "us-iad", "us-ord", "fr-par", "nl-ams", "se-sto", "us-sea", "br-gru", "id-cgk", "jp-osa", "it-mil",
]  # fmt: skip
PRICED_REGIONS = ("id-cgk", "br-gru")  # regions with region_prices (about 20% dearer)
OBJ_REGIONS = ("us-east", "us-iad", "us-ord", "fr-par", "nl-ams", "se-sto", "eu-central", "ap-south")
_CORE_CAPS = [
    "Linodes", "Backups", "NodeBalancers", "Block Storage", "Object Storage", "Kubernetes", "Cloud Firewall",
    "Vlans", "VPCs", "Managed Databases", "Metadata", "Premium Plans", "Placement Group",
    "Block Storage Encryption", "Linode Interfaces",
]  # fmt: skip


def _resolvers(prefix: str, v6: str, i: int) -> dict[str, str]:
    v4 = ",".join(f"{prefix}.{(i * 7 + k) % 250}.5" for k in range(6))
    v6s = ",".join(f"{v6}::{k + 2}" for k in range(6))
    return {"ipv4": v4, "ipv6": v6s}


def build_regions() -> list[dict[str, Any]]:
    out = []
    for i, (rid, label, country, prefix, v6) in enumerate(_REGION_ROWS):
        caps = list(_CORE_CAPS)
        if rid in ("ap-west", "ca-central", "ap-southeast", "us-west", "us-southeast"):
            caps.remove("Premium Plans")
        if rid not in OBJ_REGIONS:
            caps.remove("Object Storage")
        if rid in ("us-east", "fr-par", "us-ord", "de-fra-2"):
            caps.append("GPU Linodes")
        out.append(
            {
                "id": rid,
                "label": label,
                "country": country,
                "capabilities": caps,
                "status": "ok",
                "resolvers": _resolvers(prefix, v6, i),
                "placement_group_limits": {"maximum_pgs_per_customer": 100, "maximum_linodes_per_pg": 5},
                "site_type": "core",
                "monitors": {"alerts": ["Linodes"], "metrics": ["Linodes"]},
            }
        )
    return out


# ----------------------------------------------------------------------------------------------- types
# id, label, class, vcpus, memory MB, disk MB, transfer GB, network_out Mbps, monthly $, hourly $, backups $
_TYPE_ROWS: list[tuple[str, str, str, int, int, int, int, int, float, float, float, int]] = [
    ("g6-nanode-1", "Nanode 1 GB", "nanode", 1, 1024, 25600, 1000, 1000, 5, 0.0075, 2, 0),
    ("g6-standard-1", "Linode 2 GB", "standard", 1, 2048, 51200, 2000, 2000, 12, 0.018, 2.5, 0),
    ("g6-standard-2", "Linode 4 GB", "standard", 2, 4096, 81920, 4000, 4000, 24, 0.036, 5, 0),
    ("g6-standard-4", "Linode 8 GB", "standard", 4, 8192, 163840, 5000, 5000, 48, 0.072, 10, 0),
    ("g6-standard-6", "Linode 16 GB", "standard", 6, 16384, 327680, 8000, 6000, 96, 0.144, 20, 0),
    ("g6-standard-8", "Linode 32 GB", "standard", 8, 32768, 655360, 16000, 7000, 192, 0.288, 40, 0),
    ("g6-standard-16", "Linode 64 GB", "standard", 16, 65536, 1310720, 20000, 9000, 384, 0.576, 80, 0),
    ("g6-standard-20", "Linode 96 GB", "standard", 20, 98304, 1966080, 20000, 10000, 576, 0.864, 120, 0),
    ("g6-standard-24", "Linode 128 GB", "standard", 24, 131072, 2621440, 20000, 11000, 768, 1.152, 160, 0),
    ("g6-standard-32", "Linode 192 GB", "standard", 32, 196608, 3932160, 20000, 12000, 1152, 1.728, 240, 0),
    ("g6-dedicated-2", "Dedicated 4 GB", "dedicated", 2, 4096, 81920, 4000, 4000, 36, 0.054, 5, 0),
    ("g6-dedicated-4", "Dedicated 8 GB", "dedicated", 4, 8192, 163840, 5000, 5000, 72, 0.108, 10, 0),
    ("g6-dedicated-8", "Dedicated 16 GB", "dedicated", 8, 16384, 327680, 6000, 6000, 144, 0.216, 20, 0),
    ("g6-dedicated-16", "Dedicated 32 GB", "dedicated", 16, 32768, 655360, 7000, 7000, 288, 0.432, 40, 0),
    ("g6-dedicated-32", "Dedicated 64 GB", "dedicated", 32, 65536, 1310720, 8000, 8000, 576, 0.864, 80, 0),
    ("g6-dedicated-48", "Dedicated 96 GB", "dedicated", 48, 98304, 1966080, 9000, 9000, 864, 1.296, 120, 0),
    ("g6-dedicated-50", "Dedicated 128 GB", "dedicated", 50, 131072, 2560000, 10000, 10000, 1152, 1.728, 160, 0),
    ("g6-dedicated-56", "Dedicated 256 GB", "dedicated", 56, 262144, 5120000, 11000, 11000, 2304, 3.456, 320, 0),
    ("g6-dedicated-64", "Dedicated 512 GB", "dedicated", 64, 524288, 7372800, 12000, 12000, 4608, 6.912, 640, 0),
    ("g7-premium-2", "Premium 4 GB", "premium", 2, 4096, 81920, 4000, 4000, 43, 0.06, 5, 0),
    ("g7-premium-4", "Premium 8 GB", "premium", 4, 8192, 163840, 5000, 5000, 86, 0.129, 10, 0),
    ("g7-premium-8", "Premium 16 GB", "premium", 8, 16384, 327680, 6000, 6000, 173, 0.26, 20, 0),
    ("g7-highmem-1", "Linode 24 GB", "highmem", 2, 24576, 20480, 5000, 5000, 60, 0.09, 5, 0),
    ("g7-highmem-2", "Linode 48 GB", "highmem", 2, 49152, 40960, 6000, 6000, 120, 0.18, 10, 0),
    ("g7-highmem-4", "Linode 90 GB", "highmem", 4, 92160, 92160, 7000, 7000, 240, 0.36, 20, 0),
    ("g7-highmem-8", "Linode 150 GB", "highmem", 8, 153600, 204800, 8000, 8000, 480, 0.72, 40, 0),
    ("g7-highmem-16", "Linode 300 GB", "highmem", 16, 307200, 348160, 9000, 9000, 960, 1.44, 80, 0),
    ("g1-gpu-rtx6000-1", "Dedicated 32 GB + RTX6000 GPU x1", "gpu", 8, 32768, 655360, 16000, 10000,
     1000, 1.5, 40, 1),
    ("g1-gpu-rtx6000-2", "Dedicated 64 GB + RTX6000 GPU x2", "gpu", 16, 65536, 1310720, 20000, 10000,
     2000, 3.0, 80, 2),
]  # fmt: skip


def _rp(value: float) -> float:
    return round(value * 1.2, 4 if value < 1 else 2)


def build_types() -> list[dict[str, Any]]:
    out = []
    for tid, label, cls, vcpus, mem, disk, transfer, net, monthly, hourly, bk, gpus in _TYPE_ROWS:
        out.append(
            {
                "id": tid,
                "label": label,
                "class": cls,
                "vcpus": vcpus,
                "memory": mem,
                "disk": disk,
                "transfer": transfer,
                "network_out": net,
                "gpus": gpus,
                "accelerated_devices": 0,
                "price": {"hourly": hourly, "monthly": float(monthly)},
                "region_prices": [
                    {"id": r, "hourly": _rp(hourly), "monthly": _rp(monthly)} for r in PRICED_REGIONS
                ],
                "addons": {
                    "backups": {
                        "price": {"hourly": round(bk / 730, 4), "monthly": float(bk)},
                        "region_prices": [
                            {"id": r, "hourly": _rp(round(bk / 730, 4)), "monthly": _rp(bk)}
                            for r in PRICED_REGIONS
                        ],
                    }
                },
                "successor": None,
            }
        )
    return out


# Linode types the seeder uses, with weights (small plans dominate real accounts)
SEED_TYPES = (
    ["g6-nanode-1"] * 6 + ["g6-standard-1"] * 6 + ["g6-standard-2"] * 6 + ["g6-standard-4"] * 3
    + ["g6-standard-6", "g6-standard-8", "g6-dedicated-2", "g6-dedicated-4", "g6-dedicated-8",
       "g7-highmem-1", "g7-premium-2"]
)  # fmt: skip

# ---------------------------------------------------------------------------------------------- images
# id, label, vendor, size MB, created, deprecated, eol
_IMAGE_ROWS: list[tuple[str, str, str, int, str, bool, str | None]] = [
    ("linode/ubuntu24.04", "Ubuntu 24.04 LTS", "Ubuntu", 2800, "2024-04-25T17:45:32", False, "2029-05-31T04:00:00"),
    ("linode/ubuntu22.04", "Ubuntu 22.04 LTS", "Ubuntu", 2500, "2022-04-21T16:03:12", False, "2027-05-31T04:00:00"),
    ("linode/ubuntu20.04", "Ubuntu 20.04 LTS", "Ubuntu", 2300, "2020-04-23T15:46:51", False, "2025-05-31T04:00:00"),
    ("linode/debian12", "Debian 12", "Debian", 1500, "2023-06-10T14:11:26", False, "2028-06-30T04:00:00"),
    ("linode/debian11", "Debian 11", "Debian", 1400, "2021-08-14T22:44:02", False, "2026-08-31T04:00:00"),
    ("linode/almalinux9", "AlmaLinux 9", "AlmaLinux", 2100, "2022-05-26T19:13:45", False, "2032-05-31T04:00:00"),
    ("linode/rocky9", "Rocky Linux 9", "Rocky", 2000, "2022-07-14T18:58:42", False, "2032-05-31T04:00:00"),
    ("linode/centos-stream9", "CentOS Stream 9", "CentOS", 2400, "2021-12-06T19:21:22", False, "2027-05-31T04:00:00"),
    ("linode/fedora40", "Fedora 40", "Fedora", 2600, "2024-04-23T18:30:00", False, "2025-05-13T04:00:00"),
    ("linode/alpine3.20", "Alpine 3.20", "Alpine", 300, "2024-05-23T14:40:10", False, "2026-04-01T04:00:00"),
    ("linode/arch", "Arch Linux", "Arch", 1700, "2024-01-02T10:00:00", False, None),
    ("linode/opensuse15.6", "openSUSE Leap 15.6", "openSUSE", 2200, "2024-06-13T12:00:00", False, "2025-12-31T04:00:00"),
    ("linode/gentoo", "Gentoo", "Gentoo", 5400, "2023-09-01T09:00:00", False, None),
    ("linode/slackware15.0", "Slackware 15.0", "Slackware", 6000, "2022-02-03T19:00:00", False, None),
    ("linode/kali", "Kali Linux", "Kali", 2700, "2023-03-14T12:00:00", False, None),
    ("linode/centos7", "CentOS 7", "CentOS", 2500, "2014-07-08T10:07:21", True, "2024-07-01T04:00:00"),
    ("linode/debian10", "Debian 10", "Debian", 1400, "2019-07-08T17:30:00", True, "2024-06-30T04:00:00"),
]  # fmt: skip
SEED_IMAGES = [
    "linode/ubuntu24.04", "linode/ubuntu24.04", "linode/ubuntu22.04", "linode/ubuntu22.04",
    "linode/debian12", "linode/debian12", "linode/debian11", "linode/almalinux9", "linode/rocky9",
    "linode/ubuntu20.04", "linode/alpine3.20", "linode/centos7",
]  # fmt: skip


def build_public_images() -> list[dict[str, Any]]:
    out = []
    for iid, label, vendor, size, created, deprecated, eol in _IMAGE_ROWS:
        out.append(
            {
                "id": iid,
                "label": label,
                "description": "",
                "created": created,
                "updated": created,
                "created_by": "linode",
                "deprecated": deprecated,
                "is_public": True,
                "size": size,
                "total_size": size,
                "type": "manual",
                "status": "available",
                "vendor": vendor,
                "expiry": None,
                "eol": eol,
                "capabilities": ["cloud-init", "distributed-sites"],
                "tags": [],
                "regions": [],
            }
        )
    return out


# --------------------------------------------------------------------------------------------- kernels
def build_kernels() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    specials = [
        ("linode/latest-64bit", "Latest 64 bit (6.11.9-x86_64-linode169)", "6.11.9", "x86_64"),
        ("linode/latest-32bit", "Latest 32 bit (4.19.1-x86-linode128)", "4.19.1", "i386"),
        ("linode/grub2", "GRUB 2", "2.06", "x86_64"),
        ("linode/direct-disk", "Direct Disk", "", "x86_64"),
        ("linode/grub-legacy", "GRUB (Legacy)", "2.0.0", "x86_64"),
    ]
    for kid, label, version, arch in specials:
        out.append(
            {"id": kid, "label": label, "version": version, "kvm": True, "architecture": arch,
             "pvops": True, "deprecated": False, "built": "2024-11-20T15:41:03"}
        )  # fmt: skip
    for i, ver in enumerate(["5.15.10", "6.1.10", "6.2.9", "6.5.13", "6.8.1", "6.9.3", "6.10.4", "6.11.9"]):
        for arch, suffix in (("x86_64", "x86_64"), ("i386", "x86")):
            build = 150 + i * 2
            out.append(
                {
                    "id": f"linode/{ver}-{suffix}-linode{build}",
                    "label": f"{ver}-{suffix}-linode{build}",
                    "version": ver,
                    "kvm": True,
                    "architecture": arch,
                    "pvops": True,
                    "deprecated": i < 2,
                    "built": f"20{22 + i // 3}-0{1 + i % 9}-1{i}T12:00:00",
                }
            )
    return out


# ------------------------------------------------------------------------------------------ price lists
def _price_list(rows: list[tuple[str, str, float, float, int]]) -> list[dict[str, Any]]:
    return [
        {
            "id": rid,
            "label": label,
            "price": {"hourly": hourly, "monthly": monthly},
            "region_prices": [
                {"id": r, "hourly": _rp(hourly), "monthly": _rp(monthly)} for r in PRICED_REGIONS
            ],
            "transfer": transfer,
        }
        for rid, label, hourly, monthly, transfer in rows
    ]


def build_price_lists() -> dict[str, list[dict[str, Any]]]:
    return {
        "volumes": _price_list([("volume", "Storage Volume", 0.00015, 0.1, 0)]),
        "nodebalancers": _price_list([("nodebalancer", "NodeBalancer", 0.015, 10.0, 0)]),
        "lke": _price_list(
            [("lke-sa", "LKE Standard Availability", 0.0, 0.0, 0),
             ("lke-ha", "LKE High Availability", 0.09, 60.0, 0)]
        ),  # fmt: skip
        "object-storage": _price_list(
            [("objectstorage", "Object Storage", 0.0075, 5.0, 1000),
             ("objectstorage-overage", "Object Storage Overage", 0.00003, 0.02, 0)]
        ),  # fmt: skip
        "longview": _price_list(
            [("longview-3", "Longview Pro 3 pack", 0.03, 20.0, 0),
             ("longview-10", "Longview Pro 10 pack", 0.06, 40.0, 0),
             ("longview-40", "Longview Pro 40 pack", 0.15, 100.0, 0),
             ("longview-100", "Longview Pro 100 pack", 0.3, 200.0, 0)]
        ),  # fmt: skip
        "network-transfer": _price_list(
            [("distributed_network_transfer", "Distributed Network Transfer", 0.01, 0.01, 0),
             ("network_transfer", "Network Transfer", 0.005, 0.005, 0)]
        ),  # fmt: skip
    }


# id, label, vcpus, memory MB, disk MB, monthly price for 1 node
_DB_TYPES = [
    ("g6-nanode-1", "DBaaS - Nanode 1GB", 1, 1024, 25600, 15),
    ("g6-standard-1", "DBaaS - Linode 2GB", 1, 2048, 51200, 30),
    ("g6-standard-2", "DBaaS - Linode 4GB", 2, 4096, 81920, 60),
    ("g6-standard-4", "DBaaS - Linode 8GB", 4, 8192, 163840, 120),
    ("g6-dedicated-2", "DBaaS - Dedicated 4GB", 2, 4096, 81920, 68),
    ("g6-dedicated-4", "DBaaS - Dedicated 8GB", 4, 8192, 163840, 136),
    ("g6-dedicated-8", "DBaaS - Dedicated 16GB", 8, 16384, 327680, 272),
]


def build_database_types() -> list[dict[str, Any]]:
    out = []
    for tid, label, vcpus, mem, disk, monthly in _DB_TYPES:
        cls = "nanode" if "nanode" in tid else "dedicated" if "dedicated" in tid else "standard"

        def cluster(n: int, m: float = monthly) -> list[dict[str, Any]]:
            price = round(m * (n if n == 1 else n * 0.9), 2)
            return [{"quantity": n, "price": {"hourly": round(price / 730, 3), "monthly": price}}]

        engines = {"mysql": cluster(1) + cluster(3), "postgresql": cluster(1) + cluster(3)}
        out.append(
            {"id": tid, "label": label, "class": cls, "vcpus": vcpus, "memory": mem, "disk": disk,
             "deprecated": False, "engines": engines}
        )  # fmt: skip
    return out


DB_ENGINES = [
    {"id": "mysql/8", "engine": "mysql", "version": "8"},
    {"id": "postgresql/13", "engine": "postgresql", "version": "13"},
    {"id": "postgresql/14", "engine": "postgresql", "version": "14"},
    {"id": "postgresql/15", "engine": "postgresql", "version": "15"},
    {"id": "postgresql/16", "engine": "postgresql", "version": "16"},
]
LKE_VERSIONS = ["1.32", "1.31", "1.30"]

# ------------------------------------------------------------------------------------------- labels etc.
ROLES = [
    "web", "api", "db-primary", "db-replica", "cache", "worker", "lb", "mail", "vpn", "ci-runner",
    "monitor", "backup", "git", "proxy", "search", "queue", "batch", "media", "bastion", "dns",
]  # fmt: skip
ENV_PREFIXES = ["", "", "", "prod-", "staging-", "dev-"]
TAG_POOL = ["prod", "staging", "dev", "web", "db", "k8s", "monitoring", "team-a", "team-b", "[legacy]",
            "[prod] critical", "eu", "batch"]  # fmt: skip
SSH_KEY = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKmH6xtS3BrY9t3F2KJk6bJw2tYvW8pQe0Uq6Nd5eW3g demo-user@laptop"
)
WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def hex_id(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


# ------------------------------------------------------------------------------------------- the seeder
def seed_world(world: World, n_linodes: int) -> None:
    """Fill ``world`` with a realistic, related account (deterministic per ``world.seed``)."""
    rng = random.Random(world.seed)
    now = world.clock.now()
    _seed_linodes(world, rng, n_linodes, now)
    _seed_lke(world, rng, now)
    _seed_networking(world, rng, now)
    _seed_services(world, rng, now)
    _seed_account(world, rng, now)
    _seed_events(world, rng, now)


def _seed_linodes(world: World, rng: random.Random, n: int, now: float) -> None:
    types = world.types
    lid = 40_000_000 + rng.randrange(1_000_000, 9_000_000)
    span = 3 * 365 * DAY
    # the oldest Linode is ~3 years old; creation times are increasing with ids
    t = now - span
    step = span / max(n, 1)
    rand = rng.random
    choice = rng.choice
    region_pool = POPULAR_REGIONS
    fail_at = 3 if n > 4 else n - 1  # one Linode whose label contains "fail" (see lifecycle docstring)
    for i in range(n):
        lid += 1 + int(rand() * 40)
        t += step * (0.5 + rand())
        created = min(t, now - 3600 - (n - i) * 5)
        role = choice(ROLES)
        if i == fail_at:
            label = f"web-fail-{i + 1}"
        else:
            label = f"{choice(ENV_PREFIXES)}{role}-{i + 1}"
        region = choice(region_pool)
        tid = choice(SEED_TYPES)
        ty = types[tid]
        r = rand()
        tags: list[str] = []
        if r < 0.7:
            tags.append(choice(TAG_POOL))
            if r < 0.25:
                t2 = choice(TAG_POOL)
                if t2 not in tags:
                    tags.append(t2)
        if label.startswith("prod-") and "prod" not in tags:
            tags.append("prod")
        if i == 1:
            tags = ["[legacy]", "web"]
        status = "offline" if rand() < 0.12 else "running"
        backups = rand() < 0.3
        world.add_seeded_linode(
            lid, label, region, tid, ty, choice(SEED_IMAGES), tags, status, backups, created, rand()
        )
