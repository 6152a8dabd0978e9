"""The Varnish purger speaks HTTP to a real server on loopback: PURGE per path and BAN per site with
the site's Host header, and a refused connection or an error answer raises PurgeFailed (so
core.purging retries) instead of being logged and forgotten as Wagtail's HTTP backend does."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.varnish import PurgeFailed, VarnishPurger


class Recorder(BaseHTTPRequestHandler):
    received = []
    status = 200

    def _answer(self):
        Recorder.received.append((self.command, self.path, self.headers["Host"]))
        self.send_response(Recorder.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PURGE = do_BAN = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Recorder.received = []
    Recorder.status = 200
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_purge_and_ban_reach_the_cache_with_the_sites_host(server):
    purger = VarnishPurger({"LOCATION": server})
    purger.purge_batch(["http://www.twentsekoers.nl/actueel/", "http://www.twentsekoers.nl/zoeken/"])
    purger.ban("http://www.twentsekoers.nl/")
    assert Recorder.received == [
        ("PURGE", "/actueel/", "www.twentsekoers.nl"),
        ("PURGE", "/zoeken/", "www.twentsekoers.nl"),
        ("BAN", "/", "www.twentsekoers.nl"),
    ]


def test_an_error_answer_or_a_refused_connection_raises(server):
    Recorder.status = 405
    with pytest.raises(PurgeFailed, match="405"):
        VarnishPurger({"LOCATION": server}).purge("http://localhost/actueel/")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    with pytest.raises(PurgeFailed, match="refused"):
        VarnishPurger({"LOCATION": f"http://127.0.0.1:{closed_port}"}).ban("http://localhost/")


def test_only_http_locations_are_accepted():
    with pytest.raises(ValueError, match="http"):
        VarnishPurger({"LOCATION": "file:///etc/passwd"})
