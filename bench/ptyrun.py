"""Start a program on a pseudo-terminal (120×40, like tmux) and time until a marker is painted."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence

_ESC = re.compile(
    rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)"
)


def first_paint(
    argv: Sequence[str],
    marker: str,
    *,
    env: dict[str, str],
    cwd: str,
    timeout: float = 60.0,
    size: tuple[int, int] = (120, 40),
    linger: float = 0.0,
) -> tuple[float, str]:
    """Seconds from spawn until ``marker`` appears on the terminal (escape codes stripped), and
    the text seen. The program is then ended (SIGTERM, then SIGKILL), ``linger`` seconds later
    (a warm-up start lets it finish what it does after its first frame, as a user's start does)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        list(argv),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**env, "TERM": "xterm-256color"},
        cwd=cwd,
        start_new_session=True,
    )
    os.close(slave)
    raw = b""
    target = marker.encode()
    elapsed: float | None = None
    try:
        while time.perf_counter() - t0 < timeout:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            raw += chunk
            if target in _ESC.sub(b"", raw[-200_000:]):
                elapsed = time.perf_counter() - t0
                break
        end = time.perf_counter() + linger
        while elapsed is not None and time.perf_counter() < end:  # keep the terminal drained
            ready, _, _ = select.select([master], [], [], max(0.0, end - time.perf_counter()))
            if ready:
                try:
                    if not os.read(master, 1 << 16):
                        break
                except OSError:
                    break
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(3)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        os.close(master)
    text = _ESC.sub(b"", raw).decode(errors="replace")
    if elapsed is None:
        raise RuntimeError(f"{argv[-1]!r}: {marker!r} never painted; saw: {text[-800:]!r}")
    return elapsed, text
