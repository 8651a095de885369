"""Known status values (open enums) and helpers that treat unknown values as transitional.

Status fields on the models are plain ``str``: the API adds values without notice (``resizing`` on
Linodes, ``in_progress``/``completed`` on events ...). The tuples below are hints for display and
filtering, never a validation rule.
"""

from __future__ import annotations

from collections.abc import Collection

LINODE_STATUSES: tuple[str, ...] = (
    "running",
    "offline",
    "booting",
    "busy",
    "rebooting",
    "shutting_down",
    "provisioning",
    "deleting",
    "migrating",
    "rebuilding",
    "cloning",
    "restoring",
    "resizing",
    "stopped",
    "billing_suspension",
)
STABLE_LINODE_STATUSES: tuple[str, ...] = ("running", "offline", "stopped", "billing_suspension")
TRANSITIONAL_LINODE_STATUSES: tuple[str, ...] = tuple(
    s for s in LINODE_STATUSES if s not in STABLE_LINODE_STATUSES
)

DISK_STATUSES: tuple[str, ...] = ("ready", "not ready", "deleting", "resizing")
STABLE_DISK_STATUSES: tuple[str, ...] = ("ready",)

VOLUME_STATUSES: tuple[str, ...] = ("creating", "active", "resizing", "key_rotating", "contact_support")
STABLE_VOLUME_STATUSES: tuple[str, ...] = ("active", "contact_support")

IMAGE_STATUSES: tuple[str, ...] = ("creating", "pending_upload", "available")
STABLE_IMAGE_STATUSES: tuple[str, ...] = ("available",)

DATABASE_STATUSES: tuple[str, ...] = (
    "provisioning",
    "active",
    "suspending",
    "suspended",
    "resuming",
    "restoring",
    "failed",
    "degraded",
    "updating",
    "backing_up",
    "resizing",
    "migrating",
    "migrated",
)
STABLE_DATABASE_STATUSES: tuple[str, ...] = ("active", "suspended", "failed", "degraded", "migrated")

LKE_CLUSTER_STATUSES: tuple[str, ...] = ("ready", "not_ready")
LKE_NODE_STATUSES: tuple[str, ...] = ("ready", "not_ready")
STABLE_LKE_STATUSES: tuple[str, ...] = ("ready",)

BACKUP_STATUSES: tuple[str, ...] = (
    "paused",
    "pending",
    "running",
    "needsPostProcessing",
    "successful",
    "failed",
    "userAborted",
)
STABLE_BACKUP_STATUSES: tuple[str, ...] = ("paused", "successful", "failed", "userAborted")

DOMAIN_STATUSES: tuple[str, ...] = ("active", "disabled", "edit_mode", "has_errors")
FIREWALL_STATUSES: tuple[str, ...] = ("enabled", "disabled", "deleted")
REGION_STATUSES: tuple[str, ...] = ("ok", "outage")
TICKET_STATUSES: tuple[str, ...] = ("new", "open", "closed")
MANAGED_SERVICE_STATUSES: tuple[str, ...] = ("disabled", "pending", "ok", "problem")
NODEBALANCER_NODE_STATUSES: tuple[str, ...] = ("unknown", "UP", "DOWN")

EVENT_STATUSES: tuple[str, ...] = (
    "failed",
    "finished",
    "notification",
    "scheduled",
    "started",
    "in_progress",
    "completed",
)
FINAL_EVENT_STATUSES: tuple[str, ...] = ("failed", "finished", "notification", "completed")
ACTIVE_EVENT_STATUSES: tuple[str, ...] = ("scheduled", "started", "in_progress")


def is_transitional(status: str | None, stable: Collection[str] = STABLE_LINODE_STATUSES) -> bool:
    """True unless ``status`` is one of the known stable values.

    Unknown (and missing) statuses count as transitional, so a poller keeps watching them. The default
    ``stable`` set is the Linode one; pass e.g. ``STABLE_VOLUME_STATUSES`` for other resources.
    """
    return status not in stable


def is_event_final(status: str | None) -> bool:
    """True for events that will not change any more; unknown statuses are treated as still running."""
    return status in FINAL_EVENT_STATUSES
