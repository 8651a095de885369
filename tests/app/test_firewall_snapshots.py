"""Snapshots of the firewall rules editor (plain `def`, deterministic: frozen simulator clock, poller
off, UTC): the editor with pending changes (an added rule, a rule moved, a policy toggled) and the
save confirmation listing their diff, at 80×24 and 120×40. Regenerate with `pytest
--snapshot-update` after a deliberate change, and look at the SVGs before committing them."""

from __future__ import annotations

from typing import Any

import pytest

from linode_tui.areas.firewalls import FIREWALLS
from linode_tui.ui.views.firewall_rules import FirewallRulesView, RulesEditor, RulesTable

SIZES = [(80, 24), (120, 40)]


async def _until(pilot: Any, predicate: Any, tries: int = 300) -> None:
    for _ in range(tries):
        await pilot.pause()
        try:
            if predicate():
                return
        except Exception:
            pass
    raise AssertionError("never happened")


async def _editor_with_changes(pilot: Any) -> Any:
    app = pilot.app
    await _until(pilot, lambda: app.current_view() is not None and not app.startup_pending)
    fw = next(f for f in app.services.sim.world.firewalls.values() if f["label"] == "fw-web")
    app.push_view(FirewallRulesView(FIREWALLS, dict(fw)))
    view = app.current_view()
    await _until(pilot, lambda: view.query_one(RulesEditor).loaded)
    editor = view.query_one(RulesEditor)
    inbound = editor.rules["inbound"]
    inbound.insert(
        1,
        {
            "_uid": "new",
            "label": "web-alt",
            "action": "ACCEPT",
            "protocol": "TCP",
            "ports": "8080-8090",
            "addresses": {"ipv4": ["0.0.0.0/0"], "ipv6": ["::/0"]},
        },
    )
    inbound.append({"_uid": "rs", "ruleset": 11})
    inbound[0] = {**inbound[0], "ports": "22, 2222"}  # ssh: changed
    inbound[2], inbound[3] = inbound[3], inbound[2]  # http and https: swapped
    editor.rules["outbound_policy"] = "DROP"
    editor.render_all(focus=("inbound", "new"))
    await pilot.pause()
    return editor


@pytest.mark.parametrize("size", SIZES)
def test_rules_editor_with_pending_changes(
    snap_compare: Any, app_factory: Any, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Any) -> None:
        await _editor_with_changes(pilot)

    assert snap_compare(app_factory(command="firewalls"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_rules_save_confirmation_shows_the_diff(
    snap_compare: Any, app_factory: Any, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Any) -> None:
        from linode_tui.ui.dialogs import ConfirmDialog

        editor = await _editor_with_changes(pilot)
        editor.query_one("#fw-inbound", RulesTable).focus()
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog))
        await pilot.pause()

    assert snap_compare(app_factory(command="firewalls"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_rule_form_with_a_local_error(snap_compare: Any, app_factory: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        from linode_tui.ui.dialogs import FormDialog

        editor = await _editor_with_changes(pilot)
        editor.query_one("#fw-inbound", RulesTable).focus()
        await pilot.press("e")
        await _until(pilot, lambda: isinstance(pilot.app.screen, FormDialog))
        form = pilot.app.screen
        form.query_one("#f-ports").value = "8090-8080"
        form.action_submit()
        await _until(pilot, lambda: "higher" in str(form.query_one("#err-ports").render()))
        await pilot.pause()

    assert snap_compare(app_factory(command="firewalls"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_rules_tab_of_the_detail(snap_compare: Any, app_factory: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        from textual.widgets import TabbedContent

        from linode_tui.ui.views.detail import DetailView

        app = pilot.app
        await _until(pilot, lambda: app.current_view() is not None and app.current_view().rows)
        fw = next(f for f in app.services.sim.world.firewalls.values() if f["label"] == "fw-db")
        app.open_detail(FIREWALLS, dict(fw))
        await _until(pilot, lambda: isinstance(app.current_view(), DetailView))
        detail = app.current_view()
        detail.query_one(TabbedContent).active = "tab-rules"
        await _until(pilot, lambda: detail.query_one(RulesEditor).loaded)
        detail.query_one("#fw-inbound", RulesTable).focus()
        await pilot.pause()

    assert snap_compare(app_factory(command="firewalls"), terminal_size=size, run_before=run_before)
