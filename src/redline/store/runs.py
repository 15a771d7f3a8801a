"""Saved runs of the bargaining models, read back."""

from __future__ import annotations

import json

from sqlalchemy import Connection, select

from redline.store.schema import model_runs


def saved_runs(conn: Connection) -> list[dict]:
    """Every model run, oldest first, with its JSON columns parsed."""
    return [{"run_id": r.id, "created_at": r.created_at, "method": r.method, "params": json.loads(r.params),
             "inputs": json.loads(r.inputs), "result": json.loads(r.result)}
            for r in conn.execute(select(model_runs).order_by(model_runs.c.id))]
