"""Tests for linode_tui.config: settings, profiles, token resolution and storage, linode-cli import."""

from __future__ import annotations

import logging
import os
import stat
import tomllib
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from pydantic import SecretStr

from linode_tui import config as cfg

SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
OTHER = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"


# ---------------------------------------------------------------------------------- fixtures


class MemoryKeyring(KeyringBackend):
    """In-memory keyring used instead of the OS one.

    Negative priority: keyring discovers every KeyringBackend subclass, so a positive one would make
    this test double the "OS keyring" of every test that runs after this module is imported.
    Tests install it explicitly with keyring.set_keyring().
    """

    priority = -1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.store[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError(username) from None


class BrokenKeyring(MemoryKeyring):
    """A backend that exists but fails at use (locked keyring, D-Bus gone, ...)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringError("the keyring is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringError(f"cannot store {password}")  # a badly behaved backend


class EmptyChainer(chainer.ChainerBackend):
    backends = []


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point HOME / XDG / the config dir into tmp_path, clear token env vars, use no real keyring."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("LINODE_TUI_CONFIG_DIR", str(tmp_path / "cfg"))
    for var in list(os.environ):
        if var.startswith("LINODE_") and var != "LINODE_TUI_CONFIG_DIR":
            monkeypatch.delenv(var)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield tmp_path / "cfg"
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def mem_keyring() -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


def write_token_file(profile: str, token: str, mode: int = 0o600) -> Path:
    path = cfg.token_file_path(profile)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(token + "\n")
    path.chmod(mode)
    return path


CLI_INI = """\
[DEFAULT]
default-user = alice

[alice]
token = {alice}
region = us-east
type = g6-standard-1
image = linode/debian12

[bob]
token = {bob}
api_host = localhost:8765
api_scheme = http
api_version = v4beta

[carol]
region = eu-west
"""


def write_cli_config(home: Path, *, legacy: bool = False, text: str | None = None) -> Path:
    body = text if text is not None else CLI_INI.format(alice=SECRET, bob=OTHER)
    path = home / ".linode-cli" if legacy else home / ".config" / "linode-cli"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body)
    return path


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


# ---------------------------------------------------------------------------------- paths


def test_config_dir_override_and_xdg_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cfg.config_dir() == tmp_path / "cfg"
    assert cfg.config_file() == tmp_path / "cfg" / "config.toml"
    assert cfg.token_file_path("work") == tmp_path / "cfg" / "tokens" / "work.token"
    env = {"HOME": str(tmp_path / "h"), "XDG_CONFIG_HOME": str(tmp_path / "x")}
    assert cfg.config_dir(env) == tmp_path / "x" / "linode-tui"


@pytest.mark.parametrize("bad", ["../evil", "a/b", "", ".hidden", "-x", "a b", "x" * 101])
def test_profile_names_that_could_escape_the_token_dir_are_rejected(bad: str) -> None:
    with pytest.raises(cfg.ConfigError):
        cfg.token_file_path(bad)
    with pytest.raises(cfg.ConfigError):
        cfg.resolve_token(bad)
    with pytest.raises(cfg.ConfigError):
        cfg.store_token(bad, SECRET)


# ---------------------------------------------------------------------------------- resolution order


def test_linode_token_env_wins_over_everything(
    monkeypatch: pytest.MonkeyPatch, mem_keyring: MemoryKeyring, home: Path
) -> None:
    mem_keyring.set_password("linode-tui", "default", "from-keyring")
    write_token_file("default", "from-file")
    write_cli_config(home)
    monkeypatch.setenv("LINODE_CLI_TOKEN", "from-cli-env")
    monkeypatch.setenv("LINODE_TOKEN", " from-env \n")
    result = cfg.resolve_token("default")
    assert result.token is not None and result.token.get_secret_value() == "from-env"
    assert result.source == "env:LINODE_TOKEN"
    assert result.kind == "env"


def test_linode_cli_token_env_is_second(monkeypatch: pytest.MonkeyPatch, mem_keyring: MemoryKeyring) -> None:
    mem_keyring.set_password("linode-tui", "default", "from-keyring")
    monkeypatch.setenv("LINODE_TOKEN", "   ")  # blank values are ignored
    monkeypatch.setenv("LINODE_CLI_TOKEN", "cli-env")
    result = cfg.resolve_token("default")
    assert result.source == "env:LINODE_CLI_TOKEN"
    assert result.token is not None and result.token.get_secret_value() == "cli-env"


def test_injected_env_mapping_is_used_instead_of_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINODE_TOKEN", "process-env")
    result = cfg.resolve_token("default", env={"LINODE_TOKEN": "injected"})
    assert result.token is not None and result.token.get_secret_value() == "injected"


def test_keyring_before_file_before_linode_cli(mem_keyring: MemoryKeyring, home: Path) -> None:
    write_cli_config(home)
    write_token_file("alice", "from-file")
    mem_keyring.set_password("linode-tui", "alice", "from-keyring")

    first = cfg.resolve_token("alice")
    assert (first.source, first.token and first.token.get_secret_value()) == ("keyring", "from-keyring")

    mem_keyring.delete_password("linode-tui", "alice")
    second = cfg.resolve_token("alice")
    assert second.kind == "file"
    assert second.source == f"file:{cfg.token_file_path('alice')}"
    assert second.token is not None and second.token.get_secret_value() == "from-file"

    cfg.token_file_path("alice").unlink()
    third = cfg.resolve_token("alice")
    assert third.source == "linode-cli:alice"
    assert third.token is not None and third.token.get_secret_value() == SECRET


def test_hint_moves_source_forward(mem_keyring: MemoryKeyring) -> None:
    mem_keyring.set_password("linode-tui", "work", "from-keyring")
    write_token_file("work", "from-file")
    assert cfg.resolve_token("work").source == "keyring"
    hinted = cfg.resolve_token("work", hint="file")
    assert hinted.kind == "file"
    assert hinted.token is not None and hinted.token.get_secret_value() == "from-file"


def test_nothing_found_reports_none_with_guidance() -> None:
    result = cfg.resolve_token("work")
    assert result.token is None and not result.found
    assert result.source == "none"
    assert any("LINODE_TOKEN" in w and str(cfg.token_file_path("work")) in w for w in result.warnings)


# ---------------------------------------------------------------------------------- keyring availability


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring(), EmptyChainer()])
def test_placeholder_keyrings_count_as_unavailable(backend: KeyringBackend) -> None:
    keyring.set_keyring(backend)
    status = cfg.keyring_status()
    assert status.available is False
    assert status.reason
    write_token_file("default", "from-file")
    result = cfg.resolve_token("default")
    assert result.kind == "file"
    # an absent keyring is normal on a headless box: no warning for it
    assert result.warnings == []


def test_real_backend_counts_as_available(mem_keyring: MemoryKeyring) -> None:
    status = cfg.keyring_status()
    assert status.available is True
    assert status.backend.endswith("MemoryKeyring")


def test_failing_keyring_falls_back_to_file_with_warning() -> None:
    keyring.set_keyring(BrokenKeyring())
    write_token_file("default", "from-file")
    result = cfg.resolve_token("default")
    assert result.kind == "file"
    assert result.token is not None and result.token.get_secret_value() == "from-file"
    assert len(result.warnings) == 1
    assert "KeyringError" in result.warnings[0] and "locked" in result.warnings[0]


def test_get_keyring_raising_no_keyring_error_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom() -> KeyringBackend:
        raise keyring.errors.NoKeyringError("No recommended backend was available.")

    monkeypatch.setattr(keyring, "get_keyring", boom)
    assert cfg.keyring_status().available is False
    write_token_file("default", "from-file")
    result = cfg.resolve_token("default")
    assert result.kind == "file"
    assert any("NoKeyringError" in w for w in result.warnings)
    # and storing goes to the file
    assert cfg.store_token("default", SECRET).startswith("file:")


# ---------------------------------------------------------------------------------- token file


def test_store_token_uses_real_keyring(mem_keyring: MemoryKeyring) -> None:
    where = cfg.store_token("work", SecretStr(SECRET))
    assert where == "keyring"
    assert mem_keyring.store[("linode-tui", "work")] == SECRET
    assert not cfg.token_file_path("work").exists()
    assert cfg.resolve_token("work").source == "keyring"


def test_store_token_without_keyring_writes_0600_file_in_0700_dir() -> None:
    old_umask = os.umask(0)  # even with a permissive umask the modes are exact
    try:
        where = cfg.store_token("work", SECRET)
    finally:
        os.umask(old_umask)
    path = cfg.token_file_path("work")
    assert where == f"file:{path}"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert path.read_text().strip() == SECRET
    assert [p.name for p in path.parent.iterdir()] == ["work.token"]  # no temp files left behind
    result = cfg.resolve_token("work")
    assert result.token is not None and result.token.get_secret_value() == SECRET


def test_store_token_replaces_a_loose_existing_file_with_a_0600_one() -> None:
    path = write_token_file("work", "old", mode=0o644)
    cfg.store_token("work", SECRET, backend="file")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().strip() == SECRET


def test_store_token_falls_back_to_file_when_keyring_fails(caplog: pytest.LogCaptureFixture) -> None:
    keyring.set_keyring(BrokenKeyring())
    caplog.set_level(logging.DEBUG, logger="linode_tui.config")
    where = cfg.store_token("work", SECRET)
    assert where.startswith("file:")
    assert "KeyringError" in caplog.text
    assert SECRET not in caplog.text  # the backend echoed the password; it is scrubbed


def test_store_token_keyring_only_refuses_without_backend() -> None:
    with pytest.raises(cfg.ConfigError, match="keyring"):
        cfg.store_token("work", SECRET, backend="keyring")
    assert not cfg.token_file_path("work").exists()


@pytest.mark.parametrize("bad", ["", "   ", "two words", "line\nbreak"])
def test_store_token_rejects_malformed_tokens(bad: str) -> None:
    with pytest.raises(ValueError):
        cfg.store_token("work", bad)


def test_group_readable_token_file_is_refused_with_chmod_hint(home: Path) -> None:
    path = write_token_file("default", SECRET, mode=0o644)
    write_cli_config(home)  # a fallback exists, but we must not silently switch accounts
    with pytest.raises(cfg.InsecureTokenFileError) as info:
        cfg.read_token_file(path)
    assert f"chmod 600 {path}" in str(info.value)
    assert SECRET not in str(info.value)

    result = cfg.resolve_token("default")
    assert result.token is None
    assert result.source == "none"
    assert any(f"chmod 600 {path}" in w for w in result.warnings)

    path.chmod(0o600)
    fixed = cfg.resolve_token("default")
    assert fixed.token is not None and fixed.token.get_secret_value() == SECRET


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o400 | 0o020])
def test_any_group_or_world_bit_is_refused(mode: int) -> None:
    path = write_token_file("default", SECRET, mode=mode)
    with pytest.raises(cfg.InsecureTokenFileError):
        cfg.read_token_file(path)


def test_empty_token_file_is_skipped(home: Path) -> None:
    write_token_file("alice", "")
    write_cli_config(home)
    assert cfg.resolve_token("alice").source == "linode-cli:alice"


def test_delete_token_removes_keyring_and_file(mem_keyring: MemoryKeyring) -> None:
    mem_keyring.set_password("linode-tui", "work", SECRET)
    write_token_file("work", SECRET)
    removed = cfg.delete_token("work")
    assert removed == ["keyring", f"file:{cfg.token_file_path('work')}"]
    assert mem_keyring.store == {}
    assert cfg.resolve_token("work").token is None


# ---------------------------------------------------------------------------------- linode-cli import


def test_import_linode_cli_profiles(home: Path) -> None:
    path = write_cli_config(home)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    profiles = cfg.import_linode_cli_profiles()
    assert [p.name for p in profiles] == ["alice", "bob"]  # carol has no token
    alice, bob = profiles
    assert alice.is_default and not bob.is_default
    assert alice.token.get_secret_value() == SECRET
    assert alice.api_url is None
    assert (alice.region, alice.type, alice.image) == ("us-east", "g6-standard-1", "linode/debian12")
    assert bob.api_url == "http://localhost:8765/v4beta"
    assert bob.token.get_secret_value() == OTHER
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before  # never written


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("api_host = api.dev.linode.com", "https://api.dev.linode.com/v4"),
        ("api_version = v4beta", "https://api.linode.com/v4beta"),
        ("api_host = http://127.0.0.1:9000", "http://127.0.0.1:9000/v4"),
        ("", None),
    ],
)
def test_linode_cli_api_host_to_api_url(home: Path, lines: str, expected: str | None) -> None:
    write_cli_config(home, text=f"[DEFAULT]\ndefault-user = dev\n\n[dev]\ntoken = {SECRET}\n{lines}\n")
    (profile,) = cfg.import_linode_cli_profiles()
    assert profile.api_url == expected


def test_legacy_linode_cli_path_is_preferred(home: Path) -> None:
    write_cli_config(home)
    legacy = write_cli_config(
        home, legacy=True, text=f"[DEFAULT]\ndefault-user = old\n\n[old]\ntoken = {OTHER}\n"
    )
    assert cfg.linode_cli_config_path() == legacy
    assert [p.name for p in cfg.import_linode_cli_profiles()] == ["old"]


def test_linode_cli_follows_xdg_config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    xdg = tmp_path / "xdg"
    xdg.mkdir()
    (xdg / "linode-cli").write_text(f"[DEFAULT]\ndefault-user = x\n\n[x]\ntoken = {SECRET}\n")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(xdg))
    assert cfg.linode_cli_config_path() == xdg / "linode-cli"
    assert [p.name for p in cfg.import_linode_cli_profiles()] == ["x"]


def test_linode_cli_lone_user_is_default_and_legacy_default_token(home: Path) -> None:
    write_cli_config(home, text=f"[solo]\ntoken = {SECRET}\n")
    (solo,) = cfg.import_linode_cli_profiles()
    assert solo.is_default
    write_cli_config(home, text=f"[DEFAULT]\ntoken = {OTHER}\nregion = us-east\n")
    (old,) = cfg.import_linode_cli_profiles()
    assert (old.name, old.is_default, old.region) == ("default", True, "us-east")
    assert old.token.get_secret_value() == OTHER


def test_no_linode_cli_config_means_no_profiles() -> None:
    assert cfg.linode_cli_config_path() is None
    assert cfg.import_linode_cli_profiles() == []


def test_broken_linode_cli_config_error_does_not_leak_the_token(home: Path) -> None:
    write_cli_config(home, text=f"token = {SECRET}\n[x]\n")  # no section header first
    with pytest.raises(cfg.ConfigError) as info:
        cfg.import_linode_cli_profiles()
    assert SECRET not in str(info.value)
    result = cfg.resolve_token("x")
    assert result.token is None
    assert all(SECRET not in w for w in result.warnings)


def test_default_profile_falls_back_to_linode_cli_default_user(home: Path) -> None:
    write_cli_config(home)
    result = cfg.resolve_token("default")
    assert result.source == "linode-cli:alice"
    assert cfg.resolve_token("bob").source == "linode-cli:bob"
    assert cfg.resolve_token("work").token is None  # other names never borrow alice's token


# ---------------------------------------------------------------------------------- settings


def test_defaults_without_a_file(isolated: Path) -> None:
    s = cfg.load_settings()
    assert s.profile == "default"
    assert s.read_only is False and s.api_url is None
    assert s.ui == cfg.UIPrefs()
    assert s.ui.event_poll_idle == 16.0 and s.ui.event_poll_busy == 2.0
    assert s.profiles == {}
    assert s.source_path == isolated / "config.toml"
    assert not (isolated / "config.toml").exists()  # loading never creates files


def test_save_load_roundtrip(isolated: Path) -> None:
    s = cfg.Settings(
        profile="work",
        ui=cfg.UIPrefs(theme="nord", refresh_ttl=12.5, status_panel_height=6, event_poll_idle=20),
        profiles={
            "work": cfg.ProfileConfig(
                api_url="https://api.linode.com/v4/", read_only=True, token_source="keyring"
            ),
            "sim@local": cfg.ProfileConfig(api_url="http://127.0.0.1:8765/v4"),
        },
    )
    path = cfg.save_settings(s, isolated / "config.toml")
    data = tomllib.loads(path.read_text())
    assert data["profiles"]["work"] == {
        "api_url": "https://api.linode.com/v4",
        "token_source": "keyring",
        "read_only": True,
    }
    assert data["ui"]["theme"] == "nord"
    loaded = cfg.load_settings()
    assert loaded.model_dump() == s.model_dump()
    assert loaded.profile_config("work").read_only is True
    assert loaded.profile_config("missing") == cfg.ProfileConfig()


def test_save_defaults_to_loaded_path(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere" / "my.toml"
    s = cfg.load_settings(path)
    s.ui.theme = "gruvbox"
    assert cfg.save_settings(s) == path
    assert cfg.load_settings(path).ui.theme == "gruvbox"


def test_toml_writer_roundtrips_awkward_values() -> None:
    data = {
        "s": 'quote " back \\ tab\t nl\n ctrl \x01 del \x7f ünï',
        "f": 1e-7,
        "big": 1e300,
        "inf": float("inf"),
        "i": -3,
        "b": False,
        "l": [1, "two", True],
        "empty": {},
        "tbl": {"k k": "v", "nested": {"x": 1}},
    }
    assert tomllib.loads(cfg.dumps_toml(data)) == data


def test_env_overrides(monkeypatch: pytest.MonkeyPatch, isolated: Path) -> None:
    isolated.mkdir(parents=True)
    (isolated / "config.toml").write_text(
        'profile = "home"\n[ui]\ntheme = "nord"\nrefresh_ttl = 10\n[profiles.home]\nread_only = false\n'
    )
    monkeypatch.setenv("LINODE_TUI_PROFILE", "work")
    monkeypatch.setenv("LINODE_TUI_READ_ONLY", "1")
    monkeypatch.setenv("LINODE_TUI_API_URL", "http://127.0.0.1:8765/v4")
    monkeypatch.setenv("LINODE_TUI_THEME", "monokai")
    monkeypatch.setenv("LINODE_TUI_UI__STATUS_PANEL_HEIGHT", "11")
    s = cfg.load_settings()
    assert s.profile == "work"
    assert s.read_only is True
    assert s.api_url == "http://127.0.0.1:8765/v4"
    assert s.ui.theme == "monokai"
    assert s.ui.status_panel_height == 11
    assert s.ui.refresh_ttl == 10  # untouched file values survive the deep merge
    assert "home" in s.profiles

    # explicit overrides (command-line flags) beat env
    flagged = cfg.load_settings(profile="cli", read_only=False)
    assert (flagged.profile, flagged.read_only) == ("cli", False)

    # file only, e.g. before editing and saving
    plain = cfg.load_settings(use_env=False)
    assert (plain.profile, plain.read_only, plain.ui.theme, plain.api_url) == ("home", False, "nord", None)


def test_bad_config_files_raise_config_error(isolated: Path) -> None:
    isolated.mkdir(parents=True)
    path = isolated / "config.toml"
    path.write_text("profile = \n")
    with pytest.raises(cfg.ConfigError, match="cannot parse"):
        cfg.load_settings()
    path.write_text('[ui]\nstatus_panel_height = "tall"\n')
    with pytest.raises(cfg.ConfigError, match=r"ui\.status_panel_height"):
        cfg.load_settings()
    path.write_text('[profiles.work]\napi_url = "ftp://nope"\n')
    with pytest.raises(cfg.ConfigError, match="api_url"):
        cfg.load_settings()
    path.write_text('[profiles."../x"]\nread_only = true\n')
    with pytest.raises(cfg.ConfigError, match="profile name"):
        cfg.load_settings()


def test_token_in_config_file_is_ignored_and_flagged(
    isolated: Path, caplog: pytest.LogCaptureFixture
) -> None:
    isolated.mkdir(parents=True)
    path = isolated / "config.toml"
    path.write_text(f'token = "{SECRET}"\n[profiles.work]\napi_token = "{SECRET}"\n')
    caplog.set_level(logging.DEBUG, logger="linode_tui.config")
    s = cfg.load_settings()
    assert len(s.warnings) == 2
    assert all(SECRET not in w for w in s.warnings)
    assert SECRET not in caplog.text
    assert cfg.resolve_token("work").token is None
    out = isolated / "saved.toml"
    cfg.save_settings(s, out)
    assert SECRET not in out.read_text()
    assert "token =" not in out.read_text()


# ---------------------------------------------------------------------------------- profiles


def test_list_profiles_merges_config_token_files_and_linode_cli(home: Path) -> None:
    write_cli_config(home)
    write_token_file("stored", SECRET)
    s = cfg.Settings(profile="work", profiles={"work": cfg.ProfileConfig(), "staging": cfg.ProfileConfig()})
    assert cfg.list_profiles(s) == ["alice", "bob", "staging", "stored", "work"]
    assert cfg.list_profiles(s, include_linode_cli=False) == ["staging", "stored", "work"]
    assert cfg.list_profiles() == ["alice", "bob", "stored"]


def test_active_profile_selection_and_overrides(home: Path) -> None:
    write_cli_config(home)
    s = cfg.Settings(
        profile="work",
        profiles={
            "work": cfg.ProfileConfig(api_url="https://work.example/v4", read_only=True),
            "home": cfg.ProfileConfig(token_source="file"),
        },
    )
    work = cfg.active_profile(s)
    assert work == cfg.ActiveProfile("work", "https://work.example/v4", True, "auto")
    home_p = cfg.active_profile(s, "home")  # --profile home
    assert (home_p.api_url, home_p.read_only, home_p.token_source) == (cfg.DEFAULT_API_URL, False, "file")
    # a linode-cli user is selectable and brings its api host along
    assert cfg.active_profile(s, "bob").api_url == "http://localhost:8765/v4beta"
    # global overrides (--api-url / --read-only)
    s2 = s.model_copy(update={"api_url": "http://sim/v4", "read_only": True})
    assert cfg.active_profile(s2, "home") == cfg.ActiveProfile("home", "http://sim/v4", True, "file")
    with pytest.raises(cfg.UnknownProfileError, match="typo"):
        cfg.active_profile(s, "typo")
    # the implicit default profile always works, even unconfigured
    assert cfg.active_profile(cfg.Settings()).name == "default"


# ---------------------------------------------------------------------------------- secrecy


def test_token_never_in_repr_str_logs_or_saved_toml(
    mem_keyring: MemoryKeyring, home: Path, caplog: pytest.LogCaptureFixture, isolated: Path
) -> None:
    caplog.set_level(logging.DEBUG)
    write_cli_config(home)
    cfg.store_token("work", SECRET)
    keyring.set_keyring(fail.Keyring())
    cfg.store_token("filed", SECRET)

    results = [
        cfg.resolve_token("default"),
        cfg.resolve_token("filed"),
        cfg.resolve_token("alice"),
        cfg.resolve_token("x", env={"LINODE_TOKEN": SECRET}),
    ]
    cli_profiles = cfg.import_linode_cli_profiles()
    s = cfg.load_settings()
    s.profiles["work"] = cfg.ProfileConfig(token_source="keyring")
    saved = cfg.save_settings(s)
    for obj in [*results, *cli_profiles, s, cfg.active_profile(s, "alice")]:
        assert SECRET not in repr(obj)
        assert SECRET not in str(obj)
    assert all(r.token is not None for r in results)
    assert SECRET not in caplog.text
    assert SECRET not in saved.read_text()
    assert "token_source" in saved.read_text()
