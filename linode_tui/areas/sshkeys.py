"""The SSH keys area: add (paste a key or pick a local ``~/.ssh/*.pub``), rename, delete."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from msgspec.structs import replace

from linode_tui.areas._shared import delete_action
from linode_tui.core.descriptors import Action, Area, Col, FormField

KEY_PREFIXES = ("ssh-", "ecdsa-", "sk-")


def local_public_keys(home: Path | None = None) -> list[Path]:
    """The public keys in ``~/.ssh`` (``*.pub``), sorted by name."""
    folder = (home or Path.home()) / ".ssh"
    try:
        return sorted(p for p in folder.glob("*.pub") if p.is_file())
    except OSError:
        return []


async def _add_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """The file picker lists the local public keys (none: only paste)."""
    keys = local_public_keys()
    out = []
    for f in action.form:
        if f.name == "from_file":
            if not keys:
                continue
            f = replace(f, options=tuple((str(p), p.name) for p in keys))
        out.append(f)
    return tuple(out)


def key_body(values: dict[str, Any]) -> dict[str, Any]:
    """Paste wins over the picked file; a file is read here (only its first line: one key)."""
    from linode_tui.api.errors import ValidationError

    key = (values.get("ssh_key") or "").strip()
    path = values.get("from_file")
    if not key and path:
        try:
            key = Path(str(path)).read_text(encoding="utf-8").strip().splitlines()[0].strip()
        except (OSError, UnicodeDecodeError, IndexError) as exc:
            raise ValidationError(
                "Cannot read the key", field_errors={"from_file": f"Cannot read {path}: {exc}"}
            ) from exc
    if not key:
        raise ValidationError(
            "No key", field_errors={"ssh_key": "Paste a public key or pick a file from ~/.ssh."}
        )
    if not key.startswith(KEY_PREFIXES):
        raise ValidationError(
            "Not a public key",
            field_errors={
                "ssh_key": "That is not an OpenSSH public key (ssh-ed25519 …, ssh-rsa …, ecdsa-…)."
            },
        )
    label = values.get("label")
    if not label:  # the key's comment, as ssh-keygen writes it
        parts = key.split()
        label = parts[2] if len(parts) > 2 else (Path(str(path)).stem if path else "")
    return {"label": label, "ssh_key": key}


SSHKEYS = Area(
    "sshkeys",
    "SSH keys",
    "/profile/sshkeys",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=24),
        Col("ssh_key", "Key", width=40),
        Col("created", "Created", "date"),
    ),
    aliases=("ssh", "keys"),
    group="Profile",
    scope="account:read_only",
    entity_type="user_ssh_key",
    status_key=None,
    description="Public keys added to new Linodes you create.",
    actions=(
        Action(
            "add",
            "Add SSH key",
            "POST",
            "/profile/sshkeys",
            "account:read_write",
            binding="n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="added",
            form=(
                FormField("label", "Label", help="Empty: the key's comment"),
                FormField("ssh_key", "Public key (paste)", help="ssh-ed25519 AAAA… you@host"),
                FormField("from_file", "…or a local key", "select", help="Public keys found in ~/.ssh"),
            ),
            prepare_form=_add_form,
            to_body=key_body,
        ),
        Action(
            "rename",
            "Rename",
            "PUT",
            "/profile/sshkeys/{id}",
            "account:read_write",
            binding="E",
            bulk=False,
            verb="renamed",
            form=(FormField("label", "Label", required=True, default_from="label"),),
        ),
        delete_action("/profile/sshkeys/{id}", "account:read_write", "SSH key"),
    ),
)

AREA = SSHKEYS
