"""Faults at the UI: the app against the simulator through the API tests' ``FaultTransport`` (and
the simulator's own presets). Each fault: no crash, a clear message in the status panel, recovery
when the fault stops, and for a mutation whose answer was lost: "may have been applied" (never
"failed"), no second request, and the resource re-read at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Button

from linode_tui.core.services import Settings
from linode_tui.sim import TokenInfo, create_sim
from linode_tui.sim.faults import html_page
from linode_tui.ui.app import LinodeTUI, make_app
from linode_tui.ui.dialogs import ConfirmDialog
from linode_tui.ui.views.listing import ResourceListView
from linode_tui.ui.widgets.status_panel import StatusPanel
from tests.api.test_faults import (
    FaultTransport,
    after,
    answer,
    delayed,
    error_json,
    reset_after,
    reset_before,
    timeout_after,
    truncated,
    with_token,
)
from tests.helpers import until, wait_idle, wait_rows


class Rig:
    def __init__(self) -> None:
        self.sim = create_sim(seed=7, linodes=12, frozen=True)
        self.sim.world.tokens["few-scopes"] = TokenInfo(name="few-scopes", scopes="volumes:read_only")
        self.transport = FaultTransport(self.sim.transport())
        self.sleeps: list[float] = []

        async def sim_sleep(seconds: float) -> None:  # retries and 429 waits in simulated time
            self.sleeps.append(seconds)
            self.sim.clock.advance(seconds)

        self.client = self.sim.client("demo", transport=self.transport, sleep=sim_sleep,
                                      wall=self.sim.clock.now, slow_after=0.2)
        settings = Settings(demo=True, poll=False, command="linodes", now=self.sim.clock.now)
        self.app: LinodeTUI = make_app(settings, self.client, sim=self.sim)

    def problems(self) -> list[str]:
        return [p.message for p in self.app.query_one(StatusPanel).state.problems]

    def logged(self, method: str, path: str) -> list[int]:
        return [r.status for r in self.sim.request_log if r.method == method and r.path == path]


@pytest.fixture
def rig() -> Rig:
    return Rig()


def title(view: ResourceListView) -> str:
    return str(view.query_one("#title").render())


async def started(pilot: Any, rig: Rig) -> ResourceListView:
    view = await wait_rows(pilot, rig.app)
    await wait_idle(pilot, rig.app)
    return view


READ_FAULTS: list[Any] = [
    pytest.param(error_json(500, "Internal server error"), "server error (HTTP 500)", id="500"),
    pytest.param(error_json(503, "Currently in maintenance mode.", {"X-Maintenance-Mode": "all"}),
                 "maintenance", id="503-maintenance"),
    pytest.param(answer(502, html_page(502, "Bad Gateway"), "text/html"), "502", id="html-body"),
    pytest.param(truncated, "", id="truncated-json"),
    pytest.param(reset_before, "", id="reset"),
    pytest.param(with_token("revoked-token"), "401", id="401-mid-session"),
]


@pytest.mark.parametrize(("fault", "words"), READ_FAULTS)
async def test_a_failed_refresh_keeps_rows_marked_stale_then_recovers(
    rig: Rig, fault: Callable[..., Any], words: str
) -> None:
    async with rig.app.run_test(size=(120, 40)) as pilot:
        view = await started(pilot, rig)
        shown = len(view.rows)
        # the client retries reads on some faults: fail every attempt, then let the API answer
        rig.transport.inject(*[fault] * 4)
        await pilot.press("r")
        await until(pilot, lambda: view.error and not view.loading, "the refresh failing")
        assert len(view.rows) == shown  # what was on screen stays, marked stale
        assert "stale: rows as of" in title(view)
        message = " ".join(rig.problems())
        assert "Linodes:" in message and "Traceback" not in message
        assert words.lower() in message.lower()
        assert "demo" not in message.split("Linodes:")[1].split()[:1]  # (no token in messages)
        rig.transport.plan.clear()
        await pilot.press("r")
        await until(pilot, lambda: not view.error and not view.loading, "the refresh succeeding")
        assert "stale" not in title(view)
        assert any("answers again" in p for p in rig.problems())
        assert rig.app._exception is None


async def test_429_with_retry_after_waits_then_shows_the_rows(rig: Rig) -> None:
    async with rig.app.run_test(size=(80, 24)) as pilot:
        view = await started(pilot, rig)
        rig.transport.inject(error_json(429, "Too many requests", {"Retry-After": "3"}))
        await pilot.press("r")
        await until(pilot, lambda: not view.loading and rig.sleeps, "the retry")
        await wait_idle(pilot, rig.app)
        assert 3.0 in rig.sleeps and not view.error and len(view.rows) == 12
        assert rig.app._exception is None


async def test_403_says_what_the_token_lacks(rig: Rig) -> None:
    async with rig.app.run_test(size=(80, 24)) as pilot:
        view = await started(pilot, rig)
        rig.transport.inject(with_token("few-scopes"), with_token("few-scopes"))
        await pilot.press("r")
        await until(pilot, lambda: view.error and not view.loading, "the refresh failing")
        assert "403" in " ".join(rig.problems()) or "permission" in " ".join(rig.problems()).lower()
        rig.transport.plan.clear()
        await pilot.press("r")
        await until(pilot, lambda: not view.error and not view.loading, "the refresh succeeding")


async def test_a_slow_answer_is_shown_in_the_title_while_it_waits(rig: Rig) -> None:
    async with rig.app.run_test(size=(120, 40)) as pilot:
        view = await started(pilot, rig)
        rig.transport.inject(delayed(1.3))
        await pilot.press("r")
        await until(pilot, lambda: "waiting for the API" in title(view), "the title saying it waits")
        await until(pilot, lambda: "waiting for the API: 1 s" in title(view), "the seconds counting")
        assert view.loading and view._cover_widget is None  # rows and title stay on screen meanwhile
        assert view.query_one("#title").region.height == 1
        await until(pilot, lambda: not view.loading, "the answer")
        await until(pilot, lambda: "waiting" not in title(view), "the note going away")
        assert not view.error


MUTATION_FAULTS = [
    pytest.param(after(502, html_page(502, "Bad Gateway")), id="502-after-processing"),
    pytest.param(reset_after, id="cut-after-processing"),
    pytest.param(timeout_after, id="timeout-after-processing"),
]


def confirm_shown(app: Any) -> bool:
    """The confirmation is on screen with its buttons (not only pushed)."""
    return isinstance(app.screen, ConfirmDialog) and bool(app.screen.query("#confirm"))


@pytest.mark.parametrize("fault", MUTATION_FAULTS)
async def test_a_lost_answer_to_a_mutation_may_have_been_applied(rig: Rig, fault: Any) -> None:
    async with rig.app.run_test(size=(120, 40)) as pilot:
        view = await started(pilot, rig)
        linode = next(r for r in view.rows.values() if r.get("status") == "running")
        path = f"/linode/instances/{linode['id']}"
        rig.app.start_action(view.area, view.area.action("reboot"), [linode], view)  # type: ignore[arg-type]
        await until(pilot, lambda: confirm_shown(rig.app), "the confirmation")
        rig.transport.inject(fault)
        gets_before = len(rig.logged("GET", path))
        rig.app.screen.query_one("#confirm", Button).press()
        await until(pilot, lambda: any("may have been applied" in p for p in rig.problems()), "the warning")
        await until(pilot, lambda: len(rig.logged("GET", path)) > gets_before, "the re-read of the Linode")
        await wait_idle(pilot, rig.app)
        assert rig.logged("POST", f"{path}/reboot") == [200]  # applied once, never sent again
        assert rig.sim.world.linodes[linode["id"]]["status"] == "rebooting"
        text = " ".join(rig.problems())
        assert "failed" not in text.lower()
        assert "re-read, the API shows status rebooting" in text
        assert view.rows[linode["id"]]["status"] == "rebooting"  # the list shows what the API says
        assert rig.app._exception is None


async def test_500_before_a_mutation_reaches_the_api_is_not_resent(rig: Rig) -> None:
    async with rig.app.run_test(size=(80, 24)) as pilot:
        view = await started(pilot, rig)
        linode = next(r for r in view.rows.values() if r.get("status") == "running")
        rig.app.start_action(view.area, view.area.action("reboot"), [linode], view)  # type: ignore[arg-type]
        await until(pilot, lambda: confirm_shown(rig.app), "the confirmation")
        rig.transport.inject(error_json(500, "Internal server error"))
        rig.app.screen.query_one("#confirm", Button).press()
        await until(pilot, lambda: any("may have been applied" in p for p in rig.problems()), "the warning")
        await wait_idle(pilot, rig.app)
        posted = [m for m, p in rig.transport.seen if m == "POST"]
        assert len(posted) == 1  # one attempt, whatever the answer
        assert rig.logged("POST", f"/linode/instances/{linode['id']}/reboot") == []
        assert "re-read, the API shows status running" in " ".join(rig.problems())


@pytest.mark.parametrize("preset", ["unstable", "offline", "maintenance"])
async def test_the_simulators_fault_presets_never_crash_and_recover(rig: Rig, preset: str) -> None:
    async with rig.app.run_test(size=(80, 24)) as pilot:
        view = await started(pilot, rig)
        rig.sim.set_faults(preset)
        for area in ("volumes", "linodes", "firewalls", "linodes"):
            rig.app.run_command(area)
            await wait_idle(pilot, rig.app, timeout=20)
        rig.sim.set_faults(None)
        await pilot.press("r")
        view = rig.app.current_view()  # type: ignore[assignment]
        await until(pilot, lambda: not view.loading and not view.error and view.rows, "recovery")
        assert rig.app._exception is None


async def test_a_lost_answer_to_a_form_keeps_the_form_and_says_may_have_been_applied(rig: Rig) -> None:
    from textual.widgets import Input

    from linode_tui.ui.dialogs import FormDialog

    async with rig.app.run_test(size=(120, 40)) as pilot:
        view = await started(pilot, rig)
        linode = next(iter(view.rows.values()))
        path = f"/linode/instances/{linode['id']}"
        rig.app.start_action(view.area, view.area.action("edit"), [linode], view)  # type: ignore[arg-type]
        await until(pilot, lambda: isinstance(rig.app.screen, FormDialog), "the form")
        form = rig.app.screen
        form.query_one("#f-label", Input).value = "renamed-1"
        rig.transport.inject(after(502, html_page(502, "Bad Gateway")))
        form.action_submit()  # type: ignore[attr-defined]
        await until(pilot, lambda: "may have been applied" in str(form.query_one("#general-error").render()),
                    "the form saying the outcome is unknown")
        await until(pilot, lambda: any("re-read, the API shows" in p for p in rig.problems()), "the re-read")
        assert rig.app.screen is form  # nothing typed is lost
        assert form.query_one("#f-label", Input).value == "renamed-1"
        assert rig.logged("PUT", path) == [200]  # sent once
        assert rig.sim.world.linodes[linode["id"]]["label"] == "renamed-1"
        await until(pilot, lambda: view.rows[linode["id"]]["label"] == "renamed-1", "the list showing it")
        assert "failed" not in " ".join(rig.problems()).lower()


async def test_a_slow_detail_says_it_waits(rig: Rig) -> None:
    from linode_tui.ui.views.detail import DetailView

    async with rig.app.run_test(size=(120, 40)) as pilot:
        view = await started(pilot, rig)
        linode = next(iter(view.rows.values()))
        rig.app.open_detail(view.area, linode)
        await until(pilot, lambda: isinstance(rig.app.current_view(), DetailView), "the detail")
        await wait_idle(pilot, rig.app)
        detail = rig.app.current_view()
        assert detail is not None
        rig.transport.inject(delayed(0.8))
        await pilot.press("r")
        await until(pilot, lambda: "waiting for the API" in title(detail), "the title saying it waits")  # type: ignore[arg-type]
        await until(pilot, lambda: "waiting" not in title(detail), "the answer")  # type: ignore[arg-type]
        rig.transport.inject(*[error_json(500, "Internal server error")] * 4)
        await pilot.press("r")
        await until(pilot, lambda: "stale: as of" in title(detail), "the detail marked stale")  # type: ignore[arg-type]
        rig.transport.plan.clear()
        await pilot.press("r")
        await until(pilot, lambda: "stale" not in title(detail), "the fresh answer")  # type: ignore[arg-type]
