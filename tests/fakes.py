"""A fake engine for exact-text assertions about the workflow (never offered on the CLI)."""

from __future__ import annotations

from translate.engine import Translation

# The fake engine speaks the engine contract itself: no score, hence no confidence.
FakeTranslation = Translation


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
