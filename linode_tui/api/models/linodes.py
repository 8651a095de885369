"""Linode instances and their sub-resources (disks, configs, interfaces, IPs, backups, transfer)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from ._base import ApiModel, IntList, StrList, UtcDatetime
from .status import (
    STABLE_BACKUP_STATUSES,
    STABLE_DISK_STATUSES,
    STABLE_LINODE_STATUSES,
    is_transitional,
)


class LinodeSpecs(ApiModel):
    disk: int | None = None
    memory: int | None = None
    vcpus: int | None = None
    gpus: int | None = None
    transfer: int | None = None
    accelerated_devices: int | None = None


class LinodeAlerts(ApiModel):
    cpu: int | None = None
    io: int | None = None
    network_in: int | None = None
    network_out: int | None = None
    transfer_quota: int | None = None


class BackupSchedule(ApiModel):
    day: str | None = None
    window: str | None = None


class LinodeBackupsInfo(ApiModel):
    """The ``backups`` block of a Linode (not the ``/backups`` listing)."""

    enabled: bool | None = None
    available: bool | None = None
    last_successful: UtcDatetime = None
    schedule: BackupSchedule = Field(default_factory=BackupSchedule)


class PlacementGroupRef(ApiModel):
    id: int | None = None
    label: str | None = None
    placement_group_type: str | None = None
    placement_group_policy: str | None = None
    migrating_to: int | str | None = None


class Linode(ApiModel):
    id: int
    label: str | None = None
    group: str | None = None
    tags: StrList = Field(default_factory=list)
    region: str | None = None
    type: str | None = None
    image: str | None = None
    status: str | None = None
    hypervisor: str | None = None
    created: UtcDatetime = None
    updated: UtcDatetime = None
    watchdog_enabled: bool | None = None
    host_uuid: str | None = None
    has_user_data: bool | None = None
    ipv4: StrList = Field(default_factory=list)
    ipv6: str | None = None
    specs: LinodeSpecs = Field(default_factory=LinodeSpecs)
    alerts: LinodeAlerts = Field(default_factory=LinodeAlerts)
    backups: LinodeBackupsInfo = Field(default_factory=LinodeBackupsInfo)
    lke_cluster_id: int | None = None
    placement_group: PlacementGroupRef | None = None
    capabilities: StrList = Field(default_factory=list)
    disk_encryption: str | None = None
    interface_generation: str | None = None
    maintenance_policy: str | None = None
    site_type: str | None = None
    locks: StrList = Field(default_factory=list)

    @property
    def is_transitional(self) -> bool:
        """True while the Linode is in a busy state (unknown statuses included)."""
        return is_transitional(self.status, STABLE_LINODE_STATUSES)


class Disk(ApiModel):
    id: int
    label: str | None = None
    status: str | None = None
    size: int | None = None
    filesystem: str | None = None
    created: UtcDatetime = None
    updated: UtcDatetime = None
    disk_encryption: str | None = None

    @property
    def is_transitional(self) -> bool:
        return is_transitional(self.status, STABLE_DISK_STATUSES)


class ConfigHelpers(ApiModel):
    updatedb_disabled: bool | None = None
    distro: bool | None = None
    modules_dep: bool | None = None
    network: bool | None = None
    devtmpfs_automount: bool | None = None


class ConfigDevice(ApiModel):
    disk_id: int | None = None
    volume_id: int | None = None


class ConfigInterfaceIPv4(ApiModel):
    vpc: str | None = None
    nat_1_1: str | None = None


class IPv6SlaacEntry(ApiModel):
    range: str | None = None
    address: str | None = None


class IPv6RangeEntry(ApiModel):
    range: str | None = None


class ConfigInterfaceIPv6(ApiModel):
    slaac: list[IPv6SlaacEntry] = Field(default_factory=list)
    ranges: list[IPv6RangeEntry] = Field(default_factory=list)
    is_public: bool | None = None


class ConfigInterface(ApiModel):
    """A legacy (config profile) network interface: public, vlan or vpc."""

    id: int | None = None
    purpose: str | None = None
    label: str | None = None
    ipam_address: str | None = None
    primary: bool | None = None
    active: bool | None = None
    vpc_id: int | None = None
    subnet_id: int | None = None
    ipv4: ConfigInterfaceIPv4 | None = None
    ipv6: ConfigInterfaceIPv6 | None = None
    ip_ranges: StrList = Field(default_factory=list)


class Config(ApiModel):
    """A Linode configuration profile."""

    id: int
    label: str | None = None
    comments: str | None = None
    kernel: str | None = None
    memory_limit: int | None = None
    root_device: str | None = None
    run_level: str | None = None
    virt_mode: str | None = None
    initrd: int | None = None
    helpers: ConfigHelpers = Field(default_factory=ConfigHelpers)
    devices: dict[str, ConfigDevice | None] = Field(default_factory=dict)
    interfaces: list[ConfigInterface] = Field(default_factory=list)
    created: UtcDatetime = None
    updated: UtcDatetime = None


class InterfaceDefaultRoute(ApiModel):
    ipv4: bool | None = None
    ipv6: bool | None = None


class LinodeInterfacePublic(ApiModel):
    ipv4: dict[str, Any] | None = None
    ipv6: dict[str, Any] | None = None


class LinodeInterfaceVPC(ApiModel):
    vpc_id: int | None = None
    subnet_id: int | None = None
    ipv4: dict[str, Any] | None = None
    ipv6: dict[str, Any] | None = None


class LinodeInterfaceVLAN(ApiModel):
    vlan_label: str | None = None
    ipam_address: str | None = None


class LinodeInterface(ApiModel):
    """A new-style Linode interface (``/linode/instances/{id}/interfaces``)."""

    id: int
    mac_address: str | None = None
    version: int | None = None
    created: UtcDatetime = None
    updated: UtcDatetime = None
    default_route: InterfaceDefaultRoute = Field(default_factory=InterfaceDefaultRoute)
    public: LinodeInterfacePublic | None = None
    vpc: LinodeInterfaceVPC | None = None
    vlan: LinodeInterfaceVLAN | None = None

    @property
    def kind(self) -> str | None:
        """``"public"``, ``"vpc"`` or ``"vlan"``, whichever block is present."""
        for name in ("public", "vpc", "vlan"):
            if getattr(self, name) is not None:
                return name
        return None


class LinodeInterfaces(ApiModel):
    """``GET /linode/instances/{id}/interfaces`` returns ``{"interfaces": [...]}``, not a page."""

    interfaces: list[LinodeInterface] = Field(default_factory=list)


class InterfaceSettingsDefaultRoute(ApiModel):
    ipv4_interface_id: int | None = None
    ipv4_eligible_interface_ids: IntList = Field(default_factory=list)
    ipv6_interface_id: int | None = None
    ipv6_eligible_interface_ids: IntList = Field(default_factory=list)


class LinodeInterfaceSettings(ApiModel):
    network_helper: bool | None = None
    default_route: InterfaceSettingsDefaultRoute = Field(default_factory=InterfaceSettingsDefaultRoute)


class UpgradeInterfacesResult(ApiModel):
    dry_run: bool | None = None
    config_id: int | None = None
    interfaces: list[LinodeInterface] = Field(default_factory=list)


class VPCNat11(ApiModel):
    vpc_id: int | None = None
    subnet_id: int | None = None
    address: str | None = None


class IPAddress(ApiModel):
    """An IPv4/IPv6 address object (``/networking/ips/{address}`` and the ``/ips`` lists)."""

    address: str | None = None
    gateway: str | None = None
    subnet_mask: str | None = None
    prefix: int | None = None
    type: str | None = None
    public: bool | None = None
    rdns: str | None = None
    linode_id: int | None = None
    interface_id: int | None = None
    region: str | None = None
    reserved: bool | None = None
    vpc_nat_1_1: VPCNat11 | None = None


class VPCIPAddress(ApiModel):
    """A VPC address (``/vpcs/ips``, ``/vpcs/{id}/ips`` and ``ipv4.vpc`` of ``/ips``)."""

    address: str | None = None
    address_range: str | None = None
    vpc_id: int | None = None
    subnet_id: int | None = None
    region: str | None = None
    linode_id: int | None = None
    config_id: int | None = None
    interface_id: int | None = None
    active: bool | None = None
    nat_1_1: str | None = None
    gateway: str | None = None
    prefix: int | None = None
    subnet_mask: str | None = None
    ipv6_range: str | None = None
    ipv6_is_public: bool | None = None
    ipv6_addresses: list[dict[str, Any]] = Field(default_factory=list)


class IPv6Range(ApiModel):
    """An IPv6 range or pool (``/networking/ipv6/ranges``, ``/pools``, ``ipv6.global``)."""

    range: str | None = None
    prefix: int | None = None
    region: str | None = None
    route_target: str | None = None
    is_bgp: bool | None = None
    linodes: IntList = Field(default_factory=list)


def _object_to_list(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, dict):
        return [value]
    return value


class LinodeIPv4(ApiModel):
    public: list[IPAddress] = Field(default_factory=list)
    private: list[IPAddress] = Field(default_factory=list)
    shared: list[IPAddress] = Field(default_factory=list)
    reserved: list[IPAddress] = Field(default_factory=list)
    vpc: list[VPCIPAddress] = Field(default_factory=list)


class LinodeIPv6(ApiModel):
    link_local: IPAddress | None = None
    slaac: IPAddress | None = None
    global_: Annotated[list[IPv6Range], BeforeValidator(_object_to_list)] = Field(
        default_factory=list, alias="global"
    )


class LinodeIPs(ApiModel):
    """``GET /linode/instances/{id}/ips`` (a bare object, not a page)."""

    ipv4: LinodeIPv4 = Field(default_factory=LinodeIPv4)
    ipv6: LinodeIPv6 = Field(default_factory=LinodeIPv6)


class BackupDisk(ApiModel):
    label: str | None = None
    size: int | None = None
    filesystem: str | None = None


class Backup(ApiModel):
    id: int
    label: str | None = None
    status: str | None = None
    type: str | None = None
    region: str | None = None
    available: bool | None = None
    created: UtcDatetime = None
    updated: UtcDatetime = None
    finished: UtcDatetime = None
    configs: StrList = Field(default_factory=list)
    disks: list[BackupDisk] = Field(default_factory=list)

    @property
    def is_transitional(self) -> bool:
        return is_transitional(self.status, STABLE_BACKUP_STATUSES)


class BackupSnapshots(ApiModel):
    in_progress: Backup | None = None
    current: Backup | None = None


class LinodeBackups(ApiModel):
    """``GET /linode/instances/{id}/backups``: ``{"automatic": [...], "snapshot": {...}}``."""

    automatic: list[Backup] = Field(default_factory=list)
    snapshot: BackupSnapshots = Field(default_factory=BackupSnapshots)


class RegionTransfer(ApiModel):
    id: str | None = None
    used: int | None = None
    quota: int | None = None
    billable: int | None = None


class Transfer(ApiModel):
    """Network transfer for a Linode (``/linode/instances/{id}/transfer``) or the account.

    ``used`` is bytes; ``quota`` and ``billable`` are GB.
    """

    used: int | None = None
    quota: int | None = None
    billable: int | None = None
    region_transfers: list[RegionTransfer] = Field(default_factory=list)


class MonthlyTransfer(ApiModel):
    """``/linode/instances/{id}/transfer/{year}/{month}`` (bytes)."""

    bytes_in: int | None = None
    bytes_out: int | None = None
    bytes_total: int | None = None
