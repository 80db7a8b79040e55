"""A throwaway Casebook cluster on loopback for bench_nodes.py: gunicorn nodes, one task worker and
HAProxy with docs/deploy/haproxy.cfg as shipped, on a Redis database of their own.

``Cluster`` is a context manager: whatever it started is stopped on the way out, even after an
error (each process runs in its own session, so its whole process group is killed if it will not
stop), and the Redis database it claimed is flushed: only that one, and only while the claim key it
wrote is still its own. Every address is 127.0.0.1.
"""

import contextlib
import csv
import io
import os
import secrets
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_load import HOST, free_port, tail

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "docs" / "deploy"
BIN = Path(sys.executable).parent
REDIS_PORT = 6379
CLAIM_KEY = "casebook-bench-nodes:claimed-by"


def claim_redis_db(token: str) -> int:
    """An empty Redis database number (15 down to 1; 0 is everyone's default), marked as ours."""
    import redis

    try:
        for number in range(15, 0, -1):
            client = redis.Redis(host=HOST, port=REDIS_PORT, db=number, socket_timeout=2)
            if client.dbsize() == 0 and client.set(CLAIM_KEY, token, nx=True, ex=900):
                if client.dbsize() == 1:  # nobody else started writing there in between
                    return number
                client.delete(CLAIM_KEY)
    except redis.ConnectionError as error:
        raise RuntimeError(f"bench_nodes needs Redis on {HOST}:{REDIS_PORT}: {error}") from None
    raise RuntimeError(f"no empty database on the Redis at {HOST}:{REDIS_PORT} (tried 15 to 1)")


def release_redis_db(number: int, token: str) -> None:
    import redis

    client = redis.Redis(host=HOST, port=REDIS_PORT, db=number, socket_timeout=2)
    if client.get(CLAIM_KEY) == token.encode():
        client.flushdb()


def in_group(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def wait_listening(port: int, process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}:\n{tail(log)}")
        try:
            socket.create_connection((HOST, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {HOST}:{port} after {seconds:.0f}s:\n{tail(log)}")


def stop(process: subprocess.Popen, grace: float = 10) -> None:
    """Stop a process started in its own session (SIGTERM: gunicorn, HAProxy and the worker stop
    cleanly on it), and whatever it left in its group."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=5)


class Cluster:
    def __init__(self, *, nodes: int, workers_per_node: int, env: dict[str, str]):
        self.names = [f"node{i}" for i in range(1, nodes + 1)]
        self.workers_per_node = workers_per_node
        self.token = secrets.token_hex(8)
        self.base_env = env
        self.processes: dict[str, subprocess.Popen] = {}
        self.ports = {name: free_port() for name in self.names}
        self.http_port, self.https_port = free_port(), free_port()

    # --- life cycle ---------------------------------------------------------------------------------

    def __enter__(self):
        self._stack = contextlib.ExitStack()
        self._stack.__enter__()
        try:
            self.tmp = Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-nodes-")))
            self.redis_db = claim_redis_db(self.token)
            self._stack.callback(release_redis_db, self.redis_db, self.token)
            (self.tmp / "media").mkdir()
            self.env = {**os.environ, **self.base_env,
                        "REDIS_URL": f"redis://{HOST}:{REDIS_PORT}/{self.redis_db}",
                        "DJANGO_CACHE_KEY_PREFIX": f"casebook-bench-{self.token}",
                        "DJANGO_MEDIA_ROOT": str(self.tmp / "media")}
            self._stack.callback(self._stop_all)
            self.cert = self._certificate()
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, *exc):
        return self._stack.__exit__(*exc)

    def _stop_all(self):
        for name in sorted(self.processes, key=lambda name: name != "haproxy"):  # the balancer first
            stop(self.processes.pop(name))

    def _spawn(self, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = self.log(name)
        with open(log, "ab") as out:
            process = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True,
                                       stdout=out, stderr=subprocess.STDOUT)
        self.processes[name] = process
        return process

    def log(self, name: str) -> Path:
        return self.tmp / f"{name}.log"

    # --- processes ----------------------------------------------------------------------------------

    def start_node(self, name: str) -> None:
        env = {**self.env, "GUNICORN_BIND": f"{HOST}:{self.ports[name]}", "GUNICORN_WORKERS": str(self.workers_per_node)}
        # The shipped gunicorn config; only the access log goes to a file of the node's own.
        process = self._spawn(name, [str(BIN / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py"),
                                     "--access-logfile", str(self.tmp / f"{name}.access.log"), "casebook.wsgi"], env)
        wait_listening(self.ports[name], process, self.log(name))

    def kill_node(self, name: str) -> dict:
        """SIGKILL a node's master and workers at once, as a crash or the OOM killer would."""
        process = self.processes.pop(name)
        victims = in_group(process.pid)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
        deadline = time.monotonic() + 5
        while in_group(process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        return {"processes_killed": len(victims), "processes_left": len(in_group(process.pid))}

    def start_worker(self) -> None:
        self._spawn("worker", [sys.executable, "manage.py", "db_worker", "--interval", "1", "--no-reload"], self.env)

    def start_balancer(self) -> None:
        env = {**os.environ,
               "CASEBOOK_HTTP_BIND": f"{HOST}:{self.http_port}", "CASEBOOK_HTTPS_BIND": f"{HOST}:{self.https_port}",
               "CASEBOOK_TLS_CERT": str(self.cert), "CASEBOOK_HOST": HOST,
               "CASEBOOK_NODE_MAXCONN": str(self.workers_per_node), "CASEBOOK_STATS_SOCKET": str(self.socket_path),
               **{f"CASEBOOK_{name.upper()}": f"{HOST}:{port}" for name, port in self.ports.items()}}
        config = DEPLOY / "haproxy.cfg"
        check = subprocess.run(["haproxy", "-c", "-q", "-f", str(config)], env=env, capture_output=True, text=True)
        if check.returncode:
            raise RuntimeError(f"haproxy refuses {config}:\n{check.stdout}{check.stderr}")
        process = self._spawn("haproxy", ["haproxy", "-db", "-f", str(config)], env)
        wait_listening(self.https_port, process, self.log("haproxy"))
        deadline = time.monotonic() + 10
        while not self.socket_path.exists():  # the runtime API may come a moment after the listeners
            if time.monotonic() > deadline:
                raise RuntimeError(f"HAProxy made no stats socket at {self.socket_path}:\n{tail(self.log('haproxy'))}")
            time.sleep(0.05)

    @property
    def socket_path(self) -> Path:
        return self.tmp / "haproxy.sock"

    def _certificate(self) -> Path:
        """A self-signed certificate for 127.0.0.1, and its key, in the one file HAProxy wants."""
        key, cert = self.tmp / "key.pem", self.tmp / "cert.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-days", "1", "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=IP:{HOST}",
                        "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
        bundle = self.tmp / "casebook.pem"
        bundle.write_bytes(cert.read_bytes() + key.read_bytes())
        return bundle

    def tls_context(self) -> ssl.SSLContext:
        """What a client trusts: only this cluster's certificate, its name checked."""
        return ssl.create_default_context(cafile=str(self.cert))

    # --- the balancer's view ------------------------------------------------------------------------

    def stats(self) -> dict[str, dict]:
        """Each node's row of HAProxy's `show stat`: status (UP, DOWN ...), requests sent (stot) ..."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(2)
            sock.connect(str(self.socket_path))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        rows = csv.DictReader(io.StringIO(data.decode().lstrip("# ")))
        return {row["svname"]: row for row in rows if row["pxname"] == "nodes" and row["svname"] in self.names}

    def wait_status(self, name: str, status: str, seconds: float = 30) -> float:
        """Seconds until the balancer reports the node as ``status`` (UP, DOWN)."""
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            if self.stats()[name]["status"] == status:  # not "UP 1/3", on its way down
                return time.monotonic() - started
            time.sleep(0.1)
        raise RuntimeError(f"HAProxy did not see {name} {status} within {seconds:.0f}s:\n{tail(self.log('haproxy'))}")

    def redis_keys(self, pattern: str) -> int:
        """How many keys of this cluster's Redis database match ``pattern`` (after the key prefix)."""
        import redis

        client = redis.Redis(host=HOST, port=REDIS_PORT, db=self.redis_db, socket_timeout=2)
        return sum(1 for _ in client.scan_iter(match=f"{self.env['DJANGO_CACHE_KEY_PREFIX']}:*{pattern}*"))

    def access_log_lines(self, name: str) -> list[str]:
        path = self.tmp / f"{name}.access.log"
        return path.read_text(errors="replace").splitlines() if path.exists() else []
