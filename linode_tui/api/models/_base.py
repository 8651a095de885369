"""Shared building blocks for the tolerant Linode API models.

The real API differs from its OpenAPI description in many small ways (nulls where the spec says
"required", naive timestamps, new fields, ints where strings are documented ...). Every model here is
therefore lenient:

* unknown fields are kept (``model_extra``),
* every field except the resource's identifier has a default,
* timestamps are parsed into timezone-aware UTC datetimes, garbage becomes ``None``,
* a field whose value cannot be validated at all is dropped back to its default instead of failing the
  whole object; the raw value is kept in :attr:`ApiModel.invalid_fields`.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidatorFunctionWrapHandler,
    model_validator,
)

__all__ = [
    "ApiModel",
    "EntityRef",
    "IntList",
    "Paginated",
    "StrList",
    "UtcDatetime",
    "coerce_str",
    "parse_timestamp",
]

_MAX_REPAIRS = 64


def parse_timestamp(value: Any) -> datetime | None:
    """Parse an API timestamp into an aware UTC datetime.

    The API sends naive ISO timestamps (``"2018-01-01T00:01:01"``, UTC implied); some newer
    endpoints add ``Z`` or an offset. ``None``, ``""`` and anything unparseable give ``None``.
    """
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _drop_nulls(value: Any) -> Any:
    """``None`` -> ``[]`` and ``[None, "a"]`` -> ``["a"]`` (the API sends ``authorized_keys: [null]``)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [item for item in value if item is not None]
    return value


def coerce_str(value: Any) -> Any:
    """Accept ints/floats where a string is documented (``last_four: 1111``)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else str(value)
    return value


UtcDatetime = Annotated[datetime | None, BeforeValidator(parse_timestamp)]
"""A timestamp field: aware UTC datetime, or ``None`` for null/empty/garbage."""

StrList = Annotated[list[str], BeforeValidator(_drop_nulls)]
IntList = Annotated[list[int], BeforeValidator(_drop_nulls)]


class ApiModel(BaseModel):
    """Base of every API object: keeps unknown fields, repairs invalid optional fields."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    _invalid: dict[str, Any] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _tolerate_invalid_fields(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if not isinstance(data, dict):
            return handler(data)
        try:
            return handler(data)
        except ValidationError as first_error:
            cleaned = dict(data)
            invalid: dict[str, Any] = {}
            error: ValidationError = first_error
            for _ in range(_MAX_REPAIRS):
                if not cls._repair(cleaned, error, invalid):
                    raise first_error from None
                try:
                    model = handler(cleaned)
                except ValidationError as again:
                    error = again
                    continue
                if isinstance(model, ApiModel):
                    model._invalid = invalid
                return model
            raise first_error from None

    @classmethod
    def _repair(cls, cleaned: dict[str, Any], error: ValidationError, invalid: dict[str, Any]) -> bool:
        """Drop the top-level keys named by ``error`` (moving their raw values into ``invalid``).

        A missing required field of this very model cannot be repaired. Returns whether anything changed.
        """
        changed = False
        for err in error.errors():
            loc = err["loc"]
            if not loc or not isinstance(loc[0], str) or loc[0] not in cleaned:
                continue
            if err["type"] == "missing" and len(loc) == 1:
                continue
            invalid[loc[0]] = cleaned.pop(loc[0])
            changed = True
        return changed

    @property
    def invalid_fields(self) -> dict[str, Any]:
        """Raw values of fields that could not be validated and were reset to their default."""
        return dict(self._invalid)

    @property
    def extra_fields(self) -> dict[str, Any]:
        """Fields the API sent that this model does not declare."""
        return dict(self.model_extra or {})


class EntityRef(ApiModel):
    """``{id, label, type, url}`` reference to another entity (events, notifications, devices ...)."""

    id: int | str | None = None
    label: str | None = None
    type: str | None = None
    url: str | None = None


T = TypeVar("T")


class Paginated(ApiModel, Generic[T]):
    """The collection envelope ``{"data": [...], "page": 1, "pages": 1, "results": N}``.

    ``pages`` (and ``page``) may be 0 for empty collections. A bare JSON list is accepted too, as is an
    envelope without page information (``{"data": [...]}``).
    """

    data: list[T] = Field(default_factory=list)
    page: int = 1
    pages: int = 1
    results: int = 0

    @model_validator(mode="before")
    @classmethod
    def _normalise_envelope(cls, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            items = list(value)
            return {"data": items, "page": 1, "pages": 1, "results": len(items)}
        if isinstance(value, dict):
            out = dict(value)
            raw = out.get("data")
            items = [] if raw is None else raw
            out["data"] = items
            size = len(items) if isinstance(items, list) else 0
            for key, default in (("page", 1), ("pages", 1), ("results", size)):
                if not isinstance(out.get(key), int) or isinstance(out.get(key), bool):
                    out[key] = default
            return out
        return value

    @classmethod
    def _repair(cls, cleaned: dict[str, Any], error: ValidationError, invalid: dict[str, Any]) -> bool:
        """Drop unparseable items from ``data`` (keeping them under ``invalid["data"]``), not the page."""
        bad: set[int] = set()
        for err in error.errors():
            loc = err["loc"]
            if len(loc) >= 2 and loc[0] == "data" and isinstance(loc[1], int):
                bad.add(loc[1])
        items = cleaned.get("data")
        if not bad or not isinstance(items, list):
            return super()._repair(cleaned, error, invalid)
        invalid.setdefault("data", []).extend(items[i] for i in sorted(bad) if i < len(items))
        cleaned["data"] = [item for i, item in enumerate(items) if i not in bad]
        return True

    @property
    def has_more(self) -> bool:
        """True when a later page exists (``pages`` of 0 means there is nothing more)."""
        return self.page < self.pages
