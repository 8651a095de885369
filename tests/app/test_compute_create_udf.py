"""Create a Linode from a StackScript (its UDFs asked in a second form) with plain cloud-init
user data the app base64-encodes; the simulator checks stackscript_data against the UDFs."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from textual.widgets import Button, Input, Select, TextArea

from linode_tui.areas._shared import stackscript_data, user_data_b64
from linode_tui.ui.dialogs import ConfirmDialog, FormDialog
from tests.helpers import MUTATING, until, wait_rows

CLOUD_CONFIG = "#cloud-config\npackages:\n  - nginx\n"


def _posts(sim: Any) -> list[dict[str, Any]]:
    return [
        json.loads(r.body) for r in sim.request_log if r.method == "POST" and r.path == "/linode/instances"
    ]


def _script(sim: Any, label: str) -> dict[str, Any]:
    return next(s for s in sim.world.stackscripts.values() if s["label"] == label)


async def _loaded(pilot: Any, form: FormDialog) -> None:
    await until(
        pilot,
        lambda: not [w for w in form.workers if w.group == "form-choices" and not w.is_finished],
        "the pickers loading",
    )
    await pilot.pause()


async def _fill_create(pilot: Any, app: Any, script_id: int, image: str) -> FormDialog:
    await wait_rows(pilot, app)
    await pilot.press("n")
    await until(pilot, lambda: isinstance(app.screen, FormDialog), "the create form")
    form: FormDialog = app.screen
    await _loaded(pilot, form)
    form.query_one("#f-region", Select).value = "us-east"
    form.query_one("#f-type", Select).value = "g6-standard-2"
    form.query_one("#f-image", Select).value = image
    form.query_one("#f-stackscript_id", Select).value = script_id
    form.query_one("#f-label", Input).value = "ss-web"
    form.query_one("#f-root_pass", Input).value = "Correct-Horse-9-Battery"
    form.query_one("#f-metadata_user_data", TextArea).text = CLOUD_CONFIG
    await pilot.pause()
    return form


async def test_create_from_a_stackscript_asks_its_fields_and_sends_them(app_factory: Any, sim: Any) -> None:
    ss = _script(sim, "bootstrap-web")
    ss["user_defined_fields"] = [
        {"name": "hostname", "label": "Hostname", "example": "web-1"},
        {"name": "stack", "label": "Stack", "oneOf": "lamp,lemp", "default": "lamp"},
        {"name": "extras", "label": "Extras", "manyOf": "redis,memcached,php", "default": "php"},
    ]
    deploys = ss["deployments_total"]
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        first = await _fill_create(pilot, app, ss["id"], "linode/debian12")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not first and isinstance(app.screen, FormDialog), "UDF form")
        second: FormDialog = app.screen
        await _loaded(pilot, second)
        assert [f.name for f in second.action_def.form] == [
            "stackscript_data.hostname",
            "stackscript_data.stack",
            "stackscript_data.extras",
        ]
        assert second.query_one("#f-stackscript_data_stack", Select).value == "lamp"
        second.action_submit()  # the hostname has no default: required, checked here
        await pilot.pause()
        assert isinstance(app.screen, FormDialog) and _posts(sim) == []
        second.query_one("#f-stackscript_data_hostname", Input).value = "web-7"
        second.query_one("#f-stackscript_data_stack", Select).value = "lemp"
        await pilot.pause()
        second.action_submit()
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        confirm = app.screen
        assert isinstance(confirm, ConfirmDialog) and "StackScript" in confirm.body
        app.screen.query_one("#confirm", Button).press()
        await until(pilot, lambda: _posts(sim), "the create")
        (body,) = _posts(sim)
        assert body["stackscript_id"] == ss["id"] and body["image"] == "linode/debian12"
        assert body["stackscript_data"] == {"hostname": "web-7", "stack": "lemp", "extras": "php"}
        assert base64.b64decode(body["metadata"]["user_data"]).decode() == CLOUD_CONFIG
        new = next(r for r in sim.world.linodes.values() if r["label"] == "ss-web")
        assert new["has_user_data"] and new["image"] == "linode/debian12"
        assert ss["deployments_total"] == deploys + 1
        assert [m.path for m in sim.request_log if m.method in MUTATING] == ["/linode/instances"]


async def test_an_image_the_stackscript_does_not_support_is_refused_in_the_form(
    app_factory: Any, sim: Any
) -> None:
    ss = _script(sim, "Kali Hardening")
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _fill_create(pilot, app, ss["id"], "linode/debian12")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "linode/kali" in str(form.query_one("#err-image").render()), "the error")
        assert app.screen is form and _posts(sim) == []
        assert form.query_one("#f-metadata_user_data", TextArea).text == CLOUD_CONFIG  # nothing lost


async def test_user_data_refused_in_a_region_without_metadata(app_factory: Any, sim: Any) -> None:
    sim.world.regions["us-east"]["capabilities"].remove("Metadata")
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _fill_create(pilot, app, _script(sim, "bootstrap-web")["id"], "linode/debian12")
        form.query_one("#f-stackscript_id", Select).clear()
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: "does not support" in str(form.query_one("#err-metadata_user_data").render()),
            "error",
        )
        assert _posts(sim) == []


def test_user_data_is_encoded_once_and_read_from_a_file(tmp_path: Path) -> None:
    encoded = base64.b64encode(CLOUD_CONFIG.encode()).decode()
    assert user_data_b64(CLOUD_CONFIG) == encoded
    assert user_data_b64(encoded) == encoded  # already base64 of text: sent as it is
    path = tmp_path / "user-data.yaml"
    path.write_text(CLOUD_CONFIG)
    assert user_data_b64(str(path)) == encoded
    assert user_data_b64("abcd") == base64.b64encode(b"abcd").decode()  # base64 of binary: plain text
    assert stackscript_data({"stackscript_data.a": ["x", "y"], "stackscript_data.b": "", "label": "l"}) == {
        "a": "x,y"
    }


async def test_simulator_checks_stackscript_data_against_the_udfs(sim: Any) -> None:
    ss = _script(sim, "bootstrap-web")
    ss["user_defined_fields"].append(
        {"name": "stack", "label": "Stack", "oneOf": "lamp,lemp", "default": "lamp"}
    )
    base = {
        "region": "us-east",
        "type": "g6-nanode-1",
        "image": "linode/debian12",
        "root_pass": "Correct-Horse-9-Battery",
        "stackscript_id": ss["id"],
    }
    async with sim.http_client() as c:

        async def post(extra: dict[str, Any]) -> tuple[int, Any]:
            r = await c.post("/linode/instances", json={**base, **extra})
            return r.status_code, r.json()

        status, err = await post({"stackscript_data": {}})
        assert status == 400 and err["errors"][0]["field"] == "stackscript_data.hostname"
        status, err = await post({"stackscript_data": {"hostname": "a", "stack": "mean"}})
        assert status == 400 and err["errors"][0]["field"] == "stackscript_data.stack"
        status, err = await post({"image": "linode/kali", "stackscript_data": {"hostname": "a"}})
        assert status == 400 and err["errors"][0]["field"] == "image"
        status, err = await post(
            {"metadata": {"user_data": "#cloud-config"}, "stackscript_data": {"hostname": "a"}}
        )
        assert status == 400 and err["errors"][0]["field"] == "metadata.user_data"
        status, made = await post({"stackscript_data": {"hostname": "a"}})
        assert status == 200 and made["image"] == "linode/debian12"


async def test_the_stackscript_picker_offers_own_and_widely_deployed(app_factory: Any, sim: Any) -> None:
    """The real API has thousands of public StackScripts: the picker asks (X-Filter) only for the
    account's own and the widely deployed public ones, most deployed first."""
    obscure = dict(_script(sim, "LAMP Stack"), id=990001, label="someones-test", mine=False,
                   username="someone", deployments_total=3, deployments_active=1)
    sim.world.stackscripts[obscure["id"]] = obscure
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the create form")
        form: FormDialog = app.screen
        await _loaded(pilot, form)
        offered = [v for _, v in form.query_one("#f-stackscript_id", Select)._options if v is not Select.NULL]
    mine = {s["id"] for s in sim.world.stackscripts.values() if s["mine"]}
    assert mine <= set(offered) and obscure["id"] not in offered
    popular = [s["id"] for s in sorted(sim.world.stackscripts.values(), key=lambda s: -s["deployments_total"])
               if s["id"] in offered]
    assert offered == popular  # most deployed first
