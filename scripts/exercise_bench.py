#!/usr/bin/env python3
"""The exercise submission storm, and what a crash in the middle of one loses.

Starts its own server (SQLite, a fresh database file) so that it can kill and restart it:
  1. LEARNERS learners join a self-paced class, then all submit the same exercise at once;
     prints errors, the time the storm took, and latency p50/p99;
  2. the same learners submit again (their second attempt) while the server is killed with SIGKILL
     half-way through; the server is restarted, and every submission it had acknowledged (answered
     with 303) is looked up in the database. Prints acknowledged, stored, and missing (goal: 0).

The storm's figures, and the gradebook of the class it filled (build time p99 over 30 requests,
size as sent), are recorded under `storm.sqlite.*` and `views.gradebook.sqlite.*`.

Usage: exercise_bench.py SERVER_BINARY PORT DATA_DIR [LEARNERS]
   or: exercise_bench.py --against BASE_URL[,BASE_URL2…] LABEL [LEARNERS]
The second form runs the storm (not the kill) against servers already running on a database that
holds scripts/bench's ADMIN account, spreading learners over them (`storm.LABEL.*`).
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

AGAINST = sys.argv[1] == "--against"
if AGAINST:
    BASES = sys.argv[2].split(",")
    LABEL = sys.argv[3]
    LEARNERS = int(sys.argv[4]) if len(sys.argv) > 4 else 500
    BINARY, PORT, DATA = None, None, None
    BASE = BASES[0]
else:
    BINARY, PORT, DATA = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    LEARNERS = int(sys.argv[4]) if len(sys.argv) > 4 else 500
    BASE = f"http://127.0.0.1:{PORT}"
    BASES = [BASE]
    LABEL = "sqlite"
DB_FILE = os.path.join(DATA, "storm.db") if DATA else None
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


async def submit(cookie, class_id, request_id, base=BASE):
    """One submit with answers to two items; returns (acknowledged, seconds)."""
    body, headers = benchlib.form([("class_id", str(class_id)), ("intent", "submit"), ("request_id", request_id),
                                   ("item.which-risk", "2"), ("item.chain.0", "1"), ("item.chain.1", "2")])
    started = time.perf_counter()
    try:
        status, _, _ = await benchlib.request(base, "POST", f"/exercises/{EXERCISE}/answers", body,
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
        ok, seconds = await submit(cookies[i], class_id, request_ids[i], BASES[i % len(BASES)])
        latencies.append(seconds * 1000)
        if ok:
            acknowledged.append(request_ids[i])
            if kill_after is not None and len(acknowledged) == kill_after:
                process.send_signal(signal.SIGKILL)

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(len(cookies))))
    return acknowledged, latencies, time.perf_counter() - started


def report_storm(latencies, acknowledged, took):
    errors = LEARNERS - len(acknowledged)
    print(f"submission storm ({LABEL}, {len(BASES)} server(s)): {LEARNERS} learners submitted {EXERCISE} at once; "
          f"all answered in {took:.1f} s; {errors} errors; latency p50 {benchlib.percentile(latencies, 50):.0f} ms, "
          f"p99 {benchlib.percentile(latencies, 99):.0f} ms, max {max(latencies):.0f} ms")
    benchlib.record(f"storm.{LABEL}.learners", LEARNERS)
    benchlib.record(f"storm.{LABEL}.errors", errors)
    benchlib.record(f"storm.{LABEL}.seconds", round(took, 2))
    benchlib.record(f"storm.{LABEL}.p50_ms", round(benchlib.percentile(latencies, 50), 1))
    benchlib.record(f"storm.{LABEL}.p99_ms", round(benchlib.percentile(latencies, 99), 1))


async def report_gradebook(class_id, admin):
    times, raw, sent = await benchlib.page_costs(BASE, f"/classes/{class_id}/gradebook", admin)
    print(f"gradebook of a class of {LEARNERS}: page build p50 {benchlib.percentile(times, 50):.0f} ms, "
          f"p99 {benchlib.percentile(times, 99):.0f} ms; {raw} bytes uncompressed, {sent} bytes sent (brotli)")
    benchlib.record(f"views.gradebook.{LABEL}.learners", LEARNERS)
    benchlib.record(f"views.gradebook.{LABEL}.p99_ms", round(benchlib.percentile(times, 99), 1))
    benchlib.record(f"views.gradebook.{LABEL}.raw_bytes", raw)
    benchlib.record(f"views.gradebook.{LABEL}.br_bytes", sent)


async def against_running_servers():
    """The storm alone, against servers already running (scripts/bench's PostgreSQL pair)."""
    for base in BASES:
        benchlib.check_local(base)
    status, admin = await benchlib.sign_in(BASE, "bench.admin")
    assert status == 303 and admin
    class_id, code = await benchlib.open_class(BASE, admin, "Storm class", "self-paced")
    cookies = await benchlib.enrol(BASE, LEARNERS, code, prefix="stormer")
    acknowledged, latencies, took = await storm(cookies, class_id)
    report_storm(latencies, acknowledged, took)


async def main():
    if AGAINST:
        return await against_running_servers()
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
        report_storm(latencies, acknowledged, took)
        await report_gradebook(class_id, admin)

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
        benchlib.record("storm.kill.acknowledged", len(acknowledged))
        benchlib.record("storm.kill.missing", len(missing))
        if missing:
            raise SystemExit("acknowledged submissions were lost")
    finally:
        process.kill()
        process.wait()


asyncio.run(main())
