"""Linode Kubernetes Engine."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field, SecretStr

from ._base import ApiModel, StrList, UtcDatetime, coerce_str
from .status import STABLE_LKE_STATUSES, is_transitional


class LKEControlPlane(ApiModel):
    high_availability: bool | None = None


class LKECluster(ApiModel):
    id: int
    label: str | None = None
    region: str | None = None
    k8s_version: str | None = None
    status: str | None = None
    tier: str | None = None
    apl_enabled: bool | None = None
    tags: StrList = Field(default_factory=list)
    control_plane: LKEControlPlane = Field(default_factory=LKEControlPlane)
    created: UtcDatetime = None
    updated: UtcDatetime = None

    @property
    def is_transitional(self) -> bool:
        return is_transitional(self.status, STABLE_LKE_STATUSES)


class LKENode(ApiModel):
    """A node of a pool; its ``id`` is a string such as ``"12345-6aa78910bc"``."""

    id: Annotated[str, BeforeValidator(coerce_str)]
    instance_id: int | None = None
    status: str | None = None


class LKEAutoscaler(ApiModel):
    enabled: bool | None = None
    min: int | None = None
    max: int | None = None


class LKEPoolDisk(ApiModel):
    size: int | None = None
    type: str | None = None


class LKETaint(ApiModel):
    key: str | None = None
    value: str | None = None
    effect: str | None = None


class LKENodePool(ApiModel):
    id: int
    type: str | None = None
    label: str | None = None
    count: int | None = None
    nodes: list[LKENode] = Field(default_factory=list)
    disks: list[LKEPoolDisk] = Field(default_factory=list)
    autoscaler: LKEAutoscaler = Field(default_factory=LKEAutoscaler)
    tags: StrList = Field(default_factory=list)
    labels: dict[str, str] = Field(default_factory=dict)
    taints: list[LKETaint] = Field(default_factory=list)
    firewall_id: int | None = None
    disk_encryption: str | None = None
    k8s_version: str | None = None
    update_strategy: str | None = None


class LKEVersion(ApiModel):
    id: str
    tier: str | None = None


class LKEACLAddresses(ApiModel):
    ipv4: StrList = Field(default_factory=list)
    ipv6: StrList = Field(default_factory=list)


class LKEControlPlaneACL(ApiModel):
    enabled: bool | None = None
    addresses: LKEACLAddresses | None = None
    revision_id: str | None = None


class LKEControlPlaneACLResponse(ApiModel):
    """``GET /lke/clusters/{id}/control_plane_acl``: ``{"acl": {...}}``."""

    acl: LKEControlPlaneACL = Field(default_factory=LKEControlPlaneACL)


class LKEDashboard(ApiModel):
    url: str | None = None


class LKEAPIEndpoint(ApiModel):
    endpoint: str | None = None


class LKEKubeconfig(ApiModel):
    """Base64 kubeconfig: a credential, so it is a ``SecretStr``."""

    kubeconfig: SecretStr | None = None
