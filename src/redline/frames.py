"""pandas DataFrames of what the store holds, for notebooks: `Redline(db).positions(party=NAME)`.

Every frame is built from the rows `redline export` writes (so its row count equals the export's), with
typed columns (dates as datetime64, stances, types and languages as categories) and, on each row, its
evidence: `doc`, `doc_id`, `start`, `end` and `sentence`. The filters take the CLI's option names.
Needs the optional extra: `pip install 'redline[pandas]'`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date

from redline import api
from redline.errors import MissingExtra
from redline.session import pack_for
from redline.store import Store

STANCES = ("for", "against", "conditional")
PLOVER = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
          "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
EVIDENCE = ("doc", "doc_id", "start", "end", "sentence")


def _pandas():
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtra("the DataFrame API needs pandas: pip install 'redline[pandas]'") from None
    return pd


def _day(value: str | date | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


_END = re.compile(r"[.!?。！？…](?=\s)|[。！？]|\n")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of TEXT that holds [start, end): from the end of the sentence before to the end of this
    one (a stop followed by a space, a CJK stop, or a line break)."""
    if not text:
        return ""
    before = [m.end() for m in _END.finditer(text, 0, start)]
    after = _END.search(text, end)
    return text[before[-1] if before else 0: after.end() if after else len(text)].strip()


def _evidence(row: dict, span: dict | None, sentence: str | None) -> dict:
    span = span or {}
    return {"doc": span.get("doc", row.get("doc")), "doc_id": span.get("id"), "start": span.get("start"),
            "end": span.get("end"), "sentence": sentence}


def _record(row: dict, sentence_key: str = "text") -> dict:
    """An export row of a record kind, its nested evidence flattened into the evidence columns."""
    flat = {k: v for k, v in row.items() if k not in ("evidence", sentence_key)}
    return {**_evidence(row, row.get("evidence"), row.get(sentence_key) if sentence_key else None), **flat}


class Redline:
    """One store and its pack, read as DataFrames. `db`: a SQLite path, a database URL or a Store."""

    def __init__(self, db: str | Store | None = None, *, scenario: str | None = None):
        self.store = db if isinstance(db, Store) else api._store(db)
        self.scenario = scenario
        self.pack = pack_for(self.store, scenario)  # the store's pack unless another is named

    # --- typing ---------------------------------------------------------------------------------------

    def _frame(self, rows: list[dict], *, dates: tuple[str, ...] = (), categories: dict | None = None,
               first: tuple[str, ...] = EVIDENCE):
        pd = _pandas()
        frame = pd.DataFrame(rows)
        if frame.empty:
            frame = pd.DataFrame(columns=list(first))
        for col in dates:
            if col in frame:
                frame[col] = pd.to_datetime(frame[col], errors="coerce", format="ISO8601")
        for col, values in (categories or {}).items():
            if col in frame:
                known = list(values) if values is not None else sorted({v for v in frame[col] if isinstance(v, str)})
                extra = sorted({v for v in frame[col] if isinstance(v, str)} - set(known))
                frame[col] = pd.Categorical(frame[col], categories=known + extra)
        for col in ("start", "end"):
            if col in frame:
                frame[col] = frame[col].astype("Int64")
        order = [c for c in first if c in frame] + [c for c in frame if c not in first]
        return frame[order]

    def _issues(self) -> list[str]:
        return list(self.pack.issues)

    # --- documents and records ------------------------------------------------------------------------

    def documents(self, *, search: str | None = None, flag: str | None = None, lang: str | None = None,
                  outlet: str | None = None):
        """One row per document (the export's fields), filtered as `redline docs` filters."""
        rows = api.export_rows("documents", self.store)
        if search or flag or lang or outlet:
            found = api.list_documents(self.store, search=search, flag=flag, language=lang, outlet=outlet, limit=None)
            keep = {d["id"] for d in found["documents"]}
            rows = [r for r in rows if r["id"] in keep]
        return self._frame(rows, dates=("published",), categories={"language": None, "format": None},
                           first=("id", "doc", "published", "language", "outlet", "title", "flags"))

    def _records(self, kind: str, keep: Callable[[dict], bool], sentence_key: str = "text") -> list[dict]:
        return [_record(r, sentence_key) for r in api.export_rows(kind, self.store) if keep(r)]

    def statements(self, *, speaker: str | None = None, party: str | None = None, kind: str | None = None,
                   doc: str | None = None):
        """Who said what; `sentence` is what was said, `speaker_span` where the speaker is named."""
        rows = self._records("statements", lambda r: (not speaker or r["speaker"] == speaker)
                             and (not party or r["party"] == party) and (not kind or r["kind"] == kind)
                             and (not doc or r["doc"] == doc))
        return self._frame(rows, dates=("date",), categories={"kind": ("direct", "indirect"), "party": None})

    def positions(self, *, party: str | None = None, issue: str | None = None, stance: str | None = None,
                  doc: str | None = None):
        """Stances of actors on issues, one row per piece of evidence."""
        rows = self._records("positions", lambda r: (not party or r["party"] == party)
                             and (not issue or r["issue"] == issue) and (not stance or r["stance"] == stance)
                             and (not doc or r["doc"] == doc))
        return self._frame(rows, dates=("date",),
                           categories={"stance": STANCES, "issue": self._issues(), "party": None})

    def events(self, *, party: str | None = None, etype: str | None = None, doc: str | None = None):
        """Events as each document reports them (the timeline merges them across documents)."""
        rows = self._records("events", lambda r: (not party or party in r["parties"] or party in r["actors"])
                             and (not etype or r["type"] == etype.upper()) and (not doc or r["doc"] == doc))
        return self._frame(rows, dates=("date",), categories={"type": PLOVER, "status": None,
                                                             "date_precision": None})

    def claims(self, *, issue: str | None = None, unit: str | None = None, doc: str | None = None):
        """Numeric claims: `text` is the number as written (`start`, `end`), `sentence` the sentence around it."""
        rows = [_record(r, sentence_key="") for r in api.export_rows("claims", self.store)
                if (not issue or r["issue"] == issue) and (not unit or r["unit"] == unit) and (not doc or r["doc"] == doc)]
        texts = api.document_texts((r["doc_id"] for r in rows), self.store)
        for r in rows:
            r["sentence"] = sentence_around(texts.get(r["doc_id"], ""), r["start"], r["end"]) or r["text"]
        return self._frame(rows, categories={"unit": None, "issue": self._issues()})

    # --- the picture across documents -----------------------------------------------------------------

    def timeline(self, *, as_of: str | date | None = None, since: str | date | None = None,
                 party: str | None = None, etype: str | None = None):
        """Merged events, as `redline timeline`; evidence is the first report, `reports` holds them all."""
        rows = []
        for e in api.timeline(self.store, as_of=_day(as_of), since=_day(since), scenario=self.scenario,
                              party=party, etype=etype):
            first = e["reports"][0] if e["reports"] else None
            rows.append({**_evidence(e, first, first and first["text"]), "event": e["id"], **{
                k: v for k, v in e.items() if k != "id"}, "n_sources": len(e["sources"])})
        return self._frame(rows, dates=("date", "reference"), categories={"type": PLOVER, "status": None})

    def tracker(self, *, as_of: str | date | None = None, since: str | date | None = None,
                party: str | None = None, issue: str | None = None):
        """Party × issue stances, as `redline tracker` (with `since`, only what moved); evidence is the
        latest piece, `history` holds them all."""
        rows = []
        for r in api.tracker(self.store, as_of=_day(as_of), since=_day(since), scenario=self.scenario,
                             party=party, issue=issue, moved_only=since is not None):
            latest = r["history"][-1]["evidence"] if r["history"] else None
            rows.append({**_evidence(r, latest, latest and latest["text"]), **r})
        return self._frame(rows, dates=("last_date", "as_of"),
                           categories={"stance": STANCES, "issue": self._issues(), "party": None},
                           first=("party", "issue", "stance", "position", *EVIDENCE))

    def tracker_view(self, **filters) -> TrackerView:
        """The tracker as a party × issue grid that shows itself in a notebook."""
        return TrackerView(self.tracker(**filters))

    def contradictions(self):
        """Findings that disagree, as `redline contradictions`; evidence is the first span, `evidence` all."""
        rows = []
        for c in api.contradictions(self.store, scenario=self.scenario):
            first = c["evidence"][0] if c["evidence"] else None
            rows.append({**_evidence(c, first, first and first.get("text")), **c})
        return self._frame(rows, categories={"kind": None}, first=("kind", "summary", *EVIDENCE))

    def alerts(self, **filters):
        """Alerts, where this build has them (`redline.api.alerts`); one row per alert with its evidence."""
        fetch = getattr(api, "alerts", None)
        if fetch is None:
            raise MissingExtra("this build of redline has no alerts yet (redline.api.alerts is missing)")
        rows = []
        for a in fetch(self.store, **filters):
            spans = a.get("evidence") or []
            first = spans[0] if spans else None
            rows.append({**_evidence(a, first, first and first.get("text")), **a})
        return self._frame(rows, dates=("date", "created_at"), categories={"kind": None})

    # --- models ---------------------------------------------------------------------------------------

    def model_runs(self):
        """One row per saved model run: method, parameters, outcome per issue and the blocking issue."""
        rows = []
        for run in api.model_runs(self.store):
            result, params = run["result"], run["params"]
            block = result.get("blocking_issue") or {}
            rows.append({"run_id": run["run_id"], "created_at": run["created_at"], "method": run["method"],
                         "rounds": params.get("rounds"), "runs": params.get("runs"), "seed": params.get("seed"),
                         "sets": params.get("sets") or [], "as_of": params.get("as_of"),
                         "outcomes": {k: v.get("outcome") for k, v in result.get("issues", {}).items()},
                         "blocking_issue": block.get("issue"), "n_inputs": len(run["inputs"])})
        return self._frame(rows, dates=("created_at", "as_of"), categories={"method": None}, first=("run_id",))

    def model_rounds(self, run_id: int | None = None):
        """Each actor's position per round and issue of a saved run (the latest by default), long format."""
        runs = api.model_runs(self.store)
        if run_id is not None:
            runs = [r for r in runs if r["run_id"] == run_id]
        rows = [{"run_id": run["run_id"], "issue": issue, "round": rnd["round"], "actor": actor, "position": pos}
                for run in runs[-1:] for issue, data in run["result"].get("issues", {}).items()
                for rnd in data.get("rounds", []) for actor, pos in rnd["positions"].items()]
        return self._frame(rows, categories={"issue": None, "actor": None}, first=("run_id", "issue", "round"))

    # --- the briefing ---------------------------------------------------------------------------------

    def brief(self, *, as_of: str | date | None = None, since: str | date | None = None) -> Brief:
        """The briefing; in a notebook it shows itself as the HTML briefing."""
        return Brief(api.brief(self.store, as_of=_day(as_of), since=_day(since), scenario=self.scenario))


class Brief:
    """The briefing as data (`.data`), text (`str()`), Markdown (`.markdown()`) and HTML in a notebook."""

    def __init__(self, data: dict):
        self.data = data

    def __str__(self) -> str:
        from redline.picture.render import render

        return render(self.data, "text")

    def markdown(self) -> str:
        from redline.picture.render import render

        return render(self.data, "md")

    def _repr_html_(self) -> str:
        from redline.picture.render import render

        page = render(self.data, "html")  # a whole page: isolated in a frame so its styles stay inside
        return (f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;height:640px;border:0" '
                f'sandbox title="redline briefing"></iframe>')


class TrackerView:
    """Party × issue grid of stances and 0–100 positions; each cell's title is its latest evidence."""

    COLOURS = {"for": "#1f77b4", "against": "#d62728", "conditional": "#b8860b"}

    def __init__(self, frame):
        self.frame = frame

    def _repr_html_(self) -> str:
        parties = list(dict.fromkeys(self.frame["party"].astype(str))) if len(self.frame) else []
        issues = list(dict.fromkeys(self.frame["issue"].astype(str))) if len(self.frame) else []
        cells = {(str(r.party), str(r.issue)): r for r in self.frame.itertuples()}
        head = "".join(f"<th>{html.escape(i)}</th>" for i in issues)
        body = []
        for p in parties:
            tds = []
            for i in issues:
                r = cells.get((p, i))
                if r is None:
                    tds.append("<td>·</td>")
                    continue
                pos = "" if r.position is None or r.position != r.position else f" {r.position:.0f}"
                tip = f"{r.doc}:{r.start} {r.sentence or ''}"
                tds.append(f'<td style="color:{self.COLOURS.get(str(r.stance), "inherit")}" '
                           f'title="{html.escape(tip, quote=True)}">{html.escape(str(r.stance))}{pos}</td>')
            body.append(f"<tr><th>{html.escape(p)}</th>{''.join(tds)}</tr>")
        return (f"<table class='redline-tracker'><thead><tr><th></th>{head}</tr></thead>"
                f"<tbody>{''.join(body)}</tbody></table>")

    def __repr__(self) -> str:
        return f"TrackerView({len(self.frame)} positions)"
