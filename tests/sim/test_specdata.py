"""Tests for linode_tui.specdata (generated compact spec data) and tests/contract_util.py."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from linode_tui.specdata import Operation, SpecData, _generate, load_spec
from linode_tui.specdata.extra_filterable import extra_filterable
from tests import specfiles
from tests.contract_util import (
    lenient_validate,
    load_full_spec,
    make_lenient,
    response_schema,
)

DATA_FILE = Path(_generate.__file__).resolve().parent / _generate.OUT_NAME


@pytest.fixture(scope="module")
def spec() -> SpecData:
    return load_spec()


def _get_ops_with_examples() -> list[Operation]:
    s = load_spec()
    return [o for o in s.operations if o.method == "GET" and s.has_example(o.operation_id)
            and "4.189.0" in o.sources]


# ----------------------------------------------------------------------------- generated file


def test_generated_file_is_up_to_date(tmp_path: Path) -> None:
    """Regenerating from tests/data (the default input) gives the committed file, byte for byte, twice."""
    out = tmp_path / "spec.json.gz"
    assert _generate.main(["--out", str(out)]) == 0
    first = out.read_bytes()
    assert gzip.decompress(first) == gzip.decompress(DATA_FILE.read_bytes()), \
        "run: python -m linode_tui.specdata._generate"
    assert first == DATA_FILE.read_bytes()
    assert _generate.main(["--out", str(out)]) == 0
    assert out.read_bytes() == first


def test_data_file_is_compact_and_has_no_long_descriptions() -> None:
    packed = DATA_FILE.read_bytes()
    assert len(packed) < 100_000
    text = gzip.decompress(packed).decode("utf-8")
    assert len(text) < 800_000
    assert "\n " not in text  # no indentation
    for marker in ("__Filterable__", "__Read-only__", "OAuth scopes", "<<LB>>", "techdocs.akamai.com"):
        assert marker not in text
    raw = json.loads(text)
    assert set(raw) == {"version", "sources", "operations", "enums", "examples"}
    assert all(len(o["summary"]) <= 100 and "\n" not in o["summary"] for o in raw["operations"])


def test_load_spec_is_cached(spec: SpecData) -> None:
    assert load_spec() is spec
    assert spec.version == "4.229.1"
    assert set(spec.sources) == {"4.189.0", "4.229.1"}


# ----------------------------------------------------------------------------- operations


def test_operation_inventory(spec: SpecData) -> None:
    ops = [o for o in spec.operations if "4.189.0" in o.sources]
    assert len(ops) == 390
    assert len({o.operation_id for o in ops}) == 390
    assert len({(o.method, o.path) for o in ops}) == 390
    assert {o.method for o in ops} == {"GET", "POST", "PUT", "DELETE"}
    assert all(o.path.startswith("/") and "{apiVersion}" not in o.path for o in ops)
    assert sum(o.method == "GET" for o in ops) == 183
    lists = [o for o in ops if o.is_list]
    assert len(lists) == 84  # API-NOTES §6
    assert all(o.method == "GET" for o in lists)
    assert all(not o.filterable for o in ops if not o.is_list)


def test_operation_details(spec: SpecData) -> None:
    op = spec.operation("get-linode-instance")
    assert (op.method, op.path) == ("GET", "/linode/instances/{linodeId}")
    assert op.summary == "Get a Linode"  # 4.229.1's "Get a Linode." without the full stop
    assert op.scopes == ["linodes:read_only"]
    assert op.path_params == {"linodeId": "int"}
    assert not op.is_list
    assert {"id", "label", "status", "region", "specs", "ipv4", "tags"} <= set(op.response_fields)
    assert op.request_fields is None and not op.has_body

    create = spec.operation("post-linode-instance")
    assert create.scopes == ["linodes:read_write"]
    assert set(create.required_fields) == {"region", "type"}
    by_name = {f.name: f for f in create.request_fields or []}
    assert by_name["label"].type == "string" and not by_name["label"].required
    assert by_name["tags"].type == "array"
    assert by_name["booted"].type == "boolean"
    name, type_, required = by_name["region"]
    assert (name, type_, required) == ("region", "string", True)
    assert "id" not in by_name and "status" not in by_name  # read-only fields are not inputs

    record = spec.operation("post-domain-record")
    assert record.required_fields == ["type"]
    assert {"A", "AAAA", "CNAME", "MX", "TXT", "SRV", "CAA"} <= set(record.request_enums["type"])

    lst = spec.operation("get-linode-instances")
    assert lst.is_list and lst.path == "/linode/instances"
    assert {"id", "label", "status"} <= set(lst.response_fields)  # fields of the item, not the envelope
    assert "page" not in lst.response_fields

    ips = spec.find("GET", "/linode/instances/{linodeId}/ips/{address}")
    assert ips is not None and ips.path_params == {"linodeId": "int", "address": "string"}
    assert spec.find("PATCH", "/linode/instances") is None
    with pytest.raises(KeyError):
        spec.operation("no-such-operation")


def test_scopes(spec: SpecData) -> None:
    assert spec.operation("get-events").scopes == ["events:read_only"]
    assert spec.operation("delete-volume").scopes == ["volumes:read_write"]
    assert spec.operation("get-regions").scopes == []  # public catalog
    assert spec.operation("get-linode-types").scopes == []
    public = [o for o in spec.operations if not o.scopes and "4.189.0" in o.sources]
    assert len(public) == 32  # API-NOTES §4
    scopes = {s for o in spec.operations for s in o.scopes}
    assert {"databases:read_only", "placement:read_only", "child_account:read_write"} <= scopes
    assert all(":" in s for s in scopes)


# ----------------------------------------------------------------------------- filterable


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/linode/instances", {"label", "region", "tags", "id", "ipv4", "group", "placement_group.label"}),
        ("/account/events", {"action", "created", "entity.id", "entity.type", "id"}),
        ("/volumes", {"label", "tags"}),
        ("/domains", {"domain", "group", "tags"}),
        ("/images", {"label", "status", "is_public", "vendor", "deprecated"}),
        ("/linode/types", {"class", "memory", "vcpus", "disk", "label"}),
        ("/networking/ips", {"address", "region", "type", "rdns"}),  # only 4.189.0 markers
        ("/profile/sshkeys", {"label"}),  # only the 4.229.1 CLI model
        ("/vpcs", {"label", "region", "subnets.label", "subnets.id"}),  # nested, from the CLI model
        ("/support/tickets", {"status", "opened", "closed", "updated"}),
    ],
)
def test_known_filterable_sets(spec: SpecData, path: str, expected: set[str]) -> None:
    got = spec.filterable_for("GET", path)
    assert isinstance(got, frozenset)
    assert expected <= got
    assert got == frozenset(spec.find("GET", path).filterable)  # type: ignore[union-attr]


def test_unfilterable_and_unknown(spec: SpecData) -> None:
    for path in ("/tags", "/tags/{tagLabel}", "/account/logins", "/object-storage/buckets"):
        assert spec.filterable_for("GET", path) == frozenset()
    assert spec.filterable_for("GET", "/nope") == frozenset()
    assert spec.filterable_for("POST", "/linode/instances") == frozenset()
    assert "status" not in spec.filterable_for("GET", "/linode/instances")
    # 60 list operations have filterable fields in the specs; the real-API allow-list adds
    # /networking/ipv6/ranges (region), which no spec marks
    old = [o for o in spec.operations if "4.189.0" in o.sources]
    from_specs = [o for o in old if set(o.filterable) - extra_filterable(o.method, o.path)]
    assert len(from_specs) == 60
    assert sum(bool(o.filterable) for o in old) == 61
    assert {o.path for o in old if o.filterable} - {o.path for o in from_specs} == {"/networking/ipv6/ranges"}


# ----------------------------------------------------------------------------- matching


@pytest.mark.parametrize(
    ("method", "concrete", "operation_id", "params"),
    [
        ("GET", "/volumes/types", "get-volume-types", {}),
        ("GET", "/volumes/42", "get-volume", {"volumeId": "42"}),
        ("GET", "/regions/availability", "get-regions-availability", {}),
        ("GET", "/regions/us-east/availability", "get-region-availability", {"regionId": "us-east"}),
        ("GET", "/regions/us-east", "get-region", {"regionId": "us-east"}),
        ("GET", "/linode/instances", "get-linode-instances", {}),
        ("post", "/linode/instances", "post-linode-instance", {}),
        ("GET", "/linode/instances/123/disks", "get-linode-disks", {"linodeId": "123"}),
        ("GET", "/linode/instances/123/stats", "get-linode-stats", {"linodeId": "123"}),
        ("GET", "/linode/instances/123/stats/2024/5", "get-linode-stats-by-year-month",
         {"linodeId": "123", "year": "2024", "month": "5"}),
        ("POST", "/linode/instances/1/configs/2/interfaces/order", "post-linode-config-interfaces",
         {"linodeId": "1", "configId": "2"}),
        ("DELETE", "/linode/instances/1/configs/2/interfaces/3", "delete-linode-config-interface",
         {"linodeId": "1", "configId": "2", "interfaceId": "3"}),
        ("GET", "/nodebalancers/types", "get-node-balancer-types", {}),
        ("GET", "/lke/types", "get-lke-types", {}),
        ("GET", "/lke/versions/1.29", "get-lke-version", {"version": "1.29"}),
        ("GET", "/domains/7/clone", None, {}),  # GET of a POST-only path
        ("POST", "/domains/7/clone", "post-clone-domain", {"domainId": "7"}),
        ("GET", "/v4/linode/instances/5", "get-linode-instance", {"linodeId": "5"}),
        ("GET", "/v4beta/linode/instances/5/", "get-linode-instance", {"linodeId": "5"}),
        ("GET", "/linode/instances?page=2", "get-linode-instances", {}),
        ("GET", "/tags/my%20tag", "get-tagged-objects", {"tagLabel": "my tag"}),
        ("GET", "/linode/instances/abc", None, {}),  # int parameter needs digits
        ("PATCH", "/linode/instances", None, {}),
        ("GET", "/nope", None, {}),
        ("GET", "/linode/instances/1/disks/2/extra", None, {}),
    ],
)
def test_match(spec: SpecData, method: str, concrete: str, operation_id: str | None,
               params: dict[str, str]) -> None:
    found = spec.match(method, concrete)
    if operation_id is None:
        assert found is None
        return
    assert found is not None
    op, got = found
    assert op.operation_id == operation_id
    assert got == params


def test_every_template_matches_itself(spec: SpecData) -> None:
    for op in spec.operations:
        concrete = op.path
        params: dict[str, str] = {}
        for name, kind in op.path_params.items():
            value = "17" if kind == "int" else f"x-{name.lower()}"
            concrete = concrete.replace("{" + name + "}", value)
            params[name] = value
        found = spec.match(op.method, concrete)
        assert found is not None, (op.method, concrete)
        if found[0] is not op:
            # a literal route beats a string parameter: only acceptable if the value equals the literal
            assert found[0].path.count("{") < op.path.count("{"), (op.path, found[0].path)
        else:
            assert found[1] == params


def test_methods_for(spec: SpecData) -> None:
    assert spec.methods_for("/volumes/1") == ["DELETE", "GET", "PUT"]
    assert spec.methods_for("/volumes") == ["GET", "POST"]
    assert spec.methods_for("/volumes/types") == ["GET"]
    assert spec.methods_for("/nope") == []


# ----------------------------------------------------------------------------- enums


def test_enums(spec: SpecData) -> None:
    assert {"running", "offline", "billing_suspension", "booting", "provisioning"} <= set(
        spec.enums["linode.status"])
    actions = spec.enums["event.action"]
    assert len(actions) >= 140
    assert len(actions) == len(set(actions))
    assert {"linode_boot", "linode_create", "linode_delete", "volume_attach", "disk_resize"} <= set(actions)
    assert {"started", "finished", "failed", "scheduled", "notification"} == set(spec.enums["event.status"])
    assert {"linode", "volume", "domain", "nodebalancer", "ticket"} <= set(spec.enums["entity.type"])
    for key in ("volume.status", "type.class", "image.status", "domain.status", "domain_record.type",
                "firewall.status", "database.status", "lke.status", "region.site_type"):
        assert spec.enum(key), key
    assert {"A", "AAAA", "CNAME", "MX", "TXT", "SRV", "CAA", "NS"} <= set(spec.enums["domain_record.type"])
    assert "dedicated" in spec.enums["type.class"]
    # YAML 1.1 read on/off as booleans; string enums must stay strings
    assert spec.enums["postgresql.replication_commit_type"][0] == "on"
    assert all(isinstance(v, str) for k, vs in spec.enums.items() for v in vs if "cluster_size" not in k
               and "quantity" not in k)
    assert spec.enum("no.such.enum") == []


# ----------------------------------------------------------------------------- examples


def test_examples_are_deep_copies(spec: SpecData) -> None:
    first = spec.example("get-linode-instances")
    assert first["page"] == 1 and first["results"] == len(first["data"]) == 1
    first["data"][0]["label"] = "mutated"
    first["data"].clear()
    again = spec.example("get-linode-instances")
    assert len(again["data"]) == 1 and again["data"][0]["label"] != "mutated"
    assert isinstance(again["data"][0]["id"], int)
    with pytest.raises(KeyError):
        spec.example("post-linode-instance")


def test_examples_cover_every_json_get(spec: SpecData) -> None:
    gets = [o for o in spec.operations if o.method == "GET"]
    missing = [o.operation_id for o in gets if not spec.has_example(o.operation_id)]
    assert len(gets) == 183 + 69  # 4.189.0's and the 4.229.1-only GETs
    assert missing == ["get-client-thumbnail"]  # the only non-JSON (image/png) GET
    for op in gets:
        if op.is_list:
            ex = spec.example(op.operation_id)
            assert isinstance(ex["data"], list) and len(ex["data"]) >= 1
            assert ({"page", "pages", "results"} <= set(ex)) is op.paginated
            if op.paginated:
                assert (ex["page"], ex["pages"], ex["results"]) == (1, 1, len(ex["data"]))
    unpaginated = [o.operation_id for o in spec.operations if o.is_list and not o.paginated]
    assert unpaginated == ["get-object-storage-bucket-content"]  # marker-based paging


def test_examples_use_spec_example_values(spec: SpecData) -> None:
    linode = spec.example("get-linode-instance")
    assert linode["status"] in spec.enums["linode.status"]
    assert linode["region"] == "us-east" and linode["type"] == "g6-standard-1"
    assert set(linode) == set(spec.operation("get-linode-instance").response_fields)
    event = spec.example("get-event")
    assert event["action"] in spec.enums["event.action"]
    assert event["time_remaining"] is None  # nullable without an example, as the real API sends


@pytest.mark.parametrize("op", _get_ops_with_examples(), ids=lambda o: o.operation_id)
def test_get_example_validates_leniently(spec: SpecData, op: Operation) -> None:
    schema = response_schema(load_full_spec(), "GET", op.path)
    assert schema is not None
    assert lenient_validate(spec.example(op.operation_id), schema) == []


# ----------------------------------------------------------------------------- contract_util


def test_lenient_validator_rejects_wrong_types_but_tolerates_reality() -> None:
    schema = response_schema(load_full_spec(), "GET", "/linode/instances/{linodeId}")
    assert schema is not None
    errors = lenient_validate({"id": "x", "specs": {"memory": "big"}}, schema)
    assert len(errors) == 2
    assert any(e.startswith("id:") for e in errors) and any(e.startswith("specs/memory:") for e in errors)
    assert lenient_validate([], schema) != []
    # extra fields, unknown enum values, nulls, empty strings, non-RFC3339 timestamps, missing fields
    ok = {"id": 1, "status": "weird", "backups": {"last_successful": None, "schedule": {"day": None}},
          "label": "", "created": "2018-01-01T00:01:01", "brand_new_field": {"x": 1}}
    assert lenient_validate(ok, schema) == []


def test_lenient_schema_keeps_property_names_that_look_like_keywords() -> None:
    schema = {"type": "object", "required": ["format"], "additionalProperties": False,
              "properties": {"format": {"type": "string", "enum": ["a"]}, "pattern": {"type": "integer"}}}
    lenient = make_lenient(schema)
    assert set(lenient["properties"]) == {"format", "pattern"}
    assert "required" not in lenient and "additionalProperties" not in lenient
    assert lenient["properties"]["format"] == {"type": "string", "nullable": True}
    assert lenient_validate({"format": "zzz", "other": 1}, schema) == []
    assert lenient_validate({"pattern": "no"}, schema) != []


@pytest.mark.parametrize(
    ("fixture", "path"),
    [
        ("linode_instances.json", "/linode/instances"),
        ("linode_instances_124.json", "/linode/instances/{linodeId}"),
        ("account_events_123.json", "/account/events/{eventId}"),
        ("volumes.json", "/volumes"),
        ("domains.json", "/domains"),
        ("regions.json", "/regions"),
        ("linode_types.json", "/linode/types"),
        ("nodebalancers.json", "/nodebalancers"),
        ("networking_firewalls.json", "/networking/firewalls"),
        ("vpcs.json", "/vpcs"),
    ],
)
def test_sdk_fixtures_validate_leniently(fixture: str, path: str) -> None:
    """API-NOTES §8: all 10 sampled linode_api4 fixtures pass in lenient mode."""
    data = specfiles.fixture(fixture)
    schema = response_schema(load_full_spec(), "GET", path)
    assert schema is not None
    assert lenient_validate(data, schema) == []
