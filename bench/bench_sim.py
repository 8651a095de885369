"""Simulator benchmarks (not timed tests): run ``.venv/bin/python bench/bench_sim.py``.

(a) in process (httpx.ASGITransport): seeding 10,000 Linodes; ``GET /linode/instances``
    ``page_size=500`` (median of 20) without and with an X-Filter.  Goal: < 20 ms per page.
(b) loopback: uvicorn on 127.0.0.1 (ephemeral port) in a child process, a bounded number of
    GETs with 16 concurrent requests, from an httpx.AsyncClient and from a minimal raw keep-alive
    client (httpx's own per-request cost dominates on small machines; the raw client shows what
    the server sustains).  Goal: >= 500 requests/s.  Budgets are lifted in the child so the
    1600/min rate limit does not turn the run into 429s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time

import httpx

from linode_tui.sim import Simulator, create_sim

AUTH = {"Authorization": "Bearer demo"}


async def _time_gets(sim: Simulator, params: dict[str, int], headers: dict[str, str], n: int) -> list[float]:
    times: list[float] = []
    async with httpx.AsyncClient(transport=sim.transport(), base_url="http://sim/v4", headers=AUTH) as c:
        for _ in range(n):
            t0 = time.perf_counter()
            r = await c.get("/linode/instances", params=params, headers=headers)
            r.json()
            times.append(time.perf_counter() - t0)
            assert r.status_code == 200, r.text[:200]
    return times


def bench_in_process(linodes: int, runs: int) -> Simulator:
    t0 = time.perf_counter()
    sim = create_sim(linodes=linodes)
    seed_s = time.perf_counter() - t0
    print(f"[in-process] create_sim(linodes={linodes}): {seed_s * 1000:.0f} ms")

    cases = [
        ("page 1, page_size 500", {}),
        ('X-Filter {"region": "us-east"}', {"X-Filter": json.dumps({"region": "us-east"})}),
        ('X-Filter label contains "web" +order_by label desc',
         {"X-Filter": json.dumps({"label": {"+contains": "web"}, "+order_by": "label", "+order": "desc"})}),
    ]
    for name, headers in cases:
        times = asyncio.run(_time_gets(sim, {"page": 1, "page_size": 500}, headers, runs))
        med = statistics.median(times) * 1000
        verdict = "OK" if med < 20 else "SLOW (goal < 20 ms)"
        print(f"[in-process] GET /linode/instances {name}: median {med:.1f} ms "
              f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}) over {runs} -> {verdict}")
    return sim


_CHILD = """
import sys
from linode_tui.sim import create_sim
from linode_tui.sim.serve import ServerThread
sim = create_sim(linodes=int(sys.argv[1]), rate_limits={"default": 10**9, "mutate": 10**9})
server = ServerThread(sim, "127.0.0.1", 0).start()
print(server.port, flush=True)
sys.stdin.read()  # until the parent closes stdin
server.stop()
"""


async def _hammer_httpx(url: str, total: int, concurrency: int, paths: list[str]) -> float:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, headers=AUTH, limits=limits, timeout=30) as c:
        counter = iter(range(total))

        async def worker() -> None:
            for i in counter:
                r = await c.get(paths[i % len(paths)])
                if r.status_code != 200:
                    raise RuntimeError(f"{r.status_code} {r.text[:200]}")

        await c.get(paths[0])  # warm up one connection
        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - t0


async def _hammer_raw(port: int, total: int, concurrency: int, paths: list[str]) -> float:
    """Minimal keep-alive HTTP/1.1 client: measures the server rather than the client library."""
    counter = iter(range(total))

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for i in counter:
                writer.write(f"GET /v4{paths[i % len(paths)]} HTTP/1.1\r\nHost: sim\r\n"
                             "Authorization: Bearer demo\r\n\r\n".encode())
                head = await reader.readuntil(b"\r\n\r\n")
                if not head.startswith(b"HTTP/1.1 200"):
                    raise RuntimeError(head[:60].decode())
                length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length:"))
                await reader.readexactly(length)
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - t0


def bench_loopback(linodes: int, total: int, concurrency: int) -> None:
    """uvicorn serves from a child process (its own GIL); this process is the client."""
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(linodes)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdin is not None
        port = int(child.stdout.readline())
        url = f"http://127.0.0.1:{port}/v4"
        first = httpx.get(f"{url}/linode/instances", params={"page_size": 200}, headers=AUTH, timeout=30)
        ids = [x["id"] for x in first.json()["data"]]
        cases = (("GET /linode/instances/{id}", [f"/linode/instances/{i}" for i in ids]),
                 ("GET /linode/instances?page_size=25", ["/linode/instances?page_size=25"]))
        for name, paths in cases:
            # httpx's pool costs grow with concurrency on small machines: show 16 and 4
            for conc in dict.fromkeys((concurrency, 4)):
                elapsed = asyncio.run(_hammer_httpx(url, total, conc, paths))
                rps = total / elapsed
                verdict = "OK" if rps >= 500 else "below 500 req/s (client-bound, see raw client)"
                print(f"[loopback] httpx.AsyncClient {name}: {total} requests, concurrency {conc}: "
                      f"{elapsed:.2f} s = {rps:.0f} req/s -> {verdict}")
            elapsed = asyncio.run(_hammer_raw(port, total, concurrency, paths))
            rps = total / elapsed
            verdict = "OK" if rps >= 500 else "below 500 req/s"
            print(f"[loopback] raw keep-alive client {name}: {total} requests, concurrency {concurrency}: "
                  f"{elapsed:.2f} s = {rps:.0f} req/s -> {verdict}")
    finally:
        if child.stdin is not None:
            child.stdin.close()
        try:
            child.wait(15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(5)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--linodes", type=int, default=10_000)
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--requests", type=int, default=2_000)
    p.add_argument("--concurrency", type=int, default=16)
    args = p.parse_args()
    bench_in_process(args.linodes, args.runs)
    bench_loopback(1_000, args.requests, args.concurrency)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
