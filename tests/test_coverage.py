"""Coverage of the API by the UI, measured from the spec data and the code, and guarded at 100 %.

An operation is reachable when a curated area reaches it (its list, detail or tab GET, an
action's method and path, a form's choice list) or when the operation explorer lists it and can
fill every path parameter (picked from a live list, or — for the few that no list names — typed).
The counts are printed (``pytest -s``)."""

from __future__ import annotations

from linode_tui.core.registry import AREAS
from linode_tui.specdata import Operation, load_spec
from linode_tui.ui.views.explorer import (
    LISTED_ELSEWHERE,
    TYPED_PARAMS,
    explorer_operations,
    norm,
    path_params,
    plan,
)


def curated_keys() -> set[tuple[str, str]]:
    """(method, path with every parameter as {}) of everything the curated areas send."""
    keys: set[tuple[str, str]] = set()
    for area in AREAS:
        if area.path:
            keys.add(("GET", norm(area.path)))
            if area.paginated:
                keys.add(("GET", norm(area.detail_template())))
        for tab in area.tabs:
            keys.add(("GET", norm(tab.path)))
        for action in area.actions:
            keys.add((action.method, norm(action.path)))
            for f in action.form:
                if f.choices is not None:
                    keys.add(("GET", norm(f.choices.path)))
    return keys


def curated_reach(op: Operation, keys: set[tuple[str, str]]) -> bool:
    paths = {norm(op.path)} | ({norm(op.alt_path)} if op.alt_path else set())
    return any((op.method, p) in keys for p in paths)


def explorer_reach(op: Operation, listed: set[str]) -> bool:
    """Listed, and every path parameter has a way in: a live list that the spec has, or typing
    for a parameter no list names."""
    if op.operation_id not in listed:
        return False
    sources = plan(op)
    if [s.name for s in sources] != path_params(op.path):
        return False
    for s in sources:
        if s.list_op is None and s.name not in TYPED_PARAMS:
            return False
        if s.list_op is not None and s.list_op.method != "GET":
            return False
    return True


def test_every_operation_of_the_union_is_reachable() -> None:
    spec = load_spec()
    ops = spec.all_operations()
    keys = curated_keys()
    listed = {o.operation_id for o in explorer_operations()}
    curated = [o for o in ops if curated_reach(o, keys)]
    explorer = [o for o in ops if explorer_reach(o, listed)]
    reachable = {o.operation_id for o in curated} | {o.operation_id for o in explorer}
    picked = sum(1 for o in ops for s in plan(o) if s.list_op is not None)
    params = sum(len(path_params(o.path)) for o in ops)
    gets = [o for o in ops if o.method == "GET"]
    print(
        f"\nAPI coverage: {len(ops)} operations in the union ({len(gets)} GET, {len(ops) - len(gets)} "
        f"mutations; {sum(o.is_new for o in ops)} new in 4.229.1, {sum(o.dropped for o in ops)} dropped)\n"
        f"  curated areas reach {len(curated)} ({sum(o.method == 'GET' for o in curated)} GET)\n"
        f"  the explorer reaches {len(explorer)}\n"
        f"  reachable: {len(reachable)} of {len(ops)} = {100 * len(reachable) / len(ops):.1f} %\n"
        f"  path parameters picked from live lists: {picked} of {params}"
    )
    missing = sorted(f"{o.method} {o.path}" for o in ops if o.operation_id not in reachable)
    assert not missing, f"{len(missing)} operations out of reach: {missing[:20]}"
    assert len(reachable) == len(ops)


def test_resource_parameters_are_picked_not_typed() -> None:
    """Every path parameter that names a resource is picked from a list GET of the spec; only the
    few that no list names are typed."""
    typed = sorted({s.name for o in load_spec().all_operations() for s in plan(o) if s.list_op is None})
    assert set(typed) <= TYPED_PARAMS, typed
    for name, (path, _key) in LISTED_ELSEWHERE.items():
        op = load_spec().find("GET", path)
        assert op is not None and op.method == "GET", (name, path)


def test_the_curated_measure_is_not_vacuous() -> None:
    """The curated count really reads the descriptors: the Linodes list, a Linode's boot and a
    volume's attach are reached by curated areas; an operation no area sends is not."""
    keys = curated_keys()
    spec = load_spec()
    for method, path in (
        ("GET", "/linode/instances"),
        ("POST", "/linode/instances/{linodeId}/boot"),
        ("POST", "/volumes/{volumeId}/attach"),
    ):
        op = spec.find(method, path)
        assert op is not None and curated_reach(op, keys), (method, path)
    rulesets = spec.find("POST", "/networking/firewalls/rulesets")
    assert rulesets is not None and not curated_reach(rulesets, keys)
    assert not explorer_reach(rulesets, set())  # not listed: not reached
