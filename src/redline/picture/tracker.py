"""The position tracker: each party's stance on each issue, its dated history with sources, and a
position on the issue's 0–100 scale.

The current stance weighs each piece of evidence by its confidence and by its age: evidence loses
half its weight every `HALF_LIFE` days before the newest piece for that party and issue. The
position on the scale is the same weighted mean of where each stance sits on the issue's anchors:
`for` at the highest anchor, `against` at the lowest, `conditional` at the inner anchor nearest the
middle (or halfway between the ends when the scale has none).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from redline.picture.reports import Evidence, Store
from redline.scenario import Issue

HALF_LIFE = 14.0  # days


@dataclass
class Stance:
    """One piece of evidence: who held what, when, where it is written."""

    stance: str
    date: date | None
    actor: str
    reported_by: str | None
    confidence: float
    evidence: Evidence

    def as_dict(self) -> dict:
        return {"date": self.date.isoformat() if self.date else None, "stance": self.stance, "actor": self.actor,
                "reported_by": self.reported_by, "confidence": self.confidence, "evidence": self.evidence.as_dict()}


@dataclass
class Track:
    party: str
    issue: str
    history: list[Stance] = field(default_factory=list)

    def state(self, scale: dict[int, str] | None, as_of: date | None = None) -> dict | None:
        """Stance and position from the evidence up to `as_of` (all of it when None)."""
        pieces = [s for s in self.history if as_of is None or (s.date is not None and s.date <= as_of)]
        if not pieces:
            return None
        dated = [s.date for s in pieces if s.date]
        newest = max(dated) if dated else None
        weights: dict[str, float] = defaultdict(float)
        total, where = 0.0, 0.0
        points = anchors(scale)
        for s in pieces:
            age = (newest - s.date).days if newest and s.date else 0
            w = s.confidence * 0.5 ** (age / HALF_LIFE)
            weights[s.stance] += w
            total += w
            where += w * points[s.stance]
        stance = max(weights, key=lambda k: (weights[k], k == "conditional"))
        return {"stance": stance, "support": round(weights[stance] / total, 2) if total else None,
                "position": round(where / total, 1) if total else None,
                "last_date": newest.isoformat() if newest else None, "n": len(pieces)}


def anchors(scale: dict[int, str] | None) -> dict[str, float]:
    """Where for, against and conditional sit on an issue's scale."""
    points = sorted(int(k) for k in (scale or {})) or [0, 50, 100]
    inner = points[1:-1]
    # an anchor between the ends nearest the middle, or else halfway between the ends
    middle = min(inner, key=lambda p: abs(p - 50)) if inner else (points[0] + points[-1]) / 2
    return {"for": float(points[-1]), "against": float(points[0]), "conditional": float(middle)}


def build_tracks(store: Store) -> dict[tuple[str, str], Track]:
    tracks: dict[tuple[str, str], Track] = {}
    for row in store.positions:
        party = row["party"] or row["actor"]
        day = row["doc"].published
        key = (party, row["issue"])
        track = tracks.setdefault(key, Track(party, row["issue"]))
        track.history.append(Stance(row["stance"], day, row["actor"], row["reported_by"], row["confidence"],
                                    row["evidence"]))
    for track in tracks.values():
        track.history.sort(key=lambda s: (s.date or date.min, s.evidence.doc.name, s.evidence.start))
    return tracks


def tracker_rows(store: Store, *, as_of: date | None = None, since: date | None = None) -> list[dict]:
    """One row per party and issue: the stance as of a date, its history, and what moved since a date."""
    issues: dict[str, Issue] = store.scenario.issues
    rows = []
    for (party, issue_id), track in sorted(build_tracks(store).items()):
        issue = issues.get(issue_id)
        scale = issue.scale if issue else None
        now = track.state(scale, as_of)
        if now is None:
            continue
        history = [s for s in track.history if as_of is None or (s.date is not None and s.date <= as_of)]
        row = {"party": party, "issue": issue_id, **now, "as_of": (as_of or store.latest or date.today()).isoformat(),
               "history": [s.as_dict() for s in history]}
        if since is not None:
            before = track.state(scale, since)
            after = [s for s in history if s.date is not None and s.date > since]
            moved = before is None or before["stance"] != now["stance"] or (
                before["position"] is not None and now["position"] is not None
                and abs(before["position"] - now["position"]) >= 10)
            row["since"] = since.isoformat()
            row["before"] = before
            row["moved"] = bool(after) and moved
            # who moved it: the holders of the new stance, and whoever told of it
            row["moved_by"] = sorted({s.actor for s in after if s.stance == now["stance"]}
                                     | {s.reported_by for s in after if s.stance == now["stance"] and s.reported_by})
        rows.append(row)
    return rows
