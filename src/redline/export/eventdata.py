"""Events in the layouts of other event-data sets: POLECAT/PLOVER JSON, GDELT's CAMEO-coded columns, ACLED's CSV.

Each export has one row per event of the timeline (merged across documents and languages); the field
of each layout is documented in docs/eventdata.md, which the tests read back.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import cache
from importlib import resources

import yaml

from redline.scenario import Scenario

EVENT_FORMATS = {"plover": "events.plover.jsonl", "cameo": "events.cameo.tsv", "acled": "events.acled.csv"}


@cache
def codes() -> dict:
    """The PLOVER → CAMEO and ACLED mapping and the actor-kind table (export/eventcodes.yaml)."""
    return yaml.safe_load(resources.files("redline.export").joinpath("eventcodes.yaml").read_text(encoding="utf-8"))


class Context:
    """What the layouts need besides the event: the pack (actor kinds, party codes) and the documents."""

    def __init__(self, pack: Scenario, documents: list[dict], positions: list[dict] = ()):
        self.pack = pack
        self.docs = {d["id"]: d for d in documents}
        self.stances: dict[str, list[tuple[int, int, str]]] = {}
        for p in positions:
            span = p["evidence"]
            self.stances.setdefault(span["id"], []).append((span["start"], span["end"], p["issue"]))

    def issues(self, event: dict) -> list[str]:
        """The pack's issues on which a sentence reporting the event takes a stance."""
        found = [issue for r in event["reports"] for a, b, issue in self.stances.get(r["id"], [])
                 if a < r["end"] and r["start"] < b]
        return list(dict.fromkeys(found))

    def party(self, name: str) -> str | None:
        return self.pack.party_of(name) or (name if name in self.pack.codes else None)

    def kind(self, name: str) -> str:
        actor = self.pack.actors.get(name)
        return actor.kind if actor else "unknown"

    def code(self, party: str | None, key: str):
        return (self.pack.codes.get(party or "") or {}).get(key)

    def doc(self, report: dict | None) -> dict:
        return self.docs.get((report or {}).get("id"), {})


def _day(event: dict) -> str | None:
    """The event's day, or when it is undated the date of its first report."""
    return event["date"] or event.get("reference")


def _first(event: dict) -> dict | None:
    return event["reports"][0] if event["reports"] else None


def _outlets(event: dict) -> list[str]:
    return list(dict.fromkeys(r["outlet"] for r in event["reports"] if r.get("outlet")))


def _number(event_id: str) -> int:
    return int(event_id, 16) if all(c in "0123456789abcdef" for c in event_id) else abs(hash(event_id))


# --- POLECAT / PLOVER JSON ----------------------------------------------------------------------------


def plover_row(event: dict, ctx: Context) -> dict:
    """One event as a POLECAT-style record: type, mode and context, actors with country and sector,
    location, date, and the source sentence and document."""
    first = _first(event)
    doc = ctx.doc(first)
    actors = []
    for i, name in enumerate(event["actors"]):
        party = ctx.party(name)
        kind = ctx.kind(name)
        actors.append({"name": name, "role": "source" if i == 0 else "target", "party": party,
                       "country": ctx.code(party, "iso"), "cameo_code": ctx.code(party, "cameo"),
                       "sector": codes()["kinds"][kind]["plover"], "type": kind})
    return {
        "event_id": event["id"], "event_date": event["date"], "reference_date": event.get("reference"),
        "event_type": event["type"], "event_mode": None, "contexts": ctx.issues(event), "status": event["status"],
        "actors": actors,
        "location": {"name": event["location"], "country": None, "latitude": None, "longitude": None},
        "source": {"doc": first and first["doc"], "doc_id": first and first["id"], "start": first and first["start"],
                   "end": first and first["end"], "sentence": first and first["text"], "outlet": doc.get("outlet"),
                   "url": doc.get("url"), "language": doc.get("language"), "published": doc.get("published")},
        "n_reports": len(event["reports"]), "outlets": _outlets(event),
    }


# --- GDELT 2.0 event columns (CAMEO) ------------------------------------------------------------------

GDELT_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
               "Type1Code", "Type2Code", "Type3Code")
GDELT_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in GDELT_ACTOR), *(f"Actor2{c}" for c in GDELT_ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in GDELT_GEO), *(f"Actor2Geo_{c}" for c in GDELT_GEO),
    *(f"ActionGeo_{c}" for c in GDELT_GEO), "DATEADDED", "SOURCEURL",
)


def _gdelt_actor(name: str | None, ctx: Context, n: int) -> dict:
    if not name:
        return {f"Actor{n}{c}": None for c in GDELT_ACTOR}
    party = ctx.party(name)
    country = ctx.code(party, "cameo")
    kind_code = codes()["kinds"][ctx.kind(name)]["cameo"] or None
    return {f"Actor{n}Code": f"{country or ''}{kind_code or ''}" or None, f"Actor{n}Name": name.upper(),
            f"Actor{n}CountryCode": country, f"Actor{n}KnownGroupCode": None, f"Actor{n}EthnicCode": None,
            f"Actor{n}Religion1Code": None, f"Actor{n}Religion2Code": None, f"Actor{n}Type1Code": kind_code,
            f"Actor{n}Type2Code": None, f"Actor{n}Type3Code": None}


def cameo_row(event: dict, ctx: Context) -> dict:
    """One event in GDELT 2.0's 61 event columns, its PLOVER type written as a CAMEO code."""
    day = date.fromisoformat(_day(event)[:10]) if _day(event) and len(_day(event)) >= 10 else None
    mapped = codes()["plover"].get(event["type"], {})
    code = mapped.get("cameo")
    first = _first(event)
    doc = ctx.doc(first)
    actors = [*event["actors"][:2], None, None][:2]
    row = {
        "GLOBALEVENTID": _number(event["id"]), "SQLDATE": int(day.strftime("%Y%m%d")) if day else None,
        "MonthYear": int(day.strftime("%Y%m")) if day else None, "Year": day.year if day else None,
        "FractionDate": round(day.year + day.timetuple().tm_yday / 365, 4) if day else None,
        **_gdelt_actor(actors[0], ctx, 1), **_gdelt_actor(actors[1], ctx, 2),
        "IsRootEvent": 1, "EventCode": code, "EventBaseCode": code[:3] if code else None,
        "EventRootCode": code[:2] if code else None, "QuadClass": mapped.get("quad"),
        "GoldsteinScale": mapped.get("goldstein"), "NumMentions": len(event["reports"]),
        "NumSources": len(_outlets(event)) or len(event["reports"]), "NumArticles": len(event["reports"]),
        "AvgTone": None,
    }
    for prefix in ("Actor1Geo_", "Actor2Geo_", "ActionGeo_"):
        row.update({f"{prefix}{c}": None for c in GDELT_GEO})
    row["ActionGeo_FullName"] = event["location"]
    published = (doc.get("published") or "").replace("-", "")
    row["DATEADDED"] = int(published + "000000") if len(published) == 8 else None
    row["SOURCEURL"] = doc.get("url") or (first and first["doc"])
    return {c: row[c] for c in GDELT_COLUMNS}


# --- ACLED-like CSV -----------------------------------------------------------------------------------

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)


def _inter(party: str | None, ctx: Context) -> int | None:
    if party is None:
        return None
    return codes()["kinds"][ctx.kind(party)]["acled_inter"]


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's two-digit interaction: the lower code first; an actor alone is its code times ten."""
    known = sorted(i for i in (inter1, inter2) if i is not None)
    if not known:
        return None
    return known[0] * 10 + (known[1] if len(known) > 1 else 0)


def _timestamp(day: str | None) -> int | None:
    if not day or len(day) < 10:
        return None
    return int(datetime.combine(date.fromisoformat(day[:10]), time(), tzinfo=UTC).timestamp())


def acled_row(event: dict, ctx: Context) -> dict:
    """One event in ACLED's columns: parties as actors 1 and 2, the persons as associated actors."""
    parties = list(dict.fromkeys(p for p in (ctx.party(a) for a in event["actors"]) if p)) or list(event["parties"])
    actor1, actor2 = ([*parties[:2], None, None])[:2]

    def assoc(party):
        return "; ".join(a for a in event["actors"] if a != party and ctx.party(a) == party) or None

    disorder, etype, sub = codes()["plover"].get(event["type"], {}).get("acled", [None, None, None])
    inter1, inter2 = _inter(actor1, ctx), _inter(actor2, ctx)
    day = _day(event)
    precise = bool(event["date"]) and len(event["date"]) >= 10
    first = _first(event)
    doc = ctx.doc(first)
    country_code = ctx.code(actor1, "iso")
    published = doc.get("published")
    return {
        "event_id_cnty": f"{country_code or 'XXX'}{_number(event['id']) % 10**8}",
        "event_date": day, "year": int(day[:4]) if day else None, "time_precision": 1 if precise else 3,
        "disorder_type": disorder, "event_type": etype, "sub_event_type": sub or None,
        "actor1": actor1, "assoc_actor_1": assoc(actor1), "inter1": inter1,
        "actor2": actor2, "assoc_actor_2": assoc(actor2), "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": None, "iso": ctx.code(actor1, "iso_numeric"), "region": ctx.code(actor1, "region"),
        "country": None, "admin1": None, "admin2": None, "admin3": None, "location": event["location"],
        "latitude": None, "longitude": None, "geo_precision": None,
        "source": "; ".join(_outlets(event)) or None, "source_scale": None,
        "notes": first and " ".join(first["text"].split()), "fatalities": None,
        "tags": f"redline:{event['id']}; doc:{first['doc']}:{first['start']}-{first['end']}" if first else None,
        "timestamp": _timestamp(published),
    }


def columns(fmt: str) -> tuple[str, ...]:
    """The columns of a CSV or TSV layout, in their order (none for JSON)."""
    return {"cameo": GDELT_COLUMNS, "acled": ACLED_COLUMNS}.get(fmt, ())


def event_rows(fmt: str, events: list[dict], pack: Scenario, documents: list[dict],
               positions: list[dict] = ()) -> list[dict]:
    """The timeline's events in one of EVENT_FORMATS; `positions` give the PLOVER contexts."""
    shape = {"plover": plover_row, "cameo": cameo_row, "acled": acled_row}[fmt]
    ctx = Context(pack, documents, positions)
    return [shape(e, ctx) for e in events]
