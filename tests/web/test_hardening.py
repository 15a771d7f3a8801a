"""Issue 12.3–12.6 on a real `redline serve`: Host and Origin checks, security headers on every response,
a streamed body counted, upload names, and the token compared as bytes and never kept in a cookie."""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient

from redline import api
from redline.web.app import create_app, upload_name
from redline.web.guard import COOKIE

from ..server import serving

ARTICLE = b"The finance ministry said on Monday that the talks would resume next week in Vienna."
OTHER = b"Officials said on Tuesday that the delegations had agreed on a new timetable for the talks."
HEADERS = ("content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy")


def _own(client: httpx.Client) -> str:
    return str(client.base_url).rstrip("/")


def test_host_names_the_bound_address_or_an_allowed_name(db):
    api.ingest([], db=db)
    with serving(db, args=("--allow-host", "redline.test")) as client:
        assert client.get("/overview.json").status_code == 200
        assert client.get("/overview.json", headers={"Host": "localhost"}).status_code == 200
        assert client.get("/overview.json", headers={"Host": "redline.test:8080"}).status_code == 200
        refused = client.get("/overview.json", headers={"Host": "evil.example"})
        assert refused.status_code == 400 and "--allow-host" in refused.json()["detail"]
        assert client.get("/overview.json", headers={"Host": "127.0.0.1.evil.example"}).status_code == 400


def test_state_changing_requests_from_another_site_are_refused(db):
    api.ingest([], db=db)
    with serving(db) as client:
        elsewhere = "http://127.0.0.1:1"  # another local port is another origin
        files = [("files", ("a.txt", ARTICLE, "text/plain"))]
        assert client.post("/upload", files=files, headers={"Origin": elsewhere}).status_code == 403
        assert client.post("/upload", files=files, headers={"Origin": "null"}).status_code == 403
        assert client.post("/upload", files=files, headers={"Referer": elsewhere + "/page"}).status_code == 403
        run = client.post("/model/run", data={"method": "compromise", "runs": "0"},
                          headers={"Origin": "http://evil.example", "Accept": "application/json"})
        assert run.status_code == 403
        assert api.status(db)["documents"] == 0
        # the server's own pages, and clients that send neither header (curl, scripts), go through
        mine = client.post("/upload", files=files, headers={"Origin": _own(client), "Accept": "application/json"})
        assert mine.status_code == 200 and mine.json()["new"] == 1
        assert client.post("/upload", files=[("files", ("b.txt", OTHER, "text/plain"))]).json()["new"] == 1
        assert client.get("/overview.json", headers={"Origin": elsewhere}).status_code == 200  # reads are not refused


@pytest.mark.parametrize("path", ["/overview", "/overview.json", "/documents/nothing", "/docs", "/openapi.json",
                                  "/upload", "/nowhere"])
def test_every_response_carries_the_security_headers(tmp_path, path):
    client = TestClient(create_app(str(tmp_path / "h.db")))
    response = client.get(path)
    assert all(h in response.headers for h in HEADERS), (path, response.status_code, dict(response.headers))
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response.headers["x-frame-options"] == "DENY" and response.headers["x-content-type-options"] == "nosniff"
    if path != "/docs":
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]


def test_the_upload_script_runs_with_its_nonce(tmp_path):
    client = TestClient(create_app(str(tmp_path / "n.db")))
    page = client.get("/upload")
    nonce = page.headers["content-security-policy"].split("'nonce-", 1)[1].split("'", 1)[0]
    assert f'<script nonce="{nonce}">' in page.text
    assert nonce not in client.get("/upload").headers["content-security-policy"]  # a new one each response


def test_refusals_carry_the_headers_too(tmp_path):
    client = TestClient(create_app(str(tmp_path / "r.db"), token="t", max_body=100))
    for response in (client.get("/overview"), client.post("/upload", content=b"x" * 500,
                                                          headers={"Authorization": "Bearer t"})):
        assert response.status_code in (401, 413) and all(h in response.headers for h in HEADERS)


def test_a_chunked_body_is_counted_as_it_streams(db):
    api.ingest([], db=db)
    boundary = "redlineboundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()
    chunk = b"word " * 13_107  # 64 KiB
    sent = 0

    def body():
        nonlocal sent
        yield head
        for _ in range(1016):  # 63.5 MiB, over the 60 MiB limit; no Content-Length, so it is chunked
            sent += len(chunk)
            yield chunk
        yield f"\r\n--{boundary}--\r\n".encode()

    with serving(db) as client:
        try:
            response = client.post("/upload", content=body(),
                                   headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        except httpx.TransportError:  # the server may close the connection as soon as it has answered
            response = None
        if response is not None:
            assert response.status_code == 413, response.text[:200]
        assert client.get("/overview.json").status_code == 200  # the server is fine
    assert api.status(db)["documents"] == 0


def test_upload_names_dot_dot_duplicates_and_control_characters(db):
    api.ingest([], db=db)
    with serving(db) as client:
        dots = client.post("/upload", files=[("files", ("..", ARTICLE, "text/plain"))])
        assert dots.status_code == 200 and dots.json()["new"] == 1
        twice = client.post("/upload", files=[("files", ("same.txt", OTHER, "text/plain")),
                                              ("files", ("same.txt", ARTICLE + b" Again.", "text/plain"))])
        assert twice.status_code == 200 and twice.json()["new"] == 2  # neither is lost
        forged = "evil\n/x/real.txt: forged [E999]\x1b[2K.txt"
        bad = client.post("/upload", files=[("files", (forged, b"", "text/plain"))]).json()
        [line] = bad["errors"]
        assert "\n" not in line and "\x1b" not in line and "[E101]" in line
    names = {d["doc_name"] for d in api.list_documents(db)["documents"]}
    assert names == {"upload-1", "same.txt"}
    assert upload_name("..\\..\\win.txt", 0) == "win.txt" and upload_name("a/\x00b.txt", 0) == "b.txt"
    assert len(upload_name("é" * 300, 0).encode()) <= 200


def test_token_compared_as_bytes_scheme_in_any_case_no_raw_token_in_the_cookie(db):
    api.ingest([], db=db)
    token = "sécret-ключ"
    with serving(db, args=("--token", token)) as client:
        for given in ("Bearer wrong", "Bearer \u00e9\u00e9", "Bearer", "Basic Zm9v"):
            assert client.get("/overview.json", headers={"Authorization": given.encode()}).status_code == 401
        assert client.get("/overview.json", headers={"Authorization": f"bearer {token}".encode()}).status_code == 200
        assert client.get("/overview.json", headers={"Authorization": f"BEARER {token}".encode()}).status_code == 200
        assert client.get("/overview.json", params={"token": "ключ"}).status_code == 401
        first = client.get("/overview.json", params={"token": token})
        assert first.status_code == 200
        cookie = first.headers["set-cookie"]
        assert token not in cookie and httpx.QueryParams({"t": token}).get("t") not in cookie
        assert "HttpOnly" in cookie and "Secure" not in cookie  # plain HTTP
        value = first.cookies[COOKIE]
        client.cookies.clear()
        assert client.get("/overview.json", headers={"Cookie": f"{COOKIE}={value}"}).status_code == 200
        assert client.get("/overview.json", headers={"Cookie": f"redline_token={token}".encode()}).status_code == 401
        assert client.get("/overview.json", headers={"Cookie": f"{COOKIE}={'0' * 64}"}).status_code == 401


def test_the_cookie_is_secure_over_tls(tmp_path):
    client = TestClient(create_app(str(tmp_path / "tls.db"), token="abc"), base_url="https://127.0.0.1")
    response = client.get("/overview.json?token=abc")
    assert response.status_code == 200 and "; Secure" in response.headers["set-cookie"]

