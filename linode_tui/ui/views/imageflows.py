"""Two image workflows that need more than one form, both sending through the one action path
(``ActionRunner.submit``):

* :class:`CaptureFlow` — capture an image from a disk picked in two steps: the Linode (label,
  region, status), then one of its disks (label, size, filesystem; swap disks cannot be imaged),
  then the capture form with that disk filled in (a running Linode is named: shut it down first
  for a consistent image). "Type a value…" at the first step goes to the form with a disk ID field.
* :class:`ImageUploadDialog` — ``POST /images/upload`` makes the image and answers a signed URL;
  with a local file given, the app PUTs the file there (httpx, in chunks) with its progress in the
  status panel; without one, the signed URL is shown (masked until revealed) with the curl
  command that uploads to it.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

from msgspec.structs import replace
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical

from linode_tui.core.descriptors import Action, Area, Reveal
from linode_tui.ui.dialogs import KEEP_OPEN, Dialog, FormDialog, SecretDialog
from linode_tui.ui.dialogs.schema_form import MANUAL, PickerDialog
from linode_tui.ui.guard import guarded, while_present


def _error(field: str, message: str) -> Exception:
    from linode_tui.api.errors import ValidationError

    return ValidationError(message, field_errors={field: message})


def _size(mb: Any) -> str:
    return f"{mb / 1024:.1f} GB" if isinstance(mb, int | float) and mb >= 1024 else f"{mb} MB"


def _form_dialog(app: Any, area: Area, action: Action, submit: Any, target: str = "") -> FormDialog:
    services = app.services

    async def no_choices() -> list[tuple[str, str]]:
        return []

    return FormDialog(
        action,
        None,
        target=target,
        load_choices=lambda f: services.choices(f.choices, None) if f.choices else no_choices(),
        submit=submit,
    )


class CaptureFlow(Dialog[None]):
    """See the module docstring. Opened by the images area's ``capture`` action."""

    def __init__(self, area: Area, item: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.area = area

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield from self.heading("Capture an image", note="Pick the Linode, then one of its disks.")

    @while_present
    def on_mount(self) -> None:
        self._run()

    @work(group="image-capture", exclusive=True, exit_on_error=False)
    @guarded
    async def _run(self) -> None:
        from linode_tui.api.errors import LinodeError

        app: Any = self.app
        client = app.services.client
        action = self.area.action("capture")
        assert action is not None
        try:
            linodes = [x for x in await client.list_all("/linode/instances") if isinstance(x, dict)]
        except LinodeError as exc:
            app.notify(f"Capture: cannot list the Linodes: {exc}", severity="error")
            self.dismiss(None)
            return
        rows = [
            (x, Text(f"{x.get('label')}  ").append(f"{x.get('region')} · {x.get('status')}", "muted"))
            for x in linodes
        ]
        linode = await app.push_screen_wait(PickerDialog("Capture: pick the Linode", rows))
        if linode is None:
            self.dismiss(None)
            return
        form = action.form
        note = action.note
        if linode != MANUAL:
            try:
                disks = [
                    d
                    for d in await client.list_all(f"/linode/instances/{linode['id']}/disks")
                    if isinstance(d, dict)
                ]
            except LinodeError as exc:
                app.notify(f"Capture: cannot list the disks: {exc}", severity="error")
                self.dismiss(None)
                return
            usable = [d for d in disks if d.get("filesystem") != "swap"]
            if not usable:
                app.notify(f"{linode.get('label')} has no disk that can be imaged.", severity="warning")
                self.dismiss(None)
                return
            drows = [
                (
                    d,
                    Text(f"{d.get('label')}  ").append(
                        f"{_size(d.get('size'))} · {d.get('filesystem')}", "muted"
                    ),
                )
                for d in usable
            ]
            disk = await app.push_screen_wait(
                PickerDialog(
                    f"Capture: a disk of {linode.get('label')}", drows, note="Swap disks are left out."
                )
            )
            if disk is None:
                self.dismiss(None)
                return
            if disk != MANUAL:
                shown = f"{linode.get('label')} › {disk.get('label')} ({disk.get('id')})"
                form = tuple(
                    replace(
                        f, kind="select", options=((str(disk["id"]), shown),), default=str(disk["id"])
                    )
                    if f.name == "disk_id"
                    else replace(f, default=disk.get("label"))
                    if f.name == "label"
                    else f
                    for f in action.form
                )
                if linode.get("status") == "running":
                    note = f"{linode.get('label')} is running: shut it down first for a consistent image."

        async def submit(values: dict[str, Any]) -> Any:
            if isinstance(values.get("disk_id"), str) and str(values["disk_id"]).isdigit():
                values = {**values, "disk_id": int(values["disk_id"])}
            sent, answer = await app.runner.submit(self.area, action, None, values)
            return answer if sent else KEEP_OPEN

        await app.push_screen_wait(
            _form_dialog(app, self.area, replace(action, form=form, note=note), submit)
        )
        self.dismiss(None)


def check_image_file(raw: Any) -> Path | None:
    """The local file to upload (None: none given): it must exist and be gzip-compressed (the
    API takes a raw disk image compressed with gzip)."""
    text = str(raw or "").strip()
    if not text:
        return None
    path = Path(text).expanduser()
    try:
        with path.open("rb") as fh:
            magic = fh.read(2)
    except OSError as exc:
        raise _error("file", f"Cannot read {path}: {exc.strerror or exc}") from None
    if magic != b"\x1f\x8b":
        raise _error("file", f"{path.name} is not gzip-compressed: upload a raw disk image as .img.gz")
    return path


def curl_command(url: str, path: str = "IMAGE.img.gz") -> str:
    return (
        "curl -X PUT -H 'Content-Type: application/octet-stream' "
        f"--upload-file {shlex.quote(path)} {shlex.quote(url)}"
    )


async def upload_with_progress(app: Any, url: str, path: Path, label: str) -> None:
    """PUT the file to the signed URL; its progress is a keyed line of the status panel."""
    from linode_tui.transfer import TransferError, upload_file
    from linode_tui.ui.widgets.status_panel import StatusPanel

    panel = app.query_one(StatusPanel)
    key = f"image-upload:{label}"
    last = [-1]

    def progress(sent: int, total: int) -> None:
        pct = int(100 * sent / total) if total else 100
        if pct != last[0]:
            last[0] = pct
            panel.report_countdown(
                key, f"Uploading {label}: {pct}% ({_mb(sent)} of {_mb(total)})", None, "info"
            )

    progress(0, path.stat().st_size)
    try:
        size = await upload_file(url, path, progress=progress)
    except TransferError as exc:
        from linode_tui import transfer

        services = app.services
        demo = services is not None and services.sim is not None and transfer.TRANSPORT is None
        hint = " (the demo simulator signs the URL but stores no image data)" if demo else ""
        panel.clear_countdown(key)
        app.report_problem(f"Image {label}: {exc}{hint}")
        app.notify(f"Image {label}: {exc}{hint}", severity="error", timeout=8)
        return
    panel.clear_countdown(key)
    app.report_problem(f"Image {label}: {_mb(size)} uploaded; the API now processes it.", "info")
    app.notify(f"Image {label}: uploaded ({_mb(size)})", timeout=6)
    if app.poller is not None:
        app.poller.kick()


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MiB"


class ImageUploadDialog(FormDialog):
    """See the module docstring. Opened by the images area's ``upload`` action."""

    def __init__(self, area: Area, item: dict[str, Any] | None = None) -> None:
        action = area.action("upload")
        assert action is not None
        self.area_def = area

        async def no_choices() -> list[tuple[str, str]]:
            return []

        super().__init__(
            action,
            None,
            target="",
            load_choices=lambda f: (
                self.app.services.choices(f.choices, None) if f.choices else no_choices()  # type: ignore[attr-defined]
            ),
            submit=self._send,
        )

    async def _send(self, values: dict[str, Any]) -> Any:
        app: Any = self.app
        path = check_image_file(values.get("file"))
        body = {k: v for k, v in values.items() if k != "file"}
        sent, answer = await app.runner.submit(self.area_def, self.action_def, None, body)
        if not sent:
            return KEEP_OPEN
        url = answer.get("upload_to") if isinstance(answer, dict) else None
        label = str(values.get("label") or "")
        if not url:
            app.report_problem(f"Image {label}: the API gave no upload URL.")
            return answer
        if path is not None:
            app.run_worker(
                upload_with_progress(app, str(url), path, label), group="image-upload", exit_on_error=False
            )
        else:
            app.call_later(
                app.push_screen,
                SecretDialog(
                    Reveal(
                        f"Upload URL — {label}",
                        curl_command(str(url)),
                        "A signed URL: anyone with it can upload this image until it expires. Upload a "
                        "gzip-compressed raw disk image to it (this curl command does).",
                    )
                ),
            )
        return answer


__all__ = ["CaptureFlow", "ImageUploadDialog", "check_image_file", "curl_command"]
