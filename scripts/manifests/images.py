"""6. One source of truth: every image reference and version is images.env's, and bundle/ and catalog/
are byte for byte what scripts/bundle.py generates."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml

from .constants import (BOND_CNI_DIR, CATALOG_FILE, CONTAINER, DAEMON_DIR, DAEMON_IMAGE_ENV, DEPLOYMENT,
                        IMAGES_ENV, PACKAGE, SOURCE_URL_KEY)
from .loading import differences, find, get, load_documents

if TYPE_CHECKING:
    from .context import Checker


def image_checks(ctx: Checker) -> None:
    generator = ctx.generator
    try:
        env = generator.read_env(ctx.root)
    except (OSError, ValueError) as error:
        ctx.report.check(f"{IMAGES_ENV} has VERSION, REGISTRY and SOURCE_URL", str(error))
        return
    version, registry, source_url = env["VERSION"], env["REGISTRY"], env[SOURCE_URL_KEY]
    problems = [p for p in (generator.version_problem(version), generator.registry_problem(registry)) if p]
    if not re.fullmatch(r"https://\S+[^/]", source_url):
        problems.append(f"SOURCE_URL {source_url!r} is not an https URL")
    ctx.report.check(f"{IMAGES_ENV}: VERSION {version} is semver, REGISTRY {registry} is a registry path, "
                      "SOURCE_URL is https", problems)
    if problems:
        return
    images = generator.image_references(version, registry)
    ctx.version, ctx.source_url = version, source_url

    # config/manager, as built and as written
    deployment = next(iter(find(ctx.builds.get("config/default") or [], "Deployment", DEPLOYMENT)), {})
    container = next((c for c in get(deployment, "spec", "template", "spec", "containers", default=[]) or []
                      if c.get("name") == CONTAINER), {})
    env_values = {e.get("name"): e.get("value") for e in container.get("env") or []}
    problems = []
    if container.get("image") != images["operator"]:
        problems.append(f"the built Deployment's image is {container.get('image')!r}, not {images['operator']}")
    if env_values.get(DAEMON_IMAGE_ENV) != images["daemon"]:
        problems.append(f"{DAEMON_IMAGE_ENV} is {env_values.get(DAEMON_IMAGE_ENV)!r}, not {images['daemon']}")
    try:
        written = load_documents((ctx.root / "config/manager/manager.yaml").read_text(), "manager.yaml")[0]
        written_image = get(written, "spec", "template", "spec", "containers", 0, "image")
        if written_image != images["operator"]:
            problems.append(f"config/manager/manager.yaml names {written_image!r}")
        kustomization = load_documents((ctx.root / "config/manager/kustomization.yaml").read_text(),
                                       "kustomization.yaml")[0]
        repository = images["operator"].rpartition(":")[0]
        wanted = [{"name": repository, "newName": repository, "newTag": f"v{version}"}]
        problems += differences(kustomization.get("images"), wanted, "images",
                                ("config/manager/kustomization.yaml", "images.env"))
    except (OSError, ValueError, IndexError, yaml.YAMLError) as error:
        problems.append(str(error))
    ctx.report.check("config/manager: the Deployment's image, PF_STATUS_RELAY_IMAGE and the kustomize "
                      "images entry are images.env's", problems)

    # the CSV
    csv = ctx.csv or {}
    spec = csv.get("spec") or {}
    csv_deployment = get(spec, "install", "spec", "deployments", 0, "spec", default={})
    csv_container = next((c for c in get(csv_deployment, "template", "spec", "containers", default=[]) or []
                          if c.get("name") == CONTAINER), {})
    csv_env = {e.get("name"): e.get("value") for e in csv_container.get("env") or []}
    related = sorted((r.get("name"), r.get("image")) for r in spec.get("relatedImages") or [])
    problems = []
    if get(csv, "metadata", "annotations", "containerImage") != images["operator"]:
        problems.append(f"containerImage is {get(csv, 'metadata', 'annotations', 'containerImage')!r}")
    if csv_container.get("image") != images["operator"]:
        problems.append(f"the deployment's image is {csv_container.get('image')!r}")
    if csv_env.get(DAEMON_IMAGE_ENV) != images["daemon"]:
        problems.append(f"{DAEMON_IMAGE_ENV} is {csv_env.get(DAEMON_IMAGE_ENV)!r}")
    wanted_related = sorted([("pf-status-relay-operator", images["operator"]),
                             ("pf-status-relay", images["daemon"])])
    if related != wanted_related:
        problems.append(f"relatedImages {related}, not {wanted_related}")
    ctx.report.check("CSV: containerImage, relatedImages, the Deployment's image and PF_STATUS_RELAY_IMAGE "
                      "are images.env's", problems)
    problems = []
    if get(csv, "metadata", "name") != f"{PACKAGE}.v{version}":
        problems.append(f"name {get(csv, 'metadata', 'name')!r}, not {PACKAGE}.v{version}")
    if str(spec.get("version")) != version:
        problems.append(f"spec.version {spec.get('version')!r}, not {version}")
    ctx.report.check(f"CSV: name {PACKAGE}.v{version} and spec.version agree with VERSION", problems)

    # the standalone DaemonSets
    for directory, key in ((DAEMON_DIR, "daemon"), (BOND_CNI_DIR, "bond-cni")):
        found = [c.get("image") for d in find(ctx.builds.get(directory) or [], "DaemonSet")
                 for c in (get(d, "spec", "template", "spec", "containers", default=[]) or [])
                 + (get(d, "spec", "template", "spec", "initContainers", default=[]) or [])]
        ctx.report.check(f"{directory}: the DaemonSet's image is images.env's {key} image",
                          [] if found == [images[key]] else [f"images {found}, not [{images[key]}]"])

    # the catalog
    problems = []
    try:
        documents = load_documents((ctx.root / CATALOG_FILE).read_text(), CATALOG_FILE)
    except (OSError, ValueError, yaml.YAMLError) as error:
        documents = []
        problems.append(str(error))
    bundles = [d for d in documents if d.get("schema") == "olm.bundle"]
    channels = [d for d in documents if d.get("schema") == "olm.channel"]
    name = f"{PACKAGE}.v{version}"
    if [b.get("name") for b in bundles] != [name]:
        problems.append(f"bundles {[b.get('name') for b in bundles]}, not [{name}]")
    for bundle in bundles:
        if bundle.get("image") != images["bundle"]:
            problems.append(f"bundle image {bundle.get('image')!r}, not {images['bundle']}")
        package = next((p.get("value") for p in bundle.get("properties") or []
                        if p.get("type") == "olm.package"), {})
        if package != {"packageName": PACKAGE, "version": version}:
            problems.append(f"olm.package property {package}")
        catalog_related = sorted((r.get("name"), r.get("image")) for r in bundle.get("relatedImages") or [])
        wanted = sorted(wanted_related + [("", images["bundle"])])
        if catalog_related != wanted:
            problems.append(f"relatedImages {catalog_related}, not {wanted}")
    entries = [e.get("name") for c in channels for e in c.get("entries") or []]
    if entries != [name]:
        problems.append(f"channel entries {entries}, not [{name}]")
    ctx.report.check(f"{CATALOG_FILE}: the bundle image, relatedImages, olm.package version and channel "
                      "entry agree with images.env", problems)

    # byte for byte what make bundle writes
    try:
        files = generator.generate(ctx.root, version, registry)
    except Exception as error:  # noqa: BLE001 - any failure of the generator is a failed check
        ctx.report.check("scripts/bundle.py generates the bundle", f"{type(error).__name__}: {error}")
        return
    problems = []
    for path, content in sorted(files.items()):
        target = ctx.root / path
        if not target.is_file():
            problems.append(f"{path} is missing")
        elif target.read_bytes() != content:
            problems.append(f"{path} differs")
    for directory in generator.OWNED_DIRECTORIES:
        for path in sorted((ctx.root / directory).rglob("*")):
            relative = path.relative_to(ctx.root).as_posix()
            if path.is_file() and relative not in files:
                problems.append(f"{relative} is not generated (stale?)")
    ctx.report.check(f"make bundle would change nothing: {len(files)} files (images.env, image references, "
                      "bundle/, catalog/, Dockerfile labels, the daemon's and operator's compiled-in version in "
                      "Sources/BuildInfo/BuildInfo.swift) are byte for byte what scripts/bundle.py "
                      "generates", [p + " (run make bundle)" for p in problems])
