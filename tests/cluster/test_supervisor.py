"""deploy/supervisor.py: the worker of `make run` and `make cluster` is started again when it
exits, the main process ends the run, and stopping leaves no process behind."""

import os
import sys
import time

from deploy.supervisor import Supervisor

EXIT_AT_ONCE = [sys.executable, "-c", "import sys; sys.exit(3)"]
SLEEP = [sys.executable, "-c", "import time; time.sleep(60)"]


def wait_for(condition, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_kept_process_that_exits_is_started_again_with_growing_waits():
    supervisor = Supervisor()
    worker = supervisor.add("worker", EXIT_AT_ONCE, keep=True)
    try:
        assert wait_for(lambda: supervisor.poll() and worker.restarts >= 2, timeout=8)
        assert worker.backoff >= 4
    finally:
        supervisor.stop()


def test_the_main_process_ending_ends_the_run_but_a_watched_one_does_not():
    supervisor = Supervisor()
    supervisor.add("app-a", EXIT_AT_ONCE, main=False)
    main = supervisor.add("main", SLEEP)
    try:
        assert wait_for(lambda: not supervisor.children[0].alive())
        assert supervisor.poll() is True
        main.signal(15)
        assert wait_for(lambda: not main.alive())
        assert supervisor.poll() is False
    finally:
        supervisor.stop()


def test_stopping_ends_every_process_group():
    supervisor = Supervisor()
    children = [supervisor.add(f"c{n}", SLEEP, keep=bool(n % 2)) for n in range(3)]
    supervisor.stop()
    for child in children:
        assert child.process.returncode is not None
        try:
            os.killpg(child.process.pid, 0)
            alive = True
        except ProcessLookupError:
            alive = False
        assert not alive
