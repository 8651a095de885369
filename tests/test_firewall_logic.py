"""The rules logic of the Firewalls area (Textual-free): local validation of ports and addresses,
the rule form's values to the API's rule, and the diff of pending changes the save confirms."""

from __future__ import annotations

from typing import Any

import pytest

from linode_tui.areas.firewalls import (
    check_addresses,
    check_ports,
    create_body,
    rule_errors,
    rule_from_values,
    rules_body,
    rules_diff,
)


@pytest.mark.parametrize(
    ("ports", "protocol", "problem"),
    [
        ("22", "TCP", None),
        ("22, 80-90", "TCP", None),
        ("", "ICMP", None),
        (None, "TCP", None),
        ("1-65535", "UDP", None),
        ("22", "ICMP", "not allowed for ICMP"),
        ("80-70", "TCP", "lower to a higher"),
        ("0", "TCP", "1–65535"),
        ("65536", "TCP", "1–65535"),
        ("022", "TCP", "leading zeros"),
        ("ssh", "TCP", "not a port"),
        ("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15-16", "TCP", "At most 15"),
        ("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15", "TCP", None),
    ],
)
def test_ports(ports: str | None, protocol: str, problem: str | None) -> None:
    got = check_ports(ports, protocol)
    assert (got is None) if problem is None else (got is not None and problem in got), got


def test_addresses() -> None:
    assert check_addresses(["0.0.0.0/0", "203.0.113.7", "198.51.100.0/24", "pl:system:x"], 4) is None
    assert check_addresses(["::/0", "2001:db8::/32"], 6) is None
    assert "IPv6 address" in str(check_addresses(["2001:db8::1"], 4))
    assert "not an IPv4" in str(check_addresses(["10.0.0.300"], 4))


def test_rule_errors_and_values() -> None:
    values = {"action": "ACCEPT", "protocol": "TCP", "ports": "22 ,80-90", "addresses.ipv4": ["10.0.0.0/8"]}
    assert rule_errors(values) == {}
    assert rule_from_values({**values, "label": "web"}) == {
        "action": "ACCEPT",
        "protocol": "TCP",
        "ports": "22, 80-90",
        "label": "web",
        "addresses": {"ipv4": ["10.0.0.0/8"], "ipv6": []},
    }
    assert set(rule_errors({"action": "ACCEPT", "protocol": "TCP"})) == {"addresses.ipv4"}
    assert set(rule_errors({**values, "label": "x"})) == {"label"}
    # a Rule Set reference: nothing else is sent or checked
    assert rule_errors({"ruleset": 11}) == {}
    assert rule_from_values({"ruleset": 11, "label": "ignored"}) == {"ruleset": 11}


def _r(uid: str, label: str, ports: str = "22") -> dict[str, Any]:
    return {
        "_uid": uid,
        "label": label,
        "action": "ACCEPT",
        "protocol": "TCP",
        "ports": ports,
        "addresses": {"ipv4": ["0.0.0.0/0"], "ipv6": []},
    }


def test_diff_lists_every_kind_of_change() -> None:
    before: dict[str, Any] = {
        "inbound": [_r("a", "ssh"), _r("b", "web", "80"), _r("c", "old")],
        "inbound_policy": "DROP",
        "outbound": [],
        "outbound_policy": "ACCEPT",
    }
    after: dict[str, Any] = {
        "inbound": [_r("b", "web", "80, 443"), _r("a", "ssh"), _r("d", "new", "8080")],
        "inbound_policy": "DROP",
        "outbound": [{"_uid": "e", "ruleset": 12}],
        "outbound_policy": "DROP",
    }
    assert rules_diff(before, after, {12: {"label": "dns-out"}}) == [
        "- Inbound: old: ACCEPT TCP 22 — any IPv4",
        "~ Inbound #1 web: ports 80 → 80, 443",
        "+ Inbound #3: new: ACCEPT TCP 8080 — any IPv4",
        "↕ Inbound order: web, ssh",
        "+ Outbound #1: Rule Set dns-out",
        "~ Default outbound policy: ACCEPT → DROP",
    ]
    assert rules_diff(before, before) == []
    # the API's "label": null for a rule sent without one is no change
    same = {**before, "inbound": [{**r, "description": None} for r in before["inbound"]]}
    assert rules_diff(before, same) == []
    assert rules_body(after)["outbound"] == [{"ruleset": 12}]
    assert "_uid" not in rules_body(after)["inbound"][0]


def test_create_body_empty_or_template() -> None:
    empty = create_body({"label": "fw", "template": "empty", "inbound_policy": "ACCEPT", "linodes": [1]})
    assert empty == {
        "label": "fw",
        "rules": {"inbound": [], "inbound_policy": "ACCEPT", "outbound": [], "outbound_policy": "ACCEPT"},
        "devices": {"linodes": [1]},
    }
    tpl = '{"inbound": [], "inbound_policy": "DROP", "outbound": [], "outbound_policy": "DROP"}'
    assert create_body({"label": "fw", "template": tpl})["rules"]["outbound_policy"] == "DROP"
