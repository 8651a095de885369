"""One module per resource area: its descriptor (``AREA``) and the hooks that make it special.

The order of ``MODULES`` is the order of the navigation panel and of ``:help``. Adding an area is
adding a module here (see README, "Add an area").
"""

from __future__ import annotations

MODULES: tuple[str, ...] = (
    "linodes",
    "volumes",
    "nodebalancers",
    "firewalls",
    "ips",
    "reserved",
    "ipv6",
    "ipv6pools",
    "vlans",
    "domains",
    "lke",
    "databases",
    "buckets",
    "objkeys",
    "images",
    "stackscripts",
    "vpcs",
    "placement",
    "events",
    "account",
    "users",
    "invoices",
    "payments",
    "paymethods",
    "transfers",
    "oauth",
    "children",
    "betas",
    "tickets",
    "longview",
    "managed",
    "mcontacts",
    "mcreds",
    "missues",
    "mlinodes",
    "profile",
    "tokens",
    "sshkeys",
    "apps",
    "devices",
    "tags",
    "regions",
    "types",
)
