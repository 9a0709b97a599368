#!/usr/bin/env python3
"""Start-up time: from starting the server binary to its first 200 answer on /healthz, with the
full course loaded, the static files read and the database opened.

Starts the binary RUNS times on one SQLite file in DATA_DIR: the first start creates the database
(every migration runs), the others find it made. Asks /healthz every 2 ms. Prints each time and
the resident memory right after start; records `startup.first_ms`, `startup.ms` (the median of
the later starts) and `rss.after_start_kib`.

Usage: startup_bench.py SERVER_BINARY PORT DATA_DIR [RUNS]
Standard library only; every request goes to 127.0.0.1.
"""

import os
import socket
import statistics
import subprocess
import sys
import time

import benchlib

BINARY, PORT, DATA = sys.argv[1], int(sys.argv[2]), sys.argv[3]
RUNS = int(sys.argv[4]) if len(sys.argv) > 4 else 5


def healthy():
    """Whether /healthz answers 200 now (a refused connection is 'not yet')."""
    try:
        with socket.create_connection(("127.0.0.1", PORT), timeout=1) as connection:
            connection.sendall(f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{PORT}\r\nConnection: close\r\n\r\n".encode())
            return connection.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def one_start():
    env = {**os.environ, "LEPTOS_SITE_ADDR": f"127.0.0.1:{PORT}",
           "DATABASE_URL": f"sqlite://{os.path.join(DATA, 'startup.db')}",
           "LEPTOS_SITE_ROOT": "target/site", "RUST_LOG": "warn"}
    started = time.perf_counter()
    process = subprocess.Popen([BINARY], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not healthy():
            if process.poll() is not None:
                raise SystemExit(f"the server exited with {process.returncode} before answering")
            if time.perf_counter() - started > 30:
                raise SystemExit("the server did not answer /healthz within 30 s")
            time.sleep(0.002)
        took = (time.perf_counter() - started) * 1000
        return took, benchlib.resident_kib(process.pid)
    finally:
        process.terminate()
        process.wait()


def main():
    benchlib.check_local(f"http://127.0.0.1:{PORT}")
    os.makedirs(DATA, exist_ok=True)
    times, rss = [], 0
    for _ in range(RUNS):
        took, rss = one_start()
        times.append(took)
    later = times[1:] or times
    print(f"start-up to the first /healthz answer: first start (new database) {times[0]:.0f} ms; "
          f"later starts {', '.join(f'{t:.0f}' for t in later)} ms (median {statistics.median(later):.0f} ms); "
          f"resident memory after start {rss // 1024} MiB")
    benchlib.record("startup.first_ms", round(times[0], 1))
    benchlib.record("startup.ms", round(statistics.median(later), 1))
    benchlib.record("rss.after_start_kib", rss)


main()
