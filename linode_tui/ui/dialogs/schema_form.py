"""A form generated from an operation's request schema (the operation explorer), and a picker of
live resources for path parameters.

:class:`SchemaFormDialog` renders :class:`~linode_tui.specdata.FieldSpec` rows as widgets: text,
whole numbers, true/false, enum selects, comma-separated lists (tags), nested groups for objects
with known fields, and JSON editors for free-form objects and lists of objects. It checks what it
can locally (required, type, enum, JSON syntax), shows the API's ``errors[].field`` next to the
field it names, and keeps everything typed (the dialog stays open on an error; ``raw_values`` lets
the caller restore it next time). ``ctrl+j`` edits the whole body as JSON for what the schema does
not describe.

Every API string shown goes through ``Text`` (never markup).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from linode_tui.specdata import FieldSpec
from linode_tui.ui.dialogs import DIALOG_CSS, KEEP_OPEN, Dialog
from linode_tui.ui.guard import guarded, while_present

SECRET_NAMES = ("password", "root_pass", "secret", "token", "private_key", "ssl_key", "key_pem")
#: Server-set fields linode-cli's inventory lists among request attributes; never sent by a client.
SERVER_SET = frozenset({"id", "created", "updated", "deleted"})
QUERY_FIELD = "__query__"


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)


def is_secret(name: str) -> bool:
    leaf = name.rsplit(".", 1)[-1].lower()
    return any(s in leaf for s in SECRET_NAMES)


@dataclass
class Node:
    """A field and the fields nested below it."""

    spec: FieldSpec
    children: list[Node] = field(default_factory=list)

    @property
    def kind(self) -> str:
        s = self.spec
        if s.type == "object":
            return "group" if self.children else "json"
        if s.type == "array":
            return "json" if s.item_type == "object" or self.children else "list"
        if s.enum:
            return "enum"
        if s.type == "boolean":
            return "bool"
        if s.type in ("integer", "number"):
            return s.type
        return "text"


def form_fields(
    schema: Sequence[FieldSpec], method: str, path: str, response_top: frozenset[str] = frozenset()
) -> tuple[list[FieldSpec], list[str]]:
    """The fields a form shows for a request schema, and the names it cannot place.

    Read-only and server-set fields are left out. Fields whose position in the body linode-cli's
    inventory does not tell (``?.leaf``) are returned separately (the form names them; the JSON
    editor can send them) -- except a scalar the operation's answer has at its top level
    (``response_top``: a rule set's ``label``), which goes there. Where the inventory nests a
    sub-collection's own create fields under the collection's name (``interfaces.vpc.subnet_id``
    for ``POST …/interfaces``) and no field of that name exists, the prefix is dropped: that is the
    body the API takes."""
    last = [p for p in path.split("/") if p and not p.startswith("{")][-1:]
    names = {f.name for f in schema}
    strip = ""
    if (
        method == "POST"
        and last
        and last[0] not in names
        and any(f.name.startswith(last[0] + ".") for f in schema)
    ):
        strip = last[0] + "."
    shown: list[FieldSpec] = []
    unknown: list[str] = []
    for f in schema:
        if f.read_only:
            continue
        if f.nesting == "unknown":
            if (
                f.leaf in response_top
                and f.leaf not in SERVER_SET
                and f.type in ("string", "integer", "boolean")
            ):
                # a scalar the resource has at its top level is sent at the top level
                f = FieldSpec(f.leaf, f.type, f.required, f.enum, f.read_only, f.item_type, f.source)
            else:
                unknown.append(f.leaf)
                continue
        if strip and f.name.startswith(strip):
            f = FieldSpec(
                f.name[len(strip) :], f.type, f.required, f.enum, f.read_only, f.item_type, f.source
            )
        if f.depth == 0 and f.name in SERVER_SET and not f.required:
            continue
        shown.append(f)
    unique = list({f.name: f for f in reversed(shown)}.values())[::-1]
    return unique, sorted(set(unknown) - {f.leaf for f in unique})


def build_tree(fields: Sequence[FieldSpec]) -> list[Node]:
    """Nest dotted field names under their parents (a parent missing from the list is implied)."""
    nodes: dict[str, Node] = {}
    roots: list[Node] = []
    for f in sorted(fields, key=lambda f: f.name.count(".")):
        node = Node(f)
        if f.name in nodes:
            continue
        nodes[f.name] = node
        parent_name = f.name.rsplit(".", 1)[0] if "." in f.name else None
        if parent_name is None:
            roots.append(node)
            continue
        parent = nodes.get(parent_name)
        if parent is None:  # an implied object group
            chain = parent_name.split(".")
            for i in range(len(chain)):
                name = ".".join(chain[: i + 1])
                if name not in nodes:
                    implied = Node(FieldSpec(name, "object", False))
                    nodes[name] = implied
                    up = nodes.get(".".join(chain[:i])) if i else None
                    (up.children if up else roots).append(implied)
            parent = nodes[parent_name]
        parent.children.append(node)
    order = {f.name: i for i, f in enumerate(fields)}
    for n in nodes.values():
        n.children.sort(key=lambda c: order.get(c.spec.name, 0))
    roots.sort(key=lambda r: (not r.spec.required, order.get(r.spec.name, 0)))
    return roots


def template_for(node: Node) -> Any:
    """A JSON skeleton of an object or list of objects from its known nested fields."""

    def skeleton(children: list[Node]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for c in children:
            s = c.spec
            if c.children:
                inner = skeleton(c.children)
                out[c.spec.leaf] = [inner] if s.type == "array" else inner
            elif s.type == "array":
                out[s.leaf] = []
            elif s.type == "boolean":
                out[s.leaf] = False
            elif s.type in ("integer", "number"):
                out[s.leaf] = 0
            elif s.type == "object":
                out[s.leaf] = {}
            else:
                out[s.leaf] = s.enum[0] if s.enum else ""
        return out

    if node.spec.type == "array":
        return [skeleton(node.children)] if node.children else []
    return skeleton(node.children) if node.children else {}


def set_path(out: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    cur = out
    for p in parts[:-1]:
        nxt = cur.get(p)
        if not isinstance(nxt, dict):
            nxt = cur[p] = {}
        cur = nxt
    cur[parts[-1]] = value


def has_path(obj: dict[str, Any], dotted: str) -> bool:
    cur: Any = obj
    for p in dotted.split("."):
        if not isinstance(cur, dict) or p not in cur:
            return False
        cur = cur[p]
    return True


@dataclass
class FormResult:
    """What the form produced: the body (None for none), query parameters and an X-Filter."""

    body: dict[str, Any] | None
    params: dict[str, Any] = field(default_factory=dict)
    xfilter: dict[str, Any] | None = None
    query_text: str = ""


Submitter = Callable[[FormResult], Awaitable[Any]]


class SchemaFormDialog(Dialog[Any]):
    """A form for any operation, generated from its schema. See the module docstring."""

    DEFAULT_CSS = (
        "SchemaFormDialog { align: center middle; }"
        + DIALOG_CSS
        + """
    SchemaFormDialog .dialog { width: 90; }
    SchemaFormDialog VerticalScroll { height: auto; max-height: 26; }
    SchemaFormDialog .dialog.-tall { height: 95%; max-height: 95%; }
    SchemaFormDialog .dialog.-tall VerticalScroll { height: 1fr; max-height: 100%; }
    SchemaFormDialog .group { height: auto; padding-left: 2; border-left: solid $primary-darken-2; }
    SchemaFormDialog .group-label { text-style: bold; margin-top: 1; }
    SchemaFormDialog TextArea { height: auto; min-height: 3; max-height: 10; margin-bottom: 0; }
    SchemaFormDialog #json-body { height: 1fr; min-height: 6; display: none; }
    SchemaFormDialog.-json #json-body { display: block; }
    SchemaFormDialog.-json #fields { display: none; }
    """
    )
    BINDINGS = [
        Binding("ctrl+s", "submit", "Send", id="form.submit"),
        Binding("ctrl+j", "toggle_json", "Body as JSON", id="form.toggle_json"),
    ]

    def __init__(
        self,
        title: str | Text,
        fields: Sequence[FieldSpec],
        *,
        submit: Submitter,
        has_body: bool = True,
        query_fields: Sequence[FieldSpec] = (),
        filterable: Sequence[str] = (),
        unknown: Sequence[str] = (),
        initial: dict[str, Any] | None = None,
        submit_label: str = "Send",
        note: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = list(fields)
        self.field_tree = build_tree(self.fields)
        self.query_fields = list(query_fields)
        self.filterable = list(filterable)
        self.unknown = list(unknown)
        self.has_body = has_body
        self.submit_cb = submit
        self.initial = dict(initial or {})
        self.submit_label = submit_label
        self.note = note
        self.busy = False
        # dotted name -> widget kind, for every input widget of the form
        self.kinds: dict[str, str] = {}
        self.kept: dict[str, Any] = dict(self.initial)  # what was typed when the form last closed or sent
        self.specs: dict[str, FieldSpec] = {}

    # -- building ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        tall = len(self.fields) + len(self.query_fields) > 4
        with Vertical(classes="dialog -tall" if tall else "dialog"):
            yield from self.heading(self.title_text, note=self.note)
            with VerticalScroll(id="fields"):
                if self.filterable:
                    yield Label(
                        "Query (filter on: " + ", ".join(self.filterable) + ")", classes="field-label"
                    )
                    yield Input(
                        value=str(self.initial.get(QUERY_FIELD, "")),
                        placeholder="e.g. label ~ web and region = us-east   (empty: everything)",
                        id=f"sf-{_safe(QUERY_FIELD)}",
                        compact=True,
                    )
                    yield Static("", id=f"sferr-{_safe(QUERY_FIELD)}", classes="field-error -empty")
                for q in self.query_fields:
                    yield from self._field(Node(q), prefix="?")
                for node in self.field_tree:
                    yield from self._node(node)
                if self.unknown:
                    yield Static(
                        Text("Also accepted (position not known; use ctrl+j): " + ", ".join(self.unknown)),
                        classes="field-help",
                    )
                if not self.field_tree and not self.query_fields and not self.filterable and self.has_body:
                    yield Static(
                        Text("No body fields are known; ctrl+j sends a JSON body."), classes="field-help"
                    )
            if self.has_body:
                yield TextArea(self.initial.get("__json__", "{}"), id="json-body", language=None)
            yield Static("", id="general-error", classes="general-error")
            hint = "ctrl+s send" + ("   ctrl+j body as JSON" if self.has_body else "") + "   esc cancel"
            yield Static(Text(hint), classes="field-help")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self.submit_label, id="submit", variant="primary")

    def _node(self, node: Node) -> ComposeResult:
        if node.kind == "group":
            yield Static(Text(node.spec.name + (" *" if node.spec.required else "")), classes="group-label")
            with Vertical(classes="group"):
                for c in node.children:
                    yield from self._node(c)
        else:
            yield from self._field(node)

    def _field(self, node: Node, prefix: str = "") -> ComposeResult:
        s = node.spec
        name = prefix + s.name
        kind = node.kind
        self.kinds[name] = kind
        self.specs[name] = s
        wid = f"sf-{_safe(name)}"
        label = Text(s.leaf if "." in s.name else s.name, "bold" if s.required else "")
        if s.required:
            label.append(" *")
        hint = {
            "integer": "whole number",
            "number": "number",
            "list": f"comma-separated {s.item_type or 'values'}",
            "json": "JSON" + (" list" if s.type == "array" else " object"),
            "bool": "true / false",
        }.get(kind)
        label.append(f"  {hint or s.type}", "muted")
        if prefix:
            label.append("  (query parameter)", "muted")
        yield Label(label, classes="field-label")
        initial = self.initial.get(name)
        if kind == "enum":
            opts = [(str(v), v) for v in s.enum]
            yield Select(
                opts,
                allow_blank=True,
                id=wid,
                compact=True,
                prompt="—",
                value=initial if initial in s.enum else Select.NULL,
            )
        elif kind == "bool":
            yield Select(
                [("true", True), ("false", False)],
                allow_blank=True,
                id=wid,
                compact=True,
                prompt="—",
                value=initial if isinstance(initial, bool) else Select.NULL,
            )
        elif kind == "json":
            text = initial if isinstance(initial, str) else json.dumps(template_for(node), indent=1)
            yield TextArea(text, id=wid, language=None)
        else:
            yield Input(
                value="" if initial is None else str(initial),
                password=is_secret(name),
                type="integer" if kind == "integer" else "number" if kind == "number" else "text",
                id=wid,
                compact=True,
            )
        yield Static("", id=f"sferr-{_safe(name)}", classes="field-error -empty")

    @while_present
    def on_mount(self) -> None:
        if self.initial.get("__json_mode__"):
            self.add_class("-json")
        first = next(iter(self.query("#fields Input, #fields Select, #fields TextArea")), None)
        if self.has_class("-json") or first is None:
            target = self.query("#json-body") or self.query("#submit")  # none once closed again
            if target:
                target.first().focus()
        else:
            first.focus()

    # -- reading ----------------------------------------------------------------------------
    def raw_values(self) -> dict[str, Any]:
        """What is typed, as it stands (to restore the form later)."""
        out: dict[str, Any] = {}
        for name in [QUERY_FIELD, *self.kinds]:
            nodes = self.query(f"#sf-{_safe(name)}")
            if not nodes:
                continue
            w = nodes.first()
            if isinstance(w, Select):
                out[name] = None if w.value is Select.NULL else w.value
            elif isinstance(w, TextArea):
                out[name] = w.text
            elif isinstance(w, Input):
                out[name] = w.value
        if self.has_body:
            body = self.query("#json-body")
            if body:  # not there while the dialog is still being composed
                out["__json__"] = body.first(TextArea).text
                out["__json_mode__"] = self.has_class("-json")
        return out

    def _tree_node(self, name: str) -> Node:
        """The field's node in the form's tree (with its nested fields, for its JSON skeleton)."""
        todo = list(self.field_tree)
        while todo:
            node = todo.pop()
            if node.spec.name == name:
                return node
            todo.extend(node.children)
        return Node(self.specs[name], [])

    def _parse(self, name: str, raw: Any) -> tuple[Any, str | None]:
        """(value, problem); value None means "not given"."""
        kind = self.kinds[name]
        spec = self.specs[name]
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None, None
        if kind in ("enum", "bool"):
            return raw, None
        text = str(raw).strip()
        if kind == "integer":
            if not re.fullmatch(r"-?\d+", text):
                return None, "Must be a whole number."
            return int(text), None
        if kind == "number":
            try:
                return float(text) if not re.fullmatch(r"-?\d+", text) else int(text), None
            except ValueError:
                return None, "Must be a number."
        if kind == "list":
            items: list[Any] = [t.strip() for t in text.split(",") if t.strip()]
            if spec.item_type == "integer":
                if not all(re.fullmatch(r"-?\d+", t) for t in items):
                    return None, "Must be whole numbers, separated by commas."
                items = [int(t) for t in items]
            return items, None
        if kind == "json":
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                return None, f"Not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
            want = list if spec.type == "array" else dict
            if not isinstance(value, want):
                return None, f"Must be a JSON {'list' if want is list else 'object'}."
            if value in ({}, []) and not spec.required:
                return None, None
            if isinstance(value, list) and value == template_for(self._tree_node(name)) and not spec.required:
                return None, None  # the untouched skeleton of an optional list: not given
            return value, None
        return text, None

    def collect(self) -> tuple[FormResult | None, dict[str, str]]:
        """The form's result, or the local problems by field name."""
        raw = self.raw_values()
        errors: dict[str, str] = {}
        body: dict[str, Any] = {}
        params: dict[str, Any] = {}
        for name in self.kinds:
            value, problem = self._parse(name, raw.get(name))
            if problem:
                errors[name] = problem
                continue
            if value is None:
                continue
            if name.startswith("?"):
                params[name[1:]] = value
            else:
                set_path(body, name, value)
        # Required: at the top level always; nested ones when their parent object is sent.
        for name, spec in self.specs.items():
            if not spec.required or name in errors or name.startswith("?"):
                continue
            parent = spec.parent
            if parent and not has_path(body, parent):
                continue
            if not has_path(body, name):
                errors[name] = f"{spec.leaf} is required."
        xfilter = None
        qtext = str(raw.get(QUERY_FIELD) or "").strip()
        if qtext:
            from linode_tui.api.errors import LinodeError
            from linode_tui.api.query import compile_query

            try:
                xfilter = compile_query(qtext)
            except (LinodeError, ValueError) as exc:
                errors[QUERY_FIELD] = str(exc)
        if self.has_body and self.has_class("-json"):
            errors = {k: v for k, v in errors.items() if k.startswith(("?", QUERY_FIELD))}
            text = self.query_one("#json-body", TextArea).text.strip() or "{}"
            try:
                parsed = json.loads(text)
            except json.JSONDecodeError as exc:
                return None, {
                    "__json__": f"Not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
                }
            if not isinstance(parsed, dict):
                return None, {"__json__": "The body must be a JSON object."}
            body = parsed
        if errors:
            return None, errors
        return FormResult(body if self.has_body else None, params, xfilter, qtext), {}

    # -- errors -----------------------------------------------------------------------------
    def field_for(self, api_field: str) -> str | None:
        """The form field an API ``errors[].field`` names (``rules.inbound[0].ports`` → the
        closest field the form has), or None."""
        name = re.sub(r"\[\d+\]", "", api_field or "")
        parts = name.split(".")
        for n in range(len(parts), 0, -1):
            cand = ".".join(parts[:n])
            if cand in self.kinds:
                return cand
            if "?" + cand in self.kinds:
                return "?" + cand
        return None

    def show_errors(self, field_errors: dict[str, str], general: Sequence[str] = ()) -> None:
        placed: dict[str, list[str]] = {}
        leftovers: list[str] = list(general)
        json_mode = self.has_class("-json")
        for api_field, msg in field_errors.items():
            target = api_field if api_field in (QUERY_FIELD, "__json__") else self.field_for(api_field)
            if target is None or (json_mode and target not in (QUERY_FIELD,) and not target.startswith("?")):
                leftovers.append(f"{api_field}: {msg}" if api_field and api_field != "__json__" else msg)
                continue
            placed.setdefault(target, []).append(msg if target == api_field else f"{api_field}: {msg}")
        for name in [QUERY_FIELD, *self.kinds]:
            for err in self.query(f"#sferr-{_safe(name)}"):
                assert isinstance(err, Static)
                msgs = placed.get(name, [])
                err.update(Text("\n".join(msgs)))
                err.set_class(not msgs, "-empty")
        self.query_one("#general-error", Static).update(Text("\n".join(leftovers)))
        for name in placed:
            for w in self.query(f"#sf-{_safe(name)}"):
                w.focus()
                return

    # -- actions ----------------------------------------------------------------------------
    def action_toggle_json(self) -> None:
        if not self.has_body:
            return
        area = self.query_one("#json-body", TextArea)
        if not self.has_class("-json"):
            result, _ = self.collect()
            body = result.body if result is not None and result.body else None
            if body and area.text.strip() in ("", "{}"):
                area.load_text(json.dumps(body, indent=2))
            self.add_class("-json")
            area.focus()
        else:
            self.remove_class("-json")
            first = next(iter(self.query("#fields Input, #fields Select, #fields TextArea")), None)
            if first is not None:
                first.focus()

    def action_cancel(self) -> None:
        if not self.busy:
            if self.query("#fields"):  # closed before it was built: what was kept stays
                self.kept = self.raw_values()
            super().action_cancel()

    @on(Button.Pressed, "#submit")
    def _submit_pressed(self) -> None:
        self.action_submit()

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        if self.busy:
            return
        result, errors = self.collect()
        if result is None:
            self.show_errors(errors)
            return
        self.show_errors({})
        self._run_submit(result)

    @work(group="schema-form-submit", exclusive=True, exit_on_error=False)
    @guarded
    async def _run_submit(self, result: FormResult) -> None:
        from linode_tui.api.errors import LinodeError

        self.busy = True
        self.kept = self.raw_values()
        button = self.query_one("#submit", Button)
        button.disabled = True
        try:
            answer = await self.submit_cb(result)
        except LinodeError as exc:
            fields = dict(getattr(exc, "field_errors", {}) or {})
            general = fields.pop("", None)
            self.show_errors(fields, [general] if general else ([] if fields else [str(exc)]))
            return
        except Exception as exc:  # the form is never lost on an unexpected failure
            self.show_errors({}, [f"Unexpected error: {type(exc).__name__}: {exc}"])
            return
        finally:
            self.busy = False
            button.disabled = False
        if answer is not KEEP_OPEN:
            self.dismiss(answer if answer is not None else result)


MANUAL = "\x00manual"


class PickerDialog(Dialog[Any]):
    """Pick a value for a path parameter from a live list (type to narrow it), or type one."""

    DEFAULT_CSS = (
        "PickerDialog { align: center middle; }"
        + DIALOG_CSS
        + """
    PickerDialog .dialog { width: 90; }
    PickerDialog OptionList { height: auto; max-height: 50vh; }
    """
    )

    def __init__(self, title: str, rows: Sequence[tuple[Any, str | Text]], *, note: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.rows = list(rows)
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield from self.heading(self.title_text, note=self.note)
            yield Input(placeholder="type to narrow the list", id="narrow", compact=True)
            yield OptionList(id="picks")
            yield Static(Text("enter: pick   ↓: the list   esc: cancel"), classes="field-help")

    @while_present
    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#narrow", Input).focus()

    def _fill(self, text: str) -> None:
        ol = self.query_one("#picks", OptionList)
        ol.clear_options()
        needle = text.lower().strip()
        options = [Option(Text("✎ Type a value…", "italic"), id="m")]
        for i, (value, label) in enumerate(self.rows):
            plain = label.plain if isinstance(label, Text) else label
            if needle and needle not in plain.lower() and needle not in str(value).lower():
                continue
            options.append(Option(label if isinstance(label, Text) else Text(label), id=f"r{i}"))
        ol.add_options(options)
        ol.highlighted = 1 if len(options) > 1 else 0

    @on(Input.Changed, "#narrow")
    def _narrow(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value)

    @on(Input.Submitted, "#narrow")
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        ol = self.query_one("#picks", OptionList)
        if ol.highlighted is not None:
            self._pick(ol.get_option_at_index(ol.highlighted).id)

    def on_key(self, event: Any) -> None:
        if event.key in ("down", "up") and isinstance(self.focused, Input):
            ol = self.query_one("#picks", OptionList)
            ol.focus()
            ol.action_cursor_down() if event.key == "down" else ol.action_cursor_up()
            event.stop()

    @on(OptionList.OptionSelected, "#picks")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option.id)

    def _pick(self, option_id: str | None) -> None:
        if option_id == "m":
            self.dismiss(MANUAL)
        elif option_id and option_id.startswith("r"):
            self.dismiss(self.rows[int(option_id[1:])][0])


__all__ = [
    "MANUAL",
    "FormResult",
    "Node",
    "PickerDialog",
    "SchemaFormDialog",
    "build_tree",
    "form_fields",
    "template_for",
]
