"""The Account area: the account's contact and balance, and its settings (backups for new Linodes,
network helper, maintenance policy, interfaces for new Linodes)."""

from __future__ import annotations

from typing import Any

from msgspec.structs import replace

from linode_tui.core.descriptors import Action, Area, Col, FormField, Tab

POLICIES = (("linode/migrate", "Migrate (live, when possible)"), ("linode/power_off_on", "Power off and on"))
INTERFACES = (
    ("legacy_config_only", "Legacy (configuration profiles) only"),
    ("legacy_config_default_but_linode_allowed", "Legacy by default, Linode interfaces allowed"),
    ("linode_default_but_legacy_config_allowed", "Linode interfaces by default, legacy allowed"),
    ("linode_only", "Linode interfaces only"),
)


async def _settings_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """The form starts from the current settings."""
    from linode_tui.api.errors import LinodeError

    try:
        current = await client.get("/account/settings", force=True)
    except LinodeError:
        current = {}
    current = current if isinstance(current, dict) else {}
    return tuple(replace(f, default=current.get(f.name, f.default)) for f in action.form)


AGREEMENTS = (
    ("eu_model", "EU Model Contract"),
    ("privacy_policy", "Privacy Policy"),
    ("master_service_agreement", "Master Service Agreement"),
    ("billing_agreement", "Billing agreement"),
)


def agreements_text(a: Any) -> str:
    if not isinstance(a, dict):
        return "No agreements returned."
    lines = [
        f"{label:<26} {'acknowledged' if a.get(key) else 'not acknowledged'}" for key, label in AGREEMENTS
    ]
    if any(not a.get(key) for key, _ in AGREEMENTS[:3]):
        lines.append("\nPress A to acknowledge.")
    return "\n".join(lines)


async def _agreements_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """Only the agreements not acknowledged yet (an acknowledgement cannot be withdrawn)."""
    from linode_tui.api.errors import LinodeError

    try:
        current = await client.get("/account/agreements", force=True)
    except LinodeError:
        current = {}
    current = current if isinstance(current, dict) else {}
    return tuple(f for f in action.form if not current.get(f.name))


def agreements_body(values: dict[str, Any]) -> dict[str, Any]:
    from linode_tui.api.errors import ValidationError

    body = {k: True for k, v in values.items() if v}
    if not body:
        first = next(iter(values), "eu_model")
        raise ValidationError("Nothing ticked", field_errors={first: "Tick what you acknowledge."})
    return body


def settings_text(s: Any) -> str:
    if not isinstance(s, dict):
        return "No settings returned."
    on = {True: "on", False: "off", None: "—"}
    return "\n".join(
        [
            f"Backups for new Linodes   {on.get(s.get('backups_enabled'), s.get('backups_enabled'))}",
            f"Network helper            {on.get(s.get('network_helper'), s.get('network_helper'))}",
            f"Maintenance policy        {s.get('maintenance_policy') or '—'}",
            f"Interfaces for new Linodes {s.get('interfaces_for_new_linodes') or '—'}",
            f"Longview subscription     {s.get('longview_subscription') or 'none'}",
            f"Managed                   {on.get(s.get('managed'), s.get('managed'))}",
            f"Object Storage            {s.get('object_storage') or '—'}",
            "\nPress E to change.",
        ]
    )


ACCOUNT = Area(
    "account",
    "Account",
    "/account",
    (
        Col("company", "Company"),
        Col("email", "E-mail"),
        Col("balance", "Balance", "money"),
        Col("balance_uninvoiced", "Uninvoiced", "money"),
        Col("country", "Country"),
    ),
    group="Account",
    scope="account:read_only",
    paginated=False,
    status_key=None,
    id_key="euuid",
    detail_path="/account",
    tabs=(
        Tab(
            "settings",
            "Settings",
            "/account/settings",
            kind="object",
            text=lambda obj, _item, _lookup: settings_text(obj),
        ),
        Tab(
            "logins",
            "Logins",
            "/account/logins",
            columns=(
                Col("datetime", "When", "date"),
                Col("username", "User"),
                Col("ip", "Address"),
                Col("status", "Result"),
                Col("restricted", "Restricted", "bool"),
            ),
        ),
        Tab(
            "agreements",
            "Agreements",
            "/account/agreements",
            kind="object",
            text=lambda obj, _item, _lookup: agreements_text(obj),
        ),
        Tab(
            "betas",
            "Beta programs",
            "/betas",
            columns=(
                Col("label", "Program"),
                Col("id", "ID"),
                Col("description", "Description"),
                Col("greenlight_only", "Invitation only", "bool"),
                Col("started", "Started", "date"),
                Col("ended", "Ends", "date"),
            ),
        ),
    ),
    actions=(
        Action(
            "settings",
            "Account settings",
            "PUT",
            "/account/settings",
            "account:read_write",
            danger="confirm",
            binding="E",
            footer=True,
            bulk=False,
            verb="settings saved",
            consequence="The account's defaults change for everyone on it.",
            form=(
                FormField("backups_enabled", "Back up new Linodes by default", "bool"),
                FormField("network_helper", "Network helper on by default", "bool"),
                FormField("maintenance_policy", "Maintenance policy", "select", options=POLICIES),
                FormField(
                    "interfaces_for_new_linodes", "Interfaces for new Linodes", "select", options=INTERFACES
                ),
            ),
            prepare_form=_settings_form,
        ),
        Action(
            "agreements",
            "Acknowledge agreements",
            "POST",
            "/account/agreements",
            "account:read_write",
            danger="confirm",
            binding="A",
            bulk=False,
            verb="acknowledged",
            form=tuple(FormField(key, f"I acknowledge the {label}", "bool") for key, label in AGREEMENTS[:3]),
            prepare_form=_agreements_form,
            to_body=agreements_body,
            consequence="The account acknowledges what is ticked. It cannot be withdrawn.",
        ),
    ),
)

AREA = ACCOUNT
