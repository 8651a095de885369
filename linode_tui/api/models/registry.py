"""Map API path templates (and concrete paths) to the model of the item they return.

``model_for("/linode/instances")`` and ``model_for("/linode/instances/{linodeId}")`` both give
:class:`Linode`; concrete paths work too (``model_for("/linode/instances/123/disks")`` -> ``Disk``).
Placeholder names do not matter (``{id}`` matches ``{linodeId}``). A ``/v4``, ``/v4beta`` or
``/{apiVersion}`` prefix, a query string and a trailing slash are ignored.
"""

from __future__ import annotations

import re
from typing import Any, cast

from ._base import ApiModel, EntityRef, Paginated
from .account import (
    Account,
    AccountAvailability,
    AccountSettings,
    BetaProgram,
    ChildAccount,
    Event,
    Grants,
    Invoice,
    InvoiceItem,
    Lock,
    Login,
    Maintenance,
    MaintenancePolicy,
    Notification,
    OAuthClient,
    Payment,
    PaymentMethod,
    Promotion,
    ServiceTransfer,
    User,
)
from .catalog import (
    Image,
    ImageShareGroup,
    ImageShareGroupMember,
    ImageShareGroupToken,
    ImageUpload,
    Kernel,
    ProductType,
    Region,
    RegionAvailability,
    RegionVPCAvailability,
    StackScript,
    Type,
)
from .databases import (
    Database,
    DatabaseBackup,
    DatabaseCredentials,
    DatabaseEngine,
    DatabaseSSL,
    DatabaseType,
    MySQLDatabase,
    PostgreSQLDatabase,
)
from .linodes import (
    Backup,
    Config,
    ConfigInterface,
    Disk,
    IPAddress,
    IPv6Range,
    Linode,
    LinodeBackups,
    LinodeInterface,
    LinodeInterfaces,
    LinodeInterfaceSettings,
    LinodeIPs,
    MonthlyTransfer,
    Transfer,
    UpgradeInterfacesResult,
    VPCIPAddress,
)
from .lke import (
    LKEAPIEndpoint,
    LKECluster,
    LKEControlPlaneACLResponse,
    LKEDashboard,
    LKEKubeconfig,
    LKENode,
    LKENodePool,
    LKEVersion,
)
from .monitor import (
    AlertChannel,
    AlertDefinition,
    MetricDefinition,
    MonitorDashboard,
    MonitorMetrics,
    MonitorService,
    MonitorToken,
)
from .networking import (
    VLAN,
    VPC,
    Domain,
    DomainRecord,
    DomainZoneFile,
    Firewall,
    FirewallDevice,
    FirewallHistoryEntry,
    FirewallRules,
    FirewallSettings,
    FirewallTemplate,
    NodeBalancer,
    NodeBalancerConfig,
    NodeBalancerNode,
    PlacementGroup,
    VPCSubnet,
)
from .profile import (
    AuthorizedApp,
    PersonalAccessToken,
    Profile,
    SecurityQuestions,
    SSHKey,
    Tag,
    TaggedObject,
    TrustedDevice,
)
from .stats import LinodeStats, NodeBalancerStats
from .storage import (
    ObjectStorageACL,
    ObjectStorageBucket,
    ObjectStorageBucketAccess,
    ObjectStorageCluster,
    ObjectStorageKey,
    ObjectStorageObject,
    ObjectStorageObjectURL,
    ObjectStorageQuota,
    ObjectStorageSSL,
    ObjectStorageTransfer,
    QuotaUsage,
    Volume,
)
from .support import (
    LongviewClient,
    LongviewSubscription,
    ManagedContact,
    ManagedCredential,
    ManagedIssue,
    ManagedLinodeSettings,
    ManagedService,
    SupportTicket,
    TicketReply,
)

ModelType = type[ApiModel]

_LI = "/linode/instances/{linodeId}"
_NB = "/nodebalancers/{nodeBalancerId}"
_FW = "/networking/firewalls/{firewallId}"
_BUCKET = "/object-storage/buckets/{regionId}/{bucket}"
_SHG = "/images/sharegroups"
_MON = "/monitor/services/{serviceType}"


def _db_paths(engine: str, model: ModelType) -> dict[str, ModelType]:
    base = f"/databases/{engine}/instances"
    return {
        base: model,
        f"{base}/{{instanceId}}": model,
        f"{base}/{{instanceId}}/backups": DatabaseBackup,
        f"{base}/{{instanceId}}/backups/{{backupId}}": DatabaseBackup,
        f"{base}/{{instanceId}}/credentials": DatabaseCredentials,
        f"{base}/{{instanceId}}/ssl": DatabaseSSL,
    }


MODEL_FOR_PATH: dict[str, ModelType] = {
    # account
    "/account": Account,
    "/account/availability": AccountAvailability,
    "/account/availability/{regionId}": AccountAvailability,
    "/account/betas": BetaProgram,
    "/account/betas/{betaId}": BetaProgram,
    "/account/child-accounts": ChildAccount,
    "/account/child-accounts/{euuid}": ChildAccount,
    "/account/child-accounts/{euuid}/token": PersonalAccessToken,
    "/account/entity-transfers": ServiceTransfer,
    "/account/entity-transfers/{token}": ServiceTransfer,
    "/account/service-transfers": ServiceTransfer,
    "/account/service-transfers/{token}": ServiceTransfer,
    "/account/events": Event,
    "/account/events/{eventId}": Event,
    "/account/invoices": Invoice,
    "/account/invoices/{invoiceId}": Invoice,
    "/account/invoices/{invoiceId}/items": InvoiceItem,
    "/account/logins": Login,
    "/account/logins/{loginId}": Login,
    "/account/maintenance": Maintenance,
    "/account/notifications": Notification,
    "/account/oauth-clients": OAuthClient,
    "/account/oauth-clients/{clientId}": OAuthClient,
    "/account/payment-methods": PaymentMethod,
    "/account/payment-methods/{paymentMethodId}": PaymentMethod,
    "/account/payments": Payment,
    "/account/payments/{paymentId}": Payment,
    "/account/promo-codes": Promotion,
    "/account/settings": AccountSettings,
    "/account/transfer": Transfer,
    "/account/users": User,
    "/account/users/{username}": User,
    "/account/users/{username}/grants": Grants,
    "/betas": BetaProgram,
    "/betas/{betaId}": BetaProgram,
    "/locks": Lock,
    "/locks/{lockId}": Lock,
    "/maintenance/policies": MaintenancePolicy,
    # databases
    "/databases/engines": DatabaseEngine,
    "/databases/engines/{engineId}": DatabaseEngine,
    "/databases/instances": Database,
    "/databases/types": DatabaseType,
    "/databases/types/{typeId}": DatabaseType,
    **_db_paths("mysql", MySQLDatabase),
    **_db_paths("postgresql", PostgreSQLDatabase),
    # domains
    "/domains": Domain,
    "/domains/import": Domain,
    "/domains/{domainId}": Domain,
    "/domains/{domainId}/clone": Domain,
    "/domains/{domainId}/records": DomainRecord,
    "/domains/{domainId}/records/{recordId}": DomainRecord,
    "/domains/{domainId}/zone-file": DomainZoneFile,
    # images
    "/images": Image,
    "/images/upload": ImageUpload,
    "/images/{imageId}": Image,
    "/images/{imageId}/regions": Image,
    "/images/{imageId}/sharegroups": ImageShareGroup,
    _SHG: ImageShareGroup,
    f"{_SHG}/{{sharegroupId}}": ImageShareGroup,
    f"{_SHG}/{{sharegroupId}}/images": Image,
    f"{_SHG}/{{sharegroupId}}/images/{{imageId}}": Image,
    f"{_SHG}/{{sharegroupId}}/members": ImageShareGroupMember,
    f"{_SHG}/{{sharegroupId}}/members/{{tokenUuid}}": ImageShareGroupMember,
    f"{_SHG}/tokens": ImageShareGroupToken,
    f"{_SHG}/tokens/{{tokenUuid}}": ImageShareGroupToken,
    f"{_SHG}/tokens/{{tokenUuid}}/sharegroup": ImageShareGroup,
    f"{_SHG}/tokens/{{tokenUuid}}/sharegroup/images": Image,
    # linodes
    "/linode/instances": Linode,
    _LI: Linode,
    f"{_LI}/clone": Linode,
    f"{_LI}/backups": LinodeBackups,
    f"{_LI}/backups/{{backupId}}": Backup,
    f"{_LI}/configs": Config,
    f"{_LI}/configs/{{configId}}": Config,
    f"{_LI}/configs/{{configId}}/interfaces": ConfigInterface,
    f"{_LI}/configs/{{configId}}/interfaces/{{interfaceId}}": ConfigInterface,
    f"{_LI}/disks": Disk,
    f"{_LI}/disks/{{diskId}}": Disk,
    f"{_LI}/disks/{{diskId}}/clone": Disk,
    f"{_LI}/firewalls": Firewall,
    f"{_LI}/interfaces": LinodeInterfaces,
    f"{_LI}/interfaces/settings": LinodeInterfaceSettings,
    f"{_LI}/interfaces/{{interfaceId}}": LinodeInterface,
    f"{_LI}/interfaces/{{interfaceId}}/firewalls": Firewall,
    f"{_LI}/upgrade-interfaces": UpgradeInterfacesResult,
    f"{_LI}/ips": LinodeIPs,
    f"{_LI}/ips/{{address}}": IPAddress,
    f"{_LI}/nodebalancers": NodeBalancer,
    f"{_LI}/stats": LinodeStats,
    f"{_LI}/stats/{{year}}/{{month}}": LinodeStats,
    f"{_LI}/transfer": Transfer,
    f"{_LI}/transfer/{{year}}/{{month}}": MonthlyTransfer,
    f"{_LI}/volumes": Volume,
    "/linode/kernels": Kernel,
    "/linode/kernels/{kernelId}": Kernel,
    "/linode/stackscripts": StackScript,
    "/linode/stackscripts/{stackscriptId}": StackScript,
    "/linode/types": Type,
    "/linode/types/{typeId}": Type,
    # lke
    "/lke/clusters": LKECluster,
    "/lke/clusters/{clusterId}": LKECluster,
    "/lke/clusters/{clusterId}/api-endpoints": LKEAPIEndpoint,
    "/lke/clusters/{clusterId}/control_plane_acl": LKEControlPlaneACLResponse,
    "/lke/clusters/{clusterId}/dashboard": LKEDashboard,
    "/lke/clusters/{clusterId}/kubeconfig": LKEKubeconfig,
    "/lke/clusters/{clusterId}/nodes/{nodeId}": LKENode,
    "/lke/clusters/{clusterId}/pools": LKENodePool,
    "/lke/clusters/{clusterId}/pools/{poolId}": LKENodePool,
    "/lke/tiers/{tier}/versions": LKEVersion,
    "/lke/tiers/{tier}/versions/{version}": LKEVersion,
    "/lke/types": ProductType,
    "/lke/versions": LKEVersion,
    "/lke/versions/{version}": LKEVersion,
    # longview / managed / support
    "/longview/clients": LongviewClient,
    "/longview/clients/{clientId}": LongviewClient,
    "/longview/plan": LongviewSubscription,
    "/longview/subscriptions": LongviewSubscription,
    "/longview/subscriptions/{subscriptionId}": LongviewSubscription,
    "/longview/types": ProductType,
    "/managed/contacts": ManagedContact,
    "/managed/contacts/{contactId}": ManagedContact,
    "/managed/credentials": ManagedCredential,
    "/managed/credentials/{credentialId}": ManagedCredential,
    "/managed/issues": ManagedIssue,
    "/managed/issues/{issueId}": ManagedIssue,
    "/managed/linode-settings": ManagedLinodeSettings,
    "/managed/linode-settings/{linodeId}": ManagedLinodeSettings,
    "/managed/services": ManagedService,
    "/managed/services/{serviceId}": ManagedService,
    "/support/tickets": SupportTicket,
    "/support/tickets/{ticketId}": SupportTicket,
    "/support/tickets/{ticketId}/replies": TicketReply,
    # monitor
    "/monitor/alert-channels": AlertChannel,
    "/monitor/alert-channels/{channelId}": AlertChannel,
    "/monitor/alert-definitions": AlertDefinition,
    "/monitor/dashboards": MonitorDashboard,
    "/monitor/dashboards/{dashboardId}": MonitorDashboard,
    "/monitor/services": MonitorService,
    _MON: MonitorService,
    f"{_MON}/alert-definitions": AlertDefinition,
    f"{_MON}/alert-definitions/{{alertId}}": AlertDefinition,
    f"{_MON}/alert-definitions/{{alertId}}/entities": EntityRef,
    f"{_MON}/dashboards": MonitorDashboard,
    f"{_MON}/metric-definitions": MetricDefinition,
    f"{_MON}/metrics": MonitorMetrics,
    f"{_MON}/token": MonitorToken,
    # networking
    "/network-transfer/prices": ProductType,
    "/networking/firewalls": Firewall,
    "/networking/firewalls/settings": FirewallSettings,
    "/networking/firewalls/templates": FirewallTemplate,
    "/networking/firewalls/templates/{slug}": FirewallTemplate,
    _FW: Firewall,
    f"{_FW}/devices": FirewallDevice,
    f"{_FW}/devices/{{deviceId}}": FirewallDevice,
    f"{_FW}/history": FirewallHistoryEntry,
    f"{_FW}/history/rules/{{version}}": FirewallRules,
    f"{_FW}/rules": FirewallRules,
    "/networking/ips": IPAddress,
    "/networking/ips/{address}": IPAddress,
    "/networking/ipv6/pools": IPv6Range,
    "/networking/ipv6/ranges": IPv6Range,
    "/networking/ipv6/ranges/{range}": IPv6Range,
    "/networking/vlans": VLAN,
    "/nodebalancers": NodeBalancer,
    "/nodebalancers/types": ProductType,
    _NB: NodeBalancer,
    f"{_NB}/configs": NodeBalancerConfig,
    f"{_NB}/configs/{{configId}}": NodeBalancerConfig,
    f"{_NB}/configs/{{configId}}/rebuild": NodeBalancerConfig,
    f"{_NB}/configs/{{configId}}/nodes": NodeBalancerNode,
    f"{_NB}/configs/{{configId}}/nodes/{{nodeId}}": NodeBalancerNode,
    f"{_NB}/firewalls": Firewall,
    f"{_NB}/stats": NodeBalancerStats,
    "/placement/groups": PlacementGroup,
    "/placement/groups/{groupId}": PlacementGroup,
    "/vpcs": VPC,
    "/vpcs/ips": VPCIPAddress,
    "/vpcs/{vpcId}": VPC,
    "/vpcs/{vpcId}/ips": VPCIPAddress,
    "/vpcs/{vpcId}/subnets": VPCSubnet,
    "/vpcs/{vpcId}/subnets/{vpcSubnetId}": VPCSubnet,
    # object storage
    "/object-storage/buckets": ObjectStorageBucket,
    "/object-storage/buckets/{regionId}": ObjectStorageBucket,
    _BUCKET: ObjectStorageBucket,
    f"{_BUCKET}/access": ObjectStorageBucketAccess,
    f"{_BUCKET}/object-acl": ObjectStorageACL,
    f"{_BUCKET}/object-list": ObjectStorageObject,
    f"{_BUCKET}/object-url": ObjectStorageObjectURL,
    f"{_BUCKET}/ssl": ObjectStorageSSL,
    "/object-storage/clusters": ObjectStorageCluster,
    "/object-storage/clusters/{clusterId}": ObjectStorageCluster,
    "/object-storage/global-quotas": ObjectStorageQuota,
    "/object-storage/global-quotas/{quotaId}": ObjectStorageQuota,
    "/object-storage/global-quotas/{quotaId}/usage": QuotaUsage,
    "/object-storage/keys": ObjectStorageKey,
    "/object-storage/keys/{keyId}": ObjectStorageKey,
    "/object-storage/quotas": ObjectStorageQuota,
    "/object-storage/quotas/{quotaId}": ObjectStorageQuota,
    "/object-storage/quotas/{quotaId}/usage": QuotaUsage,
    "/object-storage/transfer": ObjectStorageTransfer,
    "/object-storage/types": ProductType,
    # profile
    "/profile": Profile,
    "/profile/apps": AuthorizedApp,
    "/profile/apps/{appId}": AuthorizedApp,
    "/profile/devices": TrustedDevice,
    "/profile/devices/{deviceId}": TrustedDevice,
    "/profile/grants": Grants,
    "/profile/logins": Login,
    "/profile/logins/{loginId}": Login,
    "/profile/security-questions": SecurityQuestions,
    "/profile/sshkeys": SSHKey,
    "/profile/sshkeys/{sshKeyId}": SSHKey,
    "/profile/tokens": PersonalAccessToken,
    "/profile/tokens/{tokenId}": PersonalAccessToken,
    # regions
    "/regions": Region,
    "/regions/availability": RegionAvailability,
    "/regions/vpc-availability": RegionVPCAvailability,
    "/regions/{regionId}": Region,
    "/regions/{regionId}/availability": RegionAvailability,
    "/regions/{regionId}/vpc-availability": RegionVPCAvailability,
    # tags / volumes
    "/tags": Tag,
    "/tags/{tagLabel}": TaggedObject,
    "/volumes": Volume,
    "/volumes/types": ProductType,
    "/volumes/{volumeId}": Volume,
    "/volumes/{volumeId}/clone": Volume,
}
"""Path template (spec placeholder names, no ``/v4`` prefix) -> model of one returned item."""

TAGGED_TYPE_MODELS: dict[str, ModelType] = {
    "linode": Linode,
    "domain": Domain,
    "volume": Volume,
    "nodebalancer": NodeBalancer,
    "database": Database,
    "lke_cluster": LKECluster,
    "firewall": Firewall,
}
"""``type`` of a ``/tags/{label}`` item -> model of its ``data``."""

# Placeholders whose values contain a "/" (``linode/debian12``, ``private/123``, ``mysql/8.0.26``).
SLASHED_PARAMS: frozenset[str] = frozenset({"imageId", "kernelId", "engineId"})

# Non-paginated wrappers whose list lives under another key.
_LIST_WRAPPERS: dict[ModelType, tuple[str, ModelType]] = {
    LinodeInterfaces: ("interfaces", LinodeInterface),
}

_PLACEHOLDER = re.compile(r"^\{([^{}]*)\}$")
_PREFIX = re.compile(r"^(?:https?://[^/]+)?(?:/(?:\{apiVersion\}|v4beta|v4))?(?=/|$)")


def _segments(path: str) -> list[str]:
    path = path.split("?", 1)[0].split("#", 1)[0]
    path = _PREFIX.sub("", path.strip(), count=1)
    return [seg for seg in path.split("/") if seg]


def _param(segment: str) -> str | None:
    match = _PLACEHOLDER.match(segment)
    return match.group(1) if match else None


_TEMPLATES: list[tuple[str, list[str]]] = [(t, _segments(t)) for t in MODEL_FOR_PATH]
_BY_SHAPE: dict[tuple[str, ...], str] = {
    tuple("{}" if _param(seg) is not None else seg for seg in segs): t for t, segs in _TEMPLATES
}


def _match(template: list[str], path: list[str], params: dict[str, str]) -> tuple[int, int] | None:
    """Score (literal segments matched, -segments consumed by placeholders) or None."""
    if not template:
        return (0, 0) if not path else None
    if not path:
        return None
    head, rest = template[0], template[1:]
    name = _param(head)
    if name is None:
        if path[0] != head:
            return None
        sub = _match(rest, path[1:], params)
        return None if sub is None else (sub[0] + 1, sub[1])
    if _param(path[0]) is not None:
        sub = _match(rest, path[1:], params)
        if sub is None:
            return None
        params[name] = path[0]
        return sub
    best: tuple[int, int] | None = None
    best_params: dict[str, str] = {}
    widths = (1, 2) if name in SLASHED_PARAMS else (1,)
    for width in widths:
        if len(path) < width:
            continue
        trial: dict[str, str] = {}
        sub = _match(rest, path[width:], trial)
        if sub is None:
            continue
        score = (sub[0], sub[1] - width)
        if best is None or score > best:
            best = score
            best_params = {**trial, name: "/".join(path[:width])}
    if best is not None:
        params.update(best_params)
    return best


def match_path(path: str) -> tuple[str, dict[str, str]] | None:
    """The registered template for a template or concrete ``path`` and the parameters it binds."""
    segs = _segments(path)
    shape = tuple("{}" if _param(seg) is not None else seg for seg in segs)
    if shape in _BY_SHAPE:
        template = _BY_SHAPE[shape]
        tsegs = _segments(template)
        params = {
            name: seg
            for tseg, seg in zip(tsegs, segs, strict=True)
            if (name := _param(tseg)) is not None and _param(seg) is None
        }
        return template, params
    best: tuple[tuple[int, int], str, dict[str, str]] | None = None
    for template, tsegs in _TEMPLATES:
        params = {}
        score = _match(tsegs, segs, params)
        if score is not None and (best is None or score > best[0]):
            best = (score, template, params)
    return None if best is None else (best[1], best[2])


def find_model(path: str) -> ModelType | None:
    """Like :func:`model_for` but returns ``None`` for unknown paths."""
    found = match_path(path)
    return None if found is None else MODEL_FOR_PATH[found[0]]


def model_for(path_template: str) -> ModelType:
    """The item model for an API path template or concrete path; ``KeyError`` if none is known."""
    model = find_model(path_template)
    if model is None:
        raise KeyError(path_template)
    return model


def parse_item(path_template: str, data: Any) -> ApiModel:
    """Validate one object returned by ``path_template``."""
    return model_for(path_template).model_validate(data)


def parse_page(path_template: str, data: Any) -> Paginated[ApiModel]:
    """Validate a collection envelope (or bare list) returned by ``path_template``.

    Items that cannot be parsed at all are skipped (kept in ``invalid_fields["data"]``).
    """
    model = model_for(path_template)
    if model in _LIST_WRAPPERS and isinstance(data, dict) and "data" not in data:
        key, model = _LIST_WRAPPERS[model]
        data = data.get(key) or []
    page_type = cast(type[Paginated[ApiModel]], Paginated[model])  # type: ignore[valid-type]
    return page_type.model_validate(data)


def parse_list(path_template: str, data: Any) -> list[ApiModel]:
    """The items of a collection returned by ``path_template`` (envelope, bare list or wrapper)."""
    return list(parse_page(path_template, data).data)
