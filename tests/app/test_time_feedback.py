"""Time, feedback, themes and the command line's Tab completion, as a user sees them."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from linode_tui.api.events import EventUpdate
from linode_tui.api.ratelimit import ClientNotice
from linode_tui.core.services import Settings
from linode_tui.ui.app import make_app
from linode_tui.ui.fmt import status_text
from linode_tui.ui.theme import styles_for
from linode_tui.ui.widgets.chrome import AppHeader, CommandBar
from linode_tui.ui.widgets.status_panel import StatusPanel
from tests.helpers import until, wait_rows


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _event(sim: Any, eid: int, status: str, *, age: float = 0.0, **extra: Any) -> dict[str, Any]:
    return {
        "id": eid,
        "action": "linode_boot",
        "status": status,
        "created": _iso(sim.clock.now() - age),
        "entity": {"type": "linode", "id": 1, "label": "web-1"},
        "username": "demo-user",
        "percent_complete": extra.pop("percent_complete", 100 if status == "finished" else 40),
        **extra,
    }


def _panel_text(app: Any) -> str:
    return app.query_one(StatusPanel).render().plain


def _header(app: Any) -> str:
    content = app.query_one(AppHeader).content
    return content.plain if hasattr(content, "plain") else str(content)


# ---------------------------------------------------------------------------------- time


async def test_ages_keep_ticking_with_nothing_in_flight(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app)
        panel = app.query_one(StatusPanel)
        panel.update_event(_event(sim, 9001, "finished", age=47))
        assert "47s ago" in _panel_text(app)
        assert not panel.in_flight
        refreshes: list[int] = []
        real_refresh = panel.refresh

        def counting_refresh(*args: Any, **kwargs: Any) -> Any:
            refreshes.append(1)
            return real_refresh(*args, **kwargs)

        panel.refresh = counting_refresh
        sim.clock.advance(60)
        # no update arrives: the panel repaints by itself and shows the new age
        await until(pilot, lambda: refreshes, "the panel repainting on its own", timeout=15)
        assert "1m47s ago" in _panel_text(app)


async def test_time_remaining_from_the_poller(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app)
        ev = _event(sim, 9002, "started", time_remaining=None)
        app.handle_event_update(EventUpdate("progress", ev, eta_seconds=130, eta_estimated=True))
        assert "~2 min left" in _panel_text(app)
        # the API's own figure is not marked as an estimate, and counts down between polls
        ev2 = _event(sim, 9003, "started", time_remaining="0:01:30")
        app.handle_event_update(EventUpdate("progress", ev2, eta_seconds=90, eta_estimated=False))
        assert "1m30s left" in _panel_text(app)
        sim.clock.advance(30)
        text = _panel_text(app)
        assert "1m00s left" in text and "~1 min left" not in text.split("web-1")[0]
        await pilot.pause()


async def test_ages_use_the_api_clock(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app)
        client = app.services.client
        # the API's Date headers said it is an hour ahead of this machine
        client.server_clock.record(sim.clock.now() + 3600, sim.clock.now(), sim.clock.now())
        ev = _event(sim, 9004, "finished", age=0)
        ev["created"] = _iso(sim.clock.now() + 3600 - 120)  # the API's timestamp: 2 minutes ago
        app.query_one(StatusPanel).update_event(ev)
        assert "2m00s ago" in _panel_text(app)


# ---------------------------------------------------------------------------------- feedback


async def test_read_only_token_gets_a_badge(app_factory: Any) -> None:
    app = app_factory(token="readonly")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app)
        await until(pilot, lambda: "READ-ONLY TOKEN" in _header(app), "the read-only token badge")
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app)
        await until(pilot, lambda: app.services.client.scopes.known, "scopes known")
        assert "READ-ONLY" not in _header(app)


async def test_rate_limit_is_one_message_counting_down(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app)
        client = app.services.client
        now = sim.clock.now()
        # what the client does on a 429 of the events class: one notice, the episode open
        client._rate_limited["events"] = now + 12
        client._emit(ClientNotice("rate_limited", "429", method="GET", path="/account/events",
                                  limit_class="events", retry_at=now + 12))
        assert "THROTTLED" in _header(app)
        text = _panel_text(app)
        assert text.count("429") == 1 and "retrying in 12 s" in text
        sim.clock.advance(5)
        assert "retrying in 7 s" in _panel_text(app)
        # slow/answered notices (mere waiting) are no errors here
        client._emit(ClientNotice("slow", "waiting", method="GET", path="/linode/instances"))
        assert len(app.query_one(StatusPanel).state.problems) == 1
        client._rate_limit_over("GET", "/account/events")
        assert "429" not in _panel_text(app)
        assert "THROTTLED" not in _header(app)


async def test_throttle_badge_while_the_client_waits(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app)
        client = app.services.client
        client.rate._waiting = 1  # the limiter is sleeping until the window resets
        client.rate._emit(ClientNotice("throttled", "wait", limit_class="get",
                                       retry_at=sim.clock.now() + 4))
        assert "THROTTLED" in _header(app)
        assert "retrying in 4 s" in _panel_text(app)
        client.rate._waiting = 0
        client.rate._emit(ClientNotice("unthrottled", "reset", limit_class="get"))
        assert "THROTTLED" not in _header(app)
        assert "retrying" not in _panel_text(app)


# ---------------------------------------------------------------------------------- themes


async def test_theme_from_env_and_remembered(app_factory: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg_dir = Path(os.environ["LINODE_TUI_CONFIG_DIR"])
    cfg_dir.mkdir(parents=True)
    (cfg_dir / "config.toml").write_text('# my settings\n[ui]\ntheme = "nord"  # cold\n')
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app)
        assert app.theme == "nord"
        before = app.console.get_style("success").color
        assert before is not None
        assert before.triplet.hex.lower() == app.theme_variables["text-success"].lower()
        app.theme = "gruvbox"
        await until(pilot, lambda: 'theme = "gruvbox"' in (cfg_dir / "config.toml").read_text(),
                    "the theme remembered")
        after = app.console.get_style("success").color
        assert after != before
        assert after.triplet.hex.lower() == app.theme_variables["text-success"].lower()
    text = (cfg_dir / "config.toml").read_text()
    assert "# my settings" in text  # the user's comments stay
    monkeypatch.setenv("LINODE_TUI_THEME", "dracula")
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app)
        assert app.theme == "dracula"


async def test_unknown_theme_says_so(app_factory: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINODE_TUI_THEME", "no-such-theme")
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app)
        assert any("no-such-theme" in str(n.message) for n in app._notifications)


def test_states_readable_without_colour() -> None:
    mono = styles_for({}, no_color=True)
    assert mono["error"].bold and mono["warning"].italic and mono["badge-warning"].reverse
    assert all(style.color is None for style in mono.values())
    offline = status_text("offline")
    assert offline.plain == "○ offline"
    assert {str(s.style) for s in offline.spans} >= {"error", "bold"}  # bold as well as red
    assert status_text("running").plain.startswith("●")
    assert status_text("booting").plain.startswith("◐")


# ---------------------------------------------------------------------------------- command line


async def test_tab_completes_words_areas_and_labels(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app)
        bar = app.query_one(CommandBar)
        await pilot.press("colon", "v", "o", "l", "u", "tab")
        assert bar.value == "volume"  # the common part of volume / volumes
        await pilot.press("tab")
        assert bar.value == "volumes"
        bar.value = "dashb"
        bar.cursor_position = 5
        await pilot.press("tab")
        assert bar.value == "dashboard "  # one match: the word and a space
        bar.value = "vol"
        bar.cursor_position = 3
        await pilot.press("tab")  # "vol" is an alias too: the common part of the longer words
        assert bar.value == "volume"
        bar.value = "stat"
        bar.cursor_position = 4
        await pilot.press("tab")
        assert bar.value == "stats "
        labels = sorted(str(r["label"]) for r in view.rows.values())
        unique = next(
            lab for lab in labels if sum(1 for o in labels if o.startswith(lab[:-1])) == 1
        )
        for ch in unique[:-1]:
            await pilot.press(ch if ch != "-" else "minus")
        await pilot.press("tab")
        assert bar.value == f"stats {unique} "
        # ambiguous: the common part, then each in turn
        bar.value = "li"
        bar.cursor_position = 2
        await pilot.press("tab")
        first = bar.value
        await pilot.press("tab")
        assert first != bar.value and {first, bar.value} <= {"li", "linode", "linodes"}


# ---------------------------------------------------------------------------------- welcome


async def test_welcome_reports_a_readable_token_file() -> None:
    cfg_dir = Path(os.environ["LINODE_TUI_CONFIG_DIR"])
    (cfg_dir / "tokens").mkdir(parents=True)
    path = cfg_dir / "tokens" / "default.token"
    path.write_text("abc123\n")
    path.chmod(0o644)
    app = make_app(Settings(poll=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        from textual.widgets import Static

        problem = app.screen.query_one("#token-file-problem", Static)
        text = str(problem.content)
        assert f"chmod 600 {path}" in text
        assert "abc123" not in text
