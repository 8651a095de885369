"""LKE, issue 11: the control plane ACL editor, a VPC subnet at create, node pool labels and taints,
and k9s opened on the kubeconfig (only when it is installed)."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import TabbedContent

from linode_tui.ui.views.detail import DetailView
from linode_tui.ui.views.kubeconfig import KubeconfigDialog
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import form_shown, mutations, pick_menu, press_confirm, select_row, until, wait_rows

PROD = 102276  # seeded: ready, pools 305317 and 305322


def _loaded(sel: Any) -> Any:
    """A predicate: the select has its choices."""
    return lambda: len(sel._options) > 1




def _err(form: Any, name: str) -> str:
    return str(form.query_one(f"#err-{name}").render())


async def test_control_plane_acl_editor(app_factory: Any, sim: Any) -> None:
    sim.world.lke_clusters[PROD]["control_plane"]["acl"]["addresses"]["ipv4"] = ["198.51.100.0/24"]
    app = app_factory(command="lke")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 2)
        await select_row(pilot, view, PROD)
        await pilot.press("a")
        await pick_menu(pilot, app, "acl")
        form = await form_shown(pilot, app)
        assert form.query_one("#f-ipv4").value == "198.51.100.0/24"  # today's ACL
        form.query_one("#f-enabled").value = True
        form.query_one("#f-ipv4").value = "198.51.100.0/24, 2001:db8::1"
        form.action_submit()
        await until(pilot, lambda: "not an IPv4" in _err(form, "ipv4"), "the family error")
        form.query_one("#f-ipv4").value = "198.51.100.0/24, 203.0.113.9"
        form.query_one("#f-ipv6").value = "2001:db8::/32"
        form.action_submit()
        await press_confirm(pilot, app)
        acl = sim.world.lke_clusters[PROD]["control_plane"]["acl"]
        await until(pilot, lambda: acl["enabled"], "the ACL saved")
        assert acl["addresses"] == {"ipv4": ["198.51.100.0/24", "203.0.113.9/32"], "ipv6": ["2001:db8::/32"]}
        assert mutations(sim) == [("PUT", f"/lke/clusters/{PROD}/control_plane_acl")]


async def test_create_cluster_in_a_vpc_subnet(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="lke")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app, 2)
        before = set(sim.world.lke_clusters)
        await pilot.press("n")
        form = await form_shown(pilot, app)
        for name in ("region", "k8s_version", "pool_type", "vpc_id"):
            sel: Any = form.query_one(f"#f-{name}")
            await until(pilot, _loaded(sel), f"choices of {name}")
        form.query_one("#f-label").value = "private-k8s"
        form.query_one("#f-region").value = "us-central"
        form.query_one("#f-k8s_version").value = "1.32"
        form.query_one("#f-pool_type").value = "g6-standard-2"
        form.query_one("#f-vpc_id").value = 20707  # prod-vpc is in us-east: the API refuses
        form.query_one("#f-subnet_id").value = "40147"
        await pilot.pause()
        form.action_submit()
        await until(pilot, lambda: "region" in _err(form, "vpc_id"), "the API's error")
        form.query_one("#f-vpc_id").value = 20709
        form.query_one("#f-subnet_id").value = "40160"
        await pilot.pause()
        form.action_submit()
        await until(pilot, lambda: set(sim.world.lke_clusters) - before, "created")
        (cid,) = set(sim.world.lke_clusters) - before
        c = sim.world.lke_clusters[cid]
        assert (c["vpc_id"], c["subnet_id"], c["region"]) == (20709, 40160, "us-central")
        assert mutations(sim) == [("POST", "/lke/clusters")] * 2


async def test_pool_labels_and_taints(app_factory: Any, sim: Any) -> None:
    sim.world.lke_pools[PROD][305317]["labels"] = {"tier": "web"}
    app = app_factory(command="lke")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 2)
        app.open_detail(view.area, view.rows[PROD])
        await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the detail")
        detail = app.current_view()
        await until(pilot, lambda: detail.query("#table-pools"), "the tabs")
        detail.query_one(TabbedContent).active = "tab-pools"
        await until(pilot, lambda: detail.tab_rows.get("pools"), "the pools")
        table = detail.query_one("#table-pools", ResourceTable)
        assert table.move_cursor_to_key(305317)
        table.focus()
        await pilot.press("a")
        await pick_menu(pilot, app, "labels")
        form = await form_shown(pilot, app)
        assert form.query_one("#f-labels").text == "tier=web"
        form.query_one("#f-taints").load_text("dedicated=gpu:NoSchedul")
        form.action_submit()
        await until(pilot, lambda: "effect" in _err(form, "taints"), "the effect error")
        form.query_one("#f-labels").load_text("tier=web\nteam=data")
        form.query_one("#f-taints").load_text("dedicated=gpu:NoSchedule\nspot:PreferNoSchedule")
        form.action_submit()
        await press_confirm(pilot, app)
        pool = sim.world.lke_pools[PROD][305317]
        await until(pilot, lambda: pool["taints"], "saved")
        assert pool["labels"] == {"tier": "web", "team": "data"}
        assert pool["taints"] == [
            {"key": "dedicated", "value": "gpu", "effect": "NoSchedule"},
            {"key": "spot", "value": "", "effect": "PreferNoSchedule"},
        ]
        assert mutations(sim) == [("PUT", f"/lke/clusters/{PROD}/pools/305317")]


FAKE_K9S = """#!/bin/sh
# records its arguments, the kubeconfig it was given and that file's mode
printf '%s\\n' "$@" > "$OUT/argv"
cp "$2" "$OUT/kubeconfig"
stat -c %a "$2" > "$OUT/mode"
"""


async def _kubeconfig(pilot: Any, app: Any) -> Any:
    view = await wait_rows(pilot, app, 2)
    await select_row(pilot, view, PROD)
    await pilot.press("K")
    await until(pilot, lambda: isinstance(app.screen, KubeconfigDialog), "the kubeconfig dialog")
    dialog = app.screen
    await until(pilot, lambda: dialog.text is not None, "loaded")
    return dialog


async def test_k9s_runs_on_a_private_copy_with_the_app_suspended(
    app_factory: Any, sim: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    exe = bindir / "k9s"
    exe.write_text(FAKE_K9S)
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("OUT", str(tmp_path))
    monkeypatch.setenv("PATH", f"{bindir}:{os.environ.get('PATH', '')}")
    app = app_factory(command="lke")
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _kubeconfig(pilot, app)
        calls: list[int] = []

        @contextlib.contextmanager
        def suspend() -> Iterator[None]:  # the headless driver cannot hand the terminal over
            calls.append(1)
            yield

        app.suspend = suspend
        await pilot.press("ctrl+o")
        await until(pilot, lambda: (tmp_path / "mode").exists(), "k9s ran")
        argv = (tmp_path / "argv").read_text().splitlines()
        assert argv[0] == "--kubeconfig" and argv[1].endswith("lke-prod-k8s.yaml")
        assert (tmp_path / "kubeconfig").read_text() == dialog.text
        assert (tmp_path / "mode").read_text().strip() == "600"
        assert calls == [1]
        assert not Path(argv[1]).exists()  # the copy is deleted afterwards
        assert mutations(sim) == []


async def test_k9s_not_installed_says_so(app_factory: Any, sim: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    app = app_factory(command="lke")
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _kubeconfig(pilot, app)
        await pilot.press("ctrl+o")
        await until(pilot, lambda: "not installed" in str(dialog.query_one("#kc-status").render()), "told")
