"""Articles written for the watch tests, a loopback HTTP server for feeds and webhooks."""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

# (file name, day, outlet, text): each fires the rules of SIGNALS named in EXPECTED
ARTICLES = {
    "geneva": ("2025-06-02", "alpha.example", "Ukrainian and American negotiators met in Geneva on Monday, June 2, "
               "to discuss the terms of a settlement. Rustem Umerov said the talks had been constructive."),
    "lavrov": ("2025-06-03", "beta.example", "Sergei Lavrov said on Tuesday, June 3, that a cap of 600,000 troops "
               "on Ukraine's army was the least Moscow would accept."),
    "moscow": ("2025-06-05", "gamma.example", "US envoy Steve Witkoff met Vladimir Putin in Moscow on Thursday, "
               "June 5, for five hours of talks."),
}
SIGNALS = """
signals:
  - name: us-ukraine-talks
    kind: event
    types: [CONSULT]
    parties: [United States, Ukraine]
  - name: us-russia-talks
    kind: event
    types: [CONSULT]
    parties: [United States, Russia]
  - name: army-cap-under-800k
    kind: threshold
    issue: military_cap
    unit: people
    below: 800000
  - name: lavrov-speaks
    kind: statement
    person: Sergei Lavrov
"""
EXPECTED = {"geneva": {"us-ukraine-talks"}, "lavrov": {"army-cap-under-800k", "lavrov-speaks"},
            "moscow": {"us-russia-talks"}}


def news_json(name: str, day: str, outlet: str, text: str, path: str = "news/") -> str:
    """One article as a news-please record: its title is the text up to the first comma."""
    return json.dumps({"url": f"https://{outlet}/{path}{name}", "title": text.split(",")[0],
                       "date_publish": f"{day} 10:00:00", "source_domain": outlet, "language": "en",
                       "maintext": text}, ensure_ascii=False)


def article_json(name: str) -> str:
    return news_json(name, *ARTICLES[name])


def write_articles(folder, articles: dict[str, tuple[str, str, str]], path: str = "") -> None:
    """Each (day, outlet, text) as `name.json` in FOLDER."""
    for name, (day, outlet, text) in articles.items():
        (folder / f"{name}.json").write_text(news_json(name, day, outlet, text, path), encoding="utf-8")


def feed(names: list[str]) -> str:
    items = []
    for name in names:
        day, outlet, text = ARTICLES[name]
        when = format_datetime(datetime.fromisoformat(day).replace(hour=10, tzinfo=UTC), usegmt=True)
        items.append(f"<item><title>{escape(text.split(',')[0])}</title><link>https://{outlet}/news/{name}</link>"
                     f"<pubDate>{when}</pubDate><description>{escape('<p>' + text + '</p>')}</description></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Test wire</title>'
            '<link>https://wire.example/</link><description>talks</description><language>en</language>'
            + "".join(items) + "</channel></rss>")


class Loopback:
    """A loopback HTTP server: GET serves `pages` (path -> text, 404 otherwise), POST is recorded."""

    def __init__(self):
        self.pages: dict[str, str] = {}
        self.posts: list[dict] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                body = owner.pages.get(self.path)
                if body is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                data = body.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                owner.posts.append(json.loads(self.rfile.read(length)))
                self.send_response(204)
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"


@contextmanager
def loopback():
    server = Loopback()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
