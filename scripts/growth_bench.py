#!/usr/bin/env python3
"""Growth: how the cost of the instructor's pages and of signing in grows with the data around them.

Issue 14, target 6: the bench seeds 10,000 accounts, 300 classes and a year of submissions and
progress, and reports the class page, the gradebook, the heatmap and the sign-in p99 at 1x, 10x
and 100x that data. No page may grow with data that is not on it: the class measured is the same
size at every factor (33 learners, one instructor, the same submissions and ratings), only the
rest of the database grows, so a p99 or a size that grows with the factor is a cost paid for data
the page does not show (a scan, a missing index, a query without its class).

Once per run, the server is started on a new database in WORKDIR (it creates it and runs its
migrations) and one account is signed up through the real form (POST /sign-up): its argon2
password hash becomes every seeded account's, so that any of them can sign in. The server is
stopped, and for each factor F (default 1, 10, 100):
  1. a fresh database WORKDIR/growth-F.db is copied from that migrated one (SQLite's backup API);
  2. it is seeded directly with Python's sqlite3, following server/migrations/sqlite (every
     foreign key, unique constraint and CHECK kept; `PRAGMA foreign_key_check` and `quick_check`
     run on the first factor, which checks the generator every factor uses), F times:
       - 10,000 accounts: 300 instructors and 9,700 learners;
       - 300 classes (two thirds instructor-led, one third self-paced), opened over the past
         year, each with its instructor (users.role and class_members.role 'instructor', and
         classes.created_by, as opening a class makes them) and 32 or 33 learners;
       - a year of exercise submissions: every learner submits every exercise of
         content/exercises once (30% a second time where the exercise allows two attempts),
         answers shaped like the real form's (`domain::exercise::Answer` as serde writes it),
         with their automatic points; 70% of the essays are graded with the rubric;
       - self-paced progress (lessons and decks), appraisal workspaces for a third of the
         learners, teams (some with jigsaw shares) in a quarter of the classes, class key
         adjustments, reveals, exercise settings, live-session states;
       - sessions (a fifth of the accounts signed in within the last 14 days) and the security
         log's sign-up and sign-in events.
     Not seeded: exercise drafts (no measured page reads them; they would double the size).
     The measured class sits in the middle of the classes (not first, where a scan that stops
     early would find it at once) and has exactly 33 learners and the instructor
     `growth.instructor`; what they did is the same at every factor. (Its pages still grow by a
     few hundred bytes from 1x to 100x: the class's and its people's ids, in every link and
     form, have more digits.)
     The rows are generated inside SQLite, by INSERT ... SELECT from the classes and rosters
     joined with small tables of answer, workspace and grade variants (filled by Python with
     executemany): tens of millions of rows would take several times longer through Python.
     Rows go in in the order of their indexes, all in one transaction, with synchronous=OFF and
     no journal (with WAL, as the server runs, every page is written twice and read back in
     between: at 100x that wrote 40 GB for a 12.6 GB database and took 335 s instead of 135 s);
     the database is put back in WAL mode and flushed to disk before the server opens it;
  3. the server is restarted on the seeded database, the script signs in as the measured class's
     instructor (POST /sign-in), and measures (one connection per request, uncompressed so that
     the size is the page's own), after a short warm-up, 200 requests each, 8 at a time, of:
       the class page /classes/ID, the gradebook /classes/ID/gradebook, the heatmap
       /classes/ID/appraisal; and 100 sign-ins (POST /sign-in), 4 at a time, of different
       seeded learners spread over the whole accounts table, each from an address of its own.
     Pages must answer 200 and show the class's learners; sign-ins 303 with a session. Anything
     else (or no answer) counts as an error;
  4. the database is deleted (the server's logs stay in WORKDIR).

Prints a table: p50/p99 per target and factor, the ratio of the largest factor's p99 to 1x's,
the page sizes, seeding time, database size and rows per factor, and the errors. With
BENCH_RESULTS naming a file, appends `key<TAB>value` lines: growth.<target>.p50_ms.<F>x and
.p99_ms.<F>x (targets class_page, gradebook, heatmap, sign_in), growth.<page>.bytes.<F>x,
growth.<target>.p99_ratio (the largest factor over 1x), growth.seed_seconds.<F>x,
growth.db_mb.<F>x, growth.rows.<F>x, growth.accounts.<F>x (accounts seeded), and growth.errors
(all factors). Exit status 1 on errors.

Time and space: the whole run is meant to take about six minutes for 1,10,100 on two cores; the
100x seeding (31 million rows, 12.5 GB, so WORKDIR needs 13 GB free) takes two to three minutes
of it. Before each factor the time it will take is estimated from the factors already done; a
factor that would overrun GROWTH_BUDGET_SECONDS (default 360; 0: no limit) is not run, and the
output says so: no figure is printed that was not measured.

Usage: growth_bench.py SERVER_BINARY PORT WORKDIR [FACTORS]     (FACTORS default "1,10,100")
Run from anywhere; the server runs in the repository root (it reads content/ and target/site).
Standard library only; every request goes to 127.0.0.1.
"""

import asyncio
import datetime
import glob
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
import tomllib
import urllib.request

SCRIPTS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(SCRIPTS)
sys.path.insert(0, SCRIPTS)
import benchlib  # noqa: E402  (after the path insert)

# --- What one factor means -----------------------------------------------------------------------

ACCOUNTS = 10_000          # per factor: CLASSES instructors, the rest learners
CLASSES = 300              # per factor, one instructor each
MEASURED_LEARNERS = 33     # the measured class, at every factor
RETRY_PERCENT = 30         # learners who use a second attempt where an exercise allows one
GRADED_PERCENT = 70        # essays graded
WORKSPACE_EVERY = 3        # one learner in 3 has an appraisal workspace (all in the measured class)
TEAM_CLASS_EVERY = 4       # one class in 4 works in teams (and the measured class)
TEAMS_PER_CLASS = 5
SESSION_EVERY = 5          # one account in 5 has a session from the last 14 days
VARIANTS = 16              # answer sets per exercise, workspaces, grades: rows pick one

# --- What is measured -----------------------------------------------------------------------------

PAGE_REQUESTS, PAGE_CONCURRENCY = 200, 8
SIGN_INS, SIGN_IN_CONCURRENCY = 100, 4
WARM_UP = 10
TARGETS = [("class_page", "class page"), ("gradebook", "gradebook"), ("heatmap", "heatmap"),
           ("sign_in", "sign-in")]

MEASURED_INSTRUCTOR = "growth.instructor"
TEMPLATE_USERNAME = "growth.template"
FIRST = ["Ada", "Bela", "Cyrus", "Dana", "Eli", "Farah", "Gus", "Hana", "Ivo", "Jana", "Kai",
         "Lena", "Milo", "Nia", "Omar", "Pia", "Quinn", "Rosa", "Sami", "Tove", "Uma", "Vito",
         "Wren", "Xena", "Yuri", "Zara", "Anton", "Brit", "Cato", "Dora", "Emil", "Fenna", "Gert"]
LAST = ["Marsh", "Okafor", "Lind", "Reyes", "Novak", "Haddad", "Berg", "Costa", "Dahl", "Ebner",
        "Fischer", "Grant", "Holm", "Ito", "Jensen", "Kaur", "Lowe", "Moreau", "Nagy", "Ortiz",
        "Park", "Quist", "Rossi", "Silva", "Tran", "Ueda", "Vidal", "Weber", "Xu", "Young", "Zeller"]

# Short learner prose, for essays, notes and grading comments (sizes like real ones, modest).
PROSE = ("We would start with the service that matters most, name its owner, and pick the process "
         "areas where the last disruption showed a gap. The current levels are estimates derived "
         "goal by goal; the targets are dated and mostly levels 1 and 2. ")

DAY = 86_400


def log(message):
    print(f"[growth] {message}", flush=True)


def stamp(epoch_seconds):
    """A time as the server writes it: UTC with milliseconds and a Z."""
    moment = datetime.datetime.fromtimestamp(epoch_seconds, datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


# --- The course, as the seeder needs it ----------------------------------------------------------

def load_course():
    """Exercises (with their items), modules (with their slide counts), and the appraisal's
    practices, evidence ids and scope, read from content/."""
    exercises = []
    for path in sorted(glob.glob(os.path.join(ROOT, "content", "exercises", "*.toml"))):
        with open(path, "rb") as file:
            data = tomllib.load(file)
        exercises.append({"id": data["id"], "attempts": int(data.get("attempts", 1)), "items": data["items"]})
    modules = []
    for path in sorted(glob.glob(os.path.join(ROOT, "content", "modules", "*", "module.toml"))):
        with open(path, "rb") as file:
            module_id = tomllib.load(file)["id"]
        slides_path = os.path.join(os.path.dirname(path), "slides.md")
        slides = 1
        if os.path.exists(slides_path):
            with open(slides_path, encoding="utf-8") as file:
                slides = max(1, sum(1 for line in file if line.strip() == "---"))
        modules.append((module_id, slides))
    practices, evidence = [], set()
    for path in sorted(glob.glob(os.path.join(ROOT, "content", "appraisal", "key-*.toml"))):
        with open(path, "rb") as file:
            for rating in tomllib.load(file).get("ratings", []):
                if rating["practice"] not in practices:
                    practices.append(rating["practice"])
                evidence.update(rating.get("evidence", []))
    with open(os.path.join(ROOT, "content", "appraisal", "case.toml"), "rb") as file:
        scope = tomllib.load(file)["scope"]
    return {"exercises": exercises, "modules": modules, "practices": practices,
            "evidence": sorted(evidence), "scope": scope}


def answer_variant(exercise, rng):
    """One learner's answers to an exercise, as the server stores them (item id -> the serde form
    of `domain::exercise::Answer`), and the automatically graded points (hundredths)."""
    answers, auto = {}, 0
    for item in exercise["items"]:
        kind, points, right = item["kind"], int(item.get("points", 0)), rng.random() < 0.7
        if kind == "single-choice":
            n = len(item["choices"])
            key = int(item["answer"]) - 1
            answers[item["id"]] = {"Choice": key if right else (key + 1 + rng.randrange(n - 1)) % n}
            auto += points * 100 if right else 0
        elif kind == "multiple-choice":
            n = len(item["choices"])
            chosen = sorted(rng.sample(range(n), rng.randint(1, n - 1)))
            answers[item["id"]] = {"Choices": chosen}
            auto += points * 100 * rng.randint(0, 4) // 4
        elif kind == "matching":
            options = len(set(p["right"] for p in item["pairs"]) | set(item.get("distractors", [])))
            answers[item["id"]] = {"Matching": [rng.randrange(options) for _ in item["pairs"]]}
            auto += points * 100 * rng.randint(0, len(item["pairs"])) // len(item["pairs"])
        elif kind == "ordering":
            order = list(range(len(item["steps"])))
            rng.shuffle(order)
            answers[item["id"]] = {"Ordering": order}
            auto += points * 100 * rng.randint(0, len(order)) // len(order)
        elif kind == "rating":
            key = int(item["answer"]) - 1
            answers[item["id"]] = {"Rating": key if right else rng.randrange(len(item["scale"]))}
            auto += points * 100 if right else 0
        elif kind == "short-answer":
            answers[item["id"]] = {"Text": item["accepted"][0] if right else "not sure"}
            auto += points * 100 if right else 0
        elif kind == "essay":
            answers[item["id"]] = {"Text": (PROSE * 2)[: rng.randint(150, 350)]}
    return json.dumps(answers, sort_keys=True, separators=(",", ":")), auto


def grade_variant(item, rng):
    """A rubric grade of an essay item: points (hundredths), levels JSON, comment."""
    levels = [rng.randrange(len(criterion["levels"])) for criterion in item["rubric"]]
    points = sum(int(c["levels"][l]["points"]) for c, l in zip(item["rubric"], levels)) * 100
    return points, json.dumps(levels, separators=(",", ":")), PROSE[: rng.randint(40, 160)]


def workspace_variant(course, rng, rated):
    """An appraisal workspace (`Workspace` as serde writes it) rating `rated` practices."""
    practices = {}
    for practice in rng.sample(course["practices"], rated):
        practices[practice] = {
            "rating": rng.choice(["FI", "LI", "PI", "NI"]),
            "note": PROSE[: rng.randint(20, 120)] if rng.random() < 0.15 else "",
            "evidence": sorted(rng.sample(course["evidence"], rng.randint(0, 2))),
        }
    return {"practices": dict(sorted(practices.items())), "marks": []}


# --- The layout of one factor --------------------------------------------------------------------

class Layout:
    """Who is in which class: ids are handed out class by class (the instructor, then the
    learners), so that every large table can be written in the order of its indexes."""

    def __init__(self, factor, first_user_id, now):
        self.factor = factor
        self.first_user_id = first_user_id
        self.classes = CLASSES * factor
        learners = (ACCOUNTS - CLASSES) * factor
        self.measured = self.classes // 2 + 1
        others, extra = divmod(learners - MEASURED_LEARNERS, self.classes - 1)
        self.rows = []  # (class id, instructor id, first learner id, learners, start epoch, self-paced)
        year_ago = now - 365 * DAY
        year_ago -= year_ago % DAY - 9 * 3600  # classes start at 09:00 UTC
        next_id = first_user_id
        for class_id in range(1, self.classes + 1):
            if class_id == self.measured:
                size, start, self_paced = MEASURED_LEARNERS, year_ago + 180 * DAY, False
            else:
                index = class_id - (1 if class_id < self.measured else 2)
                size = others + (1 if index < extra else 0)
                # Opened over the year, at 09:00; the last a month ago, so all work is in the past.
                start = year_ago + (index * 330 // (self.classes - 1)) * DAY
                self_paced = class_id % 3 == 0
            self.rows.append((class_id, next_id, next_id + 1, size, start, self_paced))
            next_id += 1 + size


def learner_name(number):
    """A person's name from a running number (the seeding SQL computes the same)."""
    return f"{FIRST[number % len(FIRST)]} {LAST[(number // len(FIRST)) % len(LAST)]}"


def measured_learner(position):
    """The measured class's learners: the same usernames and names at every factor."""
    return f"growth.m{position + 1:02d}", f"{FIRST[position]} {LAST[(position * 7) % len(LAST)]}"


def learner_number(layout, class_id, position):
    """The running number in a learner's username (`learnerNNNNNNN`), measured class excluded:
    the learners before the class (its first id less the instructors up to it) plus `position`."""
    before = layout.rows[class_id - 1][2] - layout.first_user_id - class_id
    return before - (MEASURED_LEARNERS if class_id > layout.measured else 0) + position


def join_code(class_id):
    """A unique join code per class (multiplication by a unit modulo 31^8 is a bijection)."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    value, code = (class_id * 1_000_003 + 12_345) % 31**8, ""
    for _ in range(8):
        value, digit = divmod(value, 31)
        code += alphabet[digit]
    return code


# --- Seeding -------------------------------------------------------------------------------------

def seed(path, factor, password_hash, course, now, check):
    """Seeds one factor's data into the migrated database at `path`; returns (row counts, layout)."""
    db = sqlite3.connect(path, isolation_level=None)
    # No journal while seeding: the database is new and thrown away if seeding fails. With WAL
    # every page is written twice (to the log, then back into the database) and, past the page
    # cache, read back in between: at 100x that wrote 40 GB for a 12.6 GB database and took 335 s.
    # The server's own journal (WAL) is set again at the end.
    assert db.execute("PRAGMA journal_mode = OFF").fetchone()[0] == "off"
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -2000000")  # 2 GB: the indexes being appended stay in memory
    db.execute("PRAGMA temp_store = MEMORY")
    first_user_id = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM users").fetchone()[0]
    layout = Layout(factor, first_user_id, now)
    rng = random.Random(14)  # the same variants at every factor
    counts, seconds = {}, {}

    def insert_many(table, sql, rows):
        started = time.perf_counter()
        cursor = db.executemany(sql, rows)
        counts[table] = counts.get(table, 0) + cursor.rowcount
        seconds[table] = seconds.get(table, 0) + time.perf_counter() - started

    def insert_select(table, sql, *parameters):
        started = time.perf_counter()
        cursor = db.execute(sql, parameters)
        counts[table] = counts.get(table, 0) + cursor.rowcount
        seconds[table] = seconds.get(table, 0) + time.perf_counter() - started

    db.execute("BEGIN")

    # Small tables of what rows pick from (TEMP: they vanish with the connection).
    exercises = course["exercises"]
    # A class: its instructor's id (its learners' follow), its first learner's number in the
    # usernames, when it starts, the time between exercises, and `salt`, which varies what its
    # learners answer (0 for the measured class, so that it is the same at every factor).
    db.execute("CREATE TEMP TABLE seed_class (class_id INTEGER PRIMARY KEY, instructor_id INTEGER, "
               "first_id INTEGER, size INTEGER, number_base INTEGER, start_s INTEGER, step_s INTEGER, "
               "salt INTEGER, self_paced INTEGER, team_mode INTEGER)")
    db.executemany("INSERT INTO seed_class VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (
        (c, instructor, first, size, learner_number(layout, c, 0) if c != layout.measured else 0, start,
         2 * DAY if self_paced else 3600, 0 if c == layout.measured else c,
         int(self_paced), int(c == layout.measured or c % TEAM_CLASS_EVERY == 0))
        for c, instructor, first, size, start, self_paced in layout.rows))
    db.execute("CREATE TEMP TABLE seed_pos (n INTEGER PRIMARY KEY)")  # 0: the instructor, then learners
    db.executemany("INSERT INTO seed_pos VALUES (?)", ((n,) for n in range(max(r[3] for r in layout.rows) + 1)))
    db.execute("CREATE TEMP TABLE seed_first (i INTEGER PRIMARY KEY, name TEXT)")
    db.executemany("INSERT INTO seed_first VALUES (?, ?)", enumerate(FIRST))
    db.execute("CREATE TEMP TABLE seed_last (i INTEGER PRIMARY KEY, name TEXT)")
    db.executemany("INSERT INTO seed_last VALUES (?, ?)", enumerate(LAST))
    db.execute("CREATE TEMP TABLE seed_measured (n INTEGER PRIMARY KEY, username TEXT, display_name TEXT)")
    db.executemany("INSERT INTO seed_measured VALUES (?, ?, ?)", [(0, MEASURED_INSTRUCTOR, "Growth Instructor")] +
                   [(p + 1, *measured_learner(p)) for p in range(MEASURED_LEARNERS)])
    db.execute("CREATE TEMP TABLE seed_ex (ex_idx INTEGER PRIMARY KEY, exercise_id TEXT UNIQUE, "
               "attempts INTEGER, essay_item TEXT)")
    db.execute("CREATE TEMP TABLE seed_answers (id INTEGER PRIMARY KEY, answers TEXT, auto_points INTEGER)")
    db.execute("CREATE TEMP TABLE seed_grade (id INTEGER PRIMARY KEY, points INTEGER, levels TEXT, comment TEXT)")
    for index, exercise in enumerate(exercises):
        essay = next((item for item in exercise["items"] if item["kind"] == "essay"), None)
        db.execute("INSERT INTO seed_ex VALUES (?, ?, ?, ?)",
                   (index, exercise["id"], exercise["attempts"], essay["id"] if essay else None))
        for variant in range(VARIANTS):
            db.execute("INSERT INTO seed_answers VALUES (?, ?, ?)",
                       (index * VARIANTS + variant, *answer_variant(exercise, rng)))
            if essay:
                db.execute("INSERT INTO seed_grade VALUES (?, ?, ?, ?)",
                           (index * VARIANTS + variant, *grade_variant(essay, rng)))
    db.execute("CREATE TEMP TABLE seed_n (n INTEGER PRIMARY KEY)")
    db.executemany("INSERT INTO seed_n VALUES (?)", ((n,) for n in range(1, 65)))
    db.execute("CREATE TEMP TABLE seed_module (mod_idx INTEGER PRIMARY KEY, module_id TEXT, slides INTEGER)")
    db.executemany("INSERT INTO seed_module VALUES (?, ?, ?)",
                   ((i, m, s) for i, (m, s) in enumerate(course["modules"])))
    db.execute("CREATE TEMP TABLE seed_kind (kind TEXT PRIMARY KEY)")
    db.executemany("INSERT INTO seed_kind VALUES (?)", (("deck",), ("lesson",)))
    db.execute("CREATE TEMP TABLE seed_ws (id INTEGER PRIMARY KEY, workspace TEXT, team_workspace TEXT)")
    for variant in range(VARIANTS):
        workspace = workspace_variant(course, rng, rng.randint(len(course["practices"]) // 3, len(course["practices"])))
        team = {"agreed": workspace, "revisions": {p: rng.randint(1, 3) for p in workspace["practices"]},
                "changed_by": {p: learner_name(rng.randrange(999)) for p in workspace["practices"]},
                "changed_by_id": {}}
        db.execute("INSERT INTO seed_ws VALUES (?, ?, ?)",
                   (variant, json.dumps(workspace, separators=(",", ":")), json.dumps(team, separators=(",", ":"))))

    # Accounts, class by class: the instructor (position 0), then the learners, whose usernames
    # number them across classes (`learner_number`) and whose names `learner_name` gives.
    number = "CASE WHEN p.n = 0 THEN k.class_id ELSE k.number_base + p.n - 1 END"
    insert_select("users",
                  "INSERT INTO users (id, username, display_name, password_hash, role, created_at) "
                  "SELECT k.instructor_id + p.n, "
                  "CASE WHEN k.salt = 0 THEN (SELECT username FROM seed_measured WHERE n = p.n) "
                  "WHEN p.n = 0 THEN printf('instructor%07d', k.class_id) "
                  "ELSE printf('learner%07d', k.number_base + p.n - 1) END, "
                  "CASE WHEN k.salt = 0 THEN (SELECT display_name FROM seed_measured WHERE n = p.n) "
                  "ELSE CASE WHEN p.n = 0 THEN 'Instructor ' ELSE '' END "
                  f"|| (SELECT name FROM seed_first WHERE i = ({number}) % {len(FIRST)}) || ' ' "
                  f"|| (SELECT name FROM seed_last WHERE i = ({number}) / {len(FIRST)} % {len(LAST)}) END, "
                  "?, CASE WHEN p.n = 0 THEN 'instructor' ELSE 'learner' END, "
                  "strftime('%Y-%m-%dT%H:%M:%fZ', k.start_s - (CASE WHEN p.n = 0 THEN 14 ELSE 7 END) * 86400 "
                  "+ p.n * 60, 'unixepoch') "
                  "FROM seed_class k CROSS JOIN seed_pos p WHERE p.n <= k.size", password_hash)
    insert_many("classes", "INSERT INTO classes (id, name, starts_on, ends_on, mode, join_code, created_by, "
                "created_at, code_published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (
                    (c, "Growth measured class" if c == layout.measured else f"Resilience cohort {c:07d}",
                     stamp(start)[:10], stamp(start + (55 if self_paced else 1) * DAY)[:10],
                     "self-paced" if self_paced else "instructor-led",
                     None if c % 10 == 7 and c != layout.measured else join_code(c), instructor,
                     stamp(start - 14 * DAY),
                     int(self_paced and c % 9 == 0))
                    for c, instructor, first, size, start, self_paced in layout.rows))
    insert_select("class_members",
                  "INSERT INTO class_members (class_id, user_id, role, joined_at) "
                  "SELECT k.class_id, k.instructor_id + p.n, CASE WHEN p.n = 0 THEN 'instructor' ELSE 'learner' END, "
                  "strftime('%Y-%m-%dT%H:%M:%fZ', k.start_s - (CASE WHEN p.n = 0 THEN 14 ELSE 7 END) * 86400 "
                  "+ p.n * 60 + 3600, 'unixepoch') "
                  "FROM seed_class k CROSS JOIN seed_pos p WHERE p.n <= k.size")

    # Per class: exercise settings (released after the class), reveals, key adjustments, live states.
    insert_select("class_exercises",
                  "INSERT INTO class_exercises (class_id, exercise_id, is_open, deadline, released) "
                  "SELECT k.class_id, e.exercise_id, CASE WHEN k.self_paced = 1 THEN NULL ELSE 0 END, "
                  "CASE WHEN k.self_paced = 1 THEN strftime('%Y-%m-%dT%H:%M', k.start_s + 60 * 86400, 'unixepoch') END, "
                  "CASE WHEN (k.salt + e.ex_idx) % 7 = 0 THEN 0 ELSE 1 END "
                  "FROM seed_class k CROSS JOIN seed_ex e")
    insert_select("class_appraisals",
                  "INSERT INTO class_appraisals (class_id, revealed, ever_revealed) "
                  "SELECT class_id, salt % 3 <> 1, salt % 3 <> 1 FROM seed_class")
    practices = course["practices"]
    insert_many("class_key_ratings", "INSERT INTO class_key_ratings (class_id, practice_id, rating) VALUES (?, ?, ?)", (
        (c, practice, rating) for c, *_ in layout.rows if c == layout.measured or c % 5 == 0
        for s in [0 if c == layout.measured else c]
        for practice, rating in sorted({practices[s % len(practices)]: "LI",
                                        practices[(s * 7 + 3) % len(practices)]: "PI"}.items())))
    insert_select("live_sessions",
                  "INSERT INTO live_sessions (class_id, version, active, module_id, slide, pushed_url, pushed_label, updated_at) "
                  "SELECT k.class_id, 40 + k.salt % 60, 0, m.module_id, m.slides, NULL, NULL, "
                  "strftime('%Y-%m-%dT%H:%M:%fZ', k.start_s + 86400 + 27000, 'unixepoch') "
                  "FROM seed_class k, seed_module m WHERE k.self_paced = 0 "
                  "AND m.mod_idx = (SELECT MAX(mod_idx) FROM seed_module)")

    # A year of submissions: every learner, every exercise, a second attempt for some.
    # h is a per-learner, per-exercise hash; the measured class's salt is 0 at every factor.
    h = "((m.user_id - k.first_id) * 131 + e.ex_idx * 71 + k.salt * 29)"
    insert_select("exercise_submissions",
                  "INSERT INTO exercise_submissions (user_id, class_id, exercise_id, attempt, request_id, answers, "
                  "auto_points, submitted_at) "
                  "SELECT m.user_id, m.class_id, e.exercise_id, a.n, lower(hex(randomblob(16))), v.answers, v.auto_points, "
                  f"strftime('%Y-%m-%dT%H:%M:%fZ', k.start_s + e.ex_idx * k.step_s + (a.n - 1) * 86400 + {h} % 1800, 'unixepoch') "
                  "FROM class_members m CROSS JOIN seed_class k CROSS JOIN seed_ex e CROSS JOIN seed_n a "
                  "CROSS JOIN seed_answers v "
                  "WHERE m.role = 'learner' AND k.class_id = m.class_id AND a.n <= e.attempts "
                  f"AND (a.n = 1 OR ({h} * 7) % 100 < ?) "
                  f"AND v.id = e.ex_idx * {VARIANTS} + ({h} + a.n) % {VARIANTS}", RETRY_PERCENT)
    # Grades: the submissions are found through their unique index (learner, class, exercise,
    # attempt), which holds all that is needed, so that the wide rows are not read back.
    insert_select("exercise_grades",
                  "INSERT INTO exercise_grades (submission_id, item_id, points, levels, comment, graded_by, graded_at) "
                  "SELECT s.id, e.essay_item, g.points, g.levels, g.comment, k.instructor_id, "
                  "strftime('%Y-%m-%dT%H:%M:%fZ', k.start_s + e.ex_idx * k.step_s + (s.attempt + 1) * 86400, 'unixepoch') "
                  "FROM class_members m CROSS JOIN seed_class k CROSS JOIN seed_ex e "
                  "CROSS JOIN exercise_submissions s CROSS JOIN seed_grade g "
                  "WHERE m.role = 'learner' AND k.class_id = m.class_id AND e.essay_item IS NOT NULL "
                  "AND s.user_id = m.user_id AND s.class_id = m.class_id AND s.exercise_id = e.exercise_id "
                  f"AND (s.id * 7919) % 100 < ? AND g.id = e.ex_idx * {VARIANTS} + s.id % {VARIANTS}", GRADED_PERCENT)

    # Self-paced progress: self-paced learners read 1 to 10 modules (lesson and deck), learners of
    # instructor-led classes open up to 3 lessons on their own.
    p = "((m.user_id - k.first_id) * 37 + k.salt * 11)"
    insert_select("progress",
                  "INSERT INTO progress (user_id, item_kind, module_id, last_position, furthest, updated_at) "
                  "SELECT m.user_id, d.kind, md.module_id, "
                  f"CASE d.kind WHEN 'deck' THEN 1 + ({p} + md.mod_idx) % md.slides ELSE 0 END, "
                  "CASE d.kind WHEN 'deck' THEN md.slides ELSE 0 END, "
                  f"strftime('%Y-%m-%dT%H:%M:%fZ', k.start_s + md.mod_idx * 3 * 86400 + {p} % 7200, 'unixepoch') "
                  "FROM class_members m CROSS JOIN seed_class k CROSS JOIN seed_module md CROSS JOIN seed_kind d "
                  "WHERE m.role = 'learner' AND k.class_id = m.class_id "
                  f"AND md.mod_idx < CASE WHEN k.self_paced = 1 THEN 1 + {p} % 10 ELSE {p} % 4 END "
                  "AND (k.self_paced = 1 OR d.kind = 'lesson')")

    # Appraisal: workspaces (every learner of the measured class, a third elsewhere), teams.
    insert_select("appraisal_workspaces",
                  "INSERT INTO appraisal_workspaces (user_id, class_id, workspace, submitted_at, updated_at) "
                  "SELECT m.user_id, m.class_id, w.workspace, "
                  f"CASE WHEN {p} % 2 = 0 THEN strftime('%Y-%m-%dT%H:%M:%fZ', k.start_s + 86400 + 30000, 'unixepoch') END, "
                  "strftime('%Y-%m-%dT%H:%M:%fZ', k.start_s + 86400 + 29000, 'unixepoch') "
                  "FROM class_members m CROSS JOIN seed_class k CROSS JOIN seed_ws w "
                  "WHERE m.role = 'learner' AND k.class_id = m.class_id "
                  f"AND (k.salt = 0 OR {p} % ? = 0) AND w.id = {p} % {VARIANTS}", WORKSPACE_EVERY)
    areas = course["scope"]
    insert_many("appraisal_teams", "INSERT INTO appraisal_teams (class_id, name, workspace, submitted_at, updated_at, "
                "process_areas) SELECT ?, ?, team_workspace, ?, ?, ? FROM seed_ws WHERE id = ?", (
                    (c, f"Team {t}", stamp(start + DAY + 30000) if t % 2 else None, stamp(start + DAY + 29000),
                     areas[(t - 1) % len(areas)] if c % 8 == 0 else "",
                     ((0 if c == layout.measured else c) + t) % VARIANTS)
                    for c, instructor, first, size, start, _ in layout.rows
                    if c == layout.measured or c % TEAM_CLASS_EVERY == 0
                    for t in range(1, TEAMS_PER_CLASS + 1)))
    insert_select("appraisal_team_members",
                  "INSERT INTO appraisal_team_members (class_id, user_id, team_id) "
                  "SELECT m.class_id, m.user_id, t.id FROM class_members m CROSS JOIN seed_class k "
                  "CROSS JOIN appraisal_teams t "
                  "WHERE m.role = 'learner' AND k.class_id = m.class_id AND k.team_mode = 1 "
                  f"AND t.class_id = m.class_id AND t.name = 'Team ' || ((m.user_id - k.first_id) % {TEAMS_PER_CLASS} + 1)")

    # Signing in: sessions of the last 14 days (none expired: each new session sweeps those), and
    # the security log's sign-up and latest sign-in of every account.
    insert_select("sessions",
                  "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) "
                  "SELECT lower(hex(randomblob(32))), u.id, "
                  "strftime('%Y-%m-%dT%H:%M:%fZ', ? - (u.id % 13) * 86400, 'unixepoch'), "
                  "strftime('%Y-%m-%dT%H:%M:%fZ', ? - (u.id % 13) * 86400 + 14 * 86400, 'unixepoch'), "
                  "strftime('%Y-%m-%dT%H:%M:%fZ', ? - (u.id % 13) * 43200, 'unixepoch') "
                  "FROM users u WHERE u.id >= ? AND u.id % ? = 0", now - 3600, now - 3600, now - 60,
                  first_user_id, SESSION_EVERY)
    insert_select("security_events",
                  "INSERT INTO security_events (at, kind, actor_id, subject_id, class_id, address, detail) "
                  "SELECT CASE n.n WHEN 1 THEN u.created_at "
                  "ELSE strftime('%Y-%m-%dT%H:%M:%fZ', u.created_at, '+' || (u.id % 30) || ' days') END, "
                  "CASE n.n WHEN 1 THEN 'sign-up' ELSE 'sign-in' END, u.id, NULL, NULL, "
                  "'10.' || (u.id >> 16 & 255) || '.' || (u.id >> 8 & 255) || '.' || (u.id & 255), '' "
                  "FROM users u CROSS JOIN seed_n n WHERE u.id >= ? AND n.n <= 2", first_user_id)

    started = time.perf_counter()
    db.execute("COMMIT")
    assert db.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    seconds["commit"] = time.perf_counter() - started
    if check:
        # The smallest factor checks what every factor's generator does.
        broken = db.execute("PRAGMA foreign_key_check").fetchall()
        assert not broken, f"seeded rows break foreign keys: {broken[:5]}"
        assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    db.close()
    # With synchronous=OFF the data is still in the page cache, waiting to be written; written
    # now, so that the writing does not run (and slow the server down) during the measurement.
    started = time.perf_counter()
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    seconds["flush to disk"] = time.perf_counter() - started
    log(f"{factor}x: seconds per table: " + ", ".join(f"{t} {s:.1f}" for t, s in seconds.items() if s >= 0.05))
    return counts, layout


# --- The server ----------------------------------------------------------------------------------

def server_env(db_path, port):
    return {**os.environ, "DATABASE_URL": f"sqlite://{db_path}", "LEPTOS_SITE_ADDR": f"127.0.0.1:{port}",
            "LEPTOS_SITE_ROOT": "target/site", "RUST_LOG": "warn", "SIGN_UP": "open",
            "TRUSTED_PROXIES": "127.0.0.1", "SIGN_UPS_PER_HOUR": "1000000"}


def start_server(binary, db_path, port, log_path):
    """Starts the server in the repository root and waits for /healthz to answer 200."""
    with open(log_path, "a") as log_file:  # the server keeps its own copy of the descriptor
        process = subprocess.Popen([binary], cwd=ROOT, env=server_env(db_path, port),
                                   stdout=log_file, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}; see {log_path}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            pass
        time.sleep(0.1)
    stop_server(process)
    raise SystemExit(f"the server did not answer /healthz within 120 s; see {log_path}")


def stop_server(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def remove_database(db_path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db_path + suffix):
            os.remove(db_path + suffix)


# --- Measuring -----------------------------------------------------------------------------------

async def timed_runs(total, concurrency, one):
    """Runs `one(i)` for i < total, `concurrency` at a time; returns (latencies ms, sizes, errors).
    `one` returns (ok, size); an exception is an error."""
    latencies, sizes, errors = [], [], 0
    semaphore = asyncio.Semaphore(concurrency)

    async def run(i):
        nonlocal errors
        async with semaphore:
            started = time.perf_counter()
            try:
                ok, size = await one(i)
            except (OSError, ValueError, IndexError):
                ok, size = False, 0
            latencies.append((time.perf_counter() - started) * 1000)
            sizes.append(size)
            if not ok:
                errors += 1

    await asyncio.gather(*(run(i) for i in range(total)))
    return latencies, sizes, errors


async def measure(base, layout):
    """The four targets on the seeded server: {target: (p50, p99, median bytes, errors)}."""
    status, cookie = await benchlib.sign_in(base, MEASURED_INSTRUCTOR)
    if status != 303 or not cookie:
        raise SystemExit(f"could not sign in as {MEASURED_INSTRUCTOR}: {status}")
    class_id = layout.measured
    # The last learner of the class (by name, as the pages list them) must be on every page.
    marker = max(measured_learner(p)[1] for p in range(MEASURED_LEARNERS)).encode()
    results = {}
    for target, path in [("class_page", f"/classes/{class_id}"), ("gradebook", f"/classes/{class_id}/gradebook"),
                         ("heatmap", f"/classes/{class_id}/appraisal")]:
        async def get(_, path=path):
            status, _, body = await benchlib.request(base, "GET", path, headers={"Cookie": cookie})
            return status == 200 and marker in body, len(body)

        await timed_runs(WARM_UP, PAGE_CONCURRENCY, get)
        latencies, sizes, errors = await timed_runs(PAGE_REQUESTS, PAGE_CONCURRENCY, get)
        results[target] = (benchlib.percentile(latencies, 50), benchlib.percentile(latencies, 99),
                           benchlib.percentile(sizes, 50), errors)

    # Sign-ins: one learner from each of SIGN_INS classes spread over all of them (so over the
    # whole accounts table), the measured class left out.
    classes = [c for c in range(1, layout.classes + 1) if c != layout.measured]
    people = [f"learner{learner_number(layout, classes[i * (len(classes) - 1) // (SIGN_INS - 1)], i % 7):07d}"
              for i in range(SIGN_INS)]

    async def sign_in(i):
        status, session = await benchlib.sign_in(base, people[i])
        return status == 303 and session is not None, 0

    latencies, _, errors = await timed_runs(len(people), SIGN_IN_CONCURRENCY, sign_in)
    results["sign_in"] = (benchlib.percentile(latencies, 50), benchlib.percentile(latencies, 99), 0, errors)
    return results


# --- One factor, and the whole run ---------------------------------------------------------------

def migrated_template(binary, port, workdir):
    """A database the server created and migrated, holding one account signed up through the
    form; returns (its path, that account's password hash). Every factor starts from a copy, so
    that the server (whose start-up renders the course) is started once for all of them."""
    path = os.path.join(workdir, "growth-template.db")
    remove_database(path)
    server = start_server(binary, path, port, os.path.join(workdir, "growth-server-template.log"))
    try:
        status, headers = asyncio.run(benchlib.try_sign_up(f"http://127.0.0.1:{port}", TEMPLATE_USERNAME))
        assert status == 303 and benchlib.session_cookie(headers), f"sign-up refused: {status} {headers}"
    finally:
        stop_server(server)
    db = sqlite3.connect(path)
    password_hash = db.execute("SELECT password_hash FROM users WHERE username = ?",
                               (TEMPLATE_USERNAME,)).fetchone()[0]
    db.close()
    return path, password_hash


def run_factor(binary, port, workdir, factor, course, now, template, check):
    """Creates, seeds, measures and deletes one factor's database; returns its figures."""
    base = f"http://127.0.0.1:{port}"
    db_path = os.path.join(workdir, f"growth-{factor}.db")
    log_path = os.path.join(workdir, f"growth-server-{factor}.log")
    remove_database(db_path)
    try:
        # 1. A fresh copy of the migrated database (the backup API copies what the log holds too).
        template_path, password_hash = template
        source, copy = sqlite3.connect(template_path), sqlite3.connect(db_path)
        source.backup(copy)
        source.close()
        copy.close()
        # 2. Seeding.
        log(f"{factor}x: seeding {ACCOUNTS * factor:,} accounts and {CLASSES * factor:,} classes")
        started = time.perf_counter()
        counts, layout = seed(db_path, factor, password_hash, course, now, check)
        seed_seconds = time.perf_counter() - started
        db_mb = sum(os.path.getsize(db_path + s) for s in ("", "-wal") if os.path.exists(db_path + s)) / 2**20
        log(f"{factor}x: seeded in {seed_seconds:.1f} s, {db_mb:,.0f} MB: "
            + ", ".join(f"{table} {n:,}" for table, n in counts.items()))
        # 3. Measuring.
        started = time.perf_counter()
        server = start_server(binary, db_path, port, log_path)
        try:
            results = asyncio.run(measure(base, layout))
        finally:
            stop_server(server)
        log(f"{factor}x: measured in {time.perf_counter() - started:.1f} s: " + ", ".join(
            f"{t} p99 {r[1]:.1f} ms" for t, r in results.items()))
        return {"seed_seconds": seed_seconds, "db_mb": db_mb, "rows": sum(counts.values()), "counts": counts,
                "results": results, "measure_seconds": time.perf_counter() - started}
    finally:
        remove_database(db_path)


def report(factors, figures, skipped):
    done = [f for f in factors if f in figures]
    largest = done[-1] if done else None
    print()
    print(f"Growth (issue 14, target 6): the measured class has {MEASURED_LEARNERS} learners at every factor; "
          f"1x = {ACCOUNTS:,} accounts, {CLASSES} classes and a year of their work.")
    print(f"Pages: {PAGE_REQUESTS} requests each, {PAGE_CONCURRENCY} at a time; sign-in: {SIGN_INS} different "
          f"learners, {SIGN_IN_CONCURRENCY} at a time. Latency in ms (p50 / p99); sizes uncompressed.")
    columns = [f"{f}x p50/p99" for f in done]
    ratio = f"p99 {largest}x/1x" if largest and largest != 1 and 1 in figures else None
    header = f"{'target':<12}" + "".join(f"{c:>20}" for c in columns) + (f"{ratio:>14}" if ratio else "") + \
        "".join(f"{f'bytes {f}x':>12}" for f in done)
    print(header)
    lines = []
    for target, label in TARGETS:
        row = f"{label:<12}"
        for f in done:
            p50, p99, _, _ = figures[f]["results"][target]
            row += f"{f'{p50:.1f} / {p99:.1f}':>20}"
        if ratio:
            value = figures[largest]["results"][target][1] / figures[1]["results"][target][1]
            row += f"{value:>13.2f}x"
            lines.append((f"growth.{target}.p99_ratio", f"{value:.3f}"))
        for f in done:
            size = figures[f]["results"][target][2]
            row += f"{size if target != 'sign_in' else '-':>12}"
        print(row)
        for f in done:
            p50, p99, size, _ = figures[f]["results"][target]
            lines.append((f"growth.{target}.p50_ms.{f}x", f"{p50:.1f}"))
            lines.append((f"growth.{target}.p99_ms.{f}x", f"{p99:.1f}"))
            if target != "sign_in":
                lines.append((f"growth.{target}.bytes.{f}x", str(size)))
    print(f"{'seeding s':<12}" + "".join(f"{figures[f]['seed_seconds']:>20.1f}" for f in done))
    print(f"{'database MB':<12}" + "".join(f"{figures[f]['db_mb']:>20,.0f}" for f in done))
    print(f"{'rows seeded':<12}" + "".join(f"{figures[f]['rows']:>20,}" for f in done))
    errors = sum(r[3] for f in done for r in figures[f]["results"].values())
    print(f"errors: {errors} (pages not 200 or without the class's learners, sign-ins not 303 with a session)")
    for f in done:
        print(f"{f}x rows: " + ", ".join(f"{t} {n:,}" for t, n in figures[f]["counts"].items()))
        lines.append((f"growth.seed_seconds.{f}x", f"{figures[f]['seed_seconds']:.1f}"))
        lines.append((f"growth.db_mb.{f}x", f"{figures[f]['db_mb']:.0f}"))
        lines.append((f"growth.rows.{f}x", str(figures[f]["rows"])))
        lines.append((f"growth.accounts.{f}x", str(figures[f]["counts"]["users"])))
    for f, reason in skipped.items():
        print(f"{f}x NOT MEASURED: {reason}")
    lines.append(("growth.errors", str(errors)))
    if os.environ.get("BENCH_RESULTS"):
        with open(os.environ["BENCH_RESULTS"], "a") as results:
            results.writelines(f"{key}\t{value}\n" for key, value in lines)
    return errors


def main():
    if len(sys.argv) not in (4, 5):
        raise SystemExit("usage: growth_bench.py SERVER_BINARY PORT WORKDIR [FACTORS]   (FACTORS: 1,10,100)")
    binary = os.path.abspath(sys.argv[1])
    port, workdir = int(sys.argv[2]), os.path.abspath(sys.argv[3])
    factors = sorted({int(f) for f in (sys.argv[4] if len(sys.argv) == 5 else "1,10,100").split(",")})
    budget = float(os.environ.get("GROWTH_BUDGET_SECONDS", "360"))
    benchlib.check_local(f"http://127.0.0.1:{port}")
    os.makedirs(workdir, exist_ok=True)
    course = load_course()
    now = int(time.time())  # one "now" for every factor, so that the measured class is the same
    started = time.perf_counter()
    figures, skipped = {}, {}
    template = migrated_template(binary, port, workdir)
    try:
        for factor in factors:
            if figures and budget > 0:
                # Seeding grows with the factor; measuring takes about as long at every factor.
                last = max(figures)
                estimate = figures[last]["seed_seconds"] * factor / last + figures[last]["measure_seconds"] + 10
                left = budget - (time.perf_counter() - started)
                if estimate > left:
                    skipped[factor] = (f"estimated {estimate:.0f} s from {last}x, {left:.0f} s left of the "
                                       f"{budget:.0f} s budget (GROWTH_BUDGET_SECONDS=0 runs it anyway)")
                    log(f"{factor}x skipped: {skipped[factor]}")
                    continue
            figures[factor] = run_factor(binary, port, workdir, factor, course, now, template,
                                         check=factor == factors[0])
    finally:
        remove_database(template[0])
    log(f"whole run: {time.perf_counter() - started:.0f} s")
    errors = report(factors, figures, skipped)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
