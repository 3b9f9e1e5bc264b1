#!/usr/bin/env python3
"""Checks the operator's Kubernetes manifests (config/) and OLM bundle (bundle/).

Run by `make manifests-check`; the checks are in the package scripts/manifests/
(its docstring lists what is checked and where). It needs kubectl and the
Python packages in scripts/requirements-manifests.txt. It prints one line per
check, a closing "N passed, N failed" line, and exits 1 when a check fails.

--root DIR checks another copy of the repository; --only images runs only the
image, version and generated-files checks.
"""

from __future__ import annotations

import sys

try:
    import jsonschema  # noqa: F401
    import kubernetes_validate  # noqa: F401
    import yaml  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on the machine
    print(f"manifests-check: missing Python package ({error}); "
          "pip install -r scripts/requirements-manifests.txt", file=sys.stderr)
    sys.exit(2)

from manifests.cli import main  # noqa: E402 - after the check for the packages

if __name__ == "__main__":
    sys.exit(main())
