"""`make bench`, second part: the production topology measured with wrk (issue 9).

It runs `deploy/cluster.py` (what `make cluster` runs) on free loopback ports against a bench-only
PostgreSQL database and Redis database, and measures with wrk (Debian's package; a Python load
generator caps out below the trivial view), in one run:

1. the trivial Django view on app server A (``BENCH_TRIVIAL_VIEW=1``: no database, no template,
   full middleware) as 100%, sampled before, between and after the other rows; the median counts;
2. a page-cache hit on app server A (the same URL again and again, answered from Redis);
3. a Varnish hit (the same URL through Varnish);
4. uncached pages on app server A: every request a new query string (``?bench=<n>``), so the page
   cache misses and the page is built by Wagtail (fragments kept per content generation still
   count, as they do for a visitor after a publish);
5. with ``BENCH_BASELINE=<git revision>`` (default b0502cc, the commit before issue 9), the same
   uncached pages on one gunicorn of that revision, same settings, on its own bench database,
   measured interleaved with row 4 (``BENCH_ROUNDS`` rounds, 3, in alternating order; medians)
   so both see the same machine, with the workers' CPU time per request, which a busy machine
   disturbs less than the rate;
6. the time from ``publish()`` of a news item to its new title served through Varnish on the item,
   the home page and ``/actueel/`` (purges go through the task worker), five times, median.

A Markdown table goes to stdout and bench/results/topology.md. Environment: BENCH_DURATION
(seconds per wrk run, default 5), BENCH_CONNECTIONS (16), BENCH_THREADS (2), BENCH_BASELINE ("" to
skip), BENCH_TOPOLOGY_DATABASE_URL (default twentsekoers_bench_topology on 127.0.0.1),
BENCH_REDIS_URL (default redis://127.0.0.1:6379/3)."""

import contextlib
import datetime as dt
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from bench.run import worker_cpu_seconds  # noqa: E402

WORK_DIR = BASE_DIR / "var" / "bench" / "topology"
RESULTS_DIR = BASE_DIR / "bench" / "results"
TRIVIAL_PATH = "/bench/trivial/"
DEFAULT_BASELINE = "b0502cc"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/twentsekoers_bench_topology"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/3"
START_TIMEOUT = 300
PAGE_CACHE_TARGET = 0.90
VARNISH_TARGET = 10.0
PUBLISH_TARGET = 1.0
PUBLISH_ROUNDS = 5
UNCACHED_TYPES = (
    ("Home page", None),
    ("News index", "news.NewsIndexPage"),
    ("News item", "news.NewsPage"),
    ("Theme", "themes.ThemePage"),
    ("Project", "themes.ProjectPage"),
    ("Guide", "guides.GuidePage"),
)

UNIQUE_QUERY_LUA = """
threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
n = 0
function request()
  n = n + 1
  return wrk.format(nil, wrk.path .. "?bench=" .. id .. "-" .. n)
end
"""


class BenchError(Exception):
    """A step failed; the message says which and why."""


def log(message):
    print(f"[topology {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_ports(count):
    """``count`` consecutive free loopback ports (the cluster takes PORT, PORT+1 and PORT+2)."""
    for _ in range(100):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + count > 65535:
            continue
        sockets = []
        try:
            for offset in range(count):
                taken = socket.socket()
                sockets.append(taken)
                taken.bind(("127.0.0.1", base + offset))
            return base
        except OSError:
            continue
        finally:
            for taken in sockets:
                taken.close()
    raise BenchError("no free ports")


def get(netloc, path, headers=None):
    connection = http.client.HTTPConnection(netloc, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read().decode("utf-8", "replace")
    finally:
        connection.close()


def parse_wrk(output):
    """Requests per second, requests, non-2xx answers and socket errors from wrk's report."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    if not rate or not total:
        raise BenchError("wrk printed no rate:\n" + output[-1500:])
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rate": float(rate.group(1)),
        "requests": int(total.group(1)),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


def wrk(url, duration, connections, threads, script=None):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    completed = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=duration + 60, check=False
    )
    if completed.returncode != 0:
        raise BenchError(f"wrk failed on {url}: {completed.stderr.strip()}")
    result = parse_wrk(completed.stdout)
    if result["non_2xx"] or result["socket_errors"]:
        raise BenchError(
            f"{url}: {result['non_2xx']} non-2xx answers and {result['socket_errors']} socket "
            "errors: a rate with failures would flatter the page"
        )
    return result


def reset_database(url):
    """Drop and create the bench-only PostgreSQL database named in ``url``."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("twentsekoers_bench"):
        raise BenchError(f"refusing to drop {name}: bench databases start with twentsekoers_bench")
    admin_url = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def flush_redis(url):
    import redis

    redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()


class Started:
    """The processes this bench started, each in its own session, stopped on the way out."""

    def __init__(self):
        self.processes = []

    def start(self, args, cwd, env, log_path):
        handle = open(log_path, "ab")  # noqa: SIM115 - closed in stop_all
        process = subprocess.Popen(
            args, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append((process, handle))
        return process

    def stop_all(self):
        for process, handle in reversed(self.processes):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGKILL)
                    process.wait(5)
            handle.close()
        self.processes.clear()


def start_cluster(started, port, database_url, redis_url):
    cluster_dir = WORK_DIR / "cluster"
    cluster_dir.mkdir(parents=True, exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MAILCHIMP_", "DJANGO_", "CACHE_", "PAGE_CACHE"))
    }
    env.update(
        PORT=str(port),
        CLUSTER_DIR=str(cluster_dir),
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        EMAIL_URL="locmem://",
        BENCH_TRIVIAL_VIEW="1",
        LOG_LEVEL="WARNING",
    )
    log_path = cluster_dir / "cluster.log"
    process = started.start([sys.executable, "deploy/cluster.py"], BASE_DIR, env, log_path)
    deadline = time.monotonic() + START_TIMEOUT
    while "Serving http://" not in log_path.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise BenchError(
                "deploy/cluster.py did not start:\n" + log_path.read_text(errors="replace")[-3000:]
            )
        time.sleep(0.5)
    from deploy.cluster import site_environment

    return {**site_environment(port, cluster_dir), **env}


def start_baseline(started, revision, port, redis_url):
    """One gunicorn (the cluster's worker settings) of ``revision``, from a git worktree, on its
    own bench database, migrated and loaded by that revision's own code."""
    checkout = WORK_DIR / "baseline"
    if checkout.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(checkout)], cwd=BASE_DIR)
        shutil.rmtree(checkout, ignore_errors=True)
    subprocess.run(["git", "worktree", "prune"], cwd=BASE_DIR, check=False)
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(checkout), revision],
        cwd=BASE_DIR,
        check=True,
        capture_output=True,
    )
    database_url = DEFAULT_DATABASE_URL + "_baseline"
    reset_database(database_url)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MAILCHIMP_", "DJANGO_", "CACHE_", "PAGE_CACHE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="bench-baseline-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SECURE_SSL_REDIRECT="0",
        EMAIL_URL="locmem://",
        MEDIA_ROOT=str(WORK_DIR / "baseline-media"),
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{port}",
        BENCH_TRIVIAL_VIEW="1",
        LOG_LEVEL="WARNING",
    )
    for args in (
        ["migrate", "--noinput", "-v", "0"],
        ["load_demo_content", "--no-admin", "--allow-production"],
        ["collectstatic", "--noinput", "-v", "0"],
    ):
        completed = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=checkout,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode:
            raise BenchError(
                f"baseline {' '.join(args)} failed:\n{(completed.stdout + completed.stderr)[-2000:]}"
            )
    process = started.start(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--access-logfile",
            "-",
        ],
        checkout,
        env,
        WORK_DIR / "baseline.log",
    )
    deadline = time.monotonic() + 60
    while True:
        with contextlib.suppress(OSError):
            if get(f"127.0.0.1:{port}", "/healthz")[0] == 200:
                return process
        if process.poll() is not None or time.monotonic() > deadline:
            raise BenchError("the baseline gunicorn did not start; see var/bench/topology/")
        time.sleep(0.25)


def page_paths(netloc):
    """One live page of each measured type, found through the public API."""
    paths = {}
    for label, page_type in UNCACHED_TYPES:
        if page_type is None:
            paths[label] = "/"
            continue
        status, _headers, body = get(netloc, f"/api/v2/pages/?type={page_type}&limit=1")
        items = json.loads(body).get("items", []) if status == 200 else []
        if not items:
            raise BenchError(f"no live {page_type} in the demo content")
        paths[label] = urlsplit(items[0]["meta"]["html_url"]).path
    return paths


PUBLISH_SCRIPT = """
import statistics, sys, time, urllib.request
import django
django.setup()
from news.models import NewsPage

varnish, rounds = sys.argv[1], int(sys.argv[2])
page = NewsPage.objects.live().order_by("pk").first().specific
path = page.url_path[len(page.get_site().root_page.url_path) - 1:]
watched = [path, "/", "/actueel/"]

def body(url):
    with urllib.request.urlopen(f"http://{varnish}{url}", timeout=10) as answer:
        return answer.read().decode()

delays = []
for number in range(rounds):
    for url in watched:
        body(url)
    title = f"Nieuwe titel voor de meting {number} {time.time_ns()}"
    page.title = title
    revision = page.save_revision()
    revision.publish()
    published = time.monotonic()
    pending = set(watched)
    while pending and time.monotonic() - published < 30:
        pending = {url for url in pending if title not in body(url)}
        if pending:
            time.sleep(0.01)
    if pending:
        sys.exit(f"not served within 30 s: {sorted(pending)}")
    delays.append(time.monotonic() - published)
print(" ".join(f"{d:.3f}" for d in delays))
"""


def measure_publish(env, varnish):
    completed = subprocess.run(
        [sys.executable, "-c", PUBLISH_SCRIPT, varnish, str(PUBLISH_ROUNDS)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if completed.returncode:
        raise BenchError(
            "publish measurement failed:\n" + (completed.stdout + completed.stderr)[-2000:]
        )
    return [float(value) for value in completed.stdout.split()]


def render(meta, rows, trivial, publish):
    reference = statistics.median(trivial)
    lines = [
        "# Benchmark: the production topology (make cluster)",
        "",
        f"{meta['when']} · commit {meta['revision']} · PostgreSQL, Redis, Varnish, 2 gunicorn "
        f"app servers (2 workers × 4 threads each) · wrk -t{meta['threads']} "
        f"-c{meta['connections']} -d{meta['duration']}s per row · {os.cpu_count()} CPUs",
        "",
        f"Trivial Django view on app server A: **{reference:.0f} req/s** (median of "
        f"{len(trivial)} samples: {', '.join(f'{r:.0f}' for r in trivial)}).",
        "",
        "| What answered | URL | req/s | share of the trivial view | CPU ms/req | target |",
        "|---|---|--:|--:|--:|---|",
    ]
    for row in rows:
        share = row["rate"] / reference
        lines.append(
            f"| {row['label']} | `{row['path']}` | {row['rate']:.0f} | "
            + (f"{share:.1f}×" if share >= 2 else f"{share:.1%}")
            + (f" | {row['cpu_ms']:.1f}" if row.get("cpu_ms") else " | ")
            + f" | {row.get('target', '')} |"
        )
    if publish:
        lines += [
            "",
            f"Publish to served through Varnish (the item, `/` and `/actueel/`), "
            f"{len(publish)} times: median **{statistics.median(publish):.2f} s**, "
            f"max {max(publish):.2f} s (target under {PUBLISH_TARGET:.0f} s: "
            f"{'met' if max(publish) < PUBLISH_TARGET else 'missed'}).",
        ]
    lines += ["", f"Set-up: {meta['timings']}."]
    return "\n".join(lines) + "\n"


def verdict(ok):
    return "met" if ok else "MISSED"


def main():
    duration = int(os.environ.get("BENCH_DURATION", "5"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "16"))
    threads = int(os.environ.get("BENCH_THREADS", "2"))
    baseline = os.environ.get("BENCH_BASELINE", DEFAULT_BASELINE)
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    database_url = os.environ.get("BENCH_TOPOLOGY_DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    if not shutil.which("wrk"):
        log("wrk not found: apt-get install wrk")
        return 1
    if WORK_DIR.exists():
        shutil.rmtree(WORK_DIR, ignore_errors=True)
    WORK_DIR.mkdir(parents=True)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    started = Started()
    timings = {}

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    try:
        began = time.monotonic()
        reset_database(database_url)
        flush_redis(redis_url)
        port = free_ports(4)
        log(f"starting deploy/cluster.py on {port}-{port + 2}")
        env = start_cluster(started, port, database_url, redis_url)
        timings["cluster start"] = time.monotonic() - began
        varnish, app_a = f"127.0.0.1:{port}", f"127.0.0.1:{port + 1}"
        app_a_master = json.loads((WORK_DIR / "cluster" / "pids.json").read_text())["app-a"]
        baseline_at = baseline_master = None
        if baseline:
            began = time.monotonic()
            log(f"starting the baseline {baseline} on {port + 3}")
            baseline_master = start_baseline(
                started, baseline, port + 3, redis_url.rsplit("/", 1)[0] + "/4"
            ).pid
            baseline_at = f"127.0.0.1:{port + 3}"
            timings["baseline start"] = time.monotonic() - began
        paths = page_paths(varnish)
        script = Path(tempfile.mkstemp(suffix=".lua", dir=WORK_DIR)[1])
        script.write_text(UNIQUE_QUERY_LUA)

        def run(netloc, path, unique=False, master=None):
            before = worker_cpu_seconds(master) if master else {}
            result = wrk(
                f"http://{netloc}{path}",
                duration,
                connections,
                threads,
                script if unique else None,
            )
            after = worker_cpu_seconds(master) if master else {}
            cpu = sum(after[pid] - before[pid] for pid in after if pid in before)
            result["cpu_ms"] = 1000 * cpu / result["requests"] if master else None
            log(
                f"{netloc}{path}{' (new query each time)' if unique else ''}: "
                f"{result['rate']:.0f} req/s"
            )
            return result

        def uncached(label, path, samples):
            return {
                "label": label,
                "path": path,
                "rate": statistics.median(r["rate"] for r in samples),
                "cpu_ms": statistics.median(r["cpu_ms"] for r in samples),
                "samples": [round(r["rate"]) for r in samples],
            }

        trivial = [run(app_a, TRIVIAL_PATH)["rate"]]
        rows = []
        get(app_a, "/")
        _, headers, _ = get(app_a, "/")
        if headers.get("X-Page-Cache") != "hit":
            raise BenchError(f"the second / on app server A was no page-cache hit: {headers}")
        reference = statistics.median(trivial)
        rate = run(app_a, "/")["rate"]
        rows.append({"label": "Page-cache hit (app server A, Redis)", "path": "/", "rate": rate})
        get(varnish, "/")
        _, headers, _ = get(varnish, "/")
        if headers.get("X-Cache") != "HIT":
            raise BenchError(f"the second / through Varnish was no hit: {headers}")
        rows.append({"label": "Varnish hit", "path": "/", "rate": run(varnish, "/")["rate"]})
        trivial.append(run(app_a, TRIVIAL_PATH)["rate"])
        for number, (label, path) in enumerate(paths.items(), start=1):
            now, before = [], []
            for round_number in range(rounds):
                order = [(now, app_a, app_a_master), (before, baseline_at, baseline_master)]
                if round_number % 2:
                    order.reverse()
                for samples, netloc, master in order:
                    if netloc:
                        samples.append(run(netloc, path, True, master))
            rows.append(uncached(f"{label}, uncached", path, now))
            if baseline_at:
                rows.append(
                    uncached(
                        f"{label}, uncached, before issue 9 ({baseline})",
                        path,
                        before,
                    )
                )
            if number % 2 == 0:
                trivial.append(run(app_a, TRIVIAL_PATH)["rate"])
        trivial.append(run(app_a, TRIVIAL_PATH)["rate"])
        reference = statistics.median(trivial)
        rows[0]["target"] = f"≥ {PAGE_CACHE_TARGET:.0%}: " + verdict(
            rows[0]["rate"] >= PAGE_CACHE_TARGET * reference
        )
        rows[1]["target"] = f"≥ {VARNISH_TARGET:.0f}×: " + verdict(
            rows[1]["rate"] >= VARNISH_TARGET * reference
        )
        if baseline_at:
            for now, before in zip(rows[2::2], rows[3::2], strict=True):
                share = before["cpu_ms"] / now["cpu_ms"]
                now["target"] = (
                    f"not slower than before: {share:.0%} of its speed by CPU per request, "
                    f"{now['rate'] / before['rate']:.0%} by rate"
                )
        log("publish to served through Varnish")
        publish = measure_publish(env, varnish)
        meta = {
            "when": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            "revision": subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"],
                cwd=BASE_DIR,
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip(),
            "threads": threads,
            "connections": connections,
            "duration": duration,
            "timings": ", ".join(f"{name} {seconds:.0f} s" for name, seconds in timings.items()),
        }
        markdown = render(meta, rows, trivial, publish)
        (RESULTS_DIR / "topology.md").write_text(markdown, encoding="utf-8")
        (RESULTS_DIR / "topology.json").write_text(
            json.dumps(
                {"meta": meta, "rows": rows, "trivial": trivial, "publish": publish}, indent=2
            ),
            encoding="utf-8",
        )
        print(markdown)
        return 0
    except BenchError as error:
        log(f"FAILED: {error}")
        return 1
    except KeyboardInterrupt as interrupt:
        log(f"interrupted ({interrupt})")
        return 130
    finally:
        started.stop_all()
        if (WORK_DIR / "baseline").exists():
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(WORK_DIR / "baseline")],
                cwd=BASE_DIR,
                check=False,
                capture_output=True,
            )


if __name__ == "__main__":
    sys.exit(main())
