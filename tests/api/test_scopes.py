from __future__ import annotations

from typing import Any

import httpx
import pytest

from linode_tui.api.client import LinodeClient
from linode_tui.api.errors import PermissionDeniedError
from linode_tui.api.scopes import Grants, Scopes, load_grants


def test_unknown_is_permissive_but_not_known() -> None:
    s = Scopes.unknown()
    assert not s.known
    assert s.can("linodes:read_write", "account:read_write")
    assert str(s) == "unknown"
    assert Scopes.parse(None) == s


def test_star_grants_everything() -> None:
    s = Scopes.parse("*")
    assert s.known
    assert s.can("linodes:read_write", "account:read_write", "databases:read_only", "vpc:read_write")
    assert not s.read_only_everywhere
    assert s.level("anything") == "read_write"


def test_star_read_only() -> None:
    s = Scopes.parse("*:read_only")
    assert s.can("linodes:read_only", "events:read_only")
    assert not s.can("linodes:read_write")
    assert s.read_only_everywhere


@pytest.mark.parametrize("header", ["linodes:read_write account:read_only",
                                    "linodes:read_write,account:read_only",
                                    " linodes:read_write ,  account:read_only "])
def test_space_or_comma_separated(header: str) -> None:
    s = Scopes.parse(header)
    assert s.can("linodes:read_write")
    assert s.can("linodes:read_only")  # read_write implies read_only
    assert s.can("account:read_only")
    assert not s.can("account:read_write")
    assert not s.can("volumes:read_only")
    assert s.level("linodes") == "read_write" and s.level("account") == "read_only"
    assert s.level("volumes") is None


def test_can_requires_all_and_ignores_empty() -> None:
    s = Scopes.parse("images:read_write")
    assert s.can()  # operation declaring no scope
    assert s.can("")
    assert not s.can("images:read_write", "linodes:read_only")  # imagize needs both
    assert s.can_any(["linodes:read_only", "images:read_only"])
    assert s.can_any([])
    assert s.can("images")  # bare area = read_only


def test_ips_read_typo_is_read_only() -> None:
    assert Scopes.parse("ips:read_only").can("ips:read")
    assert not Scopes.parse("ips:read").can("ips:read_write")


def test_empty_header_means_no_scopes() -> None:
    s = Scopes.parse("")
    assert s.known and not s.can("linodes:read_only")
    assert s.can()


def make(handler: Any, clock: Any) -> LinodeClient:
    return LinodeClient("t", "https://x.test/v4", transport=httpx.MockTransport(handler),
                        clock=clock.monotonic, sleep=clock.sleep, wall=clock.wall)


async def test_load_grants_204_is_unrestricted(clock: Any) -> None:
    async with make(lambda r: httpx.Response(204), clock) as api:
        grants = await load_grants(api)
    assert grants.unrestricted
    assert grants.can("linode", 1, "read_write")
    assert grants.can_global("add_linodes") and grants.can_global("cancel_account")
    assert grants.account_access == "read_write"


GRANTS = {
    "global": {"add_linodes": True, "add_volumes": False, "account_access": "read_only",
               "cancel_account": False},
    "linode": [{"id": 123, "label": "web", "permissions": "read_write"},
               {"id": 124, "label": "db", "permissions": "read_only"},
               {"id": 125, "label": "x", "permissions": None}],
    "volume": [],
    "domain": [{"id": "9", "label": "ex.com", "permissions": "read_only"}],
}


async def test_load_grants_restricted(clock: Any) -> None:
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.path)
        return httpx.Response(200, json=GRANTS)

    async with make(handler, clock) as api:
        grants = await load_grants(api)
        await load_grants(api)
    assert paths == ["/v4/profile/grants"] * 2  # never served from cache
    assert not grants.unrestricted
    assert grants.can("linode", 123, "read_write")
    assert grants.can("linode", 124, "read_only")
    assert not grants.can("linode", 124, "read_write")
    assert not grants.can("linode", 125)
    assert not grants.can("linode", 999)
    assert grants.can("linodes", "123", "read_write")  # plural + string id
    assert grants.can("domain", 9)
    assert grants.can("linode", None, "read_write")  # at least one
    assert not grants.can("volume")  # none granted
    assert grants.can("placement_group", 1)  # type not in grants: the API decides
    assert grants.can_global("add_linodes")
    assert not grants.can_global("add_volumes")
    assert not grants.can_global("add_databases")  # missing = not granted
    assert grants.can_global("account_access", "read_only")
    assert not grants.can_global("account_access", "read_write")
    assert grants.account_access == "read_only"


def test_grants_null_account_access() -> None:
    g = Grants.from_json({"global": {"account_access": None}})
    assert not g.can_global("account_access", "read_only")
    assert g.account_access is None


async def test_load_grants_error_propagates(clock: Any) -> None:
    denied = httpx.Response(403, json={"errors": [{"reason": "Unauthorized"}]})
    async with make(lambda r: denied, clock) as api:
        with pytest.raises(PermissionDeniedError):
            await load_grants(api)
