"""One module per resource area: its descriptor (``AREA``) and the hooks that make it special.

The order of ``MODULES`` is the order of the navigation panel and of ``:help``. Adding an area is
adding a module here (see README, "Add an area").
"""

from __future__ import annotations

#: Every area: its module (the area's key) -> (its aliases, the event entity type it shows). The `:`
#: line, help and event routing read this; an area's module is imported when the area is first used
#: (start-up imports only the one it opens: issue 14). tests/test_structure.py checks it against the
#: modules' descriptors.
INDEX: dict[str, tuple[tuple[str, ...], str | None]] = {
    "linodes": (("li", "linode", "instances"), "linode"),
    "volumes": (("vol", "volume"), "volume"),
    "nodebalancers": (("nb", "nodebalancer"), "nodebalancer"),
    "firewalls": (("fw", "firewall"), "firewall"),
    "ips": (("ip", "addresses"), None),
    "reserved": (("reservedips", "rip"), None),
    "ipv6": (("ranges", "ipv6ranges"), None),
    "ipv6pools": (("pools",), None),
    "vlans": (("vlan",), None),
    "domains": (("dom", "domain", "dns"), "domain"),
    "lke": (("k8s", "kubernetes", "clusters"), "lkecluster"),
    "databases": (("db", "database", "dbs"), "database"),
    "buckets": (("obj", "bucket", "objectstorage"), None),
    "objkeys": (("s3keys", "objkey", "accesskeys"), None),
    "images": (("img", "image"), "image"),
    "stackscripts": (("ss", "stackscript"), "stackscript"),
    "vpcs": (("vpc",), "vpc"),
    "placement": (("pg", "placementgroups"), "placement_group"),
    "events": (("ev", "event", "activity"), None),
    "account": ((), None),
    "users": (("user",), None),
    "invoices": (("invoice", "billing"), None),
    "payments": (("payment",), None),
    "paymethods": (("payment-methods", "cards", "paymethod"), None),
    "transfers": (("transfer", "service-transfers"), None),
    "oauth": (("oauth-clients", "clients"), None),
    "children": (("child-accounts", "child"), None),
    "betas": (("beta",), None),
    "tickets": (("ticket", "support"), "ticket"),
    "longview": (("lv",), "longview"),
    "managed": (("mgd",), "managed_service"),
    "mcontacts": (("managed-contacts", "contacts"), None),
    "mcreds": (("managed-credentials", "credentials"), None),
    "missues": (("managed-issues", "issues"), None),
    "mlinodes": (("managed-linodes", "managed-ssh"), None),
    "profile": ((), None),
    "tokens": (("token", "pat"), "token"),
    "sshkeys": (("ssh", "keys"), "user_ssh_key"),
    "apps": (("app", "authorized-apps"), None),
    "devices": (("device", "trusted-devices"), None),
    "tags": (("tag",), None),
    "regions": (("region", "dc"), None),
    "types": (("type", "plans"), None),
}

MODULES: tuple[str, ...] = tuple(INDEX)
