"""A small HTTP/1.1 load generator for loopback benchmarks.

N clients run concurrently on one asyncio loop, each on its own persistent (keep-alive) connection,
sending GET requests back to back for a fixed duration. A client reconnects when the server closes
the connection (``Connection: close`` or HTTP/1.0), so servers without keep-alive are measured too.
After the deadline no new request is sent; requests already in flight are finished and counted, so
every request the server answered is counted exactly once. Everything is bounded by a per-request
timeout and an overall deadline.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MAX_HEADER_BYTES = 64 * 1024
LATENCY_SAMPLE_LIMIT = 200_000


class ProtocolError(Exception):
    """The server's answer was not a well-formed HTTP/1.x response."""


@dataclass
class LoadResult:
    url: str
    clients: int
    duration: float = 0.0
    ok: int = 0
    failed: int = 0
    errors: int = 0
    connections: int = 0
    body_bytes: int = 0
    statuses: dict = field(default_factory=dict)
    latencies: list = field(default_factory=list)
    error_messages: list = field(default_factory=list)

    @property
    def requests(self):
        return self.ok + self.failed

    @property
    def rate(self):
        """Successful (2xx) responses per second."""
        return self.ok / self.duration if self.duration > 0 else 0.0

    def latency_ms(self, quantile):
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, int(quantile * len(ordered)))
        return ordered[index] * 1000

    def as_dict(self):
        return {
            "url": self.url,
            "clients": self.clients,
            "duration_s": round(self.duration, 3),
            "ok": self.ok,
            "failed": self.failed,
            "errors": self.errors,
            "connections": self.connections,
            "body_bytes": self.body_bytes,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "rate": round(self.rate, 1),
            "p50_ms": round(self.latency_ms(0.50), 2),
            "p95_ms": round(self.latency_ms(0.95), 2),
            "error_messages": self.error_messages[:5],
        }


async def _read_response(reader):
    """Read one response; returns (status, body length, whether the connection stays open)."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        raise ProtocolError("connection closed before a complete response header") from exc
    except asyncio.LimitOverrunError as exc:
        raise ProtocolError("response header too large") from exc
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
        raise ProtocolError(f"bad status line: {lines[0][:80]!r}")
    version, status = parts[0], int(parts[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    connection = headers.get("connection", "").lower()
    keep_alive = "close" not in connection if version == "HTTP/1.1" else "keep-alive" in connection

    if "chunked" in headers.get("transfer-encoding", "").lower():
        length = 0
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.split(b";", 1)[0].strip(), 16)
            if size == 0:
                while (await reader.readuntil(b"\r\n")) != b"\r\n":
                    pass
                break
            await reader.readexactly(size + 2)
            length += size
    elif "content-length" in headers:
        length = int(headers["content-length"])
        await reader.readexactly(length)
    elif status in (204, 304) or 100 <= status < 200:
        length = 0
    else:
        length = len(await reader.read())
        keep_alive = False
    return status, length, keep_alive


async def _client(host, port, request, deadline, timeout, result):
    loop = asyncio.get_running_loop()
    reader = writer = None
    try:
        while loop.time() < deadline:
            try:
                if writer is None:
                    reader, writer = await asyncio.wait_for(
                        asyncio.open_connection(host, port, limit=MAX_HEADER_BYTES), timeout
                    )
                    result.connections += 1
                started = loop.time()
                writer.write(request)
                status, length, keep_alive = await asyncio.wait_for(_read_response(reader), timeout)
            except (OSError, ProtocolError, TimeoutError, ValueError) as exc:
                result.errors += 1
                if len(result.error_messages) < 20:
                    result.error_messages.append(f"{type(exc).__name__}: {exc}")
                if writer is not None:
                    writer.close()
                reader = writer = None
                await asyncio.sleep(0.01)
                continue
            if len(result.latencies) < LATENCY_SAMPLE_LIMIT:
                result.latencies.append(loop.time() - started)
            result.statuses[status] = result.statuses.get(status, 0) + 1
            result.body_bytes += length
            if 200 <= status < 300:
                result.ok += 1
            else:
                result.failed += 1
            if not keep_alive:
                writer.close()
                reader = writer = None
    finally:
        if writer is not None:
            writer.close()


async def run_load_async(url, duration=5.0, clients=8, timeout=10.0, headers=None):
    """Hammer ``url`` (http only) with ``clients`` concurrent keep-alive connections."""
    parts = urlsplit(url)
    if parts.scheme != "http":
        raise ValueError("only http:// URLs are supported")
    host, port = parts.hostname, parts.port or 80
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    header_lines = {
        "Host": parts.netloc,
        "User-Agent": "twentsekoers-bench/1",
        "Accept": "*/*",
        **(headers or {}),
    }
    request = (
        f"GET {target} HTTP/1.1\r\n"
        + "".join(f"{name}: {value}\r\n" for name, value in header_lines.items())
        + "\r\n"
    ).encode("latin-1")
    result = LoadResult(url=url, clients=clients)
    loop = asyncio.get_running_loop()
    started = loop.time()
    deadline = started + duration
    tasks = [
        asyncio.create_task(_client(host, port, request, deadline, timeout, result))
        for _ in range(clients)
    ]
    _done, pending = await asyncio.wait(tasks, timeout=duration + timeout + 1)
    for task in pending:
        task.cancel()
        result.error_messages.append("client cancelled at the hard deadline")
    if pending:
        await asyncio.gather(*pending, return_exceptions=True)
    result.duration = loop.time() - started
    return result


def run_load(url, duration=5.0, clients=8, timeout=10.0, headers=None):
    """Synchronous wrapper around :func:`run_load_async`.

    When the calling thread already runs an event loop (Playwright's sync API leaves one in test
    sessions), the load runs on a loop of its own in a helper thread."""
    job = run_load_async(url, duration, clients, timeout, headers)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(job)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, job).result()


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    outcome = run_load(args.url, args.duration, args.clients)
    print(json.dumps(outcome.as_dict(), indent=2))
