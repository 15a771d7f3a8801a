"""Commitments: the terms of agreements once reached, tracked against what later articles report.

A commitment is an AGREE event, or a position whose sentence says terms were agreed (`agreed` cues of
`data/commitments.yaml`), on the issues its sentence names, with the numbers in it. Later sentences (in
articles published on or after its day, other than its own) that name one of its issues count:
- as violated: an ACCUSE event, or a `violated` cue;
- as denied: a `denied` cue (a party rejecting an accusation);
- as fulfilled: a `fulfilled` cue; with a number in the commitment's unit below the committed one, partly.
The status: open (nothing later), fulfilled, partly, violated, or disputed (reports on both sides, or an
accusation that is denied). Each side lists its sources, with the outlet's side where the pack says.
"""

from __future__ import annotations

from datetime import date

from redline.picture.reports import Evidence, Store
from redline.watch.text import SENTENCE_END, find, issue_matches, issues_named


def _sentences(store: Store) -> dict[tuple[str, int, int], dict]:
    """Every sentence a record of the store stands in, with the records in it."""
    out: dict[tuple[str, int, int], dict] = {}

    def add(kind: str, row: dict) -> None:
        ev = row["evidence"]
        if kind == "claims":
            return
        key = (ev.doc.id, ev.start, ev.end)
        out.setdefault(key, {"evidence": ev, "events": [], "positions": [], "claims": []})[kind].append(row)

    for kind, rows in (("events", store.events), ("positions", store.positions)):
        for row in rows:
            add(kind, row)
    by_doc: dict[str, list[tuple[int, int, dict]]] = {}
    for (doc_id, a, b), sentence in out.items():
        by_doc.setdefault(doc_id, []).append((a, b, sentence))
    for c in store.claims:
        for a, b, sentence in by_doc.get(c["doc_id"], []):
            if a <= c["start"] and c["end"] <= b:
                sentence["claims"].append(c)
    return out


def _issues(store: Store, sentence: dict) -> set[str]:
    ev = sentence["evidence"]
    return {p["issue"] for p in sentence["positions"]} | issues_named(store.scenario, ev.text, ev.doc.language)


def _cue(sentence: dict, part: str) -> str | None:
    cues = sentence.setdefault("cues", {})
    if part not in cues:
        ev = sentence["evidence"]
        cues[part] = find("commitments", ev.doc.language, ev.text, part)
    return cues[part]


def _parties(sentence: dict) -> list[str]:
    parties: list[str] = []
    for e in sentence["events"]:
        parties += e["parties"]
    for p in sentence["positions"]:
        parties.append(p["party"] or p["actor"])
    return list(dict.fromkeys(parties))


def _terms(sentences: dict, store: Store) -> list[dict]:
    found: dict[tuple, dict] = {}
    meetings: dict[str, list[dict]] = {}
    for e in store.events:
        meetings.setdefault(e["doc_id"], []).append(e)
    for sentence in sentences.values():
        ev = sentence["evidence"]
        agreed = [e for e in sentence["events"] if e["type"] == "AGREE" and e["status"] == "happened"]
        cue = find("commitments", ev.doc.language, ev.text, "agreed")
        if not agreed and not (cue and sentence["positions"]):
            continue
        issues = _issues(store, sentence)
        if not issues:
            continue
        day = next((e["date"] for e in agreed if e.get("date") and len(e["date"]) == 10), None) or (
            ev.doc.published.isoformat() if ev.doc.published else None)
        numbers = [{"value": c["value"], "unit": c["unit"], "text": c["text"]} for c in sentence["claims"]
                   if c.get("issue") in issues or c.get("issue") is None]
        key = (tuple(sorted(issues)), day)  # the same agreement told by several articles is one commitment
        item = found.setdefault(key, {"issues": sorted(issues), "date": day, "parties": [], "numbers": [],
                                      "evidence": [], "docs": set()})
        parties = _parties(sentence)
        if not agreed:  # "the sides agreed": the sides of the meeting the article tells of
            for e in meetings.get(ev.doc.id, []):
                if set(parties) & set(e["parties"]):
                    parties += e["parties"]
        item["parties"] = list(dict.fromkeys(item["parties"] + parties))
        for n in numbers:
            if all(n["value"] != m["value"] or n["unit"] != m["unit"] for m in item["numbers"]):
                item["numbers"].append(n)
        item["evidence"].append(ev.as_dict())
        item["docs"].add(ev.doc.id)
    return list(found.values())


def _report(ev, side: str | None, why: str) -> dict:
    return {**ev.as_dict(), "side": side, "why": why}


def _later(store: Store, texts: dict[str, str], sentences: dict, wanted: set[str]) -> list[dict]:
    """Every sentence of the articles, with the records that stand in it (a sentence with none, such as a
    denial, counts too) and the issues of `wanted` it names."""
    by_doc: dict[str, list[dict]] = {}
    for sentence in sentences.values():
        by_doc.setdefault(sentence["evidence"].doc.id, []).append(sentence)
    claims: dict[str, list[dict]] = {}
    for c in store.claims:
        claims.setdefault(c["doc_id"], []).append(c)
    out = []
    for doc_id, text in texts.items():
        doc = store.docs.get(doc_id)
        if doc is None or doc.published is None:
            continue
        if not any(find("commitments", doc.language, text, part) for part in ("violated", "denied", "fulfilled")) \
                and not any(e["type"] == "ACCUSE" for x in by_doc.get(doc_id, []) for e in x["events"]):
            continue  # an article that says nothing of any agreement being kept or broken
        named = issue_matches(store.scenario, text, doc.language, wanted)  # each lexicon run once per article
        start = 0
        for end in [m.start() for m in SENTENCE_END.finditer(text)] + [len(text)]:
            a, b = start, end
            start = end
            if not text[a:b].strip():
                continue
            inside = [x for x in by_doc.get(doc_id, []) if a <= x["evidence"].start < b]
            sentence = {"evidence": Evidence(doc, a + len(text[a:b]) - len(text[a:b].lstrip()), b,
                                             " ".join(text[a:b].split())),
                        "events": [e for x in inside for e in x["events"]],
                        "positions": [p for x in inside for p in x["positions"]],
                        "claims": [c for c in claims.get(doc_id, []) if a <= c["start"] < b]}
            sentence["issues"] = {p["issue"] for p in sentence["positions"]} | {
                issue for issue, starts in named.items() if any(a <= k < b for k in starts)}
            out.append(sentence)
    return out


def _classify(sentence: dict) -> tuple[str, str] | None:
    """What a later sentence says of an agreement on its issue: violated, denied, fulfilled, or nothing."""
    accused = any(e["type"] == "ACCUSE" for e in sentence["events"])
    broke = _cue(sentence, "violated")
    if accused or broke:
        return "violated", broke or "ACCUSE"
    rejected = _cue(sentence, "denied")
    if rejected:
        return "denied", rejected
    done = _cue(sentence, "fulfilled")
    return ("fulfilled", done) if done else None


def track(store: Store, texts: dict[str, str]) -> list[dict]:
    """Each commitment with its status and the later reports on each side (`texts`: the articles' text)."""
    sentences = _sentences(store)
    terms = _terms(sentences, store)
    wanted = {i for item in terms for i in item["issues"]}
    on_issue: dict[str, list[dict]] = {}
    later = sorted(_later(store, texts, sentences, wanted) if terms else [],
                   key=lambda x: (x["evidence"].doc.published, x["evidence"].doc.name, x["evidence"].start))
    for sentence in later:
        # a sentence is read once, and indexed by the issues it names when it says something of an agreement
        sentence["class"] = _classify(sentence) if sentence["issues"] & wanted else None
        if sentence["class"]:
            for issue in sentence["issues"] & wanted:
                on_issue.setdefault(issue, []).append(sentence)
    out = []
    for item in terms:
        start = date.fromisoformat(item["date"]) if item["date"] else None
        fulfilled, partly, violated, denied, accusations = [], [], [], [], []
        candidates = on_issue.get(item["issues"][0], []) if len(item["issues"]) == 1 else sorted(
            {id(x): x for i in item["issues"] for x in on_issue.get(i, [])}.values(),
            key=lambda x: (x["evidence"].doc.published, x["evidence"].doc.name, x["evidence"].start))
        for sentence in candidates:
            ev = sentence["evidence"]
            if ev.doc.id in item["docs"] or start is None or ev.doc.published < start:
                continue
            kind, why = sentence["class"]
            if kind == "violated":
                violated.append(_report(ev, ev.doc.side, why))
                accusations += [{"parties": e["parties"], "date": e.get("date"), "evidence": ev.as_dict()}
                                for e in sentence["events"] if e["type"] == "ACCUSE"]
            elif kind == "denied":
                denied.append(_report(ev, ev.doc.side, why))
            else:
                short = [c for c in sentence["claims"] for n in item["numbers"]
                         if c["unit"] == n["unit"] and c["value"] < n["value"]]
                (partly if short else fulfilled).append(_report(ev, ev.doc.side, why))
        if violated and (fulfilled or partly or denied):
            status = "disputed"
        elif violated:
            status = "violated"
        elif fulfilled:
            status = "fulfilled"
        elif partly:
            status = "partly"
        else:
            status = "open"
        out.append({"issues": item["issues"], "date": item["date"], "parties": item["parties"],
                    "terms": item["numbers"], "status": status, "evidence": item["evidence"],
                    "fulfilled": fulfilled, "partly": partly, "violated": violated, "denied": denied,
                    "accusations": accusations})
    out.sort(key=lambda c: (c["date"] or "", c["issues"]))
    return out
