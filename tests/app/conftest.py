from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from linode_tui.core.services import Settings
from linode_tui.sim import Simulator, create_sim
from linode_tui.ui.app import LinodeTUI, make_app


async def _no_wait(seconds: float) -> None:
    """Retries and throttling back off on a fake clock in tests: never sleep for real."""
    import asyncio

    await asyncio.sleep(0)


@pytest.fixture
def sim() -> Simulator:
    return create_sim(seed=7, linodes=25, frozen=True)


@pytest.fixture
def app_factory(sim: Simulator) -> Callable[..., LinodeTUI]:
    """An app on the in-process simulator, with the background poller off (tests poll by hand)."""

    def make(
        *, read_only: bool = False, command: str | None = "linodes", token: str = "demo", **settings: Any
    ) -> LinodeTUI:
        client = sim.client(token, read_only=read_only, sleep=_no_wait, wall=sim.clock.now)
        s = Settings(
            demo=True, poll=False, read_only=read_only, command=command, now=sim.clock.now, **settings
        )
        return make_app(s, client, sim=sim)

    return make


@pytest.fixture(autouse=True)
def _stable_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Any:
    """Deterministic screens: UTC local time, no user config, default colours."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LINODE_TUI_CONFIG_DIR", str(tmp_path / "cfg"))
    for var in ("NO_COLOR", "TEXTUAL_THEME", "LINODE_TOKEN", "LINODE_CLI_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    yield
    time.tzset()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--monkey-minutes", type=float, default=0.0, metavar="N",
        help="run each monkey test case (tests/app/test_monkey.py) for N minutes with new seeds",
    )


@pytest.fixture
def monkey_minutes(request: pytest.FixtureRequest) -> float:
    return float(request.config.getoption("--monkey-minutes"))
