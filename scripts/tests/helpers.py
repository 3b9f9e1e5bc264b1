"""What the tests share: a report that records instead of printing, a Checker on this repository with
its bundle loaded, and kustomize builds made once per run."""

from __future__ import annotations

import contextlib
import copy
import functools
import io
from pathlib import Path

from manifests.constants import REPOSITORY
from manifests.context import Checker
from manifests.loading import kustomize
from manifests.report import Report


class RecordingReport(Report):
    """A Report that keeps each check's verdict and prints nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.results: list[tuple[str, str]] = []  # (ok, FAIL or skip; the check's name)

    def check(self, name, problems) -> bool:
        with contextlib.redirect_stdout(io.StringIO()):
            passed = super().check(name, problems)
        self.results.append(("ok" if passed else "FAIL", name))
        return passed

    def skip(self, name: str, why: str) -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            super().skip(name, why)
        self.results.append(("skip", name))

    def failures(self) -> list[str]:
        return [name for verdict, name in self.results if verdict == "FAIL"]

    def failed_check(self, words: str) -> bool:
        """True when a check whose name contains words failed."""
        return any(words in name for name in self.failures())


@functools.lru_cache(maxsize=None)
def _build(directory: str) -> tuple[dict, ...]:
    return tuple(kustomize(REPOSITORY, directory))


def build(directory: str) -> list[dict]:
    """kubectl kustomize of a directory of this repository, as a fresh copy the test may change."""
    return copy.deepcopy(list(_build(directory)))


def checker(root: Path = REPOSITORY, builds: tuple[str, ...] = (), load_bundle: bool = True) -> Checker:
    """A Checker with a RecordingReport, the named builds of this repository and (by default) the bundle,
    CRD and CSV of root loaded; the report is emptied after loading."""
    ctx = Checker(root, RecordingReport())
    for directory in builds:
        ctx.builds[directory] = build(directory)
    if load_bundle:
        ctx.load_bundle()
    ctx.report = RecordingReport()
    return ctx
