"""The project's own monkey: seeded random keys driving the app in demo mode, as a confused user would.

A run is reproducible in its keys (the seed picks every key and every pause); the app runs on the
simulator's real clock with the event poller on, as ``linode-tui --demo`` does, so timing varies a
little between runs. A run fails on any exception: one that ends the app (``app._exception``, a
non-zero return code), and one that the app's last line of defence caught and reported
("Unexpected error" in the status panel, an exception logged by the ``linode_tui`` logger). A clean
exit (ctrl+q, ``:quit``) starts a new app, the way the tester in issue 15 restarted after each exit.
"""

from __future__ import annotations

import logging
import random
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

from linode_tui.core.registry import AREAS
from linode_tui.core.services import Services, Settings
from linode_tui.sim import create_sim
from linode_tui.ui.app import LinodeTUI

NAV = ["up", "down", "pageup", "pagedown", "home", "end", "left", "right", "tab", "shift+tab", "enter",
       "escape", "space"]
VIEW_KEYS = ["a", "r", "v", "g", "s", "S", "x", "slash", "question_mark", "ctrl+p", "ctrl+b", "ctrl+e",
             "ctrl+s", "ctrl+d", "n", "b", "R", "o", "Z", "B", "U", "M", "C", "E", "P", "m", "p", "q",
             "[", "]", "h", "l", "j", "k"]
TEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.,[]=~!<>"
BURSTS: list[list[str]] = [
    ["a", "enter", "enter"],  # issue 15: the double dismiss of the action menu
    ["escape", "escape"],
    ["escape", "escape", "escape"],
    ["enter", "enter", "enter"],
    ["pagedown", "pagedown", "pagedown"],
    ["a", "pagedown", "pagedown", "enter"],
    ["ctrl+p", "pagedown", "pagedown", "enter", "escape"],
    ["ctrl+p", "l", "i", "pagedown", "enter"],
    ["slash", "w", "e", "b", "escape", "escape"],
    ["enter", "escape", "enter", "escape"],
    ["a", "escape", "a", "escape"],
    ["question_mark", "escape", "escape"],
    ["v", "q", "q"],
    ["tab", "enter", "enter"],
]
# Never a quitting command: a quit restarts the app (counted), it is not what this exercises.
COMMANDS = [a.key for a in AREAS] + ["dashboard", "help", "stats web-1", "linodes status = running",
                                     "linodes label ~ web", "nope", "linodes bogus ~", "volumes sort:-size"]


def key_event(key: str) -> events.Key:
    """The Key event a terminal sends for ``key`` (what ``pilot.press`` builds)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    char: str | None
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


@dataclass
class Step:
    keys: list[str]
    burst: bool = False  # sent at once, no pause between the keys
    pause: float = 0.0  # then let the app run this long


def steps(rng: random.Random) -> Iterator[Step]:
    """An endless seeded stream of what a confused user does; every area comes up in turn."""
    area_cycle = 0
    while True:
        r = rng.random()
        if r < 0.06:
            cmd = COMMANDS[area_cycle % len(COMMANDS)] if rng.random() < 0.7 else rng.choice(COMMANDS)
            area_cycle += 1
            yield Step(["colon", *_chars(cmd), "enter"],
                       burst=rng.random() < 0.5, pause=rng.choice([0, 0, 0.05, 0.3]))
        elif r < 0.40:
            yield Step([rng.choice(NAV)], pause=rng.choice([0, 0, 0, 0.02]))
        elif r < 0.62:
            yield Step([rng.choice(VIEW_KEYS)], pause=rng.choice([0, 0, 0.02, 0.1]))
        elif r < 0.72:
            yield Step(_chars("".join(rng.choice(TEXT) for _ in range(rng.randint(1, 6)))), burst=True)
        elif r < 0.94:
            yield Step(list(rng.choice(BURSTS)), burst=True, pause=rng.choice([0, 0, 0.05]))
        elif r < 0.995:
            yield Step([rng.choice(NAV + VIEW_KEYS) for _ in range(rng.randint(3, 12))], burst=True)
        else:
            yield Step(["ctrl+q"])


def _chars(text: str) -> list[str]:
    names = {" ": "space", ":": "colon", "/": "slash", "?": "question_mark"}
    return [names.get(c, c) for c in text]


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(self.format(record))


@dataclass
class MonkeyResult:
    seed: int
    keys: int = 0
    apps: int = 0
    seconds: float = 0.0
    crashes: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"seed {self.seed}: {self.keys} keys, {self.apps} app start(s), {self.seconds:.0f} s, "
                f"{len(self.crashes)} crash(es)")


def build_app(size: int, seed: int) -> LinodeTUI:
    """``linode-tui --demo --demo-size SIZE`` (the same simulator and client as the CLI builds)."""
    sim = create_sim(seed=seed, linodes=size, speed=4.0)
    client = sim.client("demo", wall=sim.clock.now)
    settings = Settings(demo=True, demo_size=size, poll=True, seed=seed, now=sim.clock.now)
    return LinodeTUI(settings, Services(client=client, settings=settings, sim=sim, target="DEMO"))


def _watch_problems(app: LinodeTUI, sink: list[str]) -> None:
    """What the app's last line of defence reports (``guarded`` workers, the action runner) is a
    crash the user did not see as one: collect it."""
    original = app.report_problem

    def report(message: str, severity: str = "error") -> None:
        if "Unexpected error" in message:
            sink.append(message)
        original(message, severity)

    app.report_problem = report  # type: ignore[method-assign]


async def run_monkey(seed: int, *, size: int, screen: tuple[int, int], seconds: float,
                     max_keys: int | None = None) -> MonkeyResult:
    """Drive fresh apps with the seed's keys for ``seconds`` (or ``max_keys``)."""
    rng = random.Random(seed)
    result = MonkeyResult(seed)
    handler = _Errors()
    logger = logging.getLogger("linode_tui")
    logger.addHandler(handler)
    start = time.monotonic()
    stream = steps(rng)
    try:
        while time.monotonic() - start < seconds and (max_keys is None or result.keys < max_keys):
            app = build_app(size, seed + result.apps)
            _watch_problems(app, handler.records)
            result.apps += 1
            crashed = await _drive(app, stream, result, handler, start, seconds, max_keys, screen)
            if crashed:
                break
    finally:
        logger.removeHandler(handler)
        result.seconds = time.monotonic() - start
    return result


async def _drive(app: LinodeTUI, stream: Iterator[Step], result: MonkeyResult, handler: _Errors,
                 start: float, seconds: float, max_keys: int | None, screen: tuple[int, int]) -> bool:
    try:
        async with app.run_test(size=screen) as pilot:
            await pilot.pause(0.05)
            while time.monotonic() - start < seconds and (max_keys is None or result.keys < max_keys):
                step = next(stream)
                for key in step.keys:
                    result.history.append(key)
                    result.keys += 1
                    driver = app._driver
                    if driver is None or app._exit_renderables or not app.is_running:
                        break
                    ev = key_event(key)
                    ev.set_sender(app)
                    driver.send_message(ev)
                    if not step.burst:
                        await pilot.pause()
                result.history = result.history[-60:]
                if step.pause:
                    await pilot.pause(step.pause)
                else:
                    await pilot.pause()
                problems = handler.records
                if problems:
                    result.crashes.extend(problems)
                    return True
                if app._exception is not None or not app.is_running:
                    break
    except Exception as exc:  # the app died: run_test re-raises what ended it
        import traceback

        result.crashes.append("".join(traceback.format_exception(exc)))
        return True
    if app._exception is not None:
        result.crashes.append(repr(app._exception))
        return True
    if app.return_code not in (0, None):
        result.crashes.append(f"the app exited with status {app.return_code}")
        return True
    return False
