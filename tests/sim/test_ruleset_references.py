"""Firewall rules may reference a Rule Set (``{"ruleset": id}``), as the real API takes them."""

from __future__ import annotations

import pytest

from linode_tui.api.errors import LinodeError
from linode_tui.sim import create_sim


async def test_a_rule_may_reference_a_live_rule_set_only() -> None:
    sim = create_sim(seed=7, linodes=5, frozen=True)
    client = sim.client("demo")
    fw = (await client.get("/networking/firewalls"))["data"][0]
    rs = (await client.get("/networking/firewalls/rulesets"))["data"][0]
    rules = await client.put(
        f"/networking/firewalls/{fw['id']}/rules", json={"inbound": [{"ruleset": rs["id"]}]}
    )
    assert rules["inbound"] == [{"ruleset": rs["id"]}]
    expanded = await client.get(f"/networking/firewalls/{fw['id']}/rules/expansion")
    assert expanded["inbound"] == rs["rules"]
    with pytest.raises(LinodeError) as err:
        await client.put(f"/networking/firewalls/{fw['id']}/rules", json={"inbound": [{"ruleset": 999999}]})
    assert "inbound[0].ruleset" in err.value.field_errors
    with pytest.raises(LinodeError):  # a reference carries nothing else
        await client.put(
            f"/networking/firewalls/{fw['id']}/rules",
            json={"inbound": [{"ruleset": rs["id"], "action": "DROP"}]},
        )
