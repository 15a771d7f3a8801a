"""Model inputs: actors × issues, each actor with a capability and, on each issue, a position on the
issue's scale and a salience from 0 to 1, with where every value came from and how uncertain it is.

Read and written in three public formats: the BDM/Scholz CSV (`Actor,Capability,Position,Salience`,
one issue), KTAB's SMP CSV (a scenario line, a header, then `Actor,Description,Power,Pstn1,Sal1,…`)
and the decide format (`#A`, `#P`, `#M`, `#D` rows, tab-separated, quoted with '). Built from the
store: positions from the tracker on each issue's anchored 0–100 scale, salience from how often and
how firmly a party speaks on the issue, capability from the scenario pack. Any value can be
overridden from a YAML or CSV file, or with `--set "Actor.issue.position=70"`.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import yaml

from redline.errors import ModelInputError

DEFAULT_CAPABILITY = 0.1
FIELDS = ("position", "salience")


@dataclass
class ModelInput:
    actors: list[str]
    issues: list[str]
    capability: np.ndarray  # (n,)
    position: np.ndarray  # (n, m); NaN where the actor holds no position on the issue
    salience: np.ndarray  # (n, m)
    bounds: dict[str, tuple[float, float]] = field(default_factory=dict)
    spread: np.ndarray | None = None  # (n, m) standard deviation of each position, for Monte Carlo
    source: dict[tuple, str] = field(default_factory=dict)  # (actor, issue | None, field) -> where from

    def __post_init__(self) -> None:
        n, m = len(self.actors), len(self.issues)
        self.capability = np.asarray(self.capability, dtype=float).reshape(n)
        self.position = np.asarray(self.position, dtype=float).reshape(n, m)
        self.salience = np.asarray(self.salience, dtype=float).reshape(n, m)
        if self.spread is None:
            self.spread = np.zeros((n, m))
        for issue in self.issues:
            self.bounds.setdefault(issue, (0.0, 100.0))

    def copy(self) -> ModelInput:
        return ModelInput(list(self.actors), list(self.issues), self.capability.copy(), self.position.copy(),
                          self.salience.copy(), dict(self.bounds), self.spread.copy(), dict(self.source))

    def held(self, j: int) -> np.ndarray:
        """Which actors hold a position on issue j."""
        return ~np.isnan(self.position[:, j])

    def rows(self) -> list[dict]:
        """One row per actor and issue held: the values and where each came from."""
        out = []
        for a, actor in enumerate(self.actors):
            for j, issue in enumerate(self.issues):
                if np.isnan(self.position[a, j]):
                    continue
                out.append({"actor": actor, "issue": issue, "capability": round(float(self.capability[a]), 4),
                            "position": round(float(self.position[a, j]), 3),
                            "salience": round(float(self.salience[a, j]), 3),
                            "spread": round(float(self.spread[a, j]), 2),
                            "capability_from": self.source.get((actor, None, "capability"), "file"),
                            "position_from": self.source.get((actor, issue, "position"), "file"),
                            "salience_from": self.source.get((actor, issue, "salience"), "file")})
        return out

    def set(self, assignment: str) -> None:
        """Apply `Actor.issue.position=70`, `Actor.issue.salience=0.5` or `Actor.capability=0.9`."""
        match = re.fullmatch(r"\s*(.+?)\.(?:([\w-]+)\.)?(position|salience|capability)\s*=\s*([-+0-9.eE]+)\s*", assignment)
        if not match:
            raise ModelInputError(f"--set {assignment!r}: write Actor.issue.position=70, Actor.issue.salience=0.5 "
                                  f"or Actor.capability=0.9")
        actor, issue, what, value = match.group(1), match.group(2), match.group(3), float(match.group(4))
        if actor not in self.actors:
            raise ModelInputError(f"--set {assignment!r}: no actor {actor!r} (known: {', '.join(self.actors)})")
        a = self.actors.index(actor)
        if what == "capability":
            if issue:
                raise ModelInputError(f"--set {assignment!r}: capability belongs to the actor, not to an issue")
            self.capability[a] = value
            self.source[(actor, None, "capability")] = f"--set {value:g}"
            return
        if not issue or issue not in self.issues:
            raise ModelInputError(f"--set {assignment!r}: no issue {issue!r} (known: {', '.join(self.issues)})")
        j = self.issues.index(issue)
        if what == "salience" and not 0 <= value <= 1:
            raise ModelInputError(f"--set {assignment!r}: salience lies between 0 and 1")
        getattr(self, what)[a, j] = value
        if what == "position" and np.isnan(self.salience[a, j]):
            self.salience[a, j] = 0.5
        self.spread[a, j] = 0.0
        self.source[(actor, issue, what)] = f"--set {value:g}"


# --- building from the store -------------------------------------------------------------------


def from_tracker(rows: list[dict], scenario, *, as_of: date | None = None) -> ModelInput:
    """Inputs from tracker rows: the position on each issue's scale, salience from the evidence,
    capability from the scenario; the spread of each position from how much, how recent and how
    consistent its evidence is."""
    def at_the_table(party: str) -> bool:
        """States, blocs and bodies the scenario weighs or seats on a side (a mediator too); not commentators such
        as a think tank."""
        actor = scenario.actors.get(party)
        return party in scenario.capability or scenario.side_of(party) is not None or \
            (actor is not None and actor.kind in ("state", "bloc"))

    parties = sorted({r["party"] for r in rows if r["position"] is not None and at_the_table(r["party"])},
                     key=lambda p: (-scenario.capability.get(p, DEFAULT_CAPABILITY), p))
    issues = [i for i in scenario.issues if any(r["issue"] == i for r in rows)]
    n, m = len(parties), len(issues)
    position = np.full((n, m), np.nan)
    salience = np.full((n, m), np.nan)
    spread = np.zeros((n, m))
    strength = np.zeros((n, m))
    source: dict[tuple, str] = {}
    newest = max((date.fromisoformat(r["last_date"]) for r in rows if r.get("last_date")), default=None)
    for r in rows:
        if r["party"] not in parties or r["issue"] not in issues or r["position"] is None:
            continue
        a, j = parties.index(r["party"]), issues.index(r["issue"])
        position[a, j] = r["position"]
        firm = sum(h["confidence"] * (1.0 if h["stance"] != "conditional" else 0.6) for h in r["history"])
        strength[a, j] = firm
        stances = {h["stance"] for h in r["history"]}
        age = (newest - date.fromisoformat(r["last_date"])).days if newest and r.get("last_date") else 60
        # few, old or conflicting sources give a wider spread (points on the 0–100 scale)
        spread[a, j] = min(40.0, 30.0 / math.sqrt(max(1, r["n"])) + 10.0 * (len(stances) - 1) + 5.0 * min(age, 90) / 30)
        last = r["history"][-1]["evidence"]
        source[(r["party"], r["issue"], "position")] = (
            f"tracker: {r['stance']} ({r['n']} piece{'s' if r['n'] != 1 else ''} of evidence, "
            f"last {r['last_date'] or 'undated'}, {last['doc']}:{last['start']})")
    for a in range(n):
        top = strength[a].max() if n and m else 0
        for j in range(m):
            if not np.isnan(position[a, j]):
                salience[a, j] = round(0.2 + 0.8 * strength[a, j] / top, 3) if top > 0 else 0.5
                source[(parties[a], issues[j], "salience")] = (
                    f"evidence: {strength[a, j]:.2f} of the party's strongest issue's {top:.2f}")
    capability = np.array([scenario.capability.get(p, DEFAULT_CAPABILITY) for p in parties])
    for p in parties:
        source[(p, None, "capability")] = "scenario" if p in scenario.capability else f"default {DEFAULT_CAPABILITY}"
    bounds = {}
    for i in issues:
        points = sorted(int(k) for k in (scenario.issues[i].scale or {})) or [0, 100]
        bounds[i] = (float(points[0]), float(points[-1]))
    return ModelInput(parties, issues, capability, position, salience, bounds, spread, source)


# --- files ----------------------------------------------------------------------------------------


def read_input(path: str | Path) -> ModelInput:
    """A model input from a BDM/Scholz CSV, a KTAB SMP CSV, a decide file, or redline's own YAML."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ModelInputError(f"cannot read ({exc.strerror})", source=str(path)) from None
    try:
        if path.suffix in (".yaml", ".yml"):
            return _from_yaml(yaml.safe_load(text))
        first = text.lstrip().splitlines()[0] if text.strip() else ""
        if first.startswith(("'#", "#A", "#P", "#D", "#M", "#0", "#/")):
            return read_decide(text)
        if first.replace(" ", "").lower().startswith("actor,capability,position,salience"):
            return read_bdm(text, issue=path.stem)
        return read_ktab(text)
    except ModelInputError as exc:
        raise ModelInputError(exc.message, source=str(path)) from None
    except (ValueError, KeyError, IndexError, TypeError, yaml.YAMLError) as exc:
        raise ModelInputError(f"not a model input this reader knows ({type(exc).__name__}: {exc})".replace("\n", " "),
                              source=str(path)) from None


def read_bdm(text: str, issue: str = "issue") -> ModelInput:
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r.get("Actor")]
    if not rows:
        raise ModelInputError("no actor rows")
    positions = [float(r["Position"]) for r in rows]
    return ModelInput([r["Actor"].strip() for r in rows], [issue], [float(r["Capability"]) for r in rows],
                      [[p] for p in positions], [[float(r["Salience"])] for r in rows],
                      {issue: (min(positions), max(positions))})


def write_bdm(model: ModelInput, issue: str | None = None) -> str:
    j = model.issues.index(issue) if issue else 0
    out = io.StringIO()
    out.write("Actor,Capability,Position,Salience\n")
    for a, actor in enumerate(model.actors):
        if not np.isnan(model.position[a, j]):
            out.write(f"{actor},{model.capability[a]:g},{model.position[a, j]:g},{model.salience[a, j]:g}\n")
    return out.getvalue()


def read_ktab(text: str) -> ModelInput:
    lines = [ln for ln in csv.reader(io.StringIO(text)) if any(c.strip() for c in ln)]
    if len(lines) < 3 or not lines[1] or lines[1][0].strip().lower() != "actor":
        raise ModelInputError("neither a BDM CSV (Actor,Capability,Position,Salience), a KTAB CSV (a scenario "
                              "line, then Actor,Description,Power,…), a decide file nor YAML")
    head = [c.strip() for c in lines[1]]
    n_dims = (len([c for c in head if c]) - 3) // 2
    if n_dims < 1:
        raise ModelInputError("a KTAB CSV needs a position and a salience column per dimension")
    names = [head[3 + 2 * d] or f"dim{d + 1}" for d in range(n_dims)]
    actors, power, pos, sal = [], [], [], []
    for row in lines[2:]:
        cells = [c.strip() for c in row]
        actors.append(cells[0])
        power.append(float(cells[2]))
        pos.append([float(cells[3 + 2 * d]) for d in range(n_dims)])
        sal.append([float(cells[4 + 2 * d]) / 100.0 for d in range(n_dims)])  # KTAB saliences are percents
    return ModelInput(actors, names, power, pos, sal, {k: (0.0, 100.0) for k in names})


def write_ktab(model: ModelInput, name: str = "redline", description: str = "from redline") -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([name, description, len(model.actors), len(model.issues), ""])
    w.writerow(["Actor", "Description", "Power"] + [c for i in model.issues for c in (i, f"Sal {i}")] + [""])
    for a, actor in enumerate(model.actors):
        cells = [actor, actor, f"{model.capability[a]:g}"]
        for j in range(len(model.issues)):
            held = not np.isnan(model.position[a, j])
            cells += [f"{model.position[a, j]:g}" if held else "50", f"{100 * model.salience[a, j]:g}" if held else "0"]
        w.writerow(cells + [""])
    return out.getvalue()


def read_decide(text: str) -> ModelInput:
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quotechar="'"))
    actors, issues, marks, data = [], [], {}, []
    for row in rows:
        if not row:
            continue
        tag = row[0].strip()
        if tag == "#A":
            actors.append(row[1])
        elif tag == "#P":
            issues.append(row[1])
        elif tag == "#M":
            marks.setdefault(row[1], []).append(float(row[2]))
        elif tag == "#D":
            data.append((row[1], row[2], float(row[3]), float(row[4]), float(row[5])))
    n, m = len(actors), len(issues)
    position, salience = np.full((n, m), np.nan), np.full((n, m), np.nan)
    power = np.zeros(n)
    for actor, issue, pos, sal, pw in data:
        a, j = actors.index(actor), issues.index(issue)
        position[a, j], salience[a, j] = pos, sal
        power[a] = pw  # decide gives power per actor and issue; the last one read stands for the actor
    bounds = {i: (min(marks.get(i, [0.0])), max(marks.get(i, [100.0]))) for i in issues}
    return ModelInput(actors, issues, power, position, salience, bounds)


def write_decide(model: ModelInput) -> str:
    out = io.StringIO()
    w = csv.writer(out, delimiter="\t", quotechar="'", quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    for actor in model.actors:
        w.writerow(["#A", actor, actor, ""])
    for issue in model.issues:
        lo, hi = model.bounds[issue]
        w.writerow(["#P", issue, issue, issue])
        w.writerow(["#M", issue, lo])
        w.writerow(["#M", issue, hi])
    for a, actor in enumerate(model.actors):
        for j, issue in enumerate(model.issues):
            if not np.isnan(model.position[a, j]):
                w.writerow(["#D", actor, issue, float(model.position[a, j]), float(model.salience[a, j]),
                            float(model.capability[a])])
    return out.getvalue()


def _from_yaml(data: dict) -> ModelInput:
    actors = list(data["actors"])
    issues = list(data["issues"])
    n, m = len(actors), len(issues)
    position, salience = np.full((n, m), np.nan), np.full((n, m), np.nan)
    capability = np.zeros(n)
    for a, actor in enumerate(actors):
        entry = data["actors"][actor] or {}
        capability[a] = float(entry.get("capability", DEFAULT_CAPABILITY))
        for issue, values in (entry.get("issues") or {}).items():
            j = issues.index(issue)
            position[a, j] = float(values["position"])
            salience[a, j] = float(values.get("salience", 0.5))
    bounds = {i: tuple(data.get("bounds", {}).get(i, (0, 100))) for i in issues}
    return ModelInput(actors, issues, capability, position, salience, bounds)


def to_yaml(model: ModelInput) -> str:
    actors = {}
    for a, actor in enumerate(model.actors):
        held = {issue: {"position": float(model.position[a, j]), "salience": float(model.salience[a, j])}
                for j, issue in enumerate(model.issues) if not np.isnan(model.position[a, j])}
        actors[actor] = {"capability": float(model.capability[a]), "issues": held}
    return yaml.safe_dump({"issues": model.issues, "bounds": {k: list(v) for k, v in model.bounds.items()},
                           "actors": actors}, sort_keys=False, allow_unicode=True)


def apply_overrides(model: ModelInput, path: str | Path) -> ModelInput:
    """Values from a file replace those of the model: YAML in redline's format, or a CSV with
    `actor,issue,position,salience,capability` columns (any subset, blanks skipped)."""
    path = Path(path)
    if path.suffix in (".yaml", ".yml"):
        other = read_input(path)
        rows = other.rows()
    else:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    for row in rows:
        actor, issue = row.get("actor"), row.get("issue")
        for what in ("capability", "position", "salience"):
            value = row.get(what)
            if value in (None, ""):
                continue
            target = f"{actor}.{issue}.{what}" if what != "capability" else f"{actor}.capability"
            if actor not in model.actors:
                model.actors.append(actor)
                model.capability = np.append(model.capability, DEFAULT_CAPABILITY)
                model.position = np.vstack([model.position, np.full(len(model.issues), np.nan)])
                model.salience = np.vstack([model.salience, np.full(len(model.issues), np.nan)])
                model.spread = np.vstack([model.spread, np.zeros(len(model.issues))])
            model.set(f"{target}={float(value)}")
            key = (actor, issue if what != "capability" else None, what)
            model.source[key] = f"override {path.name}"
    return model
