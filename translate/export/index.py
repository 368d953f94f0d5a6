"""`index.html`: every exported article of an export with its review progress and its pages,
grouped by folder when the seeds are a tree."""

from __future__ import annotations

from dataclasses import dataclass

from translate import __version__
from translate.align import AlignedArticle
from translate.export.html import plain_text
from translate.export.view import progress_label
from translate.pages import DEFAULT_LAYOUT, template


@dataclass(frozen=True)
class IndexEntry:
    """One article of the index page and the files exported for it (names in out_dir): only
    what the index shows, so that export holds one article at a time, not the project."""

    slug: str
    source: str
    target: str
    source_name: str
    title: str
    title_target: str
    percent: int
    progress_label: str
    files: tuple[str, ...]

    @classmethod
    def of(cls, article: AlignedArticle, files: tuple[str, ...]) -> IndexEntry:
        title_target = article.translated_title
        return cls(
            slug=article.slug,
            source=article.source,
            target=article.target,
            source_name=article.document.source_name,
            title=plain_text(article.document.title, article.markdown),
            title_target=plain_text(title_target, article.markdown) if title_target else "",
            percent=article.progress.percent,
            progress_label=progress_label(article),
            files=files,
        )


def render_index(entries: list[IndexEntry], heading: str = "Bilingual articles") -> str:
    """`index.html`: every exported article with its review progress and relative links,
    grouped by folder when the seeds are a tree (`_folders`)."""
    from urllib.parse import quote

    items = []
    for entry in entries:
        links = [{"href": quote(name), "label": _link_label(name, entry)} for name in entry.files]
        items.append(
            {
                "folder": tuple(entry.slug.split("/")[:-1]),
                "folder_name": _folder_name(entry),
                "title": entry.title,
                "title_target": entry.title_target,
                "source": entry.source,
                "target": entry.target,
                "source_name": entry.source_name,
                "percent": entry.percent,
                "progress_label": entry.progress_label,
                "links": links,
            }
        )
    index_template = template("index.html.j2")
    return index_template.render(groups=_folders(items), heading=heading, version=__version__)


def _folder_name(entry: IndexEntry) -> str:
    """The article's folder inside seeds/ as its files name it (the slug may be a derived
    safe name)."""
    depth = entry.slug.count("/")
    parts = entry.source_name.replace("\\", "/").split("/")
    return "/".join(parts[-depth - 1 : -1]) if depth and len(parts) > depth else ""


def _folders(items: list[dict]) -> list[dict]:
    """The index's articles as sections, one per folder, nested as the tree is (a folder
    after its parent, its heading one level lower: h2 for a folder of seeds/): folders in
    the order their first article comes in the index, articles in the index's order. The
    articles of seeds/ itself come first, without a heading; a flat project is one table."""
    children: dict[tuple, list[tuple]] = {(): []}
    members: dict[tuple, list[dict]] = {(): []}
    names: dict[tuple, str] = {(): ""}
    for item in items:
        folder = item["folder"]
        for depth in range(len(folder) + 1):
            here = folder[:depth]
            if here not in members:
                members[here] = []
                children[here] = []
                children[folder[: depth - 1]].append(here)
                whole = item["folder_name"].split("/")
                names[here] = (
                    "/".join(whole[:depth]) if len(whole) == len(folder) else "/".join(here)
                )
        members[folder].append(item)
    groups: list[dict] = []

    def visit(folder: tuple) -> None:
        if folder or members[folder] or not items:
            groups.append(
                {
                    "heading": names[folder],
                    "level": min(len(folder) + 1, 6),
                    "id": f"folder-{len(groups)}",
                    "articles": members[folder],
                }
            )
        for child in children[folder]:
            visit(child)

    visit(())
    return groups


def _link_label(name: str, entry: IndexEntry) -> str:
    rest = name[len(f"{entry.slug}.{entry.target}.") :]
    parts = rest.split(".")
    fmt = "HTML" if parts[-1] == "html" else "Markdown"
    layout = parts[0] if len(parts) > 1 else DEFAULT_LAYOUT
    return f"{fmt}, {layout}"
