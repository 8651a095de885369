"""Object Storage, issue 11: a bucket's TLS certificate uploaded (the key read from its file, never
shown) and deleted, and the quotas with their usage and the endpoints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Static

from linode_tui.ui.dialogs import ConfirmDialog, FormDialog, TypeToConfirmDialog
from linode_tui.ui.views.objquotas import QuotasDialog
from tests.helpers import mutations, pick_menu, select_row, until, wait_rows

ASSETS = ("us-east", "assets-prod")
CERT = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2VydA==\n-----END CERTIFICATE-----\n"
KEY = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49\n-----END PRIVATE KEY-----\n"


async def test_bucket_tls_certificate_upload_and_delete(app_factory: Any, sim: Any, tmp_path: Path) -> None:
    (tmp_path / "bucket.crt").write_text(CERT)
    keyfile = tmp_path / "bucket.key"
    keyfile.write_text(KEY)
    app = app_factory(command="buckets")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 4)
        await select_row(pilot, view, "us-east/assets-prod")
        await pilot.press("a")
        await pick_menu(pilot, app, "ssl_upload")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the form")
        form = app.screen
        form.query_one("#f-certificate").load_text(str(tmp_path / "bucket.crt"))
        form.query_one("#f-private_key").value = str(tmp_path / "missing.key")
        form.action_submit()
        await until(pilot, lambda: "Cannot read" in str(form.query_one("#err-private_key").render()), "error")
        form.query_one("#f-private_key").value = str(tmp_path / "bucket.crt")  # not a key
        form.action_submit()
        await until(
            pilot, lambda: "PEM private key" in str(form.query_one("#err-private_key").render()), "err"
        )
        form.query_one("#f-private_key").value = str(keyfile)
        form.action_submit()
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        body = app.screen.body + (app.screen.note or "")
        assert "MIGHAgEA" not in body  # the key is never shown
        app.screen.query_one("#confirm").press()
        await until(pilot, lambda: sim.world.bucket_access.get(ASSETS, {}).get("ssl"), "installed")
        assert "MIGHAgEA" not in str(
            app.query("Static").nodes and [str(s.render()) for s in app.query(Static)]
        )
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "closed")
        await pilot.press("a")
        await pick_menu(pilot, app, "ssl_delete")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "typed confirmation")
        app.screen.query_one("#typed").value = "assets-prod"
        await pilot.press("enter")
        await until(pilot, lambda: not sim.world.bucket_access[ASSETS]["ssl"], "deleted")
        base = "/object-storage/buckets/us-east/assets-prod/ssl"
        assert mutations(sim) == [("POST", base), ("DELETE", base)]


async def test_quotas_usage_and_endpoints(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="buckets", read_only=True)  # reading quotas is allowed read-only
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app, 4)
        await pilot.press("Q")
        await until(pilot, lambda: isinstance(app.screen, QuotasDialog), "the view")
        dialog = app.screen
        await until(pilot, lambda: dialog.endpoints, "loaded")
        assert len(dialog.quotas) == len(sim.world.obj_quotas) + len(sim.world.obj_global_quotas)
        assert set(dialog.usage) == {q["quota_id"] for q in dialog.quotas}
        buckets = dialog.usage["obj-bucket-us-east-1"]
        assert buckets["usage"] == sum(1 for (r, _) in sim.world.buckets if r == "us-east")
        assert {e["s3_endpoint"] for e in dialog.endpoints} == {c["domain"] for c in sim.world.obj_clusters}
        assert not mutations(sim)
