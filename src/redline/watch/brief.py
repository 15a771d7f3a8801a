"""The briefing's sections on the watch list, red lines and commitments, as plain data with evidence keys."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy.engine import Connection

from redline.picture.reports import Store
from redline.store import alerts as aq
from redline.watch.commitments import track
from redline.watch.redlines import matrix

MAX_ALERTS = 20


def sections(conn: Connection, store: Store, cite: Callable[[dict], str], *, as_of: date | None = None,
             since: date | None = None) -> dict:
    """What moved on the watch list (alerts after `since`, up to `as_of`), red lines and the proposals that
    cross them, commitments with their status."""
    until = as_of.isoformat() if as_of else None
    alerts = [a for a in aq.list_alerts(conn, since=since.isoformat() if since else None, limit=500)
              if until is None or (a["day"] or "") <= until]
    alerts = sorted(alerts, key=lambda a: a["day"] or "", reverse=True)[:MAX_ALERTS]
    watch = [{"rule": a["rule"], "kind": a["kind"], "day": a["day"], "summary": a["summary"],
              "evidence": [cite({"outlet": None, "published": None, **e}) for e in a["evidence"][:3] if "id" in e]}
             for a in alerts]
    texts = aq.doc_texts(conn, list(store.docs))
    data = matrix(store, texts)
    red_lines = [{"party": line["party"], "issue": line["issue"], "stance": line["stance"], "date": line["date"],
                  "cues": line["cues"], "evidence": [cite(e) for e in line["evidence"][:2]]}
                 for held in data["red_lines"].values() for line in held
                 if until is None or (line["date"] or "") <= until]
    crossed = [{"proposal": name, "party": party, "issue": c["issue"], "term": c["term"], "red_line": c["red_line"],
                "numbers": c["numbers"], "evidence": [cite(e) for e in (c["term_evidence"][:1] + c["red_line_evidence"][:1])]}
               for name, row in data["matrix"].items() for party, cell in row.items() for c in cell]
    commitments = [{"issues": c["issues"], "date": c["date"], "parties": c["parties"], "status": c["status"],
                    "terms": c["terms"], "evidence": [cite(e) for e in c["evidence"][:1]],
                    "later": {k: [cite(e) for e in c[k][:2]] for k in ("fulfilled", "partly", "violated", "denied")
                              if c[k]}}
                   for c in track(store, texts) if until is None or (c["date"] or "") <= until]
    return {"watch_list": watch, "red_lines": red_lines, "red_lines_crossed": crossed, "commitments": commitments}
