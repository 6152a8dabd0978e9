"""The benchmark's load generator counts what a real server answers: no more, no less."""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.loadgen import run_load


class CountingHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        with self.server.lock:
            self.server.answered += 1
            self.server.peers.add(self.client_address)
        if self.path.startswith("/fail"):
            status, body = 500, b"kapot"
        else:
            status, body = 200, b"ok"
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        if self.path.endswith("close"):
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    httpd.daemon_threads = True
    httpd.lock = threading.Lock()
    httpd.answered = 0
    httpd.peers = set()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def test_keep_alive_counts_every_answer_once(server):
    url = f"http://127.0.0.1:{server.server_address[1]}/ok"
    result = run_load(url, duration=1.0, clients=4, timeout=5)

    assert result.errors == 0, result.error_messages
    assert result.ok > 0
    assert result.ok == server.answered
    assert result.failed == 0
    assert result.body_bytes == 2 * result.ok
    assert result.connections == 4 == len(server.peers)
    assert result.duration >= 1.0
    assert result.rate == pytest.approx(result.ok / result.duration)


def test_closed_connections_and_failures_are_told_apart(server):
    port = server.server_address[1]
    closing = run_load(f"http://127.0.0.1:{port}/ok-close", duration=0.3, clients=2, timeout=5)
    failing = run_load(f"http://127.0.0.1:{port}/fail", duration=0.3, clients=2, timeout=5)

    assert closing.errors == 0, closing.error_messages
    assert closing.ok > 0
    assert closing.connections == closing.ok
    assert failing.ok == 0
    assert failing.failed > 0
    assert failing.statuses == {500: failing.failed}
    assert closing.ok + failing.failed == server.answered


def test_runs_inside_a_running_event_loop(server):
    """Playwright's sync API leaves an event loop running in the test thread; the harness copes."""
    url = f"http://127.0.0.1:{server.server_address[1]}/ok"

    async def inside_a_loop():
        return run_load(url, duration=0.3, clients=2, timeout=5)

    # A thread of its own, so the test does not depend on what earlier tests left in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        result = pool.submit(asyncio.run, inside_a_loop()).result()

    assert result.errors == 0, result.error_messages
    assert result.ok == server.answered > 0


def wrk_or_skip():
    import os
    import shutil

    if shutil.which("wrk"):
        return
    reason = "WRK NOT FOUND: the topology bench's wrk runs are not tested (apt-get install wrk)."
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail("REQUIRE_BROWSER=1 but " + reason)
    pytest.skip(reason)


def test_wrk_rates_count_what_the_server_answered(server):
    from bench.topology import wrk

    wrk_or_skip()
    url = f"http://127.0.0.1:{server.server_address[1]}/ok"
    result = wrk(url, duration=1, connections=4, threads=1)

    assert result["requests"] > 0
    assert result["requests"] <= server.answered <= result["requests"] + 4
    assert result["rate"] > 0


def test_every_uncached_request_gets_a_query_string_of_its_own(server, tmp_path):
    from http.server import BaseHTTPRequestHandler

    from bench.topology import UNIQUE_QUERY_LUA, wrk

    wrk_or_skip()
    seen = []
    handler = server.RequestHandlerClass

    class Recording(handler):
        def do_GET(self):
            seen.append(self.path)
            super().do_GET()

    server.RequestHandlerClass = Recording
    assert issubclass(Recording, BaseHTTPRequestHandler)
    script = tmp_path / "unique.lua"
    script.write_text(UNIQUE_QUERY_LUA)
    wrk(f"http://127.0.0.1:{server.server_address[1]}/ok", 1, 4, 2, script)

    assert len(seen) > 10
    assert all(path.startswith("/ok?bench=") for path in seen)
    assert len(set(seen)) == len(seen)


def test_failed_answers_make_the_wrk_run_fail(server):
    from bench.topology import BenchError, wrk

    wrk_or_skip()
    with pytest.raises(BenchError, match="non-2xx"):
        wrk(f"http://127.0.0.1:{server.server_address[1]}/fail", 1, 2, 1)
