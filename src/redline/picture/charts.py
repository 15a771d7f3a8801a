"""The briefing's charts as Vega-Lite specifications, rendered to SVG offline by vl-convert; every mark
links to the evidence section of the page."""

from __future__ import annotations

import vl_convert

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
PALETTE = ["#c0392b", "#2e6fb7", "#27ae60", "#8e44ad", "#d68910", "#16a085"]
FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
CONFIG = {"font": FONT, "view": {"stroke": None}, "axis": {"labelFontSize": 11, "titleFontSize": 11, "labelLimit": 260},
          "legend": {"labelFontSize": 11, "titleFontSize": 11}}


def svg(spec: dict) -> str:
    """SVG markup for a Vega-Lite specification, with no script and no network."""
    return vl_convert.vegalite_to_svg({"$schema": SCHEMA, "config": CONFIG, **spec})


def heatmap(brief: dict) -> str | None:
    values = []
    for party in brief["parties"]:
        for issue in brief["issues"]:
            cell = brief["matrix"][party].get(issue["id"])
            if cell and cell["position"] is not None:
                values.append({"party": party, "issue": issue["label"], "position": cell["position"],
                               "stance": cell["stance"], "n": cell["n"], "href": f"#cell-{_slug(party)}-{issue['id']}"})
    if not values:
        return None
    return svg({
        "data": {"values": values},
        "width": {"step": 62}, "height": {"step": 26},
        "layer": [
            {"mark": {"type": "rect", "stroke": "white", "strokeWidth": 2},
             "encoding": {
                 "x": {"field": "issue", "type": "nominal", "title": None, "sort": [i["label"] for i in brief["issues"]],
                       "axis": {"labelAngle": -35, "labelLimit": 160}},
                 "y": {"field": "party", "type": "nominal", "title": None, "sort": brief["parties"],
                       "axis": {"labelLimit": 240}},
                 "color": {"field": "position", "type": "quantitative", "title": "position (0–100)",
                           "scale": {"domain": [0, 100], "scheme": "redblue", "reverse": True}},
                 "href": {"field": "href"},
                 "tooltip": [{"field": "party"}, {"field": "issue"}, {"field": "stance"}, {"field": "n"}]}},
            {"mark": {"type": "text", "fontSize": 10},
             "encoding": {"x": {"field": "issue", "type": "nominal", "sort": [i["label"] for i in brief["issues"]]},
                          "y": {"field": "party", "type": "nominal", "sort": brief["parties"]},
                          "text": {"field": "position", "type": "quantitative", "format": ".0f"},
                          "href": {"field": "href"}}},
        ],
    })


def timeline(brief: dict) -> str | None:
    values = [{"date": e["date"], "type": e["type"], "sources": len(e["sources"]),
               "what": ", ".join(e["parties"][:3]), "href": f"#event-{e['id']}"}
              for e in brief["timeline"] if e["date"] and len(e["date"]) == 10]
    if not values:
        return None
    return svg({
        "data": {"values": values},
        "width": 640, "height": {"step": 22},
        "mark": {"type": "circle", "opacity": 0.8},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "title": None, "axis": {"format": "%d %b %Y", "labelAngle": 0}},
            "y": {"field": "type", "type": "nominal", "title": None},
            "size": {"field": "sources", "type": "quantitative", "title": "sources", "scale": {"range": [40, 500]}},
            "color": {"field": "type", "type": "nominal", "legend": None, "scale": {"scheme": "tableau10"}},
            "href": {"field": "href"},
            "tooltip": [{"field": "date", "type": "temporal"}, {"field": "type"}, {"field": "what"},
                        {"field": "sources"}]},
    })


def coverage(brief: dict) -> str | None:
    outlets = brief["sources"]["outlets"]
    values = [{"outlet": name, "documents": p["documents"], "side": p["side"] or "no side",
               "href": f"#outlet-{_slug(name)}"} for name, p in list(outlets.items())[:25]]
    if not values:
        return None
    return svg({
        "data": {"values": values},
        "width": 420, "height": {"step": 18},
        "mark": "bar",
        "encoding": {
            "y": {"field": "outlet", "type": "nominal", "sort": "-x", "title": None, "axis": {"labelLimit": 220}},
            "x": {"field": "documents", "type": "quantitative", "title": "documents", "axis": {"tickMinStep": 1}},
            "color": {"field": "side", "type": "nominal", "title": "media of",
                      "scale": {"domain": [*brief["media_sides"], "no side"],
                                "range": [*PALETTE[: len(brief["media_sides"])], "#9aa0a6"]}},
            "href": {"field": "href"}},
    })


def backtest(result: dict | None) -> str | None:
    """A back-test's scores per cut-off: the model beside the naive forecasts, outcome error and Brier."""
    if not result:
        return None
    names = {result["method"]: result["method"], "no_move": "no one moves", "capability_mean": "capability-weighted mean"}
    values = []
    for c in result["cutoffs"]:
        for measure, key in (("outcome error (points)", "mae"), ("direction Brier", "brier")):
            for name, label in names.items():
                value = c[key].get(name)
                if value is not None:
                    values.append({"date": c["date"], "measure": measure, "forecast": label, "value": value})
    if not values:
        return None

    def panel(measure: str) -> dict:
        return {"transform": [{"filter": {"field": "measure", "equal": measure}}],
                "width": 560, "height": 140, "mark": {"type": "line", "point": True},
                "encoding": {
                    "x": {"field": "date", "type": "temporal", "title": None, "axis": {"format": "%d %b", "labelAngle": 0}},
                    "y": {"field": "value", "type": "quantitative", "title": measure},
                    "color": {"field": "forecast", "type": "nominal", "title": None,
                              "scale": {"domain": list(names.values()), "range": [PALETTE[0], "#9aa0a6", PALETTE[1]]}},
                    "tooltip": [{"field": "date", "type": "temporal"}, {"field": "forecast"},
                                {"field": "value", "format": ".2f"}]}}

    return svg({"data": {"values": values},
                "vconcat": [panel("outcome error (points)"), panel("direction Brier")]})


def _slug(text: str) -> str:
    return "".join(c.lower() if c.isalnum() else "-" for c in text).strip("-")
