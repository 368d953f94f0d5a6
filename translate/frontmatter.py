"""frontmatter: the YAML (`---`) or TOML (`+++`) front matter of a Markdown article, the
values of its translatable keys found in place, and a translation written back as a scalar
of the same format that a YAML or TOML parser reads as exactly that translation.

Only top-level keys whose value is a string are translatable; everything else in the front
matter (other keys, comments, lists, layout) is never touched. A value is decoded by the
format's own parser (PyYAML, tomllib), so quoted, plain and block scalars all read as their
readers see them; where it stands in the text is found line by line.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

DEFAULT_KEYS: tuple[str, ...] = ("title", "description", "summary", "subtitle")

YAML = "yaml"
TOML = "toml"

# The whole front matter: its opening fence, its body (group 1), its closing fence.
FRONT_MATTER_TEXT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
TOML_TEXT = re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)

_YAML_KEY = re.compile(r"(?P<key>[^\s:#'\"\-?&*!|>%@`{}\[\],][^:\n]*?)[ \t]*:(?:[ \t]+|$)")
_TOML_KEY = re.compile(r"(?P<key>[A-Za-z0-9_-]+)[ \t]*=[ \t]*")
_MAX_VALUE_LINES = 500


@dataclass(frozen=True, slots=True)
class Field:
    """One translatable value: its key, its text as the format's parser reads it, and where
    its written form (quotes, block indicator and lines included) stands in the article."""

    key: str
    value: str
    start: int
    end: int
    indent: str = ""  # a block scalar's own indentation, kept when it is written back


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Where the front matter stands (`end`: after its closing fence), its format, its body
    (between the fences) and its translatable fields, in order."""

    format: str
    body: str
    body_start: int
    end: int
    fields: tuple[Field, ...]

    def value(self, key: str) -> str:
        return next((field.value for field in self.fields if field.key == key), "")


def match(text: str) -> re.Match | None:
    """The front matter at the top of `text`, YAML or TOML, if there is one."""
    return FRONT_MATTER_TEXT.match(text) or TOML_TEXT.match(text)


def find(text: str, keys: tuple[str, ...] = DEFAULT_KEYS) -> FrontMatter | None:
    """The front matter of a Markdown text and its translatable values, or None."""
    found = match(text)
    if found is None:
        return None
    body = found.group(1) or ""
    start = found.start(1) if found.group(1) is not None else found.end()
    fmt = TOML if text.startswith("+++") else YAML
    fields = _toml_fields(body, start, keys) if fmt == TOML else _yaml_fields(body, start, keys)
    return FrontMatter(fmt, body, start, found.end(), tuple(fields))


# ---------------------------------------------------------------------------- YAML


def _lines(body: str) -> list[tuple[int, str]]:
    """(offset in body, line without its newline) of each line."""
    out, position = [], 0
    for line in body.split("\n"):
        out.append((position, line))
        position += len(line) + 1
    return out[:-1] if body.endswith("\n") else out


def _yaml_fields(body: str, base: int, keys: tuple[str, ...]) -> list[Field]:
    lines = _lines(body)
    fields = []
    for number, (offset, line) in enumerate(lines):
        key_match = _YAML_KEY.match(line)
        if key_match is None or key_match.group("key").strip() not in keys:
            continue
        last = number
        for later in range(number + 1, min(len(lines), number + _MAX_VALUE_LINES)):
            following = lines[later][1]
            if following.strip() and not following[:1].isspace():
                break
            if following.strip():
                last = later
        value_start = offset + key_match.end()
        end = lines[last][0] + len(lines[last][1])
        found = _yaml_value(body, key_match.group("key").strip(), value_start, end)
        if found is not None and found[0].strip():  # an empty value has nothing to translate
            value, end = found
            indent = _block_indent(lines, number, last) if body[value_start] in "|>" else ""
            fields.append(
                Field(key_match.group("key").strip(), value, base + value_start, base + end, indent)
            )
    return fields


def _block_indent(lines: list[tuple[int, str]], first: int, last: int) -> str:
    for _, line in lines[first + 1 : last + 1]:
        if line.strip():
            return line[: len(line) - len(line.lstrip(" "))]
    return "  "


def _yaml_value(body: str, key: str, start: int, end: int) -> tuple[str, int] | None:
    """A string value written in `body[start:end]` and where it ends (a trailing comment
    left out), or None when the value is not a string (a list, a number, a date...)."""
    if start >= end:
        return None
    raw = body[start:end]
    value = _load_yaml(raw)
    if not isinstance(value, str):
        return None
    if "\n" not in raw and body[start] not in "|>":  # `title: Mot # comment`
        for comment in re.finditer(r"[ \t]+#", raw):
            if _load_yaml(raw[: comment.start()]) == value:
                return value, start + comment.start()
    return value, start + len(raw.rstrip(" \t"))


def _load_yaml(raw: str):
    import yaml

    try:
        loaded = yaml.safe_load("k: " + raw + "\n")
    except yaml.YAMLError:
        return None
    return loaded.get("k") if isinstance(loaded, dict) else None


def _yaml_double(value: str) -> str:
    """A double-quoted YAML scalar: every character that is not printable, a quote or a
    backslash escaped, so nothing in it ends the line or the scalar."""
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif _escaped(ch):
            code = ord(ch)
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _escaped(ch: str) -> bool:
    """A control character or a line or paragraph separator: never written as itself."""
    category = unicodedata.category(ch)
    return category[0] == "C" or category in ("Zl", "Zp")


def yaml_scalar(value: str, source: str, indent: str = "  ") -> str:
    """`value` written as the YAML scalar that replaces `source` (the value's written form):
    in the source's style when that style reads back as `value` exactly, else double-quoted."""
    candidates = []
    first = source[:1]
    content = value.rstrip("\n")
    if first in "|>" and "\n" in source:
        header = source.split("\n", 1)[0].split("#", 1)[0].rstrip()
        lines = content.split("\n")
        if content == content.strip() and not any(_escaped(c) for c in "".join(lines)):
            candidates.append(header + "\n" + "\n".join(indent + s if s else "" for s in lines))
    elif "\n" not in value and first == "'":
        candidates.append("'" + value.replace("'", "''") + "'")
    elif "\n" not in value and first not in '"\n':
        candidates.append(value)
    for candidate in candidates:
        if _load_yaml(candidate) == value:
            return candidate
    return _yaml_double(value)


# ---------------------------------------------------------------------------- TOML


def _toml_fields(body: str, base: int, keys: tuple[str, ...]) -> list[Field]:
    lines = _lines(body)
    fields = []
    for number, (offset, line) in enumerate(lines):
        if line.lstrip().startswith("["):
            break  # a table: its keys are not the page's own
        key_match = _TOML_KEY.match(line)
        if key_match is None or key_match.group("key") not in keys:
            continue
        value_start = offset + key_match.end()
        for last in range(number, min(len(lines), number + _MAX_VALUE_LINES)):
            end = lines[last][0] + len(lines[last][1])
            found = _toml_value(body, value_start, end)
            if found is not None:
                value, end = found
                if value.strip():  # an empty value has nothing to translate
                    fields.append(
                        Field(key_match.group("key"), value, base + value_start, base + end)
                    )
                break
    return fields


def _toml_value(body: str, start: int, end: int) -> tuple[str, int] | None:
    raw = body[start:end]
    value = _load_toml(raw)
    if value is None:
        return None
    for comment in re.finditer(r"[ \t]*#", raw):
        if _load_toml(raw[: comment.start()]) == value:
            return value, start + comment.start()
    return value, start + len(raw.rstrip(" \t"))


def _load_toml(raw: str) -> str | None:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    try:
        value = tomllib.loads("k = " + raw).get("k")
    except tomllib.TOMLDecodeError:
        return None
    return value if isinstance(value, str) else None


def toml_string(value: str) -> str:
    """A TOML basic string reading as `value` exactly (JSON's escapes are TOML's, with
    `\\uXXXX` for every control character and line separator)."""
    escaped = json.dumps(value, ensure_ascii=False)[1:-1]
    out = []
    for ch in escaped:
        if _escaped(ch):
            out.append(f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def written(front: FrontMatter, field: Field, value: str, text: str) -> str:
    """The written form of `value` in place of `field` in `text`, in the front matter's
    format."""
    source = text[field.start : field.end]
    space = " " if source[:1] == "\n" else ""  # `key:` alone on its line: the value follows it
    if front.format == TOML:
        return toml_string(value)
    return space + yaml_scalar(value, source, field.indent or "  ")


def replaced(front: FrontMatter, text: str, values: dict[int, str]) -> str:
    """The front matter body of `text` with the field at each index of `values` written as
    that value; everything else byte for byte."""
    parts, position = [], front.body_start
    for index, field in enumerate(front.fields):
        if index in values:
            parts += [text[position : field.start], written(front, field, values[index], text)]
            position = field.end
    parts.append(text[position : front.body_start + len(front.body)])
    return "".join(parts)
