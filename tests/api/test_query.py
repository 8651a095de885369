"""Tests for linode_tui.api.query: X-Filter builder, human query language, explain, evaluator."""

from __future__ import annotations

import random
from typing import Any

import pytest

from linode_tui.api.errors import LinodeError
from linode_tui.api.query import (
    F,
    FilterSyntaxError,
    QuerySyntaxError,
    and_,
    apply_filter,
    compile_predicate,
    compile_query,
    contains,
    eq,
    explain,
    filter_fields,
    matches,
    or_,
    order_by,
    sort_key,
    sort_spec,
    validate_fields,
)

# ------------------------------------------------------------------------------------------------
# Builder


def test_builder_basic_operators() -> None:
    assert F.eq("region", "us-east") == {"region": "us-east"}
    assert F.neq("status", "running") == {"status": {"+neq": "running"}}
    assert F.gt("id", 5) == {"id": {"+gt": 5}}
    assert F.gte("specs.memory", 4096) == {"specs.memory": {"+gte": 4096}}
    assert F.lt("created", "2024-01-01T00:00:00") == {"created": {"+lt": "2024-01-01T00:00:00"}}
    assert F.lte("entity.id", 9) == {"entity.id": {"+lte": 9}}
    assert F.contains("label", "web") == {"label": {"+contains": "web"}}


def test_builder_combinators_and_module_aliases() -> None:
    got = and_(contains("label", "web"), eq("region", "us-east"))
    assert got == {"+and": [{"label": {"+contains": "web"}}, {"region": "us-east"}]}
    # nested ands are flattened, empty filters dropped, a single filter is unwrapped
    assert F.and_(got, {}, F.eq("a", 1)) == {
        "+and": [{"label": {"+contains": "web"}}, {"region": "us-east"}, {"a": 1}]
    }
    assert F.or_({}, F.eq("a", 1)) == {"a": 1}
    assert or_() == {}
    assert F.or_(F.eq("a", 1), F.and_(F.eq("b", 2), F.eq("c", 3))) == {
        "+or": [{"a": 1}, {"+and": [{"b": 2}, {"c": 3}]}]
    }


def test_builder_order_by_copies() -> None:
    base = F.eq("region", "us-east")
    ordered = order_by(base, "created", desc=True)
    assert ordered == {"region": "us-east", "+order_by": "created", "+order": "desc"}
    assert base == {"region": "us-east"}  # not mutated
    assert F.order(None, "id") == {"+order_by": "id", "+order": "asc"}


# ------------------------------------------------------------------------------------------------
# compile_query: table of successful cases

OK_CASES: list[tuple[str, dict[str, Any]]] = [
    ("", {}),
    ("   \t ", {}),
    ("label = web-1", {"label": "web-1"}),
    ("label == web-1", {"label": "web-1"}),
    ("label=web-1", {"label": "web-1"}),
    ("label ~ web", {"label": {"+contains": "web"}}),
    ("label~web", {"label": {"+contains": "web"}}),
    ("status != running", {"status": {"+neq": "running"}}),
    ("id > 5", {"id": {"+gt": 5}}),
    ("id >= 5", {"id": {"+gte": 5}}),
    ("id < 5", {"id": {"+lt": 5}}),
    ("id <= 5", {"id": {"+lte": 5}}),
    ("specs.memory >= 4096", {"specs.memory": {"+gte": 4096}}),
    ("entity.id = 123 and entity.type = linode", {"+and": [{"entity.id": 123}, {"entity.type": "linode"}]}),
    (
        "label ~ web and region = us-east",
        {"+and": [{"label": {"+contains": "web"}}, {"region": "us-east"}]},
    ),
    ("status != running or tags = prod", {"+or": [{"status": {"+neq": "running"}}, {"tags": "prod"}]}),
    # and binds tighter than or
    ("a = 1 or b = 2 and c = 3", {"+or": [{"a": 1}, {"+and": [{"b": 2}, {"c": 3}]}]}),
    ("a = 1 and b = 2 or c = 3", {"+or": [{"+and": [{"a": 1}, {"b": 2}]}, {"c": 3}]}),
    # parentheses override precedence
    ("(a = 1 or b = 2) and c = 3", {"+and": [{"+or": [{"a": 1}, {"b": 2}]}, {"c": 3}]}),
    ("((a = 1))", {"a": 1}),
    ("a = 1 and (b = 2 and c = 3)", {"+and": [{"a": 1}, {"b": 2}, {"c": 3}]}),
    ("a = 1 or (b = 2 or c = 3)", {"+or": [{"a": 1}, {"b": 2}, {"c": 3}]}),
    # keywords are case-insensitive
    ("a = 1 AND b = 2 Or c = 3", {"+or": [{"+and": [{"a": 1}, {"b": 2}]}, {"c": 3}]}),
    # quoting and escapes
    ('label = "web 1"', {"label": "web 1"}),
    ("label = 'web 1'", {"label": "web 1"}),
    (r'label = "say \"hi\" \\ now"', {"label": 'say "hi" \\ now'}),
    (r"label = 'it\'s'", {"label": "it's"}),
    (r'label = "a\tb\nc"', {"label": "a\tb\nc"}),
    ('label = "a and b or (c)"', {"label": "a and b or (c)"}),
    ('label = "123"', {"label": "123"}),
    ('label = ""', {"label": ""}),
    # numbers, bools, null
    ("x = -12", {"x": -12}),
    ("x = 1.5", {"x": 1.5}),
    ("x = 2e3", {"x": 2000.0}),
    ("x = 007", {"x": "007"}),
    ("x = 1.2.3", {"x": "1.2.3"}),
    ("backups.enabled = true", {"backups.enabled": True}),
    ("backups.enabled = FALSE", {"backups.enabled": False}),
    ("group = null", {"group": None}),
    ("group != null", {"group": {"+neq": None}}),
    # ~ always takes a string
    ("label ~ 123", {"label": {"+contains": "123"}}),
    ("label ~ true", {"label": {"+contains": "true"}}),
    # bare words with - . / : _
    ("image = linode/ubuntu22.04", {"image": "linode/ubuntu22.04"}),
    ("created >= 2024-01-01T00:00:00", {"created": {"+gte": "2024-01-01T00:00:00"}}),
    ("ipv4 = 192.0.2.10", {"ipv4": "192.0.2.10"}),
    # a keyword or a sort: word in value position is a value
    ("label = or", {"label": "or"}),
    ("label = sort:x", {"label": "sort:x"}),
    # bare values mean label contains
    ("web", {"label": {"+contains": "web"}}),
    ('"web 1"', {"label": {"+contains": "web 1"}}),
    ("web and region = us-east", {"+and": [{"label": {"+contains": "web"}}, {"region": "us-east"}]}),
    ("web or db", {"+or": [{"label": {"+contains": "web"}}, {"label": {"+contains": "db"}}]}),
    # sort forms
    ("sort:created", {"+order_by": "created", "+order": "asc"}),
    ("sort:+created", {"+order_by": "created", "+order": "asc"}),
    ("sort:-created", {"+order_by": "created", "+order": "desc"}),
    ("SORT:-id", {"+order_by": "id", "+order": "desc"}),
    (
        "specs.memory >= 4096 sort:-created",
        {"specs.memory": {"+gte": 4096}, "+order_by": "created", "+order": "desc"},
    ),
    (
        "sort:-created label ~ web and region = us-east",
        {
            "+and": [{"label": {"+contains": "web"}}, {"region": "us-east"}],
            "+order_by": "created",
            "+order": "desc",
        },
    ),
    (
        "a = 1 sort:label or b = 2",
        {"+or": [{"a": 1}, {"b": 2}], "+order_by": "label", "+order": "asc"},
    ),
    ("sort:entity.id", {"+order_by": "entity.id", "+order": "asc"}),
]


@pytest.mark.parametrize(("query", "expected"), OK_CASES, ids=[q or "<empty>" for q, _ in OK_CASES])
def test_compile_query(query: str, expected: dict[str, Any]) -> None:
    assert compile_query(query) == expected


def test_compile_query_sort_keys_sit_at_top_level_beside_or() -> None:
    got = compile_query("status = running or status = offline sort:-id")
    assert set(got) == {"+or", "+order_by", "+order"}
    assert got["+or"] == [{"status": "running"}, {"status": "offline"}]


def test_default_field_can_be_changed() -> None:
    assert compile_query("example", default_field="domain") == {"domain": {"+contains": "example"}}


# ------------------------------------------------------------------------------------------------
# compile_query: errors with positions

ERROR_CASES: list[tuple[str, int, str]] = [
    ("label ~", 7, "expected a value"),
    ("label =", 7, "expected a value"),
    ("label = )", 8, "expected a value"),
    ("a = b c", 6, "expected 'and' or 'or'"),
    ("label = web 1", 12, "quote values"),
    ("(a = 1", 6, "expected ')'"),
    ("(a = 1 or b = 2", 15, "position 0"),
    ("a = 1)", 5, "unmatched ')'"),
    ("()", 1, "empty parentheses"),
    ("a ! b", 2, "unexpected '!'"),
    ('label = "abc', 8, "unterminated string"),
    ("label = 'abc\\", 8, "unterminated string"),
    (r'label = "a\qb"', 10, "unknown escape"),
    ("= web", 0, "expected a field name"),
    ("5 = 3", 0, "not a field name"),
    ('"label" = web', 0, "not a field name"),
    ("a-b = 1", 0, "not a field name"),
    ("and", 0, "expected a condition"),
    ("a = 1 and", 9, "unexpected end of query"),
    ("a = 1 or or b = 2", 9, "expected a condition"),
    ("a = 1 and )", 10, "unexpected ')'"),
    ("sort:", 5, "field name after 'sort:'"),
    ("sort:-", 6, "field name after 'sort:'"),
    ("a = 1 sort:-a.-b", 12, "field name after 'sort:'"),
    ("sort:a sort:b", 7, "only one sort"),
    ("(a = 1 sort:id)", 7, "outside parentheses"),
    ("id > true", 5, "needs a number"),
    ("id <= null", 6, "needs a number"),
    ("a = 1 b = 2", 6, "expected 'and' or 'or'"),
]


@pytest.mark.parametrize(("query", "position", "fragment"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_compile_query_errors(query: str, position: int, fragment: str) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        compile_query(query)
    err = info.value
    assert err.position == position
    assert err.query == query
    assert fragment in err.message


def test_query_syntax_error_is_a_linode_error_and_shows_a_caret() -> None:
    with pytest.raises(LinodeError) as info:
        compile_query("label ~ web and region = ")
    err = info.value
    assert isinstance(err, QuerySyntaxError)
    lines = str(err).splitlines()
    assert "expected a value" in lines[0]
    assert lines[1] == "  label ~ web and region = "
    # the caret sits under the position (end of the query here)
    assert lines[2].index("^") - 2 == err.position == len("label ~ web and region = ")


def test_caret_alignment_in_the_middle() -> None:
    with pytest.raises(QuerySyntaxError) as info:
        compile_query("a = 1 and\tb ! 2")
    lines = str(info.value).splitlines()
    assert lines[1][2 + info.value.position] == "!"
    assert lines[2][2 + info.value.position] == "^"


# ------------------------------------------------------------------------------------------------
# explain (round trip)

ROUND_TRIP = [
    "label ~ web and region = us-east",
    "status != running or tags = prod",
    "a = 1 or b = 2 and c = 3",
    "(a = 1 or b = 2) and c = 3",
    'label = "web 1" sort:-created',
    'label = "123"',
    'label = "true"',
    'label = "and"',
    'label = "sort:x"',
    "label = 007",
    "x = 1.5 and y = -3 and z = null and w = false",
    r'label = "q\"uote" or label = "back\\slash"',
    "label ~ 42",
    "created >= 2024-01-01T00:00:00 and created < 2024-02-01T00:00:00",
    "sort:id",
    "web",
    'label = ""',
]


@pytest.mark.parametrize("query", ROUND_TRIP)
def test_explain_round_trips(query: str) -> None:
    compiled = compile_query(query)
    text = explain(compiled)
    assert compile_query(text) == compiled


def test_explain_readable_forms() -> None:
    assert explain({}) == ""
    assert explain(compile_query("label ~ web and region = us-east")) == "label ~ web and region = us-east"
    assert explain(compile_query("(a=1 or b=2) and c=3 sort:-id")) == "(a = 1 or b = 2) and c = 3 sort:-id"
    assert explain({"+order_by": "created", "+order": "desc"}) == "sort:-created"
    # multi-key dicts and multi-operator dicts read as "and"; nested form reads as dotted
    assert explain({"entity.id": 1, "entity.type": "linode"}) == "entity.id = 1 and entity.type = linode"
    assert explain({"created": {"+gte": "2024-01-01", "+lt": "2024-02-01"}}) == (
        "created >= 2024-01-01 and created < 2024-02-01"
    )
    assert explain({"specs": {"memory": {"+gt": 1024}}}) == "specs.memory > 1024"
    assert explain({"label": "has space"}) == 'label = "has space"'


def test_explain_rejects_malformed_filters() -> None:
    with pytest.raises(FilterSyntaxError):
        explain({"label": {"+foo": 1}})


# ------------------------------------------------------------------------------------------------
# validate_fields / filter_fields

LINODE_FILTERABLE = {"label", "region", "tags", "ipv4", "group", "id", "image", "placement_group"}


def test_validate_fields_reports_non_filterable_fields_once_in_order() -> None:
    xf = compile_query(
        "label ~ web and (status = running or specs.memory > 1 or status = offline) sort:-created"
    )
    assert filter_fields(xf) == ["label", "status", "specs.memory", "created"]
    assert validate_fields(xf, LINODE_FILTERABLE) == ["status", "specs.memory", "created"]
    assert validate_fields(compile_query("region = us-east sort:id"), LINODE_FILTERABLE) == []
    assert validate_fields({}, LINODE_FILTERABLE) == []
    assert validate_fields({"entity": {"id": 1}}, {"entity.id"}) == []


# ------------------------------------------------------------------------------------------------
# Evaluator

LINODES: list[dict[str, Any]] = [
    {
        "id": 1,
        "label": "Web-1",
        "region": "us-east",
        "status": "running",
        "tags": ["prod", "web"],
        "ipv4": ["192.0.2.1", "10.0.0.1"],
        "specs": {"memory": 4096, "vcpus": 2},
        "created": "2024-01-01T00:00:00",
        "group": None,
        "backups": {"enabled": True},
    },
    {
        "id": 2,
        "label": "db-1",
        "region": "us-west",
        "status": "offline",
        "tags": ["prod"],
        "ipv4": ["192.0.2.2"],
        "specs": {"memory": 8192, "vcpus": 4},
        "created": "2024-03-01T12:00:00",
        "group": "databases",
        "backups": {"enabled": False},
    },
    {
        "id": 3,
        "label": "web-2",
        "region": "us-east",
        "status": "offline",
        "tags": [],
        "ipv4": ["192.0.2.3"],
        "specs": {"memory": 1024, "vcpus": 1},
        "created": "2023-06-15T08:30:00",
        "group": "",
        "backups": {"enabled": False},
    },
    {"id": 4, "label": "123", "region": "eu-west", "status": "running", "tags": None, "specs": None},
]


def ids(xf: dict[str, Any]) -> list[int]:
    return [it["id"] for it in apply_filter(LINODES, xf)]


EVAL_CASES: list[tuple[dict[str, Any], list[int]]] = [
    ({}, [1, 2, 3, 4]),
    ({"region": "us-east"}, [1, 3]),
    ({"region": "US-EAST"}, []),  # equality is exact
    ({"label": {"+contains": "WEB"}}, [1, 3]),  # contains is case-insensitive
    ({"tags": "prod"}, [1, 2]),  # list field: element equality
    ({"tags": "pro"}, []),
    ({"tags": {"+contains": "WE"}}, [1]),  # list field: any element contains
    ({"tags": {"+neq": "prod"}}, [3, 4]),
    ({"ipv4": "192.0.2.3"}, [3]),
    ({"specs.memory": {"+gte": 4096}}, [1, 2]),
    ({"specs.memory": {"+gt": 4096}}, [2]),
    ({"specs.memory": {"+lt": 4096}}, [3]),  # null never compares
    ({"specs.memory": {"+lte": 4096}}, [1, 3]),
    ({"specs": {"memory": 8192}}, [2]),  # nested form == dotted form
    ({"created": {"+gte": "2024-01-01T00:00:00"}}, [1, 2]),  # ISO strings compare lexically
    ({"created": {"+gte": "2024-01-01", "+lt": "2024-02-01"}}, [1]),  # two operators: and
    ({"status": {"+neq": "running"}}, [2, 3]),
    ({"group": None}, [1, 4]),  # missing key counts as null
    ({"group": {"+neq": None}}, [2, 3]),
    ({"group": ""}, [3]),
    ({"backups.enabled": True}, [1]),
    ({"backups.enabled": 1}, []),  # booleans are not numbers
    ({"label": 123}, [4]),  # number vs numeric string coerces like SQL
    ({"id": "2"}, [2]),
    ({"+and": [{"region": "us-east"}, {"status": "offline"}]}, [3]),
    ({"+or": [{"region": "us-west"}, {"label": {"+contains": "123"}}]}, [2, 4]),
    ({"region": "us-east", "status": "running"}, [1]),  # several keys: and
    (
        {"+or": [{"+and": [{"region": "us-east"}, {"tags": "web"}]}, {"id": {"+gt": 3}}]},
        [1, 4],
    ),
    ({"+and": []}, [1, 2, 3, 4]),
    ({"+or": []}, []),
    ({"nope.deeper": "x"}, []),
    ({"+order_by": "id", "+order": "desc"}, [4, 3, 2, 1]),
    ({"region": "us-east", "+order_by": "created"}, [3, 1]),
    ({"+order_by": "specs.memory", "+order": "asc"}, [4, 3, 1, 2]),  # null sorts first
    ({"+order_by": "specs.memory", "+order": "desc"}, [2, 1, 3, 4]),
]


@pytest.mark.parametrize(("xf", "expected"), EVAL_CASES, ids=[repr(c[0]) for c in EVAL_CASES])
def test_evaluator(xf: dict[str, Any], expected: list[int]) -> None:
    assert ids(xf) == expected


def test_evaluator_agrees_with_compiled_queries() -> None:
    q = compile_query("web and region = us-east or specs.memory >= 8192 sort:-id")
    assert ids(q) == [3, 2, 1]
    pred = compile_predicate(q)
    assert [pred(it) for it in LINODES] == [True, True, True, False]
    assert matches(LINODES[0], compile_query("tags = web and status != offline"))
    assert not matches(LINODES[0], compile_query("tags = db"))


def test_matches_on_event_shapes_with_dotted_entity_fields() -> None:
    event = {"id": 10, "action": "linode_boot", "entity": {"id": 123, "type": "linode"}, "status": "started"}
    assert matches(event, {"entity.id": 123, "entity.type": "linode"})
    assert not matches(event, {"entity.id": 124})
    assert matches({"id": 11, "entity": None}, {"entity.id": None})
    assert not matches({"id": 11, "entity": None}, {"entity.id": 123})


def test_dotted_path_over_list_of_objects() -> None:
    item = {"configs": [{"label": "boot"}, {"label": "rescue"}]}
    assert matches(item, {"configs.label": "rescue"})
    assert matches(item, {"configs.label": {"+contains": "RES"}})
    assert not matches(item, {"configs.label": "other"})


MALFORMED: list[tuple[Any, str]] = [
    ({"label": {"+foo": 1}}, "+foo"),
    ({"+foo": []}, "+foo"),
    ({"+and": {"a": 1}}, "+and must be a list"),
    ({"+or": "x"}, "+or must be a list"),
    ({"+and": [1]}, "JSON object"),
    ({"label": {"+contains": 5}}, "+contains needs a string"),
    ({"id": {"+gt": None}}, "+gt needs"),
    ({"id": {"+gt": True}}, "+gt needs"),
    ({"label": {}}, "empty filter"),
    ({"label": {"+neq": "a", "sub": 1}}, "cannot mix"),
    ({"label": ["a", "b"]}, "a list is not allowed"),
    ({"+and": [{"+order_by": "id"}]}, "top level"),
    ({"+order_by": 5}, "+order_by must be a field name"),
    ({"+order_by": "id", "+order": "up"}, "+order must be"),
    ({"+order": "sideways"}, "+order must be"),
    ({"spec": {"+and": []}}, "unknown operator '+and' for field spec"),
    ({"spec": {"x": {"+or": []}}}, "unknown operator '+or' for field spec.x"),
    (["a"], "JSON object"),
    ("not a dict", "JSON object"),
]


@pytest.mark.parametrize(("xf", "fragment"), MALFORMED, ids=[repr(m[0]) for m in MALFORMED])
def test_malformed_filters_raise_filter_syntax_error(xf: Any, fragment: str) -> None:
    with pytest.raises(FilterSyntaxError) as info:
        compile_predicate(xf)
    assert fragment in str(info.value)
    assert isinstance(info.value, ValueError)


def test_sort_spec_and_sort_key() -> None:
    assert sort_spec({"+order_by": "id"}) == ("id", False)
    assert sort_spec({"+order_by": "created", "+order": "desc", "a": 1}) == ("created", True)
    assert sort_spec({"a": 1}) is None
    assert sort_spec(None) is None
    mixed: list[dict[str, Any]] = [{"v": "b"}, {"v": 2}, {"v": None}, {"v": True}, {"v": "a"}, {"v": 1.5}, {}]
    assert [it.get("v") for it in sorted(mixed, key=sort_key("v"))] == [None, None, True, 1.5, 2, "a", "b"]


def test_sorting_is_stable_for_equal_keys() -> None:
    items = [{"id": i, "region": r} for i, r in enumerate(["b", "a", "b", "a"])]
    assert [it["id"] for it in apply_filter(items, {"+order_by": "region"})] == [1, 3, 0, 2]
    assert [it["id"] for it in apply_filter(items, {"+order_by": "region", "+order": "desc"})] == [0, 2, 1, 3]


def test_compiled_predicate_matches_naive_evaluation_on_random_data() -> None:
    rng = random.Random(7)
    regions = ["us-east", "us-west", "eu-west"]
    items: list[dict[str, Any]] = [
        {
            "id": i,
            "label": f"{rng.choice(['web', 'db', 'cache'])}-{i}",
            "region": rng.choice(regions),
            "tags": rng.sample(["a", "b", "c"], rng.randint(0, 3)),
            "specs": {"memory": rng.choice([1024, 2048, 4096, 8192])},
        }
        for i in range(300)
    ]
    xf = compile_query("(web or cache) and (region = us-east or tags = b) and specs.memory >= 2048")
    expected = [
        it["id"]
        for it in items
        if ("web" in it["label"] or "cache" in it["label"])
        and (it["region"] == "us-east" or "b" in it["tags"])
        and it["specs"]["memory"] >= 2048
    ]
    assert [it["id"] for it in apply_filter(items, xf)] == expected
    assert expected  # the data set exercises the filter
