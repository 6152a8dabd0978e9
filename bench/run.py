"""`make bench`: serve the demo site with gunicorn and measure every page type in one run.

Steps (all in one run, on one database):
1. a fresh SQLite file under var/bench/site/ (or BENCH_DATABASE_URL, e.g. an empty PostgreSQL database),
   migrate, load_demo_content, collectstatic into STATIC_ROOT;
2. bench/probe.py in a subprocess with the same environment: one live page of every page type plus
   search, SQL queries per page (django.test.Client + CaptureQueriesContext, warm count), and the same
   counts after 50 more projects, news items, guides and cases (rolled back afterwards);
3. gunicorn (production settings, DEBUG off, 2 workers) on a free loopback port, with
   BENCH_TRIVIAL_VIEW=1 so /bench/trivial/ answers "ok" without database or template;
4. HTML bytes per page (plain and gzip), CSS+JS bytes of every stylesheet and script the pages link;
5. requests per second per URL with bench/loadgen.py (keep-alive clients, fixed duration), the
   trivial view sampled first, between every few pages and last; each page's rate is reported as a
   share of the median trivial rate;
6. a Markdown table on stdout and in bench/results/latest.md (raw figures in latest.json).

Every process it starts is stopped on the way out, on errors and on SIGINT/SIGTERM too.
Environment knobs: BENCH_DATABASE_URL; BENCH_DURATION (s per URL, default 5); BENCH_CLIENTS (8);
BENCH_BUDGET (285 s for the whole run: the load phase gets shorter per URL when set-up took long);
BENCH_GROW (50); BENCH_WORKER_CLASS (sync; gthread keeps connections alive); BENCH_THREADS (2, for
gthread); BENCH_STRICT=1 (exit 1 when a target fails).
"""

import contextlib
import datetime as dt
import gzip
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from bench.loadgen import run_load  # noqa: E402

WORK_DIR = (
    BASE_DIR / "var" / "bench" / "site"
)  # var/bench/ itself is shared with bench/newsletter_*.py
RESULTS_DIR = BASE_DIR / "bench" / "results"
TRIVIAL_PATH = "/bench/trivial/"
TRIVIAL_EVERY = 4
WARMUP = 0.5
MIN_DURATION = 1.5
RESERVE = 8
WORKERS = 2
KB = 1000

TARGET_QUERIES = 12
TARGET_HTML_BYTES = 60 * KB
TARGET_ASSET_BYTES = 40 * KB
TARGET_RATE_SHARE = 0.05


class BenchError(Exception):
    """A step of the bench failed; the message says which and why."""


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def signal_group(pid, signum):
    """Signal the process group of a process this bench started (its own session)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signum)


class Processes:
    """Every long-running process the bench starts, so all of them can be stopped on exit."""

    def __init__(self):
        self.running = []

    def start(self, args, env, log_path):
        handle = open(log_path, "ab")  # noqa: SIM115 - closed in stop_all
        process = subprocess.Popen(
            args,
            cwd=BASE_DIR,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.running.append((process, handle))
        return process

    def stop_all(self):
        for process, handle in reversed(self.running):
            if process.poll() is None:
                signal_group(process.pid, signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    signal_group(process.pid, signal.SIGKILL)
                    process.wait(5)
            handle.close()
        self.running.clear()


def bench_env(database_url, port):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MAILCHIMP_", "DJANGO_", "BENCH_"))
        and key not in {"DATABASE_URL", "EMAIL_URL", "DEBUG", "DEBUG_TOOLBAR"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="0",
        EMAIL_URL="console://",
        MEDIA_ROOT=str(WORK_DIR / "media"),
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{port}",
        BENCH_TRIVIAL_VIEW="1",
        PAGE_CACHE="0",
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
    )
    return env


def manage(env, *args, timeout=240):
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    with open(WORK_DIR / "setup.log", "a", encoding="utf-8") as handle:
        handle.write(f"$ manage.py {' '.join(args)}\n{completed.stdout}{completed.stderr}\n")
    if completed.returncode != 0:
        tail = (completed.stdout + completed.stderr).strip().splitlines()[-25:]
        raise BenchError(f"manage.py {' '.join(args)} failed:\n" + "\n".join(tail))
    return time.perf_counter() - started


def http_get(port, path, headers=None, timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "identity", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def wait_until_up(process, port, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = Path(log_path).read_text(errors="replace").strip().splitlines()[-25:]
            raise BenchError("gunicorn exited while starting:\n" + "\n".join(tail))
        try:
            status, _headers, _body = http_get(port, "/healthz", timeout=2)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer /healthz within {timeout} s")


class AssetParser(HTMLParser):
    """The stylesheets and scripts a page links."""

    def __init__(self):
        super().__init__()
        self.assets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").lower().split()
        if tag == "link" and "stylesheet" in rel and attrs.get("href"):
            self.assets.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.assets.append(attrs["src"])


def gzip_size(data):
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def measure_html(port, pages):
    """Fetch every page once from gunicorn: status, HTML sizes, cookies, linked CSS/JS."""
    assets = {}
    for item in pages:
        status, headers, body = http_get(port, item["url"])
        item["http_status"] = status
        item["html_bytes"] = len(body)
        item["html_gzip_bytes"] = gzip_size(body)
        item["set_cookie"] = [value for name, value in headers if name.lower() == "set-cookie"]
        parser = AssetParser()
        parser.feed(body.decode("utf-8", errors="replace"))
        for href in parser.assets:
            parts = urlsplit(href)
            if parts.netloc and parts.netloc not in {f"127.0.0.1:{port}", f"localhost:{port}"}:
                assets.setdefault(href, {"external": True})
                continue
            assets.setdefault(parts.path, {})
    for path, info in assets.items():
        if info.get("external"):
            continue
        status, _headers, body = http_get(port, path)
        info.update(status=status, bytes=len(body), gzip_bytes=gzip_size(body))
    return assets


def worker_cpu_seconds(master_pid):
    """CPU seconds (user + system) used so far by each gunicorn worker, by pid (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    usage = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == master_pid:  # fields[1] is the parent pid
            usage[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / ticks
    return usage


def measure_rates(port, pages, wanted, clients, deadline, master_pid):
    """Each page's rate, with the trivial view sampled before, between every few pages and after.

    The machine may be shared, so one trivial sample can be off: the reference is the median of the
    samples, and their spread is reported. Every measurement gets ``wanted`` seconds unless that
    would end the load phase after ``deadline``; then the remaining ones share the time left (at
    least MIN_DURATION each), allowing for the warm-up and the requests still in flight at the end
    of each measurement as observed so far.

    Next to the rate it records the workers' CPU time per request, which a busy machine disturbs
    far less than the rate: the ratio of CPU times estimates the rate ratio of an idle machine."""
    base = f"http://127.0.0.1:{port}"
    plan = [(TRIVIAL_PATH, 1.0, None)]
    for number, item in enumerate(pages, start=1):
        plan.append((item["url"], 1.0, item))
        if number % TRIVIAL_EVERY == 0 and number < len(pages):
            plan.append((TRIVIAL_PATH, 0.5, None))
    plan.append((TRIVIAL_PATH, 1.0, None))

    trivial, used = [], []
    overhead = WARMUP + 0.3
    for index, (path, weight, item) in enumerate(plan):
        rest = plan[index:]
        share = (deadline - time.perf_counter() - overhead * len(rest)) / sum(
            w for _p, w, _i in rest
        )
        seconds = weight * max(MIN_DURATION, min(wanted, share))
        began = time.perf_counter()
        run_load(base + path, duration=WARMUP, clients=clients)
        cpu_before = worker_cpu_seconds(master_pid)
        result = run_load(base + path, duration=seconds, clients=clients).as_dict()
        cpu_after = worker_cpu_seconds(master_pid)
        cpu = sum(cpu_after[pid] - cpu_before[pid] for pid in cpu_after if pid in cpu_before)
        answered = result["ok"] + result["failed"]
        result["cpu_ms_per_request"] = round(1000 * cpu / answered, 3) if answered and cpu else None
        spent = time.perf_counter() - began
        overhead = (overhead * index + (spent - seconds)) / (index + 1)
        if item is None:
            trivial.append(result)
        else:
            item["load"] = result
            used.append(seconds)
        log(f"{path}: {result['rate']:.0f} req/s over {seconds:.1f} s")
    return trivial, used


def git_revision():
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        return head + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def kb(value):
    return f"{value / KB:.1f}"


def fmt_ms(value):
    return "" if value is None else f"{value:.2f}" if value < 10 else f"{value:.0f}"


def mark(ok):
    return "✓" if ok else "✗"


def evaluate(pages, assets, trivial_rate, growth):
    measured = [p for p in pages if p.get("queries") is not None]
    asset_total = sum(a.get("bytes", 0) for a in assets.values())
    verdicts = []

    worst_q = max(measured, key=lambda p: p["queries"], default=None)
    verdicts.append(
        (
            f"SQL queries per page ≤ {TARGET_QUERIES}",
            f"{worst_q['queries']} ({worst_q['label']})" if worst_q else "n/a",
            bool(worst_q) and all(p["queries"] <= TARGET_QUERIES for p in measured),
        )
    )
    sized = [p for p in pages if "html_bytes" in p]
    worst_html = max(sized, key=lambda p: p["html_bytes"], default=None)
    verdicts.append(
        (
            f"HTML < {TARGET_HTML_BYTES // KB} KB",
            f"{kb(worst_html['html_bytes'])} KB ({worst_html['label']})" if worst_html else "n/a",
            bool(worst_html) and all(p["html_bytes"] < TARGET_HTML_BYTES for p in sized),
        )
    )
    verdicts.append(
        (
            f"CSS+JS < {TARGET_ASSET_BYTES // KB} KB in total",
            f"{kb(asset_total)} KB in {len(assets)} files",
            bool(assets)
            and asset_total < TARGET_ASSET_BYTES
            and not any(a.get("external") for a in assets.values()),
        )
    )
    rated = [p for p in pages if p.get("load")]
    slowest = min(rated, key=lambda p: p["load"]["rate"], default=None)
    verdicts.append(
        (
            f"Uncached page rate ≥ {TARGET_RATE_SHARE:.0%} of the trivial view",
            f"{slowest['load']['rate'] / trivial_rate:.1%} ({slowest['label']})"
            if slowest and trivial_rate
            else "n/a",
            bool(slowest)
            and trivial_rate > 0
            and all(p["load"]["rate"] >= TARGET_RATE_SHARE * trivial_rate for p in rated),
        )
    )
    if growth is not None:
        changed = [p for p in measured if p.get("queries_grown") not in (None, p["queries"])]
        added = ", ".join(
            f"+{info['count']} {label} under {info['parent']}"
            for label, info in growth.get("added", {}).items()
        )
        verdicts.append(
            (
                "Queries constant as content grows",
                (f"{len(changed)} page(s) changed" if changed else "no page changed")
                + (f" after {added}" if added else " (nothing to add yet)"),
                bool(growth.get("added")) and not changed and not growth.get("errors"),
            )
        )
    return verdicts, asset_total


def render_markdown(meta, pages, unmeasured, assets, trivial, verdicts, asset_total):
    trivial_rate = meta["trivial_rate"]
    samples = ", ".join(f"{t['rate']:.0f}" for t in trivial)
    trivial_cpu = meta.get("trivial_cpu_ms")
    lines = [
        "# Benchmark: Twentse Koers demo site",
        "",
        f"{meta['when']} · commit {meta['revision']} · {meta['database']} · {meta['server']} · "
        f"load: {meta['clients']} keep-alive clients × {meta['duration']} per URL · "
        f"Python {meta['python']} · {meta['cpus']} CPUs",
        "",
        f"Trivial Django view (no database, no template, full middleware): "
        f"**{trivial_rate:.0f} req/s** (median of {len(trivial)} samples taken before, between "
        f"and after the pages: {samples}). "
        f"Load average before/after the load phase: {meta['loadavg']}. "
        f"gunicorn workers' CPU time per trivial request: {fmt_ms(trivial_cpu)} ms (median).",
        "",
        "| Page type | URL | Queries | +growth | HTML KB | gzip KB | req/s | % of trivial "
        "| CPU ms/req | CPU-based % |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for p in pages:
        load = p.get("load") or {}
        rate = load.get("rate")
        q = p.get("queries")
        grown = p.get("queries_grown")
        status_note = "" if p.get("http_status") in (None, 200) else f" **HTTP {p['http_status']}**"
        lines.append(
            "| "
            + " | ".join(
                [
                    p["label"],
                    f"`{p['url']}`{status_note}",
                    f"{q} {mark(q <= TARGET_QUERIES)}" if q is not None else "error",
                    "" if grown is None else (f"{grown} {mark(grown == q)}"),
                    f"{kb(p['html_bytes'])} {mark(p['html_bytes'] < TARGET_HTML_BYTES)}"
                    if "html_bytes" in p
                    else "",
                    kb(p["html_gzip_bytes"]) if "html_gzip_bytes" in p else "",
                    f"{rate:.0f}" if rate is not None else "",
                    f"{rate / trivial_rate:.1%} {mark(rate >= TARGET_RATE_SHARE * trivial_rate)}"
                    if rate is not None and trivial_rate
                    else "",
                    fmt_ms(load.get("cpu_ms_per_request")),
                    f"{trivial_cpu / load['cpu_ms_per_request']:.1%}"
                    if trivial_cpu and load.get("cpu_ms_per_request")
                    else "",
                ]
            )
            + " |"
        )
    lines += [
        "",
        "| CSS/JS file | bytes | gzip |",
        "|---|--:|--:|",
    ]
    for path, info in sorted(assets.items()):
        if info.get("external"):
            lines.append(f"| `{path}` (external!) | | |")
        else:
            lines.append(f"| `{path}` | {info['bytes']} | {info['gzip_bytes']} |")
    lines.append(
        f"| **total** | **{asset_total}** | **{sum(a.get('gzip_bytes', 0) for a in assets.values())}** |"
    )
    lines += ["", "| Target | Measured (worst) | Result |", "|---|---|---|"]
    for name, worst, ok in verdicts:
        lines.append(f"| {name} | {worst} | {'PASS' if ok else 'FAIL'} |")
    notes = []
    if unmeasured:
        notes.append(
            "Page models not measured: "
            + ", ".join(f"{u['label']} ({u['reason']})" for u in unmeasured)
            + "."
        )
    cookies = [p["label"] for p in pages if p.get("set_cookie")]
    if cookies:
        notes.append(
            "Pages that set a cookie for an anonymous visitor: " + ", ".join(cookies) + "."
        )
    for p in pages:
        if p.get("load") and (p["load"]["errors"] or p["load"]["failed"]):
            notes.append(
                f"{p['url']}: {p['load']['failed']} non-2xx answers, {p['load']['errors']} errors "
                f"{p['load']['error_messages'][:2]}"
            )
    for message in meta.get("errors", []):
        notes.append("Error: " + message.strip().splitlines()[-1])
    if notes:
        lines += ["", *[f"- {note}" for note in notes]]
    lines += [
        "",
        "Queries: django.test.Client + CaptureQueriesContext in-process against the same database "
        "and settings, second request (warm per-process caches; the first, cold request is in "
        "latest.json); +growth: the same page after adding the copies listed in the targets table, "
        "rolled back afterwards. HTML and CSS/JS: bytes as served by gunicorn without compression, "
        "gzip at level 6 computed by the bench. 1 KB = 1000 bytes. Rate: 2xx responses per second "
        "over the measured window after a short warm-up; no page cache. CPU ms/req: user+system "
        "CPU time of the gunicorn workers during the window per answered request; CPU-based %: "
        "trivial CPU per request / page CPU per request, the rate share an idle machine would "
        "show (the target is judged on the measured rate).",
        f"Timings: {meta['timings']}.",
    ]
    lines += query_details(pages)
    return "\n".join(lines) + "\n"


def _cell(text, limit=170):
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("|", "\\|").replace("`", "'")


def query_details(pages):
    """Per page: the statements run more than once (a query per row?), and for pages over the
    target every query with the code or template line that ran it."""
    lines = []
    repeats = []
    for p in pages:
        counts = {}
        for query in p.get("sql", []):
            entry = counts.setdefault(query["sql"], {"n": 0, "origins": []})
            entry["n"] += 1
            if query["origin"] not in entry["origins"]:
                entry["origins"].append(query["origin"])
        for sql, entry in counts.items():
            if entry["n"] > 1:
                repeats.append((p, entry["n"], sql, entry["origins"]))
    if repeats:
        lines += ["", "## Repeated SQL: one statement, other values (warm request)", ""]
        for p, n, sql, origins in repeats:
            lines.append(f"- {p['label']}: {n}× `{_cell(sql)}` from {'; '.join(origins[:3])}")
    over = [p for p in pages if (p.get("queries") or 0) > TARGET_QUERIES]
    if over:
        lines += ["", f"## Every query of the pages over {TARGET_QUERIES} queries (warm request)"]
        for p in over:
            lines += ["", f"**{p['label']}** `{p['url']}`: {p['queries']} queries", ""]
            lines += ["| # | origin | SQL |", "|--:|---|---|"]
            for number, query in enumerate(p.get("sql", []), start=1):
                lines.append(
                    f"| {number} | {_cell(query['origin'], 110)} | `{_cell(query['sql'])}` |"
                )
    return lines


def prepare_database(env, database_url):
    timings = {}
    if database_url.startswith("sqlite:"):
        log(f"fresh SQLite database {database_url}")
    else:
        log("using BENCH_DATABASE_URL (should be an empty, bench-only database)")
    log("migrate")
    timings["migrate"] = manage(env, "migrate", "--noinput")
    log("load_demo_content")
    timings["demo content"] = manage(env, "load_demo_content", "--no-admin", timeout=300)
    log("collectstatic")
    timings["collectstatic"] = manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    return timings


def run_probe(env, port, grow):
    out = WORK_DIR / "probe.json"
    started = time.perf_counter()
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.probe",
            "--out",
            str(out),
            "--host",
            f"127.0.0.1:{port}",
            "--grow",
            str(grow),
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if completed.returncode != 0:
        tail = (completed.stdout + completed.stderr).strip().splitlines()[-25:]
        raise BenchError("bench/probe.py failed:\n" + "\n".join(tail))
    return json.loads(out.read_text(encoding="utf-8")), time.perf_counter() - started


def main():
    started = time.perf_counter()
    duration = float(os.environ.get("BENCH_DURATION", "5"))
    budget = float(os.environ.get("BENCH_BUDGET", "285"))
    clients = int(os.environ.get("BENCH_CLIENTS", "8"))
    grow = int(os.environ.get("BENCH_GROW", "50"))
    worker_class = os.environ.get("BENCH_WORKER_CLASS", "sync")
    threads = int(os.environ.get("BENCH_THREADS", "2"))
    strict = os.environ.get("BENCH_STRICT") == "1"

    if WORK_DIR.exists():
        shutil.rmtree(WORK_DIR)
    WORK_DIR.mkdir(parents=True)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    port = free_port()
    database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{WORK_DIR / 'bench.sqlite3'}"
    env = bench_env(database_url, port)
    processes = Processes()

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    try:
        timings = prepare_database(env, database_url)
        log("probe: page discovery and query counts (in-process)")
        probe, timings["probe"] = run_probe(env, port, grow)
        pages = probe["pages"]
        growth = probe.get("growth")
        errors = list(probe.get("errors", []))
        for p in pages:
            counted = probe["queries"].get(p["url"], {})
            if counted.get("error"):
                errors.append(f"{p['url']}: {counted['error']}")
            p["queries"] = counted.get("queries") if counted.get("status") == 200 else None
            p["queries_cold"] = counted.get("queries_cold")
            p["sql"] = counted.get("sql", [])
            if growth:
                grown = growth["after"].get(p["url"], {})
                p["queries_grown"] = grown.get("queries") if grown.get("status") == 200 else None
        if growth:
            errors += growth.get("errors", [])

        server = (
            f"gunicorn {WORKERS} workers ({worker_class}"
            + (f", {threads} threads" if worker_class == "gthread" else "")
            + ")"
        )
        log(f"starting {server} on 127.0.0.1:{port}")
        log_path = WORK_DIR / "gunicorn.log"
        gunicorn = processes.start(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--worker-class",
                worker_class,
                *(["--threads", str(threads)] if worker_class == "gthread" else []),
                "--keep-alive",
                "10",
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
                "--log-level",
                "warning",
            ],
            env,
            log_path,
        )
        wait_until_up(gunicorn, port, log_path)
        t0 = time.perf_counter()
        status, _headers, body = http_get(port, TRIVIAL_PATH)
        if status != 200 or body != b"ok":
            raise BenchError(
                f"the trivial view answered {status} {body[:80]!r}; is BENCH_TRIVIAL_VIEW wired?"
            )
        assets = measure_html(port, pages)
        timings["sizes"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        load_before = os.getloadavg()[0]
        trivial, used = measure_rates(
            port,
            pages,
            duration,
            clients,
            deadline=started + budget - RESERVE,
            master_pid=gunicorn.pid,
        )
        if min(used, default=duration) < duration:
            log(
                f"load shortened to {min(used):.1f}-{max(used):.1f} s per URL to fit the time budget"
            )
        duration_note = (
            f"{duration:g} s"
            if min(used, default=duration) >= duration
            else f"{min(used):.1f}-{max(used):.1f} s (shortened to fit BENCH_BUDGET)"
        )
        load_after = os.getloadavg()[0]
        timings["load"] = time.perf_counter() - t0
        processes.stop_all()
        if gunicorn.returncode not in (0, -signal.SIGTERM):
            errors.append(f"gunicorn exited with {gunicorn.returncode}; see {log_path}")

        trivial_rate = statistics.median(t["rate"] for t in trivial)
        trivial_cpus = [t["cpu_ms_per_request"] for t in trivial if t.get("cpu_ms_per_request")]
        trivial_cpu = statistics.median(trivial_cpus) if trivial_cpus else None
        verdicts, asset_total = evaluate(pages, assets, trivial_rate, growth)
        timings["total"] = time.perf_counter() - started
        meta = {
            "when": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            "revision": git_revision(),
            "database": "PostgreSQL" if database_url.startswith("postgres") else "SQLite",
            "server": server,
            "clients": clients,
            "duration": duration_note,
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "trivial_rate": trivial_rate,
            "trivial_cpu_ms": trivial_cpu,
            "loadavg": f"{load_before:.1f}/{load_after:.1f}",
            "timings": ", ".join(f"{name} {seconds:.0f} s" for name, seconds in timings.items()),
            "errors": errors,
        }
        markdown = render_markdown(
            meta, pages, probe.get("unmeasured", []), assets, trivial, verdicts, asset_total
        )
        (RESULTS_DIR / "latest.md").write_text(markdown, encoding="utf-8")
        (RESULTS_DIR / "latest.json").write_text(
            json.dumps(
                {
                    "meta": meta,
                    "pages": pages,
                    "assets": assets,
                    "trivial": trivial,
                    "growth": growth,
                    "verdicts": verdicts,
                },
                indent=2,
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        print(markdown)
        log(f"written to {RESULTS_DIR / 'latest.md'} in {timings['total']:.0f} s")
        if errors or any(p.get("http_status") != 200 for p in pages):
            return 1
        return 1 if strict and not all(ok for _n, _w, ok in verdicts) else 0
    except BenchError as exc:
        log(f"FAILED: {exc}")
        return 1
    except KeyboardInterrupt as exc:
        log(f"interrupted ({exc or 'SIGINT'})")
        return 130
    finally:
        processes.stop_all()


if __name__ == "__main__":
    sys.exit(main())
