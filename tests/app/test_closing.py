"""Updates that arrive while the app closes (its widgets already removed): the poller's last event
update, a client notice, a problem report. They are dropped; nothing raises (a monkey run found an
event update queued just before the poller stopped, which ended the closing app with a traceback)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from linode_tui.ui.widgets.status_panel import StatusPanel
from tests.helpers import wait_rows


async def test_late_updates_after_the_status_panel_is_gone_are_dropped(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_rows(pilot, app)
        assert app.status_panel() is app.query_one(StatusPanel)
        await app.query_one(StatusPanel).remove()
        assert app.status_panel() is None
        app.handle_event_update(SimpleNamespace(kind="progress", event={"id": 1, "action": "linode_boot"}))
        app.handle_event_update(SimpleNamespace(kind="error", error="network down"))
        app._client_notice(SimpleNamespace(kind="error", message="The API did not answer"))
        app.api_recovered()
        app.report_problem("late")
        await pilot.pause()
        assert app.is_running and app._exception is None
