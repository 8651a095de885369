"""Every area lists and opens real recorded API responses (the linode_api4 fixtures), not only the
simulator's: the views work on the API's dicts as they are, whatever fields they carry.

Each request is answered from the fixture named after its path (``/linode/instances`` →
``linode_instances.json``); a detail without its own fixture is the list's item (the real API returns
the same object); anything else is the real 404.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import httpx
import pytest
from textual.widgets import TabbedContent

from linode_tui.api.client import LinodeClient
from linode_tui.core.descriptors import Area, fill
from linode_tui.core.registry import AREAS
from linode_tui.core.services import Settings
from linode_tui.ui.app import make_app
from linode_tui.ui.views.detail import DetailView
from linode_tui.ui.views.listing import ResourceListView
from linode_tui.ui.widgets.status_panel import StatusPanel
from linode_tui.ui.widgets.vtable import ResourceTable
from tests import specfiles
from tests.helpers import until, wait_idle

NAMES = set(specfiles.fixture_names())


def fixture_for(path: str) -> str | None:
    name = path.strip("/").replace("/", "_") + ".json"
    return name if name in NAMES else None


def list_of(area: Area) -> list[dict[str, Any]] | None:
    name = fixture_for(area.path)
    if name is None:
        return None
    data = specfiles.fixture(name)
    if area.paginated:
        rows = data.get("data") if isinstance(data, dict) else None
        return [r for r in rows or [] if isinstance(r, dict)] or None
    return [data] if isinstance(data, dict) else None


RECORDED = [a for a in AREAS if list_of(a)]


class Recorded:
    """An httpx transport that answers from the fixtures and logs what was asked."""

    def __init__(self, area: Area, rows: list[dict[str, Any]]) -> None:
        self.area = area
        self.items = {fill(area.detail_template(), r, area): r for r in rows}
        self.log: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/v4")
        self.log.append(f"{request.method} {path}")
        if request.method != "GET":
            return httpx.Response(400, json={"errors": [{"reason": "recorded responses are read-only"}]})
        name = fixture_for(path)
        if name is not None:
            return httpx.Response(200, content=specfiles.fixture_text(name).encode(),
                                  headers={"content-type": "application/json"})
        if path in self.items:
            return httpx.Response(200, json=self.items[path])
        return httpx.Response(404, json={"errors": [{"reason": "Not found"}]})


@pytest.mark.parametrize("area", RECORDED, ids=[a.key for a in RECORDED])
async def test_area_lists_and_opens_recorded_responses(area: Area) -> None:
    rows = list_of(area)
    assert rows
    recorded = Recorded(area, rows)
    client = LinodeClient("recorded", "http://recorded/v4", transport=httpx.MockTransport(recorded))
    settings = Settings(poll=False, command=area.key)
    app = make_app(settings, client)
    async with app.run_test(size=(120, 40)) as pilot:
        def loaded() -> bool:
            view = app.current_view()
            return isinstance(view, ResourceListView) and not view.loading

        await until(pilot, loaded, f"{area.key} loading")
        view = app.current_view()
        assert isinstance(view, ResourceListView)
        assert not view.error, view.error
        table = view.query_one(ResourceTable)
        assert table.total_count == len({area.key_of(r) for r in rows})
        # Every column renders for every recorded row (lines on screen are drawn from them).
        for column in table.columns:
            for row in rows:
                assert column.formatter is not None
                column.formatter(row)
        first = rows[0]
        app.open_detail(area, first)
        await until(pilot, lambda: app.current_view().query_one("#summary"), "the detail")  # type: ignore[union-attr]
        await wait_idle(pilot, app)
        detail = app.current_view()
        assert isinstance(detail, DetailView)
        tabs = detail.query_one(TabbedContent)
        for tab in detail.tabs:  # every tab loads (a recorded one, or the API's 404 said in the tab)
            tabs.active = f"tab-{tab.key}"
            loaded = partial(lambda k: k in detail.loaded_tabs or not detail.workers, tab.key)
            await until(pilot, loaded, tab.key)
            await wait_idle(pilot, app)
        assert area.label_of(first) in str(detail.query_one("#title").render())
        assert str(detail.query_one("#summary").render()).strip()  # the summary shows the object
        problems = app.query_one(StatusPanel).state.problems
        assert not [p for p in problems if "Traceback" in p.message or "Error:" in p.message], problems
        assert app.is_running
