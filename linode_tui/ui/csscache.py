"""The parsed CSS of the last start, kept on disk for the next one (issue 14).

Textual parses every widget's CSS (its own App, Screen and Widget rules included) in each process
before the first frame: ~2,000 tokens, ~12 ms of a list's first paint, the same work at every
start. Textual already keeps the parsed rules in memory (``Stylesheet._parse_cache``, keyed by the
CSS text, where it comes from, and how it is scoped); this module keeps that cache between runs:

- :func:`load` fills the app's cache before anything is styled, from a file written by the same
  Textual, Python and linode-tui, with the same CSS variables (the theme's colours; Textual clears
  the cache itself when they change). A rule whose CSS text changed has another key: it is parsed.
- :func:`save` writes the cache once the first rows are on screen, when it holds rules the file
  lacked.

The file is a pickle in the user's cache directory (``~/.cache/linode-tui``), created 0600 in a
0700 directory, and read only when it belongs to the user and nobody else may write it or its
directory; a file that cannot be read or does not match is ignored (and replaced by the next save).
No library keeps Textual's parsed CSS, and the alternative (parsing it in a background thread) would
still put it on the first frame's critical path: the first styling waits for it.
"""

from __future__ import annotations

import os
import pickle
import stat
import sys
from pathlib import Path
from typing import Any

from linode_tui import __version__

FORMAT = 1


def _stamp() -> tuple[Any, ...]:
    """What the pickled rules depend on: the classes they are made of (Textual's and Rich's files,
    by size and modification time: ``textual.__version__`` would read the package metadata, several
    ms), the interpreter and linode-tui."""
    import rich.style
    import textual
    import textual.css.model
    import textual.css.styles

    files = (textual.__file__, textual.css.model.__file__, textual.css.styles.__file__, rich.style.__file__)
    stats: list[tuple[str, int | None, int | None]] = []
    for name in files:
        try:
            st = os.stat(name or "")
            stats.append((name, st.st_size, st.st_mtime_ns))
        except OSError:
            stats.append((name, None, None))
    return (FORMAT, __version__, sys.version, tuple(stats))


def cache_file() -> Path:
    from linode_tui.paths import cache_dir

    return cache_dir() / "css.pickle"


def _trusted(path: Path) -> bool:
    """Owned by this user, not a symlink, and neither it nor its directory writable by others."""
    if os.name != "posix":
        return True
    uid = os.getuid()
    for p in (path, path.parent):
        st = p.lstat()
        if st.st_uid != uid or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH) or stat.S_ISLNK(st.st_mode):
            return False
    return True


def _parse_cache(app: Any) -> Any:
    """Textual's in-memory cache of parsed CSS (None if this Textual has none)."""
    cache = getattr(getattr(app, "stylesheet", None), "_parse_cache", None)
    return cache if all(hasattr(cache, a) for a in ("keys", "get", "set")) else None


def load(app: Any, path: Path | None = None) -> int:
    """Fill the app's parsed-CSS cache from ``path``; the number of rule sets taken (0 when the
    file is missing, foreign, damaged or made for other variables, Textual, Python or linode-tui)."""
    target = cache_file() if path is None else path
    cache = _parse_cache(app)
    app._css_cache_loaded = frozenset()
    if cache is None:
        return 0
    try:
        if not _trusted(target):
            return 0
        with open(target, "rb") as fh:
            data = pickle.load(fh)
        if not isinstance(data, dict) or data.get("stamp") != _stamp():
            return 0
        if data.get("variables") != dict(app.stylesheet._variables):
            return 0
        entries = data.get("entries")
        if not isinstance(entries, dict):
            return 0
    except Exception:  # missing, unreadable, or written by something else: parse as usual
        return 0
    for key, rules in entries.items():
        cache.set(key, rules)
    app._css_cache_loaded = frozenset(entries)
    return len(entries)


def save(app: Any, path: Path | None = None) -> bool:
    """Write the app's parsed-CSS cache to ``path`` if it holds rule sets the file lacked (what was
    loaded is in it too, unless Textual dropped it); True if it wrote."""
    target = cache_file() if path is None else path
    cache = _parse_cache(app)
    if cache is None:
        return False
    keys = list(cache.keys())
    loaded: frozenset[Any] = getattr(app, "_css_cache_loaded", frozenset())
    if not keys or set(keys) <= loaded:
        return False
    entries = {key: cache.get(key) for key in keys}
    entries = {k: v for k, v in entries.items() if isinstance(v, list)}
    try:
        blob = pickle.dumps(
            {"stamp": _stamp(), "variables": dict(app.stylesheet._variables), "entries": entries},
            protocol=pickle.HIGHEST_PROTOCOL,
        )
        from linode_tui.privatefile import write_private

        write_private(target, blob, overwrite=True)  # at most Textual's 64 cached rule lists
    except Exception:  # a read-only home, a full disk, a rule that does not pickle: no cache
        return False
    app._css_cache_loaded = frozenset(entries)
    return True


__all__ = ["cache_file", "load", "save"]
