"""The current user's profile, tokens, apps, devices, SSH keys; tags."""

from __future__ import annotations

from typing import Any

from pydantic import Field, SecretStr

from ._base import ApiModel, StrList, UtcDatetime


class Referrals(ApiModel):
    code: str | None = None
    url: str | None = None
    total: int | None = None
    completed: int | None = None
    pending: int | None = None
    credit: float | None = None


class Profile(ApiModel):
    username: str | None = None
    uid: int | None = None
    email: str | None = None
    timezone: str | None = None
    email_notifications: bool | None = None
    ip_whitelist_enabled: bool | None = None
    lish_auth_method: str | None = None
    authorized_keys: StrList = Field(default_factory=list)
    two_factor_auth: bool | None = None
    restricted: bool | None = None
    authentication_type: str | None = None
    verified_phone_number: str | None = None
    referrals: Referrals = Field(default_factory=Referrals)


class PersonalAccessToken(ApiModel):
    """A personal access token. ``token`` (only present right after creation) is a ``SecretStr``:
    it never appears in ``repr``/``str``/``model_dump_json``; use ``token.get_secret_value()``."""

    id: int
    label: str | None = None
    scopes: str | None = None
    created: UtcDatetime = None
    expiry: UtcDatetime = None
    token: SecretStr | None = None


class AuthorizedApp(ApiModel):
    id: int
    label: str | None = None
    scopes: str | None = None
    website: str | None = None
    thumbnail_url: str | None = None
    created: UtcDatetime = None
    expiry: UtcDatetime = None


class TrustedDevice(ApiModel):
    id: int
    created: UtcDatetime = None
    expiry: UtcDatetime = None
    last_authenticated: UtcDatetime = None
    last_remote_addr: str | None = None
    user_agent: str | None = None


class SSHKey(ApiModel):
    id: int
    label: str | None = None
    ssh_key: str | None = None
    created: UtcDatetime = None


class SecurityQuestion(ApiModel):
    id: int | None = None
    question: str | None = None
    response: str | None = None


class SecurityQuestions(ApiModel):
    security_questions: list[SecurityQuestion] = Field(default_factory=list)


class Tag(ApiModel):
    label: str


class TaggedObject(ApiModel):
    """An item of ``GET /tags/{label}``: ``{"type": "linode", "data": {...}}``."""

    type: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)

    def parsed(self) -> ApiModel | None:
        """``data`` parsed into the model for ``type`` (``None`` for unknown types or bad data)."""
        from .registry import TAGGED_TYPE_MODELS

        model = TAGGED_TYPE_MODELS.get(self.type or "")
        if model is None:
            return None
        try:
            return model.model_validate(self.data)
        except ValueError:
            return None
