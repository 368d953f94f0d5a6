"""A diptych project: the folder layout of DESIGN.md plus the optional `diptych.toml`."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from translate.errors import ArticleError, ConfigError
from translate.languages import Profile, get_profile

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

ARTICLE_SUFFIXES = (".txt", ".md")
CONFIG_NAME = "diptych.toml"
_FOLDERS = ("seeds", "locales", "reviews", "build")


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
        return get_profile(self.source)[0]

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
        """Every article in the seeds folder, sorted by name; slugs must be unique."""
        if not self.seeds_dir.is_dir():
            raise ConfigError(f"{self.seeds_dir}: no seeds folder (is this a diptych project?)")
        found = sorted(
            p for p in self.seeds_dir.iterdir() if p.is_file() and p.suffix in ARTICLE_SUFFIXES
        )
        if not found:
            raise ConfigError(f"{self.seeds_dir}: no articles (.txt or .md) to process")
        _check_unique_slugs(found)
        return found

    def resolve_article(self, name: str) -> Path:
        """Find an article given as a path, a file name in seeds/, or a slug."""
        candidates = [Path(name), self.root / name, self.seeds_dir / name]
        candidates += [self.seeds_dir / f"{name}{suffix}" for suffix in ARTICLE_SUFFIXES]
        for candidate in candidates:
            if candidate.exists():
                if candidate.is_dir():
                    raise ArticleError(name, "is a directory, not an article")
                return candidate
        raise ArticleError(name, "no such article")


def _check_unique_slugs(paths: list[Path]) -> None:
    seen: dict[str, Path] = {}
    for path in paths:
        if path.stem in seen:
            raise ConfigError(
                f"{seen[path.stem].name} and {path.name} share the slug {path.stem!r}; rename one"
            )
        seen[path.stem] = path


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
    return Project(
        root=root,
        source=source,
        targets=tuple(targets),
        folders=folders,
        abbreviations=tuple(a.rstrip(".") for a in abbreviations if a.strip(".")),
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
