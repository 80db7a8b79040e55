"""Clients of the balancer over HTTPS, for bench_nodes.py: loadgen's asyncio connection over TLS (the
concurrent phases), and a one-request-at-a-time browser that keeps its cookies (the scripted steps).
Loopback only, as loadgen enforces.
"""

import asyncio
import http.client
import ssl
from urllib.parse import urlencode

from bench.loadgen import Connection

NODE_HEADER = "x-casebook-node"  # set by docs/deploy/haproxy.cfg: the node that answered


class TLSConnection(Connection):
    """loadgen's keep-alive connection, over TLS."""

    def __init__(self, host: str, port: int, context: ssl.SSLContext):
        super().__init__(host, port)
        self.context = context

    async def request(self, *args, **kwargs):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port, ssl=self.context)
        return await super().request(*args, **kwargs)


def ajax_headers(student: dict, origin: str, accept: str = "application/json") -> dict[str, str]:
    """What the attempt page's script sends: the student's cookies and CSRF token, a same-origin request."""
    return {"Cookie": student["cookie"], "X-CSRFToken": student["csrf"], "Origin": origin, "Referer": origin + "/",
            "Accept": accept}


class SignInRefused(Exception):
    pass


class Browser:
    """One person's cookies, over http.client (which keeps every Set-Cookie of a response). A new
    connection per request: the balancer closes idle ones after 10 s."""

    def __init__(self, host: str, port: int, context: ssl.SSLContext):
        self.host, self.port, self.context = host, port, context
        self.origin = f"https://{host}:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, dict[str, str], bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Origin": self.origin,
                   "Referer": self.origin + path}
        body = None
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPSConnection(self.host, self.port, context=self.context, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def sign_in(self, username: str, password: str) -> list[str | None]:
        """The login form, as a person fills it in; returns the nodes that answered its two requests."""
        status, page_headers, _ = self.request("GET", "/accounts/login/")
        if status != 200 or "csrftoken" not in self.cookies:
            raise SignInRefused(f"login page: HTTP {status}")
        status, headers, body = self.request("POST", "/accounts/login/", {"username": username, "password": password})
        if status != 302 or "sessionid" not in self.cookies:
            raise SignInRefused(f"sign-in of {username}: HTTP {status} {body[:200]!r}")
        return [page_headers.get(NODE_HEADER), headers.get(NODE_HEADER)]

    def as_student(self, student: dict) -> None:
        """Hand this browser's session to a student of the concurrent phases."""
        student["cookie"] = f"sessionid={self.cookies['sessionid']}; csrftoken={self.cookies['csrftoken']}"
        student["csrf"] = self.cookies["csrftoken"]
