from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from linode_tui.api.errors import (
    ApiTimeoutError,
    AuthError,
    BusyError,
    FilterError,
    LinodeError,
    MaintenanceError,
    MalformedResponseError,
    NetworkError,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    ValidationError,
    decode_json,
    error_from_response,
    outcome_unknown,
    parse_retry_after,
    scrub,
)

TOKEN = "tok-SECRET-0123456789abcdef0123456789abcdef"


def resp(
    status: int,
    body: Any = None,
    *,
    headers: dict[str, str] | None = None,
    raw: bytes | None = None,
    ctype: str = "application/json",
    path: str = "/v4/linode/instances/7",
    method: str = "GET",
) -> httpx.Response:
    request = httpx.Request(
        method, f"https://api.linode.com{path}", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    content = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
    return httpx.Response(status, content=content, headers={"content-type": ctype, **(headers or {})},
                          request=request)


def errs(*items: tuple[str, str | None]) -> dict[str, Any]:
    return {"errors": [{"reason": r, "field": f} for r, f in items]}


def test_401_is_auth_error() -> None:
    e = error_from_response(resp(401, errs(("Invalid Token", None))))
    assert type(e) is AuthError
    assert e.status == 401
    assert e.reasons == ["Invalid Token"]
    assert "Invalid Token" in str(e)
    assert "token" in str(e).lower()


def test_403_reads_needed_scopes_from_header() -> None:
    e = error_from_response(
        resp(403, errs(("Unauthorized", None)), headers={"X-Accepted-OAuth-Scopes": "linodes:read_write"})
    )
    assert isinstance(e, PermissionDeniedError)
    assert e.needed_scopes == ["linodes:read_write"]
    assert "linodes:read_write" in str(e)


def test_403_without_header_is_grant_problem() -> None:
    e = error_from_response(resp(403, errs(("You do not have permission to access this Linode.", None))))
    assert isinstance(e, PermissionDeniedError)
    assert e.needed_scopes == []
    assert "permission to access this Linode" in str(e)


def test_404() -> None:
    e = error_from_response(resp(404, errs(("Not found", None))))
    assert type(e) is NotFoundError
    assert "/v4/linode/instances/7" in str(e)
    assert e.method == "GET" and e.path == "/v4/linode/instances/7"


def test_400_field_errors() -> None:
    e = error_from_response(
        resp(400, errs(("region is not valid", "region"), ("Label too short", "label"), ("Bad thing", None),
                       ("Label must be unique", "label")), method="POST")
    )
    assert type(e) is ValidationError
    assert e.field_errors == {
        "region": "region is not valid",
        "label": "Label too short; Label must be unique",
        "": "Bad thing",
    }
    assert "region: region is not valid" in str(e)
    assert len(e.reasons) == 4


def test_400_linode_busy() -> None:
    e = error_from_response(resp(400, errs(("Linode busy.", None)), method="POST"))
    assert isinstance(e, BusyError) and isinstance(e, ValidationError)
    assert "busy" in str(e).lower()


@pytest.mark.parametrize(
    "body",
    [errs(("Cannot filter on foo", "X-Filter")), errs(("Cannot filter on foo", None)),
     errs(("Invalid JSON in X-Filter", "X-Filter"))],
)
def test_400_filter_errors(body: dict[str, Any]) -> None:
    e = error_from_response(resp(400, body))
    assert isinstance(e, FilterError) and isinstance(e, ValidationError)
    assert str(e) == f"The API cannot apply this filter: {body['errors'][0]['reason']}"


def test_429_retry_after_seconds() -> None:
    e = error_from_response(resp(429, errs(("Too many requests", None)), headers={"Retry-After": "7"}))
    assert isinstance(e, RateLimitedError)
    assert e.retry_after == 7.0
    assert "7 s" in str(e)


def test_429_retry_after_http_date() -> None:
    now = 1_700_000_000.0
    date = "Tue, 14 Nov 2023 22:13:40 GMT"  # = now + 20 s
    e = error_from_response(resp(429, None, headers={"Retry-After": date}), now=now)
    assert isinstance(e, RateLimitedError)
    assert e.retry_after == pytest.approx(20.0)


def test_429_without_retry_after() -> None:
    e = error_from_response(resp(429, errs(("Too many requests", None))))
    assert isinstance(e, RateLimitedError) and e.retry_after is None


def test_503_maintenance_header() -> None:
    body = errs(("Service unavailable", None))
    e = error_from_response(resp(503, body, headers={"X-Maintenance-Mode": "1"}))
    assert type(e) is MaintenanceError


def test_503_maintenance_reason() -> None:
    e = error_from_response(resp(503, errs(("The API is undergoing maintenance", None))))
    assert type(e) is MaintenanceError


def test_503_other_is_server_error() -> None:
    reason = "Cluster kubeconfig is not yet available. Please try again later."
    e = error_from_response(resp(503, errs((reason, None))))
    assert type(e) is ServerError
    assert "kubeconfig" in str(e)


@pytest.mark.parametrize("status", [500, 502, 504])
def test_5xx_server_error(status: int) -> None:
    e = error_from_response(resp(status, errs(("Internal error", None))))
    assert type(e) is ServerError and e.status == status


def test_5xx_with_empty_body() -> None:
    e = error_from_response(resp(502, raw=b""))
    assert type(e) is ServerError
    assert "502" in str(e)


def test_html_body_is_malformed() -> None:
    e = error_from_response(resp(502, raw=b"<html><body>Bad Gateway</body></html>", ctype="text/html"))
    assert type(e) is MalformedResponseError
    assert e.status == 502
    assert str(e) == "the API answered with an HTML page (HTTP 502) — a proxy or gateway error?"


def test_html_body_without_content_type_is_malformed() -> None:
    e = error_from_response(resp(500, raw=b"  <!DOCTYPE html><title>oops</title>", ctype="application/json"))
    assert isinstance(e, MalformedResponseError)
    assert "HTML" in str(e)


def test_invalid_json_is_malformed() -> None:
    e = error_from_response(resp(500, raw=b'{"errors": [oops'))
    assert isinstance(e, MalformedResponseError)
    assert "not valid JSON" in str(e) and "500" in str(e)


def test_maintenance_html_page() -> None:
    e = error_from_response(resp(503, raw=b"<html>maintenance</html>", ctype="text/html",
                                 headers={"X-Maintenance-Mode": "true"}))
    assert isinstance(e, MaintenanceError)


def test_408_is_timeout() -> None:
    e = error_from_response(resp(408, None))
    assert isinstance(e, ApiTimeoutError) and isinstance(e, NetworkError)
    assert e.status == 408


def test_other_status_is_plain_linode_error() -> None:
    e = error_from_response(resp(409, {"message": "conflict happened"}))
    assert type(e) is LinodeError
    assert "409" in str(e) and "conflict happened" in str(e)


def test_token_never_in_message_repr_or_reasons() -> None:
    body = errs((f"Token {TOKEN} is invalid", "token"), (f"Bearer {TOKEN}", None))
    for status in (400, 401, 403, 404, 429, 500, 503):
        e = error_from_response(resp(status, body))
        for text in (str(e), repr(e), " ".join(e.reasons), " ".join(e.field_errors.values()), str(e.args)):
            assert TOKEN not in text, (status, text)


def test_token_in_path_is_scrubbed() -> None:
    e = error_from_response(resp(404, errs(("Not found", None)), path=f"/v4/profile/tokens/{TOKEN}"))
    assert TOKEN not in str(e) and TOKEN not in (e.path or "")


def test_explicit_secrets_scrubbed() -> None:
    r = httpx.Response(400, json=errs(("secret hunter2xyz leaked", None)))
    e = error_from_response(r, secrets=["hunter2xyz"])
    assert "hunter2xyz" not in str(e)


def test_scrub_bearer_pattern() -> None:
    assert scrub("Authorization: Bearer abcdef12345") == "Authorization: Bearer ***"
    assert scrub("x abc123456 y", ["abc123456"]) == "x *** y"


def test_messages_are_concise() -> None:
    e = error_from_response(resp(400, errs(*[("x" * 100, f"f{i}") for i in range(20)])))
    assert len(str(e)) <= 400


def test_decode_json() -> None:
    assert decode_json(resp(200, {"a": 1})) == {"a": 1}
    assert decode_json(resp(204, raw=b"")) is None
    with pytest.raises(MalformedResponseError, match="HTML page"):
        decode_json(resp(200, raw=b"<html></html>", ctype="text/html"))
    with pytest.raises(MalformedResponseError, match="not valid JSON"):
        decode_json(resp(200, raw=b"{nope"))


def test_parse_retry_after() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("1.5") == 1.5
    assert parse_retry_after("-4") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None


# -- could a failed mutation have been applied? --------------------------------------------------


@pytest.mark.parametrize(
    ("response", "unknown"),
    [
        (resp(500, errs(("Internal server error", None)), method="POST"), True),
        (resp(502, raw=b"<html>Bad Gateway</html>", ctype="text/html", method="POST"), True),
        (resp(504, raw=b"", method="POST"), True),
        (resp(503, raw=b"<html>down</html>", ctype="text/html", method="POST"), True),
        (resp(503, errs(("Currently in maintenance mode.", None)), headers={"X-Maintenance-Mode": "all"},
              method="POST"), False),
        (resp(400, errs(("Linode busy.", None)), method="POST"), False),
        (resp(400, errs(("region is not valid", "region")), method="POST"), False),
        (resp(401, errs(("Invalid Token", None)), method="POST"), False),
        (resp(403, errs(("Unauthorized", None)), method="POST"), False),
        (resp(404, errs(("Not found", None)), method="POST"), False),
        (resp(408, errs(("Request timeout", None)), method="POST"), False),
        (resp(429, errs(("Too many requests", None)), method="POST"), False),
        (resp(403, raw=b"<html>WAF says no</html>", ctype="text/html", method="POST"), False),
    ],
)
def test_outcome_unknown_for_answers(response: httpx.Response, unknown: bool) -> None:
    assert outcome_unknown(error_from_response(response)) is unknown


def test_outcome_unknown_for_bodies_and_connections() -> None:
    with pytest.raises(MalformedResponseError) as info:
        decode_json(resp(200, raw=b'{"id": 1', method="POST"))
    assert outcome_unknown(info.value)  # a 2xx: probably applied, certainly not confirmed
    assert outcome_unknown(NetworkError("reset", sent=True))
    assert not outcome_unknown(NetworkError("refused", sent=False))
    assert outcome_unknown(ApiTimeoutError("read timeout"))
    assert not outcome_unknown(ApiTimeoutError("connect timeout", sent=False))


def test_outcome_unknown_error_keeps_the_cause_and_scrubs() -> None:
    cause = ServerError(f"The Linode API had a server error (HTTP 502) for POST /v4/volumes: {TOKEN} leaked",
                        status=502, method="POST", path="/v4/volumes")
    e = OutcomeUnknownError(cause, method="POST", path="/volumes", secrets=[TOKEN])
    assert e.cause is cause and e.__cause__ is cause
    assert (e.method, e.path, e.status) == ("POST", "/volumes", 502)
    assert str(e) == (
        "POST /volumes may have been applied: the Linode API had a server error (HTTP 502): *** leaked. "
        "The outcome is unknown; check the resource or its events before trying again."
    )
    assert TOKEN not in str(e)
    assert isinstance(e, LinodeError)
