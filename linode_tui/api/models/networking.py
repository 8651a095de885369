"""NodeBalancers, firewalls, VPCs, VLANs, placement groups and domains."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import ApiModel, EntityRef, IntList, StrList, UtcDatetime


class NodeBalancerTransfer(ApiModel):
    in_: float | None = Field(default=None, alias="in")
    out: float | None = None
    total: float | None = None


class NodeBalancer(ApiModel):
    id: int
    label: str | None = None
    region: str | None = None
    hostname: str | None = None
    ipv4: str | None = None
    ipv6: str | None = None
    client_conn_throttle: int | None = None
    transfer: NodeBalancerTransfer = Field(default_factory=NodeBalancerTransfer)
    tags: StrList = Field(default_factory=list)
    locks: StrList = Field(default_factory=list)
    type: str | None = None
    lke_cluster: EntityRef | None = None
    created: UtcDatetime = None
    updated: UtcDatetime = None


class NodesStatus(ApiModel):
    up: int | None = None
    down: int | None = None


class NodeBalancerConfig(ApiModel):
    id: int
    nodebalancer_id: int | None = None
    port: int | None = None
    protocol: str | None = None
    algorithm: str | None = None
    stickiness: str | None = None
    check: str | None = None
    check_interval: int | None = None
    check_timeout: int | None = None
    check_attempts: int | None = None
    check_path: str | None = None
    check_body: str | None = None
    check_passive: bool | None = None
    proxy_protocol: str | None = None
    cipher_suite: str | None = None
    ssl_commonname: str | None = None
    ssl_fingerprint: str | None = None
    ssl_cert: str | None = None
    ssl_key: str | None = None
    udp_check_port: int | None = None
    udp_session_timeout: int | None = None
    nodes_status: NodesStatus = Field(default_factory=NodesStatus)


class NodeBalancerNode(ApiModel):
    id: int
    label: str | None = None
    address: str | None = None
    status: str | None = None
    weight: int | None = None
    mode: str | None = None
    config_id: int | None = None
    nodebalancer_id: int | None = None
    vpc_config_id: int | None = None


class FirewallAddresses(ApiModel):
    ipv4: StrList = Field(default_factory=list)
    ipv6: StrList = Field(default_factory=list)


class FirewallRule(ApiModel):
    action: str | None = None
    protocol: str | None = None
    ports: str | None = None
    label: str | None = None
    description: str | None = None
    addresses: FirewallAddresses = Field(default_factory=FirewallAddresses)


class FirewallRules(ApiModel):
    inbound: list[FirewallRule] = Field(default_factory=list)
    inbound_policy: str | None = None
    outbound: list[FirewallRule] = Field(default_factory=list)
    outbound_policy: str | None = None
    version: int | None = None
    fingerprint: str | None = None


class Firewall(ApiModel):
    id: int
    label: str | None = None
    status: str | None = None
    rules: FirewallRules = Field(default_factory=FirewallRules)
    tags: StrList = Field(default_factory=list)
    entities: list[EntityRef] = Field(default_factory=list)
    created: UtcDatetime = None
    updated: UtcDatetime = None


class FirewallDevice(ApiModel):
    id: int
    entity: EntityRef = Field(default_factory=EntityRef)
    created: UtcDatetime = None
    updated: UtcDatetime = None


class FirewallHistoryEntry(ApiModel):
    """One entry of ``/networking/firewalls/{id}/history``."""

    updated: UtcDatetime = None
    status: str | None = None
    rules: FirewallRules = Field(default_factory=FirewallRules)


class FirewallTemplate(ApiModel):
    slug: str | None = None
    rules: FirewallRules = Field(default_factory=FirewallRules)


class DefaultFirewallIds(ApiModel):
    linode: int | None = None
    nodebalancer: int | None = None
    public_interface: int | None = None
    vpc_interface: int | None = None


class FirewallSettings(ApiModel):
    default_firewall_ids: DefaultFirewallIds = Field(default_factory=DefaultFirewallIds)


class VPCRange(ApiModel):
    range: str | None = None


class VPCSubnetInterface(ApiModel):
    id: int | None = None
    active: bool | None = None
    config_id: int | None = None


class VPCSubnetLinode(ApiModel):
    id: int | None = None
    interfaces: list[VPCSubnetInterface] = Field(default_factory=list)


class VPCSubnet(ApiModel):
    id: int
    label: str | None = None
    ipv4: str | None = None
    ipv6: list[VPCRange] = Field(default_factory=list)
    linodes: list[VPCSubnetLinode] = Field(default_factory=list)
    databases: list[dict[str, Any]] = Field(default_factory=list)
    created: UtcDatetime = None
    updated: UtcDatetime = None


class VPC(ApiModel):
    id: int
    label: str | None = None
    description: str | None = None
    region: str | None = None
    ipv6: list[VPCRange] = Field(default_factory=list)
    subnets: list[VPCSubnet] = Field(default_factory=list)
    created: UtcDatetime = None
    updated: UtcDatetime = None


class VLAN(ApiModel):
    label: str | None = None
    region: str | None = None
    linodes: IntList = Field(default_factory=list)
    created: UtcDatetime = None


class PlacementGroupMember(ApiModel):
    linode_id: int | None = None
    is_compliant: bool | None = None


class PlacementGroupMigrations(ApiModel):
    inbound: list[PlacementGroupMember] = Field(default_factory=list)
    outbound: list[PlacementGroupMember] = Field(default_factory=list)


class PlacementGroup(ApiModel):
    id: int
    label: str | None = None
    region: str | None = None
    placement_group_type: str | None = None
    placement_group_policy: str | None = None
    is_compliant: bool | None = None
    members: list[PlacementGroupMember] = Field(default_factory=list)
    migrations: PlacementGroupMigrations | None = None


class Domain(ApiModel):
    id: int
    domain: str | None = None
    type: str | None = None
    status: str | None = None
    soa_email: str | None = None
    description: str | None = None
    group: str | None = None
    tags: StrList = Field(default_factory=list)
    ttl_sec: int | None = None
    refresh_sec: int | None = None
    retry_sec: int | None = None
    expire_sec: int | None = None
    master_ips: StrList = Field(default_factory=list)
    axfr_ips: StrList = Field(default_factory=list)
    created: UtcDatetime = None
    updated: UtcDatetime = None


class DomainRecord(ApiModel):
    id: int
    type: str | None = None
    name: str | None = None
    target: str | None = None
    priority: int | None = None
    weight: int | None = None
    port: int | None = None
    service: str | None = None
    protocol: str | None = None
    ttl_sec: int | None = None
    tag: str | None = None
    created: UtcDatetime = None
    updated: UtcDatetime = None


class DomainZoneFile(ApiModel):
    zone_file: StrList = Field(default_factory=list)
