"""Loading manifests (YAML files, kustomize builds) and small helpers over the parsed objects."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml


def load_documents(text: str, source: str) -> list[dict]:
    documents = [d for d in yaml.safe_load_all(text) if d is not None]
    for document in documents:
        if not isinstance(document, dict):
            raise ValueError(f"{source}: a YAML document is not a mapping")
    return documents


def kustomize(root: Path, directory: str) -> list[dict]:
    kubectl = os.environ.get("KUBECTL") or shutil.which("kubectl")
    if not kubectl:
        raise RuntimeError("kubectl not found (set KUBECTL to its path); its kustomize builds config/")
    result = subprocess.run([kubectl, "kustomize", str(root / directory)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip() or f"kubectl kustomize exited {result.returncode}")
    return load_documents(result.stdout, directory)


def describe(obj: dict) -> str:
    metadata = obj.get("metadata") or {}
    namespace = f"{metadata['namespace']}/" if metadata.get("namespace") else ""
    return f"{obj.get('kind')} {namespace}{metadata.get('name')}"


def find(objects: list[dict], kind: str, name: str | None = None) -> list[dict]:
    return [o for o in objects if o.get("kind") == kind
            and (name is None or (o.get("metadata") or {}).get("name") == name)]


def one(objects: list[dict], kind: str, name: str | None = None) -> dict:
    found = find(objects, kind, name)
    if len(found) != 1:
        raise LookupError(f"expected one {kind}{' ' + name if name else ''}, found {len(found)}")
    return found[0]


def get(data: Any, *path: Any, default: Any = None) -> Any:
    for key in path:
        if isinstance(data, dict) and key in data:
            data = data[key]
        elif isinstance(data, list) and isinstance(key, int) and -len(data) <= key < len(data):
            data = data[key]
        else:
            return default
    return data


def differences(left: Any, right: Any, path: str = "",
                names: tuple[str, str] = ("the first", "the second")) -> list[str]:
    """Paths where two parsed YAML values differ; names say which is which."""
    if isinstance(left, dict) and isinstance(right, dict):
        found = []
        for key in sorted(set(left) | set(right), key=str):
            where = f"{path}.{key}"
            if key not in left:
                found.append(f"{where}: only in {names[1]}")
            elif key not in right:
                found.append(f"{where}: only in {names[0]}")
            else:
                found.extend(differences(left[key], right[key], where, names))
        return found
    if isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            return [f"{path}: {len(left)} items in {names[0]}, {len(right)} in {names[1]}"]
        found = []
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            found.extend(differences(a, b, f"{path}[{index}]", names))
        return found
    if left != right or type(left) is not type(right):
        return [f"{path}: {left!r} in {names[0]}, {right!r} in {names[1]}"]
    return []
