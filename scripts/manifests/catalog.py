"""7. The file-based catalog (no opm here) and catalog.Dockerfile."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml

from .constants import CATALOG_DOCKERFILE, CATALOG_FILE, CHANNEL, PACKAGE
from .loading import get, load_documents

if TYPE_CHECKING:
    from .context import Checker


def catalog_checks(ctx: Checker) -> None:
    problems = []
    try:
        documents = load_documents((ctx.root / CATALOG_FILE).read_text(), CATALOG_FILE)
    except (OSError, ValueError, yaml.YAMLError) as error:
        ctx.report.check(f"{CATALOG_FILE} parses", str(error))
        return
    known = {"olm.package", "olm.channel", "olm.bundle", "olm.deprecations"}
    problems += [f"unknown schema {d.get('schema')!r}" for d in documents if d.get("schema") not in known]
    packages = [d for d in documents if d.get("schema") == "olm.package"]
    channels = [d for d in documents if d.get("schema") == "olm.channel"]
    bundles = [d for d in documents if d.get("schema") == "olm.bundle"]
    if [p.get("name") for p in packages] != [PACKAGE]:
        problems.append(f"packages {[p.get('name') for p in packages]}, not [{PACKAGE}]")
    package = packages[0] if packages else {}
    channel_names = [c.get("name") for c in channels]
    if package.get("defaultChannel") != CHANNEL or CHANNEL not in channel_names:
        problems.append(f"default channel {package.get('defaultChannel')!r} is not the channel {CHANNEL}")
    if len(set(channel_names)) != len(channel_names):
        problems.append("two channels of the same name")
    bundle_names = [b.get("name") for b in bundles]
    if len(set(bundle_names)) != len(bundle_names):
        problems.append("two bundles of the same name")
    for document in channels + bundles:
        if document.get("package") != PACKAGE:
            problems.append(f"{document.get('schema')} {document.get('name')} is in package "
                            f"{document.get('package')!r}")
    for channel in channels:
        for entry in channel.get("entries") or []:
            if entry.get("name") not in bundle_names:
                problems.append(f"channel {channel.get('name')} lists {entry.get('name')}, which is not a bundle")
            for key in ("replaces", "skips"):
                for other in ([entry[key]] if isinstance(entry.get(key), str) else entry.get(key) or []):
                    if other not in bundle_names:
                        problems.append(f"{entry.get('name')} {key} {other}, which is not a bundle")
    csv = ctx.csv or {}
    crd_spec = (ctx.crd or {}).get("spec") or {}
    storage = next((v.get("name") for v in crd_spec.get("versions") or [] if v.get("storage")), None)
    for bundle in bundles:
        properties = bundle.get("properties") or []
        gvks = [p.get("value") for p in properties if p.get("type") == "olm.gvk"]
        wanted_gvk = {"group": crd_spec.get("group"), "kind": get(crd_spec, "names", "kind"), "version": storage}
        if gvks != [wanted_gvk]:
            problems.append(f"olm.gvk {gvks}, not [{wanted_gvk}]")
        versions = [get(p, "value", "version") for p in properties if p.get("type") == "olm.package"]
        if versions != [get(csv, "spec", "version")]:
            problems.append(f"olm.package versions {versions}, not the CSV's {get(csv, 'spec', 'version')}")
        if bundle.get("name") != get(csv, "metadata", "name"):
            problems.append(f"bundle {bundle.get('name')} is not the CSV {get(csv, 'metadata', 'name')}")
        metadata = next((p.get("value") for p in properties if p.get("type") == "olm.csv.metadata"), None)
        if metadata is not None:
            for key in ("displayName", "description", "installModes", "keywords", "links", "maintainers",
                        "provider"):
                if metadata.get(key) != get(csv, "spec", key):
                    problems.append(f"olm.csv.metadata {key} differs from the CSV's")
        if not re.fullmatch(r"[a-z0-9.:/_-]+:v[0-9A-Za-z.-]+", str(bundle.get("image", ""))):
            problems.append(f"bundle image {bundle.get('image')!r} is not a tagged reference")
    if package.get("icon") != (get(csv, "spec", "icon", 0) or None):
        problems.append("the package icon is not the CSV's")
    ctx.report.check(f"{CATALOG_FILE}: one package, default channel {CHANNEL}, channel entries are bundles, "
                      "the bundle is the CSV (name, version, GVK of the CRD, metadata, icon)", problems)
    problems = []
    try:
        dockerfile = (ctx.root / CATALOG_DOCKERFILE).read_text()
    except OSError as error:
        ctx.report.check(f"{CATALOG_DOCKERFILE} is there", str(error))
        return
    lines = [line.strip() for line in dockerfile.splitlines() if line.strip() and not line.startswith("#")]
    from_lines = [line for line in lines if line.upper().startswith("FROM ")]
    arg = re.match(r"ARG\s+(\w+)=\S+", lines[0]) if lines else None
    if not arg or from_lines != [f"FROM ${{{arg.group(1)}}}"]:
        problems.append("not FROM an opm base image given as an ARG with a default")
    if not any(re.fullmatch(r"(ADD|COPY)\s+catalog/?\s+/configs/?", line) for line in lines):
        problems.append("catalog/ is not added at /configs")
    if "LABEL operators.operatorframework.io.index.configs.v1=/configs" not in lines:
        problems.append("no operators.operatorframework.io.index.configs.v1=/configs label")
    if not any(line.startswith("ENTRYPOINT") and "opm" in line for line in lines) or \
            not any(line.startswith("CMD") and "serve" in line and "/configs" in line for line in lines):
        problems.append("the entrypoint does not serve /configs with opm")
    ctx.report.check(f"{CATALOG_DOCKERFILE}: FROM an opm image (ARG), catalog/ at /configs, the index "
                      "label, serves /configs", problems)
