"""The documents export: the evaluation fields first, then redline's richer fields."""

from __future__ import annotations

from collections import Counter


def document_rows(docs: list[dict]) -> list[dict]:
    """One row per document, in the format of the evaluation kit plus provenance and cleaning."""
    sizes = Counter(d["cluster_id"] for d in docs)
    rows = []
    for d in docs:
        rows.append(
            {
                "doc": d["doc_name"],
                "published": d["published"],
                "language": d["language"],
                "flags": d["flags"],
                "actors": d.get("actors", []),
                "id": d["id"],
                "title": d["title"],
                "url": d["url"],
                "outlet": d["outlet"],
                "author": d["author"],
                "published_precision": d["published_precision"],
                "published_from": d["published_from"],
                "format": d["format"],
                "source": d["source"],
                "n_chars": d["n_chars"],
                "cluster": d["cluster_id"],
                "cluster_size": sizes[d["cluster_id"]],
                "removed": d["removed"],
            }
        )
    return rows


def _span(r: dict) -> dict:
    return {"id": r["doc_id"], "start": r["start"], "end": r["end"]}


def statement_row(r: dict) -> dict:
    """Who said what: the evaluation fields, then the evidence."""
    return {
        "doc": r["doc_name"], "speaker": r["speaker"], "speaker_text": r["speaker_text"], "kind": r["kind"],
        "text": r["text"], "party": r["party"], "cue": r["cue"], "date": r["date"], "evidence": _span(r),
        "speaker_span": {"start": r["speaker_start"], "end": r["speaker_end"]}, "confidence": r["confidence"],
    }


def position_row(r: dict) -> dict:
    return {
        "doc": r["doc_name"], "actor": r["actor"], "issue": r["issue"], "stance": r["stance"], "party": r["party"],
        "reported_by": r["reported_by"], "cue": r["cue"], "date": r["date"], "text": r["evidence"],
        "evidence": _span(r), "confidence": r["confidence"],
    }


def event_row(r: dict) -> dict:
    return {
        "doc": r["doc_name"], "type": r["type"], "date": r["date"], "actors": r["actors"], "location": r["location"],
        "date_precision": r["date_precision"], "status": r["status"], "parties": r["parties"],
        "date_text": r.get("date_text"),
        "date_evidence": {"start": r["date_start"], "end": r["date_end"]} if r.get("date_start") is not None else None,
        "trigger": r["trigger"], "text": r["evidence"], "evidence": _span(r),
        "sources": [{"start": a, "end": b} for a, b in r["sources"]], "confidence": r["confidence"],
    }


def claim_row(r: dict) -> dict:
    return {
        "doc": r["doc_name"], "value": r["value"], "unit": r["unit"], "about": r["about"], "issue": r["issue"],
        "text": r["text"], "evidence": _span(r), "confidence": r["confidence"],
    }
