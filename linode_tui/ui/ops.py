"""Operator workflows: ssh and LISH from a row, the clipboard, user row commands, the keymap and
switching account profiles inside the app.

Everything that leaves the app for another program goes through :func:`run_interactive` (the real
program in the real terminal, with Textual's ``App.suspend()``) or :func:`run_background` (output
captured and shown when it ends). Arguments are always an argv list: a row's fields never reach a
shell unless a row command asks for one (``shell = true``), and then each value is quoted.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text

from linode_tui.core.descriptors import Area

if TYPE_CHECKING:
    from linode_tui.config import RowCommand
    from linode_tui.config import Settings as UserConfig
    from linode_tui.core.services import Services
    from linode_tui.ui.app import LinodeTUI
    from linode_tui.ui.views.base import AreaView

LISH_HOST = "lish-{region}.linode.com"
DEFAULT_SSH_USER = "root"


# -------------------------------------------------------------------------- the user's config


def user_config(app: LinodeTUI) -> UserConfig:
    """config.toml as loaded at start (``settings.config``), loaded now if nobody did. A broken file
    is reported once and the defaults are used: the UI never dies on it."""
    from linode_tui.config import ConfigError, load_settings
    from linode_tui.config import Settings as UserConfigCls

    cfg = getattr(app.settings, "config", None)
    if cfg is None:
        try:
            cfg = load_settings()
        except ConfigError as exc:
            app.report_problem(f"config.toml: {exc}")
            cfg = UserConfigCls.model_construct()
        except Exception as exc:  # never a traceback for a settings file
            app.report_problem(f"config.toml: {type(exc).__name__}: {exc}")
            cfg = UserConfigCls.model_construct()
        app.settings.config = cfg
    return cfg


def user_aliases(app: LinodeTUI) -> dict[str, str]:
    """The user's `:` aliases; none (and config.toml not read: no pydantic on the start-up path)
    when there is nothing configured."""
    if not app.settings.configured():
        return {}
    return dict(user_config(app).aliases)


def _profile_cfg(app: LinodeTUI) -> Any:
    cfg = user_config(app)
    return cfg.profiles.get(app.settings.profile or cfg.profile or "default")


def ssh_options(app: LinodeTUI) -> tuple[str, list[str]]:
    """(user, extra ssh arguments) for the current profile: the profile's, else the top-level ones."""
    cfg = user_config(app)
    prof = _profile_cfg(app)
    user = (prof.ssh_user if prof is not None else None) or cfg.ssh_user or DEFAULT_SSH_USER
    args = prof.ssh_args if prof is not None and prof.ssh_args is not None else (cfg.ssh_args or [])
    return user, list(args)


def accent(app: LinodeTUI) -> str | None:
    """The header colour of the current profile (``accent = "red"``), or None."""
    if not app.settings.configured():
        return None  # nothing configured (and no pydantic before the first frame)
    prof = _profile_cfg(app)
    return prof.accent if prof is not None else None


# -------------------------------------------------------------------------- running programs


def run_interactive(app: LinodeTUI, argv: list[str], what: str) -> int | None:
    """Run ``argv`` in the real terminal while the app is suspended; return its exit code, or None
    when it could not run (the reason is shown). The view, row and filter are untouched."""
    from textual.app import SuspendNotSupported

    exe = shutil.which(argv[0])
    if exe is None:
        app.notify(
            f"{what}: `{argv[0]}` is not installed or not on PATH (install the OpenSSH client, "
            "e.g. apt install openssh-client)" if argv[0] == "ssh" else
            f"{what}: `{argv[0]}` was not found on PATH",
            severity="error", timeout=10, markup=False,
        )
        return None
    try:
        with app.suspend():
            try:
                rc = subprocess.call([exe, *argv[1:]])
            except OSError as exc:
                print(f"linode-tui: cannot run {argv[0]}: {exc}")
                rc = None
            if rc != 0 and sys.stdin is not None and sys.stdin.isatty():
                # Keep what the program said on screen (e.g. ssh's "Could not resolve hostname").
                with contextlib.suppress(EOFError, OSError, KeyboardInterrupt):
                    input(f"\n[linode-tui] {argv[0]} exited with status {rc} — press Enter to return ")
    except SuspendNotSupported:
        app.notify(
            f"{what}: this terminal cannot hand the screen to another program (in a browser, run it "
            f"from a real terminal): {shlex.join(argv)}",
            severity="error", timeout=10, markup=False,
        )
        return None
    if rc is None:
        app.notify(f"{what}: could not start {argv[0]}", severity="error", markup=False)
    elif rc == 0:
        app.notify(f"{what}: ended", markup=False)
    else:
        app.notify(f"{what}: {argv[0]} exited with status {rc}", severity="warning", timeout=8, markup=False)
    app.refresh()
    return rc


async def run_background(app: LinodeTUI, argv: list[str], what: str, *, shell: bool = False) -> int | None:
    """Run ``argv`` without leaving the UI; its output (stdout and stderr) is shown when it ends."""
    from linode_tui.ui.dialogs import TextDialog

    try:
        if shell:
            proc = await asyncio.create_subprocess_shell(
                argv[0], stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
                stdin=asyncio.subprocess.DEVNULL,
            )
        else:
            proc = await asyncio.create_subprocess_exec(
                *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
                stdin=asyncio.subprocess.DEVNULL,
            )
    except OSError as exc:
        app.notify(f"{what}: cannot run {argv[0]}: {exc.strerror or exc}", severity="error", timeout=8,
                   markup=False)
        return None
    app.notify(f"{what}: running…", markup=False)
    out, _ = await proc.communicate()
    rc = proc.returncode
    body = Text(out.decode("utf-8", "replace") or "(no output)\n")
    body.append(f"\nexit status {rc}", "bold" if rc == 0 else "strong-error")
    app.push_screen(TextDialog(what, body))
    return rc


# -------------------------------------------------------------------------- ssh and LISH


def lish_known_hosts() -> Path:
    """Our own known_hosts for the LISH gateways (so pinning never touches ~/.ssh/known_hosts)."""
    from linode_tui.paths import config_dir

    return config_dir() / "lish_known_hosts"


def ssh_argv(app: LinodeTUI, address: str) -> list[str]:
    user, args = ssh_options(app)
    return ["ssh", *args, f"{user}@{address}"]


def lish_argv(app: LinodeTUI, region: str, label: str) -> list[str]:
    """``ssh -t USER@lish-REGION.linode.com LABEL``. The gateway's host key is accepted on first use
    into our own known_hosts file and must match on every later connection (we ship no keys: we
    could not verify the published ones here)."""
    cfg = user_config(app)
    prof = _profile_cfg(app)
    services = app.services
    user = (prof.lish_user if prof is not None else None) or (services.username if services else "") or ""
    if not user:
        user = ssh_options(app)[0] if (prof and prof.ssh_user) or cfg.ssh_user else ""
    known = lish_known_hosts()
    known.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    host = LISH_HOST.format(region=region)
    return [
        "ssh", "-t",
        "-o", f"UserKnownHostsFile={known}",
        "-o", "StrictHostKeyChecking=accept-new",
        f"{user}@{host}" if user else host,
        label,
    ]


def shell_area(view: AreaView) -> Area | None:
    return view.area if view.area.shell is not None else None


async def ssh_to(app: LinodeTUI, view: AreaView) -> None:
    """`s`: ssh to the selected item's address (a picker when it has several)."""
    from linode_tui.ui.dialogs import MenuDialog

    area, item = view.area, view.selected_item()
    if area.shell is None or item is None or app.services is None:
        app.notify("Select a Linode first.", severity="warning")
        return
    addresses = await area.shell.addresses(app.services.client, item)
    if not addresses:
        app.notify(f"{area.label_of(item)} has no address to ssh to.", severity="warning", markup=False)
        return
    address = addresses[0][1]
    if len(addresses) > 1:
        user, _ = ssh_options(app)
        options = [(addr, Text(f"{kind:<14} {user}@{addr}"), True) for kind, addr in addresses]
        picked = await app.push_screen_wait(MenuDialog(f"ssh to {area.label_of(item)}", options))
        if not picked:
            return
        address = picked
    argv = ssh_argv(app, address)
    if await demo_refused(app, argv):
        return
    run_interactive(app, argv, f"ssh {area.label_of(item)}")


async def demo_refused(app: LinodeTUI, argv: list[str]) -> bool:
    """In the demo the addresses are made up (some are real machines on the internet): ask first."""
    from linode_tui.ui.dialogs import ConfirmDialog

    services = app.services
    if services is None or services.sim is None or shutil.which(argv[0]) is None:
        return False  # (a missing program is reported by run_interactive)
    ok = await app.push_screen_wait(ConfirmDialog(
        "Connect from the demo?",
        "The demo's addresses and labels are made up; this one may belong to someone else's machine "
        f"on the internet.\n\n  {shlex.join(argv)}",
        confirm_label="Connect",
    ))
    return not ok


async def lish_to(app: LinodeTUI, view: AreaView) -> None:
    """`L`: the item's LISH console through its region's gateway."""
    area, item = view.area, view.selected_item()
    if area.shell is None or area.shell.lish is None or item is None:
        app.notify("Select a Linode first.", severity="warning")
        return
    target = area.shell.lish(item)
    if target is None:
        app.notify(f"{area.label_of(item)} has no LISH console.", severity="warning", markup=False)
        return
    argv = lish_argv(app, *target)
    if await demo_refused(app, argv):
        return
    run_interactive(app, argv, f"LISH {area.label_of(item)}")


# -------------------------------------------------------------------------- clipboard


def yank_choices(area: Area, item: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(key, what, text) the `y` menu offers for an item."""
    from linode_tui.core.secrets import scrub

    out: list[tuple[str, str, str]] = []
    ident = item.get(area.id_key)
    if ident is not None:
        out.append(("id", "ID", str(ident)))
    label = item.get(area.label_key)
    if label:
        out.append(("label", "label", str(label)))
    ipv4 = item.get("ipv4")
    if isinstance(ipv4, list) and ipv4:
        out.append(("ipv4", "IPv4", str(ipv4[0])))
    elif isinstance(ipv4, str) and ipv4:
        out.append(("ipv4", "IPv4", ipv4))
    ipv6 = item.get("ipv6")
    if isinstance(ipv6, str) and ipv6:
        out.append(("ipv6", "IPv6", ipv6.split("/", 1)[0]))
    shown = {k: v for k, v in item.items() if k != "_key" and not k.startswith("_")}
    out.append(("json", "JSON", json.dumps(scrub(shown), indent=2, default=str)))
    return out


def copy(app: LinodeTUI, what: str, text: str) -> None:
    app.copy_to_clipboard(text)
    preview = text if len(text) <= 40 and "\n" not in text else f"{len(text)} characters"
    app.notify(f"Copied {what}: {preview}", title="Clipboard", timeout=3, markup=False)


async def yank(app: LinodeTUI, view: AreaView) -> None:
    """`y`: copy the ID, label, addresses or the JSON (secrets scrubbed) of the selected row."""
    from linode_tui.ui.dialogs import MenuDialog

    item = view.selected_item()
    if item is None:
        app.notify("Nothing selected to copy.", severity="warning")
        return
    choices = yank_choices(view.area, item)
    options = []
    for key, what, text in choices:
        shown = text if "\n" not in text else "the whole object, secrets hidden"
        options.append((key, Text(f"{what:<6} {shown[:60]}"), True))
    picked = await app.push_screen_wait(MenuDialog(f"Copy — {view.area.label_of(item)}", options))
    for key, what, text in choices:
        if key == picked:
            copy(app, f"{view.area.label_of(item)} {what}", text)


# -------------------------------------------------------------------------- row commands

_FIELD = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+|\[\d+\])*)\}")
_PART = re.compile(r"\.?([A-Za-z0-9_]+)|\[(\d+)\]")


class CommandFieldError(ValueError):
    """A row command names a field the row does not have."""


def field_value(item: dict[str, Any], ref: str) -> str:
    """``ipv4[0]``, ``specs.memory``, ``label`` of the row's JSON as text (lists joined by commas)."""
    cur: Any = item
    for name, index in _PART.findall(ref):
        if name:
            cur = cur.get(name) if isinstance(cur, dict) else None
        else:
            cur = cur[int(index)] if isinstance(cur, list) and int(index) < len(cur) else None
        if cur is None:
            raise CommandFieldError(f"the row has no {ref}")
    if isinstance(cur, list):
        return ",".join(map(str, cur))
    if isinstance(cur, dict):
        return json.dumps(cur)
    if isinstance(cur, bool):
        return "true" if cur else "false"
    return str(cur)


def substitute(template: str, item: dict[str, Any], quote: bool = False) -> str:
    def one(m: re.Match[str]) -> str:
        if m.group(0) == "{{":
            return "{"
        if m.group(0) == "}}":
            return "}"
        value = field_value(item, m.group(1))
        return shlex.quote(value) if quote else value

    return _FIELD.sub(one, template)


def command_argv(cmd: RowCommand, item: dict[str, Any]) -> list[str]:
    """The argv of a row command for an item: split first, then each word filled in (a value with
    spaces or quotes stays one argument). With ``shell = true``: one shell string, values quoted."""
    if cmd.shell:
        text = cmd.run if isinstance(cmd.run, str) else shlex.join(cmd.run)
        return [substitute(text, item, quote=True)]
    words = shlex.split(cmd.run) if isinstance(cmd.run, str) else list(cmd.run)
    if not words:
        raise CommandFieldError("the command is empty")
    return [substitute(w, item) for w in words]


def commands_for(app: LinodeTUI, area: Area) -> list[RowCommand]:
    """The row commands of this area that may show now (dangerous ones hide in read-only mode)."""
    if not app.settings.configured():
        return []  # nothing configured (and config.toml not read before the first frame)
    services = app.services
    read_only = services.read_only if services is not None else True
    return [
        c for c in user_config(app).commands
        if (area.key in c.areas or "*" in c.areas) and not (c.dangerous and read_only)
    ]


def command_label(cmd: RowCommand) -> str:
    return cmd.label or (cmd.run if isinstance(cmd.run, str) else shlex.join(cmd.run))


def add_command_bindings(app: LinodeTUI, view: AreaView) -> None:
    """Bind the configured row commands of the view's area on this view (ids ``cmd.KEY``)."""
    from textual.binding import Binding

    bindings = view._bindings.key_to_bindings  # this instance's map (its lists are shared: replace them)
    for cmd in commands_for(app, view.area):
        binding = Binding(cmd.key, f"row_command({cmd.key!r})", command_label(cmd)[:30], show=False,
                          id=f"cmd.{cmd.key}")
        bindings[cmd.key] = [binding, *bindings.get(cmd.key, [])]


async def run_row_command(app: LinodeTUI, view: AreaView, key: str) -> None:
    from linode_tui.ui.dialogs import ConfirmDialog

    cmd = next((c for c in commands_for(app, view.area) if c.key == key), None)
    item = view.selected_item()
    if cmd is None:
        return
    if item is None:
        app.notify("Select a row first.", severity="warning")
        return
    try:
        argv = command_argv(cmd, item)
    except (CommandFieldError, ValueError) as exc:
        app.notify(f"{command_label(cmd)}: {exc}", severity="error", timeout=8, markup=False)
        return
    what = f"{command_label(cmd)[:40]} — {view.area.label_of(item)}"
    if cmd.dangerous:
        ok = await app.push_screen_wait(
            ConfirmDialog(f"Run on {view.area.label_of(item)}?",
                          shlex.join(argv) if not cmd.shell else argv[0], confirm_label="Run")
        )
        if not ok:
            return
    if cmd.background:
        await run_background(app, argv, what, shell=cmd.shell)
    elif cmd.shell:
        run_interactive(app, [os.environ.get("SHELL") or "/bin/sh", "-c", argv[0]], what)
    else:
        run_interactive(app, argv, what)


# -------------------------------------------------------------------------- keymap


def apply_keymap(app: LinodeTUI) -> None:
    """``[keymap]`` of config.toml: binding id -> keys (Textual's keymap)."""
    keymap = dict(user_config(app).keymap)
    if keymap:
        app.set_keymap(keymap)


# -------------------------------------------------------------------------- profiles

ServicesFactory = Callable[[str], Awaitable["Services"]]


async def build_profile_services(app: LinodeTUI, name: str) -> Services:
    """A client for profile ``name`` (its token, its API host, an audit log of its own), checked with
    ``GET /profile``. Raises ConfigError / LinodeError with a message for the user."""
    from linode_tui.api.audit import AuditLog
    from linode_tui.api.client import LinodeClient
    from linode_tui.config import ConfigError, active_profile, resolve_token
    from linode_tui.core.services import Services

    cfg = user_config(app)
    prof = active_profile(cfg, name)
    res = resolve_token(prof.name, hint=prof.token_source)
    if res.token is None:
        raise ConfigError("; ".join(res.warnings) or f"no token for profile {name!r}")
    read_only = bool(app.settings.read_only_requested or prof.read_only)
    verify: Any = not prof.api_url.startswith("http://")
    client = LinodeClient(res.token.get_secret_value(), prof.api_url, read_only=read_only, verify=verify,
                          audit=AuditLog(profile=prof.name))
    data = await client.get("/profile", cache=False)
    services = Services(client=client, settings=app.settings, target=prof.api_url.split("//", 1)[-1])
    if isinstance(data, dict):
        services.username = str(data.get("username") or "")
    return services


def profile_names(app: LinodeTUI) -> list[str]:
    from linode_tui.config import list_profiles

    names = set(list_profiles(user_config(app)))
    names.update(app.profile_services)
    if app.settings.profile:
        names.add(app.settings.profile)
    return sorted(names)


async def switch_profile(app: LinodeTUI, name: str) -> bool:
    """`:ctx NAME`: talk to another account without restarting. Its client (with its own cache) and
    poller replace the current ones; the views reload. Switching back reuses the first client."""
    from linode_tui.api.errors import LinodeError
    from linode_tui.config import ConfigError

    current = app.settings.profile or "default"
    if name == current and app.services is not None:
        app.notify(f"Already on {name}.", markup=False)
        return True
    services = app.profile_services.get(name)
    if services is None:
        factory = app.services_factory or (lambda n: build_profile_services(app, n))
        try:
            services = await factory(name)
        except (ConfigError, LinodeError) as exc:
            app.notify(f"Cannot switch to {name}: {exc}", severity="error", timeout=10, markup=False)
            app.report_problem(f"profile {name}: {exc}")
            return False
    if app.services is not None:
        app.profile_services[current] = app.services
        app.services.client.remove_listener(app._client_notice)
    app.profile_services[name] = services
    if app.poller is not None:
        app.poller.stop()
        app.poller = None
    # The events panel follows the account: each profile keeps its own (in flight, unseen, history).
    from linode_tui.ui.widgets.status_panel import PanelState, StatusPanel

    panel = app.query_one(StatusPanel)
    app.panel_states[current] = panel.state
    panel.state = app.panel_states.get(name) or PanelState()
    panel._changed()
    app.services = services
    app.settings.profile = name
    app._lookups.clear()
    services.client.add_listener(app._client_notice)
    app._bootstrap()
    app._start_poller()
    app.reload_root_view()
    app.update_header()
    app.notify(f"Now on profile {name} ({services.target})", markup=False)
    return True


__all__ = [
    "CommandFieldError",
    "add_command_bindings",
    "apply_keymap",
    "command_argv",
    "commands_for",
    "field_value",
    "lish_argv",
    "lish_to",
    "run_background",
    "run_interactive",
    "run_row_command",
    "ssh_argv",
    "ssh_options",
    "ssh_to",
    "substitute",
    "switch_profile",
    "user_config",
    "yank",
]
