"""Command line: parse options, call the library, turn its exceptions into one-line errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from translate import __version__
from translate.console import (
    EXIT_CHECK_FAILED,
    Failure,
    Settings,
    common_options,
    progress_bar,
    report_failures,
)
from translate.engines import DEFAULT_ENGINE, ENGINES
from translate.errors import DiptychError
from translate.pages import ALL_FORMATS, ALL_LAYOUTS, FORMATS, PAPERS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="diptych")
@click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    help="Project folder (default: the current folder).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def cli(ctx: click.Context, project_dir: Path, quiet: bool, debug: bool) -> None:
    """diptych: offline French-to-English translation through PO files, published side by side."""
    settings = ctx.ensure_object(Settings)
    settings.project_dir, settings.quiet, settings.debug = project_dir, quiet, debug


ENGINE_OPTION = click.option(
    "--engine",
    type=click.Choice(sorted(set(ENGINES) - {"cluster"})),  # `--cluster` runs argos there
    default=DEFAULT_ENGINE,
    show_default=True,
    help="Machine translation engine; none leaves entries empty.",
)
MIN_REVIEWED_OPTION = click.option(
    "--min-reviewed",
    type=click.FloatRange(0, 100),
    default=0,
    metavar="PCT",
    help="Refuse (exit 1) to export articles reviewed below PCT percent.",
)
DEVICE_OPTION = click.option(
    "--device",
    type=click.Choice(["auto", "cpu", "cuda"]),
    default="auto",
    show_default=True,
    help="Where the model runs: auto uses a GPU when CTranslate2 sees one.",
)
CLUSTER_OPTION = click.option(
    "--cluster",
    metavar="ADDRESS",
    help="Translate on a Ray cluster (ray://HOST:PORT, HOST:PORT, or auto for RAY_ADDRESS); "
    "catalogs are still written here. Needs `pip install 'diptych[cluster]'`.",
)


@contextmanager
def cluster_engine(settings: Settings, address: str | None, engine: str) -> Iterator[str]:
    """The engine to translate with: `engine`, or the cluster engine while connected to the
    cluster at `address`; the workers used are named once the run is over."""
    if address is None:
        yield engine
        return
    if engine != DEFAULT_ENGINE:
        raise Failure(f"--cluster runs the {DEFAULT_ENGINE} engine, not {engine}")
    from translate.cluster import connected

    with connected(address) as session:
        yield "cluster"
    for line in session.summary():
        settings.say(f"Cluster {session.address}: {line}")


@cli.command()
@click.argument("articles", nargs=-1)
@ENGINE_OPTION
@DEVICE_OPTION
@CLUSTER_OPTION
@click.option(
    "--batching",
    type=click.Choice(["exact", "padded"]),
    default="exact",
    show_default=True,
    help="exact: each sentence as argostranslate translates it alone; padded: faster, "
    "may differ (marked mt-batching: padded).",
)
@common_options
def translate(
    settings: Settings,
    articles: tuple[str, ...],
    engine: str,
    device: str,
    cluster: str | None,
    batching: str,
) -> None:
    """Segment ARTICLES (default: all of seeds/), reuse translations, machine-translate the
    rest, and write locales/<target>/<slug>.po.

    Example: diptych translate seeds/tempete.md"""
    from translate.files import ProjectLock
    from translate.pipeline import translate_project

    project = settings.project()
    with (
        ProjectLock(project.root),
        cluster_engine(settings, cluster, engine) as engine,
        progress_bar(settings, "Translating") as progress,
    ):
        report = translate_project(
            project,
            articles or None,
            engine=engine,
            progress=progress,
            device=device,
            batching=batching,
        )
    for warning in report.warnings:
        settings.warn(warning)
    for outcome in report.outcomes:
        action = "written" if outcome.written else "unchanged"
        settings.say(
            f"{project.relative(outcome.po_path)}: {outcome.entries} entries, "
            f"{outcome.machine_translated} machine-translated, {outcome.reused} reused ({action})"
        )
    report_failures(settings, report.failures)


@cli.command()
@click.argument("article")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per segment.")
@click.option("--source", help="Language of ARTICLE (default: the project's `source`).")
@common_options
def segment(settings: Settings, article: str, as_json: bool, source: str | None) -> None:
    """Print the segments of ARTICLE, one per line, a blank line between blocks.

    Example: diptych segment tempete --json"""
    from dataclasses import replace

    from translate.articles import load_document

    project = settings.project()
    if source:
        project = replace(project, source=source)
    if project.profile_warning:
        settings.warn(project.profile_warning)
    document, segments = load_document(project, article)
    for warning in document.warnings:
        settings.warn(warning)
    previous = None
    for seg in segments:
        if as_json:
            record = {
                "block": seg.block,
                "kind": seg.kind,
                "line": seg.line,
                "start": seg.start,
                "end": seg.end,
                "text": seg.text,
                "msgid": seg.msgid,
            }
            click.echo(json.dumps(record, ensure_ascii=False))
            continue
        if previous is not None and seg.block != previous:
            click.echo("")
        click.echo(seg.msgid)
        previous = seg.block


@cli.command()
@click.argument("articles", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--check", is_flag=True, help="Exit 1 unless every segment is reviewed.")
@common_options
def status(settings: Settings, articles: tuple[str, ...], as_json: bool, check: bool) -> None:
    """Per article and target: segments per state, % reviewed, QA errors, stale sources.

    --check fails while anything is unreviewed, stale, or has a QA error, and names each
    article that is not ready, with why. Catalogs whose article was deleted are listed.

    Example: diptych status --check"""
    from translate.status import project_status

    with progress_bar(settings, "Reading catalogs", shown=not as_json) as progress:
        report = project_status(settings.project(), articles or None, progress)
    for warning in report.warnings:
        settings.warn(warning)
    if as_json:
        rows = [row.as_dict() for row in report.articles]
        click.echo(
            json.dumps(
                {
                    "articles": rows,
                    "all_reviewed": report.all_reviewed,
                    "orphans": list(report.orphans),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    elif not settings.quiet:
        click.echo(_status_table(report.articles))
        for orphan in report.orphans:
            click.echo(f"{orphan}: orphan catalog, its article is no longer in seeds/")
    report_failures(settings, list(report.failures))
    if check and not report.all_reviewed:
        pending = [row for row in report.articles if not row.complete]
        for row in pending:
            click.echo(f"Not ready: {row.source_name} ({row.target}): {row.reasons}", err=True)
        raise Failure(
            f"{len(pending)} article(s) not ready: unreviewed, stale or with QA errors",
            EXIT_CHECK_FAILED,
        )


@cli.command()
@click.argument("articles", nargs=-1)
@common_options
def review(settings: Settings, articles: tuple[str, ...]) -> None:
    """Write reviews/<slug>.<target>.html and .json: post-edits with diffs and edit rates,
    source changes, QA findings and a summary.

    Example: diptych review tempete"""
    from translate.files import ProjectLock
    from translate.review import review_project

    project = settings.project()
    with ProjectLock(project.root), progress_bar(settings, "Reviewing") as progress:
        report = review_project(project, articles or None, progress)
    for warning in report.warnings:
        settings.warn(warning)
    for item in report.reviews:
        summary = item.summary
        path = project.relative(project.reviews_dir / f"{item.article}.{item.target}.html")
        settings.say(
            f"{path}: {summary.states.percent_label} reviewed, "
            f"{item.post_edits} post-edits, {item.source_changes} source changes, "
            f"{summary.qa_errors} QA errors, {summary.qa_warnings} QA warnings"
        )
    report_failures(settings, list(report.failures))


@cli.command()
@click.argument("articles", nargs=-1)
@click.option(
    "--format",
    "formats",
    type=click.Choice(ALL_FORMATS),
    multiple=True,
    help="Output format; repeat for several (default: html and md). epub and pdf make one "
    "book per target language of all the articles.",
)
@click.option(
    "--layout",
    type=click.Choice(ALL_LAYOUTS),
    help="Default: side-by-side (html, md, pdf), interleaved (epub). "
    "facing is pdf's only; interleaved is not pdf's.",
)
@click.option(
    "--paper", type=click.Choice(PAPERS), default="a4", show_default=True, help="PDF paper size."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: build/).",
)
@click.option("--no-marks", is_flag=True, help="Do not mark unreviewed or untranslated text.")
@MIN_REVIEWED_OPTION
@common_options
def export(
    settings: Settings,
    articles: tuple[str, ...],
    formats: tuple[str, ...],
    layout: str | None,
    paper: str,
    output: Path | None,
    no_marks: bool,
    min_reviewed: float,
) -> None:
    """Write bilingual documents of ARTICLES (default: all) to build/, and build/index.html.

    Example: diptych export --format html --layout interleaved --min-reviewed 100"""
    from translate.files import ProjectLock

    project = settings.project()
    with ProjectLock(project.root):
        _export(
            settings,
            project,
            articles=articles,
            formats=formats or FORMATS,
            layout=layout,
            output=output,
            marks=not no_marks,
            min_reviewed=min_reviewed,
            paper=paper,
        )


def _export(
    settings: Settings,
    project,
    *,
    articles: tuple[str, ...] = (),
    formats: tuple[str, ...] = FORMATS,
    layout: str | None = None,
    output: Path | None = None,
    marks: bool = True,
    min_reviewed: float = 0,
    failures: tuple | list = (),
    paper: str = "a4",
) -> None:
    """Export, then name every failed article (exit 2) and every refused one (exit 1)."""
    from translate.export import export_project

    with progress_bar(settings, "Exporting") as progress:
        result = export_project(
            project,
            formats=formats,
            layout=layout,
            out_dir=output,
            marks=marks,
            min_reviewed=min_reviewed,
            names=articles or None,
            paper=paper,
            progress=progress,
        )
    for warning in result.warnings:
        settings.warn(warning)
    for path in result.written:
        settings.say(f"{project.relative(path)}: written")
    for path in result.unchanged:
        settings.say(f"{project.relative(path)}: unchanged")
    for path in result.removed:
        settings.say(f"{project.relative(path)}: removed (article refused)")
    failed = [*failures, *result.failures]
    if failed:
        for refusal in result.refused:
            click.echo(f"Error: {refusal.reason}", err=True)
        report_failures(settings, failed)
    if not result.ok:
        for refusal in result.refused[:-1]:
            click.echo(f"Error: {refusal.reason}", err=True)
        raise Failure(result.refused[-1].reason, EXIT_CHECK_FAILED)


@cli.command()
@ENGINE_OPTION
@MIN_REVIEWED_OPTION
@DEVICE_OPTION
@CLUSTER_OPTION
@common_options
def run(
    settings: Settings, engine: str, min_reviewed: float, device: str, cluster: str | None
) -> None:
    """The main job: translate every article, then export HTML and Markdown to build/.

    Example: diptych run --engine none"""
    from translate.files import ProjectLock
    from translate.pipeline import translate_project

    project = settings.project()
    with ProjectLock(project.root):
        with (
            cluster_engine(settings, cluster, engine) as engine,
            progress_bar(settings, "Translating") as progress,
        ):
            report = translate_project(project, engine=engine, progress=progress, device=device)
        for warning in report.warnings:
            settings.warn(warning)
        # an article that failed is named once; the others are exported all the same
        try:
            _export(settings, project, min_reviewed=min_reviewed, failures=report.failures)
        except (DiptychError, Failure):
            _next_steps(settings, project, report)
            raise
    _next_steps(settings, project, report)


def _next_steps(settings: Settings, project, report) -> None:
    """What to do with what `run` wrote: review the catalogs, open the index."""
    catalogs = [project.relative(outcome.po_path) for outcome in report.outcomes]
    if catalogs:
        settings.say(f"To review in a PO editor: {', '.join(catalogs)}")
    settings.say(f"Open {project.relative(project.build_dir / 'index.html')} in a browser.")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535))
@click.option("--open", "open_browser", is_flag=True, help="Open the page in a browser.")
@common_options
def serve(settings: Settings, host: str, port: int, open_browser: bool) -> None:
    """Review in the browser: the bilingual page where editors correct and approve, saving
    the same PO files (docs/serve.md). Prints the URL with its token; Ctrl-C stops.

    Example: diptych serve --open"""
    from translate.serve import check_installed, serve_project

    check_installed()

    def announce(url: str) -> None:
        click.echo(f"Review page: {url}  (Ctrl-C stops)", err=settings.quiet)
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    serve_project(settings.project(), host, port, announce)


@cli.group()
def models() -> None:
    """Argos Translate model packages: list, install from a file, or download.

    Example: diptych models install --if-missing"""


@models.command("list")
@common_options
def models_list(settings: Settings) -> None:
    """Installed language pairs, versions and paths.

    Example: diptych models list"""
    from translate.models import list_models

    warnings: list[str] = []
    found = list_models(warnings)
    for warning in warnings:
        settings.warn(warning)
    if not found:
        settings.say("no Argos model installed; see `diptych models install --help`")
    for model in found:
        click.echo(f"{model.source}->{model.target}\t{model.version}\t{model.name}\t{model.path}")


@models.command("install")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--download", is_flag=True, help="Download the package from the Argos index.")
@click.option(
    "--if-missing",
    is_flag=True,
    help="Do nothing if a package serves the pair; else install FILE or "
    "$DIPTYCH_ARGOS_MODEL, else download.",
)
@click.option("--source", help="Source language (default: the project's).")
@click.option("--target", help="Target language (default: the project's first).")
@common_options
def models_install(
    settings: Settings,
    file: Path | None,
    download: bool,
    if_missing: bool,
    source: str | None,
    target: str | None,
) -> None:
    """Install FILE.argosmodel, or the project's pair with --download or --if-missing.

    Example: diptych models install translate-fr_en-1_9.argosmodel"""
    import os

    from translate.models import MODEL_FILE_ENV, download_model, ensure_model, install_model

    if sum((file is not None and not if_missing, download, if_missing)) != 1:
        raise click.UsageError("give FILE, --download or --if-missing")
    project = settings.project()
    source, target = source or project.source, target or project.targets[0]
    if if_missing:
        chosen = file or (
            Path(os.environ[MODEL_FILE_ENV]) if os.environ.get(MODEL_FILE_ENV) else None
        )
        warnings: list[str] = []
        model, action = ensure_model(source, target, chosen, warnings)
        for warning in warnings:
            settings.warn(warning)
    elif download:
        model, action = download_model(source, target), "downloaded"
    else:
        model, action = install_model(file), "installed"
    settings.say(f"{model.source}->{model.target} {model.name} {model.version}: {action}")


def _status_table(rows) -> str:
    headers = (
        "article",
        "target",
        *STATE_COLUMNS,
        "total",
        "% reviewed",
        "QA errors",
        "terms",
        "stale",
    )
    lines = [headers]
    for row in rows:
        flag = "stale" if row.stale else ("no PO" if not row.has_catalog else "")
        counts = (str(row.states.counts[state]) for state in STATE_COLUMNS)
        total, percent = str(row.states.total), row.states.percent_label
        qa, terms = str(row.qa_errors), str(row.term_errors)
        lines.append((row.slug, row.target, *counts, total, percent, qa, terms, flag))
    widths = [max(len(line[i]) for line in lines) for i in range(len(headers))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in lines
    )


STATE_COLUMNS = ("reviewed", "machine", "reused", "edited", "untranslated", "verbatim")


def main() -> None:
    cli(prog_name="diptych")
