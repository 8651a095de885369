"""The Profile area: your user (e-mail, timezone, 2FA status, Lish access) and its edit."""

from __future__ import annotations

from typing import Any

from linode_tui.core.descriptors import Action, Area, Col, FormField

LISH = (
    ("password_keys", "Password or SSH keys"),
    ("keys_only", "SSH keys only"),
    ("disabled", "Disabled"),
)
TIMEZONES = tuple(
    (z, z)
    for z in (
        "UTC",
        "Europe/London",
        "Europe/Berlin",
        "Europe/Paris",
        "Europe/Madrid",
        "Europe/Stockholm",
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
        "America/Toronto",
        "America/Sao_Paulo",
        "Asia/Tokyo",
        "Asia/Singapore",
        "Asia/Kolkata",
        "Asia/Shanghai",
        "Australia/Sydney",
        "Pacific/Auckland",
    )
)

RW = "account:read_write"
QUESTION_SLOTS = (1, 2, 3)


async def _questions_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """Three pickers of the API's questions (the answered ones chosen), each with its answer."""
    from linode_tui.api.errors import LinodeError

    try:
        data = await client.get("/profile/security-questions", force=True)
    except LinodeError:
        data = {}
    questions = [q for q in (data or {}).get("security_questions") or [] if isinstance(q, dict)]
    options = tuple((str(q["id"]), str(q.get("question"))) for q in questions if "id" in q)
    answered = [str(q["id"]) for q in questions if q.get("response")]
    out: list[FormField] = []
    for n in QUESTION_SLOTS:
        default = answered[n - 1] if len(answered) >= n else None
        out.append(
            FormField(f"q{n}", f"Question {n}", "select", required=True, options=options, default=default)
        )
        out.append(FormField(f"a{n}", f"Answer {n}", required=True, help="3–17 characters", secret=True))
    return tuple(out)


def questions_body(values: dict[str, Any]) -> dict[str, Any]:
    """Three different questions, each answered: a problem shows next to its field."""
    from linode_tui.api.errors import ValidationError

    errors: dict[str, str] = {}
    seen: set[Any] = set()
    entries = []
    for n in QUESTION_SLOTS:
        qid, answer = values.get(f"q{n}"), str(values.get(f"a{n}") or "").strip()
        if qid in seen:
            errors[f"q{n}"] = "Pick three different questions."
        seen.add(qid)
        if not 3 <= len(answer) <= 17:
            errors[f"a{n}"] = "An answer is 3–17 characters."
        entries.append({"question_id": int(str(qid)) if str(qid).isdigit() else qid, "response": answer})
    if errors:
        raise ValidationError("Check the answers", field_errors=errors)
    return {"security_questions": entries}


def phone_body(values: dict[str, Any]) -> dict[str, Any]:
    from linode_tui.api.errors import ValidationError

    iso = str(values.get("iso_code") or "").strip().upper()
    if len(iso) != 2 or not iso.isalpha():
        raise ValidationError(
            "Country", field_errors={"iso_code": "A two-letter country code, e.g. US or DE."}
        )
    return {"iso_code": iso, "phone_number": str(values.get("phone_number") or "").strip()}


PROFILE = Area(
    "profile",
    "Profile",
    "/profile",
    (
        Col("username", "Username"),
        Col("email", "E-mail"),
        Col("timezone", "Timezone"),
        Col("restricted", "Restricted", "bool"),
        Col("two_factor_auth", "2FA", "bool"),
    ),
    group="Profile",
    paginated=False,
    status_key=None,
    id_key="uid",
    label_key="username",
    detail_path="/profile",
    summary=(
        Col("username", "Username"),
        Col("email", "E-mail"),
        Col("timezone", "Timezone"),
        Col("restricted", "Restricted user", "bool"),
        Col("two_factor_auth", "Two-factor auth", "bool"),
        Col("lish_auth_method", "Lish access"),
        Col("email_notifications", "E-mail notifications", "bool"),
        Col("authorized_keys", "Lish keys", "count"),
        Col("verified_phone_number", "Verified phone"),
        Col("referrals.url", "Referral URL"),
    ),
    actions=(
        Action(
            "edit",
            "Edit profile",
            "PUT",
            "/profile",
            "account:read_write",
            binding="E",
            footer=True,
            bulk=False,
            verb="updated",
            form=(
                FormField("email", "E-mail", required=True, default_from="email"),
                FormField("timezone", "Timezone", "select", options=TIMEZONES, default_from="timezone"),
                FormField(
                    "email_notifications", "E-mail notifications", "bool", default_from="email_notifications"
                ),
                FormField(
                    "lish_auth_method", "Lish access", "select", options=LISH, default_from="lish_auth_method"
                ),
            ),
            note="Two-factor authentication is turned on and off in Cloud Manager (it needs your app).",
        ),
        Action(
            "questions",
            "Security questions",
            "POST",
            "/profile/security-questions",
            RW,
            binding="Q",
            bulk=False,
            verb="answers saved",
            prepare_form=_questions_form,
            to_body=questions_body,
            note="Linode Support asks these to confirm it is you. Answering replaces earlier answers.",
        ),
        Action(
            "phone",
            "Verify a phone number: send code",
            "POST",
            "/profile/phone-number",
            RW,
            binding="P",
            bulk=False,
            verb="code sent",
            form=(
                FormField(
                    "iso_code", "Country code", required=True, default="US", help="Two letters: US, DE, GB…"
                ),
                FormField("phone_number", "Phone number", required=True, help="e.g. 215-555-0123"),
            ),
            to_body=phone_body,
            note="A code is sent to the number by SMS; enter it with V (Verify phone number: enter code).",
        ),
        Action(
            "verify",
            "Verify phone number: enter code",
            "POST",
            "/profile/phone-number/verify",
            RW,
            binding="V",
            bulk=False,
            verb="phone number verified",
            form=(FormField("otp_code", "Code from the SMS", required=True, secret=True),),
        ),
        Action(
            "unphone",
            "Remove phone number",
            "DELETE",
            "/profile/phone-number",
            RW,
            danger="confirm",
            bulk=False,
            verb="phone number removed",
            blocked=lambda p: None if p.get("verified_phone_number") else "No phone number is verified",
            consequence="The verified phone number is removed: SMS login codes stop.",
        ),
    ),
)

AREA = PROFILE
