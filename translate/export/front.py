"""The front matter of a Markdown export: the source's, or the translation's with each
translated value written in place (`translate.frontmatter` writes the scalars), then made
free of live markup (`sanitise.front_matter`) for renderers that show it as text."""

from __future__ import annotations

from translate.align import AlignedArticle, AlignedBlock
from translate.export.sanitise import front_matter, front_matter_value
from translate.frontmatter import TOML, replaced
from translate.read import FRONT_MATTER, FRONT_MATTER_VALUE


def translated_value(block: AlignedBlock) -> str | None:
    """A front-matter value in the target language, or None while none of it is translated
    (the source's bytes then stay as they are)."""
    from translate.segment import normalize

    if not block.segments or all(
        seg.shown in (seg.source, normalize(seg.source)) for seg in block.segments
    ):
        return None
    return block.with_gaps(seg.shown for seg in block.segments)


def description(article: AlignedArticle) -> str:
    """The page's description for `<meta name="description">`: the front matter's
    `description` in the target language when every sentence of it is translated, else as
    the source has it ("" without one)."""
    from translate.states import UNTRANSLATED

    for block in article.blocks:
        if block.kind == FRONT_MATTER_VALUE and block.block.info == "description":
            if block.segments and all(s.state != UNTRANSLATED for s in block.segments):
                return " ".join(block.target_text().split())
            return " ".join(block.block.text.split())
    return ""


def export_front_matter(article: AlignedArticle, translated: bool) -> str:
    """The front matter as a Markdown export writes it, fences included ("" without one):
    with `translated`, each translatable value in the target language."""
    document = article.document
    front = document.front_matter
    if front is None:
        block = next((b for b in article.blocks if b.kind == FRONT_MATTER), None)
        if block is None:
            return ""
        body = front_matter(block.block.text)
        return f"---\n{body}\n---\n\n" if body else "---\n---\n\n"
    body = front.body
    if translated:
        values = [b for b in article.blocks if b.kind == FRONT_MATTER_VALUE]
        written = {}
        for index, block in enumerate(values):
            value = translated_value(block)
            if value is not None and index < len(front.fields):
                written[index] = front_matter_value(value)
        if written:
            body = replaced(front, document.text, written)
    body = front_matter(body.rstrip("\n"))
    fence = "+++" if front.format == TOML else "---"
    return f"{fence}\n{body}\n{fence}\n\n" if body else f"{fence}\n{fence}\n\n"
