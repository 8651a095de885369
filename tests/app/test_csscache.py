"""The parsed CSS kept between starts (linode_tui.ui.csscache, issue 14): a start with the cache
styles and paints exactly what a start without it does, and a cache that does not match (other
variables, another version, a foreign or damaged file) is not used."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import pytest

from linode_tui.ui import csscache
from tests.helpers import wait_rows


def _rules(app: Any) -> list[tuple[Any, ...]]:
    return [
        (rule.selector_names, tuple(str(s) for s in rule.selector_set),
         {k: repr(v) for k, v in rule.styles.get_rules().items()})
        for rule in app.stylesheet.rules
    ]


async def _start(app: Any) -> tuple[list[tuple[Any, ...]], str]:
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_rows(pilot, app)
        await pilot.pause()
        return _rules(app), app.export_screenshot()


async def test_a_start_from_the_cache_styles_and_paints_as_one_without(
    app_factory: Any, tmp_path: Path
) -> None:
    path = tmp_path / "cache" / "css.pickle"
    first = app_factory()
    assert csscache.load(first, path) == 0  # nothing there yet
    async with first.run_test(size=(100, 30)) as pilot:
        await wait_rows(pilot, first)
        assert csscache.save(first, path) is True
        assert csscache.save(first, path) is False  # nothing new since
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700

    plain = app_factory()
    rules_plain, screen_plain = await _start(plain)

    cached = app_factory()
    taken = csscache.load(cached, path)
    assert taken >= 10  # the app's, Textual's and our widgets' rule sets
    import textual.css.stylesheet as stylesheet_module

    tokenized: list[str] = []
    real_parse = stylesheet_module.parse  # type: ignore[attr-defined]

    def spy(scope: str, css: str, *args: Any, **kw: Any) -> Any:
        tokenized.append(css)
        return real_parse(scope, css, *args, **kw)

    stylesheet_module.parse = spy  # type: ignore[attr-defined]
    try:
        rules_cached, screen_cached = await _start(cached)
    finally:
        stylesheet_module.parse = real_parse  # type: ignore[attr-defined]
    assert rules_cached == rules_plain
    assert screen_cached == screen_plain
    # the rule sets the cache held were not tokenized again
    assert {key[0] for key in cached._css_cache_loaded}.isdisjoint(tokenized)


async def test_other_variables_or_a_damaged_file_are_not_used(app_factory: Any, tmp_path: Path) -> None:
    path = tmp_path / "css.pickle"
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_rows(pilot, app)
        assert csscache.save(app, path)

    other = app_factory()
    variables = dict(other.stylesheet._variables)
    variables["primary"] = "#123456"  # another theme's colours: its rules are other rules
    other.stylesheet.set_variables(variables)
    assert csscache.load(other, path) == 0

    data = pickle.loads(path.read_bytes())
    data["stamp"] = (*data["stamp"][:-1], ("textual", 1, 2))  # another Textual
    path.write_bytes(pickle.dumps(data))
    assert csscache.load(app_factory(), path) == 0

    path.write_bytes(b"not a pickle")
    assert csscache.load(app_factory(), path) == 0
    assert csscache.load(app_factory(), tmp_path / "missing.pickle") == 0


@pytest.mark.skipif(os.name != "posix", reason="file modes")
async def test_a_file_others_may_write_is_not_read(app_factory: Any, tmp_path: Path) -> None:
    path = tmp_path / "cache" / "css.pickle"
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_rows(pilot, app)
        assert csscache.save(app, path)
    assert csscache.load(app_factory(), path) > 0
    path.chmod(0o666)
    assert csscache.load(app_factory(), path) == 0
    path.chmod(0o600)
    path.parent.chmod(0o777)
    assert csscache.load(app_factory(), path) == 0
    path.parent.chmod(0o700)
    link = tmp_path / "cache" / "link.pickle"
    link.symlink_to(path)
    assert csscache.load(app_factory(), link) == 0
