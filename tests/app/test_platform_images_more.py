"""Images, issue 11: capture from a disk picked in two steps (the Linode, then one of its disks),
and upload: the signed URL from ``POST /images/upload``, the local file PUT there by the app with
its progress in the status panel (or, with no file, the URL shown with a curl command)."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import httpx
import pytest

from linode_tui import transfer
from linode_tui.ui.dialogs import FormDialog, SecretDialog
from linode_tui.ui.dialogs.schema_form import PickerDialog
from linode_tui.ui.views.imageflows import CaptureFlow
from linode_tui.ui.widgets.status_panel import StatusPanel
from tests.app.test_platform_images import pick
from tests.helpers import form_shown, mutations, until, wait_rows

LINODE, DISK, SWAP = 43716544, 174866176, 174866177  # api-1 (running) and its disks



async def test_capture_with_the_disk_picker(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="images")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app, 5)
        before = set(sim.world.images)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, PickerDialog), "the Linode picker")
        assert len(app.screen.rows) == len(sim.world.linodes)
        await pick(pilot, app, lambda v: isinstance(v, dict) and v["id"] == LINODE)
        await until(
            pilot, lambda: isinstance(app.screen, PickerDialog) and "disk" in app.screen.title_text, "disks"
        )
        assert [d["id"] for d, _ in app.screen.rows] == [DISK]  # the swap disk is left out
        await pick(pilot, app, lambda v: isinstance(v, dict) and v["id"] == DISK)
        form = await form_shown(pilot, app)
        assert form.query_one("#f-disk_id").value == str(DISK)
        assert form.query_one("#f-label").value == "Ubuntu 24.04 LTS Disk"
        assert "api-1 is running" in form.action_def.note
        form.query_one("#f-label").value = "api-golden"
        form.action_submit()
        await until(pilot, lambda: set(sim.world.images) - before, "captured")
        (iid,) = set(sim.world.images) - before
        assert sim.world.images[iid]["label"] == "api-golden"
        await until(pilot, lambda: not isinstance(app.screen, (FormDialog, CaptureFlow)), "closed")
        assert mutations(sim) == [("POST", "/images")]


class Storage:
    """The object storage behind the signed upload URL."""

    def __init__(self) -> None:
        self.puts: list[tuple[str, bytes, dict[str, str]]] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.puts.append((str(request.url), request.read(), dict(request.headers)))
        return httpx.Response(200)


@pytest.fixture
def storage(monkeypatch: pytest.MonkeyPatch) -> Storage:
    s = Storage()
    monkeypatch.setattr(transfer, "TRANSPORT", httpx.MockTransport(s.handler))
    monkeypatch.setattr(transfer, "CHUNK", 4096)
    return s


async def test_upload_a_local_file_with_progress(
    app_factory: Any, sim: Any, storage: Storage, tmp_path: Path
) -> None:
    bad = tmp_path / "disk.img"
    bad.write_bytes(b"\0" * 100)
    good = tmp_path / "disk.img.gz"
    good.write_bytes(gzip.compress(b"\0" * 100_000) + b"x" * 20_000)
    app = app_factory(command="images")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app, 5)
        before = set(sim.world.images)
        panel = app.query_one(StatusPanel)
        seen: list[str] = []
        original = panel.report_countdown

        def spy(key: str, msg: str, *a: Any, **k: Any) -> None:
            seen.append(msg)
            original(key, msg, *a, **k)

        panel.report_countdown = spy
        await pilot.press("U")
        form = await form_shown(pilot, app)
        sel = form.query_one("#f-region")
        await until(pilot, lambda: len(sel._options) > 1, "regions")
        form.query_one("#f-label").value = "custom-os"
        sel.value = "us-east"
        form.query_one("#f-file").value = str(bad)
        await pilot.pause()
        form.action_submit()
        await until(pilot, lambda: "gzip" in str(form.query_one("#err-file").render()), "the file error")
        assert mutations(sim) == []
        form.query_one("#f-file").value = str(good)
        form.action_submit()
        await until(pilot, lambda: storage.puts, "the upload")
        (iid,) = set(sim.world.images) - before
        assert sim.world.images[iid]["status"] == "pending_upload"
        url, content, headers = storage.puts[0]
        assert url.startswith("https://us-east-1.linodeobjects.com/linode-images/")
        assert content == good.read_bytes()
        assert headers["content-length"] == str(good.stat().st_size)
        assert "transfer-encoding" not in headers
        await until(pilot, lambda: any("uploaded" in p.message for p in panel.state.problems), "done")
        assert seen[0].startswith("Uploading custom-os: 0%") and "100%" in seen[-1]
        assert len(seen) > 3  # it moved along the way
        assert not [p for p in panel.state.problems if p.key]  # the progress line is gone
        assert mutations(sim) == [("POST", "/images/upload")]


async def test_upload_without_a_file_shows_the_signed_url(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="images")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app, 5)
        await pilot.press("U")
        form = await form_shown(pilot, app)
        sel = form.query_one("#f-region")
        await until(pilot, lambda: len(sel._options) > 1, "regions")
        form.query_one("#f-label").value = "by-hand"
        sel.value = "eu-central"
        await pilot.pause()
        form.action_submit()
        await until(pilot, lambda: isinstance(app.screen, SecretDialog) and bool(app.screen.query("#secret")),
                    "the URL")
        secret = app.screen.reveal.secret
        assert secret.startswith("curl -X PUT") and "eu-central-1.linodeobjects.com/linode-images/" in secret
        assert "signature" not in str(app.screen.query_one("#secret").render())  # masked
        assert mutations(sim) == [("POST", "/images/upload")]
