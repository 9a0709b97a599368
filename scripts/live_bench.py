#!/usr/bin/env python3
"""Load test of live sessions and sign-ins against a running RMM Classroom server (127.0.0.1 only).

Prints:
  - slide-advance delivery time to N learners connected by server-sent events: the time from the
    instructor's request to each learner receiving the new state, p50 and p99 over all deliveries;
  - S concurrent sign-ins: latency p50/p99, errors, and the server's peak resident memory.

Usage: live_bench.py BASE_URL[,BASE_URL2…] SERVER_PID[,PID2…] [LEARNERS] [ADVANCES] [SIGNINS]
With several servers (one deployment on one PostgreSQL database), the instructor drives on the
first and the learners are spread over all of them in turn, so most deliveries cross servers.
The database must be fresh and hold the ADMIN account created by scripts/bench. Only the standard library is used: every connection is a raw HTTP/1.1 socket.
"""

import asyncio
import json
import re
import statistics
import sys
import time
import urllib.parse

import benchlib

BASES = sys.argv[1].split(",")
PIDS = [int(pid) for pid in sys.argv[2].split(",")]
BASE = BASES[0]
PID = PIDS[0]
LEARNERS = int(sys.argv[3]) if len(sys.argv) > 3 else 500
ADVANCES = int(sys.argv[4]) if len(sys.argv) > 4 else 20
SIGNINS = int(sys.argv[5]) if len(sys.argv) > 5 else 200
HOST, PORT = urllib.parse.urlsplit(BASE).hostname, urllib.parse.urlsplit(BASE).port
assert all(urllib.parse.urlsplit(b).hostname in ("127.0.0.1", "localhost") for b in BASES), \
    "load only ever goes to this machine"


async def request(method, path, body=b"", headers=None, base=BASE):
    return await benchlib.request(base, method, path, body, headers)


async def drive(cookie, class_id, change):
    body = json.dumps({"class_id": class_id, "change": change}).encode()
    status, _, payload = await request("POST", "/api/drive_live", body,
                                       {"Content-Type": "application/json", "Cookie": cookie})
    assert status == 200 and payload.startswith(b'{"Granted"'), f"drive: {status} {payload[:200]}"


class Listener:
    """One learner's event stream: records when each version arrived."""

    def __init__(self):
        self.arrivals = {}
        self.ready = asyncio.Event()

    async def run(self, cookie, class_id, base):
        host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
        reader, writer = await asyncio.open_connection(host, port)
        writer.write((f"GET /classes/{class_id}/live/events HTTP/1.1\r\nHost: {host}:{port}\r\n"
                      f"Cookie: {cookie}\r\nAccept: text/event-stream\r\n\r\n").encode())
        await writer.drain()
        buffer = b""
        while True:
            chunk = await reader.read(65536)
            if not chunk:
                return
            now = time.perf_counter()
            buffer += chunk
            for version in re.findall(rb'"version":(\d+)', buffer):
                self.arrivals.setdefault(int(version), now)
            buffer = buffer[-200:]
            self.ready.set()


def peak_memory_kib():
    return benchlib.peak_memory_kib(PID)


async def main():
    admin_status, admin_cookie = await benchlib.sign_in(BASE, "bench.admin")
    assert admin_status == 303 and admin_cookie, "the bench administrator could not sign in"
    class_id, code = await benchlib.open_class(BASE, admin_cookie, "Bench class", "instructor-led")

    started = time.perf_counter()
    cookies = await benchlib.enrol(BASE, LEARNERS, code)
    print(f"setup: {LEARNERS} learners signed up and joined in {time.perf_counter() - started:.1f} s")

    listeners = [Listener() for _ in cookies]
    tasks = [asyncio.create_task(listener.run(cookie, class_id, BASES[i % len(BASES)]))
             for i, (listener, cookie) in enumerate(zip(listeners, cookies))]
    await asyncio.wait_for(asyncio.gather(*(listener.ready.wait() for listener in listeners)), 60)
    await drive(admin_cookie, class_id, {"Start": {"module_id": ""}})
    await asyncio.sleep(1)

    deliveries, crossing = [], []
    missing = 0
    version = 1
    for step in range(ADVANCES):
        slide = 2 + step % 10
        sent = time.perf_counter()
        await drive(admin_cookie, class_id, {"GoTo": {"module_id": "welcome", "slide": slide}})
        version += 1
        deadline = sent + 10
        while time.perf_counter() < deadline and any(version not in l.arrivals for l in listeners):
            await asyncio.sleep(0.005)
        for i, listener in enumerate(listeners):
            arrived = listener.arrivals.get(version)
            if arrived is None:
                missing += 1
            else:
                deliveries.append((arrived - sent) * 1000)
                if i % len(BASES) != 0:
                    crossing.append((arrived - sent) * 1000)
        await asyncio.sleep(0.2)
    for task in tasks:
        task.cancel()
    _, _, health = await request("GET", "/healthz")
    engine = json.loads(health)["database"]
    where = "1 server" if len(BASES) == 1 else f"{len(BASES)} servers (driven on the first, learners spread over all)"
    print(f"live session, {where}, {engine}: {LEARNERS} learners × {ADVANCES} slide advances = {len(deliveries)} deliveries, "
          f"{missing} missing; delivery time p50 {benchlib.percentile(deliveries, 50):.1f} ms, "
          f"p99 {benchlib.percentile(deliveries, 99):.1f} ms, max {max(deliveries):.1f} ms")
    if crossing:
        print(f"  of which {len(crossing)} crossed to another server: p50 {benchlib.percentile(crossing, 50):.1f} ms, "
              f"p99 {benchlib.percentile(crossing, 99):.1f} ms, max {max(crossing):.1f} ms")

    if SIGNINS == 0:
        return
    memory_before = peak_memory_kib()
    latencies, errors = [], 0

    async def timed_sign_in(i):
        nonlocal errors
        start = time.perf_counter()
        status, cookie = await benchlib.sign_in(BASE, f"learner{i:04d}")
        latencies.append((time.perf_counter() - start) * 1000)
        if status != 303 or not cookie:
            errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(timed_sign_in(i) for i in range(min(SIGNINS, LEARNERS))))
    elapsed = time.perf_counter() - started
    print(f"sign-ins: {len(latencies)} at once, {errors} errors, all done in {elapsed:.1f} s; "
          f"latency p50 {benchlib.percentile(latencies, 50):.0f} ms, p99 {benchlib.percentile(latencies, 99):.0f} ms; "
          f"server peak memory {peak_memory_kib() / 1024:.0f} MiB (before the sign-ins: {memory_before / 1024:.0f} MiB)")


asyncio.run(main())
