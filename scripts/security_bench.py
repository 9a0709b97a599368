#!/usr/bin/env python3
"""The sign-in limits under attack, against a running RMM Classroom server (127.0.0.1 only).

The server must be started with `SIGN_UP=open TRUSTED_PROXIES=127.0.0.1`: every simulated person
then comes from an address of its own, named in `X-Forwarded-For` as a proxy would name it.

Prints:
  1. guessing: GUESSES wrong passwords for one account, sent at once from one address; how many
     reached the password check (answered 303, back to the form with "wrong credentials") and how
     many were limited without it (429 with Retry-After). Goal: at most 5 verified. Then the
     account's owner signs in with the right password from their own network (goal: let in, since
     another network's failures never slow them down).
  2. sign-in latency: SIGNINS correct sign-ins of existing accounts, paced evenly over SECONDS from
     a few addresses (a classroom behind a handful of NATs), p50/p99/max; first with no other
     load, then again while SIGNUPS_PER_SECOND sign-ups arrive from one other address for the
     same SECONDS. Also how many of those sign-ups were accepted and how many limited
     (`SIGN_UPS_PER_HOUR`, 100 by default, so most of a flood is refused before any hashing).

Exits non-zero when more than 5 guesses were verified or when the owner was kept out.

Usage: security_bench.py BASE_URL [GUESSES] [SIGNINS] [SIGNUPS_PER_SECOND] [SECONDS]
Only the standard library is used; every request goes to 127.0.0.1.
"""

import asyncio
import json
import os
import secrets
import sys
import time

import benchlib

BASE = sys.argv[1]
GUESSES = int(sys.argv[2]) if len(sys.argv) > 2 else 40
SIGNINS = int(sys.argv[3]) if len(sys.argv) > 3 else 50
SIGNUPS_PER_SECOND = float(sys.argv[4]) if len(sys.argv) > 4 else 50
SECONDS = float(sys.argv[5]) if len(sys.argv) > 5 else 10

GOAL_VERIFIED = 5
# Addresses from the documentation ranges (RFC 5737), apart from the 10.x.y.z of the learners.
ATTACKER = "192.0.2.66"
CLASSROOM = [f"203.0.113.{n}" for n in range(1, 5)]
FLOOD = "198.51.100.7"
# Usernames carry a tag of this run, so the bench can run twice against one server.
TAG = secrets.token_hex(3)


async def timed(coroutine):
    """Runs one request; returns (status or None when the connection failed, headers, ms)."""
    started = time.perf_counter()
    try:
        status, headers = await coroutine
    except (ConnectionError, OSError, IndexError, ValueError):
        status, headers = None, {}
    return status, headers, (time.perf_counter() - started) * 1000


async def post_sign_in(username, password, address):
    body, headers = benchlib.form({"username": username, "password": password, "next": "/classes"})
    status, response_headers, _ = await benchlib.request(
        BASE, "POST", "/sign-in", body, benchlib.from_address(address, headers))
    return status, response_headers


async def paced(count, seconds, make):
    """Sends `count` requests evenly spread over `seconds`, each on its own connection, without
    waiting for earlier answers; returns their (status, headers, ms) in order."""
    interval = seconds / max(count, 1)
    start = time.perf_counter()
    tasks = []
    for i in range(count):
        delay = start + i * interval - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(timed(make(i))))
    return await asyncio.gather(*tasks)


def location(headers):
    return headers.get("location", [""])[0]


async def guessing():
    """Part 1: returns (verified, limited, other, longest Retry-After, owner let in, owner ms)."""
    victim = f"sec{TAG}.victim"
    await benchlib.sign_up(BASE, victim)
    results = await asyncio.gather(*(timed(post_sign_in(victim, f"wrong guess {i}", ATTACKER))
                                      for i in range(GUESSES)))
    verified = sum(1 for status, headers, _ in results
                   if status == 303 and "wrong-credentials" in location(headers))
    limited = [headers for status, headers, _ in results if status == 429]
    retry_after = max((int(h.get("retry-after", ["0"])[0]) for h in limited), default=0)
    other = GUESSES - verified - len(limited)
    # The owner, from their own network, with the right password.
    status, headers, ms = await timed(post_sign_in(victim, benchlib.PASSWORD, benchlib.address_of(victim)))
    owner_in = status == 303 and benchlib.session_cookie(headers) is not None
    return verified, len(limited), other, retry_after, owner_in, ms


async def sign_ins(usernames):
    """Correct sign-ins paced over SECONDS from the classroom's addresses; returns (ms list, errors)."""
    results = await paced(len(usernames), SECONDS, lambda i: post_sign_in(
        usernames[i], benchlib.PASSWORD, CLASSROOM[i % len(CLASSROOM)]))
    latencies = [ms for _, _, ms in results]
    errors = [status for status, headers, _ in results
              if status != 303 or benchlib.session_cookie(headers) is None]
    if errors:
        print(f"  sign-in errors, by status (None: connection failed): {sorted(errors, key=str)}")
    return latencies, len(errors)


async def flood(started):
    """Sign-ups from one address at SIGNUPS_PER_SECOND for SECONDS; returns (accepted, limited,
    other, ms of the accepted ones, seconds from the flood's start to its last answer)."""
    count = int(SIGNUPS_PER_SECOND * SECONDS)
    results = await paced(count, SECONDS, lambda i: benchlib.try_sign_up(BASE, f"sec{TAG}.flood{i:05d}", FLOOD))
    accepted_ms, limited, other = [], 0, 0
    for status, headers, ms in results:
        if status == 303 and benchlib.session_cookie(headers):
            accepted_ms.append(ms)
        elif status == 429:
            limited += 1
        else:
            other += 1
    return len(accepted_ms), limited, other, accepted_ms, time.perf_counter() - started


def figures(latencies):
    return (f"{benchlib.percentile(latencies, 50):>8.0f} {benchlib.percentile(latencies, 99):>8.0f} "
            f"{max(latencies):>8.0f}")


async def main():
    benchlib.check_local(BASE)
    _, _, health = await benchlib.request(BASE, "GET", "/healthz")
    engine = json.loads(health)["database"]
    print(f"security bench against {BASE} ({engine}, {os.cpu_count()} cores)")

    verified, limited, other, retry_after, owner_in, owner_ms = await guessing()
    met = verified <= GOAL_VERIFIED
    print(f"guessing: {GUESSES} wrong passwords for one account sent at once from one address: "
          f"{verified} verified (303), {limited} limited (429, Retry-After up to {retry_after} s), "
          f"{other} other; goal ≤ {GOAL_VERIFIED}: {'met' if met else 'MISSED'}")
    print(f"  the account's owner right after, right password from their own network: "
          f"{'signed in' if owner_in else 'KEPT OUT'} ({owner_ms:.0f} ms)")

    usernames = [f"sec{TAG}.user{i:04d}" for i in range(SIGNINS)]
    semaphore = asyncio.Semaphore(8)

    async def create(username):
        async with semaphore:
            await benchlib.sign_up(BASE, username)

    started = time.perf_counter()
    await asyncio.gather(*(create(u) for u in usernames))
    print(f"setup: {SIGNINS} accounts signed up (each from its own address) in {time.perf_counter() - started:.1f} s")

    quiet, quiet_errors = await sign_ins(usernames)
    started = time.perf_counter()
    (loaded, loaded_errors), (accepted, refused, odd, accepted_ms, flood_took) = await asyncio.gather(
        sign_ins(usernames), flood(started))
    print()
    print(f"sign-ins: {SIGNINS} correct sign-ins paced over {SECONDS:.0f} s from {len(CLASSROOM)} addresses")
    print(f"{'condition':<52} {'sign-ins':>8} {'errors':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    print(f"{'no other load':<52} {len(quiet):>8} {quiet_errors:>6} {figures(quiet)}")
    condition = f"{SIGNUPS_PER_SECOND:.0f} sign-ups/s from another address"
    print(f"{condition:<52} {len(loaded):>8} {loaded_errors:>6} {figures(loaded)}")
    sent = accepted + refused + odd
    accepted_figures = (f"; accepted ones answered in p50 {benchlib.percentile(accepted_ms, 50):.0f} ms, "
                        f"p99 {benchlib.percentile(accepted_ms, 99):.0f} ms" if accepted_ms else "")
    print(f"sign-up flood: {sent} sent over {SECONDS:.0f} s from one address: {accepted} accepted (303), "
          f"{refused} limited (429), {odd} other{accepted_figures}; all answered {flood_took:.1f} s after the flood began")

    if not met or not owner_in:
        sys.exit(1)


asyncio.run(main())
