"""`--url` against a local HTTP server (never the network)."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from redline import api

from .conftest import EXAMPLES


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(EXAMPLES)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_a_page_and_report_a_missing_one(server, db):
    report = api.ingest(urls=[f"{server}/12_eu_summit_loan.html", f"{server}/missing.html"], db=db)
    assert report.new == 1 and report.failed == 1
    assert "HTTP 404" in report.errors[0]
    [doc] = api.list_documents(db)["documents"]
    assert doc["published"] == "2025-12-19" and doc["outlet"] == "northwire.example"


def test_only_http_urls(db):
    report = api.ingest(urls=["file:///etc/passwd"], db=db)
    assert report.failed == 1 and "only http" in report.errors[0]
