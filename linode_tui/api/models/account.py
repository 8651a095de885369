"""Account-level objects: account, events, billing, users and grants, logins, notifications."""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, SecretStr, TypeAdapter, model_validator

from ._base import ApiModel, EntityRef, IntList, StrList, UtcDatetime, coerce_str
from .status import is_event_final


class CreditCard(ApiModel):
    last_four: Annotated[str | None, BeforeValidator(coerce_str)] = None
    expiry: str | None = None


class Promotion(ApiModel):
    description: str | None = None
    summary: str | None = None
    service_type: str | None = None
    image_url: str | None = None
    credit_monthly_cap: str | None = None
    credit_remaining: str | None = None
    this_month_credit_remaining: str | None = None
    expire_dt: UtcDatetime = None


class Account(ApiModel):
    euuid: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    company: str | None = None
    address_1: str | None = None
    address_2: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None
    phone: str | None = None
    tax_id: str | None = None
    balance: float | None = None
    balance_uninvoiced: float | None = None
    billing_source: str | None = None
    capabilities: StrList = Field(default_factory=list)
    active_since: UtcDatetime = None
    credit_card: CreditCard | None = None
    active_promotions: list[Promotion] = Field(default_factory=list)


class ChildAccount(Account):
    pass


class AccountSettings(ApiModel):
    managed: bool | None = None
    longview_subscription: str | None = None
    network_helper: bool | None = None
    object_storage: str | None = None
    backups_enabled: bool | None = None
    interfaces_for_new_linodes: str | None = None
    maintenance_policy: str | None = None


class AccountAvailability(ApiModel):
    region: str | None = None
    available: StrList = Field(default_factory=list)
    unavailable: StrList = Field(default_factory=list)


class BetaProgram(ApiModel):
    id: str
    label: str | None = None
    description: str | None = None
    started: UtcDatetime = None
    ended: UtcDatetime = None
    enrolled: UtcDatetime = None
    greenlight_only: bool | None = None
    more_info: str | None = None


class ServiceTransferEntities(ApiModel):
    linodes: IntList = Field(default_factory=list)


class ServiceTransfer(ApiModel):
    token: str | None = None
    status: str | None = None
    is_sender: bool | None = None
    entities: ServiceTransferEntities = Field(default_factory=ServiceTransferEntities)
    created: UtcDatetime = None
    updated: UtcDatetime = None
    expiry: UtcDatetime = None


# --------------------------------------------------------------------------------------------- events

_HMS = re.compile(r"^\s*(\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?(?::(\d+(?:\.\d+)?))?\s*$")


def _time_remaining(value: Any) -> str | int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) else None
    if isinstance(value, str):
        return value
    return None


def time_remaining_seconds(value: str | int | float | None) -> int | None:
    """Seconds from an event's ``time_remaining``: ``"0:0:20"`` -> 20, ``"1:02"`` -> 62, ``15`` -> 15.

    ``None``, empty strings and anything unparseable give ``None``.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if math.isfinite(value) else None
    match = _HMS.match(value)
    if match is None:
        return None
    parts = [float(p) for p in match.groups() if p is not None]
    total = 0.0
    for part in parts:
        total = total * 60 + part
    return int(total)


class EventEntity(EntityRef):
    """``entity``/``secondary_entity`` of an event: ``id`` may be an int or a string (image ids)."""


class EventDetails(ApiModel):
    """Maintenance information on events (newer API); accepted nested or at the event's top level."""

    description: str | None = None
    source: str | None = None
    maintenance_policy_set: str | None = None
    not_before: UtcDatetime = None
    start_time: UtcDatetime = None
    complete_time: UtcDatetime = None


_DETAIL_KEYS = tuple(EventDetails.model_fields)


class Event(ApiModel):
    id: int
    action: str | None = None
    status: str | None = None
    created: UtcDatetime = None
    entity: EventEntity | None = None
    secondary_entity: EventEntity | None = None
    percent_complete: int | None = None
    time_remaining: Annotated[str | int | None, BeforeValidator(_time_remaining)] = None
    rate: str | None = None
    duration: float | None = None
    seen: bool | None = None
    read: bool | None = None
    username: str | None = None
    message: str | None = None
    details: EventDetails | None = None

    @model_validator(mode="before")
    @classmethod
    def _hoist_details(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        top = {k: value[k] for k in _DETAIL_KEYS if k in value}
        if not top:
            return value
        out = {k: v for k, v in value.items() if k not in top}
        nested = out.get("details")
        merged = dict(top)
        if isinstance(nested, dict):
            merged.update({k: v for k, v in nested.items() if v is not None or k not in merged})
        out["details"] = merged
        return out

    @property
    def is_final(self) -> bool:
        """True once the event will not change any more (unknown statuses are not final)."""
        return is_event_final(self.status)

    @property
    def time_remaining_seconds(self) -> int | None:
        return time_remaining_seconds(self.time_remaining)


# -------------------------------------------------------------------------------------------- billing


class TaxSummary(ApiModel):
    name: str | None = None
    tax: float | None = None


class Invoice(ApiModel):
    id: int
    date: UtcDatetime = None
    label: str | None = None
    subtotal: float | None = None
    tax: float | None = None
    total: float | None = None
    tax_summary: list[TaxSummary] = Field(default_factory=list)
    billing_source: str | None = None


class InvoiceItem(ApiModel):
    label: str | None = None
    type: str | None = None
    amount: float | None = None
    tax: float | None = None
    total: float | None = None
    from_: UtcDatetime = Field(default=None, alias="from")
    to: UtcDatetime = None
    quantity: int | None = None
    unit_price: Annotated[str | None, BeforeValidator(coerce_str)] = None
    region: str | None = None


class Payment(ApiModel):
    id: int
    date: UtcDatetime = None
    usd: float | None = None


class PaymentMethod(ApiModel):
    id: int
    type: str | None = None
    is_default: bool | None = None
    created: UtcDatetime = None
    data: dict[str, Any] = Field(default_factory=dict)


# ---------------------------------------------------------------------------------------------- users


class LastLogin(ApiModel):
    login_datetime: UtcDatetime = None
    status: str | None = None


class User(ApiModel):
    username: str
    email: str | None = None
    restricted: bool | None = None
    ssh_keys: StrList = Field(default_factory=list)
    tfa_enabled: bool | None = None
    verified_phone_number: str | None = None
    password_created: UtcDatetime = None
    last_login: LastLogin | None = None
    user_type: str | None = None


class EntityGrant(ApiModel):
    id: int | str | None = None
    label: str | None = None
    permissions: str | None = None


class GlobalGrants(ApiModel):
    account_access: str | None = None
    add_linodes: bool | None = None
    add_longview: bool | None = None
    longview_subscription: bool | None = None
    cancel_account: bool | None = None
    child_account_access: bool | None = None
    add_domains: bool | None = None
    add_stackscripts: bool | None = None
    add_nodebalancers: bool | None = None
    add_images: bool | None = None
    add_volumes: bool | None = None
    add_firewalls: bool | None = None
    add_databases: bool | None = None
    add_vpcs: bool | None = None
    add_lkes: bool | None = None
    add_placement_groups: bool | None = None


_GRANT_LIST = TypeAdapter(list[EntityGrant])


class Grants(ApiModel):
    """``/account/users/{username}/grants`` and ``/profile/grants``: global grants + per-entity lists."""

    global_: GlobalGrants = Field(default_factory=GlobalGrants, alias="global")
    linode: list[EntityGrant] = Field(default_factory=list)
    domain: list[EntityGrant] = Field(default_factory=list)
    nodebalancer: list[EntityGrant] = Field(default_factory=list)
    image: list[EntityGrant] = Field(default_factory=list)
    longview: list[EntityGrant] = Field(default_factory=list)
    stackscript: list[EntityGrant] = Field(default_factory=list)
    volume: list[EntityGrant] = Field(default_factory=list)
    database: list[EntityGrant] = Field(default_factory=list)
    firewall: list[EntityGrant] = Field(default_factory=list)
    vpc: list[EntityGrant] = Field(default_factory=list)
    lkecluster: list[EntityGrant] = Field(default_factory=list)
    placement_group: list[EntityGrant] = Field(default_factory=list)

    def grants_for(self, kind: str) -> list[EntityGrant]:
        """Per-entity grants of ``kind`` (also kinds newer than this model, kept as extra fields)."""
        if kind in type(self).model_fields and kind != "global_":
            value = getattr(self, kind)
            return list(value) if isinstance(value, list) else []
        raw = (self.model_extra or {}).get(kind)
        if not isinstance(raw, list):
            return []
        try:
            return _GRANT_LIST.validate_python([item for item in raw if isinstance(item, dict)])
        except ValueError:
            return []

    def permission(self, kind: str, entity_id: int | str) -> str | None:
        """``"read_only"``, ``"read_write"`` or ``None`` for the entity ``kind``/``entity_id``."""
        for grant in self.grants_for(kind):
            if grant.id == entity_id or str(grant.id) == str(entity_id):
                return grant.permissions
        return None


class Login(ApiModel):
    id: int
    datetime: UtcDatetime = None
    ip: str | None = None
    restricted: bool | None = None
    status: str | None = None
    username: str | None = None


class Notification(ApiModel):
    label: str | None = None
    message: str | None = None
    body: str | None = None
    type: str | None = None
    severity: str | None = None
    when: UtcDatetime = None
    until: UtcDatetime = None
    entity: EntityRef | None = None


class Maintenance(ApiModel):
    entity: EntityRef | None = None
    type: str | None = None
    status: str | None = None
    reason: str | None = None
    when: UtcDatetime = None
    description: str | None = None
    source: str | None = None
    maintenance_policy_set: str | None = None
    not_before: UtcDatetime = None
    start_time: UtcDatetime = None
    complete_time: UtcDatetime = None


class MaintenancePolicy(ApiModel):
    slug: str | None = None
    label: str | None = None
    description: str | None = None
    type: str | None = None
    notification_period_sec: int | None = None
    is_default: bool | None = None


class OAuthClient(ApiModel):
    id: str
    label: str | None = None
    public: bool | None = None
    redirect_uri: str | None = None
    secret: SecretStr | None = None
    status: str | None = None
    thumbnail_url: str | None = None


class Lock(ApiModel):
    id: int
    lock_type: str | None = None
    entity: EntityRef = Field(default_factory=EntityRef)
