"""Output path safety: an article's slug and target become a file name only when they cannot
leave the output folder, and every file export writes or deletes is checked the same way.
Exports mirror the seeds tree: `web/http/index` is written as `web/http/index.en.html`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from translate.errors import ExportError
from translate.pages import DEFAULT_LAYOUT, FORMATS, LAYOUTS
from translate.project import SLUG


def check_slug(slug: str) -> str:
    """A slug becomes a file path: parts joined by `/`, each a safe name (no `..`, no
    absolute path, no odd character); `Project.slug` makes every article's so."""
    parts = slug.split("/")
    if not slug or any(not SLUG.match(part) or ".." in part for part in parts):
        raise ExportError(f"{slug!r}: not a safe article name for an output file")
    return slug


def output_name(slug: str, target: str, fmt: str, layout: str = DEFAULT_LAYOUT) -> str:
    """`<slug>.<target>.<ext>`, with `.<layout>` before the extension unless side-by-side."""
    check_slug(slug)
    if "/" in target:
        raise ExportError(f"{target!r}: not a safe language code for an output file")
    check_slug(target)
    check_format(fmt)
    check_layout(layout)
    middle = "" if layout == DEFAULT_LAYOUT else f".{layout}"
    return f"{slug}.{target}{middle}.{fmt}"


def output_path(out_dir: Path, name: str) -> Path:
    """`out_dir / name` (`name` may hold folders, `/`-separated), refused unless it
    resolves to a file inside `out_dir` (a linked subfolder pointing elsewhere is refused)."""
    parts = name.split("/")
    if not name or Path(name).is_absolute() or "\\" in name or ".." in name or "" in parts:
        raise ExportError(f"{name!r}: output file name would leave the output folder")
    path = out_dir / name
    if len(parts) == 1 and not path.is_symlink():
        return path  # a plain name, not a link: directly inside `out_dir`, nothing to resolve
    root, resolved = _resolved(out_dir), path.resolve()
    if root not in resolved.parents or resolved.parent.relative_to(root).parts != tuple(parts[:-1]):
        raise ExportError(f"{name!r}: output file name would leave the output folder")
    return path


@lru_cache(maxsize=8)
def _resolved(out_dir: Path) -> Path:
    """The output folder resolved once per export, not once per file."""
    return out_dir.resolve()


def relative_link(from_name: str, to_name: str) -> str:
    """The relative URL path from the page `from_name` to `to_name` (both inside the output
    folder, `/`-separated), as a link between exported pages needs it."""
    here = from_name.split("/")[:-1]
    there = to_name.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def check_format(fmt: str) -> None:
    """Refuse a format diptych does not write page by page (`translate.pages.FORMATS`)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")


def book_name(target: str, fmt: str, layout: str) -> str:
    """`book.<target>.<layout>.<ext>`: one book per target language, format and layout."""
    check_slug(target)
    return f"book.{target}.{layout}.{fmt}"


def check_layout(layout: str) -> None:
    """Refuse a layout diptych does not know (`translate.pages.LAYOUTS`)."""
    if layout not in LAYOUTS:
        raise ExportError(f"unknown layout {layout!r} (expected one of {', '.join(LAYOUTS)})")
