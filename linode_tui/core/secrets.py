"""Which fields of the Linode API carry a secret, and how they are kept off the screen (Textual-free).

One list for the whole product: the ``v`` JSON views, the detail summary (masked until revealed),
exports, the yank of a row's JSON and the audit log (:mod:`linode_tui.api.audit`) all ask
:func:`is_secret_name` / :func:`scrub`.

The list is derived from the spec data (:mod:`linode_tui.specdata`, request and response fields of
every operation, at any depth): every field name there that looks secret-bearing (``pass``,
``secret``, ``token``, ``key``, ``code``, ``cert``, ``auth``…) is either in
:data:`SPEC_SECRET_NAMES` or, with the reason, in :data:`NOT_SECRET`; ``tests/test_secrets.py``
re-derives the candidates from the spec data and fails when a name is in neither, so a newer spec
cannot add a secret unnoticed.  :data:`EXTRA_SECRET_NAMES` is the short hand list of names the spec
does not have but bodies and configs do; :data:`_PATTERN` catches composites (``db_password``,
``client_secret``, ``x_token``).  The names are kept literally (not computed from the spec at run
time) so that masking never has to load the spec data (about 90 ms) on the event loop.

Only values that can hold a secret are masked: ``None``, ``""`` and booleans stay as they are
(``{"kubeconfig": true}`` is the regenerate flag, not a kubeconfig).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

__all__ = [
    "EXTRA_SECRET_NAMES",
    "MASK",
    "NOT_SECRET",
    "PATH_SECRET_NAMES",
    "SECRET_NAMES",
    "SPEC_SECRET_NAMES",
    "is_secret_name",
    "is_secret_value",
    "mask",
    "path_secret_names",
    "scrub",
    "secret_paths",
    "spec_candidates",
    "spec_fields",
    "spec_secret_fields",
]

#: What a masked value shows as (in JSON views and exports).
MASK: Final = "<hidden>"

#: Field names in the spec data (request or response, at any depth) whose value is a secret.
SPEC_SECRET_NAMES: Final = frozenset(
    {
        "root_pass",  # Linode create, rebuild, root password reset, disk create
        "password",  # database credentials, Managed credentials, disk password reset
        "token",  # personal access tokens, service/entity transfer tokens, image share group tokens
        "api_key",  # Longview clients
        "install_code",  # Longview clients (the install command carries it)
        "access_key",  # Object Storage keys
        "access_key_id",  # log stream destinations (an Object Storage key)
        "secret_key",  # Object Storage keys (shown once on create)
        "secret",  # OAuth client secret, the 2FA secret of tfa-enable
        "kubeconfig",  # LKE cluster kubeconfig (base64 with the cluster's admin credentials)
        "servicetoken",  # LKE service token (regenerate)
        "ssl_key",  # NodeBalancer config TLS private key
        "private_key",  # Object Storage bucket TLS private key
        "user_data",  # cloud-init user data: commonly holds passwords and keys
        "otp_code",  # phone verification
        "tfa_code",  # 2FA confirmation
        "promo_code",  # a one-time code worth money
        "checkout_token",  # PayPal checkout
        "card_number",  # payment method add
        "cvv",  # payment method add
    }
)

#: Names the spec does not have, but request bodies, configs and other clients do.
EXTRA_SECRET_NAMES: Final = frozenset(
    [
        "pass",
        "passwd",
        "passphrase",
        "new_password",
        "current_password",
        "db_password",
        "access_token",
        "refresh_token",
        "api_token",
        "service_token",
        "client_secret",
        "secret_access_key",
        "access_key_secret",
        "tls_key",
        "ssh_private_key",
        "security_code",
        "scratch",
        "authorization",
        "cookie",
        "session",
    ]
)

SECRET_NAMES: Final = SPEC_SECRET_NAMES | EXTRA_SECRET_NAMES

#: Spec field names that look secret-bearing but are not, and why (checked by the spec walk).
NOT_SECRET: Final[Mapping[str, str]] = {
    "authentication_type": "an enum naming how a Managed service authenticates",
    "authorized_keys": "public SSH keys",
    "authorized_users": "user names whose public keys are installed",
    "ca_certificate": "a database's public CA certificate",
    "certificate": "a bucket's public TLS certificate",
    "ssl_cert": "a NodeBalancer's public TLS certificate",
    "ssl": "a flag or the bucket SSL object (public certificate only)",
    "ssl_commonname": "the certificate's common name",
    "ssl_fingerprint": "the certificate's fingerprint",
    "ssl_connection": "whether a database requires TLS",
    "ssh_key": "a public SSH key",
    "ssh_keys": "public SSH keys",
    "check_passive": "a NodeBalancer health-check flag",
    "code": "the profile's referral code (shared on purpose)",
    "country_code": "a phone number's country",
    "phone_country_code": "a phone number's country",
    "iso_code": "a country or currency code",
    "config_id": "an id",
    "configs": "a list of configs",
    "engine_config": "database engine parameters",
    "credentials": "ids of Managed credentials (never their contents)",
    "credit": "money",
    "credit_card": "the masked card summary the API returns",
    "credit_monthly_cap": "money",
    "credit_remaining": "money",
    "this_month_credit_remaining": "money",
    "innodb_ft_min_token_size": "a MySQL parameter",
    "key": "a label or taint key (LKE), a tag key",
    "last_authenticated": "a timestamp",
    "lish_auth_method": "an enum",
    "password_created": "a timestamp",
    "password_encryption": "a PostgreSQL parameter (the algorithm)",
    "private": "a flag or a list of private addresses",
    "private_in": "traffic figures",
    "private_out": "traffic figures",
    "private_ip": "a flag",
    "sql_require_primary_key": "a MySQL parameter",
    "tfa_enabled": "a flag",
    "tfa_enforced": "a flag",
    "tfa_optional_users_count": "a count",
    "two_factor_auth": "a flag",
    "has_user_data": "a flag",
    "token_uuid": "the public id of a share group token (the token itself is `token`)",
}

#: Names secret only in the request bodies of one path: a global rule would mask unrelated fields
#: (``response`` is also a Managed service's expected response text, a webhook's answer…).
#: Keys are API paths without the version prefix and query.
PATH_SECRET_NAMES: Final[Mapping[str, frozenset[str]]] = {
    "/profile/security-questions": frozenset({"response"}),  # the answers to the security questions
}

# Composite names: ``db_password``, ``my_secret``, ``x_token``, ``ssh_private_key``, ``apikey``…
_PATTERN: Final = re.compile(
    r"(pass(word|wd|phrase)$|^pass_|_pass_|_pass$|secret|private_?key|_token$|api_?key|(^|_)otp(_|$)|"
    r"tfa_code|cvv|card_?number)",
    re.IGNORECASE,
)


def path_secret_names(path: str | None) -> frozenset[str]:
    """The names that are secret in the bodies of ``path`` only (see :data:`PATH_SECRET_NAMES`);
    ``path`` may carry the ``/v4``/``/v4beta`` prefix, a query or a trailing slash."""
    if not path:
        return frozenset()
    bare = path.split("?", 1)[0].rstrip("/") or "/"
    bare = re.sub(r"^/?v4(beta)?(?=/|$)", "", bare) or "/"
    if not bare.startswith("/"):
        bare = "/" + bare
    return PATH_SECRET_NAMES.get(bare, frozenset())


def is_secret_name(name: str, path: str | None = None) -> bool:
    """Is a field of this name (the last part of a dotted path) secret-bearing — anywhere, or in
    the bodies of the API ``path`` (:data:`PATH_SECRET_NAMES`)?"""
    lowered = name.rsplit(".", 1)[-1].lower()
    if lowered in SECRET_NAMES:
        return True
    if path is not None and lowered in path_secret_names(path):
        return True
    if lowered in NOT_SECRET:
        return False
    return bool(_PATTERN.search(lowered))


def is_secret_value(value: Any) -> bool:
    """Could this value of a secret-bearing field hold a secret (not null, empty or a flag)?"""
    return value is not None and value != "" and not isinstance(value, bool)


def mask(name: str, value: Any) -> Any:
    """``value`` as it may be shown under the field ``name``."""
    return MASK if is_secret_name(name) and is_secret_value(value) else value


def scrub(obj: Any) -> Any:
    """A copy of ``obj`` with the value of every secret-bearing field masked, at any depth."""
    if isinstance(obj, Mapping):
        return {
            k: (MASK if is_secret_name(str(k)) and is_secret_value(v) else scrub(v)) for k, v in obj.items()
        }
    if isinstance(obj, list | tuple):
        return [scrub(v) for v in obj]
    return obj


def secret_paths(obj: Any, prefix: str = "") -> Iterator[str]:
    """Dotted paths (``configs.0.ssl_key``) of the secrets that :func:`scrub` would mask in ``obj``."""
    if isinstance(obj, Mapping):
        for k, v in obj.items():
            path = f"{prefix}{k}"
            if is_secret_name(str(k)) and is_secret_value(v):
                yield path
            else:
                yield from secret_paths(v, path + ".")
    elif isinstance(obj, list | tuple):
        for i, v in enumerate(obj):
            yield from secret_paths(v, f"{prefix}{i}.")


def spec_candidates(names: Iterator[str] | set[str]) -> set[str]:
    """The names among ``names`` that look secret-bearing (what the spec walk must account for)."""
    return {n for n in names if _CANDIDATE.search(n)}


_CANDIDATE: Final = re.compile(
    r"pass|secret|token|key|cred|auth|otp|tfa|private|cert|ssl|code|kubeconfig|user_data|cvv|card",
    re.IGNORECASE,
)


def spec_fields(spec: Any) -> Iterator[tuple[str, str, str, str]]:
    """Every request and response field of the spec data (a :class:`~linode_tui.specdata.SpecData`):
    ``(operation_id, "request" | "response", dotted name, type)``."""
    for op in spec.all_operations():
        for f in op.request_schema or ():
            yield op.operation_id, "request", f.name, f.type
        for name, type_ in op.response_attrs:
            yield op.operation_id, "response", name, type_


def spec_secret_fields(spec: Any) -> list[tuple[str, str, str, str]]:
    """The secret-bearing fields of the spec data (see :func:`spec_fields`)."""
    return [f for f in spec_fields(spec) if is_secret_name(f[2])]
