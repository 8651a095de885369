"""Support tickets, Longview and Managed services."""

from __future__ import annotations

from pydantic import Field, SecretStr

from ._base import ApiModel, EntityRef, IntList, StrList, UtcDatetime
from .catalog import Price


class SupportTicket(ApiModel):
    id: int
    summary: str | None = None
    description: str | None = None
    status: str | None = None
    entity: EntityRef | None = None
    opened: UtcDatetime = None
    opened_by: str | None = None
    closed: UtcDatetime = None
    closable: bool | None = None
    updated: UtcDatetime = None
    updated_by: str | None = None
    gravatar_id: str | None = None
    attachments: StrList = Field(default_factory=list)


class TicketReply(ApiModel):
    id: int
    created: UtcDatetime = None
    created_by: str | None = None
    description: str | None = None
    from_linode: bool | None = None
    gravatar_id: str | None = None


class LongviewApps(ApiModel):
    apache: bool | None = None
    nginx: bool | None = None
    mysql: bool | None = None


class LongviewClient(ApiModel):
    """A Longview client. ``api_key`` authenticates the agent, so it is kept as a ``SecretStr``."""

    id: int
    label: str | None = None
    api_key: SecretStr | None = None
    install_code: str | None = None
    apps: LongviewApps = Field(default_factory=LongviewApps)
    created: UtcDatetime = None
    updated: UtcDatetime = None


class LongviewSubscription(ApiModel):
    """A Longview plan; ``GET /longview/plan`` returns one (or ``{}`` when on the free plan)."""

    id: str | None = None
    label: str | None = None
    clients_included: int | None = None
    price: Price = Field(default_factory=Price)


class ManagedService(ApiModel):
    id: int
    label: str | None = None
    status: str | None = None
    service_type: str | None = None
    address: str | None = None
    timeout: int | None = None
    body: str | None = None
    consultation_group: str | None = None
    notes: str | None = None
    region: str | None = None
    credentials: IntList = Field(default_factory=list)
    created: UtcDatetime = None
    updated: UtcDatetime = None


class ManagedContactPhone(ApiModel):
    primary: str | None = None
    secondary: str | None = None


class ManagedContact(ApiModel):
    id: int
    name: str | None = None
    email: str | None = None
    phone: ManagedContactPhone = Field(default_factory=ManagedContactPhone)
    group: str | None = None
    updated: UtcDatetime = None


class ManagedIssue(ApiModel):
    id: int
    created: UtcDatetime = None
    services: IntList = Field(default_factory=list)
    entity: EntityRef | None = None


class ManagedCredential(ApiModel):
    id: int
    label: str | None = None
    last_decrypted: UtcDatetime = None


class ManagedSSHSettings(ApiModel):
    access: bool | None = None
    user: str | None = None
    ip: str | None = None
    port: int | None = None


class ManagedLinodeSettings(ApiModel):
    id: int
    label: str | None = None
    group: str | None = None
    ssh: ManagedSSHSettings = Field(default_factory=ManagedSSHSettings)
