"""Block Storage volumes and Object Storage."""

from __future__ import annotations

from pydantic import Field, SecretStr

from ._base import ApiModel, StrList, UtcDatetime
from .status import STABLE_VOLUME_STATUSES, is_transitional


class Volume(ApiModel):
    id: int
    label: str | None = None
    status: str | None = None
    size: int | None = None
    region: str | None = None
    linode_id: int | None = None
    linode_label: str | None = None
    filesystem_path: str | None = None
    hardware_type: str | None = None
    encryption: str | None = None
    io_ready: bool | None = None
    tags: StrList = Field(default_factory=list)
    created: UtcDatetime = None
    updated: UtcDatetime = None

    @property
    def is_transitional(self) -> bool:
        return is_transitional(self.status, STABLE_VOLUME_STATUSES)


class ObjectStorageBucket(ApiModel):
    label: str | None = None
    cluster: str | None = None
    region: str | None = None
    hostname: str | None = None
    created: UtcDatetime = None
    objects: int | None = None
    size: int | None = None
    endpoint_type: str | None = None
    s3_endpoint: str | None = None


class BucketAccess(ApiModel):
    cluster: str | None = None
    region: str | None = None
    bucket_name: str | None = None
    permissions: str | None = None


class KeyRegion(ApiModel):
    id: str | None = None
    s3_endpoint: str | None = None
    endpoint_type: str | None = None


class ObjectStorageKey(ApiModel):
    """An Object Storage access key. ``secret_key`` is only real right after creation."""

    id: int
    label: str | None = None
    access_key: str | None = None
    secret_key: SecretStr | None = None
    limited: bool | None = None
    bucket_access: list[BucketAccess] | None = None
    regions: list[KeyRegion] = Field(default_factory=list)


class ObjectStorageCluster(ApiModel):
    id: str
    domain: str | None = None
    region: str | None = None
    status: str | None = None
    static_site_domain: str | None = None


class ObjectStorageObject(ApiModel):
    """One entry of ``.../object-list``."""

    name: str | None = None
    size: int | None = None
    etag: str | None = None
    last_modified: UtcDatetime = None
    owner: str | None = None
    is_truncated: bool | None = None
    next_marker: str | None = None


class ObjectStorageACL(ApiModel):
    acl: str | None = None
    acl_xml: str | None = None


class ObjectStorageBucketAccess(ApiModel):
    acl: str | None = None
    acl_xml: str | None = None
    cors_enabled: bool | None = None
    cors_xml: str | None = None


class ObjectStorageSSL(ApiModel):
    ssl: bool | None = None


class ObjectStorageObjectURL(ApiModel):
    url: str | None = None
    exists: bool | None = None


class ObjectStorageTransfer(ApiModel):
    used: int | None = None


class ObjectStorageQuota(ApiModel):
    quota_id: str | None = None
    quota_type: str | None = None
    quota_name: str | None = None
    description: str | None = None
    resource_metric: str | None = None
    quota_limit: int | None = None
    has_usage: bool | None = None
    endpoint_type: str | None = None
    s3_endpoint: str | None = None


class QuotaUsage(ApiModel):
    quota_limit: int | None = None
    usage: int | None = None
