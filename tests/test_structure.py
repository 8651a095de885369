"""Guards of the structure: areas are modules with typed hooks, every descriptor names a real
operation of the API, and every command word works both through ``-c`` and the command line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from linode_tui.core.commands import COMMANDS, CommandError, command_words, parse
from linode_tui.core.descriptors import fill
from linode_tui.core.registry import AREAS, BY_KEY
from linode_tui.specdata import load_spec

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "linode_tui"
NAME_CHECK = re.compile(r"\b(area|action)\.key\s*[!=]=")


def test_no_area_or_action_name_checks_in_generic_code() -> None:
    offenders = [
        f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
        for p in sorted(PKG.rglob("*.py"))
        if "areas" not in p.relative_to(PKG).parts
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if NAME_CHECK.search(line)
    ]
    assert not offenders, "move these into the area's hooks:\n" + "\n".join(offenders)


def test_one_module_per_area() -> None:
    files = {p.stem for p in (PKG / "areas").glob("*.py") if not p.stem.startswith("_")}
    assert files == {a.key for a in AREAS}
    for area in AREAS:
        module = __import__(f"linode_tui.areas.{area.key}", fromlist=["AREA"])
        assert module.AREA is area


def test_the_area_index_says_what_the_modules_say() -> None:
    """The `:` words and event entity types are read from linode_tui.areas.INDEX without importing
    the modules: it must say what each module's descriptor says, in the same order."""
    from linode_tui.areas import INDEX

    assert list(INDEX) == [a.key for a in AREAS]
    for area in AREAS:
        assert INDEX[area.key] == (area.aliases, area.entity_type), area.key
    words = [w for key, (aliases, _) in INDEX.items() for w in (key, *aliases)]
    assert len(words) == len(set(words)), "a word names two areas"


def _sample(area_key: str) -> dict[str, Any]:
    """An item with every field a path template of the area may name."""
    return {"id": 1, "label": "x", "region": "us-east", "engine": "mysql", "username": "u", "uid": 1}


def _exists(method: str, template: str, item: dict[str, Any]) -> bool:
    path = fill(template, item).split("?")[0]
    path = re.sub(r"\{[^}]+\}", "1", path)  # {backup_id} and the like, taken from forms
    return load_spec().match(method, path) is not None


SPEC_SCOPES = {s for op in load_spec().operations for s in op.scopes}


@pytest.mark.parametrize("area", AREAS, ids=lambda a: a.key)
def test_every_descriptor_names_a_real_operation(area: Any) -> None:
    item = _sample(area.key)
    missing: list[str] = []
    if not _exists("GET", area.path, item):
        missing.append(f"GET {area.path}")
    if not _exists("GET", area.detail_template(), item):
        missing.append(f"GET {area.detail_template()}")
    for tab in area.tabs:
        if not _exists("GET", tab.path, item):
            missing.append(f"tab {tab.key}: GET {tab.path}")
    for act in area.actions:
        if not _exists(act.method, act.path, item):
            missing.append(f"action {act.key}: {act.method} {act.path}")
        if act.scope and act.scope not in SPEC_SCOPES:
            missing.append(f"action {act.key}: scope {act.scope} is not a scope of the API")
        for f in act.form:
            if f.choices is not None and not _exists("GET", f.choices.path, item):
                missing.append(f"action {act.key} field {f.name}: GET {f.choices.path}")
    if area.scope and area.scope not in SPEC_SCOPES:
        missing.append(f"scope {area.scope}")
    assert not missing, missing


def _with_arg(word: str) -> str:
    spec = next((c for c in COMMANDS if word in c.words), None)
    return f"{word} web-1" if spec is not None and spec.arg else word


def test_every_help_word_parses() -> None:
    words = command_words()
    for c in COMMANDS:
        assert set(c.words) <= set(words)
    for a in AREAS:
        assert a.key in words
    for word in words:
        parse(_with_arg(word))  # no CommandError


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("frobnicate", "Unknown command 'frobnicate'"),
        ("stats", "Usage: :stats LABEL"),
        ("dashboard now", "takes nothing after it"),
        ("account label = x", "single object"),
        ("linodes label ~", "expected a value"),
        ("", "Type a command"),
    ],
)
def test_parse_errors_are_messages(text: str, message: str) -> None:
    with pytest.raises(CommandError, match=re.escape(message)):
        parse(text)


def test_parse_compiles_the_query() -> None:
    c = parse(":linodes region = us-east and label ~ web")
    assert c.name == "area" and c.area is BY_KEY["linodes"]
    assert c.xfilter == {"+and": [{"region": "us-east"}, {"label": {"+contains": "web"}}]}
    assert parse("LI").area is BY_KEY["linodes"]
    assert parse("exit").name == "quit"


@pytest.mark.parametrize("word", command_words())
def test_every_command_word_is_accepted_by_dash_c(word: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``-c`` goes through the same parser: no command that works on the `:` line is refused."""
    from linode_tui import cli
    from linode_tui.ui.app import LinodeTUI

    ran: list[str | None] = []
    monkeypatch.setattr(LinodeTUI, "run", lambda self, *a, **k: ran.append(self.settings.command))
    assert cli.main(["--demo", "--demo-size", "3", "-c", _with_arg(word)]) == 0
    assert ran == [_with_arg(word)]


def test_dash_c_refuses_what_the_parser_refuses(capsys: pytest.CaptureFixture[str]) -> None:
    from linode_tui import cli

    assert cli.main(["--demo", "-c", "stats"]) == 2
    assert "Usage: :stats LABEL" in capsys.readouterr().err


def test_every_binding_has_an_id() -> None:
    """The config's [keymap] remaps any key by its binding id (Textual's App.set_keymap)."""
    import ast

    missing: list[str] = []
    for path in sorted((PKG / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_binding = isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Binding"
            if is_binding and not any(k.arg == "id" for k in node.keywords):  # type: ignore[attr-defined]
                missing.append(f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}")
    assert not missing, missing


def test_mount_and_resize_handlers_that_query_children_are_guarded() -> None:
    """A widget removed right after it was mounted (a detail closed as its tab mounts, a dialog
    dismissed by a second key) still gets its Mount and Resize events, with its children already
    gone: a handler that looks them up must be ``@while_present`` or the app ends with NoMatches."""
    import ast

    root = Path(__file__).resolve().parent.parent / "linode_tui" / "ui"
    unguarded = []
    for path in sorted(root.rglob("*.py")):
        for cls in ast.walk(ast.parse(path.read_text())):
            if not isinstance(cls, ast.ClassDef) or any(
                isinstance(b, ast.Name) and b.id == "App" for b in cls.bases
            ):
                continue
            for fn in cls.body:
                if not isinstance(fn, ast.FunctionDef) or fn.name not in ("on_mount", "on_resize"):
                    continue
                queries = any(
                    isinstance(n, ast.Attribute) and n.attr in ("query_one", "query_exactly_one")
                    for n in ast.walk(fn)
                )
                guarded = any(isinstance(d, ast.Name) and d.id == "while_present" for d in fn.decorator_list)
                if queries and not guarded:
                    unguarded.append(f"{path.relative_to(root)}:{fn.lineno} {cls.name}.{fn.name}")
    assert not unguarded, unguarded
