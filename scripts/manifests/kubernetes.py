"""2. Every object of a built-in kind against the Kubernetes 1.32 schemas (kubernetes-validate, strict)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import kubernetes_validate

from .constants import (BOND_CNI_DIR, CSV_FILE, CUSTOM_KINDS, DAEMON_DIR, KUBERNETES_VERSION,
                        OPENSHIFT_DIR, PROMETHEUS_DIR)
from .loading import describe, get
from .report import Report

if TYPE_CHECKING:
    from .context import Checker


def validate_builtin(report: Report, obj: dict, source: str) -> None:
    key = (obj.get("apiVersion"), obj.get("kind"))
    name = f"{source}: {describe(obj)} is valid Kubernetes {KUBERNETES_VERSION} (strict)"
    if key in CUSTOM_KINDS:
        report.skip(f"{source}: {describe(obj)} against the Kubernetes schemas",
                    f"not a built-in kind, see {CUSTOM_KINDS[key]}")
        return
    try:
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as error:
        where = ".".join(str(p) for p in error.path)
        report.check(name, f"{where or '(top)'}: {error.message}")
        return
    except kubernetes_validate.SchemaNotFoundError as error:
        report.check(name, f"{error.message} (a typo in apiVersion or kind?)")
        return
    report.check(name, None)


def kubernetes_schemas(ctx: Checker) -> None:
    seen: set[str] = set()
    for directory in ("config/default", "config/certmanager", "config/samples", DAEMON_DIR, BOND_CNI_DIR,
                      OPENSHIFT_DIR, PROMETHEUS_DIR):
        for obj in ctx.builds.get(directory, []):
            key = json.dumps(obj, sort_keys=True)
            if key in seen:
                continue
            seen.add(key)
            validate_builtin(ctx.report, obj, directory)
    for source, obj in ctx.bundle:
        validate_builtin(ctx.report, obj, source)
    if ctx.csv:
        for source, obj in csv_embedded_objects(ctx):
            validate_builtin(ctx.report, obj, source)
    for directory in ("config/samples",):
        for obj in ctx.builds.get(directory, []):
            # A custom resource's metadata is an ObjectMeta: check it as a ConfigMap's.
            wrapper = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": obj.get("metadata")}
            try:
                kubernetes_validate.validate(wrapper, KUBERNETES_VERSION, strict=True)
                problem = None
            except kubernetes_validate.ValidationError as error:
                problem = f"{'.'.join(str(p) for p in error.path)}: {error.message}"
            ctx.report.check(f"{directory}: {describe(obj)} has valid metadata", problem)


def csv_embedded_objects(ctx: Checker) -> list[tuple[str, dict]]:
    csv = ctx.csv or {}
    source = CSV_FILE
    objects = []
    install = get(csv, "spec", "install", "spec", default={})
    for deployment in install.get("deployments") or []:
        objects.append((f"{source} deployments", {
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": deployment.get("name"), "labels": deployment.get("label") or {}},
            "spec": deployment.get("spec")}))
    for index, permission in enumerate(install.get("clusterPermissions") or []):
        objects.append((f"{source} clusterPermissions", {
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
            "metadata": {"name": f"cluster-permissions-{index}"}, "rules": permission.get("rules")}))
    for index, permission in enumerate(install.get("permissions") or []):
        objects.append((f"{source} permissions", {
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
            "metadata": {"name": f"permissions-{index}", "namespace": "placeholder"},
            "rules": permission.get("rules")}))
    webhooks = []
    for definition in get(csv, "spec", "webhookdefinitions", default=[]) or []:
        if definition.get("type") != "ValidatingAdmissionWebhook":
            continue
        webhooks.append({
            "name": definition.get("generateName"),
            "admissionReviewVersions": definition.get("admissionReviewVersions"),
            "clientConfig": {"service": {"name": "placeholder", "namespace": "placeholder",
                                         "path": definition.get("webhookPath"),
                                         "port": definition.get("containerPort")}},
            **{k: definition[k] for k in ("rules", "failurePolicy", "sideEffects", "timeoutSeconds",
                                          "matchPolicy", "objectSelector") if k in definition}})
    if webhooks:
        objects.append((f"{source} webhookdefinitions", {
            "apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration",
            "metadata": {"name": "webhookdefinitions"}, "webhooks": webhooks}))
    template = get(csv, "metadata", "annotations", "operatorframework.io/suggested-namespace-template")
    if template:
        try:
            objects.append((f"{source} suggested-namespace-template", json.loads(template)))
        except json.JSONDecodeError as error:
            ctx.report.check("the CSV's suggested-namespace-template is JSON", str(error))
    return objects
