"""Account and profile corners the generic handler answered only from the spec's examples, made
stateful as the real API behaves (API-NOTES; spec 4.189.0 descriptions):

* payment methods: the default one cannot be deleted; make-default moves the flag;
* service transfers: the token is returned (the transfer's id); only pending transfers are
  cancelled (by the sender) or accepted (by the receiving account, never the sender);
* OAuth clients: the secret only in the create and reset-secret answers, ``<REDACTED>`` elsewhere;
* child accounts and their proxy tokens (15 minutes); agreements and their acknowledgement;
* security questions (three distinct answers), phone number verification (a code sent, then
  verified), Managed credentials (username/password never returned), Managed SSH settings.

State lives in ``world.account_extra`` (seeded on first use)."""

from __future__ import annotations

import copy
from typing import Any

from linode_tui.sim.framework import ApiError, Ctx, Listing, field_error, not_found, routes
from linode_tui.sim.handlers._common import (
    body,
    get_or_404,
    listing,
    require_account,
    require_unrestricted,
    str_param,
    user,
    w,
)
from linode_tui.sim.handlers.profile import _profile
from linode_tui.sim.seed import hex_id
from linode_tui.sim.world import World

REDACTED = "<REDACTED>"


def _me(ctx: Ctx) -> str:
    return ctx.token.username or "demo-user"


def _extra(world: World, key: str, seed: Any) -> Any:
    if key not in world.account_extra:
        world.account_extra[key] = seed() if callable(seed) else copy.deepcopy(seed)
    return world.account_extra[key]


# ------------------------------------------------------------------------------------ payment methods
def payment_methods(world: World) -> dict[int, dict[str, Any]]:
    def seed() -> dict[int, dict[str, Any]]:
        return {
            501: {
                "id": 501,
                "type": "credit_card",
                "is_default": True,
                "created": "2023-04-11T09:12:00",
                "data": {"card_type": "Visa", "last_four": "1234", "expiry": "12/2028"},
            },
            502: {
                "id": 502,
                "type": "credit_card",
                "is_default": False,
                "created": "2024-07-02T16:40:00",
                "data": {"card_type": "MasterCard", "last_four": "9876", "expiry": "03/2027"},
            },
            503: {
                "id": 503,
                "type": "paypal",
                "is_default": False,
                "created": "2025-01-20T11:05:00",
                "data": {"email": "billing@example.com", "paypal_id": "ABCDEFG123"},
            },
        }

    pms: dict[int, dict[str, Any]] = _extra(world, "payment_methods", seed)
    return pms


@routes.get("/account/payment-methods")
def list_payment_methods(ctx: Ctx) -> Listing:
    require_account(ctx)
    return listing(payment_methods(w(ctx)).values())


@routes.get("/account/payment-methods/{paymentMethodId}")
def get_payment_method(ctx: Ctx) -> dict[str, Any]:
    require_account(ctx)
    pm: dict[str, Any] = get_or_404(payment_methods(w(ctx)), ctx.params.get("paymentMethodId"))
    return pm


def card_type(number: str) -> str:
    if number.startswith("4"):
        return "Visa"
    if number[:2] in {"51", "52", "53", "54", "55"} or "2221" <= number[:4] <= "2720":
        return "MasterCard"
    if number[:2] in {"34", "37"}:
        return "American Express"
    if number.startswith("6011") or number.startswith("65"):
        return "Discover"
    return "Credit Card"


@routes.post("/account/payment-methods")
def add_payment_method(ctx: Ctx) -> dict[str, Any]:
    """Adds a credit card (the only type the API takes here); it answers ``{}`` like the real API."""
    require_account(ctx, write=True)
    b = body(ctx)
    if b.get("type") != "credit_card":
        raise field_error("type", "type must be credit_card")
    if not isinstance(b.get("is_default"), bool):
        raise field_error("is_default", "is_default is required")
    data = b.get("data")
    if not isinstance(data, dict):
        raise field_error("data", "data is required")
    number = str(data.get("card_number", "")).replace(" ", "")
    if not (number.isdigit() and 13 <= len(number) <= 23):
        raise field_error("data.card_number", "Credit card number must be between 13 and 23 digits")
    month, year = data.get("expiry_month"), data.get("expiry_year")
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise field_error("data.expiry_month", "Expiration month must be between 1 and 12")
    this_year = int(w(ctx).iso()[:4])
    if not isinstance(year, int) or len(str(year)) != 4 or year < this_year:
        raise field_error("data.expiry_year", "Expiration year must be a four-digit year, not in the past")
    cvv = str(data.get("cvv", ""))
    if not (cvv.isdigit() and 3 <= len(cvv) <= 4):
        raise field_error("data.cvv", "CVV must be 3 or 4 digits")
    pms = payment_methods(w(ctx))
    new_id = max(pms, default=500) + 1
    if b["is_default"]:
        for other in pms.values():
            other["is_default"] = False
    pms[new_id] = {
        "id": new_id,
        "type": "credit_card",
        "is_default": b["is_default"],
        "created": w(ctx).iso(),
        "data": {"card_type": card_type(number), "last_four": number[-4:], "expiry": f"{month:02d}/{year}"},
    }
    return {}


@routes.post("/account/payment-methods/{paymentMethodId}/make-default")
def make_default(ctx: Ctx) -> dict[str, Any]:
    require_account(ctx, write=True)
    pms = payment_methods(w(ctx))
    pm = get_or_404(pms, ctx.params.get("paymentMethodId"))
    for other in pms.values():
        other["is_default"] = other is pm
    return {}


@routes.delete("/account/payment-methods/{paymentMethodId}")
def delete_payment_method(ctx: Ctx) -> dict[str, Any]:
    require_account(ctx, write=True)
    pms = payment_methods(w(ctx))
    pm = get_or_404(pms, ctx.params.get("paymentMethodId"))
    if pm["is_default"]:
        raise ApiError(400, "You cannot delete your default payment method.")
    del pms[pm["id"]]
    return {}


# ---------------------------------------------------------------------------------- service transfers
TRANSFER_KINDS = {"linodes": "linodes"}


def transfers(world: World) -> dict[str, dict[str, Any]]:
    def seed() -> dict[str, dict[str, Any]]:
        lid = next(iter(world.linodes), None)
        token = "123E4567-E89B-12D3-A456-426614174000"
        return {
            token: {
                "token": token,
                "status": "completed",
                "entities": {"linodes": [lid] if lid is not None else []},
                "is_sender": True,
                "created": "2024-11-02T10:00:00",
                "updated": "2024-11-02T14:30:00",
                "expiry": "2024-11-03T10:00:00",
            }
        }

    out: dict[str, dict[str, Any]] = _extra(world, "transfers", seed)
    return out


def incoming_transfers(world: World) -> dict[str, dict[str, Any]]:
    """Transfers another account created for this one: known by their token only (the sender
    gives it), listed here once accepted."""

    def seed() -> dict[str, dict[str, Any]]:
        token = "7a1c0e2b-5d3f-4a8e-9b61-2f4c8d0e1a37"
        return {
            token: {
                "token": token,
                "status": "pending",
                "entities": {"linodes": [90001]},
                "is_sender": False,
                "created": "2026-01-01T09:00:00",
                "updated": "2026-01-01T09:00:00",
                "expiry": "2099-01-01T09:00:00",
            }
        }

    out: dict[str, dict[str, Any]] = _extra(world, "incoming_transfers", seed)
    return out


@routes.get("/account/service-transfers")
def list_transfers(ctx: Ctx) -> Listing:
    require_account(ctx)
    return listing(reversed(list(transfers(w(ctx)).values())))


def _transfer(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    token = str_param(ctx, "token")
    found = transfers(world).get(token) or incoming_transfers(world).get(token)
    if found is None:
        raise not_found()
    return found


@routes.get("/account/service-transfers/{token}")
def get_transfer(ctx: Ctx) -> dict[str, Any]:
    require_account(ctx)
    return _transfer(ctx)


@routes.post("/account/service-transfers")
def create_transfer(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    world = w(ctx)
    entities = ctx.json_field("entities", required=True, type_=dict)
    linodes = entities.get("linodes")
    if not isinstance(linodes, list) or not linodes:
        raise field_error("entities.linodes", "At least one Linode must be transferred")
    pending = {
        lid for t in transfers(world).values() if t["status"] == "pending" for lid in t["entities"]["linodes"]
    }
    for lid in linodes:
        if not isinstance(lid, int) or lid not in world.linodes:
            raise field_error("entities.linodes", f"Linode {lid} not found")
        if lid in pending:
            raise field_error("entities.linodes", f"Linode {lid} is already part of a pending transfer")
    n = world.next_id("service_transfer", 0)
    raw = hex_id(world.rng_for(n, 77), 32)
    token = f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:32]}".upper()
    now = world.now()
    t = {
        "token": token,
        "status": "pending",
        "entities": {"linodes": list(linodes)},
        "is_sender": True,
        "created": world.iso(now),
        "updated": world.iso(now),
        "expiry": world.iso(now + 86400),
    }
    transfers(world)[token] = t
    world.add_event("entity_transfer_create", None, username=user(ctx))
    return t


@routes.delete("/account/service-transfers/{token}")
def cancel_transfer(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    t = _transfer(ctx)
    if not t["is_sender"]:
        raise ApiError(403, "Only the account that created a transfer can cancel it.")
    if t["status"] != "pending":
        raise ApiError(400, f"Only pending transfers can be canceled; this one is {t['status']}.")
    t["status"] = "canceled"
    t["updated"] = w(ctx).iso()
    w(ctx).add_event("entity_transfer_cancel", None, username=user(ctx))
    return {}


@routes.post("/account/service-transfers/{token}/accept")
def accept_transfer(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    world = w(ctx)
    t = _transfer(ctx)
    if t["is_sender"]:
        raise ApiError(400, "You cannot accept a transfer your own account created.")
    if t["status"] != "pending":
        raise ApiError(400, f"Only pending transfers can be accepted; this one is {t['status']}.")
    t["status"] = "accepted"
    t["updated"] = world.iso()
    transfers(world)[t["token"]] = t
    world.add_event("entity_transfer_accept", None, username=user(ctx))
    return {}


# -------------------------------------------------------------------------------------- OAuth clients
def oauth_clients(world: World) -> dict[str, dict[str, Any]]:
    def seed() -> dict[str, dict[str, Any]]:
        cid = "2737bf16b39ab5d7b4a1"
        return {
            cid: {
                "id": cid,
                "label": "grafana-sso",
                "redirect_uri": "https://grafana.example.com/login/linode",
                "public": False,
                "status": "active",
                "secret": hex_id(world.rng_for(1, 78), 64),
                "thumbnail_url": f"https://api.linode.com/v4/account/oauth-clients/{cid}/thumbnail",
            }
        }

    out: dict[str, dict[str, Any]] = _extra(world, "oauth_clients", seed)
    return out


def _shown(c: dict[str, Any]) -> dict[str, Any]:
    return {**c, "secret": REDACTED}


def _client(ctx: Ctx) -> dict[str, Any]:
    c: dict[str, Any] = get_or_404(oauth_clients(w(ctx)), str_param(ctx, "clientId"))
    return c


def _client_fields(b: dict[str, Any], *, create: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "label" in b or create:
        label = b.get("label")
        if not isinstance(label, str) or not 1 <= len(label) <= 512:
            raise field_error("label", "Length must be 1-512 characters")
        out["label"] = label
    if "redirect_uri" in b or create:
        uri = b.get("redirect_uri")
        if not isinstance(uri, str) or not uri.startswith(
            ("https://", "http://localhost", "http://127.0.0.1")
        ):
            raise field_error("redirect_uri", "redirect_uri must be an https:// URL (or http://localhost)")
        out["redirect_uri"] = uri
    if "public" in b:
        if not isinstance(b["public"], bool):
            raise field_error("public", "public must be a boolean")
        out["public"] = b["public"]
    return out


@routes.get("/account/oauth-clients")
def list_clients(ctx: Ctx) -> Listing:
    require_account(ctx)
    return listing(_shown(c) for c in oauth_clients(w(ctx)).values())


@routes.get("/account/oauth-clients/{clientId}")
def get_client(ctx: Ctx) -> dict[str, Any]:
    require_account(ctx)
    return _shown(_client(ctx))


@routes.post("/account/oauth-clients")
def create_client(ctx: Ctx) -> dict[str, Any]:
    require_account(ctx, write=True)
    world = w(ctx)
    fields = _client_fields(body(ctx), create=True)
    n = world.next_id("oauth_client", 0)
    cid = hex_id(world.rng_for(n, 79), 20)
    c = {
        "id": cid,
        "public": False,
        **fields,
        "status": "active",
        "secret": hex_id(world.rng_for(n, 80), 64),
        "thumbnail_url": f"https://api.linode.com/v4/account/oauth-clients/{cid}/thumbnail",
    }
    oauth_clients(world)[cid] = c
    world.add_event("oauth_client_create", None, username=user(ctx))
    return dict(c)  # the only time the secret is shown


@routes.put("/account/oauth-clients/{clientId}")
def update_client(ctx: Ctx) -> dict[str, Any]:
    require_account(ctx, write=True)
    c = _client(ctx)
    c.update(_client_fields(body(ctx), create=False))
    w(ctx).add_event("oauth_client_update", None, username=user(ctx))
    return _shown(c)


@routes.post("/account/oauth-clients/{clientId}/reset-secret")
def reset_secret(ctx: Ctx) -> dict[str, Any]:
    require_account(ctx, write=True)
    world = w(ctx)
    c = _client(ctx)
    c["secret"] = hex_id(world.rng_for(world.next_id("oauth_secret", 0), 81), 64)
    world.add_event("oauth_client_secret_reset", None, username=user(ctx))
    return dict(c)


@routes.delete("/account/oauth-clients/{clientId}")
def delete_client(ctx: Ctx) -> dict[str, Any]:
    require_account(ctx, write=True)
    c = _client(ctx)
    del oauth_clients(w(ctx))[c["id"]]
    w(ctx).oauth_thumbnails.pop(c["id"], None)
    w(ctx).add_event("oauth_client_delete", None, username=user(ctx))
    return {}


# ------------------------------------------------------------------------------------- child accounts
def child_accounts(world: World) -> dict[str, dict[str, Any]]:
    def seed() -> dict[str, dict[str, Any]]:
        euuid = "A1BC2DEF-34GH-567I-J890KLMN12O34P56"
        return {
            euuid: {
                "euuid": euuid,
                "company": "Acme Reseller Client",
                "email": "ops@acme-client.example",
                "first_name": "Jo",
                "last_name": "Client",
                "country": "US",
                "state": "PA",
                "city": "Philadelphia",
                "address_1": "249 Arch St",
                "address_2": "",
                "zip": "19106",
                "phone": "215-555-0100",
                "balance": 0,
                "balance_uninvoiced": 12.5,
                "active_since": "2024-02-01T00:00:00",
                "capabilities": ["Linodes", "NodeBalancers", "Block Storage", "Object Storage"],
                "credit_card": {"last_four": "4242", "expiry": "06/2029"},
                "billing_source": "linode",
                "active_promotions": [],
                "tax_id": "",
            }
        }

    out: dict[str, dict[str, Any]] = _extra(world, "child_accounts", seed)
    return out


def _child(ctx: Ctx) -> dict[str, Any]:
    c: dict[str, Any] = get_or_404(child_accounts(w(ctx)), str_param(ctx, "euuid"))
    return c


@routes.get("/account/child-accounts", scopes=("child_account:read_only",))
def list_children(ctx: Ctx) -> Listing:
    require_unrestricted(ctx)
    return listing(child_accounts(w(ctx)).values())


@routes.get("/account/child-accounts/{euuid}", scopes=("child_account:read_only",))
def get_child(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    return _child(ctx)


@routes.post("/account/child-accounts/{euuid}/token", scopes=("child_account:read_write",))
def child_token(ctx: Ctx) -> dict[str, Any]:
    """A proxy user token on the child account: full scopes, valid for 15 minutes."""
    require_unrestricted(ctx)
    world = w(ctx)
    child = _child(ctx)
    tid = world.next_id("proxy_token", 900)
    now = world.now()
    tokens: dict[int, dict[str, Any]] = _extra(world, "proxy_tokens", {})
    tok = {
        "id": tid,
        "label": f"{user(ctx) or 'parent'}_{child['euuid'][:4]}_{world.iso(now)}",
        "scopes": "*",
        "created": world.iso(now),
        "expiry": world.iso(now + 900),
    }
    tokens[tid] = {**tok, "euuid": child["euuid"]}
    return {**tok, "token": hex_id(world.rng_for(tid, 82), 64)}


# ----------------------------------------------------------------------------------------- agreements
AGREEMENTS = ("eu_model", "privacy_policy", "billing_agreement", "master_service_agreement")


def agreements(world: World) -> dict[str, bool]:
    seed = {
        "eu_model": False,
        "privacy_policy": True,
        "billing_agreement": True,
        "master_service_agreement": False,
    }
    out: dict[str, bool] = _extra(world, "agreements", seed)
    return out


@routes.get("/account/agreements")
def get_agreements(ctx: Ctx) -> dict[str, Any]:
    require_account(ctx)
    return dict(agreements(w(ctx)))


@routes.post("/account/agreements")
def ack_agreements(ctx: Ctx) -> dict[str, Any]:
    require_account(ctx, write=True)
    current = agreements(w(ctx))
    for name, value in body(ctx).items():
        if name not in AGREEMENTS:
            continue
        if not isinstance(value, bool):
            raise field_error(name, f"{name} must be a boolean")
        if value:  # an acknowledgement cannot be withdrawn
            current[name] = True
    return {}


# --------------------------------------------------------------------------------- security questions
QUESTIONS = (
    "In what city were you born?",
    "What was the name of your first pet?",
    "What was the make of your first car?",
    "What is the name of the street you grew up on?",
    "What was the name of your elementary school?",
    "What is your oldest sibling's middle name?",
    "In what city did your parents meet?",
)


def security_answers(world: World, username: str) -> dict[int, str]:
    store: dict[str, dict[int, str]] = _extra(world, "security_answers", {})
    return store.setdefault(username, {})


@routes.get("/profile/security-questions")
def get_questions(ctx: Ctx) -> dict[str, Any]:
    return _questions(ctx)


def _questions(ctx: Ctx) -> dict[str, Any]:
    answers = security_answers(w(ctx), _me(ctx))
    return {
        "security_questions": [
            {"id": i, "question": q, "response": answers.get(i)} for i, q in enumerate(QUESTIONS, start=1)
        ]
    }


@routes.post("/profile/security-questions")
def answer_questions(ctx: Ctx) -> dict[str, Any]:
    entries = ctx.json_field("security_questions", required=True, type_=list)
    if len(entries) != 3:
        raise field_error("security_questions", "Exactly three security questions must be answered")
    seen: set[int] = set()
    new: dict[int, str] = {}
    for i, e in enumerate(entries):
        qid = e.get("question_id") if isinstance(e, dict) else None
        if not isinstance(qid, int) or not 1 <= qid <= len(QUESTIONS):
            raise field_error(f"security_questions[{i}].question_id", "question_id is not valid")
        if qid in seen:
            raise field_error(f"security_questions[{i}].question_id", "Each question may be answered once")
        seen.add(qid)
        response = e.get("response")
        if not isinstance(response, str) or not 3 <= len(response.strip()) <= 17:
            raise field_error(f"security_questions[{i}].response", "Answers must be 3-17 characters")
        new[qid] = response.strip()
    answers = security_answers(w(ctx), _me(ctx))
    answers.clear()
    answers.update(new)
    return _questions(ctx)


# --------------------------------------------------------------------------------------- phone number
def phone_state(world: World, username: str) -> dict[str, Any]:
    store: dict[str, dict[str, Any]] = _extra(world, "phone", {})
    return store.setdefault(username, {"pending": None, "code": None})


@routes.post("/profile/phone-number")
def send_phone_code(ctx: Ctx) -> dict[str, Any]:
    """Sends a one-time code by SMS to the number (the simulator keeps it in its state)."""
    world = w(ctx)
    iso = ctx.json_field("iso_code", required=True, type_=str)
    number = ctx.json_field("phone_number", required=True, type_=str)
    if len(iso) != 2 or not iso.isalpha():
        raise field_error("iso_code", "iso_code must be a two-letter country code")
    digits = "".join(ch for ch in number if ch.isdigit())
    if not 7 <= len(digits) <= 15:
        raise field_error("phone_number", "phone_number is not a valid phone number")
    n = world.next_id("phone_code", 0)
    code = str(100000 + world.rng_for(n, 83).randrange(900000))
    state = phone_state(world, _me(ctx))
    state.update(pending=f"{iso.upper()} {number}", code=code)
    return {}


@routes.post("/profile/phone-number/verify")
def verify_phone(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    otp = ctx.json_field("otp_code", required=True, type_=str)
    state = phone_state(world, _me(ctx))
    if not state.get("code"):
        raise ApiError(400, "No verification code was sent: send one first.")
    if otp.strip() != state["code"]:
        raise field_error("otp_code", "Invalid verification code")
    _profile(ctx)["verified_phone_number"] = state["pending"]
    state.update(code=None)
    return {}


@routes.delete("/profile/phone-number")
def delete_phone(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    _profile(ctx)["verified_phone_number"] = None
    phone_state(world, _me(ctx)).update(pending=None, code=None)
    return {}
