#!/usr/bin/env python3
"""A quick check answered by a whole class at once, then the class's questions and upvotes, against
running RMM Classroom servers.

LEARNERS learners join a class and connect to its live session (server-sent events, as their
screens do); the instructor opens a quick check; every learner answers once, the answers spread
evenly over ANSWER_SECONDS; meanwhile the instructor's screen asks for the counts every 0.7 s, as
the live page does. Prints and records (`checks.LABEL.*`, see benchlib.record):
  - answers, errors, and each answer's latency p50/p99;
  - how long after its acknowledgement each answer showed in the instructor's counts, p50/p99,
    and how long after the last answer the counts held every answer;
  - the servers' CPU time (user + system) per answer over the answering, from /proc;
  - then every learner posts QUESTIONS questions (ten seconds apart, as the rate limit allows)
    and UPVOTES upvotes of others' questions, all within QUESTION_SECONDS: requests, errors,
    latency p50/p99 (`questions.LABEL.*`).

Usage: check_bench.py BASE_URL[,BASE_URL2…] SERVER_PID[,PID2…] [LEARNERS] [LABEL]
With several servers (one deployment on one PostgreSQL database), the instructor works on the
first and the learners are spread over all of them. The database must hold the ADMIN account
created by scripts/bench. Only the standard library is used; every request goes to 127.0.0.1.
"""

import asyncio
import json
import os
import sys
import time
import urllib.parse

import benchlib

BASES = sys.argv[1].split(",")
PIDS = [int(pid) for pid in sys.argv[2].split(",")]
LEARNERS = int(sys.argv[3]) if len(sys.argv) > 3 else 500
LABEL = sys.argv[4] if len(sys.argv) > 4 else "sqlite"
BASE = BASES[0]
ANSWER_SECONDS = 5.0
COUNTS_EVERY = 0.7
QUESTIONS = 2
UPVOTES = 10
QUESTION_SECONDS = 30.0
OPTIONS = ["Actions of people", "Systems and technology", "Failed internal processes", "External events"]


def cpu_seconds(pid):
    """User plus system time of a process so far, in seconds."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def connect(cookie, class_id, base):
    """Keeps one learner's event stream open, as their live page does."""
    parts = urllib.parse.urlsplit(base)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    writer.write((f"GET /classes/{class_id}/live/events HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
                  f"Cookie: {cookie}\r\nAccept: text/event-stream\r\n\r\n").encode())
    await writer.drain()
    try:
        while await reader.read(65536):
            pass
    finally:
        writer.close()


async def drive(cookie, class_id, change):
    body = json.dumps({"class_id": class_id, "change": change}).encode()
    status, _, payload = await benchlib.request(BASE, "POST", "/api/drive_live", body,
                                                {"Content-Type": "application/json", "Cookie": cookie})
    assert status == 200 and payload.startswith(b'{"Granted"'), f"drive: {status} {payload[:200]}"
    return json.loads(payload)["Granted"]


async def counts(cookie, class_id):
    """The number of answers in the instructor's counts now."""
    body, headers = benchlib.form({"class_id": class_id})
    status, _, payload = await benchlib.request(BASE, "POST", "/api/get_live_check", body,
                                                {**headers, "Cookie": cookie})
    if status != 200:
        return None
    view = json.loads(payload).get("Granted")
    return view["tally"]["answers"] if view and view.get("tally") else None


async def main():
    for base in BASES:
        benchlib.check_local(base)
    status, admin = await benchlib.sign_in(BASE, "bench.admin")
    assert status == 303 and admin, "the bench administrator could not sign in"
    class_id, code = await benchlib.open_class(BASE, admin, f"Check bench {LABEL}", "instructor-led")
    cookies = await benchlib.enrol(BASE, LEARNERS, code, prefix=f"checker{LABEL}")
    streams = [asyncio.create_task(connect(c, class_id, BASES[i % len(BASES)])) for i, c in enumerate(cookies)]
    await drive(admin, class_id, {"Start": {"module_id": ""}})
    state = await drive(admin, class_id, {"OpenCheck": {"check": {
        "kind": "single", "question": "Which source of operational risk is a flooded supplier?",
        "options": OPTIONS, "correct": ["External events"]}, "source": None}})
    run = state["check"]["run"]
    await asyncio.sleep(1)

    acks, latencies, errors = [], [], 0
    polls = []  # (time the answer came back, answers counted)
    answering = True

    async def poll():
        while True:
            started = time.perf_counter()
            counted = await counts(admin, class_id)
            polls.append((time.perf_counter(), counted))
            if not answering and ((counted is not None and counted >= len(acks))
                                  or time.perf_counter() - acks_done[0] > 10):
                return
            await asyncio.sleep(max(0.0, COUNTS_EVERY - (time.perf_counter() - started)))

    async def answer(i, cookie):
        nonlocal errors
        await asyncio.sleep(ANSWER_SECONDS * i / LEARNERS)
        body = json.dumps({"class_id": class_id, "run": run, "form": f"choice={i % len(OPTIONS)}"}).encode()
        started = time.perf_counter()
        status, _, payload = await benchlib.request(BASES[i % len(BASES)], "POST", "/api/answer_live_check", body,
                                                    {"Content-Type": "application/json", "Cookie": cookie})
        done = time.perf_counter()
        latencies.append((done - started) * 1000)
        if status == 200 and payload.startswith(b'{"Granted"'):
            acks.append(done)
        else:
            errors += 1

    acks_done = [0.0]
    cpu_before = sum(cpu_seconds(pid) for pid in PIDS)
    poller = asyncio.create_task(poll())
    started = time.perf_counter()
    await asyncio.gather(*(answer(i, c) for i, c in enumerate(cookies)))
    took = time.perf_counter() - started
    cpu = sum(cpu_seconds(pid) for pid in PIDS) - cpu_before
    answering = False
    acks_done[0] = time.perf_counter()
    await poller
    for stream in streams:
        stream.cancel()

    acks.sort()
    delays = []
    for k, acked in enumerate(acks):
        shown = next((at for at, counted in polls if at >= acked and counted is not None and counted > k), None)
        if shown is not None:
            delays.append((shown - acked) * 1000)
    complete = next((at for at, counted in polls if counted is not None and counted >= len(acks)), None)
    last_to_full = (complete - acks[-1]) * 1000 if complete and acks else float("nan")
    where = "1 server" if len(BASES) == 1 else f"{len(BASES)} servers"
    print(f"quick check ({LABEL}, {where}): {LEARNERS} learners connected, {len(acks)} answers in {took:.1f} s, "
          f"{errors} errors; answer latency p50 {benchlib.percentile(latencies, 50):.0f} ms, "
          f"p99 {benchlib.percentile(latencies, 99):.0f} ms")
    print(f"  in the instructor's counts (asked every {COUNTS_EVERY} s): each answer after p50 "
          f"{benchlib.percentile(delays, 50):.0f} ms, p99 {benchlib.percentile(delays, 99):.0f} ms "
          f"({len(delays)} of {len(acks)} seen); every answer {last_to_full:.0f} ms after the last; "
          f"server CPU {cpu * 1000 / max(1, len(acks)):.2f} ms per answer")
    benchlib.record(f"checks.{LABEL}.answers", len(acks))
    benchlib.record(f"checks.{LABEL}.errors", errors + (len(acks) - len(delays)))
    benchlib.record(f"checks.{LABEL}.seconds", round(took, 2))
    benchlib.record(f"checks.{LABEL}.answer_p99_ms", round(benchlib.percentile(latencies, 99), 1))
    benchlib.record(f"checks.{LABEL}.seen_p99_ms", round(benchlib.percentile(delays, 99), 1))
    benchlib.record(f"checks.{LABEL}.all_seen_ms", round(last_to_full, 1))
    benchlib.record(f"checks.{LABEL}.cpu_ms_per_answer", round(cpu * 1000 / max(1, len(acks)), 3))
    await questions(class_id, cookies)


async def questions(class_id, cookies):
    """Every learner posts QUESTIONS questions and UPVOTES upvotes of others' within
    QUESTION_SECONDS."""
    import random
    rng = random.Random(7)
    posted, latencies, errors = [], [], 0

    async def send(i, path, fields):
        nonlocal errors
        body, headers = benchlib.form(fields)
        started = time.perf_counter()
        status, _, payload = await benchlib.request(BASES[i % len(BASES)], "POST", path, body,
                                                    {**headers, "Cookie": cookies[i]})
        latencies.append((time.perf_counter() - started) * 1000)
        if status != 200 or not payload.startswith(b'{"Granted"'):
            errors += 1
            return None
        return json.loads(payload)["Granted"]

    async def learner(i):
        # Questions at two moments 12 s apart (the limit is one per 10 s); upvotes spread over
        # the window, each of a question someone else posted before it.
        start = rng.uniform(0, QUESTION_SECONDS - 14)
        moments = [("question", start + 12 * q) for q in range(QUESTIONS)]
        moments += [("upvote", rng.uniform(start + 1, QUESTION_SECONDS)) for _ in range(UPVOTES)]
        moments.sort(key=lambda m: m[1])
        began = time.perf_counter()
        voted = set()
        for kind, at in moments:
            await asyncio.sleep(max(0.0, at - (time.perf_counter() - began)))
            if kind == "question":
                qid = await send(i, "/api/post_live_question",
                                 {"class_id": class_id, "text": f"Question {i}: how does GP{i % 10} apply?"})
                if qid is not None:
                    posted.append((qid, i))
            else:
                choices = [qid for qid, author in posted if author != i and qid not in voted]
                if choices:
                    qid = rng.choice(choices)
                    voted.add(qid)
                    await send(i, "/api/upvote_live_question", {"class_id": class_id, "question_id": qid})

    started = time.perf_counter()
    await asyncio.gather(*(learner(i) for i in range(len(cookies))))
    took = time.perf_counter() - started
    print(f"questions ({LABEL}): {len(cookies)} learners, {len(latencies)} requests ({len(posted)} questions) "
          f"in {took:.1f} s, {errors} errors; latency p50 {benchlib.percentile(latencies, 50):.0f} ms, "
          f"p99 {benchlib.percentile(latencies, 99):.0f} ms")
    benchlib.record(f"questions.{LABEL}.requests", len(latencies))
    benchlib.record(f"questions.{LABEL}.errors", errors)
    benchlib.record(f"questions.{LABEL}.seconds", round(took, 2))
    benchlib.record(f"questions.{LABEL}.p99_ms", round(benchlib.percentile(latencies, 99), 1))


asyncio.run(main())
