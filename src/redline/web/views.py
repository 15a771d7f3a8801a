"""What each page shows, as plain data built from `redline.api` (the HTML and JSON twins share it)."""

from __future__ import annotations

import threading
from datetime import date

from markupsafe import Markup, escape
from sqlalchemy import func, or_, select

from redline import api
from redline.store import Store
from redline.store import packs as pq
from redline.store.schema import documents, ingest_runs, model_runs, statements

PER_PAGE = 50


class PictureCache:
    """The cross-document views, rebuilt only when the store changes (new documents or model runs)."""

    def __init__(self, store: Store):
        self.store = store
        self._lock = threading.RLock()  # a view builds on the picture under the same lock
        self._key = None
        self._values: dict[str, object] = {}

    def version(self) -> tuple:
        with self.store.engine.connect() as conn:
            return (conn.execute(select(func.count()).select_from(documents)).scalar_one(),
                    conn.execute(select(func.max(ingest_runs.c.id))).scalar(),
                    conn.execute(select(func.max(model_runs.c.id))).scalar(),
                    pq.generation(conn))  # a re-extraction changes the records, not the documents

    def _get(self, name: str, build):
        key = self.version()
        with self._lock:
            if key != self._key:
                self._values, self._key = {}, key
            if name not in self._values:
                self._values[name] = build()
            return self._values[name]

    def picture(self):
        """The store's records, read once for all the views below."""
        from redline.session import Redline

        return self._get("picture", lambda: Redline(self.store).picture())

    def brief(self) -> dict:
        from redline.picture.brief import build_brief

        def build() -> dict:
            with self.store.engine.connect() as conn:
                return build_brief(conn, self.picture())

        return self._get("brief", build)

    def tracker(self) -> list[dict]:
        from redline.picture.tracker import tracker_rows

        return self._get("tracker", lambda: tracker_rows(self.picture()))

    def timeline(self) -> list[dict]:
        from redline.picture.timeline import build_timeline, claims_by_doc

        def build() -> list[dict]:
            picture = self.picture()
            numbers = claims_by_doc(picture)
            return [e.as_dict(numbers) for e in build_timeline(picture)]

        return self._get("timeline", build)


def page(items: list, number: int, per_page: int = PER_PAGE) -> dict:
    number = max(1, number)
    per_page = max(1, min(per_page, 500))
    start = (number - 1) * per_page
    return {"items": items[start:start + per_page], "page": number, "per_page": per_page, "total": len(items),
            "pages": max(1, -(-len(items) // per_page))}


def overview(cache: PictureCache, since: date | None) -> dict:
    brief = cache.brief()
    data = {k: brief[k] for k in ("scenario", "as_of", "corpus", "top_line", "parties", "issues", "matrix",
                                  "sticking_points")}
    latest = sorted((e for e in brief["timeline"] if e["date"]), key=lambda e: e["date"], reverse=True)[:10]
    data["latest_events"] = latest
    data["evidence"] = brief["evidence"]
    data["since"] = since.isoformat() if since else None
    if since:
        data["moved"] = [{"party": r["party"], "issue": r["issue"], "from": (r["before"] or {}).get("stance"),
                          "to": r["stance"], "position": r["position"], "moved_by": r["moved_by"],
                          "evidence": r["history"][-1]["evidence"]}
                         for r in api.tracker(cache.store, since=since) if r.get("moved")]
    return data


def timeline(cache: PictureCache, *, party: str | None, etype: str | None, start: date | None, end: date | None,
             number: int, per_page: int) -> dict:
    events = cache.timeline()
    if party:
        events = [e for e in events if party in e["parties"] or party in e["actors"]]
    if etype:
        events = [e for e in events if e["type"] == etype.upper()]
    if start:
        events = [e for e in events if (e["reference"] or "") >= start.isoformat()]
    if end:
        events = [e for e in events if (e["reference"] or "9999") <= end.isoformat()]
    types = sorted({e["type"] for e in cache.timeline()})
    return {"filters": {"party": party, "type": etype, "from": start.isoformat() if start else None,
                        "to": end.isoformat() if end else None}, "types": types, **page(events, number, per_page)}


def party_page(cache: PictureCache, name: str) -> dict | None:
    rows = [r for r in cache.tracker() if r["party"] == name]
    events = [e for e in cache.timeline() if name in e["parties"]]
    if not rows and not events:
        return None
    return {"party": name, "stances": rows, "events": events[:100], "model": _model_outcomes(cache.store, party=name)}


def issue_page(cache: PictureCache, issue_id: str) -> dict | None:
    scenario = cache.picture().scenario  # the store's pack
    issue = scenario.issues.get(issue_id)
    if issue is None:
        return None
    rows = [r for r in cache.tracker() if r["issue"] == issue_id]
    return {"issue": issue_id, "label": issue.label, "proposition": issue.proposition,
            "scale": {str(k): v for k, v in sorted(issue.scale.items())}, "stances": rows,
            "model": _model_outcomes(cache.store, issue=issue_id)}


def _model_outcomes(store: Store, *, party: str | None = None, issue: str | None = None) -> dict | None:
    """The latest saved model run: its outcome and Monte Carlo distribution per issue."""
    import json

    with store.engine.connect() as conn:
        row = conn.execute(select(model_runs).where(model_runs.c.method != api.BACKTEST)
                           .order_by(model_runs.c.id.desc()).limit(1)).first()
    if row is None:
        return None
    result = json.loads(row.result)
    mc = (result.get("monte_carlo") or {}).get("issues", {})
    out = {}
    for name, data in result["issues"].items():
        if issue and name != issue:
            continue
        if party and party not in data["rounds"][0]["positions"]:
            continue
        out[name] = {"outcome": data.get("outcome"), "distribution": mc.get(name),
                     "start": data["rounds"][0]["positions"].get(party) if party else None}
    from redline.models.backtest import score_line

    return {"run_id": row.id, "method": row.method, "created_at": row.created_at, "issues": out,
            "forecast_score": score_line(api.latest_backtest(store, method=row.method))}


KINDS = ("mention", "statement", "position", "event", "claim")


def document_page(store: Store, ref: str) -> dict:
    doc = api.get_document(ref, store)
    spans = [(r["start"], r["end"], kind) for kind in KINDS for r in doc.get(kind + "s", [])]
    spans += [(r["start"], r["end"], "removed") for r in doc.get("removed", [])]
    doc["highlighted"] = highlight(doc["text"], spans)
    with store.engine.connect() as conn:
        twins = conn.execute(select(documents.c.id, documents.c.doc_name, documents.c.outlet)
                             .where(documents.c.cluster_id == doc["cluster_id"], documents.c.id != doc["id"])).all()
    doc["near_duplicates"] = [{"id": t.id, "doc": t.doc_name, "outlet": t.outlet} for t in twins]
    return doc


def highlight(text: str, spans: list[tuple[int, int, str]]) -> Markup:
    """The text with each extraction span wrapped in <mark>; every character of the text is escaped."""
    cuts = sorted({0, len(text)} | {a for a, _, _ in spans} | {b for _, b, _ in spans})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        kinds = sorted({k for s, e, k in spans if s <= a and b <= e})
        piece = escape(text[a:b])
        if kinds:
            out.append(Markup('<mark id="at-{}" class="{}" data-kinds="{}">{}</mark>').format(
                a, " ".join(f"x-{k}" for k in kinds), " ".join(kinds), piece))
        else:
            out.append(piece)
    return Markup("").join(out)


def search(store: Store, q: str, number: int, per_page: int) -> dict:
    q = q.strip()
    if not q:
        return {"q": q, "documents": page([], 1, per_page), "statements": page([], 1, per_page)}
    like = f"%{q}%"
    with store.engine.connect() as conn:
        docs = [{"id": r.id, "doc": r.doc_name, "title": r.title, "outlet": r.outlet, "published": r.published}
                for r in conn.execute(select(documents.c.id, documents.c.doc_name, documents.c.title,
                                             documents.c.outlet, documents.c.published)
                                      .where(or_(documents.c.title.like(like), documents.c.text.like(like)))
                                      .order_by(documents.c.published.desc()).limit(1000))]
        said = [{"doc_id": r.doc_id, "speaker": r.speaker, "text": r.text, "start": r.start, "end": r.end}
                for r in conn.execute(select(statements.c.doc_id, statements.c.speaker, statements.c.text,
                                             statements.c.start, statements.c.end)
                                      .where(or_(statements.c.text.like(like), statements.c.speaker.like(like)))
                                      .limit(1000))]
    return {"q": q, "documents": page(docs, number, per_page), "statements": page(said, number, per_page)}
