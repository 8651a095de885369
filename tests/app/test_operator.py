"""Operator workflows from the UI: ssh and LISH from a row (a fake `ssh` on PATH records its argv),
the clipboard, row commands, aliases, the keymap, `:audit`, `:doctor` and switching profiles."""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from linode_tui.config import load_settings
from linode_tui.ui.dialogs import MenuDialog, TextDialog, TypeToConfirmDialog
from linode_tui.ui.views.listing import ResourceListView
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import select_row, until, wait_rows

FAKE_SSH = """#!/bin/sh
# records its arguments, one per line, then "ends the session"
for a in "$@"; do printf '%s\\n' "$a"; done > "$ARGV_FILE"
exit "${FAKE_SSH_RC:-0}"
"""


def _config(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return load_settings(path, use_env=False)


@pytest.fixture
def fake_ssh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    exe = bindir / "ssh"
    exe.write_text(FAKE_SSH)
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    argv_file = tmp_path / "argv"
    monkeypatch.setenv("ARGV_FILE", str(argv_file))
    monkeypatch.setenv("PATH", f"{bindir}:{os.environ.get('PATH', '')}")
    return argv_file


def _handover(app: Any) -> list[int]:
    """The headless test driver cannot give the terminal away; count the hand-overs instead (the
    real ``App.suspend()`` runs in tmux and in a real terminal)."""
    calls: list[int] = []

    @contextlib.contextmanager
    def suspend() -> Iterator[None]:
        calls.append(1)
        yield

    app.suspend = suspend
    return calls


async def _connect_anyway(pilot: Any, app: Any) -> None:
    """The demo asks before connecting (its addresses are made up): Cancel is focused."""
    from linode_tui.ui.dialogs import ConfirmDialog

    await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the demo's connect question")
    assert "may belong to someone else" in app.screen.body
    await pilot.click("#confirm")


def _toasts(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_ssh_from_a_row_returns_to_the_same_row_and_filter(
    app_factory: Any, sim: Any, fake_ssh: Path, tmp_path: Path
) -> None:
    cfg = _config(tmp_path, 'ssh_user = "ops"\n[profiles.default]\nssh_args = ["-p", "2222", "-A"]\n')
    app = app_factory(config=cfg)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        await pilot.press("slash", *"web")
        await pilot.press("enter")
        table = view.query_one(ResourceTable)
        await until(pilot, lambda: 1 < table.row_count < 25, "the filter narrowing the rows")
        target = table.visible_rows()[1]
        await select_row(pilot, view, target["_key"])
        calls = _handover(app)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, MenuDialog), "the address picker")
        await pilot.press("enter")  # the first choice: the public IPv4
        await _connect_anyway(pilot, app)
        await until(pilot, lambda: fake_ssh.exists(), "ssh running")
        assert fake_ssh.read_text().splitlines() == ["-p", "2222", "-A", f"ops@{target['ipv4'][0]}"]
        assert calls == [1]
        assert app.current_view() is view
        assert table.cursor_row_key == target["_key"]
        assert view.query_one("#filter").value == "web"
        assert not [r for r in sim.request_log if r.method != "GET"]


async def test_ssh_to_the_ipv6_address_picked(app_factory: Any, fake_ssh: Path) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        item = view.selected_item()
        _handover(app)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, MenuDialog), "the address picker")
        await pilot.press("down", "enter")
        await _connect_anyway(pilot, app)
        await until(pilot, lambda: fake_ssh.exists(), "ssh running")
        assert fake_ssh.read_text().splitlines() == [f"root@{item['ipv6'].split('/')[0]}"]


async def test_lish_goes_through_the_regions_gateway_with_pinned_host_keys(
    app_factory: Any, fake_ssh: Path, tmp_path: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        await until(pilot, lambda: app.services.username, "the username from /profile")
        item = view.selected_item()
        await pilot.press("enter")  # from the detail view
        await until(pilot, lambda: app.current_view() is not view, "the detail view")
        _handover(app)
        await pilot.press("L")
        await _connect_anyway(pilot, app)
        await until(pilot, lambda: fake_ssh.exists(), "ssh running")
        argv = fake_ssh.read_text().splitlines()
        known = tmp_path / "cfg" / "lish_known_hosts"
        assert argv == [
            "-t", "-o", f"UserKnownHostsFile={known}", "-o", "StrictHostKeyChecking=accept-new",
            f"{app.services.username}@lish-{item['region']}.linode.com", item["label"],
        ]


async def test_missing_ssh_and_no_terminal_say_so(
    app_factory: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_rows(pilot, app, 25)
        monkeypatch.setenv("PATH", str(tmp_path / "empty"))
        await pilot.press("L")
        await until(pilot, lambda: any("not installed" in t for t in _toasts(app)), "the missing-ssh toast")
        monkeypatch.setenv("PATH", "/usr/bin:/bin")
        (tmp_path / "bin").mkdir()
        fake = tmp_path / "bin" / "ssh"
        fake.write_text(FAKE_SSH)
        fake.chmod(0o755)
        monkeypatch.setenv("PATH", str(tmp_path / "bin"))
        await pilot.press("L")  # the headless driver cannot suspend: like a browser
        await _connect_anyway(pilot, app)
        await until(pilot, lambda: any("cannot hand the screen" in t for t in _toasts(app)), "the toast")
        assert isinstance(app.current_view(), ResourceListView)


async def test_yank_copies_what_was_picked_and_scrubs_the_json(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        item = view.selected_item()
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, MenuDialog), "the copy menu")
        await pilot.press("down", "down", "enter")  # id, label, IPv4
        await until(pilot, lambda: app.clipboard == item["ipv4"][0], "the IPv4 on the clipboard")
        assert any(f"Copied {item['label']} IPv4" in t for t in _toasts(app))
        item["root_pass"] = "s3cret-pass"
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, MenuDialog), "the copy menu")
        await pilot.press("end", "enter")
        await until(pilot, lambda: app.clipboard.startswith("{"), "the JSON on the clipboard")
        data = json.loads(app.clipboard)
        assert data["id"] == item["id"] and data["root_pass"] == "<hidden>"
        assert "_key" not in data and "s3cret" not in app.clipboard


COMMANDS = """
[[commands]]
key = "A"
areas = ["linodes"]
run = "echo {label} {ipv4[0]} {specs.memory}"
background = true

[[commands]]
key = "K"
run = "echo gone {label}"
dangerous = true
background = true

[aliases]
prod = "linodes tags = prod"
web = "linodes"

[keymap]
"list.refresh" = "f5"
"""


async def test_row_command_runs_with_the_rows_fields_and_shows_output(
    app_factory: Any, tmp_path: Path
) -> None:
    app = app_factory(config=_config(tmp_path, COMMANDS))
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        item = view.selected_item()
        await pilot.press("A")
        await until(pilot, lambda: isinstance(app.screen, TextDialog), "the output")
        text = str(app.screen.body)
        assert f"{item['label']} {item['ipv4'][0]} {item['specs']['memory']}" in text
        assert "exit status 0" in text


async def test_dangerous_row_commands_hide_in_read_only_mode(app_factory: Any, tmp_path: Path) -> None:
    app = app_factory(config=_config(tmp_path, COMMANDS), read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        bound = {b.key for bs in view._bindings.key_to_bindings.values() for b in bs}
        assert "A" in bound and "K" not in bound
        await pilot.press("K")
        await pilot.pause()
        assert not isinstance(app.screen, TextDialog)


async def test_user_alias_and_keymap(app_factory: Any, sim: Any, tmp_path: Path) -> None:
    app = app_factory(config=_config(tmp_path, COMMANDS))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app, 1)
        linodes = sim.world.linodes.values()
        region = next(i["region"] for i in linodes if "prod" in i["tags"])
        assert app.run_command(f"prod region = {region}") is None
        view = await wait_rows(pilot, app, 1)
        assert not view.error
        assert view.query_text == f"(tags = prod) and (region = {region})"
        def fits(i: dict[str, Any]) -> bool:
            return "prod" in i["tags"] and i["region"] == region

        expected = sorted(i["id"] for i in sim.world.linodes.values() if fits(i))
        assert expected and sorted(view.rows) == expected
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, TextDialog), "the help")
        assert "your alias: linodes tags = prod" in str(app.screen.body)
        await pilot.press("escape")
        before = len(sim.request_log)
        await pilot.press("f5")  # list.refresh remapped from r
        await until(pilot, lambda: len(sim.request_log) > before, "the refresh")


async def test_audit_view_off_in_demo_and_lists_what_was_sent(
    app_factory: Any, sim: Any, tmp_path: Path
) -> None:
    from linode_tui.api.audit import AuditLog

    app = app_factory(command="audit")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "off in demo mode" in str(app.current_view().note), "the note")
        audit = AuditLog(tmp_path / "audit.jsonl", profile="default")
        app.services.client.audit = audit
        assert app.run_command("linodes") is None
        view = await wait_rows(pilot, app, 25)
        item = next(r for r in view.rows.values() if r["status"] == "running" and "fail" not in r["label"])
        await select_row(pilot, view, item["id"])
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the delete confirmation")
        await pilot.press(*item["label"])
        await pilot.click("#confirm")
        await until(pilot, lambda: audit.read(5), "the audit entry")
        assert app.run_command("audit") is None
        await until(pilot, lambda: app.current_view().rows, "the audit rows")
        entry = next(iter(app.current_view().rows.values()))
        assert entry["method"] == "DELETE" and entry["path"].endswith(f"/linode/instances/{item['id']}")
        assert entry["confirmation"] == item["label"] and entry["action"] == "Delete Linode"


async def test_doctor_view_lists_the_checks(app_factory: Any) -> None:
    app = app_factory(command="doctor")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(app.current_view().rows) > 5, "the checks", timeout=20)
        names = {r["name"] for r in app.current_view().rows.values()}
        assert {"config", "token", "api", "terminal"} <= names
        assert "simulator" in app.current_view().note


async def test_ctx_switches_profile_and_back(app_factory: Any, sim: Any, tmp_path: Path) -> None:
    from linode_tui.core.services import Services
    from linode_tui.sim import create_sim
    from tests.app.conftest import _no_wait

    other = create_sim(seed=11, linodes=4, frozen=True)
    cfg = _config(tmp_path, '[profiles.prod]\naccent = "red"\n[profiles.lab]\n')
    app = app_factory(config=cfg, profile="lab")
    built: list[str] = []

    async def factory(name: str) -> Services:
        built.append(name)
        if name != "prod":
            from linode_tui.config import ConfigError

            raise ConfigError(f"no API token for profile {name!r}")
        client = other.client("demo", sleep=_no_wait, wall=other.clock.now)
        return Services(client=client, settings=app.settings, target="prod.example/v4")

    app.services_factory = factory
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app, 25)
        assert app.run_command("ctx nowhere") is None
        await until(pilot, lambda: any("Cannot switch to nowhere" in t for t in _toasts(app)), "the error")
        assert app.settings.profile == "lab"
        from linode_tui.ui.widgets.status_panel import StatusPanel

        panel = app.query_one(StatusPanel)
        panel.update_event({"id": 99, "action": "linode_boot", "status": "started", "entity": {}})
        assert app.run_command("ctx prod") is None
        await until(
            pilot,
            lambda: isinstance(app.current_view(), ResourceListView) and len(app.current_view().rows) == 4,
            "the other account's Linodes",
        )
        assert 99 not in panel.state.events  # the other account's events stay with it
        header = str(app.query_one("#header").render())
        assert "@prod" in header and "prod.example/v4" in header
        assert app.query_one("#header").styles.background.rgb == (255, 0, 0)
        assert app.run_command("ctx lab") is None
        await until(pilot, lambda: len(app.current_view().rows) == 25, "the first account again")
        assert 99 in panel.state.events
        assert built == ["nowhere", "prod"]  # the first client (and its cache) was kept
        assert app.query_one("#header").styles.background.rgb != (255, 0, 0)


async def test_fan_out_lists_across_profiles_and_acts_on_the_rows_profile(
    app_factory: Any, sim: Any, tmp_path: Path
) -> None:
    from linode_tui.config import ConfigError
    from linode_tui.core.services import Services
    from linode_tui.sim import create_sim
    from linode_tui.ui.dialogs import ConfirmDialog
    from linode_tui.ui.views.fanout import FanOutListView
    from tests.app.conftest import _no_wait

    other = create_sim(seed=11, linodes=4, frozen=True)
    cfg = _config(tmp_path, "[profiles.lab]\n[profiles.prod]\n[profiles.broken]\n")
    app = app_factory(config=cfg, profile="lab", command="linodes @all")

    async def factory(name: str) -> Services:
        if name != "prod":
            raise ConfigError(f"no API token for profile {name!r}")
        client = other.client("demo", sleep=_no_wait, wall=other.clock.now)
        return Services(client=client, settings=app.settings, target="prod.example/v4")

    app.services_factory = factory
    async with app.run_test(size=(120, 40)) as pilot:
        await until(
            pilot,
            lambda: isinstance(app.current_view(), FanOutListView) and not app.current_view().loading
            and app.current_view().rows,
            "the fan-out list",
        )
        view = app.current_view()
        assert view.query_one(ResourceTable).columns[0].label == "Profile"
        profiles = [r["_profile"] for r in view.rows.values()]
        assert profiles.count("lab") == 25 and profiles.count("prod") == 4
        assert set(view.failures) == {"broken", "default"}  # default: config.toml names no `profile`
        assert "no API token" in str(view.query_one("#error").render())
        target = next(r for r in view.rows.values() if r["_profile"] == "prod" and r["status"] == "running")
        await select_row(pilot, view, target["_key"])
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the reboot confirmation")
        await pilot.click("#confirm")
        await until(pilot, lambda: [r for r in other.request_log if r.method == "POST"], "the reboot sent")
        assert [r.path for r in other.request_log if r.method == "POST"] == [
            f"/linode/instances/{target['id']}/reboot"
        ]
        assert not [r for r in sim.request_log if r.method == "POST"]


async def test_the_demo_cancels_by_default(app_factory: Any, fake_ssh: Path) -> None:
    from linode_tui.ui.dialogs import ConfirmDialog

    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_rows(pilot, app, 25)
        _handover(app)
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("enter")  # Cancel has the focus
        await until(pilot, lambda: not isinstance(app.screen, ConfirmDialog), "the question closing")
        assert not fake_ssh.exists()
