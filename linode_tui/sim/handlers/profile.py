"""Profile: the token user's profile, grants, personal access tokens, SSH keys, apps, logins, preferences."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
from typing import Any

from linode_tui.sim.framework import ApiError, Ctx, Listing, Reply, TokenInfo, field_error, routes
from linode_tui.sim.handlers._common import body, get_or_404, listing, user, w
from linode_tui.sim.seed import hex_id


def _profile(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    name = ctx.token.username or "demo-user"
    prof = world.profiles.get(name)
    if prof is None:
        base = world.profiles["demo-user"]
        prof = {
            **base,
            "uid": 1000 + len(world.profiles),
            "username": name,
            "email": f"{name}@example.com",
            "restricted": ctx.token.restricted,
            "authorized_keys": [],
        }
        world.profiles[name] = prof
    return prof


@routes.get("/profile")
def get_profile(ctx: Ctx) -> dict[str, Any]:
    return _profile(ctx)


@routes.put("/profile")
def put_profile(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    prof = _profile(ctx)
    b = body(ctx)
    if "email" in b:
        if not isinstance(b["email"], str) or "@" not in b["email"]:
            raise field_error("email", "Invalid email address")
        prof["email"] = b["email"]
    if "lish_auth_method" in b:
        if b["lish_auth_method"] not in ("password_keys", "keys_only", "disabled"):
            raise field_error("lish_auth_method", "lish_auth_method is not valid")
        prof["lish_auth_method"] = b["lish_auth_method"]
    for key in ("timezone", "email_notifications", "authorized_keys", "ip_whitelist_enabled"):
        if key in b:
            prof[key] = b[key]
    world.add_event(
        "profile_update",
        world.entity_ref("profile", prof, id=prof["uid"], label=prof["username"]),
        username=user(ctx),
    )
    return prof


@routes.get("/profile/grants")
def profile_grants(ctx: Ctx) -> Any:
    if not ctx.token.restricted:
        return Reply(204, None)
    return ctx.token.grants or {}


@routes.get("/profile/preferences")
def get_prefs(ctx: Ctx) -> dict[str, Any]:
    return w(ctx).preferences.setdefault(ctx.token.username or "demo-user", {})


@routes.put("/profile/preferences")
def put_prefs(ctx: Ctx) -> dict[str, Any]:
    if not isinstance(ctx.body, dict):
        raise ApiError(400, "Preferences must be a JSON object")
    prefs = dict(ctx.body)
    w(ctx).preferences[ctx.token.username or "demo-user"] = prefs
    return prefs


# -------------------------------------------------------------------------------------------------- tokens
@routes.get("/profile/tokens")
def list_tokens(ctx: Ctx) -> Listing:
    # the seeded tokens belong to demo-user; a restricted user has none of its own
    return listing([] if ctx.token.restricted else w(ctx).pat_tokens.values())


def _check_scopes(scopes: Any) -> str:
    if scopes is None:
        return "*"
    if not isinstance(scopes, str):
        raise field_error("scopes", "scopes must be a string")
    if scopes == "*":
        return scopes
    for part in scopes.replace(",", " ").split():
        area, _, level = part.partition(":")
        if level not in ("read_only", "read_write") or not area:
            raise field_error("scopes", f"Invalid scope: {part}")
    return scopes


@routes.post("/profile/tokens")
def create_token(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    b = body(ctx)
    label = b.get("label") or ""
    if not isinstance(label, str) or len(label) > 100:
        raise field_error("label", "Length must be 1-100 characters")
    scopes = _check_scopes(b.get("scopes"))
    if ctx.token.scopes != "*" and scopes == "*":
        raise ApiError(403, "Unauthorized")
    tid = world.next_id("pat", 3_000_000)
    secret = hex_id(world.rng_for(tid, 55), 64)
    now = world.iso()
    tok = {
        "id": tid,
        "label": label,
        "scopes": scopes,
        "created": now,
        "expiry": b.get("expiry"),
        "token": secret[:16] + "...",
    }
    world.pat_tokens[tid] = tok
    world.tokens[secret] = TokenInfo(
        name=label or f"token-{tid}",
        scopes=scopes,
        username=ctx.token.username,
        restricted=ctx.token.restricted,
        grants=ctx.token.grants,
    )
    world.add_event("token_create", world.entity_ref("token", tok), username=user(ctx))
    return {**tok, "token": secret}  # the only time the secret is shown


def _relabel(ctx: Ctx, store: dict[Any, Any], param: str, kind: str, action: str) -> dict[str, Any]:
    """PUT on a token or an SSH key: only the label changes; the event is sent either way."""
    world = w(ctx)
    item: dict[str, Any] = get_or_404(store, ctx.params.get(param))
    if "label" in body(ctx):
        item["label"] = ctx.json_field("label", type_=str)
    world.add_event(action, world.entity_ref(kind, item), username=user(ctx))
    return item


@routes.get("/profile/tokens/{tokenId}")
def get_token(ctx: Ctx) -> dict[str, Any]:
    tok: dict[str, Any] = get_or_404(w(ctx).pat_tokens, ctx.params.get("tokenId"))
    return tok


@routes.put("/profile/tokens/{tokenId}")
def update_token(ctx: Ctx) -> dict[str, Any]:
    return _relabel(ctx, w(ctx).pat_tokens, "tokenId", "token", "token_update")


@routes.delete("/profile/tokens/{tokenId}")
def delete_token(ctx: Ctx) -> None:
    world = w(ctx)
    tok = get_or_404(world.pat_tokens, ctx.params.get("tokenId"))
    del world.pat_tokens[tok["id"]]
    prefix = tok["token"].rstrip(".")
    for secret in [s for s in world.tokens if len(s) == 64 and s.startswith(prefix)]:
        del world.tokens[secret]
    world.add_event("token_delete", world.entity_ref("token", tok), username=user(ctx))


# ------------------------------------------------------------------------------------------------ ssh keys
def _check_key(value: Any) -> str:
    if (
        not isinstance(value, str)
        or not value.startswith(("ssh-", "ecdsa-", "sk-"))
        or len(value.split()) < 2
    ):
        raise field_error(
            "ssh_key", "SSH Key key-type must be ssh-dss, ssh-rsa, ecdsa-sha2-nistp, or ssh-ed25519."
        )
    return value


@routes.get("/profile/sshkeys")
def list_keys(ctx: Ctx) -> Listing:
    return listing(w(ctx).sshkeys.values())


@routes.post("/profile/sshkeys")
def add_key(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    key = _check_key(ctx.json_field("ssh_key", required=True))
    label = body(ctx).get("label") or ""
    kid = world.next_id("sshkey", max(world.sshkeys, default=40))
    item = {"id": kid, "label": label, "ssh_key": key, "created": world.iso()}
    world.sshkeys[kid] = item
    world.add_event("user_ssh_key_add", world.entity_ref("user_ssh_key", item), username=user(ctx))
    return item


@routes.get("/profile/sshkeys/{sshKeyId}")
def get_key(ctx: Ctx) -> dict[str, Any]:
    item: dict[str, Any] = get_or_404(w(ctx).sshkeys, ctx.params.get("sshKeyId"))
    return item


@routes.put("/profile/sshkeys/{sshKeyId}")
def update_key(ctx: Ctx) -> dict[str, Any]:
    return _relabel(ctx, w(ctx).sshkeys, "sshKeyId", "user_ssh_key", "user_ssh_key_update")


@routes.delete("/profile/sshkeys/{sshKeyId}")
def delete_key(ctx: Ctx) -> None:
    world = w(ctx)
    item = get_or_404(world.sshkeys, ctx.params.get("sshKeyId"))
    del world.sshkeys[item["id"]]
    world.add_event("user_ssh_key_delete", world.entity_ref("user_ssh_key", item), username=user(ctx))


# ------------------------------------------------------------------------------------------- apps, logins
@routes.get("/profile/apps")
def list_apps(ctx: Ctx) -> Listing:
    return listing(w(ctx).apps.values())


@routes.get("/profile/apps/{appId}")
def get_app(ctx: Ctx) -> dict[str, Any]:
    app: dict[str, Any] = get_or_404(w(ctx).apps, ctx.params.get("appId"))
    return app


@routes.delete("/profile/apps/{appId}")
def delete_app(ctx: Ctx) -> None:
    world = w(ctx)
    app = get_or_404(world.apps, ctx.params.get("appId"))
    del world.apps[app["id"]]


@routes.get("/profile/logins")
def list_logins(ctx: Ctx) -> Listing:
    world = w(ctx)
    return listing(reversed([x for x in world.logins.values() if x["username"] == ctx.token.username]))


@routes.get("/profile/logins/{loginId}")
def get_login(ctx: Ctx) -> dict[str, Any]:
    login: dict[str, Any] = get_or_404(w(ctx).logins, ctx.params.get("loginId"))
    if login["username"] != ctx.token.username:
        raise ApiError(404, "Not found")
    return login


# ------------------------------------------------------------------------------------------ two-factor auth
def totp(secret: str, at: float, step: int = 0) -> str:
    """The RFC 6238 code (6 digits, 30 s, SHA-1) of a base32 secret at time ``at`` (+ ``step`` periods),
    what an authenticator app shows for the secret ``tfa-enable`` answers."""
    counter = int(at // 30) + step
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


@routes.post("/profile/tfa-enable")
def tfa_enable(ctx: Ctx) -> dict[str, Any]:
    """A new TFA secret; two-factor login starts only once a code from it is confirmed."""
    world = w(ctx)
    prof = _profile(ctx)
    if prof.get("two_factor_auth"):
        raise ApiError(400, "Two-factor authentication is already enabled")
    n = world.next_id("tfa_secret", 0)
    raw = hashlib.sha1(f"{world.seed}-{prof['username']}-{n}".encode()).digest()
    secret = base64.b32encode(raw).decode()
    expiry = world.iso(world.now() + 600)
    world.tfa_pending[prof["username"]] = {"secret": secret, "expiry": world.now() + 600}
    return {"secret": secret, "expiry": expiry}


@routes.post("/profile/tfa-enable-confirm")
def tfa_confirm(ctx: Ctx) -> dict[str, Any]:
    """Confirm the pending secret with a current code: ``GET /profile`` then shows
    ``two_factor_auth: true``; the answer is the one-time scratch code."""
    world = w(ctx)
    prof = _profile(ctx)
    pending = world.tfa_pending.get(prof["username"])
    if pending is None or pending["expiry"] < world.now():
        raise ApiError(400, "No two-factor secret is pending: enable two-factor authentication first")
    code = str(body(ctx).get("tfa_code") or "").strip()
    if not code:
        raise field_error("tfa_code", "tfa_code is required")
    if code not in {totp(pending["secret"], world.now(), s) for s in (-1, 0, 1)}:
        raise field_error("tfa_code", "Invalid token. Two-factor auth not enabled. Please try again.")
    del world.tfa_pending[prof["username"]]
    prof["two_factor_auth"] = True
    if prof["username"] in world.users:
        world.users[prof["username"]]["tfa_enabled"] = True
    world.add_event("tfa_enabled", None, username=user(ctx))
    return {"scratch": _scratch(pending["secret"])}


def _scratch(secret: str) -> str:
    return hashlib.sha1(("scratch-" + secret).encode()).hexdigest()[:16]


@routes.post("/profile/tfa-disable")
def tfa_disable(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    prof = _profile(ctx)
    if not prof.get("two_factor_auth"):
        raise ApiError(400, "Two-factor authentication is not enabled")
    prof["two_factor_auth"] = False
    if prof["username"] in world.users:
        world.users[prof["username"]]["tfa_enabled"] = False
    world.tfa_pending.pop(prof["username"], None)
    world.add_event("tfa_disabled", None, username=user(ctx))
    return {}
