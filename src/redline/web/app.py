"""The web dashboard and JSON API (FastAPI) over the same store and the same `redline.api`.

Every page has a JSON twin: the same path with `.json`, or `Accept: application/json`. Article text
is always escaped (Jinja2 autoescaping, and `views.highlight` for marked-up text). The server never
fetches a remote URL on a request. Bodies over `max_body` bytes are refused with 413.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from datetime import date
from importlib import resources
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import FastAPI, File, Form, HTTPException, Path, Query, Request, UploadFile
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi_offline import FastAPIOffline
from jinja2 import Environment, select_autoescape
from pydantic import BaseModel
from pydantic import Field as PydanticField

from redline import __version__, api
from redline.errors import CONTROL, NotFound, RedlineError
from redline.store import Store, open_store
from redline.web import views
from redline.web.guard import Guard, allowed_hosts

MAX_BODY = 60 * 1024 * 1024  # bytes in one request (uploads of several files)
MAX_FILES = 50


def _templates() -> Environment:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True), trim_blocks=True,
                      lstrip_blocks=True)
    folder = resources.files("redline.templates").joinpath("web")

    def load(name: str) -> str:
        return folder.joinpath(name).read_text(encoding="utf-8")

    from jinja2 import FunctionLoader

    env.loader = FunctionLoader(load)
    env.filters["slug"] = lambda s: "".join(c.lower() if c.isalnum() else "-" for c in str(s)).strip("-")
    return env


# "" for the page, ".json" for its JSON twin
JsonSuffix = Annotated[str, Path(pattern=r"^(\.json)?$", description="empty for HTML, .json for JSON")]


def wants_json(request: Request, suffix: str) -> bool:
    return suffix == ".json" or "application/json" in request.headers.get("accept", "")


def create_app(db: str | Store | None = None, *, token: str | None = None, max_body: int = MAX_BODY,
               bind: str | None = None, allow_hosts: Iterable[str] = ()) -> FastAPI:
    """The app over a store. With `bind` (the address served on), a request whose Host names neither it nor
    one of `allow_hosts` is refused; see `redline.web.guard` for what else every request passes."""
    store = db if isinstance(db, Store) else open_store(db)
    cache = views.PictureCache(store)
    env = _templates()
    # Swagger UI's script and style are served from the package (fastapi-offline), not from a CDN
    app = FastAPIOffline(title="redline", version=__version__, redoc_url=None, responses=COMMON_RESPONSES,
                         description="A negotiation followed through the news: every item linked to its source "
                                     "sentence.")
    app.state.store, app.state.cache = store, cache

    guard = {"max_body": max_body, "token": token, "check_hosts": bind is not None,
             "hosts": allowed_hosts(bind, allow_hosts) if bind is not None else None}
    inner = app.build_middleware_stack
    # outermost, so that even the server-error page carries the security headers
    app.build_middleware_stack = lambda: Guard(inner(), **guard)

    def render(request: Request, suffix: str, template: str, data: dict, title: str) -> Response:
        if wants_json(request, suffix):
            return JSONResponse(_jsonable(data))
        html = env.get_template(template).render(data=data, title=title, request_path=request.url.path,
                                                 version=__version__, nonce=request.state.csp_nonce)
        return HTMLResponse(html)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        if any(list(e.get("loc", ()))[-1:] == ["suffix"] for e in exc.errors()):
            return JSONResponse({"detail": "not found"}, status_code=404)  # /overview.xml names no page
        return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)

    @app.exception_handler(RedlineError)
    async def redline_error(request: Request, exc: RedlineError):
        status = 404 if isinstance(exc, NotFound) else 400
        return JSONResponse({"detail": str(exc)}, status_code=status)


    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/overview")

    @app.get("/overview{suffix:path}", summary="The state of the talks", tags=["pages"])
    def overview(request: Request, suffix: JsonSuffix,
                 since: Annotated[str | None, Query(description="what moved after this date (YYYY-MM-DD)")] = None):
        _suffix(suffix)
        return render(request, suffix, "overview.html", views.overview(cache, _day(since, "since")), "Overview")

    @app.get("/timeline{suffix:path}", summary="Events merged across sources", tags=["pages"])
    def timeline(request: Request, suffix: JsonSuffix, party: str | None = None,
                 type: Annotated[str | None, Query(alias="type")] = None,  # noqa: A002
                 start: Annotated[str | None, Query(alias="from", description="YYYY-MM-DD")] = None,
                 end: Annotated[str | None, Query(alias="to", description="YYYY-MM-DD")] = None,
                 page: Annotated[int, Query(ge=1, le=100000)] = 1,
                 per_page: Annotated[int, Query(ge=1, le=500)] = views.PER_PAGE):
        _suffix(suffix)
        data = views.timeline(cache, party=party or None, etype=type or None, start=_day(start, "from"),
                              end=_day(end, "to"), number=page, per_page=per_page)
        data["parties"] = cache.brief()["parties"]
        return render(request, suffix, "timeline.html", data, "Timeline")

    @app.get("/parties/{name}{suffix:path}", summary="One party: stances over time, events, model outcomes",
             tags=["pages"])
    def party(request: Request, name: str, suffix: JsonSuffix):
        name, suffix = _split(name, suffix)
        data = views.party_page(cache, name)
        if data is None:
            raise HTTPException(404, f"no party {name!r} in this store")
        return render(request, suffix, "party.html", data, name)

    @app.get("/issues/{issue_id}{suffix:path}", summary="One issue: stances over time, model outcome", tags=["pages"])
    def issue(request: Request, issue_id: str, suffix: JsonSuffix):
        issue_id, suffix = _split(issue_id, suffix)
        data = views.issue_page(cache, issue_id)
        if data is None:
            raise HTTPException(404, f"no issue {issue_id!r} in the scenario")
        return render(request, suffix, "issue.html", data, data["label"])

    @app.get("/documents/{ref}{suffix:path}", summary="One document with its extractions highlighted",
             tags=["pages"])
    def document(request: Request, ref: str, suffix: JsonSuffix):
        _suffix(suffix)
        try:  # a file name may itself end in .json: the document first, then the JSON twin
            data = views.document_page(store, ref)
        except NotFound:
            if not ref.endswith(".json"):
                raise
            ref, suffix = ref[: -len(".json")], ".json"
            data = views.document_page(store, ref)
        if wants_json(request, suffix):
            data = {k: v for k, v in data.items() if k != "highlighted"}
        return render(request, suffix, "document.html", data, data.get("title") or data["doc_name"])

    @app.get("/sources{suffix:path}", summary="Coverage by outlet and language", tags=["pages"])
    def sources(request: Request, suffix: JsonSuffix):
        _suffix(suffix)
        return render(request, suffix, "sources.html", cache.brief()["sources"], "Sources")

    @app.get("/model{suffix:path}", summary="Model inputs and the latest run", tags=["pages"])
    def model(request: Request, suffix: JsonSuffix):
        _suffix(suffix)
        from markupsafe import Markup

        from redline.models.backtest import score_line
        from redline.picture import charts

        inputs = api.model_inputs(store).rows()
        run = _last_run(store)
        tested = api.latest_backtest(store, method=run["method"] if run else None)
        chart = charts.backtest(tested)
        return render(request, suffix, "model.html", {
            "inputs": inputs, "run": run, "backtest": tested, "forecast_score": score_line(tested),
            "backtest_chart": Markup(chart) if chart else None}, "Model")

    @app.post("/model/run", summary="Run a model, with what-ifs", tags=["actions"])
    def model_run(request: Request,
                  method: Annotated[str, Form()] = "eum",
                  runs: Annotated[int, Form(ge=0, le=2000)] = 200,
                  rounds: Annotated[int, Form(ge=1, le=50)] = 10,
                  sets: Annotated[str, Form(description="one what-if a line: Actor.issue.position=70")] = ""):
        if method not in ("compromise", "eum", "smp"):
            raise invalid_field(("body", "method"), "method is compromise, eum or smp")
        what_ifs = [line.strip() for line in sets.splitlines() if line.strip()]
        result = api.run_model(method, store, sets=what_ifs, runs=runs, rounds=rounds)
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse(_jsonable(result))
        return RedirectResponse("/model", status_code=303)

    @app.get("/search{suffix:path}", summary="Search documents and statements", tags=["pages"])
    def search(request: Request, suffix: JsonSuffix, q: Annotated[str, Query(max_length=200)] = "",
               page: Annotated[int, Query(ge=1, le=100000)] = 1,
               per_page: Annotated[int, Query(ge=1, le=500)] = views.PER_PAGE):
        _suffix(suffix)
        return render(request, suffix, "search.html", views.search(store, q, page, per_page), "Search")

    @app.get("/upload", summary="Upload form", tags=["pages"], include_in_schema=False)
    def upload_form(request: Request):
        return render(request, "", "upload.html", {}, "Upload")

    @app.post("/upload", summary="Ingest uploaded files", tags=["actions"])
    def upload(files: Annotated[list[UploadFile], File(description="articles in any supported format")]):
        if len(files) > MAX_FILES:
            raise HTTPException(413, f"at most {MAX_FILES} files at once")
        folder = FilePath(tempfile.mkdtemp(prefix="redline-upload-"))
        try:
            paths = []
            for k, f in enumerate(files):  # each file in its own folder: two files of one name are both read
                path = folder / str(k) / upload_name(f.filename, k)
                path.parent.mkdir()
                with path.open("wb") as out:
                    shutil.copyfileobj(f.file, out)
                paths.append(path)
            report = api.ingest(paths, db=store, resume=False)  # a request does only its own files
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        inside = re.compile(re.escape(str(folder) + os.sep) + r"\d+" + re.escape(os.sep))
        return {"new": report.new, "duplicates": report.duplicate, "extracted": report.extracted, "failed": report.failed,
                "errors": [inside.sub("", e) for e in report.errors]}

    from redline.web import watch as watch_pages  # /alerts, /redlines, /commitments

    watch_pages.add_routes(app, store, render)
    return app


class Detail(BaseModel):
    detail: str = PydanticField(description="why, in one line")


# what any route may answer besides its own 200 and 422, so that the schema says what the server does
COMMON_RESPONSES = {
    400: {"model": Detail, "description": "a request the store cannot serve (one line with a code), or a Host "
                                          "this server does not answer for"},
    401: {"model": Detail, "description": "a token is required"},
    403: {"model": Detail, "description": "a state-changing request from another site"},
    404: {"model": Detail, "description": "no such page, party, issue or document"},
    413: {"model": Detail, "description": "the body or the number of files is over the limit"},
}


def invalid_field(loc: tuple[str, ...], message: str) -> RequestValidationError:
    """A 422 in the shape FastAPI's own validation gives (and the schema documents): a list of errors."""
    return RequestValidationError([{"loc": list(loc), "msg": message, "type": "value_error"}])


def upload_name(given: str | None, k: int) -> str:
    """A file name from a form, safe to create: its last part (after / or \\), no control characters, never
    empty, `.` or `..`."""
    name = CONTROL.sub("", (given or "").replace("\\", "/").rsplit("/", 1)[-1]).strip()
    name = name.encode("utf-8")[:200].decode("utf-8", "ignore")  # a file system takes 255 bytes a name
    return name if name not in ("", ".", "..") else f"upload-{k + 1}"


def _day(value: str | None, name: str) -> date | None:
    """A date from a form field: empty means none; anything but YYYY-MM-DD is a 422."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise invalid_field(("query", name), f"{name} takes a date as YYYY-MM-DD, not {value!r}") from None


def _split(name: str, suffix: str) -> tuple[str, str]:
    """`NAME.json` is the JSON twin of `NAME` (the path parameter takes the suffix greedily)."""
    _suffix(suffix)
    if not suffix and name.endswith(".json"):
        return name[: -len(".json")], ".json"
    return name, suffix


def _suffix(suffix: str) -> None:
    if suffix not in ("", ".json"):
        raise HTTPException(404, "not found")


def _last_run(store: Store) -> dict | None:
    try:
        run = api.explain_model(store)
    except NotFound:
        return None
    return run


def _jsonable(data):
    from markupsafe import Markup

    if isinstance(data, dict):
        return {str(k): _jsonable(v) for k, v in data.items() if not isinstance(v, Markup)}
    if isinstance(data, list | tuple):
        return [_jsonable(v) for v in data]
    if isinstance(data, date):
        return data.isoformat()
    if isinstance(data, float) and data != data:
        return None
    return data
