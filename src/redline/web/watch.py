"""The pages of the watch list and of what is at stake: /alerts, /redlines and /commitments, each with its
JSON twin, added to the app by `create_app` (the data comes from `redline.api`, the layout from templates)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import FastAPI, Query, Request

from redline import api
from redline.store import Store
from redline.web.app import JsonSuffix, _suffix


def add_routes(app: FastAPI, store: Store, render: Callable) -> None:
    """Register the three pages on the app."""

    @app.get("/alerts{suffix:path}", summary="Alerts the signals fired", tags=["pages"])
    def alerts(request: Request, suffix: JsonSuffix, rule: str | None = None,
               limit: Annotated[int, Query(ge=1, le=5000)] = 200):
        _suffix(suffix)
        found = api.alerts(store, rule=rule or None, limit=limit)
        rules = api.signals(None, store)
        return render(request, suffix, "alerts.html", {"alerts": found, "rule": rule, "signals": rules}, "Alerts")

    @app.get("/redlines{suffix:path}", summary="Red lines per party, proposal × party matrix", tags=["pages"])
    def redlines(request: Request, suffix: JsonSuffix):
        _suffix(suffix)
        return render(request, suffix, "redlines.html", api.redlines(store), "Red lines")

    @app.get("/commitments{suffix:path}", summary="Commitments tracked against later reports", tags=["pages"])
    def commitments(request: Request, suffix: JsonSuffix,
                    status: Annotated[str | None, Query(pattern="^(open|fulfilled|partly|violated|disputed)?$")] = None):
        _suffix(suffix)
        rows = [r for r in api.commitments(store) if not status or r["status"] == status]
        return render(request, suffix, "commitments.html", {"commitments": rows, "status": status}, "Commitments")
