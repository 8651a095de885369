"""Account, billing, profile and Managed workflows end to end: what is sent (the simulator's
request log), what the account holds after, and what the user sees (secrets once, masked)."""

from __future__ import annotations

from typing import Any

import pytest

from linode_tui.core.registry import AREAS
from linode_tui.sim.handlers.billing import incoming_transfers, oauth_clients, payment_methods, transfers
from linode_tui.ui.dialogs import ConfirmDialog, FormDialog, SecretDialog, TypeToConfirmDialog
from linode_tui.ui.views.grants import GrantsView
from tests.helpers import form_shown, mutations, press_confirm, select_row, until, wait_rows

AREA_BY_KEY = {a.key: a for a in AREAS}




async def _secret_shown_once(pilot: Any, app: Any, secret: str) -> None:
    """The secret dialog: masked until ctrl+r, then shown; closed with escape."""
    await until(
        pilot, lambda: isinstance(app.screen, SecretDialog) and app.screen.query("#secret"), "the secret"
    )
    dialog = app.screen
    assert dialog.reveal.secret == secret
    assert secret not in str(dialog.query_one("#secret").render())
    await pilot.press("ctrl+r")
    assert secret in str(dialog.query_one("#secret").render())
    await pilot.press("escape")
    await until(pilot, lambda: not isinstance(app.screen, SecretDialog), "the dialog closing")


async def test_payment_method_masked_make_default_and_typed_delete(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="paymethods")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 3)
        assert view.area.columns[2].compute is not None
        assert view.area.columns[2].compute(view.rows[501]) == "Visa •••• 1234, exp 12/28"
        delete = view.area.action("delete")
        reason = app.services.verdict(view.area, delete, [view.rows[501]]).reason or ""
        assert "default payment method cannot be deleted" in reason
        await select_row(pilot, view, 502)
        await pilot.press("D")
        await press_confirm(pilot, app)
        await until(pilot, lambda: payment_methods(sim.world)[502]["is_default"], "the new default")
        assert not payment_methods(sim.world)[501]["is_default"]
        await until(pilot, lambda: view.rows[502]["is_default"], "the row refreshed")
        await select_row(pilot, view, 501)
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the typed confirmation")
        assert app.screen.expected == "Visa 1234"
        app.screen.query_one("#typed").value = "Visa 1234"
        await pilot.press("enter")
        await until(pilot, lambda: 501 not in payment_methods(sim.world), "deleted")
        assert mutations(sim) == [
            ("POST", "/account/payment-methods/502/make-default"),
            ("DELETE", "/account/payment-methods/501"),
        ]


async def test_service_transfer_create_token_once_cancel_and_receive(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="transfers")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        before = set(transfers(sim.world))
        lids = list(sim.world.linodes)[:2]
        await pilot.press("n")
        form = await form_shown(pilot, app)
        picker = form.query_one("#f-entities_linodes")
        await until(pilot, lambda: picker.option_count >= 2, "the Linodes to pick")
        await until(pilot, lambda: picker.has_focus and picker.highlighted == 0, "the first one highlighted")
        await pilot.press("space", "down", "space")  # as a user picks them: space ticks at once
        assert sorted(picker.selected) == sorted(lids)
        form.action_submit()
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        body = app.screen.body
        assert all(sim.world.linodes[lid]["label"] in body for lid in lids), body  # named, not numbered
        assert not any(str(lid) in body for lid in lids), body
        await press_confirm(pilot, app)
        await until(pilot, lambda: set(transfers(sim.world)) - before, "the transfer made")
        (token,) = set(transfers(sim.world)) - before
        assert transfers(sim.world)[token]["entities"] == {"linodes": lids}
        await _secret_shown_once(pilot, app, token)
        await until(pilot, lambda: token in view.rows, "listed")
        assert token not in str(view.area.label_of(view.rows[token]))
        await select_row(pilot, view, token)
        await pilot.press("ctrl+d")
        await press_confirm(pilot, app)
        await until(pilot, lambda: transfers(sim.world)[token]["status"] == "canceled", "canceled")
        await until(pilot, lambda: view.rows[token]["status"] == "canceled", "the row refreshed")
        cancel = view.area.action("cancel")
        assert "only pending" in (app.services.verdict(view.area, cancel, [view.rows[token]]).reason or "")
        (incoming,) = incoming_transfers(sim.world)
        await pilot.press("R")
        form = await form_shown(pilot, app)
        assert form.query_one("#f-token").password  # typed masked
        form.query_one("#f-token").value = incoming
        form.action_submit()
        await press_confirm(pilot, app)
        await until(
            pilot, lambda: incoming_transfers(sim.world)[incoming]["status"] == "accepted", "accepted"
        )
        await until(pilot, lambda: incoming in view.rows, "the received transfer listed")
        assert mutations(sim) == [
            ("POST", "/account/service-transfers"),
            ("DELETE", f"/account/service-transfers/{token}"),
            ("POST", f"/account/service-transfers/{incoming}/accept"),
        ]


async def test_service_transfer_without_linodes_is_refused_at_the_field(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="transfers")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_rows(pilot, app, 1)
        await pilot.press("n")
        form = await form_shown(pilot, app)
        form.action_submit()
        await until(
            pilot, lambda: "Linode" in str(form.query_one("#err-entities_linodes").render()), "the error"
        )
        assert mutations(sim) == []


async def test_oauth_client_create_reset_secret_edit_and_delete(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="oauth")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        before = set(oauth_clients(sim.world))
        await pilot.press("n")
        form = await form_shown(pilot, app)
        form.query_one("#f-label").value = "ci-sso"
        form.query_one("#f-redirect_uri").value = "ftp://nope"
        form.action_submit()
        await until(
            pilot, lambda: "https" in str(form.query_one("#err-redirect_uri").render()), "the API error"
        )
        assert form.query_one("#f-label").value == "ci-sso"  # typed values kept
        form.query_one("#f-redirect_uri").value = "https://ci.example/cb"
        form.action_submit()
        await until(pilot, lambda: set(oauth_clients(sim.world)) - before, "the client made")
        (cid,) = set(oauth_clients(sim.world)) - before
        await _secret_shown_once(pilot, app, oauth_clients(sim.world)[cid]["secret"])
        await until(pilot, lambda: cid in view.rows, "listed")
        assert view.rows[cid]["secret"] == "<REDACTED>"
        old = oauth_clients(sim.world)[cid]["secret"]
        await select_row(pilot, view, cid)
        await pilot.press("X")
        await press_confirm(pilot, app)
        await until(pilot, lambda: oauth_clients(sim.world)[cid]["secret"] != old, "a new secret")
        await _secret_shown_once(pilot, app, oauth_clients(sim.world)[cid]["secret"])
        await pilot.press("E")
        form = await form_shown(pilot, app)
        assert form.query_one("#f-redirect_uri").value == "https://ci.example/cb"
        form.query_one("#f-label").value = "ci-sso-2"
        form.action_submit()
        await until(pilot, lambda: oauth_clients(sim.world)[cid]["label"] == "ci-sso-2", "renamed")
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        await until(pilot, lambda: view.rows[cid]["label"] == "ci-sso-2", "the row refreshed")
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the typed confirmation")
        app.screen.query_one("#typed").value = "ci-sso-2"
        await pilot.press("enter")
        await until(pilot, lambda: cid not in oauth_clients(sim.world), "deleted")
        assert mutations(sim) == [
            ("POST", "/account/oauth-clients"),
            ("POST", "/account/oauth-clients"),
            ("POST", f"/account/oauth-clients/{cid}/reset-secret"),
            ("PUT", f"/account/oauth-clients/{cid}"),
            ("DELETE", f"/account/oauth-clients/{cid}"),
        ]


async def test_child_account_proxy_token_shown_once(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="children")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        euuid = next(iter(view.rows))
        await select_row(pilot, view, euuid)
        await pilot.press("T")
        await press_confirm(pilot, app)
        await until(
            pilot, lambda: isinstance(app.screen, SecretDialog) and app.screen.query("#secret"), "the token"
        )
        secret = app.screen.reveal.secret
        assert len(secret) == 64
        assert secret not in str(app.screen.query_one("#secret").render())
        assert sim.world.account_extra["proxy_tokens"]
        assert mutations(sim) == [("POST", f"/account/child-accounts/{euuid}/token")]


async def test_join_a_beta_program_from_the_available_ones(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="betas")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        await pilot.press("n")
        form = await form_shown(pilot, app)
        picker = form.query_one("#f-id")
        await until(pilot, lambda: len(picker._options) > 1, "the programs")
        offered = [v for _, v in picker._options if isinstance(v, str)]
        assert "aclp" in offered and "lke-enterprise" not in offered  # invitation only: not offered
        picker.value = "aclp"
        await pilot.pause()
        form.action_submit()
        await press_confirm(pilot, app)
        await until(pilot, lambda: "aclp" in sim.world.account_extra["betas"], "enrolled")
        await until(pilot, lambda: "aclp" in view.rows, "listed")
        assert mutations(sim) == [("POST", "/account/betas")]


async def test_agreements_acknowledged_only_the_open_ones(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="account")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        await select_row(pilot, view, next(iter(view.rows)))
        await pilot.press("A")
        form = await form_shown(pilot, app)
        assert {f.name for f in form.action_def.form} == {"eu_model", "master_service_agreement"}
        form.query_one("#f-eu_model").value = True
        await pilot.pause()
        form.action_submit()
        await press_confirm(pilot, app)
        await until(pilot, lambda: sim.world.account_extra["agreements"]["eu_model"], "acknowledged")
        assert not sim.world.account_extra["agreements"]["master_service_agreement"]
        assert mutations(sim) == [("POST", "/account/agreements")]


async def test_security_questions_and_phone_verification(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="profile")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        await select_row(pilot, view, next(iter(view.rows)))
        await pilot.press("Q")
        form = await form_shown(pilot, app)
        assert form.query_one("#f-a1").password  # answers typed masked
        for n, (q, a) in enumerate((("1", "Paris"), ("1", "Rex"), ("3", "Volvo")), start=1):
            form.query_one(f"#f-q{n}").value = q
            form.query_one(f"#f-a{n}").value = a
        await pilot.pause()
        form.action_submit()
        await until(pilot, lambda: "different" in str(form.query_one("#err-q2").render()), "the error")
        assert mutations(sim) == [] and form.query_one("#f-a2").value == "Rex"
        form.query_one("#f-q2").value = "2"
        await pilot.pause()
        form.action_submit()
        await until(
            pilot, lambda: sim.world.account_extra["security_answers"].get("demo-user"), "answers saved"
        )
        assert sim.world.account_extra["security_answers"]["demo-user"] == {1: "Paris", 2: "Rex", 3: "Volvo"}
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        await pilot.press("P")
        form = await form_shown(pilot, app)
        form.query_one("#f-phone_number").value = "215-555-0199"
        form.action_submit()
        await until(pilot, lambda: sim.world.account_extra.get("phone"), "the code sent")
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        code = sim.world.account_extra["phone"]["demo-user"]["code"]
        await pilot.press("V")
        form = await form_shown(pilot, app)
        assert form.query_one("#f-otp_code").password
        form.query_one("#f-otp_code").value = "000000"
        form.action_submit()
        await until(
            pilot, lambda: "Invalid" in str(form.query_one("#err-otp_code").render()), "the API error"
        )
        form.query_one("#f-otp_code").value = code
        form.action_submit()
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "verified")
        prof = await app.services.client.get("/profile", force=True)
        assert prof["verified_phone_number"] == "US 215-555-0199"
        assert mutations(sim) == [
            ("POST", "/profile/security-questions"),
            ("POST", "/profile/phone-number"),
            ("POST", "/profile/phone-number/verify"),
            ("POST", "/profile/phone-number/verify"),
        ]


async def test_managed_credential_password_never_shown_and_ssh_access_edit(
    app_factory: Any, sim: Any
) -> None:
    app = app_factory(command="mcreds")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        before = set(sim.world.managed_credentials)
        await pilot.press("n")
        form = await form_shown(pilot, app)
        form.query_one("#f-label").value = "web-root"
        form.query_one("#f-username").value = "root"
        pw = form.query_one("#f-password")
        assert pw.password  # typed masked
        pw.value = "hunter2"  # any password: not a root password rule
        form.action_submit()
        await until(pilot, lambda: set(sim.world.managed_credentials) - before, "added")
        (cid,) = set(sim.world.managed_credentials) - before
        await until(pilot, lambda: cid in view.rows, "listed")
        assert "hunter2" not in repr(view.rows[cid]) and "hunter2" not in repr(sim.world.managed_credentials)
        await select_row(pilot, view, cid)
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the typed confirmation")
        app.screen.query_one("#typed").value = "web-root"
        await pilot.press("enter")
        await until(pilot, lambda: cid not in sim.world.managed_credentials, "revoked")
        assert mutations(sim) == [
            ("POST", "/managed/credentials"),
            ("POST", f"/managed/credentials/{cid}/revoke"),
        ]
        app.open_area(AREA_BY_KEY["mlinodes"])
        await until(pilot, lambda: app.current_view().area.key == "mlinodes", "the SSH settings")
        view = await wait_rows(pilot, app, 1)
        lid = next(iter(view.rows))
        await select_row(pilot, view, lid)
        await pilot.press("E")
        form = await form_shown(pilot, app)
        assert form.query_one("#f-ssh_port").value in ("22", 22)
        form.query_one("#f-ssh_port").value = "70000"
        form.action_submit()
        await until(pilot, lambda: "65535" in str(form.query_one("#err-ssh_port").render()), "the error")
        form.query_one("#f-ssh_port").value = "2222"
        form.query_one("#f-ssh_user").value = "ops"
        form.action_submit()
        await until(pilot, lambda: ("PUT", f"/managed/linode-settings/{lid}") in mutations(sim), "the PUT")
        got = await app.services.client.get(f"/managed/linode-settings/{lid}", force=True)
        assert got["ssh"]["port"] == 2222 and got["ssh"]["user"] == "ops"
        await until(pilot, lambda: view.rows[lid]["ssh"]["port"] == 2222, "the row refreshed")


async def test_trusted_device_and_authorized_app_revoked(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="devices")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 2)
        await select_row(pilot, view, 1201)
        await pilot.press("ctrl+d")
        await press_confirm(pilot, app)
        await until(pilot, lambda: 1201 not in sim.world.account_extra["devices"], "revoked")
        await until(pilot, lambda: 1201 not in view.rows, "the row gone")
        app.open_area(AREA_BY_KEY["apps"])
        await until(pilot, lambda: app.current_view().area.key == "apps", "the apps")
        view = await wait_rows(pilot, app, 1)
        await select_row(pilot, view, 123)
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the typed confirmation")
        app.screen.query_one("#typed").value = "Terraform Cloud"
        await pilot.press("enter")
        await until(pilot, lambda: 123 not in sim.world.apps, "revoked")
        assert mutations(sim) == [("DELETE", "/profile/devices/1201"), ("DELETE", "/profile/apps/123")]


async def test_grants_editor_lists_every_entity_ungranted_as_none(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="users")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 2)
        await select_row(pilot, view, "billing-admin")
        await pilot.press("G")
        await until(pilot, lambda: isinstance(app.current_view(), GrantsView), "the grants editor")
        editor = app.current_view()
        await until(pilot, lambda: editor.loaded and editor.rows, "grants loaded")
        linodes = [r for r in editor.rows.values() if r["kind"] == "linode"]
        assert len(linodes) == len(sim.world.linodes)
        assert all(r["value"] is None for r in linodes)
        volumes = [r for r in editor.rows.values() if r["kind"] == "volume"]
        assert len(volumes) == len(sim.world.volumes)
        from linode_tui.ui.views.grants import value_text

        assert value_text(linodes[0]).plain == "none"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_payment_methods_snapshot(snap_compare: Any, app_factory: Any, size: tuple[int, int]) -> None:
    """The cards masked to their last four digits, the default marked."""

    async def run_before(pilot: Any) -> None:
        app = pilot.app
        for _ in range(300):
            await pilot.pause()
            view = app.current_view()
            if view is not None and getattr(view, "rows", None) and not view.loading:
                break

    assert snap_compare(app_factory(command="paymethods"), terminal_size=size, run_before=run_before)
