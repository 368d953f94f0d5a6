"""A diptych project: the folder layout (docs/architecture.md) plus the optional `diptych.toml`."""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from translate.errors import ArticleError, ConfigError
from translate.glossary import Glossary, load_glossary
from translate.languages import Profile, get_profile, profile

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

ARTICLE_SUFFIXES = (".txt", ".md")
CONFIG_NAME = "diptych.toml"
_FOLDERS = ("seeds", "locales", "reviews", "build")
# An article's slug (its file name without the extension) names its catalog, its review and
# its exported pages, and appears in web links: ASCII letters, digits, `.`, `_` and `-`.
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
        try:
            return _resolved_file(path).relative_to(_resolved_root(self.root)).as_posix()
        except ValueError:
            return path.as_posix()

    def articles(self) -> list[Path]:
        """Every usable article in the seeds folder, sorted by name (see `scan_articles`)."""
        return self.scan_articles()[0]

    def scan_articles(self) -> tuple[list[Path], list[ArticleError]]:
        """Every article in the seeds folder, sorted by name, and one error per file that
        cannot be one: a name that is not a usable slug, or two files sharing a slug (only
        those two are refused; the others go on)."""
        if not self.seeds_dir.is_dir():
            raise ConfigError(f"{self.seeds_dir}: no seeds folder (is this a diptych project?)")
        found = sorted(
            p for p in self.seeds_dir.iterdir() if p.is_file() and p.suffix in ARTICLE_SUFFIXES
        )
        if not found:
            raise ConfigError(f"{self.seeds_dir}: no articles (.txt or .md) to process")
        failures: list[ArticleError] = []
        usable: list[Path] = []
        for path in found:
            problem = name_problem(path)
            if problem:
                failures.append(ArticleError(self.relative(path), problem))
            else:
                usable.append(path)
        by_slug: dict[str, list[Path]] = {}
        for path in usable:
            by_slug.setdefault(path.stem, []).append(path)
        paths = []
        for path in usable:
            clash = [other.name for other in by_slug[path.stem] if other != path]
            if clash:
                failures.append(
                    ArticleError(
                        self.relative(path),
                        f"shares the slug {path.stem!r} with {', '.join(clash)}; rename one",
                    )
                )
            else:
                paths.append(path)
        return paths, failures

    def resolve_article(self, name: str) -> Path:
        """Find an article given as a path, a file name in seeds/, or a slug."""
        candidates = [Path(name), self.root / name, self.seeds_dir / name]
        candidates += [self.seeds_dir / f"{name}{suffix}" for suffix in ARTICLE_SUFFIXES]
        for candidate in candidates:
            if candidate.exists():
                if candidate.is_dir():
                    raise ArticleError(name, "is a directory, not an article")
                problem = name_problem(candidate)
                if problem:
                    raise ArticleError(name, problem)
                return candidate
        raise ArticleError(name, "no such article")


def name_problem(path: Path) -> str | None:
    """Why an article's file name is unusable, or None. A usable name is valid UTF-8, has no
    control character (no newline: it would end up in PO comments and headers) and its slug
    is ASCII letters, digits, `.`, `_`, `-`, starting with a letter or digit."""
    name = path.name
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "file name is not valid UTF-8; rename the file"
    if not name.isprintable():
        return "file name contains control characters (such as a newline); rename the file"
    if not SLUG.match(path.stem) or ".." in path.stem:
        hint = suggest_slug(path.stem)
        example = f", e.g. {hint}{path.suffix}" if hint else ""
        return (
            "file name is not a usable slug (ASCII letters, digits, '.', '_', '-')"
            f"; rename the file{example}"
        )
    return None


def suggest_slug(stem: str) -> str:
    """A usable slug close to `stem`: accents dropped, other characters become `-`."""
    ascii_text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._]+", "-", ascii_text).strip("-._").replace("..", ".")


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


def _project_from_config(root: Path, config: dict, config_path: Path) -> Project:
    def fail(message: str) -> ConfigError:
        return ConfigError(f"{config_path}: {message}")

    source = config.get("source", "fr")
    if not isinstance(source, str) or not source:
        raise fail("'source' must be a language code such as \"fr\"")
    targets = config.get("targets", config.get("target", "en"))
    if isinstance(targets, str):
        targets = [targets]
    if not targets or not all(isinstance(t, str) and t.isidentifier() for t in targets):
        raise fail("'target' must be a language code or a list of them")
    folders = {name: name for name in _FOLDERS}
    overrides = config.get("folders", {})
    if not isinstance(overrides, dict):
        raise fail("[folders] must be a table")
    for name, value in overrides.items():
        if name not in folders or not isinstance(value, str) or not value:
            raise fail(f"unknown or empty folder setting {name!r}")
        if Path(value).is_absolute() or ".." in Path(value).parts:
            raise fail(f"folder {name!r} must stay inside the project")
        folders[name] = value
    segment = config.get("segment", {})
    abbreviations = segment.get("abbreviations", []) if isinstance(segment, dict) else None
    if not isinstance(abbreviations, list) or not all(isinstance(a, str) for a in abbreviations):
        raise fail("[segment] abbreviations must be a list of strings")
    review = config.get("review", {})
    if not isinstance(review, dict):
        raise fail("[review] must be a table")
    low = review.get("low_confidence", 50)
    if isinstance(low, bool) or not isinstance(low, int) or not 0 <= low <= 100:
        raise fail("[review] low_confidence must be a whole number from 0 to 100")
    return Project(
        root=root,
        source=source,
        targets=tuple(targets),
        folders=folders,
        abbreviations=tuple(a.rstrip(".") for a in abbreviations if a.strip(".")),
        low_confidence=low,
    )


@lru_cache(maxsize=256)
def _resolved(folder: Path) -> Path:
    return folder.resolve()


def _resolved_root(root: Path) -> Path:
    return _resolved(root) if root.is_absolute() else root.resolve()


def _resolved_file(path: Path) -> Path:
    """`path.resolve()`, its folder resolved once per process: commands ask for the
    relative name of every article and catalog, and each full resolve walks every component."""
    if not path.is_absolute() or path.name in ("", ".", "..") or path.is_symlink():
        return path.resolve()
    return _resolved(path.parent) / path.name
