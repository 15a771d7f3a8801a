"""The `redline` command: a thin layer that parses options, calls redline.api and prints."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from redline import __version__, api
from redline.errors import RedlineError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Follow a negotiation through the news, every item linked to its source sentence.",
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="REDLINE_DB", help="Store: a SQLite path or database URL [default: ./redline.db]."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead of tables.")]

SPAN_STYLES = {
    "seo": "bold red strike",
    "citation": "bold magenta strike",
    "editorial_note": "magenta strike",
    "disclaimer": "yellow strike",
    "boilerplate": "dim strike",
}


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _fail(exc: RedlineError) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
    return typer.Exit(code=1)


def _call(fn, *args, **kwargs):
    """Call the API; a RedlineError becomes one error line and exit code 1."""
    try:
        return fn(*args, **kwargs)
    except RedlineError as exc:
        raise _fail(exc) from None


def _json(data: object, as_json: bool) -> bool:
    """Print `data` as JSON when asked; say whether it was."""
    if as_json:
        _print_json(data)
    return as_json


@app.callback(invoke_without_command=True)
def _main(version: Annotated[bool, typer.Option("--version", help="Show the version and exit.")] = False) -> None:
    if version:
        out.print(f"redline {__version__}")
        raise typer.Exit()


ScenarioOption = Annotated[
    str | None, typer.Option("--scenario", help="Scenario pack folder [default: the bundled Russia–Ukraine pack].")
]
WorkersOption = Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes for extraction.")]
ClusterOption = Annotated[str | None, typer.Option(
    "--cluster", envvar="REDLINE_CLUSTER",
    help="Extract on a Dask cluster: tcp://scheduler:8786, or local:N for N local worker processes.")]


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files and directories (read recursively).")] = None,
    url: Annotated[list[str] | None, typer.Option("--url", help="Fetch a page (needs a network).")] = None,
    no_extract: Annotated[bool, typer.Option("--no-extract", help="Store the documents only; extract later.")] = False,
    lang: Annotated[str | None, typer.Option("--lang", help="Take every document to be in this language (ISO 639-1).")] = None,
    scenario: ScenarioOption = None,
    workers: WorkersOption = 1,
    cluster: ClusterOption = None,
    resume: Annotated[bool, typer.Option(
        "--resume/--no-resume",
        help="Also finish the files of ingests that were killed (run with no paths to do only that).")] = True,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Read articles (text, HTML, news-please JSON, JSON Lines, RSS/Atom), store them once, extract what they say.

    Files are queued before they are read: if an ingest is killed, the next one finishes its files, and
    files already read by this code are not read again."""
    paths = paths or []
    urls = url or []
    if not paths and not urls and not api.interrupted_runs(db):
        err.print("[red]error:[/red] give files, directories or --url (no interrupted ingest is waiting to be resumed)")
        raise typer.Exit(code=2)
    try:
        with Progress(
            TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            TextColumn("{task.description}"), console=err, disable=as_json or not err.is_terminal,
        ) as bar:
            task = bar.add_task("", total=None)

            def on_start(total: int) -> None:
                bar.update(task, total=total)

            def on_file(label: str) -> None:
                bar.update(task, advance=1, description=Path(label).name[:40])

            def on_error(message: str) -> None:
                bar.console.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)

            def on_extract(_doc_id: str) -> None:
                if bar.tasks[-1].description != "extract":
                    bar.add_task("extract", total=None)
                bar.update(bar.tasks[-1].id, advance=1)

            report = api.ingest(paths, urls=urls, db=db, on_file=on_file, on_error=on_error,
                                extract=not no_extract, scenario=scenario, workers=workers, on_extract=on_extract,
                                language=lang, cluster=cluster, resume=resume, on_start=on_start)
    except RedlineError as exc:
        raise _fail(exc) from None
    if as_json:
        _print_json(report.as_dict())
    else:
        out.print(
            f"{report.files} files{f' ({report.resumed} from interrupted ingests)' if report.resumed else ''}"
            f"{f', {report.skipped} unchanged since read' if report.skipped else ''}"
            f"{f', {report.vanished} of interrupted ingests gone since' if report.vanished else ''}: "
            f"[green]{report.new} new[/green], {report.duplicate} already stored, "
            f"[{'red' if report.failed else 'green'}]{report.failed} failed[/]; {report.extracted} documents extracted"
        )
    if not report.ok:
        raise typer.Exit(code=1)


@app.command()
def extract(
    redo_all: Annotated[bool, typer.Option("--all", help="Extract every document again, not only pending ones.")] = False,
    scenario: ScenarioOption = None,
    workers: WorkersOption = 1,
    cluster: ClusterOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Extract actors, statements, positions, events and claims (after a scenario or code change)."""
    errors: list[str] = []
    try:
        total = api.pending_count(db, scenario=scenario, redo=redo_all)
        with Progress(
            TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=err, disable=as_json or not err.is_terminal,
        ) as bar:
            task = bar.add_task("", total=total)
            done = api.run_extraction(db, redo=redo_all, scenario=scenario, workers=workers,
                                      on_doc=lambda _d: bar.update(task, advance=1), on_error=errors.append,
                                      cluster=cluster)
    except RedlineError as exc:
        raise _fail(exc) from None
    for message in errors:
        err.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
    if as_json:
        _print_json({"extracted": done, "failed": len(errors), "errors": errors})
    else:
        out.print(f"{done} documents extracted, {len(errors)} failed")
    if errors:
        raise typer.Exit(code=1)


def _count_table(title: str, counts: dict, label: str) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False)
    table.add_column(label)
    table.add_column("documents", justify="right")
    for key, n in counts.items():
        table.add_row(escape(str(key if key is not None else "—")), str(n))
    return table


@app.command()
def status(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Counts of documents by language, outlet, flag and month."""
    data = _call(api.status, db)
    if _json(data, as_json):
        return
    out.print(f"[bold]{data['documents']}[/bold] documents in {data['stories']} stories — store {escape(data['store'])}")
    out.print(_count_table("By language", data["by_language"], "language"))
    out.print(_count_table("By flag", data["by_flag"], "flag"))
    out.print(_count_table("By month published", data["by_month"], "month"))
    outlets = dict(list(data["by_outlet"].items())[:15])
    out.print(_count_table(f"By outlet (top {len(outlets)} of {len(data['by_outlet'])})", outlets, "outlet"))
    work = data["queue"]
    waiting = [f"{r['pending_files']} files in {r['state']} ingest run {r['run']}" for r in work["runs"]]
    waiting.append(f"{work['documents_to_extract']} documents to extract ({work['extracting_now']} being extracted now)")
    out.print("Work waiting: " + "; ".join(waiting) + (
        " — run `redline ingest` to finish interrupted ingests" if any(r["state"] == "interrupted"
                                                                       for r in work["runs"]) else ""))


@app.command()
def docs(
    search: Annotated[str | None, typer.Option("--search", "-s", help="Text to find in title or body.")] = None,
    flag: Annotated[str | None, typer.Option("--flag", help="Only documents with this flag.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Only documents in this language (ISO 639-1).")] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="Only documents from this outlet.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="How many to show.")] = 50,
    offset: Annotated[int, typer.Option("--offset", help="How many to skip.")] = 0,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List documents, newest first."""
    try:
        data = api.list_documents(db, search=search, flag=flag, language=lang, outlet=outlet, limit=limit,
                                  offset=offset)
    except RedlineError as exc:
        raise _fail(exc) from None
    if as_json:
        _print_json(data)
        return
    table = Table(show_edge=False, title=f"{data['total']} documents", title_justify="left")
    fixed = {"id": 8, "published": 10, "lang": 4, "outlet": 16, "flags": 17, "story": 5}
    if out.width < 120:  # a narrow terminal keeps what identifies a document
        fixed = {"id": 8, "published": 10, "lang": 4, "flags": 12}
    title_width = max(16, out.width - sum(fixed.values()) - 3 * (len(fixed) + 1))
    columns = [*list(fixed)[:3], *(["outlet"] if "outlet" in fixed else []), "title", "flags",
               *(["story"] if "story" in fixed else [])]
    for col in columns:
        table.add_column(col, width=title_width if col == "title" else fixed[col], no_wrap=True,
                         overflow="ellipsis", justify="right" if col == "story" else "left")
    for d in data["documents"]:
        cells = {
            "id": d["id"][:8], "published": d["published"] or "—", "lang": d["language"] or "—",
            "outlet": escape(d["outlet"] or "—"), "title": escape(d["title"] or d["doc_name"]),
            "flags": ", ".join(d["flags"]), "story": f"{d['cluster_size']}×" if d["cluster_size"] > 1 else "",
        }
        table.add_row(*(cells[col] for col in columns))
    out.print(table)


@app.command()
def show(
    doc: Annotated[str, typer.Argument(help="Document id, id prefix or file name.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print one document with its metadata, flags and the removed spans marked."""
    data = _call(api.get_document, doc, db)
    if _json(data, as_json):
        return
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column()
    for key in ("id", "doc_name", "title", "outlet", "url", "author", "published", "language", "format"):
        value = data.get(key)
        if key == "published" and value:
            value = f"{value} ({data['published_precision']}, from {data['published_from']})"
        meta.add_row(key, escape(str(value)) if value else "—")
    meta.add_row("flags", ", ".join(data["flags"]) or "none")
    meta.add_row("sources", escape("; ".join(data["sources"])))
    if data["cluster"]:
        meta.add_row("near-duplicates", escape(", ".join(f"{c['doc_name']} ({c['outlet']})" for c in data["cluster"])))
    out.print(meta)
    scores = Table(show_edge=False, title="Flag scores", title_justify="left")
    for col in ("flag", "set", "score", "why"):
        scores.add_column(col)
    for f in data["flag_scores"]:
        scores.add_row(f["flag"], "yes" if f["set"] else "no", f"{f['score']:.2f}", escape(f["reason"]))
    out.print(scores)
    _extraction_tables(data)
    if out.is_terminal and not out.no_color:
        text = Text(data["text"])
        for span in data["removed"]:
            text.stylize(SPAN_STYLES.get(span["kind"], "strike"), span["start"], span["end"])
        for st in data["statements"]:
            text.stylize("green", st["start"], st["end"])
            if st["speaker_start"] is not None:
                text.stylize("bold green", st["speaker_start"], st["speaker_end"])
        for m in data["mentions"]:
            text.stylize("underline cyan", m["start"], m["end"])
        for c in data["claims"]:
            text.stylize("bold yellow", c["start"], c["end"])
        out.rule("text: [cyan underline]actors[/] [green]statements[/] [bold yellow]numbers[/] [strike]debris[/]")
    else:
        text = Text(_mark_spans(data["text"], data["removed"]))
        out.rule("text (removed debris between ⟦kind: … ⟧)")
    out.print(text)
    if data["removed"]:
        legend = "  ".join(f"[{style}]{kind}[/]" for kind, style in SPAN_STYLES.items())
        out.rule()
        out.print(f"removed spans: {len(data['removed'])}   {legend}")


def _records_table(title: str, columns: list[tuple[str, dict]], rows: list[tuple]) -> None:
    """Print one table of extracted records, if there are any."""
    if not rows:
        return
    table = Table(show_edge=False, title=title, title_justify="left")
    for col, kw in columns:
        table.add_column(col, **kw)
    for row in rows:
        table.add_row(*row)
    out.print(table)


def _span(record: dict) -> str:
    return f"{record['start']}–{record['end']}"


def _extraction_tables(data: dict) -> None:
    """Who said what, positions, events and numbers of one document, each with its character span."""
    plain: dict = {}
    _records_table(
        "Statements",
        [("speaker", plain), ("kind", plain), ("cue", plain), ("what was said", {"ratio": 1}), ("span", plain)],
        [(escape(st["speaker"]), st["kind"], escape(st["cue"]), escape(st["text"][:160]), _span(st))
         for st in data["statements"]],
    )
    _records_table(
        "Positions",
        [(col, plain) for col in ("party", "issue", "stance", "held by", "cue", "span")],
        [(escape(p["party"] or "—"), p["issue"], p["stance"], escape(p["actor"]), escape(p["cue"] or ""), _span(p))
         for p in data["positions"]],
    )
    _records_table(
        "Events",
        [(col, plain) for col in ("type", "date", "actors", "location", "status", "span")],
        [(e["type"], e["date"] or "—", escape(", ".join(e["actors"])), escape(e["location"] or "—"), e["status"],
          _span(e)) for e in data["events"]],
    )
    _records_table(
        "Numbers",
        [(col, plain) for col in ("value", "unit", "as written", "issue", "span")],
        [(f"{c['value']:,.0f}" if c["value"] >= 1000 else f"{c['value']:g}", c["unit"], escape(c["text"]),
          c["issue"] or "—", _span(c)) for c in data["claims"]],
    )


def _mark_spans(original: str, spans: list[dict]) -> str:
    """The original text with each removed span wrapped in ⟦kind: … ⟧, for output without colour."""
    pieces, pos = [], 0
    for span in spans:
        pieces.append(original[pos : span["start"]])
        pieces.append(f"⟦{span['kind']}: {original[span['start'] : span['end']]}⟧")
        pos = span["end"]
    pieces.append(original[pos:])
    return "".join(pieces)


@app.command()
def export(
    out_dir: Annotated[Path, typer.Argument(help="Directory to write to (created if missing).")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write documents.jsonl (or .csv/.parquet) in the evaluation format, plus richer fields."""
    try:
        written = api.export(out_dir, db, fmt=fmt)
    except RedlineError as exc:
        raise _fail(exc) from None
    except ValueError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(code=2) from None
    if as_json:
        _print_json(written)
        return
    for name, n in written.items():
        out.print(f"{n} rows → {escape(str(out_dir / name))}")


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        err.print(f"[red]error:[/red] {option} takes a date as YYYY-MM-DD, not {escape(value)!r}")
        raise typer.Exit(code=2) from None


AsOfOption = Annotated[str | None, typer.Option("--as-of", help="Replay the state at this date (YYYY-MM-DD).")]
SinceOption = Annotated[str | None, typer.Option("--since", help="What moved or happened after this date (YYYY-MM-DD).")]


def _refs(items: list[dict], n: int = 2) -> str:
    return " ".join(f"{e['doc']}:{e['start']}" for e in items[:n])


@app.command()
def timeline(
    as_of: AsOfOption = None,
    since: SinceOption = None,
    party: Annotated[str | None, typer.Option("--party", help="Only events this party took part in.")] = None,
    etype: Annotated[str | None, typer.Option("--type", help="Only events of this PLOVER type.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Rows to show (0: all).")] = 50,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Events merged across documents and languages, with their sources and where the sources differ."""
    events = _call(api.timeline, db, as_of=_day(as_of, "--as-of"), since=_day(since, "--since"))
    events = [e for e in events if (not party or party in e["parties"] or party in e["actors"])
              and (not etype or e["type"] == etype.upper())]
    if _json(events, as_json):
        return
    shown = events[:limit] if limit else events
    table = Table(show_edge=False, title=f"{len(events)} events" + (f" (first {len(shown)})" if len(shown) < len(events) else ""),
                  title_justify="left")
    table.add_column("date", no_wrap=True)
    table.add_column("type", no_wrap=True)
    for col in ("parties", "place"):
        table.add_column(col, overflow="fold")
    table.add_column("n", justify="right", no_wrap=True)
    for col in ("differ on", "first source"):
        table.add_column(col, overflow="fold")
    for e in shown:
        differ = ", ".join(sorted({d["field"] for d in e["disagreements"]}))
        when = e["date"] or (f"≈{e['reference']}" if e["reference"] else "undated")
        table.add_row(when, e["type"], ", ".join(e["parties"]), e["location"] or "",
                      str(len(e["sources"])), differ, escape(_refs(e["reports"], 1)))
    out.print("[dim]≈ an undated event, placed at its first report[/dim]")
    out.print(table)


@app.command()
def tracker(
    as_of: AsOfOption = None,
    since: SinceOption = None,
    party: Annotated[str | None, typer.Option("--party", help="Only this party.")] = None,
    issue: Annotated[str | None, typer.Option("--issue", help="Only this issue id.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Each party's stance on each issue, its position on the 0–100 scale, and what moved since a date."""
    since_day = _day(since, "--since")
    rows = _call(api.tracker, db, as_of=_day(as_of, "--as-of"), since=since_day)
    rows = [r for r in rows if (not party or r["party"] == party) and (not issue or r["issue"] == issue)]
    if since_day:
        rows = [r for r in rows if r.get("moved")]
    if _json(rows, as_json):
        return
    title = f"{len(rows)} positions" + (f" that moved since {since_day}" if since_day else "")
    table = Table(show_edge=False, title=title, title_justify="left")
    for col in ("party", "issue"):
        table.add_column(col, overflow="fold")
    for col in ("stance", "pos", "share", "n", "last"):
        table.add_column(col, no_wrap=True, justify="left" if col in ("stance", "last") else "right")
    table.add_column("latest source", overflow="fold")
    if since_day:
        table.add_column("was")
        table.add_column("moved by", overflow="fold")
    style = {"for": "blue", "against": "red", "conditional": "yellow"}
    for r in rows:
        latest = r["history"][-1]["evidence"]
        cells = [r["party"], r["issue"], Text(r["stance"], style=style.get(r["stance"], "")),
                 f"{r['position']:.0f}" if r["position"] is not None else "-", f"{r['support']:.2f}", str(r["n"]),
                 r["last_date"] or "undated", escape(f"{latest['doc']}:{latest['start']}")]
        if since_day:
            before = r["before"]
            cells += [f"{before['stance']} ({before['position']:.0f})" if before else "none", ", ".join(r["moved_by"])]
        table.add_row(*cells)
    out.print(table)


@app.command()
def contradictions(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Numbers that disagree, reports a party contradicts, opposite stances, numbers at odds inside one
    article, and facts wrong for their date."""
    found = _call(api.contradictions, db)
    if _json(found, as_json):
        return
    table = Table(show_edge=False, title=f"{len(found)} findings", title_justify="left")
    for col in ("kind", "finding", "evidence"):
        table.add_column(col, overflow="fold")
    for c in found:
        table.add_row(c["kind"], escape(c["summary"]), escape(_refs(c["evidence"], 3)))
    out.print(table)


@app.command()
def sources(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Coverage by outlet: events, who is quoted, whose stances, flags; one-sided coverage; stories."""
    data = _call(api.sources, db)
    if _json(data, as_json):
        return
    table = Table(show_edge=False, title=f"{len(data['outlets'])} outlets", title_justify="left")
    for col in ("outlet", "side", "docs", "languages", "events", "quotes most", "flags"):
        table.add_column(col, overflow="fold")
    for name, p in data["outlets"].items():
        table.add_row(escape(name), p["side"] or "", str(p["documents"]), ", ".join(p["languages"]), str(p["events"]),
                      escape(", ".join(f"{k} ({v})" for k, v in list(p["quoted"].items())[:3])),
                      ", ".join(f"{k} {v}" for k, v in p["flags"].items()))
    out.print(table)
    for side, events in data["blindspots"].items():
        out.print(f"covered only by {escape(side)} media: {len(events)} event(s)")
    for s in data["stories"][:10]:
        out.print(f"story: {escape(s['title'])} — {escape(', '.join(s['outlets']))}")


@app.command()
def brief(
    as_of: AsOfOption = None,
    since: SinceOption = None,
    fmt: Annotated[str, typer.Option("--format", help="text, md or html (one self-contained file).")] = "text",
    out_file: Annotated[Path | None, typer.Option("--out", help="Write to this file instead of the terminal.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The briefing: top line, position matrix, what moved, timeline, sticking points, contradictions, sources."""
    as_of_day, since_day = _day(as_of, "--as-of"), _day(since, "--since")
    if fmt not in ("text", "md", "html"):
        err.print(f"[red]error:[/red] --format takes text, md or html, not {escape(fmt)!r}")
        raise typer.Exit(code=2)
    try:
        if as_json:
            _print_json(api.brief(db, as_of=as_of_day, since=since_day))
            return
        text = api.write_brief(out_file, db, fmt=fmt, as_of=as_of_day, since=since_day)
    except RedlineError as exc:
        raise _fail(exc) from None
    if out_file is None:
        sys.stdout.write(text)
    else:
        out.print(f"briefing ({fmt}) → {escape(str(out_file))}")


model_app = typer.Typer(no_args_is_help=True, help="Bargaining models fed from the extracted positions.")
app.add_typer(model_app, name="model")

MethodOption = Annotated[str, typer.Option("--method", help="compromise, eum (expected utility) or smp (spatial).")]
InputOption = Annotated[Path | None, typer.Option(
    "--input", help="Read inputs from a BDM CSV, KTAB CSV, decide file or YAML instead of the store.")]
OverridesOption = Annotated[Path | None, typer.Option(
    "--overrides", help="YAML or CSV (actor,issue,position,salience,capability) whose values replace the inputs'.")]
SetOption = Annotated[list[str] | None, typer.Option(
    "--set", help='What-if, repeatable: "United States.security_guarantees.position=70", "Russia.capability=0.9".')]


@model_app.command("inputs")
def model_inputs(
    input_file: InputOption = None,
    overrides: OverridesOption = None,
    sets: SetOption = None,
    as_of: AsOfOption = None,
    out_file: Annotated[Path | None, typer.Option("--out", help="Write the inputs to this file.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="For --out: yaml, bdm, ktab or decide.")] = "yaml",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The actors × issues table the models read, and where each value came from."""
    from redline.models import inputs as mi

    model = _call(api.model_inputs, db, input_file=input_file, overrides=overrides, sets=sets or (),
                  as_of=_day(as_of, "--as-of"))
    if out_file is not None:
        writers = {"yaml": mi.to_yaml, "bdm": mi.write_bdm, "ktab": mi.write_ktab, "decide": mi.write_decide}
        if fmt not in writers:
            err.print(f"[red]error:[/red] --format takes yaml, bdm, ktab or decide, not {escape(fmt)!r}")
            raise typer.Exit(code=2)
        out_file.write_text(writers[fmt](model), encoding="utf-8")
        err.print(f"inputs ({fmt}) → {escape(str(out_file))}")
    rows = model.rows()
    if _json(rows, as_json):
        return
    table = Table(show_edge=False, title=f"{len(model.actors)} actors × {len(model.issues)} issues",
                  title_justify="left")
    for col in ("actor", "issue"):
        table.add_column(col, overflow="fold")
    for col in ("cap", "position", "salience", "±"):
        table.add_column(col, justify="right", no_wrap=True)
    table.add_column("position from", overflow="fold")
    for r in rows:
        table.add_row(escape(r["actor"]), r["issue"], f"{r['capability']:g}", f"{r['position']:.1f}",
                      f"{r['salience']:.2f}", f"{r['spread']:.0f}", escape(r["position_from"]))
    out.print(table)


@model_app.command("run")
def model_run(
    method: MethodOption = "eum",
    input_file: InputOption = None,
    overrides: OverridesOption = None,
    sets: SetOption = None,
    rounds: Annotated[int, typer.Option("--rounds", help="Rounds of the model.")] = 10,
    runs: Annotated[int, typer.Option("--runs", help="Monte Carlo runs over the uncertain inputs (0: none).")] = 0,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the Monte Carlo draws.")] = 0,
    as_of: AsOfOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Run a model; print round-by-round tables, the bargaining range, the blocking issue and who moves it."""
    try:
        result = _call(api.run_model, method, db, input_file=input_file, overrides=overrides, sets=sets or (),
                       rounds=rounds, runs=runs, seed=seed, as_of=_day(as_of, "--as-of"))
    except ValueError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(code=2) from None
    if _json(result, as_json):
        return
    for issue, data in result["issues"].items():
        rounds_table = Table(show_edge=False, title=f"{issue}: outcome {data['outcome']}", title_justify="left")
        actors = list(data["rounds"][0]["positions"])
        rounds_table.add_column("round", justify="right")
        rounds_table.add_column("mean", justify="right")
        rounds_table.add_column("median", justify="right")
        for a in actors:
            rounds_table.add_column(escape(a[:14]), justify="right")
        for r in data["rounds"]:
            rounds_table.add_row(str(r["round"]), f"{r['mean']:.2f}", f"{r['median']:.2f}",
                                 *[f"{r['positions'].get(a, float('nan')):.1f}" for a in actors])
        out.print(rounds_table)
        rng = result["bargaining_range"].get(issue)
        if rng:
            out.print(f"  bargaining range: {rng['range'][0]:.1f}–{rng['range'][1]:.1f}" if rng["acceptable"] else
                      f"  no outcome acceptable to all: {escape(rng['highest_floor'])} wants at least "
                      f"{rng['accepts'][rng['highest_floor']][0]:.1f}, {escape(rng['lowest_ceiling'])} at most "
                      f"{rng['accepts'][rng['lowest_ceiling']][1]:.1f}")
        sens = result["sensitivity"].get(issue)
        if sens and sens["effects"]:
            top = sens["effects"][0]
            out.print(f"  most sensitive to {escape(top['actor'])}: a {sens['step']:.0f}-point move shifts the "
                      f"outcome by {top['shift']:.2f}")
        mc = result.get("monte_carlo", {}).get("issues", {}).get(issue)
        if mc:
            q = mc["quantiles"]
            out.print(f"  Monte Carlo ({mc['runs']} runs): median {q['p50']:.1f}, 90% within "
                      f"{q['p5']:.1f}–{q['p95']:.1f}")
    block = result["blocking_issue"]
    if block:
        out.print(f"[bold]blocking issue:[/bold] {block['issue']} ({escape(' vs '.join(block['between']))}, "
                  f"salience-weighted gap {block['weighted_gap']:.1f})")
    if result.get("run_id"):
        out.print(f"[dim]saved as run {result['run_id']}; `redline model explain` says why positions moved[/dim]")


@model_app.command("explain")
def model_explain(
    run_id: Annotated[int | None, typer.Option("--run", help="A saved run [default: the latest].")] = None,
    issue: Annotated[str | None, typer.Option("--issue", help="Only this issue.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Why each position moved: which challenge or bargain, with whom, from where to where."""
    data = _call(api.explain_model, db, run_id=run_id)
    if issue:
        data["issues"] = {k: v for k, v in data["issues"].items() if k == issue}
    if _json(data, as_json):
        return
    out.print(f"run {data['run_id']} ({data['method']}, {data['created_at']})")
    for name, info in data["issues"].items():
        if not info["moves"]:
            out.print(f"{name}: no one moved (outcome {info['outcome']})")
            continue
        out.print(f"[bold]{name}[/bold] (outcome {info['outcome']})")
        for m in info["moves"]:
            out.print(f"  round {m['round']}: {escape(m['actor'])} {m['how']} {escape(m['with'])}, "
                      f"{m['from']:.1f} → {m['to']:.1f}")


LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to bind; anything but loopback needs a token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port.")] = 8000,
    token: Annotated[str | None, typer.Option("--token", envvar="REDLINE_TOKEN",
                                              help="Every request must carry it (Authorization: Bearer TOKEN).")] = None,
    db: DbOption = None,
) -> None:
    """The web dashboard and JSON API (OpenAPI at /openapi.json, interactive docs at /docs)."""
    import uvicorn

    from redline.web.app import create_app

    if host not in LOOPBACK and not token:
        err.print(f"[red]error:[/red] serving on {escape(host)} exposes the store beyond this machine: give "
                  f"--token TOKEN (or REDLINE_TOKEN), or bind to 127.0.0.1")
        raise typer.Exit(code=2)
    application = _call(create_app, db, token=token)
    out.print(f"redline on http://{host}:{port}/overview" + (" (token required)" if token else ""))
    uvicorn.run(application, host=host, port=port, log_level="warning")


# the watch list, red lines and commitments: their commands live in their own module
from redline import cli_watch  # noqa: E402,F401


def main() -> None:
    app()
