"""Evaluate signals on what changed: each rule reads the records of the documents extracted since it last
looked (all documents for a rule new to the store), compares them with the store's history where it must,
and returns its findings as alerts.

An alert's key is the rule's name and the identity of what it found, built from what survives a
re-extraction (a document's content hash and span, the fields of the record, the day), never from row ids:
the same evidence never fires the same rule twice.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy.engine import Connection

from redline.nlp.cues import compile_cue
from redline.picture.reports import Doc, Evidence, parse_day
from redline.picture.tracker import Stance, Track
from redline.scenario import Scenario
from redline.store import alerts as aq
from redline.watch.signals import Signal


def evidence_of(row: dict, text_key: str = "text") -> dict:
    """An evidence span of a stored record, with what identifies it across re-extractions."""
    text = row.get("evidence") if isinstance(row.get("evidence"), str) else row.get(text_key) or ""
    return {"doc": row["doc_name"], "id": row["doc_id"], "content_hash": row["content_hash"], "start": row["start"],
            "end": row["end"], "text": " ".join(text.split()), "outlet": row.get("outlet"),
            "published": row.get("published")}


def _span_id(ev: dict) -> str:
    return f"{ev['content_hash']}:{ev['start']}:{ev['end']}"


WINDOW = 14  # days around the changed documents that a contradiction or a merged event may reach


class Context:
    """One pass over one set of documents: the records read once for all the rules that need them."""

    def __init__(self, conn: Connection, scenario: Scenario, doc_ids: list[str]):
        self.conn, self.scenario, self.doc_ids = conn, scenario, doc_ids
        self._records: dict[str, list[dict]] = {}
        self._history: dict[tuple, list[dict]] = {}
        self._picture = None
        self._timeline = None
        self._contradictions = None

    def records(self, table: str) -> list[dict]:
        if table not in self._records:
            self._records[table] = aq.records_of(self.conn, table, self.doc_ids)
        return self._records[table]

    def history(self, party: str, issue: str) -> list[dict]:
        key = ("positions", party, issue)
        if key not in self._history:
            self._history[key] = aq.positions_on(self.conn, party, issue)
        return self._history[key]

    def track(self, party: str, issue: str) -> Track:
        key = ("track", party, issue)
        if key not in self._history:
            self._history[key] = _track(party, issue, self.history(party, issue))
        return self._history[key]

    def numbers(self, issue: str, unit: str | None) -> list[dict]:
        key = ("claims", issue, unit)
        if key not in self._history:
            self._history[key] = aq.claims_on(self.conn, issue, unit)
        return self._history[key]

    def picture(self):
        """The records of the documents published within WINDOW days of a changed one: contradictions and
        merged events compare reports of nearby days only."""
        if self._picture is None:
            from redline.picture.reports import load

            days = aq.published_days(self.conn, self.doc_ids)
            stretches: list[list[date]] = []
            for day in sorted({d for d in days.values() if d}):
                if stretches and day - timedelta(days=WINDOW) <= stretches[-1][1]:
                    stretches[-1][1] = day + timedelta(days=WINDOW)
                else:
                    stretches.append([day - timedelta(days=WINDOW), day + timedelta(days=WINDOW)])
            undated = [i for i, d in days.items() if not d]
            self._picture = load(self.conn, self.scenario, within=(
                [(a.isoformat(), b.isoformat()) for a, b in stretches], undated))
        return self._picture

    def timeline(self):
        if self._timeline is None:
            from redline.picture.timeline import build_timeline

            self._timeline = build_timeline(self.picture())
        return self._timeline

    def contradictions(self) -> list[dict]:
        if self._contradictions is None:
            from redline.picture.contradictions import find_contradictions

            self._contradictions = find_contradictions(self.conn, self.picture())
        return self._contradictions

    def hashes(self, doc_ids: list[str]) -> dict[str, str]:
        return aq.content_hashes(self.conn, doc_ids)


def alert(signal: Signal, identity: str, summary: str, evidence: list[dict], day: str | None, **data) -> dict:
    key = hashlib.sha256(f"{signal.name}\x1f{identity}".encode()).hexdigest()
    return {"key": key, "rule": signal.name, "kind": signal.kind, "summary": summary, "evidence": evidence,
            "day": day, "data": {"identity": identity, **({"note": signal.note} if signal.note else {}), **data}}


def _party(row: dict) -> str:
    return row.get("party") or row.get("actor") or row.get("speaker") or ""


def _day(value: str | None) -> date | None:
    return parse_day(value)


# --- the seven kinds ---------------------------------------------------------------------------------


def _track(party: str, issue: str, rows: list[dict]) -> Track:
    track = Track(party, issue)
    for r in rows:
        doc = Doc(r["doc_id"], r["doc_name"], r.get("outlet"), r.get("language"), _day(r.get("published")), None,
                  None, None, None)
        track.history.append(Stance(r["stance"], doc.published, r["actor"], r.get("reported_by"), r["confidence"],
                                    Evidence(doc, r["start"], r["end"], r.get("evidence") or "")))
    track.history.sort(key=lambda s: (s.date or date.min, s.evidence.doc.name, s.evidence.start))
    return track


def stance_change(ctx: Context, signal: Signal) -> list[dict]:
    """A party's stance on an issue moved (from and to as given): one alert per move and day."""
    party, issue, want_from, want_to = signal.get("party"), signal.get("issue"), signal.get("from"), signal.get("to")
    out: dict[str, dict] = {}
    states: dict[tuple[str, date], tuple] = {}  # one state per issue and day, however many reports that day
    for p in ctx.records("positions"):
        day = _day(p.get("published"))
        if day is None or _party(p) != party or (issue and p["issue"] != issue) or (want_to and p["stance"] != want_to):
            continue
        history = ctx.history(party, p["issue"])
        scenario_issue = ctx.scenario.issues.get(p["issue"])
        if (p["issue"], day) not in states:
            track = ctx.track(party, p["issue"])
            scale = scenario_issue.scale if scenario_issue else None
            states[(p["issue"], day)] = (track.state(scale, day - timedelta(days=1)), track.state(scale, day))
        before, after = states[(p["issue"], day)]
        if not before or not after or before["stance"] == after["stance"] or after["stance"] != p["stance"]:
            continue
        if want_from and before["stance"] != want_from:
            continue
        identity = f"{party}|{p['issue']}|{before['stance']}|{after['stance']}|{day.isoformat()}"
        found = out.get(identity)
        if found is None:
            earlier = [h for h in history if _day(h.get("published")) and _day(h["published"]) < day
                       and h["stance"] == before["stance"]]
            earlier.sort(key=lambda h: (h["published"], h["doc_name"], h["start"]))
            evidence = [evidence_of(earlier[-1])] if earlier else []
            label = ctx.scenario.issues[p["issue"]].label if scenario_issue else p["issue"]
            found = out[identity] = alert(
                signal, identity, f"{party}'s stance on {label} moved from {before['stance']} to {after['stance']}",
                evidence, day.isoformat(), party=party, issue=p["issue"], **{"from": before["stance"]},
                to=after["stance"])
        found["evidence"].append(evidence_of(p))
    return list(out.values())


def statement(ctx: Context, signal: Signal) -> list[dict]:
    """A new statement by a party or person, on an issue or with given words."""
    party, person, issue = signal.get("party"), signal.get("person"), signal.get("issue")
    words = signal.listed("words")
    pattern = "|".join(re.escape(str(w)) for w in words)
    by_doc: dict[str, list[dict]] = {}
    if issue:
        for p in ctx.records("positions"):
            if p["issue"] == issue:
                by_doc.setdefault(p["doc_id"], []).append(p)
    out = []
    for s in ctx.records("statements"):
        if person and s["speaker"] != person:
            continue
        if party and (s.get("party") or s["speaker"]) != party:
            continue
        if issue and not any(p["start"] < s["end"] and s["start"] < p["end"] for p in by_doc.get(s["doc_id"], [])):
            continue
        if pattern and not compile_cue(pattern, s.get("language"), flags=re.IGNORECASE).search(s["text"] or ""):
            continue
        ev = evidence_of(s)
        out.append(alert(signal, f"{_span_id(ev)}|{s['speaker']}", f"{s['speaker']} said: {ev['text'][:200]}", [ev],
                         s.get("published"), speaker=s["speaker"], party=s.get("party"), issue=issue))
    return out


def event(ctx: Context, signal: Signal) -> list[dict]:
    """An event of given PLOVER types between given parties: one alert per event (type, day, parties)."""
    types, parties, status = set(signal.listed("types")), set(signal.listed("parties")), signal.get("status")
    out: dict[str, dict] = {}
    for e in ctx.records("events"):
        if e["type"] not in types or not parties <= set(e["parties"]) or (status and e["status"] != status):
            continue
        ev = evidence_of(e)
        identity = (f"{e['type']}|{e['date']}|{','.join(sorted(e['parties']))}" if e.get("date")
                    else f"{e['type']}|{_span_id(ev)}")
        found = out.get(identity)
        if found is None:
            found = out[identity] = alert(
                signal, identity, f"{e['type']} between {', '.join(e['parties']) or 'unnamed parties'}"
                + (f" on {e['date']}" if e.get("date") else ""), [], e.get("date") or e.get("published"),
                type=e["type"], parties=e["parties"], date=e.get("date"), status=e["status"])
        found["evidence"].append(ev)
    return list(out.values())


def _with_hashes(ctx: Context, spans: list[dict]) -> list[dict]:
    hashes = ctx.hashes(sorted({s["id"] for s in spans}))
    return [{**s, "content_hash": hashes.get(s["id"], s["id"])} for s in spans]


def contradiction(ctx: Context, signal: Signal) -> list[dict]:
    """A contradiction of a kind that involves a changed document."""
    kinds, changed = set(signal.listed("kinds")), set(ctx.doc_ids)
    out = []
    for c in ctx.contradictions():
        if (kinds and c["kind"] not in kinds) or not any(e["id"] in changed for e in c["evidence"]):
            continue
        spans = _with_hashes(ctx, c["evidence"])
        identity = c["kind"] + "|" + "|".join(sorted(f"{s['content_hash']}:{s['start']}" for s in spans))
        days = sorted(s["published"] for s in spans if s.get("published"))
        out.append(alert(signal, identity, c["summary"], spans, days[-1] if days else None, contradiction=c["kind"]))
    return out


def threshold(ctx: Context, signal: Signal) -> list[dict]:
    """A number on an issue crossing a threshold: beyond it, where the report before it was not."""
    issue, unit, above, below = signal.get("issue"), signal.get("unit"), signal.get("above"), signal.get("below")

    def beyond(value: float) -> bool:
        return (above is not None and value > above) or (below is not None and value < below)

    def order(c: dict) -> tuple:
        return (c.get("published") or "", c["doc_name"], c["start"])

    history = sorted(ctx.numbers(issue, unit), key=order) if any(
        c.get("issue") == issue for c in ctx.records("claims")) else []
    out = []
    for c in ctx.records("claims"):
        if c.get("issue") != issue or (unit and c["unit"] != unit) or not beyond(c["value"]):
            continue
        prior = [h for h in history if order(h) < order(c) and h["unit"] == c["unit"]]
        if prior and beyond(prior[-1]["value"]):
            continue  # already beyond: no crossing
        ev = evidence_of(c)
        limit = f"above {above:,.0f}" if above is not None and c["value"] > above else f"below {below:,.0f}"
        evidence = [evidence_of(prior[-1]), ev] if prior else [ev]
        out.append(alert(signal, f"{_span_id(ev)}|{c['value']:g}|{c['unit']}",
                         f"a number on {issue} went {limit}: {c['value']:,.0f} {c['unit']} ({ev['text'][:80]})",
                         evidence, c.get("published"), issue=issue, value=c["value"], unit=c["unit"],
                         previous=prior[-1]["value"] if prior else None))
    return out


def silence(ctx: Context, signal: Signal) -> list[dict]:
    """A party that has said nothing on an issue for N days, by the newest date in the store."""
    party, issue, days = signal.get("party"), signal.get("issue"), int(signal.get("days"))
    today = _day(aq.latest_day(ctx.conn))
    dated = [h for h in ctx.history(party, issue) if _day(h.get("published"))]
    if today is None or not dated:
        return []
    last = max(dated, key=lambda h: (h["published"], h["doc_name"], h["start"]))
    quiet = (today - _day(last["published"])).days
    if quiet < days:
        return []
    ev = evidence_of(last)
    label = ctx.scenario.issues[issue].label if issue in ctx.scenario.issues else issue
    return [alert(signal, f"{party}|{issue}|{_span_id(ev)}",
                  f"{party} has said nothing on {label} for {quiet} days (last on {last['published']})", [ev],
                  today.isoformat(), party=party, issue=issue, days=quiet, last=last["published"])]


def coverage(ctx: Context, signal: Signal) -> list[dict]:
    """An event of a changed document that only one side's media carry."""
    want_side, types, parties = signal.get("side"), set(signal.listed("types")), set(signal.listed("parties"))
    changed = set(ctx.doc_ids)
    out = []
    for e in ctx.timeline():
        if not any(r.evidence.doc.id in changed for r in e.reports):
            continue
        sides = {r.evidence.doc.side for r in e.reports}
        if len(sides) != 1 or None in sides or (want_side and want_side not in sides):
            continue
        if (types and e.type not in types) or not parties <= set(e.parties):
            continue
        side = sides.pop()
        spans = _with_hashes(ctx, [r.evidence.as_dict() for r in e.reports])
        identity = f"{e.type}|{e.date or ''}|{','.join(sorted(e.parties))}|{side}"
        out.append(alert(signal, identity, f"{e.type} between {', '.join(e.parties) or 'unnamed parties'}"
                         + (f" on {e.date}" if e.date else "") + f" is carried only by {side} media ("
                         + ", ".join(e.docs[:3]) + ")", spans, e.date, type=e.type, parties=e.parties, side=side))
    return out


EVALUATORS: dict[str, Callable[[Context, Signal], list[dict]]] = {
    "stance_change": stance_change, "statement": statement, "event": event, "contradiction": contradiction,
    "threshold": threshold, "silence": silence, "coverage": coverage,
}


def evaluate(conn: Connection, scenario: Scenario, signals: list[Signal], doc_ids: list[str]) -> list[dict]:
    """The alerts the rules find in the given documents (an empty list of documents finds nothing)."""
    if not doc_ids or not signals:
        return []
    ctx = Context(conn, scenario, doc_ids)
    found = []
    for signal in signals:
        found += EVALUATORS[signal.kind](ctx, signal)
    return found
