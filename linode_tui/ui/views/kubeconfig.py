"""An LKE cluster's kubeconfig: masked until revealed, copied, saved to a 0600 file, or merged into
``~/.kube/config`` under a named context (a confirmation shows the plan; the old file is backed up),
or k9s opened on it (the app suspended while k9s runs; the kubeconfig in a 0600 file deleted after)."""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from linode_tui.ui.dialogs import DIALOG_CSS, ConfirmDialog, Dialog, PromptDialog
from linode_tui.ui.guard import guarded, while_present


def context_default(cluster: dict[str, Any]) -> str:
    label = re.sub(r"[^A-Za-z0-9_.-]", "-", str(cluster.get("label") or "")).strip("-")
    return f"lke-{label}" if label else f"lke{cluster.get('id')}"


def merge_confirmation(plan: Any) -> ConfirmDialog:
    """The one confirmation path, for the merge: what is added, replaced and kept, and the backup."""
    note = (
        f"A context named {plan.context!r} exists: it is replaced (the backup keeps it)."
        if plan.replaced
        else ""
    )
    return ConfirmDialog(
        f"Merge into {plan.path}?", "\n".join(plan.summary()), confirm_label="Merge", note=note
    )


class KubeconfigDialog(Dialog[None]):
    DEFAULT_CSS = (
        "KubeconfigDialog { align: center middle; }"
        + DIALOG_CSS
        + """
    KubeconfigDialog .dialog { width: 100; max-height: 90%; }
    KubeconfigDialog VerticalScroll { height: auto; max-height: 20; border: round $warning; padding: 0 1; }
    KubeconfigDialog #kc-status { height: auto; }
    """
    )
    BINDINGS = [
        Binding("ctrl+r", "reveal", "Reveal", id="kubeconfig.reveal"),
        Binding("ctrl+y", "copy", "Copy", id="kubeconfig.copy"),
        Binding("ctrl+s", "save", "Save", id="kubeconfig.save"),
        Binding("ctrl+k", "merge", "Merge", id="kubeconfig.merge"),
        Binding("ctrl+o", "k9s", "k9s", id="kubeconfig.k9s"),
    ]

    def __init__(self, area: Any, cluster: dict[str, Any]) -> None:
        super().__init__()
        self.area = area
        self.cluster = cluster
        self.text: str | None = None
        self.shown = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = Text("Kubeconfig — ")
            title.append(str(self.cluster.get("label") or self.cluster.get("id")))
            yield from self.heading(
                title, note="It grants admin access to the cluster: it is never logged or exported."
            )
            with VerticalScroll():
                yield Static(Text("Loading…"), id="kc-body")
            yield Static("", id="kc-status")
            with Horizontal(classes="buttons"):
                yield Button("Reveal", id="reveal", disabled=True)
                yield Button("Copy", id="copy", disabled=True)
                yield Button("Save…", id="save", disabled=True)
                yield Button("Merge…", id="merge", variant="primary", disabled=True)
                yield Button("k9s", id="k9s", disabled=True)
                yield Button("Close", id="cancel")
            yield Static(
                Text("ctrl+r reveal · ctrl+y copy · ctrl+s save · ctrl+k merge · ctrl+o k9s · esc close"),
                classes="field-help",
            )

    @while_present
    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()
        self._fetch()

    @work(group="kubeconfig", exclusive=True, exit_on_error=False)
    @guarded
    async def _fetch(self) -> None:
        from linode_tui.api.errors import LinodeError
        from linode_tui.kubeconfig import KubeconfigError, decode

        services = self.app.services  # type: ignore[attr-defined]
        try:
            answer = await services.client.get(
                f"/lke/clusters/{self.cluster.get('id')}/kubeconfig", cache=False
            )
            self.text = decode(answer)
        except (LinodeError, KubeconfigError) as exc:
            self.query_one("#kc-body", Static).update(Text(f"⚠ {exc}"))
            return
        for b in ("#reveal", "#copy", "#save", "#merge", "#k9s"):
            self.query_one(b, Button).disabled = False
        self.query_one("#merge", Button).focus()
        self._show()

    def _show(self) -> None:
        if self.text is None:
            return
        if self.shown:
            body = Text(self.text)
        else:
            body = Text(f"•••••••• hidden ({self.text.count(chr(10))} lines) — Reveal to show", "muted")
        self.query_one("#kc-body", Static).update(body)

    def _status(self, message: str, ok: bool = True) -> None:
        self.query_one("#kc-status", Static).update(Text(message, "strong-success" if ok else "strong-error"))

    @on(Button.Pressed, "#reveal")
    def action_reveal(self) -> None:
        if self.text is None:
            return
        self.shown = not self.shown
        self.query_one("#reveal", Button).label = "Hide" if self.shown else "Reveal"
        self._show()

    @on(Button.Pressed, "#copy")
    def action_copy(self) -> None:
        if self.text is not None:
            self.app.copy_to_clipboard(self.text)
            self._status("Copied to the clipboard.")

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self.text is None:
            return
        default = f"~/.kube/{context_default(self.cluster)}.yaml"
        self.app.push_screen(
            PromptDialog("Save the kubeconfig", "File (created 0600):", default), self._save_to
        )

    def _save_to(self, path: str | None) -> None:
        from linode_tui.privatefile import FileExistsProblem, write_private

        if not path or self.text is None:
            return
        try:
            target = write_private(path, self.text)
        except FileExistsProblem as exc:
            self._status(f"Not saved: {exc}. Pick another name, or merge instead.", ok=False)
            return
        except OSError as exc:
            self._status(f"Not saved: {exc.strerror or exc}", ok=False)
            return
        self._status(f"Saved to {target} (mode 0600). Use: kubectl --kubeconfig {target} get nodes")

    @on(Button.Pressed, "#k9s")
    def action_k9s(self) -> None:
        """``k9s --kubeconfig FILE`` in the real terminal (the app suspended), FILE a 0600 copy
        deleted when k9s ends; only when k9s is on PATH."""
        import shutil
        import tempfile
        from pathlib import Path

        from linode_tui.privatefile import write_private
        from linode_tui.ui.ops import run_interactive

        if self.text is None:
            return
        if shutil.which("k9s") is None:
            self._status("k9s is not installed (not on PATH): see https://k9scli.io to install it.", ok=False)
            return
        folder = Path(tempfile.mkdtemp(prefix="linode-tui-k9s-"))
        try:
            path = write_private(str(folder / f"{context_default(self.cluster)}.yaml"), self.text)
            rc = run_interactive(self.app, ["k9s", "--kubeconfig", str(path)], "k9s")  # type: ignore[arg-type]
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if rc is not None:
            self._status(
                "k9s ended; its kubeconfig copy is deleted." if rc == 0 else f"k9s exited with {rc}.", rc == 0
            )

    @on(Button.Pressed, "#merge")
    def action_merge(self) -> None:
        if self.text is None:
            return
        self.app.push_screen(
            PromptDialog("Merge into your kubeconfig", "Context name:", context_default(self.cluster)),
            self._plan,
        )

    def _plan(self, name: str | None) -> None:
        from linode_tui.kubeconfig import KubeconfigError, apply_merge, plan_merge

        if not name or self.text is None:
            return
        try:
            plan = plan_merge(self.text, name)
        except KubeconfigError as exc:
            self._status(f"Not merged: {exc}", ok=False)
            return

        def confirmed(ok: bool | None) -> None:
            if not ok:
                return
            try:
                target = apply_merge(plan)
            except (KubeconfigError, OSError) as exc:
                self._status(f"Not merged: {exc}", ok=False)
                return
            self._status(
                f"Merged into {target} as {plan.context!r}. kubectl --context {plan.context} get nodes"
            )

        self.app.push_screen(merge_confirmation(plan), confirmed)


__all__ = ["KubeconfigDialog", "context_default", "merge_confirmation"]
