"""Managed Databases."""

from __future__ import annotations

from typing import Any

from pydantic import Field, SecretStr

from ._base import ApiModel, StrList, UtcDatetime
from .catalog import Price
from .status import STABLE_DATABASE_STATUSES, is_transitional


class DatabaseHosts(ApiModel):
    primary: str | None = None
    secondary: str | None = None
    standby: str | None = None


class DatabaseUpdates(ApiModel):
    frequency: str | None = None
    duration: int | None = None
    hour_of_day: int | None = None
    day_of_week: int | None = None
    week_of_month: int | None = None


class DatabasePrivateNetwork(ApiModel):
    vpc_id: int | None = None
    subnet_id: int | None = None
    public_access: bool | None = None


class Database(ApiModel):
    """An item of ``/databases/instances`` (any engine)."""

    id: int
    label: str | None = None
    engine: str | None = None
    version: str | None = None
    region: str | None = None
    type: str | None = None
    status: str | None = None
    cluster_size: int | None = None
    platform: str | None = None
    instance_uri: str | None = None
    allow_list: StrList = Field(default_factory=list)
    hosts: DatabaseHosts = Field(default_factory=DatabaseHosts)
    port: int | None = None
    ssl_connection: bool | None = None
    encrypted: bool | None = None
    replication_type: str | None = None
    updates: DatabaseUpdates = Field(default_factory=DatabaseUpdates)
    members: dict[str, str] = Field(default_factory=dict)
    engine_config: dict[str, Any] = Field(default_factory=dict)
    private_network: DatabasePrivateNetwork | None = None
    oldest_restore_time: UtcDatetime = None
    total_disk_size_gb: int | None = None
    used_disk_size_gb: int | None = None
    created: UtcDatetime = None
    updated: UtcDatetime = None

    @property
    def is_transitional(self) -> bool:
        return is_transitional(self.status, STABLE_DATABASE_STATUSES)


class MySQLDatabase(Database):
    pass


class PostgreSQLDatabase(Database):
    replication_commit_type: str | None = None


class DatabaseEngine(ApiModel):
    id: str
    engine: str | None = None
    version: str | None = None


class DatabaseTypeEngine(ApiModel):
    quantity: int | None = None
    price: Price = Field(default_factory=Price)


class DatabaseType(ApiModel):
    id: str
    label: str | None = None
    class_: str | None = Field(default=None, alias="class")
    deprecated: bool | None = None
    disk: int | None = None
    memory: int | None = None
    vcpus: int | None = None
    engines: dict[str, list[DatabaseTypeEngine]] = Field(default_factory=dict)


class DatabaseCredentials(ApiModel):
    username: str | None = None
    password: SecretStr | None = None


class DatabaseSSL(ApiModel):
    ca_certificate: str | None = None


class DatabaseBackup(ApiModel):
    id: int
    label: str | None = None
    type: str | None = None
    created: UtcDatetime = None
