"""The `redline` command: a thin layer that parses options, calls redline.api and prints."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import click
import typer
import typer.core
from rich.console import Console
from rich.markup import escape as markup_escape
from rich.table import Table
from rich.text import Text

from redline import __version__, api
from redline.errors import RedlineError, from_os_error, internal_error, terminal_safe
from redline.report.tables import collapse_rounds, fit_table, progress_bar, ref, refs


def escape(text: str) -> str:
    """Text from a file or an article, safe to print: no Rich markup, no control character (a newline or a
    terminal escape code in a title or a file name is shown as \\n or \\x1b)."""
    return markup_escape(terminal_safe(text))


# every control character but newline and tab, replaced one for one (offsets into the text stay right)
BODY_CONTROLS = {c: "\ufffd" for c in [*range(0, 9), *range(11, 32), *range(127, 160), 0x2028, 0x2029]}


class _OneLineErrors(typer.core.TyperGroup):
    """Whatever a command meets, the user sees one line with a code, never a traceback (REDLINE_DEBUG=1 shows
    it): the store's and the file system's errors by their reason, anything else as an internal error."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, click.exceptions.ClickException, click.exceptions.Exit):
            raise
        except RedlineError as exc:
            raise _fail(exc) from None
        except OSError as exc:
            raise _fail(from_os_error(exc, exc.filename or "?")) from None
        except Exception as exc:
            if os.environ.get("REDLINE_DEBUG"):
                raise
            raise _fail(internal_error(exc)) from None


app = typer.Typer(
    cls=_OneLineErrors,
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


def _error_line(message: str) -> None:
    """One error line on stderr: control characters shown escaped, so that no name can forge a line."""
    err.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)


def _fail(exc: RedlineError) -> typer.Exit:
    _error_line(str(exc))
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


class _Quiet:
    on = False


QUIET = _Quiet()  # -q: no progress bars and no notes, only results and errors


def _terminal(quiet: bool) -> None:
    """Read COLUMNS, NO_COLOR and -q at each invocation (the consoles outlive one command in tests)."""
    import os

    QUIET.on = quiet
    columns = os.environ.get("COLUMNS", "")
    for console in (out, err):
        console.width = int(columns) if columns.isdigit() else None
        console.no_color = bool(os.environ.get("NO_COLOR"))


@app.callback(invoke_without_command=True)
def _main(version: Annotated[bool, typer.Option("--version", help="Show the version and exit.")] = False,
          quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress bars or notes: results and errors only.")] = False) -> None:
    _terminal(quiet)
    if version:
        out.print(f"redline {__version__}")
        raise typer.Exit()


ScenarioOption = Annotated[str | None, typer.Option(
    "--scenario", help="Scenario pack: a folder or a bundled pack's name [default: the store's pack; for a new "
                       "store the bundled default].")]
ReplacePackOption = Annotated[bool, typer.Option(
    "--replace-pack", help="With --scenario naming another pack than the store's: extract every document again "
                           "with it, replacing the old pack's records.")]
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
    replace_pack: ReplacePackOption = False,
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
        with progress_bar("ingest", err, disable=as_json or QUIET.on) as bar:
            task = bar.add_task("", total=None)

            def on_start(total: int) -> None:
                bar.update(task, total=total)

            def on_file(label: str) -> None:
                bar.update(task, advance=1, description=escape(Path(label).name[:24]))

            def on_error(message: str) -> None:
                bar.console.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)

            def on_extract(_doc_id: str) -> None:
                if bar.tasks[-1].fields.get("label") != "extract":
                    # this document is saved already: the ones still pending, and this one
                    bar.add_task("", total=api.pending_count(db, scenario=scenario) + 1, label="extract")
                bar.update(bar.tasks[-1].id, advance=1)

            report = api.ingest(paths, urls=urls, db=db, on_file=on_file, on_error=on_error,
                                extract=not no_extract, scenario=scenario, workers=workers, on_extract=on_extract,
                                language=lang, cluster=cluster, resume=resume, on_start=on_start,
                                replace_pack=replace_pack)
    except RedlineError as exc:
        raise _fail(exc) from None
    if as_json:
        _print_json(report.as_dict())
    else:
        for notice in report.notices:
            err.print(f"[yellow]note:[/yellow] {escape(notice)}", soft_wrap=True)
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
    replace_pack: ReplacePackOption = False,
    workers: WorkersOption = 1,
    cluster: ClusterOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Extract actors, statements, positions, events and claims: the documents not yet extracted with this code
    and the store's pack. `--scenario DIR` takes a new version of the store's pack; another pack needs
    `--replace-pack`, and says what it replaces."""
    errors: list[str] = []
    notices: list[str] = []
    try:
        total = api.pending_count(db, scenario=scenario, redo=redo_all)
        with progress_bar("extract", err, disable=as_json or QUIET.on) as bar:
            task = bar.add_task("", total=total)
            done = api.run_extraction(db, redo=redo_all, scenario=scenario, workers=workers,
                                      on_doc=lambda _d: bar.update(task, advance=1), on_error=errors.append,
                                      cluster=cluster, replace_pack=replace_pack, on_notice=notices.append)
    except RedlineError as exc:
        raise _fail(exc) from None
    for message in errors:
        _error_line(message)
    for notice in notices:
        err.print(f"[yellow]note:[/yellow] {escape(notice)}", soft_wrap=True)
    if as_json:
        _print_json({"extracted": done, "failed": len(errors), "errors": errors, "notices": notices})
    else:
        out.print(f"{done} documents extracted, {len(errors)} failed")
    if errors:
        raise typer.Exit(code=1)


def _count_table(title: str, counts: dict, label: str):
    table = fit_table(out, [label, "documents"], title=title, numeric={"documents"})
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
    pack = data.get("pack")
    out.print(f"Pack: {escape(pack['id'])} version {pack['version']} ({escape(pack['name'])}, fingerprint "
              f"{pack['fingerprint']})" if pack else "Pack: none recorded yet (the first extraction records it)")
    if pack and pack.get("origin_changed"):
        out.print(f"  the pack's folder holds another version now: `redline extract --scenario "
                  f"{escape(pack['origin'])}` takes it")
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
    for failed in work.get("extraction_failed", []):
        out.print(f"[red]extraction failed:[/red] {escape(failed['doc_name'])} ({failed['doc_id']}): "
                  f"{escape(failed['error'])} — not tried again until the code or the scenario "
                  "changes, or `redline extract --all`", soft_wrap=True)


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
    scores = fit_table(out, ["flag", "set", "score", "why"], title="Flag scores", numeric={"score"}, text={"why"})
    for f in data["flag_scores"]:
        scores.add_row(f["flag"], "yes" if f["set"] else "no", f"{f['score']:.2f}", escape(f["reason"]))
    out.print(scores)
    _extraction_tables(data)
    if out.is_terminal and not out.no_color:
        text = Text(data["text"].translate(BODY_CONTROLS))
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
        text = Text(_mark_spans(data["text"].translate(BODY_CONTROLS), data["removed"]))
        out.rule("text (removed debris between ⟦kind: … ⟧)")
    out.print(text)
    if data["removed"]:
        legend = "  ".join(f"[{style}]{kind}[/]" for kind, style in SPAN_STYLES.items())
        out.rule()
        out.print(f"removed spans: {len(data['removed'])}   {legend}")


def _records_table(title: str, columns: list[tuple[str, dict]], rows: list[tuple]) -> None:
    """Print one table of extracted records, if there are any; columns marked {"ratio": 1} wrap between words."""
    if not rows:
        return
    table = fit_table(out, [col for col, _ in columns], title=title, text={col for col, kw in columns if kw.get("ratio")})
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
    fmt: Annotated[str, typer.Option("--format", help=(
        "jsonl, csv or parquet; or the events alone as plover (POLECAT-style JSON Lines), cameo "
        "(GDELT's event columns) or acled (ACLED-like CSV)."))] = "jsonl",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write documents.jsonl (or .csv/.parquet) in the evaluation format, plus richer fields; or the
    events in an event-data layout (docs/eventdata.md)."""
    try:
        written = api.export(out_dir, db, fmt=fmt)
    except RedlineError as exc:
        raise _fail(exc) from None
    except ValueError as exc:
        _error_line(str(exc))
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


WideOption = Annotated[bool, typer.Option("--wide", help="Full names and evidence as document:start-end.")]


def _labels(wide: bool, db: str | None = None):
    """Short labels from the store's pack (its `short.yaml`)."""
    from redline.report.tables import Labels

    try:
        pack = api.pack(db)
    except RedlineError:
        pack = None
    return Labels(pack, wide)


@app.command()
def timeline(
    as_of: AsOfOption = None,
    since: SinceOption = None,
    party: Annotated[str | None, typer.Option("--party", help="Only events this party took part in.")] = None,
    etype: Annotated[str | None, typer.Option("--type", help="Only events of this PLOVER type.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Rows to show (0: all).")] = 50,
    wide: WideOption = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Events merged across documents and languages, with their sources and where the sources differ."""
    events = _call(api.timeline, db, as_of=_day(as_of, "--as-of"), since=_day(since, "--since"), party=party,
                   etype=etype)
    if _json(events, as_json):
        return
    shown = events[:limit] if limit else events
    labels = _labels(wide, db)
    table = fit_table(out, ["date", "type", "parties", "place", "n", "differ on", "first source"],
                      title=f"{len(events)} events" + (f" (first {len(shown)})" if len(shown) < len(events) else ""),
                      numeric={"n"}, text={"parties"})
    for e in shown:
        differ = ", ".join(sorted({d["field"] for d in e["disagreements"]}))
        when = e["date"] or (f"≈{e['reference']}" if e["reference"] else "undated")
        table.add_row(when, e["type"], escape(labels.parties(e["parties"])), escape(e["location"] or ""),
                      str(len(e["sources"])), differ, escape(refs(e["reports"], 1, wide)))
    if not QUIET.on:
        out.print("[dim]≈ an undated event, placed at its first report[/dim]")
    out.print(table)


@app.command()
def tracker(
    as_of: AsOfOption = None,
    since: SinceOption = None,
    party: Annotated[str | None, typer.Option("--party", help="Only this party.")] = None,
    issue: Annotated[str | None, typer.Option("--issue", help="Only this issue id.")] = None,
    wide: WideOption = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Each party's stance on each issue, its position on the 0–100 scale, and what moved since a date."""
    since_day = _day(since, "--since")
    rows = _call(api.tracker, db, as_of=_day(as_of, "--as-of"), since=since_day, party=party, issue=issue,
                 moved_only=since_day is not None)
    if _json(rows, as_json):
        return
    title = f"{len(rows)} positions" + (f" that moved since {since_day}" if since_day else "")
    labels = _labels(wide, db)
    # what moved, on a narrow terminal: the earlier stance as a symbol, without share, count and date
    narrow = bool(since_day) and out.width < 120 and not wide
    columns = ["party", "issue", "stance", "pos", *([] if narrow else ["share", "n", "last"]), "latest source"]
    table = fit_table(out, columns + (["was", "moved by"] if since_day else []), title=title,
                      numeric={"pos", "share", "n"}, text={"moved by"},
                      caption="was: + for, − against, ~ conditional, and the position" if narrow else None)
    style = {"for": "blue", "against": "red", "conditional": "yellow"}
    symbol = {"for": "+", "against": "−", "conditional": "~"}
    for r in rows:
        latest = r["history"][-1]["evidence"]
        cells = [escape(labels.party(r["party"])), escape(labels.issue(r["issue"])),
                 Text(r["stance"], style=style.get(r["stance"], "")),
                 f"{r['position']:.0f}" if r["position"] is not None else "-",
                 *([] if narrow else [f"{r['support']:.2f}", str(r["n"]), r["last_date"] or "undated"]),
                 escape(ref(latest, wide))]
        if since_day:
            before = r["before"]
            was = "none" if not before else (f"{symbol[before['stance']]}{before['position']:.0f}" if narrow
                                             else f"{before['stance']} ({before['position']:.0f})")
            cells += [was, escape(labels.parties(r["moved_by"]))]
        table.add_row(*cells)
    out.print(table)


@app.command()
def contradictions(wide: WideOption = False, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Numbers that disagree, reports a party contradicts, opposite stances, numbers at odds inside one
    article, and facts wrong for their date."""
    found = _call(api.contradictions, db)
    if _json(found, as_json):
        return
    table = fit_table(out, ["kind", "finding", "evidence"], title=f"{len(found)} findings", text={"finding"})
    for c in found:
        table.add_row(c["kind"], escape(c["summary"]), escape(refs(c["evidence"], 3 if wide else 2, wide)))
    out.print(table)


@app.command()
def sources(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Coverage by outlet: events, who is quoted, whose stances, flags; one-sided coverage; stories."""
    data = _call(api.sources, db)
    if _json(data, as_json):
        return
    labels = _labels(False, db)
    table = fit_table(out, ["outlet", "side", "docs", "languages", "events", "quotes most", "flags"],
                      title=f"{len(data['outlets'])} outlets", numeric={"docs", "events"})
    for name, p in data["outlets"].items():
        table.add_row(escape(name), escape(labels.party(p["side"]) if p["side"] else ""), str(p["documents"]),
                      ", ".join(p["languages"]), str(p["events"]),
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
    "--set", help='What-if, repeatable: "ACTOR.ISSUE.position=70", "ACTOR.capability=0.9" (names as `redline '
                  'model inputs` shows them).')]


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
    labels = _labels(False, db)
    table = fit_table(out, ["actor", "issue", "cap", "position", "salience", "±", "position from"],
                      title=f"{len(model.actors)} actors × {len(model.issues)} issues",
                      numeric={"cap", "position", "salience", "±"}, text={"position from"})
    for r in rows:
        table.add_row(escape(labels.party(r["actor"])), escape(labels.issue(r["issue"])), f"{r['capability']:g}",
                      f"{r['position']:.1f}", f"{r['salience']:.2f}", f"{r['spread']:.0f}", escape(r["position_from"]))
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
        _error_line(str(exc))
        raise typer.Exit(code=2) from None
    if _json(result, as_json):
        return
    for issue, data in result["issues"].items():
        out.print(_rounds_table(issue, data, db))
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
    if input_file is None:  # forecasts from the store: how such forecasts scored on it
        from redline.models.backtest import score_line

        out.print(f"[dim]{escape(score_line(_call(api.latest_backtest, db, method=method)))}[/dim]")
    if result.get("run_id") and not QUIET.on:
        out.print(f"[dim]saved as run {result['run_id']}; `redline model explain` says why positions moved[/dim]")


def _rounds_table(issue: str, data: dict, db: str | None = None):
    """One issue's rounds, the rounds in which no position moved folded into one line."""
    labels = _labels(False, db)
    actors = list(data["rounds"][0]["positions"])
    names = [labels.party(a) for a in actors]
    table = fit_table(out, ["round", "mean", "median", *names], title=f"{labels.issue(issue)}: outcome {data['outcome']}",
                      numeric={"round", "mean", "median", *names},
                      caption="· no position moved in these rounds" if any(
                          "still" in r for r in collapse_rounds(data["rounds"])) else None)
    for r in collapse_rounds(data["rounds"]):
        if "still" in r:
            first, last = r["still"]
            table.add_row(f"{first}–{last}" if last > first else str(first), "", "", *["·"] * len(actors))
            continue
        table.add_row(str(r["round"]), f"{r['mean']:.2f}", f"{r['median']:.2f}",
                      *[f"{r['positions'].get(a, float('nan')):.1f}" for a in actors])
    return table


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


# --- backtest (forecasts scored against what happened) -----------------------------------------------


def _days(value: str | None, option: str) -> int | None:
    """'7d', '2w' or '7' as a number of days."""
    if value is None:
        return None
    text = value.strip().lower()
    factor = 7 if text.endswith("w") else 1
    try:
        days = int(text.rstrip("dw")) * factor
    except ValueError:
        days = 0
    if days < 1:
        err.print(f"[red]error:[/red] {option} takes a number of days such as 7d or 2w, not {escape(value)!r}")
        raise typer.Exit(code=2)
    return days


@app.command()
def backtest(
    start: Annotated[str | None, typer.Option("--from", help="First cut-off date (YYYY-MM-DD) [default: the first document].")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last cut-off date (YYYY-MM-DD) [default: the last document].")] = None,
    step: Annotated[str, typer.Option("--step", help="Days between cut-offs: 7d, 2w.")] = "7d",
    method: MethodOption = "eum",
    rounds: Annotated[int, typer.Option("--rounds", help="Rounds of the model.")] = 10,
    runs: Annotated[int, typer.Option("--runs", help="Monte Carlo runs for the direction probabilities (0: one deterministic run).")] = 100,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the Monte Carlo draws.")] = 0,
    horizon: Annotated[str | None, typer.Option("--horizon", help="Score against the evidence of this many days after each cut-off [default: all later evidence].")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Replay the store as of each date, run the model on what was known then, and score its calls
    against the evidence published later, beside the no-move and capability-weighted-mean forecasts."""
    step_days, horizon_days = _days(step, "--step"), _days(horizon, "--horizon")
    try:
        with progress_bar("backtest", err, disable=as_json or QUIET.on) as bar:
            task = bar.add_task("", total=None)

            def progress(done: int, total: int, day) -> None:
                bar.update(task, completed=done, total=total, description=str(day))

            result = _call(api.backtest, db, start=_day(start, "--from"), end=_day(end, "--to"), step=step_days,
                           method=method, rounds=rounds, runs=runs, seed=seed, horizon=horizon_days, progress=progress)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(code=2) from None
    if _json(result, as_json):
        return
    from redline.models.backtest import score_line

    names = (method, "no_move", "capability_mean")
    heads = (method, "stay", "cap")
    table = Table(show_edge=False, title_justify="left",
                  title=f"{method} against no one moving (stay) and the capability-weighted mean (cap): outcome "
                        f"MAE in points, then direction Brier")
    table.add_column("cut-off")
    for group in ("MAE", "Brier"):
        table.add_column("n", justify="right")
        for h in heads:
            table.add_column(h if group == "MAE" else f"B {h}", justify="right")

    def cell(value, digits: int) -> str:
        return "–" if value is None else f"{value:.{digits}f}"

    for c in result["cutoffs"]:
        if not c["outcomes"] and not c["directions"]:
            continue
        table.add_row(c["date"], str(c["outcomes"]), *[cell(c["mae"].get(n), 1) for n in names],
                      str(c["directions"]), *[cell(c["brier"].get(n), 2) for n in names])
    o = result["overall"]
    table.add_row("all", str(o["outcomes"]), *[cell(o["mae"].get(n), 1) for n in names],
                  str(o["directions"]), *[cell(o["brier"].get(n), 2) for n in names], style="bold")
    out.print(table)
    out.print(escape(score_line(result)))
    if result.get("run_id"):
        out.print(f"[dim]saved as run {result['run_id']}; the brief and /model show it beside their forecasts[/dim]")
scenario_app = typer.Typer(no_args_is_help=True, help="Scenario packs: check, start, grow, and the store's pack.")
app.add_typer(scenario_app, name="scenario")


@scenario_app.command("check")
def scenario_check(
    folder: Annotated[Path, typer.Argument(help="The pack folder (or a bundled pack's name).")],
    as_json: JsonOption = False,
) -> None:
    """Check every field of a pack: unknown keys, types, names, references to parties, regular expressions.
    One line per problem, with its file and line; exit code 1 when there is any."""
    problems = _call(api.check_pack, folder)
    if as_json:
        _print_json([{"file": p.file, "line": p.line, "message": p.message} for p in problems])
    else:
        for p in problems:
            err.print(f"[red]error:[/red] {escape(str(folder / p.file))}:{p.line}: {escape(p.message)} [E300]",
                      soft_wrap=True)
        if not problems:
            out.print(f"{escape(str(folder))}: the pack is valid")
    if problems:
        raise typer.Exit(code=1)


@scenario_app.command("init")
def scenario_init(folder: Annotated[Path, typer.Argument(help="A new folder for the pack.")]) -> None:
    """Write a commented skeleton of a pack (scenario, actors, issues, cues) to fill in."""
    written = _call(api.init_pack, folder)
    for path in written:
        out.print(f"wrote {escape(str(path))}")
    out.print(f"next: edit the files, then `redline scenario check {escape(str(folder))}`")


@scenario_app.command("suggest")
def scenario_suggest(
    limit: Annotated[int, typer.Option("--limit", help="How many names to show.")] = 40,
    scenario: ScenarioOption = None,
    as_yaml: Annotated[bool, typer.Option("--yaml", help="Print pack entries to check and paste instead.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Names of people, organisations and places in the store's documents that the pack does not know, with
    counts and an example sentence (English documents: the languages with a named-entity model here)."""
    try:
        with progress_bar("suggest", err, disable=as_json or QUIET.on) as bar:
            task = bar.add_task("", total=None)
            found = api.suggest_names(db, scenario=scenario, limit=limit,
                                      on_doc=lambda _d: bar.update(task, advance=1))
    except RedlineError as exc:
        raise _fail(exc) from None
    if _json(found, as_json):
        return
    if as_yaml:
        from redline.pack_suggest import as_yaml as entries

        sys.stdout.write(entries(found))
        return
    table = Table(show_edge=False, title=f"{len(found)} names the pack does not know", title_justify="left")
    for col, kw in (("name", {"max_width": 22, "overflow": "fold"}), ("kind", {"no_wrap": True}),
                    ("n", {"justify": "right"}), ("docs", {"justify": "right"}),
                    ("example", {"ratio": 1, "overflow": "fold"})):
        table.add_column(col, **kw)
    for s in found:
        table.add_row(escape(s["name"]), s["kind"], str(s["count"]), str(s["documents"]),
                      escape(f"{s['example'][:110]} ({s['example_doc']})"))
    out.print(table)


@scenario_app.command("show")
def scenario_show(db: DbOption = None, as_json: JsonOption = False) -> None:
    """The pack this store belongs to: id, name, version, fingerprint, where it was read from, its issues and
    parties."""
    info = _call(api.pack_info, db)
    if _json(info, as_json):
        return
    if info is None:
        out.print("no pack recorded yet: the first extraction records the pack it runs with")
        return
    out.print(f"[bold]{escape(info['id'])}[/bold] v{info['version']} — {escape(info['name'])}")
    out.print(f"fingerprint {info['fingerprint']}, recorded {info['recorded_at']} from {escape(info['origin'] or '?')}")
    out.print(f"files: {', '.join(info['files'])}")
    out.print(f"issues: {escape(', '.join(info['issues']))}")
    out.print(f"parties: {escape(', '.join(info['parties']))}")


LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to bind; anything but loopback needs a token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port.")] = 8000,
    token: Annotated[str | None, typer.Option("--token", envvar="REDLINE_TOKEN",
                                              help="Every request must carry it (Authorization: Bearer TOKEN).")] = None,
    allow_host: Annotated[list[str] | None, typer.Option(
        "--allow-host", help="Another name this server answers for (a reverse proxy's); repeat for several. "
                             "Requests naming any other Host are refused.")] = None,
    db: DbOption = None,
) -> None:
    """The web dashboard and JSON API (OpenAPI at /openapi.json, interactive docs at /docs)."""
    import uvicorn

    from redline.web.app import create_app

    if host not in LOOPBACK and not token:
        err.print(f"[red]error:[/red] serving on {escape(host)} exposes the store beyond this machine: give "
                  f"--token TOKEN (or REDLINE_TOKEN), or bind to 127.0.0.1")
        raise typer.Exit(code=2)
    application = _call(create_app, db, token=token, bind=host, allow_hosts=allow_host or ())
    out.print(f"redline on http://{host}:{port}/overview" + (" (token required)" if token else ""))
    uvicorn.run(application, host=host, port=port, log_level="warning")


# --- where analysts work: Datasette, evaluation on a user's gold (issue 17) ----------------------------


@app.command("datasette-metadata")
def datasette_metadata(
    out_file: Annotated[Path, typer.Option("--out", help="Where to write the metadata.")] = Path("metadata.json"),
    scenario: ScenarioOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write the metadata Datasette reads, then `datasette redline.db -m metadata.json`: titles and
    descriptions of every table and column, labels, facets and canned queries."""
    data = _call(api.datasette_metadata, db, out=out_file, scenario=scenario)
    database = next(iter(data["databases"]))
    if _json({"out": str(out_file), "database": database, "tables": len(data["databases"][database]["tables"]),
              "queries": sorted(data["databases"][database]["queries"])}, as_json):
        return
    out.print(f"Datasette metadata → {escape(str(out_file))} (database {escape(database)})")
    out.print(f"open with: datasette {escape(database)}.db -m {escape(str(out_file))}", soft_wrap=True)


@app.command("eval")
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold annotations, one JSON file per document.")],
    vocab: Annotated[Path | None, typer.Option(
        "--vocab", help="Actor names file (parties, persons, organisations) [default: GOLD_DIR/actors.json].")] = None,
    scenario: ScenarioOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Score the store's extraction against your own annotated articles (the evaluation format): precision,
    recall and F1 per record kind, flags and dates, and per language."""
    result = _call(api.evaluate, gold_dir, db, scenario=scenario, vocab=vocab)
    for message in result["errors"]:
        err.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
    if not _json(result, as_json):
        _print_scores(result)
    if result["errors"]:
        raise typer.Exit(code=1)


def _print_scores(result: dict) -> None:
    """The figures of `redline eval` as tables."""

    def fig(value: float | None) -> str:
        return "–" if value is None else f"{value:.3f}"

    out.print(f"{result['documents_scored']} gold documents, {result['documents_found']} found in the store; "
              f"overall F1 [bold]{fig(result['overall_f1'])}[/bold]")
    kinds = fit_table(out, ["kind", "P", "R", "F1", "matched", "found", "gold"], title="Per record kind",
                      numeric={"P", "R", "F1", "matched", "found", "gold"})
    for label, group in (("", result["kinds"]), ("flag ", result["flags"])):
        for kind, t in group.items():
            kinds.add_row(f"{label}{kind}", fig(t["p"]), fig(t["r"]), fig(t["f1"]), str(t["matched"]),
                          str(t["predicted"]), str(t["gold"]))
    out.print(kinds)
    heads = list(next(iter(result["by_language"].values()))["kinds"]) if result["by_language"] else []
    langs = fit_table(out, ["lang", "docs", "overall", *heads], title="F1 per language",
                      numeric={"docs", "overall", *heads})
    for lang, data in result["by_language"].items():
        langs.add_row(lang, str(data["documents"]), fig(data["overall_f1"]), *(fig(data["kinds"][k]["f1"]) for k in heads))
    out.print(langs)
    dates = result["event_date_accuracy"]
    out.print(f"published date accuracy {result['published_date_accuracy']}, language accuracy "
              f"{result['language_accuracy']}, event date accuracy {dates} "
              f"({result['event_dates_missing']} matched events undated)")


# the watch list, red lines and commitments: their commands live in their own module
from redline import cli_watch  # noqa: E402,F401


def main() -> None:
    app()
