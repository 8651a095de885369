"""A crash is never silent: reports (content, scrubbing, rotation), the wiring into a Textual app,
and the whole path end to end in a subprocess (`LINODE_TUI_DEBUG_CRASH=1 linode-tui --demo`)."""

from __future__ import annotations

import io
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from textual.app import App

from linode_tui import __version__, crash
from linode_tui.crash import DEBUG_CRASH_ENV, STATE_DIR_ENV, DeliberateCrash

ROOT = Path(__file__).resolve().parents[1]
PAT = "0123456789abcdef" * 4  # shaped like a Linode personal access token (64 hex digits)


def boom(message: str = "kaput") -> BaseException:
    try:
        raise ValueError(message)
    except ValueError as exc:
        return exc


def env_for(tmp_path: Path) -> dict[str, str]:
    return {STATE_DIR_ENV: str(tmp_path / "state")}


# -- where ---------------------------------------------------------------------------------------


def test_state_dir_override_and_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert crash.crash_dir({STATE_DIR_ENV: str(tmp_path)}) == tmp_path / "crashes"
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert crash.state_dir({}) == tmp_path / "xdg" / "linode-tui"


# -- scrubbing -----------------------------------------------------------------------------------


def test_scrub_argv_hides_secret_flags_and_known_secrets() -> None:
    argv = ["--token", "abc12345", "--api-key=zzz999", "-c", f"linodes label = {PAT}",
            "--profile", "work", "password=hunter22"]
    out = crash.scrub_argv(argv, secrets=["work-secret"])
    assert out == ["--token", "***", "--api-key=***", "-c", "linodes label = ***", "--profile", "work",
                   "password=***"]


def test_scrub_text_patterns() -> None:
    text = f'Authorization: Bearer abc.def root_pass="S3cret!" {PAT} client_secret: xyz my-token-1234'
    out = crash.scrub_text(text, secrets=["my-token-1234"])
    for secret in ("abc.def", "S3cret!", PAT, "xyz", "my-token-1234"):
        assert secret not in out
    assert "Authorization: Bearer ***" in out


# -- reports -------------------------------------------------------------------------------------


def test_report_has_what_a_bug_report_needs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINODE_TOKEN", "env-token-0123456789")
    exc = boom("failed with env-token-0123456789 and the-client-token")
    path = crash.write_report(
        exc, view="Screen > ResourceListView (Linodes)", argv=["linode-tui", "--profile", "work"],
        env=env_for(tmp_path), redactors=[lambda t: t.replace("the-client-token", "***")],
    )
    assert path.parent == tmp_path / "state" / "crashes"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert f"version: linode-tui {__version__}" in text
    assert re.search(r"^python: 3\.\d+\.\d+", text, re.M)
    assert re.search(r"^textual: \d+\.\d+\.\d+", text, re.M)
    assert "view: Screen > ResourceListView (Linodes)" in text
    assert "command: linode-tui --profile work" in text
    assert "Traceback (most recent call last):" in text and 'raise ValueError(message)' in text
    assert "exception: builtins.ValueError: failed with *** and ***" in text
    assert "env-token-0123456789" not in text and "the-client-token" not in text


def test_only_the_newest_reports_are_kept(tmp_path: Path) -> None:
    import datetime as dt

    start = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    paths = [
        crash.write_report(boom(f"n{i}"), env=env_for(tmp_path), when=start + dt.timedelta(seconds=i))
        for i in range(23)
    ]
    left = sorted((tmp_path / "state" / "crashes").glob("crash-*.txt"))
    assert len(left) == 20
    assert left == sorted(paths[3:])
    assert "n22" in left[-1].read_text()


def test_a_worker_failure_reports_the_workers_exception() -> None:
    class WorkerFailed(Exception):  # the shape of textual.worker.WorkerFailed
        def __init__(self, error: BaseException) -> None:
            self.error = error
            super().__init__(f"Worker raised exception: {error!r}")

    text = crash.format_report(WorkerFailed(boom("in a worker")), argv=["linode-tui"])
    assert "exception: builtins.ValueError: in a worker" in text
    assert "raise ValueError(message)" in text


class FakeApp:
    def __init__(self, return_code: int | None, exception: BaseException | None = None,
                 token: str | None = None, demo: bool = False) -> None:
        self.return_code = return_code
        self._exception = exception
        client = type("C", (), {"redact": staticmethod(lambda t: t.replace(token, "***") if token else t)})()
        self.services = type("S", (), {"client": client})()
        self.settings = type("T", (), {"demo": demo})()


def test_finish_without_a_crash_writes_nothing(tmp_path: Path) -> None:
    out = io.StringIO()
    assert crash.finish(FakeApp(0), crash.CrashWatch(), env=env_for(tmp_path), stream=out) == 0
    assert out.getvalue() == "" and not (tmp_path / "state").exists()


def test_finish_after_a_crash(tmp_path: Path) -> None:
    out = io.StringIO()
    app = FakeApp(1, boom("leaks client-token-123456"), token="client-token-123456")
    code = crash.finish(app, crash.CrashWatch(), argv=["linode-tui"], env=env_for(tmp_path), stream=out)
    assert code == 1
    m = re.fullmatch(r"linode-tui crashed; report: (.+)\n", out.getvalue())
    assert m is not None
    text = Path(m.group(1)).read_text()
    assert "leaks ***" in text and "client-token-123456" not in text


def test_finish_when_the_report_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    out = io.StringIO()
    code = crash.finish(FakeApp(1, boom()), crash.CrashWatch(), env={STATE_DIR_ENV: str(blocker)}, stream=out)
    assert code == 1
    assert out.getvalue().startswith(f"linode-tui crashed; could not write a report to {blocker / 'crashes'}")


def test_crash_module_does_not_import_textual() -> None:
    code = ("import sys; sys.modules['httpx._main'] = None\n"
            "import linode_tui.crash\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# -- arming a Textual app ------------------------------------------------------------------------


async def test_armed_app_crashes_on_purpose_and_the_watch_sees_it() -> None:
    app: App[None] = App()
    watch = crash.arm(app, env={DEBUG_CRASH_ENV: "0.05"})
    assert watch.hooked
    with pytest.raises(DeliberateCrash):
        async with app.run_test() as pilot:
            await pilot.pause(1.0)
    assert isinstance(watch.exception, DeliberateCrash)
    assert watch.view == "Screen"
    assert app.return_code == 1


async def test_unarmed_switch_does_nothing() -> None:
    app: App[None] = App()
    watch = crash.arm(app, env={DEBUG_CRASH_ENV: "0"})
    async with app.run_test() as pilot:
        await pilot.pause(0.3)
    assert watch.exception is None and not app.return_code


# -- end to end ----------------------------------------------------------------------------------


def test_debug_crash_end_to_end(tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LINODE_", "NO_COLOR", "TEXTUAL_"))}
    env = {
        **base,
        "PYTHONPATH": str(ROOT),
        STATE_DIR_ENV: str(tmp_path / "state"),
        DEBUG_CRASH_ENV: "1",
        "LINODE_TOKEN": PAT,  # not used by the demo, but a secret the report must not show
        # Textual's headless driver: no terminal needed, the app runs its loop and timers as usual.
        "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver",
    }
    out = subprocess.run(
        [sys.executable, "-m", "linode_tui", "--demo", "--demo-size", "5", "-c", f"linodes label = {PAT}"],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert out.returncode == 1, out.stderr[-2000:]
    m = re.search(r"^linode-tui crashed; report: (.+)$", out.stderr, re.M)
    assert m is not None, out.stderr[-2000:]
    report = Path(m.group(1))
    assert report.parent == tmp_path / "state" / "crashes" and report.is_file()
    text = report.read_text()
    assert "Traceback (most recent call last):" in text
    assert "DeliberateCrash: deliberate crash (LINODE_TUI_DEBUG_CRASH is set)" in text
    assert "command: linode-tui --demo --demo-size 5 -c 'linodes label = ***'" in text
    assert "view: MainScreen > " in text
    assert PAT not in text
    assert PAT not in out.stdout
