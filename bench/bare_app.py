"""The floor of our stack: a bare Textual app that paints one word (bench/bench_app.py starts it
with the same interpreter and venv as linode-tui and times its first paint)."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("bareword")


if __name__ == "__main__":
    Bare().run()
