#!/usr/bin/env python3
"""Appraisal load: LEARNERS learners of one class each save RATINGS practice ratings (one autosave
per rating, as the workspace sends them while a learner works, all learners at once); then the
instructor's class view (heatmap against the key) is built for the full class, repeatedly.

Prints: saves, errors, the time they took, latency p50/p99; the class view's server time p50/p99
over 20 requests and its size, as sent (brotli) and uncompressed. Records each figure under
`saves.LABEL.*` and `views.heatmap.LABEL.*` (see benchlib.record).

Usage: appraisal_bench.py BASE_URL[,BASE_URL2…] [LEARNERS] [RATINGS] [LABEL]
With several servers (one deployment on one PostgreSQL database), learners are spread over them
in turn. The database must hold the ADMIN account created by scripts/bench. Standard library only.
"""

import asyncio
import json
import sys
import time

import benchlib

BASES = sys.argv[1].split(",")
BASE = BASES[0]
LEARNERS = int(sys.argv[2]) if len(sys.argv) > 2 else 300
RATINGS = int(sys.argv[3]) if len(sys.argv) > 3 else 50
LABEL = sys.argv[4] if len(sys.argv) > 4 else "sqlite"
STEPS = ["FI", "LI", "PI", "NI"]


async def practices():
    """The practice ids in scope, read from the evidence page's practice filter."""
    _, _, page = await benchlib.request(BASE, "GET", "/appraisal/evidence")
    text = page.decode()
    ids = []
    marker = '<option value="'
    for chunk in text.split(marker)[1:]:
        value = chunk.split('"', 1)[0]
        if ":" in value and value not in ids:
            ids.append(value)
    return ids


async def main():
    for base in BASES:
        benchlib.check_local(base)
    scope = await practices()
    assert len(scope) >= RATINGS, f"only {len(scope)} practices in scope"
    status, admin = await benchlib.sign_in(BASE, "bench.admin")
    assert status == 303 and admin
    class_id, code = await benchlib.open_class(BASE, admin, "Appraisal bench", "instructor-led")
    cookies = await benchlib.enrol(BASE, LEARNERS, code, prefix="rater")

    latencies, errors = [], 0

    async def learner(i, cookie):
        nonlocal errors
        base = BASES[i % len(BASES)]
        fields = []
        for n in range(RATINGS):
            fields.append(f"rating.{scope[n]}={STEPS[(i + n) % 4]}".replace(":", "%3A"))
            body = json.dumps({"class_id": class_id, "form": "&".join(fields)}).encode()
            started = time.perf_counter()
            status, _, payload = await benchlib.request(
                base, "POST", "/api/save_appraisal_draft", body,
                {"Content-Type": "application/json", "Cookie": cookie})
            latencies.append((time.perf_counter() - started) * 1000)
            if status != 200 or not payload.startswith(b'{"Granted"'):
                errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(learner(i, c) for i, c in enumerate(cookies)))
    took = time.perf_counter() - started
    print(f"appraisal saves ({LABEL}, {len(BASES)} server(s)): {LEARNERS} learners × {RATINGS} ratings = {len(latencies)} saves "
          f"in {took:.1f} s; {errors} errors; latency p50 {benchlib.percentile(latencies, 50):.0f} ms, "
          f"p99 {benchlib.percentile(latencies, 99):.0f} ms")

    benchlib.record(f"saves.{LABEL}.count", len(latencies))
    benchlib.record(f"saves.{LABEL}.seconds", round(took, 2))
    benchlib.record(f"saves.{LABEL}.errors", errors)
    benchlib.record(f"saves.{LABEL}.p50_ms", round(benchlib.percentile(latencies, 50), 1))
    benchlib.record(f"saves.{LABEL}.p99_ms", round(benchlib.percentile(latencies, 99), 1))

    times, raw, sent = await benchlib.page_costs(BASE, f"/classes/{class_id}/appraisal", admin)
    print(f"instructor class view (heatmap), {LEARNERS} learners with {RATINGS} ratings each: page build p50 "
          f"{benchlib.percentile(times, 50):.0f} ms, p99 {benchlib.percentile(times, 99):.0f} ms; "
          f"page size {raw} bytes uncompressed, {sent} bytes sent (brotli)")
    benchlib.record(f"views.heatmap.{LABEL}.learners", LEARNERS)
    benchlib.record(f"views.heatmap.{LABEL}.p99_ms", round(benchlib.percentile(times, 99), 1))
    benchlib.record(f"views.heatmap.{LABEL}.raw_bytes", raw)
    benchlib.record(f"views.heatmap.{LABEL}.br_bytes", sent)


asyncio.run(main())
