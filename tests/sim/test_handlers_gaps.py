"""Area handlers added for the operations the union mutation walk found answered generically
(issue 9): each one's effect shows in a later GET, like the real API's."""

from __future__ import annotations

from typing import Any

import pytest

from linode_tui.sim import create_sim


@pytest.fixture
def sim() -> Any:
    return create_sim(frozen=True, linodes=12)


def running(sim: Any) -> dict[str, Any]:
    return dict(
        next(
            x
            for x in sim.world.linodes.values()
            if x["status"] == "running" and x["lke_cluster_id"] is None and "fail" not in x["label"]
        )
    )


def mutations(sim: Any) -> list[tuple[str, str, int]]:
    return [(r.method, r.path, r.status) for r in sim.app.request_log if r.method != "GET"]


# ------------------------------------------------------------------------------------------ two-factor auth
async def test_two_factor_auth_is_enabled_by_a_confirmed_code_and_disabled(sim: Any) -> None:
    from linode_tui.sim.handlers.profile import totp

    async with sim.http_client() as c:
        already = await c.post("/profile/tfa-enable")  # the seed's demo-user has TFA on
        off = await c.post("/profile/tfa-disable")
        profile_off = (await c.get("/profile")).json()
        unconfirmed = await c.post("/profile/tfa-enable-confirm", json={"tfa_code": "123456"})
        secret = (await c.post("/profile/tfa-enable")).json()
        still_off = (await c.get("/profile")).json()
        wrong = await c.post("/profile/tfa-enable-confirm", json={"tfa_code": "000000"})
        code = totp(secret["secret"], sim.world.now())
        ok = await c.post("/profile/tfa-enable-confirm", json={"tfa_code": code})
        profile_on = (await c.get("/profile")).json()
        events = [e["action"] for e in (await c.get("/account/events")).json()["data"]]
    assert already.status_code == 400
    assert off.status_code == 200 and profile_off["two_factor_auth"] is False
    assert unconfirmed.status_code == 400  # no secret pending
    assert set(secret) == {"secret", "expiry"} and still_off["two_factor_auth"] is False
    assert wrong.status_code == 400 and wrong.json()["errors"][0]["field"] == "tfa_code"
    assert ok.status_code == 200 and ok.json()["scratch"]
    assert profile_on["two_factor_auth"] is True and sim.world.users["demo-user"]["tfa_enabled"] is True
    assert events[:2] == ["tfa_enabled", "tfa_disabled"]
    assert mutations(sim) == [
        ("POST", "/profile/tfa-enable", 400),
        ("POST", "/profile/tfa-disable", 200),
        ("POST", "/profile/tfa-enable-confirm", 400),
        ("POST", "/profile/tfa-enable", 200),
        ("POST", "/profile/tfa-enable-confirm", 400),
        ("POST", "/profile/tfa-enable-confirm", 200),
    ]


def test_totp_matches_rfc_6238() -> None:
    import base64

    from linode_tui.sim.handlers.profile import totp

    secret = base64.b32encode(b"12345678901234567890").decode()  # RFC 6238 appendix B, SHA-1
    assert totp(secret, 59) == "287082" and totp(secret, 1111111109) == "081804"


# ------------------------------------------------------------------------------------------ account
async def test_a_promo_code_is_applied_once_to_a_young_account(sim: Any) -> None:
    async with sim.http_client() as c:
        old = await c.post("/account/promo-codes", json={"promo_code": "WELCOME-100"})
        sim.world.account["active_since"] = sim.world.iso(sim.world.now() - 10 * 86400)
        unknown = await c.post("/account/promo-codes", json={"promo_code": "NOPE"})
        ok = await c.post("/account/promo-codes", json={"promo_code": "welcome-100"})
        twice = await c.post("/account/promo-codes", json={"promo_code": "WELCOME-100"})
        account = (await c.get("/account")).json()
    for refused in (old, unknown, twice):
        assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "promo_code"
    assert "90 days" in old.json()["errors"][0]["reason"]
    assert ok.status_code == 200 and account["active_promotions"] == [ok.json()]
    assert ok.json()["summary"].startswith("$100")


async def test_a_credit_card_replaces_the_accounts_card(sim: Any) -> None:
    card = {"card_number": "4111111111111111", "cvv": "123", "expiry_month": 3, "expiry_year": 2031}
    async with sim.http_client() as c:
        luhn = await c.post("/account/credit-card", json={**card, "card_number": "4111111111111112"})
        expired = await c.post("/account/credit-card", json={**card, "expiry_year": 2020})
        untyped = await c.post("/account/credit-card", json={**card, "expiry_month": "3"})
        ok = await c.post("/account/credit-card", json={**card, "card_number": "5555555555554444"})
        account = (await c.get("/account")).json()
        methods = (await c.get("/account/payment-methods")).json()["data"]
    assert [r.json()["errors"][0]["field"] for r in (luhn, expired, untyped)] == [
        "card_number",
        "expiry_year",
        "expiry_month",
    ]
    assert ok.status_code == 200 and account["credit_card"] == {"last_four": "4444", "expiry": "03/2031"}
    default = [m for m in methods if m["is_default"]]
    assert [m["data"]["last_four"] for m in default] == ["4444"] and default[0]["data"][
        "card_type"
    ] == "MasterCard"


async def test_managed_is_enabled_once(sim: Any) -> None:
    async with sim.http_client() as c:
        again = await c.post("/account/settings/managed-enable")
        sim.world.account_settings["managed"] = False
        ok = await c.post("/account/settings/managed-enable")
        settings = (await c.get("/account/settings")).json()
    assert again.status_code == 400
    assert ok.status_code == 200 and settings["managed"] is True


# ------------------------------------------------------------------------------------------ object storage
def bucket_with_objects(sim: Any) -> tuple[str, str, str]:
    (region, label), objs = next((k, v) for k, v in sim.world.bucket_objects.items() if v)
    return region, label, objs[0]["name"]


async def test_an_objects_acl_is_its_own_once_set(sim: Any) -> None:
    region, label, name = bucket_with_objects(sim)
    base = f"/object-storage/buckets/{region}/{label}/object-acl"
    async with sim.http_client() as c:
        before = (await c.get(base, params={"name": name})).json()
        missing = await c.put(base, json={"acl": "authenticated-read", "name": "no-such-object"})
        custom = await c.put(base, json={"acl": "custom", "name": name})
        ok = await c.put(base, json={"acl": "authenticated-read", "name": name})
        after = (await c.get(base, params={"name": name})).json()
        bucket_acl = (await c.get(f"/object-storage/buckets/{region}/{label}/access")).json()["acl"]
    assert before["acl"] == bucket_acl != "authenticated-read"  # the bucket's until set
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "name"
    assert custom.status_code == 400 and custom.json()["errors"][0]["field"] == "acl"
    assert ok.status_code == 200 and after["acl"] == "authenticated-read" == ok.json()["acl"]
    assert bucket_acl == sim.world.bucket_access[(region, label)]["acl"]  # the bucket's is unchanged


async def test_a_buckets_certificate_is_uploaded_and_deleted(sim: Any) -> None:
    region, label, _ = bucket_with_objects(sim)
    base = f"/object-storage/buckets/{region}/{label}/ssl"
    pem = {
        "certificate": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        "private_key": "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----",
    }
    async with sim.http_client() as c:
        not_pem = await c.post(base, json={**pem, "certificate": "hello"})
        up = await c.post(base, json=pem)
        shown = (await c.get(base)).json()
        twice = await c.post(base, json=pem)
        gone = await c.delete(base)
        after = (await c.get(base)).json()
        none_left = await c.delete(base)
    assert not_pem.status_code == 400 and not_pem.json()["errors"][0]["field"] == "certificate"
    assert up.status_code == 200 and shown == {"ssl": True}
    assert twice.status_code == 400
    assert gone.status_code == 200 and after == {"ssl": False} and none_left.status_code == 404


async def test_cancelling_object_storage_removes_every_bucket(sim: Any) -> None:
    assert sim.world.buckets
    async with sim.http_client() as c:
        ok = await c.post("/object-storage/cancel")
        buckets = (await c.get("/object-storage/buckets")).json()
        settings = (await c.get("/account/settings")).json()
        again = await c.post("/object-storage/cancel")
    assert ok.status_code == 200 and buckets["results"] == 0
    assert settings["object_storage"] == "disabled" and again.status_code == 400


# ------------------------------------------------------------------------------------------ IPv4
async def test_an_ipv4_address_is_allocated_through_networking(sim: Any) -> None:
    linode = running(sim)
    async with sim.http_client() as c:
        nobody = await c.post("/networking/ips", json={"type": "ipv4", "public": True})
        reserved = await c.post(
            "/networking/ips",
            json={"type": "ipv4", "public": True, "reserved": True, "linode_id": linode["id"]},
        )
        ips = (await c.get(f"/linode/instances/{linode['id']}/ips")).json()
        listed = (await c.get("/networking/reserved/ips", params={"page_size": 500})).json()["data"]
    assert nobody.status_code == 400 and nobody.json()["errors"][0]["field"] == "linode_id"
    assert reserved.status_code == 200, reserved.text
    address = reserved.json()["address"]
    assert reserved.json()["linode_id"] == linode["id"] and reserved.json()["reserved"] is True
    assert address in [ip["address"] for ip in ips["ipv4"]["public"]]
    assert address in [r["address"] for r in listed]


# ------------------------------------------------------------------------------------------ support
async def test_a_file_is_attached_to_a_ticket(sim: Any) -> None:
    tid = next(t for t, v in sim.world.tickets.items() if v["status"] != "closed")
    path = f"/support/tickets/{tid}/attachments"
    async with sim.http_client() as c:
        as_json = await c.post(path, json={"file": "boot.log"})
        empty = await c.post(path, files={"file": ("empty.txt", b"")})
        ok = await c.post(path, files={"file": ("boot.txt", b"kernel: panic\n", "text/plain")})
        ticket = (await c.get(f"/support/tickets/{tid}")).json()
    assert as_json.status_code == 400 and as_json.json()["errors"][0]["field"] == "file"
    assert empty.status_code == 400 and empty.json()["errors"][0]["field"] == "file"
    assert ok.status_code == 200 and ticket["attachments"][-1] == "boot.txt"
    assert ticket["attachments"].count("boot.txt") == 1


# ------------------------------------------------------------------------------------------ billing
async def test_a_paypal_payment_is_staged_then_executed(sim: Any) -> None:
    urls = {"redirect_url": "https://example.com/ok", "cancel_url": "https://example.com/no"}
    async with sim.http_client() as c:
        before = (await c.get("/account")).json()["balance"]
        small = await c.post("/account/payments/paypal", json={**urls, "usd": "1.00"})
        staged = (await c.post("/account/payments/paypal", json={**urls, "usd": "25.00"})).json()
        unknown = await c.post(
            "/account/payments/paypal/execute", json={"payer_id": "P", "payment_id": "PAY-X"}
        )
        done = await c.post(
            "/account/payments/paypal/execute", json={"payer_id": "P", "payment_id": staged["payment_id"]}
        )
        again = await c.post(
            "/account/payments/paypal/execute", json={"payer_id": "P", "payment_id": staged["payment_id"]}
        )
        account = (await c.get("/account")).json()
        payments = (await c.get("/account/payments", params={"page_size": 500})).json()["data"]
    assert small.status_code == 400 and small.json()["errors"][0]["field"] == "usd"
    assert unknown.status_code == 400 and again.status_code == 400
    assert done.status_code == 200 and account["balance"] == round(before - 25, 2)
    assert 25.0 in [p["usd"] for p in payments]


async def test_tfa_optional_users_are_replaced(sim: Any) -> None:
    async with sim.http_client() as c:
        unknown = await c.put("/account/tfa-optional-users", json={"usernames": ["intern", "nobody"]})
        ok = await c.put("/account/tfa-optional-users", json={"usernames": ["intern", "ops-bot"]})
        listed = (await c.get("/account/tfa-optional-users")).json()["data"]
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "usernames[1]"
    assert ok.json()["tfa_optional_users_count"] == 2
    assert [u["username"] for u in listed] == ["intern", "ops-bot"]


async def test_a_cancelled_account_answers_no_more_requests(sim: Any) -> None:
    async with sim.http_client() as c:
        ok = await c.post("/account/cancel", json={"comments": "moving on"})
        after = await c.get("/profile")
    assert ok.status_code == 200 and ok.json()["survey_link"].startswith("https://")
    assert after.status_code == 401 and after.json()["errors"][0]["reason"] == "Invalid Token"
