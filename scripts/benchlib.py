"""Shared pieces of the load tests: raw HTTP/1.1 requests over asyncio sockets (standard library
only), form bodies, session cookies, percentiles, and a process's peak memory. Requests only ever
go to this machine.

Sign-ups and sign-ins carry `X-Forwarded-For` with an address of the simulated person's own
(`address_of`), so the server, started with `SIGN_UP=open TRUSTED_PROXIES=127.0.0.1`, counts its
per-network limits per person, as it would for learners on their own networks."""

import asyncio
import re
import urllib.parse
import zlib

PASSWORD = "bench password 1234"


def check_local(base):
    assert urllib.parse.urlsplit(base).hostname in ("127.0.0.1", "localhost"), \
        "load only ever goes to this machine"


async def request(base, method, path, body=b"", headers=None):
    """One HTTP/1.1 request on its own connection; returns (status, headers, body)."""
    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
    reader, writer = await asyncio.open_connection(host, port)
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", f"Origin: {base}", "Connection: close",
             f"Content-Length: {len(body)}"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    await writer.drain()
    data = await reader.read()
    writer.close()
    head, _, payload = data.partition(b"\r\n\r\n")
    head_lines = head.decode("latin1").split("\r\n")
    status = int(head_lines[0].split()[1])
    parsed = {}
    for line in head_lines[1:]:
        name, _, value = line.partition(":")
        parsed.setdefault(name.strip().lower(), []).append(value.strip())
    return status, parsed, payload


def form(fields):
    return urllib.parse.urlencode(fields).encode(), {"Content-Type": "application/x-www-form-urlencoded"}


def address_of(username):
    """The network a simulated person comes from: a 10.x.y.z address derived from the username, so
    that each person is counted on their own by the server's limits, as people on their own
    networks are. `learner0042` and `learner0043` differ in the last two octets; the prefix picks
    the second. The server believes it only from a trusted proxy (scripts/bench starts it with
    `TRUSTED_PROXIES=127.0.0.1`); elsewhere the header is ignored and everyone is 127.0.0.1."""
    match = re.fullmatch(r"(.*?)(\d+)", username)
    if match:
        number = int(match.group(2)) % 65536
        return f"10.{zlib.crc32(match.group(1).encode()) % 256}.{number >> 8}.{number & 255}"
    digest = zlib.crc32(username.encode())
    return f"10.{(digest >> 16) & 255}.{(digest >> 8) & 255}.{digest & 255}"


def from_address(address, headers=None):
    """`headers` with `X-Forwarded-For: address`, as a proxy at 127.0.0.1 would send them."""
    return {**(headers or {}), "X-Forwarded-For": address}


def session_cookie(headers):
    for value in headers.get("set-cookie", []):
        match = re.match(r"(rmm_session=[0-9a-f]+)", value)
        if match:
            return match.group(1)
    return None


async def try_sign_up(base, username, address=None):
    """Posts the sign-up form from `address` (by default the person's own, see `address_of`);
    returns (status, response headers)."""
    body, headers = form({"username": username, "display_name": username, "password": PASSWORD, "next": "/classes"})
    headers = from_address(address or address_of(username), headers)
    status, response_headers, _ = await request(base, "POST", "/sign-up", body, headers)
    return status, response_headers


async def sign_up(base, username, address=None):
    status, response_headers = await try_sign_up(base, username, address)
    cookie = session_cookie(response_headers)
    # A refused form is answered 303 too, back to /sign-up with the reason, and no session.
    assert status == 303 and cookie, \
        f"sign-up {username}: {status} {response_headers.get('location', [''])[0]} (is SIGN_UP=open?)"
    return cookie


async def sign_in(base, username, password=PASSWORD, address=None):
    """Posts the sign-in form from `address` (by default the person's own); returns (status,
    session cookie or None). A wrong password is answered 303 too, without a cookie."""
    body, headers = form({"username": username, "password": password, "next": "/classes"})
    headers = from_address(address or address_of(username), headers)
    status, response_headers, _ = await request(base, "POST", "/sign-in", body, headers)
    return status, session_cookie(response_headers)


async def open_class(base, admin_cookie, name, mode):
    """Opens a class as the signed-in instructor; returns (class id, join code)."""
    body, headers = form({"name": name, "starts_on": "2026-12-01", "ends_on": "2026-12-02", "mode": mode})
    _, response_headers, _ = await request(base, "POST", "/classes", body, {**headers, "Cookie": admin_cookie})
    class_id = int(response_headers["location"][0].rsplit("/", 1)[1])
    _, _, page = await request(base, "GET", f"/classes/{class_id}", headers={"Cookie": admin_cookie})
    code = re.search(rb'class="join-code">([2-9A-Z]{4}-[2-9A-Z]{4})<', page).group(1).decode()
    return class_id, code


async def enrol(base, count, code, prefix="learner", concurrency=32):
    """Signs up `count` learners and joins them to the class; returns their cookies."""
    semaphore = asyncio.Semaphore(concurrency)

    async def one(i):
        async with semaphore:
            cookie = await sign_up(base, f"{prefix}{i:04d}")
            body, headers = form({"code": code})
            status, _, _ = await request(base, "POST", "/join", body, {**headers, "Cookie": cookie})
            assert status == 303
            return cookie

    return await asyncio.gather(*(one(i) for i in range(count)))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _status_kib(pid, field):
    """A memory figure (in KiB) of /proc/PID/status: `VmHWM` (peak resident) or `VmRSS` (now)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def peak_memory_kib(pid):
    return _status_kib(pid, "VmHWM")


def record(key, value):
    """Appends one figure to the run's results file (`BENCH_RESULTS`, read by
    scripts/bench_report.py to print every figure beside its goal); does nothing without it."""
    import os
    path = os.environ.get("BENCH_RESULTS")
    if path:
        with open(path, "a") as results:
            results.write(f"{key}\t{value}\n")


def resident_kib(pid):
    """The process's resident memory now, in KiB."""
    return _status_kib(pid, "VmRSS")


async def page_costs(base, path, cookie, times=30):
    """Asks for a page `times` times, one after another, as a browser would (brotli accepted);
    returns (latencies in ms, uncompressed size, size as sent). Every answer must be a 200."""
    import time as clock
    latencies, sent = [], 0
    for _ in range(times):
        started = clock.perf_counter()
        status, _, page = await request(base, "GET", path, headers={"Cookie": cookie, "Accept-Encoding": "br"})
        latencies.append((clock.perf_counter() - started) * 1000)
        assert status == 200, f"{path}: {status}"
        sent = len(page)
    _, _, plain = await request(base, "GET", path, headers={"Cookie": cookie})
    return latencies, len(plain), sent
