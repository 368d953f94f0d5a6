"""What every command shares: the global settings, exit codes, library exceptions turned
into one `Error: …` line, failures named once, and the progress bar."""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from translate.errors import DiptychError, display

EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class Failure(click.ClickException):
    """A one-line error with its exit code (docs/architecture.md lists them)."""

    def __init__(self, message: str, exit_code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(display(message))  # always one printable line
        self.exit_code = exit_code


class Settings:
    def __init__(self) -> None:
        self.project_dir = Path(".")
        self.quiet = False
        self.debug = False

    def project(self):
        from translate.project import load_project

        return load_project(self.project_dir)

    def say(self, message: str) -> None:
        if not self.quiet:
            click.echo(message)

    def warn(self, message: str) -> None:
        if not self.quiet:
            click.echo(f"Warning: {message}", err=True)


def common_options(command: Callable) -> Callable:
    """--project, -q and --debug on every command (they also work before the command)."""

    @click.option(
        "--project",
        "project_dir",
        type=click.Path(file_okay=False, path_type=Path),
        help="Project folder (default: the current folder).",
    )
    @click.option("-q", "--quiet", is_flag=True, default=None, help="Print nothing but errors.")
    @click.option("--debug", is_flag=True, default=None, help="Show tracebacks.")
    @click.pass_context
    @functools.wraps(command)
    def wrapper(ctx: click.Context, project_dir, quiet, debug, **kwargs):
        settings = ctx.ensure_object(Settings)
        if project_dir is not None:
            settings.project_dir = project_dir
        settings.quiet = bool(quiet) or settings.quiet
        settings.debug = bool(debug) or settings.debug
        with errors_mapped(settings):
            return ctx.invoke(command, settings, **kwargs)

    return wrapper


@contextmanager
def errors_mapped(settings: Settings) -> Iterator[None]:
    try:
        yield
    except DiptychError as exc:
        if settings.debug:
            raise
        raise Failure(str(exc), exc.exit_code) from None
    except OSError as exc:
        if settings.debug:
            raise
        raise Failure(os_error_line(exc)) from None
    except UnicodeError as exc:
        if settings.debug:
            raise
        raise Failure(f"a file name or text cannot be encoded: {exc.reason}") from None
    except KeyboardInterrupt:
        if settings.debug:
            raise
        raise Failure(
            "interrupted; everything finished so far is saved, run the command again to resume",
            EXIT_INTERRUPTED,
        ) from None


def os_error_line(exc: OSError) -> str:
    """`path: cause` for an error of the operating system (a folder that is a file, a
    read-only folder, a full disk...)."""
    cause = exc.strerror or type(exc).__name__
    where = exc.filename if exc.filename is not None else ""
    if exc.filename2 is not None:
        where = f"{where} -> {exc.filename2}"
    hints = {
        "NotADirectoryError": "; a file stands where diptych needs a folder",
        "PermissionError": "; check the folder's permissions",
    }
    hint = hints.get(type(exc).__name__, "")
    return f"{display(where)}: {cause}{hint}" if where else f"{cause}{hint}"


def report_failures(settings: Settings, failures) -> None:
    """Name each failed article, once; the command then exits 2 after the others were
    processed (the last line is the error it exits with)."""
    if not failures:
        return
    lines = list(dict.fromkeys(display(str(failure)) for failure in failures))
    for line in lines[:-1]:
        click.echo(f"Error: {line}", err=True)
    raise DiptychError(lines[-1])


# A bar shows once its work has lasted this long (a command done sooner shows none), and is
# drawn again at most this often (or at the end): 10,000 catalogs are not 10,000 redraws.
PROGRESS_DELAY = 0.5
PROGRESS_REDRAW = 0.1


def on_terminal() -> bool:
    return sys.stderr.isatty()


@contextmanager
def progress_bar(
    settings: Settings, label: str, shown: bool = True
) -> Iterator[Callable[[int, int], None] | None]:
    """A bar on stderr when it is a terminal and the work lasts (`PROGRESS_DELAY`); nothing
    otherwise, with -q, or when not `shown` (a command printing JSON)."""
    if settings.quiet or not shown or not on_terminal():
        yield None
        return
    state: dict = {}
    start = time.monotonic()

    def update(done: int, total: int) -> None:
        now = time.monotonic()
        if "bar" not in state:
            if now - start < PROGRESS_DELAY:
                return
            state["bar"] = click.progressbar(
                length=total, label=label, file=sys.stderr, show_eta=True, show_pos=True
            )
            state["bar"].__enter__()
        elif done < total and now - state["drawn"] < PROGRESS_REDRAW:
            return
        state["drawn"] = now
        bar = state["bar"]
        bar.length = max(bar.length or 0, total)  # groups of articles add to the total
        bar.update(done - bar.pos)

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)
