"""Support tickets, Longview clients and tags worked end to end."""

from __future__ import annotations

from typing import Any

from textual.widgets import TabbedContent, TextArea

from linode_tui.ui.dialogs import ConfirmDialog, FormDialog, SecretDialog, TypeToConfirmDialog
from linode_tui.ui.views.detail import DetailView
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import form_shown, mutations, select_row, until, wait_rows

OPEN_TICKET, CLOSED_TICKET = 20017392, 20018120


def _has_options(widget: Any, more_than: int = 1) -> Any:
    """A predicate: the select (or selection list) has its choices loaded."""
    return lambda: (len(widget._options) if hasattr(widget, "_options") else widget.option_count) > more_than



async def test_ticket_open_regarding_an_entity_reply_and_close(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="tickets")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 3)
        before = set(sim.world.tickets)
        await pilot.press("n")
        form = await form_shown(pilot, app)
        regarding = form.query_one("#f-regarding")
        await until(pilot, lambda: len(regarding._options) > 5, "the entity picker")
        lid = next(iter(sim.world.linodes))
        form.query_one("#f-summary").value = "Disk slow"
        regarding.value = f"linode_id:{lid}"
        form.query_one("#f-description", TextArea).text = "Since 09:00 UTC\nio wait is 80%."
        await pilot.pause()
        form.action_submit()
        await until(pilot, lambda: set(sim.world.tickets) - before, "the ticket opened")
        (tid,) = set(sim.world.tickets) - before
        t = sim.world.tickets[tid]
        assert t["entity"]["id"] == lid and t["description"] == "Since 09:00 UTC\nio wait is 80%."
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        reply = view.area.action("reply")
        assert "is closed" in (
            app.services.verdict(view.area, reply, [view.rows[CLOSED_TICKET]]).reason or ""
        )
        await select_row(pilot, view, OPEN_TICKET)
        await pilot.press("R")
        form = await form_shown(pilot, app)
        replies = len(sim.world.ticket_replies[OPEN_TICKET])
        form.query_one("#f-description", TextArea).text = "Still failing.\nAny news?"
        form.action_submit()
        await until(pilot, lambda: len(sim.world.ticket_replies[OPEN_TICKET]) > replies, "the reply")
        assert sim.world.ticket_replies[OPEN_TICKET][-1]["description"] == "Still failing.\nAny news?"
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        await pilot.press("a")
        await until(pilot, lambda: app.screen.query_one("#menu"), "the menu")
        menu = app.screen.query_one("#menu")
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        menu.highlighted = ids.index("close")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        app.screen.query_one("#confirm").press()
        await until(pilot, lambda: sim.world.tickets[OPEN_TICKET]["status"] == "closed", "closed")
        assert mutations(sim) == [
            ("POST", "/support/tickets"),
            ("POST", f"/support/tickets/{OPEN_TICKET}/replies"),
            ("POST", f"/support/tickets/{OPEN_TICKET}/close"),
        ]


async def test_longview_client_key_masked_until_revealed(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="longview")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        before = set(sim.world.longview_clients)
        await pilot.press("n")
        form = await form_shown(pilot, app)
        form.query_one("#f-label").value = "lv-cache"
        form.action_submit()
        await until(pilot, lambda: isinstance(app.screen, SecretDialog), "the key dialog")
        (cid,) = set(sim.world.longview_clients) - before
        key = sim.world.longview_clients[cid]["api_key"]
        dialog = app.screen
        assert key not in str(dialog.query_one("#secret").render())
        await pilot.press("ctrl+r")
        shown = str(dialog.query_one("#secret").render())
        assert key in shown and sim.world.longview_clients[cid]["install_code"] in shown
        await pilot.press("escape")
        await until(pilot, lambda: cid in view.rows, "listed")
        await select_row(pilot, view, cid)
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the typed confirmation")
        app.screen.query_one("#typed").value = "lv-cache"
        await pilot.press("enter")
        await until(pilot, lambda: cid not in sim.world.longview_clients, "deleted")
        assert mutations(sim) == [("POST", "/longview/clients"), ("DELETE", f"/longview/clients/{cid}")]


async def test_tag_create_on_objects_and_its_detail_lists_them_by_type(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="tags")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 3)
        await pilot.press("n")
        form = await form_shown(pilot, app)
        lids = list(sim.world.linodes)[:2]
        vid = next(iter(sim.world.volumes))
        for name in ("linodes", "volumes"):
            sl = form.query_one(f"#f-{name}")
            await until(pilot, _has_options(sl, 0), f"{name} to pick")
        for lid in lids:
            form.query_one("#f-linodes").select(lid)
        form.query_one("#f-volumes").select(vid)
        form.query_one("#f-label").value = "on-call"
        form.action_submit()
        await until(pilot, lambda: "on-call" in sim.world.tags, "the tag")
        assert all("on-call" in sim.world.linodes[i]["tags"] for i in lids)
        await until(pilot, lambda: "on-call" in view.rows, "listed")
        app.open_detail(view.area, view.rows["on-call"])
        await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the detail")
        detail = app.current_view()
        await until(pilot, lambda: detail.query_one("#table-objects", ResourceTable), "the tabs")
        detail.query_one(TabbedContent).active = "tab-objects"
        await until(pilot, lambda: detail.tab_rows.get("objects"), "the tagged objects")
        kinds = sorted(r["type"] for r in detail.tab_rows["objects"].values())
        assert kinds == ["linode", "linode", "volume"]
        assert "pages" not in str(detail.query_one("#summary").render())  # not the envelope
        await pilot.press("escape")
        await until(pilot, lambda: app.current_view() is view, "back")
        await select_row(pilot, view, "on-call")
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the typed confirmation")
        app.screen.query_one("#typed").value = "on-call"
        await pilot.press("enter")
        await until(pilot, lambda: "on-call" not in sim.world.tags, "deleted")
        assert not any("on-call" in sim.world.linodes[i]["tags"] for i in lids)
        assert mutations(sim) == [("POST", "/tags"), ("DELETE", "/tags/on-call")]


async def test_managed_service_disable_and_enable(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="managed")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 2)
        enable = view.area.action("enable")
        assert app.services.verdict(view.area, enable, [view.rows[9938]]).reason  # not disabled
        await select_row(pilot, view, 9938)
        await pilot.press("a")
        await until(pilot, lambda: app.screen.query_one("#menu"), "the menu")
        menu = app.screen.query_one("#menu")
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        menu.highlighted = ids.index("disable")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        app.screen.query_one("#confirm").press()
        await until(pilot, lambda: sim.world.managed_services[9938]["status"] == "disabled", "disabled")
        await until(pilot, lambda: view.rows[9938]["status"] == "disabled", "the row refreshed")
        assert app.services.verdict(view.area, enable, [view.rows[9938]]).ok
        assert mutations(sim) == [("POST", "/managed/services/9938/disable")]


async def test_ticket_attach_a_file_refused_locally_then_uploaded_and_listed(
    app_factory: Any, sim: Any, tmp_path: Any
) -> None:
    """The path prompt refuses a missing file, a type the API does not accept and a file over the
    limit next to the field (the path kept, nothing sent); a real file is confirmed, sent as the
    ``file`` part of a multipart body and listed in the ticket's detail."""
    from linode_tui.areas.tickets import MAX_ATTACHMENT_BYTES
    from linode_tui.sim.framework import FormFile, parse_multipart

    shot = tmp_path / "screen.png"
    shot.write_bytes(b"\x89PNG\r\n\x1a\n" + b"pixels" * 50)
    (tmp_path / "notes.exe").write_bytes(b"MZ")
    (tmp_path / "huge.txt").write_bytes(b"x" * (MAX_ATTACHMENT_BYTES + 1))
    app = app_factory(command="tickets")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 3)
        attach = view.area.action("attach")
        assert "is closed" in (
            app.services.verdict(view.area, attach, [view.rows[CLOSED_TICKET]]).reason or ""
        )
        await select_row(pilot, view, OPEN_TICKET)
        await pilot.press("A")
        form = await form_shown(pilot, app)
        for typed, says in ((tmp_path / "gone.png", "No such file"), (tmp_path / "notes.exe", "accepts only"),
                            (tmp_path / "huge.txt", "at most 5 MB")):
            form.query_one("#f-file").value = str(typed)
            form.action_submit()
            def shown(says: str = says) -> bool:
                return says in str(form.query_one("#err-file").render())

            await until(pilot, shown, says)
            assert app.screen is form and form.query_one("#f-file").value == str(typed)
        assert mutations(sim) == []
        form.query_one("#f-file").value = str(shot)
        form.action_submit()
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        assert "screen.png (308 bytes)" in app.screen.body
        app.screen.query_one("#confirm").press()
        await until(pilot, lambda: sim.world.ticket_attachments.get(OPEN_TICKET), "the attachment")
        assert sim.world.ticket_attachments[OPEN_TICKET] == [{"name": "screen.png", "size": 308}]
        assert "screen.png" in sim.world.tickets[OPEN_TICKET]["attachments"]
        assert mutations(sim) == [("POST", f"/support/tickets/{OPEN_TICKET}/attachments")]
        sent = [r for r in sim.request_log if r.method == "POST"][-1]
        boundary = sent.body.split(b"\r\n", 1)[0].removeprefix(b"--").decode()
        parts = parse_multipart(f"multipart/form-data; boundary={boundary}", sent.body)
        assert parts == {"file": FormFile("screen.png", shot.read_bytes(), "image/png")}
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        await until(pilot, lambda: "screen.png" in view.rows[OPEN_TICKET].get("attachments", []), "row")
        app.open_detail(view.area, view.rows[OPEN_TICKET])
        await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the detail")
        detail = app.current_view()
        await until(pilot, lambda: "screen.png" in str(detail.query_one("#summary").render()), "listed")
