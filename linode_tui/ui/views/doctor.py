"""`:doctor`: the checks of `linode-tui doctor` (config, token, API, scopes, clock, terminal) as a
list, each problem with its fix."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.widgets import Static

from linode_tui.core.descriptors import Area
from linode_tui.ui.guard import guarded
from linode_tui.ui.views.records import RecordsView
from linode_tui.ui.widgets.vtable import Column

DOCTOR = Area(key="doctor", title="Doctor", path="", columns=(), paginated=False, status_key=None,
              id_key="name", label_key="name")
_STYLE = {"ok": "green", "warn": "yellow", "fail": "bold red"}


def _status(row: dict[str, Any]) -> Text:
    s = str(row.get("status"))
    return Text({"ok": "ok", "warn": "WARN", "fail": "FAIL"}.get(s, s), style=_STYLE.get(s, ""))


class DoctorView(RecordsView):
    area = DOCTOR
    columns = (
        Column("status", "", width=4, formatter=_status),
        Column("name", "Check", width=12),
        Column("detail", "Detail", width=50, max_width=80),
        Column("fix", "Fix", width=40, max_width=80),
    )

    def action_refresh(self) -> None:
        self.query_one("#note", Static).update(Text("Running the checks…"))
        self._run()

    @work(group="doctor", exclusive=True, exit_on_error=False)
    @guarded
    async def _run(self) -> None:
        from linode_tui.doctor import run_checks_async

        settings = self.tui.settings
        services = self.tui.services
        kw: dict[str, Any] = {"profile": settings.profile, "api_url": settings.api_url}
        note = ""
        if services is not None and services.sim is not None:
            # The demo: the API checks ask the built-in simulator (there is no real account here).
            # Its token is "demo" and its clock is the simulator's (it runs faster than real time).
            import os

            kw["api_url"] = str(services.client.base_url)
            kw["transport"] = services.sim.transport()
            kw["env"] = {**os.environ, "LINODE_TOKEN": "demo"}
            kw["wall"] = settings.now
            note = "demo: the token, API, scopes and clock checks ran against the built-in simulator. "
        size = (self.app.size.width, self.app.size.height)
        checks = await run_checks_async(terminal=(size, True), timeout=8.0, **kw)
        rows = [c.to_dict() for c in checks]
        fails = sum(c.status == "fail" for c in checks)
        warns = sum(c.status == "warn" for c in checks)
        summary = "all good" if not fails and not warns else f"{fails} problem(s), {warns} warning(s)"
        self.show(rows, note=note + summary + " — enter shows a check, r runs them again")
