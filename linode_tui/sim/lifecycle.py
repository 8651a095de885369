"""Lazy lifecycles: actions move an entity through the real statuses over *sim* time and emit Events.

How a job runs (all computed lazily from ``clock.now()`` by :func:`advance`, called by ``World.tick``):

* The event is created ``scheduled`` (``percent_complete`` 0, ``duration`` null) and the entity takes
  its first transitional status at once (``booting``, ``shutting_down``, ...), like the real API.
* After :data:`SCHEDULED_FOR` seconds it becomes ``started``; ``percent_complete`` advances linearly
  with time (capped at 99 while running), ``duration`` counts seconds since the start, and
  ``time_remaining`` is an ``"H:M:S"`` string for migrations/resizes (null otherwise).
* At the end it is ``finished`` (percent 100) and the entity takes its final status; some jobs chain a
  follow-up job (create → ``linode_boot``, rebuild → ``linode_boot``) that starts exactly when the first
  one ended.
* While a job runs, writes on the same entity raise ``400 Linode busy.`` (``World.ensure_idle``).

Durations (real-API-like, in sim seconds, divided by the World's ``speed``): see :data:`DURATIONS`.

**Failure convention (to provoke failures on purpose):** any job on an entity whose *label contains
"fail"* (for example a Linode labelled ``web-fail-1``, which every seed contains when it has at least 5
Linodes) ends ``failed`` at about 60% of its duration: the event status becomes ``failed``, the entity
returns to the status it had before the action, and the action's effect is not applied. Rename the
entity (remove "fail") and the next action succeeds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from linode_tui.sim.world import World

__all__ = ["DURATIONS", "SCHEDULED_FOR", "Job", "advance", "start_job"]

SCHEDULED_FOR = 2.0  # seconds an event stays "scheduled" before it is "started"
FAIL_AT = 0.6  # fraction of the duration at which a job meant to fail fails

DURATIONS: dict[str, float] = {
    "linode_boot": 30,
    "linode_reboot": 40,
    "linode_shutdown": 20,
    "linode_create": 60,
    "linode_rebuild": 90,
    "linode_resize": 120,
    "linode_migrate": 150,
    "linode_migrate_datacenter": 180,
    "linode_mutate": 120,
    "linode_clone": 75,
    "backups_restore": 90,
    "linode_delete": 15,
    "password_reset": 15,
    "linode_snapshot": 60,
    "disk_create": 20,
    "disk_resize": 30,
    "disk_delete": 10,
    "disk_duplicate": 40,
    "disk_imagize": 60,
    "volume_create": 30,
    "volume_attach": 10,
    "volume_detach": 10,
    "volume_resize": 30,
    "volume_clone": 45,
    "lke_cluster_create": 120,
    "database_create": 300,
    "database_resume": 60,
    "database_suspend": 60,
}

Callback = Callable[[float], Any]


@dataclass
class Job:
    """One action in progress."""

    kind: str  # entity kind: "linode", "volume", "disk", ...
    obj: dict[str, Any]  # the entity whose status moves (may be a silent companion)
    start: float
    phases: list[tuple[str | None, float]]  # (status during the phase or None = unchanged, seconds)
    final_status: str | None
    prev_status: str | None
    event: dict[str, Any] | None = None
    fail: bool = False
    on_done: Callback | None = None
    on_fail: Callback | None = None
    time_remaining: bool = False
    busy_key: tuple[str, Any] | None = None
    status_kind: str = "linode"  # how World.set_status records the status ("linode" tracks power)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(d for _, d in self.phases) or 1.0

    @property
    def begin(self) -> float:
        return self.start + (SCHEDULED_FOR if self.event is not None else 0.0)

    @property
    def end(self) -> float:
        return self.begin + self.total

    @property
    def stop(self) -> float:
        return self.begin + self.total * FAIL_AT if self.fail else self.end

    def status_at(self, t: float) -> tuple[str | None, float]:
        """The entity status at time t and when that phase began."""
        acc = self.begin
        status, since = self.phases[0][0], self.start
        for st, d in self.phases:
            if t < acc:
                break
            status, since = st, acc
            acc += d
        return status, since


def _hms(seconds: float) -> str:
    s = max(0, round(seconds))
    return f"{s // 3600}:{s % 3600 // 60}:{s % 60}"


def start_job(
    world: World,
    *,
    kind: str,
    obj: dict[str, Any],
    action: str | None,
    phases: list[tuple[str | None, float]],
    final_status: str | None,
    username: str | None,
    entity: dict[str, Any] | None = None,
    secondary: dict[str, Any] | None = None,
    on_done: Callback | None = None,
    on_fail: Callback | None = None,
    at: float | None = None,
    time_remaining: bool = False,
    busy_key: tuple[str, Any] | None = None,
    status_kind: str | None = None,
    fail: bool | None = None,
    prev_status: str | None = None,
) -> Job:
    """Start a job at ``at`` (default now). ``phases`` durations are base seconds (scaled by speed)."""
    start = world.now() if at is None else at
    scaled = [(st, world.duration(d)) for st, d in phases]
    event = None
    if action is not None:
        event = world.add_event(
            action, entity, username=username, status="scheduled", secondary=secondary, created=start
        )
        event["percent_complete"] = 0
    if fail is None:
        fail = "fail" in str(obj.get("label") or "")
    job = Job(
        kind=kind,
        obj=obj,
        start=start,
        phases=scaled,
        final_status=final_status,
        prev_status=obj.get("status") if prev_status is None else prev_status,
        event=event,
        fail=fail,
        on_done=on_done,
        on_fail=on_fail,
        time_remaining=time_remaining,
        busy_key=busy_key,
        status_kind=status_kind or kind,
    )
    world.jobs.append(job)
    if busy_key is not None:
        world.busy_keys[busy_key] = job
    first = scaled[0][0] if scaled else None
    if first is not None and "status" in obj:
        world.set_status(obj, first, start, kind=job.status_kind)
    return job


def _update(world: World, job: Job, now: float) -> None:
    ev = job.event
    status, since = job.status_at(now)
    if status is not None and "status" in job.obj and job.obj["status"] != status:
        world.set_status(job.obj, status, since, kind=job.status_kind)
    if ev is None:
        return
    if now < job.begin:
        ev["status"] = "scheduled"
        ev["percent_complete"] = 0
        ev["duration"] = None
        ev["time_remaining"] = _hms(job.total) if job.time_remaining else None
        return
    elapsed = now - job.begin
    ev["status"] = "started"
    ev["percent_complete"] = min(99, int(elapsed / job.total * 100))
    ev["duration"] = round(elapsed, 1)
    ev["time_remaining"] = _hms(job.total - elapsed) if job.time_remaining else None


def _complete(world: World, job: Job) -> None:
    t = job.stop
    ev = job.event
    if job.busy_key is not None and world.busy_keys.get(job.busy_key) is job:
        del world.busy_keys[job.busy_key]
    if job.fail:
        if ev is not None:
            ev["status"] = "failed"
            ev["percent_complete"] = min(99, int(FAIL_AT * 100))
            ev["duration"] = round(t - job.begin, 1)
            ev["time_remaining"] = None
            ev["message"] = "The action could not be completed."
        if job.prev_status is not None and "status" in job.obj:
            world.set_status(job.obj, job.prev_status, t, kind=job.status_kind)
        if job.on_fail is not None:
            job.on_fail(t)
        return
    if ev is not None:
        ev["status"] = "finished"
        ev["percent_complete"] = 100
        ev["duration"] = round(job.total, 1)
        ev["time_remaining"] = None if not job.time_remaining else "0:0:0"
    if job.final_status is not None and "status" in job.obj:
        world.set_status(job.obj, job.final_status, t, kind=job.status_kind)
    if job.on_done is not None:
        job.on_done(t)


def advance(world: World, now: float) -> None:
    """Complete every job whose end is due (in time order, follow-ups included) and update the rest."""
    while True:
        due = [j for j in world.jobs if j.stop <= now]
        if not due:
            break
        job = min(due, key=lambda j: j.stop)
        world.jobs.remove(job)
        _complete(world, job)
    for job in world.jobs:
        _update(world, job, now)


# ================================================================ entity actions (used by handlers)
def _d(action: str) -> float:
    return DURATIONS.get(action, 30)


def config_ref(world: World, linode: dict[str, Any], config_id: int | None = None) -> dict[str, Any] | None:
    configs = world.configs(linode["id"])
    if not configs:
        return None
    cid = config_id if config_id in configs else next(iter(configs))
    cfg = configs[cid]
    return {
        "id": cid,  # an integer, as the real API sends for configs and disks (API-NOTES §3.1, §8)
        "label": cfg["label"],
        "type": "linode_config",
        "url": f"/v4/linode/instances/{linode['id']}/configs/{cid}",
    }


def image_ref(world: World, image: str | None) -> dict[str, Any] | None:
    if not image:
        return None
    img = world.images.get(image)
    return {
        "id": image,
        "label": img["label"] if img else image,
        "type": "image",
        "url": f"/v4/images/{image}",
    }


def linode_job(
    world: World,
    linode: dict[str, Any],
    action: str,
    phases: list[tuple[str | None, float]],
    final: str | None,
    *,
    username: str | None,
    secondary: dict[str, Any] | None = None,
    on_done: Callback | None = None,
    on_fail: Callback | None = None,
    at: float | None = None,
    time_remaining: bool = False,
    prev_status: str | None = None,
    fail: bool | None = None,
) -> Job:
    return start_job(
        world,
        kind="linode",
        obj=linode,
        action=action,
        phases=phases,
        final_status=final,
        username=username,
        entity=world.entity_ref("linode", linode),
        secondary=secondary,
        on_done=on_done,
        on_fail=on_fail,
        at=at,
        time_remaining=time_remaining,
        busy_key=("linode", linode["id"]),
        prev_status=prev_status,
        fail=fail,
    )


def linode_boot(
    world: World,
    linode: dict[str, Any],
    *,
    username: str | None,
    config_id: int | None = None,
    at: float | None = None,
    action: str = "linode_boot",
    fail: bool | None = None,
) -> Job:
    return linode_job(
        world,
        linode,
        action,
        [("booting", _d("linode_boot"))],
        "running",
        username=username,
        secondary=config_ref(world, linode, config_id),
        at=at,
        fail=fail,
    )


def linode_reboot(
    world: World,
    linode: dict[str, Any],
    *,
    username: str | None,
    config_id: int | None = None,
    at: float | None = None,
) -> Job:
    status = "booting" if linode["status"] in ("offline", "stopped") else "rebooting"
    return linode_job(
        world,
        linode,
        "linode_reboot",
        [(status, _d("linode_reboot"))],
        "running",
        username=username,
        secondary=config_ref(world, linode, config_id),
        at=at,
    )


def linode_shutdown(world: World, linode: dict[str, Any], *, username: str | None) -> Job:
    return linode_job(
        world,
        linode,
        "linode_shutdown",
        [("shutting_down", _d("linode_shutdown"))],
        "offline",
        username=username,
    )


def linode_create(
    world: World,
    linode: dict[str, Any],
    *,
    username: str | None,
    booted: bool,
    action: str = "linode_create",
    secondary: dict[str, Any] | None = None,
    duration: float | None = None,
    on_done: Callback | None = None,
) -> Job:
    fail = "fail" in linode["label"]

    def done(t: float) -> None:
        if on_done is not None:
            on_done(t)
        if booted and linode["id"] in world.linodes:
            linode_boot(world, linode, username=username, at=t, fail=False)

    sec = secondary if secondary is not None else image_ref(world, linode.get("image"))
    return linode_job(
        world,
        linode,
        action,
        [("provisioning", duration or _d(action))],
        "offline",
        username=username,
        secondary=sec,
        on_done=done,
        prev_status="offline",
        fail=fail,
    )


def linode_rebuild(
    world: World, linode: dict[str, Any], *, username: str | None, image: str, apply: Callback
) -> Job:
    def done(t: float) -> None:
        apply(t)
        linode_boot(world, linode, username=username, at=t, fail=False)

    return linode_job(
        world,
        linode,
        "linode_rebuild",
        [("rebuilding", _d("linode_rebuild"))],
        None,
        username=username,
        secondary=image_ref(world, image),
        on_done=done,
    )


def linode_long_op(
    world: World,
    linode: dict[str, Any],
    action: str,
    *,
    username: str | None,
    apply: Callback | None = None,
    status: str = "migrating",
) -> Job:
    """resize / migrate / mutate: ``migrating`` (with time_remaining) then the previous power state."""
    prev = linode["status"]
    final = "running" if prev in ("running", "booting", "rebooting") else "offline"
    return linode_job(
        world,
        linode,
        action,
        [(status, _d(action))],
        final,
        username=username,
        on_done=apply,
        time_remaining=True,
    )


def linode_clone(world: World, source: dict[str, Any], new: dict[str, Any], *, username: str | None) -> Job:
    fail = "fail" in source["label"]
    d = _d("linode_clone")
    prev = source["status"]
    start_job(
        world,
        kind="linode",
        obj=source,
        action=None,
        phases=[("cloning", d + SCHEDULED_FOR)],
        final_status=prev,
        username=username,
        busy_key=("linode", source["id"]),
        fail=False,
    )
    return linode_job(
        world,
        new,
        "linode_clone",
        [("provisioning", d)],
        "offline",
        username=username,
        secondary=world.entity_ref("linode", source),
        prev_status="offline",
        fail=fail,
    )


def linode_delete(world: World, linode: dict[str, Any], *, username: str | None) -> Job:
    lid = linode["id"]
    return linode_job(
        world,
        linode,
        "linode_delete",
        [("deleting", _d("linode_delete"))],
        None,
        username=username,
        on_done=lambda t: world.remove_linode(lid),
    )


def linode_simple(
    world: World,
    linode: dict[str, Any],
    action: str,
    *,
    username: str | None,
    status: str | None = None,
    final: str | None = None,
    apply: Callback | None = None,
    on_fail: Callback | None = None,
    secondary: dict[str, Any] | None = None,
) -> Job:
    """A job that keeps the Linode busy; ``status`` None leaves its status as is."""
    return linode_job(
        world,
        linode,
        action,
        [(status, _d(action))],
        final,
        username=username,
        on_done=apply,
        on_fail=on_fail,
        secondary=secondary,
    )


def disk_ref(linode: dict[str, Any], disk: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": disk["id"],  # an integer, as the real API sends
        "label": disk["label"],
        "type": "disks",
        "url": f"/v4/linode/instances/{linode['id']}/disks/{disk['id']}",
    }


def disk_job(
    world: World,
    linode: dict[str, Any],
    disk: dict[str, Any],
    action: str,
    *,
    username: str | None,
    status: str = "not ready",
    final: str | None = "ready",
    apply: Callback | None = None,
    on_fail: Callback | None = None,
) -> Job:
    """Disk operations: the disk moves (``not ready``/``deleting`` → ``ready``); the Linode is busy."""
    return start_job(
        world,
        kind="disk",
        obj=disk,
        action=action,
        phases=[(status, _d(action))],
        final_status=final,
        username=username,
        entity=world.entity_ref("linode", linode),
        secondary=disk_ref(linode, disk),
        on_done=apply,
        on_fail=on_fail,
        busy_key=("linode", linode["id"]),
        status_kind="disk",
        fail="fail" in linode["label"],
    )


def volume_job(
    world: World,
    volume: dict[str, Any],
    action: str,
    *,
    username: str | None,
    status: str | None,
    final: str | None = "active",
    apply: Callback | None = None,
    on_fail: Callback | None = None,
    secondary: dict[str, Any] | None = None,
) -> Job:
    return start_job(
        world,
        kind="volume",
        obj=volume,
        action=action,
        phases=[(status, _d(action))],
        final_status=final,
        username=username,
        entity=world.entity_ref("volume", volume),
        secondary=secondary,
        on_done=apply,
        on_fail=on_fail,
        busy_key=("volume", volume["id"]),
        status_kind="volume",
    )


def entity_job(
    world: World,
    kind: str,
    obj: dict[str, Any],
    action: str,
    *,
    username: str | None,
    status: str | None,
    final: str | None,
    entity: dict[str, Any],
    apply: Callback | None = None,
    seconds: float | None = None,
) -> Job:
    """Generic job for other areas (databases, LKE clusters, images)."""
    key = obj.get("id")
    return start_job(
        world,
        kind=kind,
        obj=obj,
        action=action,
        phases=[(status, seconds or _d(action))],
        final_status=final,
        username=username,
        entity=entity,
        on_done=apply,
        busy_key=(kind, key),
        status_kind=kind,
    )
