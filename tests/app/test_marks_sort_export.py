"""Marks (all / invert / clear, cleared once a bulk action is sent), sort (< > S and the column
picker), exports (raw values, four formats, a suggested name) and secrets at the UI (`v`, exports and
the detail summary, masked until ctrl+r) — as a user drives them, asserting requests and screens."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from textual.widgets import Input, Static

from linode_tui.core.secrets import MASK, spec_secret_fields
from linode_tui.specdata import load_spec
from linode_tui.ui.dialogs import ConfirmDialog, MenuDialog, PromptDialog, TextDialog
from linode_tui.ui.views.detail import DetailView
from linode_tui.ui.widgets.vtable import ResourceTable

from ..helpers import select_row, until, wait_rows


def title(view: Any) -> str:
    return str(view.query_one("#title", Static).render())


async def test_mark_all_invert_and_clear_by_key_and_menu(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await wait_rows(pilot, app, 25)
        table = view.query_one(ResourceTable)
        first = table.cursor_row_key
        await pilot.press("space")  # marks the first row
        await pilot.press("asterisk")  # invert: every other row
        await until(pilot, lambda: len(table.marked_keys()) == 24, "inverted marks")
        assert first not in table.marked_keys()
        assert "24 marked" in title(view)
        await pilot.press("ctrl+backslash")
        await until(pilot, lambda: not table.marked_keys(), "marks cleared")
        assert "marked" not in title(view)
        # ctrl+a marks the rows shown: with a filter, only its matches
        await pilot.press("slash", *"prod", "enter")
        await until(pilot, lambda: 0 < table.row_count < 25, "the filter")
        await pilot.press("ctrl+a")
        await until(pilot, lambda: table.marked_keys() == set(table.visible_keys()), "all shown marked")
        # the `a` menu offers the same, with their keys
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, MenuDialog), "the action menu")
        ids = [o[0] for o in app.screen.options]
        assert {
            "view:mark_all",
            "view:invert_marks",
            "view:clear_marks",
            "view:sort_menu",
            "view:export",
        } <= set(ids)
        menu = app.screen.query_one("#menu")
        menu.highlighted = ids.index("view:clear_marks")
        await pilot.press("enter")
        await until(pilot, lambda: not table.marked_keys(), "cleared from the menu")
        # the help lists the keys
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, TextDialog), "help")
        help_text = str(app.screen.body)
        for words in ("Mark all", "Invert marks", "Clear marks", "Sort", "Reverse sort", "Sort by column"):
            assert words in help_text, words


async def test_bulk_confirmation_lists_every_label_scrolls_and_clears_marks_once_sent(
    app_factory: Any, sim: Any
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await wait_rows(pilot, app, 25)
        table = view.query_one(ResourceTable)
        running = [r for r in view.rows.values() if r["status"] == "running" and "fail" not in r["label"]]
        assert len(running) >= 15
        table.set_marks(r["id"] for r in running)
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        body = app.screen.query_one(".dialog-body")
        text = str(body.query_one(Static).render())
        assert all(r["label"] in text for r in running)
        await until(pilot, lambda: body.max_scroll_y > 0, "a scrolling body")
        assert app.screen.query_one("#confirm").region.bottom <= 24  # the buttons stay on screen
        assert app.focused is app.screen.query_one("#cancel")
        await pilot.press("enter")  # Cancel: nothing sent, marks kept
        await until(pilot, lambda: not isinstance(app.screen, ConfirmDialog), "cancelled")
        assert not [r for r in sim.request_log if r.method == "POST"]
        assert len(table.marked_keys()) == len(running)
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation again")
        await pilot.press("right")  # from Cancel to Reboot, by keyboard
        assert app.focused is app.screen.query_one("#confirm")
        await pilot.press("enter")
        await until(
            pilot,
            lambda: len([r for r in sim.request_log if r.method == "POST"]) == len(running),
            "the reboots",
        )
        await until(pilot, lambda: not table.marked_keys(), "marks cleared after sending")


async def test_sort_steps_reverses_and_picks_a_column(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        table = view.query_one(ResourceTable)
        keys = [c.key for c in view.area.columns]
        await pilot.press("greater_than_sign")
        assert (table.sort_column, table.sort_reverse) == (keys[0], False)
        await pilot.press("greater_than_sign")
        assert table.sort_column == keys[1]
        await pilot.press("less_than_sign", "less_than_sign")
        assert table.sort_column is None  # before the first column: as the API sent them
        await pilot.press("less_than_sign")
        assert table.sort_column == keys[-1]
        await pilot.press("S")
        assert table.sort_reverse
        await pilot.press("s")  # no longer sorts (ssh owns it)
        assert table.sort_column == keys[-1]

        async def pick(label: str) -> None:
            await pilot.press("O")
            await until(pilot, lambda: isinstance(app.screen, MenuDialog), "the column picker")
            ids = [o[0] for o in app.screen.options]
            app.screen.query_one("#menu").highlighted = ids.index(label)
            await pilot.press("enter")
            await until(pilot, lambda: not isinstance(app.screen, MenuDialog), "picked")

        await pick("region")
        regions = [view.rows[k]["region"] for k in table.visible_keys()]
        sort_state = (table.sort_column, table.sort_reverse)  # a fresh look after the picker
        assert sort_state == ("region", False) and regions == sorted(regions)  # type: ignore[comparison-overlap]
        await pick("region")  # the same column again: reversed
        regions = [view.rows[k]["region"] for k in table.visible_keys()]
        assert table.sort_reverse and regions == sorted(regions, reverse=True)
        await pick("")
        assert table.sort_column is None


async def test_export_suggests_a_name_and_writes_raw_values_in_four_formats(
    app_factory: Any, sim: Any, tmp_path: Path
) -> None:
    app = app_factory(command="linodes region = us-east")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        table = view.query_one(ResourceTable)
        await pilot.press("greater_than_sign", "greater_than_sign")  # by label: the order is kept
        shown = table.visible_rows()
        assert shown and all(r["region"] == "us-east" for r in shown)
        day = datetime.fromtimestamp(sim.clock.now()).strftime("%Y-%m-%d")
        for name in ("out.csv", "out.json", "out.yaml", "out.md", "out.md"):
            await pilot.press("x")
            await until(pilot, lambda: isinstance(app.screen, PromptDialog), "the export prompt")
            field = app.screen.query_one("#prompt-input", Input)
            assert field.value == f"linodes-region-us-east-{day}.csv"
            field.value = str(tmp_path / name)
            await pilot.press("enter")
            if (tmp_path / name).exists() and isinstance(app.screen, PromptDialog):
                error = str(app.screen.query_one("#prompt-error", Static).render())
                assert "exists" in error
                await pilot.press("enter")  # again: overwrite
            await until(pilot, lambda: not isinstance(app.screen, PromptDialog), "the export")
        rows = list(csv.DictReader((tmp_path / "out.csv").open()))
        assert [int(r["id"]) for r in rows] == [r["id"] for r in shown]
        for line, item in zip(rows, shown, strict=True):
            assert line["status"] == item["status"]  # the API word
            assert line["ipv4"] == ";".join(item["ipv4"])  # every IP
            assert line["tags"] == ";".join(item["tags"])
        data = json.loads((tmp_path / "out.json").read_text())
        assert [d["id"] for d in data] == [r["id"] for r in shown]
        assert data[0]["specs"]["memory"] == shown[0]["specs"]["memory"]  # a number, not "2 GiB"
        assert yaml.safe_load((tmp_path / "out.yaml").read_text()) == data
        md = (tmp_path / "out.md").read_text().splitlines()
        assert md[0].startswith("| ID | Label | Status |") and len(md) == 2 + len(shown)
        assert all(ip in (tmp_path / "out.md").read_text() for r in shown for ip in r["ipv4"])
        # bad names are refused in the prompt, losing nothing
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, PromptDialog), "the prompt")
        app.screen.query_one("#prompt-input", Input).value = str(tmp_path / "out.txt")
        await pilot.press("enter")
        assert isinstance(app.screen, PromptDialog)
        assert ".yaml" in str(app.screen.query_one("#prompt-error", Static).render())
        assert app.screen.query_one("#prompt-input", Input).value.endswith("out.txt")


async def test_no_secret_field_of_the_spec_shows_in_v_exports_or_the_summary(
    app_factory: Any, sim: Any, tmp_path: Path
) -> None:
    """Every secret-bearing field name of the spec data, on a real resource (a Longview client,
    which also has its own api_key and install_code): at the top level (the summary shows those)
    and nested (the JSON view and the exports hold whole objects)."""
    names = sorted({n.rsplit(".", 1)[-1] for _, _, n, t in spec_secret_fields(load_spec()) if t != "boolean"})
    assert len(names) >= 15
    client = next(iter(sim.world.longview_clients.values()))
    secrets = {name: f"S3CR3T-{i:02d}-{name}" for i, name in enumerate(names)}
    secrets["api_key"], secrets["install_code"] = client["api_key"], client["install_code"]
    client.update(secrets)
    client["nested"] = {"configs": [{name: f"{value}-deep" for name, value in secrets.items()}]}
    values = [*secrets.values(), *(f"{v}-deep" for v in secrets.values())]

    def clean(text: str) -> bool:
        return not [v for v in values if v in text]

    app = app_factory(command="longview")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        await select_row(pilot, view, client["id"])
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, TextDialog), "the JSON view")
        text = str(app.screen.body)
        assert clean(text) and MASK in text and client["label"] in text
        await pilot.press("escape")
        for ext in (".json", ".csv", ".yaml", ".md"):
            await until(pilot, lambda: not isinstance(app.screen, TextDialog | PromptDialog), "the list")
            await pilot.press("x")
            await until(pilot, lambda: isinstance(app.screen, PromptDialog), "the export prompt")
            out = tmp_path / f"lv{ext}"
            app.screen.query_one("#prompt-input", Input).value = str(out)
            await pilot.press("enter")
            await until(pilot, out.exists, f"the {ext} export")
            assert clean(out.read_text()), ext
        await until(pilot, lambda: not isinstance(app.screen, PromptDialog), "the list")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the detail")
        detail = app.current_view()
        summary = detail.query_one("#summary", Static)
        await until(pilot, lambda: "longview" in str(summary.render()), "the summary")
        shown = str(summary.render())
        assert clean(shown) and "ctrl+r reveals" in shown
        await pilot.press("ctrl+r")
        await until(pilot, lambda: client["api_key"] in str(summary.render()), "the secrets revealed")
        assert all(v in str(summary.render()) for v in secrets.values())
        await pilot.press("v")  # revealed in the summary, never in the JSON view
        await until(pilot, lambda: isinstance(app.screen, TextDialog), "the JSON view")
        assert clean(str(app.screen.body))
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, TextDialog), "closed")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: clean(str(summary.render())), "the secrets hidden again")
