"""The commands of the watch list (`watch`, `alerts`, `signals`) and of what is at stake (`redlines`,
`commitments`): registered on the `redline` app, kept apart from the other commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from redline import api
from redline.cli import (
    DbOption,
    JsonOption,
    ScenarioOption,
    SinceOption,
    WorkersOption,
    _call,
    _day,
    _fail,
    _json,
    app,
    err,
    out,
)
from redline.errors import RedlineError
from redline.report.tables import refs as _refs

SignalsOption = Annotated[Path | None, typer.Option(
    "--signals", help="A watch list (YAML) [default: the pack's signals.yaml].")]


def _where(evidence: list[dict], n: int = 2) -> str:
    return _refs(evidence, n) if evidence else "—"


@app.command()
def watch(
    sources: Annotated[list[str] | None, typer.Argument(
        help="Folders, feed files and feed URLs to poll (none: only what is already in the store).")] = None,
    every: Annotated[str, typer.Option("--every", help="Time between passes: 30s, 15m, 2h, 1d.")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit (for cron and systemd timers).")] = False,
    passes: Annotated[int, typer.Option("--passes", min=0, help="Stop after this many passes (0: never).")] = 0,
    signals_file: SignalsOption = None,
    jsonl: Annotated[Path | None, typer.Option("--jsonl", help="Append each alert to this JSON Lines file.")] = None,
    webhook: Annotated[str | None, typer.Option("--webhook", help="POST each alert as JSON to this URL.")] = None,
    scenario: ScenarioOption = None,
    workers: WorkersOption = 1,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per pass (JSON Lines).")] = False,
) -> None:
    """Poll folders, feeds and URLs: ingest what is new, extract it, fire the signals on what changed.

    Each pass prints one line and the alerts it fired; a source that fails is one error line and the
    others go on. A killed watch loses nothing: the next pass finishes its work."""
    from redline.watch.poll import parse_every

    try:
        interval = None if once else parse_every(every)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(code=2) from None
    failed = []

    def on_alert(alert: dict) -> None:
        if not as_json:
            out.print(f"[bold yellow]alert[/] [bold]{escape(alert['rule'])}[/]: {escape(alert['summary'])} "
                      f"[dim]{escape(_where(alert['evidence']))}[/]", soft_wrap=True)

    def on_error(message: str) -> None:
        failed.append(message)
        err.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)

    def on_pass(report) -> None:
        if as_json:
            sys.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, default=str) + "\n")
            sys.stdout.flush()
        else:
            out.print(report.line(), soft_wrap=True)

    try:
        reports = api.watch(sources or [], db, every=interval, passes=passes, signals_file=signals_file,
                            scenario=scenario, jsonl=jsonl, webhook=webhook, workers=workers, on_pass=on_pass,
                            on_alert=on_alert, on_error=on_error)
    except RedlineError as exc:
        raise _fail(exc) from None
    except KeyboardInterrupt:
        err.print("watch stopped")
        return
    if reports and reports[-1].errors:
        raise typer.Exit(code=1)


@app.command()
def alerts(
    rule: Annotated[str | None, typer.Option("--rule", help="Only the alerts of this rule.")] = None,
    since: SinceOption = None,
    limit: Annotated[int, typer.Option("--limit", help="Rows to show (0: all).")] = 50,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The alerts the signals fired, newest first, with their rule, time and evidence."""
    found = _call(api.alerts, db, rule=rule, since=_day(since, "--since"), limit=limit or None)
    if _json(found, as_json):
        return
    table = Table(show_edge=False, title=f"{len(found)} alerts", title_justify="left")
    table.add_column("day", no_wrap=True)
    for col in ("rule", "what", "evidence"):
        table.add_column(col, overflow="fold", ratio=2 if col == "what" else 1)
    for a in found:
        table.add_row(a["day"] or a["fired_at"][:10], escape(a["rule"]), escape(a["summary"]),
                      escape(_where(a["evidence"])))
    out.print(table)


@app.command()
def signals(signals_file: SignalsOption = None, scenario: ScenarioOption = None, db: DbOption = None,
            as_json: JsonOption = False) -> None:
    """Check a watch list against the store's pack and show its rules (the pack's own by default)."""
    rules = _call(api.signals, signals_file, db, scenario=scenario)
    if _json(rules, as_json):
        return
    table = Table(show_edge=False, title=f"{len(rules)} signals", title_justify="left")
    for col in ("name", "kind", "fields"):
        table.add_column(col, overflow="fold")
    for r in rules:
        fields = ", ".join(f"{k}={v}" for k, v in r.items() if k not in ("name", "kind", "note"))
        table.add_row(escape(r["name"]), r["kind"], escape(fields))
    out.print(table)


@app.command()
def redlines(
    party: Annotated[str | None, typer.Option("--party", help="Only this party's red lines.")] = None,
    scenario: ScenarioOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Each party's red lines (stances stated as non-negotiable), and which terms of each proposal cross them."""
    data = _call(api.redlines, db, scenario=scenario)
    if party:
        data["red_lines"] = {p: v for p, v in data["red_lines"].items() if p == party}
        data["matrix"] = {k: {p: v for p, v in row.items() if p == party} for k, row in data["matrix"].items()}
    if _json(data, as_json):
        return
    lines = Table(show_edge=False, title=f"Red lines of {len(data['red_lines'])} parties", title_justify="left")
    for col in ("party", "issue", "stance", "since", "cue", "evidence"):
        lines.add_column(col, overflow="fold")
    for who, held in data["red_lines"].items():
        for line in held:
            lines.add_row(escape(who), line["issue"], line["stance"], line["date"] or "undated",
                          escape(", ".join(line["cues"])), escape(_where(line["evidence"])))
    out.print(lines)
    grid = Table(show_edge=False, title="Proposal × party: terms that cross a red line", title_justify="left")
    grid.add_column("proposal", overflow="fold")
    grid.add_column("party", overflow="fold")
    grid.add_column("crosses", overflow="fold")
    grid.add_column("evidence", overflow="fold")
    for name, row in data["matrix"].items():
        for who, crossing in row.items():
            if not crossing:
                grid.add_row(escape(name), escape(who), "[green]none[/]", "")
                continue
            for c in crossing:
                term = (", ".join(f"{n['value']:,.0f} {n['unit']}" for n in c["numbers"]) if c["term"] == "number"
                        else c["term"])
                grid.add_row(escape(name), escape(who), f"[red]{c['issue']}[/]: {escape(term)} vs {c['red_line']}",
                             escape(_where(c["term_evidence"], 1) + " / " + _where(c["red_line_evidence"], 1)))
    out.print(grid)
    for p in data["proposals"]:
        out.print(f"{escape(p['name'])} ({escape(', '.join(p['authors']) or 'no author')}): "
                  f"{len(p['terms'])} terms from {p['documents']} documents")


@app.command()
def commitments(
    status: Annotated[str | None, typer.Option(
        "--status", help="Only: open, fulfilled, partly, violated or disputed.")] = None,
    scenario: ScenarioOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The terms of agreements reached, tracked against later reports: fulfilled, partly, violated, disputed."""
    rows = _call(api.commitments, db, scenario=scenario)
    if status:
        rows = [r for r in rows if r["status"] == status]
    if _json(rows, as_json):
        return
    table = Table(show_edge=False, title=f"{len(rows)} commitments", title_justify="left")
    table.add_column("agreed", no_wrap=True)
    for col in ("issues", "parties", "terms", "status"):
        table.add_column(col, overflow="fold")
    style = {"fulfilled": "green", "partly": "yellow", "violated": "red", "disputed": "magenta"}
    for r in rows:
        terms = ", ".join(f"{t['value']:,.0f} {t['unit']}" for t in r["terms"])
        table.add_row(r["date"] or "undated", ", ".join(r["issues"]), escape(", ".join(r["parties"])), terms,
                      f"[{style.get(r['status'], 'dim')}]{r['status']}[/]")
    out.print(table)
    for k, r in enumerate(rows, start=1):  # the sources on each side, under the table
        out.print(f"{k}. agreed in {escape(_where(r['evidence'], 2))}", soft_wrap=True)
        for kind in ("fulfilled", "partly", "violated", "denied"):
            for e in r[kind][:3]:
                out.print(f"   {kind}: {escape(e['doc'])}:{e['start']} ({escape(e['outlet'] or '-')}"
                          f"{', ' + escape(e['side']) + ' media' if e['side'] else ''}): {escape(e['text'][:120])}",
                          soft_wrap=True)
