"""The dashboard in a real browser: Playwright driving Debian's Chromium against a real server."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("REDLINE_CHROMIUM", "/usr/bin/chromium")
if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) for the browser tests",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from redline import api
    from redline.web.app import create_app

    from ..conftest import EXAMPLES

    db = str(tmp_path_factory.mktemp("browser") / "b.db")
    api.ingest([EXAMPLES], db=db)
    port = _free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def page(server):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        # the dashboard works offline: block anything that is not this server
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server)
                      else route.abort())
        yield context.new_page()
        browser.close()


def test_overview_party_and_document(server, page):
    page.goto(f"{server}/overview")
    assert "State of the talks" in page.content()
    page.locator("#matrix a.party", has_text="Russia").first.click()
    page.wait_for_url("**/parties/Russia")
    assert page.locator("h1").inner_text() == "Russia"
    page.locator("table a[href^='/documents/']").first.click()
    page.wait_for_load_state()
    marks = page.locator("#text mark")
    assert marks.count() > 5  # the extractions are highlighted
    assert page.locator("#text mark.x-mention").count() > 0


def test_timeline_filters(server, page):
    page.goto(f"{server}/timeline")
    page.select_option("select[name=type]", "CONSULT")
    with page.expect_navigation():
        page.click("main form button")
    assert "type=CONSULT" in page.url
    types = page.locator("td span.tag").all_inner_texts()
    assert types and set(types) == {"CONSULT"}


def _upload(server: str, page, path: Path) -> None:
    page.goto(f"{server}/upload")
    page.set_input_files("#files", str(path))
    page.click("#upload button")
    page.wait_for_function("() => document.getElementById('status').textContent.includes('new')")


def test_upload_with_progress(server, page, tmp_path):
    article = tmp_path / "uploaded.txt"
    article.write_text("Umerov meets Witkoff in Miami\n\nUkraine's Rustem Umerov met US envoy Steve Witkoff in Miami "
                       "on Thursday, December 4, for talks on the peace plan.", encoding="utf-8")
    _upload(server, page, article)
    assert "1 new" in page.locator("#status").inner_text()
    assert page.locator("#progress").get_attribute("value") == "100"


def test_script_in_an_article_stays_inert(server, page, tmp_path):
    evil = tmp_path / "evil.txt"
    evil.write_text("Kremlin statement\n\nPeskov said the talks were useful <script>window.pwned = 1</script> "
                    "<img src=x onerror=\"window.pwned = 2\"> in Moscow on Tuesday.", encoding="utf-8")
    _upload(server, page, evil)
    page.goto(f"{server}/search?q=pwned")
    page.locator("a[href^='/documents/']").first.click()
    page.wait_for_load_state()
    assert page.evaluate("window.pwned === undefined")
    assert "<script>window.pwned" in page.locator("#text").inner_text()  # shown as text


def test_interactive_api_docs_work_offline(server, page):
    """Swagger UI at /docs renders the operations with every request outside this server blocked."""
    outside: list[str] = []
    page.on("requestfailed", lambda request: outside.append(request.url))
    page.goto(f"{server}/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/overview" in p for p in paths) and any("/documents/" in p for p in paths)
    assert outside == []


@pytest.fixture
def other_site(tmp_path):
    """A page served from another local port: another origin, as a hostile site would be."""
    import functools
    import http.server

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", _free_port()), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_another_site_can_neither_post_to_nor_frame_the_dashboard(server, page, other_site):
    import httpx

    folder, origin = other_site
    (folder / "evil.html").write_text(f"""<!doctype html><html><body>
<iframe id="f" src="{server}/overview"></iframe>
<script>
const data = new FormData();
data.append("files", new Blob(["Crosssitemarker said on Monday that the talks were over."]), "csrf.txt");
fetch("{server}/upload", {{method: "POST", body: data, mode: "no-cors"}})
  .then(() => {{ document.title = "sent"; }}, () => {{ document.title = "sent"; }});
</script></body></html>""", encoding="utf-8")
    context = page.context.browser.new_context()  # no route: the other site's page loads
    try:
        evil = context.new_page()
        evil.goto(f"{origin}/evil.html")
        evil.wait_for_function("() => document.title === 'sent'", timeout=15_000)
        evil.wait_for_timeout(500)
        framed = [f for f in evil.frames if f != evil.main_frame]
        assert framed and not framed[0].url.startswith(server)  # Chromium refused to show it framed
    finally:
        context.close()
    found = httpx.get(f"{server}/search.json", params={"q": "Crosssitemarker"}).json()
    assert found["documents"]["total"] == 0, found
