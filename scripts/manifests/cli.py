"""The command line: scripts/validate-manifests.py [--root DIR] [--only images]."""

from __future__ import annotations

import argparse
from pathlib import Path

import kubernetes_validate

from . import __doc__ as package_doc
from .constants import KUBERNETES_VERSION, REPOSITORY
from .context import Checker
from .report import Report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=package_doc.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPOSITORY,
                        help="the repository to check (default: this one)")
    parser.add_argument("--only", choices=["images"],
                        help="images: only the image, version and generated-files checks")
    options = parser.parse_args(argv)
    report = Report()
    print(f"manifests-check: {options.root} against Kubernetes {KUBERNETES_VERSION} "
          f"(kubernetes-validate {kubernetes_validate.version.__version__}, jsonschema {jsonschema_version()})")
    try:
        Checker(options.root.resolve(), report, only_images=options.only == "images").run()
    except Exception as error:  # a bug or an unreadable file: fail loudly, never pass
        report.check("the checks ran to the end", f"{type(error).__name__}: {error}")
    print(f"manifests-check: {report.passed} passed, {report.failed} failed"
          + (f", {report.skipped} skipped" if report.skipped else ""))
    return 1 if report.failed else 0


def jsonschema_version() -> str:
    try:
        from importlib.metadata import version
        return version("jsonschema")
    except Exception:  # pragma: no cover
        return "?"
