"""Source comparison: what each outlet and each language covers, whom it quotes, whose stances it
reports and how its articles are flagged; events only one side's media cover; near-duplicate
stories with their outlets."""

from __future__ import annotations

from collections import Counter, defaultdict

from redline.picture.reports import Store
from redline.picture.timeline import TimelineEvent


def _profile(docs: list, store: Store, by_doc_events: dict[str, list[TimelineEvent]],
             per_doc: dict[str, tuple[Counter, Counter]]) -> dict:
    events = {e.id: e for d in docs for e in by_doc_events.get(d.id, [])}
    speakers, stances = Counter(), Counter()
    for d in docs:
        said, held = per_doc.get(d.id, (Counter(), Counter()))
        speakers.update(said)
        stances.update(held)
    flags = Counter(f for d in docs for f in store.flags.get(d.id, []))
    return {
        "documents": len(docs),
        "languages": sorted({d.language for d in docs if d.language}),
        "events": len(events),
        "event_types": dict(Counter(e.type for e in events.values()).most_common()),
        "quoted": dict(speakers.most_common(8)),
        "stances": dict(stances.most_common(10)),
        "flags": dict(flags.most_common()),
        "side": next((d.side for d in docs if d.side), None),
    }


def compare_sources(store: Store, timeline: list[TimelineEvent]) -> dict:
    by_doc_events: dict[str, list[TimelineEvent]] = defaultdict(list)
    for e in timeline:
        for r in e.reports:
            by_doc_events[r.evidence.doc.id].append(e)
    per_doc: dict[str, tuple[Counter, Counter]] = defaultdict(lambda: (Counter(), Counter()))
    for st in store.statements:
        per_doc[st["doc_id"]][0][st["speaker"]] += 1
    for p in store.positions:
        per_doc[p["doc_id"]][1][f"{p['party'] or p['actor']} {p['issue']} {p['stance']}"] += 1
    outlets: dict[str, list] = defaultdict(list)
    languages: dict[str, list] = defaultdict(list)
    for d in store.docs.values():
        outlets[d.outlet or "(unknown outlet)"].append(d)
        languages[d.language or "(unknown)"].append(d)
    blind: dict[str, list[dict]] = defaultdict(list)
    for e in timeline:
        sides = {r.evidence.doc.side for r in e.reports}
        if len(sides) == 1 and None not in sides:
            side = sides.pop()
            blind[side].append({"id": e.id, "type": e.type, "date": e.date, "parties": e.parties,
                                "sources": e.docs})
    clusters: dict[str, list] = defaultdict(list)
    for d in store.docs.values():
        if d.cluster:
            clusters[d.cluster].append(d)
    stories = [{"cluster": c, "title": next((d.title for d in docs if d.title), None) or docs[0].name,
                "documents": [d.name for d in docs], "outlets": sorted({d.outlet or "(unknown)" for d in docs})}
               for c, docs in clusters.items() if len(docs) > 1]
    stories.sort(key=lambda s: -len(s["documents"]))
    return {
        "outlets": {k: _profile(v, store, by_doc_events, per_doc)
                    for k, v in sorted(outlets.items(), key=lambda kv: -len(kv[1]))},
        "languages": {k: _profile(v, store, by_doc_events, per_doc)
                      for k, v in sorted(languages.items(), key=lambda kv: -len(kv[1]))},
        "blindspots": dict(blind),
        "stories": stories,
    }
