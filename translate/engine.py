"""Machine-translation engines: one small protocol and the `none` engine.

The workflow asks an engine for a whole run's pending segments at once, so an engine can batch
them. The registry of engines by name is `translate/engines.py`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

Progress = Callable[[int, int], None]
"""Called as `progress(done, total)` each time a batch of segments is translated."""


@dataclass(frozen=True)
class Translation:
    """One engine output: the target text and the model's score (log-probability), if any.

    `log_prob` is the sum of the log-probabilities of the `tokens` target tokens the model
    generated (end of sentence included); from them comes `confidence` (docs/mt.md).
    """

    text: str
    score: float | None = None
    log_prob: float | None = None
    tokens: int = 0

    @property
    def confidence(self) -> int | None:
        """exp(mean token log-probability) x 100, rounded: 0-100, None without a score."""
        if self.log_prob is None or self.tokens <= 0:
            return None
        return round(100 * math.exp(min(0.0, self.log_prob / self.tokens)))


@runtime_checkable
class Engine(Protocol):
    """What the translate workflow needs from an engine.

    `name` is the registry key; `description` names engine and model with versions and goes
    into the PO header `X-Machine-Translation`; `translates` is False for an engine that
    produces no translations (its entries are left empty for human translators).

    An engine may also offer `translate_stream(sources)`, yielding `(index, Translation)` as
    results are ready: the workflow then hands it a whole group of pending segments at once
    and writes checkpoints as they stream back (the argos engine does); without it, the
    workflow calls `translate` once per checkpoint's worth of segments.
    """

    name: str
    description: str
    translates: bool

    def translate(self, sources: Sequence[str]) -> list[Translation]: ...


class NoEngine:
    """The `none` engine: no machine translation; every entry stays empty for people to fill.

    `translate` returns empty `Translation`s (one per source) so callers need no special case,
    but the workflow should check `translates` and skip writing `mt:` comments and fuzzy flags.
    """

    name = "none"
    description = "none"
    translates = False

    def __init__(self, source: str = "fr", target: str = "en", **_: Any) -> None:
        self.source = source
        self.target = target

    def translate(self, sources: Sequence[str]) -> list[Translation]:
        return [Translation("", None) for _ in sources]
