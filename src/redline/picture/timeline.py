"""One timeline across documents and languages: the reports of one happening merged into one event.

A report joins the closest event of its type when their distance is at most `THRESHOLD`. The
distance adds four terms, each kept with the merge so that it can be shown:

- parties: 0.5 × (1 − shared / the smaller party set) (a two-party event must share both of its parties);
- days: 0 for the same day, 0.5 a day apart (more is no match); a report with no date of its own (or one
  dated by its article only) costs 0.25 when it was published the day of the event, rising to 0.75 for
  two weeks after it (or a week before, if planned); a report placed in time neither by its text nor by
  its publication joins nothing;
- place: −0.25 for the same place, 0 if either is unknown (two different places are no match);
- people: −0.125 for each person (an actor no report counts as a party) the report and the event's
  reports both name, down to −0.25; names are canonical, so this holds across languages;
- text: in the same language, 0.5 × (1 − token-set similarity of the two sentences); across
  languages a neutral 0.25.

A report not of the event's own day that shares neither the place, nor a person, nor wording with it has
(sentence similarity above 50 %) has only its parties and a window of days for it, and joins nothing.

Events the reports split (each report joins the nearest event as it comes) are joined afterwards when
most of their reports give the same day and they share two parties.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from rapidfuzz import fuzz

from redline.nlp.dates import ARTICLE_PRECISION
from redline.picture.reports import Evidence, Store, parse_day

THRESHOLD = 1.0
WINDOW = timedelta(days=14)
_UNSET = object()  # how far apart in time two reports may be to be compared at all


@dataclass
class Report:
    """One document's report of an event."""

    record: int
    type: str
    day: date | None  # the event's own day, if the report gives one
    reference: date | None  # its day, or else when the report was published
    precision: str | None
    parties: frozenset[str]
    actors: list[str]
    location: str | None
    status: str
    evidence: Evidence
    language: str | None
    coarse: str | None = None  # a date coarser than a day ("2025-08"), when that is all it gives
    spans: list[tuple[int, int]] = field(default_factory=list)  # every sentence of the document that tells it
    people: frozenset[str] = frozenset()  # the persons it names: actors that are no party of any report
    match: dict | None = None  # the distance terms that joined it to its event


@dataclass
class TimelineEvent:
    type: str
    reports: list[Report] = field(default_factory=list)
    _parties: Counter = field(default_factory=Counter, repr=False)
    _days: list[date] = field(default_factory=list, repr=False)
    _months: set[str] = field(default_factory=set, repr=False)  # of reports dated to the month only
    _places: Counter = field(default_factory=Counter, repr=False)
    people: set[str] = field(default_factory=set, repr=False)  # every person its reports name
    _first_day: date | None = field(default=None, repr=False)
    _first_report: date | None = field(default=None, repr=False)
    _day_votes: Counter = field(default_factory=Counter, repr=False)
    _id: str | None = field(default=None, repr=False)
    # what the distance asks of every candidate, kept until the next report joins
    _party_list: list[str] | None = field(default=None, repr=False)
    _party_set: frozenset[str] = field(default=frozenset(), repr=False)
    _location: object = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._location = _UNSET

    def add(self, report: Report) -> None:
        self.reports.append(report)
        self._parties.update(report.parties)
        if report.day:
            if report.day not in self._days:
                self._days.append(report.day)
            self._day_votes[report.day] += 1
        if report.location:
            self._places[report.location] += 1
        self.people |= report.people
        if report.day and (self._first_day is None or report.day < self._first_day):
            self._first_day = report.day
        if report.reference and (self._first_report is None or report.reference < self._first_report):
            self._first_report = report.reference
        if report.coarse:
            self._months.add(report.coarse[:7])
        self._id = None
        self._party_list, self._location = None, _UNSET

    @property
    def id(self) -> str:
        if self._id is None:
            first = self.reports[0]
            key = f"{self.type}|{first.day}|{','.join(sorted(first.parties))}|{first.evidence.key}"
            self._id = hashlib.sha1(key.encode()).hexdigest()[:10]
        return self._id

    @property
    def days(self) -> list[date]:
        return self._days

    @property
    def date(self) -> str | None:
        if self._day_votes:
            return self._day_votes.most_common(1)[0][0].isoformat()
        coarse = Counter(r.coarse for r in self.reports if r.coarse)
        return coarse.most_common(1)[0][0] if coarse else None

    @property
    def reference(self) -> date | None:
        """Its earliest day, or else when it was first reported."""
        return self._first_day or self._first_report

    @property
    def parties(self) -> list[str]:
        """Parties named by at least half of the reports (all of them for a single report)."""
        if self._party_list is None:
            need = max(1, len(self.reports) / 2)
            self._party_list = [p for p, n in self._parties.most_common() if n >= need]
            self._party_set = frozenset(self._party_list)
        return self._party_list

    @property
    def party_set(self) -> frozenset[str]:
        """`parties` as a set."""
        return frozenset(self.parties) if self._party_list is None else self._party_set

    @property
    def actors(self) -> list[str]:
        counts = Counter(a for r in self.reports for a in r.actors)
        return [a for a, _ in counts.most_common()]

    @property
    def location(self) -> str | None:
        if self._location is _UNSET:
            self._location = self._places.most_common(1)[0][0] if self._places else None
        return self._location

    @property
    def status(self) -> str:
        return "happened" if any(r.status == "happened" for r in self.reports) else "planned"

    @property
    def docs(self) -> list[str]:
        return list(dict.fromkeys(r.evidence.doc.name for r in self.reports))

    def disagreements(self, numbers: dict[str, list[dict]] | None = None) -> list[dict]:
        """Where the sources differ: the day, the place, who took part, and numbers in the same sentences."""
        out = []
        if len(self.docs) < 2:
            return out
        for what, values in (("date", [(r.day.isoformat() if r.day else None, r) for r in self.reports]),
                             ("location", [(r.location, r) for r in self.reports])):
            by_value = defaultdict(list)
            for value, r in values:
                if value:
                    by_value[value].append(r.evidence.doc.name)
            if len(by_value) > 1:
                out.append({"field": what, "values": [{"value": v, "docs": sorted(set(d))} for v, d in by_value.items()]})
        everyone = set(self.docs)
        for party in sorted({p for r in self.reports for p in r.parties}):
            named = {r.evidence.doc.name for r in self.reports if party in r.parties}
            if named != everyone and len(named) >= 1 and party in self.parties:
                out.append({"field": "participants", "party": party, "named_by": sorted(named),
                            "not_named_by": sorted(everyone - named)})
        if numbers:
            by_unit = defaultdict(list)
            for r in self.reports:
                spans = r.spans or [(r.evidence.start, r.evidence.end)]
                for c in numbers.get(r.evidence.doc.id, []):
                    if any(a <= c["start"] < b for a, b in spans):
                        by_unit[c["unit"]].append((c["value"], r.evidence.doc.name))
            for unit, values in by_unit.items():
                distinct = _distinct_values(values)
                if len(distinct) > 1:
                    out.append({"field": "number", "unit": unit,
                                "values": [{"value": v, "docs": sorted(set(d))} for v, d in distinct.items()]})
        return out

    def as_dict(self, numbers: dict[str, list[dict]] | None = None) -> dict:
        return {
            "id": self.id, "type": self.type, "date": self.date,
            # the day the timeline orders it by: its own, or when it was first reported
            "reference": self.reference.isoformat() if self.reference else None,
            "actors": self.actors, "parties": self.parties,
            "location": self.location, "status": self.status, "sources": self.docs,
            "disagreements": self.disagreements(numbers),
            "reports": [{**r.evidence.as_dict(), "date": r.day.isoformat() if r.day else None,
                         "parties": sorted(r.parties), "location": r.location, "match": r.match}
                        for r in self.reports],
        }


def _distinct_values(values: list[tuple[float, str]]) -> dict[float, list[str]]:
    out: dict[float, list[str]] = {}
    for value, doc in sorted(values):
        same = next((v for v in out if abs(v - value) <= 0.005 * max(abs(v), abs(value), 1e-9)), None)
        out.setdefault(same if same is not None else value, []).append(doc)
    return out


def distance(report: Report, event: TimelineEvent) -> dict | None:
    """The terms of the distance between a report and an event, or None when they cannot be one."""
    leader = event.reports[0]
    if report.type != event.type:
        return None
    theirs = event.party_set or leader.parties
    shared = report.parties & theirs
    if len(shared) < min(2, len(report.parties), len(theirs)) or not shared:
        return None
    parties = 0.5 * (1 - len(shared) / min(len(report.parties), len(theirs)))
    days = _day_term(report, event)
    if days is None:
        return None
    place = 0.0
    if report.location and event.location:
        if report.location != event.location:
            return None
        place = -0.25
    people = _people_term(report, event)
    if report.language and report.language == leader.language:
        text = 0.5 * (1 - fuzz.token_set_ratio(report.evidence.text, leader.evidence.text) / 100)
    else:
        text = 0.25
    if days > 0 and place == 0 and people == 0 and text >= 0.25:
        # a report not of the event's very day that shares no place, no person and no wording with it has
        # only its parties and a window of days for it: too little to say it tells of this happening
        return None
    total = parties + days + place + people + text
    return {"distance": round(total, 3), "parties": round(parties, 3), "days": days, "place": place,
            "people": people, "text": round(text, 3)}


def _people_term(report: Report, event: TimelineEvent) -> float:
    """−0.125 for each person the report names that the event's reports name, down to −0.25 for two (names
    are canonical, so this holds across languages); 0 when they name nobody in common beyond the parties."""
    return -0.125 * min(2, len(report.people & event.people))


def _day_term(report: Report, event: TimelineEvent) -> float | None:
    theirs = event.days
    if report.day and theirs:
        gap = min(abs((report.day - d).days) for d in theirs)
        return None if gap > 1 else 0.5 * gap
    anchor = theirs[0] if theirs else event.reference
    mine = report.day or report.reference
    coarse = event._months
    if report.coarse or coarse:
        # dates known to the month only: the same month, or a day inside it
        mine_month = report.coarse[:7] if report.coarse else (report.day.isoformat()[:7] if report.day else None)
        if mine_month and coarse | ({a.isoformat()[:7] for a in theirs}):
            return 0.5 if mine_month in coarse | {a.isoformat()[:7] for a in theirs} else None
    if anchor is None or mine is None:
        return None  # nothing places one of them in time: joining would be a guess
    if report.day is None and report.reference:
        # an undated report, published after the event it tells of (or shortly before, when it is announced)
        early = timedelta(days=7) if report.status == "planned" else timedelta(days=1)
        if not anchor - early <= report.reference <= anchor + WINDOW:
            return None
        return _lag_cost(report.reference - anchor)
    # a dated report against an event known only by when it was reported
    return _lag_cost(anchor - mine) if mine - timedelta(days=1) <= anchor <= mine + WINDOW else None


def _lag_cost(lag: timedelta) -> float:
    """What a report placed in time by its publication only costs: 0.25 when it appeared the day of the
    event, rising to 0.75 for two weeks apart (before or after), since the farther a report is from the
    event, the likelier it tells of another happening of the same kind."""
    return round(0.25 + 0.5 * min(abs(lag.days), WINDOW.days) / WINDOW.days, 3)


def reports_of(store: Store, as_of: date | None = None) -> list[Report]:
    out = []
    for row in store.events:
        doc = row["doc"]
        # a date that is only the article's (the text gives none) is no day of the event's own
        day = parse_day(row["date"]) if row["date_precision"] != ARTICLE_PRECISION else None
        coarse = row["date"] if row["date"] and not day and row["date_precision"] != ARTICLE_PRECISION else None
        # a month-precise date stands for the middle of its month
        reference = day or (parse_day(coarse[:7] + "-15") if coarse and len(coarse) >= 7 else None) or doc.published
        if as_of and (reference is None or reference > as_of):
            continue
        out.append(Report(row["id"], row["type"], day, reference, row["date_precision"], frozenset(row["parties"]),
                          row["actors"], row["location"], row["status"], row["evidence"], doc.language,
                          coarse=coarse, spans=[tuple(x) for x in row.get("sources") or []]))
    # a person is an actor no report counts among its parties (names are canonical in every language)
    parties = {p for r in out for p in r.parties}
    for r in out:
        r.people = frozenset(a for a in r.actors if a not in parties)
    return out


def build_timeline(store: Store, as_of: date | None = None) -> list[TimelineEvent]:
    """Merged events, most specific reports first, sorted by date."""
    reports = reports_of(store, as_of)
    reports.sort(key=lambda r: (r.day is None, -len(r.parties), r.location is None, r.reference or date.max,
                                r.evidence.doc.name, r.evidence.start))
    events: list[TimelineEvent] = []
    # candidates are looked up by type and by each party (an event must share a party), within the window
    index: dict[tuple[str, str], tuple[list[date], list[TimelineEvent]]] = defaultdict(lambda: ([], []))
    floating: dict[tuple[str, str], list[TimelineEvent]] = defaultdict(list)  # events with no date at all
    for report in reports:
        best, best_terms, best_key = None, None, None
        anchor = report.day or report.reference
        candidates: dict[int, TimelineEvent] = {}
        for party in report.parties:
            for event in floating[(report.type, party)]:
                candidates[id(event)] = event
            if anchor is not None:
                days, bucket = index[(report.type, party)]
                lo = bisect.bisect_left(days, anchor - WINDOW)
                hi = bisect.bisect_right(days, anchor + WINDOW)
                for event in bucket[lo:hi]:
                    candidates[id(event)] = event
        for event in candidates.values():
            terms = distance(report, event)
            if terms is None or terms["distance"] > THRESHOLD:
                continue
            # the nearest event; on a tie, one that has a day, then the one with more sources
            key = (terms["distance"], not event.days, -len(event.reports))
            if best_key is None or key < best_key:
                best, best_terms, best_key = event, terms, key
        if best is not None:
            report.match = best_terms
            best.add(report)
            continue
        event = TimelineEvent(report.type)
        event.add(report)
        events.append(event)
        for party in report.parties:
            if anchor is None:
                floating[(report.type, party)].append(event)
            else:
                days, bucket = index[(report.type, party)]
                at = bisect.bisect_right(days, anchor)
                days.insert(at, anchor)
                bucket.insert(at, event)
    events = _join_same_day(events)
    events.sort(key=lambda e: (e.reference or date.max, -len(e.docs), e.type))
    return events


def _join_same_day(events: list[TimelineEvent]) -> list[TimelineEvent]:
    """Events that reports split (each joined the nearest event as it came) become one when their dates,
    by most reports, are the same day and they share two parties (all of one's, if it has fewer)."""
    by_key: dict[tuple[str, str], list[TimelineEvent]] = defaultdict(list)
    out: list[TimelineEvent] = []
    for event in sorted(events, key=lambda e: -len(e.reports)):
        day = event.date if event._day_votes else None
        if day is None:
            out.append(event)
            continue
        mine = set(event.parties)
        for other in by_key[(event.type, day)]:
            theirs = set(other.parties)
            if len(mine & theirs) >= min(2, len(mine), len(theirs)):
                for report in event.reports:
                    report.match = {"distance": None, "joined": "same day", "parties": sorted(mine & theirs)}
                    other.add(report)
                break
        else:
            by_key[(event.type, day)].append(event)
            out.append(event)
    return out


def claims_by_doc(store: Store) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for c in store.claims:
        out[c["doc_id"]].append(c)
    return out
