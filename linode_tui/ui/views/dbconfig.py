"""A database's advanced parameters (``engine_config``) as a form generated from the engine's
schema, ``GET /databases/{engine}/config``: one field per parameter (whole numbers, numbers,
true/false, choices, text), its description, limits and whether it restarts the database shown
under it, today's values filled in. Limits are checked before anything is sent; only the
parameters that changed are saved (``PUT`` on the instance, through the one action path), and
the API's errors land next to the field they name."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from linode_tui.specdata import FieldSpec
from linode_tui.ui.dialogs import KEEP_OPEN
from linode_tui.ui.dialogs.schema_form import FormResult, Node, SchemaFormDialog, build_tree
from linode_tui.ui.guard import guarded, while_present

PREFIX = "engine_config"
#: Stands for a dot inside a parameter's own name (``pg_partman_bgw.interval``) in the form's dotted
#: field names, which otherwise nest.
DOT = "\u2024"
TYPES = {"integer": "integer", "number": "number", "boolean": "boolean", "string": "string"}


def parameters(schema: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """The leaves of a config schema (they carry a ``type``), with their key path."""
    if not isinstance(schema, dict):
        return
    for key, spec in schema.items():
        if not isinstance(spec, dict):
            continue
        if isinstance(spec.get("type"), str):
            yield (*path, key), spec
        else:
            yield from parameters(spec, (*path, key))


def field_name(path: tuple[str, ...]) -> str:
    return ".".join([PREFIX, *(p.replace(".", DOT) for p in path)])


def limits(spec: dict[str, Any]) -> str:
    """What the schema allows, in words."""
    parts = []
    if "minimum" in spec and "maximum" in spec:
        parts.append(f"{spec['minimum']}–{spec['maximum']}")
    elif "minimum" in spec:
        parts.append(f"≥ {spec['minimum']}")
    elif "maximum" in spec:
        parts.append(f"≤ {spec['maximum']}")
    if spec.get("enum"):
        parts.append("one of " + ", ".join(map(str, spec["enum"])))
    if "maxLength" in spec:
        parts.append(f"up to {spec['maxLength']} characters")
    if spec.get("example") is not None:
        ex = spec["example"]
        parts.append(f"e.g. {str(ex).lower() if isinstance(ex, bool) else ex}")
    if spec.get("requires_restart"):
        parts.append("restarts the database")
    return "; ".join(parts)


def problem(spec: dict[str, Any], value: Any) -> str | None:
    """Why a value is outside what the schema allows (None: it is fine)."""
    if spec.get("type") == "integer" and not isinstance(value, int):
        return "Must be a whole number."
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in spec and value < spec["minimum"]:
            return f"Must be at least {spec['minimum']}."
        if "maximum" in spec and value > spec["maximum"]:
            return f"Must be at most {spec['maximum']}."
    if isinstance(value, str):
        if len(value) > spec.get("maxLength", len(value)):
            return f"At most {spec['maxLength']} characters."
        if len(value) < spec.get("minLength", 0):
            return f"At least {spec['minLength']} characters."
    return None


def _get(obj: Any, path: tuple[str, ...]) -> Any:
    for p in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(p)
    return obj


def _put(out: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for p in path[:-1]:
        out = out.setdefault(p, {})
    out[path[-1]] = value


class EngineConfigDialog(SchemaFormDialog):
    """See the module docstring. Opened by the databases area's ``config`` action with
    ``(area, item)``."""

    def __init__(self, area: Any, item: dict[str, Any]) -> None:
        self.area_def = area
        self.item = item
        self.loaded = False
        self.params: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {}  # field name -> (path, spec)
        self.current: dict[str, Any] = {}
        title = Text("Advanced parameters — ")
        title.append(str(item.get("label") or item.get("id")))
        super().__init__(
            title,
            [],
            submit=self._send,
            submit_label="Save",
            has_body=False,
            note="Only the parameters you change are sent. Empty: left as it is.",
        )

    def compose(self) -> ComposeResult:
        if not self.loaded:
            with Vertical(classes="dialog"):
                yield from self.heading(self.title_text)
                yield Static(Text("Loading the engine's parameters…"), id="config-status")
                yield Static("", id="general-error", classes="general-error")
                with Horizontal(classes="buttons"):
                    yield Button("Cancel", id="cancel")
                    yield Button(self.submit_label, id="submit", variant="primary", disabled=True)
            return
        yield from super().compose()

    @while_present
    def on_mount(self) -> None:
        if not self.loaded:  # the form's own mount handler runs too (and again once loaded)
            self._load()

    def _field(self, node: Node, prefix: str = "") -> ComposeResult:
        yield from super()._field(node, prefix)
        _, spec = self.params.get(node.spec.name, ((), {}))
        words = " — ".join(x for x in (str(spec.get("description") or ""), limits(spec)) if x)
        if words:
            yield Static(Text(words, "muted"), classes="field-help")

    @work(group="engine-config", exclusive=True, exit_on_error=False)
    @guarded
    async def _load(self) -> None:
        from linode_tui.api.errors import LinodeError

        client = self.app.services.client  # type: ignore[attr-defined]
        engine = str(self.item.get("engine") or "")
        try:
            schema = await client.get(f"/databases/{engine}/config")
            fresh = await client.get(self.area_def.detail_url(self.item), force=True)
        except LinodeError as exc:
            self.query_one("#config-status", Static).update(Text(f"⚠ {exc}", "error"))
            return
        config = (fresh or {}).get(PREFIX) if isinstance(fresh, dict) else None
        fields: list[FieldSpec] = []
        initial: dict[str, Any] = {}
        for path, spec in parameters(schema):
            name = field_name(path)
            self.params[name] = (path, spec)
            enum = tuple(spec.get("enum") or ())
            fields.append(FieldSpec(name, TYPES.get(str(spec.get("type")), "string"), False, enum))
            value = _get(config, path)
            if value is not None:
                initial[name] = value
                self.current[name] = value
        self.fields = fields
        self.initial = initial
        self.field_tree = build_tree(fields)
        self.kinds.clear()
        self.specs.clear()
        self.loaded = True
        await self.recompose()
        SchemaFormDialog.on_mount(self)

    def field_for(self, api_field: str) -> str | None:
        """The API names a parameter by its real key path (``engine_config.pg.pg_partman_bgw.interval``)."""
        for name, (path, _) in self.params.items():
            if api_field == ".".join([PREFIX, *path]):
                return name
        return super().field_for(api_field)

    def changes(self, result: FormResult) -> tuple[dict[str, Any], dict[str, str]]:
        """The ``engine_config`` of what changed, and the problems by field."""
        raw = self.raw_values()
        out: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for name, (path, spec) in self.params.items():
            value, bad = self._parse(name, raw.get(name)) if name in self.kinds else (None, None)
            if bad:
                errors[name] = bad
                continue
            if value is None or value == self.current.get(name):
                continue
            why = problem(spec, value)
            if why:
                errors[name] = why
                continue
            _put(out, path, value)
        return out, errors

    async def _send(self, result: FormResult) -> Any:
        from linode_tui.api.errors import ValidationError

        config, errors = self.changes(result)
        if errors:
            raise ValidationError("Some parameters are out of range", field_errors=errors)
        if not config:
            raise ValidationError(
                "Nothing changed", field_errors={"": "Nothing changed: there is nothing to save."}
            )
        action = self.area_def.action("config")
        sent, answer = await self.app.runner.submit(  # type: ignore[attr-defined]
            self.area_def, action, self.item, {PREFIX: config}
        )
        return answer if sent else KEEP_OPEN


__all__ = ["EngineConfigDialog", "limits", "parameters", "problem"]
