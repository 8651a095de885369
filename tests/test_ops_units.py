"""Row commands fill in the row's fields safely; aliases and `:ctx` go through the one parser; the
operator settings survive a save."""

from __future__ import annotations

import shlex
import subprocess
import tomllib
from pathlib import Path

import pytest

from linode_tui.config import RowCommand, load_settings, save_settings
from linode_tui.core.commands import CommandError, expand_alias, parse
from linode_tui.ui.ops import CommandFieldError, command_argv, field_value

ROW = {"id": 7, "label": "web 1; rm -rf ~", "ipv4": ["203.0.113.9", "192.168.1.2"],
       "specs": {"memory": 2048}, "tags": ["a", "b"]}


def test_fields_are_substituted_into_single_arguments() -> None:
    cmd = RowCommand(key="A", run="ansible-playbook -i {ipv4[0]}, -e name={label} site.yml")
    assert command_argv(cmd, ROW) == [
        "ansible-playbook", "-i", "203.0.113.9,", "-e", "name=web 1; rm -rf ~", "site.yml",
    ]
    assert field_value(ROW, "specs.memory") == "2048"
    assert field_value(ROW, "tags") == "a,b"
    assert command_argv(RowCommand(key="A", run=["echo", "{{literal}}", "{id}"]), ROW) == [
        "echo", "{literal}", "7",
    ]


def test_missing_field_is_an_error_not_an_empty_argument() -> None:
    with pytest.raises(CommandFieldError, match="ipv4\\[5\\]"):
        command_argv(RowCommand(key="A", run="ssh {ipv4[5]}"), ROW)
    with pytest.raises(CommandFieldError):
        command_argv(RowCommand(key="A", run="echo {nope.deeper}"), ROW)


def test_shell_commands_quote_every_value(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    label = f"x'; touch {marker}; echo '"
    row = {**ROW, "label": label}
    [line] = command_argv(RowCommand(key="A", run="echo {label} | tr a-z A-Z", shell=True), row)
    out = subprocess.run(["/bin/sh", "-c", line], capture_output=True, text=True, check=True).stdout
    assert out.strip() == label.upper()
    assert not marker.exists()
    assert shlex.split(line)[1] == label


def test_aliases_expand_through_the_parser() -> None:
    aliases = {"prod": "linodes tags = prod", "vols": "volumes", "linodes": "volumes"}
    cmd = parse("prod", aliases)
    assert cmd.name == "area" and cmd.area is not None and cmd.area.key == "linodes"
    assert cmd.xfilter == {"tags": "prod"}
    narrowed = parse("prod region = us-east", aliases)
    assert narrowed.xfilter == {"+and": [{"tags": "prod"}, {"region": "us-east"}]}
    assert getattr(parse("vols label ~ db", aliases).area, "key", None) == "volumes"
    assert getattr(parse("linodes", aliases).area, "key", None) == "linodes"  # built-ins win
    assert expand_alias("nothing here", aliases) == "nothing here"
    with pytest.raises(CommandError, match="Unknown command"):
        parse("prod2", aliases)


def test_ctx_audit_doctor_words() -> None:
    assert parse("ctx prod").name == "ctx" and parse("ctx prod").arg == "prod"
    assert parse("ctx").arg == ""
    assert parse("profile").area is not None  # `:profile` stays the API's Profile area
    assert parse("audit").name == "audit" and parse("doctor").name == "doctor"
    with pytest.raises(CommandError):
        parse("audit now")


def test_operator_settings_load_and_survive_a_save(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'ssh_user = "ops"\n'
        '[profiles.prod]\naccent = "red"\nssh_args = ["-p", "2222"]\n'
        '[[commands]]\nkey = "A"\nrun = "echo {label}"\ndangerous = true\n'
        '[aliases]\nprod = "linodes tags = prod"\n'
        '[keymap]\n"list.refresh" = "f5"\n'
    )
    cfg = load_settings(path, use_env=False)
    assert cfg.profiles["prod"].accent == "red" and cfg.commands[0].dangerous
    save_settings(cfg, tmp_path / "again.toml")
    tomllib.loads((tmp_path / "again.toml").read_text())  # valid TOML
    again = load_settings(tmp_path / "again.toml", use_env=False)
    assert again.model_dump() == cfg.model_dump()


def test_the_default_profile_takes_linode_clis_default_users_api_host(tmp_path: Path) -> None:
    from linode_tui.config import active_profile, import_linode_cli_profiles

    ini = tmp_path / "linode-cli"
    ini.write_text(
        "[DEFAULT]\ndefault-user = alice\n\n[alice]\ntoken = abc\napi_host = api.example.net\n"
        "api_scheme = https\n\n[bob]\ntoken = def\n"
    )
    cli = import_linode_cli_profiles(path=ini)
    cfg = load_settings(tmp_path / "none.toml", use_env=False)
    assert active_profile(cfg, None, cli_profiles=cli).api_url == "https://api.example.net/v4"
    assert active_profile(cfg, "bob", cli_profiles=cli).api_url == "https://api.linode.com/v4"
