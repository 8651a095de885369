"""Profile, API tokens and SSH keys worked end to end: what is sent, what the account holds after,
what the user sees (the new token once, masked until revealed)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from linode_tui.ui.dialogs import FormDialog, SecretDialog, TypeToConfirmDialog
from tests.helpers import mutations, select_row, until, wait_rows


async def test_token_create_with_scopes_and_expiry_is_shown_once(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="tokens")
    copied: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.copy_to_clipboard = copied.append
        await wait_rows(pilot, app, 1)
        before = set(sim.world.pat_tokens)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the create form")
        form = app.screen
        form.query_one("#f-label").value = "ci-deploy"
        form.query_one("#f-expiry").value = "90"
        form.query_one("#f-scope_linodes").value = "read_write"
        form.query_one("#f-scope_volumes").value = "read_only"
        await pilot.pause()
        form.action_submit()
        await until(pilot, lambda: isinstance(app.screen, SecretDialog), "the token shown once")
        assert mutations(sim) == [("POST", "/profile/tokens")]
        new = [t for k, t in sim.world.pat_tokens.items() if k not in before]
        assert len(new) == 1 and new[0]["label"] == "ci-deploy"
        assert new[0]["scopes"] == "linodes:read_write volumes:read_only"
        assert new[0]["expiry"] and new[0]["expiry"] > sim.world.iso()[:10]
        dialog = app.screen
        secret = dialog.reveal.secret
        assert len(secret) == 64
        assert secret not in str(dialog.query_one("#secret").render())  # masked until revealed
        await pilot.press("ctrl+y")
        assert copied == [secret]
        await pilot.press("ctrl+r")
        assert secret in str(dialog.query_one("#secret").render())
        assert sim.world.token_info(secret) is not None  # the secret works against the API
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, SecretDialog), "the dialog closing")
        view = app.current_view()
        await until(pilot, lambda: new[0]["id"] in view.rows, "the new token listed")
        assert secret not in repr(view.rows[new[0]["id"]])  # the list holds the API's prefix only


async def test_token_without_scopes_is_refused_next_to_the_field(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="tokens")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_rows(pilot, app, 1)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the create form")
        form = app.screen
        form.query_one("#f-label").value = "nothing"
        form.action_submit()
        await until(pilot, lambda: "scopes" in str(form.query_one("#err-full").render()), "the error")
        assert mutations(sim) == []
        assert form.query_one("#f-label").value == "nothing"


async def test_token_revoke_needs_the_label_typed(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="tokens")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        tok = next(iter(view.rows.values()))
        await select_row(pilot, view, tok["id"])
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the typed confirmation")
        assert app.screen.confirm_label == "Revoke token"
        app.screen.query_one("#typed").value = tok["label"]
        await pilot.press("enter")
        await until(pilot, lambda: tok["id"] not in sim.world.pat_tokens, "the token revoked")
        assert mutations(sim) == [("DELETE", f"/profile/tokens/{tok['id']}")]
        await until(pilot, lambda: tok["id"] not in view.rows, "the row gone")


async def test_ssh_key_added_from_a_local_pub_file(app_factory: Any, sim: Any) -> None:
    ssh = Path(os.environ["HOME"]) / ".ssh"
    ssh.mkdir(parents=True)
    key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0ZXN0a2V5 ops@jump"
    (ssh / "id_ed25519.pub").write_text(key + "\n")
    (ssh / "id_ed25519").write_text("PRIVATE\n")  # never offered
    app = app_factory(command="sshkeys")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app, 1)
        before = set(sim.world.sshkeys)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the add form")
        form = app.screen
        picker = form.query_one("#f-from_file")
        options = [v for _, v in picker._options if isinstance(v, str)]
        assert options == [str(ssh / "id_ed25519.pub")]
        picker.value = options[0]
        await pilot.pause()
        form.action_submit()
        await until(pilot, lambda: set(sim.world.sshkeys) - before, "the key added")
        (new,) = [sim.world.sshkeys[k] for k in set(sim.world.sshkeys) - before]
        assert new["ssh_key"] == key and new["label"] == "ops@jump"
        assert mutations(sim) == [("POST", "/profile/sshkeys")]


async def test_ssh_key_paste_of_garbage_shows_the_problem(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="sshkeys")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_rows(pilot, app, 1)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the add form")
        form = app.screen
        form.query_one("#f-ssh_key").value = "-----BEGIN OPENSSH PRIVATE KEY-----"
        form.action_submit()
        await until(pilot, lambda: "public key" in str(form.query_one("#err-ssh_key").render()), "the error")
        assert mutations(sim) == []


async def test_profile_edit(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="profile")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app, 1)
        view = app.current_view()
        await select_row(pilot, view, next(iter(view.rows)))
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the edit form")
        form = app.screen
        form.query_one("#f-email").value = "ops@example.org"
        form.query_one("#f-timezone").value = "Europe/Berlin"
        await pilot.pause()
        form.action_submit()
        await until(pilot, lambda: ("PUT", "/profile") in mutations(sim), "the PUT")
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        got = await app.services.client.get("/profile", force=True)
        assert got["email"] == "ops@example.org" and got["timezone"] == "Europe/Berlin"
