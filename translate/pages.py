"""What every published page shares: the layouts and formats export writes, and the one
Jinja environment (autoescaping on, undefined names refused) for exported pages and review
reports. Jinja is imported only when a page is rendered."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

LAYOUTS = ("side-by-side", "interleaved", "target")
FORMATS = ("html", "md")
DEFAULT_LAYOUT = "side-by-side"
# Books (`translate.export.book`): one file per target for the whole project, each format
# with its own layouts (the first is its default) and, for PDF, the paper sizes.
BOOK_LAYOUTS = {
    "epub": ("interleaved", "side-by-side", "target"),
    "pdf": ("side-by-side", "facing", "target"),
}
PAPERS = ("a4", "us-letter")
ALL_FORMATS = (*FORMATS, *BOOK_LAYOUTS)
ALL_LAYOUTS = (*LAYOUTS, "facing")


@lru_cache(maxsize=1)
def environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("translate", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def template(name: str) -> Any:
    """The template `translate/templates/<name>`."""
    return environment().get_template(name)
