"""Where linode-tui keeps its files. Cheap to import (no pydantic): the command line checks for a
configuration file before deciding whether it needs the full settings machinery."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP_NAME = "linode-tui"
CONFIG_DIR_ENV = "LINODE_TUI_CONFIG_DIR"
DATA_DIR_ENV = "LINODE_TUI_DATA_DIR"
CONFIG_FILE_NAME = "config.toml"
ENV_PREFIX = "LINODE_TUI_"
_IS_POSIX = os.name == "posix"


def _home(env: Mapping[str, str]) -> Path:
    home = env.get("HOME")
    return Path(home) if home else Path.home()


def config_dir(env: Mapping[str, str] = os.environ) -> Path:
    """The linode-tui config directory (``$LINODE_TUI_CONFIG_DIR`` or platformdirs' user config dir)."""
    override = env.get(CONFIG_DIR_ENV)
    if override:
        return Path(override).expanduser()
    if env is not os.environ and _IS_POSIX and sys.platform != "darwin":
        # Honour an injected environment the same way platformdirs honours os.environ.
        xdg = env.get("XDG_CONFIG_HOME", "").strip()
        base = Path(xdg) if xdg else _home(env) / ".config"
        return base / APP_NAME
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def config_file(env: Mapping[str, str] = os.environ) -> Path:
    return config_dir(env) / CONFIG_FILE_NAME


def data_dir(env: Mapping[str, str] = os.environ) -> Path:
    """Where linode-tui keeps data it writes (the audit log): ``$LINODE_TUI_DATA_DIR`` or
    platformdirs' user data dir (``~/.local/share/linode-tui`` on Linux)."""
    override = env.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    if env is not os.environ and _IS_POSIX and sys.platform != "darwin":
        xdg = env.get("XDG_DATA_HOME", "").strip()
        base = Path(xdg) if xdg else _home(env) / ".local" / "share"
        return base / APP_NAME
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def cache_dir(env: Mapping[str, str] = os.environ) -> Path:
    """Where linode-tui keeps what it can rebuild (the parsed CSS, see linode_tui.ui.csscache):
    platformdirs' user cache dir (``~/.cache/linode-tui`` on Linux)."""
    if env is not os.environ and _IS_POSIX and sys.platform != "darwin":
        xdg = env.get("XDG_CACHE_HOME", "").strip()
        base = Path(xdg) if xdg else _home(env) / ".cache"
        return base / APP_NAME
    return platformdirs.user_cache_path(APP_NAME, appauthor=False)


def user_config_present(env: Mapping[str, str] = os.environ) -> bool:
    """Is there anything for the settings to read: a config file or a LINODE_TUI_* variable?"""
    return any(k.startswith(ENV_PREFIX) for k in env) or config_file(env).exists()
