"""Writing secrets to disk: files created 0600 from the start (never world-readable for a moment),
replaced atomically, never silently overwritten."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class FileExistsProblem(Exception):
    """The target exists and the caller did not ask to replace it."""


def write_private(path: str | Path, text: str | bytes, *, overwrite: bool = False) -> Path:
    """Write ``text`` (or bytes) to ``path`` with mode 0600 (its directory is created 0700 when
    missing)."""
    target = Path(path).expanduser()
    if target.exists() and not overwrite:
        raise FileExistsProblem(f"{target} already exists")
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as bfh:
                bfh.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target


__all__ = ["FileExistsProblem", "write_private"]
