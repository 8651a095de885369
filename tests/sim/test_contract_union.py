"""Contract test over EVERY mutation (POST/PUT/DELETE) of the spec data's union (issue 9).

Each operation is sent to its own freshly seeded simulator (so the order does not matter):

1. path parameters come from the seeded world (:data:`PARAMS` picks an object the operation can
   succeed on; the rest are listed from the parent collections, like the GET contract test);
2. a VALID body is derived from the operation's request schema in the spec data (required fields,
   enums from the enum, values by name/type), with hand-written :data:`BODIES` only where a valid
   value cannot be derived; a PUT sends one changed writable field;
3. the answer must be 2xx and its effect visible: a created object is in its collection / GET by
   id, a PUT's field shows in a later GET, a deleted object's GET is 404 (or it left its
   collection), an action POST adds an event to ``/account/events`` or changes its resource's GET.
   Operations whose effect the real API does not expose are on :data:`NOT_OBSERVABLE` (with why,
   and a check of what can be seen instead: the answer's shape, a GET the union lacks); effects
   shown by a GET elsewhere are on :data:`SHOWN_AT`; uploads send :data:`RAW_BODIES`;
4. an INVALID body (a required field left out, else a typed field sent with the wrong JSON type;
   a nested one when the body has only nested fields) must answer 400 with ``errors[].field``
   naming that field.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from linode_tui.sim import Simulator, create_sim
from linode_tui.sim.handlers.billing import payment_methods
from linode_tui.sim.handlers.profile import totp
from linode_tui.sim.png import identicon_png
from linode_tui.specdata import FieldSpec, Operation, load_spec
from tests.sim.test_contract import Resolver, _segment_value

SPEC = load_spec()
MUTATIONS: list[Operation] = [o for o in SPEC.all_operations() if o.method != "GET"]

W = Any  # the simulated World


def _sim() -> Simulator:
    return create_sim(seed=1, linodes=12, frozen=True)


# ---------------------------------------------------------------------------- picking objects


def _linode(w: W, *, status: str = "running", generation: str | None = None, **want: Any) -> dict[str, Any]:
    for x in w.linodes.values():
        if x["status"] != status or x["locks"] or x["lke_cluster_id"] is not None or "fail" in x["label"]:
            continue
        if generation is not None and x.get("interface_generation") != generation:
            continue
        if all(x.get(k) == v for k, v in want.items()):
            return dict(x)
    raise LookupError(f"no {status} Linode {generation or ''} {want}")


def _first(store: dict[Any, Any], **want: Any) -> Any:
    return next(k for k, v in store.items() if all(v.get(a) == b for a, b in want.items()))


def _pg(w: W, status: str = "active") -> int:
    return int(_first(w.databases, engine="postgresql", status=status))


def _legacy(w: W) -> dict[str, Any]:
    return _linode(w, generation="legacy_config")


def _offline(w: W) -> dict[str, Any]:
    return _linode(w, status="offline")


def _on_an_old_plan(w: W) -> int:
    """A Linode on a previous-generation plan whose successor is its current plan (the seed has no
    plan with a successor; the API offers `mutate` only for one)."""
    linode = w.linodes[_offline(w)["id"]]
    old = dict(w.types[linode["type"]], id="g5-contract-1", successor=linode["type"])
    w.types[old["id"]] = old
    linode["type"] = old["id"]
    return int(linode["id"])


def _backed_up(w: W) -> int:
    return int(
        next(
            x["id"]
            for x in w.linodes.values()
            if x["backups"]["enabled"] and x["status"] == "running" and not x["lke_cluster_id"]
        )
    )


def _user_alert(w: W) -> tuple[str, int]:
    a = next(a for a in w.monitor["alerts"].values() if a["type"] == "user")
    return a["service_type"], a["id"]


# path parameters chosen for an operation (the others are listed from the parent collections)
PARAMS: dict[str, Callable[[W], dict[str, Any]]] = {
    # Linode interfaces need a Linode of the new interface generation
    "post-linode-interface": lambda w: {"linodeId": _linode(w, generation="linode")["id"]},
    "put-linode-interface": lambda w: {"linodeId": _linode(w, generation="linode")["id"]},
    "delete-linode-interface": lambda w: {"linodeId": _linode(w, generation="linode")["id"]},
    "put-linode-interface-settings": lambda w: {"linodeId": _linode(w, generation="linode")["id"]},
    "post-upgrade-linode-interfaces": lambda w: {"linodeId": _legacy(w)["id"]},
    # backups need a Linode with backups enabled; a password reset a Linode that is shut down
    "post-snapshot": lambda w: {"linodeId": _backed_up(w)},
    "post-mutate-linode-instance": lambda w: {"linodeId": _on_an_old_plan(w)},
    "post-cancel-backups": lambda w: {"linodeId": _backed_up(w)},
    "post-reset-linode-password": lambda w: {"linodeId": _offline(w)["id"]},
    "post-apply-firewalls": lambda w: {"linodeId": next(iter(w.linode_firewall))},
    "resume-databases-mysql-instance": lambda w: {"mysqlInstanceId": _first(w.databases, engine="mysql")},
    "resume-databases-postgre-sql-instance": lambda w: {"postgresqlInstanceId": _pg(w, "suspended")},
    "put-databases-postgre-sql-conn-pool": lambda w: {"postgresqlInstanceId": _pg(w), "poolName": "app-pool"},
    "delete-databases-postgre-sql-conn-pool": lambda w: {
        "postgresqlInstanceId": _pg(w),
        "poolName": "app-pool",
    },
    "post-databases-postgre-sql-conn-pools": lambda w: {"postgresqlInstanceId": _pg(w)},
    "put-user": lambda w: {"username": "intern"},
    "delete-payment-method": lambda w: {
        "paymentMethodId": next(
            k for k, v in w.account_extra["payment_methods"].items() if not v["is_default"]
        )
    },
    "delete-service-transfer": lambda w: {
        "token": next(k for k, v in w.account_extra["transfers"].items() if v["status"] == "pending")
    },
    "delete-user": lambda w: {"username": "intern"},
    "put-user-grants": lambda w: {"username": "intern"},
    "post-alert-definition-for-service-type": lambda w: {"serviceType": "linode"},
    "put-alert-definition": lambda w: dict(zip(("serviceType", "alertId"), _user_alert(w), strict=True)),
    "delete-alert-definition": lambda w: dict(zip(("serviceType", "alertId"), _user_alert(w), strict=True)),
    "post-clone-alert-definition": lambda w: dict(
        zip(("serviceType", "alertId"), _user_alert(w), strict=True)
    ),
    "post-get-token": lambda w: {"serviceType": "dbaas"},
    "post-group-add-linode": lambda w: {"groupId": _first(w.placement_groups, region="us-central")},
    **{
        op: lambda w: {"tokenUuid": next(iter(w.share_groups["tokens"]))}
        for op in ("put-sharegroup-token", "delete-sharegroup-token")
    },
    **{
        op: lambda w: {
            "sharegroupId": next(iter(w.share_groups["groups"])),
            "tokenUuid": next(iter(w.share_groups["tokens"])),
        }
        for op in ("put-sharegroup-member-token", "delete-sharegroup-member-token")
    },
    "delete-vlan": lambda w: {"regionId": _offline(w)["region"], "label": "walk-vlan"},
    "put-notification-channel": lambda w: {"channelId": _first(w.monitor["channels"], label="walk-mail")},
    "delete-notification-channel": lambda w: {"channelId": _first(w.monitor["channels"], label="walk-mail")},
    "post-group-unassign": lambda w: {"groupId": _first(w.placement_groups, region="us-central")},
    "delete-linode-ip": lambda w: {"linodeId": _linode(w)["id"], "address": _linode(w)["ipv4"][-1]},
    "post-add-linode-disk": lambda w: {"linodeId": _free_disk_linode(w, 100)},
    "post-clone-linode-disk": lambda w: {
        "linodeId": (lid := _free_disk_linode(w, 512)),
        "diskId": next(d for d, v in w.disks(lid).items() if v["size"] <= 512),
    },
    "post-attach-volume": lambda w: {"volumeId": _first(w.volumes, label="walk-vol")},
    "put-image": lambda w: {"imageId": next(i for i, v in w.images.items() if not v["is_public"])},
    "delete-image": lambda w: {"imageId": next(i for i, v in w.images.items() if not v["is_public"])},
    "post-replicate-image": lambda w: {"imageId": next(i for i, v in w.images.items() if not v["is_public"])},
    "delete-object-storage-bucket": lambda w: {"regionId": "us-east", "bucket": "walk-empty"},
    "post-detach-volume": lambda w: {"volumeId": next(v["id"] for v in w.volumes.values() if v["linode_id"])},
    "post-make-payment-method-default": lambda w: {
        "paymentMethodId": next(k for k, v in payment_methods(w).items() if not v["is_default"])
    },
    **{
        op: lambda w: dict(zip(("regionId", "bucket"), _full_bucket(w), strict=True))
        for op in ("post-object-storage-ssl", "delete-object-storage-ssl", "put-object-storage-bucket-acl")
    },
}


def _full_bucket(w: W) -> tuple[str, str]:
    return next(k for k, objs in w.bucket_objects.items() if objs)


# requests sent before the operation (objects the seed has none of, or a state the operation needs);
# each step is built from the world just before it is sent
Step = Callable[[W], tuple[str, str, Any]]
_DEST = {
    "label": "logs-dest",
    "type": "akamai_object_storage",
    "details": {
        "bucket_name": "logs",
        "host": "logs.us-east-1.linodeobjects.com",
        "access_key_id": "AKIA1",
        "access_key_secret": "secret",
    },
}


def _dest(w: W) -> tuple[str, str, Any]:
    return "POST", "/monitor/streams/destinations", _DEST


def _stream(w: W) -> tuple[str, str, Any]:
    dest = next(iter(w.monitor["destinations"]))
    return "POST", "/monitor/streams", {"label": "audit", "type": "audit_logs", "destinations": [dest]}


def _channel(w: W) -> tuple[str, str, Any]:
    return (
        "POST",
        "/monitor/alert-channels",
        {"label": "walk-mail", "channel_type": "email", "details": {"email": {"usernames": ["demo-user"]}}},
    )


def _offline_vlan(w: W) -> tuple[str, str, Any]:
    lid = _offline(w)["id"]
    return (
        "POST",
        f"/linode/instances/{lid}/configs/{next(iter(w.configs(lid)))}/interfaces",
        {"purpose": "vlan", "label": "walk-vlan"},
    )


def _suspend(engine: str) -> Step:
    def step(w: W) -> tuple[str, str, Any]:
        db = next(d for d in w.databases.values() if d["engine"] == engine and d["status"] == "active")
        return "POST", f"/databases/{engine}/instances/{db['id']}/suspend", None

    return step


def _pg_create(region: str) -> Step:
    return lambda w: (
        "POST",
        "/placement/groups",
        {
            "label": "walk-pg",
            "region": region,
            "placement_group_type": "anti_affinity:local",
            "placement_group_policy": "strict",
        },
    )


def _pg_assign(w: W) -> tuple[str, str, Any]:
    return (
        "POST",
        f"/placement/groups/{_first(w.placement_groups, region='us-central')}/assign",
        {"linodes": [_linode(w, region="us-central")["id"]]},
    )


def _extra_ipv4(w: W) -> tuple[str, str, Any]:
    return "POST", f"/linode/instances/{_linode(w)['id']}/ips", {"type": "ipv4", "public": True}


def _wait(w: W) -> tuple[str, str, Any]:
    return "WAIT", "", None  # let the simulated jobs finish (sim time moves on 10 minutes)


def _shrink_disk(w: W) -> tuple[str, str, Any]:
    lid = _offline(w)["id"]
    disk = max(w.disks(lid).values(), key=lambda d: d["size"])
    return "POST", f"/linode/instances/{lid}/disks/{disk['id']}/resize", {"size": disk["size"] // 2}


def _private_image(w: W) -> str:
    return str(next(i for i, v in w.images.items() if not v["is_public"]))


def _share_group(w: W) -> tuple[str, str, Any]:
    return "POST", "/images/sharegroups", {"label": "walk-group", "images": [{"id": _private_image(w)}]}


def _share_token(w: W) -> tuple[str, str, Any]:
    g = next(iter(w.share_groups["groups"].values()))
    return (
        "POST",
        "/images/sharegroups/tokens",
        {"label": "walk-token", "valid_for_sharegroup_uuid": g["uuid"]},
    )


def _share_member(w: W) -> tuple[str, str, Any]:
    g = next(iter(w.share_groups["groups"].values()))
    tok = next(iter(w.share_groups["tokens"].values()))
    return "POST", f"/images/sharegroups/{g['id']}/members", {"label": "walk-member", "token": tok["token"]}


def _pending_transfer(w: W) -> tuple[str, str, Any]:
    return "POST", "/account/service-transfers", {"entities": {"linodes": [next(iter(w.linodes))]}}


def _phone_code(w: W) -> tuple[str, str, Any]:
    return "POST", "/profile/phone-number", {"iso_code": "US", "phone_number": "555-555-0123"}


def _phone_verified(w: W) -> tuple[str, str, Any]:
    code = next(s["code"] for s in w.account_extra["phone"].values() if s.get("code"))
    return "POST", "/profile/phone-number/verify", {"otp_code": code}


def _payment_methods(w: W) -> tuple[str, str, Any]:
    return "GET", "/account/payment-methods", None


PEM = {
    "certificate": "-----BEGIN CERTIFICATE-----\nMIIBwalk\n-----END CERTIFICATE-----",
    "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEwalk\n-----END PRIVATE KEY-----",
}


def _ssl(w: W) -> tuple[str, str, Any]:
    region, bucket = _full_bucket(w)
    return "POST", f"/object-storage/buckets/{region}/{bucket}/ssl", PEM


def _tfa_off(w: W) -> tuple[str, str, Any]:
    return "POST", "/profile/tfa-disable", None


def _tfa_secret_step(w: W) -> tuple[str, str, Any]:
    return "POST", "/profile/tfa-enable", None


SETUP: dict[str, list[Step]] = {
    "delete-service-transfer": [_pending_transfer],
    "post-profile-phone-number-verify": [_phone_code],
    "delete-payment-method": [_payment_methods],
    "delete-object-storage-ssl": [_ssl],
    "delete-profile-phone-number": [_phone_code, _phone_verified],
    "post-execute-pay-pal-payment": [
        lambda w: (
            "POST",
            "/account/payments/paypal",
            {"usd": "10.00", "redirect_url": "https://example.com/a", "cancel_url": "https://example.com/b"},
        )
    ],
    "post-tfa-enable": [_tfa_off],
    "post-tfa-confirm": [_tfa_off, _tfa_secret_step],
    **{
        op: [_share_group]
        for op in (
            "put-sharegroup",
            "delete-sharegroup",
            "post-sharegroup-images",
            "put-sharegroup-imageshare",
            "delete-sharegroup-imageshare",
            "post-sharegroup-tokens",
        )
    },
    **{
        op: [_share_group, _share_token]
        for op in ("put-sharegroup-token", "delete-sharegroup-token", "post-sharegroup-members")
    },
    **{
        op: [_share_group, _share_token, _share_member]
        for op in ("put-sharegroup-member-token", "delete-sharegroup-member-token")
    },
    "put-destination": [_dest],
    "delete-destination": [_dest],
    "post-stream": [_dest],
    "put-stream": [_dest, _stream],
    "delete-stream": [_dest, _stream],
    "put-notification-channel": [_channel],
    "delete-notification-channel": [_channel],
    "delete-vlan": [_offline_vlan],
    "resume-databases-mysql-instance": [_suspend("mysql"), _wait],
    "resume-databases-postgre-sql-instance": [_suspend("postgresql"), _wait],
    "post-group-add-linode": [_pg_create("us-central")],
    "post-group-unassign": [_pg_create("us-central"), _pg_assign],
    "delete-linode-ip": [_extra_ipv4],
    "post-enable-managed-service": [
        lambda w: ("POST", f"/managed/services/{next(iter(w.managed_services))}/disable", None)
    ],
    "delete-lke-cluster-acl": [
        lambda w: (
            "PUT",
            f"/lke/clusters/{next(iter(w.lke_clusters))}/control_plane_acl",
            {"acl": {"enabled": True, "addresses": {"ipv4": ["203.0.113.0/24"]}}},
        )
    ],
    "post-add-linode-disk": [_shrink_disk, _wait],
    "post-clone-linode-disk": [_shrink_disk, _wait],
    "post-attach-volume": [
        lambda w: ("POST", "/volumes", {"label": "walk-vol", "region": _linode(w)["region"], "size": 20}),
        _wait,
    ],
    "delete-object-storage-bucket": [
        lambda w: ("POST", "/object-storage/buckets", {"label": "walk-empty", "region": "us-east"})
    ],
}


def _free_disk_linode(w: W, need: int) -> int:
    for x in w.linodes.values():
        if (
            x["status"] not in ("running", "offline")
            or x["lke_cluster_id"]
            or x["locks"]
            or "fail" in x["label"]
        ):
            continue
        used = sum(d["size"] for d in w.disks(x["id"]).values())
        if w.types[x["type"]]["disk"] - used >= need:
            return int(x["id"])
    raise LookupError(f"no Linode with {need} MB free")


# hand-written valid bodies (merged over the derived one; a callable gets the world and the params)
BODIES: dict[str, Any] = {
    "post-sharegroups": lambda w, p: {"label": "walk-group", "images": [{"id": _private_image(w)}]},
    "post-sharegroup-images": lambda w, p: {"images": [{"id": _private_image(w), "label": "again"}]},
    "post-sharegroup-tokens": lambda w, p: {
        "valid_for_sharegroup_uuid": next(iter(w.share_groups["groups"].values()))["uuid"]
    },
    "post-sharegroup-members": lambda w, p: {
        "label": "walk-member",
        "token": next(iter(w.share_groups["tokens"].values()))["token"],
    },
    "post-beta-program": {"id": "aclp"},
    "put-user": {"email": "intern-new@example.com"},
    "put-user-grants": {"global": {"add_linodes": True}},
    "post-payment": {"usd": "10.00"},
    "post-databases-mysql-instances": {
        "label": "db-walk",
        "region": "us-east",
        "type": "g6-nanode-1",
        "engine": "mysql/8",
    },
    "post-databases-postgre-sql-instances": {
        "label": "pg-walk",
        "region": "us-east",
        "type": "g6-nanode-1",
        "engine": "postgresql/16",
    },
    "post-databases-postgre-sql-conn-pools": {"mode": "session", "username": None},
    "put-databases-postgre-sql-conn-pool": {"mode": "session"},
    "post-domain": {"domain": "walk-example.com", "soa_email": "admin@walk-example.com"},
    "post-clone-domain": {"domain": "walk-clone.com"},
    "post-domain-record": {"type": "A", "name": "walk", "target": "192.0.2.10"},
    "post-share-ips": lambda w, p: {"linode_id": next(iter(w.linodes)), "ips": []},
    "post-share-ipv4s": lambda w, p: {"linode_id": next(iter(w.linodes)), "ips": []},
    "post-ipv6-range": lambda w, p: {"linode_id": next(iter(w.linodes)), "prefix_length": 64},
    "post-client": {"label": "contract-walk", "redirect_uri": "https://walk.example.com/callback"},
    "post-payment-method": {
        "type": "credit_card",
        "is_default": True,
        "data": {"card_number": "4111111111111111", "expiry_month": 12, "expiry_year": 2030, "cvv": "123"},
    },
    "post-service-transfer": lambda w, p: {"entities": {"linodes": [next(iter(w.linodes))]}},
    "post-profile-phone-number": {"iso_code": "US", "phone_number": "555-555-0123"},
    "post-profile-phone-number-verify": lambda w, p: {
        "otp_code": next(s["code"] for s in w.account_extra["phone"].values() if s.get("code"))
    },
    "post-security-questions": {
        "security_questions": [
            {"question_id": 1, "response": "alpha"},
            {"question_id": 2, "response": "bravo"},
            {"question_id": 3, "response": "charlie"},
        ]
    },
    "post-import-domain": {"domain": "walk-import.com", "remote_nameserver": "ns1.walk-import.net"},
    "post-image": lambda w, p: {"disk_id": next(iter(w.disks(_linode(w)["id"])))},
    "post-restore-backup": lambda w, p: {"linode_id": p["linodeId"], "overwrite": True},
    "post-linode-config-interface": {"purpose": "vlan", "label": "walk-vlan"},
    "post-linode-config-interfaces": lambda w, p: {
        "ids": [i["id"] for i in w.configs(p["linodeId"])[p["configId"]]["interfaces"]][::-1]
    },
    "put-linode-firewalls": lambda w, p: {"firewall_ids": [next(iter(w.firewalls))]},
    "post-linode-interface": {"vlan": {"vlan_label": "walk-vlan", "ipam_address": "10.9.0.2/24"}},
    "put-linode-ip": {"rdns": "walk.example.com"},
    "put-ip": {"rdns": "walk.example.com"},
    "post-resize-linode-instance": {"type": "g6-standard-16"},
    "post-add-linode-disk": {"size": 100, "label": "walk-disk"},
    "post-upgrade-linode-interfaces": {"dry_run": False},
    "post-lke-cluster": lambda w, p: {
        "k8s_version": w.lke_versions[0]["id"],
        "node_pools": [{"type": "g6-standard-1", "count": 1}],
    },
    "put-lke-cluster-acl": {"acl": {"enabled": True, "addresses": {"ipv4": ["203.0.113.0/24"]}}},
    "post-lke-cluster-pools": {"count": 1},
    "post-resource-lock": lambda w, p: {
        "entity_type": "linode",
        "entity_id": _linode(w)["id"],
        "lock_type": "cannot_delete",
    },
    "post-managed-contact": {"name": "Walk Contact", "email": "walk@example.com"},
    "post-notification-channel": {
        "label": "walk-mail",
        "channel_type": "email",
        "details": {"email": {"usernames": ["demo-user"]}},
    },
    "post-alert-definition-for-service-type": {
        "label": "Walk alert",
        "severity": 1,
        "channel_ids": [10000],
        "rule_criteria": {
            "rules": [
                {"metric": "network_in", "operator": "gt", "threshold": 100, "aggregate_function": "avg"}
            ]
        },
        "trigger_conditions": {
            "criteria_condition": "ALL",
            "evaluation_period_seconds": 300,
            "polling_interval_seconds": 300,
            "trigger_occurrences": 2,
        },
    },
    "post-stream": lambda w, p: {
        "label": "walk-stream",
        "type": "audit_logs",
        "destinations": [next(iter(w.monitor["destinations"]))],
    },
    "post-add-stack-script": {"images": ["linode/debian12"], "script": "#!/bin/bash\necho walk"},
    "put-stream": {"status": "inactive"},
    "put-longview-plan": {"longview_subscription": "longview-10"},
    "post-get-token": lambda w, p: {"entity_ids": [next(iter(w.databases))]},
    "put-node-balancer-firewalls": lambda w, p: {"firewall_ids": [next(iter(w.firewalls))]},
    "post-object-storage-bucket-access": {"acl": "public-read", "cors_enabled": True},
    "put-storage-bucket-access": {"acl": "public-read"},
    "post-group-unassign": lambda w, p: {"linodes": [_linode(w, region="us-central")["id"]]},
    "post-replicate-image": lambda w, p: {"regions": ["us-east", "eu-west"]},
    "post-destination": _DEST,
    "post-firewalls": {"rules": {"inbound_policy": "DROP", "outbound_policy": "ACCEPT"}},
    "post-ruleset": {
        "label": "walk-rules",
        "type": "inbound",
        "rules": [
            {"action": "ACCEPT", "protocol": "TCP", "ports": "443", "addresses": {"ipv4": ["0.0.0.0/0"]}}
        ],
    },
    "put-firewall-settings": lambda w, p: {"default_firewall_ids": {"linode": list(w.firewalls)[1]}},
    "post-firewall-device": lambda w, p: {
        "type": "linode",
        "id": _linode(w, generation="legacy_config")["id"],
    },
    "post-assign-ips": lambda w, p: _assign(w),
    "post-assign-ipv4s": lambda w, p: _assign(w),
    "post-node-balancer-config": {"port": 8443, "protocol": "tcp"},
    "post-node-balancer-node": lambda w, p: {"label": "walk-node", "address": _private_ip(w) + ":80"},
    "post-rebuild-node-balancer-config": lambda w, p: {
        "nodes": [{"label": "walk-node", "address": _private_ip(w) + ":80"}]
    },
    "post-object-storage-bucket": {"region": "us-east"},
    "post-object-storage-keys": {"label": "walk-key"},
    "post-object-storage-object-url": {"method": "GET", "name": "walk.txt"},
    "post-group-add-linode": lambda w, p: {"linodes": [_linode(w, region="us-central")["id"]]},
    "post-add-ssh-key": {"label": "walk-key", "ssh_key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKwalk walk"},
    "post-volume": {"region": "us-east", "size": 20},
    "post-attach-volume": lambda w, p: {
        "linode_id": _linode(w, region=w.volumes[p["volumeId"]]["region"])["id"]
    },
    "post-resize-volume": lambda w, p: {"size": w.volumes[p["volumeId"]]["size"] + 10},
    "post-vpc-subnet": {"ipv4": "10.77.0.0/24"},
    "post-account-agreements": {"eu_model": True, "master_service_agreement": True},
    "post-object-storage-ssl": PEM,
    "put-object-storage-bucket-acl": lambda w, p: {
        "acl": "public-read",
        "name": w.bucket_objects[(p["regionId"], p["bucket"])][0]["name"],
    },
    "post-tfa-confirm": lambda w, p: {"tfa_code": totp(w.tfa_pending["demo-user"]["secret"], w.now())},
    "post-credit-card": {
        "card_number": "4111111111111111",
        "cvv": "123",
        "expiry_month": 12,
        "expiry_year": 2031,
    },
    "post-promo-credit": {"promo_code": "WELCOME-100"},
    "put-tfa-optional-users": {"usernames": ["intern"]},
    "post-pay-pal-payment": {
        "usd": "10.00",
        "redirect_url": "https://example.com/paid",
        "cancel_url": "https://example.com/cancelled",
    },
    "post-execute-pay-pal-payment": lambda w, p: {
        "payer_id": "WALKPAYER",
        "payment_id": next(iter(w.paypal_pending)),
    },
    "post-allocate-ip": lambda w, p: {"type": "ipv4", "public": False, "linode_id": _no_private_ip(w)},
}


# bodies that are not JSON (op id → the bytes and their Content-Type)
RAW_BODIES: dict[str, Callable[[W, dict[str, Any]], tuple[bytes, str]]] = {
    "put-client-thumbnail": lambda w, p: (identicon_png("contract-walk"), "image/png"),
    "post-ticket-attachment": lambda w, p: (
        b'--walk\r\nContent-Disposition: form-data; name="file"; filename="walk.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\nwritten by the contract walk\r\n--walk--\r\n",
        "multipart/form-data; boundary=walk",
    ),
}


def _assign(w: W) -> dict[str, Any]:
    res = next(iter(w.reserved_ips.values()))
    lin = (
        _linode(w, region=res["region"])
        if any(x["region"] == res["region"] for x in w.linodes.values())
        else None
    )
    return {
        "region": res["region"],
        "assignments": [{"address": res["address"], "linode_id": (lin or {}).get("id")}],
    }


def _no_private_ip(w: W) -> int:
    lin = _linode(w)
    return next(
        int(x["id"])
        for x in w.linodes.values()
        if x["status"] == lin["status"] and not any(a.startswith("192.168.") for a in x["ipv4"])
    )


def _private_ip(w: W, region: str | None = None) -> str:
    return next(
        a
        for x in w.linodes.values()
        if region in (None, x["region"])
        for a in x["ipv4"]
        if a.startswith("192.168.")
    )


# operations whose effect the real API does not expose via any GET of the union: op id → (why, a
# check of what can be seen instead: the answer's shape, or a GET outside the union)
Check = Callable[[httpx.AsyncClient, str, Any, Any], Awaitable[bool]]


async def _service_token(c: httpx.AsyncClient, path: str, body: Any, answer: Any) -> bool:
    return isinstance(answer.get("token"), str) and len(answer["token"]) > 20 and "T" in answer["expiry"]


async def _presigned(c: httpx.AsyncClient, path: str, body: Any, answer: Any) -> bool:
    bucket = (await c.get(path.removesuffix("/object-url"))).json()
    url = str(answer.get("url"))
    return url.startswith(f"https://{bucket['hostname']}/{body['name']}?") and "Signature=" in url


async def _tfa_secret(c: httpx.AsyncClient, path: str, body: Any, answer: Any) -> bool:
    secret = base64.b32decode(answer["secret"])  # what an authenticator app takes
    profile = (await c.get("/profile")).json()
    return len(secret) >= 10 and profile["two_factor_auth"] is False and "T" in answer["expiry"]


async def _bucket_access(c: httpx.AsyncClient, path: str, body: Any, answer: Any) -> bool:
    got = (await c.get(path)).json()  # GET …/access: the newer API has it, the union does not
    return all(got.get(k) == v for k, v in body.items())


async def _paypal_staged(c: httpx.AsyncClient, path: str, body: Any, answer: Any) -> bool:
    return bool(answer.get("payment_id")) and bool(answer.get("checkout_token"))


async def _sent(c: httpx.AsyncClient, path: str, body: Any, answer: Any) -> bool:
    return answer == {}


# operations whose effect shows in a GET elsewhere (op id → that GET's path), compared before/after
SHOWN_AT: dict[str, str] = {
    "post-cancel-object-storage": "/account/settings",  # object_storage: disabled (no event)
    "post-profile-phone-number-verify": "/profile",  # verified_phone_number
    "delete-profile-phone-number": "/profile",
}

NOT_OBSERVABLE: dict[str, tuple[str, Check]] = {
    "post-get-token": ("answers a short-lived JWT; no GET shows service tokens", _service_token),
    "post-object-storage-object-url": ("answers a presigned URL; nothing is stored", _presigned),
    "post-tfa-enable": (
        "the secret stays pending until tfa-enable-confirm (whose walk shows two_factor_auth)",
        _tfa_secret,
    ),
    **{
        op: ("the union has no GET of a bucket's ACL/CORS settings (the newer API's GET …/access)",
             _bucket_access)
        for op in ("post-object-storage-bucket-access", "put-storage-bucket-access")
    },
    "post-marketplace-contact": ("a message to a Marketplace partner; no GET shows it", _sent),
    "post-profile-phone-number": ("an SMS with a code (the verify walk shows verified_phone_number)", _sent),
    "post-child-account-token": (
        "a short-lived proxy token of the child account; the parent's GETs do not list it",
        _service_token,
    ),
    "post-pay-pal-payment": (
        "staged until PayPal approves it (the execute walk shows the payment)",
        _paypal_staged,
    ),
}

# the field to break in the invalid-body check when the first candidate is not what the API checks
INVALID_FIELD: dict[str, str] = {}


# Known gaps found by this walk and not fixed yet (op id → what is wrong).  Each is an xfail(strict):
# fixing one makes its test pass and fail as XPASS, so the entry must then be removed.
GAPS_VALID = {
    "post-promo-credit": "the seed's account is 1100 days old: the API takes promo codes only for accounts "
    "under 90 days (the handler's success: tests/sim/test_handlers_gaps.py)",
    "post-accept-entity-transfer": "the receiving account accepts a transfer; the simulator has one account "
    "(entity transfers are the deprecated name of service transfers)",
    "post-accept-service-transfer": "the receiving account accepts a transfer; the simulator has one "
    "account, so the API's refusal of your own transfer is what it answers",
    "post-enable-account-managed": "the seed's account has Managed already (the API: 400), and nothing "
    "turns it off (a support ticket does); the handler's success: tests/sim/test_handlers_gaps.py",
}
GAPS_INVALID = {
    "post-promo-credit": "not reached: the valid walk of this operation fails (GAPS_VALID)",
}


# ---------------------------------------------------------------------------- deriving bodies

_STRINGS: dict[str, Callable[[W], Any]] = {
    "region": lambda w: "us-east",
    "type": lambda w: "g6-standard-1",
    "image": lambda w: "linode/debian12",
    "root_pass": lambda w: "c0ntract-Walk-Pass!93",
    "password": lambda w: "c0ntract-Walk-Pass!93",
    "email": lambda w: "contract@example.com",
    "label": lambda w: "contract-walk",
    "description": lambda w: "written by the contract walk",
}


def _value(f: FieldSpec, w: W, children: dict[str, Any] | None) -> Any:
    if f.enum:
        return f.enum[0]
    if f.leaf in _STRINGS and f.type == "string":
        return _STRINGS[f.leaf](w)
    if f.type == "object":
        return children or {}
    if f.type == "array":
        if f.item_type == "object":
            return [children or {}]
        return []
    return {"string": "contract", "integer": 1, "number": 1, "boolean": True}.get(f.type, "contract")


def derived_body(op: Operation, w: W) -> dict[str, Any]:
    """Required fields (and required fields of the required objects) with valid values."""
    schema = [f for f in op.request_schema or () if not f.read_only and f.nesting != "unknown"]

    def build(parent: str | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in schema:
            if f.parent != parent or not f.required:
                continue
            kids = build(f.name) if f.type in ("object", "array") else None
            out[f.leaf] = _value(f, w, kids)
        return out

    return build(None)


def _changed(value: Any, f: FieldSpec) -> Any:
    if f.enum:
        return next((e for e in f.enum if e != value), f.enum[0])
    if f.type == "boolean":
        return not value if isinstance(value, bool) else True
    if f.type in ("integer", "number"):
        return (value + 1) if isinstance(value, int | float) and not isinstance(value, bool) else 1
    if f.type == "array" and f.item_type == "string":
        return ["contract"]
    if f.type == "string":
        return "contract-changed" if f.leaf in ("label", "group", "name") else "changed by the contract walk"
    return None


_PUT_PREFERENCE = ("label", "description", "tags", "notes", "group", "display_name", "name")


def put_change(op: Operation, current: Any) -> dict[str, Any]:
    """One writable top-level field of a PUT, with a value different from the current one."""
    top = [f for f in op.request_schema or () if f.depth == 0 and f.nesting is None and not f.read_only]
    top.sort(key=lambda f: _PUT_PREFERENCE.index(f.leaf) if f.leaf in _PUT_PREFERENCE else 99)
    cur = current if isinstance(current, dict) else {}
    for f in top:
        new = _changed(cur.get(f.name), f)
        if new is not None:
            return {f.name: new}
    # only nested fields (a Linode interface's default_route.ipv6): one of an object the GET shows
    for f in op.request_schema or ():
        parent = cur.get(str(f.parent)) if f.depth == 1 and f.nesting is None else None
        if isinstance(parent, dict) and f.leaf in parent and not f.read_only:
            new = _changed(parent[f.leaf], f)
            if new is not None:
                return {str(f.parent): {**parent, f.leaf: new}}
    return {}


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for k, v in extra.items():
        if v is _DROP:
            out.pop(k, None)
        elif isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


_DROP = object()


def invalid_case(op: Operation, good: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
    """A body with one required field left out (else one typed field of the wrong JSON type)."""
    top = [f for f in op.request_schema or () if f.depth == 0 and f.nesting is None and not f.read_only]
    if not top:
        return _invalid_nested(op, good)
    chosen = INVALID_FIELD.get(op.operation_id)
    if chosen is None:
        required = [f for f in top if f.required and f.name in good]
        if required and op.method == "POST":
            return {k: v for k, v in good.items() if k != required[0].name}, required[0].name
        typed = [f for f in top if f.name in good] + [f for f in top if f.name not in good]
        chosen = typed[0].name
    f = next(x for x in top if x.name == chosen)
    wrong: Any = {
        "string": 12345,
        "integer": "one",
        "number": "one",
        "boolean": "yes",
        "array": "not-a-list",
        "object": "not-an-object",
    }.get(f.type, 12345)
    if op.method == "POST" and f.required and chosen not in INVALID_FIELD:
        return {k: v for k, v in good.items() if k != chosen}, chosen
    return {**good, chosen: wrong}, chosen


_WRONG: dict[str, Any] = {"string": 12345, "integer": "one", "number": "one", "boolean": "yes"}


def _invalid_nested(op: Operation, good: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
    """Only nested fields (``default_firewall_ids.linode``): one typed field of an object the body
    sends (else of the first object) gets the wrong JSON type."""
    nested = [
        f
        for f in op.request_schema or ()
        if f.depth == 1 and f.nesting is None and not f.read_only and f.type in _WRONG
    ]
    if not nested:
        return None
    f = next((x for x in nested if isinstance(good.get(str(x.parent)), dict)), nested[0])
    bad = copy.deepcopy(good)
    parent = bad.get(str(f.parent))
    bad[str(f.parent)] = {**(parent if isinstance(parent, dict) else {}), f.leaf: _WRONG[f.type]}
    return bad, f.name


# ---------------------------------------------------------------------------- walking


@dataclass
class Walk:
    op: Operation
    path: str | None = None
    body: Any = None
    status: int | None = None
    answer: Any = None
    problem: str | None = None  # why it could not be sent / did not succeed
    effect: str | None = None  # how the effect showed (None: not visible)
    invalid_field: str | None = None
    invalid_status: int | None = None
    invalid_fields: list[str] = field(default_factory=list)
    generic: bool = False

    @property
    def ok(self) -> bool:
        return self.problem is None and self.status is not None and 200 <= self.status < 300

    @property
    def invalid_ok(self) -> bool:
        return self.invalid_status == 400 and self.invalid_field in self.invalid_fields


def _json(r: httpx.Response) -> Any:
    if not r.content or not r.headers.get("content-type", "").startswith("application/json"):
        return r.content or None
    return r.json()


async def _get(c: httpx.AsyncClient, path: str, query: dict[str, Any] | None = None) -> tuple[int, Any]:
    r = await c.get(path, params={"page_size": 500, **(query or {})})
    return r.status_code, _json(r)


def _query(op: Operation, body: Any) -> dict[str, Any]:
    """The GET's query parameters a body names (an object's ACL is read with ``?name=``)."""
    got = SPEC.find("GET", op.path)
    names = set(got.query_params) - {"page", "page_size"} if got is not None else set()
    return {k: v for k, v in body.items() if k in names} if isinstance(body, dict) else {}


async def _events(c: httpx.AsyncClient) -> int:
    r = await c.get("/account/events")
    return int(r.json()["results"]) if r.status_code == 200 else -1  # -1: no longer allowed


def _gettable(template: str) -> bool:
    return SPEC.find("GET", template) is not None


def _items(body: Any) -> list[Any]:
    if isinstance(body, dict):
        for key in ("data", "interfaces"):
            if isinstance(body.get(key), list):
                return list(body[key])
    return body if isinstance(body, list) else []


def _key_of(obj: Any) -> Any:
    if not isinstance(obj, dict):
        return None
    for key in ("id", "address", "label", "username", "uuid", "token"):
        if obj.get(key) is not None and not isinstance(obj[key], dict | list):
            return obj[key]
    return None


def _shows(sent: dict[str, Any], got: Any) -> bool | None:
    """Every sent scalar/list field the GET shows equals the sent value (None: GET shows none)."""
    if not isinstance(got, dict):
        return None
    seen = [k for k in sent if k in got and not isinstance(sent[k], dict)]
    if not seen:
        return None
    return all(got[k] == sent[k] for k in seen)


async def _setup(c: httpx.AsyncClient, op: Operation, sim: Simulator) -> None:
    w = sim.world
    for step in SETUP.get(op.operation_id, ()):
        method, path, body = step(w)
        if method == "WAIT":
            sim.clock.advance(600)
            await c.get("/account/events")  # a request: the simulator catches up with its jobs
            continue
        r = await c.request(method, path, **({"json": body} if body is not None else {}))
        if r.status_code >= 300:
            raise LookupError(f"setup {method} {path} -> {r.status_code} {r.text[:200]}")


async def _walk(op: Operation) -> Walk:
    out = Walk(op)
    sim = _sim()
    w = sim.world
    async with sim.http_client() as c:
        resolver = Resolver(c, sim)
        template = op.path
        try:
            await _setup(c, op, sim)
        except (LookupError, StopIteration) as e:
            out.problem = f"setup failed: {e!r}"
            return out
        try:
            preset = PARAMS[op.operation_id](w) if op.operation_id in PARAMS else {}
            for name, value in preset.items():
                template = template.replace("{" + name + "}", _segment_value(value))
            path, chosen = await resolver.fill(template)
            params = {**chosen, **preset}
        except (LookupError, KeyError, IndexError, StopIteration) as e:
            out.problem = f"cannot fill {op.path}: {e!r}"
            return out
        out.path = path
        out.generic = sim.app.router.match(op.method, path) is None
        # the body
        _, before = await _get(c, path) if _gettable(op.path) else (None, None)
        body: dict[str, Any] = derived_body(op, w) if op.request_schema is not None else {}
        if op.method == "PUT":
            body = {**body, **put_change(op, before)}
        extra = BODIES.get(op.operation_id)
        if callable(extra):
            try:
                extra = extra(w, params)
            except (LookupError, StopIteration) as e:
                out.problem = f"no body for {op.path}: {e!r}"
                return out
        if extra:
            body = _merge(body, extra)
        out.body = body
        parent = path.rsplit("/", 1)[0]
        parent_t = op.path.rsplit("/", 1)[0]
        last = op.path.rsplit("/", 1)[1]
        if last.startswith("{") and last[1:-1] in params:  # an id may have a slash ("shared/1")
            parent = path[: -len(_segment_value(params[last[1:-1]])) - 1]
        parent_before = (await _get(c, parent))[1] if _gettable(parent_t) else None
        events = await _events(c)
        elsewhere = SHOWN_AT.get(op.operation_id)
        elsewhere_before = (await _get(c, elsewhere))[1] if elsewhere else None
        send: dict[str, Any] = {"json": body} if (body or op.request_schema is not None) else {}
        if op.operation_id in RAW_BODIES:  # an upload: the body is the file itself
            content, ctype = RAW_BODIES[op.operation_id](w, params)
            send = {"content": content, "headers": {"Content-Type": ctype}}
        r = await c.request(op.method, path, **send)
        out.status = r.status_code
        out.answer = _json(r)
        if not 200 <= r.status_code < 300:
            out.problem = f"{op.method} {path} {json.dumps(body)[:300]} -> {r.status_code} {r.text[:300]}"
            return out
        # the effect
        why = NOT_OBSERVABLE.get(op.operation_id)
        if op.method == "DELETE":
            if _gettable(op.path):
                status, _ = await _get(c, path)
                out.effect = "GET is 404" if status == 404 else None
            elif _gettable(parent_t):
                after = (await _get(c, parent))[1]
                out.effect = "gone from the collection" if after != parent_before else None
        elif op.method == "PUT":
            got_status: int | None = None
            got: Any = None
            if _gettable(op.path):
                got_status, got = await _get(c, path, _query(op, body))
            shown = _shows(body, got) if got_status == 200 else None
            if shown:
                out.effect = "GET shows the change"
            elif shown is None and got is not None and got != before:
                out.effect = "GET changed"
        else:  # POST: a create or an action
            created_key = _key_of(out.answer)
            if _gettable(op.path) and SPEC.find("GET", op.path) and SPEC.find("GET", op.path).is_list:  # type: ignore[union-attr]
                status, listed = await _get(c, path)
                keys = [_key_of(x) for x in _items(listed)]
                if created_key is not None and created_key in keys:
                    out.effect = "listed in the collection"
                elif listed != before:
                    out.effect = "collection changed"
            if out.effect is None and created_key is not None:
                # the new object by id: below the path, or below a collection the path is in (a clone)
                parts = path.split("/")
                for cut in range(len(parts), 1, -1):
                    coll = "/".join(parts[:cut])
                    status, _ = await _get(c, f"{coll}/{_segment_value(created_key)}")
                    if status == 200 and coll != parent:
                        out.effect = f"GET {coll}/{{id}}"
                        break
        if out.effect is None:
            if await _events(c) > events:
                out.effect = "event"
            elif _gettable(parent_t) and (await _get(c, parent))[1] != parent_before:
                out.effect = "parent changed"
            elif _gettable(op.path) and (await _get(c, path))[1] != before:
                out.effect = "GET changed"
            elif elsewhere and (await _get(c, elsewhere))[1] != elsewhere_before:
                out.effect = f"GET {elsewhere} changed"
        if out.effect is None and why is not None:
            if await why[1](c, path, body, out.answer):
                out.effect = f"not observable: {why[0]}"
            else:
                out.problem = f"not observable ({why[0]}) and the answer's check failed: {out.answer}"
        # the invalid body (on a fresh simulator: the valid one may have changed the state)
        case = invalid_case(op, body) if op.request_schema is not None else None
    if case is not None:
        bad, out.invalid_field = case
        sim2 = _sim()
        async with sim2.http_client() as c2:
            await _setup(c2, op, sim2)
            rb = await c2.request(op.method, path, json=bad)
        out.invalid_status = rb.status_code
        errors = (_json(rb) or {}).get("errors", []) if rb.status_code >= 400 else []
        out.invalid_fields = [str(e["field"]) for e in errors if isinstance(e, dict) and e.get("field")]
        if sim2.error_log:
            out.invalid_status = 500
    if sim.error_log:
        out.problem = "server error: " + sim.error_log[-1][-400:]
    return out


async def _walk_all() -> dict[str, Walk]:
    return {op.operation_id: await _walk(op) for op in MUTATIONS}


@pytest.fixture(scope="module")
def walks() -> dict[str, Walk]:
    return asyncio.run(_walk_all())


def _why(w: Walk) -> str:
    return (
        w.problem
        or f"{w.op.method} {w.path} {json.dumps(w.body)[:200]} -> {w.status} {json.dumps(w.answer)[:200]}"
    )


def _params(ops: list[Operation], gaps: dict[str, str]) -> list[Any]:
    return [
        pytest.param(
            o,
            id=o.operation_id,
            marks=[pytest.mark.xfail(reason=gaps[o.operation_id], strict=True)]
            if o.operation_id in gaps
            else [],
        )
        for o in ops
    ]


@pytest.mark.parametrize("op", _params(MUTATIONS, GAPS_VALID))
def test_valid_body_succeeds_with_a_visible_effect(walks: dict[str, Walk], op: Operation) -> None:
    w = walks[op.operation_id]
    assert w.ok, _why(w)
    assert w.effect is not None, "no visible effect: " + _why(w)


_WITH_BODY = [o for o in MUTATIONS if o.request_schema]


@pytest.mark.parametrize("op", _params(_WITH_BODY, GAPS_INVALID))
def test_invalid_body_is_400_naming_the_field(walks: dict[str, Walk], op: Operation) -> None:
    w = walks[op.operation_id]
    assert w.invalid_field is not None, "no field to break: " + _why(w)
    assert w.invalid_ok, (
        f"{op.method} {w.path}: break {w.invalid_field} -> {w.invalid_status} {w.invalid_fields}"
    )


def test_union_mutation_summary(walks: dict[str, Walk]) -> None:
    total = len(walks)
    valid = sum(w.ok and w.effect is not None for w in walks.values())
    invalid = sum(w.invalid_ok for w in walks.values())
    hidden = sum(w.ok and (w.effect or "").startswith("not observable") for w in walks.values())
    print(
        f"\nmutations {total}; valid {valid} ({hidden} not observable, checked otherwise); "
        f"invalid {invalid} of {len(_WITH_BODY)}; gaps {len(GAPS_VALID)} + {len(GAPS_INVALID)}"
    )
    assert total == 259
    assert valid == total - len(GAPS_VALID)
