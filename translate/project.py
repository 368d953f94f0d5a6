"""A diptych project: the folder layout (docs/architecture.md) plus the optional `diptych.toml`."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from translate.errors import ArticleError, ConfigError
from translate.frontmatter import DEFAULT_KEYS as DEFAULT_FRONT_MATTER_KEYS
from translate.glossary import Glossary, load_glossary
from translate.inline import macro_pattern
from translate.languages import Profile, get_profile, profile
from translate.read import Reading, file_kind

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
CONFIG_NAME = "diptych.toml"
_FOLDERS = ("seeds", "locales", "reviews", "build")
# Articles larger than this are refused unless `max_article_mb` allows them: every command
# holds a few copies of the largest article in memory.
DEFAULT_MAX_ARTICLE_MB = 50
CACHE_FOLDER = ".diptych"
# The link and image schemes exports publish unless `[export] schemes` says otherwise; a
# destination without a scheme (relative, `#fragment`) is always allowed, a script never.
DEFAULT_LINK_SCHEMES = ("http", "https", "mailto")
_SCRIPT_SCHEMES = ("javascript", "vbscript")
# An article's identity is its path inside seeds/ without the extension
# (`web/http/overview/index`; in a flat project, its file name without the extension). Its
# slug, the same path made safe for files and web links, names its catalog, its review and
# its exported pages: each part of it is ASCII letters, digits, `.`, `_` and `-`. A part of
# the identity that is not is replaced by a derived one (`mon article` -> `mon-article`).
SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Project:
    """Where a project keeps its articles, catalogs, reviews and exports."""

    root: Path
    source: str = "fr"
    targets: tuple[str, ...] = ("en",)
    folders: dict[str, str] = field(
        default_factory=lambda: {name: name for name in _FOLDERS}, compare=False
    )
    abbreviations: tuple[str, ...] = ()
    low_confidence: int = 50
    encoding: str | None = None  # every article's encoding, when detection must not guess
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_MB * 1024 * 1024
    link_schemes: tuple[str, ...] = DEFAULT_LINK_SCHEMES
    front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS
    macros: tuple[str, ...] = ()  # `[markup] protect`: the project's own template syntax
    author_html: str = "sanitised"  # `[export] author_html`: or "as-written" (docs/markup.md)

    @property
    def protected_syntax(self) -> re.Pattern[str]:
        """Template syntax kept away from the model: the default macros and the project's."""
        return macro_pattern(self.macros)

    @cached_property
    def glossary(self) -> Glossary:
        """The terms of `glossary.csv` and `*.tbx` at the root (read once; ConfigError if bad)."""
        return load_glossary(self.root, self.source)

    @property
    def seeds_dir(self) -> Path:
        return self.root / self.folders["seeds"]

    @property
    def locales_dir(self) -> Path:
        return self.root / self.folders["locales"]

    @property
    def reviews_dir(self) -> Path:
        return self.root / self.folders["reviews"]

    @property
    def build_dir(self) -> Path:
        return self.root / self.folders["build"]

    @property
    def reading(self) -> Reading:
        """How this project's articles are read (encoding, size limit, language)."""
        return Reading(self.encoding, self.max_article_bytes, self.source, self.front_matter_keys)

    @property
    def source_profile(self) -> Profile:
        """The language profile that segments this project's articles."""
        return profile(self.source)

    @property
    def profile_warning(self) -> str | None:
        """One line when the source language has no profile of its own, else None."""
        return get_profile(self.source)[1]

    def po_path(self, slug: str, target: str) -> Path:
        return self.locales_dir / target / f"{slug}.po"

    def relative(self, path: Path) -> str:
        """The path as written in PO references: relative to the root, with `/`."""
        folder, name = os.path.split(here := os.fspath(path))  # a file, not a link: as text
        inside = _inside_root(folder, os.fspath(self.root), os.getcwd())
        if inside is not None and name not in ("", ".", "..") and not os.path.islink(here):
            return f"{inside}/{name}" if inside else name
        try:
            return _resolved_file(path).relative_to(_resolved_root(self.root)).as_posix()
        except ValueError:
            pass
        try:  # inside a seeds folder that a link puts elsewhere
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def articles(self) -> list[Path]:
        """Every usable article in the seeds folder, sorted by name (see `scan_articles`)."""
        return self.scan_articles()[0]

    def scan_articles(self) -> tuple[list[Path], list[ArticleError]]:
        """Every article in the seeds folder and its subfolders, sorted by path, and one
        error per file that cannot be one (an unusable name, not a regular file) or per
        group of files that would share a slug (one line naming them all; only they are
        refused, the others go on)."""
        if not self.seeds_dir.is_dir():
            raise ConfigError(f"{self.seeds_dir}: no seeds folder (is this a diptych project?)")
        found = _walk(self.seeds_dir)
        if not found:
            raise ConfigError(f"{self.seeds_dir}: no articles (.txt, .md or .html) to process")
        failures: list[ArticleError] = []
        keys: dict[Path, str] = {}
        for path in found:
            identity = self.identity(path)
            problem = name_problem(path, identity) or self.file_problem(path)
            if problem:
                failures.append(ArticleError(self.relative(path), problem))
            else:
                keys[path] = _clash_key(safe_slug(identity))
        by_key: dict[str, list[Path]] = {}
        for path, key in keys.items():
            by_key.setdefault(key, []).append(path)
        paths = []
        for path, key in keys.items():
            group = by_key[key]
            if len(group) == 1:
                paths.append(path)
            elif group[0] is path:
                failures.append(self._clash_error(self.slug(path), group))
        return paths, failures

    def _clash_error(self, slug: str, group: list[Path]) -> ArticleError:
        first, *others = [self.relative(path) for path in group]
        return ArticleError(
            first,
            f"shares the slug {slug!r} (its catalog, review and pages) with "
            f"{', '.join(others)}; rename one",
        )

    def identity(self, path: Path) -> str:
        """The article's identity: its path inside seeds/ without the extension, with `/`
        (`web/http/overview/index`); a named article outside seeds/ is its file name's."""
        folder = _absolute(self.root, self.folders["seeds"])
        here = os.path.abspath(path)
        if here.startswith(folder + os.sep):
            relative = here[len(folder) + 1 :].replace(os.sep, "/")
        else:
            try:  # the seeds folder or the article reached through a link
                inside = _resolved(Path(here).parent).relative_to(_resolved(Path(folder)))
                relative = (inside / Path(here).name).as_posix()
            except ValueError:
                relative = Path(here).name
        stem, dot, suffix = relative.rpartition(".")
        return stem if dot and "/" not in suffix and stem and not stem.endswith("/") else relative

    def slug(self, path: Path) -> str:
        """The article's slug: its identity with every part made safe for a file name and
        a web link (the identity itself when it already is, so flat projects keep their
        names). It names `locales/<target>/<slug>.po`, `reviews/<slug>.<target>.*` and the
        exported pages."""
        return safe_slug(self.identity(path))

    def seed_slugs(self) -> set[str]:
        """The slug of every file in seeds/ and its subfolders, usable article or not (a
        catalog whose article is refused is not an orphan, only unusable)."""
        return {self.slug(path) for path in _walk(self.seeds_dir, suffixes=None)}

    def check_named(self, paths: list[Path]) -> tuple[list[Path], list[ArticleError]]:
        """Named articles, each once, minus those whose slug another file of the project
        (named or in seeds/) shares: two articles never share a catalog."""
        unique: dict[Path, Path] = {}
        for path in paths:
            unique.setdefault(Path(os.path.abspath(path)), path)
        named = list(unique.values())
        others = _walk(self.seeds_dir) if self.seeds_dir.is_dir() else []
        by_key: dict[str, list[Path]] = {}
        for path in named:
            by_key.setdefault(_clash_key(self.slug(path)), []).append(path)
        absolute = set(unique)
        for other in others:
            group = by_key.get(_clash_key(self.slug(other)))
            if group is not None and Path(os.path.abspath(other)) not in absolute:
                group.append(other)
        kept: list[Path] = []
        failures: list[ArticleError] = []
        for path in named:
            group = by_key[_clash_key(self.slug(path))]
            if len(group) == 1:
                kept.append(path)
            elif group[0] is path:
                failures.append(self._clash_error(self.slug(path), group))
        return kept, failures

    def resolve_article(self, name: str) -> Path:
        """Find an article given as a path, a path inside seeds/ (`web/http/index.md`), or
        an identity (`web/http/index`). The name is data: never an option, never a pattern."""
        candidates = [Path(name), self.root / name, self.seeds_dir / name]
        candidates += [self.seeds_dir / f"{name}{suffix}" for suffix in ARTICLE_SUFFIXES]
        for candidate in candidates:
            if candidate.exists() or candidate.is_symlink():
                if candidate.is_dir():
                    raise ArticleError(name, "is a directory, not an article")
                problem = name_problem(candidate, self.identity(candidate)) or self.file_problem(
                    candidate, named=True
                )
                if problem:
                    raise ArticleError(name, problem)
                return candidate
        raise ArticleError(name, "no such article")

    def file_problem(self, path: Path, named: bool = False) -> str | None:
        """Why `path` cannot be one of this project's articles, or None: an article is a
        regular file inside the project (or inside its seeds folder, wherever a link puts
        that folder). A link to a file elsewhere, a FIFO, a device or a socket is refused,
        from a `stat`, before anything opens it."""
        try:
            info = path.lstat()
        except FileNotFoundError:
            return "no such file"
        except OSError as exc:
            return exc.strerror or str(exc)
        if stat.S_ISLNK(info.st_mode) or named:
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                return "is a broken symbolic link"
            homes = (_resolved_root(self.root), _resolved_root(self.seeds_dir))
            if not any(target == home or home in target.parents for home in homes):
                what = "a link to a file" if stat.S_ISLNK(info.st_mode) else "a file"
                return (
                    f"is {what} outside the project ({target}); articles are files inside "
                    "the project: copy it into the seeds folder"
                )
            try:
                info = target.stat()
            except OSError as exc:
                return exc.strerror or str(exc)
        return file_kind(info.st_mode)


def _clash_key(slug: str) -> str:
    """What two articles must not share: their slug, case aside (a file system that ignores
    case, as macOS's and Windows' do, would give `Ete.po` and `ete.po` one file)."""
    return slug.casefold()


def _walk(folder: Path, suffixes: tuple[str, ...] | None = ARTICLE_SUFFIXES) -> list[Path]:
    """Every file with an article suffix (any file when `suffixes` is None) under `folder`,
    sorted by path. Folders whose name starts with `.` (`.git`, an editor's) are not read; a
    link to a folder is not followed (a loop would never end); a link to a file is judged
    as an article would be."""
    found: list[Path] = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        here = Path(top)
        for name in files:
            path = here / name
            if suffixes is None or path.suffix in suffixes:  # never a folder: os.walk's files
                found.append(path)
        for name in dirs:  # os.walk lists a link to a folder among folders: judge it
            path = here / name
            if suffixes is not None and path.suffix in suffixes and path.is_symlink():
                found.append(path)
    start = len(str(folder)) + 1
    return sorted(found, key=lambda p: str(p)[start:].split(os.sep))


def name_problem(path: Path, shown: str = "") -> str | None:
    """Why an article's file name is unusable, or None. Any valid UTF-8 name without a
    control character (a newline would end up in PO comments and headers) is usable: where
    it is not safe in a path or a link, its outputs get a derived name (`safe_slug`). The
    folders the article is in (`shown`, its identity: its path inside seeds/) are held to the
    same rule."""
    for name, what in ((path.name, "file"), (shown, "folder")):
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            return f"{what} name is not valid UTF-8; rename the {what}"
        if not name.isprintable():
            return f"{what} name contains control characters (such as a newline); rename the {what}"
    return None


def suggest_slug(stem: str) -> str:
    """A usable slug close to `stem`: accents dropped, other characters become `-`."""
    ascii_text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9._]+", "-", ascii_text).strip("-._")
    while ".." in slug:
        slug = slug.replace("..", ".")
    return slug


def safe_part(part: str) -> str:
    """One part of an identity as it may appear in a file name and a link: itself when it
    is already ASCII letters, digits, `.`, `_`, `-` (starting with a letter or digit),
    else `suggest_slug`'s, else (nothing left, as with `日本語`) a name from its digest."""
    if SLUG.match(part) and ".." not in part:
        return part
    derived = suggest_slug(part)
    if derived and SLUG.match(derived):
        return derived
    return "article-" + hashlib.sha256(part.encode("utf-8")).hexdigest()[:10]


@lru_cache(maxsize=65536)
def safe_slug(identity: str) -> str:
    """An identity (`web/http/index`) with each part made safe (`safe_part`)."""
    return "/".join(safe_part(part) for part in identity.split("/"))


def load_project(root: Path | str = ".") -> Project:
    """Read `diptych.toml` if present; defaults otherwise."""
    root = Path(root)
    if not root.is_dir():
        raise ConfigError(f"{root}: project folder does not exist")
    config_path = root / CONFIG_NAME
    if not config_path.exists():
        return Project(root=root)
    try:
        config = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{config_path}: {exc}") from None
    return _project_from_config(root, config, config_path)


# Every setting `diptych.toml` may hold: top-level keys (""), then each table and its keys.
# A name not listed here is an error naming the closest known one.
# How a Markdown export writes an HTML block of the author's in which something could run.
AUTHOR_HTML = ("sanitised", "as-written")
SETTINGS: dict[str, tuple[str, ...]] = {
    "": ("source", "target", "targets", "encoding", "max_article_mb"),
    "folders": _FOLDERS,
    "segment": ("abbreviations",),
    "review": ("low_confidence",),
    "export": ("schemes", "author_html"),
    "front_matter": ("keys",),
    "markup": ("protect",),
}
# A language code as BCP 47 writes it (`fr`, `pt-BR`, `zh-Hant`, `sr-Latn-RS`); `_` is
# accepted for `-` (gettext's `pt_BR`).
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")


def _project_from_config(root: Path, config: dict, config_path: Path) -> Project:
    def fail(message: str) -> ConfigError:
        return ConfigError(f"{config_path}: {message}")

    _check_names(config, fail)
    _check_strings(config, "", fail)
    source = config.get("source", "fr")
    if not isinstance(source, str) or not LANGUAGE_CODE.fullmatch(source):
        raise fail('\'source\' must be a language code such as "fr" or "pt-BR"')
    key = "targets" if "targets" in config else "target"
    targets = config.get(key, "en")
    if isinstance(targets, str):
        targets = [targets]
    if not isinstance(targets, list) or not targets:
        raise fail(f"{key!r} must be a language code or a list of them")
    for target in targets:
        if not isinstance(target, str) or not LANGUAGE_CODE.fullmatch(target):
            raise fail(f'{key!r}: {target!r} is not a language code such as "en" or "pt-BR"')
    if len(set(targets)) != len(targets):
        raise fail(f"{key!r} names a language twice")
    folders = _folders(root, config.get("folders", {}), fail)
    abbreviations = config.get("segment", {}).get("abbreviations", [])
    if not isinstance(abbreviations, list) or not all(isinstance(a, str) for a in abbreviations):
        raise fail("[segment] abbreviations must be a list of strings")
    low = config.get("review", {}).get("low_confidence", 50)
    if isinstance(low, bool) or not isinstance(low, int) or not 0 <= low <= 100:
        raise fail("[review] low_confidence must be a whole number from 0 to 100")
    encoding = config.get("encoding")
    if encoding is not None:
        encoding = _encoding(encoding, fail)
    limit = config.get("max_article_mb", DEFAULT_MAX_ARTICLE_MB)
    if isinstance(limit, bool) or not isinstance(limit, int | float) or not 0 < limit <= 4096:
        raise fail("'max_article_mb' must be a number of megabytes above 0, at most 4096")
    schemes = _schemes(config.get("export", {}).get("schemes", DEFAULT_LINK_SCHEMES), fail)
    keys = config.get("front_matter", {}).get("keys", list(DEFAULT_FRONT_MATTER_KEYS))
    if not isinstance(keys, list) or not all(isinstance(k, str) and k.strip() for k in keys):
        raise fail("[front_matter] keys must be a list of key names")
    macros = _macros(config.get("markup", {}).get("protect", []), fail)
    author_html = config.get("export", {}).get("author_html", "sanitised")
    if author_html not in AUTHOR_HTML:
        raise fail('[export] author_html must be "sanitised" or "as-written"')
    return Project(
        root=root,
        source=source,
        targets=tuple(targets),
        folders=folders,
        abbreviations=tuple(a.rstrip(".") for a in abbreviations if a.strip(".")),
        low_confidence=low,
        encoding=encoding,
        max_article_bytes=round(limit * 1024 * 1024),
        link_schemes=schemes,
        front_matter_keys=tuple(dict.fromkeys(keys)),
        macros=macros,
        author_html=author_html,
    )


def _macros(value: object, fail) -> tuple[str, ...]:
    """`[markup] protect`: regular expressions of the project's own template syntax, each
    one that compiles and never matches empty text (it would protect nothing)."""
    if not isinstance(value, list) or not all(isinstance(p, str) and p for p in value):
        raise fail("[markup] protect must be a list of regular expressions")
    for pattern in value:
        try:
            compiled = re.compile(pattern, re.DOTALL)
        except re.error as exc:
            message = f"[markup] protect: {pattern!r} is not a regular expression ({exc})"
            raise fail(message) from None
        if compiled.fullmatch(""):
            raise fail(f"[markup] protect: {pattern!r} matches empty text")
    return tuple(value)


def _schemes(value: object, fail) -> tuple[str, ...]:
    """`[export] schemes`: URL scheme names (case does not matter), never a script's."""
    if isinstance(value, tuple):
        return value
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise fail('[export] schemes must be a list of URL schemes such as ["https", "mailto"]')
    schemes = tuple(dict.fromkeys(item.strip().lower().rstrip(":") for item in value))
    for scheme in schemes:
        if not re.fullmatch(r"[a-z][a-z0-9+.\-]*", scheme):
            raise fail(f'[export] schemes: {scheme!r} is not a URL scheme such as "https"')
        if scheme in _SCRIPT_SCHEMES:
            raise fail(f"[export] schemes: {scheme!r} runs scripts and is never allowed")
    return schemes


def _check_names(config: dict, fail) -> None:
    """Every table and key is one diptych knows; a misspelled one is an error naming the
    closest known one (`[reveiw]`, a top-level `low_confidence`), never silently ignored."""
    for name, value in config.items():
        if name in SETTINGS and name:
            if not isinstance(value, dict):
                raise fail(f"[{name}] must be a table")
            for key in value:
                if key not in SETTINGS[name]:
                    raise fail(f"unknown setting {key!r} in [{name}]{_closest(key, name)}")
        elif name not in SETTINGS[""]:
            raise fail(f"unknown setting {name!r}{_closest(name, '')}")
        elif isinstance(value, dict):
            raise fail(f"{name!r} must be a value, not a table")


def _closest(name: str, table: str) -> str:
    import difflib

    places: dict[str, str] = {}
    for key in SETTINGS[table]:  # the table's own keys first
        places.setdefault(key, key if not table else f"{key} (in [{table}])")
    for other, keys in SETTINGS.items():
        if other:
            places.setdefault(other, f"[{other}]")
        for key in keys:
            places.setdefault(key, f"[{other}] {key}" if other else f"{key} (top level)")
    match = difflib.get_close_matches(name.lower(), list(places), n=1, cutoff=0.6)
    return f"; did you mean {places[match[0]]}?" if match else ""


_BAD_CHARACTERS = frozenset(("Cc", "Cs", "Zl", "Zp"))


def _check_strings(value: object, where: str, fail) -> None:
    """No NUL, control character or line separator in any string (they would reach paths,
    file headers and one-line messages)."""
    if isinstance(value, dict):
        for key, item in value.items():
            _check_strings(item, f"{where}.{key}" if where else str(key), fail)
    elif isinstance(value, list):
        for item in value:
            _check_strings(item, where, fail)
    elif isinstance(value, str) and any(
        unicodedata.category(ch) in _BAD_CHARACTERS for ch in value
    ):
        raise fail(f"{where!r} contains a control character (NUL, newline, tab...)")


def _folders(root: Path, overrides: dict, fail) -> dict[str, str]:
    """The four folders: each inside the project, none the project itself or the index's
    folder, none the same as or inside another (`build = "seeds"` would export over
    articles, and exports would become articles)."""
    folders = {name: name for name in _FOLDERS}
    for name, value in overrides.items():
        if not isinstance(value, str) or not value.strip():
            raise fail(f"[folders] {name} must be a folder name")
        parts = Path(value).parts
        if Path(value).is_absolute() or ".." in parts or Path(value) == Path("."):
            raise fail(f"[folders] {name} must be a folder inside the project, not {value!r}")
        if parts[0] == CACHE_FOLDER:
            raise fail(f"[folders] {name} must not be inside {CACHE_FOLDER}/ (diptych's index)")
        folders[name] = value
    top = root.resolve()
    where = {}
    for name, value in folders.items():
        resolved = (root / value).resolve()
        if resolved == top or top not in resolved.parents:
            raise fail(f"[folders] {name} must be a folder inside the project, not {value!r}")
        where[name] = resolved
    for name in sorted(folders, key=lambda n: (n not in overrides, n)):
        for other in _FOLDERS:
            if other == name:
                continue
            if where[name] == where[other]:
                raise fail(f"[folders] {name} is the same folder as {other} ({folders[other]!r})")
            if where[other] in where[name].parents:
                raise fail(
                    f"[folders] {name} ({folders[name]!r}) is inside {other} ({folders[other]!r})"
                )
            if where[name] in where[other].parents:
                raise fail(
                    f"[folders] {name} ({folders[name]!r}) holds {other} ({folders[other]!r})"
                )
    return folders


def _encoding(value: object, fail) -> str:
    import codecs

    if isinstance(value, str):
        try:
            return codecs.lookup(value).name
        except LookupError:
            pass
    raise fail(f"'encoding' must name a text encoding such as \"cp1252\", not {value!r}")


@lru_cache(maxsize=256)
def _resolved(folder: Path) -> Path:
    return folder.resolve()


def _absolute(root: Path, folder: str) -> str:
    """`root / folder` made absolute (once per process and working folder: a relative root,
    `diptych` run inside the project, depends on it)."""
    return _absolute_cached(root, folder, None if root.is_absolute() else os.getcwd())


@lru_cache(maxsize=256)
def _absolute_cached(root: Path, folder: str, cwd: str | None) -> str:
    return os.path.normpath(os.path.join(cwd or "", root, folder))  # os.path.abspath's way


def _resolved_root(root: Path) -> Path:
    return _resolved(root) if root.is_absolute() else root.resolve()


@lru_cache(maxsize=65536)
def _inside_root(folder: str, root: str, cwd: str) -> str | None:
    """Resolved `folder` inside resolved `root`, with `/` ("" for the root; None: outside)."""
    try:
        inside = Path(cwd, folder).resolve().relative_to(Path(cwd, root).resolve()).as_posix()
    except ValueError:
        return None
    return "" if inside == "." else inside


def _resolved_file(path: Path) -> Path:
    """`path.resolve()`, its folder resolved once per process: commands ask for the
    relative name of every article and catalog, and each full resolve walks every component."""
    if not path.is_absolute() or path.name in ("", ".", "..") or path.is_symlink():
        return path.resolve()
    return _resolved(path.parent) / path.name
