"""Read-mostly catalogue objects: types, prices, regions, images, kernels, StackScripts."""

from __future__ import annotations

from typing import Any

from pydantic import Field, SecretStr

from ._base import ApiModel, IntList, StrList, UtcDatetime
from .status import STABLE_IMAGE_STATUSES, is_transitional


class Price(ApiModel):
    hourly: float | None = None
    monthly: float | None = None


class RegionPrice(ApiModel):
    id: str | None = None
    hourly: float | None = None
    monthly: float | None = None


class BackupsAddon(ApiModel):
    price: Price = Field(default_factory=Price)
    region_prices: list[RegionPrice] = Field(default_factory=list)


class TypeAddons(ApiModel):
    backups: BackupsAddon = Field(default_factory=BackupsAddon)


class Type(ApiModel):
    """A Linode plan (``/linode/types``)."""

    id: str
    label: str | None = None
    class_: str | None = Field(default=None, alias="class")
    disk: int | None = None
    memory: int | None = None
    vcpus: int | None = None
    gpus: int | None = None
    transfer: int | None = None
    network_out: int | None = None
    accelerated_devices: int | None = None
    price: Price = Field(default_factory=Price)
    region_prices: list[RegionPrice] = Field(default_factory=list)
    addons: TypeAddons = Field(default_factory=TypeAddons)
    successor: str | None = None

    def price_in(self, region: str | None) -> Price:
        """The price for ``region`` (a region-specific price if there is one, else the base price)."""
        for rp in self.region_prices:
            if region is not None and rp.id == region:
                return Price(hourly=rp.hourly, monthly=rp.monthly)
        return self.price


class ProductType(ApiModel):
    """Priced product types: ``/lke/types``, ``/nodebalancers/types``, ``/volumes/types``,
    ``/object-storage/types``, ``/network-transfer/prices``."""

    id: str
    label: str | None = None
    price: Price = Field(default_factory=Price)
    region_prices: list[RegionPrice] = Field(default_factory=list)
    transfer: int | None = None


class RegionResolvers(ApiModel):
    ipv4: str | None = None
    ipv6: str | None = None


class PlacementGroupLimits(ApiModel):
    maximum_pgs_per_customer: int | None = None
    maximum_linodes_per_pg: int | None = None


class Region(ApiModel):
    id: str
    label: str | None = None
    country: str | None = None
    capabilities: StrList = Field(default_factory=list)
    status: str | None = None
    resolvers: RegionResolvers = Field(default_factory=RegionResolvers)
    placement_group_limits: PlacementGroupLimits | None = None
    site_type: str | None = None


class RegionAvailability(ApiModel):
    """Plan availability per region (``/regions/availability``, ``/regions/{id}/availability``)."""

    region: str | None = None
    plan: str | None = None
    available: bool | None = None


class RegionVPCAvailability(ApiModel):
    region: str | None = None
    available: bool | None = None
    available_ipv6_prefix_lengths: IntList = Field(default_factory=list)


class ImageRegion(ApiModel):
    region: str | None = None
    status: str | None = None


class Image(ApiModel):
    id: str
    label: str | None = None
    description: str | None = None
    created: UtcDatetime = None
    updated: UtcDatetime = None
    created_by: str | None = None
    deprecated: bool | None = None
    is_public: bool | None = None
    is_shared: bool | None = None
    size: int | None = None
    total_size: int | None = None
    type: str | None = None
    status: str | None = None
    vendor: str | None = None
    eol: UtcDatetime = None
    expiry: UtcDatetime = None
    capabilities: StrList = Field(default_factory=list)
    tags: StrList = Field(default_factory=list)
    regions: list[ImageRegion] = Field(default_factory=list)
    image_sharing: dict[str, Any] | None = None

    @property
    def is_transitional(self) -> bool:
        return is_transitional(self.status, STABLE_IMAGE_STATUSES)


class ImageUpload(ApiModel):
    """``POST /images/upload``: the new image plus the URL to upload to."""

    image: Image | None = None
    upload_to: str | None = None


class ImageShareGroup(ApiModel):
    id: int
    uuid: str | None = None
    label: str | None = None
    description: str | None = None
    created: UtcDatetime = None
    updated: UtcDatetime = None
    expiry: UtcDatetime = None
    images_count: int | None = None
    members_count: int | None = None
    is_suspended: bool | None = None


class ImageShareGroupMember(ApiModel):
    token_uuid: str | None = None
    label: str | None = None
    status: str | None = None
    created: UtcDatetime = None
    updated: UtcDatetime = None
    expiry: UtcDatetime = None


class ImageShareGroupToken(ApiModel):
    token_uuid: str | None = None
    label: str | None = None
    status: str | None = None
    created: UtcDatetime = None
    updated: UtcDatetime = None
    expiry: UtcDatetime = None
    sharegroup_uuid: str | None = None
    sharegroup_label: str | None = None
    valid_for_sharegroup_uuid: str | None = None
    token: SecretStr | None = None


class Kernel(ApiModel):
    id: str
    label: str | None = None
    version: str | None = None
    kvm: bool | None = None
    xen: bool | None = None
    pvops: bool | None = None
    architecture: str | None = None
    deprecated: bool | None = None
    built: UtcDatetime = None


class UserDefinedField(ApiModel):
    name: str | None = None
    label: str | None = None
    example: str | None = None
    default: str | None = None
    one_of: str | None = Field(default=None, alias="oneOf")
    many_of: str | None = Field(default=None, alias="manyOf")


class StackScript(ApiModel):
    id: int
    label: str | None = None
    description: str | None = None
    images: StrList = Field(default_factory=list)
    is_public: bool | None = None
    mine: bool | None = None
    rev_note: str | None = None
    script: str | None = None
    user_defined_fields: list[UserDefinedField] = Field(default_factory=list)
    username: str | None = None
    user_gravatar_id: str | None = None
    deployments_active: int | None = None
    deployments_total: int | None = None
    created: UtcDatetime = None
    updated: UtcDatetime = None
