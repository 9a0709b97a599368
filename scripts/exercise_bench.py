#!/usr/bin/env python3
"""The exercise submission storm, and what a crash in the middle of one loses.

Starts its own server (SQLite, a fresh database file) so that it can kill and restart it:
  1. LEARNERS learners join a self-paced class, then all submit the same exercise at once;
     prints errors, the time the storm took, and latency p50/p99;
  2. the same learners submit again (their second attempt) while the server is killed with SIGKILL
     half-way through; the server is restarted, and every submission it had acknowledged (answered
     with 303) is looked up in the database. Prints acknowledged, stored, and missing (goal: 0).

Usage: exercise_bench.py SERVER_BINARY PORT DATA_DIR [LEARNERS]
Only the standard library is used; every request goes to 127.0.0.1.
"""

import asyncio
import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request

import benchlib

BINARY, PORT, DATA = sys.argv[1], int(sys.argv[2]), sys.argv[3]
LEARNERS = int(sys.argv[4]) if len(sys.argv) > 4 else 500
BASE = f"http://127.0.0.1:{PORT}"
DB_FILE = os.path.join(DATA, "storm.db")
EXERCISE = "four-sources"  # two attempts: one per storm
ENV = {**os.environ, "LEPTOS_SITE_ADDR": f"127.0.0.1:{PORT}", "DATABASE_URL": f"sqlite://{DB_FILE}",
       "LEPTOS_SITE_ROOT": "target/site", "RUST_LOG": "warn"}


def start_server():
    log = open(os.path.join(DATA, "storm-server.log"), "a")
    process = subprocess.Popen([BINARY], env=ENV, stdout=subprocess.DEVNULL, stderr=log)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{BASE}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not come up")


async def submit(cookie, class_id, request_id):
    """One submit with answers to two items; returns (acknowledged, seconds)."""
    body, headers = benchlib.form([("class_id", str(class_id)), ("intent", "submit"), ("request_id", request_id),
                                   ("item.which-risk", "2"), ("item.chain.0", "1"), ("item.chain.1", "2")])
    started = time.perf_counter()
    try:
        status, _, _ = await benchlib.request(BASE, "POST", f"/exercises/{EXERCISE}/answers", body,
                                              {**headers, "Cookie": cookie})
    except (ConnectionError, OSError, IndexError, ValueError):
        return False, time.perf_counter() - started
    return status == 303, time.perf_counter() - started


async def storm(cookies, class_id, kill_after=None, process=None):
    """Everyone submits at once; with `kill_after`, SIGKILL once that many are acknowledged."""
    request_ids = [secrets.token_hex(16) for _ in cookies]
    acknowledged = []
    latencies = []

    async def one(i):
        ok, seconds = await submit(cookies[i], class_id, request_ids[i])
        latencies.append(seconds * 1000)
        if ok:
            acknowledged.append(request_ids[i])
            if kill_after is not None and len(acknowledged) == kill_after:
                process.send_signal(signal.SIGKILL)

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(len(cookies))))
    return acknowledged, latencies, time.perf_counter() - started


async def main():
    benchlib.check_local(BASE)
    os.makedirs(DATA, exist_ok=True)
    subprocess.run([BINARY, "create-admin", "--username", "storm.admin", "--display-name", "Storm instructor"],
                   env={**ENV, "ADMIN_PASSWORD": benchlib.PASSWORD}, check=True, stdout=subprocess.DEVNULL)
    process = start_server()
    try:
        status, admin = await benchlib.sign_in(BASE, "storm.admin")
        assert status == 303 and admin
        class_id, code = await benchlib.open_class(BASE, admin, "Storm class", "self-paced")
        started = time.perf_counter()
        cookies = await benchlib.enrol(BASE, LEARNERS, code, prefix="storm")
        print(f"setup: {LEARNERS} learners signed up and joined in {time.perf_counter() - started:.1f} s")

        acknowledged, latencies, took = await storm(cookies, class_id)
        errors = LEARNERS - len(acknowledged)
        print(f"submission storm (SQLite, 1 server): {LEARNERS} learners submitted {EXERCISE} at once; "
              f"all answered in {took:.1f} s; {errors} errors; latency p50 {benchlib.percentile(latencies, 50):.0f} ms, "
              f"p99 {benchlib.percentile(latencies, 99):.0f} ms, max {max(latencies):.0f} ms")

        # Second storm: kill the server half-way.
        acknowledged, _, _ = await storm(cookies, class_id, kill_after=LEARNERS // 2, process=process)
        process.wait()
        process = start_server()
        with sqlite3.connect(DB_FILE) as db:
            stored = {row[0] for row in db.execute(
                "SELECT request_id FROM exercise_submissions WHERE exercise_id = ? AND attempt = 2", (EXERCISE,))}
        missing = [r for r in acknowledged if r not in stored]
        print(f"SIGKILL during a storm: {len(acknowledged)} submissions acknowledged before the kill, "
              f"{len(stored)} stored after the restart, {len(missing)} acknowledged but missing")
        if missing:
            raise SystemExit("acknowledged submissions were lost")
    finally:
        process.kill()
        process.wait()


asyncio.run(main())
