"""The Object Storage area: buckets create/delete (only when empty), ACL and CORS, and the objects
browser (folders, sizes, dates; download/upload/delete via the API's signed URLs), the bucket's
TLS certificate (uploaded from PEM files, the key never shown or kept; deleted), and a view of the
Object Storage quotas with their usage and the endpoints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from msgspec.structs import replace

from linode_tui.areas._shared import REGION
from linode_tui.core.descriptors import Action, Area, Col, FormField, Tab

ACLS = (
    ("private", "Private"),
    ("public-read", "Public read"),
    ("authenticated-read", "Authenticated read"),
    ("public-read-write", "Public read/write (anyone can write!)"),
)
BUCKET = "/object-storage/buckets/{region}/{label}"
RW = "object_storage:read_write"


def _error(field: str, message: str) -> Exception:
    from linode_tui.api.errors import ValidationError

    return ValidationError(message, field_errors={field: message})


def pem(raw: Any, field: str, marker: str) -> str:
    """PEM text as given, or read from the file it names (``~`` expanded)."""
    text = str(raw or "").strip()
    if not text.startswith("-----BEGIN"):
        path = Path(text).expanduser()
        try:
            text = path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise _error(field, f"Cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    if marker not in text:
        raise _error(field, f"Not a PEM {marker.lower()} (-----BEGIN …{marker}-----).")
    return text + "\n"


def ssl_body(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "certificate": pem(values.get("certificate"), "certificate", "CERTIFICATE"),
        "private_key": pem(values.get("private_key"), "private_key", "PRIVATE KEY"),
    }


def ssl_text(answer: Any) -> str:
    on = isinstance(answer, dict) and answer.get("ssl")
    if on:
        return "A TLS certificate is installed: the bucket answers https on its own hostname."
    return "No TLS certificate of your own (the default *.linodeobjects.com certificate is used)."


BUCKETS = Area(
    "buckets",
    "Object Storage",
    "/object-storage/buckets",
    (
        Col("label", "Bucket", width=28),
        Col("region", "Region", width=12),
        Col("hostname", "Hostname", width=40),
        Col("objects", "Objects", "int", 8),
        Col("size", "Size (bytes)", "int", 12),
        Col("created", "Created", "date"),
    ),
    aliases=("obj", "bucket", "objectstorage"),
    group="Storage",
    scope="object_storage:read_only",
    id_key="label",
    row_key=lambda b: f"{b.get('region')}/{b.get('label')}",
    detail_path=BUCKET,
    status_key=None,
    tabs=(
        Tab(
            "objects",
            "Objects",
            BUCKET + "/object-list",
            columns=(
                Col("name", "Name"),
                Col("size", "Size", "int"),
                Col("last_modified", "Modified", "date"),
            ),
        ),
        Tab("ssl", "TLS certificate", BUCKET + "/ssl", kind="object", text=lambda o, _i, _l: ssl_text(o)),
    ),
    actions=(
        Action(
            "create",
            "Create bucket",
            "POST",
            "/object-storage/buckets",
            RW,
            binding="n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="created",
            form=(
                FormField("label", "Name", required=True, help="3–63 lowercase letters, digits, - and ."),
                FormField("region", "Region", "select", required=True, choices=REGION),
                FormField("acl", "ACL", "select", options=ACLS, default="private"),
                FormField("cors_enabled", "CORS enabled", "bool"),
            ),
        ),
        Action(
            "browse",
            "Browse objects",
            "GET",
            BUCKET + "/object-list",
            "object_storage:read_only",
            binding="o",
            footer=True,
            bulk=False,
            opens="linode_tui.ui.views.objects.ObjectsView",
        ),
        Action(
            "access",
            "ACL and CORS",
            "PUT",
            BUCKET + "/access",
            RW,
            danger="confirm",
            binding="E",
            bulk=False,
            verb="access saved",
            consequence="Who can read and write {who} changes.",
            form=(
                FormField("acl", "ACL", "select", options=ACLS, required=True),
                FormField("cors_enabled", "CORS enabled", "bool"),
            ),
            note="The API does not report a bucket's current ACL: pick the one it should have.",
        ),
        Action(
            "ssl_upload",
            "Upload TLS certificate",
            "POST",
            BUCKET + "/ssl",
            RW,
            danger="confirm",
            bulk=False,
            verb="certificate installed",
            consequence="{who} answers https with this certificate (for a custom domain CNAME'd to it).",
            note="The private key is read from its file when sent: it is never shown, kept or exported.",
            form=(
                FormField(
                    "certificate",
                    "Certificate (PEM text, or the path of its file)",
                    "textarea",
                    required=True,
                ),
                FormField(
                    "private_key",
                    "Private key file (PEM)",
                    required=True,
                    secret=True,
                    help="A path, e.g. ~/certs/bucket.key",
                ),
            ),
            to_body=ssl_body,
        ),
        Action(
            "ssl_delete",
            "Delete TLS certificate",
            "DELETE",
            BUCKET + "/ssl",
            RW,
            danger="type",
            bulk=False,
            verb="certificate deleted",
            consequence="{who} stops answering https on a custom domain; its own hostname keeps working.",
        ),
        Action(
            "quotas",
            "Quotas, usage and endpoints",
            "GET",
            "/object-storage/quotas",
            "object_storage:read_only",
            binding="Q",
            on_collection=True,
            bulk=False,
            item_grant="read_only",
            opens="linode_tui.ui.views.objquotas.QuotasDialog",
        ),
        Action(
            "delete",
            "Delete bucket",
            "DELETE",
            BUCKET,
            RW,
            danger="type",
            binding="ctrl+d",
            footer=True,
            verb="deleted",
            consequence="Bucket {who} is deleted. It cannot be undone.",
            blocked=lambda b: (
                f"{b.get('label')} is not empty: delete its objects first" if b.get("objects") else None
            ),
        ),
    ),
)

AREA = BUCKETS


def _url_action(key: str, label: str, **kw: Any) -> Action:
    return Action(key, label, "POST", "{_bucket}/object-url", RW, bulk=False, **kw)


#: What the objects browser does to an object, through the one action path: each asks the API for
#: a signed URL (``POST …/object-url``) which the browser then uses for the transfer.
OBJECT_ACTIONS = (
    _url_action("download", "Download", verb="URL signed"),
    _url_action("upload", "Upload a file here", verb="URL signed", on_collection=True),
    _url_action(
        "delete",
        "Delete object",
        danger="type",
        verb="URL signed",
        consequence="Object {who} is deleted from the bucket. It cannot be undone.",
    ),
)


def objects_area(bucket: dict[str, Any]) -> Area:
    """The objects of one bucket as an area of their own (rows keyed and labelled by name)."""
    base = f"/object-storage/buckets/{bucket.get('region')}/{bucket.get('label')}"
    return Area(
        "buckets.objects",
        "Objects",
        base + "/object-list",
        (),
        group="Storage",
        id_key="name",
        label_key="name",
        status_key=None,
        scope="object_storage:read_only",
        actions=tuple(replace(a, path=a.path.replace("{_bucket}", base)) for a in OBJECT_ACTIONS),
    )
