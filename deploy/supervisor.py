"""Run a few processes in the foreground and keep the background ones alive.

`make run` and `make cluster` use it: the web server is the *main* process (when it exits,
everything stops), the task worker is *kept* (when it exits it is started again, after 1, 2, 4 ...
up to 30 seconds, the wait reset after a minute of running). Other children are only watched:
make cluster's app servers, whose exit Varnish's health probe handles. Ctrl-C or SIGTERM stops every
process it started, each in its own process group, with SIGTERM and after 10 s SIGKILL.

    python deploy/supervisor.py --keep "python manage.py run_worker" -- python manage.py runserver
"""

import argparse
import contextlib
import os
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

BACKOFF_MAX = 30.0
STABLE_AFTER = 60.0
STOP_TIMEOUT = 10.0


def log(message):
    print(f"[supervisor] {message}", file=sys.stderr, flush=True)


@dataclass
class Child:
    name: str
    argv: list[str]
    keep: bool = False
    main: bool = True
    env: dict | None = None
    process: subprocess.Popen | None = None
    started: float = 0.0
    backoff: float = 1.0
    restart_at: float | None = None
    restarts: int = 0
    log_path: str | None = None
    cwd: str | None = None
    reported: bool = False

    def start(self):
        stdout = open(self.log_path, "ab") if self.log_path else None  # noqa: SIM115
        self.process = subprocess.Popen(
            self.argv,
            env=self.env,
            cwd=self.cwd,
            start_new_session=True,
            stdout=stdout,
            stderr=stdout,
        )
        if stdout:
            stdout.close()
        self.started = time.monotonic()
        self.restart_at = None

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def signal(self, signum):
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signum)


class Supervisor:
    """Start, watch and stop children. ``poll()`` restarts kept children that exited; it returns
    False once a child that is not kept has exited."""

    def __init__(self, cwd=None):
        self.cwd = cwd
        self.children: list[Child] = []
        self.stopping = False

    def add(self, name, argv, keep=False, main=True, env=None, log_path=None):
        child = Child(
            name,
            list(argv),
            keep=keep,
            main=main and not keep,
            env=env,
            log_path=log_path,
            cwd=self.cwd,
        )
        self.children.append(child)
        child.start()
        return child

    def poll(self):
        now = time.monotonic()
        for child in self.children:
            if child.alive() or self.stopping:
                continue
            if child.main:
                log(f"{child.name} exited with {child.process.returncode}; stopping")
                return False
            if not child.keep:
                if not child.reported:
                    log(f"{child.name} exited with {child.process.returncode}")
                    child.reported = True
                continue
            if child.restart_at is None:
                if now - child.started >= STABLE_AFTER:
                    child.backoff = 1.0
                child.restart_at = now + child.backoff
                log(
                    f"{child.name} exited with {child.process.returncode}; "
                    f"starting it again in {child.backoff:.0f} s"
                )
                child.backoff = min(child.backoff * 2, BACKOFF_MAX)
            elif now >= child.restart_at:
                child.restarts += 1
                child.start()
        return True

    def stop(self):
        self.stopping = True
        for child in reversed(self.children):
            child.signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for child in reversed(self.children):
            if child.process is None:
                continue
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.signal(signal.SIGKILL)
                child.process.wait()

    def run_forever(self, interval=0.5):
        """Watch until a main child exits or SIGINT/SIGTERM arrives; then stop everything."""

        def on_signal(signum, frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, on_signal)
        try:
            while self.poll():
                time.sleep(interval)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="append", default=[], help="a command to keep running")
    parser.add_argument("main", nargs=argparse.REMAINDER, help="-- the main command")
    args = parser.parse_args(argv)
    command = args.main[1:] if args.main[:1] == ["--"] else args.main
    if not command:
        parser.error("give the main command after --")
    supervisor = Supervisor()
    for n, keep in enumerate(args.keep):
        supervisor.add(f"kept-{n + 1} ({shlex.split(keep)[-1]})", shlex.split(keep), keep=True)
    supervisor.add("main", command)
    supervisor.run_forever()


if __name__ == "__main__":
    main()
