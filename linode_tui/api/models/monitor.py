"""Akamai Cloud Pulse (``/monitor``) objects; the area is new, so these stay loose."""

from __future__ import annotations

from typing import Any

from pydantic import Field, SecretStr

from ._base import ApiModel, EntityRef, StrList, UtcDatetime


class MonitorService(ApiModel):
    service_type: str | None = None
    label: str | None = None
    alert: dict[str, Any] | None = None


class MonitorDashboard(ApiModel):
    id: int
    label: str | None = None
    service_type: str | None = None
    type: str | None = None
    widgets: list[dict[str, Any]] = Field(default_factory=list)
    created: UtcDatetime = None
    updated: UtcDatetime = None


class AlertDefinition(ApiModel):
    id: int
    label: str | None = None
    service_type: str | None = None
    severity: int | None = None
    type: str | None = None
    class_: str | None = Field(default=None, alias="class")
    status: str | None = None
    description: str | None = None
    scope: str | None = None
    regions: StrList = Field(default_factory=list)
    entities: dict[str, Any] | None = None
    alert_channels: list[EntityRef] = Field(default_factory=list)
    rule_criteria: dict[str, Any] | None = None
    trigger_conditions: dict[str, Any] | None = None
    created: UtcDatetime = None
    updated: UtcDatetime = None
    created_by: str | None = None
    updated_by: str | None = None


class AlertChannel(ApiModel):
    id: int
    label: str | None = None
    type: str | None = None
    channel_type: str | None = None
    details: dict[str, Any] | None = None
    alerts: dict[str, Any] | None = None
    created: UtcDatetime = None
    updated: UtcDatetime = None
    created_by: str | None = None
    updated_by: str | None = None


class MetricDefinition(ApiModel):
    metric: str | None = None
    label: str | None = None
    metric_type: str | None = None
    unit: str | None = None
    scrape_interval: str | None = None
    is_alertable: bool | None = None
    available_aggregate_functions: StrList = Field(default_factory=list)
    dimensions: list[dict[str, Any]] = Field(default_factory=list)


class MonitorToken(ApiModel):
    token: SecretStr | None = None


class MonitorMetrics(ApiModel):
    """``POST /monitor/services/{type}/metrics`` (Prometheus-like result)."""

    status: str | None = None
    is_partial: bool | None = Field(default=None, alias="isPartial")
    stats: dict[str, Any] | None = None
    data: dict[str, Any] | None = None
