"""The objects browser of one bucket: prefixes as folders, sizes and dates; download, upload and
delete through the API's signed URLs (each URL asked for through the one action path)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from linode_tui.core.descriptors import Area
from linode_tui.ui.guard import guarded, while_present
from linode_tui.ui.views.base import AreaView
from linode_tui.ui.widgets.vtable import Column, ResourceTable

SIGNED_METHOD = {"download": "GET", "upload": "PUT", "delete": "DELETE"}
MAX_PAGES = 50


def human_size(n: Any) -> str:
    if not isinstance(n, int | float):
        return ""
    size = float(n)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size < 1024 or unit == "TB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


def entries(objects: list[dict[str, Any]], prefix: str) -> list[dict[str, Any]]:
    """One level of the bucket: folders (common prefixes) first, then the objects in it."""
    folders: dict[str, dict[str, Any]] = {}
    files: list[dict[str, Any]] = []
    for o in objects:
        name = str(o.get("name") or "")
        if not name.startswith(prefix) or name == prefix:
            continue
        rest = name[len(prefix) :]
        if "/" in rest:
            top = rest.split("/", 1)[0] + "/"
            f = folders.setdefault(
                top,
                {
                    "_key": prefix + top,
                    "name": prefix + top,
                    "shown": top,
                    "folder": True,
                    "count": 0,
                    "size": 0,
                },
            )
            if not name.endswith("/"):
                f["count"] += 1
                f["size"] += int(o.get("size") or 0)
        else:
            files.append({**o, "_key": name, "shown": rest, "folder": False})
    return sorted(folders.values(), key=lambda f: f["shown"]) + sorted(files, key=lambda f: f["shown"])


class ObjectsView(AreaView):
    DEFAULT_CSS = """
    ObjectsView { height: 1fr; }
    ObjectsView > .view-title { height: 1; background: $boost; padding: 0 1; }
    ObjectsView > #obj-status { height: auto; padding: 0 1; }
    ObjectsView ResourceTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("backspace,left,h", "up", "Up", id="objects.up"),
        Binding("d", "download", "Download", id="objects.download"),
        Binding("u", "upload", "Upload", id="objects.upload"),
        Binding("ctrl+d", "delete", "Delete", id="objects.delete"),
        Binding("r", "refresh", "Refresh", id="objects.refresh"),
    ]

    def __init__(self, area: Area, bucket: dict[str, Any]) -> None:
        super().__init__(classes="area-view")
        from linode_tui.areas.buckets import objects_area

        self.area = area
        self.bucket = bucket
        self.objects = objects_area(bucket)
        self.prefix = ""
        self.all: list[dict[str, Any]] = []
        self.rows: dict[str, dict[str, Any]] = {}
        self.loaded = False

    def view_title(self) -> str:
        return f"Object Storage › {self.bucket.get('label')} › /{self.prefix}"

    def selected_item(self) -> dict[str, Any] | None:
        return self.bucket

    def compose(self) -> ComposeResult:
        yield Static(Text(self.view_title(), "bold"), classes="view-title", id="obj-title")
        yield Static("", id="obj-status")
        yield ResourceTable(id="objects-table")

    @while_present
    def on_mount(self) -> None:
        table = self.query_one(ResourceTable)
        table.set_columns(
            [
                Column("shown", "Name", width=44, formatter=self._name_cell),
                Column(
                    "size", "Size", width=10, align="right", formatter=lambda r: human_size(r.get("size"))
                ),
                Column("count", "Objects", width=8, align="right", formatter=self._count_cell),
                Column("last_modified", "Modified", width=19, formatter=lambda r: self._date(r)),
            ]
        )
        table.empty_message = "Loading…"
        self.load()
        self.call_after_refresh(table.focus)

    @staticmethod
    def _name_cell(row: dict[str, Any]) -> Text:
        if row.get("folder"):
            return Text("▸ " + str(row["shown"]), "bold")
        return Text("  " + str(row["shown"]))

    @staticmethod
    def _count_cell(row: dict[str, Any]) -> str:
        return str(row["count"]) if row.get("folder") else ""

    @staticmethod
    def _date(row: dict[str, Any]) -> str:
        return str(row.get("last_modified") or "").replace("T", " ")[:19]

    def _failed(self, what: str, exc: Exception) -> None:
        from linode_tui import transfer

        hint = ""
        services = self.tui.services
        if services is not None and services.sim is not None and transfer.TRANSPORT is None:
            hint = " (the demo simulator signs URLs but stores no object data)"
        self._status(f"Not {what}: {exc}{hint}", ok=False)

    def _status(self, message: str | Text, ok: bool = True) -> None:
        self.query_one("#obj-status", Static).update(
            message if isinstance(message, Text) else Text(message, "" if ok else "strong-error")
        )

    @work(group="objects-load", exclusive=True, exit_on_error=False)
    @guarded
    async def load(self, force: bool = False) -> None:
        from linode_tui.api.errors import LinodeError

        services = self.tui.services
        if services is None:
            return
        table = self.query_one(ResourceTable)
        got: list[dict[str, Any]] = []
        marker = ""
        try:
            for _ in range(MAX_PAGES):
                params = {"page_size": 500, **({"marker": marker} if marker else {})}
                page = await services.client.get(self.objects.path, params=params, force=force)
                got += [o for o in (page or {}).get("data") or [] if isinstance(o, dict)]
                marker = (page or {}).get("next_marker") or ""
                if not (page or {}).get("is_truncated") or not marker:
                    break
        except LinodeError as exc:
            table.empty_message = f"⚠ {exc}"
            table.refresh()
            return
        self.all = got
        self.loaded = True
        self.show()

    def show(self) -> None:
        rows = entries(self.all, self.prefix)
        self.rows = {r["_key"]: r for r in rows}
        table = self.query_one(ResourceTable)
        table.empty_message = "Empty folder." if self.prefix else "The bucket is empty (u: upload a file)."
        table.set_rows(rows, key="_key")
        self.query_one("#obj-title", Static).update(Text(self.view_title(), "bold"))
        files = sum(1 for r in rows if not r["folder"])
        folders = len(rows) - files
        t = Text(
            f"{folders} folder{'s' if folders != 1 else ''}, {files} object{'s' if files != 1 else ''} here"
            f" · {len(self.all)} in the bucket   "
        )
        t.append("enter", "bold")
        t.append(" open  ")
        t.append("⌫", "bold")
        t.append(" up  ")
        t.append("d/u", "bold")
        t.append(" download/upload  ")
        t.append("^d", "bold")
        t.append(" delete")
        self._status(t)
        self.tui.update_header()

    def _current(self) -> dict[str, Any] | None:
        key = self.query_one(ResourceTable).cursor_row_key
        return self.rows.get(str(key)) if key is not None else None

    @on(ResourceTable.RowSelected)
    def _enter(self, event: ResourceTable.RowSelected) -> None:
        event.stop()
        row = self.rows.get(str(event.key))
        if row is not None and row.get("folder"):
            self.prefix = row["name"]
            self.show()

    def action_up(self) -> None:
        if not self.prefix:
            return
        left = self.prefix
        parts = self.prefix.rstrip("/").split("/")[:-1]
        self.prefix = "/".join(parts) + "/" if parts else ""
        self.show()
        self.query_one(ResourceTable).move_cursor_to_key(left)

    def action_refresh(self) -> None:
        self.load(force=True)

    # -- transfers -------------------------------------------------------------------------------
    async def _signed(
        self, key: str, name: str, row: dict[str, Any] | None, extra: dict[str, Any]
    ) -> str | None:
        """Ask for a signed URL through the one action path (its rule and confirmation)."""
        action = self.objects.action(key)
        assert action is not None
        body = {"name": name, "method": SIGNED_METHOD[key], "expires_in": 300, **extra}
        sent, result = await self.tui.runner.submit(self.objects, action, row, body)
        url = result.get("url") if sent and isinstance(result, dict) else None
        return str(url) if url else None

    def action_download(self) -> None:
        from linode_tui.ui.dialogs import PromptDialog

        row = self._current()
        if row is None or row.get("folder"):
            self.app.notify("Pick an object (not a folder) to download.")
            return
        default = str(Path("~/Downloads") / str(row["shown"]))

        def chosen(path: str | None) -> None:
            if path:
                self._download(row, path)

        self.app.push_screen(PromptDialog("Download", f"Save {row['name']} to:", default), chosen)

    @work(group="objects-transfer", exit_on_error=False)
    @guarded
    async def _download(self, row: dict[str, Any], path: str) -> None:
        from linode_tui.api.errors import LinodeError
        from linode_tui.transfer import TransferError, download

        try:
            url = await self._signed("download", row["name"], row, {})
            if url is None:
                return
            target = await download(url, path)
        except (LinodeError, TransferError) as exc:
            self._failed("downloaded", exc)
            return
        self._status(f"Downloaded {row['name']} to {target}.")

    def action_upload(self) -> None:
        from linode_tui.ui.dialogs import PromptDialog

        def chosen(path: str | None) -> None:
            if path:
                self._upload(path)

        self.app.push_screen(PromptDialog("Upload", f"Local file to upload into /{self.prefix}:", ""), chosen)

    @work(group="objects-transfer", exit_on_error=False)
    @guarded
    async def _upload(self, path: str) -> None:
        from linode_tui.api.errors import LinodeError
        from linode_tui.transfer import TransferError, content_type, upload

        source = Path(path).expanduser()
        if not source.is_file():
            self._status(f"Not uploaded: {source} is not a file.", ok=False)
            return
        name = self.prefix + source.name
        ctype = content_type(source)
        try:
            url = await self._signed("upload", name, None, {"content_type": ctype})
            if url is None:
                return
            size = await upload(url, source, ctype)
        except (LinodeError, TransferError) as exc:
            self._failed("uploaded", exc)
            return
        self._status(f"Uploaded {name} ({human_size(size)}).")
        self.load(force=True)

    def action_delete(self) -> None:
        row = self._current()
        if row is None or row.get("folder"):
            self.app.notify("Pick an object (not a folder) to delete.")
            return
        self._delete(row)

    @work(group="objects-transfer", exit_on_error=False)
    @guarded
    async def _delete(self, row: dict[str, Any]) -> None:
        from linode_tui.api.errors import LinodeError
        from linode_tui.transfer import TransferError, delete

        try:
            url = await self._signed("delete", row["name"], row, {})
            if url is None:
                return
            await delete(url)
        except (LinodeError, TransferError) as exc:
            self._failed("deleted", exc)
            return
        self._status(f"Deleted {row['name']}.")
        self.all = [o for o in self.all if o.get("name") != row["name"]]
        self.show()
        self.load(force=True)


__all__ = ["ObjectsView", "entries", "human_size"]
