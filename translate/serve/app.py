"""The review page as an ASGI application (Starlette): routes, the token, the request checks.

Every request must carry the token (in the URL once, then in a same-site cookie) and a Host
that names this server (a page of another site resolved to 127.0.0.1 by DNS rebinding
names its own host). Changes are POSTs of JSON, from this origin only (Origin and
Sec-Fetch-Site are checked). Text reaches the page through autoescaped templates or JSON;
the page's script and style are files of the package, and the Content-Security-Policy
refuses any other.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import threading
from dataclasses import dataclass
from importlib import resources

from translate.errors import DiptychError, display
from translate.export import inline_html, language_name, progress_label
from translate.export.view import STATE_LABELS, row_groups
from translate.pages import template
from translate.project import Project
from translate.serve.entries import (
    Change,
    EntryConflict,
    NotFound,
    apply_change,
    article_refs,
    find_article,
    load_view,
    version,
)

COOKIE = "diptych-token"
LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")
STATIC = {"serve.js": "text/javascript", "serve.css": "text/css"}
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}
MAX_BODY = 1_000_000
_UNWRITABLE = re.compile(r"[\x00\ud800-\udfff]")


@dataclass(frozen=True)
class Server:
    """What the application needs to know about itself: the project, its token, its
    address (the Host header and Origin must name it)."""

    project: Project
    token: str
    host: str
    port: int

    @property
    def hosts(self) -> set[str]:
        names = set(LOCAL_NAMES) | {self.host if ":" not in self.host else f"[{self.host}]"}
        return {f"{name}:{self.port}" for name in names}


def new_token() -> str:
    return secrets.token_urlsafe(24)


def make_app(server: Server):
    """The Starlette application for `server` (imported here: an optional dependency)."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
    from starlette.routing import Route

    saving = threading.Lock()  # one save at a time from this server; others merge on disk

    def locked_apply(ref, change: Change) -> dict:
        with saving:
            return apply_change(ref, change)

    def page(name: str, status: int = 200, **values) -> HTMLResponse:
        return HTMLResponse(template(name).render(**values), status_code=status)

    def refused(status: int, why: str):
        if status == 403:
            return Response(f"Forbidden: {why}\n", status_code=403, media_type="text/plain")
        return JSONResponse({"error": why}, status_code=status)

    async def index(request):
        refs, failures = article_refs(server.project)
        items = []
        for ref in refs:
            item = {
                "slug": ref.slug,
                "target": ref.target,
                "name": ref.path.name,
                "language": language_name(ref.target),
                "title": "",
                "error": None,
            }
            try:
                view = load_view(server.project, ref)
                item["label"] = progress_label(view.article)
                item["percent"] = view.article.progress.percent
                item["title"] = view.article.document.title
            except DiptychError as exc:
                item["error"] = display(str(exc))
            items.append(item)
        tag = _index_version(server.project)
        return page(
            "serve_index.html.j2",
            items=items,
            failures=[display(str(f)) for f in failures],
            version=tag,
        )

    async def index_version(request):
        return JSONResponse({"version": _index_version(server.project)})

    async def article(request):
        try:
            ref = find_article(
                server.project, request.path_params["slug"], request.path_params["target"]
            )
        except NotFound as exc:
            return page("serve_error.html.j2", 404, message=str(exc), title="Not found")
        try:
            view = load_view(server.project, ref)
        except DiptychError as exc:
            message = display(str(exc))
            return page("serve_error.html.j2", 500, message=message, title=ref.path.name)
        return page("serve_article.html.j2", **_article_values(view, server.project))

    async def article_version(request):
        try:
            ref = find_article(
                server.project, request.path_params["slug"], request.path_params["target"]
            )
        except NotFound as exc:
            return refused(404, str(exc))
        return JSONResponse({"version": version(ref)})

    async def article_entries(request):
        try:
            ref = find_article(
                server.project, request.path_params["slug"], request.path_params["target"]
            )
            view = load_view(server.project, ref)
        except NotFound as exc:
            return refused(404, str(exc))
        except DiptychError as exc:
            return refused(500, display(str(exc)))
        return JSONResponse(_entries_json(view, server.project.low_confidence))

    async def save(request):
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return refused(415, "changes are sent as JSON")
        body = await request.body()
        if len(body) > MAX_BODY:
            return refused(413, "request too large")
        try:
            data = json.loads(body)
            change = Change(
                msgid=_text(data, "msgid"),
                base=_text(data, "base"),
                msgstr=_text(data, "msgstr"),
                fuzzy=bool(data["fuzzy"]),
                comment=_text(data, "comment"),
            )
        except (ValueError, KeyError, TypeError):
            return refused(400, "malformed change")
        try:
            ref = find_article(
                server.project, request.path_params["slug"], request.path_params["target"]
            )
            entry = await _in_thread(locked_apply, ref, change)
        except NotFound as exc:
            return refused(404, str(exc))
        except EntryConflict as exc:
            return JSONResponse(
                {
                    "error": "conflict",
                    "message": "This sentence was changed on disk since you opened it. "
                    "Compare both versions, then keep one.",
                    "theirs": exc.theirs,
                    "yours": change.msgstr,
                },
                status_code=409,
            )
        except DiptychError as exc:
            return refused(500, display(str(exc)))
        return JSONResponse({"entry": entry, "version": version(ref)})

    async def static(request):
        name = request.path_params["name"]
        if name not in STATIC:
            return Response("Not found\n", status_code=404, media_type="text/plain")
        text = resources.files("translate").joinpath("templates", name).read_text("utf-8")
        return Response(text, media_type=STATIC[name])

    routes = [
        Route("/", index),
        Route("/version", index_version),
        Route("/static/{name}", static),
        Route("/a/{slug}/{target}", article),
        Route("/a/{slug}/{target}/version", article_version),
        Route("/a/{slug}/{target}/entries", article_entries),
        Route("/a/{slug}/{target}/entry", save, methods=["POST"]),
    ]
    inner = Starlette(routes=routes)

    async def guarded(scope, receive, send):
        """Host, token and origin checks before any route; security headers on every
        response."""
        if scope["type"] != "http":
            return await inner(scope, receive, send)
        from starlette.requests import Request

        request = Request(scope)
        why = _refusal(server, request)
        if why is not None:
            response = refused(403, why)
        elif request.query_params.get("token"):
            # the token from the printed URL becomes a cookie; the URL loses it
            response = RedirectResponse(request.url.remove_query_params("token"), 303)
            response.set_cookie(
                _cookie_name(server), server.token, httponly=True, samesite="strict"
            )
        else:
            response = None

        async def secured(message):
            if message["type"] == "http.response.start":
                headers = [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]
                message = {**message, "headers": list(message.get("headers", [])) + headers}
            await send(message)

        if response is not None:
            return await response(scope, receive, secured)
        return await inner(scope, receive, secured)

    return guarded


def _cookie_name(server: Server) -> str:
    return f"{COOKIE}-{server.port}"  # cookies ignore ports: one per server


def _refusal(server: Server, request) -> str | None:
    """Why a request is refused (None: it may go on)."""
    host = request.headers.get("host", "")
    if host not in server.hosts:
        return "unknown Host header (this server answers only to its own address)"
    given = request.query_params.get("token") or request.cookies.get(_cookie_name(server), "")
    if not secrets.compare_digest(given.encode(), server.token.encode()):
        return "missing or wrong token: open the URL that `diptych serve` printed"
    if request.method not in ("GET", "HEAD"):
        origin = request.headers.get("origin")
        if origin is not None and origin != f"http://{host}":
            return "cross-origin request"
        site = request.headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            return "cross-site request"
    return None


def _text(data: dict, key: str) -> str:
    """A string of the change; one a PO file cannot hold as it is (a NUL, which ends a
    compiled message, or half a surrogate pair, which is no UTF-8) is refused."""
    value = data[key]
    if not isinstance(value, str):
        raise TypeError(key)
    if _UNWRITABLE.search(value):
        raise ValueError(key)
    return value


async def _in_thread(function, *args):
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(function, *args)


def _index_version(project: Project) -> str:
    refs, failures = article_refs(project)
    tags = [version(ref) for ref in refs] + [str(f) for f in failures]
    return hashlib.sha256("|".join(tags).encode("utf-8")).hexdigest()[:20]


def _entries_json(view, low_confidence: int) -> dict:
    return {
        "low_confidence": low_confidence,
        "version": view.version,
        "progress": progress_label(view.article),
        "segments": {str(k): v for k, v in view.msgids.items()},
        "entries": view.entries,
    }


def _article_values(view, project: Project) -> dict:
    """The article page: rows of source and target cells, each target sentence a control."""
    article = view.article
    rows = []
    for group in row_groups(article, skip_title=False):
        blocks = []
        for block in group:
            if not block.translatable:
                blocks.append({"kind": block.kind, "text": block.block.text, "segments": []})
                continue
            segments = []
            for seg in block.segments:
                msgid = view.msgids[seg.id]
                entry = view.entries.get(msgid)
                segments.append(
                    {
                        "id": seg.id,
                        "src": inline_html(seg.source, article.markdown),
                        "tgt": entry["msgstr"] if entry and entry["msgstr"] else seg.source,
                        "state": entry["state"] if entry else "untranslated",
                    }
                )
            blocks.append(
                {"kind": block.kind, "text": "", "segments": segments, "gaps": block.gaps}
            )
        rows.append(blocks)
    return {
        "title": article.document.title,
        "source_name": article.document.source_name,
        "slug": view.ref.slug,
        "target": view.ref.target,
        "source": article.source,
        "source_language": language_name(article.source),
        "target_language": language_name(article.target),
        "progress": progress_label(article),
        "rows": rows,
        "labels": STATE_LABELS,
        "data": _entries_json(view, project.low_confidence),
    }
