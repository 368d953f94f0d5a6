"""The registry of machine-translation engines: name -> factory, resolved lazily.

Heavy libraries (ctranslate2, sentencepiece, argostranslate) are imported only when the argos
engine is made, never when this module is imported.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from translate.engine import Engine, NoEngine, Progress
from translate.errors import EngineError


class _Lazy:
    """A registry entry whose engine class is imported only when an engine is made; it tells
    whether the engine translates without loading anything."""

    def __init__(self, module: str, name: str, translates: bool) -> None:
        self.module, self.name, self.translates = module, name, translates

    def __call__(self, source: str, target: str, **options: Any) -> Engine:
        engine_class = getattr(importlib.import_module(self.module), self.name)
        return engine_class(source, target, **options)


ENGINES: dict[str, Callable[..., Engine]] = {
    # ctranslate2 and sentencepiece load only when an argos engine is made
    "argos": _Lazy("translate.argos", "ArgosEngine", translates=True),
    "none": NoEngine,
    # the argos engine on a Ray cluster (`--cluster`; translate/cluster.py): ray loads then
    "cluster": _Lazy("translate.cluster", "ClusterEngine", translates=True),
}
DEFAULT_ENGINE = "argos"


def make_engine(
    name: str,
    source: str,
    target: str,
    device: str = "auto",
    progress: Progress | None = None,
    **options: Any,
) -> Engine:
    """Build the engine registered as `name` for the pair; `EngineError` if there is none.

    `options` go to the engine (for argos: `max_decoding_length`, `max_batch_tokens`,
    `batching`).
    """
    return _factory(name)(source, target, device=device, progress=progress, **options)


def engine_translates(name: str) -> bool:
    """The `translates` contract of the engine registered as `name`, known without making
    the engine (so no model is loaded to learn that `none` leaves entries empty)."""
    return _factory(name).translates


def _factory(name: str) -> Callable[..., Engine]:
    factory = ENGINES.get(name)
    if factory is None:
        known = ", ".join(sorted(ENGINES))
        raise EngineError(f"unknown translation engine {name!r} (known: {known})")
    return factory
