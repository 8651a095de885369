"""Account: account/settings, billing, users and grants, logins, notifications, maintenance, events."""

from __future__ import annotations

from typing import Any

from linode_tui.sim.framework import ApiError, Ctx, Listing, Reply, field_error, not_found, routes
from linode_tui.sim.handlers._common import (
    body,
    can_see,
    get_or_404,
    listing,
    require_account,
    require_unrestricted,
    str_param,
    user,
    w,
)
from linode_tui.sim.png import identicon_png, is_png
from linode_tui.sim.seed import make_grants

_ACCOUNT_FIELDS = (
    "address_1",
    "address_2",
    "city",
    "company",
    "country",
    "email",
    "first_name",
    "last_name",
    "phone",
    "state",
    "tax_id",
    "zip",
)


@routes.get("/account")
def get_account(ctx: Ctx) -> dict[str, Any]:
    require_account(ctx)
    return w(ctx).account


@routes.put("/account")
def put_account(ctx: Ctx) -> dict[str, Any]:
    require_account(ctx, write=True)
    world = w(ctx)
    for k, v in body(ctx).items():
        if k in _ACCOUNT_FIELDS:
            if v is not None and not isinstance(v, str):
                raise field_error(k, f"{k} must be a string")
            world.account[k] = v
    world.add_event(
        "account_update", world.entity_ref("account", None, id=None, label=None), username=user(ctx)
    )
    return world.account


@routes.get("/account/settings")
def get_settings(ctx: Ctx) -> dict[str, Any]:
    require_account(ctx)
    return w(ctx).account_settings


@routes.put("/account/settings")
def put_settings(ctx: Ctx) -> dict[str, Any]:
    require_account(ctx, write=True)
    world = w(ctx)
    for k in ("backups_enabled", "network_helper"):
        if k in body(ctx):
            v = body(ctx)[k]
            if not isinstance(v, bool):
                raise field_error(k, f"{k} must be a boolean")
            world.account_settings[k] = v
    for k in ("longview_subscription", "maintenance_policy", "interfaces_for_new_linodes"):
        if k in body(ctx):
            world.account_settings[k] = body(ctx)[k]
    world.add_event("account_settings_update", None, username=user(ctx))
    return world.account_settings


@routes.get("/account/transfer")
def account_transfer(ctx: Ctx) -> dict[str, Any]:
    require_account(ctx)
    world = w(ctx)
    per_region: dict[str, int] = {}
    for x in world.linodes.values():
        per_region[x["region"]] = per_region.get(x["region"], 0) + int(x["specs"]["transfer"])
    day = int((world.now() // 86400) % 30) + 1
    regions = [
        {"id": r, "quota": q, "used": q * day // 100, "billable": 0} for r, q in sorted(per_region.items())
    ]
    quota = sum(per_region.values())
    return {"quota": quota, "used": quota * day // 100, "billable": 0, "region_transfers": regions}


@routes.get("/account/availability")
def availability(ctx: Ctx) -> Listing:
    world = w(ctx)
    return listing(
        {"region": r["id"], "available": list(r["capabilities"]), "unavailable": []}
        for r in world.regions.values()
    )


@routes.get("/account/availability/{id}")
def availability_one(ctx: Ctx) -> dict[str, Any]:
    r = get_or_404(w(ctx).regions, str_param(ctx, "id"))
    return {"region": r["id"], "available": list(r["capabilities"]), "unavailable": []}


def _history(base: str, store_name: str, param: str) -> None:
    """An account history collection (invoices, payments, logins): newest first, read by id."""

    def store(ctx: Ctx) -> dict[int, dict[str, Any]]:
        s: dict[int, dict[str, Any]] = getattr(w(ctx), store_name)
        return s

    @routes.get(base)
    def list_all(ctx: Ctx) -> Listing:
        require_account(ctx)
        return listing(reversed(list(store(ctx).values())))

    @routes.get(base + "/{" + param + "}")
    def get_one(ctx: Ctx) -> dict[str, Any]:
        require_account(ctx)
        item: dict[str, Any] = get_or_404(store(ctx), ctx.params.get(param))
        return item


# ----------------------------------------------------------------------------------------------- billing
_history("/account/invoices", "invoices", "invoiceId")


@routes.get("/account/invoices/{invoiceId}/items")
def invoice_items(ctx: Ctx) -> Listing:
    require_account(ctx)
    return listing(get_or_404(w(ctx).invoice_items, ctx.params.get("invoiceId")))


_history("/account/payments", "payments", "paymentId")


@routes.post("/account/payments")
def make_payment(ctx: Ctx) -> dict[str, Any]:
    require_account(ctx, write=True)
    world = w(ctx)
    usd = ctx.json_field("usd", required=True)
    try:
        amount = float(usd)
    except (TypeError, ValueError):
        raise field_error("usd", "usd must be a number") from None
    if amount < 5:
        raise field_error("usd", "Payments must be at least $5.00")
    pid = world.next_id("payment", max(world.payments, default=7_000_000))
    pay = {"id": pid, "date": world.iso(), "usd": amount}
    world.payments[pid] = pay
    world.account["balance"] = round(world.account.get("balance", 0) - amount, 2)
    world.add_event("payment_submitted", None, username=user(ctx))
    return pay


def _usd(value: Any, field: str = "usd") -> float:
    try:
        amount = float(str(value).lstrip("$"))
    except ValueError:
        raise field_error(field, f"{field} must be an amount in US dollars") from None
    if not 5 <= amount <= 10_000:
        raise field_error(field, "Payments must be between $5.00 and $10,000.00")
    return round(amount, 2)


@routes.post("/account/payments/paypal")
def stage_paypal(ctx: Ctx) -> dict[str, Any]:
    """Stage a PayPal payment: the answer's ``payment_id`` is executed once the payer approved it."""
    require_account(ctx, write=True)
    world = w(ctx)
    b = body(ctx)
    for name in ("redirect_url", "cancel_url"):
        if not str(b[name]).startswith(("https://", "http://")):
            raise field_error(name, f"{name} must be a URL")
    amount = _usd(b["usd"])
    n = world.next_id("paypal", 0)
    payment_id = f"PAY-{n:04d}SIMULATED{world.seed % 10_000:04d}"
    world.paypal_pending[payment_id] = {"usd": amount}
    return {"checkout_token": f"EC-{n:04d}SIMTOKEN", "payment_id": payment_id}


@routes.post("/account/payments/paypal/execute")
def execute_paypal(ctx: Ctx) -> dict[str, Any]:
    """Execute a staged PayPal payment: it joins ``/account/payments`` and lowers the balance."""
    require_account(ctx, write=True)
    world = w(ctx)
    b = body(ctx)
    staged = world.paypal_pending.pop(str(b["payment_id"]), None)
    if staged is None:
        raise field_error("payment_id", "No staged PayPal payment with this id")
    pid = world.next_id("payment", max(world.payments, default=7_000_000))
    world.payments[pid] = {"id": pid, "date": world.iso(), "usd": staged["usd"]}
    world.account["balance"] = round(world.account.get("balance", 0) - staged["usd"], 2)
    world.add_event("payment_submitted", None, username=user(ctx))
    return {}


@routes.get("/account/tfa-optional-users")
def list_tfa_optional(ctx: Ctx) -> Listing:
    require_unrestricted(ctx)
    return listing(
        {"username": u, "url": f"/account/users/{u}"} for u in w(ctx).tfa_optional_users
    )


@routes.put("/account/tfa-optional-users")
def put_tfa_optional(ctx: Ctx) -> dict[str, Any]:
    """The users for whom the account's two-factor requirement is optional (the list is replaced)."""
    require_unrestricted(ctx)
    world = w(ctx)
    names = body(ctx)["usernames"]
    for i, name in enumerate(names):
        if name not in world.users:
            raise field_error(f"usernames[{i}]", f"User {name!r} not found")
    world.tfa_optional_users = list(dict.fromkeys(names))
    return {"tfa_optional_users_count": len(world.tfa_optional_users), "url": "/account/tfa-optional-users"}


@routes.post("/account/cancel")
def cancel_account(ctx: Ctx) -> dict[str, Any]:
    """Cancel the account: its tokens stop working (every later request is 401 ``Invalid Token``)."""
    require_unrestricted(ctx)
    world = w(ctx)
    world.account["cancellation_comments"] = body(ctx).get("comments") or ""
    world.tokens.clear()
    return {"survey_link": "https://alpha.linode.com/survey/cancel"}


@routes.post("/account/credit-card")
def add_credit_card(ctx: Ctx) -> dict[str, Any]:
    """Add a card (deprecated for ``POST /account/payment-methods``): it becomes the default payment
    method, and ``GET /account`` shows its last four digits and expiry."""
    require_account(ctx, write=True)
    world = w(ctx)
    b = body(ctx)
    number = str(b["card_number"])
    if not number.isdigit() or not 13 <= len(number) <= 23 or not _luhn(number):
        raise field_error("card_number", "Credit card number is invalid")
    cvv = str(b["cvv"])
    if not cvv.isdigit() or len(cvv) not in (3, 4):
        raise field_error("cvv", "CVV must be 3 or 4 digits")
    month, year = b["expiry_month"], b["expiry_year"]
    if not 1 <= month <= 12:
        raise field_error("expiry_month", "Expiration month must be between 1 and 12")
    now = world.iso()
    if year < 1000 or (year, month) < (int(now[:4]), int(now[5:7])):
        raise field_error("expiry_year", "Credit card is expired")
    from linode_tui.sim.handlers.billing import card_type, payment_methods

    world.account["credit_card"] = {"last_four": number[-4:], "expiry": f"{month:02d}/{year}"}
    pms = payment_methods(world)  # the docs: a credit card payment method, made the default
    for other in pms.values():
        other["is_default"] = False
    new_id = max(pms, default=500) + 1
    pms[new_id] = {
        "id": new_id,
        "type": "credit_card",
        "is_default": True,
        "created": world.iso(),
        "data": {"card_type": card_type(number), "last_four": number[-4:], "expiry": f"{month:02d}/{year}"},
    }
    world.add_event("credit_card_updated", None, username=user(ctx))
    return {}


def _epoch(stamp: str) -> float:
    from datetime import UTC, datetime

    return datetime.fromisoformat(stamp).replace(tzinfo=UTC).timestamp()


def _luhn(number: str) -> bool:
    digits = [int(d) for d in reversed(number)]
    total = sum(digits[0::2]) + sum(sum(divmod(2 * d, 10)) for d in digits[1::2])
    return total % 10 == 0


# promotional codes the simulated Linode knows (any other code is refused, like an unknown one)
PROMO_CODES: dict[str, dict[str, Any]] = {
    "WELCOME-100": {
        "credit_monthly_cap": "100.00",
        "credit_remaining": "100.00",
        "description": "Receive $100 of credit for your first 60 days.",
        "image_url": "https://www.linode.com/promo/welcome.svg",
        "service_type": "all",
        "summary": "$100 of credit for new accounts",
        "this_month_credit_remaining": "100.00",
    },
}


@routes.post("/account/promo-codes")
def add_promo_code(ctx: Ctx) -> dict[str, Any]:
    """Apply a promo code: its promotion joins ``GET /account``'s ``active_promotions``."""
    require_account(ctx, write=True)
    world = w(ctx)
    require_unrestricted(ctx)  # the API: the user must be unrestricted
    code = str(body(ctx)["promo_code"]).strip().upper()
    promo = PROMO_CODES.get(code)
    if promo is None:
        raise field_error("promo_code", "Invalid promo code")
    active = world.account.setdefault("active_promotions", [])
    if active:
        raise field_error("promo_code", "This account already has a promotional credit")
    since = world.account.get("active_since")
    if since and world.now() - _epoch(str(since)) > 90 * 86400:
        raise field_error("promo_code", "Promo codes can only be applied to accounts less than 90 days old")
    applied = {**promo, "expire_dt": world.iso(world.now() + 60 * 86400)}
    active.append(applied)
    return dict(applied)


@routes.post("/account/settings/managed-enable")
def enable_managed(ctx: Ctx) -> dict[str, Any]:
    """Sign the account up for Linode Managed (``GET /account/settings``: ``managed: true``)."""
    require_unrestricted(ctx)
    world = w(ctx)
    if world.account_settings.get("managed"):
        raise ApiError(400, "Linode Managed is already enabled on this account")
    world.account_settings["managed"] = True
    world.add_event("managed_enabled", None, username=user(ctx))
    return {}


# ------------------------------------------------------------------------------------------ users/grants
def _user(ctx: Ctx) -> dict[str, Any]:
    u: dict[str, Any] = get_or_404(w(ctx).users, str_param(ctx, "username"))
    return u


@routes.get("/account/users")
def list_users(ctx: Ctx) -> Listing:
    require_account(ctx)
    return listing(w(ctx).users.values())


@routes.post("/account/users")
def create_user(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    world = w(ctx)
    name = ctx.json_field("username", required=True, type_=str)
    email = ctx.json_field("email", required=True, type_=str)
    restricted = ctx.json_field("restricted", type_=bool)
    if not 3 <= len(name) <= 32 or not all(c.isalnum() or c in "-_" for c in name):
        raise field_error(
            "username", "Username must be 3-32 characters: letters, numbers, dashes, underscores"
        )
    if name in world.users:
        raise field_error("username", "Username taken")
    if "@" not in email:
        raise field_error("email", "Invalid email address")
    u = {
        "username": name,
        "email": email,
        "restricted": bool(restricted),
        "ssh_keys": [],
        "tfa_enabled": False,
        "verified_phone_number": None,
        "user_type": "default",
        "password_created": None,
        "last_login": None,
    }
    world.users[name] = u
    if restricted:
        world.grants[name] = make_grants(world, linode_ids=[], level=None)
    world.add_event("user_create", world.entity_ref("user", u, id=name, label=name), username=user(ctx))
    return u


@routes.get("/account/users/{username}")
def get_user(ctx: Ctx) -> dict[str, Any]:
    u = _user(ctx)
    if ctx.token.restricted and u["username"] != ctx.token.username:
        require_account(ctx)
    return u


@routes.put("/account/users/{username}")
def update_user(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    world = w(ctx)
    u = _user(ctx)
    b = body(ctx)
    if "email" in b:
        if not isinstance(b["email"], str) or "@" not in b["email"]:
            raise field_error("email", "Invalid email address")
        u["email"] = b["email"]
    if "restricted" in b:
        if not isinstance(b["restricted"], bool):
            raise field_error("restricted", "restricted must be a boolean")
        u["restricted"] = b["restricted"]
        if b["restricted"] and u["username"] not in world.grants:
            world.grants[u["username"]] = make_grants(world, linode_ids=[], level=None)
    if "username" in b and b["username"] != u["username"]:
        new = b["username"]
        if not isinstance(new, str) or new in world.users:
            raise field_error("username", "Username taken")
        old = u["username"]
        u["username"] = new
        world.users = {(new if k == old else k): v for k, v in world.users.items()}
        if old in world.grants:
            world.grants[new] = world.grants.pop(old)
    world.add_event(
        "user_update", world.entity_ref("user", u, id=u["username"], label=u["username"]), username=user(ctx)
    )
    return u


@routes.delete("/account/users/{username}")
def delete_user(ctx: Ctx) -> None:
    require_unrestricted(ctx)
    world = w(ctx)
    u = _user(ctx)
    if u["username"] == ctx.token.username:
        raise ApiError(400, "You can't delete your own user.")
    del world.users[u["username"]]
    world.grants.pop(u["username"], None)
    world.add_event(
        "user_delete", world.entity_ref("user", u, id=u["username"], label=u["username"]), username=user(ctx)
    )


@routes.get("/account/users/{username}/grants")
def get_grants(ctx: Ctx) -> Any:
    require_unrestricted(ctx)
    u = _user(ctx)
    if not u["restricted"]:
        return Reply(204, None)
    stored = w(ctx).grants.get(u["username"]) or make_grants(w(ctx), linode_ids=[], level=None)
    return every_entity_grants(w(ctx), stored)


def _grant_entities(world: Any) -> dict[str, list[tuple[Any, str]]]:
    """(id, label) of every entity of each grant kind on the account (an account's own images,
    StackScripts and Longview clients, not the public ones)."""
    return {
        "linode": [(k, v["label"]) for k, v in world.linodes.items()],
        "domain": [(k, v["domain"]) for k, v in world.domains.items()],
        "nodebalancer": [(k, v["label"]) for k, v in world.nodebalancers.items()],
        # an image grant's id is the number of its "private/<n>" id
        "image": [
            (int(k.split("/")[-1]), v["label"])
            for k, v in world.images.items()
            if not v.get("is_public") and k.split("/")[-1].isdigit()
        ],
        "longview": [(k, v["label"]) for k, v in world.longview_clients.items()],
        "stackscript": [
            (k, v["label"]) for k, v in world.stackscripts.items() if v.get("mine") or not v.get("is_public")
        ],
        "volume": [(k, v["label"]) for k, v in world.volumes.items()],
        "database": [(k, v["label"]) for k, v in world.databases.items()],
        "firewall": [(k, v["label"]) for k, v in world.firewalls.items()],
        "vpc": [(k, v["label"]) for k, v in world.vpcs.items()],
        "placement_group": [(k, v["label"]) for k, v in world.placement_groups.items()],
        "lkecluster": [(k, v["label"]) for k, v in world.lke_clusters.items()],
    }


def every_entity_grants(world: Any, stored: dict[str, Any]) -> dict[str, Any]:
    """The grants as the API answers them: EVERY entity of each kind is listed, with
    ``permissions: null`` when no grant is set (not only the granted ones)."""
    out: dict[str, Any] = {"global": dict(stored.get("global") or {})}
    for kind, entities in _grant_entities(world).items():
        granted = {g["id"]: g.get("permissions") for g in stored.get(kind) or [] if isinstance(g, dict)}
        out[kind] = [{"id": eid, "label": label, "permissions": granted.get(eid)} for eid, label in entities]
    return out


@routes.put("/account/users/{username}/grants")
def put_grants(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    world = w(ctx)
    u = _user(ctx)
    if not u["restricted"]:
        raise ApiError(400, "Cannot set grants on an unrestricted user.")
    grants = world.grants.setdefault(u["username"], make_grants(world, linode_ids=[], level=None))
    b = body(ctx)
    if isinstance(b.get("global"), dict):
        grants["global"].update({k: v for k, v in b["global"].items() if k in grants["global"]})
    for kind, entries in b.items():
        if kind == "global" or kind not in grants or not isinstance(entries, list):
            continue
        current = {g["id"]: g for g in grants[kind]}
        for e in entries:
            if not isinstance(e, dict) or "id" not in e:
                raise field_error(kind, "Invalid grant")
            perm = e.get("permissions")
            if perm not in (None, "read_only", "read_write"):
                raise field_error(f"{kind}.permissions", "permissions is not valid")
            label = ""
            if kind == "linode" and e["id"] in world.linodes:
                label = world.linodes[e["id"]]["label"]
            current[e["id"]] = {
                "id": e["id"],
                "label": current.get(e["id"], {}).get("label", label),
                "permissions": perm,
            }
        grants[kind] = list(current.values())
    # a token bound to this user sees the new grants at once
    for tok in world.tokens.values():
        if tok.username == u["username"] and tok.restricted:
            tok.grants = grants
    return every_entity_grants(world, grants)


_history("/account/logins", "logins", "loginId")


@routes.get("/account/notifications")
def list_notifications(ctx: Ctx) -> Listing:
    items = w(ctx).notifications
    if ctx.token.restricted:
        items = [
            n
            for n in items
            if n["entity"] and n["entity"]["type"] == "linode" and can_see(ctx, "linode", n["entity"]["id"])
        ]
    return listing(items)


@routes.get("/account/maintenance")
def list_maintenance(ctx: Ctx) -> Listing:
    items = w(ctx).maintenance
    if ctx.token.restricted:
        items = [m for m in items if can_see(ctx, "linode", m["entity"]["id"])]
    return listing(items)


# ------------------------------------------------------------------------------------------------ events
def _event_visible(ctx: Ctx, ev: dict[str, Any]) -> bool:
    if not ctx.token.restricted:
        return True
    if ev.get("username") == ctx.token.username:
        return True
    ent = ev.get("entity") or {}
    return ent.get("type") == "linode" and can_see(ctx, "linode", ent.get("id"))


@routes.get("/account/events")
def list_events(ctx: Ctx) -> Listing:
    world = w(ctx)
    world.tick()
    evs = reversed(list(world.events.values()))  # newest first, like the real API
    return listing(ev for ev in evs if _event_visible(ctx, ev))


def _event(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    world.tick()
    ev: dict[str, Any] = get_or_404(world.events, ctx.params.get("eventId"))
    if not _event_visible(ctx, ev):
        raise not_found()
    return ev


@routes.get("/account/events/{eventId}")
def get_event(ctx: Ctx) -> dict[str, Any]:
    return _event(ctx)


@routes.post("/account/events/{eventId}/seen")
def event_seen(ctx: Ctx) -> dict[str, Any]:
    ev = _event(ctx)
    for other in w(ctx).events.values():
        if other["id"] <= ev["id"] and _event_visible(ctx, other):
            other["seen"] = True
    return {}


@routes.post("/account/events/{eventId}/read")
def event_read(ctx: Ctx) -> dict[str, Any]:
    _event(ctx)["read"] = True
    return {}


# ------------------------------------------------------------------------------ OAuth client thumbnails
def _client_exists(ctx: Ctx, cid: str) -> None:
    """404 for an OAuth client the account does not have (see handlers/billing.py)."""
    from linode_tui.sim.handlers.billing import oauth_clients

    if cid not in oauth_clients(w(ctx)):
        raise not_found()


@routes.get("/account/oauth-clients/{clientId}/thumbnail")
def get_client_thumbnail(ctx: Ctx) -> Reply:
    """The client's thumbnail as the real API sends it: ``image/png`` bytes (the uploaded PNG, else
    an identicon drawn from the client id)."""
    require_account(ctx)
    cid = str_param(ctx, "clientId")
    _client_exists(ctx, cid)
    png = w(ctx).oauth_thumbnails.get(cid) or identicon_png(cid)
    return Reply(200, png, {"Content-Type": "image/png"})


@routes.put("/account/oauth-clients/{clientId}/thumbnail")
def put_client_thumbnail(ctx: Ctx) -> dict[str, Any]:
    """Upload a thumbnail: the request body is the PNG itself (``Content-Type: image/png``)."""
    require_account(ctx, write=True)
    _client_exists(ctx, str_param(ctx, "clientId"))
    data = ctx.body
    if not isinstance(data, bytes | bytearray) or not is_png(bytes(data)):
        raise ApiError(400, "Thumbnail must be a PNG image")
    if len(data) > 1_000_000:
        raise ApiError(400, "Thumbnail must be smaller than 1 MB")
    w(ctx).oauth_thumbnails[str_param(ctx, "clientId")] = bytes(data)
    return {}
