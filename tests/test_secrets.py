"""The one list of secret-bearing fields: derived from the spec data, used by the `v` views,
exports and the audit log. The walk over every secret-bearing field of the spec is here (unit level:
scrub and every export format); the UI walk (``v``, the export prompt, the detail summary) is in
tests/app/test_marks_sort_export.py."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
import yaml

from linode_tui.api.audit import is_secret_field, scrub_body
from linode_tui.core.descriptors import Col
from linode_tui.core.export import export_text, format_for, suggest_name
from linode_tui.core.secrets import (
    MASK,
    NOT_SECRET,
    SPEC_SECRET_NAMES,
    is_secret_name,
    scrub,
    secret_paths,
    spec_candidates,
    spec_fields,
    spec_secret_fields,
)
from linode_tui.specdata import load_spec

FORMATS = ("json", "csv", "yaml", "markdown")


@pytest.fixture(scope="module")
def spec() -> Any:
    return load_spec()


def leaf(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def test_every_secret_looking_name_of_the_spec_is_decided(spec: Any) -> None:
    """A newer spec cannot add a secret-bearing field unnoticed: every candidate name of the spec
    data is either secret or listed as not secret with a reason."""
    names = {leaf(name) for _, _, name, _ in spec_fields(spec)}
    undecided = sorted(
        n for n in spec_candidates(names) if n not in SPEC_SECRET_NAMES and n not in NOT_SECRET
    )
    assert not undecided, f"decide these spec fields in linode_tui/core/secrets.py: {undecided}"
    # the list holds no stale names either
    assert not SPEC_SECRET_NAMES - names
    assert not set(NOT_SECRET) - names


def test_the_secrets_the_issue_names_are_found_in_the_spec(spec: Any) -> None:
    found = {leaf(name) for _, _, name, _ in spec_secret_fields(spec)}
    for name in (
        "root_pass",
        "password",
        "token",
        "api_key",
        "secret_key",
        "access_key",
        "kubeconfig",
        "install_code",
        "ssl_key",
        "private_key",
        "secret",
        "user_data",
    ):
        assert name in found
    ops = {op for op, _, name, _ in spec_secret_fields(spec) if leaf(name) == "password"}
    assert "get-databases-mysql-instance-credentials" in ops


def test_ordinary_fields_that_look_secret_stay_visible() -> None:
    for name in (
        "label",
        "token_uuid",
        "password_created",
        "innodb_ft_min_token_size",
        "tfa_enabled",
        "ssl_cert",
        "ca_certificate",
        "ssh_key",
        "authorized_keys",
        "key",
        "credentials",
        "token_id",
    ):
        assert not is_secret_name(name), name
    for name in ("db_password", "client_secret", "ssh_private_key", "x_token", "apikey", "configs.0.ssl_key"):
        assert is_secret_name(name), name


def _place(obj: dict[str, Any], dotted: str, value: Any, types: dict[str, str]) -> None:
    """Put ``value`` at ``dotted`` in ``obj``, with lists where the spec says the parent is an array."""
    parts = dotted.split(".")
    node: Any = obj
    for i, part in enumerate(parts[:-1]):
        parent = ".".join(parts[: i + 1])
        if types.get(parent) == "array":
            child = node.setdefault(part, [{}])
            node = child[0] if isinstance(child, list) and child and isinstance(child[0], dict) else {}
        else:
            child = node.setdefault(part, {})
            node = child if isinstance(child, dict) else {}
    node[parts[-1]] = value


def test_no_secret_field_of_the_spec_survives_scrub_or_any_export(spec: Any) -> None:
    fields = [f for f in spec_secret_fields(spec) if f[3] != "boolean" and not f[2].startswith("?.")]
    assert len(fields) > 50
    by_op: dict[tuple[str, str], dict[str, str]] = {}
    for op, side, name, type_ in spec_fields(spec):
        by_op.setdefault((op, side), {})[name] = type_
    for n, (op, side, name, _) in enumerate(fields):
        secret = f"S3CR3T-{n:03d}-value"
        obj: dict[str, Any] = {"id": n, "label": f"thing-{n}"}
        _place(obj, name, secret, by_op[(op, side)])
        assert secret in json.dumps(obj)
        where = f"{op} {side} {name}"
        assert secret not in json.dumps(scrub(obj)), where
        assert list(secret_paths(obj)), where
        assert secret not in json.dumps(scrub_body(obj)), where  # the audit log's scrubber
        columns = (Col("id", "ID", "int"), Col("label", "Label"), Col(name, leaf(name)))
        for fmt in FORMATS:
            text = export_text([obj], columns, fmt)
            assert secret not in text, f"{where} in {fmt}"
            assert "thing-" in text
        assert obj[name.split(".")[0]] is not None  # the object itself is untouched


def test_flags_named_like_secrets_are_not_masked() -> None:
    body = {"kubeconfig": True, "servicetoken": True, "password": "", "token": None}
    assert scrub(body) == body
    assert scrub({"kubeconfig": "YXBpVmVyc2lvbjog"}) == {"kubeconfig": MASK}


def test_audit_uses_the_same_list(spec: Any) -> None:
    for _, _, name, _ in spec_fields(spec):
        assert is_secret_field(leaf(name)) == is_secret_name(name), name


# -- exports -------------------------------------------------------------------------------------

ROW = {
    "id": 123,
    "label": "web|1",
    "status": "running",
    "ipv4": ["192.0.2.10", "10.0.0.5"],
    "tags": ["prod", "web"],
    "specs": {"memory": 2048, "vcpus": 1},
    "backups": {"enabled": False},
    "root_pass": "never-this",
    "_key": 123,
}
COLS = (
    Col("id", "ID", "int"),
    Col("label", "Label"),
    Col("status", "Status", "status"),
    Col("ipv4", "IPv4", "ipv4"),
    Col("tags", "Tags", "tags"),
    Col("specs.memory", "Memory", "mb"),
    Col("backups.enabled", "Backups", "bool"),
)


def test_csv_holds_the_api_values() -> None:
    text = export_text([ROW], COLS, "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["id", "label", "status", "ipv4", "tags", "specs.memory", "backups.enabled"]
    assert rows[1] == ["123", "web|1", "running", "192.0.2.10;10.0.0.5", "prod;web", "2048", "false"]
    assert '"' not in text.splitlines()[1].split(",")[0]  # numbers unquoted


def test_json_and_yaml_hold_whole_objects_without_secrets() -> None:
    data = json.loads(export_text([ROW], COLS, "json"))
    assert data == yaml.safe_load(export_text([ROW], COLS, "yaml"))
    assert data[0]["specs"] == {"memory": 2048, "vcpus": 1} and data[0]["ipv4"] == ROW["ipv4"]
    assert data[0]["root_pass"] == MASK and "_key" not in data[0]


def test_markdown_is_a_table_with_labels_and_escaped_cells() -> None:
    lines = export_text([ROW], COLS, "markdown").splitlines()
    assert lines[0] == "| ID | Label | Status | IPv4 | Tags | Memory | Backups |"
    assert lines[1].startswith("| ---: | --- |")
    assert lines[2] == "| 123 | web\\|1 | running | 192.0.2.10;10.0.0.5 | prod;web | 2048 | false |"


def test_file_names_and_formats() -> None:
    when = 1_796_212_800.0  # 2026-12-02 12:00 UTC
    assert suggest_name("linodes", "region = us-east", "", when) == "linodes-region-us-east-2026-12-02.csv"
    assert suggest_name("volumes", "", "prod web", when, ".md") == "volumes-prod-web-2026-12-02.md"
    assert [format_for(n) for n in ("a.JSON", "a.csv", "a.yml", "a.yaml", "a.md", "a.txt")] == [
        "json",
        "csv",
        "yaml",
        "yaml",
        "markdown",
        None,
    ]
