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
    "ap-west": 5,
    "ca-central": -5,
    "ap-southeast": 10,
    "us-central": -6,
    "us-west": -8,
    "us-southeast": -5,
    "us-east": -5,
    "eu-west": 0,
    "ap-south": 8,
    "eu-central": 1,
    "ap-northeast": 9,
    "us-iad": -5,
    "us-ord": -6,
    "fr-par": 1,
    "us-sea": -8,
    "br-gru": -3,
    "nl-ams": 1,
    "se-sto": 1,
    "es-mad": 1,
    "in-maa": 5,
    "jp-osa": 9,
    "it-mil": 1,
    "us-mia": -5,
    "id-cgk": 7,
    "us-lax": -8,
    "gb-lon": 0,
    "au-mel": 10,
}
# regions most Linodes live in (weights), for a realistic spread
POPULAR_REGIONS = [
    "us-east",
    "us-east",
    "us-east",
    "us-central",
    "us-west",
    "us-southeast",
    "eu-west",
    "eu-west",
    "eu-central",
    "eu-central",
    "ap-south",
    "ap-northeast",
    "ap-southeast",
    "ap-west",
    "ca-central",
    "us-iad",
    "us-ord",
    "fr-par",
    "nl-ams",
    "se-sto",
    "us-sea",
    "br-gru",
    "id-cgk",
    "jp-osa",
    "it-mil",
]
PRICED_REGIONS = ("id-cgk", "br-gru")  # regions with region_prices (about 20% dearer)
OBJ_REGIONS = ("us-east", "us-iad", "us-ord", "fr-par", "nl-ams", "se-sto", "eu-central", "ap-south")
_CORE_CAPS = [
    "Linodes",
    "Backups",
    "NodeBalancers",
    "Block Storage",
    "Object Storage",
    "Kubernetes",
    "Cloud Firewall",
    "Vlans",
    "VPCs",
    "Managed Databases",
    "Metadata",
    "Premium Plans",
    "Placement Group",
    "Block Storage Encryption",
    "Linode Interfaces",
]


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
    (
        "g6-dedicated-50",
        "Dedicated 128 GB",
        "dedicated",
        50,
        131072,
        2560000,
        10000,
        10000,
        1152,
        1.728,
        160,
        0,
    ),
    (
        "g6-dedicated-56",
        "Dedicated 256 GB",
        "dedicated",
        56,
        262144,
        5120000,
        11000,
        11000,
        2304,
        3.456,
        320,
        0,
    ),
    (
        "g6-dedicated-64",
        "Dedicated 512 GB",
        "dedicated",
        64,
        524288,
        7372800,
        12000,
        12000,
        4608,
        6.912,
        640,
        0,
    ),
    ("g7-premium-2", "Premium 4 GB", "premium", 2, 4096, 81920, 4000, 4000, 43, 0.06, 5, 0),
    ("g7-premium-4", "Premium 8 GB", "premium", 4, 8192, 163840, 5000, 5000, 86, 0.129, 10, 0),
    ("g7-premium-8", "Premium 16 GB", "premium", 8, 16384, 327680, 6000, 6000, 173, 0.26, 20, 0),
    ("g7-highmem-1", "Linode 24 GB", "highmem", 2, 24576, 20480, 5000, 5000, 60, 0.09, 5, 0),
    ("g7-highmem-2", "Linode 48 GB", "highmem", 2, 49152, 40960, 6000, 6000, 120, 0.18, 10, 0),
    ("g7-highmem-4", "Linode 90 GB", "highmem", 4, 92160, 92160, 7000, 7000, 240, 0.36, 20, 0),
    ("g7-highmem-8", "Linode 150 GB", "highmem", 8, 153600, 204800, 8000, 8000, 480, 0.72, 40, 0),
    ("g7-highmem-16", "Linode 300 GB", "highmem", 16, 307200, 348160, 9000, 9000, 960, 1.44, 80, 0),
    (
        "g1-gpu-rtx6000-1",
        "Dedicated 32 GB + RTX6000 GPU x1",
        "gpu",
        8,
        32768,
        655360,
        16000,
        10000,
        1000,
        1.5,
        40,
        1,
    ),
    (
        "g1-gpu-rtx6000-2",
        "Dedicated 64 GB + RTX6000 GPU x2",
        "gpu",
        16,
        65536,
        1310720,
        20000,
        10000,
        2000,
        3.0,
        80,
        2,
    ),
]


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
    ["g6-nanode-1"] * 6
    + ["g6-standard-1"] * 6
    + ["g6-standard-2"] * 6
    + ["g6-standard-4"] * 3
    + [
        "g6-standard-6",
        "g6-standard-8",
        "g6-dedicated-2",
        "g6-dedicated-4",
        "g6-dedicated-8",
        "g7-highmem-1",
        "g7-premium-2",
    ]
)

# ---------------------------------------------------------------------------------------------- images
# id, label, vendor, size MB, created, deprecated, eol
_IMAGE_ROWS: list[tuple[str, str, str, int, str, bool, str | None]] = [
    (
        "linode/ubuntu24.04",
        "Ubuntu 24.04 LTS",
        "Ubuntu",
        2800,
        "2024-04-25T17:45:32",
        False,
        "2029-05-31T04:00:00",
    ),
    (
        "linode/ubuntu22.04",
        "Ubuntu 22.04 LTS",
        "Ubuntu",
        2500,
        "2022-04-21T16:03:12",
        False,
        "2027-05-31T04:00:00",
    ),
    (
        "linode/ubuntu20.04",
        "Ubuntu 20.04 LTS",
        "Ubuntu",
        2300,
        "2020-04-23T15:46:51",
        False,
        "2025-05-31T04:00:00",
    ),
    ("linode/debian12", "Debian 12", "Debian", 1500, "2023-06-10T14:11:26", False, "2028-06-30T04:00:00"),
    ("linode/debian11", "Debian 11", "Debian", 1400, "2021-08-14T22:44:02", False, "2026-08-31T04:00:00"),
    (
        "linode/almalinux9",
        "AlmaLinux 9",
        "AlmaLinux",
        2100,
        "2022-05-26T19:13:45",
        False,
        "2032-05-31T04:00:00",
    ),
    ("linode/rocky9", "Rocky Linux 9", "Rocky", 2000, "2022-07-14T18:58:42", False, "2032-05-31T04:00:00"),
    (
        "linode/centos-stream9",
        "CentOS Stream 9",
        "CentOS",
        2400,
        "2021-12-06T19:21:22",
        False,
        "2027-05-31T04:00:00",
    ),
    ("linode/fedora40", "Fedora 40", "Fedora", 2600, "2024-04-23T18:30:00", False, "2025-05-13T04:00:00"),
    ("linode/alpine3.20", "Alpine 3.20", "Alpine", 300, "2024-05-23T14:40:10", False, "2026-04-01T04:00:00"),
    ("linode/arch", "Arch Linux", "Arch", 1700, "2024-01-02T10:00:00", False, None),
    (
        "linode/opensuse15.6",
        "openSUSE Leap 15.6",
        "openSUSE",
        2200,
        "2024-06-13T12:00:00",
        False,
        "2025-12-31T04:00:00",
    ),
    ("linode/gentoo", "Gentoo", "Gentoo", 5400, "2023-09-01T09:00:00", False, None),
    ("linode/slackware15.0", "Slackware 15.0", "Slackware", 6000, "2022-02-03T19:00:00", False, None),
    ("linode/kali", "Kali Linux", "Kali", 2700, "2023-03-14T12:00:00", False, None),
    ("linode/centos7", "CentOS 7", "CentOS", 2500, "2014-07-08T10:07:21", True, "2024-07-01T04:00:00"),
    ("linode/debian10", "Debian 10", "Debian", 1400, "2019-07-08T17:30:00", True, "2024-06-30T04:00:00"),
]
SEED_IMAGES = [
    "linode/ubuntu24.04",
    "linode/ubuntu24.04",
    "linode/ubuntu22.04",
    "linode/ubuntu22.04",
    "linode/debian12",
    "linode/debian12",
    "linode/debian11",
    "linode/almalinux9",
    "linode/rocky9",
    "linode/ubuntu20.04",
    "linode/alpine3.20",
    "linode/centos7",
]


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
            {
                "id": kid,
                "label": label,
                "version": version,
                "kvm": True,
                "architecture": arch,
                "pvops": True,
                "deprecated": False,
                "built": "2024-11-20T15:41:03",
            }
        )
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
            [
                ("lke-sa", "LKE Standard Availability", 0.0, 0.0, 0),
                ("lke-ha", "LKE High Availability", 0.09, 60.0, 0),
            ]
        ),
        "object-storage": _price_list(
            [
                ("objectstorage", "Object Storage", 0.0075, 5.0, 1000),
                ("objectstorage-overage", "Object Storage Overage", 0.00003, 0.02, 0),
            ]
        ),
        "longview": _price_list(
            [
                ("longview-3", "Longview Pro 3 pack", 0.03, 20.0, 0),
                ("longview-10", "Longview Pro 10 pack", 0.06, 40.0, 0),
                ("longview-40", "Longview Pro 40 pack", 0.15, 100.0, 0),
                ("longview-100", "Longview Pro 100 pack", 0.3, 200.0, 0),
            ]
        ),
        "network-transfer": _price_list(
            [
                ("distributed_network_transfer", "Distributed Network Transfer", 0.01, 0.01, 0),
                ("network_transfer", "Network Transfer", 0.005, 0.005, 0),
            ]
        ),
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
            {
                "id": tid,
                "label": label,
                "class": cls,
                "vcpus": vcpus,
                "memory": mem,
                "disk": disk,
                "deprecated": False,
                "engines": engines,
            }
        )
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
    "web",
    "api",
    "db-primary",
    "db-replica",
    "cache",
    "worker",
    "lb",
    "mail",
    "vpn",
    "ci-runner",
    "monitor",
    "backup",
    "git",
    "proxy",
    "search",
    "queue",
    "batch",
    "media",
    "bastion",
    "dns",
]
ENV_PREFIXES = ["", "", "", "prod-", "staging-", "dev-"]
TAG_POOL = [
    "prod",
    "staging",
    "dev",
    "web",
    "db",
    "k8s",
    "monitoring",
    "team-a",
    "team-b",
    "[legacy]",
    "[prod] critical",
    "eu",
    "batch",
]
SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKmH6xtS3BrY9t3F2KJk6bJw2tYvW8pQe0Uq6Nd5eW3g demo-user@laptop"
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
        label = f"web-fail-{i + 1}" if i == fail_at else f"{choice(ENV_PREFIXES)}{role}-{i + 1}"
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


def _is_plain(linode: dict[str, Any]) -> bool:
    return linode["lke_cluster_id"] is None


def _iso(ts: float) -> str:
    from linode_tui.sim.world import iso

    return iso(ts)


def _seed_lke(world: World, rng: random.Random, now: float) -> None:
    n = len(world.linodes)
    if n >= 12:
        plan = [
            ("prod-k8s", "us-east", "1.31", True, [("g6-standard-4", 3), ("g6-dedicated-4", 2)]),
            ("staging-k8s", "us-central", "1.30", False, [("g6-standard-2", 3)]),
        ]
        plan += [
            (
                f"team-{k + 1}-k8s",
                POPULAR_REGIONS[k % len(POPULAR_REGIONS)],
                "1.32",
                False,
                [("g6-standard-2", 3)],
            )
            for k in range(min(10, n // 1000))
        ]
    elif n >= 6:
        plan = [("dev-k8s", "us-east", "1.31", False, [("g6-standard-1", 2)])]
    else:
        plan = []
    protected = set(list(world.linodes)[:8])  # keep the first Linodes (fail/busy/[legacy] examples) plain
    candidates = [lid for lid in reversed(world.linodes) if lid not in protected]
    cid = 100_000 + rng.randrange(1000, 9000)
    pid = 300_000 + rng.randrange(1000, 9000)
    for label, region, version, ha, pools in plan:
        cid += 1 + rng.randrange(50)
        created = now - DAY * rng.randrange(30, 400)
        world.lke_clusters[cid] = {
            "id": cid,
            "label": label,
            "region": region,
            "k8s_version": version,
            "tier": "standard",
            "created": _iso(created),
            "updated": _iso(created + DAY),
            "tags": ["k8s"] + (["prod"] if ha else []),
            "control_plane": {
                "high_availability": ha,
                "acl": {"enabled": False, "addresses": {"ipv4": [], "ipv6": []}, "revision-id": ""},
            },
            "apl_enabled": False,
            "status": "ready",
        }
        world.lke_pools[cid] = {}
        for ptype, count in pools:
            pid += 1 + rng.randrange(50)
            nodes = []
            for _ in range(count):
                if not candidates:
                    break
                lid = candidates.pop(0)
                linode = world.linodes[lid]
                ty = world.types[ptype]
                suffix = hex_id(rng, 12)
                linode.update(
                    label=f"lke{cid}-{pid}-{suffix[:8]}",
                    region=region,
                    type=ptype,
                    lke_cluster_id=cid,
                    tags=[],
                    status="running",
                    image="linode/debian12",
                    placement_group=None,
                )
                linode["specs"].update(
                    disk=ty["disk"],
                    memory=ty["memory"],
                    vcpus=ty["vcpus"],
                    transfer=ty["transfer"],
                    gpus=ty["gpus"],
                )
                pub = REGION_NET[region][0]
                seq = world.linode_seq(lid)
                linode["ipv4"] = [
                    f"{pub}.{(seq // 250) % 256}.{seq % 250 + 2}",
                    f"192.168.{128 + (seq // 254) % 128}.{seq % 254 + 1}",
                ]
                world.power.pop(lid, None)
                nodes.append({"id": f"{pid}-{suffix}", "instance_id": lid, "status": "ready"})
            world.lke_pools[cid][pid] = {
                "id": pid,
                "type": ptype,
                "count": len(nodes),
                "nodes": nodes,
                "disks": [],
                "autoscaler": {"enabled": False, "min": len(nodes), "max": len(nodes)},
                "tags": [],
                "labels": {},
                "taints": [],
                "disk_encryption": "enabled",
                "cluster_id": cid,
            }


def _fw_rules(kind: str, version: int = 1) -> dict[str, Any]:
    def rule(
        label: str, ports: str, proto: str = "TCP", v4: list[str] | None = None, v6: list[str] | None = None
    ) -> dict[str, Any]:
        return {
            "label": label,
            "description": f"allow {label}",
            "action": "ACCEPT",
            "protocol": proto,
            "ports": ports,
            "addresses": {"ipv4": v4 or ["0.0.0.0/0"], "ipv6": v6 or ["::/0"]},
        }

    if kind == "web":
        inbound = [rule("ssh", "22"), rule("http", "80"), rule("https", "443"), rule("icmp", "", "ICMP")]
        inbound[3].pop("ports")
    elif kind == "db":
        inbound = [
            rule("mysql", "3306", v4=["192.168.128.0/17"], v6=[]),
            rule("postgres", "5432", v4=["192.168.128.0/17"], v6=[]),
        ]
    elif kind == "bastion":
        inbound = [rule("office-ssh", "22", v4=["203.0.113.0/24", "198.51.100.7/32"], v6=[])]
    else:
        inbound = [rule("all-tcp", "1-65535")]
    fp = f"{(sum(map(ord, kind)) * 2654435761 + version * 40503) & 0xFFFFFFFF:08x}"
    return {
        "inbound": inbound,
        "inbound_policy": "DROP",
        "outbound": [],
        "outbound_policy": "ACCEPT",
        "version": version,
        "fingerprint": fp,
    }


def _seed_networking(world: World, rng: random.Random, now: float) -> None:
    plain = [x for x in world.linodes.values() if _is_plain(x)]
    by_region: dict[str, list[dict[str, Any]]] = {}
    for x in plain[:5000]:
        by_region.setdefault(x["region"], []).append(x)

    # --- volumes
    vid = 1_000_000 + rng.randrange(100_000, 900_000)
    nvol = max(4, min(len(world.linodes) // 3, 5000))
    kinds = ["data", "pgdata", "logs", "media", "backup", "scratch", "uploads"]
    for i in range(nvol):
        vid += 1 + rng.randrange(30)
        attach = plain[rng.randrange(len(plain))] if plain and rng.random() < 0.6 else None
        region = attach["region"] if attach else rng.choice(POPULAR_REGIONS)
        label = f"{rng.choice(kinds)}-vol-{i + 1}"
        created = now - DAY * rng.uniform(1, 700)
        world.volumes[vid] = {
            "id": vid,
            "label": label,
            "status": "active",
            "size": rng.choice([10, 20, 20, 40, 50, 100, 250, 500]),
            "region": region,
            "linode_id": attach["id"] if attach else None,
            "linode_label": attach["label"] if attach else None,
            "filesystem_path": f"/dev/disk/by-id/scsi-0Linode_Volume_{label}",
            "hardware_type": "nvme",
            "encryption": "enabled" if rng.random() < 0.5 else "disabled",
            "io_ready": True,
            "tags": [rng.choice(TAG_POOL)] if rng.random() < 0.5 else [],
            "created": _iso(created),
            "updated": _iso(created),
        }

    # --- firewalls
    fwid = 10_000 + rng.randrange(1000, 9000)
    fw_specs = [
        ("fw-web", "web", "enabled", ["web"]),
        ("fw-db", "db", "enabled", ["db"]),
        ("fw-bastion", "bastion", "enabled", []),
        ("fw-legacy", "legacy", "disabled", ["[legacy]"]),
    ]
    fw_ids = []
    did = 500_000
    for label, kind, status, tags in fw_specs:
        fwid += 1 + rng.randrange(20)
        created = now - DAY * rng.uniform(30, 900)
        world.firewalls[fwid] = {
            "id": fwid,
            "label": label,
            "status": status,
            "rules": _fw_rules(kind),
            "tags": tags,
            "created": _iso(created),
            "updated": _iso(created + DAY),
        }
        world.firewall_devices[fwid] = {}
        fw_ids.append(fwid)
    for i, x in enumerate(plain[:2000]):
        if rng.random() < 0.45:
            fw = fw_ids[0] if "db" not in x["label"] else fw_ids[1]
            if i % 17 == 0:
                fw = fw_ids[3]
            did += 1
            world.firewall_devices[fw][did] = {
                "id": did,
                "entity": world.entity_ref("linode", x),
                "created": x["created"],
                "updated": x["created"],
            }
            world.linode_firewall[x["id"]] = fw

    # --- VPCs and subnets
    vpc_id = 20_000 + rng.randrange(100, 900)
    sub_id = 40_000 + rng.randrange(100, 900)
    for label, region, subnets in (
        ("prod-vpc", "us-east", [("app", "10.0.1.0/24"), ("db", "10.0.2.0/24")]),
        ("staging-vpc", "us-central", [("default", "10.10.0.0/24")]),
    ):
        vpc_id += 1 + rng.randrange(10)
        created = now - DAY * rng.uniform(30, 300)
        world.vpcs[vpc_id] = {
            "id": vpc_id,
            "label": label,
            "region": region,
            "description": f"{label} network",
            "created": _iso(created),
            "updated": _iso(created),
        }
        world.subnets[vpc_id] = {}
        members = [x for x in by_region.get(region, []) if x["id"] not in world.vpc_links][:6]
        for k, (slabel, cidr) in enumerate(subnets):
            sub_id += 1 + rng.randrange(10)
            world.subnets[vpc_id][sub_id] = {
                "id": sub_id,
                "label": slabel,
                "ipv4": cidr,
                "created": _iso(created),
                "updated": _iso(created),
            }
            net = cidr.rsplit(".", 1)[0]
            for j, x in enumerate(members[k :: len(subnets)]):
                world.vpc_links[x["id"]] = {
                    "vpc_id": vpc_id,
                    "subnet_id": sub_id,
                    "address": f"{net}.{j + 2}",
                    "gateway": f"{net}.1",
                }

    # --- NodeBalancers (nodes point at Linodes' private IPs in the same region)
    nbid = 200_000 + rng.randrange(1000, 9000)
    cfg_id = 600_000 + rng.randrange(1000, 9000)
    node_id = 800_000 + rng.randrange(1000, 9000)
    regions_with_private = [r for r, xs in by_region.items() if any(len(x["ipv4"]) > 1 for x in xs)]
    nnb = max(2, min(len(world.linodes) // 15, 200))
    for i in range(nnb):
        region = rng.choice(regions_with_private) if regions_with_private else "us-east"
        nbid += 1 + rng.randrange(30)
        created = now - DAY * rng.uniform(10, 600)
        ip = f"{REGION_NET[region][0]}.{200 + (i // 250) % 56}.{i % 250 + 2}"
        tin, tout = round(rng.uniform(10, 5000), 4), round(rng.uniform(50, 20000), 4)
        world.nodebalancers[nbid] = {
            "id": nbid,
            "label": f"nb-{rng.choice(['web', 'api', 'app', 'edge'])}-{i + 1}",
            "region": region,
            "hostname": f"nb-{ip.replace('.', '-')}.{region}.nodebalancer.linode.com",
            "ipv4": ip,
            "ipv6": f"{REGION_NET[region][1]}::ac{i:x}:{nbid % 65536:x}",
            "client_conn_throttle": 0,
            "transfer": {"in": tin, "out": tout, "total": round(tin + tout, 4)},
            "type": "common",
            "tags": ["web"] if rng.random() < 0.6 else [],
            "lke_cluster": None,
            "created": _iso(created),
            "updated": _iso(created + DAY),
        }
        world.nb_configs[nbid] = {}
        backends = [x for x in by_region.get(region, []) if len(x["ipv4"]) > 1]
        rng.shuffle(backends)
        backends = backends[:3]
        for port, proto in ((80, "http"), (443, "tcp"))[: 1 + (i % 2)]:
            cfg_id += 1 + rng.randrange(10)
            nodes: dict[int, dict[str, Any]] = {}
            for j, x in enumerate(backends):
                node_id += 1 + rng.randrange(10)
                up = x["status"] == "running"
                nodes[node_id] = {
                    "id": node_id,
                    "label": f"backend-{j + 1}",
                    "address": f"{x['ipv4'][1]}:{port}",
                    "status": "UP" if up else "DOWN",
                    "weight": 100,
                    "mode": "accept",
                    "config_id": cfg_id,
                    "nodebalancer_id": nbid,
                }
            world.nb_nodes[cfg_id] = nodes
            world.nb_configs[nbid][cfg_id] = _nb_config(cfg_id, nbid, port, proto)

    # --- placement groups
    pg_id = 900 + rng.randrange(100)
    for label, region, policy in (
        ("pg-web-us-east", "us-east", "strict"),
        ("pg-db-eu", "eu-central", "flexible"),
    ):
        pg_id += 1 + rng.randrange(10)
        members = [x for x in by_region.get(region, []) if x["placement_group"] is None][:2]
        world.placement_groups[pg_id] = {
            "id": pg_id,
            "label": label,
            "region": region,
            "placement_group_type": "anti_affinity:local",
            "placement_group_policy": policy,
            "is_compliant": True,
            "members": [{"linode_id": x["id"], "is_compliant": True} for x in members],
            "migrations": None,
        }
        for x in members:
            x["placement_group"] = {
                "id": pg_id,
                "label": label,
                "placement_group_type": "anti_affinity:local",
                "placement_group_policy": policy,
                "migrating_to": None,
            }

    # --- domains + records
    domain_id = 2_000_000 + rng.randrange(10_000, 90_000)
    rec_id = 30_000_000 + rng.randrange(100_000, 900_000)
    web = [x for x in plain if "web" in x["label"]] or plain
    names = ["example.com", "shop-example.net", "internal.example.org", "legacy.example.io"]
    names += [f"client{k + 1}.example.dev" for k in range(min(26, len(world.linodes) // 2000))]
    for k, name in enumerate(names):
        domain_id += 1 + rng.randrange(100)
        slave = name.startswith("legacy")
        world.domains[domain_id] = {
            "id": domain_id,
            "domain": name,
            "type": "slave" if slave else "master",
            "status": "disabled" if name.startswith("internal") else "active",
            "soa_email": f"hostmaster@{name}",
            "description": "",
            "group": "",
            "tags": ["[legacy]"] if slave else (["prod"] if k == 0 else []),
            "ttl_sec": 0,
            "refresh_sec": 0,
            "retry_sec": 0,
            "expire_sec": 0,
            "axfr_ips": [],
            "master_ips": ["203.0.113.53"] if slave else [],
            "created": _iso(now - DAY * (500 - k)),
            "updated": _iso(now - DAY * (20 + k)),
        }
        recs: dict[int, dict[str, Any]] = {}
        if not slave:
            target = web[k % len(web)] if web else None
            ip = target["ipv4"][0] if target else "203.0.113.10"
            rows = [
                ("A", "", ip, None),
                ("A", "www", ip, None),
                ("AAAA", "www", "2600:3c03::f03c:95ff:fe10:1", None),
                ("MX", "", f"mail.{name}", 10),
                ("A", "mail", ip, None),
                ("TXT", "", "v=spf1 mx ~all", None),
                ("CNAME", "blog", f"www.{name}", None),
                ("CAA", "", "letsencrypt.org", None),
                ("SRV", "_sip._tcp", f"sip.{name}", 10),
            ]
            for rtype, rname, tgt, prio in rows:
                rec_id += 1 + rng.randrange(20)
                recs[rec_id] = {
                    "id": rec_id,
                    "type": rtype,
                    "name": rname,
                    "target": tgt,
                    "priority": prio or 0,
                    "weight": 5 if rtype == "SRV" else 0,
                    "port": 5060 if rtype == "SRV" else 0,
                    "service": "_sip" if rtype == "SRV" else None,
                    "protocol": "_tcp" if rtype == "SRV" else None,
                    "ttl_sec": 0,
                    "tag": "issue" if rtype == "CAA" else None,
                    "created": _iso(now - DAY * 100),
                    "updated": _iso(now - DAY * 50),
                }
        world.domain_records[domain_id] = recs


def _nb_config(cfg_id: int, nbid: int, port: int, proto: str) -> dict[str, Any]:
    return {
        "id": cfg_id,
        "nodebalancer_id": nbid,
        "port": port,
        "protocol": proto,
        "algorithm": "roundrobin",
        "stickiness": "none" if proto == "tcp" else "table",
        "check": "http" if proto == "http" else "connection",
        "check_interval": 10,
        "check_timeout": 5,
        "check_attempts": 3,
        "check_path": "/health" if proto == "http" else "",
        "check_body": "",
        "check_passive": True,
        "proxy_protocol": "none",
        "cipher_suite": "recommended",
        "ssl_cert": None,
        "ssl_key": None,
        "ssl_commonname": "",
        "ssl_fingerprint": "",
        "nodes_status": {"up": 0, "down": 0},
        "udp_check_port": 80,
        "udp_session_timeout": 16,
    }


def make_nb_config(cfg_id: int, nbid: int, port: int, proto: str) -> dict[str, Any]:
    return _nb_config(cfg_id, nbid, port, proto)


def _uuidish(rng: random.Random) -> str:
    h = hex_id(rng, 32).upper()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:]}"


def _seed_services(world: World, rng: random.Random, now: float) -> None:
    # --- databases
    dbid = 100_000 + rng.randrange(1000, 9000)
    for label, engine, version, region, tid, size, status in (
        ("app-mysql-prod", "mysql", "8.0.35", "us-east", "g6-dedicated-2", 3, "active"),
        ("analytics-pg", "postgresql", "16.4", "eu-central", "g6-standard-2", 1, "active"),
        ("legacy-pg", "postgresql", "13.16", "us-central", "g6-nanode-1", 1, "suspended"),
    ):
        dbid += 1 + rng.randrange(100)
        created = now - DAY * rng.uniform(30, 500)
        host = f"lin-{dbid}-{rng.randrange(1000, 9999)}-{engine}"
        world.databases[dbid] = {
            "id": dbid,
            "label": label,
            "engine": engine,
            "version": version,
            "region": region,
            "type": tid,
            "cluster_size": size,
            "status": status,
            "platform": "rdbms-default",
            "encrypted": True,
            "allow_list": ["203.0.113.0/24", "192.168.128.0/17"],
            "port": 3306 if engine == "mysql" else 5432,
            "ssl_connection": True,
            "replication_type": ("semi_synch" if engine == "mysql" else "asynch") if size > 1 else "none",
            "replication_commit_type": None if engine == "mysql" else "local",
            "hosts": {
                "primary": f"{host}-primary.servers.linodedb.net",
                "secondary": f"{host}-primary-private.servers.linodedb.net",
                "standby": None,
            },
            "members": {f"172.104.{rng.randrange(256)}.{rng.randrange(2, 250)}": "primary"},
            "updates": {
                "frequency": "weekly",
                "duration": 3,
                "hour_of_day": 2,
                "day_of_week": 7,
                "week_of_month": None,
                "pending": [],
            },
            "instance_uri": f"/v4/databases/{engine}/instances/{dbid}",
            "total_disk_size_gb": 80,
            "used_disk_size_gb": rng.randrange(2, 60),
            "oldest_restore_time": _iso(now - 7 * DAY),
            "fork": None,
            "engine_config": {},
            "tags": ["db"],
            "created": _iso(created),
            "updated": _iso(created),
        }
        world.db_credentials[dbid] = {"username": "akmadmin", "password": hex_id(rng, 24)}
        world.database_backups[dbid] = {
            dbid * 10 + k: {
                "id": dbid * 10 + k,
                "label": f"Scheduled - {_iso(now - DAY * (k + 1))[:10]}",
                "type": "auto",
                "created": _iso(now - DAY * (k + 1)),
            }
            for k in range(3)
        }

    # --- object storage
    world.obj_clusters = [
        {
            "id": f"{r}-1",
            "region": r,
            "domain": f"{r}-1.linodeobjects.com",
            "status": "available",
            "static_site_domain": f"website-{r}-1.linodeobjects.com",
        }
        for r in OBJ_REGIONS
    ]
    files = [
        "index.html",
        "css/site.css",
        "js/app.js",
        "images/logo.png",
        "images/hero.jpg",
        # nightly dumps named after their (sim clock) dates, like a real backup job's
        f"backups/db-{_iso(now - 8 * DAY)[:10]}.sql.gz",
        f"backups/db-{_iso(now - DAY)[:10]}.sql.gz",
        "reports/q4.pdf",
        "robots.txt",
    ]
    for label, region, acl in (
        ("assets-prod", "us-east", "public-read"),
        ("backups-2024", "us-iad", "private"),
        ("logs-archive", "fr-par", "private"),
        ("media-cdn", "nl-ams", "public-read"),
    ):
        created = now - DAY * rng.uniform(30, 600)
        objs = []
        for f in files[: rng.randrange(4, len(files) + 1)]:
            objs.append(
                {
                    "name": f,
                    "size": rng.randrange(200, 50_000_000),
                    "etag": hex_id(rng, 32),
                    "last_modified": _iso(created + DAY * rng.uniform(0, 20)),
                    "owner": "bfc70ab2-e3d4-42a4-ad55-83921822270c",
                }
            )
        key = (region, label)
        world.bucket_objects[key] = objs
        world.buckets[key] = {
            "label": label,
            "region": region,
            "cluster": f"{region}-1",
            "created": _iso(created),
            "hostname": f"{label}.{region}-1.linodeobjects.com",
            "objects": len(objs),
            "size": sum(o["size"] for o in objs),
            "endpoint_type": "E1",
            "s3_endpoint": f"{region}-1.linodeobjects.com",
        }
        world.bucket_access[key] = {"acl": acl, "cors_enabled": True}
    kid = 4000 + rng.randrange(100, 900)
    for label, limited in (("cli-key", False), ("backup-writer", True)):
        kid += 1 + rng.randrange(10)
        world.obj_keys[kid] = {
            "id": kid,
            "label": label,
            "access_key": hex_id(rng, 20).upper(),
            "secret_key": "[REDACTED]",
            "limited": limited,
            "bucket_access": [
                {
                    "bucket_name": "backups-2024",
                    "cluster": "us-iad-1",
                    "region": "us-iad",
                    "permissions": "read_write",
                }
            ]
            if limited
            else None,
            "regions": [
                {"id": r, "s3_endpoint": f"{r}-1.linodeobjects.com", "endpoint_type": "E1"}
                for r in (("us-iad",) if limited else OBJ_REGIONS)
            ],
        }

    # --- private images
    iid = 20_000_000 + rng.randrange(100_000, 900_000)
    for label, desc in (
        ("golden-web-2024", "Hardened web base image"),
        ("db-base", ""),
        ("legacy-app-snapshot", "Before the 2023 migration"),
    ):
        iid += 1 + rng.randrange(1000)
        created = now - DAY * rng.uniform(10, 400)
        size = rng.randrange(1500, 6000)
        world.images[f"private/{iid}"] = {
            "id": f"private/{iid}",
            "label": label,
            "description": desc,
            "created": _iso(created),
            "updated": _iso(created),
            "created_by": "demo-user",
            "deprecated": False,
            "is_public": False,
            "size": size,
            "total_size": size * 2,
            "type": "manual",
            "status": "available",
            "vendor": None,
            "expiry": None,
            "eol": None,
            "capabilities": ["cloud-init"],
            "tags": ["[legacy]"] if "legacy" in label else [],
            "regions": [
                {"region": "us-east", "status": "available"},
                {"region": "eu-central", "status": "available"},
            ],
        }

    # --- StackScripts
    ssid = 1_200_000 + rng.randrange(1000, 9000)
    for label, mine, public, images, deploys in (
        ("bootstrap-web", True, False, ["linode/ubuntu24.04", "linode/debian12"], 14),
        ("install-docker", True, True, ["linode/ubuntu24.04", "linode/ubuntu22.04"], 321),
        ("WordPress One-Click", False, True, ["linode/ubuntu22.04"], 88412),
        ("LAMP Stack", False, True, ["linode/debian12", "linode/ubuntu22.04"], 40511),
        ("Kali Hardening", False, True, ["linode/kali"], 1290),
    ):
        ssid += 1 + rng.randrange(1000)
        created = now - DAY * rng.uniform(50, 900)
        world.stackscripts[ssid] = {
            "id": ssid,
            "label": label,
            "description": f"{label} StackScript",
            "images": images,
            "is_public": public,
            "mine": mine,
            "username": "demo-user" if mine else "linode",
            "user_gravatar_id": hex_id(rng, 32),
            "deployments_total": deploys,
            "deployments_active": deploys // 3,
            "rev_note": "Initial import",
            "script": '#!/bin/bash\n# <UDF name="hostname" label="Hostname" />\nset -e\napt-get update\n',
            "user_defined_fields": [{"name": "hostname", "label": "Hostname", "example": "web-1"}],
            "created": _iso(created),
            "updated": _iso(created + DAY),
        }

    # --- Longview
    lvid = 7000 + rng.randrange(100, 900)
    for label in ("longview-web", "longview-db"):
        lvid += 1 + rng.randrange(10)
        world.longview_clients[lvid] = {
            "id": lvid,
            "label": label,
            "api_key": _uuidish(rng),
            "install_code": _uuidish(rng),
            "apps": {"apache": False, "nginx": "web" in label, "mysql": "db" in label},
            "created": _iso(now - DAY * 200),
            "updated": _iso(now - DAY * 10),
        }
    counts = {"longview-3": 3, "longview-10": 10, "longview-40": 40, "longview-100": 100}
    world.longview_subscriptions = [
        {"id": p["id"], "label": p["label"], "clients_included": counts[p["id"]], "price": dict(p["price"])}
        for p in world.price_lists["longview"]
    ]
    world.longview_plan = dict(world.longview_subscriptions[0])

    # --- Managed
    msid = 9900 + rng.randrange(10, 90)
    for label, stype, address in (
        ("shop-frontend", "url", "https://shop-example.net/health"),
        ("db-port", "tcp", "192.168.130.5:5432"),
    ):
        msid += 1
        world.managed_services[msid] = {
            "id": msid,
            "label": label,
            "service_type": stype,
            "address": address,
            "timeout": 30,
            "body": "ok" if stype == "url" else "",
            "consultation_group": "on-call",
            "notes": "",
            "region": None,
            "credentials": [],
            "status": "ok" if stype == "url" else "problem",
            "created": _iso(now - DAY * 300),
            "updated": _iso(now - DAY * 3),
        }
    for k, (name, group) in enumerate(
        (("Alex Ops", "on-call"), ("Sam Admin", "on-call"), ("Billing Desk", "billing"))
    ):
        cid = 560 + k
        world.managed_contacts[cid] = {
            "id": cid,
            "name": name,
            "email": f"{name.split()[0].lower()}@example.com",
            "group": group,
            "phone": {"primary": f"555-010{k}", "secondary": None},
            "updated": _iso(now - DAY * 30),
        }
    world.managed_credentials[9991] = {"id": 9991, "label": "prod-db-password", "last_decrypted": None}


def _seed_account(world: World, rng: random.Random, now: float) -> None:
    from linode_tui.sim.framework import TokenInfo
    from linode_tui.sim.world import READ_ONLY_SCOPES

    opened = now - DAY * 1100
    world.account = {
        "active_since": _iso(opened),
        "address_1": "123 Main Street",
        "address_2": "Suite 400",
        "balance": 0,
        "balance_uninvoiced": round(rng.uniform(50, 400), 2),
        "billing_source": "akamai",
        "capabilities": [
            "Linodes",
            "NodeBalancers",
            "Block Storage",
            "Object Storage",
            "Kubernetes",
            "Cloud Firewall",
            "Vlans",
            "VPCs",
            "Managed Databases",
            "Placement Group",
            "Block Storage Encryption",
            "LKE HA Control Planes",
            "Machine Images",
        ],
        "city": "Philadelphia",
        "company": "Demo Corp",
        "country": "US",
        "credit_card": {"expiry": "11/2027", "last_four": "1111"},
        "email": "ops@example.com",
        "euuid": _uuidish(rng),
        "first_name": "Demo",
        "last_name": "User",
        "phone": "215-555-0100",
        "state": "PA",
        "tax_id": "",
        "zip": "19102",
        "active_promotions": [],
    }
    world.account_settings = {
        "backups_enabled": False,
        "longview_subscription": None,
        "managed": True,
        "network_helper": True,
        "object_storage": "active",
        "interfaces_for_new_linodes": "legacy_config_default_but_linode_allowed",
        "maintenance_policy": "linode/migrate",
    }
    # invoices: one per month for 12 months
    inv_id = 9_000_000 + rng.randrange(10_000, 90_000)
    pay_id = 7_000_000 + rng.randrange(10_000, 90_000)
    types = list(world.types.values())
    for k in range(12, 0, -1):
        inv_id += 1 + rng.randrange(500)
        t = now - k * 30.4 * DAY
        items = []
        for j in range(rng.randrange(3, 9)):
            ty = rng.choice(types[:8])
            amount = round(ty["price"]["monthly"] * rng.uniform(0.3, 1.0), 2)
            items.append(
                {
                    "label": f"{ty['label']} - {rng.choice(ROLES)}-{j + 1} "
                    f"({rng.randrange(40_000_000, 60_000_000)})",
                    "type": "hourly",
                    "unit_price": str(ty["price"]["hourly"]),
                    "quantity": int(amount / ty["price"]["hourly"]),
                    "amount": amount,
                    "tax": 0.0,
                    "total": amount,
                    "region": rng.choice(POPULAR_REGIONS),
                    "from": _iso(t - 30 * DAY),
                    "to": _iso(t),
                }
            )
        sub = round(sum(i["amount"] for i in items), 2)
        tax = round(sub * 0.06, 2)
        world.invoices[inv_id] = {
            "id": inv_id,
            "date": _iso(t),
            "label": "Invoice",
            "subtotal": sub,
            "tax": tax,
            "total": round(sub + tax, 2),
            "tax_summary": [{"name": "PA STATE TAX", "tax": tax}],
            "billing_source": "akamai",
        }
        world.invoice_items[inv_id] = items
        pay_id += 1 + rng.randrange(500)
        world.payments[pay_id] = {"id": pay_id, "date": _iso(t + 3 * DAY), "usd": round(sub + tax)}
    # users and grants
    granted = [x for x in world.linodes.values() if _is_plain(x)][:3]
    users = [
        ("demo-user", False, "ops@example.com", ["laptop", "home-pc"]),
        ("intern", True, "intern@example.com", []),
        ("ops-bot", False, "ops-bot@example.com", ["ci"]),
        ("billing-admin", True, "billing@example.com", []),
    ]
    for name, restricted, email, keys in users:
        world.users[name] = {
            "username": name,
            "email": email,
            "restricted": restricted,
            "ssh_keys": keys,
            "tfa_enabled": not restricted,
            "verified_phone_number": None,
            "user_type": "default",
            "password_created": _iso(opened + DAY),
            "last_login": {"login_datetime": _iso(now - DAY * rng.uniform(0.1, 20)), "status": "successful"},
        }
    world.grants["intern"] = make_grants(world, linode_ids=[x["id"] for x in granted], level="read_only")
    world.grants["billing-admin"] = make_grants(world, linode_ids=[], level=None, account_access="read_only")
    # logins
    for k in range(20):
        lid_ = 100_000 + k
        user = "demo-user" if k % 4 else "intern"
        world.logins[lid_] = {
            "id": lid_,
            "datetime": _iso(now - DAY * (20 - k) - rng.randrange(3600)),
            "username": user,
            "ip": f"203.0.113.{rng.randrange(2, 250)}",
            "restricted": user == "intern",
            "status": "failed" if k == 7 else "successful",
        }
    for lid_, login in world.logins.items():
        if login["username"] == "demo-user":
            world.profile_logins[lid_] = login
    # notifications and maintenance
    some = [x for x in world.linodes.values() if _is_plain(x)]
    if some:
        m = some[len(some) // 2]
        world.maintenance.append(
            {
                "entity": {
                    "id": m["id"],
                    "label": m["label"],
                    "type": "linode",
                    "url": f"/v4/linode/instances/{m['id']}",
                },
                "reason": "This maintenance will allow us to update the BIOS on the host's motherboard.",
                "status": "scheduled",
                "type": "reboot",
                "when": _iso(now + 4 * DAY),
                "not_before": _iso(now + 4 * DAY),
                "start_time": None,
                "complete_time": None,
                "maintenance_policy_set": "linode/migrate",
                "description": "Scheduled",
                "source": "platform",
            }
        )
        world.notifications.append(
            {
                "entity": {
                    "id": m["id"],
                    "label": m["label"],
                    "type": "linode",
                    "url": f"/v4/linode/instances/{m['id']}",
                },
                "label": "Maintenance Scheduled",
                "message": "This Linode has scheduled maintenance.",
                "body": None,
                "severity": "major",
                "type": "maintenance_scheduled",
                "when": _iso(now + 4 * DAY),
                "until": None,
            }
        )
    world.notifications.append(
        {
            "entity": None,
            "label": "Balance reminder",
            "message": "Your account has an uninvoiced balance.",
            "body": None,
            "severity": "minor",
            "type": "payment_due",
            "when": None,
            "until": None,
        }
    )
    # support tickets
    tid = 20_000_000 + rng.randrange(10_000, 90_000)
    rid = 50_000_000
    subjects = [
        ("Cannot reach Linode after reboot", "open", "linode"),
        ("Question about invoice", "closed", None),
        ("Request to raise Volume limit", "new", "volume"),
    ]
    for summary, status, etype in subjects:
        tid += 1 + rng.randrange(1000)
        opened_at = now - DAY * rng.uniform(1, 90)
        ent = None
        if etype == "linode" and some:
            ent = world.entity_ref("linode", some[0])
        elif etype == "volume" and world.volumes:
            ent = world.entity_ref("volume", next(iter(world.volumes.values())))
        world.tickets[tid] = {
            "id": tid,
            "summary": summary,
            "description": f"Hello, {summary.lower()}. Thanks!",
            "status": status,
            "entity": ent,
            "opened": _iso(opened_at),
            "opened_by": "demo-user",
            "updated": _iso(opened_at + 7200),
            "updated_by": "Linode",
            "closed": _iso(opened_at + DAY) if status == "closed" else None,
            "closable": status != "closed",
            "attachments": [],
            "gravatar_id": hex_id(rng, 32),
        }
        replies = []
        for j in range(2 if status != "new" else 0):
            rid += 1
            replies.append(
                {
                    "id": rid,
                    "created": _iso(opened_at + 3600 * (j + 1)),
                    "created_by": "Linode Support" if j == 0 else "demo-user",
                    "from_linode": j == 0,
                    "description": "Thanks for reaching out, we are looking into it."
                    if j == 0
                    else "Thank you!",
                    "gravatar_id": hex_id(rng, 32),
                }
            )
        world.ticket_replies[tid] = replies
        world.bump_id("reply", rid)
    world.managed_issues[823] = {
        "id": 823,
        "created": _iso(now - DAY * 2),
        "services": [next(iter(world.managed_services), 0)],
        "entity": {
            "id": tid,
            "label": "Managed Issue opened!",
            "type": "ticket",
            "url": f"/support/tickets/{tid}",
        },
    }
    # profiles
    for name in ("demo-user", "intern"):
        u = world.users[name]
        world.profiles[name] = {
            "uid": 1000 + len(world.profiles),
            "username": name,
            "email": u["email"],
            "timezone": "US/Eastern",
            "email_notifications": True,
            "ip_whitelist_enabled": False,
            "lish_auth_method": "keys_only",
            "authorized_keys": [SSH_KEY] if name == "demo-user" else [],
            "two_factor_auth": u["tfa_enabled"],
            "restricted": u["restricted"],
            "authentication_type": "password",
            "verified_phone_number": None,
            "referrals": {
                "code": hex_id(rng, 40),
                "url": "https://www.linode.com/?r=" + hex_id(rng, 40),
                "total": 0,
                "completed": 0,
                "pending": 0,
                "credit": 0,
            },
        }
        world.preferences[name] = {
            "theme": "dark",
            "sortKeys": {"linodes-landing": {"order": "asc", "orderBy": "label"}},
        }
    for k, (label, scopes) in enumerate(
        (
            ("linode-tui demo", "*"),
            ("read-only dashboards", READ_ONLY_SCOPES),
            ("terraform", "linodes:read_write volumes:read_write"),
        )
    ):
        pid = 3_000_000 + k
        world.pat_tokens[pid] = {
            "id": pid,
            "label": label,
            "scopes": scopes,
            "token": hex_id(rng, 16) + "...",
            "created": _iso(now - DAY * (300 - k * 50)),
            "expiry": _iso(now + DAY * 365 * (k + 1)),
        }
    world.bump_id("pat", 3_000_000 + 10)
    for k, label in enumerate(("laptop", "home-pc")):
        sid = 40 + k
        world.sshkeys[sid] = {
            "id": sid,
            "label": label,
            "ssh_key": SSH_KEY.replace("laptop", label),
            "created": _iso(now - DAY * (400 - k * 100)),
        }
    world.apps[123] = {
        "id": 123,
        "label": "Terraform Cloud",
        "scopes": "linodes:read_write",
        "website": "example.org",
        "thumbnail_url": None,
        "created": _iso(now - DAY * 100),
        "expiry": _iso(now + DAY * 265),
    }
    world.ipv6_ranges = [
        {
            "range": "2600:3c03:e000:1a0::",
            "prefix": 64,
            "region": "us-east",
            "route_target": None,
            "is_bgp": False,
            "linodes": [],
        }
    ]
    # tags: everything in use
    for _, obj in world.all_tagged():
        for t in obj.get("tags") or ():
            world.ensure_tag(t)
    # bearer tokens understood by the simulator
    world.tokens = {
        "demo": TokenInfo(name="demo", scopes="*", username="demo-user"),
        "readonly": TokenInfo(name="readonly", scopes=READ_ONLY_SCOPES, username="demo-user"),
        "restricted": TokenInfo(
            name="restricted", scopes="*", username="intern", restricted=True, grants=world.grants["intern"]
        ),
    }


GRANT_KINDS = (
    "linode",
    "domain",
    "nodebalancer",
    "image",
    "longview",
    "stackscript",
    "volume",
    "database",
    "firewall",
    "vpc",
    "placement_group",
    "lkecluster",
)


def make_grants(
    world: World, *, linode_ids: list[int], level: str | None, account_access: str | None = None
) -> dict[str, Any]:
    grants: dict[str, Any] = {
        "global": {
            "account_access": account_access,
            "add_databases": False,
            "add_domains": False,
            "add_firewalls": False,
            "add_images": False,
            "add_linodes": False,
            "add_longview": False,
            "add_nodebalancers": False,
            "add_placement_groups": False,
            "add_stackscripts": False,
            "add_volumes": False,
            "add_vpcs": False,
            "add_lkes": False,
            "cancel_account": False,
            "child_account_access": False,
            "longview_subscription": False,
        },
    }
    for kind in GRANT_KINDS:
        grants[kind] = []
    for lid in linode_ids:
        x = world.linodes[lid]
        grants["linode"].append({"id": lid, "label": x["label"], "permissions": level})
    return grants


def _seed_events(world: World, rng: random.Random, now: float) -> None:
    from linode_tui.sim import lifecycle

    hist: list[tuple[float, str, dict[str, Any] | None, str, dict[str, Any] | None, float | None]] = []
    linodes = list(world.linodes.values())
    recent = linodes[-40:]
    ids = list(world.linodes)
    fail_ids = {x["id"] for x in linodes if "fail" in x["label"]}

    def notify(t: float, action: str, ent: dict[str, Any]) -> None:
        hist.append((t, action, ent, "notification", None, None))

    for x in recent + [x for x in linodes[:8] if x not in recent]:
        t = now - DAY * rng.uniform(0.2, 80)
        ent = world.entity_ref("linode", x)
        hist.append((t, "linode_create", ent, "finished", lifecycle.image_ref(world, x["image"]), 62.0))
        cfg = {
            "id": x["id"] * 2,
            "label": "My Linode Disk Profile",
            "type": "linode_config",
            "url": f"/v4/linode/instances/{x['id']}/configs/{x['id'] * 2}",
        }
        hist.append((t + 70, "linode_boot", ent, "failed" if x["id"] in fail_ids else "finished", cfg, 31.0))
        if x["status"] == "offline":
            hist.append((t + DAY * rng.uniform(0.1, 0.2), "linode_shutdown", ent, "finished", None, 19.0))
        if rng.random() < 0.3:
            notify(t + 3600, "linode_update", ent)
    for v in list(world.volumes.values())[-8:]:
        notify(now - DAY * rng.uniform(0.5, 60), "volume_create", world.entity_ref("volume", v))
    for d in list(world.domains.values())[:3]:
        notify(now - DAY * rng.uniform(1, 90), "dns_zone_update", world.entity_ref("domain", d))
    if world.sshkeys:
        k = next(iter(world.sshkeys.values()))
        notify(now - DAY * 40, "user_ssh_key_add", world.entity_ref("user_ssh_key", k))
    for t_ in list(world.tickets.values())[:2]:
        t = now - DAY * rng.uniform(1, 30)
        notify(t, "ticket_create", world.entity_ref("ticket", t_, label=t_["summary"]))
    hist.sort(key=lambda h: h[0])
    base = 700_000_000 + rng.randrange(1_000_000, 9_000_000)
    world.bump_id("event", base)
    for t, action, h_ent, status, h_sec, dur in hist:
        ev = world.add_event(
            action, h_ent, username="demo-user", status=status, secondary=h_sec, created=t, seen=now - t > DAY
        )
        ev["duration"] = dur
    # one job in flight at start, so the UI shows progress right away (the 7th Linode reboots)
    if len(ids) >= 8:
        x = world.linodes[ids[6]]
        if x["status"] == "running" and "fail" not in x["label"]:
            lifecycle.linode_reboot(world, x, username="demo-user", at=now - 5)
