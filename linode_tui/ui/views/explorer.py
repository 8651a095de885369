"""The operation explorer (`:api`): every operation of the API, browsable by area and method,
fuzzy-searchable by summary, path and operationId, and runnable.

Running an operation: its path parameters are picked from live lists (the GET one level up the
path: a ``{linodeId}`` from ``/linode/instances``, a ``{configId}`` from that Linode's configs…;
typing a value stays possible), a request body gets a form generated from the schema
(:mod:`linode_tui.ui.dialogs.schema_form`), a GET shows its answer as a resource table (paged,
filterable with the query language where the API filters, exportable) or as a formatted object,
and a mutation goes through :meth:`ActionRunner.run_operation` — the one rule, confirmation and
refresh of curated actions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.fuzzy import Matcher
from textual.widgets import Input, Static

from linode_tui.core.descriptors import Action, Area, Col
from linode_tui.core.registry import AREAS
from linode_tui.specdata import FieldSpec, Operation, load_spec
from linode_tui.ui.guard import guarded, while_present
from linode_tui.ui.views.base import AreaView, make_column, scrub
from linode_tui.ui.views.listing import ResourceListView
from linode_tui.ui.widgets.vtable import ResourceTable

if TYPE_CHECKING:
    from linode_tui.ui.app import LinodeTUI

EXPLORER_AREA = Area(key="api", title="API operations", path="", columns=(), paginated=False, status_key=None)
METHODS = (None, "GET", "POST", "PUT", "DELETE")
#: Last path segments of POSTs that destroy or replace data: the id or label is typed to confirm.
DESTRUCTIVE = frozenset(
    {
        "rebuild",
        "resize",
        "restore",
        "detach",
        "reset",
        "migrate",
        "delete",
        "cancel",
        "unassign",
        "rescue",
        "password",
        "reset-password",
        "regenerate",
        "recycle",
        "expire",
        "revoke",
        "suspend",
        "upgrade-interfaces",
        "unshare",
        "reset-credentials",
    }
)
PAGING_PARAMS = frozenset({"page", "page_size"})
LABEL_KEYS = (
    "label",
    "username",
    "address",
    "name",
    "service_type",
    "description",
    "email",
    "summary",
    "domain",
)
DETAIL_KEYS = ("status", "region", "type", "role", "state", "engine")


def norm(path: str) -> str:
    """A path template with every parameter as ``{}`` (names differ between spec versions)."""
    return re.sub(r"\{[^}]*\}", "{}", path.split("?", 1)[0]).rstrip("/")


def path_params(template: str) -> list[str]:
    """Path parameter names in the order they appear."""
    return re.findall(r"\{(\w+)\}", template)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


@cache
def _get_ops_by_norm() -> dict[str, Operation]:
    return {norm(o.path): o for o in load_spec().all_operations() if o.method == "GET"}


@dataclass(frozen=True)
class ParamSource:
    """Where a path parameter's value comes from: the GET that lists the resources it names
    (``list_op``; None: typed), and the keys of a listed row that may hold the value."""

    name: str
    list_op: Operation | None
    keys: tuple[str, ...]
    kind: str  # "int" or "string"


#: Parameters whose resources are listed somewhere other than one level up the path (the rows
#: may hold them in a nested list: an LKE node is in its pool's ``nodes``).
LISTED_ELSEWHERE = {
    "nodeId": ("/lke/clusters/{clusterId}/pools", "nodes.id"),
    "label": ("/networking/vlans", "label"),
    "version": ("/networking/firewalls/{firewallId}/history", "rules.version"),
}
#: Parameters no list names (the picker offers to type them): a month of stats, an LKE tier.
TYPED_PARAMS = frozenset({"year", "month", "tier"})


def param_source(op: Operation, name: str) -> ParamSource:
    """The live list a path parameter's value is picked from: the GET of the path up to the
    parameter (``/linode/instances/{linodeId}/configs/{configId}`` → ``configId`` from
    ``GET /linode/instances/{linodeId}/configs``)."""
    kind = op.path_params.get(name, "string")
    segs = op.path.split("/")
    idx = segs.index("{" + name + "}")
    prefix = "/".join(segs[:idx])
    list_op = _get_ops_by_norm().get(norm(prefix))
    if list_op is None and name in LISTED_ELSEWHERE:
        where, key = LISTED_ELSEWHERE[name]
        list_op = _get_ops_by_norm().get(norm(where))
        if list_op is not None:
            return ParamSource(name, list_op, (key,), kind)
    snake = _snake(name)
    keys: list[str] = []
    if kind == "int" or snake.endswith("_id") or name == "id":
        keys.append("id")
    keys += [snake, snake.removesuffix("_id"), snake.split("_")[-1], "id", "label", "slug", "name"]
    if name == "bucket":
        keys.insert(0, "label")
    return ParamSource(name, list_op, tuple(dict.fromkeys(keys)), kind)


def plan(op: Operation) -> list[ParamSource]:
    """How the explorer fills every path parameter of an operation (the coverage test uses it)."""
    return [param_source(op, n) for n in path_params(op.path)]


def explorer_operations() -> list[Operation]:
    """Every operation the explorer lists (all of the union, dropped ones marked)."""
    return load_spec().all_operations()


def curated_area_for(template: str) -> tuple[Area | None, str | None]:
    """The curated area owning a path (the longest area path that prefixes it) and the path
    parameter that names its item there (``/linode/instances/{linodeId}/…`` → linodes,
    ``linodeId``)."""
    best: Area | None = None
    for a in AREAS:
        if not a.path:
            continue
        p = norm(a.path)
        n = norm(template)
        if (n == p or n.startswith(p + "/")) and (best is None or len(p) > len(norm(best.path))):
            best = a
    if best is None:
        return None, None
    rest = template[len(best.path) :] if template.startswith(best.path) else ""
    m = re.match(r"^/\{(\w+)\}", rest)
    return best, (m.group(1) if m else None)


def danger_for(op: Operation) -> str:
    """ "type" for deletes and destructive operations (as the curated action says where one exists),
    otherwise "confirm"."""
    n = norm(op.path)
    for a in AREAS:
        for act in a.actions:
            if act.method == op.method and norm(act.path) == n:
                return "type" if act.danger == "type" or op.method == "DELETE" else "confirm"
    if op.method == "DELETE":
        return "type"
    last = [s for s in op.path.split("/") if s and not s.startswith("{")][-1:]
    return "type" if last and last[0] in DESTRUCTIVE else "confirm"


def response_top(op: Operation) -> frozenset[str]:
    """Top-level field names of an operation's answer."""
    return frozenset(n.split(".")[0] for n, _ in op.response_attrs)


def beta_allowed(op: Operation) -> bool:
    return op.servers is None or "v4beta" in op.servers


@dataclass
class OperationCall:
    """One operation about to be sent: its concrete path, picked parameters and body."""

    op: Operation
    params: dict[str, Any]
    labels: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    beta: bool = False

    @property
    def path(self) -> str:
        out = self.op.path
        for k, v in self.params.items():
            out = out.replace("{" + k + "}", str(v))
        return out

    @property
    def sent_path(self) -> str:
        return ("/v4beta" if self.beta else "") + self.path

    @property
    def target_label(self) -> str:
        """What the user types to confirm: the label of the resource the last parameter names."""
        names = path_params(self.op.path)
        if not names:
            return self.op.path.strip("/").split("/")[-1]
        last = names[-1]
        return str(self.labels.get(last) or self.params.get(last))

    @property
    def note(self) -> str:
        notes = []
        if self.beta:
            notes.append("Sent to /v4beta.")
        if self.op.dropped:
            notes.append("The newest API inventory no longer lists this operation.")
        return " ".join(notes)

    def body_text(self) -> str:
        if self.body is None or self.op.method == "DELETE":
            return ""
        return "\n\n" + json.dumps(scrub(self.body), indent=2, default=str)

    def as_action(self) -> tuple[Action, Area | None, list[dict[str, Any]]]:
        """The operation as the curated rule sees it: an action of the area owning its path, on
        the item its path names (or on the collection)."""
        area, item_param = curated_area_for(self.op.path)
        item_id = self.params.get(item_param) if item_param else None
        method: Any = self.op.method
        action = Action(
            key=self.op.operation_id,
            label=self.op.summary,
            method=method,
            path=self.op.path,
            scope=self.op.scopes[0] if self.op.scopes else "",
            danger=danger_for(self.op),  # type: ignore[arg-type]
            on_collection=item_id is None,
        )
        items: list[dict[str, Any]] = []
        if area is not None and item_id is not None:
            items = [{area.id_key: item_id, area.label_key: self.labels.get(item_param or "", item_id)}]
        return action, area, items


def rows_of(data: Any) -> list[dict[str, Any]]:
    """The rows of a list answer: ``data`` of a page, or the one list of objects an object holds
    (``{"interfaces": [...]}``)."""
    if isinstance(data, list):
        return [r for r in data if isinstance(r, dict)]
    if not isinstance(data, dict):
        return []
    if isinstance(data.get("data"), list):
        return [r for r in data["data"] if isinstance(r, dict)]
    rest = [k for k in data if k not in ("page", "pages", "results")]
    if len(rest) == 1 and isinstance(data[rest[0]], list):
        return [r for r in data[rest[0]] if isinstance(r, dict)]
    return []


def values_at(rows: list[dict[str, Any]], dotted: str) -> list[tuple[Any, dict[str, Any]]]:
    """(value, row holding it) for a dotted key: a nested object is walked into, a nested list
    of objects flattened (``nodes.id`` of LKE pools: every node's id)."""
    head, _, rest = dotted.partition(".")
    out: list[tuple[Any, dict[str, Any]]] = []
    for r in rows:
        v = r.get(head)
        if not rest:
            if v is not None and not isinstance(v, dict | list):
                out.append((v, r))
        elif isinstance(v, dict):
            out += [(x, r) for x, _ in values_at([v], rest)]
        elif isinstance(v, list):
            out += values_at([x for x in v if isinstance(x, dict)], rest)
    return out


def describe_row(row: dict[str, Any], value: Any) -> Text:
    t = Text()
    main = next((str(row[k]) for k in LABEL_KEYS if row.get(k) not in (None, "")), "")
    t.append(main or str(value), "bold")
    if main and str(value) != main:
        t.append(f"  ({value})", "muted")
    extra = [str(row[k]) for k in DETAIL_KEYS if isinstance(row.get(k), str | int) and row.get(k) != ""]
    if extra:
        t.append("  " + " · ".join(extra), "muted")
    return t


def columns_for(op: Operation, rows: list[dict[str, Any]]) -> tuple[Col, ...]:
    """Table columns of a list answer: scalar top-level fields, the identifying ones first."""
    names: list[str] = []
    for n, _t in op.response_attrs:
        top = n.split(".")[0]
        if top not in names:
            names.append(top)
    sample = rows[0] if rows else {}
    for k in sample:
        if k not in names and k != "_key":
            names.append(k)
    if sample:
        names = [n for n in names if n in sample and not isinstance(sample[n], dict)]
    first = [n for n in ("id", *LABEL_KEYS, *DETAIL_KEYS) if n in names]
    ordered = first + [n for n in names if n not in first]
    types = {n: t for n, t in op.response_attrs}
    cols = []
    for n in ordered[:8]:
        fmt: Any = "text"
        if n == "status":
            fmt = "status"
        elif n == "tags":
            fmt = "tags"
        elif isinstance(sample.get(n), list) and any(isinstance(x, dict) for x in sample[n]):
            fmt = "count"  # a list of objects: how many (enter shows them)
        elif types.get(n) == "array" or isinstance(sample.get(n), list):
            fmt = "list"
        elif types.get(n) == "boolean" or isinstance(sample.get(n), bool):
            fmt = "bool"
        elif n in ("created", "updated"):
            fmt = "date"
        cols.append(Col(n, n.replace("_", " ").capitalize(), fmt))
    return tuple(cols) or (Col("id", "ID"),)


def format_object(obj: Any, indent: int = 0) -> Text:
    """An API object as aligned, indented fields (nested objects indented, lists of scalars joined,
    lists of objects numbered) — never markup, secrets hidden."""
    obj = scrub(obj)
    out = Text()
    pad = "  " * indent
    if isinstance(obj, dict):
        width = min(max((len(str(k)) for k in obj), default=4) + 2, 28)
        for k, v in obj.items():
            if k == "_key":
                continue
            if isinstance(v, dict) and v:
                out.append(f"{pad}{k}\n", "bold")
                out.append_text(format_object(v, indent + 1))
            elif isinstance(v, list) and v and any(isinstance(x, dict | list) for x in v):
                out.append(f"{pad}{k}", "bold")
                out.append(f"  ({len(v)})\n", "muted")
                for i, x in enumerate(v):
                    out.append(f"{pad}  [{i}]\n", "muted")
                    out.append_text(format_object(x, indent + 2))
            else:
                out.append(f"{pad}{k!s:<{width}}", "bold")
                out.append_text(_scalar(v))
                out.append("\n")
    elif isinstance(obj, list):
        for i, x in enumerate(obj):
            out.append(f"{pad}[{i}]\n", "muted")
            out.append_text(format_object(x, indent + 1))
    else:
        out.append(pad)
        out.append_text(_scalar(obj))
        out.append("\n")
    return out


def _scalar(v: Any) -> Text:
    if v is None:
        return Text("—", "muted")
    if isinstance(v, bool):
        return Text("yes" if v else "no")
    if isinstance(v, list):
        return Text(", ".join(str(x) for x in v) if v else "(none)", "" if v else "muted")
    if isinstance(v, dict):
        return Text("{}", "muted")
    return Text(str(v))


# ------------------------------------------------------------------------------------------------
# The explorer view
# ------------------------------------------------------------------------------------------------


@dataclass
class Scope:
    """What the explorer is narrowed to: a path prefix (segments, ``None`` for a parameter) from
    an area or a resource, with the parameter values the resource fixes."""

    title: str
    segments: tuple[str | None, ...]
    values: tuple[Any, ...] = ()  # by parameter position within ``segments``
    labels: tuple[str, ...] = ()

    def matches(self, op: Operation) -> bool:
        segs = [None if s.startswith("{") else s for s in op.path.strip("/").split("/")]
        if len(segs) < len(self.segments):
            return False
        return all(a == b for a, b in zip(self.segments, segs, strict=False))

    def presets(self, op: Operation) -> tuple[dict[str, Any], dict[str, str]]:
        """The parameter values (and labels) the scope fixes for an operation it matches."""
        names = path_params(op.path)[: sum(1 for s in self.segments if s is None)]
        vals = dict(zip(names, self.values, strict=False))
        labels = {n: lbl for n, lbl in zip(names, self.labels, strict=False) if lbl}
        return vals, labels


def scope_for(area: Area, item: dict[str, Any] | None = None) -> Scope | None:
    """The explorer scope of a curated area, or of one of its resources."""
    template = area.detail_template() if item is not None else area.path
    if not template:
        return None
    parts = template.strip("/").split("/")
    segments: list[str | None] = []
    values: list[Any] = []
    for p in parts:
        if p.startswith("{"):
            segments.append(None)
            token = p[1:-1]
            values.append(item.get(area.id_key if token == "id" else token) if item else None)
        else:
            segments.append(p)
    if item is not None:
        label = area.label_of(item)
        return Scope(
            f"{area.title} › {label}",
            tuple(segments),
            tuple(values),
            tuple([""] * (len(values) - 1) + [label]),
        )
    return Scope(area.title, tuple(segments))


class ExplorerView(AreaView):
    """Every operation of the API; enter runs the highlighted one."""

    DEFAULT_CSS = """
    ExplorerView { height: 1fr; }
    ExplorerView > .view-title { height: 1; background: $boost; padding: 0 1; }
    ExplorerView > #search { height: 1; border: none; padding: 0 1; }
    ExplorerView > ResourceTable { height: 1fr; min-height: 5; }
    ExplorerView > #op-detail {
        height: 40%; min-height: 4; border-top: solid $primary-darken-2; padding: 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", priority=True, id="api.search"),
        Binding("m", "method", "Method", id="explorer.method"),
        Binding("A", "pick_area", "Area", id="explorer.pick_area"),
        Binding("b", "beta", "v4/v4beta", id="explorer.beta"),
        Binding("c", "clear", "Clear", show=False, id="explorer.clear"),
        Binding("escape", "leave_search", "Back", show=False, id="explorer.leave_search"),
    ]

    def __init__(
        self,
        *,
        query: str = "",
        scope: Scope | None = None,
        area_filter: str | None = None,
        method: str | None = None,
    ) -> None:
        super().__init__(classes="area-view")
        self.area = EXPLORER_AREA
        self.scope = scope
        self.area_filter = area_filter
        self.method = method
        self.beta = False
        self.initial_query = query
        self.ops: dict[str, Operation] = {}
        self.shown: list[Operation] = []
        self.memory: dict[str, dict[str, Any]] = {}  # typed form values per operation

    def view_title(self) -> str:
        return "API operations" + (f" › {self.scope.title}" if self.scope else "")

    def compose(self) -> ComposeResult:
        yield Static("", classes="view-title", id="title")
        yield Input(
            value=self.initial_query,
            placeholder="/ search summary, path or operationId",
            id="search",
            compact=True,
        )
        yield ResourceTable(id="ops")
        with VerticalScroll(id="op-detail"):
            yield Static("", id="detail")

    @while_present
    def on_mount(self) -> None:
        table = self.query_one("#ops", ResourceTable)
        table.set_columns(
            [
                make_column(Col("method", "Method", width=6)),
                make_column(Col("path", "Path", width=54 if self.app.size.width >= 110 else 36)),
                make_column(Col("summary", "Summary")),
                make_column(Col("flags", "", width=9)),
            ]
        )
        table.empty_message = "No operation matches."
        self.ops = {o.operation_id: o for o in explorer_operations()}
        self.refilter()
        table.focus()

    # -- listing ----------------------------------------------------------------------------
    def candidates(self) -> list[Operation]:
        out = []
        for o in self.ops.values():
            if self.method and o.method != self.method:
                continue
            if self.area_filter and o.area != self.area_filter:
                continue
            if self.scope and not self.scope.matches(o):
                continue
            out.append(o)
        return out

    def refilter(self) -> None:
        text = self.query_one("#search", Input).value.strip()
        ops = self.candidates()
        if text:
            # Every word must match (fuzzily) the summary, the path or the operationId.
            matchers = [Matcher(w) for w in text.split()]
            scored = []
            for o in ops:
                hay = (o.summary, o.path, o.operation_id, o.method)
                total = 0.0
                for m in matchers:
                    best = max(m.match(h) for h in hay)
                    if best > 0 and any(m.query.lower() in h.lower() for h in hay):
                        best += 1.0  # the word itself, not only its letters in order
                    if best <= 0:
                        break
                    total += best
                else:
                    scored.append((total, o))
            scored.sort(key=lambda s: -s[0])
            ops = [o for _, o in scored]
        self.shown = ops
        rows = []
        for o in ops:
            flags = []
            if o.is_new:
                flags.append("new")
            if o.v4beta_only:
                flags.append("v4beta")
            if o.dropped:
                flags.append("dropped")
            rows.append(
                {
                    "_key": o.operation_id,
                    "method": o.method,
                    "path": o.path,
                    "summary": o.summary,
                    "flags": " ".join(flags),
                }
            )
        table = self.query_one("#ops", ResourceTable)
        table.set_rows(rows, key="_key")
        self._title()
        self.show_detail()

    def _title(self) -> None:
        t = Text("API operations", style="bold")
        t.append(f"  {len(self.shown)} of {len(self.ops)}")
        if self.scope:
            t.append("  for ", "muted")
            t.append(self.scope.title)
        if self.area_filter:
            t.append("  area: ", "muted")
            t.append(self.area_filter)
        if self.method:
            t.append("  method: ", "muted")
            t.append(self.method)
        t.append("  sends to ", "muted")
        t.append("/v4beta" if self.beta else "/v4", "warning" if self.beta else "")
        self.query_one("#title", Static).update(t)

    def selected_op(self) -> Operation | None:
        key = self.query_one("#ops", ResourceTable).cursor_row_key
        return self.ops.get(str(key)) if key is not None else None

    @on(ResourceTable.RowHighlighted, "#ops")
    def _highlighted(self, event: ResourceTable.RowHighlighted) -> None:
        event.stop()
        self.show_detail()

    def show_detail(self) -> None:
        op = self.selected_op()
        self.query_one("#detail", Static).update(describe_operation(op) if op else Text(""))

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        event.stop()
        self.refilter()

    @on(Input.Submitted, "#search")
    def _search_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#ops", ResourceTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search":
            return not self.tui.typing_text()
        return super().check_action(action, parameters)

    def action_search(self) -> None:
        self.screen.set_focus(self.query_one("#search", Input))

    def action_leave_search(self) -> None:
        search = self.query_one("#search", Input)
        if self.screen.focused is search:
            self.query_one("#ops", ResourceTable).focus()
        else:
            self.tui.action_go_back()

    def action_method(self) -> None:
        self.method = METHODS[(METHODS.index(self.method) + 1) % len(METHODS)]
        self.refilter()

    def action_beta(self) -> None:
        self.beta = not self.beta
        self._title()
        self.tui.notify(
            "Operations marked β are sent to /v4beta" if self.beta else "Operations are sent to /v4"
        )

    def action_clear(self) -> None:
        self.method = None
        self.area_filter = None
        self.scope = None
        self.query_one("#search", Input).value = ""
        self.refilter()

    def action_pick_area(self) -> None:
        from linode_tui.ui.dialogs import MenuDialog

        counts: dict[str, int] = {}
        for o in self.ops.values():
            counts[o.area] = counts.get(o.area, 0) + 1
        options: list[tuple[str, str | Text, bool]] = [("*", "All areas", True)]
        options += [(a, f"{a}  ({n})", True) for a, n in sorted(counts.items())]

        def picked(key: str | None) -> None:
            if key is None:
                return
            self.area_filter = None if key == "*" else key
            self.scope = None
            self.refilter()

        self.app.push_screen(MenuDialog("Operations of an area", options), picked)

    # -- running ----------------------------------------------------------------------------
    @on(ResourceTable.RowSelected, "#ops")
    def _run_selected(self, event: ResourceTable.RowSelected) -> None:
        event.stop()
        op = self.ops.get(str(event.key))
        if op is not None:
            self.run_op(op)

    def run_op(self, op: Operation) -> None:
        # a callable, not a coroutine: a run that a newer one replaces before it starts is never made
        async def run() -> None:
            await self._run(op)

        self.run_worker(run, group="explorer-run", exclusive=True, exit_on_error=False)  # type: ignore[arg-type]

    async def _run(self, op: Operation) -> None:
        from linode_tui.api.errors import LinodeError

        try:
            await run_operation_flow(
                self.tui, op, scope=self.scope, beta=self.beta and beta_allowed(op), memory=self.memory
            )
        except LinodeError as exc:
            self.tui.notify(f"{op.method} {op.path}: {exc}", severity="error", timeout=8)
            self.tui.report_problem(f"{op.method} {op.path}: {exc}")
        except Exception as exc:  # an unexpected error is reported, never fatal
            self.tui.report_problem(f"{op.method} {op.path}: {type(exc).__name__}: {exc}")


def describe_operation(op: Operation) -> Text:
    """What the detail pane says about an operation: parameters, fields, scopes."""
    t = Text()
    t.append(f"{op.method} ", "bold")
    t.append(op.path, "bold")
    t.append(f"   {op.operation_id}", "muted")
    t.append("\n")
    t.append(op.summary + "\n")
    flags = []
    if op.is_new:
        flags.append("new in 4.229.1")
    if op.dropped:
        flags.append("not in the newest inventory")
    flags.append(
        "served by "
        + ("/v4 or /v4beta (not stated)" if op.servers is None else " and ".join("/" + s for s in op.servers))
    )
    if op.deprecated:
        flags.append("deprecated")
    t.append("; ".join(flags) + "\n", "muted")
    scopes = ", ".join(op.scopes) or "none"
    t.append("Scope  ", "bold")
    t.append(scopes)
    if op.scopes_derived:
        t.append(f"  (derived from {op.scopes_derived})", "muted")
    t.append("   Confirm  ", "bold")
    t.append(
        "type the id/label"
        if op.method != "GET" and danger_for(op) == "type"
        else ("none (read)" if op.method == "GET" else "plain confirmation")
    )
    t.append("\n")
    for src in plan(op):
        t.append("Path   ", "bold")
        t.append(f"{{{src.name}}} {src.kind}")
        t.append("  picked from GET " + src.list_op.path if src.list_op else "  typed", "muted")
        t.append("\n")
    q = [f"{k} {v}" for k, v in op.query_params.items()]
    if q:
        t.append("Query  ", "bold")
        t.append(", ".join(q) + "\n")
    if op.filterable:
        t.append("Filter ", "bold")
        t.append(", ".join(op.filterable) + "\n")
    if op.request_schema:
        from linode_tui.ui.dialogs.schema_form import form_fields

        fields, unknown = form_fields(op.request_schema, op.method, op.path, response_top(op))
        t.append("Body\n", "bold")
        for f in fields:
            t.append("  " + f.name)
            t.append(f"  {f.type}" + (f"[{f.item_type}]" if f.item_type else ""), "muted")
            if f.required:
                t.append("  required", "warning")
            if f.enum:
                t.append("  " + " | ".join(map(str, f.enum)), "muted")
            t.append("\n")
        if unknown:
            t.append("  position not known: " + ", ".join(unknown) + "\n", "muted")
    if op.response_attrs:
        t.append("Returns ", "bold")
        tops = list(dict.fromkeys(n.split(".")[0] for n, _ in op.response_attrs))
        t.append(", ".join(tops) + "\n", "muted")
    return t


async def pick_param(
    app: LinodeTUI, op: Operation, src: ParamSource, params: dict[str, Any]
) -> tuple[Any, str] | None:
    """A path parameter's value from a live list (or typed); None when the user cancelled."""
    from linode_tui.api.errors import LinodeError
    from linode_tui.ui.dialogs import PromptDialog
    from linode_tui.ui.dialogs.schema_form import MANUAL, PickerDialog

    services = app.services
    assert services is not None
    rows: list[tuple[Any, Text]] = []
    labels: dict[str, str] = {}
    note = ""
    if src.list_op is not None:
        # The list's parameters are the operation's first ones (by position: names may differ).
        path = src.list_op.path
        known = [params[n] for n in path_params(op.path) if n in params]
        for name, v in zip(path_params(path), known, strict=False):
            path = path.replace("{" + name + "}", str(v), 1)
        try:
            data = await services.client.get(path)
            items = rows_of(data)
            if isinstance(data, dict) and int(data.get("pages") or 1) > 1:
                items = await services.client.list_all(path)
        except LinodeError as exc:
            items = []
            note = f"Could not list them: {exc}"
        pairs: list[tuple[Any, dict[str, Any]]] = []
        for k in src.keys:
            pairs = values_at(items, k)
            if pairs and len(pairs) >= min(len(items), 5):
                break
        else:
            pairs = []
        if pairs:
            for value, r in pairs:
                label = describe_row(r, value)
                rows.append((value, label))
                labels[str(value)] = next(
                    (str(r[k]) for k in LABEL_KEYS if r.get(k) not in (None, "")), str(value)
                )
        elif not note:
            note = f"GET {path} lists none." if not items else f"GET {path}: no field holds {src.name}."
    title = f"{op.method} {op.path}: {{{src.name}}}"
    if rows or src.list_op is not None:
        picked = await app.push_screen_wait(PickerDialog(title, rows, note=note))
        if picked is None:
            return None
        if picked != MANUAL:
            return picked, labels.get(str(picked), str(picked))

    def check(value: str) -> str | None:
        if not value.strip():
            return f"Give a value for {src.name}"
        if src.kind == "int" and not value.strip().isdigit():
            return f"{src.name} is a whole number"
        if "/" in value:
            return "No / in a path parameter"
        return None

    typed = await app.push_screen_wait(PromptDialog(title, f"{src.name} ({src.kind}):", validate=check))
    if typed is None:
        return None
    got: Any = int(typed.strip()) if src.kind == "int" else typed.strip()
    return got, str(got)


async def run_operation_flow(
    app: LinodeTUI,
    op: Operation,
    *,
    scope: Scope | None = None,
    beta: bool = False,
    memory: dict[str, dict[str, Any]] | None = None,
    params: dict[str, Any] | None = None,
) -> Any:
    """Pick the parameters, ask for the body or query, then read (and show) or send (through the
    runner) one operation. Returns the answer, or None when nothing was sent."""
    from linode_tui.ui.dialogs import KEEP_OPEN
    from linode_tui.ui.dialogs.schema_form import FormResult, SchemaFormDialog, form_fields

    services = app.services
    assert services is not None
    memory = memory if memory is not None else {}
    call = OperationCall(op, dict(params or {}), beta=beta)
    if scope is not None and scope.matches(op):
        vals, labels = scope.presets(op)
        for k, v in vals.items():
            if v is not None:
                call.params.setdefault(k, v)
        call.labels.update(labels)
    for src in plan(op):
        if src.name in call.params:
            continue
        got = await pick_param(app, op, src, call.params)
        if got is None:
            return None
        call.params[src.name], call.labels[src.name] = got

    title = Text(f"{op.method} ", "bold")
    title.append(call.path)
    title.append(f"\n{op.summary}", "muted")
    if op.method == "GET":
        qfields = [
            FieldSpec(k, {"int": "integer"}.get(v, v), False)
            for k, v in op.query_params.items()
            if not (op.paginated and k in PAGING_PARAMS)
        ]
        filterable = op.filterable if op.is_list and op.paginated else []
        result = FormResult(None)
        if qfields or filterable:
            form = SchemaFormDialog(
                title,
                [],
                has_body=False,
                query_fields=qfields,
                filterable=filterable,
                initial=memory.get(op.operation_id),
                submit=_echo,
                submit_label="Read",
            )
            answer = await app.push_screen_wait(form)
            memory[op.operation_id] = getattr(form, "kept", {})
            if not isinstance(answer, FormResult):
                return None
            result = answer
        return await show_get(app, call, result)

    fields, unknown = form_fields(op.request_schema or (), op.method, op.path, response_top(op))
    if op.method == "DELETE" or (op.request_schema is None and op.method == "POST" and not fields):
        answer = await app.runner.run_operation(call)
        if answer is KEEP_OPEN:
            return None
        _after_mutation(app, call, answer)
        return answer

    async def submit(result: FormResult) -> Any:
        call.body = result.body or {}
        return await app.runner.run_operation(call)

    form = SchemaFormDialog(
        title,
        fields,
        submit=submit,
        unknown=unknown,
        initial=memory.get(op.operation_id) or await current_values(app, call, fields),
        submit_label=op.method.title(),
        note=call.note,
    )
    answer = await app.push_screen_wait(form)
    if answer is None:  # cancelled: what was typed is kept for next time
        memory[op.operation_id] = getattr(form, "kept", {})
        return None
    memory.pop(op.operation_id, None)
    _after_mutation(app, call, answer)
    return answer


async def current_values(app: LinodeTUI, call: OperationCall, fields: list[FieldSpec]) -> dict[str, Any]:
    """For a PUT: the form starts from the resource as the API has it now (the GET of the same
    path), field by field, and the JSON editor from its known top-level fields."""
    from linode_tui.api.errors import LinodeError
    from linode_tui.core.descriptors import get_path
    from linode_tui.ui.dialogs.schema_form import SERVER_SET, Node, build_tree, is_secret

    if call.op.method != "PUT" or _get_ops_by_norm().get(norm(call.op.path)) is None:
        return {}
    services = app.services
    assert services is not None
    try:
        current = await services.client.get(call.sent_path, force=True)
    except LinodeError:
        return {}
    if not isinstance(current, dict):
        return {}
    out: dict[str, Any] = {}

    def walk(nodes: list[Node]) -> None:
        for n in nodes:
            if n.kind == "group":
                walk(n.children)
                continue
            value = get_path(current, n.spec.name)
            if value is None or is_secret(n.spec.name):  # a secret is never echoed back
                continue
            if n.kind == "json":
                out[n.spec.name] = json.dumps(value, indent=1)
            elif n.kind == "list" and isinstance(value, list):
                out[n.spec.name] = ", ".join(map(str, value))
            elif n.kind in ("bool", "enum"):
                out[n.spec.name] = value
            elif not isinstance(value, dict | list):
                out[n.spec.name] = str(value)

    walk(build_tree(fields))
    tops = {f.name.split(".")[0] for f in fields} - SERVER_SET
    body = {k: v for k, v in current.items() if k in tops and not is_secret(k)}
    out["__json__"] = json.dumps(body, indent=2)
    return out


async def _echo(result: Any) -> Any:
    return result


def _after_mutation(app: LinodeTUI, call: OperationCall, answer: Any) -> None:
    """Explorer result lists that show what changed re-read it; the answer is shown."""
    for view in app.views():
        if isinstance(view, OperationListView) and call.path.startswith(view.area.path):
            view.load(force=True)
        elif (
            isinstance(view, ObjectResultView)
            and view.path
            and view.path.startswith(call.path.rsplit("/", 1)[0])
        ):
            view.reload()
    if isinstance(answer, dict) and answer:
        app.push_view(ObjectResultView(f"{call.op.method} {call.path}", answer, op=call.op, path=None))


async def show_get(app: LinodeTUI, call: OperationCall, form: Any) -> Any:
    """Show a GET's answer: a paged list as a resource table, anything else as an object view."""
    op = call.op
    services = app.services
    assert services is not None
    path = call.sent_path
    if op.is_list and op.paginated and not form.params:
        page = await services.client.get_page(path, page_size=500, filter=form.xfilter)
        rows = [r for r in page.data if isinstance(r, dict)]
        view = OperationListView.for_op(call, rows, xfilter=form.xfilter, query_text=form.query_text)
        app.push_view(view)
        return page
    data = await services.client.get(path, params=form.params or None, filter=form.xfilter, force=True)
    app.push_view(ObjectResultView(f"GET {call.path}", data, op=op, path=path, params=form.params or None))
    return data


def item_op_for(op: Operation) -> Operation | None:
    """The GET of one item of a list operation (``/volumes`` → ``/volumes/{volumeId}``)."""
    return _get_ops_by_norm().get(norm(op.path) + "/{}")


def item_path_for(op: Operation, row: dict[str, Any], params: dict[str, Any], id_key: str) -> str | None:
    """The concrete path of the GET of one listed row: one level below the list
    (``/volumes`` → ``/volumes/{id}``), or elsewhere with the same last segment and parameters the
    row holds (``/monitor/alert-definitions`` → ``/monitor/services/{serviceType}/alert-definitions/
    {alertId}`` from the row's ``service_type``)."""
    last = op.path.rstrip("/").split("/")[-1]
    candidates = [item_op_for(op)] + [
        o
        for o in _get_ops_by_norm().values()
        if o.path.split("/")[-2:-1] == [last] and o.path.split("/")[-1].startswith("{")
    ]
    for o in candidates:
        if o is None:
            continue
        names = path_params(o.path)
        path = o.path
        for n in names[:-1]:
            value = params.get(n, row.get(_snake(n)))
            if value is None:
                break
            path = path.replace("{" + n + "}", str(value))
        else:
            if row.get(id_key) is None:
                continue
            return path.replace("{" + names[-1] + "}", str(row[id_key]))
    return None


class OperationListView(ResourceListView):
    """A list GET's answer in the same table as the curated lists (paged, `/` filter, `x` export,
    `v` JSON); enter shows an item (re-read when the API has a GET for one)."""

    op: Operation
    call: OperationCall

    @classmethod
    def for_op(cls, call: OperationCall, sample: list[dict[str, Any]], **kw: Any) -> OperationListView:
        op = call.op
        item_op = item_op_for(op)
        id_key = "id"
        if item_op is not None:
            src = param_source(item_op, path_params(item_op.path)[-1])
            id_key = next((k for k in src.keys if sample and all(k in r for r in sample[:5])), "id")
        elif sample and "id" not in sample[0]:
            id_key = next((k for k in LABEL_KEYS if k in sample[0]), next(iter(sample[0]), "id"))
        label_key = next((k for k in LABEL_KEYS if sample and k in sample[0]), id_key)
        area = Area(
            key=f"api:{op.operation_id}",
            title=f"GET {call.path}",
            path=call.sent_path,
            columns=columns_for(op, sample),
            id_key=id_key,
            label_key=label_key,
            detail_path=(call.sent_path + "/{" + id_key + "}") if item_op is not None else None,
            status_key="status" if sample and "status" in sample[0] else None,
        )
        view = cls(area, **kw)
        view.op = op
        view.call = call
        return view

    def view_title(self) -> str:
        return self.area.title

    @on(ResourceTable.RowSelected)
    def _open_row(self, event: ResourceTable.RowSelected) -> None:
        event.stop()
        event.prevent_default()  # not the curated detail view: this area is not curated
        item = self.rows.get(event.key)
        if item is None:
            return
        shown = {k: v for k, v in item.items() if k != "_key"}
        detail = item_path_for(self.op, item, self.call.params, self.area.id_key)
        if detail is not None and self.call.beta:
            detail = "/v4beta" + detail
        title = (
            f"GET {detail.removeprefix('/v4beta')}"
            if detail
            else f"{self.area.title} › {self.area.label_of(item)}"
        )
        view = ObjectResultView(title, shown, op=item_op_for(self.op), path=detail)
        self.tui.push_view(view)
        view.reload()

    def action_menu(self) -> None:
        """`a`: the operations on the highlighted item (the explorer, narrowed to it)."""
        item = self.selected_item()
        item_op = item_op_for(self.op)
        if item is None or item_op is None:
            self.tui.notify("No operations on single items here.")
            return
        segs = item_op.path.strip("/").split("/")
        values = [self.call.params.get(n) for n in path_params(item_op.path)[:-1]] + [
            item.get(self.area.id_key)
        ]
        scope = Scope(
            f"{self.area.title} › {self.area.label_of(item)}",
            tuple(None if s.startswith("{") else s for s in segs),
            tuple(values),
            tuple([""] * (len(values) - 1) + [self.area.label_of(item)]),
        )
        self.tui.push_view(ExplorerView(scope=scope))


class ObjectResultView(AreaView):
    """An API object (a GET's answer, a created resource) as formatted fields; a list of objects
    inside it (``{"interfaces": [...]}``) is shown as a table too."""

    DEFAULT_CSS = """
    ObjectResultView { height: 1fr; }
    ObjectResultView > .view-title { height: 1; background: $boost; padding: 0 1; }
    ObjectResultView > VerticalScroll { height: 1fr; padding: 0 1; }
    ObjectResultView > ResourceTable { height: 1fr; display: none; }
    ObjectResultView.-table > ResourceTable { display: block; }
    ObjectResultView.-table > VerticalScroll { height: auto; max-height: 40%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", "Refresh", id="explorer.refresh"),
        Binding("v", "json", "JSON", show=False, id="explorer.json"),
    ]

    def __init__(
        self,
        title: str,
        data: Any,
        *,
        op: Operation | None,
        path: str | None,
        params: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(classes="area-view")
        self.area = EXPLORER_AREA
        self.title_text = title
        self.data = data
        self.op = op
        self.path = path
        self.params = params

    def view_title(self) -> str:
        return self.title_text

    def compose(self) -> ComposeResult:
        yield Static("", classes="view-title", id="title")
        with VerticalScroll(id="object"):
            yield Static("", id="fields")
        yield ResourceTable(id="rows")

    @while_present
    def on_mount(self) -> None:
        self.render_data()
        self.query_one(VerticalScroll).focus()

    def render_data(self) -> None:
        self.query_one("#title", Static).update(Text(self.title_text, "bold"))
        rows = rows_of(self.data)
        table = self.query_one("#rows", ResourceTable)
        if rows or (isinstance(self.data, dict) and self._list_key() is not None):
            rest = (
                {k: v for k, v in self.data.items() if k != self._list_key()}
                if isinstance(self.data, dict)
                else {}
            )
            rest = {k: v for k, v in rest.items() if k not in ("page", "pages", "results")}
            cols = columns_for(self.op, rows) if self.op is not None else (Col("id", "ID"),)
            table.set_columns([make_column(c) for c in cols])
            keyed = [{**r, "_key": r.get("id", i)} for i, r in enumerate(rows)]
            table.set_rows(keyed, key="_key")
            table.empty_message = "None."
            self.add_class("-table")
            self.query_one("#fields", Static).update(
                format_object(rest) if rest else Text(f"{len(rows)} rows", "muted")
            )
            table.focus()
        else:
            self.remove_class("-table")
            self.query_one("#fields", Static).update(
                format_object(self.data)
                if self.data not in (None, {}, [])
                else Text("(empty answer)", "muted")
            )

    def _list_key(self) -> str | None:
        if not isinstance(self.data, dict):
            return None
        # A wrapper of one list ({"interfaces": [...]}, a page): the list is the content.
        rest = [k for k in self.data if k not in ("page", "pages", "results")]
        one = self.data[rest[0]] if len(rest) == 1 else None
        if isinstance(one, list) and all(isinstance(x, dict) for x in one):
            return str(rest[0])
        return None

    def action_refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        if self.path:
            self._reload()

    @work(group="object-reload", exclusive=True, exit_on_error=False)
    @guarded
    async def _reload(self) -> None:
        from linode_tui.api.errors import LinodeError

        services = self.tui.services
        if services is None or not self.path:
            return
        try:
            self.data = await services.client.get(self.path, params=self.params, force=True)
        except LinodeError as exc:
            self.tui.report_problem(f"{self.title_text}: {exc}")
            return
        self.render_data()

    def action_json(self) -> None:
        from linode_tui.ui.dialogs import TextDialog, json_text

        self.app.push_screen(TextDialog(self.title_text, json_text(scrub(self.data))))


def parse_query(words: str) -> dict[str, Any]:
    """``:api`` words: a curated area (``linodes``), a spec area (``monitor``), a method, or search
    text (the rest)."""
    from linode_tui.core.registry import area_for

    out: dict[str, Any] = {"scope": None, "area_filter": None, "method": None, "query": ""}
    rest: list[str] = []
    spec_areas = set(load_spec().areas())
    for w in words.split():
        low = w.lower()
        if low.upper() in ("GET", "POST", "PUT", "DELETE") and out["method"] is None:
            out["method"] = low.upper()
        elif out["scope"] is None and out["area_filter"] is None and area_for(low) is not None:
            area = area_for(low)
            assert area is not None
            out["scope"] = scope_for(area)
        elif out["scope"] is None and out["area_filter"] is None and low in spec_areas:
            out["area_filter"] = low
        else:
            rest.append(w)
    out["query"] = " ".join(rest)
    return out


def open_explorer(
    app: LinodeTUI, query: str = "", *, area: Area | None = None, item: dict[str, Any] | None = None
) -> None:
    """Open the explorer: ``:api [words]``, or narrowed to an area or one of its resources."""
    if area is not None:
        app.push_view(ExplorerView(scope=scope_for(area, item)))
        return
    parsed = parse_query(query)
    app.push_view(ExplorerView(**parsed))


__all__ = [
    "ExplorerView",
    "ObjectResultView",
    "OperationCall",
    "OperationListView",
    "curated_area_for",
    "danger_for",
    "explorer_operations",
    "open_explorer",
    "param_source",
    "plan",
]
