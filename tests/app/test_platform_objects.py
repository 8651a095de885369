"""Object Storage worked end to end: buckets create/delete (only when empty), ACL and CORS, the
objects browser (folders, signed-URL download/upload/delete), access keys (secret shown once)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from linode_tui import transfer
from linode_tui.ui.dialogs import ConfirmDialog, FormDialog, PromptDialog, SecretDialog, TypeToConfirmDialog
from linode_tui.ui.views.objects import ObjectsView
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import mutations, select_row, until, wait_rows

ASSETS = ("us-east", "assets-prod")


class Storage:
    """Stands in for the object storage the signed URLs point at (the simulator signs them)."""

    def __init__(self, sim: Any) -> None:
        self.sim = sim
        self.seen: list[tuple[str, str, str]] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        name = request.url.path.lstrip("/")
        signed = request.url.params.get("X-Amz-Method", "")
        self.seen.append((request.method, name, signed))
        if signed != request.method:
            return httpx.Response(403)
        objs = self.sim.world.bucket_objects[ASSETS]
        if request.method == "GET":
            return httpx.Response(200, content=f"contents of {name}".encode())
        if request.method == "PUT":
            objs.append({"name": name, "size": len(request.content), "last_modified": "2025-01-15T12:00:00"})
            return httpx.Response(200)
        objs[:] = [o for o in objs if o["name"] != name]
        return httpx.Response(204)


@pytest.fixture
def storage(sim: Any, monkeypatch: pytest.MonkeyPatch) -> Storage:
    s = Storage(sim)
    monkeypatch.setattr(transfer, "TRANSPORT", httpx.MockTransport(s.handler))
    return s


async def _browser(pilot: Any, app: Any) -> ObjectsView:
    view = await wait_rows(pilot, app, 4)
    await select_row(pilot, view, "us-east/assets-prod")
    await pilot.press("o")
    await until(pilot, lambda: isinstance(app.current_view(), ObjectsView), "the objects browser")
    browser = app.current_view()
    await until(pilot, lambda: browser.loaded, "the objects")
    return browser


async def test_objects_browser_folders_download_upload_delete(
    app_factory: Any, sim: Any, storage: Storage, tmp_path: Path
) -> None:
    app = app_factory(command="buckets")
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await _browser(pilot, app)
        shown = [r["shown"] for r in browser.rows.values()]
        assert "css/" in shown and "js/" in shown and "index.html" in shown
        assert shown.index("css/") < shown.index("index.html")  # folders first
        table = browser.query_one(ResourceTable)
        assert table.move_cursor_to_key("css/")
        await pilot.press("enter")
        await until(pilot, lambda: browser.prefix == "css/", "into css/")
        assert [r["shown"] for r in browser.rows.values()] == ["site.css"]
        # download
        assert table.move_cursor_to_key("css/site.css")
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, PromptDialog), "the save prompt")
        dest = tmp_path / "dl" / "site.css"
        app.screen.query_one("#prompt-input").value = str(dest)
        await pilot.press("enter")
        await until(pilot, lambda: dest.exists(), "the download")
        assert dest.read_text() == "contents of css/site.css"
        # upload into css/
        src = tmp_path / "theme.css"
        src.write_text("body{}")
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, PromptDialog), "the upload prompt")
        app.screen.query_one("#prompt-input").value = str(src)
        await pilot.press("enter")
        await until(pilot, lambda: "css/theme.css" in browser.rows, "the uploaded object listed")
        # delete: typed confirmation with the object's name
        assert table.move_cursor_to_key("css/site.css")
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the typed confirmation")
        app.screen.query_one("#typed").value = "css/site.css"
        await pilot.press("enter")
        await until(pilot, lambda: "css/site.css" not in browser.rows, "the object gone")
        await pilot.press("backspace")
        await until(pilot, lambda: browser.prefix == "", "back up")
        url_posts = [p for m, p in mutations(sim)]
        assert url_posts == ["/object-storage/buckets/us-east/assets-prod/object-url"] * 3
        assert storage.seen == [
            ("GET", "css/site.css", "GET"),
            ("PUT", "css/theme.css", "PUT"),
            ("DELETE", "css/site.css", "DELETE"),
        ]


async def test_bucket_delete_only_when_empty_and_create(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="buckets")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 4)
        delete = view.area.action("delete")
        reason = app.services.verdict(view.area, delete, [view.rows["us-east/assets-prod"]]).reason
        assert reason == "assets-prod is not empty: delete its objects first"
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the create form")
        form = app.screen
        sel = form.query_one("#f-region")
        await until(pilot, lambda: len(sel._options) > 1, "regions")
        form.query_one("#f-label").value = "fresh-bucket"
        sel.value = "us-east"
        form.query_one("#f-acl").value = "public-read"
        await pilot.pause()
        form.action_submit()
        await until(pilot, lambda: ("us-east", "fresh-bucket") in sim.world.buckets, "the bucket")
        assert sim.world.bucket_access[("us-east", "fresh-bucket")]["acl"] == "public-read"
        await until(pilot, lambda: "us-east/fresh-bucket" in view.rows, "the row")
        await select_row(pilot, view, "us-east/fresh-bucket")
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the typed confirmation")
        app.screen.query_one("#typed").value = "fresh-bucket"
        await pilot.press("enter")
        await until(pilot, lambda: ("us-east", "fresh-bucket") not in sim.world.buckets, "deleted")
        assert mutations(sim) == [
            ("POST", "/object-storage/buckets"),
            ("DELETE", "/object-storage/buckets/us-east/fresh-bucket"),
        ]


async def test_acl_and_cors(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="buckets")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 4)
        await select_row(pilot, view, "us-east/assets-prod")
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the form")
        form = app.screen
        form.query_one("#f-acl").value = "authenticated-read"
        form.query_one("#f-cors_enabled").value = True
        await pilot.pause()
        form.action_submit()
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        app.screen.query_one("#confirm").press()
        await until(pilot, lambda: sim.world.bucket_access[ASSETS]["acl"] == "authenticated-read", "saved")
        assert sim.world.bucket_access[ASSETS]["cors_enabled"] is True
        assert mutations(sim) == [("PUT", "/object-storage/buckets/us-east/assets-prod/access")]


async def test_access_key_secret_shown_once_then_revoked(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="objkeys")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        before = set(sim.world.obj_keys)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the create form")
        form = app.screen
        form.query_one("#f-label").value = "backup-writer"
        form.query_one("#f-buckets").value = "us-east/assets-prod:read_write"
        form.action_submit()
        await until(pilot, lambda: isinstance(app.screen, SecretDialog), "the secret shown once")
        (kid,) = set(sim.world.obj_keys) - before
        stored = sim.world.obj_keys[kid]
        assert stored["limited"] and stored["bucket_access"][0]["bucket_name"] == "assets-prod"
        secret = app.screen.reveal.secret
        assert "secret_key = " in secret and "[REDACTED]" not in secret
        await pilot.press("escape")
        await until(pilot, lambda: kid in view.rows, "the key listed")
        assert secret.split("secret_key = ")[1] not in repr(view.rows)
        await select_row(pilot, view, kid)
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the typed confirmation")
        app.screen.query_one("#typed").value = "backup-writer"
        await pilot.press("enter")
        await until(pilot, lambda: kid not in sim.world.obj_keys, "revoked")
        assert mutations(sim) == [
            ("POST", "/object-storage/keys"),
            ("DELETE", f"/object-storage/keys/{kid}"),
        ]


def test_demo_without_storage_reports_a_clean_error() -> None:
    """The signed URL is never part of an error message (it is a credential)."""
    import asyncio

    async def run() -> str:
        transfer.TRANSPORT = httpx.MockTransport(lambda r: httpx.Response(403))
        try:
            await transfer.delete("https://b.example/x?X-Amz-Signature=SECRET")
        except transfer.TransferError as exc:
            return str(exc)
        finally:
            transfer.TRANSPORT = None
        return ""

    msg = asyncio.run(run())
    assert "403" in msg and "SECRET" not in msg
