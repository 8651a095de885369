"""Kubeconfigs of LKE clusters (Textual-free): decode the API's answer, and merge one into a local
``~/.kube/config`` under a named context without ever losing one.

The merge is planned first (:func:`plan_merge`: what is added, what is replaced, which names had to
change) so the UI can show it in a confirmation, then applied (:func:`apply_merge`): the old file is
copied to a timestamped backup (0600) before the new one replaces it atomically (0600).
"""

from __future__ import annotations

import base64
import binascii
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from linode_tui.privatefile import write_private


class KubeconfigError(Exception):
    """A kubeconfig that cannot be read or merged (the file is left as it was)."""


def decode(answer: Any) -> str:
    """The YAML text of ``GET /lke/clusters/{id}/kubeconfig`` (``{"kubeconfig": base64}``)."""
    raw = answer.get("kubeconfig") if isinstance(answer, dict) else None
    if not isinstance(raw, str) or not raw:
        raise KubeconfigError("The API returned no kubeconfig.")
    try:
        return base64.b64decode(raw, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise KubeconfigError(f"The kubeconfig is not valid base64 text: {exc}") from exc


def default_path() -> Path:
    """``$KUBECONFIG``'s first entry when set, else ``~/.kube/config`` (what kubectl writes to)."""
    env = os.environ.get("KUBECONFIG", "")
    first = next((p for p in env.split(os.pathsep) if p), "")
    return Path(first).expanduser() if first else Path.home() / ".kube" / "config"


def _load(text: str, what: str) -> dict[str, Any]:
    try:
        doc = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        raise KubeconfigError(f"{what} is not valid YAML: {exc}") from exc
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        raise KubeconfigError(f"{what} is not a kubeconfig (not a mapping).")
    for key in ("clusters", "users", "contexts"):
        if doc.get(key) is None:
            doc[key] = []
        if not isinstance(doc[key], list):
            raise KubeconfigError(f"{what}: {key} is not a list.")
    return doc


def _names(entries: list[Any]) -> set[str]:
    return {str(e.get("name")) for e in entries if isinstance(e, dict) and e.get("name") is not None}


def _unique(name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    n = 2
    while f"{name}-{n}" in taken:
        n += 1
    return f"{name}-{n}"


@dataclass
class MergePlan:
    path: Path
    context: str
    text: str  # the merged file
    exists: bool  # the file exists (a backup is made)
    replaced: bool  # a context of this name existed and is replaced
    kept: list[str] = field(default_factory=list)  # the other contexts, all kept
    cluster: str = ""
    user: str = ""
    current_before: str | None = None
    current_after: str | None = None
    backup: Path | None = None

    def summary(self) -> list[str]:
        lines = [f"File: {self.path}" + ("" if self.exists else " (new)")]
        if self.replaced:
            lines.append(f"Replaces the context {self.context!r} (the old one stays in the backup).")
        else:
            lines.append(f"Adds the context {self.context!r} (cluster {self.cluster!r}, user {self.user!r}).")
        if self.kept:
            lines.append(f"Keeps {len(self.kept)} other context(s): {', '.join(self.kept)}")
        if self.current_before != self.current_after:
            lines.append(f"Current context: {self.current_before or '(none)'} → {self.current_after}")
        else:
            lines.append(f"Current context stays {self.current_before}.")
        if self.backup is not None:
            lines.append(f"Backup of the old file: {self.backup}")
        return lines


def plan_merge(
    new_text: str, context: str, path: Path | None = None, *, switch: bool = False, now: float | None = None
) -> MergePlan:
    """Plan merging ``new_text`` (one cluster's kubeconfig) into ``path`` under ``context``.

    The new cluster and user are named after the context; when those names are taken by entries
    other contexts use, they get a ``-2`` … suffix (nothing of the old file is overwritten except a
    context of the same name, which the plan says). Raises :class:`KubeconfigError` for files that
    cannot be read: the merge never guesses."""
    context = context.strip()
    if not context:
        raise KubeconfigError("The context needs a name.")
    target = path or default_path()
    new = _load(new_text, "The cluster's kubeconfig")
    if not new["clusters"] or not new["users"] or not new["contexts"]:
        raise KubeconfigError("The cluster's kubeconfig lacks a cluster, a user or a context.")
    exists = target.exists()
    try:
        old_text = target.read_text(encoding="utf-8") if exists else ""
    except OSError as exc:
        raise KubeconfigError(f"Cannot read {target}: {exc.strerror or exc}") from exc
    old = _load(old_text, str(target))
    old.setdefault("apiVersion", "v1")
    old.setdefault("kind", "Config")
    ctx_new = new["contexts"][0].get("context") or {}
    cl_new = next((c for c in new["clusters"] if c.get("name") == ctx_new.get("cluster")), new["clusters"][0])
    us_new = next((u for u in new["users"] if u.get("name") == ctx_new.get("user")), new["users"][0])

    replaced_ctx = next(
        (c for c in old["contexts"] if isinstance(c, dict) and c.get("name") == context), None
    )
    # Entries still used by the contexts that stay may not be overwritten.
    staying = [c for c in old["contexts"] if c is not replaced_ctx]
    used_clusters = {str((c.get("context") or {}).get("cluster")) for c in staying if isinstance(c, dict)}
    used_users = {str((c.get("context") or {}).get("user")) for c in staying if isinstance(c, dict)}
    cluster_name = _unique(context, used_clusters | (_names(old["clusters"]) - {context}))
    user_name = _unique(f"{context}-user", used_users | (_names(old["users"]) - {f"{context}-user"}))

    def put(entries: list[Any], name: str, entry: dict[str, Any]) -> list[Any]:
        return [e for e in entries if not (isinstance(e, dict) and e.get("name") == name)] + [entry]

    merged = dict(old)
    merged["clusters"] = put(
        old["clusters"], cluster_name, {"name": cluster_name, "cluster": cl_new.get("cluster")}
    )
    merged["users"] = put(old["users"], user_name, {"name": user_name, "user": us_new.get("user")})
    ctx_body = {k: v for k, v in ctx_new.items() if k not in ("cluster", "user")}
    merged["contexts"] = put(
        old["contexts"],
        context,
        {"name": context, "context": {"cluster": cluster_name, "user": user_name, **ctx_body}},
    )
    before = old.get("current-context") or None
    after = context if (switch or not before) else before
    merged["current-context"] = after
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(now if now is not None else time.time()))
    return MergePlan(
        path=target,
        context=context,
        text=yaml.safe_dump(merged, default_flow_style=False, sort_keys=False),
        exists=exists,
        replaced=replaced_ctx is not None,
        kept=sorted(_names(staying)),
        cluster=cluster_name,
        user=user_name,
        current_before=before,
        current_after=after,
        backup=target.with_name(f"{target.name}.bak-{stamp}") if exists else None,
    )


def apply_merge(plan: MergePlan) -> Path:
    """Back up the old file (0600) and write the merged one (0600, atomically)."""
    if plan.backup is not None:
        if plan.backup.exists():
            raise KubeconfigError(f"{plan.backup} already exists; not overwriting a backup.")
        shutil.copyfile(plan.path, plan.backup)
        os.chmod(plan.backup, 0o600)
    return write_private(plan.path, plan.text, overwrite=True)


def context_names(text: str) -> list[str]:
    return sorted(_names(_load(text, "kubeconfig")["contexts"]))


__all__ = ["KubeconfigError", "MergePlan", "apply_merge", "decode", "default_path", "plan_merge"]
