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
