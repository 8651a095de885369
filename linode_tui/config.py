"""Settings, account profiles and token resolution for linode-tui.

Layout on disk (``config_dir()``, overridable with ``LINODE_TUI_CONFIG_DIR``)::

    config.toml              settings + profiles; never contains a token
    tokens/                  mode 0700
    tokens/<profile>.token   mode 0600 (refused if group/world readable)

Token resolution order (``resolve_token``): ``LINODE_TOKEN``, ``LINODE_CLI_TOKEN``, the OS keyring
(service ``linode-tui``, username = profile; only when a real backend exists), the token file,
then linode-cli's own config (read only). Tokens are ``SecretStr`` everywhere and are never logged,
put in exceptions or written to ``config.toml``.

This module must not import textual or rich.
"""

from __future__ import annotations

import configparser
import contextlib
import logging
import os
import re
import secrets
import stat
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, SecretStr, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from linode_tui.paths import (
    _IS_POSIX,
    APP_NAME,
    CONFIG_DIR_ENV,
    ENV_PREFIX,
    _home,
    config_dir,
    config_file,
)

__all__ = [
    "APP_NAME",
    "CONFIG_DIR_ENV",
    "DEFAULT_API_URL",
    "DEFAULT_PROFILE",
    "ENV_PREFIX",
    "KEYRING_SERVICE",
    "ActiveProfile",
    "CliProfile",
    "ConfigError",
    "InsecureTokenFileError",
    "KeyringStatus",
    "ProfileConfig",
    "RowCommand",
    "Settings",
    "TokenResult",
    "TokenSourceHint",
    "UIPrefs",
    "UnknownProfileError",
    "active_profile",
    "config_dir",
    "config_file",
    "delete_token",
    "dumps_toml",
    "import_linode_cli_profiles",
    "keyring_status",
    "linode_cli_config_path",
    "list_profiles",
    "load_settings",
    "read_token_file",
    "remember_theme",
    "resolve_token",
    "save_settings",
    "store_token",
    "theme_preference",
    "token_file_path",
    "tokens_dir",
    "validate_profile_name",
]

if TYPE_CHECKING:
    import tomlkit

log = logging.getLogger(__name__)

KEYRING_SERVICE = "linode-tui"
DEFAULT_API_URL = "https://api.linode.com/v4"
DEFAULT_PROFILE = "default"
TOKEN_ENV_VARS = ("LINODE_TOKEN", "LINODE_CLI_TOKEN")

TokenSourceHint = Literal["auto", "keyring", "file", "linode-cli"]

_PROFILE_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,99}$")


# ---------------------------------------------------------------------------------- errors


class ConfigError(Exception):
    """A configuration problem the user can fix; the message says how. Never contains a token."""


class InsecureTokenFileError(ConfigError):
    """The token file is readable by group or others; we refuse to read it."""

    def __init__(self, path: Path, mode: int) -> None:
        self.path = path
        self.mode = mode
        super().__init__(
            f"Refusing to read token file {path}: it is accessible by group/others "
            f"(mode {stat.S_IMODE(mode):04o}). Fix it with: chmod 600 {path}"
        )


class UnknownProfileError(ConfigError):
    """``--profile NAME`` names no configured, stored or linode-cli profile."""


# ---------------------------------------------------------------------------------- paths


def validate_profile_name(name: str) -> str:
    """Return ``name`` if it is a safe profile name (also used as a file name), else raise ConfigError."""
    if not isinstance(name, str) or not _PROFILE_RE.match(name):
        raise ConfigError(
            f"invalid profile name {name!r}: use letters, digits, '_', '-', '.', '@' "
            "(not starting with '.' or '-', at most 100 characters)"
        )
    return name


def tokens_dir(env: Mapping[str, str] = os.environ) -> Path:
    return config_dir(env) / "tokens"


def token_file_path(profile: str, *, env: Mapping[str, str] = os.environ) -> Path:
    return tokens_dir(env) / f"{validate_profile_name(profile)}.token"


# ---------------------------------------------------------------------------------- settings


def _check_api_url(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if not re.match(r"^https?://[^/\s]+", value):
        raise ValueError("api_url must start with http:// or https:// followed by a host")
    return value.rstrip("/")


class ProfileConfig(BaseModel):
    """One account profile. The token itself is never stored here."""

    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True)

    api_url: str | None = None
    token_source: TokenSourceHint = "auto"
    read_only: bool = False
    # Operator settings (ui/ops.py): who `s` logs in as and with which extra ssh options; the LISH
    # user (default: the API username); the header's accent colour (e.g. "red" for prod).
    ssh_user: str | None = None
    ssh_args: list[str] | None = None
    lish_user: str | None = None
    accent: str | None = None

    @field_validator("api_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        return _check_api_url(value)


class RowCommand(BaseModel):
    """A user command on a row (``[[commands]]``): ``run`` is split like a shell would (never run by
    one unless ``shell = true``); ``{field}``/``{ipv4[0]}``/``{specs.memory}`` take the row's JSON."""

    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True)

    key: str
    run: str | list[str]
    areas: list[str] = Field(default_factory=lambda: ["linodes"])
    label: str = ""
    shell: bool = False
    dangerous: bool = False
    background: bool = False  # run without leaving the UI; its output is shown when it ends


class UIPrefs(BaseModel):
    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True)

    theme: str = "textual-dark"
    refresh_ttl: float = Field(default=30.0, ge=0)
    status_panel_height: int = Field(default=8, ge=1, le=200)
    event_poll_idle: float = Field(default=16.0, gt=0)
    event_poll_busy: float = Field(default=2.0, gt=0)


# Short env names for UI prefs (LINODE_TUI_THEME, ...) in addition to LINODE_TUI_UI__THEME.
_UI_ENV_ALIASES = tuple(UIPrefs.model_fields)


@dataclass(frozen=True)
class _LoadOptions:
    path: Path | None
    use_env: bool


_LOAD_OPTIONS: ContextVar[_LoadOptions | None] = ContextVar("linode_tui_config_load", default=None)


_AT_LINE = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)\s*$")
_AT_END = re.compile(r"^(?P<msg>.*?)\s*\(at end of document\)\s*$")


def _syntax_error(path: Path, exc: tomllib.TOMLDecodeError) -> ConfigError:
    """A TOML syntax error as a message a person can act on: the file, the line and column, what
    is wrong. The line itself is not quoted (a misplaced token must never reach a terminal)."""
    text = str(exc)
    m = _AT_LINE.match(text)
    if m:
        return ConfigError(
            f"cannot parse {path}: line {m['line']}, column {m['col']}: {m['msg']} "
            f"(a TOML syntax error: fix that line and start linode-tui again)"
        )
    m = _AT_END.match(text)
    if m:
        return ConfigError(f"cannot parse {path}: at the end of the file: {m['msg']} (a TOML syntax error)")
    return ConfigError(f"cannot parse {path}: {text} (a TOML syntax error)")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(path, exc) from None
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None


def _find_token_keys(data: Mapping[str, Any], prefix: str = "") -> Iterator[str]:
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if "token" in key.lower() and key != "token_source":
            yield dotted
        if isinstance(value, Mapping):
            yield from _find_token_keys(value, dotted + ".")


class _DictSource(PydanticBaseSettingsSource):
    """A settings source backed by a plain dict (the parsed TOML or short env aliases)."""

    def __init__(self, settings_cls: type[BaseSettings], data: dict[str, Any]) -> None:
        super().__init__(settings_cls)
        self._data = data

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return self._data.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(self._data)


class Settings(BaseSettings):
    """Application settings: TOML file < env (``LINODE_TUI_*``) < explicit keyword arguments.

    ``profile`` is the default profile name; ``read_only``/``api_url`` at top level apply to every
    profile (``read_only`` is OR-ed with the profile's, ``api_url`` wins over the profile's).
    """

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        extra="ignore",
        hide_input_in_errors=True,
        validate_default=True,
    )

    profile: str = DEFAULT_PROFILE
    read_only: bool = False
    api_url: str | None = None
    ui: UIPrefs = Field(default_factory=UIPrefs)
    profiles: dict[str, ProfileConfig] = Field(default_factory=dict)
    # Operator settings (ui/ops.py). ssh_user/ssh_args: defaults for every profile.
    ssh_user: str | None = None
    ssh_args: list[str] | None = None
    commands: list[RowCommand] = Field(default_factory=list)
    aliases: dict[str, str] = Field(default_factory=dict)  # `:NAME` runs the command text
    keymap: dict[str, str] = Field(default_factory=dict)  # binding id -> keys (App.set_keymap)

    _source_path: Path | None = PrivateAttr(default=None)
    _warnings: list[str] = PrivateAttr(default_factory=list)

    @field_validator("profile")
    @classmethod
    def _check_profile(cls, value: str) -> str:
        if not _PROFILE_RE.match(value):
            raise ValueError("invalid profile name")
        return value

    @field_validator("profiles")
    @classmethod
    def _check_profiles(cls, value: dict[str, ProfileConfig]) -> dict[str, ProfileConfig]:
        for name in value:
            if not _PROFILE_RE.match(name):
                raise ValueError(f"invalid profile name {name!r}")
        return value

    @field_validator("api_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        return _check_api_url(value)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        opts = _LOAD_OPTIONS.get() or _LoadOptions(path=None, use_env=True)
        path = opts.path or config_file(os.environ)
        toml_source = _DictSource(settings_cls, _read_toml(path))
        if not opts.use_env:
            return (init_settings, toml_source)
        ui_env: dict[str, Any] = {}
        for name in _UI_ENV_ALIASES:
            raw = _env_lookup(os.environ, ENV_PREFIX + name.upper())
            if raw is not None:
                ui_env[name] = raw
        alias_source = _DictSource(settings_cls, {"ui": ui_env} if ui_env else {})
        return (init_settings, alias_source, env_settings, toml_source)

    # -- helpers -------------------------------------------------------------------------------------

    @property
    def source_path(self) -> Path | None:
        """The TOML file these settings were loaded from (by ``load_settings``)."""
        return self._source_path

    @property
    def warnings(self) -> list[str]:
        """Problems noticed while loading (e.g. a token-like key in config.toml, which is ignored)."""
        return list(self._warnings)

    def profile_config(self, name: str | None = None) -> ProfileConfig:
        """The configured profile ``name`` (default: ``self.profile``), or defaults if not configured."""
        return self.profiles.get(name or self.profile, ProfileConfig())

    def to_toml_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)

    def to_toml(self, existing: str | None = None) -> str:
        """These settings as TOML. With ``existing`` (the file's current text), the user's layout
        and comments are kept and only the values change."""
        import tomlkit  # imported when writing only (start-up stays fast)

        doc = _parse_document(existing) if existing else None
        if doc is None:
            doc = tomlkit.document()
            doc.add(tomlkit.comment("linode-tui configuration. API tokens are never stored in this file."))
        _merge(doc, self.to_toml_dict(), _SETTINGS_SCHEMA)
        return tomlkit.dumps(doc)


def _env_lookup(env: Mapping[str, str], name: str) -> str | None:
    """Case-insensitive env lookup (pydantic-settings' env source is case-insensitive too)."""
    if name in env:
        return env[name]
    lowered = name.lower()
    for key, value in env.items():
        if key.lower() == lowered:
            return value
    return None


def load_settings(path: Path | None = None, *, use_env: bool = True, **overrides: Any) -> Settings:
    """Load settings from ``path`` (default ``config_file()``), env ``LINODE_TUI_*`` and ``overrides``.

    ``overrides`` are explicit values (e.g. from command-line flags: ``profile=``, ``read_only=``,
    ``api_url=``) and win over everything. Use ``use_env=False`` to load just the file (e.g. before
    editing and saving it, so env overrides are not persisted). Raises ConfigError on bad files.
    """
    path = path or config_file(os.environ)
    token = _LOAD_OPTIONS.set(_LoadOptions(path=path, use_env=use_env))
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(f"invalid configuration ({path}): {_summarise_validation(exc)}") from None
    finally:
        _LOAD_OPTIONS.reset(token)
    settings._source_path = path
    raw = _read_toml(path)
    for key in _find_token_keys(raw):
        msg = (
            f"{path}: ignoring key {key!r}: tokens are never read from config.toml "
            "(use the keyring or a token file)"
        )
        settings._warnings.append(msg)
        log.warning("%s", msg)
    return settings


def _summarise_validation(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_input=False, include_url=False):
        loc = ".".join(str(p) for p in err.get("loc", ()))
        parts.append(f"{loc}: {err.get('msg', 'invalid')}" if loc else str(err.get("msg", "invalid")))
    return "; ".join(parts)


def _existing_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write ``settings`` as TOML (atomically) to ``path`` (default: where it was loaded from).

    An existing file keeps its comments, order and formatting (``tomlkit``); only changed values
    are rewritten, keys removed from the settings are removed, keys this version does not know are
    kept, and token-like keys are dropped."""
    path = path or settings.source_path or config_file(os.environ)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    _atomic_write(path, settings.to_toml(_existing_text(path)).encode("utf-8"), mode=0o644)
    log.debug("settings saved to %s", path)
    return path


def theme_preference(env: Mapping[str, str] = os.environ) -> tuple[str | None, str]:
    """The theme the user asked for and where: ``LINODE_TUI_THEME`` (or ``LINODE_TUI_UI__THEME``),
    else ``[ui] theme`` in config.toml; ``(None, "")`` when neither. Cheap (no pydantic): the app
    calls it at start even when the settings machinery was skipped. A broken file gives no theme."""
    for name in (ENV_PREFIX + "THEME", ENV_PREFIX + "UI__THEME"):
        value = _env_lookup(env, name)
        if value and value.strip():
            return value.strip(), f"${name}"
    path = config_file(env)
    try:
        ui = _read_toml(path).get("ui")
    except ConfigError:
        return None, ""
    theme = ui.get("theme") if isinstance(ui, Mapping) else None
    if isinstance(theme, str) and theme.strip():
        return theme.strip(), str(path)
    return None, ""


def remember_theme(theme: str, env: Mapping[str, str] = os.environ) -> Path:
    """Store ``[ui] theme`` in config.toml, keeping everything else in the file as it is."""
    import tomlkit  # imported when writing only (start-up stays fast)

    path = config_file(env)
    text = _existing_text(path)
    doc = _parse_document(text) if text else None
    if doc is None:
        if path.exists():  # unreadable or broken: never overwrite the user's file
            raise ConfigError(f"{path} cannot be parsed; the theme was not saved")
        doc = tomlkit.document()
        doc.add(tomlkit.comment("linode-tui configuration. API tokens are never stored in this file."))
    ui = doc.get("ui")
    if not isinstance(ui, Mapping):
        ui = tomlkit.table()
        doc["ui"] = ui
    ui["theme"] = theme  # type: ignore[index]
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    _atomic_write(path, tomlkit.dumps(doc).encode("utf-8"), mode=0o644)
    return path


# ---------------------------------------------------------------------------------- TOML writer

# Which keys of each table the settings own (a key they own that is missing from the settings is
# removed from the file; other keys are the user's and stay). "*" means: any key (profile names).
_PROFILE_SCHEMA: dict[str, Any] = {name: None for name in ProfileConfig.model_fields}
_SETTINGS_SCHEMA: dict[str, Any] = {
    **{name: None for name in Settings.model_fields},
    "ui": {name: None for name in UIPrefs.model_fields},
    "profiles": {"*": _PROFILE_SCHEMA},
}


def _parse_document(text: str) -> tomlkit.TOMLDocument | None:
    import tomlkit
    import tomlkit.exceptions

    try:
        return tomlkit.parse(text)
    except tomlkit.exceptions.TOMLKitError:
        return None


def _merge(table: Any, data: Mapping[str, Any], schema: Mapping[str, Any] | None) -> None:
    """Update the tomlkit ``table`` in place to hold ``data``."""
    import tomlkit  # imported when writing only (start-up stays fast)

    for key in list(table.keys()):
        owned = schema is not None and (key in schema or "*" in schema)
        tokenish = "token" in str(key).lower() and key != "token_source"
        if tokenish or (owned and key not in data):
            del table[key]
    for key, value in data.items():
        sub = None if schema is None else schema.get(key, schema.get("*"))
        if isinstance(value, Mapping):
            current = table.get(key)
            if not isinstance(current, Mapping):
                current = tomlkit.table()
                table[key] = current
                current = table[key]
            _merge(current, value, sub if isinstance(sub, Mapping) else None)
        elif value is not None:
            old = table.get(key)
            if old is None or _plain(old) != value or type(_plain(old)) is not type(value):
                table[key] = value


def _plain(item: Any) -> Any:
    unwrap = getattr(item, "unwrap", None)
    return unwrap() if callable(unwrap) else item


def dumps_toml(data: Mapping[str, Any]) -> str:
    """Serialise a mapping of scalars, lists and nested mappings (tables) to TOML (``tomlkit``)."""
    import tomlkit  # imported when writing only (start-up stays fast)

    doc = tomlkit.document()
    _merge(doc, data, None)
    return tomlkit.dumps(doc)


# ---------------------------------------------------------------------------------- profiles


@dataclass(frozen=True)
class ActiveProfile:
    """The profile selected for this session, with overrides applied."""

    name: str
    api_url: str
    read_only: bool
    token_source: TokenSourceHint = "auto"


def list_profiles(
    settings: Settings | None = None,
    *,
    env: Mapping[str, str] = os.environ,
    include_linode_cli: bool = True,
) -> list[str]:
    """Sorted profile names: configured profiles, stored token files and (optionally) linode-cli users.

    Keyring entries cannot be enumerated; a profile only in the keyring appears once it is configured.
    """
    names: set[str] = set()
    if settings is not None:
        names.update(settings.profiles)
        names.add(settings.profile)
    tdir = tokens_dir(env)
    with contextlib.suppress(OSError):
        for entry in tdir.iterdir():
            if entry.suffix == ".token" and _PROFILE_RE.match(entry.stem):
                names.add(entry.stem)
    if include_linode_cli:
        try:
            names.update(p.name for p in import_linode_cli_profiles(env=env))
        except ConfigError as exc:
            log.warning("%s", exc)
    return sorted(names)


def active_profile(
    settings: Settings,
    name: str | None = None,
    *,
    env: Mapping[str, str] = os.environ,
    cli_profiles: Sequence[CliProfile] | None = None,
) -> ActiveProfile:
    """Select profile ``name`` (``--profile``; default ``settings.profile``) and apply overrides.

    api_url: ``settings.api_url`` (``--api-url``/``LINODE_TUI_API_URL``) > the profile's ``api_url`` >
    the matching linode-cli user's api host > DEFAULT_API_URL. read_only: settings OR profile.
    Raises UnknownProfileError if an explicitly requested ``name`` is not known anywhere.
    """
    chosen = validate_profile_name(name or settings.profile)
    configured = settings.profiles.get(chosen)
    cli_match: CliProfile | None = None
    if configured is None or configured.api_url is None:
        if cli_profiles is None:
            try:
                cli_profiles = import_linode_cli_profiles(env=env)
            except ConfigError as exc:
                log.warning("%s", exc)
                cli_profiles = []
        cli_match = next((p for p in cli_profiles if p.name == chosen), None)
        if cli_match is None and chosen == DEFAULT_PROFILE:
            # like resolve_token: the "default" profile is linode-cli's default user (its api_host too)
            cli_match = next((p for p in cli_profiles if p.is_default), None)
    if (
        name is not None
        and configured is None
        and cli_match is None
        and chosen != settings.profile
        and chosen != DEFAULT_PROFILE
        and not token_file_path(chosen, env=env).exists()
    ):
        known = ", ".join(list_profiles(settings, env=env, include_linode_cli=False)) or "none"
        raise UnknownProfileError(f"unknown profile {chosen!r} (known profiles: {known})")
    prof = configured or ProfileConfig()
    api_url = (
        settings.api_url or prof.api_url or (cli_match.api_url if cli_match else None) or DEFAULT_API_URL
    )
    return ActiveProfile(
        name=chosen,
        api_url=api_url,
        read_only=settings.read_only or prof.read_only,
        token_source=prof.token_source,
    )


# ---------------------------------------------------------------------------------- keyring


@dataclass(frozen=True)
class KeyringStatus:
    available: bool
    backend: str
    reason: str | None = None


def _backend_name(kr: object) -> str:
    cls = type(kr)
    return f"{cls.__module__}.{cls.__qualname__}"


def _get_real_keyring() -> tuple[Any | None, KeyringStatus]:
    """The active keyring backend if it is a real one, else (None, status with the reason)."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null

        kr = keyring.get_keyring()
    except Exception as exc:  # import problems, broken config, backend init failures
        return None, KeyringStatus(False, "unknown", f"keyring unavailable: {type(exc).__name__}: {exc}")
    name = _backend_name(kr)
    if isinstance(kr, fail.Keyring | null.Keyring):
        return None, KeyringStatus(False, name, "no OS keyring backend is available")
    if isinstance(kr, chainer.ChainerBackend):
        try:
            backends = list(kr.backends)
        except Exception as exc:
            return None, KeyringStatus(False, name, f"keyring unavailable: {type(exc).__name__}: {exc}")
        if not backends:
            return None, KeyringStatus(False, name, "no OS keyring backend is available")
    return kr, KeyringStatus(True, name)


def keyring_status() -> KeyringStatus:
    """Whether a real OS keyring backend exists (fail/null/empty chainer backends do not count)."""
    return _get_real_keyring()[1]


def _scrub(text: str, secret: str | None) -> str:
    if secret:
        text = text.replace(secret, "**********")
    return text


# ---------------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class TokenResult:
    """Outcome of ``resolve_token``.

    ``source`` is one of ``env:LINODE_TOKEN``, ``env:LINODE_CLI_TOKEN``, ``keyring``, ``file:<path>``,
    ``linode-cli:<user>`` or ``none``. ``warnings`` are human-readable and never contain the token.
    """

    token: SecretStr | None
    source: str
    warnings: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.token is not None

    @property
    def kind(self) -> str:
        """``env``, ``keyring``, ``file``, ``linode-cli`` or ``none``."""
        return self.source.split(":", 1)[0]


def _clean_token(raw: str | None) -> str | None:
    if raw is None:
        return None
    for line in raw.splitlines():
        stripped = line.strip()
        if stripped:
            return stripped
    return None


def read_token_file(path: Path) -> SecretStr | None:
    """Read a token file; None if missing or empty. Raises InsecureTokenFileError if mode & 0o077."""
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigError(f"cannot read token file {path}: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ConfigError(f"token file {path} is not a regular file")
        if _IS_POSIX and st.st_mode & 0o077:
            raise InsecureTokenFileError(path, st.st_mode)
        chunks = []
        while True:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(fd)
    try:
        text = b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"token file {path} is not valid UTF-8 text") from None
    token = _clean_token(text)
    return SecretStr(token) if token else None


def resolve_token(
    profile: str,
    *,
    env: Mapping[str, str] = os.environ,
    hint: TokenSourceHint = "auto",
) -> TokenResult:
    """Find the API token for ``profile``.

    Order: ``LINODE_TOKEN``, ``LINODE_CLI_TOKEN``, OS keyring (real backends only), the token file
    ``<config dir>/tokens/<profile>.token``, linode-cli's config (user ``profile``, or its default user
    when ``profile`` is ``default``). ``hint`` (a profile's ``token_source``) moves that source right
    after the env variables. A token file readable by group/others stops the search (token None) with a
    warning that says how to fix it, rather than silently falling through to another account's token.
    """
    profile = validate_profile_name(profile)
    warnings: list[str] = []
    for var in TOKEN_ENV_VARS:
        value = _clean_token(env.get(var))
        if value:
            log.debug("token for profile %r taken from $%s", profile, var)
            return TokenResult(SecretStr(value), f"env:{var}", warnings)

    def from_keyring() -> TokenResult | None:
        kr, status = _get_real_keyring()
        if kr is None:
            if status.reason and status.reason.startswith("keyring unavailable"):
                warnings.append(status.reason)
            log.debug("keyring skipped: %s", status.reason)
            return None
        try:
            value = _clean_token(kr.get_password(KEYRING_SERVICE, profile))
        except Exception as exc:  # NoKeyringError, KeyringError, D-Bus errors, locked keyrings ...
            warnings.append(f"OS keyring ({status.backend}) failed: {type(exc).__name__}: {exc}")
            return None
        if value:
            log.debug("token for profile %r taken from keyring %s", profile, status.backend)
            return TokenResult(SecretStr(value), "keyring", warnings)
        return None

    def from_file() -> TokenResult | None:
        path = token_file_path(profile, env=env)
        try:
            token = read_token_file(path)
        except ConfigError as exc:
            warnings.append(str(exc))
            raise
        if token is None:
            return None
        log.debug("token for profile %r taken from %s", profile, path)
        return TokenResult(token, f"file:{path}", warnings)

    def from_linode_cli() -> TokenResult | None:
        try:
            cli = import_linode_cli_profiles(env=env)
        except ConfigError as exc:
            warnings.append(str(exc))
            return None
        match = next((p for p in cli if p.name == profile), None)
        if match is None and profile == DEFAULT_PROFILE:
            match = next((p for p in cli if p.is_default), None)
        if match is None:
            return None
        log.debug("token for profile %r taken from linode-cli user %r", profile, match.name)
        return TokenResult(match.token, f"linode-cli:{match.name}", warnings)

    order: dict[str, Callable[[], TokenResult | None]] = {
        "keyring": from_keyring,
        "file": from_file,
        "linode-cli": from_linode_cli,
    }
    names = list(order)
    if hint != "auto":
        names.remove(hint)
        names.insert(0, hint)
    for name in names:
        try:
            result = order[name]()
        except ConfigError:
            return TokenResult(None, "none", warnings)
        if result is not None:
            return result
    warnings.append(
        f"no API token for profile {profile!r}: set LINODE_TOKEN, store one with the app, "
        f"or write it to {token_file_path(profile, env=env)} (chmod 600)"
    )
    return TokenResult(None, "none", warnings)


def _ensure_private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if _IS_POSIX:
        os.chmod(path, 0o700)


def _atomic_write(path: Path, data: bytes, *, mode: int) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), mode)
    try:
        try:
            if _IS_POSIX:
                os.fchmod(fd, mode)  # exact mode regardless of umask
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write_token_file(profile: str, token: str, env: Mapping[str, str]) -> Path:
    path = token_file_path(profile, env=env)
    _ensure_private_dir(path.parent)
    _atomic_write(path, (token + "\n").encode("utf-8"), mode=0o600)
    return path


def store_token(
    profile: str,
    token: str | SecretStr,
    *,
    env: Mapping[str, str] = os.environ,
    backend: Literal["auto", "keyring", "file"] = "auto",
) -> str:
    """Store ``token`` for ``profile``; return where: ``keyring`` or ``file:<path>``.

    ``auto`` uses the OS keyring when a real backend exists (falling back to the file if it fails),
    else a 0600 file in a 0700 directory. ``keyring`` raises ConfigError when no real keyring exists.
    """
    profile = validate_profile_name(profile)
    secret = token.get_secret_value() if isinstance(token, SecretStr) else token
    secret = secret.strip()
    if not secret or any(ch.isspace() for ch in secret):
        raise ValueError("token must be non-empty and contain no whitespace")
    if backend in ("auto", "keyring"):
        kr, status = _get_real_keyring()
        if kr is not None:
            try:
                kr.set_password(KEYRING_SERVICE, profile, secret)
            except Exception as exc:
                msg = _scrub(f"OS keyring ({status.backend}) failed: {type(exc).__name__}: {exc}", secret)
                if backend == "keyring":
                    raise ConfigError(msg) from None
                log.warning("%s; storing the token in a file instead", msg)
            else:
                log.info("token for profile %r stored in keyring %s", profile, status.backend)
                return "keyring"
        elif backend == "keyring":
            raise ConfigError(f"cannot store the token in the OS keyring: {status.reason}")
    path = _write_token_file(profile, secret, env)
    log.info("token for profile %r stored in %s", profile, path)
    return f"file:{path}"


def delete_token(profile: str, *, env: Mapping[str, str] = os.environ) -> list[str]:
    """Remove the stored token for ``profile`` from the keyring and the token file; return what went."""
    profile = validate_profile_name(profile)
    removed: list[str] = []
    kr, _status = _get_real_keyring()
    if kr is not None:
        try:
            if kr.get_password(KEYRING_SERVICE, profile) is not None:
                kr.delete_password(KEYRING_SERVICE, profile)
                removed.append("keyring")
        except Exception as exc:
            log.warning("OS keyring delete failed: %s", type(exc).__name__)
    path = token_file_path(profile, env=env)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
        removed.append(f"file:{path}")
    return removed


# ---------------------------------------------------------------------------------- linode-cli


@dataclass(frozen=True)
class CliProfile:
    """A user imported (read-only) from linode-cli's config."""

    name: str
    token: SecretStr
    api_url: str | None
    is_default: bool
    region: str | None = None
    type: str | None = None
    image: str | None = None


def linode_cli_config_path(env: Mapping[str, str] = os.environ) -> Path | None:
    """linode-cli's config file as linode-cli picks it (legacy ``~/.linode-cli`` first), or None."""
    home = _home(env)
    legacy = home / ".linode-cli"
    if legacy.is_file():
        return legacy
    xdg = env.get("XDG_CONFIG_HOME")
    current = (Path(xdg) if xdg else home / ".config") / "linode-cli"
    return current if current.is_file() else None


def _cli_api_url(host: str | None, version: str | None, scheme: str | None) -> str | None:
    if not (host or version or scheme):
        return None
    host = (host or "api.linode.com").strip().rstrip("/")
    if "://" in host:
        parsed_scheme, host = host.split("://", 1)
        scheme = scheme or parsed_scheme
    return f"{(scheme or 'https').strip()}://{host}/{(version or 'v4').strip().strip('/')}"


def import_linode_cli_profiles(
    *, env: Mapping[str, str] = os.environ, path: Path | None = None
) -> list[CliProfile]:
    """Users from linode-cli's INI config (never written). Users without a token are skipped."""
    path = path or linode_cli_config_path(env)
    if path is None:
        return []
    parser = configparser.ConfigParser(interpolation=None)
    try:
        with path.open(encoding="utf-8") as fh:
            parser.read_file(fh)
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read linode-cli config {path}: {type(exc).__name__}") from None
    except configparser.Error as exc:
        # configparser messages can quote a line; never echo file contents (tokens live there).
        raise ConfigError(f"cannot parse linode-cli config {path}: {type(exc).__name__}") from None

    default_user = parser.defaults().get("default-user")
    users = parser.sections()
    if not default_user and len(users) == 1:
        default_user = users[0]  # linode-cli treats a lone user as the default

    def get(section: str, key: str) -> str | None:
        value = parser.get(section, key, fallback=None)
        return value.strip() if value and value.strip() else None

    profiles: list[CliProfile] = []
    for user in users:
        token = get(user, "token")
        if not token:
            continue
        profiles.append(
            CliProfile(
                name=user,
                token=SecretStr(token),
                api_url=_cli_api_url(
                    get(user, "api_host"), get(user, "api_version"), get(user, "api_scheme")
                ),
                is_default=user == default_user,
                region=get(user, "region"),
                type=get(user, "type"),
                image=get(user, "image"),
            )
        )
    if not users and not default_user:
        # Very old single-user layout: the token sits in [DEFAULT].
        defaults = parser.defaults()
        legacy_token = (defaults.get("token") or "").strip()
        if legacy_token:
            profiles.append(
                CliProfile(
                    name=DEFAULT_PROFILE,
                    token=SecretStr(legacy_token),
                    api_url=_cli_api_url(
                        defaults.get("api_host"), defaults.get("api_version"), defaults.get("api_scheme")
                    ),
                    is_default=True,
                    region=defaults.get("region"),
                    type=defaults.get("type"),
                    image=defaults.get("image"),
                )
            )
    return profiles
