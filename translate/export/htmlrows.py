"""The HTML page's rows as text: each block's sentence spans (state, confidence and pair
attributes), its own tag, the tags of the containers it sits in, and each row's cells, built
in flat Python loops rather than by template macros (the page's hot path). Every value is
escaped exactly as the template's autoescaping (markupsafe) writes it; Markup (inline HTML
markdown-it made, the author's HTML through the sanitiser) is written as it is."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from markupsafe import Markup

from translate.export.view import STATE_LABELS
from translate.read import BOX_TITLE, CODE, HEADING, HTML, LIST_ITEM, RULE, TABLE_CELL, TITLE


def _esc(text: str) -> str:
    """markupsafe's `escape` of a str (what the template's autoescaping writes) as a plain
    str: the same five replacements, without a Markup object per value."""
    return (
        text.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


def _text(value) -> str:
    """Any value as the template's autoescaping writes it: markup (`__html__`) as it is,
    anything else escaped."""
    if type(value) is str:
        return _esc(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return _esc(str(value))


def _sentences(view: dict, side: str, lang: str, other: str | None, page: dict):
    """A block's sentences on one side, each in its span, with the gaps between them, in one
    flat loop (the page's hot path); every value escaped as the template's autoescaping
    would, what every span of a state (and every span of a side) shares once, the sentences
    `_inline`'s Markup."""
    gaps, out = view["gaps"], []
    suffix, pair = _side_parts(lang, other)
    if side == "src":
        for position, seg in enumerate(view["segments"]):
            ident, gap, sentence = seg["id"], gaps[position], seg["src"]
            if type(ident) is not int:
                ident = _text(ident)
            paired = f' data-pair="s{ident}{pair}' if pair else ""
            shown = sentence if isinstance(sentence, Markup) else _text(sentence)
            gap = gap if gap in _PLAIN_GAPS else _text(gap)
            out.append(f'{gap}<span class="s" id="s{ident}{suffix}"{paired}>{shown}</span>')
        out.append(_text(gaps[-1]))
        return Markup("".join(out))
    marks, low, source = page["marks"], page["low_confidence"], page["source"]
    for position, seg in enumerate(view["segments"]):
        ident, gap, sentence = seg["id"], gaps[position], seg["tgt"]
        if type(ident) is not int:
            ident = _text(ident)
        confidence = seg["confidence"]
        classes, attrs, label = _state_parts(seg["state"], marks, source)
        if confidence is not None:
            number = confidence if type(confidence) is int else _text(confidence)
            if marks and confidence < low:
                classes += " low-confidence"
            if label is not None:
                attrs += f' title="{label}, model confidence {number}"'
            if marks:
                attrs += f' data-confidence="{number}"'
        elif label is not None:
            attrs += f' title="{label}"'
        paired = f' data-pair="s{ident}{pair}' if pair else ""
        shown = sentence if isinstance(sentence, Markup) else _text(sentence)
        gap = gap if gap in _PLAIN_GAPS else _text(gap)
        out.append(
            f'{gap}<span class="{classes}" id="s{ident}{suffix}"{paired}{attrs}>{shown}</span>'
        )
    out.append(_text(gaps[-1]))
    return Markup("".join(out))


@lru_cache(maxsize=16)
def _side_parts(lang: str, other: str | None) -> tuple[str, str]:
    """What every span of a side shares, escaped once: its id's suffix (`-<lang>`) and the
    rest of its pair's id with the attribute after it ("": not paired)."""
    return f"-{_text(lang)}", f'-{_text(other)}" tabindex="0"' if other else ""


# the gaps between most sentences: nothing to escape
_PLAIN_GAPS = frozenset(("", " ", "\n", "  "))


@lru_cache(maxsize=64)
def _state_parts(state: str, marks: bool, source: str) -> tuple[str, str, str | None]:
    """What a translation's span of a state writes, escaped once: its classes, its `lang`
    (an untranslated sentence is in the source's language) and, with marks, the label of
    its title (None: no title)."""
    lang = f' lang="{_text(source)}"' if state == "untranslated" else ""
    label = _text(STATE_LABELS[state]) if marks and state != "reviewed" else None
    return f"s st-{_text(state)}", lang, label


def add_sentences(view: dict, page: dict) -> None:
    """Both sides' sentences of a block view, as the page's layout pairs them."""
    two = page["layout"] != "target"
    source, target = page["source"], page["target"]
    view["html"] = {
        "src": _sentences(view, "src", source, target, page) if two else "",
        "tgt": _sentences(view, "tgt", target, source if two else None, page),
    }


def _row_body(row: dict, side: str | None, lang: str) -> str:
    """A row's blocks on one side (None: a row shown once) in their containers' tags, built
    in one flat loop rather than by template macros per block (the page's hot path); every
    value escaped as the template's autoescaping would."""
    out = []
    for part in row["parts"]:
        opened = part["open"]
        if opened:
            note = opened["footnote"]
            attrs = "".join(f' {_text(k)}="{_text(v)}"' for k, v in opened["attrs"].items())
            ident = f' id="fn{_text(note[3] + 1)}-{_text(lang)}"' if note else ""
            out.append(f"<{_text(opened['tag'])}{attrs}{ident}>")
            if note:
                out.append(f'<span class="fn-label">{_text(note[2])}</span>')
            if opened.get("label"):
                out.append(_box_title(opened["level"], _text(opened["label"])))
        elif part["close"]:
            out.append(f"</{_text(part['close'])}>")
        else:
            out.append(_own(part["block"], side, part["bare"]))
    return "".join(out)


def _own(block: dict, side: str | None, bare: bool) -> str:
    """One block in its own tag, its text on `side` (None: only an HTML block's source)."""
    kind = block["kind"]
    shown = (block["translatable"] or kind == HTML) if side else kind == HTML
    body = _text(block["html"][side or "src"] if shown else "")
    if kind in (HEADING, TITLE):
        return f"<h{_text(block['level'])}>{body}</h{_text(block['level'])}>"
    if kind == BOX_TITLE:
        return _box_title(block["level"], body)
    if kind == TABLE_CELL:
        align = f' class="al-{_text(block["align"])}"' if block["align"] else ""
        return f"<{_text(block['cell'])}{align}>{body}</{_text(block['cell'])}>"
    if kind == CODE:
        info = f' class="language-{_text(block["info"])}"' if block["info"] else ""
        return f'<pre translate="no"><code{info}>{_text(block["text"])}</code></pre>'
    if kind in (HTML, RULE):
        return f'<div class="raw-html">{body}</div>' if kind == HTML else "<hr>"
    return body if bare else f"<p>{body}</p>"


def _box_title(level, text) -> str:
    return f'<p class="box-title" role="heading" aria-level="{_text(level)}">{text}</p>'


def shell(block: dict, body) -> str:
    """A block alone in its own tags (the title row's), inside its quotes; every value
    escaped as the template's autoescaping would, `body` (its sentence spans) as it is."""
    kind, body = block["kind"], _text(body)
    if kind in (HEADING, TITLE):
        level = _text(block["level"])
        inner = f"<h{level}>{body}</h{level}>"
    elif kind == LIST_ITEM:
        level, number = _text(block["list_level"]), block["number"]
        if block["ordered"] and number is None:
            inner = f'<div class="cont lvl-{level}"><p>{body}</p></div>'
        elif block["ordered"]:
            inner = f'<ol class="lvl-{level}" start="{_text(number)}"><li>{body}</li></ol>'
        else:
            inner = f'<ul class="lvl-{level}"><li>{body}</li></ul>'
    elif kind == CODE:
        info = f' class="language-{_text(block["info"])}"' if block["info"] else ""
        inner = f'<pre translate="no"><code{info}>{_text(block["text"])}</code></pre>'
    elif kind == HTML:
        inner = f'<pre class="raw-html" translate="no"><code>{_text(block["text"])}</code></pre>'
    elif kind == RULE:
        inner = "<hr>"
    else:
        inner = f"<p>{body}</p>"
    quotes = block["quote_depth"]
    return "<blockquote>" * quotes + inner + "</blockquote>" * quotes


def rows_html(rows: Iterator[dict], view: dict) -> Iterator:
    """Each row as the page writes it (a line break, then the row's tags around its cells),
    made when the page reaches it: built here rather than by the template's loop, which
    looked up every value of every row (the page's hot path); every value escaped as the
    template's autoescaping would."""
    source, target = view["source"], view["target"]
    src_lang, tgt_lang = _text(source), _text(target)
    two = view["layout"] != "target"
    for row in rows:
        for part in row["parts"]:
            block = part["block"]
            if block is not None and block["translatable"] and block["kind"] != HTML:
                add_sentences(block, view)
        kind = _text(str(row["kind"]).replace(" ", "-"))
        index = _text(row["index"])
        if not row["translatable"]:  # shown once: in the source's language
            body = _row_body(row, None, source)
            yield Markup(
                f'\n<div class="row shared k-{kind}" id="b{index}">'
                f'<div class="cell">{body}</div></div>'
            )
        elif not two:
            body = _row_body(row, "tgt", target)
            yield Markup(
                f'\n<div class="row k-{kind}" id="b{index}">'
                f'<div class="cell tgt" lang="{tgt_lang}">{body}</div></div>'
            )
        else:
            tgt = _row_body(row, "tgt", target)
            src = _row_body(row, "src", source)
            yield Markup(
                f'\n<div class="row k-{kind}" id="b{index}">\n'
                f'<div class="cell src" lang="{src_lang}">{src}</div>\n'
                f'<div class="cell tgt" lang="{tgt_lang}">{tgt}</div>\n</div>'
            )
