"""Contradictions and consistency, each finding listed with the spans it stands on:

- `numbers`: numeric claims about the same thing, published within a day of each other, that disagree;
- `reports`: a party's stance as another actor reports it, against the party's own stance nearby in time;
- `stances`: sources that give the same party opposite stances on an issue within a week;
- `inside`: numbers that contradict each other inside one article (a cap above the size it limits);
- `dated_fact`: what is wrong for its date where the scenario knows the dates of offices (a sitting
  president called "former", an office named after its holder left it).
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from datetime import timedelta
from functools import cache

from rapidfuzz import fuzz
from sqlalchemy import case, func, select
from sqlalchemy.engine import Connection

from redline.clean.lexicon import load as load_lexicon
from redline.picture.reports import Evidence, Store
from redline.store.schema import documents, mentions

OPPOSITE = {("for", "against"), ("against", "for")}
NUMERIC_UNITS = {"points", "people", "EUR", "USD", "percent", "km"}


def _finding(kind: str, summary: str, spans: list[Evidence], **extra) -> dict:
    return {"kind": kind, "summary": summary, "evidence": [e.as_dict() for e in spans], **extra}


def numbers(store: Store) -> list[dict]:
    """The same measure of the same thing told differently by sources of the same days."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in store.claims:
        if c["unit"] in NUMERIC_UNITS and c["issue"] and c["doc"].published:
            groups[(c["unit"], c["issue"])].append(c)
    out = []
    for (unit, issue), claims in groups.items():
        claims.sort(key=lambda c: (c["doc"].published, c["value"]))
        seen = set()
        for i, a in enumerate(claims):
            for b in claims[i + 1:]:
                if (b["doc"].published - a["doc"].published) > timedelta(days=1):
                    break
                if a["doc"].id == b["doc"].id or abs(a["value"] - b["value"]) <= 0.005 * max(a["value"], b["value"]):
                    continue
                # the same thing: what follows the number reads alike ("28-point plan", "27-point plan")
                if fuzz.token_set_ratio(_head(a["about"]), _head(b["about"])) < 70:
                    continue
                key = (a["doc"].id, b["doc"].id, a["value"], b["value"])
                if key in seen:
                    continue
                seen.add(key)
                out.append(_finding(
                    "numbers", f"{_num(a['value'])} against {_num(b['value'])} {unit} on {issue.replace('_', ' ')}, "
                    f"{a['doc'].name} and {b['doc'].name}", [a["evidence"], b["evidence"]], unit=unit, issue=issue,
                    values=[a["value"], b["value"]]))
    return out


def _head(about: str | None) -> str:
    words = re.sub(r"[\d.,€$%]+", " ", about or "").split()
    return " ".join(words[:3]).lower()


def _num(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def stances(store: Store) -> list[dict]:
    """Opposite stances of one party on one issue within a week, in different documents. Each finding
    is the minority side (the fewer documents) against the majority: a report that the party's own
    words contradict (`reports`), or a source at odds with the others (`stances`)."""
    by_key: dict[tuple[str, str], dict[tuple[str, str], dict]] = defaultdict(dict)
    for p in store.positions:
        if p["doc"].published and p["stance"] in ("for", "against"):
            # one vote per document and stance: its first evidence
            by_key[(p["party"] or p["actor"], p["issue"])].setdefault((p["doc"].id, p["stance"]), p)
    out = []
    for (party, issue), votes in by_key.items():
        stances_present = {s for _, s in votes}
        if len(stances_present) < 2:
            continue
        rows = sorted(votes.values(), key=lambda r: r["doc"].published)
        days = {s: [r["doc"].published for r in rows if r["stance"] == s] for s in ("for", "against")}
        for row in rows:
            mine, other = row["stance"], "against" if row["stance"] == "for" else "for"
            day = row["doc"].published

            same = _within(days[mine], day)
            others = _within(days[other], day) - ((row["doc"].id, other) in votes)
            if not others or same > others or (same == others and mine == "for"):
                continue  # the majority, or a tie told once from the `against` side
            against = [o for o in rows if o["stance"] == other and abs((o["doc"].published - day).days) <= 7][:20]
            told = row["reported_by"] and store.scenario.party_of(row["reported_by"]) != party
            own = [o for o in against if not o["reported_by"]]
            kind = "reports" if told and own else "stances"
            who = f"{row['reported_by']} has {party}" if told else f"{row['doc'].name} has {party}"
            summary = (f"{who} {mine} {issue.replace('_', ' ')}, while {others} other source"
                       f"{'s' if others != 1 else ''} within a week {'say' if others != 1 else 'says'} {other}")
            spans = [row["evidence"]] + [o["evidence"] for o in (own or against)[:3]]
            out.append(_finding(kind, summary, spans, party=party, issue=issue))
    return out


def _within(days: list, day, week: timedelta = timedelta(days=7)) -> int:
    """How many of the sorted days lie within a week of `day`."""
    return bisect.bisect_right(days, day + week) - bisect.bisect_left(days, day - week)


@cache
def _consistency() -> dict:
    return load_lexicon("consistency")


def inside(conn: Connection, store: Store) -> list[dict]:
    """A limit said to be above the size it limits, in one article."""
    spec = _consistency()
    cap, size = re.compile(spec["cap"], re.I), re.compile(spec["size"], re.I)
    subject = re.compile(spec["subject"], re.I)
    per_doc: dict[str, list[dict]] = defaultdict(list)
    for c in store.claims:
        if c["unit"] == "people":
            per_doc[c["doc_id"]].append(c)
    out = []
    for doc_id, claims in per_doc.items():
        if len(claims) < 2:
            continue
        text = conn.execute(select(documents.c.text).where(documents.c.id == doc_id)).scalar_one()
        caps, sizes = [], []
        for c in claims:
            before = text[max(0, c["start"] - 60) : c["start"]]
            around = text[max(0, c["start"] - 120) : c["end"] + 80]
            if not subject.search(around):
                continue
            if cap.search(before):
                caps.append(c)
            elif size.search(around):
                sizes.append(c)
        for a in caps:
            for b in sizes:
                if a["value"] > b["value"]:
                    out.append(_finding(
                        "inside", f"a cap of {_num(a['value'])} is above the size of {_num(b['value'])} it is said "
                        f"to limit, in {a['doc'].name}", [a["evidence"], b["evidence"]]))
    return out


def dated_facts(conn: Connection, store: Store) -> list[dict]:
    """Offices wrong for the date of the article, where the scenario dates them."""
    scenario = store.scenario
    dated = {name: a for name, a in scenario.actors.items() if a.is_person and a.roles}
    if not dated:
        return []
    rows = conn.execute(
        select(mentions.c.doc_id, mentions.c.actor, mentions.c.start, mentions.c.end,
               func.substr(documents.c.text, case((mentions.c.start > 60, mentions.c.start - 59), else_=1),
                           case((mentions.c.start < 60, mentions.c.start), else_=60)).label("before"),
               func.substr(documents.c.text, mentions.c.end + 1, 60).label("after"))
        .join(documents, documents.c.id == mentions.c.doc_id)
        .where(mentions.c.actor.in_(list(dated)))
    )
    out, seen = [], set()
    for r in rows:
        doc = store.docs.get(r.doc_id)
        if doc is None or doc.published is None:
            continue
        day = doc.published.isoformat()
        actor = dated[r.actor]
        before, after = (r.before or "").lower(), (r.after or "").lower()
        evidence = Evidence(doc, max(0, r.start - 60), r.end, re.sub(r"\s+", " ", (r.before or "") + r.actor))
        for role in actor.roles:
            names = role.names()
            if role.holds(day):
                # "former President X" while X is president
                hit = re.search(r"\bformer\s+((?:[\w.-]+\s+){0,3})$", before)
                if hit and any(hit.group(1).strip().endswith(n) or not hit.group(1).strip() for n in names):
                    key = ("former", doc.id, actor.name)
                    if key not in seen:
                        seen.add(key)
                        out.append(_finding("dated_fact", f"{actor.name} is called former {hit.group(1).strip()} in "
                                            f"{doc.name} ({day}), while {role.role} since {role.start}", [evidence]))
            elif role.end and role.end < day:
                near = before[-45:] + " " + after[:45]
                named = next((n for n in names if n in near), None)
                if named and "former" not in near and not any(r2.holds(day) and named in r2.names()
                                                               for r2 in actor.roles):
                    key = ("ended", doc.id, actor.name, role.role)
                    if key not in seen:
                        seen.add(key)
                        out.append(_finding("dated_fact", f"{actor.name} is called {named} in {doc.name} ({day}), "
                                            f"but left that office on {role.end}", [evidence]))
    return out


def find_contradictions(conn: Connection, store: Store) -> list[dict]:
    return numbers(store) + stances(store) + inside(conn, store) + dated_facts(conn, store)
