"""The report: one line per check, and the counts of the closing line."""

from __future__ import annotations

from typing import Iterable


class Report:
    """Prints one line per check and counts them."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0
        self.skipped = 0

    def check(self, name: str, problems: Iterable[str] | str | bool | None) -> bool:
        """problems: falsy or empty when the check passed; text or a list of texts otherwise."""
        if problems is True or problems is False:
            problems = [] if problems else ["failed"]
        if isinstance(problems, str):
            problems = [problems]
        problems = [p for p in (problems or []) if p]
        if problems:
            self.failed += 1
            print(f"FAIL {name}")
            for problem in problems:
                print(f"       {problem}")
            return False
        self.passed += 1
        print(f"ok   {name}")
        return True

    def skip(self, name: str, why: str) -> None:
        self.skipped += 1
        print(f"skip {name}: {why}")
