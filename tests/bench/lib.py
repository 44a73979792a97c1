"""The benchmark harness: a throwaway database, gunicorn on loopback, wrk as the load.

A benchmark module (`tests/bench/bench_<name>.py`) defines `run(bench)`. Inside it:

    bench.section("Home page and search")           # a heading in the output
    ...populate with the ORM (Django is set up on the throwaway database)...
    with bench.server() as server:                   # gunicorn, 2 workers, production settings
        home = server.load("/")                      # {"rps", "p50_ms", "p99_ms", "bytes"}
        static = server.load(server.static_like("/"))  # a static file of the same size
    bench.row("home page", home)
    bench.ratio("home / static file", home["rps"], static["rps"])
    bench.timing("search()", seconds_list)            # median and p95 of in-process timings

Figures are printed as they come; nothing here asserts anything.
"""

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WORK = REPO / ".bench"
PYTHON = sys.executable
SECRET = "bench-only-secret-key-with-enough-length-and-variety-0123456789"
# Fernet key (urlsafe base64 of 32 bytes) for the demo volunteers' ID numbers.
ID_KEY = "YmVuY2gtb25seS12b2x1bnRlZXItaWQta2V5LTAxMjM="


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, bench, workers, env=None):
        self.bench = bench
        self.workers = workers
        self.env = {**bench.env, **(env or {})}
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "outreach.wsgi",
                "-w",
                str(self.workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=REPO,
            env=self.env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/static/themes/icons/logo.svg", timeout=2)  # noqa: S310
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=20)

    def get(self, path):
        with urllib.request.urlopen(self.base + path, timeout=30) as response:  # noqa: S310
            return response.read()

    def static_like(self, path):
        """Address of a static file exactly as large as the response to `path`.

        whitenoise indexes static files when it starts, so the server is restarted once.
        """
        size = len(self.get(path))
        name = f"bench/blob-{size}.html"
        target = self.bench.static_root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((b"<p>" + b"x" * size)[:size])
        self.stop()
        self.start()
        return "/static/" + name

    def load(self, path, *, seconds=None, connections=None, warmup=True):
        """Requests/second and latency of GETs to `path` under concurrent load."""
        seconds = seconds or self.bench.seconds
        connections = connections or self.bench.connections
        body = self.get(path)
        if warmup:
            for _ in range(20):
                self.get(path)
        result = wrk(self.base + path, seconds, connections)
        result["bytes"] = len(body)
        return result


def wrk(url, seconds, connections):
    lua = WORK / "report.lua"
    lua.write_text(
        "done = function(summary, latency, requests)\n"
        '  io.write(string.format("JSON{\\"requests\\":%d,\\"errors\\":%d,\\"p50\\":%d,\\"p99\\":%d,\\"seconds\\":%f}\\n",\n'
        "    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read"
        " + summary.errors.timeout, latency:percentile(50), latency:percentile(99), summary.duration / 1e6))\n"
        "end\n"
    )
    threads = min(2, connections)
    completed = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "-s", str(lua), url],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(re.search(r"JSON(\{.*\})", completed.stdout).group(1))
    return {
        "rps": data["requests"] / data["seconds"],
        "p50_ms": data["p50"] / 1000,
        "p99_ms": data["p99"] / 1000,
        "errors": data["errors"],
    }


class Bench:
    def __init__(self, seconds=5, connections=8):
        self.seconds = seconds
        self.connections = connections
        WORK.mkdir(exist_ok=True)
        self.static_root = WORK / "static"
        self.media_root = WORK / "media"
        self.database_url = os.environ.get("DATABASE_URL", "")
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_SETTINGS_MODULE": "outreach.settings.production",
            "SECRET_KEY": SECRET,
            "VOLUNTEER_ID_KEY": os.environ.get("VOLUNTEER_ID_KEY") or ID_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SITE_URL": "https://119.xiuwu.example",
            "STATIC_ROOT": str(self.static_root),
            "MEDIA_ROOT": str(self.media_root),
            "LOG_LEVEL": "WARNING",
        }

    # -- database -------------------------------------------------------------
    def prepare(self):
        """A fresh, migrated throwaway database; Django set up in this process on it."""
        postgres = self.database_url.startswith("postgres")
        self.env["DATABASE_URL"] = self._fresh_postgres() if postgres else self._fresh_sqlite()
        os.environ.update(self.env)
        import django

        django.setup()
        from django.conf import settings

        # Wagtail's own admin search index is not what we measure; skip it while filling.
        settings.WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = False
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        shutil.rmtree(self.static_root, ignore_errors=True)
        call_command("collectstatic", interactive=False, verbosity=0)

    def _fresh_sqlite(self):
        db = WORK / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{db}"

    def _fresh_postgres(self):
        import psycopg

        base, _, database = self.database_url.rpartition("/")
        # Named after the configured database, so benchmarks of two databases never share one.
        name = f"{database.split('?')[0] or 'outreach'}_bench"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
        return f"{base}/{name}"

    @contextlib.contextmanager
    def server(self, workers=2, env=None):
        """gunicorn on loopback; `env` adds settings, e.g. {"PUBLIC_PAGE_CACHE_SECONDS": "0"}
        to measure rendering rather than the page cache."""
        from django.db import connections

        connections.close_all()  # the server processes open their own
        server = Server(self, workers, env).start()
        try:
            yield server
        finally:
            server.stop()

    # -- output ---------------------------------------------------------------
    def section(self, title):
        print(f"\n== {title}", flush=True)

    def row(self, label, result):
        errors = f", {result['errors']} errors" if result.get("errors") else ""
        size = f", {result['bytes'] / 1024:.1f} KiB" if "bytes" in result else ""
        print(
            f"  {label:<44} {result['rps']:>9.1f} req/s   p50 {result['p50_ms']:>7.2f} ms   "
            f"p99 {result['p99_ms']:>7.2f} ms{size}{errors}",
            flush=True,
        )

    def ratio(self, label, numerator, denominator):
        print(f"  {label:<44} {numerator / denominator:>9.2f}", flush=True)

    def value(self, label, text):
        print(f"  {label:<44} {text}", flush=True)

    def timing(self, label, seconds_list):
        ms = sorted(s * 1000 for s in seconds_list)
        p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
        print(
            f"  {label:<44} median {statistics.median(ms):>8.2f} ms   p95 {p95:>8.2f} ms   (n={len(ms)})",
            flush=True,
        )


def settle_database():
    """After a bulk load, what autovacuum does on a live PostgreSQL within a minute of it:
    table statistics, and the visibility map that index-only scans need. Measuring
    straight after the load would time a state no running site stays in."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    func(*args, **kwargs)
    return time.perf_counter() - start
