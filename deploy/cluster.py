"""`make cluster`: the production topology on loopback, in the foreground.

Varnish on $PORT (default 8080) in front of two gunicorn app servers on $PORT+1 and $PORT+2
(production settings, DEBUG off), one task worker kept alive by deploy/supervisor.py, on
PostgreSQL ($DATABASE_URL, default postgres://postgres@127.0.0.1:5432/twentsekoers_cluster;
created, migrated and loaded with the demo content when empty) and Redis ($REDIS_URL, default
redis://127.0.0.1:6379/1). Debian's varnish is installed with apt when varnishd is missing.
Ctrl-C or SIGTERM stops everything it started.

Files go to $CLUSTER_DIR (default var/cluster/): the generated Varnish includes, a secret key kept
between runs, one log per process and pids.json (the process ids, for tests and operators).
Every other variable of the environment (CACHE_S_MAXAGE, EMAIL_URL, MAILCHIMP_*) reaches the app
servers and the worker unchanged.
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from deploy.supervisor import Supervisor, log  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/twentsekoers_cluster"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"
VCL = BASE_DIR / "deploy" / "varnish" / "default.vcl"
START_TIMEOUT = 120


def varnishd():
    """The varnishd binary, installed from Debian's packages when missing."""
    found = shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
    )
    if found:
        return found
    log("varnishd not found: installing Debian's varnish with apt")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "varnish"], check=True, env=env)
    subprocess.run(["systemctl", "disable", "--now", "varnish"], check=False, capture_output=True)
    return shutil.which("varnishd") or "/usr/sbin/varnishd"


def ensure_database(url):
    """Create the PostgreSQL database named in ``url`` when it does not exist."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            log(f"creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')


def ensure_redis(url):
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        raise SystemExit(
            f"Redis at {url} does not answer ({error}); start it or set REDIS_URL."
        ) from error


def site_environment(port, work_dir):
    secret_file = work_dir / "secret_key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(64))
        secret_file.chmod(0o600)
    base_url = f"http://127.0.0.1:{port}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "PYTHONUNBUFFERED": "1",
        "SECRET_KEY": secret_file.read_text().strip(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": ",".join(
            f"http://127.0.0.1:{p}" for p in (port, port + 1, port + 2)
        ),
        "DATABASE_URL": os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        "REDIS_URL": os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL,
        "FRONTEND_CACHE_URL": base_url,
        "WAGTAILADMIN_BASE_URL": base_url,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SERVE_MEDIA": "1",
        "NEWSLETTER_TRUSTED_PROXY_COUNT": "1",
        "MEDIA_ROOT": os.environ.get("MEDIA_ROOT") or str(work_dir / "media"),
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def write_varnish_includes(conf_dir, app_ports, purgers):
    conf_dir.mkdir(parents=True, exist_ok=True)
    backends = [
        f'backend app{n} {{\n    .host = "127.0.0.1";\n    .port = "{port}";\n    .probe = healthz;\n}}\n'
        for n, port in enumerate(app_ports, start=1)
    ]
    init = (
        "sub vcl_init {\n    new app = directors.round_robin();\n"
        + "".join(f"    app.add_backend(app{n});\n" for n in range(1, len(app_ports) + 1))
        + "}\n"
    )
    (conf_dir / "backends.vcl").write_text("".join(backends) + init)
    acl = "".join(f'    "{address}";\n' for address in purgers)
    (conf_dir / "purgers.vcl").write_text(f"acl purgers {{\n{acl}}}\n")


def wait_until_answering(url, timeout=START_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 - loopback
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def main():
    port = int(os.environ.get("PORT") or 8080)
    app_ports = [port + 1, port + 2]
    work_dir = Path(os.environ.get("CLUSTER_DIR") or BASE_DIR / "var" / "cluster").resolve()
    work_dir.mkdir(parents=True, exist_ok=True)
    purgers = (os.environ.get("VARNISH_PURGE_ACL") or "127.0.0.1,::1").split(",")
    worker_interval = os.environ.get("WORKER_INTERVAL") or "0.2"

    varnish = varnishd()
    env = site_environment(port, work_dir)
    ensure_redis(env["REDIS_URL"])
    ensure_database(env["DATABASE_URL"])
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo_content", "--if-empty", "--allow-production")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "newsletter_prepare_monthly", "--schedule")
    manage(env, "newsletter_sync", "--schedule")
    manage(env, "schedule_publishing")
    conf_dir = work_dir / "varnish-conf"
    write_varnish_includes(conf_dir, app_ports, [p.strip() for p in purgers if p.strip()])

    supervisor = Supervisor(cwd=BASE_DIR)
    try:
        for name, app_port in zip(("app-a", "app-b"), app_ports, strict=True):
            supervisor.add(
                name,
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{app_port}",
                    "--workers",
                    "2",
                    "--worker-class",
                    "gthread",
                    "--threads",
                    "4",
                    "--access-logfile",
                    "-",
                    "--chdir",
                    str(BASE_DIR),
                ],
                main=False,
                env=env,
                log_path=str(work_dir / f"{name}.log"),
            )
        supervisor.add(
            "worker",
            [sys.executable, "manage.py", "run_worker", "--interval", worker_interval],
            keep=True,
            env=env,
            log_path=str(work_dir / "worker.log"),
        )
        supervisor.add(
            "varnish",
            [
                varnish,
                "-F",
                "-j",
                "none",
                "-a",
                f"127.0.0.1:{port}",
                "-f",
                str(VCL),
                "-p",
                f"vcl_path={conf_dir}:{VCL.parent}:/usr/share/varnish/vcl",
                "-p",
                "ban_lurker_sleep=0.01",
                "-n",
                str(work_dir / "varnish"),
                "-s",
                "malloc,256m",
            ],
            env=env,
            log_path=str(work_dir / "varnish.log"),
        )
        (work_dir / "pids.json").write_text(
            json.dumps({child.name: child.process.pid for child in supervisor.children})
        )
        for app_port in app_ports:
            wait_until_answering(f"http://127.0.0.1:{app_port}/healthz")
        wait_until_answering(f"http://127.0.0.1:{port}/")
    except BaseException:
        supervisor.stop()
        raise
    print(
        f"Serving http://127.0.0.1:{port}/ through Varnish "
        f"(app servers on {app_ports[0]} and {app_ports[1]}; admin: "
        f"http://127.0.0.1:{port}/admin/, login admin / twentsekoers); "
        f"ready in {time.monotonic() - started:.1f} s. Logs in {work_dir}/. Ctrl-C stops all.",
        flush=True,
    )
    supervisor.run_forever()


if __name__ == "__main__":
    main()
