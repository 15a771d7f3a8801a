"""The briefing laid out as plain text, Markdown, or one self-contained HTML file."""

from __future__ import annotations

import textwrap
from importlib import resources

from jinja2 import Environment, select_autoescape

from redline.picture import charts

SYMBOL = {"for": "+", "against": "−", "conditional": "~"}
FORMATS = ("text", "md", "html")


def render(brief: dict, fmt: str) -> str:
    if fmt == "text":
        return as_text(brief)
    if fmt == "md":
        return as_markdown(brief)
    if fmt == "html":
        return as_html(brief)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _roles(brief: dict) -> str:
    """The parties whose side is no party to the dispute, with their role (from the pack's `sides`)."""
    return "; ".join(f"{party} ({role})" for party, role in brief["roles"].items())


def _cell(cell: dict | None) -> str:
    if not cell:
        return "·"
    return f"{SYMBOL[cell['stance']]}{cell['position']:.0f}" if cell["position"] is not None else SYMBOL[cell["stance"]]


def _refs(keys: list[str], numbers: dict[str, int]) -> str:
    return "".join(f"[{numbers[k]}]" for k in keys if k in numbers)


def _numbering(brief: dict) -> dict[str, int]:
    return {key: i for i, key in enumerate(brief["evidence"], start=1)}


def as_text(brief: dict) -> str:
    n = _numbering(brief)
    out = [f"{brief['scenario']} — briefing as of {brief['as_of']}", ""]
    out += [textwrap.fill(line, 100) for line in brief["top_line"]] + [""]
    if brief["parties"]:
        out.append("POSITIONS (party × issue: + for, − against, ~ conditional; 0–100 on the issue's scale)")
        width = max(len(p) for p in brief["parties"]) + 2
        heads = [i["id"][:12] for i in brief["issues"]]
        out.append(" " * width + "".join(f"{h:>13}" for h in heads))
        for party in brief["parties"]:
            out.append(f"{party:<{width}}" + "".join(f"{_cell(brief['matrix'][party].get(i['id'])):>13}"
                                                      for i in brief["issues"]))
        if brief.get("roles"):
            out.append(f"Not a side of the dispute: {_roles(brief)}.")
        out.append("")
    if brief["since"]:
        out.append(f"WHAT MOVED SINCE {brief['since']}")
        for m in brief["moved"] or [{"party": "nothing", "issue": "", "from": None, "to": "", "moved_by": [],
                                     "evidence": []}]:
            if m["party"] == "nothing":
                out.append("  no position moved")
                continue
            out.append(f"  {m['party']} on {m['issue']}: {m['from'] or 'none'} -> {m['to']}"
                       + (f" (by {', '.join(m['moved_by'])})" if m["moved_by"] else "") + " " + _refs(m["evidence"], n))
        out.append("")
    out.append(f"TIMELINE ({len(brief['timeline'])} of {brief['n_events']} events, most-reported first chosen)")
    for e in brief["timeline"]:
        out.append(f"  {e['date'] or 'undated':10}  {e['type']:9} {', '.join(e['parties'])}"
                   + (f" @ {e['location']}" if e["location"] else "")
                   + f"  [{len(e['sources'])} source{'s' if len(e['sources']) != 1 else ''}] " + _refs(e["evidence"], n))
        for d in e["disagreements"]:
            out.append(f"      sources differ on {_disagreement(d)}")
    out.append("")
    out.append("STICKING POINTS")
    for s in brief["sticking_points"] or []:
        out.append(f"  {s['label']}: {s['high']['party']} {s['high']['stance']} ({s['high']['position']:.0f}) vs "
                   f"{s['low']['party']} {s['low']['stance']} ({s['low']['position']:.0f}), gap {s['gap']:.0f} "
                   + _refs(s["evidence"], n))
    if not brief["sticking_points"]:
        out.append("  none: no two parties stand 50 points apart on an issue")
    out.append("")
    out.append(f"CONTRADICTIONS ({len(brief['contradictions'])})")
    for c in brief["contradictions"]:
        out.append(textwrap.fill(f"  [{c['kind']}] {c['summary']} {_refs(c['evidence_keys'], n)}", 100,
                                 subsequent_indent="      "))
    out.append("")
    if brief.get("forecast_score"):
        out.append("FORECASTS BACK-TESTED")
        out.append(textwrap.fill(brief["forecast_score"], 100, initial_indent="  ", subsequent_indent="  "))
        out.append("")
    out += _watch_text(brief, n)
    out.append("SOURCES")
    for name, p in list(brief["sources"]["outlets"].items())[:20]:
        out.append(f"  {name:32} {p['documents']:4} docs  {p['events']:4} events  side {p['side'] or '-':8}"
                   f" flags {', '.join(f'{k} {v}' for k, v in p['flags'].items()) or '-'}")
    for side, events in brief["sources"]["blindspots"].items():
        out.append(f"  covered only by {side} media: {len(events)} event(s)")
    out.append("")
    out.append("EVIDENCE")
    for key, ev in brief["evidence"].items():
        out.append(textwrap.fill(f"[{n[key]}] {ev['doc']} {ev['start']}–{ev['end']} ({ev['outlet'] or '-'}, "
                                 f"{ev['published'] or 'undated'}): {ev['text']}", 100, subsequent_indent="     "))
    return "\n".join(out) + "\n"


def _numbers(items: list[dict]) -> str:
    return ", ".join(f"{x['value']:,.0f} {x['unit']}" for x in items)


def _crossing(c: dict) -> str:
    term = _numbers(c["numbers"]) if c["term"] == "number" else c["term"]
    return f"{c['proposal']} crosses {c['party']}'s red line on {c['issue']} ({term} vs {c['red_line']})"


def _watch_text(brief: dict, n: dict[str, int]) -> list[str]:
    """What moved on the watch list, red lines and commitments, as text lines."""
    out = [f"WHAT MOVED ON YOUR WATCH LIST ({len(brief.get('watch_list', []))})"]
    out += [textwrap.fill(f"  {a['day'] or '-':10} {a['rule']}: {a['summary']} {_refs(a['evidence'], n)}", 100,
                          subsequent_indent="      ") for a in brief.get("watch_list", [])] or ["  no alert"]
    out += ["", "RED LINES"]
    out += [f"  {r['party']} on {r['issue']}: {r['stance']} ({', '.join(r['cues'])}; {r['date'] or 'undated'}) "
            + _refs(r["evidence"], n) for r in brief.get("red_lines", [])] or ["  none stated"]
    out += [textwrap.fill(f"  {_crossing(c)} {_refs(c['evidence'], n)}", 100, subsequent_indent="      ")
            for c in brief.get("red_lines_crossed", [])]
    out += ["", "COMMITMENTS"]
    for c in brief.get("commitments", []):
        later = " ".join(f"{k} {_refs(v, n)}" for k, v in c["later"].items())
        out.append(textwrap.fill(f"  {c['date'] or 'undated'} {', '.join(c['issues'])} ({', '.join(c['parties'])})"
                                 f"{': ' + _numbers(c['terms']) if c['terms'] else ''} — {c['status']} "
                                 f"{_refs(c['evidence'], n)} {later}".rstrip(), 100, subsequent_indent="      "))
    if not brief.get("commitments"):
        out.append("  none found")
    return [*out, ""]


def _watch_markdown(brief: dict, refs) -> list[str]:
    out = ["", "## What moved on your watch list", ""]
    out += [f"- {a['day'] or '-'} **{a['rule']}**: {a['summary']} {refs(a['evidence'])}"
            for a in brief.get("watch_list", [])] or ["- no alert"]
    out += ["", "## Red lines", ""]
    out += [f"- **{r['party']}** on {r['issue']}: {r['stance']} ({', '.join(r['cues'])}; {r['date'] or 'undated'}) "
            f"{refs(r['evidence'])}" for r in brief.get("red_lines", [])] or ["- none stated"]
    out += [f"- {_crossing(c)} {refs(c['evidence'])}" for c in brief.get("red_lines_crossed", [])]
    out += ["", "## Commitments", ""]
    out += [f"- {c['date'] or 'undated'} **{', '.join(c['issues'])}** ({', '.join(c['parties'])})"
            f"{': ' + _numbers(c['terms']) if c['terms'] else ''} — *{c['status']}* {refs(c['evidence'])} "
            + " ".join(f"{k} {refs(v)}" for k, v in c["later"].items()) for c in brief.get("commitments", [])] \
        or ["- none found"]
    return out


def _disagreement(d: dict) -> str:
    if d["field"] == "participants":
        return f"whether {d['party']} took part (named by {len(d['named_by'])}, not by {len(d['not_named_by'])})"
    values = "; ".join(f"{v['value']} ({', '.join(v['docs'][:3])}{'…' if len(v['docs']) > 3 else ''})"
                       for v in d["values"])
    return f"{d['field']}{' in ' + d['unit'] if d.get('unit') else ''}: {values}"


MD_SPECIAL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]", "`": "\\`",
                            "|": "\\|", "\n": " ", "\r": " "})


def md_inert(data):
    """The briefing with every string made inert in Markdown: no raw HTML (`<script>` from an article is
    shown, not run), no link, code span or table cell opened or closed by article text."""
    if isinstance(data, str):
        return data.translate(MD_SPECIAL)
    if isinstance(data, dict):
        return {md_inert(k) if isinstance(k, str) else k: md_inert(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [md_inert(v) for v in data]
    return data


def as_markdown(brief: dict) -> str:
    brief = md_inert(brief)
    n = _numbering(brief)

    def refs(keys: list[str]) -> str:
        return " ".join(f"[[{n[k]}]](#{k})" for k in keys if k in n)

    out = [f"# {brief['scenario']}: briefing as of {brief['as_of']}", ""]
    out += [f"- {line}" for line in brief["top_line"]] + [""]
    if brief["parties"]:
        out += ["## Positions", "", "`+` for, `−` against, `~` conditional; the number is the position on the "
                "issue's 0–100 scale.", ""]
        out.append("| party | " + " | ".join(i["label"] for i in brief["issues"]) + " |")
        out.append("|---|" + "---|" * len(brief["issues"]))
        for party in brief["parties"]:
            cells = []
            for i in brief["issues"]:
                cell = brief["matrix"][party].get(i["id"])
                cells.append(f"{_cell(cell)} {refs(cell['evidence'][-1:])}" if cell else "·")
            out.append(f"| {party} | " + " | ".join(cells) + " |")
        if brief.get("roles"):
            out += ["", f"Not a side of the dispute: {_roles(brief)}."]
        out.append("")
    if brief["since"]:
        out += [f"## What moved since {brief['since']}", ""]
        out += [f"- **{m['party']}** on {m['issue']}: {m['from'] or 'none'} → {m['to']}"
                + (f" (by {', '.join(m['moved_by'])})" if m["moved_by"] else "") + " " + refs(m["evidence"])
                for m in brief["moved"]] or ["- no position moved"]
        out.append("")
    out += ["## Timeline", "", "| date | type | parties | place | sources | disagreements |", "|---|---|---|---|---|---|"]
    for e in brief["timeline"]:
        out.append(f"| {e['date'] or 'undated'} | {e['type']} | {', '.join(e['parties'])} | {e['location'] or ''} | "
                   f"{len(e['sources'])} {refs(e['evidence'])} | "
                   f"{'; '.join(_disagreement(d) for d in e['disagreements'])} |")
    out += ["", "## Sticking points", ""]
    out += [f"- **{s['label']}**: {s['high']['party']} {s['high']['stance']} ({s['high']['position']:.0f}) against "
            f"{s['low']['party']} {s['low']['stance']} ({s['low']['position']:.0f}) {refs(s['evidence'])}"
            for s in brief["sticking_points"]] or ["- none"]
    out += ["", "## Contradictions", ""]
    out += [f"- *{c['kind']}*: {c['summary']} {refs(c['evidence_keys'])}" for c in brief["contradictions"]] or ["- none"]
    if brief.get("forecast_score"):
        out += ["", "## Forecasts back-tested", "", brief["forecast_score"]]
    out += _watch_markdown(brief, refs)
    out += ["", "## Sources", "", "| outlet | documents | events | side | flags |", "|---|---|---|---|---|"]
    for name, p in brief["sources"]["outlets"].items():
        out.append(f"| {name} | {p['documents']} | {p['events']} | {p['side'] or ''} | "
                   f"{', '.join(f'{k} {v}' for k, v in p['flags'].items())} |")
    out += ["", "## Evidence", ""]
    for key, ev in brief["evidence"].items():
        out.append(f"{n[key]}. <a id=\"{key}\"></a>`{ev['doc']}` {ev['start']}–{ev['end']} "
                   f"({ev['outlet'] or '-'}, {ev['published'] or 'undated'}): {ev['text']}")
    return "\n".join(out) + "\n"


def _environment() -> Environment:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["slug"] = charts._slug
    env.filters["cell"] = _cell
    env.filters["disagreement"] = _disagreement
    env.filters["crossing"] = _crossing
    env.filters["numbers"] = _numbers
    return env


def as_html(brief: dict) -> str:
    template = resources.files("redline.templates").joinpath("brief.html.j2").read_text(encoding="utf-8")
    env = _environment()
    figures = {"heatmap": charts.heatmap(brief), "timeline": charts.timeline(brief), "coverage": charts.coverage(brief),
               "backtest": charts.backtest(brief.get("backtest"))}
    return env.from_string(template).render(brief=brief, numbers=_numbering(brief), figures=figures)
