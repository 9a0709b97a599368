#!/usr/bin/env python3
"""Tries issue 12's attacks against a running RMM Classroom server (127.0.0.1 only) and says, per
finding, whether the server is open to it: run against a build from before the fix and one from
after, it shows each finding open and then closed.

usage: scripts/security_probe.py BASE SERVER_BINARY DATABASE_URL
The server must run with SIGN_UP=open TRUSTED_PROXIES=127.0.0.1 (an older server ignores both);
SERVER_BINARY and DATABASE_URL are used to create the administrator on the command line.
Finding 7 is judged at 12 sign-ups, under the default SIGN_UPS_PER_HOUR of 100: start the server
with SIGN_UPS_PER_HOUR=10 to see that limit act."""
import asyncio, subprocess, sys, os, time, urllib.parse
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib
from benchlib import request, form

BASE, BINARY, DB = sys.argv[1], sys.argv[2], sys.argv[3]
benchlib.check_local(BASE)
PW = "tulips under the bridge"
EXERCISE = "meridian-sponsorship-plan"
KEY_SENTENCE = "owns the outcome"
results = []

def say(finding, vulnerable, detail):
    results.append((finding, vulnerable, detail))
    print(f"{finding:<44} {'OPEN' if vulnerable else 'closed':<7} {detail}", flush=True)

def cookie_of(headers):
    for value in headers.get("set-cookie", []):
        if value.startswith("rmm_session=") and "Max-Age=0" not in value:
            return value.split(";")[0]
    return None

async def post(path, fields, cookie=None, xff=None):
    body, headers = form(fields)
    if cookie: headers["Cookie"] = cookie
    if xff: headers["X-Forwarded-For"] = xff
    return await request(BASE, "POST", path, body, headers)

def dechunk(headers, body):
    if "chunked" not in ",".join(headers.get("transfer-encoding", [])):
        return body
    out = b""
    while body:
        size, _, rest = body.partition(b"\r\n")
        n = int(size.split(b";")[0], 16)
        if n == 0:
            break
        out += rest[:n]
        body = rest[n + 2:]
    return out

async def get(path, cookie=None):
    headers = {"Cookie": cookie} if cookie else {}
    status, h, body = await request(BASE, "GET", path, b"", headers)
    return status, h, dechunk(h, body)

async def sign_in(username, password=PW, xff=None):
    status, headers, _ = await post("/sign-in", [("username", username), ("password", password), ("next", "/classes")], xff=xff)
    return status, cookie_of(headers), headers.get("location", [""])[0]

async def sign_up(username, code="", password=PW, xff=None):
    status, headers, _ = await post("/sign-up", [("username", username), ("display_name", username), ("password", password), ("code", code), ("next", "/classes")], xff=xff)
    return status, cookie_of(headers), headers.get("location", [""])[0]

def create_admin(username):
    env = dict(os.environ, DATABASE_URL=DB, ADMIN_PASSWORD=PW)
    subprocess.run([BINARY, "create-admin", "--username", username, "--display-name", username], env=env, check=True, capture_output=True)
    return username

async def promote(admin_cookie, username, role):
    # Find the user id on the accounts page.
    _, _, page = await get("/admin/users", admin_cookie)
    text = page.decode()
    marker = f">{username}<"
    at = text.index(marker)
    start = text.index("/admin/users/", at)
    uid = text[start + len("/admin/users/"):].split("/")[0]
    await post(f"/admin/users/{uid}/role", [("role", role)], admin_cookie)
    return int(uid)

async def main():
    run = str(int(time.time()))[-5:]
    admin = create_admin(f"admin{run}")
    _, admin_cookie, _ = await sign_in(admin, xff="10.0.0.1")
    # An instructor and a class (instructor-led) with its code.
    teacher = f"teacher{run}"
    s, teacher_cookie, loc = await sign_up(teacher, xff="10.0.0.2")
    if teacher_cookie is None:
        print("sign-up needs a code here; run the new server with SIGN_UP=open"); return
    await promote(admin_cookie, teacher, "instructor")
    _, teacher_cookie, _ = await sign_in(teacher, xff="10.0.0.2")
    s, h, _ = await post("/classes", [("name", "Attack"), ("starts_on", "2026-12-01"), ("ends_on", "2026-12-02"), ("mode", "instructor-led")], teacher_cookie)
    class_path = h["location"][0]
    class_id = class_path.rsplit("/", 1)[1]
    _, _, page = await get(class_path, teacher_cookie)
    text = page.decode()
    code = text.split('class="join-code">')[1].split("<")[0].replace("-", "")

    # Finding 1: learner in the class works alone and reads the key.
    learner = f"learner{run}"
    _, learner_cookie, _ = await sign_up(learner, xff="10.0.0.3")
    await post("/join", [("code", code)], learner_cookie)
    _, _, page = await get(f"/exercises/{EXERCISE}", learner_cookie)
    text = page.decode()
    rid = text.split('name="request_id" value="')[1][:32]
    await post(f"/exercises/{EXERCISE}/answers", [("class_id", ""), ("intent", "submit"), ("request_id", rid), ("item.q1", "1")], learner_cookie)
    _, _, page = await get(f"/exercises/{EXERCISE}", learner_cookie)
    say("1 key readable alone before release", KEY_SENTENCE in page.decode(), "the exercise page alone shows the key's explanation" if KEY_SENTENCE in page.decode() else "no key alone")

    # Finding 2: the admin joins the class; the instructor resets the admin's password.
    await post("/join", [("code", code)], admin_cookie)
    admin_id = await promote(admin_cookie, admin, "admin")
    s, h, _ = await post(f"/classes/{class_id}/learners/{admin_id}/password", [("password", "owned by the instructor")], teacher_cookie)
    s2, c2, _ = await sign_in(admin, "owned by the instructor", xff="10.0.0.9")
    say("2 instructor takes over an administrator", c2 is not None, f"reset answered {h.get('location', [''])[0]}; sign-in with the new password: {'worked' if c2 else 'refused'}")
    if c2: admin_cookie = c2

    # Finding 4: behind a proxy (server told to trust 127.0.0.1 where it can), the victim from
    # another network after an attacker's failures.
    target = f"target{run}"
    await sign_up(target, code, xff="10.0.0.5")
    for i in range(10):
        await post("/sign-in", [("username", target), ("password", "not the password x")], xff="6.6.6.6")
    s, c, _ = await sign_in(target, xff="7.7.7.7")
    say("4 victim locked out from a clean network", c is None, f"victim's sign-in answered {s}")

    # Finding 5: open redirect.
    s, h, _ = await post("/sign-in", [("username", learner), ("password", PW), ("next", "/\t/evil.example")], xff="10.0.0.3")
    where = h.get("location", [""])[0]
    say("5 next=/<TAB>/evil.example followed", "evil" in where, f"Location: {where!r} (status {s})")

    # Finding 6: slow headers.
    host, port = urllib.parse.urlsplit(BASE).hostname, urllib.parse.urlsplit(BASE).port
    r, w = await asyncio.open_connection(host, port)
    w.write(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    await w.drain()
    try:
        data = await asyncio.wait_for(r.read(100), 15)
        open_after = False
    except asyncio.TimeoutError:
        open_after = True
    w.close()
    say("6 slow headers held open", open_after, "still open after 15 s" if open_after else "dropped within 15 s")

    # Finding 7: sign-up flood from one address.
    statuses = [(await sign_up(f"flood{run}{i}", code, xff="10.9.9.9"))[0] for i in range(12)]
    say("7 sign-ups unlimited (12 from one network)", 429 not in statuses, f"statuses {sorted(set(statuses))}")

    # Finding 8 (some): common password, join-code guessing, 413, no-store.
    s, c, loc = await sign_up(f"weak{run}", code, "password1234", xff="10.0.0.6")
    say("8 common password accepted", c is not None, loc)
    statuses = [(await post("/join", [("code", f"WRNG{2000 + i}")], learner_cookie))[0] for i in range(12)]
    say("8 join codes guessable without limit", 429 not in statuses, f"statuses {sorted(set(statuses))}")
    big = b"x" * (2 * 1024 * 1024)
    s, _, body = await request(BASE, "POST", "/api/save_exercise_draft", big, {"Cookie": learner_cookie, "Content-Type": "application/x-www-form-urlencoded"})
    say("8 oversized server-function body not 413", s != 413, f"answered {s}")
    s, h, _ = await get("/classes", learner_cookie)
    say("8 private page cacheable", "no-store" not in ",".join(h.get("cache-control", [])), f"Cache-Control: {h.get('cache-control')}")

    # Finding 9: the security log.
    s, _, _ = await get("/admin/security.csv", admin_cookie)
    say("9 no security log", s != 200, f"/admin/security.csv answered {s}")

    # Last, because on a server that counts only the TCP peer it exhausts this address's limit.
    # Finding 3: 40 parallel wrong guesses.
    victim = f"victim{run}"
    await sign_up(victim, code, xff="10.0.0.4")
    statuses = await asyncio.gather(*(post("/sign-in", [("username", victim), ("password", f"wrong guess {i} x")]) for i in range(40)))
    verified = sum(1 for s, _, _ in statuses if s == 303)
    say("3 parallel guesses all verified", verified > 5, f"{verified} of 40 verified")

    open_count = sum(1 for _, v, _ in results if v)
    print(f"\n{open_count} of {len(results)} findings open")

asyncio.run(main())
