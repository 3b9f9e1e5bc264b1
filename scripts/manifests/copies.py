"""6. Changed copies of the repository: one edited by hand must fail the image checks, make bundle must
refuse bad values and change nothing with the current ones."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .constants import CSV_FILE, DAEMON_DIR, ENTRY_SCRIPT, REPOSITORY_ENTRIES

if TYPE_CHECKING:
    from .context import Checker


def copy_repository(root: Path, destination: Path) -> None:
    destination.mkdir(parents=True, exist_ok=True)
    for entry in REPOSITORY_ENTRIES:
        source = root / entry
        if source.is_dir():
            shutil.copytree(source, destination / entry, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            (destination / entry).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / entry)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


def changed_copies(ctx: Checker) -> None:
    """Copies of the repository: one edited by hand must fail, make bundle must refuse bad values."""
    script = ctx.root / "scripts" / "bundle.py"
    with tempfile.TemporaryDirectory(prefix="manifests-check-") as temporary:
        base = Path(temporary)
        edited = base / "edited"
        copy_repository(ctx.root, edited)
        path = edited / DAEMON_DIR / "daemonset.yaml"
        text, count = re.subn(r"^(\s*image:\s*\S+:)v\S+$", r"\g<1>v9.9.9-by-hand", path.read_text(),
                              flags=re.MULTILINE)
        path.write_text(text)
        result = subprocess.run([sys.executable, str(ENTRY_SCRIPT), "--root", str(edited),
                                 "--only", "images"], capture_output=True, text=True, check=False)
        failures = [line[5:] for line in result.stdout.splitlines() if line.startswith("FAIL ")]
        problems = []
        if count != 1:
            problems.append(f"{count} image lines edited, not 1")
        if result.returncode != 1 or not failures:
            problems.append(f"the edited copy passed (exit {result.returncode})")
        elif not any(DAEMON_DIR in f for f in failures) or not any("make bundle" in f for f in failures):
            problems.append(f"the failures do not name {DAEMON_DIR} and make bundle: {failures}")
        ctx.report.check(f"a copy with {DAEMON_DIR}'s image tag edited by hand fails the image checks "
                          f"({len(failures)} failed: {'; '.join(failures)[:160]})", problems)

        for label, arguments, word in (("VERSION=1.2", ["--version", "1.2"], "VERSION"),
                                       ("REGISTRY=Quay.io/Bad/", ["--registry", "Quay.io/Bad/"], "REGISTRY")):
            copy = base / f"refused-{word.lower()}"
            copy_repository(ctx.root, copy)
            before = snapshot(copy)
            result = subprocess.run([sys.executable, str(script), "--root", str(copy), *arguments],
                                    capture_output=True, text=True, check=False)
            after = snapshot(copy)
            problems = []
            if result.returncode != 2:
                problems.append(f"exit {result.returncode}, not 2")
            lines = result.stderr.strip().splitlines()
            if len(lines) != 1 or word not in lines[0]:
                problems.append(f"stderr is not one line naming {word}: {result.stderr.strip()!r}")
            changed = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
            if changed:
                problems.append(f"files changed: {changed}")
            ctx.report.check(f"make bundle {label} is refused with exit 2 and one line on stderr, and no "
                              "file changes", problems)

        copy = base / "rebundled"
        copy_repository(ctx.root, copy)
        before = snapshot(copy)
        same = subprocess.run([sys.executable, str(script), "--root", str(copy)],
                              capture_output=True, text=True, check=False)
        unchanged = snapshot(copy)
        problems = []
        if same.returncode != 0 or unchanged != before:
            problems.append(f"exit {same.returncode}; changed "
                            f"{sorted(p for p in set(before) | set(unchanged) if before.get(p) != unchanged.get(p))}")
        moved = subprocess.run([sys.executable, str(script), "--root", str(copy), "--version", "0.2.0-rc.1",
                                "--registry", "registry.example.com:5000/team"],
                               capture_output=True, text=True, check=False)
        check = subprocess.run([sys.executable, str(ENTRY_SCRIPT), "--root", str(copy),
                                "--only", "images"], capture_output=True, text=True, check=False)
        csv_text = (copy / CSV_FILE).read_text() if (copy / CSV_FILE).is_file() else ""
        if moved.returncode != 0:
            problems.append(f"make bundle VERSION=0.2.0-rc.1 failed: {moved.stderr.strip()}")
        if check.returncode != 0:
            problems.append("the image checks fail after it: "
                            + "; ".join(l for l in check.stdout.splitlines() if l.startswith("FAIL")))
        if "registry.example.com:5000/team/pf-status-relay:v0.2.0-rc.1" not in csv_text:
            problems.append("the CSV does not name the new daemon image")
        if (copy / ".bundle-staging").exists() or list(copy.glob(".bundle-staging-*")):
            problems.append("a staging directory was left behind")
        ctx.report.check("in a copy, make bundle with the current values changes nothing, and with "
                          "VERSION=0.2.0-rc.1 REGISTRY=registry.example.com:5000/team gives a copy that passes "
                          "the image checks", problems)
