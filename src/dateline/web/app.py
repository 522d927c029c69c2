"""The web explorer: server-rendered pages over a read-only store, each with a ``.json`` twin.

Every page is one view function returning plain data; ``_twin`` serves it as HTML (a Jinja
template, autoescaped) at ``/x`` and as JSON at ``/x.json``. Articles are untrusted input:
their text only ever reaches the browser through autoescaping, and a strict
Content-Security-Policy forbids inline scripts besides.
"""

import csv
import functools
import io
import logging
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BeforeValidator
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from dateline.store import Store, StoreError, corpus
from dateline.store import web_queries as wq
from dateline.store.corpus import EventFilter
from dateline.timeline.select import TimelineError
from dateline.timeline.store import TimelineQuery, store_timeline
from dateline.web import charts, worldmap
from dateline.web.highlight import article_spans, entity_href, segments

__all__ = ["create_app", "serve"]

log = logging.getLogger("dateline.web")

HERE = Path(__file__).resolve().parent
# Empty is allowed: a form's blank "from" field arrives as ``from=`` and means no bound.
_DATE = r"^(\d{4}(-\d\d(-\d\d)?)?)?$"
_DAY = r"^(\d{4}-\d\d-\d\d)?$"
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
CSV_COLUMNS = (
    "id", "date", "date_precision", "type", "mode", "cameo", "source", "source_name", "source_country",
    "source_text", "target", "target_name", "target_country", "target_text", "place", "trigger", "negated",
    "hypothetical", "future", "confidence", "reports", "articles", "article_id", "sentence", "event_id",
)  # fmt: skip

Limit = Annotated[int, Query(ge=1, le=wq.MAX_LIMIT, description=f"page size, at most {wq.MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
DateBound = Annotated[str | None, Query(pattern=_DATE, description="YYYY, YYYY-MM or YYYY-MM-DD")]
Words = Annotated[str | None, Query(max_length=500)]


def get_store(request: Request) -> Iterator[Store]:
    """A read-only connection for one request (SQLite connections are cheap; no state is shared)."""
    store = Store(request.app.state.db, readonly=True)
    try:
        yield store
    finally:
        store.close()


DB = Annotated[Store, Depends(get_store)]

router = APIRouter()


def _wants_json(request: Request) -> bool:
    return request.url.path.endswith((".json", ".csv"))


def _twin(path: str, template: str, summary: str) -> Callable[[Callable[..., dict[str, Any]]], Any]:
    """Serve a view as HTML at ``path`` and as JSON at ``path.json`` (``/`` -> ``/index.json``)."""

    def register(view: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        @functools.wraps(view)
        def as_json(**kwargs: Any) -> JSONResponse:
            return JSONResponse(jsonable_encoder(view(**kwargs)))

        @functools.wraps(view)
        def as_html(**kwargs: Any) -> HTMLResponse:
            request: Request = kwargs["request"]
            data = view(**kwargs)
            context = {"data": data, "json_url": _json_url(request), "page": template.removesuffix(".html")}
            return _templates(request).TemplateResponse(request, template, context)

        json_path = "/index.json" if path == "/" else f"{path}.json"
        router.add_api_route(json_path, as_json, methods=["GET"], summary=summary, response_class=JSONResponse)
        router.add_api_route(path, as_html, methods=["GET"], include_in_schema=False, response_class=HTMLResponse)
        return view

    return register


def _json_url(request: Request) -> str:
    path = request.url.path
    json_path = "/index.json" if path == "/" else f"{path}.json"
    return json_path + (f"?{request.url.query}" if request.url.query else "")


def _templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


# --- pages ----------------------------------------------------------------------------------


@_twin("/", "index.html", "What the store holds")
def index(request: Request, store: DB) -> dict[str, Any]:
    return {
        "counts": store.counts(),
        "recent": wq.recent_articles(store.db),
        "actors": corpus.actor_rows(store, limit=15),
    }


@_twin("/search", "search.html", "Full-text search over articles, with date and source facets")
def search(
    request: Request,
    store: DB,
    q: Words = None,
    date_from: Annotated[DateBound, Query(alias="from")] = None,
    date_to: Annotated[DateBound, Query(alias="to")] = None,
    source: Words = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    date_from, date_to = date_from or None, date_to or None
    query = {"q": q, "from": date_from, "to": date_to, "source": source, "limit": limit, "offset": offset}
    if not q or not q.strip():
        return {"query": query, "total": 0, "results": [], "months": [], "sources": []}
    filters = {"date_from": date_from, "date_to": date_to, "source": source}
    try:
        results = wq.search_articles(store.db, q, **filters, limit=limit, offset=offset)
        facets = wq.search_facets(store.db, q, **filters)
    except sqlite3.OperationalError as error:
        raise HTTPException(400, f"E704 cannot search for {q!r}: {error}") from None
    for row in results:
        row["snippet"] = _marked(row["snippet"] or "")
    return {"query": query, **facets, "results": results}


def _marked(snippet: str) -> list[dict[str, Any]]:
    """A snippet as pieces of text, each saying whether it is a hit (rendered escaped, hits in <mark>)."""
    out = []
    for i, piece in enumerate(snippet.replace(wq.MARK_END, wq.MARK_START).split(wq.MARK_START)):
        if piece:
            out.append({"text": piece, "hit": i % 2 == 1})
    return out


class _Recent:
    """The last results computed, forgotten when the store's files change (a large store's timeline takes seconds)."""

    def __init__(self, db: Path, size: int = 64) -> None:
        self.files = [db, db.with_name(db.name + "-wal")]
        self.size = size
        self.results: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()

    def _version(self) -> tuple[int, ...]:
        return tuple(f.stat().st_mtime_ns if f.exists() else 0 for f in self.files)

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        key = (self._version(), key)
        with self.lock:
            if key in self.results:
                self.results.move_to_end(key)
                return self.results[key]
        result = compute()
        with self.lock:
            self.results[key] = result
            while len(self.results) > self.size:
                self.results.popitem(last=False)
        return result


@_twin("/timeline", "timeline.html", "The timeline of a query, an actor or a place")
def timeline(
    request: Request,
    store: DB,
    q: Words = None,
    actor: Words = None,
    place: Words = None,
    date_from: Annotated[str | None, Query(alias="from", pattern=_DAY)] = None,
    date_to: Annotated[str | None, Query(alias="to", pattern=_DAY)] = None,
    dates: Annotated[int | None, Query(ge=1, le=200, description="how many days")] = None,
    sentences: Annotated[int | None, Query(ge=1, le=10, description="sentences per day")] = None,
) -> dict[str, Any]:
    try:
        query = TimelineQuery(
            text=q or None,
            actor=actor or None,
            place=place or None,
            date_from=date.fromisoformat(date_from) if date_from else None,
            date_to=date.fromisoformat(date_to) if date_to else None,
        )
        cache: _Recent = request.app.state.timelines
        result = cache.get((query, dates, sentences), lambda: store_timeline(store, query, dates, sentences))
    except ValueError as error:  # TimelineError is a ValueError, as is a bad calendar date
        raise HTTPException(400, str(error) if isinstance(error, TimelineError) else f"E703 {error}") from None
    except StoreError as error:
        raise HTTPException(400, str(error)) from None
    return {
        "query": {"q": q, "actor": actor, "place": place, "from": date_from, "to": date_to,
                  "dates": dates, "sentences": sentences},
        "describe": query.describe(),
        "articles": result.articles,
        "message": result.message,
        "entries": [
            {"date": e.date, "score": e.score, "sentences": list(e.sentences), "sources": [dict(s) for s in e.sources]}
            for e in result.entries
        ],
    }  # fmt: skip


EventSort = Literal["date", "type", "source", "target", "place", "reports", "articles", "confidence"]
EventType = Annotated[str | None, Query(max_length=20, description="PLOVER type, e.g. ASSAULT")]
Country = Annotated[str | None, Query(max_length=3, description="ISO 3166 alpha-3 of source or target")]
Order = Literal["asc", "desc"]
# A blank form field arrives as ``min_confidence=`` and means no filter; the store checks the range.
MinConfidence = Annotated[
    float | None,
    BeforeValidator(lambda value: value or None),
    Query(description="only events with at least this confidence (0..1, a ranking score)"),
]


def _event_request(
    type: EventType = None,
    actor: Words = None,
    country: Country = None,
    place: Words = None,
    date_from: Annotated[DateBound, Query(alias="from")] = None,
    date_to: Annotated[DateBound, Query(alias="to")] = None,
    negated: bool = False,
    min_confidence: MinConfidence = None,
    sort: EventSort = "date",
    order: Order = "asc",
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The query string of ``/events`` and ``/events.csv`` (blank form fields mean no filter)."""
    return {
        "type": type or None, "actor": actor or None, "country": country or None, "place": place or None,
        "from": date_from or None, "to": date_to or None, "negated": negated, "min_confidence": min_confidence,
        "sort": sort, "order": order, "limit": limit, "offset": offset,
    }  # fmt: skip


EventRequest = Annotated[dict[str, Any], Depends(_event_request)]


def _events(store: Store, query: dict[str, Any]) -> dict[str, Any]:
    try:
        where = EventFilter(
            actor=query["actor"],
            country=query["country"],
            type=query["type"],
            place=query["place"],
            date_from=query["from"],
            date_to=query["to"],
            include_negated=query["negated"],
            min_confidence=query["min_confidence"],
        )
    except StoreError as error:
        raise HTTPException(400, str(error)) from None
    rows, total = wq.event_page(
        store.db,
        where,
        sort=query["sort"],
        descending=query["order"] == "desc",
        limit=query["limit"],
        offset=query["offset"],
    )
    return {
        "query": query,
        "total": total,
        "events": rows,
        "months": charts.fill_months(wq.event_counts(store.db, where)),
        "types": wq.event_types(store.db),
        "sorts": list(wq.EVENT_SORTS),
    }


@_twin("/events", "events.html", "Real-world events: filter, sort, counts per month")
def events(request: Request, store: DB, query: EventRequest) -> dict[str, Any]:
    data = _events(store, query)
    data["csv_url"] = "/events.csv" + (f"?{request.url.query}" if request.url.query else "")
    return data


@router.get("/events.csv", summary="The events shown by /events with the same query string, as CSV")
def events_csv(store: DB, query: EventRequest) -> Response:
    data = _events(store, query)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in data["events"]:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="events.csv"'},
    )


def _cell(value: Any) -> Any:
    """A spreadsheet would run text starting with = + - @ as a formula: article text must stay text."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


@_twin("/entities", "entities.html", "Actors, most mentioned first")
def entities(request: Request, store: DB, q: Words = None, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    return {
        "query": {"q": q, "limit": limit, "offset": offset},
        "actors": corpus.actor_rows(store, words=q or None, limit=limit, offset=offset),
    }


@_twin("/entities/{actor_id}", "entity.html", "One actor: aliases, mentions over time, quotes, events, company")
def entity(request: Request, store: DB, actor_id: str) -> dict[str, Any]:
    record = wq.actor(store.db, actor_id)
    if record is None:
        raise HTTPException(404, f"E702 no actor {actor_id!r} in this store")
    return {
        "actor": record,
        "months": charts.fill_months(wq.actor_mentions_by_month(store.db, actor_id)),
        "quotes": wq.actor_quotes(store.db, actor_id),
        "as_source": wq.actor_events(store.db, actor_id, "source"),
        "as_target": wq.actor_events(store.db, actor_id, "target"),
        "co_actors": wq.co_actors(store.db, actor_id),
    }


@_twin("/articles/{article_id}", "article.html", "One article with its annotations, duplicates and metadata")
def article(request: Request, store: DB, article_id: str) -> dict[str, Any]:
    record = store.article(article_id) if len(article_id) <= 64 else None
    if record is None:
        raise HTTPException(404, f"E701 no article {article_id!r} in this store")
    ids = [e["actor"] for e in record["entities"] if e.get("actor")]
    ids += [q["speaker"] for q in record["quotes"] if q.get("speaker")]
    ids += [a for e in record["events"] for a in (e.get("source"), e.get("target")) if a]
    names = wq.actor_names(store.db, ids)
    record["actor_names"] = names
    anchors = {sentence["start"]: f"s-{sentence['index']}" for sentence in record["sentences"]}
    record["segments"] = [
        {"text": s.text, "classes": s.classes, "title": s.title, "href": s.href, "anchor": s.anchor}
        for s in segments(record["text"], article_spans(record, names), anchors)
    ]
    return record


@_twin("/map", "map.html", "Places and events on a world map")
def world_map(request: Request, store: DB, limit: Limit = wq.MAX_LIMIT) -> dict[str, Any]:
    places = wq.map_places(store.db, limit)
    located = wq.map_events(store.db, limit)
    for row in (*places, *located):
        row["x"], row["y"] = worldmap.project(row["longitude"], row["latitude"])
    return {"places": places, "events": located, "width": worldmap.WIDTH, "height": worldmap.HEIGHT}


@_twin("/stats", "stats.html", "What the store holds and what each run and stage did")
def stats(request: Request, store: DB, limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    runs = store.last_runs(limit)
    for run in runs:
        by_stage: dict[str, dict[str, float]] = {}
        for row in run["stages"]:
            by_stage.setdefault(row["stage"], {})[row["counter"]] = row["value"]
        run["by_stage"] = by_stage
    return {"counts": store.counts(), "runs": runs}


# --- errors ---------------------------------------------------------------------------------


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"status": status, "error": message}, status_code=status)
    try:
        return _templates(request).TemplateResponse(
            request, "error.html", {"status": status, "message": message, "page": "error"}, status_code=status
        )
    except Exception:  # a broken template must not turn an error page into a traceback
        log.exception("error page failed")
        return Response(f"{status}: {message}", status_code=status, media_type="text/plain; charset=utf-8")


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    message = str(error.detail) if error.status_code != 404 or error.detail != "Not Found" else "E705 no such page"
    return _error(request, error.status_code, message)


async def _bad_request(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', 'invalid')}"
        for e in error.errors()
    )
    return _error(request, 400, f"E703 bad parameter ({problems})")


async def _server_error(request: Request, error: Exception) -> Response:
    log.error("error serving %s", request.url.path, exc_info=error)
    return _error(request, 500, "E700 internal error; the server log says more")


# --- the app --------------------------------------------------------------------------------


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("dateline.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        bar_chart=charts.bar_chart,
        entries_axis=_entries_axis,
        entity_href=entity_href,
        countries=worldmap.country_paths,
    )
    env.filters["qs"] = _query_string
    env.filters["path"] = lambda value: quote(str(value), safe="")
    return env


def _entries_axis(entries: list[dict[str, Any]]) -> charts.Axis | None:
    return charts.time_axis([(e["date"], len(e["sentences"])) for e in entries])


def _query_string(params: dict[str, Any], **changes: Any) -> str:
    """``params`` with ``changes`` applied, as a query string without empty values."""
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "", False)})


def _security_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = _CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response


def create_app(db: str | Path, *, allowed_hosts: list[str] | None = None) -> FastAPI:
    """The explorer over the store at ``db``, opened read-only (it must exist and have our schema).

    ``allowed_hosts`` guards against DNS rebinding when served (``serve`` sets it for loopback).
    """
    path = Path(db)
    with Store(path, readonly=True):  # fail now, with the store's own message, not on the first request
        pass
    # The interactive /docs page loads its scripts from a CDN: left out, pages work offline.
    app = FastAPI(
        title="dateline explorer",
        summary="Timelines, events, actors, places and articles of a dateline store",
        docs_url=None,
        redoc_url=None,
    )
    app.state.db = path
    app.state.timelines = _Recent(path)
    app.state.templates = Jinja2Templates(env=_environment())
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _bad_request)
    app.add_exception_handler(Exception, _server_error)
    _security_headers(app)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    return app


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the explorer with uvicorn until interrupted; loopback only unless ``host`` says otherwise."""
    import uvicorn

    loopback = host in {"127.0.0.1", "localhost", "::1"}
    hosts = ["127.0.0.1", "localhost", "[::1]", "::1"] if loopback else None
    app = create_app(db, allowed_hosts=hosts)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
