"""5b and 7. The bundle's metadata and Dockerfile, the CSV's console fields, the operand's RBAC in the bundle."""

from __future__ import annotations

import base64
import re
from typing import TYPE_CHECKING

from .constants import (ANNOTATIONS_FILE, CHANNEL, DOCKERFILE, FEATURE_ANNOTATIONS, OPERAND_ACCOUNT,
                        OPERAND_ROLE, OPERATOR_NAMESPACE, PACKAGE)
from .loading import describe, differences, get, one
from .rbac import bound_rules, rule_triples

if TYPE_CHECKING:
    from .context import Checker


def bundle_metadata(ctx: Checker) -> None:
    annotations = get(ctx.annotations, "annotations")
    if not isinstance(annotations, dict):
        ctx.report.check(f"{ANNOTATIONS_FILE} has an annotations map", "missing")
        return
    prefix = "operators.operatorframework.io.bundle."
    expected = {f"{prefix}mediatype.v1": "registry+v1", f"{prefix}manifests.v1": "manifests/",
                f"{prefix}metadata.v1": "metadata/", f"{prefix}package.v1": PACKAGE,
                f"{prefix}channels.v1": CHANNEL, f"{prefix}channel.default.v1": CHANNEL}
    problems = [f"{k} is {annotations.get(k)!r}, not {v!r}" for k, v in expected.items()
                if annotations.get(k) != v]
    channels = str(annotations.get(f"{prefix}channels.v1", "")).split(",")
    if annotations.get(f"{prefix}channel.default.v1") not in channels:
        problems.append("the default channel is not one of the channels")
    ctx.report.check(f"{ANNOTATIONS_FILE}: registry+v1, package {PACKAGE}, channel {CHANNEL} (default)",
                      problems)
    try:
        dockerfile = (ctx.root / DOCKERFILE).read_text()
    except OSError as error:
        ctx.report.check(f"{DOCKERFILE} is there", str(error))
        return
    labels: dict[str, str] = {}
    copies: list[tuple[str, str]] = []
    instructions = re.sub(r"\\\n", " ", dockerfile)
    for line in instructions.splitlines():
        line = line.strip()
        if line.upper().startswith("LABEL "):
            for key, value in re.findall(r'([^\s=]+)=("[^"]*"|\S+)', line[6:]):
                labels[key] = value.strip('"')
        elif line.upper().startswith("COPY "):
            parts = line.split()[1:]
            if len(parts) == 2:
                copies.append((parts[0].rstrip("/"), parts[1]))
    problems = differences({k: v for k, v in labels.items() if k.startswith(prefix)},
                           {k: v for k, v in annotations.items() if k.startswith(prefix)},
                           "", (DOCKERFILE, ANNOTATIONS_FILE))
    for directory, key in (("manifests", "manifests.v1"), ("metadata", "metadata.v1")):
        wanted = (f"bundle/{directory}", f"/{annotations.get(prefix + key, '')}")
        if wanted not in copies:
            problems.append(f"no COPY {wanted[0]} {wanted[1]}")
    if not re.search(r"^FROM\s+scratch\s*$", dockerfile, re.MULTILINE):
        problems.append("the bundle image is not FROM scratch")
    ctx.report.check(f"{DOCKERFILE}: labels equal {ANNOTATIONS_FILE}, COPY puts manifests/ and metadata/ "
                      "where they say", problems)


def console_checks(ctx: Checker) -> None:
    csv = ctx.csv
    if not csv:
        return
    spec = csv.get("spec") or {}
    annotations = get(csv, "metadata", "annotations", default={}) or {}
    problems = []
    for key in ("capabilities", "categories", "description", "containerImage", "repository"):
        if not annotations.get(key):
            problems.append(f"no {key} annotation")
    if ctx.source_url and annotations.get("repository") != ctx.source_url:
        problems.append(f"repository {annotations.get('repository')!r} is not SOURCE_URL {ctx.source_url}")
    if "createdAt" in annotations:
        problems.append("createdAt is set (it changes on every make bundle)")
    problems += [f"{k} is {annotations.get(k)!r}, not {v!r}" for k, v in FEATURE_ANNOTATIONS.items()
                 if annotations.get(k) != v]
    ctx.report.check("CSV: capabilities, categories, description, repository (SOURCE_URL), no createdAt, "
                      "and the features.operators.openshift.io annotations", problems)
    problems = []
    icons = spec.get("icon") or []
    if len(icons) != 1 or icons[0].get("mediatype") != "image/svg+xml":
        problems.append("not one image/svg+xml icon")
    else:
        try:
            svg = base64.b64decode(icons[0].get("base64data", ""), validate=True)
            if b"<svg" not in svg[:200]:
                problems.append("the icon is not an SVG document")
            icon_file = ctx.root / "config/manifests/icon.svg"
            if icon_file.is_file() and icon_file.read_bytes() != svg:
                problems.append("the icon is not config/manifests/icon.svg")
        except ValueError as error:
            problems.append(f"the icon is not base64: {error}")
    links = {link.get("url") for link in spec.get("links") or []}
    if ctx.source_url and ctx.source_url not in links:
        problems.append("no link to SOURCE_URL")
    if not any("bond-cni" in str(url) for url in links):
        problems.append("no Bond CNI link")
    for maintainer in spec.get("maintainers") or [{}]:
        if not maintainer.get("name") or "@" not in str(maintainer.get("email", "")):
            problems.append(f"maintainer {maintainer} lacks a name or an email")
    if not get(spec, "provider", "name"):
        problems.append("no provider name")
    for field in ("displayName", "description", "keywords"):
        if not spec.get(field):
            problems.append(f"no {field}")
    ctx.report.check("CSV: an SVG icon, links (source, Bond CNI), maintainers with email, provider, "
                      "display name, description, keywords", problems)


def operand_bundle_checks(ctx: Checker) -> None:
    objects = [o for _, o in ctx.bundle]
    problems = []
    try:
        account = one(objects, "ServiceAccount", OPERAND_ACCOUNT)
        role = one(objects, "Role", OPERAND_ROLE)
        binding = one(objects, "RoleBinding", OPERAND_ROLE)
    except LookupError as error:
        ctx.report.check("bundle/manifests: the operand's ServiceAccount, Role and RoleBinding", str(error))
        return
    for obj in (account, role, binding):
        if get(obj, "metadata", "namespace"):
            problems.append(f"{describe(obj)} has a namespace (OLM puts it in the install namespace)")
    wanted_rules = {("security.openshift.io", "securitycontextconstraints", "privileged", "use")}
    if rule_triples(role.get("rules") or []) != wanted_rules:
        problems.append(f"the Role grants {sorted(rule_triples(role.get('rules') or []))}, not use of the "
                        "privileged SCC only")
    if binding.get("roleRef") != {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": OPERAND_ROLE}:
        problems.append(f"the RoleBinding refers to {binding.get('roleRef')}")
    subjects = binding.get("subjects") or []
    if [(s.get("kind"), s.get("name"), s.get("namespace")) for s in subjects] != [
            ("ServiceAccount", OPERAND_ACCOUNT, None)]:
        problems.append(f"the RoleBinding's subjects are {subjects}, not the ServiceAccount {OPERAND_ACCOUNT} "
                        "of its own namespace")
    settings = ctx.root / "Sources/OperatorCore/OperatorSettings.swift"
    if settings.is_file():
        match = re.search(r'defaultServiceAccountName\s*=\s*"([^"]+)"', settings.read_text())
        if not match or match.group(1) != OPERAND_ACCOUNT:
            problems.append(f"the operator's default daemon ServiceAccount is "
                            f"{match.group(1) if match else 'unknown'}, not {OPERAND_ACCOUNT}")
    ctx.report.check(f"bundle/manifests: ServiceAccount {OPERAND_ACCOUNT} (the operator's daemon account), "
                      f"Role {OPERAND_ROLE} (use of SCC privileged) and the RoleBinding between them",
                      problems)
    default = ctx.builds.get("config/default") or []
    rules, problems = bound_rules(default, "RoleBinding", OPERAND_ACCOUNT, OPERATOR_NAMESPACE)
    if rule_triples(rules) != wanted_rules:
        problems.append(f"config/default binds {sorted(rule_triples(rules))} to {OPERAND_ACCOUNT}")
    ctx.report.check(f"config/default: {OPERAND_ACCOUNT} may use the privileged SCC through "
                      f"{OPERAND_ROLE}, in {OPERATOR_NAMESPACE}", problems)
