"""serve: `diptych serve`, the bilingual review page over a project's PO files.

`entries` is the library (articles found through the project's list, entry views, the
review order, saves merged with the file on disk); `app` the web application and its request
checks; this module starts the server. Starlette and uvicorn are an optional dependency
(`pip install 'diptych[serve]'`), imported only here and in `app`.
"""

from __future__ import annotations

import socket
from collections.abc import Callable

from translate.errors import DiptychError
from translate.project import Project

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


class ServeUnavailable(DiptychError):
    """The server cannot start: Starlette or uvicorn missing, or the address is taken."""


def check_installed() -> None:
    """Raise `ServeUnavailable` naming the extra to install when the server is missing."""
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise ServeUnavailable(
            "diptych serve needs Starlette and uvicorn: pip install 'diptych[serve]'"
        ) from None


def serve_project(
    project: Project,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve the review page until interrupted. The socket is bound first, so the URL
    announced (with its token) names the real port; Ctrl-C stops uvicorn cleanly (a save in
    progress finishes: every write is atomic)."""
    check_installed()
    import uvicorn

    from translate.serve.app import Server, make_app, new_token

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ServeUnavailable(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port"
        ) from None
    port = sock.getsockname()[1]
    server = Server(project, new_token(), host, port)
    shown = f"[{host}]" if ":" in host else host
    announce(f"http://{shown}:{port}/?token={server.token}")
    config = uvicorn.Config(
        make_app(server), log_level="warning", access_log=False, timeout_graceful_shutdown=5
    )
    uvicorn.Server(config).run(sockets=[sock])


__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "ServeUnavailable", "check_installed", "serve_project"]
