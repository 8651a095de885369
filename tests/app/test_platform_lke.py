"""LKE worked end to end: create a cluster with node pools, the Node pools tab's actions (the
general tab-level action mechanism), upgrade, and the kubeconfig merged into ~/.kube/config without
losing a context."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml
from textual.widgets import OptionList, TabbedContent

from linode_tui.kubeconfig import KubeconfigError, plan_merge
from linode_tui.ui.dialogs import ConfirmDialog, FormDialog, MenuDialog, PromptDialog, TypeToConfirmDialog
from linode_tui.ui.views.detail import DetailView
from linode_tui.ui.views.kubeconfig import KubeconfigDialog
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import MUTATING, mutations, pick_menu, select_row, until, wait_rows

PROD = 102276  # seeded: ready, 1.31, HA, pools 305317 (g6-standard-4 ×3) and 305322
STAGING = 102299  # seeded: ready, 1.30, no HA


def _has_options(widget: Any, more_than: int = 1) -> Any:
    """A predicate: the select (or selection list) has its choices loaded."""
    return lambda: (len(widget._options) if hasattr(widget, "_options") else widget.option_count) > more_than


async def _choices_loaded(pilot: Any, form: Any, *names: str) -> None:
    for name in names:
        sel = form.query_one(f"#f-{name}")
        await until(pilot, _has_options(sel), f"choices of {name}")


async def test_create_cluster_with_pools_ha_and_autoscaler(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="lke")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app, 2)
        before = set(sim.world.lke_clusters)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the create form")
        form = app.screen
        await _choices_loaded(pilot, form, "region", "k8s_version", "pool_type")
        form.query_one("#f-label").value = "edge-k8s"
        form.query_one("#f-region").value = "us-east"
        form.query_one("#f-k8s_version").value = "1.32"
        form.query_one("#f-ha").value = True
        form.query_one("#f-pool_type").value = "g6-standard-2"
        form.query_one("#f-count").value = "3"
        form.query_one("#f-autoscale").value = True
        form.query_one("#f-min").value = "3"
        form.query_one("#f-max").value = "6"
        form.query_one("#f-more_pools").value = "g6-standard-4:2"
        form.query_one("#f-tags").value = "edge"
        await pilot.pause()
        form.action_submit()
        await until(pilot, lambda: set(sim.world.lke_clusters) - before, "the cluster created")
        (cid,) = set(sim.world.lke_clusters) - before
        c = sim.world.lke_clusters[cid]
        assert (c["label"], c["region"], c["k8s_version"]) == ("edge-k8s", "us-east", "1.32")
        assert c["control_plane"]["high_availability"] is True and c["tags"] == ["edge"]
        pools = sorted(sim.world.lke_pools[cid].values(), key=lambda p: p["id"])
        assert [(p["type"], p["count"]) for p in pools] == [("g6-standard-2", 3), ("g6-standard-4", 2)]
        assert pools[0]["autoscaler"] == {"enabled": True, "min": 3, "max": 6}
        assert mutations(sim) == [("POST", "/lke/clusters")]


async def test_create_cluster_bad_extra_pool_is_shown_next_to_the_field(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="lke")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_rows(pilot, app, 2)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the create form")
        form = app.screen
        await _choices_loaded(pilot, form, "region", "k8s_version", "pool_type")
        form.query_one("#f-label").value = "x"
        form.query_one("#f-region").value = "us-east"
        form.query_one("#f-k8s_version").value = "1.32"
        form.query_one("#f-pool_type").value = "g6-standard-2"
        form.query_one("#f-more_pools").value = "lots"
        form.action_submit()
        await until(pilot, lambda: "plan:count" in str(form.query_one("#err-more_pools").render()), "error")
        assert mutations(sim) == []


async def _pools_tab(pilot: Any, app: Any, cid: int) -> DetailView:
    view = await wait_rows(pilot, app, 2)
    app.open_detail(view.area, view.rows[cid])
    await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the detail")
    detail = app.current_view()
    await until(pilot, lambda: detail.query_one("#table-pools", ResourceTable), "the tabs mounted")
    detail.query_one(TabbedContent).active = "tab-pools"
    await until(pilot, lambda: detail.tab_rows.get("pools"), "the pools")
    return detail


async def test_pool_actions_from_the_pools_tab(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="lke")
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await _pools_tab(pilot, app, PROD)
        table = detail.query_one("#table-pools", ResourceTable)
        assert table.move_cursor_to_key(305317)
        table.focus()
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, MenuDialog), "the actions menu")
        menu = app.screen.query_one(OptionList)
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        assert [i for i in ids if not i.startswith("__")] == [
            "add",
            "resize",
            "autoscale",
            "labels",
            "recycle",
            "delete",
        ]
        await pick_menu(pilot, app, "resize")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the resize form")
        assert app.screen.query_one("#f-count").value == "3"
        app.screen.query_one("#f-count").value = "5"
        app.screen.action_submit()
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        app.screen.query_one("#confirm").press()
        await until(pilot, lambda: sim.world.lke_pools[PROD][305317]["count"] == 5, "the resize")
        await until(pilot, lambda: detail.tab_rows["pools"][305317]["count"] == 5, "the tab refreshed")
        # autoscaler on
        table.focus()
        await pilot.press("a")
        await pick_menu(pilot, app, "autoscale")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the autoscaler form")
        form = app.screen
        form.query_one("#f-autoscale").value = True
        form.query_one("#f-min").value = "2"
        form.query_one("#f-max").value = "8"
        form.action_submit()
        await until(
            pilot, lambda: sim.world.lke_pools[PROD][305317]["autoscaler"]["max"] == 8, "the autoscaler"
        )
        assert sim.world.lke_pools[PROD][305317]["autoscaler"] == {"enabled": True, "min": 2, "max": 8}
        # delete the other pool: typed
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        assert table.move_cursor_to_key(305322)
        table.focus()
        await pilot.press("a")
        await pick_menu(pilot, app, "delete")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the typed confirmation")
        app.screen.query_one("#typed").value = "305322"
        await pilot.press("enter")
        await until(pilot, lambda: 305322 not in sim.world.lke_pools[PROD], "the pool deleted")
        assert mutations(sim) == [
            ("PUT", f"/lke/clusters/{PROD}/pools/305317"),
            ("PUT", f"/lke/clusters/{PROD}/pools/305317"),
            ("DELETE", f"/lke/clusters/{PROD}/pools/305322"),
        ]


async def test_add_pool_needs_no_row(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="lke")
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await _pools_tab(pilot, app, STAGING)
        detail.query_one("#table-pools", ResourceTable).focus()
        await pilot.press("a")
        await pick_menu(pilot, app, "add")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the add form")
        form = app.screen
        await _choices_loaded(pilot, form, "type")
        form.query_one("#f-type").value = "g6-standard-1"
        form.query_one("#f-count").value = "2"
        form.action_submit()
        await until(pilot, lambda: len(sim.world.lke_pools[STAGING]) == 2, "the pool added")
        assert mutations(sim) == [("POST", f"/lke/clusters/{STAGING}/pools")]
        await until(pilot, lambda: len(detail.tab_rows["pools"]) == 2, "the tab refreshed")


async def test_upgrade_offers_only_newer_versions(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="lke")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 2)
        await select_row(pilot, view, STAGING)
        await pilot.press("U")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the upgrade form")
        sel = app.screen.query_one("#f-k8s_version")
        assert [v for _, v in sel._options if isinstance(v, str)] == ["1.32", "1.31"]
        sel.value = "1.31"
        app.screen.action_submit()
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the typed confirmation")
        app.screen.query_one("#typed").value = "staging-k8s"
        await pilot.press("enter")
        await until(pilot, lambda: sim.world.lke_clusters[STAGING]["k8s_version"] == "1.31", "the upgrade")
        assert mutations(sim) == [("PUT", f"/lke/clusters/{STAGING}")]


OTHER = """apiVersion: v1
kind: Config
clusters:
- name: home
  cluster: {server: 'https://10.0.0.1:6443'}
users:
- name: home-admin
  user: {token: abc}
contexts:
- name: home
  context: {cluster: home, user: home-admin}
current-context: home
"""


async def test_kubeconfig_merge_keeps_every_context_and_backs_up(
    app_factory: Any, sim: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KUBECONFIG", raising=False)
    kube = Path(os.environ["HOME"]) / ".kube"
    kube.mkdir(parents=True)
    (kube / "config").write_text(OTHER)
    app = app_factory(command="lke", read_only=True)  # reading the kubeconfig is allowed read-only
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 2)
        await select_row(pilot, view, PROD)
        await pilot.press("K")
        await until(pilot, lambda: isinstance(app.screen, KubeconfigDialog), "the kubeconfig dialog")
        dialog = app.screen
        await until(pilot, lambda: dialog.text is not None, "the kubeconfig loaded")
        assert "token" not in str(dialog.query_one("#kc-body").render())  # masked
        await pilot.press("ctrl+k")
        await until(pilot, lambda: isinstance(app.screen, PromptDialog), "the context name prompt")
        assert app.screen.query_one("#prompt-input").value == "lke-prod-k8s"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the merge confirmation")
        assert "Keeps 1 other context(s): home" in app.screen.body
        app.screen.query_one("#confirm").press()
        await until(pilot, lambda: "Merged" in str(dialog.query_one("#kc-status").render()), "the merge")
        merged = yaml.safe_load((kube / "config").read_text())
        assert sorted(c["name"] for c in merged["contexts"]) == ["home", "lke-prod-k8s"]
        assert merged["current-context"] == "home"
        backups = list(kube.glob("config.bak-*"))
        assert len(backups) == 1 and backups[0].read_text() == OTHER
        for f in (kube / "config", backups[0]):
            assert stat.S_IMODE(f.stat().st_mode) == 0o600
        assert not [r for r in sim.request_log if r.method in MUTATING]


def test_merge_plan_never_overwrites_what_other_contexts_use(tmp_path: Path) -> None:
    path = tmp_path / "config"
    path.write_text(
        OTHER.replace("name: home\n  cluster", "name: lke-a\n  cluster").replace(
            "{cluster: home,", "{cluster: lke-a,"
        )
    )
    new = OTHER.replace("home", "lke1")
    plan = plan_merge(new, "lke-a", path)  # no context lke-a, but a cluster lke-a used by "home"
    merged = yaml.safe_load(plan.text)
    assert plan.cluster == "lke-a-2" and not plan.replaced
    assert {c["name"] for c in merged["clusters"]} == {"lke-a", "lke-a-2"}
    again = plan_merge(new, "home", path)
    assert again.replaced and "Replaces the context 'home'" in "\n".join(again.summary())


def test_merge_refuses_an_unreadable_kubeconfig(tmp_path: Path) -> None:
    path = tmp_path / "config"
    path.write_text("clusters: [unclosed\n")
    with pytest.raises(KubeconfigError):
        plan_merge(OTHER, "x", path)
    assert path.read_text() == "clusters: [unclosed\n"


async def test_dashboard_url_acl_tab_and_regenerate(app_factory: Any, sim: Any) -> None:
    from linode_tui.ui.dialogs import SecretDialog

    app = app_factory(command="lke")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 2)
        await select_row(pilot, view, PROD)
        await pilot.press("a")
        await pick_menu(pilot, app, "dashboard")
        await until(pilot, lambda: isinstance(app.screen, SecretDialog), "the dashboard URL")
        assert "dashboard" in str(app.screen.query_one("#secret").render())  # not secret: shown
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, SecretDialog), "closed")
        await pilot.press("a")
        await pick_menu(pilot, app, "regenerate")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the typed confirmation")
        app.screen.query_one("#typed").value = "prod-k8s"
        await pilot.press("enter")
        await until(pilot, lambda: ("DELETE", f"/lke/clusters/{PROD}/kubeconfig") in mutations(sim), "sent")
        app.open_detail(view.area, view.rows[PROD])
        await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the detail")
        detail = app.current_view()
        await until(pilot, lambda: detail.query_one("#obj-acl"), "the tabs")
        detail.query_one(TabbedContent).active = "tab-acl"
        await until(
            pilot, lambda: "Control plane ACL: off" in str(detail.query_one("#obj-acl").render()), "acl"
        )


async def test_delete_one_node_from_the_nodes_tab(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="lke")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 2)
        app.open_detail(view.area, view.rows[STAGING])
        await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the detail")
        detail = app.current_view()
        await until(pilot, lambda: detail.query_one("#table-nodes", ResourceTable), "the tabs")
        detail.query_one(TabbedContent).active = "tab-nodes"
        await until(pilot, lambda: len(detail.tab_rows.get("nodes") or {}) == 3, "the nodes of every pool")
        node = next(iter(detail.tab_rows["nodes"].values()))
        assert node["pool_id"] == 305328 and node["type"] == "g6-standard-2"
        table = detail.query_one("#table-nodes", ResourceTable)
        assert table.move_cursor_to_key(node["id"])
        table.focus()
        await pilot.press("a")
        await pick_menu(pilot, app, "delete")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the typed confirmation")
        app.screen.query_one("#typed").value = node["id"]
        await pilot.press("enter")
        await until(pilot, lambda: sim.world.lke_pools[STAGING][305328]["count"] == 2, "the node deleted")
        assert mutations(sim) == [("DELETE", f"/lke/clusters/{STAGING}/nodes/{node['id']}")]
        await until(pilot, lambda: len(detail.tab_rows["nodes"]) == 2, "the tab refreshed")
