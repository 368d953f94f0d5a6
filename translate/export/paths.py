"""Output path safety: an article's slug and target become a file name only when they cannot
leave the output folder, and every file export writes or deletes is checked the same way."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from translate.errors import ExportError
from translate.pages import DEFAULT_LAYOUT, FORMATS, LAYOUTS
from translate.project import SLUG


def check_slug(slug: str) -> str:
    """A slug becomes a file name: refuse separators, `..`, absolute paths and odd characters."""
    if not slug or not SLUG.match(slug) or ".." in slug:
        raise ExportError(f"{slug!r}: not a safe article name for an output file")
    return slug


def output_name(slug: str, target: str, fmt: str, layout: str = DEFAULT_LAYOUT) -> str:
    """`<slug>.<target>.<ext>`, with `.<layout>` before the extension unless side-by-side."""
    check_slug(slug)
    check_slug(target)
    check_format(fmt)
    check_layout(layout)
    middle = "" if layout == DEFAULT_LAYOUT else f".{layout}"
    return f"{slug}.{target}{middle}.{fmt}"


def output_path(out_dir: Path, name: str) -> Path:
    """`out_dir / name`, refused unless it resolves to a file directly inside `out_dir`."""
    if not name or Path(name).is_absolute() or "/" in name or "\\" in name or ".." in name:
        raise ExportError(f"{name!r}: output file name would leave the output folder")
    path = out_dir / name
    if path.name == name and not path.is_symlink():
        return path  # a plain name, not a link: directly inside `out_dir`, nothing to resolve
    if path.resolve().parent != _resolved(out_dir):
        raise ExportError(f"{name!r}: output file name would leave the output folder")
    return path


@lru_cache(maxsize=8)
def _resolved(out_dir: Path) -> Path:
    """The output folder resolved once per export, not once per file."""
    return out_dir.resolve()


def check_format(fmt: str) -> None:
    """Refuse a format diptych does not write (`translate.pages.FORMATS`)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")


def check_layout(layout: str) -> None:
    """Refuse a layout diptych does not know (`translate.pages.LAYOUTS`)."""
    if layout not in LAYOUTS:
        raise ExportError(f"unknown layout {layout!r} (expected one of {', '.join(LAYOUTS)})")
