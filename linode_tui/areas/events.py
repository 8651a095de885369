"""The Events area."""

from __future__ import annotations

from linode_tui.core.descriptors import Action, Area, Col

EVENTS = Area(
    "events",
    "Events",
    "/account/events",
    (
        Col("id", "ID", "int", 10),
        Col("created", "When", "date", 19),
        Col("action", "Action", width=22),
        Col("status", "Status", "status", 11),
        Col("percent_complete", "%", "int", 4),
        Col("entity.label", "Entity", width=20),
        Col("username", "User", width=12),
        Col("message", "Message"),
    ),
    aliases=("ev", "event", "activity"),
    group="Account",
    scope="events:read_only",
    default_filter={"+order_by": "id", "+order": "desc"},
    cursor=True,
    actions=(
        Action(
            "seen",
            "Mark seen up to this event",
            "POST",
            "/account/events/{id}/seen",
            "events:read_only",
            binding="m",
            bulk=False,
            verb="marked seen",
            after_send=lambda host: host.mark_events_seen(),
        ),
    ),
)

AREA = EVENTS
