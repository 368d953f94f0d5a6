"""export: aligned articles -> self-contained bilingual HTML pages and Markdown documents.

One module per job: `paths` (output path safety), `view` (the rows, labels and language
names every format renders), `html` (pages), `index` (`index.html`), `sanitise` (Markdown
made safe), `markdown` (the Markdown renderers), `epub` and `pdf` (the books), `book` (a
book per target) and `job` (the parallel project export, the one place that writes
files). Article text is data, never markup, in every format.
"""

from translate.export.html import inline_html, plain_text, render_html
from translate.export.index import IndexEntry, render_index
from translate.export.job import ExportResult, Refused, export_project
from translate.export.markdown import render_markdown
from translate.export.paths import check_slug, output_name, output_path
from translate.export.sanitise import markdown_text
from translate.export.view import STATE_LABELS, language_name, progress_label

__all__ = [
    "STATE_LABELS",
    "ExportResult",
    "IndexEntry",
    "Refused",
    "check_slug",
    "export_project",
    "inline_html",
    "language_name",
    "markdown_text",
    "output_name",
    "output_path",
    "plain_text",
    "progress_label",
    "render_html",
    "render_index",
    "render_markdown",
]
