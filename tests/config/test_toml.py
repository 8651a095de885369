"""config.toml is written with tomlkit: comments and layout survive; syntax errors name the line."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from linode_tui import config as cfg


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    d = tmp_path / "cfg"
    monkeypatch.setenv("LINODE_TUI_CONFIG_DIR", str(d))
    for var in ("LINODE_TUI_THEME", "LINODE_TUI_PROFILE", "LINODE_TUI_READ_ONLY", "LINODE_TUI_API_URL"):
        monkeypatch.delenv(var, raising=False)
    d.mkdir()
    return d


def test_save_keeps_comments_and_unknown_keys(isolated: Path) -> None:
    path = isolated / "config.toml"
    path.write_text(
        "# my linode-tui settings\n"
        'profile = "work"  # the one I use most\n'
        "future_option = 3\n\n"
        "[ui]\n# pretty\ntheme = \"nord\"\n\n"
        "[profiles.work]\nread_only = true\n\n"
        "[profiles.old]\nread_only = false\n"
    )
    s = cfg.load_settings(use_env=False)
    s.ui.theme = "gruvbox"
    del s.profiles["old"]
    cfg.save_settings(s)
    text = path.read_text()
    assert "# my linode-tui settings" in text
    assert "# the one I use most" in text
    assert "# pretty" in text
    data = tomllib.loads(text)
    assert data["ui"]["theme"] == "gruvbox"
    assert data["future_option"] == 3  # not ours: kept
    assert "old" not in data["profiles"]  # removed from the settings: removed from the file
    assert cfg.load_settings(use_env=False).model_dump() == s.model_dump()


def test_save_drops_token_keys(isolated: Path) -> None:
    path = isolated / "config.toml"
    path.write_text('token = "s3cr3t-value"\n[ui]\ntheme = "nord"\n')
    s = cfg.load_settings(use_env=False)
    cfg.save_settings(s)
    assert "s3cr3t-value" not in path.read_text()


def test_syntax_error_names_the_line(isolated: Path) -> None:
    path = isolated / "config.toml"
    path.write_text('profile = "work"\n[ui]\ntheme = "nord\nrefresh_ttl = 3\n')
    with pytest.raises(cfg.ConfigError) as info:
        cfg.load_settings()
    msg = str(info.value)
    assert str(path) in msg and "line 3" in msg and "TOML syntax error" in msg
    assert "nord" not in msg  # the line's text is not echoed


def test_theme_preference_and_remember(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cfg.theme_preference() == (None, "")
    path = isolated / "config.toml"
    path.write_text("# keep me\n[profiles.lab]\nread_only = true\n")
    cfg.remember_theme("nord")
    text = path.read_text()
    assert "# keep me" in text and tomllib.loads(text)["profiles"]["lab"]["read_only"] is True
    assert cfg.theme_preference() == ("nord", str(path))
    monkeypatch.setenv("LINODE_TUI_THEME", "dracula")
    assert cfg.theme_preference()[0] == "dracula"
    assert cfg.load_settings().ui.theme == "dracula"
    path.write_text("[ui\n")
    with pytest.raises(cfg.ConfigError):
        cfg.remember_theme("nord")  # a broken file is never overwritten
    assert path.read_text() == "[ui\n"
