"""A fake engine for exact-text assertions about the workflow (never offered on the CLI)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FakeTranslation:
    text: str
    score: float | None = None


class FakeEngine:
    name = "fake"
    description = "fake 1.0"
    translates = True

    def __init__(self, fail_after_calls: int | None = None) -> None:
        self.calls: list[list[str]] = []
        self.fail_after_calls = fail_after_calls

    def translate(self, sources):
        if self.fail_after_calls is not None and len(self.calls) >= self.fail_after_calls:
            raise KeyboardInterrupt
        self.calls.append(list(sources))
        return [FakeTranslation(f"EN<{s}>") for s in sources]
