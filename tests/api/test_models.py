"""Tests for linode_tui.api.models: fixture parsing, tolerance, registry and secrets."""

from __future__ import annotations

import json
import urllib.parse
from datetime import UTC, datetime
from functools import cache
from typing import Any

import pytest
from pydantic import BaseModel, SecretStr, ValidationError

from linode_tui.api import models as m
from linode_tui.api.models import registry
from tests import specfiles

FIXTURE_NAMES = specfiles.fixture_names()

# Fixture-name suffixes that mean "response of a non-GET call on the path without the suffix".
METHOD_SUFFIXES = ("/put",)
# Fewest fixtures that must parse; raise it when more endpoints are modelled (184 of 199 today).
MIN_PARSED = 184


def fixture_api_path(stem: str) -> str:
    """``linode_instances_123_disks`` -> ``/linode/instances/123/disks`` (``__`` stands for ``_``)."""
    return "/" + urllib.parse.unquote(stem.replace("__", "\0").replace("_", "/").replace("\0", "_"))


def is_collection(data: Any) -> bool:
    return isinstance(data, list) or (isinstance(data, dict) and isinstance(data.get("data"), list))


@cache
def classify(name: str) -> tuple[str | None, Any]:
    """(matched template or None, decoded JSON) for one fixture file name."""
    data = specfiles.fixture(name)
    path = fixture_api_path(name.removesuffix(".json"))
    candidates = [path] + [path[: -len(s)] for s in METHOD_SUFFIXES if path.endswith(s)]
    if data == {}:
        return None, data  # bare action acknowledgements ({}) carry no object to model
    for candidate in candidates:
        found = registry.match_path(candidate)
        if found is not None:
            return found[0], data
    return None, data


def walk(obj: Any) -> list[Any]:
    """Every model and value reachable from ``obj`` (models, lists, dicts)."""
    out: list[Any] = []
    stack = [obj]
    while stack:
        item = stack.pop()
        out.append(item)
        if isinstance(item, BaseModel):
            stack.extend(getattr(item, name) for name in type(item).model_fields)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return out


def assert_clean(obj: Any) -> None:
    """No field anywhere was dropped as invalid and every datetime is timezone-aware UTC."""
    for item in walk(obj):
        if isinstance(item, m.ApiModel):
            assert item.invalid_fields == {}, (type(item).__name__, item.invalid_fields)
        if isinstance(item, datetime):
            assert item.tzinfo is not None and item.utcoffset() == UTC.utcoffset(None)


def load(name: str) -> Any:
    return specfiles.fixture(name)


# ------------------------------------------------------------------------------------- fixture parsing


MODELLED_FIXTURES = [name for name in FIXTURE_NAMES if classify(name)[0] is not None]


@pytest.mark.parametrize("fixture", MODELLED_FIXTURES)
def test_fixture_parses(fixture: str) -> None:
    template, data = classify(fixture)
    assert template is not None
    model = registry.model_for(template)
    if is_collection(data):
        page = registry.parse_page(template, data)
        raw_items = data if isinstance(data, list) else data["data"]
        assert len(page.data) == len(raw_items)
        assert all(isinstance(item, model) for item in page.data)
        assert page.invalid_fields == {}
        assert_clean(page)
    else:
        item = registry.parse_item(template, data)
        assert isinstance(item, model)
        assert_clean(item)


def test_fixture_summary() -> None:
    parsed: list[str] = []
    not_modelled: list[str] = []
    for name in FIXTURE_NAMES:
        template, data = classify(name)
        if template is None:
            not_modelled.append(name)
            continue
        if is_collection(data):
            registry.parse_page(template, data)
        else:
            registry.parse_item(template, data)
        parsed.append(name)
    print(f"\nfixtures parsed: {len(parsed)}/{len(FIXTURE_NAMES)}; not modelled: {len(not_modelled)}")
    for name in not_modelled:
        print("  not modelled:", name)
    assert len(FIXTURE_NAMES) == 199
    assert len(parsed) >= MIN_PARSED
    assert len(parsed) + len(not_modelled) == len(FIXTURE_NAMES)


def test_fixture_linode_list_values() -> None:
    page = registry.parse_page("/linode/instances", load("linode_instances.json"))
    linodes = [item for item in page.data if isinstance(item, m.Linode)]
    assert [li.id for li in linodes] == [123, 456, 124]
    first, second, third = linodes
    assert first.created == datetime(2017, 1, 1, tzinfo=UTC)
    assert first.specs.memory == 2048 and first.alerts.io == 5000
    assert first.backups.schedule.window == "W02"
    assert second.backups.schedule.day is None and second.backups.last_successful is None
    assert first.placement_group is not None and first.placement_group.placement_group_policy == "strict"
    assert second.placement_group is None and second.lke_cluster_id == 18881
    assert third.interface_generation == "linode"
    assert first.model_extra == {}
    assert page.page == 1 and page.pages == 1 and page.results == 2


def test_fixture_event_details_top_level() -> None:
    event = m.Event.model_validate(load("account_events_123.json"))
    assert event.details is not None
    assert event.details.maintenance_policy_set == "Tentative"
    assert event.details.start_time == datetime(2025, 3, 25, 12, 30, tzinfo=UTC)
    assert event.secondary_entity is not None and event.secondary_entity.id == "linode/debian9"
    assert event.entity is not None and event.entity.id == 11111
    assert event.percent_complete is None and event.rate is None and event.duration == 300.56
    assert event.is_final  # "completed" (4.229.1 maintenance status)


def test_fixture_specific_shapes() -> None:
    backups = registry.parse_item("/linode/instances/1/backups", load("linode_instances_123_backups.json"))
    assert isinstance(backups, m.LinodeBackups)
    assert [b.id for b in backups.automatic] == [12345, 12456, 12567]
    assert backups.snapshot.in_progress is None and backups.snapshot.current is None
    assert backups.automatic[0].disks[1].filesystem == "swap"

    ips = registry.parse_item("/linode/instances/1/ips", load("linode_instances_123_ips.json"))
    assert isinstance(ips, m.LinodeIPs)
    assert ips.ipv4.public[0].address == "97.107.143.141"
    assert ips.ipv4.vpc[0].nat_1_1 == "172.233.179.133"
    assert ips.ipv6.slaac is not None and ips.ipv6.slaac.address == "2600:3c03::f03c:91ff:fe24:3a2f"
    assert ips.ipv6.global_[0].route_target == "2600:3c01::2:5000:f"

    profile = m.Profile.model_validate(load("profile.json"))
    assert profile.authorized_keys == []  # [null] in the fixture
    ticket = m.SupportTicket.model_validate(load("support_tickets_123.json"))
    assert ticket.attachments == []

    node = m.LKENode.model_validate(load("lke_clusters_18881_nodes_123456.json"))
    assert node.id == "123456" and node.instance_id == 456

    image = registry.parse_item("/images/private/1337", load("images_private_1337.json"))
    assert isinstance(image, m.Image) and image.id == "private/1337" and image.expiry is None

    child = m.ChildAccount.model_validate(load("account_child-accounts_123456.json"))
    assert child.credit_card is not None and child.credit_card.last_four == "1111"

    items = registry.parse_list("/account/invoices/1/items", load("account_invoices_123456_items.json"))
    item = items[0]
    assert isinstance(item, m.InvoiceItem)
    assert item.from_ == datetime(2014, 12, 19, 0, 27, 2, tzinfo=UTC) and item.unit_price == "0.03"

    cfg = registry.parse_item(
        "/linode/instances/1/configs/2", load("linode_instances_123_configs_456789.json")
    )
    assert isinstance(cfg, m.Config)
    assert cfg.devices["sda"] is not None and cfg.devices["sda"].disk_id == 12345
    assert cfg.devices["sdc"] is None
    assert [i.purpose for i in cfg.interfaces] == ["public", "vpc", "vlan"]
    assert cfg.interfaces[1].ipv4 is not None and cfg.interfaces[1].ipv4.nat_1_1 == "any"

    nb_type = m.Type.model_validate(load("linode_types_g6-nanode-1.json"))
    assert nb_type.class_ == "nanode" and nb_type.addons.backups.price.monthly == 2
    assert nb_type.price_in("us-east").monthly == 20 and nb_type.price_in("nowhere").monthly == 5


def test_fixture_tagged_objects_parse_by_type() -> None:
    objects = registry.parse_list("/tags/something", load("tags_something.json"))
    kinds = [type(obj.parsed()).__name__ for obj in objects if isinstance(obj, m.TaggedObject)]
    assert kinds == ["Linode", "Domain", "NodeBalancer", "Volume"]


def test_fixture_linode_interfaces_wrapper_lists() -> None:
    data = load("linode_instances_124_interfaces.json")
    interfaces = registry.parse_list("/linode/instances/{linodeId}/interfaces", data)
    assert [i.id for i in interfaces if isinstance(i, m.LinodeInterface)] == [123, 456, 789]
    kinds = [i.kind for i in interfaces if isinstance(i, m.LinodeInterface)]
    assert kinds == ["public", "vpc", "vlan"]


def test_fixture_nodebalancer_stats_null_points_dropped() -> None:
    stats = m.NodeBalancerStats.model_validate(load("nodebalancers_12345_stats.json"))
    assert stats.title is not None and stats.title.startswith("linode.com - balancer12345")
    assert stats.data.connections == [] and stats.data.traffic.in_ == [] and stats.data.traffic.out == []


# ------------------------------------------------------------------------------------------ tolerance


def minimal_linode(**extra: Any) -> dict[str, Any]:
    return {"id": 7, "label": "web", **extra}


def test_unknown_status_kept_and_transitional() -> None:
    linode = m.Linode.model_validate(minimal_linode(status="teleporting"))
    assert linode.status == "teleporting"
    assert linode.is_transitional
    assert m.is_transitional("teleporting") and m.is_transitional(None)
    assert m.is_transitional("resizing") and "resizing" in m.TRANSITIONAL_LINODE_STATUSES
    assert not m.is_transitional("running") and not m.is_transitional("offline")
    assert set(m.TRANSITIONAL_LINODE_STATUSES).isdisjoint(m.STABLE_LINODE_STATUSES)
    assert set(m.LINODE_STATUSES) == set(m.TRANSITIONAL_LINODE_STATUSES) | set(m.STABLE_LINODE_STATUSES)
    volume = m.Volume.model_validate({"id": 1, "status": "active"})
    assert not volume.is_transitional
    assert m.Volume.model_validate({"id": 1, "status": "migrating"}).is_transitional
    assert not m.is_transitional("active", m.STABLE_VOLUME_STATUSES)


def test_unknown_fields_kept() -> None:
    linode = m.Linode.model_validate(
        minimal_linode(shiny_new_field={"a": 1}, specs={"memory": 1024, "quantum_cores": 2})
    )
    assert linode.extra_fields == {"shiny_new_field": {"a": 1}}
    assert linode.model_extra == {"shiny_new_field": {"a": 1}}
    assert linode.specs.model_extra == {"quantum_cores": 2}
    dumped = linode.model_dump()
    assert dumped["shiny_new_field"] == {"a": 1} and dumped["specs"]["quantum_cores"] == 2


def test_nulls_accepted() -> None:
    linode = m.Linode.model_validate(
        minimal_linode(
            backups={
                "enabled": True,
                "available": None,
                "last_successful": None,
                "schedule": {"day": None, "window": None},
            },
            tags=None,
            ipv4=None,
            ipv6=None,
            image=None,
            placement_group=None,
            specs={"memory": None},
        )
    )
    assert linode.backups.last_successful is None
    assert linode.backups.schedule.day is None and linode.backups.schedule.window is None
    assert linode.tags == [] and linode.ipv4 == []
    assert linode.invalid_fields == {}
    event = m.Event.model_validate(
        {
            "id": 1,
            "action": "linode_boot",
            "status": "notification",
            "percent_complete": None,
            "duration": None,
            "rate": None,
            "time_remaining": None,
            "entity": None,
            "secondary_entity": None,
            "username": None,
            "message": None,
            "details": None,
        }
    )
    assert event.percent_complete is None and event.duration is None and event.rate is None
    assert event.details is None and event.invalid_fields == {}
    domain = m.Domain.model_validate({"id": 3, "description": None, "group": "", "master_ips": None})
    assert domain.description is None and domain.group == "" and domain.master_ips == []


def test_backups_last_successful_parsed() -> None:
    info = m.LinodeBackupsInfo.model_validate({"enabled": True, "last_successful": "2024-02-03T04:05:06"})
    assert info.last_successful == datetime(2024, 2, 3, 4, 5, 6, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "stored", "seconds"),
    [
        ("0:0:20", "0:0:20", 20),
        ("1:02:03", "1:02:03", 3723),
        ("5:30", "5:30", 330),
        (0, 0, 0),
        (45, 45, 45),
        (None, None, None),
        ("", "", None),
        ("soon", "soon", None),
        (12.0, 12, 12),
    ],
)
def test_time_remaining_forms(raw: Any, stored: Any, seconds: int | None) -> None:
    event = m.Event.model_validate({"id": 1, "status": "started", "time_remaining": raw})
    assert event.time_remaining == stored
    assert type(event.time_remaining) is type(stored)
    assert event.time_remaining_seconds == seconds
    assert m.time_remaining_seconds(raw) == seconds


@pytest.mark.parametrize("entity_id", [101360632, "101360632", "linode/ubuntu22.04", None])
def test_secondary_entity_id_int_or_str(entity_id: int | str | None) -> None:
    event = m.Event.model_validate(
        {
            "id": 9,
            "action": "linode_create",
            "secondary_entity": {"id": entity_id, "type": "image", "label": "x", "url": "/v4/images/x"},
        }
    )
    assert event.secondary_entity is not None
    assert event.secondary_entity.id == entity_id
    assert type(event.secondary_entity.id) is type(entity_id)


def test_event_details_nested_and_top_level_agree() -> None:
    maintenance = {
        "maintenance_policy_set": "linode/migrate",
        "source": "platform",
        "not_before": "2025-03-25T10:00:00",
        "start_time": "2025-03-25T12:00:00Z",
    }
    nested = m.Event.model_validate({"id": 1, "status": "scheduled", "details": maintenance})
    top = m.Event.model_validate({"id": 1, "status": "scheduled", **maintenance})
    assert nested.details == top.details
    assert top.details is not None and top.details.source == "platform"
    assert top.details.start_time == datetime(2025, 3, 25, 12, tzinfo=UTC)
    assert "source" not in top.extra_fields
    empty = m.Event.model_validate({"id": 1, "details": {}})
    assert empty.details is not None and empty.details.source is None
    assert not empty.is_final and m.Event.model_validate({"id": 1, "status": "finished"}).is_final


def stats_series() -> dict[str, Any]:
    return {
        "cpu": [[1521483600000, 0.42], [1521483900000, 1.5]],
        "io": {"io": [[1521484800000, 0.19]], "swap": [[1521484800000, 0]]},
        "netv4": {
            "in": [[1521484800000, 100.0]],
            "out": [[1521484800000, 50]],
            "private_in": [],
            "private_out": [],
        },
        "netv6": {"in": [], "out": [], "private_in": [], "private_out": []},
    }


def test_linode_stats_both_forms_normalise() -> None:
    wrapped = m.LinodeStats.model_validate({"title": "day (5 min avg)", "data": stats_series()})
    top = m.LinodeStats.model_validate({"title": "day (5 min avg)", **stats_series()})
    assert wrapped == top
    assert wrapped.data.cpu == [(1521483600000, 0.42), (1521483900000, 1.5)]
    assert top.cpu == wrapped.data.cpu and top.io.swap == [(1521484800000, 0.0)]
    assert top.netv4.in_ == [(1521484800000, 100.0)] and top.netv4.out == [(1521484800000, 50.0)]
    assert "cpu" not in top.extra_fields
    assert not top.is_empty


def test_stats_series_helpers_and_garbage_points() -> None:
    stats = m.LinodeStats.model_validate(
        {"data": {"cpu": [None, [1521483600000, "2.5"], [1521483900000, None], ["bad", 1], [5], 7]}}
    )
    assert stats.cpu == [(1521483600000, 2.5), (1521483900000, None)]
    stamps = m.series_datetimes(stats.cpu)
    assert stamps[0] == (datetime(2018, 3, 19, 18, 20, tzinfo=UTC), 2.5)
    assert m.ms_to_datetime(0) == datetime(1970, 1, 1, tzinfo=UTC)
    assert m.series_latest(stats.cpu) == 2.5
    assert m.series_latest([]) is None
    empty = m.LinodeStats.model_validate({"title": "new", "data": {"cpu": None, "io": None}})
    assert empty.is_empty and empty.data.io.io == []


def test_nodebalancer_stats_both_forms() -> None:
    body = {"connections": [[1000, 3]], "traffic": {"in": [[1000, 10.5]], "out": [[1000, 2]]}}
    wrapped = m.NodeBalancerStats.model_validate({"title": "nb", "data": body})
    top = m.NodeBalancerStats.model_validate({"title": "nb", **body})
    assert wrapped == top
    assert top.data.connections == [(1000, 3.0)] and top.data.traffic.in_ == [(1000, 10.5)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2018-01-01T00:01:01", datetime(2018, 1, 1, 0, 1, 1, tzinfo=UTC)),
        ("2018-01-01T00:01:01.123456", datetime(2018, 1, 1, 0, 1, 1, 123456, tzinfo=UTC)),
        ("2025-03-25T10:00:00Z", datetime(2025, 3, 25, 10, tzinfo=UTC)),
        ("2025-03-25T12:00:00+02:00", datetime(2025, 3, 25, 10, tzinfo=UTC)),
        (None, None),
        ("", None),
        ("not a date", None),
        (12345, None),
    ],
)
def test_timestamps(raw: Any, expected: datetime | None) -> None:
    linode = m.Linode.model_validate(minimal_linode(created=raw))
    assert linode.created == expected
    if expected is not None:
        assert linode.created is not None and linode.created.tzinfo is not None
    assert m.parse_timestamp(raw) == expected
    assert linode.invalid_fields == {}


@pytest.mark.parametrize(
    ("envelope", "page", "pages", "results"),
    [
        ({"data": [], "page": 1, "pages": 0, "results": 0}, 1, 0, 0),
        ({"data": [], "page": 0, "pages": 0, "results": 0}, 0, 0, 0),
        ({"data": [], "page": 1, "pages": 1, "results": 0}, 1, 1, 0),
        ({"data": None, "page": None, "pages": None, "results": None}, 1, 1, 0),
    ],
)
def test_pagination_pages_zero(envelope: dict[str, Any], page: int, pages: int, results: int) -> None:
    parsed = m.Paginated[m.Linode].model_validate(envelope)
    assert parsed.data == [] and (parsed.page, parsed.pages, parsed.results) == (page, pages, results)
    assert not parsed.has_more


def test_pagination_envelope_and_bare_list() -> None:
    items = [minimal_linode(), {"id": 8}]
    page = m.Paginated[m.Linode].model_validate({"data": items, "page": 1, "pages": 3, "results": 600})
    assert [li.id for li in page.data] == [7, 8] and page.has_more
    bare = m.Paginated[m.Linode].model_validate(items)
    assert (bare.page, bare.pages, bare.results) == (1, 1, 2)
    no_counts = m.Paginated[m.Linode].model_validate({"data": items})
    assert no_counts.results == 2


def test_pagination_skips_unparseable_items() -> None:
    page = m.Paginated[m.Linode].model_validate(
        {"data": [minimal_linode(), {"label": "no id"}, {"id": 9}], "page": 1, "pages": 1, "results": 3}
    )
    assert [li.id for li in page.data] == [7, 9]
    assert page.invalid_fields == {"data": [{"label": "no id"}]}
    assert page.results == 3


def test_invalid_optional_field_reset_not_fatal() -> None:
    linode = m.Linode.model_validate(
        minimal_linode(specs="garbage", tags=[1, 2], alerts={"cpu": "lots", "io": 10}, label=["x"])
    )
    assert linode.specs == m.LinodeSpecs()
    assert linode.alerts.cpu is None and linode.alerts.io == 10
    assert linode.alerts.invalid_fields == {"cpu": "lots"}
    assert linode.invalid_fields == {"specs": "garbage", "tags": [1, 2], "label": ["x"]}
    assert linode.label is None and linode.tags == []


def test_missing_id_still_fails() -> None:
    with pytest.raises(ValidationError):
        m.Linode.model_validate({"label": "no id"})
    with pytest.raises(ValidationError):
        m.Linode.model_validate({"id": "not-a-number"})


def test_nested_missing_id_drops_only_that_field() -> None:
    backups = m.LinodeBackups.model_validate(
        {"automatic": [], "snapshot": {"in_progress": {"label": "id-less"}, "current": {"id": 4}}}
    )
    assert backups.snapshot.in_progress is None
    assert backups.snapshot.current is not None and backups.snapshot.current.id == 4
    assert backups.snapshot.invalid_fields == {"in_progress": {"label": "id-less"}}


def test_grants_global_and_per_entity() -> None:
    grants = m.Grants.model_validate(
        {
            "global": {"add_linodes": True, "account_access": "read_only", "add_rockets": True},
            "linode": [
                {"id": 1, "label": "a", "permissions": "read_write"},
                {"id": 2, "label": "b", "permissions": None},
            ],
            "volume": [],
            "shiny": [{"id": 5, "label": "s", "permissions": "read_only"}],
        }
    )
    assert grants.global_.add_linodes is True and grants.global_.account_access == "read_only"
    assert grants.global_.model_extra == {"add_rockets": True}
    assert grants.permission("linode", 1) == "read_write"
    assert grants.permission("linode", "2") is None and grants.permission("linode", 3) is None
    assert grants.permission("shiny", 5) == "read_only"
    assert grants.grants_for("volume") == [] and grants.grants_for("nothing") == []


# ------------------------------------------------------------------------------------------- registry


@pytest.mark.parametrize(
    ("path", "model"),
    [
        ("/linode/instances", m.Linode),
        ("/linode/instances/{linodeId}", m.Linode),
        ("/linode/instances/{id}", m.Linode),
        ("/linode/instances/{linodeId}/disks", m.Disk),
        ("/linode/instances/123/disks/456", m.Disk),
        ("/v4/linode/instances/123/configs?page=2", m.Config),
        ("/v4beta/linode/instances/123/backups", m.LinodeBackups),
        ("/{apiVersion}/linode/instances/{linodeId}/stats", m.LinodeStats),
        ("https://api.linode.com/v4/volumes/", m.Volume),
        ("/images/linode/debian12", m.Image),
        ("/images/private/123/regions", m.Image),
        ("/images/sharegroups/tokens", m.ImageShareGroupToken),
        ("/linode/kernels/linode/latest-64bit", m.Kernel),
        ("/databases/engines/mysql/8.0.26", m.DatabaseEngine),
        ("/networking/firewalls/settings", m.FirewallSettings),
        ("/networking/firewalls/55", m.Firewall),
        ("/regions/availability", m.RegionAvailability),
        ("/regions/us-east", m.Region),
        ("/account/events", m.Event),
        ("/profile/tokens/{tokenId}", m.PersonalAccessToken),
        ("/nodebalancers/{nodeBalancerId}/stats", m.NodeBalancerStats),
        ("/object-storage/buckets/us-east-1/my-bucket/object-list", m.ObjectStorageObject),
    ],
)
def test_model_for(path: str, model: type) -> None:
    assert registry.model_for(path) is model
    assert m.model_for(path) is model


def test_registry_unknown_and_params() -> None:
    with pytest.raises(KeyError):
        m.model_for("/no/such/thing")
    assert m.find_model("/linode/instances/1/teleport") is None
    assert m.match_path("/images/private/7/regions") == (
        "/images/{imageId}/regions",
        {"imageId": "private/7"},
    )
    assert m.match_path("/linode/instances/5/disks/6") == (
        "/linode/instances/{linodeId}/disks/{diskId}",
        {"linodeId": "5", "diskId": "6"},
    )
    assert all(t.startswith("/") and not t.endswith("/") for t in m.MODEL_FOR_PATH)
    assert all(issubclass(model, m.ApiModel) for model in m.MODEL_FOR_PATH.values())


def test_parse_item_and_list() -> None:
    item = m.parse_item("/volumes/{volumeId}", {"id": 3, "status": "creating", "size": 20})
    assert isinstance(item, m.Volume) and item.is_transitional and item.size == 20
    items = m.parse_list("/volumes", {"data": [{"id": 1}, {"id": 2}], "page": 1, "pages": 1, "results": 2})
    assert [type(i) for i in items] == [m.Volume, m.Volume]
    assert [i.id for i in items if isinstance(i, m.Volume)] == [1, 2]
    assert m.parse_list("/volumes", [{"id": 4}])[0] == m.Volume(id=4)
    page = m.parse_page("/tags", {"data": [], "page": 1, "pages": 0, "results": 0})
    assert page.data == [] and page.pages == 0


# -------------------------------------------------------------------------------------------- secrets

TOKEN = "abcdef0123456789supersecret"


def test_token_secret_never_rendered() -> None:
    token = m.PersonalAccessToken.model_validate(
        {"id": 1, "label": "ci", "scopes": "*", "created": "2024-01-01T00:00:00", "token": TOKEN}
    )
    assert isinstance(token.token, SecretStr)
    assert token.token.get_secret_value() == TOKEN
    for rendered in (
        repr(token),
        str(token),
        token.model_dump_json(),
        json.dumps(token.model_dump(mode="json")),
        repr(token.model_dump()),
        f"{token}",
        repr(token.token),
        str(token.token),
    ):
        assert TOKEN not in rendered
    listed = m.parse_list("/profile/tokens", {"data": [{"id": 2, "label": "x", "token": TOKEN}]})
    assert TOKEN not in repr(listed)
    assert m.PersonalAccessToken.model_validate({"id": 3}).token is None


def test_other_credentials_are_secret() -> None:
    creds = m.DatabaseCredentials.model_validate({"username": "linroot", "password": TOKEN})
    key = m.ObjectStorageKey.model_validate({"id": 1, "access_key": "AK", "secret_key": TOKEN})
    kube = m.LKEKubeconfig.model_validate({"kubeconfig": TOKEN})
    for obj in (creds, key, kube):
        assert TOKEN not in repr(obj) and TOKEN not in obj.model_dump_json()
    assert creds.password is not None and creds.password.get_secret_value() == TOKEN
    assert key.access_key == "AK"
