"""A small asyncio HTTP/1.1 load generator for bench_load.py: one connection per simulated user.

Why not locust: on this 2-core machine the client competes with gunicorn and PostgreSQL for CPU, and
raw asyncio streams cost far less per request than locust's gevent users; they also let each user
record exactly which answers the server acknowledged. A user's requests are sequential (like one
browser tab's autosaves); users run concurrently. A connection is reused while the server keeps it
alive (gunicorn's sync workers close it after every response, so each request then reconnects, as
it would against them in production).

Latency is measured from just before the request is written (connect included when the previous
connection was closed) to the last byte of the response. Only loopback targets are accepted.
"""

import asyncio
import ipaddress
import math
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

REQUEST_TIMEOUT = 30.0


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


class Connection:
    """One user's keep-alive connection to host:port; reconnects when the server closed it."""

    def __init__(self, host: str, port: int):
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError(f"load tests only ever target loopback addresses, not {host}")
        self.host, self.port = host, port
        self.reader = self.writer = None

    def close(self):
        """Drop the connection at once (no await: safe while a cancelled request unwinds)."""
        if self.writer is not None:
            self.writer.transport.abort()
        self.reader = self.writer = None

    async def request(self, method: str, path: str, *, headers: dict[str, str], form: dict | None = None) -> Response:
        body = urlencode(form or {}, doseq=True).encode()
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if method != "GET":
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        data = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        try:
            self.writer.write(data)
            await self.writer.drain()
            response = await self._read_response()
        except BaseException:
            self.close()
            raise
        if response.headers.get("connection", "").lower() == "close":
            self.close()
        return response

    async def _read_response(self) -> Response:
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        headers = {}
        for line in header_lines:
            if line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                chunks.append(chunk[:-2])
            body = b"".join(chunks)
        else:
            body = await self.reader.read()
            headers["connection"] = "close"
        return Response(status, headers, body)


@dataclass
class Stats:
    """Latencies of the successful requests of one kind, the failures, and the phase's wall time."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    unsent: int = 0  # requests a phase deadline stopped before they were made
    error_samples: list[str] = field(default_factory=list)
    wall: float = 0.0  # seconds, summed over the phases that ran requests of this kind

    def ok(self, seconds: float):
        self.latencies.append(seconds)

    def fail(self, why: str):
        self.errors += 1
        if len(self.error_samples) < 5:
            self.error_samples.append(why[:300])

    def summary(self) -> dict:
        wall = max(self.wall, 1e-9)
        ordered = sorted(self.latencies)
        return {
            "requests": len(ordered) + self.errors,
            "rps": round(len(ordered) / wall, 1),
            "p50_ms": percentile_ms(ordered, 50),
            "p95_ms": percentile_ms(ordered, 95),
            "p99_ms": percentile_ms(ordered, 99),
            "errors": self.errors,
            "unsent": self.unsent,
        }


def percentile_ms(ordered: list[float], pct: float) -> float | None:
    """Nearest-rank percentile, in milliseconds."""
    if not ordered:
        return None
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return round(ordered[rank - 1] * 1000, 1)


async def timed(connection: Connection, method: str, path: str, **kwargs) -> tuple[Response, float]:
    start = time.perf_counter()
    response = await asyncio.wait_for(connection.request(method, path, **kwargs), REQUEST_TIMEOUT)
    return response, time.perf_counter() - start


async def run_phase(stats: Stats, users: list, work, *, planned: int, deadline_s: float, jitter_s: float = 0.2):
    """Run ``work(user, index)`` for every user concurrently, starts spread over ``jitter_s``; stop all
    at ``deadline_s``. Of the ``planned`` requests, those not made by then count as ``unsent`` (a
    request cut off in flight as one of them). Adds the phase's wall time to ``stats``."""

    async def one(index, user):
        await asyncio.sleep(jitter_s * index / max(len(users), 1))
        await work(user, index)

    made_before = len(stats.latencies) + stats.errors
    started = time.perf_counter()
    tasks = [asyncio.create_task(one(i, user)) for i, user in enumerate(users)]
    done, pending = await asyncio.wait(tasks, timeout=deadline_s)
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.gather(*pending, return_exceptions=True)
        stats.error_samples.append(f"{len(pending)} users still busy at the {deadline_s:.0f}s phase deadline")
    for task in done:
        if task.exception() is not None:
            stats.fail(f"user crashed: {task.exception()!r}")
    stats.wall += time.perf_counter() - started
    stats.unsent += planned - (len(stats.latencies) + stats.errors - made_before)
