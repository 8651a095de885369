"""Snapshots of the platform areas' hand-written screens (plain `def`, deterministic: frozen
simulator clock, poller off, UTC). Regenerate with `pytest --snapshot-update` after a deliberate
change, and look at the SVGs before committing them."""

from __future__ import annotations

from typing import Any

import pytest

from linode_tui.areas.users import USERS
from linode_tui.ui.views.grants import GrantsView
from linode_tui.ui.widgets.vtable import ResourceTable

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


@pytest.mark.parametrize("size", SIZES)
def test_grants_editor(snap_compare: Any, app_factory: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        app = pilot.app
        await _until(pilot, lambda: app.current_view() is not None and not app.startup_pending)
        app.push_view(GrantsView(USERS, {"username": "intern", "restricted": True}))
        editor = app.current_view()
        await _until(pilot, lambda: editor.loaded and editor.rows)
        table = editor.query_one(ResourceTable)
        table.focus()
        table.move_cursor_to_key("global:add_volumes")
        editor.action_cycle()  # one unsaved change, marked
        await pilot.pause()

    assert snap_compare(app_factory(command="users"), terminal_size=size, run_before=run_before)


KUBE_OLD = """apiVersion: v1
kind: Config
clusters:
- name: home
  cluster: {server: 'https://10.0.0.1:6443'}
- name: lke-prod-k8s
  cluster: {server: 'https://old.example:443'}
users:
- name: home-admin
  user: {token: abc}
contexts:
- name: home
  context: {cluster: home, user: home-admin}
- name: lke-prod-k8s
  context: {cluster: lke-prod-k8s, user: home-admin}
current-context: home
"""


@pytest.mark.parametrize("size", SIZES)
def test_kubeconfig_merge_confirmation(snap_compare: Any, app_factory: Any, size: tuple[int, int]) -> None:
    from pathlib import Path

    from linode_tui.kubeconfig import decode, plan_merge
    from linode_tui.ui.views.kubeconfig import merge_confirmation

    path = Path("/tmp/linode-tui-snapshot/.kube/config")  # a fixed path: it is shown on screen
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(KUBE_OLD)

    async def run_before(pilot: Any) -> None:
        app = pilot.app
        await _until(pilot, lambda: app.current_view() is not None and not app.startup_pending)
        answer = await app.services.client.get("/lke/clusters/102276/kubeconfig", cache=False)
        plan = plan_merge(decode(answer), "lke-prod-k8s", path, now=0)
        app.push_screen(merge_confirmation(plan))
        await pilot.pause()

    assert snap_compare(app_factory(command="lke"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_objects_browser(snap_compare: Any, app_factory: Any, size: tuple[int, int]) -> None:
    from linode_tui.areas.buckets import BUCKETS
    from linode_tui.ui.views.objects import ObjectsView

    async def run_before(pilot: Any) -> None:
        app = pilot.app
        await _until(pilot, lambda: app.current_view() is not None and not app.startup_pending)
        bucket = await app.services.client.get("/object-storage/buckets/us-east/assets-prod")
        app.push_view(ObjectsView(BUCKETS, bucket))
        browser = app.current_view()
        await _until(pilot, lambda: browser.loaded)
        browser.query_one(ResourceTable).move_cursor_to_key("index.html")
        await pilot.pause()

    assert snap_compare(app_factory(command="buckets"), terminal_size=size, run_before=run_before)
