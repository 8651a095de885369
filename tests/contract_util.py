"""Helpers for contract tests: validate JSON against the official 4.189.0 spec in "lenient" mode.

Lenient mode (API-NOTES §8): the spec describes the *shape* of responses, not a strict contract.
The schema is rewritten before validation with ``openapi_schema_validator.OAS30ReadValidator``:

* ``additionalProperties`` is dropped (this also neutralises the ``allOf`` + ``additionalProperties:
  false`` spec bug that rejects ``data`` in some list envelopes);
* ``enum``, ``minLength``/``maxLength``, ``format``, ``pattern``, ``minimum``/``maximum`` (and the
  other range keywords), ``required``, ``readOnly``/``writeOnly`` and ``discriminator`` are dropped;
* every schema becomes ``nullable``; ``oneOf`` becomes ``anyOf`` (with everything nullable and no
  ``required``, ``oneOf`` branches would overlap and "match more than one");
* the real-API deviations API-NOTES records are allowed (:data:`REAL_API_WIDENINGS`): an event's
  ``secondary_entity.id`` is a string (images) or an integer (configs, disks, Linodes).

Only tests read the spec files, from the compressed copies in ``tests/data`` (:mod:`tests.specfiles`);
the installed product never does.
"""

from __future__ import annotations

from typing import Any

from openapi_schema_validator import OAS30ReadValidator

from tests import specfiles

PREFIX = "/{apiVersion}"

# keywords removed in lenient mode
_DROP = frozenset(
    {
        "additionalProperties",
        "enum",
        "minLength",
        "maxLength",
        "format",
        "pattern",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
        "required",
        "readOnly",
        "writeOnly",
        "discriminator",
        "example",
        "default",
        "description",
        "title",
        "externalDocs",
        "xml",
        "deprecated",
    }
)
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")

# property name -> sub-property -> the types the real API sends there (API-NOTES §3.1 and §8: "The one
# lenient failure is an event whose secondary_entity.id is an integer")
REAL_API_WIDENINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "secondary_entity": {"id": ("string", "integer")},
}


def _widen(name: str, schema: Any) -> Any:
    widen = REAL_API_WIDENINGS.get(name)
    if not widen or not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
        return schema
    props = dict(schema["properties"])
    for sub, types in widen.items():
        if isinstance(props.get(sub), dict):
            props[sub] = {"anyOf": [{"type": t} for t in types], "nullable": True}
    return {**schema, "properties": props}


def load_full_spec() -> dict[str, Any]:
    """The full 4.189.0 spec (``tests/data/openapi-4.189.0.json.xz``), parsed once."""
    return specfiles.openapi()


def operation_object(spec_json: dict[str, Any], method: str, path_template: str) -> dict[str, Any]:
    """The raw operation object for ``method`` + template (without the ``/{apiVersion}`` prefix)."""
    paths = spec_json["paths"]
    item = paths.get(PREFIX + path_template) or paths.get(path_template)
    if item is None:
        raise KeyError(f"no path {path_template!r} in spec")
    op = item.get(method.lower())
    if op is None:
        raise KeyError(f"no {method.upper()} {path_template!r} in spec")
    return op


def response_schema(spec_json: dict[str, Any], method: str, path_template: str) -> dict[str, Any] | None:
    """The ``200`` ``application/json`` response schema of an operation (None if it has none)."""
    op = operation_object(spec_json, method, path_template)
    content = ((op.get("responses") or {}).get("200") or {}).get("content") or {}
    js = content.get("application/json")
    if not js:
        return None
    return js.get("schema")


def request_schema(spec_json: dict[str, Any], method: str, path_template: str) -> dict[str, Any] | None:
    """The ``application/json`` request body schema of an operation (None if it has none)."""
    op = operation_object(spec_json, method, path_template)
    content = (op.get("requestBody") or {}).get("content") or {}
    js = content.get("application/json")
    return js.get("schema") if js else None


def make_lenient(schema: Any) -> Any:
    """Return a lenient copy of an OpenAPI 3.0 schema (see module docstring)."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _DROP:
            continue
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: _widen(name, make_lenient(sub)) for name, sub in value.items()}
        elif key in ("items", "not"):
            out[key] = make_lenient(value)
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            out["anyOf" if key == "oneOf" else key] = [make_lenient(sub) for sub in value]
        else:
            out[key] = value
    out["nullable"] = True
    return out


_LENIENT_CACHE: dict[int, tuple[Any, OAS30ReadValidator]] = {}


def _validator(schema: dict[str, Any]) -> OAS30ReadValidator:
    hit = _LENIENT_CACHE.get(id(schema))
    if hit is not None and hit[0] is schema:
        return hit[1]
    validator = OAS30ReadValidator(make_lenient(schema))
    _LENIENT_CACHE[id(schema)] = (schema, validator)  # keeps `schema` alive so the id stays unique
    return validator


def lenient_validate(instance: Any, schema: dict[str, Any]) -> list[str]:
    """Validate ``instance`` against ``schema`` in lenient mode; return error messages (empty = valid)."""
    errors = []
    for err in _validator(schema).iter_errors(instance):
        where = "/".join(str(p) for p in err.absolute_path) or "<root>"
        errors.append(f"{where}: {err.message[:300]}")
    return sorted(errors)
