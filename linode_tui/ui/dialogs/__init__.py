"""Dialogs: the single confirmation path, forms with per-field API errors, menus and prompts.

Every API string shown here goes through ``Text``/``Content`` (never markup).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.command import CommandPalette as _TextualCommandPalette
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import DescendantFocus, Mount
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    OptionList,
    Select,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from linode_tui.core.descriptors import Action, FormField, get_path
from linode_tui.ui.guard import gone, guarded, while_present

DIALOG_CSS = """
.dialog {
    width: 72;
    max-width: 95%;
    height: auto;
    max-height: 90%;
    border: thick $primary;
    background: $panel;
    padding: 1 2;
}
.dialog.-danger { border: thick $error; }
.dialog .title { text-style: bold; margin-bottom: 1; }
.dialog .note { color: $warning; margin-bottom: 1; }
.dialog .buttons { height: auto; align-horizontal: right; margin-top: 1; }
.dialog .buttons Button { margin-left: 2; min-width: 10; }
.dialog .field-error { color: $error; height: auto; }
.dialog .field-error.-empty { display: none; }
.dialog Input.-textual-compact, .dialog Select.-textual-compact { margin: 0 0 1 0; }
.dialog .field-help { color: $text-muted; height: auto; }
.dialog .general-error { color: $error; height: auto; }
.dialog Input, .dialog Select { margin-bottom: 0; }
.dialog .field-label { margin-top: 0; }
.dialog .dialog-body { height: auto; max-height: 14; }
"""


ResultT = TypeVar("ResultT")


class _Body(VerticalScroll):
    """A dialog's body text: scrolls when long; takes focus (for the keys) only then."""

    def allow_focus(self) -> bool:
        return self.max_scroll_y > 0


class AnswerOnce:
    """A screen that answers once (mixed into every dialog, and into the command palette).

    A repeated or late answer (Enter, Enter on a menu; Escape on a dialog that is closing; a worker
    finishing after the user left) is ignored instead of popping another screen. An answer given
    while another screen is on top of this one is kept until this one is on top again (popping now
    would close the wrong screen)."""

    answered = False
    _deferred: tuple[Any] | None = None

    def dismiss(self, result: Any = None) -> AwaitComplete:
        if self.answered or gone(self):
            return AwaitComplete()
        if self.app.screen is not self:  # type: ignore[attr-defined]
            self._deferred = (result,)
            return AwaitComplete()
        self.answered = True
        return super().dismiss(result)  # type: ignore[misc, no-any-return]

    def on_screen_resume(self) -> None:
        if self._deferred is not None and not self.answered:
            (result,) = self._deferred
            self._deferred = None
            self.call_later(self._answer_deferred, result)  # type: ignore[attr-defined]

    def _answer_deferred(self, result: Any) -> None:
        self.dismiss(result)  # not awaited: awaiting a dismiss from the screen's own handler fails


class Dialog(AnswerOnce, ModalScreen[ResultT]):
    """What every dialog shares: centred, escape or Cancel answers ``CANCEL_RESULT``, answers once
    (:class:`AnswerOnce`), and a heading of title, body and note (plain ``Text``: API strings are
    never markup)."""

    CANCEL_RESULT: Any = None
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def heading(self, title: str | Text, body: str | Text = "", note: str = "") -> ComposeResult:
        yield Static(title if isinstance(title, Text) else Text(title), classes="title")
        if body:  # scrolls when long (a bulk confirmation lists every label)
            yield _Body(Static(body if isinstance(body, Text) else Text(body)), classes="dialog-body")
        if note:
            yield Static(Text(note), classes="note")

    def action_cancel(self) -> None:
        self.dismiss(self.CANCEL_RESULT)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class ConfirmDialog(Dialog[bool]):
    """A plain confirmation: names what happens and to what. Cancel is focused by default."""

    DEFAULT_CSS = "ConfirmDialog { align: center middle; }" + DIALOG_CSS
    CANCEL_RESULT = False
    BINDINGS = [Binding("left,right", "switch", "Switch", show=False, id="dialog.switch")]

    def __init__(
        self, title: str, body: str, *, confirm_label: str = "Confirm", note: str = "", danger: bool = False
    ) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.confirm_label = confirm_label
        self.note = note
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog" + (" -danger" if self.danger else "")):
            yield from self.heading(self.title_text, self.body, self.note)
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self.confirm_label, id="confirm", variant="error" if self.danger else "primary")

    @while_present
    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def action_switch(self) -> None:
        self.focus_next()

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        self.dismiss(True)


class TypeToConfirmDialog(Dialog[bool]):
    """Destructive actions: the user must type the resource's label before Confirm enables."""

    DEFAULT_CSS = "TypeToConfirmDialog { align: center middle; }" + DIALOG_CSS
    CANCEL_RESULT = False

    def __init__(
        self, title: str, body: str, expected: str, *, confirm_label: str = "Delete", note: str = ""
    ) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.expected = expected
        self.confirm_label = confirm_label
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -danger"):
            yield from self.heading(self.title_text, self.body, self.note)
            prompt = Text("Type ")
            prompt.append(self.expected, "bold")
            prompt.append(" to confirm:")
            yield Static(prompt, classes="field-label")
            yield Input(placeholder=self.expected, id="typed", compact=True)
            yield Static("", id="mismatch", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self.confirm_label, id="confirm", variant="error", disabled=True)

    @while_present
    def on_mount(self) -> None:
        self.query_one("#typed", Input).focus()

    @on(Input.Changed, "#typed")
    @while_present
    def _typed(self, event: Input.Changed) -> None:
        ok = event.value == self.expected
        self.query_one("#confirm", Button).disabled = not ok
        self.query_one("#mismatch", Static).update("" if ok or not event.value else "Does not match yet.")

    @on(Input.Submitted, "#typed")
    @while_present
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value == self.expected:
            self.dismiss(True)
        else:
            self.query_one("#mismatch", Static).update(Text(f"Type exactly: {self.expected}"))

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        if self.query_one("#typed", Input).value == self.expected:
            self.dismiss(True)


def password_problems(pw: str) -> str | None:
    """A local strength check mirroring the API's rule of thumb (the API has the final word)."""
    if len(pw) < 11:
        return "At least 11 characters."
    if len(pw) > 128:
        return "At most 128 characters."
    classes = sum(bool(re.search(p, pw)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))
    if classes < 3:
        return "Password does not meet strength requirement: mix upper/lower case, digits and symbols."
    return None


ChoiceLoader = Callable[[FormField], Awaitable[list[tuple[str, str]]]]
Submitter = Callable[[dict[str, Any]], Awaitable[Any]]


def _safe_id(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)


class FormDialog(Dialog[Any]):
    """A form for an action. API field errors appear next to their field; input is never lost."""

    DEFAULT_CSS = (
        "FormDialog { align: center middle; }"
        + DIALOG_CSS
        + """
    FormDialog VerticalScroll { height: auto; max-height: 40vh; }
    FormDialog SelectionList { height: 6; }
    FormDialog .form-textarea { height: 10; }
    """
    )
    BINDINGS = [Binding("ctrl+s", "submit", "Submit", id="dialog.submit")]

    def __init__(
        self,
        action: Action,
        item: dict[str, Any] | None,
        *,
        target: str,
        load_choices: ChoiceLoader,
        submit: Submitter,
    ) -> None:
        super().__init__()
        self.action_def = action
        self.item = item or {}
        self.target = target
        self.load_choices = load_choices
        self.submit_cb = submit
        self.busy = False
        # What each select field shows for its values: {field: {value: label}} (for confirmations).
        self.choice_labels: dict[str, dict[Any, str]] = {
            f.name: {v: lbl for v, lbl in f.options} for f in action.form if f.options
        }

    def shown_values(self, values: dict[str, Any]) -> dict[str, str]:
        """The form's values as the user saw them: a picked option's label, not its id."""
        out: dict[str, str] = {}
        for name, value in values.items():
            labels = self.choice_labels.get(name, {})
            hashable = not isinstance(value, list | dict)  # tags, multiselects: no single label
            shown = labels.get(value, labels.get(str(value))) if hashable else None
            if shown is None and isinstance(value, list):  # a multiselect: each pick by its label
                shown = ", ".join(str(labels.get(x, labels.get(str(x), x))) for x in value)
            elif shown is None:
                shown = str(value)
            out[name] = shown
        return out

    def _default(self, f: FormField) -> Any:
        if f.default_from:
            v = get_path(self.item, f.default_from)
            if v is not None:
                return v
        return f.default

    def compose(self) -> ComposeResult:
        a = self.action_def
        with Vertical(classes="dialog" + (" -danger" if a.danger == "type" else "")):
            title = Text(a.label)
            if self.target:
                title.append(" — ")
                title.append(self.target)
            yield from self.heading(title, note=a.note)
            with VerticalScroll():
                for f in a.form:
                    fid = _safe_id(f.name)
                    label = f.label + (" *" if f.required else "")
                    if f.kind == "bool":
                        yield Checkbox(label, value=bool(self._default(f)), id=f"f-{fid}")
                    else:
                        yield Label(label, classes="field-label")
                        default = self._default(f)
                        if f.kind == "textarea":  # a multi-line editor (a script, a reply)
                            text = "" if default is None else str(default)
                            yield TextArea(
                                text, id=f"f-{fid}", classes="form-textarea", tab_behavior="indent"
                            )
                        elif f.kind in ("text", "password", "int", "tags"):
                            value = (
                                ", ".join(default)
                                if isinstance(default, list)
                                else ("" if default is None else str(default))
                            )
                            yield Input(
                                value=value,
                                password=f.kind == "password" or f.secret,  # typed masked
                                type="integer" if f.kind == "int" else "text",
                                id=f"f-{fid}",
                                compact=True,
                            )
                        elif f.kind == "select":
                            opts = [(lbl, val) for val, lbl in f.options]
                            preset = default if default in {v for _, v in opts} else Select.NULL
                            yield Select(
                                opts,
                                allow_blank=not f.required or not opts,
                                value=preset,
                                id=f"f-{fid}",
                                prompt="Loading…" if f.choices else "Select",
                                compact=True,
                            )
                        elif f.kind == "multiselect":  # static options now; choices once loaded
                            picked = set(default) if isinstance(default, list | tuple) else set()
                            yield SelectionList[str](
                                *[(lbl, val, val in picked) for val, lbl in f.options], id=f"f-{fid}"
                            )
                    if f.help:
                        yield Static(Text(f.help), classes="field-help")
                    yield Static("", id=f"err-{fid}", classes="field-error -empty")
            yield Static("", id="general-error", classes="general-error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(a.label, id="submit", variant="error" if a.danger == "type" else "primary")

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """A multiple choice highlights its first option when it gets the focus: without one,
        space (the key that ticks a choice) did nothing."""
        w = event.widget
        if isinstance(w, SelectionList) and w.highlighted is None and w.option_count:
            w.highlighted = 0

    @while_present
    def on_resize(self) -> None:
        # The buttons stay on screen at 80×24: the fields scroll in what is left of the height.
        self.query_one(VerticalScroll).styles.max_height = max(4, min(24, self.size.height - 14))

    @while_present
    def on_mount(self) -> None:
        self.on_resize()
        for f in self.action_def.form:
            if f.choices is not None:
                self._load(f)
        first = next(iter(self.query("Input, Select, Checkbox, SelectionList")), None)
        if first is not None:
            first.focus()

    @work(group="form-choices", exit_on_error=False)
    @guarded
    async def _load(self, f: FormField) -> None:
        fid = _safe_id(f.name)
        try:
            choices = await self.load_choices(f)
        except Exception as exc:  # shown next to the field; the form stays usable
            self.query_one(f"#err-{fid}", Static).update(Text(f"Could not load choices: {exc}"))
            return
        default = self._default(f)
        self.choice_labels[f.name] = {v: lbl for v, lbl in choices}
        if f.kind == "select":
            sel = self.query_one(f"#f-{fid}", Select)
            sel.set_options([(label, value) for value, label in choices])
            sel.prompt = "Select"
            values = {v for v, _ in choices}
            if default is not None and str(default) in values:
                sel.value = str(default)
            elif default is not None and default in values:
                sel.value = default
        elif f.kind == "multiselect":
            sl = self.query_one(f"#f-{fid}", SelectionList)
            picked = set(default) if isinstance(default, list | tuple) else set()
            sl.add_options([(label, value, value in picked) for value, label in choices])
            if sl.has_focus and sl.highlighted is None and sl.option_count:
                sl.highlighted = 0  # space picks at once

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.action_def.form:
            fid = _safe_id(f.name)
            w = self.query_one(f"#f-{fid}")
            value: Any
            if isinstance(w, Checkbox):
                value = w.value
            elif isinstance(w, Select):
                value = None if w.value is Select.NULL else w.value
                if isinstance(value, str) and value.isdigit() and f.choices and f.choices.value == "id":
                    value = int(value)
            elif isinstance(w, SelectionList):
                value = list(w.selected)
            elif isinstance(w, TextArea):
                value = w.text if w.text.strip() else None
            elif isinstance(w, Input):
                raw = w.value.strip()
                if f.kind == "int":
                    value = int(raw) if raw.lstrip("-").isdigit() else (raw or None)
                elif f.kind == "tags":
                    value = [t.strip() for t in raw.split(",") if t.strip()]
                else:
                    value = raw if raw or f.kind == "password" else None
            else:
                value = None
            if value in (None, "", []) and not f.required:
                continue
            out[f.name] = value
        return out

    def _local_errors(self, values: dict[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        for f in self.action_def.form:
            v = values.get(f.name)
            if f.required and v in (None, "", []):
                errors[f.name] = f"{f.label} is required."
            elif f.kind == "password" and isinstance(v, str):
                problem = password_problems(v)
                if problem:
                    errors[f.name] = problem
            elif f.kind == "int" and v is not None and not isinstance(v, int):
                errors[f.name] = "Must be a whole number."
        return errors

    @while_present
    def show_errors(self, field_errors: dict[str, str], general: Sequence[str] = ()) -> None:
        known = {f.name for f in self.action_def.form}
        for f in self.action_def.form:
            err = self.query_one(f"#err-{_safe_id(f.name)}", Static)
            err.update(Text(field_errors.get(f.name, "")))
            err.set_class(f.name not in field_errors, "-empty")
        leftovers = [f"{k}: {v}" if k else v for k, v in field_errors.items() if k not in known]
        self.query_one("#general-error", Static).update(Text("\n".join([*general, *leftovers])))
        for f in self.action_def.form:
            if f.name in field_errors:
                try:
                    self.query_one(f"#f-{_safe_id(f.name)}").focus()
                except Exception:
                    pass
                break

    def action_cancel(self) -> None:
        if not self.busy:  # a request in flight finishes first: its answer decides
            super().action_cancel()

    @on(Button.Pressed, "#submit")
    def _submit_pressed(self) -> None:
        self.action_submit()

    @on(Input.Submitted)
    def _enter(self) -> None:
        self.action_submit()

    @while_present
    def action_submit(self) -> None:
        if self.busy:
            return
        values = self.values()
        errors = self._local_errors(values)
        if errors:
            self.show_errors(errors)
            return
        self.show_errors({})
        self._run_submit(values)

    @work(group="form-submit", exclusive=True, exit_on_error=False)
    @guarded
    async def _run_submit(self, values: dict[str, Any]) -> None:
        from linode_tui.api.errors import LinodeError

        self.busy = True
        button = self.query_one("#submit", Button)
        button.disabled = True
        try:
            result = await self.submit_cb(values)
        except LinodeError as exc:
            fields = dict(getattr(exc, "field_errors", {}) or {})
            # The API names list items ``subnets[1].label``; the form's field is ``subnets.1.label``.
            fields = {re.sub(r"\[(\d+)\]", r".\1", k): v for k, v in fields.items()}
            general = fields.pop("", None)
            msgs = [general] if general else ([] if fields else [str(exc)])
            self.show_errors(fields, msgs)
            return
        except Exception as exc:  # never lose the form on an unexpected failure
            self.show_errors({}, [f"Unexpected error: {exc}"])
            return
        finally:
            self.busy = False
            button.disabled = False
        if result is not _KEEP_OPEN:
            self.dismiss(result if result is not None else values)


_KEEP_OPEN = object()
KEEP_OPEN = _KEEP_OPEN  # a submitter returns this when the user backed out of the confirmation


class MenuDialog(Dialog[str | None]):
    """A keyboard menu (actions on the selected resource, profiles, …)."""

    DEFAULT_CSS = (
        "MenuDialog { align: center middle; }"
        + DIALOG_CSS
        + """
    MenuDialog OptionList { height: auto; max-height: 20; }
    """
    )

    def __init__(self, title: str, options: Sequence[tuple[str, str | Text, bool]], footer: str = "") -> None:
        """``options`` are (id, prompt, enabled)."""
        super().__init__()
        self.title_text = title
        self.options = options
        self.footer = footer

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield from self.heading(self.title_text)
            yield OptionList(
                *[
                    Option(p if isinstance(p, Text) else Text(p), id=i, disabled=not en)
                    for i, p, en in self.options
                ],
                id="menu",
            )
            if self.footer:
                yield Static(Text(self.footer), classes="field-help")

    @while_present
    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class PromptDialog(Dialog[str | None]):
    DEFAULT_CSS = "PromptDialog { align: center middle; }" + DIALOG_CSS

    def __init__(
        self,
        title: str,
        prompt: str,
        value: str = "",
        *,
        password: bool = False,
        validate: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.prompt = prompt
        self.value = value
        self.password = password
        self.validate_fn = validate

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield from self.heading(self.title_text, self.prompt)
            yield Input(value=self.value, password=self.password, id="prompt-input", compact=True)
            yield Static("", id="prompt-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("OK", id="ok", variant="primary")

    @while_present
    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @while_present
    def _accept(self) -> None:
        value = self.query_one(Input).value
        problem = self.validate_fn(value) if self.validate_fn else None
        if problem:
            self.query_one("#prompt-error", Static).update(Text(problem))
            return
        self.dismiss(value)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self._accept()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self._accept()


class TextDialog(Dialog[None]):
    """Read-only text (a resource's JSON, help, a kubeconfig)."""

    DEFAULT_CSS = (
        "TextDialog { align: center middle; }"
        + DIALOG_CSS
        + """
    TextDialog .dialog { width: 100; height: 90%; }
    TextDialog VerticalScroll { height: 1fr; }
    """
    )
    BINDINGS = [Binding("q", "cancel", "Close", id="dialog.cancel")]

    def __init__(self, title: str, body: str | Text) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield from self.heading(self.title_text)
            with VerticalScroll():
                yield Static(self.body if isinstance(self.body, Text) else Text(self.body))
            yield Static(Text("esc: close"), classes="field-help")

    @while_present
    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()


def json_text(obj: Any) -> Text:
    return Text(json.dumps(obj, indent=2, sort_keys=True, default=str))


class CommandPalette(AnswerOnce, _TextualCommandPalette):
    """Textual's command palette, answering once (Enter, Enter while it closes), and not set up
    when it was closed before it mounted (ctrl+p, Escape in one burst)."""

    def _on_mount(self, event: Mount) -> None:
        # Textual calls each class's handler in turn: stop the palette's own set-up when it is gone.
        if gone(self) or len(self.app.screen_stack) < 2:
            event.prevent_default()

    # Its search keeps running briefly after it closed: what it would show then goes nowhere.
    def _refresh_command_list(self, *args: Any, **kwargs: Any) -> None:
        if not gone(self):
            super()._refresh_command_list(*args, **kwargs)

    def _watch__list_visible(self) -> None:
        if not gone(self):
            super()._watch__list_visible()


class SecretDialog(Dialog[None]):
    """A secret the API returned once (a new token, an access key's secret): masked until revealed,
    copied with Textual's ``copy_to_clipboard``, optionally saved to a 0600 file; never kept."""

    DEFAULT_CSS = (
        "SecretDialog { align: center middle; }"
        + DIALOG_CSS
        + """
    SecretDialog .dialog { width: 90; }
    SecretDialog #secret { height: auto; max-height: 12; border: round $warning; padding: 0 1; }
    SecretDialog #saved { color: $success; height: auto; }
    """
    )
    BINDINGS = [
        Binding("ctrl+r", "reveal", "Reveal", id="dialog.reveal"),
        Binding("ctrl+y", "copy", "Copy", id="dialog.copy"),
    ]

    def __init__(self, reveal: Any) -> None:
        """``reveal`` is a :class:`linode_tui.core.descriptors.Reveal`."""
        super().__init__()
        self.reveal = reveal
        self.shown = not getattr(reveal, "masked", True)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog" + (" -danger" if not self.shown else "")):
            warn = ("⚠ " if not self.shown else "") + self.reveal.warning
            yield from self.heading(self.reveal.title, note=warn)
            yield Static(self._masked(), id="secret")
            yield Static("", id="saved")
            with Horizontal(classes="buttons"):
                yield Button("Hide" if self.shown else "Reveal", id="reveal")
                yield Button("Copy", id="copy", variant="primary")
                if self.reveal.filename:
                    yield Button("Save…", id="save")
                yield Button("Done", id="cancel")
            yield Static(Text("ctrl+r reveal · ctrl+y copy · esc done"), classes="field-help")

    def _masked(self) -> Text:
        if self.shown:
            return Text(self.reveal.secret)
        lines = self.reveal.secret.count("\n") + 1
        return Text(f"•••••••• (hidden; {lines} line{'s' if lines > 1 else ''} — Reveal to show)", "muted")

    @while_present
    def on_mount(self) -> None:
        self.query_one("#copy", Button).focus()

    @on(Button.Pressed, "#reveal")
    def action_reveal(self) -> None:
        self.shown = not self.shown
        self.query_one("#secret", Static).update(self._masked())
        self.query_one("#reveal", Button).label = "Hide" if self.shown else "Reveal"

    @on(Button.Pressed, "#copy")
    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.reveal.secret)
        self.query_one("#saved", Static).update(Text("Copied to the clipboard."))

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.app.push_screen(
            PromptDialog("Save to a file", "Path (created 0600):", self.reveal.filename or ""), self._save_to
        )

    def _save_to(self, path: str | None) -> None:
        from linode_tui.privatefile import FileExistsProblem, write_private

        if not path:
            return
        try:
            target = write_private(path, self.reveal.secret)
        except FileExistsProblem as exc:
            self.query_one("#saved", Static).update(Text(f"Not saved: {exc}.", "strong-error"))
            return
        except OSError as exc:
            self.query_one("#saved", Static).update(Text(f"Not saved: {exc.strerror or exc}", "strong-error"))
            return
        self.query_one("#saved", Static).update(Text(f"Saved to {target} (mode 0600)."))
