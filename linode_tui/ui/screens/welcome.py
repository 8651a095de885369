"""The welcome screen: shown when no token is found. Paste a token (checked with GET /profile,
then stored in the keyring or a 0600 file), pick an imported linode-cli profile, or start the demo."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from linode_tui.ui.guard import guarded, while_present
from linode_tui.ui.widgets.keyhints import KeyHints

if TYPE_CHECKING:
    from linode_tui.ui.app import LinodeTUI


class WelcomeScreen(Screen[None]):
    DEFAULT_CSS = """
    WelcomeScreen { align: center middle; }
    WelcomeScreen > Vertical { width: 76; max-width: 100%; height: auto; border: thick $primary;
        padding: 1 2; background: $panel; }
    WelcomeScreen .title { text-style: bold; }
    WelcomeScreen .hint { color: $text-muted; }
    WelcomeScreen .error { color: $error; height: auto; }
    WelcomeScreen .ok { color: $success; height: auto; }
    WelcomeScreen OptionList { height: auto; max-height: 6; margin-top: 1; }
    WelcomeScreen Button { margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+d", "demo", "Start the demo", priority=True, id="welcome.demo"),
        Binding("ctrl+q", "app.quit", "Quit", id="welcome.app_quit"),
    ]

    @property
    def tui(self) -> LinodeTUI:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        from linode_tui.config import import_linode_cli_profiles

        try:
            self.cli_profiles = import_linode_cli_profiles()
        except Exception:
            self.cli_profiles = []
        with Vertical():
            yield Static("Welcome to linode-tui", classes="title")
            problem = self.token_file_problem()
            if problem is not None:
                # Said here, not only on stderr after quitting: this is why no token was found.
                yield Static(Text(problem), id="token-file-problem", classes="error")
            yield Static(
                Text(
                    "No API token was found (LINODE_TOKEN, LINODE_CLI_TOKEN, keyring, token file).",
                    style="muted",
                )
            )
            yield Static("\nPaste a personal access token:")
            yield Input(
                password=True, placeholder="token (checked with GET /profile before it is saved)", id="token"
            )
            yield Static("", id="token-status", classes="error")
            if self.cli_profiles:
                yield Static("\nOr use a profile imported from linode-cli:")
                yield OptionList(
                    *[
                        Option(Text(f"{p.name}{'  (default)' if p.is_default else ''}"), id=p.name)
                        for p in self.cli_profiles
                    ],
                    id="cli-profiles",
                )
            yield Static("\nOr try everything against the built-in simulator:", classes="hint")
            yield Button("Start the demo (ctrl+d)", id="demo", variant="primary")
        yield KeyHints()

    def token_file_problem(self) -> str | None:
        """Why the profile's token file was not used, when it exists but others can read it (the
        message names the ``chmod 600`` that fixes it), or cannot be read at all."""
        from linode_tui.config import DEFAULT_PROFILE, ConfigError, read_token_file, token_file_path

        try:
            path = token_file_path(self.tui.settings.profile or DEFAULT_PROFILE)
            read_token_file(path)
        except ConfigError as exc:
            return f"⚠ {exc}"
        except Exception:
            return None
        return None

    @while_present
    def on_mount(self) -> None:
        self.query_one("#token", Input).focus()

    @on(Input.Submitted, "#token")
    def _token(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.check_token(event.value.strip(), None, store=True)

    @on(OptionList.OptionSelected, "#cli-profiles")
    def _profile(self, event: OptionList.OptionSelected) -> None:
        prof = next((p for p in self.cli_profiles if p.name == event.option.id), None)
        if prof is not None:
            self.check_token(prof.token.get_secret_value(), prof.api_url, store=False)

    @on(Button.Pressed, "#demo")
    def _demo(self) -> None:
        self.action_demo()

    def action_demo(self) -> None:
        from linode_tui.cli import build_demo_services

        settings = self.tui.settings
        settings.demo = True
        services = build_demo_services(settings)
        self.app.pop_screen()
        self.tui.attach(services)

    @work(exclusive=True, exit_on_error=False)
    @guarded
    async def check_token(self, token: str, api_url: str | None, *, store: bool) -> None:
        from linode_tui.api.client import LinodeClient
        from linode_tui.api.errors import LinodeError
        from linode_tui.core.services import Services

        status = self.query_one("#token-status", Static)
        status.set_classes("error")
        status.update("Checking the token…")
        settings = self.tui.settings
        url = api_url or settings.api_url or "https://api.linode.com/v4"
        factory = getattr(self.tui, "client_factory", None)
        client = (factory or LinodeClient)(token, url, read_only=settings.read_only)
        try:
            profile: Any = await client.get("/profile", cache=False)
        except LinodeError as exc:
            status.update(Text(f"That token did not work: {exc}"))
            await client.aclose()
            return
        where = ""
        if store:
            from linode_tui.config import store_token

            try:
                where = store_token(settings.profile or "default", token)
            except Exception as exc:
                where = f"not saved ({exc})"
        status.set_classes("ok")
        status.update(Text(f"Signed in as {profile.get('username')}. Token saved: {where or 'not stored'}."))
        services = Services(
            client=client, settings=settings, target=url, username=str(profile.get("username") or "")
        )
        self.app.pop_screen()
        self.tui.attach(services)
