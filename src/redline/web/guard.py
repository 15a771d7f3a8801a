"""What every request to the web app passes through, before any page or action runs (one ASGI middleware):

- `Host` must name the bound address or a name given with `--allow-host` (no DNS rebinding);
- a state-changing request whose `Origin` or `Referer` is another site's is refused (no cross-site forms);
- with a token: `Authorization: Bearer TOKEN` (any case of the scheme), `?token=` once, then a cookie that
  holds a digest of the token, never the token (marked `Secure` over TLS); compared as bytes;
- the body is counted as it streams and the request refused with 413 at `max_body` bytes;
- every response carries a Content-Security-Policy (scripts only with this response's nonce), no framing,
  no MIME sniffing and a same-origin Referrer-Policy.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
from collections.abc import Iterable
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

COOKIE = "redline_session"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
LOOPBACK = ("127.0.0.1", "localhost", "::1")
# pages that carry no article text and whose script is inline (Swagger UI from fastapi-offline)
INLINE_SCRIPT_PATHS = ("/docs", "/docs/oauth2-redirect")


def csp(nonce: str, path: str) -> str:
    script = "'self' 'unsafe-inline'" if path in INLINE_SCRIPT_PATHS else f"'self' 'nonce-{nonce}'"
    return (f"default-src 'self'; script-src {script}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def session_value(token: str) -> str:
    """What the cookie holds: a digest of the token, useless as a token elsewhere."""
    return hmac.new(token.encode("utf-8"), b"redline-session", hashlib.sha256).hexdigest()


def _host_name(host: str) -> str:
    """The name in a Host header or URL authority, without port or IPv6 brackets, lower case."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def allowed_hosts(bound: str, extra: Iterable[str] = ()) -> frozenset[str] | None:
    """The names a Host header may give: the bound address (every loopback name when it is loopback), and
    the names allowed on the command line; None for a wildcard bind (then any IP literal, and those names)."""
    names = {_host_name(h) for h in extra if h.strip()}
    bound = _host_name(bound)
    if bound in ("0.0.0.0", "::", ""):
        return None if not names else frozenset(names | {"*ip"})
    if bound in LOOPBACK:
        names |= set(LOOPBACK)
    return frozenset(names | {bound})


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _json(status: int, detail: str) -> tuple[dict, bytes]:
    body = json.dumps({"detail": detail}).encode()
    return {"type": "http.response.start", "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]}, body


class TooBig(Exception):
    pass


class Guard:
    def __init__(self, app, *, max_body: int, token: str | None = None, hosts: frozenset[str] | None = None,
                 check_hosts: bool = False):
        self.app, self.max_body, self.token = app, max_body, token
        self.hosts, self.check_hosts = hosts, check_hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["csp_nonce"] = nonce
        tls = scope.get("scheme") == "https"
        headers = {k.decode("latin-1").lower(): v for k, v in scope.get("headers", [])}
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        set_cookie = None

        async def send_secured(message):
            if message["type"] == "http.response.start":
                extra = [(b"content-security-policy", csp(nonce, scope.get("path", "")).encode()),
                         (b"x-frame-options", b"DENY"), (b"x-content-type-options", b"nosniff"),
                         (b"referrer-policy", b"same-origin")]
                if set_cookie:
                    extra.append((b"set-cookie", set_cookie.encode("latin-1")))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        async def refuse(status: int, detail: str):
            start, body = _json(status, detail)
            await send_secured(start)
            await send({"type": "http.response.body", "body": body})

        problem = self._check(scope, headers, query)
        if problem:
            return await refuse(*problem)
        if self.token is not None and query.get("token"):
            cookie = f"{COOKIE}={session_value(self.token)}; HttpOnly; SameSite=Strict; Path=/"
            set_cookie = cookie + ("; Secure" if tls else "")
        length = headers.get("content-length", b"").decode("latin-1")
        if length.isdigit() and int(length) > self.max_body:
            return await refuse(413, f"request body over {self.max_body} bytes")
        return await self._counted(scope, receive, send_secured, refuse)

    async def _counted(self, scope, receive, send, refuse):
        """Run the app with the body counted as it arrives; over the limit, the app's answer becomes a 413."""
        seen, over, started = 0, False, False

        async def counting_receive():
            nonlocal seen, over
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    over = True
                    raise TooBig
            return message

        async def watched_send(message):
            nonlocal started
            if over:
                return  # the app's reaction to the cut body is replaced by the 413 below
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watched_send)
        except TooBig:
            pass
        except Exception:
            if not over:
                raise
        if over and not started:
            await refuse(413, f"request body over {self.max_body} bytes")

    def _check(self, scope, headers: dict, query: dict) -> tuple[int, str] | None:
        host = _host_name(headers.get("host", b"").decode("latin-1"))
        if self.check_hosts:
            if self.hosts is None or "*ip" in self.hosts:
                ok = _is_ip(host) or (self.hosts is not None and host in self.hosts)
            else:
                ok = host in self.hosts
            if not ok:
                return 400, "this server does not answer for that Host (start it with --allow-host NAME)"
        if scope.get("method", "GET").upper() not in SAFE_METHODS:
            own = host_port = headers.get("host", b"").decode("latin-1").strip().lower()
            for header in ("origin", "referer"):
                value = headers.get(header)
                if value is None:
                    continue
                text = value.decode("latin-1").strip()
                parts = urlsplit(text)
                if text == "null" or parts.netloc.lower() != own or parts.scheme not in ("http", "https"):
                    return 403, f"cross-site request refused ({header} is not {host_port})"
                break  # Origin, when there, decides; Referer only when it is missing
        if self.token is not None and not self._authorised(headers, query):
            return 401, "a token is required (Authorization: Bearer …)"
        return None

    def _authorised(self, headers: dict, query: dict) -> bool:
        expected = self.token.encode("utf-8")
        scheme, _, value = headers.get("authorization", b"").partition(b" ")
        if scheme.lower() == b"bearer" and hmac.compare_digest(value.strip(), expected):
            return True
        given = query.get("token", [None])[0]
        if given is not None and hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected):
            return True
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", b"").decode("latin-1"))
        except Exception:  # noqa: BLE001 - a malformed cookie header is no session
            return False
        morsel = cookie.get(COOKIE)
        return morsel is not None and hmac.compare_digest(morsel.value.encode("latin-1", "replace"),
                                                          session_value(self.token).encode())
