"""An article's images, for every export that shows them: the HTML and Markdown pages (a copy
beside the page) and the books (embedded).

An image's path is article text: an image is used only when its destination names,
relative to its article, a regular file inside the project folder (no absolute path, no
scheme, no `..` or symlink leading out, no query or fragment), a PNG, JPEG, GIF or (pages
only) WebP by its first bytes, not its name, under `IMAGE_LIMIT` bytes. Anything else stays
its alt text, with one warning; remote images are never fetched (pages keep them a link to
the address, labelled by the alt text). SVG is refused: it can carry script and outside
references. Only the images of the source sentences count: a translation shows an image
only where its source has the same destination.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import unquote

from translate.export.html import inline_env

IMAGE_LIMIT = 20 * 1024 * 1024
# name -> (magic bytes, media type, the file name extensions of that type), judged by content
_TYPES = {
    "png": (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    "jpg": (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg", ".jpe", ".jfif")),
    "gif": (b"GIF8", "image/gif", (".gif",)),
    "webp": (b"RIFF", "image/webp", (".webp",)),
}
BOOK_TYPES = ("png", "jpg", "gif")  # what EPUB readers and Typst all show
PAGE_TYPES = ("png", "jpg", "gif", "webp")  # what browsers show
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
REMOTE = ("http://", "https://")


@dataclass(frozen=True)
class ProjectImage:
    """An image checked and read: where it is (inside the project, as its path is written,
    before links are followed), its type (by content) and its bytes."""

    path: Path
    kind: str
    data: bytes

    @property
    def media_type(self) -> str:
        return _TYPES[self.kind][1]

    @property
    def digest_name(self) -> str:
        """`images/<digest>.<ext>`: a name that depends on the content only."""
        return f"images/{hashlib.sha256(self.data).hexdigest()[:16]}.{self.kind}"


def _kind(data: bytes) -> str | None:
    for kind in PAGE_TYPES:
        magic = _TYPES[kind][0]
        if (
            data.startswith(magic)
            and (kind != "webp" or data[8:12] == b"WEBP")
            and (kind != "gif" or data[4:6] in (b"7a", b"9a"))
        ):
            return kind
    return None


_NAMES = {"png": "PNG", "jpg": "JPEG", "gif": "GIF", "webp": "WebP"}


def read_image(
    root: Path, folder: Path, src: str, kinds: tuple[str, ...] = PAGE_TYPES
) -> ProjectImage | str:
    """The image `src` names relative to `folder`, or why it is refused (article text is
    data: the path is checked before anything is opened)."""
    path = unquote(src)
    if _SCHEME.match(path) and not PureWindowsPath(path).drive:
        return "a URL, not a file of the project"
    if "\x00" in path or path.startswith(("/", "\\")) or PureWindowsPath(path).drive:
        return "an absolute path"
    if "?" in path or "#" in path:
        return "a path with a query or fragment"
    base = Path(root).resolve()
    # as written (before the file system is asked anything), then with symlinks followed
    written = Path(os.path.normpath(Path(folder).resolve() / path))
    if not written.is_relative_to(base):
        return "outside the project folder"
    try:
        resolved = written.resolve(strict=True)
    except (OSError, RuntimeError):
        return "no such file"
    if not resolved.is_relative_to(base):
        return "outside the project folder"
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(resolved, flags)  # non-blocking: a FIFO never hangs the export
    except OSError:
        return "cannot be read"
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        return "not a regular file"
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > IMAGE_LIMIT:
            return f"larger than {IMAGE_LIMIT} bytes"
        data = handle.read(IMAGE_LIMIT + 1)
    if len(data) > IMAGE_LIMIT:
        return f"larger than {IMAGE_LIMIT} bytes"
    kind = _kind(data)
    if kind is None:
        return "not a PNG, JPEG, GIF or WebP image"
    if kind not in kinds:
        return f"a {_NAMES[kind]} image, which books do not embed"
    return ProjectImage(path=written, kind=kind, data=data)


def image_sources(article) -> list[str]:
    """Every image destination in the article's source sentences, as markdown-it reads it
    (the same string the renderers look up)."""
    if not article.markdown:
        return []
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False})
    env = {"references": inline_env(article.document, article.source)["references"]}
    found: list[str] = []
    for block in article.blocks:
        for seg in block.segments:
            if "![" not in seg.source:
                continue
            for token in parser.parseInline(seg.source, dict(env))[0].children or []:
                src = str(token.attrGet("src") or "") if token.type == "image" else ""
                if src and src not in found:
                    found.append(src)
    return found


def article_images(
    root: Path, article, kinds: tuple[str, ...] = PAGE_TYPES
) -> tuple[dict[str, ProjectImage], list[str]]:
    """The images an article's source sentences name, by destination, and one warning per
    image refused: the same words for pages and books, so that an export of both says it
    once. Remote images are neither read nor warned about."""
    images: dict[str, ProjectImage] = {}
    warnings: list[str] = []
    document = article.document
    folder = Path(root) / Path(document.path).parent
    for src in image_sources(article):
        if src.lower().startswith(REMOTE):
            continue  # never fetched
        image = read_image(root, folder, src, kinds)
        if isinstance(image, str):
            warnings.append(
                f"{document.source_name}: image {src!r} refused ({image}); shown as its alt text"
            )
        else:
            images[src] = image
    return images, warnings


def copy_name(seeds: Path, image: ProjectImage) -> str:
    """Where the copy of an image goes in the output folder, which mirrors the seeds tree:
    its path inside seeds/ (so a page's relative paths keep working), or, for an image
    outside seeds/ or whose name could not be an output file, `images/<digest>.<ext>`."""
    try:
        parts = PurePosixPath(image.path.relative_to(Path(seeds).resolve())).parts
    except ValueError:
        return image.digest_name
    name = "/".join(parts)
    usable = (
        parts
        and all(part and not part.startswith(".") and part.isprintable() for part in parts)
        and "\\" not in name
        and posixpath.splitext(name)[1].lower() in _TYPES[image.kind][2]
    )
    return name if usable else image.digest_name
