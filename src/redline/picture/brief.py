"""The briefing: the state of the talks, the position matrix, what moved, the timeline, the sticking
points, contradictions and the sources, every item keyed to its evidence."""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import cache

from sqlalchemy.engine import Connection

from redline.clean.lexicon import load as load_lexicon
from redline.picture.contradictions import find_contradictions
from redline.picture.reports import Store
from redline.picture.sources import compare_sources
from redline.picture.timeline import build_timeline, claims_by_doc
from redline.picture.tracker import tracker_rows

MAX_PARTIES = 12
MAX_EVENTS = 40


@cache
def labels() -> dict:
    return load_lexicon("labels")


def event_label(etype: str) -> str:
    return labels()["events"].get(etype, etype.lower())


def issue_label(store: Store, issue: str) -> str:
    known = store.scenario.issues.get(issue)
    return known.label if known else issue.replace("_", " ")


def build_brief(conn: Connection, store: Store, *, as_of: date | None = None, since: date | None = None) -> dict:
    """Everything the briefing shows, as plain data (the renderers only lay it out)."""
    as_of_day = as_of or store.latest or date.today()
    docs = [d for d in store.docs.values() if as_of is None or (d.published and d.published <= as_of)]
    rows = tracker_rows(store, as_of=as_of, since=since)
    timeline = build_timeline(store, as_of)
    numbers = claims_by_doc(store)
    events = timeline
    if since:
        events = [e for e in timeline if (e.date or "") >= since.isoformat()
                  or any(r.evidence.doc.published and r.evidence.doc.published > since for r in e.reports)]
    contradictions = find_contradictions(conn, store)
    if as_of:
        contradictions = [c for c in contradictions
                          if all((e["published"] or "") <= as_of.isoformat() for e in c["evidence"])]
    sources = compare_sources(store, timeline)

    evidence: dict[str, dict] = {}

    def cite(ev: dict) -> str:
        key = f"ev-{ev['id']}-{ev['start']}"
        evidence.setdefault(key, ev)
        return key

    weight = Counter()
    for r in rows:
        weight[r["party"]] += r["n"]
    parties = [p for p, _ in weight.most_common(MAX_PARTIES)]
    issue_ids = [i for i in store.scenario.issues if any(r["issue"] == i for r in rows)]
    cells: dict[str, dict[str, dict]] = {p: {} for p in parties}
    for r in rows:
        if r["party"] in cells:
            latest = r["history"][-3:]
            cells[r["party"]][r["issue"]] = {
                "stance": r["stance"], "position": r["position"], "support": r["support"], "n": r["n"],
                "last_date": r["last_date"], "evidence": [cite(h["evidence"]) for h in latest]}
    moved = []
    for r in rows:
        if r.get("moved"):
            before = r["before"]
            moved.append({"party": r["party"], "issue": r["issue"], "from": before["stance"] if before else None,
                          "to": r["stance"], "position_from": before["position"] if before else None,
                          "position_to": r["position"], "moved_by": r["moved_by"],
                          "evidence": [cite(h["evidence"]) for h in r["history"]
                                       if h["date"] and since and h["date"] > since.isoformat()][-3:]})
    sticking = sticking_points(store, rows, parties, cite)
    picked = sorted(events, key=lambda e: (-len(e.docs), e.date or ""))[:MAX_EVENTS]
    shown = sorted((e.as_dict(numbers) for e in picked), key=lambda e: (e["date"] or "9999", e["type"]))
    for e in shown:
        e["evidence"] = [cite(r) for r in e["reports"][:4]]
    for c in contradictions:
        c["evidence_keys"] = [cite(e) for e in c["evidence"]]
    outlets = {d.outlet for d in docs if d.outlet}
    languages = {d.language for d in docs if d.language}
    days = sorted(d.published for d in docs if d.published)
    brief = {
        "scenario": store.scenario.name,
        "as_of": as_of_day.isoformat(),
        "since": since.isoformat() if since else None,
        "corpus": {"documents": len(docs), "outlets": len(outlets), "languages": sorted(languages),
                   "first": days[0].isoformat() if days else None, "last": days[-1].isoformat() if days else None},
        "parties": parties,
        # the role of each party's side where the pack gives one (mediator, guarantor, observer)
        "roles": {p: role for p in parties if (role := store.scenario.roles.get(store.scenario.side_of(p) or ""))
                  and role != "party"},
        "issues": [{"id": i, "label": issue_label(store, i),
                    "proposition": store.scenario.issues[i].proposition} for i in issue_ids],
        "matrix": cells,
        "moved": moved,
        "timeline": shown,
        "n_events": len(events),
        "sticking_points": sticking,
        "contradictions": contradictions,
        "sources": sources,
        "media_sides": list(store.scenario.media),
    }
    from redline.watch.brief import sections  # the watch list, red lines, commitments

    brief.update(sections(conn, store, cite, as_of=as_of, since=since))
    brief["top_line"] = top_line(brief, store)
    brief["evidence"] = evidence
    return brief


def sticking_points(store: Store, rows: list[dict], parties: list[str], cite) -> list[dict]:
    """Issues where the parties' positions lie furthest apart, weighted by how much evidence each has. A mediator's
    or an observer's position is no side of a dispute: only the parties at the table count (all, when the pack's
    `sides` give no roles)."""
    out = []
    scenario = store.scenario
    brokers = {p for side, role in scenario.roles.items() if role != "party" for p in scenario.sides.get(side, [])}
    for issue in store.scenario.issues:
        held = [r for r in rows if r["issue"] == issue and r["party"] in parties and r["position"] is not None
                and r["party"] not in brokers]
        if len(held) < 2:
            continue
        hi = max(held, key=lambda r: (r["position"], r["n"]))
        lo = min(held, key=lambda r: (r["position"], -r["n"]))
        gap = hi["position"] - lo["position"]
        if gap < 50:
            continue
        weight = min(hi["n"], lo["n"])
        out.append({"issue": issue, "label": issue_label(store, issue), "gap": round(gap, 1),
                    "weight": round(gap * (1 + weight) ** 0.5, 1),
                    "high": {"party": hi["party"], "stance": hi["stance"], "position": hi["position"]},
                    "low": {"party": lo["party"], "stance": lo["stance"], "position": lo["position"]},
                    "for": sorted(r["party"] for r in held if r["stance"] == "for"),
                    "against": sorted(r["party"] for r in held if r["stance"] == "against"),
                    "conditional": sorted(r["party"] for r in held if r["stance"] == "conditional"),
                    "evidence": [cite(hi["history"][-1]["evidence"]), cite(lo["history"][-1]["evidence"])]})
    out.sort(key=lambda s: -s["weight"])
    return out


def top_line(brief: dict, store: Store) -> list[str]:
    """A few sentences on the state of the talks, each built from the figures below it."""
    c = brief["corpus"]
    lines = [f"As of {brief['as_of']}: {c['documents']} documents from {c['outlets']} outlets in "
             f"{len(c['languages'])} languages" + (f", {c['first']} to {c['last']}." if c["first"] else ".")]
    dated = [e for e in brief["timeline"] if e["date"] and len(e["date"]) == 10]
    if dated:
        # the latest event told by two or more sources, else the latest
        told = [e for e in dated if len(e["sources"]) > 1] or dated
        main = max(told, key=lambda e: (e["date"], len(e["sources"])))
        linker = "between" if len(main["parties"]) > 1 else "by"
        lines.append(f"Latest: {event_label(main['type'])} {linker} {_and(main['parties'])}"
                     + (f" in {main['location']}" if main["location"] else "")
                     + f" on {main['date']} ({len(main['sources'])} source{'s' if len(main['sources']) != 1 else ''}).")
    if brief["sticking_points"]:
        top = brief["sticking_points"][:2]
        parts = [f"{s['label']} ({s['high']['party']} {s['high']['stance']}, {s['low']['party']} {s['low']['stance']})"
                 for s in top]
        lines.append(f"Furthest apart on {' and on '.join(parts)}; the blocking issue is {top[0]['label']}.")
    if brief["since"]:
        n = len(brief["moved"])
        lines.append(f"Since {brief['since']}: {n} position{'s' if n != 1 else ''} moved"
                     + (f", among them {brief['moved'][0]['party']} to {brief['moved'][0]['to']} on "
                        f"{issue_label(store, brief['moved'][0]['issue'])}." if n else "."))
    if brief["contradictions"]:
        kinds = Counter(x["kind"] for x in brief["contradictions"])
        lines.append("Contradictions found: " + ", ".join(f"{n} {labels()['contradictions'].get(k, k)}"
                                                         for k, n in kinds.most_common()) + ".")
    return lines


def _and(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items) or "unnamed parties"
    return ", ".join(items[:-1]) + " and " + items[-1]
