"""Support tickets, Longview, Managed and tags."""

from __future__ import annotations

from typing import Any

from linode_tui.sim.framework import ApiError, Ctx, FormFile, Listing, field_error, not_found, routes
from linode_tui.sim.handlers._common import (
    body,
    find_by,
    get_or_404,
    listing,
    require_account,
    require_entity,
    require_global,
    require_unrestricted,
    str_param,
    user,
    visible,
    w,
)
from linode_tui.sim.seed import hex_id

# --------------------------------------------------------------------------------------- support tickets
_TICKET_ENTITIES = {
    "linode_id": ("linode", "linodes"),
    "volume_id": ("volume", "volumes"),
    "domain_id": ("domain", "domains"),
    "nodebalancer_id": ("nodebalancer", "nodebalancers"),
    "database_id": ("database", "databases"),
    "firewall_id": ("firewall", "firewalls"),
    "lkecluster_id": ("lkecluster", "lke_clusters"),
    "vpc_id": ("vpc", "vpcs"),
}


def _ticket(ctx: Ctx) -> dict[str, Any]:
    t: dict[str, Any] = get_or_404(w(ctx).tickets, ctx.params.get("ticketId"))
    if ctx.token.restricted and t["opened_by"] != ctx.token.username:
        raise not_found()
    return t


@routes.get("/support/tickets")
def list_tickets(ctx: Ctx) -> Listing:
    items = list(w(ctx).tickets.values())
    if ctx.token.restricted:
        items = [t for t in items if t["opened_by"] == ctx.token.username]
    return listing(reversed(items))


@routes.post("/support/tickets")
def open_ticket(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    summary = ctx.json_field("summary", required=True, type_=str)
    description = ctx.json_field("description", required=True, type_=str)
    if not 1 <= len(summary) <= 64:
        raise field_error("summary", "Length must be 1-64 characters")
    if not 1 <= len(description) <= 65000:
        raise field_error("description", "Length must be 1-65000 characters")
    entity = None
    for key, (kind, store) in _TICKET_ENTITIES.items():
        eid = body(ctx).get(key)
        if eid is not None:
            obj = getattr(world, store).get(eid)
            if obj is None:
                raise field_error(key, "Entity not found")
            entity = world.entity_ref(kind, obj)
    tid = world.next_id("ticket", max(world.tickets, default=20_000_000))
    now = world.iso()
    ticket = {
        "id": tid,
        "summary": summary,
        "description": description,
        "status": "new",
        "entity": entity,
        "opened": now,
        "opened_by": ctx.token.username,
        "updated": now,
        "updated_by": ctx.token.username,
        "closed": None,
        "closable": True,
        "attachments": [],
        "gravatar_id": hex_id(world.rng_for(tid), 32),
    }
    world.tickets[tid] = ticket
    world.ticket_replies[tid] = []
    world.add_event("ticket_create", world.entity_ref("ticket", ticket, label=summary), username=user(ctx))
    return ticket


@routes.get("/support/tickets/{ticketId}")
def get_ticket(ctx: Ctx) -> dict[str, Any]:
    return _ticket(ctx)


@routes.get("/support/tickets/{ticketId}/replies")
def list_replies(ctx: Ctx) -> Listing:
    t = _ticket(ctx)
    return listing(w(ctx).ticket_replies.get(t["id"], []))


@routes.post("/support/tickets/{ticketId}/replies")
def reply(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    t = _ticket(ctx)
    if t["status"] == "closed":
        raise ApiError(400, "This ticket is closed.")
    text = ctx.json_field("description", required=True, type_=str)
    if not 1 <= len(text) <= 65535:
        raise field_error("description", "Length must be 1-65535 characters")
    rid = world.next_id("reply", 50_000_000)
    r = {
        "id": rid,
        "created": world.iso(),
        "created_by": ctx.token.username,
        "from_linode": False,
        "description": text,
        "gravatar_id": t["gravatar_id"],
    }
    world.ticket_replies.setdefault(t["id"], []).append(r)
    t.update(status="open", updated=r["created"], updated_by=ctx.token.username)
    world.add_event("ticket_update", world.entity_ref("ticket", t, label=t["summary"]), username=user(ctx))
    return r


#: The file extensions the API accepts for a ticket attachment (the spec's description).
ATTACHMENT_EXTENSIONS = (".gif", ".jpg", ".jpeg", ".pjpg", ".pjpeg", ".tif", ".tiff", ".png", ".pdf", ".txt")


@routes.post("/support/tickets/{ticketId}/attachments")
def attach_file(ctx: Ctx) -> dict[str, Any]:
    """A ``multipart/form-data`` body with a ``file`` part: the ticket's ``attachments`` lists its
    name (the world keeps name and size); the API answers ``{}``."""
    world = w(ctx)
    t = _ticket(ctx)
    part = ctx.body.get("file") if isinstance(ctx.body, dict) else None
    if not isinstance(part, FormFile):
        raise field_error("file", "file is required")
    name = part.filename.replace("\\", "/").rsplit("/", 1)[-1]
    if not part.content:
        raise field_error("file", "The file is empty")
    if not name.lower().endswith(ATTACHMENT_EXTENSIONS):
        raise field_error("file", "Accepted file extensions: " + ", ".join(ATTACHMENT_EXTENSIONS))
    world.ticket_attachments.setdefault(t["id"], []).append({"name": name, "size": len(part.content)})
    t["attachments"] = [*t.get("attachments", []), name]
    t.update(updated=world.iso(), updated_by=ctx.token.username)
    return {}


@routes.post("/support/tickets/{ticketId}/close")
def close_ticket(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    t = _ticket(ctx)
    if not t["closable"]:
        raise ApiError(400, "This ticket is not closable.")
    t.update(status="closed", closed=world.iso(), closable=False, updated=world.iso())
    return {}


# ------------------------------------------------------------------------------------------------ Longview
def _client(ctx: Ctx, *, write: bool = False) -> dict[str, Any]:
    cid = ctx.params.get("clientId")
    c: dict[str, Any] = get_or_404(w(ctx).longview_clients, cid)
    require_entity(ctx, "longview", cid, write=write)
    return c


@routes.get("/longview/clients")
def list_lv(ctx: Ctx) -> Listing:
    return listing(visible(ctx, "longview", w(ctx).longview_clients.values()))


@routes.post("/longview/clients")
def create_lv(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    require_global(ctx, "add_longview")
    label = body(ctx).get("label")
    cid = world.next_id("longview", max(world.longview_clients, default=7000))
    if label is None:
        label = f"client{cid}"
    world.check_label(label)
    rng = world.rng_for(cid, 9)
    now = world.iso()
    c = {
        "id": cid,
        "label": label,
        "api_key": hex_id(rng, 32).upper(),
        "install_code": hex_id(rng, 32).upper(),
        "apps": {"apache": False, "nginx": False, "mysql": False},
        "created": now,
        "updated": now,
    }
    world.longview_clients[cid] = c
    world.add_event("longviewclient_create", world.entity_ref("longview", c), username=user(ctx))
    return c


@routes.get("/longview/clients/{clientId}")
def get_lv(ctx: Ctx) -> dict[str, Any]:
    return _client(ctx)


@routes.put("/longview/clients/{clientId}")
def update_lv(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    c = _client(ctx, write=True)
    c["label"] = world.check_label(ctx.json_field("label", required=True))
    c["updated"] = world.iso()
    world.add_event("longviewclient_update", world.entity_ref("longview", c), username=user(ctx))
    return c


@routes.delete("/longview/clients/{clientId}")
def delete_lv(ctx: Ctx) -> None:
    world = w(ctx)
    c = _client(ctx, write=True)
    del world.longview_clients[c["id"]]
    world.add_event("longviewclient_delete", world.entity_ref("longview", c), username=user(ctx))


@routes.get("/longview/subscriptions")
def lv_subscriptions(ctx: Ctx) -> Listing:
    return listing(w(ctx).longview_subscriptions)


@routes.get("/longview/subscriptions/{subscriptionId}")
def lv_subscription(ctx: Ctx) -> dict[str, Any]:
    return find_by(w(ctx).longview_subscriptions, str_param(ctx, "subscriptionId"))


@routes.get("/longview/types")
def lv_types(ctx: Ctx) -> Listing:
    return listing(w(ctx).price_lists["longview"])


@routes.get("/longview/plan")
def lv_plan(ctx: Ctx) -> dict[str, Any]:
    require_account(ctx)
    return w(ctx).longview_plan


@routes.put("/longview/plan")
def put_lv_plan(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    world = w(ctx)
    sid = ctx.json_field("longview_subscription")
    if sid is None:
        world.longview_plan = {}
        world.account_settings["longview_subscription"] = None
        return {}
    for s in world.longview_subscriptions:
        if s["id"] == sid:
            world.longview_plan = dict(s)
            world.account_settings["longview_subscription"] = sid
            return world.longview_plan
    raise field_error("longview_subscription", "longview_subscription is not valid")


# ------------------------------------------------------------------------------------------------- Managed
def _managed(ctx: Ctx, *, write: bool = False) -> None:
    require_unrestricted(ctx)
    if not w(ctx).account_settings.get("managed"):
        raise ApiError(400, "Linode Managed is not enabled on this account.")


def _crud(kind: str, store_name: str, base: str, param: str, create_fields: tuple[str, ...]) -> None:
    def store(ctx: Ctx) -> dict[int, dict[str, Any]]:
        s: dict[int, dict[str, Any]] = getattr(w(ctx), store_name)
        return s

    @routes.get(base)
    def list_all(ctx: Ctx) -> Listing:
        _managed(ctx)
        return listing(store(ctx).values())

    @routes.get(base + "/{" + param + "}")
    def get_one(ctx: Ctx) -> dict[str, Any]:
        _managed(ctx)
        item: dict[str, Any] = get_or_404(store(ctx), ctx.params.get(param))
        return item

    @routes.post(base)
    def create(ctx: Ctx) -> dict[str, Any]:
        _managed(ctx)
        world = w(ctx)
        for f in create_fields:
            ctx.json_field(f, required=True)
        iid = world.next_id(kind, max(store(ctx), default=100))
        item: dict[str, Any] = {
            "id": iid,
            **{k: v for k, v in body(ctx).items() if k != "id"},
            "updated": world.iso(),
        }
        if kind == "managed_credential":  # the API keeps the secret and never returns it
            for secret in ("username", "password"):
                item.pop(secret, None)
            item.setdefault("last_decrypted", None)
        if kind == "managed_service":
            item.setdefault("status", "pending")
            item.setdefault("credentials", [])
            item.setdefault("created", world.iso())
        store(ctx)[iid] = item
        return item

    @routes.put(base + "/{" + param + "}")
    def update(ctx: Ctx) -> dict[str, Any]:
        _managed(ctx)
        item: dict[str, Any] = get_or_404(store(ctx), ctx.params.get(param))
        hidden = ("username", "password") if kind == "managed_credential" else ()
        changes = {k: v for k, v in body(ctx).items() if k != "id" and k not in hidden}
        item.update(changes, updated=w(ctx).iso())
        return item

    @routes.delete(base + "/{" + param + "}")
    def delete(ctx: Ctx) -> None:
        _managed(ctx)
        item = get_or_404(store(ctx), ctx.params.get(param))
        del store(ctx)[item["id"]]


_crud(
    "managed_service",
    "managed_services",
    "/managed/services",
    "serviceId",
    ("label", "service_type", "address"),
)
_crud("managed_contact", "managed_contacts", "/managed/contacts", "contactId", ("name",))
_crud("managed_credential", "managed_credentials", "/managed/credentials", "credentialId", ("label",))


@routes.post("/managed/credentials/{credentialId}/update")
def update_credential_secret(ctx: Ctx) -> dict[str, Any]:
    """A credential's username/password change (stored, never returned)."""
    _managed(ctx)
    world = w(ctx)
    cred = get_or_404(world.managed_credentials, ctx.params.get("credentialId"))
    ctx.json_field("password", required=True, type_=str)
    ctx.json_field("username", type_=str)
    cred["updated"] = world.iso()
    return {}


@routes.post("/managed/credentials/{credentialId}/revoke")
def revoke_credential(ctx: Ctx) -> dict[str, Any]:
    """Revoking deletes the credential; services using it lose it."""
    _managed(ctx)
    world = w(ctx)
    cred = get_or_404(world.managed_credentials, ctx.params.get("credentialId"))
    del world.managed_credentials[cred["id"]]
    for svc in world.managed_services.values():
        if cred["id"] in (svc.get("credentials") or []):
            svc["credentials"] = [c for c in svc["credentials"] if c != cred["id"]]
    return {}


def _service_status(action: str, status: str) -> None:
    @routes.post(f"/managed/services/{{serviceId}}/{action}")
    def set_status(ctx: Ctx) -> dict[str, Any]:
        _managed(ctx)
        s: dict[str, Any] = get_or_404(w(ctx).managed_services, ctx.params.get("serviceId"))
        s["status"] = status
        return s


_service_status("disable", "disabled")
_service_status("enable", "ok")


@routes.get("/managed/issues")
def list_issues(ctx: Ctx) -> Listing:
    _managed(ctx)
    return listing(w(ctx).managed_issues.values())


@routes.get("/managed/issues/{issueId}")
def get_issue(ctx: Ctx) -> dict[str, Any]:
    _managed(ctx)
    issue: dict[str, Any] = get_or_404(w(ctx).managed_issues, ctx.params.get("issueId"))
    return issue


@routes.get("/managed/credentials/sshkey")
def managed_sshkey(ctx: Ctx) -> dict[str, Any]:
    _managed(ctx)
    return {"ssh_key": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDdemo managedservices@linode"}


def _managed_ssh(world: Any, lid: int) -> dict[str, Any]:
    store: dict[int, dict[str, Any]] = world.account_extra.setdefault("managed_ssh", {})
    return store.setdefault(lid, {"access": True, "user": "root", "ip": "any", "port": 22})


def _linode_settings(world: Any, x: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": x["id"],
        "label": x["label"],
        "group": x["group"] or "linodes",
        "ssh": dict(_managed_ssh(world, x["id"])),
    }


@routes.get("/managed/linode-settings")
def linode_settings(ctx: Ctx) -> Listing:
    _managed(ctx)
    world = w(ctx)
    return listing(_linode_settings(world, x) for x in world.linodes.values())


@routes.get("/managed/linode-settings/{linodeId}")
def linode_setting(ctx: Ctx) -> dict[str, Any]:
    _managed(ctx)
    world = w(ctx)
    return _linode_settings(world, get_or_404(world.linodes, ctx.params.get("linodeId")))


@routes.put("/managed/linode-settings/{linodeId}")
def put_linode_setting(ctx: Ctx) -> dict[str, Any]:
    """Only ``ssh`` changes (access, user, ip — "any" or an address —, port 1–65535)."""
    _managed(ctx)
    world = w(ctx)
    x = get_or_404(world.linodes, ctx.params.get("linodeId"))
    ssh = ctx.json_field("ssh", type_=dict) or {}
    cur = _managed_ssh(world, x["id"])
    if "access" in ssh:
        if not isinstance(ssh["access"], bool):
            raise field_error("ssh.access", "access must be a boolean")
        cur["access"] = ssh["access"]
    if "user" in ssh:
        if not isinstance(ssh["user"], str) or not 1 <= len(ssh["user"]) <= 32:
            raise field_error("ssh.user", "user must be 1-32 characters")
        cur["user"] = ssh["user"]
    if "ip" in ssh:
        ip = ssh["ip"]
        if not isinstance(ip, str) or not (ip == "any" or _is_ip(ip)):
            raise field_error("ssh.ip", 'ip must be "any" or an IP address')
        cur["ip"] = ip
    if "port" in ssh:
        port = ssh["port"]
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            raise field_error("ssh.port", "port must be between 1 and 65535")
        cur["port"] = port
    return _linode_settings(world, x)


def _is_ip(value: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


@routes.get("/managed/stats")
def managed_stats(ctx: Ctx) -> dict[str, Any]:
    _managed(ctx)
    world = w(ctx)
    last = int(world.now() // 300) * 300
    series = [
        {"x": (last - (23 - k) * 3600) * 1000, "y": round(20 + 10 * ((k * 7) % 5), 2)} for k in range(24)
    ]
    return {"data": {"cpu": series, "disk": series, "swap": series, "net_in": series, "net_out": series}}


# ---------------------------------------------------------------------------------------------------- tags
_TAG_KINDS = {"linodes": "linode", "volumes": "volume", "domains": "domain", "nodebalancers": "nodebalancer"}


@routes.get("/tags")
def list_tags(ctx: Ctx) -> Listing:
    require_unrestricted(ctx)
    return listing(w(ctx).tags.values())


@routes.post("/tags")
def create_tag(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    world = w(ctx)
    label = ctx.json_field("label", required=True, type_=str)
    if not 3 <= len(label) <= 50:
        raise field_error("label", "Length must be 3-50 characters")
    stores = {
        "linodes": world.linodes,
        "volumes": world.volumes,
        "domains": world.domains,
        "nodebalancers": world.nodebalancers,
    }
    for key, store in stores.items():
        for eid in body(ctx).get(key) or []:
            obj = store.get(eid)
            if obj is None:
                raise field_error(key, f"{_TAG_KINDS[key].capitalize()} {eid} not found")
            if label not in obj["tags"]:
                obj["tags"].append(label)
    world.ensure_tag(label)
    world.add_event("tag_create", world.entity_ref("tag", None, id=label, label=label), username=user(ctx))
    return world.tags[label]


@routes.get("/tags/{tagLabel}")
def tagged(ctx: Ctx) -> Listing:
    require_unrestricted(ctx)
    world = w(ctx)
    label = str_param(ctx, "tagLabel")
    if label not in world.tags:
        raise not_found()
    # the API lists only the taggable kinds its tagged-object schema documents (the four of POST /tags);
    # tags on firewalls, images, LKE clusters or databases do not appear here
    kinds = set(_TAG_KINDS.values())
    return listing(
        {"type": kind, "data": obj}
        for kind, obj in world.all_tagged()
        if kind in kinds and label in (obj.get("tags") or ())
    )


@routes.delete("/tags/{tagLabel}")
def delete_tag(ctx: Ctx) -> None:
    require_unrestricted(ctx)
    world = w(ctx)
    label = str_param(ctx, "tagLabel")
    if label not in world.tags:
        raise not_found()
    for _, obj in world.all_tagged():
        if label in (obj.get("tags") or ()):
            obj["tags"].remove(label)
    del world.tags[label]
    world.add_event("tag_delete", world.entity_ref("tag", None, id=label, label=label), username=user(ctx))
