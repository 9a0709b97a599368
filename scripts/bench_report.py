#!/usr/bin/env python3
"""Prints one table of every figure of a benchmark run beside its goal (issue 14's targets, and the
live room's of issue 15), from
the results file the benches filled (`key<TAB>value` lines, see benchlib.record). A figure the run
did not produce is printed as "not measured" and counts as not met: nothing is assumed.

Usage: bench_report.py RESULTS_FILE
"""

import re
import sys

KB = 1000

results = {}
with open(sys.argv[1]) as lines:
    for line in lines:
        key, _, value = line.rstrip("\n").partition("\t")
        if key:
            results[key] = value


def number(key):
    value = results.get(key)
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


goals = []  # (label, met) for the summary


def row(label, value, goal_text, met, unit=""):
    shown = "not measured" if value is None else f"{value:,.1f}{unit}" if isinstance(value, float) else f"{value}{unit}"
    verdict = "-" if met is None else ("met" if met else "NOT MET")
    if met is not None:
        goals.append((label, met))
    print(f"  {label:<52} {shown:>16}   {goal_text:<26} {verdict}")


def at_most(key, limit):
    value = number(key)
    return value, (value is not None and value <= limit)


def below(key, limit):
    value = number(key)
    return value, (value is not None and value < limit)


print()
print("RMM Classroom benchmark: every figure beside its goal")
print("=" * 110)

static_rps = number("static.rps")
print(f"\n1. Course pages, wrk 64 connections (static stylesheet: {static_rps or 0:,.0f} req/s, "
      f"p99 {number('static.p99_ms') or 0} ms)")
for page in ["home", "module", "lesson", "slide", "presenter", "model", "process-area", "glossary", "search"]:
    for who, share, p99_goal in [("anon", 0.5, 10), ("signed", 0.25, 20)]:
        rps = number(f"pages.{page}.{who}.rps")
        p99 = number(f"pages.{page}.{who}.p99_ms")
        errors = number(f"pages.{page}.{who}.errors")
        if rps is None and p99 is None:
            row(f"{page} ({'not signed in' if who == 'anon' else 'signed in'})", None, "", False)
            continue
        ratio = rps / static_rps if rps and static_rps else 0.0
        reader = "not signed in" if who == "anon" else "signed in"
        row(f"{page}, {reader}: req/s ({ratio:.0%} of static)", rps,
            f">= {share:.0%} of static", ratio >= share and not errors)
        row(f"{page}, {reader}: p99", p99, f"< {p99_goal} ms", p99 is not None and p99 < p99_goal, " ms")

print("\n2. WebAssembly and bytes to a first view (Chromium, cold cache; brotli as sent)")
for view in ["lesson", "slides"]:
    value, met = at_most(f"cold.{view}.wasm_bytes", 250 * KB)
    row(f"{view}: WebAssembly loaded", value, "<= 250 KB", met, " B")
    value, met = at_most(f"cold.{view}.total_bytes", 350 * KB)
    row(f"{view}: all bytes, cold first view", value, "<= 350 KB", met, " B")
    row(f"{view}: all bytes, second visit", number(f"cold.{view}.warm_total_bytes"), "(the page only)", None, " B")
    for key in sorted(k for k in results if k.startswith(f"cold.{view}.wasm_file.")):
        row(f"  {view} fetched {key.split('.wasm_file.', 1)[1]}", number(key), "", None, " B")
# A page whose code is a lazily loaded chunk (an exercise): it must hydrate from its chunks.
if "cold.four-sources.total_bytes" in results:
    hydrated = number("cold.four-sources.hydrated")
    row("exercise page (lazy): hydrated on a cold first view", "yes" if hydrated else "no", "yes", hydrated == 1)
    row("exercise page (lazy): all bytes, cold first view", number("cold.four-sources.total_bytes"), "(reported)", None, " B")
    row("exercise page (lazy): WebAssembly files fetched", number("cold.four-sources.wasm_files"), "(reported)", None)
# The main file and each page's own chunk by name; the many small chunks of code that several
# pages share (`chunk_N`, a few hundred bytes each) as a count and a total.
shared = [number(k) for k in results if k.startswith("wasm.chunk.chunk_")]
for key in sorted(k for k in results if k.startswith("wasm.chunk.") and not k.startswith("wasm.chunk.chunk_")):
    name = key[len("wasm.chunk."):]
    label = re.sub(r"^split___lazy_(.*)_view_\d+\..*$", r"page chunk: \1", name)
    row(f"{label if label != name else 'main: ' + name} (brotli)", number(key), "", None, " B")
if shared:
    row(f"{len(shared)} shared chunks, together (brotli)", sum(v or 0 for v in shared), "", None, " B")
row("all WebAssembly together (brotli)", number("wasm.total_br_bytes"), "", None, " B")

print("\n3. Instructor views (class as benched; brotli as sent)")
for view in ["heatmap", "gradebook"]:
    for label in ["sqlite", "pg2"]:
        learners = results.get(f"views.{view}.{label}.learners")
        if learners is None:
            continue
        value, met = at_most(f"views.{view}.{label}.br_bytes", 120 * KB)
        row(f"{view}, {learners} learners ({label}): bytes sent", value, "<= 120 KB", met, " B")
        value, met = below(f"views.{view}.{label}.p99_ms", 40)
        row(f"{view}, {learners} learners ({label}): build p99", value, "< 40 ms", met, " ms")
    if not any(k.startswith(f"views.{view}.") for k in results):
        row(f"{view}", None, "<= 120 KB, < 40 ms", False)

print("\n4. Writes under a storm")
for label, servers in [("sqlite", "SQLite, 1 server"), ("pg2", "PostgreSQL, 2 servers")]:
    value, met = below(f"storm.{label}.p99_ms", 300)
    row(f"submissions, {results.get(f'storm.{label}.learners', '?')} at once ({servers}): p99", value, "< 300 ms", met, " ms")
    errors = number(f"storm.{label}.errors")
    row(f"submissions ({servers}): errors", errors, "0", errors == 0)
    value, met = below(f"saves.{label}.p99_ms", 150)
    row(f"appraisal saves ({servers}): p99", value, "< 150 ms", met, " ms")
    value, met = at_most(f"saves.{label}.seconds", 10)
    row(f"appraisal saves, {results.get(f'saves.{label}.count', '?')} ({servers}): all done in", value, "<= 10 s", met, " s")
    errors = number(f"saves.{label}.errors")
    row(f"appraisal saves ({servers}): errors", errors, "0", errors == 0)
missing = number("storm.kill.missing")
row("SIGKILL mid-storm: acknowledged but lost", missing, "0", missing == 0)

print("\n5. Start-up and memory")
value, met = below("startup.ms", 300)
row("start-up to first /healthz (existing database)", value, "< 300 ms", met, " ms")
value, met = below("startup.first_ms", 300)
row("start-up to first /healthz (new database)", value, "< 300 ms", met, " ms")
row("resident memory after start", number("rss.after_start_kib"), "(reported)", None, " KiB")
row("resident memory after the page load test", number("rss.after_pages_kib"), "(reported)", None, " KiB")

print("\n6. Growth (p99 ms at 1x, 10x, 100x the seeded data; a page must not grow with data not on it)")
factors = ["1x", "10x", "100x"]
print(f"  {'':<30}" + "".join(f"{f:>12}" for f in factors) + f"{'100x / 1x':>12}")
for page in ["class_page", "gradebook", "heatmap", "sign_in"]:
    values = [number(f"growth.{page}.p99_ms.{f}") for f in factors]
    ratio = values[2] / values[0] if values[0] and values[2] else None
    cells = "".join(f"{v:>12.1f}" if v is not None else f"{'-':>12}" for v in values)
    print(f"  {page.replace('_', ' '):<30}{cells}{(f'{ratio:>11.2f}x' if ratio else f'{chr(45):>12}')}")
seeded = [results.get(f"growth.accounts.{f}") for f in factors]
print(f"  {'accounts seeded':<30}" + "".join(f"{s or '-':>12}" for s in seeded))
errors = number("growth.errors")
row("growth bench: errors", errors, "0", errors == 0)

print("\n7. Lighthouse performance (npm lighthouse, Debian's Chromium)")
for view in ["lesson", "slides"]:
    for preset in ["mobile", "desktop"]:
        value = number(f"lighthouse.{view}.{preset}")
        if value is None and preset == "desktop":
            continue
        row(f"{view} ({preset})", value, ">= 95", value is not None and value >= 95)

print("\n8. The live room (issue 15): a quick check answered by every learner within 5 s; questions")
for label, where, seen_goal in [("sqlite", "1 server, SQLite", 1000), ("pg2", "2 servers, PostgreSQL", 1500)]:
    value = number(f"checks.{label}.answers")
    row(f"quick check, {where}: answers", value, "all learners", None)
    value = number(f"checks.{label}.errors")
    row(f"quick check, {where}: errors", value, "0", value == 0)
    value, ok = below(f"checks.{label}.seen_p99_ms", seen_goal)
    row(f"quick check, {where}: in the counts, p99 (ms)", value, f"< {seen_goal}", ok)
    value, ok = below(f"checks.{label}.all_seen_ms", seen_goal)
    row(f"quick check, {where}: all counted after last (ms)", value, f"< {seen_goal}", ok)
    row(f"quick check, {where}: CPU per answer (ms)", number(f"checks.{label}.cpu_ms_per_answer"), "reported", None)
    value = number(f"questions.{label}.errors")
    row(f"questions and upvotes, {where}: errors", value, "0", value == 0)
    value, ok = below(f"questions.{label}.p99_ms", 150)
    row(f"questions and upvotes, {where}: p99 (ms)", value, "< 150", ok)
    value, ok = at_most(f"questions.{label}.seconds", 31)
    row(f"questions and upvotes, {where}: took (s)", value, "<= 31 (30 s + last reply)", ok)

print("\n9. Course materials to take home (issue 16): the zip built at start-up, as /healthz reports it")
row("materials zip: size", number("materials.zip_bytes"), "reported", None, " B")
row("materials zip: files", number("materials.files"), "reported", None)
row("materials zip: build time at start-up", number("materials.build_ms"), "reported", None, " ms")

met = sum(1 for _, ok in goals if ok)
print("\n" + "=" * 110)
print(f"{met} of {len(goals)} goals met.")
unmet = [label for label, ok in goals if not ok]
if unmet:
    print("Not met: " + "; ".join(unmet))
